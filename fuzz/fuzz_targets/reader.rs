//! Shared by the reader targets: parse raw bytes as a file of `format`
//! and check what every successful parse promises.

use newsindex::ingest::{parse_bytes, Format, SkipReason};

pub fn check(format: Format, data: &[u8]) {
    match parse_bytes(format, data, Some("fuzz")) {
        Ok(parsed) => {
            assert!(!parsed.articles.is_empty(), "Ok without articles");
            let mut last = None;
            for article in &parsed.articles {
                assert!(
                    !(article.title.is_empty() && article.body.is_empty()),
                    "an article with neither title nor body"
                );
                assert!(
                    !article.title.contains('\n') && article.title.trim() == article.title,
                    "title not one trimmed line: {:?}",
                    article.title
                );
                assert!(
                    last.is_none_or(|last| article.position > last),
                    "positions not increasing"
                );
                last = Some(article.position);
                assert_eq!(article.path.as_deref(), Some("fuzz"));
            }
        }
        Err(SkipReason::Empty | SkipReason::Malformed(_) | SkipReason::Binary) => {}
        Err(other) => panic!("an I/O-level reason from bytes: {other:?}"),
    }
}
