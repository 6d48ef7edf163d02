//! Trace files round-trip: exported, opened and replayed, every guided scenario and a run
//! with user actions reach the same trace hash and view; bad files name what is wrong.

use super::*;
use crate::scenarios;

fn opened(id: &str) -> Lab {
    Lab::open(Run::from_json(&scenarios::by_id(id).unwrap()).unwrap())
}

fn reopen(lab: &Lab) -> Lab {
    match open(&export_json(lab)) {
        Ok(Opened::Trace(l)) => *l,
        other => panic!("not reopened as a trace: {other:?}"),
    }
}

#[test]
fn every_guided_scenario_reopens_at_the_same_trace_hash_and_view() {
    for entry in scenarios::INDEX {
        let mut lab = opened(entry.id);
        let t = lab.run.end_ms().min(lab.run.now() + 15_000);
        lab.travel_to(t);
        let back = reopen(&lab);
        assert_eq!(back.run.now(), t, "{}", entry.id);
        assert_eq!(
            back.run.sim().trace_hash(),
            lab.run.sim().trace_hash(),
            "{}",
            entry.id
        );
        assert_eq!(back.run.view(), lab.run.view(), "{}", entry.id);
    }
}

#[test]
fn a_run_with_user_actions_and_a_new_seed_reopens_exactly_and_plays_on_alike() {
    let mut scenario = Scenario::from_json(&scenarios::by_id("default").unwrap()).unwrap();
    scenario.seed = 4242;
    let mut lab = Lab::open(Run::new(scenario).unwrap());
    lab.travel_to(lab.run.now() + 3_000);
    lab.apply(Action::Crash { broker: 1 }).unwrap();
    lab.step();
    lab.step();
    lab.apply(Action::Restart { broker: 1 }).unwrap();
    lab.travel_to(lab.run.now() + 9_000);
    let file = export(&lab);
    assert_eq!((file.seed, file.actions.len()), (4242, 2));
    let mut back = reopen(&lab);
    assert_eq!(back.run.sim().trace_hash(), lab.run.sim().trace_hash());
    assert_eq!(back.user_actions(), 2);
    back.travel_to(60_000);
    lab.travel_to(60_000);
    assert_eq!(back.run.sim().trace_hash(), lab.run.sim().trace_hash());
}

fn edited(edit: impl FnOnce(&mut Value)) -> String {
    let mut lab = opened("default");
    lab.travel_to(lab.run.now() + 1_000);
    lab.apply(Action::Crash { broker: 2 }).unwrap();
    let mut value = serde_json::to_value(export(&lab)).unwrap();
    edit(&mut value);
    value.to_string()
}

fn error(text: &str) -> FileError {
    open(text).map(|_| ()).unwrap_err()
}

#[test]
fn a_bad_action_field_is_named_by_its_path() {
    let text = edited(|v| v["actions"][0]["action"]["broker"] = "two".into());
    match error(&text) {
        FileError::Field(e) => assert!(e.path.starts_with("actions[0].action"), "{e:?}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_bad_scenario_field_is_named_inside_the_scenario_by_the_core_validator() {
    let text = edited(|v| v["scenario"]["brokers"] = 0.into());
    match error(&text) {
        FileError::Field(e) => assert!(e.path.starts_with("scenario.brokers"), "{e:?}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_changed_seed_or_time_misses_the_trace_hash() {
    let text = edited(|v| v["seed"] = 99.into());
    assert!(matches!(error(&text), FileError::HashMismatch { .. }));
    let text = edited(|v| v["time_ms"] = 999_999_999u64.into());
    assert!(matches!(error(&text), FileError::PastTheEnd { .. }));
}

#[test]
fn an_unreplayable_action_is_named_by_its_index() {
    let text = edited(|v| v["actions"][0]["action"]["broker"] = 77.into());
    assert!(matches!(error(&text), FileError::Replay { index: 0, .. }));
}

#[test]
fn a_future_version_an_oversized_file_and_non_json_are_refused_without_panic() {
    let text = edited(|v| v["version"] = 2.into());
    assert_eq!(error(&text), FileError::Version(2));
    let big = format!("{{\"pad\": \"{}\"}}", "x".repeat(MAX_FILE_BYTES));
    assert!(matches!(error(&big), FileError::TooLarge { .. }));
    assert!(matches!(
        error("{\"format\": \"isrlab-trace\""),
        FileError::Field(_)
    ));
    for cut in [10, 100, 1000] {
        let text = edited(|_| {});
        let _ = open(&text[..cut.min(text.len())]);
    }
}

#[test]
fn a_scenario_file_opens_as_a_scenario_and_a_bad_one_gives_the_validator_path() {
    let text = scenarios::by_id("acks1-leader-dies").unwrap();
    assert!(matches!(open(&text), Ok(Opened::Scenario(_))));
    let bad = text.replacen("\"brokers\"", "\"brokerz\"", 1);
    assert!(matches!(error(&bad), FileError::Field(_)));
}
