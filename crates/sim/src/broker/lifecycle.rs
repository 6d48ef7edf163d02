//! A broker's process life and periodic work: start, death (crash, power loss, disk
//! loss, end of controlled shutdown), pause and resume, its timers, its ZooKeeper
//! client side, and routing of the requests it receives.

use super::produce::ProduceRequest;
use super::BrokerTimer;
use crate::broker::BrokerStatus;
use crate::controller::ControllerEvent;
use crate::events::{DownCause, DropCause, EventKind, LossCause};
use crate::ids::NodeId;
use crate::invariants::ExpectedUnder;
use crate::net::msg::Msg;
use crate::sim::Sim;

impl Sim {
    /// Starts broker `b`'s process: replicas come up from disk (HW from the checkpoint),
    /// it registers with ZooKeeper and starts its periodic tasks.
    pub(crate) fn start_broker(&mut self, b: usize) {
        let br = &mut self.brokers[b];
        br.status = BrokerStatus::Running;
        br.started_at = self.now;
        let id = br.id;
        self.emit(EventKind::BrokerStarted { broker: id });
        self.send(NodeId::Broker(id), NodeId::Zookeeper, Msg::ZkRegister);
        self.broker_timer(
            b,
            self.cfg.hw_checkpoint_interval_ms,
            BrokerTimer::HwCheckpoint,
        );
        self.broker_timer(
            b,
            (self.cfg.replica_lag_time_max_ms / 2).max(1),
            BrokerTimer::IsrCheck,
        );
        self.broker_timer(
            b,
            (self.cfg.zookeeper_session_timeout_ms / 3).max(1),
            BrokerTimer::ZkPing,
        );
        if let Some(ms) = self.min_flush_ms() {
            self.broker_timer(b, ms, BrokerTimer::Flush);
        }
        self.broker_timer(
            b,
            self.cfg.producer_id_expiration_check_interval_ms,
            BrokerTimer::ProducerIdExpiration,
        );
        self.broker_timer(
            b,
            super::retention::INITIAL_TASK_DELAY_MS,
            BrokerTimer::RetentionCheck,
        );
    }

    fn min_flush_ms(&self) -> Option<u64> {
        self.topics.iter().filter_map(|t| t.cfg.flush_ms).min()
    }

    /// The process of broker `b` dies; what survives on disk depends on `cause`.
    pub(crate) fn kill_broker(&mut self, b: usize, cause: DownCause) {
        let id = self.brokers[b].id;
        self.brokers[b].status = BrokerStatus::Down;
        // Requests a paused broker had received but not handled die with the process.
        for (_, msg, _) in std::mem::take(&mut self.brokers[b].inbox) {
            self.produce_lost_in_transit(&msg, DropCause::ReceiverDown);
        }
        self.brokers[b].lose_memory();
        // Its sockets close: what it sent and is still on the network never arrives, and
        // what was sent to it never reaches its next incarnation (a request sent to the old
        // process, however late, is not delivered to the restarted one).
        for (mid, to) in self.net.drop_from(NodeId::Broker(id)) {
            self.emit(EventKind::MessageDropped {
                id: mid,
                from: NodeId::Broker(id),
                to,
                cause: DropCause::SenderDown,
            });
        }
        for e in self.net.drop_to(NodeId::Broker(id)) {
            self.envelope_dropped(e, DropCause::ReceiverDown);
        }
        let mut removed = Vec::new();
        for p in 0..self.parts.len() {
            let Some(r) = self.brokers[b].replicas[p].as_mut() else {
                continue;
            };
            match cause {
                DownCause::PowerLoss => r.log.lose_unflushed(&mut removed),
                DownCause::DiskLoss => {
                    let lost = r.log.records().to_vec();
                    r.log.wipe();
                    removed.clear();
                    removed.extend(lost);
                }
                DownCause::ControlledShutdown => {
                    // A clean shutdown flushes the log and writes the HW checkpoint.
                    r.log.flush();
                    r.log.hw_checkpoint = r.log.hw;
                    removed.clear();
                }
                DownCause::Crash => removed.clear(),
            }
            if removed.is_empty() {
                continue;
            }
            r.rebuild_producer_state(self.now);
            let to = r.log.leo();
            let tp = self.parts[p].tp.clone();
            self.emit(EventKind::UnflushedLost {
                tp,
                broker: id,
                to_offset: to,
                removed: removed.len() as u64,
            });
            let (loss, known) = if cause == DownCause::DiskLoss {
                (LossCause::DiskLoss, ExpectedUnder::DiskLoss)
            } else {
                (LossCause::PowerLoss, ExpectedUnder::PowerLoss)
            };
            self.note_unsafe_event(p as u32, known);
            let recs = std::mem::take(&mut removed);
            self.ledger_remove(p as u32, b, &recs, loss);
            removed = recs;
            self.touch(p as u32);
        }
        self.emit(EventKind::BrokerDown { broker: id, cause });
    }

    /// A paused broker resumes: what arrived meanwhile is handled, late timers fire.
    pub(crate) fn resume_broker(&mut self, b: usize) {
        self.brokers[b].status = BrokerStatus::Running;
        self.emit(EventKind::BrokerResumed {
            broker: self.brokers[b].id,
        });
        let timers = std::mem::take(&mut self.brokers[b].deferred);
        let inbox = std::mem::take(&mut self.brokers[b].inbox);
        for t in timers {
            self.broker_timer_fired(b, t);
        }
        for (from, msg, id) in inbox {
            if self.brokers[b].status != BrokerStatus::Running {
                break;
            }
            self.broker_handle(b, from, msg, id);
        }
    }

    /// A broker timer fires.
    pub(crate) fn broker_timer_fired(&mut self, b: usize, t: BrokerTimer) {
        match t {
            BrokerTimer::IsrCheck => {
                self.maybe_shrink_isr_all(b);
                self.broker_timer(
                    b,
                    (self.cfg.replica_lag_time_max_ms / 2).max(1),
                    BrokerTimer::IsrCheck,
                );
            }
            BrokerTimer::HwCheckpoint => {
                for r in self.brokers[b].replicas.iter_mut().flatten() {
                    r.log.hw_checkpoint = r.log.hw;
                }
                self.broker_timer(
                    b,
                    self.cfg.hw_checkpoint_interval_ms,
                    BrokerTimer::HwCheckpoint,
                );
            }
            BrokerTimer::ZkPing => {
                let me = NodeId::Broker(self.brokers[b].id);
                match self.brokers[b].session {
                    Some(session) => self.send(me, NodeId::Zookeeper, Msg::ZkPing { session }),
                    // Not registered (NodeExists, or no answer yet): try again. Kafka's broker
                    // fails its startup on NodeExists and is restarted; the lab retries.
                    None => self.send(me, NodeId::Zookeeper, Msg::ZkRegister),
                };
                self.broker_timer(
                    b,
                    (self.cfg.zookeeper_session_timeout_ms / 3).max(1),
                    BrokerTimer::ZkPing,
                );
            }
            BrokerTimer::Flush => {
                for p in 0..self.parts.len() {
                    let Some(ms) = self.topics[self.parts[p].topic as usize].cfg.flush_ms else {
                        continue;
                    };
                    if let Some(r) = self.brokers[b].replicas[p].as_mut() {
                        if r.log.unflushed_since.is_some_and(|t| t + ms <= self.now) {
                            r.log.flush();
                        }
                    }
                }
                if let Some(ms) = self.min_flush_ms() {
                    self.broker_timer(b, ms, BrokerTimer::Flush);
                }
            }
            BrokerTimer::FetchBackoff { leader } => {
                if let Some(l) = self.bidx(leader) {
                    self.brokers[b].fetchers[l].backoff = false;
                    self.maybe_fetch(b, l);
                }
            }
            BrokerTimer::FetchTimeout { leader } => {
                if let Some(l) = self.bidx(leader) {
                    self.fetch_timeout_check(b, l);
                }
            }
            BrokerTimer::DelayedFetchExpire { req } => self.complete_delayed_fetch(b, req),
            BrokerTimer::ProduceTimeouts => self.expire_delayed_produces(b),
            BrokerTimer::RetryEpochQuery { part } => self.send_epoch_query(b, part),
            BrokerTimer::ControlledShutdownRetry => self.retry_controlled_shutdown(b),
            BrokerTimer::LeaderRebalance => self.controller_rebalance_timer(b),
            BrokerTimer::ZkWriteRetry { req } => self.controller_write_retry(b, req),
            BrokerTimer::ControllerRequestTimeout { broker, req } => {
                self.controller_request_timed_out(b, broker, req)
            }
            BrokerTimer::MemberExpiry { c } => self.member_expiry(b, c),
            BrokerTimer::ProducerIdExpiration => {
                let (now, expiration) = (self.now, self.cfg.producer_id_expiration_ms);
                for r in self.brokers[b].replicas.iter_mut().flatten() {
                    r.producer_state.remove_expired(now, expiration);
                }
                let every = self.cfg.producer_id_expiration_check_interval_ms;
                self.broker_timer(b, every, BrokerTimer::ProducerIdExpiration);
            }
            BrokerTimer::RetentionCheck => {
                self.delete_old_segments(b);
                let every = self.cfg.retention_check_interval_ms;
                self.broker_timer(b, every, BrokerTimer::RetentionCheck);
            }
        }
    }

    /// Routes a request or response that reached running broker `b`.
    pub(crate) fn broker_handle(&mut self, b: usize, from: NodeId, msg: Msg, id: u64) {
        let me = NodeId::Broker(self.brokers[b].id);
        match msg {
            // Sessions are numbered in creation order: a late answer about an older one is stale.
            Msg::ZkRegistered { session }
                if self.brokers[b].session.is_none_or(|s| session > s) =>
            {
                self.brokers[b].session = Some(session);
                self.send(me, NodeId::Zookeeper, Msg::ZkCreateController { session });
            }
            // Only an answer about the session the broker holds counts: a late answer to a
            // ping of an older session changes nothing.
            Msg::ZkSessionExpired { session } if self.brokers[b].session == Some(session) => {
                self.brokers[b].session = None;
                self.controller_resign(b);
                self.send(me, NodeId::Zookeeper, Msg::ZkRegister);
            }
            Msg::ZkControllerGone => {
                if let Some(session) = self.brokers[b].session {
                    self.send(me, NodeId::Zookeeper, Msg::ZkCreateController { session });
                }
            }
            Msg::ZkControllerResult { epoch, read } => {
                if let Some(read) = read {
                    self.controller_failover(b, epoch, *read);
                } else if self.brokers[b]
                    .controller
                    .as_ref()
                    .is_some_and(|c| c.epoch < epoch)
                {
                    self.controller_resign(b);
                }
            }
            Msg::ZkBrokerChange { brokers } => {
                self.controller_event(b, ControllerEvent::BrokerChange(brokers))
            }
            Msg::ZkIsrChange { part, state } => {
                self.controller_event(b, ControllerEvent::IsrChange(part, state))
            }
            Msg::ZkTopicChange { added } => {
                self.controller_event(b, ControllerEvent::PartitionsAdded(added))
            }
            Msg::ZkTopicDeletion { parts } => {
                self.controller_event(b, ControllerEvent::TopicDeletion(parts))
            }
            Msg::ZkSetPartitionStateResult { req, outcome } => {
                self.controller_write_result(b, req, outcome)
            }
            Msg::ZkAlterIsrResult {
                part,
                epoch,
                isr,
                new_version,
            } => self.leader_isr_written(b, part, epoch, isr, new_version),
            // Every controller request is answered, accepted or not (a refusal is an error
            // code in Kafka), so the controller's channel moves on to its next request.
            Msg::LeaderAndIsr {
                controller_epoch,
                broker_epoch,
                parts,
            } => {
                self.handle_leader_and_isr(b, controller_epoch, broker_epoch, parts);
                self.send(me, from, Msg::LeaderAndIsrResponse { req: id });
            }
            Msg::UpdateMetadata {
                controller_epoch,
                broker_epoch,
                leaders,
            } => {
                if self.accept_controller_request(b, controller_epoch, broker_epoch) {
                    for (p, l, e) in leaders {
                        self.brokers[b].metadata[p as usize] = (l, e);
                    }
                }
                self.send(me, from, Msg::UpdateMetadataResponse { req: id });
            }
            Msg::StopReplica {
                controller_epoch,
                broker_epoch,
                part,
                delete,
            } => {
                if self.accept_controller_request(b, controller_epoch, broker_epoch) {
                    self.stop_replica(b, part, delete);
                }
                self.send(me, from, Msg::StopReplicaResponse { req: id });
            }
            Msg::LeaderAndIsrResponse { req }
            | Msg::UpdateMetadataResponse { req }
            | Msg::StopReplicaResponse { req } => {
                if let NodeId::Broker(from) = from {
                    self.controller_request_answered(b, from, req);
                }
            }
            Msg::ControlledShutdown { broker } => {
                let shutdown = ControllerEvent::ControlledShutdown(broker, from);
                self.controller_event(b, shutdown)
            }
            Msg::ZkGetControllerResult { controller } => self.controlled_shutdown_to(b, controller),
            Msg::ControlledShutdownResponse { remaining } => {
                self.controlled_shutdown_answered(b, remaining)
            }
            Msg::Fetch { replica, parts } => self.handle_fetch(b, id, replica, parts),
            Msg::FetchResponse {
                req,
                parts,
                records,
            } => self.handle_fetch_response(b, from, req, parts, records),
            Msg::OffsetsForLeaderEpoch {
                part,
                epoch,
                current_leader_epoch,
            } => self.handle_offsets_for_leader_epoch(b, from, part, epoch, current_leader_epoch),
            Msg::OffsetsForLeaderEpochResponse {
                part,
                current_leader_epoch,
                end,
                error,
            } => self.handle_epoch_end(b, from, part, current_leader_epoch, end, error),
            Msg::Produce {
                req,
                part,
                acks,
                timeout_ms,
                records,
            } => {
                let rq = ProduceRequest {
                    from,
                    req,
                    part,
                    acks,
                    timeout_ms,
                };
                self.handle_produce(b, rq, records)
            }
            Msg::Metadata { req } => {
                let leaders = self.brokers[b].metadata.iter().map(|m| m.0).collect();
                self.send(me, from, Msg::MetadataResponse { req, leaders });
            }
            Msg::ConsumerFetch { part, offset } => {
                self.handle_consumer_fetch(b, from, part, offset)
            }
            Msg::FindCoordinator
            | Msg::JoinGroup { .. }
            | Msg::Heartbeat { .. }
            | Msg::LeaveGroup
            | Msg::OffsetCommit { .. }
            | Msg::OffsetFetch { .. } => self.coordinator_handle(b, from, msg),
            _ => {}
        }
    }

    /// Whether broker `b` acts on a controller request. It must be registered (a broker
    /// whose `/brokers/ids/N` could not be created has not started, as in Kafka); from 2.2
    /// (KIP-380; the 2.5 and 3.7 presets) the request's broker epoch must be the broker's
    /// own registration, else it is STALE_BROKER_EPOCH; and the controller epoch must not
    /// be older than one already seen (stale controller).
    pub(crate) fn accept_controller_request(
        &mut self,
        b: usize,
        epoch: u32,
        broker_epoch: u64,
    ) -> bool {
        let Some(session) = self.brokers[b].session else {
            return false;
        };
        if self.cfg.broker_epochs() && broker_epoch != session {
            return false;
        }
        let known = self.brokers[b].controller_epoch_seen;
        if epoch < known {
            self.emit(EventKind::StaleControllerEpochRejected {
                broker: self.brokers[b].id,
                request_epoch: epoch,
                known_epoch: known,
            });
            return false;
        }
        self.brokers[b].controller_epoch_seen = epoch;
        true
    }
}
