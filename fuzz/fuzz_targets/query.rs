//! Any query text against a small in-memory index: results or
//! `Error::InvalidQuery`, never a panic, a hang or a stack overflow.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsindex::{Article, Error, NewsIndex, Query};

fn index() -> &'static NewsIndex {
    static INDEX: OnceLock<NewsIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = NewsIndex::in_memory().expect("in-memory index");
        let mut indexer = index.indexer().expect("indexer");
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
            indexer.add_article(Article::new(title, body)).expect("add");
        }
        indexer.commit().expect("commit");
        index
    })
}

fuzz_target!(|input: (bool, &str)| {
    let (fuzzy, text) = input;
    match index().search(&Query::new(text).fuzzy(fuzzy).with_facets(3)) {
        Ok(results) => {
            assert!(results.hits.len() <= results.total_hits);
            for hit in &results.hits {
                for &[start, end] in &hit.snippet.highlights {
                    assert!(start < end && end <= hit.snippet.text.len());
                    assert!(hit.snippet.text.is_char_boundary(start));
                    assert!(hit.snippet.text.is_char_boundary(end));
                }
            }
        }
        Err(Error::InvalidQuery { reason, .. }) => assert!(!reason.contains('\n'), "{reason}"),
        Err(other) => panic!("{text:?}: {other}"),
    }
});
