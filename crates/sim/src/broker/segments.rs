//! A replica's log as the files Kafka keeps for it: one segment per `segment.bytes`
//! (counted in records, as the rest of the core does; see `log.rs`), each a
//! `<base offset, 20 digits>.log` with its sparse `.index` (offset → position) and
//! `.timeindex` (timestamp → offset), and how much of it is flushed to disk.
//!
//! The index follows Kafka's `LogSegment.append`: before appending a batch, if more than
//! `index.interval.bytes` were appended since the last index entry, the batch gets an
//! entry (its last offset and the position where it starts) and the time index an entry
//! for the largest timestamp so far if it grew; positions and sizes count records here.

use super::log::Log;
use crate::ids::{Offset, TimeMs};
use serde::Serialize;

/// One `.index` entry: an offset and the position of its batch in the `.log` file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct IndexEntry {
    /// The batch's last offset (Kafka's `largestOffset`).
    pub offset: Offset,
    /// Where the batch starts in the segment (records before it, here).
    pub position: u64,
}

/// One `.timeindex` entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TimeIndexEntry {
    /// The largest timestamp in the segment so far.
    pub timestamp: TimeMs,
    /// The offset of the record that has it.
    pub offset: Offset,
}

/// One segment of a replica's log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SegmentView {
    /// First offset of the segment (its files are named after it).
    pub base_offset: Offset,
    /// One past its last record (its next offset to write if it is the active segment).
    pub end_offset: Offset,
    /// Its records below this offset are on disk; the rest only in the page cache.
    pub flushed_to: Offset,
    /// Whether it is the active segment (the one appended to; retention never deletes it).
    pub active: bool,
    /// `00000000000000000000.log`.
    pub log_file: String,
    /// `00000000000000000000.index`.
    pub index_file: String,
    /// `00000000000000000000.timeindex`.
    pub timeindex_file: String,
    /// The sparse offset index.
    pub index: Vec<IndexEntry>,
    /// The time index.
    pub time_index: Vec<TimeIndexEntry>,
}

/// A segment file's name: the base offset in 20 digits, then the extension.
pub fn file_name(base: Offset, ext: &str) -> String {
    format!("{base:020}.{ext}")
}

impl Log {
    /// The segments kept, oldest first, with their files, indexes and flushed extent.
    pub fn segment_views(&self, segment_records: u64, index_interval: u64) -> Vec<SegmentView> {
        let bases = self.segment_bases(segment_records);
        let leo = self.leo();
        bases
            .iter()
            .enumerate()
            .map(|(i, &base)| {
                let end = bases.get(i + 1).copied().unwrap_or(leo).min(leo).max(base);
                let (index, time_index) = self.indexes(base, end, index_interval);
                SegmentView {
                    base_offset: base,
                    end_offset: end,
                    flushed_to: self.flushed.clamp(base, end),
                    active: i + 1 == bases.len(),
                    log_file: file_name(base, "log"),
                    index_file: file_name(base, "index"),
                    timeindex_file: file_name(base, "timeindex"),
                    index,
                    time_index,
                }
            })
            .collect()
    }

    /// The `.index` and `.timeindex` entries of the segment `[base, end)`.
    fn indexes(
        &self,
        base: Offset,
        end: Offset,
        interval: u64,
    ) -> (Vec<IndexEntry>, Vec<TimeIndexEntry>) {
        let (mut index, mut time_index) = (Vec::new(), Vec::<TimeIndexEntry>::new());
        let mut since_last_entry = 0u64;
        let mut max_ts: Option<(TimeMs, Offset)> = None;
        let mut batch_start: Option<Offset> = None;
        for r in self.range(base.max(self.log_start()), end) {
            let start = *batch_start.get_or_insert(r.offset);
            if max_ts.is_none_or(|(t, _)| r.timestamp > t) {
                max_ts = Some((r.timestamp, r.offset));
            }
            if !r.batch_end && r.offset + 1 < end {
                continue;
            }
            batch_start = None;
            if since_last_entry > interval {
                index.push(IndexEntry {
                    offset: r.offset,
                    position: start - base,
                });
                if let Some((timestamp, offset)) = max_ts {
                    if time_index.last().is_none_or(|e| timestamp > e.timestamp) {
                        time_index.push(TimeIndexEntry { timestamp, offset });
                    }
                }
                since_last_entry = 0;
            }
            since_last_entry += r.offset + 1 - start;
        }
        (index, time_index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::broker::log::RecordData;

    fn log_of(batches: &[u32]) -> Log {
        let mut l = Log::default();
        let mut msg = 0;
        for (t, &n) in batches.iter().enumerate() {
            for i in 0..n {
                l.append(
                    RecordData {
                        epoch: 0,
                        msg,
                        producer_id: 0,
                        seq: 0,
                        batch_end: i + 1 == n,
                        timestamp: 1000 * t as u64,
                    },
                    0,
                );
                msg += 1;
            }
        }
        l
    }

    // LogSegment.append: an entry once more than index.interval.bytes were appended since
    // the last one, naming the batch's largest offset and the position it starts at.
    #[test]
    fn the_index_is_sparse_every_interval_and_names_each_batchs_last_offset() {
        let l = log_of(&[1; 12]);
        let s = l.segment_views(100, 4);
        assert_eq!(s.len(), 1);
        let offsets: Vec<Offset> = s[0].index.iter().map(|e| e.offset).collect();
        assert_eq!(offsets, vec![5, 10]);
        assert_eq!(s[0].index[0].position, 5);
        // Batches of 3: 0-2, 3-5 (6 appended > 4 before 6-8), 9-11.
        let l = log_of(&[3, 3, 3, 3]);
        let s = l.segment_views(100, 4);
        assert_eq!(
            s[0].index,
            vec![IndexEntry {
                offset: 8,
                position: 6
            }]
        );
        assert_eq!(
            s[0].time_index,
            vec![TimeIndexEntry {
                timestamp: 2000,
                offset: 6
            }]
        );
    }

    #[test]
    fn segments_are_named_by_base_offset_and_know_what_is_flushed() {
        let mut l = log_of(&[1; 25]);
        l.flushed = 13;
        let s = l.segment_views(10, 4);
        let names: Vec<&str> = s.iter().map(|s| s.log_file.as_str()).collect();
        assert_eq!(
            names,
            [
                "00000000000000000000.log",
                "00000000000000000010.log",
                "00000000000000000020.log"
            ]
        );
        assert_eq!(s[1].index_file, "00000000000000000010.index");
        assert_eq!(s[2].timeindex_file, "00000000000000000020.timeindex");
        let flushed: Vec<Offset> = s.iter().map(|s| s.flushed_to).collect();
        assert_eq!(flushed, vec![10, 13, 20]);
        assert_eq!(
            (s[2].end_offset, s[2].active, s[0].active),
            (25, true, false)
        );
        // Each segment starts its own index: offsets 5 and 15 (positions 5).
        assert_eq!(
            s[0].index[0],
            IndexEntry {
                offset: 5,
                position: 5
            }
        );
        assert_eq!(
            s[1].index[0],
            IndexEntry {
                offset: 15,
                position: 5
            }
        );
    }
}
