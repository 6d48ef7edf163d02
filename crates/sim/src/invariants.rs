//! Invariants checked after every step on the partitions the step touched, each
//! reported when it becomes broken, with the time and the step number.

use crate::broker::replica::Role;
use crate::config::Protocol;
use crate::ids::{BrokerId, Offset, TimeMs, TopicPartition};
use crate::net::msg::PartIdx;
use crate::sim::Sim;
use serde::Serialize;

/// The invariants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Invariant {
    /// No acknowledged acks=all message is lost while unclean election is off and protocol >= 0.11.
    StrongIsr,
    /// Every record below the leader's HW is on every ISR member.
    WeakIsr,
    /// The leader in the partition state is in the ISR.
    LeaderInIsr,
    /// Every replica's HW is at most its LEO.
    HwBelowLeo,
    /// Replicas agree on every record below both their HWs.
    ReplicasAgreeBelowHw,
}

impl Invariant {
    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// What broke, structurally.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type")]
pub enum ViolationDetail {
    /// A message that was acknowledged with acks=all is gone.
    AcknowledgedMessageLost { message: u64 },
    /// An ISR member lacks records below the leader's HW.
    IsrMemberBehindHw { broker: BrokerId, leader: BrokerId, high_watermark: Offset, member_leo: Offset },
    /// The leader is not in the ISR.
    LeaderNotInIsr { leader: BrokerId, isr: Vec<BrokerId> },
    /// A replica's HW passed its LEO.
    HwAboveLeo { broker: BrokerId, high_watermark: Offset, log_end_offset: Offset },
    /// Two replicas differ below their common HW.
    Divergence { a: BrokerId, b: BrokerId, below: Offset },
}

/// A broken invariant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// Which invariant.
    pub invariant: Invariant,
    /// When it broke.
    pub time_ms: TimeMs,
    /// The step (event number) that broke it.
    pub step: u64,
    /// The partition.
    pub tp: TopicPartition,
    /// What exactly.
    pub detail: ViolationDetail,
}

impl Sim {
    /// Runs the checks on every partition touched since the last check.
    pub(crate) fn check_invariants(&mut self) {
        while let Some(p) = self.dirty.pop() {
            let found = self.partition_violations(p);
            let mut mask = 0u8;
            for (inv, detail) in found {
                mask |= inv.bit();
                if self.broken[p as usize] & inv.bit() == 0 {
                    self.violations.push(Violation {
                        invariant: inv,
                        time_ms: self.now,
                        step: self.steps,
                        tp: self.parts[p as usize].tp.clone(),
                        detail,
                    });
                }
            }
            self.broken[p as usize] = (self.broken[p as usize] & Invariant::StrongIsr.bit()) | mask;
        }
    }

    fn partition_violations(&self, p: PartIdx) -> Vec<(Invariant, ViolationDetail)> {
        let mut out = Vec::new();
        let z = &self.zk.partitions[p as usize];
        if let Some(l) = z.leader {
            if z.created && !z.isr.contains(&l) {
                out.push((Invariant::LeaderInIsr, ViolationDetail::LeaderNotInIsr { leader: l, isr: z.isr.clone() }));
            }
        }
        let hosted: Vec<(BrokerId, &crate::broker::replica::Replica)> = self
            .brokers
            .iter()
            .filter_map(|b| b.replicas[p as usize].as_ref().map(|r| (b.id, r)))
            .collect();
        for (id, r) in &hosted {
            if r.log.hw > r.log.leo() {
                out.push((
                    Invariant::HwBelowLeo,
                    ViolationDetail::HwAboveLeo { broker: *id, high_watermark: r.log.hw, log_end_offset: r.log.leo() },
                ));
                break;
            }
        }
        // The leader of the current epoch, if its broker is up.
        let leader = hosted.iter().find(|(id, r)| {
            Some(*id) == z.leader
                && r.epoch == Some(z.leader_epoch)
                && self.bidx(*id).is_some_and(|b| self.brokers[b].is_up())
                && matches!(r.role, Role::Leader(_))
        });
        if let Some((lid, lr)) = leader {
            let hw = lr.log.hw;
            for m in &z.isr {
                if let Some((_, mr)) = hosted.iter().find(|(id, _)| id == m) {
                    if mr.log.leo() < hw || mr.log.chain_at(hw) != lr.log.chain_at(hw) {
                        out.push((
                            Invariant::WeakIsr,
                            ViolationDetail::IsrMemberBehindHw {
                                broker: *m,
                                leader: *lid,
                                high_watermark: hw,
                                member_leo: mr.log.leo(),
                            },
                        ));
                        break;
                    }
                }
            }
        }
        'outer: for (i, (a, ra)) in hosted.iter().enumerate() {
            for (b, rb) in &hosted[i + 1..] {
                let h = ra.log.hw.min(rb.log.hw).min(ra.log.leo()).min(rb.log.leo());
                if ra.log.chain_at(h) != rb.log.chain_at(h) {
                    out.push((Invariant::ReplicasAgreeBelowHw, ViolationDetail::Divergence { a: *a, b: *b, below: h }));
                    break 'outer;
                }
            }
        }
        out
    }

    /// A message left every replica: under a configuration that promises durability
    /// (acks=all, unclean election off, protocol >= 0.11) that breaks StrongIsr.
    pub(crate) fn on_message_lost(&mut self, msg: u32) {
        let m = self.ledger.get(msg);
        if m.acks != -1 || m.acknowledged_at.is_none() {
            return;
        }
        let Some(ti) = self.topics.iter().position(|t| t.name == m.tp.topic) else { return };
        if self.topics[ti].cfg.unclean_leader_election_enable || self.cfg.protocol < Protocol::V0_11 {
            return;
        }
        let p = self.topics[ti].first + m.tp.partition;
        self.broken[p as usize] |= Invariant::StrongIsr.bit();
        self.violations.push(Violation {
            invariant: Invariant::StrongIsr,
            time_ms: self.now,
            step: self.steps,
            tp: m.tp.clone(),
            detail: ViolationDetail::AcknowledgedMessageLost { message: msg as u64 },
        });
    }
}
