//! Organisations by their context, for names the tables call places and
//! the tagger misses: clubs named after their town by a sport cue
//! ("Leicester coach John Wells", "Wasps 31-37 Leicester", a team sheet's
//! "Yachvili (Biarritz)", "beat Bath" in a sport article), bands,
//! publications and firms by the word that says what they are ("the band
//! Keane", "media player firm Creative"), and every other mention of a
//! name found so. The cue words are the files
//! `data/organisation/{roles_after_name,cues_before_name}{,_sport}.txt`.

use std::ops::Range;
use std::sync::LazyLock;

use super::filters::{person_by_parts, person_words};
use super::mention::Mention;
use super::words::{
    collapse, glued, has, is_cap, is_event, sentence_start, FnvMap, HEAD, LEAD, LEGAL_FORM,
    NOT_CLUBS, NOT_ORG, SPORT_MEDIUM, SPORT_STRONG, TIME_WORDS, TITLE,
};
use crate::extract::data_file::entries;
use crate::extract::token::{Kind, Token};

// Flags of the cue-word lists, looked up with one hash per word.
/// A role after a name, in any article ("Keane singer", "BPI chairman").
const ROLE: u8 = 1;
/// A role after a name, in a sport article ("Leicester coach").
const ROLE_SPORT: u8 = 1 << 1;
/// A kind of body before a name, in any article ("the band Keane").
const KIND: u8 = 1 << 2;
/// A word before a club's name, in a sport article ("champions Wasps").
const KIND_SPORT: u8 = 1 << 3;

static CUES: LazyLock<FnvMap<u8>> = LazyLock::new(|| {
    let lists = [
        (
            include_str!("../data/organisation/roles_after_name.txt"),
            ROLE,
        ),
        (
            include_str!("../data/organisation/roles_after_name_sport.txt"),
            ROLE_SPORT,
        ),
        (
            include_str!("../data/organisation/cues_before_name.txt"),
            KIND,
        ),
        (
            include_str!("../data/organisation/cues_before_name_sport.txt"),
            KIND_SPORT,
        ),
    ];
    let mut m = FnvMap::default();
    for (file, flag) in lists {
        for w in entries(file) {
            *m.entry(w).or_insert(0) |= flag;
        }
    }
    m
});

/// Flags of the cue-word lists that hold `w`.
fn cue_flags(w: &str) -> u8 {
    CUES.get(w).copied().unwrap_or(0)
}

/// Organisations named by their context: a capitalised name that the
/// article uses as a club, a band, a publication or a firm, by the words
/// around it. Clubs named after their town ("Bath", "Leicester",
/// "Biarritz") are places to the tables and the tagger; here a sport cue
/// makes them clubs:
/// - a role after the name: "Leicester coach John Wells", "Bourgoin lock
///   Pascal Pape", "Keane singer Tom Chaplin", "BPI chairman Peter
///   Jameson" (ambiguous roles such as coach, captain or lock only in a
///   sport article);
/// - a word before it: "the band Keane", "Us magazine", "Premiership side
///   Bath", "European champions Wasps", "beat Leicester" (the last kinds in
///   a sport article);
/// - a score line: "Wasps 31-37 Leicester";
/// - a team sheet: "Dimitri Yachvili (Biarritz), Pierre Mignoni
///   (Clermont)" in a sport article (the names before the brackets are
///   players: their spans go to `players`);
/// - a kind of body before the name: "media player firm Creative",
///   "industry training body Skillset", "tabloids Us Weekly, In Touch and
///   Star" (a place only in sport: "firm London" is no name).
///
/// Countries, their adjectives and national sides' nicknames ("England
/// coach", "Welsh lock", "All Blacks captain") are national teams, never
/// clubs; people's surnames ("beat Henman" after "Tim Henman"), events
/// and sentence openers are never names here.
pub(super) fn by_context<'t>(
    text: &str,
    toks: &[Token<'t>],
    known: &[Mention],
    in_place: impl Fn(&Token<'_>) -> bool + Copy,
    people: &std::cell::OnceCell<(Vec<&'t str>, Vec<&'t str>)>,
    players: &mut Vec<Range<usize>>,
) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    // Sport articles: computed on first need.
    let sporty = std::cell::OnceCell::new();
    let is_sporty = || *sporty.get_or_init(|| sport_article(toks));
    let push = |r: Range<usize>, strong: bool, out: &mut Vec<Mention>| {
        let sport = || strong || is_sporty();
        let people = || people.get_or_init(|| person_words(toks, in_place));
        if let Some(m) = context_name(text, toks, r, strong, &sport, &people, known, in_place) {
            if !out.iter().any(|o| o.span == m.span) {
                out.push(m);
            }
        }
    };
    // Team-sheet entries "Player (Club)": (the player, the club).
    let mut sheet: Vec<(Option<Range<usize>>, Range<usize>)> = Vec::new();
    // A word that starts with a capital letter (a cheap first test).
    let upper = |t: &Token<'_>| t.text.as_bytes()[0].is_ascii_uppercase();
    for i in 0..toks.len() {
        let t = &toks[i];
        match t.kind {
            // A cue word is lower-case, with a name before or after it.
            Kind::Word
                if t.text.as_bytes()[0].is_ascii_lowercase()
                    && ((i > 0 && upper(&toks[i - 1])) || toks.get(i + 1).is_some_and(upper)) => {}
            // A score line: "Wasps 31-37 Leicester".
            Kind::Num => {
                if let Some(after) = score_after(toks, i) {
                    if let (Some(l), Some(r)) = (name_before(toks, i), name_after(toks, after)) {
                        push(l, true, &mut out);
                        push(r, true, &mut out);
                    }
                }
                continue;
            }
            // A team sheet: "Yachvili (Biarritz),".
            Kind::Punct => {
                if let Some(e) = web_name_end(toks, i) {
                    push(i - 1..e, true, &mut out);
                    continue;
                }
                if t.text == "(" && i > 0 && is_cap(&toks[i - 1]) && toks[i - 1].end + 1 == t.start
                {
                    if let Some(r) = name_after(toks, i + 1) {
                        let close = toks
                            .get(r.end)
                            .is_some_and(|c| matches!(c.text, ")" | "," | "/"));
                        if close && r.start == i + 1 {
                            sheet.push((name_before(toks, i), r));
                        }
                    }
                }
                continue;
            }
            _ => continue,
        }
        // `t` is a lower-case word (capitalised words end names). Most
        // short words ("of", "the", "and") are no cue: turned away first.
        let w = t.text;
        if w.len() <= 3 && !matches!(w, "v" | "vs" | "for" | "duo" | "fly") {
            continue;
        }
        // A role after a name: "Leicester coach".
        let cues = cue_flags(w);
        let role = match w {
            _ if cues & ROLE != 0 => Some(Role::Always),
            _ if cues & ROLE_SPORT != 0 => Some(Role::Sport),
            "fly" | "scrum" | "full" if next_is(toks, i, "-") => Some(Role::Always),
            "rugby" if next_is(toks, i, "director") => Some(Role::Always),
            "director"
                if next_is(toks, i, "of") && toks.get(i + 2).is_some_and(|n| n.text == "rugby") =>
            {
                Some(Role::Always)
            }
            "chief" if next_is(toks, i, "executive") => Some(Role::Always),
            _ => None,
        };
        if let Some(role) = role {
            if let Some(r) = name_before(toks, i) {
                if role == Role::Always || is_sporty() {
                    push(r, false, &mut out);
                }
            }
        }
        // A word before a name: "the band Keane", "champions Wasps".
        let cue = match w {
            _ if cues & KIND != 0 => Some(Role::Always),
            _ if cues & KIND_SPORT != 0 => Some(Role::Sport),
            // "phone maker Nokia", not "film-maker Michael Moore".
            "maker" if !(i > 0 && toks[i - 1].text == "-") => Some(Role::Always),
            "for" if i > 0 && toks[i - 1].text == "signed" => Some(Role::Always),
            _ => None,
        };
        if let Some(cue) = cue {
            if let Some(mut r) = name_after(toks, i + 1) {
                if cue == Role::Always || is_sporty() {
                    // And the names listed with it: "against Leicester
                    // and Biarritz", "bands Keane, Embrace and Coldplay".
                    for _ in 0..4 {
                        let end = r.end;
                        push(r, false, &mut out);
                        let Some(next) = toks
                            .get(end)
                            .filter(|t| matches!(t.text, "," | "and"))
                            .and_then(|_| name_after(toks, end + 1))
                        else {
                            break;
                        };
                        r = next;
                    }
                }
            }
        }
        // A name before a publication word: "Us magazine".
        if matches!(w, "magazine" | "newspaper" | "tabloid") {
            if let Some(r) = name_before(toks, i) {
                push(r, false, &mut out);
            }
        }
    }
    // A team sheet lists several players, in a sport article: not one
    // aside in brackets ("we have gone for Olly (Barkley)").
    if sheet.len() >= 3 && is_sporty() {
        for (player, club) in sheet {
            push(club, false, &mut out);
            // The name before the bracket is a player's.
            if let Some(p) = player {
                players.push(toks[p.start].start..toks[p.end - 1].end);
            }
        }
    }
    out
}

/// A site's or web firm's name written as its domain ("AppleInsider.com",
/// "PowerPage.org", "Lastminute.co.uk"): the dot at token `i` joins a
/// capitalised word to a top-level domain, all glued. The end (exclusive)
/// of the name's tokens.
fn web_name_end(toks: &[Token<'_>], i: usize) -> Option<usize> {
    let glued_at = |k: usize| toks.get(k).is_some_and(|t| t.start == toks[k - 1].end);
    if toks[i].text != "." || i == 0 || !is_cap(&toks[i - 1]) || !glued_at(i) || !glued_at(i + 1) {
        return None;
    }
    match toks[i + 1].text {
        "com" | "org" | "net" => Some(i + 2),
        "co" if toks.get(i + 2).is_some_and(|t| t.text == ".")
            && glued_at(i + 2)
            && glued_at(i + 3)
            && toks[i + 3].text == "uk" =>
        {
            Some(i + 4)
        }
        _ => None,
    }
}

/// True when tokens `r` are a Sunday paper's name ("Sunday Independent"):
/// the day opens the name.
fn sunday_paper(toks: &[Token<'_>], r: &Range<usize>) -> bool {
    r.len() >= 2 && toks[r.start].text == "Sunday"
}

/// How sure a context word is: always, or only in a sport article.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    Always,
    Sport,
}

/// True when the token after `i` is `w`, glued or not.
fn next_is(toks: &[Token<'_>], i: usize, w: &str) -> bool {
    toks.get(i + 1).is_some_and(|n| n.text == w)
}

/// A sport article: sport words worth three points, a word only sport
/// uses (rugby, striker, referee) two, one sport shares with other news
/// (coach, captain, team, defeat) one; each word counted once.
fn sport_article(toks: &[Token<'_>]) -> bool {
    let mut seen = 0u64;
    let mut score = 0;
    for t in toks {
        if t.kind != Kind::Word || t.text.len() < 3 {
            continue;
        }
        let (k, points) = if let Some(k) = SPORT_STRONG.iter().position(|w| *w == t.text) {
            (k, 2)
        } else if let Some(k) = SPORT_MEDIUM.iter().position(|w| *w == t.text) {
            (SPORT_STRONG.len() + k, 1)
        } else {
            continue;
        };
        if seen & (1 << k) == 0 {
            seen |= 1 << k;
            score += points;
            if score >= 3 {
                return true;
            }
        }
    }
    false
}

/// After a number at `i`, a score "31-37" or "31 - 37": the index of the
/// token after the second number.
fn score_after(toks: &[Token<'_>], i: usize) -> Option<usize> {
    let small =
        |t: &Token<'_>| t.kind == Kind::Num && t.text.len() <= 3 && !t.text.contains([',', '.']);
    (small(&toks[i])
        && toks.get(i + 1).is_some_and(|d| d.text == "-")
        && toks.get(i + 2).is_some_and(small))
    .then_some(i + 3)
}

/// The capitalised name of one to three words (hyphens glued inside:
/// "Neath-Swansea Ospreys") that ends just before token `i`, not part of
/// a longer capitalised run.
fn name_before(toks: &[Token<'_>], i: usize) -> Option<Range<usize>> {
    let mut s = i;
    let mut words = 0;
    while s > 0 {
        let p = &toks[s - 1];
        if is_cap(p) {
            words += 1;
            s -= 1;
            if s > 0
                && toks[s - 1].text == "-"
                && glued(toks, s)
                && s >= 2
                && is_cap(&toks[s - 2])
                && glued(toks, s - 1)
            {
                s -= 1;
            }
            continue;
        }
        // "Leicester's coach" is not read: a possessive names a
        // possessor (a player's coach).
        break;
    }
    if words == 0 || words > 3 {
        return None;
    }
    // "The Wasps coach": the article is no part of the name.
    if toks[s].text == "The" {
        s += 1;
    }
    (s < i).then_some(s..i)
}

/// The capitalised name of one to three words starting at token `i`
/// (a leading "The" skipped: "the band The Doors" is "Doors").
fn name_after(toks: &[Token<'_>], i: usize) -> Option<Range<usize>> {
    let mut s = i;
    if toks.get(s).is_some_and(|t| t.text == "The") {
        s += 1;
    }
    let mut e = s;
    while let Some(t) = toks.get(e) {
        if is_cap(t) {
            e += 1;
        } else if t.text == "&" && e > s && toks.get(e + 1).is_some_and(is_cap) {
            // "Marsh & McLennan".
            e += 2;
        } else if t.text == "-"
            && glued(toks, e)
            && toks
                .get(e + 1)
                .is_some_and(|n| is_cap(n) && glued(toks, e + 1))
        {
            e += 2;
        } else {
            break;
        }
    }
    (e > s && e - s <= 4).then_some(s..e)
}

/// The context name at tokens `r`, when it can be one: no title, lead or
/// time word, no country or national side, no event, no person's
/// surname, and not already a known organisation.
#[allow(clippy::too_many_arguments)]
fn context_name<'p, 't: 'p>(
    text: &str,
    toks: &[Token<'t>],
    r: Range<usize>,
    strong: bool,
    sport: &dyn Fn() -> bool,
    people: &dyn Fn() -> &'p (Vec<&'t str>, Vec<&'t str>),
    known: &[Mention],
    in_place: impl Fn(&Token<'_>) -> bool,
) -> Option<Mention> {
    let (mut s, e) = (r.start, r.end);
    let full = collapse(&text[toks[s].start..toks[e - 1].end]);
    if is_event(&full) || NOT_CLUBS.contains(&full.as_str()) {
        return None;
    }
    // A sentence's first word that the text never capitalises elsewhere
    // is an ordinary word ("Former captain", "Lost Doors frontman"); a
    // score line is cue enough ("Wasps 31-37 Leicester").
    if !strong && sentence_start(toks, s) {
        let w = toks[s].text;
        let elsewhere = toks
            .iter()
            .enumerate()
            .any(|(k, t)| k != s && t.text == w && !sentence_start(toks, k));
        if !elsewhere {
            s += 1;
            if s == e {
                return None;
            }
        }
    }
    let r = s..e;
    let paper = sunday_paper(toks, &r);
    if toks[s..e].iter().enumerate().any(|(k, t)| {
        (has(TITLE | LEAD | HEAD | LEGAL_FORM, t.text) || TIME_WORDS.contains(&t.text))
            && !(paper && k == 0)
    }) {
        return None;
    }
    let span = toks[s].start..toks[e - 1].end;
    let name = collapse(&text[span.clone()]);
    let last = toks[e - 1].text;
    // (Ulster is a province's side, not a nation's.)
    let first_two = || {
        e - s >= 2
            && crate::extract::country::canonical_country(&text[toks[s].start..toks[s + 1].end])
                .is_some()
    };
    let national = name != "Ulster"
        && (crate::extract::country::canonical_country(&name).is_some()
            || crate::extract::country::canonical_country(toks[s].text).is_some()
            || first_two());
    // Cheap tests first; the article's people and sport words last.
    if national
        || NOT_CLUBS.contains(&name.as_str())
        || has(NOT_ORG, &name)
        || name.chars().count() < 2
        // Never before a hyphen ("firm London-based") or a number ("Super
        // 12 side").
        || toks
            .get(e)
            .is_some_and(|t| (t.text == "-" && t.start == toks[e - 1].end) || t.kind == Kind::Num)
        || known.iter().any(|k| k.span.start < span.end && span.start < k.span.end)
        || is_event(&name)
    {
        return None;
    }
    // A place is a club only in sport ("Leicester coach").
    if toks[s..e].iter().all(&in_place) && !sport() {
        return None;
    }
    let (surnames, first_names) = people();
    let after_first_name = || {
        e - s == 1
            && (1..toks.len()).any(|k| {
                toks[k].text == last
                    && toks[k - 1].end + 1 == toks[k].start
                    && first_names.contains(&toks[k - 1].text)
            })
    };
    if surnames.contains(&last)
        || (e - s == 1 && first_names.contains(&last))
        || after_first_name()
        || person_by_parts(toks, &span, first_names, &in_place)
    {
        return None;
    }
    Some(Mention {
        name,
        span,
        company: false,
        weak: false,
    })
}

/// Every other mention in `toks` of the names in `names` (same words, as
/// whole capitalised words, outside the spans already found): a name the
/// context made an organisation once is one at every mention.
pub(super) fn every_mention(
    text: &str,
    toks: &[Token<'_>],
    names: &[Mention],
    taken: &[Range<usize>],
) -> Vec<Mention> {
    let mut out = Vec::new();
    for m in names {
        let a = toks.partition_point(|t| t.start < m.span.start);
        let b = toks.partition_point(|t| t.start < m.span.end);
        let words = &toks[a..b];
        let n = words.len();
        for k in 0..toks.len().saturating_sub(n - 1) {
            if k == a || toks[k].text != words[0].text {
                continue;
            }
            if !(1..n).all(|j| toks[k + j].text == words[j].text) {
                continue;
            }
            // Whole names only: not inside a longer capitalised run.
            if (k > 0 && is_cap(&toks[k - 1]) && toks[k - 1].end + 1 == toks[k].start)
                || toks
                    .get(k + n)
                    .is_some_and(|t| is_cap(t) && t.start == toks[k + n - 1].end + 1)
            {
                continue;
            }
            let span = toks[k].start..toks[k + n - 1].end;
            let overlaps = |r: &Range<usize>| r.start < span.end && span.start < r.end;
            if taken.iter().any(overlaps) || out.iter().any(|o: &Mention| overlaps(&o.span)) {
                continue;
            }
            out.push(Mention {
                name: collapse(&text[span.clone()]),
                span,
                company: m.company,
                weak: false,
            });
        }
    }
    out
}
