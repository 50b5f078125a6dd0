//! Issue 11, the query path: queries as people type and paste them,
//! through the real binary over hand-written articles in a temporary
//! folder laid out like the BBC corpus (one folder per section).

use predicates::prelude::*;
use serde_json::Value;

use super::{titles, Workspace};

/// Articles by section: (folder, file, title, body).
const ARTICLES: &[(&str, &str, &str, &str)] = &[
    (
        "business",
        "901.txt",
        "Sainsbury's profits rise",
        "Sainsbury's said on Tuesday that profits rose. Mr Brown said: \"we will not raise \
         taxes\" at a meeting in Zürich. Shares of Nestlé rose, and Standard & Poor's kept \
         its rating. The winner of today's auction has bought a painting.",
    ),
    (
        "business",
        "902.txt",
        "India's economy grows",
        "The economy of India grew 7% last year, the finance ministry of India said. \
         Officials of the bank said the pace of growth in India's economy would slow.",
    ),
    (
        "sport",
        "901.txt",
        "Football final in Zurich",
        "Zurich hosted the final. O'Neill said the players don't fear anyone. Societe \
         Generale sponsored the event.",
    ),
    (
        "politics",
        "901.txt",
        "Blair's speech on Britain",
        "Tony Blair's speech in London on Britain and its economy mentioned the European \
         Union and IBM.",
    ),
];

/// The articles written as `<folder>/<file>` (title line, blank line,
/// body) under `news/`, and indexed.
fn newsroom() -> Workspace {
    let ws = Workspace::new();
    for (folder, file, title, body) in ARTICLES {
        let dir = ws.path("news").join(folder);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(file), format!("{title}\n\n{body}\n")).unwrap();
    }
    let summary = ws.index(&[&ws.path("news")]);
    assert!(summary.contains("indexed 4 articles"), "{summary}");
    ws
}

/// `search query <args> --json`: exit code, stderr and the JSON.
fn query(ws: &Workspace, args: &[&str]) -> (i32, String, Value) {
    let out = ws
        .search()
        .args(["query", "--json"])
        .args(args)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), stderr, json)
}

#[test]
fn apostrophes_colons_and_urls_are_searched_as_text() {
    let ws = newsroom();
    for (text, title) in [
        ("Sainsbury's", "Sainsbury's profits rise"),
        ("O'Neill", "Football final in Zurich"),
        ("Blair's", "Blair's speech on Britain"),
        ("don't", "Football final in Zurich"),
        ("Standard & Poor's", "Sainsbury's profits rise"),
        ("Mr Brown said: \"we will not\"", "Sainsbury's profits rise"),
        (
            "https://example.com/sport/zurich-final",
            "Football final in Zurich",
        ),
    ] {
        let (code, stderr, json) = query(&ws, &["--", text]);
        assert_eq!(code, 0, "{text}: {stderr}");
        assert!(stderr.is_empty(), "{text}: {stderr}");
        assert_eq!(titles(&json)[0], title, "{text}");
    }
}

#[test]
fn a_pasted_paragraph_is_read_as_plain_words_with_a_note() {
    let ws = newsroom();
    let paragraph = "Officials of the bank said the pace of growth in India's economy would \
                     slow (AOL's view: \"unclear";
    let (code, stderr, json) = query(&ws, &["--", paragraph]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.starts_with("note: read as plain words: Officials of the bank"),
        "{stderr}"
    );
    assert_eq!(titles(&json)[0], "India's economy grows");
    assert!(json["reinterpreted"].as_str().is_some());
}

#[test]
fn facets_of_a_malformed_query_say_it_was_read_as_plain_words() {
    let ws = newsroom();
    let out = ws
        .search()
        .args(["facets", "--field", "country", "--", "India's (economy"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // The same note as `search query` prints.
    assert!(
        stderr.starts_with("note: read as plain words: \"India s\" economy"),
        "{stderr}"
    );
    assert!(stdout.contains("India"), "{stdout}");
    // Well-formed text gets no note.
    ws.search()
        .args(["facets", "--field", "country", "economy"])
        .assert()
        .success()
        .stderr("");
}

#[test]
fn strict_keeps_syntax_errors_for_scripts() {
    let ws = newsroom();
    for text in ["Sainsbury's", "said: \"we will not\"", "title:(cisco"] {
        ws.search()
            .args(["query", "--strict", "--", text])
            .assert()
            .code(2)
            .stderr(predicate::str::starts_with("error: invalid query"));
    }
    // Valid syntax is the same with or without --strict.
    let (code, _, json) = query(&ws, &["--strict", "title:zurich"]);
    assert_eq!(
        (code, titles(&json)),
        (0, vec!["Football final in Zurich".to_string()])
    );
}

#[test]
fn accents_fold_both_ways() {
    let ws = newsroom();
    for (a, b) in [
        ("Zürich", "Zurich"),
        ("Nestlé", "Nestle"),
        ("Société Générale", "Societe Generale"),
    ] {
        let (_, _, one) = query(&ws, &[a]);
        let (_, _, two) = query(&ws, &[b]);
        assert!(one["total_hits"].as_u64().unwrap() > 0, "{a}");
        assert_eq!(titles(&one), titles(&two), "{a} / {b}");
    }
    // The accented original is what gets marked.
    let out = ws
        .search()
        .args(["query", "zurich", "--under", "news/business"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("**Zürich**"), "{text}");
}

#[test]
fn phrases_are_highlighted_as_phrases() {
    let ws = newsroom();
    let out = ws
        .search()
        .args(["query", "\"economy of India\""])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("**economy of India**"), "{text}");
    assert!(!text.contains("**of**"), "{text}");
    assert!(!text.contains("**s**"), "{text}");
    // Snippets start on a word: never "… s **auction**".
    let out = ws.search().args(["query", "auction"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("**auction**"), "{text}");
    assert!(!text.contains("… s **auction**"), "{text}");
}

#[test]
fn scores_follow_the_ranking_and_tiers_are_explained() {
    let ws = newsroom();
    let (_, _, json) = query(&ws, &["said economy", "--explain"]);
    let hits = json["hits"].as_array().unwrap();
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let tiers: Vec<u64> = hits.iter().map(|h| h["tier"].as_u64().unwrap()).collect();
    assert!(tiers.windows(2).all(|w| w[0] <= w[1]), "{tiers:?}");
    assert!(tiers.contains(&2), "{tiers:?}");
    let why = hits[0]["explanation"]["description"].as_str().unwrap();
    assert!(why.starts_with("tier 1 of 2 (every word"), "{why}");
}

#[test]
fn country_and_org_filters_take_the_names_people_use() {
    let ws = newsroom();
    let (_, _, canonical) = query(&ws, &["", "--country", "United Kingdom"]);
    assert!(canonical["total_hits"].as_u64().unwrap() > 0);
    for name in ["UK", "Britain", "England"] {
        let (code, stderr, json) = query(&ws, &["", "--country", name]);
        assert_eq!(code, 0, "{name}: {stderr}");
        assert_eq!(json["total_hits"], canonical["total_hits"], "{name}");
    }
    let (_, _, eu) = query(&ws, &["", "--org", "EU"]);
    assert_eq!(titles(&eu), ["Blair's speech on Britain"]);
    let (_, _, ibm) = query(&ws, &["", "--org", "ibm"]);
    assert_eq!(titles(&ibm), ["Blair's speech on Britain"]);
}

#[test]
fn a_filter_value_nobody_has_suggests_the_closest() {
    let ws = newsroom();
    ws.search()
        .args(["query", "", "--country", "Untied Kingdom"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no articles with country \"Untied Kingdom\"; did you mean: United Kingdom (",
        ));
    ws.search()
        .args(["facets", "--field", "org", "--org", "European Onion"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "did you mean: European Union (1)?",
        ));
}

#[test]
fn under_narrows_to_folders_and_facets_count_them() {
    let ws = newsroom();
    let (code, _, json) = query(&ws, &["", "--under", "news/sport"]);
    assert_eq!(
        (code, titles(&json)),
        (0, vec!["Football final in Zurich".to_string()])
    );
    let (_, _, two) = query(
        &ws,
        &["", "--under", "news/sport", "--under", "news/politics"],
    );
    assert_eq!(two["total_hits"], 2);
    let (_, _, prefix) = query(&ws, &["", "--under", "news/business/90"]);
    assert_eq!(prefix["total_hits"], 2);
    let (code, _, _) = query(&ws, &["", "--under", "news/tech"]);
    assert_eq!(code, 1);

    let out = ws
        .search()
        .args(["facets", "--field", "folder", "--json"])
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let counts: Vec<(String, u64)> = list["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["value"].as_str().unwrap().to_string(),
                v["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            ("business".to_string(), 2),
            ("politics".to_string(), 1),
            ("sport".to_string(), 1)
        ]
    );
}
