//! A tiny HTTP/1.1 server on 127.0.0.1 for tests: fixed routes, one thread a connection, `Connection: close`.
//! Shared by this crate's tests and the CLI's (through `#[path]`).
#![allow(dead_code)] // each test binary that includes this uses a different part of it

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// What the server answers on one path.
#[derive(Clone, Debug)]
pub struct Route {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Waited before answering, to trip a client's timeout.
    pub delay: Duration,
}

impl Route {
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Route {
        Route {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn status(status: u16) -> Route {
        Route {
            status,
            headers: vec![("Content-Type".into(), "text/plain".into())],
            body: format!("status {status}").into_bytes(),
            delay: Duration::ZERO,
        }
    }

    pub fn redirect(location: &str) -> Route {
        Route {
            status: 302,
            headers: vec![("Location".into(), location.into())],
            body: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Route {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn delayed(mut self, delay: Duration) -> Route {
        self.delay = delay;
        self
    }
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub path: String,
    pub headers: BTreeMap<String, String>,
}

/// A running server; dropping it stops accepting.
pub struct TestServer {
    address: SocketAddr,
    stopping: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

/// Requests a test may make before the server refuses more: keeps a runaway client bounded.
const MAX_CONNECTIONS: usize = 200;

impl TestServer {
    /// Serves the routes (path → answer; any other path is a 404) on a free port of 127.0.0.1. `routes` is
    /// given the server's base URL (`http://127.0.0.1:PORT`), for documents that link to it.
    pub fn start(routes: impl FnOnce(&str) -> BTreeMap<String, Route>) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port on 127.0.0.1");
        let address = listener.local_addr().expect("the bound address");
        let stopping = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let routes = Arc::new(routes(&format!("http://{address}")));
        let acceptor = {
            let stopping = Arc::clone(&stopping);
            let seen = Arc::clone(&seen);
            std::thread::spawn(move || {
                for stream in listener.incoming().take(MAX_CONNECTIONS) {
                    if stopping.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let routes = Arc::clone(&routes);
                    let seen = Arc::clone(&seen);
                    std::thread::spawn(move || answer(stream, &routes, &seen));
                }
            })
        };
        TestServer {
            address,
            stopping,
            acceptor: Some(acceptor),
            seen,
        }
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// The requests served so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("the request log").clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wake the acceptor so that it sees the flag.
        let _ = TcpStream::connect(self.address);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn answer(stream: TcpStream, routes: &BTreeMap<String, Route>, seen: &Mutex<Vec<Seen>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let mut headers = BTreeMap::new();
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line.trim().is_empty() => break,
            Ok(_) => {
                if let Some((name, value)) = line.split_once(':') {
                    headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
                }
            }
        }
    }
    if request_line.is_empty() {
        return;
    }
    let if_none_match = headers.get("if-none-match").cloned();
    seen.lock().expect("the request log").push(Seen {
        path: path.clone(),
        headers,
    });
    let mut route = routes
        .get(&path)
        .cloned()
        .unwrap_or_else(|| Route::status(404));
    // A conditional GET for the version the route serves: 304, no body.
    let etag = route
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("etag"))
        .map(|(_, value)| value.clone());
    if etag.is_some() && etag == if_none_match {
        route = Route {
            status: 304,
            headers: vec![("ETag".into(), etag.unwrap_or_default())],
            body: Vec::new(),
            delay: route.delay,
        };
    }
    std::thread::sleep(route.delay);
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        route.status,
        reason(route.status),
        route.body.len()
    );
    for (name, value) in &route.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = &stream;
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&route.body);
    let _ = stream.flush();
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Unknown",
    }
}
