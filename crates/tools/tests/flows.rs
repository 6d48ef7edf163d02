//! The state-changing tools end to end through the core: reassignment generate →
//! execute → verify (in progress, then completed) with acks=all traffic and no
//! acknowledged loss; leader elections; configs; consumer groups; bad input.

use isrlab_sim::{Action, Scenario, Sim};
use isrlab_tools::files::Files;
use isrlab_tools::{run_line, Outcome};

const CLUSTER: &str = r#"{
  "id": "flows", "title": {"en": "t", "zh": "t"}, "seed": 3, "end_ms": 600000,
  "cluster": {"brokers": [0, 1, 2, 3], "protocol": "3.7"},
  "topics": [{"name": "orders", "partitions": 2, "replication_factor": 3,
              "assignment": {"0": [0, 1, 2], "1": [1, 2, 0]}, "config": {"min.insync.replicas": 2}}],
  "producers": [{"name": "p1", "acks": "all"}],
  "consumers": [{"name": "b1", "group": "billing", "topics": ["orders"]}],
  "actions": [{"at_ms": 100, "do": "produce", "producer": "p1", "topic": "orders", "value": "m", "count": 20}]
}"#;

fn booted() -> Sim {
    let mut sim = Sim::new(&Scenario::from_json(CLUSTER).unwrap()).unwrap();
    sim.run_until(8_000);
    sim
}

/// Runs `line` and applies the actions it asks for, as the console and the CLI do.
fn run(sim: &mut Sim, files: &mut Files, line: &str) -> Outcome {
    let out = run_line(line, sim, files);
    for a in &out.actions {
        sim.apply(a.clone())
            .expect("the tool only proposes accepted actions");
    }
    out
}

#[test]
fn reassign_generate_execute_verify_moves_the_partitions_without_losing_acked_messages() {
    let (mut sim, mut files) = (booted(), Files::default());
    assert!(
        !run(
            &mut sim,
            &mut files,
            r#"echo '{"topics":[{"topic":"orders"}],"version":1}' > move.json"#
        )
        .failed
    );
    let out = run(&mut sim, &mut files, "kafka-reassign-partitions.sh --bootstrap-server b:9092 --topics-to-move-json-file move.json --broker-list 1,2,3 --generate");
    assert!(!out.failed, "{}", out.output);
    let lines: Vec<&str> = out.output.lines().collect();
    assert_eq!(lines[0], "Current partition replica assignment");
    assert_eq!(
        lines[1],
        r#"{"version":1,"partitions":[{"topic":"orders","partition":0,"replicas":[0,1,2],"log_dirs":["any","any","any"]},{"topic":"orders","partition":1,"replicas":[1,2,0],"log_dirs":["any","any","any"]}]}"#
    );
    assert_eq!(lines[3], "Proposed partition reassignment configuration");
    let proposed = lines[4];
    let plan: serde_json::Value = serde_json::from_str(proposed).unwrap();
    for p in plan["partitions"].as_array().unwrap() {
        let replicas = p["replicas"].as_array().unwrap();
        assert_eq!(replicas.len(), 3);
        assert!(
            !replicas.contains(&0.into()),
            "only brokers 1,2,3: {proposed}"
        );
    }
    files.write("plan.json", proposed).unwrap();

    let out = run(
        &mut sim,
        &mut files,
        "kafka-reassign-partitions --execute --reassignment-json-file plan.json",
    );
    assert!(!out.failed, "{}", out.output);
    assert_eq!(out.actions.len(), 2);
    assert!(
        out.output
            .ends_with("Successfully started partition reassignments for orders-0,orders-1"),
        "{}",
        out.output
    );
    // A second execute while the first runs is refused as Kafka refuses it.
    let again = run(
        &mut sim,
        &mut files,
        "kafka-reassign-partitions --execute --reassignment-json-file plan.json",
    );
    assert!(
        again.failed
            && again
                .output
                .starts_with("Cannot execute because there is an existing partition assignment")
    );
    // The controller lists the move at once, before its first ZooKeeper write lands
    // (listPartitionReassignments answers from the controller's context).
    let listed = run(&mut sim, &mut files, "kafka-reassign-partitions --list");
    assert!(
        listed
            .output
            .starts_with("Current partition reassignments:\norders-0: replicas: "),
        "{}",
        listed.output
    );
    // More acks=all traffic during the move.
    sim.apply(Action::Produce {
        producer: "p1".into(),
        topic: "orders".into(),
        partition: None,
        value: "n".into(),
        acks: None,
        count: Some(20),
    })
    .unwrap();

    let verify = "kafka-reassign-partitions.sh --verify --reassignment-json-file plan.json";
    let during = run(&mut sim, &mut files, verify).output;
    assert!(
        during.contains("Reassignment of partition orders-0 is still in progress."),
        "{during}"
    );
    assert!(
        !during.contains("Clearing"),
        "throttles are cleared only once done: {during}"
    );
    let t = sim.now() + 30_000;
    sim.run_until(t);
    let after = run(&mut sim, &mut files, verify).output;
    assert_eq!(after, "Status of partition reassignment:\nReassignment of partition orders-0 is completed.\nReassignment of partition orders-1 is completed.\nClearing broker-level throttles on brokers 0,1,2,3\nClearing topic-level throttles on topic orders");
    let view = sim.view();
    for p in &view.partitions {
        assert!(!p.replicas.contains(&0), "{:?}", p);
        let mut isr = p.isr.clone();
        isr.sort();
        let mut replicas = p.replicas.clone();
        replicas.sort();
        assert_eq!(isr, replicas, "the ISR is complete after the move");
    }
    let lost: Vec<_> = sim
        .ledger()
        .iter()
        .filter(|m| m.acknowledged_at.is_some() && m.lost_at.is_some())
        .collect();
    assert!(
        lost.is_empty(),
        "acknowledged acks=all messages lost: {lost:?}"
    );
    assert!(
        sim.ledger()
            .iter()
            .filter(|m| m.acknowledged_at.is_some())
            .count()
            >= 40
    );
}

#[test]
fn preferred_election_moves_leadership_back_and_reports_partitions_already_led() {
    let mut sim = booted();
    let mut files = Files::default();
    sim.apply(Action::Crash { broker: 0 }).unwrap();
    let t = sim.now() + 30_000;
    sim.run_until(t);
    sim.apply(Action::Restart { broker: 0 }).unwrap();
    let t = sim.now() + 40_000;
    sim.run_until(t);
    let out = run(
        &mut sim,
        &mut files,
        "kafka-leader-election.sh --election-type PREFERRED --all-topic-partitions",
    );
    assert_eq!(out.output, "Successfully completed leader election (PREFERRED) for partitions orders-0\nValid replica already elected for partitions orders-1");
    let t = sim.now() + 5_000;
    sim.run_until(t);
    assert_eq!(sim.view().partitions[0].leader, Some(0));
    let again = run(
        &mut sim,
        &mut files,
        "kafka-leader-election --election-type preferred --topic orders --partition 0",
    );
    assert_eq!(
        again.output,
        "Valid replica already elected for partitions orders-0"
    );
    assert!(again.actions.is_empty());
}

#[test]
fn configs_alter_goes_through_the_core_and_shows_in_describe() {
    let (mut sim, mut files) = (booted(), Files::default());
    let out = run(&mut sim, &mut files, "kafka-configs.sh --alter --entity-type topics --entity-name orders --add-config min.insync.replicas=3");
    assert_eq!(out.output, "Completed updating config for topic orders.");
    let d = run(
        &mut sim,
        &mut files,
        "kafka-topics.sh --describe --topic orders",
    )
    .output;
    assert!(d.starts_with("Topic: orders\tPartitionCount: 2\tReplicationFactor: 3\tConfigs: min.insync.replicas=3"), "{d}");
    let bad = run(&mut sim, &mut files, "kafka-configs.sh --alter --entity-type topics --entity-name orders --add-config min.insync.replicas=0");
    assert!(
        bad.failed && bad.actions.is_empty() && bad.output.contains("min.insync.replicas"),
        "{}",
        bad.output
    );
    let unknown = run(&mut sim, &mut files, "kafka-configs.sh --alter --entity-type topics --entity-name orders --add-config cleanup.policy=compact");
    assert!(unknown.failed && unknown.output.contains("cleanup.policy"));
}

/// DynamicBrokerConfig.validateConfigs: a key Kafka reads only at start is refused with
/// Kafka's words, and nothing is changed; a dynamic `log.*` key goes through.
#[test]
fn configs_alter_refuses_read_only_broker_keys_as_dynamic_broker_config_does() {
    let (mut sim, mut files) = (booted(), Files::default());
    let line = "kafka-configs.sh --bootstrap-server b:9092 --alter --entity-type brokers --entity-default --add-config replica.lag.time.max.ms=5000,min.insync.replicas=2,zookeeper.session.timeout.ms=9000";
    let out = run(&mut sim, &mut files, line);
    assert!(out.failed && out.actions.is_empty(), "{}", out.output);
    assert_eq!(
        out.output,
        "Error while executing config command with args '--bootstrap-server b:9092 --alter --entity-type brokers --entity-default --add-config replica.lag.time.max.ms=5000,min.insync.replicas=2,zookeeper.session.timeout.ms=9000'\njava.util.concurrent.ExecutionException: org.apache.kafka.common.errors.InvalidRequestException: Invalid config value for resource ConfigResource(type=BROKER, name=''): Cannot update these configs dynamically: Set(replica.lag.time.max.ms, zookeeper.session.timeout.ms)"
    );
    assert_ne!(
        sim.broker_config().min_insync_replicas,
        2,
        "nothing applied"
    );
    let ok = run(&mut sim, &mut files, "kafka-configs.sh --alter --entity-type brokers --entity-default --add-config log.segment.bytes=7");
    assert_eq!(
        ok.output,
        "Completed updating default config for brokers in the cluster."
    );
    assert_eq!(sim.broker_config().segment_records, 7);
}

#[test]
fn consumer_groups_describe_lag_is_log_end_minus_current_offset() {
    let (mut sim, mut files) = (booted(), Files::default());
    assert_eq!(
        run(&mut sim, &mut files, "kafka-consumer-groups.sh --list").output,
        "billing"
    );
    let out = run(
        &mut sim,
        &mut files,
        "kafka-consumer-groups.sh --describe --group billing",
    )
    .output;
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "");
    let header: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!(
        header,
        [
            "GROUP",
            "TOPIC",
            "PARTITION",
            "CURRENT-OFFSET",
            "LOG-END-OFFSET",
            "LAG",
            "CONSUMER-ID",
            "HOST",
            "CLIENT-ID"
        ]
    );
    assert_eq!(lines.len(), 4, "{out}");
    for row in &lines[2..] {
        let f: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(f[0], "billing");
        if let (Ok(cur), Ok(end), Ok(lag)) = (
            f[3].parse::<u64>(),
            f[4].parse::<u64>(),
            f[5].parse::<u64>(),
        ) {
            assert_eq!(lag, end - cur, "{row}");
        }
    }
    let missing = run(
        &mut sim,
        &mut files,
        "kafka-consumer-groups.sh --describe --group nobody",
    );
    assert!(missing.failed && missing.output == "Error: Consumer group 'nobody' does not exist.");
}

#[test]
fn bad_command_lines_get_the_real_tools_errors_and_never_panic() {
    let (mut sim, mut files) = (booted(), Files::default());
    let cases = [
        ("kafka-topics.sh --describe --frobnicate", "UnrecognizedOptionException: frobnicate is not a recognized option"),
        ("kafka-topics.sh --topic orders", "Command must include exactly one action"),
        ("kafka-topics.sh --describe --topic nope", "Topic 'nope' does not exist as expected"),
        ("kafka-topics.sh --describe --topic '('", "invalid topic pattern"),
        ("kafka-topics.sh --describe --under-replicated-partitions --list", "Command must include exactly one action"),
        ("kafka-reassign-partitions.sh --execute", "Missing required argument \"[reassignment-json-file]\""),
        ("kafka-reassign-partitions.sh --execute --reassignment-json-file nope.json", "NoSuchFileException: nope.json"),
        ("kafka-reassign-partitions.sh --execute --reassignment-json-file '{\"partitions\":[{\"topic\":\"orders\",\"partition\":0,\"replicas\":[9]}]}'", "Unknown broker id 9"),
        ("kafka-reassign-partitions.sh --execute --reassignment-json-file '{\"partitions\":[{\"topic\":\"orders\",\"partition\":7,\"replicas\":[1]}]}'", "Unable to find partition: orders-7"),
        ("kafka-reassign-partitions.sh --generate --topics-to-move-json-file '{\"topics\":[{\"topic\":\"orders\"}]}' --broker-list 1,2", "InvalidReplicationFactor"),
        ("kafka-reassign-partitions.sh --generate --topics-to-move-json-file '{\"topics\":[{\"topic\":\"orders\"}]}' --broker-list 1,x", "For input string: \"x\""),
        ("kafka-leader-election.sh --all-topic-partitions", "Missing required argument \"[election-type]\""),
        ("kafka-leader-election.sh --election-type sideways --all-topic-partitions", "Unknown election type"),
        ("kafka-leader-election.sh --election-type preferred --topic orders", "Missing required option(s) [partition]"),
        ("kafka-leader-election.sh --election-type preferred --topic orders --partition 99999999999", "Cannot parse argument"),
        ("kafka-topics.sh --create --topic x --partitions 0", "The partitions must be greater than 0"),
        ("kafka-nope.sh", "command not found"),
        ("echo 'unclosed", "unclosed"),
        ("cat nothing", "No such file"),
    ];
    for (line, expected) in cases {
        let out = run(&mut sim, &mut files, line);
        assert!(out.failed, "{line} should fail: {}", out.output);
        assert!(out.actions.is_empty(), "{line}");
        assert!(out.output.contains(expected), "{line}: {}", out.output);
    }
    let huge = "x".repeat(isrlab_tools::MAX_LINE + 1);
    assert!(run(&mut sim, &mut files, &huge).failed);
}

#[test]
fn replica_verification_reports_the_max_lag_and_waits_for_dead_replicas() {
    let (mut sim, mut files) = (booted(), Files::default());
    let view = sim.view();
    let hw0 = view.partitions[0].high_watermark;
    assert!(hw0 > 0);
    let out = run(
        &mut sim,
        &mut files,
        "kafka-replica-verification.sh --broker-list b:9092 --topics-include orders --time -2",
    )
    .output;
    assert_eq!(
        out,
        format!("1970-01-01 00:00:08,000: verification process is started\n1970-01-01 00:00:08,000: max lag is 0 for partition orders-0 at offset {hw0} among 2 partitions")
    );
    // From the latest offset (the default) nothing new is there to verify either.
    let latest = run(
        &mut sim,
        &mut files,
        "kafka-replica-verification --broker-list b:9092 --topic-white-list 'ord.*'",
    )
    .output;
    assert!(
        latest.ends_with(&format!(
            "max lag is 0 for partition orders-0 at offset {hw0} among 2 partitions"
        )),
        "{latest}"
    );
    sim.apply(Action::Crash { broker: 2 }).unwrap();
    let out = run(
        &mut sim,
        &mut files,
        "kafka-replica-verification.sh --broker-list b:9092 --topics-include orders",
    )
    .output;
    assert!(
        out.contains("waiting for replicas whose broker is down: orders-0, orders-1"),
        "{out}"
    );
    let bad = run(
        &mut sim,
        &mut files,
        "kafka-replica-verification.sh --topics-include orders",
    );
    assert!(bad.failed && bad.output.contains("[broker-list]"));
}

#[test]
fn dump_log_prints_a_replicas_segment_record_by_record() {
    let (mut sim, mut files) = (booted(), Files::default());
    let view = sim.view();
    let replica = &view.partitions[0].replica_states[1];
    let file = format!(
        "/var/lib/kafka/broker-{}/orders-0/00000000000000000000.log",
        replica.broker
    );
    let out = run(
        &mut sim,
        &mut files,
        &format!("kafka-dump-log.sh --files {file} --print-data-log"),
    )
    .output;
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], format!("Dumping {file}"));
    assert_eq!(lines[1], "Log starting offset: 0");
    assert_eq!(lines.len(), 2 + 2 * replica.log.len(), "{out}");
    let first = &replica.log[0];
    assert!(
        lines[2].starts_with(&format!(
            "baseOffset: 0 lastOffset: 0 count: 1 baseSequence: {} ",
            first.sequence
        )),
        "{}",
        lines[2]
    );
    assert!(lines[2].contains(&format!("partitionLeaderEpoch: {}", first.epoch)));
    assert!(
        lines[3].ends_with(&format!("payload: {}", first.value)),
        "{}",
        lines[3]
    );
    let missing = run(
        &mut sim,
        &mut files,
        "kafka-dump-log.sh --files broker-9/orders-0/00000000000000000000.log",
    );
    assert!(missing.failed && missing.output.contains("NoSuchFileException"));
}

// DumpLogSegments.dumpIndex / dumpTimeIndex: an index file prints its entries, which are
// the core's sparse index of that segment (every index.interval.bytes, in records).
#[test]
fn dump_log_prints_an_index_files_entries() {
    let (mut sim, mut files) = (booted(), Files::default());
    let out = run(
        &mut sim,
        &mut files,
        "kafka-configs.sh --alter --entity-type topics --entity-name orders --add-config index.interval.bytes=1",
    );
    assert!(!out.failed, "{}", out.output);
    produce_to_orders_0(&mut sim, 8);
    let view = sim.view();
    let replica = &view.partitions[0].replica_states[0];
    let segment = &replica.segments[0];
    assert!(segment.index.len() >= 2, "{:?}", segment);
    let file = format!("broker-{}/orders-0/{}", replica.broker, segment.index_file);
    let out = run(
        &mut sim,
        &mut files,
        &format!("kafka-dump-log.sh --files {file}"),
    )
    .output;
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], format!("Dumping {file}"));
    assert_eq!(lines.len(), 1 + segment.index.len(), "{out}");
    for (line, e) in lines[1..].iter().zip(&segment.index) {
        assert_eq!(
            *line,
            format!("offset: {} position: {}", e.offset, e.position)
        );
    }
    let time = format!(
        "broker-{}/orders-0/{}",
        replica.broker, segment.timeindex_file
    );
    let out = run(
        &mut sim,
        &mut files,
        &format!("kafka-dump-log.sh --files {time}"),
    )
    .output;
    assert!(
        out.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("timestamp: ")),
        "{out}"
    );
    let other = run(
        &mut sim,
        &mut files,
        &format!(
            "kafka-dump-log.sh --files {}",
            file.replace(".index", ".snapshot")
        ),
    );
    assert!(other.failed && other.output.contains("NoSuchFileException"));
}

/// Produces `n` records to orders-0, one send each, and lets them replicate.
fn produce_to_orders_0(sim: &mut Sim, n: u32) {
    for i in 0..n {
        let p = Action::Produce {
            producer: "p1".into(),
            topic: "orders".into(),
            partition: Some(0),
            value: format!("s{i}"),
            acks: None,
            count: None,
        };
        sim.apply(p).expect("produce");
        sim.run_until(sim.now() + 500);
    }
}

/// Each replica of orders-0: its segments' base offsets and its LEO.
fn orders_0_segments(sim: &Sim) -> Vec<(Vec<u64>, u64)> {
    let view = sim.view();
    let p = view
        .partitions
        .iter()
        .find(|p| p.tp.partition == 0)
        .unwrap();
    (p.replica_states.iter())
        .map(|r| {
            (
                r.segments.iter().map(|s| s.base_offset).collect(),
                r.log_end_offset,
            )
        })
        .collect()
}

// LogManager.updateTopicConfig + UnifiedLog.maybeRoll: a topic's new segment.bytes applies
// from the next roll; the segments kept keep their base offsets.
#[test]
fn segment_bytes_changed_at_run_time_moves_only_the_later_roll_points() {
    let (mut sim, mut files) = (booted(), Files::default());
    let alter = |n: u32| {
        format!("kafka-configs.sh --alter --entity-type topics --entity-name orders --add-config segment.bytes={n}")
    };
    assert!(!run(&mut sim, &mut files, &alter(6)).failed);
    produce_to_orders_0(&mut sim, 10);
    let before = orders_0_segments(&sim);
    let (old_bases, leo) = before[0].clone();
    // The 10 records produced at boot filled segment 0 past 6 records (the default is
    // 1000): it rolled at the next append, at offset 10, and then every 6.
    assert_eq!(old_bases[..2], [0, 10], "{before:?}");
    assert!(
        old_bases[1..].windows(2).all(|w| w[1] - w[0] == 6),
        "{before:?}"
    );
    assert!(
        before.iter().all(|r| r == &before[0]),
        "replicas agree: {before:?}"
    );
    assert_eq!(
        run(&mut sim, &mut files, &alter(3)).output,
        "Completed updating config for topic orders."
    );
    produce_to_orders_0(&mut sim, 7);
    let after = orders_0_segments(&sim);
    assert!(
        after.iter().all(|r| r == &after[0]),
        "replicas agree: {after:?}"
    );
    let new_bases = &after[0].0;
    assert_eq!(
        &new_bases[..old_bases.len()],
        &old_bases[..],
        "kept: {after:?}"
    );
    let active = *old_bases.last().unwrap();
    let first_roll = if leo - active >= 3 { leo } else { active + 3 };
    assert_eq!(
        new_bases[old_bases.len()],
        first_roll,
        "{before:?} -> {after:?}"
    );
    let later = &new_bases[old_bases.len()..];
    assert!(later.windows(2).all(|w| w[1] - w[0] == 3), "{after:?}");
    assert!(later.len() >= 2, "{after:?}");
}

// TopicCommand.createTopic and alterTopic through the core: the new topic is placed,
// created by the controller and described like the others; grown partitions follow
// AdminZkClient.createNewPartitionsAssignment.
#[test]
fn topics_create_and_alter_go_through_the_core_and_show_in_describe() {
    let (mut sim, mut files) = (booted(), Files::default());
    let out = run(
        &mut sim,
        &mut files,
        "kafka-topics.sh --bootstrap-server b:9092 --create --topic audit --replica-assignment 3:0,0:1 --config min.insync.replicas=2",
    );
    assert_eq!(
        (out.output.as_str(), out.failed),
        ("Created topic audit.", false)
    );
    sim.run_until(sim.now() + 2_000);
    let out = run(
        &mut sim,
        &mut files,
        "kafka-topics --describe --topic audit",
    );
    assert_eq!(
        out.output,
        "Topic: audit\tPartitionCount: 2\tReplicationFactor: 2\tConfigs: min.insync.replicas=2\n\
         \tTopic: audit\tPartition: 0\tLeader: 3\tReplicas: 3,0\tIsr: 3,0\n\
         \tTopic: audit\tPartition: 1\tLeader: 0\tReplicas: 0,1\tIsr: 0,1"
    );
    let out = run(
        &mut sim,
        &mut files,
        "kafka-topics.sh --alter --topic orders --partitions 4",
    );
    assert!(
        out.output.ends_with("Adding partitions succeeded!"),
        "{}",
        out.output
    );
    sim.run_until(sim.now() + 2_000);
    let out = run(
        &mut sim,
        &mut files,
        "kafka-topics.sh --describe --topic orders",
    );
    // Partition 0 is on [0,1,2]: the start index is broker 0's, so partitions 2 and 3
    // are led by brokers 2 and 3 (start partition id 2), each on three brokers.
    let lines: Vec<&str> = out.output.lines().collect();
    assert_eq!(lines.len(), 5, "{}", out.output);
    assert!(lines[0].contains("PartitionCount: 4"));
    assert!(
        lines[3].contains("Partition: 2\tLeader: 2\tReplicas: 2,"),
        "{}",
        lines[3]
    );
    assert!(
        lines[4].contains("Partition: 3\tLeader: 3\tReplicas: 3,"),
        "{}",
        lines[4]
    );
    assert_eq!(
        run(&mut sim, &mut files, "kafka-topics.sh --list").output,
        "__consumer_offsets\naudit\norders"
    );
    let out = run(
        &mut sim,
        &mut files,
        "kafka-topics.sh --delete --topic audit",
    );
    assert_eq!(
        out.output,
        "Topic audit is marked for deletion.\nNote: This will have no impact if delete.topic.enable is not set to true."
    );
    let marked = run(
        &mut sim,
        &mut files,
        "kafka-topics.sh --describe --topic audit",
    )
    .output;
    assert!(
        marked
            .lines()
            .next()
            .unwrap()
            .ends_with("\tMarkedForDeletion: true"),
        "{marked}"
    );
    sim.run_until(sim.now() + 3_000);
    assert_eq!(
        run(&mut sim, &mut files, "kafka-topics.sh --list").output,
        "__consumer_offsets\norders"
    );
    let again = run(
        &mut sim,
        &mut files,
        "kafka-topics.sh --delete --topic audit",
    );
    assert_eq!(
        (again.output.as_str(), again.failed),
        (
            "Error while executing topic command : Topic 'audit' does not exist as expected",
            true
        )
    );
}

#[test]
fn topics_create_and_alter_refuse_as_topic_command_does() {
    let (mut sim, mut files) = (booted(), Files::default());
    let cases = [
        (
            "kafka-topics.sh --create --topic orders",
            "Error while executing topic command : Topic 'orders' already exists.",
        ),
        (
            "kafka-topics.sh --create --topic big --partitions 1 --replication-factor 5",
            "Error while executing topic command : Replication factor: 5 larger than available brokers: 4.",
        ),
        (
            "kafka-topics.sh --create --topic x --partitions 2 --replica-assignment 0:1",
            "Option \"[replica-assignment]\" can't be used with option \"[partitions]\"",
        ),
        (
            "kafka-topics.sh --create --topic x --replica-assignment 0:0",
            "Error while executing topic command : Partition replica lists may not contain duplicate entries: 0",
        ),
        (
            "kafka-topics.sh --create --topic a/b",
            "Error while executing topic command : Topic name \"a/b\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'",
        ),
        (
            "kafka-topics.sh --alter --topic orders --partitions 1",
            "Error while executing topic command : Topic currently has 2 partitions, which is higher than the requested 1.",
        ),
        (
            "kafka-topics.sh --alter --topic nope --partitions 3",
            "Error while executing topic command : Topic 'nope' does not exist as expected",
        ),
    ];
    for (line, expected) in cases {
        let out = run(&mut sim, &mut files, line);
        assert_eq!(
            (out.output.as_str(), out.failed),
            (expected, true),
            "{line}"
        );
    }
    let quiet = run(
        &mut sim,
        &mut files,
        "kafka-topics.sh --create --topic orders --if-not-exists",
    );
    assert_eq!((quiet.output.as_str(), quiet.failed), ("", false));
}
