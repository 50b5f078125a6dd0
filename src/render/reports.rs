//! Summaries of a whole index or run: `search index` (the run's one
//! line), `search stats` and `search duplicates`.

use std::io::{self, Write};

use newsindex::{DuplicateReport, IndexReport, IndexStats};

use super::{counted, location, one_line, write_counts};

/// `search duplicates`: the counts, then each sampled group's articles.
pub fn duplicate_report(
    out: &mut impl Write,
    report: &DuplicateReport,
    width: usize,
) -> io::Result<()> {
    writeln!(out, "{}", counted(report.articles, "article"))?;
    writeln!(
        out,
        "exact copies: {} sets ({} articles)",
        report.exact_sets, report.articles_in_exact_sets
    )?;
    writeln!(
        out,
        "near-duplicates: {} groups ({} articles; largest {})",
        report.near_groups, report.articles_in_near_groups, report.largest_group
    )?;
    for group in &report.sample {
        writeln!(out)?;
        writeln!(
            out,
            "group {}: {} articles, {} different texts",
            group.group,
            group.articles.len(),
            group.texts
        )?;
        for article in &group.articles {
            let at = match &article.path {
                Some(path) => location(path, article.position, None),
                None => article.id.clone(),
            };
            let line = format!("{}  {} [{}]", one_line(&article.title), at, article.id);
            let options = textwrap::Options::new(width)
                .initial_indent("  ")
                .subsequent_indent("      ");
            for piece in textwrap::wrap(&line, options) {
                writeln!(out, "{}", piece.trim_end())?;
            }
        }
    }
    Ok(())
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
    if report.files_grown > 0 {
        // Growing feeds: only the new records were read.
        line.push_str(&format!(
            "; {} grown, only {} read",
            counted(report.files_grown as u64, "file"),
            counted(report.articles_appended, "new article")
        ));
    }
    let skipped = report.files_skipped();
    if skipped > 0 {
        // "skipped 2 documentation files" when there is one reason, else
        // the total and each reason's count.
        let reasons: Vec<String> = report
            .skipped
            .iter()
            .map(|(reason, n)| format!("{reason}: {n}"))
            .collect();
        match report.skipped.iter().next() {
            Some((reason, n)) if report.skipped.len() == 1 => {
                let reason = reason.replace('_', " ");
                let files = if *n == 1 { "file" } else { "files" };
                line.push_str(&format!("; skipped {n} {reason} {files}"));
            }
            _ => line.push_str(&format!("; skipped {skipped} ({})", reasons.join(", "))),
        }
    }
    line
}

/// Print index statistics.
pub fn stats(out: &mut impl Write, stats: &IndexStats) -> io::Result<()> {
    if let Some(path) = &stats.path {
        writeln!(out, "index:     {}", path.display())?;
    }
    writeln!(out, "articles:  {}", stats.articles)?;
    writeln!(out, "dated:     {}", stats.dated_articles)?;
    writeln!(out, "size:      {:.1} MB", stats.size_bytes as f64 / 1e6)?;
    writeln!(out, "segments:  {}", stats.segments)?;
    writeln!(out)?;
    write_counts(out, "top countries", &stats.top_countries)?;
    write_counts(out, "top organisations", &stats.top_organisations)?;
    write_counts(out, "top people", &stats.top_people)?;
    write_counts(out, "currencies", &stats.top_currencies)
}
