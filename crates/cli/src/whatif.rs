//! `isrlab whatif FILE --at-ms T [--horizon-ms H]`: per broker and fault, the messages
//! believed written at T that the fault would lose (see `docs/explorer.md`).

use crate::args::Args;
use crate::check::load;
use isrlab_explore::whatif::{what_if_all, DEFAULT_SETTLE_HORIZON_MS};
use isrlab_explore::written::value_of;
use isrlab_sim::Sim;

/// Runs `isrlab whatif`.
pub fn whatif(words: &[String]) -> Result<String, String> {
    let args = Args::parse(words, &["--at-ms", "--horizon-ms"], &[])?;
    let path = args.single_positional("scenario FILE")?;
    let at: u64 = args.require("--at-ms")?;
    let horizon = args
        .get("--horizon-ms")?
        .unwrap_or(DEFAULT_SETTLE_HORIZON_MS);
    let scenario = load(path)?;
    if at > scenario.end_ms {
        return Err(format!(
            "--at-ms {at} is after the scenario's end ({} ms)",
            scenario.end_ms
        ));
    }
    let mut sim = Sim::new(&scenario).map_err(|e| format!("{path}: {e}"))?;
    sim.run_until(at);
    let mut out = Vec::new();
    for w in what_if_all(&sim, horizon) {
        let values: Vec<String> = w
            .lost
            .iter()
            .map(|&id| value_of(&sim, id).unwrap_or_default())
            .collect();
        let state = if w.settled {
            "settled"
        } else {
            "not settled (offline or diverged)"
        };
        let lost = if values.is_empty() {
            "nothing".to_string()
        } else {
            values.join(", ")
        };
        out.push(format!(
            "broker {} {}: loses {lost} ({state} at {} ms, back at {} ms)",
            w.broker,
            w.fault.name(),
            w.until_ms,
            w.recovered_at_ms
        ));
    }
    Ok(out.join("\n"))
}
