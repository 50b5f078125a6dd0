//! Embedding newsindex in another tool: build an index, add articles from
//! files and from memory, search with filters, read typed hits.
//!
//! Run with `cargo run --example embed [FILES_OR_FOLDERS...]`, from any
//! folder; without arguments it indexes this crate's `corpus/`.

use std::path::PathBuf;

use newsindex::{Article, NewsIndex, Query};

fn main() -> newsindex::Result<()> {
    let mut paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        paths.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus"));
    }
    let dir = std::env::temp_dir().join("newsindex-embed-example");
    let _ = std::fs::remove_dir_all(&dir);
    let index = NewsIndex::open_or_create(&dir)?;

    // Files and folders: read, facets extracted, committed once.
    let report = index.index_paths(&paths, |_progress| {})?;
    println!("indexed {} articles", report.articles_indexed);

    // Articles built in memory.
    let mut indexer = index.indexer()?;
    indexer.add_article(Article::new(
        "Cisco expands in Moscow",
        "Cisco Systems Inc said it would invest $50 million in a Moscow research centre.",
    ))?;
    indexer.commit()?;

    let results = index.search(
        &Query::new("Cisco")
            .country("Russia")
            .min_amount_usd(10e6)
            .with_facets(5),
    )?;
    for hit in &results.hits {
        println!("{:.2} {} {:?}", hit.score, hit.title, hit.organisations);
        println!("   {}", hit.snippet.text.replace('\n', " "));
    }
    println!("{} matching articles", results.total_hits);
    Ok(())
}
