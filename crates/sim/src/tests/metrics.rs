//! Kafka's metrics as the observer computes them (issue #13): each test tells a story
//! through the public step API and reads the metrics, never exact message orderings.

use super::support::*;
use crate::events::EventKind;
use crate::metrics::history::{History, MAX_SAMPLES};
use crate::metrics::MetricId;
use crate::sim::Sim;

fn produce(at: u64, count: u32) -> String {
    format!(
        r#"{{"at_ms":{at},"do":"produce","producer":"p","topic":"t","value":"v","count":{count}}}"#
    )
}

fn cut(at: u64, from: u32, to: u32, heal: bool) -> String {
    let verb = if heal { "heal" } else { "cut" };
    format!(r#"{{"at_ms":{at},"do":"{verb}","from":{{"Broker":{from}}},"to":{{"Broker":{to}}}}}"#)
}

/// Runs to the end, recording the history at every step.
fn run_recorded(sim: &mut Sim) -> History {
    let mut h = History::default();
    h.record(sim);
    while sim.step() {
        h.record(sim);
    }
    h
}

fn values(h: &History, m: MetricId, broker: Option<u32>) -> Vec<(u64, f64)> {
    h.samples()
        .iter()
        .map(|s| (s.time_ms, s.value(m, broker).unwrap_or(f64::NAN)))
        .collect()
}

// ReplicaManager.UnderReplicatedPartitions on the leader: up when the cut-off follower
// leaves the ISR (replica.lag.time.max.ms, 10000 in 2.0), down when it rejoins.
#[test]
fn under_replicated_partitions_rises_when_a_follower_is_cut_off_and_falls_after_it_rejoins() {
    let actions = [
        cut(1000, 3, 1, false),
        produce(2000, 1),
        cut(20_000, 3, 1, true),
    ]
    .join(",");
    let s = scenario("2.0", "", "", "1", "", &actions, 45_000);
    let mut sim = Sim::new(&s).unwrap();
    let h = run_recorded(&mut sim);
    let shrink = sim
        .events()
        .iter()
        .find(|e| matches!(e.kind, EventKind::IsrShrink { broker: 3, .. }))
        .map(|e| e.time_ms)
        .unwrap_or_else(|| panic!("{}", dump(&sim)));
    let expand = sim
        .events()
        .iter()
        .find(|e| matches!(e.kind, EventKind::IsrExpand { broker: 3, .. }))
        .map(|e| e.time_ms)
        .unwrap_or_else(|| panic!("{}", dump(&sim)));
    let urp = values(&h, MetricId::UnderReplicatedPartitions, None);
    let before = |t: u64| urp.iter().rev().find(|(s, _)| *s < t).map(|(_, v)| *v);
    let after = |t: u64| urp.iter().find(|(s, _)| *s >= t).map(|(_, v)| *v);
    assert_eq!(before(shrink), Some(0.0), "{urp:?}");
    assert_eq!(after(shrink), Some(1.0), "{urp:?}");
    assert_eq!(before(expand), Some(1.0), "{urp:?}");
    assert_eq!(after(expand), Some(0.0), "{urp:?}");
    // The leader (broker 1) reports it; the followers do not.
    let on = |b| values(&h, MetricId::UnderReplicatedPartitions, Some(b));
    assert!(on(1).iter().any(|(_, v)| *v == 1.0));
    assert!(on(2).iter().chain(&on(3)).all(|(_, v)| *v == 0.0));
    // The rise is marked at the shrink, caused by the cut.
    let rise = h
        .marks()
        .iter()
        .find(|m| {
            m.metric == MetricId::UnderReplicatedPartitions && m.broker.is_none() && m.to > m.from
        })
        .expect("a URP rise mark");
    assert_eq!((rise.time_ms, rise.from, rise.to), (shrink, 0, 1));
    assert!(matches!(
        rise.cause.as_ref().map(|e| &e.kind),
        Some(EventKind::LinkCut { .. })
    ));
    let fall = h
        .marks()
        .iter()
        .find(|m| {
            m.metric == MetricId::UnderReplicatedPartitions && m.broker.is_none() && m.to < m.from
        })
        .expect("a URP fall mark");
    assert_eq!(fall.time_ms, expand);
}

// IsrShrinksPerSec is a Meter: its one-minute rate jumps after a shrink and decays
// (Yammer EWMA, 5 s ticks) once the shrinks stop; its Count stays.
#[test]
fn isr_shrinks_per_sec_is_a_rate_that_decays_after_the_shrinks_stop() {
    let actions = [
        cut(1000, 3, 1, false),
        cut(1000, 2, 1, false),
        produce(2000, 1),
    ]
    .join(",");
    let s = scenario("2.0", "", "", "1", "", &actions, 120_000);
    let mut sim = Sim::new(&s).unwrap();
    let h = run_recorded(&mut sim);
    let last_shrink = sim
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::IsrShrink { .. }))
        .map(|e| e.time_ms)
        .max()
        .unwrap_or_else(|| panic!("{}", dump(&sim)));
    let rate = values(&h, MetricId::IsrShrinksPerSec, None);
    let before: Vec<f64> = rate
        .iter()
        .filter(|(t, _)| *t < last_shrink)
        .map(|(_, v)| *v)
        .collect();
    assert!(before.iter().all(|v| *v == 0.0), "{rate:?}");
    let after: Vec<(u64, f64)> = rate
        .iter()
        .copied()
        .filter(|(t, _)| *t > last_shrink)
        .collect();
    let (peak_t, peak) = after
        .iter()
        .copied()
        .fold((0, 0.0), |a, b| if b.1 > a.1 { b } else { a });
    assert!(peak > 0.0, "{rate:?}");
    let tail: Vec<f64> = after
        .iter()
        .filter(|(t, _)| *t >= peak_t)
        .map(|(_, v)| *v)
        .collect();
    assert!(
        tail.windows(2).all(|w| w[1] <= w[0]),
        "never rises again: {tail:?}"
    );
    let minute_later = after
        .iter()
        .find(|(t, _)| *t >= peak_t + 60_000)
        .map(|(_, v)| *v)
        .expect("a sample a minute after the peak");
    assert!(
        minute_later < 0.4 * peak,
        "decayed: {peak} -> {minute_later}"
    );
    assert!(minute_later > 0.0, "an EWMA, not a window that empties");
    assert_eq!(sim.metrics().IsrShrinksPerSec.Count, 2);
}

// Kafka's meters live in the broker process (its Yammer registry): a restarted broker
// reports new ones, counted from zero, while the lab's cluster-wide sum keeps its count.
#[test]
fn a_restarted_broker_reports_new_meters_from_zero() {
    let actions = [
        cut(1000, 3, 1, false),
        cut(1000, 2, 1, false),
        produce(2000, 1),
        r#"{"at_ms":30000,"do":"crash","broker":1}"#.to_string(),
        r#"{"at_ms":35000,"do":"restart","broker":1}"#.to_string(),
    ]
    .join(",");
    let s = scenario("2.0", "", "", "1", "", &actions, 45_000);
    let mut sim = Sim::new(&s).unwrap();
    sim.run_until(29_000);
    let shrinks = |sim: &Sim| {
        let m = sim.metrics();
        let b = m.rate(MetricId::IsrShrinksPerSec, Some(1)).unwrap();
        (b, m.IsrShrinksPerSec.Count)
    };
    let (before, cluster_before) = shrinks(&sim);
    assert_eq!(
        before.Count,
        2,
        "leader 1 shrank its ISR twice: {}",
        dump(&sim)
    );
    assert!(before.OneMinuteRate > 0.0);
    sim.run_until(45_000);
    let (after, cluster_after) = shrinks(&sim);
    assert_eq!(after.Count, 0, "a new process, new meters: {after:?}");
    assert_eq!((after.OneMinuteRate, after.FifteenMinuteRate), (0.0, 0.0));
    assert!(cluster_after >= cluster_before && cluster_before >= 2);
    let reset = sim
        .metric_marks()
        .iter()
        .find(|m| m.metric == MetricId::IsrShrinksPerSec && m.broker == Some(1) && m.to == 0);
    let reset = reset.expect("the drop to zero is marked");
    assert_eq!(reset.from, 2);
    assert!(matches!(
        reset.cause.as_ref().map(|e| &e.kind),
        Some(EventKind::BrokerStarted { broker: 1 })
    ));
}

// KafkaController.OfflinePartitionsCount: the partition has no leader while every ISR
// member is down (unclean election off), even though another replica is alive.
#[test]
fn offline_partitions_count_counts_partitions_whose_isr_members_are_all_down() {
    let actions = r#"{"at_ms":1000,"do":"crash","broker":2},{"at_ms":1000,"do":"crash","broker":3},
        {"at_ms":25000,"do":"crash","broker":1},{"at_ms":30000,"do":"restart","broker":2},
        {"at_ms":65000,"do":"restart","broker":1}"#;
    let s = scenario("3.7", "", "", "1", "", actions, 90_000);
    let mut sim = Sim::new(&s).unwrap();
    // The controller learns of the crashes when their sessions expire (18 s).
    sim.run_until(22_000);
    assert_eq!(sim.view().partitions[0].isr, vec![1], "{}", dump(&sim));
    assert_eq!(sim.metrics().gauges.OfflinePartitionsCount, 0);
    sim.run_until(60_000);
    let m = sim.metrics();
    assert_eq!(m.gauges.OfflinePartitionsCount, 1, "{}", dump(&sim));
    // Broker 2 is alive, out of the ISR, and controller: it reports the offline partition.
    let b2 = m.brokers.iter().find(|b| b.broker == 2).unwrap();
    assert_eq!(
        (
            b2.gauges.ActiveControllerCount,
            b2.gauges.OfflinePartitionsCount
        ),
        (1, 1)
    );
    sim.run_until(90_000);
    assert_eq!(
        sim.metrics().gauges.OfflinePartitionsCount,
        0,
        "{}",
        dump(&sim)
    );
    assert_eq!(sim.metrics().gauges.ActiveControllerCount, 1);
}

// The lag kafka-consumer-groups.sh prints: LOG-END-OFFSET (the leader's HW) minus
// CURRENT-OFFSET (the group's committed offset).
#[test]
fn consumer_group_lag_is_log_end_offset_minus_current_offset() {
    let actions = [produce(2000, 40), produce(6000, 40)].join(",");
    let mut s = scenario("3.7", "", "", "all", "", &actions, 20_000);
    s.consumers = vec![consumer("c", "g")];
    let mut sim = Sim::new(&s).unwrap();
    let mut seen_positive = false;
    while sim.step() {
        let lags = sim.group_lags();
        let v = sim.view();
        for l in &lags {
            let p = v.partitions.iter().find(|p| p.tp == l.tp).unwrap();
            let committed = v.consumers[0]
                .assignment
                .iter()
                .find(|(tp, _, _)| *tp == l.tp)
                .and_then(|(_, _, c)| *c);
            assert_eq!(l.log_end_offset, p.high_watermark);
            assert_eq!(Some(l.current_offset), committed);
            assert_eq!(l.lag, l.log_end_offset - l.current_offset);
        }
        let total: u64 = lags.iter().map(|l| l.lag).sum();
        assert_eq!(
            sim.metrics()
                .ConsumerGroupLag
                .get("g")
                .copied()
                .unwrap_or(0),
            total
        );
        seen_positive |= total > 0;
    }
    assert!(
        seen_positive,
        "the group lagged at some point: {}",
        dump(&sim)
    );
    assert_eq!(
        sim.group_lags().iter().map(|l| l.lag).sum::<u64>(),
        0,
        "caught up at the end"
    );
}

// Produce errors are counted by error code, and the failed-request meter with them.
#[test]
fn refused_acks_all_produce_counts_as_failed_and_by_error_code() {
    let actions =
        r#"{"at_ms":1000,"do":"crash","broker":2},{"at_ms":1000,"do":"crash","broker":3}"#;
    let produce_later = produce(25_000, 1);
    let s = scenario(
        "3.7",
        "",
        r#""min.insync.replicas":2"#,
        "all",
        r#""retries":0"#,
        &format!("{actions},{produce_later}"),
        40_000,
    );
    let sim = run(&s);
    let m = sim.metrics();
    let errors = count(&sim, |k| matches!(k, EventKind::ProduceError { .. }));
    assert!(errors > 0, "{}", dump(&sim));
    assert_eq!(m.FailedProduceRequestsPerSec.Count, errors as u64);
    assert_eq!(
        m.ProduceErrorsPerSec
            .get("NOT_ENOUGH_REPLICAS")
            .map(|r| r.Count),
        Some(errors as u64),
        "{:?}",
        m.ProduceErrorsPerSec
    );
    assert!(m.ProduceRequestsPerSec.Count >= errors as u64);
    assert!(sim
        .metric_marks()
        .iter()
        .any(|k| k.metric == MetricId::FailedProduceRequestsPerSec));
}

// Two simulated hours of an idle cluster: the history keeps at most MAX_SAMPLES
// snapshots and still spans the whole run.
#[test]
fn the_history_stays_bounded_over_a_long_run() {
    let s = scenario("3.7", "", "", "1", "", "", 2 * 3_600_000);
    let mut sim = Sim::new(&s).unwrap();
    let mut h = History::default();
    let mut t = 0;
    while t < sim.end_ms() {
        t += 250;
        sim.run_until(t);
        h.record(&sim);
    }
    assert!(h.samples().len() <= MAX_SAMPLES, "{}", h.samples().len());
    assert!(h.samples().len() >= MAX_SAMPLES / 2);
    assert_eq!(h.samples().first().map(|s| s.time_ms), Some(250));
    assert!(h.samples().last().unwrap().time_ms > sim.end_ms() - 30_000);
}
