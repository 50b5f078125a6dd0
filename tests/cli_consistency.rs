//! The command line agrees with itself and the README: the same format
//! names, options and `-n` across commands, `-h` as `--help`, a closed
//! pipe, a query starting with '-', the remedy for a broken index first,
//! and the amount ranges as a facet.

use std::fs;
use std::io::Read as _;
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::cargo::CommandCargoExt as _;
use predicates::prelude::*;
use serde_json::Value;

use super::{repo, titles, Workspace};

/// Three dated copper stories and one about Yukos: the oldest copper story
/// says "copper" most (first by relevance), the newest once (first by date).
fn copper_desk() -> Workspace {
    let ws = Workspace::new();
    let lines = [
        r#"{"title": "Copper, copper everywhere", "body": "Copper prices rose as copper miners in Chile cut copper output; copper traders cheered.", "date": "2021-02-01T09:00:00Z"}"#,
        r#"{"title": "Zambian mines", "body": "Zambia said its copper mines would reopen after the strike.", "date": "2022-05-10T09:00:00Z"}"#,
        r#"{"title": "Peru output steady", "body": "Peru kept its output of zinc steady; copper was not mentioned by the ministry until late.", "date": "2023-08-20T09:00:00Z"}"#,
        r#"{"title": "Yukos tax claim", "body": "Russia's tax ministry said Yukos owed $3.4 billion in back taxes, and the oil firm's shares fell.", "date": "2004-07-01T09:00:00Z"}"#,
        r#"{"title": "Oil exports", "body": "Oil exports rose by $5 million a day as a pipeline reopened.", "date": "2004-07-02T09:00:00Z"}"#,
    ];
    fs::write(ws.path("desk.jsonl"), lines.join("\n") + "\n").unwrap();
    ws.index(&[&ws.path("desk.jsonl")]);
    ws
}

fn stdout_of(ws: &Workspace, args: &[&str]) -> String {
    let out = ws.search().args(args).output().expect("runs");
    assert!(
        out.status.code() == Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

#[test]
fn export_takes_jsonl_as_query_does() {
    let ws = copper_desk();
    let jsonl = stdout_of(&ws, &["export", "copper", "--format", "jsonl"]);
    assert_eq!(
        jsonl,
        stdout_of(&ws, &["export", "copper", "--format", "ndjson"])
    );
    let titles: Vec<String> = jsonl
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap()["title"].to_string())
        .collect();
    assert_eq!(titles.len(), 3, "{jsonl}");
    assert!(
        titles.contains(&"\"Copper, copper everywhere\"".to_string()),
        "{titles:?}"
    );
}

/// The titles of one batch line's hits, from its JSON Lines output.
fn batch_titles(ws: &Workspace, args: &[&str]) -> Vec<String> {
    let mut command = ws.search();
    command
        .args(["batch", "-", "--json"])
        .args(args)
        .write_stdin("copper\n");
    let out = command.output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{args:?}");
    let line: Value = serde_json::from_slice(&out.stdout).expect("one JSON line");
    titles(&line)
}

#[test]
fn batch_sorts_and_limits_like_query() {
    let ws = copper_desk();
    let newest = ws.query_json(&["copper", "--sort", "date", "-n", "1"]);
    assert_eq!(titles(&newest), ["Peru output steady"]);
    assert_eq!(
        batch_titles(&ws, &["--sort", "date", "-n", "1"]),
        titles(&newest)
    );
    assert_eq!(
        batch_titles(&ws, &["--sort", "date", "--limit", "2"]),
        ["Peru output steady", "Zambian mines"]
    );
    // By relevance (the default) the story saying "copper" most leads.
    assert_eq!(
        batch_titles(&ws, &["-n", "1"]),
        ["Copper, copper everywhere"]
    );
    // --top, the old name of batch's limit, still works.
    assert_eq!(
        batch_titles(&ws, &["--top", "1"]),
        batch_titles(&ws, &["-n", "1"])
    );
}

#[test]
fn completions_into_a_closed_pipe_end_quietly() {
    for args in [&["completions", "zsh"][..], &["man"], &["--help"]] {
        let mut child = StdCommand::cargo_bin("search")
            .unwrap()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end at once, as `| head -1` does after a line.
        drop(child.stdout.take());
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

#[test]
fn a_query_starting_with_a_dash_is_the_query_text() {
    let ws = copper_desk();
    let after_dashes = stdout_of(&ws, &["query", "--json", "--", "-Yukos"]);
    let results: Value = serde_json::from_str(&after_dashes).unwrap();
    assert_eq!(results["total_hits"], 4, "every article but the Yukos one");
    assert_eq!(stdout_of(&ws, &["query", "-Yukos", "--json"]), after_dashes);
    assert_eq!(
        stdout_of(&ws, &["query", "--json", "-n", "10", "-Yukos"]),
        after_dashes
    );
    let counted = stdout_of(&ws, &["facets", "-Yukos", "--json"]);
    assert_eq!(
        serde_json::from_str::<Value>(&counted).unwrap()["total_hits"],
        4
    );
    // A second text is still a mistake, and the help says how to write it.
    ws.search()
        .args(["query", "oil", "-Yukos"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("'-Y'"));
    ws.search()
        .args(["query", "--help"])
        .assert()
        .stdout(predicate::str::contains("search query -- -Yukos"));
}

#[test]
fn short_and_long_help_say_the_same() {
    for command in [&[][..], &["query"], &["batch"], &["facets"], &["export"]] {
        let short = StdCommand::cargo_bin("search")
            .unwrap()
            .args(command)
            .arg("-h")
            .output()
            .unwrap();
        let long = StdCommand::cargo_bin("search")
            .unwrap()
            .args(command)
            .arg("--help")
            .output()
            .unwrap();
        assert_eq!(short.status.code(), Some(0));
        assert_eq!(
            String::from_utf8_lossy(&short.stdout),
            String::from_utf8_lossy(&long.stdout),
            "{command:?}"
        );
    }
    let help = StdCommand::cargo_bin("search")
        .unwrap()
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(
        help.contains("130 when Ctrl-C stopped `search index`"),
        "{help}"
    );
}

#[test]
fn the_readme_synopsis_lists_every_command() {
    let readme = fs::read_to_string(repo("README.md")).unwrap();
    let synopsis = readme
        .lines()
        .find(|line| line.starts_with("search [--index DIR] <"))
        .expect("the README's command synopsis");
    let listed: Vec<&str> = synopsis
        .split(['<', '>'])
        .nth(1)
        .unwrap()
        .split('|')
        .collect();
    let help = StdCommand::cargo_bin("search")
        .unwrap()
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let commands: Vec<&str> = help
        .split("Commands:\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .collect();
    assert!(commands.contains(&"batch") && commands.contains(&"export"));
    for command in &commands {
        assert!(
            listed.contains(command),
            "{command} missing from: {synopsis}"
        );
    }
}

#[test]
fn a_corrupt_index_is_answered_with_the_command_that_rebuilds_it_first() {
    let ws = copper_desk();
    fs::write(ws.index_dir().join("meta.json"), "not json").unwrap();
    let out = ws.search().args(["query", "copper"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let remedy = stderr
        .find("rebuild it with `search index --rebuild PATHS`")
        .unwrap_or_else(|| panic!("no remedy: {stderr}"));
    let detail = stderr
        .find("not json")
        .unwrap_or_else(|| panic!("no detail: {stderr}"));
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(remedy < detail, "the remedy comes first: {stderr}");
    assert!(!stderr.contains("NewsIndex::recreate"), "{stderr}");
}

#[test]
fn facets_count_amount_ranges_as_query_facets_do() {
    let ws = copper_desk();
    let out = stdout_of(&ws, &["facets", "--field", "amount", "--json"]);
    let ranges: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(ranges["field"], "amount");
    assert_eq!(ranges["total_hits"], 5);
    let from_query = ws.query_json(&["", "--facets", "-n", "0"]);
    assert_eq!(ranges["values"], from_query["facets"]["amounts"]);
    let count = |label: &str| {
        ranges["values"]
            .as_array()
            .unwrap()
            .iter()
            .find(|range| range["label"] == label)
            .unwrap_or_else(|| panic!("{label} in {ranges}"))["count"]
            .clone()
    };
    assert_eq!(count("1M–10M"), 1, "the $5 million a day");
    assert_eq!(count("≥ 1B"), 1, "Yukos's $3.4 billion");
    assert_eq!(count("< 1M"), 0);

    ws.search()
        .args(["facets", "--field", "amounts", "oil"])
        .assert()
        .success()
        .stdout(predicate::str::contains("amounts (USD):"))
        .stdout(predicate::str::contains("over 2 articles matching \"oil\""));
    ws.search()
        .args(["facets", "--field", "amont"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("lang or amount"));
}

/// The browser tests of `tests/serve_e2e.rs` (this test binary's own),
/// run without a browser: skipped on a developer's machine with a line
/// `cargo test` shows, failed in CI.
#[cfg(feature = "server")]
#[test]
fn browser_tests_without_a_browser_skip_loudly_except_in_ci() {
    let run = |ci: Option<&str>| {
        let mut command = StdCommand::new(std::env::current_exe().unwrap());
        command
            .args(["serve_e2e::", "--test-threads", "1"])
            .env("CHROME", "/nonexistent/chromium")
            .env_remove("NEWSINDEX_BROWSER_TESTS")
            .env_remove("CI");
        if let Some(ci) = ci {
            command.env("CI", ci);
        }
        command.output().unwrap()
    };
    let here = run(None);
    let stderr = String::from_utf8_lossy(&here.stderr);
    assert_eq!(here.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("skipped: browser test: /nonexistent/chromium: no browser"),
        "{stderr}"
    );
    let in_ci = run(Some("true"));
    assert_ne!(
        in_ci.status.code(),
        Some(0),
        "a missing browser fails in CI"
    );
    assert!(String::from_utf8_lossy(&in_ci.stdout).contains("no browser"));
}
