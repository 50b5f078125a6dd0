//! Training the tagger's weights: an averaged perceptron over the very
//! features the tagger uses at run time, one text (its tokens, gazetteer
//! bits and gold names) at a time. The texts, their order and their
//! gazetteer bits are the caller's (the organisation module's `Trainer`).
//! Organisations and people are learnt together: each token's gold label
//! is one of the [`LABELS`] of both classes, so the two compete.

use std::ops::Range;

use super::features::BUCKETS;
use super::model::{allowed, decode, Class, Model, B_ORG, B_PER, I_ORG, I_PER, LABELS, O};
use crate::extract::token::Token;

/// The weights being trained, with the running sums that average them.
pub(crate) struct Perceptron {
    w: Vec<f32>,
    total: Vec<f64>,
    stamp: Vec<u32>,
    clock: u32,
}

impl Default for Perceptron {
    fn default() -> Self {
        Perceptron {
            w: vec![0.0; BUCKETS * LABELS],
            total: vec![0.0; BUCKETS * LABELS],
            stamp: vec![0; BUCKETS * LABELS],
            clock: 0,
        }
    }
}

/// Token labels of `toks` from gold byte ranges of names and their class.
fn gold_labels(toks: &[Token<'_>], names: &[(Range<usize>, Class)]) -> Vec<u8> {
    let mut g = vec![O as u8; toks.len()];
    for (r, class) in names {
        let (b, i_) = match class {
            Class::Org => (B_ORG, I_ORG),
            Class::Person => (B_PER, I_PER),
        };
        let mut first = true;
        for (i, t) in toks.iter().enumerate() {
            if t.start >= r.start && t.end <= r.end {
                g[i] = if first { b as u8 } else { i_ as u8 };
                first = false;
            }
        }
    }
    g
}

impl Perceptron {
    /// One training pass over one text: its tokens, their gazetteer bits
    /// and the byte ranges of the names in it with their class. Returns the
    /// candidate tokens labelled right before the update, and all
    /// candidate tokens seen.
    pub(crate) fn learn(
        &mut self,
        toks: &[Token<'_>],
        gz: &[u16],
        names: &[(Range<usize>, Class)],
    ) -> (u64, u64) {
        let (mut right, mut seen) = (0u64, 0u64);
        let gold = gold_labels(toks, names);
        // The guess obeys the same constraint as decoding: an inside
        // label continues its own class.
        let mut score = |f: &[u32], g: Option<usize>, prev: usize| -> [f32; LABELS] {
            let s = self.scores(f);
            let g = g.unwrap_or(O);
            let mut best = O;
            for l in 1..LABELS {
                if allowed(prev, l) && s[l] > s[best] {
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
        decode(toks, gz, &mut score, Some(&gold));
        (right, seen)
    }

    fn scores(&self, feats: &[u32]) -> [f32; LABELS] {
        let mut s = [0f32; LABELS];
        for &f in feats {
            for (l, v) in s.iter_mut().enumerate() {
                *v += self.w[f as usize * LABELS + l];
            }
        }
        s
    }

    fn update(&mut self, feats: &[u32], truth: usize, guess: usize) {
        self.clock += 1;
        for &f in feats {
            for (l, delta) in [(truth, 1.0f32), (guess, -1.0)] {
                let k = f as usize * LABELS + l;
                self.total[k] += f64::from(self.clock - self.stamp[k]) * f64::from(self.w[k]);
                self.stamp[k] = self.clock;
                self.w[k] += delta;
            }
        }
    }

    /// The averaged weights in the committed file format.
    pub(crate) fn finish(mut self) -> Vec<u8> {
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
