//! Idempotent producers under load (KIP-360): a leader crash resolves each producer's
//! unknown or out-of-order sequences with at most one epoch bump, not one per failed
//! batch, and the brokers keep one producer-state entry per producer id.

use super::support::*;
use crate::events::{EventKind, KafkaError};
use crate::scenario::Scenario;

/// 9 brokers, one topic of 36 partitions (RF 3, min ISR 2), 4 idempotent acks=all producers
/// each sending a burst of 8 records (round-robin over the partitions) every 200 ms from
/// 1 s to 30 s, and broker 0 crashing at 10 s (it leads some partitions and follows others,
/// whose HW then waits for the ISR to shrink).
fn loaded_cluster_with_a_leader_crash() -> Scenario {
    let mut actions = Vec::new();
    for t in (1000..30_000).step_by(200) {
        for p in 0..4 {
            actions.push(format!(r#"{{"at_ms":{t},"do":"produce","producer":"p{p}","topic":"t","value":"v{p}-{t}","count":8}}"#));
        }
        if t == 10_000 {
            actions.push(r#"{"at_ms":10000,"do":"crash","broker":0}"#.to_string());
        }
    }
    let producers: Vec<String> = (0..4)
        .map(|p| format!(r#"{{"name":"p{p}","acks":"all","config":{{"enable.idempotence":true,"request.timeout.ms":3000}}}}"#))
        .collect();
    let json = format!(
        r#"{{"id":"storm","title":{{"en":"t","zh":"t"}},"seed":11,"end_ms":60000,
        "cluster":{{"brokers":[0,1,2,3,4,5,6,7,8],"protocol":"3.7","config":{{}},
                    "network":{{"latency_ms":2,"jitter_ms":3,"loss":0.0,"manual":false}}}},
        "topics":[{{"name":"t","partitions":36,"replication_factor":3,"start_index":0,"config":{{"min.insync.replicas":2}}}}],
        "producers":[{}],
        "actions":[{}]}}"#,
        producers.join(","),
        actions.join(",")
    );
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_leader_crash_under_load_costs_each_idempotent_producer_at_most_one_epoch_bump_kip_360() {
    let sim = run(&loaded_cluster_with_a_leader_crash());
    let led_by_0 = sim
        .events()
        .iter()
        .any(|e| matches!(&e.kind, EventKind::BecameLeader { broker: 0, .. }));
    assert!(led_by_0, "premise: broker 0 led partitions when it crashed");
    for p in &sim.producers {
        assert!(
            p.epoch_bumps <= 1,
            "{}: {} epoch bumps",
            p.name,
            p.epoch_bumps
        );
        assert!(p.batches.is_empty(), "{}: every batch finished", p.name);
    }
    // Before KIP-360's one bump and the five in-flight batches per partition, this run
    // answered thousands of OUT_OF_ORDER_SEQUENCE_NUMBER and duplicated over a thousand
    // records; what is left comes from batches reordered by the links' jitter.
    let out_of_order = count(&sim, |k| {
        matches!(
            k,
            EventKind::ProduceError {
                error: KafkaError::OUT_OF_ORDER_SEQUENCE_NUMBER,
                ..
            }
        )
    });
    let batches = count(&sim, |k| matches!(k, EventKind::Appended { .. })) + out_of_order;
    assert!(
        out_of_order * 8 < batches,
        "OUT_OF_ORDER_SEQUENCE_NUMBER {out_of_order} times for {batches} batches"
    );
    assert!(sim
        .ledger()
        .iter()
        .all(|m| m.acknowledged_at.is_some() && m.lost_at.is_none() && m.duplicates == 0));
    assert!(sim.violations().is_empty(), "{:#?}", sim.violations());
    // ProducerStateManager: one entry per producer id on every replica, however many batches.
    for b in &sim.brokers {
        for r in b.replicas.iter().flatten() {
            assert!(
                r.producer_state.len() <= 8,
                "at most 4 producers × (1 + 1 bump) ids, got {}",
                r.producer_state.len()
            );
        }
    }
}

/// `producer.id.expiration.ms`: an idle producer id's entry is dropped by the periodic check;
/// its next batch carries a sequence the leader no longer knows (UNKNOWN_PRODUCER_ID in
/// Kafka, out of order here) and costs one epoch bump, then is acknowledged.
#[test]
fn idle_producer_ids_expire_and_the_next_batch_costs_one_epoch_bump() {
    let produce = |at: u64| {
        format!(
            r#"{{"at_ms":{at},"do":"produce","producer":"p","topic":"t","partition":0,"value":"m{at}"}}"#
        )
    };
    let actions = format!("{},{}", produce(1000), produce(10_000));
    let cfg = r#""producer.id.expiration.ms":3000,"producer.id.expiration.check.interval.ms":1000"#;
    let mut sim = crate::sim::Sim::new(&scenario(
        "3.7",
        cfg,
        "",
        "all",
        r#""enable.idempotence":true"#,
        &actions,
        20_000,
    ))
    .unwrap();
    sim.run_until(2000);
    let entries = |sim: &crate::sim::Sim| {
        sim.brokers
            .iter()
            .filter_map(|b| b.replicas[0].as_ref())
            .map(|r| r.producer_state.len())
            .sum::<usize>()
    };
    assert_eq!(entries(&sim), 3, "one entry per replica");
    sim.run_until(8000);
    assert_eq!(entries(&sim), 0, "expired on every replica");
    while sim.step() {}
    assert_eq!(sim.producers[0].epoch_bumps, 1, "{}", dump(&sim));
    assert!(
        sim.ledger().iter().all(|m| m.acknowledged_at.is_some()),
        "{}",
        dump(&sim)
    );
}
