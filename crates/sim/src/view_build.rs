//! Builds the [`ClusterView`] from the simulation state.

use crate::broker::replica::{Replica, Role};
use crate::ids::{BrokerId, TimeMs};
use crate::sim::Sim;
use crate::view::*;

impl Sim {
    /// The read-only picture of the cluster now.
    pub fn view(&self) -> ClusterView {
        let ctrl = self.zk.controller.map(|(c, _)| self.brokers[c].id);
        ClusterView {
            time_ms: self.now,
            step: self.steps,
            controller: ctrl,
            controller_epoch: self.zk.controller_epoch,
            brokers: self
                .brokers
                .iter()
                .enumerate()
                .map(|(i, b)| BrokerView {
                    id: b.id,
                    status: b.status,
                    registered: self.zk.registered(i),
                    is_controller: ctrl == Some(b.id),
                    acts_as_controller: b.is_up() && b.controller.is_some(),
                    extra_latency_ms: self.net.slow_of(crate::ids::NodeId::Broker(b.id)),
                    rack: self.topology.rack_of(b.id).map(str::to_string),
                    zone: self.topology.zone_of(b.id).map(str::to_string),
                })
                .collect(),
            partitions: self.topic_partition_views(false),
            internal_partitions: self.topic_partition_views(true),
            in_flight: self
                .net
                .in_flight()
                .map(|e| InFlightView {
                    id: e.id,
                    kind: e.msg.kind().to_string(),
                    from: e.from,
                    to: e.to,
                    sent_at: e.sent_at,
                    deliver_at: e.deliver_at,
                    held: e.held,
                    summary: e.msg.summary(),
                })
                .collect(),
            cuts: self.net.cuts().copied().collect(),
            manual_network: self.net.manual,
            producers: self
                .producers
                .iter()
                .map(|p| ProducerView {
                    name: p.name.clone(),
                    acks: p.acks,
                    idempotence: p.cfg.enable_idempotence,
                    retries: p.cfg.retries,
                    pending_batches: p.batches.len() as u32,
                    epoch_bumps: p.epoch_bumps,
                })
                .collect(),
            consumers: self
                .consumers
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.removed)
                .map(|(i, c)| (i, c, self.committed_offsets(&c.group)))
                .map(|(i, c, committed)| ConsumerView {
                    node: crate::ids::NodeId::Consumer(i as u32),
                    name: c.name.clone(),
                    group: c.group.clone(),
                    joined: c.joined,
                    alive: c.alive,
                    coordinator: c.coordinator,
                    generation: c.generation,
                    commit: c.commit,
                    assignment: c
                        .assigned
                        .iter()
                        .map(|&p| {
                            let committed = committed.get(&p).copied();
                            (
                                self.parts[p as usize].tp.clone(),
                                c.position[p as usize],
                                committed,
                            )
                        })
                        .collect(),
                    lag: c
                        .assigned
                        .iter()
                        .map(|&p| {
                            self.leader_hw(p as usize)
                                .saturating_sub(c.position[p as usize])
                        })
                        .sum(),
                })
                .collect(),
            metrics: self.metrics(),
        }
    }

    /// The replica of partition `p` that leads it now, if its broker is up.
    fn leader_replica(&self, p: usize) -> Option<&Replica> {
        self.zk.partitions[p]
            .leader
            .and_then(|l| self.bidx(l))
            .filter(|&b| self.brokers[b].is_up())
            .and_then(|b| self.brokers[b].replicas[p].as_ref())
            .filter(|r| matches!(r.role, Role::Leader(_)))
    }

    /// The high watermark of partition `p` on its leader (0 while it has none).
    pub(crate) fn leader_hw(&self, p: usize) -> crate::ids::Offset {
        self.leader_replica(p).map_or(0, |r| r.log.hw)
    }

    /// The views of the scenario's topics' partitions (or of `__consumer_offsets`'s), topic
    /// by topic in creation order, each in partition order; a deleted topic is gone once
    /// ZooKeeper no longer holds it.
    fn topic_partition_views(&self, internal: bool) -> Vec<PartitionView> {
        (0..self.topics.len())
            .filter(|&ti| {
                let t = &self.topics[ti];
                (t.name == crate::client::coordinator::OFFSETS_TOPIC) == internal
                    && !(t.marked_for_deletion && self.topic_removed(ti))
            })
            .flat_map(|ti| self.topics[ti].parts.iter())
            .map(|&p| self.partition_view(p as usize))
            .collect()
    }

    fn partition_view(&self, p: usize) -> PartitionView {
        let z = &self.zk.partitions[p];
        let ar = &self.zk.assignment[p];
        let topic = &self.topics[self.parts[p].topic as usize];
        // The replica on the broker the partition state names as leader, if that broker is up
        // (it may not have processed its LeaderAndIsr yet).
        let named_leader = z
            .leader
            .and_then(|l| self.bidx(l))
            .filter(|&b| self.brokers[b].is_up())
            .and_then(|b| self.brokers[b].replicas[p].as_ref());
        let leader_rep = named_leader.filter(|r| matches!(r.role, Role::Leader(_)));
        let not_created = Replica::new();
        let controller = self
            .active_controller()
            .and_then(|c| self.brokers[c].controller.as_ref());
        let of = |list: &[(u32, Vec<BrokerId>)]| {
            list.iter()
                .find(|(q, _)| *q as usize == p)
                .map(|(_, b)| b.clone())
        };
        // A move is in progress while ZooKeeper holds AR = OAR + RAR: not before the
        // controller's first write lands, nor after its last one did.
        let moving = |target: &Vec<BrokerId>| target.iter().all(|t| ar.contains(t)) && ar != target;
        let target = controller.and_then(|x| of(&x.reassigning));
        let original = controller.and_then(|x| of(&x.reassigning_from));
        let reassigning_to = target.clone().filter(moving);
        let reassigning_from = reassigning_to.as_ref().and(original.clone());
        let being_reassigned = target
            .zip(original)
            .map(|(target, original)| ReassignmentView { target, original });
        PartitionView {
            tp: self.parts[p].tp.clone(),
            replicas: ar.clone(),
            leader: z
                .leader
                .filter(|l| self.bidx(*l).is_some_and(|b| self.brokers[b].is_up())),
            leader_epoch: z.leader_epoch,
            isr: z.isr.clone(),
            high_watermark: named_leader.map_or(0, |r| r.log.hw),
            being_reassigned,
            reassigning_to,
            reassigning_from,
            min_insync_replicas: topic.cfg.min_insync_replicas,
            unclean_leader_election_enable: topic.cfg.unclean_leader_election_enable,
            marked_for_deletion: topic.marked_for_deletion,
            log_config: crate::view::LogConfigView {
                flush_messages: topic.cfg.flush_messages,
                flush_ms: topic.cfg.flush_ms,
                segment_records: topic.cfg.segment_records,
                index_interval_records: topic.cfg.index_interval_records,
            },
            replica_states: ar
                .iter()
                .filter_map(|&id| {
                    let b = self.bidx(id)?;
                    let hosted = self.brokers[b].replicas[p].as_ref();
                    let r = hosted.unwrap_or(&not_created);
                    let mut v =
                        self.replica_view(id, self.brokers[b].is_up(), r, leader_rep, &topic.cfg);
                    v.created = hosted.is_some();
                    Some(v)
                })
                .collect(),
        }
    }

    fn replica_view(
        &self,
        id: BrokerId,
        alive: bool,
        r: &Replica,
        leader: Option<&Replica>,
        cfg: &crate::config::TopicConfig,
    ) -> ReplicaView {
        let role = match &r.role {
            Role::Leader(_) => ReplicaRole::Leader,
            Role::Follower(f) if f.truncating => ReplicaRole::Truncating,
            Role::Follower(_) => ReplicaRole::Follower,
            Role::None => ReplicaRole::None,
        };
        let isr_status = match leader.and_then(|l| l.leader().map(|st| (l, st))) {
            _ if matches!(r.role, Role::Leader(_)) => IsrStatus::Leader,
            Some((l, st)) => match st.followers.iter().find(|f| f.broker == id) {
                Some(f) => {
                    let lag = l.log.leo().saturating_sub(f.leo.unwrap_or(0));
                    if st.isr.contains(&id) {
                        IsrStatus::InIsr {
                            caught_up: f.leo == Some(l.log.leo()),
                            last_caught_up_ms: f.last_caught_up_ms,
                            lag,
                        }
                    } else {
                        IsrStatus::OutOfIsr {
                            lag,
                            last_caught_up_ms: f.last_caught_up_ms,
                            leo_known: f.leo.is_some(),
                        }
                    }
                }
                None => IsrStatus::Unknown,
            },
            None => IsrStatus::Unknown,
        };
        ReplicaView {
            broker: id,
            created: true,
            alive,
            is_leader: role == ReplicaRole::Leader,
            role,
            epoch: r.epoch,
            log_start_offset: r.log.log_start(),
            log_end_offset: r.log.leo(),
            high_watermark: r.log.hw,
            hw_checkpoint: r.log.hw_checkpoint,
            flushed_offset: r.log.flushed,
            epoch_cache: r.log.epoch_cache().to_vec(),
            segments: r
                .log
                .segment_views(cfg.segment_records, cfg.index_interval_records),
            isr_status,
            log: r
                .log
                .records()
                .iter()
                .map(|x| RecordView {
                    offset: x.offset,
                    epoch: x.epoch,
                    value: match self.internal_record(x.msg) {
                        Some(r) => r.describe(self),
                        None => self.ledger.get(x.msg).value.clone(),
                    },
                    message: x.msg as u64,
                    producer_id: x.producer_id,
                    sequence: x.seq,
                })
                .collect(),
        }
    }

    /// Time of the next pending event, if any.
    pub fn next_event_time(&self) -> Option<TimeMs> {
        self.queue.peek_time()
    }
}
