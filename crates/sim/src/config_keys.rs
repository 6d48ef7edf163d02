//! The Kafka config keys a running cluster accepts in `Action::SetConfig`
//! (`kafka-configs.sh --alter`), by scope, so that a UI can offer exactly these, and the
//! broker keys it refuses because Kafka cannot change them without a restart. The
//! rules for each value stay in `BrokerConfig::set` and `TopicConfig::set`; aliases
//! (`flush.messages` for `log.flush.interval.messages`, ...) are accepted but not listed.

/// Keys of the cluster-wide (broker) config a running cluster accepts, Kafka's names: the
/// dynamic ones of Kafka's `DynamicBrokerConfig` (KIP-226) — `DynamicLogConfig`'s
/// (`ServerTopicConfigSynonyms`: the `log.*` synonyms of topic configs, `min.insync.replicas`,
/// `unclean.leader.election.enable`) and `DynamicProducerStateManagerConfig`'s
/// `producer.id.expiration.ms` (KIP-854).
pub const BROKER_KEYS: &[&str] = &[
    "min.insync.replicas",
    "unclean.leader.election.enable",
    "log.flush.interval.messages",
    "log.flush.interval.ms",
    "log.segment.bytes",
    "log.index.interval.bytes",
    "log.retention.ms",
    "log.retention.bytes",
    "producer.id.expiration.ms",
];

/// Broker keys a scenario's cluster config sets at start but a running cluster refuses
/// (`DynamicConfig.Broker.nonDynamicProps`: "Cannot update these configs dynamically"). The
/// lab's protocol knobs (`truncation.rule`, `min.insync.replicas.hw.gate`) stand for
/// `inter.broker.protocol.version`, which is read-only too.
pub const READ_ONLY_BROKER_KEYS: &[&str] = &[
    "replica.lag.time.max.ms",
    "replica.lag.max.messages",
    "replica.fetch.wait.max.ms",
    "replica.fetch.max.bytes",
    "replica.fetch.backoff.ms",
    "replica.high.watermark.checkpoint.interval.ms",
    "zookeeper.session.timeout.ms",
    "log.retention.check.interval.ms",
    "auto.leader.rebalance.enable",
    "leader.imbalance.check.interval.seconds",
    "leader.imbalance.per.broker.percentage",
    "truncation.rule",
    "log.message.format.version.truncation",
    "min.insync.replicas.hw.gate",
    "offsets.topic.num.partitions",
    "offsets.topic.replication.factor",
    "producer.id.expiration.check.interval.ms",
];

/// Whether a running cluster refuses to change broker key `key` (Kafka's
/// `DynamicBrokerConfig.validateConfigs`).
pub fn is_read_only_broker_key(key: &str) -> bool {
    READ_ONLY_BROKER_KEYS.contains(&key)
}

/// The topic-level config a broker default stands for (Kafka's `ServerTopicConfigSynonyms`),
/// with the lab's short aliases of the broker keys.
pub fn topic_synonym(broker_key: &str) -> Option<&'static str> {
    Some(match broker_key {
        "min.insync.replicas" => "min.insync.replicas",
        "unclean.leader.election.enable" => "unclean.leader.election.enable",
        "log.flush.interval.messages" | "flush.messages" => "flush.messages",
        "log.flush.interval.ms" | "flush.ms" => "flush.ms",
        "log.segment.bytes" | "segment.bytes" => "segment.bytes",
        "log.index.interval.bytes" | "index.interval.bytes" => "index.interval.bytes",
        "log.retention.ms" | "retention.ms" => "retention.ms",
        "log.retention.bytes" | "retention.bytes" => "retention.bytes",
        _ => return None,
    })
}

/// Keys a topic may override (Kafka's topic-level names).
pub const TOPIC_KEYS: &[&str] = &[
    "min.insync.replicas",
    "unclean.leader.election.enable",
    "flush.messages",
    "flush.ms",
    "segment.bytes",
    "index.interval.bytes",
    "retention.ms",
    "retention.bytes",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{BrokerConfig, ConfigError, Protocol, TopicConfig};
    use serde_json::Value;

    /// A value of each kind a key may take: numbers of several sizes (keys have ranges),
    /// a switch, a truncation rule.
    fn samples() -> [Value; 5] {
        [
            Value::from(10u64),
            Value::from(1_000u64),
            Value::from(30_000u64),
            Value::from(true),
            Value::from("leader_epoch"),
        ]
    }

    #[test]
    fn every_listed_broker_key_is_accepted_and_an_unlisted_one_refused() {
        for key in BROKER_KEYS.iter().chain(READ_ONLY_BROKER_KEYS) {
            assert!(
                samples()
                    .iter()
                    .any(|v| BrokerConfig::check(key, v).is_ok()),
                "{key}"
            );
        }
        let mut c = BrokerConfig::preset(Protocol::V3_7);
        assert!(matches!(
            c.set("no.such.key", &Value::from(1)),
            Err(ConfigError::UnknownKey { .. })
        ));
    }

    #[test]
    fn every_listed_topic_key_is_accepted_and_a_broker_only_key_refused() {
        let broker = BrokerConfig::preset(Protocol::V3_7);
        for key in TOPIC_KEYS {
            assert!(
                samples().iter().any(|v| TopicConfig::check(key, v).is_ok()),
                "{key}"
            );
        }
        let mut t = TopicConfig::from_scenario(&broker, &Default::default()).unwrap();
        assert!(t.set("replica.lag.time.max.ms", &Value::from(1)).is_err());
    }

    /// No key is both dynamic and read-only; aliases of dynamic keys stay dynamic.
    #[test]
    fn dynamic_and_read_only_keys_are_apart() {
        for key in BROKER_KEYS {
            assert!(!is_read_only_broker_key(key), "{key}");
        }
        assert!(is_read_only_broker_key("replica.lag.time.max.ms"));
        assert!(!is_read_only_broker_key("log.segment.bytes"));
        assert!(
            !is_read_only_broker_key("segment.bytes"),
            "an alias of a dynamic key"
        );
    }
}
