//! The tagger's features: which tokens it classifies (words with a
//! capital, and connectors between two of them), the hashed features of
//! one token (word, shape, suffixes, neighbours, sentence start, previous
//! label) and the gazetteer bits of each token ([`gaz`]: word-list
//! classes, known organisations, places) that the features read.

use std::ops::Range;

use crate::extract::token::{Kind, Token};

/// Rows of the hashed weight table (a power of two).
pub(crate) const BUCKETS: usize = 1 << 16;
/// Gazetteer bits of one token: word-list classes (given by the
/// organisation module), known organisations and places ([`gazetteer`]).
pub(crate) mod gaz {
    /// Starts a known organisation (`data/orgs.txt`).
    pub const KNOWN_B: u16 = 1;
    /// Inside a known organisation, not at its start.
    pub const KNOWN_I: u16 = 1 << 1;
    /// A company head word or legal form (`Inc`, `Group`, `Airlines`).
    pub const COMPANY: u16 = 1 << 2;
    /// A public-body head word (`Commission`, `Bank`, `Party`).
    pub const BODY: u16 = 1 << 3;
    /// A legal form (`Ltd`, `plc`, `AG`).
    pub const LEGAL: u16 = 1 << 4;
    /// A sentence starter, day or month (`The`, `Monday`, `March`).
    pub const LEAD: u16 = 1 << 5;
    /// A person's title (`President`, `Mr`).
    pub const TITLE: u16 = 1 << 6;
    /// Inside a country, city or place name match.
    pub const PLACE: u16 = 1 << 7;
    /// A connector (`of`, `and`, `&`, `de`).
    pub const CONNECTOR: u16 = 1 << 8;
    /// A Romance leading head (`Banque`, `Grupo`).
    pub const LEADING: u16 = 1 << 9;
    /// Number of bits above.
    pub const COUNT: u32 = 10;
}

/// The gazetteer bits of each token of `toks`: `word` gives a token's
/// word-list bits ([`gaz::COMPANY`] to [`gaz::LEADING`]); each range of
/// `known` (byte spans of known organisations) marks its first token
/// [`gaz::KNOWN_B`] and the others [`gaz::KNOWN_I`]; each range of
/// `places` (byte spans of country-table matches) marks its tokens
/// [`gaz::PLACE`].
pub(crate) fn gazetteer(
    toks: &[Token<'_>],
    word: impl Fn(&Token<'_>) -> u16,
    known: impl IntoIterator<Item = Range<usize>>,
    places: impl IntoIterator<Item = Range<usize>>,
) -> Vec<u16> {
    let mut g: Vec<u16> = toks.iter().map(word).collect();
    let mut mark = |span: Range<usize>, first: u16, rest: u16| {
        let a = toks.partition_point(|t| t.start < span.start);
        for (k, t) in toks.iter().enumerate().skip(a) {
            if t.end > span.end {
                break;
            }
            g[k] |= if k == a { first } else { rest };
        }
    };
    for span in known {
        mark(span, gaz::KNOWN_B, gaz::KNOWN_I);
    }
    for span in places {
        mark(span, gaz::PLACE, gaz::PLACE);
    }
    g
}

/// True when the tagger looks at this token: a word with a capital letter.
#[inline]
fn has_cap(t: &Token<'_>) -> bool {
    if t.kind != Kind::Word {
        return false;
    }
    t.has_upper() && !t.is_ticker()
}

/// Which tokens are classified: words with a capital, and connectors
/// (`of`, `&`, `and`, `the` after `of`) between two of them.
pub(super) fn candidates(toks: &[Token<'_>], gz: &[u16]) -> Vec<bool> {
    let mut c: Vec<bool> = toks.iter().map(has_cap).collect();
    let glued = |i: usize| i > 0 && toks[i - 1].end == toks[i].start;
    for i in 1..toks.len().saturating_sub(1) {
        if c[i] || !c[i - 1] {
            continue;
        }
        // Steps before `i` set only `c[..=i]`: `c[i + 2]` is still
        // `has_cap` of its token.
        let cap_after_next = c.get(i + 2).copied().unwrap_or(false);
        // A glued hyphen ("Petro-Canada") or possessive ("Moody's
        // Investors Service") between capitalised words.
        if toks[i].text == "-" && glued(i) && glued(i + 1) && c[i + 1] {
            c[i] = true;
            continue;
        }
        if matches!(toks[i].text, "'" | "’")
            && glued(i)
            && toks[i + 1].text == "s"
            && glued(i + 1)
            && cap_after_next
        {
            c[i] = true;
            c[i + 1] = true;
            continue;
        }
        let conn = gz[i] & gaz::CONNECTOR != 0;
        if conn && c[i + 1] {
            c[i] = true;
        } else if conn && toks[i + 1].text == "the" && cap_after_next {
            c[i] = true;
            c[i + 1] = true;
        }
    }
    c
}

/// FNV-1a over a template id and bytes, lower-cased when asked; reduced to
/// a bucket. Stable across builds and platforms (the weights depend on it).
#[inline]
fn hash(template: u8, parts: &[&[u8]], lower: bool) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    eat(template);
    for p in parts {
        for &b in *p {
            eat(if lower { b.to_ascii_lowercase() } else { b });
        }
        eat(0xff);
    }
    ((h ^ (h >> 29)) as usize & (BUCKETS - 1)) as u32
}

/// The word's shape, runs shortened to two: "Xx", "XX", "X.X.", "Xx-Xx",
/// "xXx" (eBay), "dd".
fn shape(w: &str, out: &mut [u8; 12]) -> usize {
    let mut n = 0;
    let mut last = 0u8;
    let mut run = 0;
    let mut put = |s: u8| {
        if s == last {
            run += 1;
            if run > 2 {
                return true;
            }
        } else {
            run = 1;
            last = s;
        }
        if n == out.len() {
            return false;
        }
        out[n] = s;
        n += 1;
        true
    };
    if w.is_ascii() {
        // The common case, without decoding characters: the classes of an
        // ASCII character are those of its byte.
        for b in w.bytes() {
            let s = match b {
                b'A'..=b'Z' => b'X',
                b'a'..=b'z' => b'x',
                b'0'..=b'9' => b'd',
                _ => b,
            };
            if !put(s) {
                break;
            }
        }
    } else {
        for c in w.chars() {
            let s = if c.is_uppercase() {
                b'X'
            } else if c.is_lowercase() {
                b'x'
            } else if c.is_ascii_digit() {
                b'd'
            } else if c.is_ascii() {
                c as u8
            } else {
                b'?'
            };
            if !put(s) {
                break;
            }
        }
    }
    n
}

/// A token's shape ([`shape`]), or `<none>` beyond the text: computed
/// once per token and read by the features of the token and of its
/// neighbours.
#[derive(Clone, Copy)]
pub(super) struct Shape {
    bytes: [u8; 12],
    len: u8,
}

impl Shape {
    /// The shape of token `i` of `toks` (`<none>` out of range).
    pub(super) fn of(toks: &[Token<'_>], i: isize) -> Shape {
        let mut bytes = [0u8; 12];
        let len = match usize::try_from(i).ok().and_then(|i| toks.get(i)) {
            Some(t) => shape(t.text, &mut bytes),
            None => {
                bytes[..NONE.len()].copy_from_slice(NONE);
                NONE.len()
            }
        };
        Shape {
            bytes,
            len: len as u8,
        }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

const NONE: &[u8] = b"<none>";

/// The tokens of a text and their gazetteer bits, read by the features.
pub(super) struct Ctx<'a, 't> {
    toks: &'a [Token<'t>],
    gz: &'a [u16],
}

impl<'a, 't> Ctx<'a, 't> {
    pub(super) fn new(toks: &'a [Token<'t>], gz: &'a [u16]) -> Self {
        Ctx { toks, gz }
    }

    fn word(&self, i: isize) -> &[u8] {
        if i < 0 {
            return NONE;
        }
        self.toks
            .get(i as usize)
            .map_or(NONE, |t| t.text.as_bytes())
    }

    fn gz(&self, i: isize) -> u16 {
        if i < 0 {
            return 0;
        }
        self.gz.get(i as usize).copied().unwrap_or(0)
    }

    /// True when token `i` starts a sentence (or the text).
    fn sentence_start(&self, i: usize) -> bool {
        let mut k = i;
        // Skip opening quotes and brackets.
        while k > 0 && matches!(self.toks[k - 1].text, "\"" | "'" | "(" | "“" | "‘") {
            k -= 1;
        }
        k == 0 || matches!(self.toks[k - 1].text, "." | "!" | "?" | ":" | ";" | "-")
    }

    /// The features of token `i` given the previous label, into `out`;
    /// `shapes` are those of tokens `i - 1`, `i` and `i + 1`
    /// ([`Shape::of`]): [`Ctx::context_features`], then
    /// [`Ctx::label_features`].
    pub(super) fn features(&self, i: usize, prev: usize, shapes: &[Shape; 3], out: &mut Vec<u32>) {
        out.clear();
        self.context_features(i, shapes, out);
        self.label_features(i, prev, &shapes[1], out);
    }

    /// The features of token `i` that do not read the previous label,
    /// appended to `out`: the greedy decoder sums their weights for a
    /// whole run at once, then adds [`Ctx::label_features`] token by token.
    pub(super) fn context_features(&self, i: usize, shapes: &[Shape; 3], out: &mut Vec<u32>) {
        let ii = i as isize;
        let w = self.word(ii);
        let sh = shapes[1].as_bytes();
        out.push(hash(0, &[], false));
        out.push(hash(1, &[w], true));
        out.push(hash(2, &[sh], false));
        let suf = |k: usize| &w[w.len().saturating_sub(k)..];
        out.push(hash(3, &[suf(3)], true));
        out.push(hash(4, &[suf(2)], true));
        let (wm1, wp1) = (self.word(ii - 1), self.word(ii + 1));
        out.push(hash(6, &[wm1], true));
        out.push(hash(7, &[wp1], true));
        out.push(hash(10, &[shapes[0].as_bytes()], false));
        out.push(hash(11, &[shapes[2].as_bytes()], false));
        let start = [u8::from(self.sentence_start(i))];
        out.push(hash(13, &[&start, sh], false));
        out.push(hash(14, &[&start, w], true));
        for (t, k) in [(15u8, ii - 1), (16, ii), (17, ii + 1)] {
            let g = self.gz(k);
            for bit in 0..gaz::COUNT {
                if g & (1 << bit) != 0 {
                    out.push(hash(t, &[&[bit as u8]], false));
                }
            }
        }
        out.push(hash(22, &[wm1, w], true));
        out.push(hash(23, &[w, wp1], true));
    }

    /// The features of token `i` (of shape `shape`) that read the previous
    /// label `prev`, appended to `out`.
    pub(super) fn label_features(&self, i: usize, prev: usize, shape: &Shape, out: &mut Vec<u32>) {
        let ii = i as isize;
        let w = self.word(ii);
        let p = [prev as u8 + b'0'];
        out.push(hash(19, &[&p], false));
        out.push(hash(20, &[&p, w], true));
        out.push(hash(21, &[&p, shape.as_bytes()], false));
        let g = self.gz(ii).to_le_bytes();
        out.push(hash(24, &[&p, &g], false));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hashed features of a token are what the committed weights were
    /// trained on: any change here needs a retrained `org_tagger.bin`.
    #[test]
    fn feature_buckets_are_stable() {
        let toks = crate::extract::token::tokenize("Shares of Acme Corp rose.");
        let gz = vec![0u16; toks.len()];
        let ctx = Ctx::new(&toks, &gz);
        let shapes = [
            Shape::of(&toks, 1),
            Shape::of(&toks, 2),
            Shape::of(&toks, 3),
        ];
        let mut f = Vec::new();
        ctx.features(2, 1, &shapes, &mut f);
        // No gazetteer bits: the fixed templates, context then label.
        assert_eq!(f.len(), 17);
        assert_eq!(
            f[..3],
            [
                hash(0, &[], false),
                hash(1, &[b"acme"], false),
                hash(2, &[b"Xxx"], false)
            ]
        );
        assert_eq!(f[13], hash(19, &[b"1"], false));
        let mut split = Vec::new();
        ctx.context_features(2, &shapes, &mut split);
        ctx.label_features(2, 1, &shapes[1], &mut split);
        assert_eq!(split, f);
    }

    #[test]
    fn shapes() {
        let s = |w: &str| {
            let mut b = [0u8; 12];
            let n = shape(w, &mut b);
            String::from_utf8_lossy(&b[..n]).into_owned()
        };
        assert_eq!(s("Google"), "Xxx");
        assert_eq!(s("BBC"), "XX");
        assert_eq!(s("eBay"), "xXxx");
        assert_eq!(s("U.S."), "X.X.");
        assert_eq!(s("ITV1"), "XXd");
        assert_eq!(s("Société"), "Xxx");
        assert_eq!(s("ÉTAT-2"), "XX-d");
        assert_eq!(s("a.b.c.d.e.f.g.h"), "x.x.x.x.x.x.");
        let toks = crate::extract::token::tokenize("Ba");
        assert_eq!(Shape::of(&toks, -1).as_bytes(), NONE);
        assert_eq!(Shape::of(&toks, 0).as_bytes(), b"Xx");
        assert_eq!(Shape::of(&toks, 1).as_bytes(), NONE);
    }
}
