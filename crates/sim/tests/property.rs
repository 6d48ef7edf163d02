//! Property tests over random fault schedules, each generated from a seed.
//! - Safe configurations (acks=all, min.insync.replicas >= 2, unclean election off,
//!   protocol >= 2.0, no power or disk loss): no acknowledged message is ever lost and
//!   the core reports no invariant violation; with and without the idempotent producer.
//! - Any configuration (acks 0/1, min ISR 1, unclean election, old truncation, power and
//!   disk loss): never a panic, and the ledger, the events and the view agree.
//!
//! Seeds per property: `ISRLAB_PROPERTY_SEEDS` if set, else 1000 in debug builds (about
//! 35 s for the three sweeps on 2 shared cores) and 5000 in release builds; the counts run are
//! printed (`cargo test -- --nocapture`). A failing schedule is written to a temporary
//! file to replay with `isrlab run FILE --events`.
#![cfg(not(target_arch = "wasm32"))]

use isrlab_sim::events::EventKind;
use isrlab_sim::rng::SimRng;
use isrlab_sim::scenario::TimedAction;
use isrlab_sim::{Action, Scenario, ScriptState, Sim};
use serde_json::{json, Value};
use std::collections::BTreeSet;

const END_MS: u64 = 40_000;

fn seeds() -> u64 {
    let default = if cfg!(debug_assertions) { 1000 } else { 5000 };
    std::env::var("ISRLAB_PROPERTY_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Which faults and settings a generated scenario may use.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    /// acks=all, min ISR 2, unclean off, protocol >= 2.0, no power or disk loss.
    Safe,
    /// The same with the idempotent producer (the default since 3.0).
    SafeIdempotent,
    /// Anything, losses included.
    Any,
}

fn pick<'a, T>(rng: &mut SimRng, items: &'a [T]) -> &'a T {
    &items[rng.below(items.len() as u32) as usize]
}

/// A random scenario: 3–5 brokers, one or two topics, and 4–16 timed faults and produces.
/// Each fault is kept only if the core's action check ([`ScriptState`], what the earlier
/// actions say about the cluster) accepts it; otherwise a produce takes its place.
fn generate(seed: u64, mode: Mode) -> Scenario {
    let mut rng = SimRng::new(seed);
    let n = 3 + rng.below(3);
    let brokers: Vec<u32> = (0..n).collect();
    let safe = mode != Mode::Any;
    let protocol = if safe {
        *pick(&mut rng, &["2.0", "2.5", "3.7"])
    } else {
        *pick(&mut rng, &["0.8", "0.10", "0.11", "2.0", "3.7"])
    };
    let min_isr = if safe { 2 } else { 1 + rng.below(2) };
    let unclean = !safe && rng.below(2) == 0;
    let acks = if safe {
        "all"
    } else {
        *pick(&mut rng, &["0", "1", "all"])
    };
    let partitions = 1 + rng.below(3);
    let idempotence = match mode {
        Mode::Safe => false,
        Mode::SafeIdempotent => true,
        // An explicit `true` with acks other than all is Kafka's ConfigException.
        Mode::Any => (rng.below(2) == 0) && acks == "all",
    };
    let mut v: Value = json!({
        "id": format!("prop-{seed}"),
        "title": {"en": "generated", "zh": "生成的"},
        "seed": seed,
        "end_ms": END_MS,
        "cluster": {
            "brokers": brokers,
            "protocol": protocol,
            "config": {"zookeeper.session.timeout.ms": 4000, "replica.lag.time.max.ms": 6000}
        },
        "topics": [{
            "name": "t", "partitions": partitions, "replication_factor": 3,
            "config": {"min.insync.replicas": min_isr, "unclean.leader.election.enable": unclean}
        }],
        "producers": [{"name": "p", "acks": acks, "config": {"enable.idempotence": idempotence}}],
        "consumers": [{"name": "c", "group": "g", "topics": ["t"]}, {"name": "d", "group": "g", "topics": ["t"]}]
    });
    let cluster = Scenario::from_json(&v.to_string())
        .unwrap_or_else(|e| panic!("seed {seed}: generated cluster refused: {e}"));
    let mut script = ScriptState::new(&cluster).expect("the generated config is valid");
    let mut actions = Vec::new();
    let mut t = 500;
    let mut value = 0;
    let steps = 4 + rng.below(13);
    for _ in 0..steps {
        t += 200 + rng.below(3000) as u64;
        if t > END_MS - 5_000 {
            break;
        }
        let b = rng.below(n);
        let other = (b + 1 + rng.below(n - 1)) % n;
        let mut faults = vec![
            "produce",
            "produce",
            "crash",
            "restart",
            "pause",
            "resume",
            "slow",
            "cut",
            "heal",
            "controlled_shutdown",
            "preferred_election",
            "consumer_crash",
            "consumer_restart",
        ];
        if !safe {
            faults.extend(["power_loss", "disk_loss", "unclean_election"]);
        }
        let kind = *pick(&mut rng, &faults);
        let fault = match kind {
            "crash"
            | "power_loss"
            | "disk_loss"
            | "restart"
            | "pause"
            | "resume"
            | "controlled_shutdown" => Some(json!({"do": kind, "broker": b})),
            "slow" => Some(
                json!({"do": "slow", "broker": b, "extra_latency_ms": rng.below(4) as u64 * 1000}),
            ),
            "cut" | "heal" => {
                let kind = if rng.below(2) == 0 { "cut" } else { "heal" };
                let to = if rng.below(4) == 0 {
                    json!("Zookeeper")
                } else {
                    json!({"Broker": other})
                };
                Some(
                    json!({"do": kind, "from": {"Broker": b}, "to": to, "both_ways": rng.below(2) == 0}),
                )
            }
            "preferred_election" => Some(json!({"do": "preferred_election"})),
            "consumer_crash" | "consumer_restart" => {
                Some(json!({"do": kind, "consumer": *pick(&mut rng, &["c", "d"])}))
            }
            "unclean_election" => Some(
                json!({"do": "unclean_election", "topic": "t", "partition": rng.below(partitions)}),
            ),
            _ => None,
        };
        let fault = fault
            .map(|f| serde_json::from_value::<Action>(f).expect("a well-formed action"))
            .filter(|a| script.check(a).is_ok());
        // A produce, or in place of a fault the cluster cannot take in its state.
        let action = fault.unwrap_or_else(|| {
            value += 1;
            let count = 1 + rng.below(4);
            Action::Produce {
                producer: "p".into(),
                topic: "t".into(),
                partition: None,
                value: format!("v{value}"),
                acks: None,
                count: Some(count),
            }
        });
        script.record(&action);
        actions.push(TimedAction { at_ms: t, action });
    }
    v["cluster"]["network"] = json!({"latency_ms": 2 + rng.below(8) as u64, "jitter_ms": rng.below(5) as u64, "loss": 0.0, "manual": false});
    v["actions"] = serde_json::to_value(&actions).expect("actions serialize");
    Scenario::from_json(&v.to_string())
        .unwrap_or_else(|e| panic!("seed {seed}: generated scenario refused: {e}"))
}

/// Runs a generated scenario to its end. Actions the core refuses at run time (a pause
/// after a controlled shutdown has finished, an election with no active controller) are
/// part of the schedule: the core reports each as an `ActionRefused` event.
fn run(seed: u64, mode: Mode) -> Sim {
    let s = generate(seed, mode);
    let mut sim = Sim::new(&s).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    sim.run_until(END_MS);
    sim
}

/// The generated scenario as a file, to replay a failure with `isrlab run FILE --events`.
fn reproduce(seed: u64, mode: Mode) -> String {
    let text = serde_json::to_string_pretty(&generate(seed, mode)).expect("a scenario serializes");
    let path = std::env::temp_dir().join(format!("isrlab-property-{mode:?}-{seed}.json"));
    match std::fs::write(&path, &text) {
        Ok(()) => format!("replay: isrlab run {} --events", path.display()),
        Err(_) => text,
    }
}

/// The ledger, the events and the view tell one consistent story.
fn check_consistency(seed: u64, sim: &Sim) {
    let view = sim.view();
    let brokers: BTreeSet<u32> = view.brokers.iter().map(|b| b.id).collect();
    let lost_events: BTreeSet<u64> = sim
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::MessageLost { message, .. } => Some(*message),
            _ => None,
        })
        .collect();
    for m in sim.ledger() {
        let ctx = || format!("seed {seed}: {m:#?}");
        if let Some(at) = m.acknowledged_at {
            assert!(at >= m.sent_at, "{}", ctx());
        }
        if let Some(at) = m.committed_at {
            assert!(at >= m.sent_at, "{}", ctx());
        }
        if m.acks == isrlab_sim::Acks::None {
            assert!(
                m.error.is_none(),
                "acks=0 is never told of an error: {}",
                ctx()
            );
        }
        assert!(m.held_by.iter().all(|b| brokers.contains(b)), "{}", ctx());
        let distinct: BTreeSet<_> = m.held_by.iter().collect();
        assert_eq!(distinct.len(), m.held_by.len(), "{}", ctx());
        if m.lost_at.is_some() {
            assert!(m.held_by.is_empty(), "lost but still held: {}", ctx());
            assert!(
                lost_events.contains(&m.id),
                "loss without a MessageLost event: {}",
                ctx()
            );
        }
    }
    for p in &view.partitions {
        if let Some(leader) = p.leader {
            assert!(
                p.replicas.contains(&leader),
                "seed {seed}: leader outside AR: {p:#?}"
            );
        }
        assert!(
            p.isr.iter().all(|b| p.replicas.contains(b)),
            "seed {seed}: ISR outside AR: {p:#?}"
        );
        for r in &p.replica_states {
            assert!(
                r.high_watermark <= r.log_end_offset,
                "seed {seed}: HW > LEO: {p:#?}"
            );
            assert_eq!(
                r.log.len() as u64,
                r.log_end_offset - r.log.first().map_or(r.log_end_offset, |x| x.offset)
            );
        }
    }
}

/// Checks one safe schedule: nothing acknowledged lost, no violation, consistent reports.
fn check_safe(seed: u64, mode: Mode) -> usize {
    let sim = run(seed, mode);
    for m in sim.ledger().iter() {
        let lost = m.acknowledged_at.is_some() && m.lost_at.is_some();
        assert!(
            !lost,
            "seed {seed}: acknowledged and lost: {m:#?}\n{}",
            reproduce(seed, mode)
        );
    }
    let violations = sim.violations();
    assert!(
        violations.is_empty(),
        "seed {seed}: {violations:#?}\n{}",
        reproduce(seed, mode)
    );
    check_consistency(seed, &sim);
    sim.ledger().len()
}

#[test]
fn safe_configurations_never_lose_an_acknowledged_message() {
    let n = seeds();
    let produced: usize = (0..n).map(|seed| check_safe(seed, Mode::Safe)).sum();
    println!("property: {n} safe schedules run, {produced} messages produced");
}

/// The same sweep with the idempotent producer (the default since 3.0). It found the
/// core's phantom acknowledgement of a truncated batch (seeds 182, 348, 705, ...) and the
/// HW moving past an ISR expansion in flight (seed 503), both fixed on `core`.
#[test]
fn safe_configurations_with_idempotent_producers_never_lose_an_acknowledged_message() {
    let n = seeds();
    let produced: usize = (0..n)
        .map(|seed| check_safe(seed, Mode::SafeIdempotent))
        .sum();
    println!("property: {n} safe idempotent schedules run, {produced} messages produced");
}

#[test]
fn any_configuration_never_panics_and_reports_consistently() {
    let n = seeds();
    let (mut lost, mut violations) = (0, 0);
    for seed in 0..n {
        let sim = run(1_000_000 + seed, Mode::Any);
        check_consistency(seed, &sim);
        lost += sim.ledger().iter().filter(|m| m.lost_at.is_some()).count();
        violations += sim.violations().len();
    }
    println!(
        "property: {n} unsafe schedules run, {lost} losses and {violations} violations reported"
    );
}

/// A generated schedule replays bit for bit.
#[test]
fn generated_schedules_are_deterministic() {
    for seed in 0..20 {
        assert_eq!(
            run(seed, Mode::Any).trace_hash(),
            run(seed, Mode::Any).trace_hash(),
            "seed {seed}"
        );
    }
}
