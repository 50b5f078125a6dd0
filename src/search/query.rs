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

/// Builder methods of [`Query`] that set one field and return the query,
/// each with its own documentation: `pub fn name(arg: Type) => field =
/// value;` sets `field` to `value`, `pub fn name(arg: Type) =>
/// field.push(value);` adds `value` to the list `field`.
macro_rules! setters {
    () => {};
    (
        $(#[$doc:meta])*
        pub fn $name:ident($arg:ident: $ty:ty) => $field:ident.push($value:expr);
        $($rest:tt)*
    ) => {
        $(#[$doc])*
        pub fn $name(mut self, $arg: $ty) -> Query {
            self.$field.push($value);
            self
        }
        setters!($($rest)*);
    };
    (
        $(#[$doc:meta])*
        pub fn $name:ident($arg:ident: $ty:ty) => $field:ident = $value:expr;
        $($rest:tt)*
    ) => {
        $(#[$doc])*
        pub fn $name(mut self, $arg: $ty) -> Query {
            self.$field = $value;
            self
        }
        setters!($($rest)*);
    };
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
    pub(super) people: Vec<String>,
    pub(super) excluded: Vec<(super::FacetField, String)>,
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
            people: Vec::new(),
            excluded: Vec::new(),
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

    /// Leave out articles with this value of a facet (`NOT Russia`:
    /// `exclude(FacetField::Country, "Russia")`), read as that facet's
    /// filter reads it (aliases, case, a body's units). Repeated calls
    /// leave out articles with any of them.
    pub fn exclude(mut self, field: super::FacetField, name: impl Into<String>) -> Query {
        self.excluded.push((field, name.into()));
        self
    }

    setters! {
        /// Keep articles referring to this country (canonical name, case-insensitive,
        /// or a facet path `/country/Russia`). Repeated calls must all match.
        pub fn country(name: impl Into<String>) => countries.push(name.into());

        /// Keep articles about this country: the salient countries only, not
        /// a passing mention (canonical name, case-insensitive, or a facet
        /// path `/about/Russia`). Repeated calls must all match.
        pub fn about(name: impl Into<String>) => about.push(name.into());

        /// Keep articles naming this organisation (canonical name or an
        /// alias, case-insensitive, or a facet path `/org/Cisco`). A body
        /// includes its named units (`BBC` finds the articles naming `BBC
        /// Sport`); a unit's name is the unit alone. Repeated calls must all match.
        pub fn org(name: impl Into<String>) => organisations.push(name.into());

        /// Keep articles naming this person, by the fullest name articles
        /// use (`Tony Blair`; case-insensitive, or a facet path
        /// `/person/Tony Blair`). Repeated calls must all match.
        pub fn person(name: impl Into<String>) => people.push(name.into());

        /// Keep articles whose file lies under this folder, or whose path
        /// starts with this prefix (`bbc/business/0`); relative paths are taken
        /// from the working folder. Repeated calls keep articles under any of them.
        pub fn under(path: impl Into<std::path::PathBuf>) => under.push(path.into());

        /// Keep articles written in this language: an ISO 639-1 code (`en`,
        /// `fr`; any case) or a facet path (`/lang/fr`). Repeated calls keep
        /// articles in any of them. Articles whose language could not be told
        /// match none (see [`crate::language`]).
        pub fn lang(code: impl Into<String>) => langs.push(code.into());

        /// Keep articles with at least one amount worth this many US dollars or
        /// more (amounts in other currencies are converted with the fixed rate table).
        pub fn min_amount_usd(usd: f64) => min_amount_usd = Some(usd);

        /// Keep articles with at least one amount worth this many US dollars or less.
        pub fn max_amount_usd(usd: f64) => max_amount_usd = Some(usd);

        /// Keep articles with an amount in this currency (ISO 4217 code such as
        /// `GBP`, any case). [`Query::min_amount`] and [`Query::max_amount`] then
        /// apply to the amounts in this currency, in its own units.
        pub fn currency(code: impl Into<String>) => currency = Some(code.into());

        /// Keep articles with an amount of at least this value in the
        /// [`Query::currency`] (whole units; without a currency, in US-dollar
        /// equivalents like [`Query::min_amount_usd`]).
        pub fn min_amount(value: f64) => min_amount = Some(value);

        /// Keep articles with an amount of at most this value in the
        /// [`Query::currency`] (without a currency, in US-dollar equivalents).
        pub fn max_amount(value: f64) => max_amount = Some(value);

        /// Keep articles dated at or after this instant (articles without a date are dropped).
        pub fn since(instant: OffsetDateTime) => since = Some(instant);

        /// Keep articles dated at or before this instant (articles without a date are dropped).
        pub fn until(instant: OffsetDateTime) => until = Some(instant);

        /// Order hits by relevance (default), date or amount.
        pub fn sort(sort: SortBy) => sort = sort;

        /// Tolerate typos in every bare word: words of 5–8 characters match
        /// terms one edit away, longer words two edits away (shorter words
        /// must match exactly). Exact matches always rank above typo matches,
        /// and the typo matches are highlighted. Per word, `word~1` or
        /// `word~2` in the query text does the same without this switch.
        pub fn fuzzy(on: bool) => fuzzy = on;

        /// Read the text strictly in the grammar: a syntax error (an unknown
        /// `field:`, an unbalanced quote, a stray apostrophe) is an
        /// [`Error::InvalidQuery`](crate::Error::InvalidQuery), for scripts that build queries. By default
        /// the text is read as people type and paste it: only `title:` and
        /// `body:` are fields, apostrophes, `&`, `/` and `:` inside words are
        /// text, and text that cannot be read as syntax is searched as plain
        /// words ([`SearchResults::reinterpreted`](crate::SearchResults::reinterpreted)).
        pub fn strict(on: bool) => strict = on;

        /// Return up to `n` non-overlapping fragments per hit in
        /// [`Hit::snippets`](crate::Hit::snippets), best first (at most [`MAX_SNIPPETS`]). The best
        /// one is always in [`Hit::snippet`](crate::Hit::snippet).
        pub fn snippets(n: usize) => snippets = n.min(MAX_SNIPPETS);

        /// Attach to each hit an explanation of its score ([`Hit::explanation`](crate::Hit::explanation)).
        pub fn explain(on: bool) => explain = on;

        /// Return at most this many hits (default 10).
        pub fn limit(limit: usize) => limit = limit;

        /// Skip this many hits first, for paging.
        pub fn offset(offset: usize) => offset = offset;

        /// Show every near-duplicate as a hit of its own. By default each
        /// group of near-duplicates (wire reprints, corrected or updated
        /// versions, found at index time) is one hit, its best-ranked member,
        /// with [`Hit::similar`](crate::Hit::similar) counting the others. Exact copies (the same
        /// text in several files) are one hit either way, listing the others in
        /// [`Hit::copies`](crate::Hit::copies). Totals and facet counts always count every matching
        /// article.
        pub fn all_duplicates(on: bool) => all_duplicates = on;

        /// Also count countries, organisations and currencies over all matching
        /// articles, keeping the `top` most frequent of each, and bucket their
        /// amounts (see [`FacetCounts::amounts`](crate::FacetCounts::amounts)).
        pub fn with_facets(top: usize) => facets = Some(top);
    }
}
