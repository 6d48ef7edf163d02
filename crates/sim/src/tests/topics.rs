//! Topics created and grown on a running cluster (`create_topic`, `create_partitions`):
//! placed as Kafka's AdminZkClient places them, written to ZooKeeper, created by the
//! controller when its topic watch fires, and then used like the scenario's own topics.

use super::support::{count, dump, scenario};
use crate::action::Action;
use crate::action_check::ActionRefusal;
use crate::events::{ElectionReason, EventKind};
use crate::ids::NodeId;
use crate::placement::PlacementError;
use crate::scenario::TopicSpec;
use crate::sim::Sim;

fn spec(json: &str) -> TopicSpec {
    serde_json::from_str(json).expect("valid topic spec")
}

fn produce(topic: &str, partition: u32, value: &str) -> Action {
    Action::Produce {
        producer: "p".into(),
        topic: topic.into(),
        partition: Some(partition),
        value: value.into(),
        acks: None,
        count: None,
    }
}

/// One partition as described: (partition, leader, ISR sorted, replicas).
type Described = (u32, Option<u32>, Vec<u32>, Vec<u32>);

/// Each partition of `topic` in the view.
fn described(sim: &Sim, topic: &str) -> Vec<Described> {
    let view = sim.view();
    (view.partitions.iter())
        .filter(|p| p.tp.topic == topic)
        .map(|p| {
            let mut isr = p.isr.clone();
            isr.sort_unstable();
            (p.tp.partition, p.leader, isr, p.replicas.clone())
        })
        .collect()
}

/// The broker acting as controller now.
fn controller(sim: &Sim) -> u32 {
    let view = sim.view();
    view.brokers.iter().find(|b| b.is_controller).unwrap().id
}

fn acknowledged(sim: &Sim, topic: &str) -> usize {
    (sim.ledger().iter())
        .filter(|m| m.tp.topic == topic && m.acknowledged_at.is_some())
        .count()
}

#[test]
fn a_created_topic_is_led_by_its_first_replicas_and_takes_acks_all_writes() {
    let s = scenario("3.7", "", "", "all", "", "", 6000);
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(1000);
    let assignment = r#"{"0":[2,3,1],"1":[3,1,2]}"#;
    let new = spec(&format!(
        r#"{{"name":"orders","partitions":2,"replication_factor":3,"assignment":{assignment},"config":{{"min.insync.replicas":2}}}}"#
    ));
    sim.apply(Action::CreateTopic { topic: new }).unwrap();
    // Written to ZooKeeper, not created yet: no leader until the controller's watch fires.
    assert_eq!(described(&sim, "orders")[0].1, None);
    sim.run_until(2000);
    assert_eq!(
        described(&sim, "orders"),
        vec![
            (0, Some(2), vec![1, 2, 3], vec![2, 3, 1]),
            (1, Some(3), vec![1, 2, 3], vec![3, 1, 2]),
        ],
        "{}",
        dump(&sim)
    );
    let initial = |k: &EventKind| matches!(k, EventKind::LeaderElected { tp, reason: ElectionReason::Initial, .. } if tp.topic == "orders");
    assert_eq!(count(&sim, initial), 2);
    sim.apply(produce("orders", 1, "o1")).unwrap();
    sim.apply(produce("t", 0, "t1")).unwrap();
    sim.run_until(6000);
    assert_eq!(
        (acknowledged(&sim, "orders"), acknowledged(&sim, "t")),
        (1, 1)
    );
    let view = sim.view();
    let order: Vec<String> = view.partitions.iter().map(|p| p.tp.to_string()).collect();
    assert_eq!(order, ["t-0", "orders-0", "orders-1"]);
    assert_eq!(view.partitions[2].min_insync_replicas, 2);
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
}

// Kafka's AdminZkClient.createNewPartitionsAssignment: the start index is the first broker
// (by id) at or above partition 0's first replica, the start partition id the current
// count; here partition 0 is on [1,2,3], so partitions 1, 2, 3 are led by 2, 3 and 1.
#[test]
fn added_partitions_carry_on_the_round_robin_and_are_produced_to() {
    let s = scenario("3.7", "", "", "all", "", "", 6000);
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(1000);
    let grow = Action::CreatePartitions {
        topic: "t".into(),
        partitions: 4,
    };
    sim.apply(grow).unwrap();
    sim.run_until(2000);
    let leaders: Vec<_> = described(&sim, "t").iter().map(|p| (p.0, p.1)).collect();
    assert_eq!(
        leaders,
        [(0, Some(1)), (1, Some(2)), (2, Some(3)), (3, Some(1))]
    );
    assert!(described(&sim, "t").iter().all(|p| p.2 == [1, 2, 3]));
    sim.apply(produce("t", 3, "late")).unwrap();
    sim.run_until(6000);
    assert_eq!(acknowledged(&sim, "t"), 1, "{}", dump(&sim));
    let added = |k: &EventKind| matches!(k, EventKind::PartitionsAdded { from: 1, to: 4, .. });
    assert_eq!(count(&sim, added), 1);
}

// The controller learns of a topic only from its watch: one that cannot hear ZooKeeper
// misses it, and the partitions stay without a leader until the next controller reads
// them after its election (KafkaController.initializeControllerContext).
#[test]
fn a_controller_cut_from_zookeeper_misses_the_topic_and_its_successor_creates_it() {
    let s = scenario("3.7", "", "", "all", "", "", 40_000);
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(1000);
    let first = controller(&sim);
    let cut = Action::Cut {
        from: NodeId::Broker(first),
        to: NodeId::Zookeeper,
        both_ways: true,
    };
    sim.apply(cut).unwrap();
    let new = spec(r#"{"name":"late","partitions":1,"replication_factor":2}"#);
    sim.apply(Action::CreateTopic { topic: new }).unwrap();
    sim.run_until(5000);
    assert_eq!(
        described(&sim, "late")[0].1,
        None,
        "no leader while unheard"
    );
    sim.run_until(40_000);
    let view = sim.view();
    let now = view.brokers.iter().find(|b| b.is_controller).unwrap().id;
    assert_ne!(now, first, "{}", dump(&sim));
    let late = &described(&sim, "late")[0];
    assert!(
        late.1.is_some(),
        "created by the new controller: {}",
        dump(&sim)
    );
    assert_eq!(late.3.len(), 2);
}

#[test]
fn topic_admin_refusals_name_kafkas_exceptions() {
    let s = scenario("3.7", "", "", "all", "", "", 6000);
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(1000);
    let create = |json: &str| Action::CreateTopic { topic: spec(json) };
    let refused = |sim: &mut Sim, a: Action| sim.apply(a).unwrap_err();
    let e = refused(
        &mut sim,
        create(r#"{"name":"t","partitions":1,"replication_factor":1}"#),
    );
    assert_eq!(
        e.to_string(),
        "TopicExistsException: Topic 't' already exists."
    );
    let e = refused(
        &mut sim,
        create(r#"{"name":"a b","partitions":1,"replication_factor":1}"#),
    );
    assert!(matches!(e, ActionRefusal::InvalidTopicName { .. }));
    let e = refused(
        &mut sim,
        create(r#"{"name":"x","partitions":1,"replication_factor":4}"#),
    );
    assert!(matches!(
        e,
        ActionRefusal::Placement {
            error: PlacementError::InvalidReplicationFactor { .. },
            ..
        }
    ));
    let bad =
        r#"{"name":"x","partitions":2,"replication_factor":2,"assignment":{"0":[1,2],"1":[3,3]}}"#;
    let a = create(bad);
    let e = refused(&mut sim, a.clone());
    assert_eq!(e.field(&a), "topic.assignment.1");
    let shrink = Action::CreatePartitions {
        topic: "t".into(),
        partitions: 1,
    };
    let e = refused(&mut sim, shrink);
    assert_eq!(
        e.to_string(),
        "InvalidPartitionsException: Topic already has 1 partitions."
    );
    assert_eq!(sim.view().partitions.len(), 1, "nothing was created");
}

// A run with topics created by hand replays to the same trace hash.
#[test]
fn a_run_with_created_topics_replays_exactly() {
    let s = scenario("3.7", "", "", "1", "", "", 5000);
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(700);
    let new = spec(r#"{"name":"n","partitions":3,"replication_factor":2}"#);
    sim.apply(Action::CreateTopic { topic: new }).unwrap();
    sim.run_until(1500);
    sim.apply(Action::CreatePartitions {
        topic: "n".into(),
        partitions: 5,
    })
    .unwrap();
    sim.run_until(2000);
    sim.apply(produce("n", 4, "v")).unwrap();
    while sim.step() {}
    let mut again = Sim::replay(&s, sim.applied_actions(), sim.applied_at_steps()).unwrap();
    while again.step() {}
    assert_eq!(again.trace_hash(), sim.trace_hash());
    assert_eq!(acknowledged(&again, "n"), 1);
}

// A scenario file may create a topic and then use it; the validator follows it.
#[test]
fn a_scenario_file_creates_a_topic_then_produces_to_it() {
    let actions = r#"{"at_ms":500,"do":"create_topic","topic":{"name":"n","partitions":2,"replication_factor":3}},
        {"at_ms":600,"do":"create_partitions","topic":"n","partitions":3},
        {"at_ms":2000,"do":"produce","producer":"p","topic":"n","partition":2,"value":"v"}"#;
    let s = scenario("3.7", "", "", "all", "", actions, 5000);
    s.validate().expect("valid");
    let mut sim = Sim::new(&s).unwrap();
    while sim.step() {}
    assert_eq!(acknowledged(&sim, "n"), 1, "{}", dump(&sim));
    let early = r#"{"at_ms":100,"do":"produce","producer":"p","topic":"n","value":"v"},
        {"at_ms":500,"do":"create_topic","topic":{"name":"n","partitions":2,"replication_factor":3}}"#;
    let e = scenario("3.7", "", "", "all", "", early, 5000)
        .validate()
        .unwrap_err();
    assert_eq!(e.path, "actions[0].topic");
    let bad = r#"{"at_ms":500,"do":"create_topic","topic":{"name":"..","partitions":2,"replication_factor":3}}"#;
    let e = scenario("3.7", "", "", "all", "", bad, 5000)
        .validate()
        .unwrap_err();
    assert_eq!(e.path, "actions[0].topic.name");
}

/// Runs `t` with 3 acks=all records to `t-0`, then `before` (actions before 2 s), deletes
/// `t` at 2 s, then `after`.
fn deleted_at_2s(before: &str, after: &str) -> Sim {
    let actions = format!(
        r#"{{"at_ms":500,"do":"produce","producer":"p","topic":"t","partition":0,"value":"v","count":3}},
        {before}{{"at_ms":2000,"do":"delete_topic","topic":"t"}}{after}"#
    );
    let s = scenario("3.7", "", "", "all", "", &actions, 60_000);
    s.validate().expect("valid");
    Sim::new(&s).unwrap()
}

// TopicDeletionManager: every replica is deleted by StopReplica, then the topic leaves
// ZooKeeper; its messages are settled (deleted on purpose), not lost.
#[test]
fn a_deleted_topic_leaves_the_cluster_and_its_messages_are_settled_not_lost() {
    let mut sim = deleted_at_2s("", "");
    sim.run_until(1900);
    assert_eq!(acknowledged(&sim, "t"), 3);
    sim.run_until(2000);
    assert!(sim.view().partitions[0].marked_for_deletion);
    let refused = sim.apply(produce("t", 0, "late")).unwrap_err();
    assert!(matches!(refused, ActionRefusal::UnknownTopic { .. }));
    sim.run_until(5000);
    assert!(sim.view().partitions.is_empty(), "{}", dump(&sim));
    assert_eq!(
        count(&sim, |k| matches!(k, EventKind::TopicDeleted { .. })),
        1
    );
    for m in sim.ledger().iter() {
        assert!(m.lost_at.is_none() && m.expired_at.is_some(), "{m:?}");
        assert!(m.held_by.is_empty());
    }
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
    let again = spec(r#"{"name":"t","partitions":1,"replication_factor":1}"#);
    let e = sim.apply(Action::CreateTopic { topic: again }).unwrap_err();
    assert!(matches!(e, ActionRefusal::TopicNameDeleted { .. }), "{e}");
}

// A replica on a dead broker is ineligible for deletion until the broker starts again
// (ReplicaDeletionIneligible, retried in onBrokerStartup).
#[test]
fn a_deletion_waits_for_a_dead_replica_and_finishes_when_it_restarts() {
    let crash = r#"{"at_ms":1000,"do":"crash","broker":3},"#;
    let restart = r#",{"at_ms":30000,"do":"restart","broker":3}"#;
    let mut sim = deleted_at_2s(crash, restart);
    sim.run_until(25_000);
    let view = sim.view();
    assert_eq!(
        view.partitions.len(),
        1,
        "still there while broker 3 is down"
    );
    assert!(view.partitions[0].marked_for_deletion);
    assert_eq!(
        view.partitions[0].leader,
        Some(1),
        "no leader elected again"
    );
    sim.run_until(40_000);
    assert!(sim.view().partitions.is_empty(), "{}", dump(&sim));
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
    assert!(sim.ledger().iter().all(|m| m.lost_at.is_none()));
}

// A controller elected during a deletion reads `/admin/delete_topics` and finishes it.
#[test]
fn a_new_controller_finishes_a_deletion_its_predecessor_started() {
    let s = scenario("3.7", "", "", "all", "", "", 60_000);
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(1000);
    let first = controller(&sim);
    // The controller is cut from ZooKeeper: it misses the deletion watch, and its session
    // expires.
    let cut = Action::Cut {
        from: NodeId::Zookeeper,
        to: NodeId::Broker(first),
        both_ways: true,
    };
    sim.apply(cut).unwrap();
    sim.apply(Action::DeleteTopic { topic: "t".into() })
        .unwrap();
    sim.run_until(5000);
    assert_eq!(sim.view().partitions.len(), 1, "nothing deleted yet");
    sim.run_until(25_000);
    let view = sim.view();
    let now = view.brokers.iter().find(|b| b.is_controller).map(|b| b.id);
    assert_ne!(now, Some(first), "{}", dump(&sim));
    // The old controller's own replica is ineligible while it is out of the cluster.
    assert_eq!(view.partitions.len(), 1, "{}", dump(&sim));
    let heal = Action::Heal {
        from: NodeId::Zookeeper,
        to: NodeId::Broker(first),
        both_ways: true,
    };
    sim.apply(heal).unwrap();
    sim.run_until(60_000);
    assert!(sim.view().partitions.is_empty(), "{}", dump(&sim));
    assert_eq!(
        count(&sim, |k| matches!(k, EventKind::TopicDeleted { .. })),
        1
    );
}

#[test]
fn a_scenario_file_may_not_reuse_a_deleted_topics_name() {
    let actions = r#"{"at_ms":500,"do":"delete_topic","topic":"t"},
        {"at_ms":9000,"do":"create_topic","topic":{"name":"t","partitions":1,"replication_factor":3}}"#;
    let e = scenario("3.7", "", "", "all", "", actions, 10_000)
        .validate()
        .unwrap_err();
    assert_eq!(e.path, "actions[1].topic.name");
    let internal = r#"{"at_ms":500,"do":"delete_topic","topic":"__consumer_offsets"}"#;
    let mut s = scenario("3.7", "", "", "all", "", internal, 10_000);
    s.consumers.push(super::support::consumer("c", "g"));
    assert_eq!(s.validate().unwrap_err().path, "actions[0].topic");
}
