//! Text rendering for people (`search` without `--json`): the shared
//! pieces (terminal width, wrapping, highlight style, how paths, queries
//! and counts read) here, and one room per kind of output: [`hits`] (a
//! page of results, facet lists, a batch's lines), [`article`](mod@article) (one
//! article, extracted facets), [`reports`] (index, duplicate and stats
//! summaries), [`money`] (how amounts read). CSV is written beside the
//! other records, in `records`.

mod article;
mod batch;
mod hits;
mod money;
mod reports;

use std::env;
use std::io::{self, IsTerminal, Write};
use std::path::Path;

use newsindex::FacetCount;

pub use article::{article, extracted, Extracted};
pub use batch::{batch_outcome, batch_summary, BatchRow};
pub use hits::{amount_ranges, facet_list, results, unmatched_filter, AmountRanges};
pub use reports::{duplicate_report, index_summary, stats};

/// Widest text output, in columns, however wide the terminal: longer lines read badly.
const MAX_WIDTH: usize = 100;

/// Narrowest width wrapped to (a tiny `COLUMNS` must not put one word per line).
const MIN_WIDTH: usize = 40;

/// Organisations listed under a hit before `+N more`.
const HIT_ORGS: usize = 4;

/// People listed under a hit before `+N more`.
const HIT_PEOPLE: usize = 4;

/// Countries listed under a hit before `+N more`.
const HIT_COUNTRIES: usize = 5;

/// Amounts listed under a hit before `+N more`.
const HIT_AMOUNTS: usize = 4;

/// Indent of the lines under a hit's title.
const INDENT: &str = "   ";

/// Columns to wrap text output to: `COLUMNS` when set, else the terminal's
/// width, else (piped) [`MAX_WIDTH`]; never more than [`MAX_WIDTH`].
pub fn width() -> usize {
    let columns = env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .or_else(|| {
            console::Term::stdout()
                .size_checked()
                .map(|(_, cols)| usize::from(cols))
        })
        .unwrap_or(MAX_WIDTH);
    columns.clamp(MIN_WIDTH, MAX_WIDTH)
}

/// Write `text` wrapped to `width` columns, every line indented by
/// [`INDENT`] (ANSI styles do not count towards the width).
fn write_wrapped(out: &mut impl Write, text: &str, width: usize) -> io::Result<()> {
    let options = textwrap::Options::new(width)
        .initial_indent(INDENT)
        .subsequent_indent(INDENT)
        .break_words(false);
    for line in textwrap::wrap(text, options) {
        writeln!(out, "{}", line.trim_end().replace(NBSP, " "))?;
    }
    Ok(())
}

/// A space that wrapping never breaks at: `+3 more` stays on one line.
const NBSP: char = '\u{a0}';

/// The first `keep` items, then `+N more` for the rest.
fn first_few(items: &[String], keep: usize) -> String {
    let mut shown = items
        .iter()
        .take(keep)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > keep {
        shown.push_str(&format!(" +{}{NBSP}more", items.len() - keep));
    }
    shown
}

/// The query as typed, in quotes that it does not itself contain (no
/// escaping: `"economy of India"` stays readable).
fn quoted(query: &str) -> String {
    if !query.contains('"') {
        format!("\"{query}\"")
    } else if !query.contains('\'') {
        format!("'{query}'")
    } else {
        format!("«{query}»")
    }
}

/// Where an article is: `path#N` (N its zero-based position in the file,
/// as `search show` takes it), with the line for line-oriented files.
pub(crate) fn location(path: &str, position: u32, line: Option<u32>) -> String {
    let mut at = format!("{}#{position}", display_path(path));
    if let Some(line) = line {
        at.push_str(&format!(" (line {line})"));
    }
    at
}

/// How to mark highlighted words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// ANSI bold, for a terminal.
    Bold,
    /// `**word**`, when colour is off or output is piped.
    Plain,
}

impl Style {
    /// Bold on a terminal unless `NO_COLOR` is set (to anything non-empty).
    pub fn for_stdout() -> Style {
        let no_color = env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if io::stdout().is_terminal() && !no_color {
            Style::Bold
        } else {
            Style::Plain
        }
    }

    fn mark(self, word: &str) -> String {
        match self {
            Style::Bold => {
                let bold = anstyle::Style::new().bold();
                format!("{bold}{word}{bold:#}")
            }
            Style::Plain => format!("**{word}**"),
        }
    }

    /// A heading: bold on a terminal, as is otherwise.
    fn heading(self, text: &str) -> String {
        match self {
            Style::Bold => self.mark(text),
            Style::Plain => text.to_string(),
        }
    }
}

/// `text` with the byte ranges marked (ranges that are out of order,
/// overlapping or not on character boundaries are skipped).
fn mark_ranges(text: &str, ranges: &[[usize; 2]], style: Style) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for [start, end] in ranges {
        let (Some(before), Some(word)) = (text.get(at..*start), text.get(*start..*end)) else {
            continue;
        };
        out.push_str(before);
        out.push_str(&style.mark(word));
        at = *end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

/// Collapse runs of white space (snippets span paragraphs).
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `for "cisco"`, or nothing for an empty query (browsing by filters).
fn for_query(query: &str) -> String {
    if query.trim().is_empty() {
        String::new()
    } else {
        format!(" for {}", quoted(query))
    }
}

/// A stored path shown relative to the working folder when it lies below it.
fn display_path(path: &str) -> String {
    env::current_dir()
        .ok()
        .and_then(|cwd| {
            Path::new(path)
                .strip_prefix(&cwd)
                .ok()
                .map(|p| p.display().to_string())
        })
        .unwrap_or_else(|| path.to_string())
}

fn write_counts(out: &mut impl Write, what: &str, counts: &[FacetCount]) -> io::Result<()> {
    writeln!(out, "{what}:")?;
    if counts.is_empty() {
        writeln!(out, "  (none)")?;
    }
    for count in counts {
        writeln!(out, "  {:>7}  {}", count.count, count.value)?;
        // An organisation's units, indented under it (its count includes theirs).
        for unit in &count.children {
            writeln!(out, "  {:>7}    {}", unit.count, unit.value)?;
        }
    }
    Ok(())
}

/// `1 article`, `2 articles`.
fn counted(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_ranges_are_skipped_not_panicked_on() {
        let marked = mark_ranges("Cisco signed", &[[0, 5], [3, 4], [10, 99]], Style::Plain);
        assert_eq!(marked, "**Cisco** signed");
        let unicode = mark_ranges("€3bn", &[[1, 2]], Style::Plain);
        assert_eq!(unicode, "€3bn");
    }

    #[test]
    fn long_lists_end_with_a_count_of_the_rest() {
        let orgs: Vec<String> = ["A", "B", "C", "D", "E", "F"].map(String::from).into();
        assert_eq!(first_few(&orgs, 4), "A, B, C, D +2\u{a0}more");
        assert_eq!(first_few(&orgs[..2], 4), "A, B");
    }

    #[test]
    fn queries_are_echoed_as_typed() {
        assert_eq!(quoted("euro deal"), "\"euro deal\"");
        assert_eq!(quoted("\"economy of India\""), "'\"economy of India\"'");
        assert_eq!(for_query("  "), "");
    }
}
