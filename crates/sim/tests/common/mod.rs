//! Shared by the native and the wasm determinism tests: the default scenario and the
//! trace hash both platforms must produce for it.

use isrlab_sim::{Scenario, Sim};

/// `scenarios/default.json`, compiled in (the wasm test cannot read files).
pub const DEFAULT_SCENARIO: &str = include_str!("../../../../scenarios/default.json");

/// Virtual time the determinism run stops at.
pub const RUN_UNTIL_MS: u64 = 60_000;

/// The trace hash of the default scenario run to `RUN_UNTIL_MS`. When the engine or the
/// default scenario changes on purpose, run `cargo test -p isrlab-sim --test determinism`
/// and copy the printed value here; both platforms are then checked against it.
pub const EXPECTED_DEFAULT_HASH: u64 = 18031381521726074235;

/// Builds the default scenario and steps it one event at a time to `RUN_UNTIL_MS`.
pub fn default_run() -> (u64, u64) {
    let s = Scenario::from_json(DEFAULT_SCENARIO).expect("default scenario is valid");
    let mut sim = Sim::new(&s).expect("default scenario builds");
    while sim.next_event_time().is_some_and(|t| t <= RUN_UNTIL_MS) {
        sim.step();
    }
    (sim.trace_hash(), sim.steps())
}

/// `scenarios/stretched-cluster.json` (racks, zones, latency by distance, `zone_down`),
/// compiled in for the wasm test.
pub const STRETCHED_SCENARIO: &str = include_str!("../../../../scenarios/stretched-cluster.json");

/// The stretched scenario's trace hash at its end, pinned as `EXPECTED_DEFAULT_HASH` is
/// (`cargo test -p isrlab-sim --test determinism` prints it when it changes).
pub const EXPECTED_STRETCHED_HASH: u64 = 18031435349125287891;

/// Builds the stretched scenario and runs it to its end.
pub fn stretched_run() -> (u64, u64) {
    let s = Scenario::from_json(STRETCHED_SCENARIO).expect("stretched scenario is valid");
    let mut sim = Sim::new(&s).expect("stretched scenario builds");
    sim.run_until(s.end_ms);
    (sim.trace_hash(), sim.steps())
}
