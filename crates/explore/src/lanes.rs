//! Lanes (issue #11, part 2): the same scenario — workload, seed and fault schedule — in
//! up to four variants that differ in one setting, run side by side on one clock. This
//! module derives the variants; the UI only runs and draws them.

use crate::error::ExploreError;
use crate::grid::{scenario_at, Param};
use isrlab_sim::{Acks, Scenario};
use serde_json::Value;

/// Most lanes shown side by side.
pub const MAX_LANES: usize = 4;

/// The setting a set of lanes varies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Setting {
    /// Every producer's `acks` (0, 1, all); `enable.idempotence` is turned off where
    /// acks is not all (Kafka refuses idempotence without acks=all).
    Acks,
    /// The cluster's `min.insync.replicas` (1, 2).
    MinInsyncReplicas,
    /// The cluster's `unclean.leader.election.enable` (false, true).
    UncleanLeaderElection,
    /// How a new follower truncates: to its high watermark (before 0.11) or by leader
    /// epoch (KIP-101/KIP-279), the scenario's protocol preset otherwise kept.
    Truncation,
    /// Every producer's `enable.idempotence` (false, true), with acks=all.
    Idempotence,
    /// The whole protocol preset (0.10 against 2.0): the truncation rule with every other
    /// switch of the version (unclean default, lag and session timeouts, ...).
    Protocol,
}

/// A lane preset: a name (a label key the UI translates) and the setting it varies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// Stable id (also the UI's label key suffix, `lanes.preset.<id>`).
    pub id: &'static str,
    /// What the lanes differ in.
    pub setting: Setting,
}

/// The presets the lab ships, in menu order.
pub const PRESETS: [Preset; 6] = [
    Preset {
        id: "acks",
        setting: Setting::Acks,
    },
    Preset {
        id: "min-isr",
        setting: Setting::MinInsyncReplicas,
    },
    Preset {
        id: "unclean",
        setting: Setting::UncleanLeaderElection,
    },
    Preset {
        id: "truncation",
        setting: Setting::Truncation,
    },
    Preset {
        id: "idempotence",
        setting: Setting::Idempotence,
    },
    Preset {
        id: "protocol",
        setting: Setting::Protocol,
    },
];

/// The preset with id `id`, if there is one.
pub fn preset(id: &str) -> Option<Preset> {
    PRESETS.into_iter().find(|p| p.id == id)
}

/// One lane: the value it sets, written as Kafka writes it, and its scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    /// The Kafka key the lanes vary (`acks`, `min.insync.replicas`, ...).
    pub key: &'static str,
    /// This lane's value (`0`, `1`, `all`, `high_watermark`, ...).
    pub value: String,
    /// The scenario with that value set, checked by the validator and the core.
    pub scenario: Scenario,
}

impl Setting {
    /// The Kafka key this setting is.
    pub fn key(self) -> &'static str {
        match self {
            Setting::Acks => "acks",
            Setting::MinInsyncReplicas => "min.insync.replicas",
            Setting::UncleanLeaderElection => "unclean.leader.election.enable",
            Setting::Truncation => "truncation.rule",
            Setting::Idempotence => "enable.idempotence",
            Setting::Protocol => "protocol",
        }
    }

    /// The values its lanes take, in lane order.
    pub fn values(self) -> &'static [&'static str] {
        match self {
            Setting::Acks => &["0", "1", "all"],
            Setting::MinInsyncReplicas => &["1", "2"],
            Setting::UncleanLeaderElection => &["false", "true"],
            Setting::Truncation => &["high_watermark", "leader_epoch_walk_back"],
            Setting::Idempotence => &["false", "true"],
            Setting::Protocol => &["0.10", "2.0"],
        }
    }

    /// `base` with this setting at `value`.
    fn apply(self, base: &Scenario, value: &str) -> Result<Scenario, ExploreError> {
        let mut s = base.clone();
        let producers = |s: &mut Scenario, key: &str, v: Value| {
            for p in &mut s.producers {
                p.config.insert(key.to_string(), v.clone());
            }
        };
        match self {
            Setting::Acks => {
                if value != "all" {
                    producers(&mut s, "enable.idempotence", Value::Bool(false));
                }
                return scenario_at(&s, &vec![(Param::Acks, value.to_string())]);
            }
            Setting::MinInsyncReplicas => {
                let n: u64 = value.parse().map_err(|_| ExploreError::NotWholeNumber {
                    param: self.key(),
                    value: value.to_string(),
                })?;
                s.cluster.config.insert(self.key().into(), n.into());
            }
            Setting::UncleanLeaderElection => {
                s.cluster
                    .config
                    .insert(self.key().into(), Value::Bool(value == "true"));
            }
            Setting::Truncation => {
                s.cluster
                    .config
                    .insert(self.key().into(), Value::String(value.to_string()));
            }
            Setting::Idempotence => {
                producers(&mut s, self.key(), Value::Bool(value == "true"));
                s.producers.iter_mut().for_each(|p| p.acks = Acks::All);
            }
            Setting::Protocol => {
                return scenario_at(&s, &vec![(Param::Protocol, value.to_string())]);
            }
        }
        scenario_at(&s, &Vec::new())
    }
}

/// The lanes of `preset` over `base`: one scenario per value, everything else (workload,
/// seed, scripted faults, topics) as in `base`. An error names the lane that does not fit
/// (e.g. `min.insync.replicas=2` on a topic of replication factor 1).
pub fn lanes(base: &Scenario, preset: Preset) -> Result<Vec<Lane>, ExploreError> {
    let setting = preset.setting;
    setting
        .values()
        .iter()
        .take(MAX_LANES)
        .map(|v| {
            let scenario = setting.apply(base, v).map_err(|e| ExploreError::Lane {
                key: setting.key(),
                value: v.to_string(),
                cause: Box::new(e),
            })?;
            Ok(Lane {
                key: setting.key(),
                value: v.to_string(),
                scenario,
            })
        })
        .collect()
}

/// A lane's counters over the whole run so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Messages the producers sent.
    pub sent: u64,
    /// Of which acknowledged to their producer.
    pub acknowledged: u64,
    /// Of which committed (fell below a leader's high watermark).
    pub committed: u64,
    /// Messages the producer believes written (acknowledged, or acks=0 without error)
    /// that are gone from every replica.
    pub lost: u64,
    /// Extra copies appended by retries without idempotence.
    pub duplicated: u64,
}

/// The counters of `sim`'s ledger (messages folded away by retention included: they were
/// committed below the high watermark before retention deleted them).
pub fn counts(sim: &isrlab_sim::Sim) -> Counts {
    let mut c = Counts::default();
    for f in sim.ledger_folded().values() {
        c.sent += f.messages;
        c.acknowledged += f.acknowledged;
        c.committed += f.messages;
    }
    for m in sim.ledger().iter() {
        c.sent += 1;
        c.acknowledged += u64::from(m.acknowledged_at.is_some());
        c.committed += u64::from(m.committed_at.is_some());
        c.lost += u64::from(m.believed_written() && m.lost_at.is_some());
        c.duplicated += u64::from(m.duplicates);
    }
    c
}
