//! Replica placement: Kafka's `assignReplicasToBrokers` (rack-unaware and rack-aware,
//! from `AdminUtils.java`) and the textbook `(i + j) mod n` rule of the course material.

mod rack_aware;

pub use rack_aware::{assign_rack_aware, rack_alternated_broker_list};

use crate::ids::BrokerId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A partition → replica list map; the first replica is the preferred leader.
pub type Assignment = BTreeMap<u32, Vec<BrokerId>>;

/// Which placement rule builds a topic's assignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PlacementRule {
    /// Kafka's `assignReplicasToBrokers` (AdminUtils.java): rack-aware when the brokers
    /// have a `broker.rack`.
    #[default]
    Kafka,
    /// Kafka's rack-unaware placement even when brokers have racks
    /// (`kafka-topics.sh --disable-rack-aware`, `RackAwareMode.Disabled`).
    KafkaDisableRackAware,
    /// Course-material rule: partition i on broker i mod n, replica j on broker (i + j) mod n.
    Textbook,
}

/// Why a placement request is refused, named after Kafka's exceptions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum PlacementError {
    /// `InvalidPartitionsException`: the number of partitions must be larger than 0.
    InvalidPartitions(i64),
    /// `InvalidReplicationFactorException`: RF must be in 1..=number of brokers.
    InvalidReplicationFactor {
        replication_factor: i64,
        brokers: usize,
    },
    /// `AdminOperationException`: some brokers have a rack and others have none.
    NotAllBrokersHaveRack,
}

impl PlacementError {
    /// Kafka's exception name for this error.
    pub fn kafka_name(&self) -> &'static str {
        match self {
            PlacementError::InvalidPartitions(_) => "InvalidPartitionsException",
            PlacementError::InvalidReplicationFactor { .. } => "InvalidReplicationFactorException",
            PlacementError::NotAllBrokersHaveRack => "AdminOperationException",
        }
    }
}

impl fmt::Display for PlacementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlacementError::InvalidPartitions(n) => {
                write!(f, "{}: number of partitions must be larger than 0, got {n}", self.kafka_name())
            }
            PlacementError::InvalidReplicationFactor { replication_factor, brokers } => write!(
                f,
                "{}: replication factor must be larger than 0 and at most the number of available brokers ({brokers}), got {replication_factor}",
                self.kafka_name()
            ),
            PlacementError::NotAllBrokersHaveRack => write!(
                f,
                "{}: not all brokers have rack information for replica rack aware assignment",
                self.kafka_name()
            ),
        }
    }
}

impl std::error::Error for PlacementError {}

/// The request of one placement: Kafka's arguments to `assignReplicasToBrokers`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacementRequest {
    /// The brokers to place on (any order; Kafka sorts them by id).
    pub brokers: Vec<BrokerId>,
    /// Number of partitions to place.
    pub partitions: i64,
    /// Replicas per partition.
    pub replication_factor: i64,
    /// `fixedStartIndex`: `Some(k)` fixes both the start index and the replica shift; `None` draws them.
    pub fixed_start_index: Option<u32>,
    /// `startPartitionId`: the id of the first partition placed (for adding partitions).
    pub start_partition_id: u32,
}

fn validate(req: &PlacementRequest) -> Result<Vec<BrokerId>, PlacementError> {
    if req.partitions <= 0 {
        return Err(PlacementError::InvalidPartitions(req.partitions));
    }
    let mut brokers = req.brokers.clone();
    brokers.sort_unstable();
    brokers.dedup();
    if req.replication_factor <= 0 || req.replication_factor > brokers.len() as i64 {
        return Err(PlacementError::InvalidReplicationFactor {
            replication_factor: req.replication_factor,
            brokers: brokers.len(),
        });
    }
    Ok(brokers)
}

/// Kafka's rack-unaware `assignReplicasToBrokers`. `draw_below(n)` supplies the two
/// random draws Kafka makes when no fixed start index is given (start index, then shift).
pub fn assign_replicas_to_brokers(
    req: &PlacementRequest,
    draw_below: &mut dyn FnMut(u32) -> u32,
) -> Result<Assignment, PlacementError> {
    let brokers = validate(req)?;
    let n = brokers.len();
    let (start_index, mut next_replica_shift) = match req.fixed_start_index {
        // Reduced modulo what they are used modulo, so a large `k` cannot overflow a 32-bit usize.
        Some(k) => (k as usize % n, k as usize % (n - 1).max(1)),
        None => {
            let start = draw_below(n as u32) as usize;
            (start, draw_below(n as u32) as usize)
        }
    };
    let mut out = Assignment::new();
    for i in 0..req.partitions as u32 {
        let p = req.start_partition_id + i;
        if p > 0 && (p as usize).is_multiple_of(n) {
            next_replica_shift += 1;
        }
        let first = (p as usize + start_index) % n;
        let mut replicas = Vec::with_capacity(req.replication_factor as usize);
        replicas.push(brokers[first]);
        for j in 0..(req.replication_factor as usize - 1) {
            let shift = 1 + (next_replica_shift + j) % (n - 1);
            replicas.push(brokers[(first + shift) % n]);
        }
        out.insert(p, replicas);
    }
    Ok(out)
}

/// Kafka's public `assignReplicasToBrokers`: rack-unaware when no broker of the request
/// has a rack, rack-aware when all have one, refused when only some have one.
pub fn assign_kafka(
    req: &PlacementRequest,
    racks: &BTreeMap<BrokerId, String>,
    draw_below: &mut dyn FnMut(u32) -> u32,
) -> Result<Assignment, PlacementError> {
    if req.brokers.iter().any(|b| racks.contains_key(b)) {
        assign_rack_aware(req, racks, draw_below)
    } else {
        assign_replicas_to_brokers(req, draw_below)
    }
}

/// The course material's rule: partition i's replica j lives on broker (i + j) mod n
/// (brokers sorted by id). `fixed_start_index` is ignored; `start_partition_id` is honoured.
pub fn assign_textbook(req: &PlacementRequest) -> Result<Assignment, PlacementError> {
    let brokers = validate(req)?;
    let n = brokers.len();
    let mut out = Assignment::new();
    for i in 0..req.partitions as u32 {
        let p = req.start_partition_id + i;
        let replicas = (0..req.replication_factor as usize)
            .map(|j| brokers[(p as usize + j) % n])
            .collect();
        out.insert(p, replicas);
    }
    Ok(out)
}

/// The partitions whose replica lists differ between two assignments (to show the user).
pub fn differences(a: &Assignment, b: &Assignment) -> Vec<u32> {
    a.iter()
        .filter(|(p, replicas)| b.get(p) != Some(replicas))
        .map(|(p, _)| *p)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(brokers: u32, partitions: i64, rf: i64, start: Option<u32>) -> PlacementRequest {
        PlacementRequest {
            brokers: (0..brokers).collect(),
            partitions,
            replication_factor: rf,
            fixed_start_index: start,
            start_partition_id: 0,
        }
    }

    fn no_draw(_: u32) -> u32 {
        panic!("a fixed start index must not draw")
    }

    /// Kafka's AdminRackAwareTest.testReplicaAssignment expected map.
    #[test]
    fn kafka_admin_rack_aware_test_replica_assignment() {
        let got = assign_replicas_to_brokers(&req(5, 10, 3, Some(0)), &mut no_draw).unwrap();
        let expected: Assignment = [
            (0, vec![0, 1, 2]),
            (1, vec![1, 2, 3]),
            (2, vec![2, 3, 4]),
            (3, vec![3, 4, 0]),
            (4, vec![4, 0, 1]),
            (5, vec![0, 2, 3]),
            (6, vec![1, 3, 4]),
            (7, vec![2, 4, 0]),
            (8, vec![3, 0, 1]),
            (9, vec![4, 1, 2]),
        ]
        .into_iter()
        .collect();
        assert_eq!(got, expected);
    }

    /// AdminRackAwareTest: replication factor 0 and 6 on 5 brokers are refused.
    #[test]
    fn kafka_rejects_replication_factor_zero_and_above_broker_count() {
        for rf in [0, 6, -1] {
            let err =
                assign_replicas_to_brokers(&req(5, 10, rf, Some(0)), &mut no_draw).unwrap_err();
            assert_eq!(err.kafka_name(), "InvalidReplicationFactorException");
        }
        let err = assign_replicas_to_brokers(&req(5, 0, 3, Some(0)), &mut no_draw).unwrap_err();
        assert_eq!(err.kafka_name(), "InvalidPartitionsException");
    }

    #[test]
    fn random_start_draws_start_index_then_shift() {
        let mut draws = vec![2u32, 4].into_iter();
        let got = assign_replicas_to_brokers(&req(5, 1, 3, None), &mut |n| {
            assert_eq!(n, 5);
            draws.next().unwrap()
        })
        .unwrap();
        // first = (0 + 2) % 5 = 2; shifts 1 + (4 + j) % 4 = 1, 2
        assert_eq!(got[&0], vec![2, 3, 4]);
    }

    /// A huge fixed start index places like its remainder modulo n·(n − 1), which
    /// leaves both the start index (mod n) and the shift (mod n − 1) unchanged.
    #[test]
    fn a_huge_start_index_places_like_its_remainder() {
        let n = 5u32;
        let huge = u32::MAX - 3;
        let same = huge % (n * (n - 1));
        let a = assign_replicas_to_brokers(&req(n, 20, 3, Some(huge)), &mut no_draw).unwrap();
        let b = assign_replicas_to_brokers(&req(n, 20, 3, Some(same)), &mut no_draw).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn textbook_rule_places_replica_j_of_partition_i_on_broker_i_plus_j() {
        let got = assign_textbook(&req(3, 4, 3, None)).unwrap();
        assert_eq!(got[&0], vec![0, 1, 2]);
        assert_eq!(got[&1], vec![1, 2, 0]);
        assert_eq!(got[&3], vec![0, 1, 2]);
    }

    #[test]
    fn kafka_and_textbook_differ_once_the_shift_moves() {
        let kafka = assign_replicas_to_brokers(&req(5, 10, 3, Some(0)), &mut no_draw).unwrap();
        let textbook = assign_textbook(&req(5, 10, 3, None)).unwrap();
        assert_eq!(differences(&kafka, &textbook), vec![5, 6, 7, 8, 9]);
    }
}
