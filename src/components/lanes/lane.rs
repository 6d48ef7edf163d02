//! One lane, compactly: what it sets, its counts (sent, acknowledged, committed, lost,
//! duplicated), the selected partition's log rulers with at-risk and lost records, and
//! the exposure chart. Reusable for a single extra lane (a what-if preview): build a
//! [`crate::lanes::LaneView`] with `LaneView::of(sim, key, value, partition)`.

use crate::cells::{cells, longest_log, lost};
use crate::components::lanes::exposure_chart::ExposureChart;
use crate::components::log_ruler::LogRuler;
use crate::i18n::Lang;
use crate::lanes::LaneView;
use crate::ruler_window::Window;
use yew::prelude::*;

/// Fewest offset slots a lane's ruler shows.
const MIN_SLOTS: u64 = 4;

/// What a lane card shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct LaneCardProps {
    /// The lane.
    pub lane: LaneView,
    /// Language.
    pub lang: Lang,
}

/// A lane card.
#[function_component(LaneCard)]
pub fn lane_card(p: &LaneCardProps) -> Html {
    let lang = p.lang;
    let lane = &p.lane;
    let c = lane.counts;
    let count = |key: &'static str, code: &'static str, n: u64| {
        html! {
            <div class={classes!("lane-count", code)} data-testid="lane-count" data-name={code} data-value={n.to_string()}
                 title={lang.t(if code == "lost" { "lanes.lost_title" } else { key })}>
                <dt>{ lang.t(key) }</dt><dd>{ n }</dd>
            </div>
        }
    };
    let body = match &lane.partition {
        None => html! { <p class="muted">{ lang.t("lanes.no_partition") }</p> },
        Some(part) => {
            let slots = longest_log(part).max(MIN_SLOTS);
            let rulers = part.replica_states.iter().map(|r| {
                html! {
                    <LogRuler key={r.broker} broker={r.broker} leader={part.leader == Some(r.broker)}
                        in_isr={part.isr.contains(&r.broker)} alive={r.alive} cells={cells(r, &lane.ledger)}
                        log_start={r.log_start_offset} hw={r.high_watermark} leo={r.log_end_offset} slots={slots} from={Window::newest(slots).from} lang={lang} />
                }
            });
            let lost = lost(part, &lane.ledger);
            html! { <>
                <div class="lane-rulers">{ for rulers }</div>
                if !lost.is_empty() {
                    <p class="lane-lost">
                        <span>{ lang.t("cell.lost_title") }</span>
                        { for lost.iter().map(|m| if m.believed_written() {
                            html! { <span class="lost-chip" data-testid="lane-lost" data-value={m.value.clone()}>{ format!("✕ {}", m.value) }</span> }
                        } else {
                            // Gone, but never believed written: not one of the lane's "lost".
                            html! { <span class="lost-chip unacked" data-testid="lane-lost" data-value={m.value.clone()}
                                          data-counted="false" title={lang.t("lanes.gone_unacked")}>
                                { format!("✕ {}", m.value) }<small>{ lang.t("lanes.not_counted") }</small>
                            </span> }
                        }) }
                    </p>
                }
            </> }
        }
    };
    html! {
        <section class="lane" data-testid="lane" data-key={lane.key} data-value={lane.value.clone()}
                 data-time-ms={lane.now_ms.to_string()}>
            <h3 class="lane-title"><code>{ format!("{}={}", lane.key, lane.value) }</code></h3>
            <dl class="lane-counts">
                { count("lanes.sent", "sent", c.sent) }
                { count("lanes.acknowledged", "acknowledged", c.acknowledged) }
                { count("lanes.committed", "committed", c.committed) }
                { count("lanes.lost", "lost", c.lost) }
                { count("lanes.duplicated", "duplicated", c.duplicated) }
            </dl>
            { body }
            <ExposureChart series={lane.exposure.clone()} now_ms={lane.now_ms} end_ms={lane.end_ms} lang={lang} />
        </section>
    }
}
