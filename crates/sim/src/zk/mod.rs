//! The coordination service (ZooKeeper mode): sessions kept alive by heartbeats and
//! expired after `zookeeper.session.timeout.ms`, ephemeral `/brokers/ids/N` and
//! `/controller`, `/controller_epoch`, and partition-state znodes updated by
//! conditional (zkVersion) writes. Watches fire as messages to the watcher.

use crate::events::EventKind;
use crate::ids::{BrokerId, LeaderEpoch, NodeId};
use crate::net::msg::Msg;
use crate::sim::{Ev, Sim, Timer};

/// A session of one broker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Session {
    /// Session id.
    pub id: u64,
    /// Last time ZooKeeper heard from it.
    pub last_heard: u64,
}

/// `/brokers/topics/T/partitions/P/state`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionZnode {
    /// Whether the controller has created it.
    pub created: bool,
    /// Leader (`None`: -1).
    pub leader: Option<BrokerId>,
    /// Leader epoch.
    pub leader_epoch: LeaderEpoch,
    /// ISR.
    pub isr: Vec<BrokerId>,
    /// Epoch of the controller that wrote it.
    pub controller_epoch: u32,
    /// zkVersion.
    pub version: u32,
}

/// The whole ZooKeeper tree the lab uses.
#[derive(Clone, Debug)]
pub struct Zk {
    /// Sessions by broker index (`Some` = `/brokers/ids/N` exists).
    pub sessions: Vec<Option<Session>>,
    next_session: u64,
    /// `/controller`: (broker index, session).
    pub controller: Option<(usize, u64)>,
    /// `/controller_epoch`.
    pub controller_epoch: u32,
    /// Partition states by partition index.
    pub partitions: Vec<PartitionZnode>,
    /// `/brokers/topics/T`: assigned replicas by partition index.
    pub assignment: Vec<Vec<BrokerId>>,
}

impl Zk {
    /// Empty tree with the topics' assignments.
    pub fn new(n_brokers: usize, assignment: Vec<Vec<BrokerId>>) -> Zk {
        Zk {
            sessions: vec![None; n_brokers],
            next_session: 1,
            controller: None,
            controller_epoch: 0,
            partitions: vec![
                PartitionZnode {
                    created: false,
                    leader: None,
                    leader_epoch: 0,
                    isr: Vec::new(),
                    controller_epoch: 0,
                    version: 0
                };
                assignment.len()
            ],
            assignment,
        }
    }

    /// Whether `/brokers/ids/N` exists for broker index `b`.
    pub fn registered(&self, b: usize) -> bool {
        self.sessions[b].is_some()
    }
}

impl Sim {
    /// ZooKeeper handles a request.
    pub(crate) fn zk_handle(&mut self, from: NodeId, msg: Msg) {
        let NodeId::Broker(id) = from else { return };
        let Some(b) = self.bidx(id) else { return };
        match msg {
            Msg::ZkRegister => {
                if self.zk.sessions[b].is_some() {
                    // KafkaZkClient.registerBroker / checkedEphemeralCreate: the ephemeral
                    // `/brokers/ids/N` of the broker's older session lives until that session
                    // expires; creating it again fails with NodeExists, and nothing changes.
                    self.send(NodeId::Zookeeper, from, Msg::ZkNodeExists);
                    return;
                }
                let id_ = self.zk.next_session;
                self.zk.next_session += 1;
                self.zk.sessions[b] = Some(Session {
                    id: id_,
                    last_heard: self.now,
                });
                self.zk_schedule_check(b, id_);
                self.emit(EventKind::BrokerRegistered { broker: id });
                self.send(NodeId::Zookeeper, from, Msg::ZkRegistered { session: id_ });
                self.zk_notify_broker_change();
            }
            Msg::ZkPing { session } => match &mut self.zk.sessions[b] {
                Some(s) if s.id == session => s.last_heard = self.now,
                _ => {
                    self.send(NodeId::Zookeeper, from, Msg::ZkSessionExpired { session });
                }
            },
            Msg::ZkCreateController { session } => {
                let valid = self.zk.sessions[b].is_some_and(|s| s.id == session);
                let won = valid && self.zk.controller.is_none();
                if won {
                    self.zk.controller = Some((b, session));
                    self.zk.controller_epoch += 1;
                    self.emit(EventKind::ControllerElected {
                        broker: id,
                        epoch: self.zk.controller_epoch,
                    });
                }
                let epoch = self.zk.controller_epoch;
                self.send(
                    NodeId::Zookeeper,
                    from,
                    Msg::ZkControllerResult { won, epoch },
                );
            }
            Msg::ZkAlterIsr {
                part,
                epoch,
                isr,
                zk_version,
            } => {
                let z = &mut self.zk.partitions[part as usize];
                let new_version =
                    if z.version == zk_version && z.leader == Some(id) && z.leader_epoch == epoch {
                        z.isr = isr.clone();
                        z.version += 1;
                        Some(z.version)
                    } else {
                        None
                    };
                self.send(
                    NodeId::Zookeeper,
                    from,
                    Msg::ZkAlterIsrResult {
                        part,
                        epoch,
                        isr,
                        new_version,
                    },
                );
                if new_version.is_some() {
                    // isr_change_notification: the controller re-reads the state.
                    if let Some((c, _)) = self.zk.controller {
                        let cid = self.brokers[c].id;
                        self.send(
                            NodeId::Zookeeper,
                            NodeId::Broker(cid),
                            Msg::ZkIsrChange { part },
                        );
                    }
                }
            }
            Msg::ZkClose { session } if self.zk.sessions[b].is_some_and(|s| s.id == session) => {
                self.zk_delete_session(b);
            }
            _ => {}
        }
    }

    fn zk_schedule_check(&mut self, b: usize, session: u64) {
        let at = self.now + self.cfg.zookeeper_session_timeout_ms;
        self.queue.push(
            at,
            Ev::Timer(Timer::ZkSessionCheck {
                b: b as u32,
                session,
            }),
        );
    }

    /// The session-expiry check: expire if nothing was heard for the session timeout.
    pub(crate) fn zk_session_check(&mut self, b: usize, session: u64) {
        let Some(s) = self.zk.sessions[b] else { return };
        if s.id != session {
            return;
        }
        let deadline = s.last_heard + self.cfg.zookeeper_session_timeout_ms;
        if self.now >= deadline {
            self.zk_expire(b);
        } else {
            self.queue.push(
                deadline,
                Ev::Timer(Timer::ZkSessionCheck {
                    b: b as u32,
                    session,
                }),
            );
        }
    }

    fn zk_expire(&mut self, b: usize) {
        self.emit(EventKind::SessionExpired {
            broker: self.brokers[b].id,
        });
        self.zk_delete_session(b);
    }

    fn zk_delete_session(&mut self, b: usize) {
        self.zk.sessions[b] = None;
        if self.zk.controller.is_some_and(|(c, _)| c == b) {
            self.zk.controller = None;
            for i in 0..self.brokers.len() {
                if self.zk.sessions[i].is_some() {
                    let id = self.brokers[i].id;
                    self.send(NodeId::Zookeeper, NodeId::Broker(id), Msg::ZkControllerGone);
                }
            }
        }
        self.zk_notify_broker_change();
    }

    fn zk_notify_broker_change(&mut self) {
        if let Some((c, _)) = self.zk.controller {
            let cid = self.brokers[c].id;
            self.send(NodeId::Zookeeper, NodeId::Broker(cid), Msg::ZkBrokerChange);
        }
    }

    /// Whether broker `b` can write to ZooKeeper as the controller right now:
    /// it owns `/controller` and its link to ZooKeeper is up both ways.
    pub(crate) fn zk_controller_can_write(&self, b: usize) -> bool {
        let id = NodeId::Broker(self.brokers[b].id);
        self.zk.controller.is_some_and(|(c, _)| c == b)
            && !self.net.is_cut(id, NodeId::Zookeeper)
            && !self.net.is_cut(NodeId::Zookeeper, id)
    }
}
