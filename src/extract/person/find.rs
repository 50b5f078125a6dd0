//! The person mentions of one text: the tagger's person spans, cleaned,
//! and the names the rules find (after an honorific or a role, after a
//! common first name), less what is an organisation, a place, a family or
//! an adjective.

use std::ops::Range;

use super::words::{
    derived_word, is_first_name, is_honorific, is_lead, is_modifier, is_particle, is_peer_title,
    is_role, name_word, thing_end,
};
use crate::extract::token::{Kind, Token};

/// One mention of a person in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// Byte range of the name as written (no honorific, role or
    /// possessive).
    pub span: Range<usize>,
    /// Token range of the name.
    pub words: Range<usize>,
    /// True when the text says it is a person: an honorific or role
    /// before it ("Mr", "coach"), a speech verb after it ("said"), or a
    /// common first name opening it.
    pub sure: bool,
}

/// Speech verbs after a name: the article says the name is a person's.
const SPEECH: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "admitted",
    "insisted",
    "explained",
    "argued",
    "claimed",
    "warned",
    "believes",
    "thinks",
    "wrote",
    "asked",
    "replied",
    "stated",
];

/// True when the name at tokens `r` is followed by a speech verb ("Blair
/// said") or a possessive ("Henman's serve").
fn spoken(toks: &[Token<'_>], r: &Range<usize>) -> bool {
    let next = |k: usize| toks.get(r.end + k).map_or("", |t| t.text);
    let before = r.start.checked_sub(1).map_or("", |k| toks[k].text);
    SPEECH.contains(&next(0))
        || (next(0) == "," && SPEECH.contains(&next(1)))
        || matches!(before, "said" | "says")
}

/// Names in a list of five or more separated by commas, semicolons or
/// slashes, each of one to three name words and perhaps a bracketed note
/// ("Murphy; Rabeni, Smith, Gibson, Healey; ... M Johnson (capt), L
/// Deacon"): a team sheet, whose items are people's names unless the
/// caller finds them organisations or places.
fn listed(toks: &[Token<'_>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut chain: Vec<Range<usize>> = Vec::new();
    let mut flush = |chain: &mut Vec<Range<usize>>| {
        if chain.len() >= 5 {
            out.append(chain);
        }
        chain.clear();
    };
    let text = |i: usize| toks.get(i).map_or("", |t| t.text);
    let mut k = 0;
    while k < toks.len() {
        let (e, n) = name_run(toks, k);
        if n == 0 || n > 3 {
            flush(&mut chain);
            k = e.max(k + 1);
            continue;
        }
        chain.push(k..e);
        let mut j = e;
        if text(j) == "(" && text(j + 2) == ")" {
            j += 3;
        }
        if matches!(text(j), "," | ";" | "/") {
            k = j + 1;
        } else {
            flush(&mut chain);
            k = j.max(e);
        }
    }
    flush(&mut chain);
    out
}

/// True when tokens `a` and `b` (`a` just before `b`) are glued.
fn glued(toks: &[Token<'_>], a: usize, b: usize) -> bool {
    toks[a].end == toks[b].start
}

/// True when token `k` follows token `k - 1` after one space.
fn spaced(toks: &[Token<'_>], k: usize) -> bool {
    k > 0 && toks[k - 1].end + 1 == toks[k].start
}

/// End (exclusive) of the name that starts at token `k` and the number of
/// its name words: name words one space apart, with glued hyphens and
/// apostrophes ("Jean-Marie", "O'Neill"), an initial's dot ("George W.
/// Bush") and particles ("van", "da") between two name words. At most
/// five words.
pub(super) fn name_run(toks: &[Token<'_>], k: usize) -> (usize, usize) {
    let mut e = k;
    let mut words = 0;
    while e < toks.len() && name_word(&toks[e]) && words < 5 {
        if e > k && !spaced(toks, e) && !glued(toks, e - 1, e) {
            break;
        }
        words += 1;
        e += 1;
        // Glued joins: "Jean-Marie", "O'Neill", "W.".
        loop {
            let join = |i: usize| {
                toks.get(i)
                    .is_some_and(|t| matches!(t.text, "-" | "'" | "’"))
            };
            if join(e)
                && glued(toks, e - 1, e)
                && toks
                    .get(e + 1)
                    .is_some_and(|t| name_word(t) && t.start == toks[e].end)
            {
                e += 2;
            } else if toks.get(e).is_some_and(|t| t.text == ".")
                && toks[e - 1].text.len() == 1
                && glued(toks, e - 1, e)
            {
                e += 1;
            } else {
                break;
            }
        }
        // A particle between two name words.
        if toks
            .get(e)
            .is_some_and(|t| is_particle(t.text) && spaced(toks, e))
            && toks
                .get(e + 1)
                .is_some_and(|t| name_word(t) && spaced(toks, e + 1))
        {
            e += 1;
        }
    }
    // An initial's dot may end the run: "Bush." is no initial.
    while e > k && toks[e - 1].kind != Kind::Word && toks[e - 1].text != "." {
        e -= 1;
    }
    if e > k + 1 && toks[e - 1].text == "." && toks[e - 2].text.len() > 1 {
        e -= 1;
    }
    (e, words)
}

/// Where the rules see a name start, and its kind.
enum Cue {
    /// After an honorific or role: any name, one word included.
    Title,
    /// A peer's or pope's title that stays in the name.
    Peer,
    /// A common first name: names of two words or more.
    FirstName,
}

/// The person mentions of `text` (squashed; tokens `toks`): `tagged` are
/// the tagger's person spans (token ranges), `orgs` the byte spans of the
/// organisations found in it, `places` the byte spans of country-table
/// matches. In order of appearance, not overlapping.
pub(crate) fn mentions(
    text: &str,
    toks: &[Token<'_>],
    tagged: &[Range<usize>],
    orgs: &[Range<usize>],
    places: &[Range<usize>],
) -> Vec<Found> {
    let mut cands: Vec<(Range<usize>, bool)> = Vec::new(); // (tokens, titled)
    for r in tagged {
        if let Some(c) = clean_tagged(toks, r.clone(), places) {
            // A tagged name after a title is as sure as the title's.
            let titled = c.start > 0 && {
                let w = toks[c.start - 1].text;
                is_honorific(w) || is_role(w)
            };
            cands.push((c, titled));
        }
    }
    for k in 0..toks.len().saturating_sub(1) {
        let t = &toks[k];
        // Every cue comes before a capitalised word ("Mr Blair", "Mr.
        // Blair"): most words are turned away here, before any look-up.
        let next_cap = |i: usize| toks.get(i).is_some_and(|n| n.is_capitalised());
        if t.kind != Kind::Word
            || !(next_cap(k + 1) || (toks[k + 1].text == "." && next_cap(k + 2)))
        {
            continue;
        }
        let cue = if is_honorific(t.text) {
            Cue::Title
        } else if is_peer_title(t.text) {
            Cue::Peer
        } else if is_role(t.text) {
            Cue::Title
        } else if is_first_name(t.text) {
            Cue::FirstName
        } else {
            continue;
        };
        // "Mr. Blair", and a chain of roles: "Secretary General Kofi Annan".
        let mut s = k + 1;
        if toks[s].text == "." && glued(toks, k, s) {
            s += 1;
        }
        if matches!(cue, Cue::Title) {
            while s < toks.len() && (is_role(toks[s].text) || is_modifier(toks[s].text)) {
                s += 1;
            }
        }
        match cue {
            Cue::FirstName => {
                let (e, n) = name_run(toks, k);
                if n >= 2 {
                    cands.push((k..e, false));
                }
            }
            Cue::Title => {
                if s < toks.len() && spaced(toks, s) {
                    let (e, n) = name_run(toks, s);
                    if n >= 1 {
                        cands.push((s..e, true));
                    }
                }
            }
            Cue::Peer => {
                let (e, n) = name_run(toks, s);
                if n >= 1 && spaced(toks, s) {
                    // "Lord Falconer", "Pope John Paul II": the title stays;
                    // "Lord Sebastian Coe" is Sebastian Coe.
                    let keep = n == 1 || t.text == "Pope";
                    cands.push((if keep { k..e } else { s..e }, true));
                }
            }
        }
    }
    // A team sheet's names.
    let listed = listed(toks);
    cands.extend(listed.iter().map(|r| (r.clone(), false)));
    // Words the text also writes in lower case ("film", "hotel",
    // "awards"), looked up only when a name needs it.
    let lower_words = std::cell::OnceCell::new();
    let common = |w: &str| {
        let set: &std::collections::HashSet<&str, foldhash::fast::FixedState> = lower_words
            .get_or_init(|| {
                toks.iter()
                    .filter(|t| {
                        t.kind == Kind::Word && t.text.starts_with(|c: char| c.is_ascii_lowercase())
                    })
                    .map(|t| t.text)
                    .collect()
            });
        w.len() >= 3 && set.contains(w.to_lowercase().as_str())
    };
    // The longest of overlapping candidates, first written first.
    cands.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<Found> = Vec::new();
    for (r, titled) in cands {
        if out.last().is_some_and(|f| r.start < f.words.end) {
            let last = out.last_mut().expect("checked");
            if r.end > last.words.end && r.start == last.words.start {
                last.words.end = r.end;
                last.span.end = toks[r.end - 1].end;
            }
            continue;
        }
        let span = toks[r.start].start..toks[r.end - 1].end;
        // An organisation overlapping the name makes it none, unless it
        // is one word strictly inside a longer name the text says is a
        // person's: a person named like a firm ("Lindsay Davenport",
        // "Michael Dell", not "Dell Optiplex"), which the caller then
        // drops from the organisations ([`yields_to`]).
        let sure = titled
            || spoken(toks, &r)
            || (r.len() > 1 && is_first_name(toks[r.start].text))
            || listed.contains(&r);
        let blocked = orgs.iter().any(|o| {
            o.start < span.end && span.start < o.end && !(sure && yields_to(o, &span, text))
        });
        if blocked || !plausible(toks, &r, titled, places) {
            continue;
        }
        // A name the tagger alone found, one of whose words the text also
        // writes as an ordinary word, is a title or a thing ("Shark Tale",
        // "Film Festival", "Beige Book"; "Election", "Open"); a name ending
        // in a body's or an event's word is one ("Bill Gates Foundation").
        if (!titled && r.len() > 1 && thing_end(toks[r.end - 1].text))
            || (!sure && toks[r.clone()].iter().any(|t| common(t.text)))
        {
            continue;
        }
        out.push(Found {
            span,
            words: r,
            sure,
        });
    }
    out
}

/// True when the organisation at `org` is one word strictly inside the
/// person's name at `person` (byte spans into `text`).
pub(crate) fn yields_to(org: &Range<usize>, person: &Range<usize>, text: &str) -> bool {
    person.start <= org.start
        && org.end <= person.end
        && org.len() < person.len()
        && !text[org.clone()].contains(' ')
}

/// False when [`mentions`] drops every person's name the tagger could find
/// in the run of tokens `run`, so the tagger need not read it for people:
/// a lone sentence opener, honorific, role or peer title ("The", "Mr",
/// "President", "Lord"), which [`clean_tagged`] strips, and a lone place
/// (`place(k)`: token `k` is inside a country-table match) with no title
/// before it and nothing glued after it, which [`plausible`] refuses
/// ("Japan", but not "coach Jordan" or the "O" of "O'Neill").
pub(crate) fn may_name(
    toks: &[Token<'_>],
    run: Range<usize>,
    place: impl Fn(usize) -> bool,
) -> bool {
    if run.len() != 1 {
        return true;
    }
    let k = run.start;
    let w = toks[k].text;
    if w == "the" || is_lead(w) || is_honorific(w) || is_role(w) || is_peer_title(w) {
        return false;
    }
    let titled = k > 0 && {
        let p = toks[k - 1].text;
        is_honorific(p) || is_role(p)
    };
    let glued_on = toks.get(k + 1).is_some_and(|n| n.start == toks[k].end);
    titled || glued_on || !place(k)
}

/// The tagger's span `r`, cleaned: no leading sentence starter, honorific
/// or role (a peer's title stays), no leading place when two name words
/// follow ("US Tiger Woods"), cut before the first token that is no part
/// of a name (a possessive, a lower-case word).
fn clean_tagged(
    toks: &[Token<'_>],
    r: Range<usize>,
    places: &[Range<usize>],
) -> Option<Range<usize>> {
    let (mut s, e) = (r.start, r.end);
    while s < e {
        let w = toks[s].text;
        let chain = is_modifier(w) && (s + 1..e).any(|i| is_role(toks[i].text));
        if is_lead(w) || is_honorific(w) || is_role(w) || chain || w == "the" {
            s += 1;
        } else {
            break;
        }
    }
    if s >= e {
        return None;
    }
    let peer = is_peer_title(toks[s].text);
    let from = if peer { s + 1 } else { s };
    if from >= e {
        return None;
    }
    let (mut end, mut n) = name_run(toks, from);
    // The tagger may stop inside a glued name ("O" of "O'Gara").
    if end > e && toks[e - 1].end != toks[e].start {
        end = e;
    }
    if end <= from {
        return None;
    }
    // A place before a full name is a nationality: "US Tiger Woods".
    let in_place = |i: usize| {
        places
            .iter()
            .any(|p| p.start <= toks[i].start && toks[i].end <= p.end)
    };
    let mut s = if peer { s } else { from };
    if !peer && n >= 3 && in_place(s) {
        s += 1;
        let (e2, n2) = name_run(toks, s);
        end = e2.min(e);
        n = n2;
    }
    (n >= 1).then_some(s..end)
}

/// True when the candidate at tokens `r` can be a person's name: a single
/// word is no sentence starter, acronym, adjective ("Blairite"), family
/// ("the Glazers") or lone place (unless a title says it is a person:
/// "Mr Jordan"); a longer name is not wholly a place.
fn plausible(toks: &[Token<'_>], r: &Range<usize>, titled: bool, places: &[Range<usize>]) -> bool {
    let span = toks[r.start].start..toks[r.end - 1].end;
    let in_place = places
        .iter()
        .any(|p| p.start <= span.start && span.end <= p.end);
    let words: Vec<&Token<'_>> = toks[r.clone()]
        .iter()
        .filter(|t| t.kind == Kind::Word)
        .collect();
    if words.len() == 1 {
        let w = words[0].text;
        let after_the = r.start > 0 && matches!(toks[r.start - 1].text, "the" | "The");
        let pronoun = matches!(
            w,
            "He" | "She" | "It" | "They" | "We" | "You" | "His" | "Her"
        );
        return !is_lead(w)
            && !pronoun
            && w.chars().any(char::is_lowercase)
            && !derived_word(w)
            && !after_the
            && (titled || !in_place);
    }
    !in_place
}
