//! The ledger: the life of every produced message (sent → appended → committed →
//! acknowledged → consumed → lost, or expired when retention deletes it), kept by the
//! core as the protocol runs.
//!
//! Memory stays bounded under retention: once the oldest messages are expired and held by
//! no replica any more (their fate is settled), they fold into per-partition counters
//! ([`Folded`]) and their records go. Ids stay what they were: [`Ledger::records`] is
//! indexed by id and holds the ids from [`Ledger::base`] on, in copy-on-write chunks
//! (`Chunked`), so cloning a run copies chunk pointers, not records.

use crate::action::Acks;
use crate::chunked::Chunked;
use crate::ids::{BrokerId, TimeMs, TopicPartition};
use serde::Serialize;

/// One produced message's life.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MessageRecord {
    /// Ledger id (order of production).
    pub id: u64,
    /// Value as produced.
    pub value: String,
    /// Where it was produced to.
    pub tp: TopicPartition,
    /// The producer's `acks` (0, 1 or -1 for all).
    pub acks: Acks,
    /// Producer index in the scenario.
    pub producer: u32,
    /// When the producer sent it.
    pub sent_at: TimeMs,
    /// When a leader first appended it.
    pub appended_at: Option<TimeMs>,
    /// When the producer learned of success, if it did.
    pub acknowledged_at: Option<TimeMs>,
    /// The error the producer finally got, if any (Kafka's error name).
    pub error: Option<String>,
    /// When it first fell below the leader's high watermark.
    pub committed_at: Option<TimeMs>,
    /// When it was lost from every replica, if it was.
    pub lost_at: Option<TimeMs>,
    /// Why it was lost (`Truncation`, `PowerLoss`, `DiskLoss`).
    pub lost_cause: Option<crate::events::LossCause>,
    /// When Kafka first deleted it from a replica on purpose: retention (`retention.ms`,
    /// `retention.bytes`) or the deletion of its topic (`kafka-topics.sh --delete`). Its
    /// fate is settled: it is expired and never counts as lost or at risk.
    pub expired_at: Option<TimeMs>,
    /// Brokers whose logs hold it now.
    pub held_by: Vec<BrokerId>,
    /// Extra copies appended by retries (0 with idempotence).
    pub duplicates: u32,
    /// Consumer groups that consumed it.
    pub consumed_by: Vec<String>,
    /// Every time a consumer finished processing it: (consumer, group, time). More than one
    /// entry per group is a redelivery (at-least-once after a failure).
    pub consumptions: Vec<(String, String, TimeMs)>,
    /// Start of the current loss window: believed written (acknowledged, or sent with
    /// acks=0 and no error), not lost, and one more broker crash would lose it (DESIGN §4's
    /// "at risk"; the rule is in `risk.rs`, which opens and closes the window after every step).
    pub at_risk_since: Option<TimeMs>,
    /// Total length of the closed loss windows.
    pub at_risk_ms: u64,
    /// The closed loss windows, `(from, to)`: a window that closed at `lost_at` ended in the
    /// loss, any other one closed when the message became safe (or expired).
    pub risk_windows: Vec<(TimeMs, TimeMs)>,
}

impl MessageRecord {
    /// A message just sent, nothing happened to it yet.
    fn sent(
        id: u64,
        value: String,
        tp: TopicPartition,
        acks: Acks,
        producer: u32,
        now: TimeMs,
    ) -> Self {
        MessageRecord {
            id,
            value,
            tp,
            acks,
            producer,
            sent_at: now,
            appended_at: None,
            acknowledged_at: None,
            error: None,
            committed_at: None,
            lost_at: None,
            lost_cause: None,
            expired_at: None,
            held_by: Vec::new(),
            duplicates: 0,
            consumed_by: Vec::new(),
            consumptions: Vec::new(),
            at_risk_since: None,
            at_risk_ms: 0,
            risk_windows: Vec::new(),
        }
    }

    /// What a folded message reads as: settled, expired, held by no replica.
    fn settled() -> MessageRecord {
        let tp = TopicPartition {
            topic: String::new(),
            partition: 0,
        };
        MessageRecord {
            appended_at: Some(0),
            acknowledged_at: Some(0),
            committed_at: Some(0),
            expired_at: Some(0),
            ..MessageRecord::sent(u64::MAX, String::new(), tp, Acks::All, 0, 0)
        }
    }

    /// Whether the producer believes the message is written: acknowledged (acks=1/all), or
    /// sent with acks=0 and no error (fire and forget: the producer never hears otherwise).
    pub fn believed_written(&self) -> bool {
        self.acknowledged_at.is_some() || (self.acks == Acks::None && self.error.is_none())
    }

    /// Whether it can still be lost: believed written, neither lost nor expired.
    pub fn exposed(&self) -> bool {
        self.believed_written() && self.lost_at.is_none() && self.expired_at.is_none()
    }

    /// Opens (`true`) or closes (`false`) the loss window at `now`.
    pub(crate) fn set_at_risk(&mut self, risk: bool, now: TimeMs) {
        match (risk, self.at_risk_since) {
            (true, None) => self.at_risk_since = Some(now),
            (false, Some(t)) => {
                self.at_risk_ms += now - t;
                self.risk_windows.push((t, now));
                self.at_risk_since = None;
            }
            _ => {}
        }
    }
}

/// Messages folded away, per partition: what their records said.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Folded {
    /// Messages folded.
    pub messages: u64,
    /// Of which acknowledged to their producer.
    pub acknowledged: u64,
    /// Of which consumed by at least one group.
    pub consumed: u64,
}

/// All messages plus per-broker copy counts.
#[derive(Clone, Debug)]
pub struct Ledger {
    /// Records by id; ids below its front were folded into `folded`.
    records: Chunked<MessageRecord>,
    copies: Chunked<u16>,
    n_brokers: usize,
    folded: std::collections::BTreeMap<TopicPartition, Folded>,
    /// What a folded id reads as, and where writes to one go (a settled message: expired).
    settled: MessageRecord,
    /// Ids written to since the last risk pass (`risk.rs` reassesses them).
    pub(crate) changed: Vec<u32>,
}

impl Ledger {
    /// An empty ledger for `n_brokers` brokers.
    pub fn new(n_brokers: usize) -> Ledger {
        Ledger {
            records: Chunked::new(),
            copies: Chunked::new(),
            n_brokers,
            folded: Default::default(),
            settled: MessageRecord::settled(),
            changed: Vec::new(),
        }
    }

    /// The records kept, indexed by id: ids [`Ledger::base`] on (every message until
    /// retention has expired some everywhere).
    pub fn records(&self) -> &Chunked<MessageRecord> {
        &self.records
    }

    /// The first id still kept in full.
    pub fn base(&self) -> u32 {
        self.records.front() as u32
    }

    /// Messages folded away, per partition.
    pub fn folded(&self) -> &std::collections::BTreeMap<TopicPartition, Folded> {
        &self.folded
    }

    /// One record; a folded id reads as a settled (expired) message.
    pub fn get(&self, msg: u32) -> &MessageRecord {
        self.records.get(msg as usize).unwrap_or(&self.settled)
    }

    /// Mutable record; a write to a folded id changes nothing that is kept. The id is
    /// reassessed by the next risk pass.
    pub fn get_mut(&mut self, msg: u32) -> &mut MessageRecord {
        self.changed.push(msg);
        self.get_mut_unqueued(msg)
    }

    /// Mutable record that the next risk pass does not reassess (the pass's own writes).
    pub(crate) fn get_mut_unqueued(&mut self, msg: u32) -> &mut MessageRecord {
        if self.records.get(msg as usize).is_some() {
            return self.records.get_mut(msg as usize).expect("kept");
        }
        self.settled = MessageRecord::settled();
        &mut self.settled
    }

    /// Folds the oldest messages that are expired and held by no replica into the
    /// per-partition counters (the longest such run at the front of the ledger).
    pub fn fold_settled(&mut self) {
        let settled = self
            .records
            .iter()
            .take_while(|m| m.expired_at.is_some() && m.held_by.is_empty());
        let mut n = 0;
        for m in settled {
            let f = self.folded.entry(m.tp.clone()).or_default();
            f.messages += 1;
            f.acknowledged += u64::from(m.acknowledged_at.is_some());
            f.consumed += u64::from(!m.consumed_by.is_empty());
            n += 1;
        }
        let base = self.records.front() + n;
        self.records.drop_front(base);
        self.copies.drop_front(base * self.n_brokers);
    }

    /// A producer sends a new message; returns its id.
    pub fn sent(
        &mut self,
        value: String,
        tp: TopicPartition,
        acks: Acks,
        producer: u32,
        now: TimeMs,
    ) -> u32 {
        let id = self.records.len() as u32;
        self.records.push(MessageRecord::sent(
            id.into(),
            value,
            tp,
            acks,
            producer,
            now,
        ));
        self.changed.push(id);
        for _ in 0..self.n_brokers {
            self.copies.push(0);
        }
        id
    }

    /// Copies of `msg` in broker `b`'s log (0 for a folded id).
    pub fn copies_on(&self, msg: u32, b: usize) -> u16 {
        self.copies
            .get(msg as usize * self.n_brokers + b)
            .copied()
            .unwrap_or(0)
    }

    /// A copy was appended on broker `b` (index) with id `id`.
    pub fn appended(&mut self, msg: u32, b: usize, id: BrokerId, now: TimeMs) {
        let Some(c) = self.copies.get_mut(msg as usize * self.n_brokers + b) else {
            return;
        };
        *c += 1;
        let first = *c == 1;
        let r = self.get_mut(msg);
        if first {
            if let Err(pos) = r.held_by.binary_search(&id) {
                r.held_by.insert(pos, id);
            }
        }
        r.appended_at.get_or_insert(now);
        r.lost_at = None;
        r.lost_cause = None;
    }

    /// The producer learned the message succeeded.
    pub fn acknowledged(&mut self, msg: u32, now: TimeMs) {
        let r = self.get_mut(msg);
        r.acknowledged_at.get_or_insert(now);
        r.error = None;
    }

    /// The message left every log: mark it lost (returns false if it already was).
    pub fn lost(&mut self, msg: u32, cause: crate::events::LossCause, now: TimeMs) -> bool {
        let r = self.get_mut(msg);
        if r.lost_at.is_some() || r.expired_at.is_some() {
            return false;
        }
        r.lost_at = Some(now);
        r.lost_cause = Some(cause);
        true
    }

    /// A copy was removed from broker `b`; returns true if that was the last copy anywhere.
    pub fn removed(&mut self, msg: u32, b: usize, id: BrokerId) -> bool {
        let Some(c) = self.copies.get_mut(msg as usize * self.n_brokers + b) else {
            return false;
        };
        *c = c.saturating_sub(1);
        let gone = *c == 0;
        let r = self.get_mut(msg);
        if gone {
            r.held_by.retain(|&x| x != id);
        }
        r.held_by.is_empty()
    }

    /// Retention deleted the copy on broker `b`: the message is expired (from the first
    /// deletion on), whatever copies remain.
    pub fn expired(&mut self, msg: u32, b: usize, id: BrokerId, now: TimeMs) {
        self.get_mut(msg).expired_at.get_or_insert(now);
        self.removed(msg, b, id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loss_window_opens_and_closes_into_the_closed_windows() {
        let tp = TopicPartition {
            topic: "t".into(),
            partition: 0,
        };
        let mut m = MessageRecord::sent(0, "v".into(), tp, Acks::None, 0, 1);
        assert!(
            m.exposed(),
            "acks=0 without error: believed written at once"
        );
        m.set_at_risk(true, 2);
        m.set_at_risk(true, 3);
        assert_eq!(m.at_risk_since, Some(2), "stays open from its start");
        m.set_at_risk(false, 7);
        m.set_at_risk(true, 9);
        m.set_at_risk(false, 10);
        assert_eq!((m.at_risk_since, m.at_risk_ms), (None, 6));
        assert_eq!(m.risk_windows, vec![(2, 7), (9, 10)]);
        m.error = Some("NOT_LEADER_OR_FOLLOWER".into());
        assert!(
            !m.exposed(),
            "an acks=0 send that failed is not believed written"
        );
    }

    #[test]
    fn last_copy_removed_reports_loss() {
        let mut l = Ledger::new(2);
        let tp = TopicPartition {
            topic: "t".into(),
            partition: 0,
        };
        let m = l.sent("v".into(), tp, Acks::Leader, 0, 0);
        l.appended(m, 0, 10, 1);
        l.appended(m, 1, 11, 2);
        assert_eq!(l.get(m).held_by, vec![10, 11]);
        l.acknowledged(m, 3);
        assert!(!l.removed(m, 0, 10));
        assert!(l.removed(m, 1, 11));
        assert!(l.lost(m, crate::events::LossCause::Truncation, 9));
        assert!(
            !l.lost(m, crate::events::LossCause::Truncation, 10),
            "lost once"
        );
        assert_eq!(l.get(m).appended_at, Some(1));
        assert!(l.changed.contains(&m), "the risk pass reassesses it");
    }

    #[test]
    fn a_message_deleted_by_retention_is_expired_never_lost_nor_exposed() {
        let mut l = Ledger::new(2);
        let tp = TopicPartition {
            topic: "t".into(),
            partition: 0,
        };
        let m = l.sent("v".into(), tp, Acks::All, 0, 0);
        l.appended(m, 0, 10, 1);
        l.appended(m, 1, 11, 1);
        l.acknowledged(m, 2);
        l.expired(m, 0, 10, 7);
        assert_eq!(l.get(m).expired_at, Some(7));
        assert!(!l.get(m).exposed(), "one copy left, but expired");
        assert!(l.removed(m, 1, 11), "no copy left anywhere");
        assert!(!l.lost(m, crate::events::LossCause::Truncation, 8));
        assert_eq!((l.get(m).lost_at, l.get(m).expired_at), (None, Some(7)));
    }

    #[test]
    fn expired_messages_held_nowhere_fold_into_counters_and_ids_stay() {
        let mut l = Ledger::new(1);
        let tp = TopicPartition {
            topic: "t".into(),
            partition: 0,
        };
        let n = 600;
        for i in 0..n {
            let m = l.sent(format!("m{i}"), tp.clone(), Acks::All, 0, 0);
            l.appended(m, 0, 7, 1);
            l.acknowledged(m, 2);
        }
        for m in 0..n - 5 {
            l.expired(m, 0, 7, 9);
        }
        l.get_mut(n - 5).duplicates = 3;
        l.fold_settled();
        assert_eq!(l.base(), n - 5);
        assert_eq!(l.records().iter().count(), 5);
        assert_eq!(
            l.folded()[&tp],
            Folded {
                messages: u64::from(n - 5),
                acknowledged: u64::from(n - 5),
                consumed: 0
            }
        );
        assert_eq!(
            (l.get(n - 5).value.as_str(), l.get(n - 5).duplicates),
            ("m595", 3)
        );
        assert_eq!(l.copies_on(n - 5, 0), 1);
        assert_eq!((l.copies_on(3, 0), l.get(3).expired_at), (0, Some(0)));
        l.appended(3, 0, 7, 10);
        assert!(!l.removed(3, 0, 7), "a folded id changes nothing");
        assert_eq!(l.sent("next".into(), tp, Acks::All, 0, 11), n);
    }
}
