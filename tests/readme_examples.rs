//! Issue #11: every example command of the README's "Command line" section
//! works on the shipped `corpus/` as printed.
//!
//! Each line of a ```sh block there is run by `sh` in a temporary folder
//! holding copies of `corpus/` and `tests/fixtures/`, with a fresh index of
//! `corpus/` in `index/` (the default folder), `search` being the built
//! binary. It must exit 0, or 1 ("no hits") when its comment says
//! `exit 1`. Not run, with the reason printed: commands naming the
//! reader's own files (a path under `~/`) and commands needing a program
//! that is not installed (`jq`, `man`).

use std::fs;
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

use super::repo;

/// One example: the command, and its comment (empty when none).
#[derive(Debug)]
struct Example {
    command: String,
    comment: String,
}

/// The examples of the README section titled `section`: every line of its
/// ```sh blocks, split at the first `#` that starts a comment (outside
/// quotes, after a space).
fn examples(readme: &str, section: &str) -> Vec<Example> {
    let mut lines = readme
        .lines()
        .skip_while(|line| line.trim() != format!("## {section}"))
        .skip(1)
        .take_while(|line| !line.starts_with("## "));
    let mut out = Vec::new();
    while let Some(line) = lines.next() {
        if line.trim() != "```sh" {
            continue;
        }
        for line in lines.by_ref().take_while(|l| l.trim() != "```") {
            let (command, comment) = split_comment(line);
            if !command.is_empty() {
                out.push(Example {
                    command: command.to_string(),
                    comment: comment.to_string(),
                });
            }
        }
    }
    out
}

fn split_comment(line: &str) -> (&str, &str) {
    let mut quote = None;
    let mut previous = ' ';
    for (at, c) in line.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '#') if previous.is_whitespace() => {
                return (line[..at].trim(), line[at + 1..].trim());
            }
            _ => {}
        }
        previous = c;
    }
    (line.trim(), "")
}

/// The programs a shell command line runs (first word of each part).
fn programs(command: &str) -> Vec<&str> {
    command
        .split(['|', ';', '&'])
        .filter_map(|part| part.split_whitespace().next())
        .collect()
}

fn installed(program: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|out| out.status.success())
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn the_splitter_keeps_quoted_hashes_and_finds_comments() {
    assert_eq!(
        split_comment(r#"search query '"a # b"' --json   # phrase"#),
        (r#"search query '"a # b"' --json"#, "phrase")
    );
    assert_eq!(split_comment("search stats"), ("search stats", ""));
    let readme = "## Command line\n\n```sh\nsearch a  # one\n\nsearch b\n```\n\n```text\nnot this\n```\n## Library\n```sh\nsearch c\n```\n";
    let found = examples(readme, "Command line");
    let commands: Vec<&str> = found.iter().map(|e| e.command.as_str()).collect();
    assert_eq!(commands, ["search a", "search b"]);
    assert_eq!(found[0].comment, "one");
    assert_eq!(
        programs("search x | jq '.a' && man ./s.1"),
        ["search", "jq", "man"]
    );
}

#[cfg(unix)]
#[test]
fn readme_command_line_examples_work_on_the_shipped_corpus() {
    let readme = fs::read_to_string(repo("README.md")).unwrap();
    let examples = examples(&readme, "Command line");
    assert!(examples.len() >= 20, "found only {examples:?}");

    let work = tempfile::TempDir::new().unwrap();
    let root = work.path();
    copy_dir(&repo("corpus"), &root.join("corpus"));
    copy_dir(&repo("tests/fixtures"), &root.join("tests/fixtures"));
    let bin = root.join("bin");
    fs::create_dir(&bin).unwrap();
    let binary = assert_cmd::cargo::cargo_bin("search");
    std::os::unix::fs::symlink(&binary, bin.join("search")).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );

    // One index of corpus/, copied fresh for every example.
    let template = root.join("template");
    Command::new(&binary)
        .current_dir(root)
        .env_remove("NEWSINDEX_DIR")
        .arg("--index")
        .arg(&template)
        .args(["index", "corpus"])
        .assert()
        .success();

    let mut failures = Vec::new();
    let mut ran = 0;
    for example in &examples {
        if example.command.contains("~/") {
            eprintln!("not run (the reader's own files): {}", example.command);
            continue;
        }
        if let Some(missing) = programs(&example.command)
            .into_iter()
            .find(|p| !installed(p) && *p != "search")
        {
            eprintln!("not run ({missing} is not installed): {}", example.command);
            continue;
        }
        let index = root.join("index");
        let _ = fs::remove_dir_all(&index);
        copy_dir(&template, &index);
        let expected = if example.comment.contains("exit 1") {
            1
        } else {
            0
        };
        let out = Command::new("sh")
            .args(["-c", &example.command])
            .current_dir(root)
            .env("PATH", &path)
            .env_remove("NEWSINDEX_DIR")
            .timeout(Duration::from_secs(120))
            .output()
            .unwrap();
        ran += 1;
        if out.status.code() != Some(expected) {
            failures.push(format!(
                "{} -> {:?} (expected {expected})\n{}",
                example.command,
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(ran >= 20, "ran only {ran} examples");
    assert!(
        failures.is_empty(),
        "README examples that fail:\n{}",
        failures.join("\n")
    );
}
