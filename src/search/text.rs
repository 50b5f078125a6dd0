//! Query text → Tantivy queries.
//!
//! The text is parsed with Tantivy's query grammar, then each leaf is
//! built by Tantivy's `QueryParser`, except two kinds of bare word this
//! module expands itself against the term dictionary so that the concrete
//! terms are known (for scoring, highlighting and explanations):
//!
//! - `skol*`: every term starting with `skol`;
//! - `skolkvo~1` (or any word of 5+ characters under `--fuzzy`): every term
//!   within that many edits.
//!
//! The result is a list of tiers, strictest first: every word required and
//! exact, some words exact, every word with typos, some words with typos.
//! Ranking walks the tiers in order; the last tier is the match set.
//!
//! When the index holds articles in languages stemmed on their own
//! ([`crate::analyzer::STEMMED_LANGUAGES`]), every word or phrase addressed
//! to the title or body (or both) also matches, for each such language
//! present, its stems in `title_stem` and `body_stem`: `élections` finds
//! a French article's `élection` (`fr:election`). An index without them
//! gets exactly the queries it got before.

use std::collections::BTreeSet;

use tantivy::query::{
    BooleanQuery, BoostQuery, EmptyQuery, EnableScoring, FuzzyTermQuery, Occur, QueryParser,
    TermQuery,
};
use tantivy::query_grammar::{self, Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::searcher::Searcher;
use super::syntax::{
    excerpt, has_explicit_typos, nesting_depth, plain_words, read_leniently, word_operator,
    Operator, Reading,
};
use crate::error::{Error, Result};
use crate::index::engine_error;

/// A Tantivy query, as the rooms of `search` build and combine them.
pub(super) type BoxedQuery = Box<dyn tantivy::query::Query>;

/// Longest query text accepted, in bytes: bounds parsing and scoring work.
pub const MAX_QUERY_LEN: usize = 8 * 1024;

/// Weight of a title match relative to a body match.
const TITLE_BOOST: f32 = 2.0;

/// Most dictionary terms one prefix or typo-tolerant word expands to.
const MAX_EXPANSIONS: usize = 50;

/// Weight of a term matched with typos relative to the exact term.
const TYPO_WEIGHT: f32 = 0.5;

/// Edits tolerated in a word of `chars` characters under `--fuzzy`:
/// none below 5, one up to 8, two from 9 (the scale Meilisearch uses).
pub(crate) fn auto_distance(chars: usize) -> u8 {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

#[derive(Debug, Clone, Copy)]
struct Mode {
    /// Bare words without an operator must all match.
    conjunction: bool,
    /// Expand `word~N` (and, with `auto`, every long enough word) to typo matches.
    typos: bool,
    /// `--fuzzy`: every bare word gets a distance scaled by its length.
    auto: bool,
    /// Inside a NOT: never widen what is excluded.
    negated: bool,
}

/// Most tiers of words: a longer text asks for every word, then one
/// fewer, and so on for this many tiers, then for the fewest.
const MAX_WORD_TIERS: usize = 6;

/// Words that neither rank nor highlight when typed as words of their own
/// (`oil and gas` ranks on oil and gas); phrases keep them (`"Bank of
/// England"`). Short on purpose: no word that is also a name or an
/// acronym in news (`who`/WHO, `it`/IT, `us`/US, `may`/May, `can`).
pub(crate) const STOP_WORDS: [&str; 48] = [
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "did", "do", "does", "for",
    "from", "had", "has", "have", "he", "her", "his", "how", "if", "in", "into", "is", "its", "of",
    "on", "or", "she", "than", "that", "the", "their", "then", "there", "they", "this", "to",
    "was", "were", "what", "when", "where", "which", "why", "with",
];

/// Whether `word` is one of [`STOP_WORDS`] (any case).
pub(crate) fn is_stop_word(word: &str) -> bool {
    word.len() <= 5 && STOP_WORDS.contains(&word.to_ascii_lowercase().as_str())
}

/// Whether a clause is a bare stop word: a word of its own, no field,
/// no operator, no quotes.
fn is_bare_stop_word(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Leaf(leaf) => match &**leaf {
            UserInputLeaf::Literal(literal) => {
                literal.delimiter == Delimiter::None
                    && literal.field_name.is_none()
                    && is_stop_word(&literal.phrase)
            }
            _ => false,
        },
        _ => false,
    }
}

/// The query without its bare stop words (clauses without an operator),
/// unless that leaves a group without a word to look for.
fn without_stop_words(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => {
            let clauses: Vec<(Option<Occur>, UserInputAst)> = clauses
                .into_iter()
                .map(|(occur, sub)| (occur, without_stop_words(sub)))
                .collect();
            let keeps = |(occur, sub): &(Option<Occur>, UserInputAst)| {
                occur.is_some() || !is_bare_stop_word(sub)
            };
            let positive = clauses
                .iter()
                .filter(|clause| clause.0 != Some(Occur::MustNot))
                .any(&keeps);
            if !positive {
                return UserInputAst::Clause(clauses);
            }
            let kept: Vec<_> = clauses.into_iter().filter(|clause| keeps(clause)).collect();
            match <[_; 1]>::try_from(kept) {
                Ok([(None, only)]) => only,
                Ok([one]) => UserInputAst::Clause(vec![one]),
                Err(kept) => UserInputAst::Clause(kept),
            }
        }
        UserInputAst::Boost(inner, boost) => {
            UserInputAst::Boost(Box::new(without_stop_words(*inner)), boost)
        }
        leaf => leaf,
    }
}

/// What a tier asks for: "every word, exact", "all but one of the 3
/// words, typos allowed"...
fn tier_label(words: usize, at_least: usize, typos: bool) -> String {
    let how = if typos { "typos allowed" } else { "exact" };
    let which = match words - at_least {
        0 => "every word".to_string(),
        _ if at_least == 0 => "the required words alone".to_string(),
        _ if at_least == 1 => format!("at least 1 of the {words} words"),
        1 => format!("all but 1 of the {words} words"),
        missing => format!("all but {missing} of the {words} words"),
    };
    format!("{which}, {how}")
}

/// The tiers of a query text, strictest first.
struct Tiers {
    tiers: Vec<BoxedQuery>,
    labels: Vec<String>,
    all_words: usize,
}

/// Query text turned into tiers of Tantivy queries.
pub(super) struct ParsedText {
    /// Strictest first; the last matches everything the text matches.
    pub(super) tiers: Vec<BoxedQuery>,
    /// What each tier asks for ("every word, exact").
    pub(super) labels: Vec<String>,
    /// The tier of the articles with every word (typos allowed when
    /// asked for): what `total_hits` counts; the tiers after it hold the
    /// articles with only some of the words.
    pub(super) all_words: usize,
    /// The text as the grammar read it (phrases and operators kept).
    pub(super) syntax: String,
    /// When the text could not be read as syntax: the plain words searched instead.
    pub(super) reinterpreted: Option<String>,
}

impl Searcher {
    /// Parse the query text into tiers of queries, strictest first; the
    /// last one matches everything the text matches. Unless `strict`, the
    /// text is read as people type and paste it ([`read_leniently`]), and
    /// text that cannot be read as syntax is searched as plain words.
    pub(super) fn parse_text(&self, text: &str, fuzzy: bool, strict: bool) -> Result<ParsedText> {
        if text.len() > MAX_QUERY_LEN {
            return Err(Error::QueryTooLong {
                bytes: text.len(),
                max: MAX_QUERY_LEN,
            });
        }
        if text.trim().is_empty() {
            return Ok(ParsedText {
                tiers: vec![Box::new(tantivy::query::AllQuery)],
                labels: vec!["every article".into()],
                all_words: 0,
                syntax: String::new(),
                reinterpreted: None,
            });
        }
        // Tantivy's grammar and the builder below recurse once per level of
        // nesting: 1,600 parentheses or 2,000 NOTs overflowed the stack (an
        // abort, not an error; fewer on a small thread stack). Refuse deep
        // nesting up front; no real query comes near the limit.
        const MAX_DEPTH: usize = 32;
        if nesting_depth(text) > MAX_DEPTH {
            return Err(Error::InvalidQuery {
                query: excerpt(text),
                reason: format!("nested more than {MAX_DEPTH} levels deep (parentheses and NOTs)"),
            });
        }
        if strict {
            let Tiers {
                tiers,
                labels,
                all_words,
            } = self.tiers(text, text, fuzzy)?;
            return Ok(ParsedText {
                tiers,
                labels,
                all_words,
                syntax: text.to_string(),
                reinterpreted: None,
            });
        }
        // Unbalanced quotes or parentheses read as nothing here: plain words below.
        let syntax = match read_leniently(text) {
            Reading::Syntax(syntax) => syntax,
            Reading::Plain(_) => String::new(),
        };
        if !syntax.trim().is_empty() {
            match self.tiers(&syntax, text, fuzzy) {
                Ok(Tiers {
                    tiers,
                    labels,
                    all_words,
                }) => {
                    return Ok(ParsedText {
                        tiers,
                        labels,
                        all_words,
                        syntax,
                        reinterpreted: None,
                    })
                }
                Err(Error::InvalidQuery { .. }) => {}
                Err(other) => return Err(other),
            }
        }
        let plain = plain_words(text);
        let Tiers {
            tiers,
            labels,
            all_words,
        } = if plain.is_empty() {
            // Punctuation alone (`&`, `--`): nothing to look for.
            Tiers {
                tiers: vec![Box::new(EmptyQuery) as BoxedQuery],
                labels: vec!["no words".into()],
                all_words: 0,
            }
        } else {
            self.tiers(&plain, text, fuzzy)?
        };
        Ok(ParsedText {
            tiers,
            labels,
            all_words,
            reinterpreted: (!plain.is_empty()).then(|| plain.clone()),
            syntax: plain,
        })
    }

    /// The tiers of query text in the grammar (`shown` is echoed in errors).
    fn tiers(&self, syntax: &str, shown: &str, fuzzy: bool) -> Result<Tiers> {
        let ast = query_grammar::parse_query(syntax).map_err(|_| Error::InvalidQuery {
            query: excerpt(shown),
            reason: "syntax error".into(),
        })?;
        let mut parser = QueryParser::for_index(
            self.searcher.index(),
            vec![self.fields.title, self.fields.body],
        );
        parser.set_field_boost(self.fields.title, TITLE_BOOST);
        let mut stem_parser = QueryParser::for_index(
            self.searcher.index(),
            vec![self.fields.title_stem, self.fields.body_stem],
        );
        stem_parser.set_field_boost(self.fields.title_stem, TITLE_BOOST);
        let builder = Builder {
            index: self,
            parser,
            stem_parser,
            languages: self.stemmed_languages()?,
            language_leaves: Default::default(),
            text: shown,
        };
        let with_typos = fuzzy || has_explicit_typos(&ast);
        let ast = without_stop_words(ast);
        // The words that may go missing: the root's clauses without an
        // operator. `+must`, `-not`, `OR` and phrases keep their meaning
        // in every tier.
        let words = match &ast {
            UserInputAst::Clause(clauses) => clauses.iter().filter(|(o, _)| o.is_none()).count(),
            UserInputAst::Leaf(_) => 1,
            UserInputAst::Boost(..) => 0,
        };
        let others = match &ast {
            UserInputAst::Clause(clauses) => clauses
                .iter()
                .any(|(o, _)| matches!(o, Some(Occur::Must) | Some(Occur::Should))),
            _ => false,
        };
        // Fewest words an article may have: one, or none when another
        // clause (`+must`, an OR) already requires something.
        let fewest = if others || words == 0 { 0 } else { 1 };
        let mut required: Vec<usize> = (fewest..=words).rev().collect();
        if required.len() > MAX_WORD_TIERS {
            // A long text: the first tiers one word apart, then the broadest.
            let last = required[required.len() - 1];
            required.truncate(MAX_WORD_TIERS - 1);
            required.push(last);
        }
        let mut tiers: Vec<BoxedQuery> = Vec::new();
        let mut labels = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        let mut all_words = 0;
        for &at_least in &required {
            for typos in [false, true] {
                if typos && !with_typos {
                    continue;
                }
                let mode = Mode {
                    conjunction: at_least == words,
                    typos,
                    auto: fuzzy,
                    negated: false,
                };
                let query = flatten_unions(builder.build_root(&ast, mode, at_least)?);
                let key = format!("{query:?}");
                let at = match seen.iter().position(|known| *known == key) {
                    Some(at) => at,
                    None => {
                        seen.push(key);
                        tiers.push(query);
                        labels.push(tier_label(words, at_least, typos));
                        tiers.len() - 1
                    }
                };
                if at_least == words {
                    all_words = at;
                }
            }
        }
        // The last tier asks for the fewest words, with typos when any
        // tier allows them: it matches everything the others match.
        Ok(Tiers {
            tiers,
            labels,
            all_words,
        })
    }

    /// The languages of [`crate::analyzer::STEMMED_LANGUAGES`] some article
    /// of the index is in, read from the `lang` facet's terms (a few per
    /// segment).
    pub(super) fn stemmed_languages(&self) -> Result<Vec<String>> {
        let engine = |e| engine_error(self.path(), e);
        let mut found = BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(self.fields.lang).map_err(engine)?;
            let mut stream = inverted.terms().stream().map_err(|e| engine(e.into()))?;
            while stream.advance() {
                let Ok(facet) = tantivy::schema::Facet::from_encoded(stream.key().to_vec()) else {
                    continue;
                };
                if let [_, code] = facet.to_path().as_slice() {
                    if crate::analyzer::is_stemmed(code) {
                        found.insert(code.to_string());
                    }
                }
            }
        }
        Ok(found.into_iter().collect())
    }
}

/// Lift the clauses of nested unions into their parent: `(title:gold^2
/// body:gold) OR (title:silver^2 body:silver)` becomes one union of four
/// terms. Matches and scores are the same (a union scores the sum of its
/// matching clauses, boosts stay on their terms), but a union of plain
/// terms lets Tantivy skip blocks that cannot reach the top hits
/// (block-max WAND) instead of visiting every document of every word.
pub(super) fn flatten_unions(query: BoxedQuery) -> BoxedQuery {
    fn is_union(boolean: &BooleanQuery) -> bool {
        boolean.get_minimum_number_should_match() <= 1
            && boolean
                .clauses()
                .iter()
                .all(|(occur, _)| *occur == Occur::Should)
    }
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return query;
    };
    let minimum = boolean.get_minimum_number_should_match();
    let mut clauses: Vec<(Occur, BoxedQuery)> = Vec::new();
    for (occur, clause) in boolean.clauses() {
        let clause = flatten_unions(clause.box_clone());
        match clause.downcast_ref::<BooleanQuery>() {
            // Exact only while the parent asks for at most one of its
            // optional clauses: "two of" would count leaves instead.
            Some(inner) if *occur == Occur::Should && minimum <= 1 && is_union(inner) => {
                clauses.extend(inner.clauses().iter().map(|(o, q)| (*o, q.box_clone())));
            }
            _ => clauses.push((*occur, clause)),
        }
    }
    Box::new(BooleanQuery::with_minimum_required_clauses(
        clauses, minimum,
    ))
}

struct Builder<'a> {
    index: &'a Searcher,
    parser: QueryParser,
    /// Parser of `title_stem` and `body_stem` (title boosted likewise).
    stem_parser: QueryParser,
    /// Stemmed languages present in the index: each adds its clause to a
    /// word or phrase of the title or body.
    languages: Vec<String>,
    /// Language clauses already built (the tiers ask for each leaf
    /// several times): leaf, language and mode → clause.
    language_leaves: std::cell::RefCell<std::collections::HashMap<String, Option<BoxedQuery>>>,
    text: &'a str,
}

impl Builder<'_> {
    /// A syntax error, on one short line: the query cut to 80 characters,
    /// control characters in the reason (a field name with a line break)
    /// blanked.
    fn invalid(&self, reason: impl ToString) -> Error {
        Error::InvalidQuery {
            query: excerpt(self.text),
            reason: reason
                .to_string()
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect(),
        }
    }

    /// Check a leaf the parser built by creating its weight: some leaves
    /// parse but cannot run on our fields (`title:*` wants a fast field),
    /// and that must be a syntax error, not an engine failure at search time.
    fn runnable(&self, query: BoxedQuery) -> Result<BoxedQuery> {
        query
            .weight(EnableScoring::disabled_from_searcher(&self.index.searcher))
            .map_err(|e| self.invalid(format!("cannot run on this index ({e})")))?;
        Ok(query)
    }

    /// The query of one tier: as [`Builder::build`], except that of the
    /// root's clauses without an operator (the words) at least
    /// `at_least` must match.
    fn build_root(&self, ast: &UserInputAst, mode: Mode, at_least: usize) -> Result<BoxedQuery> {
        let UserInputAst::Clause(clauses) = ast else {
            return self.build(ast, mode);
        };
        if mode.conjunction {
            return self.build(ast, mode);
        }
        let mut subs: Vec<(Occur, BoxedQuery)> = Vec::with_capacity(clauses.len() + 1);
        for (occur, sub) in clauses {
            let occur = occur.unwrap_or(Occur::Should);
            let negated = mode.negated ^ (occur == Occur::MustNot);
            subs.push((occur, self.build(sub, Mode { negated, ..mode })?));
        }
        if subs.iter().all(|(occur, _)| *occur == Occur::MustNot) {
            subs.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
        }
        Ok(Box::new(BooleanQuery::with_minimum_required_clauses(
            subs, at_least,
        )))
    }

    fn build(&self, ast: &UserInputAst, mode: Mode) -> Result<BoxedQuery> {
        match ast {
            UserInputAst::Clause(clauses) => {
                let default = if mode.conjunction {
                    Occur::Must
                } else {
                    Occur::Should
                };
                let mut subs: Vec<(Occur, BoxedQuery)> = Vec::with_capacity(clauses.len() + 1);
                for (occur, sub) in clauses {
                    let occur = occur.unwrap_or(default);
                    let negated = mode.negated ^ (occur == Occur::MustNot);
                    subs.push((occur, self.build(sub, Mode { negated, ..mode })?));
                }
                if subs.is_empty() {
                    return Ok(Box::new(EmptyQuery));
                }
                if subs.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                    subs.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
                }
                if subs.len() == 1 && subs[0].0 != Occur::MustNot {
                    return Ok(subs.pop().expect("one clause").1);
                }
                Ok(Box::new(BooleanQuery::new(subs)))
            }
            UserInputAst::Boost(inner, boost) => Ok(Box::new(BoostQuery::new(
                self.build(inner, mode)?,
                boost.0 as f32,
            ))),
            UserInputAst::Leaf(leaf) => {
                let english = self.leaf(leaf, mode)?;
                let UserInputLeaf::Literal(literal) = &**leaf else {
                    return Ok(english);
                };
                if self.languages.is_empty() || stem_field(literal).is_none() {
                    return Ok(english);
                }
                let mut clauses = vec![(Occur::Should, english)];
                for lang in &self.languages {
                    if let Some(query) = self.language_leaf(literal, lang, mode)? {
                        clauses.push((Occur::Should, query));
                    }
                }
                if clauses.len() == 1 {
                    return Ok(clauses.pop().expect("one clause").1);
                }
                Ok(Box::new(BooleanQuery::new(clauses)))
            }
        }
    }

    /// A leaf of the query on the English-analysed fields.
    fn leaf(&self, leaf: &UserInputLeaf, mode: Mode) -> Result<BoxedQuery> {
        if let UserInputLeaf::Literal(literal) = leaf {
            if let Some(query) = self.expanded(literal, mode, None)? {
                return Ok(query);
            }
            // Not expanded (an exact tier, a short word): the word alone.
            let (word, operator) = word_operator(&literal.phrase);
            if literal.delimiter == Delimiter::None && operator != Operator::None {
                let mut plain = literal.clone();
                plain.phrase = word.to_string();
                let leaf = UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(plain)));
                return self
                    .parser
                    .build_query_from_user_input_ast(leaf)
                    .map_err(|e| self.invalid(e));
            }
        }
        let query = self
            .parser
            .build_query_from_user_input_ast(UserInputAst::Leaf(Box::new(leaf.clone())))
            .map_err(|e| self.invalid(e))?;
        match leaf {
            UserInputLeaf::Literal(_) => Ok(query),
            UserInputLeaf::Exists { field } => Err(self.invalid(format!(
                "`{field}:*` (any value) is not supported; write `{field}:word*` for words starting with a prefix"
            ))),
            _ => self.runnable(query),
        }
    }

    /// A word or phrase of the title or body (or both) on `lang`'s stems
    /// in `title_stem` and `body_stem`; `None` when it has no words there.
    fn language_leaf(
        &self,
        literal: &UserInputLiteral,
        lang: &str,
        mode: Mode,
    ) -> Result<Option<BoxedQuery>> {
        let key = format!(
            "{lang} {} {} {} {literal:?}",
            mode.typos, mode.auto, mode.negated
        );
        if let Some(known) = self.language_leaves.borrow().get(&key) {
            return Ok(known.as_ref().map(|query| query.box_clone()));
        }
        let query = self.language_query(literal, lang, mode)?;
        // A clause none of whose terms any article has is left out: an
        // index with a few articles in a language (results tables read as
        // French) then asks English words what it asked before.
        let query = query.filter(|query| {
            let mut present = false;
            query.query_terms(&mut |term, _| {
                present = present || self.index.searcher.doc_freq(term).is_ok_and(|n| n > 0);
            });
            present
        });
        self.language_leaves
            .borrow_mut()
            .insert(key, query.as_ref().map(|query| query.box_clone()));
        Ok(query)
    }

    /// The query of [`Builder::language_leaf`], whether or not its terms occur.
    fn language_query(
        &self,
        literal: &UserInputLiteral,
        lang: &str,
        mode: Mode,
    ) -> Result<Option<BoxedQuery>> {
        if let Some(query) = self.expanded(literal, mode, Some(lang))? {
            return Ok(Some(query));
        }
        let mut tagged = literal.clone();
        tagged.field_name = stem_field(literal)
            .expect("a title or body literal")
            .map(str::to_string);
        let (word, operator) = word_operator(&literal.phrase);
        let phrase = if literal.delimiter == Delimiter::None && operator != Operator::None {
            word
        } else {
            literal.phrase.as_str()
        };
        tagged.phrase = crate::analyzer::tagged(lang, phrase);
        let leaf = UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(tagged)));
        // Text with no words in this language's analysis: no clause.
        Ok(self.stem_parser.build_query_from_user_input_ast(leaf).ok())
    }

    /// A bare `word*` or typo-tolerant word, expanded to the terms it
    /// matches (of `lang`'s stems when given); `None` when the literal is
    /// an ordinary term or phrase.
    fn expanded(
        &self,
        literal: &UserInputLiteral,
        mode: Mode,
        lang: Option<&str>,
    ) -> Result<Option<BoxedQuery>> {
        if literal.delimiter != Delimiter::None {
            return Ok(None);
        }
        let (word, operator) = word_operator(&literal.phrase);
        let prefix = operator == Operator::Prefix;
        let explicit = match operator {
            Operator::Typos(distance) => Some(distance),
            _ => None,
        };
        let wants_typos = mode.typos && !mode.negated && (explicit.is_some() || mode.auto);
        if !prefix && !wants_typos {
            return Ok(None);
        }
        let f = &self.index.fields;
        let (title, body) = match lang {
            None => (f.title, f.body),
            Some(_) => (f.title_stem, f.body_stem),
        };
        let fields: Vec<(Field, f32)> = match literal.field_name.as_deref() {
            None => vec![(title, TITLE_BOOST), (body, 1.0)],
            Some("title") => vec![(title, TITLE_BOOST)],
            Some("body") => vec![(body, 1.0)],
            Some(_) => return Ok(None), // let the parser explain what is wrong
        };
        let tokens = match lang {
            None => self.tokens(body, word)?,
            Some(lang) => self.tokens(body, &crate::analyzer::tagged(lang, word))?,
        };
        let [stem] = tokens.as_slice() else {
            // Several words ("U.S.*") or none: no expansion, plain parsing.
            return Ok(None);
        };
        // `fr:` before a language's stems: expansions stay in the language.
        let (tag, stem) = match lang {
            None => ("", stem.as_str()),
            Some(_) => {
                let at = stem
                    .find(crate::analyzer::TERM_TAG_END)
                    .map_or(0, |at| at + crate::analyzer::TERM_TAG_END.len_utf8());
                stem.split_at(at)
            }
        };

        let expansion = if prefix {
            // A stem is almost always a prefix of its word ("investment" →
            // "invest"); where it is not ("happy" → "happi"), the common
            // part still finds both.
            let lower = crate::analyzer::fold(word);
            let common: String = lower
                .chars()
                .zip(stem.chars())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect();
            if common.is_empty() {
                return Ok(None);
            }
            Expansion::Prefix(format!("{tag}{common}"))
        } else {
            let distance = match explicit.flatten() {
                Some(distance) => distance.min(2),
                None => auto_distance(word.chars().count()),
            };
            if distance == 0 {
                return Ok(None);
            }
            Expansion::Typos {
                exact: format!("{tag}{stem}"),
                tag: tag.to_string(),
                distance,
                // English words are also compared as written (see `expand`).
                written: lang.is_none().then(|| crate::analyzer::fold(word)),
            }
        };

        let mut per_field: Vec<(Occur, BoxedQuery)> = Vec::new();
        for (field, boost) in fields {
            let terms = self.expand(field, &expansion)?;
            let mut clauses: Vec<(Occur, BoxedQuery)> = Vec::new();
            for term_text in terms {
                let weight = match &expansion {
                    Expansion::Typos { exact, .. } if *exact != term_text => TYPO_WEIGHT,
                    _ => 1.0,
                };
                let term = TermQuery::new(
                    Term::from_field_text(field, &term_text),
                    IndexRecordOption::WithFreqsAndPositions,
                );
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(term), weight * boost)),
                ));
            }
            if !clauses.is_empty() {
                per_field.push((Occur::Should, Box::new(BooleanQuery::new(clauses))));
            }
        }
        if per_field.is_empty() {
            return Ok(Some(Box::new(EmptyQuery)));
        }
        Ok(Some(Box::new(BooleanQuery::new(per_field))))
    }

    /// The indexed terms of `text` under the field's analyzer.
    fn tokens(&self, field: Field, text: &str) -> Result<Vec<String>> {
        let mut analyzer = self
            .index
            .searcher
            .index()
            .tokenizer_for_field(field)
            .map_err(|e| engine_error(self.index.path(), e))?;
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            tokens.push(token.text.clone());
        }
        Ok(tokens)
    }

    /// The dictionary terms of `field` an expansion matches, at most
    /// [`MAX_EXPANSIONS`], in dictionary order.
    fn expand(&self, field: Field, expansion: &Expansion) -> Result<BTreeSet<String>> {
        let engine = |e| engine_error(self.index.path(), e);
        let io = |e: std::io::Error| engine_error(self.index.path(), e.into());
        let mut found = BTreeSet::new();
        for segment in self.index.searcher.segment_readers() {
            let inverted = segment.inverted_index(field).map_err(engine)?;
            let dictionary = inverted.terms();
            match expansion {
                Expansion::Prefix(prefix) => {
                    let mut stream = dictionary
                        .range()
                        .ge(prefix.as_bytes())
                        .into_stream()
                        .map_err(io)?;
                    while found.len() < MAX_EXPANSIONS && stream.advance() {
                        let key = stream.key();
                        if !key.starts_with(prefix.as_bytes()) {
                            break;
                        }
                        if let Ok(term) = std::str::from_utf8(key) {
                            found.insert(term.to_string());
                        }
                    }
                }
                Expansion::Typos {
                    exact,
                    tag,
                    distance,
                    written,
                } => {
                    let near = |text: &str| {
                        FuzzyTermQuery::new(Term::from_field_text(field, text), *distance, true)
                            .automaton()
                            .map_err(engine)
                    };
                    let mut stream = dictionary.search(near(exact)?).into_stream().map_err(io)?;
                    while found.len() < MAX_EXPANSIONS && stream.advance() {
                        match std::str::from_utf8(stream.key()) {
                            Ok(term) if term.starts_with(tag.as_str()) => {
                                found.insert(term.to_string());
                            }
                            _ => {}
                        }
                    }
                    // Stemming can move a word and its typo apart (`abramovic`
                    // stems to `abramov`, three edits from `abramovich`): the
                    // word as written is compared too, with the stems (which
                    // are most words as written) and with the words stemming
                    // changes (`ljubicic`, stem `ljubic`), taken to their stems.
                    let Some(written) = written.as_deref() else {
                        continue;
                    };
                    if written != exact.as_str() {
                        let mut stream = dictionary
                            .search(near(written)?)
                            .into_stream()
                            .map_err(io)?;
                        while found.len() < MAX_EXPANSIONS && stream.advance() {
                            if let Ok(term) = std::str::from_utf8(stream.key()) {
                                found.insert(term.to_string());
                            }
                        }
                    }
                    let words = segment
                        .inverted_index(self.index.fields.words)
                        .map_err(engine)?;
                    let mut stream = words
                        .terms()
                        .search(near(written)?)
                        .into_stream()
                        .map_err(io)?;
                    while found.len() < MAX_EXPANSIONS && stream.advance() {
                        if let Ok(word) = std::str::from_utf8(stream.key()) {
                            found.extend(self.tokens(field, word)?);
                        }
                    }
                }
            }
        }
        Ok(found)
    }
}

enum Expansion {
    Prefix(String),
    /// Terms within `distance` edits of `exact` that start with `tag`
    /// (the language of a stemmed term, `fr:`; empty for English), and,
    /// for English, the stems of the words within `distance` edits of the
    /// word as `written` (lower-cased, accents folded).
    Typos {
        exact: String,
        tag: String,
        distance: u8,
        written: Option<String>,
    },
}

/// The field of the language stems a title or body literal addresses:
/// `Some(None)` for both (no field named), `None` for another field.
fn stem_field(literal: &UserInputLiteral) -> Option<Option<&'static str>> {
    match literal.field_name.as_deref() {
        None => Some(None),
        Some("title") => Some(Some("title_stem")),
        Some("body") => Some(Some("body_stem")),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_grows_with_word_length() {
        assert_eq!(auto_distance(4), 0);
        assert_eq!(auto_distance("skolkvo".len()), 1);
        assert_eq!(auto_distance("skolkovoo".len()), 2);
    }
}
