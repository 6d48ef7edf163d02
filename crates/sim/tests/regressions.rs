//! Regression scenarios: each file in `tests/regressions/` is a shrunk schedule that once
//! made the engine lose an acknowledged message or break an invariant in a configuration
//! where Kafka does neither (acks=all, min ISR 2, unclean election off, protocol >= 2.0).
//! Each test is named after the Kafka rule whose absence caused it.
#![cfg(not(target_arch = "wasm32"))]

use isrlab_sim::{Scenario, Sim};
use std::path::PathBuf;

fn run(name: &str) -> Sim {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/regressions").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let scenario = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut sim = Sim::new(&scenario).unwrap_or_else(|e| panic!("{name}: {e}"));
    sim.run_until(sim.end_ms());
    sim
}

/// No acknowledged message lost, no invariant broken, and every acknowledged acks=all
/// message is held by at least one replica at the end.
fn assert_safe(name: &str) -> Sim {
    let sim = run(name);
    assert!(sim.violations().is_empty(), "{name}: violations {:#?}", sim.violations());
    for m in sim.ledger() {
        assert!(!(m.acknowledged_at.is_some() && m.lost_at.is_some()), "{name}: acknowledged and lost: {m:#?}");
        if m.acknowledged_at.is_some() && m.acks == -1 {
            assert!(!m.held_by.is_empty(), "{name}: acknowledged but on no replica: {m:#?}");
        }
    }
    sim
}

/// Partition.makeFollower (Kafka 2.1+): every new leader epoch restarts the fetcher and
/// the truncation, even when the leader did not change; the follower that had followed
/// a zombie at an older epoch removes its divergent suffix.
#[test]
fn every_leader_epoch_change_restarts_truncation_make_follower_2_1() {
    assert_safe("same-leader-epoch-bump");
}

/// KafkaZkClient.registerBroker (NodeExists while the old session lives) and KIP-380: a
/// leader that lost its disk and restarted within its session is handled as a failure and
/// a startup, and never leads again at its old epoch on an empty log.
#[test]
fn bounced_broker_registers_only_after_its_old_session_expires_kip_380() {
    assert_safe("fast-bounce-disk-loss");
}
