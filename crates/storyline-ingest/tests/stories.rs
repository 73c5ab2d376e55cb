//! Storylines relinked after each small ingest are those of linking every stored event at once.

use storyline_model::Article;
use storyline_pipeline::sort_for_stream;
use storyline_store::{SqliteStore, Store};
use storyline_stories::link_stories;

/// Invented reports of two recurring storylines (three rounds of talks between two leaders, a dock strike and
/// its sequels) and two one-off events, with the fact-sheet example corpus.
fn corpus() -> Vec<Article> {
    let dir = env!("CARGO_MANIFEST_DIR");
    let mut articles: Vec<Article> = [
        format!("{dir}/tests/fixtures/storylines.jsonl"),
        format!("{dir}/../../examples/factsheets/corpus.jsonl"),
    ]
    .iter()
    .flat_map(|path| {
        std::fs::read_to_string(path)
            .unwrap_or_else(|err| panic!("{path}: {err}"))
            .lines()
            .map(|line| serde_json::from_str(line).expect("an article"))
            .collect::<Vec<Article>>()
    })
    .collect();
    sort_for_stream(&mut articles);
    articles
}

/// The stories stored, and those of one full relink over the stored events.
fn stored_and_full(
    store: &SqliteStore,
) -> (Vec<storyline_model::Story>, Vec<storyline_model::Story>) {
    (
        store.stories().unwrap(),
        link_stories(&store.event_outlines().unwrap()),
    )
}

#[test]
fn stories_after_ingests_in_steps_equal_a_full_relink() {
    let articles = corpus();
    let (first, rest) = articles.split_at(articles.len() / 2);
    let mut store = SqliteStore::open_in_memory().unwrap();
    // The first half in one go, then the rest in steps of three, each relinked from the stories before it.
    storyline_ingest::ingest(&mut store, first.to_vec(), 1000, false).unwrap();
    for step in rest.chunks(3) {
        storyline_ingest::ingest(&mut store, step.to_vec(), 1000, false).unwrap();
        assert!(store.stories_current().unwrap());
        let (stored, full) = stored_and_full(&store);
        assert_eq!(stored, full);
    }
    // Both storylines are found (the talks chain joins the example corpus's summit), so the steps above had
    // stories to tear apart and rebuild.
    let (stored, _) = stored_and_full(&store);
    assert!(stored.len() >= 2, "{stored:?}");
    assert!(stored.iter().any(|s| s.events.len() >= 3), "{stored:?}");
}
