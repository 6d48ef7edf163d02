//! Scenario loading shared by the explorer's tests.
#![allow(dead_code)]

use isrlab_sim::Scenario;
use std::path::PathBuf;

/// A scenario from the repository's `scenarios/` or the explorer's own `scenarios/`.
pub fn scenario(path: &str) -> Scenario {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    Scenario::from_json(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The explorer's sweep shape (acks1-leader-dies without its faults, 100 messages).
pub const SWEEP_SHAPE: &str = "scenarios/sweep-leader-crash.json";
