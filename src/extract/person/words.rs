//! The word lists of the person rules (files of `data/person/`, parsed
//! once) and the word-level tests built on them.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::extract::data_file::entries;
use crate::extract::token::{Kind, Token};

/// A word list: looked up for most capitalised words of every article, so
/// hashed with foldhash rather than SipHash (no untrusted keys here).
type Set = HashSet<&'static str, foldhash::fast::FixedState>;

/// "Mr", "Dr", "Sir": stripped, and a name follows.
static HONORIFICS: LazyLock<Set> = LazyLock::new(|| {
    entries(include_str!("../data/person/honorifics.txt"))
        .into_iter()
        .collect()
});

/// "Lord", "Pope": kept in the name they open.
static PEER_TITLES: LazyLock<Set> = LazyLock::new(|| {
    entries(include_str!("../data/person/peer_titles.txt"))
        .into_iter()
        .collect()
});

/// Common first names.
static FIRST_NAMES: LazyLock<Set> = LazyLock::new(|| {
    entries(include_str!("../data/person/first_names.txt"))
        .into_iter()
        .collect()
});

/// Roles ("president", "coach") and the modifiers that lead to one
/// ("foreign", "deputy"), lower case.
static ROLES: LazyLock<(Set, Set)> = LazyLock::new(|| {
    let mut roles = Set::default();
    let mut modifiers = Set::default();
    let mut section = "";
    for line in include_str!("../data/person/roles.txt")
        .lines()
        .map(str::trim)
    {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(s) = line.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            section = s;
            continue;
        }
        match section {
            "role" => roles.insert(line),
            _ => modifiers.insert(line),
        };
    }
    (roles, modifiers)
});

/// Sentence starters, days and months: never a one-word name, never the
/// start of one (the organisation rules' list, shared).
static LEAD: LazyLock<Set> = LazyLock::new(|| {
    entries(include_str!("../data/organisation/lead_stop.txt"))
        .into_iter()
        .collect()
});

/// Words that end the names of bodies, events, places and works.
static NOT_NAME_ENDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    entries(include_str!("../data/person/not_name_ends.txt"))
        .into_iter()
        .collect()
});

/// True when a name ending in `w` is a body's, an event's, a place's or
/// a work's ("Bill Gates Foundation", "Academy Awards"), not a person's.
pub(super) fn thing_end(w: &str) -> bool {
    NOT_NAME_ENDS.contains(w)
}

/// Lower-case particles inside a name ("Ludwig van Beethoven", "Luiz
/// Inacio Lula da Silva").
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "da", "das", "di", "del", "della", "dos", "du", "le", "la",
    "bin", "ibn", "al", "el", "ter", "ten", "y",
];

pub(super) fn is_honorific(w: &str) -> bool {
    HONORIFICS.contains(w)
}

pub(super) fn is_peer_title(w: &str) -> bool {
    PEER_TITLES.contains(w)
}

pub(super) fn is_first_name(w: &str) -> bool {
    FIRST_NAMES.contains(w)
}

pub(super) fn is_lead(w: &str) -> bool {
    LEAD.contains(w)
}

pub(super) fn is_particle(w: &str) -> bool {
    PARTICLES.contains(&w)
}

/// Lower-cased `w` into `buf` when it is short ASCII letters (and
/// hyphens): roles are; anything else is no role.
fn lower<'b>(w: &str, buf: &'b mut [u8; 16]) -> Option<&'b str> {
    if w.len() > buf.len() || !w.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-') {
        return None;
    }
    let out = &mut buf[..w.len()];
    out.copy_from_slice(w.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

/// True for a role word in either case ("President", "coach").
pub(super) fn is_role(w: &str) -> bool {
    let mut buf = [0u8; 16];
    lower(w, &mut buf).is_some_and(|l| ROLES.0.contains(l))
}

/// True for a word that only leads to a role ("Foreign", "Deputy").
pub(super) fn is_modifier(w: &str) -> bool {
    let mut buf = [0u8; 16];
    lower(w, &mut buf).is_some_and(|l| ROLES.1.contains(l))
}

/// True when `t` can be a word of a person's name: a capitalised word with
/// a lower-case letter ("Blair", "McDonald"), an initial ("W"), a roman
/// numeral after a name ("II") or "Jr"; never a sentence starter, day or
/// month or honorific. A role word can be a surname ("Stephen King"):
/// callers strip roles before a name themselves.
pub(super) fn name_word(t: &Token<'_>) -> bool {
    if t.kind != Kind::Word || !t.is_capitalised() {
        return false;
    }
    let w = t.text;
    // An initial ("George W Bush"), never the pronoun "I".
    let initial = w.len() == 1 && w != "I";
    let numeral = matches!(w, "II" | "III" | "IV" | "VI" | "Jr" | "Jnr" | "Snr");
    let mixed = t.has_lower();
    (initial || numeral || mixed) && !is_lead(w) && !is_honorific(w)
}

/// True for a name ending that makes an adjective or a doctrine of a name
/// ("Blairite", "Thatcherism", "Marxist").
pub(super) fn derived_word(w: &str) -> bool {
    [
        "ite", "ites", "ism", "ist", "ists", "ian", "ians", "ean", "esque",
    ]
    .iter()
    .any(|s| w.len() > s.len() + 2 && w.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parse() {
        assert!(is_honorific("Mr") && is_honorific("Dr") && !is_honorific("Lord"));
        assert!(is_peer_title("Lord") && is_peer_title("Pope"));
        assert!(is_first_name("Tony") && !is_first_name("Will"));
        assert!(is_role("President") && is_role("coach") && !is_role("Blair"));
        assert!(is_modifier("Foreign") && is_modifier("deputy") && !is_modifier("coach"));
        assert!(is_lead("Monday") && is_lead("The"));
    }

    #[test]
    fn derived_words() {
        assert!(derived_word("Blairite") && derived_word("Thatcherism"));
        assert!(!derived_word("Blair") && !derived_word("Ian"));
    }
}
