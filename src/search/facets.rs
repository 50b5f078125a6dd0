//! Facet browsing (values with exact article counts over any query) and
//! the amount histogram.

use std::collections::BTreeMap;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, Count, FacetCollector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentReader};

use super::query::Query;
use super::searcher::Searcher;
use crate::error::{Error, Parameter, Result};
use crate::index::engine_error;
use crate::schema::{
    amount_key, ABOUT_ROOT, COUNTRY_ROOT, CURRENCY_ROOT, FOLDER_ROOT, LANG_ROOT, ORG_ROOT,
    PERSON_ROOT,
};

/// A facet an article can be counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FacetField {
    /// Countries the articles refer to (`/country/<name>`).
    Country,
    /// Countries the articles are about, the salient subset (`/about/<name>`).
    About,
    /// Organisations named (`/org/<name>`; a named unit under its parent,
    /// `/org/BBC/BBC Sport`, counted with the parent and listed among its
    /// [`FacetCount::children`]).
    Org,
    /// People named, by the fullest name each article uses (`/person/<name>`).
    Person,
    /// Currencies of the amounts (`/currency/<ISO code>`).
    Currency,
    /// Folders of the articles' files: counted per top-level folder of the
    /// indexed root (BBC's `business`, `sport`, ...; `.` for files in the
    /// root itself).
    Folder,
    /// Languages of the articles, ISO 639-1 (`/lang/en`); articles whose
    /// language could not be told are not counted.
    Lang,
}

impl FacetField {
    /// Every facet extracted from the text (the folder is not).
    pub const ALL: [FacetField; 5] = [
        FacetField::Country,
        FacetField::About,
        FacetField::Org,
        FacetField::Person,
        FacetField::Currency,
    ];

    /// The facet root: `country`, `about`, `org`, `person`, `currency`,
    /// `folder` or `lang`.
    pub fn root(self) -> &'static str {
        match self {
            FacetField::Country => COUNTRY_ROOT,
            FacetField::About => ABOUT_ROOT,
            FacetField::Org => ORG_ROOT,
            FacetField::Person => PERSON_ROOT,
            FacetField::Currency => CURRENCY_ROOT,
            FacetField::Folder => FOLDER_ROOT,
            FacetField::Lang => LANG_ROOT,
        }
    }

    /// The filter this facet is, as errors name it.
    pub(crate) fn parameter(self) -> Parameter {
        match self {
            FacetField::Country => Parameter::Country,
            FacetField::About => Parameter::About,
            FacetField::Org => Parameter::Org,
            FacetField::Person => Parameter::Person,
            FacetField::Currency => Parameter::Currency,
            FacetField::Folder => Parameter::Folder,
            FacetField::Lang => Parameter::Lang,
        }
    }
}

impl FromStr for FacetField {
    type Err = Error;

    /// `country`, `about`, `org`, `person`, `currency`, `folder`, `lang`,
    /// their plurals, `organisation(s)` / `organization(s)`, `people`, or
    /// the facet path (`/country`); any case.
    fn from_str(text: &str) -> Result<FacetField> {
        let name = text.trim().trim_start_matches('/').trim_end_matches('/');
        match name.to_ascii_lowercase().as_str() {
            "country" | "countries" => Ok(FacetField::Country),
            "about" => Ok(FacetField::About),
            "org" | "orgs" | "organisation" | "organisations" | "organization"
            | "organizations" => Ok(FacetField::Org),
            "person" | "persons" | "people" => Ok(FacetField::Person),
            "currency" | "currencies" => Ok(FacetField::Currency),
            "folder" | "folders" => Ok(FacetField::Folder),
            "lang" | "langs" | "language" | "languages" => Ok(FacetField::Lang),
            _ => Err(Error::InvalidFilter {
                parameter: Parameter::FacetField,
                value: text.to_string(),
                reason: "use country, about, org, person, currency, folder or lang".into(),
            }),
        }
    }
}

/// The values of one facet over the articles a query matches.
#[derive(Debug, Clone, Serialize)]
pub struct FacetList {
    /// Which facet.
    pub field: FacetField,
    /// The query text (empty: every article).
    pub query: String,
    /// Articles matching the query and its filters.
    pub total_hits: usize,
    /// How many distinct values those articles have.
    pub distinct: usize,
    /// The most frequent values, with the exact number of matching
    /// articles having each; ties in alphabetical order. An organisation
    /// counts the articles naming it or any of its units, which are its
    /// [`FacetCount::children`].
    pub values: Vec<FacetCount>,
    /// Country, organisation or person filters whose value no article
    /// has, with the closest indexed values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmatched_filters: Vec<UnmatchedFilter>,
    /// The words searched for, when the query text could not be read as
    /// query syntax and was searched as plain words (as
    /// [`SearchResults::reinterpreted`](super::SearchResults::reinterpreted)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reinterpreted: Option<String>,
}

/// Articles whose amounts fall in one range of values: US-dollar
/// equivalents, or with a currency filter ([`Query::currency`]) the
/// amounts in that currency, in its own units, so that filtering by a
/// bucket's bounds finds the articles it counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmountBucket {
    /// `< 1M`, `1M–10M`, `10M–100M`, `100M–1B` or `≥ 1B`.
    pub label: String,
    /// Lower bound, included (none for the first bucket), in US dollars or
    /// in [`AmountBucket::currency`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_usd: Option<f64>,
    /// Upper bound, excluded (none for the last bucket), in US dollars or
    /// in [`AmountBucket::currency`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_usd: Option<f64>,
    /// The currency (ISO 4217) the bounds are in when the query filters by
    /// one; none: US-dollar equivalents of every amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Matching articles with at least one amount in the range.
    pub count: u64,
}

/// A filter value no article has, with the indexed values closest to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnmatchedFilter {
    /// Which facet the filter is on.
    pub field: FacetField,
    /// The value as given.
    pub value: String,
    /// Indexed values close to it (spelling, aliases), most likely first,
    /// with their article counts; empty when nothing is close.
    pub suggestions: Vec<FacetCount>,
}

/// The canonical organisation name for a name people use (`IBM` →
/// "International Business Machines", `EU` → "European Union"): the
/// extractor's [`canonical_organisation`](crate::extract::canonical_organisation),
/// whose name the index stores as the `org` facet; any case.
pub fn organisation_alias(name: &str) -> Option<&'static str> {
    crate::extract::canonical_organisation(name)
}

/// Bucket boundaries in US dollars.
const BUCKET_EDGES: [f64; 4] = [1e6, 1e7, 1e8, 1e9];
const BUCKET_LABELS: [&str; 5] = ["< 1M", "1M–10M", "10M–100M", "100M–1B", "≥ 1B"];

fn bucket_of(usd: f64) -> usize {
    BUCKET_EDGES.iter().take_while(|edge| usd >= **edge).count()
}

impl Searcher {
    /// Count the values of one facet over the articles `query` matches (its
    /// text and filters; paging, sorting and snippets are ignored), keeping
    /// the `top` most frequent. Counts are exact. Combine with the query's
    /// filters to drill down: the organisations of articles about Russia
    /// are `index.facets(&Query::new("").country("Russia"), FacetField::Org, 10)`.
    pub fn facets(&self, query: &Query, field: FacetField, top: usize) -> Result<FacetList> {
        let searcher = &self.searcher;
        let (matching, unmatched_filters, reinterpreted) = self.matching_query(query)?;
        let total_hits = searcher
            .search(&*matching, &Count)
            .map_err(|e| engine_error(self.path(), e))?;
        let mut values = if field == FacetField::Folder {
            self.folder_counts(&*matching, total_hits)?
        } else {
            self.all_facet_counts(&*matching, field)?
        };
        let distinct = values.len();
        values.truncate(top);
        Ok(FacetList {
            field,
            query: query.text().to_string(),
            total_hits,
            distinct,
            values,
            unmatched_filters,
            reinterpreted,
        })
    }

    /// Matching articles per top-level folder of the indexed root: the
    /// deepest folder holding every article of the index (found by walking
    /// down while a folder has one subfolder and no files of its own).
    /// Files directly in the root count as `.`.
    fn folder_counts(
        &self,
        matching: &dyn tantivy::query::Query,
        total_hits: usize,
    ) -> Result<Vec<FacetCount>> {
        let engine = |e| engine_error(self.path(), e);
        let children = |query: &dyn tantivy::query::Query, parent: &Facet| {
            let mut collector = FacetCollector::for_field(FOLDER_ROOT);
            collector.add_facet(parent.clone());
            let counts = self.searcher.search(query, &collector).map_err(engine)?;
            Ok::<_, Error>(
                counts
                    .get(parent.clone())
                    .map(|(facet, count)| (facet.clone(), count))
                    .collect::<Vec<_>>(),
            )
        };
        let all = tantivy::query::AllQuery;
        let mut root = Facet::from_path([FOLDER_ROOT]);
        let mut under_root = self.searcher.search(&all, &Count).map_err(engine)? as u64;
        loop {
            match children(&all, &root)?.as_slice() {
                [(only, count)] if *count == under_root => {
                    root = only.clone();
                    under_root = *count;
                }
                _ => break,
            }
        }
        let mut values: Vec<FacetCount> = children(matching, &root)?
            .iter()
            .map(|(facet, count)| FacetCount::from_facet(facet, *count))
            .collect();
        let in_folders: u64 = values.iter().map(|v| v.count).sum();
        let direct = (total_hits as u64).saturating_sub(in_folders);
        if direct > 0 {
            values.push(FacetCount::new(".", direct));
        }
        values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        Ok(values)
    }

    /// Every value of a facet over the matches, most frequent first, ties
    /// alphabetical, each with its units (organisations) as children.
    pub(super) fn all_facet_counts(
        &self,
        query: &dyn tantivy::query::Query,
        field: FacetField,
    ) -> Result<Vec<FacetCount>> {
        let units = self.units_collector(field)?;
        let (counts, unit_counts) = self
            .searcher
            .search(query, &(facet_collector(field), units))
            .map_err(|e| engine_error(self.path(), e))?;
        Ok(with_units(
            sorted_counts(&counts, field),
            unit_counts.as_ref(),
            usize::MAX,
        ))
    }

    /// A collector of the units of every organisation that has some
    /// (Tantivy's collector counts one level under each facet it is
    /// given, and takes no facet with its parent: the top level is
    /// another collector). `None` when no value has units.
    fn units_collector(&self, field: FacetField) -> Result<Option<FacetCollector>> {
        if field != FacetField::Org {
            return Ok(None);
        }
        let parents = self.parents_with_units(field)?;
        if parents.is_empty() {
            return Ok(None);
        }
        let mut collector = FacetCollector::for_field(ORG_ROOT);
        for parent in parents {
            collector.add_facet(parent);
        }
        Ok(Some(collector))
    }

    /// The match count and every facet count of a search, in one pass.
    pub(crate) fn count_facets(
        &self,
        query: &dyn tantivy::query::Query,
        top: usize,
    ) -> Result<(usize, FacetCounts)> {
        self.count_facets_in(query, top, None)
    }

    /// [`Searcher::count_facets`] with the amount histogram over the
    /// amounts in `currency` (as a currency filter reads them), when given.
    pub(crate) fn count_facets_in(
        &self,
        query: &dyn tantivy::query::Query,
        top: usize,
        currency: Option<&str>,
    ) -> Result<(usize, FacetCounts)> {
        let currency = currency
            .map(|code| {
                let code = code.trim();
                let code = code.strip_prefix("/currency/").unwrap_or(code);
                code.to_ascii_uppercase()
            })
            .filter(|code| amount_key(code, 0.0).is_some());
        let histogram = AmountHistogram {
            currency: currency
                .as_deref()
                .and_then(|code| Some((amount_key(code, 0.0)?, amount_key(code, f64::INFINITY)?))),
        };
        let collectors = (
            Count,
            (
                facet_collector(FacetField::Country),
                (
                    facet_collector(FacetField::Org),
                    self.units_collector(FacetField::Org)?,
                ),
                facet_collector(FacetField::Person),
                facet_collector(FacetField::Currency),
            ),
            (histogram, YearHistogram),
        );
        let (count, (countries, (orgs, units), people, currencies), (histogram, years)) = self
            .searcher
            .search(query, &collectors)
            .map_err(|e| engine_error(self.path(), e))?;
        let top_of = |counts, field| {
            let mut values = sorted_counts(counts, field);
            values.truncate(top);
            values
        };
        let organisations = with_units(top_of(&orgs, FacetField::Org), units.as_ref(), top);
        let amounts = histogram
            .iter()
            .enumerate()
            .map(|(i, count)| AmountBucket {
                label: BUCKET_LABELS[i].to_string(),
                min_usd: i.checked_sub(1).map(|j| BUCKET_EDGES[j]),
                max_usd: BUCKET_EDGES.get(i).copied(),
                currency: currency.clone(),
                count: *count,
            })
            .collect();
        Ok((
            count,
            FacetCounts {
                countries: top_of(&countries, FacetField::Country),
                organisations,
                people: top_of(&people, FacetField::Person),
                currencies: top_of(&currencies, FacetField::Currency),
                amounts,
                years: years
                    .iter()
                    .rev()
                    .map(|(year, count)| FacetCount::new(year.to_string(), *count))
                    .collect(),
            },
        ))
    }
}

fn facet_collector(field: FacetField) -> FacetCollector {
    let name = match field {
        FacetField::Country => "country",
        FacetField::About => "about",
        FacetField::Org => "org",
        FacetField::Person => "person",
        FacetField::Currency => "currency",
        FacetField::Folder => "folder",
        FacetField::Lang => "lang",
    };
    let mut collector = FacetCollector::for_field(name);
    collector.add_facet(Facet::from_path([field.root()]));
    collector
}

fn sorted_counts(counts: &tantivy::collector::FacetCounts, field: FacetField) -> Vec<FacetCount> {
    let mut values: Vec<FacetCount> = counts
        .get(Facet::from_path([field.root()]))
        .map(|(facet, count)| FacetCount::from_facet(facet, count))
        .collect();
    sort_counts(&mut values);
    values
}

/// Most frequent first, ties alphabetical.
fn sort_counts(values: &mut [FacetCount]) {
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
}

/// `values` (top-level organisations) each with its units' counts from
/// `units` as children, the `top` most frequent of each.
fn with_units(
    mut values: Vec<FacetCount>,
    units: Option<&tantivy::collector::FacetCounts>,
    top: usize,
) -> Vec<FacetCount> {
    let Some(units) = units else {
        return values;
    };
    for value in &mut values {
        let parent = Facet::from_path([ORG_ROOT, value.value.as_str()]);
        let mut children: Vec<FacetCount> = units
            .get(parent)
            .map(|(facet, count)| FacetCount::from_facet(facet, count))
            .collect();
        sort_counts(&mut children);
        children.truncate(top);
        value.children = children;
    }
    values
}

/// Counts matching articles per amount bucket, reading the `amount_usd`
/// fast field once per article, or with a currency the `amount_local`
/// keys from its first to its last (`amount_key` of zero and of the
/// largest value): a key less the first is the amount in whole units.
struct AmountHistogram {
    currency: Option<(u64, u64)>,
}

struct AmountHistogramSegment {
    amounts: Option<Column<f64>>,
    local: Option<(Column<u64>, u64, u64)>,
    counts: [u64; 5],
}

impl Collector for AmountHistogram {
    type Fruit = [u64; 5];
    type Child = AmountHistogramSegment;

    fn for_segment(&self, _segment: u32, reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        let fast = reader.fast_fields();
        Ok(match self.currency {
            None => AmountHistogramSegment {
                amounts: fast.f64("amount_usd").ok(),
                local: None,
                counts: [0; 5],
            },
            Some((first, last)) => AmountHistogramSegment {
                amounts: None,
                local: fast.u64("amount_local").ok().map(|c| (c, first, last)),
                counts: [0; 5],
            },
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<[u64; 5]>) -> tantivy::Result<[u64; 5]> {
        let mut total = [0; 5];
        for fruit in fruits {
            for (sum, count) in total.iter_mut().zip(fruit) {
                *sum += count;
            }
        }
        Ok(total)
    }
}

impl SegmentCollector for AmountHistogramSegment {
    type Fruit = [u64; 5];

    fn collect(&mut self, doc: DocId, _score: Score) {
        let mut seen = [false; 5];
        if let Some(amounts) = &self.amounts {
            for usd in amounts.values_for_doc(doc) {
                seen[bucket_of(usd)] = true;
            }
        }
        if let Some((keys, first, last)) = &self.local {
            for key in keys.values_for_doc(doc) {
                if (*first..=*last).contains(&key) {
                    seen[bucket_of((key - first) as f64)] = true;
                }
            }
        }
        for (count, hit) in self.counts.iter_mut().zip(seen) {
            *count += u64::from(hit);
        }
    }

    fn harvest(self) -> [u64; 5] {
        self.counts
    }
}

/// Counts matching articles per year of their date (UTC), reading the
/// `date` fast field once per article.
struct YearHistogram;

struct YearHistogramSegment {
    dates: Option<Column<tantivy::DateTime>>,
    counts: BTreeMap<i32, u64>,
}

impl Collector for YearHistogram {
    type Fruit = BTreeMap<i32, u64>;
    type Child = YearHistogramSegment;

    fn for_segment(&self, _segment: u32, reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        Ok(YearHistogramSegment {
            dates: reader.fast_fields().date("date").ok(),
            counts: BTreeMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<BTreeMap<i32, u64>>) -> tantivy::Result<Self::Fruit> {
        let mut total = BTreeMap::new();
        for fruit in fruits {
            for (year, count) in fruit {
                *total.entry(year).or_insert(0) += count;
            }
        }
        Ok(total)
    }
}

impl SegmentCollector for YearHistogramSegment {
    type Fruit = BTreeMap<i32, u64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(dates) = &self.dates else { return };
        let Some(date) = dates.first(doc) else { return };
        if let Some(year) = year_of(date.into_timestamp_secs()) {
            *self.counts.entry(year).or_insert(0) += 1;
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.counts
    }
}

/// The UTC calendar year of a Unix timestamp.
fn year_of(secs: i64) -> Option<i32> {
    time::OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .map(|t| t.year())
}

/// Facet counts over the matching articles.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FacetCounts {
    /// Countries, most frequent first.
    pub countries: Vec<FacetCount>,
    /// Organisations, most frequent first, each counting the articles
    /// naming it or one of its units (its [`FacetCount::children`]).
    pub organisations: Vec<FacetCount>,
    /// People, most frequent first.
    pub people: Vec<FacetCount>,
    /// Currencies of the amounts, most frequent first.
    pub currencies: Vec<FacetCount>,
    /// Articles by the size of their amounts in US dollars, on a log scale:
    /// < 1M, 1M–10M, 10M–100M, 100M–1B, ≥ 1B. An article with several
    /// amounts counts once in each bucket one of them falls in.
    pub amounts: Vec<AmountBucket>,
    /// Articles per year of their date (UTC), newest year first; articles
    /// without a date are not counted. Absent when none is dated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub years: Vec<FacetCount>,
}

/// One facet value and the number of articles that have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The value ("Russia"; a unit by its own name, "BBC Sport").
    pub value: String,
    /// Number of articles (for an organisation, those naming it or any of
    /// its units).
    pub count: u64,
    /// An organisation's named units (`BBC Sport` under `BBC`), most
    /// frequent first, each with the articles naming it (or its own
    /// units); empty, and left out of JSON, for values without units.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<FacetCount>,
}

impl FacetCount {
    /// A value with its count and no children.
    pub fn new(value: impl Into<String>, count: u64) -> FacetCount {
        FacetCount {
            value: value.into(),
            count,
            children: Vec::new(),
        }
    }

    pub(crate) fn from_facet(facet: &Facet, count: u64) -> FacetCount {
        let value = facet
            .to_path()
            .last()
            .map(|s| s.to_string())
            .unwrap_or_default();
        FacetCount::new(value, count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_utc_calendar_years() {
        assert_eq!(year_of(0), Some(1970));
        // 1987-12-31T23:59:59Z and the next second.
        assert_eq!(year_of(567_993_599), Some(1987));
        assert_eq!(year_of(567_993_600), Some(1988));
    }

    #[test]
    fn buckets_are_log_scale() {
        assert_eq!(bucket_of(0.0), 0);
        assert_eq!(bucket_of(999_999.0), 0);
        assert_eq!(bucket_of(1e6), 1);
        assert_eq!(bucket_of(2e7), 2);
        assert_eq!(bucket_of(7.6e8), 3);
        assert_eq!(bucket_of(1e9), 4);
        assert_eq!(bucket_of(3e12), 4);
    }

    #[test]
    fn facet_fields_parse_from_names_and_paths() {
        for (text, field) in [
            ("country", FacetField::Country),
            ("/country", FacetField::Country),
            ("Orgs", FacetField::Org),
            ("organization", FacetField::Org),
            ("/currency/", FacetField::Currency),
        ] {
            assert_eq!(text.parse::<FacetField>().unwrap(), field, "{text}");
        }
        assert!("colour".parse::<FacetField>().is_err());
    }
}
