//! What the explorer reads from the core's ledger, in one place (the ledger's storage is
//! the core's business; only `Sim::ledger().iter()` and record fields are used here).

use isrlab_sim::ledger::MessageRecord;
use isrlab_sim::Sim;
use std::collections::BTreeSet;

/// Whether the producer believes `m` is written: acknowledged (acks=1/all), or sent with
/// acks=0 and no error (fire and forget: the producer never hears otherwise).
pub fn believed_written(m: &MessageRecord) -> bool {
    m.acknowledged_at.is_some() || (m.acks == isrlab_sim::Acks::None && m.error.is_none())
}

/// Ledger ids of the messages believed written and not lost, as of `sim`'s clock.
pub fn written_and_kept(sim: &Sim) -> BTreeSet<u64> {
    sim.ledger()
        .iter()
        .filter(|m| believed_written(m) && m.lost_at.is_none())
        .map(|m| m.id)
        .collect()
}

/// Ledger ids of every message lost from every replica so far.
pub fn lost(sim: &Sim) -> BTreeSet<u64> {
    sim.ledger()
        .iter()
        .filter(|m| m.lost_at.is_some())
        .map(|m| m.id)
        .collect()
}

/// How many messages believed written are lost (a sweep run's loss).
pub fn written_and_lost_count(sim: &Sim) -> u64 {
    let lost = |m: &&MessageRecord| believed_written(m) && m.lost_at.is_some();
    sim.ledger().iter().filter(lost).count() as u64
}

/// The value of ledger message `id` (for printing), if it is in the ledger.
pub fn value_of(sim: &Sim, id: u64) -> Option<String> {
    sim.ledger()
        .iter()
        .find(|m| m.id == id)
        .map(|m| m.value.clone())
}
