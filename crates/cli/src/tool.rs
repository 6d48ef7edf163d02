//! `isrlab tool FILE --at-ms T -- <command line>`: runs one of Kafka's tools
//! (`crates/tools`) against the scenario's cluster at virtual time `T`, prints its output
//! and applies the actions it asks for (see `docs/tools.md`).

use crate::args::Args;
use crate::check::load;
use isrlab_sim::Sim;
use isrlab_tools::files::{Files, MAX_FILE_BYTES};
use isrlab_tools::{run_words, FILE_OPTIONS};
use std::io::Read;

/// Runs `isrlab tool` and returns the tool's output, or its error.
pub fn tool(words: &[String]) -> Result<String, String> {
    let split = words.iter().position(|w| w == "--").ok_or(
        "isrlab tool FILE --at-ms T -- <command line>: the tool's command line follows `--`",
    )?;
    let (own, command) = (&words[..split], &words[split + 1..]);
    let args = Args::parse(own, &["--at-ms"], &[])?;
    let path = args.single_positional("scenario FILE")?;
    let scenario = load(path)?;
    let mut sim = Sim::new(&scenario).map_err(|e| format!("{path}: {e}"))?;
    let at: u64 = args.get("--at-ms")?.unwrap_or(0);
    sim.run_until(at);
    let files = plan_files(command)?;
    let out = run_words(command, &sim, &mut files.clone());
    // The core checked each action already; applying them proves it (a refusal here is a bug).
    for action in out.actions {
        sim.apply(action).map_err(|e| e.to_string())?;
    }
    if out.failed {
        Err(out.output)
    } else {
        Ok(out.output)
    }
}

/// The files named by the command's `--...-json-file` options, read from disk (inline
/// JSON is left to the tool).
fn plan_files(command: &[String]) -> Result<Files, String> {
    let mut files = Files::default();
    for pair in command.windows(2) {
        let (option, name) = (&pair[0], &pair[1]);
        if !FILE_OPTIONS.contains(&option.as_str()) || name.trim_start().starts_with('{') {
            continue;
        }
        let mut text = String::new();
        std::fs::File::open(name)
            .and_then(|f| f.take(MAX_FILE_BYTES as u64 + 1).read_to_string(&mut text))
            .map_err(|e| format!("{name}: {e}"))?;
        files.write(name, &text)?;
    }
    Ok(files)
}
