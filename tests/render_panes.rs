#![cfg(not(target_arch = "wasm32"))]
//! Native renders of the layout's new pieces: the tabbed panes, the broker picker of the
//! faults pane, the drawing of a nine-broker cluster (compact tiles, topic headings and
//! filter, legend, zoom), consumers added during a run with their lag, and client names
//! that agree between the drawing and the network panel.

use isrlab::components::broker_pick::{BrokerPick, BrokerPickProps};
use isrlab::components::cluster_view::{ClusterView, ClusterViewProps};
use isrlab::components::network_panel::{NetworkPanel, NetworkPanelProps};
use isrlab::components::panes::{Pane, PaneTabs, PaneTabsProps};
use isrlab::i18n::Lang;
use isrlab::layout::client_names;
use isrlab::run::{Run, DEFAULT_SCENARIO};
use isrlab::scenarios;
use isrlab_sim::view::ClusterView as View;
use isrlab_sim::{Action, NodeId};
use std::rc::Rc;
use yew::{html, BaseComponent, Callback, LocalServerRenderer};

fn render<C: BaseComponent>(props: C::Properties) -> String {
    futures::executor::block_on(LocalServerRenderer::<C>::with_props(props).hydratable(false).render())
}

fn drawing(view: View, lang: Lang) -> String {
    render::<ClusterView>(ClusterViewProps {
        view: Rc::new(view),
        selected: 0,
        menu_broker: None,
        lang,
        on_select: Callback::noop(),
        on_broker: Callback::noop(),
        on_message: Callback::noop(),
        reduced_motion: false,
        show_control: true,
        on_action: Callback::noop(),
    })
}

/// The opening tags of every element carrying `data-testid="{id}"`.
fn tags<'a>(html: &'a str, id: &str) -> Vec<&'a str> {
    let marker = format!("data-testid=\"{id}\"");
    html.match_indices(&marker)
        .map(|(i, _)| {
            let start = html[..i].rfind('<').unwrap();
            &html[start..=i + html[i..].find('>').unwrap()]
        })
        .collect()
}

fn pane(id: &'static str, text: &'static str) -> Pane {
    Pane { id, label: "pane.produce", body: html! { <p>{ text }</p> } }
}

#[test]
fn the_tab_bar_lists_every_pane_and_shows_only_the_active_one() {
    let html = render::<PaneTabs>(PaneTabsProps {
        panes: vec![pane("produce", "A"), pane("network", "B"), pane("events", "C")],
        active: "network".into(),
        lang: Lang::En,
        on_pick: Callback::noop(),
    });
    let tabs = tags(&html, "tab");
    assert_eq!(tabs.len(), 3);
    let selected: Vec<_> = tabs.iter().filter(|t| t.contains("aria-selected=\"true\"")).collect();
    assert_eq!(selected.len(), 1);
    assert!(selected[0].contains("data-tab=\"network\""));
    for (id, hidden) in [("produce", true), ("network", false), ("events", true)] {
        let marker = format!("data-pane=\"{id}\"");
        let at = html.find(&marker).unwrap_or_else(|| panic!("pane {id}"));
        let tag = &html[html[..at].rfind('<').unwrap()..at + html[at..].find('>').unwrap()];
        assert_eq!(tag.contains("hidden"), hidden, "{id}: {tag}");
    }
    // Inactive panes stay in the page (hidden), so their forms keep what was typed.
    assert!(html.contains(">A<") && html.contains(">B<") && html.contains(">C<"));
}

#[test]
fn an_unknown_active_pane_falls_back_to_the_first() {
    let html = render::<PaneTabs>(PaneTabsProps {
        panes: vec![pane("produce", "A"), pane("events", "C")],
        active: "explorer".into(),
        lang: Lang::Zh,
        on_pick: Callback::noop(),
    });
    let selected: Vec<_> = tags(&html, "tab").into_iter().filter(|t| t.contains("aria-selected=\"true\"")).collect();
    assert_eq!(selected.len(), 1);
    assert!(selected[0].contains("data-tab=\"produce\""));
    assert!(html.contains("生产"), "labels are translated");
}

#[test]
fn the_faults_pane_offers_every_broker_before_one_is_chosen() {
    let html = render::<BrokerPick>(BrokerPickProps { brokers: vec![0, 1, 2, 3, 4], lang: Lang::En, on_pick: Callback::noop() });
    let buttons = tags(&html, "broker-pick-button");
    assert_eq!(buttons.len(), 5);
    assert!(buttons[4].contains("data-broker-id=\"4\"") && html.contains(">Broker 4<"));
}

#[test]
fn nine_brokers_and_36_partitions_are_drawn_as_tiles_under_topic_headings_with_a_legend_and_a_filter() {
    let mut run = Run::from_json(scenarios::by_id("nine-brokers").unwrap()).unwrap();
    run.advance_by(3_000);
    let view = run.view();
    let html = drawing(view.clone(), Lang::En);
    assert_eq!(tags(&html, "broker").len(), 9);
    let chips = tags(&html, "replica");
    assert_eq!(chips.len(), 108, "36 partitions × RF 3");
    assert!(chips.iter().all(|c| c.contains("compact")), "compact tiles");
    assert_eq!(chips.iter().filter(|c| c.contains("data-role=\"leader\"")).count(), 36, "one leader each");
    assert!(html.matches("topic-heading").count() >= 9, "a heading per topic in every broker");
    for topic in ["orders", "payments", "clicks"] {
        assert!(html.contains(&format!(">{topic}<")), "{topic} heading or filter option");
    }
    assert_eq!(tags(&html, "topic-filter").len(), 1);
    assert_eq!(tags(&html, "chip-legend").len(), 1);
    assert!(tags(&html, "zoom-in")[0].contains("button"));
    // The role is still in words, in each tile's tooltip.
    assert!(html.contains("orders-0 · leader · in ISR"));
}

#[test]
fn a_consumer_added_during_the_run_is_drawn_with_its_lag_and_a_removed_one_is_not() {
    let mut run = Run::from_json(DEFAULT_SCENARIO).unwrap();
    run.advance_by(1_000);
    run.apply(Action::RemoveConsumer { name: "c1".into() }).unwrap();
    run.apply(Action::AddConsumer { name: "late".into(), group: "audit".into(), topics: vec!["orders".into()], commit: Default::default() })
        .unwrap();
    run.advance_by(5_000);
    let view = run.view();
    let html = drawing(view.clone(), Lang::En);
    let clients = tags(&html, "client");
    assert_eq!(clients.len(), 2, "p1 and the added consumer");
    // Its node is the core's (consumer 1), not its place in the view's list (0).
    assert!(clients.iter().any(|c| c.contains("data-node=\"consumer-1\"")), "{clients:?}");
    assert!(html.contains("late · audit") && !html.contains("c1 · billing"));
    let lag = view.consumers[0].lag;
    assert!(html.contains(&format!("consumer · lag {lag}")), "the core's lag is written");
    let zh = drawing(view, Lang::Zh);
    assert!(zh.contains(&format!("消费者 · 滞后 {lag} 条")));
}

#[test]
fn the_network_panel_names_clients_as_the_drawing_does() {
    let mut run = Run::from_json(DEFAULT_SCENARIO).unwrap();
    run.advance_by(1_000);
    run.apply(Action::SetManualNetwork { on: true }).unwrap();
    run.apply(Action::Produce { producer: "p1".into(), topic: "orders".into(), partition: Some(0), value: "x".into(), acks: None, count: None })
        .unwrap();
    run.advance_by(200);
    let view = run.view();
    let p1 = NodeId::Producer(0);
    assert!(view.in_flight.iter().any(|m| m.held && (m.from == p1 || m.to == p1)), "a held message of p1");
    let html = render::<NetworkPanel>(NetworkPanelProps {
        manual: true,
        in_flight: Rc::new(view.in_flight.clone()),
        cuts: Rc::new(vec![]),
        brokers: Rc::new(view.brokers.clone()),
        lang: Lang::En,
        on_action: Callback::noop(),
        show_control: true,
        on_toggle_control: Callback::noop(),
        clients: Rc::new(client_names(&view)),
    });
    assert!(html.contains("→ p1<") || html.contains(">p1 →"), "the held message names p1");
    assert!(!html.contains("producer 0"));
}
