//! Evaluation: how well storyline does on public data, measured the same way every time.
//!
//! Metrics are pure functions; the loaders read the data sets from `../shared/data` (an edge of the system,
//! like the CLI). Every evaluation reports its speed beside its quality.
//!
//! Time expressions are scored as in TempEval-3 task A: strict span, relaxed (overlapping) span, and value F1
//! (a relaxed match whose TimeML value is equal).

mod bcubed;
mod dates;
mod entities;
mod events;
mod extraction;
mod quotes;
mod shingles;
mod timeml;

pub use bcubed::{bcubed, Scores};
pub use dates::{
    eval_dates, load_dated_pages, score_dates, DatedPage, DatesReport, HalfScore, PageOutcome,
    Part, SourceScore,
};
pub use entities::{
    eval_entities, load_ecbplus_names, parse_document, EntityMiss, EntityReport, NamedDocument,
};
pub use events::{
    eval_events, load_ecbplus_events, parse_event_document, Accuracy, EventDocument, EventsReport,
    PlaceMiss, Topics, FALLBACK_ANCHOR,
};
pub use extraction::{
    eval_extraction, load_extraction_set, ExtractionPage, ExtractionReport, PageScore, Subset,
};
pub use quotes::{
    eval_quotes, is_direct, load_quote_documents, parse_brat, GoldAttribution, QuoteDocument,
    QuotesReport,
};
pub use shingles::{extraction_scores, shingle_match, ExtractionScores, ShingleCounts};
pub use timeml::{
    load_timeml_dir, map_to_gold, match_timexes, parse_tagged_text, parse_timeml, GoldTimex,
    PredictedTimex, TaggedText, TextDifference, TimemlDocument, TimexCounts, TimexScores,
};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Instant;
use storyline_cluster::Config;
pub use storyline_extract::ItemError;
use storyline_extract::{extract, Format, Limits};
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

/// Every file under `dir` (recursively) with this extension, sorted by path; an error when there is none.
pub(crate) fn files_with_extension(
    dir: &Path,
    extension: &str,
) -> Result<Vec<std::path::PathBuf>, String> {
    let mut paths = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries =
            std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|e| format!("{}: {e}", folder.display()))?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == extension) {
                paths.push(path);
            }
        }
    }
    paths.sort();
    if paths.is_empty() {
        return Err(format!("{}: no .{extension} files", dir.display()));
    }
    Ok(paths)
}

/// The harmonic mean of precision and recall (0 when both are 0).
pub(crate) fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

/// Precision, recall and F1 from counts of true positives, predictions and gold items.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    pub fn new(true_positives: usize, predicted: usize, gold: usize) -> Self {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(true_positives, predicted);
        let recall = ratio(true_positives, gold);
        Prf {
            precision,
            recall,
            f1: f1(precision, recall),
        }
    }
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

/// Scores of one part of a TimeML collection (a top-level folder such as `TimeBank` or `AQUAINT`).
#[derive(Clone, Debug, Serialize)]
pub struct TimexPart {
    pub name: String,
    pub documents: usize,
    pub scores: TimexScores,
    /// The same part split by a fixed hash of each file name (the halves of [`Part::of`]): errors may be
    /// studied on the tuning half only (`misses` holds no others), so the held-out half's score stays honest.
    pub tuning: TimexHalf,
    pub held_out: TimexHalf,
}

/// The scores of one half of a part.
#[derive(Clone, Debug, Serialize)]
pub struct TimexHalf {
    pub documents: usize,
    pub scores: TimexScores,
}

impl Default for TimexHalf {
    fn default() -> Self {
        TimexHalf {
            documents: 0,
            scores: TimexCounts::default().scores(),
        }
    }
}

impl TimexHalf {
    fn add(&mut self, counts: TimexCounts) {
        let mut sum = self.scores.counts;
        sum += counts;
        self.documents += 1;
        self.scores = sum.scores();
    }
}

/// One disagreement with the gold annotation, for error analysis.
#[derive(Clone, Debug, Serialize)]
pub struct TimexMiss {
    pub document: String,
    /// The document's creation time, which relative expressions are resolved against.
    pub dct: String,
    /// The text around the expression (up to 60 code points each side, line breaks as spaces).
    pub context: String,
    pub gold: Option<(String, String)>,
    pub predicted: Option<(String, String)>,
}

/// The outcome of a time-expression evaluation.
#[derive(Clone, Debug, Serialize)]
pub struct TimexReport {
    /// Whose expressions were scored: `storyline`, or the folder of another tagger's output.
    pub tagger: String,
    pub parts: Vec<TimexPart>,
    pub total: TimexScores,
    pub documents: usize,
    /// The tagging speed of storyline's own tagger (another tagger's output is not timed here).
    #[serde(flatten)]
    pub speed: Option<TimexSpeed>,
    /// Documents whose tagger output differs from the gold text (spans were mapped across the difference).
    pub text_differences: Vec<TextDifference>,
    /// Gold documents left out of every score because the tagger's output for them is missing or unreadable,
    /// one error naming the file each.
    pub unscored: Vec<String>,
    /// Disagreements in the documents of the tuning half only.
    #[serde(skip)]
    pub misses: Vec<TimexMiss>,
}

/// Bytes of text tagged, and the tagger's time for them (one core).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct TimexSpeed {
    pub bytes: usize,
    pub seconds: f64,
    pub megabytes_per_second: f64,
}

/// Tags the text of every TimeML document under `dir` against its creation time and scores the result per
/// top-level folder (and each folder's two halves) and in total.
pub fn eval_timex(dir: &Path) -> Result<TimexReport, String> {
    let documents = load_timeml_dir(dir)?;
    let tagger = storyline_timex::Tagger::new(storyline_timex::Language::English);
    let mut scored = Vec::with_capacity(documents.len());
    let mut bytes = 0;
    let mut seconds = 0.0;
    for (path, document) in &documents {
        let dct = document
            .dct
            .get(..10)
            .and_then(|day| chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
            .ok_or_else(|| {
                format!(
                    "{}: the creation time {:?} is not a day",
                    document.name, document.dct
                )
            })?;
        let started = Instant::now();
        let timexes = tagger.tag(&document.text, dct);
        seconds += started.elapsed().as_secs_f64();
        bytes += document.text.len();
        let predicted: Vec<PredictedTimex> = timexes
            .iter()
            .map(|t| PredictedTimex {
                start: t.start,
                end: t.end,
                value: t.timeml_value(),
            })
            .collect();
        scored.push((path.as_path(), document, predicted));
    }
    let mut report = score_timex(dir, &scored);
    report.tagger = "storyline".to_string();
    report.speed = Some(TimexSpeed {
        bytes,
        seconds,
        megabytes_per_second: bytes as f64 / 1e6 / seconds.max(1e-9),
    });
    Ok(report)
}

/// Scores another tagger's output against the TimeML gold files under `gold_dir`, exactly as [`eval_timex`]
/// scores storyline's: for each gold file, the file of the same relative path under `system_dir` holds the
/// tagger's TimeML (see [`parse_tagged_text`]). A missing or unreadable output file is named in `unscored` and
/// its document left out; the others are still scored. Output whose text differs from the gold text is mapped
/// onto it ([`map_to_gold`]) and listed in `text_differences`.
pub fn eval_timex_output(gold_dir: &Path, system_dir: &Path) -> Result<TimexReport, String> {
    let documents = load_timeml_dir(gold_dir)?;
    let mut scored = Vec::with_capacity(documents.len());
    let mut text_differences = Vec::new();
    let mut unscored = Vec::new();
    for (path, document) in &documents {
        let relative = path.strip_prefix(gold_dir).unwrap_or(path);
        let system_path = system_dir.join(relative);
        let name = system_path.display().to_string();
        let tagged = std::fs::read_to_string(&system_path)
            .map_err(|e| format!("{name}: {e}"))
            .and_then(|content| parse_tagged_text(&name, &content));
        match tagged {
            Ok(tagged) => {
                let (predicted, difference) = map_to_gold(&name, &tagged, &document.text);
                text_differences.extend(difference);
                scored.push((path.as_path(), document, predicted));
            }
            Err(error) => unscored.push(error),
        }
    }
    let mut report = score_timex(gold_dir, &scored);
    report.tagger = format!("output under {}", system_dir.display());
    report.text_differences = text_differences;
    report.unscored = unscored;
    Ok(report)
}

/// Scores predictions per top-level folder of `dir`, per half of each folder and in total.
fn score_timex(
    dir: &Path,
    scored: &[(&Path, &TimemlDocument, Vec<PredictedTimex>)],
) -> TimexReport {
    let mut parts: Vec<TimexPart> = Vec::new();
    let mut total = TimexCounts::default();
    let mut misses = Vec::new();
    for (path, document, predicted) in scored {
        let counts = match_timexes(&document.timexes, predicted);
        total += counts;
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The halves of the date collection's split (its lowest hash bit); TimeML files have no study quarter.
        let tuning = Part::of(&file_name) == Part::Tuning;
        if tuning {
            misses.extend(disagreements(document, predicted));
        }
        let part = path
            .strip_prefix(dir)
            .ok()
            .and_then(|relative| relative.components().next())
            .filter(|_| path.parent() != Some(dir))
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_else(|| dir.display().to_string());
        let index = match parts.iter().position(|p| p.name == part) {
            Some(index) => index,
            None => {
                parts.push(TimexPart {
                    name: part,
                    documents: 0,
                    scores: TimexCounts::default().scores(),
                    tuning: TimexHalf::default(),
                    held_out: TimexHalf::default(),
                });
                parts.len() - 1
            }
        };
        let existing = &mut parts[index];
        existing.documents += 1;
        let mut sum = existing.scores.counts;
        sum += counts;
        existing.scores = sum.scores();
        if tuning {
            existing.tuning.add(counts);
        } else {
            existing.held_out.add(counts);
        }
    }
    parts.sort_by(|a, b| a.name.cmp(&b.name));
    TimexReport {
        tagger: String::new(),
        parts,
        total: total.scores(),
        documents: scored.len(),
        speed: None,
        text_differences: Vec::new(),
        unscored: Vec::new(),
        misses,
    }
}

/// Gold expressions without an equal prediction and predictions without an equal gold expression.
fn disagreements(document: &TimemlDocument, predicted: &[PredictedTimex]) -> Vec<TimexMiss> {
    let span = |start: usize, end: usize| -> String {
        document
            .text
            .chars()
            .skip(start)
            .take(end - start)
            .collect()
    };
    const CONTEXT: usize = 60;
    let context = |start: usize, end: usize| -> String {
        span(start.saturating_sub(CONTEXT), end + CONTEXT).replace(['\n', '\r'], " ")
    };
    let mut misses = Vec::new();
    for g in &document.timexes {
        let equal = predicted
            .iter()
            .any(|p| p.start == g.start && p.end == g.end && p.value == g.value);
        if !equal {
            let overlapping = predicted
                .iter()
                .find(|p| p.start < g.end && g.start < p.end)
                .map(|p| (span(p.start, p.end), p.value.clone()));
            misses.push(TimexMiss {
                document: document.name.clone(),
                dct: document.dct.clone(),
                context: context(g.start, g.end),
                gold: Some((span(g.start, g.end), g.value.clone())),
                predicted: overlapping,
            });
        }
    }
    for p in predicted {
        if !document
            .timexes
            .iter()
            .any(|g| p.start < g.end && g.start < p.end)
        {
            misses.push(TimexMiss {
                document: document.name.clone(),
                dct: document.dct.clone(),
                context: context(p.start, p.end),
                gold: None,
                predicted: Some((span(p.start, p.end), p.value.clone())),
            });
        }
    }
    misses
}
