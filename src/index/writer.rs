//! The [`Indexer`]: writes articles into an index, each with its facets
//! and its near-duplicate group, and makes them visible in one commit
//! together with the manifest. Runs over files feed it from the pipeline
//! (see `pipeline`).

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
use crate::error::{Error, Result};
use crate::extract::Facets;
use crate::location::Locations;

/// Memory the writer may use for its in-RAM segments, shared by its threads.
/// Bounded so indexing stays well under a few hundred MB whatever the corpus size.
const WRITER_MEMORY_BUDGET: usize = 128 * 1024 * 1024;

/// The least memory worth giving one indexing thread: each flushes a
/// segment when its share is full, so smaller shares make more, smaller
/// segments for the merges to redo. (Tantivy refuses less than 15 MB.)
const MIN_MEMORY_PER_THREAD: usize = 16 * 1024 * 1024;

/// Tantivy's indexing threads for a machine of `cores`: one per core (they
/// tokenise and invert, the writer's biggest share of work after
/// extraction, and wait when there is nothing to do), at most as many as
/// the budget gives [`MIN_MEMORY_PER_THREAD`] each, and at most 8, the
/// most Tantivy takes.
fn indexing_threads(cores: usize) -> usize {
    const TANTIVY_MAX_THREADS: usize = 8;
    cores
        .min(WRITER_MEMORY_BUDGET / MIN_MEMORY_PER_THREAD)
        .clamp(1, TANTIVY_MAX_THREADS)
}

/// Writes articles into a [`NewsIndex`]. Nothing is visible to searches,
/// nor durable, until [`Indexer::commit`]; dropping an indexer without
/// committing discards its work and leaves the index as it was.
pub struct Indexer<'a> {
    pub(super) index: &'a NewsIndex,
    pub(super) writer: IndexWriter,
    /// Additions, deletions and manifest updates not yet committed: with
    /// none, a commit is skipped and the index folder left untouched.
    pub(super) pending_changes: u64,
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
}

impl std::fmt::Debug for Indexer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Indexer")
            .field("index", &self.index)
            .field("pending_changes", &self.pending_changes)
            .finish_non_exhaustive()
    }
}

impl<'a> Indexer<'a> {
    /// Start writing to `index` (see [`NewsIndex::indexer`]): take the
    /// writer lock, then read the manifest of the last commit.
    pub(super) fn new(index: &'a NewsIndex) -> Result<Indexer<'a>> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = indexing_threads(cores);
        let writer = index
            .index
            .writer_with_num_threads(threads, WRITER_MEMORY_BUDGET)
            .map_err(|e| match e {
                TantivyError::LockFailure(LockError::LockBusy, _) => {
                    Error::IndexLocked(index.path.clone().unwrap_or_default())
                }
                // A folder this user may read but not write.
                TantivyError::LockFailure(LockError::IoError(e), _) => Error::Io {
                    path: index.path.clone().unwrap_or_default(),
                    source: std::io::Error::from(e.kind()),
                },
                other => engine_error(index.path.as_deref(), other),
            })?;
        // Read under the writer lock, so no other run can commit in between.
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
            manifest,
            locations,
            grouper: dedup::Grouper::default(),
            parents: None,
            corrections,
        })
    }
}

impl Indexer<'_> {
    /// Add one article, extracting its facets from its text. An article
    /// with the same [`Article::id`] already in the index is replaced.
    pub fn add_article(&mut self, article: Article) -> Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Query;

    fn article(title: &str, body: &str) -> Article {
        Article::new(title, body)
    }

    #[test]
    fn indexing_threads_follow_the_cores_within_tantivys_and_the_budgets_limits() {
        assert_eq!(indexing_threads(0), 1);
        assert_eq!(indexing_threads(1), 1);
        assert_eq!(indexing_threads(2), 2);
        assert_eq!(indexing_threads(6), 6);
        assert_eq!(indexing_threads(64), 8);
        assert!(WRITER_MEMORY_BUDGET / indexing_threads(64) >= MIN_MEMORY_PER_THREAD);
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
