//! Training the tagger's weights: an averaged perceptron over the very
//! features the tagger uses at run time, one text (its tokens, gazetteer
//! bits and gold names) at a time. The texts, their order and their
//! gazetteer bits are the caller's (the organisation module's `Trainer`).

use std::ops::Range;

use super::features::BUCKETS;
use super::model::{decode, Model, B, I, O};
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
            w: vec![0.0; BUCKETS * 3],
            total: vec![0.0; BUCKETS * 3],
            stamp: vec![0; BUCKETS * 3],
            clock: 0,
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

impl Perceptron {
    /// One training pass over one text: its tokens, their gazetteer bits
    /// and the byte ranges of the organisation names in it. Returns the
    /// candidate tokens labelled right before the update, and all
    /// candidate tokens seen.
    pub(crate) fn learn(
        &mut self,
        toks: &[Token<'_>],
        gz: &[u16],
        names: &[Range<usize>],
    ) -> (u64, u64) {
        let (mut right, mut seen) = (0u64, 0u64);
        let gold = gold_labels(toks, names);
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
        decode(toks, gz, &mut score, Some(&gold));
        (right, seen)
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
