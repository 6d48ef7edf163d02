//! Racks and zones in generated schedules: a third of the clusters get `broker.rack`
//! (two or three racks, sometimes each in a zone of its own, with latency by distance),
//! and on those a crash or power loss sometimes takes the broker's whole rack or zone.

use super::plan::FaultKind;
use crate::class::Class;
use crate::draw::Draw;
use isrlab_sim::placement::PlacementRule;
use isrlab_sim::scenario::{ClusterSpec, ConsumerSpec, TopicSpec};
use isrlab_sim::topology::Topology;
use isrlab_sim::view::{BrokerStatus, ClusterView};
use isrlab_sim::Action;

/// Gives a third of the clusters racks (and sometimes zones), and sometimes a topic the
/// rack-unaware placement; then sometimes KIP-392's follower fetching: the brokers'
/// `replica.selector.class` and the consumers' `client.rack`. Draws nothing more for the
/// others.
pub fn draw_racks(
    d: &mut Draw,
    cluster: &mut ClusterSpec,
    topics: &mut [TopicSpec],
    consumers: &mut [ConsumerSpec],
) {
    if !d.chance(0.35) {
        return;
    }
    let racks = d.range(2, 3);
    let mut ids = cluster.brokers.clone();
    ids.sort_unstable();
    cluster.racks = ids
        .iter()
        .enumerate()
        .map(|(i, &b)| (b, format!("r{}", i as u64 % racks)))
        .collect();
    cluster.network.cross_rack_ms = d.range(0, 5);
    if d.chance(0.5) {
        cluster.zones = (0..racks)
            .map(|r| (format!("zone-{r}"), vec![format!("r{r}")]))
            .collect();
        cluster.network.cross_zone_ms = d.range(5, 40);
    }
    if let Some(t) = topics
        .iter_mut()
        .find(|t| t.assignment.is_none() && t.placement == PlacementRule::Kafka)
    {
        if d.chance(0.3) {
            t.placement = PlacementRule::KafkaDisableRackAware;
        }
    }
    if d.chance(0.5) {
        let selector = "org.apache.kafka.common.replica.RackAwareReplicaSelector";
        let key = "replica.selector.class".to_string();
        cluster.config.insert(key, selector.into());
    }
    for c in consumers.iter_mut() {
        if d.chance(0.6) {
            let rack = format!("r{}", d.range(0, racks - 1));
            c.config.insert("client.rack".into(), rack.into());
        }
    }
}

/// Sometimes widens a crash or power loss of `broker` to its rack or zone: the action,
/// and the restarts of every broker it takes down. `None` leaves the fault as it is.
pub fn place_fault(
    d: &mut Draw,
    class: Class,
    kind: FaultKind,
    broker: u32,
    topology: &Topology,
    view: &ClusterView,
) -> Option<(Action, Vec<Action>)> {
    let power_loss = match kind {
        FaultKind::Crash => false,
        // Only where the class does not count power losses exactly.
        FaultKind::PowerLoss if class.power_losses().is_none() => true,
        _ => return None,
    };
    let rack = topology.rack_of(broker)?.to_string();
    if !d.chance(0.4) {
        return None;
    }
    let (action, brokers) = if d.chance(0.5) {
        let brokers = topology.brokers_in_rack(&rack);
        (Action::RackDown { rack, power_loss }, brokers)
    } else {
        let zone = topology.zone_of_rack(&rack).to_string();
        let brokers = topology.brokers_in_zone(&zone);
        (Action::ZoneDown { zone, power_loss }, brokers)
    };
    let up = |b: &u32| {
        view.brokers
            .iter()
            .any(|v| v.id == *b && v.status != BrokerStatus::Down)
    };
    let restarts = brokers
        .iter()
        .filter(|b| up(b))
        .map(|&broker| Action::Restart { broker })
        .collect();
    Some((action, restarts))
}
