//! Running one scenario through the core and reading what went wrong: the core's
//! invariant violations (checked by the core after every step), acknowledged and
//! committed losses from the events and the ledger, and panics.

use isrlab_sim::events::{EventKind, LossCause};
use isrlab_sim::invariants::ExpectedUnder;
use isrlab_sim::TopicPartition;
use isrlab_sim::{Invariant, Scenario, Sim};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// What one run showed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// Messages produced (ledger entries).
    pub messages: usize,
    /// Violations the core reported that no known unsafe condition explains.
    pub violations: usize,
    /// The invariants they broke, each once, in the order first seen.
    pub violated: Vec<Invariant>,
    /// Violations the core reported as ones Kafka itself allows (`expected_under`), by
    /// that condition: reported, never counted as failures.
    pub allowed: BTreeMap<&'static str, u32>,
    /// Messages lost (acknowledged or committed) on a partition whose violation reports name
    /// a condition under which Kafka itself loses data (`expected_under`, which the core
    /// keeps per partition), by that condition; not in `acknowledged_losses` or
    /// `committed_losses`.
    pub allowed_losses: BTreeMap<&'static str, u32>,
    /// Acknowledged messages lost (at the loss, or acknowledged after it and never back).
    pub acknowledged_losses: u32,
    /// Lost messages that had been committed (below a leader's high watermark).
    pub committed_losses: u32,
    /// Acknowledged losses by the ledger's loss cause (`Truncation`, `PowerLoss`, ...).
    pub losses_by_cause: BTreeMap<&'static str, u32>,
    /// The panic's message and place, if the core panicked.
    pub panic: Option<String>,
    /// Why the scenario could not be run, if it could not.
    pub invalid: Option<String>,
    /// The run's trace hash (0 when it did not finish).
    pub trace_hash: u64,
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the panic hook with one that prints nothing and keeps the message and place
/// for [`run_scenario`] (a soak reports panics in its table instead of on stderr).
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let text = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string());
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{text}{place}")));
    }));
}

/// Runs `f`, turning a panic into `Err(message)`.
pub fn catching<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    LAST_PANIC.with(|p| p.borrow_mut().take());
    catch_unwind(AssertUnwindSafe(f)).map_err(|_| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| "panic".to_string())
    })
}

/// Runs a scenario from time 0 to its `end_ms` and reads the result.
pub fn run_scenario(scenario: &Scenario) -> Outcome {
    let run = catching(|| {
        let mut sim = Sim::new(scenario).map_err(|e| e.to_string())?;
        sim.run_until(sim.end_ms());
        Ok(outcome_of(&sim))
    });
    match run {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(invalid)) => Outcome {
            invalid: Some(invalid),
            ..Outcome::default()
        },
        Err(panic) => Outcome {
            panic: Some(panic),
            ..Outcome::default()
        },
    }
}

/// The name of a loss cause, without its details.
fn cause_name(cause: &LossCause) -> &'static str {
    match cause {
        LossCause::Truncation => "Truncation",
        LossCause::PowerLoss => "PowerLoss",
        LossCause::DiskLoss => "DiskLoss",
        LossCause::NeverAppended { .. } => "NeverAppended",
    }
}

/// The name of a condition under which Kafka breaks the invariants.
fn expected_name(why: ExpectedUnder) -> &'static str {
    match why {
        ExpectedUnder::HighWatermarkTruncation => "HighWatermarkTruncation",
        ExpectedUnder::UncleanElection => "UncleanElection",
        ExpectedUnder::PowerLoss => "PowerLoss",
        ExpectedUnder::DiskLoss => "DiskLoss",
        ExpectedUnder::StaleControllerRequest => "StaleControllerRequest (before KIP-380)",
    }
}

/// Reads violations and losses from a run (finished or not).
pub fn outcome_of(sim: &Sim) -> Outcome {
    let mut out = Outcome {
        messages: sim.ledger().len(),
        trace_hash: sim.trace_hash(),
        ..Outcome::default()
    };
    let mut explained: BTreeMap<&TopicPartition, ExpectedUnder> = BTreeMap::new();
    for v in sim.violations() {
        if let Some(why) = v.expected_under {
            explained.insert(&v.tp, why);
        }
        if let Some(why) = v.expected_under {
            *out.allowed.entry(expected_name(why)).or_default() += 1;
            continue;
        }
        out.violations += 1;
        if !out.violated.contains(&v.invariant) {
            out.violated.push(v.invariant);
        }
    }
    // Every message that ever left every replica: its first cause, whether it was
    // acknowledged at a loss, and whether it had been committed before one.
    let ledger = sim.ledger();
    let mut lost: BTreeMap<u64, (&'static str, bool, bool)> = BTreeMap::new();
    for e in sim.events() {
        if let EventKind::MessageLost {
            message,
            acknowledged,
            cause,
            ..
        } = &e.kind
        {
            if matches!(cause, LossCause::NeverAppended { .. }) {
                continue;
            }
            let committed = ledger
                .get(*message as usize)
                .and_then(|m| m.committed_at)
                .is_some_and(|c| c <= e.time_ms);
            let entry = lost
                .entry(*message)
                .or_insert((cause_name(cause), false, false));
            entry.1 |= *acknowledged;
            entry.2 |= committed;
        }
    }
    for (&id, &(cause, acknowledged_then, committed)) in &lost {
        let Some(m) = ledger.get(id as usize) else {
            continue;
        };
        // Acknowledged after the loss and never back (a phantom acknowledgement) counts too.
        let acknowledged_later = m.lost_at.is_some() && m.acknowledged_at.is_some();
        if let Some(&why) = explained.get(&m.tp) {
            if acknowledged_then || acknowledged_later || committed {
                *out.allowed_losses.entry(expected_name(why)).or_default() += 1;
            }
            continue;
        }
        if acknowledged_then || acknowledged_later {
            out.acknowledged_losses += 1;
            *out.losses_by_cause.entry(cause).or_default() += 1;
        }
        out.committed_losses += u32::from(committed);
    }
    out
}
