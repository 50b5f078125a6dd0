//! The [`Indexer`]: writes articles into an index, each with its facets
//! and its near-duplicate group, and makes them visible in one commit
//! together with the manifest. Runs over files feed it from the pipeline
//! (see `pipeline`).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tantivy::directory::error::LockError;
use tantivy::schema::TantivyDocument;
use tantivy::{IndexWriter, TantivyError, Term};

use super::extracted::article_facets;
use super::manifest::Manifest;
use super::store::engine_error;
use super::NewsIndex;
use crate::article::Article;
use crate::corrections::Corrections;
use crate::dedup::{self, Fingerprint};
use crate::document;
use crate::error::{Error, Parameter, Result};
use crate::extract::Facets;
use crate::location::Locations;

/// Memory the writer may use for its in-RAM segments, shared by its threads,
/// unless [`IndexerBuilder::memory_budget`] says otherwise.
/// Bounded so indexing stays well under a few hundred MB whatever the corpus size.
const WRITER_MEMORY_BUDGET: usize = 128 * 1024 * 1024;

/// The least memory worth giving one indexing thread: each flushes a
/// segment when its share is full, so smaller shares make more, smaller
/// segments for the merges to redo. (Tantivy refuses less than 15 MB.)
const MIN_MEMORY_PER_THREAD: usize = 16 * 1024 * 1024;

/// The least memory Tantivy takes per indexing thread.
const TANTIVY_MIN_MEMORY_PER_THREAD: usize = 15_000_000;

/// The most indexing threads Tantivy takes.
const TANTIVY_MAX_THREADS: usize = 8;

/// Tantivy's indexing threads for a machine of `cores` and a writer of
/// `budget` bytes: one per core (they tokenise and invert, the writer's
/// biggest share of work after extraction, and wait when there is nothing
/// to do), at most as many as the budget gives [`MIN_MEMORY_PER_THREAD`]
/// each, and at most 8, the most Tantivy takes.
fn indexing_threads(cores: usize, budget: usize) -> usize {
    cores
        .min(budget / MIN_MEMORY_PER_THREAD)
        .clamp(1, TANTIVY_MAX_THREADS)
}

/// Index folders whose writer an [`Indexer`] of this process holds, so a
/// second one here is told apart from a writer in another process.
static WRITING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// This process's claim on an index folder's writer, listed in
/// [`WRITING`] while the indexer lives.
struct WriterClaim(Option<PathBuf>);

impl WriterClaim {
    fn writing() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
        WRITING.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The folder as listed: canonical where it can be, so two spellings
    /// of one folder are one entry.
    fn listed(path: &Path) -> PathBuf {
        path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
    }

    fn take(path: Option<&Path>) -> WriterClaim {
        let listed = path.map(WriterClaim::listed);
        if let Some(listed) = &listed {
            WriterClaim::writing().push(listed.clone());
        }
        WriterClaim(listed)
    }

    /// Whether this process holds the writer of the index at `path` (an
    /// index in memory is only ever written by this process).
    fn held_here(path: Option<&Path>) -> bool {
        path.is_none_or(|path| WriterClaim::writing().contains(&WriterClaim::listed(path)))
    }
}

impl Drop for WriterClaim {
    fn drop(&mut self) {
        if let Some(listed) = &self.0 {
            let mut writing = WriterClaim::writing();
            if let Some(at) = writing.iter().position(|p| p == listed) {
                writing.swap_remove(at);
            }
        }
    }
}

/// Settings of an [`Indexer`] before it starts
/// ([`NewsIndex::indexer_builder`]); unset ones keep the defaults of
/// [`NewsIndex::indexer`].
///
/// ```
/// use newsindex::{Article, NewsIndex};
///
/// # fn main() -> newsindex::Result<()> {
/// let index = NewsIndex::in_memory()?;
/// let mut indexer = index.indexer_builder().memory_budget(64 << 20).threads(2).build()?;
/// indexer.add_article(Article::new("Tin prices", "Tin prices rose."))?;
/// indexer.commit()?;
/// assert_eq!(index.num_articles(), 1);
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[must_use = "an IndexerBuilder does nothing until build()"]
pub struct IndexerBuilder<'a> {
    index: &'a NewsIndex,
    memory_budget: usize,
    threads: Option<usize>,
}

impl<'a> IndexerBuilder<'a> {
    pub(super) fn new(index: &'a NewsIndex) -> IndexerBuilder<'a> {
        IndexerBuilder {
            index,
            memory_budget: WRITER_MEMORY_BUDGET,
            threads: None,
        }
    }

    /// Memory the writer may use for the articles it holds before writing
    /// them out, shared by its threads (default 128 MiB). More memory
    /// means fewer, larger segments to merge; at least 15 MB per thread.
    pub fn memory_budget(mut self, bytes: usize) -> Self {
        self.memory_budget = bytes;
        self
    }

    /// Threads that tokenise and invert the articles, 1 to 8 (default: one
    /// per core, as many as the budget gives 16 MiB each, at most 8).
    /// Extraction of files' articles runs on its own pool of every core
    /// whatever this says.
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = Some(threads);
        self
    }

    /// Start writing: take the writer lock, then read the manifest of the
    /// last commit. Fails as [`NewsIndex::indexer`] does, and with
    /// [`Error::InvalidFilter`] for a budget or thread count Tantivy refuses.
    pub fn build(self) -> Result<Indexer<'a>> {
        let index = self.index;
        let path = index.path.clone().unwrap_or_default();
        if index.is_read_only() {
            return Err(Error::ReadOnly(path));
        }
        let threads = match self.threads {
            Some(threads) if !(1..=TANTIVY_MAX_THREADS).contains(&threads) => {
                return Err(Error::InvalidFilter {
                    parameter: Parameter::Threads,
                    value: threads.to_string(),
                    reason: format!("between 1 and {TANTIVY_MAX_THREADS}"),
                })
            }
            Some(threads) => threads,
            None => {
                let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
                indexing_threads(cores, self.memory_budget)
            }
        };
        if self.memory_budget / threads < TANTIVY_MIN_MEMORY_PER_THREAD {
            return Err(Error::InvalidFilter {
                parameter: Parameter::MemoryBudget,
                value: self.memory_budget.to_string(),
                reason: format!(
                    "at least {TANTIVY_MIN_MEMORY_PER_THREAD} bytes per thread ({threads} threads)"
                ),
            });
        }
        let writer = index
            .index
            .writer_with_num_threads(threads, self.memory_budget)
            .map_err(|e| match e {
                TantivyError::LockFailure(LockError::LockBusy, _) => {
                    if WriterClaim::held_here(index.path.as_deref()) {
                        Error::IndexerOpen(path.clone())
                    } else {
                        Error::IndexLocked(path.clone())
                    }
                }
                // A folder this user may read but not write.
                TantivyError::LockFailure(LockError::IoError(e), _) => Error::Io {
                    path: path.clone(),
                    source: std::io::Error::from(e.kind()),
                },
                TantivyError::InvalidArgument(reason) => Error::InvalidFilter {
                    parameter: Parameter::MemoryBudget,
                    value: self.memory_budget.to_string(),
                    reason,
                },
                other => engine_error(index.path.as_deref(), other),
            })?;
        let claim = WriterClaim::take(index.path.as_deref());
        // Under the writer lock no other run can commit: see the last
        // commit, whoever made it (the duplicate groups and the counts of
        // commit statistics start from it).
        index.reload()?;
        let manifest = Manifest::load(&index.index, index.path.as_deref())?;
        let locations = Locations::new(index.path.as_deref(), manifest.anchors.clone());
        let corrections = match index.path.as_deref() {
            Some(dir) => Corrections::of_index(dir)?,
            None => Corrections::default(),
        };
        Ok(Indexer {
            index,
            writer,
            pending_changes: 0,
            added: 0,
            manifest,
            locations,
            grouper: dedup::Grouper::default(),
            parents: None,
            corrections,
            _claim: claim,
        })
    }
}

/// Writes articles into a [`NewsIndex`]. Nothing is visible to searches,
/// nor durable, until [`Indexer::commit`] (the last) or
/// [`Indexer::commit_and_continue`] (one of many, for a long-running
/// writer); dropping an indexer discards what it did since its last commit.
///
/// Articles are named by their [`Article::id`]: adding one whose id is
/// already in the index replaces it. A tool's own records take a key
/// ([`Article::with_key`]), are replaced by key ([`Indexer::update`]) and
/// removed by key ([`Indexer::delete`]); files are indexed by path
/// ([`Indexer::add_paths`]), and re-indexing them never replaces or
/// removes a keyed article.
///
/// ```
/// use newsindex::{Article, NewsIndex};
///
/// # fn main() -> newsindex::Result<()> {
/// let index = NewsIndex::in_memory()?;
/// let mut indexer = index.indexer()?;
/// indexer.add_article(Article::new("Acme call", "Acme wants a quote.").with_key("crm/1"))?;
/// indexer.commit_and_continue()?;
/// indexer.update(Article::new("Acme call", "Acme signed the contract.").with_key("crm/1"))?;
/// let stats = indexer.commit_and_continue()?;
/// assert_eq!((stats.added, stats.removed, stats.num_articles), (1, 1, 1));
/// assert_eq!(index.article_by_key("crm/1")?.body, "Acme signed the contract.");
///
/// indexer.delete("crm/1")?;
/// indexer.commit()?;
/// assert_eq!(index.num_articles(), 0);
/// # Ok(())
/// # }
/// ```
pub struct Indexer<'a> {
    pub(super) index: &'a NewsIndex,
    pub(super) writer: IndexWriter,
    /// Additions, deletions and manifest updates not yet committed: with
    /// none, a commit is skipped and the index folder left untouched.
    pub(super) pending_changes: u64,
    /// Articles written since the last commit.
    added: u64,
    pub(super) manifest: Manifest,
    /// The anchors of the stored paths, with those this run adds.
    pub(super) locations: Locations,
    /// Near-duplicate groups of the articles written so far.
    pub(super) grouper: dedup::Grouper,
    /// Where organisations sit: `None` for [`crate::extract::organisation_parent`].
    pub(super) parents: Option<Box<document::ParentOf>>,
    /// The user's corrections of the entity facets: the index folder's
    /// file unless [`Indexer::set_corrections`] gave others.
    pub(super) corrections: Corrections,
    /// Listed while the writer lock is held (after `writer`, so it is
    /// released after the lock).
    _claim: WriterClaim,
}

impl std::fmt::Debug for Indexer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Indexer")
            .field("index", &self.index)
            .field("pending_changes", &self.pending_changes)
            .finish_non_exhaustive()
    }
}

/// What a commit did ([`Indexer::commit_and_continue`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct CommitStats {
    /// Articles written since the last commit, replacements included.
    pub added: u64,
    /// Articles of the last commit gone from this one: deleted, or
    /// replaced by an article of the same id (an update is one added and
    /// one removed).
    pub removed: u64,
    /// Articles searchable after the commit.
    pub num_articles: u64,
    /// False when nothing was pending, so nothing was written.
    pub committed: bool,
}

impl Indexer<'_> {
    /// Add one article, extracting its facets from its text. An article
    /// with the same [`Article::id`] already in the index is replaced (for
    /// a keyed article, the one with the same key).
    ///
    /// Fails with [`Error::InvalidArticle`] for an empty key or a key
    /// together with a path, and [`Error::KeysUnsupported`] for a keyed
    /// article in an index created before keys.
    pub fn add_article(&mut self, article: Article) -> Result<()> {
        self.check_key(&article)?;
        let facets = article_facets(&article);
        self.add_extracted(&article, &facets)
    }

    /// Store the organisations of the articles added from now on under the
    /// parents `parent_of` gives (a canonical name in, its parent's out)
    /// instead of [`crate::extract::organisation_parent`]'s: a hierarchy
    /// of the caller's own. `parent_of("BBC Sport") == Some("BBC")` stores
    /// the unit as `/org/BBC/BBC Sport`, so `Query::org("BBC")` finds it.
    pub fn set_organisation_parents<F>(&mut self, parent_of: F)
    where
        F: Fn(&str) -> Option<String> + Send + Sync + 'static,
    {
        self.parents = Some(Box::new(parent_of));
    }

    /// Correct the entity facets of the articles added from now on by
    /// `corrections` instead of the index folder's
    /// [`CORRECTIONS_FILE`](crate::corrections::CORRECTIONS_FILE) (read
    /// when the indexer starts). The articles already in the index keep
    /// theirs until [`NewsIndex::apply_corrections`].
    pub fn set_corrections(&mut self, corrections: Corrections) {
        self.corrections = corrections;
    }

    /// Replace the article with `article`'s key by `article`, in the same
    /// commit (added when no article has the key yet): what an edit of a
    /// tool's own record calls. The key keeps the id, so an edited text
    /// does not become a second article.
    ///
    /// Fails with [`Error::InvalidArticle`] for an article without a key
    /// (its id derives from its text or file: an edit would be added
    /// beside the old one), and as [`Indexer::add_article`] does.
    pub fn update(&mut self, article: Article) -> Result<()> {
        if article.key.is_none() {
            return Err(Error::InvalidArticle {
                name: article.title,
                reason: "an update needs a key to find the article it replaces; \
                         give it one with Article::with_key"
                    .into(),
            });
        }
        self.add_article(article)
    }

    /// Delete the article with the key `key` ([`Article::with_key`]) at
    /// the next commit; nothing happens when there is none. Articles added
    /// with the key before this call go too, those added after stay.
    pub fn delete(&mut self, key: &str) -> Result<()> {
        self.delete_id(&Article::id_of_key(key))
    }

    /// Delete the article with the id `id` ([`Article::id`], a hit's
    /// `id`) at the next commit, whether it came from a file, a key or
    /// text alone; nothing happens when there is none. An article deleted
    /// from a file stays deleted until the file changes, or the index is
    /// rebuilt.
    pub fn delete_id(&mut self, id: &str) -> Result<()> {
        self.writer
            .delete_term(Term::from_field_text(self.index.fields.id, id));
        self.pending_changes += 1;
        Ok(())
    }

    /// Delete, at the next commit, every article `query` matches at the
    /// time it is applied (for [`Indexer::delete_query`]).
    pub(crate) fn delete_matching(&mut self, query: Box<dyn tantivy::query::Query>) -> Result<()> {
        self.writer
            .delete_query(query)
            .map_err(|e| engine_error(self.index.path.as_deref(), e))?;
        self.pending_changes += 1;
        Ok(())
    }

    /// The index written to.
    pub(crate) fn news_index(&self) -> &NewsIndex {
        self.index
    }

    /// Keys live apart from files and need the index's key field.
    fn check_key(&self, article: &Article) -> Result<()> {
        let Some(key) = &article.key else {
            return Ok(());
        };
        let invalid = |reason: &str| Error::InvalidArticle {
            name: key.clone(),
            reason: reason.into(),
        };
        if key.trim().is_empty() {
            return Err(invalid("a key may not be empty"));
        }
        if article.path.is_some() {
            return Err(invalid(
                "a keyed article has no path: files are indexed by path and keys are \
                 the caller's own; leave `path` empty, or the key off",
            ));
        }
        if self.index.fields.key.is_none() {
            return Err(Error::KeysUnsupported(
                self.index.path.clone().unwrap_or_default(),
            ));
        }
        Ok(())
    }

    /// Add one article with facets the caller already has (checked as
    /// [`Indexer::add_article`] checks).
    pub fn add_extracted(&mut self, article: &Article, facets: &Facets) -> Result<()> {
        self.check_key(article)?;
        let id = article.id();
        self.writer
            .delete_term(Term::from_field_text(self.index.fields.id, &id));
        let fingerprint = Fingerprint::of(&article.title, &article.body);
        self.write(&id, article, facets, &fingerprint)
    }

    /// Add a document without first deleting its id: for callers that have
    /// already deleted, by path, everything the article could replace.
    /// (Each queued delete costs memory and time until the commit.)
    pub(super) fn write(
        &mut self,
        id: &str,
        article: &Article,
        facets: &Facets,
        fingerprint: &Fingerprint,
    ) -> Result<()> {
        let parent_of: &document::ParentOf = match &self.parents {
            Some(parents) => parents.as_ref(),
            None => &crate::extract::organisation_parent,
        };
        let corrections = Some(&self.corrections);
        let mut doc = document::write(
            &self.index.fields,
            id,
            article,
            facets,
            parent_of,
            corrections,
        );
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
        self.added += 1;
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
    pub(super) fn path_indexed(&self, path_term: &Term) -> Result<bool> {
        let searcher = self.index.reader.searcher();
        let doc_freq = searcher
            .doc_freq(path_term)
            .map_err(|e| engine_error(self.index.path.as_deref(), e))?;
        Ok(doc_freq > 0)
    }

    /// Remove every article, keyed ones too, so the commit leaves only
    /// what is added after.
    pub fn clear(&mut self) -> Result<()> {
        self.writer
            .delete_all_documents()
            .map_err(|e| engine_error(self.index.path.as_deref(), e))?;
        self.manifest = Manifest::default();
        self.grouper.clear();
        self.pending_changes += 1;
        Ok(())
    }

    /// Make everything done so far durable and visible, atomically, and
    /// keep writing: the articles and the manifest switch together in one
    /// Tantivy commit, as [`Indexer::commit`] does, and this indexer goes
    /// on holding the writer (so a long-running tool commits every N
    /// articles, and searches see each batch). With nothing pending,
    /// nothing is written.
    pub fn commit_and_continue(&mut self) -> Result<CommitStats> {
        let before = self.index.num_articles();
        if self.pending_changes == 0 {
            return Ok(CommitStats {
                num_articles: before,
                ..CommitStats::default()
            });
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
        let after = self.index.num_articles();
        let stats = CommitStats {
            added: self.added,
            removed: (before + self.added).saturating_sub(after),
            num_articles: after,
            committed: true,
        };
        self.pending_changes = 0;
        self.added = 0;
        Ok(stats)
    }

    /// Make everything done so far durable and visible, atomically (see
    /// [`Indexer::commit_and_continue`]), and stop writing: waits for the
    /// engine's segment merges, so a process that exits next leaves a tidy
    /// folder, and releases the writer lock. With nothing pending, nothing
    /// is written: the index folder is left exactly as it was.
    pub fn commit(mut self) -> Result<CommitStats> {
        let stats = self.commit_and_continue()?;
        let path = self.index.path.clone();
        // Wait for merges so the process exits with a tidy folder.
        self.writer
            .wait_merging_threads()
            .map_err(|e| engine_error(path.as_deref(), e))?;
        Ok(stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Query;

    fn article(title: &str, body: &str) -> Article {
        Article::new(title, body)
    }

    #[test]
    fn indexing_threads_follow_the_cores_within_tantivys_and_the_budgets_limits() {
        let threads = |cores| indexing_threads(cores, WRITER_MEMORY_BUDGET);
        assert_eq!(threads(0), 1);
        assert_eq!(threads(1), 1);
        assert_eq!(threads(2), 2);
        assert_eq!(threads(6), 6);
        assert_eq!(threads(64), 8);
        assert!(WRITER_MEMORY_BUDGET / threads(64) >= MIN_MEMORY_PER_THREAD);
        assert_eq!(
            indexing_threads(64, 40 << 20),
            2,
            "a smaller budget, fewer threads"
        );
    }

    fn note(key: &str, body: &str) -> Article {
        Article::new("Acme account", body).with_key(key)
    }

    #[test]
    fn an_edited_keyed_article_replaces_its_old_text() {
        let index = NewsIndex::in_memory().unwrap();
        let mut indexer = index.indexer().unwrap();
        indexer
            .add_article(note("crm/1", "Acme asked for a quote on turbines."))
            .unwrap();
        indexer
            .add_article(note("crm/2", "Globex renewed its lease."))
            .unwrap();
        let first = indexer.commit_and_continue().unwrap();
        assert_eq!((first.added, first.removed, first.num_articles), (2, 0, 2));
        indexer
            .update(note("crm/1", "Acme signed for three turbines."))
            .unwrap();
        let second = indexer.commit_and_continue().unwrap();
        assert_eq!(
            (second.added, second.removed, second.num_articles),
            (1, 1, 2)
        );

        let edited = index.article_by_key("crm/1").unwrap();
        assert_eq!(edited.body, "Acme signed for three turbines.");
        assert_eq!(edited.key.as_deref(), Some("crm/1"));
        assert_eq!(edited.id, Article::id_of_key("crm/1"));
        assert_eq!(index.search(&Query::new("quote")).unwrap().total_hits, 0);
        let hits = index.search(&Query::new("turbines")).unwrap();
        assert_eq!(hits.total_hits, 1);
        assert_eq!(hits.hits[0].key.as_deref(), Some("crm/1"));
        // The key names the article for the lookups that take a reference.
        assert_eq!(
            index.article("crm/2").unwrap().body,
            "Globex renewed its lease."
        );
    }

    #[test]
    fn keys_are_deleted_alone_and_the_indexer_keeps_writing_after_each_commit() {
        let index = NewsIndex::in_memory().unwrap();
        let mut indexer = index.indexer().unwrap();
        indexer.add_article(note("crm/1", "Acme called.")).unwrap();
        indexer
            .add_article(note("crm/2", "Globex called."))
            .unwrap();
        indexer
            .add_article(Article::new("Wire", "Acme shares rose."))
            .unwrap();
        indexer.commit_and_continue().unwrap();
        indexer.delete("crm/1").unwrap();
        indexer.delete("crm/none").unwrap();
        let stats = indexer.commit_and_continue().unwrap();
        assert_eq!((stats.added, stats.removed, stats.num_articles), (0, 1, 2));
        assert!(matches!(
            index.article_by_key("crm/1"),
            Err(Error::ArticleNotFound(_))
        ));
        assert!(index.article_by_key("crm/2").is_ok());
        // Nothing pending: nothing written.
        let idle = indexer.commit_and_continue().unwrap();
        assert!(!idle.committed && idle.num_articles == 2);
        // Added, then deleted, in one commit: gone.
        indexer
            .add_article(note("crm/3", "Initech called."))
            .unwrap();
        indexer.delete("crm/3").unwrap();
        indexer.commit().unwrap();
        assert_eq!(index.num_articles(), 2);
        assert!(index.article_by_key("crm/3").is_err());
    }

    #[test]
    fn keys_refuse_paths_emptiness_and_updates_need_one() {
        let index = NewsIndex::in_memory().unwrap();
        let mut indexer = index.indexer().unwrap();
        let mut with_path = note("crm/1", "Acme called.");
        with_path.path = Some("/news/a.txt".into());
        let err = indexer.add_article(with_path).unwrap_err();
        assert!(
            matches!(&err, Error::InvalidArticle { name, .. } if name == "crm/1"),
            "{err}"
        );
        assert!(err.to_string().contains("no path"), "{err}");
        let err = indexer.add_article(note(" ", "Blank.")).unwrap_err();
        assert!(err.to_string().contains("may not be empty"), "{err}");
        let err = indexer
            .update(Article::new("Untitled note", "No key."))
            .unwrap_err();
        assert!(
            matches!(&err, Error::InvalidArticle { name, .. } if name == "Untitled note"),
            "{err}"
        );
        indexer.commit().unwrap();
        assert_eq!(index.num_articles(), 0);
    }

    /// An index created before keys (no `key` field) opens, takes and
    /// finds unkeyed articles, and refuses keyed ones with the remedy.
    #[test]
    fn an_index_from_before_keys_refuses_keyed_articles_only() {
        let mut builder = tantivy::schema::Schema::builder();
        for (_, entry) in crate::schema::build_schema().fields() {
            if entry.name() != "key" {
                builder.add_field(entry.clone());
            }
        }
        let old = tantivy::Index::create_in_ram(builder.build());
        let index = NewsIndex::from_tantivy(old, None).unwrap();
        let mut indexer = index.indexer().unwrap();
        let err = indexer
            .add_article(note("crm/1", "Acme called."))
            .unwrap_err();
        assert!(matches!(err, Error::KeysUnsupported(_)), "{err}");
        assert!(err.to_string().contains("NewsIndex::recreate"), "{err}");
        indexer
            .add_article(article("Tin prices", "Tin prices rose."))
            .unwrap();
        indexer.commit().unwrap();
        let hits = index.search(&Query::new("tin")).unwrap();
        assert_eq!((hits.total_hits, hits.hits[0].key.clone()), (1, None));
        assert!(matches!(
            index.article_by_key("crm/1"),
            Err(Error::ArticleNotFound(_))
        ));
    }

    #[test]
    fn a_second_writer_in_this_process_is_told_apart_from_another_process() {
        let dir = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(dir.path()).unwrap();
        let first = index.indexer().unwrap();
        let other = NewsIndex::open(dir.path()).unwrap();
        let err = other.indexer().unwrap_err();
        assert!(matches!(err, Error::IndexerOpen(_)), "{err}");
        assert!(
            err.to_string().contains("an Indexer of this process"),
            "{err}"
        );
        drop(first);
        other
            .indexer()
            .expect("free again once the first is dropped");

        let memory = NewsIndex::in_memory().unwrap();
        let _writing = memory.indexer().unwrap();
        let err = memory.indexer().unwrap_err();
        assert!(
            err.to_string().starts_with("an Indexer of this process"),
            "{err}"
        );
    }

    #[test]
    fn the_builder_sets_budget_and_threads_and_refuses_what_tantivy_would() {
        let index = NewsIndex::in_memory().unwrap();
        let err = index.indexer_builder().threads(0).build().unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidFilter {
                    parameter: Parameter::Threads,
                    ..
                }
            ),
            "{err}"
        );
        let err = index
            .indexer_builder()
            .memory_budget(20_000_000)
            .threads(2)
            .build()
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidFilter {
                    parameter: Parameter::MemoryBudget,
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("per thread (2 threads)"), "{err}");
        let mut indexer = index
            .indexer_builder()
            .memory_budget(32_000_000)
            .threads(2)
            .build()
            .unwrap();
        indexer
            .add_article(article("Tin prices", "Tin prices rose."))
            .unwrap();
        indexer.commit().unwrap();
        assert_eq!(index.num_articles(), 1);
    }

    #[test]
    fn a_read_only_handle_reads_refuses_to_write_and_leaves_no_lock_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("idx");
        {
            let index = NewsIndex::open_or_create(&path).unwrap();
            let mut indexer = index.indexer().unwrap();
            indexer
                .add_article(article("Zinc output", "Zinc output fell."))
                .unwrap();
            indexer.commit().unwrap();
        }
        // Tantivy leaves its (empty) lock files behind: as a folder copied
        // without them, for instance to a read-only disk, would be.
        for lock in [".tantivy-meta.lock", ".tantivy-writer.lock"] {
            let _ = std::fs::remove_file(path.join(lock));
        }
        let files = || {
            let mut names: Vec<_> = std::fs::read_dir(&path)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            names.sort();
            names
        };
        let before = files();
        let reader = NewsIndex::open_read_only(&path).unwrap();
        assert!(reader.is_read_only());
        assert_eq!(reader.search(&Query::new("zinc")).unwrap().total_hits, 1);
        let err = reader.indexer().unwrap_err();
        assert!(matches!(err, Error::ReadOnly(_)), "{err}");
        let err = reader.index_paths(&[dir.path()], |_| {}).unwrap_err();
        assert!(matches!(err, Error::ReadOnly(_)), "{err}");
        reader.reload().unwrap();
        assert_eq!(
            files(),
            before,
            "the reader wrote nothing, no lock file either"
        );
        // A writer elsewhere may go on: the reader sees its commits on reload.
        let writer = NewsIndex::open(&path).unwrap();
        let mut indexer = writer.indexer().unwrap();
        indexer
            .add_article(article("Zinc again", "Zinc output rose."))
            .unwrap();
        indexer.commit().unwrap();
        reader.reload().unwrap();
        assert_eq!(reader.num_articles(), 2);
        assert!(matches!(
            NewsIndex::open_read_only(dir.path().join("none")),
            Err(Error::IndexNotFound(_))
        ));
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
        assert_eq!((results.total_hits, results.partial_hits), (1, 1));
        assert_eq!(results.hits[0].title, "Grain trade");
        assert_eq!(results.hits[1].title, "Wheat wheat wheat");
        assert_eq!(
            results.hits[0].snippet.highlighted_words(),
            vec!["Exports", "wheat"]
        );
    }
}
