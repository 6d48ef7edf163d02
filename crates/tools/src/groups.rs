//! `kafka-consumer-groups.sh --list | --describe --group G | --all-groups`, with the
//! columns of Kafka's `ConsumerGroupCommand.printOffsets`: GROUP, TOPIC, PARTITION,
//! CURRENT-OFFSET, LOG-END-OFFSET, LAG, CONSUMER-ID, HOST, CLIENT-ID, each text column as
//! wide as its longest entry and at least 15. LOG-END-OFFSET is what a `ListOffsets`
//! for the latest offset returns: the leader's high watermark.

use crate::options::{flag, valued, Parsed, Spec};
use crate::Outcome;
use isrlab_sim::view::ClusterView;
use isrlab_sim::Sim;

/// The options of `kafka-consumer-groups.sh` the lab reads.
pub const SPECS: [Spec; 6] = [
    flag("list"),
    flag("describe"),
    valued("group"),
    flag("all-groups"),
    flag("offsets"),
    flag("members"),
];

/// Runs `kafka-consumer-groups.sh` with `words`.
pub fn run(words: &[String], sim: &Sim) -> Outcome {
    let view = sim.view();
    let result = Parsed::parse(words, &SPECS).and_then(|opts| {
        let action = opts.one_of(
            &["list", "describe"],
            "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets",
        )?;
        if action == "list" {
            return Ok(groups(&view).join("\n"));
        }
        if opts.has("members") {
            return Err("--members: the lab's console shows the offsets view (--offsets) only".to_string());
        }
        let chosen: Vec<String> = if opts.has("all-groups") {
            groups(&view)
        } else {
            vec![opts
                .value("group")
                .ok_or("Option [describe] takes one of these options: [all-groups], [group]")?
                .to_string()]
        };
        let mut out = Vec::new();
        for g in &chosen {
            out.push(describe(&view, g)?);
        }
        Ok(out.join("\n"))
    });
    match result {
        Ok(text) => Outcome::ok(text),
        Err(e) => Outcome::error(e),
    }
}

fn groups(view: &ClusterView) -> Vec<String> {
    let mut g: Vec<String> = view.consumers.iter().map(|c| c.group.clone()).collect();
    g.sort();
    g.dedup();
    g
}

fn describe(view: &ClusterView, group: &str) -> Result<String, String> {
    let members: Vec<_> = view.consumers.iter().filter(|c| c.group == group).collect();
    if members.is_empty() {
        return Err(format!("Error: Consumer group '{group}' does not exist."));
    }
    let active: Vec<_> = members.iter().filter(|c| c.joined && c.alive).collect();
    if active.is_empty() {
        return Ok(format!("\nConsumer group '{group}' has no active members."));
    }
    let mut rows: Vec<[String; 9]> = Vec::new();
    for c in &active {
        for (tp, _position, committed) in &c.assignment {
            let end = view
                .partitions
                .iter()
                .find(|p| p.tp == *tp)
                .map(|p| p.high_watermark);
            let lag = match (committed, end) {
                (Some(o), Some(e)) => e.saturating_sub(*o).to_string(),
                _ => "-".to_string(),
            };
            rows.push([
                group.to_string(),
                tp.topic.clone(),
                tp.partition.to_string(),
                committed.map_or("-".to_string(), |o| o.to_string()),
                end.map_or("-".to_string(), |e| e.to_string()),
                lag,
                c.name.clone(),
                format!("/{}", c.name),
                c.name.clone(),
            ]);
        }
        if c.assignment.is_empty() {
            let dash = || "-".to_string();
            rows.push([
                group.to_string(),
                dash(),
                dash(),
                dash(),
                dash(),
                dash(),
                c.name.clone(),
                format!("/{}", c.name),
                c.name.clone(),
            ]);
        }
    }
    rows.sort_by(|a, b| (&a[1], a[2].parse::<u32>().ok()).cmp(&(&b[1], b[2].parse::<u32>().ok())));
    let width = |i: usize, title: &str| {
        rows.iter()
            .map(|r| r[i].len())
            .chain([15, title.len()])
            .max()
            .unwrap_or(15)
    };
    let (g, t, c, h) = (
        width(0, "GROUP"),
        width(1, "TOPIC"),
        width(6, "CONSUMER-ID"),
        width(7, "HOST"),
    );
    let line = |r: [&str; 9]| {
        format!(
            "{:<g$} {:<t$} {:<10} {:<15} {:<15} {:<15} {:<c$} {:<h$} {}",
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]
        )
    };
    let mut out = vec![
        String::new(),
        line([
            "GROUP",
            "TOPIC",
            "PARTITION",
            "CURRENT-OFFSET",
            "LOG-END-OFFSET",
            "LAG",
            "CONSUMER-ID",
            "HOST",
            "CLIENT-ID",
        ]),
    ];
    for r in &rows {
        out.push(line(std::array::from_fn(|i| r[i].as_str())));
    }
    Ok(out.join("\n"))
}
