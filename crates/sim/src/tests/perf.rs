//! Throughput measurement (run with `cargo test --release -p isrlab-sim -- --ignored --nocapture perf`).

use crate::scenario::Scenario;
use crate::sim::Sim;

/// A busy cluster: 6 brokers, 30 partitions RF 3, a producer sending 10 records every 20 ms.
pub fn busy_scenario(end_ms: u64) -> Scenario {
    let actions: Vec<String> = (1..end_ms / 20)
        .map(|i| format!(r#"{{"at_ms":{},"do":"produce","producer":"p","topic":"t","value":"v{i}","count":10}}"#, i * 20))
        .collect();
    let json = format!(
        r#"{{"id":"perf","title":{{"en":"p","zh":"p"}},"seed":1,"end_ms":{end_ms},
        "cluster":{{"brokers":[1,2,3,4,5,6],"protocol":"3.7"}},
        "topics":[{{"name":"t","partitions":30,"replication_factor":3}}],
        "producers":[{{"name":"p","acks":"all"}}],
        "consumers":[{{"name":"c","group":"g","topics":["t"]}}],
        "actions":[{}]}}"#,
        actions.join(",")
    );
    serde_json::from_str(&json).expect("valid")
}

#[test]
#[ignore]
fn perf_events_per_second() {
    let s = busy_scenario(600_000);
    let mut sim = Sim::new(&s).unwrap();
    let t0 = std::time::Instant::now();
    while sim.step() {}
    let dt = t0.elapsed().as_secs_f64();
    println!(
        "steps {} in {:.3}s = {:.0} events/s; ledger {} messages; events {}; clone of final state {:?}",
        sim.steps(),
        dt,
        sim.steps() as f64 / dt,
        sim.ledger().len(),
        sim.events().len(),
        {
            let t = std::time::Instant::now();
            let c = sim.clone();
            let e = t.elapsed();
            drop(c);
            e
        }
    );
}

#[test]
#[ignore]
fn perf_default_scenario_step_and_clone() {
    let s = crate::Scenario::from_json(include_str!("../../../../scenarios/default.json"))
        .expect("valid");
    let mut sim = Sim::new(&s).unwrap();
    let t0 = std::time::Instant::now();
    while sim.step() {}
    let dt = t0.elapsed();
    let t1 = std::time::Instant::now();
    let clones: Vec<Sim> = (0..100).map(|_| sim.clone()).collect();
    let per_clone = t1.elapsed() / 100;
    drop(clones);
    println!(
        "default scenario: {} steps in {:?}; {} events; clone {:?}",
        sim.steps(),
        dt,
        sim.events().len(),
        per_clone
    );
}
