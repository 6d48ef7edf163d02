//! Where things sit in the cluster SVG: a pure function of the view, the drawing's width
//! in pixels and the language, shared by the static layer (nodes, links) and the moving
//! layer (messages in flight).
//!
//! The drawing has three rows: ZooKeeper on top, the brokers in one row, the producers
//! and consumers at the bottom. Links run only in the two bands between the rows, and a
//! message keeps [`CLEARANCE`] away from the boxes it leaves and reaches, so no bubble
//! ever covers a node's label. Every text is measured with [`text_width`] (a generous
//! estimate) and cut with [`fit`] to the room it has, so labels never overlap either.

use crate::components::broker::status_code;
use crate::i18n::Lang;
use isrlab_sim::view::{ClusterView, PartitionView};
use isrlab_sim::{BrokerId, NodeId};

/// Outer margin of the drawing.
pub const MARGIN: f64 = 8.0;
/// Horizontal gap between broker boxes and between client boxes.
const GAP: f64 = 10.0;
/// Height of the ZooKeeper box.
const ZK_H: f64 = 46.0;
/// Height of a producer or consumer box.
const CLIENT_H: f64 = 44.0;
/// Height of the band between the brokers and the clients.
const LOWER_BAND: f64 = 56.0;
/// Widest a broker box gets.
const MAX_BROKER_W: f64 = 230.0;
/// Height of a full replica chip (name, role, offsets, ISR membership).
const FULL_CHIP_H: f64 = 30.0;
/// Vertical gap between full chips.
const FULL_CHIP_GAP: f64 = 5.0;
/// Most chips per broker drawn as full chips; more become compact tiles.
const FULL_MAX: usize = 6;
/// Height of a compact tile (the partition number only).
const TILE_H: f64 = 20.0;
/// Gap between compact tiles.
const TILE_GAP: f64 = 4.0;
/// Height of a topic heading above its tiles.
const HEADING_H: f64 = 15.0;
/// How far from a box edge a message's centre stays (more than half a bubble's height).
pub const CLEARANCE: f64 = 12.0;
/// Height of a message bubble.
pub const BUBBLE_H: f64 = 18.0;
/// Font sizes (px) of the drawing's texts, as in `www/style.css`.
pub mod font {
    /// Broker name (bold).
    pub const BROKER: f64 = 14.0;
    /// Broker status line, ZooKeeper's controller line.
    pub const SMALL: f64 = 11.5;
    /// Controller badge, chip role, ISR and offsets, topic headings, tile numbers.
    pub const TINY: f64 = 10.5;
    /// Chip partition name, client name (bold).
    pub const LABEL: f64 = 12.0;
    /// ZooKeeper's name (bold).
    pub const ZK: f64 = 13.0;
}

/// A generous estimate of a text's width in px at font size `px` (bold and capitals
/// count wider, CJK characters a full em), so that measured layouts never overlap.
pub fn text_width(s: &str, px: f64) -> f64 {
    s.chars()
        .map(|c| match c {
            c if !c.is_ascii() => 1.0,
            'm' | 'w' | 'M' | 'W' => 0.9,
            c if c.is_ascii_uppercase() || c.is_ascii_digit() => 0.68,
            'i' | 'l' | 'j' | 't' | 'f' | 'r' | '.' | ',' | ':' | '·' | ' ' | '|' => 0.4,
            _ => 0.6,
        })
        .sum::<f64>()
        * px
        * 1.06
}

/// `s` cut with an ellipsis to fit `max` px at font size `px`.
pub fn fit(s: &str, max: f64, px: f64) -> String {
    if text_width(s, px) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        let next = format!("{out}{c}…");
        if text_width(&next, px) > max {
            break;
        }
        out.push(c);
    }
    format!("{out}…")
}

/// A rectangle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// Centre point.
    pub fn center(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
}

/// How replica chips are drawn: with every label when there is room, else as small tiles
/// carrying the partition number under a topic heading (the rest in their tooltip).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChipMode {
    /// Name, role, LEO/HW and ISR membership written on the chip.
    Full,
    /// The partition number only.
    Compact,
}

/// Where one replica chip goes.
#[derive(Clone, Debug, PartialEq)]
pub struct ChipSlot {
    /// Index of the partition in the view.
    pub partition: usize,
    /// The chip's box.
    pub rect: Rect,
}

/// A topic's name above its compact tiles.
#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    /// Left of the text.
    pub x: f64,
    /// Baseline.
    pub y: f64,
    /// The topic name, cut to fit.
    pub text: String,
}

/// A broker's box, its texts (cut to fit) and its chips.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokerBox {
    /// The broker.
    pub id: BrokerId,
    /// Its box.
    pub rect: Rect,
    /// "Broker N", cut to fit.
    pub name: String,
    /// Its process state (and "not in ZooKeeper"), cut to fit.
    pub status: String,
    /// The controller badge's box and text, when this broker is the controller.
    pub badge: Option<(Rect, String)>,
    /// Topic headings (compact mode with several topics).
    pub headings: Vec<Heading>,
    /// Its replica chips.
    pub chips: Vec<ChipSlot>,
}

/// A producer or consumer box.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientBox {
    /// Its node on the network.
    pub node: NodeId,
    /// Its box.
    pub rect: Rect,
    /// First line: "producer", or "consumer · lag N".
    pub role: String,
    /// Second line: the client's name and acks, or name and group (cut to fit).
    pub name: String,
    /// Whether the client is not running (a crashed consumer).
    pub down: bool,
}

/// A frame around the brokers of one zone (clusters with `broker.rack`).
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneBox {
    /// The zone's name.
    pub zone: String,
    /// The frame, around its brokers with the label on top.
    pub rect: Rect,
    /// The label: the zone and its racks, cut to the frame's width.
    pub label: String,
}

/// Extra gap between two zones' brokers.
const ZONE_GAP: f64 = 16.0;
/// Room for a zone's label above its brokers, and its frame's padding.
const ZONE_LABEL_H: f64 = 18.0;
const ZONE_PAD: f64 = 5.0;

/// Each broker's slot and the zone gaps before it: brokers sorted by (zone, id) when
/// they have zones, else in view order; and the zones in drawing order.
fn zone_slots(view: &ClusterView) -> (Vec<(usize, usize)>, Vec<String>) {
    let mut order: Vec<usize> = (0..view.brokers.len()).collect();
    order.sort_by_key(|&i| (view.brokers[i].zone.clone(), view.brokers[i].id));
    let mut slots = vec![(0, 0); view.brokers.len()];
    let mut zones: Vec<String> = Vec::new();
    for (slot, &i) in order.iter().enumerate() {
        if let Some(z) = &view.brokers[i].zone {
            if zones.last() != Some(z) {
                zones.push(z.clone());
            }
        }
        slots[i] = (slot, zones.len().saturating_sub(1));
    }
    (slots, zones)
}

/// Positions and texts of every node of a view.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Width of the drawing's coordinate system (at least the width asked for).
    pub width: f64,
    /// Height of the drawing.
    pub height: f64,
    /// The ZooKeeper box.
    pub zk: Rect,
    /// ZooKeeper's two lines: its name and who is controller.
    pub zk_text: (String, String),
    /// Broker boxes, in the view's broker order.
    pub brokers: Vec<BrokerBox>,
    /// Producers, then consumers, left to right.
    pub clients: Vec<ClientBox>,
    /// How chips are drawn.
    pub chip_mode: ChipMode,
    /// Zone frames, left to right (none without racks).
    pub zones: Vec<ZoneBox>,
}

/// The frame of each zone around its brokers, labelled with the zone and its racks.
fn zone_boxes(
    view: &ClusterView,
    brokers: &[BrokerBox],
    zones: &[String],
    lang: Lang,
) -> Vec<ZoneBox> {
    zones
        .iter()
        .filter_map(|zone| {
            let members: Vec<(&BrokerBox, &str)> = view
                .brokers
                .iter()
                .zip(brokers)
                .filter(|(b, _)| b.zone.as_ref() == Some(zone))
                .map(|(b, bx)| (bx, b.rack.as_deref().unwrap_or("")))
                .collect();
            let left = members
                .iter()
                .map(|(b, _)| b.rect.x)
                .fold(f64::MAX, f64::min);
            let right = members
                .iter()
                .map(|(b, _)| b.rect.x + b.rect.w)
                .fold(f64::MIN, f64::max);
            let (top, bottom) = members.first().map(|(b, _)| (b.rect.y, b.rect.bottom()))?;
            let mut racks: Vec<&str> = members.iter().map(|(_, r)| *r).collect();
            racks.dedup();
            let w = right - left + 2.0 * ZONE_PAD;
            let text = lang.tf(
                "racks.zone",
                &[("zone", zone), ("racks", &racks.join(", "))],
            );
            Some(ZoneBox {
                zone: zone.clone(),
                rect: Rect {
                    x: left - ZONE_PAD,
                    y: top - ZONE_LABEL_H,
                    w,
                    h: bottom - top + ZONE_LABEL_H + ZONE_PAD,
                },
                label: fit(&text, w - 10.0, font::TINY),
            })
        })
        .collect()
}

/// Whether partition `p` has a replica on broker `b` (assigned, or still hosted).
fn hosts(p: &PartitionView, b: BrokerId) -> bool {
    p.replicas.contains(&b) || p.replica_states.iter().any(|r| r.broker == b)
}

/// The acks setting as producers write it.
/// The name every part of the screen uses for each client node: its own name from the
/// core's view (`p1`, `c1`), so the drawing, the network panel and the link labels agree.
pub fn client_names(view: &ClusterView) -> Vec<(NodeId, String)> {
    let producers = view
        .producers
        .iter()
        .enumerate()
        .map(|(i, p)| (NodeId::Producer(i as u32), p.name.clone()));
    producers
        .chain(view.consumers.iter().map(|c| (c.node, c.name.clone())))
        .collect()
}

/// Widest a full chip needs to be for its four labels.
fn full_chip_width(lang: Lang, parts: &[&PartitionView]) -> f64 {
    let role = text_width(lang.t("chip.follower"), font::TINY)
        .max(text_width(lang.t("chip.leader"), font::TINY));
    let isr = text_width(lang.t("chip.in_isr"), font::TINY)
        .max(text_width(lang.t("chip.out_of_isr"), font::TINY));
    parts
        .iter()
        .map(|p| {
            let leo = p
                .replica_states
                .iter()
                .map(|r| r.log_end_offset)
                .max()
                .unwrap_or(0);
            let offsets = format!("LEO {leo} · HW {leo}");
            let top = text_width(&p.tp.to_string(), font::LABEL) + role;
            let bottom = text_width(&offsets, font::TINY) + isr;
            top.max(bottom) + 26.0
        })
        .fold(0.0, f64::max)
}

impl Layout {
    /// Lays out `view` for a drawing `width` px wide, showing only the partitions of
    /// `topic` when one is given.
    pub fn of(view: &ClusterView, topic: Option<&str>, width: f64, lang: Lang) -> Layout {
        let shown: Vec<(usize, &PartitionView)> = view
            .partitions
            .iter()
            .enumerate()
            .filter(|(_, p)| topic.is_none_or(|t| p.tp.topic == t))
            .collect();
        let n = view.brokers.len().max(1);
        let per_broker: Vec<Vec<(usize, &PartitionView)>> = view
            .brokers
            .iter()
            .map(|b| {
                shown
                    .iter()
                    .copied()
                    .filter(|(_, p)| hosts(p, b.id))
                    .collect()
            })
            .collect();
        let most = per_broker.iter().map(Vec::len).max().unwrap_or(0);
        let several_topics = shown.windows(2).any(|w| w[0].1.tp.topic != w[1].1.tp.topic);

        let names: Vec<String> = view
            .brokers
            .iter()
            .map(|b| lang.tf("broker.name", &[("id", &b.id)]))
            .collect();
        let tile_w = shown
            .iter()
            .map(|(_, p)| text_width(&p.tp.partition.to_string(), font::TINY) + 10.0)
            .fold(22.0, f64::max);
        // The controller badge sits on the name line when it fits, else on a line of its own.
        let badge_text = lang.tf("broker.controller", &[("epoch", &view.controller_epoch)]);
        let badge_text_w = text_width(&badge_text, font::TINY);
        let min_bw = names
            .iter()
            .map(|s| text_width(s, font::BROKER) + 20.0)
            .fold(tile_w + 12.0, f64::max)
            .max(badge_text_w + 32.0)
            .max(80.0);
        let (slots, zone_names) = zone_slots(view);
        let zone_gaps = zone_names.len().saturating_sub(1) as f64 * ZONE_GAP;
        let avail = (width - 2.0 * MARGIN - zone_gaps).max(0.0);
        let bw = ((avail - GAP * (n as f64 - 1.0)) / n as f64)
            .min(MAX_BROKER_W)
            .max(min_bw);
        let all_shown: Vec<&PartitionView> = shown.iter().map(|(_, p)| *p).collect();
        let chip_mode = if most <= FULL_MAX && full_chip_width(lang, &all_shown) <= bw - 16.0 {
            ChipMode::Full
        } else {
            ChipMode::Compact
        };

        let badge_w = (badge_text_w + 12.0).min(bw - 20.0);
        let widest_name = names
            .iter()
            .map(|s| text_width(s, font::BROKER))
            .fold(0.0, f64::max);
        let badge_inline = widest_name + badge_w + 28.0 <= bw;
        let head = if badge_inline { 46.0 } else { 64.0 };

        // Rows.
        let zk_text = (
            lang.t("zk.name").to_string(),
            match view.controller {
                Some(id) => lang.tf(
                    "zk.controller",
                    &[("id", &id), ("epoch", &view.controller_epoch)],
                ),
                None => lang.t("zk.no_controller").to_string(),
            },
        );
        let zk_w = text_width(&zk_text.0, font::ZK).max(text_width(&zk_text.1, font::SMALL)) + 32.0;
        let band = if n <= 1 {
            44.0
        } else {
            (48.0 + 6.0 * n as f64).clamp(64.0, 110.0)
        };
        let label_room = if zone_names.is_empty() {
            0.0
        } else {
            ZONE_LABEL_H
        };
        let broker_top = MARGIN + ZK_H + band + label_room;

        let clients = client_labels(view, lang);
        let client_w: Vec<f64> = clients
            .iter()
            .map(|(_, role, name, _)| {
                (text_width(role, font::TINY).max(text_width(name, font::LABEL)) + 20.0)
                    .clamp(90.0, 200.0)
            })
            .collect();
        let clients_row = client_w.iter().sum::<f64>() + GAP * (clients.len().max(1) as f64 - 1.0);
        let brokers_row = bw * n as f64 + GAP * (n as f64 - 1.0) + zone_gaps;
        let natural = (width.max(0.0))
            .max(brokers_row + 2.0 * MARGIN)
            .max(clients_row + 2.0 * MARGIN)
            .max(zk_w + 2.0 * MARGIN);

        // Brokers and their chips.
        let x0 = (natural - brokers_row) / 2.0;
        let mut content_h: f64 = 0.0;
        let mut brokers: Vec<BrokerBox> = view
            .brokers
            .iter()
            .zip(&names)
            .zip(&per_broker)
            .enumerate()
            .map(|(i, ((b, name), chips))| {
                let (slot, gaps) = slots[i];
                let x = x0 + slot as f64 * (bw + GAP) + gaps as f64 * ZONE_GAP;
                let y = broker_top;
                let (slots, headings, used) =
                    place_chips(chip_mode, chips, several_topics, x, y + head, bw, tile_w);
                content_h = content_h.max(used);
                let (_, key) = status_code(b.status);
                let mut status = lang.t(key).to_string();
                if !b.registered {
                    status = format!("{status} · {}", lang.t("broker.unregistered"));
                }
                let badge = b.is_controller.then(|| {
                    let r = if badge_inline {
                        Rect {
                            x: x + bw - 8.0 - badge_w,
                            y: y + 7.0,
                            w: badge_w,
                            h: 17.0,
                        }
                    } else {
                        Rect {
                            x: x + 10.0,
                            y: y + 41.0,
                            w: badge_w,
                            h: 17.0,
                        }
                    };
                    (r, fit(&badge_text, badge_w - 10.0, font::TINY))
                });
                let name_room = if badge_inline && b.is_controller {
                    bw - badge_w - 26.0
                } else {
                    bw - 20.0
                };
                BrokerBox {
                    id: b.id,
                    rect: Rect {
                        x,
                        y,
                        w: bw,
                        h: 0.0,
                    },
                    name: fit(name, name_room, font::BROKER),
                    status: fit(&status, bw - 20.0, font::SMALL),
                    badge,
                    headings,
                    chips: slots,
                }
            })
            .collect();
        let broker_h = head + content_h + 8.0;
        for b in &mut brokers {
            b.rect.h = broker_h;
        }
        let brokers_bottom = broker_top + broker_h;
        let zones = zone_boxes(view, &brokers, &zone_names, lang);

        // Clients: producers from the left, consumers from the right.
        let clients_top = brokers_bottom + LOWER_BAND;
        let producers = clients
            .iter()
            .filter(|c| matches!(c.0, NodeId::Producer(_)))
            .count();
        let mut left = MARGIN;
        let mut right = natural - MARGIN;
        let mut boxes: Vec<ClientBox> = Vec::with_capacity(clients.len());
        for (i, ((node, role, name, down), w)) in clients.iter().zip(&client_w).enumerate() {
            let x = if i < producers {
                left += w + GAP;
                left - w - GAP
            } else {
                0.0
            };
            boxes.push(ClientBox {
                node: *node,
                rect: Rect {
                    x,
                    y: clients_top,
                    w: *w,
                    h: CLIENT_H,
                },
                role: fit(role, w - 12.0, font::TINY),
                name: fit(name, w - 12.0, font::LABEL),
                down: *down,
            });
        }
        for b in boxes.iter_mut().skip(producers).rev() {
            right -= b.rect.w;
            b.rect.x = right;
            right -= GAP;
        }
        let height = if boxes.is_empty() {
            brokers_bottom + MARGIN
        } else {
            clients_top + CLIENT_H + MARGIN
        };
        Layout {
            width: natural,
            height,
            zk: Rect {
                x: (natural - zk_w) / 2.0,
                y: MARGIN,
                w: zk_w,
                h: ZK_H,
            },
            zk_text,
            brokers,
            clients: boxes,
            chip_mode,
            zones,
        }
    }

    /// The box of a broker.
    pub fn broker(&self, id: BrokerId) -> Option<Rect> {
        self.brokers.iter().find(|b| b.id == id).map(|b| b.rect)
    }

    /// The box of a producer or consumer.
    pub fn client(&self, node: NodeId) -> Option<Rect> {
        self.clients.iter().find(|c| c.node == node).map(|c| c.rect)
    }

    /// The path of the link between `from` and `to`, box edge to box edge: a quadratic
    /// curve (start, control, end). Broker-to-broker links arc into the band above the
    /// brokers, higher for the left-to-right direction so that requests and responses do
    /// not overlap, and never up to ZooKeeper; client links run in the band below.
    pub fn route(&self, from: NodeId, to: NodeId) -> Option<[(f64, f64); 3]> {
        let top = |r: Rect| (r.x + r.w / 2.0, r.y);
        let bottom = |r: Rect| (r.x + r.w / 2.0, r.bottom());
        let is_client = |n: NodeId| matches!(n, NodeId::Producer(_) | NodeId::Consumer(_));
        let end = |n: NodeId, other: NodeId| -> Option<(f64, f64)> {
            match n {
                NodeId::Zookeeper => Some(bottom(self.zk)),
                NodeId::Broker(id) if is_client(other) => self.broker(id).map(bottom),
                NodeId::Broker(id) => self.broker(id).map(top),
                NodeId::Producer(_) | NodeId::Consumer(_) => self.client(n).map(top),
            }
        };
        let a = end(from, to)?;
        let b = end(to, from)?;
        let control = match (from, to) {
            (NodeId::Broker(_), NodeId::Broker(_)) => {
                let room = a.1 - self.zk.bottom() - CLEARANCE - BUBBLE_H / 2.0 - 2.0;
                let rise = (20.0 + (b.0 - a.0).abs() * 0.22).min(room);
                let rise = if a.0 < b.0 { rise } else { rise * 0.72 };
                ((a.0 + b.0) / 2.0, a.1 - 2.0 * rise)
            }
            _ => ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0),
        };
        Some([a, control, b])
    }
}

/// The texts of every client box: (node, role line, name line, down).
fn client_labels(view: &ClusterView, lang: Lang) -> Vec<(NodeId, String, String, bool)> {
    let producers = view.producers.iter().enumerate().map(|(i, p)| {
        (
            NodeId::Producer(i as u32),
            lang.t("client.producer").to_string(),
            format!("{} · acks={}", p.name, p.acks.kafka_value()),
            false,
        )
    });
    let consumers = view.consumers.iter().map(|c| {
        let role = if c.alive {
            lang.tf("client.consumer_lag", &[("lag", &c.lag)])
        } else {
            lang.t("client.consumer_down").to_string()
        };
        (c.node, role, format!("{} · {}", c.name, c.group), !c.alive)
    });
    producers.chain(consumers).collect()
}

/// Places a broker's chips below its head at `(x, y)`: full chips one per row, or compact
/// tiles in rows under a heading per topic. Returns the slots, headings and height used.
fn place_chips(
    mode: ChipMode,
    chips: &[(usize, &PartitionView)],
    several_topics: bool,
    x: f64,
    y: f64,
    bw: f64,
    tile_w: f64,
) -> (Vec<ChipSlot>, Vec<Heading>, f64) {
    let mut slots = Vec::with_capacity(chips.len());
    let mut headings = Vec::new();
    match mode {
        ChipMode::Full => {
            for (slot, (index, _)) in chips.iter().enumerate() {
                slots.push(ChipSlot {
                    partition: *index,
                    rect: Rect {
                        x: x + 8.0,
                        y: y + slot as f64 * (FULL_CHIP_H + FULL_CHIP_GAP),
                        w: bw - 16.0,
                        h: FULL_CHIP_H,
                    },
                });
            }
            let used = chips.len() as f64 * (FULL_CHIP_H + FULL_CHIP_GAP);
            (slots, headings, used)
        }
        ChipMode::Compact => {
            let inner = bw - 12.0;
            let per_row = (((inner + TILE_GAP) / (tile_w + TILE_GAP)).floor() as usize).max(1);
            let mut cy = y;
            let mut i = 0;
            while i < chips.len() {
                let topic = &chips[i].1.tp.topic;
                let group: Vec<usize> = chips[i..]
                    .iter()
                    .take_while(|(_, p)| &p.tp.topic == topic)
                    .map(|(index, _)| *index)
                    .collect();
                if several_topics {
                    headings.push(Heading {
                        x: x + 6.0,
                        y: cy + 11.0,
                        text: fit(topic, inner, font::TINY),
                    });
                    cy += HEADING_H;
                }
                for (k, index) in group.iter().enumerate() {
                    let (row, col) = (k / per_row, k % per_row);
                    slots.push(ChipSlot {
                        partition: *index,
                        rect: Rect {
                            x: x + 6.0 + col as f64 * (tile_w + TILE_GAP),
                            y: cy + row as f64 * (TILE_H + TILE_GAP),
                            w: tile_w,
                            h: TILE_H,
                        },
                    });
                }
                let rows = group.len().div_ceil(per_row);
                cy += rows as f64 * (TILE_H + TILE_GAP) + 2.0;
                i += group.len();
            }
            (slots, headings, cy - y)
        }
    }
}

/// The point at fraction `t` (0..=1) along a quadratic curve.
pub fn along([a, c, b]: [(f64, f64); 3], t: f64) -> (f64, f64) {
    let t = t.clamp(0.0, 1.0);
    let u = 1.0 - t;
    (
        u * u * a.0 + 2.0 * u * t * c.0 + t * t * b.0,
        u * u * a.1 + 2.0 * u * t * c.1 + t * t * b.1,
    )
}

/// The part of a route a message travels: from the first point [`CLEARANCE`] away
/// (vertically) from the box it leaves to the last point as far from the box it reaches.
/// Returns the two curve fractions; both 0.5 when the route never gets that far away.
pub fn clear_span(route: [(f64, f64); 3]) -> (f64, f64) {
    let y = |t: f64| along(route, t).1;
    let (y0, y1) = (route[0].1, route[2].1);
    let steps = 100;
    let start = (0..=steps / 2)
        .map(|i| i as f64 / steps as f64)
        .find(|&t| (y(t) - y0).abs() >= CLEARANCE);
    let end = (steps / 2..=steps)
        .rev()
        .map(|i| i as f64 / steps as f64)
        .find(|&t| (y(t) - y1).abs() >= CLEARANCE);
    match (start, end) {
        (Some(s), Some(e)) if s <= e => (s, e),
        _ => (0.5, 0.5),
    }
}

/// Where a message that has covered fraction `t` of its trip is drawn on `route`.
pub fn message_point(route: [(f64, f64); 3], t: f64) -> (f64, f64) {
    let (s, e) = clear_span(route);
    along(route, s + (e - s) * t.clamp(0.0, 1.0))
}

/// SVG path data of a quadratic curve.
pub fn path_d([a, c, b]: [(f64, f64); 3]) -> String {
    format!(
        "M{:.1} {:.1} Q{:.1} {:.1} {:.1} {:.1}",
        a.0, a.1, c.0, c.1, b.0, b.1
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::run::Run;
    use crate::scenarios;

    #[test]
    fn along_starts_and_ends_at_the_endpoints() {
        let curve = [(0.0, 0.0), (50.0, -40.0), (100.0, 0.0)];
        assert_eq!(along(curve, 0.0), (0.0, 0.0));
        assert_eq!(along(curve, 1.0), (100.0, 0.0));
        assert_eq!(along(curve, 0.5), (50.0, -20.0));
    }

    #[test]
    fn fit_cuts_long_texts_to_the_room_they_have() {
        assert_eq!(fit("Broker 1", 200.0, 14.0), "Broker 1");
        let cut = fit("shutting down · not in ZooKeeper", 80.0, 11.5);
        assert!(
            cut.ends_with('…') && text_width(&cut, 11.5) <= 80.0,
            "{cut}"
        );
    }

    fn view_at(ms: u64) -> ClusterView {
        let mut run = Run::from_json(&scenarios::by_id("default").unwrap()).unwrap();
        run.advance_by(ms);
        run.view()
    }

    /// Two rectangles share some area.
    fn overlap(a: Rect, b: Rect) -> bool {
        a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
    }

    #[test]
    fn boxes_never_overlap_and_stay_inside_the_drawing_at_any_width() {
        let view = view_at(1000);
        for width in [320.0, 390.0, 760.0, 1000.0, 1400.0] {
            let l = Layout::of(&view, None, width, Lang::En);
            let mut boxes: Vec<Rect> = l.brokers.iter().map(|b| b.rect).collect();
            boxes.extend(l.clients.iter().map(|c| c.rect));
            boxes.push(l.zk);
            for (i, a) in boxes.iter().enumerate() {
                assert!(
                    a.x >= 0.0 && a.x + a.w <= l.width + 0.01 && a.bottom() <= l.height,
                    "{a:?} at {width}"
                );
                for b in &boxes[i + 1..] {
                    assert!(!overlap(*a, *b), "{a:?} and {b:?} overlap at width {width}");
                }
            }
            for b in &l.brokers {
                for c in &b.chips {
                    let inside = c.rect.x >= b.rect.x
                        && c.rect.x + c.rect.w <= b.rect.x + b.rect.w
                        && c.rect.y >= b.rect.y
                        && c.rect.bottom() <= b.rect.bottom();
                    assert!(inside, "chip {c:?} outside broker {:?} at {width}", b.rect);
                }
            }
        }
    }

    #[test]
    fn messages_keep_clear_of_every_box_they_leave_or_reach() {
        let view = view_at(1000);
        let l = Layout::of(&view, None, 900.0, Lang::En);
        let mut nodes: Vec<NodeId> = l.brokers.iter().map(|b| NodeId::Broker(b.id)).collect();
        nodes.push(NodeId::Zookeeper);
        nodes.extend(l.clients.iter().map(|c| c.node));
        let mut boxes: Vec<Rect> = l.brokers.iter().map(|b| b.rect).collect();
        boxes.extend(l.clients.iter().map(|c| c.rect));
        boxes.push(l.zk);
        for &a in &nodes {
            for &b in &nodes {
                // Every link has a broker at one end at least.
                let linked =
                    a != b && (matches!(a, NodeId::Broker(_)) || matches!(b, NodeId::Broker(_)));
                let Some(route) = l.route(a, b).filter(|_| linked) else {
                    continue;
                };
                for i in 0..=20 {
                    let (x, y) = message_point(route, i as f64 / 20.0);
                    let bubble = Rect {
                        x: x - 40.0,
                        y: y - BUBBLE_H / 2.0,
                        w: 80.0,
                        h: BUBBLE_H,
                    };
                    for r in &boxes {
                        assert!(!overlap(bubble, *r), "{a:?}→{b:?} at {i}/20 covers {r:?}");
                    }
                }
            }
        }
    }

    /// The stretched scenario: one frame per zone around exactly its brokers, frames and
    /// boxes never overlapping, at 1280 px (the e2e viewport) and narrower.
    #[test]
    fn zone_frames_hold_their_brokers_and_never_overlap() {
        let mut run = Run::from_json(&scenarios::by_id("stretched-cluster").unwrap()).unwrap();
        run.advance_by(1000);
        let view = run.view();
        for width in [390.0, 760.0, 1280.0] {
            let l = Layout::of(&view, None, width, Lang::Zh);
            let zones: Vec<&str> = l.zones.iter().map(|z| z.zone.as_str()).collect();
            assert_eq!(zones, vec!["zone-a", "zone-b", "zone-c"]);
            for (i, z) in l.zones.iter().enumerate() {
                assert!(
                    z.rect.x >= 0.0 && z.rect.x + z.rect.w <= l.width + 0.01,
                    "{z:?}"
                );
                assert!(!overlap(z.rect, l.zk), "{z:?} at {width}");
                for other in &l.zones[i + 1..] {
                    assert!(!overlap(z.rect, other.rect), "{z:?} {other:?} at {width}");
                }
                for (b, bx) in view.brokers.iter().zip(&l.brokers) {
                    let inside = bx.rect.x >= z.rect.x
                        && bx.rect.x + bx.rect.w <= z.rect.x + z.rect.w
                        && bx.rect.y > z.rect.y
                        && bx.rect.bottom() <= z.rect.bottom();
                    assert_eq!(
                        inside,
                        b.zone.as_deref() == Some(z.zone.as_str()),
                        "{z:?} {bx:?}"
                    );
                }
                assert!(text_width(&z.label, font::TINY) <= z.rect.w, "{}", z.label);
            }
            for c in &l.clients {
                assert!(l.zones.iter().all(|z| !overlap(z.rect, c.rect)), "{c:?}");
            }
        }
        assert!(Layout::of(&view_at(1000), None, 1280.0, Lang::En)
            .zones
            .is_empty());
    }

    #[test]
    fn many_chips_per_broker_become_compact_tiles_and_few_stay_full() {
        let view = view_at(1000);
        assert_eq!(
            Layout::of(&view, None, 900.0, Lang::En).chip_mode,
            ChipMode::Full
        );
        assert_eq!(
            Layout::of(&view, None, 360.0, Lang::En).chip_mode,
            ChipMode::Compact
        );
    }
}
