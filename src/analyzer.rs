//! The text analyzer of titles and bodies, used for indexing, queries and
//! highlighting alike so the three always agree on what a word is.
//!
//! It is Tantivy's `en_stem` chain (simple tokenizer, tokens over 40 bytes
//! dropped, lower-casing, Snowball English stemming) with two changes:
//! accents are folded before stemming (`Zürich` and `Zurich`, `Nestlé` and
//! `Nestle` are one term; the stored text keeps its accents for display),
//! and the stemmer remembers its answers. Word frequencies in news follow Zipf's
//! law, so a few thousand forms make up most tokens, and stemming every
//! occurrence again was about a sixth of indexing CPU. The cache lives in
//! each analyzer instance (one per Tantivy indexing thread and field), so it
//! needs no lock; it is emptied when it reaches [`STEM_CACHE_ENTRIES`].
//!
//! Articles detected ([`crate::language`]) as written in another language
//! Snowball can stem ([`STEMMED_LANGUAGES`]) are also indexed with that
//! language's stemmer, in the fields `title_stem` and `body_stem`, by
//! [`stemmed_analyzer`]: the same splitting and lower-casing, then the
//! article's language's stemmer and accent folding, each term tagged with the
//! language (`fr:election`) so the languages never share a term. The text
//! given to those fields starts with the language tag ([`tagged`]).

use std::borrow::Cow;
use std::collections::HashMap;

use compact_str::CompactString;
use foldhash::fast::RandomState;
use tantivy::tokenizer::{
    AsciiFoldingFilter, BoxTokenStream, LowerCaser, RawTokenizer, RemoveLongFilter,
    SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Name under which the analyzer is registered in every index.
pub const TEXT_ANALYZER: &str = "news_en";

/// Name under which [`words_analyzer`] is registered in every index.
pub const WORDS_ANALYZER: &str = "news_words";

/// Name under which [`stemmed_analyzer`] is registered in every index.
pub const STEMMED_ANALYZER: &str = "news_stem";

/// Separates the language tag from the text given to [`stemmed_analyzer`]
/// (a control character, never part of a word).
pub const TAG_END: char = '\u{1F}';

/// Separates the language from the stem in the terms of
/// [`stemmed_analyzer`] (`fr:election`): never part of a token.
pub const TERM_TAG_END: char = ':';

/// The languages other than English whose articles are also indexed with
/// their own Snowball stemmer, as the ISO 639-1 codes [`crate::language::detect`]
/// gives: Arabic, Danish, Dutch, Finnish, French, German, Greek, Hungarian,
/// Italian, Norwegian (Bokmål `nb`, Nynorsk `nn` and `no`), Portuguese,
/// Romanian, Russian, Spanish, Swedish, Tamil and Turkish (the languages
/// Tantivy's own stemmer supports).
pub const STEMMED_LANGUAGES: [&str; 19] = [
    "ar", "da", "nl", "fi", "fr", "de", "el", "hu", "it", "nb", "nn", "no", "pt", "ro", "ru", "es",
    "sv", "ta", "tr",
];

/// The Snowball algorithm of a language of [`STEMMED_LANGUAGES`].
pub(crate) fn algorithm(code: &str) -> Option<frostem::Algorithm> {
    use frostem::Algorithm::*;
    Some(match code {
        "ar" => Arabic,
        "da" => Danish,
        "nl" => Dutch,
        "fi" => Finnish,
        "fr" => French,
        "de" => German,
        "el" => Greek,
        "hu" => Hungarian,
        "it" => Italian,
        "nb" | "nn" | "no" => Norwegian,
        "pt" => Portuguese,
        "ro" => Romanian,
        "ru" => Russian,
        "es" => Spanish,
        "sv" => Swedish,
        "ta" => Tamil,
        "tr" => Turkish,
        _ => return None,
    })
}

/// Whether articles in `code` (ISO 639-1) are indexed with their own
/// stemmer as well ([`STEMMED_LANGUAGES`]).
pub fn is_stemmed(code: &str) -> bool {
    STEMMED_LANGUAGES.contains(&code)
}

/// `text` tagged with its language for [`stemmed_analyzer`]
/// (`fr` + [`TAG_END`] + text).
pub fn tagged(code: &str, text: &str) -> String {
    let mut out = String::with_capacity(code.len() + TAG_END.len_utf8() + text.len());
    out.push_str(code);
    out.push(TAG_END);
    out.push_str(text);
    out
}

/// The language tag of the term `fr:election` and the stem: `("fr", "election")`.
pub fn split_term(term: &str) -> Option<(&str, &str)> {
    term.split_once(TERM_TAG_END)
}

/// Tokens longer than this many bytes are dropped (as in `en_stem`).
pub const MAX_TOKEN_BYTES: usize = 40;

/// Stems remembered per analyzer instance before the cache starts over:
/// Reuters-21578 has about 40,000 distinct lower-cased words, so this holds
/// a news corpus's working vocabulary in a few MiB.
pub const STEM_CACHE_ENTRIES: usize = 100_000;

/// The analyzer: simple tokenizer, long-token filter, lower-caser, ASCII
/// folding, cached English stemmer. Produces exactly the tokens of
/// Tantivy's `en_stem` with `AsciiFoldingFilter` before the stemmer.
pub fn text_analyzer() -> TextAnalyzer {
    analyzer_with(frostem::Algorithm::English)
}

/// The analyzer of one language of [`STEMMED_LANGUAGES`]: as
/// [`text_analyzer`], with that language's stemmer before the accent
/// folding (`None` for another language). Its terms are untagged.
pub fn language_analyzer(code: &str) -> Option<TextAnalyzer> {
    algorithm(code).map(analyzer_with)
}

/// English folds accents before stemming (its stemmer knows none); the
/// other languages' stemmers read their accents (Spanish `elegirán`,
/// French `votée`, Portuguese `eleições` end in accented suffixes), so
/// their stems are folded after: `élections`, `election` and `elections`
/// still meet at `elect`.
fn analyzer_with(algorithm: frostem::Algorithm) -> TextAnalyzer {
    let lower = TextAnalyzer::builder(PossessiveTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser);
    if algorithm == frostem::Algorithm::English {
        lower
            .filter(AsciiFoldingFilter)
            .filter(CachedStemmer::new(algorithm))
            .build()
    } else {
        lower
            .filter(CachedStemmer::new(algorithm))
            .filter(AsciiFoldingFilter)
            .build()
    }
}

/// The analyzer of the `title_stem` and `body_stem` fields: text tagged
/// with its language ([`tagged`]) is analysed by that language's
/// [`language_analyzer`] and every term is tagged (`fr:election`); text
/// without a tag of [`STEMMED_LANGUAGES`] gives no terms. Offsets are
/// those of the text after the tag.
pub fn stemmed_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(StemmedTokenizer::default())
}

/// The tokenizer of [`stemmed_analyzer`]: one analyzer per language, each
/// with its own stem cache.
#[derive(Clone)]
pub struct StemmedTokenizer {
    analyzers: Vec<(&'static str, TextAnalyzer)>,
}

impl Default for StemmedTokenizer {
    fn default() -> Self {
        StemmedTokenizer {
            analyzers: STEMMED_LANGUAGES
                .iter()
                .filter_map(|code| Some((*code, language_analyzer(code)?)))
                .collect(),
        }
    }
}

impl Tokenizer for StemmedTokenizer {
    type TokenStream<'a> = StemmedStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> StemmedStream<'a> {
        let found = text
            .split_once(TAG_END)
            .filter(|(code, _)| code.len() <= 3)
            .and_then(|(code, rest)| {
                let analyzer = self.analyzers.iter_mut().find(|(c, _)| *c == code)?;
                Some((analyzer, text.len() - rest.len(), rest))
            });
        match found {
            Some(((code, analyzer), shift, rest)) => StemmedStream {
                inner: Some(analyzer.token_stream(rest)),
                code,
                shift,
                token: Token::default(),
            },
            None => StemmedStream {
                inner: None,
                code: "",
                shift: 0,
                token: Token::default(),
            },
        }
    }
}

/// The token stream of [`StemmedTokenizer`].
pub struct StemmedStream<'a> {
    inner: Option<BoxTokenStream<'a>>,
    code: &'static str,
    shift: usize,
    token: Token,
}

impl TokenStream for StemmedStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(inner) = self.inner.as_mut() else {
            return false;
        };
        if !inner.advance() {
            return false;
        }
        let from = inner.token();
        let token = &mut self.token;
        token.text.clear();
        token.text.push_str(self.code);
        token.text.push(TERM_TAG_END);
        token.text.push_str(&from.text);
        token.offset_from = from.offset_from + self.shift;
        token.offset_to = from.offset_to + self.shift;
        token.position = from.position;
        token.position_length = from.position_length;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Tantivy's simple tokenizer (words are runs of letters and digits)
/// without the `s` of a possessive or contraction: an `s` right after an
/// apostrophe (`'` or `’`) that follows a word is dropped, and positions
/// count the words kept, so `Sainsbury's shares` is `Sainsbury shares`
/// (phrases included) and `Wenger's` finds `Wenger`. Without it `'s`
/// was a word, and a query `Sainsbury's` was the phrase `sainsbury s`,
/// missing every article without the possessive.
#[derive(Clone, Default)]
pub struct PossessiveTokenizer {
    inner: SimpleTokenizer,
}

impl Tokenizer for PossessiveTokenizer {
    type TokenStream<'a> = PossessiveStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PossessiveStream<'a> {
        PossessiveStream {
            text,
            inner: self.inner.token_stream(text),
            previous_end: None,
            kept: 0,
        }
    }
}

/// The token stream of [`PossessiveTokenizer`].
pub struct PossessiveStream<'a> {
    text: &'a str,
    inner: tantivy::tokenizer::SimpleTokenStream<'a>,
    /// Where the last word read ended.
    previous_end: Option<usize>,
    /// Words kept so far: the next one's position.
    kept: usize,
}

impl PossessiveStream<'_> {
    /// Whether the current token is the `s` of `word's` / `word’s`.
    fn is_possessive_s(&self) -> bool {
        let token = self.inner.token();
        let Some(end) = self.previous_end else {
            return false;
        };
        matches!(token.text.as_str(), "s" | "S")
            && matches!(
                self.text.get(end..token.offset_from),
                Some("'" | "\u{2019}")
            )
    }
}

impl TokenStream for PossessiveStream<'_> {
    fn advance(&mut self) -> bool {
        while self.inner.advance() {
            let possessive = self.is_possessive_s();
            self.previous_end = Some(self.inner.token().offset_to);
            if !possessive {
                self.inner.token_mut().position = self.kept;
                self.kept += 1;
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

/// A word lower-cased and accent-folded as the analyzer does before
/// stemming (`Zür` → `zur`), for matching prefixes against terms.
pub(crate) fn fold(word: &str) -> String {
    let mut folder = TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let mut stream = folder.token_stream(word);
    stream
        .next()
        .map_or_else(|| word.to_lowercase(), |token| token.text.clone())
}

/// Register [`text_analyzer`] under [`TEXT_ANALYZER`] and
/// [`stemmed_analyzer`] under [`STEMMED_ANALYZER`] in `index`.
pub(crate) fn register(index: &tantivy::Index) {
    index.tokenizers().register(TEXT_ANALYZER, text_analyzer());
    index
        .tokenizers()
        .register(STEMMED_ANALYZER, stemmed_analyzer());
    index
        .tokenizers()
        .register(WORDS_ANALYZER, words_analyzer());
}

/// The analyzer of the `words` field: [`text_analyzer`]'s words before
/// stemming, keeping only names (words written with a capital) the
/// English stemmer changes (`Ljubicic`, whose stem is `ljubic`): the
/// others are in the title and body dictionaries as they are, so
/// typo-tolerant search finds every name as written in one dictionary or
/// the other.
pub fn words_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(PossessiveTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StemChangedFilter)
        .build()
}

/// Keeps the tokens the English stemmer would change ([`words_analyzer`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct StemChangedFilter;

impl TokenFilter for StemChangedFilter {
    type Tokenizer<T: Tokenizer> = StemChangedTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemChangedTokenizer<T> {
        StemChangedTokenizer {
            inner: tokenizer,
            cache: StemCache::default(),
        }
    }
}

/// The tokenizer [`StemChangedFilter`] wraps around its input tokenizer.
pub struct StemChangedTokenizer<T> {
    inner: T,
    cache: StemCache,
}

impl<T: Clone> Clone for StemChangedTokenizer<T> {
    fn clone(&self) -> Self {
        StemChangedTokenizer {
            inner: self.inner.clone(),
            cache: StemCache::default(),
        }
    }
}

impl<T: Tokenizer> Tokenizer for StemChangedTokenizer<T> {
    type TokenStream<'a> = StemChangedStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemChangedStream {
            tail: self.inner.token_stream(text),
            text,
            cache: &mut self.cache,
            stem: String::new(),
        }
    }
}

/// The token stream of [`StemChangedTokenizer`].
pub struct StemChangedStream<'a, T> {
    tail: T,
    /// The text tokenised, to see how a word was written.
    text: &'a str,
    cache: &'a mut StemCache,
    stem: String,
}

impl<T: TokenStream> TokenStream for StemChangedStream<'_, T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let token = self.tail.token();
            // Names only (written with a capital): the typos people make
            // in names are what stemming moves apart (`Ljubicik`,
            // `ljubicic` -> `ljubic`); every inflected common word would
            // cost a fifth more indexing time and memory for little gain.
            let capitalised = self.text[token.offset_from..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            if !capitalised {
                continue;
            }
            let word = &token.text;
            self.stem.clear();
            self.stem.push_str(word);
            self.cache.stem_in_place(&mut self.stem);
            if self.stem != *word {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Snowball stemming (English by default) with a per-instance memo of the stems.
#[derive(Clone, Copy, Debug)]
pub struct CachedStemmer {
    algorithm: frostem::Algorithm,
}

impl Default for CachedStemmer {
    fn default() -> Self {
        CachedStemmer::new(frostem::Algorithm::English)
    }
}

impl CachedStemmer {
    /// A stemmer with the Snowball `algorithm`.
    pub fn new(algorithm: frostem::Algorithm) -> CachedStemmer {
        CachedStemmer { algorithm }
    }
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            cache: StemCache::new(self.algorithm),
        }
    }
}

/// The tokenizer [`CachedStemmer`] wraps around its input tokenizer.
pub struct CachedStemmerFilter<T> {
    inner: T,
    cache: StemCache,
}

impl<T: Clone> Clone for CachedStemmerFilter<T> {
    /// A clone starts with an empty cache: clones are made per indexing
    /// thread and per query, and copying a full cache would cost more than
    /// it saves.
    fn clone(&self) -> Self {
        CachedStemmerFilter {
            inner: self.inner.clone(),
            cache: StemCache::new(self.cache.algorithm),
        }
    }
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            cache: &mut self.cache,
        }
    }
}

/// The token stream of [`CachedStemmerFilter`].
pub struct CachedStemmerStream<'a, T> {
    tail: T,
    cache: &'a mut StemCache,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        self.cache.stem_in_place(&mut token.text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Word → stem; unchanged words map to an empty stem. Words and stems up
/// to 24 bytes (nearly all) are kept inline in the table, so a lookup
/// compares bytes already in cache instead of following a pointer.
struct StemCache {
    algorithm: frostem::Algorithm,
    stemmer: frostem::Stemmer,
    stems: HashMap<CompactString, CompactString, RandomState>,
}

impl Default for StemCache {
    fn default() -> Self {
        StemCache::new(frostem::Algorithm::English)
    }
}

impl StemCache {
    fn new(algorithm: frostem::Algorithm) -> StemCache {
        StemCache {
            algorithm,
            stemmer: frostem::Stemmer::new(algorithm),
            stems: HashMap::default(),
        }
    }

    /// Replace `word` by its stem.
    fn stem_in_place(&mut self, word: &mut String) {
        if self.algorithm == frostem::Algorithm::English && keeps_in_english(word) {
            return;
        }
        if let Some(stem) = self.stems.get(word.as_str()) {
            if !stem.is_empty() {
                word.clear();
                word.push_str(stem);
            }
            return;
        }
        let stem = match self.stemmer.stem(word) {
            Cow::Borrowed(same) if same == word.as_str() => CompactString::default(),
            other => CompactString::from(other),
        };
        if self.stems.len() >= STEM_CACHE_ENTRIES {
            self.stems.clear();
        }
        self.stems.insert(word.as_str().into(), stem.clone());
        if !stem.is_empty() {
            word.clear();
            word.push_str(&stem);
        }
    }
}

/// Words the English stemmer returns unchanged whatever they are, so they
/// need no cache look-up: ASCII words of one or two letters (Porter2
/// leaves them as they are) and numbers (all its rules end in letters).
/// In news they are about a third of the tokens (`of`, `a`, `to`, `1987`).
fn keeps_in_english(word: &str) -> bool {
    let bytes = word.as_bytes();
    (bytes.len() <= 2 && bytes.iter().all(u8::is_ascii_alphanumeric))
        || bytes.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::TokenizerManager;

    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push((
                token.text.clone(),
                token.position,
                token.offset_from,
                token.offset_to,
            ));
        }
        out
    }

    /// Tantivy's `en_stem` chain with its ASCII folding filter before the stemmer.
    fn en_stem_folded() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(tantivy::tokenizer::Stemmer::new(
                tantivy::tokenizer::Language::English,
            ))
            .build()
    }

    #[test]
    fn same_tokens_as_tantivy_en_stem_folded_cached_or_not() {
        let text = "Shares of Gazprom rallied; analysts said the rallies were \
                    overdone. Shares RALLIED again — régions, naïve, 1,200 stg, \
                    generously generous generalisations, Zürich, Nestlé, Société \
                    Générale, Москва и Париж";
        let mut ours = text_analyzer();
        let mut theirs = en_stem_folded();
        let expected = tokens(&mut theirs, text);
        assert!(expected.iter().any(|(t, ..)| t == "ralli"));
        // Without folding the accented words differ: the comparison has teeth.
        let unfolded = tokens(
            &mut TokenizerManager::default().get("en_stem").unwrap(),
            text,
        );
        assert_ne!(unfolded, expected);
        // First pass fills the cache, the second answers from it.
        assert_eq!(tokens(&mut ours, text), expected);
        assert_eq!(tokens(&mut ours, text), expected);
    }

    #[test]
    fn accents_fold_other_scripts_stay() {
        let mut ours = text_analyzer();
        let words = |a: &mut TextAnalyzer, text: &str| -> Vec<String> {
            tokens(a, text).into_iter().map(|(t, ..)| t).collect()
        };
        assert_eq!(words(&mut ours, "Zürich"), words(&mut ours, "Zurich"));
        assert_eq!(words(&mut ours, "Nestlé"), ["nestl"]);
        assert_eq!(
            words(&mut ours, "Société Générale"),
            words(&mut ours, "Societe Generale")
        );
        // Offsets still point at the accented original.
        let zurich = tokens(&mut ours, "in Zürich")[1].clone();
        assert_eq!(&"in Zürich"[zurich.2..zurich.3], "Zürich");
        assert_eq!(words(&mut ours, "Москва 東京"), ["москва", "東京"]);
        assert_eq!(fold("Zür"), "zur");
    }

    #[test]
    fn a_word_the_stemmer_keeps_is_cached_as_unchanged() {
        let mut cache = StemCache::default();
        for _ in 0..2 {
            let mut word = String::from("oil");
            cache.stem_in_place(&mut word);
            assert_eq!(word, "oil");
            let mut word = String::from("prices");
            cache.stem_in_place(&mut word);
            assert_eq!(word, "price");
        }
        assert_eq!(cache.stems.get("oil").map(|s| s.is_empty()), Some(true));
        assert_eq!(cache.stems.len(), 2);
    }

    /// The words [`StemCache`] passes by unstemmed are indeed ones the
    /// English stemmer keeps: every ASCII word of one or two letters, and
    /// numbers; words with other characters still go to the stemmer.
    #[test]
    fn short_words_and_numbers_are_what_the_english_stemmer_keeps() {
        let stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
        let letters: Vec<char> = ('a'..='z').chain(['\'', 'é', 'ü', 'я']).collect();
        let mut words: Vec<String> = letters.iter().map(char::to_string).collect();
        for a in &letters {
            for b in &letters {
                words.push(format!("{a}{b}"));
            }
        }
        words.extend(["1987", "000", "15", "2004", "7"].map(String::from));
        let mut checked = 0;
        for word in &words {
            if keeps_in_english(word) {
                assert_eq!(stemmer.stem(word), word.as_str(), "{word}");
                checked += 1;
            }
        }
        assert_eq!(checked, 26 + 26 * 26 + 5);
        assert!(!keeps_in_english("its") && !keeps_in_english("1980s"));
        assert!(!keeps_in_english("'s") && !keeps_in_english("é"));
        let mut cache = StemCache::default();
        let mut word = String::from("as");
        cache.stem_in_place(&mut word);
        assert_eq!((word.as_str(), cache.stems.len()), ("as", 0));
    }

    #[test]
    fn a_full_cache_starts_over() {
        let mut cache = StemCache::default();
        let stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
        for i in 0..STEM_CACHE_ENTRIES + 10 {
            let original = format!("trading{i}ed");
            let mut word = original.clone();
            cache.stem_in_place(&mut word);
            assert_eq!(word, stemmer.stem(&original));
        }
        assert!(cache.stems.len() <= 10 + 1);
    }

    #[test]
    fn each_language_has_its_stemmer() {
        for code in STEMMED_LANGUAGES {
            assert!(is_stemmed(code) && algorithm(code).is_some(), "{code}");
        }
        assert!(!is_stemmed("en") && language_analyzer("en").is_none());
        assert!(!is_stemmed("pl") && language_analyzer("xx").is_none());
        let words = |code: &str, text: &str| -> Vec<String> {
            let mut analyzer = language_analyzer(code).unwrap();
            tokens(&mut analyzer, text)
                .into_iter()
                .map(|(t, ..)| t)
                .collect()
        };
        // Each language joins its own inflections, accents folded first.
        assert_eq!(
            words("fr", "électorales électoral ELECTORAL"),
            ["electoral"; 3]
        );
        assert_eq!(words("de", "Wahlen Wahl"), ["wahl"; 2]);
        assert_eq!(words("es", "elegirán elegir"), ["eleg"; 2]);
        // Accents are read by the stemmer, then folded: typed without
        // them a word still meets its accented form.
        assert_eq!(words("fr", "élections élection elections"), ["elect"; 3]);
        assert_eq!(words("fr", "anticipées anticipé"), ["anticip"; 2]);
        assert_eq!(words("de", "Bürger Bürgern Burger"), ["burg"; 3]);
        assert_eq!(words("ru", "выборов выборах Выборы"), ["выбор"; 3]);
        // English stemming does not join those.
        let mut english = text_analyzer();
        let english: Vec<String> = tokens(&mut english, "électorales électoral Wahlen Wahl")
            .into_iter()
            .map(|(t, ..)| t)
            .collect();
        assert_ne!(english[0], english[1]);
        assert_ne!(english[2], english[3]);
    }

    #[test]
    fn stemmed_analyzer_tags_terms_and_keeps_offsets() {
        let mut stemmed = stemmed_analyzer();
        let text = tagged("fr", "Les élections régionales");
        let found = tokens(&mut stemmed, &text);
        let mut french = language_analyzer("fr").unwrap();
        let expected = tokens(&mut french, "Les élections régionales");
        assert_eq!(found.len(), expected.len());
        for (ours, theirs) in found.iter().zip(&expected) {
            assert_eq!(ours.0, format!("fr:{}", theirs.0));
            assert_eq!(ours.1, theirs.1);
            // Offsets point into the tagged text, at the same word.
            assert_eq!(
                &text[ours.2..ours.3],
                &"Les élections régionales"[theirs.2..theirs.3]
            );
        }
        assert_eq!(split_term(&found[1].0), Some(("fr", "elect")));
        // Untagged text, English or an unknown tag: no terms.
        assert!(tokens(&mut stemmed, "Les élections").is_empty());
        assert!(tokens(&mut stemmed, &tagged("en", "the elections")).is_empty());
        assert!(tokens(&mut stemmed, &tagged("xx", "elections")).is_empty());
        // A clone analyses alike (one per indexing thread).
        let mut clone = stemmed.clone();
        assert_eq!(tokens(&mut clone, &text), found);
    }

    #[test]
    fn a_possessive_is_its_noun() {
        let mut ours = text_analyzer();
        let words = |a: &mut TextAnalyzer, text: &str| -> Vec<(String, usize)> {
            tokens(a, text)
                .into_iter()
                .map(|(t, p, ..)| (t, p))
                .collect()
        };
        let plain = words(&mut ours, "Sainsbury shares rose, Wenger said");
        assert_eq!(
            words(&mut ours, "Sainsbury's shares rose, Wenger\u{2019}s said"),
            plain
        );
        assert_eq!(words(&mut ours, "Wenger's"), words(&mut ours, "Wenger"));
        // An `s` of its own, or after other punctuation, stays a word.
        let kept: Vec<String> = words(&mut ours, "s plan 's x-s")
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(kept, ["s", "plan", "s", "x", "s"]);
        // Offsets still cover the noun alone.
        let found = tokens(&mut ours, "Blair's cabinet");
        assert_eq!(&"Blair's cabinet"[found[0].2..found[0].3], "Blair");
        assert_eq!((found[1].1, found[1].2), (1, 8));
    }

    #[test]
    fn words_keeps_the_names_stemming_changes_as_written() {
        let mut words = words_analyzer();
        let text = "Ljubicic beat Abramovich's rivals in Zürich and Stevens";
        let found: Vec<String> = tokens(&mut words, text)
            .into_iter()
            .map(|(t, ..)| t)
            .collect();
        // `beat`, `abramovich`, `in`, `zurich` stem to themselves;
        // `rivals` changes but is no name.
        assert_eq!(found, ["ljubicic", "stevens"]);
    }

    #[test]
    fn overlong_tokens_are_dropped() {
        let long = "x".repeat(MAX_TOKEN_BYTES + 1);
        let mut ours = text_analyzer();
        let found = tokens(&mut ours, &format!("short {long} words"));
        let words: Vec<&str> = found.iter().map(|(t, ..)| t.as_str()).collect();
        assert_eq!(words, ["short", "word"]);
    }
}
