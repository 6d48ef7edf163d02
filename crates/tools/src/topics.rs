//! `kafka-topics.sh`: `--list` and `--describe` in Kafka 3.7's format
//! (`tools/src/main/java/org/apache/kafka/tools/TopicCommand.java`: `TopicDescription`
//! and `PartitionDescription.printDescription`, the report filters of `DescribeOptions`);
//! `--create`, `--alter` and `--delete` are in `topic_changes.rs`.

use crate::options::{flag, valued, Parsed, Spec};
use crate::{topic_changes, Outcome};
use isrlab_sim::view::{ClusterView, PartitionView};
use isrlab_sim::{BrokerId, Sim};
use regex_lite::Regex;

/// The options of `kafka-topics.sh` (TopicCommandOptions).
pub const SPECS: [Spec; 21] = [
    flag("list"),
    flag("describe"),
    flag("create"),
    flag("alter"),
    flag("delete"),
    valued("topic"),
    valued("topic-id"),
    valued("config"),
    valued("delete-config"),
    valued("partitions"),
    valued("replication-factor"),
    valued("replica-assignment"),
    flag("under-replicated-partitions"),
    flag("unavailable-partitions"),
    flag("under-min-isr-partitions"),
    flag("at-min-isr-partitions"),
    flag("topics-with-overrides"),
    flag("if-exists"),
    flag("if-not-exists"),
    flag("exclude-internal"),
    flag("disable-rack-aware"),
];

const REPORTS: [&str; 4] = [
    "under-replicated-partitions",
    "unavailable-partitions",
    "under-min-isr-partitions",
    "at-min-isr-partitions",
];

/// Runs `kafka-topics.sh` with `words` (the arguments after the script name).
pub fn run(words: &[String], sim: &Sim) -> Outcome {
    parse_and_run(words, sim).unwrap_or_else(Outcome::error)
}

fn parse_and_run(words: &[String], sim: &Sim) -> Result<Outcome, String> {
    let view = &sim.view();
    let opts = Parsed::parse(words, &SPECS)?;
    let action = opts
        .one_of(
            &["list", "describe", "create", "alter", "delete"],
            "Command must include exactly one action: --list, --describe, --create, --alter or --delete",
        )
        .map_err(|e| format!("ERROR: {e}"))?;
    for report in REPORTS {
        opts.refuse_with(
            report,
            &["list", "create", "alter", "delete", "topics-with-overrides"],
        )?;
    }
    opts.refuse_with("exclude-internal", &["create", "alter", "delete"])?;
    match action {
        "list" => Ok(Outcome::ok(selected_topics(view, &opts)?.join("\n"))),
        "describe" => Ok(Outcome::ok(describe(
            view,
            &selected_topics(view, &opts)?,
            &opts,
        ))),
        "create" => topic_changes::create(&opts, sim),
        "alter" => topic_changes::alter(&opts, sim),
        _ => topic_changes::delete(&opts, sim),
    }
}

/// Topic names, sorted, that `--topic` (a regular expression, Kafka's `IncludeList`)
/// selects; `__consumer_offsets` unless `--exclude-internal`.
fn selected_topics(view: &ClusterView, opts: &Parsed) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = view.partitions.iter().map(|p| p.tp.topic.clone()).collect();
    if !opts.has("exclude-internal") {
        names.extend(view.internal_partitions.iter().map(|p| p.tp.topic.clone()));
    }
    names.sort();
    names.dedup();
    let Some(pattern) = opts.value("topic") else {
        return Ok(names);
    };
    let regex = include_list(pattern)?;
    let found: Vec<String> = names.into_iter().filter(|n| regex.is_match(n)).collect();
    if found.is_empty() && !opts.has("if-exists") && !opts.has("list") {
        return Err(format!(
            "Error while executing topic command : Topic '{pattern}' does not exist as expected"
        ));
    }
    Ok(found)
}

/// Kafka's `IncludeList`: commas mean "or", the whole name must match.
pub(crate) fn include_list(pattern: &str) -> Result<Regex, String> {
    let alternatives = pattern.trim().replace(',', "|");
    Regex::new(&format!("^(?:{alternatives})$")).map_err(|e| {
        format!("Error while executing topic command : invalid topic pattern {pattern}: {e}")
    })
}

/// Every partition of `topic`, in partition order.
pub(crate) fn partitions_of<'a>(view: &'a ClusterView, topic: &str) -> Vec<&'a PartitionView> {
    view.partitions
        .iter()
        .chain(view.internal_partitions.iter())
        .filter(|p| p.tp.topic == topic)
        .collect()
}

/// The replicas a reassignment adds and removes, as ZooKeeper holds it (what describe
/// shows), `None` when none runs there.
pub(crate) fn moving(p: &PartitionView) -> Option<(Vec<BrokerId>, Vec<BrokerId>)> {
    let (target, original) = (p.reassigning_to.as_ref()?, p.reassigning_from.as_ref()?);
    Some(adding_and_removing(target, original))
}

/// The replicas a move from `original` to `target` adds and removes.
pub(crate) fn adding_and_removing(
    target: &[BrokerId],
    original: &[BrokerId],
) -> (Vec<BrokerId>, Vec<BrokerId>) {
    let adding = target
        .iter()
        .filter(|b| !original.contains(b))
        .copied()
        .collect();
    let removing = original
        .iter()
        .filter(|b| !target.contains(b))
        .copied()
        .collect();
    (adding, removing)
}

/// `getReplicationFactor`: during a reassignment, the replicas minus those being added.
fn replication_factor(p: &PartitionView) -> usize {
    let adding = moving(p).map_or(0, |(a, _)| a.len());
    p.replicas.len().saturating_sub(adding)
}

/// The topic configs the view carries that differ from Kafka's defaults
/// (`ConfigEntry.isDefault`), as `name=value` joined by commas.
fn configs(p: &PartitionView) -> String {
    let mut out = Vec::new();
    if p.min_insync_replicas != 1 {
        out.push(format!("min.insync.replicas={}", p.min_insync_replicas));
    }
    if p.unclean_leader_election_enable {
        out.push("unclean.leader.election.enable=true".to_string());
    }
    out.join(",")
}

/// Broker ids joined by commas, as the tools print them (`1,2,0`).
pub(crate) fn ids(list: &[BrokerId]) -> String {
    list.iter()
        .map(|b| b.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

fn describe(view: &ClusterView, topics: &[String], opts: &Parsed) -> String {
    let reports: Vec<&str> = REPORTS.iter().copied().filter(|r| opts.has(r)).collect();
    let live: Vec<BrokerId> = view
        .brokers
        .iter()
        .filter(|b| b.registered)
        .map(|b| b.id)
        .collect();
    let mut lines = Vec::new();
    for topic in topics {
        let parts = partitions_of(view, topic);
        let Some(first) = parts.first() else { continue };
        if reports.is_empty() {
            // Topic ids are all zero in a ZooKeeper cluster that predates them (before
            // 2.8), and the tool then leaves the field out.
            // A topic being deleted says so, as the ZooKeeper-mode tool does.
            lines.push(format!(
                "Topic: {topic}\tPartitionCount: {}\tReplicationFactor: {}\tConfigs: {}{}",
                parts.len(),
                replication_factor(first),
                configs(first),
                if first.marked_for_deletion {
                    "\tMarkedForDeletion: true"
                } else {
                    ""
                }
            ));
        }
        for p in parts {
            let shown = reports.is_empty()
                || reports.iter().any(|r| match *r {
                    "under-replicated-partitions" => replication_factor(p) > p.isr.len(),
                    "unavailable-partitions" => p.leader.is_none_or(|l| !live.contains(&l)),
                    "under-min-isr-partitions" => {
                        p.leader.is_none() || (p.isr.len() as u64) < p.min_insync_replicas as u64
                    }
                    _ => p.isr.len() as u64 == p.min_insync_replicas as u64,
                });
            if shown {
                lines.push(partition_line(p));
            }
        }
    }
    lines.join("\n")
}

/// One `PartitionDescription` line.
pub(crate) fn partition_line(p: &PartitionView) -> String {
    let leader = p.leader.map_or("none".to_string(), |l| l.to_string());
    let mut line = format!(
        "\tTopic: {}\tPartition: {}\tLeader: {leader}\tReplicas: {}\tIsr: {}",
        p.tp.topic,
        p.tp.partition,
        ids(&p.replicas),
        ids(&p.isr)
    );
    if let Some((adding, removing)) = moving(p) {
        line.push_str(&format!(
            "\tAdding Replicas: {}\tRemoving Replicas: {}",
            ids(&adding),
            ids(&removing)
        ));
    }
    line
}
