//! The event log: one sentence per structured event of the core, newest first,
//! filterable by category and partition; a click travels to the event's time.

use crate::i18n::{clock, Lang};
use crate::sentences::{category, partition, sentence, Category, Names};
use isrlab_sim::{Event as SimEvent, TimeMs};
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Most rows drawn at once (the newest matching ones).
const MAX_ROWS: usize = 250;

/// What the event log shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct EventLogProps {
    /// Every event so far.
    pub events: Rc<Vec<SimEvent>>,
    /// Client names.
    pub names: Rc<Names>,
    /// Partition names, for the filter.
    pub partitions: Rc<Vec<String>>,
    /// Language.
    pub lang: Lang,
    /// Travel to a time.
    pub on_jump: Callback<TimeMs>,
}

/// The event log.
#[function_component(EventLog)]
pub fn event_log(p: &EventLogProps) -> Html {
    let lang = p.lang;
    let cat = use_state(|| None::<Category>);
    let tp = use_state(|| None::<String>);
    let on_cat = {
        let cat = cat.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_dyn_into::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            cat.set(Category::ALL.into_iter().find(|c| c.code() == v));
        })
    };
    let on_tp = {
        let tp = tp.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_dyn_into::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            tp.set((!v.is_empty()).then_some(v));
        })
    };
    let rows = p
        .events
        .iter()
        .rev()
        .filter(|e| cat.is_none_or(|c| category(&e.kind) == c))
        .filter(|e| tp.as_ref().is_none_or(|want| partition(&e.kind).is_some_and(|t| t.to_string() == *want)))
        .take(MAX_ROWS)
        .map(|e| {
            let c = category(&e.kind);
            let onclick = {
                let (cb, t) = (p.on_jump.clone(), e.time_ms);
                Callback::from(move |_| cb.emit(t))
            };
            html! {
                <li class={classes!("event", c.code())} data-testid="event" data-category={c.code()}
                    data-time-ms={e.time_ms.to_string()}>
                    <button class="event-time" onclick={onclick} title={lang.t("events.jump")}>{ clock(e.time_ms) }</button>
                    <span class="event-cat">{ lang.t(c.key()) }</span>
                    <span class="event-text">{ sentence(&e.kind, lang, &p.names) }</span>
                </li>
            }
        })
        .collect::<Vec<_>>();
    let empty = rows.is_empty();
    html! {
        <section class="panel event-log" data-testid="event-log">
            <header>
                <h2>{ lang.t("events.title") }<small>{ lang.tf("events.count", &[("n", &p.events.len())]) }</small></h2>
                <div class="filters">
                    <select data-testid="event-filter-kind" onchange={on_cat} aria-label={lang.t("events.filter_kind")}>
                        <option value="" selected={cat.is_none()}>{ lang.t("events.all_kinds") }</option>
                        { for Category::ALL.iter().map(|c| html! {
                            <option value={c.code()} selected={*cat == Some(*c)}>{ lang.t(c.key()) }</option> }) }
                    </select>
                    <select data-testid="event-filter-partition" onchange={on_tp} aria-label={lang.t("events.filter_partition")}>
                        <option value="" selected={tp.is_none()}>{ lang.t("events.all_partitions") }</option>
                        { for p.partitions.iter().map(|name| html! {
                            <option value={name.clone()} selected={tp.as_deref() == Some(name.as_str())}>{ name.clone() }</option> }) }
                    </select>
                </div>
            </header>
            if empty {
                <p class="muted">{ lang.t("events.none") }</p>
            } else {
                <ol class="events">{ for rows }</ol>
            }
        </section>
    }
}
