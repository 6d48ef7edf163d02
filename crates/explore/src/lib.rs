//! ISR Lab's loss-window explorer (issue #11): "what would this fault lose now?" and
//! sweeps over thousands of runs. Every answer comes from running the core — a forked
//! [`isrlab_sim::Sim`] with the fault applied through its actions — never from a formula.
//! Pure: no web dependency, the same results natively and on wasm32 (see `docs/explorer.md`).

pub mod csv;
pub mod error;
pub mod fault;
pub mod fault_model;
pub mod future;
pub mod grid;
pub mod lanes;
pub mod settle;
pub mod stats;
pub mod sweep;
pub mod whatif;
pub mod written;

pub use error::ExploreError;
pub use fault::Fault;
pub use fault_model::FaultModel;
pub use future::Future;
pub use grid::{Grid, Param};
pub use sweep::{run_sweep, Plan, PointResult, Replay, SweepSpec, Tally};
pub use whatif::{what_if, WhatIf};
