//! Train the entity tagger's weights (organisations and people together)
//! from silver spans.
//!
//! ```text
//! cargo run --release --example train_tagger -- /work/scratch/silver/spans.tsv [epochs] [out.bin]
//! ```
//!
//! The spans come from `tools/silver_entities.py` (a TSV outside the
//! project: `path position field occurrence label entity start len`, label
//! `ORG` or `PER`, the last two in characters inside the entity). Each article named there is read again
//! with [`newsindex::ingest::read_file`], its title and body squashed
//! (whitespace runs to one space), and each span found as the given
//! occurrence of the entity's text. Articles of a file up to the last one
//! with a span are used, so articles where the teacher found nothing teach
//! the tagger too. Every tenth article is held out: the tagger's precision
//! and recall against the silver spans of those are printed per class
//! (a name found with the wrong class is an error of both).
//!
//! Writes `src/extract/data/entity_tagger.bin` (or `out.bin`) and prints
//! its sha256 for `entity_tagger.md`.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;

use newsindex::extract::{tag_text, Trainer};

/// One silver span: field (`t`/`b`), occurrence, entity text, start and
/// length of the name inside the entity (characters), and whether it is a
/// person's name.
type Span = (char, usize, String, usize, usize, bool);

/// Gold names of one text: byte ranges, each with whether it is a
/// person's name.
type Names = Vec<(Range<usize>, bool)>;

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Byte range of the name of `span` in `text`, when found.
fn locate(text: &str, span: &Span) -> Option<Range<usize>> {
    let (_, k, entity, at, len, _) = span;
    let mut from = 0;
    let mut found = None;
    for _ in 0..=*k {
        let p = text[from..].find(entity.as_str())? + from;
        found = Some(p);
        from = p + entity.len();
    }
    let p = found?;
    let mut chars = entity.char_indices().map(|(i, _)| i).chain([entity.len()]);
    let s = chars.nth(*at)?;
    let e = entity
        .char_indices()
        .map(|(i, _)| i)
        .chain([entity.len()])
        .nth(at + len)?;
    // Whole words only.
    let (s, e) = (p + s, p + e);
    let b = text.as_bytes();
    let word = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_alphanumeric());
    if (s > 0 && word(s - 1)) || word(e) {
        return None;
    }
    Some(s..e)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let spans_path = args
        .get(1)
        .ok_or_else(|| anyhow::anyhow!("usage: train_tagger SPANS.tsv [epochs] [out.bin]"))?;
    let epochs: u64 = args.get(2).map_or(Ok(8), |s| s.parse())?;
    let out = args
        .get(3)
        .cloned()
        .unwrap_or_else(|| "src/extract/data/entity_tagger.bin".to_string());

    // path -> position -> spans
    let mut by_file: BTreeMap<String, BTreeMap<u32, Vec<Span>>> = BTreeMap::new();
    for line in std::fs::read_to_string(spans_path)?.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 8 || !matches!(f[4], "ORG" | "PER") {
            continue;
        }
        let field = f[2].chars().next().unwrap_or('b');
        by_file
            .entry(f[0].to_string())
            .or_default()
            .entry(f[1].parse()?)
            .or_default()
            .push((
                field,
                f[3].parse()?,
                f[5].to_string(),
                f[6].parse()?,
                f[7].parse()?,
                f[4] == "PER",
            ));
    }

    let mut trainer = Trainer::new();
    let mut held: Vec<(String, Names)> = Vec::new();
    let (mut placed, mut lost, mut n) = (0usize, 0usize, 0usize);
    for (path, positions) in &by_file {
        let parsed = match newsindex::ingest::read_file(Path::new(path)) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{path}: {e:?}");
                continue;
            }
        };
        let last = positions.keys().max().copied().unwrap_or(0);
        let empty = Vec::new();
        for a in parsed.articles.iter().filter(|a| a.position <= last) {
            let spans = positions.get(&a.position).unwrap_or(&empty);
            let caps_title = !a.title.chars().any(char::is_lowercase);
            let mut texts = vec![('b', squash(&a.body))];
            if !caps_title {
                texts.push(('t', squash(&a.title)));
            }
            for (field, text) in texts {
                let mut names: Names = Vec::new();
                for s in spans.iter().filter(|s| s.0 == field) {
                    match locate(&text, s) {
                        Some(r)
                            if !names
                                .iter()
                                .any(|(o, _)| o.start < r.end && r.start < o.end) =>
                        {
                            names.push((r, s.5));
                            placed += 1;
                        }
                        _ => lost += 1,
                    }
                }
                names.sort_by_key(|(r, _)| r.start);
                n += 1;
                if n % 10 == 0 {
                    held.push((text, names));
                } else {
                    trainer.add(text, names);
                }
            }
        }
    }
    eprintln!(
        "{} training texts, {} held out; {placed} silver spans placed, {lost} not found",
        trainer.len(),
        held.len()
    );
    for e in 0..epochs {
        let acc = trainer.epoch(0x9E37_79B9_7F4A_7C15 ^ e);
        eprintln!("epoch {e}: {acc:.4} of candidate tokens right before update");
    }
    let bytes = trainer.finish();

    // Held-out precision and recall of whole names against silver, per
    // class (ORG, PER).
    let mut tally = [[0usize; 3]; 2]; // [class][tp, fp, fn]
    let mut errors: HashMap<String, usize> = HashMap::new();
    let label = |p: bool| if p { "PER" } else { "ORG" };
    for (text, gold) in &held {
        let got = tag_text(text, &bytes);
        for g in &got {
            if gold.contains(g) {
                tally[usize::from(g.1)][0] += 1;
            } else {
                tally[usize::from(g.1)][1] += 1;
                *errors
                    .entry(format!("FP {} {}", label(g.1), &text[g.0.clone()]))
                    .or_default() += 1;
            }
        }
        for g in gold {
            if !got.contains(g) {
                tally[usize::from(g.1)][2] += 1;
                *errors
                    .entry(format!("FN {} {}", label(g.1), &text[g.0.clone()]))
                    .or_default() += 1;
            }
        }
    }
    for (class, [tp, fp, fnn]) in tally.iter().enumerate() {
        let p = *tp as f64 / (tp + fp).max(1) as f64;
        let r = *tp as f64 / (tp + fnn).max(1) as f64;
        eprintln!(
            "held-out vs silver, {}: P {p:.3} R {r:.3} F1 {:.3}",
            label(class == 1),
            2.0 * p * r / (p + r).max(1e-9)
        );
    }
    let mut top: Vec<_> = errors.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (e, c) in top.iter().take(60) {
        eprintln!("  {c:4} {e}");
    }
    std::fs::write(&out, &bytes)?;
    let digest = sha256_hex(&bytes);
    println!("{out}: {} bytes, sha256 {digest}", bytes.len());
    Ok(())
}

/// The sha256 of `bytes` by the system's `sha256sum` (recorded in
/// entity_tagger.md; the unit test recomputes it the same way).
fn sha256_hex(bytes: &[u8]) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("sha256sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("sha256sum runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(bytes)
        .expect("write");
    let out = child.wait_with_output().expect("sha256sum output");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}
