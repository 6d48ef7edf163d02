//! `isrlab run FILE [--until-ms T] [--events] [--in-flight]`: runs a scenario and prints the cluster and
//! the fate of every message as one JSON document (schema in `docs/cli.md`), with the
//! fields in the documented order. With `--metrics [--format json|csv]` it prints Kafka's
//! metrics over the run instead (`metrics.rs`).

use crate::args::Args;
use crate::check::load;
use isrlab_sim::chunked::Chunked;
use isrlab_sim::events::Event;
use isrlab_sim::invariants::{ExpectedUnder, Invariant, ViolationDetail};
use isrlab_sim::ledger::MessageRecord;
use isrlab_sim::view::{InFlightView, PartitionView, RecordView, ReplicaView};
use isrlab_sim::{BrokerId, LeaderEpoch, Offset, Sim, TimeMs};
use serde::Serialize;

/// The document `isrlab run` prints.
#[derive(Serialize)]
struct RunOutput<'a> {
    time_ms: TimeMs,
    trace_hash: String,
    controller: Option<BrokerId>,
    partitions: Vec<PartitionOut<'a>>,
    messages: Vec<MessageOut<'a>>,
    violations: Vec<ViolationOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_flight: Option<&'a [InFlightView]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    events: Option<&'a Chunked<Event>>,
}

#[derive(Serialize)]
struct PartitionOut<'a> {
    topic: &'a str,
    partition: u32,
    replicas: &'a [BrokerId],
    leader: Option<BrokerId>,
    leader_epoch: LeaderEpoch,
    isr: &'a [BrokerId],
    high_watermark: Offset,
    replica_states: Vec<ReplicaOut<'a>>,
}

#[derive(Serialize)]
struct ReplicaOut<'a> {
    broker: BrokerId,
    created: bool,
    alive: bool,
    log_start_offset: Offset,
    log_end_offset: Offset,
    high_watermark: Offset,
    epoch_cache: Vec<EpochEntryOut>,
    log: Vec<RecordOut<'a>>,
}

/// One entry of a replica's leader-epoch cache.
#[derive(Serialize)]
struct EpochEntryOut {
    epoch: LeaderEpoch,
    start_offset: Offset,
}

#[derive(Serialize)]
struct RecordOut<'a> {
    offset: Offset,
    epoch: LeaderEpoch,
    value: &'a str,
}

#[derive(Serialize)]
struct MessageOut<'a> {
    value: &'a str,
    topic: &'a str,
    partition: u32,
    acks: &'static str,
    acknowledged: bool,
    error: Option<&'a str>,
    committed: bool,
    lost: bool,
    expired: bool,
    duplicates: u32,
    consumed_by: &'a [String],
    consumptions: Vec<ConsumptionOut<'a>>,
}

/// One processing of a message by a consumer (more than one per group: redelivery).
#[derive(Serialize)]
struct ConsumptionOut<'a> {
    consumer: &'a str,
    group: &'a str,
    time_ms: u64,
}

#[derive(Serialize)]
struct ViolationOut<'a> {
    invariant: Invariant,
    time_ms: TimeMs,
    step: u64,
    topic: &'a str,
    partition: u32,
    detail: &'a ViolationDetail,
    expected_under: Option<ExpectedUnder>,
}

/// Runs `isrlab run` and returns the JSON document (or, with `--metrics`, the metrics).
pub fn run(words: &[String]) -> Result<String, String> {
    let args = Args::parse(
        words,
        &["--until-ms", "--format"],
        &["--events", "--in-flight", "--metrics"],
    )?;
    let path = args.single_positional("scenario FILE")?;
    let scenario = load(path)?;
    let mut sim = Sim::new(&scenario).map_err(|e| format!("{path}: {e}"))?;
    let until = args.get("--until-ms")?.unwrap_or(sim.end_ms());
    let format: Option<String> = args.get("--format")?;
    if args.has("--metrics") {
        return crate::metrics::run_metrics(&mut sim, until, format.as_deref());
    }
    if format.is_some() {
        return Err("--format goes with --metrics".to_string());
    }
    sim.run_until(until);
    let view = sim.view();
    let doc = RunOutput {
        time_ms: view.time_ms,
        trace_hash: format!("{:016x}", sim.trace_hash()),
        controller: view.controller,
        partitions: view.partitions.iter().map(partition).collect(),
        messages: sim.ledger().iter().map(message).collect(),
        violations: sim
            .violations()
            .iter()
            .map(|v| ViolationOut {
                invariant: v.invariant,
                time_ms: v.time_ms,
                step: v.step,
                topic: &v.tp.topic,
                partition: v.tp.partition,
                detail: &v.detail,
                expected_under: v.expected_under,
            })
            .collect(),
        in_flight: args.has("--in-flight").then_some(view.in_flight.as_slice()),
        events: args.has("--events").then(|| sim.events()),
    };
    serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())
}

fn partition(p: &PartitionView) -> PartitionOut<'_> {
    PartitionOut {
        topic: &p.tp.topic,
        partition: p.tp.partition,
        replicas: &p.replicas,
        leader: p.leader,
        leader_epoch: p.leader_epoch,
        isr: &p.isr,
        high_watermark: p.high_watermark,
        replica_states: p.replica_states.iter().map(replica).collect(),
    }
}

fn replica(r: &ReplicaView) -> ReplicaOut<'_> {
    ReplicaOut {
        broker: r.broker,
        created: r.created,
        alive: r.alive,
        log_start_offset: r.log_start_offset,
        log_end_offset: r.log_end_offset,
        high_watermark: r.high_watermark,
        epoch_cache: r
            .epoch_cache
            .iter()
            .map(|&(epoch, start_offset)| EpochEntryOut {
                epoch,
                start_offset,
            })
            .collect(),
        log: r.log.iter().map(record).collect(),
    }
}

fn record(r: &RecordView) -> RecordOut<'_> {
    RecordOut {
        offset: r.offset,
        epoch: r.epoch,
        value: &r.value,
    }
}

fn message(m: &MessageRecord) -> MessageOut<'_> {
    MessageOut {
        value: &m.value,
        topic: &m.tp.topic,
        partition: m.tp.partition,
        acks: m.acks.kafka_value(),
        acknowledged: m.acknowledged_at.is_some(),
        error: m.error.as_deref(),
        committed: m.committed_at.is_some(),
        lost: m.lost_at.is_some(),
        expired: m.expired_at.is_some(),
        duplicates: m.duplicates,
        consumed_by: &m.consumed_by,
        consumptions: m
            .consumptions
            .iter()
            .map(|(consumer, group, t)| ConsumptionOut {
                consumer,
                group,
                time_ms: *t,
            })
            .collect(),
    }
}
