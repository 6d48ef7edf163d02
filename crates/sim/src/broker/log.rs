//! A replica's log: records with offset, leader epoch, value (ledger id), producer
//! id/sequence and timestamp; log start offset, LEO, HW, HW checkpoint, flushed offset,
//! the leader-epoch cache and segments. Every record carries a chained hash of the log
//! prefix so that two replicas' prefixes compare in O(1); the log keeps the hash of the
//! prefix retention deleted, so prefixes still compare after a deletion.
//!
//! Segments are a fixed grid of `segment.bytes` records (offsets `k * segment.bytes`
//! onwards; one record counts as one byte unit here): retention deletes whole segments
//! from the oldest, never part of one and never the active (last) one.

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
    /// Its timestamp (Kafka's default `message.timestamp.type=CreateTime`: when the
    /// producer sent it), which `retention.ms` measures.
    pub timestamp: TimeMs,
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
    /// Its timestamp (CreateTime).
    pub timestamp: TimeMs,
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

/// A topic's retention limits (`None`: Kafka's -1, no limit).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Retention {
    /// `retention.ms`.
    pub ms: Option<u64>,
    /// `retention.bytes`, counted in records.
    pub records: Option<u64>,
}

/// Which limit deleted a segment (Kafka logs "retention time" or "retention size in bytes" breach).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum RetentionBreach {
    /// `retention.ms`.
    Time,
    /// `retention.bytes`.
    Size,
    /// A follower following its leader's log start offset (KIP-107; Kafka's
    /// `LogStartOffsetIncrementReason.LeaderOffsetIncremented`).
    LeaderLogStartOffset,
}

impl Record {
    /// The record as a produce or fetch carries it.
    pub fn data(&self) -> RecordData {
        RecordData {
            epoch: self.epoch,
            msg: self.msg,
            producer_id: self.producer_id,
            seq: self.seq,
            batch_end: self.batch_end,
            timestamp: self.timestamp,
        }
    }
}

/// Kafka's `UNDEFINED_EPOCH_OFFSET` answer, as `None`.
pub type EpochEnd = Option<(LeaderEpoch, Offset)>;

/// One replica's log on disk (plus the HW it keeps in memory).
#[derive(Clone, Debug, Default)]
pub struct Log {
    records: Chunked<Record>,
    /// Prefix hash of `[0, log start offset)`: what retention deleted (0 when nothing was).
    start_chain: u64,
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
    /// Roll points kept across `segment.bytes` changes (`segments.rs`); empty while the
    /// size never changed, and the segments lie on the grid of the topic's size.
    pub(super) rolls: Vec<(Offset, u64)>,
}

impl Log {
    /// Log end offset.
    pub fn leo(&self) -> Offset {
        self.records.len() as Offset
    }

    /// Kafka's log start offset: the first offset still in the log (retention deletes below it).
    pub fn log_start(&self) -> Offset {
        self.records.front() as Offset
    }

    /// The records kept (from the log start offset to the LEO).
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

    /// Prefix hash of `[0, end)`; 0 for the empty prefix; `u64::MAX` past the LEO or
    /// below the log start offset (unknown).
    pub fn chain_at(&self, end: Offset) -> u64 {
        if end == self.log_start() {
            self.start_chain
        } else if end == 0 {
            0
        } else {
            self.records
                .get(end as usize - 1)
                .map_or(u64::MAX, |r| r.chain)
        }
    }

    /// Whether `a` and `b` hold the same records in `[0, end)`, as far as both still hold
    /// them: a prefix either of them deleted by retention compares as equal.
    ///
    /// Both prefix hashes start from the same place when the log that deleted more has, as
    /// its `start_chain`, the other's hash at that offset; then one comparison at `end`
    /// decides. Otherwise (the other log still holds an older, different prefix, as a
    /// follower does between its epoch truncation and the fetch that moves its log start
    /// offset up) the records both hold are compared one by one.
    pub fn same_prefix(a: &Log, b: &Log, end: Offset) -> bool {
        let (later, earlier) = if a.log_start() >= b.log_start() {
            (a, b)
        } else {
            (b, a)
        };
        let start = later.log_start();
        if end <= start {
            return true;
        }
        if later.start_chain == earlier.chain_at(start) && later.start_chain != u64::MAX {
            return a.chain_at(end) == b.chain_at(end);
        }
        end <= a.leo().min(b.leo())
            && a.range(start, end)
                .zip(b.range(start, end))
                .all(|(x, y)| x.data() == y.data())
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
            timestamp: d.timestamp,
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
        if offset < self.log_start() {
            // UnifiedLog.truncateTo below the log start offset: truncateFullyAndStartAt.
            self.start_chain = u64::MAX;
        }
        self.records.truncate(offset as usize);
        self.roll_after_truncation();
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

    /// Kafka's `UnifiedLog.deleteOldSegments`: the new log start offset after deleting
    /// the oldest segments that breach `retention.ms` (the segment's largest timestamp is
    /// older than `now - retention_ms`) or `retention.bytes` (the log stays at least that
    /// large without them), with the breach that deleted the last of them. Only segments
    /// wholly below this replica's HW go (`deletableSegments`), never the active one.
    pub fn retention_cut(
        &self,
        now: TimeMs,
        retention: Retention,
        segment_records: u64,
    ) -> Option<(Offset, RetentionBreach)> {
        let bases = self.segment_bases(segment_records);
        let mut cut = None;
        // Every segment but the active (last) one, oldest first.
        for w in bases.windows(2) {
            let (start, end) = (w[0].max(self.log_start()), w[1]);
            if end > self.hw || end <= start {
                return cut;
            }
            let largest = self.range(start, end).map(|r| r.timestamp).max();
            let by_time = retention
                .ms
                .zip(largest)
                .is_some_and(|(ms, ts)| now.saturating_sub(ts) > ms);
            let by_size = retention.records.is_some_and(|max| self.leo() - end >= max);
            let breach = if by_time {
                RetentionBreach::Time
            } else if by_size {
                RetentionBreach::Size
            } else {
                return cut;
            };
            cut = Some((end, breach));
        }
        cut
    }

    /// Deletes every record below `new_start` (whole segments, from [`Log::retention_cut`])
    /// and moves the log start offset there: Kafka's `maybeIncrementLogStartOffset`, which
    /// also drops the epoch entries below it (`LeaderEpochFileCache.truncateFromStart`).
    /// The deleted records go to `removed`.
    pub fn delete_below(&mut self, new_start: Offset, removed: &mut Vec<Record>) {
        removed.clear();
        let new_start = new_start.min(self.hw).min(self.leo());
        if new_start <= self.log_start() {
            return;
        }
        removed.extend(self.range(self.log_start(), new_start).copied());
        self.start_chain = self.chain_at(new_start);
        self.records.drop_front(new_start as usize);
        self.truncate_epochs_from_start(new_start);
        self.hw_checkpoint = self.hw_checkpoint.max(new_start);
        self.flushed = self.flushed.max(new_start);
    }

    /// Kafka's `UnifiedLog.truncateFullyAndStartAt`: every record goes (into `removed`) and
    /// the log restarts empty at `offset`, with the HW there. `start_chain` is the leader's
    /// prefix hash at `offset`, so this log's prefixes compare with the leader's.
    pub fn truncate_fully_and_start_at(
        &mut self,
        offset: Offset,
        start_chain: u64,
        removed: &mut Vec<Record>,
    ) {
        removed.clear();
        removed.extend(self.records.iter().copied());
        self.records.reset_at(offset as usize);
        self.restart_rolls_at(offset);
        self.start_chain = start_chain;
        self.epoch_cache.clear();
        self.hw = offset;
        self.hw_checkpoint = offset;
        self.flushed = offset;
        self.unflushed_since = None;
    }

    /// `LeaderEpochFileCache.truncateFromStart(startOffset)`: entries wholly below the new
    /// start go; the latest one starting below it now starts at it.
    fn truncate_epochs_from_start(&mut self, start: Offset) {
        let below = self
            .epoch_cache
            .iter()
            .filter(|&&(_, s)| s <= start)
            .count();
        if below > 0 {
            self.epoch_cache.drain(..below - 1);
            self.epoch_cache[0].1 = start;
        }
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
            timestamp: 0,
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
                    timestamp: 0,
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

    fn timed(n: u64, every_ms: u64) -> Log {
        let mut l = Log::default();
        for i in 0..n {
            let mut d = rec(0, i as u32);
            d.timestamp = i * every_ms;
            l.append(d, i * every_ms);
        }
        l.hw = n;
        l
    }

    // UnifiedLog.deleteOldSegments with segments of 10: by time, by size, below the HW
    // only, never the active segment.
    #[test]
    fn retention_cut_deletes_whole_segments_by_time_or_size_below_the_hw() {
        let ms = |ms| Retention {
            ms: Some(ms),
            records: None,
        };
        let l = timed(35, 100);
        // Records 0-19 are older than 1500 ms at 3500 (largest timestamps 900, 1900).
        assert_eq!(
            l.retention_cut(3500, ms(1500), 10),
            Some((20, RetentionBreach::Time))
        );
        assert_eq!(l.retention_cut(3500, ms(100_000), 10), None);
        // Everything is old, but 30-34 is the active segment.
        assert_eq!(
            l.retention_cut(99_999, ms(0), 10),
            Some((30, RetentionBreach::Time))
        );
        let size = Retention {
            ms: None,
            records: Some(12),
        };
        assert_eq!(
            l.retention_cut(0, size, 10),
            Some((20, RetentionBreach::Size))
        );
        let mut below_hw = l.clone();
        below_hw.hw = 19;
        assert_eq!(
            below_hw.retention_cut(99_999, ms(0), 10),
            Some((10, RetentionBreach::Time))
        );
    }

    /// Soak finding 498f7386e16d476e: the leader re-took offsets 0..45 at epoch 1 and deleted
    /// [0, 37); a restarted follower walked back to 37 (the leader's first cached epoch
    /// starts there) and still holds its epoch-0 records below it. Where both hold records
    /// they agree, so the replicas agree below the HW; a real difference above 37 does not.
    #[test]
    fn an_older_prefix_only_one_replica_still_holds_is_not_a_divergence() {
        let mut leader = Log::default();
        leader.assign_epoch(1);
        let mut follower = Log::default();
        for i in 0..45 {
            leader.append(rec(1, i), 0);
            if i < 37 {
                follower.append(rec(0, i), 0);
            }
        }
        let mut removed = Vec::new();
        leader.hw = 45;
        leader.delete_below(37, &mut removed);
        for i in 37..45 {
            follower.append(rec(1, i), 0);
        }
        assert!(Log::same_prefix(&leader, &follower, 45));
        assert!(Log::same_prefix(&follower, &leader, 40));
        follower.truncate_to(44, &mut removed);
        follower.append(rec(1, 99), 0);
        assert!(
            !Log::same_prefix(&leader, &follower, 45),
            "offset 44 differs"
        );
        assert!(Log::same_prefix(&leader, &follower, 44));
    }

    #[test]
    fn deleting_below_moves_the_log_start_and_keeps_prefixes_comparable() {
        let mut a = timed(25, 1);
        a.assign_epoch(3);
        a.append(rec(3, 99), 0);
        let b = a.clone();
        let mut removed = Vec::new();
        a.delete_below(20, &mut removed);
        assert_eq!((a.log_start(), a.leo(), removed.len()), (20, 26, 20));
        assert_eq!(a.records().first().map(|r| r.offset), Some(20));
        assert_eq!(a.epoch_cache(), &[(0, 20), (3, 25)], "truncateFromStart");
        assert_eq!(a.chain_at(26), b.chain_at(26));
        assert!(Log::same_prefix(&a, &b, 26));
        assert!(Log::same_prefix(&a, &b, 5), "deleted on one side: vacuous");
        let mut f = Log::default();
        f.truncate_fully_and_start_at(20, a.chain_at(20), &mut removed);
        assert_eq!((f.log_start(), f.leo(), f.hw), (20, 20, 20));
        assert!(Log::same_prefix(&a, &f, 20));
        f.append(a.records()[20].data(), 0);
        assert_eq!(f.chain_at(21), a.chain_at(21));
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
