//! Collections as they come (issue 21): CSV/TSV files, files too big to
//! read whole, feeds that grow, runs where nothing could be indexed.

use std::fs;
use std::io::Write as _;

use predicates::prelude::*;
use serde_json::Value;

use super::{titles, Workspace};

/// One line of JSON Lines about `what`.
fn line(what: &str, n: usize) -> String {
    serde_json::json!({
        "title": format!("{what} report {n}"),
        "body": format!("{what} output in Peru rose {n}% in March, the ministry said."),
    })
    .to_string()
        + "\n"
}

fn report(ws: &Workspace, path: &std::path::Path) -> Value {
    let out = ws
        .search()
        .args(["index", "--json"])
        .arg(path)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("JSON report")
}

#[test]
fn csv_with_quoted_newlines_commas_a_bom_and_a_mapped_column() {
    let ws = Workspace::new();
    let file = ws.path("wire.csv");
    fs::write(
        &file,
        "\u{feff}Headline,Story,Published\n\
         \"Zinc, tin and lead\",\"Zinc output rose in Peru.\nTin output fell in Bolivia, traders said.\",2021-03-04\n\
         Cocoa,Cocoa prices rose in Ghana.,2021-03-05\n",
    )
    .unwrap();
    ws.search()
        .args(["index", "--csv-column", "body=story"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("indexed 2 articles from 1 file"));
    let results = ws.query_json(&["Bolivia"]);
    assert_eq!(titles(&results), ["Zinc, tin and lead"]);
    let hit = &results["hits"][0];
    assert_eq!(hit["date"], "2021-03-04T00:00:00Z");
    assert_eq!(hit["position"], 0);
    assert_eq!(hit["line"], 2);
}

#[test]
fn csv_without_a_body_column_is_refused_naming_its_columns() {
    let ws = Workspace::new();
    let file = ws.path("wire.csv");
    fs::write(&file, "headline,story\nZinc,Zinc output rose in Peru.\n").unwrap();
    // The only file given was refused: the run fails, saying so.
    ws.search()
        .arg("index")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "wire.csv: no body column (body, text, content or article) in the header row; it has: headline, story; map one with --csv-column body=NAME",
        ))
        .stderr(predicate::str::contains(
            "error: nothing indexed: every file given was skipped or failed",
        ));
}

#[test]
fn a_run_with_one_good_file_among_refused_ones_succeeds() {
    let ws = Workspace::new();
    let good = ws.path("good.txt");
    fs::write(&good, "Zinc\n\nZinc output rose in Peru.\n").unwrap();
    let bad = ws.path("blob.txt");
    fs::write(&bad, [0u8, 1, 2, 3]).unwrap();
    ws.search()
        .arg("index")
        .arg(&good)
        .arg(&bad)
        .assert()
        .success()
        .stderr(predicate::str::contains("blob.txt: binary file"))
        .stderr(predicate::str::contains("nothing indexed").not());
}

#[test]
fn streamed_files_have_no_cap_but_files_read_whole_do() {
    let ws = Workspace::new();
    // 1.5 MiB of JSON Lines (padded with spaces outside the strings, so
    // there is little text to extract) against a 1 MiB cap.
    let feed = ws.path("feed.jsonl");
    let mut out = fs::File::create(&feed).unwrap();
    for n in 0..300 {
        let padded = line("Zinc", n).trim_end().to_string() + &" ".repeat(5_000) + "\n";
        out.write_all(padded.as_bytes()).unwrap();
    }
    drop(out);
    let page = ws.path("page.html");
    fs::write(&page, format!("<p>Tin{}</p>", " ".repeat(1_600_000))).unwrap();
    ws.search()
        .args(["index", "--max-file-size", "1"])
        .arg(&feed)
        .arg(&page)
        .assert()
        .success()
        .stdout(predicate::str::contains("indexed 300 articles"))
        .stderr(predicate::str::contains(
            "page.html: too large: 1 MiB (the limit for a file read whole is 1 MiB; raise it with --max-file-size)",
        ));
}

#[test]
fn an_appended_jsonl_file_has_only_its_new_lines_read() {
    let ws = Workspace::new();
    let feed = ws.path("feed.jsonl");
    let first: String = (0..5).map(|n| line("Zinc", n)).collect();
    fs::write(&feed, &first).unwrap();
    let before = report(&ws, &feed);
    assert_eq!(before["articles_indexed"], 5);
    let ids = |ws: &Workspace| -> Vec<(String, i64)> {
        let results = ws.query_json(&["zinc", "--limit", "50"]);
        let mut ids: Vec<(String, i64)> = results["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["id"].as_str().unwrap().to_string(),
                    h["position"].as_i64().unwrap(),
                )
            })
            .collect();
        ids.sort();
        ids
    };
    let ids_before = ids(&ws);
    assert_eq!(ids_before.len(), 5);

    let mut out = fs::OpenOptions::new().append(true).open(&feed).unwrap();
    out.write_all((line("Cocoa", 5) + &line("Cocoa", 6)).as_bytes())
        .unwrap();
    drop(out);
    let after = report(&ws, &feed);
    assert_eq!(after["files_grown"], 1, "{after}");
    assert_eq!(after["articles_appended"], 2);
    assert_eq!(after["articles_indexed"], 2);
    assert_eq!(after["files_updated"], 0);
    // The old articles kept their ids; the new ones are at their lines.
    assert_eq!(ids(&ws), ids_before);
    let cocoa = ws.query_json(&["cocoa"]);
    let mut positions: Vec<i64> = cocoa["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["position"].as_i64().unwrap())
        .collect();
    positions.sort();
    assert_eq!(positions, [5, 6]);

    // Appended again: the summary line says how many were new.
    let mut out = fs::OpenOptions::new().append(true).open(&feed).unwrap();
    out.write_all(line("Tin", 7).as_bytes()).unwrap();
    drop(out);
    let summary = ws.index(&[&feed]);
    assert!(
        summary.contains("indexed 1 article from 1 file")
            && summary.contains("1 file grown, only 1 new article read"),
        "{summary}"
    );

    // Changed in place (same length, other bytes): read again whole.
    let text = fs::read_to_string(&feed)
        .unwrap()
        .replace("Zinc report 0", "Lead report 0");
    fs::write(&feed, text).unwrap();
    let changed = report(&ws, &feed);
    assert_eq!(changed["files_updated"], 1, "{changed}");
    assert_eq!(changed["articles_indexed"], 8);
    assert_eq!(titles(&ws.query_json(&["lead"])), ["Lead report 0"]);
}

#[cfg(feature = "formats")]
#[test]
fn an_appended_mbox_has_only_its_new_messages_read() {
    let ws = Workspace::new();
    let mbox = ws.path("list.mbox");
    let message = |n: usize, subject: &str| {
        format!(
            "From ann@example.com Mon Mar  2 10:00:00 2020\nFrom: Ann Lee <ann@example.com>\nSubject: {subject}\nDate: Mon, 2 Mar 2020 10:00:0{n} +0000\n\n{subject}: output rose in Peru.\n\n"
        )
    };
    fs::write(&mbox, message(1, "Zinc") + &message(2, "Tin")).unwrap();
    assert_eq!(report(&ws, &mbox)["articles_indexed"], 2);
    let mut out = fs::OpenOptions::new().append(true).open(&mbox).unwrap();
    out.write_all(message(3, "Cocoa").as_bytes()).unwrap();
    drop(out);
    let after = report(&ws, &mbox);
    assert_eq!(
        (
            after["files_grown"].as_u64(),
            after["articles_appended"].as_u64()
        ),
        (Some(1), Some(1)),
        "{after}"
    );
    assert_eq!(ws.query_json(&["cocoa"])["hits"][0]["position"], 2);
}
