//! `ingest` merges the full-text index after a run that adds a good part of the store, and leaves it to FTS5's
//! own incremental merging after a small one.

use storyline_ingest::ingest;
use storyline_model::Article;
use storyline_store::{SqliteStore, Store};

fn reports(range: std::ops::Range<usize>) -> Vec<Article> {
    range
        .map(|i| {
            Article::new(
                format!("r{i:03}"),
                format!("Crane {i} repaired"),
                format!("Workers in the harbour of Port Elsa repaired crane number {i} on day {i} of the strike."),
            )
        })
        .collect()
}

/// The number of segments in the index (one after a merge).
fn segments(path: &std::path::Path) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT count(DISTINCT segid) FROM articles_fts_idx",
            [],
            |row| row.get(0),
        )
        .unwrap()
}

#[test]
fn a_large_ingest_merges_the_index_and_a_small_one_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let mut store = SqliteStore::open(&path).unwrap();
    // The batches leave several segments; the run stored the whole store, so it merges them.
    let summary = ingest(&mut store, reports(0..30), 10, false).unwrap();
    assert_eq!(summary.stored, 30);
    assert_eq!(segments(&path), 1);
    // One article into a store of thirty is under a tenth of it: a segment of its own stays.
    ingest(&mut store, reports(30..31), 10, false).unwrap();
    assert_eq!(segments(&path), 2);
    // The search finds articles of both segments.
    assert_eq!(store.search("crane", 50).unwrap().len(), 31);
}
