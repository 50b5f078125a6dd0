//! One whole stored article, looked up by id, file or `file#position`.

use std::path::Path;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, TantivyDocument};
use tantivy::{DocAddress, Term};

use super::results::DuplicateRef;
use super::searcher::Searcher;
use crate::article::{Article, Labels};
use crate::document::{
    stored_text, stored_texts, stored_u32, view_of_stored_article, StoredArticle,
};
use crate::error::{Error, Result};
use crate::extract::Entity;
use crate::index::engine_error;

/// An article as the index stores it: every field, the whole body, and the
/// facets extracted from it (amounts with the text they were read from;
/// every entity with its mentions after [`IndexedArticle::with_evidence`]).
#[derive(Debug, Clone, Serialize)]
pub struct IndexedArticle {
    /// The article's stored fields (id, title, path, date, facets...),
    /// which read as its own (`article.title`).
    #[serde(flatten)]
    pub article: StoredArticle,
    /// Gold labels the corpus shipped with.
    #[serde(skip_serializing_if = "Labels::is_empty")]
    pub labels: Labels,
    /// The whole body text.
    pub body: String,
    /// The entities behind the facets, with the text each was read from
    /// (see [`crate::extract::extract_with_evidence`]): `None` until
    /// [`IndexedArticle::with_evidence`] computes them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<Entity>>,
    /// Other files (or positions) holding exactly this text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<DuplicateRef>,
    /// The other texts of its group of near-duplicates (reprints,
    /// corrected or updated versions), in index order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub similar: Vec<DuplicateRef>,
}

view_of_stored_article!(IndexedArticle);

impl IndexedArticle {
    /// The article with [`IndexedArticle::entities`] read again from its
    /// stored title and body (at its date, for amounts in dollars). Costs
    /// one extraction, and the extractor's tables on first use: asked for
    /// when an article is shown, not for every hit.
    pub fn with_evidence(mut self) -> IndexedArticle {
        let date = self.date.map(|d| d.date());
        self.entities = Some(crate::extract::entities(&self.title, &self.body, date));
        self
    }
}

impl Searcher {
    /// The whole article named by `reference`: an id (as in
    /// [`Hit::id`](crate::StoredArticle::id)), the path of an indexed file (its first
    /// article), or `path#N` for the article at zero-based position `N` of
    /// that file (as in [`Hit::position`](crate::StoredArticle::position)),
    /// or else the key of a keyed article ([`Searcher::article_by_key`]).
    ///
    /// Fails with [`Error::ArticleNotFound`] when nothing matches.
    pub fn article(&self, reference: &str) -> Result<IndexedArticle> {
        let found = match self.at_position(reference)? {
            Some(found) => found,
            None => match self.find_article(reference) {
                // Keys are names too, after ids and files.
                Err(Error::ArticleNotFound(_)) => {
                    return self.article_by_key(reference.trim()).map_err(|e| match e {
                        Error::ArticleNotFound(_) => Error::ArticleNotFound(reference.into()),
                        other => other,
                    })
                }
                other => other?,
            },
        };
        self.indexed_article(found)
    }

    /// The whole article at `address`.
    fn indexed_article(
        &self,
        (address, doc): (DocAddress, TantivyDocument),
    ) -> Result<IndexedArticle> {
        let (copies, similar) = self.article_duplicates(address)?;
        let f = &self.fields;
        Ok(IndexedArticle {
            article: StoredArticle::read(f, self.locations(), &doc),
            labels: Labels {
                places: stored_texts(&doc, f.label_places),
                orgs: stored_texts(&doc, f.label_orgs),
            },
            body: stored_text(&doc, f.body).unwrap_or_default(),
            entities: None,
            copies,
            similar,
        })
    }

    /// The article added with the key `key`
    /// ([`Article::with_key`](crate::Article::with_key)): unlike
    /// [`Searcher::article`], never a file's. Fails with
    /// [`Error::ArticleNotFound`] when no article has the key.
    pub fn article_by_key(&self, key: &str) -> Result<IndexedArticle> {
        let found = self
            .find_id(&Article::id_of_key(key))?
            .filter(|(_, doc)| {
                let stored = self.fields.key.and_then(|field| stored_text(doc, field));
                stored.as_deref() == Some(key)
            })
            .ok_or_else(|| Error::ArticleNotFound(key.to_string()))?;
        self.indexed_article(found)
    }

    /// The article at the lowest position of the file `path`, when it was
    /// indexed (the writer's threads store a file's articles in any order).
    pub(super) fn first_of_file(
        &self,
        path: &str,
    ) -> Result<Option<(DocAddress, TantivyDocument)>> {
        let engine = |e| engine_error(self.path(), e);
        let path = path.trim();
        for path in self.locations().keys_for(path) {
            let term = Term::from_field_text(self.fields.path, &path);
            let count = self.searcher.doc_freq(&term).map_err(engine)? as usize;
            if count == 0 {
                continue;
            }
            let query = TermQuery::new(term, IndexRecordOption::Basic);
            let top = self
                .searcher
                .search(&query, &TopDocs::with_limit(count).order_by_score())
                .map_err(engine)?;
            let mut first: Option<(u32, DocAddress, TantivyDocument)> = None;
            for (_, address) in top {
                let doc: TantivyDocument = self.searcher.doc(address).map_err(engine)?;
                let position = stored_u32(&doc, self.fields.position).unwrap_or(0);
                if first.as_ref().is_none_or(|(least, ..)| position < *least) {
                    first = Some((position, address, doc));
                }
            }
            if let Some((_, address, doc)) = first {
                return Ok(Some((address, doc)));
            }
        }
        Ok(None)
    }

    /// The article `path#N` names, when the reference has that form and is
    /// not itself the name of an existing file (names may contain `#`).
    fn at_position(&self, reference: &str) -> Result<Option<(DocAddress, TantivyDocument)>> {
        let reference = reference.trim();
        let Some((path, position)) = reference.rsplit_once('#') else {
            return Ok(None);
        };
        let Ok(position) = position.parse::<u32>() else {
            return Ok(None);
        };
        if Path::new(reference).exists() {
            return Ok(None);
        }
        // Ids are made of the stored path and the position.
        for path in self.locations().keys_for(path) {
            let id = Article {
                path: Some(path),
                position,
                ..Article::default()
            }
            .id();
            match self.find_article(&id) {
                Ok(found) => return Ok(Some(found)),
                Err(Error::ArticleNotFound(_)) => {}
                Err(other) => return Err(other),
            }
        }
        Err(Error::ArticleNotFound(reference.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::NewsIndex;
    use crate::search::tests::index_of_articles;

    fn wire_index() -> NewsIndex {
        // Added out of file order, as the writer's threads may store them.
        index_of_articles(
            [
                (
                    4,
                    "Ferry operator buys vessels",
                    "The ferry operator bought two vessels for 9 billion yen.",
                ),
                (
                    1,
                    "Siemens wins rail order",
                    "Siemens won a contract worth €3bn from Deutsche Bahn.",
                ),
            ]
            .map(|(position, title, body)| {
                let mut article = Article::new(title, body);
                article.path = Some("/news/wire.jsonl".into());
                article.position = position;
                article.line = Some(position + 1);
                article
            }),
        )
    }

    #[test]
    fn articles_are_found_by_position_file_or_id() {
        let index = wire_index();
        let ferry = index.article("/news/wire.jsonl#4").unwrap();
        assert_eq!(ferry.title, "Ferry operator buys vessels");
        assert_eq!((ferry.position, ferry.line), (4, Some(5)));
        assert!(ferry.body.ends_with("for 9 billion yen."));
        assert_eq!(ferry.amounts[0].text, "9 billion yen");

        let first = index.article("/news/wire.jsonl").unwrap();
        assert_eq!(first.title, "Siemens wins rail order", "lowest position");
        assert_eq!(index.article(&ferry.id).unwrap().title, ferry.title);

        assert!(ferry.entities.is_none(), "evidence only when asked");
        let ferry = ferry.with_evidence();
        let entities = ferry.entities.as_deref().unwrap();
        let yen = entities
            .iter()
            .find(|e| e.kind == crate::extract::EntityKind::Amount)
            .unwrap();
        let m = &yen.mentions[0];
        assert_eq!(&ferry.body[m.start..m.end], "9 billion yen");

        for missing in ["/news/wire.jsonl#2", "/news/other.jsonl", "0000"] {
            assert!(
                matches!(index.article(missing), Err(Error::ArticleNotFound(_))),
                "{missing}"
            );
        }
    }
}
