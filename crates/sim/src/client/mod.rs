//! Clients: producers and consumers (with consumer groups).

pub mod consumer;
pub mod coordinator;
pub mod producer;
