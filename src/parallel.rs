//! Foundation, parallel work: independent documents (a part, an utdrag,
//! the web version beside the kallelse) laid out or exported on every core.
//!
//! Plain threads, not rayon's pool: typst lays out on rayon's pool itself,
//! and a pool thread that waits for our work while our work waits for the
//! pool would never wake.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `a` here and `b` on another thread at the same time; both results.
pub fn join<A, B>(a: impl FnOnce() -> A, b: impl FnOnce() -> B + Send) -> (A, B)
where
    B: Send,
{
    std::thread::scope(|scope| {
        let other = scope.spawn(b);
        let a = a();
        let b = other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (a, b)
    })
}

/// `f` of every item, on as many threads as there are cores, in the order
/// of `items`.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else { break };
                    let result = f(item);
                    done.lock().expect("results lock").push((index, result));
                }
            });
        }
    });
    let mut done = done.into_inner().expect("results lock");
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_their_order() {
        let items: Vec<usize> = (0..50).collect();
        assert_eq!(
            super::map(&items, |n| n * 2),
            (0..100).step_by(2).collect::<Vec<_>>()
        );
        assert_eq!(super::join(|| 1, || "två"), (1, "två"));
    }
}
