//! The group coordinator, on the brokers. A group's coordinator is the leader of
//! partition `abs(hash(group.id)) % offsets.topic.num.partitions` of the internal
//! `__consumer_offsets` topic (Kafka: GroupMetadataManager.partitionFor, with Java's
//! `String.hashCode`). Committed offsets and the group's membership are records of that
//! partition, replicated like any other; a new leader of the partition rebuilds the
//! group from its log on the first request (GroupMetadataManager.loadGroupsAndOffsets).
//! Members heartbeat; one not heard from for its `session.timeout.ms` is removed and the
//! group rebalances (range assignor). Simplification: the JoinGroup and SyncGroup rounds
//! are one (the coordinator assigns and pushes the assignment to every member at once).

use crate::broker::log::RecordData;
use crate::broker::replica::Role;
use crate::broker::BrokerTimer;
use crate::events::{EventKind, KafkaError};
use crate::ids::{LeaderEpoch, NodeId, Offset, TimeMs};
use crate::net::msg::{Msg, PartIdx};
use crate::sim::Sim;
use std::collections::BTreeMap;

/// Name of the internal offsets topic.
pub const OFFSETS_TOPIC: &str = "__consumer_offsets";

/// Record ids at or above this bit are internal (`__consumer_offsets`) records, not ledger messages.
pub const INTERNAL: u32 = 1 << 31;

/// Java's `String.hashCode` (UTF-16 code units, `h = 31 * h + c`, wrapping).
pub fn java_string_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(c as i32))
}

/// Kafka's `Utils.abs(groupId.hashCode) % partitions` (`Utils.abs` masks the sign bit).
pub fn offsets_partition_for(group: &str, partitions: u32) -> u32 {
    (java_string_hash(group) & 0x7fff_ffff) as u32 % partitions.max(1)
}

/// A record of `__consumer_offsets`.
#[derive(Clone, Debug, PartialEq)]
pub enum InternalRecord {
    /// OffsetCommit: the group's committed offset of a partition.
    Offset {
        group: String,
        part: PartIdx,
        offset: Offset,
    },
    /// GroupMetadata: generation and members (consumer index, session timeout, topics).
    Group {
        group: String,
        generation: u32,
        members: Vec<(u32, u64, Vec<u32>)>,
    },
}

impl InternalRecord {
    /// Short text for log views (`billing orders-0=5`, `billing generation 2`).
    pub fn describe(&self, sim: &Sim) -> String {
        match self {
            InternalRecord::Offset {
                group,
                part,
                offset,
            } => {
                let tp = &sim.parts[*part as usize].tp;
                format!("{group} {}-{}={offset}", tp.topic, tp.partition)
            }
            InternalRecord::Group {
                group, generation, ..
            } => format!("{group} generation {generation}"),
        }
    }
}

/// A member as the coordinator knows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// `session.timeout.ms` it joined with.
    pub session_timeout_ms: u64,
    /// Topic indexes it subscribes to.
    pub topics: Vec<u32>,
    /// Last heartbeat (or join).
    pub last_heartbeat: TimeMs,
}

/// A group in a coordinator's memory.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CoordGroup {
    /// Current generation.
    pub generation: u32,
    /// Members by consumer index.
    pub members: BTreeMap<u32, Member>,
    /// Leader epoch of the offsets partition when the group was loaded: a broker that lost
    /// and regained leadership reloads from its log (Kafka unloads groups on resignation).
    pub leader_epoch: LeaderEpoch,
}

impl Sim {
    /// Partition index of the group's `__consumer_offsets` partition (`None` without the topic).
    pub(crate) fn offsets_part(&self, group: &str) -> Option<PartIdx> {
        let t = self.topics.iter().find(|t| t.name == OFFSETS_TOPIC)?;
        Some(t.parts[offsets_partition_for(group, t.count()) as usize])
    }

    /// Whether broker `b` leads the group's offsets partition (is its coordinator).
    fn is_coordinator(&self, b: usize, group: &str) -> Option<PartIdx> {
        let p = self.offsets_part(group)?;
        let r = self.brokers[b].replicas[p as usize].as_ref()?;
        matches!(r.role, Role::Leader(_)).then_some(p)
    }

    /// The committed offsets of `group`, as the replica of broker `b` holds them below its HW.
    pub(crate) fn committed_offsets_on(&self, b: usize, group: &str) -> BTreeMap<PartIdx, Offset> {
        let mut out = BTreeMap::new();
        let Some(p) = self.offsets_part(group) else {
            return out;
        };
        let Some(r) = self.brokers[b].replicas[p as usize].as_ref() else {
            return out;
        };
        for rec in r.log.range(0, r.log.hw) {
            if let Some(InternalRecord::Offset {
                group: g,
                part,
                offset,
            }) = self.internal_record(rec.msg)
            {
                if g == group {
                    out.insert(*part, *offset);
                }
            }
        }
        out
    }

    /// The group's committed offsets on the current leader of its offsets partition.
    pub(crate) fn committed_offsets(&self, group: &str) -> BTreeMap<PartIdx, Offset> {
        let leader = (0..self.brokers.len())
            .find(|&b| self.brokers[b].is_up() && self.is_coordinator(b, group).is_some());
        leader
            .map(|b| self.committed_offsets_on(b, group))
            .unwrap_or_default()
    }

    /// The internal record behind a log record id, if it is one.
    pub(crate) fn internal_record(&self, msg: u32) -> Option<&InternalRecord> {
        (msg & INTERNAL != 0)
            .then(|| self.internal.get((msg & !INTERNAL) as usize))
            .flatten()
    }

    /// The coordinator appends a record to the group's offsets partition (offsets.commit.required.acks
    /// is -1 in Kafka: followers fetch it like any record).
    fn append_internal(&mut self, b: usize, p: PartIdx, rec: InternalRecord) {
        let id = INTERNAL | self.internal.len() as u32;
        self.internal.push(rec);
        let now = self.now;
        let Some(r) = self.brokers[b].replicas[p as usize].as_mut() else {
            return;
        };
        let epoch = r.epoch.unwrap_or(0);
        r.log.append(
            RecordData {
                epoch,
                msg: id,
                producer_id: 0,
                seq: 0,
                batch_end: true,
                timestamp: now,
            },
            now,
        );
        self.maybe_flush_by_count(b, p);
        self.touch(p);
        self.wake_delayed_fetches(b, p);
        self.maybe_advance_hw(b, p);
    }

    /// The group as broker `b` (its coordinator) knows it, loaded from the log if needed.
    fn load_group(&mut self, b: usize, p: PartIdx, group: &str) {
        let epoch = self.brokers[b].replicas[p as usize]
            .as_ref()
            .and_then(|r| r.epoch)
            .unwrap_or(0);
        if self.brokers[b]
            .groups
            .get(group)
            .is_some_and(|g| g.leader_epoch == epoch)
        {
            return;
        }
        let mut g = CoordGroup {
            leader_epoch: epoch,
            ..CoordGroup::default()
        };
        if let Some(r) = self.brokers[b].replicas[p as usize].as_ref() {
            for rec in r.log.range(0, r.log.leo()) {
                if let Some(InternalRecord::Group {
                    group: name,
                    generation,
                    members,
                }) = self.internal_record(rec.msg)
                {
                    if name == group {
                        g.generation = *generation;
                        g.members = members
                            .iter()
                            .map(|(c, s, t)| {
                                (
                                    *c,
                                    Member {
                                        session_timeout_ms: *s,
                                        topics: t.clone(),
                                        last_heartbeat: self.now,
                                    },
                                )
                            })
                            .collect();
                    }
                }
            }
        }
        for (&c, m) in &g.members {
            let (c, after) = (c, m.session_timeout_ms);
            self.broker_timer(b, after, BrokerTimer::MemberExpiry { c });
        }
        self.brokers[b].groups.insert(group.to_string(), g);
    }

    /// A group request reaches broker `b`: the group's offsets partition, or NOT_COORDINATOR
    /// (and the broker forgets the group) when `b` does not lead it.
    fn coordinator_for(&mut self, b: usize, group: &str) -> Result<PartIdx, KafkaError> {
        match self.is_coordinator(b, group) {
            Some(p) => {
                self.load_group(b, p, group);
                Ok(p)
            }
            None => {
                self.brokers[b].groups.remove(group);
                Err(KafkaError::NOT_COORDINATOR)
            }
        }
    }

    /// Handles FindCoordinator, JoinGroup, Heartbeat, LeaveGroup, OffsetCommit and OffsetFetch.
    pub(crate) fn coordinator_handle(&mut self, b: usize, from: NodeId, msg: Msg) {
        let me = NodeId::Broker(self.brokers[b].id);
        let NodeId::Consumer(c) = from else { return };
        let group = self.consumers[c as usize].group.clone();
        match msg {
            Msg::FindCoordinator => {
                let coordinator = self
                    .offsets_part(&group)
                    .and_then(|p| self.brokers[b].metadata[p as usize].0);
                self.send(me, from, Msg::FindCoordinatorResponse { coordinator });
            }
            Msg::JoinGroup {
                generation,
                session_timeout_ms,
                topics,
            } => match self.coordinator_for(b, &group) {
                Ok(p) => {
                    let g = self.brokers[b].groups.get_mut(&group).expect("loaded");
                    g.generation = g.generation.max(generation);
                    g.members.insert(
                        c,
                        Member {
                            session_timeout_ms,
                            topics,
                            last_heartbeat: self.now,
                        },
                    );
                    self.broker_timer(b, session_timeout_ms, BrokerTimer::MemberExpiry { c });
                    self.coordinator_rebalance(b, p, &group);
                }
                Err(error) => {
                    self.send(
                        me,
                        from,
                        Msg::HeartbeatResponse {
                            generation,
                            error: Some(error),
                        },
                    );
                }
            },
            Msg::Heartbeat { generation } => {
                let error = match self.coordinator_for(b, &group) {
                    Err(e) => Some(e),
                    Ok(_) => {
                        let now = self.now;
                        let g = self.brokers[b].groups.get_mut(&group).expect("loaded");
                        let gen = g.generation;
                        match g.members.get_mut(&c) {
                            None => Some(KafkaError::UNKNOWN_MEMBER_ID),
                            Some(_) if gen != generation => Some(KafkaError::ILLEGAL_GENERATION),
                            Some(m) => {
                                m.last_heartbeat = now;
                                let after = m.session_timeout_ms;
                                self.broker_timer(b, after, BrokerTimer::MemberExpiry { c });
                                None
                            }
                        }
                    }
                };
                self.send(me, from, Msg::HeartbeatResponse { generation, error });
            }
            Msg::LeaveGroup => {
                if let Ok(p) = self.coordinator_for(b, &group) {
                    if self.brokers[b]
                        .groups
                        .get_mut(&group)
                        .expect("loaded")
                        .members
                        .remove(&c)
                        .is_some()
                    {
                        self.coordinator_rebalance(b, p, &group);
                    }
                }
            }
            Msg::OffsetCommit {
                generation,
                part,
                offset,
            } => {
                let Ok(p) = self.coordinator_for(b, &group) else {
                    return;
                };
                let g = &self.brokers[b].groups[&group];
                // A commit from a member of an older generation is refused (CommitFailedException).
                if g.generation != generation || !g.members.contains_key(&c) {
                    return;
                }
                self.append_internal(
                    b,
                    p,
                    InternalRecord::Offset {
                        group: group.clone(),
                        part,
                        offset,
                    },
                );
                let tp = self.parts[part as usize].tp.clone();
                self.emit(EventKind::OffsetCommitted { group, tp, offset });
            }
            Msg::OffsetFetch { generation } => {
                let result = self
                    .coordinator_for(b, &group)
                    .map(|_| self.committed_offsets_on(b, &group).into_iter().collect());
                self.send(me, from, Msg::OffsetFetchResponse { generation, result });
            }
            _ => {}
        }
    }

    /// A member's session may have expired on coordinator `b`.
    pub(crate) fn member_expiry(&mut self, b: usize, c: u32) {
        let group = self.consumers[c as usize].group.clone();
        let Some(p) = self.is_coordinator(b, &group) else {
            return;
        };
        let now = self.now;
        let Some(g) = self.brokers[b].groups.get_mut(&group) else {
            return;
        };
        let expired = g
            .members
            .get(&c)
            .is_some_and(|m| m.last_heartbeat + m.session_timeout_ms <= now);
        if expired {
            g.members.remove(&c);
            let consumer = self.consumers[c as usize].name.clone();
            let coordinator = self.brokers[b].id;
            self.emit(EventKind::MemberSessionExpired {
                group: group.clone(),
                consumer,
                coordinator,
            });
            self.coordinator_rebalance(b, p, &group);
        }
    }

    /// New generation: range-assign the subscribed topics' partitions over the members
    /// (sorted by name), record the group, and send every member its assignment.
    fn coordinator_rebalance(&mut self, b: usize, p: PartIdx, group: &str) {
        let g = self.brokers[b].groups.get_mut(group).expect("loaded");
        g.generation += 1;
        let gen = g.generation;
        let mut members: Vec<(u32, Vec<u32>)> = g
            .members
            .iter()
            .map(|(&c, m)| (c, m.topics.clone()))
            .collect();
        let record: Vec<(u32, u64, Vec<u32>)> = g
            .members
            .iter()
            .map(|(&c, m)| (c, m.session_timeout_ms, m.topics.clone()))
            .collect();
        members.sort_by(|a, b| {
            self.consumers[a.0 as usize]
                .name
                .cmp(&self.consumers[b.0 as usize].name)
        });
        let mut assigned: BTreeMap<u32, Vec<PartIdx>> =
            members.iter().map(|m| (m.0, Vec::new())).collect();
        for t in 0..self.topics.len() as u32 {
            let subs: Vec<u32> = members
                .iter()
                .filter(|m| m.1.contains(&t))
                .map(|m| m.0)
                .collect();
            if subs.is_empty() {
                continue;
            }
            let topic_parts = &self.topics[t as usize].parts;
            let n = topic_parts.len();
            let (per, extra) = (n / subs.len(), n % subs.len());
            let mut next = 0;
            for (k, c) in subs.iter().enumerate() {
                let take = per + usize::from(k < extra);
                assigned
                    .get_mut(c)
                    .expect("member")
                    .extend(&topic_parts[next..next + take]);
                next += take;
            }
        }
        self.append_internal(
            b,
            p,
            InternalRecord::Group {
                group: group.to_string(),
                generation: gen,
                members: record,
            },
        );
        let me = NodeId::Broker(self.brokers[b].id);
        let mut summary = Vec::new();
        for (c, _) in &members {
            let parts = assigned[c].clone();
            summary.push((
                self.consumers[*c as usize].name.clone(),
                parts
                    .iter()
                    .map(|&x| self.parts[x as usize].tp.clone())
                    .collect(),
            ));
            self.send(
                me,
                NodeId::Consumer(*c),
                Msg::SyncGroupResponse {
                    generation: gen,
                    assigned: parts,
                },
            );
        }
        self.emit(EventKind::GroupRebalanced {
            group: group.to_string(),
            generation: gen,
            assignment: summary,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values of Java's `"...".hashCode()`.
    #[test]
    fn java_string_hash_matches_java_and_partition_for_masks_the_sign_like_utils_abs() {
        assert_eq!(java_string_hash(""), 0);
        assert_eq!(java_string_hash("a"), 97);
        assert_eq!(java_string_hash("hello"), 99_162_322);
        assert_eq!(java_string_hash("polygenelubricants"), i32::MIN);
        assert_eq!(
            offsets_partition_for("polygenelubricants", 50),
            0,
            "Utils.abs(MIN_VALUE) = 0"
        );
        assert_eq!(offsets_partition_for("hello", 50), 99_162_322 % 50);
        assert_eq!(java_string_hash("billing"), -109_829_509);
    }
}
