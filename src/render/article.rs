//! One article as people read it: `search show` (its fields, facets with
//! the text they were read from, and body) and `search extract` (the
//! facets and entities read from each article of a file).

use std::io::{self, Write};

use newsindex::extract::{Entity, EntityKind, TextField};
use newsindex::{Amount, Article, Facets, IndexedArticle};

use super::hits::references;
use super::money::{amount, compact_amount, group_whole, undated_dollars};
use super::{display_path, location, one_line};

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
    /// People, by the fullest name the article writes, in order of first
    /// appearance.
    pub people: &'a [String],
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
            people: &facets.people,
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
    if let Some(date) = article.date_text() {
        fields.push(("date", date));
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
    fields.push(("people", none(&article.people)));
    if article.amounts.is_empty() {
        fields.push(("amounts", "(none)".to_string()));
    }
    for (i, a) in article.amounts.iter().enumerate() {
        let label = if i == 0 { "amounts" } else { "" };
        let read = format!("{}  from \"{}\"", compact_amount(a), one_line(&a.text));
        fields.push((label, read));
    }
    let undated = undated_dollars(article.date.is_none(), &article.amounts);
    if !undated.is_empty() {
        fields.push(("", undated.trim().to_string()));
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
        writeln!(out, "   people:        {}", list(record.people))?;
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
                EntityKind::Person => "person",
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
