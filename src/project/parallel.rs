//! Reading many project files on every core: each worker takes a contiguous share of the items
//! and the results come back in the items' order, whatever the order they finish in.

use std::sync::mpsc;

/// `f` of every item, in order, computed on up to [`std::thread::available_parallelism`]
/// scoped threads. `done(n)` is called on the calling thread as the `n`-th result arrives (for
/// progress). A panic in `f` is raised again on the calling thread.
pub(crate) fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
    done: &mut dyn FnMut(usize),
) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if workers <= 1 {
        return items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let r = f(item);
                done(i + 1);
                r
            })
            .collect();
    }
    let share = items.len().div_ceil(workers);
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::channel();
        let f = &f;
        let handles: Vec<_> = items
            .chunks(share)
            .enumerate()
            .map(|(k, chunk)| {
                let tx = tx.clone();
                s.spawn(move || {
                    for (j, item) in chunk.iter().enumerate() {
                        // The receiver lives until every worker is joined.
                        let _ = tx.send((k * share + j, f(item)));
                    }
                })
            })
            .collect();
        drop(tx);
        for (n, (i, r)) in rx.iter().enumerate() {
            results[i] = Some(r);
            done(n + 1);
        }
        for h in handles {
            if let Err(panic) = h.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    results
        .into_iter()
        .map(|r| r.expect("every worker sent every result or panicked"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..1000).collect();
        let mut calls = Vec::new();
        let squares = map_in_order(&items, |n| n * n, &mut |n| calls.push(n));
        assert_eq!(squares[0], 0);
        assert_eq!(squares[7], 49);
        assert_eq!(squares[999], 998_001);
        assert_eq!(squares.len(), 1000);
        assert_eq!(calls, (1..=1000).collect::<Vec<_>>());
        assert!(map_in_order(&[] as &[u64], |n| *n, &mut |_| {}).is_empty());
    }

    #[test]
    #[should_panic(expected = "item 500")]
    fn a_panic_of_a_worker_reaches_the_caller() {
        let items: Vec<u64> = (0..1000).collect();
        map_in_order(&items, |n| assert!(*n != 500, "item {n}"), &mut |_| {});
    }
}
