//! The embedded SQLite backend: one file, readable with the `sqlite3` shell.
//!
//! Layout (schema version 6):
//! - `articles`: one row per stored article; `published` holds the model's `Published` display form (ISO, sortable),
//!   `event_id` the event that lists the article, `inserted_seq` the insertion order (and the full-text rowid).
//! - `articles_fts`: an FTS5 index over `articles.title` and `articles.text` (external content: the text is stored
//!   once, in `articles`); triggers keep it in sync.
//! - `events` / `entities`: a few columns for humans and SQL, plus `record`, the full model value as JSON.
//! - `event_names`: the participants' and places' names each event lists (version 2), for the entity and place
//!   filters of [`Store::query_events`]; rewritten with the event.
//! - `state`: opaque blobs by key; the clusterer's state is under `'cluster'`.
//! - `stories`: (version 3) the storylines in their listed order (`position`), each `record` the full `Story` as
//!   JSON; a batch that carries stories replaces them all.
//!
//! Version 4 changes no table: it rewrites old event records so that each holds every field of the model.
//! Version 5 adds `events.summary`: the event's `EventSummary` as JSON, written with the record, which the event
//! listing reads; and it merges the full-text index (`optimize`).
//!
//! Version 6 adds what relinking storylines after a change looks up instead of reading every event: `story_keys`,
//! each dated event's storyline index keys (its core participants and their pairs, normalised) with its day, in
//! (key, day, id) order; and `event_terms`, each event's theme terms. Both are rewritten with the event, and filled
//! for stored events by `fill_story_index`, which also relinks the stored stories. A batch that changes events
//! without giving stories leaves the key `'stories_stale'` in `state`; one that gives stories removes it.
//!
//! The schema version lives in `PRAGMA user_version`; [`MIGRATIONS`] brings an older file up to date on open.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use rusqlite::{params, Connection, ErrorCode, OptionalExtension, Row, TransactionBehavior};
use storyline_model::{Article, Entity, Event, EventOutline, Published, Story};

use crate::rank::{PhraseHit, Ranking, RANK_FUNCTION};
use crate::snippet::{snippet, Occurrence, SNIPPET_TOKENS};
use crate::{
    checked_record, current_event_record, published_text, summary_of_record, summary_record, Batch,
    EventQuery, EventSummaryPage, Result, SearchHit, Store, StoreError, StoredArticle,
    SEARCH_CANDIDATES,
};

/// Schema migrations, in order: entry `i` takes a database from version `i` to version `i + 1`.
/// Never edit a released entry; append a new one instead.
const MIGRATIONS: &[&str] = &[
    // Version 1.
    r#"
    CREATE TABLE events (
        id            TEXT PRIMARY KEY NOT NULL,
        date          TEXT,
        title         TEXT NOT NULL,
        article_count INTEGER NOT NULL,
        record        TEXT NOT NULL
    );
    CREATE INDEX events_by_date ON events (date, id);

    CREATE TABLE articles (
        id           TEXT PRIMARY KEY NOT NULL,
        content_hash TEXT NOT NULL UNIQUE,
        title        TEXT NOT NULL,
        outlet       TEXT,
        url          TEXT,
        published    TEXT,
        language     TEXT,
        text         TEXT NOT NULL,
        event_id     TEXT REFERENCES events (id),
        -- A real column, not the implicit rowid: VACUUM may renumber implicit rowids, which would
        -- silently detach the full-text index.
        inserted_seq INTEGER NOT NULL UNIQUE
    );
    CREATE INDEX articles_by_event ON articles (event_id);

    CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, text,
        content = 'articles', content_rowid = 'inserted_seq',
        -- Marks (M*) are word characters too, so Indic, Thai or Arabic words are not cut at every vowel sign.
        tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.inserted_seq, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', old.inserted_seq, old.title, old.text);
    END;
    -- Only edits of indexed columns re-index: setting event_id must stay cheap.
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text, inserted_seq ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', old.inserted_seq, old.title, old.text);
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.inserted_seq, new.title, new.text);
    END;

    CREATE TABLE entities (
        id     TEXT PRIMARY KEY NOT NULL,
        name   TEXT NOT NULL,
        kind   TEXT NOT NULL,
        record TEXT NOT NULL
    );

    CREATE TABLE state (
        key   TEXT PRIMARY KEY NOT NULL,
        value BLOB NOT NULL
    );
    "#,
    // Version 2: what the event filters of the HTTP API look up, so that no query reads every event.
    r#"
    CREATE TABLE event_names (
        event_id TEXT NOT NULL REFERENCES events (id),
        kind     TEXT NOT NULL, -- 'participant' or 'place'
        -- NOCASE: a user typing "paris" finds "Paris" (ASCII letters only; SQLite folds no other case).
        name     TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (name, kind, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX event_names_by_event ON event_names (event_id);
    INSERT OR IGNORE INTO event_names (event_id, kind, name)
        SELECT e.id, 'participant', json_extract(p.value, '$.name')
            FROM events AS e, json_each(e.record, '$.participants') AS p
        UNION ALL
        SELECT e.id, 'place', json_extract(p.value, '$.name')
            FROM events AS e, json_each(e.record, '$.places') AS p
        UNION ALL
        SELECT e.id, 'place', json_extract(p.value, '$.location.name')
            FROM events AS e, json_each(e.record, '$.places') AS p
            WHERE json_extract(p.value, '$.location.name') IS NOT NULL;
    CREATE INDEX articles_by_outlet ON articles (outlet COLLATE NOCASE, event_id);
    -- The timeline order (undated last) as an index, so a page of events is read in order, never sorted.
    CREATE INDEX events_by_timeline ON events (date IS NULL, date, id);
    "#,
    // Version 3: storylines, replaced as a whole when a batch recomputes them.
    r#"
    CREATE TABLE stories (
        position INTEGER PRIMARY KEY NOT NULL,
        id       TEXT NOT NULL UNIQUE,
        title    TEXT NOT NULL,
        record   TEXT NOT NULL
    );
    "#,
    // Version 4: no new table; every event record is rewritten in the current model's form by
    // `rewrite_event_records` (see there why). A model change that adds an event field needs such a step again.
    "-- version 4: event records rewritten in Rust",
    // Version 5: each event's summary beside its full record, for the event listing (filled for stored events by
    // `fill_event_summaries`); and the full-text index merged into one segment, which makes reading a word's
    // doclist about half as costly on a file ingested in many batches.
    r#"
    ALTER TABLE events ADD COLUMN summary TEXT NOT NULL DEFAULT '';
    INSERT INTO articles_fts (articles_fts) VALUES ('optimize');
    "#,
    // Version 6: the storyline index (see the module comment), filled for stored events by `fill_story_index`.
    r#"
    CREATE TABLE story_keys (
        key      TEXT NOT NULL,
        day      INTEGER NOT NULL,
        event_id TEXT NOT NULL REFERENCES events (id),
        PRIMARY KEY (key, day, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX story_keys_by_event ON story_keys (event_id);
    CREATE TABLE event_terms (
        term     TEXT NOT NULL,
        event_id TEXT NOT NULL REFERENCES events (id),
        PRIMARY KEY (term, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX event_terms_by_event ON event_terms (event_id);
    "#,
];

/// The first version whose event records hold every field of the model (see [`rewrite_event_records`]).
const COMPLETE_EVENT_RECORDS: i64 = 4;

/// The first version that keeps event summaries (see [`fill_event_summaries`]).
const EVENT_SUMMARIES: i64 = 5;

/// The first version that keeps the storyline index (see [`fill_story_index`]).
const STORY_INDEX: i64 = 6;

/// The schema version this code writes and understands.
const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How much of a database file each connection maps into memory (address space, not memory used: the pages are
/// the operating system's file cache, shared by every connection); pages past it are read as usual.
const MMAP_BYTES: i64 = 1 << 30;

/// Key of the clusterer's state in the `state` table.
const CLUSTER_STATE_KEY: &str = "cluster";

/// The full-text index over articles, and the position of `text` among its columns.
const FULL_TEXT_INDEX: &str = "articles_fts";
const TEXT_COLUMN: i32 = 1;

/// Key of the mark a batch leaves in the `state` table when it changed events without relinking the stories
/// (absent when the stored stories are those of the stored events).
const STALE_STORIES_KEY: &str = "stories_stale";

/// BM25 column weights: a term in the title counts five times one in the text.
const TITLE_WEIGHT: f64 = 5.0;
const TEXT_WEIGHT: f64 = 1.0;

/// The SQLite store. Not `Sync`: share it behind a mutex, or open one per thread (WAL lets readers run alongside
/// the writer).
pub struct SqliteStore {
    conn: Connection,
    ranking: Ranking,
}

impl SqliteStore {
    /// The JSON `record` column of a query's rows, each read back into its model type.
    fn records<T: serde::de::DeserializeOwned>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params)?;
        let mut records = Vec::new();
        // Parsed in place, row by row: no copy of every record's text is held at once.
        while let Some(row) = rows.next()? {
            let text = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            records.push(serde_json::from_str(text)?);
        }
        Ok(records)
    }

    /// Opens (creating if missing) the database file at `path` and brings its schema up to date.
    /// Fails on a database written by a newer storyline.
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open(path)?;
        // Another process (a second storyline, a `sqlite3` shell) may hold the lock briefly: wait rather than fail.
        conn.busy_timeout(Duration::from_secs(5))?;
        // Refuse a newer file before changing anything in it (switching to WAL rewrites its header).
        check_version(&conn)?;
        // WAL lets readers work during a commit; NORMAL sync is durable across application crashes and fast.
        // Both must be set outside a transaction, so before migrating.
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
        // Reads through a memory map instead of a read() call per page: a page of events or a search's doclists
        // touch hundreds of pages, and the system calls cost more than the reading under concurrent load.
        conn.pragma_update_and_check(None, "mmap_size", MMAP_BYTES, |_| Ok(()))?;
        Self::setup(conn)
    }

    /// A private, empty in-memory store (for tests and one-shot runs).
    pub fn open_in_memory() -> Result<Self> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<Self> {
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // The event listing has one statement per combination of filters.
        conn.set_prepared_statement_cache_capacity(128);
        migrate(&mut conn)?;
        let ranking = crate::rank::register(&conn)?;
        Ok(SqliteStore { conn, ranking })
    }
}

/// Applies the pending migrations in one transaction, so a failed upgrade leaves the file as it was.
fn migrate(conn: &mut Connection) -> Result<()> {
    if check_version(conn)? == SCHEMA_VERSION {
        return Ok(());
    }
    // IMMEDIATE takes the write lock first, so two processes opening a fresh file cannot both migrate it.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version = check_version(&tx)?;
    for migration in MIGRATIONS
        .iter()
        .skip(usize::try_from(version).unwrap_or(0))
    {
        tx.execute_batch(migration)?;
    }
    if version < COMPLETE_EVENT_RECORDS {
        rewrite_event_records(&tx)?;
    }
    if version < EVENT_SUMMARIES {
        fill_event_summaries(&tx)?;
    }
    if version < STORY_INDEX {
        fill_story_index(&tx)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}

/// Reads every stored event and writes it back in the current model's form. Records written before a field
/// existed lack it and read back with its default; the event listing passes records through unparsed, so without
/// this an old store would answer without those fields.
fn rewrite_event_records(conn: &Connection) -> Result<()> {
    derive_event_column(conn, "record", current_event_record)
}

/// Writes the summary of every stored event beside its record (events stored before version 5 have none).
fn fill_event_summaries(conn: &Connection) -> Result<()> {
    derive_event_column(conn, "summary", summary_of_record)
}

/// Files every stored event in the storyline index (events stored before version 6 are not), and links the
/// stories over them again, so that the stored stories are what the current linker makes of the stored events
/// (relinking after a change starts from them).
fn fill_story_index(conn: &Connection) -> Result<()> {
    let mut outlines: Vec<EventOutline> = Vec::new();
    {
        let mut select = conn.prepare("SELECT id, record FROM events")?;
        let mut rows = select.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let record = row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
            let outline: EventOutline = serde_json::from_str(record)
                .map_err(|err| StoreError::Invalid(format!("event {id}: stored record: {err}")))?;
            file_in_story_index(conn, &id, &storyline_stories::index_entries(&outline))?;
            outlines.push(outline);
        }
    }
    write_stories(conn, &storyline_stories::link_stories(&outlines))
}

/// Replaces the stored stories, which are then the stories of the stored events.
fn write_stories(conn: &Connection, stories: &[Story]) -> Result<()> {
    conn.execute("DELETE FROM stories", [])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO stories (position, id, title, record) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, story) in stories.iter().enumerate() {
        insert.execute(params![
            sql_int(position),
            story.id,
            story.title,
            serde_json::to_string(story)?,
        ])?;
    }
    conn.prepare_cached("DELETE FROM state WHERE key = ?1")?
        .execute([STALE_STORIES_KEY])?;
    Ok(())
}

/// Replaces an event's rows in the storyline index.
fn file_in_story_index(
    conn: &Connection,
    event_id: &str,
    entries: &storyline_stories::IndexEntries,
) -> Result<()> {
    conn.prepare_cached("DELETE FROM story_keys WHERE event_id = ?1")?
        .execute([event_id])?;
    conn.prepare_cached("DELETE FROM event_terms WHERE event_id = ?1")?
        .execute([event_id])?;
    if let Some(day) = entries.day {
        let mut insert =
            conn.prepare_cached("INSERT INTO story_keys (key, day, event_id) VALUES (?1, ?2, ?3)")?;
        for key in &entries.keys {
            insert.execute(params![key, day, event_id])?;
        }
    }
    let mut insert =
        conn.prepare_cached("INSERT INTO event_terms (term, event_id) VALUES (?1, ?2)")?;
    for term in &entries.terms {
        insert.execute(params![term, event_id])?;
    }
    Ok(())
}

/// Sets `column` of every stored event to what `derive` makes of the event's id and record.
fn derive_event_column(
    conn: &Connection,
    column: &str,
    derive: fn(&str, &str) -> Result<String>,
) -> Result<()> {
    let stored = conn
        .prepare("SELECT id, record FROM events")?
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut update = conn.prepare(&format!("UPDATE events SET {column} = ?2 WHERE id = ?1"))?;
    for (id, record) in stored {
        update.execute(params![id, derive(&id, &record)?])?;
    }
    Ok(())
}

/// The file's schema version, refusing one this code cannot read.
fn check_version(conn: &Connection) -> Result<i64> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if version < 0 {
        return Err(StoreError::Invalid(format!(
            "the database has an unknown schema version {version}: it was not written by storyline"
        )));
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::Invalid(format!(
            "the database has schema version {version}, but this storyline only knows versions up to \
             {SCHEMA_VERSION}: it was written by a newer storyline (upgrade storyline to open it)"
        )));
    }
    Ok(version)
}

/// A list of strings as one SQL parameter: the statements read it with `json_each(?)`, so one cached statement
/// serves any number of ids without hitting SQLite's limit on bound variables.
fn json_list(items: &[String]) -> Result<String> {
    Ok(serde_json::to_string(items)?)
}

/// Which of `items` the `(SELECT ...)` statement `sql` finds, in the caller's order, each once.
fn known(conn: &Connection, sql: &str, items: &[String]) -> Result<Vec<String>> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(sql)?;
    let found = stmt
        .query_map([json_list(items)?], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<HashSet<String>>>()?;
    let mut seen = HashSet::new();
    Ok(items
        .iter()
        .filter(|item| found.contains(*item) && seen.insert(item.as_str()))
        .cloned()
        .collect())
}

fn article_from_row(row: &Row<'_>) -> rusqlite::Result<(Article, Option<String>)> {
    // `published` is parsed by the caller: a parse failure is a StoreError, not a rusqlite one.
    Ok((
        Article {
            id: row.get(0)?,
            title: row.get(1)?,
            outlet: row.get(2)?,
            url: row.get(3)?,
            published: None,
            language: row.get(5)?,
            text: row.get(6)?,
            ..Article::default()
        },
        row.get(4)?,
    ))
}

fn parse_published(article: &mut Article, raw: Option<String>) -> Result<()> {
    if let Some(raw) = raw {
        let published = raw.parse::<Published>().map_err(|err| {
            StoreError::Invalid(format!(
                "article {}: stored publication time: {err}",
                article.id
            ))
        })?;
        article.published = Some(published);
    }
    Ok(())
}

/// Turns free text into a safe FTS5 query: every whitespace-separated word becomes a quoted FTS5 string, so
/// operators (`AND`, `NEAR`), column filters (`col:x`), prefixes (`*`) and stray quotes are only text. Words are
/// ANDed. Inside the quotes the index's own tokenizer splits the word, exactly as it split the articles:
/// `Notre-Dame` is the phrase "notre dame", and a word with no letters or digits (`*`, `--`) matches anything.
/// `None` when there is no word at all.
fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        // Control characters separate too: a NUL would end the query string inside FTS5's parser.
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        // A double quote inside an FTS5 string is escaped by doubling it.
        .map(|word| format!("\"{}\"", word.replace('"', "\"\"")))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// A search's candidates with their scores: `?1` the FTS5 query, `?2` and `?3` the title and text weights. The
/// limit is part of the text: a bound `LIMIT ?` makes SQLite prepare the statement again at every run.
fn search_candidates_sql() -> String {
    format!(
        "SELECT rowid, {RANK_FUNCTION}(articles_fts, ?2, ?3) FROM articles_fts
         WHERE articles_fts MATCH ?1 ORDER BY rowid DESC LIMIT {SEARCH_CANDIDATES}"
    )
}

/// A usize as an SQLite integer, saturating (SQLite integers are i64).
fn sql_int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn is_constraint_violation(err: &rusqlite::Error) -> bool {
    err.sqlite_error_code() == Some(ErrorCode::ConstraintViolation)
}

impl Store for SqliteStore {
    fn known_hashes(&self, hashes: &[String]) -> Result<Vec<String>> {
        known(
            &self.conn,
            "SELECT content_hash FROM articles WHERE content_hash IN (SELECT value FROM json_each(?1))",
            hashes,
        )
    }

    fn known_ids(&self, ids: &[String]) -> Result<Vec<String>> {
        known(
            &self.conn,
            "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?1))",
            ids,
        )
    }

    fn cluster_state(&self) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM state WHERE key = ?1")?
            .query_row([CLUSTER_STATE_KEY], |row| row.get(0))
            .optional()?)
    }

    fn commit(&mut self, batch: &Batch) -> Result<()> {
        // Any early return drops `tx`, which rolls the whole batch back.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;

        // Articles.
        {
            let mut seq: i64 = tx.query_row(
                "SELECT COALESCE(MAX(inserted_seq), 0) FROM articles",
                [],
                |row| row.get(0),
            )?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO articles
                    (id, content_hash, title, outlet, url, published, language, text, inserted_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for stored in &batch.articles {
                let a = &stored.article;
                let published = published_text(a)?;
                seq += 1;
                let inserted = insert.execute(params![
                    a.id,
                    stored.content_hash,
                    a.title,
                    a.outlet,
                    a.url,
                    published,
                    a.language,
                    a.text,
                    seq,
                ]);
                match inserted {
                    Ok(_) => {}
                    Err(err) if is_constraint_violation(&err) => {
                        return Err(duplicate_article(&tx, &a.id, &stored.content_hash));
                    }
                    Err(err) => return Err(err.into()),
                }
            }
        }
        batch.check_ids()?;

        // Events, and each member article's event_id.
        {
            let mut upsert = tx.prepare_cached(
                "INSERT INTO events (id, date, title, article_count, record, summary)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET date = excluded.date, title = excluded.title,
                    article_count = excluded.article_count, record = excluded.record,
                    summary = excluded.summary",
            )?;
            // An event's new record is the truth about its members: articles that left it are detached first,
            // so they do not keep pointing at an event that no longer lists them.
            let mut detach =
                tx.prepare_cached("UPDATE articles SET event_id = NULL WHERE event_id = ?1")?;
            let mut attach =
                tx.prepare_cached("UPDATE articles SET event_id = ?1 WHERE id = ?2")?;
            let mut forget_names =
                tx.prepare_cached("DELETE FROM event_names WHERE event_id = ?1")?;
            let mut add_name = tx.prepare_cached(
                "INSERT OR IGNORE INTO event_names (event_id, kind, name) VALUES (?1, ?2, ?3)",
            )?;
            for event in &batch.events {
                upsert.execute(params![
                    event.id,
                    event.date,
                    event.title,
                    sql_int(event.articles.len()),
                    serde_json::to_string(event)?,
                    summary_record(event)?,
                ])?;
                detach.execute([&event.id])?;
                forget_names.execute([&event.id])?;
                for (kind, name) in crate::event_names(event) {
                    add_name.execute(params![event.id, kind, name])?;
                }
                file_in_story_index(
                    &tx,
                    &event.id,
                    &storyline_stories::index_entries(&EventOutline::from(event)),
                )?;
                for member in &event.articles {
                    if attach.execute([&event.id, &member.id])? == 0 {
                        return Err(StoreError::Invalid(format!(
                            "event {} lists article {}, which is not stored",
                            event.id, member.id
                        )));
                    }
                }
            }
        }

        // Entities.
        {
            let mut upsert = tx.prepare_cached(
                "INSERT INTO entities (id, name, kind, record) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                    record = excluded.record",
            )?;
            for entity in &batch.entities {
                upsert.execute(params![
                    entity.id,
                    entity.name,
                    entity.kind.as_str(),
                    serde_json::to_string(entity)?,
                ])?;
            }
        }

        // An empty state is "none" (a dump of a store that never clustered): nothing to write.
        if !batch.cluster_state.is_empty() {
            tx.prepare_cached(
                "INSERT INTO state (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute(params![CLUSTER_STATE_KEY, batch.cluster_state])?;
        }

        match &batch.stories {
            Some(stories) => write_stories(&tx, stories)?,
            // Events changed without relinking: the stored stories may no longer be theirs.
            None if !batch.events.is_empty() => {
                tx.prepare_cached(
                    "INSERT INTO state (key, value) VALUES (?1, x'')
                     ON CONFLICT (key) DO NOTHING",
                )?
                .execute([STALE_STORIES_KEY])?;
            }
            None => {}
        }

        tx.commit()?;
        Ok(())
    }

    fn articles(&self, ids: &[String]) -> Result<Vec<Article>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, title, outlet, url, published, language, text FROM articles
             WHERE id IN (SELECT value FROM json_each(?1))",
        )?;
        let mut found = HashMap::new();
        for row in stmt.query_map([json_list(ids)?], article_from_row)? {
            let (mut article, published) = row?;
            parse_published(&mut article, published)?;
            found.insert(article.id.clone(), article);
        }
        // The caller's order; an id asked twice is returned twice.
        Ok(ids.iter().filter_map(|id| found.get(id).cloned()).collect())
    }

    fn stories(&self) -> Result<Vec<Story>> {
        self.records("SELECT record FROM stories ORDER BY position", [])
    }

    fn events(&self) -> Result<Vec<Event>> {
        self.records(
            "SELECT record FROM events ORDER BY date IS NULL, date, id",
            [],
        )
    }

    fn event_outlines(&self) -> Result<Vec<EventOutline>> {
        self.records(
            "SELECT record FROM events ORDER BY date IS NULL, date, id",
            [],
        )
    }

    fn event_outlines_of(&self, ids: &[String]) -> Result<Vec<EventOutline>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.records(
            "SELECT record FROM events WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id",
            [json_list(ids)?],
        )
    }

    fn event_count(&self) -> Result<usize> {
        let count: i64 = self
            .conn
            .prepare_cached("SELECT COUNT(*) FROM events")?
            .query_row([], |row| row.get(0))?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    fn term_counts(&self, terms: &[String]) -> Result<Vec<(String, usize)>> {
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT term, COUNT(*) FROM event_terms
             WHERE term IN (SELECT value FROM json_each(?1)) GROUP BY term",
        )?;
        let counts = stmt
            .query_map([json_list(terms)?], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
            })?
            .map(|row| row.map(|(term, count)| (term, usize::try_from(count).unwrap_or(0))))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(counts)
    }

    fn events_with_term(&self, term: &str) -> Result<Vec<String>> {
        let ids = self
            .conn
            .prepare_cached("SELECT event_id FROM event_terms WHERE term = ?1 ORDER BY event_id")?
            .query_map([term], |row| row.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(ids)
    }

    fn story_neighbours(
        &self,
        key: &str,
        day: i64,
        id: &str,
        later: bool,
        limit: usize,
    ) -> Result<Vec<(i64, String)>> {
        // The limit is written into the statement: SQLite prepares a statement with a bound LIMIT again at every
        // new binding, which cost more than the query itself. One relink uses one limit, so one cached statement.
        let sql = if later {
            format!(
                "SELECT day, event_id FROM story_keys WHERE key = ?1 AND (day, event_id) > (?2, ?3)
                 ORDER BY day, event_id LIMIT {limit}"
            )
        } else {
            format!(
                "SELECT day, event_id FROM story_keys WHERE key = ?1 AND (day, event_id) < (?2, ?3)
                 ORDER BY day DESC, event_id DESC LIMIT {limit}"
            )
        };
        let neighbours = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![key, day, id], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(neighbours)
    }

    fn stories_current(&self) -> Result<bool> {
        let stale: Option<i64> = self
            .conn
            .prepare_cached("SELECT 1 FROM state WHERE key = ?1")?
            .query_row([STALE_STORIES_KEY], |row| row.get(0))
            .optional()?;
        Ok(stale.is_none())
    }

    fn events_dated(&self, from: &str, to: &str) -> Result<Vec<Event>> {
        self.records(
            "SELECT record FROM events WHERE date BETWEEN ?1 AND ?2 ORDER BY date, id",
            [from, to],
        )
    }

    fn event(&self, id: &str) -> Result<Option<Event>> {
        let record: Option<String> = self
            .conn
            .prepare_cached("SELECT record FROM events WHERE id = ?1")?
            .query_row([id], |row| row.get(0))
            .optional()?;
        record
            .map(|record| Ok(serde_json::from_str(&record)?))
            .transpose()
    }

    fn query_event_summaries(&self, query: &EventQuery) -> Result<EventSummaryPage> {
        let (filter, mut values) = event_filter(query);
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT COUNT(*) FROM events AS e{filter}"))?
            .query_row(named(&values).as_slice(), |row| row.get(0))?;
        let total = usize::try_from(total)
            .map_err(|_| StoreError::Invalid(format!("impossible event count {total}")))?;
        if query.limit == 0 || query.offset >= total {
            return Ok(EventSummaryPage {
                summaries: Vec::new(),
                total,
            });
        }
        values.push((":limit", sql_int(query.limit).into()));
        values.push((":offset", sql_int(query.offset).into()));
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT e.summary FROM events AS e{filter}
             ORDER BY e.date IS NULL, e.date, e.id LIMIT :limit OFFSET :offset"
        ))?;
        let summaries = stmt
            .query_map(named(&values).as_slice(), |row| row.get::<_, String>(0))?
            .map(|record| checked_record(record?))
            .collect::<Result<Vec<_>>>()?;
        Ok(EventSummaryPage { summaries, total })
    }

    fn article_with_event(&self, id: &str) -> Result<Option<(Article, Option<String>)>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT id, title, outlet, url, published, language, text, event_id FROM articles
                 WHERE id = ?1",
            )?
            .query_row([id], |row| Ok((article_from_row(row)?, row.get(7)?)))
            .optional()?;
        let Some(((mut article, published), event_id)) = row else {
            return Ok(None);
        };
        parse_published(&mut article, published)?;
        Ok(Some((article, event_id)))
    }

    fn entities(&self, ids: &[String]) -> Result<Vec<Entity>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT record FROM entities WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id",
        )?;
        let records = stmt
            .query_map([json_list(ids)?], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        records
            .iter()
            .map(|record| Ok(serde_json::from_str(record)?))
            .collect()
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let Some(fts) = fts_query(query) else {
            return Ok(Vec::new());
        };
        if limit == 0 {
            return Ok(Vec::new());
        }
        // FTS5 reads the word's doclist newest first and only the candidates it yields are scored, by BM25 with
        // remembered document counts and row lengths (`rank.rs`), which also notes where the words occur.
        // One read transaction for the search's hundred-odd statements: each would otherwise take and release
        // the database's shared lock (two `fcntl` calls) on its own.
        let read = self.conn.unchecked_transaction()?;
        self.ranking.load_lengths(&self.conn, FULL_TEXT_INDEX)?;
        self.ranking.start_search();
        let mut candidates = self.conn.prepare_cached(&search_candidates_sql())?;
        let mut scored = candidates
            .query_map(params![fts, TITLE_WEIGHT, TEXT_WEIGHT], |row| {
                Ok((row.get::<_, f64>(1)?, row.get::<_, i64>(0)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let positions = self.ranking.take_hits();
        let positions_of: HashMap<i64, &[PhraseHit]> = positions
            .chunk_by(|a, b| a.rowid == b.rowid)
            .map(|run| (run[0].rowid, run))
            .collect();
        // Only the best `limit` candidates, and any tied with the last of them (ties go by article id), are
        // looked up in `articles`: joining all of them cost more than scoring them.
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        if let Some(&(cutoff, _)) = scored.get(limit - 1) {
            scored.retain(|(score, _)| *score >= cutoff);
        }
        let mut article = self
            .conn
            .prepare_cached("SELECT id, title, event_id FROM articles WHERE inserted_seq = ?1")?;
        let mut ranked = Vec::with_capacity(scored.len());
        for (score, seq) in scored {
            let hit = article
                .query_row([seq], |row| {
                    Ok(SearchHit {
                        article_id: row.get(0)?,
                        title: row.get(1)?,
                        event_id: row.get(2)?,
                        score,
                        snippet: String::new(),
                    })
                })
                .optional()?;
            ranked.extend(hit.map(|hit| (hit, seq)));
        }
        ranked.sort_by(|(a, _), (b, _)| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.article_id.cmp(&b.article_id))
        });
        ranked.truncate(limit);
        // Only the hits returned get a snippet, cut from the text around the words' recorded positions.
        let mut text = self
            .conn
            .prepare_cached("SELECT text FROM articles WHERE inserted_seq = ?1")?;
        let hits = ranked
            .into_iter()
            .map(|(mut hit, seq)| {
                let mut occurrences: Vec<Occurrence> = positions_of
                    .get(&seq)
                    .copied()
                    .unwrap_or_default()
                    .iter()
                    .filter(|h| h.column == TEXT_COLUMN)
                    .filter_map(|h| {
                        Some(Occurrence {
                            phrase: h.phrase,
                            position: usize::try_from(h.offset).ok()?,
                        })
                    })
                    .collect();
                occurrences.sort_by_key(|o| o.position);
                let mut rows = text.query([seq])?;
                if let Some(row) = rows.next()? {
                    let body = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
                    hit.snippet = snippet(body, &occurrences, SNIPPET_TOKENS);
                }
                Ok(hit)
            })
            .collect::<Result<Vec<_>>>()?;
        read.commit()?;
        Ok(hits)
    }

    fn optimize_search_index(&mut self) -> Result<()> {
        self.conn
            .execute_batch("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")?;
        Ok(())
    }

    fn dump(&self) -> Result<Batch> {
        let mut stmt = self.conn.prepare(
            "SELECT id, title, outlet, url, published, language, text, content_hash FROM articles
             ORDER BY inserted_seq",
        )?;
        let rows = stmt
            .query_map([], |row| {
                Ok((article_from_row(row)?, row.get::<_, String>(7)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut articles = Vec::with_capacity(rows.len());
        for ((mut article, published), content_hash) in rows {
            parse_published(&mut article, published)?;
            articles.push(StoredArticle {
                article,
                content_hash,
            });
        }
        let entities: Vec<Entity> = self.records("SELECT record FROM entities ORDER BY id", [])?;
        Ok(Batch {
            articles,
            events: self.events()?,
            entities,
            cluster_state: self.cluster_state()?.unwrap_or_default(),
            stories: Some(self.stories()?),
        })
    }

    fn article_count(&self) -> Result<usize> {
        let count: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM articles", [], |row| row.get(0))?;
        usize::try_from(count)
            .map_err(|_| StoreError::Invalid(format!("impossible article count {count}")))
    }
}

/// The `WHERE` clause of an event query (empty without filters) and its named parameters. Each filter is an index
/// lookup that yields event ids; the page is then read along `events_by_timeline`.
fn event_filter(query: &EventQuery) -> (String, Vec<(&'static str, rusqlite::types::Value)>) {
    let mut conditions: Vec<&str> = Vec::new();
    let mut values: Vec<(&'static str, rusqlite::types::Value)> = Vec::new();
    if let Some(from) = &query.from {
        conditions.push("e.date >= :from");
        values.push((":from", from.clone().into()));
    }
    if let Some(to) = &query.to {
        conditions.push("e.date <= :to");
        values.push((":to", to.clone().into()));
    }
    if let Some(entity) = &query.entity {
        conditions.push(
            "e.id IN (SELECT event_id FROM event_names WHERE name IN
                (SELECT :entity UNION ALL SELECT name FROM entities WHERE id = :entity))",
        );
        values.push((":entity", entity.clone().into()));
    }
    if let Some(place) = &query.place {
        conditions.push(
            "e.id IN (SELECT event_id FROM event_names WHERE kind = 'place' AND name = :place)",
        );
        values.push((":place", place.clone().into()));
    }
    if let Some(outlet) = &query.outlet {
        conditions.push(
            "e.id IN (SELECT event_id FROM articles
                      WHERE outlet = :outlet COLLATE NOCASE AND event_id IS NOT NULL)",
        );
        values.push((":outlet", outlet.clone().into()));
    }
    if let Some(fts) = query.text.as_deref().and_then(fts_query) {
        conditions.push(
            "e.id IN (SELECT a.event_id FROM articles_fts
                      JOIN articles AS a ON a.inserted_seq = articles_fts.rowid
                      WHERE articles_fts MATCH :text)",
        );
        values.push((":text", fts.into()));
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    };
    (filter, values)
}

/// Named parameters in the form rusqlite binds.
fn named<'a>(
    values: &'a [(&'static str, rusqlite::types::Value)],
) -> Vec<(&'static str, &'a dyn rusqlite::ToSql)> {
    values
        .iter()
        .map(|(name, value)| (*name, value as &dyn rusqlite::ToSql))
        .collect()
}

/// Explains a rejected article insert: which of its id or content hash is already stored.
fn duplicate_article(conn: &Connection, id: &str, hash: &str) -> StoreError {
    let same_id = conn
        .query_row("SELECT 1 FROM articles WHERE id = ?1", [id], |_| Ok(()))
        .optional();
    let same_hash: rusqlite::Result<Option<String>> = conn
        .query_row(
            "SELECT id FROM articles WHERE content_hash = ?1",
            [hash],
            |row| row.get(0),
        )
        .optional();
    let why = match (same_id, same_hash) {
        (Ok(Some(())), _) => "its id is already taken".to_string(),
        (_, Ok(Some(other))) => {
            format!("its content hash {hash} is already taken by article {other}")
        }
        _ => "it conflicts with another article".to_string(),
    };
    // "Taken" by a stored article or by one earlier in the same batch: both are visible inside the transaction.
    StoreError::Invalid(format!(
        "article {id} cannot be inserted: {why} (the batch was rolled back)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every candidate's score under both rankings, by rowid, with the row lengths loaded as a search loads them.
    fn both_scores(store: &SqliteStore, query: &str) -> Vec<(i64, f64, f64)> {
        store
            .ranking
            .load_lengths(&store.conn, FULL_TEXT_INDEX)
            .unwrap();
        store
            .conn
            .prepare(&format!(
                "SELECT rowid, {RANK_FUNCTION}(articles_fts, 5.0, 1.0), -bm25(articles_fts, 5.0, 1.0)
                 FROM articles_fts WHERE articles_fts MATCH ?1 ORDER BY rowid"
            ))
            .unwrap()
            .query_map([fts_query(query).unwrap()], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap()
    }

    fn assert_same_scores(store: &SqliteStore, query: &str) {
        let scores = both_scores(store, query);
        assert!(!scores.is_empty(), "{query}");
        for (rowid, ours, fts5) in scores {
            assert!(
                (ours - fts5).abs() <= 1e-9 * fts5.abs().max(1.0),
                "{query}: row {rowid}: {ours} vs FTS5's {fts5}"
            );
        }
    }

    #[test]
    fn the_ranking_scores_as_fts5_bm25_does_also_after_the_store_grows() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let texts = [
            (
                "Harbour fire",
                "A fire broke out in the harbour of Port Elsa on Monday.",
            ),
            (
                "Ferry strike",
                "Ferry crews went on strike; the harbour stayed quiet.",
            ),
            (
                "Notre-Dame fire",
                "The fire at Notre-Dame burned for hours, and the fire brigade came.",
            ),
            (
                "Harbour reopens",
                "The harbour reopened after the fire, a week later than planned.",
            ),
        ];
        let batch = |range: std::ops::Range<usize>| Batch {
            articles: range
                .map(|i| {
                    let (title, text) = texts[i];
                    StoredArticle {
                        article: Article::new(format!("a{i}"), title, text),
                        content_hash: format!("h{i}"),
                    }
                })
                .collect(),
            ..Batch::default()
        };
        store.commit(&batch(0..2)).unwrap();
        for query in ["fire", "harbour", "fire harbour", "harbour"] {
            assert_same_scores(&store, query);
        }
        // The document counts remembered above are stale now: more articles contain "fire" and "harbour".
        store.commit(&batch(2..4)).unwrap();
        for query in [
            "fire",
            "harbour fire",
            "notre-dame",
            "Notre-Dame fire",
            "strike",
        ] {
            assert_same_scores(&store, query);
        }
    }

    #[test]
    fn searches_reuse_their_prepared_statement() {
        let store = SqliteStore::open_in_memory().unwrap();
        for query in ["fire", "harbour", "fire", "storm"] {
            store.search(query, 5).unwrap();
        }
        let candidates = store.conn.prepare_cached(&search_candidates_sql()).unwrap();
        assert_eq!(
            candidates.get_status(rusqlite::StatementStatus::RePrepare),
            0
        );
    }

    #[test]
    fn version_2_files_the_names_of_events_stored_by_version_1() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        // A record as version 1 wrote it: no type, terms or copies yet (version 4 adds them back).
        let record = r#"{"id": "e1", "title": "t", "date": null,
            "participants": [{"name": "Mara Quill", "kind": "person"}],
            "places": [{"name": "Elsa", "country": null, "location": {"kind": "city", "name": "Port Elsa",
                "country": "XX", "region": null, "latitude": 0.0, "longitude": 0.0}}],
            "articles": [], "facts": [], "quotes": [], "summary": []}"#;
        conn.execute(
            "INSERT INTO events (id, date, title, article_count, record) VALUES ('e1', NULL, 't', 0, ?1)",
            [record],
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let names: Vec<(String, String)> = conn
            .prepare("SELECT kind, name FROM event_names ORDER BY kind, name")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let expected = [
            ("participant", "Mara Quill"),
            ("place", "Elsa"),
            ("place", "Port Elsa"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(k, n)| ((*k).into(), (*n).into()))
            .collect();
        assert_eq!(names, expected);
    }

    /// The plan SQLite chooses for a page of events.
    fn plan(query: &EventQuery) -> String {
        let store = SqliteStore::open_in_memory().unwrap();
        let (filter, values) = event_filter(query);
        let sql = format!(
            "EXPLAIN QUERY PLAN SELECT e.record FROM events AS e{filter}
             ORDER BY e.date IS NULL, e.date, e.id LIMIT 50"
        );
        let mut stmt = store.conn.prepare(&sql).unwrap();
        let steps = stmt
            .query_map(named(&values).as_slice(), |row| row.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap();
        steps.join("\n")
    }

    #[test]
    fn a_page_of_events_is_read_in_index_order_not_sorted() {
        let plain = plan(&EventQuery::default());
        assert!(plain.contains("events_by_timeline"), "{plain}");
        assert!(!plain.contains("TEMP B-TREE"), "{plain}");
        let place = plan(&EventQuery {
            place: Some("Port Elsa".into()),
            ..EventQuery::default()
        });
        assert!(place.contains("event_names"), "{place}");
        assert!(!place.contains("SCAN event_names"), "{place}");
        let outlet = plan(&EventQuery {
            outlet: Some("Valley News".into()),
            ..EventQuery::default()
        });
        assert!(outlet.contains("articles_by_outlet"), "{outlet}");
    }

    #[test]
    fn fts_query_quotes_every_word() {
        assert_eq!(
            fts_query("fire in Paris").as_deref(),
            Some(r#""fire" "in" "Paris""#)
        );
        assert_eq!(
            fts_query("col:x AND \"unterminated *").as_deref(),
            Some(r#""col:x" "AND" """unterminated" "*""#)
        );
        assert_eq!(fts_query("a\u{0}b\tc").as_deref(), Some(r#""a" "b" "c""#));
        assert_eq!(fts_query(""), None);
        assert_eq!(fts_query(" \n\t "), None);
    }
}
