//! The core's action check: one set of rules that says whether an action fits the
//! cluster's state, and why not.
//!
//! The rules read the state through [`ClusterFacts`], which two things implement: the
//! running [`Sim`](crate::Sim) (live: [`Sim::check_action`](crate::Sim::check_action),
//! used by `Sim::apply`, scripted actions and UI panels through `Sim::accepts`), and
//! [`ScriptState`](crate::validate::ScriptState), what a scenario file's earlier actions
//! say about the cluster (static: the validator and random generators). A fact the file
//! cannot know (whether message 42 is still on the network, whether a controller is
//! active yet) is `None` there, and the rule that needs it lets the action pass; a broker
//! after a controlled shutdown is [`BrokerState::EitherOf`] shutting down or down, and an
//! action passes if either state takes it. The live check decides at run time.

use crate::action::{Acks, Action};
use crate::broker::BrokerStatus;
use crate::config::{BrokerConfig, ConfigError, TopicConfig};
use crate::ids::{BrokerId, NodeId};
use crate::limits::{
    MAX_CONSUMERS, MAX_NAME_BYTES, MAX_PRODUCE_COUNT, MAX_TIME_MS, MAX_VALUE_BYTES,
};
use crate::topology::Topology;
use serde::Serialize;
use std::fmt;

/// What a state knows about a broker's process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrokerState {
    /// No broker with this id.
    Absent,
    /// In this state.
    Is(BrokerStatus),
    /// In one of two states that cannot be told apart here (a file cannot know when a
    /// controlled shutdown ends: shutting down until the controller answers, then down).
    EitherOf(BrokerStatus, BrokerStatus),
}

/// The facts the rules read.
pub trait ClusterFacts {
    /// A broker's process state.
    fn broker(&self, id: BrokerId) -> BrokerState;
    /// A producer by name (`None` when there is no such producer).
    fn producer(&self, name: &str) -> Option<ProducerFacts>;
    /// A topic's partition count (`__consumer_offsets` included when it exists); `None`
    /// for a topic marked for deletion.
    fn partition_count(&self, topic: &str) -> Option<u32>;
    /// Whether a topic of this name exists, is being deleted, or was deleted in this run.
    fn topic_presence(&self, topic: &str) -> TopicPresence {
        match self.partition_count(topic) {
            Some(_) => TopicPresence::Live,
            None => TopicPresence::Absent,
        }
    }
    /// A consumer by name (removed ones are gone): whether its process is alive; `None`
    /// when there is no such consumer.
    fn consumer_alive(&self, name: &str) -> Option<bool>;
    /// How many producers have a network address (`NodeId::Producer(0..n)`).
    fn producer_slots(&self) -> u32;
    /// How many consumers have a network address (removed ones keep theirs).
    fn consumer_slots(&self) -> u32;
    /// Whether message `id` is held or in flight on the network (`None`: cannot be known).
    fn message_on_network(&self, id: u64) -> Option<bool>;
    /// Whether a broker holds the controller role and can act on a request (`None`:
    /// cannot be known).
    fn controller_active(&self) -> Option<bool>;
    /// The brokers' racks and zones.
    fn topology(&self) -> &Topology;
    /// How many brokers a new topic may be placed on: those registered in ZooKeeper
    /// (a scenario file cannot tell, so all of its brokers).
    fn available_brokers(&self) -> usize;
    /// How many partitions all topics have together, `__consumer_offsets` included.
    fn partitions_total(&self) -> u64;
}

/// The producer settings the rules read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProducerFacts {
    /// Its own `acks`.
    pub acks: Acks,
    /// `enable.idempotence`.
    pub idempotent: bool,
}

/// The process state a broker action needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum BrokerNeed {
    /// Any live process (running, paused or shutting down): crash, power and disk loss.
    Up,
    /// A dead process: restart.
    Down,
    /// A running process: pause, controlled shutdown.
    Running,
    /// A paused process: resume.
    Paused,
}

impl BrokerNeed {
    fn accepts(self, status: BrokerStatus) -> bool {
        match self {
            BrokerNeed::Up => status != BrokerStatus::Down,
            BrokerNeed::Down => status == BrokerStatus::Down,
            BrokerNeed::Running => status == BrokerStatus::Running,
            BrokerNeed::Paused => status == BrokerStatus::Paused,
        }
    }
}

/// Which end of a link an action names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum LinkEnd {
    /// The `from` node.
    From,
    /// The `to` node.
    To,
}

/// What the cluster has of a topic name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopicPresence {
    /// No topic of this name, ever.
    Absent,
    /// A topic in use.
    Live,
    /// Marked for deletion, its replicas not all deleted yet.
    MarkedForDeletion,
    /// Deleted earlier in the run.
    Deleted,
}

/// Why an action does not fit the cluster's state. Each variant carries the names and
/// numbers a UI needs to say it in any language; `Display` says it in English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ActionRefusal {
    /// No producer of this name.
    UnknownProducer { producer: String },
    /// No topic of this name.
    UnknownTopic { topic: String },
    /// `__consumer_offsets` cannot be produced to or subscribed to by name.
    InternalTopic { topic: String },
    /// The topic has no such partition.
    UnknownPartition {
        topic: String,
        partition: u32,
        partitions: u32,
    },
    /// A preferred election names a partition but no topic.
    PartitionWithoutTopic { partition: u32 },
    /// A produce `count` of 0 or above the cap.
    CountOutOfRange { count: u32, max: u32 },
    /// A record value longer than the cap.
    ValueTooLong { bytes: usize, max: usize },
    /// A per-send `acks` other than the producer's own on an idempotent producer: in
    /// Kafka `acks` is a producer setting, and `enable.idempotence` requires `acks=all`.
    AcksOverrideOnIdempotentProducer { producer: String, acks: Acks },
    /// No consumer of this name (or it was removed).
    UnknownConsumer { consumer: String },
    /// The consumer's process is down (join, crash).
    ConsumerDown { consumer: String },
    /// The consumer's process is running (restart).
    ConsumerRunning { consumer: String },
    /// `add_consumer` with a name another consumer has.
    ConsumerNameTaken { name: String },
    /// `add_consumer` when the run already has the most consumers it may have.
    TooManyConsumers { max: usize },
    /// `add_consumer` without a name, a group or a topic (the field's name).
    EmptyField { field: &'static str },
    /// `add_consumer` with a name or group longer than the cap (the field's name).
    NameTooLong {
        field: &'static str,
        bytes: usize,
        max: usize,
    },
    /// No broker with this id.
    UnknownBroker { broker: BrokerId },
    /// The broker's process is not in the state the action needs.
    WrongBrokerState {
        broker: BrokerId,
        status: BrokerStatus,
        needs: BrokerNeed,
    },
    /// `slow` with more extra latency than the time cap.
    LatencyOutOfRange { extra_latency_ms: u64, max: u64 },
    /// A link end that is no node of the cluster.
    UnknownNode { node: NodeId, end: LinkEnd },
    /// A link from a node to itself.
    SameNode { node: NodeId },
    /// No message with this id is held or in flight.
    UnknownMessage { message: u64 },
    /// No broker is acting as controller, so there is no one to elect or reassign.
    NoActiveController,
    /// A reassignment with no replica (Kafka's InvalidReplicaAssignmentException).
    EmptyReplicaList,
    /// A reassignment naming a broker that is not in the cluster (at `replicas[index]`).
    UnknownReplica { broker: BrokerId, index: u32 },
    /// A reassignment naming a broker twice (at `replicas[index]`).
    DuplicateReplica { broker: BrokerId, index: u32 },
    /// `set_config` with an unknown key or a bad value.
    Config(ConfigError),
    /// `set_config` of a broker key Kafka only reads at start
    /// (`DynamicBrokerConfig.validateConfigs`).
    ReadOnlyConfig { key: String },
    /// `rack_down` naming a rack no broker has.
    UnknownRack { rack: String },
    /// `zone_down` naming a zone no broker is in.
    UnknownZone { zone: String },
    /// `rack_down` or `zone_down` when every broker there is already down.
    AllBrokersDown { brokers: Vec<BrokerId> },
    /// `create_topic` with a name Kafka's `Topic.validate` refuses (InvalidTopicException).
    InvalidTopicName { topic: String },
    /// `create_topic` of a topic that exists (TopicExistsException).
    TopicExists { topic: String },
    /// The placement of a new topic or of added partitions is refused.
    Placement {
        topic: String,
        error: crate::placement::PlacementError,
    },
    /// `create_topic` with an explicit assignment Kafka refuses
    /// (InvalidReplicaAssignmentException); `partition` is the one at fault, if one is.
    InvalidReplicaAssignment {
        topic: String,
        partition: Option<u32>,
        problem: AssignmentProblem,
    },
    /// `create_partitions` to as many or fewer partitions (InvalidPartitionsException).
    PartitionsNotIncreased {
        topic: String,
        current: u32,
        requested: u32,
    },
    /// More partitions in all than the cap.
    TooManyPartitions { total: u64, max: u64 },
    /// `create_topic` of a topic still being deleted (Kafka's TopicExistsException).
    TopicMarkedForDeletion { topic: String },
    /// `create_topic` of a name deleted earlier in the run: the lab keeps a deleted
    /// topic's name (its messages stay in the books under it).
    TopicNameDeleted { topic: String },
}

/// What is wrong with a new topic's explicit assignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum AssignmentProblem {
    /// It does not list exactly the partitions `0..partitions`.
    NotEveryPartition { partitions: u32 },
    /// A partition has another number of replicas than the replication factor.
    ReplicaCount { expected: u32, got: u32 },
    /// A replica on a broker the cluster does not have.
    UnknownBroker { broker: BrokerId },
    /// A broker twice in one replica list.
    DuplicateBroker { broker: BrokerId },
    /// An explicit assignment together with `start_index`, which only placement reads.
    WithStartIndex,
}

impl ActionRefusal {
    /// The field of the action at fault, as in a scenario file (`broker`, `replicas[1]`).
    pub fn field(&self, action: &Action) -> String {
        use ActionRefusal::*;
        let name = match self {
            UnknownProducer { .. } => "producer",
            AcksOverrideOnIdempotentProducer { .. } => "acks",
            UnknownTopic { .. } | InternalTopic { .. }
                if matches!(action, Action::AddConsumer { .. }) =>
            {
                "topics"
            }
            UnknownTopic { .. } | InternalTopic { .. } | PartitionWithoutTopic { .. } => "topic",
            UnknownPartition { .. } => "partition",
            CountOutOfRange { .. } => "count",
            ValueTooLong { .. } => "value",
            UnknownConsumer { .. } | ConsumerDown { .. } | ConsumerRunning { .. }
                if matches!(action, Action::RemoveConsumer { .. }) =>
            {
                "name"
            }
            UnknownConsumer { .. } | ConsumerDown { .. } | ConsumerRunning { .. } => "consumer",
            ConsumerNameTaken { .. } => "name",
            TooManyConsumers { .. } => "do",
            EmptyField { field } | NameTooLong { field, .. } => field,
            UnknownBroker { .. } | WrongBrokerState { .. } => "broker",
            LatencyOutOfRange { .. } => "extra_latency_ms",
            UnknownNode {
                end: LinkEnd::From, ..
            } => "from",
            UnknownNode {
                end: LinkEnd::To, ..
            }
            | SameNode { .. } => "to",
            UnknownMessage { .. } => "message",
            NoActiveController => "do",
            EmptyReplicaList => "replicas",
            UnknownReplica { index, .. } | DuplicateReplica { index, .. } => {
                return format!("replicas[{index}]")
            }
            Config(ConfigError::UnknownKey { .. }) | ReadOnlyConfig { .. } => "key",
            UnknownRack { .. } => "rack",
            UnknownZone { .. } => "zone",
            AllBrokersDown { .. } => "do",
            Config(_) if matches!(action, Action::CreateTopic { .. }) => "topic.config",
            Config(_) => "value",
            InvalidTopicName { .. } | TopicMarkedForDeletion { .. } | TopicNameDeleted { .. } => {
                "topic.name"
            }
            TopicExists { .. } if matches!(action, Action::CreateTopic { .. }) => "topic.name",
            TopicExists { .. } => "topic",
            Placement {
                error: crate::placement::PlacementError::InvalidPartitions(_),
                ..
            }
            | PartitionsNotIncreased { .. }
            | TooManyPartitions { .. }
                if matches!(action, Action::CreatePartitions { .. }) =>
            {
                "partitions"
            }
            Placement {
                error: crate::placement::PlacementError::InvalidPartitions(_),
                ..
            }
            | PartitionsNotIncreased { .. }
            | TooManyPartitions { .. } => "topic.partitions",
            Placement { .. } if matches!(action, Action::CreatePartitions { .. }) => "topic",
            Placement { .. } => "topic.replication_factor",
            InvalidReplicaAssignment {
                partition: Some(p), ..
            } => return format!("topic.assignment.{p}"),
            InvalidReplicaAssignment {
                problem: AssignmentProblem::WithStartIndex,
                ..
            } => "topic.start_index",
            InvalidReplicaAssignment { .. } => "topic.assignment",
        };
        name.to_string()
    }
}

fn status_name(s: BrokerStatus) -> &'static str {
    match s {
        BrokerStatus::Running => "running",
        BrokerStatus::Down => "down",
        BrokerStatus::Paused => "paused",
        BrokerStatus::ShuttingDown => "shutting down",
    }
}

impl fmt::Display for ActionRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ActionRefusal::*;
        match self {
            UnknownProducer { producer } => write!(f, "unknown producer \"{producer}\""),
            UnknownTopic { topic } => write!(f, "unknown topic \"{topic}\""),
            InternalTopic { topic } => write!(f, "\"{topic}\" is Kafka's internal topic"),
            UnknownPartition { topic, partition, partitions } => {
                write!(f, "topic \"{topic}\" has partitions 0..{partitions}, got {partition}")
            }
            PartitionWithoutTopic { partition } => write!(f, "partition {partition} needs its topic"),
            CountOutOfRange { count, max } => write!(f, "count {count} is out of range: expected 1 to {max} records"),
            ValueTooLong { bytes, max } => write!(f, "a record value of {bytes} bytes is more than the limit of {max}"),
            AcksOverrideOnIdempotentProducer { producer, acks } => write!(
                f,
                "producer \"{producer}\" is idempotent (enable.idempotence requires acks=all, and acks is a producer setting in Kafka): a per-send acks={} is refused",
                acks.kafka_value()
            ),
            UnknownConsumer { consumer } => write!(f, "unknown consumer \"{consumer}\""),
            ConsumerDown { consumer } => write!(f, "consumer \"{consumer}\" is down"),
            ConsumerRunning { consumer } => write!(f, "consumer \"{consumer}\" is running"),
            ConsumerNameTaken { name } => write!(f, "a consumer named \"{name}\" already exists"),
            TooManyConsumers { max } => write!(f, "the run already has {max} consumers, the limit"),
            EmptyField { field } => write!(f, "expected a non-empty {field}"),
            NameTooLong { field, bytes, max } => write!(f, "a {field} of {bytes} bytes is more than the limit of {max}"),
            UnknownBroker { broker } => write!(f, "unknown broker id {broker}"),
            WrongBrokerState { broker, status, needs } => write!(
                f,
                "broker {broker} is {}; this action needs {}",
                status_name(*status),
                match needs {
                    BrokerNeed::Up => "a broker that is up",
                    BrokerNeed::Down => "a broker that is down",
                    BrokerNeed::Running => "a running broker",
                    BrokerNeed::Paused => "a paused broker",
                }
            ),
            LatencyOutOfRange { extra_latency_ms, max } => {
                write!(f, "extra latency of {extra_latency_ms} ms is more than the limit of {max} ms (24 h)")
            }
            UnknownNode { node: NodeId::Broker(b), .. } => write!(f, "unknown broker id {b}"),
            UnknownNode { node: NodeId::Producer(i), .. } => write!(f, "unknown producer index {i}"),
            UnknownNode { node: NodeId::Consumer(i), .. } => write!(f, "unknown consumer index {i}"),
            UnknownNode { node: NodeId::Zookeeper, .. } => write!(f, "unknown node ZooKeeper"),
            SameNode { node } => write!(f, "a link joins two different nodes, got {node:?} twice"),
            UnknownMessage { message } => write!(f, "no message {message} on the network"),
            NoActiveController => write!(f, "no broker is acting as controller"),
            EmptyReplicaList => write!(f, "InvalidReplicaAssignmentException: expected at least one replica"),
            UnknownReplica { broker, .. } => write!(f, "unknown broker id {broker} in the replica list"),
            DuplicateReplica { broker, .. } => write!(f, "broker {broker} appears twice in one replica list"),
            Config(e) => write!(f, "{e}"),
            ReadOnlyConfig { key } => write!(f, "Cannot update these configs dynamically: Set({key})"),
            UnknownRack { rack } => write!(f, "no broker has broker.rack \"{rack}\""),
            UnknownZone { zone } => write!(f, "no broker is in zone \"{zone}\""),
            AllBrokersDown { brokers } => write!(f, "brokers {brokers:?} are all down already"),
            InvalidTopicName { topic } => write!(
                f,
                "InvalidTopicException: topic name \"{topic}\" is illegal: it must be 1 to 249 ASCII alphanumerics, '.', '_' and '-', and not '.' or '..'"
            ),
            TopicExists { topic } => write!(f, "TopicExistsException: Topic '{topic}' already exists."),
            Placement { topic, error } => write!(f, "topic \"{topic}\": {error}"),
            InvalidReplicaAssignment { topic, partition, problem } => {
                write!(f, "InvalidReplicaAssignmentException: topic \"{topic}\"")?;
                if let Some(p) = partition {
                    write!(f, ", partition {p}")?;
                }
                match problem {
                    AssignmentProblem::NotEveryPartition { partitions } => {
                        write!(f, ": expected exactly the partitions 0..{partitions}")
                    }
                    AssignmentProblem::ReplicaCount { expected, got } => {
                        write!(f, ": expected {expected} replicas (the replication factor), got {got}")
                    }
                    AssignmentProblem::UnknownBroker { broker } => {
                        write!(f, ": unknown broker id {broker}")
                    }
                    AssignmentProblem::DuplicateBroker { broker } => {
                        write!(f, ": broker {broker} appears twice")
                    }
                    AssignmentProblem::WithStartIndex => write!(
                        f,
                        ": an explicit assignment places every replica, so start_index has no use"
                    ),
                }
            }
            PartitionsNotIncreased { current, requested, .. } if requested == current => {
                write!(f, "InvalidPartitionsException: Topic already has {current} partitions.")
            }
            PartitionsNotIncreased { current, requested, .. } => write!(
                f,
                "InvalidPartitionsException: Topic currently has {current} partitions, which is higher than the requested {requested}."
            ),
            TooManyPartitions { total, max } => write!(
                f,
                "the cluster would have {total} partitions, more than the limit of {max}"
            ),
            TopicMarkedForDeletion { topic } => {
                write!(f, "TopicExistsException: Topic '{topic}' is marked for deletion.")
            }
            TopicNameDeleted { topic } => write!(
                f,
                "topic \"{topic}\" was deleted earlier in this run, and the lab does not reuse a deleted topic's name"
            ),
        }
    }
}

impl std::error::Error for ActionRefusal {}

type Verdict = Result<(), ActionRefusal>;

/// Whether `action` fits the state `facts` describe, and why not.
pub fn check_action(facts: &impl ClusterFacts, action: &Action) -> Verdict {
    match action {
        Action::Crash { broker } | Action::PowerLoss { broker } | Action::DiskLoss { broker } => {
            broker_in(facts, *broker, Some(BrokerNeed::Up))
        }
        Action::RackDown { rack, .. } => {
            let brokers = facts.topology().brokers_in_rack(rack);
            let unknown = ActionRefusal::UnknownRack { rack: rack.clone() };
            some_broker_up(facts, brokers, unknown)
        }
        Action::ZoneDown { zone, .. } => {
            let brokers = facts.topology().brokers_in_zone(zone);
            let unknown = ActionRefusal::UnknownZone { zone: zone.clone() };
            some_broker_up(facts, brokers, unknown)
        }
        Action::Restart { broker } => broker_in(facts, *broker, Some(BrokerNeed::Down)),
        Action::Pause { broker } | Action::ControlledShutdown { broker } => {
            broker_in(facts, *broker, Some(BrokerNeed::Running))
        }
        Action::Resume { broker } => broker_in(facts, *broker, Some(BrokerNeed::Paused)),
        Action::Produce {
            producer,
            topic,
            partition,
            value,
            acks,
            count,
        } => {
            let own = facts
                .producer(producer)
                .ok_or_else(|| ActionRefusal::UnknownProducer {
                    producer: producer.clone(),
                })?;
            user_topic(facts, topic)?;
            partition_of(facts, topic, *partition)?;
            let count = count.unwrap_or(1);
            if count == 0 || count > MAX_PRODUCE_COUNT {
                return Err(ActionRefusal::CountOutOfRange {
                    count,
                    max: MAX_PRODUCE_COUNT,
                });
            }
            if value.len() > MAX_VALUE_BYTES {
                return Err(ActionRefusal::ValueTooLong {
                    bytes: value.len(),
                    max: MAX_VALUE_BYTES,
                });
            }
            match acks {
                Some(a) if own.idempotent && *a != own.acks => {
                    Err(ActionRefusal::AcksOverrideOnIdempotentProducer {
                        producer: producer.clone(),
                        acks: *a,
                    })
                }
                _ => Ok(()),
            }
        }
        Action::ConsumerJoin { consumer } | Action::ConsumerCrash { consumer } => {
            consumer_in(facts, consumer, Some(true))
        }
        Action::ConsumerRestart { consumer } => consumer_in(facts, consumer, Some(false)),
        Action::ConsumerLeave { consumer } => consumer_in(facts, consumer, None),
        Action::RemoveConsumer { name } => consumer_in(facts, name, None),
        Action::AddConsumer {
            name,
            group,
            topics,
            ..
        } => {
            for (field, empty) in [
                ("name", name.is_empty()),
                ("group", group.is_empty()),
                ("topics", topics.is_empty()),
            ] {
                if empty {
                    return Err(ActionRefusal::EmptyField { field });
                }
            }
            for (field, text) in [("name", name), ("group", group)] {
                if text.len() > MAX_NAME_BYTES {
                    return Err(ActionRefusal::NameTooLong {
                        field,
                        bytes: text.len(),
                        max: MAX_NAME_BYTES,
                    });
                }
            }
            if facts.consumer_alive(name).is_some() {
                return Err(ActionRefusal::ConsumerNameTaken { name: name.clone() });
            }
            if facts.consumer_slots() as usize >= MAX_CONSUMERS {
                return Err(ActionRefusal::TooManyConsumers { max: MAX_CONSUMERS });
            }
            topics.iter().try_for_each(|t| user_topic(facts, t))
        }
        Action::Slow {
            broker,
            extra_latency_ms,
        } => {
            broker_in(facts, *broker, None)?;
            if *extra_latency_ms > MAX_TIME_MS {
                return Err(ActionRefusal::LatencyOutOfRange {
                    extra_latency_ms: *extra_latency_ms,
                    max: MAX_TIME_MS,
                });
            }
            Ok(())
        }
        Action::Cut { from, to, .. } | Action::Heal { from, to, .. } => {
            node(facts, *from, LinkEnd::From)?;
            node(facts, *to, LinkEnd::To)?;
            if from == to {
                return Err(ActionRefusal::SameNode { node: *to });
            }
            Ok(())
        }
        Action::SetManualNetwork { .. } => Ok(()),
        Action::Deliver { message } | Action::Drop { message } => {
            match facts.message_on_network(*message) {
                Some(false) => Err(ActionRefusal::UnknownMessage { message: *message }),
                _ => Ok(()),
            }
        }
        Action::PreferredElection { topic, partition } => {
            match (topic, partition) {
                (None, Some(p)) => {
                    return Err(ActionRefusal::PartitionWithoutTopic { partition: *p })
                }
                (Some(t), p) => partition_of(facts, t, *p)?,
                (None, None) => {}
            }
            controller(facts)
        }
        Action::UncleanElection { topic, partition } => {
            partition_of(facts, topic, Some(*partition))?;
            controller(facts)
        }
        Action::Reassign {
            topic,
            partition,
            replicas,
        } => {
            partition_of(facts, topic, Some(*partition))?;
            if replicas.is_empty() {
                return Err(ActionRefusal::EmptyReplicaList);
            }
            for (i, &broker) in replicas.iter().enumerate() {
                let index = i as u32;
                if facts.broker(broker) == BrokerState::Absent {
                    return Err(ActionRefusal::UnknownReplica { broker, index });
                }
                if replicas[..i].contains(&broker) {
                    return Err(ActionRefusal::DuplicateReplica { broker, index });
                }
            }
            controller(facts)
        }
        Action::CreateTopic { topic } => new_topics::check_create_topic(facts, topic),
        Action::CreatePartitions { topic, partitions } => {
            new_topics::check_create_partitions(facts, topic, *partitions)
        }
        Action::DeleteTopic { topic } => user_topic(facts, topic),
        Action::SetConfig { topic, key, value } => match topic {
            Some(t) => {
                partition_of(facts, t, None)?;
                TopicConfig::check(key, value).map_err(ActionRefusal::Config)
            }
            None if crate::config_keys::is_read_only_broker_key(key) => {
                Err(ActionRefusal::ReadOnlyConfig { key: key.clone() })
            }
            None => BrokerConfig::check(key, value).map_err(ActionRefusal::Config),
        },
    }
}

fn broker_in(facts: &impl ClusterFacts, broker: BrokerId, needs: Option<BrokerNeed>) -> Verdict {
    match (facts.broker(broker), needs) {
        (BrokerState::Absent, _) => Err(ActionRefusal::UnknownBroker { broker }),
        (BrokerState::Is(status), Some(needs)) if !needs.accepts(status) => {
            Err(ActionRefusal::WrongBrokerState {
                broker,
                status,
                needs,
            })
        }
        (BrokerState::EitherOf(status, or), Some(needs))
            if !needs.accepts(status) && !needs.accepts(or) =>
        {
            Err(ActionRefusal::WrongBrokerState {
                broker,
                status,
                needs,
            })
        }
        _ => Ok(()),
    }
}

/// A rack or zone's brokers (`unknown` when there are none): at least one must be up.
fn some_broker_up(
    facts: &impl ClusterFacts,
    brokers: Vec<BrokerId>,
    unknown: ActionRefusal,
) -> Verdict {
    if brokers.is_empty() {
        return Err(unknown);
    }
    if brokers
        .iter()
        .any(|b| broker_in(facts, *b, Some(BrokerNeed::Up)).is_ok())
    {
        Ok(())
    } else {
        Err(ActionRefusal::AllBrokersDown { brokers })
    }
}

/// A consumer by name; `alive` is the process state the action needs, if any.
fn consumer_in(facts: &impl ClusterFacts, consumer: &str, alive: Option<bool>) -> Verdict {
    let consumer = consumer.to_string();
    match (facts.consumer_alive(&consumer), alive) {
        (None, _) => Err(ActionRefusal::UnknownConsumer { consumer }),
        (Some(false), Some(true)) => Err(ActionRefusal::ConsumerDown { consumer }),
        (Some(true), Some(false)) => Err(ActionRefusal::ConsumerRunning { consumer }),
        _ => Ok(()),
    }
}

/// A topic that clients may name: known and not `__consumer_offsets`.
fn user_topic(facts: &impl ClusterFacts, topic: &str) -> Verdict {
    if topic == crate::client::coordinator::OFFSETS_TOPIC {
        return Err(ActionRefusal::InternalTopic {
            topic: topic.to_string(),
        });
    }
    partition_of(facts, topic, None)
}

/// A known topic and, when given, one of its partitions.
fn partition_of(facts: &impl ClusterFacts, topic: &str, partition: Option<u32>) -> Verdict {
    let partitions = facts
        .partition_count(topic)
        .ok_or_else(|| ActionRefusal::UnknownTopic {
            topic: topic.to_string(),
        })?;
    match partition {
        Some(partition) if partition >= partitions => Err(ActionRefusal::UnknownPartition {
            topic: topic.to_string(),
            partition,
            partitions,
        }),
        _ => Ok(()),
    }
}

fn node(facts: &impl ClusterFacts, node: NodeId, end: LinkEnd) -> Verdict {
    let known = match node {
        NodeId::Broker(b) => facts.broker(b) != BrokerState::Absent,
        NodeId::Zookeeper => true,
        NodeId::Producer(i) => i < facts.producer_slots(),
        NodeId::Consumer(i) => i < facts.consumer_slots(),
    };
    if known {
        Ok(())
    } else {
        Err(ActionRefusal::UnknownNode { node, end })
    }
}

fn controller(facts: &impl ClusterFacts) -> Verdict {
    match facts.controller_active() {
        Some(false) => Err(ActionRefusal::NoActiveController),
        _ => Ok(()),
    }
}

mod new_topics;
#[cfg(test)]
mod tests;
