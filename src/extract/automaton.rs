//! The word-anchored Aho-Corasick machinery the country and organisation
//! tables are searched with: automata run only where a word starts, behind
//! a [`StartFilter`] that turns most words away before the automaton is
//! touched. Pure machinery, no tables: the callers bring the patterns.

use std::collections::HashSet;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

/// Which words may start a pattern: two small bit sets of pattern
/// beginnings (the first two bytes of two-byte patterns, a hash of the
/// first three of the others), then the set of the patterns' first words.
/// A word that passes both needs the walk of the large automaton, whose
/// transitions miss the caches; most words are turned away by the bit sets
/// without a hash, and nearly all of the rest by the first-word set ("Bank"
/// passes, "Banking" does not).
///
/// The first word of a pattern is its longest prefix of letters and
/// digits. A pattern that matches at a word and ends at a word boundary
/// (every caller keeps only whole-word matches) has the same first word as
/// the text there: either it goes on with a non-word character after its
/// first word, which the text must have too, or it is that one word.
pub(crate) struct StartFilter {
    /// Bit set of the first two bytes of patterns shorter than three bytes.
    short: Box<[u64; 1024]>,
    /// Bit set of [`prefix_hash`] of the first three bytes of the others.
    long: Box<[u64; 1024]>,
    /// The same with a second hash ([`prefix_hash2`]): a word passes when
    /// both bits are set, which turns away most of the words whose first
    /// bytes share the first hash with a pattern.
    long2: Box<[u64; 1024]>,
    /// False when some pattern is shorter than two bytes: no filtering.
    pub(crate) on: bool,
    /// The first word of every pattern.
    first_words: HashSet<Box<[u8]>, foldhash::fast::FixedState>,
}

/// End of the run of letters and digits starting at `text[at..]` (a
/// pattern's or a text's first word).
#[inline]
fn word_end(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = at;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_alphanumeric() {
            i += 1;
        } else if b.is_ascii() {
            break;
        } else {
            match text[i..].chars().next() {
                Some(c) if c.is_alphanumeric() => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    i
}

/// A 16-bit hash of three bytes.
#[inline]
fn prefix_hash(b: &[u8]) -> usize {
    let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
    (v.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

/// A second 16-bit hash of three bytes, independent of [`prefix_hash`].
#[inline]
fn prefix_hash2(b: &[u8]) -> usize {
    let v = (u32::from(b[2]) << 16) | (u32::from(b[0]) << 8) | u32::from(b[1]);
    (v.wrapping_mul(0x85EB_CA77)
        .rotate_left(13)
        .wrapping_mul(0xC2B2_AE3D)
        >> 16) as usize
}

#[inline]
fn bit(set: &[u64; 1024], i: usize) -> bool {
    set[i >> 6] & (1 << (i & 63)) != 0
}

impl StartFilter {
    pub(crate) fn new<P: AsRef<str>>(patterns: &[P]) -> StartFilter {
        let mut short = Box::new([0u64; 1024]);
        let mut long = Box::new([0u64; 1024]);
        let mut long2 = Box::new([0u64; 1024]);
        let mut on = true;
        let mut first_words = HashSet::with_hasher(foldhash::fast::FixedState::default());
        for p in patterns {
            let p = p.as_ref();
            first_words.insert(p.as_bytes()[..word_end(p, 0)].into());
            let (set, i) = match p.as_bytes() {
                [a, b] => (&mut short, (usize::from(*a) << 8) | usize::from(*b)),
                b if b.len() >= 3 => {
                    let j = prefix_hash2(b);
                    long2[j >> 6] |= 1 << (j & 63);
                    (&mut long, prefix_hash(b))
                }
                _ => {
                    on = false;
                    continue;
                }
            };
            set[i >> 6] |= 1 << (i & 63);
        }
        StartFilter {
            short,
            long,
            long2,
            on,
            first_words,
        }
    }

    /// True when a pattern may start at `text[at..]` (at a word's start)
    /// and end on a word boundary.
    #[inline]
    pub(crate) fn may_start(&self, text: &str, at: usize) -> bool {
        if !self.on {
            return true;
        }
        let hay = text.as_bytes();
        let bits = match hay.get(at..at + 3) {
            Some(b) => {
                (bit(&self.long, prefix_hash(b)) && bit(&self.long2, prefix_hash2(b)))
                    || bit(&self.short, (usize::from(b[0]) << 8) | usize::from(b[1]))
            }
            None => hay
                .get(at..at + 2)
                .is_some_and(|b| bit(&self.short, (usize::from(b[0]) << 8) | usize::from(b[1]))),
        };
        bits && self.first_words.contains(&hay[at..word_end(text, at)])
    }
}

/// Leftmost-longest, non-overlapping matches of `wa` (see
/// [`word_automaton`]) starting where a word may start in `text[from..]`:
/// (pattern id, start, end). Callers still check that a match is a whole
/// word.
pub(crate) fn word_matches<'a>(
    wa: &'a WordAutomaton,
    text: &'a str,
    from: usize,
) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
    let WordAutomaton { ac, filter } = wa;
    let bytes = text.as_bytes();
    let mut i = from;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let b = bytes[i];
            // A letter (or the lead byte of a non-ASCII character) after
            // anything but an ASCII letter or digit.
            let start = (b.is_ascii_alphabetic() || b >= 0xC0)
                && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
            if start && filter.may_start(text, i) {
                let input = Input::new(text).range(i..).anchored(Anchored::Yes);
                if let Some(m) = ac.find(input) {
                    i = m.end();
                    return Some((m.pattern().as_usize(), m.start(), m.end()));
                }
            }
            i += 1;
        }
        None
    })
}

/// An automaton for [`word_matches`], with the [`StartFilter`] of its
/// patterns.
pub(crate) struct WordAutomaton {
    ac: AhoCorasick,
    filter: StartFilter,
}

/// An automaton of `patterns` (each starting with a letter) for
/// [`word_matches`]: leftmost-longest, anchored searches only. A contiguous
/// NFA rather than a DFA: behind the [`StartFilter`] few walks remain, and
/// the DFAs of the country and organisation tables took some 110 ms to
/// build, paid by the first article of every run (first extraction 158 ms
/// with DFAs, 46 ms without, at the same throughput).
pub(crate) fn word_automaton<I, P>(patterns: I) -> WordAutomaton
where
    I: IntoIterator<Item = P>,
    P: AsRef<str>,
{
    let patterns: Vec<P> = patterns.into_iter().collect();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Anchored)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(patterns.iter().map(|p| p.as_ref()))
        .expect("automaton builds");
    WordAutomaton {
        ac,
        filter: StartFilter::new(&patterns),
    }
}
