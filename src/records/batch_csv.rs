//! CSV output of `search batch`: one row per hit of each line of the list.

use std::io::{self, Write};

use newsindex::BatchOutcome;

use crate::render::{location, one_line};

/// CSV output of `search batch`: a header, then one row per hit (a line
/// without hits, or that failed, gets one row with the hit columns empty).
/// `similar` counts the near-duplicates folded into a hit, `group` names
/// its group when it has other articles.
pub struct BatchCsv {
    header_written: bool,
}

impl BatchCsv {
    /// A writer that has not written its header yet.
    pub fn new() -> BatchCsv {
        BatchCsv {
            header_written: false,
        }
    }

    /// Write one line's rows (and the header before the first).
    pub fn write(&mut self, out: &mut impl Write, outcome: &BatchOutcome) -> io::Result<()> {
        let mut csv = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(out);
        if !self.header_written {
            csv.write_record([
                "line",
                "query",
                "total_hits",
                "rank",
                "score",
                "title",
                "path",
                "date",
                "snippet",
                "similar",
                "group",
                "error",
            ])?;
            self.header_written = true;
        }
        let line = outcome.line.to_string();
        let total = outcome.total_hits.to_string();
        let error = outcome.error.as_deref().unwrap_or("");
        if outcome.hits.is_empty() {
            csv.write_record([
                &line,
                &outcome.query,
                &total,
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                error,
            ])?;
        }
        for hit in &outcome.hits {
            let path = hit
                .path
                .as_deref()
                .map(|p| location(p, hit.position, hit.line))
                .unwrap_or_default();
            csv.write_record([
                line.as_str(),
                &outcome.query,
                &total,
                &hit.rank.to_string(),
                &format!("{:.3}", hit.score),
                &hit.title,
                &path,
                hit.date_text().as_deref().unwrap_or(""),
                &one_line(&hit.snippet.text),
                &hit.similar.to_string(),
                hit.group.as_deref().unwrap_or(""),
                error,
            ])?;
        }
        csv.flush()
    }
}
