//! Claims about an earlier event reach that stored event when a later batch brings them.

use storyline_model::Article;
use storyline_store::{SqliteStore, Store};

fn corpus() -> Vec<Article> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/factsheets/corpus.jsonl"
    );
    std::fs::read_to_string(path)
        .expect("examples/factsheets/corpus.jsonl")
        .lines()
        .map(|line| serde_json::from_str(line).expect("an article"))
        .collect()
}

#[test]
fn a_later_batch_routes_its_claim_to_the_stored_earlier_event() {
    let (earlier, later): (Vec<Article>, Vec<Article>) = corpus()
        .into_iter()
        .filter(|a| a.id.contains("lindau") || a.id.contains("port-elmas"))
        .partition(|a| a.id.contains("2019"));
    let mut store = SqliteStore::open_in_memory().unwrap();
    storyline_ingest::ingest(&mut store, earlier, 100, false).unwrap();
    storyline_ingest::ingest(&mut store, later, 100, false).unwrap();
    let events = store.events().unwrap();
    let lindau = events
        .iter()
        .find(|e| e.articles.iter().any(|a| a.id == "gazette-2019-lindau"))
        .unwrap();
    let values: Vec<&str> = lindau
        .facts
        .iter()
        .filter(|f| f.slot == "duration")
        .flat_map(|f| f.claims.iter().map(|c| c.value.as_str()))
        .collect();
    assert!(values.contains(&"three and a half hours"), "{values:?}");
    let summit = events
        .iter()
        .find(|e| e.articles.iter().any(|a| a.id == "gazette-2023-port-elmas"))
        .unwrap();
    assert!(summit
        .other_events
        .iter()
        .any(|o| o.routed_to.as_deref() == Some(lindau.id.as_str())));
}
