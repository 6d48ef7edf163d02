//! The schedule's plan: what to do and roughly when, drawn before the run. Whom a fault
//! hits (the leader of a partition, the controller), which message a `deliver` names and
//! which consumer moves are decided live, against the running cluster (`live.rs`).

use crate::class::Class;
use crate::draw::Draw;
use isrlab_sim::{Acks, Action, Scenario, TimeMs};

/// Fewest messages a schedule produces.
pub const MIN_MESSAGES: u64 = 100;

/// A broker fault that lasts until a restore.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// `crash`, then `restart`.
    Crash,
    /// `power_loss`, then `restart`.
    PowerLoss,
    /// `disk_loss`, then `restart`.
    DiskLoss,
    /// `pause`, then `resume` (past the session timeout: a zombie).
    Pause,
    /// `controlled_shutdown`, then `restart`.
    ControlledShutdown,
}

/// Which broker a fault hits, chosen when it happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The current leader of some partition.
    Leader,
    /// The active controller.
    Controller,
    /// Any broker in the right state.
    Any,
}

/// The kind of node at one end of a cut link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// A broker.
    Broker,
    /// ZooKeeper.
    Zookeeper,
    /// A producer.
    Producer,
    /// A consumer.
    Consumer,
}

/// Every node kind.
pub const NODE_KINDS: [NodeKind; 4] = [
    NodeKind::Broker,
    NodeKind::Zookeeper,
    NodeKind::Producer,
    NodeKind::Consumer,
];

/// One planned step.
#[derive(Clone, Debug, PartialEq)]
pub enum Planned {
    /// An action fully known in advance (produce, or a restore due now).
    Exact(Action),
    /// A broker fault on a target, restored after `hold_ms`; `second` marks a follow-up
    /// failure timed near the first one's session expiry (it has no follow-up itself).
    Fault {
        kind: FaultKind,
        target: Target,
        hold_ms: u64,
        second: bool,
    },
    /// A slow broker (`extra_ms` of latency) for `hold_ms`.
    Slow {
        target: Target,
        extra_ms: u64,
        hold_ms: u64,
    },
    /// A cut link between two kinds of node for `hold_ms`.
    Cut {
        from: NodeKind,
        to: NodeKind,
        both_ways: bool,
        hold_ms: u64,
    },
    /// A reassignment, preferred election or config change.
    Admin,
    /// An unclean election (class `any` only).
    Unclean,
    /// A consumer joins, leaves, crashes, restarts, is added or removed.
    Consumer,
    /// Manual network for `ticks` ticks of `every_ms`; each tick delivers or drops held messages.
    Manual { ticks: u32, every_ms: u64 },
    /// One tick of a manual window (`left` more to come before the network goes automatic).
    Tick { left: u32, every_ms: u64 },
    /// A deliver or drop of a message in flight, outside manual mode.
    Poke,
}

/// The fault kinds a class may draw freely (the exact-count ones are planned apart).
fn free_faults(class: Class) -> Vec<FaultKind> {
    let mut kinds = vec![
        FaultKind::Crash,
        FaultKind::Pause,
        FaultKind::ControlledShutdown,
    ];
    if class.power_losses().is_none() {
        kinds.push(FaultKind::PowerLoss);
    }
    if class.disk_losses().is_none() {
        kinds.push(FaultKind::DiskLoss);
    }
    kinds
}

/// A fault kind for a follow-up failure in `class`.
pub fn follow_up_fault(d: &mut Draw, class: Class) -> FaultKind {
    *d.pick(&free_faults(class))
}

/// A time in `lo..=hi` of the run.
fn when(d: &mut Draw, lo: TimeMs, hi: TimeMs) -> TimeMs {
    d.range(lo, hi.max(lo))
}

/// A target for a fault.
pub fn target(d: &mut Draw) -> Target {
    *d.pick(&[
        Target::Leader,
        Target::Leader,
        Target::Controller,
        Target::Any,
    ])
}

/// A pause or fault duration: past the session timeout half the time.
pub fn hold(d: &mut Draw, session_ms: u64) -> u64 {
    if d.chance(0.5) {
        session_ms + d.range(500, 12_000)
    } else {
        d.range(200, session_ms)
    }
}

/// The initial plan of a scenario, as (time, step) pairs in no particular order.
pub fn initial(
    d: &mut Draw,
    class: Class,
    s: &Scenario,
    session_ms: u64,
    request_ms: u64,
) -> Vec<(TimeMs, Planned)> {
    let end = s.end_ms;
    let mut plan = produces(d, class, s);
    let faults = d.range(2, 7);
    for _ in 0..faults {
        let kind = *d.pick(&free_faults(class));
        let step = Planned::Fault {
            kind,
            target: target(d),
            hold_ms: hold(d, session_ms),
            second: false,
        };
        plan.push((when(d, 2_000, end - 15_000), step));
    }
    for (kind, count) in [
        (FaultKind::PowerLoss, class.power_losses()),
        (FaultKind::DiskLoss, class.disk_losses()),
    ] {
        for _ in 0..count.unwrap_or(0) {
            let step = Planned::Fault {
                kind,
                target: target(d),
                hold_ms: hold(d, session_ms),
                second: false,
            };
            plan.push((when(d, 2_000, end / 2), step));
        }
    }
    for _ in 0..d.range(0, 2) {
        let extra_ms = if d.chance(0.5) {
            request_ms + d.range(500, 8_000)
        } else {
            d.range(50, 3_000)
        };
        let step = Planned::Slow {
            target: target(d),
            extra_ms,
            hold_ms: d.range(2_000, 30_000),
        };
        plan.push((when(d, 1_000, end - 10_000), step));
    }
    for _ in 0..d.range(0, 3) {
        let (from, to) = (*d.pick(&NODE_KINDS), *d.pick(&NODE_KINDS));
        let step = Planned::Cut {
            from,
            to,
            both_ways: d.chance(0.5),
            hold_ms: d.range(500, 25_000),
        };
        plan.push((when(d, 1_000, end - 10_000), step));
    }
    for _ in 0..d.range(1, 3) {
        plan.push((when(d, 1_000, end - 5_000), Planned::Admin));
    }
    if !class.strict() && d.chance(0.3) {
        plan.push((when(d, 5_000, end - 5_000), Planned::Unclean));
    }
    let moves = if s.consumers.is_empty() {
        u64::from(d.chance(0.3)) * 2
    } else {
        d.range(0, 5)
    };
    for _ in 0..moves {
        plan.push((when(d, 1_000, end - 5_000), Planned::Consumer));
    }
    if s.cluster.network.manual {
        plan.push((
            1,
            Planned::Tick {
                left: d.range(10, 60) as u32,
                every_ms: d.range(2, 20),
            },
        ));
    }
    if d.chance(0.25) {
        let step = Planned::Manual {
            ticks: d.range(10, 80) as u32,
            every_ms: d.range(2, 30),
        };
        plan.push((when(d, 1_000, end - 10_000), step));
    }
    for _ in 0..d.range(0, 3) {
        plan.push((when(d, 500, end - 1_000), Planned::Poke));
    }
    plan
}

/// Produce actions adding up to at least [`MIN_MESSAGES`] messages, spread over the run.
fn produces(d: &mut Draw, class: Class, s: &Scenario) -> Vec<(TimeMs, Planned)> {
    let sends = d.range(8, 20);
    let target = d.range(MIN_MESSAGES, 2 * MIN_MESSAGES);
    let mut counts: Vec<u64> = (0..sends).map(|_| d.range(1, 2 * target / sends)).collect();
    let short = target.saturating_sub(counts.iter().sum());
    if let Some(last) = counts.last_mut() {
        *last += short;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, count)| {
            let producer = d.pick(&s.producers).name.clone();
            let topic = d.pick(&s.topics);
            let partition = d
                .chance(0.5)
                .then(|| d.range(0, topic.partitions as u64 - 1) as u32);
            let acks = if class.strict() {
                d.chance(0.1).then_some(Acks::All)
            } else {
                d.chance(0.2)
                    .then(|| *d.pick(&[Acks::None, Acks::Leader, Acks::All]))
            };
            let action = Action::Produce {
                producer,
                topic: topic.name.clone(),
                partition,
                value: format!("m{i}"),
                acks,
                count: (count > 1).then_some(count as u32),
            };
            (when(d, 300, s.end_ms - 8_000), Planned::Exact(action))
        })
        .collect()
}
