//! How ZooKeeper answers: one handler for messages, one for its session timer. Each sees
//! only ZooKeeper's own tree and a read-only [`ZkCtx`], and writes what it wants done
//! (answers, watch notifications, timers, events) into an [`Outbox`] that `Sim` routes.

use super::{
    ClusterRead, PartitionWrite, PartitionZnode, Session, WriteOutcome, ZkCtx, ZkNode, ZkTimer,
};
use crate::engine::outbox::Outbox;
use crate::events::EventKind;
use crate::ids::{BrokerId, NodeId};
use crate::net::msg::{Msg, PartIdx};

/// What a ZooKeeper handler writes into.
pub type ZkOutbox = Outbox<ZkTimer>;

impl ZkNode {
    /// ZooKeeper handles a request from `from`.
    pub fn on_message(&mut self, ctx: &ZkCtx, from: NodeId, msg: Msg, out: &mut ZkOutbox) {
        let NodeId::Broker(id) = from else { return };
        let Some(b) = ctx.brokers.iter().position(|&x| x == id) else {
            return;
        };
        match msg {
            Msg::ZkRegister => {
                if self.sessions[b].is_some() {
                    // KafkaZkClient.registerBroker / checkedEphemeralCreate: the ephemeral
                    // `/brokers/ids/N` of the broker's older session lives until that session
                    // expires; creating it again fails with NodeExists, and nothing changes.
                    out.send(from, Msg::ZkNodeExists);
                    return;
                }
                let session = self.next_session;
                self.next_session += 1;
                self.sessions[b] = Some(Session {
                    id: session,
                    last_heard: ctx.now,
                });
                let check = ZkTimer::SessionCheck {
                    b: b as u32,
                    session,
                };
                out.set_timer(ctx.session_timeout_ms, check);
                out.emit(EventKind::BrokerRegistered { broker: id });
                out.send(from, Msg::ZkRegistered { session });
                self.notify_broker_change(ctx, out);
            }
            Msg::ZkPing { session } => match &mut self.sessions[b] {
                Some(s) if s.id == session => s.last_heard = ctx.now,
                _ => out.send(from, Msg::ZkSessionExpired { session }),
            },
            Msg::ZkCreateController { session } => {
                let valid = self.sessions[b].is_some_and(|s| s.id == session);
                let won = valid && self.controller.is_none();
                if won {
                    self.controller = Some((b, session));
                    self.controller_epoch += 1;
                    self.controller_epoch_version += 1;
                    out.emit(EventKind::ControllerElected {
                        broker: id,
                        epoch: self.controller_epoch,
                    });
                }
                let read = won.then(|| Box::new(self.cluster_read(ctx)));
                let epoch = self.controller_epoch;
                out.send(from, Msg::ZkControllerResult { epoch, read });
            }
            Msg::ZkGetController => {
                // The ephemeral `/controller` goes with its session, and so does the
                // controller's `/brokers/ids/N`: a controller here is also registered.
                let controller = self.controller.map(|(c, _)| ctx.brokers[c]);
                out.send(from, Msg::ZkGetControllerResult { controller });
            }
            Msg::ZkAlterIsr {
                part,
                epoch,
                isr,
                zk_version,
            } => {
                let z = &mut self.partitions[part as usize];
                // A conditional setData: it fails (BADVERSION) unless the znode is still at the
                // zkVersion the leader read, written for this leader and leader epoch.
                let new_version =
                    if z.version == zk_version && z.leader == Some(id) && z.leader_epoch == epoch {
                        z.isr = isr.clone();
                        z.version += 1;
                        Some(z.version)
                    } else {
                        None
                    };
                let result = Msg::ZkAlterIsrResult {
                    part,
                    epoch,
                    isr,
                    new_version,
                };
                out.send(from, result);
                if new_version.is_some() {
                    // isr_change_notification: the controller re-reads the state.
                    if let Some((c, _)) = self.controller {
                        let state = self.partitions[part as usize].clone();
                        let note = Msg::ZkIsrChange { part, state };
                        out.send(NodeId::Broker(ctx.brokers[c]), note);
                    }
                }
            }
            Msg::ZkSetPartitionState {
                req,
                epoch_zk_version,
                writes,
            } => {
                let outcome = self.set_partition_states(epoch_zk_version, writes, out);
                out.send(from, Msg::ZkSetPartitionStateResult { req, outcome });
            }
            // Conditional on `/controller_epoch` from 2.1, as the controller's other writes.
            Msg::ZkDeleteTopic {
                epoch_zk_version,
                parts,
            } if epoch_zk_version.is_none_or(|v| v == self.controller_epoch_version) => {
                self.delete_partitions(&parts, out);
            }
            Msg::ZkClose { session } if self.sessions[b].is_some_and(|s| s.id == session) => {
                self.delete_session(ctx, b, out);
            }
            _ => {}
        }
    }

    /// A controller's conditional writes. From 2.1 each is a `MultiRequest` whose
    /// `CheckOp` wants `/controller_epoch` at the zkVersion the controller read when it was
    /// elected (`KafkaZkClient.wrapRequestWithControllerEpochCheck`, KAFKA-6082): a deposed
    /// controller writes nothing. Before 2.1 only each znode's own zkVersion is checked.
    fn set_partition_states(
        &mut self,
        epoch_zk_version: Option<u32>,
        writes: Vec<PartitionWrite>,
        out: &mut ZkOutbox,
    ) -> WriteOutcome {
        if epoch_zk_version.is_some_and(|v| v != self.controller_epoch_version) {
            return WriteOutcome::ControllerMoved;
        }
        let mut results = Vec::with_capacity(writes.len());
        for w in writes {
            let z = &mut self.partitions[w.part as usize];
            if z.version != w.state.version {
                results.push((w.part, Err(z.clone())));
                continue;
            }
            *z = w.state;
            z.created = true;
            z.version += 1;
            results.push((w.part, Ok(z.version)));
            if let Some(ar) = w.assignment {
                self.assignment[w.part as usize] = ar;
            }
            out.partition_changed(w.part);
        }
        WriteOutcome::Done(results)
    }

    fn cluster_read(&self, ctx: &ZkCtx) -> ClusterRead {
        ClusterRead {
            brokers: self.registrations(ctx.brokers),
            partitions: self.partitions.clone(),
            assignment: self.assignment.clone(),
            epoch_zk_version: self.controller_epoch_version,
            deleting: self.deleting.clone(),
        }
    }

    /// A session check fires: the session expires if nothing was heard for the session
    /// timeout, else the check is set again for its new deadline.
    pub fn on_timer(&mut self, ctx: &ZkCtx, timer: ZkTimer, out: &mut ZkOutbox) {
        let ZkTimer::SessionCheck { b, session } = timer;
        let b = b as usize;
        let Some(s) = self.sessions[b] else { return };
        if s.id != session {
            return;
        }
        let deadline = s.last_heard + ctx.session_timeout_ms;
        if ctx.now >= deadline {
            out.emit(EventKind::SessionExpired {
                broker: ctx.brokers[b],
            });
            self.delete_session(ctx, b, out);
        } else {
            out.set_timer(deadline - ctx.now, timer);
        }
    }

    /// An admin client writes the assignments of new partitions (`AdminZkClient.
    /// createTopicWithAssignment` for a topic, `writeTopicPartitionAssignment` for added
    /// partitions); the controller's topic watch fires with them. `added` continues the
    /// partition indices: its first index is the number of partitions the tree holds.
    pub fn admin_add_partitions(
        &mut self,
        ctx: &ZkCtx,
        added: Vec<(PartIdx, Vec<BrokerId>)>,
        out: &mut ZkOutbox,
    ) {
        for (p, replicas) in &added {
            debug_assert_eq!(*p as usize, self.assignment.len(), "indices continue");
            self.assignment.push(replicas.clone());
            self.partitions.push(PartitionZnode::not_created());
        }
        if let Some((c, _)) = self.controller {
            out.send(NodeId::Broker(ctx.brokers[c]), Msg::ZkTopicChange { added });
        }
    }

    /// An admin client marks a topic for deletion (`/admin/delete_topics/T`); the
    /// controller's watch fires with its partitions.
    pub fn admin_delete_topic(&mut self, ctx: &ZkCtx, parts: Vec<PartIdx>, out: &mut ZkOutbox) {
        for &p in &parts {
            if !self.deleting.contains(&p) {
                self.deleting.push(p);
            }
        }
        if let Some((c, _)) = self.controller {
            out.send(
                NodeId::Broker(ctx.brokers[c]),
                Msg::ZkTopicDeletion { parts },
            );
        }
    }

    /// The controller removes deleted partitions (`/brokers/topics/T`, their states and
    /// `/admin/delete_topics/T`); a partition not marked for deletion is left alone.
    fn delete_partitions(&mut self, parts: &[PartIdx], out: &mut ZkOutbox) {
        for &p in parts {
            if !self.deleting.contains(&p) {
                continue;
            }
            self.deleting.retain(|&x| x != p);
            self.assignment[p as usize].clear();
            let z = &mut self.partitions[p as usize];
            *z = PartitionZnode {
                version: z.version + 1,
                ..PartitionZnode::not_created()
            };
            out.partition_changed(p);
        }
    }

    /// Deletes broker index `b`'s session and its ephemeral nodes; the watches fire.
    fn delete_session(&mut self, ctx: &ZkCtx, b: usize, out: &mut ZkOutbox) {
        self.sessions[b] = None;
        if self.controller.is_some_and(|(c, _)| c == b) {
            self.controller = None;
            for (i, s) in self.sessions.iter().enumerate() {
                if s.is_some() {
                    out.send(NodeId::Broker(ctx.brokers[i]), Msg::ZkControllerGone);
                }
            }
        }
        self.notify_broker_change(ctx, out);
    }

    /// The controller's `/brokers/ids` watch fires.
    fn notify_broker_change(&self, ctx: &ZkCtx, out: &mut ZkOutbox) {
        if let Some((c, _)) = self.controller {
            let brokers = self.registrations(ctx.brokers);
            out.send(
                NodeId::Broker(ctx.brokers[c]),
                Msg::ZkBrokerChange { brokers },
            );
        }
    }
}
