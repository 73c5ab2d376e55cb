//! `storyline ingest` and `analyze` with http:// arguments, against a local server on 127.0.0.1 that serves an
//! RSS feed and its pages (the fixtures of storyline-fetch).

#[path = "../../storyline-fetch/tests/support/http_server.rs"]
mod http_server;

use http_server::{Route, TestServer};
use serde_json::Value;
use std::collections::BTreeMap;
use std::process::{Command, Output, Stdio};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../storyline-fetch/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The RSS feed of two pages and a withdrawn one (404).
fn feed_server() -> TestServer {
    TestServer::start(|base| {
        let html = "text/html; charset=utf-8";
        BTreeMap::from([
            (
                "/feed.xml".to_string(),
                Route::ok(
                    "application/rss+xml",
                    fixture("feed.xml").replace("{BASE}", base),
                ),
            ),
            (
                "/pages/ferry.html".to_string(),
                Route::ok(html, fixture("ferry.html")),
            ),
            (
                "/pages/bridge.html".to_string(),
                Route::ok(html, fixture("bridge.html")),
            ),
        ])
    })
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the storyline binary runs")
}

fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[test]
fn ingest_of_a_feed_url_stores_its_articles_and_names_the_failed_item() {
    let server = feed_server();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tmp.db");
    let db = db.to_str().unwrap();
    let feed = server.url("/feed.xml");

    let output = run(&["ingest", "--db", db, "--json", &feed]);
    assert!(output.status.success(), "{output:?}");
    let summary = json_of(&output);
    assert_eq!(summary["read"], 2);
    assert_eq!(summary["stored"], 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let withdrawn = server.url("/pages/withdrawn.html");
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [format!(
            "storyline: skipped {withdrawn}: HTTP 404 Not Found (an item of the feed {feed})"
        )]
    );

    // The stored articles are the feed's pages, under their links, titled by page or else by feed.
    let search = run(&["search", "--db", db, "--json", "bridge"]);
    let hits = json_of(&search)["hits"].as_array().unwrap().clone();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["article"], server.url("/pages/bridge.html"));
    assert_eq!(hits[0]["title"], "Elm Street bridge reopens after repairs");
    let search = run(&["search", "--db", db, "--json", "ferry strike"]);
    let hits = json_of(&search)["hits"].as_array().unwrap().clone();
    assert_eq!(hits[0]["article"], server.url("/pages/ferry.html"));
    assert_eq!(
        hits[0]["title"],
        "Ferry crews end week-long strike in Port Wendle"
    );

    // The same feed again: nothing new.
    let again = json_of(&run(&["ingest", "--db", db, "--json", &feed]));
    assert_eq!(again["stored"], 0);
    assert_eq!(again["already_stored"], 2);
}

#[test]
fn analyze_reads_urls_beside_files_and_fails_when_nothing_could_be_read() {
    let server = feed_server();
    let dir = tempfile::tempdir().unwrap();
    let note = dir.path().join("note.txt");
    std::fs::write(
        &note,
        "Lighthouse keeper retires\nThe keeper of the Cape Morrow light retired after forty years.",
    )
    .unwrap();
    let page = server.url("/pages/ferry.html");
    let output = run(&["analyze", "--json", note.to_str().unwrap(), &page]);
    assert!(output.status.success(), "{output:?}");
    let document = json_of(&output);
    let mut ids: Vec<&str> = document["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, [page.as_str(), "note"]);

    let missing = server.url("/nothing-here.html");
    let output = run(&["analyze", &missing]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("storyline: skipped {missing}: HTTP 404 Not Found")),
        "{stderr}"
    );
}

#[test]
fn a_bad_timeout_is_refused() {
    let output = run(&["analyze", "--timeout", "0", "http://127.0.0.1:9/"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--timeout"));
}
