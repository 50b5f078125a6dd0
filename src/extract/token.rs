//! A small single-pass tokeniser shared by the organisation and amount
//! extractors: words, numbers and single punctuation characters with their
//! byte offsets. No allocation beyond the token vector.
//!
//! Also the word helpers of plain text that the country and organisation
//! scans share: whether a match is whole words, and the word before,
//! after or hyphened to it.

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters (and digits after the first letter); may hold internal dots
    /// for abbreviations (`U.S.`, `N.Y.`) and internal `&` (`AT&T`).
    Word,
    /// Digits with internal `,` or `.` separators (`1,000.5`).
    Num,
    /// Any other single non-space character (`$`, `£`, `-`, `.`).
    Punct,
}

/// One token: a slice of the text and where it sits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// [`UPPER`] and [`LOWER`]: the letter cases the token holds, read
    /// once here for the tests of every extractor.
    case: u8,
}

/// Some character of the token is upper-case.
const UPPER: u8 = 1;
/// Some character of the token is lower-case.
const LOWER: u8 = 2;

/// The [`UPPER`] and [`LOWER`] bits of `text[start..end]`.
#[inline]
fn case_of(text: &str, start: usize, end: usize) -> u8 {
    let bytes = text.as_bytes();
    let (mut upper, mut lower, mut high) = (0u64, 0u64, 0u64);
    // Eight bytes at a time (most words are one load), the bytes past the
    // word masked off; the last few bytes of the text one by one.
    let mut i = start;
    while i < end {
        let x = match bytes.get(i..i + 8) {
            Some(chunk) => {
                let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
                let n = end - i;
                if n >= 8 {
                    x
                } else {
                    x & ((1u64 << (8 * n)) - 1)
                }
            }
            None => bytes[i..end]
                .iter()
                .rev()
                .fold(0u64, |x, &b| (x << 8) | u64::from(b)),
        };
        high |= x & HIGH;
        upper |= in_range(x, b'A', b'Z');
        lower |= in_range(x, b'a', b'z');
        i += 8;
    }
    let (upper, lower) = if high != 0 {
        let w = &text[start..end];
        (
            w.chars().any(char::is_uppercase),
            w.chars().any(char::is_lowercase),
        )
    } else {
        (upper != 0, lower != 0)
    };
    (u8::from(upper) * UPPER) | (u8::from(lower) * LOWER)
}

/// The high bit of each ASCII byte of `x` in `lo..=hi`.
#[inline]
fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    let ge = |v: u64, c: u8| ((v | HIGH) - ONES * u64::from(c)) & HIGH;
    ge(x, lo) & !ge(x, hi + 1) & !x & HIGH
}

impl<'a> Token<'a> {
    /// The token `text[start..end]`.
    #[inline]
    fn new(text: &'a str, start: usize, end: usize, kind: Kind) -> Token<'a> {
        Token {
            text: &text[start..end],
            start,
            end,
            kind,
            case: if kind == Kind::Word {
                case_of(text, start, end)
            } else {
                0
            },
        }
    }

    /// True when the token is a word with an upper-case letter (anywhere:
    /// "eBay").
    #[inline]
    pub fn has_upper(&self) -> bool {
        self.case & UPPER != 0
    }

    /// True when the token is a word with a lower-case letter.
    #[inline]
    pub fn has_lower(&self) -> bool {
        self.case & LOWER != 0
    }

    /// True when the token starts with an upper-case letter.
    pub fn is_capitalised(&self) -> bool {
        match self.text.as_bytes().first() {
            None => false,
            Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
            Some(_) => self.text.chars().next().is_some_and(char::is_uppercase),
        }
    }

    /// True when the token is a word with no lower-case letter.
    pub fn is_all_caps(&self) -> bool {
        self.kind == Kind::Word && self.case & LOWER == 0
    }

    /// True for a stock ticker such as `NESI.T` or `BUD.N`: capitals, a
    /// dot, one or two capitals (but not `U.S.`).
    pub fn is_ticker(&self) -> bool {
        // The byte test first: it turns away almost every word at its
        // second byte, before any search for the dot.
        if !self
            .text
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b == b'.')
        {
            return false;
        }
        let Some((stem, exch)) = self.text.rsplit_once('.') else {
            return false;
        };
        stem.len() >= 2 && !stem.contains('.') && (1..=2).contains(&exch.len())
    }

    /// True when this is the punctuation character `c`.
    pub fn is(&self, c: &str) -> bool {
        self.text == c
    }
}

/// End of the run of ASCII letters and digits at `bytes[i..]`.
#[inline]
fn alnum_end(bytes: &[u8], mut i: usize) -> usize {
    // Eight bytes at a time: most words end within the first chunk, so
    // the loop exit is one predictable branch instead of one per byte.
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let stop = !alnum_mask(x) & HIGH;
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    i
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` that is an ASCII letter or digit.
#[inline]
fn alnum_mask(x: u64) -> u64 {
    // For a byte b below 0x80, (b | 0x80) - c keeps its high bit exactly
    // when b >= c, and never borrows from the next byte.
    let ge = |v: u64, c: u8| ((v | HIGH) - ONES * u64::from(c)) & HIGH;
    let digit = ge(x, b'0') & !ge(x, b'9' + 1);
    let folded = x | (ONES * 0x20); // lower-case letters; other bytes stay non-letters
    let alpha = ge(folded, b'a') & !ge(folded, b'z' + 1);
    (digit | alpha) & !x & HIGH
}

/// The character at byte `i` of `text`, whose first byte is `b`.
#[inline]
fn char_at(text: &str, i: usize, b: u8) -> char {
    if b.is_ascii() {
        char::from(b)
    } else {
        text[i..].chars().next().unwrap_or(' ')
    }
}

/// Split `text` into tokens.
pub(crate) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if b.is_ascii_digit() {
            let start = i;
            i += 1;
            while i < bytes.len() {
                let c = bytes[i];
                if c.is_ascii_digit() {
                    i += 1;
                } else if (c == b',' || c == b'.')
                    && i + 1 < bytes.len()
                    && bytes[i + 1].is_ascii_digit()
                {
                    i += 2;
                } else {
                    break;
                }
            }
            out.push(Token::new(text, start, i, Kind::Num));
            continue;
        }
        let ch = char_at(text, i, b);
        if ch.is_alphabetic() {
            let start = i;
            i += ch.len_utf8();
            loop {
                // ASCII fast path.
                i = alnum_end(bytes, i);
                let Some(&nb) = bytes.get(i) else {
                    break;
                };
                // Most words end at a space or an ASCII punctuation mark.
                if nb.is_ascii() && nb != b'&' && nb != b'.' {
                    break;
                }
                let c = char_at(text, i, nb);
                if c.is_alphanumeric() {
                    i += c.len_utf8();
                } else if c == '&' || c == '.' {
                    // `AT&T`, `U.S.`: only between letters, and a dot only
                    // after a single capital letter (so "Co." keeps its dot
                    // apart, but "U.S." and "N.Y." stay one word).
                    let next = text[i + 1..].chars().next();
                    let seg_start = text[start..i]
                        .rfind(['.', '&'])
                        .map_or(start, |p| start + p + 1);
                    let single_cap = i - seg_start == 1 && bytes[seg_start].is_ascii_uppercase();
                    // A ticker "NESI.T", "FIAT.MI": capitals, a dot, capitals.
                    let ticker = c == '.'
                        && next.is_some_and(|n| n.is_ascii_uppercase())
                        && text[start..i]
                            .bytes()
                            .all(|b| b.is_ascii_uppercase() || b == b'.');
                    if c == '&' && next.is_some_and(char::is_alphabetic) {
                        i += 1;
                    } else if c == '.' && (single_cap || ticker) {
                        // "U.S." -> include this dot; continue if a letter follows.
                        i += 1;
                        if !next.is_some_and(|n| n.is_ascii_uppercase()) {
                            break;
                        }
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            out.push(Token::new(text, start, i, Kind::Word));
            continue;
        }
        if ch.is_whitespace() {
            i += ch.len_utf8();
            continue;
        }
        let start = i;
        i += ch.len_utf8();
        out.push(Token::new(text, start, i, Kind::Punct));
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The run of word characters `tail` starts with (maybe empty).
fn first_word(tail: &str) -> &str {
    &tail[..tail.find(|c: char| !is_word_char(c)).unwrap_or(tail.len())]
}

/// The run of word characters `head` ends with (maybe empty).
fn last_word(head: &str) -> &str {
    let start = head
        .char_indices()
        .rev()
        .find(|(_, c)| !is_word_char(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &head[start..]
}

/// True when `text[s..e]` is whole words: no letter or digit glued on
/// either side, and no ".X" after it (the "UN" of a ticker "UN.AS").
pub(crate) fn whole_word(text: &str, s: usize, e: usize) -> bool {
    if text[..s].chars().next_back().is_some_and(is_word_char) {
        return false;
    }
    let mut after = text[e..].chars();
    match after.next() {
        Some(c) if is_word_char(c) => false,
        Some('.') if !text[..e].ends_with('.') => !after.next().is_some_and(is_word_char),
        _ => true,
    }
}

/// The word ending just before byte `at` (separated by one space).
pub(crate) fn word_before(text: &str, at: usize) -> Option<&str> {
    let w = last_word(text[..at].strip_suffix(' ')?);
    (!w.is_empty()).then_some(w)
}

/// The word starting just after byte `at` (separated by one space).
pub(crate) fn word_after(text: &str, at: usize) -> Option<&str> {
    let w = first_word(text[at..].strip_prefix(' ')?);
    (!w.is_empty()).then_some(w)
}

/// The capitalised word joined by a hyphen after `text[..e]` (`after`)
/// or before `text[s..]`.
pub(crate) fn hyphen_word(text: &str, s: usize, e: usize, after: bool) -> Option<&str> {
    let w = if after {
        first_word(text[e..].strip_prefix('-')?)
    } else {
        last_word(text[..s].strip_suffix('-')?)
    };
    w.starts_with(char::is_uppercase).then_some(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text).collect()
    }

    #[test]
    fn words_numbers_punctuation() {
        assert_eq!(
            texts("US$5 and $1.13bn, 1,000,000 dlrs."),
            [
                "US",
                "$",
                "5",
                "and",
                "$",
                "1.13",
                "bn",
                ",",
                "1,000,000",
                "dlrs",
                "."
            ]
        );
    }

    #[test]
    fn alnum_end_matches_the_byte_loop() {
        let bytes: Vec<u8> = (0..=255u8).collect();
        for b in bytes {
            assert_eq!(
                alnum_mask(u64::from(b)) & 0x80 != 0,
                b.is_ascii_alphanumeric(),
                "{b:#x}"
            );
        }
        let text = "Abc1 x Zz9@[`{/:éA0123456789abcdefghijklmnop.q";
        let b = text.as_bytes();
        for i in 0..b.len() {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_alphanumeric() {
                j += 1;
            }
            assert_eq!(alnum_end(b, i), j, "at {i}");
        }
    }

    #[test]
    fn abbreviations_stay_whole() {
        assert_eq!(
            texts("the U.S.-Russian talks, N.Y. and Ecolab Co."),
            ["the", "U.S.", "-", "Russian", "talks", ",", "N.Y.", "and", "Ecolab", "Co", "."]
        );
        assert_eq!(texts("AT&T Corp"), ["AT&T", "Corp"]);
        assert_eq!(
            texts("CRA Ltd's CRAA.S Forrest"),
            ["CRA", "Ltd", "'", "s", "CRAA.S", "Forrest"]
        );
        let t = tokenize("NESI.T U.S. UN.AS");
        assert!(t[0].is_ticker() && !t[1].is_ticker() && t[2].is_ticker());
        // Every position of the eight-byte loads, and the text's end.
        for pad in 0..10 {
            for w in [
                "a",
                "A",
                "aB",
                "abcdefghijKlm",
                "ABCDEFGHIJKLMNOPQRST",
                "ABCDEFGHc",
                "@[`{",
            ] {
                let text = format!("{}{w}", "1 ".repeat(pad));
                let t = tokenize(&text);
                let t = t.last().expect("a token");
                let want = (
                    w.chars().any(char::is_uppercase),
                    w.chars().any(char::is_lowercase),
                );
                if t.kind == Kind::Word {
                    assert_eq!((t.has_upper(), !t.is_all_caps()), want, "{text:?}");
                }
            }
        }
        let t = tokenize("eBay IBM said ÉTAT élan 5 $ Ωmega");
        let caps: Vec<(bool, bool)> = t.iter().map(|t| (t.has_upper(), t.is_all_caps())).collect();
        assert_eq!(
            caps,
            [
                (true, false),
                (true, true),
                (false, false),
                (true, true),
                (false, false),
                (false, false),
                (false, false),
                (true, false)
            ]
        );
        assert_eq!(texts("£600m €3bn"), ["£", "600", "m", "€", "3", "bn"]);
    }
}
