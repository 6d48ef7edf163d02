//! Prediction questions as a gate: while the guide step reached asks a question that
//! has been neither answered nor skipped, Play and Step wait (unless the user turned
//! the gate off with the "wait for my prediction" switch).

use isrlab_sim::scenario::GuideStep;
use isrlab_sim::TimeMs;
use std::collections::BTreeMap;

/// Answers by guide step index: `Some(choice)` answered, `None` skipped.
pub type Answers = BTreeMap<usize, Option<usize>>;

/// The guide step reached at `now` (the last one at or before it).
pub fn step_at(guide: &[GuideStep], now: TimeMs) -> Option<usize> {
    guide.iter().rposition(|g| g.at_ms <= now)
}

/// The step whose question is waiting for an answer at `now`, if any.
pub fn pending_question(guide: &[GuideStep], now: TimeMs, answers: &Answers) -> Option<usize> {
    step_at(guide, now).filter(|i| guide[*i].question.is_some() && !answers.contains_key(i))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::scenarios;
    use isrlab_sim::Scenario;

    #[test]
    fn a_question_waits_until_answered_or_skipped_and_only_once_reached() {
        let s = Scenario::from_json(&scenarios::by_id("acks1-leader-dies").unwrap()).unwrap();
        let q = s.guide.iter().position(|g| g.question.is_some()).unwrap();
        let at = s.guide[q].at_ms;
        let mut answers = Answers::new();
        if at > 0 {
            assert_eq!(
                pending_question(&s.guide, at - 1, &answers),
                None,
                "not reached yet"
            );
        }
        assert_eq!(pending_question(&s.guide, at, &answers), Some(q));
        answers.insert(q, None);
        assert_eq!(pending_question(&s.guide, at, &answers), None, "skipped");
        answers.insert(q, Some(0));
        assert_eq!(pending_question(&s.guide, at, &answers), None, "answered");
    }
}
