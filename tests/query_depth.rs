//! Issue #5, query depth: facet browsing, amount/currency and date
//! filters, sorting, typo tolerance, prefixes, more-like-this, several
//! snippets, explanations, shell completions and the man page — through
//! the real binary, with JSON shapes pinned by insta snapshots.

use std::collections::BTreeMap;
use std::fs;

use predicates::prelude::*;
use serde_json::Value;

use super::{repo, strings, titles, Workspace};

/// The seed, the mixed fixtures and `tests/fixtures/query`: 12 articles.
fn query_workspace() -> Workspace {
    let ws = Workspace::new();
    let summary = ws.index(&[
        &repo("corpus"),
        &repo("tests/fixtures/mixed"),
        &repo("tests/fixtures/query"),
    ]);
    assert!(summary.contains("indexed 12 articles"), "{summary}");
    ws
}

/// Run `search <args> --json`, expecting exit status `code`.
fn json(ws: &Workspace, args: &[&str], code: i32) -> Value {
    let out = ws.search().args(args).arg("--json").output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

const SEED: &str = "With support from both the U.S. and Russian presidents";

#[test]
fn facets_command_counts_match_a_brute_force_count() {
    let ws = query_workspace();
    let all = json(&ws, &["query", "", "--limit", "1000"], 0);
    let hits = all["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 12);
    for (field, key) in [
        ("country", "countries"),
        ("org", "organisations"),
        ("currency", "amounts"),
    ] {
        let mut expected: BTreeMap<String, u64> = BTreeMap::new();
        for hit in hits {
            let mut values: Vec<String> = hit[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    amount => amount["currency"].as_str().unwrap().to_string(),
                })
                .collect();
            values.sort();
            values.dedup();
            for value in values {
                *expected.entry(value).or_default() += 1;
            }
        }
        let list = json(&ws, &["facets", "--field", field, "--top", "1000"], 0);
        let got: BTreeMap<String, u64> = list["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["value"].as_str().unwrap().to_string(),
                    c["count"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(got, expected, "{field}");
        assert_eq!(list["distinct"], expected.len());
        assert_eq!(list["total_hits"], 12);
    }
}

#[test]
fn facets_over_a_query_with_drill_down() {
    let ws = query_workspace();
    ws.search()
        .args(["facets", "skolkovo"])
        .assert()
        .success()
        .stdout(predicate::str::contains("      2  Russia"))
        .stdout(predicate::str::contains(
            "over 2 articles matching \"skolkovo\"",
        ));
    // Drill down by facet path or by name: the organisations of articles
    // about Russia (not those naming it in passing: `--about`).
    let by_path = json(
        &ws,
        &["facets", "--field", "/org", "--about", "/about/Russia"],
        0,
    );
    let by_name = json(&ws, &["facets", "--field", "org", "--about", "russia"], 0);
    assert_eq!(by_path["values"], by_name["values"]);
    assert_eq!(by_path["values"][0]["value"], "Skolkovo Foundation");
    assert_eq!(by_path["values"][0]["count"], 2);
    // Currencies of the British articles, most frequent first.
    let gbp = json(
        &ws,
        &[
            "facets",
            "--field",
            "currency",
            "--country",
            "United Kingdom",
        ],
        0,
    );
    assert_eq!(gbp["values"][0]["value"], "GBP");
    assert_eq!(gbp["values"][0]["count"], 4);
    // Nothing matched: exit 1; a bad field: exit 2.
    ws.search().args(["facets", "zanzibar"]).assert().code(1);
    ws.search()
        .args(["facets", "--field", "colour"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "use country, about, org, person, currency, folder, lang or amount",
        ));
}

#[test]
fn currency_amounts_and_dates_filter() {
    let ws = query_workspace();
    // £1.2bn; Virgin's $3bn is in dollars and its pounds are only £40m.
    let big_gbp = json(
        &ws,
        &["query", "", "--currency", "GBP", "--min-amount", "1bn"],
        0,
    );
    assert_eq!(
        titles(&big_gbp),
        vec!["London developer sells office tower"]
    );
    let mid_gbp = json(
        &ws,
        &[
            "query",
            "",
            "--currency",
            "gbp",
            "--min-amount",
            "40M",
            "--max-amount",
            "600M",
        ],
        0,
    );
    assert_eq!(
        sorted(titles(&mid_gbp)),
        vec![
            "Bank of England holds rates as inflation eases",
            "Virgin Atlantic orders new jets"
        ]
    );
    ws.search()
        .args(["query", "", "--currency", "pounds"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("three-letter ISO 4217 code"));

    let spring = json(
        &ws,
        &[
            "query",
            "",
            "--since",
            "2024-03-01",
            "--until",
            "2024-06-12",
            "--sort",
            "date",
        ],
        0,
    );
    assert_eq!(
        titles(&spring),
        vec![
            "Siemens wins German rail signalling contract",
            "Bank of England holds rates as inflation eases",
            "Toyota lifts investment in battery plants",
        ]
    );
    ws.search()
        .args(["query", "", "--since", "last tuesday"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a date"));
}

#[test]
fn sorting_by_amount_and_date() {
    let ws = query_workspace();
    let by_amount = json(&ws, &["query", "", "--sort", "amount", "--limit", "3"], 0);
    assert_eq!(
        titles(&by_amount),
        vec![
            "Siemens wins German rail signalling contract",
            "Virgin Atlantic orders new jets",
            "Toyota lifts investment in battery plants", // ¥300bn ≈ $2.01bn in March 2024
        ]
    );
    let by_date = json(&ws, &["query", "said", "--sort", "date", "--limit", "2"], 0);
    assert_eq!(
        titles(&by_date),
        vec![
            "Virgin Atlantic orders new jets",
            "Siemens wins German rail signalling contract"
        ]
    );
}

#[test]
fn typos_and_prefixes_find_the_seed() {
    let ws = query_workspace();
    ws.search().args(["query", "Skolkvo"]).assert().code(1);
    ws.search()
        .args(["query", "Skolkvo", "--fuzzy"])
        .assert()
        .success()
        .stdout(predicate::str::contains(SEED))
        .stdout(predicate::str::contains("**Skolkovo**"));
    // Per-word syntax, no switch needed.
    let tilde = json(&ws, &["query", "skolkvo~1"], 0);
    assert!(titles(&tilde).iter().any(|t| t.starts_with(SEED)));
    // Exact matches first, the typo match ("Skolkova") last.
    let ranked = json(&ws, &["query", "skolkovo", "--fuzzy"], 0);
    assert_eq!(ranked["total_hits"], 3);
    assert_eq!(titles(&ranked)[2], "Skolkova village fair opens");

    let prefix = json(&ws, &["query", "skol*"], 0);
    assert_eq!(prefix["total_hits"], 3);
    ws.search()
        .args(["query", "skol*"])
        .assert()
        .success()
        .stdout(predicate::str::contains("**Skolkovo**"))
        .stdout(predicate::str::contains("**Skolkova**"));
}

#[test]
fn several_snippets_and_title_highlights() {
    let ws = query_workspace();
    let results = json(&ws, &["query", "cisco", "--snippets", "3"], 0);
    let hit = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["title"] == "Cisco widens research network")
        .unwrap();
    let fragments = hit["snippets"].as_array().unwrap();
    assert!(fragments.len() >= 2, "{fragments:?}");
    assert_eq!(fragments[0], hit["snippet"]);
    assert_eq!(hit["title_highlights"][0], serde_json::json!([0, 5]));
    ws.search()
        .args(["query", "cisco", "--snippets", "3"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "**Cisco** widens research network",
        ))
        .stdout(predicate::str::contains(
            "In a separate statement, **Cisco** said",
        ));
}

#[test]
fn similar_articles_by_id_or_path() {
    let ws = query_workspace();
    let seed = json(&ws, &["query", "bessemer"], 0);
    let id = seed["hits"][0]["id"].as_str().unwrap().to_string();
    let by_id = json(&ws, &["similar", &id, "--limit", "3"], 0);
    assert!(by_id["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["id"] != id.as_str()));
    assert_eq!(titles(&by_id)[0], "Skolkovo startups draw venture funding");
    let path = repo("corpus/skolkovo-cisco.txt").display().to_string();
    let by_path = json(&ws, &["similar", &path, "--limit", "3"], 0);
    assert_eq!(titles(&by_path), titles(&by_id));
    ws.search()
        .args(["similar", "no-such-article"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no article with id or path"));
}

#[test]
fn explain_shows_term_contributions() {
    let ws = query_workspace();
    ws.search()
        .args(["query", "cisco skolkovo", "--explain", "--limit", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("why:"))
        .stdout(predicate::str::contains("body:skolkovo"))
        .stdout(predicate::str::contains("idf"));
}

#[test]
fn facets_output_has_the_amount_histogram() {
    let ws = query_workspace();
    ws.search()
        .args(["query", "", "--facets", "--limit", "0"])
        .assert()
        .success()
        .stdout(predicate::str::contains("currencies:"))
        .stdout(predicate::str::contains("amounts (USD):"))
        .stdout(predicate::str::contains("      6  ≥ 1B"));
}

#[test]
fn shell_completions_and_man_page() {
    let ws = Workspace::new();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef search"),
        ("fish", "complete -c search"),
    ] {
        ws.search()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(marker))
            .stdout(predicate::str::contains("facets"));
    }
    ws.search()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH search 1"))
        .stdout(predicate::str::contains("similar"));
}

/// Replace what depends on the machine (paths, ids derived from them) and
/// round scores, so snapshots pin the shape and the stable values.
fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match key.as_str() {
                    "path" | "id" => *v = Value::String(format!("[{key}]")),
                    "score" | "value" if v.is_f64() => {
                        let x = v.as_f64().unwrap();
                        *v = serde_json::json!((x * 100.0).round() / 100.0);
                    }
                    _ => redact(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

#[test]
fn json_shapes() {
    let ws = query_workspace();
    let mut query = json(
        &ws,
        &[
            "query",
            "Skolkvo",
            "--fuzzy",
            "--snippets",
            "2",
            "--facets",
            "--top",
            "3",
            "--limit",
            "2",
        ],
        0,
    );
    redact(&mut query);
    insta::assert_json_snapshot!("query_fuzzy_snippets_facets", query);

    let mut facets = json(&ws, &["facets", "--field", "currency"], 0);
    redact(&mut facets);
    insta::assert_json_snapshot!("facets_currency", facets);

    let mut explained = json(&ws, &["query", "lithium", "--explain"], 0);
    redact(&mut explained);
    insta::assert_json_snapshot!("query_explain", explained["hits"][0]["explanation"]);

    let path = repo("tests/fixtures/query/long-report.txt")
        .display()
        .to_string();
    let mut similar = json(&ws, &["similar", &path, "--limit", "2"], 0);
    redact(&mut similar);
    similar["query"] = Value::String("[path]".into());
    insta::assert_json_snapshot!("similar", similar);
}

/// Articles of our own for matching: both words, one word, a possessive,
/// a name one typo away.
fn matching_workspace() -> Workspace {
    let ws = Workspace::new();
    let dir = ws.path("news");
    fs::create_dir_all(&dir).unwrap();
    for (file, text) in [
        (
            "dubai.txt",
            "Federer wins in Dubai\n\nRoger Federer beat Ivan Ljubicic in the Dubai final.",
        ),
        (
            "rotterdam.txt",
            "Federer loses in Rotterdam\n\nFederer lost his first match of the year.",
        ),
        (
            "golf.txt",
            "Dubai hosts golf\n\nThe Dubai Desert Classic drew a crowd.",
        ),
        (
            "sainsbury.txt",
            "Sainsbury's profits rise\n\nSainsbury's said profits rose and gas costs fell.",
        ),
        ("grocer.txt", "Grocer results\n\nSainsbury said sales rose."),
    ] {
        fs::write(dir.join(file), text).unwrap();
    }
    ws.index(&[&dir]);
    ws
}

#[test]
fn all_words_are_counted_apart_from_some() {
    let ws = matching_workspace();
    let results = ws.query_json(&["Federer Dubai"]);
    assert_eq!(results["total_hits"], 1);
    assert_eq!(results["partial_hits"], 2);
    assert_eq!(titles(&results)[0], "Federer wins in Dubai");
    let out = ws
        .search()
        .args(["query", "Federer Dubai"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("hits 1-3 of 3"), "{out}");
    assert!(
        out.contains("1 article with all words; 2 more with some"),
        "{out}"
    );
}

#[test]
fn possessives_find_their_noun_and_typos_suggest_names() {
    let ws = matching_workspace();
    assert_eq!(ws.query_json(&["Sainsbury's"])["total_hits"], 2);
    assert_eq!(ws.query_json(&["Sainsbury\u{2019}s"])["total_hits"], 2);
    let fuzzy = ws.query_json(&["Ljubicik", "--fuzzy"]);
    assert_eq!(titles(&fuzzy), ["Federer wins in Dubai"]);
    let none = ws.query_json(&["Ljubicik"]);
    assert_eq!(none["total_hits"], 0);
    assert_eq!(strings(&none["suggestions"]), ["Ljubicic"]);
    ws.search()
        .args(["query", "Ljubicik"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "no hits for \"Ljubicik\"; did you mean \"Ljubicic\"?",
        ));
}
