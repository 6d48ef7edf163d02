//! Behaviour tests of the whole engine: small clusters driven through the public step
//! API, each pinning one Kafka behaviour (named in the test).

mod acks0;
mod boot;
mod channel;
mod control_plane;
mod failures;
mod groups;
mod idempotence;
mod metrics;
mod page_cache;
mod perf;
mod protocol;
mod racks;
pub(crate) mod support;
mod topics;
mod view;
