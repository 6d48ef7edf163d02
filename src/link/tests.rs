//! The link codec and replay: round trips to the same trace hash and view for every
//! guided scenario and for random action sequences; the decoder fuzzed with malformed,
//! truncated, oversized and future-version input (a clear error, never a panic).

use super::*;
use crate::i18n::Lang;
use crate::lab::Lab;
use crate::run::Run;
use crate::scenarios;
use crate::state::UiState;
use isrlab_sim::{Action, NodeId, Scenario, TimeMs};
use proptest::prelude::*;

fn file(id: &str) -> Option<std::rc::Rc<str>> {
    scenarios::cached(id)
}

fn base(id: &str) -> Scenario {
    Scenario::from_json(&file(id).unwrap()).unwrap()
}

fn opened(id: &str) -> Lab {
    Lab::open(Run::new(base(id)).unwrap())
}

fn ui() -> UiState {
    let mut ui = UiState::new(Lang::Zh, 6);
    ui.selected = 1;
    ui.pane = "metrics";
    ui
}

/// Captures `lab`, writes and reads the link, replays it: same trace hash, time, view.
fn round_trip(lab: &Lab, id: &str) -> LinkState {
    let state = LinkState::of(lab, id, &base(id), &ui());
    let text = encode(&state);
    let read = decode(&text).unwrap();
    assert_eq!(read, state);
    let replayed = replay(&read, file).unwrap();
    assert_eq!(replayed.run.now(), lab.run.now(), "{id}");
    assert_eq!(replayed.run.steps(), lab.run.steps(), "{id}");
    assert_eq!(
        replayed.run.sim().trace_hash(),
        lab.run.sim().trace_hash(),
        "{id}"
    );
    assert_eq!(replayed.run.view(), lab.run.view(), "{id}");
    assert_eq!(replayed.recorded(), lab.recorded(), "{id}");
    state
}

/// Acts on the lab with what the core accepts now, among a few faults.
fn act(lab: &mut Lab, pick: usize) {
    let brokers: Vec<_> = lab.run.view().brokers.iter().map(|b| b.id).collect();
    let b = brokers[pick % brokers.len()];
    let producer = lab.run.scenario().producers.first().map(|p| p.name.clone());
    let topic = lab.run.scenario().topics[0].name.clone();
    let choices = [
        Action::Crash { broker: b },
        Action::Restart { broker: b },
        Action::Cut {
            from: NodeId::Broker(b),
            to: NodeId::Zookeeper,
            both_ways: true,
        },
        Action::Heal {
            from: NodeId::Broker(b),
            to: NodeId::Zookeeper,
            both_ways: true,
        },
        Action::PowerLoss { broker: b },
    ];
    let mut candidates: Vec<Action> = choices.into_iter().collect();
    if let Some(producer) = producer {
        candidates.push(Action::Produce {
            producer,
            topic,
            partition: None,
            value: format!("m{pick}"),
            acks: None,
            count: None,
        });
    }
    let n = candidates.len();
    for k in 0..n {
        let a = candidates[(pick + k) % n].clone();
        if lab.run.check(&a).is_ok() {
            lab.apply(a).unwrap();
            return;
        }
    }
}

#[test]
fn every_guided_scenario_replays_from_its_link_to_the_same_trace_hash_and_view() {
    for entry in scenarios::INDEX {
        let mut lab = opened(entry.id);
        let end = lab.run.end_ms();
        lab.travel_to(end / 5);
        act(&mut lab, 0);
        lab.travel_to(end / 3);
        lab.step();
        act(&mut lab, 1);
        lab.travel_to(end / 2);
        round_trip(&lab, entry.id);
        // Back in time: the recorded future travels with the link.
        lab.travel_to(end / 4);
        round_trip(&lab, entry.id);
    }
}

#[test]
fn a_changed_seed_and_preset_overrides_are_named_on_a_built_in_scenario() {
    let mut scenario = base("default");
    scenario.seed += 9;
    scenario
        .cluster
        .config
        .insert("replica.lag.time.max.ms".into(), 4_000.into());
    let mut lab = Lab::open(Run::new(scenario).unwrap());
    lab.travel_to(20_000);
    let state = round_trip(&lab, "default");
    assert_eq!(state.scenario, LinkScenario::Builtin("default".into()));
    assert_eq!(state.seed, Some(base("default").seed + 9));
    assert!(state
        .overrides
        .unwrap()
        .config
        .contains_key("replica.lag.time.max.ms"));
}

#[test]
fn an_edited_scenario_is_carried_whole() {
    let mut scenario = base("default");
    scenario.cluster.brokers.push(3);
    let lab = Lab::open(Run::new(scenario.clone()).unwrap());
    let state = round_trip(&lab, "default");
    assert_eq!(state.scenario, LinkScenario::Custom(Box::new(scenario)));
}

/// The issue's budget: a built-in scenario, 20 user actions, a time, a partition and a
/// language fit in under 2,000 characters.
#[test]
fn a_typical_session_of_twenty_actions_fits_in_2000_characters() {
    let mut lab = opened("default");
    for i in 0..20 {
        lab.travel_to(lab.run.now() + 2_500);
        act(&mut lab, i * 7 + 3);
    }
    assert_eq!(lab.user_actions(), 20);
    let state = round_trip(&lab, "default");
    let link = format!("?v=1&s={}", encode(&state));
    assert!(link.len() < 2_000, "{} characters", link.len());
}

#[test]
fn a_link_of_a_later_version_is_refused_by_name() {
    let mut state = LinkState::builtin("default");
    state.v = 2;
    assert_eq!(
        decode(&encode(&state)),
        Err(LinkError::FutureVersion {
            found: 2,
            supported: 1
        })
    );
    state.v = 0;
    assert!(matches!(
        decode(&encode(&state)),
        Err(LinkError::NotState(_))
    ));
}

#[test]
fn oversized_input_and_bombs_are_refused_before_they_cost_anything() {
    let long = "A".repeat(MAX_LINK_CHARS + 1);
    assert!(matches!(decode(&long), Err(LinkError::TooLong { .. })));
    let zeros = vec![b' '; MAX_DECODED_BYTES * 4];
    let bomb = base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        miniz_oxide::deflate::compress_to_vec(&zeros, 9),
    );
    assert!(bomb.len() < MAX_LINK_CHARS);
    assert_eq!(
        decode(&bomb),
        Err(LinkError::TooLarge {
            max: MAX_DECODED_BYTES
        })
    );
}

#[test]
fn a_link_naming_no_such_scenario_or_an_impossible_action_is_refused() {
    let state = LinkState::builtin("no-such");
    assert_eq!(
        replay(&state, file).err(),
        Some(LinkError::UnknownScenario("no-such".into()))
    );
    let mut state = LinkState::builtin("default");
    state.t = 10_000;
    state.actions = vec![crate::lab::Recorded {
        steps: 5,
        at: 3_000,
        action: Action::Crash { broker: 0 },
    }];
    assert_eq!(
        replay(&state, file).err(),
        Some(LinkError::Replay { index: 0 })
    );
    state.actions[0].action = Action::Crash { broker: 99 };
    assert!(replay(&state, file).is_err());
}

#[test]
fn every_link_error_is_worded_in_both_languages() {
    let errors = [
        LinkError::Empty,
        LinkError::TooLong { chars: 1, max: 2 },
        LinkError::NotBase64,
        LinkError::NotDeflate,
        LinkError::TooLarge { max: 3 },
        LinkError::NotState("x".into()),
        LinkError::FutureVersion {
            found: 2,
            supported: 1,
        },
        LinkError::UnknownScenario("x".into()),
        LinkError::Scenario("x".into()),
        LinkError::Replay { index: 0 },
    ];
    for e in &errors {
        let (en, zh) = (link_error_text(e, Lang::En), link_error_text(e, Lang::Zh));
        assert!(!en.contains('{') && !zh.contains('{'), "{e:?}");
        assert_ne!(en, zh, "{e:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Random sequences of travels, steps and actions replay to the same trace hash.
    #[test]
    fn random_action_sequences_replay_from_their_link(
        moves in prop::collection::vec((0u64..6_000, 0usize..64, any::<bool>()), 1..12),
        back in 0u64..100_000,
    ) {
        let mut lab = opened("default");
        for (wait, pick, step) in moves {
            lab.travel_to(lab.run.now() + wait);
            if step {
                lab.step();
            }
            act(&mut lab, pick);
        }
        round_trip(&lab, "default");
        lab.travel_to(back.min(lab.run.now()));
        round_trip(&lab, "default");
    }

    /// Any text: a value or a typed error, never a panic.
    #[test]
    fn any_text_decodes_to_a_state_or_a_typed_error(text in ".{0,400}") {
        let _ = decode(&text);
    }

    /// A real link cut short or with one character changed: an error or a state that
    /// replays without panicking (a change may still be a valid link).
    #[test]
    fn truncated_or_altered_links_fail_cleanly(cut in 0usize..2_000, at in 0usize..2_000, c in "[A-Za-z0-9_=%+/-]") {
        let mut lab = opened("default");
        lab.travel_to(7_000);
        act(&mut lab, 1);
        lab.travel_to(15_000);
        let text = encode(&LinkState::of(&lab, "default", &base("default"), &ui()));
        let cut = cut % text.len();
        prop_assert!(decode(&text[..cut]).is_err());
        let at = at % text.len();
        let altered = format!("{}{}{}", &text[..at], c, &text[at + 1..]);
        if let Ok(state) = decode(&altered) {
            let _ = replay(&state, file);
        }
    }

    /// Any deflated JSON: the version and fields are checked, never trusted.
    #[test]
    fn any_json_payload_is_checked(v in any::<u64>(), t in any::<u64>(), id in "[a-z-]{0,12}", steps in any::<u64>()) {
        let json = format!(r#"{{"v":{v},"scenario":{{"builtin":"{id}"}},"t":{t},"steps":{steps}}}"#);
        let text = base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9),
        );
        match decode(&text) {
            Ok(state) => {
                prop_assert_eq!(state.v, 1);
                let _ = replay(&state, file);
            }
            Err(LinkError::FutureVersion { found, .. }) => prop_assert_eq!(found, v),
            Err(e) => prop_assert!(v == 0, "{e:?}"),
        }
    }
}

/// The end of a run is a valid time too: a link past it replays to the end.
#[test]
fn a_link_past_the_end_replays_to_the_end() {
    let mut state = LinkState::builtin("default");
    state.t = TimeMs::MAX;
    let lab = replay(&state, file).unwrap();
    assert_eq!(lab.run.now(), lab.run.end_ms());
}
