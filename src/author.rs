//! Author mode's builder: a teacher's recorded session turned into a guided scenario
//! file (the format of `scenarios/`). The lab's scenario is kept, the user actions it
//! recorded become timed actions, and the steps the teacher wrote (captions in English
//! and Chinese, prediction questions) become its guide. The result is checked by the
//! core's validator, so a step with a missing translation is refused by its field path.
//! Pure: natively tested.

use crate::i18n::Lang;
use crate::lab::Lab;
use crate::link::{LinkScenario, LinkState};
use isrlab_sim::scenario::{GuideStep, Question, TimedAction};
use isrlab_sim::{Scenario, ScenarioError, TimeMs};

/// Most steps an authored scenario may have.
pub const MAX_STEPS: usize = 100;

/// A new step at `at_ms`, with empty texts for the teacher to write.
pub fn blank_step(at_ms: TimeMs) -> GuideStep {
    GuideStep {
        at_ms,
        caption: Default::default(),
        question: None,
    }
}

/// A blank prediction question with two choices, the first one right.
pub fn blank_question() -> Question {
    Question {
        prompt: Default::default(),
        choices: vec![Default::default(), Default::default()],
        answer: 0,
        explanation: Default::default(),
    }
}

/// The steps a recorded session starts with: one at each user action the lab recorded
/// (where the teacher says what is about to happen), in time order.
pub fn recorded_steps(lab: &Lab) -> Vec<GuideStep> {
    let mut times: Vec<TimeMs> = lab.recorded().iter().map(|r| r.at).collect();
    times.dedup();
    times.into_iter().take(MAX_STEPS).map(blank_step).collect()
}

/// Adds a blank step at `at_ms`, after any step at the same time (steps stay in time order).
pub fn insert_step(steps: &mut Vec<GuideStep>, at_ms: TimeMs) {
    if steps.len() < MAX_STEPS {
        let i = steps.partition_point(|s| s.at_ms <= at_ms);
        steps.insert(i, blank_step(at_ms));
    }
}

/// Swaps what steps `i` and `i + 1` say (caption and question); their times stay, so the
/// guide stays in time order.
pub fn swap_with_next(steps: &mut [GuideStep], i: usize) {
    if i + 1 < steps.len() {
        let (a, b) = steps.split_at_mut(i + 1);
        std::mem::swap(&mut a[i].caption, &mut b[0].caption);
        std::mem::swap(&mut a[i].question, &mut b[0].question);
    }
}

/// The guided scenario: the lab's scenario (its configuration as run) with the recorded
/// user actions as timed actions and `steps` as its guide, under a new `id` and titles,
/// checked by the core's validator.
pub fn build(lab: &Lab, steps: &[GuideStep], id: &str) -> Result<Scenario, ScenarioError> {
    let mut s = lab.run.scenario().clone();
    s.id = id.to_string();
    s.actions.extend(lab.recorded().iter().map(|r| TimedAction {
        at_ms: r.at,
        action: r.action.clone(),
    }));
    s.actions.sort_by_key(|a| a.at_ms);
    s.guide = steps.to_vec();
    let text = serde_json::to_string(&s).map_err(|e| ScenarioError {
        path: String::new(),
        message: e.to_string(),
    })?;
    Scenario::from_json(&text)
}

/// [`build`]'s scenario as the pretty JSON of a scenario file.
pub fn build_json(lab: &Lab, steps: &[GuideStep], id: &str) -> Result<String, ScenarioError> {
    let s = build(lab, steps, id)?;
    Ok(serde_json::to_string_pretty(&s).unwrap_or_default())
}

/// A file name for scenario `id`: its letters, digits, `-` and `_`, then `.json`.
pub fn file_name(id: &str) -> String {
    let safe: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .take(60)
        .collect();
    format!("{}.json", if safe.is_empty() { "scenario" } else { &safe })
}

/// A link's state that opens the authored `scenario` (carried whole) at its start, in
/// `lang`.
pub fn link_state(scenario: Scenario, lang: Lang) -> LinkState {
    LinkState {
        scenario: LinkScenario::Custom(Box::new(scenario)),
        lang: Some(lang.code().to_string()),
        ..LinkState::builtin("")
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::run::Run;
    use crate::scenarios;
    use isrlab_sim::scenario::Text;
    use isrlab_sim::Action;

    fn text(en: &str, zh: &str) -> Text {
        Text {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// A session on the default scenario in which the teacher crashed broker 1 at 3 s.
    fn session() -> Lab {
        let mut lab = Lab::open(Run::from_json(&scenarios::by_id("default").unwrap()).unwrap());
        lab.travel_to(3_000);
        lab.apply(Action::Crash { broker: 1 }).unwrap();
        lab.travel_to(8_000);
        lab
    }

    fn written(lab: &Lab) -> Vec<GuideStep> {
        let mut steps = recorded_steps(lab);
        assert_eq!(steps.len(), 1);
        steps[0].caption = text("Broker 1 is about to crash.", "Broker 1 即将崩溃。");
        steps[0].question = Some(Question {
            prompt: text("Who leads next?", "接下来谁是 Leader？"),
            choices: vec![text("Broker 0", "Broker 0"), text("Nobody", "没有")],
            answer: 0,
            explanation: text("An ISR member is elected.", "ISR 中的副本当选。"),
        });
        insert_step(&mut steps, 6_000);
        steps[1].caption = text("A new Leader was elected.", "选出了新的 Leader。");
        steps
    }

    #[test]
    fn a_recorded_session_becomes_a_valid_guided_scenario_that_replays_the_action() {
        let lab = session();
        let json = build_json(&lab, &written(&lab), "my-lesson").unwrap();
        let s = Scenario::from_json(&json).expect("the core validator accepts it");
        assert_eq!(s.id, "my-lesson");
        assert_eq!(s.guide.len(), 2);
        assert_eq!(s.guide[0].at_ms, 3_000);
        assert!(s
            .actions
            .iter()
            .any(|a| a.at_ms == 3_000 && a.action == Action::Crash { broker: 1 }));
        let mut student = Lab::open(Run::new(s).unwrap());
        student.travel_to(8_000);
        let down = student
            .run
            .view()
            .brokers
            .iter()
            .find(|b| b.id == 1)
            .unwrap()
            .status;
        assert_eq!(down, isrlab_sim::view::BrokerStatus::Down);
    }

    #[test]
    fn an_authored_scenario_saved_as_a_link_opens_with_its_steps_and_question() {
        let lab = session();
        let built = build(&lab, &written(&lab), "my-lesson").unwrap();
        let text = crate::link::encode(&link_state(built.clone(), Lang::Zh));
        let state = crate::link::decode(&text).unwrap();
        assert_eq!(state.lang.as_deref(), Some("zh"));
        let opened = crate::link::replay(&state, scenarios::cached).unwrap();
        assert_eq!(*opened.run.scenario(), built);
        assert_eq!(opened.run.scenario().guide.len(), 2);
        assert!(opened.run.scenario().guide[0].question.is_some());
    }

    #[test]
    fn a_missing_translation_or_a_bad_answer_is_refused_by_its_field_path() {
        let lab = session();
        let mut steps = written(&lab);
        steps[1].caption.zh.clear();
        let e = build(&lab, &steps, "x").unwrap_err();
        assert_eq!(e.path, "guide[1].caption.zh");
        let mut steps = written(&lab);
        steps[0].question.as_mut().unwrap().answer = 5;
        assert_eq!(
            build(&lab, &steps, "x").unwrap_err().path,
            "guide[0].question.answer"
        );
    }

    #[test]
    fn swapping_and_deleting_keep_the_times_in_order() {
        let lab = session();
        let mut steps = written(&lab);
        swap_with_next(&mut steps, 0);
        assert_eq!((steps[0].at_ms, steps[1].at_ms), (3_000, 6_000));
        assert_eq!(steps[0].caption.en, "A new Leader was elected.");
        assert!(steps[1].question.is_some() && steps[0].question.is_none());
        swap_with_next(&mut steps, 1);
        steps.remove(0);
        assert_eq!(steps.len(), 1);
        assert!(build(&lab, &steps, "x").is_ok());
        insert_step(&mut steps, 1_000);
        assert_eq!(steps[0].at_ms, 1_000, "inserted in time order");
    }

    #[test]
    fn file_names_keep_only_safe_characters() {
        assert_eq!(file_name("my-lesson_2"), "my-lesson_2.json");
        assert_eq!(file_name("../../etc/passwd"), "etcpasswd.json");
        assert_eq!(file_name("课"), "scenario.json");
    }
}
