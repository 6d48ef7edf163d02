use super::support::*;
use crate::action::Action;
use crate::events::{ElectionReason, EventKind, LossCause, ShrinkReason};
use crate::ids::NodeId;
use crate::scenario::Scenario;
use crate::sim::Sim;

fn produce(at: u64, value: &str) -> String {
    format!(r#"{{"at_ms":{at},"do":"produce","producer":"p","topic":"t","value":"{value}"}}"#)
}

#[test]
fn follower_hw_lags_leader_hw_by_one_fetch_round_trip() {
    let s = scenario("3.7", "", "", "1", "", &produce(1000, "a"), 5000);
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(1100);
    let v = sim.view();
    let p = &v.partitions[0];
    assert_eq!(p.high_watermark, 1, "{}", dump(&sim));
    for r in p.replica_states.iter().filter(|r| !r.is_leader) {
        assert_eq!(r.log_end_offset, 1);
        assert_eq!(
            r.high_watermark, 0,
            "follower learns the HW only in its next fetch response"
        );
    }
    // The next fetch is long-polled for replica.fetch.wait.max.ms (500) before it answers.
    sim.run_until(1700);
    assert!(sim.view().partitions[0]
        .replica_states
        .iter()
        .all(|r| r.high_watermark == 1));
}

#[test]
fn isr_shrinks_after_replica_lag_time_max_ms_and_expands_on_catch_up() {
    let actions = format!(
        r#"{{"at_ms":1000,"do":"cut","from":{{"Broker":3}},"to":{{"Broker":1}}}},{},{{"at_ms":20000,"do":"heal","from":{{"Broker":3}},"to":{{"Broker":1}}}}"#,
        produce(2000, "a")
    );
    let s = scenario("2.0", "", "", "1", "", &actions, 40_000);
    let sim = run(&s);
    let shrink = sim
        .events()
        .iter()
        .find(|e| matches!(e.kind, EventKind::IsrShrink { broker: 3, .. }))
        .expect("shrink");
    // Caught up until the produce at 2000; lag 10000 (2.0); checked every 5000.
    assert!(
        shrink.time_ms > 12_000 && shrink.time_ms <= 17_100,
        "{}",
        dump(&sim)
    );
    assert!(
        matches!(shrink.kind, EventKind::IsrShrink { reason: ShrinkReason::LagTimeExceeded { last_caught_up_ms }, .. } if last_caught_up_ms < 2000)
    );
    let expand = sim
        .events()
        .iter()
        .find(|e| matches!(e.kind, EventKind::IsrExpand { broker: 3, .. }))
        .unwrap_or_else(|| panic!("{}", dump(&sim)));
    // The fetch lost in the cut is retried after replica.socket.timeout.ms (30000).
    assert!(
        expand.time_ms >= 20_000 && expand.time_ms < 32_000,
        "{}",
        dump(&sim)
    );
    assert_eq!(sim.view().partitions[0].isr, vec![1, 2, 3]);
    assert_eq!(sim.metrics().IsrShrinksPerSec.Count, 1);
}

/// Only the lagging follower leaves the ISR; the one in sync stays (Kafka's
/// `Partition.maybeShrinkIsr` removes just the out-of-sync replicas). Kills a
/// `make mutants` survivor in `maybe_shrink_isr_all` (docs/quality.md).
#[test]
fn isr_shrink_removes_only_the_lagging_follower() {
    let actions = format!(
        r#"{{"at_ms":1000,"do":"cut","from":{{"Broker":3}},"to":{{"Broker":1}}}},{}"#,
        produce(2000, "a")
    );
    let s = scenario("2.0", "", "", "1", "", &actions, 18_000);
    let sim = run(&s);
    assert_eq!(sim.view().partitions[0].isr, vec![1, 2], "{}", dump(&sim));
    assert_eq!(
        count(&sim, |k| matches!(
            k,
            EventKind::IsrShrink { broker: 2, .. }
        )),
        0
    );
}

#[test]
fn acks_all_with_min_isr_2_is_refused_with_not_enough_replicas_when_isr_is_1() {
    let actions = format!(
        r#"{{"at_ms":1000,"do":"crash","broker":2}},{{"at_ms":1000,"do":"crash","broker":3}},{}"#,
        produce(30_000, "a")
    );
    let s = scenario(
        "3.7",
        "",
        r#""min.insync.replicas":2"#,
        "all",
        r#""retries":0"#,
        &actions,
        40_000,
    );
    let sim = run(&s);
    assert_eq!(sim.view().partitions[0].isr, vec![1], "{}", dump(&sim));
    let m = &sim.ledger()[0];
    assert_eq!(m.error.as_deref(), Some("NOT_ENOUGH_REPLICAS"));
    assert!(m.acknowledged_at.is_none() && m.appended_at.is_none());
}

#[test]
fn acks_1_write_is_lost_when_leader_dies_before_followers_fetch() {
    let actions = format!(
        r#"{{"at_ms":1000,"do":"cut","from":{{"Broker":2}},"to":{{"Broker":1}},"both_ways":false}},
           {{"at_ms":1000,"do":"cut","from":{{"Broker":3}},"to":{{"Broker":1}},"both_ways":false}},
           {},{{"at_ms":1200,"do":"crash","broker":1}},
           {{"at_ms":1300,"do":"heal","from":{{"Broker":2}},"to":{{"Broker":1}},"both_ways":false}},
           {{"at_ms":1300,"do":"heal","from":{{"Broker":3}},"to":{{"Broker":1}},"both_ways":false}},
           {{"at_ms":25000,"do":"restart","broker":1}}"#,
        produce(1100, "a")
    );
    let s = scenario("3.7", "", "", "1", "", &actions, 30_000);
    let sim = run(&s);
    let m = &sim.ledger()[0];
    assert!(m.acknowledged_at.is_some(), "{}", dump(&sim));
    assert_eq!(m.lost_cause, Some(LossCause::Truncation), "{}", dump(&sim));
    assert!(m.held_by.is_empty());
    // The loss window: from the acknowledgement (only the leader held it) to the loss.
    assert_eq!(
        m.at_risk_ms,
        m.lost_at.unwrap() - m.acknowledged_at.unwrap()
    );
    assert!(sim.events().iter().any(|e| matches!(
        e.kind,
        EventKind::LeaderElected {
            leader: 2,
            reason: ElectionReason::Clean,
            ..
        }
    )));
    // acks=1 promises nothing more: StrongIsr is not violated.
    assert!(sim
        .violations()
        .iter()
        .all(|v| v.invariant != crate::invariants::Invariant::StrongIsr));
}

#[test]
fn controller_failover_elects_a_new_controller_with_a_higher_epoch() {
    let s = scenario("3.7", "", "", "1", "", "", 30_000);
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(1000);
    let c = sim.view().controller.expect("controller");
    sim.apply(Action::Crash { broker: c }).unwrap();
    sim.run_until(1000 + 18_000 + 1000);
    let v = sim.view();
    assert!(v.controller.is_some_and(|n| n != c), "{}", dump(&sim));
    assert_eq!(v.controller_epoch, 2);
    assert_eq!(
        count(&sim, |k| matches!(k, EventKind::ControllerElected { .. })),
        2
    );
}

#[test]
fn unclean_election_off_leaves_partition_offline_and_on_loses_committed_data() {
    for unclean in [false, true] {
        // ISR shrinks to {1} while 2 and 3 are cut off, a committed write lands on 1 only,
        // then 1 dies and 2, 3 come back.
        let actions = format!(
            r#"{{"at_ms":1000,"do":"cut","from":{{"Broker":2}},"to":{{"Broker":1}}}},
               {{"at_ms":1000,"do":"cut","from":{{"Broker":3}},"to":{{"Broker":1}}}},
               {},{},
               {{"at_ms":60000,"do":"crash","broker":1}},
               {{"at_ms":60000,"do":"heal","from":{{"Broker":2}},"to":{{"Broker":1}}}},
               {{"at_ms":60000,"do":"heal","from":{{"Broker":3}},"to":{{"Broker":1}}}},
               {{"at_ms":90000,"do":"restart","broker":1}}"#,
            produce(1500, "a"),
            produce(40_000, "b")
        );
        let tcfg = format!(r#""unclean.leader.election.enable":{unclean}"#);
        let s = scenario("3.7", "", &tcfg, "all", "", &actions, 100_000);
        let sim = run(&s);
        let b = &sim.ledger()[1];
        assert!(b.acknowledged_at.is_some(), "{}", dump(&sim));
        let p = &sim.view().partitions[0];
        if unclean {
            assert!(p.leader.is_some());
            assert_eq!(sim.metrics().UncleanLeaderElectionsPerSec.Count, 1);
            assert!(sim.events().iter().any(|e| matches!(
                e.kind,
                EventKind::LeaderElected {
                    reason: ElectionReason::Unclean,
                    ..
                }
            )));
            // The old leader comes back, truncates, and the committed write is gone.
            assert!(
                b.committed_at.is_some() && b.lost_at.is_some(),
                "{}",
                dump(&sim)
            );
        } else {
            // Offline until the last ISR member (broker 1) came back; it leads again, nothing lost.
            assert_eq!(
                count(&sim, |k| matches!(k, EventKind::PartitionOffline { .. })),
                1,
                "{}",
                dump(&sim)
            );
            assert_eq!(p.leader, Some(1));
            assert!(b.lost_at.is_none());
            assert!(sim.ledger().iter().all(|m| m.held_by == vec![1, 2, 3]));
        }
    }
}

/// A produce at 1 s, broker 1 crashed at 3 s and restarted at 9 s, with `acks`.
fn crash_and_restart(acks: &str) -> Scenario {
    let actions = format!(
        r#"{},{{"at_ms":3000,"do":"crash","broker":1}},{{"at_ms":9000,"do":"restart","broker":1}}"#,
        produce(1000, "a")
    );
    scenario("3.7", "", "", acks, "", &actions, 40_000)
}

#[test]
fn same_scenario_gives_same_trace_hash_and_clone_continues_identically() {
    let s = crash_and_restart("all");
    let a = run(&s);
    let b = run(&s);
    assert_eq!(a.trace_hash(), b.trace_hash());
    let mut c = Sim::new(&s).unwrap();
    c.run_until(5000);
    let mut d = c.clone();
    while c.step() {}
    while d.step() {}
    assert_eq!(c.trace_hash(), a.trace_hash());
    assert_eq!(d.trace_hash(), a.trace_hash());
    assert_ne!(run(&crash_and_restart("1")).trace_hash(), a.trace_hash());
    let _ = NodeId::Zookeeper;
}

/// A run that stops recording (as sweeps and what-if forks do) is the same run: same
/// ledger, same view, same event count; only the kept events, the hash, the invariant
/// checks and the metrics (an observer of the kept events) stop. `Sim::with_seed` is `Sim::new` with the seed replaced.
#[test]
fn a_run_that_stops_recording_is_the_same_run() {
    let s = crash_and_restart("1");
    let full = run(&s);
    let mut quiet = Sim::with_seed(
        &Scenario {
            seed: 77,
            ..s.clone()
        },
        s.seed,
    )
    .unwrap();
    quiet.run_until(2000);
    let (kept, hash) = (quiet.events().len(), quiet.trace_hash());
    quiet.stop_recording();
    while quiet.step() {}
    assert_eq!(quiet.ledger(), full.ledger());
    // Metrics are an observer of the kept events, so a run that keeps none has none.
    let without_metrics = |sim: &Sim| {
        let mut v = sim.view();
        v.metrics = full.view().metrics;
        v
    };
    assert_eq!(without_metrics(&quiet), without_metrics(&full));
    assert_eq!(quiet.event_count(), full.event_count());
    assert!(
        full.event_count() > kept as u64,
        "events happened after 2 s"
    );
    assert_eq!((quiet.events().len(), quiet.trace_hash()), (kept, hash));
}

#[test]
fn replay_of_applied_actions_reproduces_the_run_bit_for_bit() {
    let s = scenario("3.7", "", "", "all", "", &produce(1000, "a"), 60_000);
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(1500);
    sim.apply(Action::Crash { broker: 1 }).unwrap();
    sim.step();
    sim.step();
    sim.apply(Action::Produce {
        producer: "p".into(),
        topic: "t".into(),
        partition: None,
        value: "b".into(),
        acks: None,
        count: Some(3),
    })
    .unwrap();
    sim.run_until(30_000);
    sim.apply(Action::Restart { broker: 1 }).unwrap();
    sim.apply(Action::Cut {
        from: NodeId::Broker(2),
        to: NodeId::Broker(3),
        both_ways: true,
    })
    .unwrap();
    sim.run_until(60_000);
    let mut r = Sim::replay(&s, sim.applied_actions(), sim.applied_at_steps()).unwrap();
    r.run_until(60_000);
    assert_eq!(r.trace_hash(), sim.trace_hash());
    assert_eq!(r.ledger(), sim.ledger());
    assert_eq!(r.view(), sim.view());
}

/// Partition.makeLeader records the LEO as the start of its leader epoch, and
/// maybeExpandIsr admits a follower only once it reached it (KAFKA-7128). A leader that
/// restarted and leads again at the same epoch (a controller that missed its death) reads
/// its HW from a lagging checkpoint; a returning follower whose LEO passed that HW but not
/// the leader's LEO must not join the ISR, or it could be elected without acknowledged
/// records.
#[test]
fn same_epoch_leader_after_restart_admits_a_follower_only_at_its_epoch_start_kafka_7128() {
    // One batch of ten, then (once 3 is out and the leader is at epoch 1) ten batches of one,
    // which the returning follower fetches one by one.
    let mut actions =
        r#"{"at_ms":1000,"do":"produce","producer":"p","topic":"t","value":"a","count":10},
        {"at_ms":2000,"do":"crash","broker":3}"#
            .to_string();
    for i in 0..10 {
        actions += &format!(
            r#",{{"at_ms":{},"do":"produce","producer":"p","topic":"t","value":"b{i}"}}"#,
            9000 + 100 * i
        );
    }
    let s = scenario(
        "2.0",
        r#""replica.fetch.max.bytes":1"#,
        "",
        "all",
        "",
        &actions,
        60_000,
    );
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(15_000);
    let (leader, epoch, isr, zk_version) = {
        let z = &sim.zk.partitions[0];
        (z.leader.unwrap(), z.leader_epoch, z.isr.clone(), z.version)
    };
    assert!(
        leader != 3 && !isr.contains(&3),
        "premise: 3 is out of the ISR"
    );
    let li = sim.bidx(leader).unwrap();
    assert_eq!(
        sim.brokers[li].replicas[0].as_ref().unwrap().log.hw,
        20,
        "premise"
    );
    // The leader restarts: its HW comes from a checkpoint taken at 10, and it receives a
    // LeaderAndIsr for the epoch it already led in.
    let r = sim.brokers[li].replicas[0].as_mut().unwrap();
    (r.role, r.epoch, r.log.hw) = (crate::broker::replica::Role::None, None, 10);
    let session = sim.brokers[li].session.unwrap();
    let controller_epoch = sim.brokers[li].controller_epoch_seen;
    let part = crate::net::msg::LeaderAndIsrPart {
        part: 0,
        leader: Some(leader),
        epoch,
        isr,
        replicas: vec![1, 2, 3],
        zk_version,
    };
    // The other ISR member cannot fetch, so the lagging HW stays where the checkpoint put it.
    let other = [1, 2].into_iter().find(|&b| b != leader).unwrap();
    sim.apply(Action::Cut {
        from: NodeId::Broker(other),
        to: NodeId::Broker(leader),
        both_ways: true,
    })
    .unwrap();
    sim.handle_leader_and_isr(li, controller_epoch, session, vec![part]);
    sim.apply(Action::Restart { broker: 3 }).unwrap();
    let fi = sim.bidx(3).unwrap();
    while sim.step() {
        if count(&sim, |k| {
            matches!(k, EventKind::IsrExpand { broker: 3, .. })
        }) > 0
        {
            let leo = sim.brokers[fi].replicas[0].as_ref().unwrap().log.leo();
            assert!(leo >= 20, "3 joined the ISR at LEO {leo}: {}", dump(&sim));
            return;
        }
    }
    panic!("3 never rejoined the ISR: {}", dump(&sim));
}

/// A request travels on a connection to one broker process: when that process dies, what
/// was on its way to it is lost and never reaches the restarted process (a zombie
/// controller's request sent before a crash once led the restarted broker, whose
/// controller epoch starts again at 0, to follow that zombie).
#[test]
fn messages_to_a_broker_that_dies_never_reach_its_next_incarnation() {
    let mut sim = Sim::new(&scenario("2.0", "", "", "all", "", "", 30_000)).unwrap();
    sim.run_until(1000);
    let leader = sim.view().partitions[0].leader.unwrap();
    let follower = [1, 2, 3].into_iter().find(|&b| b != leader).unwrap();
    sim.apply(Action::SetManualNetwork { on: true }).unwrap();
    sim.run_until(1600);
    let to_follower: Vec<u64> = sim
        .net
        .in_flight()
        .filter(|e| e.to == NodeId::Broker(follower))
        .map(|e| e.id)
        .collect();
    assert!(!to_follower.is_empty(), "premise: a fetch response waits");
    sim.apply(Action::Crash { broker: follower }).unwrap();
    sim.apply(Action::Restart { broker: follower }).unwrap();
    for id in to_follower {
        assert!(!sim.net.contains(id), "message {id} survived its receiver");
        assert!(sim.apply(Action::Deliver { message: id }).is_err());
    }
}
