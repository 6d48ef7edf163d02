//! The lab's time-travel snapshots: copies of the run kept at a few virtual times, so
//! travelling to a time restores the latest one at or before it and replays forward.
//!
//! Memory, not count, is what bounds them. Clones share the core's copy-on-write chunks,
//! so a snapshot costs what the live run has rewritten since it was taken: with log
//! retention the whole retained state turns over in about a retention period, after
//! which an old snapshot shares nothing (measured for the busy hour, `retention.ms` one
//! minute, 250 records a second: about 1.3 MB for a snapshot 2 s old, 7 MB at 30 s,
//! 14 MB from 60 s on; docs/performance.md, "The busy hour in the lab"). So the store
//! keeps a fixed number of snapshots: the [`RECENT`] newest, [`RECENT_EVERY_MS`] apart
//! (cheap, as they share nearly everything; step back and short scrubs land on them),
//! and [`SPREAD`] older ones spread evenly over the rest of the run. Each time one too
//! many is held, the older snapshot whose neighbours are closest is dropped, so the
//! spacing of the older ones widens as the run grows and their memory stops growing once
//! they are a retention period apart.

use crate::run::Run;
use isrlab_sim::TimeMs;

/// Virtual time between the newest snapshots.
pub const RECENT_EVERY_MS: TimeMs = 2_000;
/// How many of the newest snapshots are kept [`RECENT_EVERY_MS`] apart.
pub const RECENT: usize = 8;
/// How many older snapshots are kept, spread over the run.
pub const SPREAD: usize = 9;

/// A state of the run, with how many recorded actions it includes.
#[derive(Clone, Debug)]
pub struct Point {
    /// The run at that state.
    pub run: Run,
    /// How many of the lab's recorded actions it includes.
    pub applied: usize,
}

/// Snapshots in time order, at most [`RECENT`] + [`SPREAD`] of them.
#[derive(Clone, Debug, Default)]
pub struct Snapshots {
    kept: Vec<(TimeMs, Point)>,
}

impl Snapshots {
    /// Takes a snapshot at `now` if the newest is [`RECENT_EVERY_MS`] old (`point` is
    /// called only then), dropping an older one when too many are held.
    pub fn take_if_due(&mut self, now: TimeMs, point: impl FnOnce() -> Point) {
        let last = self.kept.last().map_or(0, |(t, _)| *t);
        if now < last.saturating_add(RECENT_EVERY_MS) {
            return;
        }
        self.kept.push((now, point()));
        if self.kept.len() > RECENT + SPREAD {
            let i = self.closest_older();
            self.kept.remove(i);
        }
    }

    /// Index of the older snapshot (not one of the [`RECENT`] newest) whose neighbours
    /// are closest in time: dropping it leaves the smallest gap. The earliest wins a tie.
    fn closest_older(&self) -> usize {
        let older = self.kept.len() - RECENT;
        (0..older)
            .min_by_key(|&i| {
                let before = i.checked_sub(1).map_or(0, |b| self.kept[b].0);
                self.kept[i + 1].0 - before
            })
            .unwrap_or(0)
    }

    /// The latest snapshot at or before `t`, with its time.
    pub fn at_or_before(&self, t: TimeMs) -> Option<(TimeMs, &Point)> {
        self.kept
            .iter()
            .rev()
            .find(|(s, _)| *s <= t)
            .map(|(s, p)| (*s, p))
    }

    /// Drops the snapshots later than `t` (their future no longer happens).
    pub fn forget_after(&mut self, t: TimeMs) {
        self.kept.retain(|(s, _)| *s <= t);
    }

    /// Copies of the snapshots later than `t` (a replaced future, to bring back).
    pub fn after(&self, t: TimeMs) -> Vec<(TimeMs, Point)> {
        self.kept.iter().filter(|(s, _)| *s > t).cloned().collect()
    }

    /// Brings back a replaced future: drops the snapshots from `t` on and appends `later`
    /// (taken by [`Snapshots::after`] at the same `t`).
    pub fn restore_after(&mut self, t: TimeMs, later: Vec<(TimeMs, Point)>) {
        self.kept.retain(|(s, _)| *s < t);
        self.kept.extend(later);
    }

    /// The times of the snapshots kept, in order.
    pub fn times(&self) -> impl Iterator<Item = TimeMs> + '_ {
        self.kept.iter().map(|(t, _)| *t)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::scenarios;

    fn point() -> Point {
        let run = Run::from_json(&scenarios::by_id("default").unwrap()).unwrap();
        Point { run, applied: 0 }
    }

    /// Taking a snapshot every frame for an hour keeps at most RECENT + SPREAD, the newest
    /// RECENT_EVERY_MS apart, and the older ones spread over the whole hour: no gap
    /// between them more than three times the even spacing.
    #[test]
    fn an_hour_of_frames_keeps_a_bounded_set_spread_over_the_run() {
        let p = point();
        let mut s = Snapshots::default();
        let hour = 3_600_000;
        for now in (16..=hour).step_by(1_667) {
            s.take_if_due(now, || p.clone());
        }
        let times: Vec<TimeMs> = s.times().collect();
        assert_eq!(times.len(), RECENT + SPREAD);
        let newest = &times[SPREAD..];
        assert!(
            newest.windows(2).all(|w| w[1] - w[0] < 2 * RECENT_EVERY_MS),
            "{newest:?}"
        );
        assert!(hour - times[RECENT + SPREAD - 1] < 2 * RECENT_EVERY_MS);
        let even = hour / SPREAD as TimeMs;
        let mut before = 0;
        for &t in &times[..=SPREAD] {
            assert!(t - before <= 3 * even, "gap {before}..{t} in {times:?}");
            before = t;
        }
        assert!(
            times[0] <= 2 * even,
            "the run's start is covered: {times:?}"
        );
    }

    #[test]
    fn the_latest_at_or_before_a_time_is_found_and_later_ones_can_be_forgotten_and_restored() {
        let p = point();
        let mut s = Snapshots::default();
        for now in [2_000, 4_000, 6_000, 8_000] {
            s.take_if_due(now, || p.clone());
        }
        s.take_if_due(9_000, || unreachable!("not due: the newest is 1 s old"));
        assert_eq!(s.at_or_before(5_999).map(|(t, _)| t), Some(4_000));
        assert_eq!(s.at_or_before(1_999).map(|(t, _)| t), None);
        let later = s.after(4_000);
        s.forget_after(4_000);
        assert_eq!(s.times().collect::<Vec<_>>(), [2_000, 4_000]);
        s.take_if_due(7_000, || p.clone());
        s.restore_after(4_000, later);
        assert_eq!(s.times().collect::<Vec<_>>(), [2_000, 6_000, 8_000]);
    }
}
