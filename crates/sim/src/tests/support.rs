//! Test helpers: scenarios from JSON, event searches.

use crate::events::EventKind;
use crate::scenario::Scenario;
use crate::sim::Sim;

/// A 3-broker cluster with topic `t` (partitions, RF 3, assignment given), producer `p`
/// (acks given), protocol and extra config, and the given timed actions. No consumer
/// (a consumer brings the internal `__consumer_offsets` topic): add them with [`consumer`].
pub fn scenario(
    protocol: &str,
    config: &str,
    topic_config: &str,
    acks: &str,
    producer_cfg: &str,
    actions: &str,
    end: u64,
) -> Scenario {
    let json = format!(
        r#"{{"id":"t","title":{{"en":"t","zh":"t"}},"seed":7,"end_ms":{end},
        "cluster":{{"brokers":[1,2,3],"protocol":"{protocol}","config":{{{config}}},
                    "network":{{"latency_ms":2,"jitter_ms":1,"loss":0.0,"manual":false}}}},
        "topics":[{{"name":"t","partitions":1,"replication_factor":3,"assignment":{{"0":[1,2,3]}},"config":{{{topic_config}}}}}],
        "producers":[{{"name":"p","acks":"{acks}","config":{{{producer_cfg}}}}}],
        "actions":[{actions}]}}"#
    );
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

/// A consumer of topic `t` in `group`, a member from time 0.
pub fn consumer(name: &str, group: &str) -> crate::scenario::ConsumerSpec {
    serde_json::from_str(&format!(
        r#"{{"name":"{name}","group":"{group}","topics":["t"]}}"#
    ))
    .expect("valid consumer")
}

/// Builds and runs to the end.
pub fn run(s: &Scenario) -> Sim {
    let mut sim = Sim::new(s).expect("valid scenario");
    while sim.step() {}
    sim
}

/// Events matching a predicate.
pub fn count(sim: &Sim, f: impl Fn(&EventKind) -> bool) -> usize {
    sim.events().iter().filter(|e| f(&e.kind)).count()
}

/// Prints the event log (for failing tests).
pub fn dump(sim: &Sim) -> String {
    sim.events()
        .iter()
        .map(|e| format!("{:>6} {:?}\n", e.time_ms, e.kind))
        .collect()
}
