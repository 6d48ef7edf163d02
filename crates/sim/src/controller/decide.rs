//! What the controller writes for one partition, decided on its cached view: the new
//! leader and ISR for an election (clean, unclean, preferred, controlled shutdown) or a
//! replica leaving the ISR, and the events it will record once the write succeeds.

use super::election::{
    controlled_shutdown_leader, offline_partition_leader, preferred_leader,
    remove_replicas_from_isr,
};
use super::{Redo, WriteBatch, WriteNote};
use crate::events::{ElectionReason, EventKind, ShrinkReason};
use crate::ids::BrokerId;
use crate::net::msg::PartIdx;
use crate::sim::Sim;

/// A change the controller is writing for one partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Elect a leader for this reason.
    Elect(ElectionReason),
    /// onBrokerFailure: the leader's broker died; elect a new one, or, with no live ISR
    /// member, take the dead out of the ISR one at a time.
    LeaderDied,
    /// Take a replica out of the ISR.
    RemoveFromIsr(BrokerId, ShrinkReason),
}

impl Sim {
    /// Plans `change` for partition `p` into `batch`, from what the batch already writes
    /// for `p` or else controller `c`'s cache; false if nothing changes.
    pub(crate) fn plan(
        &self,
        c: usize,
        batch: &mut WriteBatch,
        p: PartIdx,
        change: Change,
    ) -> bool {
        let Some(ctx) = self.brokers[c].controller.as_ref() else {
            return false;
        };
        let live = |id: BrokerId| ctx.live.contains(&id);
        // A partition created after its last read of ZooKeeper, which it has not heard of.
        let Some(ar) = ctx.assignment.get(p as usize) else {
            return false;
        };
        // A topic being deleted gets no new leader (`isTopicQueuedUpForDeletion`).
        if ctx.deleting.iter().any(|(q, _)| *q == p) {
            return false;
        }
        let unclean_cfg = self.topics[self.parts[p as usize].topic as usize]
            .cfg
            .unclean_leader_election_enable;
        let z = batch
            .pending(p)
            .unwrap_or(&ctx.partitions[p as usize])
            .clone();
        let tp = self.parts[p as usize].tp.clone();
        let mut note = WriteNote {
            redo: vec![Redo::Plan(p, change)],
            ..WriteNote::default()
        };
        let (leader, isr, reason) = match change {
            Change::Elect(ElectionReason::Initial) => {
                let isr: Vec<BrokerId> = ar.iter().copied().filter(|&x| live(x)).collect();
                (isr.first().copied(), isr, Some(ElectionReason::Initial))
            }
            Change::Elect(ElectionReason::Preferred) => match preferred_leader(ar, &z.isr, &live) {
                Some(l) if z.leader != Some(l) => {
                    (Some(l), z.isr.clone(), Some(ElectionReason::Preferred))
                }
                _ => return false,
            },
            Change::Elect(ElectionReason::ControlledShutdown) => {
                match controlled_shutdown_leader(ar, &z.isr, &live, &ctx.shutting_down) {
                    Some(l) => {
                        let isr = (z.isr.iter().copied())
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
                match offline_partition_leader(ar, &z.isr, &live, unclean_cfg || forced) {
                    Some((l, true)) => (Some(l), vec![l], Some(ElectionReason::Unclean)),
                    Some((l, false)) => {
                        let isr: Vec<BrokerId> =
                            z.isr.iter().copied().filter(|&x| live(x)).collect();
                        let reason = if forced {
                            ElectionReason::Clean
                        } else {
                            reason
                        };
                        (Some(l), isr, Some(reason))
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
            // Decided again on a state another (older, pre-2.1) controller wrote, the replica
            // may lead now: a dead leader is replaced, a shutting-down one moved away, any
            // other stays where it is.
            Change::RemoveFromIsr(r, _) if z.leader == Some(r) => {
                let instead = if !live(r) {
                    Change::LeaderDied
                } else if ctx.shutting_down.contains(&r) {
                    Change::Elect(ElectionReason::ControlledShutdown)
                } else {
                    return false;
                };
                return self.plan(c, batch, p, instead);
            }
            Change::RemoveFromIsr(r, why) => {
                if !z.isr.contains(&r) || z.isr.len() <= 1 {
                    return false;
                }
                let isr = z.isr.iter().copied().filter(|&x| x != r).collect();
                note.events.push(EventKind::IsrShrink {
                    tp: tp.clone(),
                    broker: r,
                    leader: z.leader.unwrap_or(r),
                    reason: why,
                });
                (z.leader, isr, None)
            }
        };
        let mut state = z;
        state.leader_epoch = if state.created {
            state.leader_epoch + 1
        } else {
            0
        };
        state.created = true;
        state.leader = leader;
        state.isr = isr.clone();
        state.controller_epoch = ctx.epoch;
        match (leader, reason) {
            (Some(l), Some(reason)) => {
                note.unclean = reason == ElectionReason::Unclean;
                note.events.push(EventKind::LeaderElected {
                    tp,
                    leader: l,
                    epoch: state.leader_epoch,
                    isr,
                    reason,
                });
            }
            (None, _) => note.events.push(EventKind::PartitionOffline { tp }),
            _ => {}
        }
        batch.add(p, state, None, note);
        true
    }
}
