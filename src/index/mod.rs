//! Opening and creating indexes, and writing articles into them.
//!
//! A run cuts files into pieces of whole records, parses and extracts the
//! pieces on worker threads (every core, even for one big file) and feeds
//! a single Tantivy writer in file order, with a bounded number of pieces
//! in flight (see `pipeline`); everything a run adds
//! becomes visible in one commit, together with the manifest that makes the
//! next run incremental, so a run that dies leaves the previous index
//! exactly as it was.
//!
//! This module holds the handle, [`NewsIndex`]; each concern of an index
//! has a room of its own:
//!
//! - `store`: the folder on disk (marker file, creating, opening, removing,
//!   read-only folders) and how engine errors map to ours;
//! - `run`: the public types of an indexing run (options, progress, report);
//! - `writer`: the [`Indexer`], which writes articles and commits;
//! - `pipeline`: incremental runs over files, read on worker threads;
//! - `extracted`: reading a file and extracting its articles' facets;
//! - `roots`: the files and folders indexed from, found again after a
//!   move or forgotten on request;
//! - `manifest`: the files an index holds, for incremental runs (where
//!   they are, for portable indexes, is [`crate::location`], which search
//!   reads too).

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use tantivy::{IndexReader, ReloadPolicy};

use crate::error::{Error, Result};
use crate::ingest::WalkOptions;
use crate::schema::{self, Fields, SCHEMA_VERSION};

mod extracted;
mod manifest;
mod pipeline;
mod recorrect;
mod roots;
mod run;
mod store;
mod writer;

pub use extracted::{extract_file, ExtractedFile};
pub use recorrect::{ChangeCount, CorrectionReport, Unmatched};
pub use run::{FileProblem, Forgotten, IndexOptions, IndexReport, MovedFolder, Progress};
pub use writer::{CommitStats, Indexer, IndexerBuilder};

pub(crate) use store::{engine_error, folder_size};

use crate::location::Locations;
use manifest::Manifest;
use store::{classify_folder, create_in_dir, open_existing, remove_index_files, FolderState};

/// A news index on disk or in memory: the entry point of the library.
///
/// Readers use manual reload: a search sees the state as of the last
/// [`NewsIndex::reload`] or commit made through this handle, and no
/// background thread watches the folder.
///
/// A handle is `Send + Sync`: share one (`Arc<NewsIndex>`, or a scoped
/// borrow) between threads; searches run concurrently, each on the
/// generation current when its [`Searcher`](crate::Searcher) was taken,
/// while one thread writes through an [`Indexer`] (at most one per index,
/// in this or any other process).
pub struct NewsIndex {
    pub(crate) index: tantivy::Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    path: Option<PathBuf>,
    /// Where the folders the stored paths are relative to are now, as of
    /// the last reload.
    locations: RwLock<Arc<Locations>>,
    /// Opened by [`NewsIndex::open_read_only`]: no indexer, no lock.
    read_only: bool,
}

// The handle is shared between threads (a server, a reader beside a
// writer): keep it so.
const _: () = {
    const fn send_and_sync<T: Send + Sync>() {}
    send_and_sync::<NewsIndex>();
};

impl std::fmt::Debug for NewsIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewsIndex")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl NewsIndex {
    /// Open an existing index folder.
    ///
    /// Fails with [`Error::IndexNotFound`] when there is no index there,
    /// [`Error::NotAnIndex`] when the folder holds something else,
    /// [`Error::IncompatibleIndex`] for another schema version, and
    /// [`Error::CorruptIndex`] when Tantivy cannot read it.
    pub fn open(path: impl AsRef<Path>) -> Result<NewsIndex> {
        let path = path.as_ref();
        match classify_folder(path)? {
            FolderState::Index => NewsIndex::open_folder(path),
            FolderState::Missing | FolderState::Empty => Err(Error::IndexNotFound(path.into())),
            FolderState::Foreign => Err(Error::NotAnIndex(path.into())),
        }
    }

    /// Open an existing index folder to read it only: searches, lookups
    /// and [`NewsIndex::reload`] work as with [`NewsIndex::open`], while
    /// [`NewsIndex::indexer`] and everything that writes fail with
    /// [`Error::ReadOnly`]. Nothing is written in the folder, not even a
    /// lock file, so it may be another user's or on a read-only disk, and
    /// a writer elsewhere may keep committing (see [`NewsIndex::reload`]).
    ///
    /// Fails as [`NewsIndex::open`] does.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<NewsIndex> {
        let path = path.as_ref();
        match classify_folder(path)? {
            FolderState::Index => {
                let mut index =
                    NewsIndex::from_tantivy(open_existing(path, true)?, Some(path.to_path_buf()))?;
                index.read_only = true;
                Ok(index)
            }
            FolderState::Missing | FolderState::Empty => Err(Error::IndexNotFound(path.into())),
            FolderState::Foreign => Err(Error::NotAnIndex(path.into())),
        }
    }

    /// Whether the handle was opened by [`NewsIndex::open_read_only`].
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Open the index at `path`, creating the folder and an empty index
    /// when there is none yet.
    pub fn open_or_create(path: impl AsRef<Path>) -> Result<NewsIndex> {
        let path = path.as_ref();
        match classify_folder(path)? {
            FolderState::Index => NewsIndex::open_folder(path),
            FolderState::Missing | FolderState::Empty => NewsIndex::create_folder(path),
            FolderState::Foreign => Err(Error::NotAnIndex(path.into())),
        }
    }

    /// Replace whatever index is at `path` with an empty one: for
    /// rebuilding an index written by another schema version, or a damaged
    /// one, which [`NewsIndex::open_or_create`] refuses. Only the files an
    /// index consists of are removed, under the writer lock; a folder that
    /// holds something else is refused with [`Error::NotAnIndex`].
    pub fn recreate(path: impl AsRef<Path>) -> Result<NewsIndex> {
        let path = path.as_ref();
        match classify_folder(path)? {
            FolderState::Missing | FolderState::Empty => NewsIndex::create_folder(path),
            FolderState::Foreign => Err(Error::NotAnIndex(path.into())),
            FolderState::Index => {
                remove_index_files(path)?;
                NewsIndex::create_folder(path)
            }
        }
    }

    /// A fresh index held in memory, for tests and short-lived tools.
    pub fn in_memory() -> Result<NewsIndex> {
        let index = tantivy::Index::create_in_ram(schema::build_schema());
        NewsIndex::from_tantivy(index, None)
    }

    /// The handle of the index in the folder at `path`.
    fn open_folder(path: &Path) -> Result<NewsIndex> {
        NewsIndex::from_tantivy(open_existing(path, false)?, Some(path.to_path_buf()))
    }

    /// Create an empty index in the folder at `path` and return its handle.
    fn create_folder(path: &Path) -> Result<NewsIndex> {
        NewsIndex::from_tantivy(create_in_dir(path)?, Some(path.to_path_buf()))
    }

    fn from_tantivy(index: tantivy::Index, path: Option<PathBuf>) -> Result<NewsIndex> {
        crate::analyzer::register(&index);
        let fields =
            Fields::from_schema(&index.schema()).map_err(|missing| Error::IncompatibleIndex {
                path: path.clone().unwrap_or_default(),
                found: format!("a schema without field {missing:?}"),
                expected: SCHEMA_VERSION.to_string(),
            })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| engine_error(path.as_deref(), e))?;
        let anchors = Manifest::load_anchors(&index, path.as_deref())?;
        let locations = Locations::new(path.as_deref(), anchors);
        Ok(NewsIndex {
            index,
            reader,
            fields,
            locations: RwLock::new(Arc::new(locations)),
            path,
            read_only: false,
        })
    }

    /// The folders stored paths are relative to, where they are now.
    pub(crate) fn locations(&self) -> Arc<Locations> {
        Arc::clone(&self.locations.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// The folder the index lives in (`None` for an in-memory index).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Number of articles searchable now.
    pub fn num_articles(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Pick up commits made by other handles or processes since the index
    /// was opened or last reloaded. A commit through this handle's own
    /// [`Indexer`] reloads it already; searchers taken before keep the
    /// generation they were taken on.
    pub fn reload(&self) -> Result<()> {
        self.reader
            .reload()
            .map_err(|e| engine_error(self.path.as_deref(), e))?;
        let anchors = Manifest::load_anchors(&self.index, self.path.as_deref())?;
        let locations = Arc::new(Locations::new(self.path.as_deref(), anchors));
        *self.locations.write().unwrap_or_else(|e| e.into_inner()) = locations;
        Ok(())
    }

    /// Start writing, with the default memory budget and threads
    /// ([`NewsIndex::indexer_builder`] sets them). Only one writer may
    /// hold an index at a time: a second one fails with
    /// [`Error::IndexLocked`] when another process holds the index, with
    /// [`Error::IndexerOpen`] when this process does; a read-only handle
    /// fails with [`Error::ReadOnly`].
    pub fn indexer(&self) -> Result<Indexer<'_>> {
        self.indexer_builder().build()
    }

    /// Settings for an [`Indexer`] (memory budget, threads) before it
    /// starts: `index.indexer_builder().memory_budget(64 << 20).build()?`.
    pub fn indexer_builder(&self) -> IndexerBuilder<'_> {
        IndexerBuilder::new(self)
    }

    /// Index every supported file under `paths` and commit once, with the
    /// default [`IndexOptions`] (incremental).
    ///
    /// `progress` is called from this thread as work advances. Per-file
    /// problems are collected in the report; only whole-run problems (a
    /// missing path, a locked or broken index) are errors, and then
    /// nothing of this run is committed.
    pub fn index_paths<P, F>(&self, paths: &[P], progress: F) -> Result<IndexReport>
    where
        P: AsRef<Path>,
        F: FnMut(Progress),
    {
        self.index_paths_with(paths, &IndexOptions::default(), progress)
    }

    /// [`NewsIndex::index_paths`] with options: `rebuild` starts from an
    /// empty index; a cancel flag stops the run early, committing the files
    /// finished so far (a later run picks up the rest).
    pub fn index_paths_with<P, F>(
        &self,
        paths: &[P],
        options: &IndexOptions,
        progress: F,
    ) -> Result<IndexReport>
    where
        P: AsRef<Path>,
        F: FnMut(Progress),
    {
        let started = Instant::now();
        let mut indexer = self.indexer()?;
        if options.rebuild {
            indexer.clear()?;
        }
        let mut report = indexer.add_paths_with(paths, options, progress)?;
        indexer.commit()?;
        report.elapsed = started.elapsed();
        Ok(report)
    }

    /// The files and folders indexed so far from paths (where they are
    /// now, as the README's "Portable index" tells; in the order first given; a folder
    /// replaces the files and folders inside it): what to re-scan to bring
    /// the index up to date. Empty for an index filled only through
    /// [`Indexer::add_article`].
    pub fn roots(&self) -> Result<Vec<PathBuf>> {
        let manifest = Manifest::load(&self.index, self.path.as_deref())?;
        let locations = Locations::new(self.path.as_deref(), manifest.anchors);
        Ok(manifest
            .roots
            .into_iter()
            .map(|r| locations.resolve(&r.path).into())
            .collect())
    }

    /// Bring the index up to date with the files and folders it was built
    /// from ([`NewsIndex::roots`]), each walked with the options it was
    /// last indexed with (exclude globs, hidden files, documentation), and
    /// commit once. The walk options of `options` are not used; `rebuild`
    /// and the cancel flag are. With no roots recorded, nothing changes.
    ///
    /// # Errors
    ///
    /// As [`NewsIndex::index_paths_with`]. A recorded root that is gone
    /// is not an error: it is listed in [`IndexReport::missing_roots`]
    /// and its articles are kept (an unmounted disk must not empty the
    /// index); [`NewsIndex::forget`] removes them.
    pub fn rescan_with<F>(&self, options: &IndexOptions, mut progress: F) -> Result<IndexReport>
    where
        F: FnMut(Progress),
    {
        let started = Instant::now();
        let mut indexer = self.indexer()?;
        // Runs of roots sharing their options are walked together.
        let mut groups: Vec<(WalkOptions, Vec<PathBuf>)> = Vec::new();
        let mut missing = Vec::new();
        for root in &indexer.manifest.roots {
            let path = PathBuf::from(indexer.locations.resolve(&root.path));
            // A root that is gone keeps its articles (an unmounted disk
            // must not empty the index) and does not stop the others.
            if !path.exists() {
                missing.push(path);
                continue;
            }
            match groups.last_mut() {
                Some((walk, paths)) if *walk == root.walk => paths.push(path),
                _ => groups.push((root.walk.clone(), vec![path])),
            }
        }
        if options.rebuild {
            indexer.clear()?;
        }
        let mut report = IndexReport {
            missing_roots: missing,
            ..IndexReport::default()
        };
        for (walk, paths) in groups {
            let options = IndexOptions {
                walk,
                ..options.clone()
            };
            let part = indexer.add_paths_with(&paths, &options, &mut progress)?;
            report.absorb(part);
            if report.interrupted {
                break;
            }
        }
        indexer.commit()?;
        report.elapsed = started.elapsed();
        Ok(report)
    }
}
