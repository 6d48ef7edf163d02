//! Guided narration: the caption of the scenario's current guide step and, where
//! the step asks one, a prediction question answered before the reveal.

use crate::i18n::Lang;
use isrlab_sim::scenario::{GuideStep, Text};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

/// What the guide panel shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct GuidePanelProps {
    /// The scenario's guide steps.
    pub steps: Rc<Vec<GuideStep>>,
    /// Index of the step reached (the last one at or before now), if any.
    pub current: Option<usize>,
    /// Language.
    pub lang: Lang,
}

fn text(t: &Text, lang: Lang) -> String {
    match lang {
        Lang::En => t.en.clone(),
        Lang::Zh => t.zh.clone(),
    }
}

/// The narration panel (renders nothing for scenarios without a guide).
#[function_component(GuidePanel)]
pub fn guide_panel(p: &GuidePanelProps) -> Html {
    let lang = p.lang;
    let answers = use_state(BTreeMap::<usize, usize>::new);
    if p.steps.is_empty() {
        return html! {};
    }
    let Some(i) = p.current else {
        return html! {
            <section class="panel guide" data-testid="guide">
                <h2>{ lang.t("guide.title") }</h2>
                <p class="muted">{ lang.t("guide.press_play") }</p>
            </section>
        };
    };
    let step = &p.steps[i];
    let question = step.question.as_ref().map(|q| {
        let chosen = answers.get(&i).copied();
        let choices = q.choices.iter().enumerate().map(|(c, choice)| {
            let onclick = {
                let answers = answers.clone();
                Callback::from(move |_| {
                    let mut next = (*answers).clone();
                    next.entry(i).or_insert(c);
                    answers.set(next);
                })
            };
            let class = match chosen {
                Some(_) if c == q.answer => "right",
                Some(x) if x == c => "wrong",
                _ => "",
            };
            html! {
                <button class={classes!("choice", class)} data-testid="guide-choice" onclick={onclick}
                        disabled={chosen.is_some()}>{ text(choice, lang) }</button>
            }
        });
        html! {
            <div class="question" data-testid="guide-question">
                <p class="prompt"><strong>{ lang.t("guide.predict") }</strong>{ " " }{ text(&q.prompt, lang) }</p>
                <div class="choices">{ for choices }</div>
                if let Some(x) = chosen {
                    <p class={classes!("reveal", if x == q.answer { "right" } else { "wrong" })} data-testid="guide-reveal">
                        <strong>{ if x == q.answer { lang.t("guide.right") } else { lang.t("guide.wrong") } }</strong>
                        { " " }{ text(&q.explanation, lang) }
                    </p>
                }
            </div>
        }
    });
    html! {
        <section class="panel guide" data-testid="guide" data-step={i.to_string()}>
            <h2>{ lang.t("guide.title") }<small>{ lang.tf("guide.progress", &[("i", &(i + 1)), ("n", &p.steps.len())]) }</small></h2>
            <p class="caption" data-testid="guide-caption">{ text(&step.caption, lang) }</p>
            { question.unwrap_or_default() }
        </section>
    }
}
