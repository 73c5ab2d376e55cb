//! Checks against the public evaluation data in `../shared/data`. Without it the tests skip with a message,
//! except in CI (`CI=true`), where the data must be present.

use std::path::PathBuf;

fn shared_data(relative: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(relative);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").is_err(),
        "{} is missing: CI must have ../shared/data beside the repository",
        path.display()
    );
    eprintln!("skipped: {} is not present", path.display());
    None
}

#[test]
fn ecbplus_dev_loads_with_every_article_labelled() {
    let Some(path) = shared_data("ecbplus/dev.jsonl") else {
        return;
    };
    let labelled = storyline_eval::load_labelled(&path).unwrap();
    assert!(labelled.errors.is_empty(), "{:?}", labelled.errors);
    assert_eq!(labelled.articles.len(), 73);
    let mut events: Vec<&String> = labelled.gold.values().collect();
    events.sort();
    events.dedup();
    assert_eq!(events.len(), 6, "three topics with two events each");
}

#[test]
fn clustering_ecbplus_dev_beats_one_event_per_article_and_one_event_for_all() {
    let Some(path) = shared_data("ecbplus/dev.jsonl") else {
        return;
    };
    let labelled = storyline_eval::load_labelled(&path).unwrap();
    let report = storyline_eval::eval_clustering(&labelled, storyline_cluster::Config::default());
    assert_eq!(report.articles, 73);
    // Both trivial clusterings score far lower; the regression floor itself is guarded by .ci/run.
    let gold: Vec<&str> = labelled
        .articles
        .iter()
        .map(|a| labelled.gold[&a.id].as_str())
        .collect();
    let singletons: Vec<usize> = (0..gold.len()).collect();
    let one: Vec<usize> = vec![0; gold.len()];
    let floor = storyline_eval::bcubed(&singletons, &gold)
        .f1
        .max(storyline_eval::bcubed(&one, &gold).f1);
    assert!(
        report.f1 > floor + 0.3,
        "F1 {} vs trivial {floor}",
        report.f1
    );
}

#[test]
fn publication_dates_reach_the_floor_on_both_halves() {
    let Some(dir) = shared_data("extraction/dates") else {
        return;
    };
    let (pages, errors) = storyline_eval::load_dated_pages(&dir).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(pages.len() > 450, "{} pages", pages.len());
    let report = storyline_eval::eval_dates(&pages);
    // The floors guarded by .ci/run (see BENCHMARKS.md); the held-out half was never studied page by page.
    assert!(report.accuracy >= 0.89, "accuracy {}", report.accuracy);
    assert!(
        report.held_out.accuracy >= 0.86,
        "held-out {}",
        report.held_out.accuracy
    );
    assert_eq!(report.correct + report.wrong + report.missing, report.pages);
}
