//! The tagger's model: the hashed weights (`data/entity_tagger.bin`,
//! parsed once), greedy BIO decoding over the features of `features.rs`
//! with organisations and people as competing classes, and the labelled
//! name spans it gives ([`tag`]).

use std::ops::Range;
use std::sync::LazyLock;

use super::features::{candidates, gaz, Ctx, Shape, BUCKETS};
use crate::extract::token::Token;

/// Labels: outside, then begin and inside of an organisation and of a
/// person's name.
pub(super) const O: usize = 0;
pub(super) const B_ORG: usize = 1;
pub(super) const I_ORG: usize = 2;
pub(super) const B_PER: usize = 3;
pub(super) const I_PER: usize = 4;
/// Number of labels: the width of a weight row.
pub(super) const LABELS: usize = 5;
const MAGIC: &[u8; 8] = b"NIENT1\0\0";
/// An organisation starts only when B-ORG beats the other labels by this
/// much (see [`margins`]): the silver teacher calls films and products
/// organisations, so its student must be sure. Chosen on the BBC dev set
/// (eval/bbc-dev, first line, with the person rules): margins 20 / 34 /
/// 50 / 60 / 70 gave organisation P 0.74 / 0.81 / 0.89 / 0.92 / 0.92 and
/// R 0.85 / 0.83 / 0.81 / 0.81 / 0.81.
const B_ORG_MARGIN: f32 = 70.0;
/// The same for a person's name (B-PER): 0, 4 and 10 give people within
/// 0.01 of each other (P 0.90, R 0.87 to 0.88).
const B_PER_MARGIN: f32 = 4.0;

static WEIGHTS_BIN: &[u8] = include_bytes!("../data/entity_tagger.bin");

/// The committed model, parsed on first use.
static MODEL: LazyLock<Model> =
    LazyLock::new(|| Model::from_bytes(WEIGHTS_BIN).expect("committed tagger weights parse"));

/// What a tagged name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// An organisation (B-ORG, I-ORG).
    Org,
    /// A person (B-PER, I-PER).
    Person,
}

/// Hashed weights: one row of the quantised weights of the [`LABELS`]
/// labels per bucket, and the scale that turns their sums into scores.
/// Summing the `i16` weights exactly in integers, then scaling once,
/// keeps the table at half the size of `f32` rows (640 KB).
pub(crate) struct Model {
    rows: Vec<[i16; LABELS]>,
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
        if n != BUCKETS || body.len() != n * LABELS * 2 {
            return Err(BadWeights);
        }
        let rows = body
            .chunks_exact(LABELS * 2)
            .map(|r| std::array::from_fn(|l| i16::from_le_bytes([r[2 * l], r[2 * l + 1]])))
            .collect();
        Ok(Model { rows, scale })
    }

    /// Serialise `w` (`BUCKETS * LABELS` weights) quantised to `i16`.
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

/// Scores of the labels for some features (and, when training, the gold
/// label and the label decoded before).
pub(super) type Scorer<'a> = dyn FnMut(&[u32], Option<usize>, usize) -> [f32; LABELS] + 'a;

/// True when label `l` may follow label `prev`: an inside label only
/// continues a name of its own class.
#[inline]
pub(super) fn allowed(prev: usize, l: usize) -> bool {
    match l {
        I_ORG => matches!(prev, B_ORG | I_ORG),
        I_PER => matches!(prev, B_PER | I_PER),
        _ => true,
    }
}

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
            let s = score(&feats, gold.map(|g| usize::from(g[k])), prev);
            prev = best_label(&s, prev);
            labels[k] = prev as u8;
        }
    }
    labels
}

/// The label greedy decoding gives a token of scores `s` after a token
/// labelled `prev`: the best label that may follow `prev`.
#[inline]
fn best_label(s: &[f32; LABELS], prev: usize) -> usize {
    let mut best = O;
    for l in 1..LABELS {
        if allowed(prev, l) && s[l] > s[best] {
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

/// The run-time margins on a name's start: the two classes compete by
/// their raw scores (the better of B-ORG and B-PER is the class a name
/// would start as), and that class starts a name only when it beats the
/// other labels by its margin. A margin that also weighed the classes
/// against each other would turn organisations the tagger is unsure of
/// into people, and the reverse.
#[inline]
fn margins(s: &mut [f32; LABELS]) {
    if s[B_ORG] >= s[B_PER] {
        s[B_ORG] -= B_ORG_MARGIN;
        s[B_PER] = f32::NEG_INFINITY;
    } else {
        s[B_PER] -= B_PER_MARGIN;
        s[B_ORG] = f32::NEG_INFINITY;
    }
}

/// Token ranges of the names the tagger finds in `toks` (with the
/// gazetteer bits `gz` of each token), with their class.
#[cfg(test)]
pub(crate) fn tag(toks: &[Token<'_>], gz: &[u16]) -> Vec<(Range<usize>, Class)> {
    tag_where(toks, gz, |_| true)
}

/// [`tag`], decoding only the runs of classified tokens (capitalised words
/// and the connectors between them) that `keep` accepts: a caller that
/// would reject every name inside a run (a lone sentence opener, a place)
/// saves the tagger's work there. The spans found in the runs kept are
/// those of [`tag`].
///
/// The labels are those of [`decode`] with the committed weights and the
/// [`margins`], computed in two steps: the weights of the features that
/// do not read the previous label are summed for the whole run first
/// (their table rows, spread over the whole table, are loaded together),
/// then the label features are added token by token. The integer sums
/// are exact, so the scores are the same.
pub(crate) fn tag_where(
    toks: &[Token<'_>],
    gz: &[u16],
    keep: impl Fn(Range<usize>) -> bool,
) -> Vec<(Range<usize>, Class)> {
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
            margins(&mut s);
            prev = best_label(&s, prev);
            labels[k] = prev as u8;
        }
    }
    spans(&labels, toks, gz)
}

/// BIO labels to token ranges; a trailing connector leaves the name.
fn spans(labels: &[u8], toks: &[Token<'_>], gz: &[u16]) -> Vec<(Range<usize>, Class)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < labels.len() {
        let (class, inside) = match usize::from(labels[i]) {
            B_ORG => (Class::Org, I_ORG),
            B_PER => (Class::Person, I_PER),
            _ => {
                i += 1;
                continue;
            }
        };
        let s = i;
        i += 1;
        while i < labels.len() && usize::from(labels[i]) == inside {
            i += 1;
        }
        let mut e = i;
        while e > s + 1 && (gz[e - 1] & gaz::CONNECTOR != 0 || toks[e - 1].text == "the") {
            e -= 1;
        }
        out.push((s..e, class));
    }
    out
}

/// The spans of [`tag`] by the weights `model`, without the run-time
/// margins: what the trainer's held-out check compares with its gold
/// names.
pub(crate) fn tag_without_margin(
    model: &Model,
    toks: &[Token<'_>],
    gz: &[u16],
) -> Vec<(Range<usize>, Class)> {
    let labels = decode(toks, gz, &mut |f, _, _| model.scores(f), None);
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
        // Every label is trained.
        for l in 0..LABELS {
            assert!(m.rows.iter().any(|r| r[l] != 0), "label {l} untrained");
        }
        let digest: String = Sha256::digest(WEIGHTS_BIN)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let note = include_str!("../data/entity_tagger.md");
        assert!(
            note.contains(&format!("sha256 `{digest}`")),
            "entity_tagger.md does not record sha256 {digest}"
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
        let mut w = vec![0f32; BUCKETS * LABELS];
        w[LABELS + 2] = 2.5;
        w[BUCKETS * LABELS - 1] = -1.25;
        let m = Model::from_bytes(&Model::to_bytes(&w)).expect("parses");
        assert!((m.weight(1, 2) - 2.5).abs() < 1e-3);
        assert!((m.weight(BUCKETS - 1, LABELS - 1) + 1.25).abs() < 1e-3);
    }

    /// The two-step scores of `tag_where` are those of `decode`, and a
    /// run left out gets no span.
    #[test]
    fn run_sums_decode_as_the_plain_decoder() {
        let text = "Shares of Novartis rose after Goldman Sachs and the Bank of \
                    Japan said on Monday that Acme Widgets, Mr Tony Blair and eBay's \
                    Nintendo DS team met Gordon Brown in New York.";
        let toks = crate::extract::token::tokenize(text);
        for g in [0u16, gaz::PLACE, gaz::LEAD | gaz::COMPANY] {
            let gz: Vec<u16> = (0..toks.len())
                .map(|k| if k % 3 == 0 { g } else { 0 })
                .collect();
            let plain = decode(
                &toks,
                &gz,
                &mut |f, _, _| {
                    let mut s = MODEL.scores(f);
                    margins(&mut s);
                    s
                },
                None,
            );
            let want = spans(&plain, &toks, &gz);
            assert_eq!(tag(&toks, &gz), want);
            if g == 0 {
                // Both classes are decoded.
                assert!(want.iter().any(|(_, c)| *c == Class::Org));
                assert!(want.iter().any(|(_, c)| *c == Class::Person));
            }
            let first = want[0].0.clone();
            let kept = tag_where(&toks, &gz, |r| {
                !(r.start <= first.start && first.end <= r.end)
            });
            assert_eq!(kept, want[1..]);
        }
    }

    #[test]
    fn inside_labels_continue_their_own_class() {
        assert!(allowed(B_ORG, I_ORG) && allowed(I_PER, I_PER));
        assert!(!allowed(B_PER, I_ORG) && !allowed(I_ORG, I_PER) && !allowed(O, I_PER));
        assert!(allowed(I_ORG, B_PER) && allowed(O, B_ORG));
    }
}
