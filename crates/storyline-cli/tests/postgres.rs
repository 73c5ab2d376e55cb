//! `storyline` on PostgreSQL against a real server: the same events as SQLite, export/import between backends,
//! the queue drained by workers, and the faults a fleet of workers meets (a worker killed mid-batch, the leader
//! killed, duplicate items, the database restarted under load).
//!
//! The server comes from `STORYLINE_TEST_PG` (a `postgres://` URL of a role that may create databases; `.ci/run`
//! starts one). Without it these tests say so and pass, except under CI, where they fail. The restart test also
//! needs `STORYLINE_TEST_PG_RESTART`, a shell command that restarts the server.

#[path = "../../storyline-store/tests/support/test_database.rs"]
mod test_database;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};
use test_database::fresh_database;

use serde_json::Value;

/// The restart test stops the server every other test uses: it runs alone (write), the others together (read).
static SERVER: std::sync::RwLock<()> = std::sync::RwLock::new(());

fn storyline() -> Command {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
}

fn run(args: &[&str]) -> Output {
    let output = storyline().args(args).output().expect("storyline runs");
    assert!(
        output.status.success(),
        "storyline {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/news")
}

fn sql(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).unwrap()
}

/// A corpus of invented articles about `events` invented happenings, `per_event` reports each, as JSON lines.
fn corpus(dir: &Path, events: usize, per_event: usize) -> PathBuf {
    let towns = [
        "Arlenford",
        "Brisk Hollow",
        "Cadmere",
        "Dunwell",
        "Eskarth",
        "Fallowmere",
        "Glenbury",
        "Harrowgate",
        "Istrecht",
        "Juniper Bay",
        "Kelloway",
        "Lornhaven",
        "Mossgiel",
        "Norbridge",
        "Oakhurst",
        "Pellham",
    ];
    let happenings = [
        (
            "flood",
            "river burst its banks and flooded the lower streets",
        ),
        ("strike", "bus drivers walked out over unpaid overtime"),
        ("fire", "a warehouse fire sent smoke over the harbour"),
        ("election", "voters chose a new mayor after a close count"),
        (
            "bridge",
            "engineers closed the old bridge after finding cracks",
        ),
        (
            "festival",
            "a music festival drew record crowds to the park",
        ),
    ];
    let mut lines = String::new();
    for event in 0..events {
        let town = towns[event % towns.len()];
        let (what, detail) = happenings[(event / towns.len()) % happenings.len()];
        let day = 1 + event % 27;
        for report in 0..per_event {
            let id = format!("e{event:03}-r{report}");
            let title = format!("{town} {what}: report {report} from the scene");
            let text = format!(
                "In {town}, the {detail} on Tuesday. Officials in {town} said the {what} was the worst in a decade. \
                 Resident number {report} told reporters the {what} changed daily life in {town}. \
                 The regional council of {town} promised help after the {what}, report {report} adds."
            );
            let line = serde_json::json!({
                "id": id, "title": title, "text": text, "outlet": format!("Outlet {}", report % 3),
                "published": format!("2024-05-{day:02}T{:02}:00:00Z", 6 + report),
            });
            lines.push_str(&line.to_string());
            lines.push('\n');
        }
    }
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, lines).unwrap();
    path
}

fn events_json(db: &str) -> String {
    String::from_utf8(run(&["events", "--db", db, "--json"]).stdout).unwrap()
}

fn export(db: &str) -> Vec<u8> {
    run(&["export", "--db", db]).stdout
}

fn worker(db: &str, extra: &[&str]) -> Child {
    storyline()
        .args(["worker", "--db", db, "--poll", "0.05"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("a worker starts")
}

fn finish(child: Child) -> Value {
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "worker failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the worker's summary")
}

fn wait_until(what: &str, timeout: Duration, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(
            started.elapsed() < timeout,
            "timed out waiting until {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn count(client: &mut postgres::Client, query: &str) -> i64 {
    client.query_one(query, &[]).unwrap().get(0)
}

/// What must hold after the workers drained the queue: every item done once, every new article stored once
/// and listed by exactly one event.
fn assert_everything_stored_once(url: &str, articles: usize) {
    let mut client = sql(url);
    assert_eq!(
        count(
            &mut client,
            "SELECT COUNT(*) FROM queue WHERE status <> 'done'"
        ),
        0
    );
    assert_eq!(
        count(&mut client, "SELECT COUNT(*) FROM articles") as usize,
        articles
    );
    let events: Value = serde_json::from_str(&events_json(url)).unwrap();
    let mut listed = BTreeMap::new();
    for event in events["events"].as_array().unwrap() {
        for member in event["articles"].as_array().unwrap() {
            let id = member["id"].as_str().unwrap().to_string();
            *listed.entry(id).or_insert(0) += 1;
        }
    }
    assert_eq!(listed.len(), articles, "every article is in an event");
    assert!(
        listed.values().all(|&n| n == 1),
        "no article is in two events"
    );
    assert_eq!(
        count(
            &mut client,
            "SELECT COUNT(*) FROM articles WHERE event_id IS NULL"
        ),
        0
    );
}

#[test]
fn the_same_input_gives_the_same_events_and_export_on_both_backends() {
    let _shared = SERVER.read().unwrap_or_else(|e| e.into_inner());
    let Some(url) = fresh_database("cli", "same_events") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("s.db");
    let sqlite = sqlite.to_str().unwrap();
    let news = examples();
    for db in [sqlite, url.as_str()] {
        run(&["ingest", news.to_str().unwrap(), "--db", db, "--batch", "4"]);
    }
    let events = events_json(sqlite);
    assert!(events.matches("\"id\"").count() > 5, "{events}");
    assert_eq!(events_json(&url), events);
    assert_eq!(export(&url), export(sqlite));
    // Every command that takes --db reads the server.
    let first: Value = serde_json::from_str(&events).unwrap();
    let event_id = first["events"][0]["id"].as_str().unwrap();
    for db in [sqlite, url.as_str()] {
        let shown: Value =
            serde_json::from_slice(&run(&["show", event_id, "--db", db, "--json"]).stdout).unwrap();
        assert_eq!(shown["events"][0]["id"], event_id);
        let hits: Value =
            serde_json::from_slice(&run(&["search", "quake", "--db", db, "--json"]).stdout)
                .unwrap();
        assert!(!hits["hits"].as_array().unwrap().is_empty());
    }
}

#[test]
fn export_and_import_move_a_store_between_backends_losslessly() {
    let _shared = SERVER.read().unwrap_or_else(|e| e.into_inner());
    let Some(url) = fresh_database("cli", "round_trip") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.db");
    let first = first.to_str().unwrap();
    let news = examples();
    run(&["ingest", news.to_str().unwrap(), "--db", first]);
    let original = export(first);
    let file = dir.path().join("store.jsonl");
    std::fs::write(&file, &original).unwrap();

    run(&["import", file.to_str().unwrap(), "--db", &url]);
    assert_eq!(export(&url), original);
    std::fs::write(&file, export(&url)).unwrap();
    let back = dir.path().join("back.db");
    let back = back.to_str().unwrap();
    run(&["import", file.to_str().unwrap(), "--db", back]);
    assert_eq!(export(back), original);
    assert_eq!(events_json(back), events_json(first));

    // The clusterer's state came along: ingesting more into the moved store equals ingesting it into the first.
    let more = dir.path().join("more");
    std::fs::create_dir(&more).unwrap();
    std::fs::write(
        more.join("late-quake-report.txt"),
        "Aftershocks rattle northern Chile again\n\nA strong aftershock shook La Serena on Thursday, days after the quake.",
    )
    .unwrap();
    for db in [first, url.as_str()] {
        run(&["ingest", more.to_str().unwrap(), "--db", db]);
    }
    assert_eq!(events_json(&url), events_json(first));

    // Importing into a store that has articles is refused.
    let refused = storyline()
        .args(["import", file.to_str().unwrap(), "--db", first])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not empty"));
}

#[test]
fn workers_drain_the_queue_into_the_events_a_single_ingest_makes() {
    let _shared = SERVER.read().unwrap_or_else(|e| e.into_inner());
    let Some(url) = fresh_database("cli", "workers") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 24, 4);
    let input = input.to_str().unwrap();
    let sqlite = dir.path().join("s.db");
    let sqlite = sqlite.to_str().unwrap();
    run(&["ingest", input, "--db", sqlite]);

    let queued: Value =
        serde_json::from_slice(&run(&["enqueue", input, "--db", &url, "--json"]).stdout).unwrap();
    assert_eq!(queued["queued"], 96);
    // The same input again, and the same content under another id: nothing new is stored.
    let again: Value =
        serde_json::from_slice(&run(&["enqueue", input, "--db", &url, "--json"]).stdout).unwrap();
    assert_eq!(again["queued"], 0);
    assert_eq!(again["already_queued"], 96);

    let workers: Vec<Child> = (0..2)
        .map(|_| worker(&url, &["--drain", "--claim", "8", "--cluster-batch", "16"]))
        .collect();
    let summaries: Vec<Value> = workers.into_iter().map(finish).collect();
    let analyzed: u64 = summaries
        .iter()
        .map(|s| s["analyzed"].as_u64().unwrap())
        .sum();
    let clustered: u64 = summaries
        .iter()
        .map(|s| s["clustered"].as_u64().unwrap())
        .sum();
    assert_eq!((analyzed, clustered), (96, 96), "{summaries:?}");

    assert_everything_stored_once(&url, 96);
    assert_eq!(events_json(&url), events_json(sqlite));
}

#[test]
fn a_worker_killed_mid_batch_leaves_its_items_to_others_and_each_is_done_once() {
    let _shared = SERVER.read().unwrap_or_else(|e| e.into_inner());
    let Some(url) = fresh_database("cli", "kill_worker") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 40, 5);
    run(&["enqueue", input.to_str().unwrap(), "--db", &url]);
    let mut client = sql(&url);
    // Its lease is short, so the test need not wait long for the items it held.
    let mut doomed = worker(&url, &["--claim", "100", "--lease", "1"]);
    wait_until("the worker holds a lease", Duration::from_secs(30), || {
        count(
            &mut client,
            "SELECT COUNT(*) FROM queue WHERE status = 'pending' AND lease_owner IS NOT NULL",
        ) > 0
    });
    doomed.kill().unwrap();
    doomed.wait().unwrap();
    let held = count(
        &mut client,
        "SELECT COUNT(*) FROM queue WHERE status = 'pending' AND lease_owner IS NOT NULL",
    );
    assert!(held > 0, "the worker died holding leased items");

    let summary = finish(worker(&url, &["--drain"]));
    assert!(summary["analyzed"].as_u64().unwrap() >= held as u64);
    // The dead worker's items were leased a second time.
    assert!(
        count(
            &mut client,
            "SELECT COUNT(*) FROM queue WHERE attempts >= 2"
        ) >= held
    );
    assert_everything_stored_once(&url, 200);
}

#[test]
fn when_the_leader_dies_another_worker_takes_over_and_nothing_is_lost_or_doubled() {
    let _shared = SERVER.read().unwrap_or_else(|e| e.into_inner());
    let Some(url) = fresh_database("cli", "kill_leader") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 48, 5);
    let input = input.to_str().unwrap();
    let sqlite = dir.path().join("s.db");
    let sqlite = sqlite.to_str().unwrap();
    run(&["ingest", input, "--db", sqlite]);
    run(&["enqueue", input, "--db", &url]);
    let mut client = sql(&url);

    let mut leader = worker(&url, &["--claim", "10", "--cluster-batch", "10"]);
    wait_until(
        "the leader has stored some articles",
        Duration::from_secs(60),
        || {
            count(
                &mut client,
                "SELECT COUNT(*) FROM queue WHERE status = 'done'",
            ) > 0
        },
    );
    let follower = worker(&url, &["--drain", "--claim", "10", "--cluster-batch", "10"]);
    leader.kill().unwrap();
    leader.wait().unwrap();
    let done_at_kill = count(
        &mut client,
        "SELECT COUNT(*) FROM queue WHERE status = 'done'",
    );
    assert!(done_at_kill < 240, "the leader died before finishing");

    let summary = finish(follower);
    assert!(summary["led"].as_u64().unwrap() >= 1, "{summary}");
    assert!(summary["clustered"].as_u64().unwrap() > 0);
    assert_everything_stored_once(&url, 240);
    // Clustering resumed from the state the dead leader last committed: the events are those of one ingest.
    assert_eq!(events_json(&url), events_json(sqlite));
}

#[test]
fn workers_reconnect_when_the_database_restarts_under_load() {
    let Ok(restart) = std::env::var("STORYLINE_TEST_PG_RESTART") else {
        eprintln!(
            "skipping: set STORYLINE_TEST_PG_RESTART to a command that restarts the test server"
        );
        return;
    };
    let _alone = SERVER.write().unwrap_or_else(|e| e.into_inner());
    let Some(url) = fresh_database("cli", "restart") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 60, 5);
    run(&["enqueue", input.to_str().unwrap(), "--db", &url]);
    let workers: Vec<Child> = (0..2)
        .map(|_| {
            worker(
                &url,
                &[
                    "--drain",
                    "--claim",
                    "10",
                    "--cluster-batch",
                    "10",
                    "--lease",
                    "5",
                ],
            )
        })
        .collect();
    let mut client = sql(&url);
    wait_until("some articles are stored", Duration::from_secs(60), || {
        count(
            &mut client,
            "SELECT COUNT(*) FROM queue WHERE status = 'done'",
        ) > 0
    });
    let status = Command::new("sh").args(["-c", &restart]).status().unwrap();
    assert!(status.success(), "the restart command failed");
    let summaries: Vec<Value> = workers.into_iter().map(finish).collect();
    let reconnects: u64 = summaries
        .iter()
        .map(|s| s["reconnects"].as_u64().unwrap())
        .sum();
    assert!(reconnects >= 1, "{summaries:?}");
    assert_everything_stored_once(&url, 300);
}

#[test]
fn watch_queues_new_feed_items_once_and_asks_with_validators() {
    let _shared = SERVER.read().unwrap_or_else(|e| e.into_inner());
    let Some(url) = fresh_database("cli", "watch") else {
        return;
    };
    let feed = |items: &[&str]| -> String {
        let items: String = items
            .iter()
            .map(|path| {
                format!("<item><title>Item {path}</title><link>http://news.example/{path}</link></item>")
            })
            .collect();
        format!(
            r#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>"#
        )
    };
    let polls = |server: &http_server::TestServer| -> Vec<Value> {
        let output = run(&["watch", &server.url("/feed.xml"), "--db", &url, "--once"]);
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    };
    let first_version = feed(&["a.html", "b.html"]);
    let server = http_server::TestServer::start(|_| {
        BTreeMap::from([(
            "/feed.xml".to_string(),
            http_server::Route::ok("application/rss+xml", first_version.clone())
                .with_header("ETag", "\"v1\""),
        )])
    });
    let first = polls(&server);
    assert_eq!(
        (first[0]["modified"].as_bool(), first[0]["queued"].as_u64()),
        (Some(true), Some(2))
    );
    // Polled again: the server sees the ETag and answers 304; nothing is queued.
    let second = polls(&server);
    assert_eq!(
        (
            second[0]["modified"].as_bool(),
            second[0]["queued"].as_u64()
        ),
        (Some(false), Some(0))
    );
    let seen = server.seen();
    assert_eq!(
        seen[1].headers.get("if-none-match").map(String::as_str),
        Some("\"v1\"")
    );
    drop(server);

    // A new version repeats b and adds c: only c is new.
    let second_version = feed(&["b.html", "c.html"]);
    let server = http_server::TestServer::start(|_| {
        BTreeMap::from([(
            "/feed.xml".to_string(),
            http_server::Route::ok("application/rss+xml", second_version.clone())
                .with_header("ETag", "\"v2\""),
        )])
    });
    let third = polls(&server);
    assert_eq!(third[0]["queued"].as_u64(), Some(1));
    let mut client = sql(&url);
    let keys: BTreeSet<String> = client
        .query("SELECT key FROM queue", &[])
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    let expected: BTreeSet<String> = ["a", "b", "c"]
        .iter()
        .map(|p| format!("url:http://news.example/{p}.html"))
        .collect();
    assert_eq!(keys, expected);
}

#[path = "../../storyline-fetch/tests/support/http_server.rs"]
mod http_server;
