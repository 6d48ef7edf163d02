//! A bounded series of metric snapshots over a run, with the marks of what moved them:
//! one snapshot every `interval` of virtual time, and once [`MAX_SAMPLES`] are held every
//! other one is dropped and the interval doubled, so an hour's run keeps between half and
//! all of `MAX_SAMPLES`. Charts and `isrlab run --metrics` read it.

use super::observer::Mark;
use super::Metrics;
use crate::ids::TimeMs;
use crate::sim::Sim;

/// Most snapshots kept.
pub const MAX_SAMPLES: usize = 600;
/// Most marks kept (the oldest go first).
pub const MAX_MARKS: usize = 1_000;
/// The first interval between snapshots.
pub const FIRST_INTERVAL_MS: TimeMs = 250;

/// Snapshots and marks up to the last recorded time.
#[derive(Clone, Debug, PartialEq)]
pub struct History {
    samples: Vec<Metrics>,
    marks: Vec<Mark>,
    marks_seen: usize,
    interval: TimeMs,
}

impl Default for History {
    fn default() -> Self {
        History {
            samples: Vec::new(),
            marks: Vec::new(),
            marks_seen: 0,
            interval: FIRST_INTERVAL_MS,
        }
    }
}

impl History {
    /// The virtual time of the next snapshot [`History::record`] takes.
    pub fn next_at(&self) -> TimeMs {
        self.samples
            .last()
            .map_or(0, |s| s.time_ms.saturating_add(self.interval))
    }

    /// Copies the marks the run recorded since the last call and, if the next snapshot
    /// is due, takes it. Returns whether it took one.
    pub fn record(&mut self, sim: &Sim) -> bool {
        let marks = sim.metric_marks();
        let from = self.marks_seen.max(marks.front());
        if from < marks.len() {
            self.marks.extend(marks.range(from, marks.len()).cloned());
            self.marks_seen = marks.len();
        }
        if self.marks.len() > MAX_MARKS {
            self.marks.drain(..self.marks.len() - MAX_MARKS);
        }
        if !self.samples.is_empty() && sim.now() < self.next_at() {
            return false;
        }
        self.samples.push(sim.metrics());
        if self.samples.len() > MAX_SAMPLES {
            let mut keep = false;
            self.samples.retain(|_| {
                keep = !keep;
                keep
            });
            self.interval *= 2;
        }
        true
    }

    /// Forgets what came after `t`, which a new branch of the run replaces; `sim` is that
    /// branch at `t`. The marks copied from the run's window are taken again from it (the
    /// branch shares the run's marks before `t`, and adds its own at `t`).
    pub fn forget_after(&mut self, t: TimeMs, sim: &Sim) {
        self.samples.retain(|s| s.time_ms <= t);
        let marks = sim.metric_marks();
        let in_window = self.marks_seen.saturating_sub(marks.front());
        self.marks
            .truncate(self.marks.len().saturating_sub(in_window));
        self.marks_seen = marks.front().min(self.marks_seen);
        self.record(sim);
    }

    /// The snapshots, in time order.
    pub fn samples(&self) -> &[Metrics] {
        &self.samples
    }

    /// The marks, in time order.
    pub fn marks(&self) -> &[Mark] {
        &self.marks
    }
}
