//! Malformed and hostile scenario files, made by breaking the shipped `scenarios/*.json`
//! one way at a time, are refused with an error that names the field and what was
//! expected (or the limit passed); never a panic, a hang or an allocation abort.
#![cfg(not(target_arch = "wasm32"))]

use isrlab_sim::{ActionRefusal, EventKind, Scenario, ScenarioError, Sim};
use serde_json::{json, Value};
use std::path::PathBuf;

fn scenarios_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")
}

/// The shipped scenarios, by file name.
fn shipped() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(scenarios_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((
                path.file_name().unwrap().to_string_lossy().into_owned(),
                serde_json::from_str(&text).unwrap(),
            ));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The shipped scenarios written by hand: the generated busy hour (3,600 produce actions
/// that differ only in their time, `scripts/make-busy-hour.mjs`) would make the sweeps over
/// every number and every truncation of a file quadratic in its 400 KB.
fn hand_written() -> Vec<(String, Value)> {
    shipped()
        .into_iter()
        .filter(|(name, _)| name != "busy-hour.json")
        .collect()
}

fn default_scenario() -> Value {
    let text = std::fs::read_to_string(scenarios_dir().join("default.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn refused(v: &Value) -> ScenarioError {
    Scenario::from_json(&v.to_string()).expect_err("a broken file must be refused")
}

#[test]
fn every_shipped_scenario_is_valid_and_bilingual() {
    let all = shipped();
    assert!(
        all.len() >= 16,
        "expected the golden scenarios, found {}",
        all.len()
    );
    for (name, v) in all {
        let s = Scenario::from_json(&v.to_string()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            format!("{}.json", s.id),
            name,
            "file name must be the scenario id"
        );
        assert!(
            !s.guide.is_empty(),
            "{name}: a golden scenario is also a guided one"
        );
        assert!(
            s.guide.iter().any(|g| g.question.is_some()),
            "{name}: needs a prediction question"
        );
        assert!(
            !s.description.zh.is_empty(),
            "{name}: description needs Simplified Chinese"
        );
    }
}

#[test]
fn wrong_types_are_named() {
    let mut v = default_scenario();
    v["seed"] = json!("one");
    let e = refused(&v);
    assert_eq!(e.path, "seed");
    assert!(e.message.contains("expected u64"), "{e}");

    let mut v = default_scenario();
    v["cluster"]["brokers"] = json!("0,1,2");
    assert_eq!(refused(&v).path, "cluster.brokers");
}

#[test]
fn unknown_keys_are_named_with_what_was_expected() {
    for (mutate, path) in [
        (
            Box::new(|v: &mut Value| v["sed"] = json!(1)) as Box<dyn Fn(&mut Value)>,
            "sed",
        ),
        (
            Box::new(|v: &mut Value| v["topics"][0]["replicas"] = json!(3)),
            "topics[0].replicas",
        ),
        (
            Box::new(|v: &mut Value| v["actions"][0]["valeu"] = json!("x")),
            "actions[0].valeu",
        ),
    ] {
        let mut v = default_scenario();
        mutate(&mut v);
        let e = refused(&v);
        assert_eq!(e.path, path, "{e}");
        assert!(
            e.message.contains("unknown field") && e.message.contains("expected"),
            "{e}"
        );
    }
}

#[test]
fn unknown_broker_ids_are_refused() {
    let mut v = default_scenario();
    v["actions"] = json!([{ "at_ms": 5, "do": "crash", "broker": 7 }]);
    let e = refused(&v);
    assert_eq!(e.path, "actions[0].broker");
    assert!(e.message.contains("unknown broker id 7"), "{e}");
}

#[test]
fn replication_factor_above_brokers_is_kafkas_error() {
    let mut v = default_scenario();
    v["topics"][0]["replication_factor"] = json!(4);
    let e = refused(&v);
    assert_eq!(e.path, "topics[0].replication_factor");
    assert!(
        e.message.contains("InvalidReplicationFactorException"),
        "{e}"
    );
}

#[test]
fn actions_in_the_past_or_out_of_order_are_refused() {
    let mut v = default_scenario();
    v["actions"][2]["at_ms"] = json!(10);
    let e = refused(&v);
    assert_eq!(e.path, "actions[2].at_ms");
    assert!(e.message.contains("time order"), "{e}");

    let mut v = default_scenario();
    v["actions"][0]["at_ms"] = json!(-1);
    let e = refused(&v);
    assert_eq!(e.path, "actions[0].at_ms");
    assert!(e.message.contains("before the run starts"), "{e}");
}

#[test]
fn every_truncation_of_every_shipped_file_is_refused_without_panic() {
    for (name, v) in hand_written() {
        let text = serde_json::to_string_pretty(&v).unwrap();
        for cut in (0..text.len())
            .step_by(7)
            .filter(|&c| text.is_char_boundary(c))
        {
            let e = Scenario::from_json(&text[..cut]).expect_err(&name);
            assert!(e.to_string().starts_with("scenario"), "{name}: {e}");
        }
    }
}

// ---- Hostile input: each case is refused with the field and the limit named ----

/// The default scenario with `mutate` applied must be refused at `path` with `words`.
fn refused_at(mutate: impl FnOnce(&mut Value), path: &str, words: &[&str]) -> ScenarioError {
    let mut v = default_scenario();
    mutate(&mut v);
    let e = refused(&v);
    assert_eq!(e.path, path, "{e}");
    for w in words {
        assert!(e.to_string().contains(w), "expected `{w}` in: {e}");
    }
    e
}

fn push_action(v: &mut Value, action: Value) {
    v["actions"].as_array_mut().unwrap().push(action);
}

/// `jitter_ms as u32 + 1` wrapped to 0 and divided by zero in rng.rs.
#[test]
fn jitter_of_2_pow_32_is_refused_not_a_divide_by_zero() {
    refused_at(
        |v| {
            v["cluster"]["network"] =
                json!({"latency_ms": 5, "jitter_ms": 1u64 << 32, "loss": 0.0, "manual": false})
        },
        "cluster.network.jitter_ms",
        &["4294967296 ms", "limit of 86400000 ms"],
    );
}

#[test]
fn latency_near_u64_max_is_refused() {
    refused_at(
        |v| {
            v["cluster"]["network"] =
                json!({"latency_ms": u64::MAX, "jitter_ms": 0, "loss": 0.0, "manual": false})
        },
        "cluster.network.latency_ms",
        &["limit of 86400000 ms"],
    );
}

#[test]
fn slow_extra_latency_near_u64_max_is_refused() {
    refused_at(
        |v| {
            push_action(
                v,
                json!({"at_ms": 4000, "do": "slow", "broker": 1, "extra_latency_ms": u64::MAX - 1}),
            )
        },
        "actions[3].extra_latency_ms",
        &["limit of 86400000 ms"],
    );
}

#[test]
fn zookeeper_session_timeout_near_u64_max_is_refused() {
    refused_at(
        |v| v["cluster"]["config"] = json!({"zookeeper.session.timeout.ms": u64::MAX}),
        "cluster.config.zookeeper.session.timeout.ms",
        &["Value must be no more than 86400000"],
    );
}

#[test]
fn more_than_64_brokers_are_refused() {
    refused_at(
        |v| v["cluster"]["brokers"] = json!((0..65).collect::<Vec<u32>>()),
        "cluster.brokers",
        &["65", "limit of 64"],
    );
    let mut v = default_scenario();
    v["cluster"]["brokers"] = json!((0..64).collect::<Vec<u32>>());
    Scenario::from_json(&v.to_string()).expect("64 brokers are fine");
}

/// 10,000 partitions in all, `__consumer_offsets` included (3 here, with a consumer).
#[test]
fn more_than_10000_partitions_in_all_are_refused() {
    refused_at(
        |v| v["topics"][0]["partitions"] = json!(1_000_000_000u32),
        "topics[0].partitions",
        &["limit of 10000"],
    );
    refused_at(
        |v| {
            v["topics"][0]["partitions"] = json!(9_998);
            v["topics"]
                .as_array_mut()
                .unwrap()
                .push(json!({"name": "more", "partitions": 0, "replication_factor": 1}));
        },
        "topics[0].partitions",
        &["10001", "limit of 10000"],
    );
    let mut v = default_scenario();
    v["topics"][0]["partitions"] = json!(9_997);
    Scenario::from_json(&v.to_string()).expect("9,997 + 3 offsets partitions are fine");
}

#[test]
fn produce_count_above_100000_is_refused() {
    refused_at(
        |v| v["actions"][0]["count"] = json!(1_000_000_000u32),
        "actions[0].count",
        &["expected 1 to 100000"],
    );
}

#[test]
fn records_in_all_above_1000000_are_refused() {
    refused_at(
        |v| {
            for i in 0..11 {
                push_action(
                    v,
                    json!({"at_ms": 4000 + i, "do": "produce", "producer": "p1", "topic": "orders", "value": "x", "count": 100_000}),
                );
            }
        },
        "actions[12].count",
        &["records produced in all", "limit of 1000000"],
    );
}

/// `end_ms` of 10^12 ran for ever.
#[test]
fn end_ms_above_24_hours_is_refused() {
    refused_at(
        |v| v["end_ms"] = json!(1_000_000_000_000u64),
        "end_ms",
        &["limit of 86400000 ms (24 h)"],
    );
}

#[test]
fn files_above_10_mb_are_refused_before_parsing() {
    let mut v = default_scenario();
    v["description"]["en"] = json!("x".repeat(10_000_000));
    v["description"]["zh"] = json!("x");
    let e = refused(&v);
    assert_eq!(e.path, "");
    assert!(e.message.contains("limit of 10000000 bytes (10 MB)"), "{e}");
}

#[test]
fn more_than_100000_actions_are_refused() {
    refused_at(
        |v| {
            v["actions"] = json!(vec![
                json!({"at_ms": 1, "do": "set_manual_network", "on": false});
                100_001
            ])
        },
        "actions",
        &["100001", "limit of 100000"],
    );
}

#[test]
fn more_than_100_producers_or_consumers_are_refused() {
    let many = |kind: &str| {
        (0..101)
            .map(|i| json!({"name": format!("{kind}{i}"), "group": "g", "topics": ["orders"]}))
            .collect::<Vec<_>>()
    };
    refused_at(
        |v| v["consumers"] = json!(many("c")),
        "consumers",
        &["limit of 100"],
    );
    let producers: Vec<Value> = (0..101)
        .map(|i| json!({"name": format!("p{i}"), "acks": "all"}))
        .collect();
    refused_at(
        |v| v["producers"] = json!(producers),
        "producers",
        &["limit of 100"],
    );
}

/// It passed `check` and failed `run` before.
#[test]
fn offsets_topic_replication_factor_above_the_brokers_is_refused() {
    refused_at(
        |v| v["cluster"]["config"] = json!({"offsets.topic.replication.factor": 4}),
        "cluster.config.offsets.topic.replication.factor",
        &[
            "InvalidReplicationFactorException",
            "more than the 3 brokers",
        ],
    );
}

/// Kafka's KafkaConfig: both are `atLeast(1)`; they were clamped to 1 before.
#[test]
fn offsets_topic_settings_of_zero_are_refused_not_clamped() {
    for key in [
        "offsets.topic.num.partitions",
        "offsets.topic.replication.factor",
    ] {
        refused_at(
            |v| v["cluster"]["config"] = json!({key: 0}),
            &format!("cluster.config.{key}"),
            &["Value must be at least 1"],
        );
    }
}

/// Kafka's LogConfig: `min.insync.replicas` is `atLeast(1)`, whether written 0 or "0".
#[test]
fn min_insync_replicas_zero_as_a_string_is_refused() {
    refused_at(
        |v| v["topics"][0]["config"] = json!({"min.insync.replicas": "0"}),
        "topics[0].config.min.insync.replicas",
        &["Invalid value 0 for configuration min.insync.replicas: Value must be at least 1"],
    );
    refused_at(
        |v| v["cluster"]["config"] = json!({"min.insync.replicas": "0"}),
        "cluster.config.min.insync.replicas",
        &["Value must be at least 1"],
    );
}

#[test]
fn set_config_to_zero_is_refused() {
    for value in [json!(0), json!("0")] {
        refused_at(
            |v| {
                push_action(
                    v,
                    json!({"at_ms": 4000, "do": "set_config", "topic": "orders", "key": "min.insync.replicas", "value": value}),
                )
            },
            "actions[3].value",
            &["Value must be at least 1"],
        );
    }
}

#[test]
fn add_consumer_with_a_used_name_is_refused() {
    refused_at(
        |v| {
            push_action(
                v,
                json!({"at_ms": 4000, "do": "add_consumer", "name": "c1", "group": "g", "topics": ["orders"]}),
            )
        },
        "actions[3].name",
        &["a consumer named \"c1\" already exists"],
    );
    // A name taken by an earlier add_consumer of the same file.
    refused_at(
        |v| {
            push_action(
                v,
                json!({"at_ms": 4000, "do": "add_consumer", "name": "c2", "group": "g", "topics": ["orders"]}),
            );
            push_action(
                v,
                json!({"at_ms": 5000, "do": "add_consumer", "name": "c2", "group": "h", "topics": ["orders"]}),
            );
        },
        "actions[4].name",
        &["\"c2\" already exists"],
    );
}

#[test]
fn remove_consumer_of_an_unknown_name_is_refused() {
    refused_at(
        |v| {
            push_action(
                v,
                json!({"at_ms": 4000, "do": "remove_consumer", "name": "nobody"}),
            )
        },
        "actions[3].name",
        &["unknown consumer \"nobody\""],
    );
    refused_at(
        |v| {
            push_action(
                v,
                json!({"at_ms": 4000, "do": "remove_consumer", "name": "c1"}),
            );
            push_action(
                v,
                json!({"at_ms": 5000, "do": "remove_consumer", "name": "c1"}),
            );
        },
        "actions[4].name",
        &["unknown consumer \"c1\""],
    );
}

/// Message ids exist only at run time, so the file is valid; the run shows the refusal
/// as an event instead of a silent no-op.
#[test]
fn deliver_and_drop_of_unknown_ids_are_refused_at_run_time_as_events() {
    let mut v = default_scenario();
    push_action(
        &mut v,
        json!({"at_ms": 4000, "do": "deliver", "message": 4242}),
    );
    push_action(
        &mut v,
        json!({"at_ms": 5000, "do": "drop", "message": 4343}),
    );
    let s = Scenario::from_json(&v.to_string()).expect("a file cannot know message ids");
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(6000);
    let refused: Vec<(u32, ActionRefusal)> = sim
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::ActionRefused { index, refusal, .. } => Some((*index, refusal.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        refused,
        vec![
            (3, ActionRefusal::UnknownMessage { message: 4242 }),
            (4, ActionRefusal::UnknownMessage { message: 4343 })
        ]
    );
}

/// serde_json's "number out of range" came without a path: the text was parsed into a
/// `Value` first, which has no field names to report.
#[test]
fn loss_of_1e400_names_the_field() {
    let text = default_scenario().to_string().replacen("\"protocol\":\"3.7\"", "\"protocol\":\"3.7\",\"network\":{\"latency_ms\":5,\"jitter_ms\":0,\"loss\":1e400,\"manual\":false}", 1);
    assert!(text.contains("1e400"), "the test must change the file");
    let e = Scenario::from_json(&text).unwrap_err();
    assert_eq!(e.path, "cluster.network.loss", "{e}");
    assert!(e.message.contains("number out of range"), "{e}");
}

/// Kafka: `acks` is a producer setting and idempotence requires acks=all.
#[test]
fn per_send_acks_override_on_an_idempotent_producer_is_refused() {
    refused_at(
        |v| v["actions"][1]["acks"] = json!("1"),
        "actions[1].acks",
        &["producer \"p1\" is idempotent", "acks=1 is refused"],
    );
}

/// `Sim::new` applies the same caps to a scenario that never went through `from_json`
/// (built in code), so no caller can reach the divide by zero or the wrap.
#[test]
fn sim_new_refuses_hostile_sizes_without_validation() {
    let mut s = Scenario::from_json(&default_scenario().to_string()).unwrap();
    s.cluster.network.jitter_ms = 1 << 32;
    let e = Sim::new(&s).unwrap_err().to_string();
    assert!(
        e.contains("cluster.network.jitter_ms") && e.contains("86400000"),
        "{e}"
    );
    let mut s = Scenario::from_json(&default_scenario().to_string()).unwrap();
    s.topics[0].partitions = u32::MAX;
    assert!(Sim::new(&s)
        .unwrap_err()
        .to_string()
        .contains("limit of 10000"));
}

/// A golden scenario tells its story with every scripted action applied.
#[test]
fn no_shipped_scenario_has_an_action_refused_at_run_time() {
    for (name, v) in shipped() {
        let s = Scenario::from_json(&v.to_string()).unwrap();
        let mut sim = Sim::new(&s).unwrap();
        sim.run_until(s.end_ms);
        let refused: Vec<_> = sim
            .events()
            .iter()
            .filter(|e| matches!(e.kind, EventKind::ActionRefused { .. }))
            .collect();
        assert!(refused.is_empty(), "{name}: {refused:?}");
    }
}

/// Every numeric field of every shipped file, set to each extreme in turn: the file is
/// refused with a field path, or it builds and runs without a panic. Before the caps,
/// `jitter_ms` = 2^32 in `consumer-death.json` divided by zero here.
#[test]
fn every_number_of_every_shipped_file_at_its_extremes_is_refused_or_runs() {
    fn numeric_paths(v: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        match v {
            Value::Number(_) => out.push(at.clone()),
            Value::Object(m) => {
                for (k, x) in m {
                    at.push(k.clone());
                    numeric_paths(x, at, out);
                    at.pop();
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    at.push(i.to_string());
                    numeric_paths(x, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    fn slot<'a>(v: &'a mut Value, path: &[String]) -> &'a mut Value {
        path.iter().fold(v, |v, k| match v {
            Value::Array(a) => &mut a[k.parse::<usize>().unwrap()],
            other => &mut other[k.as_str()],
        })
    }
    let extremes = [
        json!(0),
        json!(u32::MAX),
        json!(u32::MAX as u64 + 1),
        json!(u64::MAX),
        json!(-1),
        json!("0"),
    ];
    let mut tried = 0;
    for (name, v) in hand_written() {
        let mut paths = Vec::new();
        numeric_paths(&v, &mut Vec::new(), &mut paths);
        for path in &paths {
            for x in &extremes {
                let mut bad = v.clone();
                *slot(&mut bad, path) = x.clone();
                tried += 1;
                match Scenario::from_json(&bad.to_string()) {
                    Err(e) => assert!(
                        e.to_string().starts_with("scenario"),
                        "{name} {path:?}={x}: {e}"
                    ),
                    Ok(s) => {
                        let mut sim = Sim::new(&s).unwrap_or_else(|e| {
                            panic!("{name} {path:?}={x}: valid but does not build: {e}")
                        });
                        sim.run_until(2_000);
                    }
                }
            }
        }
    }
    assert!(tried > 500, "only {tried} mutations");
}
/// The same for an overflowing number inside an action (flattened by serde), a config
/// map and a top-level field.
#[test]
fn overflowing_numbers_anywhere_name_their_field() {
    let text = default_scenario().to_string();
    for (from, to, path) in [
        (
            "\"value\":\"m1\"",
            "\"value\":\"m1\",\"count\":1e400",
            "actions[0].count",
        ),
        (
            "\"min.insync.replicas\":2",
            "\"min.insync.replicas\":1e400",
            "topics[0].config.min.insync.replicas",
        ),
        ("\"seed\":1", "\"seed\":-1e400", "seed"),
    ] {
        let bad = text.replacen(from, to, 1);
        assert_ne!(bad, text, "the test must change the file");
        let e = Scenario::from_json(&bad).unwrap_err();
        assert_eq!(e.path, path, "{e}");
        assert!(e.message.contains("number out of range"), "{e}");
    }
}

/// A name is copied into events and views: a megabyte name would fill memory over a run.
#[test]
fn names_longer_than_249_bytes_and_illegal_topic_names_are_refused() {
    let long = "n".repeat(250);
    refused_at(
        |v| v["consumers"][0]["group"] = json!(long),
        "consumers[0].group",
        &["250 bytes", "limit of 249"],
    );
    refused_at(
        |v| v["producers"][0]["name"] = json!(long),
        "producers[0].name",
        &["limit of 249"],
    );
    refused_at(
        |v| v["topics"][0]["name"] = json!("orders/eu"),
        "topics[0].name",
        &["InvalidTopicException"],
    );
}
