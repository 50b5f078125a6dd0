//! The search request: [`Query`], built step by step, and [`SortBy`].
//! Plain data: what the other rooms of `search` read to run it.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Most fragments [`Query::snippets`] returns per hit.
pub const MAX_SNIPPETS: usize = 10;

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
    pub(super) text: String,
    pub(super) countries: Vec<String>,
    pub(super) about: Vec<String>,
    pub(super) organisations: Vec<String>,
    pub(super) under: Vec<std::path::PathBuf>,
    pub(super) langs: Vec<String>,
    pub(super) min_amount_usd: Option<f64>,
    pub(super) max_amount_usd: Option<f64>,
    pub(super) currency: Option<String>,
    pub(super) min_amount: Option<f64>,
    pub(super) max_amount: Option<f64>,
    pub(super) since: Option<OffsetDateTime>,
    pub(super) until: Option<OffsetDateTime>,
    pub(super) sort: SortBy,
    pub(super) fuzzy: bool,
    pub(super) strict: bool,
    pub(super) snippets: usize,
    pub(super) explain: bool,
    pub(super) limit: usize,
    pub(super) offset: usize,
    pub(super) facets: Option<usize>,
    pub(super) all_duplicates: bool,
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
    /// [`Error::InvalidQuery`](crate::Error::InvalidQuery), for scripts that build queries. By default
    /// the text is read as people type and paste it: only `title:` and
    /// `body:` are fields, apostrophes, `&`, `/` and `:` inside words are
    /// text, and text that cannot be read as syntax is searched as plain
    /// words ([`SearchResults::reinterpreted`](crate::SearchResults::reinterpreted)).
    pub fn strict(mut self, on: bool) -> Query {
        self.strict = on;
        self
    }

    /// Return up to `n` non-overlapping fragments per hit in
    /// [`Hit::snippets`](crate::Hit::snippets), best first (at most [`MAX_SNIPPETS`]). The best
    /// one is always in [`Hit::snippet`](crate::Hit::snippet).
    pub fn snippets(mut self, n: usize) -> Query {
        self.snippets = n.min(MAX_SNIPPETS);
        self
    }

    /// Attach to each hit an explanation of its score ([`Hit::explanation`](crate::Hit::explanation)).
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
    /// with [`Hit::similar`](crate::Hit::similar) counting the others. Exact copies (the same
    /// text in several files) are one hit either way, listing the others in
    /// [`Hit::copies`](crate::Hit::copies). Totals and facet counts always count every matching
    /// article.
    pub fn all_duplicates(mut self, on: bool) -> Query {
        self.all_duplicates = on;
        self
    }

    /// Also count countries, organisations and currencies over all matching
    /// articles, keeping the `top` most frequent of each, and bucket their
    /// amounts (see [`FacetCounts::amounts`](crate::FacetCounts::amounts)).
    pub fn with_facets(mut self, top: usize) -> Query {
        self.facets = Some(top);
        self
    }
}
