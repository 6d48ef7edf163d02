//! The what-if list: for one broker, each fault's acknowledged messages that would be
//! lost if it were applied now, whether the fork settled, and "Show me" to watch it.

use crate::explore::badges::Answers;
use crate::i18n::Lang;
use isrlab_explore::written::value_of;
use isrlab_explore::Fault;
use std::rc::Rc;
use yew::prelude::*;

/// Translation key of a fault's name.
pub fn fault_key(f: Fault) -> &'static str {
    match f {
        Fault::Crash => "whatif.crash",
        Fault::PowerLoss => "whatif.power_loss",
        Fault::CutOff => "whatif.cut_off",
        Fault::Pause => "whatif.pause",
    }
}

/// What the list shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct WhatIfPaneProps {
    /// The latest what-if answers (none before the first round completes).
    pub answers: Option<Rc<Answers>>,
    /// Every broker id, for the picker.
    pub brokers: Vec<u32>,
    /// The broker whose list is shown.
    pub broker: Option<u32>,
    /// Language.
    pub lang: Lang,
    /// A broker picked.
    pub on_pick: Callback<u32>,
    /// "Show me": play this broker's fault in the preview.
    pub on_show: Callback<(u32, Fault)>,
}

/// The list for the chosen broker.
#[function_component(WhatIfPane)]
pub fn what_if_pane(p: &WhatIfPaneProps) -> Html {
    let lang = p.lang;
    let broker = p.broker.or(p.brokers.first().copied());
    let picker = p.brokers.iter().map(|&b| {
        let on_pick = p.on_pick.clone();
        html! {
            <button class="whatif-pick" aria-pressed={(broker == Some(b)).to_string()} data-broker-id={b.to_string()}
                onclick={Callback::from(move |_| on_pick.emit(b))}>{ lang.tf("broker.name", &[("id", &b)]) }</button>
        }
    });
    let body = match (&p.answers, broker) {
        (Some(a), Some(b)) => rows(a, b, lang, &p.on_show),
        _ => html! { <p class="muted">{ lang.t("whatif.computing") }</p> },
    };
    let at = p.answers.as_ref().map_or(0, |a| a.at_ms());
    html! {
        <div class="whatif-pane" data-testid="whatif-pane" data-at-ms={at.to_string()}>
            <p class="muted">{ lang.tf("whatif.intro", &[("t", &at)]) }</p>
            <div class="whatif-picker" role="group" aria-label={lang.t("whatif.pick")}>{ for picker }</div>
            { body }
        </div>
    }
}

fn rows(a: &Answers, broker: u32, lang: Lang, on_show: &Callback<(u32, Fault)>) -> Html {
    let row = |f: Fault| {
        let name = lang.t(fault_key(f));
        let Some(w) = a.get(broker, f) else {
            return html! {
                <li class="whatif-row refused" data-fault={f.name()}>
                    <strong>{ name }</strong>{ " — " }{ lang.t("whatif.refused") }
                </li>
            };
        };
        let values: Vec<String> = w
            .lost
            .iter()
            .map(|&id| value_of(&a.sim, id).unwrap_or_else(|| id.to_string()))
            .collect();
        let settled = if w.settled {
            lang.tf("whatif.settled", &[("t", &w.until_ms)])
        } else {
            lang.tf("whatif.not_settled", &[("t", &w.until_ms)])
        };
        let show = {
            let cb = on_show.clone();
            Callback::from(move |_| cb.emit((broker, f)))
        };
        html! {
            <li class={classes!("whatif-row", (!w.lost.is_empty()).then_some("loses"))} data-fault={f.name()}
                data-lost={w.lost.len().to_string()}>
                <div class="whatif-head">
                    <strong>{ name }</strong>
                    <span class="whatif-count">{ lang.tf("whatif.lost", &[("n", &w.lost.len())]) }</span>
                    <button class="whatif-show" data-testid="whatif-show" onclick={show}>{ lang.t("whatif.show") }</button>
                </div>
                if !values.is_empty() {
                    <ul class="whatif-messages">{ for values.iter().map(|v| html! { <li>{ v.clone() }</li> }) }</ul>
                }
                <p class="muted">{ settled }</p>
            </li>
        }
    };
    html! {
        <ul class="whatif-rows" data-broker-id={broker.to_string()}>{ for Fault::WHAT_IF.into_iter().map(row) }</ul>
    }
}
