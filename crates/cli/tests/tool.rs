//! `isrlab tool`: Kafka's tools against a scenario at a given time, through the built
//! binary: describe during and after a reassignment, a plan file read from disk, errors.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::{Command, Output};

fn isrlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_isrlab"))
        .args(args)
        .output()
        .expect("isrlab runs")
}

fn scenario(name: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios")
        .join(name);
    root.to_string_lossy().into_owned()
}

#[test]
fn describe_at_a_time_prints_kafkas_lines_and_the_move_in_progress() {
    let file = scenario("reassignment.json");
    let o = isrlab(&[
        "tool",
        &file,
        "--at-ms",
        "5000",
        "--",
        "kafka-topics.sh",
        "--bootstrap-server",
        "localhost:9092",
        "--describe",
        "--topic",
        "orders",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "Topic: orders\tPartitionCount: 1\tReplicationFactor: 3\tConfigs: min.insync.replicas=2"
    );
    assert!(
        lines[1]
            .starts_with("\tTopic: orders\tPartition: 0\tLeader: 0\tReplicas: 0,1,2,3\tIsr: 0,1,2"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].ends_with("\tAdding Replicas: 3\tRemoving Replicas: 0"),
        "{}",
        lines[1]
    );
    let o = isrlab(&[
        "tool",
        &file,
        "--at-ms",
        "20000",
        "--",
        "kafka-topics",
        "--describe",
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        out.lines().nth(1),
        Some("\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1,2,3\tIsr: 1,2,3")
    );
}

#[test]
fn verify_reads_the_plan_file_from_disk() {
    let dir = std::env::temp_dir().join(format!("isrlab-tool-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let plan = dir.join("plan.json");
    std::fs::write(
        &plan,
        r#"{"version":1,"partitions":[{"topic":"orders","partition":0,"replicas":[1,2,3]}]}"#,
    )
    .unwrap();
    let plan = plan.to_string_lossy().into_owned();
    let file = scenario("reassignment.json");
    let verify = |t: &str| {
        let o = isrlab(&[
            "tool",
            &file,
            "--at-ms",
            t,
            "--",
            "kafka-reassign-partitions.sh",
            "--verify",
            "--reassignment-json-file",
            &plan,
        ]);
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    assert!(verify("5000").contains("Reassignment of partition orders-0 is still in progress."));
    assert!(verify("20000").contains("Reassignment of partition orders-0 is completed."));
}

#[test]
fn bad_tool_lines_exit_2_with_the_tools_error() {
    let file = scenario("reassignment.json");
    let o = isrlab(&[
        "tool",
        &file,
        "--",
        "kafka-topics.sh",
        "--describe",
        "--nope",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("nope is not a recognized option"));
    let o = isrlab(&["tool", &file, "kafka-topics.sh"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("follows `--`"));
    let o = isrlab(&[
        "tool",
        &file,
        "--",
        "kafka-reassign-partitions.sh",
        "--verify",
        "--reassignment-json-file",
        "/no/such/plan.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/no/such/plan.json"));
}

#[test]
fn import_describe_prints_a_scenario_that_describes_back_the_same() {
    let golden =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/tests/golden/broker2-down.txt");
    let o = isrlab(&["import-describe", &golden.to_string_lossy(), "--id", "prod"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("isrlab: note: brokers [2]"));
    let dir = std::env::temp_dir().join(format!("isrlab-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("prod.json");
    std::fs::write(&file, &o.stdout).unwrap();
    let file = file.to_string_lossy().into_owned();
    let o = isrlab(&[
        "tool",
        &file,
        "--at-ms",
        "60000",
        "--",
        "kafka-topics.sh",
        "--describe",
        "--exclude-internal",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let expected = std::fs::read_to_string(&golden).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim_end(),
        expected.trim_end()
    );
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "Topic: a\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n\tTopic: a\tPartition: 0\tLeader: 1\tReplicas: x\tIsr: 1\n").unwrap();
    let o = isrlab(&["import-describe", &bad.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("line 2: Replicas: \"x\" is not a broker id")
    );
}
