//! Salience: each country cue of the title and body weighed by where it
//! is (headline, dateline, lead sentence, body) and what it is (a name,
//! a city, a currency word, a name inside a company's name), and the
//! countries of an article ranked by it. Also the kinds of cue ([`Cue`])
//! that the evidence of an article shows for each mention.

use std::ops::Range;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::dateline::{dateline, lead_end};
use super::gazetteer::{
    canonical_country, is_place, CountryMatch, CueKind, Entry, Gazetteer, GAZETTEER,
};
use crate::extract::automaton::word_matches;
use crate::extract::data_file::entries;
use crate::extract::token::{hyphen_word, whole_word, word_after, word_before};

/// How a country mention refers to its country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cue {
    /// Its name or a short form ("Russia", "U.S.").
    Name,
    /// Its adjective or demonym ("Russian", "Russians").
    Adjective,
    /// A city in it ("Moscow").
    City,
    /// The place of a wire dateline.
    Dateline,
    /// A state or region in it ("California"): no reference.
    Region,
    /// An institution named by its place ("Wall Street"): no reference.
    Metonym,
    /// A currency word ("yen"): a reference only when qualified by the
    /// country ("Japanese yen").
    Currency,
    /// A name, adjective or city inside another name ("Bank of England",
    /// "British Airways"): no reference.
    InName,
}

impl Cue {
    /// The cue's name as serialised ("name", "in-name", ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Cue::Name => "name",
            Cue::Adjective => "adjective",
            Cue::City => "city",
            Cue::Dateline => "dateline",
            Cue::Region => "region",
            Cue::Metonym => "metonym",
            Cue::Currency => "currency",
            Cue::InName => "in-name",
        }
    }
}

/// Weight of a cue in the headline.
const W_TITLE: f32 = 3.0;
/// Weight of the dateline's place.
const W_DATELINE: f32 = 3.0;
/// Weight of a cue in the lead sentence.
const W_LEAD: f32 = 2.0;
/// Weight of a cue elsewhere in the body.
const W_BODY: f32 = 1.0;
/// Factor for a currency word ("yen", "Swiss francs").
const F_CURRENCY: f32 = 0.3;
/// Factor for a cue inside a company's name ("China Industrial Co").
const F_IN_COMPANY: f32 = 0.3;
/// Score a country other than the best one needs to be kept.
pub(super) const MIN_SCORE: f32 = 3.0;

/// Capitalised words that may stand before a person-like country name
/// without making it a person's name ("In Jordan", "Neighbouring Chad"):
/// `data/function_words.txt`, read once.
static FUNCTION_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| entries(include_str!("../data/function_words.txt")));

/// True when `text` is an upper-case headline: letters, of which at most
/// one in twenty is lower-case ("SHANGHAI TYREb FACTORY" is a typo in a
/// wire headline, "U.S. Says" is not upper-case).
fn all_caps(text: &str) -> bool {
    let (mut upper, mut lower) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    upper > 0 && lower * 20 <= upper + lower
}

fn capitalised_name(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase) && !FUNCTION_WORDS.contains(&w)
}

/// Per-country evidence.
#[derive(Debug, Clone, Default)]
struct Evidence {
    score: f32,
    first: usize,
    supported: bool,
    seen: bool,
    /// Mentions that refer to the country (see [`CueKind::is_reference`]),
    /// outside any organisation's name.
    mentions: u32,
}

/// Where in the article a piece of text sits.
#[derive(Clone, Copy)]
enum Zone {
    Title,
    Body { lead_end: usize },
}

struct Scorer<'g> {
    g: &'g Gazetteer,
    ev: Vec<Evidence>,
    /// Every scored cue, when the caller asked for the evidence.
    record: Option<Vec<Recorded>>,
}

/// One scored country cue, kept for [`crate::extract::evidence`]: which
/// country, where (title or body, byte range of the squashed text), what
/// kind of cue, and whether it counts as a reference.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Recorded {
    /// Country id (an index of the gazetteer's names).
    country: u16,
    /// True for the title, false for the body.
    pub title: bool,
    /// Byte range in the squashed title or body.
    pub span: Range<usize>,
    /// What the cue is.
    pub cue: Cue,
    /// True when it counts as a reference to the country.
    pub reference: bool,
}

impl Scorer<'_> {
    fn add(&mut self, country: u16, weight: f32, pos: usize, supported: bool, reference: bool) {
        let e = &mut self.ev[country as usize];
        if !e.seen {
            e.first = pos;
            e.seen = true;
        }
        e.first = e.first.min(pos);
        e.score += weight;
        e.supported |= supported;
        e.mentions += u32::from(reference);
    }

    /// Scan `text` with the gazetteer's own automaton; `offset` orders
    /// positions across title and body, `skip` is a prefix already read as
    /// the dateline, `orgs` are the organisation names in `text`.
    fn scan(&mut self, text: &str, zone: Zone, offset: usize, skip: usize, orgs: OrgSpans<'_>) {
        let caps = matches!(zone, Zone::Title) && all_caps(text);
        let g = self.g;
        let (ac, cues) = if caps {
            (&g.upper, &g.upper_cues)
        } else {
            (&g.exact, &g.exact_cues)
        };
        for (p, s, e) in word_matches(ac, text, skip) {
            let at = Place { s, e, offset };
            self.cue(text, zone, at, orgs, caps, cues[p]);
        }
    }

    /// Score matches of the exact automaton found by the caller
    /// (pattern id, start, end), ignoring those before `skip`.
    fn scan_matches(
        &mut self,
        text: &str,
        zone: Zone,
        offset: usize,
        skip: usize,
        orgs: OrgSpans<'_>,
        matches: &[CountryMatch],
    ) {
        let g = self.g;
        for &(pattern, s, e) in matches.iter().filter(|m| m.1 >= skip) {
            let at = Place { s, e, offset };
            self.cue(text, zone, at, orgs, false, g.exact_cues[pattern as usize]);
        }
    }

    /// Score one match of `cue` at `text[at.s..at.e]`.
    fn cue(
        &mut self,
        text: &str,
        zone: Zone,
        at: Place,
        orgs: OrgSpans<'_>,
        caps: bool,
        cue: Entry,
    ) {
        let Place { s, e, offset } = at;
        if !whole_word(text, s, e) || cue.kind == CueKind::Block {
            return;
        }
        // Part of a person's name: "Economy minister German Gref".
        if orgs.people.iter().any(|r| r.start <= s && e <= r.end) {
            return;
        }
        // Figurative: "a Las Vegas-style casino", "a Soviet-era plant".
        if text[e..].starts_with("-style") || text[e..].starts_with("-era") {
            return;
        }
        if cue.person_like && !caps {
            let before = word_before(text, s).is_some_and(capitalised_name);
            let after = word_after(text, e).is_some_and(capitalised_name);
            if before || after {
                return;
            }
        }
        let mut w = match zone {
            Zone::Title => W_TITLE,
            Zone::Body { lead_end } if s < lead_end => W_LEAD,
            Zone::Body { .. } => W_BODY,
        };
        if cue.kind == CueKind::Currency {
            w *= F_CURRENCY;
        }
        let inside = |spans: &[Range<usize>]| spans.iter().any(|r| r.start <= s && e <= r.end);
        // Hyphened to a word that is no place: a firm's name
        // ("Bristol-Myers", "Petro-Canada"), unlike "U.S.-Japan talks".
        let hyphened = matches!(cue.kind, CueKind::Name | CueKind::City)
            && [true, false].iter().any(|&after| {
                hyphen_word(text, s, e, after)
                    .is_some_and(|w| !is_place(w) && canonical_country(w).is_none())
            });
        if inside(orgs.companies) || hyphened {
            w *= F_IN_COMPANY;
        }
        // "Bank of England", "British Airways": the name of something else;
        // so is a place after a capitalised word ("Bell Canada", "Greater
        // London Act") and a city before one ("London Assembly").
        let in_name = !caps
            && (word_before(text, s).is_some_and(capitalised_name)
                || cue.kind == CueKind::City && word_after(text, e).is_some_and(capitalised_name));
        if in_name {
            w *= F_IN_COMPANY;
        }
        let reference = cue.reference && !in_name && !hyphened && !inside(orgs.all);
        if let Some(record) = &mut self.record {
            record.push(Recorded {
                country: cue.country,
                title: matches!(zone, Zone::Title),
                span: s..e,
                cue: match cue.kind {
                    _ if cue.reference && !reference => Cue::InName,
                    CueKind::Name => Cue::Name,
                    CueKind::Adjective => Cue::Adjective,
                    CueKind::City => Cue::City,
                    CueKind::Region => Cue::Region,
                    CueKind::Metonym => Cue::Metonym,
                    CueKind::Currency | CueKind::Block => Cue::Currency,
                },
                reference,
            });
        }
        self.add(cue.country, w, offset + s, !cue.needs_support, reference);
    }
}

/// Byte ranges of the organisation names found in one text: a country
/// cue inside a company's name is weak evidence, and a cue inside any
/// organisation's name ("Bank of England") is not a reference. A cue
/// inside a person's name ("German Gref") is no cue at all.
#[derive(Clone, Copy, Default)]
pub(crate) struct OrgSpans<'a> {
    /// Names of companies.
    pub companies: &'a [Range<usize>],
    /// Names of every organisation, companies included.
    pub all: &'a [Range<usize>],
    /// People's names.
    pub people: &'a [Range<usize>],
}

/// Where a match sits: its byte range and the offset of its text.
#[derive(Clone, Copy)]
struct Place {
    s: usize,
    e: usize,
    offset: usize,
}

/// The countries of one article (see [`rank_with`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Ranked {
    /// Every country the article refers to, with its number of
    /// references, most salient first; the countries of `about` are
    /// always among them.
    pub countries: Vec<(String, u32)>,
    /// The salient subset: the best country, and others with a score of
    /// at least [`MIN_SCORE`].
    pub about: Vec<String>,
    /// Every scored cue of the countries in `countries` (canonical name,
    /// cue), in order of appearance, title first; empty unless the
    /// caller asked for the evidence.
    pub cues: Vec<(String, Recorded)>,
}

/// The countries of an article, given the organisation names in the
/// title and body (cues inside them are weak evidence or no reference).
#[cfg(test)]
pub(crate) fn rank(
    title: &str,
    body: &str,
    title_orgs: OrgSpans<'_>,
    body_orgs: OrgSpans<'_>,
) -> Ranked {
    rank_with(title, body, title_orgs, body_orgs, None, false)
}

/// `rank`, with the body's matches of the exact automaton already found
/// by the caller (see [`exact_automaton`](super::exact_automaton));
/// `record` keeps every scored cue in [`Ranked::cues`].
pub(crate) fn rank_with(
    title: &str,
    body: &str,
    title_orgs: OrgSpans<'_>,
    body_orgs: OrgSpans<'_>,
    body_matches: Option<&[CountryMatch]>,
    record: bool,
) -> Ranked {
    let g = &*GAZETTEER;
    let mut sc = Scorer {
        g,
        ev: vec![Evidence::default(); g.names.len()],
        record: record.then(Vec::new),
    };
    sc.scan(title, Zone::Title, 0, 0, title_orgs);
    let offset = title.len() + 1;
    let mut skip = 0;
    if let Some((country, len, span)) = dateline(g, body) {
        if let Some(c) = country {
            if c != u16::MAX {
                sc.add(c, W_DATELINE, offset, true, true);
                if let Some(record) = &mut sc.record {
                    record.push(Recorded {
                        country: c,
                        title: false,
                        span,
                        cue: Cue::Dateline,
                        reference: true,
                    });
                }
            }
        }
        skip = len;
    }
    let lead_end = lead_end(body, skip);
    let zone = Zone::Body { lead_end };
    match body_matches {
        Some(m) => sc.scan_matches(body, zone, offset, skip, body_orgs, m),
        None => sc.scan(body, zone, offset, skip, body_orgs),
    }

    // A state and its successor ("Soviet" and "Moscow", "West German" and
    // "Bonn") name one country in any one article: the weaker folds into
    // the stronger, so a 1987 wire gets "Soviet Union" and a 2010 article
    // that recalls "the Soviet Union" once still gets "Russia".
    for &(a, b) in &g.successors {
        let (ea, eb) = (&sc.ev[a as usize], &sc.ev[b as usize]);
        if ea.seen && eb.seen && ea.supported && eb.supported {
            let (keep, fold) = if ea.score >= eb.score { (a, b) } else { (b, a) };
            let folded = std::mem::take(&mut sc.ev[fold as usize]);
            let k = &mut sc.ev[keep as usize];
            k.score += folded.score;
            k.first = k.first.min(folded.first);
            k.mentions += folded.mentions;
            for r in sc.record.iter_mut().flatten() {
                if r.country == fold {
                    r.country = keep;
                }
            }
        }
    }

    let mut found: Vec<(usize, &Evidence)> = sc
        .ev
        .iter()
        .enumerate()
        .filter(|(_, e)| e.seen && e.supported && e.score > 0.0)
        .collect();
    found.sort_by(|a, b| {
        b.1.score
            .partial_cmp(&a.1.score)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.1.first.cmp(&b.1.first))
    });
    let mut ranked = Ranked::default();
    // What the article is about counts every kind of evidence ("Bank of
    // Japan", "Saskatchewan crops" are about Japan and Canada, as Reuters
    // labels them); what it refers to counts references only; the first
    // includes the second, so `about` is a subset of `countries`.
    for (rank, (id, e)) in found.iter().enumerate() {
        let about = rank == 0 || e.score >= MIN_SCORE;
        if about {
            ranked.about.push(g.names[*id].clone());
        }
        if about || e.mentions > 0 {
            ranked.countries.push((g.names[*id].clone(), e.mentions));
        }
    }
    if let Some(record) = sc.record {
        ranked.cues = record
            .into_iter()
            .filter_map(|r| {
                let name = &g.names[r.country as usize];
                ranked
                    .countries
                    .iter()
                    .any(|(c, _)| c == name)
                    .then(|| (name.clone(), r))
            })
            .collect();
    }
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_are_read_whole() {
        assert_eq!(FUNCTION_WORDS.len(), 64);
        assert_eq!(FUNCTION_WORDS[0], "The");
        assert_eq!(FUNCTION_WORDS[63], "Bank");
        for w in ["Neighbouring", "However", "President", "Officials"] {
            assert!(FUNCTION_WORDS.contains(&w), "{w}");
        }
        assert!(!FUNCTION_WORDS
            .iter()
            .any(|w| w.is_empty() || w.contains(' ')));
        assert!(capitalised_name("Vernon") && !capitalised_name("In"));
    }
}
