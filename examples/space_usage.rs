//! Where an index's bytes go, per component and field, summed over segments:
//! the measurement behind the docstore and schema choices in
//! `bench/results/latest.md`.
//!
//! ```text
//! cargo run --release --example space_usage -- INDEX_DIR
//! ```

use std::collections::BTreeMap;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: space_usage INDEX_DIR")?;
    let index = tantivy::Index::open_in_dir(&dir)?;
    let usage = index.reader()?.searcher().space_usage()?;
    let mut rows: BTreeMap<String, u64> = BTreeMap::new();
    let mut add = |key: String, bytes: u64| *rows.entry(key).or_default() += bytes;
    for segment in usage.segments() {
        let parts = [
            ("termdict", segment.termdict()),
            ("postings", segment.postings()),
            ("positions", segment.positions()),
            ("fast", segment.fast_fields()),
            ("fieldnorms", segment.fieldnorms()),
        ];
        for (component, per_field) in parts {
            for field in per_field.fields() {
                add(
                    format!("{component}/{}", field.field_name()),
                    field.total().get_bytes(),
                );
            }
        }
        add("store".into(), segment.store().total().get_bytes());
    }
    let total: u64 = rows.values().sum();
    println!("{} segments, {total} bytes", usage.segments().len());
    let mut sorted: Vec<_> = rows.into_iter().filter(|(_, b)| *b > 0).collect();
    sorted.sort_by_key(|(_, b)| std::cmp::Reverse(*b));
    for (key, bytes) in sorted {
        println!(
            "{bytes:>12}  {:5.1} %  {key}",
            bytes as f64 * 100.0 / total as f64
        );
    }
    Ok(())
}
