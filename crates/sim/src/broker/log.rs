//! A replica's log: records with offset, leader epoch, value (ledger id) and producer
//! id/sequence; LEO, HW, HW checkpoint, flushed offset, the leader-epoch cache and
//! segments. Every record carries a chained hash of the log prefix so that two
//! replicas' prefixes compare in O(1).

use crate::chunked::Chunked;
use crate::ids::{LeaderEpoch, Offset, TimeMs};

/// One record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Record {
    /// Offset.
    pub offset: Offset,
    /// Leader epoch it was written in.
    pub epoch: LeaderEpoch,
    /// Ledger id of the produced message (its value).
    pub msg: u32,
    /// Producer id (0 without idempotence).
    pub producer_id: u64,
    /// Producer sequence number.
    pub seq: u32,
    /// The last record of its batch (a produce request's records for one partition).
    pub batch_end: bool,
    /// Hash of the log prefix up to and including this record.
    pub chain: u64,
}

/// A record as sent in a produce or fetch (without the chain).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordData {
    /// Leader epoch.
    pub epoch: LeaderEpoch,
    /// Ledger id.
    pub msg: u32,
    /// Producer id.
    pub producer_id: u64,
    /// Producer sequence.
    pub seq: u32,
    /// The last record of its batch.
    pub batch_end: bool,
}

fn chain(prev: u64, offset: Offset, d: &RecordData) -> u64 {
    let mut h = prev ^ 0xcbf2_9ce4_8422_2325;
    for x in [
        offset,
        d.epoch as u64,
        d.msg as u64,
        d.producer_id,
        d.seq as u64,
    ] {
        h = (h ^ x).wrapping_mul(0x0000_0100_0000_01b3);
        h ^= h >> 29;
    }
    h
}

/// Kafka's `UNDEFINED_EPOCH_OFFSET` answer, as `None`.
pub type EpochEnd = Option<(LeaderEpoch, Offset)>;

/// One replica's log on disk (plus the HW it keeps in memory).
#[derive(Clone, Debug, Default)]
pub struct Log {
    records: Chunked<Record>,
    /// High watermark (exclusive) held in memory.
    pub hw: Offset,
    /// Last HW written to `replication-offset-checkpoint`.
    pub hw_checkpoint: Offset,
    /// Records below this offset are fsynced.
    pub flushed: Offset,
    /// When the oldest unflushed record was appended.
    pub unflushed_since: Option<TimeMs>,
    /// Leader-epoch cache: (epoch, start offset), increasing.
    epoch_cache: Vec<(LeaderEpoch, Offset)>,
}

impl Log {
    /// Log end offset.
    pub fn leo(&self) -> Offset {
        self.records.len() as Offset
    }

    /// All records.
    pub fn records(&self) -> &Chunked<Record> {
        &self.records
    }

    /// Records `from..to`.
    pub fn range(&self, from: Offset, to: Offset) -> impl Iterator<Item = &Record> + '_ {
        self.records.range(from as usize, to as usize)
    }

    /// End (exclusive) of the batch holding offset `from`: KIP-74 returns the first batch
    /// of a fetch whole, whatever `replica.fetch.max.bytes` says.
    pub fn batch_end_after(&self, from: Offset) -> Offset {
        self.range(from, self.leo())
            .find(|r| r.batch_end)
            .map_or(self.leo(), |r| r.offset + 1)
    }

    /// The leader-epoch cache.
    pub fn epoch_cache(&self) -> &[(LeaderEpoch, Offset)] {
        &self.epoch_cache
    }

    /// Prefix hash of `[0, end)`; 0 for the empty prefix.
    pub fn chain_at(&self, end: Offset) -> u64 {
        if end == 0 {
            0
        } else {
            self.records
                .get(end as usize - 1)
                .map_or(u64::MAX, |r| r.chain)
        }
    }

    /// Appends one record at the LEO, assigning its offset and maintaining the epoch cache.
    pub fn append(&mut self, d: RecordData, now: TimeMs) -> Offset {
        let offset = self.leo();
        let prev = self.chain_at(offset);
        self.assign(d.epoch, offset);
        self.records.push(Record {
            offset,
            epoch: d.epoch,
            msg: d.msg,
            producer_id: d.producer_id,
            seq: d.seq,
            batch_end: d.batch_end,
            chain: chain(prev, offset, &d),
        });
        if self.unflushed_since.is_none() {
            self.unflushed_since = Some(now);
        }
        offset
    }

    /// A leader starting epoch `epoch` records (epoch, LEO) in its cache (Kafka's
    /// `LeaderEpochFileCache.assign` on `makeLeader`).
    pub fn assign_epoch(&mut self, epoch: LeaderEpoch) {
        self.assign(epoch, self.leo());
    }

    /// Kafka's `LeaderEpochFileCache.assign(epoch, startOffset)`, called by `makeLeader`
    /// and for every appended batch: nothing to do for the latest epoch at or after its
    /// start; otherwise the trailing entries the new one does not strictly follow (an epoch
    /// at least its own, or a start at least its start) are dropped first
    /// (`maybeTruncateNonMonotonicEntries`).
    /// So a follower appending the leader's epoch-0 records over an entry it wrote as an
    /// empty leader (epoch 1 at offset 0) replaces that entry instead of keeping it.
    fn assign(&mut self, epoch: LeaderEpoch, start: Offset) {
        if self
            .epoch_cache
            .last()
            .is_some_and(|&(e, s)| e == epoch && s <= start)
        {
            return;
        }
        while self
            .epoch_cache
            .last()
            .is_some_and(|&(e, s)| e >= epoch || s >= start)
        {
            self.epoch_cache.pop();
        }
        self.epoch_cache.push((epoch, start));
    }

    /// Truncates to `offset` (records at and after it are removed); returns the removed records.
    pub fn truncate_to(&mut self, offset: Offset, removed: &mut Vec<Record>) {
        removed.clear();
        if offset >= self.leo() {
            // UnifiedLog.truncateTo: a truncation that removes no record still drops epoch
            // entries starting at or after the LEO (an epoch this broker began as leader
            // but wrote nothing in before another leader was elected).
            let leo = self.leo();
            while self.epoch_cache.last().is_some_and(|&(_, s)| s >= leo) {
                self.epoch_cache.pop();
            }
            return;
        }
        removed.extend(
            self.records
                .range(offset as usize, self.records.len())
                .copied(),
        );
        self.records.truncate(offset as usize);
        while self.epoch_cache.last().is_some_and(|&(_, s)| s >= offset) {
            self.epoch_cache.pop();
        }
        self.hw = self.hw.min(offset);
        self.hw_checkpoint = self.hw_checkpoint.min(offset);
        self.flushed = self.flushed.min(offset);
        if self.flushed == self.leo() {
            self.unflushed_since = None;
        }
    }

    /// Power loss: records past the flushed offset vanish.
    pub fn lose_unflushed(&mut self, removed: &mut Vec<Record>) {
        let f = self.flushed;
        self.truncate_to(f, removed);
        self.unflushed_since = None;
    }

    /// fsync: everything appended so far is durable.
    pub fn flush(&mut self) {
        self.flushed = self.leo();
        self.unflushed_since = None;
    }

    /// Latest epoch in the cache.
    pub fn latest_epoch(&self) -> Option<LeaderEpoch> {
        self.epoch_cache.last().map(|&(e, _)| e)
    }

    /// Kafka's `LeaderEpochFileCache.endOffsetFor(requestedEpoch)` (2.0+): the largest
    /// epoch <= requested and the start offset of the next epoch (or the LEO for the
    /// latest); `None` (UNDEFINED) when `requested` is newer than anything known.
    pub fn end_offset_for(&self, requested: LeaderEpoch) -> EpochEnd {
        let leo = self.leo();
        match self.epoch_cache.last() {
            None => None,
            Some(&(latest, _)) if requested == latest => Some((latest, leo)),
            Some(_) => {
                let idx = self.epoch_cache.iter().position(|&(e, _)| e > requested)?;
                let next_start = self.epoch_cache[idx].1;
                if idx == 0 {
                    Some((requested, next_start))
                } else {
                    Some((self.epoch_cache[idx - 1].0, next_start))
                }
            }
        }
    }

    /// Segment base offsets for display (`segment.bytes` counted in records).
    pub fn segment_bases(&self, segment_records: u64) -> Vec<Offset> {
        (0..self.leo().max(1))
            .step_by(segment_records.max(1) as usize)
            .collect()
    }

    /// Disk loss: everything is gone.
    pub fn wipe(&mut self) {
        *self = Log::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(epoch: u32, msg: u32) -> RecordData {
        RecordData {
            epoch,
            msg,
            producer_id: 0,
            seq: 0,
            batch_end: true,
        }
    }

    /// Records of epochs 0, 0, 2, then epoch 4 assigned and one record in it.
    fn epochs_0_2_4() -> Log {
        let mut l = Log::default();
        l.append(rec(0, 1), 0);
        l.append(rec(0, 2), 0);
        l.append(rec(2, 3), 0);
        l.assign_epoch(4);
        l.append(rec(4, 4), 0);
        l
    }

    #[test]
    fn epoch_cache_records_start_offsets_and_end_offset_for_matches_leader_epoch_file_cache() {
        let l = epochs_0_2_4();
        assert_eq!(l.epoch_cache(), &[(0, 0), (2, 2), (4, 3)]);
        // LeaderEpochFileCacheTest: latest epoch -> LEO; an epoch between entries -> previous epoch, next start.
        assert_eq!(l.end_offset_for(4), Some((4, 4)));
        assert_eq!(l.end_offset_for(3), Some((2, 3)));
        assert_eq!(l.end_offset_for(0), Some((0, 2)));
        assert_eq!(l.end_offset_for(7), None);
    }

    #[test]
    fn truncation_drops_records_epochs_and_clamps_hw() {
        let mut l = Log::default();
        for i in 0..5 {
            l.append(rec(i / 2, i), 0);
        }
        l.hw = 4;
        let mut removed = Vec::new();
        l.truncate_to(2, &mut removed);
        assert_eq!(l.leo(), 2);
        assert_eq!(removed.len(), 3);
        assert_eq!(l.hw, 2);
        assert_eq!(l.epoch_cache(), &[(0, 0)]);
    }

    // LeaderEpochFileCache.assign (maybeTruncateNonMonotonicEntries): an empty leader's
    // entry (epoch 1 at 0) gives way to the epoch-0 records it later fetches as follower.
    #[test]
    fn appending_an_older_epoch_replaces_the_empty_leaders_entry_leader_epoch_file_cache_assign() {
        let mut l = Log::default();
        l.assign_epoch(1);
        assert_eq!(l.epoch_cache(), &[(1, 0)]);
        l.append(rec(0, 1), 0);
        l.append(rec(0, 2), 0);
        assert_eq!(l.epoch_cache(), &[(0, 0)]);
        assert_eq!(
            l.end_offset_for(0),
            Some((0, 2)),
            "the follower's end of epoch 0 is its LEO"
        );
        l.assign_epoch(3);
        l.assign_epoch(3);
        assert_eq!(
            l.epoch_cache(),
            &[(0, 0), (3, 2)],
            "assign is idempotent for the latest epoch"
        );
    }

    // UnifiedLog.truncateTo: a no-op truncation still drops a dangling entry at the LEO.
    #[test]
    fn truncation_past_the_end_drops_epoch_entries_at_the_log_end_unified_log_truncate_to() {
        let mut l = Log::default();
        l.append(rec(0, 1), 0);
        l.assign_epoch(2);
        assert_eq!(l.epoch_cache(), &[(0, 0), (2, 1)]);
        let mut removed = Vec::new();
        l.truncate_to(1, &mut removed);
        assert!(removed.is_empty());
        assert_eq!(l.epoch_cache(), &[(0, 0)]);
    }

    #[test]
    fn prefix_chain_equal_iff_same_records() {
        let mut a = Log::default();
        let mut b = Log::default();
        a.append(rec(0, 1), 0);
        b.append(rec(0, 1), 0);
        assert_eq!(a.chain_at(1), b.chain_at(1));
        a.append(rec(0, 2), 0);
        b.append(rec(1, 2), 0);
        assert_ne!(a.chain_at(2), b.chain_at(2));
    }

    // KIP-74: the first batch of a fetch is whole even when larger than the fetch size.
    #[test]
    fn batch_end_after_finds_the_end_of_the_batch_holding_an_offset() {
        let mut l = Log::default();
        for (i, end) in [false, false, true, true, false].into_iter().enumerate() {
            l.append(
                RecordData {
                    epoch: 0,
                    msg: i as u32,
                    producer_id: 0,
                    seq: 0,
                    batch_end: end,
                },
                0,
            );
        }
        assert_eq!(l.batch_end_after(0), 3);
        assert_eq!(l.batch_end_after(1), 3);
        assert_eq!(l.batch_end_after(3), 4);
        assert_eq!(
            l.batch_end_after(4),
            5,
            "an unfinished batch ends at the LEO"
        );
    }

    #[test]
    fn power_loss_keeps_only_flushed_records() {
        let mut l = Log::default();
        l.append(rec(0, 1), 0);
        l.flush();
        l.append(rec(0, 2), 0);
        let mut removed = Vec::new();
        l.lose_unflushed(&mut removed);
        assert_eq!(l.leo(), 1);
        assert_eq!(removed.len(), 1);
    }

    // Tests below were added to kill mutants that survived `make mutants` (docs/quality.md).

    #[test]
    fn an_older_epoch_drops_newer_entries_leader_epoch_file_cache_assign() {
        // LeaderEpochFileCache.assign removes entries whose epoch >= the new epoch OR whose
        // start offset >= the new start offset.
        let mut l = Log::default();
        l.append(rec(0, 1), 0);
        l.append(rec(0, 2), 0);
        l.append(rec(2, 3), 0);
        l.append(rec(1, 4), 0);
        assert_eq!(l.epoch_cache(), &[(0, 0), (1, 3)]);
    }

    #[test]
    fn truncating_unflushed_records_keeps_the_unflushed_clock() {
        let mut l = Log::default();
        for i in 0..4 {
            l.append(rec(0, i), 5);
        }
        let mut removed = Vec::new();
        l.truncate_to(2, &mut removed);
        assert_eq!(
            l.unflushed_since,
            Some(5),
            "offsets 0 and 1 are still not flushed"
        );
        l.flush();
        l.append(rec(0, 9), 7);
        l.truncate_to(2, &mut removed);
        assert_eq!(l.unflushed_since, None, "what is left is all flushed");
    }

    #[test]
    fn segment_bases_step_by_segment_size_and_an_empty_log_has_one_segment() {
        let mut l = Log::default();
        assert_eq!(l.segment_bases(2), vec![0]);
        for i in 0..5 {
            l.append(rec(0, i), 0);
        }
        assert_eq!(l.segment_bases(2), vec![0, 2, 4]);
    }

    #[test]
    fn disk_loss_wipes_records_epochs_and_watermarks() {
        let mut l = Log::default();
        for i in 0..3 {
            l.append(rec(1, i), 0);
        }
        l.hw = 2;
        l.wipe();
        assert_eq!((l.leo(), l.hw, l.epoch_cache().len()), (0, 0, 0));
    }
}
