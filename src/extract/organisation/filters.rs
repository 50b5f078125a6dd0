//! Names that are something else in place: a known company's name before
//! a model ("Volvo S40") or after a first name ("Harrison Ford"), a name
//! inside an event's name ("RBS Six Nations"), a list of surnames ("Moore,
//! Ford, Douglas"), the article's people by how it uses their names'
//! parts, a work's title after a capitalised "The", and an ordinary word
//! opening a sentence ("Sharp increases in farm output").

use std::ops::Range;
use std::sync::LazyLock;

use super::words::{
    flags, is_cap, sentence_start, CONNECTOR, EVENT_WORDS, HEAD, LEAD, LEADING, LEGAL_FORM, TITLE,
};
use crate::extract::data_file::entries;
use crate::extract::token::{Kind, Token};

/// Known names that are also ordinary words ("Sharp", "Next", "Times").
pub(super) static ORDINARY: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| entries(include_str!("../data/organisation/ordinary_names.txt")));

/// Words after a name that make it a body acting ("said", "shares").
static ACTS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| entries(include_str!("../data/organisation/acts_after_name.txt")));

/// True when the one-word known name at `span` is an ordinary word that
/// opens a sentence as that word: "Sharp increases in farm output",
/// "Next year", "Five people". It is in `data/organisation/ordinary_names.txt`,
/// opens a sentence and a lower-case word other than "and"/"or" follows
/// it, and the context does
/// not say it is a body: no acting word after it ("Sharp said", "Labour
/// has"; `acts_after_name.txt`), no possessive, and no other mention of it
/// in the article that does not open a sentence (`elsewhere`, given the
/// token index of this one: "Sharp Corp", "said Sharp").
pub(super) fn ordinary_opener(
    toks: &[Token<'_>],
    span: &Range<usize>,
    elsewhere: impl Fn(usize) -> bool,
) -> bool {
    let a = toks.partition_point(|t| t.start < span.start);
    let Some(t) = toks.get(a) else {
        return false;
    };
    if t.start != span.start || t.end != span.end || !sentence_start(toks, a) {
        return false;
    }
    if !ORDINARY.contains(&t.text) {
        return false;
    }
    let plain_word_after = toks.get(a + 1).is_some_and(|n| {
        n.kind == Kind::Word
            && n.start == t.end + 1
            && n.text.as_bytes()[0].is_ascii_lowercase()
            && !ACTS.contains(&n.text)
            // "Variety and the Hollywood Reporter": a list of names.
            && !matches!(n.text, "and" | "or")
    });
    plain_word_after && !elsewhere(a)
}

/// True when the known company name at `span` is the maker's name of a
/// model ("Volvo S40", "Nokia 6600", "Nintendo DS", "Apple iTunes"): a
/// product, not the company.
pub(super) fn before_model(toks: &[Token<'_>], span: &Range<usize>) -> bool {
    let b = toks.partition_point(|t| t.start < span.end);
    toks.get(b).is_some_and(|t| {
        let w = t.text.as_bytes();
        // A model number, not a year ("Ford 1986 earnings").
        let year = w.len() == 4 && (w.starts_with(b"19") || w.starts_with(b"20"));
        let code = t.text.len() <= 6
            && !year
            && w.iter().any(u8::is_ascii_digit)
            && w.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-');
        // "Nintendo DS", "Sony PSP"; "Apple iTunes".
        let caps = (2..=4).contains(&w.len())
            && w.iter().all(u8::is_ascii_uppercase)
            && flags(t.text) & (LEGAL_FORM | HEAD) == 0
            && !matches!(t.text, "US" | "UK" | "EU" | "USA");
        let i_name = w.len() >= 3 && w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase();
        t.start == span.end + 1 && (code || (t.kind == Kind::Word && (caps || i_name)))
    })
}

/// The one-word name at `span` when a capitalised word that is no title,
/// head word, place or sentence opener comes right before it: a person's
/// surname ("Harrison Ford").
pub(super) fn after_first_name<'t>(
    toks: &[Token<'t>],
    span: &Range<usize>,
    in_place: impl Fn(&Token<'_>) -> bool,
) -> Option<&'t str> {
    let a = toks.partition_point(|t| t.start < span.start);
    let one_word = toks
        .get(a)
        .is_some_and(|t| t.start == span.start && t.end == span.end);
    let first = a.checked_sub(1).map(|p| &toks[p])?;
    let person = one_word
        && first.end + 1 == span.start
        && is_cap(first)
        && first.text.chars().any(char::is_lowercase)
        && flags(first.text) & (LEAD | TITLE | HEAD | CONNECTOR | LEADING) == 0
        && !in_place(first)
        && !sentence_start(toks, a - 1);
    person.then_some(toks[a].text)
}

/// True when the name at `span` opens a capitalised run that ends in an
/// event word (see `data/organisation/event_words.txt`).
pub(super) fn in_event_name(toks: &[Token<'_>], span: &Range<usize>) -> bool {
    let mut k = toks.partition_point(|t| t.start < span.end);
    let mut seen = 0;
    while let Some(t) = toks.get(k) {
        if seen >= 5 {
            break;
        }
        // "Six Nations", not "United Nations".
        let nations = t.text == "Nations" && matches!(toks[k - 1].text, "Six" | "Tri");
        if EVENT_WORDS.contains(&t.text) || nations {
            return true;
        }
        let possessive = matches!(t.text, "'" | "’" | "s") && t.start == toks[k - 1].end;
        if !(is_cap(t) || possessive || t.kind == Kind::Num) {
            break;
        }
        k += 1;
        seen += 1;
    }
    false
}

/// True when the one-word name at `span` stands in a list of other
/// capitalised single words that are no known organisations ("Moore,
/// Ford, Douglas, Blair": a team sheet of surnames).
pub(super) fn in_list_of_names(
    toks: &[Token<'_>],
    span: &Range<usize>,
    known: &[Range<usize>],
) -> bool {
    let a = toks.partition_point(|t| t.start < span.start);
    let other = |k: usize| {
        toks.get(k).is_some_and(|t| {
            is_cap(t)
                && t.text.chars().any(char::is_lowercase)
                && !known.iter().any(|r| r.start <= t.start && t.end <= r.end)
        })
    };
    let before = a >= 2 && toks[a - 1].text == "," && other(a - 2);
    let after = toks
        .get(a + 1)
        .is_some_and(|t| matches!(t.text, "," | "and"))
        && other(a + 2);
    if before && after {
        return true;
    }
    // A longer list, most of whose items are unknown: a team sheet even
    // where some surnames are also companies' names ("Ford, Douglas").
    let item = |k: usize| {
        toks.get(k)
            .is_some_and(|t| is_cap(t) && t.text.chars().any(char::is_lowercase))
    };
    let sep = |k: usize| toks.get(k).is_some_and(|t| matches!(t.text, "," | "and"));
    let (mut first, mut last) = (a, a);
    while first >= 2 && sep(first - 1) && item(first - 2) {
        first -= 2;
    }
    while sep(last + 1) && item(last + 2) {
        last += 2;
    }
    let items = (first..=last).step_by(2);
    let n = items.clone().count();
    let unknown = items.filter(|&k| other(k)).count();
    n >= 5 && unknown * 2 > n
}

/// Words the article uses as people's names, found in one pass: surnames
/// (a capitalised word after one that is no title, head word, place or
/// sentence opener: "Michael Moore") and first names (the first of two
/// such words: "Lindsay" of "Lindsay Davenport").
pub(super) fn person_words<'t>(
    toks: &[Token<'t>],
    in_place: impl Fn(&Token<'_>) -> bool,
) -> (Vec<&'t str>, Vec<&'t str>) {
    let plain = |t: &Token<'_>| {
        is_cap(t)
            && t.has_lower()
            && flags(t.text) & (HEAD | LEGAL_FORM | CONNECTOR | LEAD | TITLE | LEADING) == 0
            && !in_place(t)
    };
    let (mut surnames, mut first_names) = (Vec::new(), Vec::new());
    for k in 1..toks.len() {
        let (first, word) = (&toks[k - 1], &toks[k]);
        if word.start != first.end + 1 || !is_cap(word) || !plain(first) {
            continue;
        }
        if !sentence_start(toks, k - 1) {
            surnames.push(word.text);
        }
        if plain(word) {
            first_names.push(first.text);
        }
    }
    (surnames, first_names)
}

/// True when the tagged name at `span` is a person's by how the article
/// uses its parts: a one-word name that elsewhere opens a two-word name
/// ("Lindsay" of "Lindsay Davenport": a first name), or a name of two or
/// three words with no head word whose last word stands alone elsewhere
/// ("Fabien Pelous ... Pelous said": a surname).
pub(super) fn person_by_parts(
    toks: &[Token<'_>],
    span: &Range<usize>,
    first_names: &[&str],
    in_place: impl Fn(&Token<'_>) -> bool,
) -> bool {
    let a = toks.partition_point(|t| t.start < span.start);
    let b = toks.partition_point(|t| t.start < span.end);
    let words = &toks[a..b];
    if words.iter().any(|t| t.kind != Kind::Word) {
        return false;
    }
    let plain = |t: &Token<'_>| {
        is_cap(t)
            && t.text.chars().any(char::is_lowercase)
            && flags(t.text) & (HEAD | LEGAL_FORM | CONNECTOR | LEAD | TITLE) == 0
            && !in_place(t)
    };
    match words {
        [w] => first_names.contains(&w.text),
        [_, .., last] if words.len() <= 3 && words.iter().all(plain) => {
            let before = words[words.len() - 2].text;
            (1..toks.len()).any(|k| {
                toks[k].text == last.text
                    && !(a..b).contains(&k)
                    && toks[k - 1].text != before
                    && !toks
                        .get(k + 1)
                        .is_some_and(|n| n.start == toks[k].end + 1 && is_cap(n))
            })
        }
        _ => false,
    }
}

/// True when the tagged name at `span` follows a capitalised article
/// inside a sentence ("saw The Motorcycle Diaries", "won for A Very Long
/// Engagement"): the title of a work.
pub(super) fn titled_work(toks: &[Token<'_>], span: &Range<usize>) -> bool {
    let a = toks.partition_point(|t| t.start < span.start);
    a >= 1 && matches!(toks[a - 1].text, "The" | "A" | "An") && !sentence_start(toks, a - 1)
}

/// True when the tagged name at `span` is a product: a one-word name in
/// camel case ("GameBoy", "MiniDisc") written right after a known
/// company's name or its possessive ("Nintendo GameBoy", "Sony's
/// MiniDisc"; the maker's name before its model, as in
/// [`before_model`]), or any tagged name before a word for a device
/// ("portable MiniDisc player", "the Xeno handheld"; `product_words.txt`).
pub(super) fn product(toks: &[Token<'_>], span: &Range<usize>, companies: &[Range<usize>]) -> bool {
    let a = toks.partition_point(|t| t.start < span.start);
    let b = toks.partition_point(|t| t.start < span.end);
    if toks
        .get(b)
        .is_some_and(|n| n.start == toks[b - 1].end + 1 && PRODUCT_WORDS.contains(&n.text))
    {
        return true;
    }
    let camel = b == a + 1 && {
        let w = toks[a].text.as_bytes();
        w.len() >= 4
            && w[1..].iter().any(u8::is_ascii_uppercase)
            && w.iter().any(u8::is_ascii_lowercase)
    };
    if !camel || a == 0 {
        return false;
    }
    // The maker's name ends one space before, or its possessive does.
    let maker_end = if toks[a - 1].text == "s" && a >= 2 && matches!(toks[a - 2].text, "'" | "’")
    {
        toks.get(a.wrapping_sub(3)).map(|t| t.end)
    } else {
        Some(toks[a - 1].end)
    };
    maker_end.is_some_and(|e| {
        companies.iter().any(|c| c.end == e) && toks[a - 1].end + 1 == toks[a].start
    })
}

/// Words for a device or a piece of software after a product's name.
static PRODUCT_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| entries(include_str!("../data/organisation/product_words.txt")));
