//! Opening and creating indexes, and writing articles into them.
//!
//! A run reads and extracts files on worker threads (both cores) and feeds
//! a single Tantivy writer through a bounded channel; everything a run adds
//! becomes visible in one commit, so an interrupted run leaves the previous
//! index exactly as it was.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tantivy::collector::FacetCollector;
use tantivy::directory::error::LockError;
use tantivy::query::AllQuery;
use tantivy::schema::{Facet, TantivyDocument};
use tantivy::{DateTime, IndexReader, IndexWriter, ReloadPolicy, TantivyError, Term};

use crate::article::Article;
use crate::error::{Error, Result};
use crate::extract::{self, Facets};
use crate::ingest::{self, SkipReason};
use crate::schema::{self, Fields, COUNTRY_ROOT, CURRENCY_ROOT, ORG_ROOT, SCHEMA_VERSION};
use crate::search::FacetCount;

/// File beside Tantivy's own that marks a folder as a newsindex index and
/// records the schema version it was written with.
const MARKER_FILE: &str = "newsindex.json";

/// Memory the writer may use for its in-RAM segments, shared by its threads.
/// Bounded so indexing stays well under a few hundred MB whatever the corpus size.
const WRITER_MEMORY_BUDGET: usize = 128 * 1024 * 1024;

/// Articles in flight between the reader threads and the writer.
const PIPELINE_DEPTH: usize = 64;

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

    /// A fresh index held in memory, for tests and short-lived tools.
    pub fn in_memory() -> Result<NewsIndex> {
        let index = tantivy::Index::create_in_ram(schema::build_schema());
        NewsIndex::from_tantivy(index, None)
    }

    fn from_tantivy(index: tantivy::Index, path: Option<PathBuf>) -> Result<NewsIndex> {
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
        Ok(NewsIndex {
            index,
            reader,
            fields,
            path,
        })
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
            .map_err(|e| engine_error(self.path.as_deref(), e))
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
                other => engine_error(self.path.as_deref(), other),
            })?;
        Ok(Indexer {
            index: self,
            writer,
            articles_added: 0,
        })
    }

    /// Index every supported file under `paths` and commit once.
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
        let started = Instant::now();
        let mut indexer = self.indexer()?;
        let mut report = indexer.add_paths(paths, progress)?;
        indexer.commit()?;
        report.elapsed = started.elapsed();
        Ok(report)
    }

    /// Size on disk, article count and the most frequent facet values.
    pub fn stats(&self, top: usize) -> Result<IndexStats> {
        let searcher = self.reader.searcher();
        let mut collector_country = FacetCollector::for_field("country");
        collector_country.add_facet(Facet::from_path([COUNTRY_ROOT]));
        let mut collector_org = FacetCollector::for_field("org");
        collector_org.add_facet(Facet::from_path([ORG_ROOT]));
        let mut collector_currency = FacetCollector::for_field("currency");
        collector_currency.add_facet(Facet::from_path([CURRENCY_ROOT]));
        let (countries, orgs, currencies) = searcher
            .search(
                &AllQuery,
                &(collector_country, collector_org, collector_currency),
            )
            .map_err(|e| engine_error(self.path.as_deref(), e))?;
        let top_of = |counts: &tantivy::collector::FacetCounts, root: &str| {
            counts
                .top_k(Facet::from_path([root]), top)
                .into_iter()
                .map(|(facet, count)| FacetCount::from_facet(facet, count))
                .collect()
        };
        Ok(IndexStats {
            path: self.path.clone(),
            articles: searcher.num_docs(),
            segments: searcher.segment_readers().len(),
            size_bytes: self.path.as_deref().map(folder_size).unwrap_or(0),
            top_countries: top_of(&countries, COUNTRY_ROOT),
            top_organisations: top_of(&orgs, ORG_ROOT),
            top_currencies: top_of(&currencies, CURRENCY_ROOT),
        })
    }
}

/// What [`NewsIndex::stats`] reports.
#[derive(Debug, Clone, Serialize)]
pub struct IndexStats {
    /// Index folder (`None` in memory).
    pub path: Option<PathBuf>,
    /// Searchable articles.
    pub articles: u64,
    /// Tantivy segments.
    pub segments: usize,
    /// Bytes on disk.
    pub size_bytes: u64,
    /// Most frequent countries.
    pub top_countries: Vec<FacetCount>,
    /// Most frequent organisations.
    pub top_organisations: Vec<FacetCount>,
    /// Most frequent currencies among amounts.
    pub top_currencies: Vec<FacetCount>,
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

/// Summary of an indexing run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexReport {
    /// Files seen by the walk (supported or not).
    pub files_seen: usize,
    /// Files that produced at least one article.
    pub files_indexed: usize,
    /// Articles written.
    pub articles_indexed: u64,
    /// Skipped files counted by reason ("unsupported file type", "binary file", ...).
    pub skipped: BTreeMap<String, usize>,
    /// Every problem worth showing a user: a path and what was wrong with it.
    /// Unsupported file types are counted in `skipped` but not listed here.
    pub problems: Vec<FileProblem>,
    /// Wall time of the run, commit included.
    pub elapsed: Duration,
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

    /// Files skipped for any reason.
    pub fn files_skipped(&self) -> usize {
        self.skipped.values().sum()
    }

    fn skip(&mut self, path: PathBuf, reason: &SkipReason) {
        *self.skipped.entry(reason.kind().to_string()).or_default() += 1;
        if !matches!(reason, SkipReason::Unsupported) {
            self.problems.push(FileProblem {
                path,
                problem: reason.to_string(),
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
}

/// Writes articles into a [`NewsIndex`]. Nothing is visible to searches,
/// nor durable, until [`Indexer::commit`]; dropping an indexer without
/// committing discards its work and leaves the index as it was.
pub struct Indexer<'a> {
    index: &'a NewsIndex,
    writer: IndexWriter,
    articles_added: u64,
}

impl std::fmt::Debug for Indexer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Indexer")
            .field("index", &self.index)
            .field("articles_added", &self.articles_added)
            .finish_non_exhaustive()
    }
}

/// What a reader thread hands the writer for one file.
type FileOutcome = std::result::Result<(Vec<(Article, Facets)>, Vec<String>), SkipReason>;

impl Indexer<'_> {
    /// Add one article, extracting its facets from its text. An article
    /// with the same [`Article::id`] already in the index is replaced.
    pub fn add_article(&mut self, article: Article) -> Result<()> {
        let facets = extract::extract(&article.title, &article.body);
        self.add_extracted(&article, &facets)
    }

    /// Add one article with facets the caller already has.
    pub fn add_extracted(&mut self, article: &Article, facets: &Facets) -> Result<()> {
        let fields = &self.index.fields;
        let id = article.id();
        self.writer
            .delete_term(Term::from_field_text(fields.id, &id));
        let doc = to_document(fields, &id, article, facets);
        self.writer
            .add_document(doc)
            .map_err(|e| engine_error(self.index.path.as_deref(), e))?;
        self.articles_added += 1;
        Ok(())
    }

    /// Read every supported file under `paths` (folders are walked
    /// recursively) and add its articles, replacing any the same file
    /// added before. Does not commit.
    pub fn add_paths<P, F>(&mut self, paths: &[P], mut progress: F) -> Result<IndexReport>
    where
        P: AsRef<Path>,
        F: FnMut(Progress),
    {
        let started = Instant::now();
        let paths: Vec<PathBuf> = paths.iter().map(|p| p.as_ref().to_path_buf()).collect();
        let walk = ingest::walk(&paths)?;
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

        let files = &walk.files;
        let next = AtomicUsize::new(0);
        let workers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(files.len().max(1));
        let (sender, receiver) = mpsc::sync_channel::<(usize, FileOutcome)>(PIPELINE_DEPTH);

        std::thread::scope(|scope| -> Result<()> {
            for _ in 0..workers {
                let sender = sender.clone();
                let next = &next;
                scope.spawn(move || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    if sender.send((i, read_and_extract(path))).is_err() {
                        break; // the writer stopped: give up quietly
                    }
                });
            }
            drop(sender);

            for (done, (i, outcome)) in receiver.into_iter().enumerate() {
                let path = &files[i];
                match outcome {
                    Ok((articles, warnings)) => {
                        // Replace whatever this file contributed before, even
                        // articles at positions it no longer has.
                        let key = storage_path(path);
                        self.writer
                            .delete_term(Term::from_field_text(self.index.fields.path, &key));
                        if !articles.is_empty() {
                            report.files_indexed += 1;
                        }
                        for (article, facets) in &articles {
                            self.add_extracted(article, facets)?;
                            report.articles_indexed += 1;
                        }
                        report
                            .problems
                            .extend(warnings.into_iter().map(|w| FileProblem {
                                path: path.clone(),
                                problem: w,
                            }));
                    }
                    Err(reason) => report.skip(path.clone(), &reason),
                }
                progress(Progress::File {
                    path: path.clone(),
                    done: done + 1,
                    articles: report.articles_indexed,
                });
            }
            Ok(())
        })?;
        report.elapsed = started.elapsed();
        Ok(report)
    }

    /// Make everything added so far durable and visible, atomically.
    pub fn commit(mut self) -> Result<()> {
        let path = self.index.path.clone();
        self.writer
            .commit()
            .map_err(|e| engine_error(path.as_deref(), e))?;
        self.index.reload()?;
        // Wait for merges so the process exits with a tidy folder.
        self.writer
            .wait_merging_threads()
            .map_err(|e| engine_error(path.as_deref(), e))
    }
}

/// The path under which a file's articles are stored: canonical when the
/// file system can say, so `corpus/a.txt` and `./corpus/a.txt` are one file.
fn storage_path(path: &Path) -> String {
    ingest::path_string(&fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// Runs on reader threads: parse one file and extract each article's facets.
fn read_and_extract(path: &Path) -> FileOutcome {
    let parsed = ingest::read_file(path)?;
    let key = storage_path(path);
    let articles = parsed
        .articles
        .into_iter()
        .map(|mut article| {
            article.path = Some(key.clone());
            let facets = extract::extract(&article.title, &article.body);
            (article, facets)
        })
        .collect();
    Ok((articles, parsed.warnings))
}

fn to_document(fields: &Fields, id: &str, article: &Article, facets: &Facets) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, id);
    doc.add_text(fields.title, &article.title);
    doc.add_text(fields.body, &article.body);
    if let Some(path) = &article.path {
        doc.add_text(fields.path, path);
    }
    if let Some(source) = &article.source {
        doc.add_text(fields.source, source);
    }
    if let Some(url) = &article.url {
        doc.add_text(fields.url, url);
    }
    if let Some(date) = article.date {
        doc.add_date(
            fields.date,
            DateTime::from_timestamp_secs(date.unix_timestamp()),
        );
    }
    for country in &facets.countries {
        doc.add_facet(fields.country, Facet::from_path([COUNTRY_ROOT, country]));
    }
    for org in &facets.organisations {
        doc.add_facet(fields.org, Facet::from_path([ORG_ROOT, org]));
    }
    let mut currencies: Vec<&str> = facets.amounts.iter().map(|a| a.currency.as_str()).collect();
    currencies.sort_unstable();
    currencies.dedup();
    for currency in currencies {
        doc.add_facet(fields.currency, Facet::from_path([CURRENCY_ROOT, currency]));
    }
    for usd in facets.amounts.iter().filter_map(|a| a.usd) {
        doc.add_f64(fields.amount_usd, usd);
    }
    if !facets.amounts.is_empty() {
        let json = serde_json::to_string(&facets.amounts).expect("amounts serialise");
        doc.add_text(fields.amounts, json);
    }
    for place in &article.labels.places {
        doc.add_text(fields.label_places, place);
    }
    for org in &article.labels.orgs {
        doc.add_text(fields.label_orgs, org);
    }
    doc
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
        return Ok(FolderState::Foreign);
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
    let index = tantivy::Index::create_in_dir(path, schema::build_schema())
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
    let index = tantivy::Index::open_in_dir(path).map_err(|e| Error::CorruptIndex {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    NewsIndex::from_tantivy(index, Some(path.to_path_buf()))
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

fn folder_size(path: &Path) -> u64 {
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
        let dir = tempfile::tempdir().unwrap();
        drop(NewsIndex::open_or_create(dir.path()).unwrap());
        fs::write(
            dir.path().join(MARKER_FILE),
            r#"{"format": "newsindex", "schema_version": 999}"#,
        )
        .unwrap();
        let err = NewsIndex::open(dir.path()).unwrap_err();
        assert!(matches!(err, Error::IncompatibleIndex { .. }), "{err}");
        assert!(err.to_string().contains("rebuild"));
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
