//! The loss window (DESIGN §4, issue #11): a message is **at risk** when it is believed
//! written (acknowledged, or sent with acks=0 and no error) and one more broker crash
//! would lose it. After every step the core reassesses the messages that changed and, for
//! each partition whose state changed, every message it still watches.
//!
//! The rule follows Kafka's election (`PartitionLeaderElectionAlgorithms.scala`,
//! `offlinePartitionLeaderElection`): a crash of any live replica's broker (or none)
//! leaves a leader that is the current one if it survives, else the first replica in
//! assignment order that is alive and in the ISR, else — with
//! `unclean.leader.election.enable` — the first alive replica. Followers truncate to that
//! leader, so the message survives exactly when that leader holds it. With no such leader
//! the partition waits offline for an electable replica (an ISR member, or any replica
//! when unclean election is on) to come back, so the message survives when every one of
//! them holds it. A message held by every assigned replica is safe whatever happens.
//!
//! Messages of a partition that hold the same set of brokers share one verdict, so a
//! partition change costs one assessment per distinct set, not one per message.

use crate::ids::{BrokerId, TimeMs, TopicPartition};
use crate::sim::Sim;
use std::collections::{BTreeMap, BTreeSet};

/// Most exposure change points kept per partition; beyond it the oldest half is dropped.
pub const EXPOSURE_POINTS: usize = 4096;

/// Messages of one partition holding the same brokers.
#[derive(Clone, Debug, Default)]
struct Group {
    ids: BTreeSet<u32>,
    at_risk: bool,
}

/// Per partition: the messages still watched, grouped by who holds them, and the exposure.
#[derive(Clone, Debug, Default)]
struct PartRisk {
    groups: BTreeMap<Vec<BrokerId>, Group>,
    /// Messages at risk now.
    exposure: u32,
    /// `(time, exposure)` at every change, oldest first (bounded by [`EXPOSURE_POINTS`]).
    series: Vec<(TimeMs, u32)>,
}

/// The core's loss-window bookkeeping.
#[derive(Clone, Debug, Default)]
pub(crate) struct Risk {
    parts: Vec<PartRisk>,
    part_of: BTreeMap<TopicPartition, u32>,
    /// Where each watched message is: partition and the holder set it was grouped by.
    key_of: BTreeMap<u32, (u32, Vec<BrokerId>)>,
}

impl Risk {
    /// Bookkeeping for the partitions `tps`, in partition-index order.
    pub(crate) fn new(tps: impl Iterator<Item = TopicPartition>) -> Risk {
        let part_of: BTreeMap<TopicPartition, u32> =
            tps.enumerate().map(|(i, tp)| (tp, i as u32)).collect();
        let parts = vec![PartRisk::default(); part_of.len()];
        Risk {
            parts,
            part_of,
            key_of: BTreeMap::new(),
        }
    }

    /// Bookkeeping for one more partition, at the next index.
    pub(crate) fn add_partition(&mut self, tp: TopicPartition) {
        self.part_of.insert(tp, self.parts.len() as u32);
        self.parts.push(PartRisk::default());
    }

    fn record(&mut self, p: u32, now: TimeMs, delta: i64) {
        let part = &mut self.parts[p as usize];
        part.exposure = (i64::from(part.exposure) + delta).max(0) as u32;
        match part.series.last_mut() {
            Some(last) if last.0 == now => last.1 = part.exposure,
            _ => part.series.push((now, part.exposure)),
        }
        if part.series.len() > EXPOSURE_POINTS {
            part.series.drain(..EXPOSURE_POINTS / 2);
        }
    }
}

impl Sim {
    /// Messages at risk now in partition `tp` (0 for an unknown partition).
    pub fn exposure(&self, tp: &TopicPartition) -> u32 {
        self.risk
            .part_of
            .get(tp)
            .map_or(0, |&p| self.risk.parts[p as usize].exposure)
    }

    /// The exposure of partition `tp` over time: `(time, messages at risk from then on)` at
    /// every change, oldest first; the last [`EXPOSURE_POINTS`] or so changes are kept.
    pub fn exposure_series(&self, tp: &TopicPartition) -> &[(TimeMs, u32)] {
        self.risk
            .part_of
            .get(tp)
            .map_or(&[], |&p| &self.risk.parts[p as usize].series)
    }

    /// The risk pass: reassesses every message written to since the last pass, then every
    /// group of each partition touched by this step (its leader, ISR or logs changed).
    pub(crate) fn update_risk(&mut self) {
        let mut changed = std::mem::take(&mut self.ledger.changed);
        changed.sort_unstable();
        changed.dedup();
        for &id in &changed {
            self.regroup(id);
        }
        changed.clear();
        self.ledger.changed = changed;
        for i in 0..self.dirty.len() {
            let p = self.dirty[i];
            self.reassess_partition(p);
        }
    }

    /// Puts message `id` in the group of its current holders (or out of every group when it
    /// cannot be lost or is held by every replica), and sets its window.
    fn regroup(&mut self, id: u32) {
        let m = self.ledger.get(id);
        let Some(&p) = self.risk.part_of.get(&m.tp) else {
            return;
        };
        let replicas = &self.zk.assignment[p as usize];
        let watched = m.exposed() && !replicas.iter().all(|b| m.held_by.contains(b));
        let key = watched.then(|| m.held_by.clone());
        let old = self.risk.key_of.get(&id).cloned();
        if old.as_ref().map(|(_, k)| k) == key.as_ref() {
            return;
        }
        let now = self.now;
        let was = match old {
            Some((op, k)) => {
                let part = &mut self.risk.parts[op as usize];
                let g = part.groups.get_mut(&k).expect("grouped");
                g.ids.remove(&id);
                let was = g.at_risk;
                if g.ids.is_empty() {
                    part.groups.remove(&k);
                }
                self.risk.key_of.remove(&id);
                was
            }
            None => false,
        };
        let risk = match key {
            Some(k) => {
                let verdict = self.one_crash_loses(p as usize, &k);
                let g = self.risk.parts[p as usize]
                    .groups
                    .entry(k.clone())
                    .or_insert_with(|| Group {
                        ids: BTreeSet::new(),
                        at_risk: verdict,
                    });
                g.ids.insert(id);
                let risk = g.at_risk;
                self.risk.key_of.insert(id, (p, k));
                risk
            }
            None => false,
        };
        if was != risk {
            self.risk.record(p, now, if risk { 1 } else { -1 });
        }
        self.ledger_record_mut(id).set_at_risk(risk, now);
    }

    /// Reassesses every group of partition `p` against its state now.
    fn reassess_partition(&mut self, p: u32) {
        let keys: Vec<Vec<BrokerId>> = self.risk.parts[p as usize].groups.keys().cloned().collect();
        let now = self.now;
        for k in keys {
            let verdict = self.one_crash_loses(p as usize, &k);
            let g = self.risk.parts[p as usize]
                .groups
                .get_mut(&k)
                .expect("listed");
            if g.at_risk == verdict {
                continue;
            }
            g.at_risk = verdict;
            let ids: Vec<u32> = g.ids.iter().copied().collect();
            let n = ids.len() as i64;
            self.risk.record(p, now, if verdict { n } else { -n });
            for id in ids {
                self.ledger_record_mut(id).set_at_risk(verdict, now);
            }
        }
    }

    /// A record written by the risk pass itself (not queued for the next pass).
    fn ledger_record_mut(&mut self, id: u32) -> &mut crate::ledger::MessageRecord {
        self.ledger.get_mut_unqueued(id)
    }

    /// Whether the crash of one live replica's broker (or of none) would lose a message
    /// held by `held` in partition `p`: see the module documentation.
    pub(crate) fn one_crash_loses(&self, p: usize, held: &[BrokerId]) -> bool {
        let replicas = &self.zk.assignment[p];
        let z = &self.zk.partitions[p];
        let topic = self.parts[p].topic as usize;
        let unclean = self.topics[topic].cfg.unclean_leader_election_enable;
        let up = |b: BrokerId| self.bidx(b).is_some_and(|i| self.brokers[i].is_up());
        let survives = |crashed: Option<BrokerId>| {
            let alive = |b: BrokerId| up(b) && Some(b) != crashed;
            let leader = z.leader.filter(|&l| alive(l)).or_else(|| {
                let clean = replicas
                    .iter()
                    .copied()
                    .find(|&b| alive(b) && z.isr.contains(&b));
                clean.or_else(|| {
                    unclean
                        .then(|| replicas.iter().copied().find(|&b| alive(b)))
                        .flatten()
                })
            });
            match leader {
                Some(l) => held.contains(&l),
                None if unclean => replicas.iter().all(|b| held.contains(b)),
                None => z.isr.iter().all(|b| held.contains(b)),
            }
        };
        let crashes = replicas.iter().copied().filter(|&b| up(b)).map(Some);
        !std::iter::once(None).chain(crashes).all(survives)
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::Scenario;
    use crate::sim::Sim;

    /// Three brokers, RF 3, acks=1; at 1.5 s broker 0 (the leader) stops reaching broker 2
    /// only, so m2 (2 s) reaches brokers 0 and 1 — and broker 1 is cut from it at 1.5 s
    /// too when `cut_both`.
    fn run(cut_both: bool, t: u64) -> Sim {
        let second = if cut_both {
            r#",{"at_ms":1500,"do":"cut","from":{"Broker":0},"to":{"Broker":1}}"#
        } else {
            ""
        };
        let json = format!(
            r#"{{"id":"risk","title":{{"en":"r","zh":"r"}},"seed":1,"end_ms":60000,
            "cluster":{{"brokers":[0,1,2]}},
            "topics":[{{"name":"t","partitions":1,"replication_factor":3,"assignment":{{"0":[0,2,1]}}}}],
            "producers":[{{"name":"p1","acks":"1"}}],
            "actions":[{{"at_ms":1000,"do":"produce","producer":"p1","topic":"t","value":"m1"}},
                       {{"at_ms":1500,"do":"cut","from":{{"Broker":0}},"to":{{"Broker":2}}}}{second},
                       {{"at_ms":2000,"do":"produce","producer":"p1","topic":"t","value":"m2"}}]}}"#
        );
        let mut sim = Sim::new(&Scenario::from_json(&json).unwrap()).unwrap();
        sim.run_until(t);
        sim
    }

    #[test]
    fn held_by_two_but_the_next_leader_in_assignment_order_lacks_it_is_at_risk() {
        let sim = run(false, 2_500);
        let m2 = sim.ledger().iter().find(|m| m.value == "m2").unwrap();
        assert_eq!(m2.held_by, vec![0, 1], "on the leader and broker 1");
        let isr = &sim.view().partitions[0].isr;
        assert_eq!(
            isr.len(),
            3,
            "broker 2 still in the ISR: a leader crash elects it"
        );
        assert!(m2.at_risk_since.is_some());
        let tp = &m2.tp;
        assert_eq!(sim.exposure(tp), 1);
        let series = sim.exposure_series(tp);
        assert_eq!(series.last().map(|p| p.1), Some(1));
        assert!(series.iter().all(|p| p.0 <= 2_500));
    }

    #[test]
    fn the_window_closes_once_the_isr_shrinks_to_the_holders() {
        // Past replica.lag.time.max.ms (30 s, checked every 15 s) broker 2 leaves the ISR: a leader crash
        // would elect broker 1, which holds m2.
        let sim = run(false, 59_000);
        let m2 = sim.ledger().iter().find(|m| m.value == "m2").unwrap();
        assert_eq!(sim.view().partitions[0].isr, vec![0, 1]);
        assert_eq!(m2.at_risk_since, None);
        assert_eq!(m2.risk_windows.len(), 1);
        assert_eq!(sim.exposure(&m2.tp), 0);
    }

    #[test]
    fn on_the_leader_alone_at_risk_until_the_isr_is_the_leader_alone() {
        // A crash of the sole ISR member leaves the partition offline until it returns
        // with its log: nothing is lost by one crash (power loss is another matter).
        let early = run(true, 2_500);
        let m2 = early.ledger().iter().find(|m| m.value == "m2").unwrap();
        assert_eq!(
            (m2.held_by.clone(), m2.at_risk_since.is_some()),
            (vec![0], true)
        );
        let late = run(true, 59_000);
        let m2 = late.ledger().iter().find(|m| m.value == "m2").unwrap();
        assert_eq!(late.view().partitions[0].isr, vec![0]);
        assert_eq!(m2.at_risk_since, None);
    }
}
