//! `isrlab run FILE [--until-ms T] [--events]`: runs a scenario and prints the cluster and the
//! fate of every message as one JSON document (schema in `docs/cli.md`).

use crate::args::Args;
use crate::check::load;
use isrlab_sim::ledger::MessageRecord;
use isrlab_sim::view::{PartitionView, ReplicaView};
use isrlab_sim::Sim;
use serde_json::{json, Value};

/// Runs `isrlab run` and returns the JSON document.
pub fn run(words: &[String]) -> Result<String, String> {
    let args = Args::parse(words, &["--until-ms"], &["--events"])?;
    let path = args.single_positional("scenario FILE")?;
    let scenario = load(path)?;
    let mut sim = Sim::new(&scenario).map_err(|e| format!("{path}: {e}"))?;
    let until = args.get("--until-ms")?.unwrap_or(sim.end_ms());
    sim.run_until(until);
    let mut doc = document(&sim);
    if args.has("--events") {
        doc["events"] = serde_json::to_value(sim.events()).map_err(|e| e.to_string())?;
    }
    serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())
}

fn document(sim: &Sim) -> Value {
    let view = sim.view();
    json!({
        "time_ms": view.time_ms,
        "trace_hash": format!("{:016x}", sim.trace_hash()),
        "controller": view.controller,
        "partitions": view.partitions.iter().map(partition).collect::<Vec<_>>(),
        "messages": sim.ledger().iter().map(message).collect::<Vec<_>>(),
        "violations": sim.violations().iter().map(|v| json!({
            "invariant": v.invariant,
            "time_ms": v.time_ms,
            "step": v.step,
            "topic": v.tp.topic,
            "partition": v.tp.partition,
            "detail": v.detail,
        })).collect::<Vec<_>>(),
    })
}

fn partition(p: &PartitionView) -> Value {
    json!({
        "topic": p.tp.topic,
        "partition": p.tp.partition,
        "replicas": p.replicas,
        "leader": p.leader,
        "leader_epoch": p.leader_epoch,
        "isr": p.isr,
        "high_watermark": p.high_watermark,
        "replica_states": p.replica_states.iter().map(replica).collect::<Vec<_>>(),
    })
}

fn replica(r: &ReplicaView) -> Value {
    json!({
        "broker": r.broker,
        "alive": r.alive,
        "log_end_offset": r.log_end_offset,
        "high_watermark": r.high_watermark,
        "log": r.log.iter().map(|x| json!({"offset": x.offset, "epoch": x.epoch, "value": x.value})).collect::<Vec<_>>(),
    })
}

fn message(m: &MessageRecord) -> Value {
    let acks = match m.acks {
        0 => "0",
        1 => "1",
        _ => "all",
    };
    json!({
        "value": m.value,
        "topic": m.tp.topic,
        "partition": m.tp.partition,
        "acks": acks,
        "acknowledged": m.acknowledged_at.is_some(),
        "error": m.error,
        "committed": m.committed_at.is_some(),
        "lost": m.lost_at.is_some(),
        "duplicates": m.duplicates,
        "consumed_by": m.consumed_by,
    })
}
