//! Facet values as the index's term dictionaries hold them: a filter's
//! name resolved to the indexed facets, the values closest to a name no
//! article has, and the organisations that have named units. Each reads
//! the facet field's terms (a few thousand distinct values however many
//! articles), never the articles: a filter by an alias or another case
//! costs about what a filter by the exact value does.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::Term;

use super::facets::{FacetCount, FacetField, UnmatchedFilter};
use super::searcher::Searcher;
use crate::corrections::{Corrections, Section};
use crate::error::{Error, Result};
use crate::index::engine_error;

/// Most suggestions given for an unmatched filter value.
const MAX_SUGGESTIONS: usize = 3;

/// Separator of a facet's parts in its encoded (term) form.
const SEP: u8 = 0;

impl Searcher {
    /// Turn a user's facet value into the indexed facets it names, any of
    /// which an article must have: an exact facet path (`/org/BBC/BBC
    /// Sport`), a value's own name (a unit's name finds it under its
    /// parent), the same differing only in case or accents, or a name
    /// people use for it (`UK`, `U.S.` for countries; the organisation
    /// aliases `Opec`, `IBM`, `EU`). A value no article has comes back as
    /// an [`UnmatchedFilter`] with the closest indexed values.
    pub(super) fn resolve_facet(
        &self,
        which: FacetField,
        name: &str,
    ) -> Result<std::result::Result<Vec<Facet>, UnmatchedFilter>> {
        let name = name.trim();
        let root = which.root();
        let value = name
            .strip_prefix(&format!("/{root}/"))
            .unwrap_or(name)
            .trim();
        if value.is_empty() || value.trim_matches('/').trim().is_empty() {
            return Err(Error::InvalidFilter {
                parameter: which.parameter(),
                value: name.to_string(),
                reason: "empty name".into(),
            });
        }
        // A whole path, as `search facets --json` lists it.
        if name.starts_with(&format!("/{root}/")) && value.contains('/') {
            if let Ok(facet) = Facet::from_text(name) {
                if self.facet_doc_freq(which, &facet)? > 0 {
                    return Ok(Ok(vec![facet]));
                }
            }
        }
        // The exact value, else the names the tables give for it (of
        // several, the one the index holds most of), looked up term by
        // term: the common case never walks a dictionary.
        let (found, _) = self.direct_facets(which, value)?;
        if !found.is_empty() {
            return Ok(Ok(found));
        }
        let mut best: (Vec<Facet>, u64) = (Vec::new(), 0);
        for alias in aliases(which, value) {
            let (found, articles) = self.direct_facets(which, alias)?;
            if articles > best.1 {
                best = (found, articles);
            }
        }
        if !best.0.is_empty() {
            return Ok(Ok(best.0));
        }
        // Another case or accents, or a unit under a parent the tables do
        // not know: one walk over the field's terms.
        let mut wanted: Vec<String> = vec![fold(value).into_owned()];
        for alias in aliases(which, value) {
            let alias = fold(alias).into_owned();
            if !wanted.contains(&alias) {
                wanted.push(alias);
            }
        }
        let mut by_name: Vec<BTreeSet<Vec<u8>>> = vec![BTreeSet::new(); wanted.len()];
        self.for_each_value(which, |key, name| {
            if let Some(i) = wanted.iter().position(|w| folds_to(name, w)) {
                by_name[i].insert(key.to_vec());
            }
        })?;
        let facets_of = |keys: &BTreeSet<Vec<u8>>| -> Vec<Facet> {
            keys.iter()
                .filter_map(|key| Facet::from_encoded(key.clone()).ok())
                .collect()
        };
        // The value itself first; of its aliases, the one the index holds
        // most of ("EC": the European Community of the 1980s or the
        // European Commission since).
        if !by_name[0].is_empty() {
            return Ok(Ok(facets_of(&by_name[0])));
        }
        let mut best: (Vec<Facet>, u64) = (Vec::new(), 0);
        for keys in by_name.iter().skip(1) {
            let facets = facets_of(keys);
            let mut articles = 0;
            for facet in &facets {
                articles += self.facet_doc_freq(which, facet)?;
            }
            if articles > best.1 {
                best = (facets, articles);
            }
        }
        if !best.0.is_empty() {
            return Ok(Ok(best.0));
        }
        // A name the index's corrections merged or renamed away finds the
        // value it became (read only here, on the way to "no such value").
        if let Some(to) = self.corrected_name(which, value) {
            if let Ok(found) = self.resolve_facet(which, &to)? {
                return Ok(Ok(found));
            }
        }
        Ok(Err(UnmatchedFilter {
            field: which,
            value: value.to_string(),
            suggestions: self.suggestions(which, value)?,
        }))
    }

    /// The name the index's corrections file gives `value` now, when a
    /// merge or rename replaced it. An unreadable file corrects nothing
    /// here: indexing and `search corrections` report its errors.
    fn corrected_name(&self, which: FacetField, value: &str) -> Option<String> {
        let section = match which {
            FacetField::Org => Section::Org,
            FacetField::Person => Section::Person,
            FacetField::Country | FacetField::About => Section::Country,
            _ => return None,
        };
        let corrections = Corrections::of_index(self.path.as_deref()?).ok()?;
        corrections.replacement(section, value)
    }

    /// The facets whose own name is exactly `name` (`/root/name`, and for
    /// an organisation the unit under the parents the tables give it),
    /// with the articles having them.
    fn direct_facets(&self, which: FacetField, name: &str) -> Result<(Vec<Facet>, u64)> {
        let mut candidates = vec![Facet::from_path([which.root(), name])];
        if which == FacetField::Org {
            let unit = crate::document::org_facet(name, &crate::extract::organisation_parent);
            if !candidates.contains(&unit) {
                candidates.push(unit);
            }
        }
        let mut found = Vec::new();
        let mut articles = 0;
        for facet in candidates {
            let with = self.facet_doc_freq(which, &facet)?;
            if with > 0 {
                found.push(facet);
                articles += with;
            }
        }
        Ok((found, articles))
    }

    /// Articles with `facet` or a facet under it (deleted ones included
    /// until their segment is merged), from the term dictionaries.
    fn facet_doc_freq(&self, which: FacetField, facet: &Facet) -> Result<u64> {
        self.searcher
            .doc_freq(&Term::from_facet(self.facet_field(which), facet))
            .map_err(|e| engine_error(self.path(), e))
    }

    /// Hand `each` every indexed value of a facet below its root, once per
    /// segment: its encoded facet and its own name (the last part). A
    /// parent comes before its units, whether or not an article has it
    /// alone. Read from the facet column's dictionary, which holds each
    /// distinct facet once, in order: a sequential read of its blocks.
    fn for_each_value(&self, which: FacetField, mut each: impl FnMut(&[u8], &str)) -> Result<()> {
        let field = self.facet_field(which);
        let name = self.searcher.schema().get_field_name(field);
        let engine = |e: tantivy::TantivyError| engine_error(self.path(), e);
        let mut previous: Vec<u8> = Vec::new();
        for segment in self.searcher.segment_readers() {
            // A segment without the column has no value of the facet.
            let Some(column) = segment.fast_fields().str(name).map_err(engine)? else {
                continue;
            };
            let mut stream = column.dictionary().stream().map_err(|e| engine(e.into()))?;
            previous.clear();
            while stream.advance() {
                let key = stream.key();
                // Each level below the root: `org\0BBC`, then `org\0BBC\0BBC Sport`.
                let ends = key
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == SEP)
                    .map(|(i, _)| i)
                    .skip(1)
                    .chain([key.len()]);
                let mut start = match key.iter().position(|b| *b == SEP) {
                    Some(root_end) => root_end + 1,
                    None => continue,
                };
                for end in ends {
                    let prefix = &key[..end];
                    // Keys are sorted and the separator sorts first, so a
                    // parent handed for the previous key is its prefix.
                    let seen =
                        previous.starts_with(prefix) && previous.get(end).is_none_or(|b| *b == SEP);
                    if !seen {
                        if let Ok(name) = std::str::from_utf8(&key[start..end]) {
                            each(prefix, name);
                        }
                    }
                    start = end + 1;
                }
                previous.clear();
                previous.extend_from_slice(key);
            }
        }
        Ok(())
    }

    /// The indexed values a mistyped value most likely meant: within a
    /// few edits of a value's name or of one of its aliases, case and
    /// accents aside (for a person, also a name one of whose words is the
    /// value: `Blair` → Tony Blair); closest first, then most frequent.
    /// Counts are exact over the articles searchable now.
    fn suggestions(&self, which: FacetField, typed: &str) -> Result<Vec<FacetCount>> {
        let typed = fold(typed).into_owned();
        let typed_chars = typed.chars().count();
        // One edit in short names, about one in four in longer ones.
        let tolerance = (typed_chars / 4).clamp(1, 3);
        // Encoded facet → distance; a value in several segments is one
        // candidate.
        let mut candidates: HashMap<Vec<u8>, usize> = HashMap::new();
        self.for_each_value(which, |key, name| {
            if candidates.contains_key(key) {
                return;
            }
            let distance = std::iter::once(Cow::Borrowed(name))
                .chain(
                    alias_names(which, name)
                        .iter()
                        .map(|a| Cow::Borrowed(a.as_str())),
                )
                .filter_map(|candidate| distance_within(&typed, &candidate, tolerance))
                .min()
                .or_else(|| {
                    (which == FacetField::Person
                        && name.split_whitespace().any(|word| folds_to(word, &typed)))
                    .then_some(0)
                });
            if let Some(distance) = distance {
                candidates.insert(key.to_vec(), distance);
            }
        })?;
        let mut ranked: Vec<(usize, u64, Facet)> = Vec::with_capacity(candidates.len());
        for (key, distance) in candidates {
            if let Ok(facet) = Facet::from_encoded(key) {
                let articles = self.facet_doc_freq(which, &facet)?;
                ranked.push((distance, articles, facet));
            }
        }
        ranked.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let field = self.facet_field(which);
        let mut out = Vec::new();
        for (_, _, facet) in ranked {
            // Term statistics count deleted articles until a merge.
            let query = TermQuery::new(Term::from_facet(field, &facet), IndexRecordOption::Basic);
            let count = self
                .searcher
                .search(&query, &Count)
                .map_err(|e| engine_error(self.path(), e))? as u64;
            if count > 0 {
                out.push(FacetCount::from_facet(&facet, count));
            }
            if out.len() == MAX_SUGGESTIONS {
                break;
            }
        }
        Ok(out)
    }

    /// The values of a facet that have values under them (organisations
    /// with named units: `/org/BBC` for `/org/BBC/BBC Sport`).
    pub(super) fn parents_with_units(&self, which: FacetField) -> Result<Vec<Facet>> {
        let mut parents: Vec<Vec<u8>> = Vec::new();
        self.for_each_value(which, |key, _| {
            // root \0 parent \0 unit...: the key up to the second separator.
            let mut seps = key.iter().enumerate().filter(|(_, b)| **b == SEP);
            if let (Some(_), Some((second, _))) = (seps.next(), seps.next()) {
                let parent = &key[..second];
                if parents.last().map(Vec::as_slice) != Some(parent) {
                    parents.push(parent.to_vec());
                }
            }
        })?;
        parents.sort();
        parents.dedup();
        Ok(parents
            .into_iter()
            .filter_map(|key| Facet::from_encoded(key).ok())
            .collect())
    }
}

/// The canonical names a filter value may stand for (any case): for a
/// country its canonical name (`UK` → United Kingdom); for an
/// organisation every sense of the alias ("EC" has two, over time).
fn aliases(which: FacetField, value: &str) -> Vec<&'static str> {
    match which {
        FacetField::Country | FacetField::About => crate::extract::canonical_country(value)
            .into_iter()
            .collect(),
        FacetField::Org => {
            // The table's look-up also reads "BAA Plc" as BAA.
            let mut senses = organisation_senses(value);
            if let Some(canonical) = crate::extract::canonical_organisation(value) {
                if !senses.contains(&canonical) {
                    senses.push(canonical);
                }
            }
            senses
        }
        FacetField::Person | FacetField::Currency | FacetField::Folder | FacetField::Lang => {
            Vec::new()
        }
    }
}

/// Every canonical organisation name `name` may mean (any case): one for
/// most names, several for a name whose sense changed over time ("EC").
pub(crate) fn organisation_senses(name: &str) -> Vec<&'static str> {
    let wanted = name.trim().to_lowercase();
    let wanted = wanted.strip_prefix("the ").unwrap_or(&wanted);
    BY_ALIAS.get(wanted).cloned().unwrap_or_default()
}

/// The other names (folded) of an indexed value: an organisation's aliases.
fn alias_names(which: FacetField, value: &str) -> &'static [String] {
    match which {
        FacetField::Org => BY_CANONICAL.get(value).map_or(&[], Vec::as_slice),
        _ => &[],
    }
}

/// Lower-cased organisation alias (each canonical name among them) →
/// the canonical names it stands for.
static BY_ALIAS: LazyLock<HashMap<String, Vec<&'static str>>> = LazyLock::new(|| {
    let mut by_alias: HashMap<String, Vec<&'static str>> = HashMap::new();
    for (alias, canonical) in crate::extract::organisation_aliases() {
        let senses = by_alias.entry(alias.to_lowercase()).or_default();
        if !senses.contains(&canonical) {
            senses.push(canonical);
        }
    }
    by_alias
});

/// Canonical organisation name → its aliases, folded (for suggestions).
static BY_CANONICAL: LazyLock<HashMap<&'static str, Vec<String>>> = LazyLock::new(|| {
    let mut by_canonical: HashMap<&'static str, Vec<String>> = HashMap::new();
    for (alias, canonical) in crate::extract::organisation_aliases() {
        let folded = fold(alias).into_owned();
        let names = by_canonical.entry(canonical).or_default();
        if !names.contains(&folded) {
            names.push(folded);
        }
    }
    by_canonical
});

/// A name as filters compare it: lower case, accents folded, trimmed.
/// ASCII names (nearly all) without the analyzer.
fn fold(name: &str) -> Cow<'_, str> {
    let name = name.trim();
    if name.is_ascii() {
        if name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(name)
        }
    } else {
        Cow::Owned(crate::analyzer::fold(name))
    }
}

/// Whether `name` folds to `folded` (already folded).
fn folds_to(name: &str, folded: &str) -> bool {
    if name.is_ascii() {
        name.trim().eq_ignore_ascii_case(folded)
    } else {
        fold(name) == folded
    }
}

/// The edit distance between `typed` (folded) and a name, when at most
/// `tolerance`; names whose length alone rules that out are not compared.
fn distance_within(typed: &str, name: &str, tolerance: usize) -> Option<usize> {
    let name = fold(name);
    if typed.len().abs_diff(name.len()) > tolerance * 4 {
        return None;
    }
    let distance = strsim::damerau_levenshtein(typed, &name);
    (distance <= tolerance).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_to_lower_case_without_accents() {
        assert_eq!(fold(" Société Générale "), "societe generale");
        assert_eq!(fold("opec"), "opec");
        assert!(folds_to("OPEC", "opec"));
        assert!(folds_to("Nestlé", "nestle"));
        assert!(!folds_to("Opel", "opec"));
    }

    #[test]
    fn distances_stop_at_the_tolerance() {
        assert_eq!(distance_within("hmv", "HMS", 1), Some(1));
        assert_eq!(
            distance_within("untied kingdom", "United Kingdom", 3),
            Some(1)
        );
        assert_eq!(
            distance_within("bbc", "British Broadcasting Corporation", 1),
            None
        );
    }

    #[test]
    fn aliases_come_from_the_extractor_table() {
        let opec = "Organization of Petroleum Exporting Countries";
        assert_eq!(organisation_senses("Opec"), [opec]);
        assert_eq!(organisation_senses("the OPEC"), [opec]);
        let names = alias_names(FacetField::Org, opec);
        assert!(names.contains(&"opec".to_string()), "{names:?}");
        assert!(names.contains(&"organisation of petroleum exporting countries".to_string()));
        assert!(aliases(FacetField::Person, "Blair").is_empty());
    }

    use crate::article::Article;
    use crate::extract::Facets;
    use crate::index::NewsIndex;
    use crate::search::{FacetCount, Query};

    /// Five articles with the organisations and people an extractor would
    /// give them, BBC Sport and BBC Radio 4 being units of the BBC.
    fn newsroom() -> NewsIndex {
        let index = NewsIndex::in_memory().unwrap();
        let mut indexer = index.indexer().unwrap();
        indexer.set_organisation_parents(|name| {
            matches!(name, "BBC Sport" | "BBC Radio 4").then(|| "BBC".to_string())
        });
        let articles: [(&str, &str, &[&str], &[&str]); 5] = [
            (
                "Final on BBC Sport",
                "BBC Sport will show the final, Tony Blair said.",
                &["BBC Sport"],
                &["Tony Blair"],
            ),
            (
                "Blair and Brown at the BBC",
                "Tony Blair and Gordon Brown spoke to the BBC on Monday.",
                &["BBC"],
                &["Tony Blair", "Gordon Brown"],
            ),
            (
                "Brown on the radio",
                "Gordon Brown told BBC Radio 4 that the BBC had asked him first.",
                &["BBC Radio 4", "BBC"],
                &["Gordon Brown"],
            ),
            (
                "Opec holds output",
                "Opec ministers agreed in Vienna to hold output steady.",
                &["Opec"],
                &[],
            ),
            (
                "YouGov poll",
                "A YouGov poll put Tony Blair ahead.",
                &["YouGov"],
                &["Tony Blair"],
            ),
        ];
        for (title, body, orgs, people) in articles {
            let facets = Facets {
                organisations: orgs.iter().map(|s| s.to_string()).collect(),
                people: people.iter().map(|s| s.to_string()).collect(),
                ..Facets::default()
            };
            indexer
                .add_extracted(&Article::new(title, body), &facets)
                .unwrap();
        }
        indexer.commit().unwrap();
        index
    }

    fn titles(index: &NewsIndex, query: Query) -> Vec<String> {
        let mut titles: Vec<String> = index
            .search(&query.limit(100))
            .unwrap()
            .hits
            .into_iter()
            .map(|hit| hit.article.title)
            .collect();
        titles.sort();
        titles
    }

    #[test]
    fn a_body_includes_its_units_and_a_unit_is_itself_alone() {
        let index = newsroom();
        assert_eq!(
            titles(&index, Query::new("").org("BBC")),
            [
                "Blair and Brown at the BBC",
                "Brown on the radio",
                "Final on BBC Sport"
            ]
        );
        for unit in ["BBC Sport", "bbc sport", "/org/BBC/BBC Sport"] {
            assert_eq!(
                titles(&index, Query::new("").org(unit)),
                ["Final on BBC Sport"],
                "{unit}"
            );
        }
        // No unit of a name the index does not have.
        let world = index.search(&Query::new("").org("BBC World")).unwrap();
        assert_eq!(world.total_hits, 0);
        assert_eq!(world.unmatched_filters[0].suggestions, []);
        // Hits name the unit by its own name.
        let hit = &index.search(&Query::new("final")).unwrap().hits[0];
        assert_eq!(hit.organisations, ["BBC Sport"]);
    }

    #[test]
    fn organisation_counts_roll_up_with_units_as_children() {
        let index = newsroom();
        let list = index.facets(&Query::new(""), FacetField::Org, 10).unwrap();
        let bbc = &list.values[0];
        assert_eq!((bbc.value.as_str(), bbc.count), ("BBC", 3));
        assert_eq!(
            bbc.children,
            [
                FacetCount::new("BBC Radio 4", 1),
                FacetCount::new("BBC Sport", 1)
            ]
        );
        // BBC, OPEC and YouGov: units are not values of their own.
        assert_eq!(list.distinct, 3);
        let json = serde_json::to_value(&list).unwrap();
        assert_eq!(json["values"][0]["children"][1]["value"], "BBC Sport");
        assert!(json["values"][1].get("children").is_none());
        // The same in a search's facet counts.
        let results = index.search(&Query::new("").with_facets(10)).unwrap();
        let counts = results.facets.unwrap();
        assert_eq!(counts.organisations[0], *bbc);
        assert_eq!(counts.people[0], FacetCount::new("Tony Blair", 3));
        // Over the unit's articles, the parent counts one.
        let unit = index
            .facets(&Query::new("").org("BBC Sport"), FacetField::Org, 10)
            .unwrap();
        assert_eq!(unit.values[0].count, 1);
        assert_eq!(unit.values[0].children, [FacetCount::new("BBC Sport", 1)]);
    }

    #[test]
    fn people_are_filtered_and_counted_by_full_name() {
        let index = newsroom();
        assert_eq!(
            titles(&index, Query::new("").person("Tony Blair")),
            [
                "Blair and Brown at the BBC",
                "Final on BBC Sport",
                "YouGov poll"
            ]
        );
        assert_eq!(
            titles(&index, Query::new("").person("tony blair")),
            titles(&index, Query::new("").person("/person/Tony Blair"))
        );
        // Repeated: every person named.
        assert_eq!(
            titles(
                &index,
                Query::new("").person("Tony Blair").person("Gordon Brown")
            ),
            ["Blair and Brown at the BBC"]
        );
        let list = index
            .facets(&Query::new(""), FacetField::Person, 10)
            .unwrap();
        assert_eq!(
            list.values,
            [
                FacetCount::new("Tony Blair", 3),
                FacetCount::new("Gordon Brown", 2)
            ]
        );
        let hit = &index.search(&Query::new("radio")).unwrap().hits[0];
        assert_eq!(hit.people, ["Gordon Brown"]);
        // A surname alone is no value; the people it may mean are offered.
        let blair = index.search(&Query::new("").person("Blair")).unwrap();
        assert_eq!(blair.total_hits, 0);
        assert_eq!(blair.unmatched_filters[0].field, FacetField::Person);
        assert_eq!(
            blair.unmatched_filters[0].suggestions,
            [FacetCount::new("Tony Blair", 3)]
        );
    }

    #[test]
    fn aliases_and_cases_find_the_same_articles_and_misspellings_are_suggested() {
        let index = newsroom();
        let expected = ["Opec holds output"];
        for name in [
            "Opec",
            "OPEC",
            "opec",
            "Organisation of Petroleum Exporting Countries",
            "organization of petroleum exporting countries",
        ] {
            assert_eq!(titles(&index, Query::new("").org(name)), expected, "{name}");
        }
        let typo = index.search(&Query::new("").org("Opek")).unwrap();
        assert_eq!(typo.total_hits, 0);
        assert_eq!(
            typo.unmatched_filters[0].suggestions,
            [FacetCount::new(
                "Organization of Petroleum Exporting Countries",
                1
            )]
        );
        let far = index.search(&Query::new("").org("Gazprom")).unwrap();
        assert!(far.unmatched_filters[0].suggestions.is_empty());
    }

    /// "EC" was the European Community on the 1987 wire, the European
    /// Commission since: the filter takes the sense the index holds most of.
    #[test]
    fn a_name_of_two_bodies_finds_the_one_the_index_holds_most_of() {
        let index = NewsIndex::in_memory().unwrap();
        let mut indexer = index.indexer().unwrap();
        let dated = |title: &str, year: i32| {
            let mut article = Article::new(title, "EC ministers met in Brussels on farm prices.");
            article.date = Some(
                time::Date::from_calendar_date(year, time::Month::March, 3)
                    .unwrap()
                    .midnight()
                    .assume_utc(),
            );
            article
        };
        let ec = Facets {
            organisations: vec!["EC".into()],
            ..Facets::default()
        };
        for article in [
            dated("Farm prices 1987", 1987),
            dated("Milk quotas 1987", 1987),
            dated("Farm prices 2005", 2005),
        ] {
            indexer.add_extracted(&article, &ec).unwrap();
        }
        indexer.commit().unwrap();
        assert_eq!(
            titles(&index, Query::new("").org("EC")),
            ["Farm prices 1987", "Milk quotas 1987"]
        );
        assert_eq!(
            titles(&index, Query::new("").org("European Commission")),
            ["Farm prices 2005"]
        );
    }

    /// A parent no article names by itself is still a value: its units'.
    #[test]
    fn a_parent_known_only_through_its_units_is_found_in_any_case() {
        let index = NewsIndex::in_memory().unwrap();
        let mut indexer = index.indexer().unwrap();
        indexer.set_organisation_parents(|name| {
            matches!(name, "Acme Radio" | "Acme Films").then(|| "Acme Media".to_string())
        });
        for (title, org) in [
            ("Radio ratings", "Acme Radio"),
            ("Film slate", "Acme Films"),
        ] {
            let facets = Facets {
                organisations: vec![org.into()],
                ..Facets::default()
            };
            let article = Article::new(title, format!("{org} reported its results on Monday."));
            indexer.add_extracted(&article, &facets).unwrap();
        }
        indexer.commit().unwrap();
        for name in ["Acme Media", "acme media", "ACME MEDIA"] {
            assert_eq!(
                titles(&index, Query::new("").org(name)),
                ["Film slate", "Radio ratings"],
                "{name}"
            );
        }
        assert_eq!(
            titles(&index, Query::new("").org("acme radio")),
            ["Radio ratings"]
        );
        let list = index.facets(&Query::new(""), FacetField::Org, 10).unwrap();
        assert_eq!(list.values.len(), 1);
        assert_eq!(
            (list.values[0].value.as_str(), list.values[0].count),
            ("Acme Media", 2)
        );
        assert_eq!(list.values[0].children.len(), 2);
        let typo = index.search(&Query::new("").org("Acme Medai")).unwrap();
        assert_eq!(
            typo.unmatched_filters[0].suggestions,
            [FacetCount::new("Acme Media", 2)]
        );
    }
}
