//! JSON and JSON Lines: one article per object.
//!
//! The content may be one object, an array of objects, or a sequence of
//! objects (JSON Lines; pretty-printed objects one after another work
//! too). When the sequence has a malformed line, the file is read again
//! line by line: good lines are kept and each bad one becomes a warning
//! naming its line. An article's position is the zero-based line its
//! object starts on (the element index for an array); objects sharing a
//! line take the following numbers, so positions stay distinct.
//!
//! Fields (first present wins): `title`/`headline`; `body`, `text`,
//! `content`, `article`, then `description`; `url`/`link`; `date`,
//! `published`, `published_at`, `publishedAt`, `pubDate`,
//! `datePublished` (a string in any form [`super::date::parse`] reads, or
//! Unix seconds/milliseconds); `source`/`site` (a string, or an object with
//! a `name`); `labels` as [`crate::Labels`] serialises. A body that looks
//! like HTML goes through html2text. An object with neither title nor body
//! is skipped with a warning.

use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::article::{Article, Labels};

use super::{date, html, text, Parsed, SkipReason, Warnings};

const TITLE_KEYS: &[&str] = &["title", "headline"];
const BODY_KEYS: &[&str] = &["body", "text", "content", "article", "description"];
const URL_KEYS: &[&str] = &["url", "link"];
const DATE_KEYS: &[&str] = &[
    "date",
    "published",
    "published_at",
    "publishedAt",
    "pubDate",
    "datePublished",
];
const SOURCE_KEYS: &[&str] = &["source", "site"];

/// Parse JSON content into its articles. `first_line` is the zero-based
/// line of the file `content` starts on (a streamed piece of a JSON Lines
/// file): positions, lines and messages count from it.
pub(crate) fn parse(content: &str, first_line: usize) -> Result<Parsed, SkipReason> {
    let mut out = Outcome::default();
    let trimmed = content.trim_start();
    if trimmed.starts_with('[') {
        let values: Vec<Value> = serde_json::from_str(content).map_err(|e| {
            SkipReason::Malformed(format!("malformed JSON at {}", where_(&e, first_line)))
        })?;
        for (i, value) in values.into_iter().enumerate() {
            out.take(value, i, None, &format!("element {}", i + 1));
        }
    } else if let Err(stream_err) = read_stream(content, first_line, &mut out) {
        // Start over line by line, keeping what can be kept.
        let mut by_line = Outcome::default();
        for (i, line) in content.lines().enumerate() {
            let i = i + first_line;
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Value>(line) {
                Ok(value) => by_line.take(value, i, Some(i), &format!("line {}", i + 1)),
                Err(e) => by_line.warn(format!("line {}: malformed JSON: {}", i + 1, message(&e))),
            }
        }
        if by_line.articles.is_empty() {
            // Not line-oriented (or nothing good in it): the stream
            // error names the real place.
            return Err(SkipReason::Malformed(format!(
                "malformed JSON at {}",
                where_(&stream_err, first_line)
            )));
        }
        out = by_line;
    }
    out.finish()
}

/// Read a whitespace-separated sequence of JSON values.
fn read_stream(
    content: &str,
    first_line: usize,
    out: &mut Outcome,
) -> Result<(), serde_json::Error> {
    let mut stream = serde_json::Deserializer::from_str(content).into_iter::<Value>();
    let mut line = first_line; // zero-based line of `counted`
    let mut counted = 0; // bytes of `content` whose newlines are in `line`
    let mut last: Option<usize> = None; // position of the previous value
    loop {
        let start = stream.byte_offset();
        let Some(value) = stream.next() else {
            return Ok(());
        };
        let value = value?;
        // The value begins after the whitespace following the previous one.
        let begin = start + (content[start..].len() - content[start..].trim_start().len());
        line += content[counted..begin]
            .bytes()
            .filter(|&b| b == b'\n')
            .count();
        counted = begin;
        // Several objects on one line still need distinct positions (an
        // article's id is made of its position): the line, or one past
        // the previous position when that is more.
        let position = match last {
            Some(last) if last >= line => last + 1,
            _ => line,
        };
        last = Some(position);
        out.take(value, position, Some(line), &format!("line {}", line + 1));
    }
}

/// Articles and warnings gathered so far.
#[derive(Default)]
struct Outcome {
    articles: Vec<Article>,
    warnings: Warnings,
}

impl Outcome {
    fn warn(&mut self, warning: String) {
        self.warnings.push(warning);
    }

    /// Turn one value (starting on zero-based `line` of a line-oriented
    /// file) into an article, or a warning naming `place`.
    fn take(&mut self, value: Value, position: usize, line: Option<usize>, place: &str) {
        let Value::Object(object) = value else {
            self.warn(format!("{place}: not a JSON object; skipped"));
            return;
        };
        match article(&object) {
            Some(mut article) => {
                article.position = u32::try_from(position).unwrap_or(u32::MAX);
                article.line = line.and_then(|l| u32::try_from(l + 1).ok());
                self.articles.push(article);
            }
            None => self.warn(format!("{place}: no title or body; skipped")),
        }
    }

    fn finish(self) -> Result<Parsed, SkipReason> {
        let warnings = self.warnings.finish();
        if self.articles.is_empty() {
            return Err(SkipReason::Malformed(match warnings.first() {
                Some(first) if warnings.len() > 1 => {
                    format!("no article: {first} (and {} more)", warnings.len() - 1)
                }
                Some(first) => format!("no article: {first}"),
                None => "no article: no JSON object found".to_string(),
            }));
        }
        Ok(Parsed {
            articles: self.articles,
            warnings,
        })
    }
}

/// One object to an article; `None` when it has neither title nor body.
fn article(object: &Map<String, Value>) -> Option<Article> {
    let body = first_text(object, BODY_KEYS)
        .map(|body| {
            if looks_like_html(body) {
                html::html_to_text(body)
            } else {
                body.trim().to_string()
            }
        })
        .unwrap_or_default();
    let title = match first_text(object, TITLE_KEYS) {
        Some(title) => super::squash_whitespace(title),
        None if !body.is_empty() => text::title_from_text(&body),
        None => String::new(),
    };
    if title.is_empty() && body.is_empty() {
        return None;
    }
    let source = SOURCE_KEYS.iter().find_map(|key| match object.get(*key)? {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Object(o) => o.get("name")?.as_str().map(|s| s.trim().to_string()),
        _ => None,
    });
    Some(Article {
        title,
        body,
        url: first_text(object, URL_KEYS).map(|u| u.trim().to_string()),
        date: DATE_KEYS
            .iter()
            .find_map(|key| object.get(*key).and_then(date_value)),
        source: source.filter(|s| !s.is_empty()),
        labels: object
            .get("labels")
            .and_then(|l| serde_json::from_value::<Labels>(l.clone()).ok())
            .unwrap_or_default(),
        ..Article::default()
    })
}

/// The first of `keys` holding a non-blank string (numbers are written out).
fn first_text<'a>(object: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|key| match object.get(*key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.as_str()),
        _ => None,
    })
}

/// A date string, or Unix seconds (milliseconds when very large).
fn date_value(value: &Value) -> Option<OffsetDateTime> {
    match value {
        Value::String(s) => date::parse(s),
        Value::Number(n) => {
            let n = n.as_f64()?;
            let seconds = if n.abs() >= 1e11 { n / 1000.0 } else { n };
            OffsetDateTime::from_unix_timestamp(seconds as i64).ok()
        }
        _ => None,
    }
}

/// Starts with a tag and has a closing tag or a `<br>`/`<p>`.
fn looks_like_html(body: &str) -> bool {
    let body = body.trim_start();
    body.starts_with('<')
        && body[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '!')
        && (body.contains("</") || body.contains("<br") || body.contains("<p"))
}

/// serde_json's message without its " at line L column C" tail.
fn message(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// "line L, column C: message", the line counted from `first_line`.
fn where_(err: &serde_json::Error, first_line: usize) -> String {
    format!(
        "line {}, column {}: {}",
        err.line() + first_line,
        err.column(),
        message(err)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(content: &str) -> Result<Parsed, SkipReason> {
        parse(content, 0)
    }
    use crate::ingest::MAX_WARNINGS;

    #[test]
    fn json_lines_with_a_malformed_line() {
        let content = concat!(
            r#"{"title": "Cisco signs deal", "body": "Cisco will invest $1 billion.", "url": "https://example.com/1", "date": "2010-06-25T10:00:00Z", "source": "portfolio.com"}"#,
            "\n\n",
            r#"{"title": "Broken", "body": "no end"#,
            "\n",
            r#"{"headline": "Second", "text": "Body two.", "published_at": 1277460000, "source": {"name": "BBC"}}"#,
            "\n",
            r#"{"url": "https://example.com/nothing"}"#,
            "\n",
            r#"[1, 2]"#,
            "\n",
        );
        let parsed = parse_all(content).unwrap();
        assert_eq!(parsed.articles.len(), 2);
        let first = &parsed.articles[0];
        assert_eq!(first.title, "Cisco signs deal");
        assert_eq!(first.body, "Cisco will invest $1 billion.");
        assert_eq!(first.url.as_deref(), Some("https://example.com/1"));
        assert_eq!(first.source.as_deref(), Some("portfolio.com"));
        assert_eq!(first.date.map(|d| d.unix_timestamp()), Some(1_277_460_000));
        assert_eq!(first.position, 0);
        let second = &parsed.articles[1];
        assert_eq!(second.title, "Second");
        assert_eq!(second.source.as_deref(), Some("BBC"));
        assert_eq!(second.date.map(|d| d.unix_timestamp()), Some(1_277_460_000));
        assert_eq!(second.position, 3, "position is the zero-based line");
        assert_eq!((first.line, second.line), (Some(1), Some(4)));
        assert_eq!(parsed.warnings.len(), 3, "{:?}", parsed.warnings);
        assert!(
            parsed.warnings[0].starts_with("line 3: malformed JSON: EOF while parsing"),
            "{:?}",
            parsed.warnings
        );
        assert_eq!(parsed.warnings[1], "line 5: no title or body; skipped");
        assert_eq!(parsed.warnings[2], "line 6: not a JSON object; skipped");
    }

    #[test]
    fn single_object_array_and_pretty_sequence() {
        let one = parse_all("{\n  \"title\": \"One\",\n  \"content\": \"Body.\"\n}\n").unwrap();
        assert_eq!(one.articles.len(), 1);
        assert_eq!(one.articles[0].body, "Body.");

        let array = parse_all(r#"[{"title": "A"}, {"title": "B", "body": "b"}, 3]"#).unwrap();
        assert_eq!(array.articles.len(), 2);
        assert_eq!(array.articles[1].position, 1);
        assert_eq!(array.warnings, ["element 3: not a JSON object; skipped"]);

        let pretty = parse_all("{\n \"title\": \"A\"\n}\n{\n \"title\": \"B\"\n}\n").unwrap();
        assert_eq!(pretty.articles.len(), 2);
        assert_eq!(pretty.articles[1].position, 3);
    }

    #[test]
    fn broken_documents_are_malformed_with_place() {
        let err = parse_all("{\n  \"title\": \"One\",\n  \"body\": oops\n}\n").unwrap_err();
        assert_eq!(
            err,
            SkipReason::Malformed("malformed JSON at line 3, column 11: expected value".into())
        );
        let err = parse_all("[{\"title\": \"A\"},").unwrap_err();
        assert!(
            matches!(&err, SkipReason::Malformed(m) if m.starts_with("malformed JSON at line 1")),
            "{err}"
        );
        let err = parse_all("{\"url\": \"x\"}\n{\"url\": \"y\"}").unwrap_err();
        assert_eq!(
            err,
            SkipReason::Malformed(
                "no article: line 1: no title or body; skipped (and 1 more)".into()
            )
        );
    }

    #[test]
    fn html_body_title_from_body_and_labels() {
        let parsed = parse_all(
            r#"{"body": "<p>Cisco signed a deal in Moscow. More <b>text</b>.</p><script>x()</script>", "labels": {"places": ["ussr"], "orgs": []}}"#,
        )
        .unwrap();
        let a = &parsed.articles[0];
        assert_eq!(a.body, "Cisco signed a deal in Moscow. More text.");
        assert_eq!(a.title, "Cisco signed a deal in Moscow.");
        assert_eq!(a.labels.places, ["ussr"]);
        // Not HTML: "<Ecolab Co>" style text stays as is.
        let plain =
            parse_all(r#"{"title": "T", "body": "<Ecolab Co> said it would buy."}"#).unwrap();
        assert_eq!(plain.articles[0].body, "<Ecolab Co> said it would buy.");
    }

    #[test]
    fn objects_sharing_a_line_keep_distinct_positions() {
        // Found by the property tests: both had position 0, hence one id,
        // and the second replaced the first in the index.
        let parsed =
            parse_all("{\"title\": \"A\"} {\"title\": \"B\"}\n{\"title\": \"C\"}").unwrap();
        let positions: Vec<u32> = parsed.articles.iter().map(|a| a.position).collect();
        assert_eq!(positions, [0, 1, 2]);
        let parsed =
            parse_all("{\"title\": \"A\"} {\"title\": \"B\"}\n\n\n{\"title\": \"C\"}").unwrap();
        let positions: Vec<u32> = parsed.articles.iter().map(|a| a.position).collect();
        assert_eq!(positions, [0, 1, 3]);
    }

    #[test]
    fn warnings_are_capped() {
        let content = "{\"title\": \"ok\"}\n".to_string() + &"{bad\n".repeat(150);
        let parsed = parse_all(&content).unwrap();
        assert_eq!(parsed.warnings.len(), MAX_WARNINGS + 1);
        assert_eq!(parsed.warnings.last().unwrap(), "... and 50 more problems");
    }
}
