//! "Did you mean": for query text that matched nothing, the indexed words
//! nearest its unknown words, as queries to try instead.

use std::collections::BTreeMap;

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::Term;

use super::searcher::Searcher;
use super::text::is_stop_word;
use crate::error::Result;
use crate::index::engine_error;

/// Most queries suggested.
const MAX_SUGGESTIONS: usize = 3;

impl Searcher {
    /// Up to [`MAX_SUGGESTIONS`] queries to try instead of `text`: each
    /// word no article has replaced by an indexed word within one edit (two
    /// for words of 6 characters or more), the most frequent first; the
    /// rest of the text (phrases, operators, fields) as written. Empty
    /// when every word is known or none has a neighbour.
    pub(super) fn text_suggestions(&self, text: &str) -> Result<Vec<String>> {
        let mut replacements: Vec<(&str, Vec<String>)> = Vec::new();
        for piece in text.split_whitespace() {
            if piece.contains(':') || matches!(piece, "AND" | "OR" | "NOT") {
                continue;
            }
            let word = piece.trim_matches(|c: char| !c.is_alphanumeric());
            if word.chars().count() < 3
                || is_stop_word(word)
                || !word.chars().all(char::is_alphanumeric)
                || self.is_known(word)?
            {
                continue;
            }
            let near = self.nearest_words(word)?;
            if !near.is_empty() {
                let near = near.into_iter().map(|w| same_case(word, &w)).collect();
                replacements.push((word, near));
            }
        }
        let mut out: Vec<String> = Vec::new();
        for k in 0..MAX_SUGGESTIONS {
            if k > 0 && replacements.iter().all(|(_, near)| near.len() <= k) {
                break;
            }
            let mut suggested = text.to_string();
            for (word, near) in &replacements {
                let with = near.get(k).unwrap_or(&near[0]);
                suggested = replace_word(&suggested, word, with);
            }
            if suggested != text && !out.contains(&suggested) {
                out.push(suggested);
            }
        }
        Ok(out)
    }

    /// Whether every term of `word` is in the title or body.
    fn is_known(&self, word: &str) -> Result<bool> {
        let terms = self.analysed(self.fields.body, word)?;
        for term in &terms {
            let mut found = false;
            for field in [self.fields.title, self.fields.body] {
                let freq = self
                    .searcher
                    .doc_freq(&Term::from_field_text(field, term))
                    .map_err(|e| engine_error(self.path(), e))?;
                found = found || freq > 0;
            }
            if !found {
                return Ok(false);
            }
        }
        Ok(!terms.is_empty())
    }

    /// The indexed words as written nearest `word`, most frequent first:
    /// from the `words` field (words stemming changes) and from the body's
    /// terms that are words as written (their own stem).
    fn nearest_words(&self, word: &str) -> Result<Vec<String>> {
        let engine = |e| engine_error(self.path(), e);
        let io = |e: std::io::Error| engine_error(self.path(), e.into());
        let folded = crate::analyzer::fold(word);
        let longest = if folded.chars().count() >= 6 { 2 } else { 1 };
        for distance in 1..=longest {
            let mut found: BTreeMap<String, u64> = BTreeMap::new();
            for field in [self.fields.words, self.fields.body] {
                let automaton =
                    FuzzyTermQuery::new(Term::from_field_text(field, &folded), distance, true)
                        .automaton()
                        .map_err(engine)?;
                for segment in self.searcher.segment_readers() {
                    let inverted = segment.inverted_index(field).map_err(engine)?;
                    let mut stream = inverted
                        .terms()
                        .search(&automaton)
                        .into_stream()
                        .map_err(io)?;
                    while stream.advance() {
                        let Ok(term) = std::str::from_utf8(stream.key()) else {
                            continue;
                        };
                        let as_written = field == self.fields.words
                            || self.analysed(field, term)?.as_slice() == [term];
                        if as_written && term != folded {
                            *found.entry(term.to_string()).or_default() +=
                                u64::from(stream.value().doc_freq);
                        }
                    }
                }
            }
            if !found.is_empty() {
                let mut ranked: Vec<(String, u64)> = found.into_iter().collect();
                ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                return Ok(ranked
                    .into_iter()
                    .take(MAX_SUGGESTIONS)
                    .map(|(w, _)| w)
                    .collect());
            }
        }
        Ok(Vec::new())
    }

    /// The terms of `text` under `field`'s analyzer.
    fn analysed(&self, field: Field, text: &str) -> Result<Vec<String>> {
        let mut analyzer = self
            .searcher
            .index()
            .tokenizer_for_field(field)
            .map_err(|e| engine_error(self.path(), e))?;
        let mut stream = analyzer.token_stream(text);
        let mut terms = Vec::new();
        while let Some(token) = stream.next() {
            terms.push(token.text.clone());
        }
        Ok(terms)
    }
}

/// `suggestion` cased like `typed`: capitalised or all capitals.
fn same_case(typed: &str, suggestion: &str) -> String {
    let letters = || typed.chars().filter(|c| c.is_alphabetic());
    if letters().count() > 1 && letters().all(char::is_uppercase) {
        return suggestion.to_uppercase();
    }
    let mut chars = suggestion.chars();
    match (typed.chars().next(), chars.next()) {
        (Some(first), Some(s)) if first.is_uppercase() => s.to_uppercase().chain(chars).collect(),
        _ => suggestion.to_string(),
    }
}

/// `text` with the whole word `word` replaced by `with` wherever it stands
/// alone (not inside a longer word).
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + word.len()..].chars().next();
        let alone =
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric);
        out.push_str(&rest[..at]);
        out.push_str(if alone { with } else { word });
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacement_keeps_case_and_the_rest_of_the_text() {
        assert_eq!(same_case("Abramovitch", "abramovich"), "Abramovich");
        assert_eq!(same_case("YUKOS", "yukos"), "YUKOS");
        assert_eq!(same_case("yukos", "yukos"), "yukos");
        assert_eq!(
            replace_word(
                "\"Roman\" Abramovitch -Abramovitchs",
                "Abramovitch",
                "Abramovich"
            ),
            "\"Roman\" Abramovich -Abramovitchs"
        );
    }
}
