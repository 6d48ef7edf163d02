//! Kafka's leader election rules (`PartitionLeaderElectionAlgorithms`), as pure functions.

use crate::ids::BrokerId;

/// Offline partition: the first replica in assignment order that is alive and in the
/// ISR; otherwise, when unclean election is allowed, the first alive replica (the bool
/// says the election was unclean); otherwise none.
pub fn offline_partition_leader(
    assignment: &[BrokerId],
    isr: &[BrokerId],
    live: &dyn Fn(BrokerId) -> bool,
    unclean_allowed: bool,
) -> Option<(BrokerId, bool)> {
    if let Some(&b) = assignment.iter().find(|&&b| live(b) && isr.contains(&b)) {
        return Some((b, false));
    }
    if unclean_allowed {
        return assignment.iter().find(|&&b| live(b)).map(|&b| (b, true));
    }
    None
}

/// Kafka's `KafkaController.doRemoveReplicasFromIsr`, replica by replica in broker-id
/// order: each dead replica leaves the ISR unless it is the last member, which stays; so
/// when every member died at once exactly one remains (with unclean election off, the only
/// one that may lead again).
pub fn remove_replicas_from_isr(isr: &[BrokerId], dead: &[BrokerId]) -> Vec<BrokerId> {
    let mut dead = dead.to_vec();
    dead.sort_unstable();
    let mut out = isr.to_vec();
    for d in dead {
        if out.len() > 1 {
            out.retain(|&x| x != d);
        }
    }
    out
}

/// Preferred replica election: the first assigned replica, if alive and in the ISR.
pub fn preferred_leader(
    assignment: &[BrokerId],
    isr: &[BrokerId],
    live: &dyn Fn(BrokerId) -> bool,
) -> Option<BrokerId> {
    assignment
        .first()
        .copied()
        .filter(|&b| live(b) && isr.contains(&b))
}

/// Controlled shutdown: the first assigned replica alive, in the ISR and not shutting down.
pub fn controlled_shutdown_leader(
    assignment: &[BrokerId],
    isr: &[BrokerId],
    live: &dyn Fn(BrokerId) -> bool,
    shutting_down: &[BrokerId],
) -> Option<BrokerId> {
    assignment
        .iter()
        .copied()
        .find(|b| live(*b) && isr.contains(b) && !shutting_down.contains(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offline_election_prefers_live_isr_member_in_assignment_order() {
        let live = |b| b != 1;
        assert_eq!(
            offline_partition_leader(&[1, 2, 3], &[1, 3, 2], &live, false),
            Some((2, false))
        );
    }

    #[test]
    fn unclean_election_takes_first_live_replica_only_when_enabled() {
        let live = |b| b == 3;
        assert_eq!(
            offline_partition_leader(&[1, 2, 3], &[1], &live, false),
            None
        );
        assert_eq!(
            offline_partition_leader(&[1, 2, 3], &[1], &live, true),
            Some((3, true))
        );
    }

    #[test]
    fn dead_replicas_leave_the_isr_one_at_a_time_and_the_last_one_stays() {
        assert_eq!(
            remove_replicas_from_isr(&[2, 0, 1], &[0, 1, 2]),
            vec![2],
            "exactly one member stays"
        );
        assert_eq!(remove_replicas_from_isr(&[2, 0, 1], &[1]), vec![2, 0]);
        assert_eq!(remove_replicas_from_isr(&[3], &[3]), vec![3]);
        assert_eq!(remove_replicas_from_isr(&[1, 3], &[3, 1]), vec![3]);
    }

    #[test]
    fn preferred_and_controlled_shutdown_rules() {
        let live = |_| true;
        assert_eq!(preferred_leader(&[1, 2], &[2], &live), None);
        assert_eq!(preferred_leader(&[1, 2], &[2, 1], &live), Some(1));
        assert_eq!(
            controlled_shutdown_leader(&[1, 2, 3], &[1, 2, 3], &live, &[1]),
            Some(2)
        );
    }
}
