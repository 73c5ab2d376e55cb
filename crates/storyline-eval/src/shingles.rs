//! Main-text extraction quality: the overlap of word 4-gram ("shingle") multisets between the extracted text and
//! the gold text, as in the Scrapinghub article-extraction benchmark.
//!
//! Tokens are runs of Unicode letters, digits and `_` (the benchmark's `\w+`). Each page's true positives, false
//! positives and false negatives are normalised to sum to 1 so that long pages weigh no more than short ones;
//! precision is averaged over the pages that predicted something, recall over the pages whose gold text is not
//! empty, and F1 is the harmonic mean of the two averages.

use rustc_hash::FxHashMap;
use serde::Serialize;

/// Shingle width in tokens.
const SHINGLE: usize = 4;

/// One page's normalised counts (they sum to 1, or are all 0 when both texts have no token).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct ShingleCounts {
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
}

impl ShingleCounts {
    /// `None` when nothing was predicted: such a page does not count towards precision.
    pub fn precision(&self) -> Option<f64> {
        if self.tp + self.fp == 0.0 {
            return None;
        }
        Some(if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else {
            self.tp / (self.tp + self.fp)
        })
    }

    /// `None` when the gold text is empty: such a page does not count towards recall.
    pub fn recall(&self) -> Option<f64> {
        if self.tp + self.fn_ == 0.0 {
            return None;
        }
        Some(if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else {
            self.tp / (self.tp + self.fn_)
        })
    }
}

/// The `\w+` tokens of a text.
fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|token| !token.is_empty())
        .collect()
}

/// The multiset of shingles; a text shorter than a shingle is one shingle of all its tokens.
fn shingles(text: &str) -> FxHashMap<Vec<&str>, u32> {
    let tokens = tokens(text);
    let mut counts = FxHashMap::default();
    if tokens.is_empty() {
        return counts;
    }
    let windows = tokens.len().saturating_sub(SHINGLE) + 1;
    for start in 0..windows {
        let end = (start + SHINGLE).min(tokens.len());
        *counts.entry(tokens[start..end].to_vec()).or_insert(0) += 1;
    }
    counts
}

/// Compares a predicted text with the gold text.
pub fn shingle_match(gold: &str, predicted: &str) -> ShingleCounts {
    let gold = shingles(gold);
    let predicted = shingles(predicted);
    let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
    for (shingle, &count) in &predicted {
        let in_gold = gold.get(shingle).copied().unwrap_or(0);
        tp += u64::from(count.min(in_gold));
        fp += u64::from(count.saturating_sub(in_gold));
    }
    for (shingle, &count) in &gold {
        let in_predicted = predicted.get(shingle).copied().unwrap_or(0);
        fn_ += u64::from(count.saturating_sub(in_predicted));
    }
    let total = (tp + fp + fn_) as f64;
    if total == 0.0 {
        return ShingleCounts::default();
    }
    ShingleCounts {
        tp: tp as f64 / total,
        fp: fp as f64 / total,
        fn_: fn_ as f64 / total,
    }
}

/// Averaged precision and recall over pages, and the F1 of the averages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct ExtractionScores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

pub fn extraction_scores(pages: &[ShingleCounts]) -> ExtractionScores {
    let mean = |values: Vec<f64>| {
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        }
    };
    let precision = mean(pages.iter().filter_map(ShingleCounts::precision).collect());
    let recall = mean(pages.iter().filter_map(ShingleCounts::recall).collect());
    let f1 = crate::f1(precision, recall);
    ExtractionScores {
        precision,
        recall,
        f1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_score_one_whatever_the_punctuation() {
        let counts = shingle_match(
            "The mayor opened the bridge on Friday.",
            "the  mayor? The mayor opened the bridge on Friday",
        );
        assert!(counts.fp > 0.0, "the extra words are false positives");
        let exact = shingle_match("Le maire a ouvert le pont.", "Le maire a ouvert le pont");
        assert_eq!(exact.precision(), Some(1.0));
        assert_eq!(exact.recall(), Some(1.0));
    }

    #[test]
    fn counts_are_multisets_normalised_to_one() {
        // Gold has the sentence twice, the prediction once: half the gold shingles are missed.
        let sentence = "one two three four five. ";
        let counts = shingle_match(&sentence.repeat(2), sentence);
        assert!((counts.tp + counts.fp + counts.fn_ - 1.0).abs() < 1e-12);
        assert_eq!(counts.fp, 0.0);
        assert!(counts.recall().unwrap() < 0.5);
    }

    #[test]
    fn non_latin_scripts_are_tokenised() {
        assert_eq!(
            tokens("Привет, мир! 北京 2024_x"),
            ["Привет", "мир", "北京", "2024_x"]
        );
        let counts = shingle_match("Москва стоит на реке Москве", "Москва стоит на реке");
        assert_eq!(counts.precision(), Some(1.0));
    }

    #[test]
    fn empty_predictions_count_for_recall_only() {
        let pages = [
            shingle_match("a b c d e", ""),
            shingle_match("a b c d e", "a b c d e"),
        ];
        assert_eq!(pages[0].precision(), None);
        let scores = extraction_scores(&pages);
        assert_eq!(scores.precision, 1.0);
        assert_eq!(scores.recall, 0.5);
        assert!((scores.f1 - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn short_texts_are_one_shingle() {
        assert_eq!(shingle_match("two words", "two words").recall(), Some(1.0));
        assert_eq!(shingle_match("two words", "two").recall(), Some(0.0));
    }
}
