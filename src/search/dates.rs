//! Date filter values as people write them (a day or an instant), and the
//! one check of a date range, which the search and [`Filters`](crate::Filters) share,
//! and the histogram of the matches' dates a date range is picked from.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::ExistsQuery;
use tantivy::{DocId, Score, SegmentReader};
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

/// Matching articles counted by month of their date (UTC), or by year
/// when the dates span more than 36 months: a histogram
/// to pick a date range from, each bucket with the `since` and `until`
/// filter values that find its articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateHistogram {
    /// `month` or `year`.
    pub interval: DateInterval,
    /// Every month (or year) from the first dated match to the last, in
    /// order, empty ones included.
    pub buckets: Vec<DateBucket>,
    /// Matching articles with a date.
    pub dated: u64,
    /// Matching articles without one (no date filter can find them).
    pub undated: u64,
}

/// The width of the buckets of a [`DateHistogram`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateInterval {
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

/// One month or year of a [`DateHistogram`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateBucket {
    /// `2024-03` or `2024`.
    pub value: String,
    /// Its first day, as a `since` filter value (`2024-03-01`).
    pub since: String,
    /// Its last day, as an `until` filter value (`2024-03-31`).
    pub until: String,
    /// Matching articles dated in it.
    pub count: u64,
}

/// The longest span counted by month.
pub const MONTHS_AT_MOST: usize = 36;

impl DateHistogram {
    /// The histogram of articles counted per `(year, month)` (month 1–12).
    pub(crate) fn from_months(months: &BTreeMap<(i32, u8), u64>, undated: u64) -> DateHistogram {
        let dated = months.values().sum();
        let (Some(&first), Some(&last)) = (months.keys().next(), months.keys().next_back()) else {
            return DateHistogram {
                interval: DateInterval::Month,
                buckets: Vec::new(),
                dated,
                undated,
            };
        };
        let index = |(year, month): (i32, u8)| i64::from(year) * 12 + i64::from(month) - 1;
        let span = (index(last) - index(first) + 1) as usize;
        let buckets = if span <= MONTHS_AT_MOST {
            (index(first)..=index(last))
                .map(|i| {
                    let (year, month) = (i.div_euclid(12) as i32, (i.rem_euclid(12) + 1) as u8);
                    DateBucket {
                        value: format!("{year:04}-{month:02}"),
                        since: format!("{year:04}-{month:02}-01"),
                        until: format!("{year:04}-{month:02}-{:02}", days_in(year, month)),
                        count: months.get(&(year, month)).copied().unwrap_or(0),
                    }
                })
                .collect()
        } else {
            (first.0..=last.0)
                .map(|year| DateBucket {
                    value: format!("{year:04}"),
                    since: format!("{year:04}-01-01"),
                    until: format!("{year:04}-12-31"),
                    count: months.range((year, 1)..=(year, 12)).map(|(_, n)| n).sum(),
                })
                .collect()
        };
        DateHistogram {
            interval: if span <= MONTHS_AT_MOST {
                DateInterval::Month
            } else {
                DateInterval::Year
            },
            buckets,
            dated,
            undated,
        }
    }
}

fn days_in(year: i32, month: u8) -> u8 {
    time::Month::try_from(month).map_or(31, |m| m.length(year))
}

/// Counts matching articles per (year, month) of their date, and those
/// without one, reading the `date` fast field once per article.
pub(crate) struct MonthHistogram;

pub(crate) struct MonthHistogramSegment {
    dates: Option<Column<tantivy::DateTime>>,
    counts: BTreeMap<(i32, u8), u64>,
    undated: u64,
}

type Months = (BTreeMap<(i32, u8), u64>, u64);

impl Collector for MonthHistogram {
    type Fruit = Months;
    type Child = MonthHistogramSegment;

    fn for_segment(&self, _segment: u32, reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        Ok(MonthHistogramSegment {
            dates: reader.fast_fields().date("date").ok(),
            counts: BTreeMap::new(),
            undated: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Months>) -> tantivy::Result<Months> {
        let mut total = BTreeMap::new();
        let mut undated = 0;
        for (counts, none) in fruits {
            undated += none;
            for (month, count) in counts {
                *total.entry(month).or_insert(0) += count;
            }
        }
        Ok((total, undated))
    }
}

impl SegmentCollector for MonthHistogramSegment {
    type Fruit = Months;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let month = self
            .dates
            .as_ref()
            .and_then(|dates| dates.first(doc))
            .and_then(|date| OffsetDateTime::from_unix_timestamp(date.into_timestamp_secs()).ok());
        match month {
            Some(at) => {
                *self
                    .counts
                    .entry((at.year(), u8::from(at.month())))
                    .or_insert(0) += 1
            }
            None => self.undated += 1,
        }
    }

    fn harvest(self) -> Months {
        (self.counts, self.undated)
    }
}

impl Searcher {
    /// Count the articles `query` matches (its text and filters) by month
    /// of their date, or by year over a long span ([`DateHistogram`]).
    pub fn date_histogram(&self, query: &Query) -> Result<DateHistogram> {
        let (matching, _, _) = self.matching_query(query)?;
        let (months, undated) = self
            .searcher
            .search(&*matching, &MonthHistogram)
            .map_err(|e| engine_error(self.path(), e))?;
        Ok(DateHistogram::from_months(&months, undated))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_span_is_counted_by_month_with_its_empty_months() {
        let months = BTreeMap::from([((2023, 12), 2), ((2024, 2), 1)]);
        let histogram = DateHistogram::from_months(&months, 4);
        assert_eq!(histogram.interval, DateInterval::Month);
        let values: Vec<(&str, &str, &str, u64)> = histogram
            .buckets
            .iter()
            .map(|b| {
                (
                    b.value.as_str(),
                    b.since.as_str(),
                    b.until.as_str(),
                    b.count,
                )
            })
            .collect();
        assert_eq!(
            values,
            [
                ("2023-12", "2023-12-01", "2023-12-31", 2),
                ("2024-01", "2024-01-01", "2024-01-31", 0),
                ("2024-02", "2024-02-01", "2024-02-29", 1),
            ]
        );
        assert_eq!((histogram.dated, histogram.undated), (3, 4));
    }

    #[test]
    fn a_long_span_is_counted_by_year() {
        let months = BTreeMap::from([((1987, 3), 2), ((1987, 10), 1), ((2011, 1), 5)]);
        let histogram = DateHistogram::from_months(&months, 0);
        assert_eq!(histogram.interval, DateInterval::Year);
        assert_eq!(histogram.buckets.len(), 2011 - 1987 + 1);
        assert_eq!(histogram.buckets[0].count, 3);
        assert_eq!(histogram.buckets[0].until, "1987-12-31");
        assert_eq!(histogram.buckets.last().unwrap().count, 5);
    }

    #[test]
    fn no_dates_no_buckets() {
        let histogram = DateHistogram::from_months(&BTreeMap::new(), 7);
        assert!(histogram.buckets.is_empty());
        assert_eq!((histogram.dated, histogram.undated), (0, 7));
    }
}
