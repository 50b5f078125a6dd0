//! Duplicates at search time: folding each group of near-duplicates (or
//! each set of exact copies) into one hit, the members of an article's
//! group, and the index-wide duplicate report.
//!
//! Groups are assigned at index time ([`crate::dedup`]); here they are
//! only read from two fast fields, so folding a page of hits costs a few
//! column reads, plus one term lookup per hit shown.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::columnar::Column;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{DocAddress, Searcher, Term};

use super::Ranked;
use crate::dedup::{group_id, GROUP_FIELD, TEXT_FIELD};
use crate::error::Result;
use crate::index::{engine_error, NewsIndex};

/// What one hit stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fold {
    /// A whole group of near-duplicates (the default).
    Groups,
    /// One text: exact copies only ([`super::Query::all_duplicates`]).
    Copies,
}

/// Another article of a hit's group, or an exact copy of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateRef {
    /// Its article id.
    pub id: String,
    /// Its headline.
    pub title: String,
    /// The file it came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Its zero-based position in that file.
    pub position: u32,
}

/// The group and text-hash columns of the segments of a searcher, each
/// opened when first read (a page of hits touches few segments).
pub(crate) struct Columns<'a> {
    searcher: &'a Searcher,
    group: Vec<OnceCell<Option<Column<u64>>>>,
    text: Vec<OnceCell<Option<Column<u64>>>>,
}

impl<'a> Columns<'a> {
    pub fn new(searcher: &'a Searcher) -> Columns<'a> {
        let segments = searcher.segment_readers().len();
        Columns {
            searcher,
            group: (0..segments).map(|_| OnceCell::new()).collect(),
            text: (0..segments).map(|_| OnceCell::new()).collect(),
        }
    }

    fn value(
        &self,
        columns: &[OnceCell<Option<Column<u64>>>],
        name: &str,
        address: DocAddress,
    ) -> Option<u64> {
        let ord = address.segment_ord as usize;
        columns
            .get(ord)?
            .get_or_init(|| {
                self.searcher
                    .segment_reader(ord as u32)
                    .fast_fields()
                    .u64(name)
                    .ok()
            })
            .as_ref()?
            .first(address.doc_id)
    }

    pub fn group(&self, address: DocAddress) -> Option<u64> {
        self.value(&self.group, GROUP_FIELD, address)
    }

    pub fn text(&self, address: DocAddress) -> Option<u64> {
        self.value(&self.text, TEXT_FIELD, address)
    }

    fn key(&self, address: DocAddress, fold: Fold) -> Option<u64> {
        match fold {
            Fold::Groups => self.group(address),
            Fold::Copies => self.text(address),
        }
    }
}

/// The best `wanted` hits, one per group (or per text): `rank` is asked
/// for `wanted` hits, then for twice as many each time folding left fewer
/// than `wanted` and more hits exist (at most `max_hits`). Returns what the
/// last call to `rank` returned besides its hits (a count).
pub(crate) fn rank_folded<R, F>(
    columns: &Columns<'_>,
    fold: Fold,
    wanted: usize,
    max_hits: usize,
    mut rank: F,
) -> Result<(R, Vec<Ranked>)>
where
    F: FnMut(usize) -> Result<(R, Vec<Ranked>)>,
{
    let mut fetch = wanted;
    loop {
        let (extra, ranked) = rank(fetch)?;
        let exhausted = ranked.len() < fetch || fetch >= max_hits;
        let mut seen = HashSet::with_capacity(ranked.len());
        let folded: Vec<Ranked> = ranked
            .into_iter()
            // Articles written before groups existed have no key: each is its own.
            .filter(|(_, address, _)| columns.key(*address, fold).is_none_or(|k| seen.insert(k)))
            .take(wanted)
            .collect();
        if folded.len() >= wanted || exhausted {
            return Ok((extra, folded));
        }
        fetch = fetch.saturating_mul(2).max(wanted + 1).min(max_hits);
    }
}

/// The groups of more than one article, worked out once per searcher
/// generation (one pass over the group column), so a hit alone in its
/// group (most hits) costs one set lookup.
#[derive(Default)]
pub(crate) struct SharedGroups(Mutex<Option<(u64, Arc<HashSet<u64>>)>>);

impl std::fmt::Debug for SharedGroups {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedGroups")
    }
}

impl SharedGroups {
    fn get(&self, searcher: &Searcher, columns: &Columns<'_>) -> Arc<HashSet<u64>> {
        let generation = searcher.generation().generation_id();
        let mut cached = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((known, groups)) = cached.as_ref() {
            if *known == generation {
                return Arc::clone(groups);
            }
        }
        let mut seen = HashSet::new();
        let mut shared = HashSet::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            for doc in segment.doc_ids_alive() {
                if let Some(group) = columns.group(DocAddress::new(ord as u32, doc)) {
                    if !seen.insert(group) {
                        shared.insert(group);
                    }
                }
            }
        }
        let shared = Arc::new(shared);
        *cached = Some((generation, Arc::clone(&shared)));
        shared
    }
}

/// A hit's duplicates: how many other texts its group holds, its group id
/// when the group has other members, and its exact copies.
#[derive(Debug, Default)]
pub(crate) struct HitDuplicates {
    pub similar: usize,
    pub group: Option<String>,
    pub copies: Vec<DuplicateRef>,
}

impl NewsIndex {
    /// The other members of the group of the article at `address`.
    fn group_members(
        &self,
        searcher: &Searcher,
        columns: &Columns<'_>,
        address: DocAddress,
    ) -> Result<Option<(u64, Vec<DocAddress>)>> {
        let engine = |e| engine_error(self.path(), e);
        let Some(group) = columns.group(address) else {
            return Ok(None);
        };
        if !self.shared_groups.get(searcher, columns).contains(&group) {
            return Ok(None);
        }
        let term = Term::from_field_u64(self.fields.dup_group, group);
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let mut members: Vec<DocAddress> = searcher
            .search(&query, &DocSetCollector)
            .map_err(engine)?
            .into_iter()
            .filter(|member| *member != address)
            .collect();
        members.sort_unstable();
        Ok((!members.is_empty()).then_some((group, members)))
    }

    pub(crate) fn hit_duplicates(
        &self,
        searcher: &Searcher,
        columns: &Columns<'_>,
        address: DocAddress,
    ) -> Result<HitDuplicates> {
        let Some((group, members)) = self.group_members(searcher, columns, address)? else {
            return Ok(HitDuplicates::default());
        };
        let own = columns.text(address);
        let mut texts = HashSet::new();
        let mut copies = Vec::new();
        for member in members {
            let text = columns.text(member);
            if text == own {
                copies.push(self.duplicate_ref(searcher, member)?);
            } else {
                texts.insert(text);
            }
        }
        Ok(HitDuplicates {
            similar: texts.len(),
            group: Some(group_id(group)),
            copies,
        })
    }

    /// The exact copies and the other (not identical) members of the group
    /// of the article at `address`.
    pub(crate) fn article_duplicates(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<(Vec<DuplicateRef>, Vec<DuplicateRef>)> {
        let columns = Columns::new(searcher);
        let Some((_, members)) = self.group_members(searcher, &columns, address)? else {
            return Ok((Vec::new(), Vec::new()));
        };
        let own = columns.text(address);
        let (mut copies, mut similar) = (Vec::new(), Vec::new());
        for member in members {
            let reference = self.duplicate_ref(searcher, member)?;
            if columns.text(member) == own {
                copies.push(reference);
            } else {
                similar.push(reference);
            }
        }
        Ok((copies, similar))
    }

    fn duplicate_ref(&self, searcher: &Searcher, address: DocAddress) -> Result<DuplicateRef> {
        let doc: TantivyDocument = searcher
            .doc(address)
            .map_err(|e| engine_error(self.path(), e))?;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        Ok(DuplicateRef {
            id: text(self.fields.id).unwrap_or_default(),
            title: text(self.fields.title).unwrap_or_default(),
            path: text(self.fields.path).map(|key| self.resolve_path(&key)),
            position: super::stored_u32(&doc, self.fields.position).unwrap_or(0),
        })
    }

    /// Count the duplicates of the whole index: sets of exact copies and
    /// groups of near-duplicates, with a sample of `sample` groups
    /// (members listed) for a reader to check. `progress` is called with
    /// the articles read so far and the total.
    pub fn duplicates<F>(&self, sample: usize, mut progress: F) -> Result<DuplicateReport>
    where
        F: FnMut(u64, u64),
    {
        let searcher = self.reader.searcher();
        let total = searcher.num_docs();
        let columns = Columns::new(&searcher);
        let mut groups: HashMap<u64, Vec<Member>> = HashMap::new();
        let mut texts: HashMap<u64, usize> = HashMap::new();
        let mut done = 0u64;
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            for doc in segment.doc_ids_alive() {
                let address = DocAddress::new(ord as u32, doc);
                let text = columns.text(address);
                if let Some(text) = text {
                    *texts.entry(text).or_default() += 1;
                }
                if let Some(group) = columns.group(address) {
                    groups.entry(group).or_default().push((text, address));
                }
                done += 1;
                if done % 4096 == 0 {
                    progress(done, total);
                }
            }
        }
        progress(done, total);
        let exact: Vec<usize> = texts.values().copied().filter(|n| *n > 1).collect();
        let mut near: Vec<(u64, Vec<Member>)> = groups
            .into_iter()
            .filter(|(_, members)| distinct_texts(members) > 1)
            .collect();
        // By group id: an order unrelated to size or content, so the first
        // few are a fair sample.
        near.sort_unstable_by_key(|(group, _)| *group);
        let mut report = DuplicateReport {
            articles: total,
            exact_sets: exact.len(),
            articles_in_exact_sets: exact.iter().sum(),
            near_groups: near.len(),
            articles_in_near_groups: near.iter().map(|(_, m)| m.len()).sum(),
            largest_group: near.iter().map(|(_, m)| m.len()).max().unwrap_or(0),
            sample: Vec::new(),
        };
        for (group, mut members) in near.into_iter().take(sample) {
            members.sort_unstable_by_key(|(_, address)| *address);
            let articles = members
                .iter()
                .map(|(_, address)| self.duplicate_ref(&searcher, *address))
                .collect::<Result<Vec<_>>>()?;
            report.sample.push(DuplicateGroup {
                group: group_id(group),
                texts: distinct_texts(&members),
                articles,
            });
        }
        Ok(report)
    }
}

/// A group member: its text hash and where it is.
type Member = (Option<u64>, DocAddress);

fn distinct_texts(members: &[Member]) -> usize {
    members
        .iter()
        .map(|(text, _)| text)
        .collect::<HashSet<_>>()
        .len()
}

/// The duplicates of a whole index ([`NewsIndex::duplicates`]).
#[derive(Debug, Clone, Serialize)]
pub struct DuplicateReport {
    /// Articles in the index.
    pub articles: u64,
    /// Sets of two or more articles with the same normalised text (exact copies).
    pub exact_sets: usize,
    /// Articles in those sets.
    pub articles_in_exact_sets: usize,
    /// Groups of near-duplicates: two or more different texts (and any
    /// copies of them) grouped together.
    pub near_groups: usize,
    /// Articles in those groups, copies included.
    pub articles_in_near_groups: usize,
    /// Articles in the largest group.
    pub largest_group: usize,
    /// Some groups with their members, in order of group id (unrelated to
    /// their size or content).
    pub sample: Vec<DuplicateGroup>,
}

/// One group of near-duplicates.
#[derive(Debug, Clone, Serialize)]
pub struct DuplicateGroup {
    /// The group id: the id of the first article indexed of the group.
    pub group: String,
    /// Different texts in the group (exact copies count once).
    pub texts: usize,
    /// Its articles, in index order.
    pub articles: Vec<DuplicateRef>,
}
