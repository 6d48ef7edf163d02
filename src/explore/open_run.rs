//! A sweep's losing run opened in the lab: the grid point's scenario with the run's
//! seed, its faults (and each broker's recovery) applied as recorded user actions at
//! their times, and the clock put just before the first fault so Play shows it happen.

use crate::lab::Lab;
use crate::run::Run;
use isrlab_explore::Replay;
use isrlab_sim::{Scenario, TimeMs};

/// The lab on `scenario` (a grid point's) replaying `replay`.
pub fn open_losing_run(scenario: &Scenario, replay: &Replay) -> Result<Lab, String> {
    let mut s = scenario.clone();
    s.seed = replay.seed;
    let run = Run::new(s)?;
    let mut lab = Lab::open(run.clone());
    let mut steps: Vec<(TimeMs, bool, usize)> = replay
        .faults
        .iter()
        .enumerate()
        .flat_map(|(i, f)| [(f.at_ms, true, i), (f.recovered_at_ms, false, i)])
        .collect();
    steps.sort_by_key(|&(t, strike, i)| (t, !strike, i));
    if steps.first().is_some_and(|s| s.0 < lab.run.now()) {
        // A fault before the cluster finished booting: start from time zero instead.
        lab = Lab::new(run);
    }
    for (t, strike, i) in steps {
        let f = &replay.faults[i];
        lab.travel_to(t);
        let sim = lab.run.sim();
        let actions = if strike {
            f.fault.actions(sim, f.broker)
        } else {
            f.fault.recovery(sim, f.broker)
        };
        for a in actions {
            // The sweep applied only what the core accepted, in the same state: the
            // same actions are accepted here; a refusal would be a bug worth showing.
            lab.apply(a)?;
        }
    }
    let first = replay.faults.first().map_or(0, |f| f.at_ms);
    lab.travel_to(first.saturating_sub(1));
    Ok(lab)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use isrlab_explore::{run_sweep, FaultModel, Grid, SweepSpec};

    /// The losing run a sweep names, opened in the lab and played to its end, loses
    /// as many messages believed written as the sweep's replay of it does.
    #[test]
    fn a_losing_run_opens_in_the_lab_and_loses_there() {
        let text = include_str!("../../crates/explore/scenarios/sweep-leader-crash.json");
        let scenario = Scenario::from_json(text).unwrap();
        let spec = SweepSpec {
            scenario: scenario.clone(),
            grid: Grid::default(),
            faults: FaultModel::parse("crash-leader uniform 0..2000ms").unwrap(),
            runs: 300,
            seed: 9,
        };
        let results = run_sweep(&spec).unwrap();
        let replay = results[0]
            .losing_run
            .clone()
            .expect("acks=1 loses in 300 runs");
        let mut lab = open_losing_run(&scenario, &replay).unwrap();
        let at = replay.faults[0].at_ms;
        assert!(lab.run.now() < at && lab.user_actions() >= 2, "{replay:?}");
        lab.travel_to(lab.run.end_ms());
        let lost_in_lab = isrlab_explore::written::written_and_lost_count(lab.run.sim());
        let replayed = isrlab_explore::sweep::replay_run(&scenario, &replay).unwrap();
        let lost = isrlab_explore::written::written_and_lost_count(&replayed);
        assert!(lost > 0);
        assert_eq!(lost_in_lab, lost);
    }
}
