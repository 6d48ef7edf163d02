//! Config maps drawn for a class: every key of the scenario format where it makes sense,
//! each present with some probability, with values that keep the class's promise (no flush
//! in `one-power-loss`, `flush.messages=1` in `safe-flush`, min ISR ≥ 2 and unclean
//! election off in every strict class).

use crate::class::Class;
use crate::draw::Draw;
use isrlab_sim::{Acks, Action};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// A config map (Kafka names to JSON values).
pub type Config = BTreeMap<String, Value>;

/// Whether the class lets the generator pick its own flush settings.
fn free_flush(class: Class) -> bool {
    !matches!(class, Class::SafeFlush | Class::OnePowerLoss)
}

/// A value for `unclean.leader.election.enable`: always false in strict classes.
fn unclean(d: &mut Draw, class: Class) -> Value {
    json!(!class.strict() && d.chance(0.5))
}

/// A `min.insync.replicas` for a topic of replication factor `rf`: at least 2 in strict
/// classes (mostly below RF so one failure still accepts writes).
fn min_isr(d: &mut Draw, class: Class, rf: u64) -> Value {
    let lo = if class.strict() { 2 } else { 1 };
    let hi = if d.chance(0.8) {
        rf.saturating_sub(1).max(lo)
    } else {
        rf
    };
    json!(d.range(lo, hi))
}

/// The cluster's config map. `brokers` bounds `offsets.topic.replication.factor`.
pub fn cluster(d: &mut Draw, class: Class, brokers: u64) -> Config {
    let mut c = Config::new();
    let maybe = |c: &mut Config, d: &mut Draw, p: f64, key: &str, value: Value| {
        if d.chance(p) {
            c.insert(key.to_string(), value);
        }
    };
    let v = json!(d.range(4_000, 18_000));
    maybe(&mut c, d, 0.6, "zookeeper.session.timeout.ms", v);
    let v = json!(d.range(2_000, 30_000));
    maybe(&mut c, d, 0.5, "replica.lag.time.max.ms", v);
    let v = json!(if d.chance(0.5) { 0 } else { d.range(20, 4_000) });
    maybe(&mut c, d, 0.15, "replica.lag.max.messages", v);
    let v = json!(d.range(50, 1_000));
    maybe(&mut c, d, 0.4, "replica.fetch.wait.max.ms", v);
    let v = json!(d.range(1, 8));
    maybe(&mut c, d, 0.35, "replica.fetch.max.bytes", v);
    let v = json!(d.range(100, 2_000));
    maybe(&mut c, d, 0.3, "replica.fetch.backoff.ms", v);
    let v = json!(d.range(500, 10_000));
    maybe(
        &mut c,
        d,
        0.3,
        "replica.high.watermark.checkpoint.interval.ms",
        v,
    );
    let v = json!(d.chance(0.5));
    maybe(&mut c, d, 0.4, "auto.leader.rebalance.enable", v);
    let v = json!(d.range(5, 60));
    maybe(&mut c, d, 0.4, "leader.imbalance.check.interval.seconds", v);
    let v = json!(d.range(0, 50));
    maybe(&mut c, d, 0.3, "leader.imbalance.per.broker.percentage", v);
    let v = json!(d.chance(0.5));
    maybe(&mut c, d, 0.3, "min.insync.replicas.hw.gate", v);
    let v = json!(if class.strict() { 2 } else { d.range(1, 3) });
    maybe(&mut c, d, 0.4, "min.insync.replicas", v);
    let v = unclean(d, class);
    maybe(&mut c, d, 0.3, "unclean.leader.election.enable", v);
    let v = json!(d.range(5, 60));
    let key = *d.pick(&["segment.bytes", "log.segment.bytes"]);
    maybe(&mut c, d, 0.3, key, v);
    // The sparse offset index changes nothing the protocol does; drawn so that it is tried.
    let v = json!(d.range(1, 12));
    maybe(&mut c, d, 0.1, "log.index.interval.bytes", v);
    // Retention deletes only below each replica's HW: expired, never lost, in every class.
    let v = json!(d.range(2_000, 60_000));
    maybe(&mut c, d, 0.15, "log.retention.ms", v);
    let v = json!(d.range(10, 200));
    maybe(&mut c, d, 0.15, "log.retention.bytes", v);
    let v = json!(d.range(500, 10_000));
    maybe(&mut c, d, 0.2, "log.retention.check.interval.ms", v);
    let v = json!(d.range(1_000, 60_000));
    maybe(&mut c, d, 0.2, "producer.id.expiration.ms", v);
    let v = json!(d.range(500, 10_000));
    maybe(
        &mut c,
        d,
        0.2,
        "producer.id.expiration.check.interval.ms",
        v,
    );
    let v = json!(d.range(1, 3));
    maybe(&mut c, d, 0.4, "offsets.topic.num.partitions", v);
    let v = json!(d.range(1, brokers.min(3)));
    maybe(&mut c, d, 0.4, "offsets.topic.replication.factor", v);
    if !class.strict() {
        let v = json!(*d.pick(&["high_watermark", "leader_epoch", "leader_epoch_walk_back"]));
        let key = *d.pick(&["truncation.rule", "log.message.format.version.truncation"]);
        maybe(&mut c, d, 0.2, key, v);
    }
    if class == Class::SafeFlush {
        let key = *d.pick(&["flush.messages", "log.flush.interval.messages"]);
        c.insert(key.to_string(), json!(1));
    }
    if free_flush(class) {
        let v = json!(d.range(1, 20));
        let key = *d.pick(&["flush.messages", "log.flush.interval.messages"]);
        maybe(&mut c, d, 0.25, key, v);
    }
    if class != Class::OnePowerLoss {
        let v = json!(d.range(10, 5_000));
        let key = *d.pick(&["flush.ms", "log.flush.interval.ms"]);
        maybe(&mut c, d, 0.25, key, v);
    }
    c
}

/// A topic's config map. `cluster_min_isr` tells whether the cluster default already sets
/// `min.insync.replicas` (a strict class must have it ≥ 2 somewhere).
pub fn topic(d: &mut Draw, class: Class, rf: u64, cluster_min_isr: bool) -> Config {
    let mut c = Config::new();
    if (class.strict() && !cluster_min_isr) || d.chance(0.6) {
        c.insert("min.insync.replicas".into(), min_isr(d, class, rf));
    }
    if d.chance(0.4) {
        c.insert("unclean.leader.election.enable".into(), unclean(d, class));
    }
    if free_flush(class) && d.chance(0.2) {
        c.insert("flush.messages".into(), json!(d.range(1, 20)));
    }
    if class != Class::OnePowerLoss && d.chance(0.2) {
        c.insert("flush.ms".into(), json!(d.range(10, 5_000)));
    }
    if d.chance(0.25) {
        c.insert("segment.bytes".into(), json!(d.range(5, 60)));
    }
    if d.chance(0.1) {
        c.insert("index.interval.bytes".into(), json!(d.range(1, 12)));
    }
    if d.chance(0.15) {
        c.insert("retention.ms".into(), json!(d.range(2_000, 60_000)));
    }
    if d.chance(0.15) {
        c.insert("retention.bytes".into(), json!(d.range(10, 200)));
    }
    c
}

/// A producer's config map for a producer with `acks`. An explicit
/// `enable.idempotence=true` comes only with acks=all and retries above 0 (anything else
/// is Kafka's ConfigException, which the scenario check refuses).
pub fn producer(d: &mut Draw, acks: Acks) -> Config {
    let mut c = Config::new();
    if d.chance(0.5) {
        c.insert("enable.idempotence".into(), json!(d.chance(0.5)));
    }
    if d.chance(0.3) {
        c.insert(
            "retries".into(),
            json!(if d.chance(0.5) {
                d.range(0, 5)
            } else {
                2_147_483_647
            }),
        );
    }
    let explicit_idempotence = c.get("enable.idempotence") == Some(&json!(true));
    if explicit_idempotence && (acks != Acks::All || c.get("retries") == Some(&json!(0))) {
        c.insert("enable.idempotence".into(), json!(false));
    }
    if d.chance(0.3) {
        c.insert("retry.backoff.ms".into(), json!(d.range(50, 1_000)));
    }
    let request = if d.chance(0.5) {
        d.range(1_500, 30_000)
    } else {
        30_000
    };
    if request != 30_000 {
        c.insert("request.timeout.ms".into(), json!(request));
    }
    if d.chance(0.4) {
        c.insert(
            "delivery.timeout.ms".into(),
            json!(request + d.range(1_000, 90_000)),
        );
    }
    c
}

/// A consumer's config map (heartbeats well inside the session).
pub fn consumer(d: &mut Draw) -> Config {
    let mut c = Config::new();
    if d.chance(0.4) {
        c.insert("session.timeout.ms".into(), json!(d.range(6_000, 45_000)));
    }
    if d.chance(0.4) {
        c.insert("heartbeat.interval.ms".into(), json!(d.range(300, 3_000)));
    }
    c
}

/// A dynamic config change (`kafka-configs.sh --alter`) that keeps the class's promise:
/// a topic's when `topics` (name and RF) offers one and the draw says so, else the cluster's.
pub fn change(d: &mut Draw, class: Class, topics: &[(String, u64)]) -> Action {
    let (name, rf) = d.pick(topics).clone();
    let topic_keys: &[&str] = &[
        "min.insync.replicas",
        "unclean.leader.election.enable",
        "flush.messages",
        "flush.ms",
        "segment.bytes",
    ];
    if d.chance(0.5) {
        let key = *d.pick(topic_keys);
        if let Some(value) = change_value(d, class, key, rf) {
            return Action::SetConfig {
                topic: Some(name),
                key: key.into(),
                value,
            };
        }
    }
    // Only the keys Kafka's DynamicBrokerConfig changes at run time (`config_keys`).
    let keys = [
        "min.insync.replicas",
        "unclean.leader.election.enable",
        "segment.bytes",
        "flush.messages",
        "flush.ms",
    ];
    loop {
        let key = *d.pick(&keys);
        if let Some(value) = change_value(d, class, key, rf.min(3)) {
            return Action::SetConfig {
                topic: None,
                key: key.into(),
                value,
            };
        }
    }
}

/// A value for `key` allowed in `class`, or `None` when the class forbids changing it.
fn change_value(d: &mut Draw, class: Class, key: &str, rf: u64) -> Option<Value> {
    Some(match key {
        "min.insync.replicas" => min_isr(d, class, rf),
        "unclean.leader.election.enable" => unclean(d, class),
        "flush.messages" if class == Class::SafeFlush => json!(1),
        "flush.messages" | "flush.ms" if !free_flush(class) => return None,
        "flush.messages" => json!(d.range(1, 20)),
        "flush.ms" => json!(d.range(10, 5_000)),
        "segment.bytes" => json!(d.range(5, 60)),
        _ => return None,
    })
}
