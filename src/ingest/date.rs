//! Publication dates as they appear in news files, to UTC.
//!
//! [`parse`] accepts RFC 3339 / ISO 8601 (with or without offset, `T` or a
//! space between date and time, or a bare `YYYY-MM-DD`), RFC 2822, the
//! Reuters-21578 form `26-FEB-1987 15:01:01.79`, and the written forms
//! `March 3, 1987` / `3 March 1987`. A time without offset is taken as UTC.
//! Anything else is `None`: a missing date is never an error.

use time::format_description::well_known::{Iso8601, Rfc2822, Rfc3339};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Parse a date in any of the supported forms, as UTC.
///
/// ```
/// use newsindex::ingest::date;
///
/// let d = date::parse("26-FEB-1987 15:01:01.79").unwrap();
/// assert_eq!(d.to_string(), "1987-02-26 15:01:01.79 +00:00:00");
/// assert!(date::parse("yesterday").is_none());
/// ```
pub fn parse(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    parse_iso(s)
        .or_else(|| OffsetDateTime::parse(s, &Rfc2822).ok())
        .or_else(|| parse_rfc2822_named_zone(s))
        .or_else(|| parse_reuters(s))
        .or_else(|| parse_written(s))
        .map(|d| d.to_offset(UtcOffset::UTC))
}

/// RFC 3339 and the ISO 8601 forms seen in meta tags and JSON feeds.
fn parse_iso(s: &str) -> Option<OffsetDateTime> {
    if !s.as_bytes().first()?.is_ascii_digit() {
        return None;
    }
    if let Ok(d) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(d);
    }
    // "2010-06-25 10:00:00" is common: ISO 8601 wants the `T`.
    let owned;
    let s = if s.len() > 10 && s.as_bytes()[10] == b' ' && s.as_bytes()[4] == b'-' {
        owned = format!("{}T{}", &s[..10], s[11..].trim_start());
        owned.as_str()
    } else {
        s
    };
    // Trailing "Z" variants and offsets without a colon are ISO 8601.
    if let Ok(d) = OffsetDateTime::parse(s, &Iso8601::DEFAULT) {
        return Some(d);
    }
    // An offset written with a space before it: "2010-06-25T10:00:00 +0000".
    if let Some((head, offset)) = s.rsplit_once(' ') {
        if let Ok(d) = OffsetDateTime::parse(&format!("{head}{offset}"), &Iso8601::DEFAULT) {
            return Some(d);
        }
    }
    if let Ok(d) = PrimitiveDateTime::parse(s, &Iso8601::DEFAULT) {
        return Some(d.assume_utc());
    }
    if s.len() == 10 {
        if let Ok(d) = Date::parse(s, &Iso8601::DEFAULT) {
            return Some(d.midnight().assume_utc());
        }
    }
    None
}

/// RFC 2822 with a zone name the strict parser refuses ("EST", "UTC").
fn parse_rfc2822_named_zone(s: &str) -> Option<OffsetDateTime> {
    let (head, zone) = s.rsplit_once(' ')?;
    let hours: i32 = match zone.to_ascii_uppercase().as_str() {
        "UTC" | "GMT" | "UT" | "Z" => 0,
        "EST" => -5,
        "EDT" => -4,
        "CST" => -6,
        "CDT" => -5,
        "MST" => -7,
        "MDT" => -6,
        "PST" => -8,
        "PDT" => -7,
        _ => return None,
    };
    let sign = if hours < 0 { '-' } else { '+' };
    let fixed = format!("{head} {sign}{:02}00", hours.abs());
    OffsetDateTime::parse(&fixed, &Rfc2822).ok()
}

/// The Reuters-21578 form: `26-FEB-1987 15:01:01.79`, leading spaces and
/// trailing junk allowed (the corpus has both). A bad time keeps the day.
pub fn parse_reuters(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim_start();
    let mut parts = s.splitn(3, '-');
    let day: u8 = parts.next()?.trim().parse().ok()?;
    let month = month_from_name(parts.next()?)?;
    let rest = parts.next()?;
    let year_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if year_len != 4 {
        return None;
    }
    let year: i32 = rest[..4].parse().ok()?;
    let date = Date::from_calendar_date(year, month, day).ok()?;
    let time = parse_clock(rest[4..].trim_start()).unwrap_or(Time::MIDNIGHT);
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

/// `HH:MM[:SS[.frac]]` at the start of `s`; whatever follows is ignored.
fn parse_clock(s: &str) -> Option<Time> {
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(s.len());
    let mut fields = s[..end].split(':');
    let hour: u8 = fields.next()?.parse().ok()?;
    let minute: u8 = fields.next()?.parse().ok()?;
    let (second, nanos) = match fields.next() {
        None => (0, 0),
        Some(sec) => {
            let (whole, frac) = sec.split_once('.').unwrap_or((sec, ""));
            let second: u8 = whole.parse().ok()?;
            let digits: String = frac.chars().take(9).collect();
            let nanos = if digits.is_empty() {
                0
            } else {
                digits.parse::<u32>().ok()? * 10u32.pow(9 - digits.len() as u32)
            };
            (second, nanos)
        }
    };
    Time::from_hms_nano(hour, minute, second, nanos).ok()
}

/// "March 3, 1987", "Mar 3 1987", "3 March 1987" (midnight UTC).
fn parse_written(s: &str) -> Option<OffsetDateTime> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let (day, month, year) = match words.as_slice() {
        [m, d, y] if month_from_name(m).is_some() => (*d, *m, *y),
        [d, m, y] if month_from_name(m).is_some() => (*d, *m, *y),
        _ => return None,
    };
    let day: u8 = day
        .trim_end_matches(|c: char| c.is_ascii_alphabetic()) // 3rd, 21st
        .parse()
        .ok()?;
    let year: i32 = year.parse().ok()?;
    if !(1000..=9999).contains(&year) {
        return None;
    }
    let date = Date::from_calendar_date(year, month_from_name(month)?, day).ok()?;
    Some(date.midnight().assume_utc())
}

fn month_from_name(name: &str) -> Option<Month> {
    let name = name.trim().trim_end_matches('.').to_ascii_lowercase();
    if name.len() < 3 {
        return None;
    }
    const MONTHS: [(&str, Month); 12] = [
        ("january", Month::January),
        ("february", Month::February),
        ("march", Month::March),
        ("april", Month::April),
        ("may", Month::May),
        ("june", Month::June),
        ("july", Month::July),
        ("august", Month::August),
        ("september", Month::September),
        ("october", Month::October),
        ("november", Month::November),
        ("december", Month::December),
    ];
    MONTHS
        .iter()
        .find(|(full, _)| {
            full.starts_with(name.as_str()) || (name == "sept" && *full == "september")
        })
        .map(|&(_, month)| month)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn rfc3339_and_iso_forms() {
        for text in [
            "2010-06-25T10:30:00Z",
            "2010-06-25T12:30:00+02:00",
            "2010-06-25T12:30:00+0200",
            "2010-06-25T10:30:00",
            "2010-06-25 10:30:00",
            "2010-06-25T10:30:00.000Z",
        ] {
            assert_eq!(
                parse(text),
                Some(datetime!(2010-06-25 10:30:00 UTC)),
                "{text:?}"
            );
        }
        assert_eq!(parse(" 2010-06-25 "), Some(datetime!(2010-06-25 0:00 UTC)));
    }

    #[test]
    fn rfc2822_forms() {
        for text in [
            "Fri, 25 Jun 2010 10:30:00 +0000",
            "Fri, 25 Jun 2010 06:30:00 -0400",
            "Fri, 25 Jun 2010 10:30:00 GMT",
            "Fri, 25 Jun 2010 05:30:00 EST",
        ] {
            assert_eq!(
                parse(text),
                Some(datetime!(2010-06-25 10:30:00 UTC)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn reuters_forms() {
        for (text, want) in [
            (
                "26-FEB-1987 15:01:01.79",
                datetime!(1987-02-26 15:01:01.79 UTC),
            ),
            (
                " 5-MAR-1987 09:56:43.03",
                datetime!(1987-03-05 09:56:43.03 UTC),
            ),
        ] {
            assert_eq!(parse(text), Some(want), "{text:?}");
        }
        for (text, want) in [
            // Junk after the time, as in a few corpus articles.
            (
                "19-MAR-1987 17:47:51.26\t\t\tRM",
                datetime!(1987-03-19 17:47:51.26 UTC),
            ),
            (
                "9-APR-1987 08:12:37.25    # date added by S Finch as guesswork ",
                datetime!(1987-04-09 08:12:37.25 UTC),
            ),
            // An impossible hour keeps the day.
            ("31-MAR-1987 605:12:01.52", datetime!(1987-03-31 0:00 UTC)),
        ] {
            assert_eq!(parse_reuters(text), Some(want), "{text:?}");
        }
        assert_eq!(parse_reuters("31-FOO-1987 10:00:00"), None);
    }

    #[test]
    fn written_forms() {
        assert_eq!(parse("March 3, 1987"), Some(datetime!(1987-03-03 0:00 UTC)));
        assert_eq!(parse("3 March 1987"), Some(datetime!(1987-03-03 0:00 UTC)));
        assert_eq!(
            parse("Sept. 21st, 2004"),
            Some(datetime!(2004-09-21 0:00 UTC))
        );
    }

    #[test]
    fn unparseable_is_none() {
        for s in [
            "",
            "yesterday",
            "2010-13-45",
            "32 March 1987",
            "12345",
            "Mar 2010",
            "1/2/2010",
        ] {
            assert_eq!(parse(s), None, "{s:?}");
        }
    }
}
