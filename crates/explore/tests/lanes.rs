//! Lanes: the variants of a preset differ in their one setting only, every preset fits
//! every built-in scenario (or says which lane does not), and the known shapes hold on
//! acks1-leader-dies: acks=1 loses an acknowledged message, acks=all with
//! `min.insync.replicas=2`, unclean election off and protocol 3.7 loses none.

mod common;

use isrlab_explore::lanes::{lanes, preset, Lane, PRESETS};
use isrlab_explore::written::written_and_lost_count;
use isrlab_sim::{Acks, Sim};

fn run_to_end(lane: &Lane) -> Sim {
    let mut sim = Sim::new(&lane.scenario).unwrap();
    sim.run_until(lane.scenario.end_ms);
    sim
}

fn acked_lost(sim: &Sim) -> usize {
    let lost =
        |m: &&isrlab_sim::ledger::MessageRecord| m.acknowledged_at.is_some() && m.lost_at.is_some();
    sim.ledger().iter().filter(lost).count()
}

#[test]
fn acks_lanes_on_the_leader_dies_scenario_show_loss_at_acks_1_and_none_at_all_with_min_isr_2() {
    let mut base = common::scenario("../../scenarios/acks1-leader-dies.json");
    base.cluster
        .config
        .insert("min.insync.replicas".into(), 2.into());
    let lanes = lanes(&base, preset("acks").unwrap()).unwrap();
    let values: Vec<&str> = lanes.iter().map(|l| l.value.as_str()).collect();
    assert_eq!(values, ["0", "1", "all"]);
    let sims: Vec<Sim> = lanes.iter().map(run_to_end).collect();
    assert!(
        acked_lost(&sims[1]) > 0,
        "acks=1 loses an acknowledged message"
    );
    assert_eq!(
        acked_lost(&sims[2]),
        0,
        "acks=all, min ISR 2, clean, 3.7: no acknowledged loss"
    );
    assert!(
        written_and_lost_count(&sims[0]) >= written_and_lost_count(&sims[2]),
        "acks=0 loses at least what acks=all does"
    );
    // Same workload and seed: every lane sent the same messages.
    let sent: Vec<usize> = sims.iter().map(|s| s.ledger().iter().count()).collect();
    assert!(sent.iter().all(|&n| n == sent[0]), "{sent:?}");
}

#[test]
fn each_lane_differs_from_the_base_in_its_one_setting_only() {
    let base = common::scenario("../../scenarios/default.json");
    for p in PRESETS {
        for lane in lanes(&base, p).unwrap() {
            let mut s = lane.scenario.clone();
            assert_eq!(
                (s.seed, &s.actions, &s.topics),
                (base.seed, &base.actions, &base.topics)
            );
            s.cluster.config.remove(lane.key);
            s.cluster.protocol = base.cluster.protocol.clone();
            for (mine, theirs) in s.producers.iter_mut().zip(&base.producers) {
                mine.config.retain(|k, _| theirs.config.contains_key(k));
                mine.acks = theirs.acks;
            }
            assert_eq!(s.cluster, base.cluster, "{} {}", p.id, lane.value);
            assert_eq!(s.producers, base.producers, "{} {}", p.id, lane.value);
        }
    }
    let idem = lanes(&base, preset("idempotence").unwrap()).unwrap();
    assert!(idem
        .iter()
        .all(|l| l.scenario.producers.iter().all(|p| p.acks == Acks::All)));
}

#[test]
fn every_preset_builds_on_every_built_in_scenario_or_names_the_lane_that_does_not_fit() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut built = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        let base = common::scenario(&format!("../../scenarios/{name}"));
        for p in PRESETS {
            match lanes(&base, p) {
                Ok(l) => built += usize::from(!l.is_empty()),
                Err(e) => assert!(
                    matches!(e, isrlab_explore::ExploreError::Lane { .. }),
                    "{name} {}: {e}",
                    p.id
                ),
            }
        }
    }
    assert!(built >= 19 * 4, "only {built} lane sets built");
}
