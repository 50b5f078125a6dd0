//! A small linear tagger for organisation and person names: an averaged
//! perceptron over the tokens of [`super::token`], BIO labels of both
//! classes (O, B-ORG, I-ORG, B-PER, I-PER) that compete for each token,
//! greedy left to right.
//!
//! Only tokens that hold a capital letter (and connectors between two of
//! them: "Bank of England", "Marks & Spencer") are classified; every other
//! token is outside a name without any work, which keeps the tagger at a
//! fraction of the cost of tokenising. Features are hashed into a fixed
//! table of [`BUCKETS`](features::BUCKETS) rows of five weights (one per
//! label), so the weights file has a fixed size whatever the training data.
//!
//! Features: the word lower-cased, its shape and suffixes, the
//! neighbouring words and shapes, sentence start, the gazetteer bits of the
//! word and its neighbours (known organisation, head word, legal form,
//! title, place: see [`gaz`], built by [`gazetteer`]) and the previous
//! label. Training (`examples/train_tagger.rs`, through the organisation
//! module's `Trainer`, which gives it the gazetteer bits extraction sees)
//! runs the very same feature code ([`Perceptron`]).
//!
//! The weights, `data/entity_tagger.bin`, are trained offline on silver
//! spans (see `data/entity_tagger.md`) and stored as little-endian `i16`
//! after an `f32` scale: `"NIENT1\0\0"`, bucket count (`u32`), scale
//! (`f32`), then `BUCKETS * 5` weights.
//!
//! Rooms: `features.rs` (which tokens are classified, their hashed
//! features, the gazetteer bits), `model.rs` (the weights, greedy
//! decoding, spans) and `train.rs` (the averaged perceptron). The tagger
//! knows nothing of the organisation rules: the organisation module gives
//! it each word's list bits and the known names and places it found, and
//! takes its organisation spans; the person module takes its person
//! spans.

mod features;
mod model;
mod train;

pub(crate) use features::{gaz, gazetteer};
#[cfg(test)]
pub(crate) use model::tag;
pub(crate) use model::{tag_where, tag_without_margin, Class, Model};
pub(crate) use train::Perceptron;
