//! The cluster, topics and clients of a scenario: broker ids, config keys and values,
//! topics and their assignments, producers and consumers, names.

use super::{fail, Check, ScenarioError};
use crate::config::{BrokerConfig, ConfigError, ConsumerConfig, ProducerConfig, TopicConfig};
use crate::ids::BrokerId;
use crate::limits::MAX_NAME_BYTES;
use crate::scenario::{Scenario, TopicSpec};
use std::collections::{BTreeMap, BTreeSet};

/// The field path of a bad config entry under `base` (e.g. `topics[0].config.flush.ms`).
pub(super) fn config_error(base: &str, e: ConfigError) -> ScenarioError {
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

pub(super) fn check_cluster(
    s: &Scenario,
) -> Result<(BTreeSet<BrokerId>, BrokerConfig), ScenarioError> {
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

pub(super) fn check_topics(
    s: &Scenario,
    brokers: &BTreeSet<BrokerId>,
    config: &BrokerConfig,
) -> Check {
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

pub(super) fn check_clients(s: &Scenario, config: &BrokerConfig) -> Check {
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
