//! One replica of one partition on its broker: leader solid, follower outlined, out of
//! the ISR dashed, so colour is never the only signal. A full chip writes its name, role,
//! LEO/HW and ISR membership; a compact tile writes the partition number (its topic is
//! the heading above) and tells the rest in its tooltip.

use crate::components::activate;
use crate::i18n::Lang;
use crate::layout::{ChipMode, Rect};
use isrlab_sim::{BrokerId, Offset};
use yew::prelude::*;

/// What a chip shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct ReplicaChipProps {
    /// Partition name, `topic-N`.
    pub tp: AttrValue,
    /// Partition number within its topic.
    pub number: u32,
    /// Index of the partition in the view (for selection).
    pub index: usize,
    /// Hosting broker.
    pub broker: BrokerId,
    /// Whether this replica is the partition's leader.
    pub leader: bool,
    /// Whether it is in the ISR.
    pub in_isr: bool,
    /// Whether its broker is up.
    pub alive: bool,
    /// Log end offset.
    pub leo: Offset,
    /// High watermark.
    pub hw: Offset,
    /// Where to draw it.
    pub rect: Rect,
    /// Full chip or compact tile.
    pub mode: ChipMode,
    /// Whether its partition is the selected one.
    pub selected: bool,
    /// Language.
    pub lang: Lang,
    /// Called with `index` when clicked.
    pub on_select: Callback<usize>,
}

/// A replica chip inside a broker box.
#[function_component(ReplicaChip)]
pub fn replica_chip(p: &ReplicaChipProps) -> Html {
    let role = if p.leader { "leader" } else { "follower" };
    let mut class = classes!("chip", role);
    if !p.in_isr {
        class.push("out-of-isr");
    }
    if !p.alive {
        class.push("offline");
    }
    if p.selected {
        class.push("selected");
    }
    if p.mode == ChipMode::Compact {
        class.push("compact");
    }
    let role_label = if p.leader {
        p.lang.t("chip.leader")
    } else {
        p.lang.t("chip.follower")
    };
    let isr_label = if p.in_isr {
        p.lang.t("chip.in_isr")
    } else {
        p.lang.t("chip.out_of_isr")
    };
    let Rect { x, y, w, h } = p.rect;
    let (onclick, onkeydown) = {
        let (cb, i) = (p.on_select.clone(), p.index);
        activate(move || cb.emit(i))
    };
    let offsets = format!("LEO {} · HW {}", p.leo, p.hw);
    let title = format!("{} · {} · {} · {}", p.tp, role_label, isr_label, offsets);
    let body = match p.mode {
        ChipMode::Full => html! {
            <>
                <text class="chip-tp label" x={(x + 7.0).to_string()} y={(y + 13.0).to_string()}>{ p.tp.clone() }</text>
                <text class="chip-role label" x={(x + w - 7.0).to_string()} y={(y + 13.0).to_string()} text-anchor="end">{ role_label }</text>
                <text class="chip-offsets label" x={(x + 7.0).to_string()} y={(y + 26.0).to_string()}>{ offsets }</text>
                <text class="chip-isr label" x={(x + w - 7.0).to_string()} y={(y + 26.0).to_string()} text-anchor="end">{ isr_label }</text>
            </>
        },
        ChipMode::Compact => html! {
            <text class="chip-number label" x={(x + w / 2.0).to_string()} y={(y + h / 2.0 + 4.0).to_string()} text-anchor="middle">
                { p.number }
            </text>
        },
    };
    html! {
        <g class={class} data-testid="replica" data-tp={p.tp.clone()} data-broker-id={p.broker.to_string()}
           data-role={role} data-in-isr={p.in_isr.to_string()} onclick={onclick} onkeydown={onkeydown}
           role="button" tabindex="0" aria-label={title.clone()}>
            <title>{ title }</title>
            <rect class="chip-box" x={x.to_string()} y={y.to_string()} width={w.to_string()} height={h.to_string()} rx="4" />
            { body }
        </g>
    }
}
