//! The simulation engine's building blocks (the `Sim` driver itself is in `sim.rs`).

pub mod outbox;
pub mod queue;
mod route;
