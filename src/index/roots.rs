//! The files and folders an index was built from: found again after the
//! corpus moved without its index, and forgotten on request.
//!
//! An index moved or copied alone still looks for its corpus where it
//! was (see [`crate::location`]). When that folder is gone and the user
//! names the folder it moved to, its files must be recognised as the
//! same articles, not indexed a second time under a new anchor: the
//! anchor is pointed at the new place, so every key (and article id)
//! stays as it was, and the usual fingerprint check decides which files
//! need reading again.
//!
//! A missing anchor is matched to a folder by the files the manifest
//! knows under it: a sample of them must exist at the same relative
//! paths in the candidate folder, with the same sizes. Sizes are a cheap
//! test; contents are compared afterwards by the incremental check (the
//! hash, when the modification time differs), so a folder that only
//! looks alike gets its changed files re-read, never wrong articles.

use std::path::{Path, PathBuf};

use tantivy::Term;

use super::manifest::Manifest;
use super::run::Forgotten;
use super::writer::Indexer;
use super::NewsIndex;
use crate::error::{Error, Result};
use crate::location::{is_under, path_string, Locations};

/// Files sampled per candidate folder: enough to tell a moved corpus
/// from a folder that shares a few names, cheap on a large corpus.
const SAMPLE: usize = 48;

/// How far above the folder given a moved anchor may sit (indexing
/// `corpus/sport` finds `corpus` moved).
const MAX_DEPTH: usize = 4;

/// A recorded folder found in a new place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Moved {
    /// The anchor's name (the first component of its keys).
    pub anchor: String,
    /// Where it was recorded.
    pub from: String,
    /// Where it is now (canonical).
    pub to: PathBuf,
}

/// The missing anchors whose files are found under or around `root` (a
/// canonical path about to be indexed), each with its new folder.
pub(super) fn find_moved(locations: &Locations, manifest: &Manifest, root: &Path) -> Vec<Moved> {
    let base = if root.is_dir() {
        root
    } else {
        match root.parent() {
            Some(parent) => parent,
            None => return Vec::new(),
        }
    };
    let mut moved = Vec::new();
    for (anchor, from) in locations.missing() {
        let prefix = format!("{anchor}/");
        let known: Vec<(&str, u64)> = manifest
            .files
            .range(prefix.clone()..)
            .take_while(|(key, _)| key.starts_with(&prefix))
            .map(|(key, entry)| (&key[prefix.len()..], entry.size))
            .collect();
        if known.is_empty() {
            continue;
        }
        let best = candidates(base, &from)
            .into_iter()
            // A folder some present anchor already holds is not a moved one.
            .filter(|(folder, _)| locations.key_of(folder).is_none())
            .filter_map(|(folder, inside)| {
                let score = score(&folder, &inside, &known)?;
                Some((score, folder))
            })
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, to)) = best {
            moved.push(Moved { anchor, from, to });
        }
    }
    moved
}

/// Folders that may be the moved anchor, each with the part of the
/// anchor `base` is (`""` for all of it): `base` itself, the folder of
/// the anchor's name inside it (its parent folder was given), and the
/// folders above it.
fn candidates(base: &Path, from: &str) -> Vec<(PathBuf, String)> {
    let mut found = vec![(base.to_path_buf(), String::new())];
    if let Some(name) = Path::new(from).file_name() {
        let inside = base.join(name);
        if inside.is_dir() {
            found.push((inside, String::new()));
        }
    }
    let mut inside: Vec<String> = Vec::new();
    let mut folder = base;
    for _ in 0..MAX_DEPTH {
        let Some(name) = folder.file_name() else {
            break;
        };
        inside.insert(0, name.to_string_lossy().into_owned());
        let Some(parent) = folder.parent() else {
            break;
        };
        found.push((parent.to_path_buf(), inside.join("/")));
        folder = parent;
    }
    found
}

/// The share of a sample of the anchor's files under `inside` found in
/// `folder` at the same place with the same size; `None` when under
/// half of them are (or the anchor had none there).
fn score(folder: &Path, inside: &str, known: &[(&str, u64)]) -> Option<f64> {
    let relevant: Vec<&(&str, u64)> = if inside.is_empty() {
        known.iter().collect()
    } else {
        let prefix = format!("{inside}/");
        known
            .iter()
            .filter(|(rest, _)| rest.starts_with(&prefix))
            .collect()
    };
    if relevant.is_empty() {
        return None;
    }
    // Evenly spread over the (sorted) keys: every subfolder is tried.
    let step = relevant.len().div_ceil(SAMPLE);
    let sample: Vec<_> = relevant.iter().step_by(step).collect();
    let found = sample
        .iter()
        .filter(|(rest, size)| {
            std::fs::metadata(folder.join(rest)).is_ok_and(|m| m.is_file() && m.len() == *size)
        })
        .count();
    (found * 2 > sample.len()).then(|| found as f64 / sample.len() as f64)
}

impl NewsIndex {
    /// Forget a file or folder the index was built from
    /// ([`NewsIndex::roots`]): remove the articles of every file indexed
    /// under it and stop re-scanning it, in one commit. For a folder that
    /// moved, index it where it is now instead (its files keep their
    /// articles); for one deleted or never coming back, forget it.
    ///
    /// `path` is matched against the roots where the index looks for them
    /// now (relative paths taken from the current folder), then against
    /// the roots as stored.
    ///
    /// # Errors
    ///
    /// [`Error::NotARoot`] when `path` is none of the roots; as
    /// [`NewsIndex::indexer`] when the index cannot be written.
    pub fn forget(&self, path: &Path) -> Result<Forgotten> {
        let mut indexer = self.indexer()?;
        let forgotten = indexer.forget(path)?;
        indexer.commit()?;
        Ok(forgotten)
    }
}

impl Indexer<'_> {
    /// [`NewsIndex::forget`] without committing.
    pub fn forget(&mut self, path: &Path) -> Result<Forgotten> {
        let wanted = absolute(path);
        let resolved: Vec<String> = self
            .manifest
            .roots
            .iter()
            .map(|root| self.locations.resolve(&root.path))
            .collect();
        let position = resolved
            .iter()
            .position(|on_disk| *on_disk == wanted)
            .or_else(|| {
                let typed = path_string(path);
                self.manifest.roots.iter().position(|r| r.path == typed)
            })
            .ok_or_else(|| Error::NotARoot {
                path: path.to_path_buf(),
                roots: resolved.clone(),
            })?;
        let root = self.manifest.roots.remove(position);
        let under: Vec<String> = self
            .manifest
            .files
            .keys()
            .filter(|key| is_under(key, &root.path))
            .cloned()
            .collect();
        let mut forgotten = Forgotten {
            path: resolved[position].clone().into(),
            ..Forgotten::default()
        };
        for key in under {
            let entry = self.manifest.files.remove(&key).expect("listed above");
            self.writer
                .delete_term(Term::from_field_text(self.index.fields.path, &key));
            forgotten.files += 1;
            forgotten.articles += entry.articles;
        }
        // An anchor no file and no root uses any more frees its name.
        let used = self
            .manifest
            .files
            .keys()
            .chain(self.manifest.roots.iter().map(|r| &r.path));
        self.locations.retain_used(used.map(String::as_str));
        self.pending_changes += 1;
        Ok(forgotten)
    }
}

/// `path` made absolute (canonical when it exists), as roots are shown.
fn absolute(path: &Path) -> String {
    if let Ok(canonical) = std::fs::canonicalize(path) {
        return path_string(&canonical);
    }
    let joined = std::env::current_dir().map_or_else(|_| path.to_path_buf(), |cwd| cwd.join(path));
    // Tidy `./` and `a/../` by components, as the path no longer exists.
    let mut clean = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    path_string(&clean)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::manifest::FileEntry;
    use crate::location::{path_string, Anchor};

    fn entry(size: u64) -> FileEntry {
        FileEntry {
            size,
            mtime_ns: 0,
            hash: String::new(),
            articles: 1,
            resume: None,
        }
    }

    /// A manifest of `files` (key, content) and locations with one anchor
    /// `corpus` recorded at `at`.
    fn recorded(files: &[(&str, &str)], at: &Path) -> (Manifest, Locations) {
        let mut manifest = Manifest::default();
        for (key, text) in files {
            manifest
                .files
                .insert(key.to_string(), entry(text.len() as u64));
        }
        let anchor = Anchor {
            name: "corpus".into(),
            relative: None,
            absolute: path_string(at),
        };
        (manifest, Locations::new(None, vec![anchor]))
    }

    fn write(root: &Path, files: &[(&str, &str)]) {
        for (key, text) in files {
            let path = root.join(key.trim_start_matches("corpus/"));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    const FILES: &[(&str, &str)] = &[
        ("corpus/markets/wheat.txt", "Wheat exports rise."),
        ("corpus/markets/copper.txt", "Copper climbs in London."),
        ("corpus/sport/cup.txt", "The cup final drew a record crowd."),
    ];

    #[test]
    fn a_moved_folder_is_found_by_its_files() {
        let dir = tempfile::tempdir().unwrap();
        let moved = dir.path().join("moved/corpus");
        write(&moved, FILES);
        let (manifest, locations) = recorded(FILES, &dir.path().join("gone/corpus"));
        let moved = std::fs::canonicalize(moved).unwrap();

        // Named itself, by its parent folder, or by a folder inside it.
        for root in [
            moved.clone(),
            moved.parent().unwrap().into(),
            moved.join("sport"),
        ] {
            let found = find_moved(&locations, &manifest, &root);
            assert_eq!(found.len(), 1, "{root:?}");
            assert_eq!(found[0].anchor, "corpus");
            assert_eq!(found[0].to, moved, "{root:?}");
        }
    }

    #[test]
    fn a_folder_with_other_files_is_not_taken_for_it() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("other");
        // One file alike, two changed in size: not the same corpus.
        write(
            &other,
            &[
                ("corpus/markets/wheat.txt", "Wheat exports rise."),
                ("corpus/markets/copper.txt", "Copper falls."),
                ("corpus/sport/cup.txt", "A draw."),
            ],
        );
        let (manifest, locations) = recorded(FILES, &dir.path().join("gone/corpus"));
        let other = std::fs::canonicalize(other).unwrap();
        assert!(find_moved(&locations, &manifest, &other).is_empty());
    }

    #[test]
    fn an_anchor_still_in_place_is_never_moved() {
        let dir = tempfile::tempdir().unwrap();
        let here = dir.path().join("corpus");
        write(&here, FILES);
        let copy = dir.path().join("copy");
        write(&copy, FILES);
        let (manifest, locations) = recorded(FILES, &std::fs::canonicalize(&here).unwrap());
        let copy = std::fs::canonicalize(copy).unwrap();
        assert!(find_moved(&locations, &manifest, &copy).is_empty());
    }
}
