//! A short-lived cache of JSON answers to the listing and search routes, so a burst of readers asking for the
//! front page or a popular search costs one store query, not one each.
//!
//! An answer lives at most [`FRESH_FOR`], and every ingest this server runs empties the cache at once; an ingest
//! by another process on the same file (`storyline ingest`) shows within [`FRESH_FOR`].

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use tokio::sync::OnceCell;

/// How long an answer may be served again without asking the store.
pub(crate) const FRESH_FOR: Duration = Duration::from_secs(1);
/// Answers kept at once; past this the stale ones go, and if none is stale, all of them.
const MAX_ENTRIES: usize = 1024;

/// One answer, computed once however many requests wait for it.
type Slot = Arc<OnceCell<Bytes>>;

#[derive(Default)]
pub(crate) struct AnswerCache {
    answers: Mutex<HashMap<String, (Instant, Slot)>>,
}

impl AnswerCache {
    /// The answer to `key`: a fresh one kept from before, or the one `compute` makes. Requests for the same key
    /// that arrive while it is being computed wait for it instead of asking the store too, so an expired front
    /// page costs one query, not one per waiting connection.
    pub(crate) async fn answer<E, F>(&self, key: String, compute: F) -> Result<Bytes, E>
    where
        F: Future<Output = Result<Bytes, E>>,
    {
        let slot = self.slot(key);
        slot.get_or_try_init(|| compute).await.cloned()
    }

    fn slot(&self, key: String) -> Slot {
        let mut answers = self.answers.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((made, slot)) = answers.get(&key) {
            if made.elapsed() < FRESH_FOR {
                return Arc::clone(slot);
            }
        }
        if answers.len() >= MAX_ENTRIES {
            answers.retain(|_, (made, _)| made.elapsed() < FRESH_FOR);
            if answers.len() >= MAX_ENTRIES {
                answers.clear();
            }
        }
        let slot = Slot::default();
        answers.insert(key, (Instant::now(), Arc::clone(&slot)));
        slot
    }

    /// Forgets every answer: the store changed. Requests already waiting on an answer get it; later ones ask
    /// the store again.
    pub(crate) fn invalidate(&self) {
        self.answers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn run<T>(future: impl Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
            .block_on(future)
    }

    async fn counted(calls: &AtomicUsize, body: &'static [u8]) -> Result<Bytes, ()> {
        calls.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(20)).await;
        Ok(Bytes::from_static(body))
    }

    #[test]
    fn waiting_requests_share_one_computation_and_a_write_drops_it() {
        run(async {
            let cache = AnswerCache::default();
            let calls = AtomicUsize::new(0);
            let answers = futures_join(
                cache.answer("events".into(), counted(&calls, b"a")),
                cache.answer("events".into(), counted(&calls, b"b")),
            )
            .await;
            assert_eq!(
                answers,
                (Ok(Bytes::from_static(b"a")), Ok(Bytes::from_static(b"a")))
            );
            assert_eq!(calls.load(Ordering::SeqCst), 1);
            cache.invalidate();
            let after = cache.answer("events".into(), counted(&calls, b"c")).await;
            assert_eq!(after, Ok(Bytes::from_static(b"c")));
            assert_eq!(calls.load(Ordering::SeqCst), 2);
        });
    }

    #[test]
    fn answers_expire_and_failures_are_not_kept() {
        run(async {
            let cache = AnswerCache::default();
            let failed: Result<Bytes, &str> =
                cache.answer("q".into(), async { Err("store") }).await;
            assert_eq!(failed, Err("store"));
            let ok: Result<Bytes, &str> = cache
                .answer("q".into(), async { Ok(Bytes::from_static(b"x")) })
                .await;
            assert_eq!(ok, Ok(Bytes::from_static(b"x")));
            cache.answers.lock().unwrap().get_mut("q").unwrap().0 -= FRESH_FOR;
            let again: Result<Bytes, &str> = cache
                .answer("q".into(), async { Ok(Bytes::from_static(b"y")) })
                .await;
            assert_eq!(again, Ok(Bytes::from_static(b"y")));
        });
    }

    /// Both futures polled together on one thread (tokio::join! without the macros feature's extras).
    async fn futures_join<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
        tokio::join!(a, b)
    }
}
