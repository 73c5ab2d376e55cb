//! A short-lived cache of JSON answers to the listing and search routes, so a burst of readers asking for the
//! front page or a popular search costs one store query, not one each.
//!
//! An answer lives at most [`FRESH_FOR`], and every ingest this server runs empties the cache at once; an ingest
//! by another process on the same file (`storyline ingest`) shows within [`FRESH_FOR`].

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;

/// How long an answer may be served again without asking the store.
pub(crate) const FRESH_FOR: Duration = Duration::from_secs(1);
/// Answers kept at once; past this the stale ones go, and if none is stale, all of them.
const MAX_ENTRIES: usize = 1024;

#[derive(Default)]
pub(crate) struct AnswerCache {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Bumped by every write: an answer computed before a write is never stored after it.
    generation: u64,
    answers: HashMap<String, (Instant, Bytes)>,
}

impl AnswerCache {
    /// The stored answer to `key` if it is fresh.
    pub(crate) fn get(&self, key: &str) -> Option<Bytes> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state
            .answers
            .get(key)
            .filter(|(made, _)| made.elapsed() < FRESH_FOR)
            .map(|(_, answer)| answer.clone())
    }

    /// The generation to pass to [`AnswerCache::put`] for an answer about to be computed.
    pub(crate) fn generation(&self) -> u64 {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .generation
    }

    /// Keeps `answer`, unless the store was written since `generation` was read.
    pub(crate) fn put(&self, key: String, generation: u64, answer: Bytes) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.generation != generation {
            return;
        }
        if state.answers.len() >= MAX_ENTRIES {
            state
                .answers
                .retain(|_, (made, _)| made.elapsed() < FRESH_FOR);
            if state.answers.len() >= MAX_ENTRIES {
                state.answers.clear();
            }
        }
        state.answers.insert(key, (Instant::now(), answer));
    }

    /// Forgets every answer: the store changed.
    pub(crate) fn invalidate(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.generation += 1;
        state.answers.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_drops_answers_and_refuses_answers_computed_before_it() {
        let cache = AnswerCache::default();
        let before = cache.generation();
        cache.put("events".into(), before, Bytes::from_static(b"old"));
        assert_eq!(cache.get("events").as_deref(), Some(&b"old"[..]));
        let racing = cache.generation();
        cache.invalidate();
        assert_eq!(cache.get("events"), None);
        // An answer read from the store before the write finished is not kept.
        cache.put("events".into(), racing, Bytes::from_static(b"stale"));
        assert_eq!(cache.get("events"), None);
        cache.put(
            "events".into(),
            cache.generation(),
            Bytes::from_static(b"new"),
        );
        assert_eq!(cache.get("events").as_deref(), Some(&b"new"[..]));
    }

    #[test]
    fn answers_expire() {
        let cache = AnswerCache::default();
        let generation = cache.generation();
        cache.put("q".into(), generation, Bytes::from_static(b"x"));
        cache.state.lock().unwrap().answers.get_mut("q").unwrap().0 -= FRESH_FOR;
        assert_eq!(cache.get("q"), None);
    }
}
