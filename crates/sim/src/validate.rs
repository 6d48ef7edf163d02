//! Reading and checking scenario files: [`Scenario::from_json`] parses a file and
//! validates it, and every error names the field (as a path such as
//! `topics[0].replication_factor`) and says what was expected. One file per part:
//! `field_paths.rs` (where a parse error is), `cluster.rs` (brokers, config, topics,
//! clients), `actions.rs` and `script.rs` (the actions, through the core's action
//! check), `guide.rs` (texts and the guide).

use crate::limits::{check_sizes, MAX_FILE_BYTES};
use crate::scenario::Scenario;
use serde_json::Value;
use std::fmt;

/// Why a scenario file was refused: where (a field path) and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// Path of the offending field, e.g. `actions[3].broker` (empty for the whole file).
    pub path: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl ScenarioError {
    fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        ScenarioError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "scenario: {}", self.message)
        } else {
            write!(f, "scenario field `{}`: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

type Check = Result<(), ScenarioError>;

fn fail(path: impl Into<String>, message: impl Into<String>) -> Check {
    Err(ScenarioError::new(path, message))
}

impl Scenario {
    /// Parses a scenario file (JSON) and validates it; see `docs/scenario-format.md`.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        if text.len() > MAX_FILE_BYTES {
            let message = format!(
                "the file is {} bytes, more than the limit of {MAX_FILE_BYTES} bytes (10 MB)",
                text.len()
            );
            return Err(ScenarioError::new("", message));
        }
        let value: Value = serde_json::from_str(text).map_err(|e| syntax_error(text, e))?;
        if !value.is_object() {
            return Err(ScenarioError::new(
                "",
                "expected a JSON object at the top level",
            ));
        }
        let scenario: Scenario =
            serde_path_to_error::deserialize(&value).map_err(|e| structural_error(&value, e))?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Checks the meaning of an already parsed scenario (ids, counts, times, references).
    pub fn validate(&self) -> Check {
        check_text("title", &self.title, true)?;
        check_text("description", &self.description, false)?;
        if self.id.trim().is_empty() {
            return fail("id", "expected a non-empty scenario id");
        }
        if self.end_ms == 0 {
            return fail("end_ms", "expected a positive end time in milliseconds");
        }
        let (brokers, config) = check_cluster(self)?;
        check_topology(self)?;
        let offsets_partitions = if self.consumers.is_empty() {
            0
        } else {
            config.offsets_topic_num_partitions
        };
        check_sizes(self, offsets_partitions)?;
        check_topics(self, &brokers, &config)?;
        check_clients(self, &config)?;
        check_actions(self)?;
        check_guide(self)
    }
}

mod actions;
mod cluster;
mod field_paths;
mod guide;
mod script;
mod topology;

use actions::check_actions;
use cluster::{check_clients, check_cluster, check_topics};
use field_paths::{structural_error, syntax_error};
use guide::{check_guide, check_text};
pub use script::ScriptState;
use topology::check_topology;

#[cfg(test)]
mod tests;
