//! The run plus time travel. Every user action is recorded with the exact point
//! (events processed, virtual time) it was applied at, so that the run can be rebuilt
//! deterministically: travelling to a time restores the latest snapshot before it
//! (`snapshots.rs`: a bounded set, spread over the run) and replays the recorded
//! actions up to it. Step back undoes the last step or
//! action exactly from a bounded stack of clones. Pure: natively tested.

use crate::run::Run;
use crate::snapshots::{Point, Snapshots};
use isrlab_sim::events::EventKind;
use isrlab_sim::metrics::history::History;
use isrlab_sim::metrics::observer::Mark;
use isrlab_sim::{Action, Metrics, Scenario, TimeMs};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// Most steps or actions that Step back can undo one by one.
const UNDO_DEPTH: usize = 128;
/// Timeline markers of one kind closer than this share of the run are kept as one (the
/// timeline draws one tick per kind per 0.2 % of the run), so a busy run's markers do not
/// grow with its acknowledgements.
const MARKER_SLOTS: TimeMs = 500;

/// A user action and where in the run it was applied (what a link carries to replay it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recorded {
    /// Events processed when it was applied.
    pub steps: u64,
    /// Virtual time it was applied at.
    pub at: TimeMs,
    /// The action.
    pub action: Action,
}

/// What a timeline marker stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    /// A broker went down.
    Crash,
    /// A leader was elected (or a partition went offline).
    Election,
    /// An ISR shrank or expanded.
    Isr,
    /// A producer was acknowledged.
    Ack,
    /// A message was lost.
    Loss,
    /// The user acted (an action recorded for replay).
    Action,
    /// The cluster finished booting (the time the lab opened at).
    Boot,
}

impl Marker {
    /// The marker of an event, if it gets one.
    pub fn of(kind: &EventKind) -> Option<Marker> {
        match kind {
            EventKind::BrokerDown { .. } => Some(Marker::Crash),
            EventKind::LeaderElected { .. } | EventKind::PartitionOffline { .. } => {
                Some(Marker::Election)
            }
            EventKind::IsrShrink { .. } | EventKind::IsrExpand { .. } => Some(Marker::Isr),
            EventKind::ProduceAcknowledged { .. } => Some(Marker::Ack),
            EventKind::MessageLost { .. } => Some(Marker::Loss),
            _ => None,
        }
    }

    /// Code for CSS classes.
    pub fn code(self) -> &'static str {
        match self {
            Marker::Crash => "crash",
            Marker::Election => "election",
            Marker::Isr => "isr",
            Marker::Ack => "ack",
            Marker::Loss => "loss",
            Marker::Action => "action",
            Marker::Boot => "boot",
        }
    }
}

/// A run being watched, with its recorded actions and snapshots.
#[derive(Debug)]
pub struct Lab {
    /// The run at the current point.
    pub run: Run,
    applied: usize,
    record: Vec<Recorded>,
    start: Run,
    snapshots: Snapshots,
    undo: Vec<(Point, bool)>,
    carry: f64,
    markers: Vec<(TimeMs, Marker)>,
    markers_upto: usize,
    metrics: History,
    opening_ms: TimeMs,
    script: Rc<Scenario>,
    replaced: Option<Replaced>,
}

/// What acting in the past replaced: the future the run had been watched to, which
/// [`Lab::undo_branch`] brings back.
#[derive(Debug)]
struct Replaced {
    branch: Branch,
    point: Point,
    record: Vec<Recorded>,
    snapshots: Vec<(TimeMs, Point)>,
    markers: Vec<(TimeMs, Marker)>,
    markers_upto: usize,
    metrics: History,
}

/// An action applied in the past, which replaced the recorded future after it.
#[derive(Clone, Debug, PartialEq)]
pub struct Branch {
    /// When the action was applied.
    pub at: TimeMs,
    /// How far the run had been watched before (the end of the replaced future).
    pub watched_to: TimeMs,
    /// The user's own later actions that were dropped with it.
    pub dropped_actions: usize,
}

impl Lab {
    /// Starts watching a run.
    pub fn new(run: Run) -> Lab {
        let mut lab = Lab {
            script: Rc::new(run.scenario().clone()),
            replaced: None,
            start: run.clone(),
            run,
            applied: 0,
            record: Vec::new(),
            snapshots: Snapshots::default(),
            undo: Vec::new(),
            carry: 0.0,
            markers: Vec::new(),
            markers_upto: 0,
            metrics: History::default(),
            opening_ms: 0,
        };
        lab.observe();
        lab
    }

    /// Starts watching a run from the moment its cluster has booted ([`Run::boot_ms`]):
    /// the first screen shows a controller, leaders and full ISRs. The boot stays part
    /// of the run: travelling to time 0 replays it.
    pub fn open(run: Run) -> Lab {
        let opening_ms = run.boot_ms();
        let mut lab = Lab::new(run);
        lab.opening_ms = opening_ms;
        lab.forward(opening_ms);
        lab.markers.push((opening_ms, Marker::Boot));
        lab
    }

    /// The scenario as its author wrote it, which the guide narrates: the one this lab
    /// was opened with, kept by [`Lab::following`] across configuration changes.
    pub fn script(&self) -> &Rc<Scenario> {
        &self.script
    }

    /// This lab, narrated by `script` (a run rebuilt from a changed configuration still
    /// belongs to the scenario it was changed from).
    pub fn following(mut self, script: Rc<Scenario>) -> Lab {
        self.script = script;
        self
    }

    /// How many actions the user applied that are recorded for replay.
    pub fn user_actions(&self) -> usize {
        self.record.len()
    }

    /// The user's actions recorded for replay, in the order applied (the future after a
    /// travel back included).
    pub fn recorded(&self) -> &[Recorded] {
        &self.record
    }

    /// A run [`Lab::open`]ed with `record` as its recorded actions, watched to time `t`
    /// (after `steps` events there, when given and reachable). Fails with the index of the
    /// first recorded action that cannot be applied where it was recorded.
    pub fn replayed(
        run: Run,
        record: Vec<Recorded>,
        t: TimeMs,
        steps: Option<u64>,
    ) -> Result<Lab, usize> {
        let opening_ms = run.boot_ms();
        let mut lab = Lab::new(run);
        lab.record = record;
        lab.opening_ms = opening_ms;
        lab.forward(opening_ms);
        lab.markers.push((opening_ms, Marker::Boot));
        match steps {
            Some(n) => lab.travel_to_step(t, n),
            None => lab.travel_to(t),
        }
        let now = lab.run.now();
        let due = lab.record.iter().take_while(|r| r.at < now).count();
        let applied = lab.run.sim().applied_actions().len();
        if applied < lab.applied || lab.applied < due {
            return Err(applied.min(lab.applied));
        }
        for r in &lab.record {
            lab.markers.push((r.at, Marker::Action));
        }
        lab.markers.sort_by_key(|(t, _)| *t);
        Ok(lab)
    }

    /// Travels to time `t` after exactly `steps` events (an event at `t` stepped through
    /// one by one); to `t` itself when that point is not on the way.
    fn travel_to_step(&mut self, t: TimeMs, steps: u64) {
        self.travel_to(t.saturating_sub(1));
        while self.run.steps() < steps && self.run.now() <= t {
            self.replay_due();
            if !self.run.step() {
                break;
            }
        }
        self.replay_due();
        if (self.run.now(), self.run.steps()) != (t, steps) {
            self.travel_to(t);
        }
        self.observe();
    }

    /// The time the run was opened at (0, or the boot time for [`Lab::open`]).
    pub fn opening_ms(&self) -> TimeMs {
        self.opening_ms
    }

    fn point(&self) -> Point {
        Point {
            run: self.run.clone(),
            applied: self.applied,
        }
    }

    fn remember(&mut self, is_action: bool) {
        if self.undo.len() == UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.undo.push((self.point(), is_action));
    }

    /// Collects markers from new events and takes a snapshot when one is due.
    fn observe(&mut self) {
        let events = self.run.events();
        if events.len() > self.markers_upto {
            for e in events.range(self.markers_upto, events.len()) {
                let newer = self.markers.last().is_none_or(|(t, _)| *t <= e.time_ms);
                if let (Some(m), true) = (Marker::of(&e.kind), newer) {
                    if !self.marked_in_slot(e.time_ms, m) {
                        self.markers.push((e.time_ms, m));
                    }
                }
            }
            self.markers_upto = events.len();
        }
        self.metrics.record(self.run.sim());
        let (run, applied) = (&self.run, self.applied);
        self.snapshots.take_if_due(run.now(), || Point {
            run: run.clone(),
            applied,
        });
    }

    /// Whether a marker of kind `m` is already kept in the timeline slot of time `t`
    /// (markers are in time order, so that slot's are the last ones).
    fn marked_in_slot(&self, t: TimeMs, m: Marker) -> bool {
        let end = self.run.end_ms().max(1);
        let slot = |t: TimeMs| t.saturating_mul(MARKER_SLOTS) / end;
        self.markers
            .iter()
            .rev()
            .take_while(|(s, _)| slot(*s) == slot(t))
            .any(|(_, k)| *k == m)
    }

    /// Applies recorded actions due at the current point (same events processed).
    fn replay_due(&mut self) {
        while let Some(r) = self.record.get(self.applied) {
            if r.steps != self.run.steps() {
                break;
            }
            if self.run.now() < r.at {
                self.run.run_until(r.at);
            }
            let action = r.action.clone();
            // It was accepted when recorded; the run is deterministic, so it is accepted again.
            let _ = self.run.apply(action);
            self.applied += 1;
        }
    }

    /// Moves forward to virtual time `t`, replaying recorded actions on the way and
    /// stopping at every metric sample time beyond those already taken.
    fn forward(&mut self, t: TimeMs) {
        let t = t.min(self.run.end_ms());
        loop {
            let next_sample = self.metrics.next_at();
            let chunk = next_sample.max(self.run.now() + 1).min(t);
            self.forward_to(chunk);
            self.observe();
            if self.run.now() >= t {
                break;
            }
        }
    }

    /// Moves forward to virtual time `t` (not past the end), replaying recorded actions.
    fn forward_to(&mut self, t: TimeMs) {
        loop {
            self.replay_due();
            match self.record.get(self.applied) {
                Some(r) if r.at <= t => {
                    if !self.run.step() {
                        break;
                    }
                }
                _ => break,
            }
        }
        if t > self.run.now() {
            self.run.run_until(t);
        }
    }

    /// Whether Step back has anything to return to.
    pub fn can_step_back(&self) -> bool {
        !self.undo.is_empty() || self.run.now() > 0
    }

    /// One event forward (undoable).
    pub fn step(&mut self) {
        self.remember(false);
        self.replay_due();
        if !self.run.step() {
            self.undo.pop();
        }
        self.observe();
    }

    /// Forward until something worth an event-log line happens (undoable).
    pub fn step_to_next_change(&mut self) {
        self.remember(false);
        let before = self.run.events().len();
        while self.run.events().len() == before {
            self.replay_due();
            if self.run.events().len() != before || !self.run.step() {
                break;
            }
        }
        self.observe();
    }

    /// Back to the state before the last step or action. Undoing an action also
    /// forgets it and every action recorded after it. After playing or travelling
    /// (nothing to undo one by one) it goes back to the time of the previous event.
    pub fn step_back(&mut self) {
        if let Some((p, was_action)) = self.undo.pop() {
            let at = p.run.now();
            self.run = p.run;
            self.applied = p.applied;
            if was_action {
                self.record.truncate(self.applied);
                self.forget_after(at);
                if let Some(i) = self
                    .markers
                    .iter()
                    .rposition(|m| *m == (at, Marker::Action))
                {
                    self.markers.remove(i);
                }
                self.replaced = None;
            }
        } else if self.run.now() > 0 {
            let now = self.run.now();
            let previous = self
                .run
                .events()
                .iter()
                .rev()
                .map(|e| e.time_ms)
                .find(|&t| t < now)
                .unwrap_or(0);
            self.travel_to(previous);
        }
    }

    /// Drops snapshots and markers later than `t` (their future no longer happens).
    fn forget_after(&mut self, t: TimeMs) {
        self.snapshots.forget_after(t);
        self.markers.retain(|(m, _)| *m <= t);
        self.markers_upto = self.markers_upto.min(self.run.events().len());
        self.metrics.forget_after(t, self.run.sim());
    }

    /// Applies a user action now (undoable, recorded for replay); the core's refusal is
    /// returned. Acting before the furthest point watched is a branch: the recorded
    /// future after now (the user's later actions with it) is replaced, and
    /// [`Lab::branch`] says so until [`Lab::undo_branch`] or the next action.
    pub fn apply(&mut self, action: Action) -> Result<(), String> {
        let before = self.point();
        self.remember(true);
        self.replay_due();
        let (steps, at) = (self.run.steps(), self.run.now());
        match self.run.apply(action.clone()) {
            Ok(()) => {
                let watched_to = self.watched_to();
                self.replaced = (watched_to > at).then(|| Replaced {
                    branch: Branch {
                        at,
                        watched_to,
                        dropped_actions: self.record.len() - self.applied,
                    },
                    point: before,
                    record: self.record.clone(),
                    snapshots: self.snapshots.after(at),
                    markers: self.markers.clone(),
                    markers_upto: self.markers_upto,
                    metrics: self.metrics.clone(),
                });
                self.record.truncate(self.applied);
                self.record.push(Recorded { steps, at, action });
                self.applied += 1;
                self.forget_after(at);
                self.markers_upto = self.markers_upto.min(self.run.events().len());
                self.markers.push((at, Marker::Action));
                self.observe();
                Ok(())
            }
            Err(e) => {
                if let Some((p, _)) = self.undo.pop() {
                    self.run = p.run;
                }
                Err(e)
            }
        }
    }

    /// The furthest virtual time this lab has watched the run to.
    fn watched_to(&self) -> TimeMs {
        let sample = self.metrics.samples().last().map_or(0, |s| s.time_ms);
        let marker = self.markers.last().map_or(0, |(t, _)| *t);
        sample.max(marker).max(self.run.now())
    }

    /// The last action, if it was applied in the past and replaced a recorded future.
    pub fn branch(&self) -> Option<&Branch> {
        self.replaced.as_ref().map(|r| &r.branch)
    }

    /// Forgets the branch notice; the new future stays.
    pub fn keep_branch(&mut self) {
        self.replaced = None;
    }

    /// Undoes the last action applied in the past: back to just before it, with the
    /// recorded future (and the user's later actions) it had replaced.
    pub fn undo_branch(&mut self) {
        let Some(r) = self.replaced.take() else {
            return;
        };
        let at = r.branch.at;
        self.run = r.point.run;
        self.applied = r.point.applied;
        self.record = r.record;
        self.snapshots.restore_after(at, r.snapshots);
        self.markers = r.markers;
        self.markers_upto = r.markers_upto;
        self.metrics = r.metrics;
        self.undo.clear();
        self.carry = 0.0;
    }

    /// Back to the opening point (time zero, or the boot time of a run [`Lab::open`]ed);
    /// forgets recorded actions and history.
    pub fn reset(&mut self) {
        let (opening_ms, script) = (self.opening_ms, self.script.clone());
        *self = if opening_ms > 0 {
            Lab::open(self.start.clone())
        } else {
            Lab::new(self.start.clone())
        }
        .following(script);
    }

    /// Travels to virtual time `t` from the latest snapshot at or before it (back, or
    /// forward when that snapshot is later than now), replaying from there.
    pub fn travel_to(&mut self, t: TimeMs) {
        self.carry = 0.0;
        self.undo.clear();
        let now = self.run.now();
        let from = match self.snapshots.at_or_before(t) {
            Some((s, p)) if t < now || s > now => Some(p.clone()),
            None if t < now => Some(Point {
                run: self.start.clone(),
                applied: 0,
            }),
            _ => None,
        };
        if let Some(from) = from {
            self.run = from.run;
            self.applied = from.applied;
        }
        self.forward(t);
    }

    /// Advances virtual time by `wall_ms × speed`, carrying fractions of a millisecond,
    /// but not past `stop` (a guide step). Returns true when it stopped there.
    pub fn advance_wall(&mut self, wall_ms: f64, speed: f64, stop: Option<TimeMs>) -> bool {
        self.undo.clear();
        let due = wall_ms * speed + self.carry;
        let whole = due.floor();
        self.carry = due - whole;
        let target = self.run.now().saturating_add(whole as TimeMs);
        match stop {
            Some(s) if s <= target => {
                self.carry = 0.0;
                self.forward(s);
                true
            }
            _ => {
                self.forward(target);
                false
            }
        }
    }

    /// Metric samples up to the current time.
    pub fn samples(&self) -> &[Metrics] {
        let now = self.run.now();
        let all = self.metrics.samples();
        &all[..all.partition_point(|s| s.time_ms <= now)]
    }

    /// The marks of what moved a metric, up to the current time.
    pub fn metric_marks(&self) -> &[Mark] {
        let now = self.run.now();
        let all = self.metrics.marks();
        &all[..all.partition_point(|m| m.time_ms <= now)]
    }

    /// The virtual times of the time-travel snapshots kept, in order.
    pub fn snapshots_at(&self) -> impl Iterator<Item = TimeMs> + '_ {
        self.snapshots.times()
    }

    /// Timeline markers seen so far, in time order.
    pub fn markers(&self) -> &[(TimeMs, Marker)] {
        &self.markers
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::scenarios;
    use isrlab_sim::BrokerId;

    fn lab() -> Lab {
        Lab::new(Run::from_json(&scenarios::by_id("default").unwrap()).unwrap())
    }

    #[test]
    fn step_back_returns_to_the_exact_state_before_the_step() {
        let mut lab = lab();
        lab.step();
        let (t, view) = (lab.run.now(), lab.run.view());
        lab.step();
        lab.step_back();
        assert_eq!(lab.run.now(), t);
        assert_eq!(lab.run.view(), view);
        lab.step_back();
        assert_eq!(lab.run.now(), 0);
        assert!(!lab.can_step_back());
    }

    #[test]
    fn step_back_after_playing_goes_to_the_previous_event_time() {
        let mut lab = lab();
        lab.advance_wall(100.0, 10.0, None);
        assert_eq!(lab.run.now(), 1_000);
        let last_before = lab
            .run
            .events()
            .iter()
            .rev()
            .map(|e| e.time_ms)
            .find(|&t| t < 1_000)
            .unwrap();
        lab.step_back();
        assert_eq!(lab.run.now(), last_before);
    }

    #[test]
    fn slow_frames_accumulate_fractional_virtual_time() {
        let mut lab = lab();
        for _ in 0..10 {
            assert!(!lab.advance_wall(16.0, 0.1, None));
        }
        assert_eq!(lab.run.now(), 16);
    }

    #[test]
    fn playing_stops_exactly_at_a_guide_step() {
        let mut lab = lab();
        assert!(!lab.advance_wall(100.0, 10.0, Some(1_500)));
        assert_eq!(lab.run.now(), 1_000);
        assert!(lab.advance_wall(100.0, 10.0, Some(1_500)));
        assert_eq!(lab.run.now(), 1_500);
    }

    fn crash(b: BrokerId) -> Action {
        Action::Crash { broker: b }
    }

    /// Scrubbing back and forth gives the same state at the same time, user actions included.
    #[test]
    fn travelling_back_and_forth_reproduces_the_same_state_with_user_actions() {
        let mut lab = lab();
        lab.travel_to(4_321);
        lab.apply(crash(1)).unwrap();
        lab.travel_to(9_000);
        lab.step();
        lab.apply(Action::Restart { broker: 1 }).unwrap();
        lab.travel_to(41_000);
        let (view_at_41, hash) = (lab.run.view(), lab.run.events().len());
        lab.travel_to(6_000);
        let view_at_6 = lab.run.view();
        assert_eq!(
            view_at_6.brokers[1].status,
            isrlab_sim::view::BrokerStatus::Down
        );
        lab.travel_to(41_000);
        assert_eq!(lab.run.view(), view_at_41);
        assert_eq!(lab.run.events().len(), hash);
        lab.travel_to(6_000);
        assert_eq!(lab.run.view(), view_at_6);
        lab.travel_to(0);
        assert_eq!(lab.run.now(), 0);
        assert!(lab
            .markers()
            .iter()
            .any(|(t, m)| *m == Marker::Crash && *t == 4_321));
    }

    /// Scrubbing lands on the exact state: after the whole run was played frame by frame
    /// at 100× (so the snapshots were thinned), travelling anywhere, back or forward, gives
    /// the trace hash and view of a fresh run taken straight there; with a user action, the
    /// state of a lab that applied the same action and went straight there.
    #[test]
    fn a_scrub_anywhere_after_playing_gives_the_state_of_a_fresh_run_to_that_time() {
        let json = scenarios::by_id("default").unwrap();
        let played = |action_at: Option<TimeMs>| {
            let mut lab = Lab::open(Run::from_json(&json).unwrap());
            if let Some(at) = action_at {
                lab.travel_to(at);
                lab.apply(crash(1)).unwrap();
            }
            while !lab.run.finished() {
                lab.advance_wall(16.7, 100.0, None);
            }
            assert!(
                lab.snapshots.times().count() < 120_000 / 2_000 / 2,
                "thinned"
            );
            lab
        };
        let mut lab = played(None);
        for t in [0, 1_234, 37_001, 59_999, 88_888, 119_000, 5_000, 120_000] {
            lab.travel_to(t);
            let mut fresh = Run::from_json(&json).unwrap();
            fresh.run_until(t);
            assert_eq!(
                lab.run.sim().trace_hash(),
                fresh.sim().trace_hash(),
                "at {t}"
            );
            assert_eq!(lab.run.view(), fresh.view(), "at {t}");
        }
        let mut lab = played(Some(30_000));
        for t in [95_500, 31_000, 64_321] {
            lab.travel_to(t);
            let mut straight = Lab::open(Run::from_json(&json).unwrap());
            straight.travel_to(30_000);
            straight.apply(crash(1)).unwrap();
            straight.travel_to(t);
            assert_eq!(
                lab.run.sim().trace_hash(),
                straight.run.sim().trace_hash(),
                "at {t}"
            );
            assert_eq!(lab.run.view(), straight.run.view(), "at {t}");
        }
    }

    #[test]
    fn a_new_action_after_travelling_back_replaces_the_recorded_future() {
        let mut lab = lab();
        lab.travel_to(5_000);
        lab.apply(crash(2)).unwrap();
        lab.travel_to(3_000);
        lab.apply(crash(0)).unwrap();
        lab.travel_to(8_000);
        let statuses: Vec<_> = lab.run.view().brokers.iter().map(|b| b.status).collect();
        use isrlab_sim::view::BrokerStatus::*;
        assert_eq!(statuses, [Down, Running, Running]);
    }

    /// Issue #8: the lab opens on a booted cluster; scrubbing to 0 replays the boot.
    #[test]
    fn open_starts_on_the_booted_cluster_and_time_zero_replays_the_boot() {
        use isrlab_sim::boot::is_booted;
        let mut lab = Lab::open(Run::from_json(&scenarios::by_id("default").unwrap()).unwrap());
        let opening = lab.run.now();
        assert!(opening > 0 && opening == lab.opening_ms());
        let booted = lab.run.view();
        assert!(is_booted(&booted));
        assert!(lab.markers().contains(&(opening, Marker::Boot)));
        lab.travel_to(0);
        assert!(!is_booted(&lab.run.view()), "at 0 nothing is elected yet");
        lab.travel_to(opening);
        assert_eq!(lab.run.view(), booted);
        lab.travel_to(9_000);
        lab.reset();
        assert_eq!((lab.run.now(), lab.run.view()), (opening, booted));
    }

    /// Issue #8: acting in the past says the recorded future is replaced, draws the
    /// action's tick, and can be undone with that future (and later actions) back.
    #[test]
    fn acting_in_the_past_is_a_branch_that_can_be_undone() {
        use isrlab_sim::view::BrokerStatus::*;
        let mut lab = lab();
        lab.travel_to(5_000);
        lab.apply(crash(2)).unwrap();
        assert_eq!(
            lab.branch(),
            None,
            "acting at the furthest point watched replaces nothing"
        );
        lab.travel_to(8_000);
        lab.travel_to(3_000);
        lab.apply(crash(0)).unwrap();
        assert_eq!(
            lab.branch(),
            Some(&Branch {
                at: 3_000,
                watched_to: 8_000,
                dropped_actions: 1
            })
        );
        assert!(lab.markers().contains(&(3_000, Marker::Action)));
        assert!(
            !lab.markers().contains(&(5_000, Marker::Action)),
            "the dropped action's tick is gone"
        );
        lab.undo_branch();
        assert_eq!(lab.branch(), None);
        assert_eq!(lab.run.now(), 3_000);
        assert!(
            lab.run.view().brokers.iter().all(|b| b.status == Running),
            "before the undone action"
        );
        lab.travel_to(8_000);
        let statuses: Vec<_> = lab.run.view().brokers.iter().map(|b| b.status).collect();
        assert_eq!(
            statuses,
            [Running, Running, Down],
            "the replaced future is back"
        );
        assert!(lab.markers().contains(&(5_000, Marker::Action)));
        assert!(!lab.markers().contains(&(3_000, Marker::Action)));
    }

    #[test]
    fn undoing_an_action_by_step_back_removes_its_tick() {
        let mut lab = lab();
        lab.travel_to(2_000);
        lab.apply(crash(1)).unwrap();
        assert!(lab.markers().contains(&(2_000, Marker::Action)));
        lab.step_back();
        assert!(!lab.markers().contains(&(2_000, Marker::Action)));
    }

    #[test]
    fn undoing_an_action_forgets_it() {
        let mut lab = lab();
        lab.travel_to(2_000);
        lab.apply(crash(1)).unwrap();
        lab.step_back();
        lab.travel_to(5_000);
        assert!(lab
            .run
            .view()
            .brokers
            .iter()
            .all(|b| b.status == isrlab_sim::view::BrokerStatus::Running));
    }

    #[test]
    fn metrics_samples_follow_time_travel_and_show_the_isr_shrink() {
        let mut lab =
            Lab::new(Run::from_json(&scenarios::by_id("acks1-leader-dies").unwrap()).unwrap());
        lab.travel_to(25_000);
        let max_urp = lab
            .samples()
            .iter()
            .map(|s| s.gauges.UnderReplicatedPartitions)
            .max();
        assert_eq!(max_urp, Some(1));
        let n = lab.samples().len();
        assert!(n >= 90, "{n} samples");
        lab.travel_to(1_000);
        assert!(lab.samples().iter().all(|s| s.time_ms <= 1_000));
        lab.travel_to(25_000);
        assert_eq!(lab.samples().len(), n);
    }

    /// The lab's metric marks are the run's own, whatever time travel happened: watched
    /// forward, back, a branch acted in the past, and that action stepped back.
    #[test]
    fn metric_marks_follow_the_run_through_travel_and_branches() {
        let mut lab =
            Lab::new(Run::from_json(&scenarios::by_id("acks1-leader-dies").unwrap()).unwrap());
        let the_runs = |lab: &Lab| {
            let now = lab.run.now();
            let run: Vec<Mark> = lab
                .run
                .sim()
                .metric_marks()
                .iter()
                .filter(|m| m.time_ms <= now)
                .cloned()
                .collect();
            assert_eq!(lab.metric_marks(), run.as_slice(), "at {now}");
            run.len()
        };
        lab.travel_to(25_000);
        assert!(the_runs(&lab) > 3);
        lab.travel_to(2_000);
        the_runs(&lab);
        lab.apply(Action::Crash { broker: 0 }).unwrap();
        let crash_marks = the_runs(&lab);
        lab.travel_to(25_000);
        assert!(lab.metric_marks().iter().any(|m| matches!(
            m.cause.as_ref().map(|e| &e.kind),
            Some(EventKind::BrokerDown { broker: 0, .. })
        )));
        the_runs(&lab);
        lab.travel_to(2_000);
        assert_eq!(the_runs(&lab), crash_marks);
    }

    #[test]
    fn the_timeline_of_the_acks1_scenario_has_a_crash_and_a_loss_marker() {
        let mut lab =
            Lab::new(Run::from_json(&scenarios::by_id("acks1-leader-dies").unwrap()).unwrap());
        lab.travel_to(25_000);
        let kinds: Vec<_> = lab.markers().iter().map(|(_, m)| *m).collect();
        assert!(
            kinds.contains(&Marker::Crash)
                && kinds.contains(&Marker::Loss)
                && kinds.contains(&Marker::Ack)
        );
    }
}
