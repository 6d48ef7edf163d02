//! Produce on the leader: `min.insync.replicas` checked before the append for acks=all
//! (NOT_ENOUGH_REPLICAS), idempotent de-duplication by producer id and sequence, the
//! append, and the delayed produce that answers when the HW passes the batch
//! (NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR is then below the minimum;
//! REQUEST_TIMED_OUT after the request timeout). Kafka: DelayedProduce.scala,
//! Partition.checkEnoughReplicasReachOffset.

use super::log::RecordData;
use super::producer_state::SequenceCheck;
use super::replica::Role;
use super::{BrokerTimer, DelayedProduce};
use crate::action::Acks;
use crate::config::Protocol;
use crate::events::{EventKind, KafkaError, NeverAppendedCause};
use crate::ids::{NodeId, Offset};
use crate::net::msg::{Msg, PartIdx};
use crate::sim::Sim;

/// A Produce request as the leader handles it: who sent it and its header fields (the
/// records travel apart).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ProduceRequest {
    /// The producer.
    pub from: NodeId,
    /// The request's correlation id.
    pub req: u64,
    /// Partition.
    pub part: PartIdx,
    /// `acks`.
    pub acks: Acks,
    /// How long an acks=all request may wait for the ISR.
    pub timeout_ms: u64,
}

impl Sim {
    /// Leader `b` receives a Produce request and its records.
    pub(crate) fn handle_produce(
        &mut self,
        b: usize,
        rq: ProduceRequest,
        mut records: Vec<RecordData>,
    ) {
        let ProduceRequest {
            from,
            req,
            part: p,
            acks,
            ..
        } = rq;
        let me = self.brokers[b].id;
        let reply = |sim: &mut Sim, result: Result<Offset, KafkaError>| {
            if acks != Acks::None {
                sim.send(
                    NodeId::Broker(me),
                    from,
                    Msg::ProduceResponse {
                        req,
                        part: p,
                        result,
                    },
                );
            }
        };
        let leads = self.brokers[b].replicas[p as usize]
            .as_ref()
            .is_some_and(|r| matches!(r.role, Role::Leader(_)));
        if !leads {
            if acks == Acks::None {
                // Kafka answers nothing to acks=0: the records are silently gone.
                let cause = NeverAppendedCause::Refused(KafkaError::NOT_LEADER_OR_FOLLOWER);
                self.acks0_never_appended(p, &records, cause);
            }
            return reply(self, Err(KafkaError::NOT_LEADER_OR_FOLLOWER));
        }
        let min_isr = self.effective_min_isr(b, p);
        let r = self.brokers[b].replicas[p as usize]
            .as_mut()
            .expect("checked");
        let Role::Leader(st) = &r.role else { return };
        // Partition.appendRecordsToLeader: refused before the append.
        if acks == Acks::All && (st.isr.len() as u32) < min_isr {
            return reply(self, Err(KafkaError::NOT_ENOUGH_REPLICAS));
        }
        if let (Some(first), Some(last)) = (records.first().copied(), records.last()) {
            if first.producer_id != 0 {
                // ProducerStateManager: a duplicate matches a cached batch on its first and
                // last sequence; a new batch must carry the next sequence.
                match r
                    .producer_state
                    .check(first.producer_id, first.seq, last.seq)
                {
                    SequenceCheck::Duplicate(base) => {
                        // The duplicate is answered with the original batch's offsets, and for
                        // acks=all only once the HW has passed them (like a fresh append).
                        let required = base + records.len() as u64;
                        let tp = self.parts[p as usize].tp.clone();
                        self.emit(EventKind::DuplicateRejected {
                            tp,
                            producer_id: first.producer_id,
                            sequence: first.seq,
                        });
                        if acks == Acks::All {
                            self.park_produce(b, rq, base, required);
                            return;
                        }
                        return reply(self, Ok(base));
                    }
                    SequenceCheck::OutOfOrder => {
                        return reply(self, Err(KafkaError::OUT_OF_ORDER_SEQUENCE_NUMBER))
                    }
                    SequenceCheck::InSequence => {}
                }
            }
        }
        let epoch = r.epoch.unwrap_or(0);
        let now = self.now;
        let base = r.log.leo();
        for rd in &mut records {
            rd.epoch = epoch;
            if self.ledger.copies_on(rd.msg, b) > 0 {
                self.ledger.get_mut(rd.msg).duplicates += 1;
                let tp = self.parts[p as usize].tp.clone();
                self.events_push_duplicate(rd.msg, tp);
            }
            self.ledger.appended(rd.msg, b, me, now);
        }
        let r = self.brokers[b].replicas[p as usize]
            .as_mut()
            .expect("checked");
        r.append_batches(&records, now);
        let count = records.len() as u32;
        let tp = self.parts[p as usize].tp.clone();
        self.emit(EventKind::Appended {
            tp,
            broker: me,
            base_offset: base,
            count,
            epoch,
        });
        self.maybe_flush_by_count(b, p);
        self.touch(p);
        self.wake_delayed_fetches(b, p);
        let required = base + count as u64;
        match acks {
            Acks::None => {}
            Acks::Leader => reply(self, Ok(base)),
            Acks::All => {
                self.maybe_advance_hw(b, p);
                self.park_produce(b, rq, base, required);
            }
        }
    }

    /// Parks an acks=all produce until the HW passes `required` (answers at once if it has).
    fn park_produce(&mut self, b: usize, rq: ProduceRequest, base: Offset, required: Offset) {
        let p = rq.part;
        let deadline = self.now + rq.timeout_ms;
        self.brokers[b].delayed_produce.push(DelayedProduce {
            req: rq.req,
            client: rq.from,
            part: p,
            base,
            required,
            deadline,
        });
        if !self.brokers[b].produce_timeouts_armed {
            self.brokers[b].produce_timeouts_armed = true;
            self.broker_timer(b, rq.timeout_ms, BrokerTimer::ProduceTimeouts);
        }
        self.complete_delayed_produce(b, p);
    }

    fn events_push_duplicate(&mut self, msg: u32, tp: crate::ids::TopicPartition) {
        self.emit(EventKind::DuplicateAppended {
            message: msg as u64,
            tp,
        });
    }

    /// The `min.insync.replicas` acks=all is held to on leader `b` of `p`: from 3.7 the
    /// effective value min(`min.insync.replicas`, replication factor), as the HW gate uses
    /// (Partition.effectiveMinIsr); before 3.7 the raw setting.
    pub(crate) fn effective_min_isr(&self, b: usize, p: PartIdx) -> u32 {
        let min_isr = self.topics[self.parts[p as usize].topic as usize]
            .cfg
            .min_insync_replicas;
        match self.brokers[b].replicas[p as usize].as_ref() {
            Some(r) if self.cfg.protocol >= Protocol::V3_7 => {
                min_isr.min(r.assigned.len().max(1) as u32)
            }
            _ => min_isr,
        }
    }

    /// Answers the delayed produces on `p` whose records the HW has passed.
    /// NOT_ENOUGH_REPLICAS_AFTER_APPEND is decided against the maximal ISR (the ISR plus a
    /// member whose addition is being written), as Partition.checkEnoughReplicasReachOffset.
    pub(crate) fn complete_delayed_produce(&mut self, b: usize, p: PartIdx) {
        let min_isr = self.effective_min_isr(b, p);
        let Some(r) = self.brokers[b].replicas[p as usize].as_ref() else {
            return;
        };
        let Role::Leader(st) = &r.role else { return };
        let (hw, isr_len) = (r.log.hw, st.maximal_isr_len() as u32);
        let mut i = 0;
        while i < self.brokers[b].delayed_produce.len() {
            let d = &self.brokers[b].delayed_produce[i];
            if d.part == p && hw >= d.required {
                let d = self.brokers[b].delayed_produce.swap_remove(i);
                let result = if isr_len < min_isr {
                    Err(KafkaError::NOT_ENOUGH_REPLICAS_AFTER_APPEND)
                } else {
                    Ok(d.base)
                };
                let me = NodeId::Broker(self.brokers[b].id);
                self.send(
                    me,
                    d.client,
                    Msg::ProduceResponse {
                        req: d.req,
                        part: p,
                        result,
                    },
                );
            } else {
                i += 1;
            }
        }
    }

    /// Answers REQUEST_TIMED_OUT to delayed produces past their deadline; re-arms for the next one.
    pub(crate) fn expire_delayed_produces(&mut self, b: usize) {
        let now = self.now;
        let me = NodeId::Broker(self.brokers[b].id);
        let mut i = 0;
        while i < self.brokers[b].delayed_produce.len() {
            if self.brokers[b].delayed_produce[i].deadline <= now {
                let d = self.brokers[b].delayed_produce.remove(i);
                let msg = Msg::ProduceResponse {
                    req: d.req,
                    part: d.part,
                    result: Err(KafkaError::REQUEST_TIMED_OUT),
                };
                self.send(me, d.client, msg);
            } else {
                i += 1;
            }
        }
        let next = self.brokers[b]
            .delayed_produce
            .iter()
            .map(|d| d.deadline)
            .min();
        self.brokers[b].produce_timeouts_armed = next.is_some();
        if let Some(t) = next {
            self.broker_timer(b, t - now, BrokerTimer::ProduceTimeouts);
        }
    }

    /// Leadership of `p` moved away: waiting produces fail.
    pub(crate) fn fail_delayed_produce(&mut self, b: usize, p: PartIdx, error: KafkaError) {
        let mut i = 0;
        while i < self.brokers[b].delayed_produce.len() {
            if self.brokers[b].delayed_produce[i].part == p {
                let d = self.brokers[b].delayed_produce.swap_remove(i);
                let me = NodeId::Broker(self.brokers[b].id);
                self.send(
                    me,
                    d.client,
                    Msg::ProduceResponse {
                        req: d.req,
                        part: p,
                        result: Err(error),
                    },
                );
            } else {
                i += 1;
            }
        }
    }
}
