//! The manifest: which files the index holds, with a fingerprint of each,
//! so a run only re-reads files that changed and can remove the articles
//! of files that were deleted.
//!
//! It is written to its own file (named by its content hash) *before* the
//! Tantivy commit, and the commit's payload names it: the commit is the
//! single atomic switch, so a crash can never leave the manifest and the
//! index disagreeing. Older manifest files are removed after the commit.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ingest::WalkOptions;
use crate::location::{is_under, Anchor};

const FILE_PREFIX: &str = "manifest-";
const FILE_SUFFIX: &str = ".json";

/// The manifest format this library writes. Version 2 added
/// [`FileEntry::resume`]; older manifests (no version) read as version 1,
/// their files re-read whole when they grow.
pub(crate) const MANIFEST_VERSION: u32 = 2;

/// What the index knows about the files it has read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    /// [`MANIFEST_VERSION`] when written (1 when absent).
    #[serde(default = "version_one")]
    pub version: u32,
    /// Key (the path relative to its anchor, see [`super::location`]) →
    /// fingerprint, for every file whose articles are in the index.
    pub files: BTreeMap<String, FileEntry>,
    /// The files and folders given to index (as keys), in the order
    /// first given, with the walk options they were last indexed with:
    /// what `search index` re-scans when named no path. Absent from
    /// manifests written before it was recorded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roots: Vec<Root>,
    /// The folders keys are relative to. Kept in the commit payload, not
    /// the manifest file, so opening an index reads only them.
    #[serde(skip)]
    pub anchors: Vec<Anchor>,
}

/// A file or folder given to index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Root {
    /// Its key (see [`super::location`]).
    pub path: String,
    /// Which files its walk takes.
    #[serde(default)]
    pub walk: WalkOptions,
}

/// A file's fingerprint when it was last indexed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FileEntry {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime_ns: i128,
    /// BLAKE3 hash of the content (hex).
    pub hash: String,
    /// Articles the file produced.
    pub articles: u64,
    /// For a streamed file: where its records ended, so that records
    /// appended later can be read alone. Absent for files read whole and
    /// in manifests before version 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume: Option<Resume>,
}

/// Where a streamed file's records ended when it was last read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Resume {
    /// Newlines in the file.
    pub lines: u64,
    /// Records counted by the reader (CSV rows, mbox messages).
    pub records: u64,
    /// The position the next record takes.
    pub next_position: u64,
}

fn version_one() -> u32 {
    1
}

/// The commit payload: where the manifest of that commit is (`file`, in
/// the index folder, or `inline` for in-memory indexes), and the anchors
/// its keys are relative to.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Payload {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    inline: Option<Manifest>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    anchors: Vec<Anchor>,
}

/// Size and modification time of a file, the cheap half of a fingerprint.
pub(crate) fn stat(meta: &fs::Metadata) -> (u64, i128) {
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i128);
    (meta.len(), mtime_ns)
}

/// Content hash of a file's bytes.
pub(crate) fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

impl Manifest {
    /// The manifest of the index's last commit (empty for a new index).
    pub fn load(index: &tantivy::Index, dir: Option<&Path>) -> Result<Manifest> {
        let corrupt = |reason: String| Error::CorruptIndex {
            path: dir.map(Path::to_path_buf).unwrap_or_default(),
            reason,
        };
        let payload = load_payload(index, dir)?;
        let mut manifest = match (payload.inline, payload.file, dir) {
            (Some(manifest), _, _) => manifest,
            (None, Some(name), Some(dir)) => {
                let text = fs::read_to_string(dir.join(&name))
                    .map_err(|e| corrupt(format!("manifest {name}: {e}")))?;
                serde_json::from_str(&text).map_err(|e| corrupt(format!("manifest {name}: {e}")))?
            }
            (None, Some(name), None) => {
                return Err(corrupt(format!(
                    "manifest {name} named by an in-memory index"
                )))
            }
            (None, None, _) => Manifest::default(),
        };
        manifest.anchors = payload.anchors;
        Ok(manifest)
    }

    /// The anchors of the index's last commit, without reading the manifest.
    pub fn load_anchors(index: &tantivy::Index, dir: Option<&Path>) -> Result<Vec<Anchor>> {
        Ok(load_payload(index, dir)?.anchors)
    }

    /// Persist the manifest and return the commit payload naming it. On
    /// disk the file is written under a temporary name, synced, then
    /// renamed, so the name only ever refers to complete content.
    pub fn save(&self, dir: Option<&Path>) -> Result<String> {
        let written = Manifest {
            version: MANIFEST_VERSION,
            ..self.clone()
        };
        let payload = match dir {
            None => Payload {
                inline: Some(written),
                ..Payload::default()
            },
            Some(dir) => {
                let json = serde_json::to_vec(&written).expect("manifest serialises");
                let name = format!("{FILE_PREFIX}{}{FILE_SUFFIX}", &hash(&json)[..16]);
                let io = |source| Error::Io {
                    path: dir.join(&name),
                    source,
                };
                let tmp = dir.join(format!("{name}.tmp"));
                let mut file = fs::File::create(&tmp).map_err(io)?;
                file.write_all(&json).map_err(io)?;
                file.sync_all().map_err(io)?;
                fs::rename(&tmp, dir.join(&name)).map_err(io)?;
                Payload {
                    file: Some(name),
                    ..Payload::default()
                }
            }
        };
        let payload = Payload {
            anchors: self.anchors.clone(),
            ..payload
        };
        Ok(serde_json::to_string(&payload).expect("payload serialises"))
    }

    /// Remove manifest files other than the one `payload` names (left by
    /// earlier commits or by runs that died before committing).
    pub fn remove_stale(dir: &Path, payload: &str) {
        let Ok(Payload {
            file: Some(keep), ..
        }) = serde_json::from_str::<Payload>(payload)
        else {
            return;
        };
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(FILE_PREFIX) && name != keep {
                // Best effort: a leftover file is harmless.
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// Record `root` (a key) as indexed with `walk`, unless a folder
    /// holding it already is (a re-scan of that folder covers it). Whether
    /// one holds another is decided on their paths on disk, `resolve`d
    /// from their keys. Returns whether the manifest changed.
    pub fn add_root(
        &mut self,
        root: &str,
        walk: &WalkOptions,
        resolve: impl Fn(&str) -> String,
    ) -> bool {
        if let Some(known) = self.roots.iter_mut().find(|known| known.path == root) {
            let changed = known.walk != *walk;
            known.walk = walk.clone();
            return changed;
        }
        let on_disk = resolve(root);
        if self
            .roots
            .iter()
            .any(|known| is_under(&on_disk, &resolve(&known.path)))
        {
            return false;
        }
        // A new folder holding recorded roots replaces them.
        self.roots
            .retain(|known| !is_under(&resolve(&known.path), &on_disk));
        self.roots.push(Root {
            path: root.to_string(),
            walk: walk.clone(),
        });
        true
    }
}

/// The commit payload of the index's last commit (empty for a new index).
fn load_payload(index: &tantivy::Index, dir: Option<&Path>) -> Result<Payload> {
    let corrupt = |reason: String| Error::CorruptIndex {
        path: dir.map(Path::to_path_buf).unwrap_or_default(),
        reason,
    };
    let metas = index.load_metas().map_err(|e| corrupt(e.to_string()))?;
    let Some(payload) = metas.payload else {
        return Ok(Payload::default());
    };
    serde_json::from_str(&payload)
        .map_err(|e| corrupt(format!("commit payload is unreadable: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(hash: &str) -> FileEntry {
        FileEntry {
            size: 10,
            mtime_ns: 5,
            hash: hash.into(),
            articles: 1,
            resume: None,
        }
    }

    #[test]
    fn roots_are_recorded_once_and_widened() {
        let mut m = Manifest::default();
        let plain = WalkOptions::new();
        let drafts = WalkOptions::new().exclude("drafts/");
        let same = |key: &str| key.to_string();
        assert!(m.add_root("/news/2024", &plain, same));
        assert!(m.add_root("/other/a.txt", &plain, same));
        assert!(!m.add_root("/news/2024/march", &plain, same));
        assert!(!m.add_root("/news/2024", &plain, same));
        assert!(m.add_root("/news", &plain, same));
        assert!(
            m.add_root("/news", &drafts, same),
            "new options are recorded"
        );
        let paths: Vec<&str> = m.roots.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, ["/other/a.txt", "/news"]);
        assert_eq!(m.roots[1].walk, drafts);
        let json = serde_json::to_string(&m.roots).unwrap();
        assert_eq!(
            json,
            r#"[{"path":"/other/a.txt","walk":{}},{"path":"/news","walk":{"exclude":["drafts/"]}}]"#
        );
        // Manifests written before roots were recorded still load.
        let old: Manifest = serde_json::from_str(r#"{"files": {}}"#).unwrap();
        assert!(old.roots.is_empty());
    }

    #[test]
    fn save_then_stale_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest::default();
        m.files.insert("/x".into(), entry("1"));
        let first = m.save(Some(dir.path())).unwrap();
        m.files.insert("/y".into(), entry("2"));
        let second = m.save(Some(dir.path())).unwrap();
        assert_ne!(first, second);
        Manifest::remove_stale(dir.path(), &second);
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 1);
        assert!(second.contains(&names[0]));
    }
}
