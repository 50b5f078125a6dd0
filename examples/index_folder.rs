//! Index a folder with a progress callback, then search it: the first
//! task of a tool embedding newsindex.
//!
//! `cargo run --example index_folder [FOLDER] [INDEX]`: without arguments
//! it indexes this crate's `corpus/` into a temporary folder. Running it
//! again on the same index reads only the files that changed.
//! `tests/library_examples.rs` runs [`run`] on a folder of its own.

use std::path::{Path, PathBuf};

use newsindex::{IndexReport, NewsIndex, Progress, Query};

/// Index `folder` into the index at `index_dir` (created when missing),
/// printing progress, and return the run's report and the number of
/// articles a search for `word` finds.
pub fn run(folder: &Path, index_dir: &Path, word: &str) -> newsindex::Result<(IndexReport, u64)> {
    let index = NewsIndex::open_or_create(index_dir)?;
    let report = index.index_paths(&[folder], |progress| match progress {
        Progress::Walked { files } => println!("{files} files to read"),
        Progress::File {
            path,
            done,
            articles,
        } => println!("{done:>4} {} ({articles} articles so far)", path.display()),
        // `Progress::Bytes` comes often, for a progress bar with a rate;
        // the enum may grow.
        _ => {}
    })?;
    for problem in &report.problems {
        eprintln!("skipped {}: {}", problem.path.display(), problem.problem);
    }
    let hits = index.search(&Query::new(word))?.total_hits as u64;
    Ok((report, hits))
}

fn main() -> newsindex::Result<()> {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let folder = args
        .next()
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus"));
    let index_dir = args
        .next()
        .unwrap_or_else(|| std::env::temp_dir().join("newsindex-index-folder-example"));
    let (report, hits) = run(&folder, &index_dir, "oil")?;
    println!(
        "{} articles from {} new and {} changed files ({} unchanged); {hits} mention oil",
        report.articles_indexed, report.files_new, report.files_updated, report.files_unchanged
    );
    Ok(())
}
