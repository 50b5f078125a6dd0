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

use std::borrow::Cow;
use std::collections::HashMap;

use compact_str::CompactString;
use foldhash::fast::RandomState;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};

/// Name under which the analyzer is registered in every index.
pub const TEXT_ANALYZER: &str = "news_en";

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
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(CachedStemmer)
        .build()
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

/// Register [`text_analyzer`] under [`TEXT_ANALYZER`] in `index`.
pub(crate) fn register(index: &tantivy::Index) {
    index.tokenizers().register(TEXT_ANALYZER, text_analyzer());
}

/// Snowball English stemming with a per-instance memo of the stems.
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            cache: StemCache::default(),
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
            cache: StemCache::default(),
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
    stemmer: frostem::Stemmer,
    stems: HashMap<CompactString, CompactString, RandomState>,
}

impl Default for StemCache {
    fn default() -> Self {
        StemCache {
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            stems: HashMap::default(),
        }
    }
}

impl StemCache {
    /// Replace `word` by its stem.
    fn stem_in_place(&mut self, word: &mut String) {
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
    fn overlong_tokens_are_dropped() {
        let long = "x".repeat(MAX_TOKEN_BYTES + 1);
        let mut ours = text_analyzer();
        let found = tokens(&mut ours, &format!("short {long} words"));
        let words: Vec<&str> = found.iter().map(|(t, ..)| t.as_str()).collect();
        assert_eq!(words, ["short", "word"]);
    }
}
