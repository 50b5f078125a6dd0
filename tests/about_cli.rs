//! Countries an article refers to (`--country`) and the ones it is about
//! (`--about`, `facets --field about`).

use std::fs;

use super::{strings, titles, Workspace};

/// Two articles: one about Japan that mentions Britain once, one about Britain.
fn two_articles() -> Workspace {
    let ws = Workspace::new();
    let dir = ws.path("news");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("tokyo.txt"),
        "Japan's exports climb\n\nJapan's exports rose for a third month, the finance ministry in \
         Tokyo said. Japanese carmakers led the gains. Shipments to Britain also grew.\n",
    )
    .unwrap();
    fs::write(
        dir.join("london.txt"),
        "British retail sales slow\n\nBritish retail sales slowed in March, figures from London \
         showed. Shoppers in Britain spent less on clothes.\n",
    )
    .unwrap();
    ws.index(&[&dir]);
    ws
}

#[test]
fn country_finds_every_mention_about_only_the_subject() {
    let ws = two_articles();
    let mut referring = titles(&ws.query_json(&["", "--country", "United Kingdom"]));
    referring.sort();
    assert_eq!(
        referring,
        ["British retail sales slow", "Japan's exports climb"]
    );
    assert_eq!(
        titles(&ws.query_json(&["", "--about", "United Kingdom"])),
        ["British retail sales slow"]
    );
    // Hits list every country, most salient first, and the salient ones.
    let japan = ws.query_json(&["exports", "--about", "japan"]);
    let hit = &japan["hits"][0];
    assert_eq!(strings(&hit["countries"]), ["Japan", "United Kingdom"]);
    assert_eq!(strings(&hit["about"]), ["Japan"]);
}

#[test]
fn facets_of_the_about_field() {
    let ws = two_articles();
    let out = ws
        .search()
        .args(["facets", "--field", "about", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let list: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let values: Vec<(String, u64)> = list["values"]
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
        values,
        [("Japan".to_string(), 1), ("United Kingdom".to_string(), 1)]
    );
}
