//! Invariants checked after every step on the partitions the step touched, each
//! reported when it becomes broken, with the time and the step number.

use crate::broker::log::Log;
use crate::broker::replica::Role;
use crate::config::TruncationRule;
use crate::ids::{BrokerId, Offset, TimeMs, TopicPartition};
use crate::net::msg::PartIdx;
use crate::sim::Sim;
use serde::Serialize;

/// The invariants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Invariant {
    /// No acknowledged acks=all message is lost (checked in every preset; where Kafka
    /// allows the loss, the violation carries [`ExpectedUnder`]).
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
    IsrMemberBehindHw {
        broker: BrokerId,
        leader: BrokerId,
        high_watermark: Offset,
        member_leo: Offset,
    },
    /// The leader is not in the ISR.
    LeaderNotInIsr {
        leader: BrokerId,
        isr: Vec<BrokerId>,
    },
    /// A replica's HW passed its LEO.
    HwAboveLeo {
        broker: BrokerId,
        high_watermark: Offset,
        log_end_offset: Offset,
    },
    /// Two replicas differ below their common HW.
    Divergence {
        a: BrokerId,
        b: BrokerId,
        below: Offset,
    },
}

/// Why a violation is one Kafka itself allows: the partition went through something the
/// invariants do not survive in Kafka either. `None` on a violation means none applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ExpectedUnder {
    /// The follower truncation rule is to the high watermark (the 0.8 and 0.10 presets, or
    /// `truncation.rule`): KIP-101's scenarios lose and diverge acknowledged writes.
    HighWatermarkTruncation,
    /// An unclean leader election happened on the partition (a replica outside the ISR led).
    UncleanElection,
    /// A replica lost unflushed records to a power loss (no `flush.*` settings; KIP-966).
    PowerLoss,
    /// A replica lost its disk.
    DiskLoss,
    /// A restarted broker acted on a controller request sent to its previous registration
    /// (the controller had not yet seen it die, and `RequestSendThread` re-sent the request
    /// on the new connection). Before KIP-380's broker epochs (Kafka 2.2; here the presets
    /// up to 2.0) nothing tells the two registrations apart, so the broker may lead or
    /// follow with a stale ISR: the case KIP-380 was written for.
    StaleControllerRequest,
}

impl ExpectedUnder {
    /// Bit of an event kind in a partition's record of known unsafe events.
    pub(crate) fn bit(self) -> u8 {
        1 << (self as u8)
    }
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
    /// Set when the configuration or the partition's history makes this a violation Kafka
    /// itself shows ("expected under this preset"), `None` when Kafka would not break it.
    pub expected_under: Option<ExpectedUnder>,
}

impl Sim {
    /// Runs the checks on every partition touched since the last check (none after
    /// [`Sim::stop_recording`]).
    pub(crate) fn check_invariants(&mut self) {
        if self.events.counting_only() {
            self.dirty.clear();
            return;
        }
        self.update_risk();
        let mut found = std::mem::take(&mut self.scratch_violations);
        while let Some(p) = self.dirty.pop() {
            found.clear();
            self.partition_violations(p, &mut found);
            let mut mask = 0u8;
            for (inv, detail) in found.drain(..) {
                mask |= inv.bit();
                if self.broken[p as usize] & inv.bit() == 0 {
                    self.violations.push(Violation {
                        invariant: inv,
                        time_ms: self.now,
                        step: self.steps,
                        tp: self.parts[p as usize].tp.clone(),
                        detail,
                        expected_under: self.expected_under(p),
                    });
                }
            }
            self.broken[p as usize] = (self.broken[p as usize] & Invariant::StrongIsr.bit()) | mask;
        }
        self.scratch_violations = found;
    }

    fn partition_violations(&self, p: PartIdx, out: &mut Vec<(Invariant, ViolationDetail)>) {
        let z = &self.zk.partitions[p as usize];
        if let Some(l) = z.leader {
            if z.created && !z.isr.contains(&l) {
                out.push((
                    Invariant::LeaderInIsr,
                    ViolationDetail::LeaderNotInIsr {
                        leader: l,
                        isr: z.isr.clone(),
                    },
                ));
            }
        }
        let hosted = || {
            self.hosts[p as usize].iter().filter_map(|&b| {
                let br = &self.brokers[b as usize];
                br.replicas[p as usize].as_ref().map(|r| (br.id, r))
            })
        };
        for (id, r) in hosted() {
            if r.log.hw > r.log.leo() {
                out.push((
                    Invariant::HwBelowLeo,
                    ViolationDetail::HwAboveLeo {
                        broker: id,
                        high_watermark: r.log.hw,
                        log_end_offset: r.log.leo(),
                    },
                ));
                break;
            }
        }
        // The leader of the current epoch, if its broker is up.
        let leader = hosted().find(|(id, r)| {
            Some(*id) == z.leader
                && r.epoch == Some(z.leader_epoch)
                && self.bidx(*id).is_some_and(|b| self.brokers[b].is_up())
                && matches!(r.role, Role::Leader(_))
        });
        if let Some((lid, lr)) = leader {
            let hw = lr.log.hw;
            for m in &z.isr {
                if let Some((_, mr)) = hosted().find(|(id, _)| id == m) {
                    if mr.log.leo() < hw || !Log::same_prefix(&mr.log, &lr.log, hw) {
                        out.push((
                            Invariant::WeakIsr,
                            ViolationDetail::IsrMemberBehindHw {
                                broker: *m,
                                leader: lid,
                                high_watermark: hw,
                                member_leo: mr.log.leo(),
                            },
                        ));
                        break;
                    }
                }
            }
        }
        'outer: for (i, (a, ra)) in hosted().enumerate() {
            for (b, rb) in hosted().skip(i + 1) {
                let h = ra.log.hw.min(rb.log.hw).min(ra.log.leo()).min(rb.log.leo());
                if !Log::same_prefix(&ra.log, &rb.log, h) {
                    out.push((
                        Invariant::ReplicasAgreeBelowHw,
                        ViolationDetail::Divergence { a, b, below: h },
                    ));
                    break 'outer;
                }
            }
        }
    }

    /// Which known unsafe condition, if any, explains a violation on `p` (in this order:
    /// unclean election, HW truncation, power loss, disk loss, a stale controller request
    /// before KIP-380).
    fn expected_under(&self, p: PartIdx) -> Option<ExpectedUnder> {
        let seen = self.unsafe_events[p as usize];
        let happened = |e: ExpectedUnder| seen & e.bit() != 0;
        if happened(ExpectedUnder::UncleanElection) {
            Some(ExpectedUnder::UncleanElection)
        } else if self.cfg.truncation == TruncationRule::HighWatermark {
            Some(ExpectedUnder::HighWatermarkTruncation)
        } else {
            [
                ExpectedUnder::PowerLoss,
                ExpectedUnder::DiskLoss,
                ExpectedUnder::StaleControllerRequest,
            ]
            .into_iter()
            .find(|&e| happened(e))
        }
    }

    /// Notes that `p` went through a condition under which Kafka may break the invariants.
    pub(crate) fn note_unsafe_event(&mut self, p: PartIdx, e: ExpectedUnder) {
        self.unsafe_events[p as usize] |= e.bit();
    }

    /// StrongIsr, checked when a message left every replica and when a producer is told of
    /// success: an acknowledged acks=all message that no replica holds any more (or ever
    /// held) is lost, in every preset.
    pub(crate) fn check_acknowledged_loss(&mut self, msg: u32) {
        let m = self.ledger.get(msg);
        if m.acks != crate::action::Acks::All
            || m.acknowledged_at.is_none()
            || m.expired_at.is_some()
            || !(m.lost_at.is_some() || m.held_by.is_empty())
        {
            return;
        }
        let Some(ti) = self.topics.iter().position(|t| t.name == m.tp.topic) else {
            return;
        };
        let p = self.topics[ti].parts[m.tp.partition as usize];
        self.broken[p as usize] |= Invariant::StrongIsr.bit();
        self.violations.push(Violation {
            invariant: Invariant::StrongIsr,
            time_ms: self.now,
            step: self.steps,
            tp: m.tp.clone(),
            detail: ViolationDetail::AcknowledgedMessageLost {
                message: msg as u64,
            },
            expected_under: self.expected_under(p),
        });
    }
}
