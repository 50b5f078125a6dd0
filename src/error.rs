//! The library's typed errors.
//!
//! Each message names the thing that failed and, where the caller can act,
//! what to do, in terms of paths and library calls: a host program adds its
//! own advice (the `search` binary names its commands and flags). User
//! mistakes (a bad path, a bad query) are kept apart from index and I/O
//! failures so a host can map them to its own responses.

use std::path::PathBuf;

/// Everything the library can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A path given to index does not exist.
    #[error("{}: no such file or folder", .0.display())]
    PathNotFound(PathBuf),

    /// A path given to forget is none of the files and folders the index
    /// was built from.
    #[error("{}: not a file or folder this index was built from (it has: {})", .path.display(), .roots.join(", "))]
    NotARoot {
        /// The path given.
        path: PathBuf,
        /// The index's roots, where it looks for them now.
        roots: Vec<String>,
    },

    /// The index folder does not exist (when opening without creating).
    #[error("{}: no index here", .0.display())]
    IndexNotFound(PathBuf),

    /// The folder exists but does not hold a newsindex index.
    #[error("{}: not a newsindex index (the folder holds other files)", .0.display())]
    NotAnIndex(PathBuf),

    /// The index path is a file, not a folder.
    #[error("{}: a file, not an index folder", .0.display())]
    NotAFolder(PathBuf),

    /// The index was written by an incompatible schema version.
    #[error("{path}: index schema version {found} is not the supported version {expected}; rebuild the index with NewsIndex::recreate", path = .path.display())]
    IncompatibleIndex {
        /// Index folder.
        path: PathBuf,
        /// Version found on disk.
        found: String,
        /// Version this library writes.
        expected: String,
    },

    /// The index is damaged or unreadable.
    #[error("{}: index is corrupted or unreadable ({reason}); rebuild the index with NewsIndex::recreate", .path.display())]
    CorruptIndex {
        /// Index folder.
        path: PathBuf,
        /// What tantivy reported.
        reason: String,
    },

    /// Another process holds the index writer lock.
    #[error("{}: the index is being written by another process; wait for it to finish and try again", .0.display())]
    IndexLocked(PathBuf),

    /// An [`Indexer`](crate::Indexer) of this process already writes the
    /// index (the path is empty for an index in memory).
    #[error("{}an Indexer of this process is already writing the index; commit or drop it before starting another", folder_prefix(.0))]
    IndexerOpen(PathBuf),

    /// A write through a handle opened by
    /// [`NewsIndex::open_read_only`](crate::NewsIndex::open_read_only).
    #[error("{}: the index was opened read-only; open it with NewsIndex::open to write", .0.display())]
    ReadOnly(PathBuf),

    /// A keyed article ([`Article::with_key`](crate::Article::with_key))
    /// for an index created before keys existed.
    #[error("{}: the index was created before articles had keys; rebuild it with NewsIndex::recreate to add keyed articles", .0.display())]
    KeysUnsupported(PathBuf),

    /// An article the indexer cannot take as it is: an empty key, a key
    /// together with a file path, an update without a key.
    #[error("article {name:?}: {reason}")]
    InvalidArticle {
        /// The article's key, or its title when it has none.
        name: String,
        /// What is wrong and what to do.
        reason: String,
    },

    /// The query text is longer than the library accepts (8 KiB).
    #[error("invalid query: longer than {max} bytes ({bytes} bytes); shorten it")]
    QueryTooLong {
        /// Length of the query, in bytes.
        bytes: usize,
        /// Longest query accepted, in bytes.
        max: usize,
    },

    /// The query text could not be parsed.
    #[error(
        "invalid query {query:?}: {reason}; quote phrases with \"...\" and balance parentheses"
    )]
    InvalidQuery {
        /// The query as given.
        query: String,
        /// What the parser reported.
        reason: String,
    },

    /// A filter value is not valid (an amount, a facet name).
    #[error("invalid {parameter} {value:?}: {reason}")]
    InvalidFilter {
        /// Which filter (its `Display` is how the message names it).
        parameter: Parameter,
        /// The value as given.
        value: String,
        /// Why it was refused.
        reason: String,
    },

    /// No article in the index has this id or comes from this file.
    #[error("no article with id or path {0:?} in the index")]
    ArticleNotFound(String),

    /// Reading or writing a file failed.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },

    /// A corrections file that cannot be read or used (file, line, what to do).
    #[error(transparent)]
    Corrections(#[from] crate::corrections::CorrectionsError),

    /// The search engine failed for another reason.
    #[error("search engine error: {0}")]
    Engine(EngineError),
}

/// A failure of the search engine underneath (Tantivy) that none of the
/// other [`Error`]s describes: its message says what failed. The engine's
/// own error is its [`source`](std::error::Error::source); downcasting it
/// to Tantivy's type is possible but unstable: it changes with the engine
/// version, outside this crate's semver.
#[derive(Debug)]
pub struct EngineError(tantivy::TantivyError);

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for EngineError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

impl From<tantivy::TantivyError> for EngineError {
    fn from(error: tantivy::TantivyError) -> Self {
        EngineError(error)
    }
}

/// `"<folder>: "`, or nothing for an index in memory (no folder).
fn folder_prefix(path: &std::path::Path) -> String {
    if path.as_os_str().is_empty() {
        String::new()
    } else {
        format!("{}: ", path.display())
    }
}

/// Which filter or option an [`Error::InvalidFilter`] is about, as data:
/// a host names it in its own terms (an HTTP API its query-string
/// parameter, a command line its flag); its `Display` is how the
/// library's messages name it (`minimum amount`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Parameter {
    /// A country filter ([`Query::country`](crate::Query::country)).
    Country,
    /// A filter on the countries articles are about
    /// ([`Query::about`](crate::Query::about)).
    About,
    /// An organisation filter ([`Query::org`](crate::Query::org)).
    Org,
    /// A person filter ([`Query::person`](crate::Query::person)).
    Person,
    /// A language filter ([`Query::lang`](crate::Query::lang)).
    Lang,
    /// A folder (the facet of top-level folders).
    Folder,
    /// A currency filter ([`Query::currency`](crate::Query::currency)).
    Currency,
    /// The lower bound on amounts ([`Query::min_amount`](crate::Query::min_amount)).
    MinAmount,
    /// The upper bound on amounts ([`Query::max_amount`](crate::Query::max_amount)).
    MaxAmount,
    /// The first date ([`Query::since`](crate::Query::since)).
    Since,
    /// The last date ([`Query::until`](crate::Query::until)).
    Until,
    /// The two dates together (the first after the last).
    DateRange,
    /// The name of a facet ([`FacetField`](crate::FacetField) parsed from text).
    FacetField,
    /// A glob leaving files out of indexing
    /// ([`IndexOptions::exclude`](crate::IndexOptions::exclude)).
    Exclude,
    /// The writer's memory budget
    /// ([`IndexerBuilder::memory_budget`](crate::IndexerBuilder::memory_budget)).
    MemoryBudget,
    /// The writer's threads
    /// ([`IndexerBuilder::threads`](crate::IndexerBuilder::threads)).
    Threads,
}

impl Parameter {
    /// How messages name the parameter: `minimum amount`, `about country`.
    pub fn words(self) -> &'static str {
        match self {
            Parameter::Country => "country",
            Parameter::About => "about country",
            Parameter::Org => "organisation",
            Parameter::Person => "person",
            Parameter::Lang => "language",
            Parameter::Folder => "folder",
            Parameter::Currency => "currency",
            Parameter::MinAmount => "minimum amount",
            Parameter::MaxAmount => "maximum amount",
            Parameter::Since => "start date",
            Parameter::Until => "end date",
            Parameter::DateRange => "date range",
            Parameter::FacetField => "facet field",
            Parameter::Exclude => "exclude glob",
            Parameter::MemoryBudget => "memory budget",
            Parameter::Threads => "indexing threads",
        }
    }
}

impl std::fmt::Display for Parameter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.words())
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// Library messages speak of paths and calls: the advice about the
    /// `search` binary's commands and flags belongs to the binary.
    #[test]
    fn messages_name_no_command_line() {
        let path = || PathBuf::from("/data/news-index");
        let errors = [
            Error::PathNotFound(path()),
            Error::IndexNotFound(path()),
            Error::NotAnIndex(path()),
            Error::NotAFolder(path()),
            Error::IncompatibleIndex {
                path: path(),
                found: "newsindex v3".into(),
                expected: "4".into(),
            },
            Error::CorruptIndex {
                path: path(),
                reason: "meta.json is missing".into(),
            },
            Error::IndexLocked(path()),
            Error::IndexerOpen(path()),
            Error::ReadOnly(path()),
            Error::KeysUnsupported(path()),
            Error::QueryTooLong {
                bytes: 9000,
                max: 8192,
            },
            Error::ArticleNotFound("0123abcd".into()),
        ];
        for error in errors {
            let message = error.to_string();
            for cli_word in ["search ", "--", "run `"] {
                assert!(!message.contains(cli_word), "{message}");
            }
        }
        let too_long = Error::QueryTooLong {
            bytes: 9000,
            max: 8192,
        }
        .to_string();
        assert!(!too_long.contains("quote"), "{too_long}");
        assert!(
            Error::NotAFolder(path())
                .to_string()
                .matches("news-index")
                .count()
                == 1
        );
    }
}
