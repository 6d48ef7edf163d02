//! One test per kind of refusal: each checks the field path and the explanation.

use super::*;
use serde_json::json;

fn base() -> Value {
    json!({
        "id": "t",
        "title": { "en": "T", "zh": "T" },
        "seed": 7,
        "end_ms": 10000,
        "cluster": { "brokers": [0, 1, 2] },
        "topics": [ { "name": "orders", "partitions": 2, "replication_factor": 3 } ],
        "producers": [ { "name": "p1", "acks": "all" } ],
        "consumers": [ { "name": "c1", "group": "g", "topics": ["orders"] } ],
        "actions": [
            { "at_ms": 1000, "do": "produce", "producer": "p1", "topic": "orders", "value": "m1" },
            { "at_ms": 2000, "do": "crash", "broker": 1 }
        ]
    })
}

fn refuse(v: Value) -> ScenarioError {
    Scenario::from_json(&v.to_string()).expect_err("scenario must be refused")
}

fn refuse_with(mutate: impl FnOnce(&mut Value)) -> ScenarioError {
    let mut v = base();
    mutate(&mut v);
    refuse(v)
}

fn assert_error(err: &ScenarioError, path: &str, words: &str) {
    assert_eq!(err.path, path, "wrong path in: {err}");
    assert!(err.message.contains(words), "expected `{words}` in: {err}");
    assert!(
        err.to_string().contains(path),
        "display must name the path: {err}"
    );
}

#[test]
fn base_scenario_is_accepted() {
    let s = Scenario::from_json(&base().to_string()).unwrap();
    assert_eq!(s.actions.len(), 2);
}

#[test]
fn wrong_type_names_nested_field() {
    let e = refuse_with(|v| v["topics"][0]["replication_factor"] = json!("three"));
    assert_error(&e, "topics[0].replication_factor", "invalid type: string");
}

#[test]
fn unknown_key_names_path_and_expected_keys() {
    let e = refuse_with(|v| v["cluster"]["brokerz"] = json!([1]));
    assert_error(&e, "cluster.brokerz", "unknown field `brokerz`");
    assert!(
        e.message.contains("brokers"),
        "should list the expected keys: {e}"
    );
}

#[test]
fn unknown_key_inside_an_action_is_located() {
    let e = refuse_with(|v| v["actions"][1] = json!({ "at_ms": 2000, "do": "crash", "brokr": 1 }));
    assert_error(&e, "actions[1].brokr", "unknown field `brokr`");
}

#[test]
fn wrong_type_inside_an_action_is_located() {
    let e = refuse_with(|v| v["actions"][1]["broker"] = json!("one"));
    assert_error(&e, "actions[1].broker", "invalid type: string");
}

#[test]
fn unknown_action_name_is_reported() {
    let e = refuse_with(|v| v["actions"][1]["do"] = json!("explode"));
    assert_error(&e, "actions[1].do", "unknown variant `explode`");
}

#[test]
fn missing_action_name_is_reported() {
    let e = refuse_with(|v| v["actions"][1] = json!({ "at_ms": 5, "broker": 1 }));
    assert_error(&e, "actions[1]", "missing field `do`");
}

#[test]
fn negative_action_time_is_in_the_past() {
    let e = refuse_with(|v| v["actions"][0]["at_ms"] = json!(-5));
    assert_error(&e, "actions[0].at_ms", "before the run starts");
}

#[test]
fn acks_as_a_number_gets_a_hint() {
    let e = refuse_with(|v| v["producers"][0]["acks"] = json!(1));
    assert_error(&e, "producers[0].acks", "as a string");
}

#[test]
fn unknown_broker_in_action() {
    let e = refuse_with(|v| v["actions"][1]["broker"] = json!(9));
    assert_error(&e, "actions[1].broker", "unknown broker id 9");
}

#[test]
fn duplicate_broker_ids() {
    let e = refuse_with(|v| v["cluster"]["brokers"] = json!([0, 1, 1]));
    assert_error(&e, "cluster.brokers[2]", "duplicate broker id 1");
}

#[test]
fn replication_factor_above_broker_count_or_zero() {
    for rf in [4, 0] {
        let e = refuse_with(|v| v["topics"][0]["replication_factor"] = json!(rf));
        assert_error(
            &e,
            "topics[0].replication_factor",
            "InvalidReplicationFactorException",
        );
    }
}

#[test]
fn zero_partitions() {
    let e = refuse_with(|v| v["topics"][0]["partitions"] = json!(0));
    assert_error(&e, "topics[0].partitions", "InvalidPartitionsException");
}

#[test]
fn explicit_assignment_missing_partition() {
    let e = refuse_with(|v| v["topics"][0]["assignment"] = json!({ "0": [0, 1, 2] }));
    assert_error(&e, "topics[0].assignment", "partitions 0..2");
}

#[test]
fn explicit_assignment_wrong_length_unknown_or_repeated_broker() {
    let e = refuse_with(|v| v["topics"][0]["assignment"] = json!({ "0": [0, 1, 2], "1": [0, 1] }));
    assert_error(&e, "topics[0].assignment.1", "expected 3 replicas");
    let e =
        refuse_with(|v| v["topics"][0]["assignment"] = json!({ "0": [0, 1, 2], "1": [0, 1, 7] }));
    assert_error(&e, "topics[0].assignment.1[2]", "unknown broker id 7");
    let e =
        refuse_with(|v| v["topics"][0]["assignment"] = json!({ "0": [0, 1, 2], "1": [0, 1, 1] }));
    assert_error(&e, "topics[0].assignment.1[2]", "appears twice");
}

#[test]
fn explicit_assignment_with_a_start_index_is_inconsistent() {
    let e = refuse_with(|v| {
        v["topics"][0]["assignment"] = json!({ "0": [0, 1, 2], "1": [1, 2, 0] });
        v["topics"][0]["start_index"] = json!(1);
    });
    assert_error(&e, "topics[0].start_index", "explicit assignment");
}

#[test]
fn explicit_assignment_is_accepted_when_consistent() {
    let mut v = base();
    v["topics"][0]["assignment"] = json!({ "0": [2, 1, 0], "1": [0, 2, 1] });
    let s = Scenario::from_json(&v.to_string()).unwrap();
    assert_eq!(s.topics[0].assignment.as_ref().unwrap()[&0], vec![2, 1, 0]);
}

#[test]
fn actions_out_of_order() {
    let e = refuse_with(|v| v["actions"][1]["at_ms"] = json!(500));
    assert_error(&e, "actions[1].at_ms", "time order");
}

#[test]
fn fault_actions_follow_the_broker_state() {
    let e =
        refuse_with(|v| v["actions"][1] = json!({ "at_ms": 2000, "do": "restart", "broker": 1 }));
    assert_error(&e, "actions[1].broker", "broker 1 is running");
    let e = refuse_with(|v| {
        v["actions"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "at_ms": 3000, "do": "crash", "broker": 1 }))
    });
    assert_error(&e, "actions[2].broker", "broker 1 is down");
    let e = refuse_with(|v| {
        v["actions"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "at_ms": 3000, "do": "resume", "broker": 0 }))
    });
    assert_error(&e, "actions[2].broker", "needs a paused broker");
    let mut v = base();
    let acts = v["actions"].as_array_mut().unwrap();
    acts.push(json!({ "at_ms": 3000, "do": "restart", "broker": 1 }));
    acts.push(json!({ "at_ms": 4000, "do": "pause", "broker": 1 }));
    acts.push(json!({ "at_ms": 5000, "do": "power_loss", "broker": 1 }));
    acts.push(json!({ "at_ms": 6000, "do": "controlled_shutdown", "broker": 2 }));
    acts.push(json!({ "at_ms": 9000, "do": "restart", "broker": 2 }));
    Scenario::from_json(&v.to_string()).expect("a consistent fault sequence");
}

#[test]
fn action_after_end() {
    let e = refuse_with(|v| v["actions"][1]["at_ms"] = json!(20000));
    assert_error(&e, "actions[1].at_ms", "after the scenario's end_ms");
}

#[test]
fn unknown_producer_topic_partition_and_consumer() {
    let e = refuse_with(|v| v["actions"][0]["producer"] = json!("nobody"));
    assert_error(&e, "actions[0].producer", "unknown producer");
    let e = refuse_with(|v| v["actions"][0]["topic"] = json!("payments"));
    assert_error(&e, "actions[0].topic", "unknown topic \"payments\"");
    let e = refuse_with(|v| v["actions"][0]["partition"] = json!(2));
    assert_error(&e, "actions[0].partition", "partitions 0..2");
    let e = refuse_with(|v| {
        v["actions"][1] = json!({ "at_ms": 2000, "do": "consumer_join", "consumer": "c9" })
    });
    assert_error(&e, "actions[1].consumer", "unknown consumer");
    for action in ["consumer_crash", "consumer_restart"] {
        let e = refuse_with(|v| {
            v["actions"][1] = json!({ "at_ms": 2000, "do": action, "consumer": "c9" })
        });
        assert_error(&e, "actions[1].consumer", "unknown consumer");
    }
    let e = refuse_with(|v| v["consumers"][0]["config"] = json!({ "session.timeout": 1 }));
    assert_error(
        &e,
        "consumers[0].config.session.timeout",
        "unknown consumer config key",
    );
    let e = refuse_with(|v| v["consumers"][0]["topics"] = json!(["nope"]));
    assert_error(&e, "consumers[0].topics[0]", "unknown topic");
}

#[test]
fn cut_naming_unknown_nodes() {
    let e = refuse_with(|v| {
        v["actions"][1] =
            json!({ "at_ms": 2000, "do": "cut", "from": { "Broker": 0 }, "to": { "Broker": 5 } })
    });
    assert_error(&e, "actions[1].to", "unknown broker id 5");
    let e = refuse_with(|v| {
        v["actions"][1] =
            json!({ "at_ms": 2000, "do": "cut", "from": { "Producer": 3 }, "to": "Zookeeper" })
    });
    assert_error(&e, "actions[1].from", "unknown producer index 3");
}

#[test]
fn reassignment_to_unknown_broker() {
    let e = refuse_with(
        |v| v["actions"][1] = json!({ "at_ms": 2000, "do": "reassign", "topic": "orders", "partition": 0, "replicas": [0, 8] }),
    );
    assert_error(&e, "actions[1].replicas[1]", "unknown broker id 8");
}

#[test]
fn unknown_protocol_preset() {
    let e = refuse_with(|v| v["cluster"]["protocol"] = json!("9.9"));
    assert_error(&e, "cluster.protocol", "unknown protocol preset \"9.9\"");
}

#[test]
fn loss_outside_zero_to_one() {
    let e = refuse_with(|v| {
        v["cluster"]["network"] =
            json!({ "latency_ms": 5, "jitter_ms": 0, "loss": 1.5, "manual": false })
    });
    assert_error(&e, "cluster.network.loss", "between 0 and 1");
}

#[test]
fn config_keys_and_values_are_checked() {
    let e = refuse_with(|v| v["topics"][0]["config"] = json!({ "min.insync.replica": 2 }));
    assert_error(
        &e,
        "topics[0].config.min.insync.replica",
        "unknown topic config key",
    );
    let e = refuse_with(|v| v["topics"][0]["config"] = json!({ "min.insync.replicas": 0 }));
    assert_error(&e, "topics[0].config.min.insync.replicas", "at least 1");
    let e = refuse_with(|v| {
        v["cluster"]["config"] = json!({ "unclean.leader.election.enable": "yes" })
    });
    assert_error(
        &e,
        "cluster.config.unclean.leader.election.enable",
        "true or false",
    );
    let e = refuse_with(|v| v["producers"][0]["config"] = json!({ "retries": -1 }));
    assert_error(&e, "producers[0].config.retries", "non-negative integer");
    let e = refuse_with(
        |v| v["actions"][1] = json!({ "at_ms": 2000, "do": "set_config", "topic": "orders", "key": "replica.lag.time.max.ms", "value": 5 }),
    );
    assert_error(&e, "actions[1].key", "unknown topic config key");
}

#[test]
fn texts_need_both_languages() {
    let e = refuse_with(|v| v["title"] = json!({ "en": "Only English", "zh": "" }));
    assert_error(&e, "title.zh", "Simplified Chinese");
}

#[test]
fn guide_question_answer_must_be_a_choice() {
    let e = refuse_with(|v| {
        v["guide"] = json!([{
            "at_ms": 1000,
            "caption": { "en": "c", "zh": "c" },
            "question": {
                "prompt": { "en": "q", "zh": "q" },
                "choices": [ { "en": "a", "zh": "a" }, { "en": "b", "zh": "b" } ],
                "answer": 2,
                "explanation": { "en": "e", "zh": "e" }
            }
        }])
    });
    assert_error(&e, "guide[0].question.answer", "index of a choice");
}

#[test]
fn not_json_and_not_an_object() {
    let e = Scenario::from_json("{\"id\": ").unwrap_err();
    assert!(e.message.starts_with("not valid JSON"), "{e}");
    let e = Scenario::from_json("[1, 2]").unwrap_err();
    assert!(e.message.contains("JSON object"), "{e}");
}

/// Truncations and byte garbage of a valid file never panic and always explain themselves.
#[test]
fn truncated_and_garbage_input_never_panics() {
    let text = base().to_string();
    for cut in 0..text.len() {
        let err = Scenario::from_json(&text[..cut]).expect_err("a truncated file is refused");
        assert!(!err.message.is_empty());
    }
    let mut rng = crate::rng::SimRng::new(3);
    for _ in 0..2000 {
        let mut bytes = text.clone().into_bytes();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bytes.len() as u32) as usize;
            bytes[at] = b"{}[]:,\"0x-9e. "[rng.below(14) as usize];
        }
        if let Ok(s) = std::str::from_utf8(&bytes) {
            if let Err(e) = Scenario::from_json(s) {
                assert!(!e.to_string().is_empty());
            }
        }
    }
}
