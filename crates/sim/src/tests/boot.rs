use super::support::*;
use crate::events::{ElectionReason, EventKind};

#[test]
fn cluster_boots_elects_one_controller_and_initial_leaders_with_full_isr() {
    let s = scenario("3.7", "", "", "all", "", "", 3000);
    let sim = run(&s);
    let v = sim.view();
    assert!(v.controller.is_some(), "{}", dump(&sim));
    assert_eq!(v.controller_epoch, 1);
    let p = &v.partitions[0];
    assert_eq!(p.leader, Some(1));
    assert_eq!(p.isr, vec![1, 2, 3]);
    assert_eq!(
        count(&sim, |k| matches!(
            k,
            EventKind::LeaderElected {
                reason: ElectionReason::Initial,
                ..
            }
        )),
        1
    );
    assert!(p.replica_states.iter().all(|r| r.alive));
    assert_eq!(v.metrics.gauges.ActiveControllerCount, 1);
}

#[test]
fn acks_all_is_acknowledged_after_every_isr_member_has_it_and_committed() {
    let mut s = scenario(
        "3.7",
        "",
        "",
        "all",
        "",
        r#"{"at_ms":1000,"do":"produce","producer":"p","topic":"t","value":"a","count":3}"#,
        3000,
    );
    s.consumers = vec![consumer("c", "g")];
    let sim = run(&s);
    let l = sim.ledger();
    assert_eq!(l.len(), 3);
    for m in l {
        assert!(m.acknowledged_at.is_some(), "{}", dump(&sim));
        assert!(m.committed_at.unwrap() <= m.acknowledged_at.unwrap());
        assert_eq!(m.held_by, vec![1, 2, 3]);
        assert_eq!(m.consumed_by, vec!["g".to_string()]);
    }
    let v = sim.view();
    assert_eq!(v.partitions[0].high_watermark, 3);
    assert!(v.partitions[0]
        .replica_states
        .iter()
        .all(|r| r.log_end_offset == 3 && r.high_watermark == 3));
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
}
