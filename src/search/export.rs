//! Every matching article, streamed one at a time: the JSON Lines that
//! other engines load (`deploy/`), in constant memory however large the
//! index.

use serde::Serialize;
use tantivy::query::EnableScoring;
use tantivy::schema::TantivyDocument;
use tantivy::{DocAddress, DocId};
use time::OffsetDateTime;

use super::searcher::Searcher;
use crate::document::{stored_text, view_of_stored_article, Serialised, StoredArticle};
use crate::error::{Error, Result};
use crate::index::engine_error;

use super::duplicates::{Columns, LastGroup};
use super::filters::with_filters;
use super::query::Query;

/// One article as `search export` writes it: every stored field, the
/// facets, and the amounts both nested (for display) and as flat arrays
/// (for engines that filter on arrays of numbers or keywords).
#[derive(Debug, Clone, PartialEq)]
pub struct ExportedArticle {
    /// The article's stored fields (id, title, path, date, facets...),
    /// which read as its own (`article.title`). Its `position` and `line`
    /// are not exported: the rows keep the fields the engines of `deploy/`
    /// map.
    pub article: StoredArticle,
    /// The whole body text.
    pub body: String,
    /// Publication date as seconds since the Unix epoch (for engines
    /// whose date fields take numbers).
    pub date_ts: Option<i64>,
    /// The amounts' US dollar values, where known (flat, for range filters).
    pub amount_usd: Vec<f64>,
    /// The amounts' currencies, each once (flat, for keyword filters).
    pub amount_currency: Vec<String>,
    /// The id of the article's group of near-duplicates and exact copies
    /// (as [`super::Hit::group`]), when the group has other articles: rows
    /// with the same group are versions of one story, so a spreadsheet
    /// can fold them. Left out of the JSON form, which is what the
    /// engines of `deploy/` load under strict mappings; `search export
    /// --fields group` writes it.
    pub group: Option<String>,
    /// Other different texts in the group (near-duplicates: reprints,
    /// corrected or updated versions), as [`super::Hit::similar`]. Left
    /// out of the JSON form, like `group`.
    pub similar: usize,
    /// Other articles with exactly this text (the same article in other
    /// files). Left out of the JSON form, like `group`.
    pub copies: usize,
}

view_of_stored_article!(ExportedArticle);

/// An export row's JSON, in the order and with the fields the engines of
/// `deploy/` load under strict mappings: the [`StoredArticle`]'s fields
/// without its `position` and `line`, the body after the title and
/// `date_ts` after the date, then the flat amounts. `group`, `similar`
/// and `copies` are left out (`search export --fields group` writes
/// them).
impl Serialize for ExportedArticle {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Body<'a> {
            body: &'a str,
        }
        #[derive(Serialize)]
        struct DateTs {
            #[serde(skip_serializing_if = "Option::is_none")]
            date_ts: Option<i64>,
        }
        #[derive(Serialize)]
        struct Row<'a> {
            #[serde(flatten)]
            article: Serialised<'a, Body<'a>, DateTs>,
            amount_usd: &'a [f64],
            amount_currency: &'a [String],
        }
        let body = Body { body: &self.body };
        let date_ts = DateTs {
            date_ts: self.date_ts,
        };
        Row {
            article: self.article.row_fields(&body, &date_ts),
            amount_usd: &self.amount_usd,
            amount_currency: &self.amount_currency,
        }
        .serialize(serializer)
    }
}

/// What [`NewsIndex::export`](crate::NewsIndex::export) did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ExportReport {
    /// Articles handed to the callback.
    pub articles: usize,
    /// When the text could not be read as query syntax: the plain words
    /// that were searched instead (as in [`super::SearchResults`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reinterpreted: Option<String>,
    /// Country or organisation filters whose value no article has.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmatched_filters: Vec<super::UnmatchedFilter>,
}

impl Searcher {
    /// Hand every article matching `query` (its text and filters; an
    /// empty text matches every article) to `each`, one at a time, in
    /// index order. Ranking, paging and snippets do not apply: this is for
    /// copying articles elsewhere, so memory stays constant whatever the
    /// number of matches. An error from `each` stops the export and is
    /// returned.
    ///
    /// Duplicates are not folded (and [`Query::all_duplicates`] does not
    /// apply): an export is a copy of the data, every article of every
    /// group of near-duplicates and every exact copy included. Each
    /// article carries its group ([`ExportedArticle::group`]) and how many
    /// other texts and copies share it, so the reader can fold.
    ///
    /// ```
    /// use newsindex::{Article, NewsIndex, Query};
    ///
    /// # fn main() -> newsindex::Result<()> {
    /// let index = NewsIndex::in_memory()?;
    /// let mut indexer = index.indexer()?;
    /// indexer.add_article(Article::new("Cisco in Skolkovo", "Cisco will invest $1 billion in Russia."))?;
    /// indexer.add_article(Article::new("Rain", "It rained in Paris."))?;
    /// indexer.commit()?;
    ///
    /// let mut titles = Vec::new();
    /// let report = index.export(&Query::new("").country("Russia"), |article| {
    ///     titles.push(article.title.clone());
    ///     assert_eq!(article.amount_usd, [1e9]);
    ///     Ok(())
    /// })?;
    /// assert_eq!((report.articles, titles), (1, vec!["Cisco in Skolkovo".to_string()]));
    /// # Ok(())
    /// # }
    /// ```
    pub fn export<F>(&self, query: &Query, mut each: F) -> Result<ExportReport>
    where
        F: FnMut(&ExportedArticle) -> Result<()>,
    {
        let searcher = &self.searcher;
        let engine = |e| engine_error(self.path(), e);
        let parsed = self.parse_text(&query.text, query.fuzzy, query.strict)?;
        let (filters, unmatched_filters) = self.filters(query)?;
        let broadest = parsed.tiers.last().expect("at least one tier");
        let matching = with_filters(broadest.box_clone(), &filters);
        let weight = matching
            .weight(EnableScoring::disabled_from_searcher(searcher))
            .map_err(engine)?;

        let mut report = ExportReport {
            articles: 0,
            reinterpreted: parsed.reinterpreted,
            unmatched_filters,
        };
        let columns = Columns::new(searcher);
        let mut last_group = LastGroup::default();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            // Small block cache: articles are read in doc order, so each
            // compressed block is decompressed once.
            let store = segment.get_store_reader(1).map_err(|e| engine(e.into()))?;
            let alive = segment.alive_bitset();
            // The scorer hands over blocks of doc ids; the callback cannot
            // fail, so the first error is kept and the rest of the segment
            // skipped.
            let mut failure: Option<Error> = None;
            weight
                .for_each_no_score(segment, &mut |docs: &[DocId]| {
                    for &doc_id in docs {
                        if failure.is_some() {
                            return;
                        }
                        if alive.is_some_and(|alive| !alive.is_alive(doc_id)) {
                            continue;
                        }
                        let address = DocAddress::new(ord as u32, doc_id);
                        let outcome = store
                            .get::<TantivyDocument>(doc_id)
                            .map_err(engine)
                            .and_then(|doc| {
                                let counts =
                                    self.group_counts(&columns, address, &mut last_group)?;
                                let mut article = self.exported(&doc);
                                (article.group, article.similar, article.copies) =
                                    (counts.group, counts.similar, counts.copies);
                                each(&article)
                            });
                        match outcome {
                            Ok(()) => report.articles += 1,
                            Err(e) => failure = Some(e),
                        }
                    }
                })
                .map_err(engine)?;
            if let Some(e) = failure {
                return Err(e);
            }
        }
        Ok(report)
    }

    /// A stored document as an [`ExportedArticle`].
    fn exported(&self, doc: &TantivyDocument) -> ExportedArticle {
        let f = &self.fields;
        let article = StoredArticle::read(f, self.locations(), doc);
        let instant = article.date;
        let mut amount_currency: Vec<String> = Vec::new();
        for amount in &article.amounts {
            if !amount_currency.contains(&amount.currency) {
                amount_currency.push(amount.currency.clone());
            }
        }
        ExportedArticle {
            body: stored_text(doc, f.body).unwrap_or_default(),
            date_ts: instant.map(OffsetDateTime::unix_timestamp),
            // Sums only, as the index's own amount filters: no rate quotes.
            amount_usd: article
                .amounts
                .iter()
                .filter(|a| !a.rate)
                .filter_map(|a| a.usd)
                .collect(),
            amount_currency,
            article,
            group: None,
            similar: 0,
            copies: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::article::Article;
    use crate::index::NewsIndex;
    use crate::search::query::Query;
    use crate::search::tests::{export_all, index_of_articles};

    fn index() -> NewsIndex {
        let mut cisco = Article::new(
            "Cisco signs Skolkovo deal",
            "MOSCOW, March 3 - Cisco will invest $1 billion in Skolkovo, and the fund 500m roubles.",
        );
        cisco.date = Some(time::macros::datetime!(2010-03-03 00:00 UTC));
        index_of_articles([
            cisco,
            Article::new(
                "Zürich bank",
                "Crédit Suisse of Zürich hired 40 people in Switzerland.",
            ),
            Article::new("Undated", "Nothing of note."),
        ])
    }

    #[test]
    fn every_article_with_every_field() {
        let (report, mut all) = export_all(&index(), &Query::new(""));
        assert_eq!(report.articles, 3);
        all.sort_by(|a, b| a.title.cmp(&b.title));
        let cisco = &all[0];
        assert_eq!(cisco.title, "Cisco signs Skolkovo deal");
        assert_eq!(
            cisco.date,
            Some(time::macros::datetime!(2010-03-03 00:00 UTC))
        );
        assert_eq!(cisco.date_ts, Some(1_267_574_400));
        assert_eq!(cisco.countries, ["Russia"]);
        assert!(cisco.organisations.contains(&"Cisco".to_string()));
        assert_eq!(cisco.amount_currency, ["USD", "RUB"]);
        assert_eq!(cisco.amounts.len(), 2);
        assert_eq!(cisco.amount_usd[0], 1e9);
        let zurich = &all[2];
        assert_eq!(zurich.title, "Zürich bank");
        assert!(zurich.body.contains("Crédit Suisse"));
        let undated = &all[1];
        assert_eq!((undated.date.as_ref(), undated.date_ts), (None, None));
        assert!(undated.amounts.is_empty() && undated.amount_usd.is_empty());
    }

    #[test]
    fn query_and_filters_select() {
        let index = index();
        let (_, rows) = export_all(&index, &Query::new("zurich"));
        assert_eq!(rows[0].title, "Zürich bank");
        assert_eq!(rows.len(), 1);
        let report = index
            .export(&Query::new("").currency("RUB"), |_| Ok(()))
            .unwrap();
        assert_eq!(report.articles, 1);
    }

    #[test]
    fn callback_error_stops_the_export() {
        let index = index();
        let mut seen = 0;
        let err = index
            .export(&Query::new(""), |_| {
                seen += 1;
                Err(crate::error::Error::Io {
                    path: "stdout".into(),
                    source: std::io::Error::from(std::io::ErrorKind::BrokenPipe),
                })
            })
            .unwrap_err();
        assert_eq!(seen, 1);
        assert!(err.to_string().contains("stdout"), "{err}");
    }
}
