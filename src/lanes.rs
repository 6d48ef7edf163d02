//! Lanes side by side (issue #11, part 2): the variants `isrlab_explore::lanes` derives
//! from the lab's scenario, each a [`Lab`] of its own, kept on the main lab's clock. The
//! main lab's controls (play, step, scrub, speed) move it and the lanes follow; every
//! action the user applies by hand reaches every lane at the same virtual time. Pure:
//! natively tested.

use crate::lab::Lab;
use crate::run::Run;
use isrlab_explore::lanes::{self, Counts, Preset};
use isrlab_explore::ExploreError;
use isrlab_sim::view::PartitionView;
use isrlab_sim::{Action, Scenario, Sim, TimeMs};
use std::rc::Rc;

/// One lane as the screen draws it: what it sets, the selected partition, its counts and
/// its exposure over time.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneView {
    /// The Kafka key the lanes vary.
    pub key: &'static str,
    /// This lane's value.
    pub value: String,
    /// The selected partition (none if the lane's cluster lacks it).
    pub partition: Option<PartitionView>,
    /// The ledger (for the cells' states and the lost messages).
    pub ledger: Rc<Vec<isrlab_sim::ledger::MessageRecord>>,
    /// Counters over the whole run.
    pub counts: Counts,
    /// The selected partition's exposure change points (`Sim::exposure_series`).
    pub exposure: Rc<Vec<(TimeMs, u32)>>,
    /// Virtual time now.
    pub now_ms: TimeMs,
    /// End of the run.
    pub end_ms: TimeMs,
}

impl LaneView {
    /// Partition `selected` of `sim` as a lane labelled `key=value`: also what a single
    /// extra lane (a what-if preview) is drawn from.
    pub fn of(sim: &Sim, key: &'static str, value: String, selected: usize) -> LaneView {
        let view = sim.view();
        let partition = view.partitions.get(selected).cloned();
        let exposure = partition
            .as_ref()
            .map(|p| sim.exposure_series(&p.tp).to_vec())
            .unwrap_or_default();
        LaneView {
            key,
            value,
            partition,
            ledger: Rc::new(sim.ledger().to_vec()),
            counts: lanes::counts(sim),
            exposure: Rc::new(exposure),
            now_ms: sim.now(),
            end_ms: sim.end_ms(),
        }
    }
}

/// One lane: its value and its lab.
#[derive(Debug)]
struct LaneRun {
    key: &'static str,
    value: String,
    lab: Lab,
}

/// The lanes of one preset over one base scenario.
#[derive(Debug)]
pub struct LaneSet {
    preset: Preset,
    base: Scenario,
    lanes: Vec<LaneRun>,
    /// The actions handed to every lane, with their times (the main lab's by-hand actions).
    given: Vec<(TimeMs, Action)>,
}

impl LaneSet {
    /// The lanes of `preset` over `main`'s scenario, at `main`'s time and with the actions
    /// it applied by hand; an error names the lane that does not fit the scenario.
    pub fn open(preset: Preset, main: &Lab) -> Result<LaneSet, ExploreError> {
        let mut set = LaneSet {
            preset,
            base: main.run.scenario().clone(),
            lanes: Vec::new(),
            given: main.run.sim().applied_actions().to_vec(),
        };
        set.rebuild(main.run.now())?;
        Ok(set)
    }

    /// The preset shown.
    pub fn preset(&self) -> Preset {
        self.preset
    }

    /// Builds every lane again from the base scenario, replays the actions given and
    /// travels to `now`.
    fn rebuild(&mut self, now: TimeMs) -> Result<(), ExploreError> {
        self.lanes = lanes::lanes(&self.base, self.preset)?
            .into_iter()
            .map(|l| {
                let run = Run::new(l.scenario)
                    .map_err(|reason| ExploreError::ScenarioRefused { reason })?;
                let mut lab = Lab::open(run);
                for (t, a) in &self.given {
                    lab.travel_to(*t);
                    // A lane may refuse what the main lab accepted (a broker already down
                    // there); it then goes on without it, as a real cluster would.
                    let _ = lab.apply(a.clone());
                }
                lab.travel_to(now);
                Ok(LaneRun {
                    key: l.key,
                    value: l.value,
                    lab,
                })
            })
            .collect::<Result<_, ExploreError>>()?;
        Ok(())
    }

    /// Keeps the lanes on `main`: same time, and every action `main` applied by hand since
    /// the last call applied to every lane at that time. When `main` changed otherwise (a
    /// new scenario or configuration, a reset, an undone action) the lanes are rebuilt.
    pub fn follow(&mut self, main: &Lab) -> Result<(), ExploreError> {
        let now = main.run.now();
        let want = main.run.sim().applied_actions();
        if *main.run.scenario() != self.base {
            self.base = main.run.scenario().clone();
            self.given = want.to_vec();
            return self.rebuild(now);
        }
        for lane in &mut self.lanes {
            lane.lab.travel_to(now);
        }
        let past = self.given.iter().filter(|(t, _)| *t <= now).count();
        let kept = want.len() >= past && want[..past] == self.given[..past];
        if kept && want.len() == past && main.user_actions() == self.given.len() {
            return Ok(());
        }
        let new_now = want.len() > past && want[past..].iter().all(|(t, _)| *t == now);
        if kept && new_now && main.user_actions() == want.len() {
            for (_, a) in &want[past..] {
                for lane in &mut self.lanes {
                    let _ = lane.lab.apply(a.clone());
                }
            }
            self.given = want.to_vec();
            return Ok(());
        }
        self.given = want.to_vec();
        self.rebuild(now)
    }

    /// Every lane's view of partition `selected`.
    pub fn views(&self, selected: usize) -> Vec<LaneView> {
        self.lanes
            .iter()
            .map(|l| LaneView::of(l.lab.run.sim(), l.key, l.value.clone(), selected))
            .collect()
    }

    /// Every lane's simulation.
    pub fn sims(&self) -> Vec<&Sim> {
        self.lanes.iter().map(|l| l.lab.run.sim()).collect()
    }
}

/// The lanes the screen shows: none, a preset's lanes, or why they could not be built.
#[derive(Debug, Default)]
pub struct Lanes {
    picked: Option<Preset>,
    set: Option<LaneSet>,
    error: Option<ExploreError>,
}

impl Lanes {
    /// Shows preset `id`'s lanes over `main` (`None`, or an unknown id: no lanes).
    pub fn pick(&mut self, id: Option<&str>, main: &Lab) {
        self.picked = id.and_then(lanes::preset);
        self.set = None;
        self.error = None;
        if let Some(p) = self.picked {
            match LaneSet::open(p, main) {
                Ok(set) => self.set = Some(set),
                Err(e) => self.error = Some(e),
            }
        }
    }

    /// Keeps the lanes on `main` ([`LaneSet::follow`]); a scenario the preset does not fit
    /// leaves no lanes and says why.
    pub fn follow(&mut self, main: &Lab) {
        let result = match self.set.as_mut() {
            Some(set) => set.follow(main),
            None => return,
        };
        if let Err(e) = result {
            self.set = None;
            self.error = Some(e);
        }
    }

    /// The preset shown, if any.
    pub fn preset_id(&self) -> Option<&'static str> {
        self.picked.map(|p| p.id)
    }

    /// Why the preset's lanes are not shown, if they are not.
    pub fn error(&self) -> Option<&ExploreError> {
        self.error.as_ref()
    }

    /// Every lane's view of partition `selected` (none without lanes).
    pub fn views(&self, selected: usize) -> Vec<LaneView> {
        self.set
            .as_ref()
            .map_or_else(Vec::new, |s| s.views(selected))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::scenarios;

    fn main_lab(id: &str) -> Lab {
        Lab::open(Run::from_json(&scenarios::cached(id).unwrap()).unwrap())
    }

    fn acks() -> Preset {
        lanes::preset("acks").unwrap()
    }

    #[test]
    fn a_fault_applied_by_hand_lands_in_every_lane_at_the_same_time() {
        let mut main = main_lab("default");
        let mut set = LaneSet::open(acks(), &main).unwrap();
        main.travel_to(4_321);
        set.follow(&main).unwrap();
        main.apply(Action::Crash { broker: 1 }).unwrap();
        set.follow(&main).unwrap();
        assert_eq!(set.sims().len(), 3);
        for sim in set.sims() {
            assert_eq!(sim.now(), main.run.now());
            assert_eq!(sim.applied_actions(), main.run.sim().applied_actions());
            assert_eq!(sim.applied_actions()[0].0, 4_321);
        }
        // Playing on: the lanes keep the main clock, the crashed broker stays down in each.
        main.travel_to(9_000);
        set.follow(&main).unwrap();
        for sim in set.sims() {
            assert_eq!(sim.now(), 9_000);
            let b1 = sim
                .view()
                .brokers
                .iter()
                .find(|b| b.id == 1)
                .unwrap()
                .status;
            assert_eq!(b1, isrlab_sim::view::BrokerStatus::Down);
        }
    }

    #[test]
    fn scrubbing_back_and_forth_keeps_the_lanes_in_step_with_their_actions() {
        let mut main = main_lab("default");
        main.travel_to(3_000);
        main.apply(Action::Crash { broker: 2 }).unwrap();
        let mut set = LaneSet::open(acks(), &main).unwrap();
        main.travel_to(8_000);
        set.follow(&main).unwrap();
        let at_8s: Vec<u64> = set.sims().iter().map(|s| s.trace_hash()).collect();
        for t in [1_000, 5_500, 2_999, 8_000] {
            main.travel_to(t);
            set.follow(&main).unwrap();
            for sim in set.sims() {
                assert_eq!(sim.now(), t);
                assert_eq!(sim.applied_actions().len(), usize::from(t >= 3_000));
            }
        }
        let again: Vec<u64> = set.sims().iter().map(|s| s.trace_hash()).collect();
        assert_eq!(at_8s, again, "back at 8 s each lane is where it was");
    }

    #[test]
    fn lanes_open_on_every_built_in_scenario_and_follow_it_forward() {
        for entry in scenarios::INDEX {
            let mut main = main_lab(entry.id);
            let mut lanes = Lanes::default();
            lanes.pick(Some("acks"), &main);
            assert_eq!(lanes.error(), None, "{}", entry.id);
            main.travel_to(main.run.now() + 1_500);
            lanes.follow(&main);
            let views = lanes.views(0);
            assert_eq!(views.len(), 3, "{}", entry.id);
            assert!(
                views.iter().all(|v| v.now_ms == main.run.now()),
                "{}",
                entry.id
            );
        }
    }

    #[test]
    fn a_reset_or_a_new_configuration_rebuilds_the_lanes() {
        let mut main = main_lab("default");
        main.travel_to(3_000);
        main.apply(Action::Crash { broker: 2 }).unwrap();
        let mut set = LaneSet::open(lanes::preset("min-isr").unwrap(), &main).unwrap();
        main.reset();
        set.follow(&main).unwrap();
        main.travel_to(5_000);
        set.follow(&main).unwrap();
        assert!(set.sims().iter().all(|s| s.applied_actions().is_empty()));
        let mut other = main_lab("acks1-leader-dies");
        other.travel_to(5_000);
        set.follow(&other).unwrap();
        let views = set.views(0);
        assert_eq!(views.len(), 2);
        assert_eq!(views[0].partition.as_ref().unwrap().tp.topic, "orders");
    }
}
