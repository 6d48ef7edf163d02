//! The "show me" preview's future: played to where the what-if stopped, it has lost
//! exactly what the what-if said; sought back and forward, it is the same run.

mod common;

use isrlab_explore::whatif::{what_if, DEFAULT_SETTLE_HORIZON_MS};
use isrlab_explore::written::lost;
use isrlab_explore::{Fault, Future};
use isrlab_sim::Sim;

#[test]
fn the_preview_future_loses_what_the_what_if_said_and_seeks_back_to_the_same_run() {
    let s = common::scenario("../../scenarios/acks1-leader-dies.json");
    let mut seen_loss = false;
    for at in [500, 1_000, 2_100, 5_000] {
        let mut sim = Sim::new(&s).unwrap();
        sim.run_until(at);
        for broker in s.cluster.brokers.clone() {
            for fault in Fault::WHAT_IF {
                let Some(w) = what_if(&sim, broker, fault, DEFAULT_SETTLE_HORIZON_MS) else {
                    assert!(Future::fork(&sim, broker, fault, true).is_none());
                    continue;
                };
                let mut f = Future::fork(&sim, broker, fault, true).unwrap();
                f.seek(w.until_ms);
                let in_future = lost(f.sim());
                assert!(w.lost.iter().all(|id| in_future.contains(id)), "{w:?}");
                seen_loss |= !w.lost.is_empty();
                let (ledger, view) = (f.sim().ledger().to_vec(), f.sim().view());
                f.seek(at + 1);
                f.seek(w.until_ms);
                assert_eq!(f.sim().ledger().to_vec(), ledger);
                assert_eq!(f.sim().view(), view);
                assert!(f.sim().event_count() > 0 && !f.sim().events().is_empty());
            }
        }
    }
    assert!(
        seen_loss,
        "acks=1: crashing the leader early loses something"
    );
}
