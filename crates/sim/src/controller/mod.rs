//! The controller (ZooKeeper mode): elected through `/controller`, it keeps a cached view
//! of the cluster (Kafka's `ControllerContext`), elects leaders on it (clean, unclean,
//! preferred, controlled shutdown, reassignment), writes partition states to ZooKeeper by
//! conditional messages (`zk_write.rs`) and, once written, tells brokers with LeaderAndIsr
//! and UpdateMetadata requests over the network (`channel.rs`).
//!
//! It only learns by messages: the reads that follow its election, the `/brokers/ids` and
//! ISR-change watches, the answers to its writes. So a controller cut from ZooKeeper, or
//! paused, goes on acting on what it knew until its session expiry, a watch or a failed
//! write tells it otherwise; brokers fence its requests by controller epoch.

pub mod channel;
pub mod decide;
mod deletion;
pub mod election;
mod zk_write;

use crate::broker::BrokerTimer;
use crate::events::{ElectionReason, EventKind, ShrinkReason};
use crate::ids::{BrokerId, NodeId};
use crate::net::msg::{LeaderAndIsrPart, Msg, PartIdx};
use crate::sim::Sim;
use crate::zk::{ClusterRead, PartitionZnode};
use decide::Change;
use std::collections::VecDeque;
pub use zk_write::{Redo, WriteBatch, WriteNote};

/// What the controller keeps in memory (Kafka's `ControllerContext`).
#[derive(Clone, Debug, PartialEq)]
pub struct ControllerCtx {
    /// Controller epoch it won.
    pub epoch: u32,
    /// `/controller_epoch`'s zkVersion when it won (its writes check it from 2.1).
    pub epoch_zk_version: u32,
    /// Brokers it considers alive.
    pub live: Vec<BrokerId>,
    /// Their ZooKeeper sessions (KIP-380's broker epochs), one per `live` entry. From 2.2
    /// a broker that re-registered with a new session bounced, and is handled as a death
    /// then a start; every controller request carries the receiver's epoch.
    pub sessions: Vec<u64>,
    /// Partition states as last read or written (`partitionLeadershipInfo`).
    pub partitions: Vec<PartitionZnode>,
    /// Assigned replicas by partition (`partitionAssignments`).
    pub assignment: Vec<Vec<BrokerId>>,
    /// For each reassignment in progress, the replicas the partition had when it started
    /// (OAR), which `kafka-topics.sh --describe` shows apart from the ones being added.
    pub reassigning_from: Vec<(PartIdx, Vec<BrokerId>)>,
    /// Brokers in controlled shutdown.
    pub shutting_down: Vec<BrokerId>,
    /// Reassignments in progress: partition → target replicas (RAR).
    pub reassigning: Vec<(PartIdx, Vec<BrokerId>)>,
    /// Partitions of the topics being deleted, each with the replicas whose deletion is
    /// not confirmed yet (`TopicDeletionManager`).
    pub deleting: Vec<(PartIdx, Vec<BrokerId>)>,
    /// One request channel per live broker it has sent to (`ControllerChannelManager`).
    pub channels: Vec<channel::RequestChannel>,
    /// The writes it waits for: Kafka's controller thread blocks on them.
    pub writing: Option<WriteBatch>,
    /// Events that came while it waited (`ControllerEventManager`'s queue).
    pub queued: VecDeque<ControllerEvent>,
    /// Number of the next write batch.
    pub next_req: u64,
}

/// Something the controller handles, one at a time, in arrival order.
#[derive(Clone, Debug, PartialEq)]
pub enum ControllerEvent {
    /// The `/brokers/ids` watch fired with these registrations.
    BrokerChange(Vec<(BrokerId, u64)>),
    /// Second half of a broker change: these brokers started; the registrations read.
    BrokersStarted(Vec<BrokerId>, Vec<(BrokerId, u64)>),
    /// A partition's ISR changed to this state.
    IsrChange(PartIdx, PartitionZnode),
    /// A reassignment may be complete.
    ReassignmentCheck(PartIdx),
    /// The topic watches fired: new partitions with their assignments
    /// (`TopicChange`, `PartitionModifications`).
    PartitionsAdded(Vec<(PartIdx, Vec<BrokerId>)>),
    /// The `/admin/delete_topics` watch fired (or a new controller read it): delete the
    /// topics of these partitions.
    TopicDeletion(Vec<PartIdx>),
    /// Elect leaders for these partitions.
    Elect(Vec<PartIdx>, ElectionReason),
    /// Start moving a partition to these replicas.
    Reassign(PartIdx, Vec<BrokerId>),
    /// A broker asked to shut down.
    ControlledShutdown(BrokerId, NodeId),
    /// Answer a controlled shutdown once its writes are done.
    ControlledShutdownReply(BrokerId, NodeId),
    /// `auto.leader.rebalance.enable`'s periodic check.
    RebalanceCheck,
}

impl Sim {
    /// The broker index that currently acts as controller (owns `/controller` and has a context).
    pub(crate) fn active_controller(&self) -> Option<usize> {
        self.zk
            .controller
            .map(|(c, _)| c)
            .filter(|&c| self.brokers[c].controller.is_some())
    }

    /// Broker `b` won `/controller` at `epoch` and read the cluster: it builds its context,
    /// elects leaders where needed and tells everyone once written.
    pub(crate) fn controller_failover(&mut self, b: usize, epoch: u32, read: ClusterRead) {
        let (live, sessions) = read.brokers.iter().copied().unzip();
        self.brokers[b].controller = Some(ControllerCtx {
            epoch,
            epoch_zk_version: read.epoch_zk_version,
            live,
            sessions,
            partitions: read.partitions,
            assignment: read.assignment,
            reassigning_from: Vec::new(),
            shutting_down: Vec::new(),
            reassigning: Vec::new(),
            deleting: Vec::new(),
            channels: Vec::new(),
            writing: None,
            queued: VecDeque::new(),
            next_req: 1,
        });
        self.brokers[b].controller_epoch_seen = self.brokers[b].controller_epoch_seen.max(epoch);
        let mut batch = WriteBatch::default();
        for p in 0..self.known_partitions(b) {
            let ctx = self.brokers[b].controller.as_ref().expect("controller");
            // Deleted partitions (no assignment) and those being deleted elect no leader.
            if ctx.assignment[p as usize].is_empty() || read.deleting.contains(&p) {
                continue;
            }
            let z = self.cached(b, p).clone();
            let leader_live = z.leader.is_some_and(|l| self.ctx_live(b, l));
            if !z.created || !leader_live {
                let reason = if z.created {
                    ElectionReason::Clean
                } else {
                    ElectionReason::Initial
                };
                self.plan(b, &mut batch, p, Change::Elect(reason));
            } else {
                // ReplicaStateMachine.startup: replicas on dead brokers go OfflineReplica (out of the ISR).
                let dead: Vec<BrokerId> = (z.isr.iter().copied())
                    .filter(|&x| !self.ctx_live(b, x))
                    .collect();
                for d in dead {
                    let change = Change::RemoveFromIsr(d, ShrinkReason::BrokerDead);
                    self.plan(b, &mut batch, p, change);
                }
            }
            batch.tell.push(p);
        }
        self.write_or_finish(b, batch);
        self.resume_deletions_after_election(b, read.deleting);
        if self.cfg.auto_leader_rebalance_enable {
            self.broker_timer(
                b,
                self.cfg.leader_imbalance_check_interval_ms,
                BrokerTimer::LeaderRebalance,
            );
        }
    }

    /// Broker `b` stops acting as controller.
    pub(crate) fn controller_resign(&mut self, b: usize) {
        self.brokers[b].controller = None;
    }

    /// Controller `c` handles `event` now, or after the writes it waits for.
    pub(crate) fn controller_event(&mut self, c: usize, event: ControllerEvent) {
        let Some(ctx) = self.brokers[c].controller.as_mut() else {
            return;
        };
        if ctx.writing.is_some() {
            ctx.queued.push_back(event);
            return;
        }
        self.controller_process(c, event);
    }

    /// Handles queued events until one waits for a write again.
    fn controller_drain(&mut self, c: usize) {
        loop {
            let Some(ctx) = self.brokers[c].controller.as_mut() else {
                return;
            };
            if ctx.writing.is_some() {
                return;
            }
            let Some(event) = ctx.queued.pop_front() else {
                return;
            };
            self.controller_process(c, event);
        }
    }

    fn controller_process(&mut self, c: usize, event: ControllerEvent) {
        match event {
            ControllerEvent::BrokerChange(now) => self.on_broker_change(c, now),
            ControllerEvent::BrokersStarted(born, now) => self.on_brokers_started(c, &born, now),
            ControllerEvent::IsrChange(p, state) => {
                let ctx = self.brokers[c].controller.as_mut();
                if let Some(z) = ctx.and_then(|x| x.partitions.get_mut(p as usize)) {
                    if state.version > z.version {
                        *z = state;
                    }
                }
                self.reassignment_check(c, p);
            }
            ControllerEvent::ReassignmentCheck(p) => self.reassignment_check(c, p),
            ControllerEvent::PartitionsAdded(added) => self.on_partitions_added(c, added),
            ControllerEvent::TopicDeletion(parts) => self.on_topic_deletion(c, parts),
            ControllerEvent::Elect(parts, reason) => {
                let mut batch = WriteBatch::default();
                for p in parts {
                    if self.plan(c, &mut batch, p, Change::Elect(reason)) {
                        batch.tell.push(p);
                    }
                }
                self.write_or_finish(c, batch);
            }
            ControllerEvent::Reassign(p, target) => self.reassign(c, p, target),
            ControllerEvent::ControlledShutdown(broker, from) => {
                self.on_controlled_shutdown(c, broker, from)
            }
            ControllerEvent::ControlledShutdownReply(broker, from) => {
                let Some(ctx) = self.brokers[c].controller.as_ref() else {
                    return;
                };
                let remaining = (ctx.partitions.iter())
                    .filter(|z| z.leader == Some(broker))
                    .count() as u32;
                let me = NodeId::Broker(self.brokers[c].id);
                self.send(me, from, Msg::ControlledShutdownResponse { remaining });
            }
            ControllerEvent::RebalanceCheck => self.rebalance_check(c),
        }
    }

    /// How many partitions controller `c` knows of (a topic created since it last read
    /// ZooKeeper is unknown to it until the topic watch fires).
    fn known_partitions(&self, c: usize) -> PartIdx {
        self.brokers[c]
            .controller
            .as_ref()
            .map_or(0, |ctx| ctx.partitions.len() as PartIdx)
    }

    /// `onNewPartitionCreation`: the new partitions go from NewPartition to
    /// OnlinePartition, led by their first live assigned replica with the live ones as ISR,
    /// and once written their replicas learn them.
    fn on_partitions_added(&mut self, c: usize, added: Vec<(PartIdx, Vec<BrokerId>)>) {
        let Some(ctx) = self.brokers[c].controller.as_mut() else {
            return;
        };
        let mut new = Vec::new();
        for (p, replicas) in added {
            // A partition it read already (at its election) is no news.
            if p as usize == ctx.partitions.len() {
                ctx.partitions.push(PartitionZnode::not_created());
                ctx.assignment.push(replicas);
                new.push(p);
            }
        }
        let mut batch = WriteBatch::default();
        for p in new {
            self.plan(c, &mut batch, p, Change::Elect(ElectionReason::Initial));
            batch.tell.push(p);
        }
        self.write_or_finish(c, batch);
    }

    /// Partition `p`'s state in controller `c`'s cache (`c` must be a controller).
    fn cached(&self, c: usize, p: PartIdx) -> &PartitionZnode {
        let ctx = self.brokers[c].controller.as_ref().expect("controller");
        &ctx.partitions[p as usize]
    }

    /// The broker epoch controller `c` knows for broker `id` (0 when it is not live).
    fn ctx_broker_epoch(&self, c: usize, id: BrokerId) -> u64 {
        let Some(ctx) = self.brokers[c].controller.as_ref() else {
            return 0;
        };
        ctx.live
            .iter()
            .zip(&ctx.sessions)
            .find(|(&l, _)| l == id)
            .map_or(0, |(_, &s)| s)
    }

    fn ctx_live(&self, c: usize, id: BrokerId) -> bool {
        self.brokers[c]
            .controller
            .as_ref()
            .is_some_and(|x| x.live.contains(&id))
    }

    /// Sends LeaderAndIsr for `parts` to their live replicas and UpdateMetadata to every
    /// live broker, from controller `c`'s cache.
    fn send_leader_and_isr(&mut self, c: usize, parts: &[PartIdx]) {
        let Some(ctx) = self.brokers[c].controller.clone() else {
            return;
        };
        for &target in &ctx.live {
            let mut lps = Vec::new();
            for &p in parts {
                let ar = &ctx.assignment[p as usize];
                if !ar.contains(&target) || ctx.deleting.iter().any(|(q, _)| *q == p) {
                    continue;
                }
                let z = &ctx.partitions[p as usize];
                lps.push(LeaderAndIsrPart {
                    part: p,
                    leader: z.leader,
                    epoch: z.leader_epoch,
                    isr: z.isr.clone(),
                    replicas: ar.clone(),
                    zk_version: z.version,
                });
            }
            if !lps.is_empty() {
                let broker_epoch = self.ctx_broker_epoch(c, target);
                let msg = Msg::LeaderAndIsr {
                    controller_epoch: ctx.epoch,
                    broker_epoch,
                    parts: lps,
                };
                self.controller_send(c, target, msg);
            }
        }
        self.send_update_metadata(c);
    }

    /// UpdateMetadata to every live broker, from controller `c`'s cache: a partition of a
    /// topic being deleted has no leader (Kafka's `LeaderDuringDelete`).
    fn send_update_metadata(&mut self, c: usize) {
        let Some(ctx) = self.brokers[c].controller.clone() else {
            return;
        };
        let leaders: Vec<_> = (ctx.partitions.iter().enumerate())
            .map(|(p, z)| {
                let deleting = ctx.deleting.iter().any(|(q, _)| *q as usize == p);
                let l = z.leader.filter(|l| ctx.live.contains(l) && !deleting);
                (p as u32, l, z.leader_epoch)
            })
            .collect();
        for &target in &ctx.live {
            let broker_epoch = self.ctx_broker_epoch(c, target);
            let msg = Msg::UpdateMetadata {
                controller_epoch: ctx.epoch,
                broker_epoch,
                leaders: leaders.clone(),
            };
            self.controller_send(c, target, msg);
        }
    }

    /// The `/brokers/ids` watch fired: handle brokers that died, then (once written) the
    /// ones that came back.
    fn on_broker_change(&mut self, c: usize, now: Vec<(BrokerId, u64)>) {
        let Some(ctx) = self.brokers[c].controller.clone() else {
            return;
        };
        // Before KIP-380 (2.2) the controller compares broker ids only: a bounce it reads
        // after both the old znode's deletion and the new registration goes unnoticed.
        let epochs = self.cfg.broker_epochs();
        let same = |a: u64, b: u64| !epochs || a == b;
        let known = |id: BrokerId, s: u64| {
            (ctx.live.iter().zip(&ctx.sessions)).any(|(&l, &ls)| l == id && same(ls, s))
        };
        let dead: Vec<BrokerId> = (ctx.live.iter().zip(&ctx.sessions))
            .filter(|&(&l, &s)| !now.iter().any(|&(n, ns)| n == l && same(ns, s)))
            .map(|(&l, _)| l)
            .collect();
        let born: Vec<BrokerId> = (now.iter())
            .filter(|&&(n, s)| !known(n, s))
            .map(|&(n, _)| n)
            .collect();
        if dead.is_empty() && born.is_empty() {
            return;
        }
        // Deaths first, with the dead (and bounced) brokers out of the live set and their
        // request channels closed (`removeBroker`; a bounced broker gets a new one).
        self.remove_channels(c, &dead);
        if let Some(x) = self.brokers[c].controller.as_mut() {
            let (live, sessions) = (x.live.iter().zip(&x.sessions))
                .filter(|(l, _)| !dead.contains(l))
                .unzip();
            (x.live, x.sessions) = (live, sessions);
            x.shutting_down.retain(|s| !dead.contains(s));
        }
        let mut batch = WriteBatch::default();
        for p in 0..self.known_partitions(c) {
            let z = self.cached(c, p).clone();
            if z.leader.is_some_and(|l| dead.contains(&l)) {
                if self.plan(c, &mut batch, p, Change::LeaderDied) {
                    batch.tell.push(p);
                }
                continue;
            }
            for &d in z.isr.iter().filter(|x| dead.contains(x)) {
                let change = Change::RemoveFromIsr(d, ShrinkReason::BrokerDead);
                if self.plan(c, &mut batch, p, change) && !batch.tell.contains(&p) {
                    batch.tell.push(p);
                }
            }
        }
        // Then (once written) starts: the new brokers learn their partitions.
        if !born.is_empty() {
            batch.then = Some(ControllerEvent::BrokersStarted(born, now));
        }
        self.write_or_finish(c, batch);
    }

    /// `onBrokerStartup`: the started brokers learn their partitions (LeaderAndIsr from the
    /// cache, no write), and partitions without a leader may get one.
    fn on_brokers_started(&mut self, c: usize, born: &[BrokerId], now: Vec<(BrokerId, u64)>) {
        let Some(x) = self.brokers[c].controller.as_mut() else {
            return;
        };
        (x.live, x.sessions) = now.into_iter().unzip();
        let ctx = x.clone();
        let mut batch = WriteBatch::default();
        for p in 0..self.known_partitions(c) {
            if !ctx.assignment[p as usize].iter().any(|x| born.contains(x))
                || ctx.deleting.iter().any(|(q, _)| *q == p)
            {
                continue;
            }
            if ctx.partitions[p as usize].leader.is_none() {
                self.plan(c, &mut batch, p, Change::Elect(ElectionReason::Clean));
            }
            batch.tell.push(p);
        }
        self.write_or_finish(c, batch);
        self.resume_deletions_on(c, born);
    }

    /// `isr_change_notification` or a started reassignment: complete a reassignment whose
    /// new replicas are all in the ISR.
    fn reassignment_check(&mut self, c: usize, p: PartIdx) {
        let Some(ctx) = self.brokers[c].controller.clone() else {
            return;
        };
        let Some((_, target)) = ctx.reassigning.iter().find(|(q, _)| *q == p).cloned() else {
            return;
        };
        let z = ctx.partitions[p as usize].clone();
        if !target.iter().all(|t| z.isr.contains(t)) {
            return;
        }
        let old = ctx.assignment[p as usize].clone();
        let leader_ok = z.leader.is_some_and(|l| target.contains(&l));
        let mut state = z.clone();
        state.isr.retain(|x| target.contains(x));
        let mut note = WriteNote::default();
        if !leader_ok {
            let live = |id: BrokerId| ctx.live.contains(&id);
            state.leader =
                election::offline_partition_leader(&target, &state.isr, &live, false).map(|x| x.0);
        }
        state.leader_epoch += 1;
        state.controller_epoch = ctx.epoch;
        let tp = self.parts[p as usize].tp.clone();
        if let (false, Some(l)) = (leader_ok, state.leader) {
            note.events.push(EventKind::LeaderElected {
                tp: tp.clone(),
                leader: l,
                epoch: state.leader_epoch,
                isr: state.isr.clone(),
                reason: ElectionReason::Reassignment,
            });
        }
        note.events.push(EventKind::ReassignmentCompleted {
            tp,
            replicas: target.clone(),
        });
        note.stop_replicas = old
            .iter()
            .copied()
            .filter(|o| !target.contains(o))
            .collect();
        note.completes_reassignment = true;
        note.redo
            .push(Redo::Event(ControllerEvent::ReassignmentCheck(p)));
        let mut batch = WriteBatch::default();
        batch.add(p, state, Some(target), note);
        batch.tell.push(p);
        self.write_or_finish(c, batch);
    }

    /// Starts a reassignment: AR = OAR + RAR until the new replicas are in sync.
    fn reassign(&mut self, c: usize, p: PartIdx, target: Vec<BrokerId>) {
        let Some(ctx) = self.brokers[c].controller.as_mut() else {
            return;
        };
        let Some(original) = ctx.assignment.get(p as usize).cloned() else {
            return;
        };
        let mut ar = original.clone();
        for t in &target {
            if !ar.contains(t) {
                ar.push(*t);
            }
        }
        ctx.reassigning.retain(|(q, _)| *q != p);
        ctx.reassigning.push((p, target.clone()));
        ctx.reassigning_from.retain(|(q, _)| *q != p);
        ctx.reassigning_from.push((p, original));
        // The leader learns the new replica set with a bumped epoch.
        let mut state = ctx.partitions[p as usize].clone();
        state.leader_epoch += 1;
        state.controller_epoch = ctx.epoch;
        let note = WriteNote {
            redo: vec![Redo::Event(ControllerEvent::Reassign(p, target))],
            ..WriteNote::default()
        };
        let mut batch = WriteBatch::default();
        batch.add(p, state, Some(ar), note);
        batch.tell.push(p);
        batch.then = Some(ControllerEvent::ReassignmentCheck(p));
        self.write_or_finish(c, batch);
    }

    /// `auto.leader.rebalance.enable`: preferred election for brokers whose imbalance
    /// exceeds `leader.imbalance.per.broker.percentage`, from the cache.
    fn rebalance_check(&mut self, c: usize) {
        let Some(ctx) = self.brokers[c].controller.as_ref() else {
            return;
        };
        let pct = self.cfg.leader_imbalance_per_broker_percentage;
        let mut todo = Vec::new();
        for b in self.brokers.iter().map(|b| b.id) {
            let preferred: Vec<PartIdx> = (0..ctx.partitions.len() as u32)
                .filter(|&p| ctx.assignment[p as usize].first() == Some(&b))
                .collect();
            if preferred.is_empty() {
                continue;
            }
            let not_led: Vec<PartIdx> = (preferred.iter().copied())
                .filter(|&p| ctx.partitions[p as usize].leader != Some(b))
                .collect();
            if (not_led.len() as u64) * 100 > pct * preferred.len() as u64 {
                todo.extend(not_led);
            }
        }
        if !todo.is_empty() {
            self.controller_process(c, ControllerEvent::Elect(todo, ElectionReason::Preferred));
        }
    }

    /// The rebalance timer fired on broker `c`.
    pub(crate) fn controller_rebalance_timer(&mut self, c: usize) {
        if self.brokers[c].controller.is_none() {
            return;
        }
        self.controller_event(c, ControllerEvent::RebalanceCheck);
        self.broker_timer(
            c,
            self.cfg.leader_imbalance_check_interval_ms,
            BrokerTimer::LeaderRebalance,
        );
    }

    /// A broker asks to shut down: move its leaderships away, drop it from ISRs, and answer
    /// once written.
    fn on_controlled_shutdown(&mut self, c: usize, broker: BrokerId, from: NodeId) {
        let Some(ctx) = self.brokers[c].controller.as_mut() else {
            return;
        };
        if !ctx.shutting_down.contains(&broker) {
            ctx.shutting_down.push(broker);
        }
        let mut batch = WriteBatch::default();
        for p in 0..self.known_partitions(c) {
            let z = self.cached(c, p).clone();
            let ar_len = self.brokers[c]
                .controller
                .as_ref()
                .expect("controller")
                .assignment[p as usize]
                .len();
            let planned = if z.leader == Some(broker) && ar_len > 1 {
                let change = Change::Elect(ElectionReason::ControlledShutdown);
                self.plan(c, &mut batch, p, change)
            } else if z.leader != Some(broker) && z.isr.contains(&broker) {
                let change = Change::RemoveFromIsr(broker, ShrinkReason::ControlledShutdown);
                self.plan(c, &mut batch, p, change)
            } else {
                false
            };
            if planned {
                batch.tell.push(p);
            }
        }
        batch.then = Some(ControllerEvent::ControlledShutdownReply(broker, from));
        self.write_or_finish(c, batch);
    }
}
