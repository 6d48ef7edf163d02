//! Sweeps: a scenario run many times per grid point under a fault model; per point the
//! loss probability (95% Wilson interval), the expected messages lost, and one losing run
//! to replay. Each run's seed derives from (base seed, point, run), so results do not
//! depend on the thread count or the order the runs finish in.

use crate::error::ExploreError;
use crate::fault::{apply_accepted, Fault};
use crate::fault_model::{resolve, Draw, FaultModel};
use crate::grid::{label, scenario_at, Grid, Point};
use crate::stats::{wilson, Proportion};
use crate::written::written_and_lost_count;
use isrlab_sim::rng::SimRng;
use isrlab_sim::{BrokerId, Scenario, Sim, TimeMs};
use serde::{Deserialize, Serialize};
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Its 95% interval (normal approximation, clamped at 0).
    pub expected_lost_ci: (f64, f64),
    /// The lowest-numbered losing run, to replay.
    pub losing_run: Option<Replay>,
    /// Loss against the time of the run's first fault, in [`TIME_BINS`] bins of the window.
    pub by_time: Vec<TimeBin>,
}

/// The runs of a point whose first fault fell in `from_ms..=to_ms`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeBin {
    /// First time of the bin.
    pub from_ms: TimeMs,
    /// Last time of the bin.
    pub to_ms: TimeMs,
    /// Runs.
    pub runs: u64,
    /// Runs that lost.
    pub runs_with_loss: u64,
    /// `runs_with_loss / runs` with its 95% Wilson interval.
    pub loss_probability: Proportion,
    /// The bin's lowest-numbered losing run.
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

/// How many bins of the fault window the loss-against-crash-time chart has.
pub const TIME_BINS: usize = 20;

/// A checked sweep: its points and their scenarios. Runs can be made in blocks (a
/// browser worker's share) and their [`Tally`]s merged: the results are the same
/// however the runs are split.
#[derive(Clone, Debug)]
pub struct Plan {
    spec: SweepSpec,
    points: Vec<Point>,
    scenarios: Vec<Scenario>,
}

impl Plan {
    /// Checks the spec; `Err` names the bad input.
    pub fn new(spec: SweepSpec) -> Result<Plan, ExploreError> {
        if spec.runs == 0 || spec.runs > MAX_RUNS {
            return Err(ExploreError::Runs {
                runs: spec.runs,
                max: MAX_RUNS,
            });
        }
        spec.faults.check(spec.scenario.cluster.brokers.len())?;
        let points = spec.grid.points();
        let total = (points.len() as u64).saturating_mul(spec.runs);
        if total > MAX_TOTAL_RUNS {
            return Err(ExploreError::TooManyRuns {
                total,
                max: MAX_TOTAL_RUNS,
            });
        }
        let scenarios = points
            .iter()
            .map(|p| scenario_at(&spec.scenario, p))
            .collect::<Result<_, _>>()?;
        Ok(Plan {
            spec,
            points,
            scenarios,
        })
    }

    /// The spec.
    pub fn spec(&self) -> &SweepSpec {
        &self.spec
    }

    /// How many grid points.
    pub fn point_count(&self) -> usize {
        self.points.len()
    }

    /// The scenario of point `point` (for replaying one of its runs).
    pub fn scenario(&self, point: usize) -> Option<&Scenario> {
        self.scenarios.get(point)
    }

    /// Runs `runs` (run numbers, clamped to the spec's runs per point) of `point`.
    pub fn run_block(&self, point: usize, runs: std::ops::Range<u64>) -> Tally {
        let mut tally = Tally::new(point);
        let Some(scenario) = self.scenarios.get(point) else {
            return tally;
        };
        let runs = runs.start.min(self.spec.runs)..runs.end.min(self.spec.runs);
        let window = self.spec.faults.window();
        let outcomes = map_runs(runs.start, runs.end, |run| {
            let seed = run_seed(self.spec.seed, point as u64, run);
            run_once(scenario, &self.spec.faults, seed)
        });
        for (run, o) in runs.zip(outcomes) {
            tally.add(run, &o, window);
        }
        tally
    }

    /// A point's results from its merged tally.
    pub fn result(&self, tally: &Tally) -> PointResult {
        let runs = tally.runs;
        let (from, to) = self.spec.faults.window();
        PointResult {
            point: self.points.get(tally.point).map_or_else(String::new, label),
            runs,
            runs_with_loss: tally.runs_with_loss,
            loss_probability: wilson(tally.runs_with_loss, runs),
            expected_lost: tally.lost_total as f64 / runs.max(1) as f64,
            expected_lost_ci: mean_interval(tally.lost_total, tally.lost_squares, runs),
            losing_run: tally.losing.as_ref().map(|(_, r)| r.clone()),
            by_time: tally
                .bins
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    let (lo, hi) = bin_bounds(from, to, i);
                    TimeBin {
                        from_ms: lo,
                        to_ms: hi,
                        runs: b.runs,
                        runs_with_loss: b.runs_with_loss,
                        loss_probability: wilson(b.runs_with_loss, b.runs),
                        losing_run: b.losing.as_ref().map(|(_, r)| r.clone()),
                    }
                })
                .collect(),
        }
    }
}

/// The counts of some runs of one point; [`Tally::merge`] adds another block's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    /// The grid point's index.
    pub point: usize,
    /// Runs counted.
    pub runs: u64,
    /// Of which lost at least one message believed written.
    pub runs_with_loss: u64,
    /// Messages believed written and lost, over all runs.
    pub lost_total: u64,
    /// The sum of each run's loss squared (for the interval of the mean).
    pub lost_squares: u64,
    /// The lowest-numbered losing run, with its number.
    pub losing: Option<(u64, Replay)>,
    /// The same per bin of the first fault's time in the window.
    pub bins: Vec<BinTally>,
}

/// A [`Tally`]'s counts for one bin of fault times.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BinTally {
    /// Runs whose first fault fell in the bin.
    pub runs: u64,
    /// Of which lost.
    pub runs_with_loss: u64,
    /// The lowest-numbered losing run of the bin.
    pub losing: Option<(u64, Replay)>,
}

impl Tally {
    /// No runs yet of `point`.
    pub fn new(point: usize) -> Tally {
        Tally {
            point,
            runs: 0,
            runs_with_loss: 0,
            lost_total: 0,
            lost_squares: 0,
            losing: None,
            bins: vec![BinTally::default(); TIME_BINS],
        }
    }

    fn add(&mut self, run: u64, o: &Outcome, (from, to): (TimeMs, TimeMs)) {
        let bin = &mut self.bins[bin_of(from, to, o.first_at_ms)];
        self.runs += 1;
        bin.runs += 1;
        self.lost_total += o.lost;
        self.lost_squares += o.lost * o.lost;
        if let Some(replay) = &o.replay {
            self.runs_with_loss += 1;
            bin.runs_with_loss += 1;
            keep_lowest(&mut self.losing, Some((run, replay.clone())));
            keep_lowest(&mut bin.losing, Some((run, replay.clone())));
        }
    }

    /// Adds another block of the same point (blocks must not overlap).
    pub fn merge(&mut self, other: Tally) {
        self.runs += other.runs;
        self.runs_with_loss += other.runs_with_loss;
        self.lost_total += other.lost_total;
        self.lost_squares += other.lost_squares;
        keep_lowest(&mut self.losing, other.losing);
        for (a, b) in self.bins.iter_mut().zip(other.bins) {
            a.runs += b.runs;
            a.runs_with_loss += b.runs_with_loss;
            keep_lowest(&mut a.losing, b.losing);
        }
    }
}

/// The 95% interval of a mean from the sum and the sum of squares of `n` values (normal
/// approximation with the sample variance; `(0, 0)` below two values), clamped at 0.
fn mean_interval(sum: u64, squares: u64, n: u64) -> (f64, f64) {
    if n < 2 {
        let m = sum as f64;
        return (m, m);
    }
    let (nf, mean) = (n as f64, sum as f64 / n as f64);
    let variance = ((squares as f64 - nf * mean * mean) / (nf - 1.0)).max(0.0);
    let half = crate::stats::Z95 * (variance / nf).sqrt();
    ((mean - half).max(0.0), mean + half)
}

/// Keeps in `slot` whichever losing run has the lower number.
fn keep_lowest(slot: &mut Option<(u64, Replay)>, other: Option<(u64, Replay)>) {
    if let Some(o) = other {
        if slot.as_ref().is_none_or(|(n, _)| o.0 < *n) {
            *slot = Some(o);
        }
    }
}

/// The bin of the window `from..=to` that time `t` falls in (clamped).
fn bin_of(from: TimeMs, to: TimeMs, t: TimeMs) -> usize {
    let span = (to - from).saturating_add(1);
    let i = (t.saturating_sub(from) as u128 * TIME_BINS as u128 / span as u128) as usize;
    i.min(TIME_BINS - 1)
}

/// The times `(first, last)` of bin `i` of the window `from..=to`.
fn bin_bounds(from: TimeMs, to: TimeMs, i: usize) -> (TimeMs, TimeMs) {
    let span = (to - from).saturating_add(1) as u128;
    let at = |k: usize| from + (k as u128 * span).div_ceil(TIME_BINS as u128) as TimeMs;
    (at(i), at(i + 1).saturating_sub(1).max(at(i)))
}

/// Checks the spec and runs it; `Err` names the bad input.
pub fn run_sweep(spec: &SweepSpec) -> Result<Vec<PointResult>, ExploreError> {
    let plan = Plan::new(spec.clone())?;
    Ok((0..plan.point_count())
        .map(|p| plan.result(&plan.run_block(p, 0..spec.runs)))
        .collect())
}

/// `f(from..to)` in order, on every core with the `parallel` feature.
fn map_runs<T: Send>(from: u64, to: u64, f: impl Fn(u64) -> T + Sync + Send) -> Vec<T> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        (from..to).into_par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        (from..to).map(f).collect()
    }
}

/// One run's result (the replay only for a losing run).
#[derive(Clone, Debug)]
struct Outcome {
    lost: u64,
    first_at_ms: TimeMs,
    replay: Option<Replay>,
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
    Outcome {
        lost,
        first_at_ms: draws.first().map_or(model.window().0, |d| d.at_ms),
        replay,
    }
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
