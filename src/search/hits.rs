//! Running a search: the query's tiers and filters counted, ranked,
//! folded by duplicates, and each hit read from its stored article, with
//! its snippets, its duplicates and, when asked, its score explained.

use tantivy::collector::Count;
use tantivy::schema::TantivyDocument;

use super::duplicates;
use super::filters::with_filters;
use super::query::{Query, SortBy};
use super::rank::{
    explain, explain_tier, has_required_clause, rank, rank_by_field, rank_counted, shown_scores,
};
use super::results::{Hit, SearchResults};
use super::searcher::Searcher;
use super::snippet::{self, Highlighter};
use super::syntax;
use super::text::BoxedQuery;
use crate::article::page_at;
use crate::document::{stored_text, StoredArticle};
use crate::error::Result;
use crate::index::engine_error;

/// Snippet length in characters.
const SNIPPET_CHARS: usize = 220;

impl Searcher {
    /// Run a search. With [`SortBy::Relevance`], articles containing all the
    /// query's words rank before those missing one, then two, and so on
    /// (counted apart: [`SearchResults::total_hits`] and
    /// [`SearchResults::partial_hits`]), exact matches before typo-tolerant
    /// ones; within each group, by BM25 over title (boosted) and body.
    /// Common words typed on their own (`the`, `and`, `what`...) are not searched
    /// outside phrases.
    pub fn search(&self, query: &Query) -> Result<SearchResults> {
        let searcher = &self.searcher;
        let engine = |e| engine_error(self.path(), e);
        let parsed = self.parse_text(&query.text, query.fuzzy, query.strict)?;
        let text_tiers = &parsed.tiers;
        let (filters, unmatched_filters) = self.filters(query)?;
        let tiers: Vec<BoxedQuery> = text_tiers
            .iter()
            .map(|tier| with_filters(tier.box_clone(), &filters))
            .collect();
        let matching = tiers.last().expect("at least one tier");

        // Count and rank in one pass where one query can do both and a
        // second pass would cost: filters (an amount range scans a fast
        // column), phrases (positions checked) and conjunctions are re-run
        // in full by every pass, and a sort by field scores every hit
        // anyway. Unions of words keep two passes: counting them is cheap,
        // and ranking alone skips the blocks that cannot reach the top.
        let one_pass = query.facets.is_none()
            && query.limit > 0
            && (query.sort != SortBy::Relevance
                || (tiers.len() == 1
                    && (!filters.is_empty()
                        || syntax::has_phrase(&parsed.syntax)
                        || has_required_clause(&*text_tiers[0]))));
        let fold = if query.all_duplicates {
            duplicates::Fold::Copies
        } else {
            duplicates::Fold::Groups
        };
        let columns = duplicates::Columns::new(searcher);
        let num_docs = searcher.num_docs() as usize;
        let (total_hits, facets, ranked) = if one_pass {
            // Never more than there are articles: a huge --limit must not
            // size huge buffers.
            let wanted = query
                .offset
                .saturating_add(query.limit)
                .min(num_docs)
                .max(1);
            let first = self.first_fetch(fold, wanted)?;
            let (count, ranked) = duplicates::rank_folded(
                &columns,
                fold,
                (wanted, first),
                num_docs.max(1),
                |wanted| {
                    match query.sort {
                        SortBy::Relevance => rank_counted(searcher, &**matching, wanted),
                        SortBy::Date | SortBy::Amount => rank_by_field(
                            searcher,
                            &**matching,
                            tiers.len() - 1,
                            wanted,
                            query.sort,
                        ),
                    }
                    .map_err(engine)
                },
            )?;
            (count, None, ranked)
        } else {
            let (total_hits, facets) = match query.facets {
                Some(top) => {
                    let (count, facets) =
                        self.count_facets_in(&**matching, top, query.currency.as_deref())?;
                    (count, Some(facets))
                }
                None => (searcher.search(&**matching, &Count).map_err(engine)?, None),
            };
            // Never more than there are hits: a huge --limit must not size huge buffers.
            let wanted = query.offset.saturating_add(query.limit).min(total_hits);
            let first = self.first_fetch(fold, wanted)?;
            let ((), ranked) =
                duplicates::rank_folded(&columns, fold, (wanted, first), total_hits, |wanted| {
                    let ranked = rank(searcher, &tiers, wanted, query.sort).map_err(engine)?;
                    Ok(((), ranked))
                })?;
            (total_hits, facets, ranked)
        };

        // `total_hits` counts the articles with every word; the broadest
        // tier's other matches are the partial ones.
        let matched = total_hits;
        let total_hits = if parsed.all_words + 1 >= tiers.len() {
            matched
        } else {
            searcher
                .search(&*tiers[parsed.all_words], &Count)
                .map_err(engine)?
        };
        // Nothing has every word: a word no article has may be a typo.
        let suggestions = if total_hits == 0 && unmatched_filters.is_empty() {
            self.text_suggestions(&query.text)?
        } else {
            Vec::new()
        };

        let highlighter = if query.text.trim().is_empty() {
            None
        } else {
            let broadest = text_tiers.last().expect("at least one tier");
            Some(Highlighter::new(searcher, &**broadest, &self.fields).map_err(engine)?)
        };

        let shown = shown_scores(&ranked, query.sort);
        let hits = ranked
            .into_iter()
            .zip(shown)
            .enumerate()
            .skip(query.offset)
            .map(|(i, ((bm25, address, tier), score))| {
                let doc: TantivyDocument = searcher.doc(address).map_err(engine)?;
                let mut hit = self.to_hit(i + 1, bm25, &doc, highlighter.as_ref(), query.snippets);
                hit.score = score;
                hit.tier = tier + 1;
                let found = self.hit_duplicates(&columns, address)?;
                (hit.similar, hit.group, hit.copies) = (found.similar, found.group, found.copies);
                if query.explain {
                    hit.explanation = explain(searcher, &*tiers[tier], address, searcher.schema())
                        .map(|bm25_explained| {
                            explain_tier(bm25_explained, &hit, &parsed.labels, query.sort)
                        });
                }
                Ok(hit)
            })
            .collect::<Result<Vec<Hit>>>()?;

        Ok(SearchResults {
            query: query.text.clone(),
            total_hits,
            partial_hits: matched - total_hits,
            suggestions,
            hits,
            facets,
            reinterpreted: parsed.reinterpreted,
            unmatched_filters,
            all_duplicates: query.all_duplicates,
            dated: self.undated_note(query)?,
        })
    }

    /// A stored document as a hit: its stored article, its title's
    /// highlights and its snippets (the body's lead when nothing is
    /// highlighted), each with the page it starts on.
    pub(super) fn to_hit(
        &self,
        rank: usize,
        score: f32,
        doc: &TantivyDocument,
        highlighter: Option<&Highlighter>,
        snippets: usize,
    ) -> Hit {
        let article = StoredArticle::read(&self.fields, self.locations(), doc);
        let body = stored_text(doc, self.fields.body).unwrap_or_default();
        let lang = article.lang.as_deref();
        let mut fragments = highlighter
            .map(|h| h.fragments(&body, SNIPPET_CHARS, snippets.max(1), lang))
            .unwrap_or_default();
        let snippet = fragments
            .first()
            .cloned()
            .unwrap_or_else(|| snippet::lead(&body, SNIPPET_CHARS));
        if snippets <= 1 {
            fragments.clear();
        }
        let mut snippet = snippet;
        for passage in std::iter::once(&mut snippet).chain(fragments.iter_mut()) {
            passage.page = page_at(&body, passage.offset);
        }
        Hit {
            rank,
            score,
            bm25: score,
            tier: 1,
            title_highlights: highlighter
                .map(|h| h.title(&article.title, lang))
                .unwrap_or_default(),
            article,
            snippet,
            snippets: fragments,
            explanation: None,
            similar: 0,
            group: None,
            copies: Vec::new(),
        }
    }
}
