//! Embedding (issue #12, §2–3): the compact layout's settings come from the address
//! (`url.rs`); this module is the postMessage API, version 1 (`docs/embedding.md`).
//! Commands from the parent page are decoded into typed structs and validated
//! ([`protocol`]); events to the page are derived from the core's run ([`watch`]), with
//! xAPI-shaped statements for answers and completion ([`statements`]). Only
//! [`bridge`] touches the browser.

pub mod bridge;
pub mod hooks;
pub mod protocol;
pub mod statements;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
pub mod watch;
