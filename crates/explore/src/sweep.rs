//! Sweeps: a scenario run many times per grid point under a fault model; per point the
//! loss probability (95% Wilson interval), the expected messages lost, and one losing run
//! to replay. Each run's seed derives from (base seed, point, run), so results do not
//! depend on the thread count or the order the runs finish in.

use crate::fault::{apply_accepted, Fault};
use crate::fault_model::{resolve, Draw, FaultModel};
use crate::grid::{label, scenario_at, Grid, Point};
use crate::stats::{wilson, Proportion};
use crate::written::written_and_lost_count;
use isrlab_sim::rng::SimRng;
use isrlab_sim::{BrokerId, Scenario, Sim, TimeMs};
use serde::Serialize;
use std::collections::BTreeMap;

/// Most runs per point.
pub const MAX_RUNS: u64 = 100_000;
/// Most runs in a whole sweep (points × runs).
pub const MAX_TOTAL_RUNS: u64 = 10_000_000;

/// What to sweep.
#[derive(Clone, Debug)]
pub struct SweepSpec {
    /// The scenario every point starts from (its own actions run as written).
    pub scenario: Scenario,
    /// The parameter grid.
    pub grid: Grid,
    /// What fails in each run.
    pub faults: FaultModel,
    /// Runs per point (1..=[`MAX_RUNS`]).
    pub runs: u64,
    /// The base seed.
    pub seed: u64,
}

/// A fault as applied in a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AppliedFault {
    /// When.
    pub at_ms: TimeMs,
    /// What.
    pub fault: Fault,
    /// Whom.
    pub broker: BrokerId,
    /// When the broker was brought back.
    pub recovered_at_ms: TimeMs,
}

/// Everything needed to replay one run: the point's scenario with this seed, then these faults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Replay {
    /// The scenario's id.
    pub scenario: String,
    /// The run's seed (the scenario's `seed` for this run).
    pub seed: u64,
    /// The faults, in time order.
    pub faults: Vec<AppliedFault>,
}

/// One grid point's results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PointResult {
    /// The point, as `acks=1 min.insync.replicas=2`.
    pub point: String,
    /// Runs made.
    pub runs: u64,
    /// Runs that lost at least one message the producer believed written.
    pub runs_with_loss: u64,
    /// `runs_with_loss / runs` with its 95% Wilson interval.
    pub loss_probability: Proportion,
    /// Mean number of such messages lost per run.
    pub expected_lost: f64,
    /// The lowest-numbered losing run, to replay.
    pub losing_run: Option<Replay>,
}

/// The seed of run `run` at point `point`: SplitMix64 steps over the three numbers.
pub fn run_seed(base: u64, point: u64, run: u64) -> u64 {
    mix(mix(mix(base) ^ point) ^ run)
}

/// SplitMix64's finaliser (Steele, Lea, Flood 2014).
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Checks the spec and runs it; `Err` names the bad input.
pub fn run_sweep(spec: &SweepSpec) -> Result<Vec<PointResult>, String> {
    if spec.runs == 0 || spec.runs > MAX_RUNS {
        return Err(format!(
            "runs must be between 1 and {MAX_RUNS} per point, not {}",
            spec.runs
        ));
    }
    spec.faults.check(spec.scenario.cluster.brokers.len())?;
    let points = spec.grid.points();
    let total = (points.len() as u64).saturating_mul(spec.runs);
    if total > MAX_TOTAL_RUNS {
        return Err(format!(
            "{total} runs in all is more than the limit of {MAX_TOTAL_RUNS}"
        ));
    }
    let scenarios: Vec<Scenario> = points
        .iter()
        .map(|p| scenario_at(&spec.scenario, p))
        .collect::<Result<_, _>>()?;
    let outcomes = map_runs(total, |i| {
        let (point, run) = (i / spec.runs, i % spec.runs);
        run_once(
            &scenarios[point as usize],
            &spec.faults,
            run_seed(spec.seed, point, run),
        )
    });
    Ok(points
        .iter()
        .zip(outcomes.chunks(spec.runs as usize))
        .map(|(p, o)| summarise(p, o))
        .collect())
}

/// `f(0..n)` in order, on every core with the `parallel` feature.
fn map_runs<T: Send>(n: u64, f: impl Fn(u64) -> T + Sync + Send) -> Vec<T> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        (0..n).into_par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        (0..n).map(f).collect()
    }
}

/// One run's result (the replay only for a losing run).
#[derive(Clone, Debug)]
struct Outcome {
    lost: u64,
    replay: Option<Replay>,
}

fn summarise(point: &Point, outcomes: &[Outcome]) -> PointResult {
    let runs = outcomes.len() as u64;
    let losing = outcomes.iter().filter(|o| o.lost > 0);
    let runs_with_loss = losing.clone().count() as u64;
    let lost_total: u64 = outcomes.iter().map(|o| o.lost).sum();
    PointResult {
        point: label(point),
        runs,
        runs_with_loss,
        loss_probability: wilson(runs_with_loss, runs),
        expected_lost: lost_total as f64 / runs.max(1) as f64,
        losing_run: losing.filter_map(|o| o.replay.clone()).next(),
    }
}

/// Runs `scenario` with `seed` under the faults `model` draws for it, to the scenario's end.
fn run_once(scenario: &Scenario, model: &FaultModel, seed: u64) -> Outcome {
    let mut rng = SimRng::new(mix(seed ^ 0xFA01_7D12));
    let draws = model.draw(&mut rng, scenario.cluster.brokers.len() as u32);
    let mut sim = Sim::with_seed(scenario, seed).expect("checked by scenario_at");
    sim.stop_recording();
    let faults = replay_faults(&mut sim, &scenario.cluster.brokers, &draws);
    sim.run_until(sim.end_ms());
    let lost = written_and_lost_count(&sim);
    let replay = (lost > 0).then(|| Replay {
        scenario: scenario.id.clone(),
        seed,
        faults,
    });
    Outcome { lost, replay }
}

/// A step of a run's fault schedule.
#[derive(Clone, Copy, Debug)]
enum Step {
    Strike(Draw),
    Recover(Fault, BrokerId),
}

/// Applies `draws` (and each broker's recovery after its session timeout) at their times;
/// returns the faults the core accepted.
fn replay_faults(sim: &mut Sim, brokers: &[BrokerId], draws: &[Draw]) -> Vec<AppliedFault> {
    let timeout = sim.broker_config().zookeeper_session_timeout_ms;
    let mut queue: BTreeMap<(TimeMs, usize), Step> = draws
        .iter()
        .enumerate()
        .map(|(i, d)| ((d.at_ms, i), Step::Strike(*d)))
        .collect();
    let mut applied = Vec::new();
    let mut seq = draws.len();
    while let Some(((at, _), step)) = queue.pop_first() {
        sim.run_until(at);
        match step {
            Step::Strike(d) => {
                let leader = || sim.view().partitions.first().and_then(|p| p.leader);
                let leader = matches!(d.target, crate::fault_model::Target::Leader)
                    .then(leader)
                    .flatten();
                let Some(broker) = resolve(d.target, leader, brokers) else {
                    continue;
                };
                let actions = d.fault.actions(sim, broker);
                if apply_accepted(sim, actions) == 0 {
                    continue;
                }
                let back = at.saturating_add(d.fault.recovery_after(timeout));
                queue.insert((back, seq), Step::Recover(d.fault, broker));
                seq += 1;
                applied.push(AppliedFault {
                    at_ms: at,
                    fault: d.fault,
                    broker,
                    recovered_at_ms: back,
                });
            }
            Step::Recover(fault, broker) => {
                let recovery = fault.recovery(sim, broker);
                apply_accepted(sim, recovery);
            }
        }
    }
    applied
}

/// Rebuilds a losing run from its replay on the point's scenario (for `isrlab` and tests).
pub fn replay_run(scenario: &Scenario, replay: &Replay) -> Result<Sim, String> {
    let mut s = scenario.clone();
    s.seed = replay.seed;
    let mut sim = Sim::new(&s).map_err(|e| e.to_string())?;
    let mut steps: Vec<(TimeMs, bool, &AppliedFault)> = replay
        .faults
        .iter()
        .flat_map(|f| [(f.at_ms, true, f), (f.recovered_at_ms, false, f)])
        .collect();
    steps.sort_by_key(|(t, _, _)| *t);
    for (t, strike, f) in steps {
        sim.run_until(t);
        let actions = if strike {
            f.fault.actions(&sim, f.broker)
        } else {
            f.fault.recovery(&sim, f.broker)
        };
        apply_accepted(&mut sim, actions);
    }
    sim.run_until(sim.end_ms());
    Ok(sim)
}
