//! The gauges, read from the cluster's state now, per broker as each broker registers
//! them: `ReplicaManager` gauges on the leader of each partition (`Partition.isUnderReplicated`,
//! `isUnderMinIsr`, `isAtMinIsr`), the controller's gauges on the active controller, and the
//! fetcher's lag on the follower's broker.

use super::names::MetricId;
use crate::broker::replica::Role;
use crate::ids::{BrokerId, Offset, TopicPartition};
use crate::sim::Sim;
use serde::Serialize;

/// The gauges one broker reports, or (summed) the cluster's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[allow(non_snake_case)]
pub struct Gauges {
    /// Partitions it leads with ISR < replicas.
    pub UnderReplicatedPartitions: u32,
    /// Partitions it leads with ISR < `min.insync.replicas`.
    pub UnderMinIsrPartitionCount: u32,
    /// Partitions it leads with ISR = `min.insync.replicas`.
    pub AtMinIsrPartitionCount: u32,
    /// Offline partitions, if it is the active controller (0 on the others).
    pub OfflinePartitionsCount: u32,
    /// 1 if it is up and believes it is the controller.
    pub ActiveControllerCount: u32,
    /// The largest lag of its follower replicas.
    pub MaxLag: Offset,
}

impl Gauges {
    /// A gauge's value (`None` for the metrics that are not gauges here).
    pub fn value(&self, metric: MetricId) -> Option<f64> {
        use MetricId::*;
        Some(match metric {
            UnderReplicatedPartitions => self.UnderReplicatedPartitions as f64,
            UnderMinIsrPartitionCount => self.UnderMinIsrPartitionCount as f64,
            AtMinIsrPartitionCount => self.AtMinIsrPartitionCount as f64,
            OfflinePartitionsCount => self.OfflinePartitionsCount as f64,
            ActiveControllerCount => self.ActiveControllerCount as f64,
            MaxLag => self.MaxLag as f64,
            _ => return None,
        })
    }

    /// The cluster's gauges: each broker's summed (MaxLag: the largest), and the offline
    /// partitions counted from the state.
    pub fn cluster(brokers: &[BrokerGauges], offline: u32) -> Gauges {
        let sum = |f: fn(&Gauges) -> u32| brokers.iter().map(|b| f(&b.gauges)).sum::<u32>();
        Gauges {
            UnderReplicatedPartitions: sum(|g| g.UnderReplicatedPartitions),
            UnderMinIsrPartitionCount: sum(|g| g.UnderMinIsrPartitionCount),
            AtMinIsrPartitionCount: sum(|g| g.AtMinIsrPartitionCount),
            OfflinePartitionsCount: offline,
            ActiveControllerCount: sum(|g| g.ActiveControllerCount),
            MaxLag: brokers.iter().map(|b| b.gauges.MaxLag).max().unwrap_or(0),
        }
    }
}

/// One broker's gauges.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BrokerGauges {
    /// The broker.
    pub broker: BrokerId,
    /// Its gauges.
    #[serde(flatten)]
    pub gauges: Gauges,
}

/// One follower replica's lag (Kafka's `FetcherLagMetrics.lag`, set by
/// `AbstractFetcherThread.processFetchRequest` as the leader's high watermark minus the
/// follower's next fetch offset; here the leader's HW now, where Kafka uses the HW of the
/// last fetch response).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FollowerLag {
    /// Partition.
    pub tp: TopicPartition,
    /// The follower's broker.
    pub broker: BrokerId,
    /// The leader it follows.
    pub leader: BrokerId,
    /// Leader's HW minus the follower's LEO (0 when ahead).
    pub lag: Offset,
}

/// One consumer group's lag on one partition, as `kafka-consumer-groups.sh --describe`
/// computes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroupPartitionLag {
    /// Group.
    pub group: String,
    /// Partition.
    pub tp: TopicPartition,
    /// The group's committed offset (CURRENT-OFFSET).
    pub current_offset: Offset,
    /// The leader's high watermark (LOG-END-OFFSET: what `ListOffsets` latest returns).
    pub log_end_offset: Offset,
    /// LOG-END-OFFSET − CURRENT-OFFSET.
    pub lag: Offset,
}

impl Sim {
    /// Every broker's gauges now, in broker order.
    pub fn broker_gauges(&self) -> Vec<BrokerGauges> {
        let mut out: Vec<BrokerGauges> = self
            .brokers
            .iter()
            .map(|b| BrokerGauges {
                broker: b.id,
                gauges: Gauges {
                    ActiveControllerCount: u32::from(b.is_up() && b.controller.is_some()),
                    ..Gauges::default()
                },
            })
            .collect();
        let offline = self.offline_partitions();
        if let Some(c) = out.iter_mut().find(|g| g.gauges.ActiveControllerCount == 1) {
            c.gauges.OfflinePartitionsCount = offline;
        }
        for (b, broker) in self.brokers.iter().enumerate() {
            if !broker.is_up() {
                continue;
            }
            for (p, r) in broker.replicas.iter().enumerate() {
                let Some(r) = r else { continue };
                let Role::Leader(st) = &r.role else { continue };
                let isr = st.isr.len() as u32;
                let min = self.topics[self.parts[p].topic as usize]
                    .cfg
                    .min_insync_replicas;
                let g = &mut out[b].gauges;
                g.UnderReplicatedPartitions += u32::from(isr < r.assigned.len() as u32);
                g.UnderMinIsrPartitionCount += u32::from(isr < min);
                g.AtMinIsrPartitionCount += u32::from(isr == min);
            }
        }
        for f in self.follower_lags() {
            if let Some(b) = self.bidx(f.broker) {
                out[b].gauges.MaxLag = out[b].gauges.MaxLag.max(f.lag);
            }
        }
        out
    }

    /// Partitions whose leader (in the partition state) is not a live broker; a deleted
    /// topic's are gone.
    pub(crate) fn offline_partitions(&self) -> u32 {
        (self.zk.partitions.iter().zip(&self.zk.assignment))
            .take(self.parts.len())
            .filter(|(_, ar)| !ar.is_empty())
            .filter(|(z, _)| {
                !z.leader
                    .and_then(|l| self.bidx(l))
                    .is_some_and(|b| self.brokers[b].is_up())
            })
            .count() as u32
    }

    /// The lag of every follower replica on a live broker whose leader is live, in
    /// partition then broker order.
    pub fn follower_lags(&self) -> Vec<FollowerLag> {
        let mut out = Vec::new();
        for (p, info) in self.parts.iter().enumerate() {
            let Some(leader) = self.zk.partitions[p].leader else {
                continue;
            };
            let Some(hw) = self
                .bidx(leader)
                .filter(|&b| self.brokers[b].is_up())
                .and_then(|b| self.brokers[b].replicas[p].as_ref())
                .filter(|r| matches!(r.role, Role::Leader(_)))
                .map(|r| r.log.hw)
            else {
                continue;
            };
            for b in self.brokers.iter().filter(|b| b.is_up()) {
                if let Some(r) = b.replicas[p].as_ref() {
                    if matches!(r.role, Role::Follower(_)) {
                        out.push(FollowerLag {
                            tp: info.tp.clone(),
                            broker: b.id,
                            leader,
                            lag: hw.saturating_sub(r.log.leo()),
                        });
                    }
                }
            }
        }
        out
    }

    /// Every consumer group's lag per partition with a committed offset, for the
    /// partitions its live members own, in group then partition order.
    pub fn group_lags(&self) -> Vec<GroupPartitionLag> {
        let mut out: Vec<GroupPartitionLag> = Vec::new();
        let mut groups: Vec<&str> = self
            .consumers
            .iter()
            .filter(|c| !c.removed && c.alive && c.joined)
            .map(|c| c.group.as_str())
            .collect();
        groups.sort_unstable();
        groups.dedup();
        for group in groups {
            let committed = self.committed_offsets(group);
            let mut owned: Vec<usize> = self
                .consumers
                .iter()
                .filter(|c| !c.removed && c.alive && c.joined && c.group == group)
                .flat_map(|c| c.assigned.iter().map(|&p| p as usize))
                .collect();
            owned.sort_unstable();
            owned.dedup();
            for p in owned {
                let Some(&current) = committed.get(&(p as _)) else {
                    continue;
                };
                let end = self.leader_hw(p);
                out.push(GroupPartitionLag {
                    group: group.to_string(),
                    tp: self.parts[p].tp.clone(),
                    current_offset: current,
                    log_end_offset: end,
                    lag: end.saturating_sub(current),
                });
            }
        }
        out
    }
}
