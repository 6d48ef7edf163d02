//! `isrlab import-describe FILE [--id ID]`: a real cluster's `kafka-topics.sh --describe`
//! output (Kafka 2.x, 3.x or 4.x) → an ISR Lab scenario on standard output; notes on what
//! is not modelled go to standard error; malformed lines exit 2, each named by number and
//! field (see `docs/tools.md`, "Importing a real layout").

use crate::args::Args;
use isrlab_sim::limits::MAX_FILE_BYTES;
use isrlab_tools::import::import_describe;
use std::io::Read;

/// Runs `isrlab import-describe` and returns the scenario JSON, or every line's error.
pub fn import(words: &[String]) -> Result<String, String> {
    let args = Args::parse(words, &["--id"], &[])?;
    let path = args.single_positional("FILE (the describe output; - for standard input)")?;
    let mut text = String::new();
    let read = if path == "-" {
        std::io::stdin()
            .take(MAX_FILE_BYTES as u64 + 1)
            .read_to_string(&mut text)
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_FILE_BYTES as u64 + 1).read_to_string(&mut text))
    };
    read.map_err(|e| format!("{path}: {e}"))?;
    if text.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{path}: more than the limit of {MAX_FILE_BYTES} bytes"
        ));
    }
    let id: String = args.get("--id")?.unwrap_or_else(|| "imported".to_string());
    match import_describe(&text, &id) {
        Ok(imported) => {
            for note in &imported.notes {
                eprintln!("isrlab: note: {note}");
            }
            Ok(imported.json)
        }
        Err(errors) => Err(errors
            .iter()
            .map(|e| format!("{path}: {e}"))
            .collect::<Vec<_>>()
            .join("\n")),
    }
}
