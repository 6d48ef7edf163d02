//! The running simulation as the UI holds it: the scenario, the core's `Sim`, and
//! the few calls the screen needs. It lives outside Yew state (in a `use_mut_ref`)
//! so that frames advance it without cloning.

use isrlab_sim::chunked::Chunked;
use isrlab_sim::ledger::MessageRecord;
use isrlab_sim::view::ClusterView;
use isrlab_sim::{Action, ActionRefusal, Event, Metrics, Scenario, Sim, TimeMs};
use std::rc::Rc;

/// A scenario and its simulation. The scenario is shared by every clone (timeline
/// snapshots), which copy only the simulation.
#[derive(Clone, Debug)]
pub struct Run {
    scenario: Rc<Scenario>,
    sim: Sim,
}

impl Run {
    /// Parses and validates a scenario file and builds its cluster at time 0.
    pub fn from_json(json: &str) -> Result<Run, String> {
        let scenario = Scenario::from_json(json).map_err(|e| e.to_string())?;
        Run::new(scenario)
    }

    /// Builds a scenario's cluster and processes everything that happens at time 0
    /// (brokers start), so that the first step moves the clock.
    pub fn new(scenario: Scenario) -> Result<Run, String> {
        let mut sim = Sim::new(&scenario).map_err(|e| e.to_string())?;
        sim.run_until(0);
        Ok(Run {
            scenario: Rc::new(scenario),
            sim,
        })
    }

    /// When this run's cluster has booted (controller elected, leaders in place, full
    /// ISRs: the core's `Sim::run_until_booted`), found on a copy, or where the copy
    /// stopped if the scenario acts before that. The run itself does not move.
    pub fn boot_ms(&self) -> TimeMs {
        let mut sim = self.sim.clone();
        sim.run_until_booted(self.end_ms()).unwrap_or(sim.now())
    }

    /// The scenario being run.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The core's simulation, read-only (what Kafka's tools in the console read).
    pub fn sim(&self) -> &Sim {
        &self.sim
    }

    /// Current virtual time.
    pub fn now(&self) -> TimeMs {
        self.sim.now()
    }

    /// Virtual time at which the run ends.
    pub fn end_ms(&self) -> TimeMs {
        self.sim.end_ms()
    }

    /// Whether the run has reached its end.
    pub fn finished(&self) -> bool {
        self.now() >= self.end_ms()
    }

    /// Processes events until virtual time reaches `now + ms` (or the end).
    pub fn advance_by(&mut self, ms: TimeMs) {
        let target = self.now().saturating_add(ms).min(self.end_ms());
        self.sim.run_until(target);
    }

    /// Processes the next event; false when nothing is left before the end.
    pub fn step(&mut self) -> bool {
        !self.finished() && self.sim.step()
    }

    /// Applies a user action at the current virtual time (recorded by the core for replay).
    pub fn apply(&mut self, action: Action) -> Result<(), String> {
        self.sim.apply(action).map_err(|e| e.to_string())
    }

    /// Whether the core accepts `action` now, and its refusal if not (the core's action
    /// check, `Sim::check_action`: what a panel offers).
    pub fn check(&self, action: &Action) -> Result<(), ActionRefusal> {
        self.sim.check_action(action)
    }

    /// Number of events processed so far.
    pub fn steps(&self) -> u64 {
        self.sim.steps()
    }

    /// Processes every event up to and including `t` (capped at the end) and sets the clock to `t`.
    pub fn run_until(&mut self, t: TimeMs) {
        self.sim.run_until(t);
    }

    /// Processes events until one changes something worth an event-log line.
    pub fn step_to_next_change(&mut self) -> bool {
        !self.finished() && self.sim.step_to_next_change()
    }

    /// Kafka's metrics now.
    pub fn metrics(&self) -> Metrics {
        self.sim.metrics()
    }

    /// The structured events kept, by run-wide index (`len()` counts every one so far).
    pub fn events(&self) -> &Chunked<Event> {
        self.sim.events()
    }

    /// The life of every produced message so far, indexed by id (ids retention folded
    /// away are no longer kept).
    pub fn ledger(&self) -> &Chunked<MessageRecord> {
        self.sim.ledger()
    }

    /// Back to time 0 of the same scenario.
    pub fn reset(&mut self) -> Result<(), String> {
        *self = Run::new(Scenario::clone(&self.scenario))?;
        Ok(())
    }

    /// The picture of the cluster now.
    pub fn view(&self) -> ClusterView {
        self.sim.view()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::scenarios;

    #[test]
    fn default_scenario_builds_three_brokers_and_three_partitions() {
        let run = Run::from_json(&scenarios::by_id("default").unwrap()).unwrap();
        let view = run.view();
        assert_eq!(view.brokers.len(), 3);
        assert_eq!(view.partitions.len(), 3);
        assert_eq!(run.now(), 0);
    }

    #[test]
    fn step_and_advance_move_virtual_time_forward_and_reset_returns_to_zero() {
        let mut run = Run::from_json(&scenarios::by_id("default").unwrap()).unwrap();
        assert!(run.step());
        let t1 = run.now();
        assert!(t1 > 0, "the first step did not move the clock");
        run.advance_by(5_000);
        assert_eq!(run.now(), t1 + 5_000);
        run.reset().unwrap();
        assert_eq!(run.now(), 0);
    }

    /// Every built-in scenario boots before its first action and its first guide step
    /// after time 0, so it opens on a booted cluster and its narration is not skipped.
    #[test]
    fn every_built_in_scenario_boots_before_anything_it_scripts() {
        for entry in scenarios::INDEX {
            let id = entry.id;
            let run = Run::from_json(&scenarios::by_id(id).unwrap()).unwrap();
            let mut sim = run.sim.clone();
            let at = sim
                .run_until_booted(run.end_ms())
                .unwrap_or_else(|| panic!("{id} does not boot"));
            assert!(isrlab_sim::boot::is_booted(&sim.view()), "{id}");
            let first_action = run.scenario().actions.iter().map(|a| a.at_ms).min();
            let first_step = run
                .scenario()
                .guide
                .iter()
                .map(|g| g.at_ms)
                .find(|&t| t > 0);
            assert!(
                first_action.is_none_or(|t| at < t) && first_step.is_none_or(|t| at < t),
                "{id} boots at {at} ms"
            );
            assert_eq!(run.boot_ms(), at);
            assert_eq!(run.now(), 0, "boot_ms does not move the run");
        }
    }

    #[test]
    fn a_bad_scenario_is_an_error_not_a_panic() {
        let err = Run::from_json("{\"id\": 3}").unwrap_err();
        assert!(!err.is_empty());
    }
}
