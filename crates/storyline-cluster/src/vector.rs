//! Sparse TF-IDF vectors over a vocabulary whose document frequencies grow with the stream.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Terms (or entity keys) with their document frequencies. Ids are dense and never reused.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Vocabulary {
    terms: Vec<String>,
    df: Vec<u32>,
    docs: u64,
    #[serde(skip)]
    ids: FxHashMap<String, u32>,
}

impl Vocabulary {
    /// Counts one more document containing `term` and returns its id. Call once per distinct term of a document.
    pub(crate) fn observe(&mut self, term: &str) -> u32 {
        if self.ids.len() != self.terms.len() {
            self.rebuild_ids();
        }
        if let Some(&id) = self.ids.get(term) {
            self.df[id as usize] += 1;
            return id;
        }
        let id = u32::try_from(self.terms.len()).unwrap_or(u32::MAX);
        self.terms.push(term.to_string());
        self.df.push(1);
        self.ids.insert(term.to_string(), id);
        id
    }

    fn rebuild_ids(&mut self) {
        self.ids = self
            .terms
            .iter()
            .enumerate()
            .map(|(id, term)| (term.clone(), id as u32))
            .collect();
    }

    pub(crate) fn term(&self, id: u32) -> Option<&str> {
        self.terms.get(id as usize).map(String::as_str)
    }

    /// Turns one document's (id, term frequency) pairs into a unit-length TF-IDF vector and counts the document.
    /// Weight: ln(1 + tf) · ln(1 + N / df), with N and df including this document.
    pub(crate) fn tfidf(&mut self, weights: Vec<(u32, f32)>) -> SparseVector {
        self.docs += 1;
        let docs = self.docs as f32;
        let entries = weights
            .into_iter()
            .map(|(id, tf)| {
                let df = self.df.get(id as usize).copied().unwrap_or(1).max(1) as f32;
                (id, tf.max(0.0).ln_1p() * (docs / df).ln_1p())
            })
            .collect();
        let mut vector = SparseVector::from_unsorted(entries);
        vector.normalise();
        vector
    }
}

/// A sparse vector sorted by id, with its norm cached.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct SparseVector {
    entries: Vec<(u32, f32)>,
    norm: f32,
}

impl SparseVector {
    fn from_unsorted(mut entries: Vec<(u32, f32)>) -> Self {
        entries.sort_unstable_by_key(|e| e.0);
        entries.dedup_by(|later, earlier| {
            if later.0 == earlier.0 {
                earlier.1 += later.1;
                true
            } else {
                false
            }
        });
        entries.retain(|e| e.1 > 0.0);
        let mut vector = SparseVector { entries, norm: 0.0 };
        vector.update_norm();
        vector
    }

    fn update_norm(&mut self) {
        self.norm = self.entries.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
    }

    fn normalise(&mut self) {
        if self.norm > 0.0 {
            let norm = self.norm;
            for entry in &mut self.entries {
                entry.1 /= norm;
            }
            self.norm = 1.0;
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(crate) fn contains(&self, id: u32) -> bool {
        self.entries.binary_search_by_key(&id, |e| e.0).is_ok()
    }

    pub(crate) fn entries(&self) -> &[(u32, f32)] {
        &self.entries
    }

    pub(crate) fn cosine(&self, other: &SparseVector) -> f32 {
        if self.norm == 0.0 || other.norm == 0.0 {
            return 0.0;
        }
        self.dot(other) / (self.norm * other.norm)
    }

    /// Cosine with `other` seen only through this vector's ids: how closely `other` weighs the ids this vector
    /// holds, whatever else it holds. A short text against a broad centroid scores by what it says, not by
    /// how little of the centroid it covers.
    pub(crate) fn cosine_within(&self, other: &SparseVector) -> f32 {
        let (mut dot, mut other_norm) = (0.0f32, 0.0f32);
        self.for_shared(other, |mine, theirs| {
            dot += mine * theirs;
            other_norm += theirs * theirs;
        });
        if self.norm == 0.0 || other_norm == 0.0 {
            return 0.0;
        }
        dot / (self.norm * other_norm.sqrt())
    }

    fn dot(&self, other: &SparseVector) -> f32 {
        let mut sum = 0.0;
        self.for_shared(other, |mine, theirs| sum += mine * theirs);
        sum
    }

    /// Calls `visit` with both weights of every id the two vectors share, walking the sorted entries once.
    fn for_shared(&self, other: &SparseVector, mut visit: impl FnMut(f32, f32)) {
        let (mut i, mut j) = (0, 0);
        let (a, b) = (&self.entries, &other.entries);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    visit(a[i].1, b[j].1);
                    i += 1;
                    j += 1;
                }
            }
        }
    }

    /// The ids both vectors hold, with their product, largest first (ties by id).
    pub(crate) fn shared(&self, other: &SparseVector) -> Vec<(u32, f32)> {
        let (mut i, mut j) = (0, 0);
        let (a, b) = (&self.entries, &other.entries);
        let mut out = Vec::new();
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    out.push((a[i].0, a[i].1 * b[j].1));
                    i += 1;
                    j += 1;
                }
            }
        }
        out.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        out
    }

    /// The `k` heaviest entries (ties by id).
    pub(crate) fn heaviest(&self, k: usize) -> Vec<(u32, f32)> {
        let mut top = self.entries.clone();
        top.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        top.truncate(k);
        top
    }

    /// Adds `other` into this vector and keeps only the `cap` heaviest entries. Returns the ids that are now
    /// present and were not before.
    pub(crate) fn add_capped(&mut self, other: &SparseVector, cap: usize) -> Vec<u32> {
        let mut merged = Vec::with_capacity(self.entries.len() + other.entries.len());
        let mut added = Vec::new();
        let (mut i, mut j) = (0, 0);
        let (a, b) = (&self.entries, &other.entries);
        while i < a.len() || j < b.len() {
            if j == b.len() || (i < a.len() && a[i].0 < b[j].0) {
                merged.push(a[i]);
                i += 1;
            } else if i == a.len() || b[j].0 < a[i].0 {
                merged.push(b[j]);
                added.push(b[j].0);
                j += 1;
            } else {
                merged.push((a[i].0, a[i].1 + b[j].1));
                i += 1;
                j += 1;
            }
        }
        if merged.len() > cap {
            merged.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            merged.truncate(cap);
            merged.sort_unstable_by_key(|e| e.0);
            added.retain(|id| merged.binary_search_by_key(id, |e| e.0).is_ok());
        }
        self.entries = merged;
        self.update_norm();
        added
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_terms_weigh_more_and_vectors_are_unit_length() {
        let mut vocab = Vocabulary::default();
        for _ in 0..9 {
            let common = vocab.observe("said");
            vocab.tfidf(vec![(common, 1.0)]);
        }
        let common = vocab.observe("said");
        let rare = vocab.observe("vladivostok");
        let vector = vocab.tfidf(vec![(common, 1.0), (rare, 1.0)]);
        let weight = |id| vector.entries().iter().find(|e| e.0 == id).unwrap().1;
        assert!(weight(rare) > 3.0 * weight(common));
        assert!((vector.norm - 1.0).abs() < 1e-6);
        assert!((vector.cosine(&vector) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn capped_addition_keeps_the_heaviest_and_reports_new_ids() {
        let mut centroid = SparseVector::from_unsorted(vec![(1, 0.9), (2, 0.1)]);
        let other = SparseVector::from_unsorted(vec![(2, 0.1), (3, 0.5), (4, 0.05)]);
        let added = centroid.add_capped(&other, 3);
        assert_eq!(centroid.entries(), &[(1, 0.9), (2, 0.2), (3, 0.5)]);
        assert_eq!(added, [3]);
    }

    #[test]
    fn cosine_within_ignores_what_only_the_broader_vector_holds() {
        let short = SparseVector::from_unsorted(vec![(1, 2.0), (2, 1.0)]);
        let mut broad = SparseVector::from_unsorted(vec![(1, 4.0), (2, 2.0)]);
        broad.add_capped(
            &SparseVector::from_unsorted((10..110).map(|id| (id, 1.0)).collect()),
            200,
        );
        assert!(short.cosine(&broad) < 0.5);
        assert!((short.cosine_within(&broad) - 1.0).abs() < 1e-6);
        // Weighed differently, or not held at all, it is not a match.
        let skewed = SparseVector::from_unsorted(vec![(1, 1.0), (2, 4.0), (3, 1.0)]);
        assert!(short.cosine_within(&skewed) < 0.7);
        let disjoint = SparseVector::from_unsorted(vec![(5, 1.0)]);
        assert_eq!(short.cosine_within(&disjoint), 0.0);
    }

    #[test]
    fn cosine_of_disjoint_vectors_is_zero_and_shared_is_ranked() {
        let a = SparseVector::from_unsorted(vec![(1, 1.0), (2, 2.0), (5, 1.0)]);
        let b = SparseVector::from_unsorted(vec![(3, 1.0)]);
        assert_eq!(a.cosine(&b), 0.0);
        let c = SparseVector::from_unsorted(vec![(1, 3.0), (2, 1.0)]);
        assert_eq!(a.shared(&c), [(1, 3.0), (2, 2.0)]);
        assert_eq!(a.heaviest(1), [(2, 2.0)]);
    }
}
