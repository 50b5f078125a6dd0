//! The article: what every reader produces and the index stores.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// One news article, as read from a file or built in memory.
///
/// Readers fill what their format carries; everything but `title` and
/// `body` is optional. `labels` keeps gold labels a corpus ships with
/// (Reuters-21578 PLACES/ORGS) so extraction can be scored against them;
/// they are stored, never searched.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Headline.
    pub title: String,
    /// Clean body text (HTML already turned into text).
    pub body: String,
    /// Canonical URL, when the source names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publication date (UTC), when known.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub date: Option<OffsetDateTime>,
    /// Publisher or wire ("portfolio.com", "Reuters").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// File the article came from, when it came from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Zero-based position of the article within its file (JSONL line, SGML element).
    #[serde(default)]
    pub position: u32,
    /// One-based line of the file the article starts on, for files that
    /// hold many articles (JSON Lines, Reuters SGML), so a reader can open
    /// the file there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Gold labels shipped with the corpus (not extracted).
    #[serde(default, skip_serializing_if = "Labels::is_empty")]
    pub labels: Labels,
    /// The caller's own name for an article built in memory
    /// (`"crm/note-1"`), set with [`Article::with_key`]: its id derives
    /// from the key alone, so an edited article added again replaces the
    /// old one ([`Indexer::update`](crate::Indexer::update)) and
    /// [`Indexer::delete`](crate::Indexer::delete) removes it by key.
    /// Keys live apart from files: a keyed article has no `path`, and
    /// indexing files never replaces or removes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// Gold labels a corpus ships with, kept for evaluation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labels {
    /// Reuters PLACES codes, e.g. `usa`, `west-germany`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
    /// Reuters ORGS codes, e.g. `ec`, `imf`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orgs: Vec<String>,
}

impl Labels {
    /// True when no label of any kind is present.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty() && self.orgs.is_empty()
    }
}

impl Article {
    /// An article with just a title and body.
    pub fn new(title: impl Into<String>, body: impl Into<String>) -> Self {
        Article {
            title: title.into(),
            body: body.into(),
            ..Article::default()
        }
    }

    /// The article with the caller's key `key` ([`Article::key`]).
    ///
    /// ```
    /// use newsindex::Article;
    ///
    /// let note = Article::new("Call Acme", "Acme wants a quote.").with_key("crm/note-1");
    /// let edited = Article::new("Call Acme", "Acme signed.").with_key("crm/note-1");
    /// assert_eq!(note.id(), edited.id());
    /// assert_eq!(note.id(), Article::id_of_key("crm/note-1"));
    /// ```
    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// The stable id: a hash of the key for keyed articles
    /// ([`Article::with_key`]), of (path, position) for articles from
    /// files, of the title and body for other in-memory ones. Re-indexing
    /// the same file therefore replaces its articles instead of
    /// duplicating them, and an edited keyed article replaces its old text.
    pub fn id(&self) -> String {
        if let Some(key) = &self.key {
            return Article::id_of_key(key);
        }
        let mut hasher = blake3::Hasher::new();
        match &self.path {
            Some(path) => {
                hasher.update(b"path\0");
                hasher.update(path.as_bytes());
                hasher.update(&self.position.to_le_bytes());
            }
            None => {
                hasher.update(b"text\0");
                hasher.update(self.title.as_bytes());
                hasher.update(b"\0");
                hasher.update(self.body.as_bytes());
            }
        }
        hasher.finalize().to_hex()[..16].to_string()
    }

    /// The id of the article keyed `key` ([`Article::with_key`]), without
    /// building one: what [`Indexer::delete`](crate::Indexer::delete) and
    /// [`NewsIndex::article_by_key`](crate::NewsIndex::article_by_key)
    /// look up. Its own domain tag keeps it apart from every path's and
    /// text's id.
    pub fn id_of_key(key: &str) -> String {
        let mut hasher = blake3::Hasher::new();
        hasher.update(b"key\0");
        hasher.update(key.as_bytes());
        hasher.finalize().to_hex()[..16].to_string()
    }
}

/// Separates the pages of a PDF's text in an article body: a form feed on
/// a line of its own (whitespace to the analyzer and the extractor), so
/// the page a passage is on is the number of breaks before it, plus one.
pub const PAGE_BREAK: char = '\u{c}';

/// The page (1-based) of byte `offset` in a body whose pages are
/// separated by [`PAGE_BREAK`]; `None` for a body without pages.
///
/// ```
/// use newsindex::ingest::page_at;
///
/// let body = "Page one.\n\u{c}\nPage two.";
/// assert_eq!(page_at(body, 0), Some(1));
/// assert_eq!(page_at(body, body.find("two").unwrap()), Some(2));
/// assert_eq!(page_at("No pages.", 3), None);
/// ```
pub fn page_at(body: &str, offset: usize) -> Option<u32> {
    if !body.contains(PAGE_BREAK) {
        return None;
    }
    let before = body.get(..offset.min(body.len())).unwrap_or(body);
    Some(before.matches(PAGE_BREAK).count() as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_count_from_one() {
        let body = "One.\n\u{c}\nTwo.";
        assert_eq!(page_at(body, body.find("Two").unwrap()), Some(2));
        assert_eq!(page_at(body, 0), Some(1));
        assert_eq!(page_at("One.", 2), None);
        assert_eq!(PAGE_BREAK, '\u{c}');
    }
}
