//! `kafka-topics.sh --create`, `--alter --partitions` and `--delete`, as Kafka's
//! `TopicCommand` reads them (`TopicCommandOptions.checkArgs`, `parseReplicaAssignment`)
//! and prints what they did. The change itself is the core's (`Action::CreateTopic`,
//! `Action::CreatePartitions`, `Action::DeleteTopic`): written to ZooKeeper, then carried
//! out by the controller when its watch fires.

use crate::options::Parsed;
use crate::topics::include_list;
use crate::Outcome;
use isrlab_sim::action::Action;
use isrlab_sim::action_check::ActionRefusal;
use isrlab_sim::placement::{Assignment, PlacementError, PlacementRule};
use isrlab_sim::scenario::TopicSpec;
use isrlab_sim::{BrokerId, Sim};
use serde_json::Value;
use std::collections::BTreeMap;

/// `num.partitions` and `default.replication.factor`, Kafka's broker defaults, which a
/// create without `--partitions` or `--replication-factor` gets (KIP-464).
const DEFAULT_PARTITIONS: u32 = 1;
const DEFAULT_REPLICATION_FACTOR: u32 = 1;

/// `--create --topic T [--partitions P] [--replication-factor R] [--replica-assignment A]
/// [--config k=v]… [--if-not-exists] [--disable-rack-aware]`.
pub(crate) fn create(opts: &Parsed, sim: &Sim) -> Result<Outcome, String> {
    let name = opts.required("topic")?.to_string();
    for with in ["partitions", "replication-factor"] {
        opts.refuse_with("replica-assignment", &[with])?;
    }
    opts.refuse_with("if-exists", &["create"])?;
    let assignment = opts
        .value("replica-assignment")
        .map(parse_replica_assignment)
        .transpose()?;
    let (partitions, replication_factor) = match &assignment {
        Some(a) => (a.len() as u32, a.get(&0).map_or(0, |r| r.len() as u32)),
        None => (
            count(opts, "partitions", DEFAULT_PARTITIONS)?,
            count(opts, "replication-factor", DEFAULT_REPLICATION_FACTOR)?,
        ),
    };
    let spec = TopicSpec {
        name: name.clone(),
        partitions,
        replication_factor,
        placement: if opts.has("disable-rack-aware") {
            PlacementRule::KafkaDisableRackAware
        } else {
            PlacementRule::Kafka
        },
        start_index: None,
        assignment,
        config: topic_configs(opts)?,
    };
    let action = Action::CreateTopic { topic: spec };
    match sim.check_action(&action) {
        Ok(()) => Ok(Outcome {
            output: format!("Created topic {name}."),
            actions: vec![action],
            failed: false,
        }),
        Err(ActionRefusal::TopicExists { .. }) if opts.has("if-not-exists") => Ok(Outcome::ok("")),
        Err(refusal) => Err(command_error(&refusal)),
    }
}

/// `--alter --topic T --partitions N [--if-exists]`: every topic `T` selects grows to `N`.
pub(crate) fn alter(opts: &Parsed, sim: &Sim) -> Result<Outcome, String> {
    let pattern = opts.required("topic")?;
    opts.refuse_with("replication-factor", &["alter"])?;
    if opts.has("replica-assignment") {
        return Err("kafka-topics.sh --alter --replica-assignment: the lab places added partitions as Kafka does without one; give --partitions alone".into());
    }
    if opts.has("config") || opts.has("delete-config") {
        return Err("kafka-topics.sh --alter changes only the partition count; change a topic's configs with kafka-configs.sh --alter --entity-type topics".into());
    }
    let Some(partitions) = opts.integer("partitions")? else {
        return Err("Missing required argument \"[partitions]\"".into());
    };
    let partitions = u32::try_from(partitions)
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| "The partitions must be greater than 0".to_string())?;
    let Some(topics) = matching(opts, sim, pattern)? else {
        return Ok(Outcome::ok(""));
    };
    let actions = (topics.into_iter())
        .map(|topic| Action::CreatePartitions { topic, partitions })
        .collect();
    Ok(Outcome {
        output: "WARNING: If partitions are increased for a topic that has a key, the partition logic or ordering of the messages will be affected\nAdding partitions succeeded!".into(),
        actions: checked(sim, actions)?,
        failed: false,
    })
}

/// `--delete --topic T [--if-exists]`: every topic `T` selects is marked for deletion,
/// with the words of ZooKeeper-mode Kafka (`TopicCommand.deleteTopic`).
pub(crate) fn delete(opts: &Parsed, sim: &Sim) -> Result<Outcome, String> {
    let pattern = opts.required("topic")?;
    let Some(topics) = matching(opts, sim, pattern)? else {
        return Ok(Outcome::ok(""));
    };
    let output = (topics.iter())
        .map(|t| format!("Topic {t} is marked for deletion.\nNote: This will have no impact if delete.topic.enable is not set to true."))
        .collect::<Vec<_>>()
        .join("\n");
    let actions = (topics.into_iter())
        .map(|topic| Action::DeleteTopic { topic })
        .collect();
    Ok(Outcome {
        output,
        actions: checked(sim, actions)?,
        failed: false,
    })
}

/// The topics (not `__consumer_offsets`, not being deleted) that `--topic` selects;
/// `None` when it selects none and `--if-exists` says that is fine.
fn matching(opts: &Parsed, sim: &Sim, pattern: &str) -> Result<Option<Vec<String>>, String> {
    let regex = include_list(pattern)?;
    let view = sim.view();
    let mut topics: Vec<String> = (view.partitions.iter())
        .filter(|p| !p.marked_for_deletion)
        .map(|p| p.tp.topic.clone())
        .filter(|t| regex.is_match(t))
        .collect();
    topics.dedup();
    match (topics.is_empty(), opts.has("if-exists")) {
        (false, _) => Ok(Some(topics)),
        (true, true) => Ok(None),
        (true, false) => Err(format!(
            "Error while executing topic command : Topic '{pattern}' does not exist as expected"
        )),
    }
}

/// The actions, each accepted by the core's action check, or the first refusal in
/// TopicCommand's words.
fn checked(sim: &Sim, actions: Vec<Action>) -> Result<Vec<Action>, String> {
    for a in &actions {
        sim.check_action(a).map_err(|r| command_error(&r))?;
    }
    Ok(actions)
}

/// A partition or replica count from `--name`, or Kafka's default.
fn count(opts: &Parsed, name: &str, default: u32) -> Result<u32, String> {
    match opts.integer(name)? {
        None => Ok(default),
        Some(n) if n < 1 => Err(format!("The {name} must be greater than 0")),
        Some(n) => Ok(n as u32),
    }
}

/// `--replica-assignment 1:2:3,2:3:1`: partition by partition (commas), each a list of
/// broker ids (colons); `TopicCommand.parseReplicaAssignment`.
fn parse_replica_assignment(text: &str) -> Result<Assignment, String> {
    let mut out = Assignment::new();
    for (partition, list) in (0u32..).zip(text.split(',')) {
        let brokers = list
            .split(':')
            .map(|b| b.trim().parse::<BrokerId>())
            .collect::<Result<Vec<BrokerId>, _>>()
            .map_err(|_| {
                format!("Error while executing topic command : For input string: \"{list}\"")
            })?;
        if let Some(dup) = brokers
            .iter()
            .enumerate()
            .find(|(i, b)| brokers[..*i].contains(b))
        {
            return Err(format!(
                "Error while executing topic command : Partition replica lists may not contain duplicate entries: {}",
                dup.1
            ));
        }
        out.insert(partition, brokers);
    }
    Ok(out)
}

/// `--config k=v`, each given once or more, as the topic's config overrides.
fn topic_configs(opts: &Parsed) -> Result<BTreeMap<String, Value>, String> {
    let mut out = BTreeMap::new();
    for entry in opts.values("config") {
        let (key, value) = entry.split_once('=').ok_or_else(|| {
            format!("Error while executing topic command : Invalid topic config: all configs to be added must be in the format \"key=val\", got {entry}")
        })?;
        out.insert(key.trim().to_string(), Value::from(value.trim()));
    }
    Ok(out)
}

/// A refusal in the words `TopicCommand` prints for the admin client's failure.
fn command_error(refusal: &ActionRefusal) -> String {
    let message = match refusal {
        ActionRefusal::Placement {
            error:
                PlacementError::InvalidReplicationFactor {
                    replication_factor,
                    brokers,
                },
            ..
        } if *replication_factor > *brokers as i64 => format!(
            "Replication factor: {replication_factor} larger than available brokers: {brokers}."
        ),
        ActionRefusal::InvalidTopicName { topic } => format!(
            "Topic name \"{topic}\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'"
        ),
        other => {
            let text = other.to_string();
            match text.split_once("Exception: ") {
                Some((_, rest)) => rest.to_string(),
                None => text,
            }
        }
    };
    format!("Error while executing topic command : {message}")
}
