//! # newsindex
//!
//! An embeddable full-text search index for news articles. It reads plain
//! text, HTML, JSON Lines and Reuters-21578 SGML, extracts facets from the
//! text itself (countries, organisations, money amounts), and stores
//! everything in a [Tantivy](https://docs.rs/tantivy) index on disk or in
//! memory. Queries are ranked by BM25 and return highlighted snippets,
//! filterable and countable by facet.
//!
//! ```
//! use newsindex::{Article, NewsIndex, Query};
//!
//! # fn main() -> newsindex::Result<()> {
//! let index = NewsIndex::in_memory()?;
//! let mut indexer = index.indexer()?;
//! indexer.add_article(Article::new(
//!     "Cisco signs Skolkovo deal",
//!     "Cisco will invest $1 billion in Skolkovo, near Moscow, the Skolkovo Foundation said.",
//! ))?;
//! indexer.commit()?;
//!
//! let results = index.search(&Query::new("cisco skolkovo").country("Russia"))?;
//! assert_eq!(results.hits[0].title, "Cisco signs Skolkovo deal");
//! assert!(results.hits[0].amounts.iter().any(|a| a.usd == Some(1e9)));
//! # Ok(())
//! # }
//! ```
//!
//! Duplicates are found while indexing ([`dedup`]): exact copies and
//! near-duplicates (reprints, corrected versions) share a group, a search
//! shows each group once ([`Hit::similar`], [`Hit::copies`];
//! [`Query::all_duplicates`] shows every article), and
//! [`NewsIndex::duplicates`] counts them over the whole index.
//!
//! Each article's language is detected ([`language`]): English text is
//! stemmed as English, and an article in another language Snowball stems
//! ([`analyzer::STEMMED_LANGUAGES`]) is also indexed with its own
//! language's stemmer, so `électoral` finds a French article's
//! `électorales` and `Wahl` a German one's `Wahlen`.
//!
//! The user's own fixes to the entity facets ([`corrections`]: merge,
//! rename, re-parent, drop values, move names between people and
//! organisations) come from a TOML file kept in the index folder, applied
//! by every indexing run and re-applied to a whole index from what it
//! stores ([`NewsIndex::apply_corrections`]): the extracted values are
//! kept, so a rule removed gives them back.
//!
//! The library never prints: indexing reports progress through a callback
//! and returns an [`IndexReport`]; searches return serde-serialisable
//! [`SearchResults`] with highlight ranges for the host to render.
//!
//! With the `server` cargo feature (on by default), `server` serves an
//! index over HTTP: a JSON API mirroring these types and a search page
//! (`search serve`); `default-features = false` leaves out its async
//! runtime.
#![deny(missing_docs)]

pub mod analyzer;
mod article;
pub mod corrections;
pub mod dedup;
mod document;
mod error;
pub mod extract;
mod index;
pub mod ingest;
pub mod language;
mod location;
pub mod schema;
mod search;
#[cfg(feature = "server")]
pub mod server;

pub use article::{Article, Labels};
pub use corrections::{Corrections, CorrectionsError};
pub use document::StoredArticle;
pub use error::{Error, Parameter, Result};
pub use extract::{extract, extract_with_evidence, Amount, Entity, EntityKind, Facets};
pub use index::{
    extract_file, ChangeCount, CorrectionReport, ExtractedFile, FileProblem, IndexOptions,
    IndexReport, Indexer, NewsIndex, Progress, Unmatched,
};
pub use search::parse_date_filter;
pub use search::DateCoverage;
pub use search::{
    organisation_alias, read_batch, AmountBucket, BatchMatch, BatchOutcome, BatchQuery,
    BatchSummary, DuplicateGroup, DuplicateRef, DuplicateReport, Explanation, ExportReport,
    ExportedArticle, FacetCount, FacetCounts, FacetField, FacetList, Filters, Hit, IndexStats,
    IndexedArticle, Query, SearchResults, Searcher, Snippet, SortBy, StreamReport, UnmatchedFilter,
    MAX_QUERY_LEN, MAX_SNIPPETS,
};
