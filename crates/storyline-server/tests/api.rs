//! The real server on 127.0.0.1 (port 0), a small invented corpus POSTed with the token, every route called.

use std::collections::BTreeSet;
use std::net::SocketAddr;

use serde_json::{json, Value};
use storyline_server::{serve, Config, MAX_BODY_BYTES};

const TOKEN: &str = "test-token-5f2a";

struct Server {
    base: String,
    agent: ureq::Agent,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A server on its own runtime and thread, with a fresh store.
fn start(token: Option<&str>) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        db: dir.path().join("api.db").to_string_lossy().into_owned(),
        token: token.map(str::to_string),
    };
    let (addr_tx, addr_rx) = std::sync::mpsc::channel::<SocketAddr>();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            addr_tx.send(listener.local_addr().unwrap()).unwrap();
            serve(listener, config, async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
    });
    let addr = addr_rx.recv().unwrap();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    Server {
        base: format!("http://{addr}"),
        agent,
        stop: Some(stop),
        thread: Some(thread),
        _dir: dir,
    }
}

struct Reply {
    status: u16,
    content_type: String,
    nosniff: bool,
    body: Value,
}

fn reply(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    let mut response = response.unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let content_type = header("content-type");
    let nosniff = header("x-content-type-options") == "nosniff";
    let status = response.status().as_u16();
    let text = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_string()
        .unwrap();
    let body = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("not JSON ({e}), status {status}: {text:?}"));
    Reply {
        status,
        content_type,
        nosniff,
        body,
    }
}

impl Server {
    fn get(&self, path: &str) -> Reply {
        reply(self.agent.get(format!("{}{path}", self.base)).call())
    }

    fn post(&self, path: &str, token: Option<&str>, body: &[u8]) -> Reply {
        let mut request = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json");
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        reply(request.send(body))
    }

    /// GET, expecting 200.
    fn ok(&self, path: &str) -> Value {
        let reply = self.get(path);
        assert_eq!(reply.status, 200, "GET {path}: {}", reply.body);
        reply.body
    }

    fn ingest(&self, articles: &Value) -> Value {
        let reply = self.post(
            "/api/articles",
            Some(TOKEN),
            serde_json::to_vec(articles).unwrap().as_slice(),
        );
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.body
    }
}

fn assert_error(reply: &Reply, status: u16) {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert_eq!(reply.body["error"]["status"], status, "{}", reply.body);
    assert!(
        reply.body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{}",
        reply.body
    );
    assert!(reply.content_type.starts_with("application/json"));
}

const SCRIPT_TITLE: &str = "<script>alert('owned')</script> Harbour \"bridge\" & ferry";

/// Invented articles: a bridge closure reported by two outlets, a lighthouse reopening by two others, and one
/// with a hostile title.
fn corpus() -> Value {
    json!([
        {"id": "bridge-1", "outlet": "Harbour Post", "published": "2024-03-05",
         "title": "Harbour bridge in Port Elsa closed after cargo ship strikes pillar",
         "text": "The harbour bridge in Port Elsa was closed on 5 March 2024 after the cargo ship Gull Wing struck a pillar. Mayor Mara Quill said engineers would inspect the bridge overnight. Ferries carried commuters across the harbour."},
        {"id": "bridge-2", "outlet": "Valley News", "published": "2024-03-05",
         "title": "Cargo ship hits Port Elsa harbour bridge, bridge closed",
         "text": "A cargo ship, the Gull Wing, hit a pillar of the Port Elsa harbour bridge on 5 March 2024 and the bridge was closed. Mayor Mara Quill said engineers would inspect the pillar. Commuters took ferries across the harbour."},
        {"id": "lighthouse-1", "outlet": "Coast Courier", "published": "2024-05-20",
         "title": "Cape Rowan lighthouse reopens to visitors after restoration",
         "text": "The Cape Rowan lighthouse reopened to visitors on 20 May 2024 after a two-year restoration. Keeper Ilse Brandt showed the restored lantern room to the first visitors. The lighthouse keepers' cottage is now a museum."},
        {"id": "lighthouse-2", "outlet": "Island Gazette", "published": "2024-05-20",
         "title": "Restored Cape Rowan lighthouse welcomes visitors again",
         "text": "Visitors climbed the Cape Rowan lighthouse on 20 May 2024 for the first time since its restoration began. Keeper Ilse Brandt said the lantern room had been restored. The keepers' cottage has become a museum."},
        {"id": "hostile-1", "outlet": "Night Desk", "published": "2024-07-01",
         "title": SCRIPT_TITLE,
         "text": "An orchestra in Vellmoor played an open-air concert on 1 July 2024 in the town square. Conductor Tomas Reyl led the orchestra through three symphonies before a crowd of thousands."}
    ])
}

fn event_of(server: &Server, article: &str) -> String {
    server.ok(&format!("/api/articles/{article}"))["event"]
        .as_str()
        .unwrap_or_else(|| panic!("{article} has no event"))
        .to_string()
}

fn event_ids(page: &Value) -> Vec<String> {
    page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

/// The ids of the events a listing returns, asking for all of them.
fn listed(server: &Server, query: &str) -> Vec<String> {
    let page = server.ok(&format!("/api/events?limit=200&{query}"));
    let ids = event_ids(&page);
    assert_eq!(page["total"], ids.len(), "{query}");
    ids
}

#[test]
fn the_api_serves_what_was_posted() {
    let server = start(Some(TOKEN));
    let summary = server.ingest(&corpus());
    assert_eq!(summary["read"], 5);
    assert_eq!(summary["stored"], 5);
    assert_eq!(summary["errors"], json!([]));
    // Processed like `ingest`: the same content again is not stored twice.
    let again = server.ingest(&corpus());
    assert_eq!(again["stored"], 0);
    assert_eq!(again["already_stored"], 5);
    assert_eq!(again["total_articles"], 5);
    // One object is accepted too.
    let single = server.ingest(&json!({"id": "late-1", "outlet": "Harbour Post", "published": "2024-03-06",
        "title": "Port Elsa harbour bridge to stay closed for a week",
        "text": "The Port Elsa harbour bridge, closed since the cargo ship Gull Wing struck it on 5 March 2024, will stay closed for a week, Mayor Mara Quill said."}));
    assert_eq!(single["stored"], 1);
    assert_eq!(single["total_articles"], 6);

    let bridge = event_of(&server, "bridge-1");
    let lighthouse = event_of(&server, "lighthouse-1");
    let concert = event_of(&server, "hostile-1");
    assert_eq!(event_of(&server, "bridge-2"), bridge);
    assert_eq!(event_of(&server, "lighthouse-2"), lighthouse);
    assert_ne!(bridge, lighthouse);

    // The whole list, in timeline order.
    let page = server.ok("/api/events");
    assert_eq!(page["offset"], 0);
    assert_eq!(page["limit"], 50);
    let all = event_ids(&page);
    assert_eq!(page["total"], all.len());
    let distinct: BTreeSet<&String> = all.iter().collect();
    assert_eq!(distinct.len(), all.len());
    for id in [&bridge, &lighthouse, &concert] {
        assert!(all.contains(id), "{id} missing from {all:?}");
    }
    let dates: Vec<Option<String>> = page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["date"].as_str().map(str::to_string))
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by_key(|d| (d.is_none(), d.clone()));
    assert_eq!(dates, sorted);

    // The listing gives summaries: counts instead of the members, facts and quotes, which the event's own
    // route gives in full.
    let listed_bridge = page["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == bridge.as_str())
        .unwrap();
    assert!(listed_bridge.get("articles").is_none() && listed_bridge.get("facts").is_none());
    let full = server.ok(&format!("/api/events/{bridge}"));
    let full_event = &full["events"][0];
    assert_eq!(
        listed_bridge["article_count"],
        full_event["articles"].as_array().unwrap().len()
    );
    assert_eq!(listed_bridge["title"], full_event["title"]);
    let place_names = |places: &Value| -> Vec<String> {
        places
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        place_names(&listed_bridge["places"]),
        place_names(&full_event["places"])
    );

    // Paging: the same order, a window of it, and the total of all matches.
    let second = server.ok("/api/events?offset=1&limit=1");
    assert_eq!(event_ids(&second), all[1..2]);
    assert_eq!(second["total"], all.len());
    assert_eq!(second["limit"], 1);
    assert_eq!(second["offset"], 1);

    // Date range: exactly the events whose date lies inside.
    let in_may: Vec<String> = page["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["date"]
                .as_str()
                .is_some_and(|d| ("2024-05-01"..="2024-05-31").contains(&d))
        })
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert!(in_may.contains(&lighthouse), "{}", page["events"]);
    assert_eq!(listed(&server, "from=2024-05-01&to=2024-05-31"), in_may);

    // Outlet (ASCII case does not matter) and text.
    assert_eq!(
        listed(&server, "outlet=coast%20courier"),
        std::slice::from_ref(&lighthouse)
    );
    assert_eq!(
        listed(&server, "outlet=Island+Gazette"),
        std::slice::from_ref(&lighthouse)
    );
    assert_eq!(
        listed(&server, "q=lighthouse"),
        std::slice::from_ref(&lighthouse)
    );
    assert_eq!(
        listed(&server, "q=cargo%20pillar"),
        std::slice::from_ref(&bridge)
    );
    assert_eq!(
        listed(&server, "q=lighthouse&outlet=Harbour%20Post"),
        Vec::<String>::new()
    );

    // Place and entity, from what the event itself lists.
    let document = server.ok(&format!("/api/events/{lighthouse}"));
    let event = &document["events"][0];
    assert_eq!(event["id"], lighthouse.as_str());
    let members: BTreeSet<&str> = document["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(members, BTreeSet::from(["lighthouse-1", "lighthouse-2"]));
    let place = event["places"][0]["name"]
        .as_str()
        .expect("the lighthouse event has a place");
    let by_place = listed(&server, &format!("place={}", place.replace(' ', "%20")));
    assert!(by_place.contains(&lighthouse), "{place}: {by_place:?}");
    assert!(!by_place.contains(&bridge), "{place}: {by_place:?}");
    let participant = event["participants"][0]["name"]
        .as_str()
        .expect("the lighthouse event has a participant");
    let entity = document["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == participant)
        .expect("the participant is among the document's entities");
    let by_entity_id = listed(
        &server,
        &format!("entity={}", entity["id"].as_str().unwrap()),
    );
    let by_entity_name = listed(
        &server,
        &format!("entity={}", participant.replace(' ', "%20")),
    );
    assert!(by_entity_id.contains(&lighthouse));
    assert!(!by_entity_id.contains(&bridge));
    assert_eq!(by_entity_id, by_entity_name);

    // Articles, and a hostile title that comes back as data: a JSON string, served as JSON, never sniffed.
    let article = server.get("/api/articles/hostile-1");
    assert_eq!(article.status, 200);
    assert!(article.content_type.starts_with("application/json"));
    assert!(article.nosniff);
    assert_eq!(article.body["article"]["title"], SCRIPT_TITLE);
    assert_eq!(article.body["event"], concert.as_str());
    let in_list = server.ok("/api/events?q=orchestra");
    assert_eq!(in_list["events"][0]["id"], concert.as_str());
    let in_search = server.ok("/api/search?q=orchestra");
    assert_eq!(in_search["hits"][0]["title"], SCRIPT_TITLE);

    // Search: best first, with the event of each hit.
    let search = server.ok("/api/search?q=lighthouse%20restoration&limit=5");
    assert_eq!(search["query"], "lighthouse restoration");
    let hits = search["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for hit in hits {
        assert_eq!(hit["event"], lighthouse.as_str());
        assert!(hit["article"].as_str().unwrap().starts_with("lighthouse-"));
    }
    assert_eq!(
        server.ok("/api/search?q=bridge&limit=1")["hits"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Annotations: code point spans of the stored text, each with a kind and a label.
    let view = server.ok("/api/articles/bridge-1");
    let text: Vec<char> = view["article"]["text"].as_str().unwrap().chars().collect();
    let spans: Vec<(String, String, String)> = view["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let (start, end) = (
                a["start"].as_u64().unwrap() as usize,
                a["end"].as_u64().unwrap() as usize,
            );
            assert!(start < end && end <= text.len(), "{a}");
            (
                text[start..end].iter().collect(),
                a["kind"].as_str().unwrap().to_string(),
                a["label"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let has = |span: &str, kind: &str, label: &str| {
        spans
            .iter()
            .any(|(s, k, l)| s == span && k == kind && l == label)
    };
    assert!(has("5 March 2024", "time", "DATE 2024-03-05"), "{spans:?}");
    assert!(has("Mara Quill", "person", "Mara Quill"), "{spans:?}");
    assert!(
        spans
            .iter()
            .any(|(s, k, _)| s == "Port Elsa" && k == "place"),
        "{spans:?}"
    );

    // Unknown ids.
    assert_error(&server.get("/api/events/no-such-event"), 404);
    assert_error(&server.get("/api/articles/no-such-article"), 404);
}

#[test]
fn stories_link_the_closure_and_the_reopening_of_the_bridge() {
    let server = start(Some(TOKEN));
    assert_eq!(server.ok("/api/stories"), json!({ "stories": [] }));
    server.ingest(&corpus());
    let reopening = json!([
        {"id": "reopen-1", "outlet": "Harbour Post", "published": "2024-06-18",
         "title": "Port Elsa harbour bridge reopens after pillar repairs",
         "text": "The harbour bridge in Port Elsa reopened on 18 June 2024, three months after the cargo ship Gull Wing struck a pillar. Mayor Mara Quill said the repaired pillar had passed every inspection."},
        {"id": "reopen-2", "outlet": "Valley News", "published": "2024-06-18",
         "title": "Harbour bridge open again in Port Elsa",
         "text": "Traffic crossed the Port Elsa harbour bridge again on 18 June 2024. Mayor Mara Quill thanked the engineers who repaired the pillar."}
    ]);
    assert_eq!(server.ingest(&reopening)["stored"], 2);
    let closure = event_of(&server, "bridge-1");
    let reopened = event_of(&server, "reopen-1");
    assert_ne!(closure, reopened, "three months apart: two events");
    let stories = server.ok("/api/stories");
    let stories = stories["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1, "{stories:?}");
    assert_eq!(
        stories[0]["events"],
        json!([closure, reopened]),
        "in date order"
    );
    assert!(stories[0]["id"]
        .as_str()
        .is_some_and(|id| id.starts_with('s')));
    let lighthouse = event_of(&server, "lighthouse-1");
    assert!(!stories[0]["events"]
        .as_array()
        .unwrap()
        .contains(&json!(lighthouse)));
}

#[test]
fn bad_parameters_are_400_with_a_message() {
    let server = start(Some(TOKEN));
    for query in [
        "/api/events?limit=0",
        "/api/events?limit=201",
        "/api/events?limit=ten",
        "/api/events?offset=-1",
        "/api/events?from=2024-13-01",
        "/api/events?to=yesterday",
        "/api/events?from=2024-06-01&to=2024-05-01",
        "/api/events?colour=red",
        "/api/search",
        "/api/search?q=%20%20",
        "/api/search?q=bridge&limit=101",
        "/api/search?q=bridge&page=2",
    ] {
        let reply = server.get(query);
        assert_error(&reply, 400);
    }
    // Bad bodies.
    assert_error(
        &server.post("/api/articles", Some(TOKEN), b"{not json"),
        400,
    );
    assert_error(&server.post("/api/articles", Some(TOKEN), b"[]"), 400);
    assert_error(
        &server.post(
            "/api/articles",
            Some(TOKEN),
            br#"{"id": "x", "title": "no text"}"#,
        ),
        400,
    );
}

#[test]
fn posting_needs_the_token_and_a_configured_one() {
    let server = start(Some(TOKEN));
    let article =
        br#"{"id": "a", "title": "Quay repaired", "text": "The quay at Port Elsa was repaired."}"#;
    assert_error(&server.post("/api/articles", None, article), 401);
    assert_error(&server.post("/api/articles", Some("wrong"), article), 401);
    assert_error(
        &server.post("/api/articles", Some(&format!("{TOKEN}x")), article),
        401,
    );
    assert_eq!(
        server.ok("/api/events")["total"],
        0,
        "a refused POST stored nothing"
    );
    assert_eq!(
        server.post("/api/articles", Some(TOKEN), article).status,
        200
    );
    // The listing asked a moment ago is not answered from before the write.
    assert_eq!(server.ok("/api/events")["total"], 1);

    let closed = start(None);
    assert_error(&closed.post("/api/articles", Some(TOKEN), article), 403);
    assert_error(&closed.post("/api/articles", None, article), 403);
}

#[test]
fn a_body_over_the_limit_is_413() {
    let server = start(Some(TOKEN));
    let mut body = br#"[{"id": "big", "text": ""#.to_vec();
    body.resize(MAX_BODY_BYTES + 1024, b'a');
    body.extend_from_slice(br#""}]"#);
    assert_error(&server.post("/api/articles", Some(TOKEN), &body), 413);
    // The server still answers.
    assert_eq!(server.ok("/api/events")["total"], 0);
}

#[test]
fn unknown_routes_and_methods_are_json_errors() {
    let server = start(Some(TOKEN));
    for path in [
        "/index.html",
        "/assets/nope.js",
        "/assets/..%2FCargo.toml",
        "/assets/%2e%2e/src/lib.rs",
        "/events",
        "/api",
        "/api/storylines",
        "/api/events/a/b",
        "/../etc/passwd",
        "/api/%00",
    ] {
        assert_error(&server.get(path), 404);
    }
    let delete = reply(
        server
            .agent
            .delete(format!("{}/api/events", server.base))
            .call(),
    );
    assert_error(&delete, 405);
    assert_error(&server.post("/api/events", Some(TOKEN), b"{}"), 405);
    // Odd bytes in ids and parameters are data, never a crash.
    assert_error(&server.get("/api/events/%FF%FE"), 400);
    assert_error(&server.get("/api/articles/%3Cscript%3E"), 404);
    let long = "x".repeat(6000);
    assert_eq!(server.ok(&format!("/api/events?q={long}"))["total"], 0);
    assert_eq!(server.ok("/api/events?q=%22%2A%20NEAR%28a%29")["total"], 0);
    assert_eq!(server.ok("/api/openapi.json")["openapi"], "3.0.3");
}

/// The OpenAPI document and the router agree: every documented operation is served (it does not answer "no such
/// route" nor 405), and a route the document does not name is 404.
#[test]
fn every_documented_operation_is_served() {
    let server = start(Some(TOKEN));
    let doc = server.ok("/api/openapi.json");
    let paths = doc["paths"].as_object().unwrap();
    assert!(!paths.is_empty());
    for (path, item) in paths {
        let concrete = path.replace("{id}", "unknown-id");
        for method in item.as_object().unwrap().keys() {
            let reply = match method.as_str() {
                "get" => server.get(&concrete),
                "post" => server.post(&concrete, Some(TOKEN), b"[]"),
                other => panic!("undocumented method handling for {other}"),
            };
            assert_ne!(reply.status, 405, "{method} {path}");
            let message = reply.body["error"]["message"].as_str().unwrap_or_default();
            assert!(
                !message.starts_with("no such route"),
                "{method} {path}: {message}"
            );
        }
    }
}

/// A response read as text: the UI's pages and assets are not JSON.
fn raw(server: &Server, path: &str) -> (u16, ureq::http::HeaderMap, String) {
    let mut response = server
        .agent
        .get(format!("{}{path}", server.base))
        .call()
        .unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.body_mut().read_to_string().unwrap();
    (status, headers, body)
}

fn header<'h>(headers: &'h ureq::http::HeaderMap, name: &str) -> &'h str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The UI is served from the binary: every page address answers the page under a policy that allows only this
/// server's own scripts, and every asset the page names is served with its type.
#[test]
fn the_ui_is_served_with_a_policy_that_allows_only_its_own_scripts() {
    let server = start(None);
    let mut page = String::new();
    for path in ["/", "/events/e1", "/articles/a%20b", "/stories", "/?q=x"] {
        let (status, headers, body) = raw(&server, path);
        assert_eq!(status, 200, "{path}");
        assert_eq!(header(&headers, "content-type"), "text/html; charset=utf-8");
        let policy = header(&headers, "content-security-policy");
        assert!(policy.contains("script-src 'self'"), "{policy}");
        assert!(policy.contains("default-src 'none'"), "{policy}");
        assert_eq!(header(&headers, "x-content-type-options"), "nosniff");
        page = body;
    }
    // Every asset the page names is served, with its type; the page has no inline script to allow.
    let named: Vec<&str> = page
        .split("\"/assets/")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    assert_eq!(named, ["style.css", "app.js"]);
    assert!(!page.contains("<script>"), "an inline script");
    for (name, content_type) in [
        ("app.js", "text/javascript; charset=utf-8"),
        ("dom.js", "text/javascript; charset=utf-8"),
        ("pages.js", "text/javascript; charset=utf-8"),
        ("style.css", "text/css; charset=utf-8"),
    ] {
        let (status, headers, body) = raw(&server, &format!("/assets/{name}"));
        assert_eq!(status, 200, "{name}");
        assert_eq!(header(&headers, "content-type"), content_type, "{name}");
        assert!(!body.is_empty());
        // Stored text only enters the page as text: no script parses markup from a string.
        for sink in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
        ] {
            assert!(!body.contains(sink), "{name} uses {sink}");
        }
    }
}
