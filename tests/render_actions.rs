#![cfg(not(target_arch = "wasm32"))]
//! Native renders of the panels that reach every core action (broker faults, admin
//! tools): each button is enabled exactly when the core accepts its action now, and a
//! disabled one says the core's reason beside it.

use isrlab::components::admin_panel::{AdminPanel, AdminPanelProps};
use isrlab::components::broker_panel::{BrokerPanel, BrokerPanelProps};
use isrlab::i18n::Lang;
use isrlab::refusals;
use isrlab::run::Run;
use isrlab::scenarios;
use isrlab_sim::config_keys::BROKER_KEYS;
use isrlab_sim::{Action, NodeId};
use std::rc::Rc;
use yew::{Callback, LocalServerRenderer};

fn default_run() -> Run {
    let mut run = Run::from_json(&scenarios::by_id("default").unwrap()).unwrap();
    run.advance_by(run.boot_ms());
    run
}

fn check(run: &Run, lang: Lang) -> Callback<Action, Option<String>> {
    let run = run.clone();
    Callback::from(move |a: Action| run.check(&a).err().map(|e| refusals::refusal(&e, lang)))
}

fn broker_panel(run: &Run, broker: u32, lang: Lang) -> String {
    let view = run.view();
    let props = BrokerPanelProps {
        broker: view
            .brokers
            .iter()
            .find(|b| b.id == broker)
            .unwrap()
            .clone(),
        cut_from_zk: view
            .cuts
            .contains(&(NodeId::Broker(broker), NodeId::Zookeeper)),
        check: check(run, lang),
        lang,
        on_action: Callback::noop(),
        on_close: Callback::noop(),
    };
    futures::executor::block_on(
        LocalServerRenderer::<BrokerPanel>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

fn admin_panel(run: &Run, lang: Lang) -> String {
    let view = run.view();
    let props = AdminPanelProps {
        partitions: Rc::new(
            view.partitions
                .iter()
                .map(|p| (p.tp.clone(), p.replicas.clone()))
                .collect(),
        ),
        topics: Rc::new(
            run.scenario()
                .topics
                .iter()
                .map(|t| t.name.clone())
                .collect(),
        ),
        config_keys: Rc::new(BROKER_KEYS.iter().map(|k| (*k, false)).collect()),
        check: check(run, lang),
        on_action: Callback::noop(),
        lang,
    };
    futures::executor::block_on(
        LocalServerRenderer::<AdminPanel>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

/// The `<button>` tag with `data-testid=testid` and its offer's text (up to the next offer).
fn offer<'a>(html: &'a str, testid: &str) -> (&'a str, &'a str) {
    let at = html
        .find(&format!("data-testid=\"{testid}\""))
        .unwrap_or_else(|| panic!("{testid} missing"));
    let start = html[..at].rfind('<').unwrap();
    let tag = &html[start..start + html[start..].find('>').unwrap()];
    let rest = &html[start..];
    let end = rest.find("class=\"action-offer\"").unwrap_or(rest.len());
    (tag, &rest[..end])
}

fn enabled(html: &str, testid: &str) -> bool {
    !offer(html, testid).0.contains("disabled")
}

#[test]
fn a_running_brokers_faults_are_the_ones_the_core_accepts() {
    let run = default_run();
    let html = broker_panel(&run, 1, Lang::En);
    let cases = [
        ("fault-crash", Action::Crash { broker: 1 }),
        ("fault-power-loss", Action::PowerLoss { broker: 1 }),
        ("fault-disk-loss", Action::DiskLoss { broker: 1 }),
        ("fault-restart", Action::Restart { broker: 1 }),
        ("fault-pause", Action::Pause { broker: 1 }),
        ("fault-resume", Action::Resume { broker: 1 }),
        (
            "fault-controlled-shutdown",
            Action::ControlledShutdown { broker: 1 },
        ),
        (
            "fault-slow",
            Action::Slow {
                broker: 1,
                extra_latency_ms: 2_000,
            },
        ),
    ];
    for (testid, action) in &cases {
        assert_eq!(
            enabled(&html, testid),
            run.check(action).is_ok(),
            "{testid}"
        );
    }
    assert!(
        enabled(&html, "fault-crash")
            && enabled(&html, "fault-disk-loss")
            && enabled(&html, "fault-slow")
    );
    let (_, restart) = offer(&html, "fault-restart");
    let refused = run.check(&Action::Restart { broker: 1 }).unwrap_err();
    assert!(
        restart.contains("why-disabled")
            && restart.contains(&refusals::refusal(&refused, Lang::En)),
        "{restart}"
    );
    assert!(
        html.contains("data-testid=\"fault-slow-ms\""),
        "slow takes an amount"
    );
}

/// The old panel refused to crash a paused broker; the core accepts it, so now does the panel.
#[test]
fn a_paused_broker_can_be_crashed_because_the_core_accepts_it() {
    let mut run = default_run();
    run.apply(Action::Pause { broker: 2 }).unwrap();
    let html = broker_panel(&run, 2, Lang::Zh);
    assert_eq!(
        enabled(&html, "fault-crash"),
        run.check(&Action::Crash { broker: 2 }).is_ok()
    );
    assert!(enabled(&html, "fault-resume"));
    assert!(!enabled(&html, "fault-restart"));
    let refused = run.check(&Action::Restart { broker: 2 }).unwrap_err();
    let said = refusals::refusal(&refused, Lang::Zh);
    assert!(
        said.contains("Broker 2") && offer(&html, "fault-restart").1.contains(&said),
        "{said}"
    );
}

#[test]
fn the_admin_tools_offer_reassignment_elections_and_every_config_key() {
    let run = default_run();
    let html = admin_panel(&run, Lang::En);
    let p0 = &run.view().partitions[0];
    let (topic, partition) = (p0.tp.topic.clone(), p0.tp.partition);
    let cases = [
        (
            "admin-reassign",
            Action::Reassign {
                topic: topic.clone(),
                partition,
                replicas: p0.replicas.clone(),
            },
        ),
        (
            "admin-preferred",
            Action::PreferredElection {
                topic: Some(topic.clone()),
                partition: Some(partition),
            },
        ),
        (
            "admin-preferred-all",
            Action::PreferredElection {
                topic: None,
                partition: None,
            },
        ),
        (
            "admin-unclean",
            Action::UncleanElection { topic, partition },
        ),
    ];
    for (testid, action) in &cases {
        assert_eq!(
            enabled(&html, testid),
            run.check(action).is_ok(),
            "{testid}"
        );
        assert!(enabled(&html, testid), "{testid} on a booted cluster");
    }
    let (_, set) = offer(&html, "admin-set-config");
    assert!(
        !enabled(&html, "admin-set-config") && set.contains("Type a value."),
        "{set}"
    );
    for key in BROKER_KEYS {
        assert!(
            html.contains(&format!("<option value=\"{key}\"")),
            "{key} offered"
        );
    }
    assert!(
        html.contains("kafka-reassign-partitions.sh") && html.contains("kafka-leader-election.sh")
    );
}

/// Without a controller (every broker down) the core refuses elections: the panel says so.
#[test]
fn elections_without_a_controller_are_refused_with_the_cores_reason() {
    let mut run = default_run();
    for b in 0..3 {
        run.apply(Action::Crash { broker: b }).unwrap();
    }
    run.advance_by(30_000);
    let preferred = Action::PreferredElection {
        topic: None,
        partition: None,
    };
    let html = admin_panel(&run, Lang::En);
    let e = run.check(&preferred).expect_err("no active controller");
    assert!(!enabled(&html, "admin-preferred-all"));
    assert!(offer(&html, "admin-preferred-all")
        .1
        .contains(&refusals::refusal(&e, Lang::En)));
}

fn consumer_panel(run: &Run, lang: Lang) -> String {
    use isrlab::components::consumer_panel::{ConsumerPanel, ConsumerPanelProps};
    let props = ConsumerPanelProps {
        consumers: Rc::new(run.view().consumers.clone()),
        lang,
        topics: Rc::new(
            run.scenario()
                .topics
                .iter()
                .map(|t| t.name.clone())
                .collect(),
        ),
        on_action: Callback::noop(),
        check: check(run, lang),
    };
    futures::executor::block_on(
        LocalServerRenderer::<ConsumerPanel>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

#[test]
fn a_consumer_can_be_crashed_and_restarted_as_the_core_accepts_and_adding_one_needs_a_name() {
    let mut run = default_run();
    let html = consumer_panel(&run, Lang::En);
    assert!(enabled(&html, "consumer-crash") && !enabled(&html, "consumer-restart"));
    let add = Action::AddConsumer {
        name: String::new(),
        group: "billing".into(),
        topics: vec!["orders".into()],
        commit: Default::default(),
    };
    let refused = run.check(&add).unwrap_err();
    assert!(
        !enabled(&html, "consumer-add-live-submit")
            && offer(&html, "consumer-add-live-submit")
                .1
                .contains(&refusals::refusal(&refused, Lang::En))
    );
    run.apply(Action::ConsumerCrash {
        consumer: "c1".into(),
    })
    .unwrap();
    let html = consumer_panel(&run, Lang::En);
    assert!(!enabled(&html, "consumer-crash") && enabled(&html, "consumer-restart"));
}

/// An idempotent producer needs acks=all: the core refuses another per-send acks, so
/// the produce panel does not offer it (issue #8: panels offer what the core accepts).
#[test]
fn the_produce_panel_offers_only_the_acks_the_core_accepts_for_the_producer() {
    use isrlab::components::produce_panel::{ProducePanel, ProducePanelProps};
    let run = default_run();
    let props = ProducePanelProps {
        producers: Rc::new(vec!["p1".to_string()]),
        topics: Rc::new(vec![("orders".to_string(), 3)]),
        produced: 0,
        lang: Lang::En,
        check: check(&run, Lang::En),
        on_action: Callback::noop(),
    };
    let html = futures::executor::block_on(
        LocalServerRenderer::<ProducePanel>::with_props(props)
            .hydratable(false)
            .render(),
    );
    let acks_select = &html[html.find("data-testid=\"produce-acks\"").unwrap()..];
    let option = |v: &str| {
        let at = acks_select.find(&format!("<option value=\"{v}\"")).unwrap();
        acks_select[at..at + acks_select[at..].find('>').unwrap()].to_string()
    };
    let per_send = |acks| Action::Produce {
        producer: "p1".into(),
        topic: "orders".into(),
        partition: None,
        value: "m1".into(),
        acks: Some(acks),
        count: None,
    };
    for (v, acks) in [
        ("0", isrlab_sim::Acks::None),
        ("1", isrlab_sim::Acks::Leader),
        ("all", isrlab_sim::Acks::All),
    ] {
        assert_eq!(
            option(v).contains("disabled"),
            run.check(&per_send(acks)).is_err(),
            "acks={v}: {}",
            option(v)
        );
    }
    assert!(
        option("1").contains("disabled"),
        "p1 of the default scenario is idempotent"
    );
    assert!(enabled(&html, "produce") && enabled(&html, "produce-burst"));
}
