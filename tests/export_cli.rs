//! `search export`: every article, or a query's matches, as JSON Lines.

use predicates::prelude::*;
use serde_json::Value;

use super::{mixed_workspace, repo, Workspace};

fn lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8(out.to_vec())
        .expect("utf-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect()
}

#[test]
fn exports_every_article_as_one_json_line_each() {
    let ws = mixed_workspace();
    let out = ws
        .search()
        .arg("export")
        .assert()
        .success()
        .stderr(predicate::str::contains("exported 6 articles"))
        .get_output()
        .stdout
        .clone();
    let articles = lines(&out);
    assert_eq!(articles.len(), 6);
    let seed = articles
        .iter()
        .find(|a| a["path"].as_str().unwrap().ends_with("skolkovo-cisco.txt"))
        .expect("the seed is exported");
    assert!(seed["title"]
        .as_str()
        .unwrap()
        .starts_with("With support from both the U.S. and Russian presidents"));
    assert!(seed["body"].as_str().unwrap().contains("Skolkovo"));
    assert!(seed["countries"]
        .as_array()
        .unwrap()
        .contains(&Value::from("Russia")));
    // Flat arrays beside the nested amounts, for engines that filter on them.
    let amounts = seed["amounts"].as_array().unwrap();
    assert!(!amounts.is_empty());
    assert_eq!(
        seed["amount_usd"].as_array().unwrap().len(),
        amounts.iter().filter(|a| a["usd"].is_number()).count()
    );
    assert!(seed["amount_currency"]
        .as_array()
        .unwrap()
        .contains(&Value::from("USD")));
    for article in &articles {
        let id = article["id"].as_str().unwrap();
        assert!(!id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()));
    }
}

#[test]
fn query_and_filters_narrow_the_export() {
    let ws = mixed_workspace();
    let out = ws
        .search()
        .args(["export", "skolkovo", "--country", "Russia"])
        .assert()
        .success()
        .stderr(predicate::str::contains("exported 1 article"))
        .get_output()
        .stdout
        .clone();
    let articles = lines(&out);
    assert_eq!(articles.len(), 1);
    assert!(articles[0]["path"]
        .as_str()
        .unwrap()
        .ends_with("skolkovo-cisco.txt"));
}

#[test]
fn nothing_matching_exits_1_with_an_empty_stream() {
    let ws = Workspace::new();
    ws.index(&[&repo("corpus")]);
    ws.search()
        .args(["export", "qwertzuiop"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("exported 0 articles"));
}

#[test]
fn pasted_text_is_read_as_words_as_in_query() {
    let ws = Workspace::new();
    ws.index(&[&repo("corpus")]);
    ws.search()
        .args(["export", "Cisco's (Skolkovo"])
        .assert()
        .success()
        .stderr(predicate::str::contains("note: read as plain words"));
}

#[test]
fn smoke_script_skips_saying_why_without_an_engine() {
    let out = std::process::Command::new("bash")
        .arg(repo("deploy/smoke.sh"))
        .env_remove("OPENSEARCH_URL")
        .env_remove("QUICKWIT_URL")
        .env_remove("MEILI_URL")
        .output()
        .expect("bash runs");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("skip: none of OPENSEARCH_URL, QUICKWIT_URL, MEILI_URL is set"),
        "{stdout}"
    );
}
