//! `search query --format jsonl|csv` streams every match; `search export
//! --format csv`; `--fields` picks the columns.

use std::fs;

use predicates::prelude::*;
use serde_json::Value;

use super::Workspace;

/// 30 wire articles about oil in one JSON Lines file; every third also
/// names gas, so "oil gas" ranks those ten first.
fn oil_workspace() -> Workspace {
    let ws = Workspace::new();
    let lines: Vec<String> = (0..30)
        .map(|n| {
            let body = if n % 3 == 0 {
                format!("LONDON - Oil and gas output rose {n}%, the ministry said.")
            } else {
                format!("LONDON - Oil output rose {n}%, the ministry said.")
            };
            serde_json::json!({"title": format!("Oil report {n}"), "body": body}).to_string()
        })
        .collect();
    let file = ws.path("oil.jsonl");
    fs::write(&file, lines.join("\n")).unwrap();
    ws.index(&[&file]);
    ws
}

#[test]
fn jsonl_streams_every_match_in_the_order_of_the_pages() {
    let ws = oil_workspace();
    let out = ws
        .search()
        .args(["query", "oil gas", "--format", "jsonl"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "30 of 30 matching articles written",
        ))
        .get_output()
        .stdout
        .clone();
    let streamed: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(streamed.len(), 30, "no page size");
    let page = ws.query_json(&["oil gas", "--limit", "30"]);
    for (record, hit) in streamed.iter().zip(page["hits"].as_array().unwrap()) {
        assert_eq!(record["id"], hit["id"]);
        assert_eq!(record["rank"], hit["rank"]);
    }
    // Both words first: the ten gas articles lead, with their snippet.
    assert!(streamed[..10]
        .iter()
        .all(|r| r["snippet"].as_str().unwrap().contains("gas")));
    assert_eq!(
        streamed[0]["countries"],
        serde_json::json!(["United Kingdom"])
    );
}

#[test]
fn csv_with_chosen_fields_and_an_explicit_limit() {
    let ws = oil_workspace();
    let out = ws
        .search()
        .args([
            "query",
            "oil",
            "--format",
            "csv",
            "--fields",
            "rank,title,countries",
            "--limit",
            "12",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows[0], "rank,title,countries");
    assert_eq!(rows.len(), 13, "a header and 12 rows: {out}");
    assert!(rows[1].starts_with("1,Oil report "), "{out}");
    assert!(rows[1].ends_with(",United Kingdom"), "{out}");
}

#[test]
fn fields_need_a_record_format_and_known_names() {
    let ws = oil_workspace();
    ws.search()
        .args(["query", "oil", "--fields", "title"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--fields picks the columns of --format jsonl or csv",
        ));
    ws.search()
        .args(["query", "oil", "--format", "csv", "--fields", "headline"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no field \"headline\"; the fields are rank",
        ));
}

#[test]
fn export_as_csv() {
    let ws = oil_workspace();
    let out = ws
        .search()
        .args([
            "export",
            "gas",
            "--format",
            "csv",
            "--fields",
            "title,countries",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("exported 10 articles"))
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let mut rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows.remove(0), "title,countries");
    rows.sort();
    assert_eq!(rows.len(), 10);
    assert_eq!(rows[0], "Oil report 0,United Kingdom");
}
