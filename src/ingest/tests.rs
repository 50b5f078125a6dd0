//! Tests of the file-level layer: walking, decoding, dispatch.

use std::fs;
use std::path::{Path, PathBuf};

use super::*;

const SEED: &str = include_str!("../../corpus/skolkovo-cisco.txt");

fn write(dir: &Path, rel: &str, content: &[u8]) -> PathBuf {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, content).unwrap();
    path
}

#[test]
fn formats_by_extension() {
    assert_eq!(Format::from_path(Path::new("a/b.TXT")), Some(Format::Text));
    assert_eq!(Format::from_path(Path::new("notes.md")), Some(Format::Text));
    assert_eq!(Format::from_path(Path::new("page.Htm")), Some(Format::Html));
    assert_eq!(Format::from_path(Path::new("x.ndjson")), Some(Format::Json));
    assert_eq!(
        Format::from_path(Path::new("reut2-000.sgm")),
        Some(Format::Sgml)
    );
    assert_eq!(
        Format::from_path(Path::new("archive.sgml")),
        Some(Format::Sgml)
    );
    assert_eq!(Format::from_path(Path::new("image.png")), None);
    assert_eq!(Format::from_path(Path::new("README")), None);
    assert_eq!(Format::from_path(Path::new(".txt")), None);
}

#[test]
fn walk_nested_hidden_unsupported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "b.txt", b"b");
    write(root, "a/z.json", b"{}");
    write(root, "a/deeper/c.HTML", b"<p>c</p>");
    write(root, "a/image.png", b"\x89PNG");
    write(root, ".hidden.txt", b"hidden");
    write(root, ".git/objects/x.txt", b"hidden too");
    write(root, "a/.cache/y.txt", b"hidden too");
    let direct_hidden = write(root, "other/.direct.txt", b"given directly");

    let walk = walk(&[
        root.to_path_buf(),
        direct_hidden.clone(),
        root.join("b.txt"),
    ])
    .unwrap();
    let rel: Vec<_> = walk
        .files
        .iter()
        .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        rel,
        ["a/deeper/c.HTML", "a/z.json", "b.txt", "other/.direct.txt"]
    );
    assert_eq!(
        walk.problems,
        [(root.join("a/image.png"), SkipReason::Unsupported)]
    );
}

#[test]
fn walk_missing_path_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    let err = walk(&[dir.path().to_path_buf(), missing.clone()]).unwrap_err();
    assert!(
        matches!(&err, Error::PathNotFound(p) if *p == missing),
        "{err}"
    );
}

#[test]
fn walk_unsupported_file_given_directly() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "data.csv", b"a,b");
    let walk = walk(std::slice::from_ref(&path)).unwrap();
    assert!(walk.files.is_empty());
    assert_eq!(walk.problems, [(path, SkipReason::Unsupported)]);
}

#[cfg(unix)]
#[test]
fn walk_symlink_loop_and_broken_link_are_problems() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a/one.txt", b"one");
    std::os::unix::fs::symlink(root.join("a"), root.join("a/loop")).unwrap();
    std::os::unix::fs::symlink(root.join("gone.txt"), root.join("a/broken.txt")).unwrap();
    let walk = walk(&[root.to_path_buf()]).unwrap();
    assert_eq!(walk.files, [root.join("a/one.txt")]);
    assert!(
        walk.problems
            .contains(&(root.join("a/loop"), SkipReason::SymlinkLoop)),
        "{:?}",
        walk.problems
    );
    assert!(
        walk.problems.contains(&(
            root.join("a/broken.txt"),
            SkipReason::Unreadable("broken symbolic link".into())
        )),
        "{:?}",
        walk.problems
    );
}

#[test]
fn read_file_sets_path_and_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "seed.txt", SEED.as_bytes());
    let parsed = read_file(&path).unwrap();
    assert_eq!(parsed.articles.len(), 1);
    let a = &parsed.articles[0];
    assert_eq!(a.path.as_deref(), path.to_str());
    assert_eq!(a.position, 0);
    assert_eq!(a.source.as_deref(), Some("portfolio.com"));
    assert!(a
        .title
        .starts_with("With support from both the U.S. and Russian presidents"));
}

#[test]
fn binary_invalid_utf8_and_empty_files() {
    let dir = tempfile::tempdir().unwrap();
    let binary = write(dir.path(), "bin.txt", b"PK\x03\x04\x00\x00 zip bytes");
    assert_eq!(read_file(&binary), Err(SkipReason::Binary));

    let mut latin1 = b"Headline\n\nPrice: ".to_vec();
    latin1.push(0xA3); // '£' in Latin-1
    latin1.extend_from_slice(b"600m");
    let bad = write(dir.path(), "latin1.txt", &latin1);
    assert_eq!(read_file(&bad), Err(SkipReason::InvalidUtf8 { offset: 17 }));
    assert_eq!(
        SkipReason::InvalidUtf8 { offset: 17 }.to_string(),
        "invalid UTF-8 at byte 17"
    );
    // The same bytes in the other text formats.
    for format in [Format::Html, Format::Json] {
        assert_eq!(
            parse_bytes(format, &latin1, None),
            Err(SkipReason::InvalidUtf8 { offset: 17 })
        );
    }

    let empty = write(dir.path(), "empty.md", b"");
    assert_eq!(read_file(&empty), Err(SkipReason::Empty));
    let blank = write(dir.path(), "blank.json", b" \n\t\r\n ");
    assert_eq!(read_file(&blank), Err(SkipReason::Empty));
    assert_eq!(
        parse(Format::Text, "\n Source: BBC \n", None),
        Err(SkipReason::Empty)
    );
    // A byte-order mark is not content.
    assert_eq!(
        parse_bytes(Format::Text, b"\xEF\xBB\xBF\n", None),
        Err(SkipReason::Empty)
    );
    let bom = parse_bytes(Format::Text, b"\xEF\xBB\xBFTitle\n\nBody.", None).unwrap();
    assert_eq!(bom.articles[0].title, "Title");
}

#[test]
fn nul_beyond_the_sniff_window_is_not_binary() {
    let mut text = "a".repeat(BINARY_SNIFF_LEN);
    text.push('\0');
    assert!(parse_bytes(Format::Text, text.as_bytes(), None).is_ok());
}

#[test]
fn unreadable_and_unsupported_files() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        read_file(&dir.path().join("a.csv")),
        Err(SkipReason::Unsupported)
    );
    assert_eq!(
        read_file(&dir.path().join("gone.txt")),
        Err(SkipReason::Unreadable("not found".into()))
    );
    assert_eq!(
        SkipReason::Unreadable("permission denied".into()).to_string(),
        "unreadable: permission denied"
    );
    // A folder named like a file.
    fs::create_dir(dir.path().join("folder.txt")).unwrap();
    assert_eq!(
        read_file(&dir.path().join("folder.txt")),
        Err(SkipReason::Unsupported)
    );
}

#[test]
fn display_and_kind() {
    let cases = [
        (
            SkipReason::Unsupported,
            "unsupported file type",
            "unsupported",
        ),
        (SkipReason::Binary, "binary file", "binary"),
        (SkipReason::Empty, "empty file", "empty"),
        (
            SkipReason::SymlinkLoop,
            "symbolic link loop",
            "symlink_loop",
        ),
        (
            SkipReason::Malformed("malformed JSON at line 3, column 1: expected value".into()),
            "malformed JSON at line 3, column 1: expected value",
            "malformed",
        ),
        (
            SkipReason::TooLarge {
                size: 600 * 1024 * 1024,
            },
            "too large: 600 MiB (the limit is 512 MiB)",
            "too_large",
        ),
    ];
    for (reason, text, kind) in cases {
        assert_eq!(reason.to_string(), text);
        assert_eq!(reason.kind(), kind);
    }
}

#[cfg(unix)]
#[test]
fn non_utf8_paths_stay_distinct() {
    use std::os::unix::ffi::OsStrExt;
    let path = Path::new(std::ffi::OsStr::from_bytes(b"dir/caf\xe9.txt"));
    assert_eq!(path_string(path), "dir/caf\\xE9.txt");
    assert_eq!(path_string(Path::new("dir/café.txt")), "dir/café.txt");
}

#[test]
fn parse_dispatches_and_fills_path() {
    let parsed = parse(
        Format::Json,
        "{\"title\": \"A\"}\n{\"title\": \"B\"}\n",
        Some("feed.jsonl"),
    )
    .unwrap();
    let paths: Vec<_> = parsed
        .articles
        .iter()
        .map(|a| (a.path.as_deref(), a.position))
        .collect();
    assert_eq!(paths, [(Some("feed.jsonl"), 0), (Some("feed.jsonl"), 1)]);
    assert_ne!(parsed.articles[0].id(), parsed.articles[1].id());
    let html = parse(Format::Html, "<title>T</title><p>Body</p>", None).unwrap();
    assert_eq!(html.articles[0].title, "T");
    assert_eq!(html.articles[0].path, None);
}
