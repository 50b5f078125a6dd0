//! The pass over an article's tokens that reads its amounts: at each
//! number, a currency sign or code before it, a multiplier and a currency
//! word after it, and the second end of a range.

use super::currency::{
    currency_word, ordinary_word, place_unqualified, prefix_word_currency, symbol_currency, PENCE,
    QUALIFIED, RAND, WON,
};
use super::exchange::is_rate_quote;
use super::number::{multiplier, number_word, parse_number, round_sig};
use super::rates::usd_rate;
use crate::extract::token::{tokenize, Kind, Token};
use crate::extract::Amount;

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
/// is left out here; [`crate::extract::extract`] places it by the article's
/// countries.
pub fn amounts(text: &str) -> Vec<Amount> {
    let text = &*crate::extract::squash(text);
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
        rate: false,
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
        // "the euro rose to $1.30", "105 yen to the dollar": a price of a
        // currency, not a sum of money (marked, see `Amount::rate`).
        let rate = !has_mult && is_rate_quote(text, toks, first.start, i, end);
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
        out.push(Amount {
            rate,
            ..make(text, toks, first.number * first_mult, iso, first.start, end)
        });
        if let Some(s) = &second {
            out.push(Amount {
                rate,
                ..make(
                    text,
                    toks,
                    s.number * s.mult.map_or(mult, |m| m * unit),
                    iso,
                    first.start,
                    end,
                )
            });
        }
        i = end.max(i + 1);
    }
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
        for text in [
            "Net 12.6 mln vs 15.8 mln",
            "Shr 1.20 vs 1.05, revs 30.4 mln",
            "up 5 pct, 1,000 workers, one billion people",
            "the A320 and 747 jets weigh 500 pounds of metal",
            "Real Madrid won 3 games",
        ] {
            assert!(got(text).is_empty(), "{text}");
        }
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

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
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
        }
    }
}
