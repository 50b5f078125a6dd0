//! The language of an article, detected from its text with
//! [whatlang](https://docs.rs/whatlang) (trigram profiles of 69 languages,
//! no model files) and written as an ISO 639-1 code (`en`, `fr`, `ru`).
//!
//! Detection reads a bounded prefix of the title and body
//! ([`DETECT_PREFIX_BYTES`]), so it costs the same for a long article as
//! for a short one, and counts its letters, digits and first words in one
//! pass. whatlang's trigram scoring costs far more than that pass, and on
//! terse English it errs ("Kestrel Corp said it plans to establish a plant
//! in Plymouth, England" reads as French), so it is asked only when the
//! text holds evidence of another language:
//! - text that is plainly English — words found in no other language's
//!   stop list, such as `the`, `and`, `which`, `said`, make up a large
//!   share of the first words — is English;
//! - unaccented text with no function word of another language (`het`,
//!   `und`, `les`, `que`, `yang`...) is English when it has one
//!   English-only word, and untold otherwise (a headline and a results
//!   line);
//! - accented text, other scripts, and unaccented text with such function
//!   words go to whatlang.
//!
//! A text too short to tell, a table of figures, or one whatlang is not
//! confident about (a mix of languages), has no language: such articles
//! carry no `lang` facet and match no `--lang` filter.

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
    // The text read is the title's prefix, a line break, then the body's
    // prefix; joined only for whatlang (the line break separates words, so
    // the parts are counted one after the other).
    let head = prefix(title, DETECT_PREFIX_BYTES);
    let room = DETECT_PREFIX_BYTES.saturating_sub(head.len() + 1);
    let tail = prefix(body, room);
    let stats = Stats::of_parts(&[head, tail]);
    if stats.too_few_letters() {
        return None;
    }
    if stats.plainly_english() {
        return Some("en");
    }
    if stats.words < MIN_WORDS {
        // A list of codes or names: too little prose to tell.
        return None;
    }
    if !stats.foreign_letters && stats.foreign < FOREIGN_EVIDENCE {
        // Unaccented text with no function word of another language:
        // terse English (wire headlines, "Qtly div 10 cts vs 10 cts"),
        // which whatlang reads as French, Catalan or Afrikaans about one
        // time in fifty and is unsure of half the time. English when it
        // has English-only words, else not told.
        return (stats.english >= 1).then_some("en");
    }
    let text = format!("{head}\n{tail}");
    let info = whatlang::detect(prefix(&text, WHATLANG_PREFIX_BYTES))?;
    if !info.is_reliable() {
        return None;
    }
    isolang::Language::from_639_3(info.lang().code())?.to_639_1()
}

/// Function words (written in lower case) of another language whatlang
/// knows in Latin script that this many times make unaccented text worth
/// asking whatlang about; below it, such text is English or untold.
const FOREIGN_EVIDENCE: usize = 2;

/// What detection counts in the prefix of a text, in one pass.
#[derive(Debug, Default, PartialEq)]
struct Stats {
    /// Letters (any script).
    letters: usize,
    /// ASCII digits.
    digits: usize,
    /// Whether a letter outside ASCII occurs (an accent, another script).
    foreign_letters: bool,
    /// Words of three letters or more among the first [`ENGLISH_WINDOW`].
    words: usize,
    /// How many of those are [`english_only`] words.
    english: usize,
    /// How many of those are [`foreign_only`] words.
    foreign: usize,
}

impl Stats {
    #[cfg(test)]
    fn of(text: &str) -> Stats {
        Stats::of_parts(&[text])
    }

    /// The counts of the texts `parts` joined by line breaks.
    fn of_parts(parts: &[&str]) -> Stats {
        let mut s = Stats::default();
        if parts.iter().all(|p| p.is_ascii()) {
            // The common case, in loops the compiler vectorises.
            for p in parts {
                let bytes = p.as_bytes();
                s.letters += bytes.iter().filter(|b| b.is_ascii_alphabetic()).count();
                s.digits += bytes.iter().filter(|b| b.is_ascii_digit()).count();
            }
            if s.too_few_letters() {
                return s;
            }
            let words = parts.iter().flat_map(|p| {
                p.as_bytes()
                    .split(|b| !b.is_ascii_alphabetic())
                    .filter(|w| w.len() >= 3)
            });
            for word in words.take(ENGLISH_WINDOW) {
                s.words += 1;
                s.english += usize::from(english_only(word));
                s.foreign += usize::from(foreign_only(word));
                if s.english * 12 >= ENGLISH_WINDOW && s.english >= 4 {
                    // Plainly English whatever the words left say.
                    break;
                }
            }
            return s;
        }
        for p in parts {
            s.count_unicode(p);
        }
        s
    }

    /// Adds the counts of `text` (not all ASCII) to `self`.
    fn count_unicode(&mut self, text: &str) {
        let s = self;
        let count_word = |s: &mut Stats, word: &[u8], chars: usize| {
            if chars >= 3 && s.words < ENGLISH_WINDOW {
                s.words += 1;
                s.english += usize::from(english_only(word));
                s.foreign += usize::from(foreign_only(word));
            }
        };
        let bytes = text.as_bytes();
        let mut word_start: Option<usize> = None;
        let mut word_chars = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let (alphabetic, width) = if b.is_ascii() {
                s.digits += usize::from(b.is_ascii_digit());
                (b.is_ascii_alphabetic(), 1)
            } else {
                let c = text[i..].chars().next().expect("a character starts here");
                let alphabetic = c.is_alphabetic();
                s.foreign_letters |= alphabetic;
                (alphabetic, c.len_utf8())
            };
            if alphabetic {
                s.letters += 1;
                word_chars += 1;
                word_start.get_or_insert(i);
            } else if let Some(w) = word_start.take() {
                count_word(s, &bytes[w..i], word_chars);
                word_chars = 0;
            }
            i += width;
        }
        if let Some(w) = word_start {
            count_word(s, &bytes[w..], word_chars);
        }
    }

    /// Too few letters to tell, or more digits than one for every four
    /// letters: a table of figures (results, prices) is no prose to tell a
    /// language from (whatlang reads such text as French or Catalan as
    /// often as not).
    fn too_few_letters(&self) -> bool {
        self.letters < MIN_LETTERS || self.digits * 4 > self.letters
    }

    /// Plainly English: at least 4 of the words, and at least one in
    /// twelve, are words no other language uses. Ordinary English prose
    /// runs at one in four to one in six (wire copy, with its capitalised
    /// headline and dateline, lower); a French or German text quoting an
    /// English phrase has one or two, and goes to whatlang.
    fn plainly_english(&self) -> bool {
        self.english >= 4 && self.english * 12 >= self.words
    }
}

/// Words of the English stop list that are not words of another language
/// whatlang knows in Latin script (so not `is`, `was`, `of` (Dutch), `for`
/// (Danish, Norwegian), `to` (Polish, Czech), `in`, `a`, `die`), in any
/// case.
fn english_only(word: &[u8]) -> bool {
    if word.len() > 6 || !word.is_ascii() {
        return false;
    }
    let mut lower = [0u8; 6];
    let lower = &mut lower[..word.len()];
    lower.copy_from_slice(word);
    lower.make_ascii_lowercase();
    matches!(
        &*lower,
        b"the"
            | b"and"
            | b"that"
            | b"with"
            | b"which"
            | b"said"
            | b"from"
            | b"would"
            | b"have"
            | b"has"
            | b"been"
            | b"were"
            | b"this"
            | b"their"
            | b"they"
            | b"will"
            | b"about"
            | b"there"
            | b"after"
            | b"what"
            | b"when"
            | b"could"
            | b"should"
            | b"other"
    )
}

/// Function words of Dutch, German, French, Spanish, Italian, Portuguese,
/// the Scandinavian languages, Polish, Hungarian, Turkish, Indonesian,
/// Swahili and Tagalog written without accents, in lower case, that are
/// no English words (so not `die`, `den`, `men`, `per`, `par`, `pour`,
/// `con`, `com`, `von`, `ale`).
fn foreign_only(word: &[u8]) -> bool {
    matches!(
        word,
        // Dutch
        b"het" | b"een" | b"van" | b"zijn" | b"niet" | b"voor" | b"ook" | b"maar" | b"wordt" | b"naar"
            | b"door" | b"werd" | b"deze" | b"bij" | b"hij" | b"nog"
            // German
            | b"und" | b"der" | b"das" | b"nicht" | b"ist" | b"sich" | b"auf" | b"ein" | b"eine" | b"dem"
            | b"mit" | b"wird" | b"sind" | b"auch" | b"nach" | b"bei" | b"zum" | b"zur" | b"wurde"
            | b"oder"
            // French
            | b"les" | b"des" | b"est" | b"une" | b"dans" | b"avec" | b"qui" | b"aux" | b"ont" | b"sont"
            | b"mais" | b"cette" | b"ces" | b"leur"
            // Spanish, Italian, Portuguese
            | b"los" | b"las" | b"del" | b"por" | b"una" | b"para" | b"que" | b"como" | b"pero" | b"sus"
            | b"este" | b"esta" | b"fue" | b"entre" | b"che" | b"della" | b"non" | b"sono" | b"gli"
            | b"nel" | b"dei" | b"delle" | b"alla" | b"anche" | b"questo" | b"uma" | b"dos"
            | b"pelo" | b"pela" | b"foi"
            // Catalan, Romanian, Afrikaans, Latin, Esperanto
            | b"els" | b"amb" | b"als" | b"din" | b"pentru" | b"care" | b"wat" | b"sunt" | b"quod" | b"kaj"
            | b"estas"
            // Scandinavian, Finnish, Estonian, Baltic, Slavic
            | b"och" | b"att" | b"som" | b"ikke" | b"inte" | b"det" | b"jeg" | b"fra" | b"efter" | b"oli"
            | b"ovat" | b"mutta" | b"kun" | b"see" | b"kui" | b"mis" | b"kad" | b"yra" | b"buvo" | b"bija"
            | b"nie" | b"jest" | b"oraz" | b"przez" | b"koji" | b"kao" | b"bio" | b"nije" | b"samo"
            | b"tudi" | b"kot"
            // Hungarian, Turkish, Uzbek
            | b"hogy" | b"nem" | b"egy" | b"volt" | b"bir" | b"ile" | b"olarak" | b"daha" | b"bilan"
            | b"uchun"
            // Indonesian, Malay, Javanese, Swahili, Zulu, Shona, Tagalog
            | b"yang" | b"dan" | b"dengan" | b"untuk" | b"dari" | b"ini" | b"itu" | b"tidak" | b"akan"
            | b"pada" | b"juga" | b"dalam" | b"oleh" | b"lan" | b"ing" | b"kang" | b"iku" | b"kwa"
            | b"katika" | b"kuwa" | b"ukuthi" | b"futhi" | b"kuti" | b"uye" | b"ang" | b"mga"
    )
}

/// Words of the prefix looked at for [`english_only`] and
/// [`foreign_only`] words.
const ENGLISH_WINDOW: usize = 64;

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
        assert!(Stats::of(english).plainly_english());
        let french = "Le ministre a déclaré que « the show must go on » et que la banque centrale relèverait ses taux, selon un communiqué publié jeudi à Paris par le gouvernement français.";
        assert!(!Stats::of(french).plainly_english());
        assert_eq!(detect("", french), Some("fr"));
        // Dutch shares "is", "was", "of" with English, never "the"/"and".
        let dutch = "De minister zei dat het kabinet het plan van de bank niet steunt, omdat het risico voor de spaarders te groot is en de rente nog hoger was dan vorig jaar of daarvoor.";
        assert!(!Stats::of(dutch).plainly_english());
    }

    #[test]
    fn terse_wire_english_is_not_read_as_french() {
        // whatlang reads both as French, and says it is sure.
        let cases = [
            ("KESTREL <KSTL> PLANS BRITISH PLANT", "NEWMARKET, N.H., March 12 - Kestrel Corp said it plans to establish a plant in Plymouth, England, to serve European customers."),
            ("BRINKWATER <BRW> PLANS CANADIAN PLANT", "DALLAS, April 2 - Brinkwater Inc said it plans to establish a plant in Montreal, Quebec, to serve Canadian customers."),
        ];
        for (title, body) in cases {
            assert_eq!(detect(title, body), Some("en"), "{body}");
        }
        // No English-only word and no other language's: not told.
        let terse = "Oper shr loss three cts vs profit nine cts Oper net loss vs profit Sales mln vs mln Avg shrs mln";
        assert_eq!(detect("KESTREL MILLS INC 4TH QTR LOSS", terse), None);
    }

    #[test]
    fn unaccented_text_with_foreign_function_words_goes_to_whatlang() {
        let indonesian = "Presiden mengatakan bahwa pemerintah akan membangun jalan baru untuk menghubungkan kota dengan pelabuhan dalam waktu dua tahun.";
        let stats = Stats::of(indonesian);
        assert!(
            !stats.foreign_letters && stats.foreign >= FOREIGN_EVIDENCE,
            "{stats:?}"
        );
        assert_eq!(detect("", indonesian), Some("id"));
        // Accents alone send a text to whatlang.
        assert!(Stats::of("Les électeurs").foreign_letters);
        assert!(!Stats::of("Voters in Paris, £5 and “quotes”").foreign_letters);
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
