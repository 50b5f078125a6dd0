//! Countries an article refers to, and the ones it is about.
//!
//! # Where the names come from
//! Every ISO 3166 country of the [`keshvar`] crate gives its English names
//! (ISO short and long names, the English entries of its unofficial-name
//! list) and its nationality ("Russian"). `data/places.txt` adds codes
//! (`U.S.`, `UK`), historical states, demonyms keshvar lacks, capitals and
//! major cities, US states, currency words and blocking phrases. All of
//! them go into one Aho-Corasick automaton (leftmost-longest, so "New
//! Mexico" beats "Mexico" and "Latin American" blocks "American"), built
//! once; a second one holds the upper-cased names for ALL-CAPS headlines
//! and datelines.
//!
//! # Canonical names
//! One English short name per country ("United States", "Russia", "South
//! Korea", see [`CANONICAL`]). States that no longer exist keep their own
//! names ("Soviet Union", "West Germany", "East Germany", "Czechoslovakia",
//! "Yugoslavia"): "Soviet" gives Soviet Union and "Russian" gives Russia,
//! so a 1987 wire and a 2010 article each get the name they use. Renamed
//! states map to today's name (Burma -> Myanmar, Zaire -> Democratic
//! Republic of the Congo, Kampuchea -> Cambodia).
//!
//! # Ambiguity, deliberately
//! - A name shared by several countries (a nationality such as "French",
//!   "Dominican", "Congolese") goes to the most populous one; an entry of
//!   `places.txt` wins over a generated one.
//! - Person-like names (Jordan, Chad, Paris, Sydney, Israel, Georgia, ...)
//!   are ignored next to another capitalised word ("Vernon Jordan", "Chad
//!   Hurley", "Paris Club") unless that word is a function word ("In
//!   Jordan").
//! - Georgia and Georgian count only when the article has other evidence
//!   for the country (Tbilisi, "Republic of Georgia"): in English news the
//!   US state is the commoner sense.
//! - A cue inside a company name ("China Industrial Co", "British
//!   Petroleum Co Plc", "American Express Co") is weak evidence, as is a
//!   currency ("yen", "Swiss francs"); a cue inside a non-company
//!   organisation ("Bank of Japan") counts in full.
//!
//! # References and salience
//! A reference (LABELLING.md) is a country's name, adjective, a city used
//! as a place or a wire dateline, outside the name of something else
//! ("Bank of England", "Bell Canada", "London Assembly", "Bristol-Myers")
//! and not figurative ("Las Vegas-style"). States ("California"),
//! metonyms ("Wall Street", "Downing Street", "the Kremlin") and bare
//! currencies ("yen") are evidence of what an article is about but no
//! reference.
//!
//! Evidence is weighted by where it is: headline and dateline count most,
//! then the lead sentence, then the rest of the body. `about` keeps the
//! best-scoring country and others with [`MIN_SCORE`]; `countries` keeps
//! every country referred to, and those of `about`, most salient first.
//! The weights were set by measuring against the Reuters-21578 PLACES
//! labels (see `examples/eval_extract.rs`).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

const PLACES: &str = include_str!("data/places.txt");

/// Canonical names for countries whose first English name in keshvar is
/// not the short name news uses.
const CANONICAL: &[(&str, &str)] = &[
    ("AD", "Andorra"),
    ("BB", "Barbados"),
    ("BQ", "Caribbean Netherlands"),
    ("CD", "Democratic Republic of the Congo"),
    ("CG", "Republic of the Congo"),
    ("CI", "Ivory Coast"),
    ("CZ", "Czech Republic"),
    ("FK", "Falkland Islands"),
    ("KP", "North Korea"),
    ("KR", "South Korea"),
    ("GG", "Guernsey"),
    ("LA", "Laos"),
    ("ME", "Montenegro"),
    ("MK", "North Macedonia"),
    ("MM", "Myanmar"),
    ("SZ", "Eswatini"),
    ("TW", "Taiwan"),
    ("VA", "Vatican City"),
    ("VN", "Vietnam"),
];

/// Generated names never used as cues: foreign-language entries of
/// keshvar that are English words or other places.
const DENIED: &[&str] = &["Island", "Salvador", "Chili", "Guinee", "Jersey", "Kongo"];

/// Names that are also given names or part of people's and firms' names.
const PERSON_LIKE: &[&str] = &[
    "Jordan",
    "Chad",
    "Paris",
    "Sydney",
    "Israel",
    "Georgia",
    "Florence",
    "Sofia",
    "Adelaide",
    "Santiago",
    "Victoria",
    "Lincoln",
    "Washington",
    "Kenya",
    "India",
    "China",
    "Lima",
];

/// Names that count only with other evidence for the same country.
const NEEDS_SUPPORT: &[&str] = &["Georgia", "Georgian", "Georgians"];

/// Capitalised words that may stand before a person-like country name
/// without making it a person's name ("In Jordan", "Neighbouring Chad").
const FUNCTION_WORDS: &[&str] = &[
    "The",
    "In",
    "Of",
    "And",
    "From",
    "To",
    "For",
    "With",
    "By",
    "On",
    "At",
    "As",
    "But",
    "Both",
    "Or",
    "Neighbouring",
    "Neighboring",
    "Between",
    "Against",
    "Including",
    "Like",
    "Unlike",
    "While",
    "When",
    "Since",
    "Across",
    "Into",
    "Outside",
    "Inside",
    "Via",
    "Through",
    "Within",
    "Said",
    "Where",
    "After",
    "Before",
    "Only",
    "Even",
    "Then",
    "Now",
    "Also",
    "If",
    "Although",
    "Though",
    "Because",
    "Meanwhile",
    "However",
    "Today",
    "Yesterday",
    "President",
    "Minister",
    "King",
    "Government",
    "Central",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Visiting",
    "Rebel",
    "Sources",
    "Officials",
    "Oil",
    "Bank",
];

/// Historical states and their main successor: never both in one article.
const SUCCESSORS: &[(&str, &str)] = &[
    ("Soviet Union", "Russia"),
    ("West Germany", "Germany"),
    ("Czechoslovakia", "Czech Republic"),
    ("Yugoslavia", "Serbia"),
];

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
pub(crate) const MIN_SCORE: f32 = 3.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueKind {
    Name,
    Adjective,
    City,
    /// A state or region inside the country ("California", "Bavaria").
    Region,
    /// An institution named by its place ("Wall Street"), or a place name
    /// inside another name ("Bank of England").
    Metonym,
    Currency,
    Block,
}

impl CueKind {
    /// True when the cue refers to the country itself (LABELLING.md):
    /// its name, adjective or a city; not a state, metonym or currency.
    fn is_reference(self) -> bool {
        matches!(self, CueKind::Name | CueKind::Adjective | CueKind::City)
    }
}

#[derive(Debug, Clone, Copy)]
struct Cue {
    country: u16,
    kind: CueKind,
    person_like: bool,
    needs_support: bool,
    /// The cue names the country itself: a name, adjective or city, or a
    /// currency qualified by one ("Japanese yen", not "yen").
    reference: bool,
}

struct Gazetteer {
    names: Vec<String>,
    /// [`SUCCESSORS`] as country ids, looked up once rather than per article.
    successors: Vec<(u16, u16)>,
    exact: super::WordAutomaton,
    exact_cues: Vec<Cue>,
    /// The patterns of `exact`, by pattern id.
    exact_patterns: Vec<String>,
    upper: super::WordAutomaton,
    upper_cues: Vec<Cue>,
    /// The patterns of `upper`, sorted, by pattern id.
    upper_patterns: Vec<String>,
    /// Upper-cased name -> country, for dateline places and qualifiers.
    dateline: HashMap<String, u16>,
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(build);

/// Priority of a source of names when two give the same text.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    Generated(u64),
    Data,
    Block,
}

fn clean_name(name: &str) -> Option<String> {
    // Drop parenthesised and comma parts: "Iran (Islamic Republic of)".
    let name = name.split(['(', '[', ',']).next()?.trim();
    let name = name.strip_prefix("The ").unwrap_or(name);
    let name = name.strip_prefix("the ").unwrap_or(name);
    let ok = !name.is_empty()
        && name.chars().all(|c| {
            c.is_ascii_alphabetic() || matches!(c, ' ' | '-' | '\'' | '.') || "éèôçÅåã".contains(c)
        })
        && !DENIED.contains(&name);
    ok.then(|| name.to_string())
}

fn plural(demonym: &str) -> Option<String> {
    let ends = |s: &str| demonym.ends_with(s);
    if ends("ese")
        || ends("sh")
        || ends("ch")
        || ends("ss")
        || ends("s")
        || ends("i") && demonym.len() < 5
    {
        return None;
    }
    Some(format!("{demonym}s"))
}

fn build() -> Gazetteer {
    let mut names: Vec<String> = Vec::new();
    let mut index: HashMap<String, u16> = HashMap::new();
    let id_of = |name: &str, names: &mut Vec<String>, index: &mut HashMap<String, u16>| -> u16 {
        *index.entry(name.to_string()).or_insert_with(|| {
            names.push(name.to_string());
            (names.len() - 1) as u16
        })
    };
    // pattern -> (cue, priority)
    let mut table: HashMap<String, (Cue, Source)> = HashMap::new();
    let put =
        |pattern: String, cue: Cue, src: Source, table: &mut HashMap<String, (Cue, Source)>| {
            match table.get(&pattern) {
                Some((_, old)) if *old >= src => {}
                _ => {
                    table.insert(pattern, (cue, src));
                }
            }
        };
    let mk = |country: u16, kind: CueKind, text: &str| Cue {
        country,
        kind,
        person_like: PERSON_LIKE.contains(&text),
        needs_support: NEEDS_SUPPORT.contains(&text),
        reference: kind.is_reference()
            || kind == CueKind::Currency && text.starts_with(char::is_uppercase),
    };

    for c in keshvar::CountryIterator::new() {
        let alpha2 = c.alpha2().to_string();
        let unofficial = c.unofficial_name_list();
        let canonical = CANONICAL
            .iter()
            .find(|(a, _)| *a == alpha2)
            .map(|(_, n)| n.to_string())
            .or_else(|| unofficial.first().and_then(|n| clean_name(n)))
            .or_else(|| clean_name(c.iso_short_name()))
            .unwrap_or_else(|| c.iso_short_name().to_string());
        let id = id_of(&canonical, &mut names, &mut index);
        let src = Source::Generated(c.maybe_population().unwrap_or(0));
        let mut name_list: Vec<String> = vec![canonical.clone()];
        name_list.extend(clean_name(c.iso_short_name()));
        name_list.extend(clean_name(c.iso_long_name()));
        name_list.extend(unofficial.iter().filter_map(|n| clean_name(n)));
        for n in name_list
            .into_iter()
            .filter(|n| !DENIED.contains(&n.as_str()))
        {
            put(n.clone(), mk(id, CueKind::Name, &n), src, &mut table);
        }
        if let Some(nat) = c.maybe_nationality() {
            for d in nat.split(", ") {
                if let Some(d) = clean_name(d) {
                    if let Some(p) = plural(&d) {
                        put(p.clone(), mk(id, CueKind::Adjective, &p), src, &mut table);
                    }
                    put(d.clone(), mk(id, CueKind::Adjective, &d), src, &mut table);
                }
            }
        }
    }

    let mut dateline: HashMap<String, u16> = HashMap::new();
    let mut section = "";
    for line in PLACES.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(s) = line.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            section = s;
            continue;
        }
        let Some((country, cues)) = line.split_once(':') else {
            continue;
        };
        let kind = match section {
            "name" => CueKind::Name,
            "adjective" => CueKind::Adjective,
            "city" => CueKind::City,
            "currency" => CueKind::Currency,
            "region" => CueKind::Region,
            "metonym" => CueKind::Metonym,
            "block" => CueKind::Block,
            _ => CueKind::City,
        };
        let id = if kind == CueKind::Block {
            u16::MAX
        } else {
            id_of(country.trim(), &mut names, &mut index)
        };
        for cue in cues.split('|').map(str::trim).filter(|c| !c.is_empty()) {
            if section == "dateline" {
                dateline.insert(cue.to_uppercase(), id);
                continue;
            }
            let src = if kind == CueKind::Block {
                Source::Block
            } else {
                Source::Data
            };
            put(cue.to_string(), mk(id, kind, cue), src, &mut table);
        }
    }

    let mut exact_list: Vec<(String, Cue)> = table.into_iter().map(|(p, (c, _))| (p, c)).collect();
    exact_list.sort_by(|a, b| a.0.cmp(&b.0));
    let mut upper_map: HashMap<String, Cue> = HashMap::new();
    for (p, c) in &exact_list {
        if c.kind == CueKind::Currency && p.chars().next().is_some_and(char::is_lowercase) {
            // "yen" stays lower-case only: "YEN" in a headline is fine,
            // but so common a word is not worth the upper-case variant.
            continue;
        }
        let up = p.to_uppercase();
        if matches!(c.kind, CueKind::Name | CueKind::City | CueKind::Region)
            && c.country != u16::MAX
        {
            dateline.entry(up.clone()).or_insert(c.country);
        }
        upper_map.entry(up).or_insert(*c);
    }
    let mut upper_list: Vec<(String, Cue)> = upper_map.into_iter().collect();
    upper_list.sort_by(|a, b| a.0.cmp(&b.0));

    let automaton =
        |pats: &[(String, Cue)]| super::word_automaton(pats.iter().map(|(p, _)| p.as_str()));
    let successors = SUCCESSORS
        .iter()
        .filter_map(|(a, b)| Some((*index.get(*a)?, *index.get(*b)?)))
        .collect();
    Gazetteer {
        exact: automaton(&exact_list),
        exact_patterns: exact_list.iter().map(|(p, _)| p.clone()).collect(),
        upper: automaton(&upper_list),
        exact_cues: exact_list.into_iter().map(|(_, c)| c).collect(),
        upper_patterns: upper_list.iter().map(|(p, _)| p.clone()).collect(),
        upper_cues: upper_list.into_iter().map(|(_, c)| c).collect(),
        names,
        successors,
        dateline,
    }
}

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

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// True when `text[s..e]` is whole words: no letter or digit glued on
/// either side, and no ".X" after it (the "UN" of a ticker "UN.AS").
pub(crate) fn whole_word(text: &str, s: usize, e: usize) -> bool {
    if text[..s].chars().next_back().is_some_and(is_word_char) {
        return false;
    }
    let mut after = text[e..].chars();
    match after.next() {
        Some(c) if is_word_char(c) => false,
        Some('.') if !text[..e].ends_with('.') => !after.next().is_some_and(is_word_char),
        _ => true,
    }
}

/// The word ending just before byte `at` (separated by one space).
fn word_before(text: &str, at: usize) -> Option<&str> {
    let head = text[..at].strip_suffix(' ')?;
    let start = head
        .char_indices()
        .rev()
        .find(|(_, c)| !is_word_char(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let w = &head[start..];
    (!w.is_empty()).then_some(w)
}

/// The word starting just after byte `at` (separated by one space).
fn word_after(text: &str, at: usize) -> Option<&str> {
    let tail = text[at..].strip_prefix(' ')?;
    let end = tail.find(|c: char| !is_word_char(c)).unwrap_or(tail.len());
    let w = &tail[..end];
    (!w.is_empty()).then_some(w)
}

/// The capitalised word joined by a hyphen after `text[..e]` (`after`)
/// or before `text[s..]`.
fn hyphen_word(text: &str, s: usize, e: usize, after: bool) -> Option<&str> {
    let w = if after {
        let tail = text[e..].strip_prefix('-')?;
        &tail[..tail.find(|c: char| !is_word_char(c)).unwrap_or(tail.len())]
    } else {
        let head = text[..s].strip_suffix('-')?;
        let start = head
            .char_indices()
            .rev()
            .find(|(_, c)| !is_word_char(*c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        &head[start..]
    };
    w.starts_with(char::is_uppercase).then_some(w)
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

/// One scored country cue, kept for [`super::evidence`]: which country,
/// where (title or body, byte range of the squashed text), what kind of
/// cue, and whether it counts as a reference.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Recorded {
    /// Country id (an index of the gazetteer's names).
    country: u16,
    /// True for the title, false for the body.
    pub title: bool,
    /// Byte range in the squashed title or body.
    pub span: Range<usize>,
    /// What the cue is.
    pub cue: super::evidence::Cue,
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
        for (p, s, e) in super::word_matches(ac, text, skip) {
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
    fn cue(&mut self, text: &str, zone: Zone, at: Place, orgs: OrgSpans<'_>, caps: bool, cue: Cue) {
        let Place { s, e, offset } = at;
        if !whole_word(text, s, e) || cue.kind == CueKind::Block {
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
            use super::evidence::Cue as C;
            record.push(Recorded {
                country: cue.country,
                title: matches!(zone, Zone::Title),
                span: s..e,
                cue: match cue.kind {
                    _ if cue.reference && !reference => C::InName,
                    CueKind::Name => C::Name,
                    CueKind::Adjective => C::Adjective,
                    CueKind::City => C::City,
                    CueKind::Region => C::Region,
                    CueKind::Metonym => C::Metonym,
                    CueKind::Currency | CueKind::Block => C::Currency,
                },
                reference,
            });
        }
        self.add(cue.country, w, offset + s, !cue.needs_support, reference);
    }
}

/// Byte ranges of the organisation names found in one text: a country
/// cue inside a company's name is weak evidence, and a cue inside any
/// organisation's name ("Bank of England") is not a reference.
#[derive(Clone, Copy, Default)]
pub(crate) struct OrgSpans<'a> {
    /// Names of companies.
    pub companies: &'a [Range<usize>],
    /// Names of every organisation, companies included.
    pub all: &'a [Range<usize>],
}

/// Where a match sits: its byte range and the offset of its text.
#[derive(Clone, Copy)]
struct Place {
    s: usize,
    e: usize,
    offset: usize,
}

/// A match of the exact country automaton: (pattern id, start, end).
pub(crate) type CountryMatch = (u32, usize, usize);

/// The case-sensitive country automaton (anchored searches only, see
/// [`super::word_matches`]) and its patterns (by id), for a caller that
/// scans a text once for several tables.
pub(crate) fn exact_automaton() -> (&'static super::WordAutomaton, &'static [String]) {
    let g = &*GAZETTEER;
    (&g.exact, &g.exact_patterns)
}

/// Parse a wire dateline at the start of `body` ("TOKYO, March 3 -",
/// "KOKOMO, Ind., Feb 26 -", "MOSCOW (Reuters) -"). Returns the country
/// of its place, if known, the byte length of the dateline and the byte
/// range of the name that gave the country (the place, or the qualifier
/// that overrides it).
fn dateline(g: &Gazetteer, body: &str) -> Option<(Option<u16>, usize, Range<usize>)> {
    let lead = body.len() - body.trim_start().len();
    let window_end = (lead + 90).min(body.len());
    let window_end = (0..=window_end)
        .rev()
        .find(|i| body.is_char_boundary(*i))
        .unwrap_or(0);
    let window = &body[lead..window_end];
    let dash = dateline_end(window)?;
    let head = window[..dash.0].trim();
    let mut parts = head.split(',').map(str::trim).filter(|p| !p.is_empty());
    let place = parts.next()?;
    let words: Vec<&str> = place.split_whitespace().collect();
    if words.is_empty()
        || words.len() > 4
        || !words
            .iter()
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
    {
        return None;
    }
    let lookup = |name: &str| -> Option<u16> {
        let up = name.to_uppercase();
        let bare = up.trim_end_matches('.');
        g.dateline
            .get(&up)
            .or_else(|| g.dateline.get(bare))
            .or_else(|| g.dateline.get(&format!("{bare}.")))
            .copied()
    };
    // Every part is a subslice of `body`: its range is its address less
    // the body's.
    let range = |part: &str| {
        let s = part.as_ptr() as usize - body.as_ptr() as usize;
        s..s + part.len()
    };
    let mut country = lookup(place);
    let mut span = range(place);
    // A qualifier ("Ind.", "Texas", "Ontario") names the state or country
    // and overrides an ambiguous city ("PARIS, Texas").
    for q in parts {
        if q.split_whitespace().next().is_some_and(is_month) {
            break;
        }
        if let Some(c) = lookup(q) {
            country = Some(c);
            span = range(q);
            break;
        }
    }
    Some((country, lead + dash.0 + dash.1, span))
}

/// Where the dateline ends in `window`: (start of the separator, its
/// length). Separators: a dash after a space and before a space or line
/// end (" - ", " -- ", " — "), or an agency tag "(Reuters)".
fn dateline_end(window: &str) -> Option<(usize, usize)> {
    let bytes = window.as_bytes();
    let mut best: Option<(usize, usize)> = None;
    for (i, c) in window.char_indices() {
        // " - ", or a dash glued to the day ("Oct 20- ").
        let after_space = i > 0 && bytes[i - 1] == b' ';
        let after_day = i > 0 && bytes[i - 1].is_ascii_digit() && c == '-';
        if matches!(c, '-' | '—' | '–') && (after_space || after_day) {
            let mut j = i + c.len_utf8();
            while j < bytes.len() && bytes[j] == b'-' {
                j += 1;
            }
            if j == bytes.len() || bytes[j].is_ascii_whitespace() {
                let from = if after_space { i - 1 } else { i };
                best = Some((from, j - from));
                break;
            }
        }
    }
    // The first agency tag wins if it comes before the dash: one pass over
    // the '(' bytes rather than a substring search per tag.
    let limit = best.map_or(bytes.len(), |(b, _)| b);
    let tag = (0..limit).filter(|&p| bytes[p] == b'(').find_map(|p| {
        ["(Reuters)", "(AP)", "(AFP)", "(UPI)"]
            .iter()
            .find(|t| bytes[p..].starts_with(t.as_bytes()))
            .map(|t| (p, t.len()))
    });
    tag.or(best)
}

fn is_month(w: &str) -> bool {
    const MONTHS: &[&str] = &[
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = w.trim_end_matches('.').to_ascii_lowercase();
    MONTHS.contains(&w.as_str())
}

/// End of the lead sentence of `body` starting at `from`.
fn lead_end(body: &str, from: usize) -> usize {
    let limit = (from + 400).min(body.len());
    let bytes = body.as_bytes();
    let mut i = from + 30;
    while i + 2 < limit {
        if bytes[i] == b'.' && bytes[i + 1] == b' ' && bytes[i + 2].is_ascii_uppercase() {
            // "U.S. Treasury": not a sentence end after a one-letter segment.
            if i >= 2 && bytes[i - 2] == b'.' {
                i += 1;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    limit
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

/// Where the wire dateline and the lead sentence of a squashed `body`
/// end (byte offsets; the dateline's end is 0 without one), as the
/// country scan reads them.
pub(crate) fn lead_zones(body: &str) -> (usize, usize) {
    let skip = dateline(&GAZETTEER, body).map_or(0, |(_, len, _)| len);
    (skip, lead_end(body, skip))
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

/// [`rank`], with the body's matches of the exact automaton already found
/// by the caller (see [`exact_automaton`]); `record` keeps every scored
/// cue in [`Ranked::cues`].
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
                        cue: super::evidence::Cue::Dateline,
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

/// True when `word` names a country or a place in one ("Japan", "Tokyo").
pub(crate) fn is_place(word: &str) -> bool {
    GAZETTEER.dateline.contains_key(&word.to_uppercase())
}

/// The canonical country a user's name for it stands for: the canonical
/// name itself, a short form or code (`UK`, `U.S.`, `USA`, `Britain`), a
/// home nation (`England` -> United Kingdom) or an adjective (`German`),
/// case-insensitive. Cities, currencies and regions give `None`: a filter
/// by country should not quietly become a filter by something else.
///
/// ```
/// use newsindex::extract::canonical_country;
///
/// assert_eq!(canonical_country("uk"), Some("United Kingdom"));
/// assert_eq!(canonical_country("U.S."), Some("United States"));
/// assert_eq!(canonical_country("Tokyo"), None);
/// ```
pub fn canonical_country(name: &str) -> Option<&'static str> {
    let g = &*GAZETTEER;
    let name = name.trim();
    if let Some(n) = g.names.iter().find(|n| n.eq_ignore_ascii_case(name)) {
        return Some(n.as_str());
    }
    let up = name.to_uppercase();
    let i = g.upper_patterns.binary_search(&up).ok()?;
    let cue = g.upper_cues[i];
    (matches!(cue.kind, CueKind::Name | CueKind::Adjective) && cue.country != u16::MAX)
        .then(|| g.names[cue.country as usize].as_str())
}

/// Every canonical country name the extractor can produce, sorted.
pub fn country_names() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = GAZETTEER.names.iter().map(String::as_str).collect();
    v.sort_unstable();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The salient countries (`about`).
    fn c(title: &str, body: &str) -> Vec<String> {
        rank(title, body, OrgSpans::default(), OrgSpans::default()).about
    }

    /// Every country referred to, with its number of references.
    fn all(title: &str, body: &str) -> Vec<(String, u32)> {
        rank(title, body, OrgSpans::default(), OrgSpans::default()).countries
    }

    #[test]
    fn user_names_resolve_to_the_canonical_country() {
        for (name, want) in [
            ("Andorra", "Andorra"),
            ("Barbados", "Barbados"),
            ("Montenegro", "Montenegro"),
            ("Kosovo", "Kosovo"),
            // Other-language names still resolve, to the English one.
            ("Andorre", "Andorra"),
            ("Crna Gora", "Montenegro"),
            ("UK", "United Kingdom"),
            ("Britain", "United Kingdom"),
            ("england", "United Kingdom"),
            ("U.S.", "United States"),
            ("USA", "United States"),
            ("united states", "United States"),
            ("German", "Germany"),
            ("South Korea", "South Korea"),
        ] {
            assert_eq!(canonical_country(name), Some(want), "{name}");
        }
        for name in ["London", "Europe", "yen", "Untied Kingdom", ""] {
            assert_eq!(canonical_country(name), None, "{name}");
        }
    }

    #[test]
    fn names_codes_and_adjectives() {
        assert_eq!(
            c(
                "U.S. and Russian presidents meet",
                "The U.S. and Russian presidents met."
            ),
            ["United States", "Russia"]
        );
        assert_eq!(
            c("UK-USA talks", "Talks between the UK and the USA ended."),
            ["United Kingdom", "United States"]
        );
        assert_eq!(
            c(
                "British, Japanese and West German officials meet",
                "They met in Paris."
            ),
            ["United Kingdom", "Japan", "West Germany"]
        );
        assert_eq!(
            c(
                "",
                "South Korea's exports and Korean banks rose, the Koreans said."
            ),
            ["South Korea"]
        );
        assert_eq!(
            c("", "Soviet grain purchases from the U.S.S.R. rose."),
            ["Soviet Union"]
        );
        assert_eq!(c("Nigerien uranium", "Exports rose."), ["Niger"]);
    }

    #[test]
    fn a_passing_mention_is_not_enough() {
        // The lead is about Britain; Japan is mentioned once further on.
        let body = "Britain's economy grew faster than expected, the Treasury said. \
                    Britain's growth beat forecasts. Exports to Japan rose.";
        assert_eq!(c("", body), ["United Kingdom"]);
        // ... but a single mention is kept when it is all there is.
        assert_eq!(
            c("", "Cisco will invest $1 billion in Skolkovo, near Moscow."),
            ["Russia"]
        );
    }

    #[test]
    fn a_country_named_once_is_referred_to_but_not_about() {
        let body = "Britain's economy grew faster than expected, the Treasury said. \
                    Britain's growth beat forecasts. Exports to Japan rose.";
        assert_eq!(
            all("", body),
            [("United Kingdom".to_string(), 2), ("Japan".to_string(), 1)]
        );
        assert_eq!(c("", body), ["United Kingdom"]);
    }

    #[test]
    fn metonyms_are_not_references() {
        let body = "Downing Street said the plan was sound. Whitehall officials and \
                    Wall Street bankers agreed, as did the Kremlin. Holyrood and \
                    Westminster were silent.";
        // The best of them is still what the article is about, with no
        // reference; the others are neither.
        assert_eq!(all("", body), [("United Kingdom".to_string(), 0)]);
        assert_eq!(c("", body), ["United Kingdom"]);
        // Used literally, the city is a reference.
        assert_eq!(
            all("", "Talks in London and Moscow ended."),
            [("United Kingdom".to_string(), 1), ("Russia".to_string(), 1)]
        );
    }

    #[test]
    fn names_inside_other_names_are_not_references() {
        let body = "The Bank of England held rates. Bayern Munich beat Real Madrid.";
        assert!(
            all("", body).iter().all(|(_, n)| *n == 0),
            "{:?}",
            all("", body)
        );
        // A cue inside an organisation's name found by the caller.
        let body = "Shares in British Airways rose. Japan's exports fell.";
        let s = body.find("British").unwrap();
        let span = s..s + "British Airways".len();
        let spans = std::slice::from_ref(&span);
        let orgs = OrgSpans {
            companies: spans,
            all: spans,
        };
        let r = rank("", body, OrgSpans::default(), orgs);
        assert_eq!(r.countries, [("Japan".to_string(), 1)]);
    }

    #[test]
    fn hyphened_names() {
        // A firm's name, not a place.
        assert_eq!(
            all("", "Bristol-Myers and Petro-Canada said Japan would buy."),
            [("Japan".to_string(), 1)]
        );
        // Two countries joined: both.
        assert_eq!(
            all("", "The US-German firm and U.S.-Japan talks."),
            [
                ("United States".to_string(), 2),
                ("Germany".to_string(), 1),
                ("Japan".to_string(), 1)
            ]
        );
    }

    #[test]
    fn home_nations_are_the_united_kingdom() {
        assert_eq!(
            all("", "Scotland and Wales beat England; the Welsh fans sang."),
            [("United Kingdom".to_string(), 4)]
        );
    }

    #[test]
    fn states_and_figurative_uses_are_not_countries() {
        assert!(all("", "Voters in Georgia and Ohio chose.")
            .iter()
            .all(|(_, n)| *n == 0));
        assert_eq!(
            all("", "He opened a Las Vegas-style casino in Singapore."),
            [("Singapore".to_string(), 1)]
        );
    }

    #[test]
    fn successor_states_fold_into_one() {
        assert_eq!(
            c(
                "SOVIET OUTPUT SLOWS",
                "MOSCOW, Oct 19 - The Soviet Union's output slowed."
            ),
            ["Soviet Union"]
        );
        assert_eq!(
            c(
                "Russia's economy",
                "Russia's output, which collapsed with the Soviet Union, grew."
            ),
            ["Russia"]
        );
        assert_eq!(
            c("WAGE TALKS", "BONN, April 8 - West German unions met."),
            ["West Germany"]
        );
    }

    #[test]
    fn datelines() {
        assert_eq!(
            c(
                "JAPAN'S TRADE SURPLUS RISES",
                "TOKYO, March 3 - Japan's trade surplus rose."
            ),
            ["Japan"]
        );
        assert_eq!(
            c(
                "",
                "KOKOMO, Ind., Feb 26 - Continental Steel Corp said it lost money."
            ),
            ["United States"]
        );
        assert_eq!(
            c(
                "",
                "PARIS, Texas, Feb 26 - A local firm said it would grow."
            ),
            ["United States"]
        );
        assert_eq!(
            c(
                "",
                "MOSCOW (Reuters) - The central bank said rates would rise."
            ),
            ["Russia"]
        );
        assert_eq!(
            c(
                "",
                "    NEW YORK, April 8 -\n    Shr loss two cts vs profit 38 cts"
            ),
            ["United States"]
        );
        assert_eq!(
            c("", "North Brunswick, NJ, Apr 9 - Demand good for beef."),
            ["United States"]
        );
        assert_eq!(
            c(
                "SHANGHAI TYREb FACTORY TO RAISE LOAN",
                "HONG KONG, April 9 - A loan."
            ),
            ["China", "Hong Kong"]
        );
        assert_eq!(
            c("", "    LAKEWOOD, Colo, April 8 -\n    Shr profit 12 cts"),
            ["United States"]
        );
        assert_eq!(
            c(
                "",
                "TEMPE, Ariz., Oct 20- CerProbe Corp said its chairman would resign."
            ),
            ["United States"]
        );
    }

    #[test]
    fn cities() {
        assert_eq!(
            c("", "Cisco will invest $1 billion in Skolkovo, near Moscow."),
            ["Russia"]
        );
        assert_eq!(
            c("", "The delegates are in Menlo Park and Silicon Valley."),
            ["United States"]
        );
    }

    #[test]
    fn ambiguous_names() {
        assert!(
            c("", "Atlanta-based Georgia Power said Georgia rates rose.")
                .iter()
                .all(|x| x != "Georgia")
        );
        assert_eq!(c("", "Tbilisi said Georgia would join."), ["Georgia"]);
        assert_eq!(
            c("", "Economist Jerry Jordan said rates would fall."),
            Vec::<String>::new()
        );
        assert_eq!(
            c("", "In Jordan, King Hussein said Jordan would buy wheat."),
            ["Jordan"]
        );
        assert_eq!(c("", "Chad Hurley founded the firm."), Vec::<String>::new());
        assert_eq!(
            c("Chad and Libya", "Libyan troops left northern Chad."),
            ["Chad", "Libya"]
        );
        assert_eq!(
            c("", "Latin American debtors met in the Indian Ocean."),
            Vec::<String>::new()
        );
        assert_eq!(c("Turkey and New Mexico", ""), ["Turkey", "United States"]);
    }

    #[test]
    fn weak_evidence_is_ranked_last_or_dropped() {
        assert_eq!(
            c(
                "EQUITICORP H.K. UNIT TO RAISE 30 MLN U.S. DLRS",
                "HONG KONG, April 9 - A loan."
            ),
            ["Hong Kong"]
        );
        assert_eq!(
            c(
                "UNITED JERSEY BANKS INC SETS DIVIDEND",
                "PRINCETON, N.J., June 18 - Qtly div."
            ),
            ["United States"]
        );
        let body = "Britain's economy grew, Britain said. The yen fell.";
        assert_eq!(c("", body), ["United Kingdom"]);
        // Company span: "China" in "China Industrial Co" counts little.
        let body = "Taiwan's China Industrial Co said Taiwan exports rose.";
        let start = body.find("China").unwrap();
        let r = start..start + "China Industrial Co".len();
        let spans = std::slice::from_ref(&r);
        let orgs = OrgSpans {
            companies: spans,
            all: spans,
        };
        assert_eq!(rank("", body, OrgSpans::default(), orgs).about, ["Taiwan"]);
    }

    #[test]
    fn historical_names_are_their_own() {
        assert_eq!(
            c("East German and Czechoslovak trade with Yugoslavia", ""),
            ["East Germany", "Czechoslovakia", "Yugoslavia"]
        );
        assert!(country_names().contains(&"Soviet Union"));
        assert!(country_names().contains(&"United States"));
        assert!(country_names().contains(&"South Korea"));
    }
}
