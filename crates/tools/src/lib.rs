//! Kafka's own command-line tools, run against ISR Lab's core: a command line in, the
//! real tool's output out, and the core [`Action`]s a state-changing command asks for.
//! The tools read the cluster through [`Sim::view`] and ask the core's action check
//! ([`Sim::check_action`]) before proposing an action; they decide no Kafka semantics.
//! See `docs/tools.md`.

pub mod catalog;
mod configs;
mod dump_log;
mod election;
pub mod files;
mod groups;
pub mod import;
mod options;
mod plan;
mod reassign;
mod topic_changes;
mod topics;
mod verification;
pub mod words;

use files::Files;
use isrlab_sim::{Action, Sim};

/// What one command line did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// What the tool printed (standard output and error, in order), without a final newline.
    pub output: String,
    /// Actions for the core, already accepted by its action check; the caller applies them.
    pub actions: Vec<Action>,
    /// Whether the tool failed (its exit status would not be 0).
    pub failed: bool,
}

impl Outcome {
    /// A successful run that printed `output`.
    pub fn ok(output: impl Into<String>) -> Outcome {
        Outcome {
            output: output.into(),
            ..Outcome::default()
        }
    }

    /// A failed run that printed `output`.
    pub fn error(output: impl Into<String>) -> Outcome {
        Outcome {
            output: output.into(),
            failed: true,
            ..Outcome::default()
        }
    }
}

/// Longest command line accepted (bytes): a pasted plan fits, a runaway paste does not.
pub const MAX_LINE: usize = 100_000;

/// The options whose value names a file of the lab's file area.
pub const FILE_OPTIONS: [&str; 2] = ["--reassignment-json-file", "--topics-to-move-json-file"];

/// Runs one command line against the cluster `sim` is running, with `files` as the lab's
/// small file area (`echo '...' > plan.json`, `cat`, `ls`, `rm`).
pub fn run_line(line: &str, sim: &Sim, files: &mut Files) -> Outcome {
    if line.len() > MAX_LINE {
        return Outcome::error(format!(
            "command line of {} bytes is longer than the limit of {MAX_LINE}",
            line.len()
        ));
    }
    match words::split(line) {
        Ok(w) => run_words(&w, sim, files),
        Err(e) => Outcome::error(e),
    }
}

/// Runs a command already split into words (the CLI's arguments after `--`).
pub fn run_words(words: &[String], sim: &Sim, files: &mut Files) -> Outcome {
    let Some((first, rest)) = words.split_first() else {
        return Outcome::ok("");
    };
    let name = first.strip_prefix("bin/").unwrap_or(first);
    let name = name.strip_suffix(".sh").unwrap_or(name);
    match name {
        "help" | "--help" => Outcome::ok(catalog::help()),
        "kafka-topics" => topics::run(rest, sim),
        "kafka-reassign-partitions" => reassign::run(rest, sim, files),
        "kafka-leader-election" => election::run(rest, sim, false),
        "kafka-preferred-replica-election" => election::run(rest, sim, true),
        "kafka-configs" => configs::run(rest, sim),
        "kafka-consumer-groups" => groups::run(rest, sim),
        "kafka-replica-verification" => verification::run(rest, sim),
        "kafka-dump-log" => dump_log::run(rest, sim),
        "echo" | "cat" | "ls" | "rm" => files::run(name, rest, files),
        other => Outcome::error(format!(
            "{other}: command not found (type help for the tools this console has)"
        )),
    }
}

/// Keeps the actions the core's action check accepts now; the first refusal becomes the
/// tool's error, worded as Kafka's admin client reports a failed request.
pub(crate) fn checked(sim: &Sim, actions: Vec<Action>) -> Result<Vec<Action>, String> {
    for a in &actions {
        if let Err(refusal) = sim.check_action(a) {
            return Err(format!("Error: {refusal}"));
        }
    }
    Ok(actions)
}
