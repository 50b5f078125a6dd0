//! Text rendering for people: hits with highlighted snippets, summaries.

use std::env;
use std::io::{self, IsTerminal, Write};
use std::path::Path;

use newsindex::{
    Amount, AmountBucket, Article, Explanation, FacetCount, FacetList, Facets, Hit, IndexReport,
    IndexStats, SearchResults, Snippet,
};

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

/// The snippet with its highlights marked, on one line.
pub fn snippet(snippet: &Snippet, style: Style) -> String {
    let out = mark_ranges(&snippet.text, &snippet.highlights, style);
    let mut line = one_line(&out);
    if snippet.offset > 0 {
        line.insert_str(0, "… ");
    }
    if snippet.truncated {
        line.push_str(" …");
    }
    line
}

/// Collapse runs of white space (snippets span paragraphs).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Print a page of results.
pub fn results(out: &mut impl Write, results: &SearchResults, style: Style) -> io::Result<()> {
    if results.hits.is_empty() {
        writeln!(
            out,
            "no hits for {:?} ({} matching articles)",
            results.query, results.total_hits
        )?;
    }
    for hit in &results.hits {
        write_hit(out, hit, style)?;
    }
    if let (Some(first), Some(last)) = (results.hits.first(), results.hits.last()) {
        writeln!(
            out,
            "hits {}-{} of {} for {:?}",
            first.rank, last.rank, results.total_hits, results.query
        )?;
    }
    if let Some(facets) = &results.facets {
        writeln!(out)?;
        write_counts(out, "countries", &facets.countries)?;
        write_counts(out, "organisations", &facets.organisations)?;
        write_counts(out, "currencies", &facets.currencies)?;
        write_histogram(out, &facets.amounts)?;
    }
    Ok(())
}

fn write_hit(out: &mut impl Write, hit: &Hit, style: Style) -> io::Result<()> {
    writeln!(
        out,
        "{}. {}  (score {:.2})",
        hit.rank,
        one_line(&mark_ranges(&hit.title, &hit.title_highlights, style)),
        hit.score
    )?;
    let mut about = Vec::new();
    if let Some(path) = &hit.path {
        about.push(display_path(path));
    }
    about.extend(hit.source.clone());
    about.extend(
        hit.date
            .as_ref()
            .map(|d| d.get(..10).unwrap_or(d).to_string()),
    );
    if !about.is_empty() {
        writeln!(out, "   {}", about.join(" · "))?;
    }
    let mut facets = Vec::new();
    if !hit.countries.is_empty() {
        facets.push(format!("countries: {}", hit.countries.join(", ")));
    }
    if !hit.organisations.is_empty() {
        facets.push(format!("orgs: {}", hit.organisations.join(", ")));
    }
    if !hit.amounts.is_empty() {
        let amounts: Vec<String> = hit.amounts.iter().map(amount).collect();
        facets.push(format!("amounts: {}", amounts.join(", ")));
    }
    if !facets.is_empty() {
        writeln!(out, "   {}", facets.join(" | "))?;
    }
    if hit.snippets.is_empty() {
        writeln!(out, "   {}", snippet(&hit.snippet, style))?;
    }
    for passage in &hit.snippets {
        writeln!(out, "   {}", snippet(passage, style))?;
    }
    if let Some(explanation) = &hit.explanation {
        writeln!(out, "   why:")?;
        write_explanation(out, explanation, 2)?;
    }
    writeln!(out)
}

/// Deepest level of an explanation shown (term contributions sit at 3–5).
const EXPLAIN_DEPTH: usize = 8;

fn write_explanation(out: &mut impl Write, node: &Explanation, depth: usize) -> io::Result<()> {
    // Filters add nothing to a score: leave them out.
    if node.value == 0.0 && node.description == "Const" {
        return Ok(());
    }
    let mut line = format!(
        "{:indent$}{:.3}  {}",
        "",
        node.value,
        node.description.trim(),
        indent = depth * 2 + 1
    );
    if !node.context.is_empty() {
        line.push_str(&format!(" ({})", node.context.join("; ")));
    }
    writeln!(out, "{line}")?;
    if depth < EXPLAIN_DEPTH {
        for detail in &node.details {
            write_explanation(out, detail, depth + 1)?;
        }
    }
    Ok(())
}

fn write_histogram(out: &mut impl Write, buckets: &[AmountBucket]) -> io::Result<()> {
    writeln!(out, "amounts (USD):")?;
    let widest = buckets.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    for bucket in buckets {
        let bar = "#".repeat(((bucket.count * 30).div_ceil(widest)) as usize);
        let line = format!("  {:>7}  {:<9} {bar}", bucket.count, bucket.label);
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Print the values of one facet.
pub fn facet_list(out: &mut impl Write, list: &FacetList) -> io::Result<()> {
    let what = match list.field {
        newsindex::FacetField::Country => "countries",
        newsindex::FacetField::About => "countries the articles are about",
        newsindex::FacetField::Org => "organisations",
        newsindex::FacetField::Currency => "currencies",
    };
    write_counts(out, what, &list.values)?;
    let scope = if list.query.trim().is_empty() {
        "matching articles".to_string()
    } else {
        format!("articles matching {:?}", list.query)
    };
    writeln!(
        out,
        "{} of {} distinct {what} over {} {scope}",
        list.values.len(),
        list.distinct,
        list.total_hits
    )
}

/// One article's extracted facets, as `search extract` shows them (and
/// serialises them with `--json`).
#[derive(Debug, serde::Serialize)]
pub struct Extracted<'a> {
    /// The file the article came from.
    pub path: Option<&'a str>,
    /// Zero-based position of the article in its file.
    pub position: u32,
    /// Headline.
    pub title: &'a str,
    /// Countries, most relevant first.
    pub countries: &'a [String],
    /// Organisations, in order of first appearance.
    pub organisations: &'a [String],
    /// Money amounts, in order of appearance.
    pub amounts: &'a [Amount],
}

impl<'a> Extracted<'a> {
    /// The record of one article and its facets.
    pub fn new(article: &'a Article, facets: &'a Facets) -> Extracted<'a> {
        Extracted {
            path: article.path.as_deref(),
            position: article.position,
            title: &article.title,
            countries: &facets.countries,
            organisations: &facets.organisations,
            amounts: &facets.amounts,
        }
    }
}

/// Print extracted facets, one block per article.
pub fn extracted(out: &mut impl Write, records: &[Extracted<'_>]) -> io::Result<()> {
    let list = |items: &[String]| {
        if items.is_empty() {
            "(none)".to_string()
        } else {
            items.join(", ")
        }
    };
    for record in records {
        let path = record.path.map_or_else(String::new, display_path);
        writeln!(
            out,
            "{path} #{}  {}",
            record.position,
            one_line(record.title)
        )?;
        writeln!(out, "   countries:     {}", list(record.countries))?;
        writeln!(out, "   organisations: {}", list(record.organisations))?;
        if record.amounts.is_empty() {
            writeln!(out, "   amounts:       (none)")?;
        }
        for (i, a) in record.amounts.iter().enumerate() {
            let usd = match a.usd {
                Some(usd) if a.currency != "USD" => format!(" (≈ {} USD)", group_whole(usd)),
                Some(_) => String::new(),
                None => " (no USD rate)".to_string(),
            };
            let label = if i == 0 { "amounts:" } else { "" };
            writeln!(
                out,
                "   {label:<14} {}{usd}  from {:?}",
                amount(a),
                one_line(&a.text)
            )?;
        }
        writeln!(out)?;
    }
    let articles = records.len();
    writeln!(
        out,
        "{articles} article{}",
        if articles == 1 { "" } else { "s" }
    )
}

/// A US dollar equivalent: cents below a thousand dollars, else whole
/// dollars with grouped thousands.
fn group_whole(value: f64) -> String {
    if value.abs() < 1e3 {
        format!("{value:.2}")
    } else if value.abs() < 1e18 {
        group_thousands(&format!("{}", value.round() as i64))
    } else {
        format!("{value:.3e}")
    }
}

/// `1,000,000,000 USD`.
pub fn amount(amount: &Amount) -> String {
    let whole = amount.value.round();
    let digits = if (amount.value - whole).abs() < 1e-9 && whole.abs() < 1e18 {
        group_thousands(&format!("{}", whole as i64))
    } else {
        format!("{:.2}", amount.value)
    };
    format!("{digits} {}", amount.currency)
}

fn group_thousands(digits: &str) -> String {
    let (sign, digits) = digits
        .strip_prefix('-')
        .map_or(("", digits), |rest| ("-", rest));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
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

/// The one-line summary of an indexing run.
pub fn index_summary(report: &IndexReport) -> String {
    let mut line = format!(
        "indexed {} from {} ({} new, {} updated, {} unchanged, {} removed) in {:.2} s ({:.0} articles/s)",
        counted(report.articles_indexed, "article"),
        counted(report.files_seen as u64, "file"),
        report.files_new,
        report.files_updated,
        report.files_unchanged,
        report.files_removed,
        report.elapsed.as_secs_f64(),
        report.articles_per_second(),
    );
    let skipped = report.files_skipped();
    if skipped > 0 {
        let reasons: Vec<String> = report
            .skipped
            .iter()
            .map(|(reason, n)| format!("{reason}: {n}"))
            .collect();
        line.push_str(&format!("; skipped {skipped} ({})", reasons.join(", ")));
    }
    line
}

/// Print index statistics.
pub fn stats(out: &mut impl Write, stats: &IndexStats) -> io::Result<()> {
    if let Some(path) = &stats.path {
        writeln!(out, "index:     {}", path.display())?;
    }
    writeln!(out, "articles:  {}", stats.articles)?;
    writeln!(out, "size:      {:.1} MB", stats.size_bytes as f64 / 1e6)?;
    writeln!(out, "segments:  {}", stats.segments)?;
    writeln!(out)?;
    write_counts(out, "top countries", &stats.top_countries)?;
    write_counts(out, "top organisations", &stats.top_organisations)?;
    write_counts(out, "currencies", &stats.top_currencies)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_snippet_marks_each_highlight() {
        let s = Snippet {
            text: "Cisco signed in\n Skolkovo".into(),
            highlights: vec![[0, 5], [17, 25]],
            offset: 0,
            truncated: false,
            field_highlights: vec![[0, 5], [17, 25]],
        };
        assert_eq!(
            snippet(&s, Style::Plain),
            "**Cisco** signed in **Skolkovo**"
        );
        let inner = Snippet {
            offset: 10,
            truncated: true,
            ..s
        };
        assert_eq!(
            snippet(&inner, Style::Plain),
            "… **Cisco** signed in **Skolkovo** …"
        );
    }

    #[test]
    fn bad_ranges_are_skipped_not_panicked_on() {
        let marked = mark_ranges("Cisco signed", &[[0, 5], [3, 4], [10, 99]], Style::Plain);
        assert_eq!(marked, "**Cisco** signed");
        let unicode = mark_ranges("€3bn", &[[1, 2]], Style::Plain);
        assert_eq!(unicode, "€3bn");
    }

    #[test]
    fn histogram_bars_scale_to_the_largest_bucket() {
        let bucket = |label: &str, count| AmountBucket {
            label: label.into(),
            min_usd: None,
            max_usd: None,
            count,
        };
        let mut out = Vec::new();
        write_histogram(&mut out, &[bucket("< 1M", 0), bucket("≥ 1B", 4)]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("      0  < 1M\n"), "{text}");
        assert!(
            text.contains(&format!("      4  ≥ 1B      {}", "#".repeat(30))),
            "{text}"
        );
    }

    #[test]
    fn amounts_group_thousands() {
        let a = Amount {
            value: 1e9,
            currency: "USD".into(),
            usd: Some(1e9),
            text: "$1 billion".into(),
        };
        assert_eq!(amount(&a), "1,000,000,000 USD");
        assert_eq!(group_thousands("-1234"), "-1,234");
        assert_eq!(group_thousands("999"), "999");
    }
}
