//! The soak behind `isrlab soak`: draws random clusters, configurations and fault
//! schedules ([`generate`]), runs each through the core and checks it ([`run`]) against
//! what its class expects ([`class`]), shrinks every unexpected result to a small scenario
//! ([`shrink`]) and sums everything up in a table ([`report`]). [`soak`] is the loop.
#![cfg(not(target_arch = "wasm32"))]

pub mod class;
pub mod draw;
pub mod features;
pub mod generate;
pub mod report;
pub mod run;
pub mod shrink;
pub mod soak;

pub use class::{Class, Failure};
pub use generate::{generate, Generated};
pub use run::{run_scenario, Outcome};
