//! A plain sentence, in the UI language, for every structured event of the core
//! (each with its cause), and the category used to filter the event log.

use crate::i18n::{clock, Lang};
use isrlab_sim::broker::log::RetentionBreach;
use isrlab_sim::config::{OffsetReset, TruncationRule};
use isrlab_sim::events::{
    DownCause, DropCause, ElectionReason, LossCause, NeverAppendedCause, ShrinkReason,
};
use isrlab_sim::{EventKind, NodeId, TopicPartition};

/// Names of the scenario's clients, to turn indexes into names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Names {
    /// Producer names by index.
    pub producers: Vec<String>,
    /// Consumer names by index.
    pub consumers: Vec<String>,
    /// Produced values by ledger id.
    pub messages: Vec<(u64, String)>,
}

impl Names {
    fn producer(&self, i: u32) -> String {
        self.producers
            .get(i as usize)
            .cloned()
            .unwrap_or_else(|| format!("#{i}"))
    }

    /// A ledger message as its value (`m2`), or `#id` if unknown.
    fn message(&self, id: u64) -> String {
        self.messages
            .iter()
            .find(|(i, _)| *i == id)
            .map_or_else(|| format!("#{id}"), |(_, v)| v.clone())
    }

    fn node(&self, lang: Lang, n: NodeId) -> String {
        match n {
            NodeId::Broker(b) => lang.tf("broker.name", &[("id", &b)]),
            NodeId::Zookeeper => lang.t("zk.name").to_string(),
            NodeId::Producer(i) => self.producer(i),
            NodeId::Consumer(i) => self
                .consumers
                .get(i as usize)
                .cloned()
                .unwrap_or_else(|| format!("#{i}")),
        }
    }
}

/// Event-log filter categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// Broker processes and ZooKeeper sessions.
    Broker,
    /// Controller and leader elections.
    Election,
    /// ISR shrinks and expands.
    Isr,
    /// Produce, append, commit, acknowledgement, errors.
    Data,
    /// Truncation and loss.
    Loss,
    /// Network, consumers, configuration.
    Other,
}

impl Category {
    /// Every category, in filter order.
    pub const ALL: [Category; 6] = [
        Category::Broker,
        Category::Election,
        Category::Isr,
        Category::Data,
        Category::Loss,
        Category::Other,
    ];

    /// Translation key of its name.
    pub fn key(self) -> &'static str {
        match self {
            Category::Broker => "cat.broker",
            Category::Election => "cat.election",
            Category::Isr => "cat.isr",
            Category::Data => "cat.data",
            Category::Loss => "cat.loss",
            Category::Other => "cat.other",
        }
    }

    /// Code used in CSS classes and `data-category`.
    pub fn code(self) -> &'static str {
        match self {
            Category::Broker => "broker",
            Category::Election => "election",
            Category::Isr => "isr",
            Category::Data => "data",
            Category::Loss => "loss",
            Category::Other => "other",
        }
    }
}

/// The category of an event.
pub fn category(kind: &EventKind) -> Category {
    use EventKind::*;
    match kind {
        BrokerStarted { .. }
        | BrokerDown { .. }
        | BrokerPaused { .. }
        | BrokerResumed { .. }
        | BrokerSlow { .. }
        | ControlledShutdownStarted { .. }
        | BrokerRegistered { .. }
        | SessionExpired { .. } => Category::Broker,
        ControllerElected { .. }
        | ControllerMoved { .. }
        | StaleControllerEpochRejected { .. }
        | LeaderElected { .. }
        | PartitionOffline { .. }
        | BecameLeader { .. }
        | BecameFollower { .. } => Category::Election,
        IsrShrink { .. } | IsrExpand { .. } | IsrUpdateRejected { .. } => Category::Isr,
        Appended { .. }
        | Committed { .. }
        | ProduceAcknowledged { .. }
        | ProduceError { .. }
        | DuplicateRejected { .. }
        | DuplicateAppended { .. } => Category::Data,
        Truncated { .. } | UnflushedLost { .. } | MessageLost { .. } => Category::Loss,
        SegmentsDeleted { .. } | FollowerOutOfRange { .. } | ConsumerOffsetReset { .. } => {
            Category::Data
        }
        // Every kind is named (no `_`): a new event kind fails to compile until it has a
        // category, as it must have its sentence (issue #9).
        MessageDropped { .. }
        | LinkCut { .. }
        | LinkHealed { .. }
        | ManualNetwork { .. }
        | GroupRebalanced { .. }
        | Consumed { .. }
        | CoordinatorFound { .. }
        | MemberSessionExpired { .. }
        | ConsumerCrashed { .. }
        | ConsumerRestarted { .. }
        | OffsetCommitted { .. }
        | ReassignmentCompleted { .. }
        | ConfigChanged { .. }
        | TopicCreated { .. }
        | PartitionsAdded { .. }
        | TopicMarkedForDeletion { .. }
        | TopicDeleted { .. }
        | ActionRefused { .. } => Category::Other,
    }
}

/// The partition an event is about, if any.
pub fn partition(kind: &EventKind) -> Option<&TopicPartition> {
    use EventKind::*;
    match kind {
        LeaderElected { tp, .. }
        | PartitionOffline { tp }
        | BecameLeader { tp, .. }
        | BecameFollower { tp, .. }
        | IsrShrink { tp, .. }
        | IsrExpand { tp, .. }
        | IsrUpdateRejected { tp, .. }
        | Truncated { tp, .. }
        | UnflushedLost { tp, .. }
        | SegmentsDeleted { tp, .. }
        | FollowerOutOfRange { tp, .. }
        | ConsumerOffsetReset { tp, .. }
        | Appended { tp, .. }
        | Committed { tp, .. }
        | ProduceAcknowledged { tp, .. }
        | ProduceError { tp, .. }
        | DuplicateRejected { tp, .. }
        | DuplicateAppended { tp, .. }
        | MessageLost { tp, .. }
        | Consumed { tp, .. }
        | OffsetCommitted { tp, .. }
        | ReassignmentCompleted { tp, .. } => Some(tp),
        BrokerStarted { .. }
        | BrokerDown { .. }
        | BrokerPaused { .. }
        | BrokerResumed { .. }
        | BrokerSlow { .. }
        | ControlledShutdownStarted { .. }
        | BrokerRegistered { .. }
        | SessionExpired { .. }
        | ControllerElected { .. }
        | StaleControllerEpochRejected { .. }
        | ControllerMoved { .. }
        | MessageDropped { .. }
        | LinkCut { .. }
        | LinkHealed { .. }
        | ManualNetwork { .. }
        | GroupRebalanced { .. }
        | CoordinatorFound { .. }
        | MemberSessionExpired { .. }
        | ConsumerCrashed { .. }
        | ConsumerRestarted { .. }
        | ConfigChanged { .. }
        | TopicCreated { .. }
        | PartitionsAdded { .. }
        | TopicMarkedForDeletion { .. }
        | TopicDeleted { .. }
        | ActionRefused { .. } => None,
    }
}

/// `auto.offset.reset`'s value as Kafka writes it.
fn offset_reset(r: OffsetReset) -> &'static str {
    match r {
        OffsetReset::Earliest => "earliest",
        OffsetReset::Latest => "latest",
        OffsetReset::None => "none",
    }
}

fn list(ids: &[u32]) -> String {
    let items: Vec<String> = ids.iter().map(u32::to_string).collect();
    format!("[{}]", items.join(", "))
}

/// The sentence for an event.
pub fn sentence(kind: &EventKind, lang: Lang, names: &Names) -> String {
    use EventKind::*;
    let b = |id: &u32| lang.tf("broker.name", &[("id", id)]);
    match kind {
        BrokerStarted { broker } => lang.tf("ev.broker_started", &[("b", &b(broker))]),
        BrokerDown { broker, cause } => {
            let cause = match cause {
                DownCause::Crash => lang.t("down.crash"),
                DownCause::PowerLoss => lang.t("down.power_loss"),
                DownCause::DiskLoss => lang.t("down.disk_loss"),
                DownCause::ControlledShutdown => lang.t("down.controlled_shutdown"),
            };
            lang.tf("ev.broker_down", &[("b", &b(broker)), ("cause", &cause)])
        }
        BrokerPaused { broker } => lang.tf("ev.broker_paused", &[("b", &b(broker))]),
        BrokerResumed { broker } => lang.tf("ev.broker_resumed", &[("b", &b(broker))]),
        BrokerSlow {
            broker,
            extra_latency_ms,
        } => lang.tf(
            "ev.broker_slow",
            &[("b", &b(broker)), ("ms", extra_latency_ms)],
        ),
        ControlledShutdownStarted { broker } => {
            lang.tf("ev.controlled_shutdown", &[("b", &b(broker))])
        }
        BrokerRegistered { broker } => {
            lang.tf("ev.registered", &[("b", &b(broker)), ("id", broker)])
        }
        SessionExpired { broker } => {
            lang.tf("ev.session_expired", &[("b", &b(broker)), ("id", broker)])
        }
        ControllerElected { broker, epoch } => {
            lang.tf("ev.controller", &[("b", &b(broker)), ("epoch", epoch)])
        }
        ControllerMoved { broker, epoch } => lang.tf(
            "ev.controller_moved",
            &[("b", &b(broker)), ("epoch", epoch)],
        ),
        StaleControllerEpochRejected {
            broker,
            request_epoch,
            known_epoch,
        } => lang.tf(
            "ev.stale_controller",
            &[
                ("b", &b(broker)),
                ("old", request_epoch),
                ("known", known_epoch),
            ],
        ),
        LeaderElected {
            tp,
            leader,
            epoch,
            isr,
            reason,
        } => {
            let why = match reason {
                ElectionReason::Clean => lang.t("why.clean"),
                ElectionReason::Unclean => lang.t("why.unclean"),
                ElectionReason::Preferred => lang.t("why.preferred"),
                ElectionReason::ControlledShutdown => lang.t("why.controlled_shutdown"),
                ElectionReason::Reassignment => lang.t("why.reassignment"),
                ElectionReason::Initial => lang.t("why.initial"),
            };
            lang.tf(
                "ev.leader_elected",
                &[
                    ("b", &b(leader)),
                    ("tp", tp),
                    ("epoch", epoch),
                    ("isr", &list(isr)),
                    ("why", &why),
                ],
            )
        }
        PartitionOffline { tp } => lang.tf("ev.offline", &[("tp", tp)]),
        BecameLeader { tp, broker, epoch } => lang.tf(
            "ev.became_leader",
            &[("b", &b(broker)), ("tp", tp), ("epoch", epoch)],
        ),
        BecameFollower {
            tp,
            broker,
            leader,
            epoch,
        } => lang.tf(
            "ev.became_follower",
            &[
                ("b", &b(broker)),
                ("tp", tp),
                ("leader", leader),
                ("epoch", epoch),
            ],
        ),
        IsrShrink {
            tp,
            broker,
            leader,
            reason,
        } => {
            let why = match reason {
                ShrinkReason::LagTimeExceeded { last_caught_up_ms } => {
                    lang.tf("shrink.lag_time", &[("since", &clock(*last_caught_up_ms))])
                }
                ShrinkReason::LagMessagesExceeded { behind } => {
                    lang.tf("shrink.lag_messages", &[("n", behind)])
                }
                ShrinkReason::Stuck { last_fetch_ms } => {
                    lang.tf("shrink.stuck", &[("since", &clock(*last_fetch_ms))])
                }
                ShrinkReason::BrokerDead => lang.t("shrink.dead").to_string(),
                ShrinkReason::ControlledShutdown => {
                    lang.t("shrink.controlled_shutdown").to_string()
                }
                ShrinkReason::Reassignment => lang.t("shrink.reassignment").to_string(),
            };
            lang.tf(
                "ev.isr_shrink",
                &[
                    ("b", &b(broker)),
                    ("tp", tp),
                    ("leader", leader),
                    ("why", &why),
                ],
            )
        }
        IsrExpand { tp, broker, leader } => lang.tf(
            "ev.isr_expand",
            &[("b", &b(broker)), ("tp", tp), ("leader", leader)],
        ),
        IsrUpdateRejected { tp, leader } => {
            lang.tf("ev.isr_rejected", &[("b", &b(leader)), ("tp", tp)])
        }
        Truncated {
            tp,
            broker,
            to_offset,
            removed,
            rule,
            ..
        } => {
            let rule = match rule {
                TruncationRule::HighWatermark => lang.t("rule.hw"),
                TruncationRule::LeaderEpoch => lang.t("rule.epoch"),
                TruncationRule::LeaderEpochWalkBack => lang.t("rule.walk_back"),
            };
            lang.tf(
                "ev.truncated",
                &[
                    ("b", &b(broker)),
                    ("tp", tp),
                    ("to", to_offset),
                    ("n", removed),
                    ("rule", &rule),
                ],
            )
        }
        SegmentsDeleted {
            tp,
            broker,
            segments,
            records,
            log_start_offset,
            breach,
        } => {
            let why = match breach {
                RetentionBreach::Time => lang.t("retention.time"),
                RetentionBreach::Size => lang.t("retention.size"),
                RetentionBreach::LeaderLogStartOffset => lang.t("retention.leader_start"),
            };
            lang.tf(
                "ev.segments_deleted",
                &[
                    ("b", &b(broker)),
                    ("tp", tp),
                    ("s", segments),
                    ("n", records),
                    ("start", log_start_offset),
                    ("why", &why),
                ],
            )
        }
        FollowerOutOfRange {
            tp,
            broker,
            leader,
            fetch_offset,
            log_start_offset,
        } => lang.tf(
            "ev.follower_out_of_range",
            &[
                ("b", &b(broker)),
                ("tp", tp),
                ("leader", &b(leader)),
                ("offset", fetch_offset),
                ("start", log_start_offset),
            ],
        ),
        ConsumerOffsetReset {
            consumer,
            tp,
            reset,
            reset_to,
        } => match reset_to {
            Some(to) => lang.tf(
                "ev.consumer_offset_reset",
                &[
                    ("c", consumer),
                    ("tp", tp),
                    ("reset", &offset_reset(*reset)),
                    ("to", to),
                ],
            ),
            None => lang.tf("ev.consumer_offset_none", &[("c", consumer), ("tp", tp)]),
        },
        UnflushedLost {
            tp,
            broker,
            to_offset,
            removed,
        } => lang.tf(
            "ev.unflushed_lost",
            &[
                ("b", &b(broker)),
                ("tp", tp),
                ("to", to_offset),
                ("n", removed),
            ],
        ),
        Appended {
            tp,
            broker,
            base_offset,
            count,
            epoch,
        } => lang.tf(
            "ev.appended",
            &[
                ("b", &b(broker)),
                ("tp", tp),
                ("offset", base_offset),
                ("n", count),
                ("epoch", epoch),
            ],
        ),
        Committed { tp, high_watermark } => {
            lang.tf("ev.committed", &[("tp", tp), ("hw", high_watermark)])
        }
        ProduceAcknowledged {
            producer,
            tp,
            base_offset,
            count,
        } => lang.tf(
            "ev.acked",
            &[
                ("p", &names.producer(*producer)),
                ("tp", tp),
                ("offset", base_offset),
                ("n", count),
            ],
        ),
        ProduceError {
            producer,
            tp,
            error,
            will_retry,
        } => {
            let then = if *will_retry {
                lang.t("produce_error.retry")
            } else {
                lang.t("produce_error.final")
            };
            lang.tf(
                "ev.produce_error",
                &[
                    ("p", &names.producer(*producer)),
                    ("tp", tp),
                    ("error", &format!("{error:?}")),
                    ("then", &then),
                ],
            )
        }
        DuplicateRejected {
            tp,
            producer_id,
            sequence,
        } => lang.tf(
            "ev.duplicate_rejected",
            &[("tp", tp), ("pid", producer_id), ("seq", sequence)],
        ),
        DuplicateAppended { message, tp } => {
            lang.tf("ev.duplicate_appended", &[("id", message), ("tp", tp)])
        }
        MessageLost {
            message,
            tp,
            acknowledged,
            cause,
        } => {
            let cause = match cause {
                LossCause::Truncation => lang.t("loss.truncation").to_string(),
                LossCause::PowerLoss => lang.t("loss.power_loss").to_string(),
                LossCause::DiskLoss => lang.t("loss.disk_loss").to_string(),
                LossCause::NeverAppended { cause } => {
                    let why = match cause {
                        NeverAppendedCause::Dropped(d) => drop_cause(lang, *d).to_string(),
                        NeverAppendedCause::Refused(e) => format!("{e:?}"),
                    };
                    return lang.tf(
                        "ev.lost_never_appended",
                        &[("m", &names.message(*message)), ("tp", tp), ("cause", &why)],
                    );
                }
            };
            let key = if *acknowledged {
                "ev.lost_acked"
            } else {
                "ev.lost"
            };
            lang.tf(
                key,
                &[
                    ("m", &names.message(*message)),
                    ("tp", tp),
                    ("cause", &cause),
                ],
            )
        }
        MessageDropped {
            id,
            from,
            to,
            cause,
        } => {
            let cause = drop_cause(lang, *cause);
            lang.tf(
                "ev.dropped",
                &[
                    ("id", id),
                    ("from", &names.node(lang, *from)),
                    ("to", &names.node(lang, *to)),
                    ("cause", &cause),
                ],
            )
        }
        LinkCut { from, to } => lang.tf(
            "ev.link_cut",
            &[
                ("from", &names.node(lang, *from)),
                ("to", &names.node(lang, *to)),
            ],
        ),
        LinkHealed { from, to } => lang.tf(
            "ev.link_healed",
            &[
                ("from", &names.node(lang, *from)),
                ("to", &names.node(lang, *to)),
            ],
        ),
        ManualNetwork { on } => lang
            .t(if *on { "ev.manual_on" } else { "ev.manual_off" })
            .to_string(),
        GroupRebalanced {
            group,
            generation,
            assignment,
        } => {
            let parts: Vec<String> = assignment
                .iter()
                .map(|(c, tps)| {
                    format!(
                        "{c}: {}",
                        tps.iter()
                            .map(|t| t.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
                .collect();
            lang.tf(
                "ev.rebalanced",
                &[
                    ("group", group),
                    ("gen", generation),
                    ("assignment", &parts.join("; ")),
                ],
            )
        }
        Consumed {
            consumer,
            tp,
            from_offset,
            count,
        } => lang.tf(
            "ev.consumed",
            &[
                ("c", consumer),
                ("tp", tp),
                ("offset", from_offset),
                ("n", count),
            ],
        ),
        OffsetCommitted { group, tp, offset } => lang.tf(
            "ev.offset_committed",
            &[("group", group), ("tp", tp), ("offset", offset)],
        ),
        CoordinatorFound {
            consumer,
            group,
            coordinator,
        } => lang.tf(
            "ev.coordinator_found",
            &[("c", consumer), ("group", group), ("b", coordinator)],
        ),
        MemberSessionExpired {
            group,
            consumer,
            coordinator,
        } => lang.tf(
            "ev.member_expired",
            &[("c", consumer), ("group", group), ("b", coordinator)],
        ),
        ConsumerCrashed { consumer } => lang.tf("ev.consumer_crashed", &[("c", consumer)]),
        ConsumerRestarted { consumer } => lang.tf("ev.consumer_restarted", &[("c", consumer)]),
        ReassignmentCompleted { tp, replicas } => lang.tf(
            "ev.reassigned",
            &[("tp", tp), ("replicas", &list(replicas))],
        ),
        ConfigChanged { topic, key } => match topic {
            Some(t) => lang.tf("ev.config_topic", &[("topic", t), ("key", key)]),
            None => lang.tf("ev.config_cluster", &[("key", key)]),
        },
        TopicCreated {
            topic,
            partitions,
            replication_factor,
        } => lang.tf(
            "ev.topic_created",
            &[
                ("topic", topic),
                ("n", partitions),
                ("rf", replication_factor),
            ],
        ),
        PartitionsAdded { topic, from, to } => lang.tf(
            "ev.partitions_added",
            &[("topic", topic), ("from", from), ("to", to)],
        ),
        TopicMarkedForDeletion { topic } => lang.tf("ev.topic_marked", &[("topic", topic)]),
        TopicDeleted { topic } => lang.tf("ev.topic_deleted", &[("topic", topic)]),
        ActionRefused {
            index,
            action,
            refusal,
        } => lang.tf(
            "ev.action_refused",
            &[
                ("i", index),
                ("action", action),
                ("reason", &crate::refusals::refusal(refusal, lang)),
            ],
        ),
    }
}

/// Why the network did not deliver a message, in the UI language.
fn drop_cause(lang: Lang, cause: DropCause) -> &'static str {
    match cause {
        DropCause::Loss => lang.t("drop.loss"),
        DropCause::Cut => lang.t("drop.cut"),
        DropCause::Manual => lang.t("drop.manual"),
        DropCause::ReceiverDown => lang.t("drop.receiver_down"),
        DropCause::SenderDown => lang.t("drop.sender_down"),
        DropCause::TimedOut => lang.t("drop.timed_out"),
    }
}
