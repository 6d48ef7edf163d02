//! Segments and the page cache (issue #13): a follower acknowledges a fetched record
//! from memory, so a record can be committed on every ISR member and still be on no
//! disk. A power loss of every replica then removes it; `flush.messages=1` fsyncs each
//! append and keeps it. The boundaries come from the core's view of each segment.

use super::support::*;
use crate::events::EventKind;
use crate::sim::Sim;

fn power_loss_of_every_replica(topic_config: &str) -> (Sim, Sim) {
    let produce = |at: u64, v: &str| {
        format!(r#"{{"at_ms":{at},"do":"produce","producer":"p","topic":"t","value":"{v}"}}"#)
    };
    let down = (1..=3)
        .map(|b| format!(r#"{{"at_ms":5000,"do":"power_loss","broker":{b}}}"#))
        .collect::<Vec<_>>();
    let up = (1..=3)
        .map(|b| format!(r#"{{"at_ms":8000,"do":"restart","broker":{b}}}"#))
        .collect::<Vec<_>>();
    let actions = [
        produce(1000, "m1"),
        produce(2000, "m2"),
        produce(3000, "m3"),
    ]
    .into_iter()
    .chain(down)
    .chain(up)
    .collect::<Vec<_>>()
    .join(",");
    let s = scenario("3.7", "", topic_config, "all", "", &actions, 30_000);
    let mut before = Sim::new(&s).unwrap();
    before.run_until(4_900);
    let after = run(&s);
    (before, after)
}

#[test]
fn a_power_loss_of_every_replica_loses_what_only_the_page_caches_held() {
    let (before, after) = power_loss_of_every_replica("");
    let v = before.view();
    let p = &v.partitions[0];
    assert_eq!(p.high_watermark, 3, "committed on every ISR member");
    for r in &p.replica_states {
        assert_eq!(
            (r.log_end_offset, r.flushed_offset),
            (3, 0),
            "in memory only"
        );
        assert_eq!(r.segments.len(), 1);
        assert_eq!(r.segments[0].flushed_to, 0);
        assert_eq!(r.segments[0].log_file, "00000000000000000000.log");
    }
    assert!(before.ledger().iter().all(|m| m.acknowledged_at.is_some()));
    let lost = count(&after, |k| matches!(k, EventKind::UnflushedLost { .. }));
    assert_eq!(
        lost,
        3,
        "each replica lost its unflushed tail: {}",
        dump(&after)
    );
    assert!(
        after.ledger().iter().all(|m| m.lost_at.is_some()),
        "{}",
        dump(&after)
    );
    for r in &after.view().partitions[0].replica_states {
        assert_eq!(r.log_end_offset, 0);
    }
}

#[test]
fn with_flush_messages_1_every_append_is_on_disk_and_survives() {
    let (before, after) = power_loss_of_every_replica(r#""flush.messages":1"#);
    for r in &before.view().partitions[0].replica_states {
        assert_eq!((r.log_end_offset, r.flushed_offset), (3, 3));
        assert_eq!(r.segments[0].flushed_to, 3);
    }
    assert_eq!(
        count(&after, |k| matches!(k, EventKind::UnflushedLost { .. })),
        0
    );
    assert!(
        after.ledger().iter().all(|m| m.lost_at.is_none()),
        "{}",
        dump(&after)
    );
    assert!(after.view().partitions[0]
        .replica_states
        .iter()
        .all(|r| r.log_end_offset == 3));
}

// segment.bytes (in records) splits the log into files named by base offset.
#[test]
fn segment_bytes_changes_the_segments_drawn() {
    let (before, _) = power_loss_of_every_replica(r#""segment.bytes":2"#);
    let r = &before.view().partitions[0].replica_states[0];
    let files: Vec<&str> = r.segments.iter().map(|s| s.log_file.as_str()).collect();
    assert_eq!(
        files,
        ["00000000000000000000.log", "00000000000000000002.log"]
    );
    assert_eq!(
        r.segments
            .iter()
            .map(|s| (s.base_offset, s.end_offset))
            .collect::<Vec<_>>(),
        [(0, 2), (2, 3)]
    );
    assert!(r.segments[1].active && !r.segments[0].active);
}
