//! The checks of `create_topic` and `create_partitions` (`kafka-topics.sh --create` and
//! `--alter --partitions`), in the order and words of Kafka's `AdminZkClient.
//! validateTopicCreate` and `ZkAdminManager.createPartitions`. What needs the live brokers
//! (placement over the registered ones) is checked when the action is applied.

use super::{ActionRefusal, AssignmentProblem, ClusterFacts, Verdict};
use crate::action_check::{BrokerState, TopicPresence};
use crate::client::coordinator::OFFSETS_TOPIC;
use crate::config::TopicConfig;
use crate::limits::{MAX_NAME_BYTES, MAX_PARTITIONS};
use crate::placement::PlacementError;
use crate::scenario::TopicSpec;

/// Kafka's `Topic.validate`: not empty, not `.` or `..`, at most 249 bytes of ASCII
/// alphanumerics, `.`, `_` and `-`.
pub(super) fn topic_name(name: &str) -> Verdict {
    if name.len() > MAX_NAME_BYTES {
        return Err(ActionRefusal::NameTooLong {
            field: "topic.name",
            bytes: name.len(),
            max: MAX_NAME_BYTES,
        });
    }
    let legal = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if name.is_empty() || name == "." || name == ".." || !legal {
        return Err(ActionRefusal::InvalidTopicName { topic: name.into() });
    }
    Ok(())
}

/// Whether `spec` may be created now.
pub(super) fn check_create_topic(facts: &impl ClusterFacts, spec: &TopicSpec) -> Verdict {
    topic_name(&spec.name)?;
    let topic = spec.name.clone();
    match facts.topic_presence(&spec.name) {
        _ if spec.name == OFFSETS_TOPIC => return Err(ActionRefusal::TopicExists { topic }),
        TopicPresence::Live => return Err(ActionRefusal::TopicExists { topic }),
        TopicPresence::MarkedForDeletion => {
            return Err(ActionRefusal::TopicMarkedForDeletion { topic })
        }
        TopicPresence::Deleted => return Err(ActionRefusal::TopicNameDeleted { topic }),
        TopicPresence::Absent => {}
    }
    let placement = |error| ActionRefusal::Placement {
        topic: spec.name.clone(),
        error,
    };
    if spec.partitions == 0 {
        return Err(placement(PlacementError::InvalidPartitions(0)));
    }
    let brokers = facts.available_brokers();
    if spec.replication_factor == 0 || spec.replication_factor as usize > brokers {
        return Err(placement(PlacementError::InvalidReplicationFactor {
            replication_factor: spec.replication_factor.into(),
            brokers,
        }));
    }
    room_for(facts, spec.partitions)?;
    if let Some(assignment) = &spec.assignment {
        check_assignment(facts, spec, assignment)?;
    }
    for (key, value) in &spec.config {
        TopicConfig::check(key, value).map_err(ActionRefusal::Config)?;
    }
    Ok(())
}

/// Whether `topic` may grow to `partitions` now.
pub(super) fn check_create_partitions(
    facts: &impl ClusterFacts,
    topic: &str,
    partitions: u32,
) -> Verdict {
    super::user_topic(facts, topic)?;
    let current = facts.partition_count(topic).unwrap_or(0);
    if partitions <= current {
        return Err(ActionRefusal::PartitionsNotIncreased {
            topic: topic.into(),
            current,
            requested: partitions,
        });
    }
    room_for(facts, partitions - current)
}

/// The cap on partitions in all ([`MAX_PARTITIONS`]).
fn room_for(facts: &impl ClusterFacts, more: u32) -> Verdict {
    let total = facts.partitions_total().saturating_add(more.into());
    if total > MAX_PARTITIONS {
        return Err(ActionRefusal::TooManyPartitions {
            total,
            max: MAX_PARTITIONS,
        });
    }
    Ok(())
}

/// `--replica-assignment`: every partition 0..n once, each with `replication_factor`
/// distinct brokers of the cluster (`AdminZkClient.validateReplicaAssignment`).
fn check_assignment(
    facts: &impl ClusterFacts,
    spec: &TopicSpec,
    assignment: &crate::placement::Assignment,
) -> Verdict {
    let bad = |partition: Option<u32>, problem| ActionRefusal::InvalidReplicaAssignment {
        topic: spec.name.clone(),
        partition,
        problem,
    };
    if spec.start_index.is_some() {
        return Err(bad(None, AssignmentProblem::WithStartIndex));
    }
    if !assignment.keys().copied().eq(0..spec.partitions) {
        return Err(bad(
            None,
            AssignmentProblem::NotEveryPartition {
                partitions: spec.partitions,
            },
        ));
    }
    for (&p, replicas) in assignment {
        if replicas.len() != spec.replication_factor as usize {
            return Err(bad(
                Some(p),
                AssignmentProblem::ReplicaCount {
                    expected: spec.replication_factor,
                    got: replicas.len() as u32,
                },
            ));
        }
        for (i, &broker) in replicas.iter().enumerate() {
            if facts.broker(broker) == BrokerState::Absent {
                return Err(bad(Some(p), AssignmentProblem::UnknownBroker { broker }));
            }
            if replicas[..i].contains(&broker) {
                return Err(bad(Some(p), AssignmentProblem::DuplicateBroker { broker }));
            }
        }
    }
    Ok(())
}
