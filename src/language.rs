//! The language of an article, detected from its text with
//! [whatlang](https://docs.rs/whatlang) (trigram profiles of 69 languages,
//! no model files) and written as an ISO 639-1 code (`en`, `fr`, `ru`).
//!
//! Detection reads a bounded prefix of the title and body
//! ([`DETECT_PREFIX_BYTES`]), so it costs the same for a long article as
//! for a short one. whatlang's trigram scoring of that prefix cost about a
//! third of indexing CPU on an English wire corpus, so text that is plainly
//! English — where words found in no other language's stop list, such as
//! `the`, `and`, `which`, `said`, make up a large share of the first words
//! — is answered before whatlang runs; everything
//! else goes to whatlang. A text too short to tell, or one whatlang is not
//! confident about (a table of figures, a mix of languages), has no
//! language: such articles carry no `lang` facet and match no `--lang`
//! filter.

/// Bytes of an article's text (title, then body) that detection reads.
pub const DETECT_PREFIX_BYTES: usize = 1024;

/// Texts with fewer words of three letters or more than this in the
/// words looked at are not detected.
pub const MIN_WORDS: usize = 10;

/// Bytes of that prefix whatlang reads: its cost grows with the text, and
/// sixty-odd words are enough for it to be confident.
pub const WHATLANG_PREFIX_BYTES: usize = 384;

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
    let (letters, digits) = text.chars().fold((0, 0), |(l, d), c| {
        (
            l + usize::from(c.is_alphabetic()),
            d + usize::from(c.is_ascii_digit()),
        )
    });
    // A table of figures (results, prices) is no prose to tell a language
    // from: whatlang reads such text as French or Catalan as often as not.
    if letters < MIN_LETTERS || digits * 4 > letters {
        return None;
    }
    if is_plainly_english(&text) {
        return Some("en");
    }
    if english_share(&text).is_none_or(|(words, _)| words < MIN_WORDS) {
        // A table of figures or a list of codes: too little prose to tell
        // (whatlang reads such text as French or Catalan as often as not).
        return None;
    }
    let info = whatlang::detect(prefix(&text, WHATLANG_PREFIX_BYTES))?;
    if !info.is_reliable() {
        return None;
    }
    isolang::Language::from_639_3(info.lang().code())?.to_639_1()
}

/// Words of the English stop list that are not words of another language
/// whatlang knows in Latin script (so not `is`, `was`, `of` (Dutch), `for`
/// (Danish, Norwegian), `to` (Polish, Czech), `in`, `a`, `die`).
const ENGLISH_ONLY: [&str; 24] = [
    "the", "and", "that", "with", "which", "said", "from", "would", "have", "has", "been", "were",
    "this", "their", "they", "will", "about", "there", "after", "what", "when", "could", "should",
    "other",
];

/// Words of the prefix looked at by [`is_plainly_english`].
const ENGLISH_WINDOW: usize = 64;

/// Whether the first [`ENGLISH_WINDOW`] words (of three letters or more)
/// of `text` are plainly English: at least 4 of them, and at least one in
/// twelve, are words no other language uses. Ordinary English prose runs
/// at one in four to one in six (wire copy, with its capitalised headline
/// and dateline, lower); a French or German text quoting an English phrase
/// has one or two, and goes to whatlang.
fn is_plainly_english(text: &str) -> bool {
    english_share(text).is_some_and(|(words, english)| english >= 4 && english * 12 >= words)
}

/// Words of at least three letters among the first [`ENGLISH_WINDOW`]
/// words, and how many of them are [`ENGLISH_ONLY`] words.
fn english_share(text: &str) -> Option<(usize, usize)> {
    let mut words = 0;
    let mut english = 0;
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().nth(2).is_some())
        .take(ENGLISH_WINDOW)
    {
        words += 1;
        if word.len() <= 6 && ENGLISH_ONLY.iter().any(|e| e.eq_ignore_ascii_case(word)) {
            english += 1;
        }
    }
    Some((words, english))
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
    fn plain_english_is_answered_without_whatlang_and_quotes_are_not() {
        let english = "Egypt bought more wheat from France this year, traders said on Tuesday, and they said that prices would fall after the harvest, which has been large.";
        assert!(is_plainly_english(english));
        let french = "Le ministre a déclaré que « the show must go on » et que la banque centrale relèverait ses taux, selon un communiqué publié jeudi à Paris par le gouvernement français.";
        assert!(!is_plainly_english(french));
        assert_eq!(detect("", french), Some("fr"));
        // Dutch shares "is", "was", "of" with English, never "the"/"and".
        let dutch = "De minister zei dat het kabinet het plan van de bank niet steunt, omdat het risico voor de spaarders te groot is en de rente nog hoger was dan vorig jaar of daarvoor.";
        assert!(!is_plainly_english(dutch));
    }

    #[test]
    fn tables_of_figures_have_no_language() {
        let results = "Shr loss 28 cts vs loss 29 cts Net loss 584,100 vs loss 459,500 Sales 1,339,800 vs 1,639,800 Year Shr loss 64 cts vs loss 79 cts Net loss 1,314,700 vs loss 1,237,100";
        assert_eq!(detect("Fairmount Chemical 4th qtr loss", results), None);
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
