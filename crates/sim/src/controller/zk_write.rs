//! The controller's ZooKeeper writes as messages: a batch of conditional partition-state
//! writes (`KafkaZkClient.updateLeaderAndIsr`, zkVersion compare-and-set; from 2.1 each a
//! `MultiRequest` with a `CheckOp` on `/controller_epoch`, KAFKA-6082), sent and waited
//! for the way Kafka's controller thread waits; once written, the cache takes the new
//! states and the brokers are told. A write lost on the way is sent again.

use super::decide::Change;
use super::ControllerEvent;
use crate::broker::BrokerTimer;
use crate::events::EventKind;
use crate::ids::{BrokerId, NodeId};
use crate::invariants::ExpectedUnder;
use crate::net::msg::{Msg, PartIdx};
use crate::sim::Sim;
use crate::zk::{PartitionWrite, PartitionZnode, WriteOutcome};

/// What to do again when a write fails with BADVERSION (Kafka re-reads the state and
/// retries the partitions whose writes failed).
#[derive(Clone, Debug, PartialEq)]
pub enum Redo {
    /// Decide this change again on the fresh state.
    Plan(PartIdx, Change),
    /// Handle this event again.
    Event(ControllerEvent),
}

/// What follows one partition's write once it succeeds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WriteNote {
    /// Events recorded once written (leader elected, ISR shrink, ...).
    pub events: Vec<EventKind>,
    /// An unclean election (the partition may lose acknowledged messages: Kafka allows it).
    pub unclean: bool,
    /// What to do again on BADVERSION.
    pub redo: Vec<Redo>,
    /// Replicas told to stop (and delete) once written: a finished reassignment's old ones.
    pub stop_replicas: Vec<BrokerId>,
    /// Whether the write finishes the partition's reassignment.
    pub completes_reassignment: bool,
}

/// One batch of writes and what follows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WriteBatch {
    /// Its number (`ZkSetPartitionState`'s `req`).
    pub req: u64,
    /// The writes, one per partition.
    pub writes: Vec<PartitionWrite>,
    /// What follows each write, in the same order.
    pub notes: Vec<WriteNote>,
    /// Partitions to tell the brokers about once written.
    pub tell: Vec<PartIdx>,
    /// The event handled next, once written.
    pub then: Option<ControllerEvent>,
}

impl WriteBatch {
    /// The state the batch writes for `p`, if any.
    pub fn pending(&self, p: PartIdx) -> Option<&PartitionZnode> {
        self.writes.iter().find(|w| w.part == p).map(|w| &w.state)
    }

    /// Adds (or folds into the partition's earlier write) a write of `state`, which carries
    /// the zkVersion it expects to replace.
    pub fn add(
        &mut self,
        p: PartIdx,
        state: PartitionZnode,
        assignment: Option<Vec<BrokerId>>,
        note: WriteNote,
    ) {
        match self.writes.iter().position(|w| w.part == p) {
            Some(i) => {
                self.writes[i].state = state;
                if assignment.is_some() {
                    self.writes[i].assignment = assignment;
                }
                let n = &mut self.notes[i];
                n.events.extend(note.events);
                n.unclean |= note.unclean;
                n.redo.extend(note.redo);
                n.stop_replicas.extend(note.stop_replicas);
                n.completes_reassignment |= note.completes_reassignment;
            }
            None => {
                self.writes.push(PartitionWrite {
                    part: p,
                    state,
                    assignment,
                });
                self.notes.push(note);
            }
        }
    }
}

/// Whether ZooKeeper's `current` is exactly what `written` asked for: a write sent again
/// whose first copy went through (Kafka's `ReplicationUtils.checkLeaderAndIsrZkData`).
fn already_written(current: &PartitionZnode, written: &PartitionZnode) -> bool {
    current.version == written.version + 1
        && current.leader == written.leader
        && current.leader_epoch == written.leader_epoch
        && current.isr == written.isr
        && current.controller_epoch == written.controller_epoch
}

impl Sim {
    /// Sends `batch`'s writes and waits for them; with nothing to write, tells the brokers
    /// and goes on at once.
    pub(crate) fn write_or_finish(&mut self, c: usize, mut batch: WriteBatch) {
        if batch.writes.is_empty() {
            self.send_leader_and_isr(c, &batch.tell);
            if let Some(then) = batch.then {
                self.controller_process(c, then);
            }
            return;
        }
        let Some(ctx) = self.brokers[c].controller.as_mut() else {
            return;
        };
        batch.req = ctx.next_req;
        ctx.next_req += 1;
        ctx.writing = Some(batch);
        self.send_write(c);
    }

    /// Sends controller `c`'s batch in flight (again) and sets its retry timer.
    fn send_write(&mut self, c: usize) {
        let checked = self.cfg.controller_epoch_checked_writes();
        let Some(ctx) = self.brokers[c].controller.as_ref() else {
            return;
        };
        let Some(batch) = ctx.writing.as_ref() else {
            return;
        };
        let req = batch.req;
        let msg = Msg::ZkSetPartitionState {
            req,
            epoch_zk_version: checked.then_some(ctx.epoch_zk_version),
            writes: batch.writes.clone(),
        };
        let me = NodeId::Broker(self.brokers[c].id);
        self.send(me, NodeId::Zookeeper, msg);
        let every = (self.cfg.zookeeper_session_timeout_ms / 3).max(1);
        self.broker_timer(c, every, BrokerTimer::ZkWriteRetry { req });
    }

    /// No answer to write batch `req` yet: it is sent again (the ZooKeeper client retries
    /// until connected; `KafkaZkClient.retryRequestsUntilConnected`).
    pub(crate) fn controller_write_retry(&mut self, c: usize, req: u64) {
        let waiting = self.brokers[c]
            .controller
            .as_ref()
            .and_then(|x| x.writing.as_ref());
        if waiting.is_some_and(|w| w.req == req) {
            self.send_write(c);
        }
    }

    /// ZooKeeper answered write batch `req`.
    pub(crate) fn controller_write_result(&mut self, c: usize, req: u64, outcome: WriteOutcome) {
        let Some(ctx) = self.brokers[c].controller.as_mut() else {
            return;
        };
        if ctx.writing.as_ref().is_none_or(|w| w.req != req) {
            return;
        }
        let batch = ctx.writing.take().expect("checked");
        let epoch = ctx.epoch;
        let results = match outcome {
            // ControllerMovedException: another controller was elected; this one resigns.
            WriteOutcome::ControllerMoved => {
                let broker = self.brokers[c].id;
                self.emit(EventKind::ControllerMoved { broker, epoch });
                self.controller_resign(c);
                return;
            }
            WriteOutcome::Done(results) => results,
        };
        let mut tell = batch.tell.clone();
        let mut redo = Vec::new();
        let mut stops = Vec::new();
        for ((w, note), (p, result)) in batch.writes.iter().zip(batch.notes).zip(results) {
            let version = match result {
                Ok(v) => v,
                Err(current) if already_written(&current, &w.state) => current.version,
                Err(current) => {
                    // BADVERSION: the cache takes what ZooKeeper holds. Written by a newer
                    // controller: this one's change is dropped; else it is decided again.
                    let newer = current.controller_epoch > epoch;
                    self.cache_state(c, p, current, None);
                    tell.retain(|&q| q != p);
                    if !newer {
                        redo.extend(note.redo);
                    }
                    continue;
                }
            };
            let mut state = w.state.clone();
            (state.created, state.version) = (true, version);
            self.cache_state(c, p, state, w.assignment.clone());
            if note.unclean {
                self.note_unsafe_event(p, ExpectedUnder::UncleanElection);
            }
            for e in note.events {
                self.emit(e);
            }
            if note.completes_reassignment {
                if let Some(x) = self.brokers[c].controller.as_mut() {
                    x.reassigning.retain(|(q, _)| *q != p);
                    x.reassigning_from.retain(|(q, _)| *q != p);
                }
            }
            stops.extend(note.stop_replicas.into_iter().map(|o| (p, o)));
        }
        self.send_leader_and_isr(c, &tell);
        for (p, o) in stops {
            let broker_epoch = self.ctx_broker_epoch(c, o);
            let msg = Msg::StopReplica {
                controller_epoch: epoch,
                broker_epoch,
                part: p,
                delete: true,
            };
            self.controller_send(c, o, msg);
        }
        self.redo(c, redo, batch.then);
    }

    fn cache_state(
        &mut self,
        c: usize,
        p: PartIdx,
        state: PartitionZnode,
        assignment: Option<Vec<BrokerId>>,
    ) {
        if let Some(x) = self.brokers[c].controller.as_mut() {
            x.partitions[p as usize] = state;
            if let Some(ar) = assignment {
                x.assignment[p as usize] = ar;
            }
        }
    }

    /// Decides the failed writes again, then goes on with `then` and the queued events.
    fn redo(&mut self, c: usize, redo: Vec<Redo>, then: Option<ControllerEvent>) {
        let mut batch = WriteBatch::default();
        let mut events = Vec::new();
        for r in redo {
            match r {
                Redo::Plan(p, change) => {
                    if self.plan(c, &mut batch, p, change) && !batch.tell.contains(&p) {
                        batch.tell.push(p);
                    }
                }
                Redo::Event(e) => events.push(e),
            }
        }
        let Some(ctx) = self.brokers[c].controller.as_mut() else {
            return;
        };
        for e in then.into_iter().chain(events.into_iter().rev()) {
            ctx.queued.push_front(e);
        }
        if !batch.writes.is_empty() {
            self.write_or_finish(c, batch);
        }
        self.controller_drain(c);
    }
}
