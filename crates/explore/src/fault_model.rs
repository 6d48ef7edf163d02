//! A sweep's fault model, parsed from text such as `crash-leader uniform 0..2000ms`, and
//! the faults it draws for one run.

use crate::error::ExploreError;
use crate::fault::Fault;
use isrlab_sim::rng::SimRng;
use isrlab_sim::{BrokerId, TimeMs};

/// Longest fault window, in ms (one hour of virtual time).
pub const MAX_WINDOW_MS: TimeMs = 3_600_000;
/// Highest rate of `random-crashes`, per second.
const MAX_RATE_MILLI_PER_S: u64 = 100_000;

/// What fails, and when, in each run of a sweep.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultModel {
    /// `crash-leader uniform A..Bms`: the first partition's leader crashes at a uniform time.
    CrashLeader { from: TimeMs, to: TimeMs },
    /// `pause-leader uniform A..Bms`: the leader pauses past its session timeout.
    PauseLeader { from: TimeMs, to: TimeMs },
    /// `power-loss N uniform A..Bms`: `brokers` distinct random brokers lose power at once.
    PowerLoss {
        brokers: u32,
        from: TimeMs,
        to: TimeMs,
    },
    /// `random-crashes R/s A..Bms`: each ms of the window a random broker crashes with
    /// probability R/1000 (`rate_milli` is R × 1000).
    RandomCrashes {
        rate_milli: u64,
        from: TimeMs,
        to: TimeMs,
    },
}

/// Which broker a drawn fault hits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The leader of the scenario's first partition at that time.
    Leader,
    /// The broker at this index of the scenario's broker list.
    Index(u32),
}

/// One fault drawn for a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Draw {
    /// When it strikes.
    pub at_ms: TimeMs,
    /// What.
    pub fault: Fault,
    /// Whom.
    pub target: Target,
}

impl FaultModel {
    /// Parses a fault model; the error says what was expected.
    pub fn parse(text: &str) -> Result<FaultModel, ExploreError> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let text = || text.to_string();
        let window = |w: &str| window(w, &text());
        match words.as_slice() {
            ["crash-leader", "uniform", w] => {
                window(w).map(|(from, to)| FaultModel::CrashLeader { from, to })
            }
            ["pause-leader", "uniform", w] => {
                window(w).map(|(from, to)| FaultModel::PauseLeader { from, to })
            }
            ["power-loss", n, "uniform", w] => {
                let brokers: u32 = n
                    .parse()
                    .ok()
                    .filter(|&n| n >= 1)
                    .ok_or_else(|| ExploreError::FaultBrokers { text: text() })?;
                window(w).map(|(from, to)| FaultModel::PowerLoss { brokers, from, to })
            }
            ["random-crashes", r, w] => {
                let rate_milli = rate(r).ok_or_else(|| ExploreError::FaultRate { text: text() })?;
                window(w).map(|(from, to)| FaultModel::RandomCrashes {
                    rate_milli,
                    from,
                    to,
                })
            }
            _ => Err(ExploreError::FaultSyntax { text: text() }),
        }
    }

    /// The fault window `(from, to)`.
    pub fn window(&self) -> (TimeMs, TimeMs) {
        match *self {
            FaultModel::CrashLeader { from, to }
            | FaultModel::PauseLeader { from, to }
            | FaultModel::PowerLoss { from, to, .. }
            | FaultModel::RandomCrashes { from, to, .. } => (from, to),
        }
    }

    /// Checks the model against a cluster of `n_brokers`.
    pub fn check(&self, n_brokers: usize) -> Result<(), ExploreError> {
        match *self {
            FaultModel::PowerLoss { brokers, .. } if brokers as usize > n_brokers => {
                Err(ExploreError::PowerLossTooMany {
                    brokers,
                    cluster: n_brokers,
                })
            }
            _ => Ok(()),
        }
    }

    /// The faults of one run, in time order, drawn from `rng` for a cluster of `n_brokers`.
    pub fn draw(&self, rng: &mut SimRng, n_brokers: u32) -> Vec<Draw> {
        let (from, to) = self.window();
        let uniform = |rng: &mut SimRng| from + rng.up_to((to - from) as u32) as TimeMs;
        match *self {
            FaultModel::CrashLeader { .. } => {
                vec![Draw {
                    at_ms: uniform(rng),
                    fault: Fault::Crash,
                    target: Target::Leader,
                }]
            }
            FaultModel::PauseLeader { .. } => {
                vec![Draw {
                    at_ms: uniform(rng),
                    fault: Fault::Pause,
                    target: Target::Leader,
                }]
            }
            FaultModel::PowerLoss { brokers, .. } => {
                let at_ms = uniform(rng);
                let mut pool: Vec<u32> = (0..n_brokers).collect();
                (0..brokers)
                    .map(|_| {
                        let i = rng.below(pool.len() as u32) as usize;
                        Draw {
                            at_ms,
                            fault: Fault::PowerLoss,
                            target: Target::Index(pool.swap_remove(i)),
                        }
                    })
                    .collect()
            }
            FaultModel::RandomCrashes { rate_milli, .. } => {
                let mut draws = Vec::new();
                for at_ms in from..=to {
                    if (rng.below(1_000_000) as u64) < rate_milli {
                        let target = Target::Index(rng.below(n_brokers));
                        draws.push(Draw {
                            at_ms,
                            fault: Fault::Crash,
                            target,
                        });
                    }
                }
                draws
            }
        }
    }
}

/// A broker a draw hits, resolved at its time (`None`: no leader to hit).
pub fn resolve(target: Target, leader: Option<BrokerId>, brokers: &[BrokerId]) -> Option<BrokerId> {
    match target {
        Target::Leader => leader,
        Target::Index(i) => brokers.get(i as usize).copied(),
    }
}

/// `A..Bms` with A ≤ B ≤ [`MAX_WINDOW_MS`], in the model `text`.
fn window(w: &str, text: &str) -> Result<(TimeMs, TimeMs), ExploreError> {
    let expected = || ExploreError::FaultWindowSyntax {
        text: text.to_string(),
        window: w.to_string(),
    };
    let (a, b) = w
        .strip_suffix("ms")
        .and_then(|w| w.split_once(".."))
        .ok_or_else(expected)?;
    let (a, b): (TimeMs, TimeMs) = (
        a.parse().map_err(|_| expected())?,
        b.parse().map_err(|_| expected())?,
    );
    if a > b || b > MAX_WINDOW_MS {
        return Err(ExploreError::FaultWindowRange {
            text: text.to_string(),
            window: w.to_string(),
            max_ms: MAX_WINDOW_MS,
        });
    }
    Ok((a, b))
}

/// `R/s` as thousandths per second, 0 < R ≤ 100.
fn rate(r: &str) -> Option<u64> {
    let r = r.strip_suffix("/s")?;
    let (whole, frac) = r.split_once('.').unwrap_or((r, ""));
    if frac.len() > 3 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let milli = whole.parse::<u64>().ok()?.checked_mul(1000)?
        + format!("{frac:0<3}").parse::<u64>().ok()?;
    (milli > 0 && milli <= MAX_RATE_MILLI_PER_S).then_some(milli)
}
