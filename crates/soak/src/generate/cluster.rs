//! The static part of a generated scenario: brokers (ids not always `0..n`), protocol,
//! configs, network, 1–3 topics with RF 3–5 placed by Kafka, by the textbook rule or
//! explicitly, and 1–3 producers and 0–3 consumers.

use super::{places, settings};
use crate::class::Class;
use crate::draw::Draw;
use isrlab_sim::placement::PlacementRule;
use isrlab_sim::scenario::{
    ClusterSpec, CommitMode, ConsumerSpec, NetworkSpec, ProducerSpec, Text, TopicSpec,
};
use isrlab_sim::{Acks, Scenario};
use std::collections::BTreeMap;

/// Most partitions a schedule has over all its topics (keeps each run fast).
const MAX_PARTITIONS: u32 = 6;

/// A scenario without actions for `class`, seeded with `seed`.
pub fn skeleton(d: &mut Draw, class: Class, seed: u64) -> Scenario {
    let n = d.range(3, 6);
    let brokers: Vec<u32> = if d.chance(0.5) {
        (0..n as u32).collect()
    } else {
        let pool: Vec<u32> = (0..=20).collect();
        d.shuffled(&pool).into_iter().take(n as usize).collect()
    };
    let config = settings::cluster(d, class, n);
    let cluster_min_isr = config.contains_key("min.insync.replicas");
    let network = NetworkSpec {
        latency_ms: d.range(1, 20),
        jitter_ms: d.range(0, 10),
        loss: if d.chance(0.3) {
            d.range(1, 50) as f64 / 1000.0
        } else {
            0.0
        },
        manual: d.chance(0.05),
        cross_rack_ms: 0,
        cross_zone_ms: 0,
        cross_region_ms: 0,
    };
    let mut topics = draw_topics(d, class, &brokers, cluster_min_isr);
    let producers = (0..d.range(1, 3))
        .map(|i| {
            let acks = if class.strict() {
                Acks::All
            } else {
                *d.pick(&[Acks::None, Acks::Leader, Acks::All])
            };
            ProducerSpec {
                name: format!("p{i}"),
                acks,
                config: settings::producer(d, acks),
            }
        })
        .collect();
    let mut consumers: Vec<ConsumerSpec> = (0..d.range(0, 3))
        .map(|i| draw_consumer(d, i, &topics))
        .collect();
    let end_ms = d.range(40_000, 100_000);
    let mut cluster = ClusterSpec {
        brokers,
        protocol: d.pick(class.protocols()).to_string(),
        config,
        network,
        racks: BTreeMap::new(),
        zones: BTreeMap::new(),
        regions: BTreeMap::new(),
    };
    places::draw_racks(d, &mut cluster, &mut topics, &mut consumers);
    Scenario {
        id: format!("soak-{}-{seed:016x}", class.name()),
        title: Text {
            en: format!("soak schedule {seed:016x} ({})", class.name()),
            zh: format!("soak 随机调度 {seed:016x}（{}）", class.name()),
        },
        description: Text::default(),
        seed,
        end_ms,
        cluster,
        topics,
        producers,
        consumers,
        actions: Vec::new(),
        guide: Vec::new(),
    }
}

fn draw_topics(
    d: &mut Draw,
    class: Class,
    brokers: &[u32],
    cluster_min_isr: bool,
) -> Vec<TopicSpec> {
    let n = brokers.len() as u64;
    let mut left = MAX_PARTITIONS;
    let mut topics = Vec::new();
    for i in 0..d.range(1, 3) {
        if left == 0 {
            break;
        }
        let partitions = d.range(1, left.min(3) as u64) as u32;
        left -= partitions;
        let rf = d.range(3, n.min(5));
        let mut t = TopicSpec {
            name: format!("t{i}"),
            partitions,
            replication_factor: rf as u32,
            placement: PlacementRule::Kafka,
            start_index: None,
            assignment: None,
            config: settings::topic(d, class, rf, cluster_min_isr),
        };
        match d.index(4) {
            0 => {}
            1 => t.start_index = Some(d.range(0, n - 1) as u32),
            2 => t.placement = PlacementRule::Textbook,
            _ => {
                let explicit: BTreeMap<u32, Vec<u32>> = (0..partitions)
                    .map(|p| {
                        (
                            p,
                            d.shuffled(brokers).into_iter().take(rf as usize).collect(),
                        )
                    })
                    .collect();
                t.assignment = Some(explicit);
            }
        }
        topics.push(t);
    }
    topics
}

fn draw_consumer(d: &mut Draw, i: u64, topics: &[TopicSpec]) -> ConsumerSpec {
    let mut subscribed: Vec<String> = topics
        .iter()
        .filter(|_| d.chance(0.6))
        .map(|t| t.name.clone())
        .collect();
    if subscribed.is_empty() {
        subscribed.push(d.pick(topics).name.clone());
    }
    ConsumerSpec {
        name: format!("c{i}"),
        group: format!("g{}", d.range(0, 1)),
        topics: subscribed,
        commit: *d.pick(&[CommitMode::BeforeProcessing, CommitMode::AfterProcessing]),
        joined: d.chance(0.8),
        config: settings::consumer(d),
    }
}
