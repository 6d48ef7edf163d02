//! Racks on a running cluster: `rack_down` / `zone_down`, and fetching from the closest
//! replica (KIP-392: `replica.selector.class` RackAwareReplicaSelector, `client.rack`).

use super::support::{consumer, scenario};
use crate::action::Action;
use crate::broker::BrokerStatus;
use crate::scenario::Scenario;
use crate::sim::Sim;

/// Brokers 1, 2, 3 in zones a, b, c (one rack each), 20 ms between zones; topic `t`
/// led by broker 1; a consumer `c` in zone c; a producer sending a record every 100 ms.
fn stretched(selector: bool) -> Scenario {
    let produce: Vec<String> = (1..=40)
        .map(|i| {
            format!(
                r#"{{"at_ms":{},"do":"produce","producer":"p","topic":"t","partition":0,"value":"m{i}"}}"#,
                1000 + i * 100
            )
        })
        .collect();
    let config = if selector {
        r#""replica.selector.class":"org.apache.kafka.common.replica.RackAwareReplicaSelector""#
    } else {
        ""
    };
    let mut s = scenario("3.7", config, "", "1", "", &produce.join(","), 12_000);
    s.cluster.racks = [(1, "a1"), (2, "b1"), (3, "c1")]
        .into_iter()
        .map(|(b, r)| (b, r.to_string()))
        .collect();
    s.cluster.network.cross_zone_ms = 20;
    let mut c = consumer("c", "g");
    c.config.insert("client.rack".into(), "c1".into());
    s.consumers.push(c);
    s.validate().expect("valid");
    s
}

/// Steps the run to its end; per step, the consumer's position on `t-0` and the HWs of
/// the leader (broker 1) and of the follower in the consumer's rack (broker 3).
fn positions_and_hws(s: &Scenario) -> (Sim, Vec<(u64, u64, u64)>) {
    let mut sim = Sim::new(s).unwrap();
    let mut seen = Vec::new();
    while sim.step() {
        let view = sim.view();
        let p = view.partitions.iter().find(|p| p.tp.topic == "t").unwrap();
        let hw = |b| {
            p.replica_states
                .iter()
                .find(|r| r.broker == b)
                .unwrap()
                .high_watermark
        };
        let position = view.consumers[0]
            .assignment
            .iter()
            .find(|a| a.0.topic == "t")
            .map_or(0, |a| a.1);
        seen.push((position, hw(1), hw(3)));
    }
    (sim, seen)
}

#[test]
fn a_consumer_fetching_from_its_rack_s_follower_reads_only_up_to_that_follower_s_hw() {
    let (sim, seen) = positions_and_hws(&stretched(true));
    let t0 = sim.parts.iter().position(|p| p.tp.topic == "t").unwrap();
    assert_eq!(
        sim.consumers[0].read_replica[t0],
        Some(3),
        "the leader named broker 3"
    );
    assert!(
        seen.iter().all(|&(pos, _, follower)| pos <= follower),
        "never past broker 3's HW"
    );
    assert!(
        seen.iter().any(|&(_, leader, follower)| follower < leader),
        "the follower's HW lags"
    );
    let &(pos, leader, _) = seen.last().unwrap();
    assert_eq!((pos, leader), (40, 40), "it still reads everything");
}

#[test]
fn without_a_rack_aware_selector_the_consumer_reads_from_the_leader_past_the_follower_s_hw() {
    let (sim, seen) = positions_and_hws(&stretched(false));
    assert!(sim.consumers[0].read_replica.iter().all(Option::is_none));
    assert!(seen.iter().any(|&(pos, _, follower)| pos > follower));
}

#[test]
fn rack_and_zone_down_take_every_live_broker_of_the_place_at_once() {
    let mut s = stretched(false);
    s.cluster.racks.insert(2, "a2".into());
    s.cluster.zones = [("zone-a", vec!["a1", "a2"]), ("zone-c", vec!["c1"])]
        .into_iter()
        .map(|(z, r)| (z.to_string(), r.iter().map(|x| x.to_string()).collect()))
        .collect();
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(500);
    sim.apply(Action::RackDown {
        rack: "a2".into(),
        power_loss: false,
    })
    .unwrap();
    let down = |sim: &Sim| -> Vec<u32> {
        sim.view()
            .brokers
            .iter()
            .filter(|b| b.status == BrokerStatus::Down)
            .map(|b| b.id)
            .collect()
    };
    assert_eq!(down(&sim), vec![2]);
    // The zone still has broker 1 up: zone_down takes it, and leaves broker 2 down.
    sim.apply(Action::ZoneDown {
        zone: "zone-a".into(),
        power_loss: true,
    })
    .unwrap();
    assert_eq!(down(&sim), vec![1, 2]);
    let again = sim.apply(Action::ZoneDown {
        zone: "zone-a".into(),
        power_loss: false,
    });
    assert!(matches!(
        again,
        Err(crate::action_check::ActionRefusal::AllBrokersDown { .. })
    ));
    let unknown = sim.apply(Action::RackDown {
        rack: "nowhere".into(),
        power_loss: false,
    });
    assert!(matches!(
        unknown,
        Err(crate::action_check::ActionRefusal::UnknownRack { .. })
    ));
}
