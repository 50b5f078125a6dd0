//! Searching: query parsing (with prefix and typo-tolerant terms), facet,
//! amount and date filters, ranking and sorting, snippets, facet counts,
//! score explanations and more-like-this.
//!
//! Every operation reads through a [`Searcher`], one reader generation
//! (`searcher`); its methods live in the room of their concern:
//!
//! | module | concern |
//! |---|---|
//! | `searcher` | the [`Searcher`], and `NewsIndex`'s delegates to it |
//! | `query` | the request: [`Query`], [`SortBy`] |
//! | `results` | what comes back: [`SearchResults`], [`Hit`], [`Snippet`], [`Explanation`] |
//! | `hits` | running a search and building its hits |
//! | `filters` | facet, folder, language, amount and date filters |
//! | `rank` | ranking in tiers or by a field, shown scores, explanations |
//! | `syntax` | query text as people type it, read before the grammar |
//! | `text` | query text → Tantivy queries, in tiers from strictest to broadest |
//! | `snippet` | highlighting: best non-overlapping fragments, title ranges |
//! | `facets` | facet browsing and the amount histogram |
//! | `similar` | more-like-this |
//! | `show` | one whole stored article |
//! | `export`, `stream`, `batch` | every match, one at a time; lists of queries |
//! | `duplicates`, `stats` | folding near-duplicates; index statistics |

mod batch;
mod dates;
mod delete;
pub(crate) mod duplicates;
mod export;
mod facet_terms;
mod facets;
mod filter_spec;
mod filters;
mod hits;
mod query;
mod rank;
mod results;
mod searcher;
mod show;
mod similar;
mod snippet;
mod stats;
mod stream;
mod suggest;
mod syntax;
mod text;

use crate::error::Result;
use crate::index::NewsIndex;

pub use batch::{read_batch, BatchMatch, BatchOutcome, BatchQuery, BatchSummary};
pub use dates::{parse_date_filter, DateBucket, DateCoverage, DateHistogram, DateInterval};
pub use duplicates::{DuplicateGroup, DuplicateReport};
pub use export::{ExportReport, ExportedArticle};
pub use facets::{
    organisation_alias, AmountBucket, FacetCount, FacetCounts, FacetField, FacetList,
    UnmatchedFilter,
};
pub use filter_spec::Filters;
pub use query::{Query, SortBy, MAX_SNIPPETS};
pub use results::{DuplicateRef, Explanation, Hit, SearchResults, Snippet};
pub use searcher::Searcher;
pub use show::IndexedArticle;
pub use stats::IndexStats;
pub use stream::StreamReport;
pub use text::MAX_QUERY_LEN;

impl NewsIndex {
    /// A [`Searcher`] on the generation searchable now: what every
    /// search-side method below runs on.
    pub fn searcher(&self) -> Result<Searcher> {
        Ok(Searcher::new(self))
    }

    /// Run a search ([`Searcher::search`]).
    pub fn search(&self, query: &Query) -> Result<SearchResults> {
        self.searcher()?.search(query)
    }

    /// Count one facet's values over the matching articles
    /// ([`Searcher::facets`]).
    pub fn facets(&self, query: &Query, field: FacetField, top: usize) -> Result<FacetList> {
        self.searcher()?.facets(query, field, top)
    }

    /// The matches counted by month or year of their date
    /// ([`Searcher::date_histogram`]).
    pub fn date_histogram(&self, query: &Query) -> Result<DateHistogram> {
        self.searcher()?.date_histogram(query)
    }

    /// Articles like the one `reference` names ([`Searcher::similar`]).
    pub fn similar(&self, reference: &str, limit: usize) -> Result<SearchResults> {
        self.searcher()?.similar(reference, limit)
    }

    /// The whole article `reference` names ([`Searcher::article`]).
    pub fn article(&self, reference: &str) -> Result<IndexedArticle> {
        self.searcher()?.article(reference)
    }

    /// The article added with the key `key`
    /// ([`Article::with_key`](crate::Article::with_key)), by key alone
    /// ([`Searcher::article_by_key`]).
    pub fn article_by_key(&self, key: &str) -> Result<IndexedArticle> {
        self.searcher()?.article_by_key(key)
    }

    /// Hand every article matching `query` to `each` ([`Searcher::export`]).
    pub fn export<F>(&self, query: &Query, each: F) -> Result<ExportReport>
    where
        F: FnMut(&ExportedArticle) -> Result<()>,
    {
        self.searcher()?.export(query, each)
    }

    /// Hand every hit of `query`, ranked, to `each` ([`Searcher::search_each`]).
    pub fn search_each<F>(&self, query: &Query, each: F) -> Result<StreamReport>
    where
        F: FnMut(Hit) -> Result<()>,
    {
        self.searcher()?.search_each(query, each)
    }

    /// Run every query of a list ([`Searcher::search_batch`]).
    pub fn search_batch<F>(
        &self,
        queries: &[BatchQuery],
        template: &Query,
        matching: BatchMatch,
        each: F,
    ) -> Result<BatchSummary>
    where
        F: FnMut(BatchOutcome) -> Result<()>,
    {
        self.searcher()?
            .search_batch(queries, template, matching, each)
    }

    /// Size, article count and commonest facet values ([`Searcher::stats`]).
    pub fn stats(&self, top: usize) -> Result<IndexStats> {
        self.searcher()?.stats(top)
    }

    /// Count the duplicates of the whole index ([`Searcher::duplicates`]).
    pub fn duplicates<F>(&self, sample: usize, progress: F) -> Result<DuplicateReport>
    where
        F: FnMut(u64, u64),
    {
        self.searcher()?.duplicates(sample, progress)
    }
}

#[cfg(test)]
mod tests;
