//! `kafka-dump-log.sh --files <replica's segment file> [--print-data-log]`
//! (`tools/.../DumpLogSegments.java`): the record batches of one segment of one replica,
//! with offset, leader epoch and, with `--print-data-log`, each record's payload. A file
//! is named `broker-<id>/<topic>-<partition>/<base offset, 20 digits>.log`, as it lies in
//! that broker's log directory (any leading directories are ignored). The core keeps one
//! record per batch; sizes, positions, timestamps and CRCs it does not model are left out.
//! A segment's `.index` prints its entries (`offset: O position: P`) and its `.timeindex`
//! its entries (`timestamp: T offset: O`), as `DumpLogSegments.dumpIndex` and
//! `dumpTimeIndex` do, from the segments of the core's view.

use crate::options::{flag, valued, Parsed, Spec};
use crate::Outcome;
use isrlab_sim::view::ReplicaView;
use isrlab_sim::{BrokerId, Sim};

/// The options of `kafka-dump-log.sh` the lab reads.
pub const SPECS: [Spec; 4] = [
    valued("files"),
    flag("print-data-log"),
    flag("deep-iteration"),
    flag("verify-index-only"),
];

/// Runs the tool with `words`.
pub fn run(words: &[String], sim: &Sim) -> Outcome {
    let result = Parsed::parse(words, &SPECS).and_then(|opts| {
        let files = opts.required("files")?;
        let mut out = Vec::new();
        for file in files.split(',') {
            out.push(dump(file.trim(), &opts, sim)?);
        }
        Ok(out.join("\n"))
    });
    match result {
        Ok(text) => Outcome::ok(text),
        Err(e) => Outcome::error(e),
    }
}

fn no_file(file: &str) -> String {
    format!(
        "Exception in thread \"main\" java.nio.file.NoSuchFileException: {file} (the lab names a segment broker-<id>/<topic>-<partition>/<20-digit base offset>.log, .index or .timeindex)"
    )
}

fn dump(file: &str, opts: &Parsed, sim: &Sim) -> Result<String, String> {
    let parts: Vec<&str> = file.rsplit('/').take(3).collect();
    let [name, dir, broker] = parts.as_slice() else {
        return Err(no_file(file));
    };
    let broker: BrokerId = broker
        .strip_prefix("broker-")
        .and_then(|b| b.parse().ok())
        .ok_or_else(|| no_file(file))?;
    let (base, ext) = name.split_once('.').ok_or_else(|| no_file(file))?;
    let base: u64 = base.parse().map_err(|_| no_file(file))?;
    let view = sim.view();
    let replica: &ReplicaView = view
        .partitions
        .iter()
        .chain(view.internal_partitions.iter())
        .filter(|p| p.tp.to_string() == *dir)
        .flat_map(|p| p.replica_states.iter())
        .find(|r| r.broker == broker && r.created)
        .ok_or_else(|| no_file(file))?;
    let Some(segment) = replica.segments.iter().find(|s| s.base_offset == base) else {
        return Err(no_file(file));
    };
    let entries: Vec<String> = match ext {
        "log" => return Ok(dump_records(file, base, segment.end_offset, replica, opts)),
        "index" => segment
            .index
            .iter()
            .map(|e| format!("offset: {} position: {}", e.offset, e.position))
            .collect(),
        "timeindex" => segment
            .time_index
            .iter()
            .map(|e| format!("timestamp: {} offset: {}", e.timestamp, e.offset))
            .collect(),
        _ => return Err(no_file(file)),
    };
    if entries.is_empty() {
        return Ok(format!("Dumping {file}\n{file} is empty."));
    }
    Ok(format!("Dumping {file}\n{}", entries.join("\n")))
}

/// The records of the segment `[base, end)` of `replica`, batch line by batch line.
fn dump_records(file: &str, base: u64, end: u64, replica: &ReplicaView, opts: &Parsed) -> String {
    let mut lines = vec![
        format!("Dumping {file}"),
        format!("Log starting offset: {base}"),
    ];
    for r in replica
        .log
        .iter()
        .filter(|r| r.offset >= base && r.offset < end)
    {
        let (pid, seq) = if r.producer_id == 0 {
            ("-1".to_string(), "-1".to_string())
        } else {
            (r.producer_id.to_string(), r.sequence.to_string())
        };
        lines.push(format!(
            "baseOffset: {o} lastOffset: {o} count: 1 baseSequence: {seq} lastSequence: {seq} producerId: {pid} partitionLeaderEpoch: {e} isTransactional: false isControl: false",
            o = r.offset,
            e = r.epoch
        ));
        if opts.has("print-data-log") || opts.has("deep-iteration") {
            let payload = if opts.has("print-data-log") {
                format!(" payload: {}", r.value)
            } else {
                String::new()
            };
            lines.push(format!(
                "| offset: {} keySize: -1 valueSize: {} sequence: {seq} headerKeys: []{payload}",
                r.offset,
                r.value.len()
            ));
        }
    }
    lines.join("\n")
}
