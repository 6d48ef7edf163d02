//! `Chunked<T>`: a vector stored in fixed-size chunks shared between clones
//! (copy-on-write per chunk). Cloning a simulation with a long event log, ledger or
//! replica logs copies only chunk pointers; the first write to a shared chunk copies
//! that one chunk. This keeps `Sim: Clone` cheap for timeline snapshots.

use serde::{Serialize, Serializer};
use std::sync::Arc;

const CHUNK: usize = 512;

/// A chunked, clone-cheap vector.
#[derive(Clone, Debug)]
pub struct Chunked<T> {
    chunks: Vec<Arc<Vec<T>>>,
    len: usize,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T: Clone> Chunked<T> {
    /// An empty vector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends an item.
    pub fn push(&mut self, v: T) {
        if self.len.is_multiple_of(CHUNK) {
            self.chunks.push(Arc::new(Vec::with_capacity(CHUNK)));
        }
        Arc::make_mut(self.chunks.last_mut().expect("chunk")).push(v);
        self.len += 1;
    }

    /// Item `i`.
    pub fn get(&self, i: usize) -> Option<&T> {
        if i < self.len {
            Some(&self.chunks[i / CHUNK][i % CHUNK])
        } else {
            None
        }
    }

    /// Mutable item `i` (copies its chunk if shared).
    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        if i < self.len {
            Some(&mut Arc::make_mut(&mut self.chunks[i / CHUNK])[i % CHUNK])
        } else {
            None
        }
    }

    /// First item.
    pub fn first(&self) -> Option<&T> {
        self.get(0)
    }

    /// Last item.
    pub fn last(&self) -> Option<&T> {
        self.len.checked_sub(1).and_then(|i| self.get(i))
    }

    /// Keeps the first `n` items.
    pub fn truncate(&mut self, n: usize) {
        if n >= self.len {
            return;
        }
        let keep_chunks = n.div_ceil(CHUNK);
        self.chunks.truncate(keep_chunks);
        if !n.is_multiple_of(CHUNK) {
            Arc::make_mut(self.chunks.last_mut().expect("chunk")).truncate(n % CHUNK);
        }
        self.len = n;
    }

    /// Items in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + '_ {
        self.chunks.iter().flat_map(|c| c.iter())
    }

    /// Items `from..to`, in order.
    pub fn range(&self, from: usize, to: usize) -> impl Iterator<Item = &T> + '_ {
        let to = to.min(self.len);
        (from..to).map(move |i| &self.chunks[i / CHUNK][i % CHUNK])
    }

    /// A plain `Vec` copy.
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
    type IntoIter = std::iter::FlatMap<
        std::slice::Iter<'a, Arc<Vec<T>>>,
        std::slice::Iter<'a, T>,
        fn(&'a Arc<Vec<T>>) -> std::slice::Iter<'a, T>,
    >;
    fn into_iter(self) -> Self::IntoIter {
        fn it<T>(c: &Arc<Vec<T>>) -> std::slice::Iter<'_, T> {
            c.iter()
        }
        self.chunks
            .iter()
            .flat_map(it as fn(&'a Arc<Vec<T>>) -> std::slice::Iter<'a, T>)
    }
}

impl<T: Clone + Serialize> Serialize for Chunked<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<T: Clone + PartialEq> PartialEq for Chunked<T> {
    fn eq(&self, o: &Self) -> bool {
        self.len == o.len && self.iter().eq(o.iter())
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
}
