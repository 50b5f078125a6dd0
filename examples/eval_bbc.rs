//! Score facet extraction against the hand-labelled BBC development set.
//!
//! ```text
//! cargo run --release --example eval_bbc -- /path/to/bbc [errors]
//! ```
//!
//! Reads every `eval/bbc-dev/*.jsonl` of this crate (one object per
//! article: `path`, `countries`, `organisations`, `people`, `amounts`;
//! see `eval/README.md`), reads each article with
//! [`newsindex::ingest::read_file`], runs [`newsindex::extract::extract`]
//! on its title and body and prints micro precision / recall / F1 per
//! field and the number of articles scored, then the most frequent false
//! positives and false negatives per field and the errors grouped by a
//! cause told from the labels alone (a surname beside its full name, a
//! person taken for an organisation, a partial name, a name run on...).
//! With `errors`, every error is listed too, with its article's path and
//! cause.
//!
//! Files numbered 001-320 of every category are held out for the final
//! evaluation: a label file naming one of them is refused before any
//! article is read. A path labelled twice is scored once (the first label,
//! in file-name order) and reported.
//!
//! Matching, per article (exact repeats of a prediction are dropped first):
//! - countries: by exact canonical name;
//! - organisations: a predicted name matches a gold entity when its
//!   normalised form ([`normalise_org`]: case-folded, leading "the" and
//!   trailing possessive and punctuation stripped, legal suffixes
//!   plc/Inc/Ltd/Co/Corp/Group/Limited removed, whitespace squashed)
//!   equals the normalised form of any of the entity's surface forms. Each
//!   gold entity is matched at most once: a second prediction matching the
//!   same entity is a false positive (one entity, one entry);
//! - people: like organisations, by normalised name ([`normalise_person`]:
//!   case-folded, accents folded, possessive, punctuation and hyphens
//!   dropped, leading honorifics and titles such as Mr/Dr/Sir/President
//!   removed; a peer's "Lord" is kept) against any of the entity's surface
//!   forms, one prediction per gold entity. Articles labelled without a
//!   `people` field are not scored for people. A second line scores only
//!   the people the article names in full (a first name or title and a
//!   surname), leaving out people it gives by surname alone (team sheets);
//!   a prediction matching one of those is then neither right nor wrong;
//! - amounts: same currency and value within 0.5% relative; each gold
//!   amount is matched at most once, by the closest prediction.
//!
//! A second organisation line scores the index's values: each predicted
//! name and each gold surface form also under its canonical name
//! ([`canonical_organisation`]: "Tories" -> Conservative Party), two
//! predictions of one canonical name counted once. The difference from the
//! first line is naming, not finding. The first line is the score.
//!
//! Countries are the full set an article refers to (LABELLING.md), not
//! only the countries it is about.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use newsindex::extract::{canonical_organisation, country_names, extract, Amount, Facets};
use serde::Deserialize;

/// Highest file number held out for the final evaluation.
const HELD_OUT_MAX: u32 = 320;
/// Relative tolerance for an amount's value.
const AMOUNT_TOLERANCE: f64 = 0.005;
/// Error patterns printed per field and kind.
const TOP: usize = 12;

/// One labelled article.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Gold {
    path: String,
    countries: Vec<String>,
    organisations: Vec<Vec<String>>,
    /// One entry per person: the fullest name as written, then the other
    /// forms. Absent in label files made before people were labelled.
    #[serde(default)]
    people: Option<Vec<Vec<String>>>,
    amounts: Vec<GoldAmount>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldAmount {
    value: f64,
    currency: String,
}

/// True positives, false positives and false negatives of one field.
#[derive(Default)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
    /// Error pattern -> count.
    fps: HashMap<String, usize>,
    fns: HashMap<String, usize>,
    /// Cause of an error ([`Cause`]) -> count and first example.
    fp_causes: HashMap<&'static str, (usize, String)>,
    fn_causes: HashMap<&'static str, (usize, String)>,
}

impl Score {
    fn line(&self) -> String {
        common::prf_line(self.tp, self.fp, self.fn_)
    }

    fn false_positive(&mut self, pattern: String) {
        self.fp += 1;
        *self.fps.entry(pattern).or_default() += 1;
    }

    fn false_negative(&mut self, pattern: String) {
        self.fn_ += 1;
        *self.fns.entry(pattern).or_default() += 1;
    }

    fn fp_cause(&mut self, cause: &'static str, example: String) {
        self.fp_causes.entry(cause).or_insert((0, example)).0 += 1;
    }

    fn fn_cause(&mut self, cause: &'static str, example: String) {
        self.fn_causes.entry(cause).or_insert((0, example)).0 += 1;
    }
}

/// Legal suffixes ignored when comparing organisation names.
const LEGAL_SUFFIXES: &[&str] = &["plc", "inc", "ltd", "co", "corp", "group", "limited"];

/// The form under which two organisation names are the same: case-folded,
/// whitespace squashed, a leading "the", a trailing possessive, trailing
/// punctuation and trailing legal suffixes (plc, Inc, Ltd, Co, Corp, Group,
/// Limited) removed. A name made only of a suffix ("Group") is kept.
fn normalise_org(name: &str) -> String {
    let trim_punct = |s: &str| -> String {
        s.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '&' && c != ')')
            .trim_end_matches(['’', '‘', '“', '”'])
            .trim_end()
            .to_string()
    };
    let mut s = name
        .replace('’', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if let Some(rest) = s.strip_prefix("the ") {
        s = rest.to_string();
    }
    s = trim_punct(&s);
    for possessive in ["'s", "'"] {
        if let Some(rest) = s.strip_suffix(possessive) {
            s = trim_punct(rest);
            break;
        }
    }
    while let Some((head, last)) = s.rsplit_once(' ') {
        if !LEGAL_SUFFIXES.contains(&last.trim_end_matches('.')) {
            break;
        }
        s = trim_punct(head);
    }
    s
}

/// Honorifics, titles and roles dropped from the front of a person's name
/// (LABELLING.md: none of them is part of the name), lower case. A peer's
/// "Lord", "Lady" or "Baroness" is kept: a peer known by title keeps it.
const HONORIFICS: &[&str] = &[
    "the",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "rev",
    "reverend",
    "most reverend",
    "cardinal",
    "justice",
    "judge",
    "president",
    "vice president",
    "prime minister",
    "chancellor",
    "senator",
    "coach",
    "chief executive",
];

/// A lower-case letter without its accent (é -> e), so that a name written
/// with and without accents compares equal.
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
        'ł' | 'ľ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        c => c,
    }
}

/// The form under which two person names are the same: case and accents
/// folded, a trailing possessive dropped, punctuation and hyphens turned
/// into spaces ("Kilroy-Silk" = "Kilroy Silk", "J. Allard" = "J Allard"),
/// whitespace squashed, and leading honorifics and titles ([`HONORIFICS`])
/// removed while a name remains ("Mr Blair's" -> "blair").
fn normalise_person(name: &str) -> String {
    let lower: String = name
        .replace(['’', '‘'], "'")
        .to_lowercase()
        .chars()
        .map(fold_accent)
        .collect();
    let mut s = lower.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '\'');
    if let Some(rest) = s.strip_suffix("'s") {
        s = rest;
    } else if let Some(rest) = s.strip_suffix('\'') {
        s = rest;
    }
    let spaced: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let mut s = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    'strip: loop {
        for h in HONORIFICS {
            if let Some(rest) = s.strip_prefix(h).and_then(|r| r.strip_prefix(' ')) {
                s = rest.to_string();
                continue 'strip;
            }
        }
        return s;
    }
}

/// True when a person's forms give more than a surname or single name: a
/// form of two or more words whose first is not an initial ("Tony Blair",
/// "Lord Sainsbury"; not "Blair", "M Johnson", "KP Robertson").
fn named_in_full(forms: &[String]) -> bool {
    forms.iter().any(|form| {
        let mut words = form.split_whitespace();
        let first = words.next().unwrap_or("").trim_end_matches('.');
        let initial = first.chars().count() < 2 || first.chars().all(|c| c.is_uppercase());
        words.next().is_some() && !initial
    })
}

/// Where one name's words sit inside another's (whole words only).
#[derive(Debug, PartialEq)]
enum Place {
    Same,
    Start,
    End,
    Middle,
}

/// Where `needle` occurs as whole words in `hay`, both normalised.
fn place_in(hay: &str, needle: &str) -> Option<Place> {
    if needle.is_empty() {
        return None;
    }
    if hay == needle {
        return Some(Place::Same);
    }
    let (h, n) = (format!(" {hay} "), format!(" {needle} "));
    let at = h.find(&n)?;
    Some(if at == 0 {
        Place::Start
    } else if at + n.len() == h.len() {
        Place::End
    } else {
        Place::Middle
    })
}

/// True when `part` is a proper whole-word part of one of `names`.
fn part_of_any<'a>(part: &str, names: impl IntoIterator<Item = &'a String>) -> bool {
    names.into_iter().any(|n| {
        matches!(
            place_in(n, part),
            Some(Place::Start | Place::End | Place::Middle)
        )
    })
}

/// What became of one prediction.
enum Outcome {
    /// Matched this gold entity, not matched before.
    Hit(usize),
    /// Matched only gold entities already matched (this one first).
    Again(usize),
    /// Matched no gold entity.
    Miss,
}

/// Matches normalised predictions, in order, to gold entities given as
/// sets of normalised names; each entity is matched at most once. Returns
/// each prediction's outcome and which entities were matched.
fn match_entities(predicted: &[String], entities: &[HashSet<String>]) -> (Vec<Outcome>, Vec<bool>) {
    let mut matched = vec![false; entities.len()];
    let outcomes = predicted
        .iter()
        .map(|n| {
            let hits: Vec<usize> = (0..entities.len())
                .filter(|&k| entities[k].contains(n))
                .collect();
            if let Some(&k) = hits.iter().find(|&&k| !matched[k]) {
                matched[k] = true;
                Outcome::Hit(k)
            } else if let Some(&k) = hits.first() {
                Outcome::Again(k)
            } else {
                Outcome::Miss
            }
        })
        .collect();
    (outcomes, matched)
}

/// The labels of one article, normalised for telling the cause of an
/// error: what else a wrong name could be.
struct Names {
    /// Gold organisations, forms under [`normalise_org`].
    orgs: Vec<HashSet<String>>,
    /// Every gold organisation form under [`normalise_person`].
    orgs_as_person: HashSet<String>,
    /// Gold people, forms under [`normalise_person`].
    people: Vec<HashSet<String>>,
    /// Every gold person form under [`normalise_org`].
    people_as_org: HashSet<String>,
}

impl Names {
    fn new(gold: &Gold) -> Self {
        let all_people = gold.people.as_deref().unwrap_or_default();
        let forms = |entities: &[Vec<String>], norm: fn(&str) -> String| -> Vec<HashSet<String>> {
            entities
                .iter()
                .map(|forms| forms.iter().map(|s| norm(s)).collect())
                .collect()
        };
        let flat = |entities: &[Vec<String>], norm: fn(&str) -> String| -> HashSet<String> {
            entities.iter().flatten().map(|s| norm(s)).collect()
        };
        Names {
            orgs: forms(&gold.organisations, normalise_org),
            orgs_as_person: flat(&gold.organisations, normalise_person),
            people: forms(all_people, normalise_person),
            people_as_org: flat(all_people, normalise_org),
        }
    }
}

/// Causes of errors, told mechanically from the labels and the other
/// predictions of the same article.
struct Cause;

impl Cause {
    /// Why a predicted person (normalised `n`) is wrong.
    fn person_fp(
        n: &str,
        outcome: &Outcome,
        names: &Names,
        countries: &HashSet<String>,
    ) -> &'static str {
        if let Outcome::Again(_) = outcome {
            return if n.contains(' ') {
                "second entry for one person (another full form)"
            } else {
                "second entry for one person (surname or first name beside the full name)"
            };
        }
        let people = || names.people.iter().flatten();
        if names.orgs_as_person.contains(n) {
            "organisation taken for a person"
        } else if countries.contains(n) {
            "country taken for a person"
        } else if part_of_any(n, people()) {
            "partial name (part of a gold person's name)"
        } else if people().any(|g| place_in(n, g) == Some(Place::End)) {
            "words before the name (role or title left in)"
        } else if people().any(|g| place_in(n, g) == Some(Place::Start)) {
            "name runs on (words after it)"
        } else if people().any(|g| place_in(n, g) == Some(Place::Middle)) {
            "words around the name"
        } else if !n.contains(' ') {
            "single word, no such person in the gold"
        } else {
            "no such person in the gold"
        }
    }

    /// Why a gold person (forms `entity`, raw `forms`) was missed.
    fn person_fn(
        entity: &HashSet<String>,
        forms: &[String],
        missed: &[String],
        orgs: &HashSet<String>,
    ) -> &'static str {
        if entity.iter().any(|f| orgs.contains(f)) {
            "taken for an organisation"
        } else if missed.iter().any(|p| part_of_any(p, entity)) {
            "found only in part"
        } else if missed
            .iter()
            .any(|p| entity.iter().any(|f| part_of_any(f, [p])))
        {
            "found with extra words"
        } else if !named_in_full(forms) {
            "named by surname or single name only"
        } else {
            "missed"
        }
    }

    /// Why a predicted organisation (normalised `n`) is wrong.
    fn org_fp(
        n: &str,
        outcome: &Outcome,
        names: &Names,
        countries: &HashSet<String>,
    ) -> &'static str {
        if let Outcome::Again(_) = outcome {
            return "second entry for one organisation";
        }
        let orgs = || names.orgs.iter().flatten();
        if names.people_as_org.contains(n) {
            "person taken for an organisation"
        } else if countries.contains(n) {
            "country taken for an organisation"
        } else if part_of_any(n, orgs()) {
            "part of a longer name"
        } else if orgs().any(|g| part_of_any(g, [&n.to_string()])) {
            "name runs past the gold name (extra words)"
        } else if !n.contains(' ') {
            "single word, no such organisation in the gold"
        } else {
            "no such organisation in the gold"
        }
    }

    /// Why a gold organisation (forms `entity`, normalised) was missed.
    fn org_fn(
        entity: &HashSet<String>,
        missed: &[String],
        people: &HashSet<String>,
    ) -> &'static str {
        if entity.iter().any(|f| people.contains(f)) {
            "taken for a person"
        } else if missed.iter().any(|p| part_of_any(p, entity)) {
            "found only in part"
        } else if missed
            .iter()
            .any(|p| entity.iter().any(|f| part_of_any(f, [p])))
        {
            "found with extra words"
        } else if entity.iter().all(|f| !f.contains(' ')) {
            "single-word name missed"
        } else {
            "missed"
        }
    }

    /// Why a predicted country is wrong: the start of its name (5 letters:
    /// "Germa" for German, Germany) opens a word of a gold organisation or
    /// person, or not.
    fn country_fp(country: &str, names: &Names) -> &'static str {
        let stem: String = country.to_lowercase().chars().take(5).collect();
        let inside = names
            .orgs
            .iter()
            .chain(&names.people)
            .flatten()
            .any(|g| g.split(' ').any(|w| w.starts_with(&stem)));
        if inside {
            "from a word of an organisation's or person's name"
        } else {
            "not referred to in the gold"
        }
    }

    /// Why a gold country was missed: its name is written in the article
    /// (title or body, whole word) or it is referred to otherwise.
    fn country_fn(country: &str, text: &str) -> &'static str {
        let written = text.match_indices(country).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + country.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        });
        if written {
            "name written, missed"
        } else {
            "referred to otherwise (adjective, city, short form)"
        }
    }
}

/// The shape of an amount's text with digits as 9 (`£1.5bn` -> `£9.9bn`),
/// so that errors of one kind group together.
fn shape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = if c.is_ascii_digit() { '9' } else { c };
        // Runs of digits collapse to one 9.
        if !(c == '9' && out.ends_with('9')) {
            out.push(c);
        }
    }
    out
}

/// The file number of a corpus path ("business/321.txt" -> 321).
fn file_number(path: &str) -> Option<u32> {
    Path::new(path).file_stem()?.to_str()?.parse().ok()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= AMOUNT_TOLERANCE * b.abs().max(f64::MIN_POSITIVE)
}

fn top(map: &HashMap<String, usize>) -> Vec<(&str, usize)> {
    let mut v: Vec<(&str, usize)> = map.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    v.sort_by_key(|(name, count)| (std::cmp::Reverse(*count), *name));
    v.truncate(TOP);
    v
}

/// Every label of every `*.jsonl` file under `dir`, in file-name order,
/// each with its file name; refuses held-out paths and bad lines.
fn load_labels(dir: &Path) -> Result<Vec<(String, Gold)>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut labels = Vec::new();
    for file in files {
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let text = std::fs::read_to_string(&file).map_err(|e| format!("{name}: {e}"))?;
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let gold: Gold =
                serde_json::from_str(line).map_err(|e| format!("{name}:{}: {e}", i + 1))?;
            match file_number(&gold.path) {
                Some(n) if n > HELD_OUT_MAX => {}
                _ => {
                    return Err(format!(
                        "{name}:{}: {} is held out (files 001-{HELD_OUT_MAX} are for the final evaluation only) or not a numbered article",
                        i + 1,
                        gold.path
                    ))
                }
            }
            labels.push((name.clone(), gold));
        }
    }
    Ok(labels)
}

/// Every score the run prints.
#[derive(Default)]
struct Scores {
    countries: Score,
    orgs: Score,
    /// Organisations under the index's canonical names.
    orgs_canonical: Score,
    people: Score,
    /// People the article names in full only ([`named_in_full`]).
    people_full: Score,
    /// People matched under a form other than the article's fullest name.
    people_short_hits: usize,
    /// Articles whose labels carry people.
    people_articles: usize,
    money: Score,
}

/// The error list of one article, for `errors`.
struct Log<'a> {
    path: &'a str,
    errors: &'a mut Vec<String>,
}

impl Log<'_> {
    fn push(&mut self, field: &str, kind: &str, what: String) {
        self.errors
            .push(format!("{}  {field} {kind}  {what}", self.path));
    }

    /// An example of a cause: the value and its article.
    fn example(&self, what: &str) -> String {
        format!("{what} ({})", self.path)
    }
}

/// The items of `list` without exact repeats, in order.
fn distinct(list: &[String]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for item in list {
        if !out.contains(&item.as_str()) {
            out.push(item);
        }
    }
    out
}

fn score_countries(
    gold: &Gold,
    predicted: &[String],
    text: &str,
    names: &Names,
    score: &mut Score,
    log: &mut Log,
) {
    let gold_countries: HashSet<&str> = gold.countries.iter().map(String::as_str).collect();
    let predicted = distinct(predicted);
    for c in &predicted {
        if gold_countries.contains(c) {
            score.tp += 1;
        } else {
            let cause = Cause::country_fp(c, names);
            score.false_positive(c.to_string());
            score.fp_cause(cause, log.example(c));
            log.push("country", "FP", format!("{c}  [{cause}]"));
        }
    }
    for c in &gold.countries {
        if !predicted.contains(&c.as_str()) {
            let cause = Cause::country_fn(c, text);
            score.false_negative(c.clone());
            score.fn_cause(cause, log.example(c));
            log.push("country", "FN", format!("{c}  [{cause}]"));
        }
    }
}

fn score_orgs(
    gold: &Gold,
    f: &Facets,
    names: &Names,
    countries: &HashSet<String>,
    s: &mut Scores,
    log: &mut Log,
) {
    let predicted = distinct(&f.organisations);
    let normalised: Vec<String> = predicted.iter().map(|o| normalise_org(o)).collect();
    let (outcomes, matched) = match_entities(&normalised, &names.orgs);
    let mut missed: Vec<String> = Vec::new();
    for ((o, n), outcome) in predicted.iter().zip(&normalised).zip(&outcomes) {
        let what = match outcome {
            Outcome::Hit(_) => {
                s.orgs.tp += 1;
                continue;
            }
            Outcome::Again(k) => format!("{o} (second entry for {})", gold.organisations[*k][0]),
            Outcome::Miss => {
                missed.push(n.clone());
                o.to_string()
            }
        };
        let cause = Cause::org_fp(n, outcome, names, countries);
        s.orgs.false_positive(what.clone());
        s.orgs.fp_cause(cause, log.example(o));
        log.push("organisation", "FP", format!("{what}  [{cause}]"));
    }
    let people: HashSet<String> = f.people.iter().map(|p| normalise_org(p)).collect();
    for (k, forms) in gold.organisations.iter().enumerate() {
        if !matched[k] {
            let cause = Cause::org_fn(&names.orgs[k], &missed, &people);
            s.orgs.false_negative(forms[0].clone());
            s.orgs.fn_cause(cause, log.example(&forms[0]));
            log.push(
                "organisation",
                "FN",
                format!("{}  [{cause}]", forms.join(" | ")),
            );
        }
    }

    // The same in the index's terms: each predicted name and each gold
    // surface form under its canonical name (`canonical_organisation`:
    // "Tories" -> Conservative Party, "IBM" -> International Business
    // Machines), as the `org` facet stores and filters them. How much of
    // the gap is naming, not finding.
    let canonical: Vec<HashSet<String>> = gold
        .organisations
        .iter()
        .zip(&names.orgs)
        .map(|(forms, normal)| {
            let mut set = normal.clone();
            for form in forms {
                if let Some(c) = canonical_organisation(form) {
                    set.insert(normalise_org(c));
                }
            }
            set
        })
        .collect();
    let mut indexed: Vec<String> = Vec::new();
    for o in &predicted {
        let c = normalise_org(canonical_organisation(o).unwrap_or(o));
        if !indexed.contains(&c) {
            indexed.push(c);
        }
    }
    let (outcomes, matched) = match_entities(&indexed, &canonical);
    for outcome in outcomes {
        match outcome {
            Outcome::Hit(_) => s.orgs_canonical.tp += 1,
            _ => s.orgs_canonical.fp += 1,
        }
    }
    s.orgs_canonical.fn_ += matched.iter().filter(|m| !**m).count();
}

fn score_people(
    gold: &[Vec<String>],
    f: &Facets,
    names: &Names,
    countries: &HashSet<String>,
    s: &mut Scores,
    log: &mut Log,
) {
    let predicted = distinct(&f.people);
    let normalised: Vec<String> = predicted.iter().map(|p| normalise_person(p)).collect();
    let (outcomes, matched) = match_entities(&normalised, &names.people);
    let full: Vec<bool> = gold.iter().map(|forms| named_in_full(forms)).collect();
    let mut missed: Vec<String> = Vec::new();
    for ((p, n), outcome) in predicted.iter().zip(&normalised).zip(&outcomes) {
        let what = match outcome {
            Outcome::Hit(k) => {
                s.people.tp += 1;
                s.people_full.tp += usize::from(full[*k]);
                if *n != normalise_person(&gold[*k][0]) {
                    s.people_short_hits += 1;
                }
                continue;
            }
            Outcome::Again(k) => {
                s.people_full.fp += usize::from(full[*k]);
                format!("{p} (second entry for {})", gold[*k][0])
            }
            Outcome::Miss => {
                s.people_full.fp += 1;
                missed.push(n.clone());
                p.to_string()
            }
        };
        let cause = Cause::person_fp(n, outcome, names, countries);
        s.people.false_positive(what.clone());
        s.people.fp_cause(cause, log.example(p));
        log.push("person", "FP", format!("{what}  [{cause}]"));
    }
    let orgs: HashSet<String> = f
        .organisations
        .iter()
        .map(|o| normalise_person(o))
        .collect();
    for (k, forms) in gold.iter().enumerate() {
        if !matched[k] {
            let cause = Cause::person_fn(&names.people[k], forms, &missed, &orgs);
            s.people.false_negative(forms[0].clone());
            s.people.fn_cause(cause, log.example(&forms[0]));
            s.people_full.fn_ += usize::from(full[k]);
            log.push("person", "FN", format!("{}  [{cause}]", forms.join(" | ")));
        }
    }
}

/// Amounts: the closest unmatched prediction of the same currency.
fn score_amounts(gold: &Gold, amounts: &[Amount], money: &mut Score, log: &mut Log) {
    let mut predicted: Vec<&Amount> = Vec::new();
    for a in amounts {
        if !predicted
            .iter()
            .any(|p| p.value == a.value && p.currency == a.currency)
        {
            predicted.push(a);
        }
    }
    let mut used = vec![false; predicted.len()];
    let mut missed: Vec<&GoldAmount> = Vec::new();
    for g in &gold.amounts {
        let best = (0..predicted.len())
            .filter(|&k| {
                !used[k]
                    && predicted[k].currency == g.currency
                    && close(predicted[k].value, g.value)
            })
            .min_by(|&a, &b| {
                let d = |k: usize| (predicted[k].value - g.value).abs();
                d(a).total_cmp(&d(b))
            });
        match best {
            Some(k) => {
                used[k] = true;
                money.tp += 1;
            }
            None => missed.push(g),
        }
    }
    for g in missed {
        // A prediction with the right value in another currency is a
        // currency error, worth telling apart from a miss.
        let other = predicted
            .iter()
            .enumerate()
            .find(|(k, p)| !used[*k] && p.currency != g.currency && close(p.value, g.value));
        let pattern = match other {
            Some((_, p)) => format!("{} read as {}", g.currency, p.currency),
            None => format!("{} missed", g.currency),
        };
        money.false_negative(pattern.clone());
        log.push(
            "amount",
            "FN",
            format!("{} {} ({pattern})", g.value, g.currency),
        );
    }
    for (_, p) in predicted.iter().enumerate().filter(|(k, _)| !used[*k]) {
        money.false_positive(format!("{} from {}", p.currency, shape(&p.text)));
        log.push(
            "amount",
            "FP",
            format!("{} {} from {:?}", p.value, p.currency, p.text),
        );
    }
}

/// The causes of one kind of error, most frequent first, each with its
/// first example.
fn print_causes(kind: &str, causes: &HashMap<&'static str, (usize, String)>) {
    let mut v: Vec<_> = causes.iter().collect();
    v.sort_by_key(|(cause, (count, _))| (std::cmp::Reverse(*count), **cause));
    for (cause, (count, example)) in v {
        println!("  {kind} {count:>4}  {cause}  (e.g. {example})");
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(corpus) = args.next() else {
        eprintln!("usage: eval_bbc BBC_DIR [errors]");
        std::process::exit(2);
    };
    let show_errors = args.next().as_deref() == Some("errors");

    let label_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/bbc-dev");
    let labels = match load_labels(&label_dir) {
        Ok(labels) => labels,
        Err(e) => {
            eprintln!("eval_bbc: {e}");
            std::process::exit(2);
        }
    };
    let known: HashSet<&str> = country_names().into_iter().collect();
    let known_lower: HashSet<String> = known.iter().map(|c| c.to_lowercase()).collect();

    let mut s = Scores::default();
    let mut seen: HashSet<String> = HashSet::new();
    let mut per_file: HashMap<String, usize> = HashMap::new();
    let mut scored = 0usize;
    let mut errors: Vec<String> = Vec::new();
    for (file, gold) in &labels {
        if !seen.insert(gold.path.clone()) {
            eprintln!("{file}: {} labelled again, scored once", gold.path);
            continue;
        }
        for c in &gold.countries {
            if !known.contains(c.as_str()) {
                eprintln!(
                    "{file}: {}: gold country {c:?} is no canonical name",
                    gold.path
                );
            }
        }
        let path = Path::new(&corpus).join(&gold.path);
        let article = match newsindex::ingest::read_file(&path) {
            Ok(parsed) if !parsed.articles.is_empty() => {
                parsed.articles.into_iter().next().expect("not empty")
            }
            Ok(_) => {
                eprintln!("{}: skipped (no article)", path.display());
                continue;
            }
            Err(e) => {
                eprintln!("{}: skipped ({e:?})", path.display());
                continue;
            }
        };
        scored += 1;
        *per_file.entry(file.clone()).or_default() += 1;
        let f = extract(&article.title, &article.body);
        let names = Names::new(gold);
        let text = format!("{}\n{}", article.title, article.body);
        let mut log = Log {
            path: &gold.path,
            errors: &mut errors,
        };
        score_countries(
            gold,
            &f.countries,
            &text,
            &names,
            &mut s.countries,
            &mut log,
        );
        score_orgs(gold, &f, &names, &known_lower, &mut s, &mut log);
        if let Some(people) = &gold.people {
            s.people_articles += 1;
            score_people(people, &f, &names, &known_lower, &mut s, &mut log);
        }
        score_amounts(gold, &f.amounts, &mut s.money, &mut log);
    }

    let mut files: Vec<_> = per_file.into_iter().collect();
    files.sort();
    let files: Vec<String> = files.iter().map(|(f, n)| format!("{f} {n}")).collect();
    println!("articles: {scored} ({})", files.join(", "));
    println!("countries:     {}", s.countries.line());
    println!("organisations: {}", s.orgs.line());
    println!(
        "  (the index's canonical names, as the org facet stores them: {})",
        s.orgs_canonical.line()
    );
    println!(
        "people:        {} ({} articles labelled for people)",
        s.people.line(),
        s.people_articles
    );
    println!(
        "  (people named in full only, surname-only ones such as team sheets left out: {})",
        s.people_full.line()
    );
    println!(
        "  (found under another form than the article's fullest name: {} of {})",
        s.people_short_hits, s.people.tp
    );
    println!("amounts:       {}", s.money.line());
    for (field, score) in [
        ("countries", &s.countries),
        ("organisations", &s.orgs),
        ("people", &s.people),
        ("amounts", &s.money),
    ] {
        println!("{field}: top false positives (count, pattern)");
        for (pattern, count) in top(&score.fps) {
            println!("  {count:>4}  {pattern}");
        }
        println!("{field}: top false negatives (count, pattern)");
        for (pattern, count) in top(&score.fns) {
            println!("  {count:>4}  {pattern}");
        }
    }
    println!("top error patterns per class (kind, count, cause, first example; amounts: the patterns above):");
    for (field, score) in [
        ("countries", &s.countries),
        ("organisations", &s.orgs),
        ("people", &s.people),
    ] {
        println!("{field}:");
        print_causes("FP", &score.fp_causes);
        print_causes("FN", &score.fn_causes);
    }
    if show_errors {
        println!("every error (path, field, kind, value  [cause]):");
        for e in &errors {
            println!("  {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_names_normalise() {
        assert_eq!(normalise_org("The Guardian's"), "guardian");
        assert_eq!(
            normalise_org("Marks & Spencer Group plc"),
            "marks & spencer"
        );
        assert_eq!(normalise_org("Yukos Oil Co."), "yukos oil");
        assert_eq!(normalise_org("  Time   Warner,  Inc. "), "time warner");
        assert_eq!(normalise_org("Group"), "group");
    }

    fn entities(list: &[&[&str]], norm: fn(&str) -> String) -> Vec<HashSet<String>> {
        list.iter()
            .map(|forms| forms.iter().map(|s| norm(s)).collect())
            .collect()
    }

    #[test]
    fn each_gold_organisation_is_matched_once() {
        let gold = entities(&[&["Time Warner", "TimeWarner"], &["AOL"]], normalise_org);
        let predicted: Vec<String> = ["Time Warner Inc", "TimeWarner", "Google"]
            .iter()
            .map(|o| normalise_org(o))
            .collect();
        let (outcomes, matched) = match_entities(&predicted, &gold);
        assert!(matches!(
            outcomes.as_slice(),
            [Outcome::Hit(0), Outcome::Again(0), Outcome::Miss]
        ));
        assert_eq!(matched, vec![true, false]);
    }

    #[test]
    fn person_names_normalise() {
        assert_eq!(normalise_person("Mr Blair's"), "blair");
        assert_eq!(normalise_person("Sir Clive Woodward"), "clive woodward");
        assert_eq!(normalise_person("Prime Minister Tony Blair"), "tony blair");
        assert_eq!(normalise_person("Mr Gates'"), "gates");
        assert_eq!(
            normalise_person("Kilroy-Silk"),
            normalise_person("Kilroy Silk")
        );
        assert_eq!(normalise_person("J. Allard"), "j allard");
        assert_eq!(normalise_person("Pascal Papé"), "pascal pape");
        assert_eq!(normalise_person("Brian O’Driscoll"), "brian o'driscoll");
        // A peer keeps the title; a name that is only a title word is kept.
        assert_eq!(normalise_person("Lord Sainsbury"), "lord sainsbury");
        assert_eq!(normalise_person("Coach"), "coach");
    }

    #[test]
    fn any_surface_form_of_a_person_matches_once() {
        let gold = entities(
            &[
                &["Tony Blair", "Blair"],
                &["Michael Howard", "Howard"],
                &["John Howard"],
            ],
            normalise_person,
        );
        let predicted: Vec<String> = ["Mr Blair", "Tony Blair", "Howard", "Gordon Brown"]
            .iter()
            .map(|p| normalise_person(p))
            .collect();
        let (outcomes, matched) = match_entities(&predicted, &gold);
        assert!(matches!(
            outcomes.as_slice(),
            [
                Outcome::Hit(0),
                Outcome::Again(0),
                Outcome::Hit(1),
                Outcome::Miss
            ]
        ));
        assert_eq!(matched, vec![true, true, false]);
    }

    #[test]
    fn full_names_are_told_from_surnames_and_initials() {
        let forms = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(named_in_full(&forms(&["Tony Blair", "Blair"])));
        assert!(named_in_full(&forms(&["Lord Sainsbury"])));
        assert!(!named_in_full(&forms(&["Lewsey"])));
        assert!(!named_in_full(&forms(&["M Johnson"])));
        assert!(!named_in_full(&forms(&["KP Robertson"])));
        assert!(!named_in_full(&forms(&["S. Best"])));
    }

    fn gold(orgs: &[&[&str]], people: &[&[&str]]) -> Gold {
        let lists = |l: &[&[&str]]| -> Vec<Vec<String>> {
            l.iter()
                .map(|forms| forms.iter().map(|s| s.to_string()).collect())
                .collect()
        };
        Gold {
            path: "politics/999.txt".into(),
            countries: vec![],
            organisations: lists(orgs),
            people: Some(lists(people)),
            amounts: vec![],
        }
    }

    #[test]
    fn wrong_people_are_grouped_by_cause() {
        let g = gold(
            &[&["Morgan Stanley"]],
            &[&["Tony Blair", "Blair"], &["Andrew Lloyd Webber"]],
        );
        let names = Names::new(&g);
        let countries: HashSet<String> = ["georgia".to_string()].into();
        let cause =
            |p: &str| Cause::person_fp(&normalise_person(p), &Outcome::Miss, &names, &countries);
        assert_eq!(cause("Morgan Stanley"), "organisation taken for a person");
        assert_eq!(cause("Georgia"), "country taken for a person");
        assert_eq!(cause("Tony"), "partial name (part of a gold person's name)");
        assert_eq!(
            cause("Lloyd Webber"),
            "partial name (part of a gold person's name)"
        );
        assert_eq!(
            cause("Labour leader Tony Blair"),
            "words before the name (role or title left in)"
        );
        assert_eq!(cause("Tony Blair Monday"), "name runs on (words after it)");
        assert_eq!(cause("Gordon Brown"), "no such person in the gold");
        assert_eq!(cause("Sideways"), "single word, no such person in the gold");
        assert_eq!(
            Cause::person_fp("blair", &Outcome::Again(0), &names, &countries),
            "second entry for one person (surname or first name beside the full name)"
        );
        // A missed person the extractor filed as an organisation.
        let orgs: HashSet<String> = [normalise_person("Andrew Lloyd Webber")].into();
        assert_eq!(
            Cause::person_fn(&names.people[1], &g.people.as_ref().unwrap()[1], &[], &orgs),
            "taken for an organisation"
        );
        let missed = vec![normalise_person("Lloyd Webber")];
        assert_eq!(
            Cause::person_fn(
                &names.people[1],
                &g.people.as_ref().unwrap()[1],
                &missed,
                &HashSet::new()
            ),
            "found only in part"
        );
    }

    #[test]
    fn wrong_organisations_and_countries_are_grouped_by_cause() {
        let g = gold(
            &[
                &["Academy of Motion Picture Arts and Sciences"],
                &["Sky News"],
            ],
            &[&["German Gref", "Gref"]],
        );
        let names = Names::new(&g);
        let none = HashSet::new();
        let cause = |o: &str| Cause::org_fp(&normalise_org(o), &Outcome::Miss, &names, &none);
        assert_eq!(cause("German Gref"), "person taken for an organisation");
        assert_eq!(cause("Sky"), "part of a longer name");
        assert_eq!(
            cause("Sky News Australia"),
            "name runs past the gold name (extra words)"
        );
        assert_eq!(
            Cause::country_fp("Germany", &names),
            "from a word of an organisation's or person's name"
        );
        assert_eq!(
            Cause::country_fp("France", &names),
            "not referred to in the gold"
        );
        assert_eq!(
            Cause::country_fn("France", "talks in France."),
            "name written, missed"
        );
        assert_eq!(
            Cause::country_fn("France", "the French minister"),
            "referred to otherwise (adjective, city, short form)"
        );
    }

    #[test]
    fn held_out_numbers_are_read_from_paths() {
        assert_eq!(file_number("business/320.txt"), Some(320));
        assert_eq!(file_number("sport/401.txt"), Some(401));
        assert_eq!(file_number("README.TXT"), None);
    }
}
