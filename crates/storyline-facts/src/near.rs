//! Normalised words and near-duplicate search, shared by copies, quotes and summaries.
//!
//! Near-duplicates are found in two steps: MinHash signatures banded into buckets (locality-sensitive hashing)
//! propose a bounded number of earlier items per item, and the exact containment of the smaller set in the
//! larger decides. The bucket and candidate caps keep the cost linear in the number of items, however many of
//! them are copies of one another.

use crate::Member;
use rustc_hash::{FxHashMap, FxHashSet};
use storyline_analyze::words;

/// A word of a text, normalised (lower case) and hashed, with its byte span.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub hash: u64,
    pub start: usize,
    pub end: usize,
    /// Not a stop word, and longer than one character.
    pub content: bool,
}

/// The stop words of every language the analysis stems, built once (they are lists; lookups need sets).
pub(crate) struct StopWords {
    by_language: FxHashMap<&'static str, FxHashSet<&'static str>>,
    none: FxHashSet<&'static str>,
}

impl StopWords {
    pub fn new() -> Self {
        let by_language = stop_words::available_languages()
            .iter()
            .filter(|code| code.len() == 2)
            .filter_map(|code| {
                let list = stop_words::lookup(code)?;
                Some((*code, list.iter().copied().collect()))
            })
            .collect();
        StopWords {
            by_language,
            none: FxHashSet::default(),
        }
    }

    /// The stop words of a language (ISO 639-1), English when the language is unknown.
    pub fn of(&self, language: Option<&str>) -> &FxHashSet<&'static str> {
        self.by_language
            .get(language.unwrap_or("en"))
            .or_else(|| self.by_language.get("en"))
            .unwrap_or(&self.none)
    }
}

/// Each member's text as normalised words, stop words marked in the article's language.
pub(crate) fn member_tokens(members: &[Member<'_>], stop_words: &StopWords) -> Vec<Vec<Token>> {
    members
        .iter()
        .map(|m| {
            let language = m.article.language.as_deref();
            let language = language.or(m.analysis.language.as_deref());
            tokens(&m.article.text, stop_words.of(language))
        })
        .collect()
}

/// The words of a text, normalised.
pub(crate) fn tokens(text: &str, stop: &FxHashSet<&str>) -> Vec<Token> {
    let mut lowered = String::new();
    words(text)
        .into_iter()
        .map(|word| {
            lowered.clear();
            if word.text.is_ascii() {
                lowered.push_str(word.text);
                lowered.make_ascii_lowercase();
            } else {
                lowered.extend(word.text.chars().flat_map(char::to_lowercase));
            }
            Token {
                hash: hash_str(&lowered),
                start: word.start,
                end: word.end,
                content: lowered.chars().nth(1).is_some() && !stop.contains(lowered.as_str()),
            }
        })
        .collect()
}

/// The tokens that lie inside a byte range (tokens are in text order).
pub(crate) fn tokens_in(tokens: &[Token], start: usize, end: usize) -> &[Token] {
    let first = tokens.partition_point(|t| t.start < start);
    let last = tokens.partition_point(|t| t.end <= end);
    &tokens[first..last.max(first)]
}

/// FNV-1a, then a mixing step so that similar words get unrelated hashes.
fn hash_str(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    mix(hash)
}

/// The SplitMix64 finaliser: a bijection of 64-bit values that spreads every input bit over the output.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The sorted, distinct hashes of the runs of `width` consecutive tokens (the whole run when shorter).
pub(crate) fn shingles(tokens: &[Token], width: usize) -> Vec<u64> {
    let mut set: Vec<u64> = if tokens.len() <= width {
        vec![tokens.iter().fold(0, |h, t| mix(h ^ t.hash))]
    } else {
        tokens
            .windows(width)
            .map(|run| run.iter().fold(0, |h, t| mix(h ^ t.hash)))
            .collect()
    };
    if tokens.is_empty() {
        set.clear();
    }
    set.sort_unstable();
    set.dedup();
    set
}

/// The sorted, distinct hashes of the tokens.
pub(crate) fn token_set<'t>(tokens: impl IntoIterator<Item = &'t Token>) -> Vec<u64> {
    let mut set: Vec<u64> = tokens.into_iter().map(|t| t.hash).collect();
    set.sort_unstable();
    set.dedup();
    set
}

/// The share of the smaller set that the larger holds (sorted, distinct sets); 0 when either is empty.
pub(crate) fn containment(a: &[u64], b: &[u64]) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared as f64 / smaller as f64
}

/// 32 bands of one MinHash row each: two sets share a band with the probability of their Jaccard similarity per
/// band, so a copy cut to a quarter of the story (similarity 0.25) is proposed with probability
/// 1 − 0.75³² > 0.999, and the number of shared bands estimates the similarity, which ranks the candidates.
/// Sets at 0.05 (two stories on one topic) are proposed too, rank low, and the exact containment rejects them.
const BANDS: usize = 32;
const ROWS: usize = 1;
/// Items kept per bucket (the earliest): enough to reach a group of copies, bounded when hundreds collide.
const BUCKET_CAP: usize = 8;
/// Candidates checked exactly per item: those sharing the most bands.
const MAX_CANDIDATES: usize = 8;

/// Earlier items by their MinHash bands.
#[derive(Default)]
pub(crate) struct NearIndex {
    buckets: FxHashMap<u64, Vec<u32>>,
}

impl NearIndex {
    /// The earlier items that share a band with `set` (sorted, distinct, not empty), most bands first, then
    /// earliest; then files `set` as `item`.
    pub fn candidates_then_add(&mut self, item: u32, set: &[u64]) -> Vec<u32> {
        let keys = band_keys(set);
        let mut hits: Vec<(u32, u32)> = Vec::new();
        for key in &keys {
            let Some(bucket) = self.buckets.get(key) else {
                continue;
            };
            for &earlier in bucket {
                match hits.iter_mut().find(|(i, _)| *i == earlier) {
                    Some((_, n)) => *n += 1,
                    None => hits.push((earlier, 1)),
                }
            }
        }
        for key in keys {
            let bucket = self.buckets.entry(key).or_default();
            if bucket.len() < BUCKET_CAP {
                bucket.push(item);
            }
        }
        hits.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        hits.truncate(MAX_CANDIDATES);
        hits.into_iter().map(|(item, _)| item).collect()
    }
}

/// The bucket key of each band of the set's MinHash signature.
fn band_keys(set: &[u64]) -> [u64; BANDS] {
    let mut signature = [u64::MAX; BANDS * ROWS];
    let seeds: [u64; BANDS * ROWS] = std::array::from_fn(|i| mix(i as u64 + 1));
    // The elements are mixed hashes already: one xor and one odd multiply (a bijection) per row is enough to
    // order them differently in each row.
    for &element in set {
        for (min, seed) in signature.iter_mut().zip(seeds) {
            *min = (*min).min((element ^ seed).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        }
    }
    std::array::from_fn(|band| {
        signature[band * ROWS..(band + 1) * ROWS]
            .iter()
            .fold(band as u64, |key, row| mix(key ^ row))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containment_is_the_share_of_the_smaller_set() {
        assert_eq!(containment(&[1, 2, 3, 4], &[2, 3]), 1.0);
        assert_eq!(containment(&[1, 2, 3, 4], &[3, 4, 5, 6]), 0.5);
        assert_eq!(containment(&[], &[1]), 0.0);
    }

    #[test]
    fn a_near_duplicate_is_proposed_and_an_unrelated_set_is_not() {
        let base: Vec<u64> = (0..200).map(mix).collect();
        let mut sorted = base.clone();
        sorted.sort_unstable();
        let mut trimmed: Vec<u64> = base[..150].to_vec();
        trimmed.sort_unstable();
        let mut other: Vec<u64> = (1000..1200).map(mix).collect();
        other.sort_unstable();
        let mut index = NearIndex::default();
        assert!(index.candidates_then_add(0, &sorted).is_empty());
        assert!(index.candidates_then_add(1, &other).is_empty());
        assert_eq!(index.candidates_then_add(2, &trimmed), vec![0]);
    }
}
