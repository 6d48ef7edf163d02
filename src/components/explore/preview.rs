//! "Show me": a what-if's future played in a preview over the lab — the fork with the
//! fault applied, its broker brought back after the session timeout — with play, a
//! scrubber, the messages lost so far, and a way back to the lab (which did not move).

use crate::components::cluster_view::ClusterView;
use crate::components::explore::whatif_pane::fault_key;
use crate::explore::badges::Answers;
use crate::hooks::use_frame_loop::use_frame_loop;
use crate::i18n::Lang;
use isrlab_explore::written::{lost, value_of};
use isrlab_explore::{Future, WhatIf};
use std::rc::Rc;
use yew::prelude::*;

/// Virtual milliseconds the preview plays per wall millisecond.
const PREVIEW_SPEED: f64 = 2.0;

/// What the preview plays.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct PreviewProps {
    /// The what-if round it comes from (its run is forked again).
    pub answers: Rc<Answers>,
    /// The what-if answer to play (its fault, broker and where it settled).
    pub what_if: WhatIf,
    /// Language.
    pub lang: Lang,
    /// Back to the lab.
    pub on_close: Callback<()>,
}

/// The preview overlay.
#[function_component(Preview)]
pub fn preview(p: &PreviewProps) -> Html {
    let lang = p.lang;
    let w = &p.what_if;
    let future = {
        let (answers, w) = (p.answers.clone(), w.clone());
        use_mut_ref(move || Future::fork(&answers.sim, w.broker, w.fault, true))
    };
    let playing = use_state(|| true);
    let carry = use_mut_ref(|| 0.0f64);
    let redraw = use_force_update();
    let (start, end) = (w.at_ms, w.until_ms.max(w.at_ms + 1));
    let on_frame = {
        let (future, playing, carry, redraw) = (
            future.clone(),
            playing.clone(),
            carry.clone(),
            redraw.clone(),
        );
        Callback::from(move |wall_ms: f64| {
            let mut f = future.borrow_mut();
            let Some(f) = f.as_mut() else { return };
            let mut c = carry.borrow_mut();
            *c += wall_ms * PREVIEW_SPEED;
            let whole = c.floor();
            *c -= whole;
            let t = (f.sim().now() + whole as u64).min(end);
            f.seek(t);
            if t >= end {
                playing.set(false);
            }
            redraw.force_update();
        })
    };
    use_frame_loop(*playing, on_frame);
    let toggle = {
        let playing = playing.clone();
        Callback::from(move |_| playing.set(!*playing))
    };
    let on_seek = {
        let (future, playing, redraw) = (future.clone(), playing.clone(), redraw.clone());
        Callback::from(move |e: web_sys::InputEvent| {
            let t = e
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .and_then(|i| i.value().parse::<u64>().ok());
            if let (Some(t), Some(f)) = (t, future.borrow_mut().as_mut()) {
                f.seek(t.clamp(start, end));
            }
            playing.set(false);
            redraw.force_update();
        })
    };
    let close = {
        let cb = p.on_close.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let guard = future.borrow();
    let title = lang.tf(
        "whatif.preview_title",
        &[
            ("id", &w.broker),
            ("fault", &lang.t(fault_key(w.fault))),
            ("t", &w.at_ms),
        ],
    );
    let body = match guard.as_ref() {
        None => html! { <p>{ lang.t("whatif.refused") }</p> },
        Some(f) => {
            let now = f.sim().now();
            let gone = lost(f.sim());
            let lost_now: Vec<String> = w
                .lost
                .iter()
                .filter(|id| gone.contains(id))
                .map(|&id| value_of(f.sim(), id).unwrap_or_else(|| id.to_string()))
                .collect();
            let recovered = now >= f.recovered_at_ms();
            html! { <>
                <div class="preview-controls">
                    <button data-testid="preview-play" onclick={toggle}>
                        { lang.t(if *playing { "toolbar.pause" } else { "toolbar.play" }) }
                    </button>
                    <input type="range" data-testid="preview-scrub" aria-label={lang.t("whatif.scrub")}
                        min={start.to_string()} max={end.to_string()} value={now.to_string()} oninput={on_seek} />
                    <span class="preview-clock" data-testid="preview-clock" data-now={now.to_string()}>
                        { lang.tf("whatif.preview_clock", &[("t", &now), ("end", &end)]) }
                    </span>
                </div>
                <p class="preview-status" data-testid="preview-lost" data-lost={lost_now.len().to_string()}>
                    { lang.tf("whatif.preview_lost", &[("n", &lost_now.len()), ("of", &w.lost.len())]) }
                    { for lost_now.iter().map(|v| html! { <span class="preview-message">{ v.clone() }</span> }) }
                    { " · " }
                    { lang.t(if recovered { "whatif.preview_back" } else { "whatif.preview_down" }) }
                </p>
                <div class="preview-stage">
                    <ClusterView view={Rc::new(f.sim().view())} selected={0} lang={lang}
                        on_select={Callback::noop()} on_broker={Callback::noop()} reduced_motion={true} />
                </div>
            </> }
        }
    };
    html! {
        <div class="overlay whatif-preview" data-testid="whatif-preview" role="dialog" aria-modal="true" aria-label={title.clone()}>
            <div class="overlay-box preview-box">
                <header>
                    <h2>{ title }</h2>
                    <button class="back" data-testid="preview-back" onclick={close}>{ lang.t("whatif.back") }</button>
                </header>
                { body }
            </div>
        </div>
    }
}
