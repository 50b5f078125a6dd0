//! Duplicate detection: exact copies and near-duplicates (wire reprints,
//! corrected and updated versions), found at index time.
//!
//! Every article gets a [`Fingerprint`], computed on the extraction worker
//! threads: a hash of its normalised text (title and body, lower-cased,
//! punctuation and spacing ignored) and a MinHash signature of its word
//! 5-shingles (gaoya's 16-bit MinHash, [`NUM_HASHES`] values). The
//! writer thread then gives each article a *group*: the group of the most
//! similar article already indexed when their estimated Jaccard similarity
//! is at least [`NEAR_DUPLICATE_JACCARD`] (candidates found by banded LSH,
//! [`BANDS`] bands of [`ROWS`] values), or a
//! group of its own, named by its own id. The group id, the text hash and
//! the signature are stored as fast fields, so a search folds each group
//! into one hit cheaply and a later run groups new articles with the old
//! ones without re-reading them.
//!
//! The threshold, measured on Reuters-21578 (pairs of articles sharing at
//! least three 5-shingles, their exact Jaccard similarity): from 0.8 up,
//! the pairs are the same story (repeats, "CORRECTED -" versions); 0.7–0.8
//! holds corrections and lightly edited updates (plus near-identical daily
//! templates such as "Fed adds reserves via customer repurchases"); below
//! 0.7 different events written from one template start to dominate (two
//! banks cutting their prime rate, hog prices at two markets), so 0.7 is
//! the cut.

use std::collections::HashMap;
use std::hash::Hasher;
use tantivy::Searcher;

/// MinHash values per signature (16 bits each: 128 bytes per article).
pub const NUM_HASHES: usize = BANDS * ROWS;
/// LSH bands: two articles become candidates when all the values of one
/// band agree. With 16 bands of 4, a pair at Jaccard 0.7 is a candidate
/// with probability 0.988, at 0.8 with 0.9998, at 0.3 with 0.12.
pub const BANDS: usize = 16;
/// Values per LSH band.
pub const ROWS: usize = 4;
/// Least estimated Jaccard similarity of word 5-shingles for two articles
/// to be grouped as near-duplicates (see the module documentation).
pub const NEAR_DUPLICATE_JACCARD: f64 = 0.7;
/// Words per shingle.
const SHINGLE_WORDS: usize = 5;
/// Texts with fewer shingles than this (a headline with a line of figures)
/// are grouped only with exact copies: a few shingles estimate similarity
/// too roughly, and short template items differ only in their figures.
const MIN_SHINGLES: usize = 8;
/// Seed of gaoya's MinHash permutations that [`PERMUTATION_A`] and
/// [`PERMUTATION_B`] hold. Signatures are stored in the index: changing
/// the permutations, the hash count or the shingling needs a schema version
/// bump (a unit test pins a signature to catch it).
#[cfg(test)]
const SEED: u64 = 3;

/// Mersenne prime 2^31 - 1, the modulus of the MinHash permutations.
const MERSENNE_31: u32 = (1 << 31) - 1;
/// The permutations `h ↦ (a·h + b mod 2^32) mod (2^31 − 1)` of gaoya's
/// `MinHasher16` with seed 3 (drawn by its `StdRng`), written out so
/// [`min_hashes`] can compute the same signatures several times faster; a
/// unit test checks them against gaoya's.
const PERMUTATION_A: [u32; NUM_HASHES] = [
    1390570741, 204460191, 2105818529, 756961483, 306114140, 394804611, 1509676389, 915886798,
    1293325652, 516551327, 326878944, 868391831, 859177171, 762904098, 2144722486, 1379786616,
    46937913, 1031849672, 667477210, 2066459836, 1139486845, 1120686120, 1047352395, 1170895493,
    2022660670, 2010349822, 245517220, 1971285373, 1777146741, 336848125, 1158084090, 1315353897,
    1275355885, 1617862457, 500138817, 1501153589, 692970858, 1940077101, 2084013830, 690785548,
    1344115732, 1241194085, 579553932, 1919736372, 270841934, 401509880, 2132652588, 535747874,
    7577809, 1766870931, 1653948340, 1635338981, 1671172146, 1606852045, 1472922023, 1283476027,
    930446140, 38624624, 2011586929, 938245959, 355904064, 1934789079, 1995412232, 1720195160,
];
/// The `b` of each permutation, see [`PERMUTATION_A`].
const PERMUTATION_B: [u32; NUM_HASHES] = [
    1728805233, 1064958373, 762370062, 1528096607, 782322208, 1779974800, 2031719380, 327121591,
    515120611, 1802666940, 215132606, 1241436458, 457893926, 416781891, 486010429, 1569734925,
    1438262552, 300268329, 559279079, 1916609130, 1936166094, 1980467317, 1506232168, 2068586519,
    771933244, 1156301315, 1470758573, 1967207878, 2037244470, 916387364, 1999471725, 1252219007,
    728385183, 1455820550, 2032898217, 1991983100, 1461893626, 1848165633, 945284875, 1865655869,
    1497561865, 1033152255, 463562215, 553565285, 570934167, 1889450803, 2083436463, 1429896919,
    887672870, 954837798, 333922572, 1642255446, 213165538, 700013315, 776788938, 1614076347,
    2025776515, 1712375297, 321760225, 2120099367, 2029220890, 424171366, 2002564731, 660579387,
];

/// What duplicate detection needs to know of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// Hash of the normalised title and body: equal for exact copies.
    pub text: u64,
    /// MinHash signature of the word 5-shingles ([`NUM_HASHES`] values).
    pub signature: Vec<u16>,
    /// Number of distinct shingles the signature was made from.
    pub shingles: usize,
}

impl Fingerprint {
    /// The fingerprint of an article's title and body.
    pub fn of(title: &str, body: &str) -> Fingerprint {
        let mut words = Vec::with_capacity(body.len() / 5);
        word_hashes(title, &mut words);
        word_hashes(body, &mut words);
        let mut text = fnv::FnvHasher::default();
        for word in &words {
            text.write_u64(*word);
        }
        let mut shingles: Vec<u64> = words
            .windows(SHINGLE_WORDS.min(words.len()).max(1))
            .map(|window| {
                let mut h = fnv::FnvHasher::default();
                for word in window {
                    h.write_u64(*word);
                }
                h.finish()
            })
            .collect();
        shingles.sort_unstable();
        shingles.dedup();
        Fingerprint {
            text: text.finish(),
            signature: signature(&shingles),
            shingles: shingles.len(),
        }
    }

    /// The signature as stored: little-endian 16-bit values.
    pub fn signature_bytes(&self) -> Vec<u8> {
        self.signature
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect()
    }

    /// Whether the text is long enough to be grouped with texts that are
    /// not exact copies.
    fn groups_loosely(&self) -> bool {
        self.shingles >= MIN_SHINGLES
    }
}

/// A stored signature back as values; `None` when it has the wrong length
/// (an article written without one).
fn signature_from_bytes(bytes: &[u8]) -> Option<Vec<u16>> {
    (bytes.len() == NUM_HASHES * 2).then(|| {
        bytes
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect()
    })
}

/// The MinHash signature of a set of shingles: per permutation, the least
/// value it gives a shingle's 32-bit FNV hash, in 16 bits. Exactly what
/// gaoya's `MinHasher16::create_signature` returns (all zeros for no
/// shingles), without its division per value.
fn signature(shingles: &[u64]) -> Vec<u16> {
    if shingles.is_empty() {
        return vec![0; NUM_HASHES];
    }
    let hashes: Vec<u32> = shingles
        .iter()
        .map(|shingle| {
            let mut h = fnv::FnvHasher::default();
            h.write_u64(*shingle);
            h.finish() as u32
        })
        .collect();
    min_hashes(&hashes).iter().map(|&m| m as u16).collect()
}

/// Per permutation, the least value over `hashes`. The loop over the
/// permutations vectorises; with AVX2 (chosen at run time) eight lanes at
/// a time, which makes signatures about 4× cheaper than gaoya's on Reuters.
#[multiversion::multiversion(targets("x86_64+avx2", "x86_64+sse4.1"))]
fn min_hashes(hashes: &[u32]) -> [u32; NUM_HASHES] {
    let mut mins = [u32::MAX; NUM_HASHES];
    for &hash in hashes {
        for ((min, a), b) in mins.iter_mut().zip(PERMUTATION_A).zip(PERMUTATION_B) {
            let x = hash.wrapping_mul(a).wrapping_add(b);
            // x mod (2^31 − 1) for any 32-bit x, as 2^31 ≡ 1.
            let folded = (x & MERSENNE_31) + (x >> 31);
            let value = if folded >= MERSENNE_31 {
                folded - MERSENNE_31
            } else {
                folded
            };
            *min = (*min).min(value);
        }
    }
    mins
}

/// Append the hash of each word of `text` (a run of letters and digits),
/// lower-cased: the 64-bit FNV-1a of its UTF-8 bytes. One pass over the
/// bytes; only characters outside ASCII are decoded.
fn word_hashes(text: &str, out: &mut Vec<u64>) {
    const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    let eat = |h: u64, byte: u8| (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    let bytes = text.as_bytes();
    let mut h = FNV_OFFSET;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        let alphanumeric = if byte.is_ascii() {
            i += 1;
            let yes = byte.is_ascii_alphanumeric();
            if yes {
                h = eat(h, byte.to_ascii_lowercase());
            }
            yes
        } else {
            let c = text[i..].chars().next().expect("a character starts here");
            i += c.len_utf8();
            let yes = c.is_alphanumeric();
            if yes {
                let mut buffer = [0u8; 4];
                for lower in c.to_lowercase() {
                    for &b in lower.encode_utf8(&mut buffer).as_bytes() {
                        h = eat(h, b);
                    }
                }
            }
            yes
        };
        if alphanumeric {
            in_word = true;
        } else if in_word {
            out.push(h);
            h = FNV_OFFSET;
            in_word = false;
        }
    }
    if in_word {
        out.push(h);
    }
}

/// An article id (16 hex digits) as the number a group is stored under.
pub fn group_key(id: &str) -> u64 {
    u64::from_str_radix(id, 16).unwrap_or_else(|_| {
        let mut h = fnv::FnvHasher::default();
        h.write(id.as_bytes());
        h.finish()
    })
}

/// A stored group number back as the id of the article that founded the
/// group.
pub fn group_id(key: u64) -> String {
    format!("{key:016x}")
}

/// One member known to the grouper: its group and whether its text was
/// long enough to group loosely.
#[derive(Debug, Clone, Copy)]
struct Member {
    group: u64,
    loose: bool,
}

/// Banded LSH over the signatures of the grouper's members: per band, a
/// map from the band's key to the last member with it, and per member a
/// link to the previous one with the same key. Eighteen allocations
/// however many members. gaoya's `MinHashIndex`, used before, finds the
/// same candidates with a vector per bucket and a map entry per member:
/// on Reuters its inserts took 3% of indexing CPU and dropping it 40 ms
/// at the end of every run; on Reuters 16× it held about 200 MB more.
#[derive(Debug)]
struct Lsh {
    /// The members' signatures, [`NUM_HASHES`] values each, in member order.
    signatures: Vec<u16>,
    /// Per band: a 32-bit hash of its [`ROWS`] values → the last member
    /// with them. Members whose values merely share the hash join the same
    /// chain, and [`Lsh::similar`] weeds them out by comparing signatures;
    /// a 64-bit key would double the largest part of the grouper's memory
    /// (on Reuters 16×, 345,232 articles: 142 MB of maps instead of 75).
    heads: Vec<HashMap<u32, u32, foldhash::fast::RandomState>>,
    /// Per member and band: the previous member with the same band values.
    previous: Vec<u32>,
}

/// End of a chain of members in [`Lsh::previous`].
const NO_MEMBER: u32 = u32::MAX;

impl Default for Lsh {
    fn default() -> Self {
        Lsh {
            signatures: Vec::new(),
            heads: (0..BANDS).map(|_| HashMap::default()).collect(),
            previous: Vec::new(),
        }
    }
}

impl Lsh {
    /// The key of band `band` of a signature: its four 16-bit values in
    /// one `u64`, hashed to 32 bits (Fibonacci hashing, the high half).
    fn band_key(signature: &[u16], band: usize) -> u32 {
        let values = signature[band * ROWS..(band + 1) * ROWS]
            .iter()
            .fold(0u64, |key, &value| key << 16 | u64::from(value));
        (values.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as u32
    }

    /// Add the next member, numbered in insertion order from 0.
    fn insert(&mut self, signature: &[u16]) {
        let member = (self.signatures.len() / NUM_HASHES) as u32;
        self.signatures.extend_from_slice(signature);
        for (band, heads) in self.heads.iter_mut().enumerate() {
            let previous = heads.insert(Self::band_key(signature, band), member);
            self.previous.push(previous.unwrap_or(NO_MEMBER));
        }
    }

    /// The members sharing all the values of at least one band with
    /// `signature`, each with the share of values the two signatures
    /// agree on (their estimated Jaccard similarity), when at least
    /// [`NEAR_DUPLICATE_JACCARD`]; in member order.
    fn similar(&self, signature: &[u16]) -> Vec<(u32, f64)> {
        let mut candidates = Vec::new();
        for (band, heads) in self.heads.iter().enumerate() {
            let mut member = heads
                .get(&Self::band_key(signature, band))
                .copied()
                .unwrap_or(NO_MEMBER);
            while member != NO_MEMBER {
                candidates.push(member);
                member = self.previous[member as usize * BANDS + band];
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .filter_map(|member| {
                let start = member as usize * NUM_HASHES;
                let theirs = &self.signatures[start..start + NUM_HASHES];
                let similarity = similarity(signature, theirs);
                (similarity >= NEAR_DUPLICATE_JACCARD).then_some((member, similarity))
            })
            .collect()
    }
}

/// The share of positions where two signatures hold the same value: the
/// MinHash estimate of their texts' Jaccard similarity.
fn similarity(a: &[u16], b: &[u16]) -> f64 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len() as f64
}

/// Assigns groups on the writer thread: the signatures of the articles in
/// the last commit (loaded on first use) and of those added since.
#[derive(Debug, Default)]
pub(crate) struct Grouper {
    /// `None` until the committed signatures are loaded.
    lsh: Option<Lsh>,
    members: Vec<Member>,
}

impl Grouper {
    /// Forget the committed articles (they are all being deleted).
    pub fn clear(&mut self) {
        self.lsh = Some(Lsh::default());
        self.members.clear();
    }

    /// The group of a new article: the group of the most similar article
    /// indexed (ties: the earliest), or `own` (its own id's key).
    ///
    /// Articles deleted in this run may still be matched: their group id
    /// is only a label, shared by whichever articles carry it.
    pub fn assign(
        &mut self,
        searcher: &Searcher,
        own: u64,
        fingerprint: &Fingerprint,
    ) -> tantivy::Result<u64> {
        if self.lsh.is_none() {
            self.load(searcher)?;
        }
        let lsh = self.lsh.as_mut().expect("loaded");
        let mut best: Option<(f64, u32)> = None;
        for (key, similarity) in lsh.similar(&fingerprint.signature) {
            let member = self.members[key as usize];
            let usable = similarity >= 1.0
                || (member.loose
                    && fingerprint.groups_loosely()
                    && similarity >= NEAR_DUPLICATE_JACCARD);
            if usable && best.is_none_or(|(s, k)| similarity > s || (similarity == s && key < k)) {
                best = Some((similarity, key));
            }
        }
        let group = best.map_or(own, |(_, key)| self.members[key as usize].group);
        lsh.insert(&fingerprint.signature);
        self.members.push(Member {
            group,
            loose: fingerprint.groups_loosely(),
        });
        Ok(group)
    }

    /// Read the signatures and groups of every article of the last commit.
    fn load(&mut self, searcher: &Searcher) -> tantivy::Result<()> {
        let mut lsh = Lsh::default();
        let mut buffer = Vec::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let (Some(signatures), Ok(groups), Ok(shingles)) = (
                fast.bytes(SIGNATURE_FIELD)?,
                fast.u64(GROUP_FIELD),
                fast.u64(SHINGLES_FIELD),
            ) else {
                continue;
            };
            for doc in segment.doc_ids_alive() {
                let Some(ord) = signatures.ords().first(doc) else {
                    continue;
                };
                buffer.clear();
                signatures.ord_to_bytes(ord, &mut buffer)?;
                let (Some(signature), Some(group)) =
                    (signature_from_bytes(&buffer), groups.first(doc))
                else {
                    continue;
                };
                lsh.insert(&signature);
                self.members.push(Member {
                    group,
                    loose: shingles.first(doc).unwrap_or(0) as usize >= MIN_SHINGLES,
                });
            }
        }
        self.lsh = Some(lsh);
        Ok(())
    }
}

/// Field holding an article's group (u64, indexed and fast).
pub const GROUP_FIELD: &str = "dup_group";
/// Field holding the hash of an article's normalised text (u64, indexed and fast).
pub const TEXT_FIELD: &str = "dup_text";
/// Field holding an article's MinHash signature (bytes, fast).
pub const SIGNATURE_FIELD: &str = "dup_signature";
/// Field holding how many shingles the signature was made from (u64, fast).
pub const SHINGLES_FIELD: &str = "dup_shingles";

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Saudi Arabia has dropped a condition that Brazil pay for oil \
        imports in hard currency, officials said on Tuesday. The state oil company \
        will ship 60,000 barrels a day under the new terms, which were agreed at a \
        meeting in Riyadh last week. Brazil had asked to pay partly in goods, \
        including cars and frozen chicken. The officials said talks on a longer \
        contract would start in May and could cover refined products as well. \
        Brazil imports about half of the crude oil it refines, most of it from \
        the Middle East and West Africa. Its debt talks with commercial banks \
        have made it hard to pay for imports in dollars this year. Saudi \
        Arabia, for its part, is looking for steady buyers as its output rises \
        towards the quota agreed with other producers in Geneva.";

    #[test]
    fn exact_copies_differ_only_in_case_spacing_and_punctuation() {
        let a = Fingerprint::of("Saudis drop oil condition", STORY);
        let shouted = STORY.to_uppercase().replace(". ", ".\n\n  ");
        let b = Fingerprint::of("SAUDIS DROP OIL CONDITION!", &shouted);
        assert_eq!(a.text, b.text);
        assert_eq!(a.signature, b.signature);
        let c = Fingerprint::of("Saudis drop oil condition", &STORY.replace("May", "June"));
        assert_ne!(a.text, c.text);
    }

    #[test]
    fn a_changed_sentence_stays_similar_and_a_new_story_does_not() {
        let a = Fingerprint::of("Saudis drop oil condition", STORY);
        let edited = STORY.replace(
            "Brazil had asked to pay partly in goods, including cars and frozen chicken.",
            "Brazilian officials welcomed the decision in a statement from Brasilia.",
        );
        let b = Fingerprint::of("Saudis drop oil condition", &edited);
        let other = Fingerprint::of(
            "Brazil oil imports",
            "Brazil imported more oil in March than a year earlier, the state oil \
             company said, as demand for diesel rose with the harvest and refineries \
             in Sao Paulo worked at full capacity for the first time since 1985.",
        );
        assert!(similarity(&a.signature, &b.signature) >= NEAR_DUPLICATE_JACCARD);
        assert!(similarity(&a.signature, &other.signature) < 0.2);
    }

    /// Signatures are stored: the same text must give the same signature
    /// in every build. If this fails, the hashing changed (a dependency
    /// update?): bump the schema version so indexes are rebuilt.
    #[test]
    fn signatures_are_stable_across_builds() {
        let f = Fingerprint::of(
            "Copper prices",
            "Copper prices climbed in London on Monday.",
        );
        assert_eq!(f.shingles, 5);
        assert_eq!(
            (f.text, &f.signature[..4]),
            (0xcf2d_5548_a27b_9af8, &[17829u16, 8104, 24112, 28169][..]),
            "{:#x} {:?}",
            f.text,
            &f.signature[..4]
        );
    }

    /// [`signature`] is gaoya's MinHash with the permutations written out:
    /// compare them on sets of every size, from one shingle up.
    #[test]
    fn signatures_are_gaoyas() {
        use gaoya::minhash::{MinHasher, MinHasher16};
        let gaoya =
            MinHasher16::new_with_hasher_and_seed(NUM_HASHES, fnv::FnvBuildHasher::default(), SEED);
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for size in [0, 1, 2, 3, 8, 40, 130, 1000] {
            for _ in 0..50 {
                let shingles: Vec<u64> = (0..size).map(|_| next()).collect();
                assert_eq!(
                    signature(&shingles),
                    gaoya.create_signature(shingles.iter())
                );
            }
        }
    }

    /// [`Lsh`] finds what gaoya's `MinHashIndex` (16 bands of 4) finds:
    /// signatures and variants of them with 0 to 40 of 64 values changed,
    /// so pairs fall on both sides of the threshold.
    #[test]
    fn lsh_finds_what_gaoyas_index_finds() {
        use gaoya::minhash::{MinHashIndex, VecContainer};
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut gaoya: MinHashIndex<u16, u32, VecContainer<u32>> =
            MinHashIndex::new_index(BANDS, ROWS, NEAR_DUPLICATE_JACCARD);
        let mut ours = Lsh::default();
        let mut signatures: Vec<Vec<u16>> = Vec::new();
        for member in 0..600u32 {
            let signature: Vec<u16> = if member % 3 == 0 || signatures.is_empty() {
                (0..NUM_HASHES).map(|_| next() as u16).collect()
            } else {
                let mut variant = signatures[next() as usize % signatures.len()].clone();
                for _ in 0..next() % 41 {
                    variant[next() as usize % NUM_HASHES] = next() as u16;
                }
                variant
            };
            let mut expected = gaoya.query_owned_return_similarity(&signature);
            expected.sort_by_key(|&(id, _)| id);
            assert_eq!(ours.similar(&signature), expected, "member {member}");
            gaoya.insert(member, signature.clone());
            ours.insert(&signature);
            signatures.push(signature);
        }
        let matched = signatures
            .iter()
            .filter(|s| ours.similar(s).len() > 1)
            .count();
        assert!(matched > 100, "{matched}");
    }

    /// [`word_hashes`] hashes exactly the words `str::split` finds, as the
    /// fnv crate hashes their text lower-cased character by character (so
    /// a final Σ stays σ, as in the signatures already stored).
    #[test]
    fn word_hashes_are_the_fnv_of_each_lowercased_word() {
        let reference = |text: &str| -> Vec<u64> {
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|word| !word.is_empty())
                .map(|word| {
                    let mut h = fnv::FnvHasher::default();
                    let lower: String = word.chars().flat_map(char::to_lowercase).collect();
                    h.write(lower.as_bytes());
                    h.finish()
                })
                .collect()
        };
        for text in [
            "",
            "  ",
            "Oil",
            "U.S. crude OIL rose 2.5% to $18.20 on Monday.",
            "Société Générale's İstanbul office: ÉLECTIONS — 1987/88 (Zürich) 東京 Москва!",
            "a\u{0}b\u{feff}c\u{2019}s ñandú ΣΊΣΥΦΟΣ ǅemal",
            STORY,
        ] {
            let mut ours = Vec::new();
            word_hashes(text, &mut ours);
            assert_eq!(ours, reference(text), "{text:?}");
        }
    }

    #[test]
    fn signatures_round_trip_through_bytes() {
        let f = Fingerprint::of("Zinc", "Zinc output rose in Peru last year, miners said.");
        assert_eq!(
            signature_from_bytes(&f.signature_bytes()),
            Some(f.signature)
        );
        assert_eq!(signature_from_bytes(&[1, 2, 3]), None);
    }

    #[test]
    fn group_keys_are_article_ids() {
        assert_eq!(group_id(group_key("00ff12ab34cd56ef")), "00ff12ab34cd56ef");
    }

    #[test]
    fn grouper_joins_similar_articles_and_keeps_short_ones_apart() {
        let index = tantivy::Index::create_in_ram(crate::schema::build_schema());
        let searcher = index.reader().unwrap().searcher();
        let mut grouper = Grouper::default();
        let story = Fingerprint::of("Saudis drop oil condition", STORY);
        let reprint = Fingerprint::of(
            "Saudis drop oil condition",
            &STORY.replace("last week", "on Friday"),
        );
        assert_eq!(grouper.assign(&searcher, 1, &story).unwrap(), 1);
        assert_eq!(grouper.assign(&searcher, 2, &reprint).unwrap(), 1);
        let short =
            |figure: &str| Fingerprint::of("Acme Corp 1st qtr net", &format!("Shr {figure} cts"));
        assert_eq!(grouper.assign(&searcher, 3, &short("10")).unwrap(), 3);
        assert_eq!(grouper.assign(&searcher, 4, &short("12")).unwrap(), 4);
        assert_eq!(
            grouper.assign(&searcher, 5, &short("10")).unwrap(),
            3,
            "exact copy"
        );
    }
}
