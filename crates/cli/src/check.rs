//! `isrlab check FILE` and the scenario loading shared with `isrlab run`.

use crate::args::Args;
use isrlab_sim::Scenario;

/// Reads and validates a scenario file; the error names the file and the field.
pub fn load(path: &str) -> Result<Scenario, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: cannot read: {e}"))?;
    Scenario::from_json(&text).map_err(|e| format!("{path}: {e}"))
}

/// Runs `isrlab check FILE`.
pub fn check(words: &[String]) -> Result<String, String> {
    let args = Args::parse(words, &[], &[])?;
    let path = args.single_positional("scenario FILE")?;
    let s = load(path)?;
    Ok(format!(
        "{path}: ok ({} brokers, {} topics, {} actions, {} guide steps, ends at {} ms)",
        s.cluster.brokers.len(),
        s.topics.len(),
        s.actions.len(),
        s.guide.len(),
        s.end_ms
    ))
}
