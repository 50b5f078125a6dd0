//! What a search returns: [`SearchResults`], its [`Hit`]s (a view over
//! the [`StoredArticle`] with the hit's rank, score, snippets and
//! duplicates), [`Snippet`]s, score [`Explanation`]s and facet counts.

use serde::{Deserialize, Serialize};

use super::dates::DateCoverage;
use super::facets::{FacetCounts, UnmatchedFilter};
use crate::document::{view_of_stored_article, Serialised, StoredArticle};

/// What a search returns.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query text as given.
    pub query: String,
    /// Articles matching the query and filters with every word of the query
    /// (all of them, not just this page), counted before duplicates are
    /// folded: exact copies and every member of a group of near-duplicates
    /// count, as in facet counts, so there may be fewer hits to page
    /// through than this. Query syntax counts as written: `a OR b` is
    /// matched by an article with either word.
    pub total_hits: usize,
    /// Articles matching some of the query's words but not all of them
    /// (`Federer Dubai`: those naming only one). They rank after the
    /// [`SearchResults::total_hits`] articles, those missing the fewest
    /// words first, so the hits to page through number `total_hits +
    /// partial_hits` (fewer once duplicates are folded).
    pub partial_hits: usize,
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
    /// When no article has every word of the text and some word is in no
    /// article: the text with such words replaced by the indexed words nearest them
    /// (within two edits, most frequent first), as queries to try instead
    /// (`Roman Abramovitch` → `Roman Abramovich`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<String>,
    /// Country or organisation filters whose value no article has (so
    /// nothing matched), with the closest indexed values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmatched_filters: Vec<UnmatchedFilter>,
    /// True when [`Query::all_duplicates`](crate::Query::all_duplicates) asked for every near-duplicate
    /// as a hit of its own; false (left out of JSON) when each group is
    /// one hit (and for more-like-this, which does not fold).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub all_duplicates: bool,
    /// When the search filters or sorts by date and some articles of the
    /// index have no date: how many do (left out of JSON otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dated: Option<DateCoverage>,
}

/// One matching article: the stored article ([`Hit::article`], whose
/// fields read as the hit's own: `hit.title`) with its rank, scores,
/// highlights, snippets and duplicates.
#[derive(Debug, Clone)]
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
    /// ranking, 1 = every word exactly, then every word with typos (under
    /// fuzzy matching), then all but one word (exact, then with typos), all
    /// but two, and so on (tiers the query cannot differ on are skipped).
    /// Every hit of a tier ranks above every hit of the next.
    pub tier: usize,
    /// The article's stored fields (id, title, path, date, facets...).
    pub article: StoredArticle,
    /// Byte ranges `[start, end)` of the matched terms within `title`.
    pub title_highlights: Vec<[usize; 2]>,
    /// The best passage of the body with the matched terms marked (the
    /// start of the body when no term matched it).
    pub snippet: Snippet,
    /// Up to [`Query::snippets`](crate::Query::snippets) non-overlapping passages, best first (only
    /// filled when more than one was asked for).
    pub snippets: Vec<Snippet>,
    /// Why the hit scored as it did, when [`Query::explain`](crate::Query::explain) was set.
    pub explanation: Option<Explanation>,
    /// Near-duplicates of this article (different texts of its group: a
    /// reprint, a corrected or updated version) folded into this hit; 0
    /// (left out of JSON) when it has none. With [`Query::all_duplicates`](crate::Query::all_duplicates)
    /// they are hits of their own, and still counted here.
    pub similar: usize,
    /// The id of its group of near-duplicates and exact copies (the id of
    /// the group's first article indexed), when the group has other
    /// members: `search show` lists them.
    pub group: Option<String>,
    /// Other files (or positions) holding exactly this text: the same
    /// article, indexed more than once.
    pub copies: Vec<DuplicateRef>,
}

view_of_stored_article!(Hit);

/// A hit's JSON: rank and scores, the article's fields with the title's
/// highlights right after the title, then snippets and duplicates.
impl Serialize for Hit {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct TitleHighlights<'a> {
            #[serde(skip_serializing_if = "is_empty")]
            title_highlights: &'a [[usize; 2]],
        }
        #[derive(Serialize)]
        struct Json<'a> {
            rank: usize,
            score: f32,
            bm25: f32,
            tier: usize,
            #[serde(flatten)]
            article: Serialised<'a, TitleHighlights<'a>, ()>,
            snippet: &'a Snippet,
            #[serde(skip_serializing_if = "is_empty")]
            snippets: &'a [Snippet],
            #[serde(skip_serializing_if = "Option::is_none")]
            explanation: Option<&'a Explanation>,
            #[serde(skip_serializing_if = "is_zero")]
            similar: usize,
            #[serde(skip_serializing_if = "Option::is_none")]
            group: Option<&'a str>,
            #[serde(skip_serializing_if = "is_empty")]
            copies: &'a [DuplicateRef],
        }
        let highlights = TitleHighlights {
            title_highlights: &self.title_highlights,
        };
        Json {
            rank: self.rank,
            score: self.score,
            bm25: self.bm25,
            tier: self.tier,
            article: self.article.fields_with(&highlights),
            snippet: &self.snippet,
            snippets: &self.snippets,
            explanation: self.explanation.as_ref(),
            similar: self.similar,
            group: self.group.as_deref(),
            copies: &self.copies,
        }
        .serialize(serializer)
    }
}

fn is_empty<T>(items: &&[T]) -> bool {
    items.is_empty()
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
    pub(super) fn from_tantivy(
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

/// Another article of a hit's group, or an exact copy of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateRef {
    /// Its article id.
    pub id: String,
    /// Its headline.
    pub title: String,
    /// The file it came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Its zero-based position in that file.
    pub position: u32,
}
