//! Office documents: PDF (its text layer, page by page) and Word `.docx`,
//! read with crates made for each format (`pdf-extract`, `docx-rs`).

use docx_rs::{DocumentChild, Table, TableCellContent, TableChild, TableRowChild};

use super::{text, tidy, SkipReason};
use crate::article::{Article, PAGE_BREAK};

// The page breaks this reader writes are part of the article's body
// (`crate::article`): hits' snippets read them back.

/// A PDF's text layer as one article: pages joined by [`PAGE_BREAK`],
/// the title its first headline-like line.
pub(crate) fn parse_pdf(bytes: &[u8]) -> Result<Article, SkipReason> {
    // The reader panics on some malformed files: that is one bad file,
    // not a failed run.
    let pages = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes))
        .map_err(|_| SkipReason::Malformed("PDF the reader cannot parse".to_string()))?
        .map_err(|e| SkipReason::Malformed(format!("PDF the reader cannot parse: {e}")))?;
    let pages: Vec<String> = pages.iter().map(|page| tidy(page)).collect();
    if pages.iter().all(String::is_empty) {
        return Err(SkipReason::Malformed(
            "PDF without a text layer (scanned pages need OCR first)".to_string(),
        ));
    }
    let body = pages.join(&format!("\n{PAGE_BREAK}\n"));
    Ok(article(&body))
}

/// A Word document's paragraphs (tables cell by cell) as one article.
pub(crate) fn parse_docx(bytes: &[u8]) -> Result<Article, SkipReason> {
    let docx = docx_rs::read_docx(bytes).map_err(|e| {
        SkipReason::Malformed(format!("Word document the reader cannot parse: {e}"))
    })?;
    let mut paragraphs = Vec::new();
    for child in &docx.document.children {
        match child {
            DocumentChild::Paragraph(p) => paragraphs.push(p.raw_text()),
            DocumentChild::Table(table) => table_text(table, &mut paragraphs),
            _ => {}
        }
    }
    let body = tidy(&paragraphs.join("\n\n"));
    if body.is_empty() {
        return Err(SkipReason::Empty);
    }
    Ok(article(&body))
}

fn table_text(table: &Table, out: &mut Vec<String>) {
    for TableChild::TableRow(row) in &table.rows {
        for TableRowChild::TableCell(cell) in &row.cells {
            for content in &cell.children {
                match content {
                    TableCellContent::Paragraph(p) => out.push(p.raw_text()),
                    TableCellContent::Table(inner) => table_text(inner, out),
                    _ => {}
                }
            }
        }
    }
}

/// An article from a document's text: its first line as the title when
/// it reads as one, else its first sentence; the whole text as the body.
fn article(body: &str) -> Article {
    Article {
        title: text::title_from_text(body),
        body: body.to_string(),
        ..Article::default()
    }
}
