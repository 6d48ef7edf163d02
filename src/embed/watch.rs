//! Events for the embedding page, derived from the core's run as the lab shows it: the
//! run's own structured events (acknowledgements, losses), its clock, the guide step at
//! the current time, the answers given and the run's end. Pure: natively tested.

use super::protocol::Event;
use super::statements;
use crate::guide::{self, Answers};
use crate::i18n::Lang;
use crate::lab::Lab;
use isrlab_sim::events::EventKind;
use isrlab_sim::TimeMs;

/// Wall milliseconds between two `timeChanged` events while playing.
pub const TIME_EVENT_MS: f64 = 250.0;
/// Most message events posted at once (a long seek forward crosses many).
pub const MAX_MESSAGE_EVENTS: usize = 50;

/// What was already told to the page.
#[derive(Debug, Default)]
pub struct Watcher {
    events_seen: Option<usize>,
    time: Option<TimeMs>,
    wall_since_time: f64,
    guide_step: Option<usize>,
    told: std::collections::BTreeSet<usize>,
    finished: bool,
}

impl Watcher {
    /// The events since the last call, `wall_ms` wall milliseconds later. The first call
    /// reports the current time and guide step only: the run's past is not replayed.
    pub fn observe(
        &mut self,
        lab: &Lab,
        answers: &Answers,
        scenario_id: &str,
        playing: bool,
        wall_ms: f64,
        lang: Lang,
    ) -> Vec<Event> {
        let mut out = Vec::new();
        self.messages(lab, &mut out);
        let now = lab.run.now();
        self.wall_since_time += wall_ms;
        let due = !playing || self.wall_since_time >= TIME_EVENT_MS;
        if self.time != Some(now) && due {
            self.time = Some(now);
            self.wall_since_time = 0.0;
            out.push(Event::TimeChanged {
                time_ms: now,
                playing,
            });
        }
        let guide = &lab.run.scenario().guide;
        let step = guide::step_at(guide, now);
        if step != self.guide_step {
            self.guide_step = step;
            if let Some(s) = step {
                out.push(Event::GuideStepReached {
                    step: s,
                    caption: lang.text(&guide[s].caption).to_string(),
                    has_question: guide[s].question.is_some(),
                });
            }
        }
        self.answers(lab, answers, scenario_id, &mut out);
        let finished = lab.run.finished();
        if finished && !self.finished {
            let (right, asked) = score(lab, answers);
            out.push(Event::ScenarioFinished {
                scenario: scenario_id.to_string(),
                right,
                asked,
                statement: statements::completed(scenario_id, right, asked),
            });
        }
        self.finished = finished;
        out
    }

    /// Acknowledgements and losses among the run's events not told yet (none after a
    /// travel back: those events were told when they first happened).
    fn messages(&mut self, lab: &Lab, out: &mut Vec<Event>) {
        let events = lab.run.events();
        let seen = self.events_seen.unwrap_or(events.len()).min(events.len());
        let from = seen.max(events.len().saturating_sub(MAX_MESSAGE_EVENTS));
        let producers = &lab.run.scenario().producers;
        for e in events.range(from, events.len()) {
            match &e.kind {
                EventKind::ProduceAcknowledged {
                    producer,
                    tp,
                    base_offset,
                    count,
                } => out.push(Event::MessageAcknowledged {
                    producer: producers
                        .get(*producer as usize)
                        .map_or_else(|| producer.to_string(), |p| p.name.clone()),
                    partition: tp.to_string(),
                    base_offset: *base_offset,
                    count: *count,
                    time_ms: e.time_ms,
                }),
                EventKind::MessageLost {
                    message,
                    tp,
                    acknowledged,
                    ..
                } => out.push(Event::MessageLost {
                    message: *message,
                    partition: tp.to_string(),
                    acknowledged: *acknowledged,
                    time_ms: e.time_ms,
                }),
                _ => {}
            }
        }
        self.events_seen = Some(events.len());
    }

    /// The answers given since the last call (answers only grow, until a new scenario
    /// starts them again).
    fn answers(&mut self, lab: &Lab, answers: &Answers, scenario_id: &str, out: &mut Vec<Event>) {
        if self.told.iter().any(|s| !answers.contains_key(s)) {
            self.told.clear();
        }
        let guide = &lab.run.scenario().guide;
        for (&step, &choice) in answers.iter() {
            if !self.told.insert(step) {
                continue;
            }
            let correct = is_right(guide.get(step), choice);
            out.push(Event::PredictionAnswered {
                step,
                choice,
                correct,
                statement: statements::answered(scenario_id, step, choice, correct),
            });
        }
    }
}

fn is_right(step: Option<&isrlab_sim::scenario::GuideStep>, choice: Option<usize>) -> bool {
    step.and_then(|g| g.question.as_ref())
        .is_some_and(|q| Some(q.answer) == choice)
}

/// Questions answered right, and questions the scenario asks.
pub fn score(lab: &Lab, answers: &Answers) -> (usize, usize) {
    let guide = &lab.run.scenario().guide;
    let asked = guide.iter().filter(|g| g.question.is_some()).count();
    let right = answers
        .iter()
        .filter(|(s, c)| is_right(guide.get(**s), **c))
        .count();
    (right, asked)
}
