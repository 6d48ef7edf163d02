//! What a scenario file exercises, read back from the file alone: lets the tests (and
//! the soak's summary) count that the generator reaches every feature the format has.

use isrlab_sim::config::BrokerConfig;
use isrlab_sim::placement::PlacementRule;
use isrlab_sim::topology::Topology;
use isrlab_sim::{Action, NodeId, Scenario};
use std::collections::{BTreeMap, BTreeSet};

/// Features a schedule can exercise, named for the summary and the tests.
pub fn features(s: &Scenario) -> BTreeSet<String> {
    let mut f = BTreeSet::new();
    let mut add = |name: &str| {
        f.insert(name.to_string());
    };
    let mut ids = s.cluster.brokers.clone();
    ids.sort_unstable();
    if ids.iter().enumerate().any(|(i, &b)| b != i as u32) {
        add("broker ids not 0..n");
    }
    for n in [2, 3] {
        if s.topics.len() >= n {
            add(&format!("{n} topics"));
        }
        if s.producers.len() >= n {
            add(&format!("{n} producers"));
        }
    }
    for t in &s.topics {
        add(&format!("RF {}", t.replication_factor));
        match (&t.assignment, t.placement, t.start_index) {
            (Some(_), _, _) => add("explicit placement"),
            (None, PlacementRule::Textbook, _) => add("textbook placement"),
            (None, PlacementRule::Kafka, Some(_)) => add("kafka placement with start_index"),
            (None, PlacementRule::Kafka, None) => add("kafka placement"),
            (None, PlacementRule::KafkaDisableRackAware, _) => {
                add("kafka placement, rack-aware disabled")
            }
        }
        for key in t.config.keys() {
            add(&format!("topic config {key}"));
        }
    }
    for key in s.cluster.config.keys() {
        add(&format!("cluster config {key}"));
    }
    for key in s
        .producers
        .iter()
        .flat_map(|p| p.config.keys())
        .chain(s.consumers.iter().flat_map(|c| c.config.keys()))
    {
        add(&format!("client config {key}"));
    }
    if s.cluster.network.loss > 0.0 {
        add("network loss");
    }
    if !s.cluster.racks.is_empty() {
        add("racks");
    }
    if !s.cluster.zones.is_empty() {
        add("zones");
    }
    if s.cluster.network.manual {
        add("manual network from the start");
    }
    let messages: u64 = s
        .actions
        .iter()
        .map(|a| match &a.action {
            Action::Produce { count, .. } => count.unwrap_or(1) as u64,
            _ => 0,
        })
        .sum();
    if messages >= 100 {
        add("100 messages");
    }
    for name in schedule_features(s) {
        add(&name);
    }
    f
}

fn kind(n: &NodeId) -> &'static str {
    match n {
        NodeId::Broker(_) => "broker",
        NodeId::Zookeeper => "zookeeper",
        NodeId::Producer(_) => "producer",
        NodeId::Consumer(_) => "consumer",
    }
}

/// Whether records are flushed explicitly anywhere in the scenario.
fn flushes(s: &Scenario) -> bool {
    let flush_key = |k: &String| k.contains("flush");
    s.cluster.config.keys().any(flush_key)
        || s.topics.iter().any(|t| t.config.keys().any(flush_key))
}

/// Features of the action list, followed with the brokers' states.
fn schedule_features(s: &Scenario) -> BTreeSet<String> {
    let mut f = BTreeSet::new();
    let cfg = BrokerConfig::from_scenario(&s.cluster.protocol, &s.cluster.config).ok();
    let session = cfg
        .as_ref()
        .map_or(u64::MAX, |c| c.zookeeper_session_timeout_ms);
    let request = s
        .producers
        .iter()
        .map(|p| {
            p.config
                .get("request.timeout.ms")
                .and_then(|v| v.as_u64())
                .unwrap_or(30_000)
        })
        .max()
        .unwrap_or(30_000);
    let topology = Topology::from_spec(&s.cluster);
    // Broker → when its current fault began.
    let mut faulted: BTreeMap<u32, u64> = BTreeMap::new();
    let mut paused_at: BTreeMap<u32, u64> = BTreeMap::new();
    for a in &s.actions {
        let t = a.at_ms;
        let during = !faulted.is_empty();
        let name = match &a.action {
            Action::Crash { broker }
            | Action::PowerLoss { broker }
            | Action::DiskLoss { broker }
            | Action::Pause { broker }
            | Action::ControlledShutdown { broker } => {
                if faulted.iter().any(|(&b, &since)| {
                    b != *broker && t.abs_diff(since.saturating_add(session)) <= 2_000
                }) {
                    f.insert("second failure near session expiry".to_string());
                }
                faulted.insert(*broker, t);
                match &a.action {
                    Action::Pause { .. } => {
                        paused_at.insert(*broker, t);
                        "pause".to_string()
                    }
                    Action::PowerLoss { .. } if flushes(s) => "power loss with flush".to_string(),
                    Action::PowerLoss { .. } => "power loss without flush".to_string(),
                    other => other.name().to_string(),
                }
            }
            Action::Restart { broker } | Action::Resume { broker } => {
                faulted.remove(broker);
                if let Some(since) = paused_at.remove(broker) {
                    if t - since > session {
                        f.insert("pause past session timeout".to_string());
                    }
                }
                a.action.name().to_string()
            }
            Action::Slow {
                extra_latency_ms, ..
            } if *extra_latency_ms > request => "slow beyond request timeout".to_string(),
            Action::Cut {
                from,
                to,
                both_ways,
            } => {
                format!(
                    "cut {} -> {}{}",
                    kind(from),
                    kind(to),
                    if *both_ways { " both ways" } else { " one way" }
                )
            }
            Action::Reassign { .. }
            | Action::PreferredElection { .. }
            | Action::SetConfig { .. }
                if during =>
            {
                format!("{} during a fault", a.action.name())
            }
            Action::RackDown { power_loss, .. } | Action::ZoneDown { power_loss, .. } => {
                let place = match &a.action {
                    Action::RackDown { rack, .. } => topology.brokers_in_rack(rack),
                    Action::ZoneDown { zone, .. } => topology.brokers_in_zone(zone),
                    _ => Vec::new(),
                };
                for b in place {
                    faulted.insert(b, t);
                }
                let power = if *power_loss { " with power loss" } else { "" };
                format!("{}{power}", a.action.name())
            }
            other => other.name().to_string(),
        };
        f.insert(name);
        if let Action::SetConfig { key, .. } = &a.action {
            f.insert(format!("set_config {key}"));
        }
    }
    f
}
