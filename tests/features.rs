//! The cargo features as a library user meets them: with `formats` off
//! (`default-features = false`), PDF, Word and e-mail files are skipped
//! with a message naming the feature, while text, HTML, JSON Lines, CSV
//! and SGML are read as always; with it on, they are read. Run by
//! `.ci/run` once per feature set.

use std::fs;

use newsindex::ingest::{FileReader, ReadOptions, SkipReason};
use newsindex::{NewsIndex, Query};

const EMAIL: &str = "From: desk@example.com\r\nTo: news@example.com\r\nSubject: Zinc smelter reopens\r\nDate: Tue, 1 Mar 2022 09:00:00 +0000\r\n\r\nThe zinc smelter in Peru reopened on Monday.\r\n";

#[test]
fn each_format_is_read_or_skipped_naming_the_feature() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    let write = |name: &str, content: &[u8]| fs::write(corpus.join(name), content).unwrap();
    write("wire.txt", b"Zinc prices\n\nZinc rose in Lima on Monday.");
    write(
        "page.html",
        b"<html><title>Zinc page</title><body><p>Zinc fell in Chile.</p></body></html>",
    );
    write(
        "feed.jsonl",
        b"{\"title\": \"Zinc feed\", \"body\": \"Zinc held in Peru.\"}\n",
    );
    write(
        "sheet.csv",
        b"title,body\nZinc sheet,Zinc eased in Bolivia.\n",
    );
    write(
        "reut.sgm",
        b"<REUTERS NEWID=\"1\"><TEXT><TITLE>ZINC SGML</TITLE><BODY>Zinc rallied in Canada.</BODY></TEXT></REUTERS>\n",
    );
    write("note.eml", EMAIL.as_bytes());
    let message = EMAIL
        .replace("Zinc smelter reopens", "Zinc mine strike")
        .replace(
            "The zinc smelter in Peru reopened",
            "Zinc miners in Peru struck",
        );
    write(
        "list.mbox",
        format!("From desk@example.com Tue Mar  1 09:00:00 2022\n{message}").as_bytes(),
    );

    let index = NewsIndex::open_or_create(dir.path().join("index")).unwrap();
    let report = index.index_paths(&[&corpus], |_| {}).unwrap();
    let results = index.search(&Query::new("zinc").limit(20)).unwrap();
    let mut titles: Vec<&str> = results.hits.iter().map(|hit| hit.title.as_str()).collect();
    titles.sort_unstable();
    let skipped: Vec<String> = report
        .problems
        .iter()
        .filter(|p| p.skipped)
        .map(|p| {
            format!(
                "{}: {}",
                p.path.file_name().unwrap().to_string_lossy(),
                p.problem
            )
        })
        .collect();

    let mut expected = vec![
        "ZINC SGML",
        "Zinc feed",
        "Zinc page",
        "Zinc prices",
        "Zinc sheet",
    ];
    if cfg!(feature = "formats") {
        expected.extend(["Zinc mine strike", "Zinc smelter reopens"]);
        expected.sort_unstable();
        assert_eq!(skipped, Vec::<String>::new());
    } else {
        let why = "e-mail files are read by the `formats` cargo feature, which this build of \
                   newsindex leaves out (enable it: features = [\"formats\"])";
        assert_eq!(
            skipped,
            [format!("list.mbox: {why}"), format!("note.eml: {why}")]
        );
    }
    assert_eq!(titles, expected);
}

#[test]
fn a_reader_refuses_a_format_this_build_lacks_before_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("scan.pdf");
    fs::write(&pdf, b"%PDF-1.4 not really").unwrap();
    let opened = FileReader::open(&pdf, &ReadOptions::new());
    if cfg!(feature = "formats") {
        // Read, and refused for what it is: a malformed PDF.
        assert!(
            !matches!(opened, Err(SkipReason::FeatureOff { .. })),
            "{:?}",
            opened.err()
        );
    } else {
        let Err(skip) = opened else {
            panic!("a PDF opened without the formats feature")
        };
        assert_eq!(
            skip,
            SkipReason::FeatureOff {
                format: "PDF",
                feature: "formats"
            }
        );
        assert_eq!(skip.kind(), "feature_off");
        assert!(skip.is_listed());
    }
}
