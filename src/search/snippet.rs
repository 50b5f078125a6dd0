//! Highlighting: which words of a title or body matched the query, and the
//! best non-overlapping passages of a body around them.
//!
//! The matched terms come from the query itself (`query_terms`), so prefix
//! and typo-tolerant words, already expanded to concrete dictionary terms,
//! are highlighted like any other. Fragments start and end on token
//! boundaries (so never inside a word) and prefer to start at a sentence.

use std::cell::RefCell;
use std::collections::HashMap;

use foldhash::fast::RandomState;

use tantivy::schema::Field;
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer};

use super::results::Snippet;
use crate::analyzer::PossessiveTokenizer;
use crate::schema::Fields;

/// Context kept before the first matched word of a fragment, in bytes.
const LEAD_CONTEXT: usize = 60;

/// Matched terms per field, with weights (rarer terms weigh more).
pub(crate) struct Highlighter {
    title: FieldTerms,
    body: FieldTerms,
    /// For each language whose stems the query matched (`title_stem`,
    /// `body_stem`): its code and terms, stemmed by its own stemmer.
    languages: Vec<(String, FieldTerms, FieldTerms)>,
}

struct FieldTerms {
    /// Terms matched on their own.
    terms: HashMap<String, f32>,
    /// Phrases, as their terms in order, with a weight: marked only where
    /// the words stand together, never word by word.
    phrases: Vec<(Vec<String>, f32)>,
    /// First characters of the matched terms: a token whose lower-cased
    /// form starts otherwise cannot stem to one of them (the English
    /// stemmer never changes a word's first letter), so it is not stemmed.
    /// Stemming every token of every hit was most of a query's time.
    first_chars: Vec<char>,
    /// Whether [`FieldTerms::first_chars`] rules words out: only for
    /// English (some stemmers remove prefixes, Arabic's `al-`).
    prune: bool,
    /// The analyzers and the words already stemmed, kept across the hits
    /// of one search (the same words recur from hit to hit).
    analysis: RefCell<Analysis>,
}

/// Analyzers of one [`FieldTerms`] and its memo of stems.
struct Analysis {
    splitter: TextAnalyzer,
    /// The stemmer of the field's analyzer (English, or the language's), called directly.
    stemmer: frostem::Stemmer,
    /// A word as written → its stem in `stems` when it may match (`None`:
    /// it cannot).
    words: HashMap<String, Option<usize>, RandomState>,
    /// Stems met, with their term's weight when they are a matched term.
    stems: Vec<(String, Option<f32>)>,
}

/// The text analyzer ([`crate::analyzer::text_analyzer`]) in two halves: splitting,
/// lower-casing and accent folding, then stemming only the tokens that may
/// match. Offsets stay those of the original text, so `Zürich` is marked
/// for the query `zurich`.
fn splitter() -> TextAnalyzer {
    TextAnalyzer::builder(PossessiveTokenizer::default())
        .filter(RemoveLongFilter::limit(crate::analyzer::MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The analyzer of a language other than English
/// ([`crate::analyzer::language_analyzer`]) up to its stemmer: splitting
/// and lower-casing (the stems are folded after).
fn lower_splitter() -> TextAnalyzer {
    TextAnalyzer::builder(PossessiveTokenizer::default())
        .filter(RemoveLongFilter::limit(crate::analyzer::MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .build()
}

impl FieldTerms {
    /// The terms of `field` in `query`; with `lang`, the terms of that
    /// language in a field of language stems (`fr:election`), untagged.
    fn new(
        searcher: &tantivy::Searcher,
        query: &dyn tantivy::query::Query,
        field: Field,
        lang: Option<&str>,
    ) -> tantivy::Result<FieldTerms> {
        let mut singles = Vec::new();
        let mut runs: Vec<Vec<tantivy::Term>> = Vec::new();
        collect_terms(query, field, &mut singles, &mut runs);
        let weight = |term: &tantivy::Term| -> tantivy::Result<Option<(String, f32)>> {
            let value = term.value();
            let Some(text) = value.as_str() else {
                return Ok(None);
            };
            let text = match lang {
                None => text,
                Some(lang) => match crate::analyzer::split_term(text) {
                    Some((code, stem)) if code == lang => stem,
                    _ => return Ok(None),
                },
            };
            let doc_freq = searcher.doc_freq(term)?;
            Ok((doc_freq > 0).then(|| (text.to_string(), 1.0 / (1.0 + doc_freq as f32))))
        };
        let mut terms = HashMap::new();
        for term in &singles {
            terms.extend(weight(term)?);
        }
        let mut phrases = Vec::new();
        for run in &runs {
            let mut words = Vec::with_capacity(run.len());
            let mut rarest: f32 = 0.0;
            for term in run {
                match weight(term)? {
                    Some((text, w)) => {
                        rarest = rarest.max(w);
                        words.push(text);
                    }
                    // A word no article has: the phrase cannot occur.
                    None => words.clear(),
                }
                if words.is_empty() {
                    break;
                }
            }
            if !words.is_empty() {
                phrases.push((words, rarest));
            }
        }
        let algorithm = lang
            .and_then(crate::analyzer::algorithm)
            .unwrap_or(frostem::Algorithm::English);
        Ok(FieldTerms::with(terms, phrases, algorithm))
    }

    /// Terms and phrases to highlight, with their weights, stemmed by `algorithm`.
    fn with(
        terms: HashMap<String, f32>,
        phrases: Vec<(Vec<String>, f32)>,
        algorithm: frostem::Algorithm,
    ) -> FieldTerms {
        let mut first_chars: Vec<char> = terms
            .keys()
            .chain(phrases.iter().flat_map(|(words, _)| words))
            .filter_map(|t| t.chars().next())
            .collect();
        first_chars.sort_unstable();
        first_chars.dedup();
        FieldTerms {
            terms,
            phrases,
            first_chars,
            prune: algorithm == frostem::Algorithm::English,
            analysis: RefCell::new(Analysis {
                splitter: if algorithm == frostem::Algorithm::English {
                    splitter()
                } else {
                    lower_splitter()
                },
                stemmer: frostem::Stemmer::new(algorithm),
                words: HashMap::default(),
                stems: Vec::new(),
            }),
        }
    }

    /// Every token of `text` (as the field's analyzer splits it),
    /// with the weight of its term when it matched.
    fn tokens(&self, text: &str) -> Vec<Token> {
        let mut analysis = self.analysis.borrow_mut();
        let Analysis {
            splitter,
            stemmer,
            words: memo,
            stems: stem_list,
        } = &mut *analysis;
        // About one word in six bytes of news text.
        let mut tokens = Vec::with_capacity(text.len() / 6 + 8);
        // Stems of the tokens that may match (others: None), for phrases.
        let mut stems: Vec<Option<usize>> = Vec::new();
        let mut at = 0;
        // The words the splitter would give (runs of letters and digits,
        // none of `MAX_TOKEN_BYTES` or more), found without making a
        // string of each: only words that may match are lower-cased,
        // folded and stemmed, each once per search.
        while let Some((start, end)) = next_word(text, at) {
            let previous_end = at;
            at = end;
            if end - start >= crate::analyzer::MAX_TOKEN_BYTES {
                continue;
            }
            let word = &text[start..end];
            // The `s` of a possessive is no word (see `PossessiveTokenizer`).
            if matches!(word, "s" | "S")
                && previous_end > 0
                && matches!(&text[previous_end..start], "'" | "\u{2019}")
            {
                continue;
            }
            let first = word.as_bytes()[0];
            // An ASCII first letter is the folded word's first letter.
            let hopeless = self.prune
                && first.is_ascii()
                && self
                    .first_chars
                    .binary_search(&char::from(first.to_ascii_lowercase()))
                    .is_err();
            let stem = if hopeless {
                None
            } else if let Some(&known) = memo.get(word) {
                known
            } else {
                let folded = if word.is_ascii() {
                    word.to_ascii_lowercase()
                } else {
                    let mut stream = splitter.token_stream(word);
                    stream.next().map(|t| t.text.clone()).unwrap_or_default()
                };
                let may_match = !self.prune
                    || folded
                        .chars()
                        .next()
                        .is_some_and(|c| self.first_chars.binary_search(&c).is_ok());
                let stem = may_match.then(|| {
                    let mut stem = stemmer.stem(&folded).into_owned();
                    if !self.prune && !stem.is_ascii() {
                        // Other languages fold their stems (see `crate::analyzer`).
                        stem = crate::analyzer::fold(&stem);
                    }
                    let weight = self.terms.get(&stem).copied();
                    stem_list.push((stem, weight));
                    stem_list.len() - 1
                });
                memo.insert(word.to_string(), stem);
                stem
            };
            let matched = stem.and_then(|k| {
                let (stem, weight) = &stem_list[k];
                weight.map(|w| (stem.clone(), w))
            });
            tokens.push(Token {
                start,
                end,
                matched,
            });
            if !self.phrases.is_empty() {
                stems.push(stem);
            }
        }
        if self.phrases.is_empty() {
            return tokens;
        }
        // Each occurrence of a phrase becomes one token spanning its words.
        let mut out = Vec::with_capacity(tokens.len());
        let mut i = 0;
        while i < tokens.len() {
            let found = self.phrases.iter().find(|(words, _)| {
                stems.len() - i >= words.len()
                    && words
                        .iter()
                        .zip(&stems[i..])
                        .all(|(w, s)| s.is_some_and(|k| stem_list[k].0 == *w))
            });
            match found {
                Some((words, weight)) => {
                    let last = i + words.len() - 1;
                    out.push(Token {
                        start: tokens[i].start,
                        end: tokens[last].end,
                        matched: Some((words.join(" "), *weight)),
                    });
                    i = last + 1;
                }
                None => {
                    out.push(tokens[i].clone());
                    i += 1;
                }
            }
        }
        out
    }
}

/// The next run of alphanumeric characters in `text` from byte `at`, as
/// byte offsets: a token of Tantivy's `SimpleTokenizer`.
#[inline]
fn next_word(text: &str, mut at: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    // Skip to the next word: ASCII bytes decide alone.
    loop {
        let &b = bytes.get(at)?;
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() {
                break;
            }
            at += 1;
        } else {
            let c = text[at..].chars().next()?;
            if c.is_alphanumeric() {
                break;
            }
            at += c.len_utf8();
        }
    }
    let start = at;
    while let Some(&b) = bytes.get(at) {
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            at += 1;
        } else {
            match text[at..].chars().next() {
                Some(c) if c.is_alphanumeric() => at += c.len_utf8(),
                _ => break,
            }
        }
    }
    Some((start, at))
}

/// The terms of `query` in `field`: terms matched alone in `singles`,
/// phrases (terms that need positions, in order) in `phrases`. Boolean
/// queries are walked clause by clause; below them, a leaf's terms come in
/// order, so a run of positional terms is one phrase.
fn collect_terms(
    query: &dyn tantivy::query::Query,
    field: Field,
    singles: &mut Vec<tantivy::Term>,
    phrases: &mut Vec<Vec<tantivy::Term>>,
) {
    if let Some(boolean) = query.downcast_ref::<tantivy::query::BooleanQuery>() {
        for (occur, clause) in boolean.clauses() {
            if *occur != tantivy::query::Occur::MustNot {
                collect_terms(&**clause, field, singles, phrases);
            }
        }
        return;
    }
    let mut run: Vec<tantivy::Term> = Vec::new();
    query.query_terms(&mut |term, positional| {
        if term.field() != field {
            return;
        }
        if positional {
            run.push(term.clone());
        } else {
            singles.push(term.clone());
        }
    });
    match run.len() {
        0 => {}
        1 => singles.append(&mut run),
        _ => phrases.push(run),
    }
}

impl Highlighter {
    pub(crate) fn new(
        searcher: &tantivy::Searcher,
        query: &dyn tantivy::query::Query,
        fields: &Fields,
    ) -> tantivy::Result<Highlighter> {
        // The languages of the stems the query looks for.
        let mut codes: Vec<String> = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() != fields.title_stem && term.field() != fields.body_stem {
                return;
            }
            if let Some((code, _)) = term.value().as_str().and_then(crate::analyzer::split_term) {
                if !codes.iter().any(|c| c == code) {
                    codes.push(code.to_string());
                }
            }
        });
        let languages = codes
            .into_iter()
            .map(|code| {
                let title = FieldTerms::new(searcher, query, fields.title_stem, Some(&code))?;
                let body = FieldTerms::new(searcher, query, fields.body_stem, Some(&code))?;
                Ok((code, title, body))
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Highlighter {
            title: FieldTerms::new(searcher, query, fields.title, None)?,
            body: FieldTerms::new(searcher, query, fields.body, None)?,
            languages,
        })
    }

    /// Byte ranges of the matched words of the title of an article in
    /// `lang`: stemmed as that language when the query matched words of it
    /// there, else as English.
    pub(crate) fn title(&self, title: &str, lang: Option<&str>) -> Vec<[usize; 2]> {
        self.tokens_in(title, lang, |(_, title, _)| title, &self.title)
            .iter()
            .filter(|t| t.matched.is_some())
            .map(|t| [t.start, t.end])
            .collect()
    }

    /// Up to `n` best non-overlapping fragments of the body of an article
    /// in `lang`, best first, its words stemmed as in [`Highlighter::title`].
    pub(crate) fn fragments(
        &self,
        body: &str,
        max_chars: usize,
        n: usize,
        lang: Option<&str>,
    ) -> Vec<Snippet> {
        let tokens = self.tokens_in(body, lang, |(_, _, body)| body, &self.body);
        select_fragments(body, &tokens, max_chars, n)
    }

    /// The tokens of `text` under `lang`'s terms (picked from a language's
    /// entry by `pick`) when any matched, else under `english`'s.
    fn tokens_in(
        &self,
        text: &str,
        lang: Option<&str>,
        pick: impl Fn(&(String, FieldTerms, FieldTerms)) -> &FieldTerms,
        english: &FieldTerms,
    ) -> Vec<Token> {
        if let Some(entry) = lang.and_then(|lang| self.languages.iter().find(|l| l.0 == lang)) {
            let tokens = pick(entry).tokens(text);
            if tokens.iter().any(|t| t.matched.is_some()) {
                return tokens;
            }
        }
        english.tokens(text)
    }
}

/// A token of a field: byte range, and its term and weight when it matched.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) matched: Option<(String, f32)>,
}

/// Pick up to `n` non-overlapping fragments of at most `max_chars`
/// characters, best first. A fragment's score is the weight of each
/// distinct term it holds plus a quarter for each repeat; ties go to the
/// earlier fragment.
pub(crate) fn select_fragments(
    text: &str,
    tokens: &[Token],
    max_chars: usize,
    n: usize,
) -> Vec<Snippet> {
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new(); // (score, first token, last token)
    if tokens.iter().all(|t| t.matched.is_none()) {
        return Vec::new();
    }
    let at = CharOffsets::new(text, tokens);
    for (i, token) in tokens.iter().enumerate() {
        if token.matched.is_none() {
            continue;
        }
        // Start a little before the match, at a sentence start if one is near.
        let lead = LEAD_CONTEXT.min(max_chars / 3);
        // Widths grow a token at a time (counting characters once, not
        // re-counting the whole span at each step).
        let mut first = i;
        let mut before: usize = 0;
        while first > 0 {
            let step = at.between(Start(first - 1), Start(first));
            if before.saturating_add(step) > lead {
                break;
            }
            before += step;
            first -= 1;
        }
        if let Some(s) = (first..i)
            .rev()
            .find(|&j| starts_sentence(text, tokens, j + 1))
        {
            first = s + 1;
        }
        // Never start inside a word: "today's" is two tokens, and a
        // fragment starting at "s" showed "… s auction".
        while first < i && glued(text, tokens, first) {
            first += 1;
        }
        while first > 0 && glued(text, tokens, first) {
            first -= 1;
        }
        let mut last = i;
        let mut width = at.between(Start(first), End(i));
        while last + 1 < tokens.len() {
            let step = at.between(End(last), End(last + 1));
            if width.saturating_add(step) > max_chars {
                break;
            }
            width += step;
            last += 1;
        }
        // Nor end inside one (the matched token's own word is kept whole).
        while last > i && glued(text, tokens, last + 1) {
            last -= 1;
        }
        candidates.push((score(&tokens[first..=last]), first, last));
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));

    let mut chosen: Vec<(usize, usize)> = Vec::new();
    for (_, first, last) in candidates {
        if chosen.len() >= n {
            break;
        }
        let (start, end) = (tokens[first].start, tokens[last].end);
        let overlaps = chosen.iter().any(|&(s, e)| start < e && s < end);
        if !overlaps {
            chosen.push((start, end));
        }
    }
    let body_end = text.trim_end().len();
    chosen
        .into_iter()
        .map(|(start, end)| {
            let field_highlights: Vec<[usize; 2]> = tokens
                .iter()
                .filter(|t| t.matched.is_some() && t.start >= start && t.end <= end)
                .map(|t| [t.start, t.end])
                .collect();
            Snippet {
                text: text[start..end].to_string(),
                highlights: field_highlights
                    .iter()
                    .map(|[s, e]| [s - start, e - start])
                    .collect(),
                offset: start,
                truncated: end < body_end,
                field_highlights,
                page: None,
            }
        })
        .collect()
}

fn score(tokens: &[Token]) -> f32 {
    // A fragment holds a handful of matched terms: a list beats a map.
    let mut seen: Vec<&str> = Vec::new();
    let mut total = 0.0;
    for (term, weight) in tokens.iter().filter_map(|t| t.matched.as_ref()) {
        if seen.contains(&term.as_str()) {
            total += weight / 4.0;
        } else {
            seen.push(term);
            total += *weight;
        }
    }
    total
}

/// Whether token `j` begins a sentence: the text before it (since the
/// previous token) holds a full stop, question or exclamation mark, or a line break.
fn starts_sentence(text: &str, tokens: &[Token], j: usize) -> bool {
    if j == 0 || j >= tokens.len() {
        return false;
    }
    let gap = text.get(tokens[j - 1].end..tokens[j].start).unwrap_or("");
    gap.contains(['.', '!', '?', '\n']) && gap.ends_with(char::is_whitespace)
}

/// Whether token `j` continues the word of token `j - 1` (no white space
/// between them: `today's`, `U.S.`).
fn glued(text: &str, tokens: &[Token], j: usize) -> bool {
    j > 0
        && j < tokens.len()
        && text
            .get(tokens[j - 1].end..tokens[j].start)
            .is_some_and(|gap| !gap.chars().any(char::is_whitespace))
}

/// A token boundary: the start or the end of token `k`.
#[derive(Clone, Copy)]
enum Boundary {
    Start(usize),
    End(usize),
}
use Boundary::{End, Start};

/// Character offsets of the token boundaries of a text, counted once, so
/// that widths in characters cost a subtraction.
struct CharOffsets {
    /// (start, end) of each token, in characters from the text's start.
    at: Vec<(usize, usize)>,
}

impl CharOffsets {
    fn new(text: &str, tokens: &[Token]) -> CharOffsets {
        let mut at = Vec::with_capacity(tokens.len());
        let bytes = text.as_bytes();
        let (mut byte, mut chars) = (0, 0);
        let mut count = |to: usize| {
            // Tokens come in order; a range that is not (never seen) counts
            // as unreachably wide, as slicing outside the text did.
            chars = match bytes.get(byte..to) {
                // Characters are the bytes that do not continue one.
                Some(s) if chars != usize::MAX && text.is_char_boundary(to) => {
                    chars + s.iter().filter(|&&b| (b as i8) >= -0x40).count()
                }
                _ => usize::MAX,
            };
            byte = to;
            chars
        };
        for t in tokens {
            let start = count(t.start);
            let end = count(t.end);
            at.push((start, end));
        }
        CharOffsets { at }
    }

    fn of(&self, b: Boundary) -> usize {
        match b {
            Start(k) => self.at[k].0,
            End(k) => self.at[k].1,
        }
    }

    /// Characters from boundary `a` to boundary `b`.
    fn between(&self, a: Boundary, b: Boundary) -> usize {
        let (a, b) = (self.of(a), self.of(b));
        if a == usize::MAX || b == usize::MAX || b < a {
            usize::MAX
        } else {
            b - a
        }
    }
}

/// The first `max_chars` characters of `text`, cut at a word boundary, as
/// an unhighlighted snippet.
pub(crate) fn lead(text: &str, max_chars: usize) -> Snippet {
    let offset = text.len() - text.trim_start().len();
    let text = text.trim();
    let cut = truncate_chars(text, max_chars);
    let passage = if cut.len() < text.len() {
        cut.rfind(char::is_whitespace)
            .map_or(cut, |i| &cut[..i])
            .trim_end()
    } else {
        cut
    };
    Snippet {
        text: passage.to_string(),
        highlights: Vec::new(),
        offset,
        truncated: passage.len() < text.len(),
        field_highlights: Vec::new(),
        page: None,
    }
}

/// `text` cut to at most `max_chars` characters.
pub(super) fn truncate_chars(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs of letters and digits, like the real tokenizer, matching the
    /// given lower-case words (weight 1).
    fn tokens(text: &str, words: &[&str]) -> Vec<Token> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (start, c.is_alphanumeric()) {
                (None, true) => start = Some(i),
                (Some(s), false) => {
                    let word = text[s..i].to_lowercase();
                    let matched = words.contains(&word.as_str()).then_some((word, 1.0));
                    out.push(Token {
                        start: s,
                        end: i,
                        matched,
                    });
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    /// The words found without the splitter are the splitter's tokens,
    /// matched as stemming each of them with Tantivy's stemmer would.
    #[test]
    fn words_are_the_analyzers_tokens() {
        use tantivy::tokenizer::{Language, RawTokenizer, Stemmer};
        let text = format!(
            "Zürich's NESTLÉ rallied 1,200 İstanbul straße Москва и Париж {} \
             ralli—Rallies naïve café, RALLYING Zurich_x9 ÆON é",
            "w".repeat(45)
        );
        let mut stemmer = TextAnalyzer::builder(RawTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build();
        let mut stem = |w: &str| stemmer.token_stream(w).next().unwrap().text.clone();
        let terms: HashMap<String, f32> =
            ["zurich", "nestl", "ralli", "istanbul", "cafe", "москва"]
                .iter()
                .map(|w| (stem(w), 1.0))
                .collect();
        let mut expected = Vec::new();
        let mut split = splitter();
        let mut stream = split.token_stream(&text);
        while let Some(t) = stream.next() {
            let s = stem(&t.text);
            let matched = terms.get(&s).map(|w| (s, *w));
            expected.push(Token {
                start: t.offset_from,
                end: t.offset_to,
                matched,
            });
        }
        let field = FieldTerms::with(terms, Vec::new(), frostem::Algorithm::English);
        assert_eq!(field.tokens(&text), expected);
        // Again, from the memo.
        assert_eq!(field.tokens(&text), expected);
        assert!(expected.iter().filter(|t| t.matched.is_some()).count() >= 6);
    }

    #[test]
    fn lead_cuts_at_a_word_boundary() {
        let whole = lead("one two three", 100);
        assert_eq!(
            (whole.text.as_str(), whole.truncated),
            ("one two three", false)
        );
        let cut = lead("  alpha beta gamma", 12);
        assert_eq!(
            (cut.text.as_str(), cut.offset, cut.truncated),
            ("alpha beta", 2, true)
        );
    }

    #[test]
    fn fragments_do_not_overlap_and_come_best_first() {
        let text =
            "Cisco met investors. Filler words here and there. More filler text follows now. \
                    Skolkovo and Cisco signed a deal. The end.";
        let toks = tokens(text, &["cisco", "skolkovo"]);
        let fragments = select_fragments(text, &toks, 40, 3);
        // The passage with both words wins; the lone Cisco comes second.
        assert_eq!(fragments[0].highlighted_words(), vec!["Skolkovo", "Cisco"]);
        assert!(
            fragments[0].text.starts_with("Skolkovo"),
            "{:?}",
            fragments[0].text
        );
        assert_eq!(fragments[1].highlighted_words(), vec!["Cisco"]);
        assert_eq!(fragments[1].offset, 0);
        assert_eq!(fragments.len(), 2);
        for f in &fragments {
            assert!(f.text.chars().count() <= 40);
            for ([s, e], [fs, fe]) in f.highlights.iter().zip(&f.field_highlights) {
                assert_eq!(&f.text[*s..*e], &text[*fs..*fe]);
            }
        }
        let (a, b) = (&fragments[0], &fragments[1]);
        assert!(a.offset >= b.offset + b.text.len() || b.offset >= a.offset + a.text.len());
    }

    #[test]
    fn fragments_start_and_end_on_words() {
        let text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda";
        let toks = tokens(text, &["theta"]);
        let fragment = &select_fragments(text, &toks, 25, 1)[0];
        assert!(toks.iter().any(|t| t.start == fragment.offset));
        let end = fragment.offset + fragment.text.len();
        assert!(toks.iter().any(|t| t.end == end));
        assert!(fragment.truncated);
        assert_eq!(fragment.highlighted_words(), vec!["theta"]);
    }

    /// Observed on BBC: `… s **auction** has bought` from "today's auction".
    #[test]
    fn fragments_never_start_or_end_inside_a_word() {
        let text = "The buyer at today's auction has bought Sainsbury's shares";
        let toks = tokens(text, &["auction"]);
        // Six characters of lead reach back to the "s" of "today's".
        let fragment = &select_fragments(text, &toks, 18, 1)[0];
        assert!(fragment.text.starts_with("auction"), "{:?}", fragment.text);
        let end = select_fragments(text, &tokens(text, &["bought"]), 21, 1);
        assert!(!end[0].text.ends_with("Sainsbury"), "{:?}", end[0].text);
        assert!(end[0].text.contains("bought"), "{:?}", end[0].text);
    }

    #[test]
    fn no_match_means_no_fragment() {
        let text = "nothing to see";
        assert!(select_fragments(text, &tokens(text, &["cisco"]), 100, 2).is_empty());
    }
}
