//! `isrlab assign`: replica placement by Kafka's `assignReplicasToBrokers` (rack-aware
//! with `--racks 0:r1,1:r3,...`) or the textbook rule, printed as `{"0":[0,1,2],...}`.

use crate::args::Args;
use isrlab_sim::limits::{MAX_BROKERS, MAX_NAME_BYTES, MAX_PARTITIONS};
use isrlab_sim::placement::{assign_kafka, assign_textbook, Assignment, PlacementRequest};
use isrlab_sim::rng::SimRng;
use isrlab_sim::BrokerId;
use std::collections::BTreeMap;

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
            "--racks",
        ],
        &["--textbook"],
    )?;
    if !args.positional.is_empty() {
        return Err(format!("unexpected arguments {:?}", args.positional));
    }
    let racks = match args.get::<String>("--racks")? {
        Some(text) => parse_racks(&text)?,
        None => BTreeMap::new(),
    };
    // With --racks alone, the brokers are the ones it names.
    let brokers = match args.get::<String>("--brokers")? {
        Some(text) => parse_brokers(&text)?,
        None if !racks.is_empty() => racks.keys().copied().collect(),
        None => return Err("--brokers is required (or --racks)".to_string()),
    };
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
        assign_kafka(&req, &racks, &mut |n| rng.below(n))
    }
    .map_err(|e| e.to_string())?;
    Ok(to_json(&assignment))
}

/// `0,1,2` → broker ids, at most the lab's limit.
fn parse_brokers(text: &str) -> Result<Vec<BrokerId>, String> {
    let brokers = text
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
    Ok(brokers)
}

/// `0:r1,1:r3` → broker 0 in rack r1, broker 1 in rack r3.
fn parse_racks(text: &str) -> Result<BTreeMap<BrokerId, String>, String> {
    let mut racks = BTreeMap::new();
    for pair in text.split(',') {
        let (broker, rack) = pair
            .split_once(':')
            .ok_or_else(|| format!("--racks: \"{pair}\" is not broker:rack"))?;
        let broker = broker
            .trim()
            .parse::<BrokerId>()
            .map_err(|_| format!("--racks: \"{broker}\" is not a broker id"))?;
        let rack = rack.trim();
        if rack.is_empty() || rack.len() > MAX_NAME_BYTES {
            return Err(format!(
                "--racks: broker {broker} needs a rack name of 1 to {MAX_NAME_BYTES} bytes"
            ));
        }
        if racks.insert(broker, rack.to_string()).is_some() {
            return Err(format!("--racks: broker {broker} is given twice"));
        }
        if racks.len() > MAX_BROKERS {
            return Err(format!(
                "--racks: more than the limit of {MAX_BROKERS} brokers"
            ));
        }
    }
    Ok(racks)
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
