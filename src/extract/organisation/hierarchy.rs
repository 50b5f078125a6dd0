//! Organisations and their named units: "BBC Sport" is a unit of the BBC,
//! stored in the index under its parent as the hierarchical facet
//! `/org/BBC/BBC Sport`, so a filter on the parent includes its units.
//!
//! A unit is found by its name, never by merging it into its parent: a
//! known organisation's name (a name of `data/orgs.txt` or of the
//! gazetteer that is found in text as written, by [`canonical_organisation`])
//! followed by a unit word
//! (`data/organisation/unit_words.txt`: "BBC Sport", "BBC Radio 4", "Sky
//! News", "Sony Pictures", "Barclays Capital") or by a country ("BBC
//! Scotland"), or an acronym with a channel number glued to it ("ITV1");
//! and the few units named otherwise, listed with their parent in
//! `data/organisation/units.txt` ("E4" of Channel 4). A name that the
//! table gives the parent's own canonical name ("Cisco Systems" of Cisco)
//! is the parent, not a unit; a distinct name that continues with no unit
//! word ("Sony Ericsson", a joint venture) is a body of its own.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::known::{canonical_organisation, written_alias};
use super::words::collapse;
use crate::extract::data_file::{entries, sectioned};

/// Words that open a unit's name after its parent's.
static UNIT_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| entries(include_str!("../data/organisation/unit_words.txt")));

/// Units named otherwise than by their parent's name: lower-cased unit ->
/// parent.
static UNITS: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    sectioned(include_str!("../data/organisation/units.txt").lines())
        .map(|(_, unit, parent)| (unit.trim().to_lowercase(), parent.trim()))
        .collect()
});

/// The canonical name of the organisation that `canonical` (a canonical
/// organisation name, as the index stores it) is a named unit of, when it
/// is one: `Some("BBC")` for "BBC Sport". `None` for a top-level body. A
/// unit of a unit gives the top-level body ("BBC News 24" -> "BBC"), so
/// that a filter on the body finds all its units.
///
/// ```
/// use newsindex::extract::organisation_parent;
///
/// assert_eq!(organisation_parent("BBC Radio 4").as_deref(), Some("BBC"));
/// assert_eq!(organisation_parent("ITV1").as_deref(), Some("ITV"));
/// assert_eq!(organisation_parent("Sky News").as_deref(), Some("Sky"));
/// assert_eq!(organisation_parent("BBC"), None);
/// assert_eq!(organisation_parent("Sony Ericsson"), None);
/// ```
pub fn organisation_parent(canonical: &str) -> Option<String> {
    let mut parent = parent_of(canonical)?;
    // Units of units roll up (bounded: the data could hold a cycle).
    for _ in 0..4 {
        match parent_of(parent) {
            Some(p) if p != parent && !p.eq_ignore_ascii_case(canonical) => parent = p,
            _ => break,
        }
    }
    Some(parent.to_string())
}

/// The organisation `name` is a direct unit of, by the rules of the
/// module doc.
fn parent_of(name: &str) -> Option<&'static str> {
    let name = collapse(name.trim());
    if let Some(p) = UNITS.get(&name.to_lowercase()) {
        return Some(p);
    }
    let own = canonical_organisation(&name);
    // The shortest known name that opens `name`: "BBC" of "BBC News 24",
    // not the unit "BBC News".
    for (i, _) in name.match_indices(' ') {
        let (head, rest) = (&name[..i], &name[i + 1..]);
        // A name the table finds as written: not "Universal", the bare
        // canonical name of "Universal Corporation" (of "Universal Music").
        let Some(parent) = canonical_organisation(head).filter(|_| written_alias(head)) else {
            continue;
        };
        // Another name of the parent itself ("Cisco Systems").
        if own == Some(parent) || parent.eq_ignore_ascii_case(&name) {
            return None;
        }
        let first = rest.split(' ').next().unwrap_or_default();
        let place = crate::extract::country::canonical_country(rest).is_some();
        if UNIT_WORDS.contains(&first) || place {
            return Some(parent);
        }
    }
    // A channel number glued to an acronym: "ITV1", "ITV2".
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    if stem.len() >= 2 && stem.len() < name.len() && stem.bytes().all(|b| b.is_ascii_uppercase()) {
        let parent = canonical_organisation(stem)?;
        if own != Some(parent) {
            return Some(parent);
        }
    }
    None
}
