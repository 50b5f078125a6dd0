//! Facet extraction: countries, organisations and money amounts found in
//! the article text itself. Pure `&str -> facets` functions: no I/O.
//!
//! ```
//! use newsindex::extract::extract;
//!
//! let facets = extract(
//!     "Cisco signs Skolkovo deal",
//!     "MOSCOW, March 3 - Cisco will invest $1 billion in Skolkovo, the Skolkovo Foundation said.",
//! );
//! assert_eq!(facets.countries, ["Russia"]);
//! assert_eq!(facets.organisations, ["Cisco", "Skolkovo Foundation"]);
//! assert_eq!(facets.amounts[0].usd, Some(1e9));
//! ```
//!
//! The tables behind each extractor live beside it in `data/` and are
//! compiled into automata once, on first use.

use serde::{Deserialize, Serialize};

mod amount;
mod country;
mod organisation;
mod token;

pub use amount::{amounts, parse_amount, parse_quantity, usd_rate};
pub use country::country_names;

/// The facets found in one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facets {
    /// Canonical English short names ("United States", "Russia"), deduplicated, most relevant first.
    pub countries: Vec<String>,
    /// Canonical organisation names ("Skolkovo Foundation", "Cisco"), deduplicated.
    pub organisations: Vec<String>,
    /// Money amounts in order of appearance (ranges give both ends).
    pub amounts: Vec<Amount>,
}

/// A money amount found in text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    /// Value in the original currency (`$1 billion` -> 1e9).
    pub value: f64,
    /// ISO 4217 code ("USD", "GBP", "EUR", "JPY").
    pub currency: String,
    /// Value converted to US dollars with the documented rate table, when the currency is known to it.
    pub usd: Option<f64>,
    /// The text the amount was read from.
    pub text: String,
}

/// Extract every facet from an article's title and body.
///
/// The body may start with a wire dateline ("TOKYO, March 3 - "): its
/// place is strong evidence for the article's country.
pub fn extract(title: &str, body: &str) -> Facets {
    let caps = organisation::caps_title(title);
    let title_toks = token::tokenize(title);
    let body_toks = token::tokenize(body);
    let title_orgs = organisation::mentions_in(title, &title_toks, caps);
    let body_orgs = organisation::mentions_in(body, &body_toks, false);
    let companies = |ms: &[organisation::Mention]| -> Vec<std::ops::Range<usize>> {
        ms.iter()
            .filter(|m| m.company)
            .map(|m| m.span.clone())
            .collect()
    };
    let countries = country::rank(title, body, &companies(&title_orgs), &companies(&body_orgs));
    let organisations = organisation::merge(title_orgs.into_iter().chain(body_orgs));
    let mut money = Vec::new();
    amount::scan(title, &title_toks, &mut money);
    amount::scan(body, &body_toks, &mut money);
    amount::dedupe(&mut money);
    Facets {
        countries,
        organisations,
        amounts: money,
    }
}

/// Countries an article is about: canonical English short names, most
/// relevant first (headline, dateline, lead sentence, frequency).
pub fn countries(title: &str, body: &str) -> Vec<String> {
    extract_countries(title, body)
}

fn extract_countries(title: &str, body: &str) -> Vec<String> {
    let caps = organisation::caps_title(title);
    let span = |ms: Vec<organisation::Mention>| -> Vec<std::ops::Range<usize>> {
        ms.into_iter()
            .filter(|m| m.company)
            .map(|m| m.span)
            .collect()
    };
    country::rank(
        title,
        body,
        &span(organisation::mentions(title, caps)),
        &span(organisation::mentions(body, false)),
    )
}

/// Organisations named in an article: canonical names, one per
/// organisation, in order of first appearance.
pub fn organisations(title: &str, body: &str) -> Vec<String> {
    let caps = organisation::caps_title(title);
    organisation::merge(
        organisation::mentions(title, caps)
            .into_iter()
            .chain(organisation::mentions(body, false)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../corpus/skolkovo-cisco.txt");

    #[test]
    fn seed_article() {
        let f = extract(
            "Russian delegation signs Cisco deal in Silicon Valley",
            SEED,
        );
        assert_eq!(f.countries, ["Russia", "United States"], "{f:#?}");
        for org in [
            "Cisco",
            "Skolkovo Foundation",
            "Bessemer Venture Partners",
            "Massachusetts Institute of Technology",
        ] {
            assert!(
                f.organisations.iter().any(|o| o == org),
                "{org} missing: {:?}",
                f.organisations
            );
        }
        for junk in ["The", "Group discussions", "Currently", "Group"] {
            assert!(
                !f.organisations.iter().any(|o| o == junk),
                "{junk}: {:?}",
                f.organisations
            );
        }
        let usd: Vec<f64> = f.amounts.iter().filter_map(|a| a.usd).collect();
        assert_eq!(usd, [1e9, 2e7]);
    }

    #[test]
    fn seed_article_without_title() {
        let f = extract("", SEED);
        assert_eq!(f.countries, ["Russia", "United States"]);
    }

    #[test]
    fn reuters_style() {
        let f = extract(
            "JAPAN'S TRADE SURPLUS RISES",
            "TOKYO, March 3 - Japan's trade surplus rose to 8.1 billion dlrs in February \
             from 6.2 billion a year earlier, the Finance Ministry said. Ecolab Co said \
             it would pay 20 mln dlrs.",
        );
        assert_eq!(f.countries, ["Japan"]);
        assert_eq!(f.organisations, ["Finance Ministry", "Ecolab Co"]);
        let v: Vec<f64> = f.amounts.iter().map(|a| a.value).collect();
        assert_eq!(v, [8.1e9, 20e6]);
    }

    #[test]
    fn european_community() {
        let f = extract(
            "EC FARM MINISTERS MEET",
            "BRUSSELS, March 2 - The European Community's farm ministers agreed a cut. \
             EC Commission sources said 146 billion lire would be saved.",
        );
        assert_eq!(f.countries.first().map(String::as_str), Some("Belgium"));
        assert!(
            f.organisations.contains(&"European Community".to_string()),
            "{:?}",
            f.organisations
        );
        assert_eq!(f.amounts[0].currency, "ITL");
    }

    #[test]
    fn functions_agree_with_extract() {
        let f = extract("", SEED);
        assert_eq!(countries("", SEED), f.countries);
        assert_eq!(organisations("", SEED), f.organisations);
    }

    #[test]
    fn empty_and_odd_input() {
        assert_eq!(extract("", ""), Facets::default());
        let _ = extract("ÄÖÜ – ß", "  —  \u{0}\u{feff} $ £ 5 - , mln");
    }
}
