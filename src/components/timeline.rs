//! The timeline: a scrubber over the whole run with markers for the end of the boot,
//! crashes, elections, ISR changes, acknowledgements, losses and the user's own
//! actions. Dragging it travels in time (to 0 to watch the cluster boot).

use crate::i18n::{clock, Lang};
use crate::lab::Marker;
use isrlab_sim::TimeMs;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the timeline shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct TimelineProps {
    /// Virtual time now.
    pub now_ms: TimeMs,
    /// End of the run.
    pub end_ms: TimeMs,
    /// Markers seen so far.
    pub markers: Rc<Vec<(TimeMs, Marker)>>,
    /// Language.
    pub lang: Lang,
    /// Travel to a time.
    pub on_travel: Callback<TimeMs>,
    /// Drawn under the scrubber on its time axis (the loss windows).
    #[prop_or_default]
    pub children: Html,
}

fn marker_key(m: Marker) -> &'static str {
    match m {
        Marker::Crash => "marker.crash",
        Marker::Election => "marker.election",
        Marker::Isr => "marker.isr",
        Marker::Ack => "marker.ack",
        Marker::Loss => "marker.loss",
        Marker::Action => "marker.action",
        Marker::Boot => "marker.boot",
    }
}

/// The timeline scrubber.
#[function_component(Timeline)]
pub fn timeline(p: &TimelineProps) -> Html {
    let lang = p.lang;
    let end = p.end_ms.max(1);
    let on_input = {
        let cb = p.on_travel.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e
                .target_dyn_into::<HtmlInputElement>()
                .and_then(|i| i.value().parse::<TimeMs>().ok())
            {
                cb.emit(t);
            }
        })
    };
    let mut last: Option<(u64, Marker)> = None;
    let ticks = p
        .markers
        .iter()
        .filter(|(t, m)| {
            // One tick per marker kind per 0.2 % of the run keeps the bar readable.
            let slot = t * 500 / end;
            let fresh = last != Some((slot, *m));
            last = Some((slot, *m));
            fresh
        })
        .map(|(t, m)| {
            let left = *t as f64 * 100.0 / end as f64;
            let title = format!("{} · {}", clock(*t), lang.t(marker_key(*m)));
            html! { <span class={classes!("tick", m.code())} style={format!("left: {left:.3}%")} title={title}
                data-testid="timeline-tick" data-kind={m.code()} data-time-ms={t.to_string()} /> }
        })
        .collect::<Html>();
    let legend = [Marker::Boot, Marker::Crash, Marker::Election, Marker::Isr, Marker::Ack, Marker::Loss, Marker::Action]
        .iter()
        .map(|m| html! { <span class="legend-item"><span class={classes!("tick-swatch", m.code())} />{ lang.t(marker_key(*m)) }</span> })
        .collect::<Html>();
    html! {
        <section class="panel timeline">
            <div class="timeline-track">
                <div class="ticks" aria-hidden="true">{ ticks }</div>
                <input type="range" data-testid="timeline" min="0" max={p.end_ms.to_string()} step="1"
                       value={p.now_ms.to_string()} oninput={on_input} aria-label={lang.t("timeline.aria")}
                       aria-valuetext={clock(p.now_ms)} />
                { p.children.clone() }
            </div>
            <div class="timeline-legend">{ legend }</div>
        </section>
    }
}
