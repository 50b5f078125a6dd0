//! Filter values as a user gave them (command-line flags, query-string
//! parameters), read, checked and put on a [`Query`] in one place, so the
//! `search` binary and the HTTP server only fill in a [`Filters`]: amounts
//! and dates are read from their text, a reversed date range is refused,
//! and every refusal names its [`Parameter`] as data for the host to word.

use std::path::PathBuf;

use time::OffsetDateTime;

use super::dates::{check_date_range, parse_date_filter};
use super::{FacetField, Query};
use crate::error::{Error, Parameter, Result};
use crate::extract::parse_quantity;

/// Why an amount filter's text was refused; reads after the value and
/// `is` (`"lots" is not an amount; ...`).
const NOT_AN_AMOUNT: &str = "not an amount; write it like 20000000, 20M, 250k or 1.5bn";

/// Why a date filter's text was refused; reads after the value and `is`.
const NOT_A_DATE: &str = "not a date; write it like 2024-03-01 or 2024-03-01T09:30:00Z";

/// The filters of a search as a user wrote them: names, codes and paths
/// as given, amounts and dates as text. [`Filters::apply`] reads and
/// checks them and adds them to a [`Query`].
///
/// ```
/// use newsindex::{Error, Filters, Parameter, Query};
///
/// let filters = Filters {
///     country: vec!["Russia".into()],
///     min_amount: Some("1.5bn".into()),
///     since: Some("2024-03-01".into()),
///     ..Filters::default()
/// };
/// let query = filters.apply(Query::new("cisco"))?;
/// assert_eq!(query, Query::new("cisco").country("Russia").min_amount(1.5e9).since(
///     newsindex::parse_date_filter("2024-03-01", false).unwrap()
/// ));
///
/// let bad = Filters { max_amount: Some("lots".into()), ..Filters::default() };
/// assert!(matches!(
///     bad.apply(Query::new("")),
///     Err(Error::InvalidFilter { parameter: Parameter::MaxAmount, .. })
/// ));
/// # Ok::<(), Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Countries articles must refer to ([`Query::country`]), each required.
    pub country: Vec<String>,
    /// Countries articles must be about ([`Query::about`]), each required.
    pub about: Vec<String>,
    /// Organisations articles must name ([`Query::org`]), each required.
    pub org: Vec<String>,
    /// People articles must name ([`Query::person`]), each required.
    pub person: Vec<String>,
    /// Facet values articles must not have ([`Query::exclude`]), any of
    /// them leaving an article out.
    pub exclude: Vec<(FacetField, String)>,
    /// Folders or path prefixes, any of them ([`Query::under`]).
    pub under: Vec<PathBuf>,
    /// ISO 639-1 language codes, any of them ([`Query::lang`]).
    pub lang: Vec<String>,
    /// An ISO 4217 currency code ([`Query::currency`]).
    pub currency: Option<String>,
    /// The smallest amount, as written (`20000000`, `20M`, `1.5bn`).
    pub min_amount: Option<String>,
    /// The largest amount, as written.
    pub max_amount: Option<String>,
    /// The first day (`2024-03-01`, from its first second) or instant
    /// (RFC 3339).
    pub since: Option<String>,
    /// The last day (`2024-03-01`, to its last second) or instant.
    pub until: Option<String>,
    /// Tolerate typos ([`Query::fuzzy`]).
    pub fuzzy: bool,
    /// Read the query text strictly ([`Query::strict`]).
    pub strict: bool,
}

impl Filters {
    /// `query` with these filters added. Refuses, as
    /// [`Error::InvalidFilter`] naming the [`Parameter`], an amount or a
    /// date it cannot read (in this order: minimum and maximum amount,
    /// first and last date; the `reason` then reads after the value and
    /// `is`: `"lots" is not an amount; ...`) and a first date after the
    /// last ([`Parameter::DateRange`]). Names, currencies and the amounts'
    /// range are checked by the search, against the index.
    pub fn apply(self, query: Query) -> Result<Query> {
        let mut query = query;
        for name in self.country {
            query = query.country(name);
        }
        for name in self.about {
            query = query.about(name);
        }
        for name in self.org {
            query = query.org(name);
        }
        for name in self.person {
            query = query.person(name);
        }
        for (field, name) in self.exclude {
            query = query.exclude(field, name);
        }
        for path in self.under {
            query = query.under(path);
        }
        for code in self.lang {
            query = query.lang(code);
        }
        if let Some(code) = self.currency {
            query = query.currency(code);
        }
        if let Some(text) = &self.min_amount {
            query = query.min_amount(Filters::parse_amount(Parameter::MinAmount, text)?);
        }
        if let Some(text) = &self.max_amount {
            query = query.max_amount(Filters::parse_amount(Parameter::MaxAmount, text)?);
        }
        let since = self
            .since
            .as_deref()
            .map(|text| Filters::parse_date(Parameter::Since, text))
            .transpose()?;
        let until = self
            .until
            .as_deref()
            .map(|text| Filters::parse_date(Parameter::Until, text))
            .transpose()?;
        check_date_range(since, until)?;
        if let Some(instant) = since {
            query = query.since(instant);
        }
        if let Some(instant) = until {
            query = query.until(instant);
        }
        Ok(query.fuzzy(self.fuzzy).strict(self.strict))
    }

    /// Read an amount filter's text (`20000000`, `20M`, `250k`, `1.5bn`,
    /// `$2,500`), as [`Filters::apply`] does; `parameter` names it in the
    /// error.
    pub fn parse_amount(parameter: Parameter, text: &str) -> Result<f64> {
        parse_quantity(text).ok_or_else(|| Error::InvalidFilter {
            parameter,
            value: text.to_string(),
            reason: NOT_AN_AMOUNT.into(),
        })
    }

    /// Read a date filter's text, as [`Filters::apply`] does: a day stands
    /// for its first second, or for [`Parameter::Until`] its last
    /// ([`parse_date_filter`](crate::parse_date_filter)); `parameter` names
    /// it in the error.
    pub fn parse_date(parameter: Parameter, text: &str) -> Result<OffsetDateTime> {
        parse_date_filter(text, parameter == Parameter::Until).ok_or_else(|| Error::InvalidFilter {
            parameter,
            value: text.to_string(),
            reason: NOT_A_DATE.into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(filters: Filters) -> (Parameter, String) {
        match filters.apply(Query::new("")) {
            Err(Error::InvalidFilter {
                parameter,
                value,
                reason,
            }) => (parameter, format!("{value:?} is {reason}")),
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn values_become_the_query() {
        let filters = Filters {
            country: vec!["Russia".into(), "Japan".into()],
            org: vec!["Cisco".into()],
            person: vec!["Tony Blair".into()],
            exclude: vec![(FacetField::Country, "France".into())],
            lang: vec!["en".into()],
            currency: Some("GBP".into()),
            min_amount: Some("1M".into()),
            max_amount: Some("2bn".into()),
            until: Some("2024-03-01".into()),
            fuzzy: true,
            ..Filters::default()
        };
        let until = parse_date_filter("2024-03-01", true).unwrap();
        assert_eq!(
            filters.apply(Query::new("deal")).unwrap(),
            Query::new("deal")
                .country("Russia")
                .country("Japan")
                .org("Cisco")
                .person("Tony Blair")
                .exclude(FacetField::Country, "France")
                .lang("en")
                .currency("GBP")
                .min_amount(1e6)
                .max_amount(2e9)
                .until(until)
                .fuzzy(true)
        );
    }

    #[test]
    fn unreadable_values_name_their_parameter() {
        let amount = Filters {
            min_amount: Some("lots".into()),
            since: Some("March".into()),
            ..Filters::default()
        };
        let date = Filters {
            until: Some(" March".into()),
            ..Filters::default()
        };
        for (filters, parameter, message) in [
            (
                amount,
                Parameter::MinAmount,
                "\"lots\" is not an amount; write it like 20000000, 20M, 250k or 1.5bn",
            ),
            (
                date,
                Parameter::Until,
                "\" March\" is not a date; write it like 2024-03-01 or 2024-03-01T09:30:00Z",
            ),
        ] {
            assert_eq!(refused(filters), (parameter, message.to_string()));
        }
    }

    /// Filters of a date range alone.
    fn dated(since: &str, until: &str) -> Filters {
        Filters {
            since: Some(since.into()),
            until: Some(until.into()),
            ..Filters::default()
        }
    }

    #[test]
    fn a_reversed_range_is_refused_as_the_search_refuses_it() {
        let error = dated("2024-03-02", "2024-03-01")
            .apply(Query::new(""))
            .unwrap_err();
        assert!(matches!(
            error,
            Error::InvalidFilter {
                parameter: Parameter::DateRange,
                ..
            }
        ));
        assert_eq!(
            error.to_string(),
            "invalid date range \"2024-03-02T00:00:00Z .. 2024-03-01T23:59:59Z\": \
             the start is after the end"
        );
        let one_day = dated("2024-03-01", "2024-03-01");
        assert!(one_day.apply(Query::new("")).is_ok());
    }
}
