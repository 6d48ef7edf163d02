//! What-if badges, computed incrementally: a round snapshots the run, then forks it once
//! per (broker, fault) — as many forks per animation frame as the frame's budget allows —
//! and publishes the round's answers when its last fork is done. The badges show the
//! latest complete round, so Play never waits for all forks at once.

use isrlab_explore::whatif::{what_if, WhatIf, DEFAULT_SETTLE_HORIZON_MS};
use isrlab_explore::Fault;
use isrlab_sim::{BrokerId, Sim, TimeMs};
use std::rc::Rc;

/// One complete round: the run as it was, and every answer the core gave for it.
#[derive(Clone, Debug)]
pub struct Answers {
    /// The run the forks were made from (a "show me" preview forks it again).
    pub sim: Rc<Sim>,
    /// One answer per (broker, fault) the core accepted, brokers in id order.
    pub list: Vec<WhatIf>,
}

impl PartialEq for Answers {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.sim, &o.sim) && self.list == o.list
    }
}

impl Answers {
    /// When the round's forks start.
    pub fn at_ms(&self) -> TimeMs {
        self.sim.now()
    }

    /// The answer for `broker` and `fault`; `None` when the core refused that fault then.
    pub fn get(&self, broker: BrokerId, fault: Fault) -> Option<&WhatIf> {
        self.list
            .iter()
            .find(|w| w.broker == broker && w.fault == fault)
    }

    /// The badge's counts for `broker`: messages each what-if fault would lose, in
    /// [`Fault::WHAT_IF`] order (`None`: refused, e.g. the broker is already down).
    pub fn counts(&self, broker: BrokerId) -> [Option<usize>; 3] {
        Fault::WHAT_IF.map(|f| self.get(broker, f).map(|w| w.lost.len()))
    }
}

/// Identifies a state of the run: a round is redone only when it changed.
type Key = (TimeMs, u64, usize);

fn key(sim: &Sim) -> Key {
    (sim.now(), sim.event_count(), sim.applied_actions().len())
}

/// A round in progress.
#[derive(Debug)]
struct Round {
    key: Key,
    sim: Rc<Sim>,
    todo: Vec<(BrokerId, Fault)>,
    done: Vec<WhatIf>,
}

/// The badges' state: the latest complete round and the one being computed.
#[derive(Debug, Default)]
pub struct Badges {
    shown: Option<(Key, Rc<Answers>)>,
    round: Option<Round>,
}

impl Badges {
    /// The latest complete round's answers.
    pub fn answers(&self) -> Option<Rc<Answers>> {
        self.shown.as_ref().map(|(_, a)| a.clone())
    }

    /// Whether a round is in progress.
    pub fn busy(&self) -> bool {
        self.round.is_some()
    }

    /// Computes forks for `sim` while `more()` says there is time left (at least one per
    /// call when there is work), starting a new round when the last one is done and the
    /// run has moved since. Returns whether a round completed.
    pub fn work(&mut self, sim: &Sim, mut more: impl FnMut() -> bool) -> bool {
        if self.round.is_none() {
            let k = key(sim);
            if self.shown.as_ref().is_some_and(|(s, _)| *s == k) {
                return false;
            }
            self.round = Some(Round::start(k, sim));
        }
        let Some(round) = self.round.as_mut() else {
            return false;
        };
        while let Some((broker, fault)) = round.todo.pop() {
            round.done.extend(what_if(
                &round.sim,
                broker,
                fault,
                DEFAULT_SETTLE_HORIZON_MS,
            ));
            if !more() {
                break;
            }
        }
        if !round.todo.is_empty() {
            return false;
        }
        let Some(mut round) = self.round.take() else {
            return false;
        };
        round.done.sort_by_key(|w| (w.broker, w.fault));
        let answers = Answers {
            sim: round.sim,
            list: round.done,
        };
        self.shown = Some((round.key, Rc::new(answers)));
        true
    }

    /// Brings the answers up to date with `sim` now (paused: all forks at once).
    pub fn finish(&mut self, sim: &Sim) {
        if self.round.as_ref().is_some_and(|r| r.key != key(sim)) {
            self.round = None;
        }
        while self.round.is_some() || !self.is_current(sim) {
            self.work(sim, || true);
        }
    }

    fn is_current(&self, sim: &Sim) -> bool {
        self.shown.as_ref().is_some_and(|(k, _)| *k == key(sim))
    }
}

impl Round {
    fn start(key: Key, sim: &Sim) -> Round {
        let brokers: Vec<BrokerId> = sim.view().brokers.iter().map(|b| b.id).collect();
        // Popped from the back: the first broker's crash comes first.
        let mut todo: Vec<(BrokerId, Fault)> = brokers
            .iter()
            .flat_map(|&b| Fault::WHAT_IF.map(|f| (b, f)))
            .collect();
        todo.reverse();
        Round {
            key,
            sim: Rc::new(sim.clone()),
            todo,
            done: Vec::new(),
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use isrlab_explore::whatif::what_if_all;

    fn sim_at(t: TimeMs) -> Sim {
        let text = include_str!("../../scenarios/acks1-leader-dies.json");
        let mut sim = Sim::new(&isrlab_sim::Scenario::from_json(text).unwrap()).unwrap();
        sim.run_until(t);
        sim
    }

    #[test]
    fn a_round_made_one_fork_at_a_time_equals_every_what_if_at_once() {
        let sim = sim_at(1_000);
        let mut b = Badges::default();
        let mut calls = 0;
        while !b.work(&sim, || false) {
            calls += 1;
        }
        assert_eq!(calls + 1, 9, "3 brokers × 3 faults, one fork per call");
        let answers = b.answers().unwrap();
        assert_eq!(answers.list, what_if_all(&sim, DEFAULT_SETTLE_HORIZON_MS));
        assert_eq!(answers.at_ms(), 1_000);
        assert!(!b.work(&sim, || true), "nothing new to do for the same run");
    }

    #[test]
    fn finish_catches_up_with_a_run_that_moved_mid_round() {
        let mut b = Badges::default();
        b.work(&sim_at(500), || false);
        let later = sim_at(2_100);
        b.finish(&later);
        let a = b.answers().unwrap();
        assert_eq!(a.at_ms(), 2_100);
        assert_eq!(a.list, what_if_all(&later, DEFAULT_SETTLE_HORIZON_MS));
        let leader = later.view().partitions[0].leader.unwrap();
        assert!(a.counts(leader).iter().all(|c| c.is_some()));
    }
}
