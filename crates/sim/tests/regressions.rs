//! Regression scenarios: each file in `tests/regressions/` is a shrunk schedule that once
//! made the engine lose an acknowledged message or break an invariant in a configuration
//! where Kafka does neither (acks=all, min ISR 2, unclean election off, protocol >= 2.0).
//! Each test is named after the Kafka rule whose absence caused it.
#![cfg(not(target_arch = "wasm32"))]

use isrlab_sim::events::EventKind;
use isrlab_sim::invariants::{ExpectedUnder, Invariant};
use isrlab_sim::{NodeId, Scenario, Sim};
use std::path::PathBuf;

fn load(name: &str) -> Sim {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/regressions")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let scenario = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    Sim::new(&scenario).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn run(name: &str) -> Sim {
    let mut sim = load(name);
    sim.run_until(sim.end_ms());
    sim
}

/// No acknowledged message lost, no invariant broken, and every acknowledged acks=all
/// message is held by at least one replica at the end, unless retention expired it.
fn assert_safe(name: &str) -> Sim {
    let sim = run(name);
    assert!(
        sim.violations().is_empty(),
        "{name}: violations {:#?}",
        sim.violations()
    );
    for m in sim.ledger() {
        assert!(
            !(m.acknowledged_at.is_some() && m.lost_at.is_some()),
            "{name}: acknowledged and lost: {m:#?}"
        );
        if m.acknowledged_at.is_some() && m.acks == isrlab_sim::Acks::All && m.expired_at.is_none()
        {
            assert!(
                !m.held_by.is_empty(),
                "{name}: acknowledged but on no replica: {m:#?}"
            );
        }
    }
    sim
}

/// Partition.makeFollower (Kafka 2.1+): every new leader epoch restarts the fetcher and
/// the truncation, even when the leader did not change; the follower that had followed
/// a zombie at an older epoch removes its divergent suffix.
#[test]
fn every_leader_epoch_change_restarts_truncation_make_follower_2_1() {
    assert_safe("same-leader-epoch-bump");
}

/// KafkaZkClient.registerBroker (NodeExists while the old session lives) and KIP-380: a
/// leader that lost its disk and restarted within its session is handled as a failure and
/// a startup, and never leads again at its old epoch on an empty log.
#[test]
fn bounced_broker_registers_only_after_its_old_session_expires_kip_380() {
    assert_safe("fast-bounce-disk-loss");
}

/// AbstractFetcherThread + KIP-74: a follower appends only whole batches (a batch cut
/// short by `replica.fetch.max.bytes` is fetched again), and ProducerStateManager matches
/// a duplicate on the batch's first and last sequence, so the idempotent retry of a batch
/// the new leader holds only in part is never acknowledged from the part.
#[test]
fn follower_appends_only_whole_batches_kip_74() {
    let sim = assert_safe("phantom-ack-partial-batch");
    for m in sim.ledger().iter().filter(|m| m.value.starts_with("v4-")) {
        assert!(
            m.acknowledged_at.is_some(),
            "the retried batch is acknowledged once really appended: {m:#?}"
        );
    }
}

/// ZooKeeper answers belong to the session they were sent in: late ZkSessionExpired
/// answers to a slow broker's old pings change nothing, so no healthy broker's session is
/// expired by its own re-registration. The run has one power loss without flush: the
/// member that lost its tail breaks WeakIsr as in Kafka, and the report says so.
#[test]
fn stale_session_answers_change_nothing_zookeeper_sessions() {
    let sim = run("session-flap");
    for m in sim.ledger() {
        assert!(
            !(m.acknowledged_at.is_some() && m.lost_at.is_some()),
            "acknowledged and lost: {m:#?}"
        );
    }
    for v in sim.violations() {
        assert_eq!(v.invariant, Invariant::WeakIsr, "{v:#?}");
        assert_eq!(v.expected_under, Some(ExpectedUnder::PowerLoss), "{v:#?}");
    }
    let mut expired = std::collections::BTreeMap::new();
    for e in sim.events() {
        if let EventKind::SessionExpired { broker } = e.kind {
            *expired.entry(broker).or_insert(0) += 1;
        }
    }
    assert!(
        expired.values().all(|&n| n == 1),
        "each session expires once, no flap: {expired:?}"
    );
}

/// Partition.makeLeader: at a new leader epoch the leader does not trust a follower's LEO
/// from an older epoch. Here broker 22 missed the LeaderAndIsr of epoch 2 (lost on a lossy
/// network), stayed leader at epoch 1 while broker 11 truncated under broker 7, and was
/// elected again at epoch 3: its HW must wait for 11's next fetch, not jump to 11's old LEO.
#[test]
fn new_leader_epoch_forgets_follower_log_end_offsets_make_leader() {
    assert_safe("leader-missed-an-epoch");
}

/// LeaderEpochFileCache.assign (`maybeTruncateNonMonotonicEntries`) and
/// UnifiedLog.truncateTo: a broker that became leader on an empty log (epoch 1 at offset 0)
/// and then followed, appending the leader's epoch-0 records, replaces that dangling entry.
/// Left in place, its walk-back answer "epoch 0 ends at 0" made it truncate a committed
/// record: here a resumed zombie leader rejoins the ISR, then truncates below the HW.
#[test]
fn appended_batch_replaces_dangling_epoch_entry_leader_epoch_file_cache_assign() {
    let sim = assert_safe("zombie-resume-empty-leader-epoch-entry");
    assert!(
        !sim.events()
            .iter()
            .any(|e| matches!(e.kind, EventKind::Truncated { to_offset: 0, .. })),
        "no walk-back to offset 0"
    );
}

/// The same rule on a reassignment's same-leader epoch bump (2.0 preset): a follower never
/// truncates a committed record. (When found, the follower's log equalled the leader's and
/// it truncated all of it; since controller requests go one at a time per broker
/// (ControllerChannelManager) the schedule takes another path, where a follower rightly
/// truncates records that were never committed; the rule itself is pinned in `log.rs`.)
#[test]
fn follower_never_truncates_a_committed_record_leader_epoch_file_cache_assign() {
    let sim = assert_safe("reassign-empty-leader-epoch-entry");
    for e in sim.events() {
        let EventKind::Truncated { records, .. } = &e.kind else {
            continue;
        };
        for r in records {
            let m = &sim.ledger()[r.message as usize];
            assert!(
                m.committed_at.is_none_or(|c| c > e.time_ms),
                "committed record truncated at {}: {m:#?}",
                e.time_ms
            );
        }
    }
}

/// Partition.handleAlterIsrResponse (2.7+; in 2.5 the ZooKeeper write is synchronous): an
/// answer belongs to the ISR write it answers. A slow leader got LeaderAndIsr at a new epoch
/// while its old write was in flight, sent a new write, and took the old write's late
/// rejection for the new write's answer; the new write's success was then ignored, so
/// ZooKeeper's ISR held broker 0 while the leader's HW did not wait for it, and every
/// later write was rejected (stale zkVersion).
#[test]
fn isr_write_answer_matches_its_own_write_handle_alter_isr_response() {
    let sim = assert_safe("stale-isr-write-answer");
    let rejected = sim
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::IsrUpdateRejected { .. }))
        .count();
    assert!(
        rejected <= 1,
        "no endless stale-zkVersion rejections: {rejected}"
    );
}

/// AbstractFetcherThread.truncateToEpochEndOffsets (KIP-320 `currentLeaderEpoch`): an
/// OffsetsForLeaderEpoch answer counts only if no leader epoch change happened since the
/// request. Follower 3 asked paused leader 13 about epoch 0 (epoch 4), caught up under
/// another leader, then asked 13 again about epoch 1 (epoch 6); on resuming, 13 answered
/// the old query first ("epoch 0 ends at 1") and 3 truncated a committed record: WeakIsr.
#[test]
fn epoch_answer_counts_only_for_the_current_leader_epoch_truncate_to_epoch_end_offsets() {
    let sim = assert_safe("stale-epoch-query-answer");
    assert!(
        !sim.events()
            .iter()
            .any(|e| matches!(e.kind, EventKind::Truncated { .. })),
        "nothing to truncate: {}",
        sim.events().len()
    );
}

/// Partition.makeLeader: a leader at a new epoch trusts no follower LEO from an older
/// epoch. Found by the soak (seed 20261201, schedule 66024, 2.0 preset): follower 1 walked
/// back below the HW, a preferred election made it leader, and its HW counted LEOs the
/// others had reported to an older leader, so acknowledged acks=all messages were lost.
#[test]
fn a_walked_back_follower_that_leads_loses_nothing_make_leader_forgets_old_follower_leos() {
    assert_safe("walk-back-below-hw-then-leads");
}

/// Runs the scenario step by step, checking after each step that no two requests
/// (LeaderAndIsr, UpdateMetadata, StopReplica) one controller sent since its latest
/// election are on the network to one broker at once (Kafka's RequestSendThread sends one
/// and waits for its response; requests of an earlier term may still be on the wire), then
/// checks it is safe.
fn assert_controller_requests_one_at_a_time(name: &str) -> Sim {
    let mut sim = load(name);
    let end = sim.end_ms();
    let mut elected_at = std::collections::BTreeMap::new();
    while sim.next_event_time().is_some_and(|t| t <= end) {
        let seen = sim.events().len();
        sim.step();
        for e in sim.events().range(seen, sim.events().len()) {
            if let EventKind::ControllerElected { broker, .. } = e.kind {
                elected_at.insert(NodeId::Broker(broker), e.time_ms);
            }
        }
        let view = sim.view();
        let is_request =
            |kind: &str| matches!(kind, "LeaderAndIsr" | "UpdateMetadata" | "StopReplica");
        let requests: Vec<_> = view
            .in_flight
            .iter()
            .filter(|m| is_request(&m.kind) && Some(&m.sent_at) > elected_at.get(&m.from))
            .map(|m| (m.from, m.to))
            .collect();
        for (i, link) in requests.iter().enumerate() {
            assert!(
                !requests[i + 1..].contains(link),
                "{name}: two controller requests on {link:?} at {}",
                sim.now()
            );
        }
    }
    assert_safe(name)
}

/// ControllerChannelManager: one RequestSendThread per broker sends the controller's
/// requests one at a time, in order. When found, a reassignment's StopReplica (delete)
/// overtook an older LeaderAndIsr naming broker 3 leader at epoch 5; 3 recreated the replica
/// empty and led on it, and follower 2 walked back to offset 0.
#[test]
fn controller_requests_to_a_broker_go_one_at_a_time_controller_channel_manager() {
    assert_controller_requests_one_at_a_time("reassign-new-leader-walk-back-truncates-to-zero");
}

/// The same rule with a slow controller (2.0 preset): controller 3, slow by 30 s, sent a
/// LeaderAndIsr naming itself leader at epoch 4; the reassignment's StopReplica (delete)
/// overtook it, so 3 recreated the replica empty, led at epoch 4, and acknowledged a
/// record its followers at the real epoch did not have: ReplicasAgreeBelowHw.
#[test]
fn slow_controller_requests_stay_in_order_controller_channel_manager() {
    assert_controller_requests_one_at_a_time(
        "slow-controller-stop-replica-overtakes-leader-and-isr",
    );
}

/// The same rule on a reassignment completed at once (3.7 preset): the epoch-4 LeaderAndIsr
/// (AR + RAR) and the epoch-5 one (new leader 3) go out together with the StopReplica
/// for removed broker 2; the StopReplica overtook the epoch-4 request, 2 recreated its
/// replica empty and led at epoch 4, and follower 0 walked back to 0 and stayed in the ISR.
#[test]
fn reassignment_stop_replica_waits_for_leader_and_isr_controller_channel_manager() {
    assert_controller_requests_one_at_a_time("reassignment-stop-replica-overtakes-leader-and-isr");
}

/// The same rule across two reassignments (2.5 preset): a slow controller's StopReplica
/// from the first one, and a LeaderAndIsr at epoch 1, arrived after broker 1 had rejoined
/// at epoch 4; 1 deleted its replica, recreated it empty at epoch 1 and counted as an ISR
/// member with LEO 0.
#[test]
fn delayed_stop_replica_cannot_undo_a_newer_leader_and_isr_controller_channel_manager() {
    assert_controller_requests_one_at_a_time(
        "slow-controller-stale-leader-and-isr-after-stop-replica",
    );
}

/// Partition.makeLeader records the log end offset as the start of its leader epoch and
/// maybeExpandIsr admits a follower only from there (KAFKA-7128). When found, leader 6
/// restarted and led again at epoch 2 (the controller had been paused through its death);
/// its HW, read from the checkpoint, lagged its log, so follower 8 joined the ISR at that
/// HW without the records 6 had acknowledged, was elected at epoch 3, and 15 acknowledged
/// records were truncated away. (The unit test
/// `same_epoch_leader_after_restart_admits_a_follower_only_at_its_epoch_start_kafka_7128`
/// pins the rule; this schedule now also takes another path, as controller requests go one
/// at a time.)
#[test]
fn restarted_leader_admits_followers_from_its_epoch_start_offset_kafka_7128() {
    assert_safe("restarted-leader-same-epoch-acked-loss");
}

/// A request travels on a TCP connection to one broker process (Kafka's NetworkClient):
/// when that process dies the connection is gone, and what was on it never reaches the
/// restarted process. When found (2.0 preset, no broker epochs), zombie controller 3 (slow
/// by 33 s) had sent a LeaderAndIsr at controller epoch 1 naming itself leader; it
/// arrived after broker 4 had crashed and restarted, whose known controller epoch starts
/// again at 0, so 4 followed 3, truncated a committed record, then led with 3's log:
/// WeakIsr and ReplicasAgreeBelowHw.
#[test]
fn requests_die_with_the_receiving_process_network_client_connection() {
    let sim = assert_safe("restarted-broker-gets-zombie-controller-request");
    assert!(
        !sim.events().iter().any(|e| matches!(
            e.kind,
            EventKind::BecameFollower {
                broker: 4,
                leader: 3,
                epoch: 1,
                ..
            }
        )),
        "the restarted broker never follows the zombie controller's leader"
    );
}

/// The connection rule again (2.0 preset): zombie controller 7, slow by 15 s, had sent
/// broker 9 a LeaderAndIsr naming 7 leader at epoch 2; 9 crashed and restarted (its known
/// controller epoch back at 0) before it arrived, followed zombie leader 7, and let 7
/// acknowledge a record that the real leader's election later truncated: StrongIsr.
#[test]
fn zombie_leader_request_dies_with_the_restarted_follower_network_client_connection() {
    let sim = assert_safe("restarted-follower-gets-zombie-leader-request");
    assert!(
        !sim.events().iter().any(|e| e.time_ms > 55_461
            && matches!(
                e.kind,
                EventKind::BecameFollower {
                    broker: 9,
                    leader: 7,
                    epoch: 2,
                    ..
                }
            )),
        "broker 9, restarted at 55461 ms, never follows the zombie leader"
    );
}

/// Partition.makeLeader at a new epoch (2.0 preset): zombie leader 13, cut off from the
/// controller at epoch 2, was elected again at epoch 4 with follower 6, which had meanwhile
/// truncated its copy of offset 0 under another leader. The HW must wait for 6's next fetch
/// instead of trusting 6's LEO from epoch 2 (the fix of `leader-missed-an-epoch`; this
/// finding was recorded before that fix was merged).
#[test]
fn zombie_leader_at_a_new_epoch_waits_for_follower_fetches_make_leader() {
    assert_safe("zombie-leader-new-epoch-stale-follower-leo");
}

/// Segments a follower deletes to follow its leader's log start offset.
fn follower_deletions(sim: &Sim, broker: u32) -> Vec<u64> {
    sim.events()
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::SegmentsDeleted {
                broker: b,
                log_start_offset,
                breach: isrlab_sim::broker::log::RetentionBreach::LeaderLogStartOffset,
                ..
            } if b == broker => Some(log_start_offset),
            _ => None,
        })
        .collect()
}

/// ReplicaFetcherThread.processPartitionData → maybeIncrementLogStartOffset (KIP-107):
/// soak finding 498f7386e16d476e (3.7, retention.ms). Leader 4 re-took offsets 0..45 at
/// epoch 1 and retention deleted [0, 37); restarted broker 2 walked back to 37 (the
/// leader's first cached epoch starts there) keeping its epoch-0 records below it. Its
/// first fetch response moves its log start offset to the leader's 37, and the check
/// compares only the records both replicas still hold.
#[test]
fn follower_moves_its_log_start_offset_to_the_leaders_kip_107() {
    let sim = assert_safe("follower-keeps-old-epoch-below-leader-log-start");
    assert_eq!(follower_deletions(&sim, 2), vec![37]);
}

/// The same rule under retention.bytes (2.5 preset, 6 brokers): soak finding
/// 2e74cbdb4178e536, broker 0 walking back to its leader's log start offset 23. Since the
/// controller writes ZooKeeper by messages (branch `actors`) leaders move one round trip
/// later and this schedule no longer sends broker 0 below the leader's log start; it is
/// kept as a safe schedule.
#[test]
fn follower_drops_the_prefix_its_leader_deleted_by_size_kip_107() {
    assert_safe("follower-keeps-deleted-prefix-after-walk-back");
}

/// ControllerChannelManager.RequestSendThread re-sends a request on a new connection until
/// it is answered; KIP-380 (Kafka 2.2) added broker epochs so that a restarted broker
/// refuses one meant for its previous registration. Soak finding a54c652a24d9e5b2 (2.0
/// preset): controller 0, cut from ZooKeeper's notifications, never saw broker 1 die and
/// re-sent a LeaderAndIsr to the restarted broker 1, which led on a stale ISR (reported as
/// expected under a stale controller request). Since the controller writes ZooKeeper by
/// messages and waits for the answers (branch `actors`), the timings moved and this
/// schedule no longer reaches that state: it is safe now, and kept so. The fence itself is
/// the golden scenario `zombie-controller-fenced`.
#[test]
fn a_stale_controller_request_before_broker_epochs_is_reported_as_kafka_behaviour_kip_380() {
    assert_safe("stale-controller-request-reaches-restarted-broker-2-0");
}

/// The same Kafka 2.0 hole with acknowledged loss (soak finding d8f1ddf20b5f03ee, seed
/// 20261204): broker 3 restarted and took a LeaderAndIsr meant for its previous
/// registration from zombie controller 1 (slow by 30 s, its session gone), and let zombie
/// leader 1 acknowledge records later truncated. With the controller's ZooKeeper writes as
/// messages (branch `actors`) the timings moved and this schedule no longer reaches that
/// state: it is safe now, and kept so.
#[test]
fn a_stale_controller_request_before_broker_epochs_can_lose_acknowledged_writes_kip_380() {
    assert_safe("stale-controller-request-zombie-leader-acked-loss-2-0");
}

/// KAFKA-6082's hole before 2.1: soak finding 2039a53f4a0e7231 (2.0 preset). Old controller
/// 0, slow by 13.5 s, had its session expire and broker 1 took over at epoch 2; 0's
/// preferred election, written 13.5 s late without a `/controller_epoch` check, made broker
/// 1 leader of `__consumer_offsets-0`. Controller 1's write for the controlled shutdown of 1
/// then met BADVERSION, and its retry, decided again on that fresh state, took the leader
/// itself out of the ISR (LeaderInIsr). The retry now moves a shutting-down leader away
/// (and replaces a dead one) instead.
#[test]
fn a_retried_isr_removal_never_removes_the_leader_after_a_zombie_controller_write_kafka_6082() {
    assert_safe("slow-zombie-controller-write-then-retry-2-0");
}

/// The same with a paused controller (soak finding 3c72d55b1d0d15d6, 2.0 preset): controller
/// 11, paused past its session, resumed after broker 2 won epoch 3 and wrote its queued
/// changes, which nothing fenced before 2.1.
#[test]
fn a_resumed_zombie_controllers_writes_do_not_make_the_retry_remove_a_leader_kafka_6082() {
    assert_safe("paused-zombie-controller-write-then-retry-2-0");
}

/// Soak finding 03ae1d7c2864b88d (seed 20261202): a Metadata answer that left before a
/// topic was created replaced the producer's whole table, so a send to the new topic
/// indexed past its end and the core panicked. An answer now updates the partitions it
/// knows and leaves the newer ones unknown (the producer asks again for them, as Kafka's
/// `Metadata` does for a topic missing from a response).
#[test]
fn a_metadata_answer_older_than_a_created_topic_leaves_its_partitions_unknown() {
    let sim = assert_safe("metadata-answer-older-than-a-created-topic");
    let created = (sim.ledger().iter()).filter(|m| m.tp.topic == "created-1");
    assert_eq!(created.count(), 1);
}
