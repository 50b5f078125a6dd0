//! Query + snippets latency on an in-memory index: top 10 hits with a
//! snippet each, for each kind of query `bench/queries.tsv` has.
//! `cargo bench --bench query`.

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use newsindex::{ingest, NewsIndex, Query};
use std::hint::black_box;

fn build() -> NewsIndex {
    let (_, inputs) = common::inputs();
    let index = NewsIndex::in_memory().expect("in-memory index");
    let mut indexer = index.indexer().expect("writer");
    for input in &inputs {
        if let Ok(parsed) = ingest::parse_bytes(input.format, &input.bytes, Some(&input.name)) {
            for article in parsed.articles {
                indexer.add_article(article).expect("add");
            }
        }
    }
    indexer.commit().expect("commit");
    index
}

fn queries(c: &mut Criterion) {
    let index = build();
    let cases = [
        ("rare", Query::new("zambia skolkovo")),
        ("common", Query::new("said")),
        ("and", Query::new("oil AND prices")),
        ("or", Query::new("gold OR silver")),
        ("phrase", Query::new("\"interest rates\"")),
        ("facet", Query::new("trade").country("Japan")),
        ("amount", Query::new("oil").min_amount_usd(1e6)),
        ("facet_counts", Query::new("bank").with_facets(10)),
    ];
    let mut group = c.benchmark_group(format!("query_snippets/{}_articles", index.num_articles()));
    for (label, query) in cases {
        let query = query.limit(10);
        group.bench_function(label, |b| {
            b.iter(|| black_box(index.search(&query).expect("search")))
        });
    }
    group.finish();
}

criterion_group!(benches, queries);
criterion_main!(benches);
