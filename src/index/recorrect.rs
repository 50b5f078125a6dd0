//! The user's corrections applied to an index from what it stores: each
//! article's entity values as extracted (kept beside its facets when
//! corrections changed them) are corrected anew and the article written
//! again, without reading any file.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use serde::Serialize;
use tantivy::schema::TantivyDocument;
use tantivy::{DocAddress, Term};

use super::store::engine_error;
use super::{Indexer, NewsIndex};
use crate::corrections::{Change, Corrections, EntityValues, Section, CORRECTIONS_FILE};
use crate::dedup::{self, Fingerprint};
use crate::document;
use crate::error::{Error, Result};

/// What applying corrections to an index did ([`NewsIndex::apply_corrections`])
/// or would do ([`NewsIndex::check_corrections`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CorrectionReport {
    /// Articles read.
    pub articles: u64,
    /// Articles whose facets change: rewritten, or to be.
    pub changed: u64,
    /// Each change the corrections make to a value, with the number of
    /// articles it is made in, most first (against the values as
    /// extracted: a rule already applied still counts).
    pub changes: Vec<ChangeCount>,
    /// Names a rule is about that no article has.
    pub unmatched: Vec<Unmatched>,
    /// Whether the index was rewritten (false for a check).
    pub applied: bool,
}

/// One [`Change`] and how many articles it is made in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeCount {
    /// The change.
    #[serde(flatten)]
    pub change: Change,
    /// Articles it is made in.
    pub articles: u64,
}

/// A name in the corrections that no article has (a typo, a value gone).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unmatched {
    /// The facet of its rule.
    pub facet: Section,
    /// The name as written.
    pub name: String,
    /// Line of the corrections file.
    pub line: usize,
    /// A value of the index that differs from it in case only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

impl NewsIndex {
    /// Where this index keeps its corrections: [`CORRECTIONS_FILE`] in its
    /// folder (`None` in memory).
    pub fn corrections_path(&self) -> Option<PathBuf> {
        self.path.as_deref().map(|dir| dir.join(CORRECTIONS_FILE))
    }

    /// The corrections this index applies when indexing: its folder's
    /// [`CORRECTIONS_FILE`], none when there is no such file.
    ///
    /// # Errors
    ///
    /// [`Error::Corrections`] for a file that cannot be read or used.
    pub fn corrections(&self) -> Result<Corrections> {
        Ok(match self.path.as_deref() {
            Some(dir) => Corrections::of_index(dir)?,
            None => Corrections::default(),
        })
    }

    /// What [`NewsIndex::apply_corrections`] would change, without
    /// changing anything.
    ///
    /// # Errors
    ///
    /// When the index cannot be read.
    pub fn check_corrections(&self, corrections: &Corrections) -> Result<CorrectionReport> {
        self.correct(corrections, None)
    }

    /// Make `corrections` this index's own and correct every article by
    /// them, from the values the index stores (no file is read again):
    /// on disk, their text becomes the folder's [`CORRECTIONS_FILE`]
    /// (removed for empty corrections, which restore every extracted
    /// value), so later indexing runs apply them too. An in-memory index
    /// keeps no file: give the corrections to each
    /// [`Indexer::set_corrections`].
    ///
    /// ```
    /// use newsindex::{Article, Corrections, NewsIndex, Query};
    ///
    /// # fn main() -> newsindex::Result<()> {
    /// let index = NewsIndex::in_memory()?;
    /// let mut indexer = index.indexer()?;
    /// indexer.add_article(Article::new(
    ///     "Cisco signs Skolkovo deal",
    ///     "Cisco will invest $1 billion in Skolkovo, the Skolkovo Foundation said.",
    /// ))?;
    /// indexer.commit()?;
    ///
    /// let fix = Corrections::parse("[org]\nrename = { \"Cisco\" = \"Cisco Systems\" }\n")?;
    /// let report = index.apply_corrections(&fix)?;
    /// assert_eq!(report.changed, 1);
    /// assert_eq!(index.search(&Query::new("").org("Cisco Systems"))?.total_hits, 1);
    ///
    /// // No corrections: the extracted value is back.
    /// index.apply_corrections(&Corrections::default())?;
    /// assert_eq!(index.search(&Query::new("").org("Cisco"))?.total_hits, 1);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// When the corrections file cannot be written, the index is being
    /// written by another process, or the index cannot be read or written.
    pub fn apply_corrections(&self, corrections: &Corrections) -> Result<CorrectionReport> {
        let mut indexer = match self.indexer() {
            // The folder's old file is unusable: the new one replaces it.
            Err(Error::Corrections(_)) => {
                self.install_corrections(corrections)?;
                self.indexer()?
            }
            other => other?,
        };
        self.install_corrections(corrections)?;
        indexer.set_corrections(corrections.clone());
        // Under the writer lock: what other processes committed before it.
        self.reload()?;
        let report = self.correct(corrections, Some(&mut indexer))?;
        indexer.commit()?;
        if report.changed > 0 {
            self.compact()?;
        }
        self.stamp_corrections(corrections.text())?;
        Ok(report)
    }

    /// Merge away the articles an apply replaced: until their segments are
    /// merged, the terms of the values they had (a name renamed, a path
    /// re-parented) still count them, and filters find values by those counts.
    fn compact(&self) -> Result<()> {
        let engine = |e| engine_error(self.path.as_deref(), e);
        let with_deletes: Vec<_> = self
            .index
            .searchable_segment_metas()
            .map_err(engine)?
            .into_iter()
            .filter(|meta| meta.has_deletes())
            .map(|meta| meta.id())
            .collect();
        if with_deletes.is_empty() {
            return Ok(());
        }
        let Indexer { mut writer, .. } = self.indexer()?;
        writer.merge(&with_deletes).wait().map_err(engine)?;
        writer.wait_merging_threads().map_err(engine)?;
        self.reload()
    }

    /// Apply the folder's [`CORRECTIONS_FILE`] to the whole index when it
    /// was changed (edited, created or deleted) since corrections were last
    /// applied to the whole index: `None` when it was not. An indexing run
    /// corrects only the articles it reads; this corrects the others.
    ///
    /// # Errors
    ///
    /// As [`NewsIndex::corrections`] and [`NewsIndex::apply_corrections`].
    pub fn apply_changed_corrections(&self) -> Result<Option<CorrectionReport>> {
        let Some(dir) = self.path.as_deref() else {
            return Ok(None);
        };
        let corrections = self.corrections()?;
        // No stamp: none applied yet, as for an empty file.
        let stamp =
            std::fs::read_to_string(dir.join(APPLIED_STAMP)).unwrap_or_else(|_| text_hash(""));
        if stamp.trim() == text_hash(corrections.text()) {
            return Ok(None);
        }
        self.apply_corrections(&corrections).map(Some)
    }

    /// Record which corrections the whole index has (a hash of their text).
    fn stamp_corrections(&self, text: &str) -> Result<()> {
        let Some(dir) = self.path.as_deref() else {
            return Ok(());
        };
        let file = dir.join(APPLIED_STAMP);
        std::fs::write(&file, text_hash(text)).map_err(|source| Error::Io { path: file, source })
    }

    /// Write `corrections` as the folder's corrections file, or remove it
    /// for empty ones.
    fn install_corrections(&self, corrections: &Corrections) -> Result<()> {
        let Some(file) = self.corrections_path() else {
            return Ok(());
        };
        let io = |source| Error::Io {
            path: file.clone(),
            source,
        };
        if corrections.is_empty() && corrections.text().trim().is_empty() {
            return match std::fs::remove_file(&file) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(e)),
                _ => Ok(()),
            };
        }
        if corrections.path() == Some(file.as_path()) {
            return Ok(());
        }
        // Write then rename: a crash never leaves half a file.
        let tmp = file.with_extension("toml.tmp");
        std::fs::write(&tmp, corrections.text()).map_err(io)?;
        std::fs::rename(&tmp, &file).map_err(io)
    }

    /// Read every article, correct its extracted values and, with an
    /// indexer, write those whose facets change again.
    fn correct(
        &self,
        corrections: &Corrections,
        mut indexer: Option<&mut Indexer<'_>>,
    ) -> Result<CorrectionReport> {
        let engine = |e| engine_error(self.path.as_deref(), e);
        let fields = &self.fields;
        // The hierarchy a rewritten document is written with.
        let parent_of: &crate::corrections::ParentOf = &crate::extract::organisation_parent;
        let searcher = self.reader.searcher();
        let mut report = CorrectionReport {
            applied: indexer.is_some(),
            ..CorrectionReport::default()
        };
        let mut counts: HashMap<Change, u64> = HashMap::new();
        let mut names: HashMap<Section, BTreeSet<String>> = HashMap::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let groups = segment
                .fast_fields()
                .u64(dedup::GROUP_FIELD)
                .map_err(engine)?;
            for doc_id in segment.doc_ids_alive() {
                let doc: TantivyDocument = searcher
                    .doc(DocAddress::new(ord as u32, doc_id))
                    .map_err(engine)?;
                report.articles += 1;
                let (original, current) = document::stored_values(fields, &doc);
                let corrected = corrections.apply_under(&original, parent_of);
                note_names(&mut names, &original);
                note_names(&mut names, &corrected);
                for change in corrections.changes_under(&original, parent_of) {
                    *counts.entry(change).or_default() += 1;
                }
                let keeps_original = corrected != original;
                let has_original = doc.get_first(fields.extracted).is_some();
                if corrected == current && keeps_original == has_original {
                    continue;
                }
                report.changed += 1;
                let Some(indexer) = indexer.as_deref_mut() else {
                    continue;
                };
                let (id, article, mut new) =
                    document::rewrite(fields, &doc, &original, corrections);
                // Same text, same fingerprint; the group as assigned.
                let fingerprint = Fingerprint::of(&article.title, &article.body);
                let group = groups
                    .first(doc_id)
                    .unwrap_or_else(|| dedup::group_key(&id));
                new.add_u64(fields.dup_group, group);
                new.add_u64(fields.dup_text, fingerprint.text);
                new.add_bytes(fields.dup_signature, &fingerprint.signature_bytes());
                new.add_u64(fields.dup_shingles, fingerprint.shingles as u64);
                indexer
                    .writer
                    .delete_term(Term::from_field_text(fields.id, &id));
                indexer.writer.add_document(new).map_err(engine)?;
                indexer.pending_changes += 1;
            }
        }
        let mut changes: Vec<ChangeCount> = counts
            .into_iter()
            .map(|(change, articles)| ChangeCount { change, articles })
            .collect();
        changes.sort_by(|a, b| {
            b.articles
                .cmp(&a.articles)
                .then_with(|| a.change.facet.cmp(&b.change.facet))
                .then_with(|| a.change.value.cmp(&b.change.value))
        });
        report.changes = changes;
        report.unmatched = unmatched(corrections, &names);
        Ok(report)
    }
}

/// File of an index folder holding the hash of the corrections last
/// applied to the whole index ([`NewsIndex::apply_changed_corrections`]).
const APPLIED_STAMP: &str = "corrections.applied";

/// The hash of a corrections file's text; none and empty are one.
fn text_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex().to_string()
}

/// Record the names of `values` by facet.
fn note_names(names: &mut HashMap<Section, BTreeSet<String>>, values: &EntityValues) {
    let orgs = names.entry(Section::Org).or_default();
    for path in &values.organisations {
        orgs.extend(path.iter().cloned());
    }
    names
        .entry(Section::Person)
        .or_default()
        .extend(values.people.iter().cloned());
    names
        .entry(Section::Country)
        .or_default()
        .extend(values.countries.iter().cloned());
}

/// The rules' names no article has, each with a value that differs in
/// case only, when there is one.
fn unmatched(
    corrections: &Corrections,
    names: &HashMap<Section, BTreeSet<String>>,
) -> Vec<Unmatched> {
    let empty = BTreeSet::new();
    let of = |facet| names.get(&facet).unwrap_or(&empty);
    corrections
        .subjects()
        .into_iter()
        .filter_map(|(facet, name, line)| {
            // A name moved between people and organisations meets the
            // other facet's rules under its extracted facet.
            let known = match facet {
                Section::Org | Section::Person => [of(Section::Org), of(Section::Person)],
                Section::Country => [of(Section::Country), &empty],
            };
            if known.iter().any(|k| k.contains(name)) {
                return None;
            }
            let lower = name.to_lowercase();
            Some(Unmatched {
                facet,
                name: name.to_string(),
                line,
                suggestion: known[0].iter().find(|k| k.to_lowercase() == lower).cloned(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::search::{FacetField, Query};

    const RACE: &str = "Manchester United beat Arsenal 2-0 at Old Trafford on Sunday, \
        and BBC Sport showed the goals. Sir Alex Ferguson praised his players.";

    fn index_with(articles: &[(&str, &str)]) -> NewsIndex {
        let index = NewsIndex::in_memory().unwrap();
        let mut indexer = index.indexer().unwrap();
        for (title, body) in articles {
            indexer.add_article(Article::new(*title, *body)).unwrap();
        }
        indexer.commit().unwrap();
        index
    }

    /// The top organisations with their counts, and the units of each.
    fn orgs(index: &NewsIndex) -> Vec<(String, u64, Vec<String>)> {
        let list = index
            .facets(&Query::new("").all_duplicates(true), FacetField::Org, 50)
            .unwrap();
        list.values
            .into_iter()
            .map(|v| {
                (
                    v.value,
                    v.count,
                    v.children.into_iter().map(|c| c.value).collect(),
                )
            })
            .collect()
    }

    fn hits(index: &NewsIndex, query: Query) -> u64 {
        index.search(&query).unwrap().total_hits as u64
    }

    /// A keyed article rewritten with corrected facets keeps its key.
    #[test]
    fn corrected_keyed_articles_keep_their_key() {
        let index = NewsIndex::in_memory().unwrap();
        let mut indexer = index.indexer().unwrap();
        indexer
            .add_article(Article::new("United win", RACE).with_key("desk/race"))
            .unwrap();
        indexer.commit().unwrap();
        let fix = Corrections::parse("[org]\nrename = { \"Arsenal\" = \"Arsenal FC\" }\n").unwrap();
        assert_eq!(index.apply_corrections(&fix).unwrap().changed, 1);
        let article = index.article_by_key("desk/race").unwrap();
        assert!(article.organisations.contains(&"Arsenal FC".to_string()));
        assert_eq!(article.key.as_deref(), Some("desk/race"));
    }

    #[test]
    fn a_rule_applied_then_removed_gives_the_extracted_value_back() {
        let index = index_with(&[("United win", RACE)]);
        let extracted = index
            .article(&index.search(&Query::new("")).unwrap().hits[0].id)
            .unwrap();
        assert!(
            extracted.organisations.contains(&"Arsenal".to_string()),
            "{:?}",
            extracted.organisations
        );
        let fix = Corrections::parse(
            "[org]\nrename = { \"Arsenal\" = \"Arsenal FC\" }\ndrop = [\"Old Trafford\"]\n",
        )
        .unwrap();
        let check = index.check_corrections(&fix).unwrap();
        assert_eq!(
            (check.articles, check.changed, check.applied),
            (1, 1, false)
        );
        assert_eq!(
            hits(&index, Query::new("").org("Arsenal FC")),
            0,
            "a check changes nothing"
        );
        let report = index.apply_corrections(&fix).unwrap();
        assert_eq!((report.changed, report.applied), (1, true));
        assert_eq!(hits(&index, Query::new("").org("Arsenal FC")), 1);
        assert_eq!(hits(&index, Query::new("").org("Arsenal")), 0);
        // Applying the same again rewrites nothing.
        assert_eq!(index.apply_corrections(&fix).unwrap().changed, 0);
        // The rule gone: the extractor's value again.
        let report = index.apply_corrections(&Corrections::default()).unwrap();
        assert_eq!(report.changed, 1);
        assert_eq!(hits(&index, Query::new("").org("Arsenal")), 1);
        let restored = index.article(&extracted.id).unwrap();
        assert_eq!(restored.organisations, extracted.organisations);
        assert_eq!(restored.body, extracted.body);
        assert_eq!(restored.amounts, extracted.amounts);
    }

    #[test]
    fn rewritten_articles_keep_their_text_search_and_duplicate_group() {
        let index = index_with(&[("United win", RACE), ("United win again", RACE)]);
        let groups = |index: &NewsIndex| {
            let report = index.duplicates(10, |_, _| {}).unwrap();
            (
                report.exact_sets,
                report.articles_in_exact_sets,
                report.near_groups,
            )
        };
        let before = groups(&index);
        let fix =
            Corrections::parse("[org]\nparent = { \"Arsenal\" = \"Premier League\" }\n").unwrap();
        assert_eq!(index.apply_corrections(&fix).unwrap().changed, 2);
        assert_eq!(index.num_articles(), 2);
        assert_eq!(groups(&index), before);
        assert_eq!(before.2, 1, "{before:?}");
        assert_eq!(hits(&index, Query::new("trafford").all_duplicates(true)), 2);
        // The parent's filter finds its new unit.
        assert_eq!(
            hits(
                &index,
                Query::new("").org("Premier League").all_duplicates(true)
            ),
            2
        );
        let orgs = orgs(&index);
        let league = orgs.iter().find(|(v, ..)| v == "Premier League").unwrap();
        assert_eq!((league.1, &league.2), (2, &vec!["Arsenal".to_string()]));
    }

    #[test]
    fn an_indexer_given_corrections_writes_corrected_facets_and_keeps_the_extracted() {
        let index = NewsIndex::in_memory().unwrap();
        let mut indexer = index.indexer().unwrap();
        indexer.set_corrections(
            Corrections::parse(
                "[org]\nto_person = [\"Arsenal\"]\n[person]\ndrop = [\"Alex Ferguson\"]\n",
            )
            .unwrap(),
        );
        indexer
            .add_article(Article::new("United win", RACE))
            .unwrap();
        indexer.commit().unwrap();
        assert_eq!(hits(&index, Query::new("").person("Arsenal")), 1);
        assert_eq!(hits(&index, Query::new("").org("Arsenal")), 0);
        assert_eq!(hits(&index, Query::new("").person("Alex Ferguson")), 0);
        // Applying no corrections gives the extractor's values back.
        assert_eq!(
            index
                .check_corrections(&Corrections::default())
                .unwrap()
                .changed,
            1
        );
        index.apply_corrections(&Corrections::default()).unwrap();
        assert_eq!(hits(&index, Query::new("").org("Arsenal")), 1);
        assert_eq!(hits(&index, Query::new("").person("Alex Ferguson")), 1);
    }

    #[test]
    fn names_no_article_has_are_reported_with_a_case_suggestion() {
        let index = index_with(&[("United win", RACE)]);
        let fix = Corrections::parse("[org]\ndrop = [\"arsenal\", \"Chelsea\"]\n").unwrap();
        let report = index.check_corrections(&fix).unwrap();
        assert_eq!(report.changed, 0);
        let unmatched: Vec<_> = report
            .unmatched
            .iter()
            .map(|u| (u.name.as_str(), u.line, u.suggestion.as_deref()))
            .collect();
        assert_eq!(
            unmatched,
            [("arsenal", 2, Some("Arsenal")), ("Chelsea", 2, None)]
        );
    }
}
