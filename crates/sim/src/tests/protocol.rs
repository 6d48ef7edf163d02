use super::support::*;
use crate::action::Action;
use crate::events::{DownCause, ElectionReason, EventKind, KafkaError, LossCause};
use crate::ids::NodeId;
use crate::invariants::Invariant;
use crate::net::msg::Msg;
use crate::sim::Sim;

fn produce(at: u64, value: &str) -> String {
    format!(r#"{{"at_ms":{at},"do":"produce","producer":"p","topic":"t","value":"{value}"}}"#)
}

/// KIP-101 scenario 1: a follower that restarts truncates to its checkpointed HW, then
/// becomes leader (it registers again only once its old session expired, and cannot reach
/// the leader to rejoin the ISR, so the election is unclean); with the HW rule (0.10) the acknowledged second write is gone, with
/// leader-epoch truncation (0.11, 2.0) the follower could not reach the leader to ask,
/// so it truncated nothing and the write survives.
#[test]
fn kip_101_hw_truncation_loses_acknowledged_write_under_0_10_but_not_under_0_11() {
    for (proto, lost) in [("0.10", true), ("0.11", false), ("2.0", false)] {
        let actions = format!(
            r#"{},{},
               {{"at_ms":6050,"do":"cut","from":{{"Broker":2}},"to":{{"Broker":1}},"both_ways":false}},
               {{"at_ms":6060,"do":"crash","broker":2}},
               {{"at_ms":6100,"do":"restart","broker":2}},
               {{"at_ms":20000,"do":"crash","broker":1}},
               {{"at_ms":30000,"do":"heal","from":{{"Broker":2}},"to":{{"Broker":1}},"both_ways":false}},
               {{"at_ms":40000,"do":"restart","broker":1}}"#,
            produce(1000, "m1"),
            produce(6000, "m2")
        );
        let mut s = scenario(
            proto,
            "",
            r#""unclean.leader.election.enable":true"#,
            "all",
            r#""retries":0"#,
            &actions,
            60_000,
        );
        s.topics[0].replication_factor = 2;
        s.topics[0].assignment = Some([(0, vec![1, 2])].into_iter().collect());
        let mut sim = Sim::new(&s).unwrap();
        sim.run_until(500);
        assert_eq!(
            sim.view().controller,
            Some(3),
            "premise: the controller hosts no replica"
        );
        while sim.step() {}
        let m2 = &sim.ledger()[1];
        assert!(m2.acknowledged_at.is_some(), "{proto}: {}", dump(&sim));
        assert_eq!(m2.lost_at.is_some(), lost, "{proto}: {}", dump(&sim));
        let p = &sim.view().partitions[0];
        assert_eq!(p.leader, Some(2), "{proto}");
        // The old leader returned as a follower: both replicas agree again.
        assert!(
            p.replica_states
                .iter()
                .all(|r| r.log_end_offset == if lost { 1 } else { 2 }),
            "{proto}: {}",
            dump(&sim)
        );
    }
}

#[test]
fn returning_leader_truncates_its_unreplicated_epoch_suffix_to_the_new_leaders_epoch_end() {
    // Leader 1 writes "zombie" in epoch 0 that nobody fetched; 2 leads in epoch 1;
    // 1 returns, asks for the end of epoch 0 (OffsetsForLeaderEpoch), truncates, converges.
    let actions = format!(
        r#"{},
           {{"at_ms":2000,"do":"cut","from":{{"Broker":2}},"to":{{"Broker":1}}}},
           {{"at_ms":2000,"do":"cut","from":{{"Broker":3}},"to":{{"Broker":1}}}},
           {},
           {{"at_ms":2200,"do":"crash","broker":1}},
           {{"at_ms":2300,"do":"heal","from":{{"Broker":2}},"to":{{"Broker":1}}}},
           {{"at_ms":2300,"do":"heal","from":{{"Broker":3}},"to":{{"Broker":1}}}},
           {},
           {{"at_ms":40000,"do":"restart","broker":1}}"#,
        produce(1000, "a"),
        produce(2100, "zombie"),
        produce(30_000, "c")
    );
    let s = scenario("2.0", "", "", "1", r#""retries":0"#, &actions, 50_000);
    let sim = run(&s);
    let v = sim.view();
    let p = &v.partitions[0];
    let logs: Vec<Vec<String>> = p
        .replica_states
        .iter()
        .map(|r| r.log.iter().map(|x| x.value.clone()).collect())
        .collect();
    assert!(
        logs.iter().all(|l| l == &logs[0]),
        "replicas converge: {logs:?}\n{}",
        dump(&sim)
    );
    assert!(!logs[0].contains(&"zombie".to_string()));
    assert!(sim
        .events()
        .iter()
        .any(|e| matches!(&e.kind, EventKind::Truncated { broker: 1, .. })));
    assert!(
        sim.violations()
            .iter()
            .all(|v| v.invariant != Invariant::ReplicasAgreeBelowHw),
        "{:?}",
        sim.violations()
    );
    truncated_events_name_every_removed_record(&sim, "zombie");
}

/// Every `Truncated` event lists the records it removed: `removed` of them, at consecutive
/// offsets from `to_offset`, each naming its ledger message; `value` is among them, with
/// the leader epoch of the leader that appended it (the truncating broker, a zombie leader).
fn truncated_events_name_every_removed_record(sim: &Sim, value: &str) {
    let mut names = Vec::new();
    for e in sim.events() {
        if let EventKind::Truncated {
            broker,
            to_offset,
            removed,
            records,
            ..
        } = &e.kind
        {
            assert_eq!(records.len() as u64, *removed, "{e:?}");
            let offsets: Vec<_> = records.iter().map(|r| r.offset).collect();
            assert_eq!(
                offsets,
                (*to_offset..*to_offset + *removed).collect::<Vec<_>>(),
                "{e:?}"
            );
            for r in records {
                let m = sim
                    .ledger()
                    .iter()
                    .find(|m| m.id == r.message)
                    .expect("a ledger message");
                if m.value == value {
                    let appended = sim.events().iter().any(|a| {
                        matches!(&a.kind, EventKind::Appended { broker: b, base_offset, count, epoch, .. }
                            if b == broker && *base_offset <= r.offset && r.offset < base_offset + u64::from(*count) && *epoch == r.epoch)
                    });
                    assert!(
                        appended,
                        "{value} truncated with the epoch it was appended in: {r:?}"
                    );
                }
                names.push(m.value.clone());
            }
        }
    }
    assert!(
        names.iter().any(|n| n == value),
        "a truncation names {value}: {names:?}"
    );
}

#[test]
fn power_loss_on_every_replica_loses_unflushed_acknowledged_writes_and_breaks_strong_isr() {
    let actions = format!(
        r#"{},{{"at_ms":2000,"do":"power_loss","broker":1}},{{"at_ms":2000,"do":"power_loss","broker":2}},{{"at_ms":2000,"do":"power_loss","broker":3}}"#,
        produce(1000, "a")
    );
    let s = scenario("3.7", "", "", "all", "", &actions, 3000);
    let sim = run(&s);
    let m = &sim.ledger()[0];
    assert!(m.acknowledged_at.is_some());
    assert_eq!(m.lost_cause, Some(LossCause::PowerLoss));
    assert!(sim
        .violations()
        .iter()
        .any(|v| v.invariant == Invariant::StrongIsr));
    // With flush.messages=1 every append is fsynced: nothing is lost.
    let s = scenario(
        "3.7",
        "",
        r#""flush.messages":1"#,
        "all",
        "",
        &actions,
        3000,
    );
    let sim = run(&s);
    assert!(sim.ledger()[0].lost_at.is_none());
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
}

#[test]
fn leader_cut_from_zookeeper_acts_as_zombie_acks_1_then_truncates_on_return() {
    let actions = format!(
        r#"{{"at_ms":1000,"do":"cut","from":{{"Broker":1}},"to":"Zookeeper"}},{},{{"at_ms":30000,"do":"heal","from":{{"Broker":1}},"to":"Zookeeper"}}"#,
        produce(25_000, "z")
    );
    let s = scenario("3.7", "", "", "1", r#""retries":0"#, &actions, 40_000);
    let sim = run(&s);
    assert!(sim
        .events()
        .iter()
        .any(|e| matches!(e.kind, EventKind::SessionExpired { broker: 1 })));
    assert!(sim.events().iter().any(|e| matches!(
        e.kind,
        EventKind::LeaderElected {
            leader: 2,
            reason: ElectionReason::Clean,
            ..
        }
    )));
    let m = &sim.ledger()[0];
    assert!(
        m.acknowledged_at.is_some(),
        "the zombie still acknowledges acks=1: {}",
        dump(&sim)
    );
    assert_eq!(m.lost_cause, Some(LossCause::Truncation), "{}", dump(&sim));
    assert!(sim.events().iter().any(|e| matches!(
        e.kind,
        EventKind::IsrUpdateRejected { leader: 1, .. }
    ) || matches!(
        e.kind,
        EventKind::BecameFollower { broker: 1, .. }
    )));
}

#[test]
fn broker_rejects_requests_from_a_stale_controller_epoch() {
    let s = scenario("3.7", "", "", "1", "", "", 60_000);
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(1000);
    let c = sim.view().controller.unwrap();
    sim.apply(Action::Crash { broker: c }).unwrap();
    sim.run_until(30_000);
    assert_eq!(sim.view().controller_epoch, 2);
    let other = [1, 2, 3].into_iter().find(|&b| b != c).unwrap();
    let bi = sim.bidx(other).unwrap();
    let session = sim.brokers[bi].session.expect("registered");
    sim.handle_leader_and_isr(bi, 1, session, Vec::new());
    assert!(sim.events().iter().any(|e| matches!(
        e.kind,
        EventKind::StaleControllerEpochRejected {
            request_epoch: 1,
            known_epoch: 2,
            ..
        }
    )));
}

/// A quiet 3-broker run at 1 s: the sim, broker 2's index and its ZooKeeper session.
fn registered_broker_2() -> (Sim, usize, u64) {
    let mut sim = Sim::new(&scenario("3.7", "", "", "1", "", "", 60_000)).unwrap();
    sim.run_until(1000);
    let bi = sim.bidx(2).unwrap();
    let session = sim.brokers[bi].session.expect("registered");
    (sim, bi, session)
}

/// KIP-380: a controller request addressed to an older registration of the broker (its
/// broker epoch) is refused; so is any controller request before the broker registered.
#[test]
fn broker_refuses_controller_requests_for_another_broker_epoch_kip_380() {
    let (mut sim, bi, session) = registered_broker_2();
    let seen = sim.brokers[bi].controller_epoch_seen;
    assert!(
        !sim.accept_controller_request(bi, seen, session + 100),
        "stale broker epoch"
    );
    assert!(sim.accept_controller_request(bi, seen, session));
    sim.brokers[bi].session = None;
    assert!(
        !sim.accept_controller_request(bi, seen, session),
        "not registered"
    );
}

/// KafkaZkClient.registerBroker: a broker restarted within its old ZooKeeper session cannot
/// create `/brokers/ids/N` again (NodeExists) until that session expires; the controller
/// then sees a failure before the startup, and a new leader is elected meanwhile.
#[test]
fn fast_bounce_cannot_register_until_the_old_session_expires() {
    let actions = format!(
        r#"{},{{"at_ms":2000,"do":"crash","broker":1}},{{"at_ms":2500,"do":"restart","broker":1}}"#,
        produce(1000, "m1")
    );
    let mut s = scenario("3.7", "", "", "all", "", &actions, 40_000);
    s.cluster.config.insert(
        "zookeeper.session.timeout.ms".into(),
        serde_json::json!(6000),
    );
    let sim = run(&s);
    let registered: Vec<u64> = sim
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::BrokerRegistered { broker: 1 }))
        .map(|e| e.time_ms)
        .collect();
    let expired = sim
        .events()
        .iter()
        .find(|e| matches!(e.kind, EventKind::SessionExpired { broker: 1 }))
        .expect("old session expires");
    assert_eq!(registered.len(), 2, "{}", dump(&sim));
    assert!(
        registered[1] > expired.time_ms && expired.time_ms >= 2000 + 4000,
        "re-registered after expiry: {}",
        dump(&sim)
    );
    let p = &sim.view().partitions[0];
    assert_ne!(p.leader, Some(1), "the bounced leader lost leadership");
    assert!(p.leader_epoch >= 1);
}

#[test]
fn retries_without_idempotence_duplicate_and_with_idempotence_do_not() {
    for idem in [false, true] {
        let actions = format!(
            r#"{{"at_ms":500,"do":"cut","from":{{"Broker":1}},"to":{{"Producer":0}},"both_ways":false}},{},{{"at_ms":2500,"do":"heal","from":{{"Broker":1}},"to":{{"Producer":0}},"both_ways":false}}"#,
            produce(1000, "x")
        );
        let pcfg = format!(r#""enable.idempotence":{idem},"request.timeout.ms":1000,"retries":5"#);
        let s = scenario("3.7", "", "", "all", &pcfg, &actions, 6000);
        let sim = run(&s);
        let m = &sim.ledger()[0];
        assert!(m.acknowledged_at.is_some(), "{}", dump(&sim));
        assert_eq!(m.duplicates > 0, !idem, "{}", dump(&sim));
        let leo = sim.view().partitions[0].replica_states[0].log_end_offset;
        assert_eq!(leo, 1 + m.duplicates as u64);
    }
}

#[test]
fn controlled_shutdown_moves_leadership_first_then_stops() {
    let s = scenario(
        "3.7",
        "",
        "",
        "1",
        "",
        r#"{"at_ms":1000,"do":"controlled_shutdown","broker":1}"#,
        10_000,
    );
    let sim = run(&s);
    assert!(
        sim.events().iter().any(|e| matches!(
            e.kind,
            EventKind::LeaderElected {
                leader: 2,
                reason: ElectionReason::ControlledShutdown,
                ..
            }
        )),
        "{}",
        dump(&sim)
    );
    assert!(sim.events().iter().any(|e| matches!(
        e.kind,
        EventKind::BrokerDown {
            broker: 1,
            cause: DownCause::ControlledShutdown
        }
    )));
    let v = sim.view();
    assert_eq!(v.partitions[0].leader, Some(2));
    assert_eq!(v.partitions[0].isr, vec![2, 3]);
}

/// Each attempt reads the controller from ZooKeeper first (`KafkaServer.controlledShutdown`:
/// `zkClient.getControllerId`). A broker cut from ZooKeeper never learns it: no request
/// reaches the controller, leadership does not move first, and after the retries the
/// broker stops anyway.
#[test]
fn a_broker_cut_from_zookeeper_cannot_find_the_controller_and_stops_without_moving_leaders() {
    let s = scenario(
        "3.7",
        "",
        "",
        "1",
        "",
        r#"{"at_ms":900,"do":"cut","from":{"Broker":1},"to":"Zookeeper","both_ways":false},
           {"at_ms":1000,"do":"controlled_shutdown","broker":1}"#,
        30_000,
    );
    let sim = run(&s);
    let events: Vec<&EventKind> = sim.events().iter().map(|e| &e.kind).collect();
    assert!(
        !events.iter().any(|e| matches!(
            e,
            EventKind::LeaderElected {
                reason: ElectionReason::ControlledShutdown,
                ..
            }
        )),
        "{}",
        dump(&sim)
    );
    let down = sim.events().iter().find(|e| {
        matches!(
            e.kind,
            EventKind::BrokerDown {
                broker: 1,
                cause: DownCause::ControlledShutdown
            }
        )
    });
    let down = down.expect("it stops after its retries");
    assert!(
        down.time_ms >= 1000 + 2 * 5000,
        "after the retries: {}",
        down.time_ms
    );
}

#[test]
fn preferred_leader_election_after_restart_returns_leadership_to_first_replica() {
    let actions = r#"{"at_ms":1000,"do":"crash","broker":1},{"at_ms":30000,"do":"restart","broker":1},{"at_ms":40000,"do":"preferred_election"}"#;
    let s = scenario("3.7", "", "", "1", "", actions, 45_000);
    let sim = run(&s);
    assert!(
        sim.events().iter().any(|e| matches!(
            e.kind,
            EventKind::LeaderElected {
                leader: 1,
                reason: ElectionReason::Preferred,
                ..
            }
        )),
        "{}",
        dump(&sim)
    );
    assert_eq!(sim.view().partitions[0].leader, Some(1));
}

#[test]
fn auto_leader_rebalance_moves_leadership_back_after_the_check_interval() {
    let actions =
        r#"{"at_ms":1000,"do":"crash","broker":1},{"at_ms":30000,"do":"restart","broker":1}"#;
    let s = scenario(
        "3.7",
        r#""leader.imbalance.check.interval.seconds":60"#,
        "",
        "1",
        "",
        actions,
        130_000,
    );
    let sim = run(&s);
    assert_eq!(sim.view().partitions[0].leader, Some(1), "{}", dump(&sim));
}

#[test]
fn reassignment_to_a_new_broker_adds_it_catches_up_then_drops_the_old_replica() {
    let mut s = scenario(
        "3.7",
        "",
        "",
        "all",
        "",
        &format!(
            r#"{},{{"at_ms":2000,"do":"reassign","topic":"t","partition":0,"replicas":[2,3,4]}}"#,
            produce(1000, "a")
        ),
        20_000,
    );
    s.cluster.brokers.push(4);
    let sim = run(&s);
    let v = sim.view();
    let p = &v.partitions[0];
    assert_eq!(p.replicas, vec![2, 3, 4], "{}", dump(&sim));
    assert_eq!(p.isr, vec![2, 3, 4]);
    assert!(p.leader.is_some_and(|l| l != 1));
    assert!(sim
        .events()
        .iter()
        .any(|e| matches!(e.kind, EventKind::ReassignmentCompleted { .. })));
    assert_eq!(sim.ledger()[0].held_by, vec![2, 3, 4]);
}

#[test]
fn consumer_group_rebalances_on_join_and_leave_and_every_group_gets_every_message() {
    let mut s = scenario(
        "3.7",
        "",
        "",
        "1",
        "",
        &format!(
            r#"{},{{"at_ms":3000,"do":"consumer_leave","consumer":"c"}},{}"#,
            produce(1000, "a"),
            produce(4000, "b")
        ),
        8000,
    );
    s.topics[0].partitions = 2;
    s.topics[0].assignment = Some(
        [(0, vec![1, 2, 3]), (1, vec![2, 3, 1])]
            .into_iter()
            .collect(),
    );
    s.consumers = vec![
        consumer("c", "g"),
        consumer("d", "g"),
        consumer("e", "other"),
    ];
    let sim = run(&s);
    let first = sim.events().iter().find_map(|e| match &e.kind {
        EventKind::GroupRebalanced {
            group, assignment, ..
        } if group == "g" && assignment.len() == 2 => Some(assignment.clone()),
        _ => None,
    });
    let first = first.expect("two members");
    assert_eq!(first[0].1.len() + first[1].1.len(), 2);
    let c_view = &sim.view().consumers;
    assert_eq!(
        c_view
            .iter()
            .find(|c| c.name == "d")
            .unwrap()
            .assignment
            .len(),
        2
    );
    for m in sim.ledger() {
        assert!(
            m.consumed_by.contains(&"g".to_string())
                && m.consumed_by.contains(&"other".to_string()),
            "{m:?}"
        );
    }
}

#[test]
fn manual_network_holds_messages_until_delivered_or_dropped() {
    let s = scenario("3.7", "", "", "1", "", "", 10_000);
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(1000);
    sim.apply(Action::SetManualNetwork { on: true }).unwrap();
    sim.apply(Action::Produce {
        producer: "p".into(),
        topic: "t".into(),
        partition: Some(0),
        value: "v".into(),
        acks: None,
        count: None,
    })
    .unwrap();
    sim.run_until(1500);
    let v = sim.view();
    let held: Vec<_> = v.in_flight.iter().filter(|m| m.held).collect();
    assert!(!held.is_empty());
    let produce = held
        .iter()
        .find(|m| m.kind == "Produce" || m.kind == "Metadata")
        .expect("client request held");
    let id = produce.id;
    assert_eq!(sim.ledger()[0].appended_at, None);
    sim.apply(Action::Drop { message: id }).unwrap();
    assert!(sim.apply(Action::Deliver { message: id }).is_err());
    assert!(sim.events().iter().any(|e| matches!(
        e.kind,
        EventKind::MessageDropped {
            from: NodeId::Producer(0),
            ..
        }
    )));
    sim.apply(Action::SetManualNetwork { on: false }).unwrap();
    sim.run_until(10_000);
    assert!(sim.view().in_flight.iter().all(|m| !m.held));
}

/// Partition.makeFollower: from Kafka 2.1 (the 2.0 preset here) a new leader epoch with the
/// same leader restarts the follower's fetcher and truncation; 0.11 skips it.
#[test]
fn same_leader_epoch_bump_restarts_truncation_from_2_1_not_in_0_11() {
    for (proto, restarts) in [("0.11", false), ("2.0", true), ("3.7", true)] {
        // Broker 3 dies: the controller removes it from the ISR with a new epoch, leader 1 unchanged.
        let actions = format!(
            r#"{},{{"at_ms":3000,"do":"crash","broker":3}}"#,
            produce(1000, "m1")
        );
        let sim = run(&scenario(proto, "", "", "all", "", &actions, 20_000));
        assert_eq!(sim.view().partitions[0].leader, Some(1), "{proto}: premise");
        assert!(
            sim.view().partitions[0].leader_epoch >= 1,
            "{proto}: premise: the epoch was bumped"
        );
        let became = count(&sim, |k| {
            matches!(k, EventKind::BecameFollower { broker: 2, .. })
        });
        assert_eq!(
            became > 1,
            restarts,
            "{proto}: BecameFollower of broker 2 seen {became} times\n{}",
            dump(&sim)
        );
    }
}

/// ZooKeeper answers belong to the session they were sent in: a late ZkSessionExpired about
/// an older session leaves the broker's live session (and its registration) alone.
#[test]
fn stale_session_expired_answer_changes_nothing() {
    let (mut sim, bi, session) = registered_broker_2();
    sim.broker_handle(
        bi,
        NodeId::Zookeeper,
        crate::net::msg::Msg::ZkSessionExpired {
            session: session - 1,
        },
        0,
    );
    sim.run_until(30_000);
    assert_eq!(sim.brokers[bi].session, Some(session), "{}", dump(&sim));
    assert_eq!(
        count(&sim, |k| matches!(k, EventKind::SessionExpired { .. })),
        0,
        "{}",
        dump(&sim)
    );
    assert_eq!(
        count(&sim, |k| matches!(
            k,
            EventKind::BrokerRegistered { broker: 2 }
        )),
        1
    );
}

/// StrongIsr also catches the other order: a producer told of success for a message that
/// had already left every replica.
#[test]
fn acknowledgement_of_a_message_already_lost_breaks_strong_isr() {
    let actions = produce(1000, "m1");
    let mut sim = Sim::new(&scenario("3.7", "", "", "all", "", &actions, 5_000)).unwrap();
    while sim.ledger().first().is_none_or(|m| m.held_by.len() < 3) {
        assert!(sim.step(), "premise: m1 reaches every replica");
    }
    for b in 0..3 {
        sim.truncate(b, 0, 0, crate::config::TruncationRule::LeaderEpochWalkBack);
    }
    assert!(
        sim.ledger()[0].lost_at.is_some() && sim.violations().is_empty(),
        "lost before any acknowledgement"
    );
    sim.ledger.acknowledged(0, sim.now);
    sim.check_acknowledged_loss(0);
    let v = &sim.violations()[0];
    assert_eq!(
        (v.invariant, v.expected_under),
        (Invariant::StrongIsr, None)
    );
}

/// Partition.appendRecordsToLeader from 3.7: acks=all is held to the effective min ISR,
/// min(`min.insync.replicas`, replication factor); before 3.7, to the raw setting.
#[test]
fn effective_min_isr_is_capped_at_the_replication_factor_from_3_7() {
    for (proto, accepted) in [("2.5", false), ("3.7", true)] {
        let mut s = scenario(
            proto,
            "",
            r#""min.insync.replicas":3"#,
            "all",
            r#""retries":0"#,
            &produce(1000, "m1"),
            10_000,
        );
        s.topics[0].replication_factor = 2;
        s.topics[0].assignment = Some([(0, vec![1, 2])].into_iter().collect());
        let sim = run(&s);
        let m = &sim.ledger()[0];
        assert_eq!(
            m.acknowledged_at.is_some(),
            accepted,
            "{proto}: {m:?}\n{}",
            dump(&sim)
        );
        if !accepted {
            assert_eq!(m.error.as_deref(), Some("NOT_ENOUGH_REPLICAS"), "{proto}");
        }
    }
}

/// KafkaController.doRemoveReplicasFromIsr: when every ISR member dies at once the controller
/// removes them one at a time and never the last, so exactly one stays in the ISR; with
/// unclean election off only that one may lead again. (Broker 2's session expires first;
/// the controller takes it out of the ISR, then broker 1, the last member, stays.)
#[test]
fn isr_never_empties_when_every_member_dies_at_once() {
    let actions = format!(
        r#"{},{{"at_ms":2000,"do":"crash","broker":1}},{{"at_ms":2000,"do":"crash","broker":2}},
           {{"at_ms":25000,"do":"restart","broker":2}},{{"at_ms":45000,"do":"restart","broker":1}}"#,
        produce(1000, "m1")
    );
    let mut s = scenario("3.7", "", "", "all", "", &actions, 70_000);
    s.topics[0].replication_factor = 2;
    s.topics[0].assignment = Some([(0, vec![1, 2])].into_iter().collect());
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(500);
    assert_eq!(
        sim.view().controller,
        Some(3),
        "premise: the controller hosts no replica"
    );
    sim.run_until(24_000);
    let p = sim.view().partitions[0].clone();
    assert_eq!(
        (p.leader, p.isr.clone()),
        (None, vec![1]),
        "exactly one member stays: {}",
        dump(&sim)
    );
    sim.run_until(44_000);
    assert_eq!(
        sim.view().partitions[0].leader,
        None,
        "broker 2 is out of the ISR: it may not lead"
    );
    while sim.step() {}
    assert_eq!(sim.view().partitions[0].leader, Some(1));
    assert!(sim.ledger()[0].acknowledged_at.is_some() && sim.ledger()[0].lost_at.is_none());
}

/// ReplicaFetcherManager.addFetcherForPartitions: LeaderAndIsr for a new leader starts a
/// fresh fetcher at once. Broker 2's last fetch to broker 1 died with broker 1; when 1 leads
/// again, 2 fetches from it right away instead of waiting out `replica.socket.timeout.ms`.
#[test]
fn follower_fetches_from_a_returning_leader_at_once() {
    let actions = format!(
        r#"{},{{"at_ms":2000,"do":"crash","broker":1}},{{"at_ms":2500,"do":"restart","broker":1}},
           {{"at_ms":12000,"do":"preferred_election"}},{}"#,
        produce(1000, "m1"),
        produce(14_000, "m2")
    );
    let mut s = scenario(
        "3.7",
        r#""zookeeper.session.timeout.ms":3000"#,
        "",
        "all",
        "",
        &actions,
        40_000,
    );
    s.topics[0].replication_factor = 2;
    s.topics[0].assignment = Some([(0, vec![1, 2])].into_iter().collect());
    let sim = run(&s);
    let back = sim.events().iter().find(|e| {
        e.time_ms >= 12_000 && matches!(e.kind, EventKind::BecameLeader { broker: 1, .. })
    });
    assert!(
        back.is_some(),
        "premise: broker 1 leads again\n{}",
        dump(&sim)
    );
    let m2 = &sim.ledger()[1];
    assert!(
        m2.acknowledged_at.is_some_and(|t| t < 15_000),
        "m2 waited for broker 2's fetch: {m2:?}\n{}",
        dump(&sim)
    );
}

/// AbstractFetcherThread.truncateToEpochEndOffsets: an OffsetsForLeaderEpoch answer to a
/// request sent at an older leader epoch (here: a paused leader answering late) is ignored;
/// only the answer to the request of the current epoch truncates.
#[test]
fn epoch_query_answer_from_an_older_leader_epoch_is_ignored_truncate_to_epoch_end_offsets() {
    use crate::broker::replica::Role;
    let mut sim = Sim::new(&scenario(
        "2.5",
        "",
        "",
        "all",
        "",
        &produce(200, "m1"),
        5_000,
    ))
    .unwrap();
    sim.run_until(2_000);
    let b = sim.bidx(2).unwrap();
    let r = sim.brokers[b].replicas[0].as_mut().unwrap();
    assert_eq!(
        (r.log.leo(), r.epoch),
        (1, Some(0)),
        "premise: follower 2 holds m1 at epoch 0"
    );
    r.epoch = Some(1);
    let Role::Follower(f) = &mut r.role else {
        panic!("broker 2 follows")
    };
    assert_eq!(f.leader, 1);
    f.truncating = true;
    sim.handle_epoch_end(b, NodeId::Broker(1), 0, 0, Some((0, 0)), None);
    assert_eq!(
        sim.brokers[b].replicas[0].as_ref().unwrap().log.leo(),
        1,
        "the stale answer truncates nothing"
    );
    sim.handle_epoch_end(b, NodeId::Broker(1), 0, 1, Some((0, 0)), None);
    assert_eq!(
        sim.brokers[b].replicas[0].as_ref().unwrap().log.leo(),
        0,
        "the current answer is applied"
    );
}

/// The answer the leader of partition 0 puts on the network to an OffsetsForLeaderEpoch
/// asked by a follower that knows leader epoch `current`.
fn epoch_query_answer(protocol: &str, current: u32) -> Option<KafkaError> {
    let mut sim = Sim::new(&scenario(protocol, "", "", "1", "", "", 60_000)).unwrap();
    sim.run_until(1000);
    let leader = sim.view().partitions[0].leader.expect("elected");
    let bi = sim.bidx(leader).unwrap();
    let follower = sim.view().partitions[0]
        .replicas
        .iter()
        .copied()
        .find(|&r| r != leader)
        .unwrap();
    sim.handle_offsets_for_leader_epoch(bi, NodeId::Broker(follower), 0, 0, current);
    let answer = sim.net.in_flight().find_map(|e| match e.msg {
        Msg::OffsetsForLeaderEpochResponse { error, .. } => Some(error),
        _ => None,
    });
    answer.expect("answered")
}

/// KIP-320 (Kafka 2.1; the 2.0 preset and later here): a leader that has not yet learned
/// the follower's leader epoch answers UNKNOWN_LEADER_EPOCH instead of an end offset from a
/// log it may still truncate (soak finding fdb3940465b4d629: a follower kept a record its
/// leader later truncated, and rejoined the ISR with it); before 2.0 the epoch is not checked.
#[test]
fn offsets_for_leader_epoch_checks_the_current_leader_epoch_kip_320() {
    assert_eq!(epoch_query_answer("2.0", 0), None);
    assert_eq!(
        epoch_query_answer("2.0", 1),
        Some(KafkaError::UNKNOWN_LEADER_EPOCH)
    );
    assert_eq!(
        epoch_query_answer("3.7", 1),
        Some(KafkaError::UNKNOWN_LEADER_EPOCH)
    );
    assert_eq!(epoch_query_answer("0.11", 1), None, "before KIP-320");
}
