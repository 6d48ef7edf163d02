//! ISR Lab's replication core: a deterministic simulation of Apache Kafka's
//! replication protocol. No web dependency; the same results natively and on wasm32.

pub mod action;
pub mod action_check;
mod actions;
pub mod boot;
pub mod broker;
pub mod chunked;
pub mod client;
pub mod config;
pub mod config_keys;
pub mod controller;
mod dynamic_config;
pub mod engine;
pub mod event_log;
pub mod events;
pub mod hash;
pub mod ids;
pub mod invariants;
pub mod ledger;
pub mod limits;
pub mod metrics;
pub mod net;
pub mod new_partitions;
pub mod placement;
pub mod record_state;
pub mod risk;
pub mod rng;
pub mod scenario;
pub mod sim;
mod topic_admin;
pub mod topology;
pub mod validate;
pub mod view;
mod view_build;
pub mod zk;

pub use action::{Acks, Action};
pub use action_check::ActionRefusal;
pub use events::{Event, EventKind};
pub use ids::{BrokerId, LeaderEpoch, NodeId, Offset, TimeMs, TopicPartition};
pub use invariants::{Invariant, Violation};
pub use metrics::Metrics;
pub use scenario::Scenario;
pub use sim::{ReplayError, Sim, SimError};
pub use validate::{ScenarioError, ScriptState};

#[cfg(test)]
mod tests;
