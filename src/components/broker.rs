//! A broker box: name, process state, controller badge, and its replica chips.

use crate::components::replica_chip::ReplicaChip;
use crate::i18n::Lang;
use crate::layout::{Rect, BROKER_HEAD, CHIP_GAP, CHIP_H};
use isrlab_sim::view::{BrokerStatus, BrokerView, PartitionView};
use yew::prelude::*;

/// The `data-status` value and translation key of a broker state.
pub fn status_code(status: BrokerStatus) -> (&'static str, &'static str) {
    match status {
        BrokerStatus::Running => ("running", "broker.running"),
        BrokerStatus::Down => ("down", "broker.down"),
        BrokerStatus::Paused => ("paused", "broker.paused"),
        BrokerStatus::ShuttingDown => ("shutting-down", "broker.shutting_down"),
    }
}

/// What a broker box shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct BrokerProps {
    /// The broker.
    pub broker: BrokerView,
    /// Controller epoch (shown on the controller's badge).
    pub controller_epoch: u32,
    /// Every partition (the box picks the ones it hosts).
    pub partitions: Vec<PartitionView>,
    /// Where to draw it.
    pub rect: Rect,
    /// Index of the selected partition.
    pub selected: usize,
    /// Whether this broker's action menu is open.
    pub menu_open: bool,
    /// Language.
    pub lang: Lang,
    /// Partition selection.
    pub on_select: Callback<usize>,
    /// Click on the broker itself (opens its action menu).
    pub on_click: Callback<u32>,
}

/// One broker and its replicas.
#[function_component(Broker)]
pub fn broker(p: &BrokerProps) -> Html {
    let b = &p.broker;
    let (code, key) = status_code(b.status);
    let Rect { x, y, w, h } = p.rect;
    let mut class = classes!("broker", code);
    if !b.registered {
        class.push("unregistered");
    }
    if p.menu_open {
        class.push("menu-open");
    }
    let mut badges = vec![p.lang.t(key).to_string()];
    if !b.registered {
        badges.push(p.lang.t("broker.unregistered").to_string());
    }
    let onclick = {
        let (cb, id) = (p.on_click.clone(), b.id);
        Callback::from(move |_| cb.emit(id))
    };
    let chips = p
        .partitions
        .iter()
        .enumerate()
        .filter(|(_, part)| part.replicas.contains(&b.id))
        .enumerate()
        .map(|(slot, (index, part))| {
            let state = part.replica_states.iter().find(|r| r.broker == b.id);
            let rect = Rect {
                x: x + 8.0,
                y: y + BROKER_HEAD + slot as f64 * (CHIP_H + CHIP_GAP),
                w: w - 16.0,
                h: CHIP_H,
            };
            html! {
                <ReplicaChip key={part.tp.to_string()} tp={AttrValue::from(part.tp.to_string())} index={index}
                    broker={b.id} leader={part.leader == Some(b.id)} in_isr={part.isr.contains(&b.id)}
                    alive={state.is_none_or(|s| s.alive)}
                    leo={state.map_or(0, |s| s.log_end_offset)} hw={state.map_or(0, |s| s.high_watermark)}
                    rect={rect} selected={index == p.selected} lang={p.lang} on_select={p.on_select.clone()} />
            }
        })
        .collect::<Html>();
    let name = p.lang.tf("broker.name", &[("id", &b.id)]);
    let badge = p
        .lang
        .tf("broker.controller", &[("epoch", &p.controller_epoch)]);
    let badge_w = text_width(&badge) + 14.0;
    html! {
        <g class={class} data-testid="broker" data-broker-id={b.id.to_string()} data-status={code}>
            <g class="broker-head" onclick={onclick} role="button" tabindex="0"
               aria-label={format!("{name}: {}", p.lang.t("broker.menu_hint"))}>
                <rect class="broker-box" x={x.to_string()} y={y.to_string()} width={w.to_string()} height={h.to_string()} rx="8" />
                <text class="broker-name" x={(x + 10.0).to_string()} y={(y + 20.0).to_string()}>{ name }</text>
                <text class="broker-status" x={(x + 10.0).to_string()} y={(y + 38.0).to_string()}>{ badges.join(" · ") }</text>
                if b.is_controller {
                    <g class="controller-badge">
                        <rect x={(x + w - 8.0 - badge_w).to_string()} y={(y + 7.0).to_string()} width={badge_w.to_string()} height="18" rx="9" />
                        <text x={(x + w - 8.0 - badge_w / 2.0).to_string()} y={(y + 20.0).to_string()} text-anchor="middle">
                            { badge }
                        </text>
                    </g>
                }
            </g>
            { chips }
        </g>
    }
}

/// Rough width in SVG units of a label at the badge's font size (CJK characters count double).
fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 6.2 } else { 11.0 })
        .sum()
}
