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
    /// When the producer sent it.
    pub sent_at: TimeMs,
    /// When the producer learned of success, if it did.
    pub acknowledged_at: Option<TimeMs>,
    /// The error the producer finally got, if any (Kafka's error name).
    pub error: Option<String>,
    /// When it first fell below the leader's high watermark.
    pub committed_at: Option<TimeMs>,
    /// When it was lost from every replica, if it was.
    pub lost_at: Option<TimeMs>,
    /// Brokers whose logs hold it now.
    pub held_by: Vec<BrokerId>,
    /// Extra copies appended by retries (0 with idempotence).
    pub duplicates: u32,
    /// Consumer groups that consumed it.
    pub consumed_by: Vec<String>,
}
