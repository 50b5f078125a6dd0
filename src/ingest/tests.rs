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
    assert_eq!(
        relative(root, &walk.files),
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
    let path = write(dir.path(), "data.xls", b"a,b");
    let walk = walk(std::slice::from_ref(&path)).unwrap();
    assert!(walk.files.is_empty());
    assert!(
        matches!(&walk.problems[..], [(p, SkipReason::UnsupportedGiven(why))]
            if *p == path && why.starts_with("unsupported file type .xls (supported: .txt,")),
        "{:?}",
        walk.problems
    );
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
fn binary_windows_1252_and_empty_files() {
    let dir = tempfile::tempdir().unwrap();
    let binary = write(dir.path(), "bin.txt", b"PK\x03\x04\x00\x00 zip bytes");
    assert_eq!(read_file(&binary), Err(SkipReason::Binary));

    let mut latin1 = b"Headline\n\nPrice: ".to_vec();
    latin1.push(0xA3); // '£' in Latin-1 and Windows-1252
    latin1.extend_from_slice(b"600m \x93quoted\x94");
    let path = write(dir.path(), "latin1.txt", &latin1);
    let parsed = read_file(&path).unwrap();
    assert_eq!(parsed.articles[0].title, "Headline");
    assert_eq!(
        parsed.articles[0].body,
        "Price: £600m \u{201c}quoted\u{201d}"
    );
    assert_eq!(
        parsed.warnings,
        ["decoded as Windows-1252: not valid UTF-8 at byte 17"]
    );
    // The same bytes in the other formats.
    let json = parse_bytes(Format::Json, b"{\"title\": \"\xA3600m\"}", None).unwrap();
    assert_eq!(json.articles[0].title, "£600m");
    assert_eq!(json.warnings.len(), 1);
    let html = parse_bytes(Format::Html, b"<p>Caf\xE9 \xA3600m</p>", None).unwrap();
    assert_eq!(html.articles[0].body, "Café £600m");
    assert_eq!(
        html.warnings,
        ["decoded as Windows-1252: not valid UTF-8 at byte 6"]
    );
    // Valid UTF-8 has no warning.
    let utf8 = parse_bytes(Format::Text, "Price £600m".as_bytes(), None).unwrap();
    assert!(utf8.warnings.is_empty());

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
        read_file(&dir.path().join("a.xls")),
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
                limit: MAX_FILE_SIZE,
            },
            "too large: 600 MiB (the limit for a file read whole is 64 MiB; raise it with --max-file-size)",
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

#[test]
fn control_characters_make_a_file_binary() {
    // No NUL, but mostly control bytes: binary.
    let noise: Vec<u8> = (0..200u8)
        .map(|i| [0x01, 0x02, b'a', 0x1b][usize::from(i % 4)])
        .collect();
    assert_eq!(
        parse_bytes(Format::Text, &noise, None),
        Err(SkipReason::Binary)
    );
    // A few stray control characters in text are fine (Reuters has some).
    let mut text = b"Headline\n\n".to_vec();
    text.extend_from_slice(&b"Words and more words. ".repeat(10));
    text.extend_from_slice(b"\x02\x03\x1f");
    assert!(parse_bytes(Format::Text, &text, None).is_ok());
    // Tabs, form feeds, carriage returns are whitespace, not control.
    assert!(parse_bytes(Format::Text, b"Title\r\n\x0c\t\x0bBody.", None).is_ok());
}

#[test]
fn utf16_with_a_byte_order_mark_is_text() {
    let mut le = vec![0xFF, 0xFE];
    le.extend(
        "Caf\u{e9} \u{a3}1m\n\nBody."
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let parsed = parse_bytes(Format::Text, &le, None).unwrap();
    assert_eq!(parsed.articles[0].title, "Café £1m");
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);

    let mut be = vec![0xFE, 0xFF];
    be.extend("Title\n\nBody.".encode_utf16().flat_map(u16::to_be_bytes));
    assert_eq!(
        parse_bytes(Format::Text, &be, None).unwrap().articles[0].title,
        "Title"
    );

    // An odd trailing byte is malformed: replaced, with a warning.
    le.push(b'x');
    let parsed = parse_bytes(Format::Text, &le, None).unwrap();
    assert_eq!(
        parsed.warnings,
        ["malformed UTF-16LE sequences replaced with U+FFFD"]
    );
    // UTF-16 binary noise is still binary.
    let mut noise = vec![0xFF, 0xFE];
    noise.extend([1u8, 0].repeat(100));
    assert_eq!(
        parse_bytes(Format::Text, &noise, None),
        Err(SkipReason::Binary)
    );
}

#[test]
fn html_declared_charset_is_used() {
    let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-7\"></head><body><p>\xc1\xe8\xde\xed\xe1</p></body></html>";
    let parsed = parse_bytes(Format::Html, page, None).unwrap();
    assert_eq!(parsed.articles[0].body, "Αθήνα");
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);

    let page = b"<meta charset='koi8-r'><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>";
    assert_eq!(
        parse_bytes(Format::Html, page, None).unwrap().articles[0].body,
        "Привет"
    );
    // A page declaring UTF-8 that is not: Windows-1252, with a warning.
    let page = b"<meta charset=\"utf-8\"><p>\xa3600m</p>";
    let parsed = parse_bytes(Format::Html, page, None).unwrap();
    assert_eq!(parsed.articles[0].body, "£600m");
    assert_eq!(parsed.warnings.len(), 1);
    // Valid UTF-8 wins over a declaration (mis-declared pages are common).
    let page = "<meta charset=\"iso-8859-1\"><p>Café</p>".as_bytes();
    assert_eq!(
        parse_bytes(Format::Html, page, None).unwrap().articles[0].body,
        "Café"
    );
}

#[test]
fn sgml_non_utf8_is_windows_1252_with_a_warning() {
    // reut2-017.sgm has one 0xFC byte ("ü").
    let parsed = parse_bytes(
        Format::Sgml,
        b"<REUTERS NEWID=\"1\"><TEXT><TITLE>M\xfcNCHEN \x80</TITLE></TEXT></REUTERS>",
        None,
    )
    .unwrap();
    assert_eq!(parsed.articles[0].title, "MüNCHEN €");
    assert_eq!(
        parsed.warnings,
        ["decoded as Windows-1252: not valid UTF-8 at byte 33"]
    );
}

#[test]
fn files_over_the_cap_are_refused_from_their_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    // Sparse: nothing is written, and nothing must be read.
    let file = fs::File::create(&path).unwrap();
    file.set_len(MAX_FILE_SIZE + 1).unwrap();
    assert_eq!(
        read_file(&path),
        Err(SkipReason::TooLarge {
            size: MAX_FILE_SIZE + 1,
            limit: MAX_FILE_SIZE,
        })
    );
    assert_eq!(
        read_bytes(&path).unwrap_err().to_string(),
        "too large: 64 MiB (the limit for a file read whole is 64 MiB; raise it with --max-file-size)"
    );
    file.set_len(MAX_FILE_SIZE).unwrap();
    // At the cap exactly it is read (and, being all NUL, binary).
    assert_eq!(read_file(&path), Err(SkipReason::Binary));
}

#[test]
fn a_file_gone_since_the_walk_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "soon-gone.txt", b"Title\n\nBody.");
    let walk = walk(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(walk.files, std::slice::from_ref(&path));
    fs::remove_file(&path).unwrap();
    assert_eq!(
        read_file(&walk.files[0]),
        Err(SkipReason::Unreadable("not found".into()))
    );
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "secret.txt", b"Title\n\nBody.");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_ok() {
        // Root (or a file system ignoring modes) reads it anyway: nothing to test.
        eprintln!("skipped: permissions are not enforced for this user");
        return;
    }
    assert_eq!(
        read_file(&path),
        Err(SkipReason::Unreadable("permission denied".into()))
    );
}

#[test]
fn unsupported_paths_given_directly_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = write(dir.path(), "notes.ODT", b"PK");
    let bare = write(dir.path(), "README", b"text");
    let inside = write(dir.path(), "sub/inside.xls", b"a,b");
    let walk = walk(&[pdf.clone(), bare.clone(), dir.path().join("sub")]).unwrap();
    assert!(walk.files.is_empty());
    assert_eq!(
        walk.problems,
        [
            (
                pdf,
                SkipReason::UnsupportedGiven(
                    "unsupported file type .ODT (supported: .txt, .md, .html, .htm, .json, .jsonl, .ndjson, .sgm, .sgml, .pdf, .docx, .eml, .mbox, .csv, .tsv)".into()
                )
            ),
            (
                bare,
                SkipReason::UnsupportedGiven(
                    "unsupported file type, no extension (supported: .txt, .md, .html, .htm, .json, .jsonl, .ndjson, .sgm, .sgml, .pdf, .docx, .eml, .mbox, .csv, .tsv)".into()
                )
            ),
            (inside, SkipReason::Unsupported),
        ]
    );
    assert_eq!(walk.problems[0].1.kind(), "unsupported");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo unavailable");
        return;
    }
    // Opening a FIFO with no writer blocks: these return at once.
    assert_eq!(read_file(&fifo), Err(SkipReason::Unsupported));
    let walk = walk(std::slice::from_ref(&fifo)).unwrap();
    assert_eq!(
        walk.problems,
        [(
            fifo,
            SkipReason::UnsupportedGiven("not a regular file".into())
        )]
    );
}

fn relative(root: &Path, files: &[PathBuf]) -> Vec<String> {
    files
        .iter()
        .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn ignore_files_are_honoured_outside_git() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "keep.txt", b"kept");
    write(root, "drafts/wip.txt", b"draft");
    write(root, "feeds/a.json", b"{}");
    write(root, "feeds/b.txt", b"b");
    write(root, "old.html", b"<p>old</p>");
    write(root, ".gitignore", b"drafts/\n");
    write(root, "feeds/.ignore", b"*.json\n");
    write(root, ".git/info/exclude", b"old.html\n");

    let walk = walk(&[root.to_path_buf()]).unwrap();
    assert_eq!(relative(root, &walk.files), ["feeds/b.txt", "keep.txt"]);
    assert!(walk.problems.is_empty(), "{:?}", walk.problems);
}

#[test]
fn exclude_globs_and_hidden_entries() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "2019/a.txt", b"a");
    write(root, "2020/b.txt", b"b");
    write(root, "2020/c.json", b"{}");
    write(root, ".archive/d.txt", b"d");
    write(root, ".e.txt", b"e");

    let options = WalkOptions::new().exclude("2019/").exclude("*.json");
    let walk = walk_with(&[root.to_path_buf()], &options).unwrap();
    assert_eq!(relative(root, &walk.files), ["2020/b.txt"]);

    let options = WalkOptions::new().hidden(true).exclude("*.json");
    let walk = walk_with(&[root.to_path_buf()], &options).unwrap();
    assert_eq!(
        relative(root, &walk.files),
        [".archive/d.txt", ".e.txt", "2019/a.txt", "2020/b.txt"]
    );

    let err = walk_with(&[root.to_path_buf()], &WalkOptions::new().exclude("a[")).unwrap_err();
    assert!(
        matches!(&err, Error::InvalidFilter { value, .. } if value == "a["),
        "{err}"
    );
}

#[test]
fn documentation_files_are_counted_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "README.md", b"# About this corpus");
    write(root, "business/readme.TXT", b"notes");
    write(root, "LICENSE.txt", b"MIT");
    write(root, "COPYING", b"GPL");
    write(root, "business/901.txt", b"Article");
    write(root, "notices.txt", b"Not documentation: another stem");
    let given = write(root, "other/CHANGELOG.md", b"given directly");

    let walk = walk(&[root.join("business"), root.to_path_buf(), given.clone()]).unwrap();
    assert_eq!(
        relative(root, &walk.files),
        ["business/901.txt", "notices.txt", "other/CHANGELOG.md"]
    );
    let docs: Vec<_> = walk
        .problems
        .iter()
        .filter(|(_, r)| *r == SkipReason::Documentation)
        .map(|(p, _)| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(docs, ["business/readme.TXT", "LICENSE.txt", "README.md"]);
    // COPYING has no extension: unsupported before it is documentation.
    assert!(walk
        .problems
        .contains(&(root.join("COPYING"), SkipReason::Unsupported)));
    assert!(!SkipReason::Documentation.is_listed());

    let walk = walk_with(
        &[root.to_path_buf()],
        &WalkOptions::new().include_docs(true),
    )
    .unwrap();
    assert_eq!(walk.files.len(), 6, "{:?}", walk.files);
}

#[test]
fn word_lists_and_tables_are_not_articles() {
    // A hard-wrapped wire story: every line a piece of a sentence.
    let wire = "COFFEE PRICES FALL\n\n".to_string()
        + &"Coffee prices fell sharply on the London market today after producers said\n\
            they would keep exports at last year's level, dealers said in a note.\n"
            .repeat(15);
    assert!(!is_word_list(&wire));
    // Codes one a line, and a table of short cells.
    let codes = ["amex", "ase", "asx", "biffex", "bse", "cboe", "cbt"].repeat(4);
    assert!(is_word_list(&codes.join("\n")));
    let table: String = (1..=30).map(|n| format!("Item {n} (CODE-{n})\n")).collect();
    assert!(is_word_list(&format!("Some notes on the codes\n\n{table}")));
    // Too short to tell: an article of a few lines stays an article.
    assert!(!is_word_list("Rates held\n\nNo change.\n"));
    // An article that ends in a list of results stays an article.
    let results: String = (1..=16)
        .map(|n| format!("{n} Player {n} (Chile)\n\n"))
        .collect();
    let article = format!(
        "Draw made\n\n{}\n\n{results}",
        "The draw for the open was made on Friday and the top seed will face a qualifier. "
            .repeat(4)
    );
    assert!(!is_word_list(&article));

    // The walk counts them, unless documentation is included.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "codes.lc.txt", codes.join("\n").as_bytes());
    write(root, "901.txt", wire.as_bytes());
    let walk = walk(&[root.to_path_buf()]).unwrap();
    assert_eq!(relative(root, &walk.files), ["901.txt"]);
    assert_eq!(
        walk.problems,
        [(root.join("codes.lc.txt"), SkipReason::WordList)]
    );
    assert!(!SkipReason::WordList.is_listed());
    let all = walk_with(
        &[root.to_path_buf()],
        &WalkOptions::new().include_docs(true),
    )
    .unwrap();
    assert_eq!(all.files.len(), 2);
}
