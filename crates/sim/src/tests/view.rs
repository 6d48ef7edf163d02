//! The view says what `docs/cli.md` says it does: `replica_states` lists exactly the
//! assigned replicas, and the partition's HW is the named leader replica's.

use super::support::*;
use crate::action::Action;
use crate::sim::Sim;

fn brokers_of(sim: &Sim) -> Vec<(u32, bool)> {
    sim.view().partitions[0]
        .replica_states
        .iter()
        .map(|r| (r.broker, r.created))
        .collect()
}

/// During a reassignment AR = OAR + RAR: the added replica is listed before its broker
/// created it, and the removed one is gone once the move completes.
#[test]
fn replica_states_list_exactly_the_assigned_replicas_during_a_reassignment() {
    let mut s = scenario(
        "3.7",
        "",
        "",
        "all",
        "",
        r#"{"at_ms":1000,"do":"produce","producer":"p","topic":"t","value":"m1"}"#,
        30_000,
    );
    s.cluster.brokers.push(4);
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(2000);
    sim.apply(Action::Reassign {
        topic: "t".into(),
        partition: 0,
        replicas: vec![2, 3, 4],
    })
    .unwrap();
    // The controller writes AR = OAR + RAR to ZooKeeper first, then tells the brokers.
    while sim.view().partitions[0].replicas.len() < 4 {
        assert!(sim.step(), "the reassignment is written");
    }
    assert_eq!(sim.view().partitions[0].replicas, vec![1, 2, 3, 4]);
    assert_eq!(
        brokers_of(&sim),
        vec![(1, true), (2, true), (3, true), (4, false)],
        "added, not yet created"
    );
    while sim.step() {}
    assert_eq!(
        sim.view().partitions[0].replicas,
        vec![2, 3, 4],
        "{}",
        dump(&sim)
    );
    assert_eq!(
        brokers_of(&sim),
        vec![(2, true), (3, true), (4, true)],
        "the removed replica is not listed"
    );
}

/// The partition's `high_watermark` is the HW of the replica the partition state names as
/// leader, also before that broker has processed its LeaderAndIsr.
#[test]
fn partition_high_watermark_is_the_named_leaders_before_it_learns_it_leads() {
    let actions = r#"{"at_ms":1000,"do":"produce","producer":"p","topic":"t","value":"m1"},{"at_ms":5000,"do":"controlled_shutdown","broker":1}"#;
    let mut sim = Sim::new(&scenario("3.7", "", "", "all", "", actions, 30_000)).unwrap();
    sim.run_until(4999);
    let mut checked = false;
    while sim.step() {
        let v = sim.view();
        let p = &v.partitions[0];
        let Some(l) = p.leader else { continue };
        let r = p
            .replica_states
            .iter()
            .find(|r| r.broker == l)
            .expect("leader listed");
        assert_eq!(p.high_watermark, r.high_watermark, "at {}", sim.now());
        if l != 1 && !r.is_leader {
            assert_eq!(
                p.high_watermark, 1,
                "m1 is below the new leader's HW already"
            );
            checked = true;
        }
    }
    assert!(
        checked,
        "premise: a moment where the new leader had not processed LeaderAndIsr yet\n{}",
        dump(&sim)
    );
}
