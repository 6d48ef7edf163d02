//! Where the brokers stand: `broker.rack` per broker, zones (or datacenters) grouping
//! racks and regions grouping zones, as a scenario's cluster gives them. The topology
//! answers which brokers a `rack_down` or `zone_down` takes, and how far apart two racks
//! are for the network's latency by distance.

use crate::ids::{BrokerId, NodeId};
use crate::net::{DistanceLatency, Network, Place};
use crate::scenario::{ClusterSpec, NetworkSpec};
use std::collections::BTreeMap;

/// How far apart two racks are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Distance {
    /// The same rack.
    SameRack,
    /// Two racks of one zone.
    CrossRack,
    /// Two zones of one region.
    CrossZone,
    /// Two regions.
    CrossRegion,
}

/// Racks, zones and regions of one cluster.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Topology {
    racks: BTreeMap<BrokerId, String>,
    /// Rack → its zone (a rack listed in no zone is a zone of its own).
    zone_of: BTreeMap<String, String>,
    /// Zone → its region (a zone listed in no region is in the one default region).
    region_of: BTreeMap<String, String>,
}

impl Topology {
    /// The topology a scenario's cluster describes (checked by the validator).
    pub fn from_spec(c: &ClusterSpec) -> Topology {
        let invert = |groups: &BTreeMap<String, Vec<String>>| {
            groups
                .iter()
                .flat_map(|(group, members)| {
                    members.iter().map(move |m| (m.clone(), group.clone()))
                })
                .collect()
        };
        Topology {
            racks: c.racks.clone(),
            zone_of: invert(&c.zones),
            region_of: invert(&c.regions),
        }
    }

    /// Whether no broker has a rack.
    pub fn is_empty(&self) -> bool {
        self.racks.is_empty()
    }

    /// `broker.rack` by broker id.
    pub fn racks(&self) -> &BTreeMap<BrokerId, String> {
        &self.racks
    }

    /// A broker's `broker.rack`.
    pub fn rack_of(&self, broker: BrokerId) -> Option<&str> {
        self.racks.get(&broker).map(String::as_str)
    }

    /// The zone a rack is in (the rack itself when no zone lists it).
    pub fn zone_of_rack<'a>(&'a self, rack: &'a str) -> &'a str {
        self.zone_of.get(rack).map_or(rack, String::as_str)
    }

    /// The zone a broker is in, when it has a rack.
    pub fn zone_of(&self, broker: BrokerId) -> Option<&str> {
        self.rack_of(broker).map(|r| self.zone_of_rack(r))
    }

    /// The brokers of a rack, in id order (empty for an unknown rack).
    pub fn brokers_in_rack(&self, rack: &str) -> Vec<BrokerId> {
        self.racks
            .iter()
            .filter(|(_, r)| r.as_str() == rack)
            .map(|(b, _)| *b)
            .collect()
    }

    /// The brokers of a zone, in id order (empty for an unknown zone).
    pub fn brokers_in_zone(&self, zone: &str) -> Vec<BrokerId> {
        self.racks
            .iter()
            .filter(|(_, r)| self.zone_of_rack(r) == zone)
            .map(|(b, _)| *b)
            .collect()
    }

    /// The zones in name order, each with its racks in name order and their brokers.
    pub fn zones(&self) -> BTreeMap<&str, BTreeMap<&str, Vec<BrokerId>>> {
        let mut out: BTreeMap<&str, BTreeMap<&str, Vec<BrokerId>>> = BTreeMap::new();
        for (b, rack) in &self.racks {
            out.entry(self.zone_of_rack(rack))
                .or_default()
                .entry(rack.as_str())
                .or_default()
                .push(*b);
        }
        out
    }

    /// A rack's place on the network (indices of its rack, zone and region in name order;
    /// `None` for a rack no broker has).
    pub fn place_of_rack(&self, rack: &str) -> Option<Place> {
        let zone = self.zone_of_rack(rack);
        let region = self.region_of.get(zone).map_or("", String::as_str);
        let index = |names: Vec<&str>, name: &str| {
            let mut names = names;
            names.sort_unstable();
            names.dedup();
            names.iter().position(|n| *n == name).map(|i| i as u32)
        };
        let racks: Vec<&str> = self.racks.values().map(String::as_str).collect();
        let zones: Vec<&str> = racks.iter().map(|r| self.zone_of_rack(r)).collect();
        let regions: Vec<&str> = zones
            .iter()
            .map(|z| self.region_of.get(*z).map_or("", String::as_str))
            .collect();
        Some(Place {
            rack: index(racks, rack)?,
            zone: index(zones, zone)?,
            region: index(regions, region)?,
        })
    }

    /// The network a scenario's spec describes, with every broker that has a rack placed.
    pub fn network(&self, spec: &NetworkSpec) -> Network {
        let mut net = Network::new(spec.latency_ms, spec.jitter_ms, spec.loss, spec.manual);
        net.by_distance = DistanceLatency {
            cross_rack_ms: spec.cross_rack_ms,
            cross_zone_ms: spec.cross_zone_ms,
            cross_region_ms: spec.cross_region_ms,
        };
        for (b, rack) in &self.racks {
            if let Some(place) = self.place_of_rack(rack) {
                net.place(NodeId::Broker(*b), place);
            }
        }
        net
    }

    /// How far apart two racks are.
    pub fn distance(&self, a: &str, b: &str) -> Distance {
        let (za, zb) = (self.zone_of_rack(a), self.zone_of_rack(b));
        if a == b {
            Distance::SameRack
        } else if za == zb {
            Distance::CrossRack
        } else if self.region_of.get(za) == self.region_of.get(zb) {
            Distance::CrossZone
        } else {
            Distance::CrossRegion
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stretched() -> Topology {
        let group = |pairs: &[(&str, &[&str])]| {
            pairs
                .iter()
                .map(|(g, m)| (g.to_string(), m.iter().map(|s| s.to_string()).collect()))
                .collect()
        };
        Topology::from_spec(&ClusterSpec {
            brokers: vec![0, 1, 2, 3],
            protocol: "3.7".into(),
            config: BTreeMap::new(),
            network: NetworkSpec::default(),
            racks: [(0, "a1"), (1, "a2"), (2, "b1"), (3, "c1")]
                .into_iter()
                .map(|(b, r)| (b, r.to_string()))
                .collect(),
            zones: group(&[("zone-a", &["a1", "a2"]), ("zone-b", &["b1"])]),
            regions: group(&[("east", &["zone-a", "zone-b"])]),
        })
    }

    #[test]
    fn zones_group_racks_and_an_unlisted_rack_is_its_own_zone() {
        let t = stretched();
        assert_eq!(t.brokers_in_zone("zone-a"), vec![0, 1]);
        assert_eq!(t.brokers_in_rack("a2"), vec![1]);
        assert_eq!(t.zone_of(3), Some("c1"));
        assert_eq!(t.brokers_in_zone("c1"), vec![3]);
        assert!(t.brokers_in_zone("zone-x").is_empty());
        let zones: Vec<&str> = t.zones().keys().copied().collect();
        assert_eq!(zones, vec!["c1", "zone-a", "zone-b"]);
    }

    #[test]
    fn distance_grows_from_rack_to_zone_to_region() {
        let t = stretched();
        assert_eq!(t.distance("a1", "a1"), Distance::SameRack);
        assert_eq!(t.distance("a1", "a2"), Distance::CrossRack);
        assert_eq!(t.distance("a1", "b1"), Distance::CrossZone);
        assert_eq!(t.distance("b1", "c1"), Distance::CrossRegion);
    }

    #[test]
    fn places_agree_with_distance() {
        let t = stretched();
        let latency = crate::net::DistanceLatency {
            cross_rack_ms: 1,
            cross_zone_ms: 10,
            cross_region_ms: 100,
        };
        let expected = |d| match d {
            Distance::SameRack => 0,
            Distance::CrossRack => 1,
            Distance::CrossZone => 10,
            Distance::CrossRegion => 100,
        };
        for a in ["a1", "a2", "b1", "c1"] {
            for b in ["a1", "a2", "b1", "c1"] {
                let (pa, pb) = (t.place_of_rack(a).unwrap(), t.place_of_rack(b).unwrap());
                assert_eq!(
                    latency.between(pa, pb),
                    expected(t.distance(a, b)),
                    "{a} {b}"
                );
            }
        }
        assert_eq!(t.place_of_rack("nowhere"), None);
    }
}
