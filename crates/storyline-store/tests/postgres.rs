//! The PostgreSQL store against a real server: the same answers as the SQLite store for the same writes, its
//! migrations, and the work queue's leases.
//!
//! The server comes from `STORYLINE_TEST_PG` (a `postgres://` URL of a role that may create databases; `.ci/run`
//! starts one). Without it these tests say so and pass, except under CI, where they fail.

#[path = "support/test_database.rs"]
mod test_database;

use storyline_model::{
    Article, Entity, EntityKind, Event, EventArticle, EventOutline, EventSummary, Place, Story,
};
use storyline_store::{
    Batch, EventQuery, PostgresStore, QueueItem, SqliteStore, Store, StoredArticle,
};
use test_database::fresh_database;

fn stored(id: &str, title: &str, text: &str, published: Option<&str>) -> StoredArticle {
    StoredArticle {
        article: Article {
            id: id.into(),
            title: title.into(),
            outlet: Some(
                if id < "c" {
                    "Valley News"
                } else {
                    "Harbour Gazette"
                }
                .into(),
            ),
            url: Some(format!("https://news.example/{id}")),
            published: published.map(|p| p.parse().unwrap()),
            language: Some("en".into()),
            text: text.into(),
            ..Article::default()
        },
        content_hash: format!("hash-{id}"),
    }
}

fn event(id: &str, date: Option<&str>, place: &str, members: &[&str]) -> Event {
    Event {
        id: id.into(),
        title: format!("Event {id}"),
        date: date.map(Into::into),
        places: vec![Place {
            name: place.into(),
            country: None,
            location: None,
        }],
        participants: vec![],
        articles: members
            .iter()
            .map(|m| EventArticle {
                id: (*m).into(),
                score: 0.5,
                why: vec!["ferry".into()],
                framing: Default::default(),
                copy_of: None,
            })
            .collect(),
        ..Event::default()
    }
}

fn batches() -> Vec<Batch> {
    vec![
        Batch {
            articles: vec![
                stored(
                    "a1",
                    "Ferry strike halts crossings",
                    "Crews of the Elsa ferry stopped work on Monday.",
                    Some("2024-03-04T08:00:00Z"),
                ),
                stored(
                    "a2",
                    "Talks on the ferry strike",
                    "The union met the operator; the ferry stays in port.",
                    Some("2024-03-05"),
                ),
                stored(
                    "c3",
                    "Orchard harvest early",
                    "Growers in Port Elsa picked apples in ünusual heat.",
                    None,
                ),
            ],
            events: vec![
                event("ev-b", Some("2024-03-04"), "Port Elsa", &["a1", "a2"]),
                event("ev-a", None, "Valley", &["c3"]),
            ],
            entities: vec![Entity {
                id: "place:port-elsa".into(),
                name: "Port Elsa".into(),
                kind: EntityKind::Place,
                aliases: vec![],
                location: None,
            }],
            cluster_state: b"state-1".to_vec(),
            stories: None,
        },
        // A later batch moves a2 to a new event and adds one more article.
        Batch {
            articles: vec![stored(
                "c4",
                "Ferry back in service",
                "The ferry sailed again on Friday after the strike.",
                Some("2024-03-08"),
            )],
            events: vec![
                event("ev-b", Some("2024-03-04"), "Port Elsa", &["a1"]),
                event("ev-c", Some("2024-03-05"), "Port Elsa", &["a2", "c4"]),
            ],
            entities: vec![],
            cluster_state: b"state-2".to_vec(),
            stories: Some(vec![Story {
                id: "s-ferry".into(),
                title: "Ferry strike".into(),
                events: vec!["ev-b".into(), "ev-c".into()],
            }]),
        },
    ]
}

/// Everything a caller can read back, as one comparable value.
fn observe(store: &dyn Store) -> String {
    let ids: Vec<String> = ["c4", "a1", "zz", "a2", "c3"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let queries = [
        EventQuery {
            limit: 10,
            ..EventQuery::default()
        },
        EventQuery {
            limit: 1,
            offset: 1,
            ..EventQuery::default()
        },
        EventQuery {
            place: Some("port elsa".into()),
            limit: 10,
            ..EventQuery::default()
        },
        EventQuery {
            entity: Some("place:port-elsa".into()),
            limit: 10,
            ..EventQuery::default()
        },
        EventQuery {
            outlet: Some("HARBOUR gazette".into()),
            limit: 10,
            ..EventQuery::default()
        },
        EventQuery {
            text: Some("ferry strike".into()),
            limit: 10,
            ..EventQuery::default()
        },
        EventQuery {
            from: Some("2024-03-05".into()),
            limit: 10,
            ..EventQuery::default()
        },
    ];
    let pages: Vec<(Vec<String>, usize)> = queries
        .iter()
        .map(|q| {
            let page = store.query_events(q).unwrap();
            (
                page.events.iter().map(|e| e.id.clone()).collect(),
                page.total,
            )
        })
        .collect();
    // The listing's unparsed summaries, byte for byte.
    let records = store.query_event_summaries(&queries[0]).unwrap().summaries;
    let hits: Vec<(String, Option<String>)> = store
        .search("ferry", 10)
        .unwrap()
        .into_iter()
        .map(|hit| (hit.article_id, hit.event_id))
        .collect();
    let dump = store.dump().unwrap();
    let dated: Vec<Vec<String>> = [("2000-01-01", "2099-12-31"), ("2024-03-05", "2099-12-31")]
        .iter()
        .map(|(from, to)| {
            let events = store.events_dated(from, to).unwrap();
            events.into_iter().map(|e| e.id).collect()
        })
        .collect();
    format!(
        "dated {dated:?}\noutlines {:?}\nevents {}\narticles {:?}\nwith event {:?}\nknown {:?} {:?}\npages {pages:?}\nrecords {records:?}\nsearch {hits:?}\ndump {:?} {:?} {}\nstate {:?}\ncount {}\nstories {:?}",
        store.event_outlines().unwrap(),
        serde_json::to_string(&store.events().unwrap()).unwrap(),
        store.articles(&ids).unwrap(),
        store.article_with_event("a2").unwrap(),
        store.known_ids(&ids).unwrap(),
        store.known_hashes(&["hash-c3".to_string(), "hash-x".to_string()]).unwrap(),
        dump.articles,
        dump.entities,
        serde_json::to_string(&dump.events).unwrap(),
        store.cluster_state().unwrap(),
        store.article_count().unwrap(),
        store.stories().unwrap(),
    )
}

#[test]
fn the_same_writes_read_back_the_same_on_both_backends() {
    let Some(url) = fresh_database("store", "equivalence") else {
        return;
    };
    let mut postgres = PostgresStore::connect(&url).unwrap();
    let mut sqlite = SqliteStore::open_in_memory().unwrap();
    for batch in batches() {
        postgres.commit(&batch).unwrap();
        sqlite.commit(&batch).unwrap();
    }
    let seen = observe(&postgres);
    assert_eq!(seen, observe(&sqlite));
    // The comparison is not vacuous: the filters found something.
    assert!(seen.contains(r#"(["ev-b", "ev-c"], 2)"#), "{seen}");
}

#[test]
fn a_refused_batch_changes_nothing() {
    let Some(url) = fresh_database("store", "refused") else {
        return;
    };
    let mut store = PostgresStore::connect(&url).unwrap();
    let first = batches().remove(0);
    store.commit(&first).unwrap();
    let before = observe(&store);
    let mut again = batches().remove(1);
    // c4 is new, but a1's content hash is taken: the whole batch is refused.
    again.articles.push(stored("zz", "x", "y", None));
    again.articles[1].content_hash = "hash-a1".into();
    let err = store.commit(&again).unwrap_err().to_string();
    assert!(
        err.contains("content hash hash-a1 is already taken by article a1"),
        "{err}"
    );
    assert_eq!(observe(&store), before);
}

#[test]
fn search_ranks_title_matches_first_and_treats_operators_as_words() {
    let Some(url) = fresh_database("store", "search") else {
        return;
    };
    let mut store = PostgresStore::connect(&url).unwrap();
    store.commit(&batches().remove(0)).unwrap();
    let hits = store.search("strike", 10).unwrap();
    let ids: Vec<&str> = hits.iter().map(|h| h.article_id.as_str()).collect();
    // a1 has "strike" in its title and no other; a2 in its title too; c3 nowhere.
    assert_eq!(ids, ["a1", "a2"]);
    assert!(hits[0].score > 0.0);
    assert!(hits.iter().all(|h| !h.snippet.is_empty()), "{hits:?}");
    // tsquery operators and quotes are plain text, not syntax errors.
    for hostile in ["ferry & !strike", "'", "a:*", "(ferry", "\u{0}ferry"] {
        store.search(hostile, 10).unwrap();
    }
    assert!(store.search("   ", 10).unwrap().is_empty());
}

#[test]
fn migrations_are_recorded_once_and_a_newer_schema_is_refused() {
    let Some(url) = fresh_database("store", "migrations") else {
        return;
    };
    drop(PostgresStore::connect(&url).unwrap());
    // A second open (another worker) finds the schema current and changes nothing.
    drop(PostgresStore::connect(&url).unwrap());
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let versions: Vec<i32> = client
        .query(
            "SELECT version FROM storyline_migrations ORDER BY version",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(versions, [1, 2, 3, 4, 5, 6]);
    client
        .execute(
            "INSERT INTO storyline_migrations (version) VALUES (99)",
            &[],
        )
        .unwrap();
    let err = PostgresStore::connect(&url).err().unwrap().to_string();
    assert!(err.contains("schema version 99"), "{err}");
}

#[test]
fn version_5_gives_the_events_stored_before_it_their_summaries() {
    let Some(url) = fresh_database("store", "summaries") else {
        return;
    };
    let stored_event = event("e1", Some("2024-03-05"), "Port Elsa", &["a1"]);
    {
        let mut store = PostgresStore::connect(&url).unwrap();
        store
            .commit(&Batch {
                articles: vec![stored(
                    "a1",
                    "Ferry strike",
                    "The ferry crews struck.",
                    None,
                )],
                events: vec![stored_event.clone()],
                ..Batch::default()
            })
            .unwrap();
    }
    // Make the database look like one version 4 wrote.
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(
            "ALTER TABLE events DROP COLUMN summary; DROP TABLE story_keys; DROP TABLE event_terms;
             DELETE FROM storyline_migrations WHERE version >= 5",
        )
        .unwrap();
    let store = PostgresStore::connect(&url).unwrap();
    let page = store
        .query_events(&EventQuery {
            limit: 10,
            ..EventQuery::default()
        })
        .unwrap();
    assert_eq!(page.events, vec![EventSummary::of(&stored_event)]);
}

fn queued_article(id: &str) -> (String, QueueItem) {
    let article = Article::new(id, format!("Title {id}"), format!("Text of {id}."));
    (format!("hash:{id}"), QueueItem::Article { article })
}

#[test]
fn duplicate_items_are_queued_once() {
    let Some(url) = fresh_database("store", "queue_duplicates") else {
        return;
    };
    let store = PostgresStore::connect(&url).unwrap();
    let items: Vec<_> = ["q1", "q2", "q1", "q3"]
        .iter()
        .map(|id| queued_article(id))
        .collect();
    assert_eq!(store.enqueue(&items).unwrap(), 3);
    assert_eq!(store.enqueue(&items[..2]).unwrap(), 0);
    assert_eq!(store.queue_counts().unwrap().pending, 3);
}

#[test]
fn leases_skip_what_others_hold_and_expire() {
    let Some(url) = fresh_database("store", "queue_leases") else {
        return;
    };
    let one = PostgresStore::connect(&url).unwrap();
    let two = PostgresStore::connect(&url).unwrap();
    let items: Vec<_> = ["q1", "q2", "q3"]
        .iter()
        .map(|id| queued_article(id))
        .collect();
    one.enqueue(&items).unwrap();

    let first = one.claim("w1", 2, 0.5).unwrap();
    assert_eq!(first.iter().map(|c| c.seq).collect::<Vec<_>>(), [1, 2]);
    // The second worker gets what is left, not the leased items.
    let second = two.claim("w2", 5, 60.0).unwrap();
    assert_eq!(second.iter().map(|c| c.seq).collect::<Vec<_>>(), [3]);
    assert!(two.claim("w2", 5, 60.0).unwrap().is_empty());

    // w1 stalls past its lease: w2 takes its items over, and w1's late result is dropped.
    std::thread::sleep(std::time::Duration::from_millis(700));
    let taken = two.claim("w2", 5, 60.0).unwrap();
    assert_eq!(taken.iter().map(|c| c.seq).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(taken[0].attempts, 2);
    let QueueItem::Article { article } = &first[0].item else {
        panic!("an article item")
    };
    let result = |seq: i64, article| vec![(seq, article, "{}".to_string())];
    assert!(one
        .finish_analyses("w1", &result(1, article))
        .unwrap()
        .is_empty());
    assert_eq!(
        two.finish_analyses("w2", &result(1, article)).unwrap(),
        [1].into()
    );
    assert!(two
        .finish_analyses("w2", &result(1, article))
        .unwrap()
        .is_empty());

    // The leader reads the analysed prefix only: item 2 is still pending, so item 3 waits even when analysed.
    let QueueItem::Article { article: third } = &second[0].item else {
        panic!("an article item")
    };
    assert_eq!(
        two.finish_analyses("w2", &result(3, third)).unwrap(),
        [3].into()
    );
    let prefix: Vec<i64> = one
        .analyzed_prefix(10)
        .unwrap()
        .iter()
        .map(|a| a.seq)
        .collect();
    assert_eq!(prefix, [1]);
    assert_eq!(one.analyzed_ready(10).unwrap(), 1);
}

#[test]
fn one_leader_at_a_time_and_the_next_takes_over_when_its_session_ends() {
    let Some(url) = fresh_database("store", "leader") else {
        return;
    };
    let first = PostgresStore::connect(&url).unwrap();
    let second = PostgresStore::connect(&url).unwrap();
    assert!(first.try_lead().unwrap());
    assert!(!second.try_lead().unwrap());
    drop(first);
    // The server notices the closed session at once; allow it a moment.
    let mut led = false;
    for _ in 0..50 {
        if second.try_lead().unwrap() {
            led = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(led);
}

#[test]
fn the_storyline_index_follows_each_event_written_and_stories_go_stale_until_given() {
    let Some(url) = fresh_database("store", "story_index") else {
        return;
    };
    let with = |id: &str, date: &str, member: &str, names: &[&str], terms: &[&str]| {
        let mut event = event(id, Some(date), "Port Elsa", &[member]);
        event.participants = names
            .iter()
            .map(|name| storyline_model::Participant {
                name: (*name).into(),
                kind: EntityKind::Person,
            })
            .collect();
        event.terms = terms.iter().map(|t| (*t).to_string()).collect();
        event
    };
    let mut store = PostgresStore::connect(&url).unwrap();
    store
        .commit(&Batch {
            articles: vec![
                stored("a1", "One", "x", None),
                stored("a2", "Two", "y", None),
                stored("a10", "Ten", "z", None),
            ],
            events: vec![
                with(
                    "e1",
                    "2021-03-01",
                    "a1",
                    &["Ana Ruiz", "Bo Lind"],
                    &["strike", "port"],
                ),
                with("e2", "2021-03-05", "a2", &["ana  ruiz"], &["strike"]),
                // Same day as e2: byte order puts "E10" before "e2" whatever the server's locale.
                with("E10", "2021-03-05", "a10", &["Ana-Ruiz"], &["strike"]),
            ],
            ..Batch::default()
        })
        .unwrap();
    assert!(!store.stories_current().unwrap());
    let day = |date: &str| {
        storyline_stories::index_entries(&EventOutline {
            date: Some(date.into()),
            ..EventOutline::default()
        })
        .day
        .unwrap()
    };
    let after = store
        .story_neighbours("ana ruiz", day("2021-03-01"), "e1", true, 10)
        .unwrap();
    assert_eq!(
        after,
        [
            (day("2021-03-05"), "E10".to_string()),
            (day("2021-03-05"), "e2".to_string())
        ]
    );
    let before = store
        .story_neighbours("ana ruiz", day("2021-03-05"), "e2", false, 1)
        .unwrap();
    assert_eq!(before, [(day("2021-03-05"), "E10".to_string())]);
    let mut counts = store
        .term_counts(&["strike".into(), "port".into()])
        .unwrap();
    counts.sort();
    assert_eq!(counts, [("port".to_string(), 1), ("strike".to_string(), 3)]);
    assert_eq!(store.events_with_term("port").unwrap(), ["e1"]);
    assert_eq!(store.event_count().unwrap(), 3);
    store
        .commit(&Batch {
            stories: Some(Vec::new()),
            ..Batch::default()
        })
        .unwrap();
    assert!(store.stories_current().unwrap());
}
