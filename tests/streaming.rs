//! The streaming readers' memory bound: a file of records is read piece
//! by piece, so the heap a reader needs does not grow with the file.
//! Files larger than any buffer are generated in a temporary folder; the
//! heap is measured by a counting allocator (one test, so no other test
//! allocates meanwhile).

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use newsindex::ingest::{parse_chunk, FileReader, ReadOptions, Step, CHUNK_BYTES};

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::{LIVE, PEAK};

/// Sentences of a wire story, varied by `n`.
fn story(n: usize) -> String {
    format!(
        "Zinc output in Peru rose {n}% in March, the ministry said. Traders in London said \
         demand from China stayed firm, and prices of tin and lead rose with it. The mine \
         at Antamina will add a shift in April, its owners said on day {n}."
    )
}

/// A file of `records` records in the format its name says.
fn generate(dir: &Path, name: &str, records: usize) -> PathBuf {
    let path = dir.join(name);
    let mut out = std::io::BufWriter::new(fs::File::create(&path).unwrap());
    let ext = name.rsplit('.').next().unwrap();
    if ext == "csv" {
        writeln!(out, "id,title,body,date").unwrap();
    }
    for n in 0..records {
        let body = story(n);
        match ext {
            "jsonl" => writeln!(
                out,
                "{}",
                serde_json::json!({"title": format!("Zinc {n}"), "body": body})
            ),
            // Quoted fields with commas and a newline inside.
            "csv" => writeln!(
                out,
                "{n},\"Zinc, report {n}\",\"{body}\nSecond line, {n}.\",2021-03-04"
            ),
            "mbox" => write!(
                out,
                "From ann@example.com Mon Mar  2 10:00:00 2020\nFrom: Ann <ann@example.com>\n\
                 Subject: Zinc {n}\nDate: Mon, 2 Mar 2020 10:00:00 +0000\n\n{body}\n\n"
            ),
            "sgm" => writeln!(
                out,
                "<REUTERS NEWID=\"{n}\">\n<DATE>26-FEB-1987 15:01:01.79</DATE>\n\
                 <TEXT><TITLE>ZINC {n}</TITLE><BODY>{body}\n Reuter\n</BODY></TEXT>\n</REUTERS>"
            ),
            _ => unreachable!("a format with records"),
        }
        .unwrap();
    }
    out.flush().unwrap();
    path
}

/// Read a file to its end, piece by piece, as the indexing pipeline does:
/// the articles it yields, its size, and the peak heap growth meanwhile.
fn read_through(path: &Path) -> (usize, u64, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let mut reader = FileReader::open(path, &ReadOptions::new()).unwrap();
    let mut articles = 0;
    let size = loop {
        match reader.next_step().unwrap() {
            Step::Chunk(chunk) => {
                let parsed = parse_chunk(&chunk, None);
                assert!(parsed.error.is_none(), "{:?}", parsed.error);
                articles += parsed.articles.len();
            }
            Step::End(ended) => break ended.size,
        }
    };
    drop(reader);
    (articles, size, PEAK.load(Ordering::Relaxed) - before)
}

#[test]
fn peak_heap_does_not_grow_with_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let formats = [
        "jsonl",
        "csv",
        #[cfg(feature = "formats")]
        "mbox",
        "sgm",
    ];
    for ext in formats {
        let small = generate(dir.path(), &format!("small.{ext}"), 4_000);
        let large = generate(dir.path(), &format!("large.{ext}"), 16_000);
        let (small_articles, small_size, small_peak) = read_through(&small);
        let (large_articles, large_size, large_peak) = read_through(&large);
        eprintln!(
            "{ext}: {small_size} bytes -> peak {small_peak}; {large_size} bytes -> peak {large_peak}"
        );
        assert_eq!((small_articles, large_articles), (4_000, 16_000), "{ext}");
        // Larger than any buffer...
        assert!(large_size > 8 * CHUNK_BYTES as u64, "{ext}");
        // ...and read with a heap that does not follow it: four times
        // the records, about the same peak, well under the file.
        assert!(
            large_peak < small_peak + small_peak / 4 + 64 * 1024,
            "{ext}: peak {small_peak} for {small_size} bytes, {large_peak} for {large_size}"
        );
        assert!(
            (large_peak as u64) < large_size / 4,
            "{ext}: peak {large_peak} for a file of {large_size} bytes"
        );
    }
}
