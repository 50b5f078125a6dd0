//! Issue #24: each embedding example of `examples/` runs, and does what
//! its comments say. The examples are compiled in here as modules, so
//! `cargo test` runs their bodies (their `main` is for `cargo run`).

use std::fs;

#[allow(dead_code)]
#[path = "../examples/index_folder.rs"]
mod index_folder;

#[allow(dead_code)]
#[path = "../examples/keyed.rs"]
mod keyed;

#[allow(dead_code)]
#[path = "../examples/read_while_writing.rs"]
mod read_while_writing;

#[allow(dead_code)]
#[path = "../examples/extract_only.rs"]
mod extract_only;

#[test]
fn index_folder_indexes_then_reads_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("news");
    fs::create_dir(&folder).unwrap();
    fs::write(
        folder.join("opec.txt"),
        "OPEC holds oil output\n\nOPEC ministers agreed in Vienna to hold oil output steady.\n",
    )
    .unwrap();
    fs::write(
        folder.join("wheat.txt"),
        "Wheat harvest ends\n\nFarmers in Kansas finished the wheat harvest early.\n",
    )
    .unwrap();
    let index_dir = dir.path().join("index");
    let (first, oil) = index_folder::run(&folder, &index_dir, "oil").unwrap();
    assert_eq!((first.files_new, first.articles_indexed, oil), (2, 2, 1));

    fs::write(
        folder.join("wheat.txt"),
        "Wheat harvest ends\n\nFarmers in Kansas finished the wheat harvest; oil prices cut their costs.\n",
    )
    .unwrap();
    let (second, oil) = index_folder::run(&folder, &index_dir, "oil").unwrap();
    assert_eq!(
        (second.files_updated, second.files_unchanged, oil),
        (1, 1, 2)
    );
}

#[test]
fn keyed_notes_are_edited_and_deleted_by_key_and_by_query() {
    let left = keyed::run().unwrap();
    let keys: Vec<&str> = left.iter().map(|(key, _)| key.as_str()).collect();
    assert_eq!(keys, ["crm/note-1", "crm/note-2"]);
    assert_eq!(
        left[0].1,
        "Acme Corp ordered three wind turbines for its plant in Spain."
    );
}

#[test]
fn a_reader_beside_a_writer_sees_whole_batches_and_a_read_only_handle_reloads() {
    let dir = tempfile::tempdir().unwrap();
    let (seen, read_only) = read_while_writing::run(dir.path(), 4).unwrap();
    assert_eq!(read_only, 40);
    assert!(seen.iter().all(|n| n % 10 == 0), "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_eq!(seen.last(), Some(&40));
}

#[test]
fn extraction_alone_gives_facets_and_exact_offsets() {
    let body = "MOSCOW, March 3 - Cisco Systems will invest $1 billion in Skolkovo, near Moscow, \
                the Skolkovo Foundation said.";
    let (facets, mentions) = extract_only::run("", body);
    assert_eq!(facets.countries, ["Russia"]);
    assert_eq!(facets.amounts[0].usd, Some(1e9));
    let (_, cisco) = mentions
        .iter()
        .find(|(name, _)| name == "Cisco")
        .expect("Cisco found");
    assert_eq!(
        cisco.iter().map(|&(s, e)| &body[s..e]).collect::<Vec<_>>(),
        ["Cisco Systems"]
    );
}
