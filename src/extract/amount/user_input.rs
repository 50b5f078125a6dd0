//! Quantities and amounts typed by a user for a filter (`--min-amount
//! 20M`, `?min_amount=1.5bn`): a number with an optional multiplier, or
//! one money expression read as an article's would be.

use super::number::{multiplier, parse_number, round_sig};
use super::scan::amounts;

/// Parse a quantity for a command-line filter: a number with an optional
/// multiplier suffix and no currency. `"20M"`, `"1.5bn"`, `"20000000"`,
/// `"20 million"`, `"1,000,000"`, `"$5m"` (a leading `$` is allowed and
/// ignored) all parse; anything else is `None`.
///
/// ```
/// use newsindex::extract::parse_quantity;
/// assert_eq!(parse_quantity("20M"), Some(20e6));
/// assert_eq!(parse_quantity("1.5bn"), Some(1.5e9));
/// assert_eq!(parse_quantity("20000000"), Some(2e7));
/// assert_eq!(parse_quantity("lots"), None);
/// ```
pub fn parse_quantity(s: &str) -> Option<f64> {
    let s = s.trim();
    let s = s.strip_prefix('$').unwrap_or(s).trim_start();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(s.len());
    let (num, rest) = s.split_at(split);
    if num.is_empty() || num.starts_with(['.', ',']) {
        return None;
    }
    let value = parse_number(num)?;
    let rest = rest.trim();
    let mult = if rest.is_empty() {
        1.0
    } else {
        multiplier(rest)?
    };
    Some(round_sig(value * mult))
}

/// Parse one money expression such as `"$1.5bn"`, `"20 mln dlrs"` or
/// `"£600m"` to (value, ISO currency). A bare quantity without currency
/// (`"20M"`) is taken as US dollars, which is what a command-line filter
/// like `--min-amount 20M` means.
///
/// ```
/// use newsindex::extract::parse_amount;
/// assert_eq!(parse_amount("£600m"), Some((600e6, "GBP".to_string())));
/// assert_eq!(parse_amount("20M"), Some((20e6, "USD".to_string())));
/// ```
pub fn parse_amount(s: &str) -> Option<(f64, String)> {
    if let Some(a) = amounts(s).into_iter().next() {
        return Some((a.value, a.currency));
    }
    parse_quantity(s).map(|v| (v, "USD".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_for_filters() {
        assert_eq!(parse_quantity("20M"), Some(20e6));
        assert_eq!(parse_quantity("20m"), Some(20e6));
        assert_eq!(parse_quantity("1.5bn"), Some(1.5e9));
        assert_eq!(parse_quantity("1.5 billion"), Some(1.5e9));
        assert_eq!(parse_quantity("20 mln"), Some(20e6));
        assert_eq!(parse_quantity("20000000"), Some(2e7));
        assert_eq!(parse_quantity("1,000,000"), Some(1e6));
        assert_eq!(parse_quantity("$5k"), Some(5e3));
        assert_eq!(parse_quantity("5x"), None);
        assert_eq!(parse_quantity(""), None);
        assert_eq!(parse_quantity("bn"), None);
        assert_eq!(parse_amount("$1.5bn"), Some((1.5e9, "USD".into())));
        assert_eq!(parse_amount("20 mln stg"), Some((20e6, "GBP".into())));
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn never_panics(s in "\\PC{0,80}") {
                let _ = amounts(&s);
                let _ = parse_quantity(&s);
                let _ = parse_amount(&s);
            }

            #[test]
            fn quantities_round_trip(n in 0u64..10_000_000_000u64) {
                prop_assert_eq!(parse_quantity(&n.to_string()), Some(n as f64));
            }
        }
    }
}
