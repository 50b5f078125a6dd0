//! Organisations named in an article.
//!
//! Three sources, merged:
//! 1. Known organisations (`data/orgs.txt`): international bodies and
//!    their acronyms (`IMF`, `EC`, `OPEC`, `GATT`, ...), national bodies,
//!    UK institutions, parties, broadcasters, newspapers, clubs and
//!    well-known companies (`Cisco`, `Time Warner`), each with one
//!    canonical name ([`canonical_organisation`]). Found with one
//!    Aho-Corasick automaton, built once. Weak entries (ordinary words in
//!    other senses: `Labour`, `Treasury`) give way to a longer head-word
//!    name and are dropped before a market or event word.
//! 2. Capitalised runs that end in an organisation head word (`Inc`,
//!    `Corp`, `Co`, `Ltd`, `Foundation`, `Partners`, `Bank`, `Ministry`,
//!    ...), optionally followed by an `of`/`for`/`on` tail ("Bank of
//!    Japan", "Working Group on Innovation").
//! 3. The tagger (`tagger.rs`), for names with neither a head word nor a
//!    table entry ("Novartis", "Chelsea"): its spans are cleaned (no
//!    leading title or determiner, no trailing time word), and events,
//!    competitions, indices and places are rejected.
//!
//! ALL-CAPS and Title Case headlines give only known organisations: their
//! capitalisation says nothing about names.
//!
//! Canonicalisation: leading determiners, sentence-initial function words
//! and people's titles are stripped ("The", "Currently", "President of");
//! possessives and trailing punctuation never enter a name; a lone head
//! word ("Group discussions") is not an organisation; a run containing a
//! known organisation gives the known one. One name per organisation per
//! article: a name that is a word-prefix or word-suffix of a longer one
//! found in the same article ("Ecolab" / "Ecolab Co", "Working Group on
//! Innovation" / "... Commission Working Group on Innovation") is merged
//! into the longer one; an acronym of another name found in the article
//! is that name ("Office of Fair Trading (OFT)"). Names keep their order
//! of first appearance.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use super::country::CountryMatch;
use super::token::{Kind, Token};

const ORGS: &str = include_str!("data/orgs.txt");

/// Aliases not matched in ALL-CAPS text, where they are ordinary words.
const CAPS_UNSAFE: &[&str] = &[
    "WHO",
    "Fed",
    "Congress",
    "Shell",
    "Nokia",
    "Apple Inc",
    "Apple",
    "Dell",
    "Virgin",
    "Sega",
    "Fiat",
];

/// Sections of `data/orgs.txt` whose entries are weak (see its header).
const WEAK_SECTIONS: &[&str] = &["uk", "party", "media", "club"];

/// Words after a weak known name that make it something else: a market
/// instrument ("Treasury bills") or an event ("Uefa Cup").
const NOT_AFTER_WEAK: &[&str] = &[
    "bills",
    "bill",
    "bonds",
    "bond",
    "notes",
    "note",
    "securities",
    "yields",
    "yield",
    "issues",
    "market",
    "prices",
    "futures",
    "debt",
    "refunding",
    "auction",
    "auctions",
    "rates",
    "paper",
    "Cup",
    "Trophy",
    "Awards",
    "Award",
    "Prize",
    "Championship",
    "Championships",
    "Open",
    "Games",
    "League",
    "Premiership",
];

/// Events, competitions, awards and indices that look like organisations
/// (end in a head word, or are tagged): never output.
const EVENTS: &[&str] = &[
    "Champions League",
    "Premier League",
    "Premiership",
    "Europa League",
    "Nationwide League",
    "Football League",
    "Coca-Cola Championship",
    "League Cup",
    "Carling Cup",
    "FA Cup",
    "Uefa Cup",
    "UEFA Cup",
    "World Cup",
    "Davis Cup",
    "Ryder Cup",
    "Heineken Cup",
    "Six Nations",
    "Tri-Nations",
    "Commonwealth Games",
    "Olympic Games",
    "Olympics",
    "Brit Awards",
    "Brits",
    "Grammy",
    "Grammys",
    "Grammy Awards",
    "Oscars",
    "Academy Awards",
    "Golden Globes",
    "Golden Globe",
    "Baftas",
    "Bafta",
    "Bafta Awards",
    "Emmys",
    "FTSE",
    "FTSE 100",
    "FTSE 250",
    "Dow Jones Industrial Average",
    "Nasdaq Composite",
    "Nikkei",
    "Hang Seng",
    "Xbox",
    "Xbox Live",
    "PlayStation",
    "iPod",
    "iTunes",
    "Windows",
    "Windows XP",
    "Linux",
    "Firefox",
    "Internet Explorer",
    "Live Aid",
    "Band Aid",
    "Wimbledon",
    "Australian Open",
    "US Open",
    "French Open",
    "Grand Slam",
    "Super Bowl",
    "Budget",
    "Government",
    "Cabinet",
    "White House",
    "Downing Street",
    "Kremlin",
    "City",
    "Internet",
    "Web",
    "God",
];

/// Words that never end a name: times ("Electoral Commission on
/// Thursday") and reporting words.
const TIME_WORDS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Today",
    "Tonight",
    "Yesterday",
    "Tomorrow",
];

/// Head words that make a capitalised run a company name, besides the
/// legal forms in [`LEGAL`] (which do too).
const COMPANY_HEADS: &[&str] = &[
    "Company",
    "Companies",
    "LP",
    "L.P.",
    "BV",
    "B.V.",
    "AS",
    "A.S.",
    "Industrie",
    "Holdings",
    "Holding",
    "Group",
    "Partners",
    "Associates",
    "Bancorp",
    "Bancorporation",
    "Bancshares",
    "Industries",
    "Systems",
    "Technologies",
    "Laboratories",
    "Labs",
    "Airlines",
    "Airways",
    "Motors",
    "Petroleum",
    "Resources",
    "Mines",
    "Mining",
    "Steel",
    "Chemicals",
    "Chemical",
    "Electric",
    "Electronics",
    "Pharmaceuticals",
    "Communications",
    "Telecommunications",
    "Enterprises",
    "Securities",
    "Capital",
    "Ventures",
    "Investments",
    "Insurance",
    "Brothers",
    "Bros",
    "Stores",
    "Foods",
    "Mills",
    "Financial",
    "Realty",
    "Properties",
    "Trust",
    "Services",
];

/// Head words that open a company name in Romance languages: "Banque
/// Paribas", "Compagnie Generale d'Electricite", "Banco Central".
const LEADING_HEADS: &[&str] = &[
    "Banque",
    "Banco",
    "Banca",
    "Compagnie",
    "Cie",
    "Societe",
    "Société",
    "Sociedad",
    "Cia",
    "Companhia",
    "Compania",
    "Groupe",
    "Grupo",
    "Caisse",
    "Kredietbank",
];

/// Head words of other organisations (public bodies, institutions).
const BODY_HEADS: &[&str] = &[
    "Foundation",
    "Bank",
    "Fund",
    "University",
    "College",
    "Institute",
    "Institution",
    "Commission",
    "Committee",
    "Council",
    "Ministry",
    "Department",
    "Agency",
    "Authority",
    "Board",
    "Bureau",
    "Organization",
    "Organisation",
    "Association",
    "Federation",
    "Union",
    "Society",
    "Exchange",
    "Reserve",
    "Administration",
    "Secretariat",
    "Court",
    "Parliament",
    "Senate",
    "Assembly",
    "Party",
    "Club",
    "Office",
    "Service",
    "School",
    "Academy",
    "Confederation",
    "Consortium",
    "Alliance",
    "Syndicate",
    "Cartel",
    "Coalition",
    "Chamber",
    "Cooperative",
    "Co-operative",
    "League",
    "Treasury",
];

/// Capitalised words stripped from the start of a candidate: determiners,
/// function words and adverbs that start sentences, days and months.
const LEAD_STOP: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "Its",
    "Their",
    "His",
    "Her",
    "Our",
    "In",
    "On",
    "At",
    "For",
    "From",
    "To",
    "By",
    "With",
    "About",
    "After",
    "Before",
    "Under",
    "Over",
    "Both",
    "Each",
    "All",
    "Some",
    "Many",
    "Most",
    "Other",
    "Another",
    "Such",
    "When",
    "While",
    "If",
    "But",
    "And",
    "Or",
    "As",
    "Since",
    "Although",
    "Though",
    "Because",
    "Currently",
    "Yesterday",
    "Today",
    "Tomorrow",
    "Last",
    "Next",
    "Meanwhile",
    "However",
    "Also",
    "Earlier",
    "Later",
    "Analysts",
    "Officials",
    "Sources",
    "Shares",
    "Under",
    "Why",
    "How",
    "What",
    "Where",
    "Which",
    "Who",
    "Whose",
    "Then",
    "Now",
    "Only",
    "Even",
    "Unlike",
    "Like",
    "Said",
    "Says",
    "Between",
    "Among",
    "Against",
    "Including",
    "Without",
    "During",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "Reuter",
    "Reuters",
    "Via",
    "Per",
    "Into",
    "Through",
    "Following",
    "Despite",
    "Unless",
    "Until",
    "Once",
    "Here",
    "There",
    "Thus",
    "Still",
    "Yet",
    "Instead",
    "Separately",
    "Similarly",
    "Overall",
    "Together",
    "Asked",
    "Told",
];

/// People's titles: never part of an organisation's name at its start.
const TITLES: &[&str] = &[
    "President",
    "Vice",
    "Chairman",
    "Chairwoman",
    "Chief",
    "Executive",
    "Officer",
    "Director",
    "Managing",
    "Minister",
    "Prime",
    "Secretary",
    "Governor",
    "Senator",
    "Sen",
    "Rep",
    "Representative",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof",
    "Professor",
    "Spokesman",
    "Spokeswoman",
    "King",
    "Queen",
    "Prince",
    "Sheikh",
    "Ambassador",
    "Commissioner",
    "Treasurer",
    "Deputy",
    "Assistant",
    "Head",
    "Leader",
    "Analyst",
    "Economist",
    "Founder",
    "Partner",
    "Chancellor",
    "Mayor",
    "Judge",
    "Justice",
    "Premier",
    "Undersecretary",
];

/// Connectors allowed inside a name between capitalised words.
const CONNECTORS: &[&str] = &[
    "of", "for", "and", "on", "de", "du", "des", "la", "le", "di", "del", "van", "von", "der", "&",
];

/// Candidates rejected outright: places and states that end in a head word.
const NOT_ORGS: &[&str] = &[
    "Soviet Union",
    "West Bank",
    "Left Bank",
    "European Union Council",
];

/// One organisation found in a text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mention {
    /// Canonical name.
    pub name: String,
    /// Byte range in the text it was found in.
    pub span: Range<usize>,
    /// True when it is a company (ends in a company head word or is a
    /// known company).
    pub company: bool,
    /// A known name from a weak section of `data/orgs.txt`.
    pub weak: bool,
}

#[derive(Debug, Clone)]
struct Known {
    canonical: String,
    company: bool,
    /// From a weak section (see `data/orgs.txt`).
    weak: bool,
}

struct Table {
    exact: super::WordAutomaton,
    exact_ids: Vec<usize>,
    exact_patterns: Vec<String>,
    upper: super::WordAutomaton,
    upper_ids: Vec<usize>,
    orgs: Vec<Known>,
    /// Every alias and canonical name, lower-cased -> organisation.
    by_alias: HashMap<String, usize>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut orgs = Vec::new();
    let mut exact: HashMap<String, usize> = HashMap::new();
    let mut upper: HashMap<String, usize> = HashMap::new();
    let mut by_alias: HashMap<String, usize> = HashMap::new();
    let mut section = "";
    for line in ORGS.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(s) = line.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            section = s;
            continue;
        }
        let Some((canonical, aliases)) = line.split_once(':') else {
            continue;
        };
        let id = orgs.len();
        let weak = WEAK_SECTIONS.contains(&section);
        orgs.push(Known {
            canonical: canonical.trim().to_string(),
            company: section == "company",
            weak,
        });
        let mut all: Vec<&str> = aliases.split('|').map(str::trim).collect();
        // The canonical name is an alias too, but need not occur in text
        // ("The Guardian" is found as "Guardian").
        by_alias
            .entry(canonical.trim().to_lowercase())
            .or_insert(id);
        if !weak {
            all.push(canonical.trim());
        }
        for a in all.into_iter().filter(|a| !a.is_empty()) {
            exact.entry(a.to_string()).or_insert(id);
            by_alias.entry(a.to_lowercase()).or_insert(id);
            if !has(NO_CAPS, a) && !weak {
                upper.entry(a.to_uppercase()).or_insert(id);
            }
        }
    }
    let build = |m: HashMap<String, usize>| {
        let mut v: Vec<(String, usize)> = m.into_iter().collect();
        v.sort();
        let ac = super::word_automaton(v.iter().map(|(p, _)| p.as_str()));
        let patterns: Vec<String> = v.iter().map(|(p, _)| p.clone()).collect();
        (
            ac,
            v.into_iter().map(|(_, id)| id).collect::<Vec<_>>(),
            patterns,
        )
    };
    let (exact, exact_ids, exact_patterns) = build(exact);
    let (upper, upper_ids, _) = build(upper);
    Table {
        exact,
        exact_ids,
        exact_patterns,
        upper,
        upper_ids,
        orgs,
        by_alias,
    }
});

// Flags of the word lists above, looked up with one hash per word.
const COMPANY: u16 = 1;
const BODY: u16 = 1 << 1;
const LEAD: u16 = 1 << 2;
const TITLE: u16 = 1 << 3;
const CONNECTOR: u16 = 1 << 4;
const LEGAL_FORM: u16 = 1 << 5;
const LEADING: u16 = 1 << 6;
const NOT_ORG: u16 = 1 << 7;
const NO_CAPS: u16 = 1 << 8;
/// A head word of either kind.
const HEAD: u16 = COMPANY | BODY;

/// FNV (the `fnv` crate): the keys are short words, SipHash's DoS
/// resistance is not needed for a fixed table.
type FnvMap<V> = fnv::FnvHashMap<&'static str, V>;

static CLASSES: LazyLock<FnvMap<u16>> = LazyLock::new(|| {
    let mut m = FnvMap::default();
    let lists: [(&[&'static str], u16); 10] = [
        (COMPANY_HEADS, COMPANY),
        (LEGAL, COMPANY),
        (BODY_HEADS, BODY),
        (LEAD_STOP, LEAD),
        (TITLES, TITLE),
        (CONNECTORS, CONNECTOR),
        (LEGAL, LEGAL_FORM),
        (LEADING_HEADS, LEADING),
        (NOT_ORGS, NOT_ORG),
        (CAPS_UNSAFE, NO_CAPS),
    ];
    for (list, flag) in lists {
        for w in list {
            *m.entry(*w).or_insert(0) |= flag;
        }
    }
    m
});

/// Flags of the lists that hold `w`.
fn flags(w: &str) -> u16 {
    CLASSES.get(w).copied().unwrap_or(0)
}

/// True when `w` is in a list marked by `flag`.
fn has(flag: u16, w: &str) -> bool {
    flags(w) & flag != 0
}

/// Known organisations in `text`.
fn known(text: &str, caps: bool, out: &mut Vec<Mention>) {
    let t = &*TABLE;
    let (ac, ids) = if caps {
        (&t.upper, &t.upper_ids)
    } else {
        (&t.exact, &t.exact_ids)
    };
    for (p, s, e) in super::word_matches(ac, text, 0) {
        if !super::country::whole_word(text, s, e) {
            continue;
        }
        let k = &t.orgs[ids[p]];
        out.push(Mention {
            name: k.canonical.clone(),
            span: s..e,
            company: k.company,
            weak: k.weak,
        });
    }
}

/// The patterns of the case-sensitive known-organisation automaton, by
/// pattern id, for a caller that scans a text once for several tables.
pub(crate) fn exact_patterns() -> &'static [String] {
    &TABLE.exact_patterns
}

/// The known organisation of exact pattern `pattern`, found at `span`.
pub(crate) fn known_at(pattern: usize, span: Range<usize>) -> Mention {
    let t = &*TABLE;
    let k = &t.orgs[t.exact_ids[pattern]];
    Mention {
        name: k.canonical.clone(),
        span,
        company: k.company,
        weak: k.weak,
    }
}

fn is_cap(t: &Token<'_>) -> bool {
    t.kind == Kind::Word && t.is_capitalised() && !t.is_ticker()
}

/// Legal-form suffixes that end a company name: "Cominco Ltd CLT and
/// Lornex Mining Corp" is two names, "Texaco Canada Inc" one.
const LEGAL: &[&str] = &[
    "Inc",
    "Incorporated",
    "Corp",
    "Corporation",
    "Co",
    "Cos",
    "Ltd",
    "Limited",
    "Plc",
    "PLC",
    "plc",
    "LLC",
    "LLP",
    "AG",
    "SA",
    "S.A.",
    "NV",
    "N.V.",
    "SpA",
    "SPA",
    "Spa",
    "GmbH",
    "GmBH",
    "KK",
    "AB",
    "ASA",
    "Oy",
    "Oyj",
    "Bhd",
    "Berhad",
    "Pty",
    "NL",
];

fn glued(toks: &[Token<'_>], i: usize) -> bool {
    i > 0 && toks[i - 1].end == toks[i].start
}

/// Capitalised runs: maximal [start, end) token ranges of capitalised words
/// joined by connectors, glued hyphens and `&`.
fn runs(toks: &[Token<'_>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !is_cap(&toks[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while let Some(t) = toks.get(end) {
            if is_cap(t) {
                end += 1;
                continue;
            }
            // A possessive inside a name: "Moody's Investors Service Inc",
            // but not after a place: "Japan's Finance Ministry".
            if matches!(t.text, "'" | "’")
                && glued(toks, end)
                && toks
                    .get(end + 1)
                    .is_some_and(|n| n.text == "s" && glued(toks, end + 1))
                && toks.get(end + 2).is_some_and(is_cap)
                && toks[end - 1].text.chars().any(char::is_lowercase)
                && !super::country::is_place(toks[end - 1].text)
            {
                end += 3;
                continue;
            }
            // Glued hyphen between capitalised words: "Allied-Signal".
            if t.is("-")
                && glued(toks, end)
                && toks
                    .get(end + 1)
                    .is_some_and(|n| is_cap(n) && glued(toks, end + 1))
            {
                end += 2;
                continue;
            }
            // Connector ("of", "and", "&"), optionally "the", then a capital.
            if has(CONNECTOR, t.text) {
                let mut n = end + 1;
                // A second connector: "of the", "et des".
                if toks
                    .get(n)
                    .is_some_and(|x| x.text == "the" || has(CONNECTOR, x.text))
                    && t.text != "and"
                {
                    n += 1;
                }
                if toks.get(n).is_some_and(is_cap) {
                    end = n + 1;
                    continue;
                }
            }
            break;
        }
        out.push(start..end);
        i = end;
    }
    out
}

/// Organisation candidates from one capitalised run.
fn from_run(
    text: &str,
    toks: &[Token<'_>],
    cls: &[u16],
    run: Range<usize>,
    out: &mut Vec<Mention>,
) {
    // Split at "and"/"&" where the left part already ends in a head word:
    // "Ford Motor Co and General Motors Corp".
    // Also split after a legal suffix not followed by another head.
    let mut start = run.start;
    for k in run.clone() {
        if matches!(toks[k].text, "and" | "&") && k > start && cls[k - 1] & HEAD != 0 {
            candidate(text, toks, cls, start..k, out);
            start = k + 1;
        } else if k >= start
            && cls[k] & LEGAL_FORM != 0
            && k + 1 < run.end
            && cls[k + 1] & HEAD == 0
            && !matches!(toks[k + 1].text, "of" | "and" | "&")
        {
            candidate(text, toks, cls, start..k + 1, out);
            start = k + 1;
        }
    }
    // A ticker or acronym left before "and": "CLT and Lornex Mining Corp".
    if start + 1 < run.end
        && toks[start].is_all_caps()
        && toks[start].text.len() <= 5
        && toks[start + 1].text == "and"
    {
        start += 2;
    }
    if start < run.end {
        candidate(text, toks, cls, start..run.end, out);
    }
}

/// End of a name whose head word is at `head`: after the head, or after an
/// `of`/`for`/`on` tail of capitalised words ("Bank of Japan", "Working
/// Group on Innovation"), which stops at a title ("Bank of Japan Governor").
fn tail_end(toks: &[Token<'_>], cls: &[u16], run: &Range<usize>, head: usize) -> usize {
    let end = head + 1;
    if end < run.end
        && (cls[head] & BODY != 0 || toks[head].text == "Group")
        && matches!(toks[end].text, "of" | "for" | "on")
    {
        let mut last_cap = None;
        let mut k = end + 1;
        while k < run.end && k <= head + 6 && cls[k] & (TITLE | LEAD) == 0 {
            if is_cap(&toks[k]) {
                last_cap = Some(k);
            }
            k += 1;
        }
        if let Some(last) = last_cap {
            return last + 1;
        }
    }
    end
}

fn candidate(
    text: &str,
    toks: &[Token<'_>],
    cls: &[u16],
    run: Range<usize>,
    out: &mut Vec<Mention>,
) {
    let Some(mut head) = run.clone().rev().find(|&k| cls[k] & HEAD != 0) else {
        leading(text, toks, cls, run, out);
        return;
    };
    let mut end = tail_end(toks, cls, &run, head);
    // An earlier public-body head whose tail reaches further wins:
    // "National Association of Securities Dealers", not "... of Securities".
    if let Some(first) = run.clone().find(|&k| k < head && cls[k] & BODY != 0) {
        let first_end = tail_end(toks, cls, &run, first);
        if first_end > end {
            head = first;
            end = first_end;
        }
    }
    // Strip leading determiners, sentence starters, titles and connectors.
    let mut s = run.start;
    while s < head {
        let t = toks[s].text;
        let strip =
            cls[s] & (LEAD | TITLE | CONNECTOR) != 0 || matches!(t, "the" | "-" | "'" | "’" | "s");
        if !strip {
            break;
        }
        s += 1;
    }
    // "Chairman of Cisco Systems Inc" -> after the title, drop "of".
    while s < head && cls[s] & CONNECTOR != 0 {
        s += 1;
    }
    // A title inside the run before the head starts the name after it:
    // "Cisco President John Smith Foundation" is rare, "President Reagan's
    // Commission" is not worth a name. Keep the part after the last title.
    // But a title between a name word and the head words is part of the
    // name: "American President Cos Ltd", "Security Capital Pacific Trust".
    if let Some(t) = (s..head).rev().find(|&k| cls[k] & TITLE != 0) {
        let mut after = t + 1;
        while after < head && cls[after] & CONNECTOR != 0 {
            after += 1;
        }
        let only_heads_after = !(after..head).any(|k| cls[k] & HEAD == 0);
        let named_before = t > s && is_cap(&toks[t - 1]) && cls[t - 1] & TITLE == 0;
        if !(only_heads_after && named_before) {
            s = after;
            if s >= head {
                return;
            }
        }
    }
    // A possessive inside the run belongs to a company's name ("Moody's
    // Investors Service Inc"); before another head it is a possessor:
    // "Chelsea's Champions League".
    if cls[head] & COMPANY == 0 {
        if let Some(k) = (s..head).rev().find(|&k| matches!(toks[k].text, "'" | "’")) {
            s = k + 2;
        }
    }
    if s >= head || !(s..head).any(|k| cls[k] & (HEAD | CONNECTOR) == 0) {
        return; // only head words: "Group discussions", "the Bank", "Co Ltd"
    }
    let span = toks[s].start..toks[end - 1].end;
    let name = collapse(&text[span.clone()]);
    if has(NOT_ORG, name.as_str()) || is_event(&name) {
        return;
    }
    out.push(Mention {
        name,
        span,
        company: cls[head] & COMPANY != 0,
        weak: false,
    });
}

/// A run opened by a Romance head word ("Banque Industrielle et Mobiliere
/// Privee"): the whole run, up to a title, is the name.
fn leading(text: &str, toks: &[Token<'_>], cls: &[u16], run: Range<usize>, out: &mut Vec<Mention>) {
    let Some(first) = run.clone().find(|&k| cls[k] & LEADING != 0) else {
        return;
    };
    let mut end = first + 1;
    while end < run.end && cls[end] & TITLE == 0 {
        end += 1;
    }
    while end > first + 1 && !is_cap(&toks[end - 1]) {
        end -= 1;
    }
    if end < first + 2 {
        return;
    }
    let span = toks[first].start..toks[end - 1].end;
    out.push(Mention {
        name: collapse(&text[span.clone()]),
        span,
        company: true,
        weak: false,
    });
}

/// Collapse runs of whitespace (line breaks inside a name) to one space.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, w) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Organisations mentioned in one text, in order of appearance, with their
/// spans. `caps` marks an ALL-CAPS text (a wire headline): only known
/// organisations are read from it.
#[cfg(test)]
pub(crate) fn mentions(text: &str, caps: bool) -> Vec<Mention> {
    if caps {
        return mentions_in(text, &[], true);
    }
    mentions_in(text, &super::token::tokenize(text), false)
}

/// [`mentions`] over tokens already made by the caller.
pub(crate) fn mentions_in(text: &str, toks: &[Token<'_>], caps: bool) -> Vec<Mention> {
    mentions_with(text, toks, caps, None, None)
}

/// [`mentions_in`], with the known organisations and the country-table
/// matches already found by the caller (see [`exact_patterns`],
/// [`known_at`] and `scan_body`).
pub(crate) fn mentions_with(
    text: &str,
    toks: &[Token<'_>],
    caps: bool,
    known_found: Option<Vec<Mention>>,
    places: Option<&[CountryMatch]>,
) -> Vec<Mention> {
    let mut found = match known_found {
        Some(k) => k,
        None => {
            let mut k = Vec::new();
            known(text, caps, &mut k);
            k
        }
    };
    if !caps {
        let mut heads = Vec::new();
        // The word-list flags of the tokens in runs, looked up once each:
        // the steps of `from_run` test most tokens against several lists.
        let mut cls = vec![0u16; toks.len()];
        for run in runs(toks) {
            // A run of one word without a head is never a candidate; skip
            // the common case quickly.
            if run.len() < 2 {
                continue;
            }
            for k in run.clone() {
                cls[k] = flags(toks[k].text);
            }
            from_run(text, toks, &cls, run, &mut heads);
        }
        // A weak known name followed by a market or event word is
        // something else: "Treasury bills", "Uefa Cup".
        let before_market_word = |span: &Range<usize>| {
            toks.get(toks.partition_point(|t| t.start < span.end))
                .is_some_and(|t| NOT_AFTER_WEAK.contains(&t.text))
        };
        let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
        let mut dropped = Vec::new();
        found.retain(|k| {
            let drop = k.weak && before_market_word(&k.span);
            if drop {
                dropped.push(k.span.clone());
            }
            !drop
        });
        // A candidate overlapping a known organisation gives way to it,
        // unless the known one is a weak name inside it ("Labour Ministry").
        heads.retain(|h| {
            !dropped.iter().any(|d| overlaps(d, &h.span))
                && !found.iter().any(|k| {
                    overlaps(&k.span, &h.span)
                        && !(k.weak && h.span.start <= k.span.start && k.span.end < h.span.end)
                })
        });
        found.retain(|k| !heads.iter().any(|h| overlaps(&k.span, &h.span)));
        found.extend(heads);
        // The tagger, for the names without a head word or a table entry.
        let computed;
        let places = match places {
            Some(p) => p,
            None => {
                computed = super::scan_body(text, toks).0;
                &computed
            }
        };
        let gz = gazetteer_with(toks, &found, places);
        // Surnames the article gives a person's title ("Mr Cable"): a
        // tagged name ending in one is a person ("Vince Cable").
        let surnames: Vec<&str> = toks
            .windows(2)
            .filter(|w| matches!(w[0].text, "Mr" | "Mrs" | "Ms" | "Miss" | "Dr" | "Sir"))
            .map(|w| w[1].text)
            .collect();
        let mut tagged = Vec::new();
        for r in super::tagger::tag(toks, &gz) {
            if let Some(m) = tagged_mention(text, toks, &gz, r) {
                let last = text[m.span.clone()].rsplit(' ').next().unwrap_or_default();
                if !surnames.contains(&last)
                    && !found.iter().any(|k| overlaps(&k.span, &m.span))
                    && !dropped.iter().any(|d| overlaps(d, &m.span))
                    && !before_market_word(&m.span)
                {
                    tagged.push(m);
                }
            }
        }
        found.extend(tagged);
    }
    found.sort_by_key(|m| m.span.start);
    found
}

/// A name the tagger found at tokens `r`, cleaned: no leading determiner,
/// title or sentence starter, no trailing time word or connector; never
/// an event, a country or a lone generic word. Known aliases give their
/// canonical name ("Tories" -> "Conservative Party").
fn tagged_mention(text: &str, toks: &[Token<'_>], gz: &[u16], r: Range<usize>) -> Option<Mention> {
    use super::tagger::gaz;
    let (mut s, mut e) = (r.start, r.end);
    let skip = gaz::LEAD | gaz::TITLE | gaz::CONNECTOR;
    while s < e && (gz[s] & skip != 0 || toks[s].text == "the") {
        s += 1;
    }
    while e > s
        && (gz[e - 1] & (gaz::CONNECTOR | gaz::LEAD) != 0
            || toks[e - 1].kind == Kind::Punct
            || toks[e - 1].text == "the"
            || TIME_WORDS.contains(&toks[e - 1].text))
    {
        e -= 1;
    }
    if s >= e || (e - s == 1 && toks[s].text.chars().count() < 2) {
        return None;
    }
    let span = toks[s].start..toks[e - 1].end;
    let name = collapse(&text[span.clone()]);
    // A country or place ("Britain", "Washington"): every token is in a
    // country-table match.
    let place = (s..e).all(|k| gz[k] & gaz::PLACE != 0);
    if place || is_event(&name) || has(NOT_ORG | HEAD, &name) {
        return None;
    }
    let company = gz[e - 1] & gaz::COMPANY != 0;
    let name = match canonical_organisation(&name) {
        Some(c) => c.to_string(),
        None => name,
    };
    Some(Mention {
        name,
        span,
        company,
        weak: false,
    })
}

/// True for an event, competition, award, index or product name
/// ("Champions League", "Brit Awards", "FTSE 100").
fn is_event(name: &str) -> bool {
    const TAILS: &[&str] = &[
        " Cup",
        " Awards",
        " Games",
        " Open",
        " Championship",
        " Championships",
        " Trophy",
        " Prize",
        " Index",
        " index",
        " Festival",
        " Olympics",
        " Series",
        " Symposium",
        " Summit",
        " Conference",
        " Show",
        " Expo",
        " Marathon",
        " Tour",
    ];
    EVENTS.iter().any(|e| e.eq_ignore_ascii_case(name)) || TAILS.iter().any(|t| name.ends_with(t))
}

/// The gazetteer bits of each token (see [`super::tagger::gaz`]): word
/// lists, known organisations and country-table matches.
pub(crate) fn gazetteer_with(
    toks: &[Token<'_>],
    known: &[Mention],
    places: &[CountryMatch],
) -> Vec<u16> {
    use super::tagger::gaz;
    let mut g = vec![0u16; toks.len()];
    for (i, t) in toks.iter().enumerate() {
        let b = t.text.as_bytes()[0];
        // Only capitalised words, short words (connectors) and "&" are in
        // the lists: skip the hash lookup for the others.
        if t.kind == Kind::Num || !(b.is_ascii_uppercase() || b >= 0x80 || t.text.len() <= 3) {
            continue;
        }
        let f = flags(t.text);
        if f == 0 {
            continue;
        }
        let mut x = 0;
        for (from, to) in [
            (COMPANY, gaz::COMPANY),
            (BODY, gaz::BODY),
            (LEGAL_FORM, gaz::LEGAL),
            (LEAD, gaz::LEAD),
            (TITLE, gaz::TITLE),
            (CONNECTOR, gaz::CONNECTOR),
            (LEADING, gaz::LEADING),
        ] {
            if f & from != 0 {
                x |= to;
            }
        }
        g[i] = x;
    }
    let mut mark = |span: Range<usize>, first: u16, rest: u16| {
        let a = toks.partition_point(|t| t.start < span.start);
        for (k, t) in toks.iter().enumerate().skip(a) {
            if t.end > span.end {
                break;
            }
            g[k] |= if k == a { first } else { rest };
        }
    };
    for m in known {
        mark(m.span.clone(), gaz::KNOWN_B, gaz::KNOWN_I);
    }
    for &(_, s, e) in places {
        mark(s..e, gaz::PLACE, gaz::PLACE);
    }
    g
}

/// [`gazetteer_with`], finding the known names and places itself (for the
/// tagger's trainer, which must see what `extract` sees).
pub(crate) fn gazetteer(text: &str, toks: &[Token<'_>]) -> Vec<u16> {
    let (places, known) = super::scan_body(text, toks);
    gazetteer_with(toks, &known, &places)
}

/// The canonical name of an organisation from any of its names in
/// `data/orgs.txt`, ignoring case and a leading "the": `Tories`, `tory
/// party` and `Conservative Party` give "Conservative Party", `SEC` gives
/// "Securities and Exchange Commission". `None` for a name the table does
/// not know (the extractor then outputs names as written).
///
/// ```
/// use newsindex::extract::canonical_organisation;
///
/// assert_eq!(canonical_organisation("Lib Dems"), Some("Liberal Democrats"));
/// assert_eq!(
///     canonical_organisation("opec"),
///     Some("Organization of Petroleum Exporting Countries")
/// );
/// assert_eq!(canonical_organisation("Acme Widgets"), None);
/// ```
pub fn canonical_organisation(name: &str) -> Option<&'static str> {
    let t = &*TABLE;
    let name = collapse(name.trim());
    let lower = name.to_lowercase();
    let id = t.by_alias.get(&lower).or_else(|| {
        lower
            .strip_prefix("the ")
            .and_then(|rest| t.by_alias.get(rest))
    })?;
    Some(t.orgs[*id].canonical.as_str())
}

/// Every name of the organisation table with the canonical name it
/// stands for: (alias, canonical), aliases lower-cased, each canonical
/// name among the aliases; in no particular order. For a program that
/// matches names people type against the table (did-you-mean
/// suggestions); [`canonical_organisation`] looks one name up.
///
/// ```
/// use newsindex::extract::organisation_aliases;
///
/// assert!(organisation_aliases().any(|(alias, canonical)| alias == "tories"
///     && canonical == "Conservative Party"));
/// ```
pub fn organisation_aliases() -> impl Iterator<Item = (&'static str, &'static str)> {
    let t: &'static Table = &TABLE;
    t.by_alias
        .iter()
        .map(|(alias, &id)| (alias.as_str(), t.orgs[id].canonical.as_str()))
}

/// Merge mentions of title and body into one list of canonical names, in
/// order of first appearance, one name per organisation.
pub(crate) fn merge(mentions: impl IntoIterator<Item = Mention>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for m in mentions {
        let mut merged = false;
        for existing in names.iter_mut() {
            if existing.eq_ignore_ascii_case(&m.name) || affix(&m.name, existing) {
                merged = true; // the same, or shorter than one we have
                break;
            }
            if affix(existing, &m.name) {
                *existing = m.name.clone(); // longer: replace in place
                merged = true;
                break;
            }
        }
        if !merged {
            names.push(m.name);
        }
    }
    // A replacement may have made two entries equal.
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for n in names {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&n)) {
            out.push(n);
        }
    }
    // An acronym of another name in the article is that name: "Office of
    // Fair Trading (OFT)", then "the OFT".
    let expanded: Vec<bool> = out
        .iter()
        .map(|n| {
            n.len() >= 2
                && n.len() <= 6
                && n.bytes().all(|b| b.is_ascii_uppercase())
                && out.iter().any(|o| o != n && initials(o) == *n)
        })
        .collect();
    let mut keep = expanded.iter().map(|e| !e);
    out.retain(|_| keep.next().unwrap_or(true));
    out
}

/// The capitals that open the words of `name`, connectors skipped:
/// "Office of Fair Trading" -> "OFT".
pub(crate) fn initials(name: &str) -> String {
    name.split([' ', '-'])
        .filter(|w| !has(CONNECTOR, w) && *w != "the")
        .filter_map(|w| w.chars().next())
        .filter(char::is_ascii_uppercase)
        .collect()
}

/// True when `short` is a proper word-prefix or word-suffix of `long`
/// (ASCII case ignored): "Ecolab" of "Ecolab Co", "Working Group on
/// Innovation" of "... Commission Working Group on Innovation".
pub(crate) fn affix(short: &str, long: &str) -> bool {
    let (s, l) = (short.len(), long.len());
    if short.is_empty() || s >= l {
        return false;
    }
    let lb = long.as_bytes();
    let prefix = lb[s] == b' ' && long.is_char_boundary(s) && long[..s].eq_ignore_ascii_case(short);
    let suffix = lb[l - s - 1] == b' '
        && long.is_char_boundary(l - s)
        && long[l - s..].eq_ignore_ascii_case(short);
    prefix || suffix
}

/// Organisations in a headline. An ALL-CAPS wire headline gives only the
/// known organisations (upper-cased aliases); so does a Title Case one
/// ("Cisco Signs Deal With Skolkovo Foundation"), where every word is
/// capitalised and runs would glue names to verbs.
pub(crate) fn title_mentions(title: &str, toks: &[Token<'_>]) -> Vec<Mention> {
    if caps_title(title) {
        return mentions_in(title, &[], true);
    }
    let words = toks.iter().filter(|t| t.kind == Kind::Word);
    let (n, capitalised) = words.fold((0, 0), |(n, c), t| {
        (n + 1, c + usize::from(t.is_capitalised()))
    });
    if n >= 4 && capitalised * 5 >= n * 4 {
        return mentions_in(title, &[], false);
    }
    mentions_in(title, toks, false)
}

/// True when `title` is an ALL-CAPS wire headline.
pub(crate) fn caps_title(title: &str) -> bool {
    title.chars().any(char::is_alphabetic) && !title.chars().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::super::token::tokenize;
    use super::*;

    fn orgs(text: &str) -> Vec<String> {
        merge(mentions(text, false))
    }

    #[test]
    fn head_words_make_names() {
        assert_eq!(orgs("Ecolab Co said it would buy shares."), ["Ecolab Co"]);
        assert_eq!(
            orgs("It signed with Bessemer Venture Partners to invest in the Skolkovo Foundation's projects."),
            ["Bessemer Venture Partners", "Skolkovo Foundation"]
        );
        assert_eq!(
            orgs("The Bank of Japan Governor Satoshi Sumita said."),
            ["Bank of Japan"]
        );
        assert_eq!(
            orgs("Shares of Allied-Signal Inc rose."),
            ["Allied-Signal Inc"]
        );
        assert_eq!(
            orgs("Ford Motor Co and General Motors Corp cut prices."),
            ["Ford Motor", "General Motors"]
        );
    }

    #[test]
    fn acronyms_are_expanded() {
        assert_eq!(
            orgs(
                "The European Community's farm ministers met. EC officials said the EEC would act."
            ),
            ["European Community"]
        );
        assert_eq!(
            orgs("The IMF and the International Monetary Fund."),
            ["International Monetary Fund"]
        );
        assert_eq!(
            orgs("OPEC and GATT and the World Bank"),
            [
                "Organization of Petroleum Exporting Countries",
                "General Agreement on Tariffs and Trade",
                "World Bank"
            ]
        );
        assert_eq!(
            orgs("an MIT-like university"),
            ["Massachusetts Institute of Technology"]
        );
    }

    #[test]
    fn no_junk() {
        assert!(orgs("Group discussions at the event focused on research.").is_empty());
        assert!(orgs("Currently, the delegates are attending.").is_empty());
        assert!(orgs("The President said the Minister would go.").is_empty());
        assert!(orgs("The Soviet Union and the West Bank.").is_empty());
        assert_eq!(
            orgs("President of Cisco Systems Inc John Chambers"),
            ["Cisco"]
        );
        assert_eq!(orgs("Chairman of Acme Widget Corp"), ["Acme Widget Corp"]);
        assert_eq!(
            orgs("The sale by American President Cos Ltd closed."),
            ["American President Cos Ltd"]
        );
        assert!(orgs("He met Vice President Co officials.").is_empty());
        assert_eq!(
            orgs("Shares of Montedison SPA and Whim Creek Consolidated NL rose, Airbus Industrie said."),
            ["Montedison SPA", "Whim Creek Consolidated NL", "Airbus"]
        );
    }

    #[test]
    fn fullest_name_wins() {
        assert_eq!(
            orgs("the U.S.-Russian Bilateral Presidential Commission Working Group on Innovation, or the Working Group on Innovation."),
            ["U.S.-Russian Bilateral Presidential Commission Working Group on Innovation"]
        );
        assert_eq!(orgs("Ecolab said. Ecolab Inc rose."), ["Ecolab Inc"]);
    }

    #[test]
    fn title_case_headlines_only_known() {
        let title = "Cisco Signs Deal With Skolkovo Foundation";
        assert_eq!(merge(title_mentions(title, &tokenize(title))), ["Cisco"]);
        let title = "Cisco signs deal with the Skolkovo Foundation";
        assert_eq!(
            merge(title_mentions(title, &tokenize(title))),
            ["Cisco", "Skolkovo Foundation"]
        );
    }

    #[test]
    fn single_word_companies_and_bodies() {
        let f = super::super::extract(
            "",
            "Time Warner said on Friday that AOL would pay $300m. Google and Novartis \
             also reported results, and Barclays raised its dividend. The media regulator \
             Ofcom said the NHS and the Treasury had been told.",
        );
        for org in [
            "Time Warner",
            "AOL",
            "Google",
            "Novartis",
            "Barclays",
            "Ofcom",
            "National Health Service",
            "Treasury",
        ] {
            assert!(f.organisations.iter().any(|o| o == org), "{org}: {f:?}");
        }
    }

    #[test]
    fn parties_clubs_and_broadcasters() {
        let f = super::super::extract(
            "",
            "The Tories and the Lib Dems attacked Labour, the BBC reported. Chelsea beat \
             Manchester United, ITV1 said. The Conservative Party denied it.",
        );
        let o = &f.organisations;
        for org in [
            "Conservative Party",
            "Liberal Democrats",
            "Labour Party",
            "BBC",
            "Chelsea",
            "Manchester United",
            "ITV1",
        ] {
            assert!(o.iter().any(|x| x == org), "{org}: {o:?}");
        }
        assert_eq!(
            o.iter().filter(|x| x.contains("Conservative")).count(),
            1,
            "{o:?}"
        );
    }

    #[test]
    fn possessives_weekdays_and_events() {
        let o = orgs(
            "Chelsea's Champions League hopes rose. The Electoral Commission on Thursday \
             said Mittal's Ispat International NV would pay.",
        );
        assert!(o.iter().any(|x| x == "Electoral Commission"), "{o:?}");
        assert!(o.iter().any(|x| x == "Chelsea"), "{o:?}");
        for bad in [
            "Champions League",
            "Chelsea's Champions League",
            "Electoral Commission on Thursday",
        ] {
            assert!(!o.iter().any(|x| x == bad), "{bad}: {o:?}");
        }
        let o = orgs("Shares in the FTSE 100 rose before the Brit Awards and the FA Cup final.");
        assert!(o.is_empty(), "{o:?}");
        let o = orgs("Delegates at the Global Technology Symposium and the G8 Summit spoke.");
        assert!(o.is_empty(), "{o:?}");
        let o = orgs("Yields on Treasury bills fell.");
        assert!(o.is_empty(), "{o:?}");
    }

    #[test]
    fn acronyms_link_to_their_expansion() {
        let o = orgs(
            "The Office of Fair Trading (OFT) opened an inquiry into Acme Widget Corp. \
             The OFT said it would report.",
        );
        assert_eq!(o, ["Office of Fair Trading", "Acme Widget Corp"]);
        let o = orgs("The Serious Widget Authority (SWA) spoke, and the SWA agreed.");
        assert_eq!(o, ["Serious Widget Authority"]);
    }

    #[test]
    fn canonical_aliases() {
        for (alias, canonical) in [
            ("Tories", "Conservative Party"),
            ("tory party", "Conservative Party"),
            ("the Conservative Party", "Conservative Party"),
            ("Lib Dems", "Liberal Democrats"),
            ("SEC", "Securities and Exchange Commission"),
            (
                "securities and exchange commission",
                "Securities and Exchange Commission",
            ),
            ("Opec", "Organization of Petroleum Exporting Countries"),
            ("TimeWarner", "Time Warner"),
            ("Barclay's", "Barclays"),
            ("The Guardian", "The Guardian"),
            ("Guardian", "The Guardian"),
        ] {
            assert_eq!(canonical_organisation(alias), Some(canonical), "{alias}");
        }
        assert_eq!(canonical_organisation("Acme Widgets"), None);
        assert_eq!(orgs("TimeWarner and Time Warner Inc"), ["Time Warner"]);
    }

    #[test]
    fn people_named_with_a_title_are_not_organisations() {
        let o = orgs(
            "Hollywood star Keanu Reeves and Liberal Democrat spokesman Vince Cable met \
             Yann Delaigue in Toulouse. Mr Reeves, Mr Cable and Mr Delaigue spoke to \
             Vantorel Holdings.",
        );
        assert_eq!(o, ["Liberal Democrats", "Vantorel Holdings"]);
    }

    #[test]
    fn labour_ministry_is_not_labour() {
        assert_eq!(
            orgs("The Labour Ministry said unemployment rose."),
            ["Labour Ministry"]
        );
    }

    #[test]
    fn caps_headlines_only_known() {
        assert_eq!(
            merge(mentions("IMF CHIEF SEES GROWTH AT ACME CORP", true)),
            ["International Monetary Fund"]
        );
        assert!(caps_title("IMF CHIEF SEES GROWTH"));
        assert!(!caps_title("Cisco signs deal"));
    }
}
