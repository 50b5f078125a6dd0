//! [`Searcher`]: reading the index through one reader generation. Every
//! search-side operation (search, facets, more-like-this, show, export,
//! stream, batch, stats, duplicates) is a method of it, in the room of
//! its concern; [`NewsIndex`]'s methods of the same names, all here, each
//! take a searcher of the current generation and delegate.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::Result;
use crate::index::NewsIndex;
use crate::location::Locations;
use crate::schema::Fields;

use super::batch::{BatchMatch, BatchOutcome, BatchQuery, BatchSummary};
use super::duplicates::DuplicateReport;
use super::export::{ExportReport, ExportedArticle};
use super::facets::{FacetField, FacetList};
use super::query::Query;
use super::results::{Hit, SearchResults};
use super::show::IndexedArticle;
use super::stats::IndexStats;
use super::stream::StreamReport;

/// A view of the index as of one commit (one reader generation): every
/// search, count and lookup made through it sees the same articles,
/// whatever is committed or reloaded meanwhile.
///
/// ```
/// use newsindex::{Article, NewsIndex, Query};
///
/// # fn main() -> newsindex::Result<()> {
/// let index = NewsIndex::in_memory()?;
/// let mut indexer = index.indexer()?;
/// indexer.add_article(Article::new("Cisco in Skolkovo", "Cisco will invest in Russia."))?;
/// indexer.commit()?;
///
/// let searcher = index.searcher()?;
/// let results = searcher.search(&Query::new("cisco"))?;
/// let article = searcher.article(&results.hits[0].id)?;
/// assert_eq!(article.title, "Cisco in Skolkovo");
/// # Ok(())
/// # }
/// ```
pub struct Searcher {
    /// Tantivy's searcher of the generation.
    pub(super) searcher: tantivy::Searcher,
    /// The schema's fields.
    pub(super) fields: Fields,
    /// Where the folders stored paths are relative to are, as of the
    /// generation's reload.
    locations: Arc<Locations>,
    /// The index folder (`None` in memory), for errors and sizes.
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher")
            .field("path", &self.path)
            .field("articles", &self.searcher.num_docs())
            .finish_non_exhaustive()
    }
}

impl Searcher {
    /// The folder the index lives in (`None` for an in-memory index).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Number of articles this searcher sees.
    pub fn num_articles(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// The folders stored paths are relative to, where they are now.
    pub(super) fn locations(&self) -> &Locations {
        &self.locations
    }
}

impl NewsIndex {
    /// A [`Searcher`] on the generation searchable now: what every
    /// search-side method below runs on.
    pub fn searcher(&self) -> Result<Searcher> {
        Ok(Searcher {
            searcher: self.reader.searcher(),
            fields: self.fields.clone(),
            locations: self.locations(),
            path: self.path().map(Path::to_path_buf),
        })
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

    /// Articles like the one `reference` names ([`Searcher::similar`]).
    pub fn similar(&self, reference: &str, limit: usize) -> Result<SearchResults> {
        self.searcher()?.similar(reference, limit)
    }

    /// The whole article `reference` names ([`Searcher::article`]).
    pub fn article(&self, reference: &str) -> Result<IndexedArticle> {
        self.searcher()?.article(reference)
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
