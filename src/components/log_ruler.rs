//! One replica's log as a ruler: a cell per offset with value and epoch, its state
//! shown by colour and by pattern and symbol, and the log start offset, HW and LEO
//! markers (slots below the log start offset were deleted by retention). Above the
//! cells, its segments (from the core's view) with their files and sparse index; each
//! cell's foot says whether the record is on disk or only in the page cache (below or
//! above the flushed offset, which a dotted marker draws). A long log draws its newest
//! offsets only, the older ones folded into one block (`ruler_window.rs`).

use crate::cells::{self, Cell, Ghost, PowerLost};
use crate::i18n::{clock, Lang};
use crate::preset_switches::TRUNCATION_VALUES;
use crate::ruler_window::{Window, FOLD_COLUMNS, WINDOW};
use isrlab_sim::broker::segments::SegmentView;
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
    /// Its flushed offset: records below it are on disk, the rest only in the page cache.
    #[prop_or_default]
    pub flushed: Offset,
    /// Its segments (the core's view).
    #[prop_or_default]
    pub segments: Vec<SegmentView>,
    /// Offsets it lost at power losses.
    #[prop_or_default]
    pub power_lost: Vec<PowerLost>,
    /// Number of offset slots (the longest log of the partition, at least a few).
    pub slots: Offset,
    /// First offset drawn as a cell (`Window::newest(slots).from`, shared by the
    /// partition's rulers); the offsets before it are folded.
    #[prop_or_default]
    pub from: Offset,
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
    // The offsets retention deleted are drawn as one block spanning their slots, and cells
    // are found by offset in a map: a long run's ruler costs what its log keeps, not what it
    // ever held (the busy hour reaches offset 300,000 with about 6,000 records kept).
    let by_offset: std::collections::BTreeMap<Offset, &Cell> =
        p.cells.iter().map(|c| (c.offset, c)).collect();
    let w = Window {
        from: p.from.min(p.slots),
        to: p.slots,
    };
    let deleted = p
        .log_start
        .min(by_offset.keys().next().copied().unwrap_or(p.slots))
        .min(p.slots);
    let first_block = if w.folds() {
        let kept = by_offset.range(..w.from).count();
        let title = lang.tf(
            "cell.folded_title",
            &[
                ("last", &(w.from - 1)),
                ("kept", &kept),
                ("deleted", &deleted.min(w.from)),
                ("window", &WINDOW),
            ],
        );
        Some(html! {
            <div class={classes!("cell", "empty", "folded", (kept == 0).then_some("deleted"))} data-testid="folded-cell"
                 data-count={w.from.to_string()} data-kept={kept.to_string()}
                 style={format!("grid-column: span {FOLD_COLUMNS}")} title={title.clone()} aria-label={title}>
                <span class="cell-value">{ format!("⋯ {}", w.from) }</span>
            </div>
        })
    } else {
        (deleted > 0).then(|| {
            html! {
                <div class="cell empty deleted" data-testid="deleted-cell" data-count={deleted.to_string()}
                     style={format!("grid-column: span {deleted}")} title={lang.t("cell.deleted").to_string()}></div>
            }
        })
    };
    let first_drawn = if w.folds() { w.from } else { deleted };
    let slots = (first_drawn..p.slots).map(|offset| match by_offset.get(&offset) {
        Some(c) => {
            let state = lang.t(cells::key(c.state));
            let on_disk = c.offset < p.flushed;
            let title = format!(
                "{} · {}",
                lang.tf("cell.title", &[("offset", &c.offset), ("epoch", &c.epoch), ("value", &c.value), ("state", &state)]),
                lang.t(if on_disk { "cell.on_disk" } else { "cell.page_cache" })
            );
            html! {
                <div class={classes!("cell", cells::code(c.state), if on_disk { "on-disk" } else { "in-cache" })} data-testid="log-cell"
                     data-offset={c.offset.to_string()} data-flushed={on_disk.to_string()}
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
    let power_lost = |offset: Offset| p.power_lost.iter().find(|g| g.offset == offset);
    let ghost_lead = w.folds().then(|| html! {
        <div class="cell empty ghost-slot" aria-hidden="true" style={format!("grid-column: span {FOLD_COLUMNS}")}></div>
    });
    let ghosts = (w.from..p.slots).map(|offset| match p.ghosts.iter().find(|g| g.offset == offset) {
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
        None => match power_lost(offset) {
            Some(g) => {
                let title = lang.tf("cell.power_lost_title", &[("offset", &g.offset), ("time", &clock(g.time_ms))]);
                html! {
                    <div class="cell ghost power-lost" data-testid="power-lost-cell" data-offset={g.offset.to_string()}
                         title={title.clone()} aria-label={title}>
                        <span class="cell-value">{ "⚡" }</span>
                        <span class="cell-epoch">{ g.offset }</span>
                    </div>
                }
            }
            None => html! { <div class="cell empty ghost-slot" aria-hidden="true"></div> },
        },
    });
    let segments = p
        .segments
        .iter()
        .filter(|s| s.active || s.end_offset > w.from)
        .map(|s| segment(lang, s, w));
    let marker = |class: &'static str, label: &'static str, at: Offset| {
        html! {
            <div class={classes!("marker", class)} style={format!("--at: {}", w.column(at))} data-testid={format!("marker-{class}")}
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
            <div class="ruler-track" style={format!("--slots: {}", w.columns().max(1))}>
                <div class="segment-strip" style={format!("--slots: {}", w.columns().max(1))}>{ for segments }</div>
                <div class="cells">{ for first_block }{ for slots }</div>
                <div class="marker flushed" style={format!("--at: {}", w.column(p.flushed))} data-testid="marker-flushed"
                     data-offset={p.flushed.to_string()} title={lang.tf("ruler.flushed_title", &[("offset", &p.flushed)])}></div>
                if p.log_start > 0 {
                    <div class="marker log-start" style={format!("--at: {}", w.column(p.log_start))} data-testid="marker-log-start"
                         data-offset={p.log_start.to_string()} title={lang.tf("marker.log_start_title", &[("offset", &p.log_start)])}>
                        <span>{ lang.tf("marker.log_start", &[("offset", &p.log_start)]) }</span>
                    </div>
                }
                { marker("hw", "HW", p.hw) }
                { marker("leo", "LEO", p.leo) }
            </div>
            if !p.ghosts.is_empty() || !p.power_lost.is_empty() {
                <div class="ruler-track ghost-track" style={format!("--slots: {}", w.columns().max(1))}
                     aria-label={lang.t("cell.truncated")}>
                    <div class="cells">{ for ghost_lead }{ for ghosts }</div>
                </div>
            }
        </div>
    }
}

/// One segment over the offsets of it that `w` draws: its `.log` file's name, and its
/// `.index` entries as ticks at their offsets.
fn segment(lang: Lang, s: &SegmentView, w: Window) -> Html {
    let start = s.base_offset.clamp(w.from, w.to);
    let end = if s.active {
        w.to
    } else {
        s.end_offset.min(w.to)
    }
    .max(start + 1);
    let title = lang.tf(
        "ruler.segment_title",
        &[
            ("log", &s.log_file),
            ("index", &s.index_file),
            ("timeindex", &s.timeindex_file),
            ("from", &s.base_offset),
            ("to", &s.end_offset),
            ("entries", &s.index.len()),
        ],
    );
    let ticks = s.index.iter().filter(|e| (start..end).contains(&e.offset)).map(|e| {
        let title = lang.tf(
            "ruler.index_entry",
            &[("offset", &e.offset), ("position", &e.position)],
        );
        html! {
            <span class="index-entry" data-testid="index-entry" data-offset={e.offset.to_string()}
                  style={format!("--at: {}", e.offset - start)} title={title}>{ "◆" }</span>
        }
    });
    html! {
        <div class={classes!("segment", s.active.then_some("active"))} data-testid="segment"
             data-base-offset={s.base_offset.to_string()} data-file={s.log_file.clone()}
             style={format!("grid-column: {} / {}", w.column(start) + 1, w.column(end) + 1)} title={title}>
            <span class="segment-name">{ fit_name(&s.log_file, end - start) }</span>
            { for ticks }
        </div>
    }
}

/// Width of a ruler cell (`--cell` in the stylesheet) and of a file-name character.
const CELL_PX: u64 = 52;
const CHAR_PX: u64 = 7;

/// A file name cut from the left to fit `cells` cells (`…00000010.log`): the base
/// offset's last digits and the extension are what tell segments apart.
fn fit_name(name: &str, cells: u64) -> String {
    let fit = (cells * CELL_PX).saturating_sub(8) / CHAR_PX;
    let len = name.chars().count() as u64;
    if len <= fit {
        return name.to_string();
    }
    let keep = fit.saturating_sub(1).max(5) as usize;
    let tail: String = name
        .chars()
        .skip(len as usize - keep.min(len as usize))
        .collect();
    format!("…{tail}")
}
