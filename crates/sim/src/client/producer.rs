//! The producer: batches per partition, metadata (leaders) learned from brokers and
//! refreshed on NOT_LEADER_OR_FOLLOWER, acks 0/1/all, `retries` with
//! `retry.backoff.ms`, `request.timeout.ms`, `delivery.timeout.ms`, and idempotence
//! (producer id + per-partition sequence numbers reused on retry).

use crate::action::Acks;
use crate::action_check::ActionRefusal;
use crate::broker::log::RecordData;
use crate::config::ProducerConfig;
use crate::events::{DropCause, EventKind, KafkaError, LossCause, NeverAppendedCause};
use crate::ids::NodeId;
use crate::net::msg::{Msg, PartIdx};
use crate::sim::{Ev, Sim, Timer};

/// Producer timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProducerTimer {
    /// Check for requests unanswered within `request.timeout.ms` (one armed check per producer).
    RequestTimeouts,
    /// Retry a batch after `retry.backoff.ms`.
    Retry { batch: u64 },
    /// A metadata request got no answer.
    MetadataTimeout { req: u64 },
}

/// Where a batch is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchState {
    /// Waiting for metadata (leader unknown).
    NeedsLeader,
    /// Sent; waiting for the response to request `req` until `deadline`.
    InFlight { req: u64, deadline: u64 },
    /// Waiting out `retry.backoff.ms`.
    Backoff,
    /// Held until the producer epoch is bumped (KIP-360: after the requests in flight end).
    AwaitingEpochBump,
    /// Idempotent: waiting for one of its partition's in-flight slots (at most
    /// `max.in.flight.requests.per.connection`, 5, which keeps the batches in order).
    Queued,
}

/// `max.in.flight.requests.per.connection` (5): an idempotent producer keeps at most this
/// many batches of a partition in flight, so a retried batch is always among the last five
/// the leader remembers (KIP-360, `ProducerStateEntry`).
const MAX_IN_FLIGHT_PER_PARTITION: usize = 5;

/// Records for one partition sent together.
#[derive(Clone, Debug, PartialEq)]
pub struct Batch {
    /// Batch id.
    pub id: u64,
    /// Partition.
    pub part: PartIdx,
    /// Its acks.
    pub acks: Acks,
    /// Ledger ids of its records.
    pub msgs: Vec<u32>,
    /// Sequence of the first record (idempotence).
    pub first_seq: u32,
    /// When the producer first sent it.
    pub created_at: u64,
    /// Attempts so far.
    pub attempts: u32,
    /// Producer id (epoch) of its last attempt; 0 before the first.
    pub sent_producer_id: u64,
    /// State.
    pub state: BatchState,
}

/// A producer client.
#[derive(Clone, Debug)]
pub struct Producer {
    /// Index in the scenario.
    pub idx: u32,
    /// Name.
    pub name: String,
    /// Default acks.
    pub acks: Acks,
    /// Config.
    pub cfg: ProducerConfig,
    /// Producer id (0 without idempotence).
    pub producer_id: u64,
    /// Leader per partition as known.
    pub metadata: Vec<Option<crate::ids::BrokerId>>,
    /// Metadata request in flight.
    pub metadata_req: Option<u64>,
    /// Next bootstrap broker index to ask.
    pub bootstrap: usize,
    /// Next sequence per partition.
    pub seqs: Vec<u32>,
    /// Round-robin counter for partition choice.
    pub rr: u32,
    /// Batches not yet finished.
    pub batches: Vec<Batch>,
    /// KIP-360: an epoch bump is due once no request is in flight.
    pub epoch_bump_requested: bool,
    /// Epoch bumps so far.
    pub epoch_bumps: u32,
    next_id: u64,
    timeouts_armed: bool,
}

impl Producer {
    /// A producer with no metadata yet.
    pub fn new(
        idx: u32,
        name: String,
        acks: Acks,
        cfg: ProducerConfig,
        n_parts: usize,
    ) -> Producer {
        let producer_id = if cfg.enable_idempotence {
            1000 + idx as u64
        } else {
            0
        };
        Producer {
            idx,
            name,
            acks,
            cfg,
            producer_id,
            metadata: vec![None; n_parts],
            metadata_req: None,
            bootstrap: 0,
            seqs: vec![0; n_parts],
            rr: 0,
            batches: Vec::new(),
            epoch_bump_requested: false,
            epoch_bumps: 0,
            next_id: 1,
            timeouts_armed: false,
        }
    }

    /// Room for one more partition (a topic created or grown while the cluster runs).
    pub(crate) fn add_partition(&mut self) {
        self.metadata.push(None);
        self.seqs.push(0);
    }
}

impl Producer {
    /// Whether an idempotent batch may go out now without breaking its partition's order
    /// (Kafka's RecordAccumulator.drain with idempotence): every earlier batch of the
    /// partition is in flight under the current epoch, at most
    /// `max.in.flight.requests.per.connection` are, and a retried batch goes only when it
    /// is the first one not yet acknowledged.
    fn in_order_slot_free(&self, batch: &Batch) -> bool {
        let pid = self.producer_id;
        let mut earlier = self
            .batches
            .iter()
            .filter(|b| b.part == batch.part && b.id < batch.id);
        if batch.sent_producer_id == pid {
            return earlier.next().is_none();
        }
        let all_in_flight = earlier
            .all(|b| b.sent_producer_id == pid && matches!(b.state, BatchState::InFlight { .. }));
        let outstanding = self
            .batches
            .iter()
            .filter(|b| b.part == batch.part && b.id != batch.id && b.sent_producer_id == pid)
            .count();
        all_in_flight && outstanding < MAX_IN_FLIGHT_PER_PARTITION
    }
}

impl Sim {
    /// The Produce action: one batch per partition touched.
    pub(crate) fn produce(
        &mut self,
        producer: &str,
        topic: &str,
        partition: Option<u32>,
        value: &str,
        acks: Option<Acks>,
        count: u32,
    ) -> Result<(), ActionRefusal> {
        let pi = self
            .producers
            .iter()
            .position(|p| p.name == producer)
            .ok_or_else(|| ActionRefusal::UnknownProducer {
                producer: producer.into(),
            })?;
        let ti = self
            .live_topic(topic)
            .ok_or_else(|| ActionRefusal::UnknownTopic {
                topic: topic.into(),
            })?;
        let t = &self.topics[ti];
        if let Some(p) = partition.filter(|&p| p >= t.count()) {
            return Err(ActionRefusal::UnknownPartition {
                topic: topic.into(),
                partition: p,
                partitions: t.count(),
            });
        }
        let n = t.count();
        let acks = acks.unwrap_or(self.producers[pi].acks);
        let mut by_part: Vec<(PartIdx, Vec<u32>)> = Vec::new();
        for i in 0..count.max(1) {
            let number = match partition {
                Some(p) => p,
                None => {
                    let pr = &mut self.producers[pi];
                    pr.rr += 1;
                    (pr.rr - 1) % n
                }
            };
            let p = self.topics[ti].parts[number as usize];
            let v = if count > 1 {
                format!("{value}-{}", i + 1)
            } else {
                value.to_string()
            };
            let tp = self.parts[p as usize].tp.clone();
            let m = self.ledger.sent(v, tp, acks, pi as u32, self.now);
            match by_part.iter_mut().find(|x| x.0 == p) {
                Some(x) => x.1.push(m),
                None => by_part.push((p, vec![m])),
            }
        }
        for (p, msgs) in by_part {
            let pr = &mut self.producers[pi];
            let first_seq = pr.seqs[p as usize];
            pr.seqs[p as usize] += msgs.len() as u32;
            let id = pr.next_id;
            pr.next_id += 1;
            let state = BatchState::NeedsLeader;
            pr.batches.push(Batch {
                id,
                part: p,
                acks,
                msgs,
                first_seq,
                created_at: self.now,
                attempts: 0,
                sent_producer_id: 0,
                state,
            });
            self.try_send_batch(pi, id);
        }
        Ok(())
    }

    fn try_send_batch(&mut self, pi: usize, id: u64) {
        let pr = &self.producers[pi];
        let Some(bi) = pr.batches.iter().position(|b| b.id == id) else {
            return;
        };
        let batch = &pr.batches[bi];
        if pr.epoch_bump_requested && batch.acks == Acks::All {
            self.producers[pi].batches[bi].state = BatchState::AwaitingEpochBump;
            return;
        }
        if pr.producer_id != 0 && batch.acks == Acks::All && !pr.in_order_slot_free(batch) {
            self.producers[pi].batches[bi].state = BatchState::Queued;
            return;
        }
        let Some(leader) = pr.metadata[batch.part as usize] else {
            self.producers[pi].batches[bi].state = BatchState::NeedsLeader;
            self.request_metadata(pi);
            return;
        };
        let n = batch.msgs.len();
        let records = batch
            .msgs
            .iter()
            .enumerate()
            .map(|(i, &m)| RecordData {
                epoch: 0,
                msg: m,
                // Idempotence needs acks=all; with other acks Kafka disables it.
                producer_id: if batch.acks == Acks::All {
                    pr.producer_id
                } else {
                    0
                },
                seq: batch.first_seq + i as u32,
                batch_end: i + 1 == n,
                // CreateTime: when the application sent it.
                timestamp: self.ledger.get(m).sent_at,
            })
            .collect();
        let (part, acks, timeout_ms) = (batch.part, batch.acks, pr.cfg.request_timeout_ms);
        let req = self.producers[pi].next_id;
        self.producers[pi].next_id += 1;
        let msg = Msg::Produce {
            req,
            part,
            acks,
            timeout_ms,
            records,
        };
        self.send(NodeId::Producer(pi as u32), NodeId::Broker(leader), msg);
        let pid = self.producers[pi].producer_id;
        let b = &mut self.producers[pi].batches[bi];
        b.attempts += 1;
        b.sent_producer_id = pid;
        if acks == Acks::None {
            // Fire and forget: the producer never learns what happened.
            self.producers[pi].batches.swap_remove(bi);
            return;
        }
        b.state = BatchState::InFlight {
            req,
            deadline: self.now + timeout_ms,
        };
        if !self.producers[pi].timeouts_armed {
            self.producers[pi].timeouts_armed = true;
            self.queue.push(
                self.now + timeout_ms,
                Ev::Timer(Timer::Producer {
                    p: pi as u32,
                    t: ProducerTimer::RequestTimeouts,
                }),
            );
        }
    }

    fn request_metadata(&mut self, pi: usize) {
        if self.producers[pi].metadata_req.is_some() {
            return;
        }
        let pr = &mut self.producers[pi];
        let target = self.brokers[pr.bootstrap % self.brokers.len()].id;
        pr.bootstrap += 1;
        let req = pr.next_id;
        pr.next_id += 1;
        pr.metadata_req = Some(req);
        let timeout = pr.cfg.request_timeout_ms.min(1000);
        self.send(
            NodeId::Producer(pi as u32),
            NodeId::Broker(target),
            Msg::Metadata { req },
        );
        self.queue.push(
            self.now + timeout,
            Ev::Timer(Timer::Producer {
                p: pi as u32,
                t: ProducerTimer::MetadataTimeout { req },
            }),
        );
    }

    /// A producer receives a response.
    pub(crate) fn producer_handle(&mut self, pi: usize, msg: Msg) {
        match msg {
            Msg::MetadataResponse { req, leaders } => {
                if self.producers[pi].metadata_req != Some(req) {
                    return;
                }
                let pr = &mut self.producers[pi];
                pr.metadata_req = None;
                // Partitions created after the broker answered are unknown to the answer.
                let known = pr.metadata.len();
                pr.metadata = leaders;
                pr.metadata.resize(known, None);
                let mut waiting: Vec<u64> = self.producers[pi]
                    .batches
                    .iter()
                    .filter(|b| b.state == BatchState::NeedsLeader)
                    .map(|b| b.id)
                    .collect();
                waiting.sort_unstable();
                let missing = waiting.iter().any(|id| {
                    let b = self.producers[pi]
                        .batches
                        .iter()
                        .find(|b| b.id == *id)
                        .expect("listed");
                    self.producers[pi].metadata[b.part as usize].is_none()
                });
                for id in waiting {
                    let pr = &self.producers[pi];
                    let b = pr.batches.iter().find(|b| b.id == id).expect("listed");
                    if pr.metadata[b.part as usize].is_some() {
                        self.try_send_batch(pi, id);
                    }
                }
                if missing {
                    // Leader not available yet: ask again after the back-off.
                    let backoff = self.producers[pi].cfg.retry_backoff_ms.max(1);
                    let req = self.producers[pi].next_id;
                    self.producers[pi].next_id += 1;
                    self.queue.push(
                        self.now + backoff,
                        Ev::Timer(Timer::Producer {
                            p: pi as u32,
                            t: ProducerTimer::MetadataTimeout { req },
                        }),
                    );
                }
            }
            Msg::ProduceResponse { req, part, result } => {
                let Some(bi) = self.producers[pi].batches.iter().position(
                    |b| matches!(b.state, BatchState::InFlight { req: r, .. } if r == req),
                ) else {
                    return;
                };
                match result {
                    Ok(base) => {
                        let b = self.producers[pi].batches.swap_remove(bi);
                        for &m in &b.msgs {
                            self.ledger.acknowledged(m, self.now);
                            self.check_acknowledged_loss(m);
                        }
                        let tp = self.parts[part as usize].tp.clone();
                        self.emit(EventKind::ProduceAcknowledged {
                            producer: pi as u32,
                            tp,
                            base_offset: base,
                            count: b.msgs.len() as u32,
                        });
                    }
                    Err(e) => self.batch_failed(pi, bi, e),
                }
                self.requests_ended(pi);
            }
            _ => {}
        }
    }

    /// KIP-360 (TransactionManager): an unresolved sequence of the batch at `bi` asks for one
    /// epoch bump. A batch last sent under an older epoch asks for nothing (it is simply
    /// sent again under the current one), so a burst of failures costs one bump.
    fn request_epoch_bump(&mut self, pi: usize, bi: usize) {
        let pr = &mut self.producers[pi];
        if pr.producer_id != 0 && pr.batches[bi].sent_producer_id == pr.producer_id {
            pr.epoch_bump_requested = true;
        }
    }

    /// Requests ended (answered or timed out): bump the epoch if one is due and nothing is
    /// in flight, then send queued batches, oldest first, into the freed slots.
    fn requests_ended(&mut self, pi: usize) {
        self.maybe_bump_producer_epoch(pi);
        let mut queued: Vec<u64> = self.producers[pi]
            .batches
            .iter()
            .filter(|b| b.state == BatchState::Queued)
            .map(|b| b.id)
            .collect();
        queued.sort_unstable();
        for id in queued {
            if let Some(b) = self.producers[pi].batches.iter_mut().find(|b| b.id == id) {
                b.state = BatchState::Backoff;
                self.try_send_batch(pi, id);
            }
        }
    }

    /// Bumps the producer epoch (modelled as a fresh producer id) once no request is in
    /// flight, numbers the pending batches of each partition from 0 again in production
    /// order, and sends the batches held for it.
    fn maybe_bump_producer_epoch(&mut self, pi: usize) {
        let pr = &mut self.producers[pi];
        if !pr.epoch_bump_requested
            || pr
                .batches
                .iter()
                .any(|b| matches!(b.state, BatchState::InFlight { .. }))
        {
            return;
        }
        pr.epoch_bump_requested = false;
        pr.epoch_bumps += 1;
        pr.producer_id += 100_000;
        pr.seqs.iter_mut().for_each(|s| *s = 0);
        pr.batches.sort_by_key(|b| b.id);
        for b in pr.batches.iter_mut() {
            b.first_seq = pr.seqs[b.part as usize];
            pr.seqs[b.part as usize] += b.msgs.len() as u32;
        }
        let held: Vec<u64> = pr
            .batches
            .iter()
            .filter(|b| b.state == BatchState::AwaitingEpochBump)
            .map(|b| b.id)
            .collect();
        for id in held {
            self.try_send_batch(pi, id);
        }
    }

    fn batch_failed(&mut self, pi: usize, bi: usize, error: KafkaError) {
        let pr = &self.producers[pi];
        let b = &pr.batches[bi];
        let elapsed = self.now - b.created_at;
        let retry = b.attempts <= pr.cfg.retries
            && elapsed + pr.cfg.retry_backoff_ms < pr.cfg.delivery_timeout_ms;
        let (id, part) = (b.id, b.part as usize);
        let tp = self.parts[part].tp.clone();
        self.emit(EventKind::ProduceError {
            producer: pi as u32,
            tp,
            error,
            will_retry: retry,
        });
        if matches!(
            error,
            KafkaError::NOT_LEADER_OR_FOLLOWER
                | KafkaError::REQUEST_TIMED_OUT
                | KafkaError::LEADER_NOT_AVAILABLE
        ) {
            self.producers[pi].metadata[part] = None;
        }
        if error == KafkaError::OUT_OF_ORDER_SEQUENCE_NUMBER {
            // An earlier batch of the partition still pending explains the gap (it was
            // reordered or is being retried): retry without a bump, as Kafka's producer does.
            let b = &self.producers[pi].batches[bi];
            let earlier_pending = self.producers[pi].batches.iter().any(|o| {
                o.part == b.part
                    && o.first_seq < b.first_seq
                    && o.sent_producer_id == b.sent_producer_id
            });
            if !earlier_pending {
                self.request_epoch_bump(pi, bi);
            }
        }
        if retry {
            self.producers[pi].batches[bi].state = BatchState::Backoff;
            let at = self.now + self.producers[pi].cfg.retry_backoff_ms;
            self.queue.push(
                at,
                Ev::Timer(Timer::Producer {
                    p: pi as u32,
                    t: ProducerTimer::Retry { batch: id },
                }),
            );
        } else {
            self.request_epoch_bump(pi, bi);
            let b = self.producers[pi].batches.swap_remove(bi);
            let name = if elapsed + self.producers[pi].cfg.retry_backoff_ms
                >= self.producers[pi].cfg.delivery_timeout_ms
            {
                KafkaError::DELIVERY_TIMEOUT
            } else {
                error
            };
            for m in b.msgs {
                let r = self.ledger.get_mut(m);
                if r.acknowledged_at.is_none() {
                    r.error = Some(format!("{name:?}"));
                }
            }
        }
    }

    /// A producer timer fires.
    pub(crate) fn producer_timer(&mut self, pi: usize, t: ProducerTimer) {
        match t {
            ProducerTimer::RequestTimeouts => {
                let now = self.now;
                while let Some(bi) = self.producers[pi].batches.iter().position(
                    |b| matches!(b.state, BatchState::InFlight { deadline, .. } if deadline <= now),
                ) {
                    self.batch_failed(pi, bi, KafkaError::REQUEST_TIMED_OUT);
                }
                self.requests_ended(pi);
                let next = self.producers[pi]
                    .batches
                    .iter()
                    .filter_map(|b| match b.state {
                        BatchState::InFlight { deadline, .. } => Some(deadline),
                        _ => None,
                    })
                    .min();
                self.producers[pi].timeouts_armed = next.is_some();
                if let Some(t) = next {
                    self.queue.push(
                        t,
                        Ev::Timer(Timer::Producer {
                            p: pi as u32,
                            t: ProducerTimer::RequestTimeouts,
                        }),
                    );
                }
            }
            ProducerTimer::Retry { batch } => self.try_send_batch(pi, batch),
            ProducerTimer::MetadataTimeout { req } => {
                let pr = &mut self.producers[pi];
                if pr.metadata_req.is_none_or(|r| r == req) {
                    pr.metadata_req = None;
                    if pr
                        .batches
                        .iter()
                        .any(|b| b.state == BatchState::NeedsLeader)
                    {
                        self.request_metadata(pi);
                    }
                }
            }
        }
    }

    /// The network did not deliver `msg`: if it is an acks=0 Produce, its records are lost
    /// now (nobody will resend them and the producer is never told).
    pub(crate) fn produce_lost_in_transit(&mut self, msg: &Msg, cause: DropCause) {
        if let Msg::Produce {
            acks: Acks::None,
            part,
            records,
            ..
        } = msg
        {
            self.acks0_never_appended(*part, records, NeverAppendedCause::Dropped(cause));
        }
    }

    /// Records of an acks=0 Produce that will never reach a log: mark each lost in the
    /// ledger (reason `NeverAppended`) and emit `MessageLost`.
    pub(crate) fn acks0_never_appended(
        &mut self,
        part: PartIdx,
        records: &[RecordData],
        cause: NeverAppendedCause,
    ) {
        for rd in records {
            if !self.ledger.get(rd.msg).held_by.is_empty() {
                continue;
            }
            if self
                .ledger
                .lost(rd.msg, LossCause::NeverAppended { cause }, self.now)
            {
                let tp = self.parts[part as usize].tp.clone();
                self.emit(EventKind::MessageLost {
                    message: rd.msg as u64,
                    tp,
                    acknowledged: false,
                    cause: LossCause::NeverAppended { cause },
                });
            }
        }
    }
}
