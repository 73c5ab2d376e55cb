//! Publication-date extraction: accuracy of the day found against a gold day for each page.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::time::Instant;
use storyline_extract::{find_publication_date_in_bytes, DateSource, ItemError};
use storyline_model::stable_id;

/// One page of a date collection: its bytes (decompressed, not yet decoded), its URL and the gold day.
pub struct DatedPage {
    pub name: String,
    pub url: Option<String>,
    pub gold: chrono::NaiveDate,
    pub html: Vec<u8>,
}

/// Which part of the collection a page is in: a fixed hash of its name (FNV-1a) decides, so the split never
/// changes. The lowest bit splits the pages into halves; the held-out half was later split again by the
/// highest bit, which mixes every byte of the name, into a quarter whose failures may be read and a quarter
/// that stays unread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    /// The tuning half (even hash): pages whose failures may be studied to improve the rules.
    Tuning,
    /// The study quarter (odd hash, highest bit clear): held out at first, its failures now may be read.
    Study,
    /// The held-out quarter (odd hash, highest bit set): kept out of every study, its accuracy is the honest one.
    HeldOut,
}

impl Part {
    pub fn of(name: &str) -> Part {
        let hash = u64::from_str_radix(&stable_id("", name), 16).unwrap_or(0);
        if hash.is_multiple_of(2) {
            Part::Tuning
        } else if hash >> 63 == 0 {
            Part::Study
        } else {
            Part::HeldOut
        }
    }
}

/// Reads a collection laid out as `gold.json` (name → `file`, `url`, `date`) beside `html/<file>` (gzip or
/// plain). Pages that cannot be read are returned as errors and left out.
pub fn load_dated_pages(dir: &Path) -> Result<(Vec<DatedPage>, Vec<ItemError>), String> {
    #[derive(Deserialize)]
    struct Gold {
        file: String,
        url: Option<String>,
        date: String,
    }
    let gold_path = dir.join("gold.json");
    let raw = std::fs::read(&gold_path).map_err(|e| format!("{}: {e}", gold_path.display()))?;
    let gold: BTreeMap<String, Gold> =
        serde_json::from_slice(&raw).map_err(|e| format!("{}: {e}", gold_path.display()))?;
    let mut pages = Vec::with_capacity(gold.len());
    let mut errors = Vec::new();
    for (name, entry) in gold {
        let path = dir.join("html").join(&entry.file);
        let fail = |reason: String| ItemError {
            item: path.display().to_string(),
            reason,
        };
        let day = match chrono::NaiveDate::parse_from_str(&entry.date, "%Y-%m-%d") {
            Ok(day) => day,
            Err(e) => {
                errors.push(fail(format!("gold date {:?}: {e}", entry.date)));
                continue;
            }
        };
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                errors.push(fail(e.to_string()));
                continue;
            }
        };
        let html = if entry.file.ends_with(".gz") {
            let mut out = Vec::new();
            if let Err(e) =
                flate2::read::MultiGzDecoder::new(bytes.as_slice()).read_to_end(&mut out)
            {
                errors.push(fail(format!("not valid gzip: {e}")));
                continue;
            }
            out
        } else {
            bytes
        };
        pages.push(DatedPage {
            name,
            url: entry.url,
            gold: day,
            html,
        });
    }
    Ok((pages, errors))
}

/// What the extractor said about one page.
#[derive(Clone, Debug, Serialize)]
pub struct PageOutcome {
    pub name: String,
    pub part: Part,
    pub gold: chrono::NaiveDate,
    pub found: Option<chrono::NaiveDate>,
    pub source: Option<DateSource>,
    pub correct: bool,
}

#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct HalfScore {
    pub pages: usize,
    pub correct: usize,
    pub accuracy: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct SourceScore {
    pub source: DateSource,
    pub found: usize,
    pub correct: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct DatesReport {
    pub pages: usize,
    /// Right day over all pages; a missing date counts as wrong.
    pub accuracy: f64,
    pub correct: usize,
    pub wrong: usize,
    pub missing: usize,
    /// The tuning half.
    pub tuning: HalfScore,
    /// The held-out half: the study and held-out quarters together.
    pub held_out: HalfScore,
    /// The study quarter of the held-out half.
    pub study_quarter: HalfScore,
    /// The held-out quarter: never read.
    pub held_out_quarter: HalfScore,
    pub by_source: Vec<SourceScore>,
    pub seconds: f64,
    pub pages_per_second: f64,
    pub outcomes: Vec<PageOutcome>,
}

/// Scores outcomes: pure, so that the counts can be checked on made-up outcomes.
pub fn score_dates(outcomes: Vec<PageOutcome>, seconds: f64) -> DatesReport {
    let correct = outcomes.iter().filter(|o| o.correct).count();
    let missing = outcomes.iter().filter(|o| o.found.is_none()).count();
    let part = |which: &[Part]| {
        let pages = outcomes.iter().filter(|o| which.contains(&o.part)).count();
        let correct = outcomes
            .iter()
            .filter(|o| which.contains(&o.part) && o.correct)
            .count();
        HalfScore {
            pages,
            correct,
            accuracy: ratio(correct, pages),
        }
    };
    let mut by_source: BTreeMap<DateSource, SourceScore> = BTreeMap::new();
    for outcome in &outcomes {
        if let Some(source) = outcome.source {
            let entry = by_source.entry(source).or_insert(SourceScore {
                source,
                found: 0,
                correct: 0,
            });
            entry.found += 1;
            entry.correct += usize::from(outcome.correct);
        }
    }
    DatesReport {
        pages: outcomes.len(),
        accuracy: ratio(correct, outcomes.len()),
        correct,
        wrong: outcomes.len() - correct - missing,
        missing,
        tuning: part(&[Part::Tuning]),
        held_out: part(&[Part::Study, Part::HeldOut]),
        study_quarter: part(&[Part::Study]),
        held_out_quarter: part(&[Part::HeldOut]),
        by_source: by_source.into_values().collect(),
        seconds,
        pages_per_second: outcomes.len() as f64 / seconds.max(1e-9),
        outcomes,
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Finds each page's date (charset decoding included in the time, reading and gunzip not) and scores it.
pub fn eval_dates(pages: &[DatedPage]) -> DatesReport {
    let started = Instant::now();
    let found: Vec<_> = pages
        .iter()
        .map(|page| find_publication_date_in_bytes(&page.html, page.url.as_deref()))
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let outcomes = pages
        .iter()
        .zip(found)
        .map(|(page, found)| PageOutcome {
            name: page.name.clone(),
            part: Part::of(&page.name),
            gold: page.gold,
            found: found.map(|f| f.day),
            source: found.map(|f| f.source),
            correct: found.is_some_and(|f| f.day == page.gold),
        })
        .collect();
    score_dates(outcomes, seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(name: &str, gold: &str, found: Option<&str>) -> PageOutcome {
        let gold: chrono::NaiveDate = gold.parse().unwrap();
        let found = found.map(|f| f.parse().unwrap());
        PageOutcome {
            name: name.into(),
            part: Part::of(name),
            gold,
            found,
            source: found.map(|_| DateSource::Meta),
            correct: found == Some(gold),
        }
    }

    #[test]
    fn a_missing_date_counts_as_wrong_in_accuracy_but_is_counted_apart() {
        let report = score_dates(
            vec![
                outcome("a", "2019-03-12", Some("2019-03-12")),
                outcome("b", "2019-03-12", Some("2019-03-13")),
                outcome("c", "2019-03-12", None),
                outcome("d", "2020-01-01", Some("2020-01-01")),
            ],
            2.0,
        );
        assert_eq!((report.correct, report.wrong, report.missing), (2, 1, 1));
        assert!((report.accuracy - 0.5).abs() < 1e-12);
        assert!((report.pages_per_second - 2.0).abs() < 1e-12);
        assert_eq!(report.tuning.pages + report.held_out.pages, 4);
        assert_eq!(report.tuning.correct + report.held_out.correct, 2);
        assert_eq!(
            report.study_quarter.pages + report.held_out_quarter.pages,
            report.held_out.pages
        );
        assert_eq!(
            report.study_quarter.correct + report.held_out_quarter.correct,
            report.held_out.correct
        );
        assert_eq!(report.by_source[0].found, 3);
    }

    #[test]
    fn the_split_is_fixed_and_uses_every_part() {
        let names: Vec<String> = (0..400).map(|i| format!("page-{i}")).collect();
        let count = |which: Part| names.iter().filter(|n| Part::of(n) == which).count();
        let (tuning, study, held_out) = (
            count(Part::Tuning),
            count(Part::Study),
            count(Part::HeldOut),
        );
        assert!(
            (150..=250).contains(&tuning),
            "{tuning} of 400 in the tuning half"
        );
        assert!(
            (60..=140).contains(&study) && (60..=140).contains(&held_out),
            "{study} and {held_out} of 400 in the study and held-out quarters"
        );
        assert_eq!(Part::of("page-7"), Part::of("page-7"));
    }
}
