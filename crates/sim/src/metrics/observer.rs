//! The metrics observer: after each step it reads the events that step recorded and, when
//! one of them can move a gauge, the cluster's state. It marks the meters (Kafka's
//! `...PerSec`), ticks them by virtual time, and writes a [`Mark`] whenever a metric moved,
//! with the fault or action that led to it. It never changes the simulation: protocol code
//! keeps no metric books. Its memory is bounded: meters are folded counters, and the
//! marks are a window like the event log's.

use super::gauges::{BrokerGauges, Gauges};
use super::meter::{Meter, TICK_MS};
use super::names::MetricId;
use crate::chunked::Chunked;
use crate::events::{Event, EventKind, KafkaError, ShrinkReason};
use crate::ids::{BrokerId, TimeMs};
use crate::sim::Sim;
use serde::Serialize;
use std::collections::BTreeMap;

/// Marks always kept; once twice as many are held the oldest half is dropped.
pub const MARK_WINDOW: usize = 2_000;
/// A meter's marks for one scope closer than this to the previous one are folded into it.
const MARK_FOLD_MS: TimeMs = 1_000;

/// A metric moved: when, where, from what to what, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mark {
    /// Virtual time.
    pub time_ms: TimeMs,
    /// The metric.
    pub metric: MetricId,
    /// The broker reporting it; `None` for the cluster-wide value.
    pub broker: Option<BrokerId>,
    /// Value before (a gauge's value, a meter's count).
    pub from: u64,
    /// Value after.
    pub to: u64,
    /// The fault or action that led to it (the latest one at that time), or the event
    /// that moved it when there was none (boot).
    pub cause: Option<Event>,
}

/// The meters, cluster-wide and per broker (by broker index).
#[derive(Clone, Debug, Default)]
pub struct Meters {
    /// ISR shrinks, then expansions, made by leaders (the controller's removals of dead
    /// replicas are not counted, as in Kafka: `Partition.maybeShrinkIsr` marks the
    /// leader's `IsrShrinksPerSec`).
    pub isr: [Meter; 2],
    /// Unclean elections by the controller.
    pub unclean: Meter,
    /// Produce requests answered with an error.
    pub failed_produce: Meter,
    /// Produce requests answered.
    pub produce: Meter,
    /// Produce errors by Kafka error name.
    pub produce_errors: BTreeMap<String, Meter>,
    /// Per broker index: ISR shrinks and expansions as leader.
    pub per_broker: Vec<[Meter; 2]>,
}

impl Meters {
    fn all_mut(&mut self) -> impl Iterator<Item = &mut Meter> {
        [
            &mut self.unclean,
            &mut self.failed_produce,
            &mut self.produce,
        ]
        .into_iter()
        .chain(self.isr.iter_mut())
        .chain(self.produce_errors.values_mut())
        .chain(self.per_broker.iter_mut().flatten())
    }
}

/// The observer's state, held by the simulation (cloned with it for time travel).
#[derive(Clone, Debug, Default)]
pub struct Observer {
    seen: usize,
    next_tick: TimeMs,
    /// The meters.
    pub meters: Meters,
    last: Option<(Gauges, Vec<BrokerGauges>)>,
    cause: Option<Event>,
    marks: Chunked<Mark>,
}

impl Observer {
    /// The marks kept, by run-wide index.
    pub fn marks(&self) -> &Chunked<Mark> {
        &self.marks
    }

    fn push_mark(&mut self, m: Mark) {
        if m.metric.is_meter() {
            let fold = self.marks.iter().rev().take(32).position(|o| {
                o.metric == m.metric && o.broker == m.broker && m.time_ms < o.time_ms + MARK_FOLD_MS
            });
            if let Some(back) = fold {
                let i = self.marks.len() - 1 - back;
                if let Some(o) = self.marks.get_mut(i) {
                    o.to = m.to;
                }
                return;
            }
        }
        let (len, front) = (self.marks.len(), self.marks.front());
        if len - front >= 2 * MARK_WINDOW {
            self.marks.drop_front(len - MARK_WINDOW);
        }
        self.marks.push(m);
    }
}

/// Whether an event can move a gauge (the observer reads the state only after these).
fn moves_gauges(k: &EventKind) -> bool {
    use EventKind::*;
    matches!(
        k,
        BrokerStarted { .. }
            | BrokerDown { .. }
            | BrokerPaused { .. }
            | BrokerResumed { .. }
            | SessionExpired { .. }
            | ControllerElected { .. }
            | LeaderElected { .. }
            | PartitionOffline { .. }
            | BecameLeader { .. }
            | BecameFollower { .. }
            | IsrShrink { .. }
            | IsrExpand { .. }
            | ReassignmentCompleted { .. }
            | ConfigChanged { .. }
            | TopicCreated { .. }
            | PartitionsAdded { .. }
            | TopicMarkedForDeletion { .. }
            | TopicDeleted { .. }
    )
}

/// Whether an event is a fault or an action: what a mark names as its cause.
fn is_cause(k: &EventKind) -> bool {
    use EventKind::*;
    matches!(
        k,
        BrokerDown { .. }
            | BrokerStarted { .. }
            | BrokerPaused { .. }
            | BrokerResumed { .. }
            | BrokerSlow { .. }
            | ControlledShutdownStarted { .. }
            | SessionExpired { .. }
            | LinkCut { .. }
            | LinkHealed { .. }
            | ManualNetwork { .. }
            | ConfigChanged { .. }
            | ReassignmentCompleted { .. }
            | TopicCreated { .. }
            | PartitionsAdded { .. }
            | TopicMarkedForDeletion { .. }
            | TopicDeleted { .. }
    )
}

impl Sim {
    /// The observer's pass after a step or an action: meters, ticks, gauges and marks.
    pub(crate) fn observe_metrics(&mut self) {
        let mut o = std::mem::take(&mut self.observer);
        if o.meters.per_broker.len() != self.brokers.len() {
            o.meters
                .per_broker
                .resize(self.brokers.len(), Default::default());
        }
        while self.now >= o.next_tick + TICK_MS {
            o.meters.all_mut().for_each(Meter::tick);
            o.next_tick += TICK_MS;
        }
        let events = self.events.kept();
        let from = o.seen.max(events.front());
        let mut read_gauges = false;
        for e in events.range(from, events.len()) {
            if is_cause(&e.kind) {
                o.cause = Some(e.clone());
            }
            read_gauges |= moves_gauges(&e.kind);
            self.mark_meters(&mut o, e);
        }
        o.seen = events.len();
        if read_gauges || o.last.is_none() {
            self.mark_gauges(&mut o);
        }
        self.observer = o;
    }

    fn mark_meters(&self, o: &mut Observer, e: &Event) {
        let mut moved: Vec<Moved> = Vec::new();
        match &e.kind {
            EventKind::IsrShrink { leader, reason, .. }
                if !matches!(
                    reason,
                    ShrinkReason::BrokerDead | ShrinkReason::ControlledShutdown
                ) =>
            {
                self.mark_isr(o, 0, *leader, &mut moved)
            }
            EventKind::IsrExpand { leader, .. } => self.mark_isr(o, 1, *leader, &mut moved),
            EventKind::BrokerStarted { broker } => self.reset_broker_meters(o, *broker, e),
            EventKind::LeaderElected {
                reason: crate::events::ElectionReason::Unclean,
                ..
            } => {
                o.meters.unclean.mark(1);
                let c = o.meters.unclean.count();
                moved.push((MetricId::UncleanLeaderElectionsPerSec, None, c));
            }
            EventKind::ProduceAcknowledged { .. } => o.meters.produce.mark(1),
            // DELIVERY_TIMEOUT is the producer's own verdict: no broker answered it.
            EventKind::ProduceError { error, .. } if *error != KafkaError::DELIVERY_TIMEOUT => {
                o.meters.produce.mark(1);
                o.meters.failed_produce.mark(1);
                let name = format!("{error:?}");
                o.meters
                    .produce_errors
                    .entry(name)
                    .or_insert_with(|| Meter::since(e.time_ms))
                    .mark(1);
                let c = o.meters.failed_produce.count();
                moved.push((MetricId::FailedProduceRequestsPerSec, None, c));
            }
            _ => {}
        }
        for (metric, broker, to) in moved {
            o.push_mark(Mark {
                time_ms: e.time_ms,
                metric,
                broker,
                from: to - 1,
                to,
                cause: o.cause.clone().or_else(|| Some(e.clone())),
            });
        }
    }

    /// Marks an ISR change by `leader` (`k`: 0 a shrink, 1 an expansion), cluster-wide and
    /// on that broker.
    fn mark_isr(&self, o: &mut Observer, k: usize, leader: BrokerId, moved: &mut Vec<Moved>) {
        let metric = [MetricId::IsrShrinksPerSec, MetricId::IsrExpandsPerSec][k];
        o.meters.isr[k].mark(1);
        moved.push((metric, None, o.meters.isr[k].count()));
        if let Some(b) = self.bidx(leader) {
            o.meters.per_broker[b][k].mark(1);
            moved.push((metric, Some(leader), o.meters.per_broker[b][k].count()));
        }
    }

    /// A started broker is a new process with new meters (Kafka's live in the broker's
    /// Yammer registry, `KafkaYammerMetrics`): its counts and rates start again from zero,
    /// and a count that drops is marked.
    fn reset_broker_meters(&self, o: &mut Observer, broker: BrokerId, e: &Event) {
        let Some(b) = self.bidx(broker) else {
            return;
        };
        let metrics = [MetricId::IsrShrinksPerSec, MetricId::IsrExpandsPerSec];
        for (k, metric) in metrics.into_iter().enumerate() {
            let from = o.meters.per_broker[b][k].count();
            o.meters.per_broker[b][k] = Meter::since(e.time_ms);
            if from > 0 {
                o.push_mark(Mark {
                    time_ms: e.time_ms,
                    metric,
                    broker: Some(broker),
                    from,
                    to: 0,
                    cause: Some(e.clone()),
                });
            }
        }
    }

    fn mark_gauges(&self, o: &mut Observer) {
        let brokers = self.broker_gauges();
        let cluster = Gauges::cluster(&brokers, self.offline_partitions());
        let cause = o
            .cause
            .clone()
            .or_else(|| self.events.kept().last().cloned());
        if let Some((cluster_before, before)) = &o.last {
            let mut marks = Vec::new();
            for (metric, read) in GAUGE_FIELDS {
                let pairs = std::iter::once((None, cluster_before, &cluster)).chain(
                    before
                        .iter()
                        .zip(&brokers)
                        .map(|(x, y)| (Some(y.broker), &x.gauges, &y.gauges)),
                );
                for (broker, x, y) in pairs {
                    if read(x) != read(y) {
                        marks.push((metric, broker, read(x), read(y)));
                    }
                }
            }
            for (metric, broker, from, to) in marks {
                o.push_mark(Mark {
                    time_ms: self.now,
                    metric,
                    broker,
                    from,
                    to,
                    cause: cause.clone(),
                });
            }
        }
        o.last = Some((cluster, brokers));
    }

    /// Every mark kept, by run-wide index: each time a metric moved, with its cause.
    pub fn metric_marks(&self) -> &Chunked<Mark> {
        self.observer.marks()
    }
}

/// A meter that moved: which, where (`None`: cluster-wide), and its count now.
type Moved = (MetricId, Option<BrokerId>, u64);

/// The gauges marks are written for (not MaxLag: it moves with every fetch), with how to
/// read each.
type GaugeField = (MetricId, fn(&Gauges) -> u64);
const GAUGE_FIELDS: [GaugeField; 5] = [
    (MetricId::UnderReplicatedPartitions, |g| {
        u64::from(g.UnderReplicatedPartitions)
    }),
    (MetricId::UnderMinIsrPartitionCount, |g| {
        u64::from(g.UnderMinIsrPartitionCount)
    }),
    (MetricId::AtMinIsrPartitionCount, |g| {
        u64::from(g.AtMinIsrPartitionCount)
    }),
    (MetricId::OfflinePartitionsCount, |g| {
        u64::from(g.OfflinePartitionsCount)
    }),
    (MetricId::ActiveControllerCount, |g| {
        u64::from(g.ActiveControllerCount)
    }),
];
