#![cfg(not(target_arch = "wasm32"))]
//! Native server-side renders of the event log against the events of
//! `scenarios/acks1-leader-dies.json`: a plain sentence per event, with its cause,
//! in both languages.

use isrlab::components::event_log::{EventLog, EventLogProps};
use isrlab::i18n::Lang;
use isrlab::run::Run;
use isrlab::scenarios;
use isrlab::sentences::Names;
use std::rc::Rc;
use yew::{Callback, LocalServerRenderer};

fn render(lang: Lang) -> (String, usize) {
    let mut run = Run::from_json(&scenarios::by_id("acks1-leader-dies").unwrap()).unwrap();
    run.advance_by(25_000);
    let events = run.events().to_vec();
    let n = events.len();
    let props = EventLogProps {
        events: Rc::new(events),
        names: Rc::new(Names {
            producers: vec!["p1".into()],
            consumers: vec![],
            messages: run
                .ledger()
                .iter()
                .map(|m| (m.id, m.value.clone()))
                .collect(),
        }),
        partitions: Rc::new(vec!["orders-0".into()]),
        lang,
        on_jump: Callback::noop(),
    };
    let html = futures::executor::block_on(
        LocalServerRenderer::<EventLog>::with_props(props)
            .hydratable(false)
            .render(),
    );
    (html, n)
}

#[test]
fn every_event_gets_a_row_newest_first_with_its_cause() {
    let (html, n) = render(Lang::En);
    let rows = html.matches("data-testid=\"event\"").count();
    assert_eq!(rows, n.min(250));
    assert!(
        html.contains("Broker 0 went down: process crash"),
        "crash with its cause"
    );
    assert!(
        html.contains(
            "ACKNOWLEDGED message m2 of orders-0 is LOST from every replica (truncated)."
        ),
        "the acknowledged loss"
    );
    assert!(
        html.contains("p1 was told its 1 record(s) at orders-0 offset 1 succeeded."),
        "m2's acknowledgement"
    );
    let times: Vec<u64> = html
        .split("data-time-ms=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().parse().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
}

#[test]
fn the_same_events_read_in_chinese() {
    let (html, _) = render(Lang::Zh);
    assert!(html.contains("Broker 0 宕机：进程崩溃"));
    assert!(html.contains("orders-0 的已确认消息 m2 已从所有副本丢失（被截断）！"));
    assert!(!html.contains("went down"));
}
