//! Evaluation: how well storyline does on public data, measured the same way every time.
//!
//! Metrics are pure functions; the loaders read the data sets from `../shared/data` (an edge of the system,
//! like the CLI). Every evaluation reports its speed beside its quality.

mod bcubed;
mod dates;

pub use bcubed::{bcubed, Scores};
pub use dates::{
    eval_dates, load_dated_pages, score_dates, DatedPage, DatesReport, Half, HalfScore,
    PageOutcome, SourceScore,
};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Instant;
use storyline_cluster::Config;
use storyline_extract::{extract, Format, ItemError, Limits};
use storyline_model::Article;

/// Articles with their gold event labels.
pub struct Labelled {
    pub articles: Vec<Article>,
    /// Gold event by article id.
    pub gold: FxHashMap<String, String>,
    pub errors: Vec<ItemError>,
}

/// Reads a JSONL file whose records carry a gold `event` besides the article fields.
pub fn load_labelled(path: &Path) -> Result<Labelled, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let name = path.display().to_string();
    let gzip = name.ends_with(".gz");
    let extracted = extract(&name, &bytes, Format::Jsonl, gzip, Limits::default());
    #[derive(Deserialize)]
    struct Label {
        id: serde_json::Value,
        event: serde_json::Value,
    }
    let mut gold = FxHashMap::default();
    let text = String::from_utf8_lossy(&bytes);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if let Ok(label) = serde_json::from_str::<Label>(line) {
            let as_text = |v: serde_json::Value| match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            gold.insert(as_text(label.id), as_text(label.event));
        }
    }
    let mut errors = extracted.errors;
    let mut articles = Vec::with_capacity(extracted.articles.len());
    for article in extracted.articles {
        if gold.contains_key(&article.id) {
            articles.push(article);
        } else {
            errors.push(ItemError {
                item: format!("{name}: {}", article.id),
                reason: "no gold `event` label".into(),
            });
        }
    }
    Ok(Labelled {
        articles,
        gold,
        errors,
    })
}

/// The outcome of a clustering evaluation.
#[derive(Clone, Debug, Serialize)]
pub struct ClusteringReport {
    pub articles: usize,
    pub gold_events: usize,
    pub predicted_events: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub seconds: f64,
    pub articles_per_second: f64,
}

/// Runs the pipeline over labelled articles and scores its events with BCubed.
pub fn eval_clustering(labelled: &Labelled, config: Config) -> ClusteringReport {
    let started = Instant::now();
    let document = storyline_pipeline::run(labelled.articles.clone(), config);
    let seconds = started.elapsed().as_secs_f64();
    let mut predicted_of: FxHashMap<&str, &str> = FxHashMap::default();
    for event in &document.events {
        for member in &event.articles {
            predicted_of.insert(member.id.as_str(), event.id.as_str());
        }
    }
    let mut predicted = Vec::new();
    let mut gold = Vec::new();
    for article in &labelled.articles {
        predicted.push(
            predicted_of
                .get(article.id.as_str())
                .copied()
                .unwrap_or_default(),
        );
        gold.push(labelled.gold[&article.id].as_str());
    }
    let scores = bcubed(&predicted, &gold);
    let mut gold_events: Vec<&&str> = gold.iter().collect();
    gold_events.sort_unstable();
    gold_events.dedup();
    ClusteringReport {
        articles: labelled.articles.len(),
        gold_events: gold_events.len(),
        predicted_events: document.events.len(),
        precision: scores.precision,
        recall: scores.recall,
        f1: scores.f1,
        seconds,
        articles_per_second: labelled.articles.len() as f64 / seconds.max(1e-9),
    }
}
