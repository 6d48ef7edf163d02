//! `kafka-replica-verification.sh --broker-list ... [--topics-include REGEX] [--time -2]`
//! (`tools/.../ReplicaVerificationTool.java`): walks every selected partition's replicas
//! record by record, up to each replica's high watermark, compares them, and reports the
//! largest lag between the verified offset and the highest HW: `max lag is N for
//! partition T-P at offset O among K partitions`. The lab's tool takes one fetch round on
//! the cluster as it is now and prints one report (the real one repeats every
//! `--report-interval-ms`); dates are virtual time from 1970-01-01.

use crate::options::{valued, Parsed, Spec};
use crate::topics::include_list;
use crate::Outcome;
use isrlab_sim::hash::Fnv64;
use isrlab_sim::view::{PartitionView, RecordView};
use isrlab_sim::Sim;

/// The options of `kafka-replica-verification.sh` (ReplicaVerificationToolOptions);
/// `topic-white-list` is the name before Kafka 3.x's `topics-include`.
pub const SPECS: [Spec; 7] = [
    valued("broker-list"),
    valued("fetch-size"),
    valued("max-wait-ms"),
    valued("topics-include"),
    valued("topic-white-list"),
    valued("time"),
    valued("report-interval-ms"),
];

/// Runs the tool with `words`.
pub fn run(words: &[String], sim: &Sim) -> Outcome {
    let result = Parsed::parse(words, &SPECS).and_then(|opts| verify(&opts, sim));
    result.unwrap_or_else(Outcome::error)
}

/// `yyyy-MM-dd HH:mm:ss,SSS` of virtual time `ms` counted from 1970-01-01.
fn date(ms: u64) -> String {
    let (days, rest) = (ms / 86_400_000, ms % 86_400_000);
    format!(
        "1970-01-{:02} {:02}:{:02}:{:02},{:03}",
        days + 1,
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1000 % 60,
        rest % 1000
    )
}

/// A record batch's checksum, as the tool compares them (here: one record per batch).
fn checksum(r: &RecordView) -> u64 {
    let mut h = Fnv64::new();
    h.write_bytes(&r.epoch.to_le_bytes());
    h.write_bytes(&r.producer_id.to_le_bytes());
    h.write_bytes(&r.sequence.to_le_bytes());
    h.write_bytes(r.value.as_bytes());
    h.finish()
}

fn verify(opts: &Parsed, sim: &Sim) -> Result<Outcome, String> {
    opts.required("broker-list")?;
    let pattern = opts
        .value("topics-include")
        .or(opts.value("topic-white-list"))
        .unwrap_or(".*");
    let regex = include_list(pattern).map_err(|_| format!("{pattern} is an invalid regex"))?;
    let earliest = match opts.integer("time")? {
        None | Some(-1) => false,
        Some(-2) => true,
        Some(t) => {
            return Err(format!(
                "--time {t}: the lab's tool starts from -1 (latest) or -2 (earliest)"
            ))
        }
    };
    let view = sim.view();
    let parts: Vec<&PartitionView> = view
        .partitions
        .iter()
        .chain(view.internal_partitions.iter())
        .filter(|p| regex.is_match(&p.tp.topic))
        .collect();
    if parts.is_empty() {
        return Err(format!("No topics found. {pattern}, if specified, is either filtering out all topics or there is no topic."));
    }
    let now = sim.now();
    let mut lines = vec![format!("{}: verification process is started", date(now))];
    let mut worst: Option<(u64, &PartitionView, u64)> = None;
    let mut waiting = Vec::new();
    for p in &parts {
        // A replica whose broker is down cannot answer: the real tool waits for it.
        if p.replica_states.iter().any(|r| !r.alive || !r.created) {
            waiting.push(p.tp.to_string());
            continue;
        }
        let max_hw = p
            .replica_states
            .iter()
            .map(|r| r.high_watermark)
            .max()
            .unwrap_or(0);
        // --time -1 starts at the end offset (the leader's HW), -2 at the log start.
        let mut offset = if earliest { 0 } else { p.high_watermark };
        'walk: loop {
            let mut first: Option<(u32, u64)> = None;
            for r in &p.replica_states {
                let Some(rec) = r
                    .log
                    .iter()
                    .find(|x| x.offset == offset)
                    .filter(|_| offset < r.high_watermark)
                else {
                    break 'walk;
                };
                match first {
                    None => first = Some((r.broker, checksum(rec))),
                    Some((b, sum)) if sum != checksum(rec) => lines.push(format!(
                        "{}: partition {} has unmatched checksum at offset {offset}; replica {b}'s checksum {sum}; replica {}'s checksum {}",
                        date(now), p.tp, r.broker, checksum(rec)
                    )),
                    Some(_) => {}
                }
            }
            offset += 1;
        }
        let lag = max_hw.saturating_sub(offset);
        if worst.is_none_or(|(l, _, _)| lag > l) {
            worst = Some((lag, p, offset));
        }
    }
    if !waiting.is_empty() {
        lines.push(format!(
            "(ISR Lab: waiting for replicas whose broker is down: {})",
            waiting.join(", ")
        ));
    }
    if let Some((lag, p, offset)) = worst {
        lines.push(format!(
            "{}: max lag is {lag} for partition {} at offset {offset} among {} partitions",
            date(now),
            p.tp,
            parts.len() - waiting.len()
        ));
    }
    Ok(Outcome::ok(lines.join("\n")))
}
