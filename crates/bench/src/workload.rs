//! The benchmark workloads of issue #10, built as scenarios and driven at a steady
//! produce rate by the harness (a rate of 1,000 msg/s for an hour is more actions than a
//! scenario file may hold, so the load is applied live, as the lab's own buttons do).
//!
//! - **W1**: 3 brokers, one topic of 3 partitions RF 3, a producer at 1,000 msg/s
//!   acks=all, one consumer group.
//! - **W2**: 9 brokers, 3 topics × 12 partitions RF 3, 4 producers at 1,000 msg/s each
//!   with mixed acks, 2 groups, a crash and restart every 30 s.
//! - **Grid**: `b` brokers, one topic of `p` partitions RF 3, 10 msg/s per partition.

use isrlab_sim::{Action, BrokerId, Scenario, Sim};
use serde_json::json;

/// Virtual time between two load ticks.
const TICK_MS: u64 = 10;
/// W1 with retention: `retention.ms` (a minute) and how often brokers apply it.
const RETAINED_MS: u64 = 60_000;
const RETENTION_CHECK_MS: u64 = 10_000;

/// One producer's steady load.
#[derive(Clone, Debug)]
pub struct Feed {
    /// Producer name in the scenario.
    pub producer: String,
    /// Topic it writes to.
    pub topic: String,
    /// Records per simulated second.
    pub per_second: u64,
}

/// A scenario plus the load and faults the harness applies while it runs.
#[derive(Clone, Debug)]
pub struct Workload {
    /// The cluster, topics and clients.
    pub scenario: Scenario,
    /// Steady produce load.
    pub feeds: Vec<Feed>,
    /// Crash one broker every this many ms (restarted half a period later), cycling through the brokers.
    pub crash_every_ms: Option<u64>,
    /// Virtual time between two produce bursts.
    pub tick_ms: u64,
}

/// What one run of a workload measured.
#[derive(Clone, Copy, Debug)]
pub struct RunFigures {
    /// Events the core processed.
    pub steps: u64,
    /// CPU seconds of the running thread (building the `Sim` excluded).
    pub cpu_s: f64,
    /// Simulated milliseconds covered.
    pub sim_ms: u64,
    /// Messages the producers sent.
    pub messages: u64,
    /// Actions the core refused (e.g. a produce to a producer that is shut down).
    pub refused: u64,
}

impl Workload {
    /// W1 of issue #10.
    pub fn w1(sim_ms: u64) -> Workload {
        let scenario = scenario(
            "bench-w1",
            sim_ms,
            &[0, 1, 2],
            &[("orders", 3)],
            &[("p1", "all")],
            &[("c1", "billing")],
        );
        Workload {
            scenario,
            feeds: vec![feed("p1", "orders", 1_000)],
            crash_every_ms: None,
            tick_ms: TICK_MS,
        }
    }

    /// W1 with a minute of retention (`retention.ms` 60000, checked every 10 s) and one
    /// produce burst of 1,000 records a second, so that neither the logs, the ledger, the
    /// events nor the replay log of applied actions (one entry a second) need memory that
    /// grows with the run's length.
    pub fn w1_retained(sim_ms: u64) -> Workload {
        let mut w = Workload::w1(sim_ms);
        let cluster = &mut w.scenario.cluster.config;
        cluster.insert(
            "log.retention.check.interval.ms".into(),
            RETENTION_CHECK_MS.into(),
        );
        w.scenario.topics[0]
            .config
            .insert("retention.ms".into(), RETAINED_MS.into());
        w.tick_ms = 1_000;
        w
    }

    /// W2 of issue #10.
    pub fn w2(sim_ms: u64) -> Workload {
        let brokers: Vec<BrokerId> = (0..9).collect();
        let topics = [("t0", 12), ("t1", 12), ("t2", 12)];
        let producers = [("p0", "all"), ("p1", "1"), ("p2", "0"), ("p3", "all")];
        let scenario = scenario(
            "bench-w2",
            sim_ms,
            &brokers,
            &topics,
            &producers,
            &[("c1", "g1"), ("c2", "g2")],
        );
        let feeds = producers
            .iter()
            .enumerate()
            .map(|(i, (p, _))| feed(p, topics[i % 3].0, 1_000))
            .collect();
        Workload {
            scenario,
            feeds,
            crash_every_ms: Some(30_000),
            tick_ms: TICK_MS,
        }
    }

    /// The scaling grid's cell: `brokers` brokers, one topic of `partitions` partitions, 10 msg/s each.
    pub fn grid(brokers: u32, partitions: u32, sim_ms: u64) -> Workload {
        let ids: Vec<BrokerId> = (0..brokers).collect();
        let scenario = scenario(
            "bench-grid",
            sim_ms,
            &ids,
            &[("t", partitions)],
            &[("p1", "all")],
            &[("c1", "g1")],
        );
        Workload {
            scenario,
            feeds: vec![feed("p1", "t", 10 * u64::from(partitions))],
            crash_every_ms: None,
            tick_ms: TICK_MS,
        }
    }

    /// A fresh `Sim` of this workload at time 0.
    pub fn start(&self) -> Sim {
        Sim::new(&self.scenario).expect("benchmark scenarios are valid")
    }

    /// Drives `sim` with this workload's load and faults up to `until_ms`.
    pub fn drive(&self, sim: &mut Sim, until_ms: u64) -> (u64, u64) {
        let brokers = &self.scenario.cluster.brokers;
        let (mut messages, mut refused) = (0u64, 0u64);
        let mut owed = vec![0u64; self.feeds.len()];
        let tick = self.tick_ms;
        let mut t = sim.now() - sim.now() % tick;
        let mut value = 0u64;
        while t < until_ms {
            t += tick;
            sim.run_until(t);
            for (i, f) in self.feeds.iter().enumerate() {
                owed[i] += f.per_second * tick;
                let count = owed[i] / 1_000;
                owed[i] %= 1_000;
                if count == 0 {
                    continue;
                }
                value += 1;
                let produce = Action::Produce {
                    producer: f.producer.clone(),
                    topic: f.topic.clone(),
                    partition: None,
                    value: format!("v{value}"),
                    acks: None,
                    count: Some(count as u32),
                };
                match sim.apply(produce) {
                    Ok(()) => messages += count,
                    Err(_) => refused += 1,
                }
            }
            if let Some(a) = self
                .crash_every_ms
                .and_then(|every| fault_at(t, every, brokers))
            {
                if sim.apply(a).is_err() {
                    refused += 1;
                }
            }
        }
        (messages, refused)
    }

    /// Runs this workload from time 0 for `sim_ms` and measures it.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn measure(&self, sim_ms: u64) -> (RunFigures, Sim) {
        let mut sim = self.start();
        let steps_before = sim.steps();
        let started = cpu_time::ThreadTime::now();
        let (messages, refused) = self.drive(&mut sim, sim_ms);
        let cpu_s = started.elapsed().as_secs_f64();
        let figures = RunFigures {
            steps: sim.steps() - steps_before,
            cpu_s,
            sim_ms,
            messages,
            refused,
        };
        (figures, sim)
    }
}

/// The fault due at `t`: every `every` ms one broker crashes, cycling through `brokers`,
/// and half a period later it restarts.
fn fault_at(t: u64, every: u64, brokers: &[BrokerId]) -> Option<Action> {
    let victim = brokers[((t / every) as usize) % brokers.len()];
    match t % every {
        0 if t > 0 => Some(Action::Crash { broker: victim }),
        r if r == every / 2 && t > every => Some(Action::Restart { broker: victim }),
        _ => None,
    }
}

fn feed(producer: &str, topic: &str, per_second: u64) -> Feed {
    Feed {
        producer: producer.to_string(),
        topic: topic.to_string(),
        per_second,
    }
}

fn scenario(
    id: &str,
    sim_ms: u64,
    brokers: &[BrokerId],
    topics: &[(&str, u32)],
    producers: &[(&str, &str)],
    consumers: &[(&str, &str)],
) -> Scenario {
    let topic_names: Vec<&str> = topics.iter().map(|t| t.0).collect();
    let value = json!({
        "id": id,
        "title": {"en": id, "zh": id},
        "seed": 1,
        "end_ms": sim_ms + 60_000,
        "cluster": {"brokers": brokers, "protocol": "3.7"},
        "topics": topics.iter().map(|(name, partitions)| json!({
            "name": name, "partitions": partitions, "replication_factor": 3,
            "config": {"min.insync.replicas": 2}
        })).collect::<Vec<_>>(),
        "producers": producers.iter().map(|(name, acks)| json!({"name": name, "acks": acks})).collect::<Vec<_>>(),
        "consumers": consumers.iter().map(|(name, group)| json!({
            "name": name, "group": group, "topics": topic_names
        })).collect::<Vec<_>>(),
    });
    Scenario::from_json(&value.to_string()).expect("benchmark scenarios are valid")
}

#[cfg(test)]
mod tests {
    use super::{fault_at, Workload};
    use isrlab_sim::Action;

    #[test]
    fn w1_sends_a_thousand_messages_per_simulated_second() {
        let (f, sim) = Workload::w1(2_000).measure(2_000);
        assert_eq!(f.messages, 2_000);
        assert_eq!(f.refused, 0);
        assert!(sim.ledger().len() >= 2_000);
    }

    #[test]
    fn w2_sends_four_thousand_messages_per_simulated_second() {
        let (f, _) = Workload::w2(1_000).measure(1_000);
        assert_eq!(f.messages, 4_000);
    }

    #[test]
    fn a_broker_crashes_every_period_and_restarts_half_a_period_later() {
        let brokers = [4, 7, 9];
        let due: Vec<_> = (1..=10)
            .filter_map(|i| fault_at(i * 15_000, 30_000, &brokers).map(|a| (i * 15_000, a)))
            .collect();
        assert_eq!(
            due,
            vec![
                (30_000, Action::Crash { broker: 7 }),
                (45_000, Action::Restart { broker: 7 }),
                (60_000, Action::Crash { broker: 9 }),
                (75_000, Action::Restart { broker: 9 }),
                (90_000, Action::Crash { broker: 4 }),
                (105_000, Action::Restart { broker: 4 }),
                (120_000, Action::Crash { broker: 7 }),
                (135_000, Action::Restart { broker: 7 }),
                (150_000, Action::Crash { broker: 9 }),
            ]
        );
    }
}
