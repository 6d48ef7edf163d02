//! The controller (ZooKeeper mode): elected through `/controller`, it tracks live
//! brokers, elects leaders (clean, unclean, preferred, controlled shutdown,
//! reassignment), writes partition state and tells brokers with LeaderAndIsr and
//! UpdateMetadata requests over the network.

pub mod channel;
pub mod election;

use crate::broker::BrokerTimer;
use crate::events::{ElectionReason, EventKind, ShrinkReason};
use crate::ids::{BrokerId, NodeId};
use crate::invariants::ExpectedUnder;
use crate::net::msg::{LeaderAndIsrPart, Msg, PartIdx};
use crate::sim::Sim;
use election::{
    controlled_shutdown_leader, offline_partition_leader, preferred_leader,
    remove_replicas_from_isr,
};

/// What the controller keeps in memory.
#[derive(Clone, Debug, PartialEq)]
pub struct ControllerCtx {
    /// Controller epoch it won.
    pub epoch: u32,
    /// Brokers it considers alive.
    pub live: Vec<BrokerId>,
    /// Their ZooKeeper sessions (KIP-380's broker epochs), one per `live` entry. From 2.2
    /// a broker that re-registered with a new session bounced, and is handled as a death
    /// then a start; every controller request carries the receiver's epoch.
    pub sessions: Vec<u64>,
    /// For each reassignment in progress, the replicas the partition had when it started
    /// (OAR), which `kafka-topics.sh --describe` shows apart from the ones being added.
    pub reassigning_from: Vec<(PartIdx, Vec<BrokerId>)>,
    /// Brokers in controlled shutdown.
    pub shutting_down: Vec<BrokerId>,
    /// Reassignments in progress: partition → target replicas (RAR).
    pub reassigning: Vec<(PartIdx, Vec<BrokerId>)>,
    /// One request channel per live broker it has sent to (`ControllerChannelManager`).
    pub channels: Vec<channel::RequestChannel>,
}

/// A change the controller is writing for one partition.
enum Change {
    Elect(ElectionReason),
    /// onBrokerFailure: the leader's broker died; elect a new one, or, with no live ISR
    /// member, take the dead out of the ISR one at a time.
    LeaderDied,
    RemoveFromIsr(BrokerId, ShrinkReason),
}

impl Sim {
    /// Whether broker `b` can write to ZooKeeper as the controller right now:
    /// it owns `/controller` and its link to ZooKeeper is up both ways.
    fn zk_controller_can_write(&self, b: usize) -> bool {
        let id = NodeId::Broker(self.brokers[b].id);
        self.zk.controller.is_some_and(|(c, _)| c == b)
            && !self.net.is_cut(id, NodeId::Zookeeper)
            && !self.net.is_cut(NodeId::Zookeeper, id)
    }

    /// The broker index that currently acts as controller (owns `/controller` and has a context).
    pub(crate) fn active_controller(&self) -> Option<usize> {
        self.zk
            .controller
            .map(|(c, _)| c)
            .filter(|&c| self.brokers[c].controller.is_some())
    }

    /// Broker `b` won `/controller`: load state, elect leaders where needed, tell everyone.
    pub(crate) fn controller_failover(&mut self, b: usize, epoch: u32) {
        let (live, sessions) = self.registered_brokers();
        self.brokers[b].controller = Some(ControllerCtx {
            epoch,
            live,
            sessions,
            reassigning_from: Vec::new(),
            shutting_down: Vec::new(),
            reassigning: Vec::new(),
            channels: Vec::new(),
        });
        self.brokers[b].controller_epoch_seen = self.brokers[b].controller_epoch_seen.max(epoch);
        let mut changed = Vec::new();
        for p in 0..self.parts.len() as u32 {
            let z = &self.zk.partitions[p as usize];
            let leader_live = z.leader.is_some_and(|l| self.ctx_live(b, l));
            if !z.created || !leader_live {
                let reason = if z.created {
                    ElectionReason::Clean
                } else {
                    ElectionReason::Initial
                };
                self.controller_change(b, p, Change::Elect(reason));
            } else {
                // ReplicaStateMachine.startup: replicas on dead brokers go OfflineReplica (out of the ISR).
                let dead: Vec<BrokerId> = z
                    .isr
                    .iter()
                    .copied()
                    .filter(|&x| !self.ctx_live(b, x))
                    .collect();
                for d in dead {
                    self.controller_change(
                        b,
                        p,
                        Change::RemoveFromIsr(d, ShrinkReason::BrokerDead),
                    );
                }
            }
            changed.push(p);
        }
        self.send_leader_and_isr(b, &changed);
        if self.cfg.auto_leader_rebalance_enable {
            self.broker_timer(
                b,
                self.cfg.leader_imbalance_check_interval_ms,
                BrokerTimer::LeaderRebalance,
            );
        }
    }

    fn registered_brokers(&self) -> (Vec<BrokerId>, Vec<u64>) {
        (0..self.brokers.len())
            .filter_map(|i| self.zk.sessions[i].map(|s| (self.brokers[i].id, s.id)))
            .unzip()
    }

    /// Broker `b` stops acting as controller.
    pub(crate) fn controller_resign(&mut self, b: usize) {
        self.brokers[b].controller = None;
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

    /// Applies one change to a partition's state znode (conditional on still owning `/controller`).
    fn controller_change(&mut self, c: usize, p: PartIdx, change: Change) -> bool {
        if !self.zk_controller_can_write(c) {
            self.controller_resign(c);
            return false;
        }
        let ctx = self.brokers[c].controller.clone().expect("controller");
        let live = |id: BrokerId| ctx.live.contains(&id);
        let ar = self.zk.assignment[p as usize].clone();
        let unclean_cfg = self.topics[self.parts[p as usize].topic as usize]
            .cfg
            .unclean_leader_election_enable;
        let z = self.zk.partitions[p as usize].clone();
        let tp = self.parts[p as usize].tp.clone();
        let (leader, isr, reason) = match change {
            Change::Elect(ElectionReason::Initial) => {
                let isr: Vec<BrokerId> = ar.iter().copied().filter(|&x| live(x)).collect();
                (isr.first().copied(), isr, Some(ElectionReason::Initial))
            }
            Change::Elect(ElectionReason::Preferred) => {
                match preferred_leader(&ar, &z.isr, &live) {
                    Some(l) if z.leader != Some(l) => {
                        (Some(l), z.isr.clone(), Some(ElectionReason::Preferred))
                    }
                    _ => return false,
                }
            }
            Change::Elect(ElectionReason::ControlledShutdown) => {
                match controlled_shutdown_leader(&ar, &z.isr, &live, &ctx.shutting_down) {
                    Some(l) => {
                        let isr = z
                            .isr
                            .iter()
                            .copied()
                            .filter(|x| !ctx.shutting_down.contains(x))
                            .collect();
                        (Some(l), isr, Some(ElectionReason::ControlledShutdown))
                    }
                    None => return false,
                }
            }
            change @ (Change::Elect(_) | Change::LeaderDied) => {
                let (reason, on_failure) = match change {
                    Change::Elect(reason) => (reason, false),
                    _ => (ElectionReason::Clean, true),
                };
                let forced = reason == ElectionReason::Unclean;
                match offline_partition_leader(&ar, &z.isr, &live, unclean_cfg || forced) {
                    Some((l, true)) => (Some(l), vec![l], Some(ElectionReason::Unclean)),
                    Some((l, false)) => {
                        let isr: Vec<BrokerId> =
                            z.isr.iter().copied().filter(|&x| live(x)).collect();
                        (
                            Some(l),
                            isr,
                            Some(if forced {
                                ElectionReason::Clean
                            } else {
                                reason
                            }),
                        )
                    }
                    None => {
                        // No live ISR member: no leader. On a failure the dead are removed
                        // from the ISR one at a time, never the last (doRemoveReplicasFromIsr);
                        // otherwise (a new controller, a startup) the ISR stays as it is.
                        let dead: Vec<BrokerId> =
                            z.isr.iter().copied().filter(|&x| !live(x)).collect();
                        let isr = if on_failure {
                            remove_replicas_from_isr(&z.isr, &dead)
                        } else {
                            z.isr.clone()
                        };
                        if z.created && z.leader.is_none() && isr == z.isr {
                            return false;
                        }
                        (None, isr, None)
                    }
                }
            }
            Change::RemoveFromIsr(r, why) => {
                if !z.isr.contains(&r) || z.isr.len() <= 1 {
                    return false;
                }
                let isr = z.isr.iter().copied().filter(|&x| x != r).collect();
                self.emit(EventKind::IsrShrink {
                    tp: tp.clone(),
                    broker: r,
                    leader: z.leader.unwrap_or(r),
                    reason: why,
                });
                (z.leader, isr, None)
            }
        };
        let zn = &mut self.zk.partitions[p as usize];
        zn.leader_epoch = if zn.created { zn.leader_epoch + 1 } else { 0 };
        zn.created = true;
        zn.leader = leader;
        zn.isr = isr.clone();
        zn.controller_epoch = ctx.epoch;
        zn.version += 1;
        let epoch = zn.leader_epoch;
        match (leader, reason) {
            (Some(l), Some(reason)) => {
                if reason == ElectionReason::Unclean {
                    self.note_unsafe_event(p, ExpectedUnder::UncleanElection);
                }
                self.emit(EventKind::LeaderElected {
                    tp,
                    leader: l,
                    epoch,
                    isr,
                    reason,
                });
            }
            (None, _) => self.emit(EventKind::PartitionOffline { tp }),
            _ => {}
        }
        self.touch(p);
        true
    }

    /// Sends LeaderAndIsr for `parts` to their live replicas and UpdateMetadata to every live broker.
    fn send_leader_and_isr(&mut self, c: usize, parts: &[PartIdx]) {
        let Some(ctx) = self.brokers[c].controller.clone() else {
            return;
        };
        for &target in &ctx.live {
            let mut lps = Vec::new();
            for &p in parts {
                let ar = &self.zk.assignment[p as usize];
                if !ar.contains(&target) {
                    continue;
                }
                let z = &self.zk.partitions[p as usize];
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
        let leaders: Vec<_> = (0..self.parts.len())
            .map(|p| {
                let z = &self.zk.partitions[p];
                let l = z.leader.filter(|l| ctx.live.contains(l));
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

    /// The `/brokers/ids` watch fired: handle brokers that died or came back.
    pub(crate) fn controller_on_broker_change(&mut self, c: usize) {
        let Some(ctx) = self.brokers[c].controller.clone() else {
            return;
        };
        if !self.zk_controller_can_write(c) {
            self.controller_resign(c);
            return;
        }
        let (now_live, now_sessions) = self.registered_brokers();
        // Before KIP-380 (2.2) the controller compares broker ids only: a bounce it reads
        // after both the old znode's deletion and the new registration goes unnoticed.
        let epochs = self.cfg.broker_epochs();
        let same = |a: u64, b: u64| !epochs || a == b;
        let known = |id: BrokerId, s: u64| {
            ctx.live
                .iter()
                .zip(&ctx.sessions)
                .any(|(&l, &ls)| l == id && same(ls, s))
        };
        let dead: Vec<BrokerId> = ctx
            .live
            .iter()
            .zip(&ctx.sessions)
            .filter(|&(&l, &s)| {
                !now_live
                    .iter()
                    .zip(&now_sessions)
                    .any(|(&n, &ns)| n == l && same(ns, s))
            })
            .map(|(&l, _)| l)
            .collect();
        let born: Vec<BrokerId> = now_live
            .iter()
            .zip(&now_sessions)
            .filter(|&(&n, &s)| !known(n, s))
            .map(|(&n, _)| n)
            .collect();
        if dead.is_empty() && born.is_empty() {
            return;
        }
        // Deaths first, with the dead (and bounced) brokers out of the live set and their
        // request channels closed (`removeBroker`; a bounced broker gets a new one).
        self.remove_channels(c, &dead);
        if let Some(x) = self.brokers[c].controller.as_mut() {
            let (live, sessions) = x
                .live
                .iter()
                .zip(&x.sessions)
                .filter(|(l, _)| !dead.contains(l))
                .unzip();
            (x.live, x.sessions) = (live, sessions);
            x.shutting_down.retain(|s| !dead.contains(s));
        }
        let mut changed = Vec::new();
        for p in 0..self.parts.len() as u32 {
            let z = self.zk.partitions[p as usize].clone();
            if z.leader.is_some_and(|l| dead.contains(&l)) {
                if self.controller_change(c, p, Change::LeaderDied) {
                    changed.push(p);
                }
                continue;
            }
            for &d in z.isr.iter().filter(|x| dead.contains(x)) {
                if self.controller_change(c, p, Change::RemoveFromIsr(d, ShrinkReason::BrokerDead))
                    && !changed.contains(&p)
                {
                    changed.push(p);
                }
            }
        }
        self.send_leader_and_isr(c, &changed);
        // Then starts: the new brokers learn their partitions; offline ones may get a leader.
        if let Some(x) = self.brokers[c].controller.as_mut() {
            x.live = now_live;
            x.sessions = now_sessions;
        }
        let mut changed = Vec::new();
        for p in 0..self.parts.len() as u32 {
            let z = self.zk.partitions[p as usize].clone();
            let ar = self.zk.assignment[p as usize].clone();
            if !ar.iter().any(|x| born.contains(x)) {
                continue;
            }
            if z.leader.is_none() {
                self.controller_change(c, p, Change::Elect(ElectionReason::Clean));
            }
            changed.push(p);
        }
        self.send_leader_and_isr(c, &changed);
    }

    /// `isr_change_notification`: check reassignments waiting for their new replicas.
    pub(crate) fn controller_on_isr_change(&mut self, c: usize, p: PartIdx) {
        let Some(ctx) = self.brokers[c].controller.clone() else {
            return;
        };
        let Some((_, target)) = ctx.reassigning.iter().find(|(q, _)| *q == p).cloned() else {
            return;
        };
        let z = self.zk.partitions[p as usize].clone();
        if !target.iter().all(|t| z.isr.contains(t)) || !self.zk_controller_can_write(c) {
            return;
        }
        let old = std::mem::replace(&mut self.zk.assignment[p as usize], target.clone());
        if let Some(x) = self.brokers[c].controller.as_mut() {
            x.reassigning.retain(|(q, _)| *q != p);
            x.reassigning_from.retain(|(q, _)| *q != p);
        }
        let leader_ok = z.leader.is_some_and(|l| target.contains(&l));
        let zn = &mut self.zk.partitions[p as usize];
        zn.isr.retain(|x| target.contains(x));
        if !leader_ok {
            let isr = zn.isr.clone();
            let live = |id: BrokerId| ctx.live.contains(&id);
            zn.leader = offline_partition_leader(&target, &isr, &live, false).map(|x| x.0);
        }
        zn.leader_epoch += 1;
        zn.version += 1;
        zn.controller_epoch = ctx.epoch;
        let (leader, epoch, isr) = (zn.leader, zn.leader_epoch, zn.isr.clone());
        let tp = self.parts[p as usize].tp.clone();
        if !leader_ok {
            if let Some(l) = leader {
                self.emit(EventKind::LeaderElected {
                    tp: tp.clone(),
                    leader: l,
                    epoch,
                    isr,
                    reason: ElectionReason::Reassignment,
                });
            }
        }
        self.send_leader_and_isr(c, &[p]);
        for o in old.iter().filter(|o| !target.contains(o)) {
            let broker_epoch = self.ctx_broker_epoch(c, *o);
            let msg = Msg::StopReplica {
                controller_epoch: ctx.epoch,
                broker_epoch,
                part: p,
                delete: true,
            };
            self.controller_send(c, *o, msg);
        }
        self.emit(EventKind::ReassignmentCompleted {
            tp,
            replicas: target,
        });
        self.touch(p);
    }

    /// Starts a reassignment: AR = OAR + RAR until the new replicas are in sync.
    pub(crate) fn controller_reassign(&mut self, c: usize, p: PartIdx, target: Vec<BrokerId>) {
        if !self.zk_controller_can_write(c) {
            return;
        }
        let original = self.zk.assignment[p as usize].clone();
        let mut ar = original.clone();
        for t in &target {
            if !ar.contains(t) {
                ar.push(*t);
            }
        }
        self.zk.assignment[p as usize] = ar;
        if let Some(x) = self.brokers[c].controller.as_mut() {
            x.reassigning.retain(|(q, _)| *q != p);
            x.reassigning.push((p, target));
            x.reassigning_from.retain(|(q, _)| *q != p);
            x.reassigning_from.push((p, original));
        }
        // The leader learns the new replica set with a bumped epoch.
        let zn = &mut self.zk.partitions[p as usize];
        zn.leader_epoch += 1;
        zn.version += 1;
        self.send_leader_and_isr(c, &[p]);
        self.controller_on_isr_change(c, p);
    }

    /// Preferred (or forced unclean) election for the given partitions.
    pub(crate) fn controller_elect(&mut self, c: usize, parts: &[PartIdx], reason: ElectionReason) {
        let mut changed = Vec::new();
        for &p in parts {
            if self.controller_change(c, p, Change::Elect(reason)) {
                changed.push(p);
            }
        }
        self.send_leader_and_isr(c, &changed);
    }

    /// `auto.leader.rebalance.enable`: preferred election for brokers whose imbalance
    /// exceeds `leader.imbalance.per.broker.percentage`.
    pub(crate) fn controller_rebalance_check(&mut self, c: usize) {
        if self.brokers[c].controller.is_none() {
            return;
        }
        let pct = self.cfg.leader_imbalance_per_broker_percentage;
        let mut todo = Vec::new();
        for b in self.brokers.iter().map(|b| b.id).collect::<Vec<_>>() {
            let preferred: Vec<PartIdx> = (0..self.parts.len() as u32)
                .filter(|&p| self.zk.assignment[p as usize].first() == Some(&b))
                .collect();
            if preferred.is_empty() {
                continue;
            }
            let not_led: Vec<PartIdx> = preferred
                .iter()
                .copied()
                .filter(|&p| self.zk.partitions[p as usize].leader != Some(b))
                .collect();
            if (not_led.len() as u64) * 100 > pct * preferred.len() as u64 {
                todo.extend(not_led);
            }
        }
        if !todo.is_empty() {
            self.controller_elect(c, &todo, ElectionReason::Preferred);
        }
        self.broker_timer(
            c,
            self.cfg.leader_imbalance_check_interval_ms,
            BrokerTimer::LeaderRebalance,
        );
    }

    /// A broker asks to shut down: move its leaderships away, drop it from ISRs.
    pub(crate) fn controller_on_controlled_shutdown(
        &mut self,
        c: usize,
        broker: BrokerId,
        from: NodeId,
    ) {
        let Some(ctx) = self.brokers[c].controller.as_mut() else {
            return;
        };
        if !ctx.shutting_down.contains(&broker) {
            ctx.shutting_down.push(broker);
        }
        let mut changed = Vec::new();
        for p in 0..self.parts.len() as u32 {
            let z = self.zk.partitions[p as usize].clone();
            if z.leader == Some(broker) && self.zk.assignment[p as usize].len() > 1 {
                if self.controller_change(c, p, Change::Elect(ElectionReason::ControlledShutdown)) {
                    changed.push(p);
                }
            } else if z.leader != Some(broker)
                && z.isr.contains(&broker)
                && self.controller_change(
                    c,
                    p,
                    Change::RemoveFromIsr(broker, ShrinkReason::ControlledShutdown),
                )
            {
                changed.push(p);
            }
        }
        self.send_leader_and_isr(c, &changed);
        let remaining = self
            .zk
            .partitions
            .iter()
            .filter(|z| z.leader == Some(broker))
            .count() as u32;
        let me = NodeId::Broker(self.brokers[c].id);
        self.send(me, from, Msg::ControlledShutdownResponse { remaining });
    }
}
