//! Log retention as Kafka's `LogManager.cleanupLogs` runs it: every
//! `log.retention.check.interval.ms` each broker deletes, in every log it hosts, the
//! oldest whole segments that breach `retention.ms` or `retention.bytes` and lie below
//! that replica's HW, and moves the log start offset up. A follower whose fetch offset
//! then falls below its leader's log start offset restarts there (`truncateFullyAndStartAt`).
//! Records deleted this way are expired in the ledger, never lost, and once no replica
//! holds them the ledger folds them into counters (`Ledger::fold_settled`).

use super::log::{Record, RetentionBreach};
use crate::client::coordinator::{INTERNAL, OFFSETS_TOPIC};
use crate::events::EventKind;
use crate::ids::{BrokerId, Offset};
use crate::net::msg::PartIdx;
use crate::sim::Sim;

/// How many of the segments based at `bases` end at or below `offset` (the ones moving
/// the log start offset there deletes).
fn segments_below(bases: &[Offset], offset: Offset) -> u32 {
    bases.windows(2).filter(|w| w[1] <= offset).count() as u32
}

/// Kafka's `LogManager.InitialTaskDelayMs`: the first retention check runs 30 s after startup.
pub const INITIAL_TASK_DELAY_MS: u64 = 30_000;

impl Sim {
    /// Broker `b`'s retention pass over every log it hosts (`__consumer_offsets` is a
    /// compacted topic in Kafka, `cleanup.policy=compact`, so retention leaves it alone).
    pub(crate) fn delete_old_segments(&mut self, b: usize) {
        let mut removed = Vec::new();
        for p in 0..self.parts.len() {
            let topic = &self.topics[self.parts[p].topic as usize];
            if topic.name == OFFSETS_TOPIC {
                continue;
            }
            let (retention, seg) = (topic.cfg.retention, topic.cfg.segment_records);
            let now = self.now;
            let Some(r) = self.brokers[b].replicas[p].as_mut() else {
                continue;
            };
            let Some((start, breach)) = r.log.retention_cut(now, retention, seg) else {
                continue;
            };
            let segments = segments_below(&r.log.segment_bases(seg), start);
            r.log.delete_below(start, &mut removed);
            let broker = self.brokers[b].id;
            self.emit(EventKind::SegmentsDeleted {
                tp: self.parts[p].tp.clone(),
                broker,
                segments,
                records: removed.len() as u64,
                log_start_offset: start,
                breach,
            });
            self.ledger_expire(b, &removed);
            self.touch(p as PartIdx);
        }
        self.ledger.fold_settled();
    }

    /// Follower `b` moves its log start offset up to its leader's (KIP-107, 0.11+:
    /// `ReplicaFetcherThread.processPartitionData` calls `maybeIncrementLogStartOffset` with
    /// the fetch response's `logStartOffset`, reason `LeaderOffsetIncremented`). Without it a
    /// follower would keep, below the leader's log start, records the leader no longer has,
    /// such as an old epoch's records that the epoch walk-back leaves below the leader's
    /// first cached epoch. The records it deletes expire.
    pub(crate) fn follow_leader_log_start(&mut self, b: usize, p: PartIdx, leader_start: Offset) {
        let mut removed = Vec::new();
        let seg = self.topics[self.parts[p as usize].topic as usize]
            .cfg
            .segment_records;
        let Some(r) = self.brokers[b].replicas[p as usize].as_mut() else {
            return;
        };
        let bases = r.log.segment_bases(seg);
        r.log.delete_below(leader_start, &mut removed);
        if removed.is_empty() {
            return;
        }
        let start = r.log.log_start();
        let segments = segments_below(&bases, start);
        let broker = self.brokers[b].id;
        self.emit(EventKind::SegmentsDeleted {
            tp: self.parts[p as usize].tp.clone(),
            broker,
            segments,
            records: removed.len() as u64,
            log_start_offset: start,
            breach: RetentionBreach::LeaderLogStartOffset,
        });
        self.ledger_expire(b, &removed);
        self.ledger.fold_settled();
    }

    /// Follower `b`'s fetch offset on `p` is below leader `leader`'s log start offset: its
    /// log goes and it restarts empty at the leader's log start offset (with the leader's
    /// prefix hash there). Its records were deleted by retention on the leader: expired.
    pub(crate) fn restart_at_leader_log_start(
        &mut self,
        b: usize,
        p: PartIdx,
        leader: BrokerId,
        log_start: Offset,
        start_chain: u64,
    ) {
        let mut removed = Vec::new();
        let now = self.now;
        let Some(r) = self.brokers[b].replicas[p as usize].as_mut() else {
            return;
        };
        let fetch_offset = r.log.leo();
        r.log
            .truncate_fully_and_start_at(log_start, start_chain, &mut removed);
        r.rebuild_producer_state(now);
        let broker = self.brokers[b].id;
        self.emit(EventKind::FollowerOutOfRange {
            tp: self.parts[p as usize].tp.clone(),
            broker,
            leader,
            fetch_offset,
            log_start_offset: log_start,
        });
        self.ledger_expire(b, &removed);
        self.touch(p);
    }

    /// Notes records deleted from broker `b`'s log by retention: expired, not lost.
    fn ledger_expire(&mut self, b: usize, removed: &[Record]) {
        let id = self.brokers[b].id;
        for r in removed.iter().filter(|x| x.msg & INTERNAL == 0) {
            self.ledger.expired(r.msg, b, id, self.now);
        }
    }
}
