//! People and organisation units through the `search` binary: an index
//! written by the library with the people and parents an extractor would
//! give (`Indexer::add_extracted`, `Indexer::set_organisation_parents`),
//! then `--person`, `--org` for a body and for a unit, `search facets`,
//! `search show`; and filters by alias or misspelling on an index the
//! binary built itself.

use std::fs;

use newsindex::{Article, Facets, NewsIndex};
use predicates::prelude::*;
use serde_json::Value;

use super::{strings, titles, Workspace};

/// Articles with the organisations and people of their text, BBC Sport
/// and BBC Radio 4 stored as units of the BBC.
fn newsroom() -> Workspace {
    let ws = Workspace::new();
    let index = NewsIndex::open_or_create(ws.index_dir()).unwrap();
    let mut indexer = index.indexer().unwrap();
    indexer.set_organisation_parents(|name| {
        matches!(name, "BBC Sport" | "BBC Radio 4").then(|| "BBC".to_string())
    });
    let articles: [(&str, &str, &[&str], &[&str]); 4] = [
        (
            "Final on BBC Sport",
            "BBC Sport will show the final live, Tony Blair said on Friday.",
            &["BBC Sport"],
            &["Tony Blair"],
        ),
        (
            "Blair and Brown at the BBC",
            "Tony Blair and Gordon Brown spoke to the BBC about the budget.",
            &["BBC"],
            &["Tony Blair", "Gordon Brown"],
        ),
        (
            "Brown on the radio",
            "Gordon Brown told BBC Radio 4 that the budget would wait.",
            &["BBC Radio 4"],
            &["Gordon Brown"],
        ),
        (
            "YouGov poll",
            "A YouGov poll put Tony Blair ahead in the marginal seats.",
            &["YouGov"],
            &["Tony Blair"],
        ),
    ];
    for (i, (title, body, orgs, people)) in articles.into_iter().enumerate() {
        let mut article = Article::new(title, body);
        article.path = Some(ws.path("wire.jsonl").display().to_string());
        article.position = i as u32;
        let facets = Facets {
            organisations: orgs.iter().map(|s| s.to_string()).collect(),
            people: people.iter().map(|s| s.to_string()).collect(),
            ..Facets::default()
        };
        indexer.add_extracted(&article, &facets).unwrap();
    }
    indexer.commit().unwrap();
    ws
}

fn sorted_titles(results: &Value) -> Vec<String> {
    let mut titles = titles(results);
    titles.sort();
    titles
}

#[test]
fn person_filter_finds_every_article_naming_the_person() {
    let ws = newsroom();
    let blair = ws.query_json(&["", "--person", "Tony Blair"]);
    assert_eq!(
        sorted_titles(&blair),
        [
            "Blair and Brown at the BBC",
            "Final on BBC Sport",
            "YouGov poll"
        ]
    );
    for hit in blair["hits"].as_array().unwrap() {
        assert!(strings(&hit["people"]).contains(&"Tony Blair".to_string()));
    }
    // Any case; repeated, every person must be named.
    assert_eq!(
        titles(&ws.query_json(&["", "--person", "tony blair", "--person", "Gordon Brown"])),
        ["Blair and Brown at the BBC"]
    );
    // A surname alone is no value: the note offers the full name.
    ws.search()
        .args(["query", "", "--person", "Blair"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no articles with person \"Blair\"; did you mean: Tony Blair (3)?",
        ));
}

#[test]
fn org_filter_includes_units_and_a_unit_alone() {
    let ws = newsroom();
    assert_eq!(
        sorted_titles(&ws.query_json(&["", "--org", "BBC"])),
        [
            "Blair and Brown at the BBC",
            "Brown on the radio",
            "Final on BBC Sport"
        ]
    );
    let sport = ws.query_json(&["", "--org", "bbc sport"]);
    assert_eq!(titles(&sport), ["Final on BBC Sport"]);
    // Hits name the unit by its own name, not its path.
    assert_eq!(strings(&sport["hits"][0]["organisations"]), ["BBC Sport"]);
}

#[test]
fn facets_roll_units_up_under_their_parent() {
    let ws = newsroom();
    ws.search()
        .args(["facets", "--field", "org"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "organisations:\n        3  BBC\n        1    BBC Radio 4\n        1    BBC Sport\n        1  YouGov\n",
        ))
        .stdout(predicate::str::contains(
            "2 of 2 distinct organisations over 4 matching articles",
        ));
    let out = ws
        .search()
        .args(["facets", "--field", "org", "--json"])
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list["values"][0]["value"], "BBC");
    assert_eq!(list["values"][0]["count"], 3);
    assert_eq!(list["values"][0]["children"][1]["value"], "BBC Sport");
    assert_eq!(list["values"][0]["children"][1]["count"], 1);
    assert!(list["values"][1].get("children").is_none());

    ws.search()
        .args(["facets", "--field", "people"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "people:\n        3  Tony Blair\n        2  Gordon Brown\n",
        ));
}

#[test]
fn show_and_hits_list_people() {
    let ws = newsroom();
    let wire = ws.path("wire.jsonl");
    ws.search()
        .args(["show", &format!("{}#1", wire.display())])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "people:        Tony Blair, Gordon Brown",
        ));
    ws.search()
        .args(["query", "budget radio"])
        .assert()
        .success()
        .stdout(predicate::str::contains("people: Gordon Brown"));
}

#[test]
fn aliases_and_cases_of_an_organisation_find_the_same_articles() {
    let ws = Workspace::new();
    fs::write(
        ws.path("opec.txt"),
        "Opec holds output\n\nOpec ministers meeting in Vienna agreed to hold output \
         steady until June, the cartel's president said.\n",
    )
    .unwrap();
    ws.index(&[&ws.path("opec.txt")]);
    let expected = ["Opec holds output"];
    for name in [
        "Opec",
        "OPEC",
        "opec",
        "Organisation of Petroleum Exporting Countries",
    ] {
        assert_eq!(
            titles(&ws.query_json(&["", "--org", name])),
            expected,
            "{name}"
        );
    }
    ws.search()
        .args(["query", "", "--org", "Opek"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no articles with organisation \"Opek\"; did you mean: \
             Organization of Petroleum Exporting Countries (1)?",
        ));
}

#[test]
fn an_index_of_the_previous_schema_is_refused_with_the_remedy() {
    let ws = newsroom();
    let marker = ws.index_dir().join("newsindex.json");
    let mut written: Value = serde_json::from_str(&fs::read_to_string(&marker).unwrap()).unwrap();
    let current = written["schema_version"].as_u64().unwrap();
    written["schema_version"] = (current - 1).into();
    fs::write(&marker, written.to_string()).unwrap();
    ws.search()
        .args(["query", "budget"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "index: the index has schema version newsindex v{}; this search reads schema version \
             {current} only; rebuild it with `search index --rebuild PATHS`",
            current - 1
        )))
        .stderr(predicate::str::contains("NewsIndex::recreate").not());
}
