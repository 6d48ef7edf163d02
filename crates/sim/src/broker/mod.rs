//! A broker: its process state, the replicas it hosts, its fetchers (one per leader
//! broker), its purgatories (delayed fetch, delayed produce) and its metadata cache.

pub mod fetch;
mod follower_fetch;
pub mod isr;
pub mod leader_and_isr;
pub mod lifecycle;
pub mod log;
pub mod produce;
pub mod producer_state;
pub mod replica;
pub mod retention;
pub mod rolls;
pub mod segments;

use crate::controller::ControllerCtx;
use crate::ids::{BrokerId, LeaderEpoch, NodeId, Offset, TimeMs};
use crate::net::msg::{FetchPart, Msg};
use replica::Replica;

/// A fetcher thread: one per (this follower broker, leader broker).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fetcher {
    /// Network id of the Fetch in flight, if any.
    pub in_flight: Option<u64>,
    /// Backing off after an error.
    pub backoff: bool,
    /// When the Fetch in flight was sent.
    pub sent_at: TimeMs,
    /// A timeout check is scheduled (one per fetcher, re-armed lazily).
    pub timeout_armed: bool,
}

/// A follower Fetch parked on the leader until data arrives or `replica.fetch.wait.max.ms`.
#[derive(Clone, Debug, PartialEq)]
pub struct DelayedFetch {
    /// Id of the Fetch request.
    pub req: u64,
    /// The follower.
    pub follower: BrokerId,
    /// Its partitions.
    pub parts: Vec<FetchPart>,
}

/// An acks=all Produce waiting for the HW to pass its records.
#[derive(Clone, Debug, PartialEq)]
pub struct DelayedProduce {
    /// Producer's request id.
    pub req: u64,
    /// The producer node.
    pub client: NodeId,
    /// Partition.
    pub part: u32,
    /// Base offset of the batch.
    pub base: Offset,
    /// Offset the HW must reach (last offset + 1).
    pub required: Offset,
    /// When it times out.
    pub deadline: TimeMs,
}

/// Timers a broker sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrokerTimer {
    /// ISR shrink check (every `replica.lag.time.max.ms` / 2).
    IsrCheck,
    /// HW checkpoint (`replica.high.watermark.checkpoint.interval.ms`).
    HwCheckpoint,
    /// ZooKeeper session heartbeat.
    ZkPing,
    /// Flush check (`flush.ms`).
    Flush,
    /// Retry fetching from a leader after a back-off.
    FetchBackoff { leader: BrokerId },
    /// Check whether the fetch to `leader` got no answer (`replica.socket.timeout.ms`).
    FetchTimeout { leader: BrokerId },
    /// A delayed fetch expires.
    DelayedFetchExpire { req: u64 },
    /// Expire acks=all produces whose `request.timeout.ms` passed (one armed check per broker).
    ProduceTimeouts,
    /// Ask the leader again for the end offset of our latest epoch (after an error).
    RetryEpochQuery { part: u32 },
    /// Retry the controlled shutdown request.
    ControlledShutdownRetry,
    /// Controller: request `req` to `broker` may have gone unanswered for `request.timeout.ms`.
    ControllerRequestTimeout { broker: BrokerId, req: u64 },
    /// Controller: the ZooKeeper write batch `req` may have gone unanswered; send it again.
    ZkWriteRetry { req: u64 },
    /// Controller: periodic preferred-leader imbalance check.
    LeaderRebalance,
    /// Group coordinator: has consumer `c`'s session expired?
    MemberExpiry { c: u32 },
    /// Expire idle producer ids (`producer.id.expiration.check.interval.ms`).
    ProducerIdExpiration,
    /// Delete old segments (`log.retention.check.interval.ms`).
    RetentionCheck,
}

/// A broker.
/// What a broker process is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum BrokerStatus {
    /// Running normally.
    Running,
    /// Process dead (crash, power loss, disk loss or finished controlled shutdown).
    Down,
    /// Stuck (GC pause): alive but handles nothing until resumed.
    Paused,
    /// Controlled shutdown in progress.
    ShuttingDown,
}

#[derive(Clone, Debug)]
pub struct Broker {
    /// `broker.id`.
    pub id: BrokerId,
    /// Process state.
    pub status: BrokerStatus,
    /// Incarnation: bumped when the process dies, so old timers are ignored.
    pub inc: u32,
    /// Hosted replicas by partition index.
    pub replicas: Vec<Option<Replica>>,
    /// Highest controller epoch seen.
    pub controller_epoch_seen: u32,
    /// Metadata cache: leader and epoch per partition.
    pub metadata: Vec<(Option<BrokerId>, LeaderEpoch)>,
    /// ZooKeeper session, when registered.
    pub session: Option<u64>,
    /// Controller state, when this broker believes it is the controller.
    pub controller: Option<ControllerCtx>,
    /// Fetchers by leader broker index.
    pub fetchers: Vec<Fetcher>,
    /// Delayed follower fetches.
    pub delayed_fetch: Vec<DelayedFetch>,
    /// Delayed acks=all produces.
    pub delayed_produce: Vec<DelayedProduce>,
    /// Messages that arrived while paused: sender, message and its network id.
    pub inbox: Vec<(NodeId, Msg, u64)>,
    /// Timers that fired while paused.
    pub deferred: Vec<BrokerTimer>,
    /// Controlled shutdown attempts so far.
    pub shutdown_attempts: u32,
    /// The controller the last attempt found in ZooKeeper (`prevController` in
    /// `KafkaServer.controlledShutdown`): kept when a later read finds none.
    pub shutdown_controller: Option<BrokerId>,
    /// When the process last came up.
    pub started_at: TimeMs,
    /// A produce-timeout check is scheduled.
    pub produce_timeouts_armed: bool,
    /// Consumer groups this broker coordinates, in memory (rebuilt from the log after a restart).
    pub groups: std::collections::BTreeMap<String, crate::client::coordinator::CoordGroup>,
}

impl Broker {
    /// A stopped broker hosting nothing.
    pub fn new(id: BrokerId, n_parts: usize, n_brokers: usize) -> Broker {
        Broker {
            id,
            status: BrokerStatus::Down,
            inc: 0,
            replicas: vec![None; n_parts],
            controller_epoch_seen: 0,
            metadata: vec![(None, 0); n_parts],
            session: None,
            controller: None,
            fetchers: vec![Fetcher::default(); n_brokers],
            delayed_fetch: Vec::new(),
            delayed_produce: Vec::new(),
            inbox: Vec::new(),
            deferred: Vec::new(),
            shutdown_attempts: 0,
            shutdown_controller: None,
            started_at: 0,
            produce_timeouts_armed: false,
            groups: Default::default(),
        }
    }

    /// Room for one more partition (a topic created or grown while the cluster runs): no
    /// replica until a LeaderAndIsr names this broker, no leader in its metadata cache.
    pub(crate) fn add_partition(&mut self) {
        self.replicas.push(None);
        self.metadata.push((None, 0));
    }

    /// Whether the process is up (running, paused or shutting down).
    pub fn is_up(&self) -> bool {
        self.status != BrokerStatus::Down
    }

    /// Forgets everything held in memory (process death); logs stay.
    pub fn lose_memory(&mut self) {
        self.inc += 1;
        self.controller_epoch_seen = 0;
        for m in &mut self.metadata {
            *m = (None, 0);
        }
        self.session = None;
        self.controller = None;
        for f in &mut self.fetchers {
            *f = Fetcher::default();
        }
        self.delayed_fetch.clear();
        self.delayed_produce.clear();
        self.inbox.clear();
        self.deferred.clear();
        self.shutdown_attempts = 0;
        self.shutdown_controller = None;
        self.produce_timeouts_armed = false;
        self.groups.clear();
        for r in self.replicas.iter_mut().flatten() {
            r.role = replica::Role::None;
            r.epoch = None;
            r.log.hw = r.log.hw_checkpoint;
        }
    }
}
