//! The postMessage API's decoding and validation, and the events derived from the run.

use super::bridge::origin_allowed;
use super::protocol::*;
use super::watch::Watcher;
use crate::guide::Answers;
use crate::i18n::Lang;
use crate::lab::Lab;
use crate::run::Run;
use crate::scenarios;
use isrlab_sim::Action;
use proptest::prelude::*;
use serde_json::json;

fn parse(v: serde_json::Value) -> Result<(Option<u64>, Command), Ignored> {
    parse_json(&v)
}

#[test]
fn every_command_decodes_into_its_typed_form() {
    let ok = |v: serde_json::Value| parse(v).unwrap().1;
    let base = |t: &str| json!({"api": "isrlab", "version": 1, "type": t});
    assert_eq!(ok(base("play")), Command::Play);
    assert_eq!(ok(base("pause")), Command::Pause);
    assert_eq!(ok(base("step")), Command::Step);
    assert_eq!(ok(base("reset")), Command::Reset);
    assert_eq!(ok(base("getState")), Command::GetState);
    let seek = json!({"api": "isrlab", "version": 1, "type": "seek", "timeMs": 4200, "id": 7});
    assert_eq!(
        parse(seek).unwrap(),
        (Some(7), Command::Seek { time_ms: 4_200 })
    );
    let apply = json!({"api": "isrlab", "version": 1, "type": "apply", "action": {"do": "crash", "broker": 2}});
    assert_eq!(
        ok(apply),
        Command::Apply {
            action: Action::Crash { broker: 2 }
        }
    );
    let load = json!({"api": "isrlab", "version": 1, "type": "loadScenario", "scenarioId": "acks1-leader-dies"});
    assert!(matches!(
        ok(load),
        Command::LoadScenario {
            id: Some(_),
            scenario: None
        }
    ));
    let inline: serde_json::Value =
        serde_json::from_str(&scenarios::by_id("default").unwrap()).unwrap();
    let load = json!({"api": "isrlab", "version": 1, "type": "loadScenario", "scenario": inline});
    assert!(matches!(
        ok(load),
        Command::LoadScenario {
            id: None,
            scenario: Some(_)
        }
    ));
    let lang = json!({"api": "isrlab", "version": 1, "type": "setLanguage", "lang": "zh"});
    assert_eq!(ok(lang), Command::SetLanguage { lang: "zh".into() });
}

#[test]
fn malformed_unknown_and_out_of_range_messages_are_ignored_with_a_reason() {
    assert_eq!(parse(json!("play")), Err(Ignored::NotOurs));
    assert_eq!(parse(json!({"type": "play"})), Err(Ignored::NotOurs));
    assert_eq!(
        parse(json!({"api": "isrlab", "version": 2, "type": "play"})),
        Err(Ignored::Version(2))
    );
    for bad in [
        json!({"api": "isrlab", "version": 1, "type": "explode"}),
        json!({"api": "isrlab", "version": 1}),
        json!({"api": "isrlab", "version": 1, "type": "seek", "timeMs": -1}),
        json!({"api": "isrlab", "version": 1, "type": "seek", "timeMs": "soon"}),
        json!({"api": "isrlab", "version": 1, "type": "apply", "action": {"do": "eval", "code": "alert(1)"}}),
        json!({"api": "isrlab", "version": "1", "type": "play"}),
    ] {
        assert!(
            matches!(parse(bad.clone()), Err(Ignored::Malformed(_))),
            "{bad}"
        );
    }
    for bad in [
        json!({"api": "isrlab", "version": 1, "type": "loadScenario"}),
        json!({"api": "isrlab", "version": 1, "type": "loadScenario", "scenarioId": "../etc/passwd"}),
        json!({"api": "isrlab", "version": 1, "type": "setLanguage", "lang": "klingon"}),
        json!({"api": "isrlab", "version": 1, "type": "setState", "state": "x".repeat(MAX_TEXT_CHARS + 1)}),
    ] {
        assert!(
            matches!(parse(bad.clone()), Err(Ignored::Invalid(_))),
            "{bad}"
        );
    }
}

#[test]
fn origins_restrict_who_is_obeyed() {
    assert!(origin_allowed(&[], "https://anyone.test"));
    let only = vec!["https://course.test".to_string()];
    assert!(origin_allowed(&only, "https://course.test"));
    assert!(!origin_allowed(&only, "https://evil.test"));
    assert!(!origin_allowed(&only, "https://course.test.evil.test"));
}

#[test]
fn events_carry_the_api_and_version() {
    let e = Event::HeightChanged { height: 640 }.to_json();
    assert_eq!(
        e,
        json!({"api": "isrlab", "version": 1, "type": "heightChanged", "height": 640})
    );
}

fn acks1() -> Lab {
    Lab::open(Run::from_json(&scenarios::by_id("acks1-leader-dies").unwrap()).unwrap())
}

/// The events follow the core: each acknowledgement and loss of the run is told once,
/// guide steps as they are reached, and the end with a completed statement.
#[test]
fn the_watcher_tells_the_runs_acknowledgements_losses_guide_steps_and_end() {
    let mut lab = acks1();
    let mut w = Watcher::default();
    let answers = Answers::new();
    let first = w.observe(&lab, &answers, "acks1-leader-dies", false, 0.0, Lang::En);
    assert!(matches!(first[0], Event::TimeChanged { .. }));
    let end = lab.run.end_ms();
    let mut told = Vec::new();
    while !lab.run.finished() {
        lab.travel_to(lab.run.now() + 500);
        told.extend(w.observe(&lab, &answers, "acks1-leader-dies", true, 300.0, Lang::En));
    }
    let count = |f: fn(&Event) -> bool| told.iter().filter(|e| f(e)).count();
    let acked = lab
        .run
        .events()
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                isrlab_sim::events::EventKind::ProduceAcknowledged { .. }
            )
        })
        .count();
    let lost = lab
        .run
        .events()
        .iter()
        .filter(|e| matches!(e.kind, isrlab_sim::events::EventKind::MessageLost { .. }))
        .count();
    assert!(acked > 0 && lost > 0, "the scenario acknowledges and loses");
    assert_eq!(
        count(|e| matches!(e, Event::MessageAcknowledged { .. })),
        acked
    );
    assert_eq!(count(|e| matches!(e, Event::MessageLost { .. })), lost);
    let guide = lab.run.scenario().guide.len();
    assert_eq!(
        count(|e| matches!(e, Event::GuideStepReached { .. })),
        guide
    );
    let finished: Vec<_> = told
        .iter()
        .filter(|e| matches!(e, Event::ScenarioFinished { .. }))
        .collect();
    assert_eq!(finished.len(), 1);
    let Event::ScenarioFinished {
        statement,
        right,
        asked,
        ..
    } = finished[0]
    else {
        unreachable!()
    };
    assert_eq!(*right, 0);
    assert!(*asked > 0);
    assert_eq!(statement["verb"]["id"], super::statements::COMPLETED);
    assert_eq!(statement["result"]["score"]["max"], *asked);
    assert_eq!(statement["result"]["score"]["scaled"], 0.0);
    // Travelling back tells nothing again.
    lab.travel_to(end / 2);
    let back = w.observe(&lab, &answers, "acks1-leader-dies", false, 0.0, Lang::En);
    assert!(back.iter().all(|e| !matches!(
        e,
        Event::MessageAcknowledged { .. } | Event::MessageLost { .. }
    )));
}

#[test]
fn an_answer_is_told_once_with_an_answered_statement_and_counts_in_the_score() {
    let mut lab = acks1();
    let guide = lab.run.scenario().guide.clone();
    let (step, q) = guide
        .iter()
        .enumerate()
        .find_map(|(i, g)| g.question.as_ref().map(|q| (i, q)))
        .unwrap();
    let mut w = Watcher::default();
    let mut answers = Answers::new();
    w.observe(&lab, &answers, "s", false, 0.0, Lang::Zh);
    answers.insert(step, Some(q.answer));
    let told = w.observe(&lab, &answers, "s", false, 0.0, Lang::Zh);
    let answered: Vec<_> = told
        .iter()
        .filter_map(|e| match e {
            Event::PredictionAnswered {
                correct, statement, ..
            } => Some((*correct, statement.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(answered.len(), 1);
    assert!(answered[0].0);
    assert_eq!(answered[0].1["result"]["success"], true);
    assert_eq!(answered[0].1["result"]["response"], q.answer.to_string());
    assert_eq!(
        answered[0].1["object"]["id"],
        format!("urn:isrlab:scenario:s:step:{step}")
    );
    assert!(w
        .observe(&lab, &answers, "s", false, 0.0, Lang::Zh)
        .iter()
        .all(|e| !matches!(e, Event::PredictionAnswered { .. })));
    lab.travel_to(lab.run.end_ms());
    let done = w.observe(&lab, &answers, "s", false, 0.0, Lang::Zh);
    assert!(done
        .iter()
        .any(|e| matches!(e, Event::ScenarioFinished { right: 1, .. })));
}

proptest! {
    /// Any JSON value: a typed command or a reason, never a panic.
    #[test]
    fn any_message_is_a_command_or_a_reason(t in "[a-zA-Z]{0,14}", n in any::<i64>(), s in ".{0,40}") {
        for v in [
            json!({"api": "isrlab", "version": 1, "type": t, "timeMs": n, "id": n, "lang": s, "state": s}),
            json!({"api": "isrlab", "version": n, "type": "seek", "timeMs": s}),
            json!({"api": "isrlab", "version": 1, "type": "apply", "action": {"do": t, "broker": n}}),
            json!({"api": s, "type": t}),
        ] {
            let _ = parse(v);
        }
    }
}
