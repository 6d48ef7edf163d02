//! The state of every record cell in a partition's log rulers, read from the core's
//! view (offsets, high watermark) and ledger (acknowledged, lost, duplicates).

use isrlab_sim::ledger::MessageRecord;
use isrlab_sim::view::{PartitionView, ReplicaView};
use isrlab_sim::{LeaderEpoch, Offset};
use std::collections::BTreeSet;

/// What a record in a replica's log is, as far as the producer and consumers are concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellState {
    /// Appended but not yet below the leader's high watermark.
    Uncommitted,
    /// Below the high watermark: consumers may read it; it survives any clean election.
    Committed,
    /// Not committed, yet the producer was told it succeeded (acks=0/1): a crash now loses it.
    AckedAtRisk,
    /// A second copy of a record already in this log (a retry without idempotence).
    Duplicate,
}

impl CellState {
    /// CSS class and `data-state` value.
    pub fn code(self) -> &'static str {
        match self {
            CellState::Uncommitted => "uncommitted",
            CellState::Committed => "committed",
            CellState::AckedAtRisk => "acked-at-risk",
            CellState::Duplicate => "duplicate",
        }
    }

    /// Translation key of its name.
    pub fn key(self) -> &'static str {
        match self {
            CellState::Uncommitted => "cell.uncommitted",
            CellState::Committed => "cell.committed",
            CellState::AckedAtRisk => "cell.acked_at_risk",
            CellState::Duplicate => "cell.duplicate",
        }
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
    /// Its state.
    pub state: CellState,
}

/// The cells of one replica's log.
pub fn cells(
    partition: &PartitionView,
    replica: &ReplicaView,
    ledger: &[MessageRecord],
) -> Vec<Cell> {
    let mut seen = BTreeSet::new();
    replica
        .log
        .iter()
        .map(|r| {
            let acked = ledger
                .iter()
                .any(|m| m.tp == partition.tp && m.value == r.value && m.acknowledged_at.is_some());
            let state = if !seen.insert(r.value.as_str()) {
                CellState::Duplicate
            } else if r.offset < partition.high_watermark {
                CellState::Committed
            } else if acked {
                CellState::AckedAtRisk
            } else {
                CellState::Uncommitted
            };
            Cell {
                offset: r.offset,
                epoch: r.epoch,
                value: r.value.clone(),
                state,
            }
        })
        .collect()
}

/// Messages of this partition the ledger reports lost from every replica.
pub fn lost<'a>(partition: &PartitionView, ledger: &'a [MessageRecord]) -> Vec<&'a MessageRecord> {
    ledger
        .iter()
        .filter(|m| m.tp == partition.tp && m.lost_at.is_some())
        .collect()
}

/// The leader epoch cache as the log implies it: each epoch with its first offset
/// (what Kafka's `LeaderEpochFileCache` holds, KIP-101).
pub fn epoch_starts(replica: &ReplicaView) -> Vec<(LeaderEpoch, Offset)> {
    let mut out: Vec<(LeaderEpoch, Offset)> = Vec::new();
    for r in &replica.log {
        if out.last().is_none_or(|&(e, _)| e != r.epoch) {
            out.push((r.epoch, r.offset));
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use isrlab_sim::view::RecordView;
    use isrlab_sim::TopicPartition;

    fn record(offset: Offset, epoch: LeaderEpoch, value: &str) -> RecordView {
        RecordView {
            offset,
            epoch,
            value: value.into(),
        }
    }

    fn message(value: &str, acked: bool, lost: bool) -> MessageRecord {
        MessageRecord {
            id: 0,
            value: value.into(),
            tp: TopicPartition {
                topic: "orders".into(),
                partition: 0,
            },
            acks: 1,
            sent_at: 0,
            acknowledged_at: acked.then_some(5),
            error: None,
            committed_at: None,
            lost_at: lost.then_some(9),
            held_by: vec![],
            duplicates: 0,
            consumed_by: vec![],
        }
    }

    fn partition(hw: Offset, log: Vec<RecordView>) -> PartitionView {
        PartitionView {
            tp: TopicPartition {
                topic: "orders".into(),
                partition: 0,
            },
            replicas: vec![0],
            leader: Some(0),
            leader_epoch: 1,
            isr: vec![0],
            high_watermark: hw,
            replica_states: vec![ReplicaView {
                broker: 0,
                alive: true,
                is_leader: true,
                log_end_offset: log.len() as Offset,
                high_watermark: hw,
                log,
            }],
        }
    }

    #[test]
    fn cells_below_hw_are_committed_acked_above_are_at_risk_and_repeats_are_duplicates() {
        let p = partition(
            1,
            vec![
                record(0, 0, "m1"),
                record(1, 0, "m2"),
                record(2, 1, "m3"),
                record(3, 1, "m2"),
            ],
        );
        let ledger = [
            message("m1", true, false),
            message("m2", true, false),
            message("m3", false, false),
        ];
        let states: Vec<_> = cells(&p, &p.replica_states[0], &ledger)
            .iter()
            .map(|c| c.state)
            .collect();
        assert_eq!(
            states,
            [
                CellState::Committed,
                CellState::AckedAtRisk,
                CellState::Uncommitted,
                CellState::Duplicate
            ]
        );
        assert_eq!(epoch_starts(&p.replica_states[0]), [(0, 0), (1, 2)]);
    }

    #[test]
    fn lost_lists_only_this_partitions_lost_messages() {
        let p = partition(0, vec![]);
        let mut other = message("x", true, true);
        other.tp.partition = 1;
        let ledger = [message("m1", true, true), message("m2", true, false), other];
        let lost: Vec<_> = lost(&p, &ledger).iter().map(|m| m.value.as_str()).collect();
        assert_eq!(lost, ["m1"]);
    }
}
