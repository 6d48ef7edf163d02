//! Actions: everything a user, a scenario file or a test can do to a running cluster.
//! Scenario files list them with a time (`{"at_ms": 1000, "do": "crash", "broker": 1}`).

use crate::ids::{BrokerId, NodeId};
use crate::scenario::CommitMode;
use serde::{Deserialize, Serialize};

/// The producer's `acks` setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Acks {
    /// `acks=0`: fire and forget.
    #[serde(rename = "0")]
    None,
    /// `acks=1`: the leader's append is enough.
    #[serde(rename = "1")]
    Leader,
    /// `acks=all` (-1): every ISR member, subject to `min.insync.replicas`.
    #[serde(rename = "all", alias = "-1")]
    All,
}

impl Acks {
    /// The setting as Kafka's producer config writes it: `0`, `1` or `all`.
    pub fn kafka_value(self) -> &'static str {
        match self {
            Acks::None => "0",
            Acks::Leader => "1",
            Acks::All => "all",
        }
    }
}

/// One thing done to the cluster at the current virtual time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// A producer sends `count` records (values `value`, or `value-1`.. for a burst).
    Produce {
        /// Producer name from the scenario.
        producer: String,
        /// Topic to produce to.
        topic: String,
        /// Partition; `None` lets the producer pick round-robin.
        #[serde(default)]
        partition: Option<u32>,
        /// Record value.
        value: String,
        /// Override of the producer's acks for this send (refused on an idempotent
        /// producer unless `all`: see `docs/scenario-format.md`).
        #[serde(default)]
        acks: Option<Acks>,
        /// Number of records (a burst); 1 when absent.
        #[serde(default)]
        count: Option<u32>,
    },
    /// A consumer joins its group (or the named group).
    ConsumerJoin {
        /// Consumer name from the scenario.
        consumer: String,
    },
    /// A consumer leaves its group cleanly.
    ConsumerLeave {
        /// Consumer name.
        consumer: String,
    },
    /// A consumer process dies without leaving its group: the coordinator notices only
    /// after the consumer's `session.timeout.ms`, then rebalances.
    ConsumerCrash {
        /// Consumer name.
        consumer: String,
    },
    /// A crashed consumer starts again and joins its group.
    ConsumerRestart {
        /// Consumer name.
        consumer: String,
    },
    /// A new consumer starts during the run and joins `group` (default consumer config).
    AddConsumer {
        /// Its name (not used by another consumer).
        name: String,
        /// `group.id`.
        group: String,
        /// Topics it subscribes to.
        topics: Vec<String>,
        /// Commit before or after processing.
        #[serde(default)]
        commit: CommitMode,
    },
    /// A consumer leaves its group cleanly (LeaveGroup) and is gone from the run.
    RemoveConsumer {
        /// Consumer name.
        name: String,
    },
    /// Broker process dies; the log, page cache included, survives.
    Crash { broker: BrokerId },
    /// Broker loses power: records not yet flushed are lost.
    PowerLoss { broker: BrokerId },
    /// Broker dies and comes back with an empty disk when restarted.
    DiskLoss { broker: BrokerId },
    /// Every live broker of a rack goes down at once: its processes die (`crash`), or
    /// with `power_loss` the rack loses power and unflushed records are lost too.
    RackDown {
        rack: String,
        #[serde(default)]
        power_loss: bool,
    },
    /// Every live broker of a zone (all its racks) goes down at once, as `rack_down` does.
    ZoneDown {
        zone: String,
        #[serde(default)]
        power_loss: bool,
    },
    /// A dead broker starts again.
    Restart { broker: BrokerId },
    /// Broker stops handling anything (GC pause) until resumed.
    Pause { broker: BrokerId },
    /// A paused broker carries on as if nothing happened.
    Resume { broker: BrokerId },
    /// Broker becomes slow: extra latency on everything it sends (0 restores it).
    Slow {
        broker: BrokerId,
        extra_latency_ms: u64,
    },
    /// Controlled shutdown: leadership moves away first, then the process stops.
    ControlledShutdown { broker: BrokerId },
    /// Cut the link from `from` to `to` (and back, if `both_ways`).
    Cut {
        from: NodeId,
        to: NodeId,
        #[serde(default = "yes")]
        both_ways: bool,
    },
    /// Heal a cut link.
    Heal {
        from: NodeId,
        to: NodeId,
        #[serde(default = "yes")]
        both_ways: bool,
    },
    /// Hold every new message until delivered or dropped by hand (or release them all).
    SetManualNetwork { on: bool },
    /// Deliver a held or in-flight message now.
    Deliver { message: u64 },
    /// Drop a message in flight.
    Drop { message: u64 },
    /// `kafka-leader-election.sh --election-type preferred` (all partitions when none named).
    PreferredElection {
        #[serde(default)]
        topic: Option<String>,
        #[serde(default)]
        partition: Option<u32>,
    },
    /// `kafka-leader-election.sh --election-type unclean` for one partition.
    UncleanElection { topic: String, partition: u32 },
    /// `kafka-reassign-partitions.sh --execute` for one partition.
    Reassign {
        topic: String,
        partition: u32,
        replicas: Vec<BrokerId>,
    },
    /// `kafka-topics.sh --create`: a new topic, placed as the scenario's topics are (its
    /// rule over the registered brokers, or its explicit assignment) and written to
    /// ZooKeeper; the controller creates its partitions when its topic watch fires.
    CreateTopic { topic: crate::scenario::TopicSpec },
    /// `kafka-topics.sh --alter --partitions N`: the topic grows to `partitions`, the new
    /// ones placed as `AdminZkClient.createNewPartitionsAssignment` places them.
    CreatePartitions { topic: String, partitions: u32 },
    /// `kafka-topics.sh --delete`: the topic is marked for deletion in ZooKeeper
    /// (`/admin/delete_topics`); the controller has every replica deleted
    /// (StopReplica with delete), then removes the topic.
    DeleteTopic { topic: String },
    /// Change a dynamic config (`kafka-configs.sh --alter`): a topic's when `topic` is set, else the cluster default.
    SetConfig {
        #[serde(default)]
        topic: Option<String>,
        key: String,
        value: serde_json::Value,
    },
}

impl Action {
    /// The action's name as scenario files write it (`"do": "crash"`).
    pub fn name(&self) -> &'static str {
        match self {
            Action::Produce { .. } => "produce",
            Action::ConsumerJoin { .. } => "consumer_join",
            Action::ConsumerLeave { .. } => "consumer_leave",
            Action::ConsumerCrash { .. } => "consumer_crash",
            Action::ConsumerRestart { .. } => "consumer_restart",
            Action::AddConsumer { .. } => "add_consumer",
            Action::RemoveConsumer { .. } => "remove_consumer",
            Action::Crash { .. } => "crash",
            Action::PowerLoss { .. } => "power_loss",
            Action::DiskLoss { .. } => "disk_loss",
            Action::RackDown { .. } => "rack_down",
            Action::ZoneDown { .. } => "zone_down",
            Action::Restart { .. } => "restart",
            Action::Pause { .. } => "pause",
            Action::Resume { .. } => "resume",
            Action::Slow { .. } => "slow",
            Action::ControlledShutdown { .. } => "controlled_shutdown",
            Action::Cut { .. } => "cut",
            Action::Heal { .. } => "heal",
            Action::SetManualNetwork { .. } => "set_manual_network",
            Action::Deliver { .. } => "deliver",
            Action::Drop { .. } => "drop",
            Action::PreferredElection { .. } => "preferred_election",
            Action::UncleanElection { .. } => "unclean_election",
            Action::Reassign { .. } => "reassign",
            Action::CreateTopic { .. } => "create_topic",
            Action::CreatePartitions { .. } => "create_partitions",
            Action::DeleteTopic { .. } => "delete_topic",
            Action::SetConfig { .. } => "set_config",
        }
    }
}

fn yes() -> bool {
    true
}
