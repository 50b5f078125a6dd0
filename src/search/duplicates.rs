//! Duplicates at search time: folding each group of near-duplicates (or
//! each set of exact copies) into one hit, the members of an article's
//! group, and the index-wide duplicate report.
//!
//! Groups are assigned at index time ([`crate::dedup`]); here they are
//! only read from two fast fields, so folding a page of hits costs a few
//! column reads, plus one term lookup per hit shown.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::columnar::Column;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{DocAddress, Term};

use super::rank::Ranked;
use super::results::DuplicateRef;
use super::searcher::Searcher;
use crate::dedup::{group_id, GROUP_FIELD, TEXT_FIELD};
use crate::document::stored_u32;
use crate::error::Result;
use crate::index::engine_error;

/// What one hit stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fold {
    /// A whole group of near-duplicates (the default).
    Groups,
    /// One text: exact copies only ([`super::Query::all_duplicates`]).
    Copies,
}

/// The group and text-hash columns of the segments of a searcher, each
/// opened when first read (a page of hits touches few segments).
pub(crate) struct Columns<'a> {
    searcher: &'a tantivy::Searcher,
    group: Vec<OnceCell<Option<Column<u64>>>>,
    text: Vec<OnceCell<Option<Column<u64>>>>,
}

impl<'a> Columns<'a> {
    pub fn new(searcher: &'a tantivy::Searcher) -> Columns<'a> {
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
/// for `first` hits (at least `wanted`, see [`NewsIndex::first_fetch`]),
/// then for more ([`next_fetch`]) each time folding left fewer than
/// `wanted` and more hits exist (at most `max_hits`). Returns what the
/// last call to `rank` returned besides its hits (a count).
pub(crate) fn rank_folded<R, F>(
    columns: &Columns<'_>,
    fold: Fold,
    (wanted, first): (usize, usize),
    max_hits: usize,
    rank: F,
) -> Result<(R, Vec<Ranked>)>
where
    F: FnMut(usize) -> Result<(R, Vec<Ranked>)>,
{
    let (extra, folded, _) = rank_folded_counting(columns, fold, (wanted, first), max_hits, rank)?;
    Ok((extra, folded))
}

/// [`rank_folded`], also counting the hits folded away: those ranked
/// above the last hit kept whose group (or text) a better-ranked hit
/// already stands for. When every match was ranked and kept, the kept
/// hits plus this count are all the matches.
pub(crate) fn rank_folded_counting<R, F>(
    columns: &Columns<'_>,
    fold: Fold,
    (wanted, first): (usize, usize),
    max_hits: usize,
    mut rank: F,
) -> Result<(R, Vec<Ranked>, usize)>
where
    F: FnMut(usize) -> Result<(R, Vec<Ranked>)>,
{
    let mut fetch = first.max(wanted).min(max_hits.max(wanted));
    loop {
        let (extra, ranked) = rank(fetch)?;
        let exhausted = ranked.len() < fetch || fetch >= max_hits;
        let mut seen = HashSet::with_capacity(ranked.len());
        let mut folded = Vec::with_capacity(wanted.min(ranked.len()));
        let mut skipped = 0;
        for hit in ranked {
            if folded.len() >= wanted {
                break;
            }
            // Articles written before groups existed have no key: each is its own.
            if columns.key(hit.1, fold).is_none_or(|k| seen.insert(k)) {
                folded.push(hit);
            } else {
                skipped += 1;
            }
        }
        if folded.len() >= wanted || exhausted {
            return Ok((extra, folded, skipped));
        }
        fetch = next_fetch(fetch, folded.len(), wanted, max_hits);
    }
}

/// How many hits to rank next when `fetch` ranked hits kept only `kept`
/// of the `wanted`: twice as many as the share kept says are needed, so a
/// corpus holding every story 16 times (the 16× benchmark) finds its page
/// in one more pass instead of four doublings; at least double; at most
/// `max_hits`.
fn next_fetch(fetch: usize, kept: usize, wanted: usize, max_hits: usize) -> usize {
    let needed = fetch.saturating_mul(wanted) / kept.max(1);
    needed
        .saturating_mul(2)
        .max(fetch.saturating_mul(2))
        .max(wanted + 1)
        .min(max_hits)
}

/// A hit's duplicates: how many other texts its group holds, its group id
/// when the group has other members, and its exact copies.
#[derive(Debug, Default)]
pub(crate) struct HitDuplicates {
    pub similar: usize,
    pub group: Option<String>,
    pub copies: Vec<DuplicateRef>,
}

/// How many other articles share an exported article's group, for
/// [`NewsIndex::export`]: counts only, no document read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct GroupCounts {
    /// The group id, when the group has other members.
    pub group: Option<String>,
    /// Other different texts in the group.
    pub similar: usize,
    /// Other articles with exactly this text.
    pub copies: usize,
}

/// The members (address and text hash) of the last group looked up, so
/// an export meeting a group's articles one after another queries it once.
#[derive(Default)]
pub(crate) struct LastGroup(Option<(u64, Vec<Member>)>);

impl Searcher {
    /// How many hits to rank first for a page of `wanted` hits folded by
    /// `fold`: `wanted`, or where the index holds many articles per group
    /// (at least 1.5 on average: an index of every story 16 times) twice
    /// `wanted` times that, so the page is usually found in one ranking.
    /// The groups are counted as the group terms of each segment, without
    /// reading a document: a group spread over segments counts once per
    /// segment, which only makes the first ranking smaller.
    pub(crate) fn first_fetch(&self, fold: Fold, wanted: usize) -> Result<usize> {
        if fold == Fold::Copies || wanted == 0 {
            return Ok(wanted);
        }
        let mut groups = 0u64;
        for segment in self.searcher.segment_readers() {
            let index = segment
                .inverted_index(self.fields.dup_group)
                .map_err(|e| engine_error(self.path(), e))?;
            groups += index.terms().num_terms() as u64;
        }
        let per_group = self.searcher.num_docs() as f64 / groups.max(1) as f64;
        Ok(if per_group < 1.5 {
            wanted
        } else {
            (wanted as f64 * per_group * 2.0).ceil() as usize
        })
    }

    /// The [`GroupCounts`] of the article at `address`, in constant memory
    /// (no index-wide set of groups): the group term's document frequency
    /// tells a group of one (most articles) from a shared one, which is
    /// then read, unless `last` holds it already.
    pub(crate) fn group_counts(
        &self,
        columns: &Columns<'_>,
        address: DocAddress,
        last: &mut LastGroup,
    ) -> Result<GroupCounts> {
        let Some(group) = columns.group(address) else {
            return Ok(GroupCounts::default());
        };
        if last.0.as_ref().is_none_or(|(known, _)| *known != group) {
            let Some(docs) = self.shared_group_docs(group)? else {
                return Ok(GroupCounts::default());
            };
            let members: Vec<Member> = docs
                .into_iter()
                .map(|member| (columns.text(member), member))
                .collect();
            last.0 = Some((group, members));
        }
        let members = last.0.as_ref().map(|(_, m)| m.as_slice()).unwrap_or(&[]);
        let own = columns.text(address);
        let mut texts = HashSet::new();
        let mut copies = 0;
        for (text, member) in members {
            if *member == address {
                continue;
            }
            if *text == own {
                copies += 1;
            } else {
                texts.insert(*text);
            }
        }
        if texts.is_empty() && copies == 0 {
            return Ok(GroupCounts::default());
        }
        Ok(GroupCounts {
            group: Some(group_id(group)),
            similar: texts.len(),
            copies,
        })
    }

    /// Every live article of `group`, or `None` for a group of one (most
    /// articles), told without reading the group by its term's document
    /// frequency. Deleted articles count there until segments merge, so a
    /// frequency above one is only a candidate.
    fn shared_group_docs(&self, group: u64) -> Result<Option<HashSet<DocAddress>>> {
        let engine = |e| engine_error(self.path(), e);
        let term = Term::from_field_u64(self.fields.dup_group, group);
        if self.searcher.doc_freq(&term).map_err(engine)? <= 1 {
            return Ok(None);
        }
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        self.searcher
            .search(&query, &DocSetCollector)
            .map(Some)
            .map_err(engine)
    }

    /// The other members of the group of the article at `address`.
    fn group_members(
        &self,
        columns: &Columns<'_>,
        address: DocAddress,
    ) -> Result<Option<(u64, Vec<DocAddress>)>> {
        let Some(group) = columns.group(address) else {
            return Ok(None);
        };
        let Some(docs) = self.shared_group_docs(group)? else {
            return Ok(None);
        };
        let mut members: Vec<DocAddress> = docs
            .into_iter()
            .filter(|member| *member != address)
            .collect();
        members.sort_unstable();
        Ok((!members.is_empty()).then_some((group, members)))
    }

    pub(crate) fn hit_duplicates(
        &self,
        columns: &Columns<'_>,
        address: DocAddress,
    ) -> Result<HitDuplicates> {
        let Some((group, members)) = self.group_members(columns, address)? else {
            return Ok(HitDuplicates::default());
        };
        let own = columns.text(address);
        let mut texts = HashSet::new();
        let mut copies = Vec::new();
        for member in members {
            let text = columns.text(member);
            if text == own {
                copies.push(self.duplicate_ref(member)?);
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

    /// The exact copies of the article at `address`, and the other texts
    /// of its group, each once (its first member in index order): as many
    /// as the hit's `similar` count.
    pub(crate) fn article_duplicates(
        &self,
        address: DocAddress,
    ) -> Result<(Vec<DuplicateRef>, Vec<DuplicateRef>)> {
        let columns = Columns::new(&self.searcher);
        let Some((_, members)) = self.group_members(&columns, address)? else {
            return Ok((Vec::new(), Vec::new()));
        };
        let own = columns.text(address);
        let mut texts = HashSet::new();
        let (mut copies, mut similar) = (Vec::new(), Vec::new());
        for member in members {
            let text = columns.text(member);
            if text == own {
                copies.push(self.duplicate_ref(member)?);
            } else if texts.insert(text) {
                similar.push(self.duplicate_ref(member)?);
            }
        }
        Ok((copies, similar))
    }

    fn duplicate_ref(&self, address: DocAddress) -> Result<DuplicateRef> {
        let doc: TantivyDocument = self
            .searcher
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
            path: text(self.fields.path).map(|key| self.locations().resolve(&key)),
            position: stored_u32(&doc, self.fields.position).unwrap_or(0),
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
        let searcher = &self.searcher;
        let total = searcher.num_docs();
        let columns = Columns::new(searcher);
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
                .map(|(_, address)| self.duplicate_ref(*address))
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

/// The duplicates of a whole index ([`NewsIndex::duplicates`](crate::NewsIndex::duplicates)).
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

/// A wire story, its corrected version and another story on the same
/// topic, for the tests of folding wherever hits are shown.
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::article::Article;
    use crate::index::NewsIndex;
    use crate::search::tests::index_of_articles;

    /// A wire story of ten sentences (written for these tests).
    pub const STORY: &str = "Saudi Arabia has dropped a condition that Brazil pay for oil \
        imports in hard currency, officials said on Tuesday. The state oil company will ship \
        60,000 barrels a day under the new terms, which were agreed at a meeting in Riyadh \
        last week. Brazil had asked to pay partly in goods, including cars and frozen chicken. \
        The officials said talks on a longer contract would start in May and could cover \
        refined products as well. Brazil imports about half of the crude oil it refines, most \
        of it from the Middle East and West Africa. Its debt talks with commercial banks have \
        made it hard to pay for imports in dollars this year. Saudi Arabia, for its part, is \
        looking for steady buyers as its output rises towards the quota agreed with other \
        producers in Geneva.";

    /// Titles of the story, its corrected version and the other story.
    pub const ORIGINAL: &str = "Saudis drop oil condition";
    pub const CORRECTED: &str = "CORRECTED - Saudis drop oil condition";
    pub const OTHER: &str = "Brazil oil imports rise";

    /// The three articles indexed in that order: the story, its corrected
    /// version (one sentence rewritten) and the other story.
    pub fn story_index() -> NewsIndex {
        let corrected = STORY.replace(
            "Brazil had asked to pay partly in goods, including cars and frozen chicken.",
            "Brazilian officials welcomed the decision in a statement issued in Brasilia.",
        );
        let other = "Brazil's oil imports rose in March from a year earlier, the state oil \
            company said, as demand for diesel grew with the soybean harvest. Refineries around \
            Sao Paulo worked at full capacity for the first time since 1985, and the company \
            bought extra cargoes of Saudi and Nigerian crude. Officials said the import bill \
            would be paid in dollars despite the country's debt talks with commercial banks.";
        index_of_articles([
            Article::new(ORIGINAL, STORY),
            Article::new(CORRECTED, corrected),
            Article::new(OTHER, other),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{story_index, CORRECTED, ORIGINAL, OTHER};
    use crate::search::query::Query;
    use crate::search::tests::export_all;

    /// Eight versions of one story are one group: a page of 10 folded hits
    /// is first ranked from more than 10 (at least 2 articles a group
    /// however the writer's threads split them into segments, at most
    /// four); without folding, or in an index of single stories, from 10.
    #[test]
    fn the_first_ranking_grows_with_the_articles_per_group() {
        use super::Fold;
        use crate::article::Article;
        use crate::index::NewsIndex;
        let index_of = |titles: &[String]| {
            let index = NewsIndex::in_memory().unwrap();
            let mut indexer = index.indexer().unwrap();
            for title in titles {
                indexer
                    .add_article(Article::new(title.clone(), super::fixtures::STORY))
                    .unwrap();
            }
            indexer.commit().unwrap();
            index.reload().unwrap();
            index
        };
        let versions: Vec<String> = (1..=8).map(|n| format!("{ORIGINAL}, take {n}")).collect();
        let index = index_of(&versions);
        let searcher = index.searcher().unwrap();
        let first = searcher.first_fetch(Fold::Groups, 10).unwrap();
        assert!((40..=160).contains(&first), "{first}");
        assert_eq!(searcher.first_fetch(Fold::Copies, 10).unwrap(), 10);
        let single = index_of(&[ORIGINAL.to_string()]);
        let searcher = single.searcher().unwrap();
        assert_eq!(searcher.first_fetch(Fold::Groups, 10).unwrap(), 10);
    }

    #[test]
    fn a_page_of_copies_is_refetched_by_the_share_kept() {
        use super::next_fetch;
        // Ten hits, all one story told 16 times: 200 hold 12 stories.
        assert_eq!(next_fetch(10, 1, 10, 1_000_000), 200);
        // One fold among ten: about twice the ten needed.
        assert_eq!(next_fetch(10, 9, 10, 1_000_000), 22);
        // Nothing folded yet on a page of one: at least double.
        assert_eq!(next_fetch(1, 1, 1, 100), 2);
        assert_eq!(next_fetch(10, 1, 10, 57), 57);
    }

    #[test]
    fn export_keeps_every_version_and_names_its_group() {
        let (report, rows) = export_all(&story_index(), &Query::new("brazil oil"));
        assert_eq!(report.articles, 3, "an export folds nothing");
        let find = |title: &str| {
            let row = rows.iter().find(|r| r.title == title).unwrap();
            (&row.title, row.group.clone(), row.similar, row.copies)
        };
        let (original, corrected, other) = (find(ORIGINAL), find(CORRECTED), find(OTHER));
        assert!(original.1.is_some());
        assert_eq!(original.1, corrected.1, "one group");
        assert_eq!((original.2, original.3), (1, 0));
        assert_eq!((corrected.2, corrected.3), (1, 0));
        assert_eq!((other.1, other.2, other.3), (None, 0, 0));
    }
}
