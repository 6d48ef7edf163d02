//! `isrlab assign`: replica placement by Kafka's `assignReplicasToBrokers` or the
//! textbook rule, printed as `{"0":[0,1,2],...}`.

use crate::args::Args;
use isrlab_sim::limits::{MAX_BROKERS, MAX_PARTITIONS};
use isrlab_sim::placement::{
    assign_replicas_to_brokers, assign_textbook, Assignment, PlacementRequest,
};
use isrlab_sim::rng::SimRng;
use isrlab_sim::BrokerId;

/// Runs `isrlab assign` and returns the assignment JSON, or the error (Kafka's exception name first).
pub fn assign(words: &[String]) -> Result<String, String> {
    let args = Args::parse(
        words,
        &[
            "--brokers",
            "--partitions",
            "--replication-factor",
            "--start-index",
            "--start-partition",
            "--seed",
        ],
        &["--textbook"],
    )?;
    if !args.positional.is_empty() {
        return Err(format!("unexpected arguments {:?}", args.positional));
    }
    let brokers_text: String = args.require("--brokers")?;
    let brokers = brokers_text
        .split(',')
        .map(|b| {
            b.trim()
                .parse::<BrokerId>()
                .map_err(|_| format!("--brokers: \"{b}\" is not a broker id"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if brokers.len() > MAX_BROKERS {
        return Err(format!(
            "--brokers: {} brokers is more than the limit of {MAX_BROKERS}",
            brokers.len()
        ));
    }
    let req = PlacementRequest {
        brokers,
        partitions: args.require("--partitions")?,
        replication_factor: args.require("--replication-factor")?,
        fixed_start_index: args.get("--start-index")?,
        start_partition_id: args.get("--start-partition")?.unwrap_or(0),
    };
    // Partition ids run from --start-partition to start + partitions - 1: both within the
    // lab's cap, so no id can wrap around u32.
    if req.partitions > MAX_PARTITIONS as i64 {
        return Err(format!(
            "--partitions: {} is more than the limit of {MAX_PARTITIONS} partitions",
            req.partitions
        ));
    }
    if req.start_partition_id as i64 + req.partitions.max(0) > MAX_PARTITIONS as i64 {
        return Err(format!(
            "--start-partition: partition ids {}..{} go past the limit of {MAX_PARTITIONS} partitions",
            req.start_partition_id,
            req.start_partition_id as i64 + req.partitions.max(0)
        ));
    }
    let mut rng = SimRng::new(args.get("--seed")?.unwrap_or(0));
    let assignment = if args.has("--textbook") {
        assign_textbook(&req)
    } else {
        assign_replicas_to_brokers(&req, &mut |n| rng.below(n))
    }
    .map_err(|e| e.to_string())?;
    Ok(to_json(&assignment))
}

/// `{"0":[0,1,2],"1":[1,2,0]}` with partitions in numeric order.
fn to_json(assignment: &Assignment) -> String {
    let entries: Vec<String> = assignment
        .iter()
        .map(|(p, replicas)| {
            let list: Vec<String> = replicas.iter().map(|b| b.to_string()).collect();
            format!("\"{p}\":[{}]", list.join(","))
        })
        .collect();
    format!("{{{}}}", entries.join(","))
}
