//! Messages in flight, each drawn on its link at the fraction of its trip that
//! virtual time has covered, with its kind written on it; when many are in flight they
//! shrink to dots that show their kind on hover. They travel only the part of a link
//! clear of the boxes at its ends ([`crate::layout::message_point`]), so they never
//! cover a node's label.

use crate::i18n::Lang;
use crate::layout::{message_point, Layout, BUBBLE_H};
use isrlab_sim::view::ClusterView;
use std::rc::Rc;
use yew::prelude::*;

/// What the message layer shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct MessagesProps {
    /// The view (time and messages).
    pub view: Rc<ClusterView>,
    /// Node positions.
    pub layout: Rc<Layout>,
    /// Language.
    pub lang: Lang,
    /// Click on a message.
    pub on_message: Callback<u64>,
    /// Draw messages still, half-way along their link, instead of moving.
    pub reduced_motion: bool,
    /// Whether control-plane messages are drawn.
    pub show_control: bool,
}

/// Whether a message kind belongs to the control plane (coordination service,
/// controller requests, metadata) rather than to the data path (produce, fetch).
pub fn is_control(kind: &str) -> bool {
    kind.starts_with("Zk")
        || kind.starts_with("ControlledShutdown")
        || kind.starts_with("Metadata")
        || matches!(
            kind.trim_end_matches("Response"),
            "LeaderAndIsr" | "UpdateMetadata" | "StopReplica"
        )
}

/// More messages in flight than this are drawn as dots.
const MAX_BUBBLES: usize = 12;

/// The moving layer of the cluster drawing.
#[function_component(Messages)]
pub fn messages(p: &MessagesProps) -> Html {
    let now = p.view.time_ms;
    let shown: Vec<_> = p
        .view
        .in_flight
        .iter()
        .filter(|m| p.show_control || !is_control(&m.kind))
        .collect();
    let dots = shown.len() > MAX_BUBBLES;
    shown
        .into_iter()
        .filter_map(|m| {
            let route = p.layout.route(m.from, m.to)?;
            let span = m.deliver_at.saturating_sub(m.sent_at).max(1) as f64;
            let t = if m.held || p.reduced_motion { 0.5 } else { now.saturating_sub(m.sent_at) as f64 / span };
            let (x, y) = message_point(route, t);
            let onclick = {
                let (cb, id) = (p.on_message.clone(), m.id);
                Callback::from(move |_| cb.emit(id))
            };
            let label = m.kind.clone();
            let w = label.len() as f64 * 6.0 + 12.0;
            let class = classes!(
                "message",
                format!("kind-{}", label.to_ascii_lowercase()),
                m.held.then_some("held"),
                dots.then_some("dot")
            );
            let h = BUBBLE_H;
            Some(html! {
                <g key={m.id} class={class} data-testid="message" data-message-id={m.id.to_string()}
                   data-kind={label.clone()} transform={format!("translate({x:.1},{y:.1})")} onclick={onclick}
                   role="button" tabindex="0" aria-label={p.lang.tf("message.aria", &[("kind", &label), ("id", &m.id)])}>
                    <title>{ label.clone() }</title>
                    if dots {
                        <circle class="message-dot" r="5" />
                    }
                    <rect class="message-pill" x={(-w / 2.0).to_string()} y={(-h / 2.0).to_string()} width={w.to_string()}
                        height={h.to_string()} rx={(h / 2.0).to_string()} />
                    <text class="message-label" y="4" text-anchor="middle">{ label }</text>
                </g>
            })
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::is_control;

    #[test]
    fn data_path_messages_are_not_control_plane() {
        for k in [
            "Produce",
            "ProduceResponse",
            "Fetch",
            "FetchResponse",
            "ConsumerFetch",
            "OffsetsForLeaderEpoch",
        ] {
            assert!(!is_control(k), "{k}");
        }
        for k in [
            "ZkPing",
            "LeaderAndIsr",
            "UpdateMetadata",
            "UpdateMetadataResponse",
            "LeaderAndIsrResponse",
            "StopReplicaResponse",
            "Metadata",
            "ControlledShutdownResponse",
        ] {
            assert!(is_control(k), "{k}");
        }
    }
}
