//! The learned linkage model: how likely an article reports the same event as an open event, from a few pair
//! features, by logistic regression.
//!
//! The weights in [`FITTED`] were fitted on the ECB+ training topics with `storyline eval linkage
//! ../shared/data/ecbplus/train.jsonl`, which also reports the leave-one-topic-out score and picks the joining
//! threshold; see BENCHMARKS.md. [`fit`] is the whole fitting procedure, so the constants can be refitted and
//! checked at any time.

use serde::{Deserialize, Serialize};

/// How many pair features the model reads.
pub const FEATURES: usize = 15;

/// What each feature measures, in order (the article against the event).
pub const FEATURE_NAMES: [&str; FEATURES] = [
    "term cosine with the event centroid",
    "entity cosine with the event centroid",
    "best term cosine with a member",
    "mean term cosine with the members",
    "best entity cosine with a member",
    "best title cosine with a member",
    "a mentioned year is shared",
    "both mention years, none shared",
    "the most mentioned years differ",
    "main people conflict",
    "main places conflict",
    "an explicit calendar date is shared",
    "report day within a week of the event's days",
    "report day over two months from the event's days",
    "ln of the event's size",
];

/// A logistic model over the pair features.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkModel {
    pub bias: f32,
    pub weights: [f32; FEATURES],
}

impl Default for LinkModel {
    fn default() -> Self {
        FITTED
    }
}

impl LinkModel {
    /// The probability that the pair is one event.
    pub fn probability(&self, features: &[f32; FEATURES]) -> f32 {
        let z = self.bias
            + self
                .weights
                .iter()
                .zip(features)
                .map(|(w, x)| w * x)
                .sum::<f32>();
        1.0 / (1.0 + (-z).exp())
    }
}

/// One article–event pair seen while replaying a labelled stream, and whether the gold labels join them.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkExample {
    pub features: [f32; FEATURES],
    pub same_event: bool,
}

/// Fits the model by L2-regularised logistic regression (Newton's method; the bias is not regularised).
/// Deterministic: the same examples give the same weights.
pub fn fit(examples: &[LinkExample], l2: f64) -> LinkModel {
    const DIM: usize = FEATURES + 1;
    let mut beta = [0.0f64; DIM];
    for _ in 0..50 {
        let mut gradient = [0.0f64; DIM];
        let mut hessian = [[0.0f64; DIM]; DIM];
        for example in examples {
            let mut x = [1.0f64; DIM];
            for (slot, value) in x[1..].iter_mut().zip(&example.features) {
                *slot = f64::from(*value);
            }
            let z: f64 = beta.iter().zip(&x).map(|(b, v)| b * v).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let y = if example.same_event { 1.0 } else { 0.0 };
            let curvature = (p * (1.0 - p)).max(1e-9);
            for i in 0..DIM {
                gradient[i] += (p - y) * x[i];
                for j in 0..DIM {
                    hessian[i][j] += curvature * x[i] * x[j];
                }
            }
        }
        for i in 1..DIM {
            gradient[i] += l2 * beta[i];
            hessian[i][i] += l2;
        }
        let Some(step) = solve(hessian, gradient) else {
            break;
        };
        let mut largest = 0.0f64;
        for (b, s) in beta.iter_mut().zip(&step) {
            *b -= s;
            largest = largest.max(s.abs());
        }
        if largest < 1e-9 {
            break;
        }
    }
    let mut weights = [0.0f32; FEATURES];
    for (w, b) in weights.iter_mut().zip(&beta[1..]) {
        *w = *b as f32;
    }
    LinkModel {
        bias: beta[0] as f32,
        weights,
    }
}

/// Solves `a · x = b` by Gaussian elimination with partial pivoting; `None` when `a` is singular.
fn solve<const N: usize>(mut a: [[f64; N]; N], mut b: [f64; N]) -> Option<[f64; N]> {
    for column in 0..N {
        let pivot =
            (column..N).max_by(|&i, &j| a[i][column].abs().total_cmp(&a[j][column].abs()))?;
        if a[pivot][column].abs() < 1e-12 {
            return None;
        }
        a.swap(column, pivot);
        b.swap(column, pivot);
        for row in column + 1..N {
            let factor = a[row][column] / a[column][column];
            for k in column..N {
                a[row][k] -= factor * a[column][k];
            }
            b[row] -= factor * b[column];
        }
    }
    let mut x = [0.0f64; N];
    for row in (0..N).rev() {
        let rest: f64 = (row + 1..N).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - rest) / a[row][row];
    }
    Some(x)
}

/// The shipped weights (see the module documentation for how they were fitted), as `storyline eval linkage`
/// prints them.
pub const FITTED: LinkModel = LinkModel {
    bias: -4.459757,
    weights: [
        3.3108876,   // term cosine with the event centroid
        3.8184502,   // entity cosine with the event centroid
        2.3015077,   // best term cosine with a member
        0.7591665,   // mean term cosine with the members
        3.5146065,   // best entity cosine with a member
        3.3692856,   // best title cosine with a member
        1.6146685,   // a mentioned year is shared
        -0.794007,   // both mention years, none shared
        -1.0426686,  // the most mentioned years differ
        -0.9424085,  // main people conflict
        -0.8701633,  // main places conflict
        0.9903888,   // an explicit calendar date is shared
        1.7786349,   // report day within a week of the event's days
        -0.38995188, // report day over two months from the event's days
        -0.5275693,  // ln of the event's size
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn example(first: f32, same_event: bool) -> LinkExample {
        let mut features = [0.0; FEATURES];
        features[0] = first;
        LinkExample {
            features,
            same_event,
        }
    }

    #[test]
    fn fitting_learns_that_a_higher_cosine_means_the_same_event() {
        let mut examples = Vec::new();
        for i in 0..40 {
            let cosine = i as f32 / 40.0;
            // Mostly separable at 0.5, with a little overlap so the weights stay finite.
            examples.push(example(cosine, cosine > 0.5 || i % 10 == 3));
        }
        let model = fit(&examples, 0.01);
        assert!(model.weights[0] > 1.0, "{model:?}");
        assert!(model.weights[1..].iter().all(|w| w.abs() < 1e-6));
        let p = |cosine: f32| model.probability(&example(cosine, false).features);
        assert!(p(0.9) > 0.8 && p(0.1) < 0.3, "{} {}", p(0.9), p(0.1));
        assert_eq!(fit(&examples, 0.01), model, "fitting is deterministic");
    }

    #[test]
    fn a_singular_system_has_no_solution() {
        assert!(solve([[1.0, 2.0], [2.0, 4.0]], [1.0, 2.0]).is_none());
        let x = solve([[2.0, 1.0], [1.0, 3.0]], [3.0, 5.0]).unwrap();
        assert!((x[0] - 0.8).abs() < 1e-12 && (x[1] - 1.4).abs() < 1e-12);
    }
}
