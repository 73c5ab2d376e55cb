//! Behaviour of the SQLite store as its callers rely on it, through the `Store` trait.

use storyline_model::{
    Article, Entity, EntityKind, Event, EventArticle, EventOutline, EventSummary, Framing,
    Location, Place, PlaceKind, Story,
};
use storyline_store::{
    Batch, EventQuery, SqliteStore, Store, StoreError, StoredArticle, SEARCH_CANDIDATES,
};

fn article(id: &str, title: &str, text: &str) -> StoredArticle {
    StoredArticle {
        article: Article::new(id, title, text),
        content_hash: format!("hash-{id}"),
    }
}

fn full_article(id: &str, published: &str) -> StoredArticle {
    StoredArticle {
        article: Article {
            id: id.into(),
            title: format!("Title of {id}"),
            outlet: Some("Example Times".into()),
            url: Some(format!("https://example.org/{id}")),
            published: Some(published.parse().unwrap()),
            language: Some("en".into()),
            text: format!("Body of {id}, with ünïcode and \"quotes\"."),
            ..Article::default()
        },
        content_hash: format!("hash-{id}"),
    }
}

fn event(id: &str, date: Option<&str>, members: &[&str]) -> Event {
    Event {
        id: id.into(),
        title: format!("Event {id}"),
        date: date.map(Into::into),
        places: vec![Place {
            name: "Paris".into(),
            country: Some("FR".into()),
            location: Some(paris()),
        }],
        participants: vec![],
        articles: members
            .iter()
            .map(|m| EventArticle {
                id: (*m).into(),
                score: 0.75,
                why: vec!["fire".into()],
                framing: Framing::default(),
                copy_of: None,
            })
            .collect(),
        facts: vec![],
        quotes: vec![],
        summary: vec![],
        ..Event::default()
    }
}

fn entity(id: &str, name: &str) -> Entity {
    Entity {
        id: id.into(),
        name: name.into(),
        kind: EntityKind::Place,
        aliases: vec![format!("{name} (city)")],
        location: Some(paris()),
    }
}

fn paris() -> Location {
    Location {
        kind: PlaceKind::City,
        name: "Paris".into(),
        country: "FR".into(),
        region: Some("Île-de-France".into()),
        latitude: 48.8534,
        longitude: 2.3488,
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_string()).collect()
}

fn ids(events: &[Event]) -> Vec<&str> {
    events.iter().map(|e| e.id.as_str()).collect()
}

/// A small store: three articles, two events, two entities and a cluster state.
fn sample_batch() -> Batch {
    Batch {
        articles: vec![
            full_article("a1", "2019-04-15T18:50:00Z"),
            full_article("a2", "2019-04-16"),
            article("a3", "Untitled", "No date, no outlet."),
        ],
        events: vec![
            event("e1", Some("2019-04-15"), &["a1", "a2"]),
            event("e2", None, &["a3"]),
        ],
        entities: vec![entity("p2", "Lyon"), entity("p1", "Paris")],
        cluster_state: b"state-1".to_vec(),
        stories: None,
    }
}

fn event_of(store: &SqliteStore, article_id: &str) -> Option<String> {
    // The article's event is visible to callers through search hits.
    let article = store.articles(&strings(&[article_id])).unwrap().remove(0);
    store
        .search(&article.title, 100)
        .unwrap()
        .into_iter()
        .find(|hit| hit.article_id == article_id)
        .unwrap()
        .event_id
}

#[test]
fn articles_events_entities_and_state_round_trip() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    assert_eq!(store.article_count().unwrap(), 0);
    assert_eq!(store.cluster_state().unwrap(), None);

    let batch = sample_batch();
    store.commit(&batch).unwrap();

    assert_eq!(store.article_count().unwrap(), 3);
    // In the order asked, unknown ids skipped, every field intact (including the publication time).
    let got = store
        .articles(&strings(&["a3", "missing", "a1", "a2"]))
        .unwrap();
    let want: Vec<Article> = [2, 0, 1]
        .iter()
        .map(|&i| batch.articles[i].article.clone())
        .collect();
    assert_eq!(got, want);
    assert!(store.articles(&[]).unwrap().is_empty());

    assert_eq!(store.event("e1").unwrap().as_ref(), Some(&batch.events[0]));
    assert_eq!(store.event("nope").unwrap(), None);
    assert_eq!(store.events().unwrap(), batch.events);
    let outlines: Vec<EventOutline> = batch.events.iter().map(EventOutline::from).collect();
    assert_eq!(store.event_outlines().unwrap(), outlines);

    // Sorted by id, unknown skipped.
    let entities = store.entities(&strings(&["p2", "p9", "p1"])).unwrap();
    assert_eq!(
        entities,
        vec![batch.entities[1].clone(), batch.entities[0].clone()]
    );

    assert_eq!(store.cluster_state().unwrap(), Some(b"state-1".to_vec()));
    assert_eq!(event_of(&store, "a1").as_deref(), Some("e1"));
    assert_eq!(event_of(&store, "a3").as_deref(), Some("e2"));
}

#[test]
fn later_batches_replace_events_entities_and_state() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store.commit(&sample_batch()).unwrap();

    // a2 leaves e1 for a new event e3; a3 leaves e2 for no event; e1 is re-titled; Paris gets a new name.
    let mut e1 = event("e1", Some("2019-04-15"), &["a1"]);
    e1.title = "Fire at Notre-Dame".into();
    let second = Batch {
        articles: vec![article("a4", "Follow-up", "More news.")],
        events: vec![
            e1.clone(),
            event("e3", Some("2019-04-16"), &["a2", "a4"]),
            event("e2", None, &[]),
        ],
        entities: vec![entity("p1", "Paris, France")],
        cluster_state: b"state-2".to_vec(),
        stories: None,
    };
    store.commit(&second).unwrap();

    assert_eq!(store.event("e1").unwrap(), Some(e1));
    assert_eq!(ids(&store.events().unwrap()), ["e1", "e3", "e2"]);
    assert_eq!(event_of(&store, "a1").as_deref(), Some("e1"));
    assert_eq!(event_of(&store, "a2").as_deref(), Some("e3"));
    assert_eq!(event_of(&store, "a4").as_deref(), Some("e3"));
    assert_eq!(event_of(&store, "a3"), None);
    assert_eq!(
        store.entities(&strings(&["p1"])).unwrap()[0].name,
        "Paris, France"
    );
    assert_eq!(store.cluster_state().unwrap(), Some(b"state-2".to_vec()));
    assert_eq!(store.article_count().unwrap(), 4);
}

#[test]
fn known_hashes_and_ids_report_what_is_stored_in_the_order_asked() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    assert!(store
        .known_hashes(&strings(&["hash-a1"]))
        .unwrap()
        .is_empty());
    store.commit(&sample_batch()).unwrap();

    assert_eq!(
        store
            .known_hashes(&strings(&["hash-a3", "hash-new", "hash-a1", "hash-a3"]))
            .unwrap(),
        ["hash-a3", "hash-a1"]
    );
    assert_eq!(
        store.known_ids(&strings(&["x", "a2", "a1"])).unwrap(),
        ["a2", "a1"]
    );
    // Ids and hashes are separate namespaces.
    assert!(store.known_ids(&strings(&["hash-a1"])).unwrap().is_empty());
    assert!(store.known_hashes(&[]).unwrap().is_empty());

    // Thousands of inputs at once (well past SQLite's bound-parameter limits).
    let mut many: Vec<String> = (0..40_000).map(|i| format!("hash-n{i}")).collect();
    many.push("hash-a2".into());
    assert_eq!(store.known_hashes(&many).unwrap(), ["hash-a2"]);
}

#[test]
fn a_batch_with_a_duplicate_article_changes_nothing() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store.commit(&sample_batch()).unwrap();

    let attempts = [
        // Same id as a stored article, new content.
        {
            let mut dup = article("a1", "Other", "Other text");
            dup.content_hash = "hash-other".into();
            dup
        },
        // New id, same content hash as a stored article.
        {
            let mut dup = article("a9", "Other", "Other text");
            dup.content_hash = "hash-a2".into();
            dup
        },
    ];
    for dup in attempts {
        let bad = Batch {
            articles: vec![
                article("b1", "Zeppelin lands", "A zeppelin landed."),
                dup.clone(),
            ],
            events: vec![
                event("e1", Some("2020-01-01"), &["b1"]),
                event("e9", None, &["b1"]),
            ],
            entities: vec![entity("p1", "Changed")],
            cluster_state: b"state-bad".to_vec(),
            stories: None,
        };
        match store.commit(&bad) {
            Err(StoreError::Invalid(message)) => {
                assert!(message.contains(&dup.article.id), "{message}")
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
        assert_eq!(store.article_count().unwrap(), 3);
        assert!(store.known_ids(&strings(&["b1", "a9"])).unwrap().is_empty());
        assert!(store.search("zeppelin", 10).unwrap().is_empty());
        assert_eq!(store.events().unwrap(), sample_batch().events);
        assert_eq!(store.entities(&strings(&["p1"])).unwrap()[0].name, "Paris");
        assert_eq!(store.cluster_state().unwrap(), Some(b"state-1".to_vec()));
        assert_eq!(event_of(&store, "a1").as_deref(), Some("e1"));
    }

    // A duplicate inside the batch itself is refused the same way.
    let twice = Batch {
        articles: vec![article("c1", "t", "x"), article("c1", "t", "y")],
        ..Batch::default()
    };
    assert!(matches!(store.commit(&twice), Err(StoreError::Invalid(m)) if m.contains("c1")));
    assert_eq!(store.article_count().unwrap(), 3);

    // The store is still usable after a rolled-back batch.
    store
        .commit(&Batch {
            articles: vec![article("b1", "Zeppelin lands", "A zeppelin landed.")],
            cluster_state: b"state-2".to_vec(),
            ..Batch::default()
        })
        .unwrap();
    assert_eq!(store.article_count().unwrap(), 4);
    assert_eq!(store.cluster_state().unwrap(), Some(b"state-2".to_vec()));
}

#[test]
fn inconsistent_event_memberships_are_refused() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store.commit(&sample_batch()).unwrap();

    let unknown_member = Batch {
        events: vec![event("e5", None, &["a1", "ghost"])],
        ..Batch::default()
    };
    assert!(
        matches!(store.commit(&unknown_member), Err(StoreError::Invalid(m)) if m.contains("ghost"))
    );

    let shared_member = Batch {
        events: vec![event("e5", None, &["a1"]), event("e6", None, &["a1"])],
        ..Batch::default()
    };
    assert!(
        matches!(store.commit(&shared_member), Err(StoreError::Invalid(m)) if m.contains("a1"))
    );

    assert_eq!(ids(&store.events().unwrap()), ["e1", "e2"]);
    assert_eq!(event_of(&store, "a1").as_deref(), Some("e1"));
}

#[test]
fn events_are_sorted_by_date_with_undated_last_then_by_id() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .commit(&Batch {
            events: vec![
                event("z", None, &[]),
                event("b", Some("2023-09-13"), &[]),
                event("y", None, &[]),
                event("c", Some("2019-04-15"), &[]),
                event("a", Some("2023-09-13"), &[]),
            ],
            ..Batch::default()
        })
        .unwrap();
    assert_eq!(ids(&store.events().unwrap()), ["c", "a", "b", "y", "z"]);
    assert_eq!(
        ids(&store.events_dated("2019-04-15", "2023-09-13").unwrap()),
        ["c", "a", "b"],
        "both ends are included, undated events never"
    );
    assert_eq!(
        ids(&store.events_dated("2019-04-16", "2023-09-12").unwrap()),
        Vec::<&str>::new()
    );
}

#[test]
fn search_ranks_title_matches_first_and_explains_hits() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .commit(&Batch {
            articles: vec![
                article(
                    "body",
                    "City council meets",
                    "The council discussed budgets. Later, a fire broke out near the harbour and was contained.",
                ),
                article(
                    "title",
                    "Fire at the harbour",
                    "Crews worked through the night near the harbour.",
                ),
                article("other", "Election results", "Nothing burned."),
            ],
            events: vec![event("e1", Some("2024-01-01"), &["title"])],
            ..Batch::default()
        })
        .unwrap();

    let hits = store.search("FIRE harbour", 10).unwrap();
    let order: Vec<&str> = hits.iter().map(|h| h.article_id.as_str()).collect();
    assert_eq!(order, ["title", "body"]);
    assert!(hits[0].score > hits[1].score, "{hits:?}");
    assert!(hits[1].score > 0.0);
    assert_eq!(hits[0].title, "Fire at the harbour");
    assert_eq!(hits[0].event_id.as_deref(), Some("e1"));
    assert_eq!(hits[1].event_id, None);
    // The excerpt comes from the text, around the match.
    assert!(
        hits[1].snippet.contains("fire broke out"),
        "{:?}",
        hits[1].snippet
    );

    // Words are ANDed; limit applies.
    assert!(store.search("fire election", 10).unwrap().is_empty());
    assert_eq!(store.search("harbour", 1).unwrap().len(), 1);
    assert!(store.search("harbour", 0).unwrap().is_empty());
    // Punctuation is a separator, as in the indexed text.
    assert_eq!(store.search("harbour.", 10).unwrap().len(), 2);
}

#[test]
fn search_breaks_score_ties_by_article_id() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .commit(&Batch {
            articles: ["m", "c", "x", "a"]
                .iter()
                .map(|id| {
                    let mut a = article(id, "Same title", "same words here");
                    a.content_hash = format!("hash-{id}");
                    a
                })
                .collect(),
            ..Batch::default()
        })
        .unwrap();
    let hits = store.search("same", 10).unwrap();
    let order: Vec<&str> = hits.iter().map(|h| h.article_id.as_str()).collect();
    assert_eq!(order, ["a", "c", "m", "x"]);
}

#[test]
fn hostile_queries_are_plain_words() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .commit(&Batch {
            articles: vec![
                article(
                    "a1",
                    "Tables and columns",
                    "col x marks the spot; drop the anchor",
                ),
                article("a2", "Café in Zürich", "Ordinary text"),
            ],
            ..Batch::default()
        })
        .unwrap();

    for query in [
        "\"unterminated",
        "AND OR NOT",
        "*",
        "col:x",
        "'); DROP TABLE articles;--",
        "NEAR(a b, 3)",
        "title:anchor",
        "^start",
        "a + b - c",
        "((((",
        "\u{0}",
        "",
        "   ",
        "\"\"",
    ] {
        assert!(store.search(query, 10).is_ok(), "query {query:?} failed");
    }
    assert_eq!(store.article_count().unwrap(), 2);
    // Column filters are not honoured: `col:x` searches the text "col x".
    assert_eq!(store.search("col:x", 10).unwrap()[0].article_id, "a1");
    assert!(store.search("title:anchor", 10).unwrap().is_empty());
    // Punctuation-only words add nothing: `*` alone finds nothing, and does not widen `anchor *`.
    assert!(store.search("*", 10).unwrap().is_empty());
    assert_eq!(store.search("anchor *", 10).unwrap().len(), 1);
    // The SQL-looking query is words, and the table is still there.
    assert!(store
        .search("'); DROP TABLE articles;--", 10)
        .unwrap()
        .is_empty());
    assert!(store.search("\"unterminated", 10).unwrap().is_empty());
    assert!(store.search("", 10).unwrap().is_empty());
    // Operators are words: nothing contains "and", "or" and "not" together.
    assert!(store.search("AND OR NOT", 10).unwrap().is_empty());
    // Case and accents do not matter.
    assert_eq!(store.search("cafe zurich", 10).unwrap()[0].article_id, "a2");
    // A very long query is still a query.
    let long = vec!["anchor"; 2_000].join(" ");
    assert_eq!(store.search(&long, 10).unwrap().len(), 1);
}

#[test]
fn search_matches_whole_words_in_any_script() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .commit(&Batch {
            articles: vec![
                article("hi", "हिन्दी समाचार", "दिल्ली में आग"),
                article("fr", "Incendie à Notre-Dame", "La flèche s'est effondrée."),
                article("en", "Notre Dame football", "The team from Notre Dame won."),
            ],
            ..Batch::default()
        })
        .unwrap();
    let found = |q: &str| -> Vec<String> {
        let mut ids: Vec<String> = store
            .search(q, 10)
            .unwrap()
            .into_iter()
            .map(|h| h.article_id)
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(found("दिल्ली"), ["hi"]);
    // Vowel signs belong to the word: a fragment of it is not a match.
    assert!(found("दिल").is_empty());
    assert_eq!(found("fleche"), ["fr"]);
    // A hyphenated word is the phrase of its parts.
    assert_eq!(found("notre-dame"), ["en", "fr"]);
    assert_eq!(found("notre-dame incendie"), ["fr"]);
}

#[test]
fn a_file_database_keeps_everything_across_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("storyline.db");
    let batch = sample_batch();
    {
        let mut store = SqliteStore::open(&path).unwrap();
        store.commit(&batch).unwrap();
    }
    let mut store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.article_count().unwrap(), 3);
    assert_eq!(store.events().unwrap(), batch.events);
    assert_eq!(store.cluster_state().unwrap(), Some(b"state-1".to_vec()));
    assert_eq!(
        store.known_hashes(&strings(&["hash-a2"])).unwrap(),
        ["hash-a2"]
    );
    assert_eq!(store.search("body a2", 10).unwrap()[0].article_id, "a2");

    // Appending after a reopen continues the insertion order and the index.
    store
        .commit(&Batch {
            articles: vec![article("a4", "Late arrival", "Text")],
            ..Batch::default()
        })
        .unwrap();
    assert_eq!(store.search("arrival", 10).unwrap()[0].article_id, "a4");
    drop(store);

    // What a user sees with the sqlite3 shell.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let journal: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    let rows: Vec<(String, Option<String>, Option<String>, i64)> = conn
        .prepare("SELECT id, published, event_id, inserted_seq FROM articles ORDER BY inserted_seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        [
            (
                "a1".into(),
                Some("2019-04-15T18:50:00Z".into()),
                Some("e1".into()),
                1
            ),
            ("a2".into(), Some("2019-04-16".into()), Some("e1".into()), 2),
            ("a3".into(), None, Some("e2".into()), 3),
            ("a4".into(), None, None, 4),
        ]
    );
    let (title, count): (String, i64) = conn
        .query_row(
            "SELECT title, article_count FROM events WHERE id = 'e1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((title.as_str(), count), ("Event e1", 2));
    let kind: String = conn
        .query_row("SELECT kind FROM entities WHERE id = 'p1'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kind, "place");
    // The full-text index is consistent with its content table.
    conn.execute(
        "INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')",
        [],
    )
    .unwrap();
}

#[test]
fn stories_are_replaced_as_a_whole_only_by_a_batch_that_gives_them() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    assert!(store.stories().unwrap().is_empty());
    let story = |id: &str, events: &[&str]| Story {
        id: id.into(),
        title: format!("Story {id}"),
        events: strings(events),
    };
    let first = vec![story("s2", &["e1", "e2"]), story("s1", &["e3", "e4"])];
    store
        .commit(&Batch {
            stories: Some(first.clone()),
            ..sample_batch()
        })
        .unwrap();
    assert_eq!(store.stories().unwrap(), first, "kept in the order given");

    store
        .commit(&Batch {
            articles: vec![article("b1", "Zeppelin lands", "A zeppelin landed.")],
            ..Batch::default()
        })
        .unwrap();
    assert_eq!(store.stories().unwrap(), first, "None leaves them");

    let second = vec![story("s1", &["e3", "e4", "e5"])];
    store
        .commit(&Batch {
            stories: Some(second.clone()),
            ..Batch::default()
        })
        .unwrap();
    assert_eq!(store.stories().unwrap(), second, "the old list is gone");

    let twice = Batch {
        stories: Some(vec![story("s9", &["e1"]), story("s9", &["e2"])]),
        ..Batch::default()
    };
    assert!(store.commit(&twice).is_err());
    assert_eq!(
        store.stories().unwrap(),
        second,
        "a failed batch changes nothing"
    );
}

#[test]
fn a_database_from_a_newer_storyline_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    drop(SqliteStore::open(&path).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    match SqliteStore::open(&path) {
        Err(StoreError::Invalid(message)) => {
            assert!(message.contains("schema version 99"), "{message}");
            assert!(message.contains("newer"), "{message}");
        }
        Err(other) => panic!("expected Invalid, got {other}"),
        Ok(_) => panic!("a future schema was accepted"),
    }
    // Refusing did not touch the file.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 99);

    // Nor does it touch a future file that is not in WAL mode yet.
    let path = dir.path().join("future-rollback.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 98;")
            .unwrap();
    }
    assert!(matches!(
        SqliteStore::open(&path),
        Err(StoreError::Invalid(_))
    ));
    let conn = rusqlite::Connection::open(&path).unwrap();
    let journal: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "delete");
}

#[test]
fn a_file_that_is_not_a_database_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(
        &path,
        "this is not sqlite, just some text that is long enough ".repeat(20),
    )
    .unwrap();
    assert!(matches!(
        SqliteStore::open(&path),
        Err(StoreError::Sqlite(_))
    ));
}

/// Bulk ingest speed: `cargo test -p storyline-store --release -- --ignored --nocapture`.
#[test]
#[ignore = "benchmark; run in release mode"]
fn commits_100k_articles_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(&dir.path().join("bulk.db")).unwrap();
    let words = [
        "fire", "council", "harbour", "election", "minister", "storm", "market", "police", "river",
        "bridge", "school", "strike", "court", "vote", "hospital", "train",
    ];
    let body = |i: usize| -> String {
        (0..400)
            .map(|j| words[(i * 7 + j * 13 + j / 5) % words.len()])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let start = std::time::Instant::now();
    for chunk in 0..10 {
        let articles: Vec<StoredArticle> = (0..10_000)
            .map(|k| {
                let i = chunk * 10_000 + k;
                let mut a = full_article(&format!("art{i:06}"), "2024-03-01T12:00:00Z");
                a.article.text = body(i);
                a
            })
            .collect();
        let events: Vec<Event> = (0..1_000)
            .map(|e| {
                let members: Vec<&str> = articles[e * 10..e * 10 + 10]
                    .iter()
                    .map(|a| a.article.id.as_str())
                    .collect();
                event(&format!("ev{chunk}-{e}"), Some("2024-03-01"), &members)
            })
            .collect();
        store
            .commit(&Batch {
                articles,
                events,
                entities: vec![entity("p1", "Paris")],
                cluster_state: vec![0; 1 << 20],
                stories: None,
            })
            .unwrap();
    }
    let elapsed = start.elapsed();
    eprintln!("100k articles committed in {elapsed:?}");
    assert_eq!(store.article_count().unwrap(), 100_000);

    let lookups: Vec<String> = (0..10_000)
        .map(|i| format!("hash-art{:06}", i * 10))
        .collect();
    let start = std::time::Instant::now();
    assert_eq!(store.known_hashes(&lookups).unwrap().len(), 10_000);
    eprintln!("10k hash lookups in {:?}", start.elapsed());
    let start = std::time::Instant::now();
    assert_eq!(store.search("storm bridge", 20).unwrap().len(), 20);
    eprintln!("search in {:?}", start.elapsed());
    assert!(elapsed < std::time::Duration::from_secs(60));
}

/// An event with the given places and participants, for the listing filters.
fn filed_event(
    id: &str,
    date: Option<&str>,
    members: &[&str],
    places: &[&str],
    participants: &[&str],
) -> Event {
    let mut event = event(id, date, members);
    event.places = places
        .iter()
        .map(|name| Place {
            name: (*name).into(),
            country: None,
            location: None,
        })
        .collect();
    event.participants = participants
        .iter()
        .map(|name| storyline_model::Participant {
            name: (*name).into(),
            kind: EntityKind::Person,
        })
        .collect();
    event
}

fn with_outlet(mut stored: StoredArticle, outlet: &str, text: &str) -> StoredArticle {
    stored.article.outlet = Some(outlet.into());
    stored.article.text = text.into();
    stored
}

fn listing_store() -> SqliteStore {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .commit(&Batch {
            articles: vec![
                with_outlet(
                    full_article("a1", "2019-04-15"),
                    "Harbour Post",
                    "The bridge closed.",
                ),
                with_outlet(
                    full_article("a2", "2019-04-16"),
                    "Valley News",
                    "Bridge repairs began.",
                ),
                with_outlet(
                    full_article("a3", "2020-02-01"),
                    "Valley News",
                    "A lighthouse reopened.",
                ),
                with_outlet(
                    full_article("a4", "2021-06-30"),
                    "Harbour Post",
                    "Ferries were late.",
                ),
                article("a5", "Undated", "A ferry strike with no date."),
            ],
            events: vec![
                filed_event(
                    "e1",
                    Some("2019-04-15"),
                    &["a1", "a2"],
                    &["Port Elsa"],
                    &["Mara Quill"],
                ),
                filed_event(
                    "e2",
                    Some("2020-02-01"),
                    &["a3"],
                    &["Cape Rowan"],
                    &["Mara Quill"],
                ),
                filed_event("e3", Some("2021-06-30"), &["a4"], &["Port Elsa"], &[]),
                filed_event("e4", None, &["a5"], &[], &["Ilse Brandt"]),
            ],
            entities: vec![Entity {
                id: "ent-mara".into(),
                name: "Mara Quill".into(),
                kind: EntityKind::Person,
                aliases: vec![],
                location: None,
            }],
            cluster_state: Vec::new(),
            stories: None,
        })
        .unwrap();
    store
}

fn page(store: &SqliteStore, query: EventQuery) -> (Vec<String>, usize) {
    let page = store
        .query_events(&EventQuery {
            limit: if query.limit == 0 { 50 } else { query.limit },
            ..query
        })
        .unwrap();
    (page.events.into_iter().map(|e| e.id).collect(), page.total)
}

fn owned(items: &[&str]) -> Vec<String> {
    strings(items)
}

#[test]
fn event_listing_filters_combine_and_keep_the_timeline_order() {
    let store = listing_store();
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        page(&store, EventQuery::default()),
        (owned(&["e1", "e2", "e3", "e4"]), 4)
    );
    // Date bounds are inclusive and leave undated events out.
    let dated = EventQuery {
        from: some("2020-02-01"),
        ..EventQuery::default()
    };
    assert_eq!(page(&store, dated), (owned(&["e2", "e3"]), 2));
    let until = EventQuery {
        to: some("2020-02-01"),
        ..EventQuery::default()
    };
    assert_eq!(page(&store, until), (owned(&["e1", "e2"]), 2));
    // An entity by id or by name (ASCII case does not matter); places count as entities.
    let by_id = EventQuery {
        entity: some("ent-mara"),
        ..EventQuery::default()
    };
    assert_eq!(page(&store, by_id), (owned(&["e1", "e2"]), 2));
    let by_name = EventQuery {
        entity: some("ilse brandt"),
        ..EventQuery::default()
    };
    assert_eq!(page(&store, by_name), (owned(&["e4"]), 1));
    let place_as_entity = EventQuery {
        entity: some("Cape Rowan"),
        ..EventQuery::default()
    };
    assert_eq!(page(&store, place_as_entity), (owned(&["e2"]), 1));
    // A place filter does not match a participant's name.
    let place = EventQuery {
        place: some("port elsa"),
        ..EventQuery::default()
    };
    assert_eq!(page(&store, place), (owned(&["e1", "e3"]), 2));
    let not_a_place = EventQuery {
        place: some("Mara Quill"),
        ..EventQuery::default()
    };
    assert_eq!(page(&store, not_a_place), (vec![], 0));
    let outlet = EventQuery {
        outlet: some("valley news"),
        ..EventQuery::default()
    };
    assert_eq!(page(&store, outlet), (owned(&["e1", "e2"]), 2));
    let text = EventQuery {
        text: some("bridge"),
        ..EventQuery::default()
    };
    assert_eq!(page(&store, text), (owned(&["e1"]), 1));
    let ferry = EventQuery {
        text: some("ferry"),
        ..EventQuery::default()
    };
    assert_eq!(page(&store, ferry), (owned(&["e4"]), 1));
    let combined = EventQuery {
        outlet: some("Harbour Post"),
        place: some("Port Elsa"),
        from: some("2020-01-01"),
        ..EventQuery::default()
    };
    assert_eq!(page(&store, combined), (owned(&["e3"]), 1));
}

#[test]
fn event_listing_pages_and_counts_every_match() {
    let store = listing_store();
    let at = |offset, limit| EventQuery {
        offset,
        limit,
        ..EventQuery::default()
    };
    assert_eq!(page(&store, at(0, 2)), (owned(&["e1", "e2"]), 4));
    assert_eq!(page(&store, at(2, 2)), (owned(&["e3", "e4"]), 4));
    assert_eq!(page(&store, at(3, 10)), (owned(&["e4"]), 4));
    assert_eq!(page(&store, at(4, 10)), (vec![], 4));
    assert_eq!(page(&store, at(usize::MAX, 10)), (vec![], 4));
}

#[test]
fn event_listing_follows_changed_events() {
    let mut store = listing_store();
    let moved = filed_event("e3", Some("2021-06-30"), &["a4"], &["Cape Rowan"], &[]);
    store
        .commit(&Batch {
            events: vec![moved],
            ..Batch::default()
        })
        .unwrap();
    let place = |name: &str| EventQuery {
        place: Some(name.into()),
        ..EventQuery::default()
    };
    assert_eq!(page(&store, place("Port Elsa")), (owned(&["e1"]), 1));
    assert_eq!(page(&store, place("Cape Rowan")), (owned(&["e2", "e3"]), 2));
}

#[test]
fn an_article_comes_with_its_event() {
    let store = listing_store();
    let (article, event) = store.article_with_event("a3").unwrap().unwrap();
    assert_eq!(article.outlet.as_deref(), Some("Valley News"));
    assert_eq!(article.published.unwrap().to_string(), "2020-02-01");
    assert_eq!(event.as_deref(), Some("e2"));
    assert!(store.article_with_event("nope").unwrap().is_none());
}

#[test]
fn listed_summaries_are_those_of_the_stored_events_even_from_an_older_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let mut dated = event("e1", Some("2020-01-01"), &["a1"]);
    dated.terms = vec!["harbour".into()];
    {
        let mut store = SqliteStore::open(&path).unwrap();
        store
            .commit(&Batch {
                articles: vec![article("a1", "Harbour fire", "The harbour burned.")],
                events: vec![dated.clone()],
                ..Batch::default()
            })
            .unwrap();
    }
    // Make the file look like one written by version 3: before the theme terms, the event type and the
    // summaries existed.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let record: String = conn
            .query_row("SELECT record FROM events WHERE id = 'e1'", [], |r| {
                r.get(0)
            })
            .unwrap();
        let mut old: serde_json::Value = serde_json::from_str(&record).unwrap();
        let fields = old.as_object_mut().unwrap();
        assert!(fields.remove("terms").is_some() && fields.remove("type").is_some());
        conn.execute(
            "UPDATE events SET record = ?1 WHERE id = 'e1'",
            [old.to_string()],
        )
        .unwrap();
        conn.execute_batch(
            "ALTER TABLE events DROP COLUMN summary; DROP TABLE story_keys; DROP TABLE event_terms;",
        )
        .unwrap();
        conn.pragma_update(None, "user_version", 3).unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    let page = store
        .query_event_summaries(&EventQuery {
            limit: 10,
            ..EventQuery::default()
        })
        .unwrap();
    assert_eq!(page.total, 1);
    let listed: serde_json::Value = serde_json::from_str(&page.summaries[0]).unwrap();
    assert_eq!(
        listed,
        serde_json::to_value(EventSummary::of(&dated)).unwrap()
    );
    // The full record was rewritten too: the terms lost with the old record come back with their default.
    let mut expected = dated.clone();
    expected.terms = Vec::new();
    assert_eq!(store.event("e1").unwrap(), Some(expected));
    // The merged full-text index still finds the article.
    assert_eq!(store.search("harbour", 5).unwrap().len(), 1);
}

#[test]
fn a_listed_summary_follows_its_event_when_the_event_changes() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let mut first = event("e1", Some("2020-01-01"), &["a1"]);
    store
        .commit(&Batch {
            articles: vec![article("a1", "Harbour fire", "The harbour burned.")],
            events: vec![first.clone()],
            ..Batch::default()
        })
        .unwrap();
    first.title = "Harbour fire spreads".into();
    first.articles.push(first.articles[0].clone());
    first.articles[1].id = "a2".into();
    store
        .commit(&Batch {
            articles: vec![article("a2", "Harbour fire spreads", "The fire spread.")],
            events: vec![first.clone()],
            ..Batch::default()
        })
        .unwrap();
    let page = store
        .query_events(&EventQuery {
            limit: 10,
            ..EventQuery::default()
        })
        .unwrap();
    assert_eq!(page.events, vec![EventSummary::of(&first)]);
    assert_eq!(page.events[0].article_count, 2);
    assert_eq!(page.events[0].title, "Harbour fire spreads");
}

/// An article that mentions `word` once in its text, or in its title as well when `strong`.
fn mention(id: &str, word: &str, strong: bool) -> StoredArticle {
    let title = if strong {
        format!("{word} {word} in the title")
    } else {
        "Nothing in the title".to_string()
    };
    article(
        id,
        &title,
        &format!("A long text that names the {word} once."),
    )
}

#[test]
fn search_ranks_the_newest_matches_and_gives_each_hit_its_snippet() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    // The best match is stored first, then more weak matches than a search ranks, then a strong one.
    let mut articles = vec![mention("oldest-best", "lighthouse", true)];
    articles.extend(
        (0..SEARCH_CANDIDATES).map(|i| mention(&format!("weak{i:04}"), "lighthouse", false)),
    );
    articles.push(mention("newest-strong", "lighthouse", true));
    store
        .commit(&Batch {
            articles,
            ..Batch::default()
        })
        .unwrap();
    let hits = store.search("lighthouse", 5).unwrap();
    let ids: Vec<&str> = hits.iter().map(|h| h.article_id.as_str()).collect();
    // Equal weak scores are in id order; the oldest match is past the candidates.
    assert_eq!(
        ids,
        [
            "newest-strong",
            "weak0001",
            "weak0002",
            "weak0003",
            "weak0004"
        ]
    );
    assert!(hits[0].score > hits[1].score);
    for hit in &hits {
        assert!(hit.snippet.contains("lighthouse once"), "{hit:?}");
    }
}

#[test]
fn a_snippet_shows_the_words_where_they_occur_in_a_long_text() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let filler = "The council met again and nothing of note was decided. ".repeat(40);
    let text = format!(
        "{filler}Late on Friday the Elsa lighthouse keeper saw the ferry run aground. {filler}"
    );
    store
        .commit(&Batch {
            articles: vec![
                article("deep", "Council minutes", &text),
                article("title-only", "Ferry news", "Nothing happened at all today."),
            ],
            ..Batch::default()
        })
        .unwrap();
    let hits = store.search("lighthouse ferry", 5).unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(
        hits[0].snippet,
        "…Late on Friday the Elsa lighthouse keeper saw the ferry run aground. The council met again…"
    );
    // A word found in the title alone: the snippet is the text's opening.
    let hits = store.search("ferry", 5).unwrap();
    let title_only = hits.iter().find(|h| h.article_id == "title-only").unwrap();
    assert_eq!(title_only.snippet, "Nothing happened at all today.");
}

#[test]
fn the_storyline_index_follows_each_event_written_and_stories_go_stale_until_given() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let mut first = filed_event(
        "e1",
        Some("2021-03-01"),
        &["a1"],
        &[],
        &["Ana Ruiz", "Bo Lind"],
    );
    first.terms = strings(&["strike", "port"]);
    let mut second = filed_event("e2", Some("2021-03-05"), &["a2"], &[], &["Ana  Ruiz"]);
    second.terms = strings(&["strike"]);
    let mut undated = filed_event("e3", None, &["a3"], &[], &["Ana Ruiz"]);
    undated.terms = strings(&["strike"]);
    store
        .commit(&Batch {
            articles: vec![
                article("a1", "One", "x"),
                article("a2", "Two", "y"),
                article("a3", "Three", "z"),
            ],
            events: vec![first.clone(), second.clone(), undated],
            stories: Some(Vec::new()),
            ..Batch::default()
        })
        .unwrap();
    assert!(store.stories_current().unwrap());
    let day = |date: &str| {
        storyline_stories::index_entries(&EventOutline {
            date: Some(date.into()),
            ..EventOutline::default()
        })
        .day
        .unwrap()
    };
    // Names are filed normalised; the undated event is not filed, but its terms count.
    let after = store
        .story_neighbours("ana ruiz", day("2021-01-01"), "", true, 10)
        .unwrap();
    assert_eq!(
        after,
        [
            (day("2021-03-01"), "e1".to_string()),
            (day("2021-03-05"), "e2".to_string())
        ]
    );
    let before = store
        .story_neighbours("ana ruiz", day("2021-03-05"), "e2", false, 10)
        .unwrap();
    assert_eq!(before, [(day("2021-03-01"), "e1".to_string())]);
    assert_eq!(
        store
            .story_neighbours("ana ruiz\nbo lind", day("2021-01-01"), "", true, 10)
            .unwrap(),
        [(day("2021-03-01"), "e1".to_string())]
    );
    let mut counts = store
        .term_counts(&strings(&["strike", "port", "vote"]))
        .unwrap();
    counts.sort();
    assert_eq!(counts, [("port".to_string(), 1), ("strike".to_string(), 3)]);
    assert_eq!(store.event_count().unwrap(), 3);
    assert_eq!(store.events_with_term("port").unwrap(), ["e1"]);
    assert_eq!(
        store.events_with_term("strike").unwrap(),
        ["e1", "e2", "e3"]
    );

    // Rewriting an event refiles it; without stories, the stored ones are no longer current.
    let mut moved = filed_event("e1", Some("2021-04-01"), &["a1"], &[], &["Cy Moe"]);
    moved.terms = strings(&["vote"]);
    store
        .commit(&Batch {
            events: vec![moved],
            ..Batch::default()
        })
        .unwrap();
    assert!(!store.stories_current().unwrap());
    let after = store
        .story_neighbours("ana ruiz", day("2021-01-01"), "", true, 10)
        .unwrap();
    assert_eq!(after, [(day("2021-03-05"), "e2".to_string())]);
    let mut counts = store
        .term_counts(&strings(&["strike", "port", "vote"]))
        .unwrap();
    counts.sort();
    assert_eq!(counts, [("strike".to_string(), 2), ("vote".to_string(), 1)]);
    store
        .commit(&Batch {
            stories: Some(Vec::new()),
            ..Batch::default()
        })
        .unwrap();
    assert!(store.stories_current().unwrap());
}
