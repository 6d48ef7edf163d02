//! Where things sit in the cluster SVG: a pure function of the view, shared by the
//! static layer (nodes, links) and the moving layer (messages in flight).

use isrlab_sim::view::ClusterView;
use isrlab_sim::{BrokerId, NodeId};

/// Width of the SVG's coordinate system.
pub const WIDTH: f64 = 1000.0;
/// Height of one replica chip.
pub const CHIP_H: f64 = 34.0;
/// Vertical distance between chips.
pub const CHIP_GAP: f64 = 6.0;
/// Height of a broker's header (name, status, controller badge).
pub const BROKER_HEAD: f64 = 50.0;
/// Top of the broker row.
pub const BROKER_TOP: f64 = 150.0;
/// The coordination service's box centre.
pub const ZK_CENTER: (f64, f64) = (500.0, 48.0);

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
}

/// Positions of every node of a view.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Broker boxes, in the view's broker order.
    pub brokers: Vec<(BrokerId, Rect)>,
    /// Producer anchors, by index.
    pub producers: Vec<(f64, f64)>,
    /// Consumer anchors, by index.
    pub consumers: Vec<(f64, f64)>,
    /// Total height of the drawing.
    pub height: f64,
}

/// Number of replicas each broker hosts, in the view's broker order.
fn chips_per_broker(view: &ClusterView) -> Vec<usize> {
    view.brokers
        .iter()
        .map(|b| {
            view.partitions
                .iter()
                .filter(|p| p.replicas.contains(&b.id))
                .count()
        })
        .collect()
}

impl Layout {
    /// Lays out brokers in one row between the producer and consumer columns.
    pub fn of(view: &ClusterView, producers: usize, consumers: usize) -> Layout {
        let n = view.brokers.len().max(1) as f64;
        let (left, right, gap) = (150.0, 850.0, 14.0);
        let w = ((right - left - gap * (n - 1.0)) / n).min(220.0);
        let total = w * n + gap * (n - 1.0);
        let x0 = (WIDTH - total) / 2.0;
        let most = chips_per_broker(view).into_iter().max().unwrap_or(0) as f64;
        let h = BROKER_HEAD + most * (CHIP_H + CHIP_GAP) + 8.0;
        let brokers = view
            .brokers
            .iter()
            .enumerate()
            .map(|(i, b)| {
                (
                    b.id,
                    Rect {
                        x: x0 + i as f64 * (w + gap),
                        y: BROKER_TOP,
                        w,
                        h,
                    },
                )
            })
            .collect();
        let column = |x: f64, count: usize| -> Vec<(f64, f64)> {
            (0..count)
                .map(|i| (x, BROKER_TOP + 30.0 + i as f64 * 70.0))
                .collect()
        };
        let clients = producers.max(consumers) as f64;
        let height = (BROKER_TOP + h).max(BROKER_TOP + 30.0 + clients * 70.0) + 20.0;
        Layout {
            brokers,
            producers: column(62.0, producers),
            consumers: column(WIDTH - 62.0, consumers),
            height,
        }
    }

    /// The box of a broker.
    pub fn broker(&self, id: BrokerId) -> Option<Rect> {
        self.brokers.iter().find(|(b, _)| *b == id).map(|(_, r)| *r)
    }

    /// Where messages to and from a node start and end.
    pub fn anchor(&self, node: NodeId) -> Option<(f64, f64)> {
        match node {
            NodeId::Broker(id) => self.broker(id).map(|r| (r.x + r.w / 2.0, r.y)),
            NodeId::Zookeeper => Some((ZK_CENTER.0, ZK_CENTER.1 + 26.0)),
            NodeId::Producer(i) => self.producers.get(i as usize).map(|&(x, y)| (x + 52.0, y)),
            NodeId::Consumer(i) => self.consumers.get(i as usize).map(|&(x, y)| (x - 52.0, y)),
        }
    }

    /// The path a message takes from `from` to `to`: a quadratic curve (start, control, end).
    /// Broker-to-broker links arc above the row, higher for the left-to-right direction so
    /// that requests and responses do not overlap.
    pub fn route(&self, from: NodeId, to: NodeId) -> Option<[(f64, f64); 3]> {
        let a = self.anchor(from)?;
        let b = self.anchor(to)?;
        let control = match (from, to) {
            (NodeId::Broker(_), NodeId::Broker(_)) => {
                let lift = 40.0 + (b.0 - a.0).abs() * 0.12 + if a.0 < b.0 { 22.0 } else { 0.0 };
                ((a.0 + b.0) / 2.0, BROKER_TOP - lift)
            }
            _ => ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0),
        };
        Some([a, control, b])
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

    #[test]
    fn along_starts_and_ends_at_the_endpoints() {
        let curve = [(0.0, 0.0), (50.0, -40.0), (100.0, 0.0)];
        assert_eq!(along(curve, 0.0), (0.0, 0.0));
        assert_eq!(along(curve, 1.0), (100.0, 0.0));
        assert_eq!(along(curve, 0.5), (50.0, -20.0));
    }
}
