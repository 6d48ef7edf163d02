//! The screen's components, one job each.

pub mod broker;
pub mod cluster_view;
pub mod error_banner;
pub mod messages;
pub mod replica_chip;
pub mod toolbar;
