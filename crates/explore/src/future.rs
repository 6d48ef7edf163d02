//! A what-if's future as a run to watch: the fork with the fault applied, whose broker
//! is brought back after its session timeout as [`crate::what_if`] does. It can be
//! played forward and sought back (by re-forking), for the lab's "show me" preview.

use crate::fault::{apply_accepted, Fault};
use isrlab_sim::{BrokerId, Sim, TimeMs};

/// A forked run with one fault applied at its start.
#[derive(Clone, Debug)]
pub struct Future {
    start: Sim,
    sim: Sim,
    broker: BrokerId,
    fault: Fault,
    recovered_at_ms: TimeMs,
    recovered: bool,
}

impl Future {
    /// Forks `sim` and applies `fault` to `broker` now; `None` when the core refuses it.
    /// `record`: whether the fork keeps events (a preview shows them; a what-if does not).
    pub fn fork(sim: &Sim, broker: BrokerId, fault: Fault, record: bool) -> Option<Future> {
        let mut start = sim.clone();
        if !record {
            start.stop_recording();
        }
        if apply_accepted(&mut start, fault.actions(sim, broker)) == 0 {
            return None;
        }
        let timeout = sim.broker_config().zookeeper_session_timeout_ms;
        Some(Future {
            sim: start.clone(),
            start,
            broker,
            fault,
            recovered_at_ms: sim.now().saturating_add(fault.recovery_after(timeout)),
            recovered: false,
        })
    }

    /// The fork as it is now.
    pub fn sim(&self) -> &Sim {
        &self.sim
    }

    /// The fork, to run further by hand (after [`Future::seek`] past the recovery).
    pub fn into_sim(self) -> Sim {
        self.sim
    }

    /// When the fault was applied.
    pub fn start_ms(&self) -> TimeMs {
        self.start.now()
    }

    /// When the broker is brought back.
    pub fn recovered_at_ms(&self) -> TimeMs {
        self.recovered_at_ms
    }

    /// Plays (or, backwards, replays from the fault) to virtual time `t`, bringing the
    /// broker back when `t` passes its recovery time.
    pub fn seek(&mut self, t: TimeMs) {
        if t < self.sim.now() {
            self.sim = self.start.clone();
            self.recovered = false;
        }
        if !self.recovered && t >= self.recovered_at_ms {
            self.sim.run_until(self.recovered_at_ms);
            let recovery = self.fault.recovery(&self.sim, self.broker);
            apply_accepted(&mut self.sim, recovery);
            self.recovered = true;
        }
        self.sim.run_until(t);
    }
}
