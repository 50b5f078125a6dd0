//! Ingest + extract throughput: bytes of input parsed into articles and
//! their facets extracted, per second (what each reader thread does while
//! indexing). `cargo bench --bench ingest`.

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsindex::ingest::{self, Format};
use std::hint::black_box;

fn ingest_extract(c: &mut Criterion) {
    let (origin, inputs) = common::inputs();
    let mut group = c.benchmark_group(format!("ingest_extract/{origin}"));
    group.sample_size(10);
    for (label, wanted) in [("sgml", Some(Format::Sgml)), ("all", None)] {
        let chosen: Vec<&common::Input> = inputs
            .iter()
            .filter(|i| wanted.is_none_or(|f| i.format == f))
            .collect();
        if chosen.is_empty() {
            continue;
        }
        let bytes: usize = chosen.iter().map(|i| i.bytes.len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(label, |b| {
            b.iter(|| {
                let mut n = 0;
                for input in &chosen {
                    let Ok(parsed) =
                        ingest::parse_bytes(input.format, &input.bytes, Some(&input.name))
                    else {
                        continue;
                    };
                    for article in &parsed.articles {
                        n += black_box(newsindex::extract(&article.title, &article.body))
                            .countries
                            .len();
                    }
                }
                n
            })
        });
    }
    // Extraction alone, on text already parsed.
    let articles: Vec<_> = inputs
        .iter()
        .filter_map(|i| ingest::parse_bytes(i.format, &i.bytes, Some(&i.name)).ok())
        .flat_map(|p| p.articles)
        .collect();
    let text: usize = articles.iter().map(|a| a.title.len() + a.body.len()).sum();
    group.throughput(Throughput::Bytes(text as u64));
    group.bench_function("extract_only", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| {
                    black_box(newsindex::extract(&a.title, &a.body))
                        .amounts
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

/// The streaming readers alone: the inputs' articles written as one JSON
/// Lines file in a temporary folder, then read piece by piece
/// (`FileReader`) and parsed (`parse_chunk`), as the reader thread and the
/// workers of an indexing run do, without extraction.
fn stream_jsonl(c: &mut Criterion) {
    let (origin, inputs) = common::inputs();
    let mut lines = String::new();
    for input in &inputs {
        let Ok(parsed) = ingest::parse_bytes(input.format, &input.bytes, Some(&input.name)) else {
            continue;
        };
        for a in parsed.articles {
            lines.push_str(&serde_json::json!({"title": a.title, "body": a.body}).to_string());
            lines.push('\n');
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("all.jsonl");
    std::fs::write(&path, &lines).expect("written");
    let mut group = c.benchmark_group(format!("stream/{origin}"));
    group.sample_size(10);
    group.throughput(Throughput::Bytes(lines.len() as u64));
    group.bench_function("jsonl", |b| {
        b.iter(|| {
            let mut reader =
                ingest::FileReader::open(&path, &ingest::ReadOptions::new()).expect("opens");
            let mut n = 0;
            while let Ok(ingest::Step::Chunk(chunk)) = reader.next_step() {
                n += black_box(ingest::parse_chunk(&chunk, None)).articles.len();
            }
            n
        })
    });
    group.finish();
}

/// Loading the entity tagger's committed weights (parse and
/// dequantise), plus tagging one short sentence: what the first article
/// of a run pays once. Target: at most 20 ms.
fn org_tagger_load(c: &mut Criterion) {
    static WEIGHTS: &[u8] = include_bytes!("../src/extract/data/entity_tagger.bin");
    c.bench_function("org_tagger_load", |b| {
        b.iter(|| newsindex::extract::tag_text(black_box("Shares of Acme rose."), WEIGHTS).len())
    });
}

criterion_group!(benches, ingest_extract, stream_jsonl, org_tagger_load);
criterion_main!(benches);
