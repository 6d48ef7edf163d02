//! When a cluster has finished booting. At time 0 nothing is elected yet: brokers
//! register with ZooKeeper, the first to create `/controller` becomes the controller,
//! which reads the partition assignments and sends LeaderAndIsr to every replica
//! (Kafka's `KafkaController.onControllerFailover` → `onNewPartitionCreation`). The
//! lab opens a scenario once that is done, so the first screen shows a working cluster;
//! the boot itself stays in the run and can be replayed from time 0.

use crate::ids::TimeMs;
use crate::sim::Sim;
use crate::view::{ClusterView, PartitionView, ReplicaRole};

/// Whether a cluster view shows a booted cluster: a controller is elected, and every
/// partition (the internal `__consumer_offsets` ones too) has a leader, an ISR holding
/// every assigned replica, and replicas that know their role (the leader leads, every
/// other assigned replica follows).
pub fn is_booted(view: &ClusterView) -> bool {
    view.controller.is_some()
        && view
            .partitions
            .iter()
            .chain(&view.internal_partitions)
            .all(partition_booted)
}

fn partition_booted(p: &PartitionView) -> bool {
    let Some(leader) = p.leader else { return false };
    let mut isr = p.isr.clone();
    let mut replicas = p.replicas.clone();
    isr.sort_unstable();
    replicas.sort_unstable();
    isr == replicas
        && p.replicas.iter().all(|b| {
            p.replica_states.iter().any(|r| {
                r.broker == *b
                    && r.alive
                    && if *b == leader {
                        r.role == ReplicaRole::Leader
                    } else {
                        r.role == ReplicaRole::Follower
                    }
            })
        })
}

impl Sim {
    /// Processes events until the cluster has booted ([`is_booted`]) and returns the
    /// time it did, or `None` if it had not by `limit`. It never processes the
    /// scenario's first scripted action, nor anything at or after that action's time,
    /// so a scenario that acts during the boot stops just before its first action.
    /// The view is built only after steps that recorded a structured event (every
    /// election and ISR change records one).
    pub fn run_until_booted(&mut self, limit: TimeMs) -> Option<TimeMs> {
        let stop = self
            .scripted
            .first()
            .map_or(limit, |(_, a)| a.at_ms.min(limit));
        let mut seen = u64::MAX;
        loop {
            if seen != self.events.total() {
                seen = self.events.total();
                if is_booted(&self.view()) {
                    return Some(self.now);
                }
            }
            match self.queue.peek_time() {
                Some(t) if t < stop && t <= self.end => {
                    self.step();
                }
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    fn scenario(brokers: u32, partitions: u32, rf: u32, first_action_ms: u64) -> Scenario {
        let json = format!(
            r#"{{"id":"boot","title":{{"en":"b","zh":"b"}},"seed":3,"end_ms":60000,
            "cluster":{{"brokers":{:?}}},
            "topics":[{{"name":"t","partitions":{partitions},"replication_factor":{rf}}}],
            "producers":[{{"name":"p1","acks":"all"}}],
            "actions":[{{"at_ms":{first_action_ms},"do":"produce","producer":"p1","topic":"t","value":"m1"}}]}}"#,
            (0..brokers).collect::<Vec<_>>()
        );
        Scenario::from_json(&json).unwrap()
    }

    #[test]
    fn at_time_zero_nothing_is_elected_and_the_boot_elects_every_leader() {
        let mut sim = Sim::new(&scenario(3, 3, 3, 5_000)).unwrap();
        sim.run_until(0);
        assert!(!is_booted(&sim.view()), "no controller at t = 0");
        let at = sim
            .run_until_booted(60_000)
            .expect("a healthy cluster boots");
        assert!(at > 0 && at < 5_000, "booted at {at} ms");
        let view = sim.view();
        assert!(view.controller.is_some());
        for p in &view.partitions {
            assert!(p.leader.is_some(), "{}", p.tp);
            assert_eq!(p.isr.len(), 3, "{}", p.tp);
        }
        assert_eq!(view.metrics.gauges.OfflinePartitionsCount, 0);
        assert_eq!(
            sim.ledger().len(),
            0,
            "the first produce (5 s) was not reached"
        );
    }

    #[test]
    fn nine_brokers_and_twelve_partitions_boot_too() {
        let mut sim = Sim::new(&scenario(9, 12, 3, 30_000)).unwrap();
        assert!(sim.run_until_booted(60_000).is_some());
        assert!(is_booted(&sim.view()));
    }

    /// A scenario that acts before the boot is over stops just before its first action.
    #[test]
    fn booting_never_runs_into_the_first_scripted_action() {
        let mut sim = Sim::new(&scenario(3, 3, 3, 1)).unwrap();
        assert_eq!(sim.run_until_booted(60_000), None);
        assert!(sim.now() < 1);
        let mut sim = Sim::new(&scenario(3, 3, 3, 5_000)).unwrap();
        assert_eq!(sim.run_until_booted(0), None, "limit reached first");
    }

    /// Booting is an ordinary prefix of the run: the same events as running to that time.
    #[test]
    fn booting_is_part_of_the_replayable_run() {
        let s = scenario(3, 3, 3, 5_000);
        let mut booted = Sim::new(&s).unwrap();
        let at = booted.run_until_booted(60_000).unwrap();
        booted.run_until(at);
        let mut plain = Sim::new(&s).unwrap();
        plain.run_until(at);
        assert_eq!(booted.trace_hash(), plain.trace_hash());
        assert_eq!(booted.events().len(), plain.events().len());
    }
}
