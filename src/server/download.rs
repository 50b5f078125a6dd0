//! `/api/download`: the results of a search, ranked as the page lists
//! them, as a file to keep: CSV for a spreadsheet (one row a hit, lists
//! joined by `; `) or JSON Lines (one hit a line, as `/api/search` gives
//! it, without snippets).

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::params::Params;
use super::{ApiError, ServerOptions};
use crate::{Query, SearchResults};

/// The file formats offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Csv,
    JsonLines,
}

impl Format {
    pub(crate) fn of(params: &Params) -> Result<Format, ApiError> {
        match params.get("format").map(|f| f.trim().to_ascii_lowercase()) {
            None => Ok(Format::Csv),
            Some(f) if f == "csv" => Ok(Format::Csv),
            Some(f) if f == "jsonl" || f == "ndjson" => Ok(Format::JsonLines),
            Some(other) => Err(ApiError::bad(
                "format",
                format!("{other:?}: use csv or jsonl"),
            )),
        }
    }
}

/// The query of a download: the search's text, filters and order, every
/// hit up to the deepest page the server allows (or `limit`).
pub(crate) fn query(params: &Params, options: &ServerOptions) -> Result<Query, ApiError> {
    let limit = params.number("limit", options.max_window, options.max_window)?;
    Ok(params
        .filtered_query(options)?
        .sort(params.sort()?)
        .limit(limit)
        .snippets(0)
        .all_duplicates(params.flag("all_duplicates")?))
}

/// The CSV columns: a hit's fields as `/api/search` names them.
const COLUMNS: [&str; 12] = [
    "rank",
    "id",
    "title",
    "date",
    "source",
    "url",
    "path",
    "position",
    "countries",
    "organisations",
    "people",
    "amounts",
];

/// The file of `results` in `format`, to be saved under a name.
pub(crate) fn answer(results: &SearchResults, format: Format) -> Response {
    let (kind, name, text) = match format {
        Format::Csv => {
            let hits: Vec<Value> = results
                .hits
                .iter()
                .map(|hit| serde_json::to_value(hit).unwrap_or(Value::Null))
                .collect();
            ("text/csv; charset=utf-8", "news-search.csv", csv(&hits))
        }
        Format::JsonLines => {
            let mut text = String::new();
            for hit in &results.hits {
                // As `/api/search` writes it (its fields in its order).
                text.push_str(&serde_json::to_string(hit).unwrap_or_default());
                text.push('\n');
            }
            ("application/x-ndjson", "news-search.jsonl", text)
        }
    };
    (
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        text,
    )
        .into_response()
}

fn csv(hits: &[Value]) -> String {
    let mut out = COLUMNS.join(",");
    out.push_str("\r\n");
    for hit in hits {
        let cells: Vec<String> = COLUMNS.iter().map(|c| cell(&hit[*c], c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One value as a CSV cell: a list joined by `; ` (amounts by their text
/// as found), quoted when it holds a comma, quote or line break, and a
/// leading `=`, `+`, `-` or `@` kept as text (a spreadsheet would run it
/// as a formula).
fn cell(value: &Value, column: &str) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|item| match (column, item) {
                ("amounts", amount) => amount["text"].as_str().unwrap_or_default().to_string(),
                (_, Value::String(s)) => s.clone(),
                (_, other) => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    };
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cells_are_quoted_joined_and_never_formulas() {
        assert_eq!(cell(&json!("Cisco, Inc"), "title"), "\"Cisco, Inc\"");
        assert_eq!(cell(&json!("say \"no\""), "title"), "\"say \"\"no\"\"\"");
        assert_eq!(
            cell(&json!(["Russia", "Japan"]), "countries"),
            "Russia; Japan"
        );
        assert_eq!(
            cell(
                &json!([{"text": "$1bn", "usd": 1e9}, {"text": "£5m"}]),
                "amounts"
            ),
            "$1bn; £5m"
        );
        assert_eq!(cell(&json!("=HYPERLINK(1)"), "title"), "'=HYPERLINK(1)");
        assert_eq!(cell(&json!(3), "rank"), "3");
        assert_eq!(cell(&Value::Null, "date"), "");
    }
}
