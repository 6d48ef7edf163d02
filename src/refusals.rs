//! Why the core refused an action (its structured `ActionRefusal`), said in the UI language.

use crate::i18n::Lang;
use isrlab_sim::action_check::{AssignmentProblem, BrokerNeed};
use isrlab_sim::config::{ConfigError, Expected};
use isrlab_sim::placement::PlacementError;
use isrlab_sim::view::BrokerStatus;
use isrlab_sim::{ActionRefusal, NodeId};

fn broker(lang: Lang, id: u32) -> String {
    lang.tf("broker.name", &[("id", &id)])
}

fn node(lang: Lang, n: NodeId) -> String {
    match n {
        NodeId::Broker(b) => broker(lang, b),
        NodeId::Zookeeper => lang.t("zk.name").to_string(),
        NodeId::Producer(i) => format!("{} #{i}", lang.t("client.producer")),
        NodeId::Consumer(i) => format!("{} #{i}", lang.t("client.consumer")),
    }
}

fn status(lang: Lang, s: BrokerStatus) -> &'static str {
    lang.t(match s {
        BrokerStatus::Running => "broker.running",
        BrokerStatus::Down => "broker.down",
        BrokerStatus::Paused => "broker.paused",
        BrokerStatus::ShuttingDown => "broker.shutting_down",
    })
}

fn need(lang: Lang, n: BrokerNeed) -> &'static str {
    lang.t(match n {
        BrokerNeed::Up => "refusal.need_up",
        BrokerNeed::Down => "refusal.need_down",
        BrokerNeed::Running => "refusal.need_running",
        BrokerNeed::Paused => "refusal.need_paused",
    })
}

fn config(lang: Lang, e: &ConfigError) -> String {
    match e {
        ConfigError::UnknownProtocol(name) => lang.tf("refusal.config_protocol", &[("name", name)]),
        ConfigError::UnknownKey { key, .. } => {
            lang.tf("refusal.config_unknown_key", &[("key", key)])
        }
        ConfigError::BadValue { key, expected, .. } => {
            let expected = lang.t(match expected {
                Expected::Integer => "refusal.expected_integer",
                Expected::Boolean => "refusal.expected_boolean",
                Expected::TruncationRule => "refusal.expected_truncation",
                Expected::LimitOrNone => "refusal.expected_limit",
                Expected::OffsetReset => "refusal.expected_offset_reset",
                Expected::ReplicaSelector => "racks.expected_replica_selector",
                Expected::RackName => "racks.expected_rack_name",
            });
            lang.tf(
                "refusal.config_bad_value",
                &[("key", key), ("expected", &expected)],
            )
        }
        ConfigError::OutOfRange {
            key,
            value,
            min,
            max,
            ..
        } => lang.tf(
            "refusal.config_out_of_range",
            &[("key", key), ("value", value), ("min", min), ("max", max)],
        ),
        ConfigError::IdempotenceConflict { key: "acks" } => {
            lang.t("refusal.idempotence_acks").to_string()
        }
        ConfigError::IdempotenceConflict { .. } => {
            lang.t("refusal.idempotence_retries").to_string()
        }
    }
}

/// The reason of a refusal as a clause (no final full stop), in `lang`.
pub fn refusal(r: &ActionRefusal, lang: Lang) -> String {
    use ActionRefusal::*;
    match r {
        UnknownProducer { producer } => {
            lang.tf("refusal.unknown_producer", &[("producer", producer)])
        }
        UnknownTopic { topic } => lang.tf("refusal.unknown_topic", &[("topic", topic)]),
        InternalTopic { topic } => lang.tf("refusal.internal_topic", &[("topic", topic)]),
        UnknownPartition {
            topic,
            partition,
            partitions,
        } => lang.tf(
            "refusal.unknown_partition",
            &[("topic", topic), ("p", partition), ("n", partitions)],
        ),
        PartitionWithoutTopic { partition } => {
            lang.tf("refusal.partition_without_topic", &[("p", partition)])
        }
        CountOutOfRange { count, max } => {
            lang.tf("refusal.count", &[("count", count), ("max", max)])
        }
        ValueTooLong { bytes, max } => {
            lang.tf("refusal.value_too_long", &[("bytes", bytes), ("max", max)])
        }
        AcksOverrideOnIdempotentProducer { producer, acks: a } => lang.tf(
            "refusal.acks_override",
            &[("producer", producer), ("acks", &a.kafka_value())],
        ),
        UnknownConsumer { consumer } => lang.tf("refusal.unknown_consumer", &[("c", consumer)]),
        ConsumerDown { consumer } => lang.tf("refusal.consumer_down", &[("c", consumer)]),
        ConsumerRunning { consumer } => lang.tf("refusal.consumer_running", &[("c", consumer)]),
        ConsumerNameTaken { name } => lang.tf("refusal.consumer_name_taken", &[("c", name)]),
        TooManyConsumers { max } => lang.tf("refusal.too_many_consumers", &[("max", max)]),
        EmptyField { field } => {
            // The field as the consumer form labels it (`name`, `group`, `topics` of add_consumer).
            let label = match *field {
                "name" => lang.t("consumer.name"),
                "group" => lang.t("consumer.group_label"),
                "topics" => lang.t("produce.topic"),
                other => other,
            };
            lang.tf("refusal.empty_field", &[("field", &label)])
        }
        NameTooLong { field, bytes, max } => lang.tf(
            "refusal.name_too_long",
            &[("field", field), ("bytes", bytes), ("max", max)],
        ),
        UnknownBroker { broker: b } => {
            lang.tf("refusal.unknown_broker", &[("b", &broker(lang, *b))])
        }
        WrongBrokerState {
            broker: b,
            status: s,
            needs,
        } => lang.tf(
            "refusal.wrong_broker_state",
            &[
                ("b", &broker(lang, *b)),
                ("status", &status(lang, *s)),
                ("need", &need(lang, *needs)),
            ],
        ),
        LatencyOutOfRange {
            extra_latency_ms,
            max,
        } => lang.tf("refusal.latency", &[("ms", extra_latency_ms), ("max", max)]),
        UnknownNode { node: n, .. } => {
            lang.tf("refusal.unknown_node", &[("node", &node(lang, *n))])
        }
        SameNode { node: n } => lang.tf("refusal.same_node", &[("node", &node(lang, *n))]),
        UnknownMessage { message } => lang.tf("refusal.unknown_message", &[("id", message)]),
        NoActiveController => lang.t("refusal.no_controller").to_string(),
        EmptyReplicaList => lang.t("refusal.empty_replicas").to_string(),
        UnknownReplica { broker: b, .. } => {
            lang.tf("refusal.unknown_replica", &[("b", &broker(lang, *b))])
        }
        DuplicateReplica { broker: b, .. } => {
            lang.tf("refusal.duplicate_replica", &[("b", &broker(lang, *b))])
        }
        Config(e) => config(lang, e),
        ReadOnlyConfig { key } => lang.tf("refusal.config_read_only", &[("key", key)]),
        UnknownRack { rack } => lang.tf("refusal.unknown_rack", &[("rack", rack)]),
        UnknownZone { zone } => lang.tf("refusal.unknown_zone", &[("zone", zone)]),
        AllBrokersDown { brokers } => {
            let names: Vec<String> = brokers.iter().map(|b| broker(lang, *b)).collect();
            lang.tf(
                "refusal.all_brokers_down",
                &[("brokers", &names.join(", "))],
            )
        }
        InvalidTopicName { topic } => lang.tf("refusal.invalid_topic_name", &[("topic", topic)]),
        TopicExists { topic } => lang.tf("refusal.topic_exists", &[("topic", topic)]),
        Placement { topic, error } => placement(lang, topic, error),
        InvalidReplicaAssignment {
            topic,
            partition,
            problem,
        } => assignment(lang, topic, *partition, problem),
        PartitionsNotIncreased {
            topic,
            current,
            requested,
        } => lang.tf(
            "refusal.partitions_not_increased",
            &[("topic", topic), ("n", current), ("requested", requested)],
        ),
        TooManyPartitions { total, max } => lang.tf(
            "refusal.too_many_partitions",
            &[("total", total), ("max", max)],
        ),
        TopicMarkedForDeletion { topic } => {
            lang.tf("refusal.topic_marked_for_deletion", &[("topic", topic)])
        }
        TopicNameDeleted { topic } => lang.tf("refusal.topic_name_deleted", &[("topic", topic)]),
    }
}

fn placement(lang: Lang, topic: &str, e: &PlacementError) -> String {
    match e {
        PlacementError::InvalidPartitions(n) => lang.tf(
            "refusal.placement_partitions",
            &[("topic", &topic), ("n", n)],
        ),
        PlacementError::InvalidReplicationFactor {
            replication_factor,
            brokers,
        } => lang.tf(
            "refusal.placement_rf",
            &[
                ("topic", &topic),
                ("rf", replication_factor),
                ("brokers", brokers),
            ],
        ),
        PlacementError::NotAllBrokersHaveRack => {
            lang.tf("refusal.placement_racks", &[("topic", &topic)])
        }
    }
}

fn assignment(lang: Lang, topic: &str, partition: Option<u32>, p: &AssignmentProblem) -> String {
    let at = match partition {
        Some(n) => format!("{topic}-{n}"),
        None => topic.to_string(),
    };
    match p {
        AssignmentProblem::NotEveryPartition { partitions } => lang.tf(
            "refusal.assignment_partitions",
            &[("at", &at), ("n", partitions)],
        ),
        AssignmentProblem::ReplicaCount { expected, got } => lang.tf(
            "refusal.assignment_count",
            &[("at", &at), ("rf", expected), ("got", got)],
        ),
        AssignmentProblem::UnknownBroker { broker: b } => lang.tf(
            "refusal.assignment_unknown",
            &[("at", &at), ("b", &broker(lang, *b))],
        ),
        AssignmentProblem::DuplicateBroker { broker: b } => lang.tf(
            "refusal.assignment_duplicate",
            &[("at", &at), ("b", &broker(lang, *b))],
        ),
        AssignmentProblem::WithStartIndex => {
            lang.tf("refusal.assignment_start_index", &[("at", &at)])
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use isrlab_sim::action_check::LinkEnd;

    /// One refusal of every kind: each gets a filled sentence in both languages.
    fn every_refusal() -> Vec<ActionRefusal> {
        use ActionRefusal::*;
        let s = |x: &str| x.to_string();
        vec![
            UnknownProducer { producer: s("p9") },
            UnknownTopic { topic: s("t9") },
            InternalTopic {
                topic: s("__consumer_offsets"),
            },
            UnknownPartition {
                topic: s("t"),
                partition: 5,
                partitions: 2,
            },
            PartitionWithoutTopic { partition: 1 },
            CountOutOfRange {
                count: 0,
                max: 100_000,
            },
            ValueTooLong {
                bytes: 2000,
                max: 1000,
            },
            AcksOverrideOnIdempotentProducer {
                producer: s("p"),
                acks: isrlab_sim::Acks::Leader,
            },
            UnknownConsumer { consumer: s("c9") },
            ConsumerDown { consumer: s("c") },
            ConsumerRunning { consumer: s("c") },
            ConsumerNameTaken { name: s("c") },
            TooManyConsumers { max: 100 },
            EmptyField { field: "group" },
            NameTooLong {
                field: "name",
                bytes: 300,
                max: 249,
            },
            UnknownBroker { broker: 7 },
            WrongBrokerState {
                broker: 1,
                status: BrokerStatus::Down,
                needs: BrokerNeed::Up,
            },
            LatencyOutOfRange {
                extra_latency_ms: u64::MAX,
                max: 86_400_000,
            },
            UnknownNode {
                node: NodeId::Producer(3),
                end: LinkEnd::From,
            },
            SameNode {
                node: NodeId::Broker(1),
            },
            UnknownMessage { message: 42 },
            NoActiveController,
            EmptyReplicaList,
            UnknownReplica {
                broker: 8,
                index: 1,
            },
            DuplicateReplica {
                broker: 2,
                index: 2,
            },
            UnknownRack { rack: s("r9") },
            UnknownZone { zone: s("zone-x") },
            AllBrokersDown {
                brokers: vec![0, 3],
            },
            Config(ConfigError::UnknownKey {
                scope: "topic",
                key: s("x.y"),
            }),
            Config(ConfigError::BadValue {
                scope: "topic",
                key: s("flush.ms"),
                expected: Expected::Integer,
            }),
            Config(ConfigError::OutOfRange {
                scope: "topic",
                key: s("min.insync.replicas"),
                value: 0,
                min: 1,
                max: 9,
            }),
            ReadOnlyConfig {
                key: s("replica.lag.time.max.ms"),
            },
            InvalidTopicName { topic: s("a b") },
            TopicExists { topic: s("t") },
            Placement {
                topic: s("n"),
                error: PlacementError::InvalidPartitions(0),
            },
            Placement {
                topic: s("n"),
                error: PlacementError::InvalidReplicationFactor {
                    replication_factor: 5,
                    brokers: 3,
                },
            },
            Placement {
                topic: s("n"),
                error: PlacementError::NotAllBrokersHaveRack,
            },
            InvalidReplicaAssignment {
                topic: s("n"),
                partition: None,
                problem: AssignmentProblem::NotEveryPartition { partitions: 3 },
            },
            InvalidReplicaAssignment {
                topic: s("n"),
                partition: Some(1),
                problem: AssignmentProblem::ReplicaCount {
                    expected: 3,
                    got: 2,
                },
            },
            InvalidReplicaAssignment {
                topic: s("n"),
                partition: Some(1),
                problem: AssignmentProblem::UnknownBroker { broker: 9 },
            },
            InvalidReplicaAssignment {
                topic: s("n"),
                partition: Some(0),
                problem: AssignmentProblem::DuplicateBroker { broker: 2 },
            },
            InvalidReplicaAssignment {
                topic: s("n"),
                partition: None,
                problem: AssignmentProblem::WithStartIndex,
            },
            PartitionsNotIncreased {
                topic: s("t"),
                current: 3,
                requested: 2,
            },
            TooManyPartitions {
                total: 10_001,
                max: 10_000,
            },
            TopicMarkedForDeletion { topic: s("t") },
            TopicNameDeleted { topic: s("t") },
        ]
    }

    #[test]
    fn every_refusal_is_said_in_both_languages_with_its_holes_filled() {
        for r in every_refusal() {
            let (en, zh) = (refusal(&r, Lang::En), refusal(&r, Lang::Zh));
            for text in [&en, &zh] {
                assert!(
                    !text.contains('{') && !text.contains("refusal."),
                    "{r:?}: {text}"
                );
            }
            assert_ne!(en, zh, "{r:?} is not translated");
        }
        assert!(refusal(&ActionRefusal::UnknownMessage { message: 42 }, Lang::En).contains("42"));
    }
}
