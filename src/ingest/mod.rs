//! Reading articles from files: walking paths and one reader per format.
//!
//! Per-file problems are values ([`SkipReason`]), never panics or aborts:
//! the caller reports them and goes on with the next file. Problems inside
//! a file that still yields articles (one malformed JSON line among good
//! ones) are [`Parsed::warnings`].
//!
//! | extension | reader | articles per file |
//! |---|---|---|
//! | `.txt`, `.md` | plain text: headline or first sentence as title, trailing `Source: X` line | one |
//! | `.html`, `.htm` | HTML: body through `html2text`, title/date/source/url from meta tags | one |
//! | `.json`, `.jsonl`, `.ndjson` | one object, an array of objects, or JSON Lines | one per object |
//! | `.sgm`, `.sgml` | Reuters-21578 SGML (read as Latin-1 when not UTF-8) | one per `<REUTERS>` |
//!
//! ```
//! use newsindex::ingest::{parse, Format};
//!
//! let parsed = parse(Format::Text, "Markets rally\n\nShares rose.\n\nSource: example.com", None).unwrap();
//! assert_eq!(parsed.articles[0].title, "Markets rally");
//! assert_eq!(parsed.articles[0].body, "Shares rose.");
//! assert_eq!(parsed.articles[0].source.as_deref(), Some("example.com"));
//! ```

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::article::Article;
use crate::error::{Error, Result};

pub mod date;
mod html;
mod jsonl;
mod sgml;
mod text;

/// Files larger than this are skipped with [`SkipReason::TooLarge`]: a
/// reader holds the whole file in memory.
pub const MAX_FILE_SIZE: u64 = 512 * 1024 * 1024;

/// How many leading bytes are checked for NUL when deciding a file is binary.
const BINARY_SNIFF_LEN: usize = 8 * 1024;

/// Why a file produced no articles.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub enum SkipReason {
    /// The extension is not one we read (or the entry is not a regular file).
    Unsupported,
    /// The file looks binary (NUL bytes).
    Binary,
    /// The file is not valid UTF-8 (byte offset of the first bad byte).
    InvalidUtf8 {
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The file holds no text.
    Empty,
    /// The file could not be read (message from the OS).
    Unreadable(String),
    /// The file's content is malformed for its format (what and where).
    Malformed(String),
    /// The file is larger than [`MAX_FILE_SIZE`].
    TooLarge {
        /// Size of the file in bytes.
        size: u64,
    },
    /// A symbolic link points back to one of its own ancestor folders.
    SymlinkLoop,
}

impl SkipReason {
    /// A short, stable, machine-friendly name for the kind of problem
    /// (`"binary"`, `"invalid_utf8"`, ...), for counting skips by kind.
    pub fn kind(&self) -> &'static str {
        match self {
            SkipReason::Unsupported => "unsupported",
            SkipReason::Binary => "binary",
            SkipReason::InvalidUtf8 { .. } => "invalid_utf8",
            SkipReason::Empty => "empty",
            SkipReason::Unreadable(_) => "unreadable",
            SkipReason::Malformed(_) => "malformed",
            SkipReason::TooLarge { .. } => "too_large",
            SkipReason::SymlinkLoop => "symlink_loop",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Unsupported => f.write_str("unsupported file type"),
            SkipReason::Binary => f.write_str("binary file"),
            SkipReason::InvalidUtf8 { offset } => write!(f, "invalid UTF-8 at byte {offset}"),
            SkipReason::Empty => f.write_str("empty file"),
            SkipReason::Unreadable(why) => write!(f, "unreadable: {why}"),
            SkipReason::Malformed(what) => f.write_str(what),
            SkipReason::TooLarge { size } => write!(
                f,
                "too large: {} MiB (the limit is {} MiB)",
                size / (1024 * 1024),
                MAX_FILE_SIZE / (1024 * 1024)
            ),
            SkipReason::SymlinkLoop => f.write_str("symbolic link loop"),
        }
    }
}

/// The supported formats, decided by file extension (case-insensitive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text or Markdown: `.txt`, `.md`.
    Text,
    /// HTML: `.html`, `.htm`.
    Html,
    /// JSON or JSON Lines: `.json`, `.jsonl`, `.ndjson`.
    Json,
    /// Reuters-21578 SGML: `.sgm`, `.sgml`.
    Sgml,
}

impl Format {
    /// The format a file's extension names, or `None` when unsupported.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "md" => Some(Format::Text),
            "html" | "htm" => Some(Format::Html),
            "json" | "jsonl" | "ndjson" => Some(Format::Json),
            "sgm" | "sgml" => Some(Format::Sgml),
            _ => None,
        }
    }
}

/// What one file yielded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    /// The articles, in file order, with `path` and `position` set.
    pub articles: Vec<Article>,
    /// Problems that did not stop the file, each a short phrase naming
    /// where (`"line 3: malformed JSON: expected value at column 1"`).
    pub warnings: Vec<String>,
}

/// The result of walking the input paths.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Walk {
    /// Supported files, in a deterministic order.
    pub files: Vec<PathBuf>,
    /// Entries that will not be read, and why (unsupported files included,
    /// so the caller can count them).
    pub problems: Vec<(PathBuf, SkipReason)>,
}

/// Walk `paths` recursively and list the files to read.
///
/// Files given directly are taken as is (even hidden ones); inside folders,
/// entries whose name starts with `.` are skipped silently, and symbolic
/// links are followed. The order is deterministic: the paths in the order
/// given, each folder's entries sorted by name; a file reached twice is
/// listed once. Files with an unsupported extension, unreadable folders and
/// symbolic link loops are returned in [`Walk::problems`].
///
/// # Errors
///
/// [`Error::PathNotFound`] when one of `paths` does not exist (checked for
/// all paths before anything is walked).
pub fn walk(paths: &[PathBuf]) -> Result<Walk> {
    for path in paths {
        if let Err(err) = fs::metadata(path) {
            if err.kind() == io::ErrorKind::NotFound {
                return Err(Error::PathNotFound(path.clone()));
            }
        }
    }

    let mut out = Walk::default();
    let mut seen = std::collections::HashSet::new();
    let mut take = |out: &mut Walk, path: PathBuf, is_file: bool| {
        if !seen.insert(path.clone()) {
            return;
        }
        if !is_file {
            out.problems.push((path, SkipReason::Unsupported));
        } else if Format::from_path(&path).is_some() {
            out.files.push(path);
        } else {
            out.problems.push((path, SkipReason::Unsupported));
        }
    };

    for root in paths {
        let entries = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
        for entry in entries {
            match entry {
                Ok(entry) => {
                    let file_type = entry.file_type();
                    if file_type.is_dir() {
                        continue;
                    }
                    take(&mut out, entry.into_path(), file_type.is_file());
                }
                Err(err) => {
                    let path = err.path().unwrap_or(root).to_path_buf();
                    let reason = if err.loop_ancestor().is_some() {
                        SkipReason::SymlinkLoop
                    } else if fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink())
                        && fs::metadata(&path).is_err()
                    {
                        SkipReason::Unreadable("broken symbolic link".to_string())
                    } else {
                        match err.io_error() {
                            Some(io) => SkipReason::Unreadable(io_phrase(io)),
                            None => SkipReason::Unreadable(err.to_string()),
                        }
                    };
                    out.problems.push((path, reason));
                }
            }
        }
    }
    Ok(out)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// Read one file into its articles.
///
/// The format comes from the extension ([`Format::from_path`]). Each
/// article's `path` is `path` as given (see [`path_string`]) and its
/// `position` its zero-based place in the file.
///
/// # Errors
///
/// A [`SkipReason`] when the file yields no article: unsupported
/// extension, unreadable, too large, binary, not UTF-8 (SGML excepted:
/// read as Latin-1), empty, or malformed throughout.
pub fn read_file(path: &Path) -> std::result::Result<Parsed, SkipReason> {
    let format = Format::from_path(path).ok_or(SkipReason::Unsupported)?;
    let meta = fs::metadata(path).map_err(|e| SkipReason::Unreadable(io_phrase(&e)))?;
    if !meta.is_file() {
        return Err(SkipReason::Unsupported);
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(SkipReason::TooLarge { size: meta.len() });
    }
    let bytes = fs::read(path).map_err(|e| SkipReason::Unreadable(io_phrase(&e)))?;
    parse_bytes(format, &bytes, Some(&path_string(path)))
}

/// Parse a file's raw bytes: the binary, encoding and emptiness checks of
/// [`read_file`], then [`parse`].
///
/// # Errors
///
/// As [`read_file`], but for the I/O ones.
pub fn parse_bytes(
    format: Format,
    bytes: &[u8],
    path: Option<&str>,
) -> std::result::Result<Parsed, SkipReason> {
    let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_LEN)];
    if sniff.contains(&0) {
        return Err(SkipReason::Binary);
    }
    let content = decode(format, bytes)?;
    parse(format, &content, path)
}

/// Bytes to text: UTF-8 (a leading byte-order mark dropped), or for SGML
/// Latin-1 when the bytes are not UTF-8.
fn decode(
    format: Format,
    bytes: &[u8],
) -> std::result::Result<std::borrow::Cow<'_, str>, SkipReason> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text).into()),
        Err(_) if format == Format::Sgml => Ok(bytes
            .iter()
            .map(|&b| char::from(b))
            .collect::<String>()
            .into()),
        Err(err) => Err(SkipReason::InvalidUtf8 {
            offset: err.valid_up_to(),
        }),
    }
}

/// Parse in-memory `content` of the given format.
///
/// `path` only fills [`Article::path`]; each article's
/// [`Article::position`] is its zero-based place in the content (the line
/// for JSON Lines, the element for SGML).
///
/// # Errors
///
/// [`SkipReason::Empty`] for blank content, [`SkipReason::Malformed`] when
/// nothing in it can be read as an article.
pub fn parse(
    format: Format,
    content: &str,
    path: Option<&str>,
) -> std::result::Result<Parsed, SkipReason> {
    if content.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    let mut parsed = match format {
        Format::Text => {
            let article = text::parse(content);
            if article.title.is_empty() && article.body.is_empty() {
                return Err(SkipReason::Empty); // nothing but a `Source:` line
            }
            Parsed {
                articles: vec![article],
                warnings: Vec::new(),
            }
        }
        Format::Html => Parsed {
            articles: vec![html::parse(content)?],
            warnings: Vec::new(),
        },
        Format::Json => jsonl::parse(content)?,
        Format::Sgml => sgml::parse(content)?,
    };
    if let Some(path) = path {
        for article in &mut parsed.articles {
            article.path = Some(path.to_string());
        }
    }
    Ok(parsed)
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

/// An I/O error as a short lower-case phrase, without the "(os error N)".
fn io_phrase(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::NotFound => "not found".to_string(),
        _ => {
            let text = err.to_string();
            let text = match text.find(" (os error") {
                Some(at) => &text[..at],
                None => &text,
            };
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => String::new(),
            }
        }
    }
}

/// Collapse runs of whitespace (newlines included) into single spaces and trim.
pub(crate) fn squash_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests;
