//! Shrinking a failing scenario: greedy delta debugging over its actions (drop halves,
//! quarters, ... single actions, then pairs, while the failure persists), then dropping
//! brokers, topics and config keys, moving the end of the run closer, and halving produce
//! bursts. `keeps` says whether a candidate still fails the same way (and still belongs
//! to its class).

use isrlab_sim::{Action, NodeId, Scenario};

/// The smallest scenario found that `keeps` accepts, starting from `s` (which it must
/// accept). Tries at most `budget` candidates.
pub fn shrink(s: &Scenario, keeps: &mut dyn FnMut(&Scenario) -> bool, budget: usize) -> Scenario {
    let mut best = s.clone();
    let mut tries = 0;
    let mut attempt = |candidate: Scenario, best: &mut Scenario| {
        if tries >= budget || candidate.validate().is_err() {
            return false;
        }
        tries += 1;
        if keeps(&candidate) {
            *best = candidate;
            return true;
        }
        false
    };
    // Actions, to a fixed point: removing one can make another removable.
    loop {
        let before = best.actions.len();
        drop_actions(&mut best, &mut attempt);
        if best.actions.len() == before {
            break;
        }
    }
    // Brokers, then topics.
    for b in best.cluster.brokers.clone() {
        if let Some(candidate) = without_broker(&best, b) {
            attempt(candidate, &mut best);
        }
    }
    for name in best
        .topics
        .iter()
        .map(|t| t.name.clone())
        .collect::<Vec<_>>()
    {
        if let Some(candidate) = without_topic(&best, &name) {
            attempt(candidate, &mut best);
        }
    }
    // Config keys, one at a time (`keeps` refuses a scenario that leaves its class).
    let keys = |c: &Scenario| -> Vec<(Option<usize>, String)> {
        let cluster = c.cluster.config.keys().map(|k| (None, k.clone()));
        let topics = c
            .topics
            .iter()
            .enumerate()
            .flat_map(|(i, t)| t.config.keys().map(move |k| (Some(i), k.clone())));
        cluster.chain(topics).collect()
    };
    for (topic, key) in keys(&best) {
        let mut candidate = best.clone();
        match topic {
            None => candidate.cluster.config.remove(&key),
            Some(i) => candidate.topics[i].config.remove(&key),
        };
        attempt(candidate, &mut best);
    }
    // The end of the run, halfway towards the last action while the failure persists.
    let last = best.actions.last().map_or(1, |a| a.at_ms);
    while best.end_ms > last + 1_000 {
        let mut candidate = best.clone();
        candidate.end_ms = last + (best.end_ms - last) / 2;
        if !attempt(candidate, &mut best) {
            break;
        }
    }
    // Produce bursts, halved while the failure persists.
    for i in 0..best.actions.len() {
        while let Action::Produce { count: Some(n), .. } = best.actions[i].action {
            let mut candidate = best.clone();
            if let Action::Produce { count, .. } = &mut candidate.actions[i].action {
                *count = (n > 2).then_some(n / 2);
            }
            if !attempt(candidate, &mut best) {
                break;
            }
        }
    }
    best
}

/// One pass of action removal: chunks of decreasing size, then pairs.
fn drop_actions(best: &mut Scenario, attempt: &mut dyn FnMut(Scenario, &mut Scenario) -> bool) {
    let mut chunk = best.actions.len().div_ceil(2).max(1);
    loop {
        let mut start = 0;
        while start < best.actions.len() {
            let mut candidate = best.clone();
            let stop = (start + chunk).min(candidate.actions.len());
            candidate.actions.drain(start..stop);
            if !attempt(candidate, best) {
                start += chunk;
            }
        }
        if chunk == 1 {
            break;
        }
        chunk = chunk.div_ceil(2);
    }
    // Pairs (a fault and its restore are only valid together), on what is left.
    if best.actions.len() <= 40 {
        let mut i = 0;
        while i < best.actions.len() {
            let mut j = i + 1;
            while j < best.actions.len() {
                let mut candidate = best.clone();
                candidate.actions.remove(j);
                candidate.actions.remove(i);
                if !attempt(candidate, best) {
                    j += 1;
                }
            }
            i += 1;
        }
    }
}

/// Broker `b` leaves its rack; a rack with no broker left leaves its zone, and a zone or
/// region left empty goes (the validator wants every named place to hold something).
fn forget_rack_of(c: &mut Scenario, b: u32) {
    let racks = &mut c.cluster.racks;
    racks.remove(&b);
    let used: Vec<String> = racks.values().cloned().collect();
    c.cluster
        .zones
        .values_mut()
        .for_each(|z| z.retain(|r| used.contains(r)));
    c.cluster.zones.retain(|_, z| !z.is_empty());
    let zones: Vec<String> = c.cluster.zones.keys().cloned().collect();
    c.cluster
        .regions
        .values_mut()
        .for_each(|r| r.retain(|z| zones.contains(z)));
    c.cluster.regions.retain(|_, r| !r.is_empty());
}

/// `s` without broker `b`: topics keep their RF when the cluster still allows it, explicit
/// assignments lose `b`, and actions naming `b` are dropped.
fn without_broker(s: &Scenario, b: u32) -> Option<Scenario> {
    let mut c = s.clone();
    c.cluster.brokers.retain(|&x| x != b);
    let n = c.cluster.brokers.len();
    if n == 0 {
        return None;
    }
    for t in &mut c.topics {
        t.replication_factor = t.replication_factor.min(n as u32);
        if let Some(start) = t.start_index {
            t.start_index = Some(start.min(n as u32 - 1));
        }
        if let Some(assignment) = &mut t.assignment {
            for replicas in assignment.values_mut() {
                replicas.retain(|&x| x != b);
                for &other in &c.cluster.brokers {
                    if replicas.len() < t.replication_factor as usize && !replicas.contains(&other)
                    {
                        replicas.push(other);
                    }
                }
                replicas.truncate(t.replication_factor as usize);
            }
        }
    }
    forget_rack_of(&mut c, b);
    if let Some(rf) = c.cluster.config.get_mut("offsets.topic.replication.factor") {
        if rf.as_u64().is_some_and(|r| r > n as u64) {
            *rf = serde_json::json!(n);
        }
    }
    c.actions.retain_mut(|a| match &mut a.action {
        Action::Crash { broker }
        | Action::PowerLoss { broker }
        | Action::DiskLoss { broker }
        | Action::Restart { broker }
        | Action::Pause { broker }
        | Action::Resume { broker }
        | Action::Slow { broker, .. }
        | Action::ControlledShutdown { broker } => *broker != b,
        Action::Cut { from, to, .. } | Action::Heal { from, to, .. } => {
            *from != NodeId::Broker(b) && *to != NodeId::Broker(b)
        }
        Action::Reassign { replicas, .. } => {
            replicas.retain(|&x| x != b);
            !replicas.is_empty()
        }
        Action::RackDown { rack, .. } => c.cluster.racks.values().any(|r| r == rack),
        Action::ZoneDown { zone, .. } => c.cluster.zones.contains_key(zone),
        _ => true,
    });
    Some(c)
}

/// `s` without topic `name` and everything that names it.
fn without_topic(s: &Scenario, name: &str) -> Option<Scenario> {
    if s.topics.len() < 2 {
        return None;
    }
    let mut c = s.clone();
    c.topics.retain(|t| t.name != name);
    for consumer in &mut c.consumers {
        consumer.topics.retain(|t| t != name);
    }
    if c.consumers.iter().any(|x| x.topics.is_empty()) {
        return None;
    }
    c.actions.retain_mut(|a| match &mut a.action {
        Action::Produce { topic, .. }
        | Action::UncleanElection { topic, .. }
        | Action::Reassign { topic, .. }
        | Action::CreatePartitions { topic, .. }
        | Action::DeleteTopic { topic } => topic != name,
        Action::PreferredElection { topic, .. } | Action::SetConfig { topic, .. } => {
            topic.as_deref() != Some(name)
        }
        Action::AddConsumer { topics, .. } => {
            topics.retain(|t| t != name);
            !topics.is_empty()
        }
        _ => true,
    });
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::class::Class;
    use crate::generate::generate;

    /// A synthetic failure: the scenario crashes some broker and later produces with a burst.
    fn fails(s: &Scenario) -> bool {
        let crash = s
            .actions
            .iter()
            .position(|a| matches!(a.action, Action::Crash { .. }));
        let burst = s
            .actions
            .iter()
            .rposition(|a| matches!(a.action, Action::Produce { .. }));
        matches!((crash, burst), (Some(c), Some(p)) if c < p)
    }

    #[test]
    fn shrinking_keeps_a_synthetic_failure_and_reduces_the_schedule() {
        let mut shrunk_some = 0;
        for seed in 0..40 {
            let s = generate(seed, Class::Any).scenario;
            if !fails(&s) {
                continue;
            }
            let mut calls = 0;
            let small = shrink(
                &s,
                &mut |c| {
                    calls += 1;
                    fails(c)
                },
                2_000,
            );
            assert!(
                fails(&small),
                "seed {seed}: the shrunk scenario lost the failure"
            );
            assert!(
                small.validate().is_ok(),
                "seed {seed}: the shrunk scenario does not validate"
            );
            assert!(small.actions.len() <= s.actions.len());
            assert!(calls > 0);
            // The minimal failing schedule is one crash and one produce.
            assert_eq!(small.actions.len(), 2, "seed {seed}: {:?}", small.actions);
            assert!(
                small.cluster.brokers.len() < s.cluster.brokers.len()
                    || s.cluster.brokers.len() == 1
            );
            shrunk_some += 1;
        }
        assert!(
            shrunk_some >= 5,
            "only {shrunk_some} seeds had the synthetic failure"
        );
    }
}
