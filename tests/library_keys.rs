//! Issue #24: articles under a caller's keys live apart from files:
//! indexing, re-indexing and removing files never touches them.

use std::fs;

use newsindex::{Article, Error, NewsIndex, Query};

#[test]
fn re_indexing_a_folder_never_touches_keyed_articles() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("news");
    fs::create_dir(&folder).unwrap();
    let opec = folder.join("opec.txt");
    let wheat = folder.join("wheat.txt");
    fs::write(
        &opec,
        "OPEC holds output\n\nOPEC ministers met in Vienna.\n",
    )
    .unwrap();
    fs::write(
        &wheat,
        "Wheat harvest\n\nThe wheat harvest in Kansas ended.\n",
    )
    .unwrap();
    let index = NewsIndex::open_or_create(dir.path().join("index")).unwrap();
    index.index_paths(&[&folder], |_| {}).unwrap();

    let mut indexer = index.indexer().unwrap();
    // The same text as a file's article, and a note about it: neither is
    // a file's, so the files' runs leave both alone.
    indexer
        .add_article(
            Article::new("OPEC holds output", "OPEC ministers met in Vienna.")
                .with_key("desk/opec"),
        )
        .unwrap();
    indexer
        .add_article(
            Article::new(
                "Wheat note",
                "Call the Kansas co-operative about the harvest.",
            )
            .with_key("desk/wheat"),
        )
        .unwrap();
    indexer.commit().unwrap();
    assert_eq!(index.num_articles(), 4);

    // A file changed, a file removed, then the folder indexed again.
    fs::write(
        &opec,
        "OPEC cuts output\n\nOPEC ministers met in Vienna and cut output.\n",
    )
    .unwrap();
    fs::remove_file(&wheat).unwrap();
    let report = index.index_paths(&[&folder], |_| {}).unwrap();
    assert_eq!((report.files_updated, report.files_removed), (1, 1));
    assert_eq!(index.num_articles(), 3);
    let note = index.article_by_key("desk/wheat").unwrap();
    assert_eq!(note.body, "Call the Kansas co-operative about the harvest.");
    assert_eq!(note.path, None);
    assert_eq!(
        index.article_by_key("desk/opec").unwrap().title,
        "OPEC holds output"
    );
    // So does a rescan of the roots.
    index
        .rescan_with(&newsindex::IndexOptions::new(), |_| {})
        .unwrap();
    assert_eq!(index.num_articles(), 3);

    // A key is no file: looking one up never finds a file's article.
    let file_article = index.article(opec.to_str().unwrap()).unwrap();
    assert_eq!(file_article.key, None);
    assert!(matches!(
        index.article_by_key(opec.to_str().unwrap()),
        Err(Error::ArticleNotFound(_))
    ));
}

#[test]
fn deleting_by_query_removes_files_and_keyed_articles_alike_and_only_matches() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("news");
    fs::create_dir(&folder).unwrap();
    fs::write(
        folder.join("chile.txt"),
        "Copper mine reopens\n\nA copper mine in Chile reopened after a strike.\n",
    )
    .unwrap();
    let index = NewsIndex::open_or_create(dir.path().join("index")).unwrap();
    index.index_paths(&[&folder], |_| {}).unwrap();
    let mut indexer = index.indexer().unwrap();
    indexer
        .add_article(
            Article::new("Copper note", "Ask the Chilean miners about copper.").with_key("n/1"),
        )
        .unwrap();
    indexer
        .add_article(Article::new("Tin note", "Tin prices in Bolivia rose.").with_key("n/2"))
        .unwrap();
    indexer.commit_and_continue().unwrap();

    let err = indexer.delete_query(&Query::new("copper (")).unwrap_err();
    assert!(matches!(err, Error::InvalidQuery { .. }), "{err}");
    assert_eq!(
        indexer
            .delete_query(&Query::new("copper").country("Atlantis"))
            .unwrap(),
        0,
        "an unknown filter value matches nothing"
    );
    assert_eq!(indexer.delete_query(&Query::new("copper")).unwrap(), 2);
    let stats = indexer.commit().unwrap();
    assert_eq!((stats.removed, stats.num_articles), (2, 1));
    assert_eq!(
        index.search(&Query::new("")).unwrap().hits[0].title,
        "Tin note"
    );
}
