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
//!
//! Exchange-rate quotes ("the euro rose to $1.30", "$1.2980 per euro",
//! "1.30 dollars to the euro") are prices of a currency, not sums: they
//! are no amounts (see `exchange` for the rule).
//!
//! # Rooms
//! - `number`: numbers as written (digits, number words, multipliers) and
//!   the rounding every value goes through.
//! - `currency`: currency signs, codes and words, and the names several
//!   countries share, placed by the article's countries.
//! - `exchange`: exchange-rate quotes, which are not amounts.
//! - `rates`: US-dollar rates, dated (ECB monthly averages) or fixed.
//! - `scan`: the pass over an article's tokens that reads the amounts.
//! - `user_input`: quantities and amounts typed by a user for a filter.

mod currency;
mod exchange;
mod number;
mod rates;
mod scan;
mod user_input;

pub(crate) use currency::place_unqualified;
pub(crate) use rates::convert_at;
pub use rates::{usd_rate, usd_rate_on};
pub use scan::amounts;
pub(crate) use scan::{dedupe, scan, scan_spans};
pub use user_input::{parse_amount, parse_quantity};
