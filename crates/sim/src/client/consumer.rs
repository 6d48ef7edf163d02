//! Consumers of a consumer group, the client side of Kafka's group protocol: find the
//! coordinator (FindCoordinator to a bootstrap broker), join (JoinGroup; the coordinator
//! answers with the generation's assignment), fetch the committed offsets (OffsetFetch;
//! none committed: `auto.offset.reset`, `earliest` by default), then poll the partitions' leaders,
//! process, and commit to the coordinator before or after processing (at-most-once or
//! at-least-once). A heartbeat goes to the coordinator every `heartbeat.interval.ms`; an
//! unanswered one or NOT_COORDINATOR sends the consumer to find the coordinator again,
//! UNKNOWN_MEMBER_ID or ILLEGAL_GENERATION makes it rejoin. A crashed consumer says
//! nothing: the coordinator removes it after its `session.timeout.ms`. A fetch below the
//! leader's log start offset (retention deleted it) gets OFFSET_OUT_OF_RANGE, and
//! `auto.offset.reset` moves the position to the log start (`earliest`) or the HW
//! (`latest`), or stops the partition (`none`).

use crate::action_check::ActionRefusal;
use crate::config::{ConsumerConfig, OffsetReset};
use crate::events::{EventKind, KafkaError};
use crate::ids::{BrokerId, NodeId, Offset, TimeMs};
use crate::net::msg::{Msg, PartIdx};
use crate::scenario::CommitMode;
use crate::sim::{Ev, Sim, Timer};

/// How often a consumer polls.
const POLL_MS: u64 = 100;
/// How long processing a fetched batch takes.
const PROCESS_MS: u64 = 20;
/// The consumer's `request.timeout.ms` (30 000 ms by default since Kafka 2.0).
const CONSUMER_REQUEST_TIMEOUT_MS: u64 = 30_000;
/// How long a consumer waits for a FindCoordinator answer before asking the next broker.
const FIND_COORDINATOR_RETRY_MS: u64 = 1000;
/// The position of a partition with no committed offset under `auto.offset.reset`
/// `latest` or `none`: past any log, so the first fetch gets OFFSET_OUT_OF_RANGE and
/// the reset policy decides (the lab's stand-in for Kafka's ListOffsets).
const NO_POSITION: Offset = Offset::MAX;

/// Consumer timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsumerTimer {
    /// Poll: fetch every assigned partition.
    Poll { generation: u32 },
    /// Processing of a fetched batch finished.
    Processed { part: PartIdx, generation: u32 },
    /// Heartbeat to the coordinator (valid for one incarnation of the process).
    Heartbeat { inc: u32 },
    /// FindCoordinator got no answer in time: ask the next broker.
    FindRetry { inc: u32 },
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
    /// `session.timeout.ms`, `heartbeat.interval.ms`.
    pub cfg: ConsumerConfig,
    /// Whether it is (or is becoming) a group member.
    pub joined: bool,
    /// Whether the process runs (false after `consumer_crash`).
    pub alive: bool,
    /// Removed from the run (`remove_consumer`): gone from the view, its name free again.
    pub removed: bool,
    /// Process incarnation (timers of a dead incarnation are ignored).
    pub inc: u32,
    /// The coordinator it talks to, once found.
    pub coordinator: Option<BrokerId>,
    /// Next bootstrap broker to ask FindCoordinator.
    pub bootstrap: usize,
    /// A heartbeat is unanswered.
    pub heartbeat_pending: bool,
    /// Committed offsets fetched for the current generation: it may poll.
    pub ready: bool,
    /// Assigned partitions.
    pub assigned: Vec<PartIdx>,
    /// Position per partition.
    pub position: Vec<Offset>,
    /// Batch being processed per partition: (first offset, messages).
    pub processing: Vec<Option<(Offset, Vec<u32>)>>,
    /// Generation of its current assignment.
    pub generation: u32,
    /// The fetch outstanding per partition: its network id and when it was sent.
    pub fetching: Vec<Option<(u64, TimeMs)>>,
    /// Per partition: out of range with `auto.offset.reset=none`, no longer fetched
    /// until the next assignment.
    pub halted: Vec<bool>,
    /// Per partition: the follower the leader named to fetch from (KIP-392), if any.
    pub read_replica: Vec<Option<BrokerId>>,
}

impl Consumer {
    /// A consumer outside its group.
    pub fn new(
        name: String,
        group: String,
        topics: Vec<String>,
        commit: CommitMode,
        cfg: ConsumerConfig,
        n_parts: usize,
    ) -> Consumer {
        Consumer {
            name,
            group,
            topics,
            commit,
            cfg,
            joined: false,
            alive: true,
            removed: false,
            inc: 0,
            coordinator: None,
            bootstrap: 0,
            heartbeat_pending: false,
            ready: false,
            assigned: Vec::new(),
            position: vec![0; n_parts],
            processing: vec![None; n_parts],
            generation: 0,
            fetching: vec![None; n_parts],
            halted: vec![false; n_parts],
            read_replica: vec![None; n_parts],
        }
    }

    /// Room for one more partition (a topic created or grown while the cluster runs).
    pub(crate) fn add_partition(&mut self) {
        self.position.push(0);
        self.processing.push(None);
        self.fetching.push(None);
        self.halted.push(false);
        self.read_replica.push(None);
    }

    /// Drops the assignment and any batch in hand (revocation or death).
    fn revoke(&mut self) {
        self.assigned.clear();
        self.ready = false;
        self.processing.iter_mut().for_each(|x| *x = None);
        self.fetching.iter_mut().for_each(|x| *x = None);
        self.halted.iter_mut().for_each(|x| *x = false);
    }
}

impl Sim {
    fn consumer_index(&self, name: &str) -> Result<usize, ActionRefusal> {
        self.consumers
            .iter()
            .position(|c| c.name == name && !c.removed)
            .ok_or_else(|| ActionRefusal::UnknownConsumer {
                consumer: name.into(),
            })
    }

    /// ConsumerJoin action (the action check has made sure the consumer is alive).
    pub(crate) fn consumer_join_named(&mut self, name: &str) -> Result<(), ActionRefusal> {
        let c = self.consumer_index(name)?;
        self.consumer_join(c);
        Ok(())
    }

    /// ConsumerLeave action: LeaveGroup to the coordinator (the group rebalances at once).
    pub(crate) fn consumer_leave_named(&mut self, name: &str) -> Result<(), ActionRefusal> {
        let c = self.consumer_index(name)?;
        if self.consumers[c].joined {
            self.consumers[c].joined = false;
            self.consumers[c].inc += 1;
            self.consumers[c].revoke();
            if let Some(co) = self.consumers[c].coordinator.take() {
                self.send(
                    NodeId::Consumer(c as u32),
                    NodeId::Broker(co),
                    Msg::LeaveGroup,
                );
            }
        }
        Ok(())
    }

    /// AddConsumer action: a new consumer (default consumer config) joins its group now
    /// (the action check has made sure of its name, group and topics).
    /// Consumers are addressed by index on the network, so it is appended, never reused.
    pub(crate) fn add_consumer(
        &mut self,
        name: &str,
        group: &str,
        topics: &[String],
        commit: CommitMode,
    ) -> Result<(), ActionRefusal> {
        let cfg = ConsumerConfig::from_scenario(&self.cfg, &Default::default())
            .map_err(ActionRefusal::Config)?;
        let np = self.parts.len();
        self.consumers.push(Consumer::new(
            name.into(),
            group.into(),
            topics.to_vec(),
            commit,
            cfg,
            np,
        ));
        self.consumer_join(self.consumers.len() - 1);
        Ok(())
    }

    /// RemoveConsumer action: the consumer leaves its group cleanly and is gone.
    pub(crate) fn remove_consumer(&mut self, name: &str) -> Result<(), ActionRefusal> {
        self.consumer_leave_named(name)?;
        let c = self.consumer_index(name)?;
        let cs = &mut self.consumers[c];
        cs.alive = false;
        cs.removed = true;
        Ok(())
    }

    /// ConsumerCrash action: the process dies without a word; its requests in flight are lost
    /// (the action check has made sure it was alive).
    pub(crate) fn consumer_crash_named(&mut self, name: &str) -> Result<(), ActionRefusal> {
        let c = self.consumer_index(name)?;
        let cs = &mut self.consumers[c];
        cs.alive = false;
        cs.joined = false;
        cs.inc += 1;
        cs.coordinator = None;
        cs.revoke();
        for (id, to) in self.net.drop_from(NodeId::Consumer(c as u32)) {
            let cause = crate::events::DropCause::SenderDown;
            self.emit(EventKind::MessageDropped {
                id,
                from: NodeId::Consumer(c as u32),
                to,
                cause,
            });
        }
        self.emit(EventKind::ConsumerCrashed {
            consumer: name.to_string(),
        });
        Ok(())
    }

    /// ConsumerRestart action: a crashed consumer starts again and joins its group
    /// (the action check has made sure it was down).
    pub(crate) fn consumer_restart_named(&mut self, name: &str) -> Result<(), ActionRefusal> {
        let c = self.consumer_index(name)?;
        self.consumers[c].alive = true;
        self.emit(EventKind::ConsumerRestarted {
            consumer: name.to_string(),
        });
        self.consumer_join(c);
        Ok(())
    }

    /// Consumer `c` starts joining its group: find the coordinator, start heartbeating.
    pub(crate) fn consumer_join(&mut self, c: usize) {
        if self.consumers[c].joined {
            return;
        }
        let cs = &mut self.consumers[c];
        cs.joined = true;
        cs.inc += 1;
        cs.heartbeat_pending = false;
        let (inc, every) = (cs.inc, cs.cfg.heartbeat_interval_ms);
        self.find_coordinator(c);
        self.queue.push(
            self.now + every,
            Ev::Timer(Timer::Consumer {
                c: c as u32,
                t: ConsumerTimer::Heartbeat { inc },
            }),
        );
    }

    /// FindCoordinator to the next bootstrap broker (retried on the next one without an answer).
    fn find_coordinator(&mut self, c: usize) {
        let cs = &mut self.consumers[c];
        cs.coordinator = None;
        let target = self.brokers[cs.bootstrap % self.brokers.len()].id;
        cs.bootstrap += 1;
        let inc = cs.inc;
        self.send(
            NodeId::Consumer(c as u32),
            NodeId::Broker(target),
            Msg::FindCoordinator,
        );
        let at = self.now + FIND_COORDINATOR_RETRY_MS;
        self.queue.push(
            at,
            Ev::Timer(Timer::Consumer {
                c: c as u32,
                t: ConsumerTimer::FindRetry { inc },
            }),
        );
    }

    /// JoinGroup to the known coordinator.
    fn join_group(&mut self, c: usize) {
        let Some(co) = self.consumers[c].coordinator else {
            return;
        };
        let cs = &self.consumers[c];
        let topics = (0..self.topics.len() as u32)
            .filter(|&t| {
                let topic = &self.topics[t as usize];
                !topic.marked_for_deletion && cs.topics.contains(&topic.name)
            })
            .collect();
        let msg = Msg::JoinGroup {
            generation: cs.generation,
            session_timeout_ms: cs.cfg.session_timeout_ms,
            topics,
        };
        self.send(NodeId::Consumer(c as u32), NodeId::Broker(co), msg);
    }

    /// A consumer timer fires.
    pub(crate) fn consumer_timer(&mut self, c: usize, t: ConsumerTimer) {
        match t {
            ConsumerTimer::Poll { generation } => {
                let cs = &self.consumers[c];
                if !cs.joined || !cs.ready || cs.generation != generation {
                    return;
                }
                for p in cs.assigned.clone() {
                    let cs = &self.consumers[c];
                    let i = p as usize;
                    if cs.processing[i].is_some() || cs.halted[i] {
                        continue;
                    }
                    // NetworkClient: a fetch unanswered for request.timeout.ms is given up,
                    // its connection closed (so its answer never comes), and fetched again.
                    match cs.fetching[p as usize] {
                        Some((_, sent)) if self.now < sent + CONSUMER_REQUEST_TIMEOUT_MS => {
                            continue
                        }
                        Some((id, _)) => {
                            self.drop_timed_out(id);
                            self.consumers[c].read_replica[i] = None;
                        }
                        None => {}
                    }
                    let cs = &self.consumers[c];
                    // The consumer finds the leader through any live broker's metadata cache.
                    let leader = self
                        .brokers
                        .iter()
                        .filter(|b| b.is_up())
                        .find_map(|b| b.metadata[p as usize].0);
                    // KIP-392: the preferred read replica the leader named, while it answers.
                    if let Some(l) = cs.read_replica[p as usize].or(leader) {
                        let offset = cs.position[p as usize];
                        let id = self.send(
                            NodeId::Consumer(c as u32),
                            NodeId::Broker(l),
                            Msg::ConsumerFetch { part: p, offset },
                        );
                        self.consumers[c].fetching[p as usize] = Some((id, self.now));
                    }
                }
                self.queue.push(
                    self.now + POLL_MS,
                    Ev::Timer(Timer::Consumer {
                        c: c as u32,
                        t: ConsumerTimer::Poll { generation },
                    }),
                );
            }
            ConsumerTimer::Processed { part, generation } => {
                if self.consumers[c].generation != generation {
                    return;
                }
                let Some((from, msgs)) = self.consumers[c].processing[part as usize].take() else {
                    return;
                };
                let group = self.consumers[c].group.clone();
                let name = self.consumers[c].name.clone();
                for &m in &msgs {
                    let r = self.ledger.get_mut(m);
                    if !r.consumed_by.contains(&group) {
                        r.consumed_by.push(group.clone());
                    }
                    r.consumptions.push((name.clone(), group.clone(), self.now));
                }
                let tp = self.parts[part as usize].tp.clone();
                self.emit(EventKind::Consumed {
                    consumer: name,
                    tp,
                    from_offset: from,
                    count: msgs.len() as u32,
                });
                if self.consumers[c].commit == CommitMode::AfterProcessing {
                    self.commit(c, part, from + msgs.len() as u64);
                }
            }
            ConsumerTimer::Heartbeat { inc } => {
                let cs = &mut self.consumers[c];
                if cs.inc != inc || !cs.joined {
                    return;
                }
                let every = cs.cfg.heartbeat_interval_ms;
                match cs.coordinator {
                    // The last heartbeat got no answer: the coordinator is gone, find it again.
                    Some(_) if cs.heartbeat_pending => {
                        cs.heartbeat_pending = false;
                        self.find_coordinator(c);
                    }
                    Some(co) => {
                        cs.heartbeat_pending = true;
                        let generation = cs.generation;
                        self.send(
                            NodeId::Consumer(c as u32),
                            NodeId::Broker(co),
                            Msg::Heartbeat { generation },
                        );
                    }
                    None => {}
                }
                self.queue.push(
                    self.now + every,
                    Ev::Timer(Timer::Consumer {
                        c: c as u32,
                        t: ConsumerTimer::Heartbeat { inc },
                    }),
                );
            }
            ConsumerTimer::FindRetry { inc } => {
                let cs = &self.consumers[c];
                if cs.inc == inc && cs.joined && cs.coordinator.is_none() {
                    self.find_coordinator(c);
                }
            }
        }
    }

    fn commit(&mut self, c: usize, part: PartIdx, offset: Offset) {
        let cs = &self.consumers[c];
        if let Some(co) = cs.coordinator {
            let msg = Msg::OffsetCommit {
                generation: cs.generation,
                part,
                offset,
            };
            self.send(NodeId::Consumer(c as u32), NodeId::Broker(co), msg);
        }
    }

    /// A consumer receives a response.
    pub(crate) fn consumer_handle(&mut self, c: usize, from: NodeId, msg: Msg) {
        let cs = &self.consumers[c];
        if !cs.alive || !cs.joined {
            return;
        }
        match msg {
            Msg::ConsumerFetchResponse {
                part,
                offset,
                msgs,
                error,
                log_start,
                high_watermark,
                preferred_read_replica,
            } => {
                let cs = &mut self.consumers[c];
                // Sent to the named follower from now on; back to the leader on an error.
                if preferred_read_replica.is_some() || error.is_some() {
                    cs.read_replica[part as usize] = preferred_read_replica;
                }
                let reset = error == Some(KafkaError::OFFSET_OUT_OF_RANGE)
                    && (offset < log_start || offset == NO_POSITION);
                if reset {
                    self.consumer_offset_reset(c, part, offset, log_start, high_watermark);
                } else {
                    self.consumer_records(c, part, offset, msgs, error);
                }
            }
            Msg::FindCoordinatorResponse { coordinator } => {
                if cs.coordinator.is_some() {
                    return;
                }
                if let Some(co) = coordinator {
                    let (consumer, group) = (cs.name.clone(), cs.group.clone());
                    self.consumers[c].coordinator = Some(co);
                    self.consumers[c].heartbeat_pending = false;
                    self.emit(EventKind::CoordinatorFound {
                        consumer,
                        group,
                        coordinator: co,
                    });
                    self.join_group(c);
                }
            }
            Msg::SyncGroupResponse {
                generation,
                assigned,
            } => {
                let Some(co) = cs.coordinator.filter(|&co| from == NodeId::Broker(co)) else {
                    return;
                };
                if generation < cs.generation {
                    return;
                }
                let cs = &mut self.consumers[c];
                cs.revoke();
                cs.generation = generation;
                cs.assigned = assigned;
                self.send(
                    NodeId::Consumer(c as u32),
                    NodeId::Broker(co),
                    Msg::OffsetFetch { generation },
                );
            }
            Msg::OffsetFetchResponse { generation, result } => {
                if generation != cs.generation || cs.ready {
                    return;
                }
                match result {
                    Ok(offsets) => {
                        let cs = &mut self.consumers[c];
                        // No committed offset: `earliest` starts at 0 (the log start
                        // offset, via OFFSET_OUT_OF_RANGE once retention deleted some).
                        let none = match cs.cfg.auto_offset_reset {
                            OffsetReset::Earliest => 0,
                            OffsetReset::Latest | OffsetReset::None => NO_POSITION,
                        };
                        for p in cs.assigned.clone() {
                            cs.position[p as usize] =
                                offsets.iter().find(|o| o.0 == p).map_or(none, |o| o.1);
                        }
                        cs.ready = true;
                        self.queue.push(
                            self.now,
                            Ev::Timer(Timer::Consumer {
                                c: c as u32,
                                t: ConsumerTimer::Poll { generation },
                            }),
                        );
                    }
                    Err(_) => self.find_coordinator(c),
                }
            }
            Msg::HeartbeatResponse { generation, error } => {
                self.consumers[c].heartbeat_pending = false;
                match error {
                    None => {}
                    Some(KafkaError::NOT_COORDINATOR) => self.find_coordinator(c),
                    // A heartbeat sent before the new assignment arrived is not a reason to rejoin.
                    Some(KafkaError::ILLEGAL_GENERATION)
                        if generation < self.consumers[c].generation => {}
                    Some(_) => {
                        self.consumers[c].revoke();
                        self.join_group(c);
                    }
                }
            }
            _ => {}
        }
    }

    /// OFFSET_OUT_OF_RANGE below the log start offset (or with no position yet):
    /// `auto.offset.reset` (Kafka's `SubscriptionState.requestOffsetReset`).
    fn consumer_offset_reset(
        &mut self,
        c: usize,
        part: PartIdx,
        offset: Offset,
        log_start: Offset,
        high_watermark: Offset,
    ) {
        let cs = &mut self.consumers[c];
        cs.fetching[part as usize] = None;
        if !cs.assigned.contains(&part) || cs.position[part as usize] != offset {
            return;
        }
        let reset = cs.cfg.auto_offset_reset;
        let reset_to = match reset {
            OffsetReset::Earliest => Some(log_start),
            OffsetReset::Latest => Some(high_watermark),
            OffsetReset::None => None,
        };
        match reset_to {
            Some(to) => cs.position[part as usize] = to,
            None => cs.halted[part as usize] = true,
        }
        let consumer = cs.name.clone();
        self.emit(EventKind::ConsumerOffsetReset {
            consumer,
            tp: self.parts[part as usize].tp.clone(),
            reset,
            reset_to,
        });
    }

    /// Records arrive for consumer `c`.
    fn consumer_records(
        &mut self,
        c: usize,
        part: PartIdx,
        offset: Offset,
        msgs: Vec<u32>,
        error: Option<KafkaError>,
    ) {
        let cs = &mut self.consumers[c];
        cs.fetching[part as usize] = None;
        if error.is_some()
            || msgs.is_empty()
            || !cs.assigned.contains(&part)
            || cs.position[part as usize] != offset
        {
            return;
        }
        cs.position[part as usize] = offset + msgs.len() as u64;
        let n = msgs.len() as u64;
        cs.processing[part as usize] = Some((offset, msgs));
        let generation = cs.generation;
        if cs.commit == CommitMode::BeforeProcessing {
            self.commit(c, part, offset + n);
        }
        self.queue.push(
            self.now + PROCESS_MS,
            Ev::Timer(Timer::Consumer {
                c: c as u32,
                t: ConsumerTimer::Processed { part, generation },
            }),
        );
    }
}
