//! The event queue: a binary min-heap ordered by `(time, seq)`, where `seq` is an
//! insertion counter so that ties break deterministically.

use crate::ids::TimeMs;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

struct Item<E> {
    time: TimeMs,
    seq: u64,
    ev: E,
}

impl<E> PartialEq for Item<E> {
    fn eq(&self, o: &Self) -> bool {
        self.time == o.time && self.seq == o.seq
    }
}
impl<E> Eq for Item<E> {}
impl<E> PartialOrd for Item<E> {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl<E> Ord for Item<E> {
    fn cmp(&self, o: &Self) -> Ordering {
        // Reversed: BinaryHeap is a max-heap, we want the earliest first.
        (o.time, o.seq).cmp(&(self.time, self.seq))
    }
}

impl<E: Clone> Clone for Item<E> {
    fn clone(&self) -> Self {
        Item {
            time: self.time,
            seq: self.seq,
            ev: self.ev.clone(),
        }
    }
}

/// A deterministic timed queue of events `E`.
#[derive(Clone)]
pub struct EventQueue<E> {
    heap: BinaryHeap<Item<E>>,
    seq: u64,
}

impl<E> std::fmt::Debug for EventQueue<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EventQueue({} pending)", self.heap.len())
    }
}

impl<E: Clone> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue {
            heap: BinaryHeap::new(),
            seq: 0,
        }
    }
}

impl<E: Clone> EventQueue<E> {
    /// Schedules `ev` at `time`.
    pub fn push(&mut self, time: TimeMs, ev: E) {
        self.seq += 1;
        self.heap.push(Item {
            time,
            seq: self.seq,
            ev,
        });
    }

    /// Time of the earliest event.
    pub fn peek_time(&self) -> Option<TimeMs> {
        self.heap.peek().map(|i| i.time)
    }

    /// Removes and returns the earliest event.
    pub fn pop(&mut self) -> Option<(TimeMs, E)> {
        self.heap.pop().map(|i| (i.time, i.ev))
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_by_time_then_insertion_order() {
        let mut q = EventQueue::default();
        q.push(10, 'a');
        q.push(5, 'b');
        q.push(10, 'c');
        q.push(5, 'd');
        let order: Vec<char> = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, vec!['b', 'd', 'a', 'c']);
    }
}
