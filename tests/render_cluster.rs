#![cfg(not(target_arch = "wasm32"))]
//! Native server-side renders of the cluster view against known core states.

use isrlab::components::cluster_view::{ClusterView, ClusterViewProps};
use isrlab::i18n::Lang;
use isrlab::run::Run;
use isrlab::scenarios;
use isrlab_sim::view::{BrokerStatus, ClusterView as View};
use isrlab_sim::{Action, NodeId};
use std::rc::Rc;
use yew::{Callback, LocalServerRenderer};

fn render(view: View, lang: Lang) -> String {
    let props = ClusterViewProps {
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
        what_if: None,
        on_what_if: Callback::noop(),
    };
    futures::executor::block_on(
        LocalServerRenderer::<ClusterView>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

/// The default scenario one second in: controller elected, every partition led.
fn default_view() -> View {
    let mut run = Run::from_json(&scenarios::by_id("default").unwrap()).unwrap();
    run.advance_by(1_000);
    run.view()
}

/// The opening tags of every element carrying `data-testid="{id}"`.
fn tags<'a>(html: &'a str, id: &str) -> Vec<&'a str> {
    let marker = format!("data-testid=\"{id}\"");
    html.match_indices(&marker)
        .map(|(i, _)| {
            let start = html[..i].rfind('<').unwrap();
            let end = i + html[i..].find('>').unwrap();
            &html[start..=end]
        })
        .collect()
}

#[test]
fn default_scenario_draws_three_brokers_and_nine_replica_chips_with_roles() {
    let view = default_view();
    let html = render(view.clone(), Lang::En);
    assert_eq!(tags(&html, "cluster").len(), 1);
    let brokers = tags(&html, "broker");
    assert_eq!(brokers.len(), 3);
    assert!(brokers
        .iter()
        .all(|b| b.contains("data-status=\"running\"")));
    let replicas = tags(&html, "replica");
    assert_eq!(replicas.len(), 9);
    // One leader per partition, and it is the leader the core reports.
    for p in &view.partitions {
        let tp = format!("data-tp=\"{}\"", p.tp);
        let leaders: Vec<_> = replicas
            .iter()
            .filter(|r| r.contains(&tp) && r.contains("data-role=\"leader\""))
            .collect();
        assert_eq!(leaders.len(), 1, "{tp}");
        let leader = p.leader.unwrap();
        assert!(
            leaders[0].contains(&format!("data-broker-id=\"{leader}\"")),
            "{tp}"
        );
    }
    assert!(
        html.contains(">leader<") && html.contains(">follower<"),
        "roles are written, not only coloured"
    );
}

#[test]
fn a_down_broker_and_a_replica_out_of_the_isr_are_marked_in_data_and_text() {
    let mut view = default_view();
    view.brokers[1].status = BrokerStatus::Down;
    let p0 = &mut view.partitions[0];
    let out = *p0.replicas.iter().find(|&&b| Some(b) != p0.leader).unwrap();
    p0.isr.retain(|&b| b != out);
    let tp = p0.tp.to_string();
    let html = render(view, Lang::En);
    let down: Vec<_> = tags(&html, "broker")
        .into_iter()
        .filter(|b| b.contains("data-status=\"down\""))
        .collect();
    assert_eq!(down.len(), 1);
    assert!(down[0].contains("data-broker-id=\"1\""));
    let chip = tags(&html, "replica")
        .into_iter()
        .find(|r| {
            r.contains(&format!("data-tp=\"{tp}\""))
                && r.contains(&format!("data-broker-id=\"{out}\""))
        })
        .unwrap();
    assert!(
        chip.contains("data-in-isr=\"false\"") && chip.contains("out-of-isr"),
        "{chip}"
    );
    assert!(html.contains(">out of ISR<") && html.contains(">down"));
}

#[test]
fn messages_in_flight_are_drawn_with_their_kind() {
    // 28 ms into the default scenario, the followers' first Fetch requests are on the wire.
    let mut run = Run::from_json(&scenarios::by_id("default").unwrap()).unwrap();
    run.advance_by(28);
    let view = run.view();
    assert!(!view.in_flight.is_empty());
    let html = render(view.clone(), Lang::En);
    let drawn = tags(&html, "message");
    assert_eq!(drawn.len(), view.in_flight.len());
    for m in &view.in_flight {
        assert!(drawn.iter().any(|t| t.contains(&format!(
            "data-message-id=\"{}\" data-kind=\"{}\"",
            m.id, m.kind
        ))));
    }
}

#[test]
fn chinese_labels_replace_english_ones() {
    let html = render(default_view(), Lang::Zh);
    assert!(html.contains("在 ISR 中") && html.contains("控制器") && html.contains("运行中"));
    assert!(!html.contains(">leader<") && !html.contains(">in ISR<"));
}

#[test]
fn every_link_is_clickable_and_a_cut_one_is_marked_with_its_direction_and_labelled() {
    let mut run = Run::from_json(&scenarios::by_id("default").unwrap()).unwrap();
    run.advance_by(1_000);
    let html = render(run.view(), Lang::En);
    let links = tags(&html, "link");
    assert!(!links.is_empty());
    assert!(links
        .iter()
        .all(|t| t.contains("data-cut=\"none\"") && t.contains("role=\"button\"")));
    assert!(tags(&html, "link-cut-label").is_empty());

    run.apply(Action::Cut {
        from: NodeId::Broker(1),
        to: NodeId::Broker(2),
        both_ways: false,
    })
    .unwrap();
    run.apply(Action::Cut {
        from: NodeId::Zookeeper,
        to: NodeId::Broker(0),
        both_ways: true,
    })
    .unwrap();
    let html = render(run.view(), Lang::En);
    let link = |from: &str, to: &str| {
        tags(&html, "link")
            .into_iter()
            .find(|t| t.contains(&format!("data-from=\"{from}\" data-to=\"{to}\"")))
            .unwrap_or_else(|| panic!("no link {from}-{to}"))
    };
    assert!(link("broker-1", "broker-2").contains("data-cut=\"forward\""));
    assert!(link("zk", "broker-0").contains("data-cut=\"both\""));
    assert!(link("broker-0", "broker-1").contains("data-cut=\"none\""));
    assert!(
        html.contains("✂ cut Broker 1 → Broker 2"),
        "labelled with its direction"
    );
    assert!(html.contains("✂ cut both ways"));
    assert_eq!(tags(&html, "link-cut-label").len(), 2);
}

#[test]
fn nine_brokers_and_36_partitions_are_drawn_as_tiles_under_topic_headings_with_a_legend_and_a_filter(
) {
    let mut run = Run::from_json(&scenarios::by_id("nine-brokers").unwrap()).unwrap();
    run.advance_by(3_000);
    let view = run.view();
    let html = render(view.clone(), Lang::En);
    assert_eq!(tags(&html, "broker").len(), 9);
    let chips = tags(&html, "replica");
    assert_eq!(chips.len(), 108, "36 partitions × RF 3");
    assert!(chips.iter().all(|c| c.contains("compact")), "compact tiles");
    assert_eq!(
        chips
            .iter()
            .filter(|c| c.contains("data-role=\"leader\""))
            .count(),
        36,
        "one leader each"
    );
    assert!(
        html.matches("topic-heading").count() >= 9,
        "a heading per topic in every broker"
    );
    for topic in ["orders", "payments", "clicks"] {
        assert!(
            html.contains(&format!(">{topic}<")),
            "{topic} heading or filter option"
        );
    }
    assert_eq!(tags(&html, "topic-filter").len(), 1);
    assert_eq!(tags(&html, "chip-legend").len(), 1);
    assert!(tags(&html, "zoom-in")[0].contains("button"));
    // The role is still in words, in each tile's tooltip.
    assert!(html.contains("orders-0 · leader · in ISR"));
}

#[test]
fn a_consumer_added_during_the_run_is_drawn_with_its_lag_and_a_removed_one_is_not() {
    let mut run = Run::from_json(&scenarios::by_id("default").unwrap()).unwrap();
    run.advance_by(1_000);
    run.apply(Action::RemoveConsumer { name: "c1".into() })
        .unwrap();
    run.apply(Action::AddConsumer {
        name: "late".into(),
        group: "audit".into(),
        topics: vec!["orders".into()],
        commit: Default::default(),
    })
    .unwrap();
    run.advance_by(5_000);
    let view = run.view();
    let html = render(view.clone(), Lang::En);
    let clients = tags(&html, "client");
    assert_eq!(clients.len(), 2, "p1 and the added consumer");
    // Its node is the core's (consumer 1), not its place in the view's list (0).
    assert!(
        clients
            .iter()
            .any(|c| c.contains("data-node=\"consumer-1\"")),
        "{clients:?}"
    );
    assert!(html.contains("late · audit") && !html.contains("c1 · billing"));
    let lag = view.consumers[0].lag;
    assert!(
        html.contains(&format!("consumer · lag {lag}")),
        "the core's lag is written"
    );
    let zh = render(view, Lang::Zh);
    assert!(zh.contains(&format!("消费者 · 滞后 {lag} 条")));
}
