//! `kafka-configs.sh --alter` applied to a running cluster. A topic's change applies to its
//! logs and becomes one of its overrides. A change of the brokers' default of a topic-level
//! config (`DynamicLogConfig`: the keys of `ServerTopicConfigSynonyms`) applies to every
//! topic that does not override it, as Kafka's `DynamicLogConfig.reconfigure` updates each
//! log whose topic has no override of that key.

use crate::action_check::ActionRefusal;
use crate::client::coordinator::OFFSETS_TOPIC;
use crate::config_keys::topic_synonym;
use crate::sim::Sim;
use serde_json::Value;

impl Sim {
    /// Topic `ti`'s `key` is set to `value`, and is an override of that topic from now on.
    pub(crate) fn set_topic_config(
        &mut self,
        ti: usize,
        key: &str,
        value: &Value,
    ) -> Result<(), ActionRefusal> {
        self.apply_topic_config(ti, key, value)?;
        let overrides = &mut self.topics[ti].overrides;
        if !overrides.iter().any(|k| k == key) {
            overrides.push(key.to_string());
        }
        Ok(())
    }

    /// The brokers' default `key` is set to `value`; topics without an override of its
    /// topic-level synonym follow it.
    pub(crate) fn set_broker_default(
        &mut self,
        key: &str,
        value: &Value,
    ) -> Result<(), ActionRefusal> {
        self.cfg.set(key, value).map_err(ActionRefusal::Config)?;
        let Some(topic_key) = topic_synonym(key) else {
            return Ok(());
        };
        for ti in 0..self.topics.len() {
            let t = &self.topics[ti];
            // GroupMetadataManager creates __consumer_offsets with its own segment.bytes
            // (offsets.topic.segment.bytes).
            let internal_segment = t.name == OFFSETS_TOPIC && topic_key == "segment.bytes";
            if !internal_segment && !t.overrides.iter().any(|k| k == topic_key) {
                self.apply_topic_config(ti, topic_key, value)?;
            }
        }
        Ok(())
    }

    fn apply_topic_config(
        &mut self,
        ti: usize,
        key: &str,
        value: &Value,
    ) -> Result<(), ActionRefusal> {
        let old = self.topics[ti].cfg.segment_records;
        self.topics[ti]
            .cfg
            .set(key, value)
            .map_err(ActionRefusal::Config)?;
        let new = self.topics[ti].cfg.segment_records;
        if new != old {
            self.segment_size_changed(ti, old, new);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::action::Action;
    use crate::sim::Sim;
    use crate::tests::support::scenario;
    use serde_json::json;

    fn set(topic: Option<&str>, key: &str, value: serde_json::Value) -> Action {
        Action::SetConfig {
            topic: topic.map(str::to_string),
            key: key.into(),
            value,
        }
    }

    /// (min.insync.replicas, segment.bytes) of topic `t`, as the view shows them.
    fn topic_t(sim: &Sim) -> (u32, u64) {
        let view = sim.view();
        let p = view.partitions.iter().find(|p| p.tp.topic == "t").unwrap();
        (p.min_insync_replicas, p.log_config.segment_records)
    }

    // DynamicLogConfig.reconfigure: a topic without an override follows the new default.
    #[test]
    fn a_broker_default_reaches_topics_that_do_not_override_it() {
        let mut sim = Sim::new(&scenario("3.7", "", "", "all", "", "", 30_000)).unwrap();
        sim.run_until(5_000);
        sim.apply(set(None, "min.insync.replicas", json!(2)))
            .unwrap();
        sim.apply(set(None, "log.segment.bytes", json!(7))).unwrap();
        assert_eq!(topic_t(&sim), (2, 7));
        assert_eq!(sim.broker_config().min_insync_replicas, 2);
    }

    // A topic's own config (from the scenario or a later --entity-type topics change) is an
    // override: the broker default no longer moves it.
    #[test]
    fn a_topic_override_is_left_alone_by_a_broker_default() {
        let s = scenario(
            "3.7",
            "",
            r#""min.insync.replicas":1"#,
            "all",
            "",
            "",
            30_000,
        );
        let mut sim = Sim::new(&s).unwrap();
        sim.run_until(5_000);
        sim.apply(set(Some("t"), "segment.bytes", json!(9)))
            .unwrap();
        sim.apply(set(None, "min.insync.replicas", json!(3)))
            .unwrap();
        sim.apply(set(None, "log.segment.bytes", json!(4))).unwrap();
        assert_eq!(topic_t(&sim), (1, 9));
        // A broker key with no topic-level synonym changes the brokers only.
        sim.apply(set(None, "producer.id.expiration.ms", json!(60_000)))
            .unwrap();
        assert_eq!(topic_t(&sim), (1, 9));
    }
}
