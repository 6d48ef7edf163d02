//! Consumers: each one's group, whether it is a member now, its assigned partitions
//! with position and committed offset, buttons to join or leave its group and to remove
//! it, and a form that adds a consumer during the run (core actions `add_consumer` /
//! `remove_consumer`; the config panel sets the initial consumers).

use crate::components::action_button::ActionButton;
use crate::i18n::Lang;
use isrlab_sim::view::ConsumerView;
use isrlab_sim::Action;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the consumer panel shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct ConsumerPanelProps {
    /// The consumers.
    pub consumers: Rc<Vec<ConsumerView>>,
    /// Language.
    pub lang: Lang,
    /// Topic names a new consumer subscribes to.
    pub topics: Rc<Vec<String>>,
    /// Sends an action to the core.
    pub on_action: Callback<Action>,
    /// The core's verdict on an action now: `None` accepted, `Some(reason)` refused.
    pub check: Callback<Action, Option<String>>,
}

/// A text input's callback that stores what was typed in `s`.
fn typed(s: &UseStateHandle<String>) -> Callback<InputEvent> {
    let s = s.clone();
    Callback::from(move |e: InputEvent| {
        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
            s.set(input.value());
        }
    })
}

/// The consumer panel (nothing when the scenario has no topic to consume).
#[function_component(ConsumerPanel)]
pub fn consumer_panel(p: &ConsumerPanelProps) -> Html {
    let lang = p.lang;
    let name = use_state(String::new);
    let group = use_state(|| {
        p.consumers
            .first()
            .map_or_else(|| "group-1".to_string(), |c| c.group.clone())
    });
    if p.topics.is_empty() {
        return html! {};
    }
    let new_consumer = Action::AddConsumer {
        name: name.trim().to_string(),
        group: group.trim().to_string(),
        topics: p.topics.to_vec(),
        commit: Default::default(),
    };
    let on_add = {
        let (cb, name) = (p.on_action.clone(), name.clone());
        Callback::from(move |a: Action| {
            cb.emit(a);
            name.set(String::new());
        })
    };
    let add = {
        let (on_add, check, action) = (on_add.clone(), p.check.clone(), new_consumer.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if check.emit(action.clone()).is_none() {
                on_add.emit(action.clone());
            }
        })
    };
    let rows = p.consumers.iter().map(|c| {
        let action = if c.joined {
            Action::ConsumerLeave { consumer: c.name.clone() }
        } else {
            Action::ConsumerJoin { consumer: c.name.clone() }
        };
        let onclick = {
            let cb = p.on_action.clone();
            Callback::from(move |_| cb.emit(action.clone()))
        };
        let remove = {
            let (cb, name) = (p.on_action.clone(), c.name.clone());
            Callback::from(move |_| cb.emit(Action::RemoveConsumer { name: name.clone() }))
        };
        let assignment = c
            .assignment
            .iter()
            .map(|(tp, position, committed)| {
                let committed = committed.map_or("–".to_string(), |o| o.to_string());
                lang.tf("consumer.part", &[("tp", tp), ("pos", position), ("committed", &committed)])
            })
            .collect::<Vec<_>>();
        html! {
            <li data-testid="consumer" data-name={c.name.clone()} data-joined={c.joined.to_string()}>
                <div class="row">
                    <strong>{ c.name.clone() }</strong>
                    <span class="muted">{ lang.tf("consumer.group", &[("group", &c.group)]) }</span>
                    <span class={classes!("tag", if c.joined { "isr" } else { "no-isr" })}>
                        { if c.joined { lang.t("consumer.member") } else { lang.t("consumer.not_member") } }
                    </span>
                    <button onclick={onclick}>{ if c.joined { lang.t("consumer.leave") } else { lang.t("consumer.join") } }</button>
                    <ActionButton testid="consumer-crash" label={lang.t("consumer.crash")} action={Ok(Action::ConsumerCrash { consumer: c.name.clone() })}
                        check={p.check.clone()} on_action={p.on_action.clone()} />
                    <ActionButton testid="consumer-restart" label={lang.t("consumer.restart")} action={Ok(Action::ConsumerRestart { consumer: c.name.clone() })}
                        check={p.check.clone()} on_action={p.on_action.clone()} />
                    <button data-testid="consumer-remove-live" onclick={remove}>{ lang.t("consumer.remove") }</button>
                </div>
                if !assignment.is_empty() {
                    <div class="small muted">{ assignment.join(" · ") }</div>
                }
            </li>
        }
    });
    html! {
        <section class="panel consumer-panel" data-testid="consumers">
            <h2>{ lang.t("consumer.title") }</h2>
            <ul class="consumers">{ for rows }</ul>
            <form class="row" data-testid="consumer-add-live" onsubmit={add}>
                <input aria-label={lang.t("consumer.name")} placeholder={lang.t("consumer.name")} value={(*name).clone()}
                    oninput={typed(&name)} data-testid="consumer-add-name" />
                <input aria-label={lang.t("consumer.group_label")} placeholder={lang.t("consumer.group_label")}
                    value={(*group).clone()} oninput={typed(&group)} data-testid="consumer-add-group" />
                <ActionButton testid="consumer-add-live-submit" label={lang.t("consumer.add")} action={Ok(new_consumer)}
                    check={p.check.clone()} on_action={on_add} />
            </form>
        </section>
    }
}
