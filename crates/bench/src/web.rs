//! W1 for the browser: `scripts/bench-browser.mjs` loads this module (built by
//! wasm-bindgen) in headless Chromium, builds a run, then times [`W1Run::drive`] with
//! `performance.now()`, so building the cluster is left out as it is natively.

use crate::workload::Workload;
use isrlab_sim::Sim;
use wasm_bindgen::prelude::wasm_bindgen;

/// W1 at time 0, ready to be driven.
#[wasm_bindgen]
pub struct W1Run {
    workload: Workload,
    sim: Sim,
}

#[wasm_bindgen]
impl W1Run {
    /// W1 lasting `sim_ms` simulated milliseconds, built but not yet run.
    #[wasm_bindgen(constructor)]
    pub fn new(sim_ms: u32) -> W1Run {
        let workload = Workload::w1(u64::from(sim_ms));
        let sim = workload.start();
        W1Run { workload, sim }
    }

    /// Drives the run to `sim_ms` with W1's load; returns the core events processed.
    pub fn drive(&mut self, sim_ms: u32) -> f64 {
        let before = self.sim.steps();
        self.workload.drive(&mut self.sim, u64::from(sim_ms));
        (self.sim.steps() - before) as f64
    }
}
