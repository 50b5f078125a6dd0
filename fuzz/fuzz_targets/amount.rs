//! Any text through the amount extractor and parser: never a panic, and
//! every amount a finite, non-negative value in a three-letter currency.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsindex::extract::{amounts, parse_amount};

fuzz_target!(|text: &str| {
    for amount in amounts(text) {
        assert!(
            amount.value.is_finite() && amount.value >= 0.0,
            "{amount:?}"
        );
        assert!(
            amount.currency.len() == 3 && amount.currency.bytes().all(|b| b.is_ascii_uppercase()),
            "{amount:?}"
        );
        assert!(
            amount.usd.is_none_or(|usd| usd.is_finite() && usd >= 0.0),
            "{amount:?}"
        );
    }
    if let Some((value, currency)) = parse_amount(text) {
        assert!(value.is_finite() && value >= 0.0, "{value} {currency}");
        assert_eq!(currency.len(), 3);
    }
});
