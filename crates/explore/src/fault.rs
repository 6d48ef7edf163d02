//! A fault on one broker, applied through the core's actions, and how the broker comes
//! back: restarted (or resumed, or healed) once its ZooKeeper session has expired.

use isrlab_sim::{Action, BrokerId, NodeId, Sim, TimeMs};
use serde::{Deserialize, Serialize};

/// A fault the explorer can apply to one broker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// The process dies; its log, page cache included, survives (`Action::Crash`).
    Crash,
    /// Power loss: records not yet flushed are lost (`Action::PowerLoss`).
    PowerLoss,
    /// Cut off from every other node, both ways (`Action::Cut`), until healed.
    CutOff,
    /// A pause (GC) that the broker later resumes from (`Action::Pause`).
    Pause,
}

impl Fault {
    /// The three faults of a what-if badge, in display order.
    pub const WHAT_IF: [Fault; 3] = [Fault::Crash, Fault::PowerLoss, Fault::CutOff];

    /// Name as the CLI prints it.
    pub fn name(self) -> &'static str {
        match self {
            Fault::Crash => "crash",
            Fault::PowerLoss => "power-loss",
            Fault::CutOff => "cut-off",
            Fault::Pause => "pause",
        }
    }

    /// The actions that apply the fault to `broker`.
    pub fn actions(self, sim: &Sim, broker: BrokerId) -> Vec<Action> {
        match self {
            Fault::Crash => vec![Action::Crash { broker }],
            Fault::PowerLoss => vec![Action::PowerLoss { broker }],
            Fault::Pause => vec![Action::Pause { broker }],
            Fault::CutOff => links(sim, broker, |from, to| Action::Cut {
                from,
                to,
                both_ways: true,
            }),
        }
    }

    /// How long after the fault the broker is brought back: one second past its ZooKeeper
    /// session timeout, so that its session has surely expired and the controller has moved
    /// on (its writes to ZooKeeper and a controller election, when the broker was the
    /// controller, take round trips after the expiry). A broker back at the very moment
    /// of expiry would race the controller and could keep its leadership, which is not
    /// the failure being asked about.
    pub fn recovery_after(self, session_timeout_ms: TimeMs) -> TimeMs {
        session_timeout_ms.saturating_add(1000)
    }

    /// The actions that bring `broker` back.
    pub fn recovery(self, sim: &Sim, broker: BrokerId) -> Vec<Action> {
        match self {
            Fault::Crash | Fault::PowerLoss => vec![Action::Restart { broker }],
            Fault::Pause => vec![Action::Resume { broker }],
            Fault::CutOff => links(sim, broker, |from, to| Action::Heal {
                from,
                to,
                both_ways: true,
            }),
        }
    }
}

/// Applies each action the core accepts now; returns how many it accepted. A refusal is
/// not an error: e.g. a broker the scenario itself already restarted is not restarted again.
pub fn apply_accepted(sim: &mut Sim, actions: Vec<Action>) -> usize {
    actions
        .into_iter()
        .filter(|a| sim.apply(a.clone()).is_ok())
        .count()
}

/// `make(broker, peer)` for every peer of `broker`.
fn links(sim: &Sim, broker: BrokerId, make: impl Fn(NodeId, NodeId) -> Action) -> Vec<Action> {
    let me = NodeId::Broker(broker);
    peers(sim, broker)
        .into_iter()
        .map(|peer| make(me, peer))
        .collect()
}

/// Every node other than `broker`: the other brokers, ZooKeeper and the clients.
fn peers(sim: &Sim, broker: BrokerId) -> Vec<NodeId> {
    let view = sim.view();
    let brokers = view
        .brokers
        .iter()
        .filter(|b| b.id != broker)
        .map(|b| NodeId::Broker(b.id));
    let clients = view.producers.len() as u32;
    let producers = (0..clients).map(NodeId::Producer);
    let consumers = view.consumers.iter().map(|c| c.node);
    brokers
        .chain(std::iter::once(NodeId::Zookeeper))
        .chain(producers)
        .chain(consumers)
        .collect()
}
