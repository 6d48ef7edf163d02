//! Kafka's own expectations for the rack-aware placement, from
//! `AdminRackAwareTest` (kafka `server/src/test/java/.../admin/AdminRackAwareTest.java`):
//! the exact maps where it gives them, its distribution checks where it does not.

use super::*;
use crate::placement::{assign_kafka, assign_replicas_to_brokers};
use crate::rng::SimRng;

fn racks(pairs: &[(BrokerId, &str)]) -> BTreeMap<BrokerId, String> {
    pairs.iter().map(|(b, r)| (*b, r.to_string())).collect()
}

/// Broker i in rack `names[i]`.
fn racks_in_order(names: &[&str]) -> BTreeMap<BrokerId, String> {
    (0..).zip(names).map(|(b, r)| (b, r.to_string())).collect()
}

fn req(
    r: &BTreeMap<BrokerId, String>,
    partitions: i64,
    rf: i64,
    start: Option<u32>,
    first: u32,
) -> PlacementRequest {
    PlacementRequest {
        brokers: r.keys().copied().collect(),
        partitions,
        replication_factor: rf,
        fixed_start_index: start,
        start_partition_id: first,
    }
}

fn fixed(_: u32) -> u32 {
    panic!("a fixed start index must not draw")
}

type Distribution = (
    Vec<usize>,
    BTreeMap<BrokerId, usize>,
    BTreeMap<BrokerId, usize>,
);

/// The number of racks of each partition's replicas, and leaders and replicas per broker.
fn distribution(a: &Assignment, r: &BTreeMap<BrokerId, String>) -> Distribution {
    let mut leaders = BTreeMap::new();
    let mut replicas = BTreeMap::new();
    let distinct_racks = a
        .values()
        .map(|reps| {
            *leaders.entry(reps[0]).or_insert(0) += 1;
            for b in reps {
                *replicas.entry(*b).or_insert(0) += 1;
            }
            reps.iter().map(|b| &r[b]).collect::<BTreeSet<_>>().len()
        })
        .collect();
    (distinct_racks, leaders, replicas)
}

/// Kafka's `assertReplicaDistribution`: no broker twice in a list, every partition on
/// `rf` racks, and (when asked) leaders and replicas spread evenly over every broker.
fn assert_replica_distribution(
    a: &Assignment,
    r: &BTreeMap<BrokerId, String>,
    rf: usize,
    even_leaders: bool,
    even_replicas: bool,
) {
    for reps in a.values() {
        assert_eq!(
            reps.iter().collect::<BTreeSet<_>>().len(),
            reps.len(),
            "{a:?}"
        );
    }
    let (distinct, leaders, replicas) = distribution(a, r);
    assert!(
        distinct.iter().all(|&d| d == rf),
        "not on {rf} racks: {a:?}"
    );
    let n = r.len();
    if even_leaders {
        assert_eq!(leaders.len(), n, "{a:?}");
        assert!(leaders.values().all(|&c| c == a.len() / n), "{a:?}");
    }
    if even_replicas {
        assert_eq!(replicas.len(), n, "{a:?}");
        assert!(replicas.values().all(|&c| c == a.len() * rf / n), "{a:?}");
    }
}

/// The same check over many seeded draws (Kafka's tests with a random start index).
fn for_random_starts(
    r: &BTreeMap<BrokerId, String>,
    partitions: i64,
    rf: i64,
    first: u32,
    check: impl Fn(&Assignment),
) {
    for seed in 0..200 {
        let mut rng = SimRng::new(seed);
        let request = req(r, partitions, rf, None, first);
        check(&assign_rack_aware(&request, r, &mut |n| rng.below(n)).unwrap());
    }
}

fn six_brokers_three_racks() -> BTreeMap<BrokerId, String> {
    racks_in_order(&["rack1", "rack2", "rack2", "rack3", "rack3", "rack1"])
}

#[test]
fn admin_rack_aware_test_get_rack_alternated_broker_list_and_assign_replicas_to_brokers() {
    let r = racks_in_order(&["rack1", "rack3", "rack3", "rack2", "rack2", "rack1"]);
    assert_eq!(rack_alternated_broker_list(&r), vec![0, 3, 1, 5, 4, 2]);
    let mut fewer = r.clone();
    fewer.remove(&5);
    assert_eq!(rack_alternated_broker_list(&fewer), vec![0, 3, 1, 4, 2]);
    let got = assign_rack_aware(&req(&r, 7, 3, Some(0), 0), &r, &mut fixed).unwrap();
    let expected: Assignment = [
        (0, vec![0, 3, 1]),
        (1, vec![3, 1, 5]),
        (2, vec![1, 5, 4]),
        (3, vec![5, 4, 2]),
        (4, vec![4, 2, 0]),
        (5, vec![2, 0, 3]),
        (6, vec![0, 4, 2]),
    ]
    .into_iter()
    .collect();
    assert_eq!(got, expected);
}

#[test]
fn admin_rack_aware_test_assignment_with_rack_aware() {
    let r = six_brokers_three_racks();
    let a = assign_rack_aware(&req(&r, 6, 3, Some(2), 0), &r, &mut fixed).unwrap();
    assert_replica_distribution(&a, &r, 3, true, true);
    for_random_starts(&r, 6, 3, 0, |a| {
        assert_replica_distribution(a, &r, 3, true, true)
    });
}

#[test]
fn admin_rack_aware_test_assignment_with_rack_aware_with_uneven_replicas() {
    let r = six_brokers_three_racks();
    let a = assign_rack_aware(&req(&r, 13, 3, Some(0), 0), &r, &mut fixed).unwrap();
    assert_replica_distribution(&a, &r, 3, false, false);
}

/// The broker list with unequal racks: rack1 holds three brokers, rack2 one, rack3 two.
#[test]
fn admin_rack_aware_test_assignment_with_rack_aware_with_uneven_racks() {
    let r = racks_in_order(&["rack1", "rack1", "rack2", "rack3", "rack3", "rack1"]);
    assert_eq!(rack_alternated_broker_list(&r), vec![0, 2, 3, 1, 4, 5]);
    for_random_starts(&r, 12, 3, 0, |a| {
        assert_replica_distribution(a, &r, 3, true, false)
    });
}

#[test]
fn admin_rack_aware_test_two_replicas_and_expansion() {
    let r = six_brokers_three_racks();
    for_random_starts(&r, 12, 2, 0, |a| {
        assert_replica_distribution(a, &r, 2, true, true)
    });
    let shifted: BTreeMap<BrokerId, String> =
        r.into_iter().map(|(b, rack)| (b + 6, rack)).collect();
    // testRackAwareExpansion: 12 more partitions from partition 12.
    for_random_starts(&shifted, 12, 2, 12, |a| {
        assert_eq!(a.keys().next(), Some(&12));
        assert_replica_distribution(a, &shifted, 2, true, true)
    });
    for_random_starts(&shifted, 6, 2, 0, |a| {
        assert_replica_distribution(a, &shifted, 2, true, true)
    });
    let three = racks(&[(0, "rack1"), (1, "rack2"), (4, "rack3")]);
    for_random_starts(&three, 3, 2, 0, |a| {
        assert_replica_distribution(a, &three, 2, true, true)
    });
}

#[test]
fn admin_rack_aware_test_large_number_partitions_assignment() {
    let r = racks_in_order(&[
        "rack1", "rack2", "rack2", "rack3", "rack3", "rack1", "rack1", "rack2", "rack2", "rack3",
        "rack1", "rack3",
    ]);
    for_random_starts(&r, 96, 3, 0, |a| {
        assert_replica_distribution(a, &r, 3, true, true)
    });
}

#[test]
fn admin_rack_aware_test_more_and_fewer_replicas_than_racks() {
    let r = racks_in_order(&["rack1", "rack2", "rack2", "rack3", "rack3", "rack2"]);
    for_random_starts(&r, 6, 5, 0, |a| {
        let (distinct, _, _) = distribution(a, &r);
        assert!(a.values().all(|reps| reps.len() == 5));
        assert!(distinct.iter().all(|&d| d == 3), "{a:?}");
    });
    for_random_starts(&r, 6, 2, 0, |a| {
        let (distinct, _, _) = distribution(a, &r);
        assert!(distinct.iter().all(|&d| d == 2), "{a:?}");
    });
}

#[test]
fn admin_rack_aware_test_single_rack() {
    let r: BTreeMap<BrokerId, String> = (0..6).map(|b| (b, "rack1".to_string())).collect();
    for_random_starts(&r, 6, 3, 0, |a| {
        let (distinct, leaders, _) = distribution(a, &r);
        assert!(distinct.iter().all(|&d| d == 1));
        assert!(r.keys().all(|b| leaders.get(b) == Some(&1)), "{a:?}");
    });
}

#[test]
fn admin_rack_aware_test_skip_broker_with_replica_already_assigned() {
    let r = racks(&[(0, "a"), (1, "b"), (2, "c"), (3, "a"), (4, "a")]);
    let a = assign_rack_aware(&req(&r, 6, 4, Some(2), 0), &r, &mut fixed).unwrap();
    for reps in a.values() {
        assert_eq!(reps.iter().collect::<BTreeSet<_>>().len(), 4, "{a:?}");
    }
}

/// testAssignReplicasToBrokersWithInvalidParameters: a broker without a rack among
/// brokers with racks is Kafka's `AdminOperationException`.
#[test]
fn admin_rack_aware_test_invalid_parameters() {
    let mut r = racks(&[(0, "rack1"), (1, "rack3"), (2, "rack3"), (3, "rack2")]);
    let mut request = req(&r, 10, 3, None, 0);
    request.brokers.push(4);
    let err = assign_kafka(&request, &r, &mut |_| 0).unwrap_err();
    assert_eq!(err.kafka_name(), "AdminOperationException");
    r.insert(4, "rack1".into());
    for (partitions, rf) in [(0, 0), (10, 0), (10, 6)] {
        assert!(assign_rack_aware(&req(&r, partitions, rf, None, 0), &r, &mut |_| 0).is_err());
    }
}

#[test]
fn kafka_rule_without_racks_is_the_rack_unaware_placement() {
    let request = PlacementRequest {
        brokers: (0..5).collect(),
        partitions: 10,
        replication_factor: 3,
        fixed_start_index: Some(0),
        start_partition_id: 0,
    };
    let plain = assign_replicas_to_brokers(&request, &mut fixed).unwrap();
    assert_eq!(
        assign_kafka(&request, &BTreeMap::new(), &mut fixed).unwrap(),
        plain
    );
}

#[test]
fn a_huge_fixed_start_index_does_not_overflow() {
    let r = six_brokers_three_racks();
    let a = assign_rack_aware(&req(&r, 20, 3, Some(u32::MAX), 0), &r, &mut fixed).unwrap();
    assert_replica_distribution(&a, &r, 3, false, false);
}
