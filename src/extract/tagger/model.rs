//! The tagger's model: the hashed weights (`data/org_tagger.bin`, parsed
//! once), greedy BIO decoding over the features of `features.rs`, and the
//! name spans it gives ([`tag`]).

use std::ops::Range;
use std::sync::LazyLock;

use super::features::{candidates, gaz, Ctx, Shape, BUCKETS};
use crate::extract::token::Token;

/// Labels: outside, begin, inside.
pub(super) const O: usize = 0;
pub(super) const B: usize = 1;
pub(super) const I: usize = 2;
/// Number of labels.
const LABELS: usize = 3;
const MAGIC: &[u8; 8] = b"NIORG1\0\0";
/// A name starts only when B beats O by this much: the silver teacher
/// calls films and people organisations, so its student must be sure.
/// Chosen on the BBC dev set (eval/bbc-dev): margins 8 / 12 / 16 / 20 / 24
/// gave organisation P 0.61 / 0.65 / 0.71 / 0.75 / 0.79 and R 0.70 / 0.68
/// / 0.65 / 0.62 / 0.59 (canonical-name line); F1 is flat at 0.68 from 16
/// to 24.
const B_MARGIN: f32 = 20.0;

static WEIGHTS_BIN: &[u8] = include_bytes!("../data/org_tagger.bin");

/// The committed model, parsed on first use.
static MODEL: LazyLock<Model> =
    LazyLock::new(|| Model::from_bytes(WEIGHTS_BIN).expect("committed tagger weights parse"));

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
    pub(super) fn to_bytes(w: &[f32]) -> Vec<u8> {
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
    fn scores(&self, feats: &[u32]) -> [f32; LABELS] {
        self.scale(self.sums(feats))
    }

    /// The exact integer sums of the weights of `feats`, per label: sums of
    /// parts of a token's features add up to the sum of all of them.
    #[inline]
    fn sums(&self, feats: &[u32]) -> [i32; LABELS] {
        let mut s = [0i32; LABELS];
        for &f in feats {
            let row = &self.rows[f as usize];
            for (v, w) in s.iter_mut().zip(row) {
                *v += i32::from(*w);
            }
        }
        s
    }

    /// Scores from [`Model::sums`].
    #[inline]
    fn scale(&self, sums: [i32; LABELS]) -> [f32; LABELS] {
        sums.map(|x| x as f32 * self.scale)
    }

    /// The weight of label `l` for feature bucket `f`.
    #[cfg(test)]
    fn weight(&self, f: usize, l: usize) -> f32 {
        f32::from(self.rows[f][l]) * self.scale
    }
}

/// Scores of the three labels for some features (and, when training, the
/// gold label).
pub(super) type Scorer<'a> = dyn FnMut(&[u32], Option<usize>) -> [f32; LABELS] + 'a;

/// Greedy decoding (or one training pass when `train` is given): the label
/// of each token, O for the tokens the tagger skips.
pub(super) fn decode(
    toks: &[Token<'_>],
    gz: &[u16],
    score: &mut Scorer<'_>,
    gold: Option<&[u8]>,
) -> Vec<u8> {
    let cand = candidates(toks, gz);
    let ctx = Ctx::new(toks, gz);
    let mut labels = vec![O as u8; toks.len()];
    let mut feats = Vec::with_capacity(64);
    for run in runs(&cand) {
        let mut prev = O;
        for (k, shapes) in run.clone().zip(shapes_along(toks, run)) {
            ctx.features(k, prev, &shapes, &mut feats);
            let s = score(&feats, gold.map(|g| usize::from(g[k])));
            prev = best_label(&s, prev);
            labels[k] = prev as u8;
        }
    }
    labels
}

/// The label greedy decoding gives a token of scores `s` after a token
/// labelled `prev`: I only continues a name (after B or I).
#[inline]
fn best_label(s: &[f32; LABELS], prev: usize) -> usize {
    let allowed_i = prev != O;
    let mut best = O;
    for l in [B, I] {
        if (l != I || allowed_i) && s[l] > s[best] {
            best = l;
        }
    }
    best
}

/// The maximal runs of classified tokens. Decoding is greedy and starts
/// afresh (previous label O) at each: no feature reads another token's
/// label, so the labels of one run never depend on another run.
fn runs(cand: &[bool]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        i += cand.get(i..)?.iter().take_while(|&&c| !c).count();
        if i >= cand.len() {
            return None;
        }
        let start = i;
        i += cand[i..].iter().take_while(|&&c| c).count();
        Some(start..i)
    })
}

/// The shapes of tokens `k - 1`, `k` and `k + 1` for each token `k` of
/// `run`: each token's shape computed once.
fn shapes_along<'a>(
    toks: &'a [Token<'_>],
    run: Range<usize>,
) -> impl Iterator<Item = [Shape; 3]> + 'a {
    let at = |k: usize| Shape::of(toks, k as isize);
    let mut shapes = [
        Shape::of(toks, run.start as isize - 1),
        at(run.start),
        at(run.start + 1),
    ];
    run.clone().map(move |k| {
        if k > run.start {
            shapes = [shapes[1], shapes[2], at(k + 1)];
        }
        shapes
    })
}

/// Token ranges of the names the tagger finds in `toks` (with the
/// gazetteer bits `gz` of each token).
#[cfg(test)]
pub(crate) fn tag(toks: &[Token<'_>], gz: &[u16]) -> Vec<Range<usize>> {
    tag_where(toks, gz, |_| true)
}

/// [`tag`], decoding only the runs of classified tokens (capitalised words
/// and the connectors between them) that `keep` accepts: a caller that
/// would reject every name inside a run (a lone sentence opener, a place)
/// saves the tagger's work there. The spans found in the runs kept are
/// those of [`tag`].
///
/// The labels are those of [`decode`] with the committed weights and the
/// margin on B, computed in two steps: the weights of the features that
/// do not read the previous label are summed for the whole run first
/// (their table rows, spread over half a megabyte, are loaded together),
/// then the label features are added token by token. The integer sums
/// are exact, so the scores are the same.
pub(crate) fn tag_where(
    toks: &[Token<'_>],
    gz: &[u16],
    keep: impl Fn(Range<usize>) -> bool,
) -> Vec<Range<usize>> {
    let m = &*MODEL;
    let cand = candidates(toks, gz);
    let ctx = Ctx::new(toks, gz);
    let mut labels = vec![O as u8; toks.len()];
    let mut feats = Vec::with_capacity(64);
    let mut context: Vec<([i32; LABELS], Shape)> = Vec::new();
    for run in runs(&cand).filter(|r| keep(r.clone())) {
        context.clear();
        for (k, shapes) in run.clone().zip(shapes_along(toks, run.clone())) {
            feats.clear();
            ctx.context_features(k, &shapes, &mut feats);
            context.push((m.sums(&feats), shapes[1]));
        }
        let mut prev = O;
        for (k, (sums, shape)) in run.zip(&context) {
            feats.clear();
            ctx.label_features(k, prev, shape, &mut feats);
            let label = m.sums(&feats);
            let mut total = *sums;
            for (t, l) in total.iter_mut().zip(label) {
                *t += l;
            }
            let mut s = m.scale(total);
            s[B] -= B_MARGIN;
            prev = best_label(&s, prev);
            labels[k] = prev as u8;
        }
    }
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

/// The spans of [`tag`] by the weights `model`, without the run-time
/// margin on B: what the trainer's held-out check compares with its gold
/// names.
pub(crate) fn tag_without_margin(
    model: &Model,
    toks: &[Token<'_>],
    gz: &[u16],
) -> Vec<Range<usize>> {
    let labels = decode(toks, gz, &mut |f, _| model.scores(f), None);
    spans(&labels, toks, gz)
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
        let note = include_str!("../data/org_tagger.md");
        assert!(
            note.contains(&format!("sha256 `{digest}`")),
            "org_tagger.md does not record sha256 {digest}"
        );
    }

    /// The two-step scores of `tag_where` are those of `decode`, and a
    /// run left out gets no span.
    #[test]
    fn run_sums_decode_as_the_plain_decoder() {
        let text = "Shares of Novartis rose after Goldman Sachs and the Bank of \
                    Japan said on Monday that Acme Widgets, Mr Blair and eBay's \
                    Nintendo DS team met in New York.";
        let toks = crate::extract::token::tokenize(text);
        for g in [0u16, gaz::PLACE, gaz::LEAD | gaz::COMPANY] {
            let gz: Vec<u16> = (0..toks.len())
                .map(|k| if k % 3 == 0 { g } else { 0 })
                .collect();
            let plain = decode(
                &toks,
                &gz,
                &mut |f, _| {
                    let mut s = MODEL.scores(f);
                    s[B] -= B_MARGIN;
                    s
                },
                None,
            );
            let want = spans(&plain, &toks, &gz);
            assert_eq!(tag(&toks, &gz), want);
            assert!(!want.is_empty());
            let first = want[0].clone();
            let kept = tag_where(&toks, &gz, |r| {
                !(r.start <= first.start && first.end <= r.end)
            });
            assert_eq!(kept, want[1..]);
        }
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
}
