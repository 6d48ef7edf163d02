//! `kafka-leader-election.sh` (`tools/.../LeaderElectionCommand.java`: its
//! "Successfully completed leader election (PREFERRED) for partitions ..." and "Valid
//! replica already elected for partitions ..." lines) and the older
//! `kafka-preferred-replica-election.sh`. The election is the core's: each partition
//! becomes an `Action::PreferredElection` or `Action::UncleanElection`, which the
//! controller carries out over the network.

use crate::options::{flag, valued, Parsed, Spec};
use crate::topics::include_list;
use crate::{checked, Outcome};
use isrlab_sim::view::PartitionView;
use isrlab_sim::{Action, Sim};

/// The options of `kafka-leader-election.sh` (LeaderElectionCommandOptions).
pub const SPECS: [Spec; 5] = [
    valued("election-type"),
    flag("all-topic-partitions"),
    valued("topic"),
    valued("partition"),
    valued("path-to-json-file"),
];

/// The options of the older `kafka-preferred-replica-election.sh`.
pub const LEGACY_SPECS: [Spec; 1] = [valued("path-to-json-file")];

/// Runs the tool; `legacy` for `kafka-preferred-replica-election.sh`.
pub fn run(words: &[String], sim: &Sim, legacy: bool) -> Outcome {
    let specs: &[Spec] = if legacy { &LEGACY_SPECS } else { &SPECS };
    let result = Parsed::parse(words, specs).and_then(|opts| elect(&opts, sim, legacy));
    result.unwrap_or_else(Outcome::error)
}

fn elect(opts: &Parsed, sim: &Sim, legacy: bool) -> Result<Outcome, String> {
    if opts.has("path-to-json-file") {
        return Err("--path-to-json-file: the lab's console takes --topic and --partition, or --all-topic-partitions".to_string());
    }
    let unclean = if legacy {
        false
    } else {
        match opts
            .required("election-type")?
            .to_ascii_uppercase()
            .as_str()
        {
            "PREFERRED" => false,
            "UNCLEAN" => true,
            other => {
                return Err(format!(
                    "Error: Unknown election type {other}: PREFERRED or UNCLEAN"
                ))
            }
        }
    };
    let view = sim.view();
    let selected: Vec<&PartitionView> = if legacy || opts.has("all-topic-partitions") {
        if opts.has("topic") || opts.has("partition") {
            return Err("One and only one of the following options is required: all-topic-partitions, topic, path-to-json-file".to_string());
        }
        view.partitions.iter().collect()
    } else {
        let topic = opts.value("topic").ok_or(
            "One and only one of the following options is required: all-topic-partitions, topic, path-to-json-file",
        )?;
        let partition = opts
            .integer("partition")?
            .ok_or("Missing required option(s) [partition]")?;
        let regex = include_list(topic)?;
        let found: Vec<&PartitionView> = view
            .partitions
            .iter()
            .filter(|p| regex.is_match(&p.tp.topic) && i64::from(p.tp.partition) == partition)
            .collect();
        if found.is_empty() {
            return Err(format!(
                "Error completing leader election ({}) for partition: {topic}-{partition}: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.",
                if unclean { "UNCLEAN" } else { "PREFERRED" }
            ));
        }
        found
    };
    // ElectionNotNeeded: a preferred election where the first replica already leads, an
    // unclean one where the partition has a leader.
    let (noop, wanted): (Vec<&PartitionView>, Vec<&PartitionView>) = selected
        .into_iter()
        .partition(|p| match (unclean, p.leader) {
            (true, leader) => leader.is_some(),
            (false, Some(l)) => p.replicas.first() == Some(&l),
            (false, None) => false,
        });
    let actions: Vec<Action> = wanted
        .iter()
        .map(|p| {
            let (topic, partition) = (p.tp.topic.clone(), p.tp.partition);
            if unclean {
                Action::UncleanElection { topic, partition }
            } else {
                Action::PreferredElection {
                    topic: Some(topic),
                    partition: Some(partition),
                }
            }
        })
        .collect();
    let actions = checked(sim, actions)?;
    let join = |ps: &[&PartitionView], sep: &str| {
        ps.iter()
            .map(|p| p.tp.to_string())
            .collect::<Vec<_>>()
            .join(sep)
    };
    let mut lines = Vec::new();
    if legacy {
        lines.push(format!(
            "Successfully started preferred replica election for partitions Set({})",
            join(&wanted, ", ")
        ));
    } else {
        let kind = if unclean { "UNCLEAN" } else { "PREFERRED" };
        if !wanted.is_empty() {
            lines.push(format!(
                "Successfully completed leader election ({kind}) for partitions {}",
                join(&wanted, ", ")
            ));
        }
        if !noop.is_empty() {
            lines.push(format!(
                "Valid replica already elected for partitions {}",
                join(&noop, ", ")
            ));
        }
    }
    Ok(Outcome {
        output: lines.join("\n"),
        actions,
        failed: false,
    })
}
