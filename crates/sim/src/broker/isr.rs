//! The leader's ISR management and high watermark: follower fetch state, ISR shrink
//! checked every `replica.lag.time.max.ms` / 2, expand on catch-up (LEO >= HW and >= the
//! LEO the leader had when it took its epoch, KAFKA-7128), conditional ISR writes to
//! ZooKeeper, and the HW moving to the minimum LEO over the ISR (Kafka's Partition.scala).

use super::replica::{candidate_hw, out_of_sync_reason, Role};
use crate::client::coordinator::INTERNAL;
use crate::events::EventKind;
use crate::ids::{BrokerId, LeaderEpoch, NodeId, Offset};
use crate::net::msg::{Msg, PartIdx};
use crate::sim::Sim;

impl Sim {
    /// Leader `b` notes a fetch of `p` by `follower` at `offset`, then maybe expands the ISR and moves the HW.
    pub(crate) fn follower_fetched(
        &mut self,
        b: usize,
        p: PartIdx,
        follower: BrokerId,
        offset: Offset,
    ) {
        let now = self.now;
        let Some(r) = self.brokers[b].replicas[p as usize].as_mut() else {
            return;
        };
        let leo = r.log.leo();
        let hw = r.log.hw;
        let Role::Leader(st) = &mut r.role else {
            return;
        };
        let epoch_start = st.epoch_start_offset;
        let Some(f) = st.followers.iter_mut().find(|f| f.broker == follower) else {
            return;
        };
        f.update_fetch_state(offset, leo, now);
        if !st.isr.contains(&follower)
            && !st.isr_write_in_flight
            && offset >= hw
            && offset >= epoch_start
        {
            let mut isr = st.isr.clone();
            isr.push(follower);
            isr.sort_unstable();
            st.pending = vec![(follower, None)];
            self.write_isr(b, p, isr);
        }
        self.maybe_advance_hw(b, p);
    }

    /// The periodic shrink check over every partition `b` leads.
    pub(crate) fn maybe_shrink_isr_all(&mut self, b: usize) {
        let me = self.brokers[b].id;
        let now = self.now;
        let (lag, lag_msgs) = (
            self.cfg.replica_lag_time_max_ms,
            self.cfg.replica_lag_max_messages,
        );
        for p in 0..self.parts.len() {
            let Some(r) = self.brokers[b].replicas[p].as_mut() else {
                continue;
            };
            let leo = r.log.leo();
            let Role::Leader(st) = &mut r.role else {
                continue;
            };
            if st.isr_write_in_flight {
                continue;
            }
            let mut out = Vec::new();
            for f in &st.followers {
                if st.isr.contains(&f.broker) {
                    if let Some(reason) = out_of_sync_reason(f, leo, now, lag, lag_msgs) {
                        out.push((f.broker, Some(reason)));
                    }
                }
            }
            if out.is_empty() {
                continue;
            }
            let isr: Vec<BrokerId> = st
                .isr
                .iter()
                .copied()
                .filter(|x| *x == me || !out.iter().any(|o| o.0 == *x))
                .collect();
            if isr.is_empty() {
                continue; // the last ISR member is never removed
            }
            st.pending = out;
            self.write_isr(b, p as u32, isr);
        }
    }

    fn write_isr(&mut self, b: usize, p: PartIdx, isr: Vec<BrokerId>) {
        let Some(r) = self.brokers[b].replicas[p as usize].as_mut() else {
            return;
        };
        let epoch = r.epoch.unwrap_or(0);
        let Role::Leader(st) = &mut r.role else {
            return;
        };
        st.isr_write_in_flight = true;
        let zk_version = st.zk_version;
        let me = NodeId::Broker(self.brokers[b].id);
        self.send(
            me,
            NodeId::Zookeeper,
            Msg::ZkAlterIsr {
                part: p,
                epoch,
                isr,
                zk_version,
            },
        );
    }

    /// The conditional ISR write made at leader epoch `epoch` came back. An answer to a
    /// write from an older leadership is out of date and changes nothing: a LeaderAndIsr
    /// came in between and the leader may already have a new write in flight, whose own
    /// answer is the one that counts (Kafka 2.7+ `Partition.handleAlterIsrResponse` ignores
    /// a response whose proposed state is no longer the pending one; in 2.5 the ZooKeeper
    /// write is synchronous under `leaderIsrUpdateLock`, so it always answers its own write).
    pub(crate) fn leader_isr_written(
        &mut self,
        b: usize,
        p: PartIdx,
        epoch: LeaderEpoch,
        isr: Vec<BrokerId>,
        new_version: Option<u32>,
    ) {
        let me = self.brokers[b].id;
        let Some(r) = self.brokers[b].replicas[p as usize].as_mut() else {
            return;
        };
        if r.epoch != Some(epoch) {
            return;
        }
        let Role::Leader(st) = &mut r.role else {
            return;
        };
        if !st.isr_write_in_flight {
            return;
        }
        st.isr_write_in_flight = false;
        let pending = std::mem::take(&mut st.pending);
        let tp = self.parts[p as usize].tp.clone();
        let Some(v) = new_version else {
            self.emit(EventKind::IsrUpdateRejected { tp, leader: me });
            return;
        };
        st.isr = isr;
        st.zk_version = v;
        for (broker, reason) in pending {
            match reason {
                Some(reason) => {
                    self.emit(EventKind::IsrShrink {
                        tp: tp.clone(),
                        broker,
                        leader: me,
                        reason,
                    });
                }
                None => {
                    self.emit(EventKind::IsrExpand {
                        tp: tp.clone(),
                        broker,
                        leader: me,
                    });
                }
            }
        }
        self.touch(p);
        self.maybe_advance_hw(b, p);
    }

    /// Moves the leader's HW to the minimum LEO over the ISR when that is higher.
    pub(crate) fn maybe_advance_hw(&mut self, b: usize, p: PartIdx) {
        let me = self.brokers[b].id;
        let tcfg = &self.topics[self.parts[p as usize].topic as usize].cfg;
        let Some(r) = self.brokers[b].replicas[p as usize].as_mut() else {
            return;
        };
        let Role::Leader(st) = &r.role else { return };
        let gate = self
            .cfg
            .min_isr_hw_gate
            .then_some((tcfg.min_insync_replicas, r.assigned.len() as u32));
        let Some(hw) = candidate_hw(me, r.log.leo(), st, gate) else {
            return;
        };
        let old = r.log.hw;
        if hw <= old {
            return;
        }
        r.log.hw = hw;
        let now = self.now;
        let mut first_commit = false;
        for rec in r.log.range(old, hw).filter(|x| x.msg & INTERNAL == 0) {
            let m = self.ledger.get_mut(rec.msg);
            if m.committed_at.is_none() {
                m.committed_at = Some(now);
                first_commit = true;
            }
        }
        if first_commit {
            let tp = self.parts[p as usize].tp.clone();
            self.emit(EventKind::Committed {
                tp,
                high_watermark: hw,
            });
        }
        self.touch(p);
        self.complete_delayed_produce(b, p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::support::scenario;

    // Partition.handleAlterIsrResponse (2.7+) / the synchronous ZooKeeper write (2.5): a
    // LeaderAndIsr at a new epoch came while the leader's ISR write was in flight; the late
    // rejection of that old write must not be taken for the answer to the new one.
    #[test]
    fn answer_to_an_older_epochs_isr_write_is_ignored_handle_alter_isr_response() {
        let mut sim = Sim::new(&scenario("2.5", "", "", "all", "", "", 5_000)).unwrap();
        sim.run_until(1_000);
        let b = sim.bidx(1).unwrap();
        let in_flight = |sim: &Sim| match &sim.brokers[b].replicas[0].as_ref().unwrap().role {
            Role::Leader(st) => (st.isr_write_in_flight, st.isr.clone(), st.zk_version),
            other => panic!("broker 1 leads: {other:?}"),
        };
        let (_, isr, v) = in_flight(&sim);
        let r = sim.brokers[b].replicas[0].as_mut().unwrap();
        assert_eq!(r.epoch, Some(0));
        r.epoch = Some(1);
        let Role::Leader(st) = &mut r.role else {
            unreachable!()
        };
        st.isr_write_in_flight = true;
        sim.leader_isr_written(b, 0, 0, vec![1, 2], None);
        assert_eq!(
            in_flight(&sim),
            (true, isr.clone(), v),
            "the epoch-1 write is still pending"
        );
        assert!(!sim
            .events()
            .iter()
            .any(|e| matches!(e.kind, EventKind::IsrUpdateRejected { .. })));
        sim.leader_isr_written(b, 0, 1, vec![1, 2, 3], Some(v + 1));
        assert_eq!(
            in_flight(&sim),
            (false, vec![1, 2, 3], v + 1),
            "its own answer is applied"
        );
    }
}
