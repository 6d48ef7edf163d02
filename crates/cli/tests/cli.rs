//! Runs the built `isrlab` binary: placement output against Kafka's expected maps, `tool`
//! and `import-describe` (Kafka's tools against a scenario),
//! exit status 2 with Kafka's error name on bad input, `check` and `run` on scenario files.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::isrlab;
use std::path::PathBuf;
use std::process::Output;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn scenario(name: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios")
        .join(name);
    root.to_string_lossy().into_owned()
}

/// `isrlab assign` with `placement` (`--brokers ...` or `--racks ...`), RF 3 and start
/// index 0 succeeds and prints `expected`.
fn assert_assign_prints(placement: [&str; 2], partitions: &str, expected: &str) {
    let mut args = vec![
        "assign",
        placement[0],
        placement[1],
        "--partitions",
        partitions,
    ];
    args.extend(["--replication-factor", "3", "--start-index", "0"]);
    let o = isrlab(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), expected);
}

/// Kafka's AdminRackAwareTest.testReplicaAssignment: 5 brokers, 10 partitions, RF 3, start index 0.
#[test]
fn assign_matches_kafka_admin_rack_aware_test_replica_assignment() {
    assert_assign_prints(
        ["--brokers", "0,1,2,3,4"],
        "10",
        r#"{"0":[0,1,2],"1":[1,2,3],"2":[2,3,4],"3":[3,4,0],"4":[4,0,1],"5":[0,2,3],"6":[1,3,4],"7":[2,4,0],"8":[3,0,1],"9":[4,1,2]}"#,
    );
}

/// Kafka's AdminRackAwareTest.testGetRackAlternatedBrokerListAndAssignReplicasToBrokers:
/// `--racks` alone names the brokers, and the placement is rack-aware.
#[test]
fn assign_with_racks_matches_kafka_admin_rack_aware_test() {
    assert_assign_prints(
        ["--racks", "0:rack1,1:rack3,2:rack3,3:rack2,4:rack2,5:rack1"],
        "7",
        r#"{"0":[0,3,1],"1":[3,1,5],"2":[1,5,4],"3":[5,4,2],"4":[4,2,0],"5":[2,0,3],"6":[0,4,2]}"#,
    );
}

#[test]
fn assign_refuses_bad_racks_and_a_broker_without_one() {
    for (racks, words) in [
        ("0:r1,1", "is not broker:rack"),
        ("x:r1", "is not a broker id"),
        ("0:r1,0:r2", "given twice"),
        ("0:", "needs a rack name"),
    ] {
        let o = isrlab(&[
            "assign",
            "--racks",
            racks,
            "--partitions",
            "1",
            "--replication-factor",
            "1",
        ]);
        assert!(!o.status.success());
        assert!(stderr(&o).contains(words), "{racks}: {}", stderr(&o));
    }
    let o = isrlab(&[
        "assign",
        "--brokers",
        "0,1,2",
        "--racks",
        "0:r1,1:r2",
        "--partitions",
        "3",
        "--replication-factor",
        "2",
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("AdminOperationException"),
        "{}",
        stderr(&o)
    );
}

/// Adding partitions (`startPartitionId`): partition 10 continues the same rotation.
#[test]
fn assign_with_start_partition_continues_the_shift() {
    let o = isrlab(&[
        "assign",
        "--brokers",
        "0,1,2,3,4",
        "--partitions",
        "2",
        "--replication-factor",
        "3",
        "--start-index",
        "0",
        "--start-partition",
        "10",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // p=10: shift bumped at p%5==0 -> 1; first = 0 -> [0, 0+1+(1%4)=2, 0+1+(2%4)=3]
    assert_eq!(stdout(&o), r#"{"10":[0,2,3],"11":[1,3,4]}"#);
}

#[test]
fn assign_textbook_rule() {
    let o = isrlab(&[
        "assign",
        "--brokers",
        "0,1,2",
        "--partitions",
        "4",
        "--replication-factor",
        "2",
        "--textbook",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), r#"{"0":[0,1],"1":[1,2],"2":[2,0],"3":[0,1]}"#);
}

#[test]
fn assign_random_start_is_seeded_and_repeatable() {
    let args = [
        "assign",
        "--brokers",
        "0,1,2,3",
        "--partitions",
        "6",
        "--replication-factor",
        "2",
        "--seed",
        "42",
    ];
    let (a, b) = (isrlab(&args), isrlab(&args));
    assert!(a.status.success());
    assert_eq!(stdout(&a), stdout(&b));
}

#[test]
fn assign_bad_input_exits_2_with_kafka_error_name() {
    let cases: [(&[&str], &str); 4] = [
        (
            &[
                "--brokers",
                "0,1,2",
                "--partitions",
                "3",
                "--replication-factor",
                "4",
            ],
            "InvalidReplicationFactorException",
        ),
        (
            &[
                "--brokers",
                "0,1,2",
                "--partitions",
                "3",
                "--replication-factor",
                "0",
            ],
            "InvalidReplicationFactorException",
        ),
        (
            &[
                "--brokers",
                "0,1,2",
                "--partitions",
                "0",
                "--replication-factor",
                "1",
            ],
            "InvalidPartitionsException",
        ),
        (
            &[
                "--brokers",
                "0,x",
                "--partitions",
                "1",
                "--replication-factor",
                "1",
            ],
            "not a broker id",
        ),
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
    assert!(
        err.contains("topics[0].replication_factor")
            && err.contains("InvalidReplicationFactorException"),
        "{err}"
    );
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
    for key in [
        "topic",
        "partition",
        "replicas",
        "leader",
        "leader_epoch",
        "isr",
        "high_watermark",
        "replica_states",
    ] {
        assert!(p.get(key).is_some(), "partition lacks {key}: {p}");
    }
    let r = &p["replica_states"][0];
    for key in ["broker", "alive", "log_end_offset", "high_watermark", "log"] {
        assert!(r.get(key).is_some(), "replica lacks {key}: {r}");
    }
    let m2 = doc["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["value"] == "m2")
        .expect("m2");
    assert_eq!(m2["acks"], "1");
    assert_eq!(m2["acknowledged"], true);
    assert_eq!(m2["lost"], true);
    for key in [
        "topic",
        "partition",
        "error",
        "committed",
        "duplicates",
        "consumed_by",
    ] {
        assert!(m2.get(key).is_some(), "message lacks {key}");
    }
    assert!(doc["violations"].is_array());
}

#[test]
fn run_until_stops_early_and_is_deterministic() {
    let file = scenario("unclean-off-offline.json");
    let doc = run_json(&["run", &file, "--until-ms", "40000"]);
    assert_eq!(doc["time_ms"], 40_000);
    assert_eq!(
        doc["partitions"][0]["leader"],
        serde_json::Value::Null,
        "offline partition prints leader null"
    );
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
    assert_eq!(
        doc["trace_hash"], plain["trace_hash"],
        "asking for events does not change the run"
    );
}

// ---- Hostile input: exit 2, the field and the limit named, never a panic or a hang ----

fn default_json() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(scenario("default.json")).unwrap()).unwrap()
}

/// Writes `text` to a fresh temporary file and returns its path.
fn temp_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("isrlab-cli-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// Both `check` and `run` of the file exit 2 with every word of `expected` on stderr.
fn refused_file(name: &str, text: &str, expected: &[&str]) {
    let path = temp_file(name, text);
    for cmd in ["check", "run"] {
        let o = isrlab(&[cmd, &path]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{cmd} {name}: {err}");
        for w in expected {
            assert!(err.contains(w), "{cmd} {name}: expected `{w}` in {err}");
        }
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// The default scenario with one change, refused with `expected` on stderr.
fn refused_change(name: &str, mutate: impl FnOnce(&mut serde_json::Value), expected: &[&str]) {
    let mut v = default_json();
    mutate(&mut v);
    refused_file(name, &v.to_string(), expected);
}

fn push(v: &mut serde_json::Value, action: serde_json::Value) {
    v["actions"].as_array_mut().unwrap().push(action);
}

#[test]
fn jitter_of_2_pow_32_exits_2_instead_of_aborting() {
    refused_change(
        "jitter.json",
        |v| v["cluster"]["network"] = serde_json::json!({"latency_ms": 5, "jitter_ms": 4294967296u64, "loss": 0.0, "manual": false}),
        &["cluster.network.jitter_ms", "limit of 86400000 ms"],
    );
}

#[test]
fn latency_near_u64_max_exits_2() {
    refused_change(
        "latency.json",
        |v| v["cluster"]["network"] = serde_json::json!({"latency_ms": u64::MAX, "jitter_ms": 0, "loss": 0.0, "manual": false}),
        &["cluster.network.latency_ms", "limit of 86400000 ms"],
    );
}

#[test]
fn slow_extra_latency_near_u64_max_exits_2() {
    refused_change(
        "slow.json",
        |v| {
            push(
                v,
                serde_json::json!({"at_ms": 5000, "do": "slow", "broker": 0, "extra_latency_ms": u64::MAX}),
            )
        },
        &["actions[3].extra_latency_ms", "limit of 86400000 ms"],
    );
}

#[test]
fn zookeeper_session_timeout_near_u64_max_exits_2() {
    refused_change(
        "zk.json",
        |v| {
            v["cluster"]["config"] =
                serde_json::json!({"zookeeper.session.timeout.ms": u64::MAX - 5})
        },
        &[
            "cluster.config.zookeeper.session.timeout.ms",
            "no more than 86400000",
        ],
    );
}

#[test]
fn a_million_brokers_exit_2_with_the_limit() {
    refused_change(
        "brokers.json",
        |v| v["cluster"]["brokers"] = serde_json::json!((0..1_000_000).collect::<Vec<u32>>()),
        &["cluster.brokers", "limit of 64"],
    );
}

#[test]
fn a_billion_partitions_exit_2_with_the_limit() {
    refused_change(
        "partitions.json",
        |v| v["topics"][0]["partitions"] = serde_json::json!(1_000_000_000u32),
        &["topics[0].partitions", "limit of 10000"],
    );
}

#[test]
fn a_produce_count_of_a_billion_exits_2_with_the_limit() {
    refused_change(
        "count.json",
        |v| v["actions"][0]["count"] = serde_json::json!(1_000_000_000u32),
        &["actions[0].count", "100000"],
    );
}

#[test]
fn end_ms_of_10_pow_12_exits_2_instead_of_running_for_ever() {
    refused_change(
        "end.json",
        |v| v["end_ms"] = serde_json::json!(1_000_000_000_000u64),
        &["end_ms", "limit of 86400000 ms (24 h)"],
    );
}

#[test]
fn files_over_10_mb_and_endless_inputs_exit_2() {
    let mut v = default_json();
    v["description"]["en"] = serde_json::json!("x".repeat(10_000_001));
    refused_file(
        "big.json",
        &v.to_string(),
        &["limit of 10000000 bytes (10 MB)"],
    );
    if std::path::Path::new("/dev/zero").exists() {
        let o = isrlab(&["check", "/dev/zero"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("limit of 10000000 bytes"),
            "{}",
            stderr(&o)
        );
    }
}

#[test]
fn more_than_100000_actions_exit_2() {
    refused_change(
        "actions.json",
        |v| {
            v["actions"] = serde_json::json!(vec![
                serde_json::json!({"at_ms": 1, "do": "set_manual_network", "on": false});
                100_001
            ])
        },
        &["`actions`", "limit of 100000"],
    );
}

#[test]
fn offsets_topic_replication_factor_above_the_brokers_fails_check() {
    refused_change(
        "offsets-rf.json",
        |v| v["cluster"]["config"] = serde_json::json!({"offsets.topic.replication.factor": 5}),
        &[
            "cluster.config.offsets.topic.replication.factor",
            "InvalidReplicationFactorException",
        ],
    );
}

#[test]
fn offsets_topic_settings_of_zero_exit_2() {
    for key in [
        "offsets.topic.num.partitions",
        "offsets.topic.replication.factor",
    ] {
        refused_change(
            "offsets-zero.json",
            |v| v["cluster"]["config"] = serde_json::json!({key: 0}),
            &[&format!("cluster.config.{key}"), "Value must be at least 1"],
        );
    }
}

#[test]
fn min_insync_replicas_zero_as_a_string_exits_2() {
    refused_change(
        "min-isr.json",
        |v| v["topics"][0]["config"] = serde_json::json!({"min.insync.replicas": "0"}),
        &[
            "topics[0].config.min.insync.replicas",
            "Value must be at least 1",
        ],
    );
}

#[test]
fn set_config_to_zero_exits_2() {
    refused_change(
        "set-config.json",
        |v| {
            push(
                v,
                serde_json::json!({"at_ms": 5000, "do": "set_config", "key": "min.insync.replicas", "value": 0}),
            )
        },
        &["actions[3].value", "Value must be at least 1"],
    );
}

#[test]
fn add_consumer_with_a_used_name_exits_2() {
    refused_change(
        "add-consumer.json",
        |v| {
            push(
                v,
                serde_json::json!({"at_ms": 5000, "do": "add_consumer", "name": "c1", "group": "g", "topics": ["orders"]}),
            )
        },
        &["actions[3].name", "already exists"],
    );
}

#[test]
fn remove_consumer_of_an_unknown_name_exits_2() {
    refused_change(
        "remove-consumer.json",
        |v| {
            push(
                v,
                serde_json::json!({"at_ms": 5000, "do": "remove_consumer", "name": "ghost"}),
            )
        },
        &["actions[3].name", "unknown consumer \"ghost\""],
    );
}

#[test]
fn loss_1e400_names_the_field() {
    let text = default_json().to_string().replacen(
        "\"protocol\":\"3.7\"",
        "\"protocol\":\"3.7\",\"network\":{\"latency_ms\":5,\"jitter_ms\":0,\"loss\":1e400,\"manual\":false}",
        1,
    );
    assert!(text.contains("1e400"));
    refused_file(
        "loss.json",
        &text,
        &["cluster.network.loss", "number out of range"],
    );
}

#[test]
fn per_send_acks_override_on_an_idempotent_producer_exits_2() {
    refused_change(
        "acks-override.json",
        |v| v["actions"][0]["acks"] = serde_json::json!("0"),
        &["actions[0].acks", "idempotent", "acks=0 is refused"],
    );
}

/// Message ids exist only at run time: the file is valid, and the run lists the refusal
/// as an event (exit 0), not a silent no-op.
#[test]
fn deliver_of_an_unknown_message_id_is_a_refusal_event_in_run() {
    let mut v = default_json();
    push(
        &mut v,
        serde_json::json!({"at_ms": 5000, "do": "deliver", "message": 4242}),
    );
    let path = temp_file("deliver.json", &v.to_string());
    let doc = run_json(&["run", &path, "--events"]);
    let refused = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"]["type"] == "ActionRefused")
        .expect("the refusal is an event");
    assert_eq!(refused["time_ms"], 5000);
    assert_eq!(refused["kind"]["index"], 3);
    assert_eq!(refused["kind"]["action"], "deliver");
    assert_eq!(
        refused["kind"]["refusal"],
        serde_json::json!({"UnknownMessage": {"message": 4242}})
    );
}

/// `--start-partition 4294967295` wrapped partition ids around u32.
#[test]
fn assign_start_partition_near_u32_max_exits_2() {
    let o = isrlab(&[
        "assign",
        "--brokers",
        "0,1,2",
        "--partitions",
        "3",
        "--replication-factor",
        "2",
        "--start-partition",
        "4294967295",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--start-partition") && stderr(&o).contains("limit of 10000"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn assign_a_billion_partitions_exits_2_with_the_limit() {
    let o = isrlab(&[
        "assign",
        "--brokers",
        "0,1,2",
        "--partitions",
        "1000000000",
        "--replication-factor",
        "2",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--partitions") && stderr(&o).contains("limit of 10000"),
        "{}",
        stderr(&o)
    );
    let o = isrlab(&[
        "assign",
        "--brokers",
        &(0..65).map(|b| b.to_string()).collect::<Vec<_>>().join(","),
        "--partitions",
        "1",
        "--replication-factor",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("limit of 64"), "{}", stderr(&o));
}

#[test]
fn run_in_flight_lists_network_messages_with_ids_and_replicas_show_their_epoch_cache() {
    let file = scenario("default.json");
    let doc = run_json(&["run", &file, "--until-ms", "2", "--in-flight"]);
    let msgs = doc["in_flight"]
        .as_array()
        .expect("--in-flight lists the messages on the network");
    assert!(!msgs.is_empty());
    for m in msgs {
        for key in [
            "id",
            "kind",
            "from",
            "to",
            "sent_at",
            "deliver_at",
            "held",
            "summary",
        ] {
            assert!(m.get(key).is_some(), "message lacks {key}: {m}");
        }
    }
    assert!(
        run_json(&["run", &file]).get("in_flight").is_none(),
        "only on request"
    );
    let doc = run_json(&["run", &scenario("kip101-leader-epoch.json")]);
    let cache = &doc["partitions"][0]["replica_states"][0]["epoch_cache"];
    assert_eq!(cache[0]["epoch"], 0, "{cache}");
    assert!(
        cache
            .as_array()
            .is_some_and(|c| c.len() >= 2 && c.iter().all(|e| e.get("start_offset").is_some())),
        "{cache}"
    );
}

// ---- isrlab tool and isrlab import-describe: Kafka's tools against a scenario (docs/tools.md) ----

#[test]
fn describe_at_a_time_prints_kafkas_lines_and_the_move_in_progress() {
    let file = scenario("reassignment.json");
    // The reassignment is applied at 5000 ms; the controller writes AR = OAR + RAR to
    // ZooKeeper first, which lands a few ms later.
    let o = isrlab(&[
        "tool",
        &file,
        "--at-ms",
        "5020",
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
    assert!(verify("5020").contains("Reassignment of partition orders-0 is still in progress."));
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

/// `run --metrics`: the JSON series and the CSV rows are the same snapshots, under Kafka's
/// MBean names, and the acks=1 story shows in them (the leader's crash takes the partition
/// offline until the controller elects another leader; URP rises, then falls on rejoin).
#[test]
fn run_metrics_prints_the_same_series_as_json_and_csv() {
    let file = scenario("acks1-leader-dies.json");
    let doc = run_json(&["run", &file, "--metrics"]);
    assert_eq!(
        doc["mbeans"]["UnderReplicatedPartitions"],
        "kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions"
    );
    assert_eq!(
        doc["mbeans"]["MaxLag"],
        "kafka.server:type=ReplicaFetcherManager,name=MaxLag,clientId=Replica"
    );
    let samples = doc["samples"].as_array().expect("samples");
    let urp: Vec<u64> = samples
        .iter()
        .map(|s| s["UnderReplicatedPartitions"].as_u64().unwrap())
        .collect();
    let first_up = urp.iter().position(|&v| v == 1).expect("URP rises");
    assert!(urp[first_up..].contains(&0), "and falls again: {urp:?}");
    let offline_mark = doc["marks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == "OfflinePartitionsCount" && m["to"] == 1 && m["broker"].is_null())
        .expect("an offline mark");
    assert_eq!(offline_mark["cause"]["kind"]["type"], "BrokerDown");

    let o = isrlab(&["run", &file, "--metrics", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = stdout(&o);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = header
        .iter()
        .position(|h| *h == "UnderReplicatedPartitions")
        .unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), samples.len());
    assert!(rows.iter().all(|r| r.len() == header.len()));
    let csv_urp: Vec<u64> = rows.iter().map(|r| r[col].parse().unwrap()).collect();
    assert_eq!(csv_urp, urp);
    assert!(header.contains(&"broker.1.IsrShrinksPerSec.OneMinuteRate"));

    let bad = isrlab(&["run", &file, "--metrics", "--format", "xml"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("json or csv"));
    let stray = isrlab(&["run", &file, "--format", "csv"]);
    assert_eq!(stray.status.code(), Some(2));
}

#[test]
fn tool_creates_a_topic_through_the_core() {
    let file = scenario("reassignment.json");
    let at_5s = |line: &[&str]| {
        let words = [&["tool", file.as_str(), "--at-ms", "5000", "--"], line].concat();
        isrlab(&words)
    };
    let o = at_5s(&[
        "kafka-topics.sh",
        "--bootstrap-server",
        "localhost:9092",
        "--create",
        "--topic",
        "audit",
        "--partitions",
        "3",
        "--replication-factor",
        "2",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(out.trim(), "Created topic audit.");
    let o = at_5s(&[
        "kafka-topics.sh",
        "--alter",
        "--topic",
        "orders",
        "--partitions",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Topic already has 1 partitions."));
}
