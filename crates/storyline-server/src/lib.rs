//! `storyline serve`: the JSON HTTP API over the store, and the web UI that reads it.
//!
//! An I/O edge: it reads requests, runs store queries and the shared ingest ([`storyline_ingest`]) on blocking
//! threads, and writes JSON. Every response body is built by serde, so stored text (a title, a quote) is always a
//! JSON string, never markup. Every error is `{"error": {"status": N, "message": "…"}}`.
//!
//! SQLite connections are not `Sync`: readers take a connection from a small free list on a blocking thread; the
//! one writer is behind a mutex, because an ingest reads the clustering state and writes it back (two at once
//! would lose one's changes). WAL mode lets the readers run during a write.

mod annotate;
mod api;
mod cache;
mod error;
mod openapi;
mod ui;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};
use storyline_analyze::Analyzer;
use storyline_facts::Reader;
use storyline_store::Store;

/// A store connection of either backend.
type AnyStore = Box<dyn Store + Send>;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

pub use error::ApiError;

/// The largest request body accepted (a POST of many articles).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// How long a read request may take before it is answered with 503.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a POST may take: ingesting a full body of articles takes seconds.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(120);

/// What the server needs to start.
#[derive(Clone, Debug)]
pub struct Config {
    /// The store: a SQLite file (created when missing) or a `postgres://` URL.
    pub db: String,
    /// The bearer token POST requires; without one, POST is refused (403).
    pub token: Option<String>,
}

/// Shared by every request.
pub(crate) struct App {
    db: String,
    token: Option<String>,
    /// Idle read connections; a request takes one or opens one.
    readers: Mutex<Vec<AnyStore>>,
    /// Bounds the read connections (and the blocking threads reading) at once.
    read_permits: Semaphore,
    writer: Mutex<AnyStore>,
    /// Built once: event documents analyse their articles for the entity list.
    pub(crate) analyzer: Analyzer,
    /// Built once: an article's page reads its time expressions and quantities.
    pub(crate) reader: Reader,
    /// Recent answers of the listing and search routes; emptied by every write.
    pub(crate) answers: cache::AnswerCache,
}

impl App {
    fn open(config: Config) -> Result<Self> {
        // The writer opens first so that a new or old file is created and migrated before any reader.
        let writer = open_store(&config.db)?;
        let readers = std::thread::available_parallelism().map_or(4, |n| n.get() * 2);
        Ok(App {
            db: config.db,
            token: config.token,
            readers: Mutex::new(Vec::new()),
            read_permits: Semaphore::new(readers),
            writer: Mutex::new(writer),
            analyzer: Analyzer::new(),
            reader: Reader::new(),
            answers: cache::AnswerCache::default(),
        })
    }

    /// Runs a read on a blocking thread with a connection of its own.
    pub(crate) async fn read<T, F>(self: &Arc<Self>, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store, &App) -> Result<T, ApiError> + Send + 'static,
    {
        let _permit = self
            .read_permits
            .acquire()
            .await
            .map_err(|_| ApiError::internal("the server is shutting down"))?;
        let app = Arc::clone(self);
        blocking(move || {
            let idle = app.readers.lock().unwrap_or_else(|e| e.into_inner()).pop();
            let store = match idle {
                Some(store) => store,
                None => open_store(&app.db).map_err(|e| ApiError::internal(format!("{e:#}")))?,
            };
            let result = work(store.as_ref(), &app);
            // A connection whose work panicked is dropped with the panic, not reused.
            app.readers
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(store);
            result
        })
        .await
    }

    /// Runs a write on a blocking thread, one at a time.
    pub(crate) async fn write<T, F>(self: &Arc<Self>, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Store) -> Result<T, ApiError> + Send + 'static,
    {
        let app = Arc::clone(self);
        blocking(move || {
            // A panic inside an ingest rolled its transaction back: the store is still consistent.
            let mut store = app.writer.lock().unwrap_or_else(|e| e.into_inner());
            let result = work(store.as_mut());
            app.answers.invalidate();
            result
        })
        .await
    }

    pub(crate) fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| ApiError::internal("the request failed inside the server"))?
}

fn open_store(db: &str) -> Result<AnyStore> {
    storyline_store::open(db).with_context(|| format!("cannot open the store {db}"))
}

/// Serves the API on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    config: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    if config.token.as_deref().is_some_and(str::is_empty) {
        anyhow::bail!("the token is empty: give a non-empty --token or STORYLINE_TOKEN");
    }
    let app = Arc::new(tokio::task::spawn_blocking(move || App::open(config)).await??);
    let router = api::router(app);
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
        .context("serving")
}

/// `storyline serve`: binds `addr`, says where it listens on stderr, and serves until Ctrl-C.
pub fn run(addr: &str, config: Config) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let listener = TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let local: SocketAddr = listener.local_addr()?;
        eprintln!(
            "storyline: serving {} on http://{local}/ (the web UI; the API under /api/; POST {})",
            config.db,
            if config.token.is_some() {
                "needs the token"
            } else {
                "is disabled: no token"
            }
        );
        serve(listener, config, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
    })
}
