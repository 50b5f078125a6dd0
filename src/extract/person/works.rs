//! Works' titles named after characters ("drama Vera Drake", "Vera Drake
//! star Imelda Staunton"): the name of a film, play or book is no person,
//! at any of its mentions in the article.

use super::find::Found;
use crate::extract::token::{Kind, Token};

/// Kinds of work written just before a title ("the film Ray", "period
/// drama Vera Drake"); not "play", a verb before players ("will play
/// Cyril Saulnier").
const WORK_BEFORE: &[&str] = &[
    "film",
    "films",
    "movie",
    "movies",
    "drama",
    "comedy",
    "thriller",
    "musical",
    "novel",
    "album",
    "sitcom",
    "documentary",
    "biopic",
    "epic",
];

/// Roles written between a work's title and one of its people ("Vera
/// Drake star Imelda Staunton", "Sideways director Alexander Payne").
const WORK_ROLE_AFTER: &[&str] = &["star", "stars", "actor", "actress", "director", "producer"];

/// Drops from `found` every mention of a name the text uses as a work's
/// title: a kind of work just before one of its mentions, or a work's role
/// and another capitalised name just after one.
pub(super) fn drop_works(toks: &[Token<'_>], found: &mut Vec<Found>) {
    let word = |k: usize| toks.get(k).filter(|t| t.kind == Kind::Word).map(|t| t.text);
    let works: Vec<Vec<&str>> = found
        .iter()
        .filter(|f| f.words.len() >= 2)
        .filter(|f| {
            let before = f.words.start.checked_sub(1).and_then(word);
            let after = word(f.words.end);
            before.is_some_and(|w| WORK_BEFORE.contains(&w))
                || (after.is_some_and(|w| WORK_ROLE_AFTER.contains(&w))
                    && toks
                        .get(f.words.end + 1)
                        .is_some_and(|t| t.is_capitalised()))
        })
        .map(|f| toks[f.words.clone()].iter().map(|t| t.text).collect())
        .collect();
    if works.is_empty() {
        return;
    }
    found.retain(|f| {
        let words: Vec<&str> = toks[f.words.clone()].iter().map(|t| t.text).collect();
        !works.contains(&words)
    });
}
