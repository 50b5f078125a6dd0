//! The language of an article, detected from its text with
//! [whatlang](https://docs.rs/whatlang) (trigram profiles of 69 languages,
//! no model files) and written as an ISO 639-1 code (`en`, `fr`, `ru`).
//!
//! Detection reads a bounded prefix of the title and body
//! ([`DETECT_PREFIX_BYTES`]), so it costs the same for a long article as
//! for a short one. A text too short to tell, or one whatlang is not
//! confident about (a table of figures, a mix of languages), has no
//! language: such articles carry no `lang` facet and match no `--lang`
//! filter.

/// Bytes of an article's text (title, then body) that detection reads.
pub const DETECT_PREFIX_BYTES: usize = 1024;

/// Texts with fewer letters than this are not detected: a headline alone
/// is too short for a reliable guess.
pub const MIN_LETTERS: usize = 40;

/// The ISO 639-1 code of the language `title` and `body` are written in,
/// or `None` when undetermined (too short, not reliable, or a language
/// without a two-letter code).
///
/// ```
/// use newsindex::language::detect;
/// let lang = detect("Élections", "Les électeurs se rendent aux urnes dimanche pour élire les députés de la nouvelle assemblée nationale.");
/// assert_eq!(lang, Some("fr"));
/// assert_eq!(detect("Oil", "Up 2%."), None);
/// ```
pub fn detect(title: &str, body: &str) -> Option<&'static str> {
    let mut text = String::with_capacity(DETECT_PREFIX_BYTES + 1);
    text.push_str(prefix(title, DETECT_PREFIX_BYTES));
    text.push('\n');
    let room = DETECT_PREFIX_BYTES.saturating_sub(text.len());
    text.push_str(prefix(body, room));
    if text.chars().filter(|c| c.is_alphabetic()).count() < MIN_LETTERS {
        return None;
    }
    let info = whatlang::detect(&text)?;
    if !info.is_reliable() {
        return None;
    }
    isolang::Language::from_639_3(info.lang().code())?.to_639_1()
}

/// The longest prefix of `text` of at most `bytes` bytes ending on a
/// character boundary.
fn prefix(text: &str, bytes: usize) -> &str {
    if text.len() <= bytes {
        return text;
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_sentences_are_told_apart() {
        let cases = [
            ("en", "Wheat exports rise", "Egypt bought more wheat from France this year, traders in Paris said on Tuesday, as prices fell."),
            ("fr", "Les élections", "Les électeurs français ont voté dimanche lors des élections régionales, selon le ministère de l'intérieur."),
            ("de", "Wahlen in Bayern", "Die Wähler in Bayern haben am Sonntag ein neues Parlament gewählt, teilte das Innenministerium mit."),
            ("es", "Elecciones", "Los votantes españoles acudieron a las urnas el domingo para elegir a sus representantes en el parlamento."),
            ("ru", "Выборы", "В воскресенье избиратели в России голосовали на выборах в Государственную думу, сообщила избирательная комиссия."),
        ];
        for (code, title, body) in cases {
            assert_eq!(detect(title, body), Some(code), "{body}");
        }
    }

    #[test]
    fn short_texts_have_no_language() {
        assert_eq!(detect("Oil", "Up 2%."), None);
        assert_eq!(detect("", ""), None);
    }

    #[test]
    fn only_a_prefix_is_read() {
        let english = "The central bank raised interest rates again on Thursday. ".repeat(40);
        let french = "La banque centrale a relevé ses taux d'intérêt jeudi. ".repeat(40);
        assert_eq!(detect("", &format!("{english}{french}")), Some("en"));
        assert_eq!(prefix("Zürich", 2), "Z");
    }
}
