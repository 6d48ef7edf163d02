//! A broker's replica of one partition: its log plus the in-memory leader or follower
//! state, with Kafka's rules for follower fetch state, "caught up", the leader's HW and
//! the out-of-sync replicas (Partition.scala, Replica.scala).

use super::log::Log;
use super::producer_state::ProducerStateManager;
use crate::events::ShrinkReason;
use crate::ids::{BrokerId, LeaderEpoch, Offset, TimeMs};

/// What the leader knows of one follower (Kafka's `Replica` on the leader).
#[derive(Clone, Debug, PartialEq)]
pub struct FollowerInfo {
    /// Follower broker.
    pub broker: BrokerId,
    /// Follower LEO, as told by its last fetch offset (`None` before its first fetch).
    pub leo: Option<Offset>,
    /// Kafka's `lastCaughtUpTimeMs`.
    pub last_caught_up_ms: TimeMs,
    /// Kafka's `lastFetchLeaderLogEndOffset`.
    pub last_fetch_leader_leo: Offset,
    /// Kafka's `lastFetchTimeMs`.
    pub last_fetch_ms: TimeMs,
}

impl FollowerInfo {
    /// Kafka's `Replica.updateFetchState`: a fetch at `fetch_offset` when the leader's LEO
    /// is `leader_leo`. Caught up now if it reached the LEO, or caught up as of the
    /// previous fetch if it reached the LEO of that time.
    pub fn update_fetch_state(&mut self, fetch_offset: Offset, leader_leo: Offset, now: TimeMs) {
        if fetch_offset >= leader_leo {
            self.last_caught_up_ms = self.last_caught_up_ms.max(now);
        } else if fetch_offset >= self.last_fetch_leader_leo {
            self.last_caught_up_ms = self.last_caught_up_ms.max(self.last_fetch_ms);
        }
        self.leo = Some(fetch_offset);
        self.last_fetch_leader_leo = leader_leo;
        self.last_fetch_ms = now;
    }
}

/// Leader-side state of a partition.
#[derive(Clone, Debug, PartialEq)]
pub struct LeaderState {
    /// The ISR as this leader knows it (last successful write).
    pub isr: Vec<BrokerId>,
    /// zkVersion of the partition state this leader last wrote or received.
    pub zk_version: u32,
    /// One entry per other assigned replica.
    pub followers: Vec<FollowerInfo>,
    /// An ISR write is in flight to ZooKeeper.
    pub isr_write_in_flight: bool,
    /// The changes that write makes: (broker, `Some(reason)` to shrink, `None` to expand).
    pub pending: Vec<(BrokerId, Option<ShrinkReason>)>,
    /// Kafka's `leaderEpochStartOffsetOpt`: this log's LEO when it became leader at its
    /// current epoch (`Partition.makeLeader`). A follower joins the ISR only once it has
    /// reached it (KAFKA-7128), even when this broker leads again at the same epoch after a
    /// restart and its HW, read from the checkpoint, lags.
    pub epoch_start_offset: Offset,
}

impl LeaderState {
    /// Size of Kafka's maximal ISR (KIP-497): the ISR plus the members whose addition is
    /// being written.
    pub fn maximal_isr_len(&self) -> usize {
        let joining = if self.isr_write_in_flight {
            self.pending.iter().filter(|(_, why)| why.is_none()).count()
        } else {
            0
        };
        self.isr.len() + joining
    }
}

/// Follower-side state of a partition.
#[derive(Clone, Debug, PartialEq)]
pub struct FollowerState {
    /// The leader it fetches from.
    pub leader: BrokerId,
    /// Waiting for an OffsetsForLeaderEpoch answer before fetching.
    pub truncating: bool,
}

/// The role a broker plays for a partition.
#[derive(Clone, Debug, PartialEq)]
pub enum Role {
    /// No role yet (just started) or no leader.
    None,
    /// Leader.
    Leader(LeaderState),
    /// Follower.
    Follower(FollowerState),
}

/// A broker's replica of a partition.
#[derive(Clone, Debug)]
pub struct Replica {
    /// The log (survives crashes).
    pub log: Log,
    /// Assigned replicas as last told by the controller.
    pub assigned: Vec<BrokerId>,
    /// Leader epoch as last told by the controller (`None` after a restart).
    pub epoch: Option<LeaderEpoch>,
    /// Role.
    pub role: Role,
    /// The idempotent producers' state, kept on leaders and followers alike.
    pub producer_state: ProducerStateManager,
}

impl Replica {
    /// A replica with an empty log.
    pub fn new() -> Replica {
        Replica {
            log: Log::default(),
            assigned: Vec::new(),
            epoch: None,
            role: Role::None,
            producer_state: ProducerStateManager::default(),
        }
    }

    /// Leader state, if leader.
    pub fn leader(&self) -> Option<&LeaderState> {
        match &self.role {
            Role::Leader(l) => Some(l),
            _ => None,
        }
    }

    /// Appends whole batches of fetched or produced records at the LEO, recording each
    /// idempotent batch in the producer state.
    pub fn append_batches(&mut self, records: &[super::log::RecordData], now: TimeMs) {
        let mut first: Option<(u32, Offset)> = None;
        for rd in records {
            let off = self.log.append(*rd, now);
            let (first_seq, first_offset) = *first.get_or_insert((rd.seq, off));
            if rd.batch_end {
                if rd.producer_id != 0 {
                    let batch = super::producer_state::BatchMetadata {
                        first_seq,
                        last_seq: rd.seq,
                        first_offset,
                    };
                    self.producer_state.append(rd.producer_id, batch, now);
                }
                first = None;
            }
        }
    }

    /// Rebuilds the producer state after records left the log (truncation, power loss).
    pub fn rebuild_producer_state(&mut self, now: TimeMs) {
        self.producer_state.rebuild(&self.log, now);
    }
}

/// The length of the longest prefix of `records` made of whole batches: a follower appends
/// only whole batches and fetches a batch cut short at the end of a response again
/// (AbstractFetcherThread; KIP-74 guarantees only that the first batch is whole).
pub fn whole_batches(records: &[super::log::RecordData]) -> usize {
    records
        .iter()
        .rposition(|r| r.batch_end)
        .map_or(0, |i| i + 1)
}

impl Default for Replica {
    fn default() -> Self {
        Replica::new()
    }
}

/// Kafka's `Partition.maybeIncrementLeaderHW`: the minimum LEO over the ISR (the
/// leader's own LEO included); `None` when some ISR follower has not fetched yet.
/// While an expansion is being written the joining follower counts too (the "maximal
/// ISR" of KIP-497), so the HW never passes the LEO of a replica about to join.
/// The 3.7 gate holds the HW while ISR < min(min.insync.replicas, RF).
pub fn candidate_hw(
    leader_id: BrokerId,
    leader_leo: Offset,
    st: &LeaderState,
    min_isr_gate: Option<(u32, u32)>,
) -> Option<Offset> {
    if let Some((min_isr, rf)) = min_isr_gate {
        if (st.isr.len() as u32) < min_isr.min(rf) {
            return None;
        }
    }
    let mut hw = leader_leo;
    let joining = st
        .pending
        .iter()
        .filter(|(_, reason)| st.isr_write_in_flight && reason.is_none())
        .map(|(b, _)| b);
    for &b in st.isr.iter().chain(joining) {
        if b == leader_id {
            continue;
        }
        match st
            .followers
            .iter()
            .find(|f| f.broker == b)
            .and_then(|f| f.leo)
        {
            Some(leo) => hw = hw.min(leo),
            None => return None,
        }
    }
    Some(hw)
}

/// Kafka's `Partition.getOutOfSyncReplicas` for one follower: why it is out of sync,
/// or `None` if it is caught up (`Replica.isCaughtUp`: LEO equals the leader's, or
/// caught up within `replica.lag.time.max.ms`). With the legacy 0.8 rule a follower is
/// out if more than `replica.lag.max.messages` behind or stuck (no fetch within the lag time).
pub fn out_of_sync_reason(
    f: &FollowerInfo,
    leader_leo: Offset,
    now: TimeMs,
    lag_time_ms: TimeMs,
    lag_max_messages: Option<u64>,
) -> Option<ShrinkReason> {
    if let Some(max) = lag_max_messages {
        let behind = leader_leo.saturating_sub(f.leo.unwrap_or(0));
        if behind > max {
            return Some(ShrinkReason::LagMessagesExceeded { behind });
        }
        if now.saturating_sub(f.last_fetch_ms) > lag_time_ms {
            return Some(ShrinkReason::Stuck {
                last_fetch_ms: f.last_fetch_ms,
            });
        }
        return None;
    }
    if f.leo == Some(leader_leo) || now.saturating_sub(f.last_caught_up_ms) <= lag_time_ms {
        None
    } else {
        Some(ShrinkReason::LagTimeExceeded {
            last_caught_up_ms: f.last_caught_up_ms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn follower(b: BrokerId) -> FollowerInfo {
        FollowerInfo {
            broker: b,
            leo: None,
            last_caught_up_ms: 0,
            last_fetch_leader_leo: 0,
            last_fetch_ms: 0,
        }
    }

    // Kafka ReplicaTest/PartitionTest: a follower that fetched up to the leader's LEO
    // of its previous fetch is caught up as of that previous fetch.
    #[test]
    fn update_fetch_state_uses_previous_fetch_time_when_reaching_old_leo() {
        let mut f = follower(2);
        f.update_fetch_state(0, 10, 1000); // behind
        assert_eq!(f.last_caught_up_ms, 0);
        f.update_fetch_state(10, 15, 2000); // reached the LEO of the 1000 ms fetch
        assert_eq!(f.last_caught_up_ms, 1000);
        f.update_fetch_state(15, 15, 3000);
        assert_eq!(f.last_caught_up_ms, 3000);
    }

    #[test]
    fn is_caught_up_by_equal_leo_or_within_lag_time() {
        let mut f = follower(2);
        f.update_fetch_state(5, 5, 1000);
        assert_eq!(out_of_sync_reason(&f, 5, 100_000, 10_000, None), None); // equal LEO
        assert_eq!(out_of_sync_reason(&f, 6, 11_000, 10_000, None), None); // within lag
        assert_eq!(
            out_of_sync_reason(&f, 6, 11_001, 10_000, None),
            Some(ShrinkReason::LagTimeExceeded {
                last_caught_up_ms: 1000
            })
        );
    }

    #[test]
    fn legacy_lag_by_messages_and_stuck_follower() {
        let mut f = follower(2);
        f.update_fetch_state(0, 0, 0);
        assert!(matches!(
            out_of_sync_reason(&f, 4001, 10, 10_000, Some(4000)),
            Some(ShrinkReason::LagMessagesExceeded { behind: 4001 })
        ));
        assert!(matches!(
            out_of_sync_reason(&f, 1, 10_001, 10_000, Some(4000)),
            Some(ShrinkReason::Stuck { .. })
        ));
        assert_eq!(out_of_sync_reason(&f, 4000, 10, 10_000, Some(4000)), None);
    }

    fn rec(seq: u32, batch_end: bool) -> super::super::log::RecordData {
        super::super::log::RecordData {
            epoch: 0,
            msg: seq,
            producer_id: 5,
            seq,
            batch_end,
            timestamp: 0,
        }
    }

    // AbstractFetcherThread: a batch cut short at the end of a fetch response is not appended.
    #[test]
    fn follower_appends_whole_batches_only_and_records_them_in_the_producer_state() {
        let fetched = [rec(0, false), rec(1, true), rec(2, false), rec(3, false)];
        assert_eq!(whole_batches(&fetched), 2);
        assert_eq!(whole_batches(&fetched[2..]), 0);
        let mut r = Replica::new();
        r.append_batches(&fetched[..whole_batches(&fetched)], 0);
        assert_eq!(r.log.leo(), 2);
        use super::super::producer_state::SequenceCheck;
        assert_eq!(r.producer_state.check(5, 0, 1), SequenceCheck::Duplicate(0));
        assert_eq!(
            r.producer_state.check(5, 0, 3),
            SequenceCheck::OutOfOrder,
            "no phantom match of the whole 4-record batch"
        );
        assert_eq!(r.producer_state.check(5, 2, 3), SequenceCheck::InSequence);
    }

    #[test]
    fn hw_is_min_leo_over_isr_and_gated_below_min_isr() {
        let mut f2 = follower(2);
        f2.leo = Some(3);
        let mut f3 = follower(3);
        f3.leo = Some(1);
        let st = LeaderState {
            isr: vec![1, 2],
            zk_version: 0,
            followers: vec![f2, f3],
            isr_write_in_flight: false,
            pending: vec![],
            epoch_start_offset: 0,
        };
        assert_eq!(candidate_hw(1, 5, &st, None), Some(3)); // 3 is out of the ISR: ignored
        assert_eq!(candidate_hw(1, 5, &st, Some((2, 3))), Some(3));
        let st1 = LeaderState {
            isr: vec![1],
            ..st.clone()
        };
        assert_eq!(candidate_hw(1, 5, &st1, Some((2, 3))), None);
        assert_eq!(candidate_hw(1, 5, &st1, None), Some(5));
        // KIP-497 maximal ISR: follower 3 (LEO 1) being added holds the HW at 1.
        let joining = LeaderState {
            isr_write_in_flight: true,
            pending: vec![(3, None)],
            ..st.clone()
        };
        assert_eq!(candidate_hw(1, 5, &joining, None), Some(1));
        // DelayedProduce decides NOT_ENOUGH_REPLICAS_AFTER_APPEND against that maximal ISR;
        // a removal being written still counts until it is done.
        assert_eq!((st.maximal_isr_len(), joining.maximal_isr_len()), (2, 3));
        let leaving = LeaderState {
            isr_write_in_flight: true,
            pending: vec![(2, Some(ShrinkReason::BrokerDead))],
            ..st
        };
        assert_eq!(leaving.maximal_isr_len(), 2);
    }
}
