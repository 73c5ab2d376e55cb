//! Fetching from a real HTTP server on 127.0.0.1: pages, RSS and Atom feeds, gzip, redirects, charsets,
//! failures and a timeout. The fixtures in `tests/fixtures` are invented pages.
//!
//! The client timeout is short so that the slow endpoint costs little; set `STORYLINE_TEST_TIMEOUT_MS` to
//! lengthen it on a loaded machine (the slow endpoint always waits four times as long).

#[path = "support/http_server.rs"]
mod http_server;

use http_server::{Route, TestServer};
use std::collections::BTreeMap;
use std::io::Write;
use std::time::Duration;
use storyline_extract::{Extracted, Limits};
use storyline_fetch::{fetch_articles, FetchConfig};
use storyline_model::Article;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn client_timeout() -> Duration {
    let millis = std::env::var("STORYLINE_TEST_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(700);
    Duration::from_millis(millis)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A page in windows-1252: "café", "Müller" and "naïve" are single bytes there and invalid as UTF-8.
fn latin1_page(head: &str, title: &str) -> Vec<u8> {
    let page = format!(
        "<!doctype html><html><head>{head}<title>{title}</title></head><body><article><h1>{title}</h1>\
         <p>The café owned by Anna Müller on the quay reopened on Friday after a winter of renovation, with new \
         tables on the terrace and a longer menu of fish dishes for the summer.</p>\
         <p>Regulars said it would be naïve to expect the old prices, but most were glad to have their morning \
         coffee back by the water before the season's crowds arrive.</p>\
         <p>Müller said she had kept the original tiles and the brass counter, which her grandfather installed \
         when the café first opened its doors.</p></article></body></html>"
    );
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&page);
    assert!(!unmappable);
    bytes.into_owned()
}

/// The routes: two feeds, their pages and every kind of trouble.
fn routes(base: &str, slow: Duration) -> BTreeMap<String, Route> {
    let html = "text/html; charset=utf-8";
    let mut routes = BTreeMap::new();
    routes.insert(
        "/feed.xml".into(),
        Route::ok(
            "application/rss+xml",
            fixture("feed.xml").replace("{BASE}", base),
        ),
    );
    // Served with a generic XML type: the root element tells it is a feed.
    routes.insert(
        "/atom.xml".into(),
        Route::ok("text/xml", fixture("atom.xml").replace("{BASE}", base)),
    );
    routes.insert(
        "/pages/ferry.html".into(),
        Route::ok(html, fixture("ferry.html")),
    );
    routes.insert(
        "/pages/bridge.html".into(),
        Route::ok(html, fixture("bridge.html")),
    );
    routes.insert(
        "/pages/quake.html".into(),
        Route::ok(html, gzip(fixture("quake.html").as_bytes()))
            .with_header("Content-Encoding", "gzip"),
    );
    routes.insert("/old/market".into(), Route::redirect("/pages/market.html"));
    routes.insert(
        "/pages/market.html".into(),
        Route::ok("text/html", fixture("market.html")),
    );
    routes.insert(
        "/pages/cafe-header.html".into(),
        Route::ok(
            "text/html; charset=ISO-8859-1",
            latin1_page("", "Quay café reopens"),
        ),
    );
    routes.insert(
        "/pages/cafe-meta.html".into(),
        Route::ok(
            "text/html",
            latin1_page(
                "<meta charset=\"windows-1252\">",
                "Café on the quay reopens",
            ),
        ),
    );
    // The header outranks a meta that is wrong.
    routes.insert(
        "/pages/cafe-header-beats-meta.html".into(),
        Route::ok(
            "text/html; charset=windows-1252",
            latin1_page("<meta charset=\"utf-8\">", "The quay café is back"),
        ),
    );
    routes.insert(
        "/slow.html".into(),
        Route::ok(html, fixture("ferry.html")).delayed(slow),
    );
    routes.insert("/loop".into(), Route::redirect("/loop"));
    routes.insert(
        "/logo.png".into(),
        Route::ok("image/png", b"\x89PNG\r\n\x1a\n".to_vec()),
    );
    routes
}

struct Run {
    server: TestServer,
    out: Extracted,
}

impl Run {
    fn article(&self, path: &str) -> &Article {
        let url = self.server.url(path);
        self.out
            .articles
            .iter()
            .find(|a| a.id == url)
            .unwrap_or_else(|| panic!("no article {url}; errors: {:?}", self.out.errors))
    }

    /// The error lines as a user reads them, with the server's address shortened to `BASE`.
    fn error_lines(&self) -> Vec<String> {
        let base = self.server.url("");
        self.out
            .errors
            .iter()
            .map(|e| e.to_string().replace(&base, "BASE"))
            .collect()
    }
}

fn fetch(paths: &[&str]) -> Run {
    let timeout = client_timeout();
    let server = TestServer::start(|base| routes(base, timeout * 4));
    let urls: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
    let config = FetchConfig {
        timeout,
        connect_timeout: timeout,
        read_timeout: timeout,
        ..FetchConfig::default()
    };
    let out = fetch_articles(&urls, &config, Limits::default());
    Run { server, out }
}

#[test]
fn an_rss_feed_brings_in_its_items_pages() {
    let run = fetch(&["/feed.xml"]);

    let ferry = run.article("/pages/ferry.html");
    // The page's own title and date win over the item's.
    assert_eq!(
        ferry.title,
        "Ferry crews end week-long strike in Port Wendle"
    );
    assert_eq!(
        ferry.url.as_deref(),
        Some(run.server.url("/pages/ferry.html").as_str())
    );
    assert_eq!(
        ferry.published.map(|p| p.to_string()).as_deref(),
        Some("2024-04-02T08:15:00Z")
    );
    assert_eq!(ferry.outlet.as_deref(), Some("Harbour Gazette"));
    assert!(ferry
        .text
        .contains("accepted a revised offer from the Wendle Ferry Company"));
    assert!(!ferry.text.contains("All rights reserved"));

    // The bridge page has neither title nor date: the feed item's fill them.
    let bridge = run.article("/pages/bridge.html");
    assert_eq!(bridge.title, "Elm Street bridge reopens after repairs");
    assert_eq!(
        bridge.published.map(|p| p.to_string()).as_deref(),
        Some("2024-04-03T07:30:00Z")
    );
    assert!(bridge
        .text
        .starts_with("Traffic crossed the Elm Street bridge again"));
    assert_eq!(bridge.outlet.as_deref(), Some("127.0.0.1"));

    // Two articles (the repeated ferry item is fetched once), and the withdrawn item's line names it.
    assert_eq!(run.out.articles.len(), 2);
    assert_eq!(
        run.error_lines(),
        ["BASE/pages/withdrawn.html: HTTP 404 Not Found (an item of the feed BASE/feed.xml)"]
    );
    let ferry_requests = run
        .server
        .seen()
        .iter()
        .filter(|s| s.path == "/pages/ferry.html")
        .count();
    assert_eq!(ferry_requests, 1);
}

#[test]
fn an_atom_feed_resolves_relative_links_follows_redirects_and_unzips() {
    let run = fetch(&["/atom.xml"]);
    assert!(run.out.errors.is_empty(), "{:?}", run.error_lines());
    let ids: Vec<String> = run
        .out
        .articles
        .iter()
        .map(|a| a.id.replace(&run.server.url(""), ""))
        .collect();
    // Feed order, whatever order the pages arrived in.
    assert_eq!(
        ids,
        ["/pages/quake.html", "/old/market", "/pages/bridge.html"]
    );

    let quake = run.article("/pages/quake.html");
    assert_eq!(quake.title, "Aftershocks rattle the northern coast");
    assert!(quake.text.contains("more than forty tremors since Monday"));

    // The item's link is the article's url, though the page was served from where it redirected.
    let market = run.article("/old/market");
    assert_eq!(
        market.url.as_deref(),
        Some(run.server.url("/old/market").as_str())
    );
    assert_eq!(market.title, "Covered market to open on Sundays");
    assert_eq!(
        market.published.map(|p| p.to_string()).as_deref(),
        Some("2024-04-04T10:00:00Z")
    );
    assert!(market.text.contains("six-month trial"));
}

#[test]
fn the_header_charset_wins_then_the_meta_charset() {
    let run = fetch(&[
        "/pages/cafe-header.html",
        "/pages/cafe-meta.html",
        "/pages/cafe-header-beats-meta.html",
    ]);
    assert!(run.out.errors.is_empty(), "{:?}", run.error_lines());
    for (path, title) in [
        ("/pages/cafe-header.html", "Quay café reopens"),
        ("/pages/cafe-meta.html", "Café on the quay reopens"),
        (
            "/pages/cafe-header-beats-meta.html",
            "The quay café is back",
        ),
    ] {
        let article = run.article(path);
        assert_eq!(article.title, title, "{path}");
        assert!(
            article.text.contains("The café owned by Anna Müller"),
            "{path}: {}",
            article.text
        );
        assert!(article.text.contains("naïve"), "{path}");
        assert!(
            !article.text.contains('\u{FFFD}') && !article.text.contains('\u{FEFF}'),
            "{path}"
        );
    }
}

#[test]
fn failures_are_one_line_each_and_the_rest_goes_on() {
    let started = std::time::Instant::now();
    let run = fetch(&[
        "/slow.html",
        "/missing.html",
        "/loop",
        "/logo.png",
        "/pages/ferry.html",
        "/pages/ferry.html",
    ]);
    let lines = run.error_lines();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(
        lines[0].starts_with("BASE/slow.html: timed out") && lines[0].contains("--timeout"),
        "{lines:?}"
    );
    assert_eq!(lines[1], "BASE/missing.html: HTTP 404 Not Found");
    assert_eq!(lines[2], "BASE/loop: more than 5 redirects");
    assert_eq!(
        lines[3],
        "BASE/logo.png: unsupported content type image/png (expected an HTML page or an RSS/Atom feed)"
    );
    // A URL given twice is one article.
    assert_eq!(run.out.articles.len(), 1);
    assert_eq!(
        run.article("/pages/ferry.html").title,
        "Ferry crews end week-long strike in Port Wendle"
    );
    // The slow answer was abandoned, not awaited.
    assert!(
        started.elapsed() < client_timeout() * 3,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn requests_name_storyline_and_accept_gzip() {
    let run = fetch(&["/pages/ferry.html"]);
    let seen = run.server.seen();
    let headers = &seen[0].headers;
    let agent = headers
        .get("user-agent")
        .map(String::as_str)
        .unwrap_or_default();
    assert!(
        agent.starts_with(&format!("storyline/{} (", env!("CARGO_PKG_VERSION"))),
        "{agent}"
    );
    assert!(
        headers
            .get("accept-encoding")
            .is_some_and(|v| v.contains("gzip")),
        "{headers:?}"
    );
}

#[test]
fn a_body_over_the_limit_is_refused() {
    let timeout = client_timeout();
    let server = TestServer::start(|base| routes(base, timeout * 4));
    let config = FetchConfig {
        max_body_bytes: 100,
        timeout,
        ..FetchConfig::default()
    };
    let out = fetch_articles(
        &[server.url("/pages/ferry.html")],
        &config,
        Limits::default(),
    );
    assert!(out.articles.is_empty());
    assert!(
        out.errors[0].reason.contains("over the limit of 100 bytes"),
        "{:?}",
        out.errors
    );
}
