//! Routing for nodes written in the actor shape (`engine/outbox.rs`): `Sim` builds the
//! node's read-only context, calls its handler, then carries out the outbox in order
//! (sends go through the network, timers into the queue, events into the log).

use crate::engine::outbox::Effect;
use crate::ids::{BrokerId, NodeId};
use crate::net::msg::{Msg, PartIdx};
use crate::sim::{Ev, Sim, Timer};
use crate::zk::handler::ZkOutbox;
use crate::zk::{ZkCtx, ZkTimer};

impl Sim {
    /// A message reached ZooKeeper.
    pub(crate) fn zk_handle(&mut self, from: NodeId, msg: Msg) {
        let ids = self.broker_ids();
        let mut out = ZkOutbox::default();
        self.zk.on_message(&self.zk_ctx(&ids), from, msg, &mut out);
        self.route_zk(out);
    }

    /// One of ZooKeeper's timers fired.
    pub(crate) fn zk_timer(&mut self, timer: ZkTimer) {
        let ids = self.broker_ids();
        let mut out = ZkOutbox::default();
        self.zk.on_timer(&self.zk_ctx(&ids), timer, &mut out);
        self.route_zk(out);
    }

    /// An admin client (`kafka-topics.sh`) writes new partitions' assignments to ZooKeeper.
    pub(crate) fn zk_admin_add_partitions(&mut self, added: Vec<(PartIdx, Vec<BrokerId>)>) {
        let ids = self.broker_ids();
        let mut out = ZkOutbox::default();
        self.zk
            .admin_add_partitions(&self.zk_ctx(&ids), added, &mut out);
        self.route_zk(out);
    }

    /// An admin client (`kafka-topics.sh --delete`) marks a topic's partitions for deletion.
    pub(crate) fn zk_admin_delete_topic(&mut self, parts: Vec<PartIdx>) {
        let ids = self.broker_ids();
        let mut out = ZkOutbox::default();
        self.zk
            .admin_delete_topic(&self.zk_ctx(&ids), parts, &mut out);
        self.route_zk(out);
    }

    fn broker_ids(&self) -> Vec<BrokerId> {
        self.brokers.iter().map(|b| b.id).collect()
    }

    fn zk_ctx<'a>(&self, brokers: &'a [BrokerId]) -> ZkCtx<'a> {
        ZkCtx {
            now: self.now,
            session_timeout_ms: self.cfg.zookeeper_session_timeout_ms,
            brokers,
        }
    }

    fn route_zk(&mut self, out: ZkOutbox) {
        for effect in out.into_effects() {
            match effect {
                Effect::Send { to, msg } => {
                    self.send(NodeId::Zookeeper, to, msg);
                }
                Effect::SetTimer { after, timer } => {
                    let at = self.now.saturating_add(after);
                    self.queue.push(at, Ev::Timer(Timer::Zk(timer)));
                }
                Effect::Emit(kind) => self.emit(kind),
                Effect::PartitionChanged(p) => self.touch(p),
            }
        }
    }
}
