//! Log retention as Kafka runs it (`LogManager.cleanupLogs`, `UnifiedLog.deleteOldSegments`):
//! `tests/scenarios/retention.json` deletes old segments by `retention.ms` (topic logs)
//! and by `retention.bytes` (topic metrics); broker 2 and consumer c1, down meanwhile,
//! come back below the log start offset and start again there
//! (`AbstractFetcherThread.handleOutOfRangeError`, the consumer's `auto.offset.reset`).
#![cfg(not(target_arch = "wasm32"))]

use isrlab_sim::broker::log::RetentionBreach;
use isrlab_sim::config::OffsetReset;
use isrlab_sim::view::PartitionView;
use isrlab_sim::{EventKind, Scenario, Sim};
use std::path::PathBuf;

fn scenario() -> Scenario {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/retention.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Scenario::from_json(&text).expect("retention.json")
}

fn run() -> Sim {
    let mut sim = Sim::new(&scenario()).expect("builds");
    sim.run_until(sim.end_ms());
    sim
}

fn part(sim: &Sim, topic: &str) -> PartitionView {
    sim.view()
        .partitions
        .into_iter()
        .find(|p| p.tp.topic == topic)
        .expect("partition")
}

/// (broker, log start offset) of every replica of `topic`-0.
fn log_starts(sim: &Sim, topic: &str) -> Vec<(u32, u64)> {
    part(sim, topic)
        .replica_states
        .iter()
        .map(|r| (r.broker, r.log_start_offset))
        .collect()
}

fn deletions(sim: &Sim, topic: &str, broker: u32) -> Vec<(u64, u64, RetentionBreach)> {
    sim.events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::SegmentsDeleted {
                tp,
                broker: b,
                log_start_offset,
                breach,
                ..
            } if tp.topic == topic && *b == broker => Some((e.time_ms, *log_start_offset, *breach)),
            _ => None,
        })
        .collect()
}

// UnifiedLog.deleteRetentionMsBreachedSegments: a segment goes once its largest timestamp
// is older than retention.ms, checked every log.retention.check.interval.ms from 30 s
// (LogManager.InitialTaskDelayMs); the active segment (50-59 at 35 s) stays.
#[test]
fn retention_ms_deletes_whole_segments_older_than_the_limit_never_the_active_one() {
    let sim = run();
    assert_eq!(
        deletions(&sim, "logs", 0),
        vec![
            (30_000, 30, RetentionBreach::Time),
            (35_000, 50, RetentionBreach::Time),
            (45_000, 60, RetentionBreach::Time),
            (65_000, 80, RetentionBreach::Time),
        ]
    );
    assert_eq!(log_starts(&sim, "logs")[..2], [(0, 80), (1, 80)]);
    for (_, start, _) in deletions(&sim, "logs", 1) {
        assert_eq!(start % 10, 0, "whole segments of segment.bytes=10 only");
    }
}

// UnifiedLog.deleteRetentionSizeBreachedSegments: the oldest segments go while the log
// stays at least retention.bytes (20 records) without them: 60 records keep 20 + the active.
#[test]
fn retention_bytes_keeps_the_log_at_least_that_large() {
    let sim = run();
    assert_eq!(
        deletions(&sim, "metrics", 0),
        vec![(30_000, 40, RetentionBreach::Size)]
    );
    let p = part(&sim, "metrics");
    let leader = &p.replica_states[0];
    assert_eq!((leader.log_start_offset, leader.log_end_offset), (40, 60));
    assert_eq!(leader.log.first().map(|r| r.offset), Some(40));
}

// AbstractFetcherThread.handleOutOfRangeError: the follower's fetch offset (30) is below the
// leader's log start offset, so it truncates fully and starts at the leader's log start
// offset, catches up and rejoins the ISR.
#[test]
fn a_follower_below_the_leaders_log_start_restarts_there_and_rejoins_the_isr() {
    let sim = run();
    let resets: Vec<(String, u64, u64)> = sim
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::FollowerOutOfRange {
                tp,
                broker: 2,
                fetch_offset,
                log_start_offset,
                ..
            } => Some((tp.topic.clone(), *fetch_offset, *log_start_offset)),
            _ => None,
        })
        .collect();
    assert_eq!(
        resets,
        vec![("logs".into(), 30, 60), ("metrics".into(), 30, 40)]
    );
    for topic in ["logs", "metrics"] {
        let p = part(&sim, topic);
        assert!(p.isr.contains(&2), "{topic}: broker 2 back in the ISR");
        let leo: Vec<u64> = p.replica_states.iter().map(|r| r.log_end_offset).collect();
        assert!(leo.iter().all(|&l| l == leo[0]), "{topic}: {leo:?}");
    }
    // KIP-107: every fetch response carries the leader's log start offset and the follower
    // moves its own up to it (ReplicaFetcherThread.processPartitionData), so after the
    // leader's later deletions all three replicas start at the same offset.
    let starts: Vec<u64> = log_starts(&sim, "logs").iter().map(|&(_, s)| s).collect();
    assert_eq!(starts, vec![80, 80, 80]);
    assert!(deletions(&sim, "logs", 2)
        .iter()
        .any(|&(_, start, why)| (start, why) == (80, RetentionBreach::LeaderLogStartOffset)));
}

// The consumer's committed offset (30) was deleted while it was down: OFFSET_OUT_OF_RANGE,
// and auto.offset.reset=earliest moves it to the log start offset.
#[test]
fn a_lagging_consumer_gets_out_of_range_and_resets_to_the_log_start() {
    let sim = run();
    let resets: Vec<(String, OffsetReset, Option<u64>)> = sim
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::ConsumerOffsetReset {
                tp,
                reset,
                reset_to,
                ..
            } => Some((tp.topic.clone(), *reset, *reset_to)),
            _ => None,
        })
        .collect();
    assert_eq!(
        resets,
        vec![
            ("logs".into(), OffsetReset::Earliest, Some(60)),
            ("metrics".into(), OffsetReset::Earliest, Some(40)),
        ]
    );
    for offset in [29, 60] {
        assert!(reads(&sim, "logs", offset), "logs offset {offset} consumed");
    }
    assert!(
        !reads(&sim, "logs", 30),
        "b-1 was deleted before c1 came back"
    );
    assert!(reads(&sim, "metrics", 40) && !reads(&sim, "metrics", 30));
}

/// Whether a consumer processed offset `offset` of `topic`-0.
fn reads(sim: &Sim, topic: &str, offset: u64) -> bool {
    sim.events().iter().any(|e| match &e.kind {
        EventKind::Consumed {
            tp,
            from_offset,
            count,
            ..
        } => tp.topic == topic && (*from_offset..from_offset + u64::from(*count)).contains(&offset),
        _ => false,
    })
}

// Expired, never lost: no loss event, no invariant broken, every acknowledged message
// still held somewhere or expired.
#[test]
fn records_deleted_by_retention_are_expired_not_lost() {
    let sim = run();
    assert!(sim.violations().is_empty(), "{:#?}", sim.violations());
    assert!(!sim
        .events()
        .iter()
        .any(|e| matches!(e.kind, EventKind::MessageLost { .. })));
    let expired = sim
        .ledger()
        .iter()
        .filter(|m| m.expired_at.is_some())
        .count();
    assert_eq!(expired + 100, 80 + 40, "logs 0-79 and metrics 0-39");
    // Ids 0-99 (a, x, b, y-1..y-10) are expired and on no replica: folded into counters.
    let folded = |topic: &str| {
        let (tp, f) = sim
            .ledger_folded()
            .iter()
            .find(|(tp, _)| tp.topic == topic)
            .unwrap();
        assert_eq!(tp.partition, 0);
        (f.messages, f.acknowledged, f.consumed)
    };
    assert_eq!(folded("logs"), (60, 60, 30), "a and b; c1 read only a");
    assert_eq!(
        folded("metrics"),
        (40, 40, 30),
        "x and y-1..y-10; c1 read only x"
    );
    assert_eq!(sim.ledger().first().map(|m| m.id), Some(100));
    for m in sim.ledger() {
        assert!(m.lost_at.is_none() && m.at_risk_since.is_none(), "{m:#?}");
        assert!(m.acknowledged_at.is_some(), "{m:#?}");
        assert!(!m.held_by.is_empty() || m.expired_at.is_some(), "{m:#?}");
    }
    assert_eq!(run().trace_hash(), sim.trace_hash(), "deterministic");
}

// auto.offset.reset without a committed offset: a consumer joining at 20 s starts at the
// HW with latest (the 60 records before it are never read) and stops with none (Kafka:
// NoOffsetForPartitionException to the application).
#[test]
fn auto_offset_reset_latest_starts_at_the_high_watermark_and_none_stops() {
    for (reset, reset_to, reads_a1, reads_c1) in [
        ("latest", Some(60), false, true),
        ("none", None, false, false),
        ("earliest", None, true, true),
    ] {
        let mut s = scenario();
        s.consumers[0].joined = false;
        s.consumers[0]
            .config
            .insert("auto.offset.reset".into(), reset.into());
        let join = serde_json::json!({"at_ms": 20000, "do": "consumer_join", "consumer": "c1"});
        s.actions
            .retain(|a| !a.action.name().starts_with("consumer"));
        s.actions
            .push(serde_json::from_value(join).expect("a consumer_join action"));
        s.actions.sort_by_key(|a| a.at_ms);
        let mut sim = Sim::new(&s).expect("builds");
        sim.run_until(sim.end_ms());
        let first = sim.events().iter().find_map(|e| match &e.kind {
            EventKind::ConsumerOffsetReset { tp, reset_to, .. } if tp.topic == "logs" => {
                Some(*reset_to)
            }
            _ => None,
        });
        let expected = (reset != "earliest").then_some(reset_to);
        assert_eq!(first, expected, "{reset}");
        let got = (reads(&sim, "logs", 0), reads(&sim, "logs", 60));
        assert_eq!(got, (reads_a1, reads_c1), "{reset}");
    }
}
