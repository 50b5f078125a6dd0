//! Publication dates written in an article's text, for files that carry
//! no date of their own (plain text and Markdown without front matter).
//!
//! A wrong date is worse than none, so only two places count, never a
//! date merely mentioned ("died on 4 February 2005", "the election on 5
//! May" are events, not the day of writing):
//! - a **date line**: a line that is nothing but a full date (day, month
//!   and year), among the text's first three or last two non-blank lines,
//!   optionally with a label (`Published:`, `Updated:`, `Last updated:`,
//!   `Date:`, `Posted:`), a weekday and a time: `Monday 14 February 2005`,
//!   `Published: 2005-02-14`, `Last updated: Monday, 14 February, 2005,
//!   12:37 GMT`, `Mon, 14 Feb 2005 12:37:00 +0000`;
//! - a **wire dateline** opening the body: a place in capitals, then the
//!   full date, an optional agency and a dash: `LONDON, 12 March 2005 -`,
//!   `WASHINGTON, March 12, 2005 (Reuters) -`.
//!
//! The year must be 1800 or later and not after next year. A date line
//! leaves the text (it is no part of the headline or body); a wire
//! dateline stays in the body, where it names the article's place.

use time::{OffsetDateTime, UtcOffset};

use super::date;

/// Labels a date line may start with, lower case, without the colon.
const LABELS: &[&str] = &[
    "published",
    "updated",
    "last updated",
    "date",
    "dated",
    "posted",
    "posted on",
    "published on",
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A date line wider than this is prose.
const LINE_MAX: usize = 80;

/// Where a wire dateline's dash may come, at most.
const DATELINE_MAX: usize = 80;

/// The date of a line that is nothing but a date (see the module docs).
pub(crate) fn date_line(line: &str) -> Option<OffsetDateTime> {
    let line = line.trim().trim_end_matches(['.', ',']);
    if line.is_empty() || line.len() > LINE_MAX || !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let rest = strip_label(line);
    if let Some(d) = date::parse(rest).filter(|d| plausible(*d)) {
        return Some(d);
    }
    full_date(strip_weekday(rest))
}

/// The date of a wire dateline opening `body` (see the module docs).
pub(crate) fn wire_dateline(body: &str) -> Option<OffsetDateTime> {
    let head = body.trim_start();
    let head = &head[..floor_boundary(head, DATELINE_MAX)];
    let dash = [" - ", " -- ", " — ", " – "]
        .iter()
        .filter_map(|d| head.find(d))
        .min()?;
    let head = &head[..dash];
    let (place, rest) = head.split_once(',')?;
    let place = place.trim();
    let is_place = !place.is_empty()
        && place.chars().any(char::is_alphabetic)
        && place
            .chars()
            .all(|c| c.is_uppercase() || c == ' ' || c == '.' || c == '-' || c == '\'');
    if !is_place {
        return None;
    }
    // "(Reuters)", "(AP)": an agency after the date.
    let rest = match rest.find('(') {
        Some(open) if rest.trim_end().ends_with(')') => &rest[..open],
        _ => rest,
    };
    full_date(rest)
}

/// A full date, once a weekday and a trailing time are gone: `14
/// February, 2005, 12:37 GMT` -> 2005-02-14.
fn full_date(text: &str) -> Option<OffsetDateTime> {
    let text = strip_weekday(text.trim());
    let date_part = match text.find(':') {
        // Cut the time: back to the last space or comma before "12:37".
        Some(colon) => {
            let start = text[..colon].rfind([' ', ',']).unwrap_or(0);
            &text[..start]
        }
        None => text,
    };
    let date_part = date_part.trim().trim_end_matches(',').replace(", ", " ");
    date::parse(&date_part).filter(|d| plausible(*d))
}

fn strip_label(line: &str) -> &str {
    let Some((label, rest)) = line.split_once(':') else {
        return line;
    };
    if LABELS.contains(&label.trim().to_ascii_lowercase().as_str()) {
        rest.trim()
    } else {
        line
    }
}

fn strip_weekday(text: &str) -> &str {
    let text = text.trim_start();
    let word_end = text.find([' ', ',']).unwrap_or(text.len());
    let word = text[..word_end].trim_end_matches('.').to_ascii_lowercase();
    let is_weekday = word.len() >= 3 && WEEKDAYS.iter().any(|d| d.starts_with(word.as_str()));
    if is_weekday {
        text[word_end..].trim_start_matches([',', ' '])
    } else {
        text
    }
}

/// A year a news article can have: 1800 up to next year.
fn plausible(d: OffsetDateTime) -> bool {
    let next_year = OffsetDateTime::now_utc().to_offset(UtcOffset::UTC).year() + 1;
    (1800..=next_year).contains(&d.year())
}

fn floor_boundary(s: &str, max: usize) -> usize {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn date_lines() {
        let day = Some(datetime!(2005-02-14 0:00 UTC));
        for line in [
            "Monday 14 February 2005",
            "Monday, 14 February 2005",
            "14 February 2005",
            "February 14, 2005",
            "Published: 2005-02-14",
            "Last updated: Monday, 14 February, 2005, 12:37 GMT",
            "Date: Mon 14 Feb 2005",
        ] {
            assert_eq!(date_line(line), day, "{line:?}");
        }
        assert_eq!(
            date_line("Mon, 14 Feb 2005 12:37:00 +0000"),
            Some(datetime!(2005-02-14 12:37 UTC))
        );
    }

    #[test]
    fn lines_that_are_not_only_a_date() {
        for line in [
            "He died on 4 February 2005.",
            "On 14 February 2005 the firm said",
            "February 2005",
            "Monday",
            "14 February",
            "Sales: 14 February 2005 and 2006",
            "Born: 20 February 1951 in Glasgow",
            "Chapter 12",
            "1 January 1066",
            "14 February 2999",
        ] {
            assert_eq!(date_line(line), None, "{line:?}");
        }
    }

    #[test]
    fn wire_datelines() {
        let day = Some(datetime!(2005-03-12 0:00 UTC));
        for body in [
            "LONDON, 12 March 2005 - Shares rose.",
            "WASHINGTON, March 12, 2005 (Reuters) - The dollar fell.",
            "NEW YORK, Saturday 12 March 2005 — Stocks slid.",
        ] {
            assert_eq!(wire_dateline(body), day, "{body:?}");
        }
        for body in [
            // A place without a date, a date later in the sentence, prose.
            "LONDON, March 3 - Shares rose.",
            "Shares rose in London on 12 March 2005 - a record.",
            "London, 12 March 2005 - Shares rose.",
            "TOKYO - Shares rose on 12 March 2005.",
        ] {
            assert_eq!(wire_dateline(body), None, "{body:?}");
        }
    }
}
