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
    Engine(#[from] tantivy::TantivyError),
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
