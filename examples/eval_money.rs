//! Money amounts found in the BBC News corpus, for eyeballing.
//!
//! ```text
//! cargo run --release --example eval_money -- ../shared/corpora/bbc [SAMPLE]
//! ```
//!
//! Reads every article under the folder with [`newsindex::extract_file`]
//! and prints:
//! - how many amounts were found in each currency (and in how many
//!   articles), most frequent first;
//! - a deterministic sample of `SAMPLE` amounts (default 20): the amounts
//!   of all articles in path order, taken at an even stride, each with the
//!   value read, its currency, its US dollar equivalent and the sentence
//!   around it, so a reader can check them by eye;
//! - how often a number stands before "crowns", "dinars", "rupees",
//!   "pesos" or "riyals", currency words whose country the extractor takes
//!   from a qualifier ("Swedish crowns") or from the article's countries.
//!
//! The BBC corpus has no money labels, so there is no precision or recall
//! here: the sample is the check.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use newsindex::ingest;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: eval_money BBC_DIR [SAMPLE]");
        std::process::exit(2);
    };
    let sample: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(20);

    let walk = match ingest::walk(&[PathBuf::from(&dir)]) {
        Ok(walk) => walk,
        Err(e) => {
            eprintln!("{dir}: {e}");
            std::process::exit(2);
        }
    };
    let mut per_currency: HashMap<String, (usize, usize)> = HashMap::new();
    let mut found = Vec::new(); // (path, body, amount)
    let (mut articles, mut with_money, mut bytes) = (0usize, 0usize, 0usize);
    // The corpus's own READMEs are not articles.
    let files: Vec<&PathBuf> = walk
        .files
        .iter()
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("README"))
        })
        .collect();
    for path in &files {
        let file = match newsindex::extract_file(path) {
            Ok(file) => file,
            Err(e) => {
                eprintln!("{}: skipped ({e})", path.display());
                continue;
            }
        };
        for (article, facets) in file.articles {
            articles += 1;
            bytes += article.title.len() + article.body.len();
            with_money += usize::from(!facets.amounts.is_empty());
            let mut seen: Vec<&str> = Vec::new();
            for a in &facets.amounts {
                let entry = per_currency.entry(a.currency.clone()).or_default();
                entry.0 += 1;
                if !seen.contains(&a.currency.as_str()) {
                    seen.push(&a.currency);
                    entry.1 += 1;
                }
            }
            let rel = path
                .strip_prefix(&dir)
                .unwrap_or(path)
                .display()
                .to_string();
            for a in facets.amounts {
                found.push((rel.clone(), article.body.clone(), a));
            }
        }
    }

    println!(
        "articles: {articles} ({:.1} MB), {with_money} with at least one amount, {} amounts",
        bytes as f64 / 1e6,
        found.len()
    );
    let mut currencies: Vec<(String, (usize, usize))> = per_currency.into_iter().collect();
    currencies.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    println!("amounts per currency (amounts, articles):");
    for (code, (n, docs)) in &currencies {
        println!("  {code:<4} {n:>5} {docs:>5}");
    }

    println!("sample of {sample} amounts (every k-th in path order):");
    let stride = (found.len() / sample.max(1)).max(1);
    for (path, body, a) in found.iter().step_by(stride).take(sample) {
        let usd = a
            .usd
            .map_or("no rate".to_string(), |u| format!("{u:.0} USD"));
        println!(
            "  {path}: {:?} -> {} {} ({usd})\n      … {} …",
            a.text,
            a.value,
            a.currency,
            context(body, &a.text)
        );
    }

    // Numbers before a currency word that got no currency.
    let mut unplaced: BTreeMap<String, usize> = BTreeMap::new();
    for path in &files {
        let Ok(parsed) = ingest::read_file(path) else {
            continue;
        };
        for article in parsed.articles {
            let words: Vec<&str> = article.body.split_whitespace().collect();
            // "200 dinars", "1.5 million crowns".
            for (k, w) in words.iter().enumerate() {
                if !w.starts_with(|c: char| c.is_ascii_digit()) {
                    continue;
                }
                for next in words.iter().skip(k + 1).take(2) {
                    let word = next.trim_matches(|c: char| !c.is_alphabetic());
                    if matches!(word, "crowns" | "dinars" | "rupees" | "pesos" | "riyals") {
                        *unplaced.entry(word.to_string()).or_default() += 1;
                    }
                }
            }
        }
    }
    println!("numbers before a crowns/dinars/rupees/pesos/riyals word (each placed by country or qualifier, or dropped): {unplaced:?}");
}

/// About 60 characters on each side of the first occurrence of `text` in
/// `body`, on one line.
fn context(body: &str, text: &str) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(at) = flat.find(text) else {
        return flat.chars().take(120).collect();
    };
    let start = flat[..at]
        .char_indices()
        .rev()
        .nth(59)
        .map_or(0, |(i, _)| i);
    let end = flat[at + text.len()..]
        .char_indices()
        .nth(60)
        .map_or(flat.len(), |(i, _)| at + text.len() + i);
    flat[start..end].to_string()
}
