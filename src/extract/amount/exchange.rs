//! Exchange-rate quotes, which are prices of a currency and not sums of
//! money: "the euro rose to $1.30", "$1.2980 per euro", "1.30 dollars to
//! the euro", "105 yen against the dollar". The labelling guidelines count
//! them as amounts, so they are kept, marked [`Amount::rate`]: they neither
//! fill the amount ranges nor filter or sort an article as money.
//!
//! [`Amount::rate`]: crate::extract::Amount::rate
//!
//! A quote has no multiplier (nobody quotes "$1.3bn per euro") and either
//! - names the other currency right after it: `per`, `a`/`an`, `to
//!   [the|one|each]`, `against [the]` then a currency name; or
//! - is written with decimals (a price to the cent or finer, under 1,000)
//!   in a sentence whose earlier part names a currency as a traded thing:
//!   "the euro", "the dollar", "the greenback", "sterling", "the yen",
//!   "euro/dollar".
//!
//! A share price beside a currency ("shares fell to £1.30 as the pound
//! rose") is a quote too when the currency comes first in its sentence;
//! that cost is accepted: such sentences are rare, rate quotes are not.

use crate::extract::token::{Kind, Token};

/// Currency names as traded things ("the euro"), lower case.
const TRADED: &[&str] = &[
    "euro",
    "euros",
    "dollar",
    "dollars",
    "greenback",
    "pound",
    "sterling",
    "yen",
    "yuan",
    "renminbi",
    "franc",
    "francs",
    "rouble",
    "ruble",
    "rupee",
    "peso",
];

/// Names that stand alone as the traded currency, without "the".
const BARE: &[&str] = &["sterling", "greenback"];

/// How far back (in tokens) the sentence is searched for a currency name.
const LOOK_BACK: usize = 40;

fn traded(t: &Token<'_>) -> bool {
    t.kind == Kind::Word && TRADED.contains(&t.text.to_ascii_lowercase().as_str())
}

/// True when the amount read from tokens `start..end` (the number at
/// `number`, no multiplier) is an exchange-rate quote.
pub(super) fn is_rate_quote(
    text: &str,
    toks: &[Token<'_>],
    start: usize,
    number: usize,
    end: usize,
) -> bool {
    names_currency_after(toks, end) || quoted_in_sentence(text, toks, start, number)
}

/// "per euro", "a dollar", "to the euro", "against the dollar".
fn names_currency_after(toks: &[Token<'_>], end: usize) -> bool {
    let word = |k: usize| toks.get(k).map(|t| t.text.to_ascii_lowercase());
    let Some(first) = word(end) else {
        return false;
    };
    let mut k = end + 1;
    match first.as_str() {
        "per" | "a" | "an" => {}
        "to" | "against" => {
            if matches!(word(k).as_deref(), Some("the" | "one" | "each")) {
                k += 1;
            }
        }
        _ => return false,
    }
    toks.get(k).is_some_and(traded)
}

/// A price with decimals in a sentence that names a traded currency
/// before it.
fn quoted_in_sentence(text: &str, toks: &[Token<'_>], start: usize, number: usize) -> bool {
    let digits = toks[number].text;
    let decimals = toks[number].kind == Kind::Num
        && digits
            .split_once('.')
            .is_some_and(|(_, frac)| !frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit()));
    let small = digits
        .split_once('.')
        .is_some_and(|(whole, _)| whole.len() <= 3);
    if !(decimals && small) {
        return false;
    }
    let from = start.saturating_sub(LOOK_BACK);
    for k in (from..start).rev() {
        let t = &toks[k];
        if t.kind == Kind::Punct && matches!(t.text, "." | "!" | "?" | ";") {
            return false;
        }
        // A paragraph break ends the sentence too.
        if text[t.end..toks[k + 1].start].contains('\n') {
            return false;
        }
        if !traded(t) {
            continue;
        }
        let lower = t.text.to_ascii_lowercase();
        let after_the = k > 0 && toks[k - 1].text.eq_ignore_ascii_case("the");
        let paired = toks.get(k + 1).is_some_and(|n| n.is("/")) || (k > 0 && toks[k - 1].is("/"));
        if after_the || paired || BARE.contains(&lower.as_str()) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::extract::amount::amounts;

    /// The amounts of `text` that are sums of money (not rate quotes).
    fn values(text: &str) -> Vec<(f64, String)> {
        amounts(text)
            .into_iter()
            .filter(|a| !a.rate)
            .map(|a| (a.value, a.currency))
            .collect()
    }

    #[test]
    fn rate_quotes_are_marked_not_summed() {
        for text in [
            "The euro rose to $1.30 on Monday.",
            "It traded at $1.2980 per euro in New York.",
            "Analysts expect 1.30 dollars to the euro by June.",
            "The dollar slid to 102.50 yen, its lowest since 2000.",
            "The greenback hit $1.3516 in thin New York trade, before rallying to $1.3509.",
            "Sterling closed at $1.9160.",
            "The pound fell 1% to 1.4520 euros.",
            "Forecasts for the euro/dollar rate range up to $1.40.",
            "Exporters suffer at 105 yen to the dollar.",
            "It closed at 1.3050 dollars against the euro.",
        ] {
            assert_eq!(values(text), [], "{text}");
            // Kept, marked, as the labelling guidelines count them.
            assert!(amounts(text).iter().any(|a| a.rate), "{text}");
        }
    }

    #[test]
    fn sums_beside_a_currency_stay_amounts() {
        for (text, value, iso) in [
            // A multiplier: a sum, whatever the sentence says.
            ("The euro's rise cost Airbus $1.3bn.", 1.3e9, "USD"),
            // No traded currency named before it.
            ("Shares rose to £1.30 on the news.", 1.3, "GBP"),
            // A price per unit of something else.
            (
                "Oil fell to $41.25 a barrel as the dollar rose.",
                41.25,
                "USD",
            ),
            // A whole sum in a sentence about the dollar.
            (
                "The dollar's fall cost the firm $600 last year.",
                600.0,
                "USD",
            ),
            ("He paid $5 for a euro coin.", 5.0, "USD"),
        ] {
            assert_eq!(values(text), [(value, iso.to_string())], "{text}");
        }
    }
}
