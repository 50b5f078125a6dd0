//! Score facet extraction against the gold labels of Reuters-21578.
//!
//! ```text
//! cargo run --release --example eval_extract -- /path/to/reuters21578 [fp|fn|orgs|companies]
//! ```
//!
//! Reads every `reut2-*.sgm` with [`newsindex::ingest::read_file`], keeps
//! the articles of the `LEWISSPLIT="TEST"` split (the reader does not keep
//! the split, so the file is scanned for it here) and prints:
//! - precision / recall / F1 of the countries an article is about
//!   (`Facets::about`) against the PLACES labels, over the test articles
//!   that have at least one PLACES label;
//! - recall of the ORGS labels (international bodies);
//! - recall of the company names Reuters marks as `<Ecolab Co>`; the
//!   angle brackets are removed before extraction, so the extractor has
//!   to find the names from the text alone;
//! - throughput of [`newsindex::extract`] over all articles (one core).
//!
//! The optional second argument lists the false positives (`fp`), false
//! negatives (`fn`), missed ORGS labels (`orgs`) or missed bracketed
//! companies (`companies`).
//!
//! `eval_extract REUTERS_DIR dump [BBC_DIR]` prints instead, one JSON line
//! an article, what [`extract`] and [`extract_with_evidence`] (with the
//! article's date) return for every Reuters article and, given the BBC
//! News folder, every BBC article numbered 321 and up (001-320 are held
//! out): the parity check of `tools/extract_parity.sh`.
//!
//! Labels are mapped to canonical names by title-casing the code
//! (`west-germany` -> West Germany) except for the codes in
//! [`place_names`]. A label is matched by any of its names; states that
//! split or were renamed accept their successors (`ussr` accepts Soviet
//! Union and Russia, `west-germany` accepts Germany).

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use newsindex::extract::{
    article_date, canonical_organisation_on, extract, extract_dated, extract_with_evidence,
    organisations,
};
use newsindex::Article;

/// Canonical names accepted for a Reuters PLACES code.
fn place_names(code: &str) -> Vec<String> {
    let special: &[(&str, &[&str])] = &[
        ("usa", &["United States"]),
        ("uk", &["United Kingdom"]),
        ("ussr", &["Soviet Union", "Russia"]),
        ("west-germany", &["West Germany", "Germany"]),
        ("uae", &["United Arab Emirates"]),
        ("kampuchea", &["Cambodia"]),
        ("burma", &["Myanmar"]),
        ("zaire", &["Democratic Republic of the Congo"]),
        ("congo", &["Republic of the Congo"]),
        ("western-samoa", &["Samoa"]),
        ("swaziland", &["Eswatini"]),
        ("trinidad-tobago", &["Trinidad and Tobago"]),
        ("us-virgin-islands", &["US Virgin Islands"]),
        ("british-virgin-islands", &["British Virgin Islands"]),
        ("vatican", &["Vatican City"]),
        ("yemen-arab-republic", &["Yemen"]),
        ("yemen-demo-republic", &["Yemen"]),
        (
            "czechoslovakia",
            &["Czechoslovakia", "Czech Republic", "Slovakia"],
        ),
        (
            "yugoslavia",
            &["Yugoslavia", "Serbia", "Croatia", "Slovenia"],
        ),
        ("antigua", &["Antigua and Barbuda"]),
    ];
    if let Some((_, names)) = special.iter().find(|(c, _)| *c == code) {
        return names.iter().map(|s| s.to_string()).collect();
    }
    let words: Vec<String> = code
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    vec![words.join(" ")]
}

/// Canonical names accepted for a Reuters ORGS code.
fn org_names(code: &str) -> &'static [&'static str] {
    match code {
        "ec" => &[
            "European Community",
            "European Commission",
            "European Parliament",
        ],
        "imf" => &["International Monetary Fund"],
        "opec" => &["Organization of Petroleum Exporting Countries"],
        "worldbank" => &["World Bank"],
        "gatt" => &["General Agreement on Tariffs and Trade"],
        "oecd" => &["Organisation for Economic Co-operation and Development"],
        "un" => &["United Nations"],
        "unctad" => &["United Nations Conference on Trade and Development"],
        "fao" => &["Food and Agriculture Organization"],
        "iea" => &["International Energy Agency"],
        "ico-coffee" => &["International Coffee Organization"],
        "icco" => &["International Cocoa Organization"],
        "adb-asia" => &["Asian Development Bank"],
        "adb-africa" => &["African Development Bank"],
        "bis" => &["Bank for International Settlements"],
        "eib" => &["European Investment Bank"],
        "efta" => &["European Free Trade Association"],
        "asean" => &["Association of South East Asian Nations"],
        "comecon" => &["Council for Mutual Economic Assistance"],
        "gcc" => &["Gulf Cooperation Council"],
        "ida" => &["International Development Association"],
        "iata" => &["International Air Transport Association"],
        "ilo" => &["International Labour Organization"],
        "itc" => &["International Tin Council"],
        "iwc-wheat" => &["International Wheat Council"],
        "iwc-whale" => &["International Whaling Commission"],
        "isa" => &["International Sugar Organization"],
        "inro" => &["International Natural Rubber Organization"],
        "irsg" => &["International Rubber Study Group"],
        "ilzsg" => &["International Lead and Zinc Study Group"],
        "iisi" => &["International Iron and Steel Institute"],
        "iws" => &["International Wool Secretariat"],
        "iwto" => &["International Wool Textile Organisation"],
        "ecsc" => &["European Coal and Steel Community"],
        "euratom" => &["European Atomic Energy Community"],
        "mfa" => &["Multi-Fibre Arrangement"],
        "oapec" => &["Organization of Arab Petroleum Exporting Countries"],
        "atpc" => &["Association of Tin Producing Countries"],
        "anrpc" => &["Association of Natural Rubber Producing Countries"],
        "cipec" => &["Intergovernmental Council of Copper Exporting Countries"],
        "aibd" => &["Association of International Bond Dealers"],
        "who" => &["World Health Organization"],
        _ => &[],
    }
}

/// NEWIDs of the articles in the TEST split of one SGML file.
fn test_ids(path: &Path) -> std::collections::HashSet<u32> {
    let bytes = std::fs::read(path).unwrap_or_default();
    let text: String = bytes.iter().map(|&b| b as char).collect();
    let mut ids = std::collections::HashSet::new();
    for element in text.split("<REUTERS ").skip(1) {
        let head = element.split('>').next().unwrap_or("");
        if head.contains("LEWISSPLIT=\"TEST\"") {
            if let Some(id) = head
                .split("NEWID=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .and_then(|s| s.parse().ok())
            {
                ids.insert(id);
            }
        }
    }
    ids
}

/// Position of each element in its file -> NEWID, in file order.
fn new_ids(path: &Path) -> Vec<u32> {
    let bytes = std::fs::read(path).unwrap_or_default();
    let text: String = bytes.iter().map(|&b| b as char).collect();
    text.split("<REUTERS ")
        .skip(1)
        .filter_map(|e| {
            e.split("NEWID=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .and_then(|s| s.parse().ok())
        })
        .collect()
}

/// `<Name>` company marks in a body (not tickers such as `<ECL>`), and the
/// body with the brackets removed.
fn companies(body: &str) -> (Vec<String>, String) {
    let mut names = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let name = rest[open + 1..open + close]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let ticker = !name.contains(' ') && !name.chars().any(char::is_lowercase);
        if !name.is_empty() && !ticker {
            names.push(name.trim_end_matches('.').to_string());
        }
        rest = &rest[open + close + 1..];
    }
    (names, body.replace(['<', '>'], ""))
}

#[derive(Default)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn line(&self) -> String {
        common::prf_line(self.tp, self.fp, self.fn_)
    }
}

fn top(map: HashMap<String, usize>, n: usize) -> Vec<(String, usize)> {
    let mut v: Vec<_> = map.into_iter().collect();
    v.sort_by_key(|(name, count)| (std::cmp::Reverse(*count), name.clone()));
    v.truncate(n);
    v
}

/// CPU seconds used by the calling thread, from `/proc` (Linux only).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name (which is in parentheses).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line: 12 and 13 here.
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0) // USER_HZ is 100 on Linux
}

/// One JSON line per article: its source, [`extract`]'s facets and
/// [`extract_with_evidence`]'s facets and entities (article's date).
fn dump_article(out: &mut impl std::io::Write, source: &str, a: &Article) {
    let facets = extract(&a.title, &a.body);
    let (dated, entities) = extract_with_evidence(&a.title, &a.body, article_date(a));
    let line = serde_json::json!({
        "source": source,
        "facets": facets,
        "dated": dated,
        "entities": entities,
    });
    writeln!(out, "{line}").expect("stdout");
}

/// The `dump` mode: every Reuters article, then BBC articles 321 and up.
fn dump(reuters: &Path, bbc: Option<&Path>) {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for i in 0..22 {
        let name = format!("reut2-{i:03}.sgm");
        let Ok(parsed) = newsindex::ingest::read_file(&reuters.join(&name)) else {
            eprintln!("{name}: skipped");
            continue;
        };
        for a in &parsed.articles {
            dump_article(&mut out, &format!("{name}#{}", a.position), a);
        }
    }
    let Some(bbc) = bbc else { return };
    for category in ["business", "entertainment", "politics", "sport", "tech"] {
        let mut files: Vec<_> = std::fs::read_dir(bbc.join(category))
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        for path in files {
            let number = path
                .file_stem()
                .and_then(|s| s.to_str()?.parse::<u32>().ok());
            if number.is_none_or(|n| n <= 320) {
                continue;
            }
            let Ok(parsed) = newsindex::ingest::read_file(&path) else {
                continue;
            };
            let source = format!("{category}/{}", path.file_name().unwrap().to_string_lossy());
            for a in &parsed.articles {
                dump_article(&mut out, &format!("{source}#{}", a.position), a);
            }
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: eval_extract REUTERS21578_DIR [fp|fn|orgs|companies|dump [BBC_DIR]]");
        std::process::exit(2);
    };
    let show = args.next().unwrap_or_default();
    if show == "dump" {
        dump(Path::new(&dir), args.next().as_deref().map(Path::new));
        return;
    }

    // What the first article of a run pays once: the country and
    // organisation tables and automata built, the tagger's weights loaded.
    let cold = Instant::now();
    let warm_up = extract(
        "Cisco signs deal",
        "MOSCOW, March 3 - Cisco will invest $1 billion.",
    );
    let cold = cold.elapsed();
    assert_eq!(warm_up.countries, ["Russia"]);

    let mut all: Vec<Article> = Vec::new();
    let mut test: Vec<usize> = Vec::new();
    for i in 0..22 {
        let path = Path::new(&dir).join(format!("reut2-{i:03}.sgm"));
        let parsed = match newsindex::ingest::read_file(&path) {
            Ok(parsed) => parsed,
            Err(e) => {
                eprintln!("{}: skipped ({e:?})", path.display());
                continue;
            }
        };
        let ids = new_ids(&path);
        let in_test = test_ids(&path);
        for article in parsed.articles {
            let id = ids.get(article.position as usize).copied().unwrap_or(0);
            if in_test.contains(&id) {
                test.push(all.len());
            }
            all.push(article);
        }
    }

    let mut places = Score::default();
    let (mut orgs_found, mut orgs_total) = (0usize, 0usize);
    let (mut comp_found, mut comp_total) = (0usize, 0usize);
    let mut fps: HashMap<String, usize> = HashMap::new();
    let mut fns: HashMap<String, usize> = HashMap::new();
    // Error patterns: a missed label with what was extracted instead, an
    // extra country with the labels the article had.
    let mut missed: HashMap<String, usize> = HashMap::new();
    let mut extra: HashMap<String, usize> = HashMap::new();
    for &i in &test {
        let a = &all[i];
        let (marked, body) = companies(&a.body);
        let date = article_date(a);
        let f = extract_dated(&a.title, &body, date);
        // The index's organisation values: each name as written under its
        // canonical name, read by the article's date ("EC" in 1987 is the
        // European Community).
        let canonical: Vec<&str> = f
            .organisations
            .iter()
            .map(|o| canonical_organisation_on(o, date).unwrap_or(o))
            .collect();
        let snippet = || {
            body.chars()
                .take(160)
                .collect::<String>()
                .replace('\n', " ")
        };
        if !a.labels.places.is_empty() {
            // PLACES labels what an article is about: scored on `about`.
            let about = &f.about;
            let mut used = vec![false; about.len()];
            for code in &a.labels.places {
                let names = place_names(code);
                match about
                    .iter()
                    .enumerate()
                    .find(|(k, c)| !used[*k] && names.contains(c))
                {
                    Some((k, _)) => {
                        used[k] = true;
                        places.tp += 1;
                    }
                    None => {
                        places.fn_ += 1;
                        *fns.entry(code.clone()).or_default() += 1;
                        let instead = if about.is_empty() {
                            "nothing".to_string()
                        } else {
                            about.join(", ")
                        };
                        *missed
                            .entry(format!("{code} missed, extracted [{instead}]"))
                            .or_default() += 1;
                        if show == "fn" {
                            println!("FN {code} got {:?} | {} | {}", about, a.title, snippet());
                        }
                    }
                }
            }
            for (k, c) in about.iter().enumerate().filter(|(k, _)| !used[*k]) {
                let _ = k;
                places.fp += 1;
                *fps.entry(c.clone()).or_default() += 1;
                *extra
                    .entry(format!(
                        "{c} extra, labels [{}]",
                        a.labels.places.join(", ")
                    ))
                    .or_default() += 1;
                if show == "fp" {
                    println!(
                        "FP {c} gold {:?} | {} | {}",
                        a.labels.places,
                        a.title,
                        snippet()
                    );
                }
            }
        }
        for code in &a.labels.orgs {
            orgs_total += 1;
            let names = org_names(code);
            if canonical.iter().any(|o| names.contains(o)) {
                orgs_found += 1;
            } else if show == "orgs" {
                println!(
                    "ORG {code} got {:?} | {} | {}",
                    f.organisations,
                    a.title,
                    snippet()
                );
            }
        }
        for name in &marked {
            comp_total += 1;
            let alt = organisations("", name);
            // Or one canonical name: "Airbus" written elsewhere in the
            // article is the entry of "<Airbus Industrie>".
            let wanted = canonical_organisation_on(name, date);
            if f.organisations.iter().any(|o| {
                o.trim_end_matches('.').eq_ignore_ascii_case(name)
                    || alt.contains(o)
                    || (wanted.is_some() && canonical_organisation_on(o, date) == wanted)
            }) {
                comp_found += 1;
            } else if show == "companies" {
                println!("COMPANY {name} got {:?}", f.organisations);
            }
        }
    }

    let bytes: usize = all.iter().map(|a| a.title.len() + a.body.len()).sum();
    // Best of several rounds, each timed in CPU seconds of this thread when
    // the OS tells them (a busy machine inflates wall time, not CPU time);
    // the best round is the least disturbed by other processes.
    const ROUNDS: usize = 5;
    const PASSES: usize = 3; // over all articles, per round
    let mut rounds: Vec<f64> = Vec::with_capacity(ROUNDS);
    let mut n = 0;
    let wall_start = Instant::now();
    for _ in 0..ROUNDS {
        let (start, cpu_start) = (Instant::now(), cpu_seconds());
        for _ in 0..PASSES {
            for a in &all {
                n += extract(&a.title, &a.body).countries.len();
            }
        }
        let wall = start.elapsed().as_secs_f64();
        rounds.push(match (cpu_start, cpu_seconds()) {
            (Some(a), Some(b)) if b > a => b - a,
            _ => wall,
        });
    }
    let wall = wall_start.elapsed().as_secs_f64();
    rounds.sort_by(f64::total_cmp);
    let (best, median) = (
        rounds[0] / PASSES as f64,
        rounds[ROUNDS / 2] / PASSES as f64,
    );

    println!(
        "articles: {} read, {} in the TEST split",
        all.len(),
        test.len()
    );
    println!("countries (about) vs PLACES: {}", places.line());
    println!(
        "ORGS recall: {:.3} ({orgs_found}/{orgs_total})",
        orgs_found as f64 / orgs_total.max(1) as f64
    );
    println!(
        "<company> recall: {:.3} ({comp_found}/{comp_total})",
        comp_found as f64 / comp_total.max(1) as f64
    );
    println!("top false positives: {:?}", top(fps, 12));
    println!("top false negatives: {:?}", top(fns, 12));
    println!("top error patterns (count, pattern):");
    for (pattern, count) in top(missed, 10).into_iter().chain(top(extra, 10)) {
        println!("  {count:>4}  {pattern}");
    }
    println!(
        "throughput: {:.1} MB/s on one core, best of {ROUNDS} rounds (median {:.1}; {bytes} bytes a pass, {:.3} s CPU best, {wall:.2} s wall in all; {n} countries)",
        bytes as f64 / 1e6 / best,
        bytes as f64 / 1e6 / median,
        best,
    );

    println!(
        "first extraction of a run (tables, automata and tagger loaded): {:.1} ms",
        cold.as_secs_f64() * 1e3
    );

    // The share of it that language detection takes (one pass, CPU time).
    let (start, cpu_start) = (Instant::now(), cpu_seconds());
    let mut detected = 0;
    for a in &all {
        detected += usize::from(newsindex::language::detect(&a.title, &a.body).is_some());
    }
    let lang_secs = match (cpu_start, cpu_seconds()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => start.elapsed().as_secs_f64(),
    };
    println!(
        "language detection: {:.1} us an article, {:.1}% of extraction ({detected} of {} articles with a language)",
        lang_secs * 1e6 / all.len().max(1) as f64,
        100.0 * lang_secs / best,
        all.len(),
    );
}
