//! Native side of the cross-platform determinism check (the wasm side is `wasm.rs`).
#![cfg(not(target_arch = "wasm32"))]

mod common;

#[test]
fn default_scenario_trace_hash_is_the_pinned_one_and_stable_across_runs() {
    let (h1, steps) = common::default_run();
    let (h2, _) = common::default_run();
    assert_eq!(h1, h2, "same scenario twice, same hash");
    println!("default scenario: {steps} steps, trace hash {h1}");
    assert_eq!(
        h1,
        common::EXPECTED_DEFAULT_HASH,
        "update EXPECTED_DEFAULT_HASH in tests/common/mod.rs to {h1} if the change is intended"
    );
}

#[test]
fn stretched_scenario_trace_hash_is_the_pinned_one() {
    let (hash, steps) = common::stretched_run();
    println!("stretched scenario: {steps} steps, trace hash {hash}");
    assert_eq!(
        hash,
        common::EXPECTED_STRETCHED_HASH,
        "update EXPECTED_STRETCHED_HASH in tests/common/mod.rs to {hash} if the change is intended"
    );
}
