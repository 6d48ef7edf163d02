//! Reading and checking scenario files: [`Scenario::from_json`] parses a file and
//! validates it, and every error names the field (as a path such as
//! `topics[0].replication_factor`) and says what was expected.

use crate::action::Action;
use crate::config::{BrokerConfig, ConfigError, ConsumerConfig, ProducerConfig, TopicConfig};
use crate::ids::BrokerId;
use crate::limits::{check_sizes, MAX_FILE_BYTES, MAX_NAME_BYTES};
use crate::scenario::{Scenario, Text, TimedAction, TopicSpec};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
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

/// A file that is not JSON. Parsing into a `Value` first loses the field's path, so an
/// error such as `loss: 1e400` ("number out of range") is located by parsing the text
/// again straight into a `Scenario`, which `serde_path_to_error` can follow.
fn syntax_error(text: &str, err: serde_json::Error) -> ScenarioError {
    if !err.is_eof() {
        let mut stream = serde_json::Deserializer::from_str(text);
        if let Err(e) = serde_path_to_error::deserialize::<_, Scenario>(&mut stream) {
            let path = e.path().to_string();
            if path != "." && e.inner().is_syntax() {
                return ScenarioError::new(path, format!("not valid JSON: {}", e.into_inner()));
            }
        }
    }
    ScenarioError::new("", format!("not valid JSON: {err}"))
}

/// Turns a serde error into a path + message, locating the field inside actions,
/// whose flattened, tagged form hides the path from serde.
fn structural_error(
    value: &Value,
    err: serde_path_to_error::Error<serde_json::Error>,
) -> ScenarioError {
    let path = err.path().to_string();
    let path = if path == "." { String::new() } else { path };
    let inner = err.into_inner().to_string();
    if let Some(index) = action_index(&path) {
        if let Some(action) = value.get("actions").and_then(|a| a.get(index)) {
            return action_error(index, action, &inner);
        }
    }
    let mut message = inner;
    if path.ends_with("acks") && message.starts_with("invalid type") {
        message.push_str(" (write acks as a string: \"0\", \"1\" or \"all\")");
    }
    ScenarioError::new(path, message)
}

/// `Some(i)` when a serde path points at (or into) `actions[i]`.
fn action_index(path: &str) -> Option<usize> {
    let rest = path.strip_prefix("actions[")?;
    rest[..rest.find(']')?].parse().ok()
}

/// Finds which key of a malformed action is at fault, by checking each key alone.
fn action_error(index: usize, action: &Value, serde_message: &str) -> ScenarioError {
    let base = format!("actions[{index}]");
    let Some(object) = action.as_object() else {
        return ScenarioError::new(
            base,
            "expected an object like {\"at_ms\": 1000, \"do\": \"crash\", \"broker\": 1}",
        );
    };
    match object.get("at_ms") {
        None => return ScenarioError::new(base, "missing field `at_ms` (when the action happens, in ms)"),
        Some(v) if !v.is_u64() => {
            return ScenarioError::new(
                format!("{base}.at_ms"),
                format!("expected a time in ms >= 0 (an action cannot happen before the run starts), got {v}"),
            )
        }
        _ => {}
    }
    let Some(kind) = object.get("do") else {
        return ScenarioError::new(
            base,
            "missing field `do` (the action's name, e.g. \"produce\" or \"crash\")",
        );
    };
    let body_of = |key: Option<(&String, &Value)>| {
        let mut body = serde_json::Map::new();
        body.insert("do".to_string(), kind.clone());
        if let Some((k, v)) = key {
            body.insert(k.clone(), v.clone());
        }
        Value::Object(body)
    };
    if let Err(e) = serde_json::from_value::<Action>(body_of(None)) {
        let text = e.to_string();
        if !text.starts_with("missing field") {
            return ScenarioError::new(format!("{base}.do"), text);
        }
    }
    for (key, field) in object.iter().filter(|(k, _)| *k != "at_ms" && *k != "do") {
        if let Err(e) = serde_json::from_value::<Action>(body_of(Some((key, field)))) {
            let text = e.to_string();
            if !text.starts_with("missing field") {
                return ScenarioError::new(format!("{base}.{key}"), text);
            }
        }
    }
    ScenarioError::new(format!("{base} (do: {kind})"), serde_message.to_string())
}

fn check_text(path: &str, text: &Text, required: bool) -> Check {
    let (en, zh) = (text.en.trim().is_empty(), text.zh.trim().is_empty());
    if required && en {
        return fail(format!("{path}.en"), "expected a non-empty English text");
    }
    if en != zh {
        let missing = if en { "en" } else { "zh" };
        return fail(
            format!("{path}.{missing}"),
            "every text needs both English (en) and Simplified Chinese (zh)",
        );
    }
    Ok(())
}

/// The field path of a bad config entry under `base` (e.g. `topics[0].config.flush.ms`).
fn config_error(base: &str, e: ConfigError) -> ScenarioError {
    match &e {
        ConfigError::UnknownProtocol(_) => ScenarioError::new("cluster.protocol", e.to_string()),
        ConfigError::UnknownKey { key, .. }
        | ConfigError::BadValue { key, .. }
        | ConfigError::OutOfRange { key, .. } => {
            ScenarioError::new(format!("{base}.{key}"), e.to_string())
        }
        ConfigError::IdempotenceConflict { .. } => {
            ScenarioError::new(format!("{base}.enable.idempotence"), e.to_string())
        }
    }
}

fn check_cluster(s: &Scenario) -> Result<(BTreeSet<BrokerId>, BrokerConfig), ScenarioError> {
    let c = &s.cluster;
    if c.brokers.is_empty() {
        fail("cluster.brokers", "expected at least one broker id")?;
    }
    let mut brokers = BTreeSet::new();
    for (i, &b) in c.brokers.iter().enumerate() {
        if !brokers.insert(b) {
            fail(
                format!("cluster.brokers[{i}]"),
                format!("duplicate broker id {b}: each broker.id must be unique"),
            )?;
        }
    }
    let config = BrokerConfig::from_scenario(&c.protocol, &c.config)
        .map_err(|e| config_error("cluster.config", e))?;
    if let Some(rf) = config
        .offsets_topic_replication_factor
        .filter(|&rf| rf as usize > brokers.len())
    {
        fail(
            "cluster.config.offsets.topic.replication.factor",
            format!(
                "InvalidReplicationFactorException: {rf} is more than the {} brokers",
                brokers.len()
            ),
        )?;
    }
    let loss = c.network.loss;
    if !(0.0..=1.0).contains(&loss) {
        fail(
            "cluster.network.loss",
            format!("expected a probability between 0 and 1, got {loss}"),
        )?;
    }
    Ok((brokers, config))
}

fn check_topics(s: &Scenario, brokers: &BTreeSet<BrokerId>, config: &BrokerConfig) -> Check {
    if s.topics.is_empty() {
        return fail("topics", "expected at least one topic");
    }
    let mut names = BTreeSet::new();
    for (i, t) in s.topics.iter().enumerate() {
        let path = format!("topics[{i}]");
        if t.name.trim().is_empty() {
            fail(format!("{path}.name"), "expected a non-empty topic name")?;
        }
        if !names.insert(t.name.as_str()) {
            fail(
                format!("{path}.name"),
                format!("duplicate topic \"{}\" (TopicExistsException)", t.name),
            )?;
        }
        check_name(&format!("{path}.name"), &t.name)?;
        // Kafka's Topic.validate: ASCII alphanumerics, '.', '_' and '-' only.
        if !t
            .name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        {
            fail(
                format!("{path}.name"),
                "InvalidTopicException: a topic name has only ASCII alphanumerics, '.', '_' and '-'",
            )?;
        }
        if t.partitions == 0 {
            fail(
                format!("{path}.partitions"),
                "InvalidPartitionsException: number of partitions must be larger than 0",
            )?;
        }
        if t.replication_factor == 0 || t.replication_factor as usize > brokers.len() {
            fail(
                format!("{path}.replication_factor"),
                format!(
                    "InvalidReplicationFactorException: replication factor must be between 1 and the number of brokers ({}), got {}",
                    brokers.len(),
                    t.replication_factor
                ),
            )?;
        }
        if let Some(assignment) = &t.assignment {
            if t.start_index.is_some() {
                fail(
                    format!("{path}.start_index"),
                    "an explicit assignment places every replica: remove start_index",
                )?;
            }
            check_assignment(&path, t, assignment, brokers)?;
        }
        TopicConfig::from_scenario(config, &t.config)
            .map_err(|e| config_error(&format!("{path}.config"), e))?;
    }
    Ok(())
}

fn check_assignment(
    path: &str,
    t: &TopicSpec,
    assignment: &BTreeMap<u32, Vec<BrokerId>>,
    brokers: &BTreeSet<BrokerId>,
) -> Check {
    let expected: Vec<u32> = (0..t.partitions).collect();
    let got: Vec<u32> = assignment.keys().copied().collect();
    if got != expected {
        fail(
            format!("{path}.assignment"),
            format!(
                "expected exactly the partitions 0..{} as keys, got {got:?}",
                t.partitions
            ),
        )?;
    }
    for (p, replicas) in assignment {
        let at = format!("{path}.assignment.{p}");
        if replicas.len() != t.replication_factor as usize {
            fail(
                &at,
                format!(
                    "InvalidReplicaAssignmentException: expected {} replicas (the replication factor), got {}",
                    t.replication_factor,
                    replicas.len()
                ),
            )?;
        }
        check_replica_list(&at, replicas, brokers)?;
    }
    Ok(())
}

fn check_replica_list(path: &str, replicas: &[BrokerId], brokers: &BTreeSet<BrokerId>) -> Check {
    let mut seen = BTreeSet::new();
    for (j, b) in replicas.iter().enumerate() {
        if !brokers.contains(b) {
            fail(
                format!("{path}[{j}]"),
                format!("unknown broker id {b}; the cluster has {brokers:?}"),
            )?;
        }
        if !seen.insert(b) {
            fail(
                format!("{path}[{j}]"),
                format!("broker {b} appears twice in one replica list"),
            )?;
        }
    }
    Ok(())
}

fn check_clients(s: &Scenario, config: &BrokerConfig) -> Check {
    let mut names = BTreeSet::new();
    for (i, p) in s.producers.iter().enumerate() {
        let path = format!("producers[{i}]");
        if p.name.trim().is_empty() || !names.insert(p.name.as_str()) {
            fail(
                format!("{path}.name"),
                format!(
                    "expected a unique, non-empty producer name, got \"{}\"",
                    p.name
                ),
            )?;
        }
        check_name(&format!("{path}.name"), &p.name)?;
        ProducerConfig::from_scenario(config, p.acks, &p.config)
            .map_err(|e| config_error(&format!("{path}.config"), e))?;
    }
    let mut names = BTreeSet::new();
    for (i, c) in s.consumers.iter().enumerate() {
        let path = format!("consumers[{i}]");
        if c.name.trim().is_empty() || !names.insert(c.name.as_str()) {
            fail(
                format!("{path}.name"),
                format!(
                    "expected a unique, non-empty consumer name, got \"{}\"",
                    c.name
                ),
            )?;
        }
        if c.group.trim().is_empty() {
            fail(format!("{path}.group"), "expected a non-empty group.id")?;
        }
        check_name(&format!("{path}.name"), &c.name)?;
        check_name(&format!("{path}.group"), &c.group)?;
        ConsumerConfig::from_scenario(config, &c.config)
            .map_err(|e| config_error(&format!("{path}.config"), e))?;
        for (j, t) in c.topics.iter().enumerate() {
            topic_spec(s, &format!("{path}.topics[{j}]"), t)?;
        }
    }
    Ok(())
}

fn check_name(path: &str, name: &str) -> Check {
    if name.len() > MAX_NAME_BYTES {
        return fail(
            path,
            format!(
                "a name of {} bytes is more than the limit of {MAX_NAME_BYTES}",
                name.len()
            ),
        );
    }
    Ok(())
}

fn topic_spec<'a>(s: &'a Scenario, path: &str, name: &str) -> Result<&'a TopicSpec, ScenarioError> {
    s.topics.iter().find(|t| t.name == name).ok_or_else(|| {
        let known: Vec<&str> = s.topics.iter().map(|t| t.name.as_str()).collect();
        ScenarioError::new(
            path,
            format!("unknown topic \"{name}\"; the scenario has {known:?}"),
        )
    })
}

fn check_actions(s: &Scenario) -> Check {
    let mut script = ScriptState::new(s).map_err(|e| config_error("cluster.config", e))?;
    let mut previous = 0;
    for (i, TimedAction { at_ms, action }) in s.actions.iter().enumerate() {
        let path = format!("actions[{i}]");
        if *at_ms < previous {
            fail(
                format!("{path}.at_ms"),
                format!("actions must be in time order: {at_ms} ms comes before the previous action's {previous} ms"),
            )?;
        }
        if *at_ms > s.end_ms {
            fail(
                format!("{path}.at_ms"),
                format!(
                    "{at_ms} ms is after the scenario's end_ms ({} ms)",
                    s.end_ms
                ),
            )?;
        }
        previous = *at_ms;
        script.check(action).map_err(|r| {
            ScenarioError::new(format!("{path}.{}", r.field(action)), r.to_string())
        })?;
        script.record(action);
    }
    Ok(())
}

fn check_guide(s: &Scenario) -> Check {
    let mut previous = 0;
    for (i, step) in s.guide.iter().enumerate() {
        let path = format!("guide[{i}]");
        if step.at_ms < previous || step.at_ms > s.end_ms {
            fail(
                format!("{path}.at_ms"),
                format!(
                    "expected a time in order and within end_ms ({}), got {}",
                    s.end_ms, step.at_ms
                ),
            )?;
        }
        previous = step.at_ms;
        check_text(&format!("{path}.caption"), &step.caption, true)?;
        if let Some(q) = &step.question {
            let qpath = format!("{path}.question");
            check_text(&format!("{qpath}.prompt"), &q.prompt, true)?;
            check_text(&format!("{qpath}.explanation"), &q.explanation, true)?;
            if q.choices.len() < 2 {
                fail(format!("{qpath}.choices"), "expected at least two choices")?;
            }
            for (j, c) in q.choices.iter().enumerate() {
                check_text(&format!("{qpath}.choices[{j}]"), c, true)?;
            }
            if q.answer >= q.choices.len() {
                fail(
                    format!("{qpath}.answer"),
                    format!(
                        "expected the index of a choice (0..{}), got {}",
                        q.choices.len(),
                        q.answer
                    ),
                )?;
            }
        }
    }
    Ok(())
}

mod script;
pub use script::ScriptState;

#[cfg(test)]
mod tests;
