//! LeaderAndIsr on a broker: becoming leader or follower, and the truncation a new
//! follower does, by protocol: to the HW (before 0.11), to the leader's end offset of
//! its latest epoch (KIP-101, OffsetsForLeaderEpoch) or walking back epoch by epoch
//! (KIP-279, Kafka 2.0 `AbstractFetcherThread.getOffsetTruncationState`).

use super::log::{Log, Record};
use super::replica::{FollowerInfo, FollowerState, LeaderState, Replica, Role};
use crate::client::coordinator::INTERNAL;
use crate::config::{Protocol, TruncationRule};
use crate::events::{EventKind, KafkaError, LossCause, TruncatedRecord};
use crate::ids::{BrokerId, LeaderEpoch, NodeId, Offset};
use crate::invariants::ExpectedUnder;
use crate::net::msg::{LeaderAndIsrPart, Msg, PartIdx};
use crate::sim::Sim;

/// Where a follower truncates given the leader's OffsetsForLeaderEpoch answer, and the
/// epoch to ask about next when the logs may still differ further back. KIP-101 (0.11):
/// min(leader's end offset, own LEO). KIP-279 (2.0, `AbstractFetcherThread.
/// getOffsetTruncationState`): if the follower does not have the leader's epoch, truncate
/// to its own end of that epoch and ask again. UNDEFINED: fall back to the HW.
pub fn epoch_truncation(
    rule: TruncationRule,
    log: &Log,
    answer: Option<(LeaderEpoch, Offset)>,
) -> (Offset, Option<LeaderEpoch>) {
    let Some((le, lend)) = answer else {
        return (log.hw, None);
    };
    match rule {
        TruncationRule::LeaderEpochWalkBack => match log.end_offset_for(le) {
            None => (log.hw, None),
            Some((fe, fend)) if fe == le => (lend.min(fend), None),
            Some((fe, fend)) => (fend.min(log.leo()), Some(fe)),
        },
        _ => (lend.min(log.leo()), None),
    }
}

impl Sim {
    /// Applies a LeaderAndIsr request.
    pub(crate) fn handle_leader_and_isr(
        &mut self,
        b: usize,
        controller_epoch: u32,
        broker_epoch: u64,
        parts: Vec<LeaderAndIsrPart>,
    ) {
        // Sent to this broker's previous registration; only KIP-380 (2.2+) refuses it.
        let stale = self.brokers[b].session.is_some_and(|s| s != broker_epoch);
        if !self.accept_controller_request(b, controller_epoch, broker_epoch) {
            return;
        }
        let me = self.brokers[b].id;
        let mut fetch_from = Vec::new();
        for lp in parts {
            let p = lp.part as usize;
            if !lp.replicas.contains(&me) {
                continue;
            }
            if self.brokers[b].replicas[p].is_none() {
                self.brokers[b].replicas[p] = Some(Replica::new());
                if let Err(pos) = self.hosts[p].binary_search(&(b as u32)) {
                    self.hosts[p].insert(pos, b as u32);
                }
            }
            let r = self.brokers[b].replicas[p].as_mut().expect("hosted");
            // Kafka ignores a LeaderAndIsr whose leader epoch is not newer than the one it has.
            if r.epoch.is_some_and(|e| lp.epoch <= e) {
                continue;
            }
            r.assigned = lp.replicas.clone();
            self.brokers[b].metadata[p] = (lp.leader, lp.epoch);
            if stale {
                self.note_unsafe_event(lp.part, ExpectedUnder::StaleControllerRequest);
            }
            match lp.leader {
                Some(l) if l == me => {
                    self.become_leader(b, lp.part, lp.epoch, lp.isr, lp.zk_version)
                }
                Some(l) => {
                    if let Some(l) = self.become_follower(b, lp.part, l, lp.epoch) {
                        if !fetch_from.contains(&l) {
                            fetch_from.push(l);
                        }
                    }
                }
                None => {
                    let r = self.brokers[b].replicas[p].as_mut().expect("inserted");
                    r.epoch = Some(lp.epoch);
                    r.role = Role::None;
                    self.fail_delayed_produce(b, lp.part, KafkaError::NOT_LEADER_OR_FOLLOWER);
                }
            }
            self.touch(lp.part);
        }
        for l in fetch_from {
            self.maybe_fetch(b, l);
        }
    }

    fn become_leader(
        &mut self,
        b: usize,
        p: PartIdx,
        epoch: LeaderEpoch,
        isr: Vec<BrokerId>,
        zk_version: u32,
    ) {
        let me = self.brokers[b].id;
        let now = self.now;
        let r = self.brokers[b].replicas[p as usize]
            .as_mut()
            .expect("hosted");
        r.epoch = Some(epoch);
        r.log.assign_epoch(epoch);
        let others: Vec<BrokerId> = r.assigned.iter().copied().filter(|&x| x != me).collect();
        let is_new = !matches!(r.role, Role::Leader(_));
        let old = match std::mem::replace(&mut r.role, Role::None) {
            Role::Leader(st) => st.followers,
            _ => Vec::new(),
        };
        let followers = others
            .iter()
            .map(|&f| match old.iter().find(|x| x.broker == f) {
                // Still the leader, at a new epoch: the followers' fetch times stand, but a
                // LEO learned in an older epoch may describe a log that has since been
                // truncated under another leader (this leader may have missed a
                // LeaderAndIsr): the HW waits for each follower's next fetch.
                Some(x) if !is_new => FollowerInfo {
                    leo: None,
                    ..x.clone()
                },
                _ => FollowerInfo {
                    broker: f,
                    leo: None,
                    last_caught_up_ms: if isr.contains(&f) { now } else { 0 },
                    last_fetch_leader_leo: 0,
                    last_fetch_ms: now,
                },
            })
            .collect();
        let epoch_start_offset = r.log.leo();
        r.role = Role::Leader(LeaderState {
            isr,
            zk_version,
            followers,
            isr_write_in_flight: false,
            pending: Vec::new(),
            epoch_start_offset,
        });
        if is_new {
            let tp = self.parts[p as usize].tp.clone();
            self.emit(EventKind::BecameLeader {
                tp,
                broker: me,
                epoch,
            });
        }
        self.maybe_advance_hw(b, p);
    }

    /// Makes `b` a follower of `leader` for `p`; returns the leader's broker index when a
    /// fresh fetcher to it must start.
    fn become_follower(
        &mut self,
        b: usize,
        p: PartIdx,
        leader: BrokerId,
        epoch: LeaderEpoch,
    ) -> Option<usize> {
        let me = self.brokers[b].id;
        let rule = self.cfg.truncation;
        let restart_on_new_epoch = self.cfg.protocol >= Protocol::V2_0;
        let r = self.brokers[b].replicas[p as usize]
            .as_mut()
            .expect("hosted");
        r.epoch = Some(epoch);
        // Partition.makeFollower: before Kafka 2.1 a LeaderAndIsr naming the leader the
        // follower already had changed nothing (no fetcher restart, no truncation). From 2.1
        // every new leader epoch restarts the fetcher and the truncation, so a follower that
        // followed a zombie at an older epoch finds its divergent suffix. The 2.0 preset
        // follows 2.1 here (as it does for KIP-320); 0.8, 0.10 and 0.11 keep the shortcut.
        if !restart_on_new_epoch && matches!(&r.role, Role::Follower(f) if f.leader == leader) {
            return None;
        }
        r.role = Role::Follower(FollowerState {
            leader,
            truncating: false,
        });
        let latest = r.log.latest_epoch();
        let hw = r.log.hw;
        self.fail_delayed_produce(b, p, KafkaError::NOT_LEADER_OR_FOLLOWER);
        let tp = self.parts[p as usize].tp.clone();
        self.emit(EventKind::BecameFollower {
            tp,
            broker: me,
            leader,
            epoch,
        });
        match (rule, latest) {
            (TruncationRule::HighWatermark, _) | (_, None) => self.truncate(b, p, hw, rule),
            (_, Some(_)) => {
                self.set_truncating(b, p, true);
                self.send_epoch_query(b, p);
            }
        }
        // A fresh fetcher at once (ReplicaFetcherManager.addFetcherForPartitions): a fetch
        // still counted in flight to that broker (e.g. lost when it died) is forgotten, its
        // late answer ignored, instead of waiting out `replica.socket.timeout.ms`.
        let l = self.bidx(leader)?;
        let f = &mut self.brokers[b].fetchers[l];
        f.in_flight = None;
        f.backoff = false;
        Some(l)
    }

    /// A truncating follower asks its leader for the end offset of its latest epoch.
    pub(crate) fn send_epoch_query(&mut self, b: usize, p: PartIdx) {
        let Some(r) = self.brokers[b].replicas[p as usize].as_ref() else {
            return;
        };
        let Role::Follower(f) = &r.role else { return };
        if !f.truncating {
            return;
        }
        let (leader, epoch, current_leader_epoch) = (
            f.leader,
            r.log.latest_epoch().unwrap_or(0),
            r.epoch.unwrap_or(0),
        );
        let me = self.brokers[b].id;
        let query = Msg::OffsetsForLeaderEpoch {
            part: p,
            epoch,
            current_leader_epoch,
        };
        self.send(NodeId::Broker(me), NodeId::Broker(leader), query);
    }

    fn set_truncating(&mut self, b: usize, p: PartIdx, on: bool) {
        if let Some(Role::Follower(f)) = self.brokers[b].replicas[p as usize]
            .as_mut()
            .map(|r| &mut r.role)
        {
            f.truncating = on;
        }
    }

    /// Leader side of OffsetsForLeaderEpoch. From KIP-320 (Kafka 2.1; the 2.0 preset and
    /// later here, as for fetches) the leader checks the follower's `currentLeaderEpoch`
    /// against its own (`Partition.lastOffsetForLeaderEpoch` → `checkCurrentLeaderEpoch`):
    /// a leader that has not yet learned the follower's epoch answers
    /// UNKNOWN_LEADER_EPOCH instead of describing a log it may still truncate, and one at
    /// a newer epoch answers FENCED_LEADER_EPOCH.
    pub(crate) fn handle_offsets_for_leader_epoch(
        &mut self,
        b: usize,
        from: NodeId,
        p: PartIdx,
        epoch: LeaderEpoch,
        current_leader_epoch: LeaderEpoch,
    ) {
        let check_epoch = self.cfg.truncation == TruncationRule::LeaderEpochWalkBack;
        let r = self.brokers[b].replicas[p as usize].as_ref();
        let (end, error) = match r {
            Some(r)
                if r.leader().is_some() && check_epoch && r.epoch != Some(current_leader_epoch) =>
            {
                let error = if r.epoch.is_some_and(|e| e > current_leader_epoch) {
                    KafkaError::FENCED_LEADER_EPOCH
                } else {
                    KafkaError::UNKNOWN_LEADER_EPOCH
                };
                (None, Some(error))
            }
            Some(r) if r.leader().is_some() => (r.log.end_offset_for(epoch), None),
            _ => (None, Some(KafkaError::NOT_LEADER_OR_FOLLOWER)),
        };
        let me = NodeId::Broker(self.brokers[b].id);
        self.send(
            me,
            from,
            Msg::OffsetsForLeaderEpochResponse {
                part: p,
                current_leader_epoch,
                end,
                error,
            },
        );
    }

    /// Follower side: truncate by the answer, or ask again with an older epoch (KIP-279).
    /// An answer to a request sent at another leader epoch is ignored
    /// (`AbstractFetcherThread.truncateToEpochEndOffsets`: "no leadership and no leader
    /// epoch changes happened whilst we were unlocked, fetching epochs"): a leader that was
    /// paused may answer an old query about an older epoch after the follower asked anew.
    pub(crate) fn handle_epoch_end(
        &mut self,
        b: usize,
        from: NodeId,
        p: PartIdx,
        current_leader_epoch: LeaderEpoch,
        end: Option<(LeaderEpoch, Offset)>,
        error: Option<KafkaError>,
    ) {
        let NodeId::Broker(leader) = from else { return };
        let rule = self.cfg.truncation;
        let Some(r) = self.brokers[b].replicas[p as usize].as_ref() else {
            return;
        };
        if r.epoch != Some(current_leader_epoch)
            || !matches!(&r.role, Role::Follower(f) if f.leader == leader && f.truncating)
        {
            return;
        }
        if error.is_some() {
            // The leader cannot answer yet (e.g. it has not learned it leads): ask again later.
            self.broker_timer(
                b,
                self.cfg.replica_fetch_backoff_ms.max(1),
                super::BrokerTimer::RetryEpochQuery { part: p },
            );
            return;
        }
        let (to, again) = epoch_truncation(rule, &r.log, end);
        self.truncate(b, p, to, rule);
        let me = self.brokers[b].id;
        match again {
            Some(e) => {
                self.send(
                    NodeId::Broker(me),
                    from,
                    Msg::OffsetsForLeaderEpoch {
                        part: p,
                        epoch: e,
                        current_leader_epoch,
                    },
                );
            }
            None => {
                self.set_truncating(b, p, false);
                if let Some(l) = self.bidx(leader) {
                    self.maybe_fetch(b, l);
                }
            }
        }
    }

    /// Truncates broker `b`'s log of `p` to `to`, recording what was removed.
    pub(crate) fn truncate(&mut self, b: usize, p: PartIdx, to: Offset, rule: TruncationRule) {
        let mut removed = Vec::new();
        let r = self.brokers[b].replicas[p as usize]
            .as_mut()
            .expect("hosted");
        r.log.truncate_to(to, &mut removed);
        if removed.is_empty() {
            return;
        }
        r.rebuild_producer_state(self.now);
        let tp = self.parts[p as usize].tp.clone();
        let broker = self.brokers[b].id;
        let records = removed
            .iter()
            .map(|r| TruncatedRecord {
                offset: r.offset,
                epoch: r.epoch,
                message: u64::from(r.msg),
            })
            .collect();
        self.emit(EventKind::Truncated {
            tp,
            broker,
            to_offset: to,
            removed: removed.len() as u64,
            rule,
            records,
        });
        self.ledger_remove(p, b, &removed, LossCause::Truncation);
        self.touch(p);
    }

    /// Notes records removed from broker `b`'s log; a message that left every log is lost.
    pub(crate) fn ledger_remove(
        &mut self,
        p: PartIdx,
        b: usize,
        removed: &[Record],
        cause: LossCause,
    ) {
        let id = self.brokers[b].id;
        for r in removed.iter().filter(|x| x.msg & INTERNAL == 0) {
            if self.ledger.removed(r.msg, b, id) && self.ledger.lost(r.msg, cause, self.now) {
                let acknowledged = self.ledger.get(r.msg).acknowledged_at.is_some();
                let tp = self.parts[p as usize].tp.clone();
                self.emit(EventKind::MessageLost {
                    message: r.msg as u64,
                    tp,
                    acknowledged,
                    cause,
                });
                self.check_acknowledged_loss(r.msg);
            }
        }
    }

    /// StopReplica: the broker stops serving `p` (and deletes it when asked).
    pub(crate) fn stop_replica(&mut self, b: usize, p: PartIdx, delete: bool) {
        let Some(r) = self.brokers[b].replicas[p as usize].as_mut() else {
            return;
        };
        r.role = Role::None;
        self.fail_delayed_produce(b, p, KafkaError::NOT_LEADER_OR_FOLLOWER);
        if delete {
            let r = self.brokers[b].replicas[p as usize].take().expect("hosted");
            self.hosts[p as usize].retain(|&x| x != b as u32);
            if self.topics[self.parts[p as usize].topic as usize].marked_for_deletion {
                // Deleted with its topic, on purpose: settled, like a retention deletion.
                let id = self.brokers[b].id;
                for rec in r.log.records().iter().filter(|x| x.msg & INTERNAL == 0) {
                    self.ledger.expired(rec.msg, b, id, self.now);
                }
            } else {
                self.ledger_remove(p, b, &r.log.records().to_vec(), LossCause::Truncation);
            }
        }
        self.touch(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::broker::log::RecordData;

    fn log_with(epochs: &[u32]) -> Log {
        let mut l = Log::default();
        for (i, &e) in epochs.iter().enumerate() {
            l.append(
                RecordData {
                    epoch: e,
                    msg: i as u32,
                    producer_id: 0,
                    seq: 0,
                    batch_end: true,
                    timestamp: 0,
                },
                0,
            );
        }
        l
    }

    // KIP-279's example shape: the follower has epochs the leader never had.
    #[test]
    fn kip_279_walk_back_asks_again_until_the_epochs_match() {
        let mut follower = log_with(&[0, 0, 2, 2, 3, 3]);
        let leader = log_with(&[0, 0, 0, 1, 1, 4, 4]);
        let answer = leader.end_offset_for(follower.latest_epoch().unwrap());
        assert_eq!(answer, Some((1, 5)));
        let (to, again) = epoch_truncation(TruncationRule::LeaderEpochWalkBack, &follower, answer);
        assert_eq!((to, again), (2, Some(0)));
        follower.truncate_to(to, &mut Vec::new());
        let answer = leader.end_offset_for(again.unwrap());
        assert_eq!(answer, Some((0, 3)));
        assert_eq!(
            epoch_truncation(TruncationRule::LeaderEpochWalkBack, &follower, answer),
            (2, None)
        );
        assert_eq!(follower.chain_at(2), leader.chain_at(2));
    }

    #[test]
    fn kip_101_alone_keeps_a_divergent_suffix_that_kip_279_removes() {
        let follower = log_with(&[0, 0, 2, 2, 3, 3]);
        let leader = log_with(&[0, 0, 0, 1, 1, 4, 4]);
        let answer = leader.end_offset_for(3);
        let (to, again) = epoch_truncation(TruncationRule::LeaderEpoch, &follower, answer);
        assert_eq!((to, again), (5, None));
        assert_ne!(
            follower.chain_at(to),
            leader.chain_at(to),
            "logs diverge below the truncation point"
        );
    }

    #[test]
    fn undefined_answer_falls_back_to_the_high_watermark() {
        let mut follower = log_with(&[0, 0, 0]);
        follower.hw = 1;
        assert_eq!(
            epoch_truncation(TruncationRule::LeaderEpochWalkBack, &follower, None),
            (1, None)
        );
    }
}
