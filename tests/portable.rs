//! A portable index: moved or copied together with its corpus (the parent
//! folder renamed too), it still searches, shows, snippets and re-indexes
//! incrementally, with the same article ids.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

/// `search --index index ...` run inside `project`.
fn search(project: &Path) -> Command {
    let mut cmd = Command::cargo_bin("search").expect("binary built");
    cmd.current_dir(project)
        .args(["--index", "index"])
        .env_remove("NEWSINDEX_DIR")
        .env("NO_COLOR", "1");
    cmd
}

fn json(cmd: &mut Command) -> Value {
    let out = cmd
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("valid JSON")
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// `proj/corpus` with three articles in two folders, indexed into
/// `proj/index` from inside `proj`.
fn project(dir: &TempDir) -> PathBuf {
    let proj = dir.path().join("proj");
    write(
        &proj.join("corpus/markets/wheat.txt"),
        "Wheat exports rise\n\nEgypt bought more wheat from France in the elections year, traders said.\n",
    );
    write(
        &proj.join("corpus/markets/copper.txt"),
        "Copper climbs\n\nCopper prices climbed in London on strong demand from China.\n",
    );
    write(
        &proj.join("corpus/sport/cup.txt"),
        "Cup final\n\nThe cup final in Madrid drew a record crowd, organisers said.\n",
    );
    search(&proj).args(["index", "corpus"]).assert().success();
    proj
}

/// Hits of a query: (id, path, highlighted snippet words).
fn hits(proj: &Path, query: &str) -> Vec<(String, String, String)> {
    let results = json(search(proj).args(["query", query]));
    results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| {
            let snippet = &hit["snippet"];
            let text = snippet["text"].as_str().unwrap();
            let words: Vec<&str> = snippet["highlights"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| &text[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize])
                .collect();
            (
                hit["id"].as_str().unwrap().to_string(),
                hit["path"].as_str().unwrap().to_string(),
                words.join(","),
            )
        })
        .collect()
}

#[test]
fn index_and_corpus_moved_together_keep_working() {
    let dir = TempDir::new().unwrap();
    let proj = project(&dir);
    let before = hits(&proj, "wheat egypt");
    assert_eq!(before.len(), 1);
    let wheat_id = before[0].0.clone();

    // Move both, renaming the parent folder and the project folder.
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let moved = elsewhere.join("proj2");
    fs::rename(&proj, &moved).unwrap();
    assert!(!proj.exists());

    let after = hits(&moved, "wheat egypt");
    assert_eq!(after.len(), 1);
    let (id, path, highlighted) = &after[0];
    assert_eq!(*id, wheat_id, "ids do not change with the move");
    // The path is usable: it is the file in its new place.
    assert_eq!(
        fs::canonicalize(path).unwrap(),
        fs::canonicalize(moved.join("corpus/markets/wheat.txt")).unwrap()
    );
    assert_eq!(highlighted, "Egypt,wheat");

    // Text output shows where the file is now, relative to the folder run in.
    search(&moved)
        .args(["query", "copper"])
        .assert()
        .success()
        .stdout(predicate::str::contains("corpus/markets/copper.txt#0"));
    // `show` by the path on disk, by path#N and by id.
    for reference in [
        "corpus/markets/wheat.txt",
        "corpus/markets/wheat.txt#0",
        &wheat_id,
    ] {
        search(&moved)
            .args(["show", reference])
            .assert()
            .success()
            .stdout(predicate::str::contains("Egypt bought more wheat"));
    }
    // Filters on folders and folder counts see the files where they are now.
    let sport = json(search(&moved).args(["query", "", "--under", "corpus/sport"]));
    assert_eq!(sport["total_hits"], 1);
    assert_eq!(sport["hits"][0]["title"], "Cup final");
    let folders = json(search(&moved).args(["facets", "--field", "folder"]));
    let values: Vec<(String, u64)> = folders["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["value"].as_str().unwrap().into(),
                v["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        values,
        [("markets".to_string(), 2), ("sport".to_string(), 1)]
    );

    // Re-indexing after the move re-reads nothing.
    let rerun = json(search(&moved).arg("index"));
    assert_eq!(rerun["files_unchanged"], 3, "{rerun}");
    assert_eq!(rerun["files_new"], 0, "{rerun}");
    assert_eq!(rerun["files_updated"], 0, "{rerun}");
    assert_eq!(rerun["articles_indexed"], 0, "{rerun}");

    // A deleted file is removed, a new one added.
    fs::remove_file(moved.join("corpus/markets/copper.txt")).unwrap();
    write(
        &moved.join("corpus/sport/race.txt"),
        "Marathon record\n\nA new marathon record was set in Berlin on Sunday.\n",
    );
    let rerun = json(search(&moved).arg("index"));
    assert_eq!(
        (
            &rerun["files_new"],
            &rerun["files_removed"],
            &rerun["files_unchanged"]
        ),
        (&Value::from(1), &Value::from(1), &Value::from(2)),
        "{rerun}"
    );
    search(&moved).args(["query", "copper"]).assert().code(1);
    let race = hits(&moved, "marathon");
    assert_eq!(race.len(), 1);
    assert!(Path::new(&race[0].1).is_file());
    assert_eq!(hits(&moved, "wheat egypt")[0].0, wheat_id);
}

#[test]
fn an_index_moved_alone_still_finds_its_corpus() {
    let dir = TempDir::new().unwrap();
    let proj = project(&dir);
    let ids: Vec<String> = hits(&proj, "copper").into_iter().map(|h| h.0).collect();
    let other = dir.path().join("other");
    fs::create_dir(&other).unwrap();
    fs::rename(proj.join("index"), other.join("index")).unwrap();

    // `../corpus` next to the index is gone: the recorded absolute path is used.
    let found = hits(&other, "copper");
    assert_eq!(found.iter().map(|h| h.0.clone()).collect::<Vec<_>>(), ids);
    assert_eq!(
        fs::canonicalize(&found[0].1).unwrap(),
        fs::canonicalize(proj.join("corpus/markets/copper.txt")).unwrap()
    );
    let rerun = json(search(&other).arg("index"));
    assert_eq!(
        (&rerun["files_unchanged"], &rerun["articles_indexed"]),
        (&Value::from(3), &Value::from(0)),
        "{rerun}"
    );
}

#[test]
fn a_copy_uses_its_own_corpus() {
    let dir = TempDir::new().unwrap();
    let proj = project(&dir);
    let copy = dir.path().join("copy");
    for entry in walkdir(&proj) {
        let to = copy.join(entry.strip_prefix(&proj).unwrap());
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(&entry, &to).unwrap();
    }
    // The copy's corpus diverges from the original's.
    write(
        &copy.join("corpus/sport/cup.txt"),
        "Cup final\n\nThe cup final in Lisbon drew a record crowd, organisers said.\n",
    );
    let rerun = json(search(&copy).arg("index"));
    assert_eq!(rerun["files_updated"], 1, "{rerun}");
    search(&copy).args(["query", "lisbon"]).assert().success();
    search(&proj).args(["query", "lisbon"]).assert().code(1);
    let cup = hits(&copy, "cup");
    assert!(cup[0]
        .1
        .starts_with(&*fs::canonicalize(&copy).unwrap().to_string_lossy()));
}

/// Every file under `dir`.
fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walkdir(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Copy a folder's files, keeping their places.
fn copy_tree(from: &Path, to: &Path) {
    for path in walkdir(from) {
        let target = to.join(path.strip_prefix(from).unwrap());
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(&path, &target).unwrap();
    }
}

fn article_count(index: &Path) -> u64 {
    let mut cmd = Command::cargo_bin("search").unwrap();
    cmd.arg("--index").arg(index).arg("stats");
    json(&mut cmd)["articles"].as_u64().unwrap()
}

/// The index copied alone, then pointed at its corpus moved elsewhere:
/// the same files (same paths inside the folder, same content) are the
/// same articles, not a second copy of each, and later runs still work.
#[test]
fn a_copied_index_pointed_at_its_moved_corpus_does_not_double() {
    let dir = TempDir::new().unwrap();
    let proj = project(&dir);
    let before = hits(&proj, "wheat");
    assert_eq!(before.len(), 1);
    let copy = dir.path().join("elsewhere/copy");
    copy_tree(&proj.join("index"), &copy);
    fs::rename(&proj, dir.path().join("proj3")).unwrap();
    let moved = dir.path().join("proj3/corpus");

    let mut run = Command::cargo_bin("search").unwrap();
    run.arg("--index").arg(&copy).arg("index").arg(&moved);
    let report = json(&mut run);
    assert_eq!(report["files_new"], 0, "{report}");
    assert_eq!(report["files_unchanged"], 3, "{report}");
    assert_eq!(article_count(&copy), 3);

    let mut query = Command::cargo_bin("search").unwrap();
    query.arg("--index").arg(&copy).args(["query", "wheat"]);
    let found = json(&mut query);
    let hits = found["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{found}");
    assert_eq!(
        hits[0]["id"].as_str().unwrap(),
        before[0].0,
        "same article id"
    );
    assert!(
        hits[0]["path"]
            .as_str()
            .unwrap()
            .starts_with(moved.to_str().unwrap()),
        "{found}"
    );

    // Later runs re-scan the recorded folder, found where it is now.
    let mut again = Command::cargo_bin("search").unwrap();
    again.arg("--index").arg(&copy).arg("index");
    let report = json(&mut again);
    assert_eq!(report["files_unchanged"], 3, "{report}");
}

/// A recorded folder that no longer exists is reported with what to do,
/// and does not stop the other folders from being re-scanned; `--forget`
/// removes its articles.
#[test]
fn a_vanished_folder_is_reported_and_can_be_forgotten() {
    let dir = TempDir::new().unwrap();
    let proj = project(&dir);
    write(
        &proj.join("notes/oil.txt"),
        "Oil output\n\nNorway raised oil output in the North Sea, the ministry said.\n",
    );
    search(&proj).args(["index", "notes"]).assert().success();
    assert_eq!(article_count(&proj.join("index")), 4);
    fs::remove_dir_all(proj.join("corpus")).unwrap();
    write(
        &proj.join("notes/gas.txt"),
        "Gas prices\n\nGas prices fell in Rotterdam as stocks rose, traders said.\n",
    );

    // The re-scan goes on with the folder that exists and keeps the rest.
    search(&proj)
        .arg("index")
        .assert()
        .success()
        .stderr(predicate::str::contains("corpus: no longer exists"))
        .stderr(predicate::str::contains("--forget"));
    assert_eq!(article_count(&proj.join("index")), 5);

    search(&proj)
        .args(["index", "--forget", "corpus"])
        .assert()
        .success()
        .stdout(predicate::str::contains("3 articles"));
    assert_eq!(article_count(&proj.join("index")), 2);
    // Forgotten: no longer reported.
    search(&proj)
        .arg("index")
        .assert()
        .success()
        .stderr(predicate::str::contains("no longer exists").not());
}
