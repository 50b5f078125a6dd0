//! The evidence behind the facets: `search extract --json` lists every
//! entity with its forms and mentions, `search show` prints the text each
//! country and organisation was read from.

use std::fs;

use serde_json::Value;

use super::Workspace;

/// A plain-text article (headline, blank line, body) whose names break
/// across lines, as wire copy does.
const ARTICLE: &str = "Tories unveil tax plans\n\n\
LONDON - The Conservative Party has promised £4bn of tax cuts. Labour said\n\
the plans did not add up, but the Tories insisted the Conservative\n  Party \
could pay. Russian and Moscow officials expect $15-20 million in trade.\n";

fn write_article(ws: &Workspace) -> std::path::PathBuf {
    let path = ws.path("901.txt");
    fs::write(&path, ARTICLE).unwrap();
    path
}

fn stdout_json(cmd: &mut assert_cmd::Command) -> Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("valid JSON")
}

fn entity<'a>(entities: &'a Value, kind: &str, canonical: &str) -> &'a Value {
    entities
        .as_array()
        .expect("entities")
        .iter()
        .find(|e| e["type"] == kind && e["canonical"] == canonical)
        .unwrap_or_else(|| panic!("no {kind} {canonical} in {entities:#}"))
}

fn texts(e: &Value) -> Vec<&str> {
    e["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect()
}

#[test]
fn extract_json_lists_entities_with_their_mentions() {
    let ws = Workspace::new();
    let file = write_article(&ws);
    let json = stdout_json(ws.search().arg("extract").arg("--json").arg(&file));
    let entities = &json[0]["entities"];

    let tories = entity(entities, "organisation", "Conservative Party");
    assert_eq!(
        tories["forms"],
        serde_json::json!(["Conservative Party", "Tories"])
    );
    assert_eq!(tories["count"], 4);
    assert_eq!(
        texts(tories),
        [
            "Tories",
            "Conservative Party",
            "Tories",
            "Conservative\n  Party"
        ]
    );
    assert_eq!(tories["mentions"][0]["field"], "title");
    assert_eq!(tories["mentions"][0]["start"], 0);
    assert_eq!(tories["mentions"][0]["end"], 6);

    let russia = entity(entities, "country", "Russia");
    assert_eq!(texts(russia), ["Russian", "Moscow"]);
    assert_eq!(russia["mentions"][0]["cue"], "adjective");
    assert_eq!(russia["mentions"][1]["cue"], "city");
    let uk = entity(entities, "country", "United Kingdom");
    assert_eq!(uk["mentions"][0]["zone"], "dateline");

    let low = entity(entities, "amount", "15000000 USD");
    assert_eq!(texts(low), ["$15-20 million"]);
    assert_eq!(low["amount"]["currency"], "USD");

    // The offsets slice the article as the index stores it.
    ws.index(&[&file]);
    let shown = stdout_json(ws.search().arg("show").arg("--json").arg(&file));
    assert_eq!(&shown["entities"], entities, "show and extract agree");
    let (title, body) = (
        shown["title"].as_str().unwrap(),
        shown["body"].as_str().unwrap(),
    );
    for e in entities.as_array().unwrap() {
        for m in e["mentions"].as_array().unwrap() {
            let text = if m["field"] == "title" { title } else { body };
            let (s, t) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[s..t], m["text"].as_str().unwrap(), "{e}");
        }
    }

    // The text form: each entity with its mention count and forms.
    ws.search()
        .arg("extract")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "organisation Conservative Party  4 mentions: \"Conservative Party\", \"Tories\"",
        ));
}

#[test]
fn show_prints_the_text_each_facet_was_read_from() {
    let ws = Workspace::new();
    let file = write_article(&ws);
    ws.index(&[&file]);
    let out = ws
        .search()
        .env("COLUMNS", "200")
        .arg("show")
        .arg(&file)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains(
            "organisations: Conservative Party - \"Tories\" (title, body), \
             \"Conservative Party\" (lead, body)\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("countries:     United Kingdom - \"LONDON\" (dateline)\n"),
        "{text}"
    );
    assert!(
        text.contains("               Russia - \"Russian\" (body), \"Moscow\" (body)\n"),
        "{text}"
    );
}
