//! Text rendering for people: hits with highlighted snippets, summaries.

use std::env;
use std::io::{self, IsTerminal, Write};
use std::path::Path;

use newsindex::extract::{Entity, EntityKind, TextField};
use newsindex::{
    Amount, AmountBucket, Article, BatchOutcome, DuplicateRef, DuplicateReport, Explanation,
    FacetCount, FacetList, Facets, Hit, IndexReport, IndexStats, IndexedArticle, SearchResults,
    Snippet,
};

/// Widest text output, in columns, however wide the terminal: longer lines read badly.
const MAX_WIDTH: usize = 100;

/// Narrowest width wrapped to (a tiny `COLUMNS` must not put one word per line).
const MIN_WIDTH: usize = 40;

/// Organisations listed under a hit before `+N more`.
const HIT_ORGS: usize = 4;

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
fn location(path: &str, position: u32, line: Option<u32>) -> String {
    let mut at = format!("{}#{position}", display_path(path));
    if let Some(line) = line {
        at.push_str(&format!(" (line {line})"));
    }
    at
}

/// An amount as articles write it, compactly: `$1bn`, `£600m`, `€3bn (≈ $3.7bn)`.
pub fn compact_amount(amount: &Amount) -> String {
    let own = money(&amount.currency, amount.value, 3);
    match amount.usd {
        Some(usd) if amount.currency != "USD" => format!("{own} (≈ {})", approximate_usd(usd)),
        _ => own,
    }
}

/// A converted amount to three significant digits: `$767m`, `$3.25bn`, `$11.9bn`.
fn approximate_usd(usd: f64) -> String {
    let scale = [1e12, 1e9, 1e6].into_iter().find(|s| usd.abs() >= *s);
    let decimals = match scale {
        Some(scale) => 2usize.saturating_sub((usd.abs() / scale).log10().floor() as usize),
        None => 2,
    };
    money("USD", usd, decimals)
}

/// `$1.5bn`, `£600m`, `¥30bn`, `CHF 3m`, `$250,000`, `$1.30`: at most
/// `decimals` decimals on the scaled value (trailing zeros dropped).
fn money(currency: &str, value: f64, decimals: usize) -> String {
    let symbol = match currency {
        "USD" => Some("$"),
        "GBP" => Some("£"),
        "EUR" => Some("€"),
        "JPY" => Some("¥"),
        _ => None,
    };
    let number = compact_number(value, decimals);
    match symbol {
        Some(symbol) => format!("{symbol}{number}"),
        None => format!("{currency} {number}"),
    }
}

fn compact_number(value: f64, decimals: usize) -> String {
    let scaled = [(1e12, "tn"), (1e9, "bn"), (1e6, "m")]
        .into_iter()
        .find(|(scale, _)| value.abs() >= *scale);
    match scaled {
        Some((scale, suffix)) => {
            let digits = format!("{:.decimals$}", value / scale);
            let digits = if digits.contains('.') {
                digits.trim_end_matches('0').trim_end_matches('.')
            } else {
                &digits
            };
            format!("{digits}{suffix}")
        }
        None if (value - value.round()).abs() < 1e-9 => {
            group_thousands(&format!("{}", value.round() as i64))
        }
        None => format!("{value:.2}"),
    }
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

/// Collapse runs of white space (snippets span paragraphs).
fn one_line(text: &str) -> String {
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

/// Print a page of results, wrapped to `width` columns.
pub fn results(
    out: &mut impl Write,
    results: &SearchResults,
    style: Style,
    width: usize,
) -> io::Result<()> {
    if results.total_hits == 0 {
        writeln!(out, "no hits{}", for_query(&results.query))?;
    } else if results.hits.is_empty() {
        // --limit 0 or an --offset past the end: the query did match.
        writeln!(
            out,
            "{}{}; none on this page",
            counted(results.total_hits as u64, "matching article"),
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
            results.total_hits,
            for_query(&results.query)
        )?;
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
        write_counts(out, "currencies", &facets.currencies)?;
        write_histogram(out, &facets.amounts)?;
    }
    Ok(())
}

fn write_hit(out: &mut impl Write, hit: &Hit, style: Style, width: usize) -> io::Result<()> {
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
        hit.date
            .as_ref()
            .map(|d| d.get(..10).unwrap_or(d).to_string()),
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
    if !hit.amounts.is_empty() {
        let amounts: Vec<String> = hit.amounts.iter().map(compact_amount).collect();
        facets.push(format!("amounts: {}", first_few(&amounts, HIT_AMOUNTS)));
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
fn references(refs: &[DuplicateRef]) -> String {
    refs.iter()
        .map(|r| match &r.path {
            Some(path) => location(path, r.position, None),
            None => r.id.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

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

/// `no articles with country "Untied Kingdom"; did you mean: United Kingdom (960)?`
pub fn unmatched_filter(unmatched: &newsindex::UnmatchedFilter) -> String {
    let what = match unmatched.field {
        newsindex::FacetField::Org => "organisation",
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
    /// Countries referred to, most relevant first.
    pub countries: &'a [String],
    /// Countries the article is about (the salient subset).
    pub about: &'a [String],
    /// Organisations, in order of first appearance.
    pub organisations: &'a [String],
    /// Money amounts, in order of appearance.
    pub amounts: &'a [Amount],
    /// Every country, organisation and amount with its forms and mentions.
    pub entities: Vec<Entity>,
}

impl<'a> Extracted<'a> {
    /// The record of one article, its facets and the entities behind them.
    pub fn new(article: &'a Article, facets: &'a Facets, entities: Vec<Entity>) -> Extracted<'a> {
        Extracted {
            path: article.path.as_deref(),
            position: article.position,
            title: &article.title,
            countries: &facets.countries,
            about: &facets.about,
            organisations: &facets.organisations,
            amounts: &facets.amounts,
            entities,
        }
    }
}

/// How an entity's mentions read: each form once, in order of first
/// mention, with the places it sits (`"Moscow" (dateline, body ×2)`; a
/// no-break space keeps `body ×2` on one line).
/// A country kept only for its salience says so, with the cue it was
/// kept through.
pub fn evidence(entity: &Entity) -> String {
    let mut forms: Vec<(String, Vec<(&'static str, usize)>)> = Vec::new();
    for m in &entity.mentions {
        let form = one_line(&m.text);
        let place = match (m.field, entity.kind) {
            (TextField::Title, _) => "title",
            // A country's cue says more than where it sits when it is no
            // reference ("Wall Street": metonym).
            (_, EntityKind::Country) if entity.count == 0 => m.cue.map_or("body", |c| c.as_str()),
            _ => m.zone.as_str(),
        };
        let places = match forms.iter_mut().find(|(f, _)| *f == form) {
            Some((_, places)) => places,
            None => {
                forms.push((form, Vec::new()));
                &mut forms.last_mut().expect("just pushed").1
            }
        };
        match places.iter_mut().find(|(p, _)| *p == place) {
            Some((_, n)) => *n += 1,
            None => places.push((place, 1)),
        }
    }
    let read: Vec<String> = forms
        .iter()
        .map(|(form, places)| {
            let places: Vec<String> = places
                .iter()
                .map(|&(p, n)| {
                    if n > 1 {
                        format!("{p}\u{a0}×{n}")
                    } else {
                        p.to_string()
                    }
                })
                .collect();
            format!("\"{form}\" ({})", places.join(", "))
        })
        .collect();
    let kept = if entity.kind == EntityKind::Country && entity.count == 0 {
        "no reference; kept through "
    } else {
        ""
    };
    format!("{} - {kept}{}", entity.canonical, read.join(", "))
}

/// The entity of `kind` behind the facet value `name`: the same
/// canonical name, or a form of it.
fn entity_of<'e>(entities: &'e [Entity], kind: EntityKind, name: &str) -> Option<&'e Entity> {
    let of_kind = || entities.iter().filter(move |e| e.kind == kind);
    of_kind()
        .find(|e| e.canonical.eq_ignore_ascii_case(name))
        .or_else(|| of_kind().find(|e| e.forms.iter().any(|f| f.eq_ignore_ascii_case(name))))
}

/// Print one whole article: its fields, its facets (amounts with the
/// text they were read from) and its body, wrapped to `width` columns.
pub fn article(out: &mut impl Write, article: &IndexedArticle, width: usize) -> io::Result<()> {
    for line in textwrap::wrap(&one_line(&article.title), width) {
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(out)?;
    let mut fields: Vec<(&str, String)> = Vec::new();
    if let Some(date) = &article.date {
        fields.push(("date", date.clone()));
    }
    if let Some(source) = &article.source {
        fields.push(("source", source.clone()));
    }
    if let Some(path) = &article.path {
        fields.push(("path", location(path, article.position, article.line)));
    }
    if let Some(url) = &article.url {
        fields.push(("url", url.clone()));
    }
    fields.push(("id", article.id.clone()));
    if !article.copies.is_empty() {
        fields.push(("same text in", references(&article.copies)));
    }
    for (i, other) in article.similar.iter().enumerate() {
        let label = if i == 0 { "similar" } else { "" };
        let at = match &other.path {
            Some(path) => location(path, other.position, None),
            None => String::new(),
        };
        fields.push((
            label,
            format!("{}  {at} [{}]", one_line(&other.title), other.id),
        ));
    }
    let none = |items: &[String]| {
        if items.is_empty() {
            "(none)".to_string()
        } else {
            items.join(", ")
        }
    };
    // Each country and organisation on a line of its own with the text
    // it was read from, when the evidence was computed.
    let with_evidence = |fields: &mut Vec<(&str, String)>,
                         label: &'static str,
                         names: &[String],
                         kind: EntityKind| {
        let Some(entities) = article.entities.as_deref() else {
            fields.push((label, none(names)));
            return;
        };
        if names.is_empty() {
            fields.push((label, "(none)".to_string()));
        }
        for (i, name) in names.iter().enumerate() {
            let line = entity_of(entities, kind, name).map_or_else(|| name.clone(), evidence);
            fields.push((if i == 0 { label } else { "" }, line));
        }
    };
    with_evidence(
        &mut fields,
        "countries",
        &article.countries,
        EntityKind::Country,
    );
    fields.push(("about", none(&article.about)));
    with_evidence(
        &mut fields,
        "organisations",
        &article.organisations,
        EntityKind::Organisation,
    );
    if article.amounts.is_empty() {
        fields.push(("amounts", "(none)".to_string()));
    }
    for (i, a) in article.amounts.iter().enumerate() {
        let label = if i == 0 { "amounts" } else { "" };
        let read = format!("{}  from \"{}\"", compact_amount(a), one_line(&a.text));
        fields.push((label, read));
    }
    if !article.labels.places.is_empty() {
        fields.push(("gold places", article.labels.places.join(", ")));
    }
    if !article.labels.orgs.is_empty() {
        fields.push(("gold orgs", article.labels.orgs.join(", ")));
    }
    const LABEL: usize = 15;
    let hang = " ".repeat(LABEL);
    for (label, value) in fields {
        let first = format!(
            "{:<LABEL$}",
            if label.is_empty() {
                String::new()
            } else {
                format!("{label}:")
            }
        );
        let options = textwrap::Options::new(width)
            .initial_indent(&first)
            .subsequent_indent(&hang)
            .break_words(false);
        for line in textwrap::wrap(&value, options) {
            writeln!(out, "{}", line.trim_end())?;
        }
    }
    writeln!(out)?;
    for paragraph in article.body.lines() {
        if paragraph.trim().is_empty() {
            writeln!(out)?;
            continue;
        }
        for line in textwrap::wrap(paragraph.trim_end(), width) {
            writeln!(out, "{}", line.trim_end())?;
        }
    }
    Ok(())
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
        writeln!(out, "   about:         {}", list(record.about))?;
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
        for (i, e) in record.entities.iter().enumerate() {
            let label = if i == 0 { "entities:" } else { "" };
            let kind = match e.kind {
                EntityKind::Country => "country",
                EntityKind::Organisation => "organisation",
                EntityKind::Amount => "amount",
            };
            let forms: Vec<String> = e.forms.iter().map(|f| format!("{f:?}")).collect();
            let times = if e.count == 1 { "mention" } else { "mentions" };
            let name = e
                .amount
                .as_ref()
                .map_or_else(|| e.canonical.clone(), amount);
            writeln!(
                out,
                "   {label:<14} {kind:<12} {name}  {} {times}: {}",
                e.count,
                forms.join(", ")
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
    writeln!(out, "size:      {:.1} MB", stats.size_bytes as f64 / 1e6)?;
    writeln!(out, "segments:  {}", stats.segments)?;
    writeln!(out)?;
    write_counts(out, "top countries", &stats.top_countries)?;
    write_counts(out, "top organisations", &stats.top_organisations)?;
    write_counts(out, "currencies", &stats.top_currencies)
}

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
        None if outcome.total_hits == 0 => "no hits".to_string(),
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
                hit.date.as_deref().unwrap_or(""),
                &one_line(&hit.snippet.text),
                &hit.similar.to_string(),
                hit.group.as_deref().unwrap_or(""),
                error,
            ])?;
        }
        csv.flush()
    }
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
    fn amounts_are_compact_with_their_dollar_value() {
        let a = |value: f64, currency: &str, usd: Option<f64>| Amount {
            value,
            currency: currency.into(),
            usd,
            text: String::new(),
        };
        assert_eq!(compact_amount(&a(1e9, "USD", Some(1e9))), "$1bn");
        assert_eq!(compact_amount(&a(6e8, "GBP", None)), "£600m");
        assert_eq!(
            compact_amount(&a(3e9, "EUR", Some(3.2512e9))),
            "€3bn (≈ $3.25bn)"
        );
        assert_eq!(
            compact_amount(&a(6e8, "GBP", Some(7.668e8))),
            "£600m (≈ $767m)"
        );
        assert_eq!(compact_amount(&a(1.275e9, "USD", None)), "$1.275bn");
        assert_eq!(compact_amount(&a(2.58e12, "USD", None)), "$2.58tn");
        assert_eq!(compact_amount(&a(250_000.0, "USD", None)), "$250,000");
        assert_eq!(compact_amount(&a(1.3, "USD", None)), "$1.30");
        assert_eq!(
            compact_amount(&a(5e7, "CHF", Some(5.6e7))),
            "CHF 50m (≈ $56m)"
        );
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
