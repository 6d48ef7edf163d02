#![cfg(not(target_arch = "wasm32"))]
//! Native server-side renders of the lanes panel over `scenarios/acks1-leader-dies.json`
//! with the "acks 0 vs 1 vs all" preset: three lanes, the counts apart once the leader
//! died, m2 lost in the acks=1 lane only, the exposure chart in each, in both languages.

use isrlab::components::lanes::{LanesPanel, LanesPanelProps};
use isrlab::i18n::Lang;
use isrlab::lab::Lab;
use isrlab::lanes::Lanes;
use isrlab::run::Run;
use isrlab::scenarios;
use std::rc::Rc;
use yew::LocalServerRenderer;

fn render(t: u64, lang: Lang) -> String {
    let mut main =
        Lab::open(Run::from_json(&scenarios::by_id("acks1-leader-dies").unwrap()).unwrap());
    let mut lanes = Lanes::default();
    lanes.pick(Some("acks"), &main);
    main.travel_to(t);
    lanes.follow(&main);
    let props = LanesPanelProps {
        preset: lanes.preset_id(),
        lanes: Rc::new(lanes.views(0)),
        error: None,
        lang,
        on_pick: Default::default(),
    };
    futures::executor::block_on(
        LocalServerRenderer::<LanesPanel>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

/// The `data-value` of lane `value`'s count `name`.
fn count(html: &str, lane: &str, name: &str) -> u64 {
    let start = html
        .find(&format!(
            "data-testid=\"lane\" data-key=\"acks\" data-value=\"{lane}\""
        ))
        .unwrap();
    let rest = &html[start..];
    let at = rest
        .find(&format!("data-name=\"{name}\" data-value=\""))
        .unwrap();
    let tail = &rest[at + format!("data-name=\"{name}\" data-value=\"").len()..];
    tail[..tail.find('"').unwrap()].parse().unwrap()
}

#[test]
fn three_lanes_whose_counts_diverge_once_the_leader_died() {
    let html = render(24_000, Lang::En);
    assert_eq!(html.matches("data-testid=\"lane\"").count(), 3);
    assert_eq!(html.matches("data-testid=\"exposure-chart\"").count(), 3);
    assert!(html.contains("acks 0 vs 1 vs all"));
    assert_eq!(count(&html, "1", "lost"), 1, "acks=1 lost m2");
    assert_eq!(count(&html, "all", "lost"), 0);
    assert!(count(&html, "1", "acknowledged") > count(&html, "0", "acknowledged"));
    assert!(html.contains("data-testid=\"lane-lost\" data-value=\"m2\""));
    // In the acks=all lane m2 is on no replica but was never acknowledged: listed, marked
    // as not counted, so "lost 0" and the list agree. In the acks=1 lane it counts.
    let lane_at = |v: &str| {
        html.find(&format!(
            "data-testid=\"lane\" data-key=\"acks\" data-value=\"{v}\""
        ))
        .unwrap()
    };
    let (one, all) = (&html[lane_at("1")..lane_at("all")], &html[lane_at("all")..]);
    let chip_of = |lane: &str| {
        let chip = &lane[lane
            .find("data-testid=\"lane-lost\" data-value=\"m2\"")
            .unwrap()..];
        chip[..chip.find('>').unwrap()].to_string()
    };
    assert!(chip_of(all).contains("data-counted=\"false\""));
    assert!(!chip_of(one).contains("data-counted"));
}

#[test]
fn the_acks_1_lane_shows_m2_at_risk_on_the_cut_off_leader_and_the_chart_counts_it() {
    let html = render(2_500, Lang::Zh);
    let acks1 = &html[html.find("data-value=\"1\" data-time-ms").unwrap()..];
    let acks1 = &acks1[..acks1
        .find("data-testid=\"lane\" data-key")
        .unwrap_or(acks1.len())];
    assert!(acks1.contains("data-state=\"acked-at-risk\" data-value=\"m2\""));
    assert!(acks1.contains("data-testid=\"exposure-chart\" data-now=\"1\""));
    assert!(
        html.contains("已确认") && html.contains("当前 1 条"),
        "Chinese labels"
    );
}
