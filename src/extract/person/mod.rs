//! People named in an article (LABELLING.md, People).
//!
//! Sources, in one pass over the body's tokens:
//! 1. The tagger's person spans (`tagger/`, trained on organisations and
//!    people together, so a name is one or the other), cleaned: no
//!    leading sentence starter, honorific or role, no possessive.
//! 2. An honorific or a role before capitalised words ("Mr Blair", "Dr
//!    John Reid", "President Bush", "coach Andy Robinson", "Economy
//!    minister German Gref"); a peer's or pope's title stays in the name
//!    ("Lord Falconer", "Pope John Paul II").
//! 3. A common first name (`data/person/first_names.txt`) opening two
//!    capitalised words or more ("Gordon Brown").
//!
//! A candidate that overlaps an organisation of the article ("Morgan
//! Stanley", "Ford said" in a car story) is none; nor is a lone word that
//! is a sentence starter, an acronym, a derived adjective ("Blairite"), a
//! family ("the Glazers") or a place without a title; nor is a name the
//! text uses as a work's title ("the film Ray", "Vera Drake star Imelda
//! Staunton").
//!
//! One entry per person per article (`link`): full names that are forms
//! of one another ("George Bush" / "George W Bush") are one person; a
//! surname alone ("Blair", "Mr Blair") goes to the full name it ends, the
//! one mentioned last before it when two people share it ("Venus
//! Williams ... Serena Williams ... Williams"); a first name alone to the
//! one full name it opens. The person is named by the fullest form; a
//! surname never stands alone when the article names the full person.
//! The headline's mentions of the body's people are linked too.
//!
//! # Rooms
//! - `words.rs`: the word lists of `data/person/` and word tests;
//! - `find.rs`: the mentions of one text;
//! - `link.rs`: one person per entry, with every mention;
//! - `works.rs`: works' titles named after characters ("drama Vera
//!   Drake"), dropped at every mention.

mod find;
mod link;
mod words;
mod works;

#[cfg(test)]
mod tests;

pub(crate) use find::{may_name, yields_to};
pub(crate) use link::{people, Person};

use std::ops::Range;

use crate::extract::token::Token;

/// The person mentions of `text` (see [`find::mentions`]), less the names
/// the text uses as works' titles (`works.rs`).
pub(crate) fn mentions(
    text: &str,
    toks: &[Token<'_>],
    tagged: &[Range<usize>],
    orgs: &[Range<usize>],
    places: &[Range<usize>],
) -> Vec<find::Found> {
    let mut found = find::mentions(text, toks, tagged, orgs, places);
    works::drop_works(toks, &mut found);
    found
}
