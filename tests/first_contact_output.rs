//! What a person sees on first contact: hits that fit the terminal,
//! amounts as articles write them, `search show`, messages that say what
//! happened, and a manual with every option.

use std::fs;

use predicates::prelude::*;
use serde_json::Value;

use super::{repo, Workspace};

/// A workspace with the output fixtures (three JSON Lines articles, the
/// third after a blank line) indexed.
fn wire() -> Workspace {
    let ws = Workspace::new();
    ws.index(&[&repo("tests/fixtures/output")]);
    ws
}

fn stdout_of(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.code() == Some(0),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn hit_metadata_fits_the_width_with_compact_amounts_and_few_orgs() {
    let ws = wire();
    // Piped without COLUMNS: at most 100 columns.
    let text = stdout_of(ws.search().env_remove("COLUMNS").args(["query", "spend"]));
    for line in text.lines() {
        assert!(line.chars().count() <= 100, "too wide: {line:?}");
    }
    assert!(text.contains("amounts: $1bn"), "{text}");
    assert!(!text.contains("1,000,000,000"), "{text}");
    // Seven organisations are named; the first few are listed.
    let orgs = &text[text.find("orgs: ").expect("orgs listed") + 6..];
    let orgs = &orgs[..orgs.find(" +3 more").expect("cut with +3 more")];
    assert_eq!(orgs.split(", ").count(), 4, "{text}");
    assert!(orgs.starts_with("Microsoft, Google"), "{text}");

    let narrow = stdout_of(ws.search().env("COLUMNS", "60").args(["query", "spend"]));
    for line in narrow.lines() {
        assert!(line.chars().count() <= 60, "too wide: {line:?}");
    }
    assert!(narrow
        .lines()
        .any(|l| l.starts_with("   ") && l.contains("Intel")));
}

#[test]
fn foreign_amounts_show_their_dollar_value_compactly() {
    let ws = wire();
    let text = stdout_of(ws.search().args(["query", "trains"]));
    assert!(text.contains("€3bn (≈ $"), "{text}");
    assert!(!text.contains("3,000,000,000 EUR"), "{text}");
    let text = stdout_of(ws.search().args(["query", "stores"]));
    assert!(text.contains("£600m (≈ $"), "{text}");
}

#[test]
fn hits_say_where_the_article_is_in_its_file() {
    let ws = wire();
    let text = stdout_of(ws.search().args(["query", "stores"]));
    assert!(text.contains("wire.jsonl#3 (line 4)"), "{text}");
    let json = ws.query_json(&["trains"]);
    let hit = &json["hits"][0];
    assert_eq!(hit["position"], 1);
    assert_eq!(hit["line"], 2);
    // A plain text file has one article, at position 0, and no line.
    let seed = Workspace::new();
    seed.index(&[&repo("corpus")]);
    let hit = &seed.query_json(&["skolkovo"])["hits"][0];
    assert_eq!(hit["position"], 0);
    assert!(hit.get("line").is_none(), "{hit}");
}

#[test]
fn reuters_hits_and_show_give_the_line_of_their_element() {
    let ws = Workspace::new();
    ws.index(&[&repo("tests/fixtures/sgml")]);
    let text = stdout_of(ws.search().args(["query", "ferry"]));
    assert!(text.contains("wire.sgm#1 (line 11)"), "{text}");
    let file = repo("tests/fixtures/sgml/wire.sgm");
    let shown = stdout_of(ws.search().arg("show").arg(format!("{}#1", file.display())));
    assert!(
        shown.starts_with("FERRY OPERATOR BUYS TWO VESSELS\n"),
        "{shown}"
    );
    assert!(shown.contains("from \"9 billion yen\""), "{shown}");
    assert!(shown.contains("gold places:   japan"), "{shown}");
}

#[test]
fn queries_are_echoed_without_escapes() {
    let ws = wire();
    let text = stdout_of(ws.search().args(["query", "\"rail operator\""]));
    assert!(text.contains("for '\"rail operator\"'"), "{text}");
    assert!(!text.contains('\\'), "{text}");
}

#[test]
fn index_json_gives_the_duration_in_seconds() {
    let ws = Workspace::new();
    let text = stdout_of(
        ws.search()
            .args(["index", "--json"])
            .arg(repo("tests/fixtures/output")),
    );
    let report: Value = serde_json::from_str(&text).expect("JSON");
    let secs = report["elapsed_secs"]
        .as_f64()
        .expect("a number of seconds");
    assert!(secs > 0.0);
    assert!(report.get("elapsed").is_none(), "{report}");
}

#[test]
fn show_prints_a_whole_article_by_path_position_or_id() {
    let ws = wire();
    let file = repo("tests/fixtures/output/wire.jsonl");
    let by_position = stdout_of(ws.search().arg("show").arg(format!("{}#1", file.display())));
    assert!(
        by_position.starts_with("Siemens wins rail order\n"),
        "{by_position}"
    );
    assert!(
        by_position.contains("Deutsche Bahn, the German"),
        "{by_position}"
    );
    assert!(
        by_position.contains("source:        Example Wire"),
        "{by_position}"
    );
    assert!(
        by_position.contains("date:          2024-03-05"),
        "{by_position}"
    );
    assert!(
        by_position.contains("wire.jsonl#1 (line 2)"),
        "{by_position}"
    );
    // Facets with the text they were read from.
    assert!(by_position.contains("€3bn (≈ $"), "{by_position}");
    assert!(by_position.contains("from \"€3bn\""), "{by_position}");

    // The file alone names its first article.
    let first = stdout_of(ws.search().arg("show").arg(&file));
    assert!(
        first.starts_with("Tech giants pledge cloud spending\n"),
        "{first}"
    );

    // An id from the JSON hits, and JSON out.
    let id = ws.query_json(&["stores"])["hits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let json: Value =
        serde_json::from_str(&stdout_of(ws.search().args(["show", &id, "--json"]))).unwrap();
    assert_eq!(json["title"], "Retailer sells stores");
    assert_eq!(json["position"], 3);
    assert_eq!(json["line"], 4);
    assert!(json["body"]
        .as_str()
        .unwrap()
        .ends_with("told the London Stock Exchange."));
    assert_eq!(json["amounts"][0]["text"], "£600m");

    ws.search()
        .arg("show")
        .arg(format!("{}#7", file.display()))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no article with id or path"))
        .stderr(predicate::str::contains("FILE#N"));
}

#[test]
fn an_empty_page_of_matching_articles_is_not_no_hits() {
    let ws = wire();
    for args in [["--limit", "0"], ["--offset", "50"]] {
        ws.search()
            .args(["query", "Example OR said OR stores"])
            .args(args)
            .assert()
            .code(0)
            .stdout(predicate::str::contains("3 matching articles"))
            .stdout(predicate::str::contains("none on this page"))
            .stdout(predicate::str::contains("no hits").not());
    }
    ws.search()
        .args(["query", "zanzibar"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("no hits for \"zanzibar\""));
}

#[test]
fn a_file_as_index_is_named_once() {
    let ws = Workspace::new();
    let file = ws.path("notes.txt");
    fs::write(&file, "not an index").unwrap();
    let corpus = repo("corpus").display().to_string();
    for args in [vec!["query", "x"], vec!["index", &corpus]] {
        let out = assert_cmd::Command::cargo_bin("search")
            .unwrap()
            .current_dir(ws.path(""))
            .env_remove("NEWSINDEX_DIR")
            .arg("--index")
            .arg(&file)
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.matches("notes.txt").count(), 1, "{err}");
        assert!(err.contains("a file, not an index folder"), "{err}");
    }
}

#[test]
fn a_reversed_date_range_is_shown_as_typed() {
    let ws = wire();
    for command in ["query", "facets"] {
        let out = ws
            .search()
            .args([
                command,
                "rail",
                "--since",
                "2024-03-09",
                "--until",
                "2024-03-01",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains("--since 2024-03-09 is after --until 2024-03-01"),
            "{err}"
        );
        assert!(!err.contains("0:00:00"), "{err}");
    }
}

#[test]
fn an_over_long_query_says_so_without_unrelated_advice() {
    let ws = wire();
    let long = "rail ".repeat(2000);
    let out = ws.search().args(["query", &long]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("longer than 8192 bytes (10000 bytes)"),
        "{err}"
    );
    assert!(!err.contains("quote"), "{err}");
    assert!(err.lines().count() == 1 && err.len() < 200, "{err}");
}

#[test]
fn the_binary_adds_command_line_advice_to_library_errors() {
    let ws = Workspace::new();
    ws.search()
        .args(["query", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no index here; run `search index PATHS` first",
        ));
}

#[test]
fn the_manual_covers_every_subcommand_without_missing_pages() {
    let ws = Workspace::new();
    let page = stdout_of(ws.search().arg("man")).replace("\\-", "-");
    for heading in [
        ".SS \"search index",
        ".SS \"search query",
        ".SS \"search show",
        ".SS \"search facets",
        ".SS \"search similar",
        ".SS \"search extract",
        ".SS \"search stats",
        #[cfg(feature = "server")]
        ".SS \"search serve",
    ] {
        assert!(page.contains(heading), "{heading} missing");
    }
    for option in [
        "--min-amount",
        "--snippets",
        "--rebuild",
        "--top",
        "--explain",
        #[cfg(feature = "server")]
        "--addr",
    ] {
        assert!(page.contains(option), "{option} missing");
    }
    assert!(
        !page.contains("search-index(1)"),
        "refers to a page that does not exist"
    );
}
