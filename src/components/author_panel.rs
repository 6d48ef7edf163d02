//! Author mode for teachers: steps at chosen times of the session (one at each recorded
//! action, or one at the current time), each with a caption in English and Chinese and
//! an optional prediction question (choices, the right answer, an explanation, both
//! languages); steps can be reordered or deleted. Preview opens the result in the lab as
//! a student sees it (the guide panel); Save downloads it as a guided scenario file, and
//! Link gives a link that opens it (the whole scenario inside, `crate::link`). The app
//! builds the scenario (`author.rs`) and the core's validator checks it.

use crate::author::{blank_question, insert_step, swap_with_next};
use crate::i18n::{clock, Lang};
use isrlab_sim::scenario::{GuideStep, Text};
use isrlab_sim::{ScenarioError, TimeMs};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the author panel does with the steps: preview them or save them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthorGoal {
    /// Open the scenario in the lab as a student sees it.
    Preview,
    /// Download the scenario file.
    Save,
    /// Make a link that opens the scenario.
    Link,
}

/// What building the authored scenario gave: the link when one was asked for, or the core
/// validator's refusal.
pub type BuildOutcome = Result<Option<String>, ScenarioError>;

/// What the author panel needs.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct AuthorPanelProps {
    /// The current virtual time (where Add puts a step).
    pub now_ms: TimeMs,
    /// The times of the user actions the lab recorded in this session.
    pub recorded: Rc<Vec<TimeMs>>,
    /// Builds the scenario from the steps and its id, and previews, saves or links it (the
    /// link comes back); the core validator's refusal comes back.
    pub on_build: Callback<(AuthorGoal, Vec<GuideStep>, String), BuildOutcome>,
    /// Language.
    pub lang: Lang,
}

/// Which text of a step an input edits.
#[derive(Clone, Copy)]
enum Field {
    Caption,
    Prompt,
    Choice(usize),
    Explanation,
}

fn text_of(step: &mut GuideStep, field: Field) -> Option<&mut Text> {
    match field {
        Field::Caption => Some(&mut step.caption),
        Field::Prompt => step.question.as_mut().map(|q| &mut q.prompt),
        Field::Choice(j) => step.question.as_mut().and_then(|q| q.choices.get_mut(j)),
        Field::Explanation => step.question.as_mut().map(|q| &mut q.explanation),
    }
}

/// A change to the list of steps, made by a button.
type StepsEdit = Rc<dyn Fn(&mut Vec<GuideStep>)>;

/// The author panel.
#[function_component(AuthorPanel)]
pub fn author_panel(p: &AuthorPanelProps) -> Html {
    let lang = p.lang;
    let steps = use_state(Vec::<GuideStep>::new);
    let id = use_state(|| "my-lesson".to_string());
    let outcome = use_state(|| None::<Result<(AuthorGoal, Option<String>), ScenarioError>>);
    let edit = |f: StepsEdit| {
        let steps = steps.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*steps).clone();
            f(&mut next);
            steps.set(next);
        })
    };
    let on_record = {
        let times = p.recorded.clone();
        edit(Rc::new(move |s| {
            times.iter().for_each(|t| insert_step(s, *t))
        }))
    };
    let now = p.now_ms;
    let on_add = edit(Rc::new(move |s| insert_step(s, now)));
    let input = |i: usize, field: Field, zh: bool, value: String, testid: String| {
        let steps = steps.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let Some(el) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let mut next = (*steps).clone();
            if let Some(t) = next.get_mut(i).and_then(|s| text_of(s, field)) {
                *(if zh { &mut t.zh } else { &mut t.en }) = el.value();
            }
            steps.set(next);
        });
        let label = lang.t(if zh { "author.zh" } else { "author.en" });
        html! { <input data-testid={testid} value={value} oninput={oninput} aria-label={label} placeholder={label} /> }
    };
    let pair = |i: usize, field: Field, t: &Text, name: &str| {
        html! { <div class="author-pair">
            { input(i, field, false, t.en.clone(), format!("author-{name}-en")) }
            { input(i, field, true, t.zh.clone(), format!("author-{name}-zh")) }
        </div> }
    };
    let count = steps.len();
    let rows = steps.iter().enumerate().map(|(i, step)| {
        let toggle = edit(Rc::new(move |s| {
            if let Some(st) = s.get_mut(i) {
                st.question = st.question.is_none().then(blank_question);
            }
        }));
        let question = step.question.as_ref().map(|q| {
            let choices = q.choices.iter().enumerate().map(|(j, c)| {
                let pick = edit(Rc::new(move |s| {
                    if let Some(q) = s.get_mut(i).and_then(|st| st.question.as_mut()) {
                        q.answer = j;
                    }
                }));
                html! { <div class="author-choice">
                    <label class="author-answer">
                        <input type="radio" name={format!("author-answer-{i}")} checked={q.answer == j}
                            data-testid="author-answer" onclick={pick} />
                        <span class="visually-hidden">{ lang.t("author.right_answer") }</span>
                    </label>
                    { pair(i, Field::Choice(j), c, "choice") }
                </div> }
            });
            let add_choice = edit(Rc::new(move |s| {
                if let Some(q) = s.get_mut(i).and_then(|st| st.question.as_mut()) {
                    if q.choices.len() < 6 {
                        q.choices.push(Text::default());
                    }
                }
            }));
            html! { <div class="author-question">
                <span class="author-label">{ lang.t("author.prompt") }</span>
                { pair(i, Field::Prompt, &q.prompt, "prompt") }
                <span class="author-label">{ lang.t("author.choices") }</span>
                { for choices }
                <button data-testid="author-add-choice" onclick={add_choice}>{ lang.t("author.add_choice") }</button>
                <span class="author-label">{ lang.t("author.explanation") }</span>
                { pair(i, Field::Explanation, &q.explanation, "explanation") }
            </div> }
        });
        html! {
            <li class="author-step" data-testid="author-step" data-at-ms={step.at_ms.to_string()}>
                <div class="author-step-head">
                    <strong>{ lang.tf("author.step", &[("n", &(i + 1)), ("time", &clock(step.at_ms))]) }</strong>
                    <button data-testid="author-up" disabled={i == 0} title={lang.t("author.up")} aria-label={lang.t("author.up")}
                        onclick={edit(Rc::new(move |s| swap_with_next(s, i.saturating_sub(1))))}>{ "↑" }</button>
                    <button data-testid="author-down" disabled={i + 1 == count} title={lang.t("author.down")} aria-label={lang.t("author.down")}
                        onclick={edit(Rc::new(move |s| swap_with_next(s, i)))}>{ "↓" }</button>
                    <button data-testid="author-delete" title={lang.t("author.delete")} aria-label={lang.t("author.delete")}
                        onclick={edit(Rc::new(move |s| { s.remove(i); }))}>{ "✕" }</button>
                </div>
                <span class="author-label">{ lang.t("author.caption") }</span>
                { pair(i, Field::Caption, &step.caption, "caption") }
                <label class="author-toggle">
                    <input type="checkbox" data-testid="author-has-question" checked={step.question.is_some()} onclick={toggle} />
                    { lang.t("author.question") }
                </label>
                { for question }
            </li>
        }
    });
    let build = |goal: AuthorGoal| {
        let (steps, id, outcome, cb) = (
            steps.clone(),
            id.clone(),
            outcome.clone(),
            p.on_build.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            outcome.set(Some(
                cb.emit((goal, (*steps).clone(), (*id).clone()))
                    .map(|link| (goal, link)),
            ));
        })
    };
    let on_id = {
        let id = id.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(el) = e.target_dyn_into::<HtmlInputElement>() {
                id.set(el.value());
            }
        })
    };
    let report = match &*outcome {
        None => html! {},
        Some(Ok((AuthorGoal::Link, link))) => html! {
            <label class="hint author-link" data-testid="author-done" role="status">{ lang.t("author.linked") }
                <input data-testid="author-link" readonly=true value={link.clone().unwrap_or_default()} /></label>
        },
        Some(Ok((goal, _))) => html! {
            <p class="hint" data-testid="author-done" role="status">
                { lang.t(if *goal == AuthorGoal::Save { "author.saved" } else { "author.previewing" }) }</p>
        },
        Some(Err(e)) => html! {
            <p class="import-errors" data-testid="author-error" role="alert">
                { lang.tf("author.refused", &[("path", &e.path), ("message", &e.message)]) }</p>
        },
    };
    html! {
        <section class="panel author-panel" data-testid="author-panel">
            <p class="hint">{ lang.t("author.intro") }</p>
            <div class="author-actions">
                <button data-testid="author-record" onclick={on_record} disabled={p.recorded.is_empty()}>
                    { lang.tf("author.record", &[("count", &p.recorded.len())]) }</button>
                <button data-testid="author-add" onclick={on_add}>{ lang.tf("author.add", &[("time", &clock(now))]) }</button>
            </div>
            <ol class="author-steps">{ for rows }</ol>
            <div class="author-actions">
                <label class="author-id">{ lang.t("author.id") }
                    <input data-testid="author-id" value={(*id).clone()} oninput={on_id} /></label>
                <button data-testid="author-preview" onclick={build(AuthorGoal::Preview)} disabled={count == 0}>{ lang.t("author.preview") }</button>
                <button data-testid="author-save" onclick={build(AuthorGoal::Save)} disabled={count == 0}>{ lang.t("author.save") }</button>
                <button data-testid="author-make-link" onclick={build(AuthorGoal::Link)} disabled={count == 0}>{ lang.t("author.link") }</button>
            </div>
            { report }
        </section>
    }
}
