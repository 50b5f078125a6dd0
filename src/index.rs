//! Opening and creating indexes, and writing articles into them.
//!
//! A run reads and extracts files on worker threads (both cores) and feeds
//! a single Tantivy writer through a bounded channel; everything a run adds
//! becomes visible in one commit, together with the manifest that makes the
//! next run incremental, so a run that dies leaves the previous index
//! exactly as it was.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, RwLock};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, Lock, MmapDirectory, WatchCallback, WatchHandle, INDEX_WRITER_LOCK,
    META_LOCK,
};

use tantivy::schema::TantivyDocument;
use tantivy::{IndexReader, IndexWriter, ReloadPolicy, TantivyError, Term};

use crate::article::Article;
use crate::dedup::{self, Fingerprint};
use crate::error::{Error, Result};
use crate::extract::{self, Facets};
use crate::ingest::{self, SkipReason};
use crate::location::Locations;
use crate::manifest::{self, FileEntry, Manifest};
use crate::schema::{self, Fields, SCHEMA_VERSION};

/// File beside Tantivy's own that marks a folder as a newsindex index and
/// records the schema version it was written with.
const MARKER_FILE: &str = "newsindex.json";

/// Memory the writer may use for its in-RAM segments, shared by its threads.
/// Bounded so indexing stays well under a few hundred MB whatever the corpus size.
const WRITER_MEMORY_BUDGET: usize = 128 * 1024 * 1024;

/// Batches of files in flight between the reader threads and the writer.
const PIPELINE_DEPTH: usize = 4;

/// Files a reader thread reads and hands over at a time...
const FILES_PER_BATCH: usize = 16;

/// ...unless their content passes this many bytes first.
const BATCH_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    format: String,
    schema_version: u32,
}

/// A news index on disk or in memory: the entry point of the library.
///
/// Readers use manual reload: a search sees the state as of the last
/// [`NewsIndex::reload`] or commit made through this handle, and no
/// background thread watches the folder.
pub struct NewsIndex {
    pub(crate) index: tantivy::Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    path: Option<PathBuf>,
    /// Where the folders the stored paths are relative to are now, as of
    /// the last reload.
    locations: RwLock<Arc<Locations>>,
}

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
            FolderState::Index => open_existing(path),
            FolderState::Missing | FolderState::Empty => Err(Error::IndexNotFound(path.into())),
            FolderState::Foreign => Err(Error::NotAnIndex(path.into())),
        }
    }

    /// Open the index at `path`, creating the folder and an empty index
    /// when there is none yet.
    pub fn open_or_create(path: impl AsRef<Path>) -> Result<NewsIndex> {
        let path = path.as_ref();
        match classify_folder(path)? {
            FolderState::Index => open_existing(path),
            FolderState::Missing | FolderState::Empty => create_in_dir(path),
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
            FolderState::Missing | FolderState::Empty => create_in_dir(path),
            FolderState::Foreign => Err(Error::NotAnIndex(path.into())),
            FolderState::Index => {
                remove_index_files(path)?;
                create_in_dir(path)
            }
        }
    }

    /// A fresh index held in memory, for tests and short-lived tools.
    pub fn in_memory() -> Result<NewsIndex> {
        let index = tantivy::Index::create_in_ram(schema::build_schema());
        NewsIndex::from_tantivy(index, None)
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

    /// Pick up commits made by other processes since the index was opened.
    pub fn reload(&self) -> Result<()> {
        self.reader
            .reload()
            .map_err(|e| engine_error(self.path.as_deref(), e))?;
        let anchors = Manifest::load_anchors(&self.index, self.path.as_deref())?;
        let locations = Arc::new(Locations::new(self.path.as_deref(), anchors));
        *self.locations.write().unwrap_or_else(|e| e.into_inner()) = locations;
        Ok(())
    }

    /// Start writing. Only one writer may hold an index at a time: a second
    /// one, in this or another process, fails with [`Error::IndexLocked`].
    pub fn indexer(&self) -> Result<Indexer<'_>> {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 4);
        let writer = self
            .index
            .writer_with_num_threads(threads, WRITER_MEMORY_BUDGET)
            .map_err(|e| match e {
                TantivyError::LockFailure(LockError::LockBusy, _) => {
                    Error::IndexLocked(self.path.clone().unwrap_or_default())
                }
                // A folder this user may read but not write.
                TantivyError::LockFailure(LockError::IoError(e), _) => Error::Io {
                    path: self.path.clone().unwrap_or_default(),
                    source: std::io::Error::from(e.kind()),
                },
                other => engine_error(self.path.as_deref(), other),
            })?;
        // Read under the writer lock, so no other run can commit in between.
        let manifest = Manifest::load(&self.index, self.path.as_deref())?;
        let locations = Locations::new(self.path.as_deref(), manifest.anchors.clone());
        Ok(Indexer {
            index: self,
            writer,
            pending_changes: 0,
            manifest,
            locations,
            grouper: dedup::Grouper::default(),
        })
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
    /// As [`NewsIndex::index_paths_with`]; [`Error::PathNotFound`] when a
    /// recorded root is gone (an unmounted disk must not empty the index).
    pub fn rescan_with<F>(&self, options: &IndexOptions, mut progress: F) -> Result<IndexReport>
    where
        F: FnMut(Progress),
    {
        let started = Instant::now();
        let mut indexer = self.indexer()?;
        // Runs of roots sharing their options are walked together.
        let mut groups: Vec<(ingest::WalkOptions, Vec<PathBuf>)> = Vec::new();
        for root in &indexer.manifest.roots {
            let path = PathBuf::from(indexer.locations.resolve(&root.path));
            match groups.last_mut() {
                Some((walk, paths)) if *walk == root.walk => paths.push(path),
                _ => groups.push((root.walk.clone(), vec![path])),
            }
        }
        if options.rebuild {
            indexer.clear()?;
        }
        let mut report = IndexReport::default();
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

/// One step of progress while indexing, for the host to display.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Progress {
    /// The paths were walked: this many files will be read.
    Walked {
        /// Files to read.
        files: usize,
    },
    /// One more file was read and its articles handed to the writer.
    File {
        /// The file.
        path: PathBuf,
        /// Files done so far.
        done: usize,
        /// Articles added so far.
        articles: u64,
    },
}

/// Options of an indexing run.
#[derive(Debug, Clone, Default)]
pub struct IndexOptions {
    rebuild: bool,
    cancel: Option<Arc<AtomicBool>>,
    walk: ingest::WalkOptions,
}

impl IndexOptions {
    /// Incremental indexing, not cancellable.
    pub fn new() -> IndexOptions {
        IndexOptions::default()
    }

    /// Start from an empty index instead of updating the existing one.
    pub fn rebuild(mut self, rebuild: bool) -> IndexOptions {
        self.rebuild = rebuild;
        self
    }

    /// Stop early once `flag` is set (say, from a Ctrl-C handler). Files
    /// finished by then are kept; the rest are left for the next run.
    pub fn cancel_flag(mut self, flag: Arc<AtomicBool>) -> IndexOptions {
        self.cancel = Some(flag);
        self
    }

    /// Also index hidden files and folders (names starting with `.`).
    pub fn hidden(mut self, yes: bool) -> IndexOptions {
        self.walk = self.walk.hidden(yes);
        self
    }

    /// Also index documentation files (README, LICENSE, ...) and word
    /// lists found in folders; see [`ingest::walk_with`].
    pub fn include_docs(mut self, yes: bool) -> IndexOptions {
        self.walk = self.walk.include_docs(yes);
        self
    }

    /// Leave out files and folders matching this glob (`.gitignore`
    /// syntax, relative to each folder indexed). Repeatable. Articles of
    /// files indexed before that now match are removed.
    pub fn exclude(mut self, glob: impl Into<String>) -> IndexOptions {
        self.walk = self.walk.exclude(glob);
        self
    }

    fn cancelled(&self) -> bool {
        self.cancel
            .as_ref()
            .is_some_and(|flag| flag.load(Ordering::Relaxed))
    }
}

/// Summary of an indexing run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexReport {
    /// Files seen by the walk (supported or not).
    pub files_seen: usize,
    /// Files read for the first time.
    pub files_new: usize,
    /// Files read again because their content changed.
    pub files_updated: usize,
    /// Files whose size and time, or content hash, had not changed: not re-read.
    pub files_unchanged: usize,
    /// Files indexed before that are gone from the folders indexed: their articles were removed.
    pub files_removed: usize,
    /// Articles written (from new and updated files).
    pub articles_indexed: u64,
    /// Skipped files counted by reason ("unsupported", "binary", ...).
    pub skipped: BTreeMap<String, usize>,
    /// Every problem worth showing a user: a path and what was wrong with it.
    /// Unsupported file types are counted in `skipped` but not listed here.
    pub problems: Vec<FileProblem>,
    /// True when the run was cancelled: only the files finished were committed.
    pub interrupted: bool,
    /// Wall time of the run, commit included (in JSON: `elapsed_secs`, a
    /// number of seconds).
    #[serde(rename = "elapsed_secs", serialize_with = "as_secs")]
    pub elapsed: Duration,
}

/// A duration as a plain number of seconds, for JSON readers.
fn as_secs<S: serde::Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(duration.as_secs_f64())
}

impl IndexReport {
    /// Articles indexed per second of wall time.
    pub fn articles_per_second(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.articles_indexed as f64 / secs
        } else {
            0.0
        }
    }

    /// Add the counts of another run over other roots into this one.
    fn absorb(&mut self, other: IndexReport) {
        self.files_seen += other.files_seen;
        self.files_new += other.files_new;
        self.files_updated += other.files_updated;
        self.files_unchanged += other.files_unchanged;
        self.files_removed += other.files_removed;
        self.articles_indexed += other.articles_indexed;
        for (kind, n) in other.skipped {
            *self.skipped.entry(kind).or_default() += n;
        }
        self.problems.extend(other.problems);
        self.interrupted |= other.interrupted;
    }

    /// Files skipped for any reason.
    pub fn files_skipped(&self) -> usize {
        self.skipped.values().sum()
    }

    fn skip(&mut self, path: PathBuf, reason: &SkipReason) {
        *self.skipped.entry(reason.kind().to_string()).or_default() += 1;
        if reason.is_listed() {
            self.problems.push(FileProblem {
                path,
                problem: reason.to_string(),
                skipped: true,
            });
        }
    }
}

/// A problem with one file (or one record of it) that did not stop the run.
#[derive(Debug, Clone, Serialize)]
pub struct FileProblem {
    /// The file.
    pub path: PathBuf,
    /// What was wrong, in a short phrase.
    pub problem: String,
    /// True when the whole file was skipped; false for a warning about a
    /// file that was indexed (a malformed line, a decoding fallback).
    pub skipped: bool,
}

/// Writes articles into a [`NewsIndex`]. Nothing is visible to searches,
/// nor durable, until [`Indexer::commit`]; dropping an indexer without
/// committing discards its work and leaves the index as it was.
pub struct Indexer<'a> {
    index: &'a NewsIndex,
    writer: IndexWriter,
    /// Additions, deletions and manifest updates not yet committed: with
    /// none, a commit is skipped and the index folder left untouched.
    pending_changes: u64,
    manifest: Manifest,
    /// The anchors of the stored paths, with those this run adds.
    locations: Locations,
    /// Near-duplicate groups of the articles written so far.
    grouper: dedup::Grouper,
}

impl std::fmt::Debug for Indexer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Indexer")
            .field("index", &self.index)
            .field("pending_changes", &self.pending_changes)
            .finish_non_exhaustive()
    }
}

/// What a reader thread found for one file.
enum FileOutcome {
    /// Same fingerprint as last time: not parsed.
    Unchanged(FileEntry),
    /// New or changed: parsed, facets extracted.
    Read {
        entry: FileEntry,
        articles: Vec<(Article, Facets, Fingerprint)>,
        warnings: Vec<String>,
    },
    /// Yields nothing.
    Skipped(SkipReason),
}

impl Indexer<'_> {
    /// Add one article, extracting its facets from its text. An article
    /// with the same [`Article::id`] already in the index is replaced.
    pub fn add_article(&mut self, article: Article) -> Result<()> {
        let facets = extract::extract_dated(
            &article.title,
            &article.body,
            extract::article_date(&article),
        );
        self.add_extracted(&article, &facets)
    }

    /// Add one article with facets the caller already has.
    pub fn add_extracted(&mut self, article: &Article, facets: &Facets) -> Result<()> {
        let id = article.id();
        self.writer
            .delete_term(Term::from_field_text(self.index.fields.id, &id));
        let fingerprint = Fingerprint::of(&article.title, &article.body);
        self.write(&id, article, facets, &fingerprint)
    }

    /// Add a document without first deleting its id: for callers that have
    /// already deleted, by path, everything the article could replace.
    /// (Each queued delete costs memory and time until the commit.)
    fn write(
        &mut self,
        id: &str,
        article: &Article,
        facets: &Facets,
        fingerprint: &Fingerprint,
    ) -> Result<()> {
        let mut doc = crate::document::write(&self.index.fields, id, article, facets);
        self.add_duplicate_fields(&mut doc, id, fingerprint)?;
        if let Err(e) = self.writer.add_document(doc) {
            // A worker thread of the writer failed (a full disk): its own
            // error, which says why, comes back when the workers are joined.
            let e = match e {
                TantivyError::ErrorInThread(_) => match self.writer.prepare_commit() {
                    Err(cause) => cause,
                    Ok(_) => e,
                },
                other => other,
            };
            return Err(engine_error(self.index.path.as_deref(), e));
        }
        self.pending_changes += 1;
        Ok(())
    }

    /// Duplicate detection: the article's group (assigned here, on the
    /// writer thread, against every article indexed so far), text hash and
    /// signature.
    fn add_duplicate_fields(
        &mut self,
        doc: &mut TantivyDocument,
        id: &str,
        fingerprint: &Fingerprint,
    ) -> Result<()> {
        let searcher = self.index.reader.searcher();
        let group = self
            .grouper
            .assign(&searcher, dedup::group_key(id), fingerprint)
            .map_err(|e| engine_error(self.index.path.as_deref(), e))?;
        let f = &self.index.fields;
        doc.add_u64(f.dup_group, group);
        doc.add_u64(f.dup_text, fingerprint.text);
        doc.add_bytes(f.dup_signature, &fingerprint.signature_bytes());
        doc.add_u64(f.dup_shingles, fingerprint.shingles as u64);
        Ok(())
    }

    /// Whether the last commit holds articles from this path.
    fn path_indexed(&self, path_term: &Term) -> Result<bool> {
        let searcher = self.index.reader.searcher();
        let doc_freq = searcher
            .doc_freq(path_term)
            .map_err(|e| engine_error(self.index.path.as_deref(), e))?;
        Ok(doc_freq > 0)
    }

    /// Remove every article, so the commit leaves only what is added after.
    pub fn clear(&mut self) -> Result<()> {
        self.writer
            .delete_all_documents()
            .map_err(|e| engine_error(self.index.path.as_deref(), e))?;
        self.manifest = Manifest::default();
        self.grouper.clear();
        self.pending_changes += 1;
        Ok(())
    }

    /// Read every supported file under `paths` (folders are walked
    /// recursively) and add its articles, incrementally: see
    /// [`Indexer::add_paths_with`]. Does not commit.
    pub fn add_paths<P, F>(&mut self, paths: &[P], progress: F) -> Result<IndexReport>
    where
        P: AsRef<Path>,
        F: FnMut(Progress),
    {
        self.add_paths_with(paths, &IndexOptions::default(), progress)
    }

    /// Read files under `paths` and bring the index up to date with them:
    /// files whose size and modification time (or, failing that, content
    /// hash) are unchanged since the last commit are not re-read; changed
    /// files have their articles replaced; files indexed before from these
    /// folders that no longer exist have their articles removed. Does not
    /// commit; `options.rebuild` is applied by
    /// [`NewsIndex::index_paths_with`], not here.
    pub fn add_paths_with<P, F>(
        &mut self,
        paths: &[P],
        options: &IndexOptions,
        mut progress: F,
    ) -> Result<IndexReport>
    where
        P: AsRef<Path>,
        F: FnMut(Progress),
    {
        let started = Instant::now();
        // Walk from canonical roots, so every file's path (its key in the
        // index and manifest) is the same however the folder was named
        // (`corpus`, `./corpus/`, an absolute path) without resolving each
        // file on its own.
        let paths: Vec<PathBuf> = paths
            .iter()
            .map(|p| fs::canonicalize(p).unwrap_or_else(|_| p.as_ref().to_path_buf()))
            .collect();
        let walk = ingest::walk_with(&paths, &options.walk)?;
        for root in &paths {
            if self.locations.anchor(root) {
                self.pending_changes += 1;
            }
            let key = self.key(root);
            let locations = &self.locations;
            if self
                .manifest
                .add_root(&key, &options.walk, |key| locations.resolve(key))
            {
                self.pending_changes += 1;
            }
        }
        let mut report = IndexReport {
            files_seen: walk.files.len() + walk.problems.len(),
            ..IndexReport::default()
        };
        for (path, reason) in &walk.problems {
            report.skip(path.clone(), reason);
        }
        progress(Progress::Walked {
            files: walk.files.len(),
        });

        // Reader threads compare against the manifest as it was; this
        // thread builds the new one.
        let previous = self.manifest.clone();
        let locations = self.locations.clone();
        let files = &walk.files;
        let next = AtomicUsize::new(0);
        let workers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(files.len().max(1));
        let (sender, receiver) =
            mpsc::sync_channel::<Vec<(usize, String, FileOutcome)>>(PIPELINE_DEPTH);
        let mut seen: HashSet<String> = HashSet::with_capacity(files.len());

        std::thread::scope(|scope| -> Result<()> {
            for _ in 0..workers {
                let sender = sender.clone();
                let (next, previous, locations) = (&next, &previous, &locations);
                // Files are claimed one at a time, so both workers stay busy
                // to the end even when a corpus is a few large files (22
                // parts of 1,000 articles: claiming 16 at a time left one
                // worker 16 files and the other 6). They are handed over in
                // small batches: one channel round trip per file would
                // dominate a re-run where nearly every file is unchanged.
                scope.spawn(move || {
                    let mut batch = Vec::with_capacity(FILES_PER_BATCH);
                    let mut batch_bytes = 0;
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= files.len() || options.cancelled() {
                            break;
                        }
                        let path = &files[i];
                        let key = key_of(locations, path);
                        let outcome = process_file(path, &key, previous.files.get(&key));
                        if let FileOutcome::Read { entry, .. } = &outcome {
                            batch_bytes += entry.size;
                        }
                        batch.push((i, key, outcome));
                        // Big files go on their own, so memory in flight
                        // stays bounded by bytes, not by a count of files.
                        if batch.len() >= FILES_PER_BATCH || batch_bytes >= BATCH_BYTES {
                            if sender.send(std::mem::take(&mut batch)).is_err() {
                                return; // the writer stopped: give up quietly
                            }
                            batch_bytes = 0;
                        }
                    }
                    if !batch.is_empty() {
                        // An error means the writer stopped: nothing to do.
                        let _ = sender.send(batch);
                    }
                });
            }
            drop(sender);

            // Dropping the receiver when this loop ends (even early)
            // releases any reader blocked on a full channel.
            let mut done = 0;
            'receive: for batch in receiver {
                for (i, key, outcome) in batch {
                    let path = &files[i];
                    self.apply(path, key.clone(), outcome, &mut report)?;
                    seen.insert(key);
                    done += 1;
                    progress(Progress::File {
                        path: path.clone(),
                        done,
                        articles: report.articles_indexed,
                    });
                }
                if options.cancelled() {
                    break 'receive;
                }
            }
            Ok(())
        })?;

        report.interrupted = options.cancelled();
        if !report.interrupted {
            self.remove_vanished(&paths, &walk.problems, &seen, &mut report);
        }
        report.elapsed = started.elapsed();
        Ok(report)
    }

    /// The stored path (key) of a file or folder on disk.
    fn key(&self, path: &Path) -> String {
        key_of(&self.locations, path)
    }

    /// Bring one file's articles and manifest entry up to date.
    fn apply(
        &mut self,
        path: &Path,
        key: String,
        outcome: FileOutcome,
        report: &mut IndexReport,
    ) -> Result<()> {
        let path_term = Term::from_field_text(self.index.fields.path, &key);
        match outcome {
            FileOutcome::Unchanged(entry) => {
                report.files_unchanged += 1;
                if self.manifest.files.get(&key) != Some(&entry) {
                    self.manifest.files.insert(key, entry);
                    self.pending_changes += 1;
                }
            }
            FileOutcome::Read {
                entry,
                articles,
                warnings,
            } => {
                // Replace whatever this file contributed before, even
                // articles at positions it no longer has. Article ids derive
                // from the path, so the path delete covers them all; a file
                // new to the index needs no delete at all.
                if self.manifest.files.contains_key(&key) || self.path_indexed(&path_term)? {
                    self.writer.delete_term(path_term);
                    self.pending_changes += 1;
                }
                for (article, facets, fingerprint) in &articles {
                    self.write(&article.id(), article, facets, fingerprint)?;
                }
                report.articles_indexed += articles.len() as u64;
                if self.manifest.files.insert(key, entry).is_some() {
                    report.files_updated += 1;
                } else {
                    report.files_new += 1;
                }
                report
                    .problems
                    .extend(warnings.into_iter().map(|problem| FileProblem {
                        path: path.to_path_buf(),
                        problem,
                        skipped: false,
                    }));
            }
            FileOutcome::Skipped(reason) => {
                // A file that now yields nothing (emptied, turned binary)
                // no longer contributes articles; one we merely cannot
                // read right now keeps its old ones.
                if !matches!(reason, SkipReason::Unreadable(_))
                    && self.manifest.files.remove(&key).is_some()
                {
                    self.writer.delete_term(path_term);
                    self.pending_changes += 1;
                }
                report.skip(path.to_path_buf(), &reason);
            }
        }
        Ok(())
    }

    /// Remove the articles of files indexed before from under `roots` that
    /// the walk no longer found. Files under a path the walk could not
    /// enter are kept: absence of evidence is not deletion.
    fn remove_vanished(
        &mut self,
        roots: &[PathBuf],
        walk_problems: &[(PathBuf, SkipReason)],
        seen: &HashSet<String>,
        report: &mut IndexReport,
    ) {
        let blocked: Vec<String> = walk_problems
            .iter()
            .filter(|(_, reason)| reason.is_listed())
            .map(|(path, _)| ingest::path_string(path))
            .collect();
        let roots: Vec<String> = roots.iter().map(|r| ingest::path_string(r)).collect();
        // Decided on paths on disk: a root may hold files of several anchors.
        let gone: Vec<String> = self
            .manifest
            .files
            .keys()
            .filter(|key| !seen.contains(*key))
            .filter(|key| {
                let path = self.locations.resolve(key);
                roots.iter().any(|root| manifest::is_under(&path, root))
                    && !blocked.iter().any(|b| manifest::is_under(&path, b))
            })
            .cloned()
            .collect();
        for key in gone {
            self.writer
                .delete_term(Term::from_field_text(self.index.fields.path, &key));
            self.manifest.files.remove(&key);
            self.pending_changes += 1;
            report.files_removed += 1;
        }
    }

    /// Make everything added so far durable and visible, atomically: the
    /// articles and the manifest switch together in one Tantivy commit.
    /// With nothing pending, nothing is written: the index folder is left
    /// exactly as it was.
    pub fn commit(mut self) -> Result<()> {
        if self.pending_changes == 0 {
            return Ok(());
        }
        let path = self.index.path.clone();
        let engine = |e| engine_error(path.as_deref(), e);
        self.manifest.anchors = self.locations.anchors();
        let payload = self.manifest.save(path.as_deref())?;
        let mut prepared = self.writer.prepare_commit().map_err(engine)?;
        prepared.set_payload(&payload);
        prepared.commit().map_err(engine)?;
        if let Some(dir) = path.as_deref() {
            Manifest::remove_stale(dir, &payload);
        }
        self.index.reload()?;
        // Wait for merges so the process exits with a tidy folder.
        self.writer.wait_merging_threads().map_err(engine)
    }
}

/// The stored path of a file or folder on disk: its key under its anchor,
/// or the path itself when it lies in none.
fn key_of(locations: &Locations, path: &Path) -> String {
    locations
        .key_of(path)
        .unwrap_or_else(|| ingest::path_string(path))
}

/// Runs on reader threads: fingerprint one file and, when it changed since
/// `previous`, parse it and extract each article's facets.
fn process_file(path: &Path, key: &str, previous: Option<&FileEntry>) -> FileOutcome {
    let (size, mtime_ns) = match fs::metadata(path) {
        Ok(meta) => manifest::stat(&meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return FileOutcome::Skipped(SkipReason::Unreadable("vanished during the run".into()))
        }
        Err(e) => return FileOutcome::Skipped(SkipReason::Unreadable(e.to_string())),
    };
    if let Some(prev) = previous.filter(|p| p.size == size && p.mtime_ns == mtime_ns) {
        return FileOutcome::Unchanged(prev.clone());
    }
    let (format, bytes) = match ingest::read_bytes(path) {
        Ok(read) => read,
        Err(reason) => return FileOutcome::Skipped(reason),
    };
    let hash = manifest::hash(&bytes);
    if let Some(prev) = previous.filter(|p| p.hash == hash) {
        // Touched but not changed: remember the new time, skip the parse.
        return FileOutcome::Unchanged(FileEntry {
            size,
            mtime_ns,
            ..prev.clone()
        });
    }
    match ingest::parse_bytes(format, &bytes, Some(key)) {
        Ok(parsed) => {
            let articles: Vec<(Article, Facets, Fingerprint)> = parsed
                .articles
                .into_iter()
                .map(|article| {
                    let facets = extract::extract_dated(
                        &article.title,
                        &article.body,
                        extract::article_date(&article),
                    );
                    // Duplicate detection's share of the work, here on the
                    // reader threads: the writer only compares.
                    let fingerprint = Fingerprint::of(&article.title, &article.body);
                    (article, facets, fingerprint)
                })
                .collect();
            FileOutcome::Read {
                entry: FileEntry {
                    size,
                    mtime_ns,
                    hash,
                    articles: articles.len() as u64,
                },
                articles,
                warnings: parsed.warnings,
            }
        }
        Err(reason) => FileOutcome::Skipped(reason),
    }
}

enum FolderState {
    Missing,
    Empty,
    Index,
    Foreign,
}

fn classify_folder(path: &Path) -> Result<FolderState> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    if !path.exists() {
        return Ok(FolderState::Missing);
    }
    if !path.is_dir() {
        return Err(Error::NotAFolder(path.to_path_buf()));
    }
    if path.join(MARKER_FILE).is_file() || path.join("meta.json").is_file() {
        return Ok(FolderState::Index);
    }
    let mut entries = fs::read_dir(path).map_err(io)?;
    Ok(match entries.next() {
        None => FolderState::Empty,
        Some(_) => FolderState::Foreign,
    })
}

fn create_in_dir(path: &Path) -> Result<NewsIndex> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    fs::create_dir_all(path).map_err(io)?;
    let index = tantivy::Index::builder()
        .schema(schema::build_schema())
        .settings(index_settings())
        .create_in_dir(path)
        .map_err(|e| engine_error(Some(path), e))?;
    let marker = Marker {
        format: "newsindex".into(),
        schema_version: SCHEMA_VERSION,
    };
    let json = serde_json::to_string_pretty(&marker).expect("marker serialises");
    // Write then rename, so a crash never leaves a half-written marker.
    let tmp = path.join(format!("{MARKER_FILE}.tmp"));
    fs::write(&tmp, json).map_err(io)?;
    fs::rename(&tmp, path.join(MARKER_FILE)).map_err(io)?;
    NewsIndex::from_tantivy(index, Some(path.to_path_buf()))
}

/// Delete an index's files (ours and Tantivy's segment files, named by a
/// 32-hex-digit segment id), holding the writer lock so no running writer
/// is pulled from under.
fn remove_index_files(path: &Path) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let directory = MmapDirectory::open(path).map_err(|e| Error::CorruptIndex {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let _lock = directory
        .acquire_lock(&INDEX_WRITER_LOCK)
        .map_err(|_| Error::IndexLocked(path.to_path_buf()))?;
    for entry in fs::read_dir(path).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let segment_file = name.len() > 33
            && name.as_bytes()[32] == b'.'
            && name[..32].bytes().all(|b| b.is_ascii_hexdigit());
        let ours = matches!(name.as_str(), "meta.json" | ".managed.json" | MARKER_FILE)
            || (name.starts_with("manifest-") && name.contains(".json"));
        if (segment_file || ours) && entry.path().is_file() {
            fs::remove_file(entry.path()).map_err(io)?;
        }
    }
    Ok(())
}

/// Doc store compression of new indexes: zstd at level 3 in 64 KiB blocks.
/// Measured on Reuters-21578 (17.4 MB of text): the index is 104 % of the
/// text instead of 135 % with Tantivy's default (LZ4, 16 KiB blocks).
/// Level 9 saves 3 % more but its compression was 18 % of all indexing CPU
/// (a run 1.28-1.57 s against 1.11-1.25 s at level 3). Bigger blocks
/// compress better (the text alone: 7.2 MB at 64 KiB, 6.0 MB at 256 KiB and
/// level 9) but every hit shown decompresses its whole block, at about
/// 1 GB/s here: 70 µs per hit at 64 KiB, 270 µs at 256 KiB, so ten hits
/// would cost a `search query` process 2 ms more.
const DOCSTORE_ZSTD_LEVEL: i32 = 3;
/// Doc store block size, see [`DOCSTORE_ZSTD_LEVEL`].
const DOCSTORE_BLOCKSIZE: usize = 64 * 1024;

/// Settings of a new index on disk (the doc store's compression is
/// recorded in the index, so older indexes keep reading as they were written).
fn index_settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::Zstd(tantivy::store::ZstdCompressor {
            compression_level: Some(DOCSTORE_ZSTD_LEVEL),
        }),
        docstore_blocksize: DOCSTORE_BLOCKSIZE,
        ..tantivy::IndexSettings::default()
    }
}

fn open_existing(path: &Path) -> Result<NewsIndex> {
    let marker_path = path.join(MARKER_FILE);
    let marker: Marker = match fs::read_to_string(&marker_path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| Error::CorruptIndex {
            path: path.to_path_buf(),
            reason: format!("{MARKER_FILE} is unreadable: {e}"),
        })?,
        // A Tantivy index that newsindex did not write.
        Err(_) => return Err(Error::NotAnIndex(path.to_path_buf())),
    };
    if marker.format != "newsindex" || marker.schema_version != SCHEMA_VERSION {
        return Err(Error::IncompatibleIndex {
            path: path.to_path_buf(),
            found: format!("{} v{}", marker.format, marker.schema_version),
            expected: SCHEMA_VERSION.to_string(),
        });
    }
    if !path.join("meta.json").is_file() {
        return Err(Error::CorruptIndex {
            path: path.to_path_buf(),
            reason: "meta.json is missing".into(),
        });
    }
    let corrupt = |e: TantivyError| Error::CorruptIndex {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let directory = MmapDirectory::open(path).map_err(|e| corrupt(e.into()))?;
    let index = tantivy::Index::open(ReadableDirectory(directory)).map_err(corrupt)?;
    NewsIndex::from_tantivy(index, Some(path.to_path_buf()))
}

/// Tantivy's [`MmapDirectory`], but readable where it cannot be written (a
/// folder of another user's, a read-only mount or snapshot): there the
/// lock a reader takes while opening segments, which creates a lock file,
/// is skipped. That lock keeps a writer's garbage collection from deleting
/// segment files between reading `meta.json` and opening them; a writer
/// (another user's, on a shared index) that commits in that instant can
/// make such an open fail, and the command can simply be run again.
#[derive(Debug, Clone)]
struct ReadableDirectory(MmapDirectory);

impl Directory for ReadableDirectory {
    fn get_file_handle(
        &self,
        path: &Path,
    ) -> std::result::Result<Arc<dyn tantivy::directory::FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> std::result::Result<(), DeleteError> {
        self.0.delete(path)
    }

    fn exists(&self, path: &Path) -> std::result::Result<bool, OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(
        &self,
        path: &Path,
    ) -> std::result::Result<tantivy::directory::WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> std::result::Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.0.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.0.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> std::result::Result<DirectoryLock, LockError> {
        match self.0.acquire_lock(lock) {
            Err(LockError::IoError(e))
                if lock.filepath == META_LOCK.filepath && cannot_write(&e) =>
            {
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(callback)
    }
}

/// Whether an I/O error says the folder cannot be written at all.
fn cannot_write(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
}

/// Map a Tantivy failure on an index folder to our error, treating data
/// problems as corruption (the user's remedy is to rebuild).
pub(crate) fn engine_error(path: Option<&Path>, error: TantivyError) -> Error {
    match (&error, path) {
        (
            TantivyError::DataCorruption(_)
            | TantivyError::OpenReadError(_)
            | TantivyError::IncompatibleIndex(_),
            Some(path),
        ) => Error::CorruptIndex {
            path: path.to_path_buf(),
            reason: error.to_string(),
        },
        _ => Error::Engine(error),
    }
}

pub(crate) fn folder_size(path: &Path) -> u64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| entry.metadata().ok())
        .filter(|meta| meta.is_file())
        .map(|meta| meta.len())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Query;

    fn article(title: &str, body: &str) -> Article {
        Article::new(title, body)
    }

    #[test]
    fn committed_articles_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("idx");
        {
            let index = NewsIndex::open_or_create(&path).unwrap();
            let mut indexer = index.indexer().unwrap();
            indexer
                .add_article(article(
                    "Wheat exports rise",
                    "Wheat exports rose in March.",
                ))
                .unwrap();
            indexer.commit().unwrap();
            assert_eq!(index.num_articles(), 1);
        }
        let index = NewsIndex::open(&path).unwrap();
        assert_eq!(index.num_articles(), 1);
    }

    #[test]
    fn uncommitted_work_is_discarded() {
        let index = NewsIndex::in_memory().unwrap();
        {
            let mut indexer = index.indexer().unwrap();
            indexer
                .add_article(article("Lost", "Never committed."))
                .unwrap();
        }
        index.reload().unwrap();
        assert_eq!(index.num_articles(), 0);
    }

    #[test]
    fn same_article_twice_is_stored_once() {
        let index = NewsIndex::in_memory().unwrap();
        let mut indexer = index.indexer().unwrap();
        let a = article("Copper prices", "Copper prices climbed.");
        indexer.add_article(a.clone()).unwrap();
        indexer.add_article(a).unwrap();
        indexer.commit().unwrap();
        assert_eq!(index.num_articles(), 1);
    }

    #[test]
    fn second_writer_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(dir.path()).unwrap();
        let _first = index.indexer().unwrap();
        let other = NewsIndex::open(dir.path()).unwrap();
        let err = other.indexer().unwrap_err();
        assert!(matches!(err, Error::IndexLocked(_)), "{err}");
        assert!(err.to_string().contains("being written by another process"));
    }

    #[test]
    fn folders_that_are_not_indexes_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing");
        assert!(matches!(
            NewsIndex::open(&missing).unwrap_err(),
            Error::IndexNotFound(_)
        ));
        let foreign = dir.path().join("foreign");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("holiday.jpg"), b"jpeg").unwrap();
        assert!(matches!(
            NewsIndex::open_or_create(&foreign).unwrap_err(),
            Error::NotAnIndex(_)
        ));
    }

    #[test]
    fn other_schema_versions_are_refused_with_advice() {
        for version in [SCHEMA_VERSION - 1, 999] {
            let dir = tempfile::tempdir().unwrap();
            drop(NewsIndex::open_or_create(dir.path()).unwrap());
            fs::write(
                dir.path().join(MARKER_FILE),
                format!(r#"{{"format": "newsindex", "schema_version": {version}}}"#),
            )
            .unwrap();
            let err = NewsIndex::open(dir.path()).unwrap_err();
            assert!(matches!(err, Error::IncompatibleIndex { .. }), "{err}");
            let message = err.to_string();
            assert!(
                message.contains(&format!("newsindex v{version}")),
                "{message}"
            );
            assert!(message.contains("rebuild"), "{message}");
        }
    }

    /// An index of schema 6 (before the language-stemmed fields), even if
    /// its marker claimed the current version, is refused by its fields.
    #[test]
    fn an_index_without_the_language_fields_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut builder = tantivy::schema::Schema::builder();
        for (_, entry) in schema::build_schema().fields() {
            if !entry.name().ends_with("_stem") {
                builder.add_field(entry.clone());
            }
        }
        let index = tantivy::Index::create_in_dir(dir.path(), builder.build()).unwrap();
        drop(index);
        fs::write(
            dir.path().join(MARKER_FILE),
            format!(r#"{{"format": "newsindex", "schema_version": {SCHEMA_VERSION}}}"#),
        )
        .unwrap();
        let err = NewsIndex::open(dir.path()).unwrap_err();
        assert!(matches!(err, Error::IncompatibleIndex { .. }), "{err}");
        assert!(err.to_string().contains("title_stem"), "{err}");
        // Rebuilding gives an index that stems each language.
        let index = NewsIndex::recreate(dir.path()).unwrap();
        let mut indexer = index.indexer().unwrap();
        indexer
            .add_article(article(
                "Bayern hat gewählt",
                "Die Bürger in Bayern haben am Sonntag bei den Wahlen zum Landtag ihre Stimme abgegeben, teilte das Innenministerium mit.",
            ))
            .unwrap();
        indexer.commit().unwrap();
        assert_eq!(index.search(&Query::new("Wahl")).unwrap().total_hits, 1);
    }

    #[test]
    fn recreate_replaces_an_incompatible_index_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        {
            let index = NewsIndex::open_or_create(dir.path()).unwrap();
            let mut indexer = index.indexer().unwrap();
            indexer
                .add_article(article("Old", "Old schema text."))
                .unwrap();
            indexer.commit().unwrap();
        }
        fs::write(
            dir.path().join(MARKER_FILE),
            r#"{"format": "newsindex", "schema_version": 0}"#,
        )
        .unwrap();
        fs::write(dir.path().join("notes.txt"), b"mine").unwrap();
        assert!(NewsIndex::open_or_create(dir.path()).is_err());
        let index = NewsIndex::recreate(dir.path()).unwrap();
        assert_eq!(index.num_articles(), 0);
        assert!(dir.path().join("notes.txt").exists());
        drop(index);
        assert_eq!(NewsIndex::open(dir.path()).unwrap().num_articles(), 0);
    }

    #[test]
    fn unchanged_rerun_commits_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("news");
        fs::create_dir(&input).unwrap();
        fs::write(
            input.join("a.txt"),
            "Zinc output\n\nZinc output rose in Peru.\n",
        )
        .unwrap();
        let index = NewsIndex::open_or_create(dir.path().join("idx")).unwrap();
        let first = index.index_paths(&[&input], |_| {}).unwrap();
        assert_eq!((first.files_new, first.articles_indexed), (1, 1));
        let opstamp = index.index.load_metas().unwrap().opstamp;
        let again = index.index_paths(&[&input], |_| {}).unwrap();
        assert_eq!((again.files_unchanged, again.articles_indexed), (1, 0));
        assert_eq!(index.index.load_metas().unwrap().opstamp, opstamp);
        assert_eq!(index.num_articles(), 1);
    }

    #[test]
    fn rescan_walks_each_root_with_its_own_options() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        };
        write("wires/a.txt", "Tin output\n\nTin output rose in Bolivia.");
        write(
            "wires/b.json",
            r#"{"title": "Lead", "body": "Lead fell in London."}"#,
        );
        write(
            "blogs/c.txt",
            "Rice harvest\n\nRice harvests grew in Vietnam.",
        );
        write(
            "blogs/d.json",
            r#"{"title": "Jute", "body": "Jute gained in Dhaka."}"#,
        );
        let index = NewsIndex::open_or_create(dir.path().join("idx")).unwrap();
        let no_json = IndexOptions::new().exclude("*.json");
        index
            .index_paths_with(&[dir.path().join("wires")], &no_json, |_| {})
            .unwrap();
        index
            .index_paths(&[dir.path().join("blogs")], |_| {})
            .unwrap();
        assert_eq!(index.num_articles(), 3);
        assert_eq!(index.roots().unwrap().len(), 2);

        write("wires/e.json", r#"{"title": "Zinc", "body": "Zinc rose."}"#);
        write("blogs/f.json", r#"{"title": "Tea", "body": "Tea rose."}"#);
        let report = index.rescan_with(&IndexOptions::new(), |_| {}).unwrap();
        assert_eq!((report.files_new, report.files_unchanged), (1, 3));
        assert_eq!(index.num_articles(), 4);

        let rebuilt = index
            .rescan_with(&IndexOptions::new().rebuild(true), |_| {})
            .unwrap();
        assert_eq!(rebuilt.articles_indexed, 4);
        assert_eq!(index.roots().unwrap().len(), 2);
    }

    #[test]
    fn damaged_metadata_is_reported_as_corruption() {
        let dir = tempfile::tempdir().unwrap();
        drop(NewsIndex::open_or_create(dir.path()).unwrap());
        fs::write(dir.path().join("meta.json"), b"{ not json").unwrap();
        let err = NewsIndex::open(dir.path()).unwrap_err();
        assert!(matches!(err, Error::CorruptIndex { .. }), "{err}");
    }

    #[test]
    fn articles_with_every_term_rank_first() {
        let index = NewsIndex::in_memory().unwrap();
        let mut indexer = index.indexer().unwrap();
        // Many repetitions of one term would win on BM25 alone.
        indexer
            .add_article(article(
                "Wheat wheat wheat",
                "Wheat wheat wheat. Wheat harvest, wheat prices, wheat wheat.",
            ))
            .unwrap();
        indexer
            .add_article(article(
                "Grain trade",
                "Exports of wheat to Egypt rose, traders said, in a long report on grain markets and shipping.",
            ))
            .unwrap();
        indexer.commit().unwrap();
        let results = index.search(&Query::new("wheat exports")).unwrap();
        assert_eq!(results.total_hits, 2);
        assert_eq!(results.hits[0].title, "Grain trade");
        assert_eq!(results.hits[1].title, "Wheat wheat wheat");
        assert_eq!(
            results.hits[0].snippet.highlighted_words(),
            vec!["Exports", "wheat"]
        );
    }
}
