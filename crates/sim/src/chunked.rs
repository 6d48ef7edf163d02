//! `Chunked<T>`: a vector stored in fixed-size chunks shared between clones
//! (copy-on-write per chunk). Cloning a simulation with a long event log, ledger or
//! replica logs copies only chunk pointers; the first write to a shared chunk copies
//! that one chunk. This keeps `Sim: Clone` cheap for timeline snapshots. A prefix can be
//! dropped (log retention): indices stay where they were, the items below
//! [`Chunked::front`] are gone and their whole chunks freed.

use serde::{Serialize, Serializer};
use std::sync::Arc;

const CHUNK: usize = 512;

/// A chunked, clone-cheap vector.
#[derive(Clone, Debug)]
pub struct Chunked<T> {
    chunks: Vec<Arc<Vec<T>>>,
    len: usize,
    /// Index of the first item kept (items below it were dropped).
    front: usize,
    /// Index of the first slot of `chunks[0]` (at or below `front`).
    origin: usize,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            chunks: Vec::new(),
            len: 0,
            front: 0,
            origin: 0,
        }
    }
}

impl<T: Clone> Chunked<T> {
    /// An empty vector.
    pub fn new() -> Self {
        Self::default()
    }

    /// One past the last index (items dropped from the front still count).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no item is kept.
    pub fn is_empty(&self) -> bool {
        self.len == self.front
    }

    /// Index of the first item kept.
    pub fn front(&self) -> usize {
        self.front
    }

    fn slot(&self, i: usize) -> (usize, usize) {
        let rel = i - self.origin;
        (rel / CHUNK, rel % CHUNK)
    }

    /// Drops the items below index `n` (at most up to the end), freeing their whole chunks.
    pub fn drop_front(&mut self, n: usize) {
        let n = n.min(self.len);
        if n <= self.front {
            return;
        }
        let whole = (n - self.origin) / CHUNK;
        self.chunks.drain(..whole.min(self.chunks.len()));
        self.origin += whole * CHUNK;
        self.front = n;
    }

    /// Restarts empty at index `n`: everything is dropped and the next push gets index `n`.
    pub fn reset_at(&mut self, n: usize) {
        self.chunks.clear();
        self.len = n;
        self.front = n;
        self.origin = n;
    }

    /// Appends an item.
    pub fn push(&mut self, v: T) {
        if (self.len - self.origin).is_multiple_of(CHUNK) {
            self.chunks.push(Arc::new(Vec::with_capacity(CHUNK)));
        }
        Arc::make_mut(self.chunks.last_mut().expect("chunk")).push(v);
        self.len += 1;
    }

    /// Item `i` (`None` past the end or below the front).
    pub fn get(&self, i: usize) -> Option<&T> {
        if (self.front..self.len).contains(&i) {
            let (c, k) = self.slot(i);
            Some(&self.chunks[c][k])
        } else {
            None
        }
    }

    /// Mutable item `i` (copies its chunk if shared).
    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        if (self.front..self.len).contains(&i) {
            let (c, k) = self.slot(i);
            Some(&mut Arc::make_mut(&mut self.chunks[c])[k])
        } else {
            None
        }
    }

    /// First item kept.
    pub fn first(&self) -> Option<&T> {
        self.get(self.front)
    }

    /// Last item.
    pub fn last(&self) -> Option<&T> {
        self.len.checked_sub(1).and_then(|i| self.get(i))
    }

    /// Keeps the items below index `n` (all dropped, restarting at `n`, when `n` is below the front).
    pub fn truncate(&mut self, n: usize) {
        if n >= self.len {
            return;
        }
        if n <= self.front {
            self.reset_at(n);
            return;
        }
        let rel = n - self.origin;
        self.chunks.truncate(rel.div_ceil(CHUNK));
        if !rel.is_multiple_of(CHUNK) {
            Arc::make_mut(self.chunks.last_mut().expect("chunk")).truncate(rel % CHUNK);
        }
        self.len = n;
    }

    /// Items kept, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + '_ {
        self.range(self.front, self.len)
    }

    /// Items `from..to` that are kept, in order.
    pub fn range(&self, from: usize, to: usize) -> impl DoubleEndedIterator<Item = &T> + '_ {
        let to = to.min(self.len);
        let from = from.max(self.front).min(to);
        (from..to).map(move |i| {
            let (c, k) = self.slot(i);
            &self.chunks[c][k]
        })
    }

    /// A plain `Vec` copy of the items kept.
    pub fn to_vec(&self) -> Vec<T> {
        self.iter().cloned().collect()
    }
}

impl<T: Clone> std::ops::Index<usize> for Chunked<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        self.get(i).expect("index out of range")
    }
}

impl<'a, T: Clone> IntoIterator for &'a Chunked<T> {
    type Item = &'a T;
    type IntoIter = Box<dyn DoubleEndedIterator<Item = &'a T> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl<T: Clone + Serialize> Serialize for Chunked<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<T: Clone + PartialEq> PartialEq for Chunked<T> {
    fn eq(&self, o: &Self) -> bool {
        self.len == o.len && self.front == o.front && self.iter().eq(o.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clone_shares_chunks_and_writes_copy_only_the_touched_chunk() {
        let mut a = Chunked::new();
        for i in 0..2000 {
            a.push(i);
        }
        let b = a.clone();
        *a.get_mut(5).unwrap() = -1;
        a.push(7);
        assert_eq!(b[5], 5);
        assert_eq!(a[5], -1);
        assert_eq!(b.len(), 2000);
        assert_eq!(a.len(), 2001);
        assert!(Arc::ptr_eq(&a.chunks[2], &b.chunks[2]));
    }

    #[test]
    fn truncate_and_range_match_a_plain_vec() {
        let mut a = Chunked::new();
        let mut v = Vec::new();
        for i in 0..1500 {
            a.push(i);
            v.push(i);
        }
        for n in [1400, 1024, 1023, 512, 3, 0] {
            a.truncate(n);
            v.truncate(n);
            assert_eq!(a.to_vec(), v);
        }
        for i in 0..10 {
            a.push(i);
        }
        assert_eq!(a.range(2, 5).copied().collect::<Vec<_>>(), vec![2, 3, 4]);
        assert_eq!(a.last(), Some(&9));
    }

    #[test]
    fn dropping_a_prefix_keeps_indices_and_frees_whole_chunks() {
        let mut a = Chunked::new();
        for i in 0..1500 {
            a.push(i);
        }
        a.drop_front(1100);
        assert_eq!((a.front(), a.len(), a.chunks.len()), (1100, 1500, 1));
        assert_eq!(a.get(1099), None);
        assert_eq!(a.first(), Some(&1100));
        assert_eq!(
            a.range(0, 1103).copied().collect::<Vec<_>>(),
            vec![1100, 1101, 1102]
        );
        assert_eq!(a.iter().count(), 400);
        a.truncate(1200);
        assert_eq!(a.to_vec(), (1100..1200).collect::<Vec<_>>());
        a.truncate(900);
        assert!(a.is_empty());
        assert_eq!((a.front(), a.len()), (900, 900));
        a.push(-1);
        assert_eq!(a.get(900), Some(&-1));
        a.reset_at(5000);
        a.push(7);
        assert_eq!((a.first(), a.len()), (Some(&7), 5001));
    }
}
