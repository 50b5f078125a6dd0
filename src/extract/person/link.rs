//! One entry per person of an article: the mentions of the body grouped
//! by person (full names that are forms of one another, then surnames and
//! first names alone linked to the full name they belong to), named by the
//! fullest form, and the headline's mentions of the same people.

use std::ops::Range;

use super::find::{name_run, Found};
use crate::extract::token::Token;

/// One person of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Person {
    /// The fullest name the article writes ("Tony Blair" for "Tony
    /// Blair", "Mr Blair" and "Blair").
    pub name: String,
    /// Every mention: in the title?, byte span in the squashed title or
    /// body; title first, then in order of the body.
    pub mentions: Vec<(bool, Range<usize>)>,
}

/// A person being built: its forms (word lists) and mentions.
struct Group<'a> {
    forms: Vec<Vec<&'a str>>,
    mentions: Vec<(bool, Range<usize>)>,
    /// Some mention says it is a person (see [`Found::sure`]).
    sure: bool,
}

impl Group<'_> {
    /// The fullest form: most words, then most characters, then first
    /// written.
    fn fullest(&self) -> &[&str] {
        let mut best = &self.forms[0];
        for f in &self.forms[1..] {
            let key = |f: &Vec<&str>| (f.len(), f.iter().map(|w| w.len()).sum::<usize>());
            if key(f) > key(best) {
                best = f;
            }
        }
        best
    }

    /// True when the full name `words` (two words or more) is a form of
    /// this person: the same first and last word ("George Bush" / "George
    /// W Bush"), or one is a run of the other's words ("John Paul II" /
    /// "Pope John Paul II").
    fn same_full(&self, words: &[&str]) -> bool {
        self.forms.iter().filter(|f| f.len() >= 2).any(|f| {
            let same_last = f.last().zip(words.last()).is_some_and(|(a, b)| same(a, b));
            (same_last
                && (same(f[0], words[0])
                    || initial_of(f[0], words[0])
                    || initial_of(words[0], f[0])))
                || contains_run(f, words)
                || contains_run(words, f)
        })
    }

    /// True when `word` is the surname of one of this person's full forms
    /// (or the name after a peer's title: "Falconer" of "Lord
    /// Falconer").
    fn surname(&self, word: &str) -> bool {
        self.forms
            .iter()
            .any(|f| f.len() >= 2 && f.last().is_some_and(|l| same(l, word)))
    }

    /// True when `word` opens one of this person's full forms: a first
    /// name ("Lindsay" of "Lindsay Davenport").
    fn first_name(&self, word: &str) -> bool {
        self.forms.iter().any(|f| f.len() >= 2 && f[0] == word)
    }

    /// True when the person was last mentioned before byte `at` of the
    /// body, and where.
    fn last_before(&self, at: usize) -> Option<usize> {
        self.mentions
            .iter()
            .filter(|(t, r)| !t && r.start < at)
            .map(|(_, r)| r.start)
            .max()
    }
}

/// True when two words of names are the same but for case ("van Gogh" /
/// "Van Gogh").
fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// True when `a` is the initial of the name `b` ("H" or "H." of "Hal").
fn initial_of(a: &str, b: &str) -> bool {
    let a = a.strip_suffix('.').unwrap_or(a);
    a.len() == 1 && b.len() > 1 && b.starts_with(a)
}

/// True when `inner` is a run of consecutive words of `outer`.
fn contains_run(outer: &[&str], inner: &[&str]) -> bool {
    inner.len() >= 2
        && outer.len() > inner.len()
        && outer
            .windows(inner.len())
            .any(|w| w.iter().zip(inner).all(|(a, b)| same(a, b)))
}

/// The people of an article from the person mentions of its body
/// (`found`, in order, over the squashed `body`), with their mentions in
/// the squashed `title` (tokens `title_toks`). In order of first mention
/// in the body.
pub(crate) fn people(
    body: &str,
    found: &[Found],
    title: &str,
    title_toks: &[Token<'_>],
) -> Vec<Person> {
    let words = |f: &Found| -> Vec<&str> { body[f.span.clone()].split(' ').collect() };
    let mut groups: Vec<Group<'_>> = Vec::new();
    // Full names first, so a surname before its full name ("Blair ...
    // Tony Blair" in a lead) still finds it.
    for f in found.iter().filter(|f| body[f.span.clone()].contains(' ')) {
        let w = words(f);
        match groups.iter_mut().find(|g| g.same_full(&w)) {
            Some(g) => {
                g.forms.push(w);
                g.mentions.push((false, f.span.clone()));
                g.sure |= f.sure;
            }
            None => groups.push(Group {
                forms: vec![w],
                mentions: vec![(false, f.span.clone())],
                sure: f.sure,
            }),
        }
    }
    let fulls = groups.len();
    for f in found.iter().filter(|f| !body[f.span.clone()].contains(' ')) {
        let w = &body[f.span.clone()];
        // The surname of a full name: the person last mentioned before
        // (two people sharing a surname), else the first named after.
        let by_surname = {
            let matching: Vec<usize> = (0..fulls).filter(|&g| groups[g].surname(w)).collect();
            matching
                .iter()
                .copied()
                .filter_map(|g| groups[g].last_before(f.span.start).map(|at| (at, g)))
                .max()
                .map(|(_, g)| g)
                .or_else(|| matching.first().copied())
        };
        // A first name alone, when one person of the article has it.
        let by_first = || {
            let matching: Vec<usize> = (0..fulls).filter(|&g| groups[g].first_name(w)).collect();
            (matching.len() == 1).then(|| matching[0])
        };
        let same_word = || (fulls..groups.len()).find(|&g| groups[g].forms[0] == [w]);
        match by_surname.or_else(by_first).or_else(same_word) {
            Some(g) => {
                groups[g].forms.push(vec![w]);
                groups[g].mentions.push((false, f.span.clone()));
                groups[g].sure |= f.sure;
            }
            None => groups.push(Group {
                forms: vec![vec![w]],
                mentions: vec![(false, f.span.clone())],
                sure: f.sure,
            }),
        }
    }
    // A single word alone is a person only when the article says so (a
    // title, a speech verb) or keeps naming it: the tagger alone takes
    // sentence openers and works' titles for names ("Learn", "Shrek").
    groups.retain(|g| g.forms.iter().any(|f| f.len() >= 2) || g.sure || g.mentions.len() >= 3);
    for g in &mut groups {
        g.mentions.sort_by_key(|(_, r)| r.start);
    }
    groups.sort_by_key(|g| g.mentions[0].1.start);
    // The headline's names: a full form of a person, or a surname (word
    // by word: a Title Case headline glues names to verbs).
    let mut k = 0;
    while k < title_toks.len() {
        let (e, n) = name_run(title_toks, k);
        if n == 0 {
            k += 1;
            continue;
        }
        let run: Vec<&str> = title[title_toks[k].start..title_toks[e - 1].end]
            .split(' ')
            .collect();
        // The longest form of a person opening the run, else its first
        // word as a surname.
        let full = groups.iter().enumerate().find_map(|(g, p)| {
            p.forms
                .iter()
                .filter(|f| f.len() >= 2 && run.starts_with(f))
                .map(|f| (g, f.len()))
                .max_by_key(|x| x.1)
        });
        let (person, words) = match full {
            Some((g, len)) => (Some(g), len),
            None => {
                let w = run[0];
                let g = groups
                    .iter()
                    .position(|p| p.surname(w) || (p.forms[0].len() == 1 && p.forms[0] == [w]));
                (g, 1)
            }
        };
        // Byte end of the first `words` words of the run.
        let end = title_toks[k].start + run[..words].iter().map(|w| w.len() + 1).sum::<usize>() - 1;
        if let Some(g) = person {
            groups[g].mentions.push((true, title_toks[k].start..end));
        }
        // Go on after the words used (or the first word).
        let used_end = title_toks[k].start + run[0].len();
        let stop = if person.is_some() { end } else { used_end };
        while k < title_toks.len() && title_toks[k].start < stop {
            k += 1;
        }
    }
    groups
        .into_iter()
        .map(|g| Person {
            name: g.fullest().join(" "),
            mentions: {
                let mut m = g.mentions;
                m.sort_by_key(|(t, r)| (!t, r.start));
                m
            },
        })
        .collect()
}
