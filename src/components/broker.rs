//! A broker box: name, process state, controller badge, and its replica chips, all
//! placed (and cut to fit) by [`crate::layout`].

use crate::components::activate;
use crate::components::explore::whatif_badge::WhatIfBadge;
use crate::components::replica_chip::ReplicaChip;
use crate::i18n::Lang;
use crate::layout::{BrokerBox, ChipMode, Rect};
use isrlab_sim::view::{BrokerStatus, BrokerView, PartitionView};
use std::rc::Rc;
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
    /// Where its box, texts and chips go.
    pub placed: BrokerBox,
    /// How chips are drawn.
    pub mode: ChipMode,
    /// Every partition (the chips index into it).
    pub partitions: Rc<Vec<PartitionView>>,
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
    /// The what-if badge's counts (crash, power loss, cut off), when computed.
    #[prop_or_default]
    pub what_if: Option<[Option<usize>; 3]>,
    /// Click on the what-if badge.
    #[prop_or_default]
    pub on_what_if: Callback<u32>,
}

/// One broker and its replicas.
#[function_component(Broker)]
pub fn broker(p: &BrokerProps) -> Html {
    let b = &p.broker;
    let (code, _) = status_code(b.status);
    let Rect { x, y, w, h } = p.placed.rect;
    let mut class = classes!("broker", code);
    if !b.registered {
        class.push("unregistered");
    }
    if p.menu_open {
        class.push("menu-open");
    }
    let (onclick, onkeydown) = {
        let (cb, id) = (p.on_click.clone(), b.id);
        activate(move || cb.emit(id))
    };
    let chips = p
        .placed
        .chips
        .iter()
        .filter_map(|slot| p.partitions.get(slot.partition).map(|part| (slot, part)))
        .map(|(slot, part)| {
            let state = part.replica_states.iter().find(|r| r.broker == b.id);
            html! {
                <ReplicaChip key={part.tp.to_string()} tp={AttrValue::from(part.tp.to_string())}
                    number={part.tp.partition} index={slot.partition} broker={b.id}
                    leader={part.leader == Some(b.id)} in_isr={part.isr.contains(&b.id)}
                    alive={state.is_none_or(|s| s.alive)}
                    leo={state.map_or(0, |s| s.log_end_offset)} hw={state.map_or(0, |s| s.high_watermark)}
                    rect={slot.rect} mode={p.mode} selected={slot.partition == p.selected} lang={p.lang}
                    on_select={p.on_select.clone()} />
            }
        })
        .collect::<Html>();
    let full_name = p.lang.tf("broker.name", &[("id", &b.id)]);
    html! {
        <g class={class} data-testid="broker" data-broker-id={b.id.to_string()} data-status={code}>
            <g class="broker-head" onclick={onclick} onkeydown={onkeydown} role="button" tabindex="0"
               aria-label={format!("{full_name}: {}", p.lang.t("broker.menu_hint"))}>
                <title>{ format!("{full_name} · {}", p.placed.status) }</title>
                <rect class="broker-box" x={x.to_string()} y={y.to_string()} width={w.to_string()} height={h.to_string()} rx="8" />
                <text class="broker-name label" x={(x + 10.0).to_string()} y={(y + 19.0).to_string()}>{ p.placed.name.clone() }</text>
                <text class="broker-status label" x={(x + 10.0).to_string()} y={(y + 36.0).to_string()}>{ p.placed.status.clone() }</text>
                if let Some((r, text)) = &p.placed.badge {
                    <g class="controller-badge">
                        <rect x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="8.5" />
                        <text class="label" x={(r.x + r.w / 2.0).to_string()} y={(r.y + 12.5).to_string()} text-anchor="middle">
                            { text.clone() }
                        </text>
                    </g>
                }
            </g>
            { for p.placed.headings.iter().map(|hd| html! {
                <text class="topic-heading label" x={hd.x.to_string()} y={hd.y.to_string()}>{ hd.text.clone() }</text>
            }) }
            { chips }
            if let Some(counts) = p.what_if {
                <WhatIfBadge broker={b.id} counts={counts} at={(x, y)} lang={p.lang} on_open={p.on_what_if.clone()} />
            }
        </g>
    }
}
