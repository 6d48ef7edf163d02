//! The ledger: the life of every produced message (sent → appended → committed →
//! acknowledged → consumed → lost), kept by the core as the protocol runs.

use crate::ids::{BrokerId, TimeMs, TopicPartition};
use serde::Serialize;

/// One produced message's life.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MessageRecord {
    /// Ledger id (order of production).
    pub id: u64,
    /// Value as produced.
    pub value: String,
    /// Where it was produced to.
    pub tp: TopicPartition,
    /// The producer's `acks` (0, 1 or -1 for all).
    pub acks: i8,
    /// Producer index in the scenario.
    pub producer: u32,
    /// When the producer sent it.
    pub sent_at: TimeMs,
    /// When a leader first appended it.
    pub appended_at: Option<TimeMs>,
    /// When the producer learned of success, if it did.
    pub acknowledged_at: Option<TimeMs>,
    /// The error the producer finally got, if any (Kafka's error name).
    pub error: Option<String>,
    /// When it first fell below the leader's high watermark.
    pub committed_at: Option<TimeMs>,
    /// When it was lost from every replica, if it was.
    pub lost_at: Option<TimeMs>,
    /// Why it was lost (`Truncation`, `PowerLoss`, `DiskLoss`).
    pub lost_cause: Option<crate::events::LossCause>,
    /// Brokers whose logs hold it now.
    pub held_by: Vec<BrokerId>,
    /// Extra copies appended by retries (0 with idempotence).
    pub duplicates: u32,
    /// Consumer groups that consumed it.
    pub consumed_by: Vec<String>,
}

/// All messages plus per-broker copy counts.
#[derive(Clone, Debug)]
pub struct Ledger {
    records: Vec<MessageRecord>,
    copies: Vec<u16>,
    n_brokers: usize,
}

impl Ledger {
    /// An empty ledger for `n_brokers` brokers.
    pub fn new(n_brokers: usize) -> Ledger {
        Ledger { records: Vec::new(), copies: Vec::new(), n_brokers }
    }

    /// Every record.
    pub fn records(&self) -> &[MessageRecord] {
        &self.records
    }

    /// One record.
    pub fn get(&self, msg: u32) -> &MessageRecord {
        &self.records[msg as usize]
    }

    /// Mutable record.
    pub fn get_mut(&mut self, msg: u32) -> &mut MessageRecord {
        &mut self.records[msg as usize]
    }

    /// A producer sends a new message; returns its id.
    pub fn sent(&mut self, value: String, tp: TopicPartition, acks: i8, producer: u32, now: TimeMs) -> u32 {
        let id = self.records.len() as u32;
        self.records.push(MessageRecord {
            id: id as u64,
            value,
            tp,
            acks,
            producer,
            sent_at: now,
            appended_at: None,
            acknowledged_at: None,
            error: None,
            committed_at: None,
            lost_at: None,
            lost_cause: None,
            held_by: Vec::new(),
            duplicates: 0,
            consumed_by: Vec::new(),
        });
        self.copies.extend(std::iter::repeat_n(0, self.n_brokers));
        id
    }

    /// Copies of `msg` in broker `b`'s log.
    pub fn copies_on(&self, msg: u32, b: usize) -> u16 {
        self.copies[msg as usize * self.n_brokers + b]
    }

    /// A copy was appended on broker `b` (index) with id `id`.
    pub fn appended(&mut self, msg: u32, b: usize, id: BrokerId, now: TimeMs) {
        let c = &mut self.copies[msg as usize * self.n_brokers + b];
        *c += 1;
        let r = &mut self.records[msg as usize];
        if *c == 1 {
            if let Err(pos) = r.held_by.binary_search(&id) {
                r.held_by.insert(pos, id);
            }
        }
        r.appended_at.get_or_insert(now);
    }

    /// A copy was removed from broker `b`; returns true if that was the last copy anywhere.
    pub fn removed(&mut self, msg: u32, b: usize, id: BrokerId) -> bool {
        let c = &mut self.copies[msg as usize * self.n_brokers + b];
        *c = c.saturating_sub(1);
        let r = &mut self.records[msg as usize];
        if *c == 0 {
            r.held_by.retain(|&x| x != id);
        }
        r.held_by.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_copy_removed_reports_loss() {
        let mut l = Ledger::new(2);
        let tp = TopicPartition { topic: "t".into(), partition: 0 };
        let m = l.sent("v".into(), tp, 1, 0, 0);
        l.appended(m, 0, 10, 1);
        l.appended(m, 1, 11, 2);
        assert_eq!(l.get(m).held_by, vec![10, 11]);
        assert!(!l.removed(m, 0, 10));
        assert!(l.removed(m, 1, 11));
        assert_eq!(l.get(m).appended_at, Some(1));
    }
}
