//! Consumer groups through the coordinator: failover of the coordinator (the leader of
//! the group's `__consumer_offsets` partition) keeps the committed offsets, because they
//! are replicated records of that partition (Kafka: GroupMetadataManager).

use super::support::*;
use crate::action::Action;
use crate::client::coordinator::{offsets_partition_for, OFFSETS_TOPIC};
use crate::events::EventKind;
use crate::sim::Sim;

fn produce(at: u64, value: &str, count: u32) -> String {
    format!(
        r#"{{"at_ms":{at},"do":"produce","producer":"p","topic":"t","partition":0,"value":"{value}","count":{count}}}"#
    )
}

#[test]
fn coordinator_is_the_leader_of_the_groups_offsets_partition() {
    let mut s = scenario("3.7", "", "", "all", "", "", 5000);
    s.consumers = vec![consumer("c", "g")];
    let sim = run(&s);
    let v = sim.view();
    let p = offsets_partition_for("g", 3);
    let internal = v
        .internal_partitions
        .iter()
        .find(|x| x.tp.topic == OFFSETS_TOPIC && x.tp.partition == p)
        .expect("internal partition");
    assert_eq!(
        v.consumers[0].coordinator,
        internal.leader,
        "{}",
        dump(&sim)
    );
    assert_eq!(
        v.partitions.len(),
        1,
        "the internal topic is not among the scenario's partitions"
    );
}

#[test]
fn coordinator_failover_consumer_rediscovers_it_and_committed_offsets_survive() {
    let mut s = scenario(
        "3.7",
        "",
        "",
        "all",
        "",
        &format!("{},{}", produce(1000, "a", 5), produce(4000, "b", 3)),
        30_000,
    );
    s.consumers = vec![consumer("c", "g")];
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(2000);
    let old = sim.view().consumers[0]
        .coordinator
        .expect("coordinator found");
    assert_eq!(
        sim.view().consumers[0].assignment[0].2,
        Some(5),
        "5 records committed: {}",
        dump(&sim)
    );
    sim.apply(Action::Crash { broker: old }).unwrap();
    while sim.step() {}
    let new = sim.view().consumers[0].coordinator.expect("rediscovered");
    assert_ne!(new, old);
    assert!(
        count(
            &sim,
            |k| matches!(k, EventKind::CoordinatorFound { coordinator, .. } if *coordinator == new)
        ) >= 1
    );
    // Records committed before the failover are never read again: the new coordinator
    // found offset 5 in its replica of the offsets partition.
    for m in sim.ledger().iter().filter(|m| m.value.starts_with("a-")) {
        assert_eq!(
            m.consumptions.len(),
            1,
            "no rewind to 0 after failover: {m:?}\n{}",
            dump(&sim)
        );
    }
    let found = sim.events().iter().position(
        |e| matches!(e.kind, EventKind::CoordinatorFound { coordinator, .. } if coordinator == new),
    );
    let resumed = sim
        .events()
        .range(found.expect("found"), usize::MAX)
        .find_map(|e| match e.kind {
            EventKind::Consumed { from_offset, .. } => Some(from_offset),
            _ => None,
        });
    assert_eq!(resumed, Some(5), "{}", dump(&sim));
    assert_eq!(
        sim.view().consumers[0].assignment[0].2,
        Some(8),
        "{}",
        dump(&sim)
    );
}

#[test]
fn consumer_leave_rebalances_at_once_but_crash_waits_for_the_session_timeout() {
    for (action, session_ms) in [("consumer_leave", 10_000u64), ("consumer_crash", 10_000)] {
        let leave = format!(r#"{{"at_ms":2000,"do":"{action}","consumer":"c"}}"#);
        let mut s = scenario("2.5", "", "", "all", "", &leave, 20_000);
        s.consumers = vec![consumer("c", "g"), consumer("d", "g")];
        assert_eq!(
            sim_session(&s),
            session_ms,
            "2.5 preset: session.timeout.ms 10000"
        );
        let sim = run(&s);
        let moved = sim.events().iter().rev().find_map(|e| match &e.kind {
            EventKind::GroupRebalanced { assignment, .. }
                if assignment.len() == 1 && assignment[0].0 == "d" =>
            {
                Some(e.time_ms)
            }
            _ => None,
        });
        let moved = moved.expect("d got everything");
        if action == "consumer_leave" {
            assert!(moved < 2100, "LeaveGroup: at once ({moved})");
        } else {
            assert!(
                (2000 + session_ms - 3000..=2000 + session_ms).contains(&moved),
                "session timeout ({moved})"
            );
        }
    }
}

fn sim_session(s: &crate::scenario::Scenario) -> u64 {
    Sim::new(s).unwrap().consumers[0].cfg.session_timeout_ms
}

#[test]
fn add_consumer_joins_its_group_during_a_run_and_remove_consumer_leaves_it_at_once() {
    let mut s = scenario("2.5", "", "", "all", "", "", 20_000);
    s.consumers = vec![consumer("c", "g")];
    let topic = s.topics[0].name.clone();
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(3000);
    let add = |name: &str| Action::AddConsumer {
        name: name.into(),
        group: "g".into(),
        topics: vec![topic.clone()],
        commit: Default::default(),
    };
    sim.apply(add("d")).unwrap();
    assert!(sim.apply(add("c")).is_err(), "a name in use is refused");
    let bad = Action::AddConsumer {
        name: "x".into(),
        group: "g".into(),
        topics: vec!["nope".into()],
        commit: Default::default(),
    };
    assert!(sim.apply(bad).is_err(), "an unknown topic is refused");
    sim.run_until(8000);
    let members = |sim: &Sim, after: u64| {
        sim.events().iter().rev().find_map(|e| match &e.kind {
            EventKind::GroupRebalanced { assignment, .. } if e.time_ms >= after => {
                Some(assignment.iter().map(|a| a.0.clone()).collect::<Vec<_>>())
            }
            _ => None,
        })
    };
    let mut joined = members(&sim, 3000).expect("a rebalance after d joined");
    joined.sort();
    assert_eq!(joined, ["c", "d"], "{}", dump(&sim));
    sim.apply(Action::RemoveConsumer { name: "d".into() })
        .unwrap();
    sim.run_until(8100);
    assert_eq!(
        members(&sim, 8000),
        Some(vec!["c".to_string()]),
        "LeaveGroup: at once\n{}",
        dump(&sim)
    );
    assert_eq!(
        sim.view()
            .consumers
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["c"]
    );
    assert!(
        sim.apply(Action::RemoveConsumer { name: "d".into() })
            .is_err(),
        "an unknown name is refused"
    );
    sim.apply(add("d")).unwrap();
    sim.run_until(12_000);
    assert_eq!(
        sim.view().consumers.len(),
        2,
        "a removed consumer's name is free again"
    );
}

/// Consumer lag in the view is the leader's HW minus the consumer's position (Kafka's
/// `records-lag`): 0 once caught up, and records the consumer cannot reach while cut off
/// from the leader count.
#[test]
fn consumer_lag_is_zero_when_caught_up_and_counts_committed_records_not_yet_fetched() {
    let mut s = scenario("3.7", "", "", "all", "", &produce(1000, "a", 2), 60_000);
    s.consumers = vec![consumer("c", "g")];
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(3000);
    assert_eq!(sim.view().consumers[0].lag, 0, "caught up: {}", dump(&sim));
    let leader = sim.view().partitions[0].leader.expect("a leader");
    let (c, l) = (
        crate::ids::NodeId::Consumer(0),
        crate::ids::NodeId::Broker(leader),
    );
    sim.apply(Action::Cut {
        from: c,
        to: l,
        both_ways: true,
    })
    .unwrap();
    sim.apply(Action::Produce {
        producer: "p".into(),
        topic: "t".into(),
        partition: Some(0),
        value: "b".into(),
        acks: None,
        count: Some(3),
    })
    .unwrap();
    sim.run_until(5000);
    let v = sim.view();
    let hw = v.partitions[0].high_watermark;
    let position = v.consumers[0].assignment[0].1;
    assert_eq!(hw, 5, "the three new records are committed: {}", dump(&sim));
    assert_eq!(v.consumers[0].lag, hw - position);
    assert_eq!(
        v.consumers[0].lag, 3,
        "the cut-off consumer is three records behind"
    );
}

/// NetworkClient's `request.timeout.ms`: a consumer's fetch lost to a cut link is given up
/// after 30 s (its connection closed) and sent again, so the consumer reads on after the
/// link heals instead of waiting for an answer that can never come.
#[test]
fn consumer_fetch_lost_to_a_cut_is_retried_after_request_timeout() {
    let mut s = scenario("3.7", "", "", "all", "", &produce(1000, "a", 2), 60_000);
    s.consumers = vec![consumer("c", "g")];
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(3000);
    let consumed = |sim: &Sim| {
        sim.ledger()
            .iter()
            .filter(|m| !m.consumed_by.is_empty())
            .count()
    };
    assert_eq!(
        consumed(&sim),
        2,
        "premise: the consumer reads: {}",
        dump(&sim)
    );
    let leader = sim.view().partitions[0].leader.unwrap();
    let link = (
        crate::ids::NodeId::Consumer(0),
        crate::ids::NodeId::Broker(leader),
    );
    let cut = Action::Cut {
        from: link.0,
        to: link.1,
        both_ways: false,
    };
    sim.apply(cut).unwrap();
    sim.run_until(4000);
    sim.apply(Action::Heal {
        from: link.0,
        to: link.1,
        both_ways: false,
    })
    .unwrap();
    let b = Action::Produce {
        producer: "p".into(),
        topic: "t".into(),
        partition: Some(0),
        value: "b".into(),
        acks: None,
        count: None,
    };
    sim.apply(b).unwrap();
    sim.run_until(40_000);
    assert_eq!(
        consumed(&sim),
        3,
        "the consumer reads on after the heal: {}",
        dump(&sim)
    );
}
