//! The scenario generator: a random cluster, configuration and fault schedule for a
//! class, written as a real scenario file while the run it describes is driven live.

mod cluster;
mod live;
mod places;
pub mod plan;
mod settings;

use crate::class::Class;
use crate::draw::Draw;
use crate::run::catching;
use isrlab_sim::{Scenario, Sim};
use live::Live;

/// How the live run that wrote a scenario ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveRun {
    /// It reached the end with this trace hash.
    Finished(u64),
    /// The core panicked (message and place); the scenario holds the actions up to the panic.
    Panicked(String),
    /// The core refused to build the cluster.
    Refused(String),
}

/// A generated scenario and how its live run ended.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The scenario file's content.
    pub scenario: Scenario,
    /// The live run.
    pub live: LiveRun,
}

/// Draws the scenario of `seed` in `class`: same seed, same scenario.
pub fn generate(seed: u64, class: Class) -> Generated {
    let mut d = Draw::new(seed);
    let mut scenario = cluster::skeleton(&mut d, class, seed);
    let mut actions = Vec::new();
    let live = catching(|| {
        let sim = match Sim::new(&scenario) {
            Ok(sim) => sim,
            Err(e) => return LiveRun::Refused(e.to_string()),
        };
        let cfg = sim.broker_config();
        let session_ms = cfg.zookeeper_session_timeout_ms;
        let request_ms = scenario
            .producers
            .iter()
            .filter_map(|p| p.config.get("request.timeout.ms").and_then(|v| v.as_u64()))
            .max()
            .unwrap_or(30_000);
        let plan = plan::initial(&mut d, class, &scenario, session_ms, request_ms);
        let mut live = Live::new(sim, &scenario, class, d, plan);
        let result = catching(|| live.drive());
        actions = std::mem::take(&mut live.actions);
        match result {
            Ok(()) => LiveRun::Finished(live.sim.trace_hash()),
            Err(panic) => LiveRun::Panicked(panic),
        }
    })
    .unwrap_or_else(LiveRun::Panicked);
    scenario.actions = actions;
    Generated { scenario, live }
}
