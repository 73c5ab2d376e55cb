//! The quote evaluation on PolNeAR dev (held out; the rules were tuned on train). Skips with a message when
//! `../shared/data` is absent, except in CI (`CI=true`), where the data must be present.

use std::path::PathBuf;

#[test]
fn polnear_dev_meets_the_quote_floors() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/quotes/polnear/dev");
    if !path.exists() {
        assert!(
            std::env::var("CI").is_err(),
            "{} is missing: CI must have ../shared/data beside the repository",
            path.display()
        );
        eprintln!("skipped: {} is not present", path.display());
        return;
    }
    let (documents, errors) = storyline_eval::load_quote_documents(&path).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(documents.len(), 84);
    let report = storyline_eval::eval_quotes(&documents);
    // The bars: direct-quote recall 0.95, speaker right 0.85, precision 0.85.
    assert!(report.direct_recall >= 0.95, "{report:?}");
    assert!(report.speaker_accuracy >= 0.85, "{report:?}");
    assert!(report.precision >= 0.85, "{report:?}");
}
