#![cfg(not(target_arch = "wasm32"))]
//! Native renders of the explorer's screen parts in both languages: the what-if badges
//! on the cluster drawing carry the core's counts, the list names the lost messages,
//! and the sweep panel is fully translated.

use isrlab::components::cluster_view::{ClusterView, ClusterViewProps};
use isrlab::components::explore::sweep_panel::{SweepPanel, SweepPanelProps};
use isrlab::components::explore::whatif_pane::{WhatIfPane, WhatIfPaneProps};
use isrlab::explore::badges::Badges;
use isrlab::i18n::Lang;
use isrlab::run::Run;
use isrlab::scenarios;
use std::rc::Rc;
use yew::{BaseComponent, Callback, LocalServerRenderer};

fn render<C: BaseComponent>(props: C::Properties) -> String {
    futures::executor::block_on(
        LocalServerRenderer::<C>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

/// acks1-leader-dies just after the leader acknowledged m2 but before followers fetched
/// it: a power loss of the leader loses it (the CLI's `whatif` test says the same).
fn answers_at(t: u64) -> (Run, Rc<isrlab::explore::badges::Answers>) {
    let mut run = Run::from_json(&scenarios::by_id("acks1-leader-dies").unwrap()).unwrap();
    run.advance_by(t);
    let mut badges = Badges::default();
    badges.finish(run.sim());
    let answers = badges.answers().unwrap();
    (run, answers)
}

fn assert_translated(html: &str) {
    for prefix in ["whatif.", "sweep.", "pane."] {
        assert!(
            !html.contains(prefix),
            "untranslated key {prefix}… in {html}"
        );
    }
}

#[test]
fn each_broker_carries_a_badge_with_the_cores_counts() {
    let (run, answers) = answers_at(2_100);
    for lang in [Lang::En, Lang::Zh] {
        let html = render::<ClusterView>(ClusterViewProps {
            view: Rc::new(run.view()),
            selected: 0,
            menu_broker: None,
            lang,
            on_select: Callback::noop(),
            on_broker: Callback::noop(),
            on_message: Callback::noop(),
            reduced_motion: true,
            show_control: true,
            on_action: Callback::noop(),
            what_if: Some(answers.clone()),
            on_what_if: Callback::noop(),
        });
        assert_eq!(html.matches("data-testid=\"whatif-badge\"").count(), 3);
        for b in [0, 1, 2] {
            let counts = answers
                .counts(b)
                .map(|c| c.map_or("—".into(), |n| n.to_string()));
            let attr = format!(
                "data-broker-id=\"{b}\" data-counts=\"{}\"",
                counts.join(",")
            );
            assert!(html.contains(&attr), "{attr} in {html}");
        }
        assert_translated(&html);
    }
}

#[test]
fn the_list_names_each_lost_message_and_offers_show_me() {
    let (_, answers) = answers_at(2_100);
    let lossy = answers
        .list
        .iter()
        .find(|w| !w.lost.is_empty())
        .expect("some fault loses an acknowledged message at 2.1 s");
    for lang in [Lang::En, Lang::Zh] {
        let html = render::<WhatIfPane>(WhatIfPaneProps {
            answers: Some(answers.clone()),
            brokers: vec![0, 1, 2],
            broker: Some(lossy.broker),
            lang,
            on_pick: Callback::noop(),
            on_show: Callback::noop(),
        });
        let row = format!(
            "data-fault=\"{}\" data-lost=\"{}\"",
            lossy.fault.name(),
            lossy.lost.len()
        );
        assert!(html.contains(&row), "{row} in {html}");
        assert_eq!(
            html.matches("data-testid=\"whatif-show\"").count(),
            answers
                .list
                .iter()
                .filter(|w| w.broker == lossy.broker)
                .count()
        );
        for id in &lossy.lost {
            let value = isrlab_explore::written::value_of(&answers.sim, *id).unwrap();
            assert!(html.contains(&format!("<li>{value}</li>")), "{value}");
        }
        assert_translated(&html);
    }
}

#[test]
fn the_sweep_panel_is_translated_and_offers_the_sweep_shape_first() {
    for lang in [Lang::En, Lang::Zh] {
        let html = render::<SweepPanel>(SweepPanelProps {
            scenarios: Rc::new(vec![("default", "Default".into(), "默认".into())]),
            lang,
            on_open: Callback::noop(),
        });
        assert!(html.contains("data-testid=\"sweep-run\""));
        let first = html.find("<option").unwrap();
        assert!(
            html[first..].starts_with("<option value=\"sweep-leader-crash\""),
            "{html}"
        );
        assert_translated(&html);
    }
}
