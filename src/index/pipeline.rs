//! Incremental runs over files, on every core, in file order.
//!
//! One reader thread walks the files in order and cuts each into pieces
//! of whole records ([`ingest::FileReader`]: a big JSON Lines, CSV, SGML
//! or mbox file is many pieces, a small or whole-read file one), numbered
//! in sequence. Worker threads take the pieces as they come and do the
//! work that costs: decoding, parsing, facet extraction and duplicate
//! fingerprints. The writer (the calling thread) puts the results back in
//! sequence, in a reorder buffer, and writes them: documents, ids and
//! duplicate groups are then the same for any number of threads. Pieces in
//! flight are bounded by tokens the writer hands back, so memory does not
//! grow with the size of a file.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};
use std::time::Instant;

use tantivy::Term;

use super::extracted::article_facets;
use super::manifest::{self, FileEntry, Resume};
use super::roots;
use super::run::{FileProblem, IndexOptions, IndexReport, MovedFolder, Progress};
use super::writer::Indexer;
use crate::article::Article;
use crate::dedup::Fingerprint;
use crate::error::Result;
use crate::extract::Facets;
use crate::ingest::{self, Ended, FileReader, Numbering, Prefix, ReadOptions, SkipReason, Step};
use crate::location::{is_under, Locations};

/// Pieces in flight (read, not yet written) per worker thread: enough to
/// keep every worker busy while the writer catches up.
const IN_FLIGHT_PER_WORKER: usize = 4;

/// Bytes of file content in flight (read, not yet written), beyond which
/// the reader waits: whole-read files may be large (up to the cap each).
/// A single piece larger than this still goes, alone.
const BYTES_IN_FLIGHT: u64 = 128 * 1024 * 1024;

/// At most this many warnings are kept per file; the rest are counted.
const MAX_WARNINGS: usize = 100;

/// What the reader thread sends for one file, in order.
enum Work {
    /// Same fingerprint as last time: not read.
    Unchanged(FileEntry),
    /// Yields nothing.
    Skipped(SkipReason),
    /// The file is read: all of it, or (`grown`) only what was appended.
    Begin { grown: bool },
    /// A piece of it.
    Chunk(ingest::Chunk),
    /// It ended (or failed midway); `mtime_ns` as stat'ed before reading.
    End {
        ended: std::result::Result<Ended, SkipReason>,
        mtime_ns: i128,
    },
    /// Several of the above at once (a file of one piece is one job).
    Many(Vec<Work>),
}

impl Work {
    /// Bytes of file content it carries.
    fn bytes(&self) -> u64 {
        match self {
            Work::Chunk(chunk) => chunk.len,
            Work::Many(all) => all.iter().map(Work::bytes).sum(),
            _ => 0,
        }
    }
}

/// Pieces and bytes read but not yet written: the reader takes room
/// before sending a piece and the writer gives it back once the piece is
/// written, so memory in flight is bounded whatever the files' sizes.
struct InFlight {
    state: Mutex<Room>,
    freed: Condvar,
    max_jobs: usize,
    max_bytes: u64,
}

#[derive(Default)]
struct Room {
    jobs: usize,
    bytes: u64,
    closed: bool,
}

impl InFlight {
    fn new(max_jobs: usize, max_bytes: u64) -> InFlight {
        InFlight {
            state: Mutex::new(Room::default()),
            freed: Condvar::new(),
            max_jobs,
            max_bytes,
        }
    }

    /// Wait for room for a piece of `bytes`; false once the writer is gone.
    fn take(&self, bytes: u64) -> bool {
        let mut room = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if room.closed {
                return false;
            }
            let fits = room.jobs < self.max_jobs && room.bytes + bytes <= self.max_bytes;
            if room.jobs == 0 || fits {
                room.jobs += 1;
                room.bytes += bytes;
                return true;
            }
            room = self.freed.wait(room).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// A piece of `bytes` was written.
    fn give(&self, bytes: u64) {
        let mut room = self.state.lock().unwrap_or_else(|e| e.into_inner());
        room.jobs = room.jobs.saturating_sub(1);
        room.bytes = room.bytes.saturating_sub(bytes);
        self.freed.notify_all();
    }

    /// Closes the room when dropped: the writer stopped.
    fn closer(&self) -> impl Drop + '_ {
        struct Closer<'a>(&'a InFlight);
        impl Drop for Closer<'_> {
            fn drop(&mut self) {
                let mut room = self.0.state.lock().unwrap_or_else(|e| e.into_inner());
                room.closed = true;
                self.0.freed.notify_all();
            }
        }
        Closer(self)
    }
}

/// What a worker made of a [`Work`].
enum Done {
    Unchanged(FileEntry),
    Skipped(SkipReason),
    Begin {
        grown: bool,
    },
    Chunk(Piece),
    End {
        ended: std::result::Result<Ended, SkipReason>,
        mtime_ns: i128,
    },
    Many(Vec<Done>),
}

/// A parsed, extracted piece.
struct Piece {
    articles: Vec<(Article, Facets, Fingerprint)>,
    warnings: Vec<String>,
    decoding: Option<String>,
    error: Option<SkipReason>,
    numbering: Numbering,
    bytes: u64,
}

/// The writer's account of the file being read.
struct Current {
    file: usize,
    grown: bool,
    /// Articles written this run.
    articles: u64,
    /// Articles the file had before (a grown file).
    before: u64,
    /// The position the next record takes.
    next_position: u64,
    warnings: Vec<String>,
    dropped: usize,
    decoding: Option<String>,
    error: Option<SkipReason>,
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
    /// files have their articles replaced; a JSON Lines, CSV or mbox file
    /// that only grew (its old content unchanged) has only its new records
    /// read; files indexed before from these folders that no longer exist
    /// have their articles removed. Does not commit; `options.rebuild` is
    /// applied by
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
        let mut moved = Vec::new();
        for root in &paths {
            // A corpus that moved without its index is found again before
            // its files could be taken for new ones (see `roots`).
            for found in roots::find_moved(&self.locations, &self.manifest, root) {
                self.locations.relocate(&found.anchor, &found.to);
                self.pending_changes += 1;
                moved.push(MovedFolder {
                    from: found.from.into(),
                    to: found.to,
                });
            }
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
            moved,
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
        let keys: Vec<String> = files.iter().map(|f| self.key(f)).collect();
        let total: u64 = files
            .iter()
            .filter_map(|f| fs::metadata(f).ok())
            .map(|m| m.len())
            .sum();
        // The reader thread compares against the manifest as it was; this
        // thread builds the new one.
        let previous = self.manifest.clone();
        let workers = options.workers();
        let in_flight = IN_FLIGHT_PER_WORKER * workers + 2;
        let (job_tx, job_rx) = mpsc::sync_channel::<(u64, usize, u64, Work)>(in_flight);
        let job_rx = Mutex::new(job_rx);
        let (done_tx, done_rx) = mpsc::channel::<(u64, usize, u64, Done)>();
        let budget = InFlight::new(in_flight, BYTES_IN_FLIGHT);
        let mut seen: HashSet<String> = HashSet::with_capacity(files.len());

        std::thread::scope(|scope| -> Result<()> {
            let (keys, previous, read, budget) = (&keys, &previous, &options.read, &budget);
            // Named threads, so a profile tells their shares apart.
            let named = |name: &str| std::thread::Builder::new().name(name.to_string());
            let spawned = named("index-reader").spawn_scoped(scope, move || {
                let mut seq = 0u64;
                let mut send = |file: usize, work: Work| -> bool {
                    // Wait while the writer is behind; stop when it is gone.
                    let bytes = work.bytes();
                    if !budget.take(bytes) {
                        return false;
                    }
                    let sent = job_tx.send((seq, file, bytes, work)).is_ok();
                    seq += 1;
                    sent
                };
                for (i, path) in files.iter().enumerate() {
                    if options.cancelled()
                        || !read_file(path, previous.files.get(&keys[i]), read, &mut |w| {
                            send(i, w)
                        })
                    {
                        break;
                    }
                }
            });
            spawned.expect("the reader thread starts");
            for _ in 0..workers {
                let (job_rx, done_tx) = (&job_rx, done_tx.clone());
                let spawned = named("index-worker").spawn_scoped(scope, move || loop {
                    let job = job_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok((seq, file, size, work))) = job else {
                        return; // the reader is done
                    };
                    let done = work_on(work, &keys[file]);
                    if done_tx.send((seq, file, size, done)).is_err() {
                        return; // the writer stopped
                    }
                });
                spawned.expect("a worker thread starts");
            }
            drop(done_tx);
            // However this loop ends (an error included), the reader must
            // not wait for room any more.
            let _close = budget.closer();

            let mut pending: BTreeMap<u64, (usize, u64, Done)> = BTreeMap::new();
            let mut next = 0u64;
            let mut current: Option<Current> = None;
            let (mut done_files, mut bytes) = (0usize, 0u64);
            'receive: for (seq, file, size, done) in &done_rx {
                pending.insert(seq, (file, size, done));
                while let Some((file, size, done)) = pending.remove(&next) {
                    next += 1;
                    let finished = self.apply(
                        &files[file],
                        &keys[file],
                        file,
                        done,
                        &mut current,
                        &mut report,
                        &mut bytes,
                    )?;
                    budget.give(size);
                    if finished {
                        seen.insert(keys[file].clone());
                        done_files += 1;
                        progress(Progress::File {
                            path: files[file].clone(),
                            done: done_files,
                            articles: report.articles_indexed,
                        });
                    }
                    progress(Progress::Bytes { done: bytes, total });
                    if options.cancelled() {
                        break 'receive;
                    }
                }
            }
            if let Some(cut) = current.take() {
                // Cancelled midway through a file: drop what it wrote, so
                // the next run reads it again from the start.
                self.abandon(&keys[cut.file]);
            }
            // Release the workers (and, through `_close`, the reader).
            drop(done_rx);
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

    /// Remove whatever a file contributed and forget it.
    fn abandon(&mut self, key: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.index.fields.path, key));
        self.manifest.files.remove(key);
        self.pending_changes += 1;
    }

    /// Apply one worker result, in file order; true when it finished a file.
    #[allow(clippy::too_many_arguments)]
    fn apply(
        &mut self,
        path: &Path,
        key: &str,
        file: usize,
        done: Done,
        current: &mut Option<Current>,
        report: &mut IndexReport,
        bytes: &mut u64,
    ) -> Result<bool> {
        let path_term = Term::from_field_text(self.index.fields.path, key);
        match done {
            Done::Many(all) => {
                let mut finished = false;
                for done in all {
                    finished |= self.apply(path, key, file, done, current, report, bytes)?;
                }
                Ok(finished)
            }
            Done::Unchanged(entry) => {
                *bytes += entry.size;
                report.files_unchanged += 1;
                if self.manifest.files.get(key) != Some(&entry) {
                    self.manifest.files.insert(key.to_string(), entry);
                    self.pending_changes += 1;
                }
                Ok(true)
            }
            Done::Skipped(reason) => {
                // A file that now yields nothing (emptied, turned binary)
                // no longer contributes articles; one we merely cannot
                // read right now keeps its old ones.
                if !matches!(reason, SkipReason::Unreadable(_))
                    && self.manifest.files.remove(key).is_some()
                {
                    self.writer.delete_term(path_term);
                    self.pending_changes += 1;
                }
                report.skip(path.to_path_buf(), &reason);
                Ok(true)
            }
            Done::Begin { grown } => {
                let previous = self.manifest.files.get(key);
                let (before, next_position) = match previous {
                    Some(entry) if grown => (
                        entry.articles,
                        entry.resume.as_ref().map_or(0, |r| r.next_position),
                    ),
                    _ => (0, 0),
                };
                // Replace whatever this file contributed before, even
                // articles at positions it no longer has. Article ids derive
                // from the path, so the path delete covers them all; a file
                // new to the index needs no delete at all.
                if !grown && (previous.is_some() || self.path_indexed(&path_term)?) {
                    self.writer.delete_term(path_term);
                    self.pending_changes += 1;
                }
                *current = Some(Current {
                    file,
                    grown,
                    articles: 0,
                    before,
                    next_position,
                    warnings: Vec::new(),
                    dropped: 0,
                    decoding: None,
                    error: None,
                });
                Ok(false)
            }
            Done::Chunk(piece) => {
                *bytes += piece.bytes;
                let Some(state) = current.as_mut() else {
                    return Ok(false);
                };
                self.write_piece(state, piece)?;
                Ok(false)
            }
            Done::End { ended, mtime_ns } => {
                let Some(state) = current.take() else {
                    return Ok(true);
                };
                report.articles_indexed += state.articles;
                self.end_file(path, key, state, ended, mtime_ns, report);
                Ok(true)
            }
        }
    }

    /// Write a piece's articles with the file's positions.
    fn write_piece(&mut self, state: &mut Current, piece: Piece) -> Result<()> {
        let base = state.next_position;
        for (mut article, facets, fingerprint) in piece.articles {
            let position = match piece.numbering {
                Numbering::Absolute => u64::from(article.position),
                Numbering::Lines => u64::from(article.position).max(state.next_position),
                Numbering::Counted { .. } => base + u64::from(article.position),
            };
            article.position = u32::try_from(position).unwrap_or(u32::MAX);
            state.next_position = state.next_position.max(position + 1);
            self.write(&article.id(), &article, &facets, &fingerprint)?;
            state.articles += 1;
        }
        if let Numbering::Counted { records } = piece.numbering {
            state.next_position = state.next_position.max(base + records);
        }
        for warning in piece.warnings {
            if state.warnings.len() < MAX_WARNINGS {
                state.warnings.push(warning);
            } else {
                state.dropped += 1;
            }
        }
        if state.decoding.is_none() {
            state.decoding = piece.decoding;
        }
        // The reason a file with no article is skipped: the first piece's,
        // unless it was only blank.
        if let Some(error) = piece.error {
            match &state.error {
                None | Some(SkipReason::Empty) => state.error = Some(error),
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// Record a file read to its end (or failed midway).
    fn end_file(
        &mut self,
        path: &Path,
        key: &str,
        mut state: Current,
        ended: std::result::Result<Ended, SkipReason>,
        mtime_ns: i128,
        report: &mut IndexReport,
    ) {
        let ended = match ended {
            Ok(ended) if state.articles > 0 || state.grown => ended,
            Ok(_) => {
                // Read to the end, nothing in it (what it had before was
                // deleted when it began).
                let reason = state.error.take().unwrap_or(SkipReason::Empty);
                if self.manifest.files.remove(key).is_some() {
                    self.pending_changes += 1;
                }
                report.skip(path.to_path_buf(), &reason);
                return;
            }
            Err(reason) => {
                self.abandon(key);
                report.skip(path.to_path_buf(), &reason);
                return;
            }
        };
        let resume = ended.streamed.then_some(Resume {
            lines: ended.lines,
            records: ended.records,
            next_position: state.next_position,
        });
        let entry = FileEntry {
            size: ended.size,
            mtime_ns,
            hash: ended.hash,
            articles: state.before + state.articles,
            resume,
        };
        self.pending_changes += 1;
        let known = self.manifest.files.insert(key.to_string(), entry).is_some();
        if state.grown {
            report.files_grown += 1;
            report.articles_appended += state.articles;
        } else if known {
            report.files_updated += 1;
        } else {
            report.files_new += 1;
        }
        let mut warnings = Vec::new();
        warnings.extend(state.decoding);
        if let (Some(error), true) = (state.error, state.articles > 0) {
            if error != SkipReason::Empty {
                warnings.push(error.to_string());
            }
        }
        warnings.append(&mut state.warnings);
        if state.dropped > 0 {
            warnings.push(format!("... and {} more problems", state.dropped));
        }
        report
            .problems
            .extend(warnings.into_iter().map(|problem| FileProblem {
                path: path.to_path_buf(),
                problem,
                skipped: false,
            }));
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

/// Runs on the reader thread: decide how one file is read (not at all,
/// only its new part, or all of it) and send its pieces in order. False
/// when the writer stopped.
fn read_file(
    path: &Path,
    previous: Option<&FileEntry>,
    options: &ReadOptions,
    send: &mut dyn FnMut(Work) -> bool,
) -> bool {
    let (size, mtime_ns) = match fs::metadata(path) {
        Ok(meta) => manifest::stat(&meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return send(Work::Skipped(SkipReason::Unreadable(
                "vanished during the run".into(),
            )))
        }
        Err(e) => return send(Work::Skipped(SkipReason::Unreadable(e.to_string()))),
    };
    if let Some(prev) = previous {
        if prev.size == size && prev.mtime_ns == mtime_ns {
            return send(Work::Unchanged(prev.clone()));
        }
        if prev.size == size {
            // Touched, perhaps not changed: a hash tells, before any parse.
            match ingest::hash_file(path) {
                Ok((hash, _)) if hash == prev.hash => {
                    return send(Work::Unchanged(FileEntry {
                        size,
                        mtime_ns,
                        ..prev.clone()
                    }))
                }
                Ok(_) => {}
                Err(reason) => return send(Work::Skipped(reason)),
            }
        } else if let (true, Some(resume)) = (size > prev.size, &prev.resume) {
            let prefix = Prefix {
                size: prev.size,
                hash: prev.hash.clone(),
                lines: resume.lines,
                records: resume.records,
            };
            match FileReader::resume(path, &prefix, options) {
                Ok(Some(reader)) => return stream(reader, true, mtime_ns, send),
                Ok(None) => {} // changed in place: read it all
                Err(reason) => return send(Work::Skipped(reason)),
            }
        }
    }
    match FileReader::open(path, options) {
        Ok(reader) => stream(reader, false, mtime_ns, send),
        Err(reason) => send(Work::Skipped(reason)),
    }
}

/// Send a file's pieces, then its end.
fn stream(
    mut reader: FileReader,
    grown: bool,
    mtime_ns: i128,
    send: &mut dyn FnMut(Work) -> bool,
) -> bool {
    // Work is held back until the next piece shows whether the file
    // ended: a file of one piece (most files) then goes as one job, its
    // beginning, piece and end together. At most one piece is held.
    let mut held = vec![Work::Begin { grown }];
    let flush = |held: &mut Vec<Work>, send: &mut dyn FnMut(Work) -> bool| {
        let work = if held.len() == 1 {
            held.pop().expect("one")
        } else {
            Work::Many(std::mem::take(held))
        };
        send(work)
    };
    loop {
        let (work, last) = match reader.next_step() {
            Ok(Step::Chunk(chunk)) => (Work::Chunk(chunk), false),
            Ok(Step::End(ended)) => (
                Work::End {
                    ended: Ok(ended),
                    mtime_ns,
                },
                true,
            ),
            Err(reason) => (
                Work::End {
                    ended: Err(reason),
                    mtime_ns,
                },
                true,
            ),
        };
        if !last && held.iter().any(|w| matches!(w, Work::Chunk(_))) && !flush(&mut held, send) {
            return false;
        }
        held.push(work);
        if last {
            return flush(&mut held, send);
        }
    }
}

/// Runs on worker threads: parse a piece and extract its articles' facets
/// and duplicate fingerprints.
fn work_on(work: Work, key: &str) -> Done {
    match work {
        Work::Unchanged(entry) => Done::Unchanged(entry),
        Work::Skipped(reason) => Done::Skipped(reason),
        Work::Begin { grown } => Done::Begin { grown },
        Work::End { ended, mtime_ns } => Done::End { ended, mtime_ns },
        Work::Many(all) => Done::Many(all.into_iter().map(|w| work_on(w, key)).collect()),
        Work::Chunk(chunk) => {
            let parsed = ingest::parse_chunk(&chunk, Some(key));
            let articles = parsed
                .articles
                .into_iter()
                .map(|article| {
                    let facets = article_facets(&article);
                    let fingerprint = Fingerprint::of(&article.title, &article.body);
                    (article, facets, fingerprint)
                })
                .collect();
            Done::Chunk(Piece {
                articles,
                warnings: parsed.warnings,
                decoding: parsed.decoding,
                error: parsed.error,
                numbering: parsed.numbering,
                bytes: chunk.len,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::NewsIndex;

    /// Articles of every kind a run reads, with near-duplicates across
    /// files and pieces: a JSON Lines file of several pieces, SGML, CSV,
    /// text.
    fn mixed_corpus(dir: &Path) {
        let topics = [
            ("Wheat", "Kansas", "harvest of winter wheat grew by a tenth"),
            (
                "Copper",
                "Chile",
                "output of the Escondida mine fell sharply",
            ),
            ("Coffee", "Brazil", "exports of arabica beans rose in March"),
        ];
        let mut jsonl = String::new();
        let padding = "Traders in London and New York said demand stayed firm. ".repeat(8);
        for i in 0..700 {
            let (what, place, news) = topics[i % 3];
            // Every third line repeats an earlier text with one word
            // changed: near-duplicates, some borderline.
            let body = if i % 7 == 0 {
                format!(
                    "{what} in {place}: the {news}, officials said on day {}. {padding}",
                    i / 7
                )
            } else {
                format!("{what} in {place}: the {news}, officials said on day {i}. {padding}")
            };
            jsonl.push_str(
                &serde_json::json!({"title": format!("{what} {i}"), "body": body}).to_string(),
            );
            jsonl.push('\n');
        }
        assert!(jsonl.len() > ingest::CHUNK_BYTES, "several pieces");
        fs::write(dir.join("a.jsonl"), jsonl).unwrap();
        fs::write(
            dir.join("b.sgm"),
            "<REUTERS NEWID=\"1\"><TEXT><TITLE>ZINC</TITLE><BODY>Zinc output rose in Peru, the ministry said.</BODY></TEXT></REUTERS>\n\
             <REUTERS NEWID=\"2\"><TEXT><TITLE>TIN</TITLE><BODY>Tin output fell in Bolivia.</BODY></TEXT></REUTERS>\n",
        )
        .unwrap();
        fs::write(
            dir.join("c.csv"),
            "title,body\nCoffee 3,\"Coffee in Brazil: the exports of arabica beans rose in March, officials said on day 3.\"\nRice,Rice harvests grew in Vietnam.\n",
        )
        .unwrap();
        fs::write(dir.join("d.txt"), "Wheat again\n\nWheat in Kansas: the harvest of winter wheat grew by a tenth, officials said on day 0.\n").unwrap();
    }

    fn everything(index: &NewsIndex) -> Vec<crate::search::ExportedArticle> {
        let mut out = Vec::new();
        index
            .export(&crate::search::Query::new(""), |a| {
                out.push(a.clone());
                Ok(())
            })
            .unwrap();
        out.sort_by(|a, b| a.article.id.cmp(&b.article.id));
        out
    }

    #[test]
    fn one_and_four_threads_give_the_same_index() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("news");
        fs::create_dir(&input).unwrap();
        mixed_corpus(&input);
        let run = |threads: usize| {
            let index =
                NewsIndex::open_or_create(dir.path().join(format!("idx{threads}"))).unwrap();
            let report = index
                .index_paths_with(&[&input], &IndexOptions::new().threads(threads), |_| {})
                .unwrap();
            assert_eq!(report.files_new, 4, "{:?}", report.problems);
            assert_eq!(report.articles_indexed, 700 + 2 + 2 + 1);
            everything(&index)
        };
        let one = run(1);
        let four = run(4);
        assert_eq!(one.len(), 705);
        let groups = one.iter().filter(|a| a.similar > 0 || a.copies > 0).count();
        assert!(groups > 100, "near-duplicates were grouped: {groups}");
        for (a, b) in one.iter().zip(&four) {
            assert_eq!(a.article.id, b.article.id);
            assert_eq!(a.article.position, b.article.position);
            assert_eq!(a.group, b.group, "{}", a.article.title);
            assert_eq!(a, b);
        }
        // Positions are the lines of the JSON Lines file, as when it was read whole.
        let lines: Vec<u32> = one
            .iter()
            .filter(|a| {
                a.article
                    .path
                    .as_deref()
                    .is_some_and(|p| p.ends_with("a.jsonl"))
            })
            .map(|a| a.article.position)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        assert_eq!(lines, (0..700).collect::<Vec<u32>>());
    }

    #[test]
    fn room_in_flight_is_bounded_and_released_when_the_writer_stops() {
        let room = InFlight::new(2, 100);
        assert!(room.take(500), "a piece larger than the budget goes alone");
        room.give(500);
        assert!(room.take(60) && room.take(30));
        std::thread::scope(|scope| {
            // No room for a third piece: the reader waits until the writer
            // gives some back, or stops.
            let waiting = scope.spawn(|| room.take(10));
            drop(room.closer());
            assert!(!waiting.join().unwrap());
        });
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
}
