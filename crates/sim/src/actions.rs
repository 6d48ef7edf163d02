//! Applying actions (user, scenario or test) to the running cluster, including the
//! broker side of controlled shutdown.

use crate::action::Action;
use crate::action_check::{
    check_action, ActionRefusal, BrokerState, ClusterFacts, ProducerFacts, TopicPresence,
};
use crate::broker::BrokerStatus;
use crate::broker::BrokerTimer;
use crate::controller::ControllerEvent;
use crate::events::{DownCause, DropCause, ElectionReason, EventKind};
use crate::ids::{BrokerId, NodeId};
use crate::net::msg::{Msg, PartIdx};
use crate::sim::{Ev, Sim};

/// Kafka's `controlled.shutdown.max.retries`.
const CONTROLLED_SHUTDOWN_MAX_RETRIES: u32 = 3;
/// Kafka's `controlled.shutdown.retry.backoff.ms`.
const CONTROLLED_SHUTDOWN_BACKOFF_MS: u64 = 5000;

/// The live side of the core's action check: the running cluster's facts.
impl ClusterFacts for Sim {
    fn broker(&self, id: BrokerId) -> BrokerState {
        self.bidx(id).map_or(BrokerState::Absent, |b| {
            BrokerState::Is(self.brokers[b].status)
        })
    }

    fn producer(&self, name: &str) -> Option<ProducerFacts> {
        let p = self.producers.iter().find(|p| p.name == name)?;
        Some(ProducerFacts {
            acks: p.acks,
            idempotent: p.cfg.enable_idempotence,
        })
    }

    fn partition_count(&self, topic: &str) -> Option<u32> {
        self.live_topic(topic).map(|ti| self.topics[ti].count())
    }

    fn topic_presence(&self, topic: &str) -> TopicPresence {
        match self.topics.iter().position(|t| t.name == topic) {
            None => TopicPresence::Absent,
            Some(ti) if !self.topics[ti].marked_for_deletion => TopicPresence::Live,
            Some(ti) if self.topic_removed(ti) => TopicPresence::Deleted,
            Some(_) => TopicPresence::MarkedForDeletion,
        }
    }

    fn consumer_alive(&self, name: &str) -> Option<bool> {
        self.consumers
            .iter()
            .find(|c| c.name == name && !c.removed)
            .map(|c| c.alive)
    }

    fn producer_slots(&self) -> u32 {
        self.producers.len() as u32
    }

    fn consumer_slots(&self) -> u32 {
        self.consumers.len() as u32
    }

    fn message_on_network(&self, id: u64) -> Option<bool> {
        Some(self.net.contains(id))
    }

    fn topology(&self) -> &crate::topology::Topology {
        &self.topology
    }

    fn controller_active(&self) -> Option<bool> {
        Some(self.active_controller().is_some())
    }

    fn available_brokers(&self) -> usize {
        (0..self.brokers.len())
            .filter(|&b| self.zk.registered(b))
            .count()
    }

    fn partitions_total(&self) -> u64 {
        self.parts.len() as u64
    }
}

impl Sim {
    /// `rack_down` / `zone_down`: every live broker of `brokers` dies at the same instant.
    fn place_down(&mut self, brokers: &[BrokerId], power_loss: bool) {
        let cause = if power_loss {
            DownCause::PowerLoss
        } else {
            DownCause::Crash
        };
        for id in brokers {
            if let Some(b) = self
                .bidx(*id)
                .filter(|&b| self.brokers[b].status != BrokerStatus::Down)
            {
                self.kill_broker(b, cause);
            }
        }
    }

    fn broker_index(&self, broker: BrokerId) -> Result<usize, ActionRefusal> {
        self.bidx(broker)
            .ok_or(ActionRefusal::UnknownBroker { broker })
    }

    pub(crate) fn topic_index(&self, topic: &str) -> Result<usize, ActionRefusal> {
        self.live_topic(topic)
            .ok_or_else(|| ActionRefusal::UnknownTopic {
                topic: topic.into(),
            })
    }

    /// The partitions an action names: one, a whole topic's, or every partition.
    fn part_indices(
        &self,
        topic: Option<&str>,
        partition: Option<u32>,
    ) -> Result<Vec<PartIdx>, ActionRefusal> {
        let Some(topic) = topic else {
            let live = self.topics.iter().filter(|t| !t.marked_for_deletion);
            let mut all: Vec<PartIdx> = live.flat_map(|t| t.parts.iter().copied()).collect();
            all.sort_unstable();
            return Ok(all);
        };
        let t = &self.topics[self.topic_index(topic)?];
        Ok(match partition {
            Some(p) if p < t.count() => vec![t.parts[p as usize]],
            Some(p) => {
                return Err(ActionRefusal::UnknownPartition {
                    topic: topic.into(),
                    partition: p,
                    partitions: t.count(),
                })
            }
            None => t.parts.clone(),
        })
    }

    fn controller_or_refuse(&self) -> Result<usize, ActionRefusal> {
        self.active_controller()
            .ok_or(ActionRefusal::NoActiveController)
    }

    /// Applies an action now, if the action check accepts it.
    pub(crate) fn apply_action(&mut self, a: &Action) -> Result<(), ActionRefusal> {
        check_action(self, a)?;
        match a {
            Action::Produce {
                producer,
                topic,
                partition,
                value,
                acks,
                count,
            } => self.produce(
                producer,
                topic,
                *partition,
                value,
                *acks,
                count.unwrap_or(1),
            )?,
            Action::ConsumerJoin { consumer } => self.consumer_join_named(consumer)?,
            Action::ConsumerLeave { consumer } => self.consumer_leave_named(consumer)?,
            Action::ConsumerCrash { consumer } => self.consumer_crash_named(consumer)?,
            Action::ConsumerRestart { consumer } => self.consumer_restart_named(consumer)?,
            Action::AddConsumer {
                name,
                group,
                topics,
                commit,
            } => self.add_consumer(name, group, topics, *commit)?,
            Action::RemoveConsumer { name } => self.remove_consumer(name)?,
            Action::Crash { broker }
            | Action::PowerLoss { broker }
            | Action::DiskLoss { broker } => {
                let b = self.broker_index(*broker)?;
                let cause = match a {
                    Action::Crash { .. } => DownCause::Crash,
                    Action::PowerLoss { .. } => DownCause::PowerLoss,
                    _ => DownCause::DiskLoss,
                };
                self.kill_broker(b, cause);
            }
            Action::RackDown { rack, power_loss } => {
                let brokers = self.topology.brokers_in_rack(rack);
                self.place_down(&brokers, *power_loss);
            }
            Action::ZoneDown { zone, power_loss } => {
                let brokers = self.topology.brokers_in_zone(zone);
                self.place_down(&brokers, *power_loss);
            }
            Action::Restart { broker } => {
                let b = self.broker_index(*broker)?;
                self.start_broker(b);
            }
            Action::Pause { broker } => {
                let b = self.broker_index(*broker)?;
                self.brokers[b].status = BrokerStatus::Paused;
                self.emit(EventKind::BrokerPaused { broker: *broker });
            }
            Action::Resume { broker } => {
                let b = self.broker_index(*broker)?;
                self.resume_broker(b);
            }
            Action::Slow {
                broker,
                extra_latency_ms,
            } => {
                self.net
                    .set_slow(NodeId::Broker(*broker), *extra_latency_ms);
                self.emit(EventKind::BrokerSlow {
                    broker: *broker,
                    extra_latency_ms: *extra_latency_ms,
                });
            }
            Action::ControlledShutdown { broker } => {
                let b = self.broker_index(*broker)?;
                self.brokers[b].status = BrokerStatus::ShuttingDown;
                self.emit(EventKind::ControlledShutdownStarted { broker: *broker });
                self.send_controlled_shutdown(b);
            }
            Action::Cut {
                from,
                to,
                both_ways,
            }
            | Action::Heal {
                from,
                to,
                both_ways,
            } => {
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
                self.net.release(*message, self.now);
                self.deliver_now(*message);
            }
            Action::Drop { message } => {
                let env = self
                    .net
                    .take(*message)
                    .ok_or(ActionRefusal::UnknownMessage { message: *message })?;
                self.envelope_dropped(env, DropCause::Manual);
            }
            Action::PreferredElection { topic, partition } => {
                let parts = self.part_indices(topic.as_deref(), *partition)?;
                let c = self.controller_or_refuse()?;
                self.controller_event(c, ControllerEvent::Elect(parts, ElectionReason::Preferred));
            }
            Action::UncleanElection { topic, partition } => {
                let parts = self.part_indices(Some(topic), Some(*partition))?;
                let c = self.controller_or_refuse()?;
                self.controller_event(c, ControllerEvent::Elect(parts, ElectionReason::Unclean));
            }
            Action::Reassign {
                topic,
                partition,
                replicas,
            } => {
                let parts = self.part_indices(Some(topic), Some(*partition))?;
                let c = self.controller_or_refuse()?;
                self.controller_event(c, ControllerEvent::Reassign(parts[0], replicas.clone()));
            }
            Action::CreateTopic { topic } => self.create_topic(topic)?,
            Action::CreatePartitions { topic, partitions } => {
                self.create_partitions(topic, *partitions)?
            }
            Action::DeleteTopic { topic } => self.delete_topic(topic)?,
            Action::SetConfig { topic, key, value } => {
                match topic {
                    Some(t) => {
                        let ti = self.topic_index(t)?;
                        self.set_topic_config(ti, key, value)?;
                    }
                    None => self.set_broker_default(key, value)?,
                }
                self.emit(EventKind::ConfigChanged {
                    topic: topic.clone(),
                    key: key.clone(),
                });
            }
        }
        Ok(())
    }

    /// A controlled-shutdown attempt (or its retry): as `KafkaServer.controlledShutdown`
    /// does, the broker first reads from ZooKeeper who the controller is; the request
    /// follows the answer ([`Sim::controlled_shutdown_to`]).
    pub(crate) fn send_controlled_shutdown(&mut self, b: usize) {
        if self.brokers[b].status != BrokerStatus::ShuttingDown {
            return;
        }
        self.brokers[b].shutdown_attempts += 1;
        let me = self.brokers[b].id;
        self.send(NodeId::Broker(me), NodeId::Zookeeper, Msg::ZkGetController);
        self.broker_timer(
            b,
            CONTROLLED_SHUTDOWN_BACKOFF_MS,
            BrokerTimer::ControlledShutdownRetry,
        );
    }

    /// ZooKeeper named the controller (or none): the ControlledShutdown request goes to it,
    /// or to the one an earlier attempt found. With none known the attempt fails.
    pub(crate) fn controlled_shutdown_to(&mut self, b: usize, found: Option<BrokerId>) {
        if self.brokers[b].status != BrokerStatus::ShuttingDown {
            return;
        }
        if found.is_some() {
            self.brokers[b].shutdown_controller = found;
        }
        let me = self.brokers[b].id;
        match self.brokers[b].shutdown_controller {
            Some(controller) => {
                let request = Msg::ControlledShutdown { broker: me };
                self.send(NodeId::Broker(me), NodeId::Broker(controller), request);
            }
            None => self.controlled_shutdown_answered(b, u32::MAX),
        }
    }

    /// The controller answered: stop when nothing is led any more, or after the retries.
    pub(crate) fn controlled_shutdown_answered(&mut self, b: usize, remaining: u32) {
        if self.brokers[b].status != BrokerStatus::ShuttingDown {
            return;
        }
        if remaining == 0 || self.brokers[b].shutdown_attempts >= CONTROLLED_SHUTDOWN_MAX_RETRIES {
            self.finish_controlled_shutdown(b);
        }
    }

    /// An attempt's backoff ran out without an answer that ended it: try again, or after
    /// the last attempt stop anyway ("Proceeding to do an unclean shutdown as all the
    /// controlled shutdown attempts failed", `KafkaServer.controlledShutdown`).
    pub(crate) fn retry_controlled_shutdown(&mut self, b: usize) {
        if self.brokers[b].status != BrokerStatus::ShuttingDown {
            return;
        }
        if self.brokers[b].shutdown_attempts >= CONTROLLED_SHUTDOWN_MAX_RETRIES {
            self.finish_controlled_shutdown(b);
        } else {
            self.send_controlled_shutdown(b);
        }
    }

    /// The process stops: its session is closed and it goes down.
    fn finish_controlled_shutdown(&mut self, b: usize) {
        let me = self.brokers[b].id;
        if let Some(session) = self.brokers[b].session {
            let close = Msg::ZkClose { session };
            self.send(NodeId::Broker(me), NodeId::Zookeeper, close);
        }
        self.kill_broker(b, DownCause::ControlledShutdown);
    }
}
