//! ISR Lab's benchmark workloads (W1, W2, the scaling grid) as a library: the native
//! harness `isrlab-bench` drives them, and compiled to wasm ([`web`]) the same W1 runs
//! in headless Chromium for the wasm / native ratio.

pub mod workload;

#[cfg(target_arch = "wasm32")]
pub mod web;
