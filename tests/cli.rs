//! End-to-end tests of the `search` binary: real files in temporary
//! folders, the seed article and hand-written fixtures.

mod about_cli;
mod batch_cli;
mod cli_consistency;
mod corrections_cli;
mod dates_cli;
mod dedup;
mod evidence_cli;
mod export_cli;
mod extract_cli;
mod facets_cli;
mod first_contact_ingest;
mod first_contact_output;
mod first_contact_query;
#[cfg(feature = "formats")]
mod formats_cli;
mod languages;
mod portable;
mod query_depth;
mod readme_examples;
mod reliability;
mod robustness;
mod scale_cli;
#[cfg(feature = "server")]
mod serve_api;
#[cfg(feature = "server")]
mod serve_e2e;
mod stream_cli;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A temporary workspace with an index folder inside it.
struct Workspace {
    dir: TempDir,
}

impl Workspace {
    fn new() -> Workspace {
        Workspace {
            dir: TempDir::new().expect("temp dir"),
        }
    }

    fn index_dir(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn search(&self) -> Command {
        let mut cmd = Command::cargo_bin("search").expect("binary built");
        cmd.current_dir(self.dir.path())
            .arg("--index")
            .arg(self.index_dir())
            .env_remove("NEWSINDEX_DIR")
            .env_remove("NO_COLOR");
        cmd
    }

    fn index(&self, paths: &[&Path]) -> String {
        let out = self
            .search()
            .arg("index")
            .args(paths)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).expect("utf-8 output")
    }

    fn query_json(&self, args: &[&str]) -> Value {
        let out = self
            .search()
            .arg("query")
            .args(args)
            .arg("--json")
            .output()
            .expect("runs");
        assert!(
            out.status.code() == Some(0) || out.status.code() == Some(1),
            "query failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("valid JSON")
    }
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("array")
        .iter()
        .map(|v| v.as_str().expect("string").to_string())
        .collect()
}

fn titles(results: &Value) -> Vec<String> {
    results["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["title"].as_str().unwrap().to_string())
        .collect()
}

/// The seed corpus and the mixed fixtures, indexed together.
fn mixed_workspace() -> Workspace {
    let ws = Workspace::new();
    let summary = ws.index(&[&repo("corpus"), &repo("tests/fixtures/mixed")]);
    assert!(
        summary
            .contains("indexed 6 articles from 4 files (4 new, 0 updated, 0 unchanged, 0 removed)"),
        "{summary}"
    );
    ws
}

#[test]
fn seed_ranks_first_with_both_words_highlighted() {
    let ws = Workspace::new();
    let summary = ws.index(&[&repo("corpus")]);
    assert!(
        summary
            .contains("indexed 1 article from 1 file (1 new, 0 updated, 0 unchanged, 0 removed)"),
        "{summary}"
    );

    ws.search()
        .args(["query", "Cisco Skolkovo"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1. With support from both the U.S. and Russian presidents",
        ))
        .stdout(predicate::str::contains(
            "skolkovo-cisco.txt#0 · portfolio.com",
        ))
        .stdout(predicate::str::contains("**Cisco**"))
        .stdout(predicate::str::contains("**Skolkovo**"));
}

#[test]
fn seed_facets_are_extracted() {
    let ws = Workspace::new();
    ws.index(&[&repo("corpus")]);
    let results = ws.query_json(&["Cisco Skolkovo"]);
    assert_eq!(results["total_hits"], 1);
    let hit = &results["hits"][0];
    assert_eq!(hit["source"], "portfolio.com");

    let countries = strings(&hit["countries"]);
    for country in ["Russia", "United States"] {
        assert!(countries.contains(&country.to_string()), "{countries:?}");
    }
    let orgs = strings(&hit["organisations"]);
    for org in ["Cisco", "Skolkovo Foundation", "Bessemer Venture Partners"] {
        assert!(orgs.contains(&org.to_string()), "{orgs:?}");
    }
    let usd: Vec<(f64, String)> = hit["amounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["value"].as_f64().unwrap(),
                a["currency"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(usd.contains(&(1e9, "USD".into())), "{usd:?}");
    assert!(usd.contains(&(2e7, "USD".into())), "{usd:?}");

    // Highlight ranges point at the matched words in the snippet text.
    let snippet = &hit["snippet"];
    let text = snippet["text"].as_str().unwrap();
    let marked: Vec<String> = snippet["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let (s, e) = (
                r[0].as_u64().unwrap() as usize,
                r[1].as_u64().unwrap() as usize,
            );
            text[s..e].to_lowercase()
        })
        .collect();
    assert!(marked.contains(&"cisco".to_string()), "{marked:?}");
    assert!(marked.contains(&"skolkovo".to_string()), "{marked:?}");
}

#[test]
fn every_format_is_read_with_its_metadata() {
    let ws = mixed_workspace();
    let html = ws.query_json(&["battery plants"]);
    let hit = &html["hits"][0];
    assert_eq!(hit["title"], "Toyota lifts investment in battery plants");
    assert_eq!(hit["source"], "Fixture Wire");
    assert_eq!(hit["date"], "2024-03-04T08:30:00Z");
    assert!(!hit["snippet"]["text"]
        .as_str()
        .unwrap()
        .contains("tracking"));

    let text = ws.query_json(&["wheat harvest"]);
    assert_eq!(titles(&text)[0], "Wheat harvest falls short in Australia");
    assert_eq!(text["hits"][0]["source"], "Fixture Wire");

    let jsonl = ws.query_json(&["lithium"]);
    assert_eq!(
        titles(&jsonl),
        vec!["Brazilian miners expand lithium output"]
    );
}

#[test]
fn country_filter_narrows_results() {
    let ws = mixed_workspace();
    // "said" appears in every fixture article.
    let all = ws.query_json(&["said", "--limit", "20"]);
    assert_eq!(all["total_hits"], 6);

    let japan = ws.query_json(&["said", "--country", "Japan"]);
    assert_eq!(
        titles(&japan),
        vec!["Toyota lifts investment in battery plants"]
    );

    // Case-insensitive names and facet paths both work.
    let germany = ws.query_json(&["said", "--country", "germany"]);
    assert_eq!(
        titles(&germany),
        vec!["Siemens wins German rail signalling contract"]
    );
    let russia = ws.query_json(&["said", "--country", "/country/Russia"]);
    assert_eq!(russia["total_hits"], 1);

    // Repeated filters must all match.
    let both = ws.query_json(&["", "--country", "Russia", "--country", "United States"]);
    assert_eq!(both["total_hits"], 1);
    let none = ws.query_json(&["", "--country", "Russia", "--country", "Japan"]);
    assert_eq!(none["total_hits"], 0);
}

#[test]
fn org_filter_narrows_results() {
    let ws = mixed_workspace();
    let boe = ws.query_json(&["", "--org", "Bank of England"]);
    assert_eq!(
        titles(&boe),
        vec!["Bank of England holds rates as inflation eases"]
    );
    let cisco = ws.query_json(&["", "--org", "cisco"]);
    assert_eq!(cisco["total_hits"], 1);
    assert!(titles(&cisco)[0].starts_with("With support"));
}

#[test]
fn amount_filters_compare_us_dollar_equivalents() {
    let ws = mixed_workspace();
    // $1 billion (seed), €3bn (Siemens), $2 billion (Vale), 300bn yen ≈ $2bn (Toyota).
    let big = ws.query_json(&["", "--min-amount", "1.5bn", "--limit", "20"]);
    let mut big_titles = titles(&big);
    big_titles.sort();
    assert_eq!(
        big_titles,
        vec![
            "Brazilian miners expand lithium output",
            "Siemens wins German rail signalling contract",
            "Toyota lifts investment in battery plants",
        ]
    );
    // £600m ≈ $760m and the seed's $20 million fall in this range.
    let mid = ws.query_json(&["", "--min-amount", "10M", "--max-amount", "900000000"]);
    let mut mid_titles = titles(&mid);
    mid_titles.sort();
    assert_eq!(mid_titles.len(), 2, "{mid_titles:?}");
    assert!(mid_titles.contains(&"Bank of England holds rates as inflation eases".to_string()));

    ws.search()
        .args(["query", "x", "--min-amount", "lots"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("\"lots\" is not an amount"));
}

#[test]
fn facet_counts_cover_all_matches() {
    let ws = mixed_workspace();
    let results = ws.query_json(&["said", "--facets", "--limit", "1"]);
    assert_eq!(results["hits"].as_array().unwrap().len(), 1);
    let countries = results["facets"]["countries"].as_array().unwrap();
    let count_of = |name: &str| {
        countries
            .iter()
            .find(|c| c["value"] == name)
            .map(|c| c["count"].as_u64().unwrap())
    };
    assert_eq!(count_of("Japan"), Some(1));
    assert_eq!(count_of("Russia"), Some(1));
    assert_eq!(count_of("Germany"), Some(1));

    ws.search()
        .args(["query", "said", "--facets"])
        .assert()
        .success()
        .stdout(predicate::str::contains("countries:"))
        .stdout(predicate::str::contains("organisations:"));
}

#[test]
fn query_syntax_phrases_and_fields() {
    let ws = mixed_workspace();
    let phrase = ws.query_json(&["\"Bank of England\" rates"]);
    assert_eq!(
        titles(&phrase)[0],
        "Bank of England holds rates as inflation eases"
    );
    // English stemming: "plant" finds "plants".
    let stemmed = ws.query_json(&["plant"]);
    assert_eq!(
        titles(&stemmed),
        vec!["Toyota lifts investment in battery plants"]
    );
    let title_only = ws.query_json(&["title:lithium"]);
    assert_eq!(title_only["total_hits"], 1);
    let excluded = ws.query_json(&["said -Siemens", "--limit", "20"]);
    assert_eq!(excluded["total_hits"], 5);
}

#[test]
fn reindexing_replaces_instead_of_duplicating() {
    let ws = mixed_workspace();
    ws.index(&[&repo("corpus"), &repo("tests/fixtures/mixed")]);
    // The same file reached through another spelling of its path is still one file.
    let dotted = repo("corpus/../corpus");
    ws.index(&[&dotted]);
    let all = ws.query_json(&["", "--limit", "50"]);
    assert_eq!(all["total_hits"], 6);
    ws.search()
        .args(["stats", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"articles\": 6"));
}

#[test]
fn paging_with_limit_and_offset() {
    let ws = mixed_workspace();
    let first = ws.query_json(&["said", "--limit", "2"]);
    let second = ws.query_json(&["said", "--limit", "2", "--offset", "2"]);
    assert_eq!(first["hits"].as_array().unwrap().len(), 2);
    assert_eq!(second["hits"][0]["rank"], 3);
    assert_ne!(first["hits"][0]["id"], second["hits"][0]["id"]);
    assert_ne!(first["hits"][1]["id"], second["hits"][0]["id"]);
}

#[test]
fn stats_reports_articles_and_top_facets() {
    let ws = mixed_workspace();
    ws.search()
        .arg("stats")
        .assert()
        .success()
        .stdout(predicate::str::contains("articles:  6"))
        .stdout(predicate::str::contains("top countries:"))
        .stdout(predicate::str::contains("USD"));
}

#[test]
fn no_hits_exits_with_one() {
    let ws = Workspace::new();
    ws.index(&[&repo("corpus")]);
    ws.search()
        .args(["query", "zanzibar"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("no hits for \"zanzibar\""));
}

#[test]
fn missing_input_folder_is_a_clear_error() {
    let ws = Workspace::new();
    ws.search()
        .args(["index", "no-such-folder"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no-such-folder: no such file or folder",
        ));
    // Nothing was created for a run that failed before reading anything.
    ws.search().args(["query", "x"]).assert().code(2);
}

#[test]
fn bad_files_are_reported_and_skipped() {
    let ws = Workspace::new();
    let dir = ws.path("input");
    fs::create_dir(&dir).unwrap();
    fs::copy(repo("corpus/skolkovo-cisco.txt"), dir.join("seed.txt")).unwrap();
    fs::write(dir.join("blob.txt"), b"GIF89a\x00\x01\x02\x03binary").unwrap();
    fs::write(
        dir.join("latin1.txt"),
        b"Price rise\n\nThe price is \xa3600m today.",
    )
    .unwrap();
    fs::write(dir.join("notes.pdf"), b"%PDF-1.4").unwrap();
    fs::write(
        dir.join("feed.jsonl"),
        "{\"title\": \"Good line\", \"body\": \"Fine text.\"}\n{not json\n",
    )
    .unwrap();

    ws.search()
        .arg("index")
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::contains("indexed 3 articles"))
        .stdout(predicate::str::contains("skipped"))
        .stderr(
            predicate::str::contains("skipped: ")
                .and(predicate::str::contains("blob.txt: binary file")),
        )
        .stderr(
            predicate::str::is_match(
                r"warning: \S*latin1.txt: decoded as Windows-1252: not valid UTF-8 at byte 25",
            )
            .unwrap(),
        )
        .stderr(predicate::str::is_match(r"warning: \S*feed.jsonl: line 2").unwrap());
    let results = ws.query_json(&["", "--limit", "10"]);
    assert_eq!(results["total_hits"], 3);
    // The stray Latin-1 byte was read as the pound sign it is.
    let results = ws.query_json(&["price"]);
    assert_eq!(results["total_hits"], 1);
    assert_eq!(results["hits"][0]["title"], "Price rise");
    let snippet = results["hits"][0]["snippet"]["text"].as_str().unwrap();
    assert!(snippet.contains("£600m"), "{snippet}");
}

#[test]
fn malformed_query_is_a_clear_error() {
    let ws = Workspace::new();
    ws.index(&[&repo("corpus")]);
    ws.search()
        .args(["query", "--strict", "title:(cisco"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid query"));
    ws.search()
        .args(["query", "--strict", "nosuchfield:cisco"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid query"));
}

#[test]
fn unknown_index_folder_is_a_clear_error() {
    let ws = Workspace::new();
    ws.search()
        .args(["query", "cisco"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no index here"));

    // A folder holding something else is never written into.
    let other = ws.path("photos");
    fs::create_dir(&other).unwrap();
    fs::write(other.join("cat.jpg"), b"jpeg").unwrap();
    let mut cmd = Command::cargo_bin("search").unwrap();
    cmd.arg("--index")
        .arg(&other)
        .arg("index")
        .arg(repo("corpus"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a newsindex index"));
    assert_eq!(fs::read_dir(&other).unwrap().count(), 1);
}

#[test]
fn help_documents_the_commands() {
    Command::cargo_bin("search")
        .unwrap()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("index"))
        .stdout(predicate::str::contains("query"))
        .stdout(predicate::str::contains("Exit status"));
    Command::cargo_bin("search")
        .unwrap()
        .args(["query", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--min-amount"))
        .stdout(predicate::str::contains("US-dollar equivalent"));
}
