//! The run's events in bounded memory: the most recent ones in full (a window of at
//! least [`EVENT_WINDOW`] and at most twice that many), and a count of every event
//! ever recorded, in total and per kind. The trace hash folds every event in as it is
//! recorded, so dropping old ones changes nothing but what [`EventLog::kept`] returns.
//! Events keep their run-wide index (`Chunked`), and cloning copies chunk pointers.

use crate::chunked::Chunked;
use crate::events::{Event, EventKind};
use std::collections::BTreeMap;

/// How many recent events are always kept in full (about 10 MB of events). Once twice
/// as many are held, the oldest half is dropped in one go (amortised O(1) per event).
pub const EVENT_WINDOW: usize = 50_000;

/// The recorded events: a window of recent ones plus counters.
#[derive(Clone, Debug, Default)]
pub struct EventLog {
    /// Every event by its run-wide index; the oldest are dropped from the front.
    kept: Chunked<Event>,
    /// Events ever recorded, per kind (`EventKind::name`).
    per_kind: BTreeMap<&'static str, u64>,
    /// Events counted but not kept after [`EventLog::stop_keeping`].
    unkept: u64,
    /// Set by [`EventLog::stop_keeping`]: events are only counted from then on.
    counting_only: bool,
}

impl EventLog {
    /// Records one event, dropping the oldest half of the window when it is full.
    pub fn push(&mut self, e: Event) {
        if self.counting_only {
            self.unkept += 1;
            return;
        }
        *self.per_kind.entry(e.kind.name()).or_default() += 1;
        let (len, front) = (self.kept.len(), self.kept.front());
        if len - front >= 2 * EVENT_WINDOW {
            self.kept.drop_front(len - EVENT_WINDOW);
        }
        self.kept.push(e);
    }

    /// The events kept, by run-wide index (all of them until the window first fills;
    /// `len()` counts every event ever recorded).
    pub fn kept(&self) -> &Chunked<Event> {
        &self.kept
    }

    /// How many events were dropped from the front (the run-wide index of the first kept).
    pub fn dropped(&self) -> u64 {
        self.kept.front() as u64
    }

    /// Events ever recorded.
    pub fn total(&self) -> u64 {
        self.kept.len() as u64 + self.unkept
    }

    /// From now on only counts events (in [`EventLog::total`], not per kind): a run that
    /// reads only the ledger (a sweep, a what-if fork) keeps no event it never reads.
    pub fn stop_keeping(&mut self) {
        self.counting_only = true;
    }

    /// Whether [`EventLog::stop_keeping`] was called.
    pub fn counting_only(&self) -> bool {
        self.counting_only
    }

    /// Events ever recorded, per kind name, in name order.
    pub fn per_kind(&self) -> &BTreeMap<&'static str, u64> {
        &self.per_kind
    }
}

impl EventKind {
    /// The variant's name, as the JSON encoding's `type` tag writes it.
    pub fn name(&self) -> &'static str {
        use EventKind::*;
        match self {
            BrokerStarted { .. } => "BrokerStarted",
            BrokerDown { .. } => "BrokerDown",
            BrokerPaused { .. } => "BrokerPaused",
            BrokerResumed { .. } => "BrokerResumed",
            BrokerSlow { .. } => "BrokerSlow",
            ControlledShutdownStarted { .. } => "ControlledShutdownStarted",
            BrokerRegistered { .. } => "BrokerRegistered",
            SessionExpired { .. } => "SessionExpired",
            ControllerElected { .. } => "ControllerElected",
            ControllerMoved { .. } => "ControllerMoved",
            StaleControllerEpochRejected { .. } => "StaleControllerEpochRejected",
            LeaderElected { .. } => "LeaderElected",
            PartitionOffline { .. } => "PartitionOffline",
            BecameLeader { .. } => "BecameLeader",
            BecameFollower { .. } => "BecameFollower",
            IsrShrink { .. } => "IsrShrink",
            IsrExpand { .. } => "IsrExpand",
            IsrUpdateRejected { .. } => "IsrUpdateRejected",
            Truncated { .. } => "Truncated",
            SegmentsDeleted { .. } => "SegmentsDeleted",
            FollowerOutOfRange { .. } => "FollowerOutOfRange",
            ConsumerOffsetReset { .. } => "ConsumerOffsetReset",
            UnflushedLost { .. } => "UnflushedLost",
            Appended { .. } => "Appended",
            Committed { .. } => "Committed",
            ProduceAcknowledged { .. } => "ProduceAcknowledged",
            ProduceError { .. } => "ProduceError",
            DuplicateRejected { .. } => "DuplicateRejected",
            DuplicateAppended { .. } => "DuplicateAppended",
            MessageLost { .. } => "MessageLost",
            MessageDropped { .. } => "MessageDropped",
            LinkCut { .. } => "LinkCut",
            LinkHealed { .. } => "LinkHealed",
            ManualNetwork { .. } => "ManualNetwork",
            GroupRebalanced { .. } => "GroupRebalanced",
            Consumed { .. } => "Consumed",
            CoordinatorFound { .. } => "CoordinatorFound",
            MemberSessionExpired { .. } => "MemberSessionExpired",
            ConsumerCrashed { .. } => "ConsumerCrashed",
            ConsumerRestarted { .. } => "ConsumerRestarted",
            OffsetCommitted { .. } => "OffsetCommitted",
            ReassignmentCompleted { .. } => "ReassignmentCompleted",
            ConfigChanged { .. } => "ConfigChanged",
            TopicCreated { .. } => "TopicCreated",
            PartitionsAdded { .. } => "PartitionsAdded",
            TopicMarkedForDeletion { .. } => "TopicMarkedForDeletion",
            TopicDeleted { .. } => "TopicDeleted",
            ActionRefused { .. } => "ActionRefused",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_stays_bounded_and_the_counters_see_every_event() {
        let mut log = EventLog::default();
        let n = 2 * EVENT_WINDOW as u64 + 7;
        for i in 0..n {
            log.push(Event {
                time_ms: i,
                kind: if i % 2 == 0 {
                    EventKind::BrokerStarted { broker: 0 }
                } else {
                    EventKind::ManualNetwork { on: true }
                },
            });
        }
        assert_eq!(log.total(), n);
        let kept = log.kept().iter().count();
        assert!((EVENT_WINDOW..=2 * EVENT_WINDOW).contains(&kept), "{kept}");
        assert_eq!(log.kept().first().map(|e| e.time_ms), Some(log.dropped()));
        assert_eq!(
            log.kept()[log.dropped() as usize + 3].time_ms,
            log.dropped() + 3
        );
        assert_eq!(log.kept().last().map(|e| e.time_ms), Some(n - 1));
        assert_eq!(log.per_kind()["BrokerStarted"], n.div_ceil(2));
        assert_eq!(log.per_kind()["ManualNetwork"], n / 2);
    }

    #[test]
    fn names_match_the_json_type_tag() {
        let e = EventKind::ConsumerCrashed {
            consumer: "c".into(),
        };
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["type"], e.name());
    }
}
