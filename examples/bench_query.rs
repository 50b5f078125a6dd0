//! Warm in-process query latency over a fixed query set, for
//! `bench/compare.sh`: every query runs `--iters` times on one open index
//! (after a warm-up pass), top 10 hits with one snippet each, as
//! `search query` would ask.
//!
//! ```text
//! cargo run --release --example bench_query -- INDEX_DIR bench/queries.tsv [ITERS] [--all-duplicates]
//! ```
//!
//! By default each group of near-duplicates is one hit, as `search query`
//! shows it; `--all-duplicates` ranks without folding groups (exact
//! copies still fold), to measure what folding costs.
//!
//! The query file is tab-separated: `kind`, `text`, then optional
//! `country=NAME`, `org=NAME`, `min_usd=X`, `max_usd=X` filters. Prints one JSON object:
//! `{"queries": [{"kind", "text", "hits", "samples_us": [..]}]}`.

use std::time::Instant;

use newsindex::{NewsIndex, Query};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let all_duplicates = args.iter().any(|a| a == "--all-duplicates");
    args.retain(|a| a != "--all-duplicates");
    let [index_dir, queries_file, rest @ ..] = args.as_slice() else {
        return Err("usage: bench_query INDEX_DIR QUERIES.tsv [ITERS] [--all-duplicates]".into());
    };
    let iters: usize = rest.first().map(|s| s.parse()).transpose()?.unwrap_or(50);
    let index = NewsIndex::open(index_dir)?;
    let mut queries = Vec::new();
    for line in std::fs::read_to_string(queries_file)?.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let kind = cols.next().unwrap_or_default().to_string();
        let text = cols.next().unwrap_or_default().to_string();
        let mut query = Query::new(text.clone())
            .limit(10)
            .all_duplicates(all_duplicates);
        for filter in cols {
            query = match filter.split_once('=') {
                Some(("country", name)) => query.country(name),
                Some(("org", name)) => query.org(name),
                Some(("min_usd", x)) => query.min_amount_usd(x.parse()?),
                Some(("max_usd", x)) => query.max_amount_usd(x.parse()?),
                _ => return Err(format!("unknown filter {filter:?}").into()),
            };
        }
        queries.push((kind, text, query));
    }
    // Warm-up: page cache, lazily loaded structures.
    for (_, _, query) in &queries {
        index.search(query)?;
    }
    let mut out = Vec::new();
    for (kind, text, query) in &queries {
        let mut samples = Vec::with_capacity(iters);
        let mut hits = 0;
        for _ in 0..iters {
            let start = Instant::now();
            let results = index.search(query)?;
            samples.push(start.elapsed().as_secs_f64() * 1e6);
            hits = results.total_hits;
            std::hint::black_box(&results);
        }
        out.push(serde_json::json!({
            "kind": kind, "text": text, "hits": hits, "samples_us": samples,
        }));
    }
    println!("{}", serde_json::json!({ "queries": out }));
    Ok(())
}
