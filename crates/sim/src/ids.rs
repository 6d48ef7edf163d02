//! Identifiers and units shared by every part of the core.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Virtual time in integer milliseconds since the start of the run.
pub type TimeMs = u64;
/// A broker's `broker.id`.
pub type BrokerId = u32;
/// An offset in a partition's log.
pub type Offset = u64;
/// A partition's leader epoch (bumped on every leader change).
pub type LeaderEpoch = u32;

/// A topic partition, written `topic-N` as Kafka does.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TopicPartition {
    /// Topic name.
    pub topic: String,
    /// Partition number within the topic.
    pub partition: u32,
}

impl fmt::Display for TopicPartition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.topic, self.partition)
    }
}

/// Every node that sends or receives messages on the simulated network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NodeId {
    /// A Kafka broker (the controller is a role of one broker).
    Broker(BrokerId),
    /// The coordination service (ZooKeeper ensemble, drawn as one node).
    Zookeeper,
    /// A producer client, by its index in the scenario.
    Producer(u32),
    /// A consumer client, by its index in the scenario.
    Consumer(u32),
}
