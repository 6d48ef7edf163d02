//! The idempotent producers' state of one replica (Kafka's `ProducerStateManager`): one
//! entry per producer id, keyed for O(log n) lookup, holding the sequence ranges and
//! offsets of its last five batches. A new batch is a duplicate when its first *and* last
//! sequence match a cached batch, in sequence when it follows the last one, and out of
//! order otherwise (an unknown producer id must start at sequence 0). Entries expire
//! `producer.id.expiration.ms` after the producer last wrote.

use super::log::Log;
use crate::ids::{Offset, TimeMs};
use std::collections::{BTreeMap, VecDeque};

/// Batches remembered per producer (Kafka's `ProducerStateEntry.NUM_BATCHES_TO_RETAIN`).
const BATCHES_TO_RETAIN: usize = 5;

/// One appended batch (Kafka's `BatchMetadata`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchMetadata {
    /// Sequence of its first record.
    pub first_seq: u32,
    /// Sequence of its last record.
    pub last_seq: u32,
    /// Offset of its first record.
    pub first_offset: Offset,
}

/// One producer id's entry (Kafka's `ProducerStateEntry`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerStateEntry {
    /// Its last batches, oldest first.
    pub batches: VecDeque<BatchMetadata>,
    /// When it last wrote (the append time here; Kafka uses the batch's max timestamp).
    pub last_timestamp: TimeMs,
}

/// How a new batch relates to what the replica knows of its producer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SequenceCheck {
    /// The next batch: append it.
    InSequence,
    /// Already appended at this base offset: answer with it, append nothing.
    Duplicate(Offset),
    /// A gap, an overlap that is not an exact duplicate, or an unknown producer id not
    /// starting at 0: OUT_OF_ORDER_SEQUENCE_NUMBER.
    OutOfOrder,
}

/// Every producer's entry on one replica.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProducerStateManager {
    producers: BTreeMap<u64, ProducerStateEntry>,
}

impl ProducerStateManager {
    /// Checks a batch of `producer_id` with sequences `first_seq..=last_seq`.
    pub fn check(&self, producer_id: u64, first_seq: u32, last_seq: u32) -> SequenceCheck {
        let Some(e) = self.producers.get(&producer_id) else {
            return if first_seq == 0 {
                SequenceCheck::InSequence
            } else {
                SequenceCheck::OutOfOrder
            };
        };
        if let Some(b) = e
            .batches
            .iter()
            .find(|b| b.first_seq == first_seq && b.last_seq == last_seq)
        {
            return SequenceCheck::Duplicate(b.first_offset);
        }
        match e.batches.back() {
            Some(last) if first_seq == last.last_seq.wrapping_add(1) => SequenceCheck::InSequence,
            None if first_seq == 0 => SequenceCheck::InSequence,
            _ => SequenceCheck::OutOfOrder,
        }
    }

    /// Records an appended batch.
    pub fn append(&mut self, producer_id: u64, batch: BatchMetadata, now: TimeMs) {
        let e = self
            .producers
            .entry(producer_id)
            .or_insert_with(|| ProducerStateEntry {
                batches: VecDeque::new(),
                last_timestamp: now,
            });
        if e.batches.len() == BATCHES_TO_RETAIN {
            e.batches.pop_front();
        }
        e.batches.push_back(batch);
        e.last_timestamp = now;
    }

    /// Rebuilds the state from the log after records were removed (Kafka reloads it from
    /// its snapshot and the log). Entries get `now` as their last timestamp.
    pub fn rebuild(&mut self, log: &Log, now: TimeMs) {
        self.producers.clear();
        let mut first: Option<(u32, Offset)> = None;
        for r in log.records().iter() {
            let (seq, off) = *first.get_or_insert((r.seq, r.offset));
            if r.batch_end {
                if r.producer_id != 0 {
                    self.append(
                        r.producer_id,
                        BatchMetadata {
                            first_seq: seq,
                            last_seq: r.seq,
                            first_offset: off,
                        },
                        now,
                    );
                }
                first = None;
            }
        }
    }

    /// Kafka's `removeExpiredProducers`: drops entries idle for `expiration_ms` or more.
    pub fn remove_expired(&mut self, now: TimeMs, expiration_ms: u64) {
        self.producers
            .retain(|_, e| now.saturating_sub(e.last_timestamp) < expiration_ms);
    }

    /// Number of producer ids with an entry.
    pub fn len(&self) -> usize {
        self.producers.len()
    }

    /// Whether no producer has an entry.
    pub fn is_empty(&self) -> bool {
        self.producers.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(first_seq: u32, last_seq: u32, first_offset: Offset) -> BatchMetadata {
        BatchMetadata {
            first_seq,
            last_seq,
            first_offset,
        }
    }

    // ProducerStateManagerTest: duplicates need the same first and last sequence.
    #[test]
    fn duplicate_needs_first_and_last_sequence_to_match() {
        let mut s = ProducerStateManager::default();
        s.append(7, batch(0, 3, 10), 0);
        assert_eq!(s.check(7, 0, 3), SequenceCheck::Duplicate(10));
        assert_eq!(
            s.check(7, 0, 1),
            SequenceCheck::OutOfOrder,
            "same first sequence, other batch: no phantom match"
        );
        assert_eq!(s.check(7, 4, 6), SequenceCheck::InSequence);
        assert_eq!(s.check(7, 5, 6), SequenceCheck::OutOfOrder);
    }

    #[test]
    fn unknown_producer_must_start_at_sequence_zero() {
        let s = ProducerStateManager::default();
        assert_eq!(s.check(9, 0, 2), SequenceCheck::InSequence);
        assert_eq!(s.check(9, 3, 4), SequenceCheck::OutOfOrder);
    }

    #[test]
    fn keeps_five_batches_and_one_entry_per_producer_id() {
        let mut s = ProducerStateManager::default();
        for i in 0..8u32 {
            s.append(1, batch(i, i, u64::from(i)), 0);
        }
        assert_eq!(s.len(), 1);
        assert_eq!(s.check(1, 3, 3), SequenceCheck::Duplicate(3));
        assert_eq!(
            s.check(1, 2, 2),
            SequenceCheck::OutOfOrder,
            "older than the five retained batches"
        );
    }

    #[test]
    fn entries_expire_after_producer_id_expiration_ms() {
        let mut s = ProducerStateManager::default();
        s.append(1, batch(0, 0, 0), 1000);
        s.append(2, batch(0, 0, 1), 5000);
        s.remove_expired(1000 + 86_400_000, 86_400_000);
        assert_eq!(s.len(), 1);
        assert_eq!(
            s.check(1, 1, 1),
            SequenceCheck::OutOfOrder,
            "expired: unknown again"
        );
        assert_eq!(s.check(2, 1, 1), SequenceCheck::InSequence);
    }
}
