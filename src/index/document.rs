//! An article and its facets as the Tantivy document the index stores.
//! (Moved here unchanged from the index handle; the stored article's own
//! room, `crate::document`, is taking it over.)

use tantivy::schema::{Facet, TantivyDocument};
use tantivy::DateTime;

use crate::article::Article;
use crate::extract::{self, Facets};
use crate::schema::{self, Fields, ABOUT_ROOT, COUNTRY_ROOT, CURRENCY_ROOT, ORG_ROOT};

pub(super) fn to_document(
    fields: &Fields,
    id: &str,
    article: &Article,
    facets: &Facets,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, id);
    doc.add_text(fields.title, &article.title);
    doc.add_text(fields.body, &article.body);
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
    for country in &facets.countries {
        doc.add_facet(fields.country, Facet::from_path([COUNTRY_ROOT, country]));
    }
    for country in &facets.about {
        doc.add_facet(fields.about, Facet::from_path([ABOUT_ROOT, country]));
    }
    // Names as written ("Tories", "IBM") are stored under their index-wide
    // canonical name, so every name of one organisation meets one value.
    let date = extract::article_date(article);
    let mut orgs: Vec<&str> = Vec::with_capacity(facets.organisations.len());
    for org in &facets.organisations {
        let canonical = extract::canonical_organisation_on(org, date).unwrap_or(org);
        if !orgs.contains(&canonical) {
            orgs.push(canonical);
        }
    }
    for org in orgs {
        doc.add_facet(fields.org, Facet::from_path([ORG_ROOT, org]));
    }
    let mut currencies: Vec<&str> = facets.amounts.iter().map(|a| a.currency.as_str()).collect();
    currencies.sort_unstable();
    currencies.dedup();
    for currency in currencies {
        doc.add_facet(fields.currency, Facet::from_path([CURRENCY_ROOT, currency]));
    }
    for usd in facets.amounts.iter().filter_map(|a| a.usd) {
        doc.add_f64(fields.amount_usd, usd);
    }
    for key in facets
        .amounts
        .iter()
        .filter_map(|a| schema::amount_key(&a.currency, a.value))
    {
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
