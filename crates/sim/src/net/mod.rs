//! The simulated network: links between nodes with latency plus seeded jitter, loss,
//! one-way cuts, per-node extra latency (slow broker) and a manual mode in which every
//! new message waits until it is delivered or dropped by hand.
//!
//! Each link delivers in the order it was sent, as Kafka's TCP connections do: jitter and
//! a slow node's extra latency delay a message, but never past one sent after it on the
//! same link (the producer's pipelined requests and a fetcher's requests rely on it;
//! `max.in.flight.requests.per.connection` is about this order). Only manual mode, by
//! hand, delivers out of order.
//!
//! Nodes with a rack ([`Place`]) add latency by distance: between racks of one zone,
//! across zones, across regions (`cross_rack_ms`, `cross_zone_ms`, `cross_region_ms`).

pub mod msg;

use crate::events::DropCause;
use crate::ids::{NodeId, TimeMs};
use crate::rng::SimRng;
use msg::Msg;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// A message on the network.
#[derive(Clone, Debug)]
pub struct Envelope {
    /// Network-wide id.
    pub id: u64,
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// When it was sent.
    pub sent_at: TimeMs,
    /// When it arrives (for a held message: when it would have arrived).
    pub deliver_at: TimeMs,
    /// Held by manual mode.
    pub held: bool,
    /// The protocol message.
    pub msg: Msg,
}

/// What `send` did with a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sent {
    /// Will arrive at the given time.
    Scheduled(u64, TimeMs),
    /// Waits for a manual deliver/drop.
    Held(u64),
    /// Lost at once.
    Dropped(u64, DropCause),
}

/// Where a node stands, as indices of its rack, zone and region (see [`crate::topology`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// Its rack.
    pub rack: u32,
    /// The rack's zone.
    pub zone: u32,
    /// The zone's region.
    pub region: u32,
}

/// Extra one-way latency by distance between two placed nodes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DistanceLatency {
    /// Between two racks of one zone.
    pub cross_rack_ms: u64,
    /// Between two zones of one region.
    pub cross_zone_ms: u64,
    /// Between two regions.
    pub cross_region_ms: u64,
}

impl DistanceLatency {
    /// The extra latency from `a` to `b`.
    pub fn between(&self, a: Place, b: Place) -> u64 {
        if a.region != b.region {
            self.cross_region_ms
        } else if a.zone != b.zone {
            self.cross_zone_ms
        } else if a.rack != b.rack {
            self.cross_rack_ms
        } else {
            0
        }
    }
}

/// Links, messages in flight, cuts and manual mode.
#[derive(Clone, Debug)]
pub struct Network {
    next_id: u64,
    /// Messages by id: slot `i` holds id `base + i` (`None` once delivered or dropped).
    slots: VecDeque<Option<Envelope>>,
    base: u64,
    cuts: BTreeSet<(NodeId, NodeId)>,
    /// Manual mode.
    pub manual: bool,
    /// Base one-way latency.
    pub latency_ms: u64,
    /// Extra latency drawn in `0..=jitter_ms`.
    pub jitter_ms: u64,
    /// Loss probability per message.
    pub loss: f64,
    slow: BTreeMap<NodeId, u64>,
    /// Nodes with a rack, and the latency their distance adds.
    places: BTreeMap<NodeId, Place>,
    /// Extra latency by distance between placed nodes.
    pub by_distance: DistanceLatency,
    /// Per link (from, to): when its latest message arrives; no later message arrives before.
    link_tail: BTreeMap<(NodeId, NodeId), TimeMs>,
}

impl Network {
    /// A network with the given link defaults.
    pub fn new(latency_ms: u64, jitter_ms: u64, loss: f64, manual: bool) -> Network {
        Network {
            next_id: 1,
            slots: VecDeque::new(),
            base: 1,
            cuts: BTreeSet::new(),
            manual,
            latency_ms,
            jitter_ms,
            loss,
            slow: BTreeMap::new(),
            places: BTreeMap::new(),
            by_distance: DistanceLatency::default(),
            link_tail: BTreeMap::new(),
        }
    }

    /// Whether messages from `from` to `to` are cut.
    pub fn is_cut(&self, from: NodeId, to: NodeId) -> bool {
        !self.cuts.is_empty() && self.cuts.contains(&(from, to))
    }

    /// Cuts one direction; returns false if it already was.
    pub fn cut(&mut self, from: NodeId, to: NodeId) -> bool {
        self.cuts.insert((from, to))
    }

    /// Heals one direction; returns false if it was not cut.
    pub fn heal(&mut self, from: NodeId, to: NodeId) -> bool {
        self.cuts.remove(&(from, to))
    }

    /// Cut directions, sorted.
    pub fn cuts(&self) -> impl Iterator<Item = &(NodeId, NodeId)> {
        self.cuts.iter()
    }

    /// Extra latency on everything `node` sends.
    pub fn set_slow(&mut self, node: NodeId, extra_ms: u64) {
        if extra_ms == 0 {
            self.slow.remove(&node);
        } else {
            self.slow.insert(node, extra_ms);
        }
    }

    /// Puts a node in a rack (its messages to other placed nodes take latency by distance).
    pub fn place(&mut self, node: NodeId, place: Place) {
        self.places.insert(node, place);
    }

    /// The latency distance adds from `from` to `to` (0 unless both are placed).
    pub fn distance_ms(&self, from: NodeId, to: NodeId) -> u64 {
        if self.places.is_empty() {
            return 0;
        }
        match (self.places.get(&from), self.places.get(&to)) {
            (Some(a), Some(b)) => self.by_distance.between(*a, *b),
            _ => 0,
        }
    }

    /// Extra latency on what `node` sends.
    pub fn slow_of(&self, node: NodeId) -> u64 {
        self.slow.get(&node).copied().unwrap_or(0)
    }

    /// Sends `msg`; the caller schedules delivery when the result is `Scheduled`.
    pub fn send(
        &mut self,
        now: TimeMs,
        rng: &mut SimRng,
        from: NodeId,
        to: NodeId,
        msg: Msg,
    ) -> Sent {
        let id = self.next_id;
        self.next_id += 1;
        self.slots.push_back(None);
        if self.is_cut(from, to) {
            self.trim();
            return Sent::Dropped(id, DropCause::Cut);
        }
        if self.loss > 0.0 && rng.chance(self.loss) {
            self.trim();
            return Sent::Dropped(id, DropCause::Loss);
        }
        let jitter = if self.jitter_ms > 0 {
            rng.up_to(u32::try_from(self.jitter_ms).unwrap_or(u32::MAX)) as u64
        } else {
            0
        };
        let drawn = now
            .saturating_add(self.latency_ms)
            .saturating_add(jitter)
            .saturating_add(self.slow_of(from))
            .saturating_add(self.distance_ms(from, to));
        let held = self.manual;
        let deliver_at = if held {
            drawn
        } else {
            let tail = self.link_tail.entry((from, to)).or_insert(0);
            *tail = (*tail).max(drawn);
            *tail
        };
        *self.slots.back_mut().expect("pushed") = Some(Envelope {
            id,
            from,
            to,
            sent_at: now,
            deliver_at,
            held,
            msg,
        });
        if held {
            Sent::Held(id)
        } else {
            Sent::Scheduled(id, deliver_at)
        }
    }

    fn slot(&mut self, id: u64) -> Option<&mut Option<Envelope>> {
        let i = id.checked_sub(self.base)?;
        self.slots.get_mut(i as usize)
    }

    /// Forgets finished slots at the front.
    fn trim(&mut self) {
        while matches!(self.slots.front(), Some(None)) {
            self.slots.pop_front();
            self.base += 1;
        }
    }

    /// Removes a message for delivery or drop.
    pub fn take(&mut self, id: u64) -> Option<Envelope> {
        let e = self.slot(id)?.take();
        self.trim();
        e
    }

    /// Marks a held message for delivery now; returns false if there is no such held message.
    pub fn release(&mut self, id: u64, now: TimeMs) -> bool {
        match self.slot(id).and_then(|s| s.as_mut()) {
            Some(e) if e.held => {
                e.held = false;
                e.deliver_at = now;
                true
            }
            _ => false,
        }
    }

    /// Whether a message with this id is on the network.
    pub fn contains(&self, id: u64) -> bool {
        id.checked_sub(self.base)
            .and_then(|i| self.slots.get(i as usize))
            .is_some_and(|s| s.is_some())
    }

    /// Drops every message `from` still has on the network (its connections closed);
    /// returns their ids.
    pub fn drop_from(&mut self, from: NodeId) -> Vec<(u64, NodeId)> {
        self.drop_where(|e| e.from == from)
            .into_iter()
            .map(|e| (e.id, e.to))
            .collect()
    }

    /// Drops every message still on its way to `to` (its process died, so the connections
    /// they travel on are gone: none reaches the node's next incarnation); returns them.
    pub fn drop_to(&mut self, to: NodeId) -> Vec<Envelope> {
        self.drop_where(|e| e.to == to)
    }

    fn drop_where(&mut self, pick: impl Fn(&Envelope) -> bool) -> Vec<Envelope> {
        let mut dropped = Vec::new();
        for s in self.slots.iter_mut() {
            if s.as_ref().is_some_and(&pick) {
                dropped.extend(s.take());
            }
        }
        self.trim();
        dropped
    }

    /// Ids of every held message, in order.
    pub fn held_ids(&self) -> Vec<u64> {
        self.in_flight().filter(|e| e.held).map(|e| e.id).collect()
    }

    /// Messages on the network, by id.
    pub fn in_flight(&self) -> impl Iterator<Item = &Envelope> {
        self.slots.iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placed_nodes_add_latency_by_distance() {
        let mut n = Network::new(5, 0, 0.0, false);
        n.by_distance = DistanceLatency {
            cross_rack_ms: 1,
            cross_zone_ms: 20,
            cross_region_ms: 80,
        };
        let at = |rack, zone, region| Place { rack, zone, region };
        let b = NodeId::Broker;
        n.place(b(0), at(0, 0, 0));
        n.place(b(1), at(0, 0, 0));
        n.place(b(2), at(1, 0, 0));
        n.place(b(3), at(2, 1, 0));
        n.place(b(4), at(3, 2, 1));
        let mut rng = SimRng::new(1);
        let mut arrives = |to| match n.send(0, &mut rng, b(0), to, Msg::ZkRegister) {
            Sent::Scheduled(_, at) => at,
            other => panic!("{other:?}"),
        };
        assert_eq!(arrives(b(1)), 5);
        assert_eq!(arrives(b(2)), 6);
        assert_eq!(arrives(b(3)), 25);
        assert_eq!(arrives(b(4)), 85);
        // A node without a rack (ZooKeeper here) pays only the base latency.
        assert_eq!(arrives(NodeId::Zookeeper), 5);
    }

    #[test]
    fn one_way_cut_drops_only_that_direction() {
        let mut n = Network::new(5, 0, 0.0, false);
        let mut rng = SimRng::new(1);
        let (a, b) = (NodeId::Broker(1), NodeId::Broker(2));
        n.cut(a, b);
        assert!(matches!(
            n.send(0, &mut rng, a, b, Msg::ZkRegister),
            Sent::Dropped(_, DropCause::Cut)
        ));
        assert_eq!(
            n.send(0, &mut rng, b, a, Msg::ZkRegister),
            Sent::Scheduled(2, 5)
        );
    }

    #[test]
    fn manual_mode_holds_until_released() {
        let mut n = Network::new(5, 0, 0.0, true);
        let mut rng = SimRng::new(1);
        let s = n.send(
            0,
            &mut rng,
            NodeId::Broker(1),
            NodeId::Zookeeper,
            Msg::ZkRegister,
        );
        assert_eq!(s, Sent::Held(1));
        assert!(n.release(1, 7));
        assert!(!n.release(1, 7));
    }

    /// `jitter_ms` of 2^32 or more once wrapped `jitter as u32 + 1` to 0 and divided by
    /// zero; latencies near u64::MAX wrapped delivery into the past.
    #[test]
    fn huge_jitter_and_latency_saturate_instead_of_panicking_or_wrapping() {
        for jitter in [1u64 << 32, u32::MAX as u64, u64::MAX] {
            let mut n = Network::new(u64::MAX - 1, jitter, 0.0, false);
            n.set_slow(NodeId::Broker(1), u64::MAX);
            let mut rng = SimRng::new(1);
            let Sent::Scheduled(_, at) = n.send(
                10,
                &mut rng,
                NodeId::Broker(1),
                NodeId::Broker(2),
                Msg::ZkRegister,
            ) else {
                panic!("scheduled")
            };
            assert_eq!(at, u64::MAX, "delivery saturates, never before the send");
        }
    }

    /// TCP order: on one link a later message never arrives before an earlier one, however
    /// the jitter falls or a slow node's extra latency changes; other links are independent.
    #[test]
    fn each_link_delivers_in_send_order() {
        let mut n = Network::new(5, 40, 0.0, false);
        let mut rng = SimRng::new(3);
        let (a, b, c) = (NodeId::Broker(1), NodeId::Broker(2), NodeId::Broker(3));
        let mut last = 0;
        let mut other_link_earlier = false;
        for t in 0..200 {
            if t == 100 {
                n.set_slow(a, 500);
            }
            if t == 101 {
                n.set_slow(a, 0);
            }
            let Sent::Scheduled(_, at) = n.send(t, &mut rng, a, b, Msg::ZkRegister) else {
                panic!("scheduled")
            };
            assert!(
                at >= last,
                "message sent at {t} overtakes one arriving at {last}"
            );
            last = at;
            let Sent::Scheduled(_, other) = n.send(t, &mut rng, c, b, Msg::ZkRegister) else {
                panic!("scheduled")
            };
            other_link_earlier |= other < at;
        }
        assert!(
            other_link_earlier,
            "another link is not held behind a slow one"
        );
    }

    #[test]
    fn jitter_is_seeded_and_bounded() {
        let mut n = Network::new(5, 3, 0.0, false);
        let mut r1 = SimRng::new(9);
        let mut r2 = SimRng::new(9);
        let mut m = n.clone();
        for _ in 0..50 {
            let a = n.send(
                0,
                &mut r1,
                NodeId::Broker(1),
                NodeId::Broker(2),
                Msg::ZkRegister,
            );
            let b = m.send(
                0,
                &mut r2,
                NodeId::Broker(1),
                NodeId::Broker(2),
                Msg::ZkRegister,
            );
            assert_eq!(a, b);
            let Sent::Scheduled(_, t) = a else { panic!() };
            assert!((5..=8).contains(&t));
        }
    }
}
