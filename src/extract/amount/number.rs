//! Numbers as an article or a user writes them: digits with thousands
//! separators, number words ("one", "twenty"), multipliers ("m", "mln",
//! "billion"), and the rounding to 12 significant digits that every value
//! goes through. Shared by the scan and the parsing of user input.

/// `word` lower-cased into `buf` without allocating; `None` when it is
/// longer than any word we look up.
pub(super) fn lower<'b>(word: &str, buf: &'b mut [u8; 16]) -> Option<&'b str> {
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
pub(super) fn multiplier(word: &str) -> Option<f64> {
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
pub(super) fn number_word(word: &str) -> Option<f64> {
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

/// Parse a number token (`1,000.5`) to f64.
pub(super) fn parse_number(s: &str) -> Option<f64> {
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

/// Round to 12 significant digits so `1.13 * 1e9` prints as 1130000000.
pub(super) fn round_sig(v: f64) -> f64 {
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
