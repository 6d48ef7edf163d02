//! Structured events: what happened in the cluster and why. No human strings: the UI
//! makes captions from these in every UI language.

use crate::action_check::ActionRefusal;
use crate::config::TruncationRule;
use crate::ids::{BrokerId, LeaderEpoch, NodeId, Offset, TimeMs, TopicPartition};
use serde::Serialize;

/// One event of the run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// Virtual time it happened.
    pub time_ms: TimeMs,
    /// What happened, with its cause.
    pub kind: EventKind,
}

/// The identity of one record removed by a truncation: enough to show what went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TruncatedRecord {
    /// Offset the record had.
    pub offset: Offset,
    /// Leader epoch it was written in.
    pub epoch: LeaderEpoch,
    /// Ledger id of its message (`MessageRecord::id`), which carries the value.
    pub message: u64,
}

/// How a broker process went down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum DownCause {
    /// Process crash: the log and page cache survive.
    Crash,
    /// Power loss: unflushed records are lost.
    PowerLoss,
    /// The disk is gone: the broker comes back empty.
    DiskLoss,
    /// End of a controlled shutdown.
    ControlledShutdown,
}

/// Why a leader was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ElectionReason {
    /// First live ISR member in assignment order.
    Clean,
    /// No live ISR member: first live replica (`unclean.leader.election.enable`).
    Unclean,
    /// The preferred (first assigned) replica took leadership back.
    Preferred,
    /// Leadership moved away from a broker in controlled shutdown.
    ControlledShutdown,
    /// Leadership moved because of a reassignment.
    Reassignment,
    /// Initial election when the partition was created.
    Initial,
}

/// Why a follower left the ISR.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ShrinkReason {
    /// Not caught up for more than `replica.lag.time.max.ms`.
    LagTimeExceeded {
        /// Kafka's `lastCaughtUpTimeMs` of the follower.
        last_caught_up_ms: TimeMs,
    },
    /// Legacy 0.8: more than `replica.lag.max.messages` behind.
    LagMessagesExceeded {
        /// Records behind the leader's LEO.
        behind: Offset,
    },
    /// Legacy 0.8: no fetch for `replica.lag.time.max.ms` (stuck follower).
    Stuck {
        /// When the follower last fetched.
        last_fetch_ms: TimeMs,
    },
    /// The controller removed a replica whose broker died.
    BrokerDead,
    /// The controller removed a replica of a broker in controlled shutdown.
    ControlledShutdown,
    /// The replica was removed from the assignment by a reassignment.
    Reassignment,
}

/// Why a message was not delivered by the network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum DropCause {
    /// Random loss on the link.
    Loss,
    /// The link is cut.
    Cut,
    /// Dropped by hand in manual mode.
    Manual,
    /// The receiver's process is down.
    ReceiverDown,
    /// The sender's process died before it arrived (its connections closed).
    SenderDown,
    /// The sender gave up waiting for its answer (`request.timeout.ms`) and closed the
    /// connection before it arrived.
    TimedOut,
}

/// Why a message left every replica.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum LossCause {
    /// Removed by log truncation on a replica that became a follower.
    Truncation,
    /// Unflushed records were lost in a power failure.
    PowerLoss,
    /// The disk holding it was lost.
    DiskLoss,
    /// An acks=0 Produce never reached a log; the producer is never told (Kafka's
    /// fire-and-forget: the broker sends no response for acks=0).
    NeverAppended {
        /// What stopped the request.
        cause: NeverAppendedCause,
    },
}

/// What stopped an acks=0 Produce request before any append.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum NeverAppendedCause {
    /// The network did not deliver it.
    Dropped(DropCause),
    /// The receiving broker refused it (e.g. NOT_LEADER_OR_FOLLOWER), silently for acks=0.
    Refused(KafkaError),
}

/// Kafka error codes seen by clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[allow(non_camel_case_types)]
pub enum KafkaError {
    /// The broker is not the partition's leader.
    NOT_LEADER_OR_FOLLOWER,
    /// ISR smaller than `min.insync.replicas`: refused before append.
    NOT_ENOUGH_REPLICAS,
    /// ISR shrank below `min.insync.replicas` after the append.
    NOT_ENOUGH_REPLICAS_AFTER_APPEND,
    /// No answer within `request.timeout.ms`.
    REQUEST_TIMED_OUT,
    /// Gave up after `delivery.timeout.ms`.
    DELIVERY_TIMEOUT,
    /// The partition has no leader.
    LEADER_NOT_AVAILABLE,
    /// Fetch offset outside the leader's log.
    OFFSET_OUT_OF_RANGE,
    /// The request carried an older leader epoch.
    FENCED_LEADER_EPOCH,
    /// The request carried a newer leader epoch than the broker knows (KIP-320: it has not
    /// yet received that epoch's LeaderAndIsr; retriable).
    UNKNOWN_LEADER_EPOCH,
    /// Idempotent producer: the batch does not follow the last sequence (retriable).
    OUT_OF_ORDER_SEQUENCE_NUMBER,
    /// The broker is not the group's coordinator (rediscover it).
    NOT_COORDINATOR,
    /// The coordinator does not know this member (rejoin).
    UNKNOWN_MEMBER_ID,
    /// The member's generation is not the group's (rejoin).
    ILLEGAL_GENERATION,
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum EventKind {
    /// A broker process started (at time 0 or by restart).
    BrokerStarted { broker: BrokerId },
    /// A broker process went down.
    BrokerDown { broker: BrokerId, cause: DownCause },
    /// A broker stopped handling anything (GC pause).
    BrokerPaused { broker: BrokerId },
    /// A paused broker resumed with the state it had.
    BrokerResumed { broker: BrokerId },
    /// A broker's extra latency changed.
    BrokerSlow {
        broker: BrokerId,
        extra_latency_ms: u64,
    },
    /// Controlled shutdown began.
    ControlledShutdownStarted { broker: BrokerId },
    /// `/brokers/ids/N` was created.
    BrokerRegistered { broker: BrokerId },
    /// A broker's session expired: its ephemeral nodes were deleted.
    SessionExpired { broker: BrokerId },
    /// A broker created `/controller` and bumped `/controller_epoch`.
    ControllerElected { broker: BrokerId, epoch: u32 },
    /// ZooKeeper refused a controller's writes: `/controller_epoch` moved on, another
    /// controller was elected (KAFKA-6082's `ControllerMovedException`, from 2.1); it resigns.
    ControllerMoved { broker: BrokerId, epoch: u32 },
    /// A request from an older controller epoch was refused.
    StaleControllerEpochRejected {
        broker: BrokerId,
        request_epoch: u32,
        known_epoch: u32,
    },
    /// The controller chose a leader and wrote the partition state.
    LeaderElected {
        tp: TopicPartition,
        leader: BrokerId,
        epoch: LeaderEpoch,
        isr: Vec<BrokerId>,
        reason: ElectionReason,
    },
    /// No replica may lead: the partition is offline.
    PartitionOffline { tp: TopicPartition },
    /// A broker applied LeaderAndIsr and became leader.
    BecameLeader {
        tp: TopicPartition,
        broker: BrokerId,
        epoch: LeaderEpoch,
    },
    /// A broker applied LeaderAndIsr and became follower.
    BecameFollower {
        tp: TopicPartition,
        broker: BrokerId,
        leader: BrokerId,
        epoch: LeaderEpoch,
    },
    /// A follower was removed from the ISR.
    IsrShrink {
        tp: TopicPartition,
        broker: BrokerId,
        leader: BrokerId,
        reason: ShrinkReason,
    },
    /// A follower rejoined the ISR.
    IsrExpand {
        tp: TopicPartition,
        broker: BrokerId,
        leader: BrokerId,
    },
    /// A leader's conditional ISR write failed (stale zkVersion): it is no longer the leader.
    IsrUpdateRejected {
        tp: TopicPartition,
        leader: BrokerId,
    },
    /// A replica's log was truncated; `records` are the removed records, lowest offset first.
    Truncated {
        tp: TopicPartition,
        broker: BrokerId,
        to_offset: Offset,
        removed: u64,
        rule: TruncationRule,
        records: Vec<TruncatedRecord>,
    },
    /// Retention deleted a replica's oldest segments (Kafka's `deleteOldSegments`): its
    /// log start offset moved to `log_start_offset`; `breach` is the limit that deleted the
    /// last of them. The records are expired, not lost.
    SegmentsDeleted {
        tp: TopicPartition,
        broker: BrokerId,
        segments: u32,
        records: u64,
        log_start_offset: Offset,
        breach: crate::broker::log::RetentionBreach,
    },
    /// A follower's fetch offset was below the leader's log start offset
    /// (OFFSET_OUT_OF_RANGE): it deleted its whole log and restarts at the leader's log
    /// start offset (`AbstractFetcherThread.handleOutOfRangeError`, `truncateFullyAndStartAt`).
    FollowerOutOfRange {
        tp: TopicPartition,
        broker: BrokerId,
        leader: BrokerId,
        fetch_offset: Offset,
        log_start_offset: Offset,
    },
    /// A consumer's position had no record (below the log start offset, or no committed
    /// offset to start from): `auto.offset.reset` moved it to `reset_to`, or, with `none`,
    /// it stopped fetching the partition (`reset_to` is `None`).
    ConsumerOffsetReset {
        consumer: String,
        tp: TopicPartition,
        reset: crate::config::OffsetReset,
        reset_to: Option<Offset>,
    },
    /// Records past the flushed offset were lost at power loss.
    UnflushedLost {
        tp: TopicPartition,
        broker: BrokerId,
        to_offset: Offset,
        removed: u64,
    },
    /// A leader appended a produce batch.
    Appended {
        tp: TopicPartition,
        broker: BrokerId,
        base_offset: Offset,
        count: u32,
        epoch: LeaderEpoch,
    },
    /// A leader's high watermark passed a record for the first time.
    Committed {
        tp: TopicPartition,
        high_watermark: Offset,
    },
    /// The producer learned its batch succeeded.
    ProduceAcknowledged {
        producer: u32,
        tp: TopicPartition,
        base_offset: Offset,
        count: u32,
    },
    /// The producer got an error.
    ProduceError {
        producer: u32,
        tp: TopicPartition,
        error: KafkaError,
        will_retry: bool,
    },
    /// A leader refused a duplicate batch (idempotent producer).
    DuplicateRejected {
        tp: TopicPartition,
        producer_id: u64,
        sequence: u32,
    },
    /// A retry appended a record that was already in the log.
    DuplicateAppended { message: u64, tp: TopicPartition },
    /// A message left every replica.
    MessageLost {
        message: u64,
        tp: TopicPartition,
        acknowledged: bool,
        cause: LossCause,
    },
    /// The network dropped a message.
    MessageDropped {
        id: u64,
        from: NodeId,
        to: NodeId,
        cause: DropCause,
    },
    /// A link was cut.
    LinkCut { from: NodeId, to: NodeId },
    /// A link was healed.
    LinkHealed { from: NodeId, to: NodeId },
    /// Manual network mode switched.
    ManualNetwork { on: bool },
    /// A consumer group rebalanced.
    GroupRebalanced {
        group: String,
        generation: u32,
        assignment: Vec<(String, Vec<TopicPartition>)>,
    },
    /// A consumer processed records.
    Consumed {
        consumer: String,
        tp: TopicPartition,
        from_offset: Offset,
        count: u32,
    },
    /// A consumer learned its group's coordinator (FindCoordinator).
    CoordinatorFound {
        consumer: String,
        group: String,
        coordinator: BrokerId,
    },
    /// The coordinator heard nothing from a member for its `session.timeout.ms`: removed.
    MemberSessionExpired {
        group: String,
        consumer: String,
        coordinator: BrokerId,
    },
    /// A consumer process died (no LeaveGroup: its group learns only by the session timeout).
    ConsumerCrashed { consumer: String },
    /// A dead consumer process started again.
    ConsumerRestarted { consumer: String },
    /// A consumer committed its position.
    OffsetCommitted {
        group: String,
        tp: TopicPartition,
        offset: Offset,
    },
    /// A reassignment finished.
    ReassignmentCompleted {
        tp: TopicPartition,
        replicas: Vec<BrokerId>,
    },
    /// A config changed.
    ConfigChanged { topic: Option<String>, key: String },
    /// `kafka-topics.sh --create`: a topic's assignment was written to ZooKeeper.
    TopicCreated {
        topic: String,
        partitions: u32,
        replication_factor: u32,
    },
    /// `kafka-topics.sh --alter --partitions`: a topic grew from `from` to `to` partitions.
    PartitionsAdded { topic: String, from: u32, to: u32 },
    /// `kafka-topics.sh --delete`: `/admin/delete_topics/T` was written.
    TopicMarkedForDeletion { topic: String },
    /// Every replica of the topic was deleted and the controller removed it from ZooKeeper.
    TopicDeleted { topic: String },
    /// A scenario action did not fit the state when its time came (the core's action
    /// check refused it), so nothing happened: `index` is its place in the file's
    /// `actions`, `action` its `do` name.
    ActionRefused {
        index: u32,
        action: &'static str,
        refusal: ActionRefusal,
    },
}
