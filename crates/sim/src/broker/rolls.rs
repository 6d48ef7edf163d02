//! Where a replica's segments begin when `segment.bytes` changes at run time (counted in
//! records, as the rest of the core counts it). Kafka applies a topic's new `LogConfig` to
//! its logs at once (`LogManager.updateTopicConfig`), but a segment is only ever rolled on
//! an append (`UnifiedLog.maybeRoll`: the active segment rolls when the batch would take it
//! past `segment.bytes`): the segments kept keep their base offsets, the active one rolls at
//! the next append if it already holds the new size, and later segments have the new size.
//!
//! While the size never changed a log keeps no roll points and its segments lie on the
//! grid of the topic's size, from offset 0. After a change it keeps `rolls`: regimes
//! `(start, size)`, each putting a segment base at `start`, `start + size`, ... up to the
//! next regime's start (the last one's up to the LEO).

use super::log::Log;
use crate::ids::Offset;
use crate::net::msg::PartIdx;
use crate::sim::Sim;

impl Log {
    /// Base offsets of the segments kept, oldest first: the segment holding the log start
    /// offset, then every later one, the last being the active segment. `segment_records`
    /// is the topic's size, used while the log keeps no roll points.
    pub fn segment_bases(&self, segment_records: u64) -> Vec<Offset> {
        if self.rolls.is_empty() {
            let s = segment_records.max(1);
            let first = self.log_start() / s * s;
            return (first..self.leo().max(first + 1))
                .step_by(s as usize)
                .collect();
        }
        let mut bases = Vec::new();
        for (i, &(start, size)) in self.rolls.iter().enumerate() {
            let end = self.rolls.get(i + 1).map_or(self.leo(), |r| r.0);
            let mut b = start;
            while b < end || bases.is_empty() {
                bases.push(b);
                b = b.saturating_add(size.max(1));
            }
        }
        let keep = (bases.iter()).rposition(|&b| b <= self.log_start());
        bases.drain(..keep.unwrap_or(0));
        bases
    }

    /// `segment.bytes` of this log's topic changed from `old` to `new` records.
    pub fn segment_size_changed(&mut self, old: u64, new: u64) {
        if self.rolls.is_empty() {
            if old == new {
                return;
            }
            self.rolls.push((0, old.max(1)));
        }
        self.roll_at_next_append(new.max(1));
    }

    /// The active segment keeps its base; it is closed at the LEO if it already holds
    /// `size` records (the next append rolls), else it grows to `size`; later segments
    /// are `size` long.
    fn roll_at_next_append(&mut self, size: u64) {
        let leo = self.leo();
        let active = self.segment_bases(size).last().copied().unwrap_or(leo);
        self.rolls.retain(|&(start, _)| start < active);
        if leo > active && leo - active >= size {
            self.rolls.push((active, leo - active));
            self.rolls.push((leo, size));
        } else {
            self.rolls.push((active, size));
        }
    }

    /// After a truncation (`UnifiedLog.truncateTo`: segments based above the new LEO are
    /// deleted, the one holding it is cut and stays active), the roll points above the LEO
    /// go and appends roll by the current size.
    pub(super) fn roll_after_truncation(&mut self) {
        let Some(&(_, size)) = self.rolls.last() else {
            return;
        };
        let leo = self.leo();
        self.rolls.retain(|&(start, _)| start < leo);
        if self.rolls.is_empty() {
            self.rolls.push((leo, size));
        }
        self.roll_at_next_append(size);
    }

    /// `truncateFullyAndStartAt(offset)`: one empty segment based at `offset`.
    pub(super) fn restart_rolls_at(&mut self, offset: Offset) {
        if let Some(&(_, size)) = self.rolls.last() {
            self.rolls = vec![(offset, size)];
        }
    }
}

impl Sim {
    /// Topic `ti`'s `segment.bytes` went from `old` to `new` records: every replica of it
    /// keeps the roll points it has and rolls by the new size from now on.
    pub(crate) fn segment_size_changed(&mut self, ti: usize, old: u64, new: u64) {
        for p in self.topics[ti].parts.clone() {
            for b in &mut self.brokers {
                if let Some(r) = b.replicas[p as usize].as_mut() {
                    r.log.segment_size_changed(old, new);
                }
            }
            self.touch(p as PartIdx);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::broker::log::{Log, RecordData};
    use crate::ids::Offset;

    fn append(l: &mut Log, n: u64) {
        for _ in 0..n {
            let msg = l.leo() as u32;
            let data = RecordData {
                epoch: 0,
                msg,
                producer_id: 0,
                seq: 0,
                batch_end: true,
                timestamp: 0,
            };
            l.append(data, 0);
        }
    }

    fn bases(l: &Log, size: u64) -> Vec<Offset> {
        l.segment_bases(size)
    }

    #[test]
    fn without_a_change_segments_lie_on_the_grid() {
        let mut l = Log::default();
        assert_eq!(bases(&l, 10), [0]);
        append(&mut l, 25);
        assert_eq!(bases(&l, 10), [0, 10, 20]);
        l.segment_size_changed(10, 10);
        assert!(l.rolls.is_empty(), "no change, no roll points");
    }

    // A smaller size: the active segment [20, 25) already holds 4 records, so the next
    // append rolls; the older segments keep their bases.
    #[test]
    fn a_smaller_size_rolls_the_full_active_segment_at_the_next_append() {
        let mut l = Log::default();
        append(&mut l, 25);
        l.segment_size_changed(10, 4);
        assert_eq!(bases(&l, 4), [0, 10, 20], "nothing rolls before an append");
        append(&mut l, 9);
        assert_eq!(bases(&l, 4), [0, 10, 20, 25, 29, 33]);
    }

    // A larger size: the active segment grows to it instead of rolling at the old size.
    #[test]
    fn a_larger_size_lets_the_active_segment_grow() {
        let mut l = Log::default();
        append(&mut l, 25);
        l.segment_size_changed(10, 30);
        append(&mut l, 40);
        assert_eq!(bases(&l, 30), [0, 10, 20, 50]);
        // And back down: [50, 65) holds 15 >= 5 records, so the next append rolls.
        l.segment_size_changed(30, 5);
        append(&mut l, 6);
        assert_eq!(bases(&l, 5), [0, 10, 20, 50, 65, 70]);
    }

    // UnifiedLog.truncateTo: segments above the new LEO go; appends then roll by the
    // current size from the segment holding it.
    #[test]
    fn truncation_drops_the_roll_points_above_the_leo() {
        let mut l = Log::default();
        append(&mut l, 25);
        l.segment_size_changed(10, 4);
        append(&mut l, 9);
        let mut removed = Vec::new();
        l.truncate_to(27, &mut removed);
        assert_eq!(bases(&l, 4), [0, 10, 20, 25]);
        append(&mut l, 5);
        assert_eq!(bases(&l, 4), [0, 10, 20, 25, 29]);
        l.truncate_to(22, &mut removed);
        assert_eq!(
            bases(&l, 4),
            [0, 10, 20],
            "[20, 22) stays the active segment"
        );
        append(&mut l, 3);
        assert_eq!(bases(&l, 4), [0, 10, 20, 24]);
    }

    #[test]
    fn truncating_fully_starts_one_segment_at_the_new_start() {
        let mut l = Log::default();
        append(&mut l, 12);
        l.segment_size_changed(10, 3);
        let mut removed = Vec::new();
        l.truncate_fully_and_start_at(40, 0, &mut removed);
        assert_eq!(bases(&l, 3), [40]);
        append(&mut l, 7);
        assert_eq!(bases(&l, 3), [40, 43, 46]);
    }
}
