//! Filters: facet values resolved to the indexed facets (with the
//! closest values when none matches), folders, languages, amount and date
//! ranges, each a Tantivy query that narrows the match set without
//! touching the score.

use std::ops::Bound;

use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DateTime, Term};
use time::OffsetDateTime;

use super::facets::{FacetField, UnmatchedFilter};
use super::query::Query;
use super::searcher::Searcher;
use super::text::BoxedQuery;
use crate::error::{Error, Parameter, Result};
use crate::schema::{amount_key, CURRENCY_ROOT};

impl Searcher {
    /// The query text and filters as one Tantivy query matching every
    /// article the search matches.
    /// ... the filter values that matched no article, and the plain words
    /// searched for when the text was no query syntax.
    pub(super) fn matching_query(
        &self,
        query: &Query,
    ) -> Result<(BoxedQuery, Vec<UnmatchedFilter>, Option<String>)> {
        let parsed = self.parse_text(&query.text, query.fuzzy, query.strict)?;
        let (filters, unmatched) = self.filters(query)?;
        let broadest = parsed.tiers.last().expect("at least one tier");
        Ok((
            with_filters(broadest.box_clone(), &filters),
            unmatched,
            parsed.reinterpreted,
        ))
    }

    pub(super) fn filters(&self, query: &Query) -> Result<(Vec<BoxedQuery>, Vec<UnmatchedFilter>)> {
        let f = &self.fields;
        let mut filters: Vec<BoxedQuery> = Vec::new();
        let mut unmatched = Vec::new();
        let wanted = query
            .countries
            .iter()
            .map(|name| (FacetField::Country, name))
            .chain(query.about.iter().map(|name| (FacetField::About, name)))
            .chain(
                query
                    .organisations
                    .iter()
                    .map(|name| (FacetField::Org, name)),
            )
            .chain(query.people.iter().map(|name| (FacetField::Person, name)));
        for (which, name) in wanted {
            match self.resolve_facet(which, name)? {
                Ok(facets) => filters.push(any_facet_query(self.facet_field(which), &facets)),
                Err(missing) => {
                    // Still a filter: nothing matches it.
                    filters.push(Box::new(tantivy::query::EmptyQuery));
                    unmatched.push(missing);
                }
            }
        }

        // Excluded values: a value no article has leaves nothing out, and is
        // reported like a filter's, for its suggestions.
        for (which, name) in &query.excluded {
            match self.resolve_facet(*which, name)? {
                Ok(facets) => filters.push(Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(AllQuery) as BoxedQuery),
                    (
                        Occur::MustNot,
                        any_facet_query(self.facet_field(*which), &facets),
                    ),
                ]))),
                Err(missing) => unmatched.push(missing),
            }
        }

        if !query.langs.is_empty() {
            // Any of the languages; one no article has is reported.
            let mut any: Vec<(Occur, BoxedQuery)> = Vec::new();
            for code in &query.langs {
                let code = code.trim().to_ascii_lowercase();
                match self.resolve_facet(FacetField::Lang, &code)? {
                    Ok(facets) => any.push((Occur::Should, any_facet_query(f.lang, &facets))),
                    Err(missing) => unmatched.push(missing),
                }
            }
            filters.push(if any.is_empty() {
                Box::new(tantivy::query::EmptyQuery)
            } else {
                Box::new(BooleanQuery::new(any))
            });
        }

        if !query.under.is_empty() {
            let locations = self.locations();
            let any: Vec<(Occur, BoxedQuery)> = query
                .under
                .iter()
                .flat_map(|path| locations.key_prefixes(&path_prefix(path)))
                .map(|prefix| {
                    let end = format!("{prefix}{}", char::MAX);
                    let range: BoxedQuery = Box::new(RangeQuery::new(
                        Bound::Included(Term::from_field_text(f.path, &prefix)),
                        Bound::Excluded(Term::from_field_text(f.path, &end)),
                    ));
                    (Occur::Should, range)
                })
                .collect();
            filters.push(Box::new(BooleanQuery::new(any)));
        }

        let usd_range = |low: Option<f64>, high: Option<f64>| -> Result<Option<BoxedQuery>> {
            let low = amount_bound(low, Parameter::MinAmount)?;
            let high = amount_bound(high, Parameter::MaxAmount)?;
            Ok(range_query(
                low.map(|v| Term::from_field_f64(f.amount_usd, v)),
                high.map(|v| Term::from_field_f64(f.amount_usd, v)),
            ))
        };
        filters.extend(usd_range(query.min_amount_usd, query.max_amount_usd)?);

        match &query.currency {
            None => filters.extend(usd_range(query.min_amount, query.max_amount)?),
            Some(code) => {
                let code = currency_code(code)?;
                let low = amount_bound(query.min_amount, Parameter::MinAmount)?;
                let high = amount_bound(query.max_amount, Parameter::MaxAmount)?;
                if matches!((&low, &high), (Bound::Unbounded, Bound::Unbounded)) {
                    let facet = Facet::from_path([CURRENCY_ROOT, code.as_str()]);
                    filters.push(facet_query(f.currency, &facet));
                } else {
                    // Keys of one currency are contiguous: an unbounded side
                    // stops at the currency's own first or last key.
                    let key = |v: f64| {
                        amount_key(&code, v).map(|k| Term::from_field_u64(f.amount_local, k))
                    };
                    let low = match low {
                        Bound::Unbounded => Bound::Included(key(0.0)),
                        other => other.map(key),
                    };
                    let high = match high {
                        Bound::Unbounded => Bound::Included(key(f64::INFINITY)),
                        other => other.map(key),
                    };
                    let (Some(low), Some(high)) = (transpose(low), transpose(high)) else {
                        unreachable!("currency code and amounts were validated")
                    };
                    filters.push(Box::new(RangeQuery::new(low, high)));
                }
            }
        }

        let date = |instant: Option<OffsetDateTime>| {
            instant.map_or(Bound::Unbounded, |t| {
                let secs = DateTime::from_timestamp_secs(t.unix_timestamp());
                Bound::Included(Term::from_field_date(f.date, secs))
            })
        };
        super::dates::check_date_range(query.since, query.until)?;
        filters.extend(range_query(date(query.since), date(query.until)));
        Ok((filters, unmatched))
    }

    pub(crate) fn facet_field(&self, which: FacetField) -> tantivy::schema::Field {
        match which {
            FacetField::Country => self.fields.country,
            FacetField::About => self.fields.about,
            FacetField::Org => self.fields.org,
            FacetField::Person => self.fields.person,
            FacetField::Currency => self.fields.currency,
            FacetField::Folder => self.fields.folder,
            FacetField::Lang => self.fields.lang,
        }
    }
}

/// The path prefix on disk of a `--under` path (then made the prefixes of
/// stored paths by [`crate::location::Locations::key_prefixes`]): a folder on disk as its
/// canonical path and a separator (so `bbc/bus` is not `bbc/business`), a
/// file as its canonical path, anything else (a prefix such as
/// `bbc/business/0`) as its canonical parent plus the last part.
fn path_prefix(path: &std::path::Path) -> String {
    use crate::location::path_string;
    if let Ok(canonical) = std::fs::canonicalize(path) {
        let text = path_string(&canonical);
        return if canonical.is_dir() {
            format!(
                "{}{}",
                text.trim_end_matches(std::path::MAIN_SEPARATOR),
                std::path::MAIN_SEPARATOR
            )
        } else {
            text
        };
    }
    let absolute = std::env::current_dir()
        .map(|cwd| cwd.join(path))
        .unwrap_or_else(|_| path.to_path_buf());
    match (
        absolute
            .parent()
            .and_then(|p| std::fs::canonicalize(p).ok()),
        absolute.file_name(),
    ) {
        (Some(parent), Some(name)) => path_string(&parent.join(name)),
        _ => path_string(&absolute),
    }
}

fn facet_query(field: tantivy::schema::Field, facet: &Facet) -> BoxedQuery {
    Box::new(TermQuery::new(
        Term::from_facet(field, facet),
        IndexRecordOption::Basic,
    ))
}

/// Articles with any of `facets` (or a facet under one: a parent's term
/// matches its units').
fn any_facet_query(field: tantivy::schema::Field, facets: &[Facet]) -> BoxedQuery {
    match facets {
        [one] => facet_query(field, one),
        many => Box::new(BooleanQuery::new(
            many.iter()
                .map(|facet| (Occur::Should, facet_query(field, facet)))
                .collect(),
        )),
    }
}

/// A range filter, or none when both ends are open.
fn range_query(low: Bound<Term>, high: Bound<Term>) -> Option<BoxedQuery> {
    if matches!((&low, &high), (Bound::Unbounded, Bound::Unbounded)) {
        return None;
    }
    Some(Box::new(RangeQuery::new(low, high)))
}

fn amount_bound(value: Option<f64>, parameter: Parameter) -> Result<Bound<f64>> {
    match value {
        None => Ok(Bound::Unbounded),
        Some(v) if v.is_finite() && v >= 0.0 => Ok(Bound::Included(v)),
        Some(v) => Err(Error::InvalidFilter {
            parameter,
            value: v.to_string(),
            reason: "must be a finite, non-negative number".into(),
        }),
    }
}

/// A currency filter value as an upper-case ISO 4217 code.
fn currency_code(code: &str) -> Result<String> {
    let trimmed = code.trim();
    let trimmed = trimmed.strip_prefix("/currency/").unwrap_or(trimmed);
    if amount_key(trimmed, 0.0).is_none() {
        return Err(Error::InvalidFilter {
            parameter: Parameter::Currency,
            value: code.to_string(),
            reason: "write a three-letter ISO 4217 code such as USD, EUR, GBP or JPY".into(),
        });
    }
    Ok(trimmed.to_ascii_uppercase())
}

fn transpose(bound: Bound<Option<Term>>) -> Option<Bound<Term>> {
    match bound {
        Bound::Included(t) => t.map(Bound::Included),
        Bound::Excluded(t) => t.map(Bound::Excluded),
        Bound::Unbounded => Some(Bound::Unbounded),
    }
}

pub(super) fn with_filters(text: BoxedQuery, filters: &[BoxedQuery]) -> BoxedQuery {
    if filters.is_empty() {
        return text;
    }
    let mut clauses = vec![(Occur::Must, text)];
    // Filters narrow the match set without touching the BM25 score.
    clauses.extend(filters.iter().map(|f| {
        let filter: BoxedQuery = Box::new(ConstScoreQuery::new(f.box_clone(), 0.0));
        (Occur::Must, filter)
    }));
    Box::new(BooleanQuery::new(clauses))
}
