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
//! | `.sgm`, `.sgml` | Reuters-21578 SGML | one per `<REUTERS>` |
//! | `.pdf` | PDF text layer (pages separated by [`PAGE_BREAK`]) | one |
//! | `.docx` | Word document | one |
//! | `.eml` | e-mail message | one, then one per readable attachment |
//! | `.mbox` | mailbox | one per message, each followed by its attachments |
//! | `.csv`, `.tsv`, `.tab` | a header row, then one article per row (see [`CsvColumns`]) | one per row |
//!
//! Formats with records (JSON Lines, CSV/TSV, SGML, mbox) can also be read
//! piece by piece with bounded memory, whatever the file's size
//! ([`FileReader`], [`parse_chunk`]); that is how indexing reads them.
//!
//! Hostile input is expected (see [`parse_bytes`]): a file read whole
//! larger than [`MAX_FILE_SIZE`] is refused from its metadata, never read; binary
//! content (a NUL byte, or many control characters, near the start) is
//! skipped; in text that is not UTF-8 the bad bytes are read as
//! Windows-1252 (or, for HTML, the page's declared charset decodes it)
//! with a warning, so a stray `£` byte still indexes and spoils nothing
//! else. No input makes a reader panic or take more than
//! linear time.
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
use crate::error::{Error, Parameter, Result};

pub mod date;
mod dateline;
mod decode;
mod delimited;
#[cfg(feature = "formats")]
mod documents;
mod stream;
pub use crate::article::{page_at, PAGE_BREAK};
pub use crate::location::path_string;
mod html;
mod jsonl;
#[cfg(feature = "formats")]
mod mail;
mod sgml;
mod text;

use decode::decode;
pub use delimited::{CsvColumns, UnknownCsvField, CSV_FIELDS};
pub use stream::{
    can_grow, hash_file, is_streamed, parse_chunk, Chunk, ChunkParsed, Ended, FileReader,
    Numbering, Prefix, ReadOptions, Step, CHUNK_BYTES,
};

/// The default cap on formats read whole (text, HTML, PDF, Word, e-mail,
/// a JSON array): larger files are skipped with [`SkipReason::TooLarge`],
/// decided from the file's size before anything is read, since such a
/// reader holds the whole file and its text in memory. Formats with
/// records (JSON Lines, CSV/TSV, SGML, MBOX) are streamed and have no cap.
/// [`ReadOptions::max_file_size`] changes it.
pub const MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// How many leading bytes are checked when deciding a file is binary.
const BINARY_SNIFF_LEN: usize = 8 * 1024;

/// A file is binary when more than one in this many of its leading bytes
/// are control characters other than whitespace (text has next to none).
const CONTROL_RATIO: usize = 10;

/// The extensions read, for messages.
const SUPPORTED: &str = ".txt, .md, .html, .htm, .json, .jsonl, .ndjson, .sgm, .sgml, .pdf, .docx, .eml, .mbox, .csv, .tsv";

/// Why a file produced no articles.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub enum SkipReason {
    /// The extension is not one we read (or the entry is not a regular
    /// file), for a file found inside a folder: counted, not listed.
    Unsupported,
    /// A path named directly (not found inside a folder) that is not read:
    /// an unsupported extension or not a regular file. Listed, unlike
    /// [`SkipReason::Unsupported`], since the user asked for it; the text
    /// says why and what is supported.
    UnsupportedGiven(String),
    /// The file looks binary: a NUL byte, or a high ratio of control
    /// characters, in its first 8 KiB.
    Binary,
    /// The file holds no text.
    Empty,
    /// The file could not be read (message from the OS).
    Unreadable(String),
    /// The file's content is malformed for its format (what and where).
    Malformed(String),
    /// The file, in a format read whole, is larger than the cap
    /// ([`MAX_FILE_SIZE`] unless [`ReadOptions::max_file_size`] says otherwise).
    TooLarge {
        /// Size of the file in bytes.
        size: u64,
        /// The cap in bytes.
        limit: u64,
    },
    /// A symbolic link points back to one of its own ancestor folders.
    SymlinkLoop,
    /// A documentation file found inside a folder (README, LICENSE, ...;
    /// see [`walk_with`]): counted, not listed, like
    /// [`SkipReason::Unsupported`].
    Documentation,
    /// A plain-text file found inside a folder that is a word list or a
    /// table rather than an article ([`is_word_list`]): counted, not
    /// listed, like [`SkipReason::Documentation`].
    WordList,
    /// A PDF, Word or e-mail file in a build without the cargo feature
    /// that reads it (`formats`): listed, naming the feature to enable.
    FeatureOff {
        /// The format, as users name it ("PDF").
        format: &'static str,
        /// The cargo feature of newsindex that reads it.
        feature: &'static str,
    },
}

impl SkipReason {
    /// A short, stable, machine-friendly name for the kind of problem
    /// (`"binary"`, `"invalid_utf8"`, ...), for counting skips by kind.
    pub fn kind(&self) -> &'static str {
        match self {
            SkipReason::Unsupported | SkipReason::UnsupportedGiven(_) => "unsupported",
            SkipReason::Binary => "binary",
            SkipReason::Empty => "empty",
            SkipReason::Unreadable(_) => "unreadable",
            SkipReason::Malformed(_) => "malformed",
            SkipReason::TooLarge { .. } => "too_large",
            SkipReason::SymlinkLoop => "symlink_loop",
            SkipReason::Documentation => "documentation",
            SkipReason::WordList => "word_list",
            SkipReason::FeatureOff { .. } => "feature_off",
        }
    }

    /// Whether the file is worth listing to a user. Files left out by
    /// design inside a folder (another type, documentation) are only
    /// counted.
    pub fn is_listed(&self) -> bool {
        !matches!(
            self,
            SkipReason::Unsupported | SkipReason::Documentation | SkipReason::WordList
        )
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Unsupported => f.write_str("unsupported file type"),
            SkipReason::UnsupportedGiven(why) => f.write_str(why),
            SkipReason::Binary => f.write_str("binary file"),
            SkipReason::Empty => f.write_str("empty file"),
            SkipReason::Unreadable(why) => write!(f, "unreadable: {why}"),
            SkipReason::Malformed(what) => f.write_str(what),
            SkipReason::TooLarge { size, limit } => write!(
                f,
                "too large: {} MiB (the limit for a file read whole is {} MiB; raise it with --max-file-size)",
                size / (1024 * 1024),
                limit / (1024 * 1024)
            ),
            SkipReason::SymlinkLoop => f.write_str("symbolic link loop"),
            SkipReason::Documentation => f.write_str("documentation file, not an article"),
            SkipReason::WordList => {
                f.write_str("word list or table, not an article (few sentences)")
            }
            SkipReason::FeatureOff { format, feature } => write!(
                f,
                "{format} files are read by the `{feature}` cargo feature, which this build of newsindex leaves out (enable it: features = [\"{feature}\"])"
            ),
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
    /// PDF, its text layer (no OCR): `.pdf`. Pages are separated by
    /// [`PAGE_BREAK`] in the body, so hits can say which page they are on.
    Pdf,
    /// Word documents: `.docx`.
    Docx,
    /// One e-mail message: `.eml`.
    Eml,
    /// A mailbox of e-mail messages: `.mbox`.
    Mbox,
    /// Comma-separated values with a header row: `.csv` (see [`CsvColumns`]).
    Csv,
    /// Tab-separated values with a header row: `.tsv`, `.tab`.
    Tsv,
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
            "pdf" => Some(Format::Pdf),
            "docx" => Some(Format::Docx),
            "eml" => Some(Format::Eml),
            "mbox" => Some(Format::Mbox),
            "csv" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            _ => None,
        }
    }

    /// Why this build cannot read the format: [`SkipReason::FeatureOff`]
    /// for PDF, Word and e-mail without the `formats` cargo feature.
    pub fn unavailable(self) -> Option<SkipReason> {
        let format = match self {
            Format::Pdf => "PDF",
            Format::Docx => "Word (.docx)",
            Format::Eml | Format::Mbox => "e-mail",
            _ => return None,
        };
        (!cfg!(feature = "formats")).then_some(SkipReason::FeatureOff {
            format,
            feature: "formats",
        })
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

/// Names of project documentation files (before the first `.`,
/// case-insensitive): a corpus's `README.md` or `LICENSE` is not an article.
const DOC_NAMES: [&str; 6] = [
    "readme",
    "license",
    "licence",
    "changelog",
    "notice",
    "copying",
];

/// Which files a walk takes: see [`walk_with`].
///
/// ```
/// use newsindex::ingest::WalkOptions;
///
/// let options = WalkOptions::new().exclude("drafts/").exclude("*.json").hidden(true);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct WalkOptions {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    hidden: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    include_docs: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    exclude: Vec<String>,
}

impl WalkOptions {
    /// The defaults: hidden entries, ignored files and documentation skipped.
    pub fn new() -> WalkOptions {
        WalkOptions::default()
    }

    /// Also walk hidden files and folders (names starting with `.`).
    pub fn hidden(mut self, yes: bool) -> WalkOptions {
        self.hidden = yes;
        self
    }

    /// Also read documentation files ([`SkipReason::Documentation`]) and
    /// word lists ([`SkipReason::WordList`]).
    pub fn include_docs(mut self, yes: bool) -> WalkOptions {
        self.include_docs = yes;
        self
    }

    /// Leave out files and folders matching this glob, with `.gitignore`
    /// syntax relative to each folder walked (`*.json`, `drafts/`,
    /// `2019/**/*.html`). Repeatable.
    pub fn exclude(mut self, glob: impl Into<String>) -> WalkOptions {
        self.exclude.push(glob.into());
        self
    }
}

/// [`walk_with`] with the default [`WalkOptions`].
///
/// # Errors
///
/// As [`walk_with`].
pub fn walk(paths: &[PathBuf]) -> Result<Walk> {
    walk_with(paths, &WalkOptions::default())
}

/// Walk `paths` recursively and list the files to read.
///
/// Folders are walked as ripgrep and fd walk them (the `ignore` crate):
/// files and folders named by a `.gitignore` (in a git repository or not),
/// `.ignore` or `.git/info/exclude` file, or by an exclude glob of
/// `options`, are left out without a trace; so are hidden entries (names
/// starting with `.`) unless [`WalkOptions::hidden`]. Documentation files
/// inside folders (README, LICENSE, LICENCE, CHANGELOG, NOTICE, COPYING,
/// any extension: [`is_documentation`]) are counted as
/// [`SkipReason::Documentation`], and plain-text files that are word lists
/// or tables ([`is_word_list`], judged from their first 16 KiB) as
/// [`SkipReason::WordList`], unless [`WalkOptions::include_docs`].
/// Files given directly are taken as is (hidden, ignored or documentation),
/// and symbolic links are followed.
///
/// The order is deterministic: the paths in the order given, each folder's
/// entries sorted by name; a file reached twice is listed once. Files with
/// an unsupported extension, unreadable folders and symbolic link loops are
/// returned in [`Walk::problems`]; a path named directly that will not be
/// read is [`SkipReason::UnsupportedGiven`], so it can be listed rather
/// than merely counted.
///
/// # Errors
///
/// [`Error::PathNotFound`] when one of `paths` does not exist (checked for
/// all paths before anything is walked), [`Error::InvalidFilter`] for an
/// exclude glob that does not parse.
pub fn walk_with(paths: &[PathBuf], options: &WalkOptions) -> Result<Walk> {
    for path in paths {
        if let Err(err) = fs::metadata(path) {
            if err.kind() == io::ErrorKind::NotFound {
                return Err(Error::PathNotFound(path.clone()));
            }
        }
    }
    // A bad glob fails the run before anything is walked.
    excludes(Path::new("/"), options)?;

    let mut out = Walk::default();
    let mut seen = std::collections::HashSet::new();
    let mut take = |out: &mut Walk, path: PathBuf, is_file: bool, given: bool| {
        if !seen.insert(path.clone()) {
            // Named directly after a folder walk left it out as
            // documentation or a word list: the user asked for it.
            let left_out = |p: &(PathBuf, SkipReason)| {
                p.0 == path && matches!(p.1, SkipReason::Documentation | SkipReason::WordList)
            };
            if let Some(at) = out.problems.iter().position(|p| given && left_out(p)) {
                out.problems.remove(at);
                out.files.push(path);
            }
            return;
        }
        let reason = if !is_file {
            "not a regular file".to_string()
        } else if Format::from_path(&path).is_some() {
            if !given && !options.include_docs && is_documentation(&path) {
                out.problems.push((path, SkipReason::Documentation));
            } else if !given && !options.include_docs && file_is_word_list(&path) {
                out.problems.push((path, SkipReason::WordList));
            } else {
                out.files.push(path);
            }
            return;
        } else {
            match path.extension() {
                Some(ext) => format!(
                    "unsupported file type .{} (supported: {SUPPORTED})",
                    ext.to_string_lossy()
                ),
                None => format!("unsupported file type, no extension (supported: {SUPPORTED})"),
            }
        };
        let reason = if given {
            SkipReason::UnsupportedGiven(reason)
        } else {
            SkipReason::Unsupported
        };
        out.problems.push((path, reason));
    };

    for root in paths {
        for entry in walker(root, options)? {
            match entry {
                Ok(entry) => {
                    let Some(file_type) = entry.file_type() else {
                        continue; // stdin: never asked for
                    };
                    if file_type.is_dir() {
                        continue;
                    }
                    let given = entry.depth() == 0;
                    take(&mut out, entry.into_path(), file_type.is_file(), given);
                }
                Err(err) => out.problems.push(walk_problem(root, &err)),
            }
        }
    }
    Ok(out)
}

/// The walker for one root: ignore files honoured in and out of git
/// repositories, links followed, entries sorted by name.
fn walker(root: &Path, options: &WalkOptions) -> Result<ignore::Walk> {
    // Globs match relative to the root walked (a file root: its folder).
    let base = if root.is_dir() {
        root
    } else {
        root.parent().unwrap_or(root)
    };
    let overrides = excludes(base, options)?;
    Ok(ignore::WalkBuilder::new(root)
        .follow_links(true)
        .hidden(!options.hidden)
        .require_git(false)
        // The user's global git excludes say nothing about a news corpus,
        // and would make one folder index differently for different users.
        .git_global(false)
        .overrides(overrides)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build())
}

/// The exclude globs as `ignore` overrides rooted at `base` (a `!` glob
/// there only ever leaves files out).
fn excludes(base: &Path, options: &WalkOptions) -> Result<ignore::overrides::Override> {
    let invalid = |glob: &str, err: ignore::Error| Error::InvalidFilter {
        parameter: Parameter::Exclude,
        value: glob.to_string(),
        reason: err.to_string(),
    };
    let mut builder = ignore::overrides::OverrideBuilder::new(base);
    for glob in &options.exclude {
        builder
            .add(&format!("!{glob}"))
            .map_err(|e| invalid(glob, e))?;
    }
    builder.build().map_err(|e| invalid("", e))
}

/// A walk error as the entry it concerns and why it is skipped.
fn walk_problem(root: &Path, err: &ignore::Error) -> (PathBuf, SkipReason) {
    let mut path = None;
    let mut current = err;
    loop {
        match current {
            ignore::Error::WithPath { path: p, err } => {
                path.get_or_insert_with(|| p.clone());
                current = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                current = err;
            }
            ignore::Error::Loop { child, .. } => {
                return (child.clone(), SkipReason::SymlinkLoop);
            }
            _ => break,
        }
    }
    let path = path.unwrap_or_else(|| root.to_path_buf());
    let reason = if fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink())
        && fs::metadata(&path).is_err()
    {
        SkipReason::Unreadable("broken symbolic link".to_string())
    } else {
        match err.io_error() {
            Some(io) => SkipReason::Unreadable(io_phrase(io)),
            None => SkipReason::Unreadable(err.to_string()),
        }
    };
    (path, reason)
}

/// Whether a file's name marks it as a project's documentation rather
/// than an article: README, LICENSE, LICENCE, CHANGELOG, NOTICE or COPYING
/// before the first `.` (`README.md`, `LICENSE`, `readme.reuters21578.txt`).
pub fn is_documentation(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let stem = name.split('.').next().unwrap_or(name);
    DOC_NAMES.iter().any(|doc| stem.eq_ignore_ascii_case(doc))
}

/// Bytes of a plain-text file read to tell a word list from an article.
const WORD_LIST_SNIFF_LEN: u64 = 16 * 1024;

/// Fewest non-empty lines of a word list.
const WORD_LIST_MIN_LINES: usize = 20;

/// Fewest words of a line that reads as a sentence.
const SENTENCE_MIN_WORDS: usize = 6;

/// Whether a plain text is a word list or a table rather than an article:
/// at least 20 non-empty lines, and fewer than half of its words in lines
/// that read as sentences (six words or more; a word is a run of
/// non-spaces with a letter in it). A list of names one a line, a table of
/// codes or Prolog facts has almost none; an article, even one ending in a
/// table of results, has most of its words in paragraphs.
///
/// ```
/// use newsindex::ingest::is_word_list;
///
/// let places: String = ["afghanistan", "albania", "algeria", "andorra", "angola"]
///     .repeat(5)
///     .join("\n");
/// assert!(is_word_list(&places));
/// let article = "Prices rise\n\nPrices rose by 2% in March, the statistics office said.\n";
/// assert!(!is_word_list(&article.repeat(10)));
/// ```
pub fn is_word_list(text: &str) -> bool {
    let (mut lines, mut words, mut in_sentences) = (0usize, 0usize, 0usize);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let n = line
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        lines += 1;
        words += n;
        if n >= SENTENCE_MIN_WORDS {
            in_sentences += n;
        }
    }
    lines >= WORD_LIST_MIN_LINES && in_sentences * 2 < words
}

/// [`is_word_list`] of the head of a `.txt` or `.md` file (its last,
/// perhaps cut, line left out); false for any other format and for a file
/// that cannot be read (the reader will say why).
fn file_is_word_list(path: &Path) -> bool {
    use std::io::Read as _;

    if Format::from_path(path) != Some(Format::Text) {
        return false;
    }
    let mut head = Vec::new();
    let read = fs::File::open(path)
        .and_then(|f| f.take(WORD_LIST_SNIFF_LEN).read_to_end(&mut head))
        .is_ok();
    if !read {
        return false;
    }
    if head.len() as u64 == WORD_LIST_SNIFF_LEN {
        let cut = head.iter().rposition(|&b| b == b'\n').unwrap_or(0);
        head.truncate(cut);
    }
    is_word_list(&String::from_utf8_lossy(&head))
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
/// extension, unreadable (or vanished), too large, binary, empty, or
/// malformed throughout.
pub fn read_file(path: &Path) -> std::result::Result<Parsed, SkipReason> {
    let (format, bytes) = read_bytes(path)?;
    parse_bytes(format, &bytes, Some(&path_string(path)))
}

/// The I/O half of [`read_file`]: the file's format and raw bytes, after
/// the extension, file-type and size checks. Lets a caller fingerprint the
/// bytes (incremental indexing) before parsing them with [`parse_bytes`].
///
/// The size is checked from the metadata before the file is opened, so a
/// huge file is refused without being read; a file growing past
/// [`MAX_FILE_SIZE`] while it is read is refused too (at most one byte
/// more than the cap is ever read).
///
/// # Errors
///
/// [`SkipReason::Unsupported`], [`SkipReason::TooLarge`] or
/// [`SkipReason::Unreadable`] (a file gone since the walk is `not found`).
pub fn read_bytes(path: &Path) -> std::result::Result<(Format, Vec<u8>), SkipReason> {
    read_bytes_capped(path, MAX_FILE_SIZE)
}

/// [`read_bytes`] with another cap than [`MAX_FILE_SIZE`].
///
/// # Errors
///
/// As [`read_bytes`].
pub fn read_bytes_capped(
    path: &Path,
    limit: u64,
) -> std::result::Result<(Format, Vec<u8>), SkipReason> {
    use std::io::Read as _;

    let format = Format::from_path(path).ok_or(SkipReason::Unsupported)?;
    if let Some(off) = format.unavailable() {
        return Err(off);
    }
    let unreadable = |e: io::Error| SkipReason::Unreadable(io_phrase(&e));
    // Metadata first: never open a FIFO or device (opening blocks), never
    // read a file only to refuse it.
    let meta = fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(SkipReason::Unsupported);
    }
    if meta.len() > limit {
        return Err(SkipReason::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let file = fs::File::open(path).map_err(unreadable)?;
    let capacity = usize::try_from(meta.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        let size = fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        return Err(SkipReason::TooLarge { size, limit });
    }
    Ok((format, bytes))
}

/// Parse a file's raw bytes: the binary check, decoding, then [`parse`].
///
/// Decoding, in order:
/// - a byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE) and is dropped;
/// - content with a NUL byte in its first 8 KiB, or more than one byte in
///   ten there a control character other than whitespace, is
///   [`SkipReason::Binary`];
/// - valid UTF-8 is read as is;
/// - otherwise an HTML page's declared charset (`<meta charset>` in its
///   first 1,024 bytes) is used when it names one;
/// - else UTF-8 with stray bytes (valid multi-byte characters, no more
///   than four bad bytes for each) keeps its UTF-8 and reads only the bad
///   bytes as Windows-1252, with a warning `decoded as UTF-8 with K bytes
///   read as Windows-1252: not valid UTF-8 at byte N`;
/// - else the whole text is Windows-1252 (a superset of Latin-1 that
///   decodes any byte), with a warning `decoded as Windows-1252: not valid
///   UTF-8 at byte N`. Warnings go to [`Parsed::warnings`]: the file is
///   indexed, but its owner should know.
///
/// ```
/// use newsindex::ingest::{parse_bytes, Format};
///
/// let parsed = parse_bytes(Format::Text, b"Prices\n\nUp \xA3600m.", None).unwrap();
/// assert_eq!(parsed.articles[0].body, "Up £600m.");
/// assert_eq!(parsed.warnings, ["decoded as Windows-1252: not valid UTF-8 at byte 11"]);
/// ```
///
/// # Errors
///
/// As [`read_file`], but for the I/O ones.
pub fn parse_bytes(
    format: Format,
    bytes: &[u8],
    path: Option<&str>,
) -> std::result::Result<Parsed, SkipReason> {
    if let Some(parsed) = parse_container(format, bytes, path) {
        return parsed;
    }
    let (content, warning) = decode(format, bytes)?;
    let mut parsed = parse(format, &content, path)?;
    if let Some(warning) = warning {
        parsed.warnings.insert(0, warning);
    }
    Ok(parsed)
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
        Format::Html => {
            let (article, warnings) = html::parse(content)?;
            Parsed {
                articles: vec![article],
                warnings,
            }
        }
        Format::Json => jsonl::parse(content, 0)?,
        Format::Sgml => sgml::parse(content, 0)?,
        Format::Csv | Format::Tsv => {
            delimited::parse(format, content.as_bytes(), &CsvColumns::default())?
        }
        Format::Pdf | Format::Docx | Format::Eml | Format::Mbox => {
            return parse_container(format, content.as_bytes(), path).expect("a container format");
        }
    };
    if let Some(path) = path {
        for article in &mut parsed.articles {
            article.path = Some(path.to_string());
        }
    }
    Ok(parsed)
}

/// Formats read from their raw bytes by a crate made for them (PDF,
/// Word, e-mail) rather than decoded as text first; `None` for the text
/// formats.
fn parse_container(
    format: Format,
    bytes: &[u8],
    path: Option<&str>,
) -> Option<std::result::Result<Parsed, SkipReason>> {
    #[cfg(feature = "formats")]
    let one = |article: std::result::Result<Article, SkipReason>| {
        article.map(|article| Parsed {
            articles: vec![article],
            warnings: Vec::new(),
        })
    };
    let parsed: std::result::Result<Parsed, SkipReason> = match format {
        #[cfg(feature = "formats")]
        Format::Pdf => one(documents::parse_pdf(bytes)),
        #[cfg(feature = "formats")]
        Format::Docx => one(documents::parse_docx(bytes)),
        #[cfg(feature = "formats")]
        Format::Eml => mail::parse_eml(bytes),
        #[cfg(feature = "formats")]
        Format::Mbox => mail::parse_mbox(bytes, 0),
        #[cfg(not(feature = "formats"))]
        Format::Pdf | Format::Docx | Format::Eml | Format::Mbox => {
            let _ = bytes; // read only by the `formats` readers
            Err(format.unavailable()?)
        }
        Format::Text | Format::Html | Format::Json | Format::Sgml | Format::Csv | Format::Tsv => {
            return None
        }
    };
    Some(parsed.map(|mut parsed| {
        for article in &mut parsed.articles {
            article.path = path.map(str::to_string);
        }
        parsed
    }))
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

/// At most this many warnings are kept per file; the rest are counted.
const MAX_WARNINGS: usize = 100;

/// A file's warnings, capped at [`MAX_WARNINGS`] with a count of the rest.
#[derive(Default)]
struct Warnings {
    kept: Vec<String>,
    dropped: usize,
}

impl Warnings {
    fn push(&mut self, warning: String) {
        if self.kept.len() < MAX_WARNINGS {
            self.kept.push(warning);
        } else {
            self.dropped += 1;
        }
    }

    /// The kept warnings, then one saying how many more there were.
    fn finish(mut self) -> Vec<String> {
        if self.dropped > 0 {
            self.kept
                .push(format!("... and {} more problems", self.dropped));
        }
        self.kept
    }
}

/// Trailing spaces trimmed on each line, at most one blank line in a row,
/// no blank lines at either end.
pub(crate) fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines().map(str::trim_end) {
        if line.trim_start().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
