//! Guided narration: the caption of the scenario's current guide step and, where
//! the step asks one, a prediction question answered before the reveal. When the user
//! has left the script (their own action, another configuration) the narration pauses
//! and the panel offers the scenario's own run back.

use crate::guide::Answers;
use crate::i18n::Lang;
use crate::script::Script;
use isrlab_sim::scenario::GuideStep;
use std::rc::Rc;
use yew::prelude::*;

/// What the guide panel shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct GuidePanelProps {
    /// The scenario's guide steps.
    pub steps: Rc<Vec<GuideStep>>,
    /// Index of the step reached (the last one at or before now), if any.
    pub current: Option<usize>,
    /// Answers given so far (`None`: skipped).
    pub answers: Rc<Answers>,
    /// Whether an open question holds Play and Step.
    pub gate: bool,
    /// Turns the gate on or off.
    pub on_gate: Callback<bool>,
    /// Answers (`Some(choice)`) or skips (`None`) the question of a step.
    pub on_answer: Callback<(usize, Option<usize>)>,
    /// Whether the run still follows the scenario the guide narrates.
    #[prop_or_default]
    pub script: Script,
    /// Back to the scenario's own run, at the same time.
    #[prop_or_default]
    pub on_resume: Callback<()>,
    /// The scenario's own run from its start.
    #[prop_or_default]
    pub on_restart: Callback<()>,
    /// Language.
    pub lang: Lang,
}

/// The paused narration: why, and the two ways back to the script.
fn off_script(p: &GuidePanelProps) -> Html {
    let lang = p.lang;
    let (reason, key) = match p.script {
        Script::Reconfigured => ("reconfigured", "guide.off_script_config"),
        _ => ("acted", "guide.off_script_action"),
    };
    let click = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_| cb.emit(()))
    };
    html! {
        <div class="off-script" data-testid="guide-off-script" data-reason={reason} role="status">
            <p><strong>{ lang.t("guide.paused") }</strong>{ " " }{ lang.t(key) }</p>
            <button data-testid="guide-resume" onclick={click(&p.on_resume)}>{ lang.t("guide.resume") }</button>
            <button data-testid="guide-restart" onclick={click(&p.on_restart)}>{ lang.t("guide.restart") }</button>
        </div>
    }
}

/// The narration panel (renders nothing for scenarios without a guide).
#[function_component(GuidePanel)]
pub fn guide_panel(p: &GuidePanelProps) -> Html {
    let lang = p.lang;
    if p.steps.is_empty() {
        return html! {};
    }
    let gate = html! {
        <label class="check small">
            <input type="checkbox" data-testid="predict-gate" checked={p.gate} onchange={
                let cb = p.on_gate.clone();
                Callback::from(move |e: Event| {
                    if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                        cb.emit(i.checked());
                    }
                })
            } />
            { lang.t("guide.gate") }
        </label>
    };
    if !p.script.followed() {
        return html! {
            <section class="panel guide" data-testid="guide">
                <h2>{ lang.t("guide.title") }</h2>
                { off_script(p) }
            </section>
        };
    }
    let Some(i) = p.current else {
        return html! {
            <section class="panel guide" data-testid="guide">
                <h2>{ lang.t("guide.title") }</h2>
                <p class="muted">{ lang.t("guide.press_play") }</p>
                { gate }
            </section>
        };
    };
    let step = &p.steps[i];
    let question = step.question.as_ref().map(|q| {
        let given = p.answers.get(&i).copied();
        let chosen = given.flatten();
        let choices = q.choices.iter().enumerate().map(|(c, choice)| {
            let onclick = {
                let cb = p.on_answer.clone();
                Callback::from(move |_| cb.emit((i, Some(c))))
            };
            let class = match chosen {
                Some(_) if c == q.answer => "right",
                Some(x) if x == c => "wrong",
                _ => "",
            };
            html! {
                <button class={classes!("choice", class)} data-testid="guide-choice" onclick={onclick}
                        disabled={given.is_some()}>{ lang.text(choice).to_string() }</button>
            }
        });
        html! {
            <div class="question" data-testid="guide-question" id="guide-question" tabindex="-1">
                <p class="prompt"><strong>{ lang.t("guide.predict") }</strong>{ " " }{ lang.text(&q.prompt).to_string() }</p>
                <div class="choices">{ for choices }</div>
                if given.is_none() {
                    <p class="small muted">
                        if p.gate { { lang.t("guide.waiting") }{ " " } }
                        <button class="link-button" data-testid="guide-skip" onclick={
                            let cb = p.on_answer.clone();
                            Callback::from(move |_| cb.emit((i, None)))
                        }>{ lang.t("guide.skip") }</button>
                    </p>
                }
                if given == Some(None) {
                    <p class="reveal" data-testid="guide-reveal">
                        <strong>{ lang.t("guide.skipped") }</strong>{ " " }{ lang.text(&q.explanation).to_string() }
                    </p>
                }
                if let Some(x) = chosen {
                    <p class={classes!("reveal", if x == q.answer { "right" } else { "wrong" })} data-testid="guide-reveal">
                        <strong>{ if x == q.answer { lang.t("guide.right") } else { lang.t("guide.wrong") } }</strong>
                        { " " }{ lang.text(&q.explanation).to_string() }
                    </p>
                }
            </div>
        }
    });
    html! {
        <section class="panel guide" data-testid="guide" data-step={i.to_string()}>
            <h2>{ lang.t("guide.title") }<small>{ lang.tf("guide.progress", &[("i", &(i + 1)), ("n", &p.steps.len())]) }</small></h2>
            <p class="caption" data-testid="guide-caption">{ lang.text(&step.caption).to_string() }</p>
            { question.unwrap_or_default() }
            { gate }
        </section>
    }
}
