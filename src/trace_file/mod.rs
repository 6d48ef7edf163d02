//! The run as a trace file (JSON) that replays exactly: the scenario inline, its seed,
//! the user actions the lab recorded with the step (events processed) and time each was
//! applied at, the current time, and the core's trace hash at that time. Opening a file
//! replays it and refuses it, naming the field or action at fault, when it does not
//! reach the same trace hash. A file that is not a trace is read as a scenario, through
//! the core's validator. Pure: natively tested.

use crate::lab::{Lab, Recorded};
use crate::run::Run;
use isrlab_sim::{Action, Scenario, ScenarioError, Sim, TimeMs};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub mod words;

/// The `format` field that marks a trace file.
pub const FORMAT: &str = "isrlab-trace";
/// The trace file version this lab writes and reads.
pub const VERSION: u32 = 1;
/// Largest file (trace or scenario) the lab opens, in bytes.
pub const MAX_FILE_BYTES: usize = 2_000_000;
/// Most recorded actions a trace file may carry.
pub const MAX_ACTIONS: usize = 10_000;

/// A trace file's contents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraceFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// The file format's version ([`VERSION`]).
    pub version: u32,
    /// The scenario that was run, in the format of `scenarios/`.
    pub scenario: Value,
    /// The seed the run used (replaces the scenario's own `seed`).
    pub seed: u64,
    /// The user's actions, in the order they were applied.
    pub actions: Vec<TracedAction>,
    /// The virtual time the run was at.
    pub time_ms: TimeMs,
    /// The core's trace hash at `time_ms`, 16 hex digits.
    pub trace_hash: String,
}

/// One recorded user action.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TracedAction {
    /// How many events had been processed when it was applied.
    pub step: u64,
    /// The virtual time it was applied at.
    pub at_ms: TimeMs,
    /// The action, as in a scenario's `actions` (`{"do": "crash", "broker": 1}`).
    pub action: Action,
}

/// Why a file could not be opened.
#[derive(Clone, Debug, PartialEq)]
pub enum FileError {
    /// The file is larger than [`MAX_FILE_BYTES`].
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// A field is wrong (a path such as `actions[2].action.broker`, empty for the whole
    /// file) and what was expected; for a scenario, the core validator's own words.
    Field(ScenarioError),
    /// A trace file of a version this lab does not read.
    Version(u32),
    /// More recorded actions than [`MAX_ACTIONS`].
    TooManyActions(usize),
    /// `time_ms` is past the end of the run.
    PastTheEnd {
        /// The file's time.
        time_ms: TimeMs,
        /// Where the run ends.
        end_ms: TimeMs,
    },
    /// Recorded action `index` could not be replayed (the core's reason).
    Replay {
        /// Which action.
        index: usize,
        /// Why.
        reason: String,
    },
    /// The browser could not read the file as text.
    Unreadable,
    /// The replay did not reach the file's trace hash.
    HashMismatch {
        /// The file's.
        expected: String,
        /// The replay's.
        got: String,
    },
}

/// A file's name and its text, or why it could not be read (what the file picker and a
/// drop on the page hand on).
pub type FileText = (String, Result<String, FileError>);

/// A trace hash as trace files (and the CLI) write it.
pub fn hash_hex(hash: u64) -> String {
    format!("{hash:016x}")
}

/// The lab's run as a trace file.
pub fn export(lab: &Lab) -> TraceFile {
    let scenario = lab.run.scenario();
    let actions = lab.recorded().iter();
    TraceFile {
        format: FORMAT.to_string(),
        version: VERSION,
        scenario: serde_json::to_value(scenario).unwrap_or(Value::Null),
        seed: scenario.seed,
        actions: actions
            .map(|r| TracedAction {
                step: r.steps,
                at_ms: r.at,
                action: r.action.clone(),
            })
            .collect(),
        time_ms: lab.run.now(),
        trace_hash: hash_hex(lab.run.sim().trace_hash()),
    }
}

/// The lab's run as a trace file's text (pretty JSON).
pub fn export_json(lab: &Lab) -> String {
    serde_json::to_string_pretty(&export(lab)).unwrap_or_default()
}

/// What an opened file holds.
#[derive(Debug)]
pub enum Opened {
    /// A trace, replayed to its time (its hash checked).
    Trace(Box<Lab>),
    /// A scenario file, validated, not yet run.
    Scenario(Box<Scenario>),
}

impl Opened {
    /// The lab to show: the replayed trace, or the scenario opened at its boot.
    pub fn into_lab(self) -> Result<Lab, FileError> {
        match self {
            Opened::Trace(lab) => Ok(*lab),
            Opened::Scenario(s) => Run::new(*s)
                .map(Lab::open)
                .map_err(|e| FileError::Field(field("", e))),
        }
    }
}

/// Opens a trace or a scenario file.
pub fn open(text: &str) -> Result<Opened, FileError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge { bytes: text.len() });
    }
    let value: Value = serde_json::from_str(text)
        .map_err(|e| FileError::Field(field("", format!("not valid JSON: {e}"))))?;
    if value.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Scenario::from_json(text)
            .map(|s| Opened::Scenario(Box::new(s)))
            .map_err(FileError::Field);
    }
    if let Some(v) = value.get("version").and_then(Value::as_u64) {
        if v != u64::from(VERSION) {
            return Err(FileError::Version(u32::try_from(v).unwrap_or(u32::MAX)));
        }
    }
    let file: TraceFile = serde_path_to_error::deserialize(&value)
        .map_err(|e| FileError::Field(field(e.path().to_string(), e.into_inner().to_string())))?;
    replay(&file).map(|lab| Opened::Trace(Box::new(lab)))
}

fn field(path: impl Into<String>, message: impl Into<String>) -> ScenarioError {
    let path = path.into();
    ScenarioError {
        path: if path == "." { String::new() } else { path },
        message: message.into(),
    }
}

/// Replays a trace file to its time and checks its trace hash.
fn replay(file: &TraceFile) -> Result<Lab, FileError> {
    if file.actions.len() > MAX_ACTIONS {
        return Err(FileError::TooManyActions(file.actions.len()));
    }
    let mut scenario = Scenario::from_json(&file.scenario.to_string()).map_err(|e| {
        let path = if e.path.is_empty() {
            "scenario".to_string()
        } else {
            format!("scenario.{}", e.path)
        };
        FileError::Field(field(path, e.message))
    })?;
    scenario.seed = file.seed;
    let actions: Vec<(TimeMs, Action)> = file
        .actions
        .iter()
        .map(|a| (a.at_ms, a.action.clone()))
        .collect();
    let steps: Vec<u64> = file.actions.iter().map(|a| a.step).collect();
    Sim::replay(&scenario, &actions, &steps).map_err(|e| FileError::Replay {
        index: replay_index(&e, actions.len()),
        reason: e.to_string(),
    })?;
    let run = Run::new(scenario).map_err(|e| FileError::Field(field("scenario", e)))?;
    if file.time_ms > run.end_ms() {
        return Err(FileError::PastTheEnd {
            time_ms: file.time_ms,
            end_ms: run.end_ms(),
        });
    }
    let record = file.actions.iter().map(|a| Recorded {
        steps: a.step,
        at: a.at_ms,
        action: a.action.clone(),
    });
    let lab = Lab::replayed(run, record.collect(), file.time_ms, None).map_err(|index| {
        FileError::Replay {
            index,
            reason: "not accepted where it was recorded".into(),
        }
    })?;
    let got = hash_hex(lab.run.sim().trace_hash());
    if got != file.trace_hash {
        return Err(FileError::HashMismatch {
            expected: file.trace_hash.clone(),
            got,
        });
    }
    Ok(lab)
}

/// Which recorded action a replay error is about (the last one when it does not say).
fn replay_index(e: &isrlab_sim::ReplayError, len: usize) -> usize {
    match e {
        isrlab_sim::ReplayError::Refused { index, .. } => *index,
        _ => len.saturating_sub(1),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
