//! The country gazetteer: every name, code, adjective, city, state,
//! metonym and currency word that points to a country (keshvar's ISO 3166
//! names and nationalities, and `data/places.txt`), in one case-sensitive
//! automaton and one upper-case automaton for ALL-CAPS headlines, built on
//! first use; and the look-ups of a user's name for a country.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::extract::automaton::{word_automaton, WordAutomaton};
use crate::extract::data_file::sectioned;

const PLACES: &str = include_str!("../data/places.txt");

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
/// Historical states and their main successor: never both in one article.
const SUCCESSORS: &[(&str, &str)] = &[
    ("Soviet Union", "Russia"),
    ("West Germany", "Germany"),
    ("Czechoslovakia", "Czech Republic"),
    ("Yugoslavia", "Serbia"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CueKind {
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

/// What one name of the gazetteer stands for.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    pub(super) country: u16,
    pub(super) kind: CueKind,
    pub(super) person_like: bool,
    pub(super) needs_support: bool,
    /// The cue names the country itself: a name, adjective or city, or a
    /// currency qualified by one ("Japanese yen", not "yen").
    pub(super) reference: bool,
}

pub(super) struct Gazetteer {
    pub(super) names: Vec<String>,
    /// [`SUCCESSORS`] as country ids, looked up once rather than per article.
    pub(super) successors: Vec<(u16, u16)>,
    pub(super) exact: WordAutomaton,
    pub(super) exact_cues: Vec<Entry>,
    /// The patterns of `exact`, by pattern id.
    pub(super) exact_patterns: Vec<String>,
    pub(super) upper: WordAutomaton,
    pub(super) upper_cues: Vec<Entry>,
    /// The patterns of `upper`, sorted, by pattern id.
    pub(super) upper_patterns: Vec<String>,
    /// Upper-cased name -> country, for dateline places and qualifiers.
    pub(super) dateline: HashMap<String, u16>,
}

pub(super) static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(build);

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
    let mut table: HashMap<String, (Entry, Source)> = HashMap::new();
    let put =
        |pattern: String, cue: Entry, src: Source, table: &mut HashMap<String, (Entry, Source)>| {
            match table.get(&pattern) {
                Some((_, old)) if *old >= src => {}
                _ => {
                    table.insert(pattern, (cue, src));
                }
            }
        };
    let mk = |country: u16, kind: CueKind, text: &str| Entry {
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
    for (section, country, cues) in sectioned(PLACES.lines()) {
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

    let mut exact_list: Vec<(String, Entry)> =
        table.into_iter().map(|(p, (c, _))| (p, c)).collect();
    exact_list.sort_by(|a, b| a.0.cmp(&b.0));
    let mut upper_map: HashMap<String, Entry> = HashMap::new();
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
    let mut upper_list: Vec<(String, Entry)> = upper_map.into_iter().collect();
    upper_list.sort_by(|a, b| a.0.cmp(&b.0));

    let automaton = |pats: &[(String, Entry)]| word_automaton(pats.iter().map(|(p, _)| p.as_str()));
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

/// A match of the exact country automaton: (pattern id, start, end).
pub(crate) type CountryMatch = (u32, usize, usize);

/// The case-sensitive country automaton (anchored searches only, see
/// [`word_matches`](crate::extract::automaton::word_matches)) and its
/// patterns (by id), for a caller that scans a text once for several
/// tables.
pub(crate) fn exact_automaton() -> (&'static WordAutomaton, &'static [String]) {
    let g = &*GAZETTEER;
    (&g.exact, &g.exact_patterns)
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
