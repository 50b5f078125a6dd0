//! How money amounts read: compactly under a hit (`$1bn`, `£600m (≈ $767m)`)
//! and in full in `search extract` (`1,000,000,000 USD`).

use newsindex::Amount;

/// An amount as articles write it, compactly: `$1bn`, `£600m`, `€3bn (≈ $3.7bn)`.
pub fn compact_amount(amount: &Amount) -> String {
    let own = money(&amount.currency, amount.value, 3);
    match amount.usd {
        Some(usd) if amount.currency != "USD" => format!("{own} (≈ {})", approximate_usd(usd)),
        _ => own,
    }
}

/// What an undated article's dollar equivalents must say: they are at
/// the rate table's 2024 averages, not the article's day (`""` for a dated
/// article, or when no amount was converted).
pub fn undated_dollars(undated: bool, amounts: &[Amount]) -> &'static str {
    let converted = amounts
        .iter()
        .any(|a| a.usd.is_some() && a.currency != "USD");
    if undated && converted {
        " (≈ $ at 2024 rates: the article has no date)"
    } else {
        ""
    }
}

/// A converted amount to three significant digits: `$767m`, `$3.25bn`, `$11.9bn`.
fn approximate_usd(usd: f64) -> String {
    let scale = [1e12, 1e9, 1e6].into_iter().find(|s| usd.abs() >= *s);
    let decimals = match scale {
        Some(scale) => 2usize.saturating_sub((usd.abs() / scale).log10().floor() as usize),
        None => 2,
    };
    money("USD", usd, decimals)
}

/// `$1.5bn`, `£600m`, `¥30bn`, `CHF 3m`, `$250,000`, `$1.30`: at most
/// `decimals` decimals on the scaled value (trailing zeros dropped).
fn money(currency: &str, value: f64, decimals: usize) -> String {
    let symbol = match currency {
        "USD" => Some("$"),
        "GBP" => Some("£"),
        "EUR" => Some("€"),
        "JPY" => Some("¥"),
        _ => None,
    };
    let number = compact_number(value, decimals);
    match symbol {
        Some(symbol) => format!("{symbol}{number}"),
        None => format!("{currency} {number}"),
    }
}

fn compact_number(value: f64, decimals: usize) -> String {
    let scaled = [(1e12, "tn"), (1e9, "bn"), (1e6, "m")]
        .into_iter()
        .find(|(scale, _)| value.abs() >= *scale);
    match scaled {
        Some((scale, suffix)) => {
            let digits = format!("{:.decimals$}", value / scale);
            let digits = if digits.contains('.') {
                digits.trim_end_matches('0').trim_end_matches('.')
            } else {
                &digits
            };
            format!("{digits}{suffix}")
        }
        None if (value - value.round()).abs() < 1e-9 => {
            group_thousands(&format!("{}", value.round() as i64))
        }
        None => format!("{value:.2}"),
    }
}

/// A US dollar equivalent: cents below a thousand dollars, else whole
/// dollars with grouped thousands.
pub(super) fn group_whole(value: f64) -> String {
    if value.abs() < 1e3 {
        format!("{value:.2}")
    } else if value.abs() < 1e18 {
        group_thousands(&format!("{}", value.round() as i64))
    } else {
        format!("{value:.3e}")
    }
}

/// `1,000,000,000 USD`.
pub fn amount(amount: &Amount) -> String {
    let whole = amount.value.round();
    let digits = if (amount.value - whole).abs() < 1e-9 && whole.abs() < 1e18 {
        group_thousands(&format!("{}", whole as i64))
    } else {
        format!("{:.2}", amount.value)
    };
    format!("{digits} {}", amount.currency)
}

fn group_thousands(digits: &str) -> String {
    let (sign, digits) = digits
        .strip_prefix('-')
        .map_or(("", digits), |rest| ("-", rest));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_compact_with_their_dollar_value() {
        let a = |value: f64, currency: &str, usd: Option<f64>| Amount {
            value,
            currency: currency.into(),
            usd,
            text: String::new(),
            rate: false,
        };
        assert_eq!(compact_amount(&a(1e9, "USD", Some(1e9))), "$1bn");
        assert_eq!(compact_amount(&a(6e8, "GBP", None)), "£600m");
        assert_eq!(
            compact_amount(&a(3e9, "EUR", Some(3.2512e9))),
            "€3bn (≈ $3.25bn)"
        );
        assert_eq!(
            compact_amount(&a(6e8, "GBP", Some(7.668e8))),
            "£600m (≈ $767m)"
        );
        assert_eq!(compact_amount(&a(1.275e9, "USD", None)), "$1.275bn");
        assert_eq!(compact_amount(&a(2.58e12, "USD", None)), "$2.58tn");
        assert_eq!(compact_amount(&a(250_000.0, "USD", None)), "$250,000");
        assert_eq!(compact_amount(&a(1.3, "USD", None)), "$1.30");
        assert_eq!(
            compact_amount(&a(5e7, "CHF", Some(5.6e7))),
            "CHF 50m (≈ $56m)"
        );
    }

    #[test]
    fn amounts_group_thousands() {
        let a = Amount {
            value: 1e9,
            currency: "USD".into(),
            usd: Some(1e9),
            text: "$1 billion".into(),
            rate: false,
        };
        assert_eq!(amount(&a), "1,000,000,000 USD");
        assert_eq!(group_thousands("-1234"), "-1,234");
        assert_eq!(group_thousands("999"), "999");
    }
}
