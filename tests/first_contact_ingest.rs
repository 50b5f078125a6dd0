//! Issue #11, what a first `search index` takes in: folders walked as
//! ripgrep and fd walk them (`.gitignore` / `.ignore`, hidden entries,
//! `--exclude`), documentation files counted rather than indexed, `index`
//! without a path on an index of one's own, and read-only indexes that
//! still answer.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use serde_json::Value;

use super::{repo, Workspace};

/// A small news folder: one article per file, each with a word of its own
/// to search for.
fn news_folder(ws: &Workspace) -> PathBuf {
    let dir = ws.path("news");
    let articles = [
        ("markets/wheat.txt", "Wheat rises\n\nWheat futures rose in Chicago on Monday as dry weather hit Kansas."),
        ("markets/copper.txt", "Copper slips\n\nCopper prices slipped in London after Chilean mines reopened."),
        ("drafts/zinc.txt", "Zinc draft\n\nZinc smelters in Peru cut output, a draft nobody published."),
        ("feeds/cocoa.json", r#"{"title": "Cocoa climbs", "body": "Cocoa rose in Abidjan as rains delayed the harvest."}"#),
        ("archive/nickel.html", "<html><head><title>Nickel falls</title></head><body><p>Nickel fell in Jakarta as export quotas eased.</p></body></html>"),
    ];
    for (name, text) in articles {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

fn report(ws: &Workspace, args: &[&str], paths: &[&Path]) -> Value {
    let out = ws
        .search()
        .arg("index")
        .args(args)
        .arg("--json")
        .args(paths)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON report")
}

fn hits(ws: &Workspace, word: &str) -> u64 {
    ws.query_json(&[word])["total_hits"].as_u64().unwrap()
}

#[test]
fn gitignore_and_ignore_files_are_honoured_outside_git() {
    let ws = Workspace::new();
    let dir = news_folder(&ws);
    fs::write(dir.join(".gitignore"), "drafts/\n").unwrap();
    fs::write(dir.join("feeds/.ignore"), "*.json\n").unwrap();

    let run = report(&ws, &[], &[&dir]);
    assert_eq!(run["articles_indexed"], 3, "{run}");
    assert_eq!(hits(&ws, "wheat"), 1);
    assert_eq!(hits(&ws, "nickel"), 1);
    assert_eq!(hits(&ws, "zinc"), 0, "the .gitignore'd draft was indexed");
    assert_eq!(hits(&ws, "cocoa"), 0, "the .ignore'd feed was indexed");
}

#[test]
fn exclude_globs_leave_files_out_and_remove_them_from_the_index() {
    let ws = Workspace::new();
    let dir = news_folder(&ws);
    ws.index(&[&dir]);
    assert_eq!(hits(&ws, "nickel"), 1);

    let run = report(
        &ws,
        &["--exclude", "drafts/", "--exclude", "*.html"],
        &[&dir],
    );
    assert_eq!(run["files_removed"], 2, "{run}");
    assert_eq!(hits(&ws, "zinc"), 0);
    assert_eq!(hits(&ws, "nickel"), 0);
    assert_eq!(hits(&ws, "copper"), 1);
    assert_eq!(hits(&ws, "cocoa"), 1);

    ws.search()
        .args(["index", "--exclude", "[unclosed"])
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "invalid exclude glob \"[unclosed\"",
        ));
}

#[test]
fn hidden_files_are_skipped_unless_asked_for() {
    let ws = Workspace::new();
    let dir = news_folder(&ws);
    let hidden = dir.join(".backup/rice.txt");
    fs::create_dir_all(hidden.parent().unwrap()).unwrap();
    fs::write(&hidden, "Rice gains\n\nRice prices gained in Bangkok.").unwrap();
    fs::write(
        dir.join(".tin.txt"),
        "Tin steady\n\nTin held steady in Kuala Lumpur.",
    )
    .unwrap();

    let run = report(&ws, &[], &[&dir]);
    assert_eq!(run["articles_indexed"], 5, "{run}");
    assert_eq!(hits(&ws, "rice"), 0);

    let run = report(&ws, &["--hidden"], &[&dir]);
    assert_eq!(run["articles_indexed"], 2, "{run}");
    assert_eq!(hits(&ws, "rice"), 1);
    assert_eq!(hits(&ws, "tin"), 1);
}

#[test]
fn documentation_files_are_counted_as_skipped_unless_included() {
    let ws = Workspace::new();
    let dir = news_folder(&ws);
    // As in the BBC corpus: a README whose text mentions amounts.
    fs::write(
        dir.join("README.md"),
        "# Corpus\n\nArticles from 2004-2005; the licence fee is EUR 2 billion a year.",
    )
    .unwrap();
    fs::write(
        dir.join("markets/LICENSE.txt"),
        "Licence: research use only.",
    )
    .unwrap();

    let out = ws.search().arg("index").arg(&dir).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("indexed 5 articles"), "{stdout}");
    assert!(stdout.contains("skipped 2 documentation files"), "{stdout}");
    assert!(!stderr.contains("README"), "counted, not listed: {stderr}");
    assert_eq!(hits(&ws, "licence"), 0);
    let euro = ws.query_json(&["", "--currency", "EUR", "--min-amount", "1bn"]);
    assert_eq!(euro["total_hits"], 0, "{euro}");

    let run = report(&ws, &["--include-docs"], &[&dir]);
    assert_eq!(run["articles_indexed"], 2, "{run}");
    assert_eq!(hits(&ws, "licence"), 2);
}

#[test]
fn word_lists_are_counted_as_skipped_unless_included() {
    let ws = Workspace::new();
    let dir = news_folder(&ws);
    // As beside the Reuters articles: code lists one a line, and a table.
    let places = [
        "argentina",
        "australia",
        "austria",
        "bahrain",
        "belgium",
        "brazil",
        "canada",
        "chile",
        "china",
        "colombia",
        "denmark",
        "egypt",
        "finland",
        "france",
        "greece",
        "india",
        "indonesia",
        "ireland",
        "italy",
        "japan",
        "kenya",
        "mexico",
    ];
    fs::write(dir.join("places-strings.lc.txt"), places.join("\n")).unwrap();
    let table: Vec<String> = places
        .iter()
        .map(|p| format!("fact(\"{p}\",\"Capital\",[\"x\"])."))
        .collect();
    fs::write(
        dir.join("markets/facts.txt"),
        format!("Facts about countries, one a line.\n\n{}", table.join("\n")),
    )
    .unwrap();
    // An article ending in a list is still an article.
    let seeds: Vec<String> = (1..=16)
        .map(|n| format!("{n} Player {n} (Chile)"))
        .collect();
    fs::write(
        dir.join("markets/draw.txt"),
        format!(
            "Draw made for the Santiago open\n\nThe draw for next week's open in Santiago \
             was made on Friday, and the top seed from Chile will face a qualifier in the \
             first round. Organisers said the courts in the capital were ready, and that \
             tickets for the final were sold out within two hours of going on sale.\n\n{}",
            seeds.join("\n\n")
        ),
    )
    .unwrap();

    let out = ws.search().arg("index").arg(&dir).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("indexed 6 articles"), "{stdout}");
    assert!(stdout.contains("skipped 2 word list files"), "{stdout}");
    assert!(!stderr.contains("places"), "counted, not listed: {stderr}");
    assert_eq!(hits(&ws, "santiago"), 1, "the article with a list");
    assert_eq!(hits(&ws, "kenya"), 0);

    let run = report(&ws, &["--include-docs"], &[&dir]);
    assert_eq!(run["articles_indexed"], 2, "{run}");
    assert_eq!(hits(&ws, "kenya"), 2);

    // A word list named on the command line is read.
    let ws = Workspace::new();
    let run = report(&ws, &[], &[&dir.join("places-strings.lc.txt")]);
    assert_eq!(run["articles_indexed"], 1, "{run}");
}

#[test]
fn index_without_a_path_rescans_what_this_index_was_built_from() {
    let ws = Workspace::new();
    let dir = news_folder(&ws);
    // From the repository's root, where `corpus/` is: a named index must
    // not take the seed article.
    let from_repo = || {
        let mut cmd = ws.search();
        cmd.current_dir(repo(""));
        cmd
    };

    from_repo()
        .arg("index")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no indexed files or folders recorded to re-scan; name them",
        ));
    assert!(!ws.index_dir().exists(), "nothing created");

    // Recorded with the options it was indexed with.
    report(&ws, &["--exclude", "drafts/"], &[&dir]);
    fs::write(
        dir.join("markets/sugar.txt"),
        "Sugar surges\n\nSugar surged in New York on Brazilian frost.",
    )
    .unwrap();
    fs::remove_file(dir.join("markets/copper.txt")).unwrap();
    from_repo()
        .arg("index")
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "(1 new, 0 updated, 3 unchanged, 1 removed)",
        ));
    assert_eq!(hits(&ws, "sugar"), 1);
    assert_eq!(hits(&ws, "zinc"), 0, "the re-scan forgot --exclude");
    // Options apply to paths named with them.
    from_repo()
        .args(["index", "--hidden"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("PATHS"));
    assert_eq!(hits(&ws, "skolkovo"), 0, "the seed article was added");
}

/// Whether this process runs as root (who reads and writes anything).
#[cfg(unix)]
fn is_root() -> bool {
    Process::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0")
}

/// A command running `program` as `nobody` when this process is root (so
/// file modes bind it), else as this user; `None` when root has no tool to
/// switch user with.
#[cfg(unix)]
fn unprivileged(program: &Path) -> Option<Process> {
    if !is_root() {
        return Some(Process::new(program));
    }
    let works = |cmd: &mut Process| cmd.arg("true").status().is_ok_and(|s| s.success());
    let setpriv = ["--reuid=nobody", "--regid=nogroup", "--clear-groups"];
    if works(Process::new("setpriv").args(setpriv)) {
        let mut cmd = Process::new("setpriv");
        cmd.args(setpriv).arg(program);
        return Some(cmd);
    }
    if works(Process::new("runuser").args(["-u", "nobody", "--"])) {
        let mut cmd = Process::new("runuser");
        cmd.args(["-u", "nobody", "--"]).arg(program);
        return Some(cmd);
    }
    None
}

#[cfg(unix)]
#[test]
fn a_read_only_index_answers_as_an_unprivileged_user() {
    use std::os::unix::fs::PermissionsExt;

    let ws = Workspace::new();
    let dir = news_folder(&ws);
    ws.index(&[&dir]);

    // A copy nobody may write: files 0444, folder 0555, reachable by all;
    // the binary copied beside it, so `nobody` can run it wherever the
    // build folder is.
    let shared = tempfile::TempDir::new().unwrap();
    fs::set_permissions(shared.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let copy = shared.path().join("index");
    fs::create_dir(&copy).unwrap();
    for entry in fs::read_dir(ws.index_dir()).unwrap() {
        let entry = entry.unwrap();
        let to = copy.join(entry.file_name());
        fs::copy(entry.path(), &to).unwrap();
        fs::set_permissions(&to, fs::Permissions::from_mode(0o444)).unwrap();
    }
    let binary = shared.path().join("search");
    fs::copy(assert_cmd::cargo::cargo_bin("search"), &binary).unwrap();
    fs::set_permissions(&binary, fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(&copy, fs::Permissions::from_mode(0o555)).unwrap();
    let files_before = fs::read_dir(&copy).unwrap().count();

    let Some(_) = unprivileged(&binary) else {
        eprintln!("skipped: running as root without setpriv or runuser to drop privileges");
        return;
    };
    let run = |args: &[&str]| {
        let out = unprivileged(&binary)
            .unwrap()
            .arg("--index")
            .arg(&copy)
            .args(args)
            .current_dir(shared.path())
            .env_remove("NEWSINDEX_DIR")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr,
        )
    };

    let (code, stdout, stderr) = run(&["query", "wheat", "--json"]);
    assert_eq!(code, Some(0), "{stderr}");
    let results: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(results["hits"][0]["title"], "Wheat rises");

    let (code, stdout, stderr) = run(&["facets", "--field", "country"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("United States"), "{stdout}");

    let (code, stdout, stderr) = run(&["stats"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("articles:  5"), "{stdout}");

    let wheat = fs::canonicalize(dir.join("markets/wheat.txt")).unwrap();
    let (code, _, stderr) = run(&["similar", wheat.to_str().unwrap()]);
    assert!(matches!(code, Some(0 | 1)), "{stderr}");

    // Writing is refused in one plain line, and nothing is left behind.
    let more = shared.path().join("more.txt");
    fs::write(&more, "Tea firm\n\nTea prices firmed in Mombasa.").unwrap();
    fs::set_permissions(&more, fs::Permissions::from_mode(0o644)).unwrap();
    let (code, _, stderr) = run(&["index", more.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("permission denied"), "{stderr}");
    assert!(!stderr.contains("IoError"), "{stderr}");
    assert_eq!(fs::read_dir(&copy).unwrap().count(), files_before);

    fs::set_permissions(&copy, fs::Permissions::from_mode(0o755)).unwrap();
}
