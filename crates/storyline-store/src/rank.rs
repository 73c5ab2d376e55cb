//! `storyline_bm25`: FTS5's BM25, with what does not change between searches remembered per connection.
//!
//! FTS5's own `bm25()` counts, for every search, the documents that contain each phrase of the query (the
//! inverse document frequency needs that count): one pass over the phrase's whole doclist, about half of a
//! search's SQLite time for a common word in a store of 100,000 articles, even though only the
//! `SEARCH_CANDIDATES` newest matches are scored. It also reads every scored row's length from the index's
//! `docsize` table, one B-tree lookup a row. This function scores a row exactly as `bm25()` does (same k1, b,
//! column weights and length normalisation, same idf formula) but keeps each phrase's document count until the
//! index's row count changes, and each row's length for good once [`Ranking::load_lengths`] has read it (stored
//! articles are never deleted or rewritten, so a row count that did not change means an index that did not
//! change, and a row's length never changes). While scoring it also records where each phrase occurs in the
//! row, which is what the store cuts snippets with (`snippet.rs`).
//!
//! Written by hand because neither rusqlite nor any crate registers FTS5 auxiliary functions; this is the one
//! `unsafe` module of the store, a thin layer over `Fts5ExtensionApi` (SQLite's documented C interface).

use std::collections::HashMap;
use std::ffi::{c_int, c_void};
use std::ptr;
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::ffi;
use rusqlite::Connection;

use crate::{Result, StoreError};

/// The SQL name of the ranking function: `storyline_bm25(articles_fts, title_weight, text_weight)`, higher is
/// better (the opposite sign of `bm25()`).
pub(crate) const RANK_FUNCTION: &str = "storyline_bm25";

/// BM25's parameters, as FTS5 fixes them.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Phrases whose document counts a connection remembers at most; past it the memory starts over.
const MAX_REMEMBERED_PHRASES: usize = 100_000;

/// Rows whose lengths a connection keeps at most (4 bytes each); rows past it are looked up as FTS5 does.
const MAX_KEPT_LENGTHS: i64 = 1 << 26;

/// Phrase occurrences recorded per scored row at most: enough to place a snippet, bounded for long texts.
const MAX_RECORDED_HITS_PER_ROW: c_int = 64;

/// One occurrence of a query phrase in a scored row: its token position within the column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PhraseHit {
    pub rowid: i64,
    pub column: c_int,
    pub offset: c_int,
    pub phrase: c_int,
}

/// What the ranking function keeps for one connection.
struct RankState {
    /// The index's row count the document counts are valid for.
    rows: i64,
    /// Document counts of phrases (their tokens, each followed by a 0 byte).
    document_counts: HashMap<Vec<u8>, i64>,
    /// Each row's length in tokens (all columns) by rowid; 0 when not loaded.
    lengths: Vec<u32>,
    /// The largest rowid whose length was loaded.
    lengths_through: i64,
    /// Where the phrases occur in the rows scored since the last [`Ranking::start_search`].
    hits: Vec<PhraseHit>,
}

/// The store's handle on the ranking function registered on its connection.
pub(crate) struct Ranking {
    state: Arc<Mutex<RankState>>,
}

/// What one search needs for every row it scores: each phrase's idf and the average row length.
struct QueryStatistics {
    idf: Vec<f64>,
    average_length: f64,
}

fn lock(state: &Mutex<RankState>) -> MutexGuard<'_, RankState> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Ranking {
    /// Reads the lengths of the rows added to the full-text index `index` since the last call, from its
    /// `docsize` table (one varint per column, SQLite's varint format). Call before a search: rows it missed are
    /// still scored right, only slower.
    pub(crate) fn load_lengths(&self, conn: &Connection, index: &str) -> Result<()> {
        let through = lock(&self.state).lengths_through;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT id, sz FROM {index}_docsize WHERE id > ?1 AND id < ?2 ORDER BY id"
        ))?;
        let mut rows = stmt.query([through, MAX_KEPT_LENGTHS])?;
        let mut loaded = Vec::new();
        while let Some(row) = rows.next()? {
            let rowid: i64 = row.get(0)?;
            let sizes = row.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?;
            loaded.push((rowid, total_of_varints(sizes)));
        }
        let mut state = lock(&self.state);
        for (rowid, length) in loaded {
            let Ok(index) = usize::try_from(rowid) else {
                continue;
            };
            if state.lengths.len() <= index {
                state.lengths.resize(index + 1, 0);
            }
            state.lengths[index] = length;
            state.lengths_through = state.lengths_through.max(rowid);
        }
        Ok(())
    }

    /// Forgets the phrase positions recorded by earlier searches.
    pub(crate) fn start_search(&self) {
        lock(&self.state).hits.clear();
    }

    /// The phrase positions recorded since [`Ranking::start_search`], in scoring order: each row's together.
    pub(crate) fn take_hits(&self) -> Vec<PhraseHit> {
        std::mem::take(&mut lock(&self.state).hits)
    }
}

/// The sum of a `docsize` blob's varints; a malformed blob sums what it holds.
fn total_of_varints(bytes: &[u8]) -> u32 {
    let mut total: u64 = 0;
    let mut value: u64 = 0;
    let mut length = 0;
    for &byte in bytes {
        length += 1;
        if length == 9 {
            // The ninth byte of a varint carries 8 bits and ends it.
            value = (value << 8) | u64::from(byte);
        } else {
            value = (value << 7) | u64::from(byte & 0x7f);
            if byte & 0x80 != 0 {
                continue;
            }
        }
        total = total.saturating_add(value);
        value = 0;
        length = 0;
    }
    u32::try_from(total).unwrap_or(u32::MAX)
}

/// Registers [`RANK_FUNCTION`] on the connection, with its own memory; the handle reaches that memory.
pub(crate) fn register(conn: &Connection) -> Result<Ranking> {
    let api = fts5_api(conn)?;
    let state = Arc::new(Mutex::new(RankState {
        rows: -1,
        document_counts: HashMap::new(),
        lengths: Vec::new(),
        lengths_through: 0,
        hits: Vec::new(),
    }));
    let shared = Arc::into_raw(Arc::clone(&state));
    let name = std::ffi::CString::new(RANK_FUNCTION).expect("no NUL in the name");
    // SAFETY: `api` is the live fts5_api of this connection; FTS5 owns one reference to the state from here on
    // and releases it with `drop_state` when the connection closes (or when the call fails).
    let rc = unsafe {
        let create = (*api).xCreateFunction.ok_or_else(no_fts5)?;
        create(
            api,
            name.as_ptr(),
            shared.cast_mut().cast(),
            Some(score_row),
            Some(drop_state),
        )
    };
    if rc != ffi::SQLITE_OK {
        return Err(StoreError::Invalid(format!(
            "registering {RANK_FUNCTION} failed (SQLite code {rc})"
        )));
    }
    Ok(Ranking { state })
}

fn no_fts5() -> StoreError {
    StoreError::Invalid("this SQLite has no FTS5 extension API".into())
}

/// The connection's `fts5_api`, obtained the documented way: `SELECT fts5(?1)` with a pointer bound to `?1`.
fn fts5_api(conn: &Connection) -> Result<*mut ffi::fts5_api> {
    let mut api: *mut ffi::fts5_api = ptr::null_mut();
    // SAFETY: the statement is prepared, bound, stepped and finalised here on the connection's own handle; the
    // bound pointer (`&mut api`) outlives the statement.
    unsafe {
        let db = conn.handle();
        let mut stmt: *mut ffi::sqlite3_stmt = ptr::null_mut();
        let rc = ffi::sqlite3_prepare_v2(
            db,
            c"SELECT fts5(?1)".as_ptr(),
            -1,
            &mut stmt,
            ptr::null_mut(),
        );
        if rc != ffi::SQLITE_OK {
            return Err(no_fts5());
        }
        ffi::sqlite3_bind_pointer(
            stmt,
            1,
            ptr::addr_of_mut!(api).cast(),
            c"fts5_api_ptr".as_ptr(),
            None,
        );
        ffi::sqlite3_step(stmt);
        ffi::sqlite3_finalize(stmt);
    }
    if api.is_null() {
        return Err(no_fts5());
    }
    Ok(api)
}

unsafe extern "C" fn drop_state(state: *mut c_void) {
    // SAFETY: the pointer is the reference `register` gave FTS5, and FTS5 calls this once.
    drop(unsafe { Arc::from_raw(state.cast_const().cast::<Mutex<RankState>>()) });
}

unsafe extern "C" fn drop_statistics(statistics: *mut c_void) {
    // SAFETY: the pointer is the box `statistics` leaked into the query's aux data, freed once by FTS5.
    drop(unsafe { Box::from_raw(statistics.cast::<QueryStatistics>()) });
}

/// The FTS5 entry point: one row's score, or the SQLite error code that stopped it.
unsafe extern "C" fn score_row(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    value_count: c_int,
    values: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: FTS5 passes a valid API table and context for the row being scored, and `value_count` arguments.
    let weights: Vec<f64> = (0..usize::try_from(value_count).unwrap_or(0))
        .map(|i| unsafe { ffi::sqlite3_value_double(*values.add(i)) })
        .collect();
    match unsafe { score(&*api, fts, &weights) } {
        Ok(score) => unsafe { ffi::sqlite3_result_double(ctx, score) },
        Err(rc) => unsafe { ffi::sqlite3_result_error_code(ctx, rc) },
    }
}

/// Turns an SQLite return code into a `Result`.
fn check(rc: c_int) -> std::result::Result<(), c_int> {
    if rc == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(rc)
    }
}

/// Calls one entry of the API table; a missing entry is SQLITE_ERROR.
macro_rules! call {
    ($api:expr, $name:ident ( $($arg:expr),* )) => {
        match $api.$name {
            Some(function) => function($($arg),*),
            None => return Err(ffi::SQLITE_ERROR),
        }
    };
}

/// BM25 of the current row: for each phrase, idf × f(k1 + 1) / (f + k1(1 − b + b·D/avgdl)), where f is the
/// phrase's occurrences weighted by column and D the row's length in tokens (all columns).
unsafe fn score(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    weights: &[f64],
) -> std::result::Result<f64, c_int> {
    // SAFETY: the user data is the `Mutex<RankState>` given to `xCreateFunction`, alive as long as the
    // connection.
    let state = unsafe { &*call!(api, xUserData(fts)).cast::<Mutex<RankState>>() };
    let mut state = lock(state);
    let statistics = unsafe { statistics(api, fts, &mut state)? };
    let rowid = unsafe { call!(api, xRowid(fts)) };
    let mut frequency = vec![0.0; statistics.idf.len()];
    let mut instances: c_int = 0;
    check(unsafe { call!(api, xInstCount(fts, &mut instances)) })?;
    for instance in 0..instances {
        let (mut phrase, mut column, mut offset): (c_int, c_int, c_int) = (0, 0, 0);
        check(unsafe {
            call!(
                api,
                xInst(fts, instance, &mut phrase, &mut column, &mut offset)
            )
        })?;
        if instance < MAX_RECORDED_HITS_PER_ROW {
            state.hits.push(PhraseHit {
                rowid,
                column,
                offset,
                phrase,
            });
        }
        let weight = usize::try_from(column)
            .ok()
            .and_then(|c| weights.get(c))
            .copied()
            .unwrap_or(1.0);
        if let Some(f) = usize::try_from(phrase)
            .ok()
            .and_then(|p| frequency.get_mut(p))
        {
            *f += weight;
        }
    }
    let kept = usize::try_from(rowid)
        .ok()
        .and_then(|index| state.lengths.get(index))
        .copied()
        .unwrap_or(0);
    let length = if kept > 0 {
        f64::from(kept)
    } else {
        let mut length: c_int = 0;
        check(unsafe { call!(api, xColumnSize(fts, -1, &mut length)) })?;
        f64::from(length)
    };
    let normaliser = K1 * (1.0 - B + B * length / statistics.average_length);
    Ok(statistics
        .idf
        .iter()
        .zip(&frequency)
        .map(|(idf, f)| idf * (f * (K1 + 1.0)) / (f + normaliser))
        .sum())
}

/// The search's statistics, computed for its first row and kept in the query's aux data for the others.
unsafe fn statistics<'a>(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    state: &mut RankState,
) -> std::result::Result<&'a QueryStatistics, c_int> {
    let kept = unsafe { call!(api, xGetAuxdata(fts, 0)) };
    if !kept.is_null() {
        // SAFETY: only this function sets the aux data, always to a `QueryStatistics`.
        return Ok(unsafe { &*kept.cast::<QueryStatistics>() });
    }
    let (mut rows, mut tokens): (i64, i64) = (0, 0);
    check(unsafe { call!(api, xRowCount(fts, &mut rows)) })?;
    check(unsafe { call!(api, xColumnTotalSize(fts, -1, &mut tokens)) })?;
    let phrases = unsafe { call!(api, xPhraseCount(fts)) };
    if state.rows != rows || state.document_counts.len() >= MAX_REMEMBERED_PHRASES {
        state.rows = rows;
        state.document_counts.clear();
    }
    let mut idf = Vec::with_capacity(usize::try_from(phrases).unwrap_or(0));
    for phrase in 0..phrases {
        let key = unsafe { phrase_key(api, fts, phrase)? };
        let hits = match state.document_counts.get(&key) {
            Some(&hits) => hits,
            None => {
                let mut hits: i64 = 0;
                check(unsafe {
                    call!(
                        api,
                        xQueryPhrase(fts, phrase, ptr::addr_of_mut!(hits).cast(), Some(count_row))
                    )
                })?;
                state.document_counts.insert(key, hits);
                hits
            }
        };
        // FTS5's idf, floored just above zero so that a word in most rows still counts a little.
        let value = ((rows - hits) as f64 + 0.5) / (hits as f64 + 0.5);
        idf.push(if value.ln() <= 0.0 { 1e-6 } else { value.ln() });
    }
    let statistics = Box::into_raw(Box::new(QueryStatistics {
        idf,
        average_length: tokens as f64 / rows as f64,
    }));
    // SAFETY: FTS5 takes the box and frees it with `drop_statistics` when the query ends (or at once on error).
    check(unsafe {
        call!(
            api,
            xSetAuxdata(fts, statistics.cast(), Some(drop_statistics))
        )
    })?;
    Ok(unsafe { &*statistics })
}

/// The phrase's tokens as the index stores them, each followed by a 0 byte.
unsafe fn phrase_key(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    phrase: c_int,
) -> std::result::Result<Vec<u8>, c_int> {
    let size = unsafe { call!(api, xPhraseSize(fts, phrase)) };
    let mut key = Vec::new();
    for token in 0..size {
        let (mut text, mut length): (*const std::ffi::c_char, c_int) = (ptr::null(), 0);
        check(unsafe { call!(api, xQueryToken(fts, phrase, token, &mut text, &mut length)) })?;
        if !text.is_null() {
            let length = usize::try_from(length).unwrap_or(0);
            // SAFETY: FTS5 gives `length` bytes at `text`, valid during this call.
            key.extend_from_slice(unsafe { std::slice::from_raw_parts(text.cast::<u8>(), length) });
        }
        key.push(0);
    }
    Ok(key)
}

/// `xQueryPhrase`'s callback: one call per row that contains the phrase.
unsafe extern "C" fn count_row(
    _api: *const ffi::Fts5ExtensionApi,
    _fts: *mut ffi::Fts5Context,
    hits: *mut c_void,
) -> c_int {
    // SAFETY: `hits` is the `i64` `statistics` passed to `xQueryPhrase`.
    unsafe { *hits.cast::<i64>() += 1 };
    ffi::SQLITE_OK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docsize_blobs_sum_their_varints() {
        // 5 and 300 (0x82 0x2c in SQLite's big-endian varint form).
        assert_eq!(total_of_varints(&[0x05, 0x82, 0x2c]), 305);
        assert_eq!(total_of_varints(&[]), 0);
        // A truncated varint adds nothing.
        assert_eq!(total_of_varints(&[0x07, 0x81]), 7);
    }

    #[test]
    fn loaded_lengths_are_the_index_lengths() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE docs USING fts5 (title, text);
             INSERT INTO docs (rowid, title, text) VALUES (1, 'Harbour fire', 'A fire broke out.'),
                 (3, 'Quiet', 'Nothing happened in the port of Elsa today at all');",
        )
        .unwrap();
        let ranking = register(&conn).unwrap();
        ranking.load_lengths(&conn, "docs").unwrap();
        let state = lock(&ranking.state);
        assert_eq!(state.lengths, [0, 6, 0, 11]);
        assert_eq!(state.lengths_through, 3);
    }
}
