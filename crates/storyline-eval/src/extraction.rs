//! The main-text extraction evaluation: a folder of pages (`html/<id>.html.gz`) and `ground-truth.json`
//! (`{id: {"articleBody", "url"}}`), scored with [`crate::shingle_match`].

use crate::shingles::{extraction_scores, shingle_match, ShingleCounts};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

/// One page to extract and its gold text.
pub struct ExtractionPage {
    pub id: String,
    /// The file name the page was read from (its extension tells the format and compression).
    pub name: String,
    /// The file's bytes, still compressed when the file is.
    pub bytes: Vec<u8>,
    pub gold: String,
}

/// Which pages to score: all, or one half of a fixed split (for tuning on one half and checking on the other).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Subset {
    All,
    /// Pages whose id hashes (FNV-1a) to an even number.
    Even,
    Odd,
}

impl Subset {
    pub fn contains(self, id: &str) -> bool {
        let even = id_hash(id).is_multiple_of(2);
        match self {
            Subset::All => true,
            Subset::Even => even,
            Subset::Odd => !even,
        }
    }
}

fn id_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Reads the pages of `dir` that are in `subset`, in id order.
pub fn load_extraction_set(dir: &Path, subset: Subset) -> Result<Vec<ExtractionPage>, String> {
    #[derive(Deserialize)]
    struct Gold {
        #[serde(rename = "articleBody", default)]
        article_body: String,
    }
    let truth_path = dir.join("ground-truth.json");
    let truth = std::fs::read(&truth_path).map_err(|e| format!("{}: {e}", truth_path.display()))?;
    let truth: BTreeMap<String, Gold> = serde_json::from_slice(&truth)
        .map_err(|e| format!("{}: not the expected JSON: {e}", truth_path.display()))?;
    let mut pages = Vec::with_capacity(truth.len());
    for (id, gold) in truth {
        if !subset.contains(&id) {
            continue;
        }
        let name = format!("{id}.html.gz");
        let path = dir.join("html").join(&name);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        pages.push(ExtractionPage {
            id,
            name,
            bytes,
            gold: gold.article_body,
        });
    }
    Ok(pages)
}

/// One page's outcome.
#[derive(Clone, Debug, Serialize)]
pub struct PageScore {
    pub id: String,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    /// Why nothing was extracted, when nothing was.
    pub error: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExtractionReport {
    pub subset: Subset,
    pub pages: usize,
    /// Pages for which the extractor returned an error (they count as an empty text).
    pub failed: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub seconds: f64,
    pub pages_per_second: f64,
    pub per_page: Vec<PageScore>,
}

/// Extracts every page (in parallel) with `extractor`, which gets the file name and bytes and returns the main
/// text, and scores the texts. The time covers extraction only, not reading the files.
pub fn eval_extraction<F>(
    pages: &[ExtractionPage],
    subset: Subset,
    extractor: F,
) -> ExtractionReport
where
    F: Fn(&str, &[u8]) -> Result<String, String> + Sync,
{
    let started = Instant::now();
    let outputs: Vec<Result<String, String>> = pages
        .par_iter()
        .map(|page| extractor(&page.name, &page.bytes))
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let mut counts = Vec::with_capacity(pages.len());
    let mut per_page = Vec::with_capacity(pages.len());
    for (page, output) in pages.iter().zip(outputs) {
        let (text, error) = match output {
            Ok(text) => (text, None),
            Err(error) => (String::new(), Some(error)),
        };
        let page_counts: ShingleCounts = shingle_match(&page.gold, &text);
        per_page.push(PageScore {
            id: page.id.clone(),
            precision: page_counts.precision(),
            recall: page_counts.recall(),
            error,
        });
        counts.push(page_counts);
    }
    let scores = extraction_scores(&counts);
    ExtractionReport {
        subset,
        pages: pages.len(),
        failed: per_page.iter().filter(|p| p.error.is_some()).count(),
        precision: scores.precision,
        recall: scores.recall,
        f1: scores.f1,
        seconds,
        pages_per_second: pages.len() as f64 / seconds.max(1e-9),
        per_page,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_split_halves_are_disjoint_and_cover_everything() {
        let ids: Vec<String> = (0..200).map(|i| format!("{i:x}")).collect();
        let even = ids.iter().filter(|id| Subset::Even.contains(id)).count();
        let odd = ids.iter().filter(|id| Subset::Odd.contains(id)).count();
        assert_eq!(even + odd, 200);
        assert!(even > 60 && odd > 60, "{even} / {odd}");
        assert!(ids.iter().all(|id| Subset::All.contains(id)));
    }

    #[test]
    fn failures_count_as_empty_texts() {
        let page = |id: &str| ExtractionPage {
            id: id.into(),
            name: format!("{id}.html"),
            bytes: id.as_bytes().to_vec(),
            gold: "the gold text of this page".into(),
        };
        let pages = [page("good"), page("bad")];
        let report = eval_extraction(&pages, Subset::All, |name, _| {
            if name.starts_with("good") {
                Ok("the gold text of this page".into())
            } else {
                Err("broken".into())
            }
        });
        assert_eq!(report.failed, 1);
        assert_eq!(report.precision, 1.0);
        assert_eq!(report.recall, 0.5);
        assert_eq!(report.per_page[1].error.as_deref(), Some("broken"));
    }
}
