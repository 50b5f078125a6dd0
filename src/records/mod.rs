//! Streamed records for spreadsheets and other programs: JSON Lines or
//! CSV, with the columns a user picks. `search query --format` and
//! `search export` share this writer; `search batch --csv` writes its
//! rows with [`BatchCsv`] (in `batch_csv`).

mod batch_csv;

use std::io::{self, Write};

use newsindex::{ExportedArticle, Hit};
use serde_json::{json, Value};

pub use batch_csv::BatchCsv;

/// One record: named values, in column order.
pub type Record = Vec<(&'static str, Value)>;

/// Columns of a hit, in order (the default set, and what `--fields` may name).
pub const HIT_FIELDS: [&str; 21] = [
    "rank",
    "score",
    "tier",
    "id",
    "title",
    "path",
    "position",
    "line",
    "source",
    "url",
    "date",
    "countries",
    "about",
    "organisations",
    "people",
    "amounts",
    "snippet",
    "page",
    "similar",
    "group",
    "copies",
];

/// Columns of an exported article, in order: the JSON Lines default
/// (what the engines of `deploy/` load, under strict mappings).
pub const ARTICLE_FIELDS: [&str; 15] = [
    "id",
    "title",
    "body",
    "path",
    "source",
    "url",
    "date",
    "date_ts",
    "countries",
    "about",
    "organisations",
    "people",
    "amounts",
    "amount_usd",
    "amount_currency",
];

/// Columns of an exported article that tell duplicates apart: in the CSV
/// default (for a spreadsheet to fold), named with `--fields` for JSON Lines.
pub const ARTICLE_DUPLICATE_FIELDS: [&str; 3] = ["group", "similar", "copies"];

/// The columns of `search export`: `--fields` if given (any article
/// column), else the default of the format.
pub fn pick_article_fields(
    spec: Option<&str>,
    format: Format,
) -> Result<Vec<&'static str>, String> {
    let all: Vec<&'static str> = ARTICLE_FIELDS
        .iter()
        .chain(&ARTICLE_DUPLICATE_FIELDS)
        .copied()
        .collect();
    match (spec, format) {
        (None, Format::JsonLines) => Ok(ARTICLE_FIELDS.to_vec()),
        (spec, _) => pick_fields(spec, &all),
    }
}

/// A hit as a record: its metadata, facets, score and best snippet as
/// one line of plain text.
pub fn hit(hit: &Hit) -> Record {
    vec![
        ("rank", json!(hit.rank)),
        ("score", json!(hit.score)),
        ("tier", json!(hit.tier)),
        ("id", json!(hit.id)),
        ("title", json!(hit.title)),
        ("path", json!(hit.path)),
        ("position", json!(hit.position)),
        ("line", json!(hit.line)),
        ("source", json!(hit.source)),
        ("url", json!(hit.url)),
        ("date", json!(hit.date_text())),
        ("countries", json!(hit.countries)),
        ("about", json!(hit.about)),
        ("organisations", json!(hit.organisations)),
        ("people", json!(hit.people)),
        ("amounts", json!(hit.amounts)),
        (
            "snippet",
            json!(hit
                .snippet
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")),
        ),
        ("page", json!(hit.snippet.page)),
        ("similar", json!(hit.similar)),
        ("group", json!(hit.group)),
        (
            "copies",
            json!(hit
                .copies
                .iter()
                .map(|copy| match &copy.path {
                    Some(path) => format!("{path}#{}", copy.position),
                    None => copy.id.clone(),
                })
                .collect::<Vec<_>>()),
        ),
    ]
}

/// An exported article as a record.
pub fn article(article: &ExportedArticle) -> Record {
    vec![
        ("id", json!(article.id)),
        ("title", json!(article.title)),
        ("body", json!(article.body)),
        ("path", json!(article.path)),
        ("source", json!(article.source)),
        ("url", json!(article.url)),
        ("date", json!(article.date)),
        ("date_ts", json!(article.date_ts)),
        ("countries", json!(article.countries)),
        ("about", json!(article.about)),
        ("organisations", json!(article.organisations)),
        ("people", json!(article.people)),
        ("amounts", json!(article.amounts)),
        ("amount_usd", json!(article.amount_usd)),
        ("amount_currency", json!(article.amount_currency)),
        ("group", json!(article.group)),
        ("similar", json!(article.similar)),
        ("copies", json!(article.copies)),
    ]
}

/// The output formats of a record stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per line.
    JsonLines,
    /// A header row, then one row per record; lists joined with "; ".
    Csv,
}

/// Parse `--fields a,b,c` against the columns a record has.
pub fn pick_fields(
    spec: Option<&str>,
    available: &[&'static str],
) -> Result<Vec<&'static str>, String> {
    let Some(spec) = spec else {
        return Ok(available.to_vec());
    };
    spec.split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(|name| {
            available
                .iter()
                .find(|field| field.eq_ignore_ascii_case(name))
                .copied()
                .ok_or_else(|| {
                    format!(
                        "--fields: no field {name:?}; the fields are {}",
                        available.join(", ")
                    )
                })
        })
        .collect()
}

/// Writes records one at a time, keeping only the chosen columns.
pub struct RecordWriter<W: Write> {
    out: W,
    format: Format,
    fields: Vec<&'static str>,
    header_written: bool,
}

impl<W: Write> RecordWriter<W> {
    /// A writer of `fields` (in that order) in `format`.
    pub fn new(out: W, format: Format, fields: Vec<&'static str>) -> RecordWriter<W> {
        RecordWriter {
            out,
            format,
            fields,
            header_written: false,
        }
    }

    /// Write one record.
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        let value = |name: &str| {
            record
                .iter()
                .find(|(key, _)| *key == name)
                .map_or(&Value::Null, |(_, v)| v)
        };
        match self.format {
            Format::JsonLines => {
                // Keys in column order (serde_json's map would sort them).
                self.out.write_all(b"{")?;
                for (i, name) in self.fields.iter().enumerate() {
                    if i > 0 {
                        self.out.write_all(b",")?;
                    }
                    serde_json::to_writer(&mut self.out, name)?;
                    self.out.write_all(b":")?;
                    serde_json::to_writer(&mut self.out, value(name))?;
                }
                self.out.write_all(b"}\n")
            }
            Format::Csv => {
                let mut csv = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(&mut self.out);
                if !self.header_written {
                    csv.write_record(&self.fields)?;
                    self.header_written = true;
                }
                csv.write_record(self.fields.iter().map(|name| cell(value(name))))?;
                csv.flush()
            }
        }
    }

    /// Flush what is buffered.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// A value as one spreadsheet cell: lists joined with "; ", amounts as
/// the text they were read from, nothing for a missing value.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::Object(object) => object
                    .get("text")
                    .and_then(Value::as_str)
                    .map_or_else(|| item.to_string(), str::to_string),
                other => cell(other),
            })
            .collect::<Vec<_>>()
            .join("; "),
        // Whole numbers without a trailing ".0" (dollar amounts, ranks).
        Value::Number(n) => match n.as_f64() {
            Some(x) if n.is_f64() && x.fract() == 0.0 && x.abs() < 1e15 => format!("{x:.0}"),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        vec![
            ("title", json!("Cisco, \"Skolkovo\" deal")),
            ("countries", json!(["Russia", "United States"])),
            (
                "amounts",
                json!([{"value": 1e9, "currency": "USD", "usd": 1e9, "text": "$1 billion"}]),
            ),
            ("date", Value::Null),
            ("score", json!(1.5)),
            ("usd", json!(2e9)),
        ]
    }

    fn written(format: Format, fields: &[&'static str]) -> String {
        let mut out = Vec::new();
        let mut writer = RecordWriter::new(&mut out, format, fields.to_vec());
        writer.write(&record()).unwrap();
        writer.write(&record()).unwrap();
        drop(writer);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_quotes_and_joins() {
        let out = written(
            Format::Csv,
            &["title", "countries", "amounts", "date", "score"],
        );
        assert_eq!(
            out,
            "title,countries,amounts,date,score\n\
             \"Cisco, \"\"Skolkovo\"\" deal\",Russia; United States,$1 billion,,1.5\n\
             \"Cisco, \"\"Skolkovo\"\" deal\",Russia; United States,$1 billion,,1.5\n"
        );
    }

    #[test]
    fn json_lines_keep_the_chosen_order() {
        let out = written(Format::JsonLines, &["score", "title"]);
        let first = out.lines().next().unwrap();
        assert_eq!(first, r#"{"score":1.5,"title":"Cisco, \"Skolkovo\" deal"}"#);
    }

    #[test]
    fn fields_are_checked_against_the_columns() {
        assert_eq!(
            pick_fields(Some("Title, score"), &HIT_FIELDS).unwrap(),
            ["title", "score"]
        );
        let err = pick_fields(Some("title,headline"), &HIT_FIELDS).unwrap_err();
        assert!(
            err.contains("no field \"headline\"") && err.contains("snippet"),
            "{err}"
        );
        assert_eq!(pick_fields(None, &ARTICLE_FIELDS).unwrap().len(), 15);
    }

    #[test]
    fn export_columns_name_duplicates_in_csv_and_when_asked() {
        let ndjson = pick_article_fields(None, Format::JsonLines).unwrap();
        assert_eq!(ndjson, ARTICLE_FIELDS);
        let csv = pick_article_fields(None, Format::Csv).unwrap();
        assert_eq!(&csv[15..], ["group", "similar", "copies"]);
        assert_eq!(
            pick_article_fields(Some("id,group"), Format::JsonLines).unwrap(),
            ["id", "group"]
        );
    }
}
