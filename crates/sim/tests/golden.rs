//! Golden scenarios: each file in `scenarios/` is run and its outcome checked against
//! what Apache Kafka does (the expectation comes from Kafka's semantics, cited per test),
//! and every scenario run twice — or forked half-way — gives the same trace hash.
#![cfg(not(target_arch = "wasm32"))]

use isrlab_sim::config::TruncationRule;
use isrlab_sim::events::{
    DropCause, ElectionReason, EventKind, LossCause, NeverAppendedCause, ShrinkReason,
};
use isrlab_sim::invariants::{ExpectedUnder, Invariant, ViolationDetail};
use isrlab_sim::ledger::MessageRecord;
use isrlab_sim::view::{ClusterView, PartitionView};
use isrlab_sim::{BrokerId, Scenario, Sim, TimeMs};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn scenario(name: &str) -> Scenario {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn start(name: &str) -> Sim {
    Sim::new(&scenario(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn run(name: &str) -> Sim {
    let mut sim = start(name);
    sim.run_until(sim.end_ms());
    sim
}

fn msg<'a>(sim: &'a Sim, value: &str) -> &'a MessageRecord {
    let mut found = sim.ledger().iter().filter(|m| m.value == value);
    let m = found
        .next()
        .unwrap_or_else(|| panic!("no message {value} in the ledger"));
    assert!(found.next().is_none(), "value {value} produced twice");
    m
}

fn part<'a>(view: &'a ClusterView, topic: &str, p: u32) -> &'a PartitionView {
    view.partitions
        .iter()
        .find(|x| x.tp.topic == topic && x.tp.partition == p)
        .expect("partition exists")
}

fn set(v: &[BrokerId]) -> BTreeSet<BrokerId> {
    v.iter().copied().collect()
}

fn log_values(view: &ClusterView, topic: &str, p: u32, broker: BrokerId) -> Vec<String> {
    let r = part(view, topic, p)
        .replica_states
        .iter()
        .find(|r| r.broker == broker)
        .expect("replica exists");
    r.log.iter().map(|rec| rec.value.clone()).collect()
}

fn assert_no_violations(sim: &Sim) {
    assert!(
        sim.violations().is_empty(),
        "violations: {:#?}",
        sim.violations()
    );
}

/// Nothing the producer was told is safe is ever lost (the lab's headline invariant).
fn assert_no_acknowledged_loss(sim: &Sim) {
    for m in sim.ledger() {
        assert!(
            !(m.acknowledged_at.is_some() && m.lost_at.is_some()),
            "acknowledged and lost: {m:#?}"
        );
    }
}

/// StrongIsr is checked in every preset: each lost acknowledged message of `values` is
/// reported, and every violation of the run carries the expected-under-this-preset marker.
fn assert_loss_reported_as_expected_under(sim: &Sim, values: &[&str], why: ExpectedUnder) {
    let lost: BTreeSet<u64> = values.iter().map(|v| msg(sim, v).id).collect();
    let reported: BTreeSet<u64> = sim
        .violations()
        .iter()
        .filter_map(|v| match v.detail {
            ViolationDetail::AcknowledgedMessageLost { message }
                if v.invariant == Invariant::StrongIsr =>
            {
                Some(message)
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        reported,
        lost,
        "every lost acknowledged write is reported: {:#?}",
        sim.violations()
    );
    for v in sim.violations() {
        assert_eq!(v.expected_under, Some(why), "{v:#?}");
    }
}

fn assert_acknowledged_and_lost(m: &MessageRecord) {
    assert!(
        m.acknowledged_at.is_some(),
        "{} should have been acknowledged: {m:#?}",
        m.value
    );
    assert!(m.lost_at.is_some(), "{} should be lost: {m:#?}", m.value);
    assert!(
        m.held_by.is_empty(),
        "a lost message is on no replica: {m:#?}"
    );
}

/// Kafka's placement (AdminUtils.assignReplicasToBrokers): first replicas of consecutive
/// partitions are consecutive brokers, so with 3 partitions on 3 brokers each broker is
/// the preferred leader of exactly one, and initial leaders are the preferred replicas.
#[test]
fn default_topic_spreads_preferred_leaders_one_per_broker_and_commits_everything() {
    let sim = run("default");
    let view = sim.view();
    let mut leaders = BTreeSet::new();
    for p in 0..3 {
        let pv = part(&view, "orders", p);
        assert_eq!(set(&pv.replicas), set(&[0, 1, 2]), "RF 3 on 3 brokers");
        assert_eq!(
            pv.leader,
            Some(pv.replicas[0]),
            "leader is the preferred replica"
        );
        assert_eq!(set(&pv.isr), set(&pv.replicas));
        let next = part(&view, "orders", (p + 1) % 3);
        assert_eq!(
            (pv.replicas[0] + 1) % 3,
            next.replicas[0],
            "first replicas rotate by one"
        );
        leaders.insert(pv.leader.unwrap());
    }
    assert_eq!(leaders, set(&[0, 1, 2]));
    for v in ["m1", "m2", "m3"] {
        let m = msg(&sim, v);
        assert!(
            m.acknowledged_at.is_some() && m.committed_at.is_some() && m.lost_at.is_none(),
            "{m:#?}"
        );
        assert_eq!(set(&m.held_by), set(&[0, 1, 2]));
    }
    assert_no_violations(&sim);
}

/// acks=0: the producer does not wait for a response, so requests dropped on a cut link
/// are lost without any error (Kafka producer docs, `acks=0`).
#[test]
fn acks0_requests_dropped_on_a_cut_link_are_recorded_lost_but_never_reported() {
    let sim = run("acks0-loss");
    for (v, sent) in [("m2", 2500), ("m3", 3000)] {
        let m = msg(&sim, v);
        assert_eq!(m.acks, isrlab_sim::Acks::None);
        assert!(
            m.held_by.is_empty() && m.committed_at.is_none(),
            "{v} never reached a log: {m:#?}"
        );
        assert_eq!(m.error, None, "acks=0 never reports an error");
        assert_eq!(m.acknowledged_at, None);
        let never = LossCause::NeverAppended {
            cause: NeverAppendedCause::Dropped(DropCause::Cut),
        };
        assert_eq!(
            (m.lost_at, m.lost_cause),
            (Some(sent), Some(never)),
            "{v} lost when the cut link dropped it"
        );
        assert!(sim.events().iter().any(|e| matches!(&e.kind,
            EventKind::MessageLost { message, acknowledged: false, cause, .. } if *message == m.id && *cause == never)));
    }
    for v in ["m1", "m4"] {
        assert_eq!(msg(&sim, v).lost_at, None, "{v} arrived");
    }
    for v in ["m1", "m4"] {
        assert_eq!(
            set(&msg(&sim, v).held_by),
            set(&[0, 1, 2]),
            "{v} replicated"
        );
    }
    assert_no_violations(&sim);
}

/// acks=1: the leader answers after its own append; if it dies before a follower fetched
/// the record, the new leader (first live ISR member, broker 1) lacks it, and the old
/// leader truncates it on rejoining (leader-epoch truncation, KIP-101/KIP-279).
#[test]
fn acks1_leader_dies_before_fetch_loses_acknowledged_m2() {
    let sim = run("acks1-leader-dies");
    assert_acknowledged_and_lost(msg(&sim, "m2"));
    assert_eq!(set(&msg(&sim, "m1").held_by), set(&[0, 1, 2]));
    let view = sim.view();
    let p = part(&view, "orders", 0);
    assert_eq!(
        p.leader,
        Some(1),
        "first live ISR member in assignment order"
    );
    assert!(p.leader_epoch >= 1);
    for b in [0, 1, 2] {
        assert_eq!(
            log_values(&view, "orders", 0, b),
            ["m1", "m3"],
            "broker {b}: m3 took m2's offset"
        );
    }
    assert_no_violations(&sim);
}

/// acks=all with ISR (1) < min.insync.replicas (2): the leader refuses before appending
/// with NOT_ENOUGH_REPLICAS (Partition.appendRecordsToLeader), so nothing is lost.
#[test]
fn min_isr_2_refuses_writes_with_not_enough_replicas_and_loses_nothing() {
    let sim = run("min-isr-2-refuses");
    let m2 = msg(&sim, "m2");
    assert_eq!(m2.error.as_deref(), Some("NOT_ENOUGH_REPLICAS"));
    assert!(
        m2.held_by.is_empty() && m2.acknowledged_at.is_none(),
        "refused before append: {m2:#?}"
    );
    for v in ["m1", "m3"] {
        let m = msg(&sim, v);
        assert!(m.acknowledged_at.is_some() && m.lost_at.is_none(), "{m:#?}");
    }
    assert_eq!(
        set(&part(&sim.view(), "orders", 0).isr),
        set(&[0, 1, 2]),
        "followers rejoined"
    );
    assert_no_acknowledged_loss(&sim);
    assert_no_violations(&sim);
}

/// Kafka's controller handles every dead broker of a `/brokers/ids` change
/// (KafkaController.onBrokerFailure → OfflineReplica for all their replicas), so two
/// followers whose sessions expire together both leave the ISR.
#[test]
fn controller_removes_every_follower_that_died_together_from_the_isr() {
    let mut s = scenario("min-isr-2-refuses");
    s.actions
        .iter_mut()
        .filter(|a| a.at_ms == 2_500)
        .for_each(|a| a.at_ms = 2_000);
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(11_000);
    assert_eq!(
        part(&sim.view(), "orders", 0).isr,
        vec![0],
        "both dead followers removed"
    );
    sim.run_until(sim.end_ms());
    assert_eq!(
        msg(&sim, "m2").error.as_deref(),
        Some("NOT_ENOUGH_REPLICAS")
    );
}

/// acks=all means the current ISR (Partition.checkEnoughReplicasReachOffset): m2 waits
/// until the cut followers are shrunk out by `replica.lag.time.max.ms`, then an ISR of the
/// leader alone acknowledges it (min.insync.replicas=1), and it dies with that one disk.
/// Unclean election is off, so the partition stays offline waiting for its only ISR member.
#[test]
fn min_isr_1_after_isr_shrank_loses_acknowledged_write_with_the_leader_disk() {
    let sim = run("min-isr-1-loses");
    let shrinks: Vec<(TimeMs, BrokerId)> = sim
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::IsrShrink {
                broker,
                reason: ShrinkReason::LagTimeExceeded { .. },
                ..
            } => Some((e.time_ms, *broker)),
            _ => None,
        })
        .collect();
    assert_eq!(
        shrinks.iter().map(|s| s.1).collect::<BTreeSet<_>>(),
        set(&[1, 2]),
        "both cut followers left the ISR"
    );
    let shrunk_at = shrinks.iter().map(|s| s.0).max().unwrap();
    assert!(
        shrunk_at >= 2_000 + 10_000,
        "not before replica.lag.time.max.ms, got {shrunk_at}"
    );
    let m2 = msg(&sim, "m2");
    assert!(
        m2.acknowledged_at.unwrap() >= shrunk_at,
        "acks=all waited for the ISR to shrink: {m2:#?}"
    );
    for v in ["m2", "m3"] {
        let m = msg(&sim, v);
        assert_acknowledged_and_lost(m);
        assert_eq!(m.lost_at, Some(22_000), "lost when the disk died");
        assert_eq!(m.lost_cause, Some(LossCause::DiskLoss));
    }
    assert!(set(&msg(&sim, "m1").held_by).is_superset(&set(&[1, 2])));
    assert_eq!(
        part(&sim.view(), "orders", 0).leader,
        None,
        "offline: the only ISR member is down"
    );
    // The loss is shown, not hidden; min.insync.replicas=1 let the leader's disk hold the only copy.
    assert_loss_reported_as_expected_under(&sim, &["m2", "m3"], ExpectedUnder::DiskLoss);
}

/// ISR membership by `replica.lag.time.max.ms` (Partition.getOutOfSyncReplicas): a follower
/// that has not caught up within the lag time is removed, and rejoins once its LEO reaches
/// the leader's HW (Partition.maybeExpandIsr).
#[test]
fn slow_follower_leaves_isr_after_lag_time_and_rejoins_after_catching_up() {
    let sim = run("slow-follower-isr");
    let shrink = sim.events().iter().find(|e| {
        matches!(
            &e.kind,
            EventKind::IsrShrink {
                broker: 2,
                reason: ShrinkReason::LagTimeExceeded { .. },
                ..
            }
        )
    });
    let shrink_at = shrink.expect("broker 2 is removed for lag").time_ms;
    assert!(
        (13_000..40_000).contains(&shrink_at),
        "shrink at {shrink_at}"
    );
    let expand_at = sim
        .events()
        .iter()
        .find(|e| {
            e.time_ms > shrink_at && matches!(&e.kind, EventKind::IsrExpand { broker: 2, .. })
        })
        .expect("broker 2 rejoins")
        .time_ms;
    assert!(
        expand_at > 40_000,
        "rejoins only after it is fast again, got {expand_at}"
    );
    assert_eq!(set(&part(&sim.view(), "orders", 0).isr), set(&[0, 1, 2]));
    assert!(
        sim.ledger().iter().all(|m| m.acknowledged_at.is_some()),
        "acks=all carried on without it"
    );
    assert_no_acknowledged_loss(&sim);
    assert_no_violations(&sim);
}

/// unclean.leader.election.enable=true: with no live ISR member the controller elects the
/// first live replica (PartitionLeaderElectionAlgorithms.offlinePartitionLeaderElection),
/// which lacks committed m2 and m3; the old ISR members truncate them on rejoining.
#[test]
fn unclean_election_of_the_first_replica_back_loses_committed_m2_and_m3() {
    let sim = run("unclean-election");
    for v in ["m2", "m3"] {
        let m = msg(&sim, v);
        assert!(m.committed_at.is_some(), "{v} was committed");
        assert_acknowledged_and_lost(m);
    }
    assert!(sim.events().iter().any(|e| e.time_ms >= 35_000
        && matches!(
            &e.kind,
            EventKind::LeaderElected {
                leader: 2,
                reason: ElectionReason::Unclean,
                ..
            }
        )));
    assert_eq!(part(&sim.view(), "orders", 0).leader, Some(2));
    assert_loss_reported_as_expected_under(&sim, &["m2", "m3"], ExpectedUnder::UncleanElection);
}

/// unclean.leader.election.enable=false: the partition stays offline until an ISR member
/// returns (OfflinePartitionsCount), then nothing committed is lost.
#[test]
fn unclean_off_keeps_partition_offline_until_last_isr_member_returns_and_loses_nothing() {
    let mut sim = start("unclean-off-offline");
    sim.run_until(40_000);
    assert_eq!(
        part(&sim.view(), "orders", 0).leader,
        None,
        "offline while only broker 2 is back"
    );
    sim.run_until(sim.end_ms());
    let view = sim.view();
    assert_eq!(
        part(&view, "orders", 0).leader,
        Some(0),
        "the last ISR member leads again"
    );
    for b in [0, 1, 2] {
        assert_eq!(
            log_values(&view, "orders", 0, b),
            ["m1", "m2", "m3"],
            "broker {b}"
        );
    }
    assert!(!sim.events().iter().any(|e| matches!(
        &e.kind,
        EventKind::LeaderElected {
            reason: ElectionReason::Unclean,
            ..
        }
    )));
    assert_no_acknowledged_loss(&sim);
    assert_no_violations(&sim);
}

/// The leader's HW moves when a follower's Fetch reports its LEO; the follower learns it
/// only in a later Fetch response: follower HW = min(leader HW, own LEO), one fetch behind.
#[test]
fn follower_hw_lags_leader_hw_by_one_fetch() {
    let mut sim = start("follower-hw-lag");
    let (mut leader_at, mut follower_at): (Option<TimeMs>, [Option<TimeMs>; 2]) =
        (None, [None, None]);
    while sim.now() < 9_000 && sim.step() {
        let view = sim.view();
        let p = part(&view, "orders", 0);
        if leader_at.is_none() && p.high_watermark >= 1 {
            leader_at = Some(sim.now());
            for r in p.replica_states.iter().filter(|r| r.broker != 0) {
                assert_eq!(
                    r.high_watermark, 0,
                    "at the leader's HW move, follower {} still has HW 0",
                    r.broker
                );
                assert_eq!(r.log_end_offset, 1, "follower {} already has m1", r.broker);
            }
        }
        for (i, b) in [1, 2].into_iter().enumerate() {
            let r = p.replica_states.iter().find(|r| r.broker == b).unwrap();
            if follower_at[i].is_none() && r.high_watermark >= 1 {
                follower_at[i] = Some(sim.now());
            }
        }
    }
    let leader_at = leader_at.expect("leader HW reached 1");
    for at in follower_at {
        let at = at.expect("follower HW reached 1");
        assert!(
            at > leader_at,
            "follower learns the HW after the leader moved it"
        );
        // one more fetch round: at most replica.fetch.wait.max.ms (5000) plus network latency
        assert!(
            at - leader_at <= 5_100,
            "lag {} ms is more than one fetch",
            at - leader_at
        );
    }
}

fn kip101_truncations(sim: &Sim) -> Vec<(BrokerId, TruncationRule, u64)> {
    sim.events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Truncated {
                broker,
                rule,
                removed,
                ..
            } => Some((*broker, *rule, *removed)),
            _ => None,
        })
        .collect()
}

/// KIP-101 scenario 1 under 0.10: a replica becoming a follower truncates to its HW, which
/// lags the leader's by one fetch; when the new leader then dies, B is elected cleanly
/// without m2 and the others truncate to it: an acknowledged write lost with every
/// election clean.
#[test]
fn kip101_under_0_10_hw_truncation_loses_acknowledged_m2() {
    let sim = run("kip101-hw-truncation");
    assert!(
        kip101_truncations(&sim)
            .iter()
            .any(|&(b, rule, removed)| b == 1
                && rule == TruncationRule::HighWatermark
                && removed >= 1),
        "B truncated to its HW: {:?}",
        kip101_truncations(&sim)
    );
    assert_acknowledged_and_lost(msg(&sim, "m2"));
    assert_eq!(part(&sim.view(), "orders", 0).leader, Some(1));
    assert!(!sim.events().iter().any(|e| matches!(
        &e.kind,
        EventKind::LeaderElected {
            reason: ElectionReason::Unclean,
            ..
        }
    )));
    assert_loss_reported_as_expected_under(&sim, &["m2"], ExpectedUnder::HighWatermarkTruncation);
}

/// The same interleaving under 0.11 (KIP-101 leader epochs): B keeps m2, is elected, and
/// nothing acknowledged is lost.
#[test]
fn kip101_under_0_11_leader_epoch_keeps_m2() {
    let sim = run("kip101-leader-epoch");
    let m2 = msg(&sim, "m2");
    assert!(
        m2.acknowledged_at.is_some() && m2.lost_at.is_none(),
        "{m2:#?}"
    );
    let view = sim.view();
    assert_eq!(
        part(&view, "orders", 0).leader,
        Some(1),
        "the same elections as under 0.10"
    );
    for b in [0, 1, 2] {
        assert_eq!(
            log_values(&view, "orders", 0, b),
            ["m1", "m2", "m3"],
            "broker {b}"
        );
    }
    assert!(!kip101_truncations(&sim)
        .iter()
        .any(|&(_, rule, _)| rule == TruncationRule::HighWatermark));
    assert_no_acknowledged_loss(&sim);
    assert_no_violations(&sim);
}

/// Preferred replica election (kafka-leader-election.sh --election-type preferred) moves
/// leadership back to the first assigned replica once it is alive and in the ISR; a
/// restart alone does not.
#[test]
fn preferred_election_after_restart_returns_leadership_to_broker_0() {
    let mut sim = start("preferred-election");
    sim.run_until(29_000);
    let before = part(&sim.view(), "orders", 0).clone();
    assert_eq!(before.replicas[0], 0);
    assert_eq!(
        before.leader,
        Some(1),
        "after the crash the next ISR member leads"
    );
    assert!(before.isr.contains(&0), "broker 0 rejoined the ISR");
    sim.run_until(sim.end_ms());
    let after = part(&sim.view(), "orders", 0).clone();
    assert_eq!(after.leader, Some(0));
    assert!(
        after.leader_epoch > before.leader_epoch,
        "every leader change bumps the epoch"
    );
    assert!(sim.events().iter().any(|e| e.time_ms >= 30_000
        && matches!(
            &e.kind,
            EventKind::LeaderElected {
                leader: 0,
                reason: ElectionReason::Preferred,
                ..
            }
        )));
    assert_no_acknowledged_loss(&sim);
    assert_no_violations(&sim);
}

/// Controller failover: the /controller ephemeral node goes with the dead controller's
/// session, another broker creates it with a higher /controller_epoch, and elects a new
/// leader for the partition the dead broker led.
#[test]
fn controller_failover_elects_a_new_controller_with_a_higher_epoch() {
    let mut sim = start("controller-failover");
    sim.run_until(2_500);
    let first = sim.view();
    assert_eq!(
        first.controller,
        Some(1),
        "the scenario crashes the controller, broker 1"
    );
    assert_eq!(part(&first, "orders", 1).leader, Some(1));
    sim.run_until(sim.end_ms());
    let view = sim.view();
    let controller = view.controller.expect("a controller");
    assert_ne!(
        controller, 1,
        "the role does not return to the restarted broker"
    );
    assert!(view.controller_epoch > first.controller_epoch);
    let elected = sim.events().iter().find_map(|e| match &e.kind {
        EventKind::ControllerElected { broker, .. } if e.time_ms > 3_000 => {
            Some((e.time_ms, *broker))
        }
        _ => None,
    });
    let (elected_at, new_controller) = elected.expect("a new controller after the crash");
    assert!(
        elected_at >= 3_000 + 4_000,
        "only after the session times out, got {elected_at}"
    );
    assert_eq!(new_controller, controller);
    let p1 = part(&view, "orders", 1);
    assert!(p1.leader.is_some(), "{p1:#?}");
    assert!(sim.events().iter().any(|e| e.time_ms >= elected_at
        && matches!(&e.kind, EventKind::LeaderElected { tp, leader, .. } if tp.partition == 1 && *leader != 1)));
    assert!(sim.ledger().iter().all(|m| m.acknowledged_at.is_some()));
    assert_no_acknowledged_loss(&sim);
    assert_no_violations(&sim);
}

/// Kafka acknowledges from the page cache (no flush by default): a power loss of every
/// replica loses acknowledged messages — the lab must record the loss when it happens.
#[test]
fn power_loss_of_all_replicas_loses_unflushed_acknowledged_messages() {
    let sim = run("power-loss-all");
    for v in ["m1", "m2", "m3"] {
        let m = msg(&sim, v);
        assert_acknowledged_and_lost(m);
        assert_eq!(m.lost_at, Some(5_000), "{v} lost at the power loss");
        assert_eq!(m.lost_cause, Some(LossCause::PowerLoss));
    }
    assert_loss_reported_as_expected_under(&sim, &["m1", "m2", "m3"], ExpectedUnder::PowerLoss);
}

/// Reassignment (KafkaController.onPartitionReassignment): AR = OAR + RAR while moving, the
/// new replica joins the ISR, then the old one is dropped and leadership moves into RAR.
#[test]
fn reassignment_moves_partition_to_broker_3_through_oar_plus_rar() {
    let mut sim = start("reassignment");
    let mut saw_union = false;
    while sim.step() {
        if set(&part(&sim.view(), "orders", 0).replicas) == set(&[0, 1, 2, 3]) {
            saw_union = true;
        }
    }
    assert!(saw_union, "AR = OAR + RAR during the move");
    let view = sim.view();
    let p = part(&view, "orders", 0);
    assert_eq!(p.replicas, vec![1, 2, 3]);
    assert_eq!(set(&p.isr), set(&[1, 2, 3]));
    assert_eq!(
        p.leader,
        Some(1),
        "leader moves to the first live ISR member of the new list"
    );
    assert_eq!(
        log_values(&view, "orders", 0, 3),
        ["m-1", "m-2", "m-3", "m-4", "m-5", "m6"]
    );
    assert!(sim
        .events()
        .iter()
        .any(|e| matches!(&e.kind, EventKind::ReassignmentCompleted { .. })));
    assert_no_acknowledged_loss(&sim);
    assert_no_violations(&sim);
}

/// Consumer groups: within a group each partition has one owner (unicast), every group
/// gets every message (broadcast).
#[test]
fn consumer_groups_unicast_inside_a_group_broadcast_across_groups() {
    let sim = run("consumer-groups");
    assert_eq!(sim.ledger().len(), 6);
    for m in sim.ledger() {
        let mut groups = m.consumed_by.clone();
        groups.sort();
        assert_eq!(
            groups,
            ["audit", "billing"],
            "{} read once per group",
            m.value
        );
    }
    let billing = sim
        .events()
        .iter()
        .rev()
        .find_map(|e| match &e.kind {
            EventKind::GroupRebalanced {
                group, assignment, ..
            } if group == "billing" => Some(assignment.clone()),
            _ => None,
        })
        .expect("billing rebalanced");
    assert_eq!(billing.len(), 2);
    assert!(
        billing.iter().all(|(_, parts)| parts.len() == 1),
        "one partition each: {billing:?}"
    );
}

/// A consumer that dies without LeaveGroup keeps its partition until the coordinator has
/// missed its heartbeats for `session.timeout.ms` (45 s, KIP-735); then the survivor gets
/// it and resumes from the committed offset, so the processed-but-uncommitted m3 is
/// processed twice (at-least-once). Kafka: GroupCoordinator.onExpireHeartbeat.
#[test]
fn dead_consumer_partition_moves_after_session_timeout_and_m3_is_redelivered_from_the_committed_offset(
) {
    let mut sim = start("consumer-death");
    sim.run_until(50_000);
    let c2 = |sim: &Sim| {
        sim.view()
            .consumers
            .iter()
            .find(|c| c.name == "c2")
            .cloned()
            .expect("c2")
    };
    assert_eq!(
        c2(&sim).assignment.len(),
        1,
        "before the session timeout c2 still has only orders-1"
    );
    assert_eq!(
        msg(&sim, "m4").consumed_by,
        Vec::<String>::new(),
        "m4 waits for the dead owner's partition"
    );
    sim.run_until(60_000);
    let expired = sim.events().iter().find_map(|e| match &e.kind {
        EventKind::MemberSessionExpired { consumer, .. } if consumer == "c1" => Some(e.time_ms),
        _ => None,
    });
    let last_heartbeat_window = 8062 - 3000..=8062;
    assert!(
        expired.is_some_and(|t| last_heartbeat_window.contains(&(t - 45_000))),
        "expired at {expired:?}"
    );
    let who = |v: &str| {
        msg(&sim, v)
            .consumptions
            .iter()
            .map(|(c, _, _)| c.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        who("m3"),
        ["c1", "c2"],
        "processed by c1, redelivered to c2"
    );
    assert_eq!(
        who("m1"),
        ["c1"],
        "committed before the crash: not redelivered"
    );
    assert_eq!(who("m4"), ["c2"]);
    let m3 = msg(&sim, "m3");
    assert!(
        m3.consumptions[1].2 >= expired.unwrap(),
        "redelivery after the rebalance"
    );
    let c1 = sim
        .view()
        .consumers
        .iter()
        .find(|c| c.name == "c1")
        .cloned()
        .expect("c1");
    assert!(c1.alive && c1.joined, "restarted at 55 s");
    assert_eq!(
        c1.assignment.len(),
        1,
        "the restart rebalanced the group again"
    );
    assert_eq!(
        c1.assignment[0].2,
        Some(3),
        "orders-0 committed up to m4 by c2"
    );
    assert_no_violations(&sim);
}

/// Committing before processing is at-most-once, after processing at-least-once: a new
/// owner resumes from the group's committed offset (KafkaConsumer docs, "Delivery semantics").
#[test]
fn commit_before_processing_skips_m1_and_commit_after_processing_redelivers_it() {
    let sim = run("delivery-semantics");
    assert_eq!(
        msg(&sim, "m1").consumed_by,
        ["alo"],
        "amo committed past m1 before processing it"
    );
    let redelivered: Vec<&str> = sim
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Consumed {
                consumer,
                from_offset: 0,
                ..
            } => Some(consumer.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        redelivered,
        ["b2"],
        "b2 took over at alo's committed offset 0"
    );
    let mut m2 = msg(&sim, "m2").consumed_by.clone();
    m2.sort();
    assert_eq!(m2, ["alo", "amo"]);
}

/// KafkaController / ControllerChannelManager: a controller learns only by messages, so
/// one cut from ZooKeeper keeps its cached view and its request channels after its session
/// expired and another broker won `/controller` at a higher `/controller_epoch`. It
/// re-sends its unanswered LeaderAndIsr of epoch 1 every `request.timeout.ms`; the broker
/// refuses each (STALE_CONTROLLER_EPOCH, `KafkaApis.handleLeaderAndIsrRequest`), the new
/// controller's leader stays, and nothing acknowledged is lost.
#[test]
fn controller_cut_from_zookeeper_keeps_sending_stale_leader_and_isr_and_is_fenced() {
    let mut sim = start("zombie-controller-fenced");
    sim.run_until(1_000);
    assert_eq!(sim.view().controller, Some(1), "premise: broker 1 controls");
    sim.run_until(70_000);
    let zombie = sim.view();
    assert_eq!(
        zombie.controller,
        Some(2),
        "ZooKeeper's controller is broker 2"
    );
    assert_eq!(zombie.controller_epoch, 2);
    let acting: Vec<BrokerId> = (zombie.brokers.iter())
        .filter(|b| b.acts_as_controller)
        .map(|b| b.id)
        .collect();
    assert_eq!(
        acting,
        [1, 2],
        "broker 1 still acts on its cached view: it has heard nothing"
    );
    sim.run_until(sim.end_ms());
    let elected = sim.events().iter().find_map(|e| match e.kind {
        EventKind::ControllerElected {
            broker: 2,
            epoch: 2,
        } => Some(e.time_ms),
        _ => None,
    });
    let elected = elected.expect("broker 2 becomes controller at epoch 2");
    assert!(
        elected > 10_000 + 4_000,
        "after the cut controller's session expired"
    );
    let rejected: Vec<TimeMs> = (sim.events().iter())
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::StaleControllerEpochRejected {
                    broker: 2,
                    request_epoch: 1,
                    known_epoch: 2,
                }
            )
        })
        .map(|e| e.time_ms)
        .collect();
    assert!(
        rejected.len() >= 2,
        "re-sent and refused again: {rejected:?}"
    );
    assert!(rejected.iter().all(|&t| t > elected && t < 75_000));
    assert!(
        rejected.windows(2).all(|w| w[1] - w[0] >= 30_000),
        "every request.timeout.ms"
    );
    let view = sim.view();
    assert_eq!(view.controller, Some(2));
    assert!(
        !view.brokers[0].acts_as_controller,
        "broker 1 resigned once it heard"
    );
    let orders = part(&view, "orders", 0);
    assert_eq!(
        (orders.leader, set(&orders.isr)),
        (Some(2), set(&[2, 3, 4]))
    );
    assert_eq!(sim.ledger().len(), 6);
    assert!(sim.ledger().iter().all(|m| m.acknowledged_at.is_some()));
    assert_no_acknowledged_loss(&sim);
    assert_no_violations(&sim);
}

const GOLDEN: [&str; 20] = [
    "default",
    "acks0-loss",
    "acks1-leader-dies",
    "min-isr-2-refuses",
    "min-isr-1-loses",
    "slow-follower-isr",
    "unclean-election",
    "unclean-off-offline",
    "follower-hw-lag",
    "kip101-hw-truncation",
    "kip101-leader-epoch",
    "preferred-election",
    "controller-failover",
    "power-loss-all",
    "reassignment",
    "consumer-groups",
    "delivery-semantics",
    "consumer-death",
    "nine-brokers",
    "zombie-controller-fenced",
];

/// Nine brokers, three topics of 12 partitions with RF 3: Kafka's assignReplicasToBrokers
/// (AdminUtils) puts the first replica of partition p of a topic on broker
/// (p + startIndex) mod 9, so within each topic every broker is the preferred leader of
/// one or two of its 12 partitions; every message of the acks=all producer is committed
/// on its partition's three replicas.
#[test]
fn nine_brokers_spread_each_topics_leaders_and_commit_every_acks_all_message() {
    let sim = run("nine-brokers");
    let view = sim.view();
    assert_eq!(view.partitions.len(), 36);
    for topic in ["orders", "payments", "clicks"] {
        let mut leads = [0u32; 9];
        for p in view.partitions.iter().filter(|p| p.tp.topic == topic) {
            assert_eq!(
                set(&p.replicas).len(),
                3,
                "{}: three distinct replicas",
                p.tp
            );
            assert_eq!(
                p.leader,
                Some(p.replicas[0]),
                "{}: led by its preferred replica",
                p.tp
            );
            assert_eq!(set(&p.isr), set(&p.replicas), "{}", p.tp);
            leads[p.replicas[0] as usize] += 1;
        }
        assert!(
            leads.iter().all(|&n| n == 1 || n == 2),
            "{topic}: leaders per broker {leads:?}"
        );
        assert_eq!(leads.iter().sum::<u32>(), 12);
    }
    let acked: Vec<_> = sim
        .ledger()
        .iter()
        .filter(|m| m.value.starts_with('o') || m.value.starts_with("pay"))
        .collect();
    assert_eq!(acked.len(), 24);
    for m in acked {
        assert!(
            m.acknowledged_at.is_some() && m.committed_at.is_some() && m.lost_at.is_none(),
            "{m:#?}"
        );
        assert_eq!(m.held_by.len(), 3, "{m:#?}");
    }
    assert_no_violations(&sim);
}

/// Determinism: a run is a pure function of (scenario, seed, actions).
#[test]
fn every_golden_scenario_twice_gives_the_same_trace_hash() {
    for name in GOLDEN {
        let (a, b) = (run(name), run(name));
        assert_eq!(a.trace_hash(), b.trace_hash(), "{name}");
        assert_eq!(a.ledger(), b.ledger(), "{name}");
    }
}

/// Time travel: a clone taken half-way finishes exactly like the original.
#[test]
fn a_fork_half_way_finishes_with_the_same_trace_hash() {
    for name in GOLDEN {
        let mut sim = start(name);
        sim.run_until(sim.end_ms() / 2);
        let mut fork = sim.clone();
        sim.run_until(sim.end_ms());
        fork.run_until(fork.end_ms());
        assert_eq!(sim.trace_hash(), fork.trace_hash(), "{name}");
    }
}

/// Different seeds must be able to change a run (the hash is not a constant).
#[test]
fn the_seed_changes_the_trace() {
    let mut s = scenario("default");
    let mut a = Sim::new(&s).unwrap();
    s.seed += 1;
    let mut b = Sim::new(&s).unwrap();
    a.run_until(10_000);
    b.run_until(10_000);
    assert_ne!(a.trace_hash(), b.trace_hash());
}
