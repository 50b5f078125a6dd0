//! Why an article has its facets: one [`Entity`] per country,
//! organisation and amount, with the forms the article writes it in and
//! every mention as byte offsets into the original title or body.
//!
//! The mentions are the extractors' own findings (the organisation
//! mentions, the country cues the salience scan scored, the amounts'
//! positions), collected by the same pass that computes the facets, only
//! when asked: [`super::extract`] and [`super::extract_dated`], used at
//! indexing, collect nothing. Extraction reads whitespace-squashed text
//! (see `squash`); offsets are mapped back to the text as given, so a
//! caller can slice it and highlight what was read.
//!
//! ```
//! use newsindex::extract::{entities, EntityKind, TextField};
//!
//! let title = "Tories pledge tax cuts";
//! let body = "LONDON - The Conservative Party said on Monday it would cut taxes by £4bn.";
//! let found = entities(title, body, None);
//! let tories = found
//!     .iter()
//!     .find(|e| e.kind == EntityKind::Organisation)
//!     .unwrap();
//! assert_eq!(tories.canonical, "Conservative Party");
//! assert_eq!(tories.forms, ["Conservative Party", "Tories"]);
//! let first = &tories.mentions[0];
//! assert_eq!(first.field, TextField::Title);
//! assert_eq!(&title[first.start..first.end], "Tories");
//! ```

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::country::{self, Cue};
use super::{amount, organisation, Amount, Facets, Raw};

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A country (canonical English short name).
    Country,
    /// An organisation.
    Organisation,
    /// A person.
    Person,
    /// A money amount.
    Amount,
}

/// The text a mention's offsets point into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextField {
    /// The headline.
    Title,
    /// The body.
    Body,
}

/// Where in the article a mention sits, as the country salience scan
/// weighs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Zone {
    /// The headline.
    Title,
    /// The wire dateline opening the body ("TOKYO, March 3 -").
    Dateline,
    /// The lead sentence.
    Lead,
    /// The rest of the body.
    Body,
}

impl Zone {
    /// The zone's name as serialised ("title", "dateline", "lead", "body").
    pub fn as_str(self) -> &'static str {
        match self {
            Zone::Title => "title",
            Zone::Dateline => "dateline",
            Zone::Lead => "lead",
            Zone::Body => "body",
        }
    }
}

/// One place the article names an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The text `start..end` points into.
    pub field: TextField,
    /// Byte offset of the mention in the original title or body.
    pub start: usize,
    /// Byte offset just after the mention.
    pub end: usize,
    /// `field[start..end]`, exactly as in the text given (line breaks
    /// included).
    pub text: String,
    /// Where in the article the mention sits.
    pub zone: Zone,
    /// How the mention refers to its country (countries only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<Cue>,
}

/// One entity of an article, with the evidence it was read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// What the entity is.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// The one name of the entity: a country's canonical English short
    /// name; an organisation's canonical name
    /// ([`canonical_organisation`](super::canonical_organisation) of its
    /// fullest form, else that form); a person's fullest name as the
    /// article writes it ("Tony Blair"); an amount's value and currency
    /// ("20000000 USD").
    pub canonical: String,
    /// The forms the article writes the entity in (whitespace runs
    /// collapsed), fullest first.
    pub forms: Vec<String>,
    /// How many times the article refers to the entity: the mentions,
    /// except for a country kept only for its salience (say through "Wall
    /// Street"), which has 0 and whose `mentions` are the cues it was kept
    /// through.
    pub count: u32,
    /// Every mention, title first, then in order of the body.
    pub mentions: Vec<Mention>,
    /// The amount, as in [`Facets::amounts`] (amounts only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
}

/// [`super::extract_dated`], plus the entities behind the facets: the
/// countries (in the order of [`Facets::country_mentions`]), then the
/// organisations (one per canonical name, in order of first appearance),
/// then the people (in the order of [`Facets::people`]), then the amounts (one per entry of [`Facets::amounts`]; both ends of a
/// range have the range's text as their mention).
///
/// Slower than [`super::extract_dated`] (it maps offsets and groups
/// mentions): meant for showing one article, not for indexing.
pub fn extract_with_evidence(
    title: &str,
    body: &str,
    date: Option<time::Date>,
) -> (Facets, Vec<Entity>) {
    let t = Squashed::new(title);
    let b = Squashed::new(body);
    let mut raw = Raw::default();
    let facets = super::facets_of(&t.text, &b.text, date, Some(&mut raw));
    let (dateline_end, lead_end) = country::lead_zones(&b.text);
    let texts = Texts {
        title: (title, &t),
        body: (body, &b),
        dateline_end,
        lead_end,
    };
    let mut out = countries(&facets, &raw, &texts);
    out.extend(organisations(&facets, &raw, &texts));
    out.extend(people(&raw, &texts));
    out.extend(amounts(&facets, &raw, &texts));
    (facets, out)
}

/// The entities of an article (see [`extract_with_evidence`]).
pub fn entities(title: &str, body: &str, date: Option<time::Date>) -> Vec<Entity> {
    extract_with_evidence(title, body, date).1
}

/// Text with whitespace runs squashed as `super::squash` does, and the
/// way back to the original offsets.
struct Squashed {
    text: String,
    /// (offset in `text`, offset in the original) at the start and after
    /// every replaced whitespace run: offsets between two anchors move
    /// together.
    anchors: Vec<(usize, usize)>,
}

/// The whitespace `super::squash` turns into one space: ASCII space, tab,
/// line feed, carriage return and form feed, and every Unicode space.
fn squashed_space(c: char) -> bool {
    if c.is_ascii() {
        matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C')
    } else {
        c.is_whitespace()
    }
}

impl Squashed {
    fn new(original: &str) -> Squashed {
        let mut text = String::with_capacity(original.len());
        let mut anchors = vec![(0, 0)];
        let mut chars = original.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if !squashed_space(c) {
                text.push(c);
                continue;
            }
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !squashed_space(d) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            text.push(' ');
            if end - i != 1 {
                anchors.push((text.len(), end));
            }
        }
        Squashed { text, anchors }
    }

    /// The original offset of squashed offset `at`.
    fn original(&self, at: usize) -> usize {
        let k = self.anchors.partition_point(|a| a.0 <= at) - 1;
        let (s, o) = self.anchors[k];
        o + (at - s)
    }
}

/// The title and body, original and squashed, and the body's zones.
struct Texts<'a> {
    title: (&'a str, &'a Squashed),
    body: (&'a str, &'a Squashed),
    dateline_end: usize,
    lead_end: usize,
}

impl Texts<'_> {
    /// The mention at squashed `span` of the title or body.
    fn mention(&self, title: bool, span: &Range<usize>, cue: Option<Cue>) -> Mention {
        let ((original, squashed), field) = if title {
            (self.title, TextField::Title)
        } else {
            (self.body, TextField::Body)
        };
        let (start, end) = (squashed.original(span.start), squashed.original(span.end));
        let zone = match field {
            TextField::Title => Zone::Title,
            TextField::Body if span.start < self.dateline_end => Zone::Dateline,
            TextField::Body if span.start < self.lead_end => Zone::Lead,
            TextField::Body => Zone::Body,
        };
        Mention {
            field,
            start,
            end,
            text: original.get(start..end).unwrap_or_default().to_string(),
            zone,
            cue,
        }
    }
}

/// The distinct forms of `mentions` (whitespace collapsed), fullest
/// first: most words, then longest, then first written.
fn forms(mentions: &[Mention]) -> Vec<String> {
    let mut forms: Vec<String> = Vec::new();
    for m in mentions {
        let form = m.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !forms.contains(&form) {
            forms.push(form);
        }
    }
    forms.sort_by_key(|f| {
        (
            std::cmp::Reverse(f.split(' ').count()),
            std::cmp::Reverse(f.chars().count()),
        )
    });
    forms
}

fn countries(facets: &Facets, raw: &Raw, texts: &Texts<'_>) -> Vec<Entity> {
    facets
        .country_mentions
        .iter()
        .map(|(name, count)| {
            let cues: Vec<&country::Recorded> = raw
                .country_cues
                .iter()
                .filter(|(c, _)| c == name)
                .map(|(_, r)| r)
                .collect();
            let references: Vec<&country::Recorded> =
                cues.iter().copied().filter(|r| r.reference).collect();
            let kept = if references.is_empty() {
                cues
            } else {
                references
            };
            let mentions: Vec<Mention> = kept
                .iter()
                .map(|r| texts.mention(r.title, &r.span, Some(r.cue)))
                .collect();
            Entity {
                kind: EntityKind::Country,
                canonical: name.clone(),
                forms: forms(&mentions),
                count: *count,
                mentions,
                amount: None,
            }
        })
        .collect()
}

/// The entry of `names` (the merged organisation names of the facets)
/// that the mention named `name` and written `written` went into: the
/// same name, the same canonical name, a word-prefix or word-suffix of
/// it, or its acronym, in that order of preference.
fn merged_into(names: &[String], name: &str, written: &str) -> Option<usize> {
    let canon = |n: &str| super::canonical_organisation(n);
    let same = |f: &String| f.eq_ignore_ascii_case(name) || f.eq_ignore_ascii_case(written);
    let same_canonical =
        |f: &String| canon(f).is_some_and(|c| Some(c) == canon(name) || Some(c) == canon(written));
    let part = |f: &String| organisation::affix(name, f) || organisation::affix(written, f);
    let acronym = |f: &String| {
        let initials = organisation::initials(f);
        initials.len() >= 2 && (initials == name || initials == written)
    };
    let tests: [&dyn Fn(&String) -> bool; 4] = [&same, &same_canonical, &part, &acronym];
    tests.iter().find_map(|test| names.iter().position(test))
}

fn organisations(facets: &Facets, raw: &Raw, texts: &Texts<'_>) -> Vec<Entity> {
    let names = &facets.organisations;
    // Mentions per merged name; a mention that fits none (there should be
    // none) makes its own group after them.
    let mut groups: Vec<(String, Vec<Mention>)> =
        names.iter().map(|n| (n.clone(), Vec::new())).collect();
    let found = raw
        .title_orgs
        .iter()
        .map(|m| (true, m))
        .chain(raw.body_orgs.iter().map(|m| (false, m)));
    for (title, m) in found {
        let squashed = if title {
            &texts.title.1.text
        } else {
            &texts.body.1.text
        };
        let written = squashed.get(m.span.clone()).unwrap_or_default();
        let mention = texts.mention(title, &m.span, None);
        match merged_into(names, &m.name, written) {
            Some(i) => groups[i].1.push(mention),
            None => groups.push((m.name.clone(), vec![mention])),
        }
    }
    // One entity per canonical name.
    let mut out: Vec<Entity> = Vec::new();
    for (name, mentions) in groups {
        let forms = forms(&mentions);
        let canonical = super::canonical_organisation(&name)
            .or_else(|| forms.iter().find_map(|f| super::canonical_organisation(f)))
            .map(str::to_string)
            .or_else(|| forms.first().cloned())
            .unwrap_or(name);
        match out
            .iter_mut()
            .find(|e| e.canonical.eq_ignore_ascii_case(&canonical))
        {
            Some(e) => {
                e.mentions.extend(mentions);
                e.mentions
                    .sort_by_key(|m| (m.field == TextField::Body, m.start));
                e.forms = self::forms(&e.mentions);
                e.count = e.mentions.len() as u32;
            }
            None => out.push(Entity {
                kind: EntityKind::Organisation,
                canonical,
                forms,
                count: mentions.len() as u32,
                mentions,
                amount: None,
            }),
        }
    }
    out
}

/// One entity per person, with every form and mention ("Tony Blair",
/// "Mr Blair", "Blair"; honorifics are not part of a mention).
fn people(raw: &Raw, texts: &Texts<'_>) -> Vec<Entity> {
    raw.people
        .iter()
        .map(|p| {
            let mentions: Vec<Mention> = p
                .mentions
                .iter()
                .map(|(title, span)| texts.mention(*title, span, None))
                .collect();
            Entity {
                kind: EntityKind::Person,
                canonical: p.name.clone(),
                forms: forms(&mentions),
                count: mentions.len() as u32,
                mentions,
                amount: None,
            }
        })
        .collect()
}

fn amounts(facets: &Facets, raw: &Raw, texts: &Texts<'_>) -> Vec<Entity> {
    let mut out: Vec<Entity> = facets
        .amounts
        .iter()
        .map(|a| Entity {
            kind: EntityKind::Amount,
            canonical: format!("{} {}", a.value, a.currency),
            forms: Vec::new(),
            count: 0,
            mentions: Vec::new(),
            amount: Some(a.clone()),
        })
        .collect();
    for (title, span, a) in &raw.amounts {
        // The amount as the facets hold it: its shared currency name
        // placed by the article's countries (dollar values do not matter:
        // value and currency name the amount).
        let mut one = vec![a.clone()];
        amount::place_unqualified(&mut one, &facets.about, &facets.countries);
        let Some(placed) = one.first() else {
            continue; // a currency the article does not settle: no amount
        };
        let same = |f: &Amount| {
            f.value.to_bits() == placed.value.to_bits() && f.currency == placed.currency
        };
        if let Some(i) = facets.amounts.iter().position(same) {
            out[i].mentions.push(texts.mention(*title, span, None));
        }
    }
    for e in &mut out {
        e.forms = forms(&e.mentions);
        e.count = e.mentions.len() as u32;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every mention slices its field to its text, and its text is one of
    /// the entity's forms.
    fn check_offsets(title: &str, body: &str, entities: &[Entity]) {
        for e in entities {
            for m in &e.mentions {
                let field = match m.field {
                    TextField::Title => title,
                    TextField::Body => body,
                };
                assert_eq!(&field[m.start..m.end], m.text, "{e:?}");
                let form = m.text.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(e.forms.contains(&form), "{form:?} not in {:?}", e.forms);
            }
        }
    }

    fn find<'a>(entities: &'a [Entity], kind: EntityKind, canonical: &str) -> &'a Entity {
        entities
            .iter()
            .find(|e| e.kind == kind && e.canonical == canonical)
            .unwrap_or_else(|| panic!("no {kind:?} {canonical}: {entities:#?}"))
    }

    #[test]
    fn squashed_offsets_map_back() {
        for text in [
            "plain text",
            "a\n\n  b\tc",
            "  lead and trail \n",
            "non\u{a0}breaking\u{2003}\u{2003}spaces",
            "Zürich\r\n\r\nNestlé",
        ] {
            let s = Squashed::new(text);
            assert_eq!(s.text, super::super::squash(text), "{text:?}");
            // Every word of the squashed text maps to the same word.
            let mut at = 0;
            for word in s.text.split(' ') {
                let (start, end) = (s.original(at), s.original(at + word.len()));
                assert_eq!(&text[start..end], word, "{text:?}");
                at += word.len() + 1;
            }
        }
    }

    #[test]
    fn tories_and_conservative_party_are_one_entity() {
        let title = "Tories unveil\n  tax plans";
        let body = "The Conservative Party has promised £4bn of tax cuts. \
                    Labour said the Tory plans did not add up, but the Tories\n\
                    insisted the Conservative Party could pay for them.";
        let (facets, found) = extract_with_evidence(title, body, None);
        check_offsets(title, body, &found);
        let tories = find(&found, EntityKind::Organisation, "Conservative Party");
        assert_eq!(tories.forms, ["Conservative Party", "Tories", "Tory"]);
        assert_eq!(tories.count, 5, "{:#?}", tories.mentions);
        assert_eq!(tories.mentions[0].field, TextField::Title);
        assert_eq!(
            &title[tories.mentions[0].start..tories.mentions[0].end],
            "Tories"
        );
        // One entity per name of the facets.
        let orgs: Vec<&str> = found
            .iter()
            .filter(|e| e.kind == EntityKind::Organisation)
            .map(|e| e.canonical.as_str())
            .collect();
        assert_eq!(
            orgs.len(),
            facets.organisations.len(),
            "{orgs:?} {facets:?}"
        );
    }

    #[test]
    fn a_country_through_its_adjective_and_capital() {
        let title = "Russian gas deal signed";
        let body = "MOSCOW, March 3 - Gazprom agreed to supply gas to Ukraine, officials \
                    in Moscow said. The Russian firm will also build a pipeline.";
        let (facets, found) = extract_with_evidence(title, body, None);
        check_offsets(title, body, &found);
        let russia = find(&found, EntityKind::Country, "Russia");
        let cues: Vec<(&str, Zone, Option<Cue>)> = russia
            .mentions
            .iter()
            .map(|m| (m.text.as_str(), m.zone, m.cue))
            .collect();
        assert_eq!(
            cues,
            [
                ("Russian", Zone::Title, Some(Cue::Adjective)),
                ("MOSCOW", Zone::Dateline, Some(Cue::Dateline)),
                ("Moscow", Zone::Lead, Some(Cue::City)),
                ("Russian", Zone::Body, Some(Cue::Adjective)),
            ]
        );
        assert_eq!(russia.forms, ["Russian", "MOSCOW", "Moscow"]);
        // The count is the facets' own.
        for e in found.iter().filter(|e| e.kind == EntityKind::Country) {
            let facet = facets
                .country_mentions
                .iter()
                .find(|(c, _)| *c == e.canonical)
                .unwrap();
            assert_eq!(e.count, facet.1, "{e:?}");
            assert_eq!(e.mentions.len() as u32, e.count, "{e:?}");
        }
    }

    #[test]
    fn a_country_kept_for_salience_shows_its_cue() {
        let body = "Shares fell on Wall Street on Friday as traders sold technology stocks.";
        let (facets, found) = extract_with_evidence("", body, None);
        assert_eq!(facets.country_mentions, [("United States".to_string(), 0)]);
        let us = find(&found, EntityKind::Country, "United States");
        assert_eq!(us.count, 0);
        assert_eq!(us.mentions[0].text, "Wall Street");
        assert_eq!(us.mentions[0].cue, Some(Cue::Metonym));
    }

    #[test]
    fn an_amount_range_has_its_text() {
        let body = "The company expects to  raise\n$15-20 million from the sale, \
                    and said the $15 million floor was firm.";
        let (facets, found) = extract_with_evidence("", body, None);
        check_offsets("", body, &found);
        let low = find(&found, EntityKind::Amount, "15000000 USD");
        let high = find(&found, EntityKind::Amount, "20000000 USD");
        assert_eq!(high.mentions.len(), 1);
        assert_eq!(high.mentions[0].text, "$15-20 million");
        assert_eq!(low.forms, ["$15-20 million", "$15 million"]);
        assert_eq!(low.count, 2, "a repeat is a second mention of one amount");
        assert_eq!(facets.amounts.len(), 2);
        assert_eq!(low.amount.as_ref(), Some(&facets.amounts[0]));
    }

    #[test]
    fn names_across_line_breaks_keep_the_original_text() {
        let body = "the U.S. Securities and\n    Exchange Commission said it would fine firms.";
        let found = entities("", body, None);
        check_offsets("", body, &found);
        let sec = find(
            &found,
            EntityKind::Organisation,
            "Securities and Exchange Commission",
        );
        assert_eq!(
            sec.mentions[0].text,
            "Securities and\n    Exchange Commission"
        );
        assert_eq!(sec.forms, ["Securities and Exchange Commission"]);
    }

    #[test]
    fn every_facet_has_its_entity() {
        let body = include_str!("../../corpus/skolkovo-cisco.txt");
        let title = "Russian delegation signs Cisco deal in Silicon Valley";
        let (facets, found) = extract_with_evidence(title, body, None);
        check_offsets(title, body, &found);
        let of = |kind| -> Vec<&Entity> { found.iter().filter(|e| e.kind == kind).collect() };
        assert_eq!(of(EntityKind::Country).len(), facets.countries.len());
        assert_eq!(of(EntityKind::Amount).len(), facets.amounts.len());
        for e in of(EntityKind::Organisation) {
            assert!(!e.mentions.is_empty(), "{e:?}");
        }
        assert_eq!(facets, super::super::extract(title, body));
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn squashed_text_is_squash(s in "\\PC{0,60}|[ \\t\\n\\r\\u{a0}\\u{2003}\\u{b}a-c]{0,40}") {
                let sq = Squashed::new(&s);
                prop_assert_eq!(sq.text.as_str(), &*super::super::super::squash(&s));
            }

            #[test]
            fn offsets_slice_the_original(
                body in "[A-Z][A-Za-z ,.'$£0-9\\n-]{0,200}"
            ) {
                let found = entities("", &body, None);
                for e in &found {
                    for m in &e.mentions {
                        prop_assert_eq!(&body[m.start..m.end], m.text.as_str());
                    }
                }
            }
        }
    }
}
