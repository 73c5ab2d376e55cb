//! `storyline_bm25`: FTS5's BM25, with the document frequencies of query phrases remembered between searches.
//!
//! FTS5's own `bm25()` counts, for every search, the documents that contain each phrase of the query (the
//! inverse document frequency needs that count): one pass over the phrase's whole doclist, about half of a
//! search's SQLite time for a common word in a store of 100,000 articles, even though only the
//! `SEARCH_CANDIDATES` newest matches are scored. This function scores a row exactly as `bm25()` does (same
//! k1, b, column weights and length normalisation, same idf formula) but keeps each phrase's document count per
//! connection until the index's row count changes, so a word searched again costs only its candidates. Stored
//! articles are never deleted, so a row count that did not change means an index that did not change.
//!
//! Written by hand because neither rusqlite nor any crate registers FTS5 auxiliary functions; this is the one
//! `unsafe` module of the store, a thin layer over `Fts5ExtensionApi` (SQLite's documented C interface).

use std::collections::HashMap;
use std::ffi::{c_int, c_void};
use std::ptr;
use std::sync::Mutex;

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

/// Document counts of phrases (their tokens, each followed by a 0 byte), valid for an index of `rows` rows.
struct DocumentCounts {
    rows: i64,
    by_phrase: HashMap<Vec<u8>, i64>,
}

/// What one search needs for every row it scores: each phrase's idf and the average row length.
struct QueryStatistics {
    idf: Vec<f64>,
    average_length: f64,
}

/// Registers [`RANK_FUNCTION`] on the connection, with its own memory of document counts.
pub(crate) fn register(conn: &Connection) -> Result<()> {
    let api = fts5_api(conn)?;
    let counts = Box::into_raw(Box::new(Mutex::new(DocumentCounts {
        rows: -1,
        by_phrase: HashMap::new(),
    })));
    let name = std::ffi::CString::new(RANK_FUNCTION).expect("no NUL in the name");
    // SAFETY: `api` is the live fts5_api of this connection; FTS5 owns `counts` from here on and frees it with
    // `drop_counts` when the connection closes (or when the call fails).
    let rc = unsafe {
        let create = (*api).xCreateFunction.ok_or_else(no_fts5)?;
        create(
            api,
            name.as_ptr(),
            counts.cast(),
            Some(score_row),
            Some(drop_counts),
        )
    };
    if rc != ffi::SQLITE_OK {
        return Err(StoreError::Invalid(format!(
            "registering {RANK_FUNCTION} failed (SQLite code {rc})"
        )));
    }
    Ok(())
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

unsafe extern "C" fn drop_counts(counts: *mut c_void) {
    // SAFETY: the pointer is the box `register` leaked, and FTS5 calls this once.
    drop(unsafe { Box::from_raw(counts.cast::<Mutex<DocumentCounts>>()) });
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
    let statistics = unsafe { statistics(api, fts)? };
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
    let mut length: c_int = 0;
    check(unsafe { call!(api, xColumnSize(fts, -1, &mut length)) })?;
    let normaliser = K1 * (1.0 - B + B * f64::from(length) / statistics.average_length);
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
    // SAFETY: the user data is the `Mutex<DocumentCounts>` given to `xCreateFunction`, alive as long as the
    // connection.
    let counts = unsafe { &*call!(api, xUserData(fts)).cast::<Mutex<DocumentCounts>>() };
    let mut counts = counts
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if counts.rows != rows || counts.by_phrase.len() >= MAX_REMEMBERED_PHRASES {
        counts.rows = rows;
        counts.by_phrase.clear();
    }
    let mut idf = Vec::with_capacity(usize::try_from(phrases).unwrap_or(0));
    for phrase in 0..phrases {
        let key = unsafe { phrase_key(api, fts, phrase)? };
        let hits = match counts.by_phrase.get(&key) {
            Some(&hits) => hits,
            None => {
                let mut hits: i64 = 0;
                check(unsafe {
                    call!(
                        api,
                        xQueryPhrase(fts, phrase, ptr::addr_of_mut!(hits).cast(), Some(count_row))
                    )
                })?;
                counts.by_phrase.insert(key, hits);
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
