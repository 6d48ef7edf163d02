//! The coordination service (ZooKeeper mode), as a node of its own: sessions kept alive by
//! heartbeats and expired after `zookeeper.session.timeout.ms`, ephemeral `/brokers/ids/N`
//! and `/controller`, `/controller_epoch`, and partition-state znodes updated by
//! conditional (zkVersion) writes. Watches fire as messages to the watcher.
//!
//! This file is ZooKeeper's state; `handler.rs` is how it answers messages and timers
//! (the actor shape of `engine/outbox.rs`: it sees only its own tree and a read-only
//! [`ZkCtx`]).

pub mod handler;
#[cfg(test)]
mod tests;

use crate::ids::{BrokerId, LeaderEpoch, TimeMs};
use crate::net::msg::PartIdx;

/// A session of one broker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Session {
    /// Session id.
    pub id: u64,
    /// Last time ZooKeeper heard from it.
    pub last_heard: u64,
}

/// `/brokers/topics/T/partitions/P/state`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionZnode {
    /// Whether the controller has created it.
    pub created: bool,
    /// Leader (`None`: -1).
    pub leader: Option<BrokerId>,
    /// Leader epoch.
    pub leader_epoch: LeaderEpoch,
    /// ISR.
    pub isr: Vec<BrokerId>,
    /// Epoch of the controller that wrote it.
    pub controller_epoch: u32,
    /// zkVersion.
    pub version: u32,
}

impl PartitionZnode {
    /// The state of a partition whose assignment is written but which the controller has
    /// not created yet (Kafka's `NewPartition`).
    pub fn not_created() -> PartitionZnode {
        PartitionZnode {
            created: false,
            leader: None,
            leader_epoch: 0,
            isr: Vec::new(),
            controller_epoch: 0,
            version: 0,
        }
    }
}

/// What a new controller reads once it owns `/controller` (`KafkaController.
/// initializeControllerContext`: the registered brokers with their sessions, every
/// partition's state and assignment, and `/controller_epoch`'s zkVersion).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterRead {
    /// `/brokers/ids`: registered brokers (id order) and their sessions (KIP-380's epochs).
    pub brokers: Vec<(BrokerId, u64)>,
    /// Partition states by partition index.
    pub partitions: Vec<PartitionZnode>,
    /// Assigned replicas by partition index.
    pub assignment: Vec<Vec<BrokerId>>,
    /// `/controller_epoch`'s zkVersion, which the controller's writes check from 2.1.
    pub epoch_zk_version: u32,
    /// `/admin/delete_topics`: partitions whose topic is to be deleted.
    pub deleting: Vec<PartIdx>,
}

/// One conditional write of a partition's state (`KafkaZkClient.updateLeaderAndIsr`):
/// `state.version` is the zkVersion the controller read; the write fails (BADVERSION) if the
/// znode moved past it. A reassignment also writes the assignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionWrite {
    /// Partition.
    pub part: PartIdx,
    /// The new state, with the zkVersion it expects to replace.
    pub state: PartitionZnode,
    /// The new assigned replicas, if they change.
    pub assignment: Option<Vec<BrokerId>>,
}

/// ZooKeeper's answer to a controller's batch of writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    /// From 2.1 (KAFKA-6082) every write is a `MultiRequest` with a `CheckOp` on
    /// `/controller_epoch`'s zkVersion: another controller has been elected since, nothing
    /// was written (Kafka's `ControllerMovedException`).
    ControllerMoved,
    /// Per write: the new zkVersion, or BADVERSION with the state the znode holds.
    Done(Vec<(PartIdx, Result<u32, PartitionZnode>)>),
}

/// What ZooKeeper may read besides its own tree: the clock and its configuration.
#[derive(Clone, Copy, Debug)]
pub struct ZkCtx<'a> {
    /// Virtual time now.
    pub now: TimeMs,
    /// `zookeeper.session.timeout.ms`.
    pub session_timeout_ms: TimeMs,
    /// Broker ids by broker index (sessions are kept by index).
    pub brokers: &'a [BrokerId],
}

/// ZooKeeper's timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZkTimer {
    /// Whether the session `session` of broker index `b` has expired.
    SessionCheck { b: u32, session: u64 },
}

/// The ZooKeeper node: the whole tree the lab uses.
#[derive(Clone, Debug)]
pub struct ZkNode {
    /// Sessions by broker index (`Some` = `/brokers/ids/N` exists).
    pub sessions: Vec<Option<Session>>,
    next_session: u64,
    /// `/controller`: (broker index, session).
    pub controller: Option<(usize, u64)>,
    /// `/controller_epoch`.
    pub controller_epoch: u32,
    /// `/controller_epoch`'s zkVersion (bumped with every election).
    pub controller_epoch_version: u32,
    /// Partition states by partition index.
    pub partitions: Vec<PartitionZnode>,
    /// `/brokers/topics/T`: assigned replicas by partition index (empty once deleted).
    pub assignment: Vec<Vec<BrokerId>>,
    /// `/admin/delete_topics`: the partitions of the topics marked for deletion.
    pub deleting: Vec<PartIdx>,
}

impl ZkNode {
    /// Empty tree with the topics' assignments.
    pub fn new(n_brokers: usize, assignment: Vec<Vec<BrokerId>>) -> ZkNode {
        ZkNode {
            sessions: vec![None; n_brokers],
            next_session: 1,
            controller: None,
            controller_epoch: 0,
            controller_epoch_version: 0,
            partitions: vec![PartitionZnode::not_created(); assignment.len()],
            assignment,
            deleting: Vec::new(),
        }
    }

    /// Whether `/brokers/ids/N` exists for broker index `b`.
    pub fn registered(&self, b: usize) -> bool {
        self.sessions[b].is_some()
    }

    /// `/brokers/ids`'s children: registered broker ids (index order) with their sessions.
    pub fn registrations(&self, brokers: &[BrokerId]) -> Vec<(BrokerId, u64)> {
        (self.sessions.iter().zip(brokers))
            .filter_map(|(s, &id)| s.map(|s| (id, s.id)))
            .collect()
    }
}
