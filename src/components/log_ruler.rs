//! One replica's log as a ruler: a cell per offset with value and epoch, its state
//! shown by colour and by pattern and symbol, and the log start offset, HW and LEO
//! markers (slots below the log start offset were deleted by retention).

use crate::cells::{self, Cell, Ghost};
use crate::i18n::{clock, Lang};
use crate::preset_switches::TRUNCATION_VALUES;
use isrlab_sim::config::TruncationRule;
use isrlab_sim::{BrokerId, Offset};
use yew::prelude::*;

/// What a ruler shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct LogRulerProps {
    /// Hosting broker.
    pub broker: BrokerId,
    /// Whether it is the partition's leader.
    pub leader: bool,
    /// Whether it is in the ISR.
    pub in_isr: bool,
    /// Whether its broker is up.
    pub alive: bool,
    /// Its cells.
    pub cells: Vec<Cell>,
    /// Offsets truncated from it (ghost cells, on a track under its cells).
    #[prop_or_default]
    pub ghosts: Vec<Ghost>,
    /// Its log start offset (retention deleted the records below it).
    #[prop_or_default]
    pub log_start: Offset,
    /// Its high watermark.
    pub hw: Offset,
    /// Its log end offset.
    pub leo: Offset,
    /// Number of offset slots to draw (the longest log of the partition, at least a few).
    pub slots: Offset,
    /// Language.
    pub lang: Lang,
}

/// A log ruler.
#[function_component(LogRuler)]
pub fn log_ruler(p: &LogRulerProps) -> Html {
    let lang = p.lang;
    let role = if p.leader {
        lang.t("chip.leader")
    } else {
        lang.t("chip.follower")
    };
    let isr = if p.in_isr {
        lang.t("chip.in_isr")
    } else {
        lang.t("chip.out_of_isr")
    };
    let slots = (0..p.slots).map(|offset| match p.cells.iter().find(|c| c.offset == offset) {
        Some(c) => {
            let state = lang.t(cells::key(c.state));
            let title = lang.tf("cell.title", &[("offset", &c.offset), ("epoch", &c.epoch), ("value", &c.value), ("state", &state)]);
            html! {
                <div class={classes!("cell", cells::code(c.state))} data-testid="log-cell" data-offset={c.offset.to_string()}
                     data-state={cells::code(c.state)} data-value={c.value.clone()} title={title.clone()} aria-label={title}>
                    <span class="cell-value">{ c.value.clone() }</span>
                    <span class="cell-epoch">{ format!("e{}", c.epoch) }</span>
                </div>
            }
        }
        None if offset < p.log_start => html! {
            <div class="cell empty deleted" data-testid="deleted-cell" title={lang.t("cell.deleted").to_string()}></div>
        },
        None => html! { <div class="cell empty" aria-hidden="true"></div> },
    });
    let rule = |r: TruncationRule| match r {
        TruncationRule::HighWatermark => TRUNCATION_VALUES[0],
        TruncationRule::LeaderEpoch => TRUNCATION_VALUES[1],
        TruncationRule::LeaderEpochWalkBack => TRUNCATION_VALUES[2],
    };
    let ghosts = (0..p.slots).map(|offset| match p.ghosts.iter().find(|g| g.offset == offset) {
        Some(g) => {
            let title = lang.tf(
                "cell.truncated_title",
                &[("offset", &g.offset), ("value", &g.value), ("epoch", &g.epoch), ("time", &clock(g.time_ms)), ("rule", &rule(g.rule))],
            );
            html! {
                <div class="cell ghost" data-testid="ghost-cell" data-offset={g.offset.to_string()} data-state="truncated"
                     data-value={g.value.clone()} data-epoch={g.epoch.to_string()} title={title.clone()} aria-label={title}>
                    <span class="cell-value">{ format!("✂ {}", g.value) }</span>
                    <span class="cell-epoch">{ format!("e{}", g.epoch) }</span>
                </div>
            }
        }
        None => html! { <div class="cell empty ghost-slot" aria-hidden="true"></div> },
    });
    let marker = |class: &'static str, label: &'static str, at: Offset| {
        html! {
            <div class={classes!("marker", class)} style={format!("--at: {at}")} data-testid={format!("marker-{class}")}
                 data-offset={at.to_string()}>
                <span>{ format!("{label} {at}") }</span>
            </div>
        }
    };
    html! {
        <div class={classes!("ruler", (!p.alive).then_some("offline"), (!p.in_isr).then_some("out-of-isr"))}
             data-testid="log-ruler" data-broker-id={p.broker.to_string()}>
            <div class="ruler-head">
                <strong>{ lang.tf("broker.name", &[("id", &p.broker)]) }</strong>
                <span class={classes!("tag", if p.leader { "leader" } else { "follower" })}>{ role }</span>
                <span class={classes!("tag", if p.in_isr { "isr" } else { "no-isr" })}>{ isr }</span>
                if !p.alive { <span class="tag down">{ lang.t("broker.down") }</span> }
            </div>
            <div class="ruler-track" style={format!("--slots: {}", p.slots.max(1))}>
                <div class="cells">{ for slots }</div>
                if p.log_start > 0 {
                    <div class="marker log-start" style={format!("--at: {}", p.log_start)} data-testid="marker-log-start"
                         data-offset={p.log_start.to_string()} title={lang.tf("marker.log_start_title", &[("offset", &p.log_start)])}>
                        <span>{ lang.tf("marker.log_start", &[("offset", &p.log_start)]) }</span>
                    </div>
                }
                { marker("hw", "HW", p.hw) }
                { marker("leo", "LEO", p.leo) }
            </div>
            if !p.ghosts.is_empty() {
                <div class="ruler-track ghost-track" style={format!("--slots: {}", p.slots.max(1))}
                     aria-label={lang.t("cell.truncated")}>
                    <div class="cells">{ for ghosts }</div>
                </div>
            }
        </div>
    }
}
