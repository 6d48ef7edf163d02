//! ISR Lab's web front-end: a Yew app that renders the replication core's view of
//! a Kafka cluster and sends it actions. Every decision about Kafka's behaviour
//! stays in `isrlab-sim`.

pub mod app;
pub mod author;
pub mod cells;
pub mod components;
pub mod config_form;
pub mod embed;
pub mod explore;
pub mod export_image;
pub mod exports;
#[cfg(target_arch = "wasm32")]
pub mod file_open;
pub mod guide;
pub mod hooks;
pub mod i18n;
pub mod import_words;
pub mod keys;
pub mod lab;
pub mod lanes;
pub mod layout;
pub mod link;
pub mod page;
pub mod preset_switches;
pub mod refusals;
pub mod ruler_window;
pub mod run;
pub mod scenarios;
pub mod script;
pub mod sentences;
pub mod share;
pub mod snapshots;
pub mod state;
pub mod trace_file;
pub mod url;

pub use app::App;
