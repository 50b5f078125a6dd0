//! A small linear tagger for organisation names: an averaged perceptron
//! over the tokens of [`super::token`], BIO labels, greedy left to right.
//!
//! Only tokens that hold a capital letter (and connectors between two of
//! them: "Bank of England", "Marks & Spencer") are classified; every other
//! token is outside a name without any work, which keeps the tagger at a
//! fraction of the cost of tokenising. Features are hashed into a fixed
//! table of [`BUCKETS`] rows of three weights (O, B, I), so the weights
//! file has a fixed size whatever the training data.
//!
//! Features: the word lower-cased, its shape and suffixes, the
//! neighbouring words and shapes, sentence start, the gazetteer bits of the
//! word and its neighbours (known organisation, head word, legal form,
//! title, place: see [`super::organisation::gazetteer`]) and the previous
//! label. Training (`examples/train_tagger.rs`) goes through [`Trainer`],
//! which uses the very same feature code.
//!
//! The weights, `data/org_tagger.bin`, are trained offline on silver spans
//! (see `data/org_tagger.md`) and stored as little-endian `i16` after an
//! `f32` scale: `"NIORG1\0\0"`, bucket count (`u32`), scale (`f32`), then
//! `BUCKETS * 3` weights.

use std::ops::Range;
use std::sync::LazyLock;

use super::token::{Kind, Token};

/// Rows of the hashed weight table (a power of two).
pub(crate) const BUCKETS: usize = 1 << 16;
/// Labels: outside, begin, inside.
const O: usize = 0;
const B: usize = 1;
const I: usize = 2;
const MAGIC: &[u8; 8] = b"NIORG1\0\0";
/// A name starts only when B beats O by this much: the silver teacher
/// calls films and people organisations, so its student must be sure.
/// Chosen on the BBC dev set (eval/bbc-dev): margins 8 / 12 / 16 / 20 / 24
/// gave organisation P 0.61 / 0.65 / 0.71 / 0.75 / 0.79 and R 0.70 / 0.68
/// / 0.65 / 0.62 / 0.59 (canonical-name line); F1 is flat at 0.68 from 16
/// to 24.
const B_MARGIN: f32 = 20.0;

static WEIGHTS_BIN: &[u8] = include_bytes!("data/org_tagger.bin");

/// The committed model, parsed on first use.
static MODEL: LazyLock<Model> =
    LazyLock::new(|| Model::from_bytes(WEIGHTS_BIN).expect("committed tagger weights parse"));

/// Gazetteer bits of one token, computed by the organisation module.
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

/// Hashed weights: one row of the three quantised weights (O, B, I) per
/// bucket, padded to four so a row is one aligned load, and the scale that
/// turns their sums into scores. Summing the `i16` weights exactly in
/// integers, then scaling once, keeps the table at half the size of `f32`
/// rows (512 KB, which stays in a core's L2 cache).
pub(crate) struct Model {
    rows: Vec<[i16; 4]>,
    scale: f32,
}

/// Why a weights file does not parse.
#[derive(Debug, PartialEq)]
pub(crate) struct BadWeights;

impl Model {
    /// Parse the weights format described in the module docs.
    pub(crate) fn from_bytes(b: &[u8]) -> Result<Model, BadWeights> {
        if b.len() < 16 || &b[..8] != MAGIC {
            return Err(BadWeights);
        }
        let n = u32::from_le_bytes(b[8..12].try_into().map_err(|_| BadWeights)?) as usize;
        let scale = f32::from_le_bytes(b[12..16].try_into().map_err(|_| BadWeights)?);
        let body = &b[16..];
        if n != BUCKETS || body.len() != n * 3 * 2 {
            return Err(BadWeights);
        }
        let weight = |c: &[u8]| i16::from_le_bytes([c[0], c[1]]);
        let rows = body
            .chunks_exact(6)
            .map(|r| [weight(&r[0..2]), weight(&r[2..4]), weight(&r[4..6]), 0])
            .collect();
        Ok(Model { rows, scale })
    }

    /// Serialise `w` (`BUCKETS * 3` weights) quantised to `i16`.
    fn to_bytes(w: &[f32]) -> Vec<u8> {
        let max = w.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-9);
        let scale = max / f32::from(i16::MAX);
        let mut out = Vec::with_capacity(16 + w.len() * 2);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(BUCKETS as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for x in w {
            let q = (x / scale).round().clamp(-32767.0, 32767.0) as i16;
            out.extend_from_slice(&q.to_le_bytes());
        }
        out
    }

    #[inline]
    fn scores(&self, feats: &[u32]) -> [f32; 3] {
        let mut s = [0i32; 3];
        for &f in feats {
            let row = self.rows[f as usize];
            s[0] += i32::from(row[0]);
            s[1] += i32::from(row[1]);
            s[2] += i32::from(row[2]);
        }
        s.map(|x| x as f32 * self.scale)
    }

    /// The weight of label `l` for feature bucket `f`.
    #[cfg(test)]
    fn weight(&self, f: usize, l: usize) -> f32 {
        f32::from(self.rows[f][l]) * self.scale
    }
}

/// True when the tagger looks at this token: a word with a capital letter.
#[inline]
fn has_cap(t: &Token<'_>) -> bool {
    if t.kind != Kind::Word {
        return false;
    }
    // Bytes first: a capital ASCII letter, or a character outside ASCII
    // that may be one.
    let cap = match t
        .text
        .bytes()
        .find(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        None => false,
        Some(b) if b.is_ascii() => true,
        Some(_) => t.text.chars().any(char::is_uppercase),
    };
    cap && !t.is_ticker()
}

/// Which tokens are classified: words with a capital, and connectors
/// (`of`, `&`, `and`, `the` after `of`) between two of them.
fn candidates(toks: &[Token<'_>], gz: &[u16]) -> Vec<bool> {
    let mut c: Vec<bool> = toks.iter().map(has_cap).collect();
    let glued = |i: usize| i > 0 && toks[i - 1].end == toks[i].start;
    for i in 1..toks.len().saturating_sub(1) {
        if c[i] || !c[i - 1] {
            continue;
        }
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
            && toks.get(i + 2).is_some_and(has_cap)
        {
            c[i] = true;
            c[i + 1] = true;
            continue;
        }
        let conn = gz[i] & gaz::CONNECTOR != 0;
        if conn && c[i + 1] {
            c[i] = true;
        } else if conn && toks[i + 1].text == "the" && toks.get(i + 2).is_some_and(has_cap) {
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
        if s == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 1;
            last = s;
        }
        if n == out.len() {
            break;
        }
        out[n] = s;
        n += 1;
    }
    n
}

const NONE: &[u8] = b"<none>";

/// The tokens of a text and their gazetteer bits, read by the features.
struct Ctx<'a, 't> {
    toks: &'a [Token<'t>],
    gz: &'a [u16],
}

impl<'a, 't> Ctx<'a, 't> {
    fn new(toks: &'a [Token<'t>], gz: &'a [u16]) -> Self {
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

    fn shape(&self, i: isize) -> ([u8; 12], usize) {
        let mut s = [0u8; 12];
        if i < 0 || i as usize >= self.toks.len() {
            s[..6].copy_from_slice(NONE);
            return (s, 6);
        }
        let n = shape(self.toks[i as usize].text, &mut s);
        (s, n)
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

    /// The features of token `i` given the previous label, into `out`.
    fn features(&self, i: usize, prev: usize, out: &mut Vec<u32>) {
        out.clear();
        let ii = i as isize;
        let w = self.word(ii);
        let (sh, shn) = self.shape(ii);
        let sh = &sh[..shn];
        let p = [prev as u8 + b'0'];
        out.push(hash(0, &[], false));
        out.push(hash(1, &[w], true));
        out.push(hash(2, &[sh], false));
        let suf = |k: usize| &w[w.len().saturating_sub(k)..];
        out.push(hash(3, &[suf(3)], true));
        out.push(hash(4, &[suf(2)], true));
        let (wm1, wp1) = (self.word(ii - 1), self.word(ii + 1));
        out.push(hash(6, &[wm1], true));
        out.push(hash(7, &[wp1], true));
        let (s1, n1) = self.shape(ii - 1);
        let (s2, n2) = self.shape(ii + 1);
        out.push(hash(10, &[&s1[..n1]], false));
        out.push(hash(11, &[&s2[..n2]], false));
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
        out.push(hash(19, &[&p], false));
        out.push(hash(20, &[&p, w], true));
        out.push(hash(21, &[&p, sh], false));
        out.push(hash(22, &[wm1, w], true));
        out.push(hash(23, &[w, wp1], true));
        let g = self.gz(ii).to_le_bytes();
        out.push(hash(24, &[&p, &g], false));
    }
}

/// Scores of the three labels for some features (and, when training, the
/// gold label).
type Scorer<'a> = dyn FnMut(&[u32], Option<usize>) -> [f32; 3] + 'a;

/// Greedy decoding (or one training pass when `train` is given): the label
/// of each token, O for the tokens the tagger skips.
fn decode(toks: &[Token<'_>], gz: &[u16], score: &mut Scorer<'_>, gold: Option<&[u8]>) -> Vec<u8> {
    let cand = candidates(toks, gz);
    let ctx = Ctx::new(toks, gz);
    let mut labels = vec![O as u8; toks.len()];
    let mut feats = Vec::with_capacity(64);
    let mut prev = O;
    for i in 0..toks.len() {
        if !cand[i] {
            prev = O;
            continue;
        }
        ctx.features(i, prev, &mut feats);
        let s = score(&feats, gold.map(|g| usize::from(g[i])));
        // I only continues a name: after B or I on the token before.
        let allowed_i = prev != O;
        let mut best = O;
        for l in [B, I] {
            if (l != I || allowed_i) && s[l] > s[best] {
                best = l;
            }
        }
        labels[i] = best as u8;
        prev = best;
    }
    labels
}

/// Token ranges of the names the tagger finds in `toks` (with the
/// gazetteer bits `gz` of each token).
pub(crate) fn tag(toks: &[Token<'_>], gz: &[u16]) -> Vec<Range<usize>> {
    let m = &*MODEL;
    let labels = decode(
        toks,
        gz,
        &mut |f, _| {
            let mut s = m.scores(f);
            s[B] -= B_MARGIN;
            s
        },
        None,
    );
    spans(&labels, toks, gz)
}

/// BIO labels to token ranges; a trailing connector leaves the name.
fn spans(labels: &[u8], toks: &[Token<'_>], gz: &[u16]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < labels.len() {
        if usize::from(labels[i]) != B {
            i += 1;
            continue;
        }
        let s = i;
        i += 1;
        while i < labels.len() && usize::from(labels[i]) == I {
            i += 1;
        }
        let mut e = i;
        while e > s + 1 && (gz[e - 1] & gaz::CONNECTOR != 0 || toks[e - 1].text == "the") {
            e -= 1;
        }
        out.push(s..e);
    }
    out
}

/// Trains the tagger's weights with the features used at run time
/// (an averaged perceptron). Used by `examples/train_tagger.rs`.
#[doc(hidden)]
pub struct Trainer {
    w: Vec<f32>,
    total: Vec<f64>,
    stamp: Vec<u32>,
    clock: u32,
    /// Examples: squashed text and gold name byte ranges.
    docs: Vec<(String, Vec<Range<usize>>)>,
}

impl Default for Trainer {
    fn default() -> Self {
        Trainer {
            w: vec![0.0; BUCKETS * 3],
            total: vec![0.0; BUCKETS * 3],
            stamp: vec![0; BUCKETS * 3],
            clock: 0,
            docs: Vec::new(),
        }
    }
}

/// Token labels of `toks` from gold byte ranges of names.
fn gold_labels(toks: &[Token<'_>], names: &[Range<usize>]) -> Vec<u8> {
    let mut g = vec![O as u8; toks.len()];
    for r in names {
        let mut first = true;
        for (i, t) in toks.iter().enumerate() {
            if t.start >= r.start && t.end <= r.end {
                g[i] = if first { B as u8 } else { I as u8 };
                first = false;
            }
        }
    }
    g
}

impl Trainer {
    /// An untrained model.
    pub fn new() -> Trainer {
        Trainer::default()
    }

    /// Add one text (whitespace runs already squashed to one space) with
    /// the byte ranges of the organisation names in it.
    pub fn add(&mut self, text: String, names: Vec<Range<usize>>) {
        self.docs.push((text, names));
    }

    /// Number of texts added.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when no text was added.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// One pass over the texts, in an order shuffled by `seed`; returns the
    /// share of candidate tokens labelled right before the update.
    pub fn epoch(&mut self, seed: u64) -> f64 {
        let mut order: Vec<usize> = (0..self.docs.len()).collect();
        let mut x = seed | 1;
        for i in (1..order.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            order.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let (mut right, mut seen) = (0u64, 0u64);
        let docs = std::mem::take(&mut self.docs);
        for &d in &order {
            let (text, names) = &docs[d];
            let toks = super::token::tokenize(text);
            let gz = super::organisation::gazetteer(text, &toks);
            let gold = gold_labels(&toks, names);
            let mut score = |f: &[u32], g: Option<usize>| -> [f32; 3] {
                let s = self.scores(f);
                let g = g.unwrap_or(O);
                let mut best = O;
                for l in [B, I] {
                    if s[l] > s[best] {
                        best = l;
                    }
                }
                seen += 1;
                if best == g {
                    right += 1;
                } else {
                    self.update(f, g, best);
                }
                s
            };
            decode(&toks, &gz, &mut score, Some(&gold));
        }
        self.docs = docs;
        right as f64 / seen.max(1) as f64
    }

    fn scores(&self, feats: &[u32]) -> [f32; 3] {
        let mut s = [0f32; 3];
        for &f in feats {
            for (l, v) in s.iter_mut().enumerate() {
                *v += self.w[f as usize * 3 + l];
            }
        }
        s
    }

    fn update(&mut self, feats: &[u32], truth: usize, guess: usize) {
        self.clock += 1;
        for &f in feats {
            for (l, delta) in [(truth, 1.0f32), (guess, -1.0)] {
                let k = f as usize * 3 + l;
                self.total[k] += f64::from(self.clock - self.stamp[k]) * f64::from(self.w[k]);
                self.stamp[k] = self.clock;
                self.w[k] += delta;
            }
        }
    }

    /// The averaged weights in the committed file format.
    pub fn finish(mut self) -> Vec<u8> {
        let c = f64::from(self.clock.max(1));
        let avg: Vec<f32> = (0..self.w.len())
            .map(|k| {
                self.total[k] += f64::from(self.clock - self.stamp[k]) * f64::from(self.w[k]);
                (self.total[k] / c) as f32
            })
            .collect();
        self.w.clear();
        Model::to_bytes(&avg)
    }
}

/// The tagger's spans in `text` as byte ranges: the same work as at run
/// time, for the trainer's held-out check.
#[doc(hidden)]
pub fn tag_text(text: &str, weights: &[u8]) -> Vec<Range<usize>> {
    let Ok(m) = Model::from_bytes(weights) else {
        return Vec::new();
    };
    let toks = super::token::tokenize(text);
    let gz = super::organisation::gazetteer(text, &toks);
    let labels = decode(&toks, &gz, &mut |f, _| m.scores(f), None);
    spans(&labels, &toks, &gz)
        .into_iter()
        .map(|r| toks[r.start].start..toks[r.end - 1].end)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn committed_weights_load_and_match_their_record() {
        let m = Model::from_bytes(WEIGHTS_BIN).expect("weights parse");
        assert_eq!(m.rows.len(), BUCKETS);
        assert!(m.rows.iter().any(|r| *r != [0; 4]), "untrained weights");
        let digest: String = Sha256::digest(WEIGHTS_BIN)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let note = include_str!("data/org_tagger.md");
        assert!(
            note.contains(&format!("sha256 `{digest}`")),
            "org_tagger.md does not record sha256 {digest}"
        );
    }

    #[test]
    fn bad_weights_are_refused() {
        assert_eq!(Model::from_bytes(b"").err(), Some(BadWeights));
        assert_eq!(
            Model::from_bytes(&WEIGHTS_BIN[..100]).err(),
            Some(BadWeights)
        );
        let mut other = WEIGHTS_BIN.to_vec();
        other[0] = b'X';
        assert_eq!(Model::from_bytes(&other).err(), Some(BadWeights));
    }

    #[test]
    fn round_trip_of_the_file_format() {
        let mut w = vec![0f32; BUCKETS * 3];
        w[5] = 2.5;
        w[BUCKETS * 3 - 1] = -1.25;
        let m = Model::from_bytes(&Model::to_bytes(&w)).expect("parses");
        assert!(
            (m.weight(1, 2) - 2.5).abs() < 1e-3 && (m.weight(BUCKETS - 1, 2) + 1.25).abs() < 1e-3
        );
    }

    #[test]
    fn tags_names_in_a_paragraph() {
        let text = "Shares in Vantorel rose on Tuesday after the carmaker said Brinkwater \
                    Holdings would buy a stake. Analysts at Kestrel Partners said the deal \
                    valued Vantorel at $2bn. The Tories and Labour both welcomed it, and \
                    Mr Dunmore told the BBC he was pleased.";
        let toks = super::super::token::tokenize(text);
        let gz = super::super::organisation::gazetteer(text, &toks);
        let names: Vec<&str> = tag(&toks, &gz)
            .into_iter()
            .map(|r| &text[toks[r.start].start..toks[r.end - 1].end])
            .collect();
        // Unknown one-word companies (Vantorel) stay under the margin, and
        // names with a head word (Kestrel Partners) are left to the rules.
        for name in ["Tories", "BBC"] {
            assert!(names.contains(&name), "{name}: {names:?}");
        }
        for not in ["Tuesday", "Analysts", "Mr Dunmore", "Dunmore", "Shares"] {
            assert!(!names.contains(&not), "{not}: {names:?}");
        }
        // Tagger, rules and tables together (names as written).
        let orgs = super::super::extract("", text).organisations;
        for name in [
            "Brinkwater Holdings",
            "Kestrel Partners",
            "Tories",
            "Labour",
            "BBC",
        ] {
            assert!(orgs.iter().any(|o| o == name), "{name}: {orgs:?}");
        }
        assert!(!orgs.iter().any(|o| o.contains("Dunmore")), "{orgs:?}");
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
    }
}
