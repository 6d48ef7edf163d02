//! The read-only picture of a run that the UI and the CLI render. Built by
//! [`crate::Sim::view`]; holds no references into the simulation.

use crate::ids::{BrokerId, LeaderEpoch, NodeId, Offset, TimeMs, TopicPartition};
use crate::ledger::MessageRecord;
use crate::metrics::Metrics;
use crate::net::msg::MsgSummary;
use crate::scenario::CommitMode;
use serde::Serialize;

/// Everything a frame shows, at one instant of virtual time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterView {
    /// Virtual time of this view.
    pub time_ms: TimeMs,
    /// Events processed so far.
    pub step: u64,
    /// The active controller, if one is known to the coordination service.
    pub controller: Option<BrokerId>,
    /// `/controller_epoch`.
    pub controller_epoch: u32,
    /// Brokers sorted by id.
    pub brokers: Vec<BrokerView>,
    /// Partitions sorted by topic then partition.
    pub partitions: Vec<PartitionView>,
    /// Partitions of the internal `__consumer_offsets` topic (present when the scenario has
    /// consumers), indexed from `partitions.len()`.
    pub internal_partitions: Vec<PartitionView>,
    /// Messages currently on the network.
    pub in_flight: Vec<InFlightView>,
    /// Links that are cut (one direction each).
    pub cuts: Vec<(NodeId, NodeId)>,
    /// Whether the network holds messages until delivered or dropped by hand.
    pub manual_network: bool,
    /// Producers.
    pub producers: Vec<ProducerView>,
    /// Consumers.
    pub consumers: Vec<ConsumerView>,
    /// Metrics now.
    pub metrics: Metrics,
}

/// A broker's process state, shown as it is (the broker module owns it).
pub use crate::broker::BrokerStatus;

/// One broker.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BrokerView {
    /// `broker.id`.
    pub id: BrokerId,
    /// Process state.
    pub status: BrokerStatus,
    /// Whether `/brokers/ids/N` currently exists in the coordination service.
    pub registered: bool,
    /// Whether this broker is the active controller (owns `/controller`).
    pub is_controller: bool,
    /// Whether this broker believes it is the controller (may be a stale zombie).
    pub acts_as_controller: bool,
    /// Extra latency on what it sends (slow broker).
    pub extra_latency_ms: u64,
    /// Its `broker.rack`, if the cluster has racks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rack: Option<String>,
    /// The zone its rack is in (the rack itself when no zone lists it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
}

/// A move the controller is making: the replicas it moves to and those it had.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReassignmentView {
    /// Target replicas (RAR).
    pub target: Vec<BrokerId>,
    /// The replicas when the move started (OAR).
    pub original: Vec<BrokerId>,
}

impl ReassignmentView {
    /// The replica set while it runs, AR = OAR + RAR: the original replicas followed by the
    /// target replicas not among them.
    pub fn replicas(&self) -> Vec<BrokerId> {
        let adding = self.target.iter().filter(|b| !self.original.contains(b));
        self.original.iter().chain(adding).copied().collect()
    }
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
    /// The high watermark of the replica on the broker the partition state names as leader
    /// (consumers read below it there). Before that broker has processed its LeaderAndIsr
    /// it is the HW the replica holds as a follower, which it keeps on becoming leader; 0
    /// when the partition has no leader or the leader's broker is down.
    pub high_watermark: Offset,
    /// The reassignment of this partition the active controller has in progress (Kafka's
    /// `ControllerContext.partitionsBeingReassigned`: what `listPartitionReassignments`,
    /// so `kafka-reassign-partitions.sh --list`, `--verify` and a second `--execute`,
    /// see), from the moment it accepted the move.
    pub being_reassigned: Option<ReassignmentView>,
    /// Target replicas of a reassignment in progress, once ZooKeeper holds AR = OAR + RAR
    /// (what `kafka-topics.sh --describe` shows as adding and removing replicas).
    pub reassigning_to: Option<Vec<BrokerId>>,
    /// The replicas the partition had when that reassignment started (OAR): `replicas`
    /// is these followed by the target replicas not among them.
    pub reassigning_from: Option<Vec<BrokerId>>,
    /// `min.insync.replicas`.
    pub min_insync_replicas: u32,
    /// `unclean.leader.election.enable`.
    pub unclean_leader_election_enable: bool,
    /// `kafka-topics.sh --delete` marked its topic; its replicas are being deleted.
    pub marked_for_deletion: bool,
    /// `flush.messages`, `flush.ms`, `segment.bytes` and `index.interval.bytes` (sizes in records).
    pub log_config: LogConfigView,
    /// One entry per assigned replica (`replicas`, which during a reassignment is the
    /// original plus the target replicas), in assignment order. A replica its broker has
    /// not created yet has `created: false` and an empty log; a replica removed by a
    /// reassignment is no longer listed, even while its broker still holds its log.
    pub replica_states: Vec<ReplicaView>,
}

/// The topic configs that decide how a partition's log is written to disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LogConfigView {
    /// `flush.messages` (`None`: never flushed by count).
    pub flush_messages: Option<u64>,
    /// `flush.ms` (`None`: never flushed by time).
    pub flush_ms: Option<u64>,
    /// `segment.bytes`, in records.
    pub segment_records: u64,
    /// `index.interval.bytes`, in records.
    pub index_interval_records: u64,
}

/// Why a replica is or is not in the ISR, as its leader sees it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum IsrStatus {
    /// It is the leader.
    Leader,
    /// In the ISR; `caught_up` when its LEO equals the leader's.
    InIsr {
        caught_up: bool,
        last_caught_up_ms: TimeMs,
        lag: Offset,
    },
    /// Out of the ISR: how far behind, and when it was last caught up.
    OutOfIsr {
        lag: Offset,
        last_caught_up_ms: TimeMs,
        leo_known: bool,
    },
    /// No live leader to judge.
    Unknown,
}

/// A replica's role as it believes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ReplicaRole {
    /// Leader.
    Leader,
    /// Follower (fetching or truncating).
    Follower,
    /// Truncating before it may fetch (waiting for OffsetsForLeaderEpoch).
    Truncating,
    /// No role (just restarted, offline, or stopped).
    None,
}

/// One replica's log and its markers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReplicaView {
    /// Hosting broker.
    pub broker: BrokerId,
    /// Whether the broker has created the replica (false for a replica just added by a
    /// reassignment whose broker has not received its LeaderAndIsr yet).
    pub created: bool,
    /// Whether its broker is up.
    pub alive: bool,
    /// Whether this replica is the leader it believes itself to be.
    pub is_leader: bool,
    /// Role it believes it has.
    pub role: ReplicaRole,
    /// Leader epoch it knows.
    pub epoch: Option<LeaderEpoch>,
    /// Log start offset: retention deleted the records below it.
    pub log_start_offset: Offset,
    /// Log end offset (next offset to be written).
    pub log_end_offset: Offset,
    /// This replica's high watermark.
    pub high_watermark: Offset,
    /// Last checkpointed HW.
    pub hw_checkpoint: Offset,
    /// Records below this offset are fsynced.
    pub flushed_offset: Offset,
    /// Leader-epoch cache (epoch, start offset).
    pub epoch_cache: Vec<(LeaderEpoch, Offset)>,
    /// The segments kept, oldest first: files, sparse indexes, flushed extent.
    pub segments: Vec<crate::broker::segments::SegmentView>,
    /// ISR status with its reason.
    pub isr_status: IsrStatus,
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
    /// Ledger id of the message.
    pub message: u64,
    /// Producer id (0 without idempotence).
    pub producer_id: u64,
    /// Producer sequence.
    pub sequence: u32,
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
    /// Held by manual mode.
    pub held: bool,
    /// Structured payload summary.
    pub summary: MsgSummary,
}

/// A producer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProducerView {
    /// Name.
    pub name: String,
    /// Default acks.
    pub acks: crate::action::Acks,
    /// `enable.idempotence`.
    pub idempotence: bool,
    /// `retries`.
    pub retries: u32,
    /// Batches not finished.
    pub pending_batches: u32,
    /// Producer epoch bumps so far (KIP-360; idempotent producers only).
    pub epoch_bumps: u32,
}

/// A consumer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConsumerView {
    /// Its node on the network (`NodeId::Consumer(i)`): consumers removed during a run
    /// leave the view, so the view's order is not the node index.
    pub node: NodeId,
    /// Name.
    pub name: String,
    /// Group.
    pub group: String,
    /// Member now.
    pub joined: bool,
    /// Whether the consumer process runs (false after `consumer_crash`).
    pub alive: bool,
    /// The group coordinator it talks to, once found.
    pub coordinator: Option<BrokerId>,
    /// Generation of its current assignment.
    pub generation: u32,
    /// Commit mode.
    pub commit: CommitMode,
    /// Assigned partitions with position and the group's committed offset.
    pub assignment: Vec<(TopicPartition, Offset, Option<Offset>)>,
    /// Consumer lag summed over its assigned partitions: for each, the leader's high
    /// watermark minus the consumer's position (Kafka's consumer metric `records-lag`,
    /// FetchManagerMetrics; summed like the LAG column of `kafka-consumer-groups.sh`).
    pub lag: Offset,
}

/// The fate of every produced message, from the ledger.
pub type LedgerView = Vec<MessageRecord>;
