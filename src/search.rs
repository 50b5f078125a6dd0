//! Searching: query parsing, facet and amount filters, ranking, snippets
//! and facet counts.

use std::collections::HashSet;
use std::ops::Bound;

use serde::Serialize;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption, TantivyDocument, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Searcher, Term};

use crate::error::{Error, Result};
use crate::extract::Amount;
use crate::index::{engine_error, NewsIndex};
use crate::schema::{COUNTRY_ROOT, ORG_ROOT};

/// Longest query text accepted, in bytes: bounds parsing and scoring work.
pub const MAX_QUERY_LEN: usize = 8 * 1024;

/// Weight of a title match relative to a body match.
const TITLE_BOOST: f32 = 2.0;

/// Snippet length in characters.
const SNIPPET_CHARS: usize = 220;

/// A search request: query text plus filters, built step by step.
///
/// ```
/// use newsindex::Query;
/// let query = Query::new("cisco skolkovo")
///     .country("Russia")
///     .org("Cisco")
///     .min_amount_usd(1e6)
///     .limit(5)
///     .with_facets(10);
/// assert_eq!(query.text(), "cisco skolkovo");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    text: String,
    countries: Vec<String>,
    organisations: Vec<String>,
    min_amount_usd: Option<f64>,
    max_amount_usd: Option<f64>,
    limit: usize,
    offset: usize,
    facets: Option<usize>,
}

impl Query {
    /// A query in Tantivy's syntax: words, `"phrases"`, `AND`/`OR`/`NOT`
    /// (or `+`/`-`), `title:word`. An empty text matches every article,
    /// so filters alone can browse the index.
    pub fn new(text: impl Into<String>) -> Query {
        Query {
            text: text.into(),
            countries: Vec::new(),
            organisations: Vec::new(),
            min_amount_usd: None,
            max_amount_usd: None,
            limit: 10,
            offset: 0,
            facets: None,
        }
    }

    /// The query text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Keep articles about this country (canonical name, case-insensitive,
    /// or a facet path `/country/Russia`). Repeated calls must all match.
    pub fn country(mut self, name: impl Into<String>) -> Query {
        self.countries.push(name.into());
        self
    }

    /// Keep articles naming this organisation (canonical name,
    /// case-insensitive, or a facet path `/org/Cisco`). Repeated calls must all match.
    pub fn org(mut self, name: impl Into<String>) -> Query {
        self.organisations.push(name.into());
        self
    }

    /// Keep articles with at least one amount worth this many US dollars or more.
    pub fn min_amount_usd(mut self, usd: f64) -> Query {
        self.min_amount_usd = Some(usd);
        self
    }

    /// Keep articles with at least one amount worth this many US dollars or less.
    pub fn max_amount_usd(mut self, usd: f64) -> Query {
        self.max_amount_usd = Some(usd);
        self
    }

    /// Return at most this many hits (default 10).
    pub fn limit(mut self, limit: usize) -> Query {
        self.limit = limit;
        self
    }

    /// Skip this many hits first, for paging.
    pub fn offset(mut self, offset: usize) -> Query {
        self.offset = offset;
        self
    }

    /// Also count countries and organisations over all matching articles,
    /// keeping the `top` most frequent of each.
    pub fn with_facets(mut self, top: usize) -> Query {
        self.facets = Some(top);
        self
    }
}

/// What a search returns.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query text as given.
    pub query: String,
    /// Articles matching the query and filters (all of them, not just this page).
    pub total_hits: usize,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit>,
    /// Facet counts over all matching articles, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<FacetCounts>,
}

/// One matching article.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based rank over all hits (offset included).
    pub rank: usize,
    /// BM25 score.
    pub score: f32,
    /// Stable article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// File the article came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Publisher or wire.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publication date, RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Countries extracted from the article.
    pub countries: Vec<String>,
    /// Organisations extracted from the article.
    pub organisations: Vec<String>,
    /// Money amounts extracted from the article.
    pub amounts: Vec<Amount>,
    /// A passage of the body with the matched terms marked.
    pub snippet: Snippet,
}

/// A passage of text with highlighted byte ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The passage.
    pub text: String,
    /// Byte ranges `[start, end)` within `text` of the matched terms.
    pub highlights: Vec<[usize; 2]>,
    /// Byte offset of `text` within the article body.
    pub offset: usize,
    /// Whether the body goes on after the passage.
    pub truncated: bool,
}

impl Snippet {
    /// The highlighted parts of the passage, in order.
    pub fn highlighted_words(&self) -> Vec<&str> {
        self.highlights
            .iter()
            .map(|[start, end]| &self.text[*start..*end])
            .collect()
    }
}

/// Facet counts over the matching articles.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FacetCounts {
    /// Countries, most frequent first.
    pub countries: Vec<FacetCount>,
    /// Organisations, most frequent first.
    pub organisations: Vec<FacetCount>,
}

/// One facet value and the number of articles that have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The value ("Russia").
    pub value: String,
    /// Number of articles.
    pub count: u64,
}

impl FacetCount {
    pub(crate) fn from_facet(facet: &Facet, count: u64) -> FacetCount {
        let value = facet
            .to_path()
            .last()
            .map(|s| s.to_string())
            .unwrap_or_default();
        FacetCount { value, count }
    }
}

type BoxedQuery = Box<dyn tantivy::query::Query>;

impl NewsIndex {
    /// Run a search. Articles containing all the query's words rank before
    /// those containing only some of them; within each group, by BM25 over
    /// title (boosted) and body.
    pub fn search(&self, query: &Query) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let engine = |e| engine_error(self.path(), e);
        let (all_terms, any_term) = self.parse_text(&query.text)?;
        let filters = self.filters(&searcher, query)?;
        let all_terms = with_filters(all_terms, &filters);
        let any_term = with_filters(any_term, &filters);

        // The match set, counted (and faceted) once.
        let wanted = query.offset + query.limit;
        let (total_hits, facets) = match query.facets {
            Some(top) => {
                let mut countries = FacetCollector::for_field("country");
                countries.add_facet(Facet::from_path([COUNTRY_ROOT]));
                let mut orgs = FacetCollector::for_field("org");
                orgs.add_facet(Facet::from_path([ORG_ROOT]));
                let (count, countries, orgs) = searcher
                    .search(&*any_term, &(Count, countries, orgs))
                    .map_err(engine)?;
                let top_of = |counts: &tantivy::collector::FacetCounts, root: &str| {
                    counts
                        .top_k(Facet::from_path([root]), top)
                        .into_iter()
                        .map(|(facet, n)| FacetCount::from_facet(facet, n))
                        .collect()
                };
                let facets = FacetCounts {
                    countries: top_of(&countries, COUNTRY_ROOT),
                    organisations: top_of(&orgs, ORG_ROOT),
                };
                (count, Some(facets))
            }
            None => (searcher.search(&*any_term, &Count).map_err(engine)?, None),
        };

        // Articles with every term first, then the rest by score.
        let mut ranked: Vec<(f32, DocAddress)> = Vec::new();
        if wanted > 0 && total_hits > 0 {
            ranked = searcher
                .search(&*all_terms, &TopDocs::with_limit(wanted).order_by_score())
                .map_err(engine)?;
            let same_query = format!("{all_terms:?}") == format!("{any_term:?}");
            if ranked.len() < wanted && !same_query {
                let seen: HashSet<DocAddress> = ranked.iter().map(|(_, d)| *d).collect();
                let more = searcher
                    .search(
                        &*any_term,
                        &TopDocs::with_limit(wanted + seen.len()).order_by_score(),
                    )
                    .map_err(engine)?;
                ranked.extend(more.into_iter().filter(|(_, d)| !seen.contains(d)));
                ranked.truncate(wanted);
            }
        }

        let snippets = if query.text.trim().is_empty() {
            None
        } else {
            let mut generator = SnippetGenerator::create(&searcher, &*any_term, self.fields.body)
                .map_err(engine)?;
            generator.set_max_num_chars(SNIPPET_CHARS);
            Some(generator)
        };

        let hits = ranked
            .into_iter()
            .enumerate()
            .skip(query.offset)
            .map(|(i, (score, address))| {
                let doc: TantivyDocument = searcher.doc(address).map_err(engine)?;
                Ok(self.to_hit(i + 1, score, &doc, snippets.as_ref()))
            })
            .collect::<Result<Vec<Hit>>>()?;

        Ok(SearchResults {
            query: query.text.clone(),
            total_hits,
            hits,
            facets,
        })
    }

    /// Parse the text twice: with AND between bare words and with OR.
    fn parse_text(&self, text: &str) -> Result<(BoxedQuery, BoxedQuery)> {
        if text.len() > MAX_QUERY_LEN {
            return Err(Error::InvalidQuery {
                query: format!("{}…", truncate_chars(text, 40)),
                reason: format!("longer than {MAX_QUERY_LEN} bytes"),
            });
        }
        if text.trim().is_empty() {
            return Ok((Box::new(AllQuery), Box::new(AllQuery)));
        }
        let mut parser =
            QueryParser::for_index(&self.index, vec![self.fields.title, self.fields.body]);
        parser.set_field_boost(self.fields.title, TITLE_BOOST);
        let invalid = |e: tantivy::query::QueryParserError| Error::InvalidQuery {
            query: text.to_string(),
            reason: e.to_string(),
        };
        let any_term = parser.parse_query(text).map_err(invalid)?;
        parser.set_conjunction_by_default();
        let all_terms = parser.parse_query(text).map_err(invalid)?;
        Ok((all_terms, any_term))
    }

    fn filters(&self, searcher: &Searcher, query: &Query) -> Result<Vec<BoxedQuery>> {
        let mut filters: Vec<BoxedQuery> = Vec::new();
        for name in &query.countries {
            let facet = self.resolve_facet(searcher, "country", COUNTRY_ROOT, name)?;
            filters.push(facet_query(self.fields.country, &facet));
        }
        for name in &query.organisations {
            let facet = self.resolve_facet(searcher, "org", ORG_ROOT, name)?;
            filters.push(facet_query(self.fields.org, &facet));
        }
        let bound = |value: Option<f64>, what: &'static str| -> Result<Bound<Term>> {
            match value {
                None => Ok(Bound::Unbounded),
                Some(v) if v.is_finite() && v >= 0.0 => Ok(Bound::Included(Term::from_field_f64(
                    self.fields.amount_usd,
                    v,
                ))),
                Some(v) => Err(Error::InvalidFilter {
                    what,
                    value: v.to_string(),
                    reason: "must be a finite, non-negative number".into(),
                }),
            }
        };
        let low = bound(query.min_amount_usd, "minimum amount")?;
        let high = bound(query.max_amount_usd, "maximum amount")?;
        if !matches!((&low, &high), (Bound::Unbounded, Bound::Unbounded)) {
            filters.push(Box::new(RangeQuery::new(low, high)));
        }
        Ok(filters)
    }

    /// Turn a user's facet value into the indexed facet: an exact facet
    /// path, an exact name, or a name differing only in case. Unknown
    /// names are kept as typed (they simply match nothing).
    fn resolve_facet(
        &self,
        searcher: &Searcher,
        field_name: &str,
        root: &str,
        name: &str,
    ) -> Result<Facet> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::InvalidFilter {
                what: if root == COUNTRY_ROOT {
                    "country"
                } else {
                    "organisation"
                },
                value: name.to_string(),
                reason: "empty name".into(),
            });
        }
        let prefix = format!("/{root}/");
        let value = name.strip_prefix(&prefix).unwrap_or(name);
        let exact = Facet::from_path([root, value]);
        let field = if root == COUNTRY_ROOT {
            self.fields.country
        } else {
            self.fields.org
        };
        let doc_freq = searcher
            .doc_freq(&Term::from_facet(field, &exact))
            .map_err(|e| engine_error(self.path(), e))?;
        if doc_freq > 0 {
            return Ok(exact);
        }
        let mut collector = FacetCollector::for_field(field_name);
        collector.add_facet(Facet::from_path([root]));
        let counts = searcher
            .search(&AllQuery, &collector)
            .map_err(|e| engine_error(self.path(), e))?;
        let wanted = value.to_lowercase();
        let found = counts
            .get(Facet::from_path([root]))
            .find(|(facet, _)| {
                facet
                    .to_path()
                    .last()
                    .is_some_and(|last| last.to_lowercase() == wanted)
            })
            .map(|(facet, _)| facet.clone());
        Ok(found.unwrap_or(exact))
    }

    fn to_hit(
        &self,
        rank: usize,
        score: f32,
        doc: &TantivyDocument,
        snippets: Option<&SnippetGenerator>,
    ) -> Hit {
        let f = &self.fields;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let facets = |field| -> Vec<String> {
            doc.get_all(field)
                .filter_map(|v| v.as_facet())
                .filter_map(|encoded| Facet::from_encoded(encoded.as_bytes().to_vec()).ok())
                .filter_map(|facet| facet.to_path().last().map(|s| s.to_string()))
                .collect()
        };
        let body = text(f.body).unwrap_or_default();
        let snippet = snippets
            .map(|generator| generator.snippet(&body))
            .filter(|snippet| !snippet.is_empty())
            .map(|snippet| Snippet {
                text: snippet.fragment().to_string(),
                highlights: snippet
                    .highlighted()
                    .iter()
                    .map(|r| [r.start, r.end])
                    .collect(),
                offset: snippet.fragment_range().start,
                truncated: snippet.fragment_range().end < body.trim_end().len(),
            })
            .unwrap_or_else(|| lead(&body, SNIPPET_CHARS));
        Hit {
            rank,
            score,
            id: text(f.id).unwrap_or_default(),
            title: text(f.title).unwrap_or_default(),
            path: text(f.path),
            source: text(f.source),
            url: text(f.url),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_datetime())
                .and_then(|d| {
                    time::OffsetDateTime::from_unix_timestamp(d.into_timestamp_secs()).ok()
                })
                .and_then(|d| {
                    d.format(&time::format_description::well_known::Rfc3339)
                        .ok()
                }),
            countries: facets(f.country),
            organisations: facets(f.org),
            amounts: text(f.amounts)
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default(),
            snippet,
        }
    }
}

fn facet_query(field: tantivy::schema::Field, facet: &Facet) -> BoxedQuery {
    Box::new(TermQuery::new(
        Term::from_facet(field, facet),
        IndexRecordOption::Basic,
    ))
}

fn with_filters(text: BoxedQuery, filters: &[BoxedQuery]) -> BoxedQuery {
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

/// The first `max_chars` characters of `text`, cut at a word boundary, as
/// an unhighlighted snippet.
fn lead(text: &str, max_chars: usize) -> Snippet {
    let offset = text.len() - text.trim_start().len();
    let text = text.trim();
    let cut = truncate_chars(text, max_chars);
    let passage = if cut.len() < text.len() {
        cut.rfind(char::is_whitespace)
            .map_or(cut, |i| &cut[..i])
            .trim_end()
    } else {
        cut
    };
    Snippet {
        text: passage.to_string(),
        highlights: Vec::new(),
        offset,
        truncated: passage.len() < text.len(),
    }
}

fn truncate_chars(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_cuts_at_a_word_boundary() {
        let whole = lead("one two three", 100);
        assert_eq!(
            (whole.text.as_str(), whole.truncated),
            ("one two three", false)
        );
        let cut = lead("  alpha beta gamma", 12);
        assert_eq!(
            (cut.text.as_str(), cut.offset, cut.truncated),
            ("alpha beta", 2, true)
        );
    }

    #[test]
    fn query_builder_keeps_every_filter() {
        let q = Query::new("x")
            .country("Russia")
            .org("Cisco")
            .limit(3)
            .offset(2);
        assert_eq!(q.countries, vec!["Russia"]);
        assert_eq!(q.organisations, vec!["Cisco"]);
        assert_eq!((q.limit, q.offset), (3, 2));
    }
}
