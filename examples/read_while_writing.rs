//! Search from one thread while another writes and commits: a handle is
//! `Send + Sync`, every search sees one committed generation, and a
//! second, read-only handle (as another process would open) sees new
//! commits once it reloads.
//!
//! `cargo run --example read_while_writing [INDEX]`: a temporary folder
//! by default. `tests/library_examples.rs` runs [`run`].

use std::path::{Path, PathBuf};

use newsindex::{Article, NewsIndex, Query};

/// Write `batches` commits of ten articles on one thread while another
/// searches; return what the reader saw after each search (never a
/// partial batch) and what a read-only handle sees at the end.
pub fn run(index_dir: &Path, batches: u64) -> newsindex::Result<(Vec<u64>, u64)> {
    let index = NewsIndex::open_or_create(index_dir)?;
    let reader = NewsIndex::open_read_only(index_dir)?;
    let seen = std::thread::scope(|scope| {
        let writer = scope.spawn(|| -> newsindex::Result<()> {
            let mut indexer = index.indexer()?;
            for batch in 0..batches {
                for n in 0..10 {
                    let title = format!("Port report {batch}-{n}");
                    let body = format!("Grain shipments through the port rose in week {n}.");
                    indexer
                        .add_article(Article::new(title, body).with_key(format!("{batch}/{n}")))?;
                }
                indexer.commit_and_continue()?;
            }
            indexer.commit()?;
            Ok(())
        });
        // Reads share the handle; each sees the last commit made through it.
        let mut seen = Vec::new();
        loop {
            let finished = writer.is_finished();
            seen.push(index.search(&Query::new("grain port"))?.total_hits as u64);
            if finished {
                break;
            }
            std::thread::yield_now();
        }
        writer.join().expect("the writer thread does not panic")?;
        Ok::<_, newsindex::Error>(seen)
    })?;
    // The read-only handle sees the writes once it reloads.
    reader.reload()?;
    Ok((seen, reader.num_articles()))
}

fn main() -> newsindex::Result<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("newsindex-read-while-writing"));
    let _ = std::fs::remove_dir_all(&dir);
    let (seen, read_only) = run(&dir, 5)?;
    println!("the reader saw {seen:?} articles; a read-only handle sees {read_only}");
    Ok(())
}
