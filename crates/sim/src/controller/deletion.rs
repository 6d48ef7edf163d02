//! Topic deletion (Kafka's `TopicDeletionManager`, ZooKeeper mode). The `/admin/delete_topics`
//! watch queues a topic's partitions; the controller stops electing leaders for them, tells
//! every broker they have no leader (UpdateMetadata), and sends each live replica a
//! StopReplica with delete. A replica on a dead broker is ineligible until the broker
//! starts again. Once every replica of the topic has answered, the controller removes the
//! topic from ZooKeeper; a controller elected meanwhile reads `/admin/delete_topics` and
//! carries on.

use super::ControllerEvent;
use crate::events::EventKind;
use crate::ids::{BrokerId, NodeId};
use crate::net::msg::{Msg, PartIdx};
use crate::sim::Sim;

impl Sim {
    /// `enqueueTopicsForDeletion` then `onTopicDeletion` for `parts`.
    pub(crate) fn on_topic_deletion(&mut self, c: usize, parts: Vec<PartIdx>) {
        let Some(ctx) = self.brokers[c].controller.as_mut() else {
            return;
        };
        let mut started = Vec::new();
        for p in parts {
            let Some(replicas) = ctx.assignment.get(p as usize) else {
                continue;
            };
            if replicas.is_empty() || ctx.deleting.iter().any(|(q, _)| *q == p) {
                continue;
            }
            ctx.deleting.push((p, replicas.clone()));
            ctx.reassigning.retain(|(q, _)| *q != p);
            ctx.reassigning_from.retain(|(q, _)| *q != p);
            started.push(p);
        }
        if started.is_empty() {
            return;
        }
        self.send_update_metadata(c);
        for p in started {
            let live: Vec<BrokerId> = (self.brokers[c].controller.as_ref())
                .map(|ctx| ctx.assignment[p as usize].clone())
                .unwrap_or_default();
            for replica in live {
                self.send_stop_replica_delete(c, replica, p);
            }
        }
        self.complete_deletions(c);
    }

    /// `ReplicaDeletionStarted`: StopReplica with delete to `replica` (a broker outside the
    /// live set has no channel, and is asked again when it starts).
    pub(crate) fn send_stop_replica_delete(&mut self, c: usize, replica: BrokerId, p: PartIdx) {
        let Some(ctx) = self.brokers[c].controller.as_ref() else {
            return;
        };
        let msg = Msg::StopReplica {
            controller_epoch: ctx.epoch,
            broker_epoch: self.ctx_broker_epoch(c, replica),
            part: p,
            delete: true,
        };
        self.controller_send(c, replica, msg);
    }

    /// `ReplicaDeletionSuccessful`: `replica` answered a StopReplica with delete for `p`.
    pub(crate) fn replica_deletion_done(&mut self, c: usize, replica: BrokerId, p: PartIdx) {
        let Some(ctx) = self.brokers[c].controller.as_mut() else {
            return;
        };
        if let Some((_, pending)) = ctx.deleting.iter_mut().find(|(q, _)| *q == p) {
            pending.retain(|&r| r != replica);
        }
        self.complete_deletions(c);
    }

    /// `completeDeleteTopic` for each topic whose replicas are all deleted: ZooKeeper
    /// removes it, the controller forgets it.
    fn complete_deletions(&mut self, c: usize) {
        loop {
            let Some(ctx) = self.brokers[c].controller.as_ref() else {
                return;
            };
            let topic_of = |p: PartIdx| self.parts[p as usize].topic;
            let done = (ctx.deleting.iter()).map(|(p, _)| topic_of(*p)).find(|&t| {
                (ctx.deleting.iter())
                    .filter(|(p, _)| topic_of(*p) == t)
                    .all(|(_, pending)| pending.is_empty())
            });
            let Some(topic) = done else { return };
            let parts: Vec<PartIdx> = (ctx.deleting.iter())
                .map(|(p, _)| *p)
                .filter(|&p| topic_of(p) == topic)
                .collect();
            let checked = self.cfg.controller_epoch_checked_writes();
            let epoch_zk_version = checked.then_some(ctx.epoch_zk_version);
            let ctx = self.brokers[c].controller.as_mut().expect("controller");
            ctx.deleting.retain(|(p, _)| !parts.contains(p));
            for &p in &parts {
                ctx.assignment[p as usize].clear();
                ctx.partitions[p as usize].leader = None;
                ctx.partitions[p as usize].isr.clear();
            }
            let me = NodeId::Broker(self.brokers[c].id);
            let msg = Msg::ZkDeleteTopic {
                epoch_zk_version,
                parts,
            };
            self.send(me, NodeId::Zookeeper, msg);
            let name = self.topics[topic as usize].name.clone();
            self.emit(EventKind::TopicDeleted { topic: name });
        }
    }

    /// A broker that started again holds replicas still to delete: it is asked now.
    pub(crate) fn resume_deletions_on(&mut self, c: usize, born: &[BrokerId]) {
        let Some(ctx) = self.brokers[c].controller.as_ref() else {
            return;
        };
        let asks: Vec<(BrokerId, PartIdx)> = (ctx.deleting.iter())
            .flat_map(|(p, pending)| pending.iter().map(move |&r| (r, *p)))
            .filter(|(r, _)| born.contains(r))
            .collect();
        for (replica, p) in asks {
            self.send_stop_replica_delete(c, replica, p);
        }
    }

    /// Controller `c` was elected while topics were marked for deletion.
    pub(crate) fn resume_deletions_after_election(&mut self, c: usize, parts: Vec<PartIdx>) {
        if !parts.is_empty() {
            self.controller_event(c, ControllerEvent::TopicDeletion(parts));
        }
    }
}
