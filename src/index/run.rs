//! The public types of an indexing run: its options, the progress it
//! reports as it goes, and the report it returns, with the per-file
//! problems that did not stop it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::error::Result;
use crate::ingest::{self, SkipReason};

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
    /// More of the files' content was read and handed to the writer
    /// (sent after each piece of a big file, so a bar can show bytes and
    /// a rate).
    Bytes {
        /// Bytes done so far (unchanged files count as done).
        done: u64,
        /// Bytes of all the files the walk found.
        total: u64,
    },
}

/// Options of an indexing run.
#[derive(Debug, Clone, Default)]
pub struct IndexOptions {
    pub(super) rebuild: bool,
    pub(super) cancel: Option<Arc<AtomicBool>>,
    pub(super) walk: ingest::WalkOptions,
    pub(super) read: ingest::ReadOptions,
    pub(super) threads: Option<usize>,
}

impl IndexOptions {
    /// Incremental indexing, not cancellable.
    pub fn new() -> IndexOptions {
        IndexOptions::default()
    }

    /// Start from an empty index instead of updating the existing one:
    /// every article goes, keyed ones ([`crate::Article::with_key`])
    /// too, which no file brings back.
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

    /// Parse and extract on `n` worker threads (at least 1) instead of one
    /// per available core. Results (order, ids, duplicate groups) are the
    /// same for any number.
    pub fn threads(mut self, n: usize) -> IndexOptions {
        self.threads = Some(n.max(1));
        self
    }

    /// Refuse files of formats read whole (text, HTML, PDF, Word, e-mail,
    /// a JSON array) larger than `bytes` instead of
    /// [`ingest::MAX_FILE_SIZE`]. Formats with records (JSON Lines,
    /// CSV/TSV, SGML, MBOX) are streamed whatever their size; this is
    /// also their longest record.
    pub fn max_file_size(mut self, bytes: u64) -> IndexOptions {
        self.read = self.read.max_file_size(bytes);
        self
    }

    /// Date articles that have no date of their own by their file's
    /// modification time ([`ingest::ReadOptions::date_from_mtime`]).
    pub fn date_from_mtime(mut self, on: bool) -> IndexOptions {
        self.read = self.read.date_from_mtime(on);
        self
    }

    /// Which CSV/TSV columns feed which article fields, beyond the usual
    /// names ([`ingest::CsvColumns`]).
    pub fn csv_columns(mut self, columns: ingest::CsvColumns) -> IndexOptions {
        self.read = self.read.csv_columns(columns);
        self
    }

    /// The worker threads a run uses.
    pub(super) fn workers(&self) -> usize {
        self.threads.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
    }

    pub(super) fn cancelled(&self) -> bool {
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
    /// Files that only grew since the last run (their earlier content
    /// unchanged): only their new records were read.
    pub files_grown: usize,
    /// Articles from the new records of grown files (counted in
    /// `articles_indexed` too).
    pub articles_appended: u64,
    /// Articles written (from new, updated and grown files).
    pub articles_indexed: u64,
    /// Skipped files counted by reason ("unsupported", "binary", ...).
    pub skipped: BTreeMap<String, usize>,
    /// Every problem worth showing a user: a path and what was wrong with it.
    /// Unsupported file types are counted in `skipped` but not listed here.
    pub problems: Vec<FileProblem>,
    /// True when the run was cancelled: only the files finished were committed.
    pub interrupted: bool,
    /// Folders the index was built from that were found in a new place
    /// (the corpus moved without its index): their files keep their
    /// articles and ids. Absent from JSON when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub moved: Vec<MovedFolder>,
    /// Recorded files and folders a re-scan could not find (moved,
    /// deleted, or on a disk not mounted): their articles are kept;
    /// [`crate::NewsIndex::forget`] removes them. Absent from JSON when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_roots: Vec<PathBuf>,
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
    pub(super) fn absorb(&mut self, other: IndexReport) {
        self.files_seen += other.files_seen;
        self.files_new += other.files_new;
        self.files_updated += other.files_updated;
        self.files_unchanged += other.files_unchanged;
        self.files_removed += other.files_removed;
        self.files_grown += other.files_grown;
        self.articles_appended += other.articles_appended;
        self.articles_indexed += other.articles_indexed;
        for (kind, n) in other.skipped {
            *self.skipped.entry(kind).or_default() += n;
        }
        self.problems.extend(other.problems);
        self.interrupted |= other.interrupted;
        self.moved.extend(other.moved);
        self.missing_roots.extend(other.missing_roots);
    }

    /// Whether every file the run was given was refused or failed:
    /// nothing indexed, nothing unchanged, at least one problem listed.
    pub fn all_failed(&self) -> bool {
        self.files_new + self.files_updated + self.files_unchanged + self.files_grown == 0
            && self.problems.iter().any(|p| p.skipped)
            && !self.interrupted
    }

    /// Files skipped for any reason.
    pub fn files_skipped(&self) -> usize {
        self.skipped.values().sum()
    }

    pub(super) fn skip(&mut self, path: PathBuf, reason: &SkipReason) {
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

/// A folder of the index found in a new place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MovedFolder {
    /// Where the index last saw it.
    pub from: PathBuf,
    /// Where it is now.
    pub to: PathBuf,
}

/// What [`crate::NewsIndex::forget`] removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Forgotten {
    /// The file or folder, as recorded (where it was last seen).
    pub path: PathBuf,
    /// Files whose articles were removed.
    pub files: u64,
    /// Articles removed.
    pub articles: u64,
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
