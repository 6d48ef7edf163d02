//! The read-only picture of a run that the UI and the CLI render. Built by
//! [`crate::Sim::view`]; holds no references into the simulation.

use crate::ids::{BrokerId, LeaderEpoch, NodeId, Offset, TimeMs, TopicPartition};
use crate::ledger::MessageRecord;
use serde::Serialize;

/// Everything a frame shows, at one instant of virtual time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterView {
    /// Virtual time of this view.
    pub time_ms: TimeMs,
    /// The active controller, if one is known to the coordination service.
    pub controller: Option<BrokerId>,
    /// `/controller_epoch`.
    pub controller_epoch: u32,
    /// Brokers sorted by id.
    pub brokers: Vec<BrokerView>,
    /// Partitions sorted by topic then partition.
    pub partitions: Vec<PartitionView>,
    /// Messages currently on the network.
    pub in_flight: Vec<InFlightView>,
    /// Links that are cut (one direction each).
    pub cuts: Vec<(NodeId, NodeId)>,
    /// Whether the network holds messages until delivered or dropped by hand.
    pub manual_network: bool,
}

/// What a broker process is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum BrokerStatus {
    /// Running normally.
    Running,
    /// Process dead (crash, power loss, disk loss or finished controlled shutdown).
    Down,
    /// Stuck (GC pause): alive but handles nothing until resumed.
    Paused,
    /// Controlled shutdown in progress.
    ShuttingDown,
}

/// One broker.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BrokerView {
    /// `broker.id`.
    pub id: BrokerId,
    /// Process state.
    pub status: BrokerStatus,
    /// Whether `/brokers/ids/N` currently exists in the coordination service.
    pub registered: bool,
    /// Whether this broker is the active controller.
    pub is_controller: bool,
}

/// One partition as the controller and its replicas see it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartitionView {
    /// Topic and partition.
    pub tp: TopicPartition,
    /// Assigned replicas (AR), in assignment order; the first is the preferred leader.
    pub replicas: Vec<BrokerId>,
    /// Leader according to the partition state; `None` when offline.
    pub leader: Option<BrokerId>,
    /// Leader epoch from the partition state.
    pub leader_epoch: LeaderEpoch,
    /// ISR from the partition state.
    pub isr: Vec<BrokerId>,
    /// The leader replica's high watermark (what consumers may read below).
    pub high_watermark: Offset,
    /// One entry per assigned replica, in assignment order.
    pub replica_states: Vec<ReplicaView>,
}

/// One replica's log and its markers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReplicaView {
    /// Hosting broker.
    pub broker: BrokerId,
    /// Whether its broker is up.
    pub alive: bool,
    /// Whether this replica is the leader it believes itself to be.
    pub is_leader: bool,
    /// Log end offset (next offset to be written).
    pub log_end_offset: Offset,
    /// This replica's high watermark.
    pub high_watermark: Offset,
    /// Records in offset order.
    pub log: Vec<RecordView>,
}

/// One record in a replica's log.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecordView {
    /// Offset.
    pub offset: Offset,
    /// Leader epoch the record was written in.
    pub epoch: LeaderEpoch,
    /// Record value as produced.
    pub value: String,
}

/// A message travelling on a link.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InFlightView {
    /// Network-wide message id.
    pub id: u64,
    /// Protocol request or response name (e.g. `Fetch`, `LeaderAndIsr`).
    pub kind: String,
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// Virtual time it was sent.
    pub sent_at: TimeMs,
    /// Virtual time it will arrive (unless held by manual mode).
    pub deliver_at: TimeMs,
}

/// The fate of every produced message, from the ledger.
pub type LedgerView = Vec<MessageRecord>;
