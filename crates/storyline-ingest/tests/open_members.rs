//! A clusterer that keeps the open events' members between batches stores exactly what one that reads them back
//! from the store every batch stores.

use storyline_analyze::Analyzer;
use storyline_facts::Reader;
use storyline_ingest::{cluster_batch, load_clusterer, NewArticles, OpenMembers};
use storyline_model::Article;
use storyline_pipeline::{analyze_all, content_hash, sort_for_stream};
use storyline_store::{SqliteStore, Store};

fn corpus() -> Vec<Article> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/factsheets/corpus.jsonl"
    );
    let mut articles: Vec<Article> = std::fs::read_to_string(path)
        .expect("examples/factsheets/corpus.jsonl")
        .lines()
        .map(|line| serde_json::from_str(line).expect("an article"))
        .collect();
    sort_for_stream(&mut articles);
    articles
}

/// Ingests the corpus three articles a batch; `keep` says whether the members are kept between batches.
fn ingest_in_small_batches(keep: bool) -> (SqliteStore, usize) {
    let analyzer = Analyzer::new();
    let reader = Reader::new();
    let mut store = SqliteStore::open_in_memory().unwrap();
    let mut clusterer = load_clusterer(&store).unwrap();
    let mut open = OpenMembers::default();
    let mut most_cached = 0;
    let batches: Vec<Vec<Article>> = corpus().chunks(3).map(<[Article]>::to_vec).collect();
    let count = batches.len();
    for (number, mut articles) in batches.into_iter().enumerate() {
        if !keep {
            open = OpenMembers::default();
        }
        let analyses = analyze_all(&analyzer, &mut articles);
        let hashes = articles.iter().map(content_hash).collect();
        let (batch, _) = cluster_batch(
            &store,
            &mut clusterer,
            &mut open,
            &reader,
            NewArticles {
                articles,
                hashes,
                analyses,
            },
            number + 1 == count,
            &mut |earlier| Ok(analyze_all(&analyzer, earlier)),
        )
        .unwrap();
        store.commit(&batch).unwrap();
        most_cached = most_cached.max(open.articles());
        assert!(open.events() <= clusterer.open_events());
    }
    (store, most_cached)
}

#[test]
fn kept_members_give_the_store_that_reading_them_back_gives() {
    let (read_back, _) = ingest_in_small_batches(false);
    let (kept, most_cached) = ingest_in_small_batches(true);
    assert!(
        most_cached > 3,
        "members of earlier batches were kept: {most_cached}"
    );
    let (a, b) = (read_back.dump().unwrap(), kept.dump().unwrap());
    assert_eq!(a.articles, b.articles);
    assert_eq!(a.events, b.events);
    assert_eq!(a.entities, b.entities);
    assert_eq!(a.stories, b.stories);
    assert_eq!(a.cluster_state, b.cluster_state);
    assert!(a.events.iter().any(|e| e.articles.len() > 3));
}
