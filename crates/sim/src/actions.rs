//! Applying actions (user, scenario or test) to the running cluster, including the
//! broker side of controlled shutdown.

use crate::action::Action;
use crate::broker::BrokerTimer;
use crate::events::{DownCause, DropCause, ElectionReason, EventKind};
use crate::ids::{BrokerId, NodeId};
use crate::net::msg::{Msg, PartIdx};
use crate::sim::{ActionError, Ev, Sim};
use crate::view::BrokerStatus;

/// Kafka's `controlled.shutdown.max.retries`.
const CONTROLLED_SHUTDOWN_MAX_RETRIES: u32 = 3;
/// Kafka's `controlled.shutdown.retry.backoff.ms`.
const CONTROLLED_SHUTDOWN_BACKOFF_MS: u64 = 5000;

impl Sim {
    fn broker_index(&self, id: BrokerId) -> Result<usize, ActionError> {
        self.bidx(id).ok_or(ActionError::UnknownBroker(id))
    }

    fn check_node(&self, n: NodeId) -> Result<(), ActionError> {
        match n {
            NodeId::Broker(b) => self.broker_index(b).map(|_| ()),
            NodeId::Zookeeper => Ok(()),
            NodeId::Producer(p) if (p as usize) < self.producers.len() => Ok(()),
            NodeId::Consumer(c) if (c as usize) < self.consumers.len() => Ok(()),
            _ => Err(ActionError::Invalid(format!("unknown node {n:?}"))),
        }
    }

    fn part_index(&self, topic: &str, partition: u32) -> Result<PartIdx, ActionError> {
        self.topics
            .iter()
            .find(|t| t.name == topic && partition < t.count)
            .map(|t| t.first + partition)
            .ok_or_else(|| ActionError::UnknownPartition(topic.into(), Some(partition)))
    }

    fn controller_or_err(&self) -> Result<usize, ActionError> {
        self.active_controller().ok_or_else(|| ActionError::Invalid("no active controller".into()))
    }

    /// Applies an action now.
    pub(crate) fn apply_action(&mut self, a: &Action) -> Result<(), ActionError> {
        match a {
            Action::Produce { producer, topic, partition, value, acks, count } => {
                self.produce(producer, topic, *partition, value, *acks, count.unwrap_or(1))?
            }
            Action::ConsumerJoin { consumer } => self.consumer_join_named(consumer)?,
            Action::ConsumerLeave { consumer } => self.consumer_leave_named(consumer)?,
            Action::ConsumerCrash { consumer } => self.consumer_crash_named(consumer)?,
            Action::ConsumerRestart { consumer } => self.consumer_restart_named(consumer)?,
            Action::AddConsumer { name, group, topics, commit } => self.add_consumer(name, group, topics, *commit)?,
            Action::RemoveConsumer { name } => self.remove_consumer(name)?,
            Action::Crash { broker } | Action::PowerLoss { broker } | Action::DiskLoss { broker } => {
                let b = self.broker_index(*broker)?;
                if !self.brokers[b].is_up() {
                    return Err(ActionError::WrongBrokerState(*broker));
                }
                let cause = match a {
                    Action::Crash { .. } => DownCause::Crash,
                    Action::PowerLoss { .. } => DownCause::PowerLoss,
                    _ => DownCause::DiskLoss,
                };
                self.kill_broker(b, cause);
            }
            Action::Restart { broker } => {
                let b = self.broker_index(*broker)?;
                if self.brokers[b].is_up() {
                    return Err(ActionError::WrongBrokerState(*broker));
                }
                self.start_broker(b);
            }
            Action::Pause { broker } => {
                let b = self.broker_index(*broker)?;
                if self.brokers[b].status != BrokerStatus::Running {
                    return Err(ActionError::WrongBrokerState(*broker));
                }
                self.brokers[b].status = BrokerStatus::Paused;
                self.emit(EventKind::BrokerPaused { broker: *broker });
            }
            Action::Resume { broker } => {
                let b = self.broker_index(*broker)?;
                if self.brokers[b].status != BrokerStatus::Paused {
                    return Err(ActionError::WrongBrokerState(*broker));
                }
                self.resume_broker(b);
            }
            Action::Slow { broker, extra_latency_ms } => {
                self.broker_index(*broker)?;
                self.net.set_slow(NodeId::Broker(*broker), *extra_latency_ms);
                self.emit(EventKind::BrokerSlow { broker: *broker, extra_latency_ms: *extra_latency_ms });
            }
            Action::ControlledShutdown { broker } => {
                let b = self.broker_index(*broker)?;
                if self.brokers[b].status != BrokerStatus::Running {
                    return Err(ActionError::WrongBrokerState(*broker));
                }
                self.brokers[b].status = BrokerStatus::ShuttingDown;
                self.emit(EventKind::ControlledShutdownStarted { broker: *broker });
                self.send_controlled_shutdown(b);
            }
            Action::Cut { from, to, both_ways } | Action::Heal { from, to, both_ways } => {
                self.check_node(*from)?;
                self.check_node(*to)?;
                let cut = matches!(a, Action::Cut { .. });
                let mut dirs = vec![(*from, *to)];
                if *both_ways {
                    dirs.push((*to, *from));
                }
                for (f, t) in dirs {
                    if cut && self.net.cut(f, t) {
                        self.emit(EventKind::LinkCut { from: f, to: t });
                    } else if !cut && self.net.heal(f, t) {
                        self.emit(EventKind::LinkHealed { from: f, to: t });
                    }
                }
            }
            Action::SetManualNetwork { on } => {
                self.net.manual = *on;
                if !*on {
                    for id in self.net.held_ids() {
                        self.net.release(id, self.now);
                        self.queue.push(self.now, Ev::Deliver(id));
                    }
                }
                self.emit(EventKind::ManualNetwork { on: *on });
            }
            Action::Deliver { message } => {
                if !self.net.contains(*message) {
                    return Err(ActionError::UnknownMessage(*message));
                }
                self.net.release(*message, self.now);
                self.deliver_now(*message);
            }
            Action::Drop { message } => {
                let env = self.net.take(*message).ok_or(ActionError::UnknownMessage(*message))?;
                self.emit(EventKind::MessageDropped { id: env.id, from: env.from, to: env.to, cause: DropCause::Manual });
                self.produce_lost_in_transit(&env.msg, DropCause::Manual);
            }
            Action::PreferredElection { topic, partition } => {
                let parts: Vec<PartIdx> = match (topic, partition) {
                    (Some(t), Some(p)) => vec![self.part_index(t, *p)?],
                    (Some(t), None) => {
                        let ts = self.topics.iter().find(|x| &x.name == t).ok_or_else(|| ActionError::UnknownPartition(t.clone(), None))?;
                        (ts.first..ts.first + ts.count).collect()
                    }
                    (None, _) => (0..self.parts.len() as u32).collect(),
                };
                let c = self.controller_or_err()?;
                self.controller_elect(c, &parts, ElectionReason::Preferred);
            }
            Action::UncleanElection { topic, partition } => {
                let p = self.part_index(topic, *partition)?;
                let c = self.controller_or_err()?;
                self.controller_elect(c, &[p], ElectionReason::Unclean);
            }
            Action::Reassign { topic, partition, replicas } => {
                let p = self.part_index(topic, *partition)?;
                if replicas.is_empty() {
                    return Err(ActionError::Invalid("empty replica list".into()));
                }
                for r in replicas {
                    self.broker_index(*r)?;
                }
                let c = self.controller_or_err()?;
                self.controller_reassign(c, p, replicas.clone());
            }
            Action::SetConfig { topic, key, value } => {
                match topic {
                    Some(t) => {
                        let ti = self.topics.iter().position(|x| &x.name == t).ok_or_else(|| ActionError::UnknownPartition(t.clone(), None))?;
                        self.topics[ti].cfg.set(key, value).map_err(ActionError::Config)?;
                    }
                    None => self.cfg.set(key, value).map_err(ActionError::Config)?,
                }
                self.emit(EventKind::ConfigChanged { topic: topic.clone(), key: key.clone() });
            }
        }
        Ok(())
    }

    /// Sends (or retries) the ControlledShutdown request to the controller.
    pub(crate) fn send_controlled_shutdown(&mut self, b: usize) {
        if self.brokers[b].status != BrokerStatus::ShuttingDown {
            return;
        }
        self.brokers[b].shutdown_attempts += 1;
        let me = self.brokers[b].id;
        match self.zk.controller {
            Some((c, _)) => {
                let cid = self.brokers[c].id;
                self.send(NodeId::Broker(me), NodeId::Broker(cid), Msg::ControlledShutdown { broker: me });
            }
            None => self.controlled_shutdown_answered(b, u32::MAX),
        }
        self.broker_timer(b, CONTROLLED_SHUTDOWN_BACKOFF_MS, BrokerTimer::ControlledShutdownRetry);
    }

    /// The controller answered: stop when nothing is led any more, or after the retries.
    pub(crate) fn controlled_shutdown_answered(&mut self, b: usize, remaining: u32) {
        if self.brokers[b].status != BrokerStatus::ShuttingDown {
            return;
        }
        if remaining == 0 || self.brokers[b].shutdown_attempts >= CONTROLLED_SHUTDOWN_MAX_RETRIES {
            let me = self.brokers[b].id;
            if let Some(session) = self.brokers[b].session {
                self.send(NodeId::Broker(me), NodeId::Zookeeper, Msg::ZkClose { session });
            }
            self.kill_broker(b, DownCause::ControlledShutdown);
        }
    }
}
