//! LeaderAndIsr on a broker: becoming leader or follower, and the truncation a new
//! follower does, by protocol: to the HW (before 0.11), to the leader's end offset of
//! its latest epoch (KIP-101, OffsetsForLeaderEpoch) or walking back epoch by epoch
//! (KIP-279, Kafka 2.0 `AbstractFetcherThread.getOffsetTruncationState`).

use super::log::Record;
use super::replica::{FollowerInfo, FollowerState, LeaderState, Replica, Role};
use crate::config::TruncationRule;
use crate::events::{EventKind, KafkaError, LossCause};
use crate::ids::{BrokerId, LeaderEpoch, NodeId, Offset};
use crate::net::msg::{LeaderAndIsrPart, Msg, PartIdx};
use crate::sim::Sim;

impl Sim {
    /// Applies a LeaderAndIsr request.
    pub(crate) fn handle_leader_and_isr(&mut self, b: usize, controller_epoch: u32, parts: Vec<LeaderAndIsrPart>) {
        if !self.accept_controller_epoch(b, controller_epoch) {
            return;
        }
        let me = self.brokers[b].id;
        for lp in parts {
            let p = lp.part as usize;
            if !lp.replicas.contains(&me) {
                continue;
            }
            let r = self.brokers[b].replicas[p].get_or_insert_with(Replica::new);
            // Kafka ignores a LeaderAndIsr whose leader epoch is not newer than the one it has.
            if r.epoch.is_some_and(|e| lp.epoch <= e) {
                continue;
            }
            r.assigned = lp.replicas.clone();
            self.brokers[b].metadata[p] = (lp.leader, lp.epoch);
            match lp.leader {
                Some(l) if l == me => self.become_leader(b, lp.part, lp.epoch, lp.isr, lp.zk_version),
                Some(l) => self.become_follower(b, lp.part, l, lp.epoch),
                None => {
                    let r = self.brokers[b].replicas[p].as_mut().expect("inserted");
                    r.epoch = Some(lp.epoch);
                    r.role = Role::None;
                    self.fail_delayed_produce(b, lp.part, KafkaError::NOT_LEADER_OR_FOLLOWER);
                }
            }
            self.touch(lp.part);
        }
    }

    fn become_leader(&mut self, b: usize, p: PartIdx, epoch: LeaderEpoch, isr: Vec<BrokerId>, zk_version: u32) {
        let me = self.brokers[b].id;
        let now = self.now;
        let r = self.brokers[b].replicas[p as usize].as_mut().expect("hosted");
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
                Some(x) if !is_new => x.clone(),
                _ => FollowerInfo {
                    broker: f,
                    leo: None,
                    last_caught_up_ms: if isr.contains(&f) { now } else { 0 },
                    last_fetch_leader_leo: 0,
                    last_fetch_ms: now,
                },
            })
            .collect();
        r.role =
            Role::Leader(LeaderState { isr, zk_version, followers, isr_write_in_flight: false, pending: Vec::new() });
        r.rebuild_sequences();
        if is_new {
            let tp = self.parts[p as usize].tp.clone();
            self.emit(EventKind::BecameLeader { tp, broker: me, epoch });
        }
        self.maybe_advance_hw(b, p);
    }

    fn become_follower(&mut self, b: usize, p: PartIdx, leader: BrokerId, epoch: LeaderEpoch) {
        let me = self.brokers[b].id;
        let rule = self.cfg.truncation;
        let r = self.brokers[b].replicas[p as usize].as_mut().expect("hosted");
        r.epoch = Some(epoch);
        if matches!(&r.role, Role::Follower(f) if f.leader == leader) {
            return;
        }
        r.role = Role::Follower(FollowerState { leader, truncating: false });
        let latest = r.log.latest_epoch();
        let hw = r.log.hw;
        self.fail_delayed_produce(b, p, KafkaError::NOT_LEADER_OR_FOLLOWER);
        let tp = self.parts[p as usize].tp.clone();
        self.emit(EventKind::BecameFollower { tp, broker: me, leader, epoch });
        match (rule, latest) {
            (TruncationRule::HighWatermark, _) | (_, None) => self.truncate(b, p, hw, rule),
            (_, Some(e)) => {
                self.set_truncating(b, p, true);
                self.send(NodeId::Broker(me), NodeId::Broker(leader), Msg::OffsetsForLeaderEpoch { part: p, epoch: e });
            }
        }
        if let Some(l) = self.bidx(leader) {
            self.maybe_fetch(b, l);
        }
    }

    fn set_truncating(&mut self, b: usize, p: PartIdx, on: bool) {
        if let Some(Role::Follower(f)) = self.brokers[b].replicas[p as usize].as_mut().map(|r| &mut r.role) {
            f.truncating = on;
        }
    }

    /// Leader side of OffsetsForLeaderEpoch.
    pub(crate) fn handle_offsets_for_leader_epoch(&mut self, b: usize, from: NodeId, p: PartIdx, epoch: LeaderEpoch) {
        let r = self.brokers[b].replicas[p as usize].as_ref();
        let (end, error) = match r {
            Some(r) if r.leader().is_some() => (r.log.end_offset_for(epoch), None),
            _ => (None, Some(KafkaError::NOT_LEADER_OR_FOLLOWER)),
        };
        let me = NodeId::Broker(self.brokers[b].id);
        self.send(me, from, Msg::OffsetsForLeaderEpochResponse { part: p, end, error });
    }

    /// Follower side: truncate by the answer, or ask again with an older epoch (KIP-279).
    pub(crate) fn handle_epoch_end(
        &mut self,
        b: usize,
        from: NodeId,
        p: PartIdx,
        end: Option<(LeaderEpoch, Offset)>,
        error: Option<KafkaError>,
    ) {
        let NodeId::Broker(leader) = from else { return };
        let rule = self.cfg.truncation;
        let Some(r) = self.brokers[b].replicas[p as usize].as_ref() else { return };
        if !matches!(&r.role, Role::Follower(f) if f.leader == leader && f.truncating) {
            return;
        }
        let leo = r.log.leo();
        let hw = r.log.hw;
        let mut again = None;
        let to = match (error, end) {
            (Some(_), _) | (None, None) => hw,
            (None, Some((le, lend))) => match rule {
                TruncationRule::LeaderEpochWalkBack => match r.log.end_offset_for(le) {
                    None => hw,
                    Some((fe, fend)) if fe == le => lend.min(fend),
                    Some((fe, fend)) => {
                        again = Some(fe);
                        fend.min(leo)
                    }
                },
                _ => lend.min(leo),
            },
        };
        self.truncate(b, p, to, rule);
        let me = self.brokers[b].id;
        match again {
            Some(e) => {
                self.send(NodeId::Broker(me), from, Msg::OffsetsForLeaderEpoch { part: p, epoch: e });
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
        let r = self.brokers[b].replicas[p as usize].as_mut().expect("hosted");
        r.log.truncate_to(to, &mut removed);
        if removed.is_empty() {
            return;
        }
        r.rebuild_sequences();
        let tp = self.parts[p as usize].tp.clone();
        let broker = self.brokers[b].id;
        self.emit(EventKind::Truncated { tp, broker, to_offset: to, removed: removed.len() as u64, rule });
        self.ledger_remove(p, b, &removed, LossCause::Truncation);
        self.touch(p);
    }

    /// Notes records removed from broker `b`'s log; a message that left every log is lost.
    pub(crate) fn ledger_remove(&mut self, p: PartIdx, b: usize, removed: &[Record], cause: LossCause) {
        let id = self.brokers[b].id;
        for r in removed {
            if self.ledger.removed(r.msg, b, id) && self.ledger.get(r.msg).lost_at.is_none() {
                let now = self.now;
                let m = self.ledger.get_mut(r.msg);
                m.lost_at = Some(now);
                m.lost_cause = Some(cause);
                let acknowledged = m.acknowledged_at.is_some();
                let tp = self.parts[p as usize].tp.clone();
                self.emit(EventKind::MessageLost { message: r.msg as u64, tp, acknowledged, cause });
                self.on_message_lost(r.msg);
            }
        }
    }

    /// StopReplica: the broker stops serving `p` (and deletes it when asked).
    pub(crate) fn stop_replica(&mut self, b: usize, p: PartIdx, delete: bool) {
        let Some(r) = self.brokers[b].replicas[p as usize].as_mut() else { return };
        r.role = Role::None;
        self.fail_delayed_produce(b, p, KafkaError::NOT_LEADER_OR_FOLLOWER);
        if delete {
            let r = self.brokers[b].replicas[p as usize].take().expect("hosted");
            self.ledger_remove(p, b, r.log.records(), LossCause::Truncation);
        }
        self.touch(p);
    }
}
