#![cfg(not(target_arch = "wasm32"))]
//! Native server-side renders of the partition detail and its log rulers against a
//! known core state: cell states, HW/LEO markers, lost messages, ISR reasons.

use isrlab::components::partition_detail::{PartitionDetail, PartitionDetailProps};
use isrlab::i18n::Lang;
use isrlab_sim::ledger::MessageRecord;
use isrlab_sim::view::{PartitionView, RecordView, ReplicaView};
use isrlab_sim::TopicPartition;
use std::rc::Rc;
use yew::LocalServerRenderer;

fn tp() -> TopicPartition {
    TopicPartition {
        topic: "orders".into(),
        partition: 0,
    }
}

fn replica(broker: u32, leader: bool, values: &[&str], hw: u64) -> ReplicaView {
    ReplicaView {
        broker,
        alive: true,
        is_leader: leader,
        log_end_offset: values.len() as u64,
        high_watermark: hw,
        log: values
            .iter()
            .enumerate()
            .map(|(i, v)| RecordView {
                offset: i as u64,
                epoch: if i < 2 { 0 } else { 1 },
                value: v.to_string(),
            })
            .collect(),
    }
}

fn message(value: &str, acked: bool, lost: bool) -> MessageRecord {
    MessageRecord {
        id: 0,
        value: value.into(),
        tp: tp(),
        acks: 1,
        sent_at: 0,
        acknowledged_at: acked.then_some(10),
        error: None,
        committed_at: None,
        lost_at: lost.then_some(20),
        held_by: vec![],
        duplicates: 0,
        consumed_by: vec![],
    }
}

/// Leader 1 holds m1..m3 with HW 2 (m3 acknowledged with acks=1, not yet replicated);
/// follower 2 is in the ISR with m1, m2; follower 0 fell out with only m1; m0 was lost.
fn render(lang: Lang) -> String {
    let partition = PartitionView {
        tp: tp(),
        replicas: vec![1, 2, 0],
        leader: Some(1),
        leader_epoch: 1,
        isr: vec![1, 2],
        high_watermark: 2,
        replica_states: vec![
            replica(1, true, &["m1", "m2", "m3"], 2),
            replica(2, false, &["m1", "m2"], 2),
            replica(0, false, &["m1"], 1),
        ],
    };
    let ledger = vec![
        message("m0", true, true),
        message("m1", true, false),
        message("m2", true, false),
        message("m3", true, false),
    ];
    let props = PartitionDetailProps {
        partition,
        ledger: Rc::new(ledger),
        lang,
    };
    futures::executor::block_on(
        LocalServerRenderer::<PartitionDetail>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

/// The `data-state` of each cell of the ruler of `broker`, in offset order.
fn states(html: &str, broker: u32) -> Vec<String> {
    let start = html
        .find(&format!(
            "data-testid=\"log-ruler\" data-broker-id=\"{broker}\""
        ))
        .unwrap();
    let rest = &html[start..];
    let end = rest[1..]
        .find("data-testid=\"log-ruler\"")
        .map_or(rest.len(), |i| i + 1);
    rest[..end]
        .split("data-state=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

#[test]
fn rulers_mark_committed_and_acknowledged_at_risk_cells() {
    let html = render(Lang::En);
    assert_eq!(html.matches("data-testid=\"log-ruler\"").count(), 3);
    assert_eq!(
        states(&html, 1),
        ["committed", "committed", "acked-at-risk"]
    );
    assert_eq!(states(&html, 2), ["committed", "committed"]);
    assert_eq!(states(&html, 0), ["committed"]);
}

#[test]
fn hw_and_leo_markers_sit_at_each_replicas_offsets() {
    let html = render(Lang::En);
    assert!(html.contains("data-testid=\"marker-hw\" data-offset=\"2\""));
    assert!(html.contains("data-testid=\"marker-leo\" data-offset=\"3\""));
    assert!(html.contains("data-testid=\"marker-leo\" data-offset=\"1\""));
}

#[test]
fn lost_messages_isr_reasons_and_epoch_cache_are_shown() {
    let html = render(Lang::En);
    assert!(html.contains("data-testid=\"lost-message\" data-value=\"m0\""));
    assert!(html.contains("data-testid=\"isr\">[1, 2]<"));
    assert!(
        html.contains("out of the ISR: 2 records behind"),
        "why broker 0 is out"
    );
    // Leader epoch cache of the leader: epoch 0 from offset 0, epoch 1 from offset 2.
    assert!(html.contains("<tr><td>0</td><td>0</td></tr><tr><td>1</td><td>2</td></tr>"));
}

#[test]
fn the_detail_speaks_chinese() {
    let html = render(Lang::Zh);
    assert!(html.contains("已确认但有风险") && html.contains("不在 ISR 中"));
}
