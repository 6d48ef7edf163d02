//! The controller over the network: a deposed controller acting on its cached view, and
//! how ZooKeeper fences its writes by version (KAFKA-6082, Kafka 2.1).

use super::support::dump;
use crate::events::EventKind;
use crate::scenario::Scenario;
use crate::sim::Sim;

/// Controller 1 (no replica) of a 4-broker cluster; then, behind its back, `/controller_epoch`
/// is written once more (as by an election it has not heard of). Broker 4 crashes; when its
/// session expires, controller 1 writes the ISR without 4, on its cached view.
fn deposed_controller_writes(protocol: &str) -> Sim {
    let text = format!(
        r#"{{"id":"t","title":{{"en":"t","zh":"t"}},"description":{{"en":"","zh":""}},
        "seed":7,"end_ms":20000,
        "cluster":{{"brokers":[1,2,3,4],"protocol":"{protocol}",
                    "config":{{"zookeeper.session.timeout.ms":6000}}}},
        "topics":[{{"name":"orders","partitions":1,"replication_factor":3,
                    "assignment":{{"0":[2,3,4]}},"config":{{"min.insync.replicas":2}}}}],
        "producers":[{{"name":"p1","acks":"all"}}],
        "actions":[{{"at_ms":2000,"do":"crash","broker":4}}]}}"#
    );
    let s = Scenario::from_json(&text).unwrap();
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(1000);
    assert_eq!(sim.view().controller, Some(1), "premise");
    sim.zk.controller_epoch_version += 1;
    sim.run_until(sim.end_ms());
    sim
}

fn controller_moved(sim: &Sim) -> usize {
    let moved = |e: &EventKind| {
        matches!(
            e,
            EventKind::ControllerMoved {
                broker: 1,
                epoch: 1
            }
        )
    };
    sim.events().iter().filter(|e| moved(&e.kind)).count()
}

/// From 2.1 the controller's write is a MultiRequest with a CheckOp on `/controller_epoch`'s
/// zkVersion (`KafkaZkClient.wrapRequestWithControllerEpochCheck`): ZooKeeper refuses it
/// whole (ControllerMovedException), nothing is written and the controller resigns.
#[test]
fn a_deposed_controllers_write_is_refused_by_controller_epoch_version_from_2_1_kafka_6082() {
    let sim = deposed_controller_writes("2.5");
    assert_eq!(controller_moved(&sim), 1, "{}", dump(&sim));
    assert!(!sim.view().brokers[0].acts_as_controller, "it resigned");
    assert_eq!(sim.zk.partitions[0].isr, vec![2, 3, 4], "nothing written");
}

/// Before 2.1 nothing but the partition's own zkVersion guards the write: it goes through.
#[test]
fn before_2_1_a_deposed_controllers_write_goes_through_kafka_6082() {
    let sim = deposed_controller_writes("2.0");
    assert_eq!(controller_moved(&sim), 0, "{}", dump(&sim));
    assert!(sim.view().brokers[0].acts_as_controller);
    assert_eq!(sim.zk.partitions[0].isr, vec![2, 3], "{}", dump(&sim));
}
