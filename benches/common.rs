//! Inputs shared by the benchmarks: the real corpora beside the repository
//! when present (`../shared/corpora`, or `$NEWSINDEX_CORPORA`), else the
//! seed article and the test fixtures, replicated to a few hundred KB so a
//! fresh clone can still run `cargo bench`.

use std::path::{Path, PathBuf};

use newsindex::ingest::{self, Format};

/// One input file: its format, name and bytes.
pub struct Input {
    pub format: Format,
    pub name: String,
    pub bytes: Vec<u8>,
}

fn corpora_root() -> PathBuf {
    std::env::var_os("NEWSINDEX_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"))
}

fn read(path: &Path) -> Option<Input> {
    let (format, bytes) = ingest::read_bytes(path).ok()?;
    Some(Input {
        format,
        name: path.file_name()?.to_string_lossy().into_owned(),
        bytes,
    })
}

/// Reuters SGML (two files, about 2.6 MB) and 200 BBC articles (numbered
/// from 321: the lower numbers are kept for evaluation) when the corpora
/// are there; `None` otherwise.
pub fn corpus_inputs() -> Option<Vec<Input>> {
    let root = corpora_root();
    let mut inputs: Vec<Input> = ["reut2-000.sgm", "reut2-001.sgm"]
        .iter()
        .filter_map(|f| read(&root.join("reuters21578").join(f)))
        .collect();
    if inputs.is_empty() {
        return None;
    }
    let bbc = root.join("bbc");
    for category in ["business", "politics", "tech", "sport"] {
        for n in 321..=370 {
            if let Some(input) = read(&bbc.join(category).join(format!("{n:03}.txt"))) {
                inputs.push(input);
            }
        }
    }
    Some(inputs)
}

/// The seed article and every test fixture, each replicated `copies` times.
pub fn fixture_inputs(copies: usize) -> Vec<Input> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![manifest.join("../shared/seed/skolkovo-cisco.txt")];
    for dir in ["tests/fixtures/mixed", "tests/fixtures/query"] {
        if let Ok(entries) = std::fs::read_dir(manifest.join(dir)) {
            let mut paths: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
            paths.sort();
            files.extend(paths);
        }
    }
    let once: Vec<Input> = files.iter().filter_map(|p| read(p)).collect();
    let mut inputs = Vec::new();
    for copy in 0..copies {
        for input in &once {
            inputs.push(Input {
                format: input.format,
                name: format!("{copy}-{}", input.name),
                bytes: input.bytes.clone(),
            });
        }
    }
    inputs
}

/// The corpora when present, else the fixtures (and which it is).
pub fn inputs() -> (&'static str, Vec<Input>) {
    match corpus_inputs() {
        Some(inputs) => ("corpora", inputs),
        None => {
            eprintln!("../shared/corpora not found: benchmarking on the replicated fixtures");
            ("fixtures", fixture_inputs(40))
        }
    }
}
