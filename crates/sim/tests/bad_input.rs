//! Malformed scenario files, made by breaking the shipped `scenarios/*.json` one way
//! at a time, are refused with an error that names the field and what was expected.
#![cfg(not(target_arch = "wasm32"))]

use isrlab_sim::{Scenario, ScenarioError};
use serde_json::{json, Value};
use std::path::PathBuf;

fn scenarios_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")
}

fn shipped() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(scenarios_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path.file_name().unwrap().to_string_lossy().into_owned(), serde_json::from_str(&text).unwrap()));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
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
    assert!(all.len() >= 16, "expected the golden scenarios, found {}", all.len());
    for (name, v) in all {
        let s = Scenario::from_json(&v.to_string()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(format!("{}.json", s.id), name, "file name must be the scenario id");
        assert!(!s.guide.is_empty(), "{name}: a golden scenario is also a guided one");
        assert!(s.guide.iter().any(|g| g.question.is_some()), "{name}: needs a prediction question");
        assert!(!s.description.zh.is_empty(), "{name}: description needs Simplified Chinese");
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
        (Box::new(|v: &mut Value| v["sed"] = json!(1)) as Box<dyn Fn(&mut Value)>, "sed"),
        (Box::new(|v: &mut Value| v["topics"][0]["replicas"] = json!(3)), "topics[0].replicas"),
        (Box::new(|v: &mut Value| v["actions"][0]["valeu"] = json!("x")), "actions[0].valeu"),
    ] {
        let mut v = default_scenario();
        mutate(&mut v);
        let e = refused(&v);
        assert_eq!(e.path, path, "{e}");
        assert!(e.message.contains("unknown field") && e.message.contains("expected"), "{e}");
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
    assert!(e.message.contains("InvalidReplicationFactorException"), "{e}");
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
    for (name, v) in shipped() {
        let text = serde_json::to_string_pretty(&v).unwrap();
        for cut in (0..text.len()).step_by(7).filter(|&c| text.is_char_boundary(c)) {
            let e = Scenario::from_json(&text[..cut]).expect_err(&name);
            assert!(e.to_string().starts_with("scenario"), "{name}: {e}");
        }
    }
}
