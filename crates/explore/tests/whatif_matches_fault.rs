//! The what-if loss set at time t equals the loss the core records when the same fault
//! is really applied at t in a fresh run (same recovery, same horizon), at many times
//! along each golden scenario; and its answer on acks1-leader-dies is the one Kafka gives.

mod common;

use isrlab_explore::fault::{apply_accepted, Fault};
use isrlab_explore::whatif::{what_if, DEFAULT_SETTLE_HORIZON_MS};
use isrlab_explore::written::{lost, written_and_kept};
use isrlab_sim::{Scenario, Sim};

const GOLDEN: [&str; 6] = [
    "../../scenarios/acks1-leader-dies.json",
    "../../scenarios/acks0-loss.json",
    "../../scenarios/min-isr-1-loses.json",
    "../../scenarios/kip101-hw-truncation.json",
    "../../scenarios/unclean-election.json",
    "../../scenarios/power-loss-all.json",
];

/// Times checked per scenario.
const TIMES: u64 = 10;

/// A fresh run of `s`: the fault really applied at `t`, recovered when the what-if
/// recovered, run to `until`; returns the loss among messages written at `t`.
fn really_applied(
    s: &Scenario,
    t: u64,
    broker: u32,
    fault: Fault,
    back: u64,
    until: u64,
) -> Vec<u64> {
    let mut sim = Sim::new(s).unwrap();
    sim.run_until(t);
    let written = written_and_kept(&sim);
    let actions = fault.actions(&sim, broker);
    apply_accepted(&mut sim, actions);
    sim.run_until(back);
    let recovery = fault.recovery(&sim, broker);
    apply_accepted(&mut sim, recovery);
    sim.run_until(until);
    let in_fault = lost(&sim);
    written
        .into_iter()
        .filter(|id| in_fault.contains(id))
        .collect()
}

#[test]
fn what_if_equals_the_fault_really_applied_along_each_golden_scenario() {
    let mut nonempty = 0;
    for path in GOLDEN {
        let s = common::scenario(path);
        let mut sim = Sim::new(&s).unwrap();
        for k in 1..=TIMES {
            sim.run_until(s.end_ms * k / (TIMES + 1));
            for broker in s.cluster.brokers.clone() {
                for fault in Fault::WHAT_IF {
                    let Some(w) = what_if(&sim, broker, fault, DEFAULT_SETTLE_HORIZON_MS) else {
                        continue;
                    };
                    let real =
                        really_applied(&s, w.at_ms, broker, fault, w.recovered_at_ms, w.until_ms);
                    assert_eq!(
                        w.lost,
                        real,
                        "{path} at {} ms: {} of broker {broker}",
                        w.at_ms,
                        fault.name()
                    );
                    nonempty += usize::from(!w.lost.is_empty());
                }
            }
        }
    }
    // The comparison must have met real losses, or it proves nothing.
    assert!(nonempty >= 3, "only {nonempty} what-ifs lost anything");
}

/// acks=1 on the sweep shape: at every step where an acknowledged message is held by the
/// leader alone (appended, not yet fetched), crashing the leader loses it: a follower
/// without it is elected and the old leader truncates it on return (KIP-101/KIP-279).
#[test]
fn crashing_the_acks1_leader_inside_the_append_to_fetch_window_loses_the_message() {
    let s = common::scenario(common::SWEEP_SHAPE);
    let mut sim = Sim::new(&s).unwrap();
    let mut checked = 0;
    while sim.now() < 2100 && sim.step() {
        let Some(leader) = sim.view().partitions[0].leader else {
            continue;
        };
        let exposed: Vec<u64> = sim
            .ledger()
            .iter()
            .filter(|m| m.acknowledged_at.is_some() && m.held_by == [leader])
            .map(|m| m.id)
            .collect();
        if exposed.is_empty() || checked >= 20 {
            continue;
        }
        checked += 1;
        let w = what_if(&sim, leader, Fault::Crash, DEFAULT_SETTLE_HORIZON_MS).unwrap();
        assert!(w.settled, "{w:?}");
        for id in &exposed {
            assert!(
                w.lost.contains(id),
                "at {} ms message {id} exposed but kept: {w:?}",
                sim.now()
            );
        }
        let follower = s
            .cluster
            .brokers
            .iter()
            .copied()
            .find(|&b| b != leader)
            .unwrap();
        let f = what_if(&sim, follower, Fault::Crash, DEFAULT_SETTLE_HORIZON_MS).unwrap();
        assert!(f.lost.is_empty(), "a follower's crash lost {f:?}");
    }
    assert!(checked > 0, "acks=1 never opened an append-to-fetch window");
}

/// Settled is final: on the sweep shape (no scripted action after 2000 ms), the loss a
/// what-if reports when its fork settles is the loss of the same fault run on to the
/// scenario's end, for every broker and fault at times across the produce window.
#[test]
fn a_settled_what_if_loses_nothing_more_by_the_end_of_the_run() {
    let mut s = common::scenario(common::SWEEP_SHAPE);
    let mut lost_any = false;
    for acks in ["0", "1"] {
        let point = vec![(isrlab_explore::Param::Acks, acks.to_string())];
        s = isrlab_explore::grid::scenario_at(&s, &point).unwrap();
        let mut sim = Sim::new(&s).unwrap();
        for t in (150..2000).step_by(370) {
            sim.run_until(t);
            for broker in s.cluster.brokers.clone() {
                for fault in Fault::WHAT_IF {
                    let w = what_if(&sim, broker, fault, DEFAULT_SETTLE_HORIZON_MS).unwrap();
                    assert!(w.settled && w.until_ms < s.end_ms, "{w:?}");
                    let real = really_applied(&s, t, broker, fault, w.recovered_at_ms, s.end_ms);
                    assert_eq!(
                        w.lost,
                        real,
                        "acks={acks} at {t} ms: {} of broker {broker}",
                        fault.name()
                    );
                    lost_any |= !w.lost.is_empty();
                }
            }
        }
    }
    assert!(
        lost_any,
        "no what-if lost anything: the check proves nothing"
    );
}
