//! Bounded, host-polite concurrency: a few requests at a time overall, fewer to any one host, results in the
//! order of the input whatever order they finish in.

use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, PoisonError};

struct Queue<R> {
    /// Indexes not started yet, in input order.
    pending: Vec<usize>,
    in_flight: BTreeMap<String, usize>,
    results: Vec<Option<R>>,
}

/// Runs `job` on every task with at most `workers` running at once and at most `per_host` at once for one host
/// (`host_of` names a task's host). Returns the results in task order.
pub fn run_bounded<T, R, J, H>(
    tasks: &[T],
    workers: usize,
    per_host: usize,
    host_of: H,
    job: J,
) -> Vec<R>
where
    T: Sync,
    R: Send,
    J: Fn(&T) -> R + Sync,
    H: Fn(&T) -> String + Sync,
{
    let per_host = per_host.max(1);
    let queue = Mutex::new(Queue {
        pending: (0..tasks.len()).collect(),
        in_flight: BTreeMap::new(),
        results: tasks.iter().map(|_| None).collect(),
    });
    let changed = Condvar::new();
    let worker = || loop {
        let (index, host) = {
            let mut state = queue.lock().unwrap_or_else(PoisonError::into_inner);
            loop {
                if state.pending.is_empty() {
                    return;
                }
                let free = state.pending.iter().position(|&i| {
                    let host = host_of(&tasks[i]);
                    state.in_flight.get(&host).copied().unwrap_or(0) < per_host
                });
                match free {
                    Some(position) => {
                        let index = state.pending.remove(position);
                        let host = host_of(&tasks[index]);
                        *state.in_flight.entry(host.clone()).or_default() += 1;
                        break (index, host);
                    }
                    // Every waiting URL's host is busy: sleep until a request finishes.
                    None => {
                        state = changed.wait(state).unwrap_or_else(PoisonError::into_inner);
                    }
                }
            }
        };
        let result = job(&tasks[index]);
        let mut state = queue.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = state.in_flight.get_mut(&host) {
            *count -= 1;
        }
        state.results[index] = Some(result);
        changed.notify_all();
    };
    let threads = workers.clamp(1, tasks.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(worker);
        }
    });
    queue
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .results
        .into_iter()
        .map(|result| result.expect("every job ran: workers exit only when none is pending"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn results_keep_input_order_and_hosts_are_limited() {
        let urls: Vec<String> = (0..12)
            .map(|i| format!("http://host{}.example/{i}", i % 2))
            .collect();
        let running_on_host0 = AtomicUsize::new(0);
        let most_on_host0 = AtomicUsize::new(0);
        let running = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let results = run_bounded(
            &urls,
            3,
            1,
            |url| url.split('/').nth(2).unwrap_or_default().to_string(),
            |url| {
                let on_host0 = url.contains("host0");
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                if on_host0 {
                    let now = running_on_host0.fetch_add(1, Ordering::SeqCst) + 1;
                    most_on_host0.fetch_max(now, Ordering::SeqCst);
                }
                // Later URLs finish first, so input order must be restored.
                let index: u64 = url.rsplit('/').next().unwrap().parse().unwrap();
                std::thread::sleep(Duration::from_millis(2 * (12 - index)));
                if on_host0 {
                    running_on_host0.fetch_sub(1, Ordering::SeqCst);
                }
                running.fetch_sub(1, Ordering::SeqCst);
                url.len() + index as usize
            },
        );
        let expected: Vec<usize> = urls
            .iter()
            .enumerate()
            .map(|(i, url)| url.len() + i)
            .collect();
        assert_eq!(results, expected);
        assert_eq!(most_on_host0.load(Ordering::SeqCst), 1);
        // Two hosts, one request each at a time: never more than two at once, though three workers run.
        assert!(most.load(Ordering::SeqCst) <= 2);
    }

    #[test]
    fn no_urls_no_work() {
        let results: Vec<()> = run_bounded(&[] as &[String], 4, 2, String::clone, |_| ());
        assert!(results.is_empty());
    }
}
