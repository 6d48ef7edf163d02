//! acks=0 loss is recorded when it happens: a Produce with acks=0 that never reaches a
//! log (dropped by the network, sent to a dead broker, or refused by a broker that is no
//! longer the leader — Kafka sends no response to acks=0, so the producer never learns)
//! is marked lost in the ledger at that moment, with a `MessageLost` event.

use super::support::*;
use crate::action::Action;
use crate::events::{DropCause, EventKind, KafkaError, LossCause, NeverAppendedCause};
use crate::sim::Sim;

fn produce(at: u64, value: &str) -> String {
    format!(
        r#"{{"at_ms":{at},"do":"produce","producer":"p","topic":"t","partition":0,"value":"{value}"}}"#
    )
}

fn never(cause: NeverAppendedCause) -> Option<LossCause> {
    Some(LossCause::NeverAppended { cause })
}

/// The producer keeps its metadata (acks=0 gets no NOT_LEADER_OR_FOLLOWER to refresh it):
/// m2 goes to the dead old leader, m3 to the restarted broker that is now a follower.
#[test]
fn acks0_to_a_dead_leader_or_a_former_leader_is_lost_never_appended() {
    let actions = format!(
        r#"{},{{"at_ms":2000,"do":"crash","broker":1}},{},{{"at_ms":3000,"do":"restart","broker":1}},{}"#,
        produce(1000, "m1"),
        produce(2100, "m2"),
        produce(10_000, "m3")
    );
    // A short session: the restarted broker registers again (NodeExists until then) and follows.
    let s = scenario(
        "3.7",
        r#""zookeeper.session.timeout.ms":3000"#,
        "",
        "0",
        "",
        &actions,
        15_000,
    );
    let sim = run(&s);
    assert_eq!(
        sim.view().partitions[0].leader,
        Some(2),
        "premise: leadership moved to broker 2"
    );
    let l = sim.ledger();
    assert_eq!(l[0].lost_at, None, "m1 reached the leader: {}", dump(&sim));
    assert_eq!(
        l[1].lost_cause,
        never(NeverAppendedCause::Dropped(DropCause::ReceiverDown)),
        "{}",
        dump(&sim)
    );
    assert_eq!(
        l[2].lost_cause,
        never(NeverAppendedCause::Refused(
            KafkaError::NOT_LEADER_OR_FOLLOWER
        )),
        "{}",
        dump(&sim)
    );
    assert!(l[2].lost_at.is_some_and(|t| t > 10_000));
    for m in l.range(1, l.len()) {
        assert!(
            m.held_by.is_empty() && m.error.is_none() && m.acknowledged_at.is_none(),
            "{m:?}"
        );
    }
    assert_eq!(
        count(&sim, |k| matches!(
            k,
            EventKind::MessageLost {
                acknowledged: false,
                ..
            }
        )),
        2
    );
}

/// A Produce dropped by hand in manual mode: acks=0 is lost at once; acks=1 is not (its
/// producer times out and retries).
#[test]
fn manual_drop_loses_an_acks0_produce_but_not_an_acks1_one() {
    for (acks, lost) in [("0", true), ("1", false)] {
        let s = scenario(
            "3.7",
            "",
            "",
            acks,
            r#""request.timeout.ms":2000"#,
            &produce(500, "warm-up"),
            20_000,
        );
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
        let id = sim
            .view()
            .in_flight
            .iter()
            .find(|m| m.kind == "Produce")
            .expect("held produce")
            .id;
        sim.apply(Action::Drop { message: id }).unwrap();
        let v = &sim.ledger()[1];
        assert_eq!(v.lost_at.is_some(), lost, "acks={acks}: {v:?}");
        if lost {
            assert_eq!(
                v.lost_cause,
                never(NeverAppendedCause::Dropped(DropCause::Manual))
            );
        }
        sim.apply(Action::SetManualNetwork { on: false }).unwrap();
        while sim.step() {}
        let v = &sim.ledger()[1];
        assert_eq!(
            v.held_by.is_empty(),
            lost,
            "acks={acks}: a retry delivers it: {}",
            dump(&sim)
        );
    }
}

/// Random loss on every link: each acks=0 record either reached a log or is recorded
/// lost as never appended.
#[test]
fn lossy_network_every_acks0_record_is_appended_or_recorded_lost() {
    let actions: Vec<String> = (0..40)
        .map(|i| produce(1000 + 100 * i, &format!("m{i}")))
        .collect();
    let s = scenario("3.7", "", "", "0", "", &actions.join(","), 20_000);
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(900);
    sim.net.loss = 0.3;
    while sim.step() {}
    let lost = sim.ledger().iter().filter(|m| m.lost_at.is_some()).count();
    assert!(lost > 0, "30% loss drops some requests: {}", dump(&sim));
    for m in sim.ledger() {
        let never_appended = matches!(m.lost_cause, Some(LossCause::NeverAppended { .. }));
        assert_eq!(m.appended_at.is_none(), never_appended, "{m:?}");
    }
}
