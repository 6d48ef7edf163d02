//! Messages in flight, each drawn on its link at the fraction of its trip that
//! virtual time has covered, with its kind written on it.

use crate::i18n::Lang;
use crate::layout::{along, Layout};
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
        || matches!(kind, "LeaderAndIsr" | "UpdateMetadata" | "StopReplica")
}

/// The moving layer of the cluster drawing.
#[function_component(Messages)]
pub fn messages(p: &MessagesProps) -> Html {
    let now = p.view.time_ms;
    p.view
        .in_flight
        .iter()
        .filter(|m| p.show_control || !is_control(&m.kind))
        .filter_map(|m| {
            let route = p.layout.route(m.from, m.to)?;
            let span = m.deliver_at.saturating_sub(m.sent_at).max(1) as f64;
            let t = if m.held || p.reduced_motion { 0.5 } else { now.saturating_sub(m.sent_at) as f64 / span };
            let (x, y) = along(route, t);
            let onclick = {
                let (cb, id) = (p.on_message.clone(), m.id);
                Callback::from(move |_| cb.emit(id))
            };
            let label = m.kind.clone();
            let w = label.len() as f64 * 6.0 + 12.0;
            let class = classes!("message", format!("kind-{}", label.to_ascii_lowercase()), m.held.then_some("held"));
            Some(html! {
                <g key={m.id} class={class} data-testid="message" data-message-id={m.id.to_string()}
                   data-kind={label.clone()} transform={format!("translate({x:.1},{y:.1})")} onclick={onclick}
                   role="button" tabindex="0" aria-label={p.lang.tf("message.aria", &[("kind", &label), ("id", &m.id)])}>
                    <rect x={(-w / 2.0).to_string()} y="-9" width={w.to_string()} height="18" rx="9" />
                    <text y="4" text-anchor="middle">{ label }</text>
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
            "Metadata",
            "ControlledShutdownResponse",
        ] {
            assert!(is_control(k), "{k}");
        }
    }
}
