//! `isrlab check FILE` and the scenario loading shared with `isrlab run`.

use crate::args::Args;
use isrlab_sim::limits::MAX_FILE_BYTES;
use isrlab_sim::Scenario;
use std::io::Read;

/// Reads and validates a scenario file; the error names the file and the field. At most
/// one byte more than the size cap is read, so `/dev/zero` or a huge file is refused
/// without filling memory.
pub fn load(path: &str) -> Result<Scenario, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{path}: cannot read: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{path}: cannot read: {e}"))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{path}: scenario: the file is more than the limit of {MAX_FILE_BYTES} bytes (10 MB)"
        ));
    }
    let text =
        String::from_utf8(bytes).map_err(|e| format!("{path}: scenario: not UTF-8 text: {e}"))?;
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
