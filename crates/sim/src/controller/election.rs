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

/// Preferred replica election: the first assigned replica, if alive and in the ISR.
pub fn preferred_leader(assignment: &[BrokerId], isr: &[BrokerId], live: &dyn Fn(BrokerId) -> bool) -> Option<BrokerId> {
    assignment.first().copied().filter(|&b| live(b) && isr.contains(&b))
}

/// Controlled shutdown: the first assigned replica alive, in the ISR and not shutting down.
pub fn controlled_shutdown_leader(
    assignment: &[BrokerId],
    isr: &[BrokerId],
    live: &dyn Fn(BrokerId) -> bool,
    shutting_down: &[BrokerId],
) -> Option<BrokerId> {
    assignment.iter().copied().find(|b| live(*b) && isr.contains(b) && !shutting_down.contains(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offline_election_prefers_live_isr_member_in_assignment_order() {
        let live = |b| b != 1;
        assert_eq!(offline_partition_leader(&[1, 2, 3], &[1, 3, 2], &live, false), Some((2, false)));
    }

    #[test]
    fn unclean_election_takes_first_live_replica_only_when_enabled() {
        let live = |b| b == 3;
        assert_eq!(offline_partition_leader(&[1, 2, 3], &[1], &live, false), None);
        assert_eq!(offline_partition_leader(&[1, 2, 3], &[1], &live, true), Some((3, true)));
    }

    #[test]
    fn preferred_and_controlled_shutdown_rules() {
        let live = |_| true;
        assert_eq!(preferred_leader(&[1, 2], &[2], &live), None);
        assert_eq!(preferred_leader(&[1, 2], &[2, 1], &live), Some(1));
        assert_eq!(controlled_shutdown_leader(&[1, 2, 3], &[1, 2, 3], &live, &[1]), Some(2));
    }
}
