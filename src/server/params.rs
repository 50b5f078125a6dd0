//! Query-string parameters → library [`Query`]: the HTTP spelling of the
//! command line's options, read strictly (an unknown or repeated parameter,
//! a number out of range, bytes that are not UTF-8 are each a 400 naming
//! the parameter) and turned into the same [`Query`] the command line
//! builds, so the filters (country and organisation aliases, amount
//! conversion, date ranges) are the library's, not this module's.

use percent_encoding::percent_decode;

use super::{ApiError, ServerOptions};
use crate::{FacetField, Filters, Query, SortBy, MAX_SNIPPETS};

/// The filter parameters `/api/search` and `/api/facets` share.
pub(crate) const FILTERS: &[&str] = &[
    "q",
    "country",
    "about",
    "org",
    "person",
    "not_country",
    "not_about",
    "not_org",
    "not_person",
    "lang",
    "currency",
    "min_amount",
    "max_amount",
    "since",
    "until",
    "fuzzy",
    "strict",
];

/// Parameters of `/api/search` besides [`FILTERS`].
pub(crate) const SEARCH: &[&str] = &[
    "sort",
    "limit",
    "offset",
    "facets",
    "top",
    "snippets",
    "explain",
    "all_duplicates",
];

/// Parameters of `/api/download` besides [`FILTERS`].
pub(crate) const DOWNLOAD: &[&str] = &["sort", "limit", "format", "all_duplicates"];

/// Parameters of `/api/facets` besides [`FILTERS`].
pub(crate) const FACETS: &[&str] = &["field", "top"];

/// Parameters repeated to require several values.
const REPEATABLE: &[&str] = &[
    "country",
    "about",
    "org",
    "person",
    "not_country",
    "not_about",
    "not_org",
    "not_person",
    "lang",
];

/// The exclusion parameters (`not_country=Russia`: leave out articles
/// with Russia) and the facet each is on.
const EXCLUSIONS: [(&str, FacetField); 4] = [
    ("not_country", FacetField::Country),
    ("not_about", FacetField::About),
    ("not_org", FacetField::Org),
    ("not_person", FacetField::Person),
];

/// A request's decoded query-string parameters, in order.
#[derive(Debug, Default)]
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Decode `a=1&b=x+y&c=%C3%A9`, refusing parameters this endpoint does
    /// not know (`known`), repeats of single-valued ones, and names or
    /// values that are not UTF-8 once percent-decoded.
    pub(crate) fn parse(raw: Option<&str>, known: &[&[&str]]) -> Result<Params, ApiError> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for part in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            let name = decode(name).map_err(|lossy| {
                ApiError::bad(
                    lossy,
                    "the parameter name is not UTF-8 once percent-decoded",
                )
            })?;
            let value = decode(value)
                .map_err(|_| ApiError::bad(&name, "the value is not UTF-8 once percent-decoded"))?;
            if !known.iter().any(|list| list.contains(&name.as_str())) {
                let mut names: Vec<&str> = known.iter().flat_map(|l| l.iter().copied()).collect();
                names.sort_unstable();
                return Err(ApiError::bad(
                    &name,
                    format!("unknown parameter; known: {}", names.join(", ")),
                ));
            }
            if !REPEATABLE.contains(&name.as_str()) && pairs.iter().any(|(n, _)| *n == name) {
                return Err(ApiError::bad(&name, "given more than once"));
            }
            pairs.push((name, value));
        }
        Ok(Params { pairs })
    }

    /// The value of a single-valued parameter; empty counts as absent.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// Every non-empty value of a repeatable parameter.
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.pairs
            .iter()
            .filter(move |(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// A whole number from 0 to `max`.
    pub(crate) fn number(&self, name: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        let Some(text) = self.get(name) else {
            return Ok(default);
        };
        match text.trim().parse::<usize>() {
            Ok(n) if n <= max => Ok(n),
            Ok(_) => Err(ApiError::bad(name, format!("at most {max}"))),
            Err(_) => Err(ApiError::bad(
                name,
                format!("{text:?} is not a whole number from 0 to {max}"),
            )),
        }
    }

    /// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`); a bare
    /// `facets` or `facets=` means true.
    pub(crate) fn flag(&self, name: &str) -> Result<bool, ApiError> {
        let Some((_, value)) = self.pairs.iter().find(|(n, _)| n == name) else {
            return Ok(false);
        };
        match value.trim().to_ascii_lowercase().as_str() {
            "" | "true" | "1" | "yes" | "on" => Ok(true),
            "false" | "0" | "no" | "off" => Ok(false),
            _ => Err(ApiError::bad(
                name,
                format!("{value:?} is not true or false"),
            )),
        }
    }

    /// The query text and the filters, as a library query (the page and
    /// paging options left at their defaults).
    pub(crate) fn filtered_query(&self, options: &ServerOptions) -> Result<Query, ApiError> {
        let text = self.get("q").unwrap_or("");
        if text.len() > options.max_query_len {
            return Err(ApiError::bad(
                "q",
                format!(
                    "longer than {} bytes ({} bytes); shorten it",
                    options.max_query_len,
                    text.len()
                ),
            ));
        }
        let all = |name| self.all(name).map(String::from).collect();
        let one = |name| self.get(name).map(String::from);
        let filters = Filters {
            country: all("country"),
            about: all("about"),
            org: all("org"),
            person: all("person"),
            lang: all("lang"),
            exclude: EXCLUSIONS
                .iter()
                .flat_map(|&(name, field)| self.all(name).map(move |v| (field, v.to_string())))
                .collect(),
            currency: one("currency"),
            min_amount: one("min_amount"),
            max_amount: one("max_amount"),
            since: one("since"),
            until: one("until"),
            ..Filters::default()
        };
        // The flags after the filters: a bad filter is reported first.
        let query = filters
            .apply(Query::new(text))
            .map_err(ApiError::from_filters)?;
        Ok(query
            .fuzzy(self.flag("fuzzy")?)
            .strict(self.flag("strict")?))
    }

    /// The whole `/api/search` request as a library query.
    pub(crate) fn search_query(&self, options: &ServerOptions) -> Result<Query, ApiError> {
        let sort = self.sort()?;
        let limit = self.number("limit", 10, options.max_limit)?;
        let offset = self.number("offset", 0, options.max_window)?;
        if offset + limit > options.max_window {
            return Err(ApiError::bad(
                "offset",
                format!(
                    "offset + limit may be at most {}; narrow the query instead of paging this deep",
                    options.max_window
                ),
            ));
        }
        let snippets = self.number("snippets", 1, MAX_SNIPPETS)?;
        let mut query = self
            .filtered_query(options)?
            .sort(sort)
            .limit(limit)
            .offset(offset)
            .snippets(snippets)
            .explain(self.flag("explain")?)
            .all_duplicates(self.flag("all_duplicates")?);
        if self.flag("facets")? {
            query = query.with_facets(self.number("top", 10, options.max_limit)?);
        }
        Ok(query)
    }

    /// The order of the hits (default: relevance).
    pub(crate) fn sort(&self) -> Result<SortBy, ApiError> {
        match self.get("sort").map(|s| s.trim().to_ascii_lowercase()) {
            None => Ok(SortBy::Relevance),
            Some(s) if s == "relevance" => Ok(SortBy::Relevance),
            Some(s) if s == "date" => Ok(SortBy::Date),
            Some(s) if s == "amount" => Ok(SortBy::Amount),
            Some(other) => Err(ApiError::bad(
                "sort",
                format!("{other:?}: use relevance, date or amount"),
            )),
        }
    }

    /// The facet `/api/facets` counts (default: country).
    pub(crate) fn facet_field(&self) -> Result<FacetField, ApiError> {
        match self.get("field") {
            None => Ok(FacetField::Country),
            Some(text) => text.parse().map_err(ApiError::from_library),
        }
    }
}

/// Percent-decode one name or value (`+` is a space); on bytes that are
/// not UTF-8, the lossy text (for naming the parameter in the error).
fn decode(text: &str) -> Result<String, String> {
    let spaced = text.replace('+', " ");
    let bytes: Vec<u8> = percent_decode(spaced.as_bytes()).collect();
    String::from_utf8(bytes).map_err(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<Params, ApiError> {
        Params::parse(Some(raw), &[FILTERS, SEARCH])
    }

    #[test]
    fn values_are_percent_and_plus_decoded() {
        let params =
            parse("q=cisco+skolkovo&country=United%20States&org=Soci%C3%A9t%C3%A9").unwrap();
        assert_eq!(params.get("q"), Some("cisco skolkovo"));
        assert_eq!(params.all("country").collect::<Vec<_>>(), ["United States"]);
        assert_eq!(params.get("org"), Some("Société"));
    }

    #[test]
    fn parameters_become_the_query_the_command_line_builds() {
        let params =
            parse("q=cisco&currency=GBP&min_amount=1M&sort=date&fuzzy=true&snippets=3").unwrap();
        let query = params.search_query(&ServerOptions::default()).unwrap();
        let expected = Query::new("cisco")
            .currency("GBP")
            .min_amount(1e6)
            .fuzzy(true)
            .sort(SortBy::Date)
            .snippets(3);
        assert_eq!(query, expected);
    }

    #[test]
    fn bad_values_name_their_parameter() {
        let options = ServerOptions::default();
        for (raw, parameter) in [
            ("q=%FF", "q"),
            ("%FF=1", "\u{fffd}"),
            ("limit=-1", "limit"),
            ("limit=100000000000000000000000", "limit"),
            ("limit=101", "limit"),
            ("offset=9995&limit=10", "offset"),
            ("colour=red", "colour"),
            ("limit=1&limit=2", "limit"),
            ("sort=size", "sort"),
            ("facets=maybe", "facets"),
            ("min_amount=lots", "min_amount"),
            ("since=March", "since"),
            ("since=2024-03-02&until=2024-03-01", "since"),
            ("snippets=11", "snippets"),
        ] {
            let error = parse(raw)
                .and_then(|p| p.search_query(&options))
                .expect_err(raw);
            assert_eq!(error.parameter.as_deref(), Some(parameter), "{raw}");
        }
    }

    #[test]
    fn empty_values_and_repeated_filters_are_read_as_people_write_them() {
        let query = parse("q=&country=Russia&country=&country=Japan&facets")
            .unwrap()
            .search_query(&ServerOptions::default())
            .unwrap();
        assert_eq!(
            query,
            Query::new("")
                .country("Russia")
                .country("Japan")
                .with_facets(10)
        );
    }
}
