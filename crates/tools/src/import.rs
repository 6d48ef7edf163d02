//! Reads the output of `kafka-topics.sh --describe` from a real cluster — Kafka 2.x
//! (`Topic:T⇥PartitionCount:3`, no space after the colon, before 2.4), 3.x (`TopicId:`,
//! `Adding Replicas:`) and 4.x (`Elr:`, `LastKnownElr:`) — into an ISR Lab scenario with
//! the same brokers, topics and assignments. Tabs may have become spaces in a copy.
//! Every line is either used or reported: a malformed one names its number and field; what
//! the core cannot model (ELR, topic ids, other configs) is a note.

use isrlab_sim::config_keys::TOPIC_KEYS;
use isrlab_sim::limits::{MAX_BROKERS, MAX_PARTITIONS};
use isrlab_sim::{BrokerId, Scenario};
use regex_lite::Regex;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// When the brokers the description shows as down are crashed (virtual ms): after the
/// cluster has booted with every broker, as a real cluster had before they died.
pub const CRASH_AT_MS: u64 = 10_000;
/// How long the imported scenario runs (virtual ms).
pub const END_MS: u64 = 120_000;

/// What is wrong with a line (the UI words each variant in its language).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The field is not there.
    Missing,
    /// The field is empty.
    Empty,
    /// Not a number.
    NotANumber(String),
    /// Not a broker id.
    NotABrokerId(String),
    /// A `Configs:` entry that is not `key=value`.
    NotKeyValue(String),
    /// A leader or ISR member that is not among the replicas.
    NotAReplica(BrokerId),
    /// No `Topic:` field: not a line of the tool's output.
    NotDescribeLine,
    /// A partition described twice.
    DescribedTwice(u32),
    /// A header's partition count disagrees with the partition lines.
    CountMismatch { count: u32, found: Vec<u32> },
    /// A partition's replica count disagrees with the topic's replication factor.
    RfMismatch { replicas: usize, rf: u32 },
    /// A topic header without any partition line.
    NoPartitionLine,
    /// Nothing to import.
    NoTopic,
    /// Over the lab's caps.
    TooLarge { brokers: usize, partitions: usize },
    /// The core refused the scenario (its English message).
    Scenario(String),
}

/// A line that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    /// The field at fault (`Replicas`, `PartitionCount`, ...), or `line`.
    pub field: String,
    /// What is wrong.
    pub problem: Problem,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Missing => write!(f, "missing"),
            Problem::Empty => write!(f, "empty"),
            Problem::NotANumber(t) => write!(f, "\"{t}\" is not a number"),
            Problem::NotABrokerId(t) => write!(f, "\"{t}\" is not a broker id"),
            Problem::NotKeyValue(t) => write!(f, "\"{t}\" is not key=value"),
            Problem::NotAReplica(b) => write!(f, "broker {b} is not among the replicas"),
            Problem::NotDescribeLine => write!(f, "no `Topic:` field: not a line of kafka-topics.sh --describe"),
            Problem::DescribedTwice(p) => write!(f, "partition {p} is described twice"),
            Problem::CountMismatch { count, found } => write!(f, "{count}, but partitions {found:?} are described"),
            Problem::RfMismatch { replicas, rf } => write!(f, "{replicas} replicas but the topic's ReplicationFactor is {rf}"),
            Problem::NoPartitionLine => write!(f, "the topic has no partition line"),
            Problem::NoTopic => write!(f, "no topic in the text"),
            Problem::TooLarge { brokers, partitions } => write!(f, "{brokers} brokers and {partitions} partitions is more than the lab's limits ({MAX_BROKERS} brokers, {MAX_PARTITIONS} partitions)"),
            Problem::Scenario(e) => write!(f, "{e}"),
        }
    }
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}: {}", self.line, self.field, self.problem)
    }
}

/// Something read but not modelled (the UI words each variant in its language).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// `Elr:`/`LastKnownElr:` columns ignored.
    ElrIgnored { line: usize },
    /// `TopicId:` ignored.
    TopicIdIgnored { line: usize },
    /// A topic config the core does not model.
    ConfigLeftOut {
        line: usize,
        topic: String,
        key: String,
        value: String,
    },
    /// A partition under reassignment starts on its original replicas.
    ReassignmentDropped {
        line: usize,
        partition: String,
        original: Vec<BrokerId>,
    },
    /// A live replica out of the ISR starts in sync.
    StartsInSync { line: usize, partition: String },
    /// A partition not led by its first live replica.
    LeaderDiffers {
        line: usize,
        partition: String,
        leader: BrokerId,
    },
    /// Brokers shown as down crash at [`CRASH_AT_MS`].
    BrokersCrash { brokers: Vec<BrokerId> },
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Note::ElrIgnored { line } => write!(f, "line {line}: Elr and LastKnownElr (KIP-966, Kafka 3.8+ in KRaft) are ignored: the core models a ZooKeeper cluster"),
            Note::TopicIdIgnored { line } => write!(f, "line {line}: TopicId is ignored: the core's ZooKeeper cluster has no topic ids"),
            Note::ConfigLeftOut { line, topic, key, value } => write!(f, "line {line}: config {key}={value} of {topic} is not modelled by the core and is left out"),
            Note::ReassignmentDropped { line, partition, original } => write!(f, "line {line}: {partition} was being reassigned; it starts on its original replicas {original:?}"),
            Note::StartsInSync { line, partition } => write!(f, "line {line}: {partition}: a live replica out of the ISR starts in sync (describe output carries no offsets, and the core starts every live replica caught up)"),
            Note::LeaderDiffers { line, partition, leader } => write!(f, "line {line}: {partition}: led by {leader}, not its first live replica; the core elects Kafka's way (kafka-leader-election.sh moves it)"),
            Note::BrokersCrash { brokers } => write!(f, "brokers {brokers:?} are in no ISR of a led partition, or alone in the ISR of an offline one: they crash at {CRASH_AT_MS} ms"),
        }
    }
}

/// A description read into a scenario.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The scenario, validated by the core.
    pub scenario: Scenario,
    /// The scenario as JSON (what `isrlab import-describe` prints).
    pub json: String,
    /// What was read but is not modelled.
    pub notes: Vec<Note>,
}

struct Partition {
    line: usize,
    leader: Option<BrokerId>,
    replicas: Vec<BrokerId>,
    isr: Vec<BrokerId>,
    adding: Vec<BrokerId>,
}

#[derive(Default)]
struct Topic {
    line: usize,
    count: Option<u32>,
    rf: Option<u32>,
    configs: BTreeMap<String, String>,
    partitions: BTreeMap<u32, Partition>,
}

/// The fields of one line, in order: `Topic: a⇥Partition: 0` → [("Topic","a"), ...].
fn fields(line: &str) -> Vec<(String, String)> {
    let keys = Regex::new(
        r"(TopicId|PartitionCount|ReplicationFactor|Configs|Partition|Leader|Replicas|Isr|Adding Replicas|Removing Replicas|LastKnownElr|Elr|Offline|Topic):",
    )
    .expect("a fixed pattern");
    let found: Vec<_> = keys.captures_iter(line).collect();
    let mut out = Vec::new();
    for (i, c) in found.iter().enumerate() {
        let whole = c.get(0).expect("a match");
        let end = found
            .get(i + 1)
            .map_or(line.len(), |n| n.get(0).expect("a match").start());
        out.push((c[1].to_string(), line[whole.end()..end].trim().to_string()));
    }
    out
}

fn broker_list(text: &str, line: usize, field: &str) -> Result<Vec<BrokerId>, LineError> {
    if text.is_empty() || text == "N/A" {
        return Ok(Vec::new());
    }
    text.split(',')
        .map(|b| {
            b.trim().parse::<BrokerId>().map_err(|_| LineError {
                line,
                field: field.to_string(),
                problem: Problem::NotABrokerId(b.trim().to_string()),
            })
        })
        .collect()
}

fn number(text: &str, line: usize, field: &str) -> Result<u32, LineError> {
    text.parse().map_err(|_| LineError {
        line,
        field: field.to_string(),
        problem: Problem::NotANumber(text.to_string()),
    })
}

/// Reads `text` (a whole `--describe` output) into a scenario named `id`.
pub fn import_describe(text: &str, id: &str) -> Result<Imported, Vec<LineError>> {
    let mut topics: BTreeMap<String, Topic> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut notes = Vec::new();
    let (mut elr_noted, mut id_noted) = (false, false);
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let f = fields(raw);
        let get = |k: &str| f.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
        let Some(name) = get("Topic").filter(|t| !t.is_empty()) else {
            errors.push(LineError {
                line: n,
                field: "Topic".into(),
                problem: Problem::NotDescribeLine,
            });
            continue;
        };
        let topic = topics.entry(name.to_string()).or_default();
        if get("Elr").is_some() || get("LastKnownElr").is_some() {
            if !elr_noted {
                notes.push(Note::ElrIgnored { line: n });
            }
            elr_noted = true;
        }
        match get("Partition") {
            None => {
                topic.line = n;
                if get("TopicId").is_some() && !id_noted {
                    notes.push(Note::TopicIdIgnored { line: n });
                    id_noted = true;
                }
                let mut read = || -> Result<(), LineError> {
                    let count = get("PartitionCount").ok_or(LineError {
                        line: n,
                        field: "PartitionCount".into(),
                        problem: Problem::Missing,
                    })?;
                    topic.count = Some(number(count, n, "PartitionCount")?);
                    let rf = get("ReplicationFactor").ok_or(LineError {
                        line: n,
                        field: "ReplicationFactor".into(),
                        problem: Problem::Missing,
                    })?;
                    topic.rf = Some(number(rf, n, "ReplicationFactor")?);
                    for pair in get("Configs")
                        .unwrap_or("")
                        .split(',')
                        .filter(|p| !p.trim().is_empty())
                    {
                        let (k, v) = pair.split_once('=').ok_or(LineError {
                            line: n,
                            field: "Configs".into(),
                            problem: Problem::NotKeyValue(pair.to_string()),
                        })?;
                        topic
                            .configs
                            .insert(k.trim().to_string(), v.trim().to_string());
                    }
                    Ok(())
                };
                if let Err(e) = read() {
                    errors.push(e);
                }
            }
            Some(p) => {
                let read = || -> Result<(u32, Partition), LineError> {
                    let p = number(p, n, "Partition")?;
                    let leader = match get("Leader") {
                        None => {
                            return Err(LineError {
                                line: n,
                                field: "Leader".into(),
                                problem: Problem::Missing,
                            })
                        }
                        Some("none") | Some("-1") => None,
                        Some(l) => Some(number(l, n, "Leader")?),
                    };
                    let replicas = broker_list(
                        get("Replicas").ok_or(LineError {
                            line: n,
                            field: "Replicas".into(),
                            problem: Problem::Missing,
                        })?,
                        n,
                        "Replicas",
                    )?;
                    if replicas.is_empty() {
                        return Err(LineError {
                            line: n,
                            field: "Replicas".into(),
                            problem: Problem::Empty,
                        });
                    }
                    let isr = broker_list(
                        get("Isr").ok_or(LineError {
                            line: n,
                            field: "Isr".into(),
                            problem: Problem::Missing,
                        })?,
                        n,
                        "Isr",
                    )?;
                    let adding =
                        broker_list(get("Adding Replicas").unwrap_or(""), n, "Adding Replicas")?;
                    let outside = |list: &[BrokerId], field: &str| match list
                        .iter()
                        .find(|b| !replicas.contains(b))
                    {
                        Some(b) => Err(LineError {
                            line: n,
                            field: field.into(),
                            problem: Problem::NotAReplica(*b),
                        }),
                        None => Ok(()),
                    };
                    outside(leader.as_slice(), "Leader")?;
                    outside(&isr, "Isr")?;
                    Ok((
                        p,
                        Partition {
                            line: n,
                            leader,
                            replicas,
                            isr,
                            adding,
                        },
                    ))
                };
                match read() {
                    Ok((p, part)) => {
                        if topic.partitions.insert(p, part).is_some() {
                            errors.push(LineError {
                                line: n,
                                field: "Partition".into(),
                                problem: Problem::DescribedTwice(p),
                            });
                        }
                    }
                    Err(e) => errors.push(e),
                }
            }
        }
    }
    if topics.is_empty() && errors.is_empty() {
        errors.push(LineError {
            line: 1,
            field: "line".into(),
            problem: Problem::NoTopic,
        });
    }
    let built = build(&topics, id, &mut notes, &mut errors);
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(errors);
    }
    let value = built.expect("no errors");
    let json = serde_json::to_string_pretty(&value).expect("a JSON value");
    match Scenario::from_json(&json) {
        Ok(scenario) => Ok(Imported {
            scenario,
            json,
            notes,
        }),
        Err(e) => Err(vec![LineError {
            line: 1,
            field: "scenario".into(),
            problem: Problem::Scenario(e.to_string()),
        }]),
    }
}

fn build(
    topics: &BTreeMap<String, Topic>,
    id: &str,
    notes: &mut Vec<Note>,
    errors: &mut Vec<LineError>,
) -> Option<Value> {
    let mut brokers: Vec<BrokerId> = Vec::new();
    let mut specs = Vec::new();
    let mut total = 0usize;
    for (name, t) in topics {
        let parts: Vec<(&u32, &Partition)> = t.partitions.iter().collect();
        let Some((_, first)) = parts.first() else {
            // A topic known only from partition lines that failed was reported with them.
            if t.line > 0 {
                errors.push(LineError {
                    line: t.line,
                    field: "Partition".into(),
                    problem: Problem::NoPartitionLine,
                });
            }
            continue;
        };
        let count = t.count.unwrap_or(parts.len() as u32);
        if parts.len() as u32 != count
            || parts.iter().enumerate().any(|(i, (p, _))| **p != i as u32)
        {
            errors.push(LineError {
                line: if t.line > 0 { t.line } else { first.line },
                field: "PartitionCount".into(),
                problem: Problem::CountMismatch {
                    count,
                    found: parts.iter().map(|(p, _)| **p).collect(),
                },
            });
            continue;
        }
        total += parts.len();
        let mut assignment = BTreeMap::new();
        for (p, part) in &parts {
            // During a reassignment Replicas lists the original replicas, then the added ones.
            let original: Vec<BrokerId> = part
                .replicas
                .iter()
                .filter(|b| !part.adding.contains(b))
                .copied()
                .collect();
            if !part.adding.is_empty() {
                notes.push(Note::ReassignmentDropped {
                    line: part.line,
                    partition: format!("{name}-{p}"),
                    original: original.clone(),
                });
            }
            brokers.extend(part.replicas.iter().copied());
            assignment.insert(p.to_string(), json!(original));
        }
        let rf = t.rf.unwrap_or(first.replicas.len() as u32);
        if let Some((_, part)) = parts
            .iter()
            .find(|(_, x)| x.replicas.len() - x.adding.len() != rf as usize)
        {
            errors.push(LineError {
                line: part.line,
                field: "Replicas".into(),
                problem: Problem::RfMismatch {
                    replicas: part.replicas.len() - part.adding.len(),
                    rf,
                },
            });
            continue;
        }
        let mut config = serde_json::Map::new();
        for (k, v) in &t.configs {
            if TOPIC_KEYS.contains(&k.as_str()) {
                config.insert(k.clone(), Value::from(v.as_str()));
            } else {
                notes.push(Note::ConfigLeftOut {
                    line: t.line,
                    topic: name.clone(),
                    key: k.clone(),
                    value: v.clone(),
                });
            }
        }
        specs.push(json!({ "name": name, "partitions": count, "replication_factor": rf, "assignment": assignment, "config": config }));
    }
    brokers.sort_unstable();
    brokers.dedup();
    if brokers.len() > MAX_BROKERS || total as u64 > MAX_PARTITIONS {
        errors.push(LineError {
            line: 1,
            field: "line".into(),
            problem: Problem::TooLarge {
                brokers: brokers.len(),
                partitions: total,
            },
        });
        return None;
    }
    let down = down_brokers(topics, &brokers);
    for (name, t) in topics {
        for (p, part) in &t.partitions {
            let alive_leader = part.leader.filter(|l| !down.contains(l));
            if part.leader.is_some()
                && part
                    .replicas
                    .iter()
                    .any(|b| !down.contains(b) && !part.isr.contains(b))
            {
                notes.push(Note::StartsInSync {
                    line: part.line,
                    partition: format!("{name}-{p}"),
                });
            }
            if alive_leader.is_some()
                && alive_leader != part.replicas.iter().find(|b| !down.contains(b)).copied()
            {
                notes.push(Note::LeaderDiffers {
                    line: part.line,
                    partition: format!("{name}-{p}"),
                    leader: alive_leader.unwrap_or_default(),
                });
            }
        }
    }
    let actions: Vec<Value> = down
        .iter()
        .map(|b| json!({ "at_ms": CRASH_AT_MS, "do": "crash", "broker": b }))
        .collect();
    if !down.is_empty() {
        notes.push(Note::BrokersCrash {
            brokers: down.clone(),
        });
    }
    Some(json!({
        "id": id,
        "title": { "en": format!("Imported: {id}"), "zh": format!("导入：{id}") },
        "description": { "en": "Read from kafka-topics.sh --describe output.", "zh": "由 kafka-topics.sh --describe 的输出导入。" },
        "seed": 1,
        "end_ms": END_MS,
        "cluster": { "brokers": brokers, "protocol": "3.7" },
        "topics": specs,
        "actions": actions,
    }))
}

/// The brokers the description shows as dead: replicas in no ISR of any partition that
/// has a leader, and the ISR members of partitions with no leader (Kafka keeps the last
/// ISR member of an offline partition in its ISR).
fn down_brokers(topics: &BTreeMap<String, Topic>, brokers: &[BrokerId]) -> Vec<BrokerId> {
    let parts: Vec<&Partition> = topics
        .values()
        .flat_map(|t| t.partitions.values())
        .collect();
    brokers
        .iter()
        .copied()
        .filter(|b| {
            let led_in_sync = parts
                .iter()
                .any(|p| p.leader.is_some() && (p.isr.contains(b) || p.leader == Some(*b)));
            let offline_member = parts
                .iter()
                .any(|p| p.leader.is_none() && p.isr.contains(b));
            offline_member || !led_in_sync
        })
        .collect()
}
