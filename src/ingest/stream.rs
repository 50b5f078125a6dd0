//! Reading a file piece by piece: a [`FileReader`] cuts a file into
//! [`Chunk`]s of whole records (JSON Lines objects, SGML elements, mbox
//! messages, CSV rows) with bounded buffers, hashing its bytes as it goes;
//! [`parse_chunk`] turns one chunk into articles, on any thread. Formats
//! read whole (text, HTML, PDF, Word, e-mail, a JSON array, anything with
//! a UTF-16 byte-order mark) are one chunk, within the
//! [`ReadOptions::max_file_size`] cap.
//!
//! Decoding follows [`super::parse_bytes`], per chunk: a UTF-8 byte-order
//! mark is dropped, a binary file is refused from its first 8 KiB, in a
//! piece that is not UTF-8 the bad bytes (or, for Windows-1252 text, all
//! of it) are read as Windows-1252 with a warning naming the first bad
//! byte (counted from the start of the file's text).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use csv::ByteRecord;
use time::OffsetDateTime;

use super::decode::looks_binary;
use super::delimited::{self, CsvColumns, Header};
#[cfg(feature = "formats")]
use super::mail;
use super::{io_phrase, parse_bytes, sgml, Format, SkipReason, Warnings};
use super::{BINARY_SNIFF_LEN, MAX_FILE_SIZE};
use crate::article::Article;

/// Bytes of records a chunk gathers before it is handed over: small enough
/// that a few per thread bound the memory in flight, large enough that
/// handing over costs nothing next to parsing.
pub const CHUNK_BYTES: usize = 256 * 1024;

/// The I/O buffer of a streamed file.
const READ_BUFFER: usize = 64 * 1024;

/// How files are read: the cap on formats read whole, and CSV columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    max_file_size: u64,
    csv: CsvColumns,
    date_from_mtime: bool,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            max_file_size: MAX_FILE_SIZE,
            csv: CsvColumns::default(),
            date_from_mtime: false,
        }
    }
}

impl ReadOptions {
    /// The defaults: [`MAX_FILE_SIZE`], CSV columns by their usual names.
    pub fn new() -> ReadOptions {
        ReadOptions::default()
    }

    /// Refuse files read whole that are larger than `bytes` (also the
    /// longest record a streamed file may have: a longer one is cut).
    pub fn max_file_size(mut self, bytes: u64) -> ReadOptions {
        self.max_file_size = bytes.max(1);
        self
    }

    /// Which CSV columns feed which article fields.
    pub fn csv_columns(mut self, columns: CsvColumns) -> ReadOptions {
        self.csv = columns;
        self
    }

    /// Date the articles that have no date of their own (from their
    /// record, front matter or a dateline) by their file's modification
    /// time. Off by default: a file's modification time is when it was
    /// last written, which for a copied or downloaded collection is the
    /// copy's date, not the articles'.
    pub fn date_from_mtime(mut self, on: bool) -> ReadOptions {
        self.date_from_mtime = on;
        self
    }

    /// The cap on files read whole.
    pub fn limit(&self) -> u64 {
        self.max_file_size
    }
}

/// A piece of a file: whole records, or the whole file.
#[derive(Debug)]
pub struct Chunk {
    format: Format,
    /// Byte offset in the file of the piece's first byte.
    pub offset: u64,
    /// Bytes of the file it covers.
    pub len: u64,
    first_line: u64,
    first_record: u64,
    /// Bytes before the file's text (a byte-order mark), for messages.
    text_start: u64,
    /// The date its articles without one take.
    file_date: Option<OffsetDateTime>,
    data: Data,
}

#[derive(Debug)]
enum Data {
    Whole(Vec<u8>),
    Text(Vec<u8>),
    Rows(Arc<Header>, Vec<ByteRecord>),
}

/// How the positions of a chunk's articles relate to the file's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// Already the file's positions.
    Absolute,
    /// The file's lines (JSON Lines): each position is at least one more
    /// than the previous article's, so objects sharing a line differ.
    Lines,
    /// Counted from 0 within the chunk, which used `records` positions:
    /// the file's position is the records of earlier chunks plus this one.
    Counted {
        /// Positions the chunk used.
        records: u64,
    },
}

/// What one chunk yielded.
#[derive(Debug)]
pub struct ChunkParsed {
    /// Its articles, in order, with `path` set.
    pub articles: Vec<Article>,
    /// Problems that did not stop it.
    pub warnings: Vec<String>,
    /// A decoding fallback (said once per file by the caller).
    pub decoding: Option<String>,
    /// Why it yielded nothing, when it did.
    pub error: Option<SkipReason>,
    /// How to turn the articles' positions into the file's.
    pub numbering: Numbering,
}

/// What a [`FileReader`] found when the file ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    /// Bytes read (the whole file, a grown file's old part included).
    pub size: u64,
    /// BLAKE3 hash of those bytes (hex).
    pub hash: String,
    /// Newlines in them.
    pub lines: u64,
    /// Records counted by the reader (CSV data rows, mbox messages).
    pub records: u64,
    /// Whether the file was streamed (records may be appended later).
    pub streamed: bool,
}

/// The next step of a [`FileReader`].
#[derive(Debug)]
pub enum Step {
    /// A piece to parse.
    Chunk(Chunk),
    /// The file is done.
    End(Ended),
}

/// Where a grown file's new part starts: what the last run read of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prefix {
    /// Bytes read then.
    pub size: u64,
    /// Their hash (hex).
    pub hash: String,
    /// Newlines in them.
    pub lines: u64,
    /// Records counted by the reader in them.
    pub records: u64,
}

/// A reader that hashes and counts what passes through it.
struct Hashing<R> {
    inner: R,
    hasher: blake3::Hasher,
    read: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.read += n as u64;
        Ok(n)
    }
}

enum Source {
    Whole(Option<Vec<u8>>, Ended),
    Lines {
        reader: BufReader<Hashing<File>>,
        /// The first line of the next chunk, read ahead.
        ahead: Vec<u8>,
        done: bool,
    },
    Rows {
        reader: csv::Reader<BufReader<Hashing<File>>>,
        header: Arc<Header>,
        done: bool,
    },
}

/// Reads one file as a sequence of [`Step`]s.
pub struct FileReader {
    format: Format,
    source: Source,
    /// Offset of the next byte to hand over, and lines and records before it.
    offset: u64,
    /// Offset where the CSV reader started (its positions count from there).
    base: u64,
    lines: u64,
    records: u64,
    text_start: u64,
    max_record: usize,
    /// The date articles without one take ([`ReadOptions::date_from_mtime`]).
    file_date: Option<OffsetDateTime>,
}

impl std::fmt::Debug for FileReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileReader")
            .field("format", &self.format)
            .field("offset", &self.offset)
            .finish_non_exhaustive()
    }
}

/// Whether `format` is read record by record (when its content allows).
pub fn is_streamed(format: Format) -> bool {
    matches!(
        format,
        Format::Json | Format::Sgml | Format::Mbox | Format::Csv | Format::Tsv
    )
}

/// Whether a file of `format` that only grew can have just its new
/// records read.
pub fn can_grow(format: Format) -> bool {
    matches!(
        format,
        Format::Json | Format::Mbox | Format::Csv | Format::Tsv
    )
}

/// BLAKE3 hash (hex) and size of a file's content, read in blocks.
///
/// # Errors
///
/// [`SkipReason::Unreadable`].
pub fn hash_file(path: &Path) -> Result<(String, u64), SkipReason> {
    let file = File::open(path).map_err(unreadable)?;
    let mut hashing = Hashing {
        inner: file,
        hasher: blake3::Hasher::new(),
        read: 0,
    };
    io::copy(&mut hashing, &mut io::sink()).map_err(unreadable)?;
    Ok((hashing.hasher.finalize().to_hex().to_string(), hashing.read))
}

fn unreadable(e: io::Error) -> SkipReason {
    SkipReason::Unreadable(io_phrase(&e))
}

impl FileReader {
    /// Start reading `path` from its beginning. A format without records,
    /// or content that must be read whole, is one chunk, refused when
    /// larger than the cap.
    ///
    /// # Errors
    ///
    /// The file's [`SkipReason`] when it cannot be read at all: too
    /// large, unreadable, binary, a CSV header without a body column.
    pub fn open(path: &Path, options: &ReadOptions) -> Result<FileReader, SkipReason> {
        let mut reader = FileReader::open_undated(path, options)?;
        reader.file_date = file_date(path, options);
        Ok(reader)
    }

    fn open_undated(path: &Path, options: &ReadOptions) -> Result<FileReader, SkipReason> {
        let format = Format::from_path(path).ok_or(SkipReason::Unsupported)?;
        if let Some(off) = format.unavailable() {
            return Err(off);
        }
        if is_streamed(format) {
            let file = File::open(path).map_err(unreadable)?;
            let hashing = Hashing {
                inner: file,
                hasher: blake3::Hasher::new(),
                read: 0,
            };
            let mut reader = BufReader::with_capacity(READ_BUFFER, hashing);
            let head = fill_head(&mut reader).map_err(unreadable)?;
            match sniff(format, &head) {
                Sniff::Whole => {}
                Sniff::Binary => return Err(SkipReason::Binary),
                Sniff::Stream { bom } => {
                    reader.consume(bom);
                    return FileReader::stream(format, reader, bom as u64, 0, 0, options);
                }
            }
        }
        let (format, bytes) = super::read_bytes_capped(path, options.max_file_size)?;
        let ended = Ended {
            size: bytes.len() as u64,
            hash: blake3::hash(&bytes).to_hex().to_string(),
            lines: 0,
            records: 0,
            streamed: false,
        };
        Ok(FileReader {
            format,
            source: Source::Whole(Some(bytes), ended),
            offset: 0,
            base: 0,
            lines: 0,
            records: 0,
            text_start: 0,
            max_record: usize::MAX,
            file_date: None,
        })
    }

    /// Read only what was appended to `path` since it was `prefix`: `None`
    /// when its first `prefix.size` bytes changed, do not end at a record
    /// boundary, or the format cannot grow (read it whole then).
    ///
    /// # Errors
    ///
    /// As [`FileReader::open`].
    pub fn resume(
        path: &Path,
        prefix: &Prefix,
        options: &ReadOptions,
    ) -> Result<Option<FileReader>, SkipReason> {
        let reader = FileReader::resume_undated(path, prefix, options)?;
        Ok(reader.map(|mut reader| {
            reader.file_date = file_date(path, options);
            reader
        }))
    }

    fn resume_undated(
        path: &Path,
        prefix: &Prefix,
        options: &ReadOptions,
    ) -> Result<Option<FileReader>, SkipReason> {
        let format = Format::from_path(path).ok_or(SkipReason::Unsupported)?;
        if !can_grow(format) || prefix.size == 0 {
            return Ok(None);
        }
        let file = File::open(path).map_err(unreadable)?;
        let mut hashing = Hashing {
            inner: file,
            hasher: blake3::Hasher::new(),
            read: 0,
        };
        // The old part, hashed; its head kept for a CSV header, its last
        // byte to check it ends a line.
        let mut head = Vec::new();
        let mut block = vec![0u8; READ_BUFFER];
        let mut last = 0u8;
        while hashing.read < prefix.size {
            let want = usize::try_from(prefix.size - hashing.read)
                .unwrap_or(usize::MAX)
                .min(block.len());
            let n = hashing.read(&mut block[..want]).map_err(unreadable)?;
            if n == 0 {
                return Ok(None); // shrank meanwhile
            }
            if head.len() < READ_BUFFER {
                head.extend_from_slice(&block[..n.min(READ_BUFFER - head.len())]);
            }
            last = block[n - 1];
        }
        if hashing.hasher.finalize().to_hex().as_str() != prefix.hash || last != b'\n' {
            return Ok(None);
        }
        let mut reader = BufReader::with_capacity(READ_BUFFER, hashing);
        let max_record = usize::try_from(options.max_file_size).unwrap_or(usize::MAX);
        if matches!(format, Format::Csv | Format::Tsv) {
            let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
            let mut row = ByteRecord::new();
            let header = match delimited::reader(format, head).read_byte_record(&mut row) {
                Ok(true) => delimited::header(&row, &options.csv)?,
                _ => return Ok(None),
            };
            return Ok(Some(FileReader {
                format,
                source: Source::Rows {
                    reader: delimited::reader(format, reader),
                    header: Arc::new(header),
                    done: false,
                },
                offset: prefix.size,
                base: prefix.size,
                lines: prefix.lines,
                records: prefix.records,
                text_start: 0,
                max_record,
                file_date: None,
            }));
        }
        if format == Format::Mbox {
            let next = reader.fill_buf().map_err(unreadable)?;
            if !next.is_empty() && !next.starts_with(b"From ") {
                return Ok(None); // the last message went on
            }
        }
        Ok(Some(FileReader {
            format,
            source: Source::Lines {
                reader,
                ahead: Vec::new(),
                done: false,
            },
            offset: prefix.size,
            base: prefix.size,
            lines: prefix.lines,
            records: prefix.records,
            text_start: 0,
            max_record,
            file_date: None,
        }))
    }

    fn stream(
        format: Format,
        reader: BufReader<Hashing<File>>,
        text_start: u64,
        lines: u64,
        records: u64,
        options: &ReadOptions,
    ) -> Result<FileReader, SkipReason> {
        if matches!(format, Format::Csv | Format::Tsv) {
            let mut stream = FileReader::rows(format, reader, &options.csv, options)?;
            stream.offset = text_start;
            stream.base = text_start;
            stream.text_start = text_start;
            return Ok(stream);
        }
        Ok(FileReader {
            format,
            source: Source::Lines {
                reader,
                ahead: Vec::new(),
                done: false,
            },
            offset: text_start,
            base: text_start,
            lines,
            records,
            text_start,
            max_record: usize::try_from(options.max_file_size).unwrap_or(usize::MAX),
            file_date: None,
        })
    }

    /// A CSV reader, its header row read.
    fn rows(
        format: Format,
        reader: BufReader<Hashing<File>>,
        columns: &CsvColumns,
        options: &ReadOptions,
    ) -> Result<FileReader, SkipReason> {
        let mut reader = delimited::reader(format, reader);
        let mut row = ByteRecord::new();
        let header = match reader.read_byte_record(&mut row) {
            Ok(true) => delimited::header(&row, columns)?,
            Ok(false) => return Err(SkipReason::Empty),
            Err(e) => return Err(SkipReason::Malformed(format!("malformed CSV: {e}"))),
        };
        Ok(FileReader {
            format,
            source: Source::Rows {
                reader,
                header: Arc::new(header),
                done: false,
            },
            offset: 0,
            base: 0,
            lines: 0,
            records: 0,
            text_start: 0,
            max_record: usize::try_from(options.max_file_size).unwrap_or(usize::MAX),
            file_date: None,
        })
    }

    /// The next chunk, or the end of the file.
    ///
    /// # Errors
    ///
    /// [`SkipReason::Unreadable`] when reading fails midway.
    pub fn next_step(&mut self) -> Result<Step, SkipReason> {
        let format = self.format;
        let (offset, first_line, first_record) = (self.offset, self.lines, self.records);
        let data = match &mut self.source {
            Source::Whole(bytes, ended) => match bytes.take() {
                Some(bytes) => {
                    self.offset = bytes.len() as u64;
                    Data::Whole(bytes)
                }
                None => return Ok(Step::End(ended.clone())),
            },
            Source::Lines {
                reader,
                ahead,
                done,
            } => {
                if *done && ahead.is_empty() {
                    return Ok(Step::End(end(reader.get_ref(), self.lines, self.records)));
                }
                let mut buf = std::mem::take(ahead);
                if !buf.is_empty() {
                    count_line(format, &mut self.lines, &mut self.records, &buf);
                }
                let mut line = Vec::new();
                while !*done {
                    line.clear();
                    let limit = self.max_record.saturating_sub(buf.len()).max(1) as u64;
                    let n = reader
                        .by_ref()
                        .take(limit)
                        .read_until(b'\n', &mut line)
                        .map_err(unreadable)?;
                    if n == 0 {
                        *done = true;
                        break;
                    }
                    let full = buf.len() >= CHUNK_BYTES && record_start(format, &line);
                    if full || buf.len() + line.len() >= self.max_record {
                        if !full && buf.is_empty() {
                            // One record as long as the cap: hand it over cut.
                            count_line(format, &mut self.lines, &mut self.records, &line);
                            buf.append(&mut line);
                            break;
                        }
                        *ahead = std::mem::take(&mut line);
                        break;
                    }
                    count_line(format, &mut self.lines, &mut self.records, &line);
                    buf.extend_from_slice(&line);
                }
                if buf.is_empty() {
                    return Ok(Step::End(end(reader.get_ref(), self.lines, self.records)));
                }
                self.offset += buf.len() as u64;
                Data::Text(buf)
            }
            Source::Rows {
                reader,
                header,
                done,
            } => {
                let mut rows = Vec::new();
                let mut bytes = 0;
                while !*done && bytes < CHUNK_BYTES {
                    let mut row = ByteRecord::new();
                    match reader.read_byte_record(&mut row) {
                        Ok(true) => {
                            bytes += row.as_slice().len() + row.len();
                            rows.push(row);
                        }
                        Ok(false) => *done = true,
                        Err(e) => {
                            return Err(match e.kind() {
                                csv::ErrorKind::Io(io) => unreadable(io::Error::from(io.kind())),
                                _ => SkipReason::Malformed(format!("malformed CSV: {e}")),
                            })
                        }
                    }
                }
                let position = reader.position().byte() + self.base;
                if rows.is_empty() {
                    let hashing = reader.get_ref().get_ref();
                    // Newlines: those before the reader started, and its own.
                    let lines = self.lines + reader.position().line().saturating_sub(1);
                    return Ok(Step::End(end(hashing, lines, self.records)));
                }
                self.records += rows.len() as u64;
                let len = position.saturating_sub(self.offset);
                self.offset = position;
                return Ok(Step::Chunk(Chunk {
                    format,
                    offset,
                    len,
                    first_line,
                    first_record,
                    text_start: self.text_start,
                    file_date: self.file_date,
                    data: Data::Rows(Arc::clone(header), rows),
                }));
            }
        };
        Ok(Step::Chunk(Chunk {
            format,
            offset,
            len: self.offset - offset,
            first_line,
            first_record,
            text_start: self.text_start,
            file_date: self.file_date,
            data,
        }))
    }
}

/// Count a line handed over: a newline, an mbox message, an SGML element
/// starting a line (for messages; positions are counted by the parser).
fn count_line(format: Format, lines: &mut u64, records: &mut u64, line: &[u8]) {
    if line.last() == Some(&b'\n') {
        *lines += 1;
    }
    if matches!(format, Format::Mbox | Format::Sgml) && record_start(format, line) {
        *records += 1;
    }
}

fn end(hashing: &Hashing<File>, lines: u64, records: u64) -> Ended {
    Ended {
        size: hashing.read,
        hash: hashing.hasher.finalize().to_hex().to_string(),
        lines,
        records,
        streamed: true,
    }
}

/// Whether a line starts a record, so a chunk may end before it.
fn record_start(format: Format, line: &[u8]) -> bool {
    match format {
        Format::Json => line.first() == Some(&b'{'),
        Format::Sgml => {
            line.starts_with(b"<REUTERS")
                && matches!(line.get(8), Some(b'>' | b' ' | b'\t' | b'\n' | b'\r'))
        }
        Format::Mbox => line.starts_with(b"From "),
        _ => true,
    }
}

enum Sniff {
    Whole,
    Binary,
    Stream { bom: usize },
}

/// Fill the reader's buffer with the file's head (up to its capacity).
fn fill_head(reader: &mut BufReader<Hashing<File>>) -> io::Result<Vec<u8>> {
    // One read may return less than asked; a head of at least the sniff
    // length (or the whole file) is enough.
    let head = reader.fill_buf()?.to_vec();
    Ok(head)
}

/// Decide from a file's head how it is read.
fn sniff(format: Format, head: &[u8]) -> Sniff {
    let bom = match encoding_rs::Encoding::for_bom(head) {
        Some((encoding, len)) if encoding == encoding_rs::UTF_8 => len,
        Some(_) => return Sniff::Whole, // UTF-16: decoded whole
        None => 0,
    };
    let text = &head[bom..];
    if looks_binary(
        text[..text.len().min(BINARY_SNIFF_LEN)]
            .iter()
            .map(|&b| u32::from(b)),
    ) {
        return Sniff::Binary;
    }
    if format == Format::Json && text.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Sniff::Whole; // one JSON array: read whole
    }
    Sniff::Stream { bom }
}

/// The file's modification time, when `options` date articles by it.
fn file_date(path: &Path, options: &ReadOptions) -> Option<OffsetDateTime> {
    if !options.date_from_mtime {
        return None;
    }
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
    Some(OffsetDateTime::from(modified))
}

/// Parse one chunk: decode it, read its records into articles, each with
/// `path` set. Pure: runs on any thread.
pub fn parse_chunk(chunk: &Chunk, path: Option<&str>) -> ChunkParsed {
    let mut out = ChunkParsed {
        articles: Vec::new(),
        warnings: Vec::new(),
        decoding: None,
        error: None,
        numbering: Numbering::Absolute,
    };
    let result = match &chunk.data {
        Data::Whole(bytes) => parse_bytes(chunk.format, bytes, path),
        Data::Rows(header, rows) => {
            let mut warnings = Warnings::default();
            let articles = delimited::articles(
                header,
                rows,
                chunk.first_record,
                chunk.first_line,
                &mut warnings,
            );
            let warnings = warnings.finish();
            if articles.is_empty() {
                Err(SkipReason::Malformed(match warnings.first() {
                    Some(first) => format!("no article: {first}"),
                    None => "no article: no data row under the header".to_string(),
                }))
            } else {
                Ok(super::Parsed { articles, warnings })
            }
        }
        #[cfg(feature = "formats")]
        Data::Text(bytes) if chunk.format == Format::Mbox => {
            let first = usize::try_from(chunk.first_record).unwrap_or(usize::MAX);
            let parsed = mail::parse_mbox(bytes, first);
            let records = parsed.as_ref().map_or(0, |p| p.articles.len() as u64);
            out.numbering = Numbering::Counted { records };
            parsed
        }
        Data::Text(bytes) => {
            let (text, decoding) = decode_piece(bytes, chunk.offset - chunk.text_start);
            out.decoding = decoding;
            let first_line = usize::try_from(chunk.first_line).unwrap_or(usize::MAX);
            if text.trim().is_empty() {
                Err(SkipReason::Empty)
            } else if chunk.format == Format::Sgml {
                let (parsed, elements) = sgml::parse_counted(&text, first_line, chunk.first_record);
                out.numbering = Numbering::Counted {
                    records: u64::from(elements),
                };
                parsed
            } else {
                out.numbering = Numbering::Lines;
                super::jsonl::parse(&text, first_line)
            }
        }
    };
    match result {
        Ok(parsed) => {
            out.articles = parsed.articles;
            if let Some(date) = chunk.file_date {
                for article in out.articles.iter_mut().filter(|a| a.date.is_none()) {
                    article.date = Some(date);
                }
            }
            out.warnings = parsed.warnings;
            if let Some(path) = path {
                for article in &mut out.articles {
                    article.path = Some(path.to_string());
                }
            }
        }
        Err(reason) => out.error = Some(reason),
    }
    out
}

/// A piece of text: UTF-8, else its bad bytes (or, for Windows-1252 text,
/// all of it) read as Windows-1252, with a warning naming the first bad
/// byte, `offset` being the piece's place in the file's text.
fn decode_piece(bytes: &[u8], offset: u64) -> (std::borrow::Cow<'_, str>, Option<String>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.into(), None),
        Err(err) => {
            let (text, warning) = super::decode::decode_invalid_utf8(bytes, err, offset);
            (text, Some(warning))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::ingest::parse_bytes;

    /// Every article of a file read piece by piece, with the file's
    /// positions (as the indexing pipeline numbers them), and its warnings.
    fn read_all(path: &Path, options: &ReadOptions) -> (Vec<Article>, Vec<String>, usize) {
        let mut reader = FileReader::open(path, options).unwrap();
        let (mut articles, mut warnings, mut pieces) = (Vec::new(), Vec::new(), 0);
        let mut next = 0u64;
        while let Step::Chunk(chunk) = reader.next_step().unwrap() {
            pieces += 1;
            let parsed = parse_chunk(&chunk, None);
            let base = next;
            for mut article in parsed.articles {
                let position = match parsed.numbering {
                    Numbering::Absolute => u64::from(article.position),
                    Numbering::Lines => u64::from(article.position).max(next),
                    Numbering::Counted { .. } => base + u64::from(article.position),
                };
                article.position = position as u32;
                next = next.max(position + 1);
                articles.push(article);
            }
            if let Numbering::Counted { records } = parsed.numbering {
                next = next.max(base + records);
            }
            warnings.extend(parsed.decoding);
            warnings.extend(parsed.warnings);
        }
        (articles, warnings, pieces)
    }

    #[test]
    fn pieces_of_json_lines_give_the_positions_of_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut content = String::new();
        for n in 0..8_000 {
            if n % 500 == 7 {
                // Two objects on one line, and a malformed line.
                content.push_str(&format!(
                    "{{\"title\": \"A{n}\"}} {{\"title\": \"B{n}\"}}\n"
                ));
            } else if n % 900 == 3 {
                content.push_str("{oops\n");
            } else {
                content.push_str(&format!(
                    "{{\"title\": \"Zinc {n}\", \"body\": \"Zinc output rose {n}% in Peru.\"}}\n"
                ));
            }
        }
        let path = dir.path().join("feed.jsonl");
        fs::write(&path, &content).unwrap();
        let (pieces, _, count) = read_all(&path, &ReadOptions::new());
        assert!(count > 1, "several pieces");
        let whole = parse_bytes(Format::Json, content.as_bytes(), None).unwrap();
        let key = |a: &Article| (a.position, a.line, a.title.clone());
        assert_eq!(
            pieces.iter().map(key).collect::<Vec<_>>(),
            whole.articles.iter().map(key).collect::<Vec<_>>()
        );
    }

    #[test]
    fn sgml_pieces_number_elements_and_lines_from_the_start_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut content = String::new();
        let mut n = 0;
        while content.len() < 2 * CHUNK_BYTES {
            n += 1;
            content.push_str(&format!(
                "<REUTERS NEWID=\"{n}\">\n<TEXT><TITLE>TIN {n}</TITLE><BODY>Tin rose.</BODY></TEXT>\n</REUTERS>\n"
            ));
        }
        content.push_str("<REUTERS NEWID=\"0\">\n<TEXT>&#3;</TEXT>\n</REUTERS>\n");
        content.push_str("<REUTERS NEWID=\"-1\">\n<TEXT><TITLE>LAST</TITLE></TEXT>\n</REUTERS>\n");
        let path = dir.path().join("reut.sgm");
        fs::write(&path, &content).unwrap();
        let (pieces, warnings, count) = read_all(&path, &ReadOptions::new());
        let whole = parse_bytes(Format::Sgml, content.as_bytes(), None).unwrap();
        assert!(count > 2);
        let key = |a: &Article| (a.position, a.line, a.title.clone());
        assert_eq!(
            pieces.iter().map(key).collect::<Vec<_>>(),
            whole.articles.iter().map(key).collect::<Vec<_>>()
        );
        assert_eq!(warnings, whole.warnings);
        assert_eq!(
            warnings,
            [format!(
                "<REUTERS> element {} (NEWID 0): no text; skipped",
                n + 1
            )]
        );
    }

    #[test]
    fn a_stray_byte_in_a_utf8_record_spoils_only_itself() {
        let dir = tempfile::tempdir().unwrap();
        let mut content = "{\"title\": \"Nestlé\", \"body\": \"Zürich paid "
            .as_bytes()
            .to_vec();
        let at = content.len();
        content.extend_from_slice(b"\xA3600m.\"}\n");
        let path = dir.path().join("feed.jsonl");
        fs::write(&path, &content).unwrap();
        let (articles, warnings, _) = read_all(&path, &ReadOptions::new());
        assert_eq!(articles[0].title, "Nestlé");
        assert_eq!(articles[0].body, "Zürich paid £600m.");
        assert_eq!(
            warnings,
            [format!(
                "decoded as UTF-8 with 1 byte read as Windows-1252: not valid UTF-8 at byte {at}"
            )]
        );
    }

    #[test]
    fn a_later_piece_names_its_bad_byte_from_the_start_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut content = Vec::new();
        while content.len() < CHUNK_BYTES + 1000 {
            content.extend_from_slice(b"{\"title\": \"Tin\", \"body\": \"Tin rose.\"}\n");
        }
        let at = content.len() + 14;
        content.extend_from_slice(b"{\"title\": \"Caf\xE9\"}\n");
        let path = dir.path().join("feed.jsonl");
        fs::write(&path, &content).unwrap();
        let (articles, warnings, _) = read_all(&path, &ReadOptions::new());
        assert_eq!(articles.last().unwrap().title, "Café");
        assert_eq!(
            warnings,
            [format!(
                "decoded as Windows-1252: not valid UTF-8 at byte {at}"
            )]
        );
    }

    #[test]
    fn utf16_and_json_arrays_are_read_whole_within_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let array = dir.path().join("a.json");
        fs::write(&array, r#"[{"title": "A"}, {"title": "B"}]"#).unwrap();
        let (articles, _, pieces) = read_all(&array, &ReadOptions::new());
        assert_eq!((articles.len(), pieces), (2, 1));
        let err = FileReader::open(&array, &ReadOptions::new().max_file_size(10)).unwrap_err();
        assert_eq!(
            err,
            SkipReason::TooLarge {
                size: 32,
                limit: 10
            }
        );

        let utf16 = dir.path().join("b.jsonl");
        let text = "{\"title\": \"Zürich\"}\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        fs::write(&utf16, bytes).unwrap();
        let (articles, _, _) = read_all(&utf16, &ReadOptions::new());
        assert_eq!(articles[0].title, "Zürich");
    }

    #[test]
    fn a_grown_csv_file_reads_its_new_rows_with_the_old_header() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wire.csv");
        let old = "Headline,Story\nZinc,\"Zinc rose,\nin Peru.\"\nTin,Tin fell.\n";
        fs::write(&path, old).unwrap();
        let options =
            ReadOptions::new().csv_columns(CsvColumns::new().map("body", "story").unwrap());
        let mut reader = FileReader::open(&path, &options).unwrap();
        while let Step::Chunk(_) = reader.next_step().unwrap() {}
        let Step::End(ended) = reader.next_step().unwrap() else {
            panic!("the end")
        };
        assert_eq!((ended.lines, ended.records), (4, 2));
        let prefix = Prefix {
            size: ended.size,
            hash: ended.hash,
            lines: ended.lines,
            records: ended.records,
        };
        fs::write(&path, format!("{old}Cocoa,Cocoa rose in Ghana.\n")).unwrap();
        let mut reader = FileReader::resume(&path, &prefix, &options)
            .unwrap()
            .expect("grown");
        let Step::Chunk(chunk) = reader.next_step().unwrap() else {
            panic!("a piece")
        };
        let parsed = parse_chunk(&chunk, None);
        let cocoa = &parsed.articles[0];
        assert_eq!(parsed.articles.len(), 1);
        assert_eq!(
            (cocoa.title.as_str(), cocoa.body.as_str()),
            ("Cocoa", "Cocoa rose in Ghana.")
        );
        assert_eq!((cocoa.position, cocoa.line), (2, Some(5)));
    }

    #[test]
    fn a_file_only_resumes_when_its_old_part_is_unchanged_and_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.jsonl");
        let old = "{\"title\": \"A\"}\n{\"title\": \"B\"}\n";
        fs::write(&path, old).unwrap();
        let prefix = Prefix {
            size: old.len() as u64,
            hash: blake3::hash(old.as_bytes()).to_hex().to_string(),
            lines: 2,
            records: 0,
        };
        fs::write(&path, format!("{old}{{\"title\": \"C\"}}\n")).unwrap();
        let mut reader = FileReader::resume(&path, &prefix, &ReadOptions::new())
            .unwrap()
            .expect("grown");
        let Step::Chunk(chunk) = reader.next_step().unwrap() else {
            panic!("a piece")
        };
        assert_eq!(chunk.offset, old.len() as u64);
        let parsed = parse_chunk(&chunk, None);
        assert_eq!(parsed.articles[0].title, "C");
        assert_eq!(parsed.articles[0].position, 2);
        let Step::End(ended) = reader.next_step().unwrap() else {
            panic!("the end")
        };
        let all = fs::read(&path).unwrap();
        assert_eq!(ended.hash, blake3::hash(&all).to_hex().to_string());
        assert_eq!((ended.size, ended.lines), (all.len() as u64, 3));

        // Changed in place, or an old part cut mid-line: read whole.
        fs::write(
            &path,
            format!("{}{{\"title\": \"C\"}}\n", old.replace('A', "Z")),
        )
        .unwrap();
        assert!(FileReader::resume(&path, &prefix, &ReadOptions::new())
            .unwrap()
            .is_none());
        let cut = Prefix {
            size: 5,
            hash: blake3::hash(&old.as_bytes()[..5]).to_hex().to_string(),
            ..prefix
        };
        fs::write(&path, old).unwrap();
        assert!(FileReader::resume(&path, &cut, &ReadOptions::new())
            .unwrap()
            .is_none());
    }
}
