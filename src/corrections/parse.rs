//! Reading a corrections file: TOML into [`Rules`], every name checked,
//! each mistake one line naming the file, the line and what to do.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{Corrections, CorrectionsError, Rules, Section};

/// `"from" = "to"` tables (merge, rename, parent), with where each name is.
type Names = BTreeMap<Spanned<String>, Spanned<String>>;
/// Lists of names (drop, to_person, to_org).
type List = Vec<Spanned<String>>;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default, alias = "organisation", alias = "organization")]
    org: OrgSection,
    #[serde(default)]
    person: PersonSection,
    #[serde(default)]
    country: CountrySection,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct OrgSection {
    #[serde(default)]
    merge: Names,
    #[serde(default)]
    rename: Names,
    #[serde(default)]
    parent: Names,
    #[serde(default)]
    drop: List,
    #[serde(default)]
    to_person: List,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PersonSection {
    #[serde(default)]
    merge: Names,
    #[serde(default)]
    rename: Names,
    #[serde(default)]
    drop: List,
    #[serde(default)]
    to_org: List,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct CountrySection {
    #[serde(default)]
    merge: Names,
    #[serde(default)]
    rename: Names,
    #[serde(default)]
    drop: List,
}

/// One section's tables, whichever facet it is.
struct Raw {
    section: Section,
    merge: Names,
    rename: Names,
    parent: Names,
    drop: List,
    moved: List,
    /// The key `moved` was read from (`to_person`, `to_org`).
    moved_key: &'static str,
}

/// The file being read, for error lines.
struct Source<'a> {
    text: &'a str,
    path: &'a Path,
}

impl Source<'_> {
    fn line(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn error(&self, name: &Spanned<String>, message: String) -> CorrectionsError {
        CorrectionsError::Invalid {
            path: self.path.to_path_buf(),
            line: self.line(name.span().start),
            message,
        }
    }
}

/// Parse and check the text of a corrections file read from `path`.
pub(super) fn parse(text: &str, path: &Path) -> Result<Corrections, CorrectionsError> {
    let source = Source { text, path };
    let file: File = toml::from_str(text).map_err(|e| CorrectionsError::Invalid {
        path: path.to_path_buf(),
        line: source.line(e.span().map_or(0, |s| s.start)),
        message: e.message().trim().replace('\n', " "),
    })?;
    let org = build(
        &source,
        Raw {
            section: Section::Org,
            merge: file.org.merge,
            rename: file.org.rename,
            parent: file.org.parent,
            drop: file.org.drop,
            moved: file.org.to_person,
            moved_key: "to_person",
        },
    )?;
    let person = build(
        &source,
        Raw {
            section: Section::Person,
            merge: file.person.merge,
            rename: file.person.rename,
            parent: Names::new(),
            drop: file.person.drop,
            moved: file.person.to_org,
            moved_key: "to_org",
        },
    )?;
    let country = build(
        &source,
        Raw {
            section: Section::Country,
            merge: file.country.merge,
            rename: file.country.rename,
            parent: Names::new(),
            drop: file.country.drop,
            moved: List::new(),
            moved_key: "",
        },
    )?;
    Ok(Corrections {
        org,
        person,
        country,
        text: text.to_string(),
        path: Some(path.to_path_buf()),
    })
}

/// A name as the rules use it: trimmed, refused when empty.
fn name(
    source: &Source,
    raw: &Raw,
    key: &str,
    name: &Spanned<String>,
) -> Result<String, CorrectionsError> {
    let trimmed = name.get_ref().trim();
    if trimmed.is_empty() {
        return Err(source.error(
            name,
            format!(
                "an empty name in [{}] {key}; write each value as `search facets --field {}` lists it",
                raw.section, raw.section
            ),
        ));
    }
    Ok(trimmed.to_string())
}

fn build(source: &Source, raw: Raw) -> Result<Rules, CorrectionsError> {
    let section = raw.section;
    let mut rules = Rules::default();
    // Merges and renames, each name once: from -> (to, where, verb).
    let mut direct: BTreeMap<String, (String, &Spanned<String>, &str)> = BTreeMap::new();
    for (table, verb) in [(&raw.merge, "merged into"), (&raw.rename, "renamed to")] {
        let key = if verb == "merged into" {
            "merge"
        } else {
            "rename"
        };
        for (from, to) in table {
            let (from_name, to_name) =
                (name(source, &raw, key, from)?, name(source, &raw, key, to)?);
            if from_name == to_name {
                return Err(source.error(
                    from,
                    format!("[{section}] \"{from_name}\" is {verb} itself; remove this line"),
                ));
            }
            if let Some((other, _, other_verb)) = direct.get(&from_name) {
                return Err(source.error(
                    from,
                    format!(
                        "[{section}] \"{from_name}\" is {other_verb} \"{other}\" and {verb} \"{to_name}\"; keep one"
                    ),
                ));
            }
            rules
                .subjects
                .push((from_name.clone(), source.line(from.span().start)));
            direct.insert(from_name, (to_name, from, verb));
        }
    }
    // Chains end at their last name: a -> b and b -> c is a -> c.
    for (from, (to, at, _)) in &direct {
        let mut seen = vec![from.as_str()];
        let mut last = to.as_str();
        while let Some((next, _, _)) = direct.get(last) {
            seen.push(last);
            if seen.contains(&next.as_str()) {
                seen.push(next);
                return Err(source.error(
                    at,
                    format!(
                        "[{section}] names merged or renamed round in a circle ({}); keep one direction",
                        seen.join(" -> ")
                    ),
                ));
            }
            last = next;
        }
        rules.names.insert(from.clone(), last.to_string());
    }
    for item in &raw.moved {
        let value = name(source, &raw, raw.moved_key, item)?;
        if let Some(to) = rules.names.get(&value) {
            return Err(source.error(
                item,
                format!(
                    "[{section}] \"{value}\" is merged or renamed to \"{to}\" and listed in {}; list \"{to}\" there instead",
                    raw.moved_key
                ),
            ));
        }
        rules
            .subjects
            .push((value.clone(), source.line(item.span().start)));
        rules.moved.insert(value);
    }
    for item in &raw.drop {
        let value = name(source, &raw, "drop", item)?;
        if let Some(to) = rules.names.get(&value) {
            return Err(source.error(
                item,
                format!("[{section}] \"{value}\" is dropped and merged or renamed to \"{to}\"; keep one"),
            ));
        }
        if rules.moved.contains(&value) {
            return Err(source.error(
                item,
                format!(
                    "[{section}] \"{value}\" is dropped and listed in {}; keep one",
                    raw.moved_key
                ),
            ));
        }
        rules
            .subjects
            .push((value.clone(), source.line(item.span().start)));
        rules.drop.insert(value);
    }
    parents(source, &raw, &mut rules)?;
    Ok(rules)
}

/// `[org] parent`: keys and parents by their final names, `""` for top
/// level; a name made its own parent, or parents in a circle, refused.
fn parents(source: &Source, raw: &Raw, rules: &mut Rules) -> Result<(), CorrectionsError> {
    let section = raw.section;
    let mut at: BTreeMap<String, &Spanned<String>> = BTreeMap::new();
    for (child, parent) in &raw.parent {
        let child_name = name(source, raw, "parent", child)?;
        let child_name = rules.names.get(&child_name).cloned().unwrap_or(child_name);
        let parent_name = match parent.get_ref().trim() {
            "" => None,
            _ => {
                let p = name(source, raw, "parent", parent)?;
                Some(rules.names.get(&p).cloned().unwrap_or(p))
            }
        };
        if parent_name.as_ref() == Some(&child_name) {
            return Err(source.error(
                child,
                format!("[{section}] \"{child_name}\" is made its own parent; remove this line"),
            ));
        }
        if let Some(earlier) = rules.parents.get(&child_name) {
            if *earlier != parent_name {
                return Err(source.error(
                    child,
                    format!(
                        "[{section}] \"{child_name}\" is given two parents (its names are merged); keep one"
                    ),
                ));
            }
        }
        rules.subjects.push((
            child.get_ref().trim().to_string(),
            source.line(child.span().start),
        ));
        at.insert(child_name.clone(), child);
        rules.parents.insert(child_name, parent_name);
    }
    for (child, line) in &at {
        let mut chain = vec![child.as_str()];
        let mut current = child.as_str();
        while let Some(Some(parent)) = rules.parents.get(current) {
            let looped = chain.contains(&parent.as_str());
            chain.push(parent);
            if looped {
                return Err(source.error(
                    line,
                    format!(
                        "[{section}] parents go round in a circle ({}); remove one of these parents",
                        chain.join(" -> ")
                    ),
                ));
            }
            current = parent;
        }
    }
    Ok(())
}
