//! US-dollar equivalents: the ECB's monthly reference rates since 1999
//! (`data/usd_rates.csv`) for an article of a known date, a fixed table of
//! approximate 2024 rates otherwise, and the fixed euro conversion rates
//! of the currencies the euro replaced.

use super::number::round_sig;
use crate::extract::Amount;

/// USD per one unit of `currency`.
///
/// Rates are approximate 2024 annual averages of the daily reference rates
/// published by the US Federal Reserve (H.10) and the European Central
/// Bank, rounded to 3-4 significant digits: good enough to filter "over
/// $1 million", not for accounting. Currencies replaced by the euro use the
/// fixed conversion rates of 31 December 1998 (Greece 2001) times the 2024
/// EUR/USD average. Currencies with no stable modern equivalent (cruzado,
/// austral, old bolivar, ...) have no rate.
pub fn usd_rate(currency: &str) -> Option<f64> {
    const EUR_USD: f64 = 1.082;
    if let Some(fixed) = euro_fixed(currency) {
        return Some(EUR_USD / fixed);
    }
    match currency {
        "USD" => Some(1.0),
        "EUR" => Some(EUR_USD),
        "GBP" => Some(1.278),
        "JPY" => Some(1.0 / 151.4),
        "CNY" => Some(1.0 / 7.19),
        "CHF" => Some(1.136),
        "CAD" => Some(1.0 / 1.370),
        "AUD" => Some(0.660),
        "NZD" => Some(0.607),
        "HKD" => Some(1.0 / 7.80),
        "SGD" => Some(1.0 / 1.336),
        "TWD" => Some(1.0 / 32.1),
        "KRW" => Some(1.0 / 1364.0),
        "INR" => Some(1.0 / 83.7),
        "PKR" => Some(1.0 / 278.5),
        "LKR" => Some(1.0 / 301.0),
        "IDR" => Some(1.0 / 15855.0),
        "MYR" => Some(1.0 / 4.58),
        "THB" => Some(1.0 / 35.3),
        "PHP" => Some(1.0 / 57.3),
        "SEK" => Some(1.0 / 10.57),
        "NOK" => Some(1.0 / 10.76),
        "DKK" => Some(1.0 / 6.89),
        "CZK" => Some(1.0 / 23.2),
        "PLN" => Some(1.0 / 3.98),
        "HUF" => Some(1.0 / 366.0),
        "RUB" => Some(1.0 / 92.5),
        "TRY" => Some(1.0 / 32.8),
        "ILS" => Some(1.0 / 3.70),
        "ZAR" => Some(1.0 / 18.33),
        "NGN" => Some(1.0 / 1480.0),
        "KES" => Some(1.0 / 134.0),
        "EGP" => Some(1.0 / 45.3),
        "SAR" => Some(1.0 / 3.75),
        "AED" => Some(1.0 / 3.6725),
        "KWD" => Some(1.0 / 0.307),
        "BHD" => Some(1.0 / 0.376),
        "JOD" => Some(1.0 / 0.709),
        "IQD" => Some(1.0 / 1310.0),
        "TND" => Some(1.0 / 3.11),
        "DZD" => Some(1.0 / 134.2),
        "LYD" => Some(1.0 / 4.82),
        "RSD" => Some(1.0 / 108.0),
        "ISK" => Some(1.0 / 137.9),
        "MXN" => Some(1.0 / 18.3),
        "BRL" => Some(1.0 / 5.39),
        "ARS" => Some(1.0 / 915.0),
        "CLP" => Some(1.0 / 944.0),
        "COP" => Some(1.0 / 4070.0),
        "XDR" => Some(1.33),
        _ => None,
    }
}

/// Units of a currency replaced by the euro per euro: the fixed conversion
/// rates of 31 December 1998 (Greece 2001, and the later members). The
/// ecu converted one to one.
fn euro_fixed(currency: &str) -> Option<f64> {
    Some(match currency {
        "DEM" => 1.95583,
        "FRF" => 6.55957,
        "ITL" => 1936.27,
        "ESP" => 166.386,
        "NLG" => 2.20371,
        "BEF" | "LUF" => 40.3399,
        "ATS" => 13.7603,
        "PTE" => 200.482,
        "IEP" => 0.787564,
        "FIM" => 5.94573,
        "GRD" => 340.750,
        "SKK" => 30.1260,
        "EEK" => 15.6466,
        "XEU" => 1.0,
        _ => return None,
    })
}

/// Monthly US-dollar rates since January 1999 (`data/usd_rates.csv`, made
/// by `tools/rates/make_rates.py` from the ECB reference rates).
struct MonthlyRates {
    /// Year and month of the first row.
    first: (i32, u8),
    /// Currency codes, by column.
    codes: Vec<&'static str>,
    /// US dollars per unit, by month then column; NaN where the ECB
    /// published no rate that month.
    rows: Vec<Vec<f64>>,
}

static MONTHLY: std::sync::LazyLock<MonthlyRates> = std::sync::LazyLock::new(|| {
    let mut lines = include_str!("../data/usd_rates.csv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty());
    let header = lines.next().expect("rate table header");
    let codes: Vec<&'static str> = header.split(',').skip(1).collect();
    let mut first = None;
    let mut rows = Vec::new();
    for line in lines {
        let mut cells = line.split(',');
        let month = cells.next().expect("month");
        if first.is_none() {
            let (y, m) = month.split_once('-').expect("YYYY-MM");
            first = Some((y.parse().expect("year"), m.parse().expect("month")));
        }
        rows.push(cells.map(|c| c.parse().unwrap_or(f64::NAN)).collect());
    }
    MonthlyRates {
        first: first.expect("at least one month"),
        codes,
        rows,
    }
});

impl MonthlyRates {
    /// The rate of column `col` in month `row`, or in the nearest month
    /// that has one (later months first: a currency the ECB added late).
    fn at(&self, row: usize, col: usize) -> Option<f64> {
        let get = |r: usize| self.rows.get(r).map(|v| v[col]).filter(|v| v.is_finite());
        get(row).or_else(|| {
            (1..self.rows.len())
                .find_map(|d| get(row + d).or_else(|| row.checked_sub(d).and_then(get)))
        })
    }
}

/// USD per one unit of `currency` at the rate of `date`: the month's
/// average of the ECB reference rates for the 40-odd currencies the ECB
/// quotes (and, through their fixed euro rates, the currencies the euro
/// replaced). Dates before January 1999 take January 1999, dates after
/// the table its last month. Other currencies, and no date, take
/// [`usd_rate`].
///
/// ```
/// use newsindex::extract::{usd_rate_on, usd_rate};
/// let jan_2005 = time::Date::from_calendar_date(2005, time::Month::January, 20).unwrap();
/// let gbp = usd_rate_on("GBP", Some(jan_2005)).unwrap();
/// assert!((1.85..1.91).contains(&gbp), "{gbp}");
/// assert_eq!(usd_rate_on("GBP", None), usd_rate("GBP"));
/// ```
pub fn usd_rate_on(currency: &str, date: Option<time::Date>) -> Option<f64> {
    let Some(date) = date else {
        return usd_rate(currency);
    };
    if currency == "USD" {
        return Some(1.0);
    }
    let t = &*MONTHLY;
    let months =
        (date.year() - t.first.0) * 12 + (i32::from(u8::from(date.month())) - i32::from(t.first.1));
    let row = usize::try_from(months.max(0))
        .unwrap_or(0)
        .min(t.rows.len() - 1);
    let col = |code: &str| t.codes.iter().position(|c| *c == code);
    if let Some(c) = col(currency) {
        return t.at(row, c);
    }
    if let Some(fixed) = euro_fixed(currency) {
        return col("EUR").and_then(|c| t.at(row, c)).map(|eur| eur / fixed);
    }
    usd_rate(currency)
}

/// Convert every amount to US dollars at the rate of `date` (see
/// [`usd_rate_on`]).
pub(crate) fn convert_at(amounts: &mut [Amount], date: time::Date) {
    for a in amounts {
        a.usd = usd_rate_on(&a.currency, Some(date)).map(|r| round_sig(a.value * r));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::amount::scan::amounts;

    #[test]
    fn dated_rates() {
        let date = |y, m| time::Date::from_calendar_date(y, m, 15).unwrap();
        // Pound in January 2005 (about 1.88) and in June 2024 (about 1.27).
        let a = usd_rate_on("GBP", Some(date(2005, time::Month::January))).unwrap();
        let b = usd_rate_on("GBP", Some(date(2024, time::Month::June))).unwrap();
        assert!(
            (1.85..1.91).contains(&a) && (1.25..1.29).contains(&b),
            "{a} {b}"
        );
        // Before 1999: January 1999; after the table: its last month.
        let early = usd_rate_on("JPY", Some(date(1987, time::Month::March))).unwrap();
        let first = usd_rate_on("JPY", Some(date(1999, time::Month::January))).unwrap();
        assert_eq!(early, first);
        // Currencies replaced by the euro go through its rate of the month.
        let dem = usd_rate_on("DEM", Some(date(2005, time::Month::January))).unwrap();
        let eur = usd_rate_on("EUR", Some(date(2005, time::Month::January))).unwrap();
        assert!((dem * 1.95583 - eur).abs() < 1e-9);
        // Currencies the ECB does not quote take the fixed table.
        assert_eq!(
            usd_rate_on("SAR", Some(date(2005, time::Month::January))),
            usd_rate("SAR")
        );
        let f = crate::extract::extract_dated(
            "",
            "It paid 100m euros.",
            Some(date(2001, time::Month::June)),
        );
        let usd = f.amounts[0].usd.unwrap();
        assert!((83e6..88e6).contains(&usd), "{usd}");
        assert_eq!(f.amounts[0].text, "100m euros");
    }

    #[test]
    fn usd_equivalents() {
        let a = amounts("a 20 mln dlrs loan and 480 mln marks");
        assert_eq!(a[0].usd, Some(20e6));
        let dem = a[1].usd.unwrap();
        assert!((dem - 480e6 / 1.95583 * 1.082).abs() < 1.0, "{dem}");
        assert_eq!(amounts("100 mln cruzados")[0].usd, None);
    }
}
