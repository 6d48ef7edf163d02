//! Size caps on what a scenario (or a user) may ask of the core, so that hostile input
//! gets a clear refusal instead of an allocation abort or a run that never ends.
//! `docs/scenario-format.md` lists them; the CLI, the browser and `Sim::new` apply them.

use crate::scenario::Scenario;
use crate::validate::ScenarioError;

/// Largest scenario file accepted, in bytes (10 MB).
pub const MAX_FILE_BYTES: usize = 10_000_000;
/// Most brokers in one cluster.
pub const MAX_BROKERS: usize = 64;
/// Most partitions in all: every topic's, plus `__consumer_offsets` when there are consumers.
pub const MAX_PARTITIONS: u64 = 10_000;
/// Largest `count` of one produce action.
pub const MAX_PRODUCE_COUNT: u32 = 100_000;
/// Most records the actions of one file produce in all.
pub const MAX_RECORDS: u64 = 1_000_000;
/// Longest record value, in bytes.
pub const MAX_VALUE_BYTES: usize = 1_000;
/// Most producers in one scenario.
pub const MAX_PRODUCERS: usize = 100;
/// Most consumers in one run: the scenario's plus those `add_consumer` brings (each keeps
/// a position per partition, so the two caps bound memory together).
pub const MAX_CONSUMERS: usize = 100;
/// Longest name (topic, producer, consumer, `group.id`), in bytes: Kafka's topic-name limit
/// (`Topic.MAX_NAME_LENGTH`), so a name copied into every event cannot fill memory.
pub const MAX_NAME_BYTES: usize = 249;
/// Most timed actions in one file.
pub const MAX_ACTIONS: usize = 100_000;
/// Latest `end_ms` (24 h). Every time setting (latency, timeouts, intervals) has the same
/// cap: a timer longer than the longest run could never fire.
pub const MAX_TIME_MS: u64 = 86_400_000;

fn too_big(
    path: impl Into<String>,
    what: &str,
    got: impl std::fmt::Display,
    max: impl std::fmt::Display,
) -> ScenarioError {
    ScenarioError {
        path: path.into(),
        message: format!("{what} is {got}, more than the limit of {max}"),
    }
}

/// Refuses a scenario beyond the size caps, naming the field and the limit.
/// `offsets_partitions` is the size of `__consumer_offsets` (0 when the run has none).
pub fn check_sizes(s: &Scenario, offsets_partitions: u32) -> Result<(), ScenarioError> {
    if s.end_ms > MAX_TIME_MS {
        return Err(too_big(
            "end_ms",
            "end_ms",
            s.end_ms,
            format!("{MAX_TIME_MS} ms (24 h)"),
        ));
    }
    if s.cluster.brokers.len() > MAX_BROKERS {
        return Err(too_big(
            "cluster.brokers",
            "the number of brokers",
            s.cluster.brokers.len(),
            MAX_BROKERS,
        ));
    }
    if s.producers.len() > MAX_PRODUCERS {
        return Err(too_big(
            "producers",
            "the number of producers",
            s.producers.len(),
            MAX_PRODUCERS,
        ));
    }
    if s.consumers.len() > MAX_CONSUMERS {
        return Err(too_big(
            "consumers",
            "the number of consumers",
            s.consumers.len(),
            MAX_CONSUMERS,
        ));
    }
    let n = &s.cluster.network;
    for (field, ms) in [("latency_ms", n.latency_ms), ("jitter_ms", n.jitter_ms)] {
        if ms > MAX_TIME_MS {
            return Err(too_big(
                format!("cluster.network.{field}"),
                field,
                format!("{ms} ms"),
                format!("{MAX_TIME_MS} ms (24 h)"),
            ));
        }
    }
    let mut partitions = offsets_partitions as u64;
    for (i, t) in s.topics.iter().enumerate() {
        partitions = partitions.saturating_add(t.partitions as u64);
        if partitions > MAX_PARTITIONS {
            let path = format!("topics[{i}].partitions");
            return Err(too_big(
                path,
                "the number of partitions in all",
                partitions,
                MAX_PARTITIONS,
            ));
        }
    }
    if s.actions.len() > MAX_ACTIONS {
        return Err(too_big(
            "actions",
            "the number of actions",
            s.actions.len(),
            MAX_ACTIONS,
        ));
    }
    let mut records: u64 = 0;
    for (i, a) in s.actions.iter().enumerate() {
        if let crate::Action::Produce { count, .. } = &a.action {
            // One count above its own cap is the action check's to report.
            records = records.saturating_add(count.unwrap_or(1).min(MAX_PRODUCE_COUNT) as u64);
            if records > MAX_RECORDS {
                let path = format!("actions[{i}].count");
                return Err(too_big(
                    path,
                    "the number of records produced in all",
                    records,
                    MAX_RECORDS,
                ));
            }
        }
    }
    Ok(())
}
