//! CSV and TSV with a header row: one article per row.
//!
//! Columns are found by name in the header, case-insensitively: `title`
//! (or `headline`); `body`, `text`, `content` or `article`; `date` (or
//! `published`, `published_at`, `pubdate`, `datepublished`, in any form
//! [`super::date::parse`] reads); `url` (or `link`); `source` (or `site`);
//! `id`. Other names are mapped with [`CsvColumns::map`] (`search index
//! --csv-column body=story`). A file without a body column is refused,
//! naming the columns it has. A row's position is its zero-based place
//! among the data rows (the header not counted), so rows appended later
//! take the next numbers. The `id` column is recognised (so it is not
//! mistaken for text) but not stored: an article's id is derived from its
//! file and position.
//!
//! Quoted fields may hold commas, tabs, quotes (`""`) and newlines; rows
//! may have fewer or more fields than the header. Each field is UTF-8, or
//! has its bad bytes (or, for Windows-1252 text, all of it) read as
//! Windows-1252, with a warning naming the byte where UTF-8 broke.

use std::fmt;
use std::str::FromStr;

use csv::ByteRecord;

use super::{date, text, Format, Parsed, SkipReason, Warnings};
use crate::article::Article;

/// The article fields a CSV column can feed, as [`CsvColumns::map`] names them.
pub const CSV_FIELDS: [&str; 6] = ["title", "body", "date", "url", "source", "id"];

/// Header names tried for each field of [`CSV_FIELDS`], in order.
const DEFAULT_NAMES: [&[&str]; 6] = [
    &["title", "headline"],
    &["body", "text", "content", "article"],
    &[
        "date",
        "published",
        "published_at",
        "pubdate",
        "datepublished",
    ],
    &["url", "link"],
    &["source", "site"],
    &["id"],
];

const TITLE: usize = 0;
const BODY: usize = 1;
const DATE: usize = 2;
const URL: usize = 3;
const SOURCE: usize = 4;

/// Which CSV column feeds which article field, beyond the names found by
/// default (see the module documentation).
///
/// ```
/// use newsindex::ingest::CsvColumns;
///
/// let columns = CsvColumns::new().map("body", "story").unwrap();
/// assert!(CsvColumns::new().map("author", "byline").is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvColumns {
    /// Column name (lower case) for each field of [`CSV_FIELDS`], when mapped.
    mapped: [Option<String>; 6],
}

/// A field name [`CsvColumns::map`] does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown article field {0:?} for a CSV column (fields: title, body, date, url, source, id)"
)]
pub struct UnknownCsvField(pub String);

impl CsvColumns {
    /// The default names only.
    pub fn new() -> CsvColumns {
        CsvColumns::default()
    }

    /// Read the article `field` (one of [`CSV_FIELDS`]) from the column
    /// named `column` (case-insensitive), instead of the default names.
    ///
    /// # Errors
    ///
    /// [`UnknownCsvField`] when `field` is not one of [`CSV_FIELDS`].
    pub fn map(mut self, field: &str, column: &str) -> Result<CsvColumns, UnknownCsvField> {
        let at = CSV_FIELDS
            .iter()
            .position(|f| f.eq_ignore_ascii_case(field.trim()))
            .ok_or_else(|| UnknownCsvField(field.to_string()))?;
        self.mapped[at] = Some(column.trim().to_lowercase());
        Ok(self)
    }
}

/// `FIELD=COLUMN`, as `--csv-column` takes it.
impl FromStr for CsvColumns {
    type Err = UnknownCsvField;

    fn from_str(s: &str) -> Result<CsvColumns, UnknownCsvField> {
        let (field, column) = s
            .split_once('=')
            .ok_or_else(|| UnknownCsvField(s.to_string()))?;
        CsvColumns::new().map(field, column)
    }
}

impl CsvColumns {
    /// Both mappings, those of `other` winning.
    pub fn merge(mut self, other: &CsvColumns) -> CsvColumns {
        for (mine, theirs) in self.mapped.iter_mut().zip(&other.mapped) {
            if theirs.is_some() {
                mine.clone_from(theirs);
            }
        }
        self
    }
}

/// Where each field is in a file's rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    columns: [Option<usize>; 6],
}

impl fmt::Display for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.columns)
    }
}

/// A reader of `format`'s rows, the header row read as a row.
pub(crate) fn reader<R: std::io::Read>(format: Format, from: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(if format == Format::Tsv { b'\t' } else { b',' })
        .from_reader(from)
}

/// Find the fields in a header row.
pub(crate) fn header(row: &ByteRecord, columns: &CsvColumns) -> Result<Header, SkipReason> {
    let names: Vec<String> = row
        .iter()
        .map(|name| {
            String::from_utf8_lossy(name)
                .trim_start_matches('\u{feff}')
                .trim()
                .to_lowercase()
        })
        .collect();
    let find = |name: &str| names.iter().position(|n| n == name);
    let found = || {
        let shown: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|n| !n.is_empty())
            .collect();
        if shown.is_empty() {
            "none".to_string()
        } else {
            shown.join(", ")
        }
    };
    let mut header = Header { columns: [None; 6] };
    for (field, slot) in header.columns.iter_mut().enumerate() {
        *slot = match &columns.mapped[field] {
            Some(name) => Some(find(name).ok_or_else(|| {
                SkipReason::Malformed(format!(
                    "no column {name:?} (mapped to {}); the header has: {}",
                    CSV_FIELDS[field],
                    found()
                ))
            })?),
            None => DEFAULT_NAMES[field].iter().find_map(|name| find(name)),
        };
    }
    if header.columns[BODY].is_none() {
        return Err(SkipReason::Malformed(format!(
            "no body column (body, text, content or article) in the header row; it has: {}; map one with --csv-column body=NAME",
            found()
        )));
    }
    Ok(header)
}

/// Articles of data rows, the first being row `first_row` (zero-based,
/// header not counted). Their positions are their row numbers; their
/// lines the rows' lines plus `line_base` (the newlines before where the
/// reader started: a grown file's old part).
pub(crate) fn articles(
    header: &Header,
    rows: &[ByteRecord],
    first_row: u64,
    line_base: u64,
    warnings: &mut Warnings,
) -> Vec<Article> {
    let mut out = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let number = first_row + i as u64;
        let line = row.position().map(|p| p.line() + line_base);
        let place = match line {
            Some(line) => format!("row {} (line {line})", number + 1),
            None => format!("row {}", number + 1),
        };
        let field = |which: usize, warnings: &mut Warnings| -> Option<String> {
            let at = header.columns[which]?;
            let bytes = row.get(at)?;
            let text = match std::str::from_utf8(bytes) {
                Ok(text) => text.to_string(),
                Err(err) => {
                    let start = row.position().map_or(0, |p| p.byte());
                    let before: usize =
                        (0..at).map(|j| row.get(j).map_or(0, |f| f.len() + 1)).sum();
                    let (text, warning) =
                        super::decode::decode_invalid_utf8(bytes, err, start + before as u64);
                    warnings.push(format!("{place}: {warning}"));
                    text.into_owned()
                }
            };
            let text = text.trim();
            (!text.is_empty()).then(|| text.to_string())
        };
        let body = field(BODY, warnings).unwrap_or_default();
        let title = match field(TITLE, warnings) {
            Some(title) => super::squash_whitespace(&title),
            None if !body.is_empty() => text::title_from_text(&body),
            None => String::new(),
        };
        if title.is_empty() && body.is_empty() {
            warnings.push(format!("{place}: no title or body; skipped"));
            continue;
        }
        out.push(Article {
            title,
            body,
            url: field(URL, warnings),
            date: field(DATE, warnings).and_then(|d| date::parse(&d)),
            source: field(SOURCE, warnings),
            position: u32::try_from(number).unwrap_or(u32::MAX),
            line: line.and_then(|l| u32::try_from(l).ok()),
            ..Article::default()
        });
    }
    out
}

/// A whole CSV/TSV file in memory (see [`super::parse`]).
pub(crate) fn parse(
    format: Format,
    bytes: &[u8],
    columns: &CsvColumns,
) -> Result<Parsed, SkipReason> {
    let mut rows = reader(format, bytes).into_byte_records();
    let head = match rows.next() {
        Some(Ok(row)) => row,
        Some(Err(e)) => return Err(SkipReason::Malformed(format!("malformed CSV: {e}"))),
        None => return Err(SkipReason::Empty),
    };
    let header = header(&head, columns)?;
    let mut data = Vec::new();
    let mut warnings = Warnings::default();
    for row in rows {
        match row {
            Ok(row) => data.push(row),
            Err(e) => warnings.push(format!("malformed CSV: {e}")),
        }
    }
    let articles = articles(&header, &data, 0, 0, &mut warnings);
    let warnings = warnings.finish();
    if articles.is_empty() {
        return Err(SkipReason::Malformed(match warnings.first() {
            Some(first) => format!("no article: {first}"),
            None => "no article: no data row under the header".to_string(),
        }));
    }
    Ok(Parsed { articles, warnings })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_newlines_commas_and_quotes() {
        let csv = "ID,Title,Story,Date\n\
                   7,\"Oil, gas and \"\"coal\"\"\",\"Prices rose.\nThen fell.\",2021-03-04\n\
                   8,Wheat,Wheat harvests grew in Kansas.,\n";
        let columns = CsvColumns::new().map("body", "story").unwrap();
        let parsed = parse(Format::Csv, csv.as_bytes(), &columns).unwrap();
        let a = &parsed.articles;
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].title, "Oil, gas and \"coal\"");
        assert_eq!(a[0].body, "Prices rose.\nThen fell.");
        assert_eq!(a[0].date.unwrap().year(), 2021);
        assert_eq!((a[0].position, a[1].position), (0, 1));
        assert_eq!((a[0].line, a[1].line), (Some(2), Some(4)));
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    }

    #[test]
    fn missing_body_column_names_the_columns() {
        let err = parse(
            Format::Csv,
            b"headline,when\nA,2020-01-01\n",
            &CsvColumns::new(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("no body column"), "{err}");
        assert!(err.contains("it has: headline, when"), "{err}");
        let err = parse(
            Format::Csv,
            b"title,text\nA,b\n",
            &CsvColumns::new().map("body", "story").unwrap(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("no column \"story\" (mapped to body)"),
            "{err}"
        );
    }

    #[test]
    fn tsv_with_a_bom_and_a_latin1_field() {
        let tsv = b"\xEF\xBB\xBFtitle\ttext\nCaf\xE9 sales\tSales rose 4%.\n";
        let parsed = parse(Format::Tsv, tsv, &CsvColumns::new()).unwrap();
        assert_eq!(parsed.articles[0].title, "Café sales");
        assert_eq!(parsed.articles[0].body, "Sales rose 4%.");
        assert_eq!(
            parsed.warnings,
            ["row 1 (line 2): decoded as Windows-1252: not valid UTF-8 at byte 17"]
        );
    }

    #[test]
    fn a_stray_byte_in_a_utf8_field_spoils_only_itself() {
        let mut csv = "title,text\nNestlé sales,Zürich paid 600m.\n"
            .as_bytes()
            .to_vec();
        let at = csv.len() - "600m.\n".len();
        csv.insert(at, 0xA3);
        let parsed = parse(Format::Csv, &csv, &CsvColumns::new()).unwrap();
        assert_eq!(parsed.articles[0].title, "Nestlé sales");
        assert_eq!(parsed.articles[0].body, "Zürich paid £600m.");
        assert_eq!(
            parsed.warnings,
            [format!(
                "row 1 (line 2): decoded as UTF-8 with 1 byte read as Windows-1252: not valid UTF-8 at byte {at}"
            )]
        );
    }

    #[test]
    fn unknown_field_is_refused() {
        assert_eq!(
            "author=byline".parse::<CsvColumns>().unwrap_err(),
            UnknownCsvField("author".into())
        );
        assert!("Body=Story".parse::<CsvColumns>().is_ok());
    }
}
