//! Protocol presets (named by Kafka version) and the Kafka-named config maps of a
//! scenario: cluster (broker) configs, topic configs and producer configs.

use crate::action::Acks;
use crate::broker::log::Retention;
use crate::limits::{MAX_BROKERS, MAX_NAME_BYTES, MAX_TIME_MS};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// How a replica that becomes a follower decides where to truncate its log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum TruncationRule {
    /// Before 0.11: truncate to the (checkpointed) high watermark.
    HighWatermark,
    /// 0.11 (KIP-101): truncate to the leader's end offset of the follower's latest epoch.
    LeaderEpoch,
    /// 2.0+ (KIP-279): like KIP-101, walking back epoch by epoch until the logs match.
    LeaderEpochWalkBack,
}

/// A protocol preset: a documented bundle of switches, named by Kafka version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Protocol {
    /// 0.8: ISR by `replica.lag.max.messages` and a stuck-follower timeout; HW truncation.
    V0_8,
    /// 0.10: ISR by lag time only (KIP-16 removed lag by messages in 0.9); HW truncation.
    V0_10,
    /// 0.11: KIP-101 leader-epoch truncation; unclean election off by default.
    V0_11,
    /// 2.0: KIP-279 epoch walk-back; like Kafka 2.1, KIP-320 fetch fencing and a fetcher and
    /// truncation restart on every new leader epoch, even with the same leader
    /// (`Partition.makeFollower`; Kafka 1.1–2.0 and the earlier presets skip it).
    V2_0,
    /// 2.5: `replica.lag.time.max.ms` 30000 and `zookeeper.session.timeout.ms` 18000 (KIP-537);
    /// broker epochs (KIP-380, Kafka 2.2).
    V2_5,
    /// 3.7: the leader's HW does not move while ISR < min(min.insync.replicas, RF).
    V3_7,
}

impl Protocol {
    /// Parses a preset name (`0.8`, `0.10`, `0.11`, `2.0`, `2.5`, `3.7`).
    pub fn parse(name: &str) -> Result<Protocol, ConfigError> {
        Ok(match name {
            "0.8" => Protocol::V0_8,
            "0.10" => Protocol::V0_10,
            "0.11" => Protocol::V0_11,
            "2.0" => Protocol::V2_0,
            "2.5" => Protocol::V2_5,
            "3.7" => Protocol::V3_7,
            _ => {
                return Err(ConfigError::UnknownProtocol(name.to_string()));
            }
        })
    }

    /// The preset's name.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::V0_8 => "0.8",
            Protocol::V0_10 => "0.10",
            Protocol::V0_11 => "0.11",
            Protocol::V2_0 => "2.0",
            Protocol::V2_5 => "2.5",
            Protocol::V3_7 => "3.7",
        }
    }
}

/// A bad config entry in a scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ConfigError {
    /// The protocol preset is not one of the known names.
    UnknownProtocol(String),
    /// The key is not a config this scope knows.
    UnknownKey { scope: &'static str, key: String },
    /// The value has the wrong type.
    BadValue {
        scope: &'static str,
        key: String,
        expected: Expected,
    },
    /// The value is a number outside the key's range (Kafka's `ConfigDef` validators,
    /// and the lab's caps: no time beyond 24 h).
    OutOfRange {
        scope: &'static str,
        key: String,
        value: u64,
        min: u64,
        max: u64,
    },
    /// `enable.idempotence=true` set explicitly on a producer whose `acks` is not `all`
    /// (`key` is `"acks"`) or whose `retries` is 0 (`key` is `"retries"`): Kafka's producer
    /// refuses to start (`ProducerConfig.postProcessAndValidateIdempotenceConfigs`).
    IdempotenceConflict { key: &'static str },
}

/// What kind of value a config key takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Expected {
    /// A non-negative integer (a JSON number or a string of digits).
    Integer,
    /// `true` or `false`.
    Boolean,
    /// `high_watermark`, `leader_epoch` or `leader_epoch_walk_back`.
    TruncationRule,
    /// -1 (no limit) or a non-negative integer (`retention.ms`, `retention.bytes`).
    LimitOrNone,
    /// `earliest`, `latest` or `none` (`auto.offset.reset`).
    OffsetReset,
    /// `RackAwareReplicaSelector` or `LeaderSelector` (`replica.selector.class`).
    ReplicaSelector,
    /// A non-empty rack name (`client.rack`).
    RackName,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expected::Integer => "a non-negative integer",
            Expected::Boolean => "true or false",
            Expected::TruncationRule => "high_watermark, leader_epoch or leader_epoch_walk_back",
            Expected::LimitOrNone => "-1 (no limit) or a non-negative integer",
            Expected::OffsetReset => "earliest, latest or none",
            Expected::ReplicaSelector => {
                "org.apache.kafka.common.replica.RackAwareReplicaSelector or LeaderSelector"
            }
            Expected::RackName => "a rack name",
        })
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::UnknownProtocol(p) => {
                write!(
                    f,
                    "unknown protocol preset {p:?}: expected one of 0.8, 0.10, 0.11, 2.0, 2.5, 3.7"
                )
            }
            ConfigError::UnknownKey { scope, key } => {
                write!(f, "unknown {scope} config key {key:?}")
            }
            ConfigError::BadValue {
                scope,
                key,
                expected,
            } => {
                write!(f, "{scope} config {key:?}: expected {expected}")
            }
            // Kafka's wording (ConfigDef.Range): "Invalid value 0 for configuration
            // min.insync.replicas: Value must be at least 1".
            ConfigError::OutOfRange {
                scope,
                key,
                value,
                min,
                max,
            } => {
                write!(f, "{scope} config {key:?}: ConfigException: Invalid value {value} for configuration {key}: ")?;
                if value < min {
                    write!(f, "Value must be at least {min}")
                } else {
                    write!(f, "Value must be no more than {max}")
                }
            }
            // Kafka's wording, from the producer's ConfigException.
            ConfigError::IdempotenceConflict { key: "acks" } => f.write_str(
                "producer config \"enable.idempotence\": ConfigException: Must set acks to all \
                 in order to use the idempotent producer. Otherwise we cannot guarantee \
                 idempotence.",
            ),
            ConfigError::IdempotenceConflict { .. } => f.write_str(
                "producer config \"enable.idempotence\": ConfigException: Must set retries to \
                 non-zero when using the idempotent producer.",
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

/// An integer setting in `min..=max` (a JSON number or a string of digits, as Kafka's
/// properties files write them); anything else is refused, never clamped.
fn int(scope: &'static str, key: &str, v: &Value, min: u64, max: u64) -> Result<u64, ConfigError> {
    let n = match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
    .ok_or(ConfigError::BadValue {
        scope,
        key: key.to_string(),
        expected: Expected::Integer,
    })?;
    if n < min || n > max {
        return Err(ConfigError::OutOfRange {
            scope,
            key: key.to_string(),
            value: n,
            min,
            max,
        });
    }
    Ok(n)
}

/// A time setting in ms: `min..=` the lab's 24 h cap.
fn ms(scope: &'static str, key: &str, v: &Value, min: u64) -> Result<u64, ConfigError> {
    int(scope, key, v, min, MAX_TIME_MS)
}

/// A count setting (records, replicas): `min..=` Kafka's `Integer.MAX_VALUE`.
fn count(scope: &'static str, key: &str, v: &Value, min: u64) -> Result<u64, ConfigError> {
    int(scope, key, v, min, i32::MAX as u64)
}

/// A limit that Kafka turns off with -1 (`retention.ms`, `retention.bytes`): `None` for
/// -1, else `0..=` Kafka's `Long.MAX_VALUE`.
fn limit(scope: &'static str, key: &str, v: &Value) -> Result<Option<u64>, ConfigError> {
    let minus_one = match v {
        Value::Number(n) => n.as_i64() == Some(-1),
        Value::String(s) => s == "-1",
        _ => false,
    };
    if minus_one {
        return Ok(None);
    }
    int(scope, key, v, 0, i64::MAX as u64)
        .map(Some)
        .map_err(|e| match e {
            ConfigError::BadValue { scope, key, .. } => ConfigError::BadValue {
                scope,
                key,
                expected: Expected::LimitOrNone,
            },
            other => other,
        })
}

/// Kafka's `log.retention.ms` default: 7 days (`log.retention.hours=168`).
pub const DEFAULT_RETENTION_MS: u64 = 7 * 24 * 3_600_000;

fn as_bool(scope: &'static str, key: &str, v: &Value) -> Result<bool, ConfigError> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" => Some(true),
        Value::String(s) if s == "false" => Some(false),
        _ => None,
    }
    .ok_or(ConfigError::BadValue {
        scope,
        key: key.to_string(),
        expected: Expected::Boolean,
    })
}

/// Broker-wide settings, from the preset and the cluster's `config` map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BrokerConfig {
    /// The preset these defaults came from.
    pub protocol: Protocol,
    /// Truncation rule on becoming a follower.
    pub truncation: TruncationRule,
    /// Whether the leader's HW is held while ISR < min(min.insync.replicas, RF) (3.7+).
    pub min_isr_hw_gate: bool,
    /// `replica.lag.time.max.ms`.
    pub replica_lag_time_max_ms: u64,
    /// Legacy `replica.lag.max.messages` (0.8 only; `None` when off).
    pub replica_lag_max_messages: Option<u64>,
    /// `replica.fetch.wait.max.ms`.
    pub replica_fetch_wait_max_ms: u64,
    /// `replica.fetch.max.bytes`, counted in records here (one record = one unit).
    pub replica_fetch_max_records: u64,
    /// `replica.fetch.backoff.ms`: pause after a failed fetch.
    pub replica_fetch_backoff_ms: u64,
    /// `replica.high.watermark.checkpoint.interval.ms`.
    pub hw_checkpoint_interval_ms: u64,
    /// `zookeeper.session.timeout.ms`.
    pub zookeeper_session_timeout_ms: u64,
    /// Default `unclean.leader.election.enable`.
    pub unclean_leader_election_enable: bool,
    /// Default `min.insync.replicas`.
    pub min_insync_replicas: u32,
    /// Default `flush.messages` (`None`: never flush by count).
    pub flush_messages: Option<u64>,
    /// Default `flush.ms` (`None`: never flush by time).
    pub flush_ms: Option<u64>,
    /// Records per log segment (`segment.bytes`, counted in records here).
    pub segment_records: u64,
    /// Records between offset index entries (`index.interval.bytes`, counted in records;
    /// Kafka's 4096 bytes, 4 here so a short log shows a sparse index).
    pub index_interval_records: u64,
    /// Default `retention.ms` and `retention.bytes` (`log.retention.ms`, 7 days;
    /// `log.retention.bytes`, -1).
    pub retention: Retention,
    /// `log.retention.check.interval.ms` (300000): how often each broker deletes segments.
    pub retention_check_interval_ms: u64,
    /// `auto.leader.rebalance.enable`.
    pub auto_leader_rebalance_enable: bool,
    /// `leader.imbalance.check.interval.seconds`, in ms.
    pub leader_imbalance_check_interval_ms: u64,
    /// `leader.imbalance.per.broker.percentage`.
    pub leader_imbalance_per_broker_percentage: u64,
    /// Whether producers default to `enable.idempotence=true` (3.0+).
    pub idempotence_default: bool,
    /// `offsets.topic.num.partitions` of the internal `__consumer_offsets` topic
    /// (Kafka's default is 50; 3 here, so a lab cluster stays readable).
    pub offsets_topic_num_partitions: u32,
    /// `offsets.topic.replication.factor` (`None`: Kafka's 3, capped at the broker count).
    pub offsets_topic_replication_factor: Option<u32>,
    /// Consumers' default `session.timeout.ms`: 45000 since Kafka 3.0 (KIP-735), 10000 before.
    pub consumer_session_timeout_ms: u64,
    /// `producer.id.expiration.ms` (86400000): a producer id idle this long loses its entry.
    pub producer_id_expiration_ms: u64,
    /// `producer.id.expiration.check.interval.ms` (600000): how often entries are expired.
    pub producer_id_expiration_check_interval_ms: u64,
    /// `replica.selector.class` (KIP-392): whether leaders send consumers with a
    /// `client.rack` to a replica in their rack (`RackAwareReplicaSelector`); Kafka's
    /// default (none) always reads from the leader. Static: set in the scenario only.
    pub rack_aware_replica_selector: bool,
}

impl BrokerConfig {
    /// KIP-380 (Kafka 2.2; the 2.5 and 3.7 presets): brokers have an epoch (their
    /// registration), so the controller handles a fast bounce as a failure and a startup and
    /// a broker refuses controller requests meant for its older registration.
    pub fn broker_epochs(&self) -> bool {
        self.protocol >= Protocol::V2_5
    }

    /// KAFKA-6082 (Kafka 2.1; the 2.5 and 3.7 presets): every ZooKeeper write of the
    /// controller is conditional on `/controller_epoch`'s zkVersion, so a controller that
    /// another one replaced cannot write. Before, a deposed controller's writes succeed
    /// wherever the partition's own zkVersion still matches.
    pub fn controller_epoch_checked_writes(&self) -> bool {
        self.protocol >= Protocol::V2_5
    }

    /// The preset's defaults.
    pub fn preset(protocol: Protocol) -> BrokerConfig {
        use Protocol::*;
        BrokerConfig {
            protocol,
            truncation: match protocol {
                V0_8 | V0_10 => TruncationRule::HighWatermark,
                V0_11 => TruncationRule::LeaderEpoch,
                _ => TruncationRule::LeaderEpochWalkBack,
            },
            min_isr_hw_gate: protocol >= V3_7,
            replica_lag_time_max_ms: if protocol >= V2_5 { 30_000 } else { 10_000 },
            replica_lag_max_messages: if protocol == V0_8 { Some(4000) } else { None },
            replica_fetch_wait_max_ms: 500,
            replica_fetch_max_records: 1000,
            replica_fetch_backoff_ms: 1000,
            hw_checkpoint_interval_ms: 5000,
            zookeeper_session_timeout_ms: if protocol >= V2_5 { 18_000 } else { 6000 },
            unclean_leader_election_enable: protocol < V0_11,
            min_insync_replicas: 1,
            flush_messages: None,
            flush_ms: None,
            segment_records: 1000,
            index_interval_records: 4,
            retention: Retention {
                ms: Some(DEFAULT_RETENTION_MS),
                records: None,
            },
            retention_check_interval_ms: 300_000,
            auto_leader_rebalance_enable: true,
            leader_imbalance_check_interval_ms: 300_000,
            leader_imbalance_per_broker_percentage: 10,
            idempotence_default: protocol >= V3_7,
            offsets_topic_num_partitions: 3,
            offsets_topic_replication_factor: None,
            consumer_session_timeout_ms: if protocol >= V3_7 { 45_000 } else { 10_000 },
            producer_id_expiration_ms: 86_400_000,
            producer_id_expiration_check_interval_ms: 600_000,
            rack_aware_replica_selector: false,
        }
    }

    /// The preset named `protocol` with the cluster's overrides applied.
    pub fn from_scenario(
        protocol: &str,
        overrides: &BTreeMap<String, Value>,
    ) -> Result<BrokerConfig, ConfigError> {
        let mut c = BrokerConfig::preset(Protocol::parse(protocol)?);
        for (k, v) in overrides {
            if k == "replica.selector.class" {
                c.rack_aware_replica_selector = replica_selector(k, v)?;
            } else {
                c.set(k, v)?;
            }
        }
        Ok(c)
    }

    /// Sets one broker config by its Kafka name. Ranges follow Kafka's `ConfigDef`
    /// validators (`KafkaConfig`, `LogConfig`) where it has one, else the lab's needs
    /// (a lag check every `replica.lag.time.max.ms` / 2 needs at least 2 ms).
    pub fn set(&mut self, key: &str, v: &Value) -> Result<(), ConfigError> {
        const S: &str = "broker";
        match key {
            "replica.lag.time.max.ms" => self.replica_lag_time_max_ms = ms(S, key, v, 2)?,
            "replica.lag.max.messages" => {
                let n = count(S, key, v, 0)?;
                self.replica_lag_max_messages = if n == 0 { None } else { Some(n) };
            }
            "replica.fetch.wait.max.ms" => self.replica_fetch_wait_max_ms = ms(S, key, v, 0)?,
            "replica.fetch.max.bytes" => self.replica_fetch_max_records = count(S, key, v, 1)?,
            "replica.fetch.backoff.ms" => self.replica_fetch_backoff_ms = ms(S, key, v, 0)?,
            "replica.high.watermark.checkpoint.interval.ms" => {
                self.hw_checkpoint_interval_ms = ms(S, key, v, 1)?
            }
            "zookeeper.session.timeout.ms" => self.zookeeper_session_timeout_ms = ms(S, key, v, 3)?,
            "unclean.leader.election.enable" => {
                self.unclean_leader_election_enable = as_bool(S, key, v)?
            }
            "min.insync.replicas" => self.min_insync_replicas = count(S, key, v, 1)? as u32,
            "log.flush.interval.messages" | "flush.messages" => {
                self.flush_messages = Some(count(S, key, v, 1)?)
            }
            "log.flush.interval.ms" | "flush.ms" => self.flush_ms = Some(ms(S, key, v, 1)?),
            "log.segment.bytes" | "segment.bytes" => self.segment_records = count(S, key, v, 1)?,
            "log.index.interval.bytes" | "index.interval.bytes" => {
                self.index_interval_records = count(S, key, v, 0)?
            }
            "log.retention.ms" | "retention.ms" => self.retention.ms = limit(S, key, v)?,
            "log.retention.bytes" | "retention.bytes" => self.retention.records = limit(S, key, v)?,
            "log.retention.check.interval.ms" => {
                self.retention_check_interval_ms = ms(S, key, v, 1)?
            }
            "auto.leader.rebalance.enable" => {
                self.auto_leader_rebalance_enable = as_bool(S, key, v)?
            }
            "leader.imbalance.check.interval.seconds" => {
                self.leader_imbalance_check_interval_ms =
                    int(S, key, v, 1, MAX_TIME_MS / 1000)? * 1000
            }
            "leader.imbalance.per.broker.percentage" => {
                self.leader_imbalance_per_broker_percentage = int(S, key, v, 0, 100)?
            }
            "log.message.format.version.truncation" | "truncation.rule" => {
                self.truncation = match v.as_str() {
                    Some("high_watermark") => TruncationRule::HighWatermark,
                    Some("leader_epoch") => TruncationRule::LeaderEpoch,
                    Some("leader_epoch_walk_back") => TruncationRule::LeaderEpochWalkBack,
                    _ => {
                        return Err(ConfigError::BadValue {
                            scope: S,
                            key: key.to_string(),
                            expected: Expected::TruncationRule,
                        })
                    }
                }
            }
            "min.insync.replicas.hw.gate" => self.min_isr_hw_gate = as_bool(S, key, v)?,
            "offsets.topic.num.partitions" => {
                self.offsets_topic_num_partitions = int(S, key, v, 1, 1000)? as u32
            }
            "producer.id.expiration.ms" => self.producer_id_expiration_ms = ms(S, key, v, 1)?,
            "producer.id.expiration.check.interval.ms" => {
                self.producer_id_expiration_check_interval_ms = ms(S, key, v, 1)?
            }
            "offsets.topic.replication.factor" => {
                self.offsets_topic_replication_factor =
                    Some(int(S, key, v, 1, MAX_BROKERS as u64)? as u32)
            }
            _ => {
                return Err(ConfigError::UnknownKey {
                    scope: S,
                    key: key.to_string(),
                })
            }
        }
        Ok(())
    }

    /// Whether `key` = `v` is a valid broker setting (the same rules as [`BrokerConfig::set`]).
    pub fn check(key: &str, v: &Value) -> Result<(), ConfigError> {
        BrokerConfig::preset(Protocol::V3_7).set(key, v)
    }
}

/// Per-topic settings (defaults from the broker config).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TopicConfig {
    /// `min.insync.replicas`.
    pub min_insync_replicas: u32,
    /// `unclean.leader.election.enable`.
    pub unclean_leader_election_enable: bool,
    /// `flush.messages`.
    pub flush_messages: Option<u64>,
    /// `flush.ms`.
    pub flush_ms: Option<u64>,
    /// `segment.bytes`, counted in records.
    pub segment_records: u64,
    /// `index.interval.bytes`, counted in records.
    pub index_interval_records: u64,
    /// `retention.ms` and `retention.bytes` (counted in records).
    pub retention: Retention,
}

impl TopicConfig {
    /// Topic config from the broker defaults and the topic's overrides.
    pub fn from_scenario(
        b: &BrokerConfig,
        overrides: &BTreeMap<String, Value>,
    ) -> Result<TopicConfig, ConfigError> {
        let mut c = TopicConfig {
            min_insync_replicas: b.min_insync_replicas,
            unclean_leader_election_enable: b.unclean_leader_election_enable,
            flush_messages: b.flush_messages,
            flush_ms: b.flush_ms,
            segment_records: b.segment_records,
            index_interval_records: b.index_interval_records,
            retention: b.retention,
        };
        for (k, v) in overrides {
            c.set(k, v)?;
        }
        Ok(c)
    }

    /// Sets one topic config by its Kafka name.
    pub fn set(&mut self, key: &str, v: &Value) -> Result<(), ConfigError> {
        const S: &str = "topic";
        match key {
            "min.insync.replicas" => self.min_insync_replicas = count(S, key, v, 1)? as u32,
            "unclean.leader.election.enable" => {
                self.unclean_leader_election_enable = as_bool(S, key, v)?
            }
            "flush.messages" => self.flush_messages = Some(count(S, key, v, 1)?),
            "flush.ms" => self.flush_ms = Some(ms(S, key, v, 1)?),
            "segment.bytes" => self.segment_records = count(S, key, v, 1)?,
            "index.interval.bytes" => self.index_interval_records = count(S, key, v, 0)?,
            "retention.ms" => self.retention.ms = limit(S, key, v)?,
            "retention.bytes" => self.retention.records = limit(S, key, v)?,
            _ => {
                return Err(ConfigError::UnknownKey {
                    scope: S,
                    key: key.to_string(),
                })
            }
        }
        Ok(())
    }

    /// Whether `key` = `v` is a valid topic setting (the same rules as [`TopicConfig::set`]).
    pub fn check(key: &str, v: &Value) -> Result<(), ConfigError> {
        TopicConfig::from_scenario(&BrokerConfig::preset(Protocol::V3_7), &BTreeMap::new())?
            .set(key, v)
    }
}

/// Producer settings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProducerConfig {
    /// `enable.idempotence`.
    pub enable_idempotence: bool,
    /// `retries`.
    pub retries: u32,
    /// `retry.backoff.ms`.
    pub retry_backoff_ms: u64,
    /// `request.timeout.ms`.
    pub request_timeout_ms: u64,
    /// `delivery.timeout.ms`.
    pub delivery_timeout_ms: u64,
}

impl ProducerConfig {
    /// Producer config from the preset's idempotence default, the producer's `acks` and
    /// the overrides. A default `enable.idempotence=true` (3.0+, KIP-679) is dropped when
    /// the producer's settings conflict with it, `acks` other than `all` or `retries=0`
    /// (KAFKA-13598); set explicitly, the conflict is Kafka's ConfigException
    /// (`ProducerConfig.postProcessAndValidateIdempotenceConfigs`).
    pub fn from_scenario(
        b: &BrokerConfig,
        acks: Acks,
        overrides: &BTreeMap<String, Value>,
    ) -> Result<ProducerConfig, ConfigError> {
        let mut c = ProducerConfig {
            enable_idempotence: b.idempotence_default,
            retries: if b.protocol >= Protocol::V2_5 {
                i32::MAX as u32
            } else {
                0
            },
            retry_backoff_ms: 100,
            request_timeout_ms: 30_000,
            delivery_timeout_ms: 120_000,
        };
        for (k, v) in overrides {
            const S: &str = "producer";
            match k.as_str() {
                "enable.idempotence" => c.enable_idempotence = as_bool(S, k, v)?,
                "retries" => c.retries = count(S, k, v, 0)? as u32,
                "retry.backoff.ms" => c.retry_backoff_ms = ms(S, k, v, 0)?,
                "request.timeout.ms" => c.request_timeout_ms = ms(S, k, v, 1)?,
                "delivery.timeout.ms" => c.delivery_timeout_ms = ms(S, k, v, 1)?,
                _ => {
                    return Err(ConfigError::UnknownKey {
                        scope: S,
                        key: k.clone(),
                    })
                }
            }
        }
        // KafkaProducer.configureRetries (0.11–2.0, whose default `retries` is 0): an
        // idempotent producer that does not set `retries` gets Integer.MAX_VALUE.
        if c.enable_idempotence && c.retries == 0 && !overrides.contains_key("retries") {
            c.retries = i32::MAX as u32;
        }
        let conflict = if acks != Acks::All {
            Some("acks")
        } else if c.retries == 0 {
            Some("retries")
        } else {
            None
        };
        match conflict {
            Some(key) if c.enable_idempotence && overrides.contains_key("enable.idempotence") => {
                Err(ConfigError::IdempotenceConflict { key })
            }
            Some(_) => {
                c.enable_idempotence = false;
                Ok(c)
            }
            None => Ok(c),
        }
    }
}

/// Consumer settings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConsumerConfig {
    /// `session.timeout.ms`: the coordinator removes a member it has not heard from for this long.
    pub session_timeout_ms: u64,
    /// `heartbeat.interval.ms` (3000).
    pub heartbeat_interval_ms: u64,
    /// `auto.offset.reset`: where a consumer starts without a committed offset, and
    /// after OFFSET_OUT_OF_RANGE. The lab's default is `earliest` (Kafka's is `latest`),
    /// so a lab consumer reads what was produced before it joined.
    pub auto_offset_reset: OffsetReset,
    /// `client.rack` (KIP-392): the consumer's rack, sent with each fetch so a leader with
    /// a rack-aware `replica.selector.class` can send it to a replica in that rack.
    pub client_rack: Option<String>,
}

/// `auto.offset.reset`'s values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum OffsetReset {
    /// The log start offset.
    Earliest,
    /// The high watermark.
    Latest,
    /// No reset: the consumer stops fetching the partition (Kafka throws
    /// `OffsetOutOfRangeException` / `NoOffsetForPartitionException` to the application).
    None,
}

/// `replica.selector.class`: Kafka's `RackAwareReplicaSelector` (true) or
/// `LeaderSelector` (false), by full or simple class name.
fn replica_selector(key: &str, v: &Value) -> Result<bool, ConfigError> {
    match v.as_str().map(|s| s.rsplit('.').next().unwrap_or(s)) {
        Some("RackAwareReplicaSelector") => Ok(true),
        Some("LeaderSelector") => Ok(false),
        _ => Err(ConfigError::BadValue {
            scope: "broker",
            key: key.to_string(),
            expected: Expected::ReplicaSelector,
        }),
    }
}

impl ConsumerConfig {
    /// Consumer config from the preset's session timeout and the overrides.
    pub fn from_scenario(
        b: &BrokerConfig,
        overrides: &BTreeMap<String, Value>,
    ) -> Result<ConsumerConfig, ConfigError> {
        let mut c = ConsumerConfig {
            session_timeout_ms: b.consumer_session_timeout_ms,
            heartbeat_interval_ms: 3000,
            auto_offset_reset: OffsetReset::Earliest,
            client_rack: None,
        };
        for (k, v) in overrides {
            const S: &str = "consumer";
            match k.as_str() {
                "session.timeout.ms" => c.session_timeout_ms = ms(S, k, v, 1)?,
                "heartbeat.interval.ms" => c.heartbeat_interval_ms = ms(S, k, v, 1)?,
                "client.rack" => match v.as_str().map(str::trim) {
                    Some(rack) if !rack.is_empty() && rack.len() <= MAX_NAME_BYTES => {
                        c.client_rack = Some(rack.to_string())
                    }
                    _ => {
                        return Err(ConfigError::BadValue {
                            scope: S,
                            key: k.clone(),
                            expected: Expected::RackName,
                        })
                    }
                },
                "auto.offset.reset" => {
                    c.auto_offset_reset = match v.as_str() {
                        Some("earliest") => OffsetReset::Earliest,
                        Some("latest") => OffsetReset::Latest,
                        Some("none") => OffsetReset::None,
                        _ => {
                            return Err(ConfigError::BadValue {
                                scope: S,
                                key: k.clone(),
                                expected: Expected::OffsetReset,
                            })
                        }
                    }
                }
                _ => {
                    return Err(ConfigError::UnknownKey {
                        scope: S,
                        key: k.clone(),
                    })
                }
            }
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn consumer_session_timeout_is_45_s_from_kafka_3_0_per_kip_735_and_10_s_before() {
        assert_eq!(
            BrokerConfig::preset(Protocol::V3_7).consumer_session_timeout_ms,
            45_000
        );
        assert_eq!(
            BrokerConfig::preset(Protocol::V2_5).consumer_session_timeout_ms,
            10_000
        );
        let c =
            ConsumerConfig::from_scenario(&BrokerConfig::preset(Protocol::V2_0), &BTreeMap::new())
                .unwrap();
        assert_eq!(
            (c.session_timeout_ms, c.heartbeat_interval_ms),
            (10_000, 3000)
        );
    }

    // LogConfig: retention.ms defaults to 7 days, retention.bytes to -1 (no limit); -1 turns
    // either off; anything else negative or not a number is refused with a clear error.
    #[test]
    fn retention_limits_take_minus_one_or_a_count_and_refuse_anything_else() {
        let b = BrokerConfig::preset(Protocol::V3_7);
        assert_eq!(b.retention.ms, Some(604_800_000));
        assert_eq!(
            (b.retention.records, b.retention_check_interval_ms),
            (None, 300_000)
        );
        let mut t = TopicConfig::from_scenario(&b, &BTreeMap::new()).unwrap();
        t.set("retention.ms", &json!(-1)).unwrap();
        t.set("retention.bytes", &json!("20")).unwrap();
        assert_eq!((t.retention.ms, t.retention.records), (None, Some(20)));
        for bad in [json!(-5), json!("soon"), json!(1.5)] {
            let e = t.set("retention.ms", &bad).unwrap_err();
            assert_eq!(
                e.to_string(),
                "topic config \"retention.ms\": expected -1 (no limit) or a non-negative integer"
            );
        }
        assert!(BrokerConfig::check("log.retention.check.interval.ms", &json!(0)).is_err());
        let c = |v| {
            let o = BTreeMap::from([("auto.offset.reset".to_string(), v)]);
            ConsumerConfig::from_scenario(&b, &o).map(|c| c.auto_offset_reset)
        };
        assert_eq!(c(json!("latest")), Ok(OffsetReset::Latest));
        assert_eq!(
            c(json!("smallest")).unwrap_err().to_string(),
            "consumer config \"auto.offset.reset\": expected earliest, latest or none"
        );
    }

    #[test]
    fn presets_set_lag_and_session_defaults_per_kip_537() {
        assert_eq!(
            BrokerConfig::preset(Protocol::V2_0).replica_lag_time_max_ms,
            10_000
        );
        assert_eq!(
            BrokerConfig::preset(Protocol::V2_5).replica_lag_time_max_ms,
            30_000
        );
        assert_eq!(
            BrokerConfig::preset(Protocol::V2_0).zookeeper_session_timeout_ms,
            6000
        );
        assert_eq!(
            BrokerConfig::preset(Protocol::V3_7).zookeeper_session_timeout_ms,
            18_000
        );
    }

    #[test]
    fn presets_pick_truncation_rule_and_unclean_default() {
        assert_eq!(
            BrokerConfig::preset(Protocol::V0_10).truncation,
            TruncationRule::HighWatermark
        );
        assert_eq!(
            BrokerConfig::preset(Protocol::V0_11).truncation,
            TruncationRule::LeaderEpoch
        );
        assert_eq!(
            BrokerConfig::preset(Protocol::V2_0).truncation,
            TruncationRule::LeaderEpochWalkBack
        );
        assert!(BrokerConfig::preset(Protocol::V0_10).unclean_leader_election_enable);
        assert!(!BrokerConfig::preset(Protocol::V0_11).unclean_leader_election_enable);
        assert_eq!(
            BrokerConfig::preset(Protocol::V0_8).replica_lag_max_messages,
            Some(4000)
        );
        assert!(BrokerConfig::preset(Protocol::V3_7).min_isr_hw_gate);
        assert!(!BrokerConfig::preset(Protocol::V2_5).min_isr_hw_gate);
    }

    /// Out-of-range values are refused with the range, never clamped (they were clamped
    /// with `.max(1)` / `.clamp(1, 1000)` before, so 0 silently became 1).
    #[test]
    fn values_out_of_range_are_refused_not_clamped() {
        let out = |key: &str, v: Value| match BrokerConfig::preset(Protocol::V3_7).set(key, &v) {
            Err(ConfigError::OutOfRange { min, max, .. }) => (min, max),
            other => panic!("{key}={v}: {other:?}"),
        };
        assert_eq!(out("min.insync.replicas", json!("0")), (1, i32::MAX as u64));
        assert_eq!(out("offsets.topic.num.partitions", json!(0)), (1, 1000));
        assert_eq!(out("offsets.topic.num.partitions", json!(1001)), (1, 1000));
        assert_eq!(out("offsets.topic.replication.factor", json!(65)), (1, 64));
        assert_eq!(
            out("zookeeper.session.timeout.ms", json!(2)),
            (3, MAX_TIME_MS)
        );
        assert_eq!(
            out("leader.imbalance.check.interval.seconds", json!(86_401)),
            (1, 86_400)
        );
        assert_eq!(out("flush.ms", json!(0)), (1, MAX_TIME_MS));
        let mut m = BTreeMap::new();
        m.insert("retries".to_string(), json!(i32::MAX as u64 + 1));
        let b = BrokerConfig::preset(Protocol::V3_7);
        assert!(matches!(
            ProducerConfig::from_scenario(&b, Acks::All, &m),
            Err(ConfigError::OutOfRange { .. })
        ));
        let mut c = b.clone();
        c.set("min.insync.replicas", &json!("2")).unwrap();
        assert_eq!(
            c.min_insync_replicas, 2,
            "numeric strings are read as in Kafka's property files"
        );
    }

    #[test]
    fn overrides_reject_unknown_keys_and_wrong_types() {
        let mut m = BTreeMap::new();
        m.insert("replica.lag.time.max.msx".to_string(), json!(5));
        assert!(matches!(
            BrokerConfig::from_scenario("3.7", &m),
            Err(ConfigError::UnknownKey { .. })
        ));
        let mut m = BTreeMap::new();
        m.insert("replica.lag.time.max.ms".to_string(), json!("soon"));
        assert!(matches!(
            BrokerConfig::from_scenario("3.7", &m),
            Err(ConfigError::BadValue { .. })
        ));
        assert!(matches!(
            BrokerConfig::from_scenario("9.9", &BTreeMap::new()),
            Err(ConfigError::UnknownProtocol(_))
        ));
        let mut m = BTreeMap::new();
        m.insert("unclean.leader.election.enable".to_string(), json!(true));
        let b = BrokerConfig::preset(Protocol::V3_7);
        assert!(
            TopicConfig::from_scenario(&b, &m)
                .unwrap()
                .unclean_leader_election_enable
        );
    }

    /// KIP-679 makes `enable.idempotence=true` the default from 3.0; KAFKA-13598: a
    /// producer whose `acks` is not `all` (or whose `retries` is 0) and that does not set
    /// the key is silently not idempotent, while an explicit `true` is refused.
    #[test]
    fn default_idempotence_yields_to_conflicting_acks_or_retries_kafka_13598() {
        let idem = |protocol: Protocol, acks: Acks, cfg: &[(&str, Value)]| {
            let m = cfg
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            ProducerConfig::from_scenario(&BrokerConfig::preset(protocol), acks, &m)
                .unwrap()
                .enable_idempotence
        };
        use serde_json::json;
        assert!(idem(Protocol::V3_7, Acks::All, &[]));
        assert!(!idem(Protocol::V3_7, Acks::Leader, &[]));
        assert!(!idem(Protocol::V3_7, Acks::None, &[]));
        assert!(!idem(Protocol::V3_7, Acks::All, &[("retries", json!(0))]));
        let explicit = |acks: Acks, cfg: &[(&str, Value)]| {
            let m = cfg
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            ProducerConfig::from_scenario(&BrokerConfig::preset(Protocol::V2_5), acks, &m)
        };
        assert_eq!(
            explicit(Acks::Leader, &[("enable.idempotence", json!(true))]),
            Err(ConfigError::IdempotenceConflict { key: "acks" })
        );
        assert_eq!(
            explicit(
                Acks::All,
                &[("enable.idempotence", json!(true)), ("retries", json!(0))]
            ),
            Err(ConfigError::IdempotenceConflict { key: "retries" })
        );
        assert!(!idem(
            Protocol::V3_7,
            Acks::Leader,
            &[("enable.idempotence", json!(false))]
        ));
        assert!(
            !idem(Protocol::V2_5, Acks::All, &[]),
            "before 3.0 the default is false"
        );
        let old = ProducerConfig::from_scenario(
            &BrokerConfig::preset(Protocol::V0_11),
            Acks::All,
            &[("enable.idempotence".to_string(), json!(true))]
                .into_iter()
                .collect(),
        )
        .unwrap();
        assert_eq!(
            (old.enable_idempotence, old.retries),
            (true, i32::MAX as u32),
            "configureRetries: the default retries of 0 yields to idempotence"
        );
        assert!(idem(
            Protocol::V2_5,
            Acks::All,
            &[("enable.idempotence", json!(true))]
        ));
    }
}
