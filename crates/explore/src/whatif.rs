//! "What if this broker failed now?": fork the `Sim`, apply the fault, restart the broker
//! after its ZooKeeper session timeout, run until settled, and compare ledgers.

use crate::fault::Fault;
use crate::future::Future;
use crate::settle::run_until_settled;
use crate::written::{lost, written_and_kept};
use isrlab_sim::{BrokerId, Sim, TimeMs};
use serde::Serialize;

/// How long after the recovery a fork may take to settle before it is called offline.
pub const DEFAULT_SETTLE_HORIZON_MS: TimeMs = 30_000;

/// The answer for one broker and one fault.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WhatIf {
    /// The broker that fails.
    pub broker: BrokerId,
    /// The fault.
    pub fault: Fault,
    /// When the fault is applied (the original's clock).
    pub at_ms: TimeMs,
    /// When the broker is brought back ([`Fault::recovery_after`]).
    pub recovered_at_ms: TimeMs,
    /// When the fork stopped: settled, or the horizon.
    pub until_ms: TimeMs,
    /// False when some partition was still offline (or diverged) at the horizon.
    pub settled: bool,
    /// Ledger ids of messages believed written and not lost at `at_ms` that the fork has
    /// lost by `until_ms`. The fork keeps playing the scenario's own actions, as the real
    /// run would, so a loss they cause before the fork settles is counted too.
    pub lost: Vec<u64>,
}

/// Forks `sim`, applies `fault` to `broker`, recovers it after the session timeout and
/// runs until settled (or `settle_horizon_ms` after the recovery). `None` when the core
/// refuses the fault now (e.g. the broker is already down).
pub fn what_if(
    sim: &Sim,
    broker: BrokerId,
    fault: Fault,
    settle_horizon_ms: TimeMs,
) -> Option<WhatIf> {
    let mut future = Future::fork(sim, broker, fault, false)?;
    let (at_ms, recovered_at_ms) = (future.start_ms(), future.recovered_at_ms());
    future.seek(recovered_at_ms);
    let mut fork = future.into_sim();
    let (until_ms, settled) =
        run_until_settled(&mut fork, recovered_at_ms.saturating_add(settle_horizon_ms));
    let lost_in_fork = lost(&fork);
    let lost = written_and_kept(sim)
        .into_iter()
        .filter(|id| lost_in_fork.contains(id))
        .collect();
    Some(WhatIf {
        broker,
        fault,
        at_ms,
        recovered_at_ms,
        until_ms,
        settled,
        lost,
    })
}

/// Every broker × the what-if faults the core accepts now, brokers in id order.
pub fn what_if_all(sim: &Sim, settle_horizon_ms: TimeMs) -> Vec<WhatIf> {
    let brokers: Vec<BrokerId> = sim.view().brokers.iter().map(|b| b.id).collect();
    brokers
        .into_iter()
        .flat_map(|b| Fault::WHAT_IF.into_iter().map(move |f| (b, f)))
        .filter_map(|(b, f)| what_if(sim, b, f, settle_horizon_ms))
        .collect()
}
