//! Score facet extraction against the hand-labelled BBC development set.
//!
//! ```text
//! cargo run --release --example eval_bbc -- /path/to/bbc [errors]
//! ```
//!
//! Reads every `eval/bbc-dev/*.jsonl` of this crate (one object per
//! article: `path`, `countries`, `organisations`, `amounts`; see
//! `eval/README.md`), reads each article with
//! [`newsindex::ingest::read_file`], runs [`newsindex::extract::extract`]
//! on its title and body and prints micro precision / recall / F1 per
//! field and the number of articles scored, then the most frequent false
//! positives and false negatives per field. With `errors`, every error is
//! listed too, with its article's path.
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

use newsindex::extract::{canonical_organisation, country_names, extract};
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

/// What became of one predicted organisation.
enum OrgOutcome {
    /// Matched a gold entity not matched before.
    Hit,
    /// Matched only gold entities already matched (this one first).
    Again(usize),
    /// Matched no gold entity.
    Miss,
}

/// Matches predictions, in order, to gold entities given as sets of
/// normalised names; each entity is matched at most once. Returns each
/// prediction's outcome and which entities were matched.
fn match_orgs(predicted: &[&str], entities: &[HashSet<String>]) -> (Vec<OrgOutcome>, Vec<bool>) {
    let mut matched = vec![false; entities.len()];
    let outcomes = predicted
        .iter()
        .map(|o| {
            let n = normalise_org(o);
            let hits: Vec<usize> = (0..entities.len())
                .filter(|&k| entities[k].contains(&n))
                .collect();
            if let Some(&k) = hits.iter().find(|&&k| !matched[k]) {
                matched[k] = true;
                OrgOutcome::Hit
            } else if let Some(&k) = hits.first() {
                OrgOutcome::Again(k)
            } else {
                OrgOutcome::Miss
            }
        })
        .collect();
    (outcomes, matched)
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

    let (mut countries, mut orgs, mut money) =
        (Score::default(), Score::default(), Score::default());
    let mut orgs_canonical = Score::default();
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
        let mut error = |field: &str, kind: &str, what: String| {
            errors.push(format!("{}  {field} {kind}  {what}", gold.path));
        };

        // Countries.
        let gold_countries: HashSet<&str> = gold.countries.iter().map(String::as_str).collect();
        let mut predicted: Vec<&str> = Vec::new();
        for c in &f.countries {
            if !predicted.contains(&c.as_str()) {
                predicted.push(c);
            }
        }
        for c in &predicted {
            if gold_countries.contains(c) {
                countries.tp += 1;
            } else {
                countries.false_positive(c.to_string());
                error("country", "FP", c.to_string());
            }
        }
        for c in &gold.countries {
            if !predicted.contains(&c.as_str()) {
                countries.false_negative(c.clone());
                error("country", "FN", c.clone());
            }
        }

        // Organisations.
        let entities: Vec<HashSet<String>> = gold
            .organisations
            .iter()
            .map(|forms| forms.iter().map(|s| normalise_org(s)).collect())
            .collect();
        let mut predicted: Vec<&str> = Vec::new();
        for o in &f.organisations {
            if !predicted.contains(&o.as_str()) {
                predicted.push(o);
            }
        }
        let (outcomes, matched) = match_orgs(&predicted, &entities);
        for (o, outcome) in predicted.iter().zip(&outcomes) {
            match outcome {
                OrgOutcome::Hit => orgs.tp += 1,
                OrgOutcome::Again(k) => {
                    let what = format!("{o} (second entry for {})", gold.organisations[*k][0]);
                    orgs.false_positive(what.clone());
                    error("organisation", "FP", what);
                }
                OrgOutcome::Miss => {
                    orgs.false_positive(o.to_string());
                    error("organisation", "FP", o.to_string());
                }
            }
        }
        for (k, forms) in gold.organisations.iter().enumerate() {
            if !matched[k] {
                orgs.false_negative(forms[0].clone());
                error("organisation", "FN", forms.join(" | "));
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
            .zip(&entities)
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
        let mut indexed: Vec<&str> = Vec::new();
        for o in &predicted {
            let c = canonical_organisation(o).unwrap_or(o);
            if !indexed.contains(&c) {
                indexed.push(c);
            }
        }
        let (outcomes, matched) = match_orgs(&indexed, &canonical);
        for outcome in outcomes {
            match outcome {
                OrgOutcome::Hit => orgs_canonical.tp += 1,
                _ => orgs_canonical.fp += 1,
            }
        }
        orgs_canonical.fn_ += matched.iter().filter(|m| !**m).count();

        // Amounts: the closest unmatched prediction of the same currency.
        let mut predicted: Vec<&newsindex::extract::Amount> = Vec::new();
        for a in &f.amounts {
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
            error(
                "amount",
                "FN",
                format!("{} {} ({pattern})", g.value, g.currency),
            );
        }
        for (k, p) in predicted.iter().enumerate().filter(|(k, _)| !used[*k]) {
            let _ = k;
            money.false_positive(format!("{} from {}", p.currency, shape(&p.text)));
            error(
                "amount",
                "FP",
                format!("{} {} from {:?}", p.value, p.currency, p.text),
            );
        }
    }

    let mut files: Vec<_> = per_file.into_iter().collect();
    files.sort();
    let files: Vec<String> = files.iter().map(|(f, n)| format!("{f} {n}")).collect();
    println!("articles: {scored} ({})", files.join(", "));
    println!("countries:     {}", countries.line());
    println!("organisations: {}", orgs.line());
    println!(
        "  (the index's canonical names, as the org facet stores them: {})",
        orgs_canonical.line()
    );
    println!("amounts:       {}", money.line());
    for (field, score) in [
        ("countries", &countries),
        ("organisations", &orgs),
        ("amounts", &money),
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
    if show_errors {
        println!("every error (path, field, kind, value):");
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

    #[test]
    fn each_gold_organisation_is_matched_once() {
        let gold: Vec<HashSet<String>> = [vec!["Time Warner", "TimeWarner"], vec!["AOL"]]
            .iter()
            .map(|forms| forms.iter().map(|s| normalise_org(s)).collect())
            .collect();
        let (outcomes, matched) = match_orgs(&["Time Warner Inc", "TimeWarner", "Google"], &gold);
        assert!(matches!(
            outcomes.as_slice(),
            [OrgOutcome::Hit, OrgOutcome::Again(0), OrgOutcome::Miss]
        ));
        assert_eq!(matched, vec![true, false]);
    }

    #[test]
    fn held_out_numbers_are_read_from_paths() {
        assert_eq!(file_number("business/320.txt"), Some(320));
        assert_eq!(file_number("sport/401.txt"), Some(401));
        assert_eq!(file_number("README.TXT"), None);
    }
}
