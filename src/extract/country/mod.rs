//! Countries an article refers to, and the ones it is about.
//!
//! # Where the names come from
//! Every ISO 3166 country of the [`keshvar`] crate gives its English names
//! (ISO short and long names, the English entries of its unofficial-name
//! list) and its nationality ("Russian"). `data/places.txt` adds codes
//! (`U.S.`, `UK`), historical states, demonyms keshvar lacks, capitals and
//! major cities, US states, currency words and blocking phrases. All of
//! them go into one Aho-Corasick automaton (leftmost-longest, so "New
//! Mexico" beats "Mexico" and "Latin American" blocks "American"), built
//! once; a second one holds the upper-cased names for ALL-CAPS headlines
//! and datelines.
//!
//! # Canonical names
//! One English short name per country ("United States", "Russia", "South
//! Korea", see `CANONICAL` in the gazetteer). States that no longer
//! exist keep their own names ("Soviet Union", "West Germany", "East
//! Germany", "Czechoslovakia", "Yugoslavia"): "Soviet" gives Soviet
//! Union and "Russian" gives Russia, so a 1987 wire and a 2010 article
//! each get the name they use. Renamed states map to today's name (Burma
//! -> Myanmar, Zaire -> Democratic Republic of the Congo, Kampuchea ->
//! Cambodia).
//!
//! # Ambiguity, deliberately
//! - A name shared by several countries (a nationality such as "French",
//!   "Dominican", "Congolese") goes to the most populous one; an entry of
//!   `places.txt` wins over a generated one.
//! - Person-like names (Jordan, Chad, Paris, Sydney, Israel, Georgia, ...)
//!   are ignored next to another capitalised word ("Vernon Jordan", "Chad
//!   Hurley", "Paris Club") unless that word is a function word ("In
//!   Jordan").
//! - Georgia and Georgian count only when the article has other evidence
//!   for the country (Tbilisi, "Republic of Georgia"): in English news the
//!   US state is the commoner sense.
//! - A cue inside a company name ("China Industrial Co", "British
//!   Petroleum Co Plc", "American Express Co") is weak evidence, as is a
//!   currency ("yen", "Swiss francs"); a cue inside a non-company
//!   organisation ("Bank of Japan") counts in full.
//!
//! # References and salience
//! A reference (LABELLING.md) is a country's name, adjective, a city used
//! as a place or a wire dateline, outside the name of something else
//! ("Bank of England", "Bell Canada", "London Assembly", "Bristol-Myers")
//! and not figurative ("Las Vegas-style"). States ("California"),
//! metonyms ("Wall Street", "Downing Street", "the Kremlin") and bare
//! currencies ("yen") are evidence of what an article is about but no
//! reference.
//!
//! Evidence is weighted by where it is: headline and dateline count most,
//! then the lead sentence, then the rest of the body. `about` keeps the
//! best-scoring country and others with [`MIN_SCORE`](score::MIN_SCORE);
//! `countries` keeps every country referred to, and those of `about`,
//! most salient first.
//! The weights were set by measuring against the Reuters-21578 PLACES
//! labels (see `examples/eval_extract.rs`).
//!
//! # Rooms
//! - `gazetteer`: the names, built once from keshvar and `places.txt`,
//!   and the look-ups of a user's name for a country.
//! - `dateline`: the wire dateline and the lead sentence that open a body.
//! - `score`: the salience scan that weighs each cue by where and what it
//!   is, and ranks the countries of an article; it also names the cues
//!   ([`Cue`]) that the evidence of an article shows.

mod dateline;
mod gazetteer;
mod score;
#[cfg(test)]
mod tests;

pub(crate) use dateline::lead_zones;
pub use gazetteer::{canonical_country, country_names};
pub(crate) use gazetteer::{exact_automaton, is_place, CountryMatch};
#[cfg(test)]
pub(crate) use score::rank;
pub use score::Cue;
pub(crate) use score::{rank_with, OrgSpans, Recorded};
