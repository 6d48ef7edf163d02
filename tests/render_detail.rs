#![cfg(not(target_arch = "wasm32"))]
//! Native server-side renders of the partition detail and its log rulers against
//! known core states of `scenarios/acks1-leader-dies.json`: before the crash m2 is
//! acknowledged but at risk on the cut-off leader; after the new leader wins it is lost.

use isrlab::components::partition_detail::{PartitionDetail, PartitionDetailProps};
use isrlab::i18n::Lang;
use isrlab::run::Run;
use isrlab::scenarios;
use std::rc::Rc;
use yew::LocalServerRenderer;

fn render_at(t: u64, lang: Lang) -> String {
    render_scenario_at("acks1-leader-dies", t, lang)
}

fn render_scenario_at(id: &str, t: u64, lang: Lang) -> String {
    let mut run = Run::from_json(&scenarios::by_id(id).unwrap()).unwrap();
    run.advance_by(t);
    let props = PartitionDetailProps {
        partition: run.view().partitions[0].clone(),
        ledger: Rc::new(run.ledger().to_vec()),
        events: Rc::new(run.events().to_vec()),
        lang,
    };
    futures::executor::block_on(
        LocalServerRenderer::<PartitionDetail>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

/// The `(value, state)` of each cell of the ruler of `broker`, in offset order.
fn cells(html: &str, broker: u32) -> Vec<(String, String)> {
    let start = html
        .find(&format!(
            "data-testid=\"log-ruler\" data-broker-id=\"{broker}\""
        ))
        .unwrap();
    let rest = &html[start..];
    let end = rest[1..]
        .find("data-testid=\"log-ruler\"")
        .map_or(rest.len(), |i| i + 1);
    let attr = |tag: &str, name: &str| -> String {
        let from = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[from..].split('"').next().unwrap().to_string()
    };
    rest[..end]
        .split("data-testid=\"log-cell\"")
        .skip(1)
        .map(|tag| {
            let tag = &tag[..tag.find('>').unwrap()];
            (attr(tag, "data-value"), attr(tag, "data-state"))
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn before_the_crash_m2_is_acknowledged_but_at_risk_on_the_leader_only() {
    let html = render_at(2_500, Lang::En);
    assert_eq!(html.matches("data-testid=\"log-ruler\"").count(), 3);
    assert_eq!(
        cells(&html, 0),
        pairs(&[("m1", "committed"), ("m2", "acked-at-risk")])
    );
    assert_eq!(cells(&html, 1), pairs(&[("m1", "committed")]));
    assert_eq!(cells(&html, 2), pairs(&[("m1", "committed")]));
    // Leader 0: HW 1 (only m1 committed), LEO 2.
    let leader = &html[html
        .find("data-testid=\"log-ruler\" data-broker-id=\"0\"")
        .unwrap()..];
    assert!(leader.contains("data-testid=\"marker-hw\" data-offset=\"1\""));
    assert!(leader.contains("data-testid=\"marker-leo\" data-offset=\"2\""));
    assert!(!html.contains("data-testid=\"lost-message\""));
}

#[test]
fn after_the_new_leader_wins_m2_is_listed_lost_and_marked_acknowledged() {
    let html = render_at(20_000, Lang::En);
    assert!(html.contains("data-testid=\"lost-message\" data-value=\"m2\""));
    assert!(html.contains("acknowledged!"));
    for broker in 0..3 {
        assert_eq!(
            cells(&html, broker),
            pairs(&[("m1", "committed"), ("m3", "committed")]),
            "broker {broker}"
        );
    }
    assert!(
        html.contains("data-testid=\"isr\">[0, 1, 2]<"),
        "broker 0 rejoined the ISR"
    );
}

#[test]
fn the_detail_speaks_chinese() {
    let html = render_at(2_500, Lang::Zh);
    assert!(html.contains("已确认但有风险") && html.contains("分区 orders-0"));
    assert!(!html.contains("acknowledged but at risk"));
}

/// KIP-101's loss on the 0.10 preset: the restarted follower truncates to its high
/// watermark; the core's `Truncated` event names the offsets, drawn as ghost cells.
#[test]
fn records_truncated_from_a_replica_are_drawn_as_ghost_cells() {
    let mut run = Run::from_json(&scenarios::by_id("kip101-hw-truncation").unwrap()).unwrap();
    run.advance_by(run.end_ms());
    let truncated: u64 = run
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            isrlab_sim::EventKind::Truncated { tp, removed, .. } if tp.partition == 0 => {
                Some(*removed)
            }
            _ => None,
        })
        .sum();
    assert!(truncated > 0, "the scenario truncates partition 0");
    let html = render_scenario_at("kip101-hw-truncation", run.end_ms(), Lang::En);
    let ghosts = html.matches("data-testid=\"ghost-cell\"").count() as u64;
    assert!(
        ghosts > 0 && ghosts <= truncated,
        "{ghosts} ghost cells for {truncated} truncated records"
    );
    assert!(html.contains("data-state=\"truncated\""));
}

/// `crates/sim/tests/scenarios/retention.json` at 70 s: retention moved the log start
/// offset of logs-0 to 80 on brokers 0 and 1, and broker 2 (back at 50 s, restarted at its
/// leader's log start 60) followed its leader's to 80 (KIP-107).
#[test]
fn the_ruler_marks_the_log_start_offset_and_the_slots_retention_deleted() {
    for (lang, words) in [
        (Lang::En, "deleted by retention"),
        (Lang::Zh, "保留策略删除"),
    ] {
        let mut run =
            Run::from_json(include_str!("../crates/sim/tests/scenarios/retention.json")).unwrap();
        run.advance_by(70_000);
        let props = PartitionDetailProps {
            partition: run.view().partitions[0].clone(),
            ledger: Rc::new(run.ledger().to_vec()),
            events: Rc::new(run.events().to_vec()),
            lang,
        };
        let html = futures::executor::block_on(
            LocalServerRenderer::<PartitionDetail>::with_props(props)
                .hydratable(false)
                .render(),
        );
        let starts: Vec<&str> = html
            .split("data-testid=\"marker-log-start\" data-offset=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap())
            .collect();
        assert_eq!(starts, ["80", "80", "80"], "{lang:?}");
        assert_eq!(
            cells(&html, 0).len(),
            10,
            "only the active segment 80-89 is left"
        );
        assert_eq!(
            html.matches("data-testid=\"deleted-cell\" data-count=\"80\"")
                .count(),
            3,
            "one block over the 80 deleted offsets of each replica"
        );
        assert!(html.contains(words), "{lang:?}");
    }
}

/// A long log (1,000 records, as a busy hour keeps thousands) draws its newest
/// `WINDOW` offsets as cells after one fold, and its markers by column in that window.
#[test]
fn a_long_log_draws_its_newest_offsets_after_one_fold_that_counts_the_rest() {
    use isrlab::cells::Cell;
    use isrlab::components::log_ruler::{LogRuler, LogRulerProps};
    use isrlab::ruler_window::{Window, FOLD_COLUMNS, WINDOW};
    use isrlab_sim::record_state::RecordState;
    let slots = 1_001;
    let w = Window::newest(slots);
    let props = LogRulerProps {
        broker: 0,
        leader: true,
        in_isr: true,
        alive: true,
        cells: (0..1_000)
            .map(|offset| Cell {
                offset,
                epoch: 0,
                value: format!("m{offset}"),
                state: RecordState::Committed,
            })
            .collect(),
        ghosts: Vec::new(),
        log_start: 0,
        hw: 990,
        leo: 1_000,
        flushed: 12,
        segments: Vec::new(),
        power_lost: Vec::new(),
        slots,
        from: w.from,
        lang: Lang::En,
    };
    let html = futures::executor::block_on(
        LocalServerRenderer::<LogRuler>::with_props(props)
            .hydratable(false)
            .render(),
    );
    let drawn = cells(&html, 0);
    assert_eq!(
        drawn.len() as u64,
        1_000 - w.from,
        "the newest offsets only"
    );
    assert_eq!(drawn[0].0, format!("m{}", w.from));
    assert!(html.contains(&format!(
        "data-testid=\"folded-cell\" data-count=\"{}\" data-kept=\"{}\"",
        w.from, w.from
    )));
    assert!(html.contains(&format!("--slots: {}", FOLD_COLUMNS + WINDOW)));
    let hw_column = FOLD_COLUMNS + 990 - w.from;
    assert!(html.contains(&format!("--at: {hw_column}\" data-testid=\"marker-hw\"")));
    // The flushed offset is before the window: at the fold's edge.
    assert!(html.contains("--at: 0\" data-testid=\"marker-flushed\""));
}
