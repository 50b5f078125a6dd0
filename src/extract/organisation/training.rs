//! Training the entity tagger (organisations and people) on what
//! extraction sees: each text's
//! gazetteer bits come from the same word lists, tables and country scan
//! as at run time ([`gazetteer`]), and the tagger's averaged perceptron
//! ([`Perceptron`]) learns from them. Used by `examples/train_tagger.rs`
//! (re-exported as `newsindex::extract::{Trainer, tag_text}`).

use std::ops::Range;

use super::gazetteer::gazetteer;
use crate::extract::tagger::{tag_without_margin, Class, Model, Perceptron};
use crate::extract::token::tokenize;

/// Gold name byte ranges of one text, each with whether it is a
/// person's name.
type Names = Vec<(Range<usize>, bool)>;

/// Trains the tagger's weights with the features used at run time
/// (an averaged perceptron). Used by `examples/train_tagger.rs`.
#[doc(hidden)]
#[derive(Default)]
pub struct Trainer {
    perceptron: Perceptron,
    /// Examples: squashed text and gold names.
    docs: Vec<(String, Names)>,
}

impl Trainer {
    /// An untrained model.
    pub fn new() -> Trainer {
        Trainer::default()
    }

    /// Add one text (whitespace runs already squashed to one space) with
    /// the byte ranges of the names in it, each with `true` for a
    /// person's name and `false` for an organisation's.
    pub fn add(&mut self, text: String, names: Names) {
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
        for &d in &order {
            let (text, names) = &self.docs[d];
            let toks = tokenize(text);
            let gz = gazetteer(text, &toks);
            let names: Vec<(Range<usize>, Class)> =
                names.iter().map(|(r, p)| (r.clone(), class(*p))).collect();
            let (r, s) = self.perceptron.learn(&toks, &gz, &names);
            right += r;
            seen += s;
        }
        right as f64 / seen.max(1) as f64
    }

    /// The averaged weights in the committed file format.
    pub fn finish(self) -> Vec<u8> {
        self.perceptron.finish()
    }
}

fn class(person: bool) -> Class {
    if person {
        Class::Person
    } else {
        Class::Org
    }
}

/// The tagger's spans in `text` as byte ranges, each with `true` for a
/// person's name: the same work as at run time (without its margins), for
/// the trainer's held-out check.
#[doc(hidden)]
pub fn tag_text(text: &str, weights: &[u8]) -> Vec<(Range<usize>, bool)> {
    let Ok(m) = Model::from_bytes(weights) else {
        return Vec::new();
    };
    let toks = tokenize(text);
    let gz = gazetteer(text, &toks);
    tag_without_margin(&m, &toks, &gz)
        .into_iter()
        .map(|(r, c)| (toks[r.start].start..toks[r.end - 1].end, c == Class::Person))
        .collect()
}
