//! The selected partition in detail: its leader, epoch, AR and ISR, one log ruler
//! per replica, the legend of cell states, lost messages and the leader epoch cache.

use crate::cells::{self, cells, lost, power_lost, truncated, Ghost, STATES};
use crate::components::log_ruler::LogRuler;
use crate::components::segment_files::SegmentFiles;
use crate::i18n::{clock, Lang};
use crate::ruler_window::Window;
use isrlab_sim::ledger::MessageRecord;
use isrlab_sim::view::{IsrStatus, PartitionView};
use isrlab_sim::Event;
use std::rc::Rc;
use yew::prelude::*;

/// Fewest offset slots a ruler shows, so that an empty log still reads as a ruler.
const MIN_SLOTS: u64 = 8;

/// What the partition detail shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct PartitionDetailProps {
    /// The partition.
    pub partition: PartitionView,
    /// The ledger (for acknowledged and lost messages).
    pub ledger: Rc<Vec<MessageRecord>>,
    /// The core's events so far (for records truncated from each replica).
    pub events: Rc<Vec<Event>>,
    /// Language.
    pub lang: Lang,
}

fn list(ids: &[u32]) -> String {
    let items: Vec<String> = ids.iter().map(u32::to_string).collect();
    format!("[{}]", items.join(", "))
}

/// The partition detail pane.
#[function_component(PartitionDetail)]
pub fn partition_detail(p: &PartitionDetailProps) -> Html {
    let lang = p.lang;
    let part = &p.partition;
    let slots = cells::longest_log(part).max(MIN_SLOTS) + 1;
    let leader = match part.leader {
        Some(b) => lang.tf("broker.name", &[("id", &b)]),
        None => lang.t("partition.offline").to_string(),
    };
    let ghosts: Vec<Vec<Ghost>> = part
        .replica_states
        .iter()
        .map(|r| truncated(&p.events, &p.ledger, &part.tp, r.broker))
        .collect();
    let slots = slots.max(
        ghosts
            .iter()
            .flatten()
            .map(|g| g.offset + 2)
            .max()
            .unwrap_or(0),
    );
    let from = Window::newest(slots).from;
    let rulers = part.replica_states.iter().zip(ghosts).map(|(r, ghosts)| {
        html! {
            <LogRuler key={r.broker} broker={r.broker} leader={part.leader == Some(r.broker)}
                in_isr={part.isr.contains(&r.broker)} alive={r.alive} cells={cells(r, &p.ledger)}
                ghosts={ghosts} log_start={r.log_start_offset} hw={r.high_watermark} leo={r.log_end_offset} slots={slots} from={from} lang={lang}
                flushed={r.flushed_offset} segments={r.segments.clone()} power_lost={power_lost(&p.events, &part.tp, r.broker)} />
        }
    });
    let membership = part.replica_states.iter().map(|r| {
        let text = match &r.isr_status {
            IsrStatus::Leader => lang.t("isr.leader").to_string(),
            IsrStatus::InIsr { caught_up: true, .. } => lang.t("isr.in_caught_up").to_string(),
            IsrStatus::InIsr { lag, last_caught_up_ms, .. } => {
                lang.tf("isr.in", &[("lag", lag), ("since", &clock(*last_caught_up_ms))])
            }
            IsrStatus::OutOfIsr { .. } if !r.alive => lang.t("isr.out_down").to_string(),
            IsrStatus::OutOfIsr { lag, last_caught_up_ms, leo_known: true } => {
                lang.tf("isr.out", &[("lag", lag), ("since", &clock(*last_caught_up_ms))])
            }
            IsrStatus::OutOfIsr { last_caught_up_ms, leo_known: false, .. } => {
                lang.tf("isr.out_leo_unknown", &[("since", &clock(*last_caught_up_ms))])
            }
            IsrStatus::Unknown => lang.t("isr.unknown").to_string(),
        };
        html! { <li><strong>{ lang.tf("broker.name", &[("id", &r.broker)]) }</strong>{ ": " }{ text }</li> }
    });
    let lost = lost(part, &p.ledger);
    let epochs = part
        .replica_states
        .iter()
        .find(|r| Some(r.broker) == part.leader)
        .map(|r| r.epoch_cache.clone())
        .unwrap_or_default();
    let legend = STATES
        .iter()
        .map(|s| html! { <span class="legend-item"><span class={classes!("swatch", "cell", cells::code(*s))}></span>{ lang.t(cells::key(*s)) }</span> })
        .chain(std::iter::once(html! {
            <span class="legend-item"><span class="swatch cell lost"></span>{ lang.t("cell.lost") }</span>
        }))
        .chain(std::iter::once(html! {
            <span class="legend-item"><span class="swatch cell ghost"></span>{ lang.t("cell.truncated") }</span>
        }))
        .chain([("on-disk", "cell.on_disk"), ("in-cache", "cell.page_cache")].map(|(class, key)| html! {
            <span class="legend-item"><span class={classes!("swatch", "cell", class)}></span>{ lang.t(key) }</span>
        }));
    html! {
        <section class="panel partition-detail" data-testid="partition-detail" data-tp={part.tp.to_string()}>
            <h2>{ lang.tf("partition.title", &[("tp", &part.tp)]) }</h2>
            <dl class="facts">
                <div><dt>{ lang.t("partition.leader") }</dt><dd>{ leader }</dd></div>
                <div><dt>{ lang.t("partition.epoch") }</dt><dd>{ part.leader_epoch }</dd></div>
                <div><dt>{ "HW" }</dt><dd>{ part.high_watermark }</dd></div>
                <div><dt>{ lang.t("partition.assigned") }</dt><dd>{ list(&part.replicas) }</dd></div>
                <div><dt>{ "ISR" }</dt><dd data-testid="isr">{ list(&part.isr) }</dd></div>
            </dl>
            <div class="rulers">{ for rulers }</div>
            <div class="legend">{ for legend }</div>
            if !lost.is_empty() {
                <div class="lost-list" data-testid="lost-list">
                    <strong>{ lang.t("cell.lost_title") }</strong>
                    { for lost.iter().map(|m| html! {
                        <span class="cell lost" data-testid="lost-message" data-value={m.value.clone()}>
                            { m.value.clone() }
                            if m.acknowledged_at.is_some() { <small>{ lang.t("cell.was_acked") }</small> }
                        </span>
                    }) }
                </div>
            }
            <div class="detail-columns">
                <div>
                    <h3>{ lang.t("isr.title") }</h3>
                    <ul class="isr-why">{ for membership }</ul>
                </div>
                <div>
                    <h3>{ lang.t("epochs.title") }</h3>
                    if epochs.is_empty() {
                        <p class="muted">{ lang.t("epochs.empty") }</p>
                    } else {
                        <table class="epochs"><thead><tr><th>{ lang.t("epochs.epoch") }</th><th>{ lang.t("epochs.start") }</th></tr></thead>
                        <tbody>{ for epochs.iter().map(|(e, o)| html! { <tr><td>{ e }</td><td>{ o }</td></tr> }) }</tbody></table>
                    }
                </div>
            </div>
            <SegmentFiles partition={part.clone()} lang={lang} />
        </section>
    }
}
