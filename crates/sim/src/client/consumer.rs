//! Consumers and consumer groups: each partition of the subscribed topics goes to one
//! member of a group (range assignment over sorted member names), every group gets
//! every message; the group rebalances when members join or leave; committed offsets
//! are stored in the cluster (sent to the partition leader), before or after
//! processing (at-most-once or at-least-once).

use crate::events::EventKind;
use crate::ids::{NodeId, Offset};
use crate::net::msg::{Msg, PartIdx};
use crate::scenario::CommitMode;
use crate::sim::{ActionError, Ev, Sim, Timer};
use std::collections::BTreeMap;

/// How often a consumer polls.
const POLL_MS: u64 = 100;
/// How long processing a fetched batch takes.
const PROCESS_MS: u64 = 20;

/// Consumer timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsumerTimer {
    /// Poll: fetch every assigned partition.
    Poll { generation: u32 },
    /// Processing of a fetched batch finished.
    Processed { part: PartIdx, generation: u32 },
}

/// A consumer client.
#[derive(Clone, Debug)]
pub struct Consumer {
    /// Name.
    pub name: String,
    /// `group.id`.
    pub group: String,
    /// Subscribed topics.
    pub topics: Vec<String>,
    /// Commit before or after processing.
    pub commit: CommitMode,
    /// Whether it is a group member.
    pub joined: bool,
    /// Assigned partitions.
    pub assigned: Vec<PartIdx>,
    /// Position per partition.
    pub position: Vec<Offset>,
    /// Batch being processed per partition: (first offset, messages).
    pub processing: Vec<Option<(Offset, Vec<u32>)>>,
    /// Generation it last joined.
    pub generation: u32,
    /// A fetch is outstanding per partition.
    pub fetching: Vec<bool>,
}

impl Consumer {
    /// A consumer outside its group.
    pub fn new(name: String, group: String, topics: Vec<String>, commit: CommitMode, n_parts: usize) -> Consumer {
        Consumer {
            name,
            group,
            topics,
            commit,
            joined: false,
            assigned: Vec::new(),
            position: vec![0; n_parts],
            processing: vec![None; n_parts],
            generation: 0,
            fetching: vec![false; n_parts],
        }
    }
}

/// Group state kept by the cluster: generations and committed offsets.
#[derive(Clone, Debug, Default)]
pub struct Groups {
    /// Generation per group.
    pub generation: BTreeMap<String, u32>,
    /// Committed offset per (group, partition).
    pub committed: BTreeMap<(String, PartIdx), Offset>,
}

impl Sim {
    fn consumer_index(&self, name: &str) -> Result<usize, ActionError> {
        self.consumers.iter().position(|c| c.name == name).ok_or_else(|| ActionError::UnknownConsumer(name.into()))
    }

    /// ConsumerJoin action.
    pub(crate) fn consumer_join_named(&mut self, name: &str) -> Result<(), ActionError> {
        let c = self.consumer_index(name)?;
        self.consumer_join(c);
        Ok(())
    }

    /// ConsumerLeave action.
    pub(crate) fn consumer_leave_named(&mut self, name: &str) -> Result<(), ActionError> {
        let c = self.consumer_index(name)?;
        if self.consumers[c].joined {
            self.consumers[c].joined = false;
            let g = self.consumers[c].group.clone();
            self.rebalance(&g);
        }
        Ok(())
    }

    /// Consumer `c` joins its group.
    pub(crate) fn consumer_join(&mut self, c: usize) {
        if self.consumers[c].joined {
            return;
        }
        self.consumers[c].joined = true;
        let g = self.consumers[c].group.clone();
        self.rebalance(&g);
    }

    fn rebalance(&mut self, group: &str) {
        let gen = {
            let g = self.groups.generation.entry(group.to_string()).or_insert(0);
            *g += 1;
            *g
        };
        let mut members: Vec<usize> =
            (0..self.consumers.len()).filter(|&i| self.consumers[i].group == group && self.consumers[i].joined).collect();
        members.sort_by(|&a, &b| self.consumers[a].name.cmp(&self.consumers[b].name));
        for i in 0..self.consumers.len() {
            if self.consumers[i].group == group {
                let cs = &mut self.consumers[i];
                cs.assigned.clear();
                cs.generation = gen;
                cs.processing.iter_mut().for_each(|x| *x = None);
                cs.fetching.iter_mut().for_each(|x| *x = false);
            }
        }
        let mut summary = Vec::new();
        if !members.is_empty() {
            // Range assignor, per topic.
            let topics: Vec<usize> = (0..self.topics.len())
                .filter(|&t| members.iter().any(|&m| self.consumers[m].topics.contains(&self.topics[t].name)))
                .collect();
            for t in topics {
                let subs: Vec<usize> =
                    members.iter().copied().filter(|&m| self.consumers[m].topics.contains(&self.topics[t].name)).collect();
                let (first, n) = (self.topics[t].first, self.topics[t].count as usize);
                let per = n / subs.len();
                let extra = n % subs.len();
                let mut next = 0;
                for (k, &m) in subs.iter().enumerate() {
                    let take = per + usize::from(k < extra);
                    for p in next..next + take {
                        let part = first + p as u32;
                        let pos = self.groups.committed.get(&(group.to_string(), part)).copied().unwrap_or(0);
                        self.consumers[m].assigned.push(part);
                        self.consumers[m].position[part as usize] = pos;
                    }
                    next += take;
                }
            }
            for &m in &members {
                let tps = self.consumers[m].assigned.iter().map(|&p| self.parts[p as usize].tp.clone()).collect();
                summary.push((self.consumers[m].name.clone(), tps));
                self.queue.push(self.now, Ev::Timer(Timer::Consumer { c: m as u32, t: ConsumerTimer::Poll { generation: gen } }));
            }
        }
        self.emit(EventKind::GroupRebalanced { group: group.to_string(), generation: gen, assignment: summary });
    }

    /// A consumer timer fires.
    pub(crate) fn consumer_timer(&mut self, c: usize, t: ConsumerTimer) {
        match t {
            ConsumerTimer::Poll { generation } => {
                let cs = &self.consumers[c];
                if !cs.joined || cs.generation != generation {
                    return;
                }
                for p in cs.assigned.clone() {
                    let cs = &self.consumers[c];
                    if cs.fetching[p as usize] || cs.processing[p as usize].is_some() {
                        continue;
                    }
                    // The consumer finds the leader through any live broker's metadata cache.
                    let leader = self.brokers.iter().filter(|b| b.is_up()).find_map(|b| b.metadata[p as usize].0);
                    if let Some(l) = leader {
                        let offset = cs.position[p as usize];
                        self.consumers[c].fetching[p as usize] = true;
                        self.send(NodeId::Consumer(c as u32), NodeId::Broker(l), Msg::ConsumerFetch { part: p, offset });
                    }
                }
                self.queue.push(self.now + POLL_MS, Ev::Timer(Timer::Consumer { c: c as u32, t: ConsumerTimer::Poll { generation } }));
            }
            ConsumerTimer::Processed { part, generation } => {
                if self.consumers[c].generation != generation {
                    return;
                }
                let Some((from, msgs)) = self.consumers[c].processing[part as usize].take() else { return };
                let group = self.consumers[c].group.clone();
                for &m in &msgs {
                    let r = self.ledger.get_mut(m);
                    if !r.consumed_by.contains(&group) {
                        r.consumed_by.push(group.clone());
                    }
                }
                let tp = self.parts[part as usize].tp.clone();
                let name = self.consumers[c].name.clone();
                self.emit(EventKind::Consumed { consumer: name, tp, from_offset: from, count: msgs.len() as u32 });
                if self.consumers[c].commit == CommitMode::AfterProcessing {
                    self.commit(c, part, from + msgs.len() as u64);
                }
            }
        }
    }

    fn commit(&mut self, c: usize, part: PartIdx, offset: Offset) {
        let leader = self.brokers.iter().filter(|b| b.is_up()).find_map(|b| b.metadata[part as usize].0);
        if let Some(l) = leader {
            self.send(NodeId::Consumer(c as u32), NodeId::Broker(l), Msg::OffsetCommit { part, offset });
        }
    }

    /// A consumer receives records.
    pub(crate) fn consumer_handle(&mut self, c: usize, msg: Msg) {
        let Msg::ConsumerFetchResponse { part, offset, msgs, error } = msg else { return };
        let cs = &mut self.consumers[c];
        cs.fetching[part as usize] = false;
        if error.is_some() || msgs.is_empty() || !cs.assigned.contains(&part) || cs.position[part as usize] != offset {
            return;
        }
        cs.position[part as usize] = offset + msgs.len() as u64;
        let n = msgs.len() as u64;
        cs.processing[part as usize] = Some((offset, msgs));
        let generation = cs.generation;
        if cs.commit == CommitMode::BeforeProcessing {
            self.commit(c, part, offset + n);
        }
        self.queue.push(self.now + PROCESS_MS, Ev::Timer(Timer::Consumer { c: c as u32, t: ConsumerTimer::Processed { part, generation } }));
    }

    /// A broker stores a committed offset (the cluster keeps it for the group).
    pub(crate) fn handle_offset_commit(&mut self, _b: usize, from: NodeId, part: PartIdx, offset: Offset) {
        let NodeId::Consumer(c) = from else { return };
        let group = self.consumers[c as usize].group.clone();
        let tp = self.parts[part as usize].tp.clone();
        self.groups.committed.insert((group.clone(), part), offset);
        self.emit(EventKind::OffsetCommitted { group, tp, offset });
    }
}
