//! The controller's request channels (`ControllerChannelManager`): one request in flight
//! per broker, in order, sent again when it goes unanswered.

use super::support::*;
use crate::action::Action;
use crate::ids::NodeId;
use crate::net::msg::Msg;
use crate::sim::Sim;
use std::collections::BTreeMap;

fn is_controller_request(m: &Msg) -> bool {
    matches!(
        m,
        Msg::LeaderAndIsr { .. } | Msg::UpdateMetadata { .. } | Msg::StopReplica { .. }
    )
}

/// RequestSendThread sends one request and waits for its response before the next: with
/// 400 ms of jitter and elections, reassignments and a crash in quick succession, no two
/// controller requests to the same broker are ever on the network together, so none can
/// overtake another.
#[test]
fn controller_requests_to_a_broker_are_sent_one_at_a_time_controller_channel_manager() {
    let actions = r#"{"at_ms":3000,"do":"reassign","topic":"t","partition":0,"replicas":[2,3,1]},
        {"at_ms":3010,"do":"preferred_election"},
        {"at_ms":3020,"do":"reassign","topic":"t","partition":0,"replicas":[3,1,2]},
        {"at_ms":3030,"do":"preferred_election"},
        {"at_ms":3040,"do":"crash","broker":1},
        {"at_ms":3050,"do":"restart","broker":1},
        {"at_ms":20000,"do":"reassign","topic":"t","partition":0,"replicas":[1,2,3]},
        {"at_ms":20005,"do":"preferred_election"}"#;
    let mut s = scenario("2.0", "", "", "all", "", actions, 60_000);
    s.cluster.network.jitter_ms = 400;
    let mut sim = Sim::new(&s).unwrap();
    let mut most_queued = 0;
    while sim.step() {
        let mut on_net: BTreeMap<(NodeId, NodeId), u32> = BTreeMap::new();
        for e in sim
            .net
            .in_flight()
            .filter(|e| is_controller_request(&e.msg))
        {
            *on_net.entry((e.from, e.to)).or_default() += 1;
        }
        if let Some((link, n)) = on_net.iter().find(|(_, &n)| n > 1) {
            panic!("{n} controller requests on {link:?} at {}", sim.now());
        }
        let queued = sim
            .brokers
            .iter()
            .filter_map(|b| b.controller.as_ref())
            .flat_map(|c| &c.channels)
            .map(|ch| ch.queue.len())
            .max()
            .unwrap_or(0);
        most_queued = most_queued.max(queued);
    }
    assert!(most_queued >= 2, "premise: requests waited in a queue");
    let p = &sim.view().partitions[0];
    assert_eq!(p.leader, Some(1), "the last preferred election took effect");
}

/// A LeaderAndIsr lost to a cut between the controller and a follower is sent again after
/// `request.timeout.ms` once the link heals, and the follower follows the new leader.
#[test]
fn controller_request_lost_to_a_cut_is_sent_again_controller_channel_manager() {
    let mut sim = Sim::new(&scenario("2.0", "", "", "all", "", "", 90_000)).unwrap();
    sim.run_until(2000);
    let c = sim.view().controller.unwrap();
    let leader = sim.view().partitions[0].leader.unwrap();
    assert_ne!(c, leader, "premise: the controller does not lead");
    let follower = [1, 2, 3]
        .into_iter()
        .find(|&b| b != c && b != leader)
        .unwrap();
    let cut = |from, to| Action::Cut {
        from: NodeId::Broker(from),
        to: NodeId::Broker(to),
        both_ways: false,
    };
    sim.apply(cut(c, follower)).unwrap();
    sim.apply(Action::Crash { broker: leader }).unwrap();
    sim.run_until(15_000);
    let z = sim.zk.partitions[0].clone();
    let fi = sim.bidx(follower).unwrap();
    let epoch = |sim: &Sim| sim.brokers[fi].replicas[0].as_ref().unwrap().epoch;
    assert!(
        z.leader_epoch > 0 && epoch(&sim) < Some(z.leader_epoch),
        "premise: lost"
    );
    sim.apply(Action::Heal {
        from: NodeId::Broker(c),
        to: NodeId::Broker(follower),
        both_ways: false,
    })
    .unwrap();
    sim.run_until(60_000);
    assert_eq!(
        epoch(&sim),
        Some(sim.zk.partitions[0].leader_epoch),
        "{}",
        dump(&sim)
    );
    assert!(
        sim.view().partitions[0].isr.contains(&follower),
        "{}",
        dump(&sim)
    );
}
