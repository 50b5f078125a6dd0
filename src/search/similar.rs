//! More like this: articles sharing an article's most distinctive words.

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur, TermQuery};
use tantivy::schema::{IndexRecordOption, OwnedValue, TantivyDocument, Value};
use tantivy::{DocAddress, Term};

use super::results::SearchResults;
use super::searcher::Searcher;
use super::text::BoxedQuery;
use crate::error::{Error, Result};
use crate::index::engine_error;

/// Most distinctive terms of the reference article the query keeps.
const MAX_QUERY_TERMS: usize = 25;

/// Words too common in news to say what an article is about, as the
/// English stemmer leaves them.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "also", "an", "and", "are", "as", "at", "be", "been", "but", "by",
    "for", "from", "ha", "had", "has", "have", "he", "his", "in", "is", "it", "its", "last",
    "more", "new", "not", "of", "on", "one", "or", "over", "said", "sai", "say", "says", "that",
    "the", "their", "thi", "this", "to", "two", "wa", "was", "were", "which", "will", "with",
    "would", "year",
];

impl Searcher {
    /// Articles like the one with this id (as in [`Hit::id`](crate::StoredArticle::id))
    /// or from this indexed file (its first article), best first: Tantivy's
    /// more-like-this over title and body, the article itself excluded.
    pub fn similar(&self, reference: &str, limit: usize) -> Result<SearchResults> {
        let searcher = &self.searcher;
        let engine = |e| engine_error(self.path(), e);
        let (address, doc) = self.find_article(reference)?;
        let f = &self.fields;
        let text = |field| -> String {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let id = text(f.id);
        let num_docs = searcher.num_docs();
        let like: BoxedQuery = Box::new(
            MoreLikeThisQuery::builder()
                .with_min_doc_frequency(1)
                // Terms in most articles say little; keep them only in tiny indexes.
                .with_max_doc_frequency((num_docs / 2).max(2))
                .with_min_term_frequency(1)
                .with_min_word_length(3)
                .with_max_query_terms(MAX_QUERY_TERMS)
                .with_stop_words(STOP_WORDS.iter().map(|w| w.to_string()).collect())
                .with_document_fields(vec![
                    (f.title, vec![OwnedValue::Str(text(f.title))]),
                    (f.body, vec![OwnedValue::Str(text(f.body))]),
                ]),
        );
        let query = BooleanQuery::new(vec![
            (Occur::Must, like),
            (
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.id, &id),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        let total_hits = searcher.search(&query, &Count).map_err(engine)?;
        let ranked = if limit == 0 || total_hits == 0 {
            Vec::new()
        } else {
            searcher
                .search(
                    &query,
                    &TopDocs::with_limit(limit.min(total_hits)).order_by_score(),
                )
                .map_err(engine)?
        };
        let hits = ranked
            .into_iter()
            .filter(|(_, a)| *a != address)
            .enumerate()
            .map(|(i, (score, address))| {
                let doc: TantivyDocument = searcher.doc(address).map_err(engine)?;
                Ok(self.to_hit(i + 1, score, &doc, None, 1))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(SearchResults {
            query: reference.to_string(),
            total_hits,
            partial_hits: 0,
            suggestions: Vec::new(),
            hits,
            facets: None,
            reinterpreted: None,
            unmatched_filters: Vec::new(),
            all_duplicates: false,
            dated: None,
        })
    }

    /// The article with this id, or the first article of this file.
    pub(crate) fn find_article(&self, reference: &str) -> Result<(DocAddress, TantivyDocument)> {
        if let Some(found) = self.find_id(reference.trim())? {
            return Ok(found);
        }
        self.first_of_file(reference)?
            .ok_or_else(|| Error::ArticleNotFound(reference.to_string()))
    }

    /// The article with this id, if any.
    pub(crate) fn find_id(&self, id: &str) -> Result<Option<(DocAddress, TantivyDocument)>> {
        let engine = |e| engine_error(self.path(), e);
        let id = Term::from_field_text(self.fields.id, id);
        let query = TermQuery::new(id, IndexRecordOption::Basic);
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .map_err(engine)?;
        match top.into_iter().next() {
            Some((_, address)) => {
                let doc = self.searcher.doc(address).map_err(engine)?;
                Ok(Some((address, doc)))
            }
            None => Ok(None),
        }
    }
}
