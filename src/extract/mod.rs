//! Facet extraction: countries, organisations, people and money amounts
//! found in the article text itself. Pure `&str -> facets` functions, no I/O (the
//! convenience that reads a file and extracts each article is
//! [`crate::extract_file`], with the readers).
//!
//! ```
//! use newsindex::extract::extract;
//!
//! let facets = extract(
//!     "Cisco signs Skolkovo deal",
//!     "MOSCOW, March 3 - Cisco will invest $1 billion in Skolkovo, the Skolkovo Foundation said.",
//! );
//! assert_eq!(facets.countries, ["Russia"]);
//! assert_eq!(facets.organisations, ["Cisco", "Skolkovo Foundation"]);
//! assert_eq!(facets.amounts[0].usd, Some(1e9));
//! ```
//!
//! # How
//! - **Countries** (`country/`): names, codes and nationalities of every
//!   ISO 3166 country from the `keshvar` crate, plus `data/places.txt`
//!   (codes such as `U.S.`, historical states, capitals, cities, US states,
//!   states, metonyms, currency words, blocking phrases). Every country
//!   the article refers to (name, adjective, city, dateline) is kept,
//!   ordered by salience: evidence weighted by where it is (headline,
//!   wire dateline, lead sentence, body) and what it is (a currency word
//!   or a name inside a company's name is weak). The salient subset is
//!   `about`: the best country, and others with the score of three body
//!   mentions. States ("California"), metonyms ("Wall Street", "the
//!   Kremlin") and names inside other names ("Bank of England") count
//!   towards `about` but are no reference.
//! - **Organisations** (`organisation/`, with the tagger in `tagger/`): known bodies, acronyms and
//!   companies from `data/orgs.txt` and the listed-company gazetteer
//!   `data/companies.txt`, capitalised runs ending in a head word (`Inc`,
//!   `Foundation`, `Partners`, `Ministry`, ...), a trained tagger, and
//!   context cues for names the tables call places ("Leicester coach",
//!   "Wasps 31-37 Leicester", "the band Keane", "firm Creative"). Each
//!   organisation once, by the fullest name the article writes ("Tories",
//!   "MIT"); its index-wide canonical name ("Conservative Party",
//!   "Massachusetts Institute of Technology", "EC" by the article's date)
//!   is [`canonical_organisation_on`], what the index stores.
//! - **People** (`person/`): the tagger's person spans (it learns
//!   organisations and people together, so a name is one or the other),
//!   names after an honorific or a role ("Mr Blair", "coach Andy
//!   Robinson"), after a common first name, in a team sheet; never a name
//!   an organisation of the article overlaps (Morgan Stanley), but a
//!   person named like a firm takes the one word from the organisations
//!   ("Lindsay Davenport", "Michael Dell"). One entry per person by the
//!   fullest name the article writes, its surname and first name linked
//!   to it ("Tony Blair" for "Mr Blair" and "Blair"; two people sharing a
//!   surname stay two). A country word inside a person's name is no
//!   country ("Economy minister German Gref").
//! - **Amounts** (`amount/`): a currency sign or word next to a number,
//!   with multipliers and ranges; currency words that are ordinary words
//!   ("won", "mark", "rand", "real") need money context, and shared names
//!   (rial, peso, franc, pound, crown, dinar) follow the article's
//!   countries. USD equivalents at the month's ECB reference rate
//!   ([`extract_dated`], `data/usd_rates.csv`) or, without a date, a
//!   table of approximate 2024 rates. Exact repeats of (value, currency)
//!   are dropped: an article that says "$1 billion" twice talks of one sum.
//!
//! # Evidence
//! [`extract_with_evidence`] (or [`entities`]) also tells why: one
//! [`Entity`] per country, organisation and amount, with its canonical
//! name, the forms the article writes it in, and every mention as byte
//! offsets into the title or body as given (the extractors' own spans,
//! mapped back through the whitespace squashing below). Collected only
//! when asked: [`extract`] and [`extract_dated`], used at indexing, skip it.
//!
//! Text is first squashed (whitespace runs to one space), tokenised once
//! and scanned once by one Aho-Corasick automaton holding both the
//! country and the known-organisation tables, built on first use. The
//! automata run anchored at word starts only (every pattern is whole
//! words), after a bit-set check of the word's first bytes and a look-up
//! of the word in the patterns' first words: most words never touch the
//! large automaton. A bare "crowns" or "dinars" takes the
//! currency of the first of the article's countries that issues one.
//!
//! # Measured
//! `examples/eval_bbc.rs` scores it against the hand-labelled BBC
//! development set (`eval/bbc-dev`, 120 articles): countries referred to
//! P 0.969 / R 0.981, organisations by the names as written P 0.923 /
//! R 0.811 / F1 0.864 (with the organisation-only tagger before the
//! people: P 0.887 / R 0.839 / F1 0.862; before the context cues: P 0.857
//! / R 0.769; the index's canonical names score the same), people P 0.918
//! / R 0.892 / F1 0.905, amounts P 1.000 / R 0.983.
//! `examples/eval_extract.rs` scores the extractor against the gold labels
//! of Reuters-21578 (LEWISSPLIT="TEST", 6,188 articles): `about` vs
//! PLACES P 0.950 / R 0.931 / F1 0.940; ORGS recall 0.996 (canonical
//! names, "EC" read by the article's date); recall of the companies
//! Reuters marks `<Like This>` (brackets removed first) 0.860;
//! 23-24 MB/s of text on one core with the tagger, the context rules and
//! language detection (best of five rounds of CPU time on a busy shared
//! machine, where the same build read 19.8 to 23.8 before the tagger ran
//! only on the runs organisations can come from and the per-token tests
//! were read once; 12.1 MB/s before the first-word filter, the NFAs, the
//! integer tagger weights and detection without whatlang for English).
//! With people (the five-label tagger and the person rules), the criterion
//! bench `ingest_extract/corpora/extract_only` reads 17.6 MB/s against
//! 16.1 for the same code before the speed work (medians of seven
//! alternated rounds on a busy machine; 1.16 times faster, median of the
//! rounds' ratios): far from the 40 MB/s the scale issue asks.
//! `tools/extract_parity.sh` checks that such changes keep every answer. The first extraction of a run
//! builds the tables and automata and loads the tagger: 46 ms (158 ms
//! with DFAs). `examples/eval_money.rs` counts the amounts of
//! the BBC News corpus per currency and prints a sample to check by eye.

use std::borrow::Cow;
use std::sync::LazyLock;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA as Nfa;
use aho_corasick::{Anchored, MatchKind};

use serde::{Deserialize, Serialize};

use crate::article::Article;

mod amount;
mod automaton;
mod country;
mod data_file;
mod evidence;
mod organisation;
mod person;
mod tagger;
mod token;

pub use amount::{amounts, parse_amount, parse_quantity, usd_rate, usd_rate_on};
pub use country::{canonical_country, country_names, Cue};
pub use evidence::{entities, extract_with_evidence, Entity, EntityKind, Mention, TextField, Zone};
pub use organisation::{
    canonical_organisation, canonical_organisation_on, organisation_aliases, organisation_parent,
};
#[doc(hidden)]
pub use organisation::{tag_text, Trainer};

use automaton::{word_matches, StartFilter};

/// The facets found in one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facets {
    /// Every country the article refers to (name, adjective, city,
    /// dateline; not a state, metonym, currency or a name inside another
    /// name): canonical English short names ("United States", "Russia"),
    /// deduplicated, most salient first.
    pub countries: Vec<String>,
    /// The countries the article is about (headline, dateline, lead,
    /// repeated mentions: what Reuters PLACES labels), most salient first;
    /// a subset of `countries`.
    #[serde(default)]
    pub about: Vec<String>,
    /// `countries` with the number of times each is referred to (a
    /// country kept only for its salience, say through "Wall Street",
    /// has 0).
    #[serde(default)]
    pub country_mentions: Vec<(String, u32)>,
    /// Organisations, one entry each in order of first appearance, by the
    /// fullest name the article writes ("Tories", or "Conservative Party"
    /// when the article also writes that; "IBM"; "Skolkovo Foundation"):
    /// never an expansion or alias the article does not contain. The
    /// index stores each under its index-wide canonical name
    /// ([`canonical_organisation_on`]).
    pub organisations: Vec<String>,
    /// Money amounts in order of appearance (ranges give both ends).
    pub amounts: Vec<Amount>,
    /// People, one entry each in order of first appearance, by the
    /// fullest name the article writes ("Tony Blair", also for its
    /// "Mr Blair" and "Blair"), without honorifics or roles. Always
    /// serialised, empty or not, like the other facets.
    #[serde(default)]
    pub people: Vec<String>,
    /// The language the article is written in, as an ISO 639-1 code
    /// (`en`), when it could be told ([`crate::language::detect`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// A money amount found in text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    /// Value in the original currency (`$1 billion` -> 1e9).
    pub value: f64,
    /// ISO 4217 code ("USD", "GBP", "EUR", "JPY").
    pub currency: String,
    /// Value converted to US dollars with the documented rate table, when the currency is known to it.
    pub usd: Option<f64>,
    /// The text the amount was read from.
    pub text: String,
    /// An exchange-rate quote ("$1.30 per euro", "105 yen to the
    /// dollar"): the price of a currency, an amount as the labelling
    /// guidelines count it, but no sum of money, so it is never filtered,
    /// grouped or sorted on as one. In JSON only when true.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rate: bool,
}

/// Extract every facet from an article's title and body; amounts are
/// converted to US dollars at today's rates (see [`extract_dated`]).
///
/// The body may start with a wire dateline ("TOKYO, March 3 - "): its
/// place is strong evidence for the article's country.
pub fn extract(title: &str, body: &str) -> Facets {
    extract_dated(title, body, None)
}

/// [`extract`] for an article of a known date: its amounts are converted
/// to US dollars at the rates of that month (see [`usd_rate_on`]).
///
/// ```
/// use newsindex::extract::extract_dated;
///
/// let body = "The firm paid £100m for the site.";
/// let jan_2005 = time::Date::from_calendar_date(2005, time::Month::January, 20).unwrap();
/// let then = extract_dated("", body, Some(jan_2005)).amounts[0].usd.unwrap();
/// let today = extract_dated("", body, None).amounts[0].usd.unwrap();
/// assert!(then > 185e6 && today < 130e6, "{then} {today}");
/// ```
pub fn extract_dated(title: &str, body: &str, date: Option<time::Date>) -> Facets {
    facets_of(title, body, date, None)
}

/// What [`facets_of`] keeps for [`evidence`] when asked: the extractors'
/// own findings, with byte ranges into the squashed title and body.
#[derive(Default)]
pub(crate) struct Raw {
    /// Organisation mentions of the title.
    pub title_orgs: Vec<organisation::Mention>,
    /// Organisation mentions of the body.
    pub body_orgs: Vec<organisation::Mention>,
    /// The article's people, with their mentions.
    pub people: Vec<person::Person>,
    /// Scored country cues of the countries kept (canonical name, cue).
    pub country_cues: Vec<(String, country::Recorded)>,
    /// Every amount read, before the article's countries place shared
    /// currency names and repeats are dropped: (in the title, range,
    /// amount).
    pub amounts: Vec<(bool, std::ops::Range<usize>, Amount)>,
}

/// [`extract_dated`], keeping the evidence in `raw` when given.
pub(crate) fn facets_of(
    title: &str,
    body: &str,
    date: Option<time::Date>,
    mut raw: Option<&mut Raw>,
) -> Facets {
    let (title, body) = (&*squash(title), &*squash(body));
    let title_toks = token::tokenize(title);
    let body_toks = token::tokenize(body);
    let title_orgs = organisation::title_mentions(title, &title_toks);
    let (body_countries, body_known) = scan_body(body, &body_toks);
    let mut tagged_people = Vec::new();
    let mut body_orgs = organisation::mentions_with(
        body,
        &body_toks,
        false,
        Some(body_known),
        Some(&body_countries),
        Some(&mut tagged_people),
    );
    // People, against the organisations: a one-word organisation inside
    // a person's name is the person's ("Lindsay Davenport").
    let places: Vec<std::ops::Range<usize>> =
        body_countries.iter().map(|&(_, s, e)| s..e).collect();
    let org_spans: Vec<std::ops::Range<usize>> = body_orgs.iter().map(|m| m.span.clone()).collect();
    let found = person::mentions(body, &body_toks, &tagged_people, &org_spans, &places);
    let body_people: Vec<std::ops::Range<usize>> = found.iter().map(|f| f.span.clone()).collect();
    body_orgs.retain(|o| {
        !body_people
            .iter()
            .any(|p| person::yields_to(&o.span, p, body))
    });
    let people = person::people(body, &found, title, &title_toks);
    let spans = |ms: &[organisation::Mention], companies: bool| -> Vec<std::ops::Range<usize>> {
        ms.iter()
            .filter(|m| m.company || !companies)
            .map(|m| m.span.clone())
            .collect()
    };
    let (title_companies, title_all) = (spans(&title_orgs, true), spans(&title_orgs, false));
    let (body_companies, body_all) = (spans(&body_orgs, true), spans(&body_orgs, false));

    let mut ranked = country::rank_with(
        title,
        body,
        country::OrgSpans {
            companies: &title_companies,
            all: &title_all,
            people: &[],
        },
        country::OrgSpans {
            companies: &body_companies,
            all: &body_all,
            people: &body_people,
        },
        Some(&body_countries),
        raw.is_some(),
    );
    let countries: Vec<String> = ranked.countries.iter().map(|(c, _)| c.clone()).collect();
    if let Some(raw) = raw.as_deref_mut() {
        raw.title_orgs = title_orgs.clone();
        raw.body_orgs = body_orgs.clone();
        raw.country_cues = std::mem::take(&mut ranked.cues);
        raw.people = people.clone();
    }
    let organisations = organisation::merge(title_orgs.into_iter().chain(body_orgs), date);
    let mut money = Vec::new();
    match raw {
        None => {
            amount::scan(title, &title_toks, &mut money);
            amount::scan(body, &body_toks, &mut money);
        }
        Some(raw) => {
            let mut spans = Vec::new();
            amount::scan_spans(title, &title_toks, &mut money, Some(&mut spans));
            let in_title = money.len();
            amount::scan_spans(body, &body_toks, &mut money, Some(&mut spans));
            raw.amounts = spans
                .into_iter()
                .zip(&money)
                .enumerate()
                .map(|(i, (span, a))| (i < in_title, span, a.clone()))
                .collect();
        }
    }
    amount::place_unqualified(&mut money, &ranked.about, &countries);
    amount::dedupe(&mut money);
    if let Some(date) = date {
        amount::convert_at(&mut money, date);
    }
    Facets {
        countries,
        about: ranked.about,
        country_mentions: ranked.countries,
        organisations,
        amounts: money,
        people: people.into_iter().map(|p| p.name).collect(),
        language: crate::language::detect(title, body).map(str::to_string),
    }
}

/// One automaton for the country and the known-organisation tables, so a
/// body is scanned once (leftmost-longest: "Bank of Japan" is found as an
/// organisation, and the country names inside an organisation's name are
/// then looked for in that short span).
///
/// Every pattern starts with a letter and a match only counts as a whole
/// word, so the automaton is run anchored at the start of each word token
/// whose first bytes can start a pattern, instead of over every byte. The
/// automaton is large (its transitions miss the caches), so a word is
/// first checked against a [`StartFilter`], which turns most words away
/// without touching it. A contiguous NFA, not a DFA: a DFA of these tables
/// (some 7 MB) is slow to build at the first article of a run, and walked
/// no faster behind the filter.
struct Combined {
    nfa: Nfa,
    /// The anchored start state.
    start: StateID,
    /// Number of country patterns: ids below this are countries.
    countries: usize,
    /// The country automaton's pattern id of each country pattern here.
    country_ids: Vec<u32>,
    /// Which words may start a pattern.
    filter: StartFilter,
}

static COMBINED: LazyLock<Combined> = LazyLock::new(|| {
    let (_, country_patterns) = country::exact_automaton();
    let org_patterns = organisation::exact_patterns();
    // A name that is both a known organisation and a country cue (a name
    // inside a name: "Manchester United") is found as the organisation; the
    // country scan inside the organisation's span still sees the cue.
    let orgs: std::collections::HashSet<&str> = org_patterns.iter().map(String::as_str).collect();
    let country_ids: Vec<u32> = (0..country_patterns.len())
        .filter(|&i| !orgs.contains(country_patterns[i].as_str()))
        .map(|i| i as u32)
        .collect();
    let all: Vec<&String> = country_ids
        .iter()
        .map(|&i| &country_patterns[i as usize])
        .chain(org_patterns)
        .collect();
    let filter = StartFilter::new(&all);
    assert!(filter.on, "a pattern is shorter than two bytes");
    let nfa = aho_corasick::nfa::contiguous::Builder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&all)
        .expect("combined automaton builds");
    let start = nfa
        .start_state(Anchored::Yes)
        .expect("anchored start state");
    Combined {
        nfa,
        start,
        countries: country_ids.len(),
        country_ids,
        filter,
    }
});

impl Combined {
    /// The longest pattern starting exactly at `at`: (pattern id, end).
    #[inline]
    fn longest_at(&self, hay: &[u8], at: usize) -> Option<(usize, usize)> {
        let nfa = &self.nfa;
        let mut sid = self.start;
        let mut best = None;
        for (i, &b) in hay[at..].iter().enumerate() {
            sid = nfa.next_state(Anchored::Yes, sid, b);
            if nfa.is_special(sid) {
                if nfa.is_dead(sid) {
                    break;
                }
                if nfa.is_match(sid) {
                    let pid = nfa.match_pattern(sid, 0);
                    let end = at + i + 1;
                    // An anchored search may see matches that start later
                    // (copied along failure links): only ours count.
                    if end - nfa.pattern_len(pid) == at {
                        best = Some((pid.as_usize(), end));
                    }
                }
            }
        }
        best
    }
}

/// Country-table matches and known organisations in `body`, in one pass
/// over its word tokens.
fn scan_body(
    body: &str,
    toks: &[token::Token<'_>],
) -> (Vec<country::CountryMatch>, Vec<organisation::Mention>) {
    let c = &*COMBINED;
    let (country_ac, _) = country::exact_automaton();
    let hay = body.as_bytes();
    let mut countries = Vec::new();
    let mut orgs = Vec::new();
    let mut next = 0; // matches do not overlap: none may start before this
    for t in toks {
        if t.start < next || t.kind != token::Kind::Word || !c.filter.may_start(body, t.start) {
            continue;
        }
        let Some((p, e)) = c.longest_at(hay, t.start) else {
            continue;
        };
        let s = t.start;
        next = e;
        if p < c.countries {
            countries.push((c.country_ids[p], s, e));
            continue;
        }
        if !token::whole_word(body, s, e) {
            continue;
        }
        orgs.push(organisation::known_at(body, p - c.countries, s..e));
        for (cp, cs, ce) in word_matches(country_ac, &body[..e], s) {
            countries.push((cp as u32, cs, ce));
        }
    }
    (countries, orgs)
}

/// Countries an article refers to: canonical English short names, most
/// salient first (headline, dateline, lead sentence, frequency). The same
/// as `extract(title, body).countries`.
pub fn countries(title: &str, body: &str) -> Vec<String> {
    extract(title, body).countries
}

/// Organisations named in an article: the fullest name as written, one
/// per organisation, in order of first appearance. The same as
/// `extract(title, body).organisations`.
pub fn organisations(title: &str, body: &str) -> Vec<String> {
    extract(title, body).organisations
}

/// The calendar day of an article's date, for [`extract_dated`].
pub fn article_date(article: &Article) -> Option<time::Date> {
    article.date.map(|d| d.date())
}

/// `text` with every run of whitespace turned into one space, so that
/// names broken across lines ("Securities and\n    Exchange Commission")
/// match, and amounts read "$20 million". Borrowed when already clean.
pub(crate) fn squash(text: &str) -> Cow<'_, str> {
    // Byte scan: ASCII whitespace directly; other bytes only matter when
    // they start a Unicode space (NBSP, U+2000.., U+3000: lead bytes C2,
    // E1, E2, E3).
    const CLASS: [u8; 256] = {
        let mut t = [0u8; 256];
        t[b' ' as usize] = 1;
        t[b'\t' as usize] = 1;
        t[b'\n' as usize] = 1;
        t[b'\r' as usize] = 1;
        t[0x0C] = 1;
        t[0xC2] = 2;
        t[0xE1] = 2;
        t[0xE2] = 2;
        t[0xE3] = 2;
        t
    };
    let bytes = text.as_bytes();
    let space_at = |i: usize| -> usize {
        match CLASS[bytes[i] as usize] {
            0 => 0,
            1 => 1,
            _ => match text.get(i..).and_then(|t| t.chars().next()) {
                Some(c) if c.is_whitespace() => c.len_utf8(),
                _ => 0,
            },
        }
    };
    let mut out: Option<String> = None;
    let mut copied = 0; // bytes of `text` already handled
    let mut i = 0;
    while i < bytes.len() {
        // Fastest path: eight bytes at a time while they hold no control
        // byte, no non-ASCII byte and no two spaces in a row (nor a space
        // that the next chunk continues).
        while i + 9 <= bytes.len() {
            let chunk: [u8; 8] = bytes[i..i + 8].try_into().expect("eight bytes");
            if !plain_chunk(u64::from_le_bytes(chunk))
                || (bytes[i + 7] == b' ' && CLASS[bytes[i + 8] as usize] != 0)
            {
                break;
            }
            i += 8;
        }
        // Fast path: ordinary bytes, and single spaces between words.
        while i < bytes.len() && CLASS[bytes[i] as usize] == 0 {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        if bytes[i] == b' ' && bytes.get(i + 1).is_some_and(|b| CLASS[*b as usize] == 0) {
            i += 1;
            continue;
        }
        let n = space_at(i);
        if n == 0 {
            i += 1;
            continue;
        }
        let start = i;
        i += n;
        loop {
            if i >= bytes.len() {
                break;
            }
            let m = space_at(i);
            if m == 0 {
                break;
            }
            i += m;
        }
        if bytes[start] == b' ' && i - start == 1 {
            continue; // a single plain space: nothing to change
        }
        let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
        o.push_str(&text[copied..start]);
        o.push(' ');
        copied = i;
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut o) => {
            o.push_str(&text[copied..]);
            Cow::Owned(o)
        }
    }
}

/// True when the eight bytes of `x` are printable ASCII with no two
/// spaces side by side: nothing for [`squash`] to change.
#[inline]
fn plain_chunk(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    // Some byte below 0x20 (a control byte), or some byte of 0x80 and up.
    let control = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
    if (control | (x & HIGH)) != 0 {
        return false;
    }
    // Exactly the space bytes, marked by their high bit.
    let y = x ^ (ONES * 0x20);
    let spaces = !(((y & LOW7) + LOW7) | y | LOW7);
    spaces & (spaces >> 8) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../corpus/skolkovo-cisco.txt");

    #[test]
    fn seed_article() {
        let f = extract(
            "Russian delegation signs Cisco deal in Silicon Valley",
            SEED,
        );
        assert_eq!(f.countries, ["Russia", "United States"], "{f:#?}");
        for org in [
            "Cisco",
            "Skolkovo Foundation",
            "Bessemer Venture Partners",
            "MIT",
        ] {
            assert!(
                f.organisations.iter().any(|o| o == org),
                "{org} missing: {:?}",
                f.organisations
            );
        }
        for junk in ["The", "Group discussions", "Currently", "Group"] {
            assert!(
                !f.organisations.iter().any(|o| o == junk),
                "{junk}: {:?}",
                f.organisations
            );
        }
        let usd: Vec<f64> = f.amounts.iter().filter_map(|a| a.usd).collect();
        assert_eq!(usd, [1e9, 2e7]);
    }

    #[test]
    fn seed_article_without_title() {
        let f = extract("", SEED);
        assert_eq!(f.countries, ["Russia", "United States"]);
    }

    #[test]
    fn reuters_style() {
        let f = extract(
            "JAPAN'S TRADE SURPLUS RISES",
            "TOKYO, March 3 - Japan's trade surplus rose to 8.1 billion dlrs in February \
             from 6.2 billion a year earlier, the Finance Ministry said. Ecolab Co said \
             it would pay 20 mln dlrs.",
        );
        assert_eq!(f.countries, ["Japan"]);
        assert_eq!(f.organisations, ["Finance Ministry", "Ecolab Co"]);
        let v: Vec<f64> = f.amounts.iter().map(|a| a.value).collect();
        assert_eq!(v, [8.1e9, 20e6]);
    }

    #[test]
    fn european_community() {
        let f = extract(
            "EC FARM MINISTERS MEET",
            "BRUSSELS, March 2 - The European Community's farm ministers agreed a cut. \
             EC Commission sources said 146 billion lire would be saved.",
        );
        assert_eq!(f.countries.first().map(String::as_str), Some("Belgium"));
        assert!(
            f.organisations.contains(&"European Community".to_string()),
            "{:?}",
            f.organisations
        );
        assert_eq!(f.amounts[0].currency, "ITL");
    }

    #[test]
    fn functions_agree_with_extract() {
        let f = extract("", SEED);
        assert_eq!(countries("", SEED), f.countries);
        assert_eq!(organisations("", SEED), f.organisations);
    }

    #[test]
    fn names_across_line_breaks() {
        let f = extract(
            "",
            "the U.S. Securities and\n    Exchange Commission said it\n   would fine New\nYork firms $20\n million",
        );
        assert_eq!(f.organisations, ["Securities and Exchange Commission"]);
        assert_eq!(f.countries, ["United States"]);
        assert_eq!(f.amounts[0].text, "$20 million");
    }

    #[test]
    fn whitespace_is_squashed() {
        assert!(matches!(squash("a b c"), Cow::Borrowed(_)));
        assert_eq!(squash("a  b\n\t c\u{a0}d \u{2003} e "), "a b c d e ");
        assert_eq!(squash("\n  x"), " x");
        assert_eq!(squash("€ ü"), "€ ü");
        // Runs at every position of the eight-byte chunks.
        for at in 0..20 {
            for run in ["  ", "\n    ", " \t", "\u{a0}", " \u{2003}"] {
                let text = format!("{}{run}{}", "a".repeat(at), "b".repeat(20));
                let want = format!("{} {}", "a".repeat(at), "b".repeat(20));
                assert_eq!(squash(&text), want, "{text:?}");
            }
            let clean = format!("{} {}", "a".repeat(at), "b c d e f g h i j");
            assert!(matches!(squash(&clean), Cow::Borrowed(_)), "{clean:?}");
        }
        assert!(plain_chunk(u64::from_le_bytes(*b"ab cd ef")));
        assert!(!plain_chunk(u64::from_le_bytes(*b"ab  d ef")));
        assert!(!plain_chunk(u64::from_le_bytes(*b"ab\ncd ef")));
        assert!(!plain_chunk(u64::from_le_bytes(*b"ab!\x00 ef!")));
    }

    #[test]
    fn empty_and_odd_input() {
        assert_eq!(extract("", ""), Facets::default());
        let _ = extract("ÄÖÜ – ß", "  —  \u{0}\u{feff} $ £ 5 - , mln");
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn extract_never_panics(title in "\\PC{0,40}", body in "\\PC{0,300}") {
                let _ = extract(&title, &body);
            }

            #[test]
            fn extract_never_panics_on_wire_like_text(
                body in "[A-Z][A-Za-z ,.'<>$£€0-9-]{0,200}"
            ) {
                let _ = extract("", &body);
            }

            #[test]
            fn squash_keeps_the_words(s in "\\PC{0,80}|[ \\t\\n\\u{a0}\\u{2003}a-c]{0,40}") {
                let out = squash(&s);
                prop_assert!(out.split_whitespace().eq(s.split_whitespace()));
                prop_assert!(!out.contains("  "));
                prop_assert!(!out.chars().any(|c| c.is_whitespace() && c != ' '));
            }
        }
    }
}
