//! Fitting the clusterer's linkage model ([`storyline_cluster::linkage`]) on labelled articles, with a
//! leave-one-topic-out estimate of the clustering it gives.
//!
//! The labelled stream is replayed once with teacher forcing (every article filed into its gold event), which
//! yields one example per article and candidate event. For each topic, a model fitted on the examples of the
//! other topics clusters the whole stream and that topic's articles are scored, so no article is clustered by
//! weights that saw its own topic; the folds' predictions together give the cross-validated BCubed score, for
//! each joining threshold of a small grid. The threshold with the best cross-validated F1 and a model fitted on
//! all examples are the result, printed as the Rust constants the clusterer ships.

use crate::{bcubed, Labelled, Scores};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use storyline_analyze::{Analysis, Analyzer};
use storyline_cluster::{linkage, Clusterer, Config, LinkExample, LinkModel};
use storyline_model::Article;

/// Joining thresholds tried by the cross-validation.
const THRESHOLDS: [f32; 8] = [0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6];

/// L2 penalty of the logistic regression: small, only to keep separable features finite.
const L2: f64 = 1.0;

#[derive(Clone, Debug, Serialize)]
pub struct ThresholdScore {
    pub threshold: f32,
    /// Leave-one-topic-out BCubed of the stream.
    pub cross_validated: Scores,
}

#[derive(Clone, Debug, Serialize)]
pub struct LinkageReport {
    pub articles: usize,
    pub topics: usize,
    pub examples: usize,
    pub positive_examples: usize,
    pub thresholds: Vec<ThresholdScore>,
    /// The threshold with the best cross-validated F1 (the lower one on a tie).
    pub threshold: f32,
    /// Fitted on every example.
    pub model: LinkModel,
    /// The fitted model at the chosen threshold on the stream it was fitted on (in-sample).
    pub in_sample: Scores,
}

/// Fits the linkage model on labelled articles whose lines name a topic. `config` gives everything but the
/// model and the threshold.
pub fn fit_linkage(labelled: &Labelled, config: &Config) -> Result<LinkageReport, String> {
    let mut articles = labelled.articles.clone();
    storyline_pipeline::sort_for_stream(&mut articles);
    let mut topics: Vec<&str> = Vec::with_capacity(articles.len());
    for article in &articles {
        let topic = labelled
            .topic
            .get(&article.id)
            .ok_or_else(|| format!("article {}: no `topic` to cross-validate by", article.id))?;
        topics.push(topic);
    }
    let gold: Vec<&str> = articles
        .iter()
        .map(|a| labelled.gold[&a.id].as_str())
        .collect();
    let analyses = storyline_pipeline::analyze_all(&Analyzer::new(), &mut articles);
    let examples = teach(config, &articles, &analyses, &gold, &topics);
    let mut distinct_topics = topics.clone();
    distinct_topics.sort_unstable();
    distinct_topics.dedup();

    // Per held-out topic: a model fitted without it, then the stream clustered at every threshold.
    let folds: Vec<Vec<Vec<String>>> = distinct_topics
        .par_iter()
        .map(|held_out| {
            let training: Vec<LinkExample> = examples
                .iter()
                .filter(|(topic, _)| topic != held_out)
                .map(|(_, example)| example.clone())
                .collect();
            let model = linkage::fit(&training, L2);
            THRESHOLDS
                .iter()
                .map(|&threshold| cluster(config, model, threshold, &articles, &analyses))
                .collect()
        })
        .collect();
    let mut thresholds = Vec::new();
    for (index, &threshold) in THRESHOLDS.iter().enumerate() {
        // Each article takes its event from the fold that held its topic out; folds never share an event.
        let predicted: Vec<String> = topics
            .iter()
            .enumerate()
            .map(|(article, topic)| {
                let fold = distinct_topics.binary_search(topic).unwrap_or(0);
                format!("{fold}/{}", folds[fold][index][article])
            })
            .collect();
        thresholds.push(ThresholdScore {
            threshold,
            cross_validated: bcubed(&predicted, &gold),
        });
    }
    let best = thresholds
        .iter()
        .max_by(|a, b| {
            a.cross_validated
                .f1
                .total_cmp(&b.cross_validated.f1)
                .then(b.threshold.total_cmp(&a.threshold))
        })
        .map(|t| t.threshold)
        .unwrap_or(0.5);
    let all: Vec<LinkExample> = examples.iter().map(|(_, e)| e.clone()).collect();
    let model = linkage::fit(&all, L2);
    let predicted = cluster(config, model, best, &articles, &analyses);
    Ok(LinkageReport {
        articles: articles.len(),
        topics: distinct_topics.len(),
        examples: all.len(),
        positive_examples: all.iter().filter(|e| e.same_event).count(),
        thresholds,
        threshold: best,
        model,
        in_sample: bcubed(&predicted, &gold),
    })
}

/// Replays the stream with every article filed into its gold event; the examples with their article's topic.
fn teach<'a>(
    config: &Config,
    articles: &[Article],
    analyses: &[Analysis],
    gold: &[&str],
    topics: &[&'a str],
) -> Vec<(&'a str, LinkExample)> {
    let mut clusterer = Clusterer::new(config.clone());
    let mut event_of_gold: FxHashMap<&str, String> = FxHashMap::default();
    let mut examples = Vec::new();
    for (((article, analysis), label), topic) in articles.iter().zip(analyses).zip(gold).zip(topics)
    {
        let target = event_of_gold.get(label).map(String::as_str);
        let (assignment, found) = clusterer.teach(&article.id, article.published, analysis, target);
        event_of_gold.insert(label, assignment.event_id);
        examples.extend(found.into_iter().map(|example| (*topic, example)));
    }
    examples
}

/// The event id of every article when the stream is clustered with this model and threshold.
fn cluster(
    config: &Config,
    model: LinkModel,
    threshold: f32,
    articles: &[Article],
    analyses: &[Analysis],
) -> Vec<String> {
    let mut clusterer = Clusterer::new(Config {
        model,
        threshold,
        ..config.clone()
    });
    articles
        .iter()
        .zip(analyses)
        .map(|(article, analysis)| {
            clusterer
                .add(&article.id, article.published, analysis)
                .event_id
        })
        .collect()
}
