//! `kafka-topics.sh --describe` against known states of the core, line by line against
//! golden text files in Kafka 3.7's format (TopicCommand.PartitionDescription): healthy,
//! under-replicated, under-min-ISR, offline and reassigning partitions.
//! `UPDATE_GOLDEN=1 cargo test -p isrlab-tools` rewrites the files; review the diff.

use isrlab_sim::{Action, Scenario, Sim};
use isrlab_tools::files::Files;
use isrlab_tools::run_line;

/// Three brokers; `orders` (3 partitions, RF 3, min ISR 2) and `audit` (RF 1 on broker 2).
const CLUSTER: &str = r#"{
  "id": "tools", "title": {"en": "t", "zh": "t"}, "seed": 5, "end_ms": 120000,
  "cluster": {"brokers": [0, 1, 2], "protocol": "3.7"},
  "topics": [
    {"name": "orders", "partitions": 3, "replication_factor": 3,
     "assignment": {"0": [0, 1, 2], "1": [1, 2, 0], "2": [2, 0, 1]},
     "config": {"min.insync.replicas": 2}},
    {"name": "audit", "partitions": 1, "replication_factor": 1, "assignment": {"0": [2]}}
  ]
}"#;

fn booted() -> Sim {
    let scenario = Scenario::from_json(CLUSTER).unwrap();
    let mut sim = Sim::new(&scenario).unwrap();
    sim.run_until_booted(10_000).expect("the cluster boots");
    sim
}

fn tool(sim: &Sim, line: &str) -> String {
    let out = run_line(line, sim, &mut Files::default());
    assert!(!out.failed, "{line}: {}", out.output);
    out.output
}

fn golden(name: &str, actual: &str) {
    let path = format!("{}/tests/golden/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, format!("{actual}\n")).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    let (expected, actual): (Vec<&str>, Vec<&str>) = (
        expected.trim_end_matches('\n').lines().collect(),
        actual.lines().collect(),
    );
    for (i, (e, a)) in expected.iter().zip(&actual).enumerate() {
        assert_eq!(a, e, "{name}.txt line {}", i + 1);
    }
    assert_eq!(actual.len(), expected.len(), "{name}.txt: line count");
}

#[test]
fn healthy_cluster_lists_every_topic_and_partition() {
    let sim = booted();
    golden(
        "healthy",
        &tool(
            &sim,
            "kafka-topics.sh --bootstrap-server localhost:9092 --describe",
        ),
    );
    assert_eq!(tool(&sim, "kafka-topics --list"), "audit\norders");
    // Nothing is under-replicated while every ISR is full.
    assert_eq!(
        tool(
            &sim,
            "kafka-topics.sh --describe --under-replicated-partitions"
        ),
        ""
    );
}

#[test]
fn a_dead_broker_leaves_partitions_under_replicated_and_audit_offline() {
    let mut sim = booted();
    sim.apply(Action::Crash { broker: 2 }).unwrap();
    let t = sim.now() + 40_000;
    sim.run_until(t);
    golden(
        "broker2-down",
        &tool(&sim, "kafka-topics.sh --describe --topic orders,audit"),
    );
    golden(
        "broker2-down-under-replicated",
        &tool(
            &sim,
            "kafka-topics.sh --describe --under-replicated-partitions",
        ),
    );
    golden(
        "broker2-down-unavailable",
        &tool(&sim, "kafka-topics.sh --describe --unavailable-partitions"),
    );
    // orders keeps two of three replicas: at its min ISR of 2, not under it.
    golden(
        "broker2-down-at-min-isr",
        &tool(
            &sim,
            "kafka-topics.sh --describe --at-min-isr-partitions --topic orders",
        ),
    );
}

#[test]
fn two_dead_brokers_leave_orders_under_min_isr() {
    let mut sim = booted();
    sim.apply(Action::Crash { broker: 2 }).unwrap();
    sim.apply(Action::Crash { broker: 1 }).unwrap();
    let t = sim.now() + 40_000;
    sim.run_until(t);
    golden(
        "two-down-under-min-isr",
        &tool(
            &sim,
            "kafka-topics.sh --describe --under-min-isr-partitions --exclude-internal",
        ),
    );
}

#[test]
fn a_reassignment_shows_adding_and_removing_replicas_while_it_runs() {
    let scenario = Scenario::from_json(
        &CLUSTER.replace("\"brokers\": [0, 1, 2]", "\"brokers\": [0, 1, 2, 3]"),
    )
    .unwrap();
    let mut sim = Sim::new(&scenario).unwrap();
    sim.run_until_booted(10_000).unwrap();
    sim.apply(Action::Reassign {
        topic: "orders".into(),
        partition: 0,
        replicas: vec![1, 2, 3],
    })
    .unwrap();
    // The controller's first write (AR = OAR + RAR) reaches ZooKeeper a round trip later:
    // describe shows the move from then on.
    let moving = |sim: &Sim| sim.view().partitions[0].reassigning_to.is_some();
    for _ in 0..200 {
        if moving(&sim) {
            break;
        }
        sim.step();
    }
    assert!(moving(&sim), "the move reached ZooKeeper");
    golden(
        "reassigning",
        &tool(&sim, "kafka-topics.sh --describe --topic orders"),
    );
    let list = tool(&sim, "kafka-reassign-partitions.sh --list");
    assert_eq!(
        list,
        "Current partition reassignments:\norders-0: replicas: 0,1,2,3. adding: 3. removing: 0."
    );
}
