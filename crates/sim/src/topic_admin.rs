//! Topics created and partitions added while the cluster runs (`kafka-topics.sh --create`
//! and `--alter --partitions`). As Kafka's `AdminZkClient` does, the tool places the new
//! partitions over the registered brokers and writes their assignments to ZooKeeper; the
//! controller learns them from its topic watch and creates them (`controller/mod.rs`,
//! `on_partitions_added`). New partitions take the next partition indices, so a grown
//! topic's indices need not be contiguous ([`crate::sim::TopicState::parts`]).

use crate::action_check::ActionRefusal;
use crate::config::TopicConfig;
use crate::events::EventKind;
use crate::ids::{BrokerId, TopicPartition};
use crate::new_partitions::{new_partitions_assignment, AddPartitionsError};
use crate::placement::{
    assign_kafka, assign_replicas_to_brokers, assign_textbook, Assignment, PlacementError,
    PlacementRequest, PlacementRule,
};
use crate::rng::SimRng;
use crate::scenario::TopicSpec;
use crate::sim::{PartInfo, Sim, TopicState};
use crate::topology::Topology;

/// Where a topic's partitions go by its placement rule over `brokers` (sorted ids).
pub(crate) fn place_topic(
    t: &TopicSpec,
    brokers: &[BrokerId],
    topology: &Topology,
    rng: &mut SimRng,
) -> Result<Assignment, PlacementError> {
    let req = PlacementRequest {
        brokers: brokers.to_vec(),
        partitions: t.partitions.into(),
        replication_factor: t.replication_factor.into(),
        fixed_start_index: t.start_index,
        start_partition_id: 0,
    };
    match t.placement {
        PlacementRule::Kafka => assign_kafka(&req, topology.racks(), &mut |n| rng.below(n)),
        PlacementRule::KafkaDisableRackAware => {
            assign_replicas_to_brokers(&req, &mut |n| rng.below(n))
        }
        PlacementRule::Textbook => assign_textbook(&req),
    }
}

impl Sim {
    /// The index of the topic `name` that clients and actions may use: not marked for
    /// deletion (names are never reused in a run, so there is at most one).
    pub(crate) fn live_topic(&self, name: &str) -> Option<usize> {
        (self.topics.iter()).position(|t| t.name == name && !t.marked_for_deletion)
    }

    /// Whether ZooKeeper no longer holds topic `ti` (its deletion is complete).
    pub(crate) fn topic_removed(&self, ti: usize) -> bool {
        (self.topics[ti].parts.iter()).all(|&p| self.zk.assignment[p as usize].is_empty())
    }

    /// `delete_topic` (checked already by the action check): the topic is marked, and the
    /// admin client writes `/admin/delete_topics/T`; the controller's watch fires.
    pub(crate) fn delete_topic(&mut self, topic: &str) -> Result<(), ActionRefusal> {
        let ti = self.topic_index(topic)?;
        self.topics[ti].marked_for_deletion = true;
        self.emit(EventKind::TopicMarkedForDeletion {
            topic: topic.into(),
        });
        let parts = self.topics[ti].parts.clone();
        self.zk_admin_delete_topic(parts);
        Ok(())
    }

    /// The ids of the brokers registered in ZooKeeper (`/brokers/ids`), sorted: those an
    /// admin client places new partitions on.
    fn registered_broker_ids(&self) -> Vec<BrokerId> {
        let mut ids: Vec<BrokerId> = (0..self.brokers.len())
            .filter(|&b| self.zk.registered(b))
            .map(|b| self.brokers[b].id)
            .collect();
        ids.sort_unstable();
        ids
    }

    /// `create_topic` (checked already by the action check).
    pub(crate) fn create_topic(&mut self, spec: &TopicSpec) -> Result<(), ActionRefusal> {
        let cfg =
            TopicConfig::from_scenario(&self.cfg, &spec.config).map_err(ActionRefusal::Config)?;
        let assignment = match &spec.assignment {
            Some(a) => a.clone(),
            None => {
                let brokers = self.registered_broker_ids();
                place_topic(spec, &brokers, &self.topology, &mut self.rng).map_err(|error| {
                    ActionRefusal::Placement {
                        topic: spec.name.clone(),
                        error,
                    }
                })?
            }
        };
        self.topics.push(TopicState {
            name: spec.name.clone(),
            cfg,
            parts: Vec::new(),
            overrides: spec.config.keys().cloned().collect(),
            marked_for_deletion: false,
        });
        self.emit(EventKind::TopicCreated {
            topic: spec.name.clone(),
            partitions: spec.partitions,
            replication_factor: spec.replication_factor,
        });
        self.add_partitions(self.topics.len() - 1, assignment);
        Ok(())
    }

    /// `create_partitions` (checked already by the action check): `topic` grows to
    /// `partitions`, placed by `createNewPartitionsAssignment` over the registered brokers.
    pub(crate) fn create_partitions(
        &mut self,
        topic: &str,
        partitions: u32,
    ) -> Result<(), ActionRefusal> {
        let ti = self.topic_index(topic)?;
        let existing: Assignment = (self.topics[ti].parts.iter().enumerate())
            .map(|(n, &p)| (n as u32, self.zk.assignment[p as usize].clone()))
            .collect();
        let brokers = self.registered_broker_ids();
        let racks = self.topology.racks();
        let added = new_partitions_assignment(topic, &existing, &brokers, racks, partitions)
            .map_err(|e| match e {
                AddPartitionsError::Placement(error) => ActionRefusal::Placement {
                    topic: topic.into(),
                    error,
                },
                AddPartitionsError::AlreadyHas { current }
                | AddPartitionsError::Decrease { current, .. } => {
                    ActionRefusal::PartitionsNotIncreased {
                        topic: topic.into(),
                        current,
                        requested: partitions,
                    }
                }
                AddPartitionsError::MissingPartition0 { .. } => ActionRefusal::UnknownPartition {
                    topic: topic.into(),
                    partition: 0,
                    partitions: 0,
                },
            })?;
        let from = self.topics[ti].count();
        self.emit(EventKind::PartitionsAdded {
            topic: topic.into(),
            from,
            to: partitions,
        });
        self.add_partitions(ti, added);
        Ok(())
    }

    /// Gives topic `ti` the partitions of `assignment` (numbered on from its count) at the
    /// next partition indices, with room for them in every node and observer, and writes
    /// their assignments to ZooKeeper.
    fn add_partitions(&mut self, ti: usize, assignment: Assignment) {
        let mut added = Vec::with_capacity(assignment.len());
        for (partition, replicas) in assignment {
            let p = self.parts.len() as u32;
            let tp = TopicPartition {
                topic: self.topics[ti].name.clone(),
                partition,
            };
            self.parts.push(PartInfo {
                tp: tp.clone(),
                topic: ti as u32,
            });
            self.topics[ti].parts.push(p);
            self.hosts.push(Vec::new());
            self.broken.push(0);
            self.unsafe_events.push(0);
            self.risk.add_partition(tp);
            self.brokers.iter_mut().for_each(|b| b.add_partition());
            self.producers.iter_mut().for_each(|x| x.add_partition());
            self.consumers.iter_mut().for_each(|c| c.add_partition());
            added.push((p, replicas));
        }
        self.zk_admin_add_partitions(added);
    }
}
