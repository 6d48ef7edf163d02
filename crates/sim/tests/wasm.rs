//! The default scenario built and stepped in headless Chromium: its trace hash must
//! equal the native one (pinned in `common/mod.rs` and checked natively by `determinism.rs`).
#![cfg(target_arch = "wasm32")]

mod common;

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn default_scenario_in_the_browser_gives_the_native_trace_hash() {
    let (hash, steps) = common::default_run();
    assert!(steps > 0);
    assert_eq!(hash, common::EXPECTED_DEFAULT_HASH);
}

#[wasm_bindgen_test]
fn stretched_scenario_in_the_browser_gives_the_native_trace_hash() {
    let (hash, steps) = common::stretched_run();
    assert!(steps > 0);
    assert_eq!(hash, common::EXPECTED_STRETCHED_HASH);
}
