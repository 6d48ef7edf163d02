//! Runs the built `isrlab` binary: placement output against Kafka's expected maps,
//! exit status 2 with Kafka's error name on bad input, `check` and `run` on scenario files.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::{Command, Output};

fn isrlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_isrlab")).args(args).output().expect("isrlab runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn scenario(name: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios").join(name);
    root.to_string_lossy().into_owned()
}

/// Kafka's AdminRackAwareTest.testReplicaAssignment: 5 brokers, 10 partitions, RF 3, start index 0.
#[test]
fn assign_matches_kafka_admin_rack_aware_test_replica_assignment() {
    let o = isrlab(&["assign", "--brokers", "0,1,2,3,4", "--partitions", "10", "--replication-factor", "3", "--start-index", "0"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        r#"{"0":[0,1,2],"1":[1,2,3],"2":[2,3,4],"3":[3,4,0],"4":[4,0,1],"5":[0,2,3],"6":[1,3,4],"7":[2,4,0],"8":[3,0,1],"9":[4,1,2]}"#
    );
}

/// Adding partitions (`startPartitionId`): partition 10 continues the same rotation.
#[test]
fn assign_with_start_partition_continues_the_shift() {
    let o = isrlab(&[
        "assign", "--brokers", "0,1,2,3,4", "--partitions", "2", "--replication-factor", "3",
        "--start-index", "0", "--start-partition", "10",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // p=10: shift bumped at p%5==0 -> 1; first = 0 -> [0, 0+1+(1%4)=2, 0+1+(2%4)=3]
    assert_eq!(stdout(&o), r#"{"10":[0,2,3],"11":[1,3,4]}"#);
}

#[test]
fn assign_textbook_rule() {
    let o = isrlab(&["assign", "--brokers", "0,1,2", "--partitions", "4", "--replication-factor", "2", "--textbook"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), r#"{"0":[0,1],"1":[1,2],"2":[2,0],"3":[0,1]}"#);
}

#[test]
fn assign_random_start_is_seeded_and_repeatable() {
    let args = ["assign", "--brokers", "0,1,2,3", "--partitions", "6", "--replication-factor", "2", "--seed", "42"];
    let (a, b) = (isrlab(&args), isrlab(&args));
    assert!(a.status.success());
    assert_eq!(stdout(&a), stdout(&b));
}

#[test]
fn assign_bad_input_exits_2_with_kafka_error_name() {
    let cases: [(&[&str], &str); 4] = [
        (&["--brokers", "0,1,2", "--partitions", "3", "--replication-factor", "4"], "InvalidReplicationFactorException"),
        (&["--brokers", "0,1,2", "--partitions", "3", "--replication-factor", "0"], "InvalidReplicationFactorException"),
        (&["--brokers", "0,1,2", "--partitions", "0", "--replication-factor", "1"], "InvalidPartitionsException"),
        (&["--brokers", "0,x", "--partitions", "1", "--replication-factor", "1"], "not a broker id"),
    ];
    for (args, expected) in cases {
        let mut all = vec!["assign"];
        all.extend_from_slice(args);
        let o = isrlab(&all);
        assert_eq!(o.status.code(), Some(2), "{all:?}");
        assert!(stderr(&o).contains(expected), "{all:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty());
    }
}

#[test]
fn unknown_command_and_missing_options_exit_2() {
    assert_eq!(isrlab(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(isrlab(&[]).status.code(), Some(2));
    let o = isrlab(&["assign", "--brokers", "0,1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--partitions is required"));
}

#[test]
fn check_accepts_every_shipped_scenario() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let o = isrlab(&["check", path.to_str().unwrap()]);
            assert!(o.status.success(), "{}: {}", path.display(), stderr(&o));
            n += 1;
        }
    }
    assert!(n >= 1);
}

#[test]
fn check_refuses_a_bad_file_with_the_field_path() {
    let dir = std::env::temp_dir().join(format!("isrlab-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(scenario("default.json")).unwrap();
    let bad = text.replacen("\"replication_factor\": 3", "\"replication_factor\": 5", 1);
    assert_ne!(bad, text, "the test must change the file");
    let path = dir.join("bad.json");
    std::fs::write(&path, bad).unwrap();
    let o = isrlab(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("topics[0].replication_factor") && err.contains("InvalidReplicationFactorException"), "{err}");
    let o = isrlab(&["check", dir.join("missing.json").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read"));
}

fn run_json(args: &[&str]) -> serde_json::Value {
    let o = isrlab(args);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("run prints one JSON document")
}

#[test]
fn run_prints_the_documented_schema_and_the_acks1_loss() {
    let file = scenario("acks1-leader-dies.json");
    let doc = run_json(&["run", &file]);
    assert_eq!(doc["time_ms"], 25_000);
    assert!(doc["trace_hash"].as_str().is_some_and(|h| h.len() == 16));
    let p = &doc["partitions"][0];
    for key in ["topic", "partition", "replicas", "leader", "leader_epoch", "isr", "high_watermark", "replica_states"] {
        assert!(p.get(key).is_some(), "partition lacks {key}: {p}");
    }
    let r = &p["replica_states"][0];
    for key in ["broker", "alive", "log_end_offset", "high_watermark", "log"] {
        assert!(r.get(key).is_some(), "replica lacks {key}: {r}");
    }
    let m2 = doc["messages"].as_array().unwrap().iter().find(|m| m["value"] == "m2").expect("m2");
    assert_eq!(m2["acks"], "1");
    assert_eq!(m2["acknowledged"], true);
    assert_eq!(m2["lost"], true);
    for key in ["topic", "partition", "error", "committed", "duplicates", "consumed_by"] {
        assert!(m2.get(key).is_some(), "message lacks {key}");
    }
    assert!(doc["violations"].is_array());
}

#[test]
fn run_until_stops_early_and_is_deterministic() {
    let file = scenario("unclean-off-offline.json");
    let doc = run_json(&["run", &file, "--until-ms", "40000"]);
    assert_eq!(doc["time_ms"], 40_000);
    assert_eq!(doc["partitions"][0]["leader"], serde_json::Value::Null, "offline partition prints leader null");
    let again = run_json(&["run", &file, "--until-ms", "40000"]);
    assert_eq!(doc["trace_hash"], again["trace_hash"]);
    let o = isrlab(&["run", &file, "--until-ms", "soon"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn run_with_events_lists_the_structured_events() {
    let file = scenario("kip101-hw-truncation.json");
    let plain = run_json(&["run", &file]);
    assert!(plain.get("events").is_none(), "events only on request");
    let doc = run_json(&["run", &file, "--events"]);
    let events = doc["events"].as_array().expect("events array");
    let truncated = events
        .iter()
        .find(|e| e["kind"]["type"] == "Truncated" && e["kind"]["broker"] == 1)
        .expect("B's truncation is an event");
    assert_eq!(truncated["kind"]["rule"], "HighWatermark");
    assert_eq!(doc["trace_hash"], plain["trace_hash"], "asking for events does not change the run");
}

#[test]
fn run_in_flight_lists_network_messages_with_ids_and_replicas_show_their_epoch_cache() {
    let file = scenario("default.json");
    let doc = run_json(&["run", &file, "--until-ms", "2", "--in-flight"]);
    let msgs = doc["in_flight"].as_array().expect("--in-flight lists the messages on the network");
    assert!(!msgs.is_empty());
    for m in msgs {
        for key in ["id", "kind", "from", "to", "sent_at", "deliver_at", "held", "summary"] {
            assert!(m.get(key).is_some(), "message lacks {key}: {m}");
        }
    }
    assert!(run_json(&["run", &file]).get("in_flight").is_none(), "only on request");
    let doc = run_json(&["run", &scenario("kip101-leader-epoch.json")]);
    let cache = &doc["partitions"][0]["replica_states"][0]["epoch_cache"];
    assert_eq!(cache[0]["epoch"], 0, "{cache}");
    assert!(cache.as_array().is_some_and(|c| c.len() >= 2 && c.iter().all(|e| e.get("start_offset").is_some())), "{cache}");
}
