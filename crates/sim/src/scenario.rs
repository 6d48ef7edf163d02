//! Scenario files: the cluster, topics, clients, timed actions and (for guided
//! scenarios) the narration, as JSON. `docs/scenario-format.md` documents every field.

use crate::action::{Acks, Action};
use crate::ids::{BrokerId, TimeMs};
use crate::placement::PlacementRule;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A text in both UI languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// English.
    pub en: String,
    /// Simplified Chinese.
    pub zh: String,
}

/// A whole scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short id used in URLs and file names (e.g. `acks1-loss`).
    pub id: String,
    /// Title shown in the scenario picker.
    pub title: Text,
    /// One-paragraph summary.
    #[serde(default)]
    pub description: Text,
    /// Seed of the run's one RNG.
    pub seed: u64,
    /// Virtual time at which the run ends.
    pub end_ms: TimeMs,
    /// Brokers, protocol and network.
    pub cluster: ClusterSpec,
    /// Topics created at time 0.
    pub topics: Vec<TopicSpec>,
    /// Producers.
    #[serde(default)]
    pub producers: Vec<ProducerSpec>,
    /// Consumers.
    #[serde(default)]
    pub consumers: Vec<ConsumerSpec>,
    /// Timed actions, in time order.
    #[serde(default)]
    pub actions: Vec<TimedAction>,
    /// Narration for guided mode (empty for plain scenarios).
    #[serde(default)]
    pub guide: Vec<GuideStep>,
}

/// Brokers, protocol preset with overrides, network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterSpec {
    /// `broker.id`s of the brokers.
    pub brokers: Vec<BrokerId>,
    /// Protocol preset named by Kafka version: `0.8`, `0.10`, `0.11`, `2.0`, `2.5`, `3.7`.
    #[serde(default = "default_protocol")]
    pub protocol: String,
    /// Broker config overrides by Kafka name (e.g. `replica.lag.time.max.ms`).
    #[serde(default)]
    pub config: BTreeMap<String, serde_json::Value>,
    /// Network defaults.
    #[serde(default)]
    pub network: NetworkSpec,
    /// `broker.rack` by broker id: none or every broker (Kafka refuses a mix).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub racks: BTreeMap<BrokerId, String>,
    /// Availability zones (or datacenters) by name, each the racks it holds (for drawing,
    /// latency and `zone_down`); when given, every rack is in exactly one zone.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub zones: BTreeMap<String, Vec<String>>,
    /// Regions by name, each the zones it holds (latency only); when given, every zone
    /// is in exactly one region.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub regions: BTreeMap<String, Vec<String>>,
}

fn default_protocol() -> String {
    "3.7".to_string()
}

/// Default link behaviour.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkSpec {
    /// Base one-way latency.
    pub latency_ms: u64,
    /// Extra latency drawn uniformly in `0..=jitter_ms`.
    pub jitter_ms: u64,
    /// Probability a message is lost.
    pub loss: f64,
    /// Start in manual mode (messages wait for deliver/drop).
    pub manual: bool,
    /// Extra one-way latency between two racks of one zone (nodes with a rack only).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub cross_rack_ms: u64,
    /// Extra one-way latency between two zones of one region.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub cross_zone_ms: u64,
    /// Extra one-way latency between two regions.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub cross_region_ms: u64,
}

fn is_zero(ms: &u64) -> bool {
    *ms == 0
}

impl Default for NetworkSpec {
    fn default() -> Self {
        NetworkSpec {
            latency_ms: 5,
            jitter_ms: 2,
            loss: 0.0,
            manual: false,
            cross_rack_ms: 0,
            cross_zone_ms: 0,
            cross_region_ms: 0,
        }
    }
}

/// A topic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicSpec {
    /// Topic name.
    pub name: String,
    /// Number of partitions.
    pub partitions: u32,
    /// Replicas per partition.
    pub replication_factor: u32,
    /// Placement rule when no explicit assignment is given.
    #[serde(default)]
    pub placement: PlacementRule,
    /// Kafka's `fixedStartIndex`; drawn from the RNG when absent.
    #[serde(default)]
    pub start_index: Option<u32>,
    /// Explicit assignment (partition → replicas), overriding the rule.
    #[serde(default)]
    pub assignment: Option<BTreeMap<u32, Vec<BrokerId>>>,
    /// Topic config overrides by Kafka name (`min.insync.replicas`, `unclean.leader.election.enable`, ...).
    #[serde(default)]
    pub config: BTreeMap<String, serde_json::Value>,
}

/// A producer client.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProducerSpec {
    /// Name used by actions.
    pub name: String,
    /// `acks`.
    pub acks: Acks,
    /// Producer config overrides by Kafka name (`enable.idempotence`, `retries`, ...).
    #[serde(default)]
    pub config: BTreeMap<String, serde_json::Value>,
}

/// When a consumer commits its offsets relative to processing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CommitMode {
    /// Commit before processing: at-most-once.
    BeforeProcessing,
    /// Commit after processing: at-least-once.
    #[default]
    AfterProcessing,
}

/// A consumer client.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsumerSpec {
    /// Name used by actions.
    pub name: String,
    /// `group.id`.
    pub group: String,
    /// Topics it subscribes to.
    pub topics: Vec<String>,
    /// Commit before or after processing.
    #[serde(default)]
    pub commit: CommitMode,
    /// Whether it is a group member from time 0 (else it joins by action).
    #[serde(default = "yes")]
    pub joined: bool,
    /// Consumer config overrides by Kafka name (`session.timeout.ms`, `heartbeat.interval.ms`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub config: BTreeMap<String, serde_json::Value>,
}

fn yes() -> bool {
    true
}

/// An action at a virtual time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimedAction {
    /// When it happens.
    pub at_ms: TimeMs,
    /// What happens.
    #[serde(flatten)]
    pub action: Action,
}

/// One narrated step of a guided scenario: the run pauses at `at_ms` and shows the caption.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuideStep {
    /// Where the narration pauses the run.
    pub at_ms: TimeMs,
    /// What the student is shown.
    pub caption: Text,
    /// An optional prediction asked before revealing what happens next.
    #[serde(default)]
    pub question: Option<Question>,
}

/// A prediction question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The question.
    pub prompt: Text,
    /// The choices.
    pub choices: Vec<Text>,
    /// Index of the right choice.
    pub answer: usize,
    /// Shown after answering.
    pub explanation: Text,
}
