//! The head of a body: a wire dateline ("TOKYO, March 3 -", "KOKOMO,
//! Ind., Feb 26 -", "MOSCOW (Reuters) -") whose place is strong evidence
//! for the article's country, and the lead sentence after it.

use std::ops::Range;

use super::gazetteer::{Gazetteer, GAZETTEER};

/// Parse a wire dateline at the start of `body` ("TOKYO, March 3 -",
/// "KOKOMO, Ind., Feb 26 -", "MOSCOW (Reuters) -"). Returns the country
/// of its place, if known, the byte length of the dateline and the byte
/// range of the name that gave the country (the place, or the qualifier
/// that overrides it).
pub(super) fn dateline(g: &Gazetteer, body: &str) -> Option<(Option<u16>, usize, Range<usize>)> {
    let lead = body.len() - body.trim_start().len();
    let window_end = (lead + 90).min(body.len());
    let window_end = (0..=window_end)
        .rev()
        .find(|i| body.is_char_boundary(*i))
        .unwrap_or(0);
    let window = &body[lead..window_end];
    let dash = dateline_end(window)?;
    let head = window[..dash.0].trim();
    let mut parts = head.split(',').map(str::trim).filter(|p| !p.is_empty());
    let place = parts.next()?;
    let words: Vec<&str> = place.split_whitespace().collect();
    if words.is_empty()
        || words.len() > 4
        || !words
            .iter()
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
    {
        return None;
    }
    let lookup = |name: &str| -> Option<u16> {
        let up = name.to_uppercase();
        let bare = up.trim_end_matches('.');
        g.dateline
            .get(&up)
            .or_else(|| g.dateline.get(bare))
            .or_else(|| g.dateline.get(&format!("{bare}.")))
            .copied()
    };
    // Every part is a subslice of `body`: its range is its address less
    // the body's.
    let range = |part: &str| {
        let s = part.as_ptr() as usize - body.as_ptr() as usize;
        s..s + part.len()
    };
    let mut country = lookup(place);
    let mut span = range(place);
    // A qualifier ("Ind.", "Texas", "Ontario") names the state or country
    // and overrides an ambiguous city ("PARIS, Texas").
    for q in parts {
        if q.split_whitespace().next().is_some_and(is_month) {
            break;
        }
        if let Some(c) = lookup(q) {
            country = Some(c);
            span = range(q);
            break;
        }
    }
    Some((country, lead + dash.0 + dash.1, span))
}

/// Where the dateline ends in `window`: (start of the separator, its
/// length). Separators: a dash after a space and before a space or line
/// end (" - ", " -- ", " — "), or an agency tag "(Reuters)".
fn dateline_end(window: &str) -> Option<(usize, usize)> {
    let bytes = window.as_bytes();
    let mut best: Option<(usize, usize)> = None;
    for (i, c) in window.char_indices() {
        // " - ", or a dash glued to the day ("Oct 20- ").
        let after_space = i > 0 && bytes[i - 1] == b' ';
        let after_day = i > 0 && bytes[i - 1].is_ascii_digit() && c == '-';
        if matches!(c, '-' | '—' | '–') && (after_space || after_day) {
            let mut j = i + c.len_utf8();
            while j < bytes.len() && bytes[j] == b'-' {
                j += 1;
            }
            if j == bytes.len() || bytes[j].is_ascii_whitespace() {
                let from = if after_space { i - 1 } else { i };
                best = Some((from, j - from));
                break;
            }
        }
    }
    // The first agency tag wins if it comes before the dash: one pass over
    // the '(' bytes rather than a substring search per tag.
    let limit = best.map_or(bytes.len(), |(b, _)| b);
    let tag = (0..limit).filter(|&p| bytes[p] == b'(').find_map(|p| {
        ["(Reuters)", "(AP)", "(AFP)", "(UPI)"]
            .iter()
            .find(|t| bytes[p..].starts_with(t.as_bytes()))
            .map(|t| (p, t.len()))
    });
    tag.or(best)
}

fn is_month(w: &str) -> bool {
    const MONTHS: &[&str] = &[
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = w.trim_end_matches('.').to_ascii_lowercase();
    MONTHS.contains(&w.as_str())
}

/// End of the lead sentence of `body` starting at `from`.
pub(super) fn lead_end(body: &str, from: usize) -> usize {
    let limit = (from + 400).min(body.len());
    let bytes = body.as_bytes();
    let mut i = from + 30;
    while i + 2 < limit {
        if bytes[i] == b'.' && bytes[i + 1] == b' ' && bytes[i + 2].is_ascii_uppercase() {
            // "U.S. Treasury": not a sentence end after a one-letter segment.
            if i >= 2 && bytes[i - 2] == b'.' {
                i += 1;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    limit
}

/// Where the wire dateline and the lead sentence of a squashed `body`
/// end (byte offsets; the dateline's end is 0 without one), as the
/// country scan reads them.
pub(crate) fn lead_zones(body: &str) -> (usize, usize) {
    let skip = dateline(&GAZETTEER, body).map_or(0, |(_, len, _)| len);
    (skip, lead_end(body, skip))
}
