//! Names by their head word: capitalised runs (words joined by connectors,
//! glued hyphens, `&` and possessives inside a name) split into
//! candidates that end in a company or body head word ("Ecolab Co",
//! "Skolkovo Foundation"), with an `of`/`for`/`on` tail ("Bank of Japan")
//! or opened by a Romance head ("Banque Paribas"); leading determiners,
//! sentence openers and titles are stripped.

use std::ops::Range;

use super::mention::Mention;
use super::words::{
    collapse, glued, has, is_cap, is_event, BODY, COMPANY, CONNECTOR, HEAD, LEAD, LEADING,
    LEGAL_FORM, NOT_ORG, TITLE,
};
use crate::extract::token::Token;

/// Capitalised runs: maximal [start, end) token ranges of capitalised words
/// joined by connectors, glued hyphens and `&`.
pub(super) fn runs(toks: &[Token<'_>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !is_cap(&toks[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while let Some(t) = toks.get(end) {
            if is_cap(t) {
                end += 1;
                continue;
            }
            // A possessive inside a name: "Moody's Investors Service Inc",
            // but not after a place: "Japan's Finance Ministry".
            if matches!(t.text, "'" | "’")
                && glued(toks, end)
                && toks
                    .get(end + 1)
                    .is_some_and(|n| n.text == "s" && glued(toks, end + 1))
                && toks.get(end + 2).is_some_and(is_cap)
                && toks[end - 1].text.chars().any(char::is_lowercase)
                && !crate::extract::country::is_place(toks[end - 1].text)
            {
                end += 3;
                continue;
            }
            // A plural possessive inside a name: "Professional Rugby
            // Players' Association".
            if matches!(t.text, "'" | "’")
                && glued(toks, end)
                && toks[end - 1].text.ends_with('s')
                && toks[end - 1].text.chars().any(char::is_lowercase)
                && toks
                    .get(end + 1)
                    .is_some_and(|n| is_cap(n) && !glued(toks, end + 1))
            {
                end += 1;
                continue;
            }
            // Glued hyphen between capitalised words: "Allied-Signal".
            if t.is("-")
                && glued(toks, end)
                && toks
                    .get(end + 1)
                    .is_some_and(|n| is_cap(n) && glued(toks, end + 1))
            {
                end += 2;
                continue;
            }
            // Connector ("of", "and", "&"), optionally "the", then a capital.
            if has(CONNECTOR, t.text) {
                let mut n = end + 1;
                // A second connector: "of the", "et des".
                if toks
                    .get(n)
                    .is_some_and(|x| x.text == "the" || has(CONNECTOR, x.text))
                    && t.text != "and"
                {
                    n += 1;
                }
                if toks.get(n).is_some_and(is_cap) {
                    end = n + 1;
                    continue;
                }
            }
            break;
        }
        out.push(start..end);
        i = end;
    }
    out
}

/// Organisation candidates from one capitalised run.
pub(super) fn from_run(
    text: &str,
    toks: &[Token<'_>],
    cls: &[u16],
    run: Range<usize>,
    out: &mut Vec<Mention>,
) {
    // Split at "and"/"&" where the left part already ends in a head word:
    // "Ford Motor Co and General Motors Corp".
    // Also split after a legal suffix not followed by another head.
    let mut start = run.start;
    for k in run.clone() {
        // ... unless only head words follow: "Investors Bank and Trust",
        // "Merrill Lynch and Co".
        if matches!(toks[k].text, "and" | "&")
            && k > start
            && cls[k - 1] & HEAD != 0
            && !(k + 1..run.end).all(|j| cls[j] & HEAD != 0)
        {
            candidate(text, toks, cls, start..k, out);
            start = k + 1;
        } else if k >= start
            && cls[k] & LEGAL_FORM != 0
            && k + 1 < run.end
            && cls[k + 1] & HEAD == 0
            && !matches!(toks[k + 1].text, "of" | "and" | "&")
        {
            candidate(text, toks, cls, start..k + 1, out);
            start = k + 1;
        }
    }
    // A ticker, acronym or place left before "and": "CLT and Lornex
    // Mining Corp", "France and Compagnia Italiana Simmons SpA".
    if start + 1 < run.end
        && ((toks[start].is_all_caps() && toks[start].text.len() <= 5)
            || crate::extract::country::is_place(toks[start].text))
        && toks[start + 1].text == "and"
    {
        start += 2;
    }
    if start < run.end {
        candidate(text, toks, cls, start..run.end, out);
    }
}

/// End of a name whose head word is at `head`: after the head, or after an
/// `of`/`for`/`on` tail of capitalised words ("Bank of Japan", "Working
/// Group on Innovation"), which stops at a title ("Bank of Japan Governor")
/// unless the title opens the tail ("Department of Justice").
fn tail_end(toks: &[Token<'_>], cls: &[u16], run: &Range<usize>, head: usize) -> usize {
    let end = head + 1;
    if end < run.end
        && (cls[head] & BODY != 0 || toks[head].text == "Group")
        && matches!(toks[end].text, "of" | "for" | "on")
    {
        let mut last_cap = None;
        let mut k = end + 1;
        // A title word right after the connector names the body's field,
        // not a person ("Department of Justice", "Department of State").
        while k < run.end
            && k <= head + 6
            && (cls[k] & (TITLE | LEAD) == 0 || (k == end + 1 && cls[k] & LEAD == 0))
        {
            if is_cap(&toks[k]) {
                last_cap = Some(k);
            }
            k += 1;
        }
        if let Some(last) = last_cap {
            return last + 1;
        }
    }
    end
}

fn candidate(
    text: &str,
    toks: &[Token<'_>],
    cls: &[u16],
    run: Range<usize>,
    out: &mut Vec<Mention>,
) {
    let Some(mut head) = run.clone().rev().find(|&k| cls[k] & HEAD != 0) else {
        leading(text, toks, cls, run, out);
        return;
    };
    let mut end = tail_end(toks, cls, &run, head);
    // An earlier public-body head whose tail reaches further wins:
    // "National Association of Securities Dealers", not "... of Securities".
    if let Some(first) = run.clone().find(|&k| k < head && cls[k] & BODY != 0) {
        let first_end = tail_end(toks, cls, &run, first);
        if first_end > end {
            head = first;
            end = first_end;
        }
    }
    // Strip leading determiners, sentence starters, titles and connectors.
    let mut s = run.start;
    while s < head {
        let t = toks[s].text;
        let strip =
            cls[s] & (LEAD | TITLE | CONNECTOR) != 0 || matches!(t, "the" | "-" | "'" | "’" | "s");
        if !strip {
            break;
        }
        s += 1;
    }
    // "Chairman of Cisco Systems Inc" -> after the title, drop "of".
    while s < head && cls[s] & CONNECTOR != 0 {
        s += 1;
    }
    // A title inside the run before the head starts the name after it:
    // "Cisco President John Smith Foundation" is rare, "President Reagan's
    // Commission" is not worth a name. Keep the part after the last title.
    // But a title between a name word and the head words is part of the
    // name: "American President Cos Ltd", "Security Capital Pacific Trust".
    if let Some(t) = (s..head).rev().find(|&k| cls[k] & TITLE != 0) {
        let mut after = t + 1;
        while after < head && cls[after] & CONNECTOR != 0 {
            after += 1;
        }
        let only_heads_after = !(after..head).any(|k| cls[k] & HEAD == 0);
        let named_before = t > s && is_cap(&toks[t - 1]) && cls[t - 1] & TITLE == 0;
        if !(only_heads_after && named_before) {
            s = after;
            if s >= head {
                return;
            }
        }
    }
    // A possessive inside the run belongs to a company's name ("Moody's
    // Investors Service Inc"); before another head it is a possessor:
    // "Chelsea's Champions League".
    if cls[head] & COMPANY == 0 {
        if let Some(k) = (s..head).rev().find(|&k| {
            matches!(toks[k].text, "'" | "’") && toks.get(k + 1).is_some_and(|n| n.text == "s")
        }) {
            s = k + 2;
        }
    }
    // A name word before the head, or a tail after it that holds one
    // ("University of Maryland", "Program on International Policy").
    let named = |r: Range<usize>| {
        r.clone()
            .any(|k| cls[k] & (HEAD | CONNECTOR) == 0 && is_cap(&toks[k]))
    };
    if s > head || !(named(s..head) || (s == head && named(head + 1..end))) {
        return; // only head words: "Group discussions", "the Bank", "Co Ltd"
    }
    let span = toks[s].start..toks[end - 1].end;
    let name = collapse(&text[span.clone()]);
    if has(NOT_ORG, name.as_str()) || is_event(&name) {
        return;
    }
    out.push(Mention {
        name,
        span,
        company: cls[head] & COMPANY != 0,
        weak: false,
    });
}

/// A run opened by a Romance head word ("Banque Industrielle et Mobiliere
/// Privee"): the whole run, up to a title, is the name.
fn leading(text: &str, toks: &[Token<'_>], cls: &[u16], run: Range<usize>, out: &mut Vec<Mention>) {
    let Some(first) = run.clone().find(|&k| cls[k] & LEADING != 0) else {
        return;
    };
    let mut end = first + 1;
    while end < run.end && cls[end] & TITLE == 0 {
        end += 1;
    }
    while end > first + 1 && !is_cap(&toks[end - 1]) {
        end -= 1;
    }
    if end < first + 2 {
        return;
    }
    let span = toks[first].start..toks[end - 1].end;
    out.push(Mention {
        name: collapse(&text[span.clone()]),
        span,
        company: true,
        weak: false,
    });
}
