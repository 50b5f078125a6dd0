//! Where the articles' files are: the paths the index stores are relative
//! to the folders it was built from, so an index moved or copied together
//! with its corpus (or opened on another machine) still finds its files.
//!
//! Each folder given to index (a file's parent folder, for a file) is an
//! [`Anchor`] with a short unique name, its folder name (`corpus`,
//! `corpus-2` for a second folder of that name). A file's stored path, its
//! *key*, is the anchor's name and the path inside it, `/`-separated:
//! `corpus/sport/901.txt`. Article ids hash the key, so they do not change
//! when the pair moves. A path inside several anchors (a folder indexed
//! after a folder inside it) takes the innermost, so keys never change
//! once given.
//!
//! An anchor records where it is twice: relative to the index folder
//! (`../corpus`), which still holds when the index and its corpus move
//! together, and as the absolute path it had when last indexed, used
//! when the relative one does not exist (the index alone was moved). The
//! anchors travel in the commit payload, so opening an index reads them
//! without reading the manifest of every file.
//!
//! All conversions between paths on disk and keys are in [`Locations`].

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// A folder the index was built from, that keys are relative to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Anchor {
    /// First component of every key under it; unique in the index.
    pub name: String,
    /// Its path relative to the index folder, `/`-separated (absent for an
    /// in-memory index, or where no relative path exists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relative: Option<String>,
    /// Its canonical absolute path when it was last indexed.
    pub absolute: String,
}

/// The anchors of an index, each resolved to where it is now.
#[derive(Debug, Clone, Default)]
pub(crate) struct Locations {
    /// The index folder, canonical (`None` in memory).
    index_dir: Option<PathBuf>,
    /// Each anchor with its location now (a path string).
    anchors: Vec<(Anchor, String)>,
}

impl Locations {
    /// Resolve `anchors` of the index in `index_dir`: relative to the
    /// index folder when that path exists, else at the recorded absolute
    /// path (which may not exist either: the files are then missing).
    pub fn new(index_dir: Option<&Path>, anchors: Vec<Anchor>) -> Locations {
        let index_dir = index_dir.map(|dir| std::fs::canonicalize(dir).unwrap_or(dir.into()));
        let anchors = anchors
            .into_iter()
            .map(|anchor| {
                let here = match (&index_dir, &anchor.relative) {
                    (Some(dir), Some(relative)) => std::fs::canonicalize(dir.join(relative)).ok(),
                    _ => None,
                };
                let location = here.map_or_else(|| anchor.absolute.clone(), |p| path_string(&p));
                (anchor, location)
            })
            .collect();
        Locations { index_dir, anchors }
    }

    /// The anchors, with their absolute paths brought up to date with
    /// where they were found: what the next commit records.
    pub fn anchors(&self) -> Vec<Anchor> {
        self.anchors
            .iter()
            .map(|(anchor, location)| Anchor {
                name: anchor.name.clone(),
                relative: self.relative(Path::new(location)),
                absolute: location.clone(),
            })
            .collect()
    }

    /// A folder's path relative to the index folder, `/`-separated.
    fn relative(&self, folder: &Path) -> Option<String> {
        let rel = pathdiff::diff_paths(folder, self.index_dir.as_deref()?)?;
        let rel = slashed(&path_string(&rel));
        Some(if rel.is_empty() { ".".into() } else { rel })
    }

    /// The anchors whose folder is not where it was recorded (the corpus
    /// moved, was deleted or its disk unmounted): each name with the
    /// location it was last seen at.
    pub fn missing(&self) -> Vec<(String, String)> {
        self.anchors
            .iter()
            .filter(|(_, location)| !Path::new(location).exists())
            .map(|(anchor, location)| (anchor.name.clone(), location.clone()))
            .collect()
    }

    /// Point the anchor `name` at `folder` (canonical): its corpus was
    /// found there. Keys, and so article ids, are unchanged.
    pub fn relocate(&mut self, name: &str, folder: &Path) {
        if let Some((_, location)) = self.anchors.iter_mut().find(|(a, _)| a.name == name) {
            *location = path_string(folder);
        }
    }

    /// Forget the anchors no key in `keys` uses (their names free again).
    pub fn retain_used<'k>(&mut self, keys: impl IntoIterator<Item = &'k str>) {
        let used: std::collections::HashSet<&str> = keys
            .into_iter()
            .map(|key| key.split_once('/').map_or(key, |(name, _)| name))
            .collect();
        self.anchors
            .retain(|(anchor, _)| used.contains(anchor.name.as_str()));
    }

    /// Make sure `path` (canonical: a file or folder about to be indexed)
    /// lies inside an anchor, adding one for it (for a file, its folder)
    /// when none holds it. Returns whether an anchor was added.
    pub fn anchor(&mut self, path: &Path) -> bool {
        if self.key_of(path).is_some() {
            return false;
        }
        let folder = if path.is_dir() {
            path
        } else {
            path.parent().unwrap_or(path)
        };
        let base = folder
            .file_name()
            .map(|n| n.to_string_lossy().replace('/', "_"))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "root".to_string());
        let mut name = base.clone();
        let mut n = 1;
        while self.anchors.iter().any(|(a, _)| a.name == name) {
            n += 1;
            name = format!("{base}-{n}");
        }
        let relative = self.relative(folder);
        let location = path_string(folder);
        self.anchors.push((
            Anchor {
                name,
                relative,
                absolute: location.clone(),
            },
            location,
        ));
        true
    }

    /// The key of a path on disk (canonical, or at least absolute), or
    /// `None` when it lies in no anchor. A path with a trailing separator
    /// keeps it (`corpus/sport/`), so it can serve as a key prefix.
    pub fn key_of(&self, path: &Path) -> Option<String> {
        self.key_of_str(&path_string(path))
    }

    fn key_of_str(&self, path: &str) -> Option<String> {
        let (anchor, location) = self
            .anchors
            .iter()
            .filter(|(_, location)| is_under(path, location))
            .max_by_key(|(_, location)| location.len())?;
        let rest = &path[location.trim_end_matches(std::path::MAIN_SEPARATOR).len()..];
        Some(format!("{}{}", anchor.name, slashed(rest)))
    }

    /// The path on disk of a stored key (a string, as paths are shown):
    /// the key's anchor where it is now and the rest of the key. A key in
    /// no anchor (a path an application stored itself) is returned as is.
    pub fn resolve(&self, key: &str) -> String {
        let (name, rest) = key.split_once('/').unwrap_or((key, ""));
        match self.anchors.iter().find(|(anchor, _)| anchor.name == name) {
            Some((_, location)) if rest.is_empty() => location.clone(),
            Some((_, location)) => Path::new(location)
                .join(rest)
                .to_string_lossy()
                .into_owned(),
            None => key.to_string(),
        }
    }

    /// The keys a path on disk may be stored under, best first: its key
    /// when it lies in an anchor, then the path as given (a key typed as
    /// hits show it, or a path an application stored itself).
    pub fn keys_for(&self, path: &str) -> Vec<String> {
        let mut keys = Vec::new();
        if let Ok(canonical) = std::fs::canonicalize(path) {
            keys.extend(self.key_of(&canonical));
            keys.push(path_string(&canonical));
        }
        keys.push(path.to_string());
        keys.dedup();
        keys
    }

    /// The key prefixes of the articles whose files lie under `prefix` (a
    /// path string on disk, as [`crate::search::Query::under`] takes it):
    /// its key when it lies in an anchor, and every anchor that lies
    /// within it. A prefix in no anchor is returned as is.
    pub fn key_prefixes(&self, prefix: &str) -> Vec<String> {
        let mut keys: Vec<String> = self.key_of_str(prefix).into_iter().collect();
        for (anchor, location) in &self.anchors {
            if location.starts_with(prefix) && location.len() > prefix.len() {
                keys.push(format!("{}/", anchor.name));
            }
        }
        if keys.is_empty() {
            keys.push(prefix.to_string());
        }
        keys
    }
}

/// Whether `path` is `root` or lies inside it, by whole path components.
pub(super) fn is_under(path: &str, root: &str) -> bool {
    match path.strip_prefix(root.trim_end_matches('/')) {
        Some(rest) => (rest.is_empty() && !root.ends_with('/')) || rest.starts_with('/'),
        None => false,
    }
}

/// A path string with native separators made `/`.
fn slashed(path: &str) -> String {
    if std::path::MAIN_SEPARATOR == '/' {
        path.to_string()
    } else {
        path.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// A path as a `String`, exactly as given: not canonicalised. On Unix,
/// bytes that are not UTF-8 are written `\xNN`, so distinct paths stay
/// distinct strings; elsewhere they are replaced (lossy).
pub fn path_string(path: &Path) -> String {
    if let Some(s) = path.to_str() {
        return s.to_string();
    }
    #[cfg(unix)]
    {
        use std::fmt::Write as _;
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for byte in chunk.invalid() {
                let _ = write!(out, "\\x{byte:02X}");
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn is_under_matches_whole_path_components() {
        assert!(is_under("/a/b.txt", "/a") && is_under("/a", "/a"));
        assert!(!is_under("/ab/e.txt", "/a") && !is_under("/a", "/a/"));
        assert!(is_under("/a/c/d.txt", "/a/"));
    }

    #[test]
    fn keys_are_relative_to_anchors_and_resolve_back() {
        let dir = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        fs::create_dir_all(root.join("proj/corpus/sport")).unwrap();
        fs::create_dir_all(root.join("proj/index")).unwrap();
        fs::create_dir_all(root.join("other/corpus")).unwrap();
        fs::write(root.join("proj/corpus/sport/a.txt"), "x").unwrap();
        fs::write(root.join("other/corpus/b.txt"), "x").unwrap();

        let mut here = Locations::new(Some(&root.join("proj/index")), Vec::new());
        assert!(here.anchor(&root.join("proj/corpus")));
        assert!(!here.anchor(&root.join("proj/corpus/sport")));
        // A file anchors its folder; a second folder named alike is corpus-2.
        assert!(here.anchor(&root.join("other/corpus/b.txt")));
        let a = root.join("proj/corpus/sport/a.txt");
        assert_eq!(here.key_of(&a).unwrap(), "corpus/sport/a.txt");
        let b = root.join("other/corpus/b.txt");
        assert_eq!(here.key_of(&b).unwrap(), "corpus-2/b.txt");
        assert_eq!(here.resolve("corpus/sport/a.txt"), path_string(&a));
        assert_eq!(here.resolve("/elsewhere/c.txt"), "/elsewhere/c.txt");
        assert_eq!(here.key_of(&root.join("proj/x.txt")), None);
        let anchors = here.anchors();
        assert_eq!(anchors[0].relative.as_deref(), Some("../corpus"));
        assert_eq!(anchors[1].relative.as_deref(), Some("../../other/corpus"));

        // The project folder moves: the relative anchor follows it, the
        // other one is found at its absolute path.
        fs::rename(root.join("proj"), root.join("moved")).unwrap();
        let moved = Locations::new(Some(&root.join("moved/index")), anchors);
        let a = root.join("moved/corpus/sport/a.txt");
        assert_eq!(moved.resolve("corpus/sport/a.txt"), path_string(&a));
        assert_eq!(moved.key_of(&a).unwrap(), "corpus/sport/a.txt");
        assert_eq!(moved.resolve("corpus-2/b.txt"), path_string(&b));
        assert_eq!(
            moved.key_prefixes(&format!("{}/", path_string(&root.join("moved")))),
            ["corpus/"]
        );
        assert_eq!(
            moved.key_prefixes(&path_string(&root.join("moved/corpus/sp"))),
            ["corpus/sp"]
        );
    }
}
