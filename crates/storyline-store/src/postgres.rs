//! The PostgreSQL backend: the same [`Store`] on a server many processes share, plus the work queue that
//! `storyline worker` processes drain.
//!
//! Layout (the same tables and columns as the SQLite schema, so one export reads both; what differs and why):
//! - identifiers and dates are `COLLATE "C"`: byte order, as SQLite compares, so listings sort the same on both.
//! - `articles.search` is a stored `tsvector` (title weighted A, text D) with a GIN index, in place of FTS5.
//!   The `simple` configuration lower-cases and does not stem, as FTS5's `unicode61` does; it does not fold
//!   diacritics (that needs the `unaccent` extension, which a plain server may lack).
//! - case-insensitive lookups use `lower(x COLLATE "C")`, which folds ASCII letters only, like SQLite's NOCASE.
//! - `queue`: items waiting to be analysed and clustered (see [`PostgresStore::claim`]).
//! - `storyline_migrations`: one row per applied migration (SQLite keeps its version in `PRAGMA user_version`).
//!
//! Writers serialise on a transaction-level advisory lock, so two `storyline ingest` runs against one server
//! cannot interleave their batches (each reads the clusterer's state and writes it back).

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Transaction};
use serde::{Deserialize, Serialize};
use storyline_model::{Article, Entity, Event, EventOutline, Published, Story};

use crate::{
    checked_record, current_event_record, published_text, summary_of_record, summary_record, Batch,
    EventQuery, EventSummaryPage, Result, SearchHit, Store, StoreError, StoredArticle,
    SEARCH_CANDIDATES,
};

/// Schema migrations, in order: entry `i` takes a database from version `i` to version `i + 1`. Never edit a
/// released entry; append a new one instead.
const MIGRATIONS: &[&str] = &[
    // Version 1: the store (SQLite versions 1 and 2 in one step).
    r#"
    CREATE TABLE events (
        id            TEXT COLLATE "C" PRIMARY KEY,
        date          TEXT COLLATE "C",
        title         TEXT NOT NULL,
        article_count BIGINT NOT NULL,
        record        TEXT NOT NULL
    );
    CREATE INDEX events_by_timeline ON events ((date IS NULL), date, id);

    CREATE TABLE articles (
        id           TEXT COLLATE "C" PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        title        TEXT NOT NULL,
        outlet       TEXT COLLATE "C",
        url          TEXT,
        published    TEXT,
        language     TEXT,
        text         TEXT NOT NULL,
        event_id     TEXT COLLATE "C" REFERENCES events (id),
        inserted_seq BIGINT NOT NULL UNIQUE,
        search       tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', text), 'D')
        ) STORED
    );
    CREATE INDEX articles_by_event ON articles (event_id);
    CREATE INDEX articles_by_outlet ON articles (lower(outlet), event_id);
    CREATE INDEX articles_search ON articles USING GIN (search);

    CREATE TABLE entities (
        id     TEXT COLLATE "C" PRIMARY KEY,
        name   TEXT NOT NULL,
        kind   TEXT NOT NULL,
        record TEXT NOT NULL
    );

    CREATE TABLE state (
        key   TEXT PRIMARY KEY,
        value BYTEA NOT NULL
    );

    CREATE TABLE event_names (
        event_id TEXT COLLATE "C" NOT NULL REFERENCES events (id),
        kind     TEXT NOT NULL,
        name     TEXT COLLATE "C" NOT NULL
    );
    CREATE UNIQUE INDEX event_names_key ON event_names (lower(name), kind, event_id);
    CREATE INDEX event_names_by_event ON event_names (event_id);
    "#,
    // Version 2: the work queue of `storyline worker`.
    r#"
    CREATE TABLE queue (
        seq           BIGSERIAL PRIMARY KEY,
        -- What makes an item the same item: the content hash of an article, or the URL of a page to fetch.
        key           TEXT NOT NULL UNIQUE,
        payload       TEXT NOT NULL,
        status        TEXT NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'analyzed', 'done', 'failed')),
        lease_owner   TEXT,
        lease_expires TIMESTAMPTZ,
        attempts      INTEGER NOT NULL DEFAULT 0,
        -- Filled by the worker that analysed the item: the article (language found) and its analysis.
        article_id    TEXT COLLATE "C",
        article       TEXT,
        analysis      TEXT,
        analyzed_by   TEXT,
        note          TEXT,
        enqueued_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
        finished_at   TIMESTAMPTZ
    );
    CREATE INDEX queue_pending ON queue (seq) WHERE status = 'pending';
    CREATE INDEX queue_analyzed ON queue (seq) WHERE status = 'analyzed';
    CREATE INDEX queue_by_article ON queue (article_id) WHERE article_id IS NOT NULL;

    -- Feeds `storyline watch` polls, with the validators of the version last read.
    CREATE TABLE feeds (
        url           TEXT PRIMARY KEY,
        etag          TEXT,
        last_modified TEXT,
        checked_at    TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    "#,
    // Version 3: storylines, replaced as a whole when a batch recomputes them (SQLite version 3).
    r#"
    CREATE TABLE stories (
        position BIGINT PRIMARY KEY,
        id       TEXT COLLATE "C" NOT NULL UNIQUE,
        title    TEXT NOT NULL,
        record   TEXT NOT NULL
    );
    "#,
    // Version 4: every event record rewritten in the current model's form, in Rust after this (SQLite
    // version 4; see `rewrite_event_records` there).
    "SELECT 1",
    // Version 5: each event's summary beside its full record, for the event listing; filled for stored events by
    // `fill_event_summaries` (SQLite version 5).
    "ALTER TABLE events ADD COLUMN summary TEXT NOT NULL DEFAULT ''",
    // Version 6: the storyline index (SQLite version 6), filled for stored events by `fill_story_index`.
    r#"
    CREATE TABLE story_keys (
        key      TEXT COLLATE "C" NOT NULL,
        day      BIGINT NOT NULL,
        event_id TEXT COLLATE "C" NOT NULL REFERENCES events (id),
        PRIMARY KEY (key, day, event_id)
    );
    CREATE INDEX story_keys_by_event ON story_keys (event_id);
    CREATE TABLE event_terms (
        term     TEXT COLLATE "C" NOT NULL,
        event_id TEXT COLLATE "C" NOT NULL REFERENCES events (id),
        PRIMARY KEY (term, event_id)
    );
    CREATE INDEX event_terms_by_event ON event_terms (event_id);
    "#,
];

/// The first version whose event records hold every field of the model.
const COMPLETE_EVENT_RECORDS: i32 = 4;

/// The first version that keeps event summaries.
const EVENT_SUMMARIES: i32 = 5;

/// The first version that keeps the storyline index.
const STORY_INDEX: i32 = 6;

/// Key of the mark a batch that changed events without relinking leaves in `state` (SQLite has the same).
const STALE_STORIES_KEY: &str = "stories_stale";

/// Key of the clusterer's state in the `state` table.
const CLUSTER_STATE_KEY: &str = "cluster";

/// Advisory lock keys (one namespace, two locks): schema migration, and batch commits.
const LOCK_NAMESPACE: i32 = 0x5354_4f52; // "STOR"
const MIGRATION_LOCK: i32 = 1;
const COMMIT_LOCK: i32 = 2;
/// Session-level lock held by the one worker that clusters (the leader).
const LEADER_LOCK: i32 = 3;

/// Title and text weights of the ranking, as `ts_rank` takes them ({D, C, B, A}; only D = text and A = title are
/// used): a term in the title counts five times one in the text, as in the SQLite store's BM25.
const RANK_WEIGHTS: [f32; 4] = [0.2, 0.0, 0.0, 1.0];
/// `ts_rank` normalisation 1: the rank is divided by 1 + log(document length), so long articles do not win on
/// length alone (BM25's length normalisation plays that part in SQLite).
const RANK_NORMALIZATION: i32 = 1;

/// Writes every stored event record again in the current model's form, so the event listing can pass records
/// through unparsed (the SQLite store explains why).
fn rewrite_event_records(tx: &mut Transaction<'_>) -> Result<()> {
    derive_event_column(tx, "record", current_event_record)
}

/// Writes the summary of every stored event beside its record (events stored before version 5 have none).
fn fill_event_summaries(tx: &mut Transaction<'_>) -> Result<()> {
    derive_event_column(tx, "summary", summary_of_record)
}

/// Files every stored event in the storyline index (events stored before version 6 are not).
fn fill_story_index(tx: &mut Transaction<'_>) -> Result<()> {
    let mut outlines: Vec<EventOutline> = Vec::new();
    for row in &tx.query("SELECT id, record FROM events", &[])? {
        let id: &str = row.get(0);
        outlines.push(
            serde_json::from_str(row.get(1))
                .map_err(|err| StoreError::Invalid(format!("event {id}: stored record: {err}")))?,
        );
    }
    let ids: Vec<&str> = outlines.iter().map(|e| e.id.as_str()).collect();
    file_in_story_index(tx, &ids, &outlines)?;
    // The stored stories become what the current linker makes of the stored events (SQLite explains why).
    write_stories(tx, &storyline_stories::link_stories(&outlines))
}

/// Replaces the rows of these events (each id with its outline) in the storyline index.
fn file_in_story_index(
    tx: &mut Transaction<'_>,
    ids: &[&str],
    outlines: &[EventOutline],
) -> Result<()> {
    tx.execute("DELETE FROM story_keys WHERE event_id = ANY($1)", &[&ids])?;
    tx.execute("DELETE FROM event_terms WHERE event_id = ANY($1)", &[&ids])?;
    let (mut keys, mut days, mut key_events) = (Vec::new(), Vec::new(), Vec::new());
    let (mut terms, mut term_events) = (Vec::new(), Vec::new());
    for outline in outlines {
        let entries = storyline_stories::index_entries(outline);
        if let Some(day) = entries.day {
            for key in entries.keys {
                keys.push(key);
                days.push(day);
                key_events.push(outline.id.as_str());
            }
        }
        for term in entries.terms {
            terms.push(term);
            term_events.push(outline.id.as_str());
        }
    }
    tx.execute(
        "INSERT INTO story_keys (key, day, event_id)
         SELECT * FROM UNNEST($1::TEXT[], $2::BIGINT[], $3::TEXT[])",
        &[&keys, &days, &key_events],
    )?;
    tx.execute(
        "INSERT INTO event_terms (term, event_id) SELECT * FROM UNNEST($1::TEXT[], $2::TEXT[])",
        &[&terms, &term_events],
    )?;
    Ok(())
}

/// Sets `column` of every stored event to what `derive` makes of the event's id and record.
fn derive_event_column(
    tx: &mut Transaction<'_>,
    column: &str,
    derive: fn(&str, &str) -> Result<String>,
) -> Result<()> {
    let stored = tx.query("SELECT id, record FROM events", &[])?;
    let update = tx.prepare(&format!("UPDATE events SET {column} = $2 WHERE id = $1"))?;
    for row in &stored {
        let id: &str = row.get(0);
        let value = derive(id, row.get(1))?;
        tx.execute(&update, &[&id, &value])?;
    }
    Ok(())
}

/// Whether a `--db` value names a PostgreSQL server rather than a SQLite file.
pub fn is_postgres_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// The PostgreSQL store. One connection; open one store per thread.
pub struct PostgresStore {
    // The sync client needs `&mut` even to read; the trait's readers take `&self`.
    client: RefCell<Client>,
}

/// What the queue holds: an article read already, or a page to fetch (a feed's item).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QueueItem {
    Article {
        article: Article,
    },
    Page {
        url: String,
        /// The feed item's title and publication time, which fill what the page lacks.
        title: Option<String>,
        published: Option<String>,
    },
}

impl QueueItem {
    /// The key two copies of one item share: an article's content hash, or a page's URL.
    pub fn key(&self, content_hash: impl FnOnce(&Article) -> String) -> String {
        match self {
            QueueItem::Article { article } => format!("hash:{}", content_hash(article)),
            QueueItem::Page { url, .. } => format!("url:{url}"),
        }
    }
}

/// An item a worker leased.
#[derive(Clone, Debug)]
pub struct Claimed {
    pub seq: i64,
    pub item: QueueItem,
    pub attempts: i32,
}

/// An analysed item, ready for the leader.
#[derive(Clone, Debug)]
pub struct Analyzed {
    pub seq: i64,
    pub article: Article,
    /// The analysis as the worker serialised it.
    pub analysis: String,
}

/// How many items are in each state.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct QueueCounts {
    pub pending: u64,
    pub analyzed: u64,
    pub done: u64,
    pub failed: u64,
}

impl PostgresStore {
    /// The first column of every row `sql` returns, each a JSON record, parsed as the rows arrive: no copy of
    /// every record's text is held at once.
    fn records<T: serde::de::DeserializeOwned>(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<T>> {
        let mut client = self.client.borrow_mut();
        let mut rows = client.query_raw(sql, params.iter().copied())?;
        let mut records = Vec::new();
        while let Some(row) = rows.next()? {
            records.push(serde_json::from_str(row.get::<_, &str>(0))?);
        }
        Ok(records)
    }

    /// Connects to `url` (`postgres://user@host:port/db`) and brings the schema up to date.
    pub fn connect(url: &str) -> Result<Self> {
        let client = Client::connect(url, NoTls)?;
        let store = PostgresStore {
            client: RefCell::new(client),
        };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&self) -> Result<()> {
        let mut client = self.client.borrow_mut();
        let mut tx = client.transaction()?;
        // Two processes starting on a fresh database: one migrates, the other waits and then finds it done.
        tx.execute(
            "SELECT pg_advisory_xact_lock($1, $2)",
            &[&LOCK_NAMESPACE, &MIGRATION_LOCK],
        )?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS storyline_migrations (
                 version    INTEGER PRIMARY KEY,
                 applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
             )",
        )?;
        let version: i32 = tx
            .query_one(
                "SELECT COALESCE(MAX(version), 0) FROM storyline_migrations",
                &[],
            )?
            .get(0);
        let known = MIGRATIONS.len() as i32;
        if version > known {
            return Err(StoreError::Invalid(format!(
                "the database has schema version {version}, but this storyline only knows versions up to \
                 {known}: it was written by a newer storyline (upgrade storyline to open it)"
            )));
        }
        for (index, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.batch_execute(migration)?;
            tx.execute(
                "INSERT INTO storyline_migrations (version) VALUES ($1)",
                &[&(index as i32 + 1)],
            )?;
        }
        if version < COMPLETE_EVENT_RECORDS {
            rewrite_event_records(&mut tx)?;
        }
        if version < EVENT_SUMMARIES {
            fill_event_summaries(&mut tx)?;
        }
        if version < STORY_INDEX {
            fill_story_index(&mut tx)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Whether the connection is gone (the server restarted or dropped it): open a new store then.
    pub fn is_closed(&self) -> bool {
        self.client.borrow().is_closed()
    }

    /// Adds items to the queue in the order given; an item whose key is queued already is skipped. Returns how
    /// many were new.
    pub fn enqueue(&self, items: &[(String, QueueItem)]) -> Result<usize> {
        let mut client = self.client.borrow_mut();
        let mut tx = client.transaction()?;
        let added = insert_items(&mut tx, items)?;
        tx.commit()?;
        Ok(added)
    }

    /// Leases up to `limit` pending items to `worker` for `lease_seconds`, oldest first. Items leased by others
    /// are skipped, not waited for; an item whose lease expired (its worker died) is pending again.
    pub fn claim(&self, worker: &str, limit: usize, lease_seconds: f64) -> Result<Vec<Claimed>> {
        let rows = self.client.borrow_mut().query(
            "UPDATE queue SET lease_owner = $1,
                    lease_expires = now() + make_interval(secs => $2),
                    attempts = attempts + 1
             WHERE seq IN (
                 SELECT seq FROM queue
                 WHERE status = 'pending' AND (lease_expires IS NULL OR lease_expires < now())
                 ORDER BY seq LIMIT $3
                 FOR UPDATE SKIP LOCKED)
             RETURNING seq, payload, attempts",
            &[&worker, &lease_seconds, &(limit as i64)],
        )?;
        let mut claimed = Vec::with_capacity(rows.len());
        for row in rows {
            let seq: i64 = row.get(0);
            let payload: String = row.get(1);
            let item = serde_json::from_str(&payload).map_err(|err| {
                StoreError::Invalid(format!("queue item {seq} is unreadable: {err}"))
            })?;
            claimed.push(Claimed {
                seq,
                item,
                attempts: row.get(2),
            });
        }
        claimed.sort_by_key(|c| c.seq);
        Ok(claimed)
    }

    /// Records a worker's analyses of items it leased, in one transaction: each entry is the item's sequence
    /// number, its article and the serialised analysis. Returns the sequence numbers kept; an item whose lease
    /// was lost (it expired and another worker took it) is not among them and its result is dropped, so every
    /// item is analysed into the queue once.
    pub fn finish_analyses(
        &self,
        worker: &str,
        results: &[(i64, &Article, String)],
    ) -> Result<HashSet<i64>> {
        if results.is_empty() {
            return Ok(HashSet::new());
        }
        let seqs: Vec<i64> = results.iter().map(|(seq, _, _)| *seq).collect();
        let ids: Vec<&str> = results.iter().map(|(_, a, _)| a.id.as_str()).collect();
        let articles = results
            .iter()
            .map(|(_, article, _)| serde_json::to_string(article))
            .collect::<std::result::Result<Vec<String>, _>>()?;
        let analyses: Vec<&str> = results.iter().map(|(_, _, a)| a.as_str()).collect();
        let rows = self.client.borrow_mut().query(
            "UPDATE queue SET status = 'analyzed', article_id = r.article_id, article = r.article,
                    analysis = r.analysis, analyzed_by = $1, lease_owner = NULL, lease_expires = NULL
             FROM UNNEST($2::BIGINT[], $3::TEXT[], $4::TEXT[], $5::TEXT[])
                  AS r (seq, article_id, article, analysis)
             WHERE queue.seq = r.seq AND queue.status = 'pending' AND queue.lease_owner = $1
             RETURNING queue.seq",
            &[&worker, &seqs, &ids, &articles, &analyses],
        )?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
    }

    /// Gives up on an item: after too many attempts, or when it cannot be processed at all (a page that does
    /// not fetch). `false` when the lease was lost.
    pub fn fail(&self, worker: &str, seq: i64, reason: &str) -> Result<bool> {
        let updated = self.client.borrow_mut().execute(
            "UPDATE queue SET status = 'failed', note = $3, lease_owner = NULL, lease_expires = NULL,
                    finished_at = now()
             WHERE seq = $2 AND status = 'pending' AND lease_owner = $1",
            &[&worker, &seq, &reason],
        )?;
        Ok(updated == 1)
    }

    /// Hands a leased item back (a transient failure): pending again, for any worker, at once.
    pub fn release(&self, worker: &str, seq: i64, reason: &str) -> Result<()> {
        self.client.borrow_mut().execute(
            "UPDATE queue SET note = $3, lease_owner = NULL, lease_expires = NULL
             WHERE seq = $2 AND status = 'pending' AND lease_owner = $1",
            &[&worker, &seq, &reason],
        )?;
        Ok(())
    }

    /// Tries to become the leader, the one worker that clusters. Held by this connection's session: it is
    /// released when the session ends, however it ends (exit, crash, network loss), and another worker takes it.
    pub fn try_lead(&self) -> Result<bool> {
        Ok(self
            .client
            .borrow_mut()
            .query_one(
                "SELECT pg_try_advisory_lock($1, $2)",
                &[&LOCK_NAMESPACE, &LEADER_LOCK],
            )?
            .get(0))
    }

    /// How many analysed items lead the queue, up to `limit`: what [`PostgresStore::analyzed_prefix`] would
    /// return, without reading the items.
    pub fn analyzed_ready(&self, limit: usize) -> Result<usize> {
        let ready: i64 = self
            .client
            .borrow_mut()
            .query_one(
                "SELECT COUNT(*) FROM (
                     SELECT 1 FROM queue
                     WHERE status = 'analyzed'
                       AND seq < COALESCE((SELECT MIN(seq) FROM queue WHERE status = 'pending'),
                                          9223372036854775807)
                     ORDER BY seq LIMIT $1) AS ready",
                &[&(limit as i64)],
            )?
            .get(0);
        Ok(ready as usize)
    }

    /// Up to `limit` analysed items in queue order, stopping before the first item that is still pending, so the
    /// clustering sees the items in the order they were queued whatever order the workers finished them in.
    pub fn analyzed_prefix(&self, limit: usize) -> Result<Vec<Analyzed>> {
        let rows = self.client.borrow_mut().query(
            "SELECT seq, article, analysis FROM queue
             WHERE status = 'analyzed'
               AND seq < COALESCE((SELECT MIN(seq) FROM queue WHERE status = 'pending'), 9223372036854775807)
             ORDER BY seq LIMIT $1",
            &[&(limit as i64)],
        )?;
        rows.iter()
            .map(|row| {
                let seq: i64 = row.get(0);
                let article: String = row.get(1);
                Ok(Analyzed {
                    seq,
                    article: serde_json::from_str(&article).map_err(|err| {
                        StoreError::Invalid(format!("queue item {seq}: stored article: {err}"))
                    })?,
                    analysis: row.get(2),
                })
            })
            .collect()
    }

    /// The analyses workers stored for these articles (by article id), for the members of events a batch
    /// touches; articles queued before the queue kept analyses are missing from the answer.
    pub fn stored_analyses(&self, article_ids: &[String]) -> Result<HashMap<String, String>> {
        if article_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let rows = self.client.borrow_mut().query(
            "SELECT article_id, analysis FROM queue
             WHERE article_id = ANY($1) AND status = 'done' AND analysis IS NOT NULL",
            &[&article_ids],
        )?;
        Ok(rows.iter().map(|row| (row.get(0), row.get(1))).collect())
    }

    /// The leader's commit: the batch, and the items it came from marked done (`skipped` ones with their reason),
    /// in one transaction. Either the articles are stored and their items done, or neither.
    pub fn commit_from_queue(
        &self,
        batch: &Batch,
        done: &[i64],
        skipped: &[(i64, String)],
    ) -> Result<()> {
        let mut client = self.client.borrow_mut();
        let mut tx = client.transaction()?;
        write_batch(&mut tx, batch)?;
        let seqs: Vec<i64> = done
            .iter()
            .copied()
            .chain(skipped.iter().map(|(seq, _)| *seq))
            .collect();
        let notes: Vec<Option<&str>> = done
            .iter()
            .map(|_| None)
            .chain(skipped.iter().map(|(_, reason)| Some(reason.as_str())))
            .collect();
        let finished: HashSet<i64> = tx
            .query(
                "UPDATE queue SET status = 'done', note = f.note, finished_at = now()
                 FROM UNNEST($1::BIGINT[], $2::TEXT[]) AS f (seq, note)
                 WHERE queue.seq = f.seq AND queue.status = 'analyzed'
                 RETURNING queue.seq",
                &[&seqs, &notes],
            )?
            .iter()
            .map(|row| row.get(0))
            .collect();
        if let Some(seq) = seqs.iter().find(|seq| !finished.contains(seq)) {
            return Err(StoreError::Invalid(format!(
                "queue item {seq} is not waiting for clustering any more (was it clustered by another leader?)"
            )));
        }
        tx.commit()?;
        Ok(())
    }

    /// The `ETag` and `Last-Modified` of the version of a feed last read, if it was read before.
    pub fn feed_validators(&self, url: &str) -> Result<(Option<String>, Option<String>)> {
        Ok(self
            .client
            .borrow_mut()
            .query_opt(
                "SELECT etag, last_modified FROM feeds WHERE url = $1",
                &[&url],
            )?
            .map_or((None, None), |row| (row.get(0), row.get(1))))
    }

    /// Queues a feed's items and remembers the version read, in one transaction: a watcher that dies between
    /// the two would otherwise skip the items next time (304) without having queued them. Returns how many
    /// items were new.
    pub fn enqueue_feed(
        &self,
        url: &str,
        etag: Option<&str>,
        last_modified: Option<&str>,
        items: &[(String, QueueItem)],
    ) -> Result<usize> {
        let mut client = self.client.borrow_mut();
        let mut tx = client.transaction()?;
        let added = insert_items(&mut tx, items)?;
        tx.execute(
            "INSERT INTO feeds (url, etag, last_modified) VALUES ($1, $2, $3)
             ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                checked_at = now()",
            &[&url, &etag, &last_modified],
        )?;
        tx.commit()?;
        Ok(added)
    }

    pub fn queue_counts(&self) -> Result<QueueCounts> {
        let rows = self
            .client
            .borrow_mut()
            .query("SELECT status, COUNT(*) FROM queue GROUP BY status", &[])?;
        let mut counts = QueueCounts::default();
        for row in rows {
            let status: String = row.get(0);
            let count = row.get::<_, i64>(1) as u64;
            match status.as_str() {
                "pending" => counts.pending = count,
                "analyzed" => counts.analyzed = count,
                "done" => counts.done = count,
                _ => counts.failed = count,
            }
        }
        Ok(counts)
    }
}

/// Queues items in order, skipping keys queued already; returns how many were new.
fn insert_items(tx: &mut Transaction<'_>, items: &[(String, QueueItem)]) -> Result<usize> {
    let insert = tx
        .prepare("INSERT INTO queue (key, payload) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")?;
    let mut added = 0;
    for (key, item) in items {
        added += tx.execute(&insert, &[key, &serde_json::to_string(item)?])? as usize;
    }
    Ok(added)
}

/// The articles of a batch, its events (with their names and members) and entities, and the clusterer state.
/// The caller commits.
fn write_batch(tx: &mut Transaction<'_>, batch: &Batch) -> Result<()> {
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, $2)",
        &[&LOCK_NAMESPACE, &COMMIT_LOCK],
    )?;
    // Each table is written with one statement over arrays (`UNNEST`), not a round trip per row: a leader's
    // batch holds hundreds of articles and the members of every event it touched.
    insert_articles(tx, &batch.articles)?;
    batch.check_ids()?;
    write_events(tx, &batch.events)?;

    let ids: Vec<&str> = batch.entities.iter().map(|e| e.id.as_str()).collect();
    let names: Vec<&str> = batch.entities.iter().map(|e| e.name.as_str()).collect();
    let kinds: Vec<&str> = batch.entities.iter().map(|e| e.kind.as_str()).collect();
    let records = batch
        .entities
        .iter()
        .map(serde_json::to_string)
        .collect::<std::result::Result<Vec<String>, _>>()?;
    tx.execute(
        "INSERT INTO entities (id, name, kind, record)
         SELECT * FROM UNNEST($1::TEXT[], $2::TEXT[], $3::TEXT[], $4::TEXT[])
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, record = excluded.record",
        &[&ids, &names, &kinds, &records],
    )?;

    // An empty state is "none" (a dump of a store that never clustered): nothing to write.
    if !batch.cluster_state.is_empty() {
        tx.execute(
            "INSERT INTO state (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&CLUSTER_STATE_KEY, &batch.cluster_state],
        )?;
    }

    match &batch.stories {
        Some(stories) => write_stories(tx, stories)?,
        // Events changed without relinking: the stored stories may no longer be theirs.
        None if !batch.events.is_empty() => {
            tx.execute(
                "INSERT INTO state (key, value) VALUES ($1, '') ON CONFLICT (key) DO NOTHING",
                &[&STALE_STORIES_KEY],
            )?;
        }
        None => {}
    }
    Ok(())
}

/// Replaces the stored stories, which are then the stories of the stored events.
fn write_stories(tx: &mut Transaction<'_>, stories: &[Story]) -> Result<()> {
    let positions: Vec<i64> = (0..stories.len() as i64).collect();
    let ids: Vec<&str> = stories.iter().map(|s| s.id.as_str()).collect();
    let titles: Vec<&str> = stories.iter().map(|s| s.title.as_str()).collect();
    let records = stories
        .iter()
        .map(serde_json::to_string)
        .collect::<std::result::Result<Vec<String>, _>>()?;
    tx.execute("DELETE FROM stories", &[])?;
    tx.execute(
        "INSERT INTO stories (position, id, title, record)
         SELECT * FROM UNNEST($1::BIGINT[], $2::TEXT[], $3::TEXT[], $4::TEXT[])",
        &[&positions, &ids, &titles, &records],
    )?;
    tx.execute("DELETE FROM state WHERE key = $1", &[&STALE_STORIES_KEY])?;
    Ok(())
}

/// Inserts a batch's articles after the last stored one; an article whose id or content is stored already
/// fails the batch, naming it.
fn insert_articles(tx: &mut Transaction<'_>, articles: &[StoredArticle]) -> Result<()> {
    if articles.is_empty() {
        return Ok(());
    }
    let last: i64 = tx
        .query_one(
            "SELECT COALESCE(MAX(inserted_seq), 0)::BIGINT FROM articles",
            &[],
        )?
        .get(0);
    let published = articles
        .iter()
        .map(|stored| published_text(&stored.article))
        .collect::<Result<Vec<_>>>()?;
    let column = |field: fn(&Article) -> &str| -> Vec<&str> {
        articles.iter().map(|s| field(&s.article)).collect()
    };
    let optional = |field: fn(&Article) -> Option<&str>| -> Vec<Option<&str>> {
        articles.iter().map(|s| field(&s.article)).collect()
    };
    let ids = column(|a| &a.id);
    let hashes: Vec<&str> = articles.iter().map(|s| s.content_hash.as_str()).collect();
    let seqs: Vec<i64> = (last + 1..).take(articles.len()).collect();
    let inserted: HashSet<String> = tx
        .query(
            "INSERT INTO articles (id, content_hash, title, outlet, url, published, language, text, inserted_seq)
             SELECT * FROM UNNEST($1::TEXT[], $2::TEXT[], $3::TEXT[], $4::TEXT[], $5::TEXT[], $6::TEXT[],
                                  $7::TEXT[], $8::TEXT[], $9::BIGINT[])
             ON CONFLICT DO NOTHING
             RETURNING id",
            &[
                &ids,
                &hashes,
                &column(|a| &a.title),
                &optional(|a| a.outlet.as_deref()),
                &optional(|a| a.url.as_deref()),
                &published,
                &optional(|a| a.language.as_deref()),
                &column(|a| &a.text),
                &seqs,
            ],
        )?
        .iter()
        .map(|row| row.get(0))
        .collect();
    if inserted.len() == articles.len() {
        return Ok(());
    }
    // The first article refused: stored before, or repeated within the batch.
    let mut seen = HashSet::new();
    for stored in articles {
        let id = stored.article.id.as_str();
        if !inserted.contains(id) || !seen.insert(id) {
            return Err(duplicate_article(tx, id, &stored.content_hash));
        }
    }
    Err(StoreError::Invalid(
        "some articles of the batch were not inserted (the batch was rolled back)".into(),
    ))
}

/// Writes a batch's events: their records, the names they are filed under, and which articles they list (an
/// article listed by no event of the batch any more is detached from it).
fn write_events(tx: &mut Transaction<'_>, events: &[Event]) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let mut member_ids: Vec<&str> = Vec::new();
    let mut member_events: Vec<&str> = Vec::new();
    let mut name_events: Vec<&str> = Vec::new();
    let mut name_kinds: Vec<&str> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for event in events {
        for member in &event.articles {
            member_ids.push(&member.id);
            member_events.push(&event.id);
        }
        for (kind, name) in crate::event_names(event) {
            name_events.push(&event.id);
            name_kinds.push(kind);
            names.push(name);
        }
    }
    let ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
    let dates: Vec<Option<&str>> = events.iter().map(|e| e.date.as_deref()).collect();
    let titles: Vec<&str> = events.iter().map(|e| e.title.as_str()).collect();
    let counts: Vec<i64> = events.iter().map(|e| e.articles.len() as i64).collect();
    let records = events
        .iter()
        .map(serde_json::to_string)
        .collect::<std::result::Result<Vec<String>, _>>()?;
    let summaries = events
        .iter()
        .map(summary_record)
        .collect::<Result<Vec<String>>>()?;
    tx.execute(
        "INSERT INTO events (id, date, title, article_count, record, summary)
         SELECT * FROM UNNEST($1::TEXT[], $2::TEXT[], $3::TEXT[], $4::BIGINT[], $5::TEXT[], $6::TEXT[])
         ON CONFLICT (id) DO UPDATE SET date = excluded.date, title = excluded.title,
            article_count = excluded.article_count, record = excluded.record, summary = excluded.summary",
        &[&ids, &dates, &titles, &counts, &records, &summaries],
    )?;

    let listed: HashSet<String> = tx
        .query("SELECT id FROM articles WHERE id = ANY($1)", &[&member_ids])?
        .iter()
        .map(|row| row.get(0))
        .collect();
    if let Some(missing) = member_ids.iter().position(|id| !listed.contains(*id)) {
        return Err(StoreError::Invalid(format!(
            "event {} lists article {}, which is not stored",
            member_events[missing], member_ids[missing]
        )));
    }
    // Only rows whose event changes are written: an event that gains a member leaves its others untouched.
    tx.execute(
        "UPDATE articles SET event_id = NULL
         WHERE event_id = ANY($1) AND NOT (id = ANY($2))",
        &[&ids, &member_ids],
    )?;
    tx.execute(
        "UPDATE articles AS a SET event_id = m.event_id
         FROM UNNEST($1::TEXT[], $2::TEXT[]) AS m (id, event_id)
         WHERE a.id = m.id AND a.event_id IS DISTINCT FROM m.event_id",
        &[&member_ids, &member_events],
    )?;

    let outlines: Vec<EventOutline> = events.iter().map(EventOutline::from).collect();
    file_in_story_index(tx, &ids, &outlines)?;
    tx.execute("DELETE FROM event_names WHERE event_id = ANY($1)", &[&ids])?;
    tx.execute(
        "INSERT INTO event_names (event_id, kind, name)
         SELECT * FROM UNNEST($1::TEXT[], $2::TEXT[], $3::TEXT[])
         ON CONFLICT DO NOTHING",
        &[&name_events, &name_kinds, &names],
    )?;
    Ok(())
}

/// Explains a refused article insert: which of its id or content hash is already stored.
fn duplicate_article(tx: &mut Transaction<'_>, id: &str, hash: &str) -> StoreError {
    let same_id = tx.query_opt("SELECT 1 FROM articles WHERE id = $1", &[&id]);
    let same_hash = tx.query_opt("SELECT id FROM articles WHERE content_hash = $1", &[&hash]);
    let why = match (same_id, same_hash) {
        (Ok(Some(_)), _) => "its id is already taken".to_string(),
        (_, Ok(Some(row))) => format!(
            "its content hash {hash} is already taken by article {}",
            row.get::<_, String>(0)
        ),
        _ => "it conflicts with another article".to_string(),
    };
    StoreError::Invalid(format!(
        "article {id} cannot be inserted: {why} (the batch was rolled back)"
    ))
}

/// Which of `items` the query (taking the list as `$1`) finds, in the caller's order, each once.
fn known(client: &mut Client, sql: &str, items: &[String]) -> Result<Vec<String>> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let found: HashSet<String> = client
        .query(sql, &[&items])?
        .iter()
        .map(|row| row.get(0))
        .collect();
    let mut seen = HashSet::new();
    Ok(items
        .iter()
        .filter(|item| found.contains(*item) && seen.insert(item.as_str()))
        .cloned()
        .collect())
}

fn article_from_row(row: &Row) -> Result<Article> {
    let mut article = Article {
        id: row.get(0),
        title: row.get(1),
        outlet: row.get(2),
        url: row.get(3),
        published: None,
        language: row.get(5),
        text: row.get(6),
        ..Article::default()
    };
    if let Some(raw) = row.get::<_, Option<String>>(4) {
        article.published = Some(raw.parse::<Published>().map_err(|err| {
            StoreError::Invalid(format!(
                "article {}: stored publication time: {err}",
                article.id
            ))
        })?);
    }
    Ok(article)
}

/// The words of a free-text query, each a plain word (no operators), for `plainto_tsquery`; `None` when there
/// is none. Control characters separate words, as in the SQLite store.
fn search_words(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The `WHERE` clause of an event query (empty without filters) and its parameters.
fn event_filter(query: &EventQuery) -> (String, Vec<Box<dyn ToSql + Sync>>) {
    let mut conditions: Vec<String> = Vec::new();
    let mut values: Vec<Box<dyn ToSql + Sync>> = Vec::new();
    let param = |values: &mut Vec<Box<dyn ToSql + Sync>>, value: String| {
        values.push(Box::new(value));
        format!("${}", values.len())
    };
    if let Some(from) = &query.from {
        let p = param(&mut values, from.clone());
        conditions.push(format!("e.date >= {p}"));
    }
    if let Some(to) = &query.to {
        let p = param(&mut values, to.clone());
        conditions.push(format!("e.date <= {p}"));
    }
    if let Some(entity) = &query.entity {
        let p = param(&mut values, entity.clone());
        conditions.push(format!(
            "e.id IN (SELECT event_id FROM event_names WHERE lower(name) IN
                (SELECT lower({p}::TEXT COLLATE \"C\") UNION ALL
                 SELECT lower(name COLLATE \"C\") FROM entities WHERE id = {p}))"
        ));
    }
    if let Some(place) = &query.place {
        let p = param(&mut values, place.clone());
        conditions.push(format!(
            "e.id IN (SELECT event_id FROM event_names
                      WHERE kind = 'place' AND lower(name) = lower({p}::TEXT COLLATE \"C\"))"
        ));
    }
    if let Some(outlet) = &query.outlet {
        let p = param(&mut values, outlet.clone());
        conditions.push(format!(
            "e.id IN (SELECT event_id FROM articles
                      WHERE lower(outlet) = lower({p}::TEXT COLLATE \"C\") AND event_id IS NOT NULL)"
        ));
    }
    if let Some(words) = query.text.as_deref().and_then(search_words) {
        let p = param(&mut values, words);
        conditions.push(format!(
            "e.id IN (SELECT event_id FROM articles
                      WHERE search @@ plainto_tsquery('simple', {p}) AND event_id IS NOT NULL)"
        ));
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    };
    (filter, values)
}

fn params(values: &[Box<dyn ToSql + Sync>]) -> Vec<&(dyn ToSql + Sync)> {
    values.iter().map(|v| v.as_ref()).collect()
}

impl Store for PostgresStore {
    fn known_hashes(&self, hashes: &[String]) -> Result<Vec<String>> {
        known(
            &mut self.client.borrow_mut(),
            "SELECT content_hash FROM articles WHERE content_hash = ANY($1)",
            hashes,
        )
    }

    fn known_ids(&self, ids: &[String]) -> Result<Vec<String>> {
        known(
            &mut self.client.borrow_mut(),
            "SELECT id FROM articles WHERE id = ANY($1)",
            ids,
        )
    }

    fn cluster_state(&self) -> Result<Option<Vec<u8>>> {
        Ok(self
            .client
            .borrow_mut()
            .query_opt(
                "SELECT value FROM state WHERE key = $1",
                &[&CLUSTER_STATE_KEY],
            )?
            .map(|row| row.get(0)))
    }

    fn commit(&mut self, batch: &Batch) -> Result<()> {
        let mut client = self.client.borrow_mut();
        let mut tx = client.transaction()?;
        write_batch(&mut tx, batch)?;
        tx.commit()?;
        Ok(())
    }

    fn articles(&self, ids: &[String]) -> Result<Vec<Article>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = self.client.borrow_mut().query(
            "SELECT id, title, outlet, url, published, language, text FROM articles WHERE id = ANY($1)",
            &[&ids],
        )?;
        let mut found = HashMap::new();
        for row in &rows {
            let article = article_from_row(row)?;
            found.insert(article.id.clone(), article);
        }
        Ok(ids.iter().filter_map(|id| found.get(id).cloned()).collect())
    }

    fn events(&self) -> Result<Vec<Event>> {
        self.records(
            "SELECT record FROM events ORDER BY date IS NULL, date, id",
            &[],
        )
    }

    fn event_outlines(&self) -> Result<Vec<EventOutline>> {
        self.records(
            "SELECT record FROM events ORDER BY date IS NULL, date, id",
            &[],
        )
    }

    fn event_outlines_of(&self, ids: &[String]) -> Result<Vec<EventOutline>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.records(
            "SELECT record FROM events WHERE id = ANY($1) ORDER BY id",
            &[&ids],
        )
    }

    fn event_count(&self) -> Result<usize> {
        let count: i64 = self
            .client
            .borrow_mut()
            .query_one("SELECT COUNT(*) FROM events", &[])?
            .get(0);
        Ok(usize::try_from(count).unwrap_or(0))
    }

    fn term_counts(&self, terms: &[String]) -> Result<Vec<(String, usize)>> {
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let rows = self.client.borrow_mut().query(
            "SELECT term, COUNT(*) FROM event_terms WHERE term = ANY($1) GROUP BY term",
            &[&terms],
        )?;
        Ok(rows
            .iter()
            .map(|row| {
                let count: i64 = row.get(1);
                (row.get(0), usize::try_from(count).unwrap_or(0))
            })
            .collect())
    }

    fn events_with_term(&self, term: &str) -> Result<Vec<String>> {
        let rows = self.client.borrow_mut().query(
            "SELECT event_id FROM event_terms WHERE term = $1 ORDER BY event_id",
            &[&term],
        )?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
    }

    fn story_neighbours(
        &self,
        key: &str,
        day: i64,
        id: &str,
        later: bool,
        limit: usize,
    ) -> Result<Vec<(i64, String)>> {
        let sql = if later {
            "SELECT day, event_id FROM story_keys WHERE key = $1 AND (day, event_id) > ($2, $3)
             ORDER BY day, event_id LIMIT $4"
        } else {
            "SELECT day, event_id FROM story_keys WHERE key = $1 AND (day, event_id) < ($2, $3)
             ORDER BY day DESC, event_id DESC LIMIT $4"
        };
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self
            .client
            .borrow_mut()
            .query(sql, &[&key, &day, &id, &limit])?;
        Ok(rows.iter().map(|row| (row.get(0), row.get(1))).collect())
    }

    fn stories_current(&self) -> Result<bool> {
        let stale = self
            .client
            .borrow_mut()
            .query_opt("SELECT 1 FROM state WHERE key = $1", &[&STALE_STORIES_KEY])?;
        Ok(stale.is_none())
    }

    fn events_dated(&self, from: &str, to: &str) -> Result<Vec<Event>> {
        self.records(
            "SELECT record FROM events WHERE date BETWEEN $1 AND $2 ORDER BY date, id",
            &[&from, &to],
        )
    }

    fn event(&self, id: &str) -> Result<Option<Event>> {
        let row = self
            .client
            .borrow_mut()
            .query_opt("SELECT record FROM events WHERE id = $1", &[&id])?;
        row.map(|row| Ok(serde_json::from_str(row.get::<_, &str>(0))?))
            .transpose()
    }

    fn query_event_summaries(&self, query: &EventQuery) -> Result<EventSummaryPage> {
        let (filter, mut values) = event_filter(query);
        let mut client = self.client.borrow_mut();
        let total: i64 = client
            .query_one(
                &format!("SELECT COUNT(*) FROM events AS e{filter}"),
                &params(&values),
            )?
            .get(0);
        let total = total as usize;
        if query.limit == 0 || query.offset >= total {
            return Ok(EventSummaryPage {
                summaries: Vec::new(),
                total,
            });
        }
        values.push(Box::new(i64::try_from(query.limit).unwrap_or(i64::MAX)));
        values.push(Box::new(i64::try_from(query.offset).unwrap_or(i64::MAX)));
        let n = values.len();
        let rows = client.query(
            &format!(
                "SELECT e.summary FROM events AS e{filter}
                 ORDER BY e.date IS NULL, e.date, e.id LIMIT ${} OFFSET ${n}",
                n - 1
            ),
            &params(&values),
        )?;
        let summaries = rows
            .iter()
            .map(|row| checked_record(row.get(0)))
            .collect::<Result<Vec<_>>>()?;
        Ok(EventSummaryPage { summaries, total })
    }

    fn article_with_event(&self, id: &str) -> Result<Option<(Article, Option<String>)>> {
        let row = self.client.borrow_mut().query_opt(
            "SELECT id, title, outlet, url, published, language, text, event_id FROM articles WHERE id = $1",
            &[&id],
        )?;
        row.map(|row| Ok((article_from_row(&row)?, row.get(7))))
            .transpose()
    }

    fn entities(&self, ids: &[String]) -> Result<Vec<Entity>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.records(
            "SELECT record FROM entities WHERE id = ANY($1) ORDER BY id",
            &[&ids],
        )
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let Some(words) = search_words(query) else {
            return Ok(Vec::new());
        };
        if limit == 0 {
            return Ok(Vec::new());
        }
        let rows = self.client.borrow_mut().query(
            // The same candidates as the SQLite store: the newest matches, ranked; headlines for the hits only.
            "WITH q AS (SELECT plainto_tsquery('simple', $1) AS query),
             candidates AS (
                 SELECT a.id, a.title, a.event_id, a.text, a.search
                 FROM articles AS a, q
                 WHERE a.search @@ q.query
                 ORDER BY a.inserted_seq DESC
                 LIMIT $5),
             hits AS (
                 SELECT c.id, c.title, c.event_id, c.text,
                        ts_rank($2::float4[], c.search, q.query, $3)::float8 AS score
                 FROM candidates AS c, q
                 ORDER BY score DESC, c.id
                 LIMIT $4)
             SELECT h.id, h.title, h.event_id, h.score,
                    ts_headline('simple', h.text, q.query,
                        'StartSel=\"\", StopSel=\"\", MaxWords=16, MinWords=6, MaxFragments=1,
                         FragmentDelimiter=\"…\"')
             FROM hits AS h, q
             ORDER BY h.score DESC, h.id",
            &[
                &words,
                &&RANK_WEIGHTS[..],
                &RANK_NORMALIZATION,
                &i64::try_from(limit).unwrap_or(i64::MAX),
                &i64::try_from(SEARCH_CANDIDATES).unwrap_or(i64::MAX),
            ],
        )?;
        Ok(rows
            .iter()
            .map(|row| SearchHit {
                article_id: row.get(0),
                title: row.get(1),
                event_id: row.get(2),
                score: row.get(3),
                snippet: row.get(4),
            })
            .collect())
    }

    fn dump(&self) -> Result<Batch> {
        let rows = self.client.borrow_mut().query(
            "SELECT id, title, outlet, url, published, language, text, content_hash FROM articles
             ORDER BY inserted_seq",
            &[],
        )?;
        let articles = rows
            .iter()
            .map(|row| {
                Ok(StoredArticle {
                    article: article_from_row(row)?,
                    content_hash: row.get(7),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let entities = self.records("SELECT record FROM entities ORDER BY id", &[])?;
        Ok(Batch {
            articles,
            events: self.events()?,
            entities,
            cluster_state: self.cluster_state()?.unwrap_or_default(),
            stories: Some(self.stories()?),
        })
    }

    fn stories(&self) -> Result<Vec<Story>> {
        self.records("SELECT record FROM stories ORDER BY position", &[])
    }

    fn article_count(&self) -> Result<usize> {
        let count: i64 = self
            .client
            .borrow_mut()
            .query_one("SELECT COUNT(*) FROM articles", &[])?
            .get(0);
        Ok(count as usize)
    }
}
