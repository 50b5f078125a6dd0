//! Deleting the articles a query matches: a method of the indexer that
//! lives beside the searches, since building the query is theirs (the
//! index layer knows nothing of queries).

use tantivy::collector::Count;

use super::query::Query;
use super::searcher::Searcher;
use crate::error::{Error, Result};
use crate::index::{engine_error, Indexer};

impl Indexer<'_> {
    /// Delete, at the next commit, every article `query` matches: its
    /// text and filters (ranking, limit, offset and duplicate folding do
    /// not apply), the articles [`NewsIndex::export`](crate::NewsIndex::export)
    /// would hand over for it. `Query::new("")` with filters deletes by
    /// filter alone. Returns how many articles of the last commit match;
    /// articles this indexer added since match too and go as well.
    ///
    /// Articles from files deleted this way stay deleted until their file
    /// changes or the index is rebuilt. A filter value no article has
    /// matches nothing, so deletes nothing.
    ///
    /// # Errors
    ///
    /// As a search's, and [`Error::InvalidQuery`] for text that is not
    /// query syntax (which a search would take as plain words: a deletion
    /// does not guess).
    ///
    /// ```
    /// use newsindex::{Article, NewsIndex, Query};
    ///
    /// # fn main() -> newsindex::Result<()> {
    /// let index = NewsIndex::in_memory()?;
    /// let mut indexer = index.indexer()?;
    /// indexer.add_article(Article::new("Wheat harvest", "The wheat harvest in France was early."))?;
    /// indexer.add_article(Article::new("Copper mine", "A copper mine in Chile reopened."))?;
    /// indexer.commit_and_continue()?;
    /// assert_eq!(indexer.delete_query(&Query::new("").country("Chile"))?, 1);
    /// indexer.commit()?;
    /// assert_eq!(index.num_articles(), 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn delete_query(&mut self, query: &Query) -> Result<u64> {
        let searcher = Searcher::new(self.news_index());
        let (matching, _unmatched, reinterpreted) = searcher.matching_query(query)?;
        if reinterpreted.is_some() {
            return Err(Error::InvalidQuery {
                query: query.text.clone(),
                reason: "not query syntax, so nothing was deleted; quote phrases with \"...\" \
                         and balance parentheses"
                    .into(),
            });
        }
        let matches = searcher
            .searcher
            .search(&matching, &Count)
            .map_err(|e| engine_error(searcher.path(), e))?;
        self.delete_matching(matching)?;
        Ok(matches as u64)
    }
}
