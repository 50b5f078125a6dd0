//! The user's corrections of entity facets: a TOML file, kept in the
//! index folder as [`CORRECTIONS_FILE`] (or named by the host), that
//! merges, renames, re-parents, drops and moves values of the `org`,
//! `person` and `country` facets.
//!
//! ```toml
//! [org]
//! merge = { "Man Utd" = "Manchester United" }   # several names, one value
//! rename = { "Sky" = "BSkyB" }                  # a better name for a value
//! parent = { "BBC Three" = "BBC", "Sky News" = "" }  # "" = no parent
//! drop = ["House", "GameBoy"]                   # not organisations
//! to_person = ["Lindsay Davenport"]             # people, not organisations
//!
//! [person]
//! merge = { "Tony Blairs" = "Tony Blair" }
//! drop = ["Douglas"]
//! to_org = ["Goldman Sachs"]                    # organisations, not people
//!
//! [country]
//! rename = { "Burma" = "Myanmar" }
//! ```
//!
//! Names are facet values exactly as `search facets` lists them (case
//! and spaces matter). Corrections are pure functions of the values the
//! extractor found ([`EntityValues`]): the index keeps those originals
//! beside the corrected facets, so a changed file is re-applied to an
//! index without reading its articles again, and a rule removed later
//! gives the original value back.
//!
//! This module parses and applies; it knows nothing of the index
//! ([`crate::NewsIndex::apply_corrections`] rewrites the stored articles).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

mod parse;

/// Name of the corrections file in an index folder: read by every
/// indexing run into that index, and by `search corrections apply`.
pub const CORRECTIONS_FILE: &str = "corrections.toml";

/// Most levels of an organisation's facet path (a unit of a unit of a
/// body is three), as the document writer bounds them.
const MAX_ORG_DEPTH: usize = 4;

/// A corrections file that cannot be used, with where and what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CorrectionsError {
    /// The file could not be read.
    #[error("{}: {source}", .path.display())]
    Read {
        /// The corrections file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML or breaks a rule of the format.
    #[error("{}:{line}: {message}", .path.display())]
    Invalid {
        /// The corrections file (`<text>` for one parsed from a string).
        path: PathBuf,
        /// One-based line of the offending entry.
        line: usize,
        /// What is wrong and what to do.
        message: String,
    },
}

/// A hierarchy of organisations: the parent of a canonical name, if any.
pub type ParentOf = dyn Fn(&str) -> Option<String>;

/// A facet that corrections act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    /// Organisations (`[org]`, facet `/org/...`).
    Org,
    /// People (`[person]`, facet `/person/...`).
    Person,
    /// Countries (`[country]`, facets `/country/...` and `/about/...`).
    Country,
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Section::Org => "org",
            Section::Person => "person",
            Section::Country => "country",
        })
    }
}

/// The entity facet values of one article, before or after corrections.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityValues {
    /// Organisations, each as its facet path below `/org`: parents first,
    /// the value last (`["BBC", "BBC Sport"]`).
    #[serde(default, rename = "org", skip_serializing_if = "Vec::is_empty")]
    pub organisations: Vec<Vec<String>>,
    /// People, by the fullest name the article uses.
    #[serde(default, rename = "person", skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<String>,
    /// Countries referred to, most salient first.
    #[serde(default, rename = "country", skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    /// Countries the article is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<String>,
}

/// What corrections did to one value of an article.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Change {
    /// The facet the value was in.
    pub facet: Section,
    /// The value as extracted (an organisation as its path, `BBC/BBC Sport`).
    pub value: String,
    /// The facet it is in now (another one when moved).
    pub to_facet: Section,
    /// The value now; `None` when dropped.
    pub to: Option<String>,
}

/// The rules of one facet, names resolved: merges and renames followed to
/// their final name, parents keyed by final names.
#[derive(Debug, Clone, Default)]
struct Rules {
    names: HashMap<String, String>,
    /// Organisations only: the parent of a value, `None` for top level.
    parents: HashMap<String, Option<String>>,
    drop: HashSet<String>,
    /// Names that belong to the other facet (org <-> person).
    moved: HashSet<String>,
    /// Every name a rule is about, as written, with its line (for
    /// [`Corrections::subjects`]).
    subjects: Vec<(String, usize)>,
}

/// What one facet's rules make of a value.
enum Outcome {
    Keep(String),
    Drop,
    Move(String),
}

impl Rules {
    fn resolve(&self, value: &str) -> Outcome {
        if self.drop.contains(value) {
            return Outcome::Drop;
        }
        if self.moved.contains(value) {
            return Outcome::Move(value.to_string());
        }
        let name = self.names.get(value).map_or(value, String::as_str);
        if self.drop.contains(name) {
            Outcome::Drop
        } else if self.moved.contains(name) {
            Outcome::Move(name.to_string())
        } else {
            Outcome::Keep(name.to_string())
        }
    }

    /// The value's name, unless dropped or moved.
    fn kept(&self, value: &str) -> Option<String> {
        match self.resolve(value) {
            Outcome::Keep(name) => Some(name),
            _ => None,
        }
    }

    fn is_empty(&self) -> bool {
        self.names.is_empty()
            && self.parents.is_empty()
            && self.drop.is_empty()
            && self.moved.is_empty()
    }
}

/// A parsed corrections file. [`Corrections::default`] corrects nothing.
#[derive(Debug, Clone, Default)]
pub struct Corrections {
    org: Rules,
    person: Rules,
    country: Rules,
    /// The file as written, comments included.
    text: String,
    path: Option<PathBuf>,
}

impl Corrections {
    /// Read and check a corrections file.
    ///
    /// # Errors
    ///
    /// [`CorrectionsError::Read`] when it cannot be read,
    /// [`CorrectionsError::Invalid`] (file, line, what to do) when it
    /// breaks the format.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Corrections, CorrectionsError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| CorrectionsError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        parse::parse(&text, path)
    }

    /// The index folder's corrections file ([`CORRECTIONS_FILE`] in
    /// `index_dir`), or no corrections when there is none.
    ///
    /// # Errors
    ///
    /// As [`Corrections::from_file`], for a file that is there.
    pub fn of_index(index_dir: &Path) -> Result<Corrections, CorrectionsError> {
        let path = index_dir.join(CORRECTIONS_FILE);
        match path.try_exists() {
            Ok(false) => Ok(Corrections::default()),
            _ => Corrections::from_file(path),
        }
    }

    /// Parse corrections from TOML text; errors name the file `<text>`.
    ///
    /// ```
    /// use newsindex::corrections::{Corrections, EntityValues};
    ///
    /// let c = Corrections::parse("[org]\nmerge = { \"Man Utd\" = \"Manchester United\" }\n").unwrap();
    /// let original = EntityValues {
    ///     organisations: vec![vec!["Man Utd".into()]],
    ///     ..EntityValues::default()
    /// };
    /// assert_eq!(c.apply(&original).organisations, [["Manchester United"]]);
    ///
    /// let err = Corrections::parse("[org]\ndrop = [\"House\"]\nmerg = {}\n").unwrap_err();
    /// assert!(err.to_string().starts_with("<text>:3: unknown field `merg`"), "{err}");
    /// ```
    ///
    /// # Errors
    ///
    /// [`CorrectionsError::Invalid`] as for a file.
    pub fn parse(text: &str) -> Result<Corrections, CorrectionsError> {
        parse::parse(text, Path::new("<text>"))
    }

    /// The value a name now has in `section` when a `merge` or `rename`
    /// rule replaced it ("Man Utd" -> "Manchester United"), so a filter by
    /// the old name still finds its articles; `None` when no such rule
    /// names it, or the value was dropped or moved to the other facet.
    pub fn replacement(&self, section: Section, name: &str) -> Option<String> {
        let rules = match section {
            Section::Org => &self.org,
            Section::Person => &self.person,
            Section::Country => &self.country,
        };
        rules.names.get(name)?;
        rules.kept(name).filter(|to| to != name)
    }

    /// Whether no rule changes anything.
    pub fn is_empty(&self) -> bool {
        self.org.is_empty() && self.person.is_empty() && self.country.is_empty()
    }

    /// The file as written (comments included), empty for none.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The file the corrections were read from, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Every name a rule is about (a merged, renamed, re-parented,
    /// dropped or moved value), as written, with its facet and line: a
    /// host reports those no article has (a typo, a value since gone).
    pub fn subjects(&self) -> Vec<(Section, &str, usize)> {
        fn of(section: Section, rules: &Rules) -> impl Iterator<Item = (Section, &str, usize)> {
            rules
                .subjects
                .iter()
                .map(move |(name, line)| (section, name.as_str(), *line))
        }
        let mut all: Vec<_> = of(Section::Org, &self.org).collect();
        all.extend(of(Section::Person, &self.person));
        all.extend(of(Section::Country, &self.country));
        all
    }

    /// The corrected values of an article whose extractor found `original`.
    /// An organisation that a rule takes out of its extracted place (a
    /// parent rule naming a body the article does not, a new top-level
    /// name, a person made an organisation) goes where no further rule puts
    /// it: on top. [`Corrections::apply_under`] asks a hierarchy instead.
    pub fn apply(&self, original: &EntityValues) -> EntityValues {
        self.correct(original, &|_| None, None)
    }

    /// [`Corrections::apply`], with such an organisation put under the
    /// parent `parent_of` gives it (as the index does, with
    /// [`crate::extract::organisation_parent`]): a rule `"Newsnight" =
    /// "BBC Two"` stores `/org/BBC/BBC Two/Newsnight`.
    pub fn apply_under(&self, original: &EntityValues, parent_of: &ParentOf) -> EntityValues {
        self.correct(original, parent_of, None)
    }

    /// What [`Corrections::apply_under`] changes in `original`, value by value.
    pub fn changes_under(&self, original: &EntityValues, parent_of: &ParentOf) -> Vec<Change> {
        let mut changes = Vec::new();
        self.correct(original, parent_of, Some(&mut changes));
        changes
    }

    fn correct(
        &self,
        original: &EntityValues,
        parent_of: &ParentOf,
        mut log: Option<&mut Vec<Change>>,
    ) -> EntityValues {
        let mut out = EntityValues::default();
        let mut note = |facet, value: String, to_facet, to: Option<String>| {
            if let Some(log) = log.as_deref_mut() {
                if facet != to_facet || to.as_deref() != Some(value.as_str()) {
                    log.push(Change {
                        facet,
                        value,
                        to_facet,
                        to,
                    });
                }
            }
        };
        for path in &original.organisations {
            let Some((value, ancestors)) = path.split_last() else {
                continue;
            };
            let before = path.join("/");
            match self.org.resolve(value) {
                Outcome::Drop => note(Section::Org, before, Section::Org, None),
                Outcome::Keep(name) => {
                    let placed = name == *value || !ancestors.is_empty();
                    let path = self.org_path(name, ancestors, placed, parent_of);
                    note(Section::Org, before, Section::Org, Some(path.join("/")));
                    push_org(&mut out.organisations, path);
                }
                Outcome::Move(name) => {
                    let person = self.person.kept(&name);
                    note(Section::Org, before, Section::Person, person.clone());
                    push(&mut out.people, person);
                }
            }
        }
        for value in &original.people {
            match self.person.resolve(value) {
                Outcome::Drop => note(Section::Person, value.clone(), Section::Person, None),
                Outcome::Keep(name) => {
                    note(
                        Section::Person,
                        value.clone(),
                        Section::Person,
                        Some(name.clone()),
                    );
                    push(&mut out.people, Some(name));
                }
                Outcome::Move(name) => {
                    let path =
                        (self.org.kept(&name)).map(|org| self.org_path(org, &[], false, parent_of));
                    note(
                        Section::Person,
                        value.clone(),
                        Section::Org,
                        path.as_ref().map(|p| p.join("/")),
                    );
                    if let Some(path) = path {
                        push_org(&mut out.organisations, path);
                    }
                }
            }
        }
        for value in &original.countries {
            let name = self.country.kept(value);
            note(
                Section::Country,
                value.clone(),
                Section::Country,
                name.clone(),
            );
            push(&mut out.countries, name);
        }
        for value in &original.about {
            push(&mut out.about, self.country.kept(value));
        }
        out
    }

    /// The facet path of organisation `name`, whose extracted value sat
    /// under `ancestors`: each step up is the value's parent rule when it
    /// has one, else its place in the extracted path (ancestors renamed,
    /// dropped ones left out) when it has one (`placed`), else the parent
    /// `parent_of` gives.
    fn org_path(
        &self,
        name: String,
        ancestors: &[String],
        placed: bool,
        parent_of: &ParentOf,
    ) -> Vec<String> {
        let chain: Vec<String> = ancestors.iter().filter_map(|a| self.org.kept(a)).collect();
        // Where the current name sits in `chain` (its parent is the one
        // before), or `None` off the extracted path.
        let mut at = placed.then_some(chain.len());
        let mut path = vec![name];
        while path.len() < MAX_ORG_DEPTH {
            let current = path.last().expect("never empty");
            let parent = match self.org.parents.get(current) {
                Some(None) => None,
                Some(Some(parent)) => {
                    at = chain.iter().position(|c| c == parent);
                    Some(parent.clone())
                }
                None => match at {
                    Some(i) if i > 0 => {
                        at = Some(i - 1);
                        Some(chain[i - 1].clone())
                    }
                    Some(_) => None,
                    None => parent_of(current).and_then(|p| self.org.kept(&p)),
                },
            };
            match parent {
                Some(parent) if !path.contains(&parent) => path.push(parent),
                _ => break,
            }
        }
        path.reverse();
        path
    }
}

/// Add a name unless absent or already there.
fn push(values: &mut Vec<String>, name: Option<String>) {
    if let Some(name) = name {
        if !values.contains(&name) {
            values.push(name);
        }
    }
}

/// Add an organisation unless one with the same value is already there.
fn push_org(orgs: &mut Vec<Vec<String>>, path: Vec<String>) {
    if !orgs.iter().any(|p| p.last() == path.last()) {
        orgs.push(path);
    }
}

#[cfg(test)]
mod tests;
