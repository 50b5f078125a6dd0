//! The tagger's gazetteer bits as extraction computes them: each token's
//! word-list classes ([`words`](super::words)) translated to the tagger's
//! [`gaz`] bits, known organisations and country-table matches. The
//! tagger builds the bits ([`tagger::gazetteer`]); what the lists and
//! tables say is this module's.

use super::mention::Mention;
use super::words::{flags, BODY, COMPANY, CONNECTOR, LEAD, LEADING, LEGAL_FORM, TITLE};
use crate::extract::country::CountryMatch;
use crate::extract::tagger::{self, gaz};
use crate::extract::token::{Kind, Token};

/// The tagger's word-list bits of one token.
fn word_bits(t: &Token<'_>) -> u16 {
    let b = t.text.as_bytes()[0];
    // Only capitalised words, short words (connectors) and "&" are in
    // the lists: skip the hash lookup for the others.
    if t.kind == Kind::Num || !(b.is_ascii_uppercase() || b >= 0x80 || t.text.len() <= 3) {
        return 0;
    }
    let f = flags(t.text);
    if f == 0 {
        return 0;
    }
    let mut x = 0;
    for (from, to) in [
        (COMPANY, gaz::COMPANY),
        (BODY, gaz::BODY),
        (LEGAL_FORM, gaz::LEGAL),
        (LEAD, gaz::LEAD),
        (TITLE, gaz::TITLE),
        (CONNECTOR, gaz::CONNECTOR),
        (LEADING, gaz::LEADING),
    ] {
        if f & from != 0 {
            x |= to;
        }
    }
    x
}

/// The gazetteer bits of each token (see [`gaz`]): word lists, known
/// organisations and country-table matches.
pub(super) fn gazetteer_with(
    toks: &[Token<'_>],
    known: &[Mention],
    places: &[CountryMatch],
) -> Vec<u16> {
    tagger::gazetteer(
        toks,
        word_bits,
        known.iter().map(|m| m.span.clone()),
        places.iter().map(|&(_, s, e)| s..e),
    )
}

/// [`gazetteer_with`], finding the known names and places itself (for the
/// tagger's trainer, which must see what `extract` sees).
pub(super) fn gazetteer(text: &str, toks: &[Token<'_>]) -> Vec<u16> {
    let (places, known) = crate::extract::scan_body(text, toks);
    gazetteer_with(toks, &known, &places)
}
