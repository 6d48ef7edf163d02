//! Fetching from the closest replica (KIP-392). A consumer with `client.rack` sends its
//! rack with each fetch; a leader whose `replica.selector.class` is Kafka's
//! `RackAwareReplicaSelector` answers a consumer outside its own rack with a preferred
//! read replica instead of records: the most caught-up ISR follower in the consumer's
//! rack that has the fetch offset. The consumer then fetches from that follower, which
//! serves records only up to its own HW (it lags the leader's by a fetch round trip).
//! A fetch without a rack is served by the leader only, as Kafka's
//! `fetchOnlyFromLeader` has it.

use crate::ids::{BrokerId, NodeId, Offset};
use crate::net::msg::PartIdx;
use crate::sim::Sim;

impl Sim {
    /// The `client.rack` a fetch from `from` carries (consumers only).
    pub(crate) fn fetch_rack(&self, from: NodeId) -> Option<&str> {
        match from {
            NodeId::Consumer(c) => self.consumers.get(c as usize)?.cfg.client_rack.as_deref(),
            _ => None,
        }
    }

    /// `ReplicaManager.findPreferredReadReplica` on leader `b`: a follower to send the
    /// consumer to, or `None` to serve it here.
    pub(crate) fn preferred_read_replica(
        &self,
        b: usize,
        p: PartIdx,
        from: NodeId,
        offset: Offset,
    ) -> Option<BrokerId> {
        if !self.cfg.rack_aware_replica_selector {
            return None;
        }
        let rack = self.fetch_rack(from)?;
        let me = &self.brokers[b];
        if self.topology.rack_of(me.id) == Some(rack) {
            return None;
        }
        let leader = me.replicas[p as usize].as_ref()?.leader()?;
        leader
            .followers
            .iter()
            .filter(|f| leader.isr.contains(&f.broker))
            .filter(|f| self.topology.rack_of(f.broker) == Some(rack))
            .filter_map(|f| {
                f.leo
                    .filter(|&leo| leo >= offset)
                    .map(|leo| (leo, f.broker))
            })
            // The most caught-up; among equals, the lowest id.
            .max_by_key(|&(leo, broker)| (leo, std::cmp::Reverse(broker)))
            .map(|(_, broker)| broker)
    }
}
