//! Kafka's metrics under their MBean names ([`names`]), per broker and cluster-wide.
//! Gauges are read from the cluster's state ([`gauges`]); meters are marked by the
//! [`observer`], which reads each step's events; [`history`] keeps a bounded series of
//! snapshots for charts and `isrlab run --metrics`.

pub mod csv;
pub mod gauges;
pub mod history;
pub mod meter;
pub mod names;
pub mod observer;

use crate::ids::{BrokerId, TimeMs};
use crate::sim::Sim;
pub use gauges::{BrokerGauges, FollowerLag, Gauges, GroupPartitionLag};
pub use meter::Rate;
pub use names::MetricId;
use serde::Serialize;
use std::collections::BTreeMap;

/// One broker's metrics at one instant.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[allow(non_snake_case)]
pub struct BrokerMetrics {
    /// The broker.
    pub broker: BrokerId,
    /// Its gauges.
    #[serde(flatten)]
    pub gauges: Gauges,
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
    /// The cluster's gauges.
    #[serde(flatten)]
    pub gauges: Gauges,
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
        let rate = || self.rate(metric, broker).map(|r| r.OneMinuteRate);
        match broker {
            Some(id) => self
                .brokers
                .iter()
                .find(|b| b.broker == id)?
                .gauges
                .value(metric)
                .or_else(rate),
            None if metric == MetricId::ConsumerGroupLag => {
                Some(self.ConsumerGroupLag.values().sum::<u64>() as f64)
            }
            None => self.gauges.value(metric).or_else(rate),
        }
    }

    /// Every value as `(column, value)`: cluster-wide metrics by name (a meter as
    /// `Name.Count`, `Name.MeanRate`, `Name.OneMinuteRate`, `Name.FiveMinuteRate` and
    /// `Name.FifteenMinuteRate`), then `broker.<id>.<Name>`, then produce
    /// errors by code and each group's lag. The columns of `isrlab run --metrics --format csv`.
    pub fn columns(&self) -> Vec<(String, f64)> {
        let mut out = Vec::new();
        let mut put =
            |prefix: &str, m: MetricId, broker: Option<BrokerId>| match self.rate(m, broker) {
                Some(r) => rate_columns(&format!("{prefix}{}", m.name()), &r, &mut out),
                None => out.push((
                    format!("{prefix}{}", m.name()),
                    self.value(m, broker).unwrap_or(0.0),
                )),
            };
        for m in MetricId::ALL {
            put("", m, None);
        }
        for b in &self.brokers {
            let prefix = format!("broker.{}.", b.broker);
            for m in MetricId::ALL.into_iter().filter(|m| m.per_broker()) {
                put(&prefix, m, Some(b.broker));
            }
        }
        for (error, r) in &self.ProduceErrorsPerSec {
            rate_columns(&format!("ErrorsPerSec.Produce.{error}"), r, &mut out);
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
            let b = self.brokers.iter().find(|b| b.broker == id)?;
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

/// A meter's columns under `name`, with Yammer's attribute names.
fn rate_columns(name: &str, r: &Rate, out: &mut Vec<(String, f64)>) {
    out.extend([
        (format!("{name}.Count"), r.Count as f64),
        (format!("{name}.MeanRate"), r.MeanRate),
        (format!("{name}.OneMinuteRate"), r.OneMinuteRate),
        (format!("{name}.FiveMinuteRate"), r.FiveMinuteRate),
        (format!("{name}.FifteenMinuteRate"), r.FifteenMinuteRate),
    ]);
}

impl Sim {
    /// The metrics now.
    pub fn metrics(&self) -> Metrics {
        let brokers = self.broker_gauges();
        let meters = &self.observer.meters;
        let mut groups: BTreeMap<String, u64> = BTreeMap::new();
        for g in self.group_lags() {
            *groups.entry(g.group).or_default() += g.lag;
        }
        Metrics {
            time_ms: self.now,
            gauges: Gauges::cluster(&brokers, self.offline_partitions()),
            IsrShrinksPerSec: meters.isr[0].read(self.now),
            IsrExpandsPerSec: meters.isr[1].read(self.now),
            UncleanLeaderElectionsPerSec: meters.unclean.read(self.now),
            FailedProduceRequestsPerSec: meters.failed_produce.read(self.now),
            ProduceRequestsPerSec: meters.produce.read(self.now),
            ProduceErrorsPerSec: meters
                .produce_errors
                .iter()
                .map(|(k, m)| (k.clone(), m.read(self.now)))
                .collect(),
            ConsumerGroupLag: groups,
            brokers: brokers
                .into_iter()
                .enumerate()
                .map(|(i, b)| {
                    let [s, e] = meters.per_broker.get(i).cloned().unwrap_or_default();
                    BrokerMetrics {
                        broker: b.broker,
                        gauges: b.gauges,
                        IsrShrinksPerSec: s.read(self.now),
                        IsrExpandsPerSec: e.read(self.now),
                    }
                })
                .collect(),
        }
    }
}
