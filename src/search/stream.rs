//! Every hit of a search, ranked, handed over one at a time: for exports
//! of all matches (`search query --format jsonl|csv`) with no page size
//! and without holding the hits in memory.

use std::collections::hash_map::{Entry, HashMap};

use serde::Serialize;
use tantivy::collector::Count;
use tantivy::schema::TantivyDocument;
use tantivy::store::StoreReader;
use tantivy::SegmentOrdinal;

use super::searcher::Searcher;
use crate::error::Result;
use crate::index::engine_error;

use super::duplicates::{rank_folded_counting, Columns, Fold};
use super::facets::UnmatchedFilter;
use super::filters::with_filters;
use super::query::Query;
use super::rank::{rank, shown_scores};
use super::results::Hit;
use super::snippet::Highlighter;
use super::text::BoxedQuery;

/// Decompressed document-store blocks kept per segment while streaming.
const STREAM_CACHE_BLOCKS: usize = 4;

/// What [`NewsIndex::search_each`](crate::NewsIndex::search_each) did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StreamReport {
    /// Articles matching the query and filters, counted before
    /// duplicates are folded, as [`super::SearchResults::total_hits`]:
    /// every copy and every member of a group of near-duplicates counts.
    pub total_hits: usize,
    /// Hits handed to the callback (after the offset, up to the limit):
    /// one per group of near-duplicates (one per text with
    /// [`Query::all_duplicates`]).
    pub streamed: usize,
    /// Matching articles folded into a better-ranked hit of their group
    /// (or, with [`Query::all_duplicates`], exact copies of one), among
    /// those ranked down to the last hit streamed, offset included. With
    /// no offset or limit, `streamed + folded == total_hits`.
    pub folded: usize,
    /// Whether every near-duplicate was a hit of its own
    /// ([`Query::all_duplicates`]); left out of JSON when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub all_duplicates: bool,
    /// When the text could not be read as query syntax: the plain words
    /// that were searched instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reinterpreted: Option<String>,
    /// Country or organisation filters whose value no article has.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmatched_filters: Vec<UnmatchedFilter>,
}

impl Searcher {
    /// [`NewsIndex::search`](crate::NewsIndex::search) for every hit: the hits from the query's
    /// offset, up to its limit (`usize::MAX` for all of them), in the same
    /// order and with the same scores, snippets and duplicates as pages of
    /// `search`, handed to `each` one at a time. As there, each group of
    /// near-duplicates is one hit, its best-ranked member, with
    /// [`Hit::similar`] counting the others (every version with
    /// [`Query::all_duplicates`]; exact copies are one hit either way,
    /// listed in [`Hit::copies`]). Only the ranking (a score and an
    /// address per match) and the keys of the groups already streamed are
    /// held; each hit is built, passed on and dropped. Facet counts and
    /// explanations are not computed. An error from `each` stops the
    /// stream and is returned.
    ///
    /// ```
    /// use newsindex::{Article, NewsIndex, Query};
    ///
    /// # fn main() -> newsindex::Result<()> {
    /// let index = NewsIndex::in_memory()?;
    /// let mut indexer = index.indexer()?;
    /// for n in 0..25 {
    ///     indexer.add_article(Article::new(format!("Oil report {n}"), "Oil prices rose."))?;
    /// }
    /// indexer.commit()?;
    ///
    /// let mut ranks = Vec::new();
    /// let report = index.search_each(&Query::new("oil").limit(usize::MAX), |hit| {
    ///     ranks.push(hit.rank);
    ///     Ok(())
    /// })?;
    /// assert_eq!((report.total_hits, report.streamed), (25, 25));
    /// assert_eq!(ranks, (1..=25).collect::<Vec<_>>());
    /// # Ok(())
    /// # }
    /// ```
    pub fn search_each<F>(&self, query: &Query, mut each: F) -> Result<StreamReport>
    where
        F: FnMut(Hit) -> Result<()>,
    {
        let searcher = &self.searcher;
        let engine = |e| engine_error(self.path(), e);
        let parsed = self.parse_text(&query.text, query.fuzzy, query.strict)?;
        let (filters, unmatched_filters) = self.filters(query)?;
        let tiers: Vec<BoxedQuery> = parsed
            .tiers
            .iter()
            .map(|tier| with_filters(tier.box_clone(), &filters))
            .collect();
        let matching = tiers.last().expect("at least one tier");
        let total_hits = searcher.search(&**matching, &Count).map_err(engine)?;
        let wanted = query.offset.saturating_add(query.limit).min(total_hits);
        // Folded as the pages of `search` fold: only the ranking and the
        // keys of the groups seen so far are held, never a hit.
        let columns = Columns::new(searcher);
        let fold = if query.all_duplicates {
            Fold::Copies
        } else {
            Fold::Groups
        };
        let ((), ranked, folded) =
            rank_folded_counting(&columns, fold, (wanted, wanted), total_hits, |wanted| {
                let ranked = rank(searcher, &tiers, wanted, query.sort).map_err(engine)?;
                Ok(((), ranked))
            })?;
        let shown = shown_scores(&ranked, query.sort);
        let highlighter = if query.text.trim().is_empty() {
            None
        } else {
            let broadest = parsed.tiers.last().expect("at least one tier");
            Some(Highlighter::new(searcher, &**broadest, &self.fields).map_err(engine)?)
        };

        let mut report = StreamReport {
            total_hits,
            streamed: 0,
            folded,
            all_duplicates: query.all_duplicates,
            reinterpreted: parsed.reinterpreted,
            unmatched_filters,
        };
        // Each segment's documents through a small block cache of its own:
        // the searcher's shared cache keeps up to 100 decompressed blocks,
        // which a long stream would fill (megabytes) for no gain, since
        // hits in rank order rarely return to a block.
        let mut stores: HashMap<SegmentOrdinal, StoreReader> = HashMap::new();
        for (i, ((bm25, address, tier), score)) in
            ranked.into_iter().zip(shown).enumerate().skip(query.offset)
        {
            let store = match stores.entry(address.segment_ord) {
                Entry::Occupied(store) => store.into_mut(),
                Entry::Vacant(slot) => slot.insert(
                    searcher
                        .segment_reader(address.segment_ord)
                        .get_store_reader(STREAM_CACHE_BLOCKS)
                        .map_err(|e| engine(e.into()))?,
                ),
            };
            let doc: TantivyDocument = store.get(address.doc_id).map_err(engine)?;
            let mut hit = self.to_hit(i + 1, bm25, &doc, highlighter.as_ref(), query.snippets);
            hit.score = score;
            hit.tier = tier + 1;
            let found = self.hit_duplicates(&columns, address)?;
            (hit.similar, hit.group, hit.copies) = (found.similar, found.group, found.copies);
            each(hit)?;
            report.streamed += 1;
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use crate::article::Article;
    use crate::index::NewsIndex;
    use crate::search::query::{Query, SortBy};
    use crate::search::tests::index_of_articles;

    fn index() -> NewsIndex {
        index_of_articles((0..40).map(|n| {
            let body = if n % 4 == 0 {
                "Oil and gas prices rose in Moscow."
            } else {
                "Oil prices rose."
            };
            Article::new(format!("Report {n}"), body)
        }))
    }

    #[test]
    fn streams_the_same_hits_as_the_pages_of_search() {
        let index = index();
        let query = Query::new("oil gas");
        let mut streamed = Vec::new();
        let report = index
            .search_each(&query.clone().limit(usize::MAX), |hit| {
                streamed.push((hit.rank, hit.article.id, hit.score, hit.tier));
                Ok(())
            })
            .unwrap();
        assert_eq!((report.total_hits, report.streamed), (40, 40));
        let mut paged = Vec::new();
        for page in 0..4 {
            let results = index
                .search(&query.clone().limit(10).offset(page * 10))
                .unwrap();
            paged.extend(
                results
                    .hits
                    .into_iter()
                    .map(|h| (h.rank, h.article.id, h.score, h.tier)),
            );
        }
        assert_eq!(streamed, paged);
        // Every word first: the ten articles with "gas" lead.
        assert!(streamed[..10].iter().all(|(.., tier)| *tier == 1));
        assert!(streamed[10..].iter().all(|(.., tier)| *tier == 2));
    }

    #[test]
    fn offset_limit_and_sort_apply() {
        let index = index();
        let mut ranks = Vec::new();
        let report = index
            .search_each(
                &Query::new("oil").sort(SortBy::Date).offset(35).limit(100),
                |hit| {
                    ranks.push(hit.rank);
                    Ok(())
                },
            )
            .unwrap();
        assert_eq!(ranks, [36, 37, 38, 39, 40]);
        assert_eq!(report.streamed, 5);
    }
}

#[cfg(test)]
mod folding {
    use crate::search::duplicates::fixtures::{story_index, OTHER};
    use crate::search::query::Query;

    fn streamed(query: &Query) -> (Vec<(String, usize)>, crate::search::stream::StreamReport) {
        let index = story_index();
        let mut hits = Vec::new();
        let report = index
            .search_each(query, |hit| {
                hits.push((hit.article.title, hit.similar));
                Ok(())
            })
            .unwrap();
        (hits, report)
    }

    #[test]
    fn a_group_streams_as_one_hit_unless_all_duplicates() {
        let query = Query::new("brazil oil").limit(usize::MAX);
        let (hits, report) = streamed(&query);
        assert_eq!(hits.len(), 2, "{hits:?}");
        assert_eq!(
            (report.total_hits, report.streamed, report.folded),
            (3, 2, 1)
        );
        let story = hits.iter().find(|(title, _)| title != OTHER).unwrap();
        assert_eq!(story.1, 1, "the story carries its folded version");
        assert!(hits.contains(&(OTHER.to_string(), 0)));

        let (all, report) = streamed(&query.clone().all_duplicates(true));
        assert_eq!(all.len(), 3);
        assert_eq!(
            (report.total_hits, report.streamed, report.folded),
            (3, 3, 0)
        );
        assert!(report.all_duplicates);
        assert_eq!(all.iter().filter(|(_, similar)| *similar == 1).count(), 2);
    }

    #[test]
    fn folded_streams_match_the_pages_of_search() {
        let index = story_index();
        for all in [false, true] {
            let query = Query::new("brazil oil saudi").all_duplicates(all);
            let mut streamed = Vec::new();
            index
                .search_each(&query.clone().limit(usize::MAX), |hit| {
                    streamed.push((hit.rank, hit.article.id, hit.score, hit.similar, hit.group));
                    Ok(())
                })
                .unwrap();
            let page: Vec<_> = index
                .search(&query.clone().limit(10))
                .unwrap()
                .hits
                .into_iter()
                .map(|h| (h.rank, h.article.id, h.score, h.similar, h.group))
                .collect();
            assert_eq!(streamed, page, "all_duplicates {all}");
            // Paging the stream: the second hit alone.
            let mut second = Vec::new();
            index
                .search_each(&query.clone().offset(1).limit(1), |hit| {
                    second.push(hit.article.id);
                    Ok(())
                })
                .unwrap();
            assert_eq!(second, [page[1].1.clone()]);
        }
    }
}
