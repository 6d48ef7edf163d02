//! The simulation driver (placeholder until the replication engine lands on the
//! `core` branch): builds the cluster from a scenario and exposes the step API.

use crate::action::Action;
use crate::ids::{BrokerId, TimeMs, TopicPartition};
use crate::ledger::MessageRecord;
use crate::placement::{assign_replicas_to_brokers, assign_textbook, PlacementRequest, PlacementRule};
use crate::rng::SimRng;
use crate::scenario::Scenario;
use crate::view::{BrokerStatus, BrokerView, ClusterView, PartitionView, ReplicaView};

/// A running simulation.
#[derive(Clone, Debug)]
pub struct Sim {
    now: TimeMs,
    brokers: Vec<BrokerId>,
    partitions: Vec<(TopicPartition, Vec<BrokerId>)>,
    ledger: Vec<MessageRecord>,
}

impl Sim {
    /// Builds the cluster of a scenario at time 0.
    pub fn new(scenario: &Scenario) -> Result<Sim, String> {
        let mut rng = SimRng::new(scenario.seed);
        let mut partitions = Vec::new();
        for t in &scenario.topics {
            let req = PlacementRequest {
                brokers: scenario.cluster.brokers.clone(),
                partitions: t.partitions as i64,
                replication_factor: t.replication_factor as i64,
                fixed_start_index: t.start_index,
                start_partition_id: 0,
            };
            let assignment = match t.placement {
                PlacementRule::Kafka => assign_replicas_to_brokers(&req, &mut |n| rng.below(n)),
                PlacementRule::Textbook => assign_textbook(&req),
            }
            .map_err(|e| e.to_string())?;
            for (p, replicas) in assignment {
                partitions.push((TopicPartition { topic: t.name.clone(), partition: p }, replicas));
            }
        }
        Ok(Sim { now: 0, brokers: scenario.cluster.brokers.clone(), partitions, ledger: Vec::new() })
    }

    /// Current virtual time.
    pub fn now(&self) -> TimeMs {
        self.now
    }

    /// Processes the next event; returns false when nothing is left to do.
    pub fn step(&mut self) -> bool {
        self.now += 100;
        true
    }

    /// Applies an action at the current time.
    pub fn apply(&mut self, _action: Action) -> Result<(), String> {
        Ok(())
    }

    /// The message ledger.
    pub fn ledger(&self) -> &[MessageRecord] {
        &self.ledger
    }

    /// The read-only picture of the cluster now.
    pub fn view(&self) -> ClusterView {
        ClusterView {
            time_ms: self.now,
            controller: self.brokers.first().copied(),
            controller_epoch: 1,
            brokers: self
                .brokers
                .iter()
                .map(|&id| BrokerView {
                    id,
                    status: BrokerStatus::Running,
                    registered: true,
                    is_controller: Some(id) == self.brokers.first().copied(),
                })
                .collect(),
            partitions: self
                .partitions
                .iter()
                .map(|(tp, replicas)| PartitionView {
                    tp: tp.clone(),
                    replicas: replicas.clone(),
                    leader: replicas.first().copied(),
                    leader_epoch: 0,
                    isr: replicas.clone(),
                    high_watermark: 0,
                    replica_states: replicas
                        .iter()
                        .enumerate()
                        .map(|(i, &b)| ReplicaView {
                            broker: b,
                            alive: true,
                            is_leader: i == 0,
                            log_end_offset: 0,
                            high_watermark: 0,
                            log: Vec::new(),
                        })
                        .collect(),
                })
                .collect(),
            in_flight: Vec::new(),
            cuts: Vec::new(),
            manual_network: false,
        }
    }
}
