//! Where the partitions added to a topic go (`kafka-topics.sh --alter --partitions N`,
//! `Admin.createPartitions`): Kafka's `ZkAdminManager.createPartitions` checks the new count,
//! then `AdminZkClient.createNewPartitionsAssignment` keeps the existing assignment and
//! places only the new partitions with `assignReplicasToBrokers`, the replication factor of
//! partition 0, the start partition id equal to the current count, and the fixed start
//! index of the first broker (by id) at or above partition 0's first replica:
//! `startIndex = max(0, allBrokers.indexWhere(_.id >= existingAssignmentPartition0.head))`.
//! So the new partitions carry on the round-robin of leaders where the topic's left it.

use crate::ids::BrokerId;
use crate::placement::{assign_kafka, Assignment, PlacementError, PlacementRequest};
use std::collections::BTreeMap;
use std::fmt;

/// Why partitions cannot be added, in Kafka's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddPartitionsError {
    /// `InvalidPartitionsException`: the topic already has that many partitions.
    AlreadyHas { current: u32 },
    /// `InvalidPartitionsException`: a topic's partitions can only be increased.
    Decrease { current: u32, requested: u32 },
    /// `AdminOperationException`: the topic has no partition 0 to take the RF from.
    MissingPartition0 { topic: String },
    /// The placement itself is refused (`InvalidReplicationFactorException`: fewer live
    /// brokers than partition 0's replicas).
    Placement(PlacementError),
}

impl AddPartitionsError {
    /// Kafka's exception name for this error.
    pub fn kafka_name(&self) -> &'static str {
        match self {
            AddPartitionsError::AlreadyHas { .. } | AddPartitionsError::Decrease { .. } => {
                "InvalidPartitionsException"
            }
            AddPartitionsError::MissingPartition0 { .. } => "AdminOperationException",
            AddPartitionsError::Placement(e) => e.kafka_name(),
        }
    }
}

impl fmt::Display for AddPartitionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddPartitionsError::AlreadyHas { current } => {
                write!(f, "Topic already has {current} partitions.")
            }
            AddPartitionsError::Decrease { current, requested } => write!(
                f,
                "Topic currently has {current} partitions, which is higher than the requested {requested}."
            ),
            AddPartitionsError::MissingPartition0 { topic } => write!(
                f,
                "Unexpected existing replica assignment for topic '{topic}', partition id 0 is missing."
            ),
            AddPartitionsError::Placement(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for AddPartitionsError {}

/// The assignment of the partitions `existing.len()..requested` of `topic` over `brokers`
/// (the registered ones; any order), leaving `existing` as it is; rack-aware when the
/// brokers have racks (`racks`), as `assignReplicasToBrokers` is.
pub fn new_partitions_assignment(
    topic: &str,
    existing: &Assignment,
    brokers: &[BrokerId],
    racks: &BTreeMap<BrokerId, String>,
    requested: u32,
) -> Result<Assignment, AddPartitionsError> {
    let current = existing.len() as u32;
    if requested < current {
        return Err(AddPartitionsError::Decrease { current, requested });
    }
    if requested == current {
        return Err(AddPartitionsError::AlreadyHas { current });
    }
    let partition0 = existing.get(&0).filter(|r| !r.is_empty()).ok_or_else(|| {
        AddPartitionsError::MissingPartition0 {
            topic: topic.to_string(),
        }
    })?;
    let mut sorted = brokers.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let start_index = sorted.iter().position(|&b| b >= partition0[0]).unwrap_or(0);
    let req = PlacementRequest {
        brokers: sorted,
        partitions: (requested - current) as i64,
        replication_factor: partition0.len() as i64,
        fixed_start_index: Some(start_index as u32),
        start_partition_id: current,
    };
    // A fixed start index draws nothing.
    assign_kafka(&req, racks, &mut |_| 0).map_err(AddPartitionsError::Placement)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(p0: &[BrokerId]) -> Assignment {
        Assignment::from([(0, p0.to_vec())])
    }

    fn leaders_and_sets(a: &Assignment) -> Vec<(u32, BrokerId, Vec<BrokerId>)> {
        a.iter()
            .map(|(&p, r)| {
                let mut set = r.clone();
                set.sort_unstable();
                (p, r[0], set)
            })
            .collect()
    }

    // Kafka's AddPartitionsTest.testReplicaPlacementAllServers: topic3 = {0 -> [2,3,0,1]}
    // on brokers 0..3, increased to 7 partitions: leaders 3, 0, 1, 2, 3, 0, all four
    // brokers in every replica set.
    #[test]
    fn add_partitions_test_replica_placement_all_servers() {
        let added = new_partitions_assignment(
            "new-topic3",
            &one(&[2, 3, 0, 1]),
            &[0, 1, 2, 3],
            &BTreeMap::new(),
            7,
        )
        .unwrap();
        let all = vec![0, 1, 2, 3];
        let expected: Vec<(u32, BrokerId, Vec<BrokerId>)> =
            [(1, 3), (2, 0), (3, 1), (4, 2), (5, 3), (6, 0)]
                .into_iter()
                .map(|(p, l)| (p, l, all.clone()))
                .collect();
        assert_eq!(leaders_and_sets(&added), expected);
    }

    // AddPartitionsTest.testReplicaPlacementPartialServers: topic2 = {0 -> [1,2]} increased
    // to 3: partition 1 led by 2 on {0,2}, partition 2 led by 3 on {1,3}.
    #[test]
    fn add_partitions_test_replica_placement_partial_servers() {
        let added = new_partitions_assignment(
            "new-topic2",
            &one(&[1, 2]),
            &[3, 2, 1, 0],
            &BTreeMap::new(),
            3,
        )
        .unwrap();
        assert_eq!(
            leaders_and_sets(&added),
            vec![(1, 2, vec![0, 2]), (2, 3, vec![1, 3])]
        );
    }

    // The start index is the first broker at or above partition 0's leader: with broker 2
    // gone, the round-robin starts at broker 3.
    #[test]
    fn the_start_index_is_the_first_broker_at_or_above_partition_0s_first_replica() {
        let added =
            new_partitions_assignment("t", &one(&[2, 0]), &[0, 1, 3], &BTreeMap::new(), 2).unwrap();
        assert_eq!(added.keys().copied().collect::<Vec<_>>(), [1]);
        // startIndex 2 (broker 3), partition 1: first = (1 + 2) % 3 = 0 → broker 0.
        assert_eq!(added[&1][0], 0);
        let above_all =
            new_partitions_assignment("t", &one(&[9, 0]), &[0, 1, 3], &BTreeMap::new(), 2).unwrap();
        assert_eq!(above_all[&1][0], 1, "no broker at or above 9: startIndex 0");
    }

    // ZkAdminManager.createPartitions' checks, in its words.
    #[test]
    fn fewer_or_as_many_partitions_and_too_few_brokers_are_refused() {
        let two = Assignment::from([(0, vec![0, 1]), (1, vec![1, 0])]);
        let e = new_partitions_assignment("t", &two, &[0, 1], &BTreeMap::new(), 1).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Topic currently has 2 partitions, which is higher than the requested 1."
        );
        assert_eq!(e.kafka_name(), "InvalidPartitionsException");
        let e = new_partitions_assignment("t", &two, &[0, 1], &BTreeMap::new(), 2).unwrap_err();
        assert_eq!(e.to_string(), "Topic already has 2 partitions.");
        let e = new_partitions_assignment("t", &two, &[0], &BTreeMap::new(), 3).unwrap_err();
        assert_eq!(e.kafka_name(), "InvalidReplicationFactorException");
        let no_p0 = Assignment::from([(1, vec![0, 1])]);
        let e = new_partitions_assignment("new-topic5", &no_p0, &[0, 1], &BTreeMap::new(), 3)
            .unwrap_err();
        assert!(e
            .to_string()
            .contains("Unexpected existing replica assignment for topic 'new-topic5', partition id 0 is missing"));
    }
}
