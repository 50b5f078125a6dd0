//! Dates: a search that filters or sorts by date says when articles have
//! none; `stats` counts the dated ones; a date line in a text file dates
//! it; `--date-from-mtime` dates the rest by their files. Decoding: one
//! stray byte in a UTF-8 file spoils only itself.

use std::fs;

use predicates::prelude::*;

use super::Workspace;

/// Two plain-text articles without any date.
fn undated() -> Workspace {
    let ws = Workspace::new();
    fs::create_dir(ws.path("news")).unwrap();
    fs::write(
        ws.path("news/yukos.txt"),
        "Yukos fights on\n\nYukos will appeal, it said. The firm was sold for £600m.\n",
    )
    .unwrap();
    fs::write(
        ws.path("news/tin.txt"),
        "Tin rises\n\nTin rose 2% in London as Yukos shares fell.\n",
    )
    .unwrap();
    ws
}

#[test]
fn a_date_filter_on_an_undated_index_says_why_nothing_matched() {
    let ws = undated();
    ws.index(&[&ws.path("news")]);
    ws.search()
        .args(["query", "Yukos", "--since", "2004-01-01"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "note: no article in this index has a date",
        ))
        .stdout(predicate::str::contains("no hits"));
    let json = ws.query_json(&["Yukos", "--since", "2004-01-01"]);
    assert_eq!(json["dated"]["dated"], 0);
    assert_eq!(json["dated"]["articles"], 2);
    // Sorting by date says it is by relevance; without dates in play, no note.
    ws.search()
        .args(["query", "Yukos", "--sort", "date"])
        .assert()
        .success()
        .stdout(predicate::str::contains("a sort by date is by relevance"));
    let plain = ws.query_json(&["Yukos"]);
    assert!(plain.get("dated").is_none(), "{plain}");
    ws.search()
        .arg("stats")
        .assert()
        .success()
        .stdout(predicate::str::contains("dated:     0"));
}

#[test]
fn undated_dollar_equivalents_say_they_are_at_2024_rates() {
    let ws = undated();
    ws.index(&[&ws.path("news")]);
    ws.search()
        .args(["query", "appeal"])
        .assert()
        .success()
        .stdout(predicate::str::contains("£600m (≈ $"))
        .stdout(predicate::str::contains(
            "at 2024 rates: the article has no date",
        ));
}

#[test]
fn a_date_line_dates_its_article_and_the_note_counts_the_rest() {
    let ws = undated();
    fs::write(
        ws.path("news/dated.txt"),
        "Yukos sale blocked\n\nMonday 14 February 2005\n\nA court blocked the Yukos sale.\n",
    )
    .unwrap();
    ws.index(&[&ws.path("news")]);
    ws.search()
        .args([
            "query",
            "Yukos",
            "--since",
            "2005-02-01",
            "--until",
            "2005-02-28",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("sale blocked"))
        .stdout(predicate::str::contains(
            "note: 1 of 3 articles have a date: a date filter leaves the others out",
        ));
    ws.search()
        .arg("stats")
        .assert()
        .success()
        .stdout(predicate::str::contains("dated:     1"));
    let json = ws.query_json(&["Yukos", "--since", "2005-02-01"]);
    assert_eq!(json["total_hits"], 1);
    assert_eq!(json["hits"][0]["date"], "2005-02-14T00:00:00Z");
}

#[test]
fn date_from_mtime_dates_the_articles_without_a_date() {
    let ws = undated();
    ws.search()
        .arg("index")
        .arg("--date-from-mtime")
        .arg(ws.path("news"))
        .assert()
        .success();
    ws.search()
        .arg("stats")
        .assert()
        .success()
        .stdout(predicate::str::contains("dated:     2"));
    let json = ws.query_json(&["Yukos", "--since", "2000-01-01"]);
    assert_eq!(json["total_hits"], 2);
    assert!(json.get("dated").is_none(), "{json}");
}

#[test]
fn a_stray_byte_in_a_utf8_file_spoils_only_itself() {
    let ws = Workspace::new();
    let mut bytes = "Nestlé buys in Zürich\n\nNestlé of Zürich paid "
        .as_bytes()
        .to_vec();
    bytes.push(0xA3);
    bytes.extend_from_slice(b"600m for the firm.\n");
    fs::write(ws.path("nestle.txt"), &bytes).unwrap();
    ws.search()
        .arg("index")
        .arg(ws.path("nestle.txt"))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "decoded as UTF-8 with 1 byte read as Windows-1252: not valid UTF-8 at byte",
        ));
    let json = ws.query_json(&["Zürich"]);
    assert_eq!(json["hits"][0]["title"], "Nestlé buys in Zürich");
    assert_eq!(json["hits"][0]["amounts"][0]["text"], "£600m");
}
