//! Money amounts: `$1 billion`, `£600m`, `2.4bn euros`, `20 mln dlrs`,
//! `one-billion-dlr`, `19.54 billion Canadian dlrs`, `15-20 mln dlrs`.
//!
//! One pass over the tokens of [`super::token`]: at each number (digits or
//! a small number word) look left for a currency sign (`$`, `US$`, `£`,
//! `€`, `¥`, `C$`, an ISO code) and right for a multiplier (`m`, `mln`,
//! `billion`, ...) and a currency word (`dlrs`, `stg`, `yen`, `Canadian
//! dlrs`, ...). A number with neither sign nor currency word is not money
//! ("Net 12.6 mln vs 15.8 mln"). A range (`15-20 mln dlrs`, `$15 to $20
//! million`, `between 15 and 20 mln dlrs`) gives both ends, each with the
//! range's multiplier and currency.
//!
//! USD equivalents use [`usd_rate_on`] when the article's date is known:
//! monthly averages of the ECB reference rates since 1999
//! (`data/usd_rates.csv`, made by `tools/rates/make_rates.py`; earlier
//! dates take January 1999, for want of an openly licensed source), else
//! [`usd_rate`], a small table of approximate 2024 annual average rates.
//! Currencies replaced by the euro convert through their fixed 1999/2001
//! euro conversion rates.
//!
//! Currency names that are ordinary words need money context ("the 400m
//! mark" is a distance, "Halo 2 won" a verb); a four-digit year never
//! starts a range ("down 4% in 2004 to 789m euros"); names several
//! countries share (rial, riyal, peso, franc, pound, crown, dinar) follow
//! the countries the article is about (`place_unqualified`).

use super::token::{tokenize, Kind, Token};
use super::Amount;

/// `word` lower-cased into `buf` without allocating; `None` when it is
/// longer than any word we look up.
fn lower<'b>(word: &str, buf: &'b mut [u8; 16]) -> Option<&'b str> {
    let b = word.as_bytes();
    if b.len() > buf.len() || !word.is_ascii() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..b.len()]).ok()
}

/// Multipliers written as words or glued suffixes (lower-cased).
fn multiplier(word: &str) -> Option<f64> {
    let mut buf = [0u8; 16];
    let w = lower(word, &mut buf)?;
    Some(match w {
        "k" | "thousand" | "thousands" => 1e3,
        "m" | "mn" | "mln" | "mio" | "million" | "millions" | "mil" => 1e6,
        "b" | "bn" | "bln" | "billion" | "billions" => 1e9,
        "tn" | "trn" | "tln" | "trillion" | "trillions" => 1e12,
        _ => return None,
    })
}

/// Number words accepted in place of digits ("one billion dlrs").
fn number_word(word: &str) -> Option<f64> {
    // Quick reject on length and first letter: this runs on every word.
    if word.len() > 7
        || !matches!(
            word.as_bytes().first(),
            Some(b'o' | b'a' | b't' | b'f' | b's' | b'e' | b'n' | b'h')
                | Some(b'O' | b'A' | b'T' | b'F' | b'S' | b'E' | b'N' | b'H')
        )
    {
        return None;
    }
    let mut buf = [0u8; 16];
    let w = lower(word, &mut buf)?;
    Some(match w {
        "one" | "a" | "an" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "fifteen" => 15.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "hundred" => 100.0,
        "half" => 0.5,
        _ => return None,
    })
}

/// A currency sign or code written before the number: `$`, `£`, `€`, `¥`,
/// or an ISO code / symbol prefix word (`US`, `C`, `HK`, `USD`, `Rs`).
fn prefix_word_currency(word: &str, dollar_follows: bool) -> Option<&'static str> {
    if dollar_follows {
        // `US$`, `C$`, `A$`, `NZ$`, `HK$`, `S$`, `NT$`, `R$`, `Z$`.
        return Some(match word {
            "US" | "U.S." | "U.S" => "USD",
            "C" | "Can" | "CAN" => "CAD",
            "A" | "AUS" | "Aus" => "AUD",
            "NZ" => "NZD",
            "HK" => "HKD",
            "S" | "SG" => "SGD",
            "NT" => "TWD",
            "R" => "BRL",
            "Z" => "ZWD",
            "M" => "MXN",
            _ => return None,
        });
    }
    Some(match word {
        "USD" | "EUR" | "GBP" | "JPY" | "CHF" | "CAD" | "AUD" | "CNY" | "HKD" | "SEK" | "NOK"
        | "DKK" | "INR" | "KRW" | "RUB" | "BRL" | "MXN" | "ZAR" | "SGD" | "NZD" => {
            // Leak-free: map to the matching static string.
            ISO_CODES.iter().find(|c| **c == word)?
        }
        "Rs" | "Rs." => "INR",
        "DM" => "DEM",
        "Dfl" | "Dfl." | "Fl" => "NLG",
        "SFr" | "SFr." | "Sfr" => "CHF",
        "FFr" | "FF" => "FRF",
        "Y" => "JPY",
        _ => return None,
    })
}

const ISO_CODES: &[&str] = &[
    "USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "CNY", "HKD", "SEK", "NOK", "DKK", "INR",
    "KRW", "RUB", "BRL", "MXN", "ZAR", "SGD", "NZD",
];

fn symbol_currency(sym: &str) -> Option<&'static str> {
    Some(match sym {
        "$" => "USD",
        "£" => "GBP",
        "€" => "EUR",
        "¥" => "JPY",
        "₹" => "INR",
        "₩" => "KRW",
        "₽" => "RUB",
        _ => return None,
    })
}

/// Qualifiers written before a currency word ("Canadian dlrs", "Swiss
/// francs", "Hong Kong dlrs"): (qualifier words, currency word family, ISO).
const QUALIFIED: &[(&[&str], Family, &str)] = &[
    (&["U.S."], Family::Dollar, "USD"),
    (&["US"], Family::Dollar, "USD"),
    (&["American"], Family::Dollar, "USD"),
    (&["Canadian"], Family::Dollar, "CAD"),
    (&["Australian"], Family::Dollar, "AUD"),
    (&["Aust"], Family::Dollar, "AUD"),
    (&["New", "Zealand"], Family::Dollar, "NZD"),
    (&["NZ"], Family::Dollar, "NZD"),
    (&["Hong", "Kong"], Family::Dollar, "HKD"),
    (&["HK"], Family::Dollar, "HKD"),
    (&["Singapore"], Family::Dollar, "SGD"),
    (&["Taiwan"], Family::Dollar, "TWD"),
    (&["NT"], Family::Dollar, "TWD"),
    (&["Zimbabwe"], Family::Dollar, "ZWD"),
    (&["Malaysian"], Family::Dollar, "MYR"),
    (&["Swiss"], Family::Franc, "CHF"),
    (&["French"], Family::Franc, "FRF"),
    (&["Belgian"], Family::Franc, "BEF"),
    (&["Luxembourg"], Family::Franc, "LUF"),
    (&["CFA"], Family::Franc, "XOF"),
    (&["Swedish"], Family::Crown, "SEK"),
    (&["Danish"], Family::Crown, "DKK"),
    (&["Norwegian"], Family::Crown, "NOK"),
    (&["Czech"], Family::Crown, "CZK"),
    (&["Irish"], Family::Pound, "IEP"),
    (&["Egyptian"], Family::Pound, "EGP"),
    (&["Cyprus"], Family::Pound, "CYP"),
    (&["Lebanese"], Family::Pound, "LBP"),
    (&["Turkish"], Family::Lira, "TRL"),
    (&["Italian"], Family::Lira, "ITL"),
    (&["Mexican"], Family::Peso, "MXN"),
    (&["Philippine"], Family::Peso, "PHP"),
    (&["Argentine"], Family::Peso, "ARS"),
    (&["Chilean"], Family::Peso, "CLP"),
    (&["Colombian"], Family::Peso, "COP"),
    (&["Pakistani"], Family::Rupee, "PKR"),
    (&["Sri", "Lankan"], Family::Rupee, "LKR"),
    (&["Indian"], Family::Rupee, "INR"),
    (&["Indonesian"], Family::Rupee, "IDR"),
    (&["Kuwaiti"], Family::Dinar, "KWD"),
    (&["Iraqi"], Family::Dinar, "IQD"),
    (&["Saudi"], Family::Riyal, "SAR"),
    (&["Kenyan"], Family::Shilling, "KES"),
    (&["Austrian"], Family::Shilling, "ATS"),
    (&["Deutsche"], Family::Mark, "DEM"),
    (&["German"], Family::Mark, "DEM"),
    (&["West", "German"], Family::Mark, "DEM"),
    (&["Finnish"], Family::Mark, "FIM"),
];

/// Currency words that need a qualifier or have a default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Dollar,
    Franc,
    Crown,
    Pound,
    Lira,
    Peso,
    Rupee,
    Dinar,
    Riyal,
    Shilling,
    Mark,
}

/// A currency word after the number (lower-cased comparison): either a
/// fixed ISO code or a family whose default applies without a qualifier.
fn currency_word(word: &str) -> Option<(Option<Family>, &'static str)> {
    let mut buf = [0u8; 16];
    let w = lower(word, &mut buf)?;
    Some(match w {
        "dlr" | "dlrs" | "dollar" | "dollars" | "usd" => (Some(Family::Dollar), "USD"),
        "stg" | "sterling" | "gbp" => (Some(Family::Pound), "GBP"),
        "pence" | "p" => (None, PENCE),
        "pound" | "pounds" => (Some(Family::Pound), POUND),
        "yen" | "jpy" => (None, "JPY"),
        "yuan" | "renminbi" | "rmb" | "cny" => (None, "CNY"),
        "euro" | "euros" | "eur" => (None, "EUR"),
        "mark" => (Some(Family::Mark), MARK),
        "marks" | "dm" | "d-mark" | "d-marks" | "deutschemarks" => (Some(Family::Mark), "DEM"),
        "franc" | "francs" => (Some(Family::Franc), FRANC),
        "chf" => (None, "CHF"),
        "lire" | "lira" => (Some(Family::Lira), "ITL"),
        "guilder" | "guilders" => (None, "NLG"),
        "peseta" | "pesetas" => (None, "ESP"),
        "escudo" | "escudos" => (None, "PTE"),
        "drachma" | "drachmas" | "drachmae" => (None, "GRD"),
        "schilling" | "schillings" => (Some(Family::Shilling), "ATS"),
        "shilling" | "shillings" => (Some(Family::Shilling), "KES"),
        "punt" | "punts" => (None, "IEP"),
        "markka" | "markkaa" => (None, "FIM"),
        "krona" | "kronor" => (Some(Family::Crown), "SEK"),
        "krone" | "kroner" => (Some(Family::Crown), "NOK"),
        "crown" | "crowns" => (Some(Family::Crown), CROWN),
        "rupee" | "rupees" => (Some(Family::Rupee), "INR"),
        "rupiah" => (None, "IDR"),
        "rand" => (None, RAND),
        "won" => (None, WON),
        "ringgit" => (None, "MYR"),
        "baht" => (None, "THB"),
        "peso" | "pesos" => (Some(Family::Peso), PESO),
        "cruzado" | "cruzados" => (None, "BRC"),
        "cruzeiro" | "cruzeiros" => (None, "BRB"),
        "real" => (None, REAL),
        "reais" => (None, "BRL"),
        "austral" | "australs" => (None, "ARA"),
        "riyal" | "riyals" => (Some(Family::Riyal), RIYAL),
        "rial" | "rials" => (Some(Family::Riyal), RIAL),
        "dinar" | "dinars" => (Some(Family::Dinar), DINAR),
        "dirham" | "dirhams" => (None, "AED"),
        "naira" => (None, "NGN"),
        "rouble" | "roubles" | "ruble" | "rubles" => (None, "RUB"),
        "zloty" | "zlotys" | "zlotych" => (None, "PLN"),
        "forint" | "forints" => (None, "HUF"),
        "shekel" | "shekels" => (None, "ILS"),
        "bolivar" | "bolivars" => (None, "VEB"),
        "sol" => (None, SOL),
        "soles" => (None, "PEN"),
        "intis" => (None, "PEI"),
        "kwacha" => (None, "ZMK"),
        "ecu" | "ecus" => (None, "XEU"),
        "sdr" | "sdrs" => (None, "XDR"),
        _ => return None,
    })
}

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
    let mut lines = include_str!("data/usd_rates.csv")
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

/// A currency word whose currency depends on the article: a placeholder
/// currency written by the scan, the currencies of that name by issuing
/// country (canonical names, see `country.rs`), and the currency taken
/// when none of the article's countries issues one (`None`: the amount is
/// dropped, since its currency is unknown).
struct Unplaced {
    tag: &'static str,
    issuers: &'static [(&'static str, &'static str)],
    default: Option<&'static str>,
}

const CROWN: &str = "crown?";
const DINAR: &str = "dinar?";
const RIAL: &str = "rial?";
const RIYAL: &str = "riyal?";
const PESO: &str = "peso?";
const FRANC: &str = "franc?";
const POUND: &str = "pound?";
/// Currency names that are also ordinary English words ("the team won",
/// "the 400m mark", "for real"): money only in an article about a
/// country that issues them, or with a clear money context.
const WON: &str = "won?";
/// Hundredths of a pound ("70p", "530 pence"): converted to GBP by the scan.
const PENCE: &str = "pence";
const RAND: &str = "rand?";
const REAL: &str = "real?";
const SOL: &str = "sol?";
const MARK: &str = "mark?";

const UNPLACED: &[Unplaced] = &[
    Unplaced {
        tag: CROWN,
        issuers: &[
            ("Sweden", "SEK"),
            ("Denmark", "DKK"),
            ("Norway", "NOK"),
            ("Czech Republic", "CZK"),
            ("Czechoslovakia", "CSK"),
            ("Iceland", "ISK"),
            ("Slovakia", "SKK"),
            ("Estonia", "EEK"),
        ],
        default: None,
    },
    Unplaced {
        tag: DINAR,
        issuers: &[
            ("Kuwait", "KWD"),
            ("Iraq", "IQD"),
            ("Jordan", "JOD"),
            ("Bahrain", "BHD"),
            ("Tunisia", "TND"),
            ("Algeria", "DZD"),
            ("Libya", "LYD"),
            ("Serbia", "RSD"),
            ("Yugoslavia", "YUN"),
        ],
        default: None,
    },
    // "Rial" is mostly Iran's, "riyal" Saudi Arabia's.
    Unplaced {
        tag: RIAL,
        issuers: &[
            ("Iran", "IRR"),
            ("Oman", "OMR"),
            ("Yemen", "YER"),
            ("Saudi Arabia", "SAR"),
            ("Qatar", "QAR"),
        ],
        default: Some("IRR"),
    },
    Unplaced {
        tag: RIYAL,
        issuers: &[
            ("Saudi Arabia", "SAR"),
            ("Qatar", "QAR"),
            ("Oman", "OMR"),
            ("Yemen", "YER"),
            ("Iran", "IRR"),
        ],
        default: Some("SAR"),
    },
    Unplaced {
        tag: PESO,
        issuers: &[
            ("Mexico", "MXN"),
            ("Philippines", "PHP"),
            ("Argentina", "ARS"),
            ("Chile", "CLP"),
            ("Colombia", "COP"),
            ("Cuba", "CUP"),
            ("Uruguay", "UYU"),
            ("Dominican Republic", "DOP"),
            ("Bolivia", "BOB"),
        ],
        default: Some("MXN"),
    },
    Unplaced {
        tag: FRANC,
        issuers: &[
            ("France", "FRF"),
            ("Switzerland", "CHF"),
            ("Belgium", "BEF"),
            ("Luxembourg", "LUF"),
            ("Liechtenstein", "CHF"),
        ],
        default: Some("FRF"),
    },
    Unplaced {
        tag: POUND,
        issuers: &[
            ("United Kingdom", "GBP"),
            ("Egypt", "EGP"),
            ("Lebanon", "LBP"),
            ("Syria", "SYP"),
            ("Cyprus", "CYP"),
            ("Ireland", "IEP"),
            ("Sudan", "SDG"),
        ],
        default: Some("GBP"),
    },
    Unplaced {
        tag: WON,
        issuers: &[("South Korea", "KRW"), ("North Korea", "KPW")],
        default: None,
    },
    Unplaced {
        tag: RAND,
        issuers: &[("South Africa", "ZAR")],
        default: None,
    },
    Unplaced {
        tag: REAL,
        issuers: &[("Brazil", "BRL")],
        default: None,
    },
    Unplaced {
        tag: SOL,
        issuers: &[("Peru", "PEN")],
        default: None,
    },
    Unplaced {
        tag: MARK,
        issuers: &[
            ("Germany", "DEM"),
            ("West Germany", "DEM"),
            ("East Germany", "DDM"),
            ("Finland", "FIM"),
        ],
        default: None,
    },
];

/// True for the placeholder currency of a word that is also an ordinary
/// English word.
fn ordinary_word(tag: &str) -> bool {
    matches!(tag, WON | RAND | REAL | SOL | MARK)
}

/// Give each amount whose currency word depends on the article ("200
/// dinars", "5bn rials", "10 pesos", "1.5 trillion won") the currency of
/// the first country the article is `about`, then of the other
/// `countries` it refers to, that issues one; else the word's default,
/// or drop the amount when its currency is unknown.
pub(crate) fn place_unqualified(amounts: &mut Vec<Amount>, about: &[String], countries: &[String]) {
    amounts.retain_mut(|a| {
        let Some(u) = UNPLACED.iter().find(|u| u.tag == a.currency) else {
            return true;
        };
        let code = about
            .iter()
            .chain(countries)
            .find_map(|c| {
                u.issuers
                    .iter()
                    .find(|(name, _)| name == c)
                    .map(|(_, code)| *code)
            })
            .or(u.default);
        match code {
            Some(code) => {
                a.currency = code.to_string();
                a.usd = usd_rate(code).map(|r| round_sig(a.value * r));
                true
            }
            None => false,
        }
    });
}

/// Parse a number token (`1,000.5`) to f64.
fn parse_number(s: &str) -> Option<f64> {
    // "1,000" with a comma followed by exactly two digits is rare in
    // English news; treat commas as thousands separators throughout.
    let v = if s.contains(',') {
        s.replace(',', "").parse::<f64>()
    } else {
        // Most numbers have no comma: parse them in place.
        s.parse::<f64>()
    };
    v.ok().filter(|v| v.is_finite())
}

/// The numeric value of token `t`: digits, or a number word.
fn token_number(t: &Token<'_>) -> Option<f64> {
    match t.kind {
        Kind::Num => parse_number(t.text),
        Kind::Word => number_word(t.text),
        Kind::Punct => None,
    }
}

/// `s` glued to the number: "1.13bn" -> "bn". Multipliers glued as
/// separate word tokens (the tokeniser splits digits from letters).
fn glued(toks: &[Token<'_>], i: usize) -> bool {
    i > 0 && toks[i - 1].end == toks[i].start
}

/// Read a multiplier at `i` (word, possibly glued or hyphen-joined).
/// Returns (multiplier, next index).
fn read_multiplier(toks: &[Token<'_>], mut i: usize, loose: bool) -> (f64, usize) {
    // "one-billion-dlr": skip a glued hyphen.
    if i + 1 < toks.len() && toks[i].is("-") && glued(toks, i) && glued(toks, i + 1) {
        if let Some(m) = multiplier(toks[i + 1].text) {
            return (m, i + 2);
        }
    }
    if i < toks.len() && toks[i].kind == Kind::Word {
        if let Some(m) = multiplier(toks[i].text) {
            // A lone "m"/"b"/"k" must be glued ("600m"), not "600 m",
            // unless a currency sign came first (`loose`).
            if toks[i].text.len() > 1 || glued(toks, i) || loose {
                i += 1;
                return (m, i);
            }
        }
    }
    (1.0, i)
}

/// Read a currency word after the number, with an optional qualifier
/// before it ("Canadian dlrs") and an optional glued hyphen ("-dlr").
/// Returns (ISO code, next index).
fn read_currency_word(toks: &[Token<'_>], i: usize) -> Option<(&'static str, usize)> {
    let mut j = i;
    if j + 1 < toks.len() && toks[j].is("-") && glued(toks, j) && glued(toks, j + 1) {
        j += 1;
    }
    // Qualified forms first: up to two qualifier words then the currency
    // word. Qualifiers are capitalised ("Canadian", "U.S.", "HK").
    let qualified = toks.get(j).is_some_and(|t| t.is_capitalised());
    for &(quals, family, iso) in QUALIFIED.iter().filter(|_| qualified) {
        let n = quals.len();
        if j + n < toks.len()
            && quals
                .iter()
                .enumerate()
                .all(|(k, q)| toks[j + k].text == *q)
            && toks[j + n].kind == Kind::Word
        {
            if let Some((Some(f), _)) = currency_word(toks[j + n].text) {
                if f == family {
                    return Some((iso, j + n + 1));
                }
            }
        }
    }
    let t = toks.get(j)?;
    if t.kind != Kind::Word {
        return None;
    }
    // A placeholder (`CROWN`, `PESO`, ...) is placed by the article's
    // countries later (see `place_unqualified`).
    let (_, iso) = currency_word(t.text)?;
    let lower = t.text.to_ascii_lowercase();
    let next = toks.get(j + 1).map(|n| n.text.to_ascii_lowercase());
    // "the team won the cup", "Halo 2 won a prize": a verb with an object.
    if iso == WON
        && next.as_deref().is_some_and(|n| {
            matches!(
                n,
                "the"
                    | "his"
                    | "her"
                    | "its"
                    | "their"
                    | "our"
                    | "my"
                    | "your"
                    | "this"
                    | "that"
                    | "it"
                    | "them"
                    | "him"
                    | "me"
                    | "us"
                    | "by"
                    | "against"
                    | "over"
                    | "at"
                    | "best"
                    | "gold"
                    | "silver"
                    | "bronze"
                    | "two"
                    | "three"
            )
        })
    {
        return None;
    }
    // "p" only glued to its number: "70p", not "page 5 p".
    if iso == PENCE && lower == "p" && !glued(toks, j) {
        return None;
    }
    // "8 marks out of 10" is a score.
    if lower == "marks" && next.as_deref() == Some("out") {
        return None;
    }
    // "500 pounds of copper" is a weight, "the team won" is not money.
    if matches!(lower.as_str(), "pound" | "pounds")
        && toks.get(j + 1).is_some_and(|n| n.text == "of")
    {
        return None;
    }
    // A capitalised currency word in running text is usually a name
    // ("Real Madrid", "Rand Corp"), except for ALL-CAPS text.
    if t.is_capitalised()
        && !t.is_all_caps()
        && matches!(
            lower.as_str(),
            "real" | "rand" | "won" | "sol" | "mark" | "marks"
        )
    {
        return None;
    }
    Some((iso, j + 1))
}

/// Read a currency prefix ending just before `i` (the number token).
/// Returns (ISO code, index of the first token of the amount).
fn read_prefix(toks: &[Token<'_>], i: usize) -> Option<(&'static str, usize)> {
    if i == 0 {
        return None;
    }
    let p = &toks[i - 1];
    if p.kind == Kind::Punct {
        let iso = symbol_currency(p.text)?;
        // "US$5", "C$10": a word glued before the dollar sign.
        if p.text == "$" && i >= 2 && toks[i - 2].end == p.start && toks[i - 2].kind == Kind::Word {
            if let Some(code) = prefix_word_currency(toks[i - 2].text, true) {
                return Some((code, i - 2));
            }
        }
        return Some((iso, i - 1));
    }
    if p.kind == Kind::Word {
        // Only digits may follow a code ("USD 5 million"), not number words.
        if toks[i].kind == Kind::Num {
            if let Some(code) = prefix_word_currency(p.text, false) {
                return Some((code, i - 1));
            }
        }
    }
    None
}

/// True when `first`, read from token `t`, is a bare year such as 2004:
/// four digits, no sign, no multiplier.
fn year_like(first: &Side, t: &Token<'_>) -> bool {
    first.prefix.is_none()
        && first.mult.is_none()
        && t.text.len() == 4
        && t.text.bytes().all(|b| b.is_ascii_digit())
        && (1800.0..=2100.0).contains(&first.number)
}

/// One side of an amount: value before currency, and the token span.
struct Side {
    number: f64,
    mult: Option<f64>,
    prefix: Option<&'static str>,
    start: usize,
    /// Index after the number and multiplier.
    after: usize,
}

fn read_side(toks: &[Token<'_>], i: usize) -> Option<Side> {
    let mut number = token_number(&toks[i])?;
    let (prefix, start) = match read_prefix(toks, i) {
        Some((iso, s)) => (Some(iso), s),
        None => (None, i),
    };
    let mut next = i + 1;
    // "$30, 000": a thousands separator followed by a stray space.
    if prefix.is_some()
        && toks[i].kind == Kind::Num
        && toks[i].text.len() <= 3
        && toks[i].text.bytes().all(|b| b.is_ascii_digit())
        && toks
            .get(i + 1)
            .is_some_and(|c| c.is(",") && c.start == toks[i].end)
        && toks.get(i + 2).is_some_and(|t| {
            t.kind == Kind::Num
                && t.start == toks[i + 1].end + 1
                && t.text.len() == 3
                && t.text.bytes().all(|b| b.is_ascii_digit())
        })
    {
        number = number * 1000.0 + token_number(&toks[i + 2])?;
        next = i + 3;
    }
    // After a currency sign, "$458 m" is millions too.
    let (mult, after) = read_multiplier(toks, next, prefix.is_some());
    let mult = (after > next).then_some(mult);
    // Number words only count with a multiplier ("one billion dlrs", "a
    // billion dollars"), never alone ("a dollar" is not an amount worth
    // a facet, and "one" is everywhere).
    if toks[i].kind == Kind::Word && mult.is_none() {
        return None;
    }
    Some(Side {
        number,
        mult,
        prefix,
        start,
        after,
    })
}

/// Money amounts in `text`, in order of appearance, exact duplicates of
/// (value, currency) removed (the first one is kept): an article that
/// repeats "$1 billion" talks about one sum. A bare "crowns" or "dinars"
/// is left out here; [`super::extract`] places it by the article's
/// countries.
pub fn amounts(text: &str) -> Vec<Amount> {
    let text = &*super::squash(text);
    let toks = tokenize(text);
    let mut out: Vec<Amount> = Vec::new();
    scan(text, &toks, &mut out);
    place_unqualified(&mut out, &[], &[]);
    dedupe(&mut out);
    out
}

pub(crate) fn dedupe(out: &mut Vec<Amount>) {
    let mut seen: Vec<(u64, String)> = Vec::with_capacity(out.len());
    out.retain(|a| {
        let key = (a.value.to_bits(), a.currency.clone());
        if seen.contains(&key) {
            false
        } else {
            seen.push(key);
            true
        }
    });
}

fn make(text: &str, toks: &[Token<'_>], value: f64, iso: &str, start: usize, end: usize) -> Amount {
    let value = round_sig(value);
    Amount {
        value,
        currency: iso.to_string(),
        usd: usd_rate(iso).map(|r| round_sig(value * r)),
        text: text[toks[start].start..toks[end - 1].end].to_string(),
    }
}

/// Round to 12 significant digits so `1.13 * 1e9` prints as 1130000000.
fn round_sig(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let digits = 12 - (v.abs().log10().floor() as i32) - 1;
    if !(-300..=300).contains(&digits) {
        return v;
    }
    let f = 10f64.powi(digits);
    let r = (v * f).round() / f;
    if r.is_finite() {
        r
    } else {
        v
    }
}

pub(crate) fn scan(text: &str, toks: &[Token<'_>], out: &mut Vec<Amount>) {
    scan_spans(text, toks, out, None);
}

/// [`scan`], also pushing onto `spans` the byte range of the text each
/// amount was read from (both ends of a range share the range's text).
pub(crate) fn scan_spans(
    text: &str,
    toks: &[Token<'_>],
    out: &mut Vec<Amount>,
    mut spans: Option<&mut Vec<std::ops::Range<usize>>>,
) {
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let starts_number = match t.kind {
            Kind::Num => true,
            // A number word needs a multiplier next ("one billion",
            // "one-billion"): test the cheap part first.
            Kind::Word => {
                toks.get(i + 1).is_some_and(|n| {
                    n.text
                        .starts_with(['m', 'b', 't', 'k', 'M', 'B', 'T', 'K', '-'])
                }) && number_word(t.text).is_some()
            }
            Kind::Punct => false,
        };
        if !starts_number {
            i += 1;
            continue;
        }
        // A number glued to letters before it ("A320", "F16") is a name.
        if t.kind == Kind::Num
            && i > 0
            && glued(toks, i)
            && toks[i - 1].kind == Kind::Word
            && read_prefix(toks, i).is_none()
        {
            i += 1;
            continue;
        }
        let Some(first) = read_side(toks, i) else {
            i += 1;
            continue;
        };
        // Range: "15-20", "15 to 20", "between 15 and 20", "$15-$20"; a
        // year never starts one ("down 4% in 2004 to 789m euros").
        let mut second: Option<Side> = None;
        let k = first.after;
        if k < toks.len() && !year_like(&first, &toks[i]) {
            let sep = &toks[k];
            let is_sep = sep.is("-")
                || sep.text == "to"
                || (sep.text == "and"
                    && first.start > 0
                    && toks[first.start - 1].text.eq_ignore_ascii_case("between"));
            if is_sep {
                let mut n = k + 1;
                // "$15-$20 million": skip a repeated sign.
                if n < toks.len()
                    && toks[n].kind == Kind::Punct
                    && symbol_currency(toks[n].text).is_some()
                {
                    n += 1;
                }
                if n < toks.len() && toks[n].kind == Kind::Num {
                    second = read_side(toks, n);
                }
            }
        }
        let last_after = second.as_ref().map_or(first.after, |s| s.after);
        // Currency after the number(s)?
        let suffix = read_currency_word(toks, last_after);
        let prefix = first.prefix.or(second.as_ref().and_then(|s| s.prefix));
        let (iso, end) = match (prefix, suffix) {
            // "the $50 mark": an ordinary word after a sign is no currency.
            (Some(p), Some((s, _))) if ordinary_word(s) => (p, last_after),
            // "US$5 mln dlrs" or "$5 dlrs": the suffix wins only when it
            // refines the prefix (e.g. "$ 5 Canadian dlrs").
            (Some(p), Some((s, e))) => (if p == "USD" { s } else { p }, e),
            (Some(p), None) => (p, last_after),
            (None, Some((s, e))) => (s, e),
            (None, None) => {
                i = first.after.max(i + 1);
                continue;
            }
        };
        let has_mult = first.mult.is_some() || second.as_ref().is_some_and(|s| s.mult.is_some());
        // An ordinary word after a bare number: "the 400m mark" is a
        // distance, "the 2 won" no sum. With a multiplier "won" and
        // "rand" are money ("1.5 trillion won"); otherwise the article's
        // countries decide (see `place_unqualified`).
        let iso = if ordinary_word(iso) {
            let the_before =
                first.start > 0 && toks[first.start - 1].text.eq_ignore_ascii_case("the");
            if the_before {
                i = end.max(i + 1);
                continue;
            }
            match iso {
                WON if has_mult => "KRW",
                RAND if has_mult => "ZAR",
                other => other,
            }
        } else {
            iso
        };
        let (iso, unit) = if iso == PENCE {
            ("GBP", 0.01)
        } else {
            (iso, 1.0)
        };
        let mult = second
            .as_ref()
            .and_then(|s| s.mult)
            .or(first.mult)
            .unwrap_or(1.0)
            * unit;
        let first_mult = first.mult.map_or(mult, |m| m * unit);
        if let Some(spans) = spans.as_deref_mut() {
            let span = toks[first.start].start..toks[end - 1].end;
            spans.push(span.clone());
            if second.is_some() {
                spans.push(span);
            }
        }
        out.push(make(
            text,
            toks,
            first.number * first_mult,
            iso,
            first.start,
            end,
        ));
        if let Some(s) = &second {
            out.push(make(
                text,
                toks,
                s.number * s.mult.map_or(mult, |m| m * unit),
                iso,
                first.start,
                end,
            ));
        }
        i = end.max(i + 1);
    }
}

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

    fn got(text: &str) -> Vec<(f64, String)> {
        amounts(text)
            .into_iter()
            .map(|a| (a.value, a.currency))
            .collect()
    }

    fn one(text: &str, value: f64, iso: &str) {
        assert_eq!(got(text), vec![(value, iso.to_string())], "{text}");
    }

    #[test]
    fn dollar_sign_forms() {
        one("sign a $1 billion deal", 1e9, "USD");
        one("a $20 million agreement with Bessemer", 20e6, "USD");
        one("revenue of $1.13bn last year", 1.13e9, "USD");
        one("it paid US$5 for each share", 5.0, "USD");
        one("a C$250 mln issue", 250e6, "CAD");
        one("HK$1.2 billion", 1.2e9, "HKD");
    }

    #[test]
    fn symbol_forms() {
        one("a £600m takeover", 600e6, "GBP");
        one("a €3bn bond", 3e9, "EUR");
        one("the ¥500 billion package", 500e9, "JPY");
    }

    #[test]
    fn currency_words_after_the_number() {
        one("sales of 2.4bn euros", 2.4e9, "EUR");
        one("a 300bn yen stimulus", 300e9, "JPY");
        one("an investment of 3bn yuan", 3e9, "CNY");
        one("Net profit 20 mln dlrs", 20e6, "USD");
        one("a loan of 1.5 billion dlrs", 1.5e9, "USD");
        one("one billion dlrs in credits", 1e9, "USD");
        one("a one-billion-dlr loan", 1e9, "USD");
        one("a 20-mln-dlr facility", 20e6, "USD");
        one("profits rose to 104.65 mln stg", 104.65e6, "GBP");
        one("an issue of 480 mln marks", 480e6, "DEM");
        one("the 146 billion lire deficit", 146e9, "ITL");
        one("assets of 19.54 billion Canadian dlrs", 19.54e9, "CAD");
        one("20 billion yen of bonds", 20e9, "JPY");
        one("a 1,000,000 dlrs fine", 1e6, "USD");
        one("paid 500 mln Swiss francs", 500e6, "CHF");
        one("a 50 mln U.S. dlr credit", 50e6, "USD");
        one("worth 2.5 billion Hong Kong dlrs", 2.5e9, "HKD");
        one("it raised 400 mln French francs", 400e6, "FRF");
        one("a 30 mln Australian dlr loan", 30e6, "AUD");
    }

    #[test]
    fn ranges_give_both_ends() {
        assert_eq!(
            got("a loss of 15-20 mln dlrs"),
            vec![(15e6, "USD".into()), (20e6, "USD".into())]
        );
        assert_eq!(
            got("between $15 and $20 million"),
            vec![(15e6, "USD".into()), (20e6, "USD".into())]
        );
        assert_eq!(
            got("from 2 to 3 billion yen"),
            vec![(2e9, "JPY".into()), (3e9, "JPY".into())]
        );
    }

    #[test]
    fn bare_numbers_are_not_money() {
        assert!(got("Net 12.6 mln vs 15.8 mln").is_empty());
        assert!(got("Shr 1.20 vs 1.05, revs 30.4 mln").is_empty());
        assert!(got("up 5 pct, 1,000 workers, one billion people").is_empty());
        assert!(got("the A320 and 747 jets weigh 500 pounds of metal").is_empty());
        assert!(got("Real Madrid won 3 games").is_empty());
    }

    #[test]
    fn bare_crowns_and_dinars_follow_the_article_country() {
        assert!(got("it paid 200 dinars a canister").is_empty());
        let f = crate::extract::extract(
            "Iraq raises fuel prices",
            "BAGHDAD, Jan 3 - Iraq raised the price of gas to 200 dinars a canister, \
             Iraqi officials said.",
        );
        assert_eq!(f.countries, ["Iraq"]);
        assert_eq!(f.amounts.len(), 1);
        assert_eq!(
            (f.amounts[0].value, f.amounts[0].currency.as_str()),
            (200.0, "IQD")
        );
        assert!((f.amounts[0].usd.unwrap() - 200.0 / 1310.0).abs() < 1e-6);
        let f = crate::extract::extract(
            "",
            "STOCKHOLM, March 2 - Volvo said profits rose to 5.2 billion crowns.",
        );
        assert_eq!(f.amounts[0].currency, "SEK");
        assert_eq!(f.amounts[0].value, 5.2e9);
        // Whose crowns is unknown: no amount rather than a wrong one.
        let f = crate::extract::extract("", "Tokyo said the fee was 300 crowns.");
        assert!(f.amounts.is_empty(), "{:?}", f.amounts);
        // A qualifier still wins over the country.
        let f = crate::extract::extract("", "STOCKHOLM, March 2 - It paid 40 mln Danish crowns.");
        assert_eq!(f.amounts[0].currency, "DKK");
    }

    fn in_article(title: &str, body: &str) -> Vec<(f64, String)> {
        crate::extract::extract(title, body)
            .amounts
            .into_iter()
            .map(|a| (a.value, a.currency))
            .collect()
    }

    #[test]
    fn ordinary_words_need_money_context() {
        // Distances, thresholds and scores are not money.
        assert!(got("She passed the 400m mark in 44 seconds.").is_empty());
        assert!(got("Oil rose above the $50 mark.") == vec![(50.0, "USD".into())]);
        assert!(got("The film got 8 marks out of 10.").is_empty());
        // A verb, not the Korean currency.
        assert!(got("Halo 2 won the award for best game.").is_empty());
        assert!(got("Halo 2 won, beating Half-Life 2.").is_empty());
        assert!(got("He has a yen for travel and is for real.").is_empty());
        // ... but money with a multiplier or in an article about Korea.
        one("exports of 1.5 trillion won last year", 1.5e12, "KRW");
        assert_eq!(
            in_article(
                "Seoul fines chipmaker",
                "South Korea fined the firm 50,000 won a day, officials in Seoul said."
            ),
            vec![(50_000.0, "KRW".into())]
        );
        // Plural marks with a multiplier stay Deutsche marks.
        one("an issue of 480 mln marks", 480e6, "DEM");
    }

    #[test]
    fn pence_and_untidy_figures() {
        one("the song for 70p online", 0.7, "GBP");
        one("a 530 pence-per-share offer", 5.3, "GBP");
        assert!(got("see page 5 p 12").is_empty());
        one(
            "Shrek 2 took an estimated $458 m in North America",
            458e6,
            "USD",
        );
        assert!(got("he ran 400 m in 44 seconds").is_empty());
        one("those earning less than $30, 000 a year", 30_000.0, "USD");
    }

    #[test]
    fn a_year_never_starts_a_range() {
        one("Sales were down 4% in 2004 to 789m euros.", 789e6, "EUR");
        assert_eq!(
            got("from 1999 to 2004 it lost 20m euros"),
            vec![(20e6, "EUR".into())]
        );
        // A real range still reads both ends.
        assert_eq!(
            got("a loss of 2,500 to 3,000 euros"),
            vec![(2500.0, "EUR".into()), (3000.0, "EUR".into())]
        );
    }

    #[test]
    fn ambiguous_currency_names_follow_the_article_country() {
        assert_eq!(
            in_article(
                "Iran budget",
                "Iran's parliament approved a budget of 1,546 trillion rials. Iranian \
                 officials in Tehran said so."
            ),
            vec![(1546e12, "IRR".into())]
        );
        assert_eq!(
            in_article(
                "Colombia coffee",
                "Colombia's growers earned 500 billion pesos, Colombian officials said."
            ),
            vec![(500e9, "COP".into())]
        );
        assert_eq!(
            in_article("", "Saudi Arabia spent 10 billion riyals in Riyadh."),
            vec![(10e9, "SAR".into())]
        );
        // A qualifier wins over the country.
        assert_eq!(
            in_article("", "In Mexico the firm paid 30m Philippine pesos."),
            vec![(30e6, "PHP".into())]
        );
        // Egypt's pounds in an article about Egypt; weights are not money.
        assert_eq!(
            in_article(
                "Egypt raises bread price",
                "Egypt will spend 2bn pounds on bread, Egyptian ministers in Cairo said. \
                 A sack holds 100 pounds of flour."
            ),
            vec![(2e9, "EGP".into())]
        );
        one("It cost 2bn pounds.", 2e9, "GBP");
        // Hong Kong dollars, however written.
        one("worth 2.5 billion Hong Kong dollars", 2.5e9, "HKD");
        one("a HK$300m deal", 300e6, "HKD");
    }

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

    #[test]
    fn amount_text_is_the_source_slice() {
        let a = amounts("It signed a $20 million agreement.");
        assert_eq!(a[0].text, "$20 million");
        let a = amounts("assets of 19.54 billion Canadian dlrs.");
        assert_eq!(a[0].text, "19.54 billion Canadian dlrs");
    }

    #[test]
    fn duplicates_are_removed() {
        assert_eq!(got("$1 billion here and $1 billion there").len(), 1);
    }

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
            fn never_panics_on_money_like_text(s in "[$£€ 0-9.,a-zA-Z-]{0,40}") {
                let _ = amounts(&s);
            }

            #[test]
            fn dollar_millions_round_trip(n in 1u32..1_000_000) {
                let a = amounts(&format!("a ${n} million deal"));
                prop_assert_eq!(a.len(), 1);
                prop_assert_eq!(a[0].value, f64::from(n) * 1e6);
                prop_assert_eq!(a[0].usd, Some(f64::from(n) * 1e6));
            }

            #[test]
            fn decimal_billions_round_trip(whole in 0u32..10_000, frac in 0u32..100) {
                let text = format!("{whole}.{frac:02} billion yen");
                let a = amounts(&text);
                prop_assert_eq!(a.len(), 1);
                let expect = round_sig((f64::from(whole) + f64::from(frac) / 100.0) * 1e9);
                prop_assert!((a[0].value - expect).abs() <= expect * 1e-12, "{} vs {}", a[0].value, expect);
                prop_assert_eq!(a[0].currency.as_str(), "JPY");
            }

            #[test]
            fn quantities_round_trip(n in 0u64..10_000_000_000u64) {
                prop_assert_eq!(parse_quantity(&n.to_string()), Some(n as f64));
            }
        }
    }
}
