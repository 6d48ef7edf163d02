//! The protocol messages that travel on links, with a structured summary for the UI.

use crate::action::Acks;
use crate::broker::log::RecordData;
use crate::events::KafkaError;
use crate::ids::{BrokerId, LeaderEpoch, Offset};
use crate::zk::{ClusterRead, PartitionWrite, PartitionZnode, WriteOutcome};
use serde::Serialize;

/// Index of a partition across all topics (scenario order).
pub type PartIdx = u32;

/// One partition's entry in a replica Fetch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FetchPart {
    /// Partition.
    pub part: PartIdx,
    /// Fetch offset (the follower's LEO).
    pub offset: Offset,
    /// The follower's current leader epoch.
    pub epoch: LeaderEpoch,
}

/// One partition's entry in a Fetch response; its records are `records[from..to]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FetchRespPart {
    /// Partition.
    pub part: PartIdx,
    /// Error, if any.
    pub error: Option<KafkaError>,
    /// Leader HW at response time.
    pub hw: Offset,
    /// Leader LEO at response time.
    pub leo: Offset,
    /// Leader log start offset at response time (KIP-107's `log_start_offset`).
    pub log_start: Offset,
    /// The leader's prefix hash at its log start offset (the lab's record identity, not
    /// Kafka's), so a follower restarting there keeps prefixes comparable.
    pub log_start_chain: u64,
    /// The fetch offset this entry answers.
    pub fetch_offset: Offset,
    /// First record index in the response's record buffer.
    pub from: u32,
    /// One past the last record index.
    pub to: u32,
}

/// A partition's state in a LeaderAndIsr request.
#[derive(Clone, Debug, PartialEq)]
pub struct LeaderAndIsrPart {
    /// Partition.
    pub part: PartIdx,
    /// Leader (`None`: no leader).
    pub leader: Option<BrokerId>,
    /// Leader epoch.
    pub epoch: LeaderEpoch,
    /// ISR.
    pub isr: Vec<BrokerId>,
    /// Assigned replicas.
    pub replicas: Vec<BrokerId>,
    /// Partition-state zkVersion.
    pub zk_version: u32,
}

/// Every protocol message.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// Broker → ZooKeeper: open a session and create `/brokers/ids/N`.
    ZkRegister,
    /// ZooKeeper → broker: session opened.
    ZkRegistered { session: u64 },
    /// Broker → ZooKeeper: session heartbeat.
    ZkPing { session: u64 },
    /// ZooKeeper → broker: `session` is gone (reconnect with a new one). The answer names
    /// the session the ping was sent in, so a late answer about an older session is ignored.
    ZkSessionExpired { session: u64 },
    /// ZooKeeper → broker: `/brokers/ids/N` still exists, owned by an older session of this
    /// broker that has not expired yet (`KafkaZkClient.checkedEphemeralCreate`: NodeExists).
    ZkNodeExists,
    /// Broker → ZooKeeper: try to create the ephemeral `/controller`.
    ZkCreateController { session: u64 },
    /// ZooKeeper → broker: outcome of creating `/controller`; the winner also gets the
    /// cluster state it reads next (the lab answers the create and the reads at once).
    ZkControllerResult {
        epoch: u32,
        read: Option<Box<ClusterRead>>,
    },
    /// ZooKeeper → broker: the `/controller` watch fired (node deleted).
    ZkControllerGone,
    /// Broker → ZooKeeper: read `/controller` and the controller's `/brokers/ids/N`, as
    /// each controlled-shutdown attempt does (`KafkaServer.controlledShutdown`:
    /// `zkClient.getControllerId`, then `getBroker`).
    ZkGetController,
    /// ZooKeeper → broker: the registered controller, if there is one.
    ZkGetControllerResult { controller: Option<BrokerId> },
    /// ZooKeeper → controller: the `/brokers/ids` watch fired, with the children read
    /// (broker id and session) that follows it.
    ZkBrokerChange { brokers: Vec<(BrokerId, u64)> },
    /// Broker → ZooKeeper: close the session (clean shutdown).
    ZkClose { session: u64 },
    /// ZooKeeper → controller: a partition's ISR changed (`isr_change_notification`),
    /// with the partition state the controller reads then.
    ZkIsrChange {
        part: PartIdx,
        state: PartitionZnode,
    },
    /// ZooKeeper → controller: the `/brokers/topics` (new topic) or `/brokers/topics/T`
    /// (added partitions) watch fired, with the new partitions' assignments read.
    ZkTopicChange {
        added: Vec<(PartIdx, Vec<BrokerId>)>,
    },
    /// ZooKeeper → controller: the `/admin/delete_topics` watch fired with the partitions
    /// of the topics marked for deletion.
    ZkTopicDeletion { parts: Vec<PartIdx> },
    /// Controller → ZooKeeper: remove these partitions' znodes (their topic's deletion is
    /// complete); from 2.1 conditional on `/controller_epoch`'s zkVersion.
    ZkDeleteTopic {
        epoch_zk_version: Option<u32>,
        parts: Vec<PartIdx>,
    },
    /// Controller → ZooKeeper: conditional writes of partition states (`req` matches the
    /// answer); from 2.1 conditional on `/controller_epoch`'s zkVersion as well.
    ZkSetPartitionState {
        req: u64,
        epoch_zk_version: Option<u32>,
        writes: Vec<PartitionWrite>,
    },
    /// ZooKeeper → controller: the outcome of the writes `req`.
    ZkSetPartitionStateResult { req: u64, outcome: WriteOutcome },
    /// Leader → ZooKeeper: conditional partition-state write (ISR change).
    ZkAlterIsr {
        part: PartIdx,
        epoch: LeaderEpoch,
        isr: Vec<BrokerId>,
        zk_version: u32,
    },
    /// ZooKeeper → leader: result of the conditional write made at leader epoch `epoch`.
    ZkAlterIsrResult {
        part: PartIdx,
        epoch: LeaderEpoch,
        isr: Vec<BrokerId>,
        new_version: Option<u32>,
    },
    /// Controller → broker. `broker_epoch` (KIP-380) is the registration session the
    /// controller knows for the receiver; every controller request carries it.
    LeaderAndIsr {
        controller_epoch: u32,
        broker_epoch: u64,
        parts: Vec<LeaderAndIsrPart>,
    },
    /// Controller → broker: metadata cache update.
    UpdateMetadata {
        controller_epoch: u32,
        broker_epoch: u64,
        leaders: Vec<(PartIdx, Option<BrokerId>, LeaderEpoch)>,
    },
    /// Controller → broker: stop (and delete) a replica.
    StopReplica {
        controller_epoch: u32,
        broker_epoch: u64,
        part: PartIdx,
        delete: bool,
    },
    /// Broker → controller: LeaderAndIsr handled; `req` is the request's network id (its
    /// correlation id), so the controller's channel can send the next request.
    LeaderAndIsrResponse { req: u64 },
    /// Broker → controller: UpdateMetadata handled (`req` as above).
    UpdateMetadataResponse { req: u64 },
    /// Broker → controller: StopReplica handled (`req` as above).
    StopReplicaResponse { req: u64 },
    /// Broker → controller: controlled shutdown request.
    ControlledShutdown { broker: BrokerId },
    /// Controller → broker: partitions it still leads (0 = may stop).
    ControlledShutdownResponse { remaining: u32 },
    /// Follower → leader: one Fetch for every partition it follows from that leader.
    Fetch {
        replica: BrokerId,
        parts: Vec<FetchPart>,
    },
    // (the Fetch's network id is its correlation id)
    /// Leader → follower.
    FetchResponse {
        req: u64,
        parts: Vec<FetchRespPart>,
        records: Vec<RecordData>,
    },
    /// Follower → leader: end offset of `epoch` (KIP-101), asked while the follower knows
    /// leader epoch `current_leader_epoch` (KIP-320's `currentLeaderEpoch`).
    OffsetsForLeaderEpoch {
        part: PartIdx,
        epoch: LeaderEpoch,
        current_leader_epoch: LeaderEpoch,
    },
    /// Leader → follower: (epoch, end offset), `None` = UNDEFINED; `current_leader_epoch`
    /// is the request's, so the follower can tell an answer to an older request.
    OffsetsForLeaderEpochResponse {
        part: PartIdx,
        current_leader_epoch: LeaderEpoch,
        end: Option<(LeaderEpoch, Offset)>,
        error: Option<KafkaError>,
    },
    /// Producer → leader.
    Produce {
        req: u64,
        part: PartIdx,
        acks: Acks,
        timeout_ms: u64,
        records: Vec<RecordData>,
    },
    /// Leader → producer: base offset or error.
    ProduceResponse {
        req: u64,
        part: PartIdx,
        result: Result<Offset, KafkaError>,
    },
    /// Client → broker: metadata request.
    Metadata { req: u64 },
    /// Broker → client: leader of every partition from its metadata cache.
    MetadataResponse {
        req: u64,
        leaders: Vec<Option<BrokerId>>,
    },
    /// Consumer → leader: fetch committed records.
    ConsumerFetch { part: PartIdx, offset: Offset },
    /// Leader → consumer: records below the HW.
    ConsumerFetchResponse {
        part: PartIdx,
        offset: Offset,
        msgs: Vec<u32>,
        error: Option<KafkaError>,
        /// The leader's log start offset and HW (FetchResponse's `log_start_offset` and
        /// `high_watermark`), where `auto.offset.reset` moves a consumer.
        log_start: Offset,
        high_watermark: Offset,
        /// KIP-392's `preferred_read_replica`: fetch from this follower instead (the
        /// response then carries no records).
        preferred_read_replica: Option<BrokerId>,
    },
    /// Consumer → coordinator: commit offset (refused from an older generation).
    OffsetCommit {
        generation: u32,
        part: PartIdx,
        offset: Offset,
    },
    /// Consumer → any broker: who coordinates my group?
    FindCoordinator,
    /// Broker → consumer: the leader of the group's `__consumer_offsets` partition, as its metadata cache knows it.
    FindCoordinatorResponse { coordinator: Option<BrokerId> },
    /// Consumer → coordinator: join (or rejoin) the group.
    JoinGroup {
        generation: u32,
        session_timeout_ms: u64,
        topics: Vec<u32>,
    },
    /// Coordinator → member: the new generation and this member's partitions.
    SyncGroupResponse {
        generation: u32,
        assigned: Vec<PartIdx>,
    },
    /// Consumer → coordinator: I am alive (every `heartbeat.interval.ms`).
    Heartbeat { generation: u32 },
    /// Coordinator → consumer: heartbeat (or join) outcome.
    HeartbeatResponse {
        generation: u32,
        error: Option<KafkaError>,
    },
    /// Consumer → coordinator: leave the group cleanly.
    LeaveGroup,
    /// Consumer → coordinator: the group's committed offsets.
    OffsetFetch { generation: u32 },
    /// Coordinator → consumer: committed offsets (partition, offset) or an error.
    OffsetFetchResponse {
        generation: u32,
        result: Result<Vec<(PartIdx, Offset)>, KafkaError>,
    },
}

/// Structured payload summary of a message in flight, for drawing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type")]
pub enum MsgSummary {
    /// No details worth showing.
    Plain,
    /// Fetch: partitions and their fetch offsets.
    Fetch { offsets: Vec<(PartIdx, Offset)> },
    /// Fetch response: records carried, per partition, and the HW.
    FetchResponse { parts: Vec<(PartIdx, u32, Offset)> },
    /// Produce: partition and record count.
    Produce {
        part: PartIdx,
        count: u32,
        acks: Acks,
    },
    /// Produce response: ok offset or error.
    ProduceResponse {
        part: PartIdx,
        offset: Option<Offset>,
        error: Option<KafkaError>,
    },
    /// LeaderAndIsr: partitions with leader and epoch.
    LeaderAndIsr {
        controller_epoch: u32,
        parts: Vec<(PartIdx, Option<BrokerId>, LeaderEpoch)>,
    },
    /// ISR write.
    AlterIsr { part: PartIdx, isr: Vec<BrokerId> },
    /// Epoch query or answer.
    Epoch {
        part: PartIdx,
        epoch: Option<LeaderEpoch>,
        end_offset: Option<Offset>,
    },
}

impl Msg {
    /// Kafka's request/response name.
    pub fn kind(&self) -> &'static str {
        match self {
            Msg::ZkRegister => "ZkRegister",
            Msg::ZkRegistered { .. } => "ZkRegistered",
            Msg::ZkPing { .. } => "ZkPing",
            Msg::ZkSessionExpired { .. } => "ZkSessionExpired",
            Msg::ZkNodeExists => "ZkNodeExists",
            Msg::ZkCreateController { .. } => "ZkCreateController",
            Msg::ZkControllerResult { .. } => "ZkControllerResult",
            Msg::ZkGetController => "ZkGetController",
            Msg::ZkGetControllerResult { .. } => "ZkGetControllerResult",
            Msg::ZkControllerGone => "ZkControllerWatch",
            Msg::ZkBrokerChange { .. } => "ZkBrokerChangeWatch",
            Msg::ZkClose { .. } => "ZkCloseSession",
            Msg::ZkIsrChange { .. } => "ZkIsrChangeNotification",
            Msg::ZkTopicChange { .. } => "ZkTopicChangeWatch",
            Msg::ZkTopicDeletion { .. } => "ZkTopicDeletionWatch",
            Msg::ZkDeleteTopic { .. } => "ZkDeleteTopic",
            Msg::ZkSetPartitionState { .. } => "ZkSetPartitionState",
            Msg::ZkSetPartitionStateResult { .. } => "ZkSetPartitionStateResult",
            Msg::ZkAlterIsr { .. } => "ZkUpdatePartitionState",
            Msg::ZkAlterIsrResult { .. } => "ZkUpdatePartitionStateResult",
            Msg::LeaderAndIsr { .. } => "LeaderAndIsr",
            Msg::UpdateMetadata { .. } => "UpdateMetadata",
            Msg::StopReplica { .. } => "StopReplica",
            Msg::LeaderAndIsrResponse { .. } => "LeaderAndIsrResponse",
            Msg::UpdateMetadataResponse { .. } => "UpdateMetadataResponse",
            Msg::StopReplicaResponse { .. } => "StopReplicaResponse",
            Msg::ControlledShutdown { .. } => "ControlledShutdown",
            Msg::ControlledShutdownResponse { .. } => "ControlledShutdownResponse",
            Msg::Fetch { .. } => "Fetch",
            Msg::FetchResponse { .. } => "FetchResponse",
            Msg::OffsetsForLeaderEpoch { .. } => "OffsetsForLeaderEpoch",
            Msg::OffsetsForLeaderEpochResponse { .. } => "OffsetsForLeaderEpochResponse",
            Msg::Produce { .. } => "Produce",
            Msg::ProduceResponse { .. } => "ProduceResponse",
            Msg::Metadata { .. } => "Metadata",
            Msg::MetadataResponse { .. } => "MetadataResponse",
            Msg::ConsumerFetch { .. } => "ConsumerFetch",
            Msg::ConsumerFetchResponse { .. } => "ConsumerFetchResponse",
            Msg::OffsetCommit { .. } => "OffsetCommit",
            Msg::FindCoordinator => "FindCoordinator",
            Msg::FindCoordinatorResponse { .. } => "FindCoordinatorResponse",
            Msg::JoinGroup { .. } => "JoinGroup",
            Msg::SyncGroupResponse { .. } => "SyncGroupResponse",
            Msg::Heartbeat { .. } => "Heartbeat",
            Msg::HeartbeatResponse { .. } => "HeartbeatResponse",
            Msg::LeaveGroup => "LeaveGroup",
            Msg::OffsetFetch { .. } => "OffsetFetch",
            Msg::OffsetFetchResponse { .. } => "OffsetFetchResponse",
        }
    }

    /// Summary for the view.
    pub fn summary(&self) -> MsgSummary {
        match self {
            Msg::Fetch { parts, .. } => MsgSummary::Fetch {
                offsets: parts.iter().map(|p| (p.part, p.offset)).collect(),
            },
            Msg::FetchResponse { parts, .. } => MsgSummary::FetchResponse {
                parts: parts
                    .iter()
                    .map(|p| (p.part, p.to - p.from, p.hw))
                    .collect(),
            },
            Msg::Produce {
                part,
                records,
                acks,
                ..
            } => MsgSummary::Produce {
                part: *part,
                count: records.len() as u32,
                acks: *acks,
            },
            Msg::ProduceResponse { part, result, .. } => MsgSummary::ProduceResponse {
                part: *part,
                offset: result.ok(),
                error: result.err(),
            },
            Msg::LeaderAndIsr {
                controller_epoch,
                parts,
                ..
            } => MsgSummary::LeaderAndIsr {
                controller_epoch: *controller_epoch,
                parts: parts.iter().map(|p| (p.part, p.leader, p.epoch)).collect(),
            },
            Msg::ZkAlterIsr { part, isr, .. } => MsgSummary::AlterIsr {
                part: *part,
                isr: isr.clone(),
            },
            Msg::OffsetsForLeaderEpoch { part, epoch, .. } => MsgSummary::Epoch {
                part: *part,
                epoch: Some(*epoch),
                end_offset: None,
            },
            Msg::OffsetsForLeaderEpochResponse { part, end, .. } => MsgSummary::Epoch {
                part: *part,
                epoch: end.map(|e| e.0),
                end_offset: end.map(|e| e.1),
            },
            _ => MsgSummary::Plain,
        }
    }
}
