//! A page of results as people read it: each hit with its place, facets,
//! duplicates, snippets and (asked for) score explanation, then the facet
//! counts; also the notes on filter values no article has and the values
//! of one facet (`search facets`).

use std::io::{self, Write};

use newsindex::{AmountBucket, DuplicateRef, Explanation, FacetList, Hit, SearchResults, Snippet};

use super::money::{compact_amount, undated_dollars};
use super::{
    counted, first_few, for_query, location, mark_ranges, one_line, quoted, write_counts,
    write_wrapped, Style, HIT_AMOUNTS, HIT_COUNTRIES, HIT_ORGS, HIT_PEOPLE, INDENT,
};

/// The snippet with its highlights marked, on one line.
pub fn snippet(snippet: &Snippet, style: Style) -> String {
    let out = mark_ranges(&snippet.text, &snippet.highlights, style);
    let mut line = one_line(&out);
    if snippet.offset > 0 {
        line.insert_str(0, "… ");
    }
    if let Some(page) = snippet.page {
        line.insert_str(0, &format!("p. {page}: "));
    }
    if snippet.truncated {
        line.push_str(" …");
    }
    line
}

/// Print a page of results, wrapped to `width` columns.
pub fn results(
    out: &mut impl Write,
    results: &SearchResults,
    style: Style,
    width: usize,
) -> io::Result<()> {
    if let Some(coverage) = results.dated {
        writeln!(out, "{}", undated_note(coverage))?;
    }
    let matched = results.total_hits + results.partial_hits;
    let did_you_mean = if results.suggestions.is_empty() {
        String::new()
    } else {
        let options: Vec<String> = results.suggestions.iter().map(|s| quoted(s)).collect();
        format!("did you mean {}?", options.join(" or "))
    };
    if matched == 0 {
        let mut line = format!("no hits{}", for_query(&results.query));
        if !did_you_mean.is_empty() {
            line.push_str(&format!("; {did_you_mean}"));
        }
        writeln!(out, "{line}")?;
    } else if results.hits.is_empty() {
        // --limit 0 or an --offset past the end: the query did match.
        writeln!(
            out,
            "{}{}; none on this page",
            counted(matched as u64, "matching article"),
            for_query(&results.query)
        )?;
    }
    for hit in &results.hits {
        write_hit(out, hit, style, width)?;
    }
    if let (Some(first), Some(last)) = (results.hits.first(), results.hits.last()) {
        writeln!(
            out,
            "hits {}-{} of {}{}",
            first.rank,
            last.rank,
            matched,
            for_query(&results.query)
        )?;
        if results.partial_hits > 0 {
            // Say how many have every word: the rest rank after them.
            writeln!(
                out,
                "{} with all words; {} more with some",
                counted(results.total_hits as u64, "article"),
                results.partial_hits
            )?;
        }
        if !did_you_mean.is_empty() {
            writeln!(out, "{did_you_mean}")?;
        }
        let folded: usize = results.hits.iter().map(|hit| hit.similar).sum();
        if folded > 0 && !results.all_duplicates {
            writeln!(
                out,
                "{} folded into the hits above (--all-duplicates shows each)",
                counted(folded as u64, "near-duplicate text")
            )?;
        }
    }
    if let Some(facets) = &results.facets {
        writeln!(out)?;
        write_counts(out, "countries", &facets.countries)?;
        write_counts(out, "organisations", &facets.organisations)?;
        write_counts(out, "people", &facets.people)?;
        write_counts(out, "currencies", &facets.currencies)?;
        write_histogram(out, &facets.amounts)?;
    }
    Ok(())
}

pub(super) fn write_hit(
    out: &mut impl Write,
    hit: &Hit,
    style: Style,
    width: usize,
) -> io::Result<()> {
    let title = format!(
        "{}. {}  (score {:.2})",
        hit.rank,
        one_line(&mark_ranges(&hit.title, &hit.title_highlights, style)),
        hit.score
    );
    let title_options = textwrap::Options::new(width)
        .subsequent_indent(INDENT)
        .break_words(false);
    for line in textwrap::wrap(&title, title_options) {
        writeln!(out, "{}", line.trim_end())?;
    }
    let mut about = Vec::new();
    if let Some(path) = &hit.path {
        about.push(location(path, hit.position, hit.line));
    }
    about.extend(hit.source.clone());
    about.extend(
        hit.date_text()
            .map(|d| d.get(..10).unwrap_or(&d).to_string()),
    );
    if !about.is_empty() {
        write_wrapped(out, &about.join(" · "), width)?;
    }
    let mut facets = Vec::new();
    if !hit.countries.is_empty() {
        facets.push(format!(
            "countries: {}",
            first_few(&hit.countries, HIT_COUNTRIES)
        ));
    }
    if !hit.organisations.is_empty() {
        facets.push(format!("orgs: {}", first_few(&hit.organisations, HIT_ORGS)));
    }
    if !hit.people.is_empty() {
        facets.push(format!("people: {}", first_few(&hit.people, HIT_PEOPLE)));
    }
    if !hit.amounts.is_empty() {
        let amounts: Vec<String> = hit.amounts.iter().map(compact_amount).collect();
        facets.push(format!(
            "amounts: {}{}",
            first_few(&amounts, HIT_AMOUNTS),
            undated_dollars(hit.date.is_none(), &hit.amounts)
        ));
    }
    if !facets.is_empty() {
        write_wrapped(out, &facets.join(" | "), width)?;
    }
    if let Some(line) = duplicates_line(hit) {
        write_wrapped(out, &line, width)?;
    }
    if hit.snippets.is_empty() {
        write_wrapped(out, &snippet(&hit.snippet, style), width)?;
    }
    for passage in &hit.snippets {
        write_wrapped(out, &snippet(passage, style), width)?;
    }
    if let Some(explanation) = &hit.explanation {
        writeln!(out, "   why:")?;
        write_explanation(out, explanation, 2)?;
    }
    writeln!(out)
}

/// A hit's duplicates in one line: `2 similar (group ID) · same text in: b.txt#0`.
fn duplicates_line(hit: &Hit) -> Option<String> {
    let mut parts = Vec::new();
    if hit.similar > 0 {
        let group = hit.group.as_deref().unwrap_or_default();
        parts.push(format!("{} similar (group {group})", hit.similar));
    }
    if !hit.copies.is_empty() {
        parts.push(format!("same text in: {}", references(&hit.copies)));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// Where duplicates are: `path#N` each (the id when there is no path).
pub(super) fn references(refs: &[DuplicateRef]) -> String {
    refs.iter()
        .map(|r| match &r.path {
            Some(path) => location(path, r.position, None),
            None => r.id.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
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

/// `search facets --field amount`: the matching articles per range of
/// their amounts in US dollars (JSON: as the facet lists, the ranges as
/// `query --json` and the HTTP API give them).
#[derive(Debug, serde::Serialize)]
pub struct AmountRanges<'a> {
    field: &'static str,
    query: &'a str,
    total_hits: usize,
    values: &'a [AmountBucket],
}

impl<'a> AmountRanges<'a> {
    /// The ranges of a search asked with facets.
    pub fn new(results: &'a SearchResults) -> AmountRanges<'a> {
        AmountRanges {
            field: "amount",
            query: &results.query,
            total_hits: results.total_hits,
            values: results.facets.as_ref().map_or(&[], |f| &f.amounts),
        }
    }
}

/// Print the amount ranges with bars, then what they were counted over.
pub fn amount_ranges(out: &mut impl Write, ranges: &AmountRanges<'_>) -> io::Result<()> {
    write_histogram(out, ranges.values)?;
    let scope = if ranges.query.trim().is_empty() {
        "matching articles".to_string()
    } else {
        format!("articles matching {}", quoted(ranges.query))
    };
    writeln!(
        out,
        "over {} {scope} (an article counts once in each range one of its amounts falls in)",
        ranges.total_hits
    )
}

fn write_histogram(out: &mut impl Write, buckets: &[AmountBucket]) -> io::Result<()> {
    let currency = buckets.first().and_then(|b| b.currency.as_deref());
    writeln!(out, "amounts ({}):", currency.unwrap_or("USD"))?;
    let widest = buckets.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    for bucket in buckets {
        let bar = "#".repeat(((bucket.count * 30).div_ceil(widest)) as usize);
        let line = format!("  {:>7}  {:<9} {bar}", bucket.count, bucket.label);
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// `no articles with country "Untied Kingdom"; did you mean: United Kingdom (960)?`
/// What a search that filters or sorts by date says when some articles
/// have no date (see [`newsindex::DateCoverage`]).
pub fn undated_note(coverage: newsindex::DateCoverage) -> String {
    if coverage.dated == 0 {
        "note: no article in this index has a date: a date filter matches nothing and a sort \
         by date is by relevance (see `search index --date-from-mtime`)"
            .to_string()
    } else {
        format!(
            "note: {} of {} articles have a date: a date filter leaves the others out; sorted \
             by date they come last",
            coverage.dated, coverage.articles
        )
    }
}

pub fn unmatched_filter(unmatched: &newsindex::UnmatchedFilter) -> String {
    let what = match unmatched.field {
        newsindex::FacetField::Org => "organisation",
        newsindex::FacetField::Person => "person",
        newsindex::FacetField::Country => "country",
        newsindex::FacetField::About => "about country",
        newsindex::FacetField::Currency => "currency",
        newsindex::FacetField::Folder => "folder",
        newsindex::FacetField::Lang => "language",
    };
    let mut line = format!("no articles with {what} {:?}", unmatched.value);
    if !unmatched.suggestions.is_empty() {
        let options: Vec<String> = unmatched
            .suggestions
            .iter()
            .map(|s| format!("{} ({})", s.value, s.count))
            .collect();
        line.push_str(&format!("; did you mean: {}?", options.join(", ")));
    }
    line
}

/// Print the values of one facet.
pub fn facet_list(out: &mut impl Write, list: &FacetList) -> io::Result<()> {
    let what = match list.field {
        newsindex::FacetField::Country => "countries",
        newsindex::FacetField::About => "countries the articles are about",
        newsindex::FacetField::Org => "organisations",
        newsindex::FacetField::Person => "people",
        newsindex::FacetField::Currency => "currencies",
        newsindex::FacetField::Folder => "folders",
        newsindex::FacetField::Lang => "languages",
    };
    write_counts(out, what, &list.values)?;
    let scope = if list.query.trim().is_empty() {
        "matching articles".to_string()
    } else {
        format!("articles matching {}", quoted(&list.query))
    };
    writeln!(
        out,
        "{} of {} distinct {what} over {} {scope}",
        list.values.len(),
        list.distinct,
        list.total_hits
    )
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
            page: None,
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
        let paged = Snippet {
            page: Some(12),
            ..inner
        };
        assert_eq!(
            snippet(&paged, Style::Plain),
            "p. 12: … **Cisco** signed in **Skolkovo** …"
        );
    }

    #[test]
    fn histogram_bars_scale_to_the_largest_bucket() {
        let bucket = |label: &str, count| AmountBucket {
            label: label.into(),
            min_usd: None,
            max_usd: None,
            currency: None,
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
}
