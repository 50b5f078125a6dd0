//! Issue #4, hostile and broken input: every kind of bad file is listed
//! with its reason while the run goes on; whole-run mistakes fail fast;
//! any query text a user can type gives results or a one-line syntax
//! error; and property tests over the amount parser and the query path.
//!
//! The readers' own property tests live beside them
//! (`src/ingest/proptests.rs`); the `fuzz/` crate has cargo-fuzz targets.
//! `PROPTEST_CASES=100000 cargo test --release --test cli robustness` is the
//! long run.

use std::fs;
use std::path::Path;

use newsindex::extract::{amounts, parse_amount};
use newsindex::{Article, Error, NewsIndex, Progress, Query};
use predicates::prelude::*;
use proptest::prelude::*;

use super::{repo, Workspace};

/// Whether this process can be kept from reading a file by its mode
/// (root, and some file systems, read anyway).
#[cfg(unix)]
fn permissions_enforced(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join(".probe");
    fs::write(&probe, b"x").unwrap();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o000)).unwrap();
    let enforced = fs::read(&probe).is_err();
    fs::remove_file(&probe).unwrap();
    enforced
}

#[cfg(unix)]
#[test]
fn every_kind_of_bad_file_is_listed_and_the_run_goes_on() {
    use std::os::unix::fs::{symlink, PermissionsExt};

    let ws = Workspace::new();
    let dir = ws.path("messy");
    fs::create_dir_all(dir.join("sub")).unwrap();
    fs::copy(repo("corpus/skolkovo-cisco.txt"), dir.join("seed.txt")).unwrap();
    fs::write(dir.join("blob.txt"), b"GIF89a\x00\x01\x02binary").unwrap();
    fs::write(
        dir.join("control.txt"),
        [0x01u8, 0x02, 0x1b, b'a'].repeat(64),
    )
    .unwrap();
    fs::write(dir.join("empty.md"), b"").unwrap();
    fs::write(
        dir.join("blank.html"),
        b"<html><body><div></div></body></html>",
    )
    .unwrap();
    // Streamed, so never too large: its first bytes say it is binary.
    let huge = fs::File::create(dir.join("huge.jsonl")).unwrap();
    huge.set_len(newsindex::ingest::MAX_FILE_SIZE + 1).unwrap(); // sparse
    let huge = fs::File::create(dir.join("huge.html")).unwrap();
    huge.set_len(newsindex::ingest::MAX_FILE_SIZE + 1).unwrap(); // sparse, read whole
    let deep = "<div>".repeat(2_000) + "Deeply nested Zanzibar text." + &"</div>".repeat(2_000);
    fs::write(dir.join("deep.html"), deep).unwrap();
    fs::write(
        dir.join("feed.jsonl"),
        "{\"title\": \"Good line\", \"body\": \"Fine text.\"}\n{not json\n{\"url\": \"x\"}\n",
    )
    .unwrap();
    fs::write(dir.join("broken.json"), "{\"title\": \"A\",\n  oops}").unwrap();
    fs::write(dir.join("plain.sgm"), "<DOC>not reuters</DOC>").unwrap();
    fs::write(dir.join("notes.odt"), b"PK").unwrap();
    fs::write(dir.join("scan.pdf"), b"%PDF-1.4").unwrap();
    symlink(&dir, dir.join("sub/loop")).unwrap();
    symlink(dir.join("nowhere.txt"), dir.join("dangling.txt")).unwrap();
    let secret = dir.join("secret.txt");
    fs::write(&secret, "Secret\n\nHidden words.").unwrap();
    let enforced = permissions_enforced(&dir);
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();

    let out = ws.search().arg("index").arg(&dir).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");

    let expected = [
        "blob.txt: binary file",
        "control.txt: binary file",
        "empty.md: empty file",
        "blank.html: empty file",
        "huge.jsonl: binary file",
        "huge.html: too large: 64 MiB (the limit for a file read whole is 64 MiB; raise it with --max-file-size)",
        "deep.html: malformed HTML: elements nested more than 1000 deep; read its bare text",
        "feed.jsonl: line 2: malformed JSON: key must be a string",
        "feed.jsonl: line 3: no title or body; skipped",
        "broken.json: malformed JSON at line 2, column 3: key must be a string",
        "plain.sgm: no <REUTERS> element: not Reuters-21578 SGML",
        "sub/loop: symbolic link loop",
        "dangling.txt: unreadable: broken symbolic link",
        #[cfg(feature = "formats")]
        "scan.pdf: PDF the reader cannot parse",
        #[cfg(not(feature = "formats"))]
        "scan.pdf: PDF files are read by the `formats` cargo feature",
    ];
    for line in expected {
        assert!(stderr.contains(line), "missing {line:?} in:\n{stderr}");
    }
    if enforced {
        assert!(
            stderr.contains("secret.txt: unreadable: permission denied"),
            "{stderr}"
        );
    } else {
        eprintln!("permissions are not enforced for this user (root?): secret.txt was read");
    }
    // Unsupported files inside a folder are counted, not listed.
    assert!(!stderr.contains("notes.odt"), "{stderr}");
    assert!(stdout.contains("unsupported"), "{stdout}");

    // seed, deep.html, the good JSON line (+ secret.txt when readable).
    let indexed = if enforced { 3 } else { 4 };
    assert!(
        stdout.contains(&format!("indexed {indexed} articles")),
        "{stdout}"
    );
    let results = ws.query_json(&["zanzibar"]);
    assert_eq!(results["total_hits"], 1, "the deep page was read as text");
}

#[test]
fn an_unsupported_file_named_directly_is_explained() {
    let ws = Workspace::new();
    let pdf = ws.path("notes.odt");
    fs::write(&pdf, b"PK").unwrap();
    let seed = repo("corpus/skolkovo-cisco.txt");
    ws.search()
        .arg("index")
        .arg(&pdf)
        .arg(&seed)
        .assert()
        .success()
        .stdout(predicate::str::contains("indexed 1 article from 2 files"))
        .stderr(predicate::str::contains(
            "notes.odt: unsupported file type .odt (supported: .txt, .md, .html, .htm, .json, .jsonl, .ndjson, .sgm, .sgml, .pdf, .docx, .eml, .mbox, .csv, .tsv)",
        ));
}

#[test]
fn a_missing_path_among_good_ones_fails_the_run_with_one_line() {
    let ws = Workspace::new();
    let out = ws
        .search()
        .arg("index")
        .arg(repo("corpus"))
        .arg(ws.path("no-such-feed.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("no-such-feed.jsonl: no such file or folder"),
        "{stderr}"
    );
    assert!(!ws.index_dir().exists(), "nothing created for a failed run");
}

#[test]
fn a_file_vanishing_between_walk_and_read_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let keep = dir.path().join("keep.txt");
    let gone = dir.path().join("gone.txt");
    fs::write(&keep, "Kept headline\n\nKept body.").unwrap();
    fs::write(&gone, "Gone headline\n\nGone body.").unwrap();
    let index = NewsIndex::in_memory().unwrap();
    // The walk is over when `Walked` arrives and no file has been read:
    // delete one then, as a user tidying the folder mid-run would.
    let report = index
        .index_paths(&[dir.path()], |event| {
            if let Progress::Walked { files } = event {
                assert_eq!(files, 2);
                fs::remove_file(&gone).unwrap();
            }
        })
        .unwrap();
    assert_eq!(report.articles_indexed, 1);
    let problem = report
        .problems
        .iter()
        .find(|p| p.path == gone)
        .unwrap_or_else(|| panic!("{:?}", report.problems));
    assert!(problem.problem.starts_with("unreadable"), "{problem:?}");
    let results = index.search(&Query::new("kept")).unwrap();
    assert_eq!(results.total_hits, 1);
}

/// Query texts that have broken query parsers elsewhere.
const HOSTILE_QUERIES: &[&str] = &[
    "(",
    ")",
    "())",
    "\"",
    "\"unclosed phrase",
    "\"\"",
    ":",
    "title:",
    ":cisco",
    "title:title:cisco",
    "nosuchfield:x",
    "AND",
    "OR OR OR",
    "NOT",
    "a AND",
    "-",
    "+",
    "+-+-a",
    "*",
    "**",
    "a*",
    "~",
    "a~",
    "a~9",
    "skolkovo~99999999999999999999",
    "[",
    "[a TO",
    "[* TO *]",
    "title:[a TO z]",
    "{a TO b}",
    "^",
    "a^",
    "a^1e99",
    "a^-1",
    "a^NaN",
    "\\",
    "a\\",
    "title:(",
    "IN [",
    "title: IN [a b",
    "\u{0}",
    "\u{7f}\u{1}\u{1b}[31m",
    "💥 \u{202e}evil\u{202c} \u{200B}",
    "Москва 東京 القاهرة",
    "'single'",
    "cisco\"skolkovo",
    "$1 billion",
    "*:*",
];

#[test]
fn hostile_query_texts_give_results_or_one_line() {
    let ws = Workspace::new();
    ws.index(&[&repo("corpus")]);
    // A NUL cannot be passed as an argument; the library test below has it.
    for query in HOSTILE_QUERIES.iter().filter(|q| !q.contains('\0')) {
        let out = ws.search().args(["query", "--", query]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            // Text that is not query syntax is searched as plain words, with a note.
            Some(0 | 1) => assert!(
                stderr.is_empty()
                    || (stderr.lines().count() == 1
                        && stderr.starts_with("note: read as plain words: ")),
                "{query:?}: {stderr}"
            ),
            Some(2) => {
                assert_eq!(stderr.lines().count(), 1, "{query:?}: {stderr}");
                assert!(
                    stderr.starts_with("error: invalid query"),
                    "{query:?}: {stderr}"
                );
            }
            other => panic!("{query:?}: exit {other:?}: {stderr}"),
        }
    }
}

#[test]
fn long_queries_are_answered_or_refused_clearly() {
    let ws = Workspace::new();
    ws.index(&[&repo("corpus")]);

    // Thousands of terms, within the byte limit: answered.
    let words: Vec<String> = (0..1_000).map(|i| format!("w{i}")).collect();
    let thousand = words.join(" ") + " cisco";
    let results = ws.query_json(&[&thousand]);
    // No article has every word: one has some.
    assert_eq!(
        (
            results["total_hits"].as_u64(),
            results["partial_hits"].as_u64()
        ),
        (Some(0), Some(1))
    );
    let many = "a ".repeat(4_000) + "cisco";
    let results = ws.query_json(&[&many]);
    assert_eq!(results["total_hits"], 1);

    // Over the limit, or nested absurdly deep: one clear line, exit 2.
    // Regressions: 1,600 parentheses or 2,000 NOTs overflowed the stack
    // (the process aborted).
    for text in [
        "cisco ".repeat(2_000),
        "(".repeat(8_000) + "cisco" + &")".repeat(100),
        "(".repeat(2_000) + "cisco" + &")".repeat(2_000),
        "-(".repeat(1_000) + "cisco" + &")".repeat(1_000),
        "NOT ".repeat(2_000) + "cisco",
        "NOT (".repeat(1_000) + "cisco",
        "-".repeat(8_000) + "cisco",
        "\"".repeat(8_000),
        "\"(".repeat(4_000),
    ] {
        let out = ws.search().args(["query", "--", &text]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let head: String = text.chars().take(20).collect();
        match out.status.code() {
            Some(0 | 1) => {}
            Some(2) => {
                assert_eq!(stderr.lines().count(), 1, "{head}: {stderr}");
                assert!(
                    stderr.starts_with("error: invalid query"),
                    "{head}: {stderr}"
                );
                assert!(
                    stderr.len() < 400,
                    "{head}: the message echoes the whole query"
                );
            }
            other => panic!("{head}…: exit {other:?}: {stderr}"),
        }
    }
    ws.search()
        .args(["query", &"cisco ".repeat(2_000)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("longer than 8192 bytes"));
    ws.search()
        .args(["query", &("(".repeat(2_000) + "cisco")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "nested more than 32 levels deep (parentheses and NOTs)",
        ));
    // Nesting a person would write is fine.
    let nested = "(".repeat(10) + "cisco OR (NOT NOT skolkovo)" + &")".repeat(10);
    assert_eq!(ws.query_json(&[&nested])["total_hits"], 1);
}

/// A small in-memory index for the query property tests.
fn sample_index() -> NewsIndex {
    let index = NewsIndex::in_memory().unwrap();
    let mut indexer = index.indexer().unwrap();
    for (title, body) in [
        (
            "Cisco signs Skolkovo deal",
            "Cisco will invest $1 billion in Skolkovo, near Moscow, the Skolkovo Foundation said.",
        ),
        (
            "Ad sales boost Time Warner profit",
            "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m).",
        ),
        (
            "東京 markets",
            "Shares in Tokyo rose 2 pct; the yen fell. Москва и Париж. \"Quoted words\" here.",
        ),
    ] {
        indexer.add_article(Article::new(title, body)).unwrap();
    }
    indexer.commit().unwrap();
    index
}

fn query_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(&[
            "cisco", "skolkovo", "time", "warner", "東京", "москва", "\"", "(", ")", "[", "]",
            "{", "}", ":", "title:", "body:", "id:", "path:", "AND", "OR", "NOT", "+", "-", "*",
            "~", "~2", "^", "^2.5", "\\", " ", " ", " ", "TO", "IN", "'", "!", "$1", "£", "1e9",
            "\u{0}", "\u{301}", "🦀",
        ][..]).prop_map(str::to_string),
        1 => any::<String>().prop_map(|s| s.chars().take(6).collect()),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

fn check_query(index: &NewsIndex, query: &Query) -> Result<(), TestCaseError> {
    match index.search(query) {
        Ok(results) => {
            prop_assert!(results.hits.len() <= results.total_hits + results.partial_hits);
            for hit in &results.hits {
                // Highlight ranges must be valid, char-aligned byte ranges.
                for &[start, end] in &hit.snippet.highlights {
                    prop_assert!(start < end && end <= hit.snippet.text.len());
                    prop_assert!(hit.snippet.text.is_char_boundary(start));
                    prop_assert!(hit.snippet.text.is_char_boundary(end));
                }
            }
            Ok(())
        }
        Err(Error::InvalidQuery { reason, .. }) => {
            prop_assert!(!reason.contains('\n'), "multi-line reason: {reason:?}");
            Ok(())
        }
        Err(other) => Err(TestCaseError::fail(format!(
            "{:?}: neither results nor a syntax error: {other}",
            query.text()
        ))),
    }
}

#[test]
fn any_query_text_is_answered_or_a_syntax_error() {
    let index = sample_index();
    for text in HOSTILE_QUERIES {
        check_query(&index, &Query::new(*text)).unwrap();
    }
    proptest!(|(text in query_text(), fuzzy in any::<bool>())| {
        check_query(&index, &Query::new(text.clone()).fuzzy(fuzzy))?;
    });
    proptest!(|(text in any::<String>())| {
        check_query(&index, &Query::new(text))?;
    });
}

/// Found by the property test above: `title:*` (an exists query) on a
/// field that is not a fast field was an engine error ("Field title is not
/// a fast field") instead of results or a syntax error.
#[test]
fn exists_query_on_a_text_field_is_answered_or_a_syntax_error() {
    let index = sample_index();
    for text in [
        "title:*",
        "title: *",
        "body:(*)",
        "cisco title:*",
        "NOT id:*",
    ] {
        check_query(&index, &Query::new(text)).unwrap();
    }
}

/// Found by `cargo fuzz run query`: a field name with a line break in it
/// (a pasted query) was echoed raw in the error's reason, so the one-line
/// error spanned two lines ("Field does not exist: 'titl\ne'").
#[test]
fn error_reason_stays_one_line() {
    let index = sample_index();
    check_query(&index, &Query::new("titl\ne:cisco")).unwrap();
}

fn amount_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(&[
            "$", "£", "€", "¥", "US$", "C$", "A$", "HK$", "Rs", "dlrs", "dollars", "pounds",
            "euros", "yen", "stg", "mln", "million", "bln", "billion", "bn", "m", "k", "trillion",
            "a", "one", "two", "hundred", "thousand", "1", "0", "1.5", "1,000", "1,000,000",
            "999999999999999999999999", "1e308", ".", ",", "-", "to", "and", "between", "of", " ",
            " ", " ", "USD", "GBP", "EUR", "JPY", "%", "pct", "(", ")", "\n",
        ][..]).prop_map(str::to_string),
        1 => any::<String>().prop_map(|s| s.chars().take(6).collect()),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

fn check_amounts(text: &str) -> Result<(), TestCaseError> {
    for amount in amounts(text) {
        prop_assert!(
            amount.value.is_finite() && amount.value >= 0.0,
            "{text:?}: value {}",
            amount.value
        );
        prop_assert!(
            amount.currency.len() == 3 && amount.currency.bytes().all(|b| b.is_ascii_uppercase()),
            "{text:?}: currency {:?}",
            amount.currency
        );
        prop_assert!(
            amount.usd.is_none_or(|usd| usd.is_finite() && usd >= 0.0),
            "{text:?}: usd {:?}",
            amount.usd
        );
    }
    if let Some((value, currency)) = parse_amount(text) {
        prop_assert!(value.is_finite() && value >= 0.0, "{text:?}: {value}");
        prop_assert_eq!(currency.len(), 3);
    }
    Ok(())
}

#[test]
fn the_amount_parser_takes_any_text() {
    proptest!(|(text in amount_text())| check_amounts(&text)?);
    proptest!(|(text in any::<String>())| check_amounts(&text)?);
}

/// Found by `cargo fuzz run query` (~16,000 runs, 12 s, after the fixes above):
/// `-IN--IN`, an excluded phrase repeating one term, trips a debug
/// assertion inside Tantivy 0.27 (`PhraseScorer::seek_danger` called past
/// the end by the exclusion); builds without debug assertions answer it
/// (all articles but those holding the phrase). Runs with
/// `cargo test --release`; ignored in debug builds until Tantivy is fixed.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "Tantivy 0.27 debug assertion in PhraseScorer::seek_danger"
)]
fn hyphenated_phrases_under_exclusion_are_answered() {
    let index = sample_index();
    for fuzzy in [false, true] {
        check_query(&index, &Query::new("-IN--IN").fuzzy(fuzzy).with_facets(3)).unwrap();
    }
}
