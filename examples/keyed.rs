//! Articles a tool owns, under its own keys: add, edit, delete by key and
//! by query, committing every few records with one long-lived indexer.
//!
//! `cargo run --example keyed`: an index in memory, notes of a small CRM.
//! `tests/library_examples.rs` runs [`run`] and checks what it returns.

use newsindex::{Article, NewsIndex, Query};

/// Notes as a CRM would keep them: its own id, a title, a text.
const NOTES: [(&str, &str, &str); 4] = [
    (
        "crm/note-1",
        "Acme turbines",
        "Acme Corp asked for a quote on three wind turbines for its plant in Spain.",
    ),
    (
        "crm/note-2",
        "Globex lease",
        "Globex renewed the lease of its offices in Frankfurt for $2 million.",
    ),
    (
        "crm/note-3",
        "Initech visit",
        "Initech will visit the London showroom next week.",
    ),
    (
        "crm/note-4",
        "Umbrella invoice",
        "Umbrella paid the invoice for the Lisbon installation.",
    ),
];

/// What the run left: each remaining note's key and body, in key order.
pub fn run() -> newsindex::Result<Vec<(String, String)>> {
    let index = NewsIndex::in_memory()?;
    let mut indexer = index.indexer()?;

    // Commit every two notes: searches see each batch, the indexer stays.
    for batch in NOTES.chunks(2) {
        for (key, title, body) in batch {
            indexer.add_article(Article::new(*title, *body).with_key(*key))?;
        }
        let stats = indexer.commit_and_continue()?;
        println!(
            "committed {} notes, {} searchable",
            stats.added, stats.num_articles
        );
    }

    // An edit replaces the note with the same key, in one commit.
    indexer.update(
        Article::new(
            "Acme turbines",
            "Acme Corp ordered three wind turbines for its plant in Spain.",
        )
        .with_key("crm/note-1"),
    )?;
    // A deleted record goes by its key; others by what they say.
    indexer.delete("crm/note-3")?;
    let removed = indexer.delete_query(&Query::new("invoice").country("Portugal"))?;
    println!("deleting {removed} note about an invoice in Portugal");
    let stats = indexer.commit()?;
    println!(
        "{} added, {} removed, {} left",
        stats.added, stats.removed, stats.num_articles
    );

    let acme = index.article_by_key("crm/note-1")?;
    println!("{}: {} {:?}", acme.id, acme.body, acme.countries);
    let mut left = Vec::new();
    for (key, ..) in NOTES {
        match index.article_by_key(key) {
            Ok(article) => left.push((key.to_string(), article.body)),
            Err(newsindex::Error::ArticleNotFound(_)) => println!("{key}: deleted"),
            Err(other) => return Err(other),
        }
    }
    Ok(left)
}

fn main() -> newsindex::Result<()> {
    for (key, body) in run()? {
        println!("{key}: {body}");
    }
    Ok(())
}
