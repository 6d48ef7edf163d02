//! "Settled": every partition has a leader and every live replica's log is a prefix of
//! its leader's (it has truncated to the leader), so the fault has done all it will do.

use isrlab_sim::view::{ClusterView, PartitionView};
use isrlab_sim::{Sim, TimeMs};

/// How often (virtual ms) the fork checks whether it has settled.
pub const CHECK_EVERY_MS: TimeMs = 50;

/// Whether every partition of the scenario's topics has settled in `view`.
pub fn settled(view: &ClusterView) -> bool {
    view.partitions.iter().all(partition_settled)
}

/// A leader, and every live created replica holds a prefix of the leader's log.
fn partition_settled(p: &PartitionView) -> bool {
    let Some(leader) = p.leader else { return false };
    let Some(lead) = p.replica_states.iter().find(|r| r.broker == leader) else {
        return false;
    };
    let key = |r: &isrlab_sim::view::RecordView| (r.offset, r.epoch, r.message);
    p.replica_states
        .iter()
        .filter(|r| r.alive && r.created)
        .all(|r| {
            r.log.len() <= lead.log.len()
                && r.log.iter().zip(&lead.log).all(|(a, b)| key(a) == key(b))
        })
}

/// Runs `sim` until it settles or reaches `horizon`; returns when it stopped and whether
/// it settled (false: some partition was still offline or diverged at the horizon).
pub fn run_until_settled(sim: &mut Sim, horizon: TimeMs) -> (TimeMs, bool) {
    loop {
        if settled(&sim.view()) {
            return (sim.now(), true);
        }
        if sim.now() >= horizon.min(sim.end_ms()) {
            return (sim.now(), false);
        }
        let next = sim.now().saturating_add(CHECK_EVERY_MS).min(horizon);
        sim.run_until(next);
    }
}
