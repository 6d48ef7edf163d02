//! Metrics with Kafka's names, computed from the cluster's state at the current time.

use crate::broker::replica::Role;
use crate::ids::TimeMs;
use crate::sim::Sim;
use serde::Serialize;

/// Counters that only grow.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    /// ISR shrinks.
    pub isr_shrinks: u64,
    /// ISR expands.
    pub isr_expands: u64,
    /// Unclean leader elections.
    pub unclean_elections: u64,
}

/// Kafka's metrics at one instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[allow(non_snake_case)]
pub struct Metrics {
    /// Virtual time.
    pub time_ms: TimeMs,
    /// Partitions whose leader's ISR is smaller than the replica set.
    pub UnderReplicatedPartitions: u32,
    /// Partitions whose leader's ISR is below `min.insync.replicas`.
    pub UnderMinIsrPartitionCount: u32,
    /// Partitions without a live leader.
    pub OfflinePartitionsCount: u32,
    /// Brokers that believe they are the controller (more than 1 = split brain).
    pub ActiveControllerCount: u32,
    /// ISR shrinks so far (IsrShrinksPerSec's count).
    pub IsrShrinks: u64,
    /// ISR expands so far.
    pub IsrExpands: u64,
    /// Unclean elections so far.
    pub UncleanLeaderElections: u64,
    /// Max over followers of (leader LEO - follower LEO).
    pub ReplicaFetcherLag: u64,
}

impl Sim {
    /// The metrics now.
    pub fn metrics(&self) -> Metrics {
        let mut m = Metrics {
            time_ms: self.now,
            UnderReplicatedPartitions: 0,
            UnderMinIsrPartitionCount: 0,
            OfflinePartitionsCount: 0,
            ActiveControllerCount: self
                .brokers
                .iter()
                .filter(|b| b.is_up() && b.controller.is_some())
                .count() as u32,
            IsrShrinks: self.counters.isr_shrinks,
            IsrExpands: self.counters.isr_expands,
            UncleanLeaderElections: self.counters.unclean_elections,
            ReplicaFetcherLag: 0,
        };
        for (p, info) in self.parts.iter().enumerate() {
            let z = &self.zk.partitions[p];
            let leader_up = z
                .leader
                .and_then(|l| self.bidx(l))
                .is_some_and(|b| self.brokers[b].is_up());
            if !leader_up {
                m.OfflinePartitionsCount += 1;
                continue;
            }
            let lb = self.bidx(z.leader.expect("up")).expect("known");
            let Some(r) = self.brokers[lb].replicas[p].as_ref() else {
                continue;
            };
            let Role::Leader(st) = &r.role else { continue };
            if st.isr.len() < r.assigned.len() {
                m.UnderReplicatedPartitions += 1;
            }
            if (st.isr.len() as u32) < self.topics[info.topic as usize].cfg.min_insync_replicas {
                m.UnderMinIsrPartitionCount += 1;
            }
            for b in &self.brokers {
                if let Some(fr) = b.replicas[p].as_ref() {
                    if matches!(fr.role, Role::Follower(_)) {
                        m.ReplicaFetcherLag = m
                            .ReplicaFetcherLag
                            .max(r.log.leo().saturating_sub(fr.log.leo()));
                    }
                }
            }
        }
        m
    }
}
