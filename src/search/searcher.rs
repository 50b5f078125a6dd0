//! [`Searcher`]: reading the index through one reader generation. Every
//! search-side operation (search, facets, more-like-this, show, export,
//! stream, batch, stats, duplicates) is a method of it, in the room of
//! its concern; [`NewsIndex`]'s methods of the same names (in
//! `search/mod.rs`) each take a searcher of the current generation and
//! delegate.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::index::NewsIndex;
use crate::location::Locations;
use crate::schema::Fields;

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
    pub(super) path: Option<PathBuf>,
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
    /// A searcher on `index`'s generation searchable now.
    pub(crate) fn new(index: &NewsIndex) -> Searcher {
        Searcher {
            searcher: index.reader.searcher(),
            fields: index.fields.clone(),
            locations: index.locations(),
            path: index.path().map(Path::to_path_buf),
        }
    }

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
