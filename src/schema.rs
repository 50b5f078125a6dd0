//! The index schema: field names, their options, and the schema version.
//!
//! Bump [`SCHEMA_VERSION`] whenever a field is added, removed or changes
//! options: an index written with another version is refused with a
//! message telling the user to rebuild it. The one exception is a field
//! older indexes may lack, resolved as an `Option` ([`Fields::key`]):
//! indexes without it keep opening, and only what needs it is refused.

use tantivy::schema::{
    BytesOptions, DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption,
    NumericOptions, Schema, TextFieldIndexing, TextOptions, STORED,
};

/// Version of the schema this library writes and reads.
pub const SCHEMA_VERSION: u32 = 11;

/// Tokenizer for full-text fields: [`crate::analyzer::text_analyzer`]
/// (Tantivy's `en_stem` chain with a cached stemmer), registered by name
/// whenever an index is opened.
pub const TEXT_TOKENIZER: &str = crate::analyzer::TEXT_ANALYZER;

/// Tokenizer of `title_stem` and `body_stem`:
/// [`crate::analyzer::stemmed_analyzer`], the article's own language's
/// stemmer with language-tagged terms (`fr:election`).
pub const STEMMED_TOKENIZER: &str = crate::analyzer::STEMMED_ANALYZER;

/// Facet roots: `/country/<name>`, `/org/<name>`, `/person/<name>`, `/currency/<ISO>`.
pub const COUNTRY_ROOT: &str = "country";
/// Facet root for the countries an article is about: `/about/<name>`.
pub const ABOUT_ROOT: &str = "about";
/// Facet root for organisations: `/org/<name>` for a body,
/// `/org/<parent>/<unit>` for a named unit of one (`/org/BBC/BBC Sport`),
/// so a filter on the parent's facet matches its units too.
pub const ORG_ROOT: &str = "org";
/// Facet root for people, by the fullest name an article uses: `/person/<name>`.
pub const PERSON_ROOT: &str = "person";
/// Facet root for currencies of the amounts found.
pub const CURRENCY_ROOT: &str = "currency";
/// Facet root for the language of an article: `/lang/<ISO 639-1 code>`.
pub const LANG_ROOT: &str = "lang";
/// Facet root for the folder of an article's file: `/folder/<each
/// component of the folder path>`, so articles can be counted per folder
/// at any depth.
pub const FOLDER_ROOT: &str = "folder";

/// The folder facet of a file path: its parent folder's components under
/// [`FOLDER_ROOT`] (`/data/news/sport/901.txt` → `/folder/data/news/sport`).
pub fn folder_facet(path: &str) -> Option<tantivy::schema::Facet> {
    let parent = std::path::Path::new(path).parent()?;
    let parts: Vec<String> = parent
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    Some(tantivy::schema::Facet::from_path(
        std::iter::once(FOLDER_ROOT.to_string()).chain(parts),
    ))
}

/// Handles to every field of the schema, resolved once.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Stable article id (raw string, indexed for replace/delete).
    pub id: Field,
    /// Headline: full text, stored, boosted at query time.
    pub title: Field,
    /// Body: full text with positions (phrases, snippets), stored.
    pub body: Field,
    /// Headline of an article in a language of
    /// [`crate::analyzer::STEMMED_LANGUAGES`], analysed with that language's
    /// stemmer (terms tagged `fr:election`); not stored, empty for other articles.
    pub title_stem: Field,
    /// Body of such an article, as [`Fields::title_stem`], with positions.
    pub body_stem: Field,
    /// The words of title and body that English stemming changes, as
    /// written (lower-cased, accents folded; [`crate::analyzer::words_analyzer`]):
    /// typo-tolerant search reads its dictionary, so `Ljubicik` finds
    /// `Ljubicic` although their stems are two edits apart. Doc ids only.
    pub words: Field,
    /// Source file path (raw string, indexed so a file's articles can be replaced).
    pub path: Field,
    /// Publisher or wire.
    pub source: Field,
    /// Canonical URL (stored only).
    pub url: Field,
    /// Publication date: fast (sorting, ranges), stored.
    pub date: Field,
    /// Country facets `/country/<name>`: every country referred to, most salient first.
    pub country: Field,
    /// Facets `/about/<name>` of the salient countries (the subset the article is about).
    pub about: Field,
    /// Organisation facets `/org/<name>`, or `/org/<parent>/<unit>` for a
    /// named unit ([`ORG_ROOT`]).
    pub org: Field,
    /// People facets `/person/<name>` ([`PERSON_ROOT`]).
    pub person: Field,
    /// Currency facets `/currency/<ISO>` of the amounts found.
    pub currency: Field,
    /// Folder facet `/folder/<path components>` of the article's file.
    pub folder: Field,
    /// Amounts in US dollars: multi-valued, fast only (range filters scan
    /// the column; an inverted index of the values would go unused).
    pub amount_usd: Field,
    /// Amounts in their own currency, each packed with its currency by
    /// [`amount_key`]: multi-valued, fast only, so a range on one
    /// currency's values is one range query.
    pub amount_local: Field,
    /// The amounts as found (value, currency, USD, text), stored as JSON for display.
    pub amounts: Field,
    /// Zero-based position of the article in its file (stored only).
    pub position: Field,
    /// One-based line the article starts on, for JSON Lines (stored only).
    pub line: Field,
    /// Gold PLACES labels from the corpus (stored only, never searched).
    pub label_places: Field,
    /// Gold ORGS labels from the corpus (stored only, never searched).
    pub label_orgs: Field,
    /// The entity values as extracted, JSON (stored only), for an article
    /// whose facets the user's corrections changed ([`crate::corrections`]).
    pub extracted: Field,
    /// Language facet `/lang/<ISO 639-1 code>`, when detected (stored).
    pub lang: Field,
    /// The caller's key of an article built in memory
    /// ([`crate::Article::with_key`]; raw string, indexed and stored).
    /// `None` in an index created before keys existed: it still opens and
    /// reads, and refuses keyed articles
    /// ([`crate::Error::KeysUnsupported`]).
    pub key: Option<Field>,
    /// Duplicate group: the id (as a number, [`crate::dedup::group_key`])
    /// of the first article indexed of the group of near-duplicates this
    /// one belongs to; indexed and fast, so searches fold a group into one hit.
    pub dup_group: Field,
    /// Hash of the normalised text (title and body): equal for exact
    /// copies. Fast only.
    pub dup_text: Field,
    /// MinHash signature of the text's word shingles (fast bytes), so
    /// later runs group new articles with this one without re-reading it.
    pub dup_signature: Field,
    /// How many distinct shingles the signature was made from (fast).
    pub dup_shingles: Field,
}

impl Fields {
    /// Resolve the fields of a schema built by [`build_schema`].
    ///
    /// Returns the name of the first missing field on failure, so an index
    /// written by another schema is reported rather than misread.
    pub fn from_schema(schema: &Schema) -> Result<Fields, String> {
        let get = |name: &str| schema.get_field(name).map_err(|_| name.to_string());
        Ok(Fields {
            id: get("id")?,
            title: get("title")?,
            body: get("body")?,
            title_stem: get("title_stem")?,
            body_stem: get("body_stem")?,
            words: get("words")?,
            path: get("path")?,
            source: get("source")?,
            url: get("url")?,
            date: get("date")?,
            country: get("country")?,
            about: get("about")?,
            org: get("org")?,
            person: get("person")?,
            currency: get("currency")?,
            folder: get("folder")?,
            amount_usd: get("amount_usd")?,
            amount_local: get("amount_local")?,
            amounts: get("amounts")?,
            position: get("position")?,
            line: get("line")?,
            label_places: get("label_places")?,
            label_orgs: get("label_orgs")?,
            extracted: get("extracted")?,
            lang: get("lang")?,
            key: get("key").ok(),
            dup_group: get(crate::dedup::GROUP_FIELD)?,
            dup_text: get(crate::dedup::TEXT_FIELD)?,
            dup_signature: get(crate::dedup::SIGNATURE_FIELD)?,
            dup_shingles: get(crate::dedup::SHINGLES_FIELD)?,
        })
    }
}

/// Exact-match keys, never scored: no field norms (a byte per article each).
fn key_options() -> TextOptions {
    TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_fieldnorms(false)
                .set_index_option(IndexRecordOption::Basic),
        )
        .set_stored()
}

/// Build the schema for version [`SCHEMA_VERSION`].
pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    let full_text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TEXT_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let key = key_options();
    builder.add_text_field("id", key.clone());
    builder.add_text_field("title", full_text.clone());
    builder.add_text_field("body", full_text);
    // The article's own language's stemming, for the languages other than
    // English Snowball stems; not stored (the text is `title` and `body`'s).
    let stemmed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(STEMMED_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    builder.add_text_field("title_stem", stemmed.clone());
    builder.add_text_field("body_stem", stemmed);
    // Only a dictionary is wanted: no positions, frequencies or norms.
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(crate::analyzer::WORDS_ANALYZER)
            .set_fieldnorms(false)
            .set_index_option(IndexRecordOption::Basic),
    );
    builder.add_text_field("words", words);
    builder.add_text_field("path", key.clone());
    builder.add_text_field("source", key);
    builder.add_text_field("url", STORED);
    // Fast and stored, not indexed: date ranges and sorting read the
    // column (Tantivy's RangeQuery does so for a fast field), and the
    // terms of a value unique to nearly every article cost indexing time.
    builder.add_date_field(
        "date",
        DateOptions::default()
            .set_fast()
            .set_stored()
            .set_precision(DateTimePrecision::Seconds),
    );
    builder.add_facet_field("country", FacetOptions::default().set_stored());
    builder.add_facet_field("about", FacetOptions::default().set_stored());
    builder.add_facet_field("org", FacetOptions::default().set_stored());
    builder.add_facet_field("person", FacetOptions::default().set_stored());
    builder.add_facet_field("currency", FacetOptions::default());
    builder.add_facet_field("folder", FacetOptions::default());
    builder.add_f64_field("amount_usd", NumericOptions::default().set_fast());
    builder.add_u64_field("amount_local", NumericOptions::default().set_fast());
    builder.add_text_field("amounts", STORED);
    builder.add_u64_field("position", STORED);
    builder.add_u64_field("line", STORED);
    builder.add_text_field("label_places", STORED);
    builder.add_text_field("label_orgs", STORED);
    builder.add_text_field("extracted", STORED);
    builder.add_facet_field("lang", FacetOptions::default().set_stored());
    builder.add_text_field("key", key_options());
    // Duplicate detection (see crate::dedup).
    // The group is looked up by term (a hit's other versions); the text
    // hash only ever as a column, so it gets no terms.
    builder.add_u64_field(
        crate::dedup::GROUP_FIELD,
        NumericOptions::default().set_indexed().set_fast(),
    );
    builder.add_u64_field(
        crate::dedup::TEXT_FIELD,
        NumericOptions::default().set_fast(),
    );
    builder.add_bytes_field(
        crate::dedup::SIGNATURE_FIELD,
        BytesOptions::default().set_fast(),
    );
    builder.add_u64_field(
        crate::dedup::SHINGLES_FIELD,
        NumericOptions::default().set_fast(),
    );
    builder.build()
}

/// Bits of an [`amount_key`] that hold the value; the currency sits above them.
const AMOUNT_VALUE_BITS: u32 = 48;

/// Largest value an [`amount_key`] can hold (about 2.8 × 10¹⁴); larger values are clamped to it.
pub const AMOUNT_KEY_MAX_VALUE: u64 = (1 << AMOUNT_VALUE_BITS) - 1;

/// Pack an amount and its ISO 4217 currency into one sortable `u64`: the
/// currency (three letters A–Z, base 26) in the high bits, the value in whole
/// units (rounded, clamped to `0..=`[`AMOUNT_KEY_MAX_VALUE`]) in the low 48.
/// The keys of one currency are contiguous and ordered by value, so "GBP
/// amounts between 1M and 10M" is the key range
/// `amount_key("GBP", 1e6)..=amount_key("GBP", 1e7)`.
///
/// Returns `None` for a currency that is not three ASCII letters or a value
/// that is not a number.
///
/// ```
/// use newsindex::schema::amount_key;
/// let small = amount_key("GBP", 1e6).unwrap();
/// let large = amount_key("gbp", 6e8).unwrap();
/// assert!(small < large);
/// assert!(large < amount_key("JPY", 0.0).unwrap());
/// assert_eq!(amount_key("pounds", 1.0), None);
/// ```
pub fn amount_key(currency: &str, value: f64) -> Option<u64> {
    let code = currency_code(currency)?;
    if value.is_nan() {
        return None;
    }
    let units = value.round().clamp(0.0, AMOUNT_KEY_MAX_VALUE as f64) as u64;
    Some((code << AMOUNT_VALUE_BITS) | units)
}

/// `GBP` as a number in `0..26³`, or `None` when not three ASCII letters.
fn currency_code(currency: &str) -> Option<u64> {
    let bytes = currency.as_bytes();
    if bytes.len() != 3 || !bytes.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    Some(bytes.iter().fold(0, |acc, b| {
        acc * 26 + u64::from(b.to_ascii_uppercase() - b'A')
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_resolves() {
        let schema = build_schema();
        let fields = Fields::from_schema(&schema).expect("all fields present");
        assert_eq!(schema.get_field_name(fields.body), "body");
        assert!(schema.get_field_entry(fields.amount_usd).is_fast());
    }

    /// Bytes and indexing time the index does not spend: amounts, dates and
    /// text hashes are only read as columns (range filters, sorting,
    /// folding), and exact-match keys are never scored.
    #[test]
    fn column_fields_get_no_terms_and_keys_carry_no_norms() {
        let schema = build_schema();
        let fields = Fields::from_schema(&schema).unwrap();
        for field in [
            fields.amount_usd,
            fields.amount_local,
            fields.date,
            fields.dup_text,
        ] {
            let entry = schema.get_field_entry(field);
            assert!(entry.is_fast() && !entry.is_indexed(), "{}", entry.name());
        }
        for field in [fields.id, fields.path, fields.source, fields.key.unwrap()] {
            let entry = schema.get_field_entry(field);
            assert!(
                entry.is_indexed() && !entry.has_fieldnorms(),
                "{}",
                entry.name()
            );
        }
        assert!(schema.get_field_entry(fields.body).has_fieldnorms());
    }

    #[test]
    fn stemmed_fields_use_the_tagged_analyzer_and_are_not_stored() {
        let schema = build_schema();
        let fields = Fields::from_schema(&schema).unwrap();
        for field in [fields.title_stem, fields.body_stem] {
            let entry = schema.get_field_entry(field);
            assert!(entry.is_indexed() && !entry.is_stored(), "{}", entry.name());
            let tantivy::schema::FieldType::Str(options) = entry.field_type() else {
                panic!("{} is not text", entry.name());
            };
            let indexing = options.get_indexing_options().unwrap();
            assert_eq!(indexing.tokenizer(), STEMMED_TOKENIZER);
            assert_eq!(
                indexing.index_option(),
                IndexRecordOption::WithFreqsAndPositions
            );
        }
    }

    /// An index of the schema before keys (the same fields but `key`) is
    /// resolved, without a key field, rather than refused.
    #[test]
    fn the_key_field_may_be_missing() {
        let mut builder = Schema::builder();
        for entry in build_schema().fields().map(|(_, entry)| entry) {
            if entry.name() != "key" {
                builder.add_field(entry.clone());
            }
        }
        let fields = Fields::from_schema(&builder.build()).expect("resolves");
        assert!(fields.key.is_none());
        assert!(Fields::from_schema(&build_schema()).unwrap().key.is_some());
    }

    #[test]
    fn missing_field_is_named() {
        let schema = Schema::builder().build();
        assert_eq!(Fields::from_schema(&schema).unwrap_err(), "id");
    }

    #[test]
    fn amount_keys_keep_currencies_apart_and_values_ordered() {
        let gbp = |v| amount_key("GBP", v).unwrap();
        assert!(gbp(0.0) < gbp(1.0) && gbp(1.0) < gbp(6e8));
        // Every GBP key lies below every GBQ key, whatever the values.
        assert!(gbp(1e20) < amount_key("GBQ", 0.0).unwrap());
        assert_eq!(gbp(1e20) & AMOUNT_KEY_MAX_VALUE, AMOUNT_KEY_MAX_VALUE);
        assert_eq!(gbp(-5.0), gbp(0.0));
        assert_eq!(amount_key("US", 1.0), None);
        assert_eq!(amount_key("U$D", 1.0), None);
        assert_eq!(amount_key("USD", f64::NAN), None);
        assert_eq!(amount_key("usd", 2.4), amount_key("USD", 2.0));
    }
}
