//! One test per refusal: the live check (a running `Sim`) and the static one (a
//! `ScriptState` over the same scenario) give the same answer wherever the file can
//! know the fact, and `Sim::apply` refuses without changing anything.

use super::*;
use crate::scenario::{CommitMode, Scenario};
use crate::sim::Sim;
use crate::validate::ScriptState;
use serde_json::json;

/// Brokers 1–3, topic `t` (2 partitions), idempotent producer `p` (acks=all), plain
/// producer `q` (acks=1), producer `r` (acks=1 with the 3.7 preset's default
/// `enable.idempotence=true`, which yields to acks=1: not idempotent, KAFKA-13598),
/// consumer `c`; no scripted action.
fn scenario() -> Scenario {
    let v = json!({
        "id": "check", "title": {"en": "c", "zh": "c"}, "seed": 3, "end_ms": 60000,
        "cluster": {"brokers": [1, 2, 3], "protocol": "3.7"},
        "topics": [{"name": "t", "partitions": 2, "replication_factor": 3}],
        "producers": [
            {"name": "p", "acks": "all", "config": {"enable.idempotence": true}},
            {"name": "q", "acks": "1", "config": {"enable.idempotence": false}},
            {"name": "r", "acks": "1"}
        ],
        "consumers": [{"name": "c", "group": "g", "topics": ["t"]}]
    });
    Scenario::from_json(&v.to_string()).expect("valid scenario")
}

/// The cluster after start-up: a controller is elected and every partition has a leader.
fn live() -> Sim {
    let mut sim = Sim::new(&scenario()).expect("builds");
    sim.run_until(3000);
    sim
}

fn script() -> ScriptState {
    ScriptState::new(&scenario()).expect("valid config")
}

fn produce(
    producer: &str,
    topic: &str,
    partition: Option<u32>,
    acks: Option<Acks>,
    count: Option<u32>,
) -> Action {
    Action::Produce {
        producer: producer.into(),
        topic: topic.into(),
        partition,
        value: "v".into(),
        acks,
        count,
    }
}

/// The live and the static check both give `expected`; applying changes nothing.
fn refused_by_both(action: Action, expected: ActionRefusal) {
    refused_live(&mut live(), action.clone(), expected.clone());
    assert_eq!(
        script().check(&action),
        Err(expected),
        "static check of {action:?}"
    );
}

fn refused_live(sim: &mut Sim, action: Action, expected: ActionRefusal) {
    assert_eq!(
        sim.check_action(&action),
        Err(expected.clone()),
        "live check of {action:?}"
    );
    assert!(!sim.accepts(&action));
    let (events, hash, applied) = (
        sim.events().len(),
        sim.trace_hash(),
        sim.applied_actions().len(),
    );
    assert_eq!(sim.apply(action.clone()), Err(expected));
    assert_eq!(
        (sim.events().len(), sim.trace_hash()),
        (events, hash),
        "a refused {action:?} changed the run"
    );
    assert_eq!(
        sim.applied_actions().len(),
        applied,
        "a refused action is not recorded for replay"
    );
}

#[test]
fn produce_names_a_known_producer_topic_and_partition() {
    refused_by_both(
        produce("nobody", "t", None, None, None),
        ActionRefusal::UnknownProducer {
            producer: "nobody".into(),
        },
    );
    refused_by_both(
        produce("p", "payments", None, None, None),
        ActionRefusal::UnknownTopic {
            topic: "payments".into(),
        },
    );
    refused_by_both(
        produce("p", "t", Some(2), None, None),
        ActionRefusal::UnknownPartition {
            topic: "t".into(),
            partition: 2,
            partitions: 2,
        },
    );
    refused_by_both(
        produce("p", "__consumer_offsets", None, None, None),
        ActionRefusal::InternalTopic {
            topic: "__consumer_offsets".into(),
        },
    );
}

#[test]
fn produce_count_is_one_to_the_cap_and_values_are_bounded() {
    for count in [0, MAX_PRODUCE_COUNT + 1] {
        refused_by_both(
            produce("p", "t", None, None, Some(count)),
            ActionRefusal::CountOutOfRange {
                count,
                max: MAX_PRODUCE_COUNT,
            },
        );
    }
    assert!(live().accepts(&produce("p", "t", None, None, Some(MAX_PRODUCE_COUNT))));
    let long = Action::Produce {
        producer: "p".into(),
        topic: "t".into(),
        partition: None,
        value: "x".repeat(MAX_VALUE_BYTES + 1),
        acks: None,
        count: None,
    };
    refused_by_both(
        long,
        ActionRefusal::ValueTooLong {
            bytes: MAX_VALUE_BYTES + 1,
            max: MAX_VALUE_BYTES,
        },
    );
}

/// Kafka's ProducerConfig: `enable.idempotence=true` requires `acks=all`, and `acks` is a
/// property of the producer, not of one send. On an idempotent producer a per-send acks
/// other than its own is refused (it would burn sequence numbers the next acks=all batch
/// then fails on); its own value passes as a no-op.
#[test]
fn per_send_acks_override_on_an_idempotent_producer_is_refused_kafka_producer_config() {
    for acks in [Acks::None, Acks::Leader] {
        refused_by_both(
            produce("p", "t", Some(0), Some(acks), None),
            ActionRefusal::AcksOverrideOnIdempotentProducer {
                producer: "p".into(),
                acks,
            },
        );
    }
    let sim = live();
    assert!(sim.accepts(&produce("p", "t", Some(0), Some(Acks::All), None)));
    assert!(sim.accepts(&produce("r", "t", Some(0), Some(Acks::Leader), None)));
    assert!(
        sim.accepts(&produce("r", "t", Some(0), Some(Acks::All), None)),
        "an acks=1 producer that does not set enable.idempotence is not idempotent"
    );
    assert!(
        sim.accepts(&produce("q", "t", Some(0), Some(Acks::None), None)),
        "a plain producer may override"
    );
}

#[test]
fn consumer_actions_follow_the_consumer_process() {
    let c = |consumer: &str| consumer.to_string();
    refused_by_both(
        Action::ConsumerJoin { consumer: c("c9") },
        ActionRefusal::UnknownConsumer { consumer: c("c9") },
    );
    refused_by_both(
        Action::ConsumerLeave { consumer: c("c9") },
        ActionRefusal::UnknownConsumer { consumer: c("c9") },
    );
    refused_by_both(
        Action::RemoveConsumer { name: c("c9") },
        ActionRefusal::UnknownConsumer { consumer: c("c9") },
    );
    refused_by_both(
        Action::ConsumerRestart { consumer: c("c") },
        ActionRefusal::ConsumerRunning { consumer: c("c") },
    );
    let mut sim = live();
    let mut st = script();
    let crash = Action::ConsumerCrash { consumer: c("c") };
    sim.apply(crash.clone()).unwrap();
    st.record(&crash);
    assert_eq!(
        sim.consumers_accepting(|consumer| Action::ConsumerRestart { consumer }),
        vec![c("c")]
    );
    assert!(sim
        .consumers_accepting(|consumer| Action::ConsumerCrash { consumer })
        .is_empty());
    for a in [crash, Action::ConsumerJoin { consumer: c("c") }] {
        assert_eq!(
            st.check(&a),
            Err(ActionRefusal::ConsumerDown { consumer: c("c") })
        );
        refused_live(
            &mut sim.clone(),
            a,
            ActionRefusal::ConsumerDown { consumer: c("c") },
        );
    }
}

#[test]
fn add_consumer_needs_a_new_name_a_group_and_known_topics_and_remove_frees_the_name() {
    let add = |name: &str, group: &str, topics: &[&str]| Action::AddConsumer {
        name: name.into(),
        group: group.into(),
        topics: topics.iter().map(|t| t.to_string()).collect(),
        commit: CommitMode::AfterProcessing,
    };
    refused_by_both(
        add("c", "g", &["t"]),
        ActionRefusal::ConsumerNameTaken { name: "c".into() },
    );
    refused_by_both(
        add("", "g", &["t"]),
        ActionRefusal::EmptyField { field: "name" },
    );
    refused_by_both(
        add("d", "", &["t"]),
        ActionRefusal::EmptyField { field: "group" },
    );
    refused_by_both(
        add("d", "g", &[]),
        ActionRefusal::EmptyField { field: "topics" },
    );
    let long = "n".repeat(MAX_NAME_BYTES + 1);
    refused_by_both(
        add(&long, "g", &["t"]),
        ActionRefusal::NameTooLong {
            field: "name",
            bytes: long.len(),
            max: MAX_NAME_BYTES,
        },
    );
    refused_by_both(
        add("d", &long, &["t"]),
        ActionRefusal::NameTooLong {
            field: "group",
            bytes: long.len(),
            max: MAX_NAME_BYTES,
        },
    );
    refused_by_both(
        add("d", "g", &["nope"]),
        ActionRefusal::UnknownTopic {
            topic: "nope".into(),
        },
    );
    refused_by_both(
        add("d", "g", &["__consumer_offsets"]),
        ActionRefusal::InternalTopic {
            topic: "__consumer_offsets".into(),
        },
    );
    // Removed, the name is free again (live and static alike); the old one is gone.
    let mut sim = live();
    let mut st = script();
    let remove = Action::RemoveConsumer { name: "c".into() };
    sim.apply(remove.clone()).unwrap();
    st.record(&remove);
    let again = add("c", "g2", &["t"]);
    assert_eq!(st.check(&again), Ok(()));
    assert_eq!(sim.check_action(&again), Ok(()));
    let gone = ActionRefusal::UnknownConsumer {
        consumer: "c".into(),
    };
    assert_eq!(st.check(&remove), Err(gone.clone()));
    refused_live(&mut sim, remove, gone);
}

#[test]
fn broker_faults_follow_the_broker_process_and_a_paused_broker_can_crash() {
    refused_by_both(
        Action::Crash { broker: 9 },
        ActionRefusal::UnknownBroker { broker: 9 },
    );
    refused_by_both(
        Action::Slow {
            broker: 9,
            extra_latency_ms: 10,
        },
        ActionRefusal::UnknownBroker { broker: 9 },
    );
    let wrong = |broker, status, needs| ActionRefusal::WrongBrokerState {
        broker,
        status,
        needs,
    };
    refused_by_both(
        Action::Restart { broker: 1 },
        wrong(1, BrokerStatus::Running, BrokerNeed::Down),
    );
    refused_by_both(
        Action::Resume { broker: 1 },
        wrong(1, BrokerStatus::Running, BrokerNeed::Paused),
    );
    let mut sim = live();
    let mut st = script();
    for a in [Action::Pause { broker: 2 }, Action::Crash { broker: 3 }] {
        sim.apply(a.clone()).unwrap();
        st.record(&a);
    }
    for (a, status, needs) in [
        (
            Action::Pause { broker: 2 },
            BrokerStatus::Paused,
            BrokerNeed::Running,
        ),
        (
            Action::ControlledShutdown { broker: 2 },
            BrokerStatus::Paused,
            BrokerNeed::Running,
        ),
        (
            Action::PowerLoss { broker: 3 },
            BrokerStatus::Down,
            BrokerNeed::Up,
        ),
        (
            Action::DiskLoss { broker: 3 },
            BrokerStatus::Down,
            BrokerNeed::Up,
        ),
        (
            Action::Crash { broker: 3 },
            BrokerStatus::Down,
            BrokerNeed::Up,
        ),
    ] {
        let broker = match a {
            Action::Pause { broker } | Action::ControlledShutdown { broker } => broker,
            _ => 3,
        };
        assert_eq!(st.check(&a), Err(wrong(broker, status, needs)));
        refused_live(&mut sim.clone(), a, wrong(broker, status, needs));
    }
    // Kafka: a process stuck in a GC pause can still be killed.
    assert!(
        sim.accepts(&Action::Crash { broker: 2 }) && st.check(&Action::Crash { broker: 2 }).is_ok()
    );
    assert_eq!(
        sim.brokers_accepting(|broker| Action::Crash { broker }),
        vec![1, 2]
    );
    assert_eq!(
        sim.brokers_accepting(|broker| Action::Restart { broker }),
        vec![3]
    );
    assert_eq!(
        sim.brokers_accepting(|broker| Action::Resume { broker }),
        vec![2]
    );
}

/// A file cannot know when a controlled shutdown ends: the broker is shutting down, then
/// down. The static check lets through what either state takes (restart, crash) and
/// refuses what neither does (pause, resume); the live one decides by the state then.
#[test]
fn after_a_controlled_shutdown_the_file_cannot_know_the_state_but_the_run_can() {
    let mut st = script();
    st.record(&Action::ControlledShutdown { broker: 1 });
    for a in [Action::Restart { broker: 1 }, Action::Crash { broker: 1 }] {
        assert_eq!(st.check(&a), Ok(()), "{a:?}");
    }
    for (a, needs) in [
        (Action::Pause { broker: 1 }, BrokerNeed::Running),
        (Action::Resume { broker: 1 }, BrokerNeed::Paused),
    ] {
        let refusal = ActionRefusal::WrongBrokerState {
            broker: 1,
            status: BrokerStatus::ShuttingDown,
            needs,
        };
        assert_eq!(st.check(&a), Err(refusal), "{a:?}");
    }
    let mut sim = live();
    sim.apply(Action::ControlledShutdown { broker: 1 }).unwrap();
    let shutting = ActionRefusal::WrongBrokerState {
        broker: 1,
        status: BrokerStatus::ShuttingDown,
        needs: BrokerNeed::Down,
    };
    refused_live(&mut sim.clone(), Action::Restart { broker: 1 }, shutting);
}

#[test]
fn slow_latency_is_capped_at_24_hours() {
    refused_by_both(
        Action::Slow {
            broker: 1,
            extra_latency_ms: u64::MAX,
        },
        ActionRefusal::LatencyOutOfRange {
            extra_latency_ms: u64::MAX,
            max: MAX_TIME_MS,
        },
    );
    assert!(live().accepts(&Action::Slow {
        broker: 1,
        extra_latency_ms: MAX_TIME_MS
    }));
}

#[test]
fn links_join_two_known_nodes() {
    let cut = |from, to| Action::Cut {
        from,
        to,
        both_ways: true,
    };
    refused_by_both(
        cut(NodeId::Broker(1), NodeId::Broker(7)),
        ActionRefusal::UnknownNode {
            node: NodeId::Broker(7),
            end: LinkEnd::To,
        },
    );
    refused_by_both(
        cut(NodeId::Producer(3), NodeId::Zookeeper),
        ActionRefusal::UnknownNode {
            node: NodeId::Producer(3),
            end: LinkEnd::From,
        },
    );
    refused_by_both(
        cut(NodeId::Consumer(1), NodeId::Broker(1)),
        ActionRefusal::UnknownNode {
            node: NodeId::Consumer(1),
            end: LinkEnd::From,
        },
    );
    refused_by_both(
        Action::Heal {
            from: NodeId::Broker(2),
            to: NodeId::Broker(2),
            both_ways: false,
        },
        ActionRefusal::SameNode {
            node: NodeId::Broker(2),
        },
    );
    assert!(live().accepts(&cut(NodeId::Producer(1), NodeId::Zookeeper)));
}

/// Message ids exist only at run time: the file cannot know them, the run refuses an
/// id that is not held or in flight.
#[test]
fn deliver_and_drop_need_a_message_on_the_network() {
    let mut sim = live();
    sim.apply(Action::SetManualNetwork { on: true }).unwrap();
    sim.apply(produce("q", "t", Some(0), None, None)).unwrap();
    let held = sim
        .view()
        .in_flight
        .iter()
        .map(|m| m.id)
        .max()
        .expect("a held Produce");
    assert!(
        sim.accepts(&Action::Deliver { message: held })
            && sim.accepts(&Action::Drop { message: held })
    );
    for a in [
        Action::Deliver { message: 4242 },
        Action::Drop { message: 4242 },
    ] {
        assert_eq!(
            script().check(&a),
            Ok(()),
            "static check cannot know message ids"
        );
        refused_live(
            &mut sim.clone(),
            a,
            ActionRefusal::UnknownMessage { message: 4242 },
        );
    }
}

#[test]
fn elections_and_reassignments_name_real_partitions_and_brokers_and_need_a_controller() {
    refused_by_both(
        Action::PreferredElection {
            topic: None,
            partition: Some(0),
        },
        ActionRefusal::PartitionWithoutTopic { partition: 0 },
    );
    refused_by_both(
        Action::UncleanElection {
            topic: "t".into(),
            partition: 5,
        },
        ActionRefusal::UnknownPartition {
            topic: "t".into(),
            partition: 5,
            partitions: 2,
        },
    );
    let reassign = |replicas: Vec<u32>| Action::Reassign {
        topic: "t".into(),
        partition: 0,
        replicas,
    };
    refused_by_both(reassign(vec![]), ActionRefusal::EmptyReplicaList);
    refused_by_both(
        reassign(vec![1, 8]),
        ActionRefusal::UnknownReplica {
            broker: 8,
            index: 1,
        },
    );
    refused_by_both(
        reassign(vec![1, 2, 1]),
        ActionRefusal::DuplicateReplica {
            broker: 1,
            index: 2,
        },
    );
    assert!(
        live().accepts(&reassign(vec![3, 2])),
        "Kafka's reassignment may change the replication factor"
    );
    // At time 0 no broker has won /controller yet: the file cannot know, the run can.
    let at_zero = Sim::new(&scenario()).unwrap();
    for a in [
        Action::PreferredElection {
            topic: None,
            partition: None,
        },
        reassign(vec![1, 2, 3]),
    ] {
        assert_eq!(script().check(&a), Ok(()));
        assert_eq!(
            at_zero.check_action(&a),
            Err(ActionRefusal::NoActiveController)
        );
    }
}

#[test]
fn set_config_needs_a_known_topic_key_and_a_value_in_range() {
    let set = |topic: Option<&str>, key: &str, value: serde_json::Value| Action::SetConfig {
        topic: topic.map(str::to_string),
        key: key.into(),
        value,
    };
    refused_by_both(
        set(Some("nope"), "min.insync.replicas", json!(2)),
        ActionRefusal::UnknownTopic {
            topic: "nope".into(),
        },
    );
    refused_by_both(
        set(Some("t"), "replica.lag.time.max.ms", json!(5)),
        ActionRefusal::Config(ConfigError::UnknownKey {
            scope: "topic",
            key: "replica.lag.time.max.ms".into(),
        }),
    );
    // Kafka's LogConfig: min.insync.replicas is atLeast(1), as a number or as a string.
    for zero in [json!(0), json!("0")] {
        refused_by_both(
            set(Some("t"), "min.insync.replicas", zero),
            ActionRefusal::Config(ConfigError::OutOfRange {
                scope: "topic",
                key: "min.insync.replicas".into(),
                value: 0,
                min: 1,
                max: i32::MAX as u64,
            }),
        );
    }
    refused_by_both(
        set(None, "log.flush.interval.ms", json!(u64::MAX)),
        ActionRefusal::Config(ConfigError::OutOfRange {
            scope: "broker",
            key: "log.flush.interval.ms".into(),
            value: u64::MAX,
            min: 1,
            max: MAX_TIME_MS,
        }),
    );
    // DynamicBrokerConfig.validateConfigs: keys Kafka reads only at start, even with a
    // value that would be valid at start.
    for key in [
        "zookeeper.session.timeout.ms",
        "replica.fetch.max.bytes",
        "offsets.topic.num.partitions",
    ] {
        refused_by_both(
            set(None, key, json!(10_000)),
            ActionRefusal::ReadOnlyConfig { key: key.into() },
        );
    }
    assert_eq!(
        ActionRefusal::ReadOnlyConfig {
            key: "replica.lag.time.max.ms".into()
        }
        .to_string(),
        "Cannot update these configs dynamically: Set(replica.lag.time.max.ms)"
    );
    assert!(live().accepts(&set(None, "log.segment.bytes", json!(10))));
    assert!(live().accepts(&set(None, "producer.id.expiration.ms", json!(60_000))));
    refused_by_both(
        set(None, "unclean.leader.election.enable", json!("yes")),
        ActionRefusal::Config(ConfigError::BadValue {
            scope: "broker",
            key: "unclean.leader.election.enable".into(),
            expected: crate::config::Expected::Boolean,
        }),
    );
    assert!(live().accepts(&set(Some("t"), "min.insync.replicas", json!("2"))));
}

#[test]
fn each_refusal_names_the_field_at_fault() {
    let st = script();
    for (action, field) in [
        (json!({"do": "crash", "broker": 9}), "broker"),
        (json!({"do": "remove_consumer", "name": "x"}), "name"),
        (json!({"do": "consumer_crash", "consumer": "x"}), "consumer"),
        (
            json!({"do": "add_consumer", "name": "d", "group": "g", "topics": ["x"]}),
            "topics",
        ),
        (
            json!({"do": "produce", "producer": "p", "topic": "t", "value": "v", "acks": "1"}),
            "acks",
        ),
        (
            json!({"do": "produce", "producer": "p", "topic": "t", "value": "v", "count": 0}),
            "count",
        ),
        (
            json!({"do": "reassign", "topic": "t", "partition": 0, "replicas": [1, 9]}),
            "replicas[1]",
        ),
        (
            json!({"do": "cut", "from": {"Broker": 1}, "to": {"Broker": 1}}),
            "to",
        ),
        (
            json!({"do": "set_config", "key": "nope", "value": 1}),
            "key",
        ),
        (
            json!({"do": "set_config", "key": "min.insync.replicas", "value": 0}),
            "value",
        ),
    ] {
        let a: Action = serde_json::from_value(action).unwrap();
        assert_eq!(st.check(&a).unwrap_err().field(&a), field, "{a:?}");
    }
}

#[test]
fn action_names_are_the_scenario_files_do_tags() {
    for a in [
        produce("p", "t", None, None, None),
        Action::Crash { broker: 1 },
        Action::ControlledShutdown { broker: 1 },
        Action::SetManualNetwork { on: true },
        Action::Deliver { message: 1 },
        Action::PreferredElection {
            topic: None,
            partition: None,
        },
        Action::SetConfig {
            topic: None,
            key: "k".into(),
            value: json!(1),
        },
        Action::RemoveConsumer { name: "c".into() },
    ] {
        assert_eq!(serde_json::to_value(&a).unwrap()["do"], a.name());
    }
}

/// A scripted action that does not fit at run time is an event naming the action's
/// index in the file and the refusal, not silence.
#[test]
fn a_scripted_action_refused_at_run_time_is_an_event() {
    let mut s = scenario();
    let actions = json!([
        {"at_ms": 1000, "do": "set_manual_network", "on": false},
        {"at_ms": 2000, "do": "deliver", "message": 4242},
        {"at_ms": 3000, "do": "crash", "broker": 2}
    ]);
    s.actions = serde_json::from_value(actions).unwrap();
    s.validate()
        .expect("the file cannot know message ids, so it is valid");
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(5000);
    let refused: Vec<_> = sim
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            crate::events::EventKind::ActionRefused {
                index,
                action,
                refusal,
            } => Some((e.time_ms, *index, *action, refusal.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        refused,
        vec![(
            2000,
            1,
            "deliver",
            ActionRefusal::UnknownMessage { message: 4242 }
        )]
    );
    assert!(
        sim.view()
            .brokers
            .iter()
            .any(|b| b.id == 2 && b.status == BrokerStatus::Down),
        "later actions still run"
    );
}

#[test]
fn add_consumer_stops_at_the_consumer_cap_live_and_static() {
    let mut sim = live();
    let mut st = script();
    let add = |i: usize| Action::AddConsumer {
        name: format!("extra{i}"),
        group: "g".into(),
        topics: vec!["t".into()],
        commit: CommitMode::AfterProcessing,
    };
    for i in 1..crate::limits::MAX_CONSUMERS {
        sim.apply(add(i)).unwrap();
        st.record(&add(i));
    }
    let full = ActionRefusal::TooManyConsumers {
        max: crate::limits::MAX_CONSUMERS,
    };
    assert_eq!(st.check(&add(0)), Err(full.clone()));
    refused_live(&mut sim, add(0), full);
}
