//! Reading a file and extracting the facets of its articles: the
//! composition of a reader ([`crate::ingest`]) with extraction
//! ([`crate::extract`](mod@crate::extract)), which neither of them knows
//! of. [`extract_file`] does it in one call, for `search extract` and
//! tools that want facets without an index; the indexing pipeline and the
//! [`Indexer`] extract each article they write with the same
//! [`article_facets`].
//!
//! [`Indexer`]: super::Indexer

use std::path::Path;

use crate::article::Article;
use crate::extract::{article_date, extract_dated, Facets};
use crate::ingest::{self, SkipReason};

/// The articles of one file with their facets, and the problems that did
/// not stop the file (see [`crate::ingest::Parsed::warnings`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtractedFile {
    /// Each article of the file, in file order, with its facets.
    pub articles: Vec<(Article, Facets)>,
    /// Problems that did not stop the file ("line 3: malformed JSON: ...").
    pub warnings: Vec<String>,
}

/// Read one file with [`crate::ingest::read_file`] and [`extract`](crate::extract::extract) the
/// facets of each of its articles: what `search extract` shows, without
/// an index. It lives with the indexing pipeline, not in the pure
/// `extract` module, because it reads a file, nor with the readers, which
/// know nothing of extraction.
///
/// ```
/// let file = newsindex::extract_file("corpus/skolkovo-cisco.txt".as_ref()).unwrap();
/// let (article, facets) = &file.articles[0];
/// assert_eq!(article.position, 0);
/// assert_eq!(facets.countries, ["Russia", "United States"]);
/// ```
///
/// # Errors
///
/// The file's [`SkipReason`] when it yields no article (unsupported,
/// unreadable, binary, empty, malformed, too large).
pub fn extract_file(path: &Path) -> Result<ExtractedFile, SkipReason> {
    let parsed = ingest::read_file(path)?;
    let articles = parsed
        .articles
        .into_iter()
        .map(|article| {
            let facets = article_facets(&article);
            (article, facets)
        })
        .collect();
    Ok(ExtractedFile {
        articles,
        warnings: parsed.warnings,
    })
}

/// The facets of one article, extracted from its title and body as of
/// its date ([`article_date`]).
pub(super) fn article_facets(article: &Article) -> Facets {
    extract_dated(&article.title, &article.body, article_date(article))
}
