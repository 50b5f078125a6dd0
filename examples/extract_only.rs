//! Extraction alone, without an index: the countries, organisations,
//! people and money amounts of a text, with where each was read.
//!
//! `cargo run --example extract_only [TEXT]`. `tests/library_examples.rs`
//! runs [`run`].

use newsindex::extract::TextField;
use newsindex::{extract_with_evidence, EntityKind, Facets};

/// An organisation's name, and where the body mentions it: (start, end)
/// byte offsets.
pub type Mentions = (String, Vec<(usize, usize)>);

/// The facets of `title` and `body`, and each organisation's mentions.
pub fn run(title: &str, body: &str) -> (Facets, Vec<Mentions>) {
    // `newsindex::extract(title, body)` gives the facets alone, faster.
    let (facets, entities) = extract_with_evidence(title, body, None);
    let mentions = entities
        .into_iter()
        .filter(|entity| entity.kind == EntityKind::Organisation)
        .map(|entity| {
            let spans = entity
                .mentions
                .iter()
                .filter(|m| m.field == TextField::Body)
                .map(|m| (m.start, m.end))
                .collect();
            (entity.canonical, spans)
        })
        .collect();
    (facets, mentions)
}

fn main() {
    let body = std::env::args().nth(1).unwrap_or_else(|| {
        "MOSCOW, March 3 - Cisco Systems will invest $1 billion in Skolkovo, near Moscow, \
         the Skolkovo Foundation said."
            .to_string()
    });
    let (facets, mentions) = run("", &body);
    println!(
        "countries: {:?} (about {:?})",
        facets.countries, facets.about
    );
    println!("organisations: {:?}", facets.organisations);
    for amount in &facets.amounts {
        println!(
            "amount: {} = {:?} {} (USD {:?})",
            amount.text, amount.value, amount.currency, amount.usd
        );
    }
    for (name, spans) in mentions {
        let texts: Vec<&str> = spans.iter().map(|&(s, e)| &body[s..e]).collect();
        println!("{name}: {texts:?}");
    }
}
