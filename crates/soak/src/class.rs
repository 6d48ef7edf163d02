//! The soak's classes of schedules: what the generator may draw in each, and which
//! results each one expects. In `safe` and `safe-flush` Kafka promises that no
//! acknowledged acks=all message is lost; in the others Kafka itself can lose data
//! (KIP-966's unflushed tail, a lost disk, acks=1, unclean election), so losses and
//! broken invariants there are reported by cause, not counted as failures.

use crate::run::Outcome;
use isrlab_sim::{Acks, Action, Invariant, Scenario};
use serde_json::Value;
use std::fmt;

/// A class of generated schedules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// acks=all, `min.insync.replicas` ≥ 2 with RF ≥ 3, unclean election off, protocol ≥ 2.0,
    /// no power or disk loss.
    Safe,
    /// As `safe`, plus power losses with `flush.messages=1` (every append is fsynced).
    SafeFlush,
    /// As `safe`, plus exactly one power loss without any flush setting.
    OnePowerLoss,
    /// As `safe`, plus exactly one disk loss.
    OneDiskLoss,
    /// Anything the scenario format can say: acks 0/1, min ISR 1, unclean election, old
    /// protocols and truncation rules, any number of power and disk losses.
    Any,
}

/// One kind of unexpected result (what a shrunk scenario must keep showing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The core reported this invariant broken.
    Violation(Invariant),
    /// An acknowledged message was lost.
    AcknowledgedLoss,
    /// A committed message (once below the high watermark) was lost.
    CommittedLoss,
    /// The core panicked.
    Panic,
    /// Running the same scenario file twice gave different trace hashes.
    Nondeterminism,
    /// The scenario file replayed to a different trace than the live run that wrote it.
    ReplayMismatch,
    /// The generated scenario was refused (by validation or when the cluster was built).
    Invalid,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Violation(i) => write!(f, "violation-{i:?}"),
            Failure::AcknowledgedLoss => write!(f, "acknowledged-loss"),
            Failure::CommittedLoss => write!(f, "committed-loss"),
            Failure::Panic => write!(f, "panic"),
            Failure::Nondeterminism => write!(f, "nondeterminism"),
            Failure::ReplayMismatch => write!(f, "replay-mismatch"),
            Failure::Invalid => write!(f, "invalid"),
        }
    }
}

impl Class {
    /// Every class, in table order.
    pub const ALL: [Class; 5] = [
        Class::Safe,
        Class::SafeFlush,
        Class::OnePowerLoss,
        Class::OneDiskLoss,
        Class::Any,
    ];

    /// The name used on the command line and in the table.
    pub fn name(self) -> &'static str {
        match self {
            Class::Safe => "safe",
            Class::SafeFlush => "safe-flush",
            Class::OnePowerLoss => "one-power-loss",
            Class::OneDiskLoss => "one-disk-loss",
            Class::Any => "any",
        }
    }

    /// The class named `name`.
    pub fn parse(name: &str) -> Result<Class, String> {
        Class::ALL
            .into_iter()
            .find(|c| c.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Class::ALL.iter().map(|c| c.name()).collect();
                format!(
                    "unknown class \"{name}\"; expected one of {}",
                    names.join(", ")
                )
            })
    }

    /// Whether the class keeps Kafka's durability promise (acks=all, min ISR ≥ 2, RF ≥ 3,
    /// unclean election off, protocol ≥ 2.0).
    pub fn strict(self) -> bool {
        self != Class::Any
    }

    /// Whether Kafka itself can lose acknowledged data here, so losses and invariant
    /// violations are reported rather than counted as failures.
    pub fn kafka_may_lose(self) -> bool {
        matches!(self, Class::OnePowerLoss | Class::OneDiskLoss | Class::Any)
    }

    /// How many power losses a schedule must have (`Some(n)`: exactly n) or may have (`None`: any).
    pub fn power_losses(self) -> Option<u32> {
        match self {
            Class::Safe | Class::OneDiskLoss => Some(0),
            Class::OnePowerLoss => Some(1),
            Class::SafeFlush | Class::Any => None,
        }
    }

    /// How many disk losses a schedule must have (`Some(n)`: exactly n) or may have (`None`: any).
    pub fn disk_losses(self) -> Option<u32> {
        match self {
            Class::OneDiskLoss => Some(1),
            Class::Any => None,
            _ => Some(0),
        }
    }

    /// Protocol presets the class draws from.
    pub fn protocols(self) -> &'static [&'static str] {
        if self.strict() {
            &["2.0", "2.5", "3.7"]
        } else {
            &["0.8", "0.10", "0.11", "2.0", "2.5", "3.7"]
        }
    }

    /// The unexpected results of one run of this class, most telling first (invalid,
    /// panic, losses, violations).
    pub fn unexpected(self, outcome: &Outcome) -> Vec<Failure> {
        let mut out = Vec::new();
        if outcome.invalid.is_some() {
            out.push(Failure::Invalid);
        }
        if outcome.panic.is_some() {
            out.push(Failure::Panic);
        }
        if !self.kafka_may_lose() {
            // Losses first: a shrunk file keeps the first failure, and a loss says the most.
            if outcome.acknowledged_losses > 0 {
                out.push(Failure::AcknowledgedLoss);
            }
            if outcome.committed_losses > 0 {
                out.push(Failure::CommittedLoss);
            }
            out.extend(outcome.violated.iter().map(|&i| Failure::Violation(i)));
        }
        out
    }
}

/// Whether a config value reads as `true` (JSON boolean or the string `"true"`).
fn is_true(v: &Value) -> bool {
    v.as_bool() == Some(true) || v.as_str() == Some("true")
}

/// A config value as a number (JSON number or numeric string).
fn number(v: &Value) -> Option<u64> {
    v.as_u64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

fn is_flush_key(key: &str) -> bool {
    key.contains("flush")
}

fn is_flush_messages(key: &str) -> bool {
    key == "flush.messages" || key == "log.flush.interval.messages"
}

impl Class {
    /// Whether scenario `s` keeps this class's rules (`Err` says which one it breaks).
    /// The exact-count faults may be missing (a shrunk schedule may have dropped them).
    pub fn admits(self, s: &Scenario) -> Result<(), String> {
        let count =
            |pred: fn(&Action) -> bool| s.actions.iter().filter(|a| pred(&a.action)).count() as u32;
        let power = count(|a| matches!(a, Action::PowerLoss { .. }));
        let disk = count(|a| matches!(a, Action::DiskLoss { .. }));
        if self.power_losses().is_some_and(|n| power > n) {
            return Err(format!("{power} power losses"));
        }
        if self.disk_losses().is_some_and(|n| disk > n) {
            return Err(format!("{disk} disk losses"));
        }
        if !self.strict() {
            return Ok(());
        }
        if !self.protocols().contains(&s.cluster.protocol.as_str()) {
            return Err(format!("protocol {}", s.cluster.protocol));
        }
        if s.producers.iter().any(|p| p.acks != Acks::All) {
            return Err("a producer without acks=all".into());
        }
        let cluster = &s.cluster.config;
        let cluster_min_isr = cluster.get("min.insync.replicas").and_then(number);
        let cluster_flush = cluster
            .iter()
            .find(|(k, _)| is_flush_messages(k))
            .and_then(|(_, v)| number(v));
        let flush_ok = |topic_flush: Option<u64>| topic_flush.or(cluster_flush) == Some(1);
        if cluster.keys().any(|k| k.contains("truncation")) {
            return Err("a truncation rule override".into());
        }
        // The scenario's topics and those its actions create (`kafka-topics.sh --create`).
        let topics: Vec<&isrlab_sim::scenario::TopicSpec> = (s.topics.iter())
            .chain(s.actions.iter().filter_map(|a| match &a.action {
                Action::CreateTopic { topic } => Some(topic),
                _ => None,
            }))
            .collect();
        for (k, v) in cluster
            .iter()
            .chain(topics.iter().flat_map(|t| t.config.iter()))
        {
            if k == "unclean.leader.election.enable" && is_true(v) {
                return Err("unclean election on".into());
            }
            if self == Class::OnePowerLoss && is_flush_key(k) {
                return Err(format!("{k} set in one-power-loss"));
            }
        }
        for t in topics {
            let min_isr = t
                .config
                .get("min.insync.replicas")
                .and_then(number)
                .or(cluster_min_isr)
                .unwrap_or(1);
            if t.replication_factor < 3 || min_isr < 2 {
                return Err(format!(
                    "topic {}: RF {} with min ISR {min_isr}",
                    t.name, t.replication_factor
                ));
            }
            let topic_flush = t
                .config
                .iter()
                .find(|(k, _)| is_flush_messages(k))
                .and_then(|(_, v)| number(v));
            if self == Class::SafeFlush && !flush_ok(topic_flush) {
                return Err(format!("topic {} not flushed on every message", t.name));
            }
        }
        for a in &s.actions {
            let refused = match &a.action {
                Action::Produce {
                    acks: Some(acks), ..
                } => *acks != Acks::All,
                Action::UncleanElection { .. } => true,
                Action::Reassign { replicas, .. } => replicas.len() < 3,
                Action::SetConfig { key, value, .. } => {
                    (key == "unclean.leader.election.enable" && is_true(value))
                        || (key == "min.insync.replicas" && number(value).unwrap_or(0) < 2)
                        || key.contains("truncation")
                        || (self == Class::OnePowerLoss && is_flush_key(key))
                        || (self == Class::SafeFlush
                            && is_flush_key(key)
                            && (!is_flush_messages(key) || number(value) != Some(1)))
                }
                _ => false,
            };
            if refused {
                return Err(format!("action at {} ms: {:?}", a.at_ms, a.action));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_round_trip_and_unknown_is_an_error() {
        for c in Class::ALL {
            assert_eq!(Class::parse(c.name()), Ok(c));
        }
        assert!(Class::parse("unsafe")
            .unwrap_err()
            .contains("one-power-loss"));
    }

    #[test]
    fn safe_class_counts_losses_as_failures_and_kip966_class_does_not() {
        let lossy = Outcome {
            acknowledged_losses: 2,
            violated: vec![Invariant::StrongIsr],
            ..Outcome::default()
        };
        assert_eq!(
            Class::Safe.unexpected(&lossy),
            vec![
                Failure::AcknowledgedLoss,
                Failure::Violation(Invariant::StrongIsr)
            ]
        );
        assert_eq!(Class::OnePowerLoss.unexpected(&lossy), vec![]);
        let panicked = Outcome {
            panic: Some("boom".into()),
            ..Outcome::default()
        };
        assert_eq!(Class::Any.unexpected(&panicked), vec![Failure::Panic]);
    }
}
