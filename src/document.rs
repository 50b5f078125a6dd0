//! The stored article: how an article is written into a Tantivy document
//! ([`write`]) and read back out of one ([`StoredArticle::read`]), side by
//! side, so the fields a hit, a shown article and an export row carry are
//! read one way.

use serde::Serialize;
use tantivy::schema::{Facet, TantivyDocument, Value};
use tantivy::DateTime;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::article::Article;
use crate::corrections::{Corrections, EntityValues};
use crate::extract::{self, Amount, Facets};
use crate::location::Locations;
use crate::schema::{self, Fields, ABOUT_ROOT, COUNTRY_ROOT, CURRENCY_ROOT, ORG_ROOT, PERSON_ROOT};

/// The parent of a canonical organisation name, when it is a named unit
/// of one ([`extract::organisation_parent`] unless the indexer was given
/// another, see [`crate::Indexer::set_organisation_parents`]).
pub type ParentOf = dyn Fn(&str) -> Option<String> + Send + Sync;

/// Most levels of parents followed above a unit (a unit of a unit of a
/// body is three levels); a longer chain, or a loop in the parents, stops there.
const MAX_ORG_DEPTH: usize = 4;

/// The Tantivy document of an article: its stored fields, its facets,
/// its amounts (as range-filterable numbers and as stored JSON) and, for
/// a language stemmed on its own, its text tagged for that stemmer.
/// Each organisation is stored under its parents, which `parent_of` tells.
/// With `corrections`, the entity facets are the corrected values, and the
/// extractor's own are kept beside them ([`add_entities`]).
pub(crate) fn write(
    fields: &Fields,
    id: &str,
    article: &Article,
    facets: &Facets,
    parent_of: &ParentOf,
    corrections: Option<&Corrections>,
) -> TantivyDocument {
    write_with(fields, id, article, facets, |doc| {
        let original = extracted_values(article, facets, parent_of);
        add_entities(doc, fields, &original, corrections, parent_of);
    })
}

/// [`write`] with the entity facets added by `entities`.
fn write_with(
    fields: &Fields,
    id: &str,
    article: &Article,
    facets: &Facets,
    entities: impl FnOnce(&mut TantivyDocument),
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, id);
    // An index without the field refuses keyed articles before this.
    if let (Some(field), Some(key)) = (fields.key, &article.key) {
        doc.add_text(field, key);
    }
    doc.add_text(fields.title, &article.title);
    doc.add_text(fields.body, &article.body);
    // Only names go to `words` (see `analyzer::words_analyzer`): handing
    // it the capitalised words alone spares a second pass over the text.
    doc.add_text(fields.words, capitalised_words(&article.title));
    doc.add_text(fields.words, capitalised_words(&article.body));
    if let Some(path) = &article.path {
        doc.add_text(fields.path, path);
        if let Some(folder) = schema::folder_facet(path) {
            doc.add_facet(fields.folder, folder);
        }
    }
    doc.add_u64(fields.position, u64::from(article.position));
    if let Some(line) = article.line {
        doc.add_u64(fields.line, u64::from(line));
    }
    if let Some(source) = &article.source {
        doc.add_text(fields.source, source);
    }
    if let Some(url) = &article.url {
        doc.add_text(fields.url, url);
    }
    if let Some(date) = article.date {
        doc.add_date(
            fields.date,
            DateTime::from_timestamp_secs(date.unix_timestamp()),
        );
    }
    entities(&mut doc);
    let mut currencies: Vec<&str> = facets.amounts.iter().map(|a| a.currency.as_str()).collect();
    currencies.sort_unstable();
    currencies.dedup();
    for currency in currencies {
        doc.add_facet(fields.currency, Facet::from_path([CURRENCY_ROOT, currency]));
    }
    // Rate quotes are prices of a currency: never filtered, grouped or
    // sorted on as sums.
    let sums = || facets.amounts.iter().filter(|a| !a.rate);
    for usd in sums().filter_map(|a| a.usd) {
        doc.add_f64(fields.amount_usd, usd);
    }
    for key in sums().filter_map(|a| schema::amount_key(&a.currency, a.value)) {
        doc.add_u64(fields.amount_local, key);
    }
    if !facets.amounts.is_empty() {
        let json = serde_json::to_string(&facets.amounts).expect("amounts serialise");
        doc.add_text(fields.amounts, json);
    }
    for place in &article.labels.places {
        doc.add_text(fields.label_places, place);
    }
    for org in &article.labels.orgs {
        doc.add_text(fields.label_orgs, org);
    }
    if let Some(lang) = &facets.language {
        doc.add_facet(fields.lang, Facet::from_path([schema::LANG_ROOT, lang]));
        // Stemmed as its own language too; English articles (and those of
        // no language) are analysed by `title` and `body` alone.
        if crate::analyzer::is_stemmed(lang) {
            doc.add_text(
                fields.title_stem,
                crate::analyzer::tagged(lang, &article.title),
            );
            doc.add_text(
                fields.body_stem,
                crate::analyzer::tagged(lang, &article.body),
            );
        }
    }
    doc
}

/// The facet of a canonical organisation name: `/org/<name>` for a body,
/// `/org/<parent>/<name>` for a named unit (`/org/BBC/BBC Sport`), each
/// parent above its own units. Tantivy indexes every ancestor of a facet,
/// so the term `/org/BBC` matches the articles of its units too.
pub(crate) fn org_facet(canonical: &str, parent_of: &ParentOf) -> Facet {
    Facet::from_path(std::iter::once(ORG_ROOT.to_string()).chain(org_path(canonical, parent_of)))
}

/// The path of [`org_facet`] below its root, parents first.
fn org_path(canonical: &str, parent_of: &ParentOf) -> Vec<String> {
    let mut path = vec![canonical.to_string()];
    while path.len() < MAX_ORG_DEPTH {
        match parent_of(path.last().expect("never empty")) {
            Some(parent) if !parent.trim().is_empty() && !path.contains(&parent) => {
                path.push(parent)
            }
            _ => break,
        }
    }
    path.reverse();
    path
}

/// The entity values the extractor found in an article, as the index
/// stores them without corrections: names as written ("Tories", "IBM")
/// under their index-wide canonical name, so every name of one
/// organisation meets one value, each under its parents.
fn extracted_values(article: &Article, facets: &Facets, parent_of: &ParentOf) -> EntityValues {
    let date = extract::article_date(article);
    let mut orgs: Vec<&str> = Vec::with_capacity(facets.organisations.len());
    for org in &facets.organisations {
        let canonical = extract::canonical_organisation_on(org, date).unwrap_or(org);
        if !orgs.contains(&canonical) {
            orgs.push(canonical);
        }
    }
    let mut people: Vec<String> = Vec::with_capacity(facets.people.len());
    for person in &facets.people {
        let person = person.trim();
        if !person.is_empty() && !people.iter().any(|p| p == person) {
            people.push(person.to_string());
        }
    }
    EntityValues {
        organisations: orgs
            .into_iter()
            .map(|org| org_path(org, parent_of))
            .collect(),
        people,
        countries: facets.countries.clone(),
        about: facets.about.clone(),
    }
}

/// Add the entity facets: `original` corrected by `corrections`. When
/// they change anything, `original` is stored too (field `extracted`,
/// JSON), so corrections can be re-applied, or removed, from the index
/// alone ([`stored_values`]).
fn add_entities(
    doc: &mut TantivyDocument,
    fields: &Fields,
    original: &EntityValues,
    corrections: Option<&Corrections>,
    parent_of: &ParentOf,
) {
    let corrected = corrections
        .filter(|c| !c.is_empty())
        .map(|c| c.apply_under(original, parent_of))
        .filter(|corrected| corrected != original);
    let values = corrected.as_ref().unwrap_or(original);
    for country in &values.countries {
        doc.add_facet(fields.country, Facet::from_path([COUNTRY_ROOT, country]));
    }
    for country in &values.about {
        doc.add_facet(fields.about, Facet::from_path([ABOUT_ROOT, country]));
    }
    for path in &values.organisations {
        let path = std::iter::once(ORG_ROOT).chain(path.iter().map(String::as_str));
        doc.add_facet(fields.org, Facet::from_path(path));
    }
    for person in &values.people {
        doc.add_facet(fields.person, Facet::from_path([PERSON_ROOT, person]));
    }
    if corrected.is_some() {
        let json = serde_json::to_string(original).expect("entity values serialise");
        doc.add_text(fields.extracted, json);
    }
}

/// The entity values of a stored document: as the extractor found them
/// (kept when corrections changed them) and as its facets hold them now.
pub(crate) fn stored_values(
    fields: &Fields,
    doc: &TantivyDocument,
) -> (EntityValues, EntityValues) {
    let current = EntityValues {
        organisations: stored_paths(doc, fields.org),
        people: stored_facets(doc, fields.person),
        countries: stored_facets(doc, fields.country),
        about: stored_facets(doc, fields.about),
    };
    let original = stored_text(doc, fields.extracted)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_else(|| current.clone());
    (original, current)
}

/// A stored document written again with its entity facets corrected anew:
/// the article and its other facets as stored. The duplicate fields,
/// which are not stored, are the caller's to add.
pub(crate) fn rewrite(
    fields: &Fields,
    doc: &TantivyDocument,
    original: &EntityValues,
    corrections: &Corrections,
) -> (String, Article, TantivyDocument) {
    let f = fields;
    let article = Article {
        title: stored_text(doc, f.title).unwrap_or_default(),
        body: stored_text(doc, f.body).unwrap_or_default(),
        url: stored_text(doc, f.url),
        date: stored_date(doc, f.date),
        source: stored_text(doc, f.source),
        path: stored_text(doc, f.path),
        position: stored_u32(doc, f.position).unwrap_or(0),
        line: stored_u32(doc, f.line),
        labels: crate::article::Labels {
            places: stored_texts(doc, f.label_places),
            orgs: stored_texts(doc, f.label_orgs),
        },
        key: f.key.and_then(|key| stored_text(doc, key)),
    };
    // No entities: they come from `original`, not from extraction.
    let facets = Facets {
        amounts: stored_text(doc, f.amounts)
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default(),
        language: stored_facets(doc, f.lang).pop(),
        ..Facets::default()
    };
    let id = stored_text(doc, f.id).unwrap_or_default();
    let new = write_with(fields, &id, &article, &facets, |doc| {
        add_entities(
            doc,
            fields,
            original,
            Some(corrections),
            &extract::organisation_parent,
        )
    });
    (id, article, new)
}

/// The fields of a stored article that every view of it shows: a search
/// hit ([`crate::search::Hit`]), a shown article
/// ([`crate::search::IndexedArticle`]) and an export row
/// ([`crate::search::ExportedArticle`]) each add their own to these, and
/// reach them as their own fields (`hit.title`).
///
/// Serialised, the fields come in this order, each optional one left
/// out when absent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredArticle {
    /// Stable article id.
    pub id: String,
    /// The caller's key of an article added with one
    /// ([`crate::Article::with_key`]).
    pub key: Option<String>,
    /// Headline.
    pub title: String,
    /// File the article came from.
    pub path: Option<String>,
    /// Zero-based position of the article in its file (`path#position`
    /// names it for [`crate::NewsIndex::article`]).
    pub position: u32,
    /// One-based line of the file the article starts on (JSON Lines).
    pub line: Option<u32>,
    /// Publisher or wire.
    pub source: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Publication date (UTC, to the second), as [`Article::date`]; JSON
    /// writes it in RFC 3339 (`"2010-03-03T00:00:00Z"`).
    pub date: Option<OffsetDateTime>,
    /// Language of the article, ISO 639-1 (`en`), when it could be told.
    pub lang: Option<String>,
    /// Countries the article refers to, most salient first.
    pub countries: Vec<String>,
    /// Countries the article is about (the salient subset of `countries`).
    pub about: Vec<String>,
    /// Organisations extracted from the article, by their index-wide names
    /// (a unit by its own name, "BBC Sport", not under its parent's).
    pub organisations: Vec<String>,
    /// People the article names, each by the fullest name it uses.
    pub people: Vec<String>,
    /// Money amounts extracted from the article, each with the text it
    /// was read from.
    pub amounts: Vec<Amount>,
}

impl StoredArticle {
    /// The date as JSON writes it, RFC 3339 (`"2010-03-03T00:00:00Z"`);
    /// `None` when undated or beyond what RFC 3339 can write (a year
    /// before 0).
    pub fn date_text(&self) -> Option<String> {
        self.date.and_then(|d| d.format(&Rfc3339).ok())
    }

    /// Read the shared fields of a stored document, its stored path made
    /// a path on disk by `locations`.
    pub(crate) fn read(
        fields: &Fields,
        locations: &Locations,
        doc: &TantivyDocument,
    ) -> StoredArticle {
        let f = fields;
        StoredArticle {
            id: stored_text(doc, f.id).unwrap_or_default(),
            key: f.key.and_then(|key| stored_text(doc, key)),
            title: stored_text(doc, f.title).unwrap_or_default(),
            path: stored_text(doc, f.path).map(|key| locations.resolve(&key)),
            position: stored_u32(doc, f.position).unwrap_or(0),
            line: stored_u32(doc, f.line),
            source: stored_text(doc, f.source),
            url: stored_text(doc, f.url),
            date: stored_date(doc, f.date),
            lang: stored_facets(doc, f.lang).pop(),
            countries: stored_facets(doc, f.country),
            about: stored_facets(doc, f.about),
            organisations: stored_facets(doc, f.org),
            people: stored_facets(doc, f.person),
            amounts: stored_text(doc, f.amounts)
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default(),
        }
    }

    /// The fields for serde, with `after_title`'s own flattened in right
    /// after the title (a hit's title highlights); `&()` for none.
    pub(crate) fn fields_with<'a, T: Serialize>(
        &'a self,
        after_title: &'a T,
    ) -> Serialised<'a, T, ()> {
        self.serialised(after_title, &(), true)
    }

    /// The fields an export row writes: `after_title`'s own (the body)
    /// flattened in after the title and `after_date`'s (the date as a
    /// number) after the date, and no `position` or `line` (the engines of
    /// `deploy/` do not map them).
    pub(crate) fn row_fields<'a, T: Serialize, D: Serialize>(
        &'a self,
        after_title: &'a T,
        after_date: &'a D,
    ) -> Serialised<'a, T, D> {
        self.serialised(after_title, after_date, false)
    }

    fn serialised<'a, T, D>(
        &'a self,
        after_title: &'a T,
        after_date: &'a D,
        place: bool,
    ) -> Serialised<'a, T, D> {
        Serialised {
            id: &self.id,
            key: self.key.as_deref(),
            title: &self.title,
            after_title,
            path: self.path.as_deref(),
            position: place.then_some(self.position),
            line: self.line.filter(|_| place),
            source: self.source.as_deref(),
            url: self.url.as_deref(),
            // RFC 3339; a date it cannot write (a year before 0) is left
            // out of a hit and written as the date library writes it in a
            // row, as they always were.
            date: self.date.and_then(|d| match d.format(&Rfc3339) {
                Ok(text) => Some(text),
                Err(_) => (!place).then(|| d.to_string()),
            }),
            after_date,
            lang: self.lang.as_deref(),
            countries: &self.countries,
            about: &self.about,
            organisations: &self.organisations,
            people: &self.people,
            amounts: &self.amounts,
        }
    }
}

impl Serialize for StoredArticle {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.fields_with(&()).serialize(serializer)
    }
}

/// A [`StoredArticle`] as serde writes it, with room after the title and
/// after the date for a view's own fields, and `position` and `line` left
/// out where a view does not show them. (A derived `Serialize` on the
/// article itself could not put a hit's `title_highlights` between its
/// `title` and `path`, where the hit's JSON has always had it, nor an
/// export row's `body` and `date_ts` where the row's has.)
#[derive(Serialize)]
pub(crate) struct Serialised<'a, T, D> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<&'a str>,
    title: &'a str,
    #[serde(flatten)]
    after_title: &'a T,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(flatten)]
    after_date: &'a D,
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<&'a str>,
    countries: &'a [String],
    about: &'a [String],
    organisations: &'a [String],
    people: &'a [String],
    amounts: &'a [Amount],
}

/// `Deref` and `DerefMut` from a view of a [`StoredArticle`] (a type
/// holding it as its `article` field) to that article, so the article's
/// fields read as the view's own (`hit.title`).
macro_rules! view_of_stored_article {
    ($view:ty) => {
        impl std::ops::Deref for $view {
            type Target = $crate::document::StoredArticle;

            fn deref(&self) -> &$crate::document::StoredArticle {
                &self.article
            }
        }

        impl std::ops::DerefMut for $view {
            fn deref_mut(&mut self) -> &mut $crate::document::StoredArticle {
                &mut self.article
            }
        }
    };
}
pub(crate) use view_of_stored_article;

/// The first text stored in `field`.
pub(crate) fn stored_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// Every text stored in `field` (gold labels).
pub(crate) fn stored_texts(doc: &TantivyDocument, field: tantivy::schema::Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|v| v.as_str())
        .map(str::to_string)
        .collect()
}

/// A stored small number (position, line).
pub(crate) fn stored_u32(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<u32> {
    doc.get_first(field)
        .and_then(|v| v.as_u64())
        .and_then(|n| u32::try_from(n).ok())
}

/// The stored publication date, when there is one.
pub(crate) fn stored_date(
    doc: &TantivyDocument,
    field: tantivy::schema::Field,
) -> Option<OffsetDateTime> {
    doc.get_first(field)
        .and_then(|v| v.as_datetime())
        .and_then(|d| OffsetDateTime::from_unix_timestamp(d.into_timestamp_secs()).ok())
}

/// The paths below their root of the facets stored in `field`.
fn stored_paths(doc: &TantivyDocument, field: tantivy::schema::Field) -> Vec<Vec<String>> {
    doc.get_all(field)
        .filter_map(|v| v.as_facet())
        .filter_map(|encoded| Facet::from_encoded(encoded.as_bytes().to_vec()).ok())
        .map(|facet| {
            facet
                .to_path()
                .iter()
                .skip(1)
                .map(|s| s.to_string())
                .collect()
        })
        .collect()
}

/// The values (last path part) of the facets stored in `field`.
fn stored_facets(doc: &TantivyDocument, field: tantivy::schema::Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|v| v.as_facet())
        .filter_map(|encoded| Facet::from_encoded(encoded.as_bytes().to_vec()).ok())
        .filter_map(|facet| facet.to_path().last().map(|s| s.to_string()))
        .collect()
}

/// The words of `text` written with a capital (names, and the first
/// words of sentences), space-separated; apostrophes stay in their word.
fn capitalised_words(text: &str) -> String {
    let mut out = String::new();
    let words = text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'));
    for word in words.filter(|w| w.chars().next().is_some_and(char::is_uppercase)) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
#[cfg(test)]
mod tests {
    use crate::article::{Article, Labels};
    use crate::index::NewsIndex;
    use crate::search::Query;
    #[test]
    fn capitalised_words_are_the_names_and_sentence_starts() {
        assert_eq!(
            super::capitalised_words("Ljubicic beat Abramovich's rivals in Zürich, said O’Neill."),
            "Ljubicic Abramovich's Zürich O’Neill"
        );
        assert_eq!(super::capitalised_words("no names here"), "");
    }

    const BODY: &str = "MOSCOW, March 3 - Cisco Systems will invest $1 billion in Skolkovo, \
near Moscow, over ten years, the Skolkovo Foundation said on Wednesday. The deal was signed \
in Moscow by Cisco's chief executive and Russian officials.\n\u{c}\nOn the second page, Cisco \
said the Skolkovo centre would employ 500 people and cost 2 billion roubles in its first year.";

    /// Every stored field set: path, line, source, url, date, labels, a
    /// page break, an exact copy and a corrected version.
    fn views_index() -> NewsIndex {
        let index = NewsIndex::in_memory().unwrap();
        let mut indexer = index.indexer().unwrap();
        let mut article = Article::new("Cisco signs Skolkovo deal", BODY);
        article.path = Some("/news/wire.jsonl".into());
        article.position = 3;
        article.line = Some(4);
        article.source = Some("Reuters".into());
        article.url = Some("https://example.com/cisco".into());
        article.date = Some(time::macros::datetime!(2010-03-03 00:00 UTC));
        article.labels = Labels {
            places: vec!["ussr".into()],
            orgs: vec!["cisco".into()],
        };
        let mut copy = article.clone();
        copy.path = Some("/news/copy.jsonl".into());
        copy.position = 0;
        copy.line = Some(1);
        let mut corrected = article.clone();
        corrected.path = Some("/news/corrected.jsonl".into());
        corrected.position = 1;
        corrected.line = None;
        corrected.body = BODY.replace("ten years", "eleven years");
        indexer.add_article(article).unwrap();
        indexer.add_article(copy).unwrap();
        indexer.add_article(corrected).unwrap();
        indexer
            .add_article(Article::new(
                "Élections régionales en France",
                "Les électeurs français ont voté dimanche pour les élections régionales, \
                 a annoncé le ministère de l'Intérieur à Paris.",
            ))
            .unwrap();
        indexer.commit().unwrap();
        index
    }

    fn views_json() -> Vec<String> {
        let index = views_index();
        let mut out = Vec::new();
        let results = index
            .search(&Query::new("cisco skolkovo").snippets(2))
            .unwrap();
        for hit in &results.hits {
            out.push(serde_json::to_string(hit).unwrap());
        }
        let all = index
            .search(&Query::new("électorales").all_duplicates(true))
            .unwrap();
        for hit in &all.hits {
            out.push(serde_json::to_string(hit).unwrap());
        }
        let shown = index.article("/news/wire.jsonl#3").unwrap();
        out.push(serde_json::to_string(&shown).unwrap());
        out.push(serde_json::to_string(&shown.with_evidence()).unwrap());
        let mut rows = Vec::new();
        index
            .export(&Query::new(""), |row| {
                rows.push(serde_json::to_string(row).unwrap());
                Ok(())
            })
            .unwrap();
        rows.sort();
        out.extend(rows);
        out
    }

    /// The JSON of a hit, a shown article (without and with evidence) and
    /// the export rows, as the code before the views shared one article
    /// wrote them, byte for byte.
    #[test]
    fn views_serialise_as_before() {
        let expected = [
            r##"{"rank":1,"score":2.506281,"bm25":2.506281,"tier":1,"id":"389a920b0bf1a84f","title":"Cisco signs Skolkovo deal","title_highlights":[[0,5],[12,20]],"path":"/news/copy.jsonl","position":0,"line":1,"source":"Reuters","url":"https://example.com/cisco","date":"2010-03-03T00:00:00Z","lang":"en","countries":["Russia"],"about":["Russia"],"organisations":["Cisco","Skolkovo Foundation"],"people":[],"amounts":[{"value":1000000000.0,"currency":"USD","usd":1000000000.0,"text":"$1 billion"},{"value":2000000000.0,"currency":"RUB","usd":67638000.0,"text":"2 billion roubles"}],"snippet":{"text":"1 billion in Skolkovo, near Moscow, over ten years, the Skolkovo Foundation said on Wednesday. The deal was signed in Moscow by Cisco's chief executive and Russian officials.\n\f\nOn the second page, Cisco said the Skolkovo","highlights":[[13,21],[56,64],[128,133],[197,202],[212,220]],"offset":45,"truncated":true,"field_highlights":[[58,66],[101,109],[173,178],[242,247],[257,265]],"page":1},"snippets":[{"text":"1 billion in Skolkovo, near Moscow, over ten years, the Skolkovo Foundation said on Wednesday. The deal was signed in Moscow by Cisco's chief executive and Russian officials.\n\f\nOn the second page, Cisco said the Skolkovo","highlights":[[13,21],[56,64],[128,133],[197,202],[212,220]],"offset":45,"truncated":true,"field_highlights":[[58,66],[101,109],[173,178],[242,247],[257,265]],"page":1}],"similar":1,"group":"9ed41901d2a828ea","copies":[{"id":"9ed41901d2a828ea","title":"Cisco signs Skolkovo deal","path":"/news/wire.jsonl","position":3}]}"##,
            r##"{"id":"9ed41901d2a828ea","title":"Cisco signs Skolkovo deal","path":"/news/wire.jsonl","position":3,"line":4,"source":"Reuters","url":"https://example.com/cisco","date":"2010-03-03T00:00:00Z","lang":"en","countries":["Russia"],"about":["Russia"],"organisations":["Cisco","Skolkovo Foundation"],"people":[],"amounts":[{"value":1000000000.0,"currency":"USD","usd":1000000000.0,"text":"$1 billion"},{"value":2000000000.0,"currency":"RUB","usd":67638000.0,"text":"2 billion roubles"}],"labels":{"places":["ussr"],"orgs":["cisco"]},"body":"MOSCOW, March 3 - Cisco Systems will invest $1 billion in Skolkovo, near Moscow, over ten years, the Skolkovo Foundation said on Wednesday. The deal was signed in Moscow by Cisco's chief executive and Russian officials.\n\f\nOn the second page, Cisco said the Skolkovo centre would employ 500 people and cost 2 billion roubles in its first year.","copies":[{"id":"389a920b0bf1a84f","title":"Cisco signs Skolkovo deal","path":"/news/copy.jsonl","position":0}],"similar":[{"id":"6564f1bc7fa23ef4","title":"Cisco signs Skolkovo deal","path":"/news/corrected.jsonl","position":1}]}"##,
            r##"{"id":"9ed41901d2a828ea","title":"Cisco signs Skolkovo deal","path":"/news/wire.jsonl","position":3,"line":4,"source":"Reuters","url":"https://example.com/cisco","date":"2010-03-03T00:00:00Z","lang":"en","countries":["Russia"],"about":["Russia"],"organisations":["Cisco","Skolkovo Foundation"],"people":[],"amounts":[{"value":1000000000.0,"currency":"USD","usd":1000000000.0,"text":"$1 billion"},{"value":2000000000.0,"currency":"RUB","usd":67638000.0,"text":"2 billion roubles"}],"labels":{"places":["ussr"],"orgs":["cisco"]},"body":"MOSCOW, March 3 - Cisco Systems will invest $1 billion in Skolkovo, near Moscow, over ten years, the Skolkovo Foundation said on Wednesday. The deal was signed in Moscow by Cisco's chief executive and Russian officials.\n\f\nOn the second page, Cisco said the Skolkovo centre would employ 500 people and cost 2 billion roubles in its first year.","entities":[{"type":"country","canonical":"Russia","forms":["Skolkovo","Russian","MOSCOW","Moscow"],"count":7,"mentions":[{"field":"title","start":12,"end":20,"text":"Skolkovo","zone":"title","cue":"city"},{"field":"body","start":0,"end":6,"text":"MOSCOW","zone":"dateline","cue":"dateline"},{"field":"body","start":58,"end":66,"text":"Skolkovo","zone":"lead","cue":"city"},{"field":"body","start":73,"end":79,"text":"Moscow","zone":"lead","cue":"city"},{"field":"body","start":163,"end":169,"text":"Moscow","zone":"body","cue":"city"},{"field":"body","start":201,"end":208,"text":"Russian","zone":"body","cue":"adjective"},{"field":"body","start":257,"end":265,"text":"Skolkovo","zone":"body","cue":"city"}]},{"type":"organisation","canonical":"Cisco","forms":["Cisco Systems","Cisco"],"count":4,"mentions":[{"field":"title","start":0,"end":5,"text":"Cisco","zone":"title"},{"field":"body","start":18,"end":31,"text":"Cisco Systems","zone":"lead"},{"field":"body","start":173,"end":178,"text":"Cisco","zone":"body"},{"field":"body","start":242,"end":247,"text":"Cisco","zone":"body"}]},{"type":"organisation","canonical":"Skolkovo Foundation","forms":["Skolkovo Foundation"],"count":1,"mentions":[{"field":"body","start":101,"end":120,"text":"Skolkovo Foundation","zone":"lead"}]},{"type":"amount","canonical":"1000000000 USD","forms":["$1 billion"],"count":1,"mentions":[{"field":"body","start":44,"end":54,"text":"$1 billion","zone":"lead"}],"amount":{"value":1000000000.0,"currency":"USD","usd":1000000000.0,"text":"$1 billion"}},{"type":"amount","canonical":"2000000000 RUB","forms":["2 billion roubles"],"count":1,"mentions":[{"field":"body","start":306,"end":323,"text":"2 billion roubles","zone":"body"}],"amount":{"value":2000000000.0,"currency":"RUB","usd":67638000.0,"text":"2 billion roubles"}}],"copies":[{"id":"389a920b0bf1a84f","title":"Cisco signs Skolkovo deal","path":"/news/copy.jsonl","position":0}],"similar":[{"id":"6564f1bc7fa23ef4","title":"Cisco signs Skolkovo deal","path":"/news/corrected.jsonl","position":1}]}"##,
            r##"{"id":"389a920b0bf1a84f","title":"Cisco signs Skolkovo deal","body":"MOSCOW, March 3 - Cisco Systems will invest $1 billion in Skolkovo, near Moscow, over ten years, the Skolkovo Foundation said on Wednesday. The deal was signed in Moscow by Cisco's chief executive and Russian officials.\n\f\nOn the second page, Cisco said the Skolkovo centre would employ 500 people and cost 2 billion roubles in its first year.","path":"/news/copy.jsonl","source":"Reuters","url":"https://example.com/cisco","date":"2010-03-03T00:00:00Z","date_ts":1267574400,"lang":"en","countries":["Russia"],"about":["Russia"],"organisations":["Cisco","Skolkovo Foundation"],"people":[],"amounts":[{"value":1000000000.0,"currency":"USD","usd":1000000000.0,"text":"$1 billion"},{"value":2000000000.0,"currency":"RUB","usd":67638000.0,"text":"2 billion roubles"}],"amount_usd":[1000000000.0,67638000.0],"amount_currency":["USD","RUB"]}"##,
            r##"{"id":"55dea5d2862fa9d8","title":"Élections régionales en France","body":"Les électeurs français ont voté dimanche pour les élections régionales, a annoncé le ministère de l'Intérieur à Paris.","lang":"fr","countries":["France"],"about":["France"],"organisations":[],"people":[],"amounts":[],"amount_usd":[],"amount_currency":[]}"##,
            r##"{"id":"6564f1bc7fa23ef4","title":"Cisco signs Skolkovo deal","body":"MOSCOW, March 3 - Cisco Systems will invest $1 billion in Skolkovo, near Moscow, over eleven years, the Skolkovo Foundation said on Wednesday. The deal was signed in Moscow by Cisco's chief executive and Russian officials.\n\f\nOn the second page, Cisco said the Skolkovo centre would employ 500 people and cost 2 billion roubles in its first year.","path":"/news/corrected.jsonl","source":"Reuters","url":"https://example.com/cisco","date":"2010-03-03T00:00:00Z","date_ts":1267574400,"lang":"en","countries":["Russia"],"about":["Russia"],"organisations":["Cisco","Skolkovo Foundation"],"people":[],"amounts":[{"value":1000000000.0,"currency":"USD","usd":1000000000.0,"text":"$1 billion"},{"value":2000000000.0,"currency":"RUB","usd":67638000.0,"text":"2 billion roubles"}],"amount_usd":[1000000000.0,67638000.0],"amount_currency":["USD","RUB"]}"##,
            r##"{"id":"9ed41901d2a828ea","title":"Cisco signs Skolkovo deal","body":"MOSCOW, March 3 - Cisco Systems will invest $1 billion in Skolkovo, near Moscow, over ten years, the Skolkovo Foundation said on Wednesday. The deal was signed in Moscow by Cisco's chief executive and Russian officials.\n\f\nOn the second page, Cisco said the Skolkovo centre would employ 500 people and cost 2 billion roubles in its first year.","path":"/news/wire.jsonl","source":"Reuters","url":"https://example.com/cisco","date":"2010-03-03T00:00:00Z","date_ts":1267574400,"lang":"en","countries":["Russia"],"about":["Russia"],"organisations":["Cisco","Skolkovo Foundation"],"people":[],"amounts":[{"value":1000000000.0,"currency":"USD","usd":1000000000.0,"text":"$1 billion"},{"value":2000000000.0,"currency":"RUB","usd":67638000.0,"text":"2 billion roubles"}],"amount_usd":[1000000000.0,67638000.0],"amount_currency":["USD","RUB"]}"##,
        ];
        // The hit is one of two exact copies of equal score, whichever the
        // writer's threads and merges put first: the other copy's hit, as
        // the old code wrote it, is the same with the copies' places swapped.
        let other_copy = r##"{"rank":1,"score":2.506281,"bm25":2.506281,"tier":1,"id":"9ed41901d2a828ea","title":"Cisco signs Skolkovo deal","title_highlights":[[0,5],[12,20]],"path":"/news/wire.jsonl","position":3,"line":4,"source":"Reuters","url":"https://example.com/cisco","date":"2010-03-03T00:00:00Z","lang":"en","countries":["Russia"],"about":["Russia"],"organisations":["Cisco","Skolkovo Foundation"],"people":[],"amounts":[{"value":1000000000.0,"currency":"USD","usd":1000000000.0,"text":"$1 billion"},{"value":2000000000.0,"currency":"RUB","usd":67638000.0,"text":"2 billion roubles"}],"snippet":{"text":"1 billion in Skolkovo, near Moscow, over ten years, the Skolkovo Foundation said on Wednesday. The deal was signed in Moscow by Cisco's chief executive and Russian officials.\n\f\nOn the second page, Cisco said the Skolkovo","highlights":[[13,21],[56,64],[128,133],[197,202],[212,220]],"offset":45,"truncated":true,"field_highlights":[[58,66],[101,109],[173,178],[242,247],[257,265]],"page":1},"snippets":[{"text":"1 billion in Skolkovo, near Moscow, over ten years, the Skolkovo Foundation said on Wednesday. The deal was signed in Moscow by Cisco's chief executive and Russian officials.\n\f\nOn the second page, Cisco said the Skolkovo","highlights":[[13,21],[56,64],[128,133],[197,202],[212,220]],"offset":45,"truncated":true,"field_highlights":[[58,66],[101,109],[173,178],[242,247],[257,265]],"page":1}],"similar":1,"group":"9ed41901d2a828ea","copies":[{"id":"389a920b0bf1a84f","title":"Cisco signs Skolkovo deal","path":"/news/copy.jsonl","position":0}]}"##;
        let got = views_json();
        assert_eq!(got.len(), expected.len());
        assert!(got[0] == expected[0] || got[0] == other_copy, "{}", got[0]);
        for (got, expected) in got.iter().zip(expected).skip(1) {
            assert_eq!(got, expected);
        }
    }
}
