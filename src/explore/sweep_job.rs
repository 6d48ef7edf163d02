//! A sweep run in the browser: the messages between the page and its workers (JSON
//! text), a worker's side (build the plan once, run the blocks it is sent), and the
//! page's side (hand out blocks of runs, merge the tallies, report progress). Blocks
//! merge into exactly the results `isrlab sweep` prints for the same seeds.

use isrlab_explore::{ExploreError, FaultModel, Grid, Plan, PointResult, SweepSpec, Tally};
use isrlab_sim::Scenario;
use serde::{Deserialize, Serialize};

/// Runs per block sent to a worker: small enough for progress and cancel to be prompt
/// (a block takes well under a second), large enough that messages cost nothing.
pub const BLOCK_RUNS: u64 = 200;

/// What the user asked for, as the CLI's arguments would say it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobSpec {
    /// Distinguishes a sweep's messages from a cancelled one's.
    pub job: u64,
    /// The scenario file's text.
    pub scenario: String,
    /// `NAME=V1,V2` axes, as `--grid` takes them.
    pub grid: Vec<String>,
    /// The fault model, as `--fault` takes it.
    pub fault: String,
    /// Runs per point.
    pub runs: u64,
    /// Base seed (`--seed`; the scenario's own when `None`).
    pub seed: Option<u64>,
}

impl JobSpec {
    /// Parses and checks the spec into a plan; `Err` says what is wrong.
    pub fn plan(&self) -> Result<Plan, ExploreError> {
        let scenario =
            Scenario::from_json(&self.scenario).map_err(|e| ExploreError::ScenarioRefused {
                reason: e.to_string(),
            })?;
        let mut grid = Grid::default();
        for axis in self.grid.iter().filter(|a| !a.trim().is_empty()) {
            grid.add(axis)?;
        }
        let seed = self.seed.unwrap_or(scenario.seed);
        Plan::new(SweepSpec {
            scenario,
            grid,
            faults: FaultModel::parse(&self.fault)?,
            runs: self.runs,
            seed,
        })
    }
}

/// A message from the page to a worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToWorker {
    /// The sweep the next blocks belong to.
    Plan(JobSpec),
    /// Run `from..to` of point `point`.
    Block {
        /// The sweep.
        job: u64,
        /// The grid point.
        point: usize,
        /// First run number.
        from: u64,
        /// One past the last.
        to: u64,
    },
}

/// A message from a worker to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker's wasm is loaded: it can take messages.
    Ready,
    /// A block's tally.
    Done {
        /// The sweep.
        job: u64,
        /// The counts.
        tally: Tally,
    },
    /// The plan or a block could not be run.
    Failed {
        /// The sweep.
        job: u64,
        /// Why.
        error: WorkerFault,
    },
}

/// Why a worker could not run what the page sent it (said in the UI language by the page).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WorkerFault {
    /// The message was not one the worker reads (the decoder's words).
    BadMessage(String),
    /// The explorer refused the plan (its words; the page checks plans first, so this
    /// means the page and the worker disagree).
    PlanRefused(String),
    /// Runs were sent before their sweep's plan.
    BlockBeforePlan,
}

/// Why a browser sweep stopped before its end.
#[derive(Clone, Debug, PartialEq)]
pub enum SweepStop {
    /// A worker could not run what it was sent.
    Worker(WorkerFault),
    /// A worker's reply could not be read (the decoder's words).
    BadReply(String),
    /// A reply named a grid point the sweep does not have.
    UnknownPoint(usize),
    /// The browser did not start a worker (its words).
    WorkerStart(String),
    /// Sweeps run in workers, which only a browser has.
    NoBrowser,
}

/// A worker's state: the plan of the sweep it is working for.
#[derive(Default)]
pub struct Worker {
    plan: Option<(u64, Plan)>,
}

impl Worker {
    /// Handles one message (JSON text); returns the reply to post, if any.
    pub fn handle(&mut self, text: &str) -> Option<String> {
        let reply = match serde_json::from_str::<ToWorker>(text) {
            Err(e) => FromWorker::Failed {
                job: 0,
                error: WorkerFault::BadMessage(e.to_string()),
            },
            Ok(ToWorker::Plan(spec)) => match spec.plan() {
                Ok(plan) => {
                    self.plan = Some((spec.job, plan));
                    return None;
                }
                Err(error) => FromWorker::Failed {
                    job: spec.job,
                    error: WorkerFault::PlanRefused(error.to_string()),
                },
            },
            Ok(ToWorker::Block {
                job,
                point,
                from,
                to,
            }) => match &self.plan {
                Some((j, plan)) if *j == job => FromWorker::Done {
                    job,
                    tally: plan.run_block(point, from..to),
                },
                _ => FromWorker::Failed {
                    job,
                    error: WorkerFault::BlockBeforePlan,
                },
            },
        };
        serde_json::to_string(&reply).ok()
    }
}

/// The page's side of a sweep: which blocks are still to hand out, and the merged tallies.
pub struct Sweep {
    spec: JobSpec,
    plan: Plan,
    next: (usize, u64),
    tallies: Vec<Tally>,
    done_runs: u64,
}

impl Sweep {
    /// Checks the spec; `Err` says what is wrong (shown to the user).
    pub fn new(spec: JobSpec) -> Result<Sweep, ExploreError> {
        let plan = spec.plan()?;
        let tallies = (0..plan.point_count()).map(Tally::new).collect();
        Ok(Sweep {
            spec,
            plan,
            next: (0, 0),
            tallies,
            done_runs: 0,
        })
    }

    /// The message that gives a worker this sweep's plan.
    pub fn plan_message(&self) -> String {
        serde_json::to_string(&ToWorker::Plan(self.spec.clone())).unwrap_or_default()
    }

    /// The next block to hand out, as a message; `None` once every block is out.
    pub fn next_block(&mut self) -> Option<String> {
        let (point, from) = self.next;
        if point >= self.plan.point_count() {
            return None;
        }
        let runs = self.plan.spec().runs;
        let to = (from + BLOCK_RUNS).min(runs);
        self.next = if to >= runs {
            (point + 1, 0)
        } else {
            (point, to)
        };
        serde_json::to_string(&ToWorker::Block {
            job: self.spec.job,
            point,
            from,
            to,
        })
        .ok()
    }

    /// Takes a worker's reply (JSON text). `Ok(true)`: a block was counted; `Ok(false)`: a
    /// message of another sweep, or `Ready`; `Err`: the worker failed.
    pub fn receive(&mut self, text: &str) -> Result<bool, SweepStop> {
        let reply = serde_json::from_str::<FromWorker>(text)
            .map_err(|e| SweepStop::BadReply(e.to_string()))?;
        match reply {
            FromWorker::Done { job, tally } if job == self.spec.job => {
                let Some(t) = self.tallies.get_mut(tally.point) else {
                    return Err(SweepStop::UnknownPoint(tally.point));
                };
                self.done_runs += tally.runs;
                t.merge(tally);
                Ok(true)
            }
            FromWorker::Failed { job, error } if job == self.spec.job || job == 0 => {
                Err(SweepStop::Worker(error))
            }
            _ => Ok(false),
        }
    }

    /// Runs done and runs in all.
    pub fn progress(&self) -> (u64, u64) {
        let total = self.plan.point_count() as u64 * self.plan.spec().runs;
        (self.done_runs, total)
    }

    /// Whether every run is counted.
    pub fn finished(&self) -> bool {
        let (done, total) = self.progress();
        done >= total
    }

    /// The results per point (so far; complete once [`Sweep::finished`]).
    pub fn results(&self) -> Vec<PointResult> {
        self.tallies.iter().map(|t| self.plan.result(t)).collect()
    }

    /// The plan (its points' scenarios open a losing run in the lab).
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The spec it was started with.
    pub fn spec(&self) -> &JobSpec {
        &self.spec
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use isrlab_explore::run_sweep;

    fn spec(runs: u64) -> JobSpec {
        JobSpec {
            job: 3,
            scenario: include_str!("../../crates/explore/scenarios/sweep-leader-crash.json")
                .to_string(),
            grid: vec!["acks=0,1".into(), " ".into()],
            fault: "crash-leader uniform 0..2000ms".into(),
            runs,
            seed: Some(5),
        }
    }

    /// Two in-process "workers" take blocks in turns and answer out of order: the
    /// merged results equal `run_sweep` on the same spec (what `isrlab sweep` prints).
    #[test]
    fn blocks_through_the_worker_protocol_give_the_cli_results() {
        let mut sweep = Sweep::new(spec(450)).unwrap();
        let mut workers = [Worker::default(), Worker::default()];
        for w in &mut workers {
            assert_eq!(w.handle(&sweep.plan_message()), None);
        }
        let mut replies = Vec::new();
        let mut turn = 0;
        while let Some(block) = sweep.next_block() {
            replies.push(workers[turn % 2].handle(&block).unwrap());
            turn += 1;
        }
        assert_eq!(turn, 6, "3 blocks of ≤200 runs per point, 2 points");
        replies.reverse();
        for r in &replies {
            assert!(sweep.receive(r).unwrap());
        }
        assert!(sweep.finished());
        assert_eq!(sweep.progress(), (900, 900));
        let whole = run_sweep(sweep.plan().spec()).unwrap();
        assert_eq!(sweep.results(), whole);
        assert_eq!(
            isrlab_explore::csv::to_csv(&sweep.results()),
            isrlab_explore::csv::to_csv(&whole)
        );
    }

    #[test]
    fn bad_specs_and_messages_are_errors_not_panics() {
        let mut bad = spec(10);
        bad.fault = "crash-leader sometimes".into();
        assert!(Sweep::new(bad).is_err());
        let mut bad = spec(0);
        bad.grid = vec!["acks=7".into()];
        assert!(Sweep::new(bad).is_err());
        let mut w = Worker::default();
        let reply = w.handle("{not json").unwrap();
        assert!(reply.contains("BadMessage"));
        let block = r#"{"Block":{"job":3,"point":0,"from":0,"to":5}}"#;
        let mut sweep = Sweep::new(spec(10)).unwrap();
        let job = sweep.spec.job;
        let early = w.handle(&block.replace("\"job\":3", &format!("\"job\":{job}")));
        assert_eq!(
            sweep.receive(&early.unwrap()),
            Err(SweepStop::Worker(WorkerFault::BlockBeforePlan))
        );
        assert!(sweep.receive(r#""Ready""#) == Ok(false));
        assert!(matches!(
            sweep.receive("garbage"),
            Err(SweepStop::BadReply(_))
        ));
        let far = format!(r#"{{"Done":{{"job":{job},"tally":{}}}}}"#, {
            let mut t = serde_json::to_value(&sweep.tallies[0]).unwrap();
            t["point"] = 99.into();
            t
        });
        assert_eq!(sweep.receive(&far), Err(SweepStop::UnknownPoint(99)));
    }
}
