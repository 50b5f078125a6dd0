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
//! ## A tool's own articles: keys, updates, deletes
//!
//! Files are indexed by path ([`NewsIndex::index_paths`]): a changed file's
//! articles are replaced, a removed file's deleted. Articles a tool builds
//! itself take the tool's own key ([`Article::with_key`]), whose id stays
//! the same across edits: [`Indexer::update`] replaces one,
//! [`Indexer::delete`] removes one, [`Indexer::delete_query`] removes
//! whatever a query matches, and [`NewsIndex::article_by_key`] finds one.
//! Keys live apart from files: indexing or re-indexing files never
//! replaces or removes a keyed article (only an explicit
//! [`Indexer::clear`], or a run with [`IndexOptions::rebuild`], empties the
//! whole index). [`Indexer::commit_and_continue`] commits and keeps
//! writing, so a long-running tool commits every N articles with one
//! indexer.
//!
//! ```
//! use newsindex::{Article, NewsIndex, Query};
//!
//! # fn main() -> newsindex::Result<()> {
//! let index = NewsIndex::in_memory()?;
//! let mut indexer = index.indexer()?;
//! indexer.add_article(Article::new("Acme", "Acme asked for a quote.").with_key("crm/1"))?;
//! indexer.commit_and_continue()?;
//! indexer.update(Article::new("Acme", "Acme signed for three turbines.").with_key("crm/1"))?;
//! indexer.commit()?;
//! assert_eq!(index.search(&Query::new("quote"))?.total_hits, 0);
//! assert_eq!(index.article_by_key("crm/1")?.body, "Acme signed for three turbines.");
//! # Ok(())
//! # }
//! ```
//!
//! ## Handles, threads and reloading
//!
//! A [`NewsIndex`] is `Send + Sync` (checked at compile time): share one
//! handle between threads. Reads never block one another nor the writer;
//! each search runs on the generation committed when its [`Searcher`] was
//! taken, and one `Searcher` answers several reads from the same
//! generation. At most one [`Indexer`] writes an index at a time, in any
//! process ([`Error::IndexLocked`] from another process,
//! [`Error::IndexerOpen`] from this one); its settings are
//! [`NewsIndex::indexer_builder`]'s. Reloading is manual: a commit through
//! a handle's own indexer is visible through that handle at once; commits
//! by another handle or process after [`NewsIndex::reload`] (no background
//! thread watches the folder). [`NewsIndex::open_read_only`] opens a
//! handle that never writes: no lock file, and [`Error::ReadOnly`] for an
//! attempt to.
//!
//! ## Stability
//!
//! The types of the crate root are the API; `tests/public-api.txt` lists
//! them, and a test compares it with the source, so a change to them is
//! seen in review. Tantivy stays out of them: an engine failure is an
//! [`EngineError`], whose source may be downcast to Tantivy's error, an
//! escape hatch outside semver. The modules [`schema`], [`analyzer`] and
//! [`dedup`] expose Tantivy's own types and follow its versions: they are
//! for tools that work on the index itself, not a stable interface.
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
pub use error::{EngineError, Error, Parameter, Result};
pub use extract::{extract, extract_with_evidence, Amount, Entity, EntityKind, Facets};
pub use index::{
    extract_file, ChangeCount, CommitStats, CorrectionReport, ExtractedFile, FileProblem,
    Forgotten, IndexOptions, IndexReport, Indexer, IndexerBuilder, MovedFolder, NewsIndex,
    Progress, Unmatched,
};
pub use search::{
    organisation_alias, read_batch, AmountBucket, BatchMatch, BatchOutcome, BatchQuery,
    BatchSummary, DuplicateGroup, DuplicateRef, DuplicateReport, Explanation, ExportReport,
    ExportedArticle, FacetCount, FacetCounts, FacetField, FacetList, Filters, Hit, IndexStats,
    IndexedArticle, Query, SearchResults, Searcher, Snippet, SortBy, StreamReport, UnmatchedFilter,
    MAX_QUERY_LEN, MAX_SNIPPETS,
};
pub use search::{parse_date_filter, DateBucket, DateCoverage, DateHistogram, DateInterval};
