//! The index folder on disk: the marker file that says a folder is a
//! newsindex index, creating, opening and removing an index's files,
//! reading a folder that cannot be written, and how the engine's errors
//! on a folder become ours. Everything here knows paths and Tantivy's
//! directory, nothing of articles.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, Lock, MmapDirectory, WatchCallback, WatchHandle, INDEX_WRITER_LOCK,
    META_LOCK,
};
use tantivy::TantivyError;

use crate::error::{Error, Result};
use crate::schema::{self, SCHEMA_VERSION};

/// File beside Tantivy's own that marks a folder as a newsindex index and
/// records the schema version it was written with.
const MARKER_FILE: &str = "newsindex.json";

#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    format: String,
    schema_version: u32,
}

/// What a folder holds, as far as opening an index there goes.
pub(super) enum FolderState {
    Missing,
    Empty,
    Index,
    Foreign,
}

/// Whether `path` is missing, empty, an index or something else.
pub(super) fn classify_folder(path: &Path) -> Result<FolderState> {
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
    // The corrections file may be written before the first run (it is
    // the index's own file): a folder holding only it is a new index.
    let mut entries = fs::read_dir(path).map_err(io)?;
    let foreign = entries.any(|entry| {
        entry.map_or(true, |e| {
            e.file_name() != crate::corrections::CORRECTIONS_FILE
        })
    });
    Ok(if foreign {
        FolderState::Foreign
    } else {
        FolderState::Empty
    })
}

/// Create an empty index, and its marker, in the folder at `path`
/// (created when missing).
pub(super) fn create_in_dir(path: &Path) -> Result<tantivy::Index> {
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
    Ok(index)
}

/// Delete an index's files (ours and Tantivy's segment files, named by a
/// 32-hex-digit segment id), holding the writer lock so no running writer
/// is pulled from under.
pub(super) fn remove_index_files(path: &Path) -> Result<()> {
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

/// Open the index in the folder at `path` after checking its marker;
/// `read_only` for a handle that never writes, which takes no lock (and so
/// creates no lock file) even where the folder can be written.
pub(super) fn open_existing(path: &Path, read_only: bool) -> Result<tantivy::Index> {
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
    let directory = ReadableDirectory {
        inner: directory,
        read_only,
    };
    let index = tantivy::Index::open(directory).map_err(corrupt)?;
    Ok(index)
}

/// Tantivy's [`MmapDirectory`], but readable where it cannot be written (a
/// folder of another user's, a read-only mount or snapshot): there the
/// lock a reader takes while opening segments, which creates a lock file,
/// is skipped. That lock keeps a writer's garbage collection from deleting
/// segment files between reading `meta.json` and opening them; a writer
/// (another user's, on a shared index) that commits in that instant can
/// make such an open fail, and the command can simply be run again.
/// A read-only handle ([`crate::NewsIndex::open_read_only`]) skips that
/// lock wherever the index is, with the same small risk.
#[derive(Debug, Clone)]
struct ReadableDirectory {
    inner: MmapDirectory,
    read_only: bool,
}

impl Directory for ReadableDirectory {
    fn get_file_handle(
        &self,
        path: &Path,
    ) -> std::result::Result<Arc<dyn tantivy::directory::FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> std::result::Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> std::result::Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(
        &self,
        path: &Path,
    ) -> std::result::Result<tantivy::directory::WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> std::result::Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> std::result::Result<DirectoryLock, LockError> {
        if self.read_only && lock.filepath == META_LOCK.filepath {
            return Ok(DirectoryLock::from(Box::new(())));
        }
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(e))
                if lock.filepath == META_LOCK.filepath && cannot_write(&e) =>
            {
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(callback)
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
        _ => Error::Engine(error.into()),
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
    use crate::article::Article;
    use crate::index::NewsIndex;
    use crate::search::Query;

    fn article(title: &str, body: &str) -> Article {
        Article::new(title, body)
    }

    /// Mark `dir` as an index of schema `version`.
    fn write_marker(dir: &Path, version: u32) {
        fs::write(
            dir.join(MARKER_FILE),
            format!(r#"{{"format": "newsindex", "schema_version": {version}}}"#),
        )
        .unwrap();
    }

    /// The error opening `dir` gives, which must be an incompatible index.
    fn refused_as_incompatible(dir: &Path) -> Error {
        let err = NewsIndex::open(dir).unwrap_err();
        assert!(matches!(err, Error::IncompatibleIndex { .. }), "{err}");
        err
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

    /// The corrections file may be written first: the folder is then a
    /// new index that takes it, not someone else's folder.
    #[test]
    fn a_folder_holding_only_corrections_becomes_an_index() {
        let dir = tempfile::tempdir().unwrap();
        let rules = "[org]\nmerge = { \"Cisco Systems\" = \"Cisco\" }\n";
        fs::write(dir.path().join(crate::corrections::CORRECTIONS_FILE), rules).unwrap();
        let index = NewsIndex::open_or_create(dir.path()).unwrap();
        let mut indexer = index.indexer().unwrap();
        indexer
            .add_article(article(
                "Cisco Systems opens a centre",
                "Cisco Systems said on Monday it would open a research centre in Moscow.",
            ))
            .unwrap();
        indexer.commit().unwrap();
        let results = index.search(&Query::new("research")).unwrap();
        assert_eq!(results.hits[0].organisations, ["Cisco"]);
    }

    #[test]
    fn other_schema_versions_are_refused_with_advice() {
        for version in [SCHEMA_VERSION - 1, 999] {
            let dir = tempfile::tempdir().unwrap();
            drop(NewsIndex::open_or_create(dir.path()).unwrap());
            write_marker(dir.path(), version);
            let message = refused_as_incompatible(dir.path()).to_string();
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
        write_marker(dir.path(), SCHEMA_VERSION);
        let err = refused_as_incompatible(dir.path());
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
        write_marker(dir.path(), 0);
        fs::write(dir.path().join("notes.txt"), b"mine").unwrap();
        assert!(NewsIndex::open_or_create(dir.path()).is_err());
        let index = NewsIndex::recreate(dir.path()).unwrap();
        assert_eq!(index.num_articles(), 0);
        assert!(dir.path().join("notes.txt").exists());
        drop(index);
        assert_eq!(NewsIndex::open(dir.path()).unwrap().num_articles(), 0);
    }

    #[test]
    fn damaged_metadata_is_reported_as_corruption() {
        let dir = tempfile::tempdir().unwrap();
        drop(NewsIndex::open_or_create(dir.path()).unwrap());
        fs::write(dir.path().join("meta.json"), b"{ not json").unwrap();
        let err = NewsIndex::open(dir.path()).unwrap_err();
        assert!(matches!(err, Error::CorruptIndex { .. }), "{err}");
    }
}
