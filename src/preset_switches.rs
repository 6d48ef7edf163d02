//! The switches a protocol preset sets, as the config panel shows them: each read from
//! the core's `BrokerConfig` (preset and effective), each overridable under the Kafka
//! config key that the core's `BrokerConfig::set` accepts (the core validates it).

use isrlab_sim::config::{BrokerConfig, TruncationRule};
use serde_json::Value;

/// How an override of a switch is entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SwitchInput {
    /// On / off.
    Flag,
    /// A whole number (ms or messages).
    Number,
    /// One of the core's truncation rules.
    Truncation,
}

/// One switch of a preset.
#[derive(Clone, Copy, Debug)]
pub struct Switch {
    /// i18n key of its label.
    pub label: &'static str,
    /// The Kafka config key that overrides it in `cluster.config`; `None` when the core
    /// takes no broker key for it (the producer's `enable.idempotence` overrides it).
    pub key: Option<&'static str>,
    /// How an override is entered.
    pub input: SwitchInput,
    /// Its value in a broker config, as the key's JSON value.
    pub read: fn(&BrokerConfig) -> Value,
}

/// The truncation rules, as the values of the `truncation.rule` key.
pub const TRUNCATION_VALUES: [&str; 3] =
    ["high_watermark", "leader_epoch", "leader_epoch_walk_back"];

fn truncation(c: &BrokerConfig) -> Value {
    let i = match c.truncation {
        TruncationRule::HighWatermark => 0,
        TruncationRule::LeaderEpoch => 1,
        TruncationRule::LeaderEpochWalkBack => 2,
    };
    TRUNCATION_VALUES[i].into()
}

/// The switches a preset sets, in the order the panel shows them.
pub const SWITCHES: [Switch; 7] = [
    Switch {
        label: "switch.truncation",
        key: Some("truncation.rule"),
        input: SwitchInput::Truncation,
        read: truncation,
    },
    Switch {
        label: "switch.hw_gate",
        key: Some("min.insync.replicas.hw.gate"),
        input: SwitchInput::Flag,
        read: |c| c.min_isr_hw_gate.into(),
    },
    Switch {
        label: "switch.lag_time",
        key: Some("replica.lag.time.max.ms"),
        input: SwitchInput::Number,
        read: |c| c.replica_lag_time_max_ms.into(),
    },
    Switch {
        label: "switch.lag_messages",
        key: Some("replica.lag.max.messages"),
        input: SwitchInput::Number,
        read: |c| c.replica_lag_max_messages.unwrap_or(0).into(),
    },
    Switch {
        label: "switch.session_timeout",
        key: Some("zookeeper.session.timeout.ms"),
        input: SwitchInput::Number,
        read: |c| c.zookeeper_session_timeout_ms.into(),
    },
    Switch {
        label: "switch.unclean",
        key: Some("unclean.leader.election.enable"),
        input: SwitchInput::Flag,
        read: |c| c.unclean_leader_election_enable.into(),
    },
    Switch {
        label: "switch.idempotence",
        key: None,
        input: SwitchInput::Flag,
        read: |c| c.idempotence_default.into(),
    },
];

/// Parses what the user typed for a switch into the JSON value of its key; `None`
/// for an empty entry (no override).
pub fn parse_override(input: SwitchInput, text: &str) -> Option<Value> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    Some(match input {
        SwitchInput::Flag => Value::Bool(t == "true"),
        SwitchInput::Number => t
            .parse::<u64>()
            .map_or_else(|_| Value::String(t.to_string()), Value::from),
        SwitchInput::Truncation => Value::String(t.to_string()),
    })
}

/// A value as the panel prints it.
pub fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use isrlab_sim::config::Protocol;
    use std::collections::BTreeMap;

    fn value(p: Protocol, label: &str) -> Value {
        let s = SWITCHES.iter().find(|s| s.label == label).unwrap();
        (s.read)(&BrokerConfig::preset(p))
    }

    #[test]
    fn the_presets_differ_where_kafka_changed_the_protocol() {
        // KIP-101 (0.11) replaced high-watermark truncation; KIP-537 (2.5) raised the lag time.
        assert_eq!(
            value(Protocol::V0_10, "switch.truncation"),
            "high_watermark"
        );
        assert_eq!(value(Protocol::V0_11, "switch.truncation"), "leader_epoch");
        assert_eq!(value(Protocol::V0_10, "switch.lag_time"), 10_000);
        assert_eq!(value(Protocol::V3_7, "switch.lag_time"), 30_000);
        assert_eq!(value(Protocol::V0_8, "switch.lag_messages"), 4000);
        assert_eq!(value(Protocol::V3_7, "switch.hw_gate"), true);
    }

    #[test]
    fn every_switch_key_round_trips_through_the_core() {
        for p in [Protocol::V0_8, Protocol::V3_7] {
            let preset = BrokerConfig::preset(p);
            for s in SWITCHES.iter().filter(|s| s.key.is_some()) {
                let v = (s.read)(&preset);
                let map = BTreeMap::from([(s.key.unwrap().to_string(), v.clone())]);
                let effective = BrokerConfig::from_scenario(p.name(), &map).unwrap();
                assert_eq!((s.read)(&effective), v, "{}", s.label);
            }
        }
    }

    #[test]
    fn an_override_changes_the_effective_value_and_a_bad_one_is_refused_by_the_core() {
        let map = BTreeMap::from([(
            "truncation.rule".to_string(),
            parse_override(SwitchInput::Truncation, "leader_epoch").unwrap(),
        )]);
        let c = BrokerConfig::from_scenario("0.10", &map).unwrap();
        assert_eq!(truncation(&c), "leader_epoch");
        let bad = BTreeMap::from([(
            "replica.lag.time.max.ms".to_string(),
            parse_override(SwitchInput::Number, "soon").unwrap(),
        )]);
        assert!(BrokerConfig::from_scenario("0.10", &bad).is_err());
        assert_eq!(parse_override(SwitchInput::Number, "  "), None);
    }
}
