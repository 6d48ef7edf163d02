//! Kafka's metrics under their MBean names ([`names`]), per broker and cluster-wide.
//! Gauges are read from the cluster's state ([`gauges`]); meters are marked by the
//! [`observer`], which reads each step's events; [`history`] keeps a bounded series of
//! snapshots for charts and `isrlab run --metrics`.

pub mod gauges;
pub mod history;
pub mod meter;
pub mod names;
pub mod observer;

use crate::ids::{BrokerId, TimeMs};
use crate::sim::Sim;
pub use gauges::{BrokerGauges, FollowerLag, GroupPartitionLag};
pub use meter::Rate;
pub use names::MetricId;
use serde::Serialize;
use std::collections::BTreeMap;

/// One broker's metrics at one instant.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[allow(non_snake_case)]
pub struct BrokerMetrics {
    /// Its gauges.
    #[serde(flatten)]
    pub gauges: BrokerGauges,
    /// ISR shrinks it made as leader.
    pub IsrShrinksPerSec: Rate,
    /// ISR expansions it made as leader.
    pub IsrExpandsPerSec: Rate,
}

/// Kafka's metrics at one instant: cluster-wide values (gauges summed over the brokers
/// that report them), then each broker's.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[allow(non_snake_case)]
pub struct Metrics {
    /// Virtual time.
    pub time_ms: TimeMs,
    /// Partitions whose leader's ISR is smaller than the replica set.
    pub UnderReplicatedPartitions: u32,
    /// Partitions whose leader's ISR is below `min.insync.replicas`.
    pub UnderMinIsrPartitionCount: u32,
    /// Partitions whose leader's ISR is exactly `min.insync.replicas`.
    pub AtMinIsrPartitionCount: u32,
    /// Partitions without a live leader.
    pub OfflinePartitionsCount: u32,
    /// Brokers that believe they are the controller (more than 1 = split brain).
    pub ActiveControllerCount: u32,
    /// The largest follower lag in the cluster.
    pub MaxLag: u64,
    /// ISR shrinks made by leaders.
    pub IsrShrinksPerSec: Rate,
    /// ISR expansions made by leaders.
    pub IsrExpandsPerSec: Rate,
    /// Unclean leader elections.
    pub UncleanLeaderElectionsPerSec: Rate,
    /// Produce requests answered with an error.
    pub FailedProduceRequestsPerSec: Rate,
    /// Produce requests answered (`RequestsPerSec,request=Produce`).
    pub ProduceRequestsPerSec: Rate,
    /// `ErrorsPerSec,request=Produce,error=E` by error name.
    pub ProduceErrorsPerSec: BTreeMap<String, Rate>,
    /// Each consumer group's lag (LAG summed over its partitions), by group.
    pub ConsumerGroupLag: BTreeMap<String, u64>,
    /// Each broker's metrics, in broker order.
    pub brokers: Vec<BrokerMetrics>,
}

impl Metrics {
    /// A metric's value: a gauge's value or a meter's one-minute rate, for the cluster
    /// (`None`) or one broker; `None` when that broker does not report it.
    pub fn value(&self, metric: MetricId, broker: Option<BrokerId>) -> Option<f64> {
        use MetricId::*;
        if let Some(id) = broker {
            let b = self.brokers.iter().find(|b| b.gauges.broker == id)?;
            let g = &b.gauges;
            return Some(match metric {
                UnderReplicatedPartitions => g.UnderReplicatedPartitions as f64,
                UnderMinIsrPartitionCount => g.UnderMinIsrPartitionCount as f64,
                AtMinIsrPartitionCount => g.AtMinIsrPartitionCount as f64,
                OfflinePartitionsCount => g.OfflinePartitionsCount as f64,
                ActiveControllerCount => g.ActiveControllerCount as f64,
                MaxLag => g.MaxLag as f64,
                IsrShrinksPerSec => b.IsrShrinksPerSec.OneMinuteRate,
                IsrExpandsPerSec => b.IsrExpandsPerSec.OneMinuteRate,
                _ => return None,
            });
        }
        Some(match metric {
            UnderReplicatedPartitions => self.UnderReplicatedPartitions as f64,
            UnderMinIsrPartitionCount => self.UnderMinIsrPartitionCount as f64,
            AtMinIsrPartitionCount => self.AtMinIsrPartitionCount as f64,
            OfflinePartitionsCount => self.OfflinePartitionsCount as f64,
            ActiveControllerCount => self.ActiveControllerCount as f64,
            MaxLag => self.MaxLag as f64,
            IsrShrinksPerSec => self.IsrShrinksPerSec.OneMinuteRate,
            IsrExpandsPerSec => self.IsrExpandsPerSec.OneMinuteRate,
            UncleanLeaderElectionsPerSec => self.UncleanLeaderElectionsPerSec.OneMinuteRate,
            FailedProduceRequestsPerSec => self.FailedProduceRequestsPerSec.OneMinuteRate,
            ProduceRequestsPerSec => self.ProduceRequestsPerSec.OneMinuteRate,
            ConsumerGroupLag => self.ConsumerGroupLag.values().sum::<u64>() as f64,
        })
    }

    /// Every value as `(column, value)`: cluster-wide metrics by name (a meter as
    /// `Name.Count` and `Name.OneMinuteRate`), then `broker.<id>.<Name>`, then produce
    /// errors by code and each group's lag. The columns of `isrlab run --metrics --format csv`.
    pub fn columns(&self) -> Vec<(String, f64)> {
        let mut out = Vec::new();
        let mut put = |prefix: &str, m: MetricId, value: Option<f64>, rate: Option<Rate>| match rate
        {
            Some(r) => {
                out.push((format!("{prefix}{}.Count", m.name()), r.Count as f64));
                out.push((
                    format!("{prefix}{}.OneMinuteRate", m.name()),
                    r.OneMinuteRate,
                ));
            }
            None => out.push((format!("{prefix}{}", m.name()), value.unwrap_or(0.0))),
        };
        for m in MetricId::ALL {
            put("", m, self.value(m, None), self.rate(m, None));
        }
        for b in &self.brokers {
            let prefix = format!("broker.{}.", b.gauges.broker);
            for m in MetricId::ALL.into_iter().filter(|m| m.per_broker()) {
                put(
                    &prefix,
                    m,
                    self.value(m, Some(b.gauges.broker)),
                    self.rate(m, Some(b.gauges.broker)),
                );
            }
        }
        for (error, r) in &self.ProduceErrorsPerSec {
            out.push((
                format!("ErrorsPerSec.Produce.{error}.Count"),
                r.Count as f64,
            ));
            out.push((
                format!("ErrorsPerSec.Produce.{error}.OneMinuteRate"),
                r.OneMinuteRate,
            ));
        }
        for (group, lag) in &self.ConsumerGroupLag {
            out.push((format!("ConsumerGroupLag.{group}"), *lag as f64));
        }
        out
    }

    /// A meter's readings for the cluster or one broker (`None` for gauges).
    pub fn rate(&self, metric: MetricId, broker: Option<BrokerId>) -> Option<Rate> {
        use MetricId::*;
        if let Some(id) = broker {
            let b = self.brokers.iter().find(|b| b.gauges.broker == id)?;
            return match metric {
                IsrShrinksPerSec => Some(b.IsrShrinksPerSec),
                IsrExpandsPerSec => Some(b.IsrExpandsPerSec),
                _ => None,
            };
        }
        match metric {
            IsrShrinksPerSec => Some(self.IsrShrinksPerSec),
            IsrExpandsPerSec => Some(self.IsrExpandsPerSec),
            UncleanLeaderElectionsPerSec => Some(self.UncleanLeaderElectionsPerSec),
            FailedProduceRequestsPerSec => Some(self.FailedProduceRequestsPerSec),
            ProduceRequestsPerSec => Some(self.ProduceRequestsPerSec),
            _ => None,
        }
    }
}

impl Sim {
    /// The metrics now.
    pub fn metrics(&self) -> Metrics {
        let gauges = self.broker_gauges();
        let meters = &self.observer.meters;
        let sum = |f: fn(&BrokerGauges) -> u32| gauges.iter().map(f).sum::<u32>();
        let mut groups: BTreeMap<String, u64> = BTreeMap::new();
        for g in self.group_lags() {
            *groups.entry(g.group).or_default() += g.lag;
        }
        Metrics {
            time_ms: self.now,
            UnderReplicatedPartitions: sum(|g| g.UnderReplicatedPartitions),
            UnderMinIsrPartitionCount: sum(|g| g.UnderMinIsrPartitionCount),
            AtMinIsrPartitionCount: sum(|g| g.AtMinIsrPartitionCount),
            OfflinePartitionsCount: self.offline_partitions(),
            ActiveControllerCount: sum(|g| g.ActiveControllerCount),
            MaxLag: gauges.iter().map(|g| g.MaxLag).max().unwrap_or(0),
            IsrShrinksPerSec: meters.isr_shrinks.read(),
            IsrExpandsPerSec: meters.isr_expands.read(),
            UncleanLeaderElectionsPerSec: meters.unclean.read(),
            FailedProduceRequestsPerSec: meters.failed_produce.read(),
            ProduceRequestsPerSec: meters.produce.read(),
            ProduceErrorsPerSec: meters
                .produce_errors
                .iter()
                .map(|(k, m)| (k.clone(), m.read()))
                .collect(),
            ConsumerGroupLag: groups,
            brokers: gauges
                .into_iter()
                .enumerate()
                .map(|(i, g)| {
                    let (s, e) = meters.per_broker.get(i).cloned().unwrap_or_default();
                    BrokerMetrics {
                        gauges: g,
                        IsrShrinksPerSec: s.read(),
                        IsrExpandsPerSec: e.read(),
                    }
                })
                .collect(),
        }
    }
}
