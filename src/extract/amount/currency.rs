//! Currencies as written: signs (`$`, `£`), codes and prefixes (`USD`,
//! `US$`, `DM`), currency words after the number (`dlrs`, `stg`, `yen`)
//! with their qualifiers ("Canadian dlrs"), and the currency names several
//! countries share (crown, dinar, peso, ...), written by the scan as a
//! placeholder and placed by the article's countries.

use super::number::{lower, round_sig};
use super::rates::usd_rate;
use crate::extract::Amount;

/// A currency sign or code written before the number: `$`, `£`, `€`, `¥`,
/// or an ISO code / symbol prefix word (`US`, `C`, `HK`, `USD`, `Rs`).
pub(super) fn prefix_word_currency(word: &str, dollar_follows: bool) -> Option<&'static str> {
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

pub(super) fn symbol_currency(sym: &str) -> Option<&'static str> {
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
pub(super) const QUALIFIED: &[(&[&str], Family, &str)] = &[
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
pub(super) enum Family {
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
pub(super) fn currency_word(word: &str) -> Option<(Option<Family>, &'static str)> {
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

/// A currency word whose currency depends on the article: a placeholder
/// currency written by the scan, the currencies of that name by issuing
/// country (canonical names, see the `country` module), and the currency taken
/// when none of the article's countries issues one (`None`: the amount is
/// dropped, since its currency is unknown).
struct Unplaced {
    tag: &'static str,
    issuers: &'static [(&'static str, &'static str)],
    default: Option<&'static str>,
}

pub(super) const CROWN: &str = "crown?";
pub(super) const DINAR: &str = "dinar?";
pub(super) const RIAL: &str = "rial?";
pub(super) const RIYAL: &str = "riyal?";
pub(super) const PESO: &str = "peso?";
pub(super) const FRANC: &str = "franc?";
pub(super) const POUND: &str = "pound?";
/// Currency names that are also ordinary English words ("the team won",
/// "the 400m mark", "for real"): money only in an article about a
/// country that issues them, or with a clear money context.
pub(super) const WON: &str = "won?";
/// Hundredths of a pound ("70p", "530 pence"): converted to GBP by the scan.
pub(super) const PENCE: &str = "pence";
pub(super) const RAND: &str = "rand?";
pub(super) const REAL: &str = "real?";
pub(super) const SOL: &str = "sol?";
pub(super) const MARK: &str = "mark?";

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
pub(super) fn ordinary_word(tag: &str) -> bool {
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
