//! The toolbar: reset, step back, play/pause, step, speed, the simulated clock,
//! the seed and the language switch.

use crate::components::why_disabled::WhyDisabled;
use crate::i18n::{clock, Lang};
use crate::state::SPEEDS;
use isrlab_sim::TimeMs;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// What the toolbar shows and what its controls call.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct ToolbarProps {
    /// Language.
    pub lang: Lang,
    /// Built-in scenarios: id, English title, Chinese title.
    pub scenarios: Rc<Vec<(&'static str, String, String)>>,
    /// Id of the scenario being run.
    pub scenario: &'static str,
    /// The running scenario's title when it is none of the built-ins (an imported
    /// cluster, a sweep's losing run): the picker shows it, selected, above them.
    #[prop_or_default]
    pub custom: Option<AttrValue>,
    /// Scenario choice.
    pub on_scenario: Callback<&'static str>,
    /// Whether the run is playing.
    pub playing: bool,
    /// Whether the run has reached its end.
    pub finished: bool,
    /// Whether there is anything to step back to.
    pub can_step_back: bool,
    /// An open prediction question holds Play and Step (pausing stays possible).
    #[prop_or_default]
    pub blocked: bool,
    /// Speed index into [`SPEEDS`].
    pub speed: usize,
    /// Virtual time now.
    pub now_ms: TimeMs,
    /// Virtual time at which the run ends.
    pub end_ms: TimeMs,
    /// The run's seed.
    pub seed: u64,
    /// Reset button.
    pub on_reset: Callback<()>,
    /// Step back button.
    pub on_step_back: Callback<()>,
    /// Play/pause button.
    pub on_play: Callback<()>,
    /// Step button.
    pub on_step: Callback<()>,
    /// Step-to-next-change button.
    pub on_step_change: Callback<()>,
    /// Speed choice (index).
    pub on_speed: Callback<usize>,
    /// Language choice.
    pub on_lang: Callback<Lang>,
    /// Help button.
    pub on_help: Callback<()>,
    /// The "new seed" button: the scenario again with a seed drawn by the browser
    /// (absent where no random source is at hand).
    #[prop_or_default]
    pub on_new_seed: Option<Callback<()>>,
    /// Share button (opens the share dialog).
    pub on_share: Callback<()>,
}

fn click(cb: &Callback<()>) -> Callback<MouseEvent> {
    let cb = cb.clone();
    Callback::from(move |_| cb.emit(()))
}

/// Why a control of the toolbar is disabled, if one is: Play and Step by an open
/// prediction question (until answered or skipped) or the end of the run, Step back
/// at time 0.
fn held_because(p: &ToolbarProps) -> Option<AttrValue> {
    if p.blocked && !p.playing {
        Some(AttrValue::Static(p.lang.t("toolbar.held_by_question")))
    } else if p.finished {
        Some(AttrValue::Static(p.lang.t("toolbar.finished")))
    } else if !p.can_step_back {
        Some(AttrValue::Static(p.lang.t("toolbar.nothing_back")))
    } else {
        None
    }
}

/// The toolbar.
#[function_component(Toolbar)]
pub fn toolbar(p: &ToolbarProps) -> Html {
    let lang = p.lang;
    let on_speed = {
        let cb = p.on_speed.clone();
        Callback::from(move |e: Event| {
            if let Some(i) = e
                .target_dyn_into::<HtmlSelectElement>()
                .and_then(|s| s.value().parse().ok())
            {
                cb.emit(i);
            }
        })
    };
    let on_lang = {
        let cb = p.on_lang.clone();
        Callback::from(move |e: Event| {
            if let Some(l) = e
                .target_dyn_into::<HtmlSelectElement>()
                .and_then(|s| Lang::parse(&s.value()))
            {
                cb.emit(l);
            }
        })
    };
    let on_scenario = {
        let (cb, list) = (p.on_scenario.clone(), p.scenarios.clone());
        Callback::from(move |e: Event| {
            let chosen = e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value());
            if let Some(&(id, _, _)) = list
                .iter()
                .find(|(id, _, _)| Some(*id) == chosen.as_deref())
            {
                cb.emit(id);
            }
        })
    };
    let custom = p.custom.as_ref().map(|title| {
        html! { <option value="" selected=true disabled=true data-testid="scenario-custom">{ title.clone() }</option> }
    });
    let built_in = p.scenarios.iter().map(|(id, en, zh)| {
        let title = if lang == Lang::Zh { zh } else { en };
        let selected = p.custom.is_none() && *id == p.scenario;
        html! { <option value={*id} selected={selected}>{ title.clone() }</option> }
    });
    let scenarios = custom.into_iter().chain(built_in).collect::<Html>();
    let hint = |key: &'static str| {
        if p.blocked {
            lang.t("toolbar.blocked_hint")
        } else {
            lang.t(key)
        }
    };
    let play_label = if p.playing {
        lang.t("toolbar.pause")
    } else {
        lang.t("toolbar.play")
    };
    let speeds = SPEEDS
        .iter()
        .enumerate()
        .map(|(i, s)| html! { <option value={i.to_string()} selected={i == p.speed}>{ format!("{s}×") }</option> })
        .collect::<Html>();
    let langs = Lang::ALL
        .iter()
        .map(|l| html! { <option value={l.code()} selected={*l == lang}>{ l.native_name() }</option> })
        .collect::<Html>();
    html! {
        <header class="toolbar" role="toolbar" aria-label={lang.t("toolbar.aria")}>
            <div class="brand">
                <span class="logo" aria-hidden="true">{ "◧" }</span>
                <span class="app-name">{ lang.t("app.name") }</span>
                <label class="scenario">
                    <span class="visually-hidden">{ lang.t("toolbar.scenario") }</span>
                    <select data-testid="scenario" onchange={on_scenario} aria-label={lang.t("toolbar.scenario")}>
                        { scenarios }
                    </select>
                </label>
            </div>
            <div class="controls">
                <button data-testid="reset" onclick={click(&p.on_reset)} title={lang.t("toolbar.reset_hint")}>
                    <span aria-hidden="true">{ "↺ " }</span>{ lang.t("toolbar.reset") }
                </button>
                <button data-testid="step-back" onclick={click(&p.on_step_back)} disabled={!p.can_step_back}
                        title={lang.t("toolbar.step_back_hint")}>
                    <span aria-hidden="true">{ "◀ " }</span>{ lang.t("toolbar.step_back") }
                </button>
                <button data-testid="play" class="primary" onclick={click(&p.on_play)} disabled={p.finished || (p.blocked && !p.playing)}
                        aria-pressed={p.playing.to_string()} title={hint("toolbar.play_hint")}>
                    <span aria-hidden="true">{ if p.playing { "⏸ " } else { "▶ " } }</span>{ play_label }
                </button>
                <button data-testid="step" onclick={click(&p.on_step)} disabled={p.finished || p.blocked} title={hint("toolbar.step_hint")}>
                    { lang.t("toolbar.step") }<span aria-hidden="true">{ " ▶|" }</span>
                </button>
                <button data-testid="step-change" onclick={click(&p.on_step_change)} disabled={p.finished || p.blocked}
                        title={hint("toolbar.step_change_hint")}>
                    { lang.t("toolbar.step_change") }<span aria-hidden="true">{ " ▶▶|" }</span>
                </button>
                <WhyDisabled reason={held_because(p)} href={p.blocked.then_some(AttrValue::Static("#guide-question"))}
                    link={p.blocked.then(|| AttrValue::Static(lang.t("toolbar.go_to_question")))} />
                <label class="speed">
                    <span>{ lang.t("toolbar.speed") }</span>
                    <select data-testid="speed" onchange={on_speed}>{ speeds }</select>
                </label>
            </div>
            <div class="status">
                <div class="clock" data-testid="clock" data-time-ms={p.now_ms.to_string()} role="timer"
                     aria-label={lang.t("toolbar.clock")}>
                    <span class="clock-label">{ lang.t("toolbar.clock") }</span>
                    <span class="clock-value">{ clock(p.now_ms) }</span>
                    <span class="clock-end">{ format!("/ {}", clock(p.end_ms)) }</span>
                </div>
                <span class="seed" title={lang.t("toolbar.seed")}>{ format!("{} {}", lang.t("toolbar.seed"), p.seed) }</span>
                if let Some(cb) = &p.on_new_seed {
                    <button class="new-seed" data-testid="new-seed" onclick={click(cb)} title={lang.t("link.new_seed_hint")}
                        aria-label={lang.t("link.new_seed")}>
                        { "⚄" }
                    </button>
                }
                <label class="lang">
                    <span class="visually-hidden">{ lang.t("toolbar.language") }</span>
                    <select data-testid="lang" onchange={on_lang} aria-label={lang.t("toolbar.language")}>{ langs }</select>
                </label>
                <button class="share" data-testid="share-open" onclick={click(&p.on_share)} title={lang.t("toolbar.share_hint")}
                    aria-label={lang.t("toolbar.share")}>
                    { "↗" }
                </button>
                <button class="help" onclick={click(&p.on_help)} title={lang.t("toolbar.help")} aria-label={lang.t("toolbar.help")}>
                    { "?" }
                </button>
            </div>
        </header>
    }
}
