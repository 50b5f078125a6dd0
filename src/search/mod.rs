//! Searching: query parsing (with prefix and typo-tolerant terms), facet,
//! amount and date filters, ranking and sorting, snippets, facet counts,
//! score explanations and more-like-this.
//!
//! | module | concern |
//! |---|---|
//! | `text` | query text → Tantivy queries, in tiers from strictest to broadest |
//! | `snippet` | highlighting: best non-overlapping fragments, title ranges |
//! | `facets` | facet browsing and the amount histogram |
//! | `similar` | more-like-this |

mod batch;
mod dates;
pub(crate) mod duplicates;
mod export;
mod facets;
mod filter_spec;
mod show;
mod similar;
mod snippet;
mod stats;
mod stream;
mod text;

use std::collections::HashSet;
use std::ops::Bound;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, TantivyDocument, Value};
use tantivy::{DateTime, DocAddress, Searcher, SegmentReader, Term};
use time::OffsetDateTime;

use crate::error::{Error, Parameter, Result};
use crate::extract::Amount;
use crate::index::{engine_error, NewsIndex};
use crate::schema::{amount_key, CURRENCY_ROOT};

pub use batch::{read_batch, BatchMatch, BatchOutcome, BatchQuery, BatchSummary};
pub use dates::parse_date_filter;
pub use duplicates::{DuplicateGroup, DuplicateRef, DuplicateReport};
pub use export::{ExportReport, ExportedArticle};
pub use facets::{organisation_alias, AmountBucket, FacetField, FacetList, UnmatchedFilter};
pub use filter_spec::Filters;
pub use show::IndexedArticle;
use snippet::Highlighter;
pub use stats::IndexStats;
pub use stream::StreamReport;

/// Longest query text accepted, in bytes: bounds parsing and scoring work.
pub const MAX_QUERY_LEN: usize = 8 * 1024;

/// Most fragments [`Query::snippets`] returns per hit.
pub const MAX_SNIPPETS: usize = 10;

/// Weight of a title match relative to a body match.
const TITLE_BOOST: f32 = 2.0;

/// Snippet length in characters.
const SNIPPET_CHARS: usize = 220;

type BoxedQuery = Box<dyn tantivy::query::Query>;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Best match first: articles with every word, then BM25 (the default).
    #[default]
    Relevance,
    /// Newest first; articles without a date last; ties by relevance.
    Date,
    /// Largest amount (in US dollars) first; articles without amounts last; ties by relevance.
    Amount,
}

/// A search request: query text plus filters, built step by step.
///
/// ```
/// use newsindex::{Query, SortBy};
/// let query = Query::new("cisco skolkovo")
///     .country("Russia")
///     .org("Cisco")
///     .min_amount_usd(1e6)
///     .sort(SortBy::Date)
///     .limit(5)
///     .with_facets(10);
/// assert_eq!(query.text(), "cisco skolkovo");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    text: String,
    countries: Vec<String>,
    about: Vec<String>,
    organisations: Vec<String>,
    under: Vec<std::path::PathBuf>,
    langs: Vec<String>,
    min_amount_usd: Option<f64>,
    max_amount_usd: Option<f64>,
    currency: Option<String>,
    min_amount: Option<f64>,
    max_amount: Option<f64>,
    since: Option<OffsetDateTime>,
    until: Option<OffsetDateTime>,
    sort: SortBy,
    fuzzy: bool,
    strict: bool,
    snippets: usize,
    explain: bool,
    limit: usize,
    offset: usize,
    facets: Option<usize>,
    all_duplicates: bool,
}

impl Query {
    /// A query in Tantivy's syntax: words, `"phrases"`, `AND`/`OR`/`NOT`
    /// (or `+`/`-`), `title:word`, plus `word*` for every word starting
    /// with `word` and `word~1` / `word~2` for words within that many typos.
    /// An empty text matches every article, so filters alone can browse the index.
    pub fn new(text: impl Into<String>) -> Query {
        Query {
            text: text.into(),
            countries: Vec::new(),
            about: Vec::new(),
            organisations: Vec::new(),
            under: Vec::new(),
            langs: Vec::new(),
            min_amount_usd: None,
            max_amount_usd: None,
            currency: None,
            min_amount: None,
            max_amount: None,
            since: None,
            until: None,
            sort: SortBy::Relevance,
            fuzzy: false,
            strict: false,
            snippets: 1,
            explain: false,
            limit: 10,
            offset: 0,
            facets: None,
            all_duplicates: false,
        }
    }

    /// The query text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Keep articles referring to this country (canonical name, case-insensitive,
    /// or a facet path `/country/Russia`). Repeated calls must all match.
    pub fn country(mut self, name: impl Into<String>) -> Query {
        self.countries.push(name.into());
        self
    }

    /// Keep articles about this country: the salient countries only, not
    /// a passing mention (canonical name, case-insensitive, or a facet
    /// path `/about/Russia`). Repeated calls must all match.
    pub fn about(mut self, name: impl Into<String>) -> Query {
        self.about.push(name.into());
        self
    }

    /// Keep articles naming this organisation (canonical name,
    /// case-insensitive, or a facet path `/org/Cisco`). Repeated calls must all match.
    pub fn org(mut self, name: impl Into<String>) -> Query {
        self.organisations.push(name.into());
        self
    }

    /// Keep articles whose file lies under this folder, or whose path
    /// starts with this prefix (`bbc/business/0`); relative paths are taken
    /// from the working folder. Repeated calls keep articles under any of them.
    pub fn under(mut self, path: impl Into<std::path::PathBuf>) -> Query {
        self.under.push(path.into());
        self
    }

    /// Keep articles written in this language: an ISO 639-1 code (`en`,
    /// `fr`; any case) or a facet path (`/lang/fr`). Repeated calls keep
    /// articles in any of them. Articles whose language could not be told
    /// match none (see [`crate::language`]).
    pub fn lang(mut self, code: impl Into<String>) -> Query {
        self.langs.push(code.into());
        self
    }

    /// Keep articles with at least one amount worth this many US dollars or
    /// more (amounts in other currencies are converted with the fixed rate table).
    pub fn min_amount_usd(mut self, usd: f64) -> Query {
        self.min_amount_usd = Some(usd);
        self
    }

    /// Keep articles with at least one amount worth this many US dollars or less.
    pub fn max_amount_usd(mut self, usd: f64) -> Query {
        self.max_amount_usd = Some(usd);
        self
    }

    /// Keep articles with an amount in this currency (ISO 4217 code such as
    /// `GBP`, any case). [`Query::min_amount`] and [`Query::max_amount`] then
    /// apply to the amounts in this currency, in its own units.
    pub fn currency(mut self, code: impl Into<String>) -> Query {
        self.currency = Some(code.into());
        self
    }

    /// Keep articles with an amount of at least this value in the
    /// [`Query::currency`] (whole units; without a currency, in US-dollar
    /// equivalents like [`Query::min_amount_usd`]).
    pub fn min_amount(mut self, value: f64) -> Query {
        self.min_amount = Some(value);
        self
    }

    /// Keep articles with an amount of at most this value in the
    /// [`Query::currency`] (without a currency, in US-dollar equivalents).
    pub fn max_amount(mut self, value: f64) -> Query {
        self.max_amount = Some(value);
        self
    }

    /// Keep articles dated at or after this instant (articles without a date are dropped).
    pub fn since(mut self, instant: OffsetDateTime) -> Query {
        self.since = Some(instant);
        self
    }

    /// Keep articles dated at or before this instant (articles without a date are dropped).
    pub fn until(mut self, instant: OffsetDateTime) -> Query {
        self.until = Some(instant);
        self
    }

    /// Order hits by relevance (default), date or amount.
    pub fn sort(mut self, sort: SortBy) -> Query {
        self.sort = sort;
        self
    }

    /// Tolerate typos in every bare word: words of 5–8 characters match
    /// terms one edit away, longer words two edits away (shorter words
    /// must match exactly). Exact matches always rank above typo matches,
    /// and the typo matches are highlighted. Per word, `word~1` or
    /// `word~2` in the query text does the same without this switch.
    pub fn fuzzy(mut self, on: bool) -> Query {
        self.fuzzy = on;
        self
    }

    /// Read the text strictly in the grammar: a syntax error (an unknown
    /// `field:`, an unbalanced quote, a stray apostrophe) is an
    /// [`Error::InvalidQuery`], for scripts that build queries. By default
    /// the text is read as people type and paste it: only `title:` and
    /// `body:` are fields, apostrophes, `&`, `/` and `:` inside words are
    /// text, and text that cannot be read as syntax is searched as plain
    /// words ([`SearchResults::reinterpreted`]).
    pub fn strict(mut self, on: bool) -> Query {
        self.strict = on;
        self
    }

    /// Return up to `n` non-overlapping fragments per hit in
    /// [`Hit::snippets`], best first (at most [`MAX_SNIPPETS`]). The best
    /// one is always in [`Hit::snippet`].
    pub fn snippets(mut self, n: usize) -> Query {
        self.snippets = n.min(MAX_SNIPPETS);
        self
    }

    /// Attach to each hit an explanation of its score ([`Hit::explanation`]).
    pub fn explain(mut self, on: bool) -> Query {
        self.explain = on;
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

    /// Show every near-duplicate as a hit of its own. By default each
    /// group of near-duplicates (wire reprints, corrected or updated
    /// versions, found at index time) is one hit, its best-ranked member,
    /// with [`Hit::similar`] counting the others. Exact copies (the same
    /// text in several files) are one hit either way, listing the others in
    /// [`Hit::copies`]. Totals and facet counts always count every matching
    /// article.
    pub fn all_duplicates(mut self, on: bool) -> Query {
        self.all_duplicates = on;
        self
    }

    /// Also count countries, organisations and currencies over all matching
    /// articles, keeping the `top` most frequent of each, and bucket their
    /// amounts (see [`FacetCounts::amounts`]).
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
    /// Articles matching the query and filters (all of them, not just this
    /// page), counted before duplicates are folded: exact copies and every
    /// member of a group of near-duplicates count, as in facet counts, so
    /// there may be fewer hits to page through than this.
    pub total_hits: usize,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit>,
    /// Facet counts over all matching articles, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<FacetCounts>,
    /// When the text could not be read as query syntax (an unbalanced
    /// quote or parenthesis, a dangling `AND`): the plain words that were
    /// searched instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reinterpreted: Option<String>,
    /// Country or organisation filters whose value no article has (so
    /// nothing matched), with the closest indexed values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmatched_filters: Vec<UnmatchedFilter>,
    /// True when [`Query::all_duplicates`] asked for every near-duplicate
    /// as a hit of its own; false (left out of JSON) when each group is
    /// one hit (and for more-like-this, which does not fold).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub all_duplicates: bool,
}

/// One matching article.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based rank over all hits (offset included).
    pub rank: usize,
    /// Relevance, consistent with the order of the hits: BM25 within a
    /// tier ([`Hit::tier`]); a later tier's scores are scaled down so none
    /// exceeds the score shown above it. Sorted by date or amount: BM25.
    pub score: f32,
    /// The raw BM25 score over title (boosted) and body.
    pub bm25: f32,
    /// Which group of the ranking found the hit, 1-based: with relevance
    /// ranking, 1 = every word exactly, 2 = some words, 3 and 4 the same
    /// with typos (tiers the query cannot differ on are skipped). Every hit
    /// of a tier ranks above every hit of the next.
    pub tier: usize,
    /// Stable article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Byte ranges `[start, end)` of the matched terms within `title`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub title_highlights: Vec<[usize; 2]>,
    /// File the article came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Zero-based position of the article in its file (`path#position`
    /// names it for [`NewsIndex::article`]).
    pub position: u32,
    /// One-based line of the file the article starts on (JSON Lines).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Publisher or wire.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publication date, RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Language of the article, ISO 639-1 (`en`), when it could be told.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Countries the article refers to, most salient first.
    pub countries: Vec<String>,
    /// Countries the article is about (the salient subset of `countries`).
    pub about: Vec<String>,
    /// Organisations extracted from the article.
    pub organisations: Vec<String>,
    /// Money amounts extracted from the article.
    pub amounts: Vec<Amount>,
    /// The best passage of the body with the matched terms marked (the
    /// start of the body when no term matched it).
    pub snippet: Snippet,
    /// Up to [`Query::snippets`] non-overlapping passages, best first (only
    /// filled when more than one was asked for).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub snippets: Vec<Snippet>,
    /// Why the hit scored as it did, when [`Query::explain`] was set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
    /// Near-duplicates of this article (different texts of its group: a
    /// reprint, a corrected or updated version) folded into this hit; 0
    /// (left out of JSON) when it has none. With [`Query::all_duplicates`]
    /// they are hits of their own, and still counted here.
    #[serde(skip_serializing_if = "is_zero")]
    pub similar: usize,
    /// The id of its group of near-duplicates and exact copies (the id of
    /// the group's first article indexed), when the group has other
    /// members: `search show` lists them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Other files (or positions) holding exactly this text: the same
    /// article, indexed more than once.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<DuplicateRef>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
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
    /// The same ranges as `highlights`, as byte offsets within the whole body.
    pub field_highlights: Vec<[usize; 2]>,
    /// The page the passage starts on (1-based), for articles read from
    /// paged documents (PDF).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

impl Snippet {
    /// The highlighted parts of the passage, in order.
    pub fn highlighted_words(&self) -> Vec<&str> {
        self.highlights
            .iter()
            .filter_map(|[start, end]| self.text.get(*start..*end))
            .collect()
    }
}

/// One node of a score explanation: a value, what it is, and the values it
/// was computed from (term weights, BM25 factors, boosts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// The value of this node.
    pub value: f32,
    /// What the value is ("BooleanClause. sum of ...", "TermQuery, product of...").
    pub description: String,
    /// The values this one was computed from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<Explanation>,
    /// Extra facts (the term, its frequencies).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<String>,
}

impl Explanation {
    /// Convert Tantivy's explanation, naming terms `field:text` instead of
    /// `Term(field=2, type=Str, "text")`.
    fn from_tantivy(
        explanation: &tantivy::query::Explanation,
        schema: &tantivy::schema::Schema,
    ) -> Option<Explanation> {
        let mut node: Explanation = serde_json::to_value(explanation)
            .ok()
            .and_then(|value| serde_json::from_value(value).ok())?;
        node.name_terms(schema);
        Some(node)
    }

    fn name_terms(&mut self, schema: &tantivy::schema::Schema) {
        for context in &mut self.context {
            if let Some(named) = name_term(context, schema) {
                *context = named;
            }
        }
        for detail in &mut self.details {
            detail.name_terms(schema);
        }
    }
}

/// Explain a hit's score. Boolean nodes are walked here, so only the
/// clauses that matched the article are explained: Tantivy's own boolean
/// explanation seeks every clause, which trips a debug assertion in
/// clauses positioned past the article.
fn explain(
    searcher: &Searcher,
    query: &dyn tantivy::query::Query,
    address: DocAddress,
    schema: &tantivy::schema::Schema,
) -> Option<Explanation> {
    use tantivy::query::EnableScoring;
    use tantivy::DocSet;

    let reader = searcher.segment_reader(address.segment_ord);
    let doc = address.doc_id;
    let weight = query
        .weight(EnableScoring::enabled_from_searcher(searcher))
        .ok()?;
    let mut scorer = weight.scorer(reader, 1.0).ok()?;
    if scorer.doc() > doc || scorer.seek(doc) != doc {
        return None;
    }
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        let explanation = weight.explain(reader, doc).ok()?;
        return Explanation::from_tantivy(&explanation, schema);
    };
    let details = boolean
        .clauses()
        .iter()
        .filter(|(occur, _)| *occur != Occur::MustNot)
        .filter_map(|(_, clause)| explain(searcher, &**clause, address, schema))
        .collect();
    Some(Explanation {
        value: scorer.score(),
        description: "BooleanClause. sum of ...".into(),
        details,
        context: Vec::new(),
    })
}

/// `Term=Term(field=2, type=Str, "skolkovo")` → `body:skolkovo`.
fn name_term(context: &str, schema: &tantivy::schema::Schema) -> Option<String> {
    let rest = context.split_once("Term(field=")?.1;
    let (id, rest) = rest.split_once(',')?;
    let id: u32 = id.trim().parse().ok()?;
    let text = rest.split_once('"')?.1.rsplit_once('"')?.0;
    let field = tantivy::schema::Field::from_field_id(id);
    let name = schema
        .fields()
        .find(|(f, _)| *f == field)?
        .1
        .name()
        .to_string();
    Some(format!("{name}:{text}"))
}

/// Facet counts over the matching articles.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FacetCounts {
    /// Countries, most frequent first.
    pub countries: Vec<FacetCount>,
    /// Organisations, most frequent first.
    pub organisations: Vec<FacetCount>,
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

/// A hit before its document is read: score, address and the tier of the
/// query that found it (for explanations).
type Ranked = (f32, DocAddress, usize);

impl NewsIndex {
    /// Run a search. With [`SortBy::Relevance`], articles containing all the
    /// query's words rank before those containing only some of them, and
    /// exact matches before typo-tolerant ones; within each group, by BM25
    /// over title (boosted) and body.
    pub fn search(&self, query: &Query) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let engine = |e| engine_error(self.path(), e);
        let parsed = self.parse_text(&searcher, &query.text, query.fuzzy, query.strict)?;
        let text_tiers = &parsed.tiers;
        let (filters, unmatched_filters) = self.filters(&searcher, query)?;
        let tiers: Vec<BoxedQuery> = text_tiers
            .iter()
            .map(|tier| with_filters(tier.box_clone(), &filters))
            .collect();
        let matching = tiers.last().expect("at least one tier");

        // Count and rank in one pass where one query can do both and a
        // second pass would cost: filters (an amount range scans a fast
        // column), phrases (positions checked) and conjunctions are re-run
        // in full by every pass, and a sort by field scores every hit
        // anyway. Unions of words keep two passes: counting them is cheap,
        // and ranking alone skips the blocks that cannot reach the top.
        let one_pass = query.facets.is_none()
            && query.limit > 0
            && (query.sort != SortBy::Relevance
                || (tiers.len() == 1
                    && (!filters.is_empty()
                        || text::has_phrase(&parsed.syntax)
                        || has_required_clause(&*text_tiers[0]))));
        let fold = if query.all_duplicates {
            duplicates::Fold::Copies
        } else {
            duplicates::Fold::Groups
        };
        let columns = duplicates::Columns::new(&searcher);
        let num_docs = searcher.num_docs() as usize;
        let (total_hits, facets, ranked) = if one_pass {
            // Never more than there are articles: a huge --limit must not
            // size huge buffers.
            let wanted = query
                .offset
                .saturating_add(query.limit)
                .min(num_docs)
                .max(1);
            let first = self.first_fetch(&searcher, fold, wanted)?;
            let (count, ranked) = duplicates::rank_folded(
                &columns,
                fold,
                (wanted, first),
                num_docs.max(1),
                |wanted| {
                    match query.sort {
                        SortBy::Relevance => rank_counted(&searcher, &**matching, wanted),
                        SortBy::Date | SortBy::Amount => rank_by_field(
                            &searcher,
                            &**matching,
                            tiers.len() - 1,
                            wanted,
                            query.sort,
                        ),
                    }
                    .map_err(engine)
                },
            )?;
            (count, None, ranked)
        } else {
            let (total_hits, facets) = match query.facets {
                Some(top) => {
                    let (count, facets) = self.count_facets(&searcher, &**matching, top)?;
                    (count, Some(facets))
                }
                None => (searcher.search(&**matching, &Count).map_err(engine)?, None),
            };
            // Never more than there are hits: a huge --limit must not size huge buffers.
            let wanted = query.offset.saturating_add(query.limit).min(total_hits);
            let first = self.first_fetch(&searcher, fold, wanted)?;
            let ((), ranked) =
                duplicates::rank_folded(&columns, fold, (wanted, first), total_hits, |wanted| {
                    let ranked = rank(&searcher, &tiers, wanted, query.sort).map_err(engine)?;
                    Ok(((), ranked))
                })?;
            (total_hits, facets, ranked)
        };

        let highlighter = if query.text.trim().is_empty() {
            None
        } else {
            let broadest = text_tiers.last().expect("at least one tier");
            Some(Highlighter::new(&searcher, &**broadest, &self.fields).map_err(engine)?)
        };

        let shown = shown_scores(&ranked, query.sort);
        let hits = ranked
            .into_iter()
            .zip(shown)
            .enumerate()
            .skip(query.offset)
            .map(|(i, ((bm25, address, tier), score))| {
                let doc: TantivyDocument = searcher.doc(address).map_err(engine)?;
                let mut hit = self.to_hit(i + 1, bm25, &doc, highlighter.as_ref(), query.snippets);
                hit.score = score;
                hit.tier = tier + 1;
                let found = self.hit_duplicates(&searcher, &columns, address)?;
                (hit.similar, hit.group, hit.copies) = (found.similar, found.group, found.copies);
                if query.explain {
                    hit.explanation =
                        explain(&searcher, &*tiers[tier], address, &self.index.schema()).map(
                            |bm25_explained| {
                                explain_tier(bm25_explained, &hit, &parsed.labels, query.sort)
                            },
                        );
                }
                Ok(hit)
            })
            .collect::<Result<Vec<Hit>>>()?;

        Ok(SearchResults {
            query: query.text.clone(),
            total_hits,
            hits,
            facets,
            reinterpreted: parsed.reinterpreted,
            unmatched_filters,
            all_duplicates: query.all_duplicates,
        })
    }

    /// The query text and filters as one Tantivy query matching every
    /// article the search matches.
    /// ... the filter values that matched no article, and the plain words
    /// searched for when the text was no query syntax.
    fn matching_query(
        &self,
        searcher: &Searcher,
        query: &Query,
    ) -> Result<(BoxedQuery, Vec<UnmatchedFilter>, Option<String>)> {
        let parsed = self.parse_text(searcher, &query.text, query.fuzzy, query.strict)?;
        let (filters, unmatched) = self.filters(searcher, query)?;
        let broadest = parsed.tiers.last().expect("at least one tier");
        Ok((
            with_filters(broadest.box_clone(), &filters),
            unmatched,
            parsed.reinterpreted,
        ))
    }

    fn filters(
        &self,
        searcher: &Searcher,
        query: &Query,
    ) -> Result<(Vec<BoxedQuery>, Vec<UnmatchedFilter>)> {
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
            );
        for (which, name) in wanted {
            match self.resolve_facet(searcher, which, name)? {
                Ok(facet) => filters.push(facet_query(self.facet_field(which), &facet)),
                Err(missing) => {
                    // Still a filter: nothing matches it.
                    filters.push(Box::new(tantivy::query::EmptyQuery));
                    unmatched.push(missing);
                }
            }
        }

        if !query.langs.is_empty() {
            // Any of the languages; one no article has is reported.
            let mut any: Vec<(Occur, BoxedQuery)> = Vec::new();
            for code in &query.langs {
                let code = code.trim().to_ascii_lowercase();
                match self.resolve_facet(searcher, FacetField::Lang, &code)? {
                    Ok(facet) => any.push((Occur::Should, facet_query(f.lang, &facet))),
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
        dates::check_date_range(query.since, query.until)?;
        filters.extend(range_query(date(query.since), date(query.until)));
        Ok((filters, unmatched))
    }

    /// Turn a user's facet value into the indexed facet: an exact facet
    /// path, an exact name, a name differing only in case or accents, or a
    /// name people use for it (`UK`, `U.S.`, `Britain` for countries; the
    /// organisation aliases: `IBM`, `EU`). A value no article has comes
    /// back as an [`UnmatchedFilter`] with the closest indexed values.
    fn resolve_facet(
        &self,
        searcher: &Searcher,
        which: FacetField,
        name: &str,
    ) -> Result<std::result::Result<Facet, UnmatchedFilter>> {
        let name = name.trim();
        let root = which.root();
        let prefix = format!("/{root}/");
        let value = name.strip_prefix(&prefix).unwrap_or(name).trim();
        if value.is_empty() {
            return Err(Error::InvalidFilter {
                parameter: which.parameter(),
                value: name.to_string(),
                reason: "empty name".into(),
            });
        }
        let exact = Facet::from_path([root, value]);
        let field = self.facet_field(which);
        let doc_freq = searcher
            .doc_freq(&Term::from_facet(field, &exact))
            .map_err(|e| engine_error(self.path(), e))?;
        if doc_freq > 0 {
            return Ok(Ok(exact));
        }
        let indexed = self.all_facet_counts(searcher, &tantivy::query::AllQuery, which)?;
        // A name of several organisations over time ("EC": the European
        // Community of the 1980s, the European Commission since) finds the
        // one the index holds most of.
        let aliases: Vec<&str> = match which {
            FacetField::Country | FacetField::About => crate::extract::canonical_country(value)
                .into_iter()
                .collect(),
            FacetField::Org => facets::organisation_senses(value),
            FacetField::Currency | FacetField::Folder | FacetField::Lang => Vec::new(),
        };
        let fold = |s: &str| crate::analyzer::fold(s.trim());
        let lookup = |wanted: &str| {
            let wanted = fold(wanted);
            indexed.iter().find(|count| fold(&count.value) == wanted)
        };
        let found = lookup(value).or_else(|| {
            aliases
                .iter()
                .filter_map(|a| lookup(a))
                .max_by_key(|count| count.count)
        });
        match found {
            Some(count) => Ok(Ok(Facet::from_path([root, count.value.as_str()]))),
            None => Ok(Err(UnmatchedFilter {
                field: which,
                value: value.to_string(),
                suggestions: facets::suggestions(which, value, &indexed),
            })),
        }
    }

    pub(crate) fn facet_field(&self, which: FacetField) -> tantivy::schema::Field {
        match which {
            FacetField::Country => self.fields.country,
            FacetField::About => self.fields.about,
            FacetField::Org => self.fields.org,
            FacetField::Currency => self.fields.currency,
            FacetField::Folder => self.fields.folder,
            FacetField::Lang => self.fields.lang,
        }
    }

    fn to_hit(
        &self,
        rank: usize,
        score: f32,
        doc: &TantivyDocument,
        highlighter: Option<&Highlighter>,
        snippets: usize,
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
        let title = text(f.title).unwrap_or_default();
        let body = text(f.body).unwrap_or_default();
        let lang = facets(f.lang).pop();
        let mut fragments = highlighter
            .map(|h| h.fragments(&body, SNIPPET_CHARS, snippets.max(1), lang.as_deref()))
            .unwrap_or_default();
        let snippet = fragments
            .first()
            .cloned()
            .unwrap_or_else(|| snippet::lead(&body, SNIPPET_CHARS));
        if snippets <= 1 {
            fragments.clear();
        }
        let mut snippet = snippet;
        for passage in std::iter::once(&mut snippet).chain(fragments.iter_mut()) {
            passage.page = crate::ingest::page_at(&body, passage.offset);
        }
        Hit {
            rank,
            score,
            bm25: score,
            tier: 1,
            id: text(f.id).unwrap_or_default(),
            title_highlights: highlighter
                .map(|h| h.title(&title, lang.as_deref()))
                .unwrap_or_default(),
            title,
            path: text(f.path).map(|key| self.resolve_path(&key)),
            position: stored_u32(doc, f.position).unwrap_or(0),
            line: stored_u32(doc, f.line),
            source: text(f.source),
            url: text(f.url),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_datetime())
                .and_then(|d| OffsetDateTime::from_unix_timestamp(d.into_timestamp_secs()).ok())
                .and_then(|d| {
                    d.format(&time::format_description::well_known::Rfc3339)
                        .ok()
                }),
            lang,
            countries: facets(f.country),
            about: facets(f.about),
            organisations: facets(f.org),
            amounts: text(f.amounts)
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default(),
            snippet,
            snippets: fragments,
            explanation: None,
            similar: 0,
            group: None,
            copies: Vec::new(),
        }
    }
}

/// A stored small number (position, line).
fn stored_u32(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<u32> {
    doc.get_first(field)
        .and_then(|v| v.as_u64())
        .and_then(|n| u32::try_from(n).ok())
}

/// Whether `query` is a boolean query with a required clause (`a AND b`):
/// a conjunction visits every common document whether counting or ranking.
fn has_required_clause(query: &dyn tantivy::query::Query) -> bool {
    query
        .downcast_ref::<BooleanQuery>()
        .is_some_and(|b| b.clauses().iter().any(|(occur, _)| *occur == Occur::Must))
}

/// The total number of hits of a one-tier query and its best `wanted`, in
/// one pass.
fn rank_counted(
    searcher: &Searcher,
    query: &dyn tantivy::query::Query,
    wanted: usize,
) -> tantivy::Result<(usize, Vec<Ranked>)> {
    let top = TopDocs::with_limit(wanted).order_by_score();
    let (count, hits) = searcher.search(query, &(Count, top))?;
    let ranked = hits
        .into_iter()
        .map(|(score, address)| (score, address, 0))
        .collect();
    Ok((count, ranked))
}

/// The best `wanted` matches of the broadest tier (the last), in the
/// order `sort` asks for: by tier then BM25, or by a fast field.
fn rank(
    searcher: &Searcher,
    tiers: &[BoxedQuery],
    wanted: usize,
    sort: SortBy,
) -> tantivy::Result<Vec<Ranked>> {
    if wanted == 0 {
        return Ok(Vec::new());
    }
    let broadest = tiers.len() - 1;
    match sort {
        SortBy::Relevance => rank_in_tiers(searcher, tiers, wanted),
        SortBy::Date | SortBy::Amount => {
            rank_by_field(searcher, &*tiers[broadest], broadest, wanted, sort)
                .map(|(_, ranked)| ranked)
        }
    }
}

/// The score to show beside each ranked hit: rank-consistent with
/// relevance ranking ([`rank_consistent`]), BM25 as is when sorted by a
/// field.
fn shown_scores(ranked: &[Ranked], sort: SortBy) -> Vec<f32> {
    if sort == SortBy::Relevance {
        rank_consistent(ranked)
    } else {
        ranked.iter().map(|(score, ..)| *score).collect()
    }
}

/// Scores to show beside ranked hits, never rising down the list: BM25
/// within a tier; each later tier scaled by one factor so that its best
/// hit shows no more than the last hit above it. The factor depends only
/// on hits ranked earlier, so paging does not change a hit's score.
fn rank_consistent(ranked: &[Ranked]) -> Vec<f32> {
    let mut shown = Vec::with_capacity(ranked.len());
    let mut floor = f32::INFINITY;
    let (mut factor, mut current) = (1.0f32, None);
    for &(score, _, tier) in ranked {
        if current != Some(tier) {
            current = Some(tier);
            factor = if score > floor && score > 0.0 {
                floor / score
            } else {
                1.0
            };
        }
        let value = (score * factor).min(floor);
        floor = value;
        shown.push(value);
    }
    shown
}

/// A hit's explanation under a node that says which tier found it and
/// how the shown score derives from BM25.
fn explain_tier(bm25: Explanation, hit: &Hit, labels: &[&str], sort: SortBy) -> Explanation {
    let label = labels.get(hit.tier - 1).copied().unwrap_or("?");
    let how = if sort != SortBy::Relevance || hit.score == hit.bm25 {
        "shown score = BM25".to_string()
    } else {
        format!(
            "shown score = BM25 {:.3} scaled by {:.3} to stay below the tiers above",
            hit.bm25,
            hit.score / hit.bm25
        )
    };
    Explanation {
        value: hit.score,
        description: format!(
            "tier {} of {} ({label}); tiers rank in this order, by BM25 within each; {how}",
            hit.tier,
            labels.len()
        ),
        details: vec![bm25],
        context: Vec::new(),
    }
}

/// Hits from the strictest tier first, then new ones from each broader tier.
fn rank_in_tiers(
    searcher: &Searcher,
    tiers: &[BoxedQuery],
    wanted: usize,
) -> tantivy::Result<Vec<Ranked>> {
    let mut ranked: Vec<Ranked> = Vec::new();
    let mut seen: HashSet<DocAddress> = HashSet::new();
    for (tier, query) in tiers.iter().enumerate() {
        if ranked.len() >= wanted {
            break;
        }
        let top = TopDocs::with_limit(wanted + seen.len()).order_by_score();
        for (score, address) in searcher.search(&**query, &top)? {
            if ranked.len() < wanted && seen.insert(address) {
                ranked.push((score, address, tier));
            }
        }
    }
    Ok(ranked)
}

/// The total number of hits and the best `wanted` ordered by a fast field
/// (date or largest amount), descending, missing values last, ties by
/// score, in one pass.
fn rank_by_field(
    searcher: &Searcher,
    query: &dyn tantivy::query::Query,
    tier: usize,
    wanted: usize,
    sort: SortBy,
) -> tantivy::Result<(usize, Vec<Ranked>)> {
    /// Count, and keep the best hits by (key, score), dropping the key.
    fn counted<K, C>(
        searcher: &Searcher,
        query: &dyn tantivy::query::Query,
        collector: C,
        tier: usize,
    ) -> tantivy::Result<(usize, Vec<Ranked>)>
    where
        C: tantivy::collector::Collector<Fruit = Vec<((K, f32), DocAddress)>>,
    {
        let (count, hits) = searcher.search(query, &(Count, collector))?;
        let ranked = hits
            .into_iter()
            .map(|((_, score), address)| (score, address, tier))
            .collect();
        Ok((count, ranked))
    }
    let top = TopDocs::with_limit(wanted);
    if sort == SortBy::Date {
        let collector = top.tweak_score(|segment: &SegmentReader| {
            let dates = segment.fast_fields().date("date").ok();
            move |doc, score| {
                let date = dates
                    .as_ref()
                    .and_then(|c| c.first(doc))
                    .map(|d| d.into_timestamp_secs());
                (date, score)
            }
        });
        counted(searcher, query, collector, tier)
    } else {
        let collector = top.tweak_score(|segment: &SegmentReader| {
            let amounts = segment.fast_fields().f64("amount_usd").ok();
            move |doc, score| {
                let largest = amounts
                    .as_ref()
                    .and_then(|c| c.values_for_doc(doc).reduce(f64::max));
                (largest, score)
            }
        });
        counted(searcher, query, collector, tier)
    }
}

/// The path prefix on disk of a `--under` path (then made the prefixes of
/// stored paths by [`crate::location::Locations::key_prefixes`]): a folder on disk as its
/// canonical path and a separator (so `bbc/bus` is not `bbc/business`), a
/// file as its canonical path, anything else (a prefix such as
/// `bbc/business/0`) as its canonical parent plus the last part.
fn path_prefix(path: &std::path::Path) -> String {
    use crate::ingest::path_string;
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

fn truncate_chars(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

#[cfg(test)]
mod tests;
