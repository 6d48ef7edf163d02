//! The state of each record in one replica's log, as the ledger knows it. The UI
//! colours log cells by it and decides nothing itself.

use crate::chunked::Chunked;
use crate::ledger::MessageRecord;
use crate::view::RecordView;
use serde::Serialize;
use std::collections::BTreeSet;

/// What a record in a replica's log is, as far as producers and consumers are concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RecordState {
    /// Appended, not yet committed, and the producer has not been told it succeeded.
    Uncommitted,
    /// The producer was told it succeeded (acks=1 before the high watermark passed it),
    /// not committed yet, and no single broker crash would lose it.
    Acknowledged,
    /// Committed: it fell below a leader's high watermark (the ledger's `committed_at`),
    /// so consumers may read it and a clean election keeps it.
    Committed,
    /// In the loss window: believed written and one more broker crash would lose it (the
    /// ledger's `at_risk_since`, set by the core's risk pass, `risk.rs`).
    AtRisk,
    /// A second copy of a message already earlier in this log: a producer retry without
    /// idempotence appended it again (the ledger counts these in `duplicates`).
    Duplicate,
}

/// Where [`record_states`] finds a message by id: the core's ledger
/// ([`crate::Sim::ledger`]) or a copy of its records in id order.
pub trait MessageLookup {
    /// The record of message `id`, if kept.
    fn message(&self, id: u64) -> Option<&MessageRecord>;
}

impl MessageLookup for Chunked<MessageRecord> {
    fn message(&self, id: u64) -> Option<&MessageRecord> {
        usize::try_from(id).ok().and_then(|i| self.get(i))
    }
}

impl MessageLookup for [MessageRecord] {
    fn message(&self, id: u64) -> Option<&MessageRecord> {
        let i = self.binary_search_by_key(&id, |m| m.id).ok()?;
        Some(&self[i])
    }
}

/// The state of every record of `log` (one replica's records in offset order), read
/// from the ledger. A message's first copy in the log takes the message's state; later
/// copies are duplicates. Records the ledger does not track (the internal
/// `__consumer_offsets` topic's) are [`RecordState::Uncommitted`].
pub fn record_states<L: MessageLookup + ?Sized>(
    log: &[RecordView],
    ledger: &L,
) -> Vec<RecordState> {
    let mut seen = BTreeSet::new();
    log.iter()
        .map(|r| {
            if !seen.insert(r.message) {
                return RecordState::Duplicate;
            }
            let Some(m) = ledger.message(r.message) else {
                return RecordState::Uncommitted;
            };
            if m.at_risk_since.is_some() {
                RecordState::AtRisk
            } else if m.committed_at.is_some() {
                RecordState::Committed
            } else if m.acknowledged_at.is_some() {
                RecordState::Acknowledged
            } else {
                RecordState::Uncommitted
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::BrokerId;
    use crate::scenario::Scenario;
    use crate::sim::Sim;
    use crate::Action;

    /// Three brokers, one partition with RF 3, acks=1, the leader cut from its followers
    /// at 1.5 s (m1 is then on every replica), m2 produced at 2 s.
    fn run_to(t: u64, crash_leader_at: Option<u64>) -> Sim {
        let json = r#"{"id":"rs","title":{"en":"r","zh":"r"},"seed":1,"end_ms":60000,
            "cluster":{"brokers":[0,1,2]},
            "topics":[{"name":"t","partitions":1,"replication_factor":3,"start_index":0}],
            "producers":[{"name":"p1","acks":"1"}],
            "actions":[{"at_ms":1000,"do":"produce","producer":"p1","topic":"t","value":"m1"},
                       {"at_ms":1500,"do":"cut","from":{"Broker":0},"to":{"Broker":1}},
                       {"at_ms":1500,"do":"cut","from":{"Broker":0},"to":{"Broker":2}},
                       {"at_ms":2000,"do":"produce","producer":"p1","topic":"t","value":"m2"}]}"#;
        let mut sim = Sim::new(&Scenario::from_json(json).unwrap()).unwrap();
        if let Some(c) = crash_leader_at {
            sim.run_until(c);
            sim.apply(Action::Crash { broker: 0 }).unwrap();
        }
        sim.run_until(t);
        sim
    }

    fn states_on(sim: &Sim, broker: BrokerId) -> Vec<(String, RecordState)> {
        let view = sim.view();
        let r = view.partitions[0]
            .replica_states
            .iter()
            .find(|r| r.broker == broker)
            .unwrap();
        r.log
            .iter()
            .map(|x| x.value.clone())
            .zip(record_states(&r.log, sim.ledger()))
            .collect()
    }

    #[test]
    fn an_acks1_record_on_the_cut_off_leader_alone_is_at_risk_and_m1_is_committed() {
        let sim = run_to(2_500, None);
        use RecordState::*;
        assert_eq!(
            states_on(&sim, 0),
            [("m1".into(), Committed), ("m2".into(), AtRisk)]
        );
        assert_eq!(states_on(&sim, 1), [("m1".into(), Committed)]);
    }

    /// The issue's case: after the leader crashes, nothing has a leader's high watermark
    /// for a while, yet m1, committed before, stays committed on every replica.
    #[test]
    fn a_record_committed_before_the_leader_crashed_stays_committed() {
        let sim = run_to(2_600, Some(2_500));
        let p = &sim.view().partitions[0];
        assert_eq!(
            (p.leader, p.high_watermark),
            (None, 0),
            "no live leader, so no leader high watermark"
        );
        for b in [0, 1, 2] {
            assert_eq!(
                states_on(&sim, b)[0],
                ("m1".into(), RecordState::Committed),
                "broker {b}"
            );
        }
        let sim = run_to(30_000, Some(2_500));
        for b in [1, 2] {
            assert_eq!(
                states_on(&sim, b)[0],
                ("m1".into(), RecordState::Committed),
                "broker {b}"
            );
        }
    }

    #[test]
    fn a_second_copy_of_a_message_is_a_duplicate_and_unknown_records_are_uncommitted() {
        let sim = run_to(2_500, None);
        let view = sim.view();
        let mut log = view.partitions[0].replica_states[0].log.clone();
        log.push(log[0].clone());
        let mut internal = log[0].clone();
        internal.message = u64::MAX;
        log.push(internal);
        let states = record_states(&log, sim.ledger());
        assert_eq!(
            states[2..],
            [RecordState::Duplicate, RecordState::Uncommitted]
        );
    }

    #[test]
    fn acknowledged_but_not_yet_committed_while_two_brokers_hold_it() {
        let sim = run_to(2_500, None);
        let mut ledger = sim.ledger().to_vec();
        let m2 = ledger.iter_mut().find(|m| m.value == "m2").unwrap();
        m2.held_by = vec![0, 1];
        m2.at_risk_since = None;
        let view = sim.view();
        let states = record_states(&view.partitions[0].replica_states[0].log, ledger.as_slice());
        assert_eq!(states, [RecordState::Committed, RecordState::Acknowledged]);
    }
}
