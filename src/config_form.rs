//! The configuration panel's form: the knobs of a scenario the panel offers, read
//! from a scenario and written back into a copy of it (validated by the core's
//! `Scenario::from_json`, so a bad combination gets the same field-named error).

use crate::i18n::Lang;
use crate::preset_switches::SWITCHES;
use isrlab_sim::config::Protocol;
use isrlab_sim::placement::{differences, Assignment, PlacementError, PlacementRule};
use isrlab_sim::scenario::ConsumerSpec;
use isrlab_sim::topology::Topology;
use isrlab_sim::{Acks, Scenario, Sim, SimError};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

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
    /// Overrides of the preset's switches in `cluster.config`, by Kafka key
    /// (`replica.lag.time.max.ms`, `truncation.rule`, ...; see `preset_switches`).
    pub overrides: BTreeMap<String, Value>,
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
    /// The consumers (the core has no action that creates or removes one, so they
    /// are added and removed here, which restarts the run).
    pub consumers: Vec<ConsumerSpec>,
}

fn num(map: &std::collections::BTreeMap<String, Value>, key: &str, default: u64) -> u64 {
    map.get(key).and_then(Value::as_u64).unwrap_or(default)
}

fn flag(map: &std::collections::BTreeMap<String, Value>, key: &str, default: bool) -> bool {
    map.get(key).and_then(Value::as_bool).unwrap_or(default)
}

/// Whether the core makes producer `p` of `s` idempotent (the preset's default yields to
/// acks other than all, KAFKA-13598); `false` when its config does not read.
fn is_idempotent(s: &Scenario, p: &isrlab_sim::scenario::ProducerSpec) -> bool {
    use isrlab_sim::config::{BrokerConfig, ProducerConfig};
    BrokerConfig::from_scenario(&s.cluster.protocol, &s.cluster.config)
        .and_then(|b| ProducerConfig::from_scenario(&b, p.acks, &p.config))
        .is_ok_and(|c| c.enable_idempotence)
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
            overrides: switch_keys()
                .filter_map(|k| s.cluster.config.get(k).map(|v| (k.to_string(), v.clone())))
                .collect(),
            latency_ms: s.cluster.network.latency_ms,
            jitter_ms: s.cluster.network.jitter_ms,
            loss_percent: (s.cluster.network.loss * 100.0).round() as u32,
            acks: producer.map_or(Acks::All, |p| p.acks),
            idempotence: producer.is_some_and(|p| is_idempotent(s, p)),
            consumers: s.consumers.clone(),
        }
    }

    /// A copy of `base` with these knobs, validated by the core.
    pub fn apply(&self, base: &Scenario) -> Result<Scenario, String> {
        let s = self.written(base);
        let json = serde_json::to_string(&s).map_err(|e| e.to_string())?;
        Scenario::from_json(&json).map_err(|e| e.to_string())
    }

    /// A copy of `base` with these knobs written in, not yet checked.
    fn written(&self, base: &Scenario) -> Scenario {
        let mut s = base.clone();
        s.cluster.brokers = (0..self.brokers).collect();
        s.cluster.protocol = self.protocol.clone();
        for k in switch_keys() {
            s.cluster.config.remove(k);
        }
        s.cluster.config.extend(self.overrides.clone());
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
        s.consumers = self.consumers.clone();
        s
    }

    /// A copy of `base` with these knobs that the core accepts both as a scenario file
    /// (`Scenario::from_json`) and as a cluster (`Sim::new`), or the core's reason why not.
    /// A placement Kafka refuses comes first, structured, so it can be said in any language.
    pub fn check(&self, base: &Scenario) -> Result<Scenario, Refused> {
        Sim::new(&self.written(base))?;
        self.apply(base).map_err(Refused::Other)
    }

    /// Adds a consumer named `c<n>` (the first unused n) to `group`, subscribed to
    /// every topic of `base`, joined from time 0.
    pub fn add_consumer(&mut self, group: &str, base: &Scenario) {
        let name = (1..)
            .map(|n| format!("c{n}"))
            .find(|n| !self.consumers.iter().any(|c| &c.name == n))
            .unwrap_or_default();
        self.consumers.push(ConsumerSpec {
            name,
            group: group.trim().to_string(),
            topics: base.topics.iter().map(|t| t.name.clone()).collect(),
            commit: Default::default(),
            joined: true,
            config: BTreeMap::new(),
        });
    }

    /// The first topic's assignment under each placement rule for these knobs, as the
    /// core computes it when it builds the cluster (same seed, same rule code).
    pub fn placements(&self, base: &Scenario) -> Result<PlacementComparison, Refused> {
        let assignment = |rule: PlacementRule| -> Result<Assignment, Refused> {
            let form = ConfigForm {
                placement: rule,
                ..self.clone()
            };
            let s = form.check(base)?;
            let sim = Sim::new(&s)?;
            let topic = s.topics.first().map(|t| t.name.clone()).unwrap_or_default();
            Ok(sim
                .view()
                .partitions
                .into_iter()
                .filter(|p| p.tp.topic == topic)
                .map(|p| (p.tp.partition, p.replicas))
                .collect())
        };
        let kafka = assignment(PlacementRule::Kafka)?;
        let textbook = assignment(PlacementRule::Textbook)?;
        let differ = differences(&kafka, &textbook);
        // With broker.rack, Kafka's rule is rack-aware: set it against the rack-unaware one.
        let topology = Topology::from_spec(&base.cluster);
        let rack_unaware = if topology.is_empty() {
            None
        } else {
            let unaware = assignment(PlacementRule::KafkaDisableRackAware)?;
            let shared = |a: &Assignment| -> Vec<u32> {
                a.iter()
                    .filter(|(_, reps)| {
                        let racks: BTreeSet<_> =
                            reps.iter().map(|b| topology.rack_of(*b)).collect();
                        racks.len() < reps.len()
                    })
                    .map(|(p, _)| *p)
                    .collect()
            };
            Some(RackComparison {
                shared_rack: shared(&unaware),
                shared_rack_aware: shared(&kafka),
                rack_unaware: unaware,
            })
        };
        Ok(PlacementComparison {
            kafka,
            textbook,
            differ,
            rack_unaware,
        })
    }
}

/// Why the core refuses a configuration.
#[derive(Clone, Debug, PartialEq)]
pub enum Refused {
    /// A placement Kafka refuses (`assignReplicasToBrokers`'s exceptions).
    Placement(PlacementError),
    /// Another of the core's reasons, in its own (English) words.
    Other(String),
}

impl From<SimError> for Refused {
    fn from(e: SimError) -> Refused {
        match e {
            SimError::Placement { error, .. } => Refused::Placement(error),
            e => Refused::Other(e.to_string()),
        }
    }
}

impl Refused {
    /// The reason in `lang`.
    pub fn sentence(&self, lang: Lang) -> String {
        match self {
            Refused::Placement(PlacementError::InvalidReplicationFactor {
                replication_factor,
                brokers,
            }) => lang.tf(
                "config.rf_refused",
                &[("rf", replication_factor), ("brokers", brokers)],
            ),
            Refused::Placement(PlacementError::InvalidPartitions(n)) => {
                lang.tf("config.partitions_refused", &[("n", n)])
            }
            Refused::Placement(PlacementError::NotAllBrokersHaveRack) => {
                lang.t("racks.not_all_brokers").to_string()
            }
            Refused::Other(e) => e.clone(),
        }
    }
}

/// Kafka config keys of the preset switches that have one.
fn switch_keys() -> impl Iterator<Item = &'static str> {
    SWITCHES.iter().filter_map(|s| s.key)
}

/// The two placement rules' assignments side by side, and where they differ.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacementComparison {
    /// Kafka's `assignReplicasToBrokers`.
    pub kafka: Assignment,
    /// The textbook rule.
    pub textbook: Assignment,
    /// Partitions whose replica lists differ (the core's `placement::differences`).
    pub differ: Vec<u32>,
    /// When the brokers have racks: Kafka's rack-unaware placement beside the rack-aware one.
    pub rack_unaware: Option<RackComparison>,
}

/// Rack-aware against rack-unaware placement (`--disable-rack-aware`) of the first topic.
#[derive(Clone, Debug, PartialEq)]
pub struct RackComparison {
    /// Kafka's rack-unaware `assignReplicasToBrokers`.
    pub rack_unaware: Assignment,
    /// Partitions of the rack-unaware placement with two replicas in one rack.
    pub shared_rack: Vec<u32>,
    /// The same for the rack-aware placement (only when RF exceeds the racks).
    pub shared_rack_aware: Vec<u32>,
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::scenarios;

    #[test]
    fn reading_then_applying_unchanged_knobs_builds_the_same_cluster() {
        let base = Scenario::from_json(&scenarios::by_id("default").unwrap()).unwrap();
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

    /// The form shows the core's idempotence: the 3.7 default yields to acks=1 when the
    /// file does not set `enable.idempotence` (KAFKA-13598), and the 2.5 default is off.
    #[test]
    fn idempotence_shown_is_the_cores_for_the_producers_acks_and_preset() {
        let mut base = Scenario::from_json(&scenarios::by_id("default").unwrap()).unwrap();
        let p = &mut base.producers[0];
        p.config.remove("enable.idempotence");
        p.acks = Acks::All;
        base.cluster.protocol = "3.7".into();
        assert!(ConfigForm::of(&base).idempotence);
        base.producers[0].acks = Acks::Leader;
        assert!(!ConfigForm::of(&base).idempotence);
        base.producers[0].acks = Acks::All;
        base.cluster.protocol = "2.5".into();
        assert!(!ConfigForm::of(&base).idempotence);
    }

    #[test]
    fn every_offered_protocol_preset_is_accepted_by_the_core() {
        let base = Scenario::from_json(&scenarios::by_id("default").unwrap()).unwrap();
        for p in PROTOCOLS {
            let mut form = ConfigForm::of(&base);
            form.protocol = p.name().to_string();
            assert!(form.apply(&base).is_ok(), "{}", p.name());
        }
    }

    /// With broker.rack, the comparison sets Kafka's rack-aware placement against the
    /// rack-unaware one and marks the partitions with two replicas in one rack.
    #[test]
    fn with_racks_rack_aware_is_compared_with_rack_unaware() {
        let base = Scenario::from_json(&scenarios::by_id("rack-aware-placement").unwrap()).unwrap();
        let form = ConfigForm::of(&base);
        let c = form.placements(&base).unwrap();
        let r = c.rack_unaware.expect("the cluster has racks");
        assert!(
            r.shared_rack_aware.is_empty(),
            "one replica per rack: {:?}",
            c.kafka
        );
        assert_eq!(r.rack_unaware[&0], vec![0, 1, 2]);
        assert!(
            r.shared_rack.contains(&0) && r.shared_rack.contains(&5),
            "{:?}",
            r.shared_rack
        );
        let plain = Scenario::from_json(&scenarios::by_id("default").unwrap()).unwrap();
        let none = ConfigForm::of(&plain).placements(&plain).unwrap();
        assert!(none.rack_unaware.is_none());
    }

    #[test]
    fn both_placements_are_the_cores_and_the_differences_are_listed() {
        let base = Scenario::from_json(&scenarios::by_id("default").unwrap()).unwrap();
        let mut form = ConfigForm::of(&base);
        form.brokers = 5;
        form.partitions = 6;
        form.replication_factor = 3;
        let c = form.placements(&base).unwrap();
        // Textbook: replica j of partition i on broker (i + j) mod n.
        assert_eq!(c.textbook[&4], vec![4, 0, 1]);
        assert_eq!(c.kafka.len(), 6);
        let built = Sim::new(&form.apply(&base).unwrap()).unwrap().view();
        let placement_in_run: Assignment = built
            .partitions
            .iter()
            .map(|p| (p.tp.partition, p.replicas.clone()))
            .collect();
        let expected = if form.placement == PlacementRule::Kafka {
            &c.kafka
        } else {
            &c.textbook
        };
        assert_eq!(&placement_in_run, expected);
        let differ: Vec<u32> = (0..6).filter(|p| c.kafka[p] != c.textbook[p]).collect();
        assert_eq!(c.differ, differ);
    }

    #[test]
    fn a_switch_override_goes_into_the_cluster_config_and_a_bad_one_is_refused() {
        let base = Scenario::from_json(&scenarios::by_id("default").unwrap()).unwrap();
        let mut form = ConfigForm::of(&base);
        form.protocol = "0.10".into();
        form.overrides
            .insert("truncation.rule".into(), "leader_epoch".into());
        let s = form.apply(&base).unwrap();
        assert_eq!(s.cluster.config["truncation.rule"], "leader_epoch");
        assert_eq!(ConfigForm::of(&s).overrides, form.overrides);
        form.overrides
            .insert("truncation.rule".into(), "sometimes".into());
        assert!(form.apply(&base).is_err());
    }

    #[test]
    fn a_consumer_added_to_a_new_group_and_one_removed_reach_the_run() {
        let base = Scenario::from_json(&scenarios::by_id("default").unwrap()).unwrap();
        let mut form = ConfigForm::of(&base);
        let before = form.consumers.len();
        form.add_consumer("audit", &base);
        let added = form.consumers.last().unwrap().name.clone();
        assert!(!base.consumers.iter().any(|c| c.name == added));
        let s = form.apply(&base).unwrap();
        let view = Sim::new(&s).unwrap().view();
        assert_eq!(view.consumers.len(), before + 1);
        assert!(view
            .consumers
            .iter()
            .any(|c| c.name == added && c.group == "audit"));
        form.consumers.retain(|c| c.name != added);
        let s = form.apply(&base).unwrap();
        assert_eq!(Sim::new(&s).unwrap().view().consumers.len(), before);
        form.add_consumer("  ", &base);
        assert!(
            form.apply(&base).is_err(),
            "an empty group is refused by the core"
        );
    }

    /// Issue #8: 2 brokers with replication factor 3 is refused before Apply, with the
    /// core's reason; 3 brokers is accepted.
    #[test]
    fn check_refuses_what_the_core_refuses_and_accepts_the_rest() {
        let base = Scenario::from_json(&scenarios::by_id("default").unwrap()).unwrap();
        let mut form = ConfigForm::of(&base);
        form.brokers = 2;
        assert_eq!(
            form.check(&base).unwrap_err(),
            Refused::Placement(PlacementError::InvalidReplicationFactor {
                replication_factor: 3,
                brokers: 2
            })
        );
        assert!(form
            .check(&base)
            .unwrap_err()
            .sentence(Lang::Zh)
            .contains("副本因子"));
        form.replication_factor = 2;
        form.min_insync_replicas = 2;
        assert_eq!(form.check(&base).unwrap().cluster.brokers, [0, 1]);
        form.brokers = 9;
        form.partitions = 12;
        form.replication_factor = 9;
        assert!(form.check(&base).is_ok());
    }

    #[test]
    fn five_brokers_and_six_partitions_are_applied() {
        let base = Scenario::from_json(&scenarios::by_id("default").unwrap()).unwrap();
        let mut form = ConfigForm::of(&base);
        form.brokers = 5;
        form.partitions = 6;
        let s = form.apply(&base).unwrap();
        assert_eq!(s.cluster.brokers, [0, 1, 2, 3, 4]);
        assert_eq!(s.topics[0].partitions, 6);
    }

    #[test]
    fn a_replication_factor_above_the_broker_count_is_refused_with_the_field_named() {
        let base = Scenario::from_json(&scenarios::by_id("default").unwrap()).unwrap();
        let mut form = ConfigForm::of(&base);
        form.brokers = 2;
        let err = form.apply(&base).unwrap_err();
        assert!(
            err.contains("replication_factor") || err.contains("topics[0]"),
            "{err}"
        );
    }
}
