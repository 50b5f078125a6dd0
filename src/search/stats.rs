//! Index statistics: size, article count and the commonest facet values,
//! counted as `search facets` counts them.

use std::path::PathBuf;

use serde::Serialize;
use tantivy::query::AllQuery;

use super::facets::FacetCount;
use super::searcher::Searcher;
use crate::error::Result;
use crate::index::folder_size;

impl Searcher {
    /// Size on disk, article count and the most frequent facet values
    /// (counted as `search facets` counts them, over every article).
    pub fn stats(&self, top: usize) -> Result<IndexStats> {
        let searcher = &self.searcher;
        let (_, counts) = self.count_facets(&AllQuery, top)?;
        Ok(IndexStats {
            path: self.path().map(PathBuf::from),
            articles: searcher.num_docs(),
            dated_articles: self.date_coverage()?.dated,
            segments: searcher.segment_readers().len(),
            size_bytes: self.path().map(folder_size).unwrap_or(0),
            top_countries: counts.countries,
            top_organisations: counts.organisations,
            top_people: counts.people,
            top_currencies: counts.currencies,
        })
    }
}

/// What [`NewsIndex::stats`](crate::NewsIndex::stats) reports.
#[derive(Debug, Clone, Serialize)]
pub struct IndexStats {
    /// Index folder (`None` in memory).
    pub path: Option<PathBuf>,
    /// Searchable articles.
    pub articles: u64,
    /// Articles with a publication date (the others are left out by date
    /// filters and sort last by date).
    pub dated_articles: u64,
    /// Tantivy segments.
    pub segments: usize,
    /// Bytes on disk.
    pub size_bytes: u64,
    /// Most frequent countries.
    pub top_countries: Vec<FacetCount>,
    /// Most frequent organisations.
    pub top_organisations: Vec<FacetCount>,
    /// Most frequent people.
    pub top_people: Vec<FacetCount>,
    /// Most frequent currencies among amounts.
    pub top_currencies: Vec<FacetCount>,
}
