//! `search batch` as people read it: each line of the list with its hit
//! count and best hits as they come, then a table of every line by hits.

use std::io::{self, Write};

use newsindex::BatchOutcome;

use super::hits::write_hit;
use super::{counted, quoted, Style, INDENT};

/// One line of a batch, as the summary table lists it.
pub struct BatchRow {
    line: usize,
    query: String,
    hits: usize,
    failed: bool,
}

impl From<&BatchOutcome> for BatchRow {
    fn from(outcome: &BatchOutcome) -> BatchRow {
        BatchRow {
            line: outcome.line,
            query: outcome.query.clone(),
            hits: outcome.total_hits,
            failed: outcome.error.is_some(),
        }
    }
}

/// One line of a batch: a header with its hit count, then its best hits.
pub fn batch_outcome(
    out: &mut impl Write,
    outcome: &BatchOutcome,
    style: Style,
    width: usize,
) -> io::Result<()> {
    let found = match &outcome.error {
        Some(error) => format!("failed: {error}"),
        None if outcome.total_hits + outcome.partial_hits == 0 => "no hits".to_string(),
        None if outcome.partial_hits > 0 => format!(
            "{} with all words; {} more with some",
            counted(outcome.total_hits as u64, "article"),
            outcome.partial_hits
        ),
        None => counted(outcome.total_hits as u64, "matching article"),
    };
    let header = format!(
        "line {}: {} · {found}",
        outcome.line,
        quoted(&outcome.query)
    );
    writeln!(out, "{}", style.heading(&header))?;
    if let Some(words) = &outcome.reinterpreted {
        writeln!(out, "{INDENT}read as plain words: {words}")?;
    }
    for hit in &outcome.hits {
        write_hit(out, hit, style, width)?;
    }
    Ok(())
}

/// The table after a batch: every line by hit count, most first (ties in
/// list order).
pub fn batch_summary(out: &mut impl Write, rows: &mut [BatchRow], width: usize) -> io::Result<()> {
    rows.sort_by(|a, b| b.hits.cmp(&a.hits).then(a.line.cmp(&b.line)));
    let hits_width = rows.first().map_or(4, |r| r.hits.to_string().len()).max(4);
    let line_width = rows
        .iter()
        .map(|r| r.line.to_string().len())
        .max()
        .unwrap_or(4)
        .max(4);
    writeln!(out, "\nsummary, by hits:")?;
    writeln!(
        out,
        "  {:>hits_width$}  {:>line_width$}  query",
        "hits", "line"
    )?;
    let room = width.saturating_sub(hits_width + line_width + 6).max(10);
    for row in rows.iter() {
        let hits = if row.failed {
            "failed".to_string()
        } else {
            row.hits.to_string()
        };
        let query: String = if row.query.chars().count() > room {
            let cut: String = row.query.chars().take(room - 1).collect();
            format!("{cut}…")
        } else {
            row.query.clone()
        };
        writeln!(
            out,
            "  {hits:>hits_width$}  {:>line_width$}  {query}",
            row.line
        )?;
    }
    Ok(())
}
