//! Finding the organisations of one text: the known names, the head-word
//! candidates, the context names and the tagger's names, run in that
//! order and reconciled (a known name that is something else in place is
//! dropped, a candidate gives way to a known name it overlaps, a tagged
//! name that is a person's, a work's title or an event's is rejected);
//! headlines in capitals give only known names.

use std::ops::Range;

use super::candidates::{from_run, runs};
use super::context::{by_context, every_mention};
use super::filters::{
    after_first_name, before_model, in_event_name, in_list_of_names, ordinary_opener,
    person_by_parts, person_words, product, titled_work,
};
use super::gazetteer::gazetteer_with;
use super::known::{canonical_organisation, known};
use super::mention::Mention;
use super::words::{
    collapse, flags, has, is_event, sentence_start, HEAD, NOT_AFTER_WEAK, NOT_ORG, TIME_WORDS,
};
use crate::extract::country::CountryMatch;
use crate::extract::person;
use crate::extract::tagger::{self, gaz};
use crate::extract::token::{Kind, Token};

/// Organisations mentioned in one text, in order of appearance, with their
/// spans. `caps` marks an ALL-CAPS text (a wire headline): only known
/// organisations are read from it.
#[cfg(test)]
pub(crate) fn mentions(text: &str, caps: bool) -> Vec<Mention> {
    if caps {
        return mentions_in(text, &[], true);
    }
    mentions_in(text, &crate::extract::token::tokenize(text), false)
}

/// [`mentions`] over tokens already made by the caller.
pub(crate) fn mentions_in(text: &str, toks: &[Token<'_>], caps: bool) -> Vec<Mention> {
    mentions_with(text, toks, caps, None, None, None)
}

/// [`mentions_in`], with the known organisations and the country-table
/// matches already found by the caller (see [`exact_patterns`](super::known::exact_patterns),
/// [`known_at`](super::known::known_at) and `scan_body`). The tagger runs
/// once for both classes: its person spans (token ranges) go to
/// `persons` when given.
pub(crate) fn mentions_with(
    text: &str,
    toks: &[Token<'_>],
    caps: bool,
    known_found: Option<Vec<Mention>>,
    places: Option<&[CountryMatch]>,
    persons: Option<&mut Vec<Range<usize>>>,
) -> Vec<Mention> {
    let mut found = match known_found {
        Some(k) => k,
        None => {
            let mut k = Vec::new();
            known(text, caps, &mut k);
            k
        }
    };
    if !caps {
        let mut heads = Vec::new();
        // The word-list flags of the tokens in runs, looked up once each:
        // the steps of `from_run` test most tokens against several lists.
        let mut cls = vec![0u16; toks.len()];
        for run in runs(toks) {
            // A run of one word without a head is never a candidate; skip
            // the common case quickly.
            if run.len() < 2 {
                continue;
            }
            for k in run.clone() {
                cls[k] = flags(toks[k].text);
            }
            from_run(text, toks, &cls, run, &mut heads);
        }
        // A weak known name followed by a market or event word is
        // something else: "Treasury bills", "Uefa Cup".
        let before_market_word = |span: &Range<usize>| {
            toks.get(toks.partition_point(|t| t.start < span.end))
                .is_some_and(|t| NOT_AFTER_WEAK.contains(&t.text))
        };
        let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
        let computed;
        let places = match places {
            Some(p) => p,
            None => {
                computed = crate::extract::scan_body(text, toks).0;
                &computed
            }
        };
        // Surnames of people: words the article gives a title ("Mr
        // Cable"), and one-word known company names written after a first
        // name ("Harrison Ford", "Michael Dell"). A tagged name ending in
        // one is a person ("Vince Cable"); a known company name that is one
        // is no company in this article ("Ford said" after "Harrison Ford").
        let in_place = |t: &Token<'_>| places.iter().any(|&(_, s, e)| s <= t.start && t.end <= e);
        let mut surnames: Vec<&str> = toks
            .windows(2)
            .filter(|w| matches!(w[0].text, "Mr" | "Mrs" | "Ms" | "Miss" | "Dr" | "Sir"))
            .map(|w| w[1].text)
            .collect();
        for k in found.iter().filter(|k| k.company) {
            if let Some(name) = after_first_name(toks, &k.span, in_place) {
                surnames.push(name);
            }
        }
        let known_spans: Vec<Range<usize>> = found.iter().map(|k| k.span.clone()).collect();
        // Another mention of the body of token `a` that opens no sentence:
        // the same word, or another name of it ("Tories" for "Conservative").
        let elsewhere = |a: usize| {
            let w = toks[a].text;
            toks.iter()
                .enumerate()
                .any(|(k, t)| k != a && t.text == w && !sentence_start(toks, k))
                || canonical_organisation(w).is_some_and(|c| {
                    known_spans.iter().any(|r| {
                        r.start != toks[a].start
                            && canonical_organisation(&text[r.clone()]) == Some(c)
                    })
                })
        };
        let mut dropped = Vec::new();
        found.retain(|k| {
            let one_word = !k.name.contains(' ');
            // A surname is dropped alone: a head-word name holding it is
            // named after the person ("Bill Gates Foundation").
            let surname = k.company && one_word && surnames.contains(&&text[k.span.clone()]);
            let drop = (k.weak && before_market_word(&k.span))
                || (one_word && ordinary_opener(toks, &k.span, elsewhere))
                || in_event_name(toks, &k.span)
                || (k.company
                    && (before_model(toks, &k.span)
                        || (one_word && k.weak && in_list_of_names(toks, &k.span, &known_spans))));
            if drop {
                dropped.push(k.span.clone());
            }
            !(drop || surname)
        });
        // A candidate overlapping a known organisation gives way to it,
        // unless the known one is a weak name inside it: a head-word name
        // stops at its own boundary ("Labour Ministry"; and "Brixton
        // Academy" or "Iraqi Parliament", a one-word known name that ends
        // the candidate right after a name word, are not the Oscars'
        // Academy or the UK Parliament; but "Scottish Parliament and
        // Parliament" glues two known names, "Act of Parliament" names the
        // known one, "US Federal Bureau of Investigation" qualifies it).
        let ends_name = |k: &Mention, h: &Mention| {
            let a = toks.partition_point(|t| t.start < k.span.start);
            k.span.end == h.span.end
                && h.span.start < k.span.start
                && !text[k.span.clone()].contains(' ')
                && a > 0
                && toks[a - 1].end + 1 == k.span.start
                && toks[a - 1].is_capitalised()
                && found.iter().filter(|o| overlaps(&o.span, &h.span)).count() == 1
        };
        heads.retain(|h| {
            !dropped.iter().any(|d| overlaps(d, &h.span))
                && !found.iter().any(|k| {
                    overlaps(&k.span, &h.span)
                        && !(k.weak
                            && h.span.start <= k.span.start
                            && (k.span.end < h.span.end || ends_name(k, h)))
                })
        });
        found.retain(|k| !heads.iter().any(|h| overlaps(&k.span, &h.span)));
        heads.retain(|h| !in_event_name(toks, &h.span));
        found.extend(heads);
        // The tagger, for the names without a head word or a table entry.
        let gz = gazetteer_with(toks, &found, places);
        // Names the context makes organisations ("Leicester coach"), at
        // every mention of the article.
        let mut players = Vec::new();
        // The article's people (surnames, first names), computed once when
        // the context or the tagger needs them.
        let people = std::cell::OnceCell::new();
        let ctx = by_context(text, toks, &found, in_place, &people, &mut players);
        if !ctx.is_empty() {
            let taken: Vec<Range<usize>> = found.iter().map(|k| k.span.clone()).collect();
            let more = every_mention(text, toks, &ctx, &taken);
            found.extend(ctx);
            found.extend(more);
        }
        let mut tagged = Vec::new();
        // Only the tagger's organisations; its people go to the caller.
        // Runs where neither class can give a name are not decoded.
        let want_people = persons.is_some();
        let (spans, per): (Vec<_>, Vec<_>) = tagger::tag_where(toks, &gz, |run| {
            may_name(toks, &gz, run.clone())
                || (want_people && person::may_name(toks, run, |k| gz[k] & gaz::PLACE != 0))
        })
        .into_iter()
        .partition(|(_, c)| *c == tagger::Class::Org);
        if let Some(out) = persons {
            out.extend(per.into_iter().map(|(r, _)| r));
        }
        let spans: Vec<Range<usize>> = spans.into_iter().map(|(r, _)| r).collect();
        let no_people = (Vec::new(), Vec::new());
        let (person_last, first_names) = if spans.is_empty() {
            &no_people
        } else {
            people.get_or_init(|| person_words(toks, in_place))
        };
        for r in spans {
            if let Some(m) = tagged_mention(text, toks, &gz, r) {
                let last = text[m.span.clone()].rsplit(' ').next().unwrap_or_default();
                let one_word = !m.name.contains(' ');
                // A person's name, a work's title or an event's name?
                let person = surnames.contains(&last)
                    || (one_word
                        && (person_last.contains(&last)
                            || in_list_of_names(toks, &m.span, &known_spans)))
                    || person_by_parts(toks, &m.span, first_names, in_place)
                    || players.iter().any(|p| overlaps(p, &m.span));
                let other = (!one_word && titled_work(toks, &m.span))
                    || product(toks, &m.span, &known_spans)
                    || in_event_name(toks, &m.span)
                    || before_market_word(&m.span);
                let taken = found
                    .iter()
                    .any(|k| overlaps(&k.span, &m.span) && !opens(k, &m.span))
                    || dropped.iter().any(|d| overlaps(d, &m.span));
                if !(person || other || taken) {
                    tagged.push(m);
                }
            }
        }
        // A listed company's name opening a longer tagged name is part of
        // it: "DHL Worldwide Express", "Honeywell Bull".
        found.retain(|k| !tagged.iter().any(|m| overlaps(&k.span, &m.span)));
        found.extend(tagged);
    }
    found.sort_by_key(|m| m.span.start);
    found
}

/// True when the known name `k` is a gazetteer company's name that opens
/// the longer name at `span`.
fn opens(k: &Mention, span: &Range<usize>) -> bool {
    k.weak && k.company && k.span.start == span.start && k.span.end < span.end
}

/// False when [`tagged_mention`] rejects every name the tagger could find
/// in the run of tokens `run`, so the tagger need not read it: a lone
/// sentence opener, title or connector ("The", "President"), a lone
/// character, or a run of place names ("Japan", "New York").
fn may_name(toks: &[Token<'_>], gz: &[u16], run: Range<usize>) -> bool {
    let lone = run.len() == 1
        && (gz[run.start] & (gaz::LEAD | gaz::TITLE | gaz::CONNECTOR) != 0
            || toks[run.start].text == "the"
            || toks[run.start].text.chars().nth(1).is_none());
    !lone && !run.clone().all(|k| gz[k] & gaz::PLACE != 0)
}

/// A name the tagger found at tokens `r`, cleaned: no leading determiner,
/// title or sentence starter, no trailing time word or connector; never
/// an event, a country or a lone generic word. The name is as written
/// ("Tories"); [`merge`](super::merge::merge) links it to its known organisation.
fn tagged_mention(text: &str, toks: &[Token<'_>], gz: &[u16], r: Range<usize>) -> Option<Mention> {
    let (mut s, mut e) = (r.start, r.end);
    let skip = gaz::LEAD | gaz::TITLE | gaz::CONNECTOR;
    while s < e && (gz[s] & skip != 0 || toks[s].text == "the") {
        s += 1;
    }
    while e > s
        && (gz[e - 1] & (gaz::CONNECTOR | gaz::LEAD) != 0
            || toks[e - 1].kind == Kind::Punct
            || toks[e - 1].text == "the"
            || TIME_WORDS.contains(&toks[e - 1].text))
    {
        e -= 1;
    }
    if s >= e || (e - s == 1 && toks[s].text.chars().count() < 2) {
        return None;
    }
    let span = toks[s].start..toks[e - 1].end;
    let name = collapse(&text[span.clone()]);
    // A country or place ("Britain", "Washington"): every token is in a
    // country-table match.
    let place = (s..e).all(|k| gz[k] & gaz::PLACE != 0);
    // An event's tail word alone ("Summit" of "G8 Summit", whose first
    // word the tagger left out) is no name either.
    let event_tail = is_event(&format!(" {name}"));
    if place || is_event(&name) || event_tail || has(NOT_ORG | HEAD, &name) {
        return None;
    }
    let company = gz[e - 1] & gaz::COMPANY != 0;
    Some(Mention {
        name,
        span,
        company,
        weak: false,
    })
}

/// Organisations in a headline. An ALL-CAPS wire headline gives only the
/// known organisations (upper-cased aliases); so does a Title Case one
/// ("Cisco Signs Deal With Skolkovo Foundation"), where every word is
/// capitalised and runs would glue names to verbs.
pub(crate) fn title_mentions(title: &str, toks: &[Token<'_>]) -> Vec<Mention> {
    if caps_title(title) {
        return mentions_in(title, &[], true);
    }
    let words = toks.iter().filter(|t| t.kind == Kind::Word);
    let (n, capitalised) = words.fold((0, 0), |(n, c), t| {
        (n + 1, c + usize::from(t.is_capitalised()))
    });
    if n >= 4 && capitalised * 5 >= n * 4 {
        return mentions_in(title, &[], false);
    }
    mentions_in(title, toks, false)
}

/// True when `title` is an ALL-CAPS wire headline.
pub(crate) fn caps_title(title: &str) -> bool {
    title.chars().any(char::is_alphabetic) && !title.chars().any(char::is_lowercase)
}
