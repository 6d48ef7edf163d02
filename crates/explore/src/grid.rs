//! A sweep's parameter grid: each parameter a list of values; the points are every
//! combination, applied to a copy of the scenario before the run.

use crate::error::ExploreError;
use isrlab_sim::{Acks, Scenario, Sim};
use serde_json::Value;

/// Most points a grid may have.
pub const MAX_POINTS: usize = 1000;

/// A parameter the grid can vary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    /// Every producer's `acks`.
    Acks,
    /// The cluster's `min.insync.replicas`.
    MinInsyncReplicas,
    /// Every topic's replication factor (an explicit assignment is dropped for the placement rule).
    ReplicationFactor,
    /// The cluster's `replica.lag.time.max.ms`.
    ReplicaLagTimeMaxMs,
    /// The network's one-way latency in ms.
    LatencyMs,
    /// The protocol preset (`0.10`, `2.0`, `3.7`, ...).
    Protocol,
}

impl Param {
    const ALL: [(&'static str, Param); 6] = [
        ("acks", Param::Acks),
        ("min.insync.replicas", Param::MinInsyncReplicas),
        ("replication.factor", Param::ReplicationFactor),
        ("replica.lag.time.max.ms", Param::ReplicaLagTimeMaxMs),
        ("latency.ms", Param::LatencyMs),
        ("protocol", Param::Protocol),
    ];

    /// The name written in `--grid NAME=...`.
    pub fn name(self) -> &'static str {
        Param::ALL
            .iter()
            .find(|(_, p)| *p == self)
            .map_or("", |(n, _)| n)
    }

    fn parse(name: &str) -> Result<Param, ExploreError> {
        Param::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, p)| *p)
            .ok_or_else(|| ExploreError::UnknownParam {
                name: name.to_string(),
                known: Param::ALL.iter().map(|(n, _)| *n).collect(),
            })
    }

    /// Sets this parameter to `value` in `s`.
    fn apply(self, s: &mut Scenario, value: &str) -> Result<(), ExploreError> {
        let number = || {
            value
                .parse::<u64>()
                .map_err(|_| ExploreError::NotWholeNumber {
                    param: self.name(),
                    value: value.to_string(),
                })
        };
        match self {
            Param::Acks => {
                let acks: Acks =
                    serde_json::from_value(Value::String(value.to_string())).map_err(|_| {
                        ExploreError::BadAcks {
                            value: value.to_string(),
                        }
                    })?;
                s.producers.iter_mut().for_each(|p| p.acks = acks);
            }
            Param::MinInsyncReplicas | Param::ReplicaLagTimeMaxMs => {
                s.cluster
                    .config
                    .insert(self.name().to_string(), number()?.into());
            }
            Param::ReplicationFactor => {
                let rf = u32::try_from(number()?)
                    .map_err(|_| ExploreError::ReplicationFactorTooLarge)?;
                for t in &mut s.topics {
                    t.replication_factor = rf;
                    t.assignment = None;
                }
            }
            Param::LatencyMs => s.cluster.network.latency_ms = number()?,
            Param::Protocol => s.cluster.protocol = value.to_string(),
        }
        Ok(())
    }
}

/// A parameter grid: `(parameter, values)` in the order given.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grid {
    axes: Vec<(Param, Vec<String>)>,
}

/// One grid point: a value for each parameter.
pub type Point = Vec<(Param, String)>;

impl Grid {
    /// Adds an axis from `NAME=V1,V2,...`.
    pub fn add(&mut self, spec: &str) -> Result<(), ExploreError> {
        let (name, values) = spec
            .split_once('=')
            .ok_or_else(|| ExploreError::GridSyntax {
                spec: spec.to_string(),
            })?;
        let param = Param::parse(name.trim())?;
        if self.axes.iter().any(|(p, _)| *p == param) {
            return Err(ExploreError::GridTwice {
                name: name.to_string(),
            });
        }
        let values: Vec<String> = values.split(',').map(|v| v.trim().to_string()).collect();
        if values.iter().any(String::is_empty) {
            return Err(ExploreError::GridEmptyValue {
                spec: spec.to_string(),
            });
        }
        self.axes.push((param, values));
        if self.points_len().is_none_or(|n| n > MAX_POINTS) {
            return Err(ExploreError::GridTooBig { max: MAX_POINTS });
        }
        Ok(())
    }

    fn points_len(&self) -> Option<usize> {
        self.axes
            .iter()
            .try_fold(1usize, |n, (_, v)| n.checked_mul(v.len()))
    }

    /// Every point, the last axis varying fastest (one empty point for an empty grid).
    pub fn points(&self) -> Vec<Point> {
        self.axes
            .iter()
            .fold(vec![Vec::new()], |points, (param, values)| {
                points
                    .iter()
                    .flat_map(|p| {
                        values.iter().map(move |v| {
                            let mut q = p.clone();
                            q.push((*param, v.clone()));
                            q
                        })
                    })
                    .collect()
            })
    }
}

/// The point written as `acks=1 min.insync.replicas=2` (`base` for an empty point).
pub fn label(point: &Point) -> String {
    if point.is_empty() {
        return "base".to_string();
    }
    let parts: Vec<String> = point
        .iter()
        .map(|(p, v)| format!("{}={v}", p.name()))
        .collect();
    parts.join(" ")
}

/// The scenario at `point`, checked by the scenario validator and the core's config check.
pub fn scenario_at(base: &Scenario, point: &Point) -> Result<Scenario, ExploreError> {
    let mut s = base.clone();
    for (param, value) in point {
        param.apply(&mut s, value)?;
    }
    let refused = |reason: String| ExploreError::PointRefused {
        point: label(point),
        reason,
    };
    s.validate().map_err(|e| refused(e.to_string()))?;
    Sim::new(&s).map_err(|e| refused(e.to_string()))?;
    Ok(s)
}
