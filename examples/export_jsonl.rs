//! Export corpora once as JSON Lines, so every engine in `bench/compare.sh`
//! indexes exactly the same article text.
//!
//! ```text
//! cargo run --release --example export_jsonl -- OUT_DIR NAME=PATH[xN,xM] ...
//! cargo run --release --example export_jsonl -- /tmp/nb reuters=../shared/corpora/reuters21578:1,4,16 bbc=../shared/corpora/bbc
//! ```
//!
//! Each `NAME=PATH` is read with newsindex's own readers (SGML, text, …) and
//! written as `OUT_DIR/NAME-Nx/part-NNNN.jsonl` (1,000 articles a file, so
//! no engine has to hold a whole corpus in one file), one object a line:
//! `{"id", "title", "body"}`. A `:1,4,16` suffix writes replicas: copy `k`
//! of an article gets the id `ID-rk` and the title `TITLE [rk]`, so the
//! index really grows. `OUT_DIR/manifest.json` records, per output, the
//! article count and the bytes of raw text (title + body).

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use newsindex::ingest;

/// Articles per JSONL file.
const CHUNK: usize = 1000;

/// An article's id, title and body.
type Text = (String, String, String);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out: PathBuf = args
        .next()
        .ok_or("usage: export_jsonl OUT_DIR NAME=PATH[:1,4,16] ...")?
        .into();
    fs::create_dir_all(&out)?;
    let mut manifest = BTreeMap::new();
    for spec in args {
        let (name, rest) = spec.split_once('=').ok_or("expected NAME=PATH")?;
        let (path, copies) = match rest.rsplit_once(':') {
            Some((path, list)) => (path, parse_copies(list)?),
            None => (rest, vec![1]),
        };
        let articles = read_corpus(Path::new(path))?;
        for &n in &copies {
            let label = format!("{name}-{n}x");
            let (count, text_bytes) = write_replica(&out.join(&label), &articles, n)?;
            eprintln!("{label}: {count} articles, {text_bytes} bytes of text");
            manifest.insert(
                label,
                serde_json::json!({"articles": count, "text_bytes": text_bytes}),
            );
        }
    }
    fs::write(
        out.join("manifest.json"),
        serde_json::to_string_pretty(&manifest)?,
    )?;
    Ok(())
}

fn parse_copies(list: &str) -> Result<Vec<usize>, Box<dyn std::error::Error>> {
    Ok(list
        .split(',')
        .map(|n| n.trim().parse::<usize>())
        .collect::<Result<_, _>>()?)
}

/// (id, title, body) of every article under `root`, in walk order.
fn read_corpus(root: &Path) -> Result<Vec<Text>, Box<dyn std::error::Error>> {
    let walk = ingest::walk(&[root.to_path_buf()])?;
    let is_sgml = |f: &PathBuf| f.extension().is_some_and(|e| e == "sgm");
    let sgml_only = walk.files.iter().any(is_sgml);
    let mut articles = Vec::new();
    for file in &walk.files {
        // The corpus folders carry READMEs and, for Reuters, category lists
        // in `.txt` files: only the articles count.
        let name = file.file_name().map(|n| n.to_string_lossy().to_lowercase());
        if name.is_some_and(|n| n.starts_with("readme")) || (sgml_only && !is_sgml(file)) {
            continue;
        }
        if let Ok(parsed) = ingest::read_file(file) {
            for article in parsed.articles {
                articles.push((article.id(), article.title, article.body));
            }
        }
    }
    Ok(articles)
}

fn write_replica(dir: &Path, articles: &[Text], copies: usize) -> std::io::Result<(usize, u64)> {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)?;
    let (mut count, mut text_bytes) = (0usize, 0u64);
    let mut writer: Option<BufWriter<File>> = None;
    for copy in 1..=copies {
        for (id, title, body) in articles {
            if count % CHUNK == 0 {
                if let Some(mut w) = writer.take() {
                    w.flush()?;
                }
                let file = File::create(dir.join(format!("part-{:04}.jsonl", count / CHUNK)))?;
                writer = Some(BufWriter::new(file));
            }
            let (id, title) = if copy == 1 {
                (id.clone(), title.clone())
            } else {
                (format!("{id}-r{copy}"), format!("{title} [r{copy}]"))
            };
            text_bytes += (title.len() + body.len()) as u64;
            let line = serde_json::json!({"id": id, "title": title, "body": body});
            let w = writer.as_mut().expect("a file is open");
            serde_json::to_writer(&mut *w, &line)?;
            w.write_all(b"\n")?;
            count += 1;
        }
    }
    if let Some(mut w) = writer {
        w.flush()?;
    }
    Ok((count, text_bytes))
}
