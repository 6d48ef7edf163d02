//! The configuration panel's form: the knobs of a scenario the panel offers, read
//! from a scenario and written back into a copy of it (validated by the core's
//! `Scenario::from_json`, so a bad combination gets the same field-named error).

use isrlab_sim::config::Protocol;
use isrlab_sim::placement::PlacementRule;
use isrlab_sim::{Acks, Scenario};
use serde_json::Value;

/// Broker counts offered.
pub const BROKERS: std::ops::RangeInclusive<u32> = 1..=9;
/// Protocol presets offered, oldest first (names from the core's `Protocol`).
pub const PROTOCOLS: [Protocol; 6] = [
    Protocol::V0_8,
    Protocol::V0_10,
    Protocol::V0_11,
    Protocol::V2_0,
    Protocol::V2_5,
    Protocol::V3_7,
];

/// Partition counts offered.
pub const PARTITIONS: std::ops::RangeInclusive<u32> = 1..=12;

/// The knobs, for the first topic and the first producer.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigForm {
    /// Number of brokers (ids 0..n).
    pub brokers: u32,
    /// Protocol preset (`cluster.protocol`).
    pub protocol: String,
    /// Partitions of the first topic.
    pub partitions: u32,
    /// Its replication factor.
    pub replication_factor: u32,
    /// Its placement rule.
    pub placement: PlacementRule,
    /// `min.insync.replicas`.
    pub min_insync_replicas: u64,
    /// `unclean.leader.election.enable`.
    pub unclean: bool,
    /// `replica.lag.time.max.ms`.
    pub lag_time_ms: u64,
    /// `zookeeper.session.timeout.ms`.
    pub session_timeout_ms: u64,
    /// Base network latency.
    pub latency_ms: u64,
    /// Network jitter.
    pub jitter_ms: u64,
    /// Loss probability in percent.
    pub loss_percent: u32,
    /// The first producer's acks.
    pub acks: Acks,
    /// The first producer's `enable.idempotence`.
    pub idempotence: bool,
}

fn num(map: &std::collections::BTreeMap<String, Value>, key: &str, default: u64) -> u64 {
    map.get(key).and_then(Value::as_u64).unwrap_or(default)
}

fn flag(map: &std::collections::BTreeMap<String, Value>, key: &str, default: bool) -> bool {
    map.get(key).and_then(Value::as_bool).unwrap_or(default)
}

impl ConfigForm {
    /// Reads the knobs of a scenario; defaults are Kafka's (3.7) where the file is silent.
    pub fn of(s: &Scenario) -> ConfigForm {
        let topic = s.topics.first();
        let tcfg = topic.map(|t| t.config.clone()).unwrap_or_default();
        let producer = s.producers.first();
        ConfigForm {
            brokers: s.cluster.brokers.len() as u32,
            protocol: s.cluster.protocol.clone(),
            partitions: topic.map_or(1, |t| t.partitions),
            replication_factor: topic.map_or(1, |t| t.replication_factor),
            placement: topic.map_or(PlacementRule::Kafka, |t| t.placement),
            min_insync_replicas: num(
                &tcfg,
                "min.insync.replicas",
                num(&s.cluster.config, "min.insync.replicas", 1),
            ),
            unclean: flag(
                &tcfg,
                "unclean.leader.election.enable",
                flag(&s.cluster.config, "unclean.leader.election.enable", false),
            ),
            lag_time_ms: num(&s.cluster.config, "replica.lag.time.max.ms", 30_000),
            session_timeout_ms: num(&s.cluster.config, "zookeeper.session.timeout.ms", 18_000),
            latency_ms: s.cluster.network.latency_ms,
            jitter_ms: s.cluster.network.jitter_ms,
            loss_percent: (s.cluster.network.loss * 100.0).round() as u32,
            acks: producer.map_or(Acks::All, |p| p.acks),
            idempotence: producer.is_some_and(|p| flag(&p.config, "enable.idempotence", true)),
        }
    }

    /// A copy of `base` with these knobs, validated by the core.
    pub fn apply(&self, base: &Scenario) -> Result<Scenario, String> {
        let mut s = base.clone();
        s.cluster.brokers = (0..self.brokers).collect();
        s.cluster.protocol = self.protocol.clone();
        s.cluster
            .config
            .insert("replica.lag.time.max.ms".into(), self.lag_time_ms.into());
        s.cluster.config.insert(
            "zookeeper.session.timeout.ms".into(),
            self.session_timeout_ms.into(),
        );
        s.cluster.network.latency_ms = self.latency_ms;
        s.cluster.network.jitter_ms = self.jitter_ms;
        s.cluster.network.loss = self.loss_percent as f64 / 100.0;
        if let Some(t) = s.topics.first_mut() {
            t.partitions = self.partitions;
            t.replication_factor = self.replication_factor;
            t.placement = self.placement;
            t.assignment = None;
            t.config.insert(
                "min.insync.replicas".into(),
                self.min_insync_replicas.into(),
            );
            t.config
                .insert("unclean.leader.election.enable".into(), self.unclean.into());
        }
        if let Some(p) = s.producers.first_mut() {
            p.acks = self.acks;
            p.config
                .insert("enable.idempotence".into(), self.idempotence.into());
        }
        let json = serde_json::to_string(&s).map_err(|e| e.to_string())?;
        Scenario::from_json(&json).map_err(|e| e.to_string())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::run::DEFAULT_SCENARIO;

    #[test]
    fn reading_then_applying_unchanged_knobs_builds_the_same_cluster() {
        let base = Scenario::from_json(DEFAULT_SCENARIO).unwrap();
        let form = ConfigForm::of(&base);
        assert_eq!(
            (
                form.brokers,
                form.partitions,
                form.replication_factor,
                form.min_insync_replicas
            ),
            (3, 3, 3, 2)
        );
        let again = form.apply(&base).unwrap();
        assert_eq!(again.cluster.brokers, base.cluster.brokers);
        assert_eq!(again.topics[0].partitions, 3);
    }

    #[test]
    fn every_offered_protocol_preset_is_accepted_by_the_core() {
        let base = Scenario::from_json(DEFAULT_SCENARIO).unwrap();
        for p in PROTOCOLS {
            let mut form = ConfigForm::of(&base);
            form.protocol = p.name().to_string();
            assert!(form.apply(&base).is_ok(), "{}", p.name());
        }
    }

    #[test]
    fn five_brokers_and_six_partitions_are_applied() {
        let base = Scenario::from_json(DEFAULT_SCENARIO).unwrap();
        let mut form = ConfigForm::of(&base);
        form.brokers = 5;
        form.partitions = 6;
        let s = form.apply(&base).unwrap();
        assert_eq!(s.cluster.brokers, [0, 1, 2, 3, 4]);
        assert_eq!(s.topics[0].partitions, 6);
    }

    #[test]
    fn a_replication_factor_above_the_broker_count_is_refused_with_the_field_named() {
        let base = Scenario::from_json(DEFAULT_SCENARIO).unwrap();
        let mut form = ConfigForm::of(&base);
        form.brokers = 2;
        let err = form.apply(&base).unwrap_err();
        assert!(
            err.contains("replication_factor") || err.contains("topics[0]"),
            "{err}"
        );
    }
}
