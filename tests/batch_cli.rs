//! `search batch`: a list of names searched at once, as text, JSON Lines and CSV.

use std::fs;

use predicates::prelude::*;
use serde_json::Value;

use super::{mixed_workspace, Workspace};

const LIST: &str = "# suppliers to check\nCisco\n\nAcme, Inc\n\"Toyota\nSkolkovo Foundation\n";

fn list(ws: &Workspace) -> std::path::PathBuf {
    let path = ws.path("names.txt");
    fs::write(&path, LIST).unwrap();
    path
}

#[test]
fn each_line_then_a_summary_sorted_by_hits() {
    let ws = mixed_workspace();
    let names = list(&ws);
    let out = ws
        .search()
        .args(["batch", "-n", "1"])
        .arg(&names)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "4 queries: 3 matched, 1 without hits, 0 failed",
        ))
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("line 2: \"Cisco\" · 1 matching article"),
        "{out}"
    );
    assert!(out.contains("line 4: \"Acme, Inc\" · no hits"), "{out}");
    // A lone quote is text: the line is searched as its plain words.
    assert!(
        out.contains("line 5: '\"Toyota' · 1 matching article"),
        "{out}"
    );
    assert!(
        out.contains("1. **Toyota** lifts investment in battery plants"),
        "{out}"
    );
    let summary: Vec<&str> = out
        .split("summary, by hits:\n")
        .nth(1)
        .expect("a summary")
        .lines()
        .map(str::trim)
        .collect();
    assert_eq!(
        summary,
        [
            "hits  line  query",
            "1     2  Cisco",
            "1     5  \"Toyota",
            "1     6  Skolkovo Foundation",
            "0     4  Acme, Inc"
        ]
    );
}

#[test]
fn json_lines_one_object_per_query() {
    let ws = mixed_workspace();
    let names = list(&ws);
    let out = ws
        .search()
        .args(["batch", "--json", "--country", "Japan"])
        .arg(&names)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let counts: Vec<(u64, u64)> = lines
        .iter()
        .map(|l| {
            (
                l["line"].as_u64().unwrap(),
                l["total_hits"].as_u64().unwrap(),
            )
        })
        .collect();
    // The filter applies to every line: only the Tokyo article is in Japan.
    assert_eq!(counts, [(2, 0), (4, 0), (5, 1), (6, 0)]);
    assert_eq!(
        lines[2]["hits"][0]["title"],
        "Toyota lifts investment in battery plants"
    );
}

#[test]
fn csv_quotes_commas_and_quotes() {
    let ws = mixed_workspace();
    let names = list(&ws);
    let out = ws
        .search()
        .args(["batch", "--csv", "-n", "1"])
        .arg(&names)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(
        rows[0],
        "line,query,total_hits,rank,score,title,path,date,snippet,similar,group,error"
    );
    assert!(rows.contains(&"4,\"Acme, Inc\",0,,,,,,,,,"), "{out}");
    assert!(
        rows.iter().any(|r| r.starts_with("5,\"\"\"Toyota\",1,1,")),
        "{out}"
    );
    assert_eq!(rows.len(), 5, "a header and one row per line: {out}");
}

#[test]
fn phrase_mode_and_a_failing_line() {
    let ws = mixed_workspace();
    let names = ws.path("phrases.txt");
    let long = "word ".repeat(3_000);
    fs::write(
        &names,
        format!("Skolkovo Foundation\nFoundation Skolkovo\n{long}\n"),
    )
    .unwrap();
    ws.search()
        .args(["batch", "--phrase", "-n", "0"])
        .arg(&names)
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "line 1: \"Skolkovo Foundation\" · 1 matching article",
        ))
        .stdout(predicate::str::contains(
            "line 2: \"Foundation Skolkovo\" · no hits",
        ))
        .stdout(predicate::str::contains("line 3: ").and(predicate::str::contains("failed: ")))
        .stderr(predicate::str::contains(
            "line 3: invalid query: longer than",
        ))
        .stderr(predicate::str::contains(
            "3 queries: 1 matched, 1 without hits, 1 failed",
        ));
}

#[test]
fn reads_stdin_and_refuses_an_empty_list() {
    let ws = mixed_workspace();
    ws.search()
        .args(["batch", "-", "-n", "0"])
        .write_stdin("Toyota\n")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "line 1: \"Toyota\" · 1 matching article",
        ));
    let empty = ws.path("empty.txt");
    fs::write(&empty, "# nothing yet\n\n").unwrap();
    ws.search()
        .arg("batch")
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no queries (every line is blank or a # comment)",
        ));
    ws.search()
        .args(["batch", "missing.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "missing.txt: cannot read the list",
        ));
}

/// Articles of our own for the name tests: one legal form alone, a name
/// with a middle name, and its words far apart.
fn names_workspace() -> Workspace {
    let ws = Workspace::new();
    let dir = ws.path("news");
    fs::create_dir_all(&dir).unwrap();
    for (file, text) in [
        (
            "acme.txt",
            "Acme results\n\nAcme said sales rose by a tenth.",
        ),
        (
            "widgets.txt",
            "Widgets Inc\n\nWidgets Inc said profits fell.",
        ),
        (
            "chelsea.txt",
            "Chelsea owner\n\nRoman Arkadyevich Abramovich bought more players.",
        ),
        (
            "history.txt",
            "History of roads\n\nThe Roman emperors built roads. Centuries later, a man \
             named Abramovich bought a football club.",
        ),
    ] {
        fs::write(dir.join(file), text).unwrap();
    }
    ws.index(&[&dir]);
    ws
}

#[test]
fn lines_are_names_unless_any_words_is_asked_for() {
    let ws = names_workspace();
    let names = ws.path("names.txt");
    fs::write(&names, "Acme, Inc\nRoman Abramovich\n").unwrap();
    let run = |extra: &[&str]| -> Vec<Value> {
        let out = ws
            .search()
            .args(["batch", "--json", "-n", "0"])
            .args(extra)
            .arg(&names)
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    };
    let counts = |lines: &[Value]| -> Vec<(u64, u64)> {
        lines
            .iter()
            .map(|l| {
                (
                    l["total_hits"].as_u64().unwrap(),
                    l["partial_hits"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    // Names: "Acme" without its "Inc", Abramovich with his middle name only.
    assert_eq!(counts(&run(&[])), [(1, 0), (1, 0)]);
    // Any words: "Inc" alone and the far-apart words count, as partial
    // matches or as all the words.
    assert_eq!(counts(&run(&["--any-words"])), [(0, 2), (2, 0)]);
    ws.search()
        .args(["batch", "--any-words", "--phrase"])
        .arg(&names)
        .assert()
        .failure();
    let text = ws
        .search()
        .args(["batch", "-n", "0", "--any-words"])
        .arg(&names)
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("line 1: \"Acme, Inc\" · 0 articles with all words; 2 more with some"),
        "{text}"
    );
}
