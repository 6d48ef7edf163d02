//! `kafka-configs.sh --describe | --alter` for topics and the brokers' cluster-wide
//! default (`--entity-default`), for every key the core's `set_config` accepts
//! (`isrlab_sim::config_keys`). Wording from Kafka's `ConfigCommand`.

use crate::options::{flag, valued, Parsed, Spec};
use crate::{checked, Outcome};
use isrlab_sim::config_keys::{is_read_only_broker_key, BROKER_KEYS, TOPIC_KEYS};
use isrlab_sim::{Action, Sim};
use serde_json::Value;

/// The options of `kafka-configs.sh` the lab reads.
pub const SPECS: [Spec; 9] = [
    flag("describe"),
    flag("alter"),
    valued("entity-type"),
    valued("entity-name"),
    flag("entity-default"),
    valued("add-config"),
    valued("delete-config"),
    flag("all"),
    valued("topic"),
];

/// Runs `kafka-configs.sh` with `words`.
pub fn run(words: &[String], sim: &Sim) -> Outcome {
    let result = Parsed::parse(words, &SPECS).and_then(|opts| configs(&opts, words, sim));
    result.unwrap_or_else(Outcome::error)
}

fn configs(opts: &Parsed, words: &[String], sim: &Sim) -> Result<Outcome, String> {
    let action = opts.one_of(
        &["describe", "alter"],
        "Command must include exactly one action: --describe, --alter",
    )?;
    let kind = opts.required("entity-type")?;
    let topic = match kind {
        "topics" => {
            let name = opts
                .value("entity-name")
                .or(opts.value("topic"))
                .ok_or("an entity name must be specified with --alter of topics")?;
            if !sim.view().partitions.iter().any(|p| p.tp.topic == name) {
                return Err(format!(
                    "Error while executing config command with args '{}' : org.apache.kafka.common.errors.UnknownTopicOrPartitionException: The topic '{name}' does not exist.",
                    kind
                ));
            }
            Some(name.to_string())
        }
        "brokers" => {
            if let Some(n) = opts.value("entity-name") {
                return Err(format!(
                    "--entity-name {n}: the lab's brokers share one config; use --entity-default"
                ));
            }
            None
        }
        other => {
            return Err(format!(
                "Invalid entity-type {other}, --entity-type must be one of topics, brokers (the lab has no users, clients or ips)"
            ))
        }
    };
    if action == "describe" {
        return Ok(Outcome::ok(describe(sim, topic.as_deref())));
    }
    if opts.has("delete-config") {
        return Err("--delete-config: the lab's core cannot unset a config yet; --add-config it to the value you want".to_string());
    }
    let pairs = opts.required("add-config")?;
    let keys: &[&str] = if topic.is_some() {
        TOPIC_KEYS
    } else {
        BROKER_KEYS
    };
    if topic.is_none() {
        read_only_refused(pairs, words)?;
    }
    let mut actions = Vec::new();
    for pair in pairs.split(',') {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(format!("requirement failed: Invalid entity config: all configs to be added must be in the format \"key=val\" (got \"{pair}\")"));
        };
        let key = key.trim();
        if !keys.contains(&key) {
            return Err(format!(
                "Error while executing config command with args '--add-config {pairs}' : org.apache.kafka.common.errors.InvalidConfigurationException: Unknown {} config name: {key} (the lab's: {})",
                if topic.is_some() { "topic" } else { "broker" },
                keys.join(", ")
            ));
        }
        actions.push(Action::SetConfig {
            topic: topic.clone(),
            key: key.to_string(),
            value: Value::from(value.trim()),
        });
    }
    let actions = checked(sim, actions)?;
    let output = match &topic {
        Some(t) => format!("Completed updating config for topic {t}."),
        None => "Completed updating default config for brokers in the cluster.".to_string(),
    };
    Ok(Outcome {
        output,
        actions,
        failed: false,
    })
}

/// Kafka's broker refuses the whole request when it names a key it reads only at start
/// (`DynamicBrokerConfig.validateConfigs`, wrapped by `ZkAdminManager.alterBrokerConfigs`
/// and printed by `ConfigCommand.main`).
fn read_only_refused(pairs: &str, words: &[String]) -> Result<(), String> {
    let keys: Vec<&str> = (pairs.split(','))
        .filter_map(|pair| pair.split_once('=').map(|(k, _)| k.trim()))
        .filter(|k| is_read_only_broker_key(k))
        .collect();
    if keys.is_empty() {
        return Ok(());
    }
    Err(format!(
        "Error while executing config command with args '{}'\njava.util.concurrent.ExecutionException: org.apache.kafka.common.errors.InvalidRequestException: Invalid config value for resource ConfigResource(type=BROKER, name=''): Cannot update these configs dynamically: Set({})",
        words.join(" "),
        keys.join(", ")
    ))
}

/// The configs the core's view shows, as `ConfigCommand` lists dynamic configs.
fn describe(sim: &Sim, topic: Option<&str>) -> String {
    let cfg = sim.broker_config();
    let (header, entries) = match topic {
        Some(t) => {
            let view = sim.view();
            let p = view.partitions.iter().find(|p| p.tp.topic == t);
            let mut entries = Vec::new();
            if let Some(p) = p {
                if p.min_insync_replicas != cfg.min_insync_replicas {
                    entries.push(("min.insync.replicas", p.min_insync_replicas.to_string()));
                }
                if p.unclean_leader_election_enable != cfg.unclean_leader_election_enable {
                    let v = p.unclean_leader_election_enable.to_string();
                    entries.push(("unclean.leader.election.enable", v));
                }
            }
            (format!("Dynamic configs for topic {t} are:"), entries)
        }
        None => (
            "Default configs for brokers in the cluster are:".to_string(),
            vec![
                ("min.insync.replicas", cfg.min_insync_replicas.to_string()),
                (
                    "unclean.leader.election.enable",
                    cfg.unclean_leader_election_enable.to_string(),
                ),
                ("log.segment.bytes", cfg.segment_records.to_string()),
            ],
        ),
    };
    let source = if topic.is_some() {
        "DYNAMIC_TOPIC_CONFIG"
    } else {
        "DYNAMIC_DEFAULT_BROKER_CONFIG"
    };
    let mut lines = vec![header];
    for (k, v) in entries {
        lines.push(format!(
            "  {k}={v} sensitive=false synonyms={{{source}:{k}={v}}}"
        ));
    }
    lines.join("\n")
}
