//! `kafka-topics.sh --describe` text → scenario → the core → `--describe` again: the same
//! text (round trip), for Kafka 2.x, 3.x and 4.x output; malformed lines by number.

use isrlab_sim::Sim;
use isrlab_tools::files::Files;
use isrlab_tools::import::{import_describe, END_MS};
use isrlab_tools::run_line;

fn golden(name: &str) -> String {
    let path = format!("{}/tests/golden/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path)
        .unwrap()
        .trim_end()
        .to_string()
}

/// Imports `text`, runs the scenario to 60 s, and describes every topic again.
fn round_trip(text: &str) -> (String, Vec<String>) {
    let imported = import_describe(text, "imported").unwrap_or_else(|e| panic!("{e:?}"));
    let mut sim = Sim::new(&imported.scenario).unwrap();
    sim.run_until(60_000.min(END_MS));
    let out = run_line(
        "kafka-topics.sh --describe --exclude-internal",
        &sim,
        &mut Files::default(),
    );
    assert!(!out.failed, "{}", out.output);
    (
        out.output,
        imported.notes.iter().map(|n| n.to_string()).collect(),
    )
}

#[test]
fn a_healthy_description_comes_back_line_for_line() {
    let text = golden("healthy");
    assert_eq!(round_trip(&text).0, text);
}

#[test]
fn a_dead_broker_is_crashed_and_the_description_comes_back() {
    let text = golden("broker2-down");
    let (again, notes) = round_trip(&text);
    assert_eq!(again, text);
    assert!(notes.iter().any(|n| n.contains("brokers [2]")), "{notes:?}");
}

#[test]
fn kafka_2_headers_without_spaces_and_spaces_for_tabs_are_read() {
    let text = "Topic:orders\tPartitionCount:2\tReplicationFactor:2\tConfigs:min.insync.replicas=2,cleanup.policy=compact\n\
                \tTopic: orders\tPartition: 0\tLeader: 0\tReplicas: 0,1\tIsr: 0,1\n\
                    Topic: orders   Partition: 1    Leader: 1   Replicas: 1,0   Isr: 1,0\n";
    let imported = import_describe(text, "two").unwrap();
    let t = &imported.scenario.topics[0];
    assert_eq!(
        (t.name.as_str(), t.partitions, t.replication_factor),
        ("orders", 2, 2)
    );
    assert_eq!(t.assignment.as_ref().unwrap()[&1], vec![1, 0]);
    assert_eq!(t.config["min.insync.replicas"], "2");
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.to_string().contains("cleanup.policy=compact")),
        "{:?}",
        imported.notes
    );
}

#[test]
fn kafka_4_elr_columns_and_topic_ids_are_ignored_with_a_note() {
    let text = "Topic: t\tTopicId: 4S3kz5vYRd2nZWd2y1p2Jw\tPartitionCount: 1\tReplicationFactor: 3\tConfigs: \n\
                \tTopic: t\tPartition: 0\tLeader: 3\tReplicas: 3,1,2\tIsr: 3,1,2\tElr: \tLastKnownElr: \n";
    let imported = import_describe(text, "kraft").unwrap();
    assert_eq!(imported.scenario.cluster.brokers, vec![1, 2, 3]);
    assert!(imported.notes.iter().any(|n| n.to_string().contains("Elr")));
    assert!(imported
        .notes
        .iter()
        .any(|n| n.to_string().contains("TopicId")));
    let (again, _) = round_trip(text);
    assert_eq!(again, "Topic: t\tPartitionCount: 1\tReplicationFactor: 3\tConfigs: \n\tTopic: t\tPartition: 0\tLeader: 3\tReplicas: 3,1,2\tIsr: 3,1,2");
}

#[test]
fn malformed_lines_are_reported_by_number_and_field_and_nothing_is_dropped() {
    let text = "Topic: a\tPartitionCount: x\tReplicationFactor: 1\tConfigs: \n\
                \tTopic: b\tPartition: 0\tLeader: 1\tReplicas: 1,q\tIsr: 1\n\
                hello there\n\
                \tTopic: c\tPartition: 0\tLeader: 4\tReplicas: 1,2\tIsr: 1\n\
                Topic: d\tPartitionCount: 2\tReplicationFactor: 1\tConfigs: \n\
                \tTopic: d\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\n";
    let errors = import_describe(text, "bad").unwrap_err();
    let said: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert!(
        said.contains(&"line 1: PartitionCount: \"x\" is not a number".to_string()),
        "{said:?}"
    );
    assert!(
        said.contains(&"line 2: Replicas: \"q\" is not a broker id".to_string()),
        "{said:?}"
    );
    assert!(
        said.iter().any(|s| s.starts_with("line 3: Topic:")),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|s| s.starts_with("line 4: Leader: broker 4")),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|s| s.starts_with("line 5: PartitionCount") && s.contains("[0]")),
        "{said:?}"
    );
    assert!(import_describe("", "empty").is_err());
}
