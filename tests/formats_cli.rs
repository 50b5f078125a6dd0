//! PDF, Word and e-mail files, written by the test itself with the same
//! crates the readers use (lopdf through pdf-extract, docx-rs) or by hand
//! (RFC 5322 text): indexed, searched, shown with their page or sender.

use std::fs;
use std::path::Path;

use pdf_extract::content::{Content, Operation};
use pdf_extract::{dictionary, Document, Object, Stream};
use predicates::prelude::*;

use super::Workspace;

/// A PDF with one page per text, in the standard Helvetica font.
fn write_pdf(path: &Path, pages: &[&[&str]]) {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut kids = Vec::new();
    for lines in pages {
        let mut operations = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("TL", vec![16.into()]),
            Operation::new("Td", vec![72.into(), 760.into()]),
        ];
        for line in *lines {
            operations.push(Operation::new("Tj", vec![Object::string_literal(*line)]));
            operations.push(Operation::new("T*", vec![]));
        }
        operations.push(Operation::new("ET", vec![]));
        let content = Content { operations };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    doc.save(path).unwrap();
}

fn write_docx(path: &Path, paragraphs: &[&str]) {
    use docx_rs::{Docx, Paragraph, Run};
    let mut docx = Docx::new();
    for text in paragraphs {
        docx = docx.add_paragraph(Paragraph::new().add_run(Run::new().add_text(*text)));
    }
    let file = fs::File::create(path).unwrap();
    docx.build().pack(file).unwrap();
}

const EML: &str = "From: Anna Petrova <anna@example.org>\r\n\
To: Desk <desk@example.org>\r\n\
Subject: Gazprom leak: the Cyprus payments\r\n\
Date: Tue, 4 Mar 2014 09:30:00 +0000\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"XYZ\"\r\n\
\r\n\
--XYZ\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
The ledger shows Gazprom paid $40 million to a Cyprus shell company.\r\n\
--XYZ\r\n\
Content-Type: text/plain; name=\"ledger-notes.txt\"\r\n\
Content-Disposition: attachment; filename=\"ledger-notes.txt\"\r\n\
\r\n\
Ledger notes\r\n\
\r\n\
Transfers through Limassol banks reached 12 million euros in 2013.\r\n\
--XYZ\r\n\
Content-Type: image/png; name=\"logo.png\"\r\n\
Content-Disposition: attachment; filename=\"logo.png\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
iVBORw0KGgo=\r\n\
--XYZ--\r\n";

const MBOX: &str = "From anna@example.org Tue Mar  4 09:30:00 2014\n\
From: anna@example.org\n\
Subject: Yukos auction\n\
Date: Tue, 4 Mar 2014 09:30:00 +0000\n\
\n\
Rosneft won the Yukos auction.\n\
\n\
From bob@example.org Wed Mar  5 10:00:00 2014\n\
From: Bob <bob@example.org>\n\
Subject: Re: Yukos auction\n\
Date: Wed, 5 Mar 2014 10:00:00 +0000\n\
\n\
>From what I hear, Baikal Finance Group was the only other bidder.\n";

#[test]
fn pdf_hits_say_their_page() {
    let ws = Workspace::new();
    let docs = ws.path("docs");
    fs::create_dir(&docs).unwrap();
    write_pdf(
        &docs.join("report.pdf"),
        &[
            &["Annual report 2013", "Revenue grew in every region."],
            &["Risks", "The Skolkovo project depends on state funding."],
        ],
    );
    let summary = ws.index(&[&docs]);
    assert!(
        summary.contains("indexed 1 article from 1 file"),
        "{summary}"
    );
    ws.search()
        .args(["query", "skolkovo"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1. Annual report 2013"))
        .stdout(predicate::str::contains("p. 2: "))
        .stdout(predicate::str::contains("**Skolkovo**"));
    let results = ws.query_json(&["skolkovo"]);
    assert_eq!(results["hits"][0]["snippet"]["page"], 2);
    let first_page = ws.query_json(&["revenue"]);
    assert_eq!(first_page["hits"][0]["snippet"]["page"], 1);
}

#[test]
fn docx_paragraphs_are_searchable() {
    let ws = Workspace::new();
    let docs = ws.path("docs");
    fs::create_dir(&docs).unwrap();
    write_docx(
        &docs.join("memo.docx"),
        &[
            "Board memo on the Siemens contract",
            "Siemens will supply signalling worth €3bn to Deutsche Bahn.",
        ],
    );
    ws.index(&[&docs]);
    let results = ws.query_json(&["signalling"]);
    let hit = &results["hits"][0];
    assert_eq!(hit["title"], "Board memo on the Siemens contract");
    assert_eq!(hit["amounts"][0]["currency"], "EUR");
    assert!(
        hit["snippet"].get("page").is_none(),
        "no pages in a Word file"
    );
}

#[test]
fn email_and_its_attachment_are_articles() {
    let ws = Workspace::new();
    let mail = ws.path("mail");
    fs::create_dir(&mail).unwrap();
    fs::write(mail.join("leak.eml"), EML).unwrap();
    let summary = ws.index(&[&mail]);
    assert!(
        summary.contains("indexed 2 articles from 1 file"),
        "{summary}"
    );
    let results = ws.query_json(&["cyprus"]);
    let hit = &results["hits"][0];
    assert_eq!(hit["title"], "Gazprom leak: the Cyprus payments");
    assert_eq!(hit["date"], "2014-03-04T09:30:00Z");
    assert_eq!(hit["source"], "Anna Petrova <anna@example.org>");
    assert_eq!(hit["amounts"][0]["value"], 40e6);
    // The sender is searchable; the attachment is an article of its own.
    assert_eq!(ws.query_json(&["petrova"])["total_hits"], 1);
    let attachment = ws.query_json(&["limassol"]);
    let hit = &attachment["hits"][0];
    assert_eq!(hit["title"], "Ledger notes");
    assert_eq!(hit["position"], 1);
    assert!(hit["source"]
        .as_str()
        .unwrap()
        .starts_with("attachment ledger-notes.txt of"));
}

#[test]
fn mbox_messages_are_articles() {
    let ws = Workspace::new();
    let mail = ws.path("mail");
    fs::create_dir(&mail).unwrap();
    fs::write(mail.join("inbox.mbox"), MBOX).unwrap();
    let summary = ws.index(&[&mail]);
    assert!(
        summary.contains("indexed 2 articles from 1 file"),
        "{summary}"
    );
    let results = ws.query_json(&["yukos", "--sort", "date"]);
    let titles: Vec<&str> = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Re: Yukos auction", "Yukos auction"]);
    assert_eq!(ws.query_json(&["baikal"])["total_hits"], 1);
}

#[test]
fn unreadable_documents_are_reported_and_skipped() {
    let ws = Workspace::new();
    let docs = ws.path("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("broken.pdf"), b"%PDF-1.5\nnot really a pdf").unwrap();
    fs::write(docs.join("broken.docx"), b"PK\x03\x04 truncated zip").unwrap();
    fs::write(docs.join("note.txt"), "Cisco note\n\nCisco will invest.").unwrap();
    ws.search()
        .arg("index")
        .arg(&docs)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "indexed 1 article from 3 files (1 new, 0 updated, 0 unchanged, 0 removed)",
        ))
        .stdout(predicate::str::contains("skipped 2 malformed files"))
        .stderr(
            predicate::str::contains("broken.pdf")
                .and(predicate::str::contains("PDF the reader cannot parse")),
        )
        .stderr(
            predicate::str::contains("broken.docx").and(predicate::str::contains(
                "Word document the reader cannot parse",
            )),
        );
}
