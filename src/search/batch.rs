//! Many queries at once: a list of names (companies, people, places) run
//! one after the other with the same filters, as investigators check a
//! whole list against a corpus.

use serde::Serialize;

use super::searcher::Searcher;
use crate::error::{Error, Result};

use super::facets::UnmatchedFilter;
use super::query::Query;
use super::results::Hit;

/// One query of a batch, with the line of the list it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchQuery {
    /// One-based line number in the list.
    pub line: usize,
    /// The line's text, trimmed.
    pub text: String,
}

/// Read a list of queries: one per line; blank lines and lines starting
/// with `#` are skipped, surrounding whitespace (and a leading byte-order
/// mark) is trimmed. Commas, quotes and apostrophes stay part of the line.
///
/// ```
/// use newsindex::read_batch;
///
/// let list = read_batch("# suppliers\nCisco\n\nProcter & Gamble\n  Smith, John  \n");
/// let texts: Vec<&str> = list.iter().map(|q| q.text.as_str()).collect();
/// assert_eq!(texts, ["Cisco", "Procter & Gamble", "Smith, John"]);
/// assert_eq!(list[2].line, 5);
/// ```
pub fn read_batch(text: &str) -> Vec<BatchQuery> {
    text.trim_start_matches('\u{feff}')
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let text = line.trim();
            (!text.is_empty() && !text.starts_with('#')).then(|| BatchQuery {
                line: i + 1,
                text: text.to_string(),
            })
        })
        .collect()
}

/// How each line of a batch is searched.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BatchMatch {
    /// As a name (the default): every word, adjacent and in order, with
    /// up to two words between or around them for middle names and
    /// initials (`Roman Abramovich` finds `Roman Arkadyevich Abramovich`,
    /// not "Roman emperors" far from an Abramovich; two-word names also
    /// match reversed, `Smith, John`), and a trailing legal form (Inc,
    /// Ltd, plc, Corp, Co, Group, AG, SA and the long forms) optional:
    /// `Acme, Inc` finds "Acme" and never "Inc" alone. Quotes in the line
    /// are ignored.
    #[default]
    Names,
    /// As a query typed in the search box: articles with every word rank
    /// first, then those with some ([`BatchOutcome::partial_hits`]);
    /// query syntax works, text is read leniently.
    Words,
    /// The line's words as one exact phrase, in order ("Bank of England"
    /// does not match "England's bank"); quotes inside the line are
    /// ignored.
    Phrase,
}

/// Words between and around a name's words that [`BatchMatch::Names`]
/// tolerates (a middle name, an initial; two-word names reversed).
pub(crate) const NAME_SLOP: u32 = 2;

/// Legal forms a name may end with, optional in [`BatchMatch::Names`]
/// (compared without case or a final full stop).
pub(crate) const LEGAL_SUFFIXES: [&str; 14] = [
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "plc",
    "corp",
    "corporation",
    "co",
    "group",
    "ag",
    "sa",
    "llc",
    "nv",
    "gmbh",
];

/// What one line of a batch found.
#[derive(Debug, Clone, Serialize)]
pub struct BatchOutcome {
    /// One-based line number in the list.
    pub line: usize,
    /// The line as written.
    pub query: String,
    /// Matching articles (0 when the line failed): with
    /// [`BatchMatch::Words`], those with every word of the line.
    pub total_hits: usize,
    /// With [`BatchMatch::Words`], articles with some of the line's words
    /// but not all ([`SearchResults::partial_hits`](crate::SearchResults::partial_hits)); 0 otherwise.
    pub partial_hits: usize,
    /// The best hits, up to the template query's limit.
    pub hits: Vec<Hit>,
    /// When the line could not be read as query syntax: the plain words
    /// that were searched instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reinterpreted: Option<String>,
    /// Why the line could not be searched (a query too long, or invalid
    /// with strict parsing); the batch goes on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What a whole batch did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BatchSummary {
    /// Lines run.
    pub queries: usize,
    /// Lines that matched at least one article.
    pub matched: usize,
    /// Lines that could not be searched.
    pub failed: usize,
    /// Country or organisation filters (shared by every line) whose value
    /// no article has.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmatched_filters: Vec<UnmatchedFilter>,
}

impl Searcher {
    /// Run every query of `queries` with the filters, sort, limit and
    /// snippets of `template` (its text is ignored), handing each line's
    /// outcome to `each` as soon as it is known, so a long list streams.
    ///
    /// A line that cannot be searched (too long, or invalid under
    /// [`Query::strict`]) is reported in its outcome's `error` and the
    /// batch goes on; an invalid filter or an index failure stops it. An
    /// error returned by `each` stops it too.
    ///
    /// ```
    /// use newsindex::{read_batch, Article, BatchMatch, NewsIndex, Query};
    ///
    /// # fn main() -> newsindex::Result<()> {
    /// let index = NewsIndex::in_memory()?;
    /// let mut indexer = index.indexer()?;
    /// indexer.add_article(Article::new("Cisco in Skolkovo", "Cisco will invest in Russia."))?;
    /// indexer.commit()?;
    ///
    /// let mut counts = Vec::new();
    /// let list = read_batch("Cisco\nAcme Corp\n");
    /// let summary = index.search_batch(&list, &Query::new("").limit(3), BatchMatch::Words, |outcome| {
    ///     counts.push((outcome.query, outcome.total_hits));
    ///     Ok(())
    /// })?;
    /// assert_eq!(counts, [("Cisco".to_string(), 1), ("Acme Corp".to_string(), 0)]);
    /// assert_eq!((summary.queries, summary.matched), (2, 1));
    /// # Ok(())
    /// # }
    /// ```
    pub fn search_batch<F>(
        &self,
        queries: &[BatchQuery],
        template: &Query,
        matching: BatchMatch,
        mut each: F,
    ) -> Result<BatchSummary>
    where
        F: FnMut(BatchOutcome) -> Result<()>,
    {
        let mut summary = BatchSummary::default();
        for query in queries {
            let mut request = template.clone();
            request.text = match matching {
                BatchMatch::Names => name(&query.text),
                BatchMatch::Words => query.text.clone(),
                BatchMatch::Phrase => phrase(&query.text),
            };
            let mut outcome = BatchOutcome {
                line: query.line,
                query: query.text.clone(),
                total_hits: 0,
                partial_hits: 0,
                hits: Vec::new(),
                reinterpreted: None,
                error: None,
            };
            match self.search(&request) {
                Ok(results) => {
                    if summary.queries == 0 {
                        summary.unmatched_filters = results.unmatched_filters;
                    }
                    outcome.total_hits = results.total_hits;
                    outcome.partial_hits = results.partial_hits;
                    outcome.hits = results.hits;
                    outcome.reinterpreted = results.reinterpreted;
                }
                Err(e @ (Error::InvalidQuery { .. } | Error::QueryTooLong { .. })) => {
                    outcome.error = Some(e.to_string());
                }
                Err(e) => return Err(e),
            }
            summary.queries += 1;
            summary.matched += usize::from(outcome.total_hits + outcome.partial_hits > 0);
            summary.failed += usize::from(outcome.error.is_some());
            each(outcome)?;
        }
        Ok(summary)
    }
}

/// A line as a name ([`BatchMatch::Names`]): its words as one phrase
/// with [`NAME_SLOP`], without a trailing legal form (unless that is all
/// there is), quotes and commas dropped.
fn name(line: &str) -> String {
    let mut words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == '"' || c == ',')
        .filter(|word| !word.is_empty())
        .collect();
    let is_legal = |word: &str| {
        let bare = word.trim_end_matches('.').to_lowercase();
        LEGAL_SUFFIXES.contains(&bare.as_str())
    };
    // `Acme & Co`: the ampersand goes with the form.
    let has_word = |words: &[&str]| {
        words
            .iter()
            .any(|word| word.chars().any(char::is_alphanumeric) && !is_legal(word))
    };
    while words.len() > 1
        && words
            .last()
            .is_some_and(|word| is_legal(word) || word.chars().all(|c| !c.is_alphanumeric()))
        && has_word(&words[..words.len() - 1])
    {
        words.pop();
    }
    format!("\"{}\"~{NAME_SLOP}", words.join(" "))
}

/// A line as one exact phrase: its quotes dropped (they would end the
/// phrase early), everything else left to the analyzer, which splits the
/// words exactly as it split the articles.
fn phrase(line: &str) -> String {
    let words = line.replace('"', " ");
    format!(
        "\"{}\"",
        words.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::index::NewsIndex;
    use crate::search::tests::index_of_articles;

    fn index() -> NewsIndex {
        index_of_articles([
            Article::new(
                "Bank of England holds rates",
                "The Bank of England kept its main rate at 4.75%, Mervyn King said.",
            ),
            Article::new(
                "England's bank holiday",
                "Shops in England close for the bank holiday on Monday.",
            ),
            Article::new(
                "Procter & Gamble buys Gillette",
                "Procter & Gamble agreed to buy Gillette for $57bn, the companies said.",
            ),
        ])
    }

    fn run(index: &NewsIndex, list: &str, matching: BatchMatch) -> Vec<BatchOutcome> {
        let mut out = Vec::new();
        index
            .search_batch(&read_batch(list), &Query::new(""), matching, |o| {
                out.push(o);
                Ok(())
            })
            .unwrap();
        out
    }

    #[test]
    fn phrase_mode_needs_the_words_in_order() {
        let index = index();
        let words = run(&index, "Bank of England", BatchMatch::Words);
        assert_eq!(words[0].total_hits, 2);
        let phrase = run(&index, "Bank of England", BatchMatch::Phrase);
        assert_eq!(phrase[0].total_hits, 1);
        assert_eq!(phrase[0].hits[0].title, "Bank of England holds rates");
    }

    #[test]
    fn ampersands_commas_and_quotes_are_text() {
        let index = index();
        let out = run(
            &index,
            "Procter & Gamble\n\"Gillette\nKing, Mervyn\n",
            BatchMatch::Words,
        );
        let counts: Vec<usize> = out.iter().map(|o| o.total_hits).collect();
        assert_eq!(counts, [1, 1, 1]);
        assert!(
            out[1].reinterpreted.is_some(),
            "the lone quote is read as text"
        );
        let phrased = run(&index, "\"Procter & Gamble\"\n", BatchMatch::Phrase);
        assert_eq!(phrased[0].total_hits, 1);
    }

    #[test]
    fn a_bad_line_is_reported_and_the_batch_goes_on() {
        let index = index();
        let list = format!("gillette\n{}\nbank\n", "x".repeat(20_000));
        let mut out = Vec::new();
        let summary = index
            .search_batch(
                &read_batch(&list),
                &Query::new("").strict(true),
                BatchMatch::Words,
                |o| {
                    out.push(o);
                    Ok(())
                },
            )
            .unwrap();
        assert_eq!(
            (summary.queries, summary.matched, summary.failed),
            (3, 2, 1)
        );
        assert_eq!(out[1].line, 2);
        assert!(out[1].error.as_deref().unwrap().contains("longer than"));
        assert_eq!(out[2].total_hits, 2);
    }

    #[test]
    fn names_need_all_their_words_together_and_not_the_legal_form() {
        let index = index_of_articles([
            Article::new("Acme results", "Acme said sales rose."),
            Article::new("Widgets Inc", "Widgets Inc said profits fell."),
            Article::new(
                "Chelsea owner",
                "Roman Arkadyevich Abramovich bought more players.",
            ),
            Article::new(
                "History",
                "The Roman emperors built roads. Centuries later, an oil \
                 man named Abramovich bought a football club.",
            ),
            Article::new("Rates", "Smith John, the governor, said rates would hold."),
        ]);
        let count = |line: &str, matching| run(&index, line, matching)[0].total_hits;
        assert_eq!(count("Acme, Inc", BatchMatch::Names), 1);
        assert_eq!(count("Acme Inc.", BatchMatch::Names), 1);
        assert_eq!(count("Inc", BatchMatch::Names), 1, "a form alone is kept");
        assert_eq!(count("Roman Abramovich", BatchMatch::Names), 1);
        assert_eq!(count("Abramovich", BatchMatch::Names), 2);
        assert_eq!(count("John Smith", BatchMatch::Names), 1);
        // As a query, "Inc" alone and far-apart words count, apart.
        let words = &run(&index, "Acme, Inc", BatchMatch::Words)[0];
        assert_eq!((words.total_hits, words.partial_hits), (0, 2));
        let words = &run(&index, "Roman Abramovich", BatchMatch::Words)[0];
        assert_eq!((words.total_hits, words.partial_hits), (2, 0));
        assert_eq!(name("Procter & Gamble Co."), "\"Procter & Gamble\"~2");
        assert_eq!(name("\"Smith, John\""), "\"Smith John\"~2");
    }

    #[test]
    fn comments_and_blank_lines_keep_line_numbers() {
        let list = read_batch("\u{feff}# header\n\n  Cisco \n#Yukos\nGazprom");
        assert_eq!(
            list,
            [
                BatchQuery {
                    line: 3,
                    text: "Cisco".into()
                },
                BatchQuery {
                    line: 5,
                    text: "Gazprom".into()
                }
            ]
        );
    }
}
