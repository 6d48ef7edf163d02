//! Golden scenarios of racks and zones (issue #14): `rack-aware-placement.json` and
//! `stretched-cluster.json`, each checked against what Kafka does, run twice and forked
//! half-way for the same trace hash. The stretched scenario's hash is pinned in
//! `common/mod.rs`, checked natively by `determinism.rs` and in Chromium by `wasm.rs`.
#![cfg(not(target_arch = "wasm32"))]

use isrlab_sim::events::{DownCause, EventKind};
use isrlab_sim::ledger::MessageRecord;
use isrlab_sim::topology::Topology;
use isrlab_sim::view::PartitionView;
use isrlab_sim::{Scenario, Sim};
use std::collections::BTreeSet;

fn scenario(name: &str) -> Scenario {
    let path = format!("{}/../../scenarios/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn run_scenario(s: &Scenario) -> Sim {
    let mut sim = Sim::new(s).unwrap_or_else(|e| panic!("{}: {e}", s.id));
    sim.run_until(sim.end_ms());
    sim
}

fn msg<'a>(sim: &'a Sim, value: &str) -> &'a MessageRecord {
    sim.ledger()
        .iter()
        .find(|m| m.value == value)
        .unwrap_or_else(|| panic!("no message {value}"))
}

fn partitions<'a>(
    view: &'a [PartitionView],
    topic: &'a str,
) -> impl Iterator<Item = &'a PartitionView> {
    view.iter().filter(move |p| p.tp.topic == topic)
}

fn racks_of(t: &Topology, replicas: &[u32]) -> BTreeSet<String> {
    replicas
        .iter()
        .map(|b| t.rack_of(*b).unwrap().to_string())
        .collect()
}

/// (time, broker) of every broker that went down by `cause`.
fn brokers_down(sim: &Sim, cause: DownCause) -> Vec<(u64, u32)> {
    sim.events()
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::BrokerDown { broker, cause: c } if c == cause => Some((e.time_ms, broker)),
            _ => None,
        })
        .collect()
}

fn assert_safe(sim: &Sim) {
    assert!(sim.violations().is_empty(), "{:#?}", sim.violations());
    assert!(
        sim.ledger()
            .iter()
            .all(|m| !(m.acknowledged_at.is_some() && m.lost_at.is_some())),
        "an acknowledged message was lost"
    );
}

/// Kafka's rack-aware placement (AdminUtils.assignReplicasToBrokers with broker.rack)
/// puts one replica per rack; `--disable-rack-aware` (RackAwareMode.Disabled) places by
/// id, so a rack can hold two replicas of a partition. With min.insync.replicas=2, one
/// rack down refuses acks=all only on the rack-unaware topic; two racks down leave
/// rack-unaware partitions offline while every rack-aware one keeps a leader.
#[test]
fn rack_aware_placement_survives_a_rack_the_rack_unaware_one_does_not() {
    let s = scenario("rack-aware-placement");
    let topology = Topology::from_spec(&s.cluster);
    let sim = run_scenario(&s);
    let view = sim.view();
    for p in partitions(&view.partitions, "aware") {
        assert_eq!(
            racks_of(&topology, &p.replicas).len(),
            3,
            "{}: {:?}",
            p.tp,
            p.replicas
        );
        assert!(p.leader.is_some(), "{} keeps a leader in rack-c", p.tp);
    }
    let unaware: Vec<&PartitionView> = partitions(&view.partitions, "unaware").collect();
    assert_eq!(
        unaware[0].replicas,
        vec![0, 1, 2],
        "placed by id, start index 0"
    );
    assert_eq!(racks_of(&topology, &unaware[5].replicas).len(), 2);
    let offline: Vec<u32> = unaware
        .iter()
        .filter(|p| p.leader.is_none())
        .map(|p| p.tp.partition)
        .collect();
    assert_eq!(offline, vec![0, 1], "no replica in rack-c");
    // rack_down: both brokers of the rack at the same instant, by crash.
    let downs = brokers_down(&sim, DownCause::Crash);
    assert_eq!(downs, vec![(3000, 0), (3000, 1), (16000, 2), (16000, 3)]);
    assert!(msg(&sim, "a2").acknowledged_at.is_some());
    assert_eq!(
        msg(&sim, "u2").error.as_deref(),
        Some("NOT_ENOUGH_REPLICAS")
    );
    assert_eq!(
        msg(&sim, "a3").error.as_deref(),
        Some("NOT_ENOUGH_REPLICAS")
    );
    assert_safe(&sim);
}

fn ack_ms(sim: &Sim, value: &str) -> u64 {
    let m = msg(sim, value);
    m.acknowledged_at.expect("acknowledged") - m.sent_at
}

/// A stretched cluster, one replica per zone: acks=all waits for the farthest zone
/// (cross_zone_ms, then a slow zone until replica.lag.time.max.ms drops it from the
/// ISR); min.insync.replicas=2 keeps writing with one zone lost and refuses with two.
#[test]
fn a_stretched_cluster_writes_through_one_lost_zone_and_refuses_after_two() {
    let s = scenario("stretched-cluster");
    let topology = Topology::from_spec(&s.cluster);
    let sim = run_scenario(&s);
    let mut near = s.clone();
    near.cluster.network.cross_zone_ms = 0;
    let near = run_scenario(&near);
    let cross = s.cluster.network.cross_zone_ms;
    assert!(
        ack_ms(&sim, "m1") >= 2 * cross,
        "a fetch round trip across zones: {}",
        ack_ms(&sim, "m1")
    );
    assert!(ack_ms(&sim, "m1") >= ack_ms(&near, "m1") + 2 * cross);
    // m3 waits for zone-c until the leader drops it from the ISR.
    let shrink = sim
        .events()
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::IsrShrink { tp, broker: 2, .. } if tp.partition == 0 => Some(e.time_ms),
            _ => None,
        })
        .expect("zone-c leaves orders-0's ISR");
    // Slowed at 3000: last caught up just before, out of the ISR replica.lag.time.max.ms later.
    let lag = 3000;
    assert!(
        shrink >= 3000 + lag && shrink < 3000 + 2 * lag,
        "shrink at {shrink}"
    );
    let m3 = msg(&sim, "m3");
    assert!(m3.acknowledged_at.unwrap() >= shrink, "{m3:#?}");
    assert!(
        ack_ms(&sim, "m3") > 50 * ack_ms(&sim, "m1"),
        "held by the slow zone"
    );
    let view = sim.view();
    for p in &view.partitions {
        assert_eq!(racks_of(&topology, &p.replicas).len(), 3, "{}", p.tp);
        assert_eq!((p.leader, p.isr.clone()), (Some(2), vec![2]), "{}", p.tp);
    }
    assert!(
        msg(&sim, "m4").committed_at.is_some(),
        "one zone lost: ISR of two"
    );
    assert_eq!(
        msg(&sim, "m5").error.as_deref(),
        Some("NOT_ENOUGH_REPLICAS")
    );
    assert_safe(&sim);
}

/// A zone's power loss: each of its brokers loses what it had not flushed, at once.
#[test]
fn a_zone_power_loss_takes_every_broker_of_the_zone_by_power_loss() {
    let mut s = scenario("stretched-cluster");
    for a in &mut s.actions {
        if let isrlab_sim::Action::ZoneDown { power_loss, .. } = &mut a.action {
            *power_loss = true;
        }
    }
    let sim = run_scenario(&s);
    let downs = brokers_down(&sim, DownCause::PowerLoss);
    assert_eq!(downs, vec![(20_000, 0), (32_000, 1)]);
}

#[test]
fn rack_scenarios_twice_and_forked_give_the_same_trace_hash() {
    for name in ["rack-aware-placement", "stretched-cluster"] {
        let s = scenario(name);
        let (a, b) = (run_scenario(&s), run_scenario(&s));
        assert_eq!(a.trace_hash(), b.trace_hash(), "{name}");
        let mut sim = Sim::new(&s).unwrap();
        sim.run_until(s.end_ms / 2);
        let mut fork = sim.clone();
        sim.run_until(s.end_ms);
        fork.run_until(s.end_ms);
        assert_eq!(sim.trace_hash(), fork.trace_hash(), "{name}");
    }
}
