//! ISR Lab's replication core: a deterministic simulation of Apache Kafka's
//! replication protocol. No web dependency; the same results natively and on wasm32.

pub mod action;
pub mod ids;
pub mod ledger;
pub mod placement;
pub mod rng;
pub mod scenario;
pub mod sim;
pub mod validate;
pub mod view;

pub use action::{Acks, Action};
pub use ids::{BrokerId, LeaderEpoch, NodeId, Offset, TimeMs, TopicPartition};
pub use scenario::Scenario;
pub use sim::Sim;
pub use validate::ScenarioError;
