//! `search extract`: the facets of each article of files and folders,
//! without an index, as text and as JSON.

use std::fs;

use predicates::prelude::*;
use serde_json::Value;

use super::{repo, Workspace};

/// Run `search extract --json ARGS` and parse its output.
fn extract_json(ws: &Workspace, args: &[&str]) -> Value {
    let out = ws
        .search()
        .arg("extract")
        .arg("--json")
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("valid JSON")
}

fn names(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .expect("array")
        .iter()
        .map(|v| v.as_str().expect("string"))
        .collect()
}

#[test]
fn seed_facets_as_text() {
    let ws = Workspace::new();
    let seed = repo("corpus/skolkovo-cisco.txt");
    let out = ws
        .search()
        .arg("extract")
        .arg(&seed)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("skolkovo-cisco.txt #0  "), "{text}");
    assert!(
        text.contains("   countries:     Russia, United States\n"),
        "{text}"
    );
    let orgs = text
        .lines()
        .find(|l| l.starts_with("   organisations: "))
        .expect("organisations line");
    for org in ["Cisco", "Skolkovo Foundation", "Bessemer Venture Partners"] {
        assert!(orgs.contains(org), "{org} missing: {orgs}");
    }
    // Each amount: value, currency, and the text it was read from; no
    // "≈ USD" repeat for an amount already in dollars.
    assert!(
        text.contains("   amounts:       1,000,000,000 USD  from \"$1 billion\"\n"),
        "{text}"
    );
    assert!(
        text.contains("                  20,000,000 USD  from \"$20 million\"\n"),
        "{text}"
    );
    assert!(text.ends_with("\n1 article\n"), "{text}");
}

#[test]
fn seed_facets_as_json() {
    let ws = Workspace::new();
    let seed = repo("corpus/skolkovo-cisco.txt");
    let json = extract_json(&ws, &[seed.to_str().unwrap()]);
    let articles = json.as_array().expect("an array of articles");
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    assert!(a["path"].as_str().unwrap().ends_with("skolkovo-cisco.txt"));
    assert_eq!(a["position"], 0);
    assert!(a["title"].as_str().unwrap().contains("Russian"), "{a}");
    assert_eq!(names(&a["countries"]), ["Russia", "United States"]);
    let orgs = names(&a["organisations"]);
    for org in ["Cisco", "Skolkovo Foundation", "Bessemer Venture Partners"] {
        assert!(orgs.contains(&org), "{org} missing: {orgs:?}");
    }
    let amounts = a["amounts"].as_array().unwrap();
    assert_eq!(amounts.len(), 2, "{amounts:?}");
    assert_eq!(amounts[0]["value"], 1e9);
    assert_eq!(amounts[0]["currency"], "USD");
    assert_eq!(amounts[0]["usd"], 1e9);
    assert_eq!(amounts[0]["text"], "$1 billion");
    assert_eq!(amounts[1]["usd"], 2e7);
    assert_eq!(amounts[1]["text"], "$20 million");
}

#[test]
fn html_article_facets() {
    let ws = Workspace::new();
    let page = repo("tests/fixtures/mixed/tokyo-carmakers.html");
    let json = extract_json(&ws, &[page.to_str().unwrap()]);
    let a = &json[0];
    assert_eq!(a["title"], "Toyota lifts investment in battery plants");
    assert_eq!(names(&a["countries"]), ["Japan"]);
    // One entry for Toyota, by the fullest name the article writes (the
    // index stores it under the canonical name "Toyota").
    assert_eq!(names(&a["organisations"]), ["Toyota Motor Corp"]);
    let yen = &a["amounts"][0];
    assert_eq!(yen["value"], 300e9);
    assert_eq!(yen["currency"], "JPY");
    assert_eq!(yen["text"], "300bn yen");
    // Converted at the rates of the article's month (March 2024: ~150 yen).
    let usd = yen["usd"].as_f64().unwrap();
    assert!((1.95e9..2.05e9).contains(&usd), "{usd}");

    // The text form shows the dollar equivalent of a foreign amount.
    ws.search()
        .arg("extract")
        .arg(&page)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "#0  Toyota lifts investment in battery plants\n",
        ))
        .stdout(predicate::str::contains(
            "300,000,000,000 JPY (≈ 2,003,970,000 USD)  from \"300bn yen\"",
        ));
}

#[test]
fn folders_are_walked_and_every_article_listed() {
    let ws = Workspace::new();
    let json = extract_json(&ws, &[repo("tests/fixtures/mixed").to_str().unwrap()]);
    let articles = json.as_array().unwrap();
    assert_eq!(articles.len(), 5, "{json:#}");
    let boe = articles
        .iter()
        .find(|a| a["title"] == "Bank of England holds rates as inflation eases")
        .expect("the JSON Lines article");
    assert_eq!(boe["position"], 0);
    assert_eq!(names(&boe["countries"])[0], "United Kingdom");
    assert!(names(&boe["organisations"]).contains(&"Bank of England"));
    assert_eq!(boe["amounts"][0]["currency"], "GBP");
    assert_eq!(boe["amounts"][0]["value"], 600e6);
}

#[test]
fn missing_path_is_an_error() {
    let ws = Workspace::new();
    ws.search()
        .args(["extract", "no-such-file.txt"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "no-such-file.txt: no such file or folder",
        ));
}

#[test]
fn bad_files_are_reported_and_the_rest_shown() {
    let ws = Workspace::new();
    let dir = ws.path("input");
    fs::create_dir(&dir).unwrap();
    fs::copy(repo("corpus/skolkovo-cisco.txt"), dir.join("seed.txt")).unwrap();
    fs::write(dir.join("blob.txt"), b"GIF89a\x00\x01\x02\x03binary").unwrap();
    fs::write(
        dir.join("feed.jsonl"),
        "{\"title\": \"Yen loan\", \"body\": \"Tokyo lent 5 billion yen.\"}\n{not json\n",
    )
    .unwrap();
    let out = ws
        .search()
        .arg("extract")
        .arg("--json")
        .arg(&dir)
        .assert()
        .success()
        .stderr(predicate::str::contains("blob.txt: binary file"))
        .stderr(predicate::str::contains("feed.jsonl: line 2"))
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&out).unwrap();
    let titles: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles.contains(&"Yen loan"));

    // Nothing readable at all: exit status 1, and the reason on stderr.
    ws.search()
        .arg("extract")
        .arg(dir.join("blob.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("blob.txt: binary file"))
        .stdout(predicate::str::contains("0 articles"));
}

#[test]
fn people_with_their_mentions() {
    let ws = Workspace::new();
    let file = ws.path("blair.txt");
    fs::write(
        &file,
        "Blair defends school reforms\n\nPrime Minister Tony Blair said the reforms were \
         working. Mr Blair told MPs that Morgan Stanley analysts agreed. Economy minister \
         German Gref was not asked.\n",
    )
    .unwrap();
    let json = extract_json(&ws, &[file.to_str().unwrap()]);
    let a = &json[0];
    assert_eq!(names(&a["people"]), ["Tony Blair", "German Gref"]);
    assert!(names(&a["organisations"]).contains(&"Morgan Stanley"));
    assert!(!names(&a["countries"]).contains(&"Germany"), "{a:#}");
    let blair = a["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "person" && e["canonical"] == "Tony Blair")
        .expect("Tony Blair's evidence");
    assert_eq!(blair["forms"], serde_json::json!(["Tony Blair", "Blair"]));
    assert_eq!(blair["count"], 3);
    assert_eq!(blair["mentions"][0]["field"], "title");
    assert_eq!(blair["mentions"][1]["text"], "Tony Blair");

    // An article without people still says so.
    let none = ws.path("rates.txt");
    fs::write(&none, "Rates held\n\nThe central bank kept rates at 4%.\n").unwrap();
    let json = extract_json(&ws, &[none.to_str().unwrap()]);
    assert_eq!(json[0]["people"], serde_json::json!([]));

    // The text form lists them too.
    ws.search()
        .arg("extract")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "people:        Tony Blair, German Gref",
        ));
}
