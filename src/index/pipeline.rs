//! Incremental runs over files: the walk, the reader threads that
//! fingerprint, read and extract files (both cores), the bounded channel
//! that feeds the single writer, and bringing the index and its manifest
//! up to date with each file's outcome, including files that are gone.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use tantivy::Term;

use super::extracted::article_facets;
use super::manifest::{self, FileEntry};
use super::run::{FileProblem, IndexOptions, IndexReport, Progress};
use super::writer::Indexer;
use crate::article::Article;
use crate::dedup::Fingerprint;
use crate::error::Result;
use crate::extract::Facets;
use crate::ingest::{self, SkipReason};
use crate::location::{is_under, Locations};

/// Batches of files in flight between the reader threads and the writer.
const PIPELINE_DEPTH: usize = 4;

/// Files a reader thread reads and hands over at a time...
const FILES_PER_BATCH: usize = 16;

/// ...unless their content passes this many bytes first.
const BATCH_BYTES: u64 = 1024 * 1024;

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
    /// [`NewsIndex::index_paths_with`](super::NewsIndex::index_paths_with), not here.
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
            .map(|(path, _)| crate::location::path_string(path))
            .collect();
        let roots: Vec<String> = roots
            .iter()
            .map(|r| crate::location::path_string(r))
            .collect();
        // Decided on paths on disk: a root may hold files of several anchors.
        let gone: Vec<String> = self
            .manifest
            .files
            .keys()
            .filter(|key| !seen.contains(*key))
            .filter(|key| {
                let path = self.locations.resolve(key);
                roots.iter().any(|root| is_under(&path, root))
                    && !blocked.iter().any(|b| is_under(&path, b))
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
}

/// The stored path of a file or folder on disk: its key under its anchor,
/// or the path itself when it lies in none.
fn key_of(locations: &Locations, path: &Path) -> String {
    locations
        .key_of(path)
        .unwrap_or_else(|| crate::location::path_string(path))
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
                    let facets = article_facets(&article);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::NewsIndex;

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
}
