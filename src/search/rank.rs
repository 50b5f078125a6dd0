//! Ranking: counting and ordering the matches of a query's tiers (by
//! tier then BM25, or by date or amount), the scores shown beside hits,
//! and score explanations.

use std::collections::HashSet;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur};
use tantivy::{DocAddress, SegmentReader};

use super::query::SortBy;
use super::results::{Explanation, Hit};
use super::text::BoxedQuery;

/// A hit before its document is read: score, address and the tier of the
/// query that found it (for explanations).
pub(super) type Ranked = (f32, DocAddress, usize);

/// Explain a hit's score. Boolean nodes are walked here, so only the
/// clauses that matched the article are explained: Tantivy's own boolean
/// explanation seeks every clause, which trips a debug assertion in
/// clauses positioned past the article.
pub(super) fn explain(
    searcher: &tantivy::Searcher,
    query: &dyn tantivy::query::Query,
    address: DocAddress,
    schema: &tantivy::schema::Schema,
) -> Option<Explanation> {
    use tantivy::query::EnableScoring;
    use tantivy::DocSet;

    let reader = searcher.segment_reader(address.segment_ord);
    let doc = address.doc_id;
    let weight = query
        .weight(EnableScoring::enabled_from_searcher(searcher))
        .ok()?;
    let mut scorer = weight.scorer(reader, 1.0).ok()?;
    if scorer.doc() > doc || scorer.seek(doc) != doc {
        return None;
    }
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        let explanation = weight.explain(reader, doc).ok()?;
        return Explanation::from_tantivy(&explanation, schema);
    };
    let details = boolean
        .clauses()
        .iter()
        .filter(|(occur, _)| *occur != Occur::MustNot)
        .filter_map(|(_, clause)| explain(searcher, &**clause, address, schema))
        .collect();
    Some(Explanation {
        value: scorer.score(),
        description: "BooleanClause. sum of ...".into(),
        details,
        context: Vec::new(),
    })
}

/// Whether `query` is a boolean query with a required clause (`a AND b`):
/// a conjunction visits every common document whether counting or ranking.
pub(super) fn has_required_clause(query: &dyn tantivy::query::Query) -> bool {
    query
        .downcast_ref::<BooleanQuery>()
        .is_some_and(|b| b.clauses().iter().any(|(occur, _)| *occur == Occur::Must))
}

/// The total number of hits of a one-tier query and its best `wanted`, in
/// one pass.
pub(super) fn rank_counted(
    searcher: &tantivy::Searcher,
    query: &dyn tantivy::query::Query,
    wanted: usize,
) -> tantivy::Result<(usize, Vec<Ranked>)> {
    let top = TopDocs::with_limit(wanted).order_by_score();
    let (count, hits) = searcher.search(query, &(Count, top))?;
    let ranked = hits
        .into_iter()
        .map(|(score, address)| (score, address, 0))
        .collect();
    Ok((count, ranked))
}

/// The best `wanted` matches of the broadest tier (the last), in the
/// order `sort` asks for: by tier then BM25, or by a fast field.
pub(super) fn rank(
    searcher: &tantivy::Searcher,
    tiers: &[BoxedQuery],
    wanted: usize,
    sort: SortBy,
) -> tantivy::Result<Vec<Ranked>> {
    if wanted == 0 {
        return Ok(Vec::new());
    }
    let broadest = tiers.len() - 1;
    match sort {
        SortBy::Relevance => rank_in_tiers(searcher, tiers, wanted),
        SortBy::Date | SortBy::Amount => {
            rank_by_field(searcher, &*tiers[broadest], broadest, wanted, sort)
                .map(|(_, ranked)| ranked)
        }
    }
}

/// The score to show beside each ranked hit: rank-consistent with
/// relevance ranking ([`rank_consistent`]), BM25 as is when sorted by a
/// field.
pub(super) fn shown_scores(ranked: &[Ranked], sort: SortBy) -> Vec<f32> {
    if sort == SortBy::Relevance {
        rank_consistent(ranked)
    } else {
        ranked.iter().map(|(score, ..)| *score).collect()
    }
}

/// Scores to show beside ranked hits, never rising down the list: BM25
/// within a tier; each later tier scaled by one factor so that its best
/// hit shows no more than the last hit above it. The factor depends only
/// on hits ranked earlier, so paging does not change a hit's score.
fn rank_consistent(ranked: &[Ranked]) -> Vec<f32> {
    let mut shown = Vec::with_capacity(ranked.len());
    let mut floor = f32::INFINITY;
    let (mut factor, mut current) = (1.0f32, None);
    for &(score, _, tier) in ranked {
        if current != Some(tier) {
            current = Some(tier);
            factor = if score > floor && score > 0.0 {
                floor / score
            } else {
                1.0
            };
        }
        let value = (score * factor).min(floor);
        floor = value;
        shown.push(value);
    }
    shown
}

/// A hit's explanation under a node that says which tier found it and
/// how the shown score derives from BM25.
pub(super) fn explain_tier(
    bm25: Explanation,
    hit: &Hit,
    labels: &[String],
    sort: SortBy,
) -> Explanation {
    let label = labels.get(hit.tier - 1).map_or("?", String::as_str);
    let how = if sort != SortBy::Relevance || hit.score == hit.bm25 {
        "shown score = BM25".to_string()
    } else {
        format!(
            "shown score = BM25 {:.3} scaled by {:.3} to stay below the tiers above",
            hit.bm25,
            hit.score / hit.bm25
        )
    };
    Explanation {
        value: hit.score,
        description: format!(
            "tier {} of {} ({label}); tiers rank in this order, by BM25 within each; {how}",
            hit.tier,
            labels.len()
        ),
        details: vec![bm25],
        context: Vec::new(),
    }
}

/// Hits from the strictest tier first, then new ones from each broader tier.
fn rank_in_tiers(
    searcher: &tantivy::Searcher,
    tiers: &[BoxedQuery],
    wanted: usize,
) -> tantivy::Result<Vec<Ranked>> {
    let mut ranked: Vec<Ranked> = Vec::new();
    let mut seen: HashSet<DocAddress> = HashSet::new();
    for (tier, query) in tiers.iter().enumerate() {
        if ranked.len() >= wanted {
            break;
        }
        let top = TopDocs::with_limit(wanted + seen.len()).order_by_score();
        for (score, address) in searcher.search(&**query, &top)? {
            if ranked.len() < wanted && seen.insert(address) {
                ranked.push((score, address, tier));
            }
        }
    }
    Ok(ranked)
}

/// The total number of hits and the best `wanted` ordered by a fast field
/// (date or largest amount), descending, missing values last, ties by
/// score, in one pass.
pub(super) fn rank_by_field(
    searcher: &tantivy::Searcher,
    query: &dyn tantivy::query::Query,
    tier: usize,
    wanted: usize,
    sort: SortBy,
) -> tantivy::Result<(usize, Vec<Ranked>)> {
    /// Count, and keep the best hits by (key, score), dropping the key.
    fn counted<K, C>(
        searcher: &tantivy::Searcher,
        query: &dyn tantivy::query::Query,
        collector: C,
        tier: usize,
    ) -> tantivy::Result<(usize, Vec<Ranked>)>
    where
        C: tantivy::collector::Collector<Fruit = Vec<((K, f32), DocAddress)>>,
    {
        let (count, hits) = searcher.search(query, &(Count, collector))?;
        let ranked = hits
            .into_iter()
            .map(|((_, score), address)| (score, address, tier))
            .collect();
        Ok((count, ranked))
    }
    let top = TopDocs::with_limit(wanted);
    if sort == SortBy::Date {
        let collector = top.tweak_score(|segment: &SegmentReader| {
            let dates = segment.fast_fields().date("date").ok();
            move |doc, score| {
                let date = dates
                    .as_ref()
                    .and_then(|c| c.first(doc))
                    .map(|d| d.into_timestamp_secs());
                (date, score)
            }
        });
        counted(searcher, query, collector, tier)
    } else {
        let collector = top.tweak_score(|segment: &SegmentReader| {
            let amounts = segment.fast_fields().f64("amount_usd").ok();
            move |doc, score| {
                let largest = amounts
                    .as_ref()
                    .and_then(|c| c.values_for_doc(doc).reduce(f64::max));
                (largest, score)
            }
        });
        counted(searcher, query, collector, tier)
    }
}
