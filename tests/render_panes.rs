#![cfg(not(target_arch = "wasm32"))]
//! Native renders of the layout's new pieces: the tabbed panes, the broker picker of the
//! faults pane, client names in the network panel as the drawing writes them, and the
//! console pane in both languages (its typing, completion and history are browser
//! behaviour: tests/e2e/console.test.mjs).

use isrlab::components::broker_pick::{BrokerPick, BrokerPickProps};
use isrlab::components::console::{Console, ConsoleProps};
use isrlab::components::network_panel::{NetworkPanel, NetworkPanelProps};
use isrlab::components::panes::{Pane, PaneTabs, PaneTabsProps};
use isrlab::i18n::Lang;
use isrlab::layout::client_names;
use isrlab::refusals;
use isrlab::run::Run;
use isrlab::scenarios;
use isrlab_sim::{Action, NodeId};
use std::rc::Rc;
use yew::{html, BaseComponent, Callback, LocalServerRenderer};

fn render<C: BaseComponent>(props: C::Properties) -> String {
    futures::executor::block_on(
        LocalServerRenderer::<C>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

/// The opening tags (up to their first `>`) of the elements whose test id is `id`.
fn tags<'a>(html: &'a str, id: &str) -> Vec<&'a str> {
    html.split('<')
        .filter(|t| t.contains(&format!("data-testid=\"{id}\"")))
        .map(|t| t.split('>').next().unwrap_or(t))
        .collect()
}

fn pane(id: &'static str, text: &'static str) -> Pane {
    Pane {
        id,
        label: "pane.produce",
        body: html! { <p>{ text }</p> },
    }
}

#[test]
fn the_tab_bar_lists_every_pane_and_shows_only_the_active_one() {
    let html = render::<PaneTabs>(PaneTabsProps {
        panes: vec![
            pane("produce", "A"),
            pane("network", "B"),
            pane("events", "C"),
        ],
        active: "network".into(),
        lang: Lang::En,
        on_pick: Callback::noop(),
    });
    let tabs = tags(&html, "tab");
    assert_eq!(tabs.len(), 3);
    let selected: Vec<_> = tabs
        .iter()
        .filter(|t| t.contains("aria-selected=\"true\""))
        .collect();
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
    let selected: Vec<_> = tags(&html, "tab")
        .into_iter()
        .filter(|t| t.contains("aria-selected=\"true\""))
        .collect();
    assert_eq!(selected.len(), 1);
    assert!(selected[0].contains("data-tab=\"produce\""));
    assert!(html.contains("生产"), "labels are translated");
}

#[test]
fn the_faults_pane_offers_every_broker_before_one_is_chosen() {
    let run = Run::from_json(&scenarios::by_id("nine-brokers").unwrap()).unwrap();
    let html = render::<BrokerPick>(BrokerPickProps {
        brokers: run.view().brokers,
        lang: Lang::En,
        on_pick: Callback::noop(),
        check: Callback::from(|_| None),
        on_action: Callback::noop(),
    });
    let buttons = tags(&html, "broker-pick-button");
    assert_eq!(buttons.len(), 9);
    assert!(buttons[4].contains("data-broker-id=\"4\"") && html.contains(">Broker 4<"));
    assert!(tags(&html, "place").is_empty(), "no racks, no rack faults");
}

// With racks, each rack and each zone gets a row with its two faults, refused ones
// disabled with the core's reason beside them.
#[test]
fn the_faults_pane_offers_each_rack_and_zone_down() {
    let run = Run::from_json(&scenarios::by_id("stretched-cluster").unwrap()).unwrap();
    let sim = run.sim().clone();
    let check = Callback::from(move |a: Action| sim.check_action(&a).err().map(|e| e.to_string()));
    let html = render::<BrokerPick>(BrokerPickProps {
        brokers: run.view().brokers,
        lang: Lang::Zh,
        on_pick: Callback::noop(),
        check,
        on_action: Callback::noop(),
    });
    let rows = tags(&html, "place");
    assert_eq!(rows.len(), 6, "three racks, three zones");
    assert!(rows[3].contains("data-place=\"zone-a\""));
    assert_eq!(tags(&html, "zone-power-loss").len(), 3);
    assert!(html.contains("可用区 zone-a") && html.contains("断电"));
}

#[test]
fn the_network_panel_names_clients_as_the_drawing_does() {
    let mut run = Run::from_json(&scenarios::by_id("default").unwrap()).unwrap();
    run.advance_by(1_000);
    run.apply(Action::SetManualNetwork { on: true }).unwrap();
    run.apply(Action::Produce {
        producer: "p1".into(),
        topic: "orders".into(),
        partition: Some(0),
        value: "x".into(),
        acks: None,
        count: None,
    })
    .unwrap();
    run.advance_by(200);
    let view = run.view();
    let p1 = NodeId::Producer(0);
    assert!(
        view.in_flight
            .iter()
            .any(|m| m.held && (m.from == p1 || m.to == p1)),
        "a held message of p1"
    );
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
        check: {
            let run = run.clone();
            Callback::from(move |a: Action| {
                run.check(&a).err().map(|e| refusals::refusal(&e, Lang::En))
            })
        },
    });
    assert!(
        html.contains("→ p1<") || html.contains(">p1 →"),
        "the held message names p1"
    );
    assert!(!html.contains("producer 0"));
}

#[test]
fn the_console_speaks_the_pages_language_around_kafkas_english_tools() {
    for (lang, intro, run) in [
        (Lang::En, "Kafka's own command-line tools", "Run"),
        (Lang::Zh, "Kafka 自带的命令行工具", "运行"),
    ] {
        let html = render::<Console>(ConsoleProps {
            run: Callback::from(|(_, files)| (isrlab_tools::Outcome::ok(""), files)),
            names: Default::default(),
            lang,
        });
        assert!(html.contains(intro), "{html}");
        assert!(html.contains(&format!(">{run}</button>")), "{html}");
        assert!(html.contains("data-testid=\"console-input\""));
        assert!(html.contains("placeholder=\"kafka-topics.sh --describe\""));
        assert!(html.contains("data-testid=\"console-output\""));
        assert!(
            !html.contains("console-result"),
            "no output before a command"
        );
    }
}
