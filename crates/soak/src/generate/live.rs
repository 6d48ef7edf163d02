//! Driving the run while the schedule is written: each planned step is resolved against
//! the running cluster (whom to hit, which message id to deliver, which consumer may
//! move), applied live, and recorded with its time so the written file replays the run.
//!
//! Replay fidelity: a scripted action at time T fires after every event before T and
//! before the events at T queued later. A live step is therefore resolved at a T of its
//! own where no event runs: the driver advances past any millisecond that has events.
//! Every action gets a millisecond of its own: two actions at one T do not replay alike
//! (events the first one queues at T run before the second in the file's replay).

use super::plan::{self, FaultKind, NodeKind, Planned, Target};
use super::{places, settings};
use crate::class::Class;
use crate::draw::Draw;
use isrlab_sim::placement::PlacementRule;
use isrlab_sim::scenario::{CommitMode, TimedAction, TopicSpec};
use isrlab_sim::topology::Topology;
use isrlab_sim::view::{BrokerStatus, ClusterView};
use isrlab_sim::{Action, NodeId, Scenario, Sim, TimeMs};
use std::collections::BTreeMap;

/// The driver's state during one generated run.
pub struct Live<'a> {
    /// The running cluster.
    pub sim: Sim,
    /// The scenario being written (actions excluded: they are in `actions`).
    scenario: &'a Scenario,
    class: Class,
    d: Draw,
    queue: BTreeMap<(TimeMs, u64), Planned>,
    seq: u64,
    /// Actions applied so far, with their times.
    pub actions: Vec<TimedAction>,
    session_ms: u64,
    added: Vec<String>,
    next_added: u32,
    next_created: u32,
}

impl<'a> Live<'a> {
    /// A driver for `scenario` (without actions) and its plan.
    pub fn new(
        sim: Sim,
        scenario: &'a Scenario,
        class: Class,
        d: Draw,
        plan: Vec<(TimeMs, Planned)>,
    ) -> Live<'a> {
        let session_ms = sim.broker_config().zookeeper_session_timeout_ms;
        let mut live = Live {
            sim,
            scenario,
            class,
            d,
            queue: BTreeMap::new(),
            seq: 0,
            actions: Vec::new(),
            session_ms,
            added: Vec::new(),
            next_added: 0,
            next_created: 0,
        };
        for (t, step) in plan {
            live.later(t, step);
        }
        live
    }

    fn later(&mut self, t: TimeMs, step: Planned) {
        self.seq += 1;
        self.queue.insert((t, self.seq), step);
    }

    /// Runs every planned step, then the rest of the run to its end.
    pub fn drive(&mut self) {
        let end = self.sim.end_ms();
        while let Some(((t, _), step)) = self.queue.pop_first() {
            let Some(at) = self.advance(t) else { break };
            self.resolve(at, step);
        }
        self.sim.run_until(end);
    }

    /// Moves the run to the first millisecond ≥ `t`, after the clock (so after the last
    /// action's), at which no event runs, or `None` past the end. The clock, not a note of
    /// the last action, is the bound: a search that ran to the end leaves it there, and a
    /// step planned earlier must not be written at a time the run has already passed.
    fn advance(&mut self, t: TimeMs) -> Option<TimeMs> {
        let mut t = t.max(self.sim.now() + 1);
        let end = self.sim.end_ms();
        while t <= end {
            self.sim.run_until(t - 1);
            let steps = self.sim.steps();
            self.sim.run_until(t);
            if self.sim.steps() == steps {
                return Some(t);
            }
            t += 1;
        }
        None
    }

    /// Applies `action` now; records it if the core accepts it.
    fn apply(&mut self, at: TimeMs, action: Action) -> bool {
        // Recorded first: if the core panics on it, the written file still holds it.
        self.actions.push(TimedAction {
            at_ms: at,
            action: action.clone(),
        });
        if self.sim.apply(action).is_ok() {
            return true;
        }
        self.actions.pop();
        false
    }

    fn resolve(&mut self, at: TimeMs, step: Planned) {
        match step {
            Planned::Exact(Action::Produce {
                producer,
                topic,
                partition,
                value,
                acks,
                count,
            }) => {
                // A send planned to a topic deleted since goes to a live topic instead
                // (the run keeps its messages), to any of its partitions.
                let view = self.sim.view();
                let live = |t: &str| {
                    view.partitions
                        .iter()
                        .any(|p| p.tp.topic == t && !p.marked_for_deletion)
                };
                let (topic, partition) =
                    match view.partitions.iter().find(|p| !p.marked_for_deletion) {
                        Some(_) if live(&topic) => (topic, partition),
                        Some(other) => (other.tp.topic.clone(), None),
                        None => return,
                    };
                let produce = |acks| Action::Produce {
                    producer: producer.clone(),
                    topic: topic.clone(),
                    partition,
                    value: value.clone(),
                    acks,
                    count,
                };
                // An idempotent producer refuses a per-send acks: send with its own instead.
                if !self.apply(at, produce(acks)) && acks.is_some() {
                    self.apply(at, produce(None));
                }
            }
            Planned::Exact(action) => {
                self.apply(at, action);
            }
            Planned::Fault {
                kind,
                target,
                hold_ms,
                second,
            } => self.fault(at, kind, target, hold_ms, second),
            Planned::Slow {
                target,
                extra_ms,
                hold_ms,
            } => {
                let view = self.sim.view();
                let running = with_status(&view, &[BrokerStatus::Running]);
                if let Some(broker) = self.pick_broker(&view, target, running) {
                    if self.apply(
                        at,
                        Action::Slow {
                            broker,
                            extra_latency_ms: extra_ms,
                        },
                    ) {
                        self.later(
                            at + hold_ms,
                            Planned::Exact(Action::Slow {
                                broker,
                                extra_latency_ms: 0,
                            }),
                        );
                    }
                }
            }
            Planned::Cut {
                from,
                to,
                both_ways,
                hold_ms,
            } => {
                let view = self.sim.view();
                let (Some(a), Some(b)) = (self.pick_node(&view, from), self.pick_node(&view, to))
                else {
                    return;
                };
                if a != b
                    && self.apply(
                        at,
                        Action::Cut {
                            from: a,
                            to: b,
                            both_ways,
                        },
                    )
                    && self.d.chance(0.9)
                {
                    self.later(
                        at + hold_ms,
                        Planned::Exact(Action::Heal {
                            from: a,
                            to: b,
                            both_ways,
                        }),
                    );
                }
            }
            Planned::Admin => {
                let action = self.admin();
                let created = match &action {
                    Action::CreateTopic { topic } => Some(topic.name.clone()),
                    _ => None,
                };
                if self.apply(at, action) {
                    if let Some(topic) = created {
                        self.produce_to_created(at, topic);
                    }
                }
            }
            Planned::Unclean => {
                let t = self.d.pick(&self.scenario.topics);
                let action = Action::UncleanElection {
                    topic: t.name.clone(),
                    partition: self.d.range(0, t.partitions as u64 - 1) as u32,
                };
                self.apply(at, action);
            }
            Planned::Consumer => {
                let Some(action) = self.consumer_move() else {
                    return;
                };
                if self.apply(at, action.clone()) {
                    match action {
                        Action::AddConsumer { name, .. } => self.added.push(name),
                        Action::RemoveConsumer { name } => self.added.retain(|n| *n != name),
                        _ => {}
                    }
                }
            }
            Planned::Manual { ticks, every_ms } => {
                if self.apply(at, Action::SetManualNetwork { on: true }) {
                    self.later(
                        at + every_ms,
                        Planned::Tick {
                            left: ticks,
                            every_ms,
                        },
                    );
                }
            }
            Planned::Tick { left, every_ms } => {
                self.deliver_or_drop(at, true);
                let next = if left > 0 {
                    Planned::Tick {
                        left: left - 1,
                        every_ms,
                    }
                } else {
                    Planned::Exact(Action::SetManualNetwork { on: false })
                };
                self.later(at + every_ms, next);
            }
            Planned::Poke => self.deliver_or_drop(at, false),
        }
    }

    fn fault(&mut self, at: TimeMs, kind: FaultKind, target: Target, hold_ms: u64, second: bool) {
        let view = self.sim.view();
        // The core's action check says which brokers can take this fault now.
        let accepting = self
            .sim
            .brokers_accepting(|broker| fault_action(kind, broker).0);
        let Some(broker) = self.pick_broker(&view, target, accepting) else {
            // An exact-count fault (the one power or disk loss) must happen: try again later.
            let exact = match kind {
                FaultKind::PowerLoss => self.class.power_losses().is_some(),
                FaultKind::DiskLoss => self.class.disk_losses().is_some(),
                _ => false,
            };
            if exact {
                self.later(
                    at + 1_000,
                    Planned::Fault {
                        kind,
                        target: Target::Any,
                        hold_ms,
                        second,
                    },
                );
            }
            return;
        };
        let topology = Topology::from_spec(&self.scenario.cluster);
        let widened = places::place_fault(&mut self.d, self.class, kind, broker, &topology, &view);
        let (action, restores) = widened.unwrap_or_else(|| {
            let (action, restore) = fault_action(kind, broker);
            (action, vec![restore])
        });
        if !self.apply(at, action) {
            return;
        }
        if self.class.strict() || self.d.chance(0.9) {
            for restore in restores {
                self.later(at + hold_ms, Planned::Exact(restore));
            }
        }
        if !second && self.d.chance(0.35) {
            // A second failure near the first one's session expiry.
            let near = (at + self.session_ms + self.d.range(0, 3_000)).saturating_sub(1_500);
            let kind = plan::follow_up_fault(&mut self.d, self.class);
            let hold_ms = plan::hold(&mut self.d, self.session_ms);
            let target = plan::target(&mut self.d);
            self.later(
                near,
                Planned::Fault {
                    kind,
                    target,
                    hold_ms,
                    second: true,
                },
            );
        }
        if self.d.chance(0.4) {
            // Administration during the fault.
            let during = at + self.d.range(1, hold_ms);
            self.later(during, Planned::Admin);
        }
    }

    /// One of `candidates`, chosen by `target` (falling back to any candidate).
    fn pick_broker(
        &mut self,
        view: &ClusterView,
        target: Target,
        candidates: Vec<u32>,
    ) -> Option<u32> {
        let ok = |id: u32| candidates.contains(&id);
        let wanted = match target {
            Target::Leader => {
                let leaders: Vec<u32> = view
                    .partitions
                    .iter()
                    .filter_map(|p| p.leader)
                    .filter(|&l| ok(l))
                    .collect();
                (!leaders.is_empty()).then(|| *self.d.pick(&leaders))
            }
            Target::Controller => view.controller.filter(|&c| ok(c)),
            Target::Any => None,
        };
        wanted.or_else(|| (!candidates.is_empty()).then(|| *self.d.pick(&candidates)))
    }

    /// A node of `kind`, if the scenario has one.
    fn pick_node(&mut self, view: &ClusterView, kind: NodeKind) -> Option<NodeId> {
        let count = |n: usize| (n > 0).then_some(n);
        Some(match kind {
            NodeKind::Broker => {
                let target = plan::target(&mut self.d);
                let up = with_status(view, &[BrokerStatus::Running, BrokerStatus::Paused]);
                NodeId::Broker(self.pick_broker(view, target, up)?)
            }
            NodeKind::Zookeeper => NodeId::Zookeeper,
            NodeKind::Producer => {
                NodeId::Producer(self.d.index(count(self.scenario.producers.len())?) as u32)
            }
            NodeKind::Consumer => {
                NodeId::Consumer(self.d.index(count(self.scenario.consumers.len())?) as u32)
            }
        })
    }

    /// `kafka-topics.sh --create` or `--alter --partitions`: a new topic that fits the
    /// class (RF 3 and `min.insync.replicas` ≥ 2 in the strict ones), or one or two more
    /// partitions for a topic the cluster has now.
    fn topic_admin(&mut self) -> Action {
        let view = self.sim.view();
        let mut topics: Vec<(String, u32)> = Vec::new();
        for p in view.partitions.iter().filter(|p| !p.marked_for_deletion) {
            match topics.last_mut() {
                Some((name, n)) if *name == p.tp.topic => *n += 1,
                _ => topics.push((p.tp.topic.clone(), 1)),
            }
        }
        let created: Vec<String> = (topics.iter())
            .map(|t| t.0.clone())
            .filter(|t| t.starts_with("created-"))
            .collect();
        // Deleting mostly the topics the run created, and never the last one: the planned
        // sends go to the topics left.
        if topics.len() > 1 && self.d.chance(0.25) {
            let topic = match (created.is_empty(), self.d.chance(0.8)) {
                (false, true) => self.d.pick(&created).clone(),
                _ => self.d.pick(&topics).0.clone(),
            };
            return Action::DeleteTopic { topic };
        }
        if !topics.is_empty() && self.d.chance(0.4) {
            let (topic, count) = self.d.pick(&topics).clone();
            return Action::CreatePartitions {
                topic,
                partitions: count + self.d.range(1, 2) as u32,
            };
        }
        let brokers = self.scenario.cluster.brokers.len() as u64;
        let rf = if self.class.strict() {
            3
        } else {
            self.d.range(1, brokers.min(3))
        };
        let cluster_min_isr = self
            .scenario
            .cluster
            .config
            .contains_key("min.insync.replicas");
        self.next_created += 1;
        let placement = match self.d.index(4) {
            0 => PlacementRule::Textbook,
            1 => PlacementRule::KafkaDisableRackAware,
            _ => PlacementRule::Kafka,
        };
        Action::CreateTopic {
            topic: TopicSpec {
                name: format!("created-{}", self.next_created),
                partitions: self.d.range(1, 4) as u32,
                replication_factor: rf as u32,
                placement,
                start_index: None,
                assignment: None,
                config: settings::topic(&mut self.d, self.class, rf, cluster_min_isr),
            },
        }
    }

    /// Bursts to a topic created at `at`, from the scenario's producers, over the next
    /// few seconds (before and after the controller has created its partitions).
    fn produce_to_created(&mut self, at: TimeMs, topic: String) {
        if self.scenario.producers.is_empty() {
            return;
        }
        for i in 0..self.d.range(1, 3) {
            let producer = self.d.pick(&self.scenario.producers).name.clone();
            let produce = Action::Produce {
                producer,
                topic: topic.clone(),
                partition: None,
                value: format!("{topic}-{i}"),
                acks: None,
                count: Some(self.d.range(1, 20) as u32),
            };
            let after = self.d.range(0, 4_000);
            self.later(at + after, Planned::Exact(produce));
        }
    }

    /// A reassignment, a preferred election, a config change or a topic change.
    fn admin(&mut self) -> Action {
        if self.d.chance(0.15) {
            return self.topic_admin();
        }
        let topics = &self.scenario.topics;
        let brokers = &self.scenario.cluster.brokers;
        let t = self.d.pick(topics);
        let partition = self.d.range(0, t.partitions as u64 - 1) as u32;
        match self.d.index(3) {
            0 => {
                let n = brokers.len() as u64;
                let size = if self.class.strict() {
                    self.d.range(3, n.min(t.replication_factor as u64 + 1))
                } else {
                    self.d.range(1, n)
                };
                let replicas = self
                    .d
                    .shuffled(brokers)
                    .into_iter()
                    .take(size as usize)
                    .collect();
                Action::Reassign {
                    topic: t.name.clone(),
                    partition,
                    replicas,
                }
            }
            1 => match self.d.index(3) {
                0 => Action::PreferredElection {
                    topic: None,
                    partition: None,
                },
                1 => Action::PreferredElection {
                    topic: Some(t.name.clone()),
                    partition: None,
                },
                _ => Action::PreferredElection {
                    topic: Some(t.name.clone()),
                    partition: Some(partition),
                },
            },
            _ => {
                let named: Vec<(String, u64)> = topics
                    .iter()
                    .map(|t| (t.name.clone(), t.replication_factor as u64))
                    .collect();
                settings::change(&mut self.d, self.class, &named)
            }
        }
    }

    /// A consumer move the core's action check accepts now.
    fn consumer_move(&mut self) -> Option<Action> {
        let mut moves = Vec::new();
        let makers: [fn(String) -> Action; 4] = [
            |consumer| Action::ConsumerJoin { consumer },
            |consumer| Action::ConsumerLeave { consumer },
            |consumer| Action::ConsumerCrash { consumer },
            |consumer| Action::ConsumerRestart { consumer },
        ];
        for make in makers {
            for name in self.sim.consumers_accepting(make) {
                // Files may name only their own consumers in these actions.
                if self.scenario.consumers.iter().any(|c| c.name == name) {
                    moves.push(make(name));
                }
            }
        }
        if self.added.len() < 2 {
            let t = self.d.pick(&self.scenario.topics).name.clone();
            self.next_added += 1;
            moves.push(Action::AddConsumer {
                name: format!("x{}", self.next_added),
                group: format!("g{}", self.d.range(0, 1)),
                topics: vec![t],
                commit: *self
                    .d
                    .pick(&[CommitMode::BeforeProcessing, CommitMode::AfterProcessing]),
            });
        }
        if let Some(name) = self.added.first() {
            moves.push(Action::RemoveConsumer { name: name.clone() });
        }
        moves.retain(|m| self.sim.accepts(m));
        (!moves.is_empty()).then(|| self.d.pick(&moves).clone())
    }

    /// Delivers (mostly) or drops up to four messages on the network, held ones first when
    /// `held_first`, named by their real ids.
    fn deliver_or_drop(&mut self, at: TimeMs, held_first: bool) {
        let view = self.sim.view();
        let held: Vec<u64> = view
            .in_flight
            .iter()
            .filter(|m| m.held)
            .map(|m| m.id)
            .collect();
        let ids: Vec<u64> = if held_first && !held.is_empty() {
            held
        } else {
            view.in_flight.iter().map(|m| m.id).collect()
        };
        if ids.is_empty() {
            return;
        }
        let take = self.d.range(1, 4) as usize;
        let mut at = Some(at);
        for id in self.d.shuffled(&ids).into_iter().take(take) {
            let Some(t) = at else { return };
            let action = if self.d.chance(0.85) {
                Action::Deliver { message: id }
            } else {
                Action::Drop { message: id }
            };
            self.apply(t, action);
            at = self.advance(t + 1);
        }
    }
}

/// The brokers of `view` in one of `states`.
fn with_status(view: &ClusterView, states: &[BrokerStatus]) -> Vec<u32> {
    view.brokers
        .iter()
        .filter(|b| states.contains(&b.status))
        .map(|b| b.id)
        .collect()
}

/// The action of a fault on `broker`, and the one that restores it.
fn fault_action(kind: FaultKind, broker: u32) -> (Action, Action) {
    match kind {
        FaultKind::Crash => (Action::Crash { broker }, Action::Restart { broker }),
        FaultKind::PowerLoss => (Action::PowerLoss { broker }, Action::Restart { broker }),
        FaultKind::DiskLoss => (Action::DiskLoss { broker }, Action::Restart { broker }),
        FaultKind::Pause => (Action::Pause { broker }, Action::Resume { broker }),
        FaultKind::ControlledShutdown => (
            Action::ControlledShutdown { broker },
            Action::Restart { broker },
        ),
    }
}
