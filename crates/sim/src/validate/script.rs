//! What a scenario file's actions say about the cluster at each action: the static side
//! of the core's action check ([`crate::action_check`]). The validator walks a file's
//! actions through it, and random generators ask it which actions fit.

use crate::action::Action;
use crate::action_check::{
    check_action, ActionRefusal, BrokerState, ClusterFacts, ProducerFacts, TopicPresence,
};
use crate::broker::BrokerStatus;
use crate::client::coordinator::OFFSETS_TOPIC;
use crate::config::{BrokerConfig, ConfigError, ProducerConfig};
use crate::ids::BrokerId;
use crate::scenario::Scenario;
use crate::topology::Topology;
use std::collections::BTreeMap;

/// A consumer as the file knows it.
#[derive(Clone, Debug)]
struct ScriptConsumer {
    name: String,
    alive: bool,
    removed: bool,
}

/// The cluster as far as a scenario and its earlier actions tell: brokers' process
/// states (shutting down or down after a controlled shutdown: the file cannot tell
/// when it ends), producers, topics and consumers (added, crashed, removed).
#[derive(Clone, Debug)]
pub struct ScriptState {
    brokers: BTreeMap<BrokerId, BrokerState>,
    producers: Vec<(String, ProducerFacts)>,
    /// Name and partition count (`__consumer_offsets` too when the run has consumers).
    topics: Vec<(String, u32)>,
    /// Topics the file has deleted (their names stay taken).
    deleted: Vec<String>,
    consumers: Vec<ScriptConsumer>,
    topology: Topology,
}

impl ScriptState {
    /// The state at time 0 of a scenario (its actions are not read).
    pub fn new(s: &Scenario) -> Result<ScriptState, ConfigError> {
        let config = BrokerConfig::from_scenario(&s.cluster.protocol, &s.cluster.config)?;
        let producers = s
            .producers
            .iter()
            .map(|p| {
                let idempotent =
                    ProducerConfig::from_scenario(&config, p.acks, &p.config)?.enable_idempotence;
                Ok((
                    p.name.clone(),
                    ProducerFacts {
                        acks: p.acks,
                        idempotent,
                    },
                ))
            })
            .collect::<Result<_, ConfigError>>()?;
        let mut topics: Vec<(String, u32)> = s
            .topics
            .iter()
            .map(|t| (t.name.clone(), t.partitions))
            .collect();
        if !s.consumers.is_empty() {
            topics.push((
                OFFSETS_TOPIC.to_string(),
                config.offsets_topic_num_partitions,
            ));
        }
        Ok(ScriptState {
            topology: Topology::from_spec(&s.cluster),
            brokers: s
                .cluster
                .brokers
                .iter()
                .map(|&b| (b, BrokerState::Is(BrokerStatus::Running)))
                .collect(),
            producers,
            topics,
            deleted: Vec::new(),
            consumers: s
                .consumers
                .iter()
                .map(|c| ScriptConsumer {
                    name: c.name.clone(),
                    alive: true,
                    removed: false,
                })
                .collect(),
        })
    }

    /// Whether `action` fits the state (the core's action check, on what the file knows).
    pub fn check(&self, action: &Action) -> Result<(), ActionRefusal> {
        check_action(self, action)
    }

    /// Takes in the effect of an action the check accepted.
    pub fn record(&mut self, action: &Action) {
        use BrokerStatus::*;
        let broker_after = match action {
            Action::Crash { broker }
            | Action::PowerLoss { broker }
            | Action::DiskLoss { broker } => Some((broker, BrokerState::Is(Down))),
            Action::Restart { broker } | Action::Resume { broker } => {
                Some((broker, BrokerState::Is(Running)))
            }
            Action::Pause { broker } => Some((broker, BrokerState::Is(Paused))),
            // Shutting down until the controller answers, then down: the file cannot tell when.
            Action::ControlledShutdown { broker } => {
                Some((broker, BrokerState::EitherOf(ShuttingDown, Down)))
            }
            _ => None,
        };
        if let Some((broker, status)) = broker_after {
            self.brokers.insert(*broker, status);
        }
        let place_down = match action {
            Action::RackDown { rack, .. } => self.topology.brokers_in_rack(rack),
            Action::ZoneDown { zone, .. } => self.topology.brokers_in_zone(zone),
            _ => Vec::new(),
        };
        for broker in place_down {
            self.brokers.insert(broker, BrokerState::Is(Down));
        }
        match action {
            Action::AddConsumer { name, .. } => self.consumers.push(ScriptConsumer {
                name: name.clone(),
                alive: true,
                removed: false,
            }),
            Action::RemoveConsumer { name } => self.consumer_mut(name, |c| c.removed = true),
            Action::ConsumerCrash { consumer } => self.consumer_mut(consumer, |c| c.alive = false),
            Action::ConsumerRestart { consumer } => self.consumer_mut(consumer, |c| c.alive = true),
            Action::CreateTopic { topic } => {
                self.topics.push((topic.name.clone(), topic.partitions))
            }
            Action::CreatePartitions { topic, partitions } => {
                if let Some(t) = self.topics.iter_mut().find(|t| &t.0 == topic) {
                    t.1 = *partitions;
                }
            }
            Action::DeleteTopic { topic } => {
                self.topics.retain(|t| &t.0 != topic);
                self.deleted.push(topic.clone());
            }
            _ => {}
        }
    }

    fn consumer(&self, name: &str) -> Option<&ScriptConsumer> {
        self.consumers.iter().find(|c| c.name == name && !c.removed)
    }

    fn consumer_mut(&mut self, name: &str, change: impl FnOnce(&mut ScriptConsumer)) {
        if let Some(c) = self
            .consumers
            .iter_mut()
            .find(|c| c.name == name && !c.removed)
        {
            change(c);
        }
    }
}

impl ClusterFacts for ScriptState {
    fn broker(&self, id: BrokerId) -> BrokerState {
        self.brokers
            .get(&id)
            .copied()
            .unwrap_or(BrokerState::Absent)
    }

    fn producer(&self, name: &str) -> Option<ProducerFacts> {
        self.producers.iter().find(|p| p.0 == name).map(|p| p.1)
    }

    fn partition_count(&self, topic: &str) -> Option<u32> {
        self.topics.iter().find(|t| t.0 == topic).map(|t| t.1)
    }

    fn topic_presence(&self, topic: &str) -> TopicPresence {
        if self.partition_count(topic).is_some() {
            TopicPresence::Live
        } else if self.deleted.iter().any(|t| t == topic) {
            TopicPresence::Deleted
        } else {
            TopicPresence::Absent
        }
    }

    fn consumer_alive(&self, name: &str) -> Option<bool> {
        self.consumer(name).map(|c| c.alive)
    }

    fn producer_slots(&self) -> u32 {
        self.producers.len() as u32
    }

    fn consumer_slots(&self) -> u32 {
        self.consumers.len() as u32
    }

    fn message_on_network(&self, _id: u64) -> Option<bool> {
        None
    }

    fn controller_active(&self) -> Option<bool> {
        None
    }

    fn topology(&self) -> &Topology {
        &self.topology
    }

    fn available_brokers(&self) -> usize {
        self.brokers.len()
    }

    fn partitions_total(&self) -> u64 {
        self.topics.iter().map(|t| u64::from(t.1)).sum()
    }
}
