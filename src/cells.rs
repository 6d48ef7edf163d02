//! The log cells of a partition's rulers: each record of a replica's log with the state
//! the core gives it (`isrlab_sim::record_state`, read from the ledger), mapped to a
//! look; truncated records (ghosts) and lost messages from the core's events and ledger.

use isrlab_sim::config::TruncationRule;
use isrlab_sim::ledger::MessageRecord;
use isrlab_sim::record_state::{record_states, RecordState};
use isrlab_sim::view::{PartitionView, ReplicaView};
use isrlab_sim::{BrokerId, Event, EventKind, LeaderEpoch, Offset, TimeMs, TopicPartition};

/// Every record state, in the order the legend lists them.
pub const STATES: [RecordState; 5] = [
    RecordState::Committed,
    RecordState::Uncommitted,
    RecordState::Acknowledged,
    RecordState::AtRisk,
    RecordState::Duplicate,
];

/// CSS class and `data-state` value of a record state.
pub fn code(s: RecordState) -> &'static str {
    match s {
        RecordState::Uncommitted => "uncommitted",
        RecordState::Acknowledged => "acknowledged",
        RecordState::Committed => "committed",
        RecordState::AtRisk => "acked-at-risk",
        RecordState::Duplicate => "duplicate",
    }
}

/// Translation key of a record state's name.
pub fn key(s: RecordState) -> &'static str {
    match s {
        RecordState::Uncommitted => "cell.uncommitted",
        RecordState::Acknowledged => "cell.acknowledged",
        RecordState::Committed => "cell.committed",
        RecordState::AtRisk => "cell.acked_at_risk",
        RecordState::Duplicate => "cell.duplicate",
    }
}

/// One record cell of a ruler.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// Offset.
    pub offset: Offset,
    /// Leader epoch it was written in.
    pub epoch: LeaderEpoch,
    /// Value.
    pub value: String,
    /// Its state, as the core's ledger says.
    pub state: RecordState,
}

/// The cells of one replica's log.
pub fn cells(replica: &ReplicaView, ledger: &[MessageRecord]) -> Vec<Cell> {
    replica
        .log
        .iter()
        .zip(record_states(&replica.log, ledger))
        .map(|(r, state)| Cell {
            offset: r.offset,
            epoch: r.epoch,
            value: r.value.clone(),
            state,
        })
        .collect()
}

/// A record truncated from a replica's log, drawn as a ghost cell. It comes from the
/// core's `Truncated` events, which name the replica and each removed record (offset,
/// leader epoch, ledger message id); the value is looked up in the ledger.
#[derive(Clone, Debug, PartialEq)]
pub struct Ghost {
    /// Offset the record had.
    pub offset: Offset,
    /// Leader epoch it was written in.
    pub epoch: LeaderEpoch,
    /// Its value as produced (empty if the ledger does not know the message).
    pub value: String,
    /// When it was truncated.
    pub time_ms: TimeMs,
    /// The rule the follower truncated by.
    pub rule: TruncationRule,
}

/// The records truncated from `broker`'s replica of `tp`, the latest truncation of each offset.
pub fn truncated(
    events: &[Event],
    ledger: &[MessageRecord],
    tp: &TopicPartition,
    broker: BrokerId,
) -> Vec<Ghost> {
    let mut ghosts: std::collections::BTreeMap<Offset, Ghost> = Default::default();
    for e in events {
        if let EventKind::Truncated {
            tp: t,
            broker: b,
            rule,
            records,
            ..
        } = &e.kind
        {
            if t == tp && *b == broker {
                for r in records {
                    let value = ledger
                        .iter()
                        .find(|m| m.id == r.message)
                        .map(|m| m.value.clone())
                        .unwrap_or_default();
                    ghosts.insert(
                        r.offset,
                        Ghost {
                            offset: r.offset,
                            epoch: r.epoch,
                            value,
                            time_ms: e.time_ms,
                            rule: *rule,
                        },
                    );
                }
            }
        }
    }
    ghosts.into_values().collect()
}

/// The longest log of the partition's replicas: one past its last offset (its LEO).
pub fn longest_log(partition: &PartitionView) -> Offset {
    partition
        .replica_states
        .iter()
        .map(|r| {
            r.log_end_offset
                .max(r.log.last().map_or(0, |c| c.offset + 1))
        })
        .max()
        .unwrap_or(0)
}

/// A record a power loss removed from a replica's log: it was only in the page cache.
/// From the core's `UnflushedLost` events (which name the range, not the records).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PowerLost {
    /// Offset the record had.
    pub offset: Offset,
    /// When the power went.
    pub time_ms: TimeMs,
}

/// Most offsets drawn for one power loss (a ruler shows a short log).
const MAX_POWER_LOST: u64 = 4_096;

/// The offsets `broker`'s replica of `tp` lost at power losses, the latest loss of each.
pub fn power_lost(events: &[Event], tp: &TopicPartition, broker: BrokerId) -> Vec<PowerLost> {
    let losses = events.iter().filter_map(|e| match &e.kind {
        EventKind::UnflushedLost {
            tp: t,
            broker: b,
            to_offset,
            removed,
        } if t == tp && *b == broker => {
            Some((e.time_ms, *to_offset, (*removed).min(MAX_POWER_LOST)))
        }
        _ => None,
    });
    let by_offset: std::collections::BTreeMap<Offset, PowerLost> = losses
        .flat_map(|(time_ms, from, n)| {
            (from..from.saturating_add(n))
                .map(move |offset| (offset, PowerLost { offset, time_ms }))
        })
        .collect();
    by_offset.into_values().collect()
}

/// Messages of this partition the ledger reports lost from every replica.
pub fn lost<'a>(partition: &PartitionView, ledger: &'a [MessageRecord]) -> Vec<&'a MessageRecord> {
    ledger
        .iter()
        .filter(|m| m.tp == partition.tp && m.lost_at.is_some())
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::run::Run;
    use crate::scenarios;
    use std::collections::BTreeSet;

    #[test]
    fn ghosts_are_exactly_the_offsets_the_cores_truncated_events_name() {
        let mut run = Run::from_json(&scenarios::by_id("kip101-hw-truncation").unwrap()).unwrap();
        run.advance_by(run.end_ms());
        let events = run.events().to_vec();
        let mut found = 0;
        for p in &run.view().partitions {
            for r in &p.replica_states {
                let ghosts = truncated(&events, &run.ledger().to_vec(), &p.tp, r.broker);
                let expected: BTreeSet<Offset> = events
                    .iter()
                    .filter_map(|e| match &e.kind {
                        EventKind::Truncated {
                            tp,
                            broker,
                            to_offset,
                            removed,
                            ..
                        } if *tp == p.tp && *broker == r.broker => {
                            Some(*to_offset..*to_offset + *removed)
                        }
                        _ => None,
                    })
                    .flatten()
                    .collect();
                let offsets: Vec<Offset> = ghosts.iter().map(|g| g.offset).collect();
                assert_eq!(offsets, expected.into_iter().collect::<Vec<_>>());
                found += ghosts.len();
            }
        }
        assert!(
            found > 0,
            "the KIP-101 scenario truncates an acknowledged record from a follower"
        );
    }

    /// The acks=1 record m2, acknowledged by broker 0 alone, is truncated when broker 0
    /// rejoins as a follower: its ghost keeps m2's value and the epoch it was written in.
    #[test]
    fn ghosts_carry_the_truncated_records_value_and_epoch() {
        let mut run = Run::from_json(&scenarios::by_id("acks1-leader-dies").unwrap()).unwrap();
        let (p, ledger) = acks1_at(2_500);
        let m2 = p
            .replica_states
            .iter()
            .find(|r| r.broker == 0)
            .unwrap()
            .log
            .iter()
            .find(|c| c.value == "m2")
            .unwrap()
            .clone();
        assert!(ledger.iter().any(|m| m.id == m2.message));
        run.advance_by(20_000);
        let tp = &run.view().partitions[0].tp.clone();
        let ghosts = truncated(&run.events().to_vec(), &run.ledger().to_vec(), tp, 0);
        let got: Vec<(Offset, LeaderEpoch, &str)> = ghosts
            .iter()
            .map(|g| (g.offset, g.epoch, g.value.as_str()))
            .collect();
        assert_eq!(got, [(m2.offset, m2.epoch, "m2")]);
    }

    /// `scenarios/acks1-leader-dies.json` run to `t`: its only partition, and the ledger.
    fn acks1_at(t: u64) -> (PartitionView, Vec<MessageRecord>) {
        let mut run = Run::from_json(&scenarios::by_id("acks1-leader-dies").unwrap()).unwrap();
        run.advance_by(t);
        (run.view().partitions[0].clone(), run.ledger().to_vec())
    }

    fn states(
        p: &PartitionView,
        broker: u32,
        ledger: &[MessageRecord],
    ) -> Vec<(String, RecordState)> {
        let r = p
            .replica_states
            .iter()
            .find(|r| r.broker == broker)
            .unwrap();
        cells(r, ledger)
            .into_iter()
            .map(|c| (c.value, c.state))
            .collect()
    }

    #[test]
    fn acks1_record_on_the_cut_off_leader_only_is_acknowledged_but_at_risk() {
        let (p, ledger) = acks1_at(2_500);
        assert_eq!(p.leader, Some(0));
        assert_eq!(
            states(&p, 0, &ledger),
            [
                ("m1".to_string(), RecordState::Committed),
                ("m2".to_string(), RecordState::AtRisk)
            ]
        );
        assert_eq!(
            states(&p, 1, &ledger),
            [("m1".to_string(), RecordState::Committed)]
        );
        assert!(lost(&p, &ledger).is_empty());
    }

    /// Issue #8: right after the leader (broker 0) crashes the partition has no live
    /// leader, yet m1, committed before on every replica, stays committed on each.
    #[test]
    fn m1_stays_committed_on_every_replica_after_the_leader_crashes() {
        for t in [3_100, 9_000, 12_000] {
            let (p, ledger) = acks1_at(t);
            for r in &p.replica_states {
                assert_eq!(
                    states(&p, r.broker, &ledger)[0],
                    ("m1".to_string(), RecordState::Committed),
                    "t={t} broker {}",
                    r.broker
                );
            }
        }
    }

    #[test]
    fn after_the_new_leader_wins_m2_is_listed_lost_and_m3_takes_its_offset() {
        let (p, ledger) = acks1_at(20_000);
        let lost: Vec<_> = lost(&p, &ledger).iter().map(|m| m.value.as_str()).collect();
        assert_eq!(lost, ["m2"]);
        for r in &p.replica_states {
            let values: Vec<_> = r.log.iter().map(|c| c.value.as_str()).collect();
            assert_eq!(values, ["m1", "m3"], "broker {}", r.broker);
        }
    }
}
