//! Consumers: each one's group, whether it is a member now, its assigned partitions
//! with position and committed offset, and a button to join or leave its group.

use crate::i18n::Lang;
use isrlab_sim::view::ConsumerView;
use isrlab_sim::Action;
use std::rc::Rc;
use yew::prelude::*;

/// What the consumer panel shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct ConsumerPanelProps {
    /// The consumers.
    pub consumers: Rc<Vec<ConsumerView>>,
    /// Language.
    pub lang: Lang,
    /// Sends an action to the core.
    pub on_action: Callback<Action>,
}

/// The consumer panel (nothing when the scenario has no consumer).
#[function_component(ConsumerPanel)]
pub fn consumer_panel(p: &ConsumerPanelProps) -> Html {
    let lang = p.lang;
    if p.consumers.is_empty() {
        return html! {};
    }
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
        </section>
    }
}
