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
pub(crate) mod duplicates;
mod export;
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
mod syntax;
mod text;

pub use batch::{read_batch, BatchMatch, BatchOutcome, BatchQuery, BatchSummary};
pub use dates::parse_date_filter;
pub use duplicates::{DuplicateGroup, DuplicateRef, DuplicateReport};
pub use export::{ExportReport, ExportedArticle};
pub use facets::{organisation_alias, AmountBucket, FacetField, FacetList, UnmatchedFilter};
pub use filter_spec::Filters;
pub use query::{Query, SortBy, MAX_SNIPPETS};
pub use results::{Explanation, FacetCount, FacetCounts, Hit, SearchResults, Snippet};
pub use searcher::Searcher;
pub use show::IndexedArticle;
pub use stats::IndexStats;
pub use stream::StreamReport;
pub use text::MAX_QUERY_LEN;

#[cfg(test)]
mod tests;
