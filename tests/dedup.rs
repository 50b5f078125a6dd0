//! Duplicates: exact copies are one hit listing every file; near-duplicates
//! (a reprint with a changed sentence) fold into one hit, "1 similar";
//! `--all-duplicates` shows each; unrelated articles on the same topic stay
//! apart; groups survive incremental runs; `search duplicates` reports them.

use std::fs;

use predicates::prelude::*;
use serde_json::Value;

use super::Workspace;

/// A wire story of ten sentences (written for this test).
const STORY: &str = "Saudi Arabia has dropped a condition that Brazil pay for oil imports \
in hard currency, officials said on Tuesday. The state oil company will ship 60,000 barrels \
a day under the new terms, which were agreed at a meeting in Riyadh last week. Brazil had \
asked to pay partly in goods, including cars and frozen chicken. The officials said talks on \
a longer contract would start in May and could cover refined products as well. Brazil imports \
about half of the crude oil it refines, most of it from the Middle East and West Africa. Its \
debt talks with commercial banks have made it hard to pay for imports in dollars this year. \
Saudi Arabia, for its part, is looking for steady buyers as its output rises towards the \
quota agreed with other producers in Geneva.";

/// The same story with one sentence rewritten, as a corrected version.
fn reprint() -> String {
    STORY.replace(
        "Brazil had asked to pay partly in goods, including cars and frozen chicken.",
        "Brazilian officials welcomed the decision in a statement issued in Brasilia.",
    )
}

/// Another story on the same topic, told in other words.
const SAME_TOPIC: &str = "Brazil's oil imports rose in March from a year earlier, the state \
oil company said, as demand for diesel grew with the soybean harvest. Refineries around Sao \
Paulo worked at full capacity for the first time since 1985, and the company bought extra \
cargoes of Saudi and Nigerian crude. Officials said the import bill would be paid in dollars \
despite the country's debt talks with commercial banks.";

/// Write the corrected version of the story (the reprint) as `name`.
fn write_corrected(ws: &Workspace, name: &str) -> std::path::PathBuf {
    write(
        ws,
        name,
        "CORRECTED - Saudis drop oil condition",
        &reprint(),
    )
}

fn write(ws: &Workspace, name: &str, title: &str, body: &str) -> std::path::PathBuf {
    let path = ws.path(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, format!("{title}\n\n{body}\n")).unwrap();
    path
}

fn hits(results: &Value) -> &Vec<Value> {
    results["hits"].as_array().expect("hits")
}

#[test]
fn identical_files_are_one_hit_with_both_paths_until_each_is_deleted() {
    let ws = Workspace::new();
    let news = ws.path("news");
    write(&ws, "news/a.txt", "Saudis drop oil condition", STORY);
    write(&ws, "news/b.txt", "Saudis drop oil condition", STORY);
    ws.index(&[&news]);

    let results = ws.query_json(&["saudi brazil"]);
    assert_eq!(results["total_hits"], 2, "totals count every article");
    let found = hits(&results);
    assert_eq!(found.len(), 1, "{results:#}");
    let mut paths = vec![found[0]["path"].as_str().unwrap().to_string()];
    paths.extend(
        found[0]["copies"]
            .as_array()
            .expect("copies")
            .iter()
            .map(|c| c["path"].as_str().unwrap().to_string()),
    );
    paths.sort();
    assert!(
        paths[0].ends_with("a.txt") && paths[1].ends_with("b.txt"),
        "{paths:?}"
    );
    assert!(
        found[0].get("similar").is_none(),
        "copies are not near-duplicates"
    );
    // --all-duplicates still shows the same text once.
    let all = ws.query_json(&["saudi brazil", "--all-duplicates"]);
    assert_eq!(hits(&all).len(), 1);

    // `show` lists the other copy.
    ws.search()
        .args(["show", &format!("{}#0", news.join("a.txt").display())])
        .assert()
        .success()
        .stdout(predicate::str::contains("same text in").and(predicate::str::contains("b.txt#0")));

    fs::remove_file(news.join("a.txt")).unwrap();
    ws.index(&[&news]);
    let results = ws.query_json(&["saudi brazil"]);
    let found = hits(&results);
    assert_eq!(found.len(), 1);
    assert!(found[0]["path"].as_str().unwrap().ends_with("b.txt"));
    assert!(found[0].get("copies").is_none(), "{results:#}");

    fs::remove_file(news.join("b.txt")).unwrap();
    ws.index(&[&news]);
    ws.search().args(["query", "saudi brazil"]).assert().code(1);
}

#[test]
fn a_reprint_folds_into_one_hit_and_all_duplicates_shows_both() {
    let (ws, _) = three_stories();

    let results = ws.query_json(&["brazil oil"]);
    assert_eq!(results["total_hits"], 3);
    let found = hits(&results);
    assert_eq!(found.len(), 2, "the two versions are one hit: {results:#}");
    let story = found
        .iter()
        .find(|h| h["title"].as_str().unwrap().contains("Saudis"))
        .expect("the story");
    assert_eq!(story["similar"], 1);
    let group = story["group"].as_str().expect("group id");
    let other = found
        .iter()
        .find(|h| h["title"] == "Brazil oil imports rise")
        .expect("same topic, other story");
    assert!(other.get("similar").is_none() && other.get("group").is_none());

    let all = ws.query_json(&["brazil oil", "--all-duplicates"]);
    assert_eq!(hits(&all).len(), 3);
    let versions: Vec<&Value> = hits(&all)
        .iter()
        .filter(|h| h["group"].as_str() == Some(group))
        .collect();
    assert_eq!(versions.len(), 2);
    assert!(versions.iter().all(|h| h["similar"] == 1));

    ws.search()
        .args(["query", "brazil oil"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains(format!("1 similar (group {group})"))
                .and(predicate::str::contains("--all-duplicates shows each")),
        );

    // `show` names the other version; `duplicates` counts the group.
    let story_id = story["id"].as_str().unwrap();
    ws.search()
        .args(["show", story_id])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("similar")
                .and(predicate::str::contains("Saudis drop oil condition")),
        );
    let out = ws
        .search()
        .args(["duplicates", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(report["near_groups"], 1, "{report:#}");
    assert_eq!(report["exact_sets"], 0);
    assert_eq!(report["sample"][0]["group"], group);
    assert_eq!(report["sample"][0]["articles"].as_array().unwrap().len(), 2);
}

/// A version reprinted twice is one other text: the hit says "1
/// similar", and the article lists that version once, its copy not again.
#[test]
fn an_article_lists_each_other_version_once_as_its_hit_counts_them() {
    let (ws, news) = three_stories();
    write_corrected(&ws, "news/corrected-again.txt");
    ws.index(&[&news]);
    let results = ws.query_json(&["riyadh", "--all-duplicates"]);
    let story = hits(&results)
        .iter()
        .find(|h| h["title"] == "Saudis drop oil condition")
        .expect("the original story");
    assert_eq!(story["similar"], 1, "{results:#}");
    let show = ws
        .search()
        .args(["show", story["id"].as_str().unwrap(), "--json"])
        .assert()
        .success();
    let article: Value = serde_json::from_slice(&stdout(show)).unwrap();
    let similar = article["similar"].as_array().expect("similar list");
    assert_eq!(similar.len(), 1, "{article:#}");
    assert!(similar[0]["title"]
        .as_str()
        .unwrap()
        .starts_with("CORRECTED"));
    assert!(article.get("copies").is_none(), "{article:#}");
}

#[test]
fn groups_survive_incremental_runs() {
    let ws = Workspace::new();
    let news = ws.path("news");
    write(&ws, "news/original.txt", "Saudis drop oil condition", STORY);
    write(
        &ws,
        "news/imports.txt",
        "Brazil oil imports rise",
        SAME_TOPIC,
    );
    ws.index(&[&news]);
    let first = ws.query_json(&["riyadh"]);
    let original_id = hits(&first)[0]["id"].as_str().unwrap().to_string();

    // A later run adds the corrected version: it joins the first run's group,
    // named by the original's id.
    write_corrected(&ws, "news/corrected.txt");
    ws.index(&[&news]);
    let results = ws.query_json(&["riyadh", "--all-duplicates"]);
    let found = hits(&results);
    assert_eq!(found.len(), 2);
    for hit in found {
        assert_eq!(hit["group"], original_id.as_str(), "{results:#}");
    }
    assert_eq!(hits(&ws.query_json(&["riyadh"])).len(), 1);

    // An unchanged re-run keeps it so.
    ws.index(&[&news]);
    assert_eq!(hits(&ws.query_json(&["riyadh"]))[0]["similar"], 1);
}

#[test]
fn duplicates_report_counts_in_text() {
    let ws = Workspace::new();
    let news = ws.path("news");
    write(&ws, "news/a.txt", "Saudis drop oil condition", STORY);
    write(&ws, "news/b.txt", "Saudis drop oil condition", STORY);
    write(
        &ws,
        "news/imports.txt",
        "Brazil oil imports rise",
        SAME_TOPIC,
    );
    ws.index(&[&news]);
    ws.search().arg("duplicates").assert().success().stdout(
        predicate::str::contains("3 articles")
            .and(predicate::str::contains(
                "exact copies: 1 sets (2 articles)",
            ))
            .and(predicate::str::contains("near-duplicates: 0 groups")),
    );
}

/// The story, its corrected version and another story on the topic.
pub(crate) fn three_stories() -> (Workspace, std::path::PathBuf) {
    let ws = Workspace::new();
    let news = ws.path("news");
    write(&ws, "news/original.txt", "Saudis drop oil condition", STORY);
    write_corrected(&ws, "news/corrected.txt");
    write(
        &ws,
        "news/imports.txt",
        "Brazil oil imports rise",
        SAME_TOPIC,
    );
    ws.index(&[&news]);
    (ws, news)
}

fn json_lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8(out.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn stdout(assert: assert_cmd::assert::Assert) -> Vec<u8> {
    assert.get_output().stdout.clone()
}

#[test]
fn streamed_records_fold_a_group_into_one_row_unless_all_duplicates() {
    let (ws, _) = three_stories();
    let out = stdout(
        ws.search()
            .args(["query", "riyadh", "--format", "jsonl"])
            .assert()
            .success()
            .stderr(predicate::str::contains(
                "1 of 2 matching articles written, one per group of near-duplicates (1 more folded",
            )),
    );
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["similar"], 1);
    let group = rows[0]["group"].as_str().expect("group").to_string();
    // The same hit as the page of `search query`.
    let page = ws.query_json(&["riyadh"]);
    assert_eq!(rows[0]["id"], page["hits"][0]["id"]);

    let out = stdout(
        ws.search()
            .args(["query", "riyadh", "--format", "jsonl", "--all-duplicates"])
            .assert()
            .success()
            .stderr(predicate::str::contains("2 of 2 matching articles written")),
    );
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 2);
    assert!(rows
        .iter()
        .all(|r| r["similar"] == 1 && r["group"] == group.as_str()));
    assert_eq!(rows[0]["rank"], 1);
    assert_eq!(rows[1]["rank"], 2);

    // CSV with the columns picked: one row per group.
    let out = stdout(
        ws.search()
            .args([
                "query",
                "brazil oil",
                "--format",
                "csv",
                "--fields",
                "title,similar,group",
            ])
            .assert()
            .success(),
    );
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "title,similar,group");
    assert_eq!(lines.len(), 3, "a header and two groups: {text}");
    assert!(
        lines.contains(&"Brazil oil imports rise,0,"),
        "the other story, alone in its group: {text}"
    );
    assert!(
        lines.iter().any(|l| l.ends_with(&format!(",1,{group}"))),
        "{text}"
    );
}

#[test]
fn batch_folds_each_lines_hits_and_all_duplicates_shows_each() {
    let (ws, _) = three_stories();
    let list = ws.path("names.txt");
    fs::write(&list, "Riyadh\nSao Paulo\n").unwrap();
    let batch = |extra: &[&str]| -> Vec<Value> {
        json_lines(&stdout(
            ws.search()
                .arg("batch")
                .arg(&list)
                .args(["--json", "--top", "5"])
                .args(extra)
                .assert()
                .success(),
        ))
    };
    let folded = batch(&[]);
    assert_eq!(folded[0]["total_hits"], 2, "totals count every article");
    let hits = folded[0]["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{folded:?}");
    assert_eq!(hits[0]["similar"], 1);
    assert_eq!(folded[1]["hits"].as_array().unwrap().len(), 1);

    let all = batch(&["--all-duplicates"]);
    assert_eq!(all[0]["total_hits"], 2);
    assert_eq!(all[0]["hits"].as_array().unwrap().len(), 2);

    let out = stdout(
        ws.search()
            .arg("batch")
            .arg(&list)
            .arg("--csv")
            .assert()
            .success(),
    );
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with(
            "line,query,total_hits,rank,score,title,path,date,snippet,similar,group,error\n"
        ),
        "{text}"
    );
    let group = hits[0]["group"].as_str().unwrap();
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("1,Riyadh,2,"))
            .count(),
        1,
        "one row for the group: {text}"
    );
    assert!(text.contains(&format!(",1,{group},")), "{text}");

    ws.search()
        .arg("batch")
        .arg(&list)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "1 similar (group {group})"
        )));
}

#[test]
fn export_writes_every_version_with_its_group_for_a_spreadsheet() {
    let (ws, news) = three_stories();
    // A copy of the original too: exact copies are rows of their own.
    fs::copy(news.join("original.txt"), news.join("copy.txt")).unwrap();
    ws.index(&[&news]);
    let out = stdout(
        ws.search()
            .args(["export", "--format", "csv"])
            .assert()
            .success()
            .stderr(predicate::str::contains("exported 4 articles")),
    );
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (title, group, similar, copies) = (
        column("title"),
        column("group"),
        column("similar"),
        column("copies"),
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 4, "an export folds nothing");
    let story: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|r| r[title].contains("Saudis drop oil condition"))
        .collect();
    assert_eq!(story.len(), 3);
    assert!(!story[0][group].is_empty());
    assert!(story.iter().all(|r| r[group] == story[0][group]));
    let mut counts: Vec<(String, String)> = story
        .iter()
        .map(|r| (r[similar].to_string(), r[copies].to_string()))
        .collect();
    counts.sort();
    // The original and its copy: one other text, one copy; the corrected
    // version: one other text (the two copies count once).
    assert_eq!(
        counts,
        [
            ("1".to_string(), "0".to_string()),
            ("1".to_string(), "1".to_string()),
            ("1".to_string(), "1".to_string())
        ]
    );
    let other = rows
        .iter()
        .find(|r| &r[title] == "Brazil oil imports rise")
        .unwrap();
    assert_eq!((&other[group], &other[similar]), ("", "0"));

    // JSON Lines keeps the keys the engines of deploy/ load, unless asked.
    let out = stdout(ws.search().arg("export").assert().success());
    assert!(json_lines(&out).iter().all(|a| a.get("group").is_none()));
    let out = stdout(
        ws.search()
            .args(["export", "riyadh", "--fields", "title,group,similar"])
            .assert()
            .success(),
    );
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 3);
    assert!(rows
        .iter()
        .all(|r| r["group"].is_string() && r["similar"] == 1));
}
