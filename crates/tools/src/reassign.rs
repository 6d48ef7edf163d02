//! `kafka-reassign-partitions.sh`: `--generate`, `--execute`, `--verify` and `--list`, in
//! the words of Kafka's `tools/.../reassign/ReassignPartitionsCommand.java`
//! (`generateAssignment`, `executeAssignment`, `partitionReassignmentStatesToString`,
//! `curReassignmentsToString`). The move itself is the core's (`Action::Reassign`:
//! AR = OAR + RAR, catch-up, ISR join, old replicas removed).

use crate::files::Files;
use crate::options::{flag, valued, Parsed, Spec};
use crate::plan::{self, Move};
use crate::topics::{adding_and_removing, ids, partitions_of};
use crate::{checked, Outcome};
use isrlab_sim::placement::{assign_replicas_to_brokers, PlacementRequest};
use isrlab_sim::rng::SimRng;
use isrlab_sim::view::{ClusterView, PartitionView};
use isrlab_sim::{Action, BrokerId, Sim, TopicPartition};

/// The options of `kafka-reassign-partitions.sh` (ReassignPartitionsCommandOptions).
pub const SPECS: [Spec; 15] = [
    flag("generate"),
    flag("execute"),
    flag("verify"),
    flag("cancel"),
    flag("list"),
    valued("reassignment-json-file"),
    valued("topics-to-move-json-file"),
    valued("broker-list"),
    flag("disable-rack-aware"),
    valued("throttle"),
    valued("replica-alter-log-dirs-throttle"),
    valued("timeout"),
    flag("additional"),
    flag("preserve-throttles"),
    valued("bootstrap-controller"),
];

/// Runs `kafka-reassign-partitions.sh` with `words`.
pub fn run(words: &[String], sim: &Sim, files: &mut Files) -> Outcome {
    let view = sim.view();
    let result = Parsed::parse(words, &SPECS).and_then(|opts| {
        let action = opts.one_of(
            &["generate", "execute", "verify", "cancel", "list"],
            "Command must include exactly one action: --generate, --execute, --verify, --cancel, --list",
        )?;
        match action {
            "generate" => generate(&opts, &view, files, sim.now()).map(Outcome::ok),
            "execute" => execute(&opts, &view, files, sim),
            "verify" => verify(&opts, &view, files).map(Outcome::ok),
            "list" => Ok(Outcome::ok(list(&view))),
            _ => Err("kafka-reassign-partitions.sh --cancel: the lab's core cannot cancel a reassignment yet".to_string()),
        }
    });
    result.unwrap_or_else(Outcome::error)
}

fn current(view: &ClusterView, tp: &TopicPartition) -> Option<PartitionView> {
    view.partitions.iter().find(|p| p.tp == *tp).cloned()
}

/// `--generate`: Kafka's `assignReplicasToBrokers` over the listed brokers for each topic
/// (its random start index drawn from a ChaCha8 seeded with the virtual time, so the same
/// command at the same time proposes the same plan).
fn generate(opts: &Parsed, view: &ClusterView, files: &Files, now: u64) -> Result<String, String> {
    let topics =
        plan::topics_to_move(files.json_argument(opts.required("topics-to-move-json-file")?)?)?;
    let list = opts.required("broker-list")?;
    let mut brokers: Vec<BrokerId> = Vec::new();
    for b in list.split(',') {
        let id: BrokerId = b
            .trim()
            .parse()
            .map_err(|_| format!("Error: For input string: \"{}\"", b.trim()))?;
        if brokers.contains(&id) {
            return Err(format!(
                "Error: Broker list contains duplicate entries: [{id}]"
            ));
        }
        brokers.push(id);
    }
    // getBrokerMetadata: only the listed brokers the cluster knows.
    brokers.retain(|b| view.brokers.iter().any(|x| x.id == *b));
    let mut rng = SimRng::new(now);
    let (mut old, mut new): (Vec<Move>, Vec<Move>) = (Vec::new(), Vec::new());
    for topic in &topics {
        let parts = partitions_of(view, topic);
        let Some(first) = parts.first() else {
            return Err(format!(
                "Error: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: Topic {topic} not found."
            ));
        };
        let req = PlacementRequest {
            brokers: brokers.clone(),
            partitions: parts.len() as i64,
            replication_factor: first.replicas.len() as i64,
            fixed_start_index: None,
            start_partition_id: 0,
        };
        let assignment = assign_replicas_to_brokers(&req, &mut |n| rng.below(n))
            .map_err(|e| format!("Error: {e}"))?;
        for p in &parts {
            old.push((p.tp.clone(), p.replicas.clone()));
        }
        for (partition, replicas) in assignment {
            let tp = TopicPartition {
                topic: topic.clone(),
                partition,
            };
            new.push((tp, replicas));
        }
    }
    Ok(format!(
        "Current partition replica assignment\n{}\n\nProposed partition reassignment configuration\n{}",
        plan::format(&old),
        plan::format(&new)
    ))
}

fn names(moves: &[Move]) -> String {
    let mut tps: Vec<&TopicPartition> = moves.iter().map(|(tp, _)| tp).collect();
    tps.sort_by(|a, b| (&a.topic, a.partition).cmp(&(&b.topic, b.partition)));
    tps.iter()
        .map(|t| t.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// `--execute`: the current assignment (to save for a rollback), then one
/// `Action::Reassign` per partition, each accepted by the core's action check.
fn execute(opts: &Parsed, view: &ClusterView, files: &Files, sim: &Sim) -> Result<Outcome, String> {
    let moves = plan::reassignment(files.json_argument(opts.required("reassignment-json-file")?)?)?;
    let active = view.partitions.iter().any(|p| p.being_reassigned.is_some());
    if active && !opts.has("additional") {
        return Err("Cannot execute because there is an existing partition assignment.  Use --additional to override this and create a new partition assignment in addition to the existing one. The --additional flag can also be used to change the throttle by resubmitting the current reassignment.".to_string());
    }
    if let Some(unknown) = moves
        .iter()
        .flat_map(|(_, r)| r.iter())
        .find(|b| !view.brokers.iter().any(|x| x.id == **b))
    {
        return Err(format!("Error: Unknown broker id {unknown}"));
    }
    let mut old = Vec::new();
    for (tp, _) in &moves {
        match current(view, tp) {
            Some(p) => old.push((tp.clone(), p.replicas)),
            None => {
                return Err(format!(
                    "Error: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: Unable to find partition: {tp}"
                ))
            }
        }
    }
    let actions: Vec<Action> = moves
        .iter()
        .map(|(tp, replicas)| Action::Reassign {
            topic: tp.topic.clone(),
            partition: tp.partition,
            replicas: replicas.clone(),
        })
        .collect();
    let actions = checked(sim, actions)?;
    let mut out = format!(
        "Current partition replica assignment\n\n{}\n\nSave this to use as the --reassignment-json-file option during rollback",
        plan::format(&old)
    );
    if opts.has("throttle") {
        out.push_str("\nWarning: You must run --verify periodically, until the reassignment completes, to ensure the throttle is removed.");
        out.push_str("\n(ISR Lab: the core does not model replication throttles yet; the move runs unthrottled.)");
    }
    out.push_str(&format!(
        "\nSuccessfully started partition reassignment{} for {}",
        if moves.len() == 1 { "" } else { "s" },
        names(&moves)
    ));
    Ok(Outcome {
        output: out,
        actions,
        failed: false,
    })
}

/// `--verify`: each partition of the plan is still moving, done, or done elsewhere.
fn verify(opts: &Parsed, view: &ClusterView, files: &Files) -> Result<String, String> {
    let mut moves =
        plan::reassignment(files.json_argument(opts.required("reassignment-json-file")?)?)?;
    moves.sort_by(|a, b| (&a.0.topic, a.0.partition).cmp(&(&b.0.topic, b.0.partition)));
    let mut lines = vec!["Status of partition reassignment:".to_string()];
    let mut ongoing = false;
    for (tp, target) in &moves {
        let Some(p) = current(view, tp) else {
            return Err(format!(
                "Error: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: Unable to find partition: {tp}"
            ));
        };
        if p.being_reassigned.is_some() {
            ongoing = true;
            lines.push(format!(
                "Reassignment of partition {tp} is still in progress."
            ));
        } else if p.replicas == *target {
            lines.push(format!("Reassignment of partition {tp} is completed."));
        } else {
            lines.push(format!(
                "There is no active reassignment of partition {tp}, but replica set is {} rather than {}.",
                ids(&p.replicas),
                ids(target)
            ));
        }
    }
    if !ongoing && !opts.has("preserve-throttles") {
        // clearAllThrottles: every broker of the cluster and of the plan, every topic of the plan.
        let mut brokers: Vec<BrokerId> = view.brokers.iter().map(|b| b.id).collect();
        brokers.extend(moves.iter().flat_map(|(_, r)| r.iter().copied()));
        brokers.sort_unstable();
        brokers.dedup();
        let mut topics: Vec<&str> = moves.iter().map(|(tp, _)| tp.topic.as_str()).collect();
        topics.sort_unstable();
        topics.dedup();
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        lines.push(format!(
            "Clearing broker-level throttles on broker{} {}",
            plural(brokers.len()),
            brokers
                .iter()
                .map(|b| b.to_string())
                .collect::<Vec<_>>()
                .join(",")
        ));
        lines.push(format!(
            "Clearing topic-level throttles on topic{} {}",
            plural(topics.len()),
            topics.join(",")
        ));
    }
    Ok(lines.join("\n"))
}

/// `--list`: the reassignments in progress.
fn list(view: &ClusterView) -> String {
    let lines: Vec<String> = view
        .partitions
        .iter()
        .filter_map(|p| {
            // listPartitionReassignments answers from the controller's context.
            let r = p.being_reassigned.as_ref()?;
            let (adding, removing) = adding_and_removing(&r.target, &r.original);
            let mut line = format!("{}: replicas: {}.", p.tp, ids(&r.replicas()));
            if !adding.is_empty() {
                line.push_str(&format!(" adding: {}.", ids(&adding)));
            }
            if !removing.is_empty() {
                line.push_str(&format!(" removing: {}.", ids(&removing)));
            }
            Some(line)
        })
        .collect();
    if lines.is_empty() {
        "No partition reassignments found.".to_string()
    } else {
        format!("Current partition reassignments:\n{}", lines.join("\n"))
    }
}
