//! The simulation driver: owns every part of the cluster, the event queue and the
//! RNG, and exposes the step API the UI, the CLI and the tests drive.

use crate::action::Acks;
use crate::action::Action;
use crate::action_check::{check_action, ActionRefusal};
use crate::broker::{Broker, BrokerTimer};
use crate::client::consumer::{Consumer, ConsumerTimer};
use crate::client::coordinator::{InternalRecord, OFFSETS_TOPIC};
use crate::client::producer::{Producer, ProducerTimer};
use crate::config::{BrokerConfig, ConfigError, ConsumerConfig, ProducerConfig, TopicConfig};
use crate::engine::queue::EventQueue;
use crate::events::{DropCause, Event, EventKind};
use crate::hash::Fnv64;
use crate::ids::{BrokerId, NodeId, TimeMs, TopicPartition};
use crate::invariants::Violation;
use crate::ledger::{Ledger, MessageRecord};
use crate::limits::check_sizes;
use crate::net::msg::{Msg, PartIdx};
use crate::net::{Network, Sent};
use crate::placement::{assign_kafka, PlacementError, PlacementRequest};
use crate::rng::SimRng;
use crate::scenario::{Scenario, TimedAction};
use crate::topology::Topology;
use crate::zk::{ZkNode, ZkTimer};
use std::fmt;

/// Why a scenario cannot be turned into a running cluster.
#[derive(Clone, Debug, PartialEq)]
pub enum SimError {
    /// A config map has an unknown key or a bad value.
    Config(ConfigError),
    /// A topic's placement is impossible.
    Placement {
        topic: String,
        error: PlacementError,
    },
    /// Something else about the scenario is inconsistent (named field and reason).
    Invalid { field: String, reason: String },
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::Config(e) => write!(f, "{e}"),
            SimError::Placement { topic, error } => write!(f, "topic {topic:?}: {error}"),
            SimError::Invalid { field, reason } => write!(f, "{field}: {reason}"),
        }
    }
}

impl std::error::Error for SimError {}

impl From<SimError> for String {
    fn from(e: SimError) -> String {
        e.to_string()
    }
}

impl From<ConfigError> for SimError {
    fn from(e: ConfigError) -> Self {
        SimError::Config(e)
    }
}

/// Why a run cannot be rebuilt by [`Sim::replay`].
#[derive(Clone, Debug, PartialEq)]
pub enum ReplayError {
    /// The scenario does not build.
    Scenario(SimError),
    /// The action and step lists differ in length.
    StepCountMismatch { actions: usize, steps: usize },
    /// The run ended, or passed the action's time, before reaching its step.
    Unreachable { at_ms: TimeMs, step: u64 },
    /// The action was refused when replayed.
    Refused {
        index: usize,
        refusal: ActionRefusal,
    },
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayError::Scenario(e) => write!(f, "{e}"),
            ReplayError::StepCountMismatch { actions, steps } => {
                write!(
                    f,
                    "one step count per action is needed: {actions} actions, {steps} step counts"
                )
            }
            ReplayError::Unreachable { at_ms, step } => {
                write!(
                    f,
                    "action at {at_ms} ms after {step} events cannot be replayed"
                )
            }
            ReplayError::Refused { index, refusal } => {
                write!(f, "action {index} refused: {refusal}")
            }
        }
    }
}

impl std::error::Error for ReplayError {}

/// Timers of every kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// The scenario's action number `i`.
    Scripted(u32),
    /// A broker's timer, valid for one incarnation.
    Broker { b: u32, inc: u32, t: BrokerTimer },
    /// A ZooKeeper timer (its session checks).
    Zk(ZkTimer),
    /// A producer's timer.
    Producer { p: u32, t: ProducerTimer },
    /// A consumer's timer.
    Consumer { c: u32, t: ConsumerTimer },
}

/// An entry of the event queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ev {
    /// A message arrives.
    Deliver(u64),
    /// A timer fires.
    Timer(Timer),
}

/// A topic.
#[derive(Clone, Debug)]
pub struct TopicState {
    /// Name.
    pub name: String,
    /// Config.
    pub cfg: TopicConfig,
    /// Each partition's index in the global partition list, by partition number. A topic
    /// created or grown while the cluster runs has its new partitions at the end of that
    /// list, so its indices need not be contiguous.
    pub parts: Vec<PartIdx>,
    /// The topic-level keys it overrides (its scenario config, then `set_config`s): a
    /// change of the brokers' default leaves them alone.
    pub overrides: Vec<String>,
    /// `kafka-topics.sh --delete` marked it: clients and actions no longer find it by
    /// name; the view shows it until ZooKeeper no longer holds it.
    pub marked_for_deletion: bool,
}

/// A partition's static facts.
#[derive(Clone, Debug)]
pub struct PartInfo {
    /// Topic and partition.
    pub tp: TopicPartition,
    /// Index of the topic.
    pub topic: u32,
}

/// A scenario's actions with their index in the file, in time order (stable), shared by
/// every clone of the run (timeline snapshots would otherwise copy them all).
fn scripted_in_time_order(scenario: &Scenario) -> std::sync::Arc<[(u32, TimedAction)]> {
    let mut scripted: Vec<(u32, TimedAction)> =
        (0u32..).zip(scenario.actions.iter().cloned()).collect();
    scripted.sort_by_key(|(_, a)| a.at_ms);
    scripted.into()
}

/// A running simulation.
#[derive(Clone, Debug)]
pub struct Sim {
    pub(crate) now: TimeMs,
    pub(crate) end: TimeMs,
    pub(crate) queue: EventQueue<Ev>,
    pub(crate) rng: SimRng,
    pub(crate) cfg: BrokerConfig,
    pub(crate) topics: Vec<TopicState>,
    pub(crate) parts: Vec<PartInfo>,
    pub(crate) brokers: Vec<Broker>,
    pub(crate) zk: ZkNode,
    pub(crate) net: Network,
    pub(crate) producers: Vec<Producer>,
    pub(crate) consumers: Vec<Consumer>,
    /// Records of the internal `__consumer_offsets` topic (log record ids with the INTERNAL bit).
    pub(crate) internal: Vec<InternalRecord>,
    pub(crate) ledger: Ledger,
    /// The loss window's bookkeeping (`risk.rs`): watched messages and exposure per partition.
    pub(crate) risk: crate::risk::Risk,
    pub(crate) events: crate::event_log::EventLog,
    pub(crate) violations: Vec<Violation>,
    pub(crate) applied: Vec<(TimeMs, Action)>,
    pub(crate) applied_steps: Vec<u64>,
    /// The scenario's actions in time order, each with its index in the file.
    pub(crate) scripted: std::sync::Arc<[(u32, TimedAction)]>,
    pub(crate) steps: u64,
    pub(crate) hash: Fnv64,
    pub(crate) dirty: Vec<PartIdx>,
    pub(crate) broken: Vec<u8>,
    /// Per partition, the [`crate::invariants::ExpectedUnder`] conditions it went through.
    pub(crate) unsafe_events: Vec<u8>,
    /// The metrics observer (reads each step's events; changes nothing).
    pub(crate) observer: crate::metrics::observer::Observer,
    pub(crate) pools: Pools,
    /// Broker indices hosting a replica of each partition (sorted).
    pub(crate) hosts: Vec<Vec<u32>>,
    /// Reusable buffer for the trace hash's event encoding.
    pub(crate) hash_buf: Vec<u8>,
    /// Racks, zones and regions of the brokers.
    pub(crate) topology: Topology,
    pub(crate) scratch_violations: Vec<(
        crate::invariants::Invariant,
        crate::invariants::ViolationDetail,
    )>,
}

/// Reusable buffers for the fetch hot path (no allocation per fetch in steady state).
#[derive(Clone, Debug, Default)]
pub struct Pools {
    /// Fetch request partition lists.
    pub fetch_parts: Vec<Vec<crate::net::msg::FetchPart>>,
    /// Fetch response partition lists.
    pub resp_parts: Vec<Vec<crate::net::msg::FetchRespPart>>,
    /// Fetch response record buffers.
    pub records: Vec<Vec<crate::broker::log::RecordData>>,
}

impl Pools {
    /// Returns a buffer to a pool, emptied.
    pub fn give<T>(pool: &mut Vec<Vec<T>>, mut v: Vec<T>) {
        if pool.len() < 64 {
            v.clear();
            pool.push(v);
        }
    }
}

impl TopicState {
    /// Number of partitions.
    pub fn count(&self) -> u32 {
        self.parts.len() as u32
    }
}

impl Sim {
    /// Builds the cluster of a scenario at time 0: brokers start, register with
    /// ZooKeeper, elect a controller, which creates the partitions.
    pub fn new(scenario: &Scenario) -> Result<Sim, SimError> {
        Sim::with_seed(scenario, scenario.seed)
    }

    /// [`Sim::new`] with `seed` in place of the scenario's own (a sweep's runs), without
    /// copying the scenario.
    pub fn with_seed(scenario: &Scenario, seed: u64) -> Result<Sim, SimError> {
        let cfg =
            BrokerConfig::from_scenario(&scenario.cluster.protocol, &scenario.cluster.config)?;
        let offsets_partitions = if scenario.consumers.is_empty() {
            0
        } else {
            cfg.offsets_topic_num_partitions
        };
        check_sizes(scenario, offsets_partitions).map_err(|e| SimError::Invalid {
            field: e.path,
            reason: e.message,
        })?;
        let mut rng = SimRng::new(seed);
        let topology = Topology::from_spec(&scenario.cluster);
        let mut broker_ids = scenario.cluster.brokers.clone();
        broker_ids.sort_unstable();
        if broker_ids.is_empty() {
            return Err(SimError::Invalid {
                field: "cluster.brokers".into(),
                reason: "at least one broker".into(),
            });
        }
        if broker_ids.windows(2).any(|w| w[0] == w[1]) {
            return Err(SimError::Invalid {
                field: "cluster.brokers".into(),
                reason: "duplicate broker id".into(),
            });
        }
        let mut topics = Vec::new();
        let mut parts = Vec::new();
        let mut assignment = Vec::new();
        for (ti, t) in scenario.topics.iter().enumerate() {
            if topics.iter().any(|x: &TopicState| x.name == t.name) {
                return Err(SimError::Invalid {
                    field: format!("topics[{ti}].name"),
                    reason: "duplicate topic".into(),
                });
            }
            let tcfg = TopicConfig::from_scenario(&cfg, &t.config)?;
            let map = match &t.assignment {
                Some(a) => {
                    for (p, reps) in a {
                        if *p >= t.partitions
                            || reps.is_empty()
                            || reps.iter().any(|b| !broker_ids.contains(b))
                        {
                            return Err(SimError::Invalid {
                                field: format!("topics[{ti}].assignment.{p}"),
                                reason: "partition out of range, empty, or unknown broker".into(),
                            });
                        }
                    }
                    if a.len() as u32 != t.partitions {
                        return Err(SimError::Invalid {
                            field: format!("topics[{ti}].assignment"),
                            reason: "must list every partition".into(),
                        });
                    }
                    a.clone()
                }
                None => crate::topic_admin::place_topic(t, &broker_ids, &topology, &mut rng)
                    .map_err(|error| SimError::Placement {
                        topic: t.name.clone(),
                        error,
                    })?,
            };
            topics.push(TopicState {
                name: t.name.clone(),
                cfg: tcfg,
                parts: (parts.len() as u32..).take(t.partitions as usize).collect(),
                overrides: t.config.keys().cloned().collect(),
                marked_for_deletion: false,
            });
            for (p, reps) in map {
                parts.push(PartInfo {
                    tp: TopicPartition {
                        topic: t.name.clone(),
                        partition: p,
                    },
                    topic: ti as u32,
                });
                assignment.push(reps);
            }
        }
        if topics.iter().any(|t| t.name == OFFSETS_TOPIC) {
            return Err(SimError::Invalid {
                field: "topics".into(),
                reason: format!("{OFFSETS_TOPIC} is Kafka's internal topic"),
            });
        }
        if !scenario.consumers.is_empty() {
            // The internal offsets topic (Kafka creates it on the first FindCoordinator).
            let rf = match cfg.offsets_topic_replication_factor {
                Some(rf) if rf as usize > broker_ids.len() => {
                    return Err(SimError::Invalid {
                        field: "cluster.config.offsets.topic.replication.factor".into(),
                        reason: format!("{rf} is more than the {} brokers", broker_ids.len()),
                    })
                }
                Some(rf) => rf,
                None => 3.min(broker_ids.len() as u32),
            };
            let req = PlacementRequest {
                brokers: broker_ids.clone(),
                partitions: cfg.offsets_topic_num_partitions as i64,
                replication_factor: rf as i64,
                fixed_start_index: None,
                start_partition_id: 0,
            };
            let map =
                assign_kafka(&req, topology.racks(), &mut |n| rng.below(n)).map_err(|error| {
                    SimError::Placement {
                        topic: OFFSETS_TOPIC.into(),
                        error,
                    }
                })?;
            let ti = topics.len() as u32;
            let tcfg = TopicConfig::from_scenario(&cfg, &Default::default())?;
            topics.push(TopicState {
                name: OFFSETS_TOPIC.into(),
                cfg: tcfg,
                parts: (parts.len() as u32..).take(map.len()).collect(),
                overrides: Vec::new(),
                marked_for_deletion: false,
            });
            for (p, reps) in map {
                parts.push(PartInfo {
                    tp: TopicPartition {
                        topic: OFFSETS_TOPIC.into(),
                        partition: p,
                    },
                    topic: ti,
                });
                assignment.push(reps);
            }
        }
        let nb = broker_ids.len();
        let np = parts.len();
        let mut brokers: Vec<Broker> = broker_ids
            .iter()
            .map(|&id| Broker::new(id, np, nb))
            .collect();
        let mut hosts = vec![Vec::new(); np];
        for (p, reps) in assignment.iter().enumerate() {
            for b in reps {
                let bi = broker_ids.iter().position(|x| x == b).expect("checked");
                brokers[bi].replicas[p] = Some(Default::default());
                hosts[p].push(bi as u32);
            }
            hosts[p].sort_unstable();
        }
        let mut producers = Vec::new();
        for (i, p) in scenario.producers.iter().enumerate() {
            let pc = ProducerConfig::from_scenario(&cfg, p.acks, &p.config)?;
            producers.push(Producer::new(i as u32, p.name.clone(), p.acks, pc, np));
        }
        let mut consumers = Vec::new();
        for (i, c) in scenario.consumers.iter().enumerate() {
            for t in &c.topics {
                if t == OFFSETS_TOPIC || !topics.iter().any(|x| &x.name == t) {
                    return Err(SimError::Invalid {
                        field: format!("consumers[{i}].topics"),
                        reason: format!("unknown topic {t:?}"),
                    });
                }
            }
            let cc = ConsumerConfig::from_scenario(&cfg, &c.config)?;
            consumers.push(Consumer::new(
                c.name.clone(),
                c.group.clone(),
                c.topics.clone(),
                c.commit,
                cc,
                np,
            ));
        }
        let n = &scenario.cluster.network;
        let risk = crate::risk::Risk::new(parts.iter().map(|p| p.tp.clone()));
        let mut sim = Sim {
            now: 0,
            end: scenario.end_ms,
            queue: EventQueue::default(),
            rng,
            zk: ZkNode::new(nb, assignment),
            net: topology.network(n),
            cfg,
            topics,
            parts,
            brokers,
            producers,
            consumers,
            internal: Vec::new(),
            ledger: Ledger::new(nb),
            risk,
            events: Default::default(),
            violations: Vec::new(),
            applied: Vec::new(),
            applied_steps: Vec::new(),
            scripted: scripted_in_time_order(scenario),
            steps: 0,
            hash: Fnv64::new(),
            dirty: Vec::new(),
            broken: vec![0; np],
            unsafe_events: vec![0; np],
            observer: Default::default(),
            pools: Pools::default(),
            scratch_violations: Vec::new(),
            hosts,
            hash_buf: Vec::new(),
            topology,
        };
        // KIP-392: a consumer with a `client.rack` sits in that rack on the network.
        for (c, consumer) in sim.consumers.iter().enumerate() {
            let rack = consumer.cfg.client_rack.as_deref();
            if let Some(place) = rack.and_then(|r| sim.topology.place_of_rack(r)) {
                sim.net.place(NodeId::Consumer(c as u32), place);
            }
        }
        // Only the next scenario action waits in the queue.
        if let Some((_, a)) = sim.scripted.first() {
            sim.queue.push(a.at_ms, Ev::Timer(Timer::Scripted(0)));
        }
        for b in 0..nb {
            sim.start_broker(b);
        }
        for c in 0..sim.consumers.len() {
            if scenario.consumers[c].joined {
                sim.consumer_join(c);
            }
        }
        Ok(sim)
    }

    /// Current virtual time.
    pub fn now(&self) -> TimeMs {
        self.now
    }

    /// Virtual time at which the run ends.
    pub fn end_ms(&self) -> TimeMs {
        self.end
    }

    /// Number of events processed so far.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Processes the next event; false when nothing is left before the end.
    pub fn step(&mut self) -> bool {
        match self.queue.peek_time() {
            Some(t) if t <= self.end => {}
            _ => return false,
        }
        let (t, ev) = self.queue.pop().expect("peeked");
        self.now = t;
        self.steps += 1;
        match ev {
            Ev::Deliver(id) => self.deliver(id),
            Ev::Timer(timer) => self.fire(timer),
        }
        self.check_invariants();
        self.observe_metrics();
        true
    }

    /// Steps until at least one structured event is recorded (or nothing is left).
    pub fn step_to_next_change(&mut self) -> bool {
        let n = self.events.total();
        while self.events.total() == n {
            if !self.step() {
                return false;
            }
        }
        true
    }

    /// Processes every event up to and including time `t` (capped at the end), then sets the clock to `t`.
    pub fn run_until(&mut self, t: TimeMs) {
        let t = t.min(self.end);
        while self.queue.peek_time().is_some_and(|x| x <= t) {
            self.step();
        }
        self.now = self.now.max(t);
    }

    /// Whether `action` fits the cluster now, and why not: the core's action check
    /// (`action_check.rs`), the same rules the scenario validator uses.
    pub fn check_action(&self, action: &Action) -> Result<(), ActionRefusal> {
        check_action(self, action)
    }

    /// Whether [`Sim::apply`] would accept `action` now (what a UI panel offers).
    pub fn accepts(&self, action: &Action) -> bool {
        self.check_action(action).is_ok()
    }

    /// The brokers for which `make(broker)` is accepted now, in id order
    /// (e.g. `sim.brokers_accepting(|broker| Action::Crash { broker })`).
    pub fn brokers_accepting(&self, make: impl Fn(BrokerId) -> Action) -> Vec<BrokerId> {
        let mut ids: Vec<BrokerId> = self
            .brokers
            .iter()
            .map(|b| b.id)
            .filter(|&b| self.accepts(&make(b)))
            .collect();
        ids.sort_unstable();
        ids
    }

    /// The current consumers (by name, in the order they joined the run) for which
    /// `make(name)` is accepted now (e.g. `|consumer| Action::ConsumerCrash { consumer }`).
    pub fn consumers_accepting(&self, make: impl Fn(String) -> Action) -> Vec<String> {
        let current = self
            .consumers
            .iter()
            .filter(|c| !c.removed)
            .map(|c| c.name.clone());
        current.filter(|n| self.accepts(&make(n.clone()))).collect()
    }

    /// Applies a user action at the current time if the action check accepts it;
    /// recorded in [`Sim::applied_actions`] for replay.
    pub fn apply(&mut self, action: Action) -> Result<(), ActionRefusal> {
        self.apply_action(&action)?;
        self.applied.push((self.now, action));
        self.applied_steps.push(self.steps);
        self.check_invariants();
        self.observe_metrics();
        Ok(())
    }

    /// Actions applied by hand (scenario actions are not repeated here).
    pub fn applied_actions(&self) -> &[(TimeMs, Action)] {
        &self.applied
    }

    /// For each applied action, how many events had been processed when it was applied
    /// (events at the same millisecond may come before or after an action).
    pub fn applied_at_steps(&self) -> &[u64] {
        &self.applied_steps
    }

    /// Rebuilds a run from its scenario and the actions applied by hand: each action is
    /// applied after the same number of events and at the same time as originally, so the
    /// result (and its trace hash) is identical. `steps` comes from [`Sim::applied_at_steps`].
    pub fn replay(
        scenario: &Scenario,
        actions: &[(TimeMs, Action)],
        steps: &[u64],
    ) -> Result<Sim, ReplayError> {
        let mut sim = Sim::new(scenario).map_err(ReplayError::Scenario)?;
        if actions.len() != steps.len() {
            return Err(ReplayError::StepCountMismatch {
                actions: actions.len(),
                steps: steps.len(),
            });
        }
        for (index, ((t, a), &n)) in actions.iter().zip(steps).enumerate() {
            while sim.steps < n {
                if !sim.step() {
                    break;
                }
            }
            if sim.steps != n || sim.now > *t {
                return Err(ReplayError::Unreachable { at_ms: *t, step: n });
            }
            sim.now = *t;
            sim.apply(a.clone())
                .map_err(|refusal| ReplayError::Refused { index, refusal })?;
        }
        Ok(sim)
    }

    /// The structured events kept, by run-wide index: every one until the run has
    /// recorded twice [`crate::event_log::EVENT_WINDOW`], then at least the last
    /// `EVENT_WINDOW` (`events_dropped()` says how many older ones went; `len()` counts all).
    pub fn events(&self) -> &crate::chunked::Chunked<Event> {
        self.events.kept()
    }

    /// How many events were dropped from the front of [`Sim::events`].
    pub fn events_dropped(&self) -> u64 {
        self.events.dropped()
    }

    /// Events recorded since the start, kept or not.
    pub fn event_count(&self) -> u64 {
        self.events.total()
    }

    /// Events recorded since the start, per kind name (`EventKind::name`).
    pub fn event_counts(&self) -> &std::collections::BTreeMap<&'static str, u64> {
        self.events.per_kind()
    }

    /// The message ledger: every message's record, indexed by id, from the first id
    /// retention has not folded away (see [`Sim::ledger_folded`]); `len()` is one past
    /// the last id.
    pub fn ledger(&self) -> &crate::chunked::Chunked<MessageRecord> {
        self.ledger.records()
    }

    /// Messages whose records were folded away (expired and held by no replica), per
    /// partition; their ids are below `ledger()[0].id`.
    pub fn ledger_folded(
        &self,
    ) -> &std::collections::BTreeMap<crate::ids::TopicPartition, crate::ledger::Folded> {
        self.ledger.folded()
    }

    /// Invariant violations so far.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Hash of the canonical encoding of every event so far (up to [`Sim::stop_recording`]).
    pub fn trace_hash(&self) -> u64 {
        self.hash.finish()
    }

    /// From now on neither keeps events nor folds them into the trace hash (they are only
    /// counted, [`Sim::event_count`]), nor checks invariants, nor keeps metrics (their
    /// observer reads the kept events). The run itself is unchanged: no protocol code reads
    /// events, violations or metrics back. For runs that read only the
    /// ledger and the view (a sweep's runs, a what-if fork). There is no way back.
    pub fn stop_recording(&mut self) {
        self.events.stop_keeping();
    }

    /// The broker config in force.
    pub fn broker_config(&self) -> &BrokerConfig {
        &self.cfg
    }

    // ---- internal helpers used by every module ----

    /// Index of a broker id.
    pub(crate) fn bidx(&self, id: BrokerId) -> Option<usize> {
        self.brokers.iter().position(|b| b.id == id)
    }

    /// Records an event (and folds it into the trace hash), or after
    /// [`Sim::stop_recording`] only counts it.
    pub(crate) fn emit(&mut self, kind: EventKind) {
        let e = Event {
            time_ms: self.now,
            kind,
        };
        if !self.events.counting_only() {
            self.hash.write_event(&e, &mut self.hash_buf);
        }
        self.events.push(e);
    }

    /// Sends a message on the network.
    pub(crate) fn send(&mut self, from: NodeId, to: NodeId, msg: Msg) -> u64 {
        // An acks=0 Produce is kept aside so its loss can be recorded if the network drops it.
        let acks0 = matches!(
            msg,
            Msg::Produce {
                acks: Acks::None,
                ..
            }
        )
        .then(|| msg.clone());
        match self.net.send(self.now, &mut self.rng, from, to, msg) {
            Sent::Scheduled(id, at) => {
                self.queue.push(at, Ev::Deliver(id));
                id
            }
            Sent::Held(id) => id,
            Sent::Dropped(id, cause) => {
                self.emit(EventKind::MessageDropped {
                    id,
                    from,
                    to,
                    cause,
                });
                if let Some(m) = acks0 {
                    self.produce_lost_in_transit(&m, cause);
                }
                id
            }
        }
    }

    /// The sender gave up waiting for the answer to message `id` and closed its connection:
    /// if the message is still on its way it is lost (so it can never arrive after what the
    /// sender sends next).
    pub(crate) fn drop_timed_out(&mut self, id: u64) {
        if let Some(e) = self.net.take(id) {
            self.envelope_dropped(e, DropCause::TimedOut);
        }
    }

    /// A message taken off the network will never arrive: the event, and for an acks=0
    /// Produce the loss of its records.
    pub(crate) fn envelope_dropped(&mut self, e: crate::net::Envelope, cause: DropCause) {
        self.emit(EventKind::MessageDropped {
            id: e.id,
            from: e.from,
            to: e.to,
            cause,
        });
        self.produce_lost_in_transit(&e.msg, cause);
    }

    /// Schedules a broker timer `after` ms from now for its current incarnation.
    pub(crate) fn broker_timer(&mut self, b: usize, after: TimeMs, t: BrokerTimer) {
        let inc = self.brokers[b].inc;
        self.queue.push(
            self.now.saturating_add(after),
            Ev::Timer(Timer::Broker {
                b: b as u32,
                inc,
                t,
            }),
        );
    }

    /// Marks a partition for the invariant check after this step.
    pub(crate) fn touch(&mut self, p: PartIdx) {
        if !self.dirty.contains(&p) {
            self.dirty.push(p);
        }
    }

    /// Delivers a message at once (manual "deliver now").
    pub(crate) fn deliver_now(&mut self, id: u64) {
        self.deliver(id);
    }

    fn deliver(&mut self, id: u64) {
        let Some(env) = self.net.take(id) else { return };
        if self.net.is_cut(env.from, env.to) {
            self.emit(EventKind::MessageDropped {
                id,
                from: env.from,
                to: env.to,
                cause: DropCause::Cut,
            });
            self.produce_lost_in_transit(&env.msg, DropCause::Cut);
            return;
        }
        self.dispatch(env.from, env.to, env.msg, id);
    }

    fn dispatch(&mut self, from: NodeId, to: NodeId, msg: Msg, id: u64) {
        match to {
            NodeId::Zookeeper => self.zk_handle(from, msg),
            NodeId::Broker(b) => {
                let Some(bi) = self.bidx(b) else { return };
                match self.brokers[bi].status {
                    crate::broker::BrokerStatus::Down => {
                        self.emit(EventKind::MessageDropped {
                            id,
                            from,
                            to,
                            cause: DropCause::ReceiverDown,
                        });
                        self.produce_lost_in_transit(&msg, DropCause::ReceiverDown);
                    }
                    crate::broker::BrokerStatus::Paused => {
                        self.brokers[bi].inbox.push((from, msg, id))
                    }
                    _ => self.broker_handle(bi, from, msg, id),
                }
            }
            NodeId::Producer(p) => self.producer_handle(p as usize, msg),
            NodeId::Consumer(c) => self.consumer_handle(c as usize, from, msg),
        }
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::Scripted(i) => {
                let Some((index, scripted)) = self.scripted.get(i as usize) else {
                    return;
                };
                let (index, action) = (*index, scripted.action.clone());
                if let Some((_, next)) = self.scripted.get(i as usize + 1) {
                    self.queue
                        .push(next.at_ms, Ev::Timer(Timer::Scripted(i + 1)));
                }
                // A scripted action that does not fit the state at run time (no message 42
                // on the network, restart of a running broker) is shown, not dropped silently.
                if let Err(refusal) = self.apply_action(&action) {
                    self.emit(EventKind::ActionRefused {
                        index,
                        action: action.name(),
                        refusal,
                    });
                }
            }
            Timer::Broker { b, inc, t } => {
                let br = &mut self.brokers[b as usize];
                if br.inc != inc || !br.is_up() {
                    return;
                }
                if br.status == crate::broker::BrokerStatus::Paused {
                    br.deferred.push(t);
                    return;
                }
                self.broker_timer_fired(b as usize, t);
            }
            Timer::Zk(t) => self.zk_timer(t),
            Timer::Producer { p, t } => self.producer_timer(p as usize, t),
            Timer::Consumer { c, t } => self.consumer_timer(c as usize, t),
        }
    }
}
