//! One entry per organisation of an article: the mentions of title and
//! body merged by canonical name, by a name and its short or legal form
//! ("Ecolab" / "Ecolab Co"), by an acronym or short form and its written
//! expansion ("Office of Fair Trading (OFT)", "Opec", "Yugansk" of
//! "Yuganskneftegas") and by a bare name and its one namesake qualified by
//! a foreign country ("Treasury" / "US Treasury"), each under the fullest
//! name the article writes; and the name tests the evidence module shares
//! ([`initials`], [`affix`]).

use super::known::canonical_organisation_on;
use super::mention::Mention;
use super::words::{has, COMPANY, CONNECTOR, LEGAL_FORM};

/// One organisation of an article while merging: the key its names share
/// and the names as written.
struct Entity {
    /// Lower-cased canonical name, or the first name when none is known.
    key: String,
    /// True when the key is a canonical name of the table.
    known: bool,
    /// Names as written, in order of first appearance.
    forms: Vec<String>,
}

impl Entity {
    /// The fullest name as written: of the forms that give the entity's
    /// canonical name (all of them when none is known; "OECD" over a
    /// misspelt expansion "Organisation of Economic Cooperation"), the
    /// longest that is not an acronym (any form when all are), the first of
    /// equals, a form in capitals only when no other is as long ("European
    /// Community" over an ALL-CAPS headline's "EUROPEAN COMMUNITY").
    fn best(&self, date: Option<time::Date>) -> &str {
        let rank = |f: &String| {
            let caps = !f.chars().any(char::is_lowercase);
            let keyed = !self.known
                || canonical_organisation_on(f, date).is_some_and(|c| c.to_lowercase() == self.key);
            (keyed, !(caps && is_acronym(f)), f.chars().count(), !caps)
        };
        let mut best = &self.forms[0];
        for f in &self.forms[1..] {
            if rank(f) > rank(best) {
                best = f;
            }
        }
        best
    }
}

/// True for an acronym: two to six capitals, digits, `&` or dots
/// ("IMF", "M&S", "E.C.").
fn is_acronym(name: &str) -> bool {
    let letters = name.chars().filter(char::is_ascii_uppercase).count();
    letters >= 2
        && name.len() <= 8
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '&' | '.'))
}

/// True when `short` and `long` name one organisation by their words: the
/// same name, or `short` is a proper word-prefix or word-suffix of `long`
/// that the table does not know as another organisation ("Ecolab" of
/// "Ecolab Co", "Working Group on Innovation" of "... Commission Working
/// Group on Innovation"), or only legal forms and company head words
/// follow it ("Barclays" of "Barclays Bank Plc"). A known name is not a
/// short form of a named unit: "BBC" and "BBC Sport", "Labour" and
/// "Labour Ministry" stay two.
fn same_by_words(short: &str, short_known: bool, long: &str) -> bool {
    if short.eq_ignore_ascii_case(long) {
        return true;
    }
    if !affix(short, long) {
        return false;
    }
    if !short_known {
        return true;
    }
    let rest = &long[short.len()..];
    long[..short.len()].eq_ignore_ascii_case(short)
        && rest
            .split(' ')
            .filter(|w| !w.is_empty())
            .all(|w| has(LEGAL_FORM | COMPANY, w.trim_end_matches('.')))
}

/// Merge the mentions of title and body into one name per organisation,
/// in order of first appearance: each organisation's fullest name as
/// written in the article ("Tories" alone stays "Tories"; with
/// "Conservative Party" in the text it is "Conservative Party"). Names of
/// one organisation are those of one canonical name (read by the
/// article's `date`, see [`canonical_organisation_on`]), a name and its
/// short or legal form, and an acronym and its written expansion.
pub(crate) fn merge(
    mentions: impl IntoIterator<Item = Mention>,
    date: Option<time::Date>,
) -> Vec<String> {
    let mut entities: Vec<Entity> = Vec::new();
    for m in mentions {
        let canonical = canonical_organisation_on(&m.name, date);
        let key = canonical.unwrap_or(&m.name).to_lowercase();
        let known = canonical.is_some();
        let at = entities.iter().position(|e| {
            e.key == key
                || e.forms
                    .iter()
                    .any(|f| same_by_words(&m.name, known, f) || same_by_words(f, e.known, &m.name))
        });
        match at {
            Some(k) => {
                let e = &mut entities[k];
                if !e.forms.contains(&m.name) {
                    e.forms.push(m.name);
                }
                // A known name gives its key to names merged by words.
                if known && !e.known {
                    e.key = key;
                    e.known = true;
                }
            }
            None => entities.push(Entity {
                key,
                known,
                forms: vec![m.name],
            }),
        }
    }
    // An acronym of another organisation's name is that organisation:
    // "Office of Fair Trading (OFT)", then "the OFT"; so is a one-word
    // short form that opens a one-word name ("Yugansk" of
    // "Yuganskneftegas").
    let mut k = 0;
    while k < entities.len() {
        let short = entities[k]
            .forms
            .iter()
            .all(|f| acronym_letters(f).is_some() || !f.contains(' '));
        let expanded = if short {
            (0..entities.len()).find(|&j| {
                j != k
                    && entities[j].forms.iter().any(|f| {
                        acronym_letters(f).is_none()
                            && entities[k].forms.iter().any(|a| short_form_of(a, f))
                    })
            })
        } else {
            None
        };
        match expanded {
            Some(j) => {
                let forms = std::mem::take(&mut entities[k].forms);
                entities[j].forms.extend(forms);
                // A known acronym names a misspelt or unknown expansion.
                if entities[k].known && !entities[j].known {
                    entities[j].key = std::mem::take(&mut entities[k].key);
                    entities[j].known = true;
                }
                entities.remove(k);
            }
            None => k += 1,
        }
    }
    qualified_namesakes(&mut entities);
    entities.iter().map(|e| e.best(date).to_string()).collect()
}

/// A bare name and the one namesake the article qualifies by a foreign
/// country ("the Treasury" and "the US Treasury", "Supreme Court" and "US
/// Supreme Court") are one organisation: the article says which body it
/// means. Bare names of the table are the home ones (its weak sections
/// are UK bodies), so a UK qualifier names another body ("Parliament" and
/// "Scottish Parliament" stay two), as do two foreign namesakes (the
/// article cannot tell which: the bare name stays itself).
fn qualified_namesakes(entities: &mut Vec<Entity>) {
    let mut k = 0;
    while k < entities.len() {
        let bare = &entities[k].key;
        let namesakes: Vec<usize> = (0..entities.len())
            .filter(|&j| {
                j != k
                    && entities[j]
                        .key
                        .strip_suffix(bare.as_str())
                        .is_some_and(|q| {
                            q.strip_suffix(' ').is_some_and(|q| {
                                crate::extract::country::canonical_country(q)
                                    .is_some_and(|c| c != "United Kingdom")
                            })
                        })
            })
            .collect();
        if let [j] = namesakes[..] {
            let forms = std::mem::take(&mut entities[k].forms);
            for f in forms {
                if !entities[j].forms.contains(&f) {
                    entities[j].forms.push(f);
                }
            }
            entities.remove(k);
        } else {
            k += 1;
        }
    }
}

/// The capitals an acronym stands for, when `name` is one: "IMF", "M&S"
/// and "E.C." in capitals, or a one-word acronym written as a name
/// ("Opec", "Nato": three to six letters, the first alone capitalised).
fn acronym_letters(name: &str) -> Option<String> {
    if is_acronym(name) && name.len() <= 6 {
        return Some(name.replace(['.', '&'], ""));
    }
    let mut chars = name.chars();
    let titled = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_lowercase());
    (titled && (3..=6).contains(&name.len())).then(|| name.to_ascii_uppercase())
}

/// True when `short` is a short form of the name `long`: its acronym
/// ("OFT" of "Office of Fair Trading", "CNPC" of "China National Petroleum
/// Corporation" and, with the possessor's initial, of "National Petroleum
/// Corporation" in "China's National Petroleum Corporation", "Opec" of
/// "Organisation of Petroleum Exporting Countries", "GSK" of
/// "GlaxoSmithKline" by its capitals), or a one-word
/// name of five letters or more that opens the one-word `long` and leaves
/// at least three letters ("Yugansk" of "Yuganskneftegas").
fn short_form_of(short: &str, long: &str) -> bool {
    if let Some(letters) = acronym_letters(short) {
        let capitals: String = long.chars().filter(char::is_ascii_uppercase).collect();
        let written = is_acronym(short);
        let initials = initials(long);
        // A possessor's initial first: "CNPC" of "China's National
        // Petroleum Corporation", where the possessive split the name.
        let possessor = written && initials.len() >= 3 && letters.get(1..) == Some(&initials);
        return initials == letters
            || possessor
            || (written && capitals.len() >= 3 && capitals == letters);
    }
    let (s, l) = (short.chars().count(), long.chars().count());
    !short.contains(' ') && !long.contains(' ') && s >= 5 && l >= s + 3 && long.starts_with(short)
}

/// The capitals that open the words of `name`, connectors skipped:
/// "Office of Fair Trading" -> "OFT".
pub(crate) fn initials(name: &str) -> String {
    name.split([' ', '-'])
        .filter(|w| !has(CONNECTOR, w) && *w != "the")
        .filter_map(|w| w.chars().next())
        .filter(char::is_ascii_uppercase)
        .collect()
}

/// True when `short` is a proper word-prefix or word-suffix of `long`
/// (ASCII case ignored): "Ecolab" of "Ecolab Co", "Working Group on
/// Innovation" of "... Commission Working Group on Innovation".
pub(crate) fn affix(short: &str, long: &str) -> bool {
    let (s, l) = (short.len(), long.len());
    if short.is_empty() || s >= l {
        return false;
    }
    let lb = long.as_bytes();
    let prefix = lb[s] == b' ' && long.is_char_boundary(s) && long[..s].eq_ignore_ascii_case(short);
    let suffix = lb[l - s - 1] == b' '
        && long.is_char_boundary(l - s)
        && long[l - s..].eq_ignore_ascii_case(short);
    prefix || suffix
}
