//! BCubed precision, recall and F1 (Bagga & Baldwin 1998): per item, how much of its predicted cluster shares
//! its gold class (precision) and how much of its gold class shares its predicted cluster (recall), averaged.

use rustc_hash::FxHashMap;
use std::hash::Hash;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Scores a clustering: `predicted[i]` and `gold[i]` are item i's cluster and class.
pub fn bcubed<P: Hash + Eq, G: Hash + Eq>(predicted: &[P], gold: &[G]) -> Scores {
    assert_eq!(predicted.len(), gold.len(), "one prediction per gold item");
    if predicted.is_empty() {
        return Scores {
            precision: 0.0,
            recall: 0.0,
            f1: 0.0,
        };
    }
    let mut cluster_size: FxHashMap<&P, f64> = FxHashMap::default();
    let mut class_size: FxHashMap<&G, f64> = FxHashMap::default();
    let mut overlap: FxHashMap<(&P, &G), f64> = FxHashMap::default();
    for (p, g) in predicted.iter().zip(gold) {
        *cluster_size.entry(p).or_default() += 1.0;
        *class_size.entry(g).or_default() += 1.0;
        *overlap.entry((p, g)).or_default() += 1.0;
    }
    let n = predicted.len() as f64;
    let (mut precision, mut recall) = (0.0, 0.0);
    for (p, g) in predicted.iter().zip(gold) {
        let both = overlap[&(p, g)];
        precision += both / cluster_size[p];
        recall += both / class_size[g];
    }
    precision /= n;
    recall /= n;
    let f1 = crate::f1(precision, recall);
    Scores {
        precision,
        recall,
        f1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_clustering_scores_one() {
        let s = bcubed(&[1, 1, 2], &["a", "a", "b"]);
        assert_eq!((s.precision, s.recall, s.f1), (1.0, 1.0, 1.0));
    }

    #[test]
    fn one_big_cluster_has_full_recall_and_low_precision() {
        let s = bcubed(&[0, 0, 0, 0], &["a", "a", "b", "b"]);
        assert_eq!(s.recall, 1.0);
        assert_eq!(s.precision, 0.5);
    }

    #[test]
    fn singletons_have_full_precision() {
        let s = bcubed(&[1, 2, 3, 4], &["a", "a", "a", "b"]);
        assert_eq!(s.precision, 1.0);
        // Items of class a each recall 1/3, the b item 1.
        assert!((s.recall - (3.0 * (1.0 / 3.0) + 1.0) / 4.0).abs() < 1e-12);
    }
}
