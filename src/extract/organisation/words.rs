//! The word lists of the organisation rules and the word-level tests built
//! on them: head words, legal forms, titles, sentence openers, connectors,
//! events and the other vocabularies, each a file of `data/organisation/`
//! (one word or phrase a line, parsed once at first use), and the class
//! flags that let a rule test a word against several lists with one hash.
//! The other rooms read their words here (the context cue words, which
//! only `context.rs` reads, are loaded there).

use std::sync::LazyLock;

use crate::extract::data_file::entries;
use crate::extract::token::{Kind, Token};

/// A word list of `data/organisation/`, parsed at first use.
type List = LazyLock<Vec<&'static str>>;

/// Aliases not matched in ALL-CAPS text, where they are ordinary words.
const CAPS_UNSAFE: &str = include_str!("../data/organisation/caps_unsafe.txt");
/// Head words that make a capitalised run a company name, besides the
/// legal forms in [`LEGAL`] (which do too).
const COMPANY_HEADS: &str = include_str!("../data/organisation/company_heads.txt");
/// Head words that open a company name in Romance languages: "Banque
/// Paribas", "Compagnie Generale d'Electricite", "Banco Central".
const LEADING_HEADS: &str = include_str!("../data/organisation/leading_heads.txt");
/// Head words of other organisations (public bodies, institutions).
const BODY_HEADS: &str = include_str!("../data/organisation/body_heads.txt");
/// Capitalised words stripped from the start of a candidate: determiners,
/// function words and adverbs that start sentences, days and months.
const LEAD_STOP: &str = include_str!("../data/organisation/lead_stop.txt");
/// People's titles: never part of an organisation's name at its start.
const TITLES: &str = include_str!("../data/organisation/titles.txt");
/// Connectors allowed inside a name between capitalised words.
const CONNECTORS: &str = include_str!("../data/organisation/connectors.txt");
/// Candidates rejected outright: places and states that end in a head
/// word, national sides by nickname, grounds.
const NOT_ORGS: &str = include_str!("../data/organisation/not_orgs.txt");

/// Legal-form suffixes that end a company name: "Cominco Ltd CLT and
/// Lornex Mining Corp" is two names, "Texaco Canada Inc" one.
pub(super) static LEGAL: List =
    LazyLock::new(|| entries(include_str!("../data/organisation/legal_forms.txt")));

/// Words after a weak known name that make it something else: a market
/// instrument ("Treasury bills") or an event ("Uefa Cup").
pub(super) static NOT_AFTER_WEAK: List =
    LazyLock::new(|| entries(include_str!("../data/organisation/not_after_weak.txt")));

/// Events, competitions, awards and indices that look like organisations
/// (end in a head word, or are tagged): never output.
static EVENTS: List = LazyLock::new(|| entries(include_str!("../data/organisation/events.txt")));

/// The last words of event, competition, award, index, law and venue
/// names, each after a space (" Cup", " Awards", " Bill", " Stadium").
static EVENT_TAILS: LazyLock<Vec<String>> = LazyLock::new(|| {
    entries(include_str!("../data/organisation/event_tails.txt"))
        .into_iter()
        .map(|w| format!(" {w}"))
        .collect()
});

/// What [`is_event`] checks first: the lengths of the [`EVENTS`] (bit
/// set, all shorter than 128 bytes) and the last bytes of the
/// [`EVENT_TAILS`] (bit set of 256).
static EVENT_KEYS: LazyLock<(u128, [u128; 2])> = LazyLock::new(|| {
    let mut lengths = 0u128;
    for e in EVENTS.iter() {
        assert!(e.len() < 128, "an event name of 128 bytes or more: {e}");
        lengths |= 1 << e.len();
    }
    let mut last = [0u128; 2];
    for t in EVENT_TAILS.iter() {
        let b = usize::from(*t.as_bytes().last().expect("a tail is a word"));
        last[b / 128] |= 1 << (b % 128);
    }
    (lengths, last)
});

/// Words that never end a name: times ("Electoral Commission on
/// Thursday") and reporting words.
pub(super) static TIME_WORDS: List =
    LazyLock::new(|| entries(include_str!("../data/organisation/time_words.txt")));

/// Words that end the name of an event, competition or award: a name
/// inside one ("RBS" of "RBS Six Nations", "Volvo" of "Volvo Women's
/// Open") is no organisation there.
pub(super) static EVENT_WORDS: List =
    LazyLock::new(|| entries(include_str!("../data/organisation/event_words.txt")));

/// Names a context cue never makes a club, band or firm: national sides'
/// nicknames, genres, adjectives, compass words, leagues, grounds,
/// nations' short forms in team sheets ("Mehrtens (NZ)"), trades ("PR
/// executive").
pub(super) static NOT_CLUBS: List =
    LazyLock::new(|| entries(include_str!("../data/organisation/not_clubs.txt")));

/// Words only sport uses (rugby, striker, referee): two points towards a
/// sport article. In file order: a word's index is its bit in the set of
/// words seen, after [`SPORT_MEDIUM`]'s.
pub(super) static SPORT_STRONG: List =
    LazyLock::new(|| entries(include_str!("../data/organisation/sport_words_strong.txt")));

/// Words sport shares with other news (coach, captain, team, defeat): one
/// point towards a sport article.
pub(super) static SPORT_MEDIUM: List =
    LazyLock::new(|| entries(include_str!("../data/organisation/sport_words_medium.txt")));

// Flags of the word lists above, looked up with one hash per word.
pub(super) const COMPANY: u16 = 1;
pub(super) const BODY: u16 = 1 << 1;
pub(super) const LEAD: u16 = 1 << 2;
pub(super) const TITLE: u16 = 1 << 3;
pub(super) const CONNECTOR: u16 = 1 << 4;
pub(super) const LEGAL_FORM: u16 = 1 << 5;
pub(super) const LEADING: u16 = 1 << 6;
pub(super) const NOT_ORG: u16 = 1 << 7;
pub(super) const NO_CAPS: u16 = 1 << 8;
/// A head word of either kind.
pub(super) const HEAD: u16 = COMPANY | BODY;

/// FNV (the `fnv` crate): the keys are short words, SipHash's DoS
/// resistance is not needed for a fixed table.
pub(super) type FnvMap<V> = fnv::FnvHashMap<&'static str, V>;

static CLASSES: LazyLock<FnvMap<u16>> = LazyLock::new(|| {
    let mut m = FnvMap::default();
    let (company_heads, body_heads, lead_stop, titles, connectors, leading_heads, not_orgs, caps) = (
        entries(COMPANY_HEADS),
        entries(BODY_HEADS),
        entries(LEAD_STOP),
        entries(TITLES),
        entries(CONNECTORS),
        entries(LEADING_HEADS),
        entries(NOT_ORGS),
        entries(CAPS_UNSAFE),
    );
    let lists: [(&[&'static str], u16); 10] = [
        (&company_heads, COMPANY),
        (&LEGAL, COMPANY),
        (&body_heads, BODY),
        (&lead_stop, LEAD),
        (&titles, TITLE),
        (&connectors, CONNECTOR),
        (&LEGAL, LEGAL_FORM),
        (&leading_heads, LEADING),
        (&not_orgs, NOT_ORG),
        (&caps, NO_CAPS),
    ];
    for (list, flag) in lists {
        for w in list {
            *m.entry(*w).or_insert(0) |= flag;
        }
    }
    m
});

/// A bit set of [`shape_key`] over the keys of [`CLASSES`]: most words
/// are in no list, and their key's bit, one load, says so before any hash
/// of the word.
static CLASS_KEYS: LazyLock<Box<[u64; 1024]>> = LazyLock::new(|| {
    let mut bits = Box::new([0u64; 1024]);
    for w in CLASSES.keys() {
        let k = shape_key(w);
        bits[k >> 6] |= 1 << (k & 63);
    }
    bits
});

/// A 16-bit key of a word's length and first and last bytes.
#[inline]
fn shape_key(w: &str) -> usize {
    let b = w.as_bytes();
    let (first, last) = match b {
        [] => (0, 0),
        [f, .., l] => (*f, *l),
        [f] => (*f, *f),
    };
    let v = (b.len().min(255) as u32) << 16 | u32::from(first) << 8 | u32::from(last);
    (v.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

/// Flags of the lists that hold `w`.
#[inline]
pub(super) fn flags(w: &str) -> u16 {
    let k = shape_key(w);
    if CLASS_KEYS[k >> 6] & (1 << (k & 63)) == 0 {
        return 0;
    }
    listed_flags(w)
}

/// [`flags`] of a word its key does not turn away.
#[inline(never)]
fn listed_flags(w: &str) -> u16 {
    CLASSES.get(w).copied().unwrap_or(0)
}

/// True when `w` is in a list marked by `flag`.
pub(super) fn has(flag: u16, w: &str) -> bool {
    flags(w) & flag != 0
}

/// A capitalised word that is no ticker symbol.
#[inline]
pub(super) fn is_cap(t: &Token<'_>) -> bool {
    t.kind == Kind::Word && t.is_capitalised() && !t.is_ticker()
}

/// True when token `i` touches the token before it (no space between).
pub(super) fn glued(toks: &[Token<'_>], i: usize) -> bool {
    i > 0 && toks[i - 1].end == toks[i].start
}

/// Collapse runs of whitespace (line breaks inside a name) to one space.
pub(super) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, w) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// True when token `i` opens a sentence (or the text).
pub(super) fn sentence_start(toks: &[Token<'_>], i: usize) -> bool {
    i == 0
        || matches!(
            toks[i - 1].text,
            "." | "!" | "?" | ":" | "\"" | "“" | "'" | "‘"
        )
}

/// True for an event, competition, award, index, law or product name
/// ("Champions League", "Brit Awards", "FTSE 100", "Gambling Bill").
pub(super) fn is_event(name: &str) -> bool {
    // An event word inside the name: "International Festival of Fantastic
    // Film", "Brit Awards ceremony".
    const INSIDE: &[&str] = &[" Festival ", " Awards ", " Championship ", " Olympics "];
    let (lengths, last_bytes) = &*EVENT_KEYS;
    let listed_length = name.len() < 128 && lengths & (1 << name.len()) != 0;
    let last = usize::from(name.as_bytes().last().copied().unwrap_or(0));
    // Tails and inner words start with a space: a one-word name (most of
    // them) can only be an entry of the list.
    (listed_length && EVENTS.iter().any(|e| e.eq_ignore_ascii_case(name)))
        || (name.contains(' ')
            && ((last_bytes[last / 128] & (1 << (last % 128)) != 0
                && EVENT_TAILS.iter().any(|t| name.ends_with(t.as_str())))
                || INSIDE.iter().any(|w| name.contains(w))))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each list holds exactly the entries of the array it was before it
    /// became a data file (counts with repeats: "Under" is listed twice
    /// in `lead_stop.txt`), and a few known members.
    #[test]
    fn word_lists_load_with_their_entries() {
        let lists: [(&str, Vec<&str>, usize, &[&str]); 17] = [
            (
                "caps_unsafe",
                entries(CAPS_UNSAFE),
                11,
                &["WHO", "Apple Inc", "Fiat"],
            ),
            (
                "company_heads",
                entries(COMPANY_HEADS),
                62,
                &["Company", "L.P.", "Publishing"],
            ),
            (
                "leading_heads",
                entries(LEADING_HEADS),
                15,
                &["Banque", "Société", "Kredietbank"],
            ),
            (
                "body_heads",
                entries(BODY_HEADS),
                52,
                &["Foundation", "Co-operative", "Program"],
            ),
            (
                "lead_stop",
                entries(LEAD_STOP),
                136,
                &["The", "Currently", "Sept", "Told"],
            ),
            (
                "titles",
                entries(TITLES),
                47,
                &["President", "Mr", "Undersecretary"],
            ),
            ("connectors", entries(CONNECTORS), 15, &["of", "&", "von"]),
            (
                "not_orgs",
                entries(NOT_ORGS),
                29,
                &["Soviet Union", "All Blacks", "Stade de France"],
            ),
            (
                "legal_forms",
                LEGAL.to_vec(),
                32,
                &["Inc", "S.A.", "GmbH", "NL"],
            ),
            (
                "not_after_weak",
                NOT_AFTER_WEAK.to_vec(),
                30,
                &["bills", "Cup", "Premiership"],
            ),
            (
                "events",
                EVENTS.to_vec(),
                69,
                &["Champions League", "FTSE 100", "God"],
            ),
            (
                "event_tails",
                EVENT_TAILS.iter().map(String::as_str).collect(),
                27,
                &[" Cup", " index", " Arena"],
            ),
            (
                "time_words",
                TIME_WORDS.to_vec(),
                11,
                &["Monday", "Tomorrow"],
            ),
            (
                "event_words",
                EVENT_WORDS.to_vec(),
                21,
                &["Cup", "Masters", "Tour"],
            ),
            (
                "not_clubs",
                NOT_CLUBS.to_vec(),
                60,
                &["All Blacks", "S Africa", "NZ", "PC"],
            ),
            (
                "sport_words_strong",
                SPORT_STRONG.to_vec(),
                21,
                &["rugby", "Replacements", "athletics"],
            ),
            (
                "sport_words_medium",
                SPORT_MEDIUM.to_vec(),
                16,
                &["coach", "League", "Cup"],
            ),
        ];
        for (name, list, count, members) in lists {
            assert_eq!(list.len(), count, "{name}");
            for m in members {
                assert!(list.contains(m), "{name}: {m}");
            }
            assert!(
                list.iter().all(|w| !w.is_empty() && !w.starts_with('#')),
                "{name}"
            );
        }
        assert_eq!(SPORT_STRONG[0], "rugby");
        assert_eq!(SPORT_MEDIUM[15], "Cup");
        assert!(SPORT_STRONG.len() + SPORT_MEDIUM.len() <= 64);
        assert_eq!(flags("Inc"), COMPANY | LEGAL_FORM);
        assert_eq!(flags("Bank"), BODY);
        assert!(has(NO_CAPS, "WHO") && has(LEAD, "The") && !has(HEAD, "Acme"));
        assert_eq!(flags(""), 0);
        assert!(has(NOT_ORG, "Soviet Union") && has(CONNECTOR, "&") && !has(TITLE, "Presidents"));
        assert!(is_event("Champions League") && is_event("champions league"));
        assert!(is_event("FA Cup") && is_event("Brit Awards ceremony") && !is_event("Cup"));
        assert!(!is_event("Ecolab Co"));
    }
}
