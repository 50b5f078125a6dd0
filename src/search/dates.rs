//! Date filter values as people write them (a day or an instant), and the
//! one check of a date range, which the search and [`Filters`](crate::Filters) share.

use serde::Serialize;
use tantivy::collector::Count;
use tantivy::query::ExistsQuery;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::query::{Query, SortBy};
use super::searcher::Searcher;
use crate::error::{Error, Parameter, Result};
use crate::index::engine_error;

/// How many of an index's articles carry a date. A search that filters or
/// sorts by date reports it ([`SearchResults::dated`](crate::SearchResults::dated))
/// when some articles have none, since a date filter leaves those out and
/// a sort by date puts them last (by relevance among themselves): with no
/// dated article at all, a date filter matches nothing and a sort by date
/// is a sort by relevance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateCoverage {
    /// Articles with a date.
    pub dated: u64,
    /// Searchable articles.
    pub articles: u64,
}

impl Searcher {
    /// Articles with a date, of all searchable articles.
    pub fn date_coverage(&self) -> Result<DateCoverage> {
        let dated = self
            .searcher
            .search(&ExistsQuery::new("date".into(), false), &Count)
            .map_err(|e| engine_error(self.path(), e))?;
        Ok(DateCoverage {
            dated: dated as u64,
            articles: self.searcher.num_docs(),
        })
    }

    /// [`Self::date_coverage`] when `query` filters or sorts by date and
    /// not every article is dated: what its results must say.
    pub(super) fn undated_note(&self, query: &Query) -> Result<Option<DateCoverage>> {
        let uses_dates =
            query.since.is_some() || query.until.is_some() || query.sort == SortBy::Date;
        if !uses_dates {
            return Ok(None);
        }
        let coverage = self.date_coverage()?;
        Ok((coverage.dated < coverage.articles).then_some(coverage))
    }
}

/// Read a date filter value: an RFC 3339 instant
/// (`2024-03-01T09:30:00Z`), or a day (`2024-03-01`) in UTC, standing for
/// its first second, or with `end_of_day` for its last second (so an
/// upper bound of `2024-03-01` keeps the whole day). `None` when the
/// text is neither (the caller words the error for its users).
///
/// ```
/// use newsindex::parse_date_filter;
/// let since = parse_date_filter("2024-03-01", false).unwrap();
/// let until = parse_date_filter("2024-03-01", true).unwrap();
/// assert_eq!((until - since).whole_seconds(), 86_399);
/// assert!(parse_date_filter("March 1", false).is_none());
/// ```
pub fn parse_date_filter(text: &str, end_of_day: bool) -> Option<OffsetDateTime> {
    let text = text.trim();
    if let Ok(instant) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(instant);
    }
    let day = time::Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()?;
    let time = if end_of_day {
        time::Time::from_hms(23, 59, 59).expect("valid time")
    } else {
        time::Time::MIDNIGHT
    };
    Some(day.with_time(time).assume_utc())
}

/// The one check of a date range: a start after the end leaves nothing to
/// match, an error naming both instants (the search refuses such a
/// [`Query`](crate::Query), and [`Filters`](crate::Filters) before building one).
pub(crate) fn check_date_range(
    since: Option<OffsetDateTime>,
    until: Option<OffsetDateTime>,
) -> Result<()> {
    match (since, until) {
        (Some(since), Some(until)) if since > until => Err(Error::InvalidFilter {
            parameter: Parameter::DateRange,
            value: format!("{} .. {}", rfc3339(since), rfc3339(until)),
            reason: "the start is after the end".into(),
        }),
        _ => Ok(()),
    }
}

/// An instant as RFC 3339 (`2024-03-01T00:00:00Z`), for messages.
pub(crate) fn rfc3339(instant: OffsetDateTime) -> String {
    instant
        .format(&Rfc3339)
        .unwrap_or_else(|_| instant.to_string())
}
