//! Produce one message or a burst, with the producer's acks or a chosen one.

use crate::components::action_button::ActionButton;
use crate::i18n::Lang;
use isrlab_sim::{Acks, Action};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Records in a burst.
const BURST: u32 = 10;

/// What the produce panel offers.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct ProducePanelProps {
    /// Producer names from the scenario.
    pub producers: Rc<Vec<String>>,
    /// Topics with their partition counts.
    pub topics: Rc<Vec<(String, u32)>>,
    /// How many records have been produced so far (to suggest the next value).
    pub produced: usize,
    /// Language.
    pub lang: Lang,
    /// The core's verdict on an action now: `None` accepted, `Some(reason)` refused.
    pub check: Callback<Action, Option<String>>,
    /// Sends an action to the core.
    pub on_action: Callback<Action>,
}

fn select_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value())
}

/// The produce controls.
#[function_component(ProducePanel)]
pub fn produce_panel(p: &ProducePanelProps) -> Html {
    let lang = p.lang;
    let producer = use_state(|| 0usize);
    let topic = use_state(|| 0usize);
    let partition = use_state(|| None::<u32>);
    let acks = use_state(|| None::<Acks>);
    let value = use_state(String::new);
    if p.producers.is_empty() || p.topics.is_empty() {
        return html! {
            <section class="panel produce-panel"><h2>{ lang.t("produce.title") }</h2><p>{ lang.t("produce.none") }</p></section>
        };
    }
    let producer_i = (*producer).min(p.producers.len() - 1);
    let topic_i = (*topic).min(p.topics.len() - 1);
    let (topic_name, partitions) = p.topics[topic_i].clone();
    let next_value = format!("m{}", p.produced + 1);
    let value_now = if value.trim().is_empty() {
        next_value.clone()
    } else {
        value.trim().to_string()
    };
    // The action a button sends: the form's choices, `acks` overridden or not.
    let produce = |count: u32, acks: Option<Acks>| Action::Produce {
        producer: p.producers[producer_i].clone(),
        topic: topic_name.clone(),
        partition: *partition,
        value: value_now.clone(),
        acks,
        count: (count > 1).then_some(count),
    };
    let on_producer = {
        let s = producer.clone();
        Callback::from(move |e: Event| {
            s.set(select_value(&e).and_then(|v| v.parse().ok()).unwrap_or(0))
        })
    };
    let on_topic = {
        let (s, part) = (topic.clone(), partition.clone());
        Callback::from(move |e: Event| {
            s.set(select_value(&e).and_then(|v| v.parse().ok()).unwrap_or(0));
            part.set(None);
        })
    };
    let on_partition = {
        let s = partition.clone();
        Callback::from(move |e: Event| s.set(select_value(&e).and_then(|v| v.parse().ok())))
    };
    let on_acks = {
        let s = acks.clone();
        Callback::from(move |e: Event| {
            s.set(match select_value(&e).as_deref() {
                Some("0") => Some(Acks::None),
                Some("1") => Some(Acks::Leader),
                Some("all") => Some(Acks::All),
                _ => None,
            })
        })
    };
    let on_value = {
        let s = value.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                s.set(input.value());
            }
        })
    };
    let acks_code = match *acks {
        None => "",
        Some(Acks::None) => "0",
        Some(Acks::Leader) => "1",
        Some(Acks::All) => "all",
    };
    html! {
        <section class="panel produce-panel" data-testid="produce-panel">
            <h2>{ lang.t("produce.title") }</h2>
            <div class="form-grid">
                <label>{ lang.t("produce.producer") }
                    <select data-testid="produce-producer" onchange={on_producer}>
                        { for p.producers.iter().enumerate().map(|(i, n)| html! {
                            <option value={i.to_string()} selected={i == producer_i}>{ n.clone() }</option> }) }
                    </select>
                </label>
                <label>{ lang.t("produce.topic") }
                    <select onchange={on_topic}>
                        { for p.topics.iter().enumerate().map(|(i, (n, _))| html! {
                            <option value={i.to_string()} selected={i == topic_i}>{ n.clone() }</option> }) }
                    </select>
                </label>
                <label>{ lang.t("produce.partition") }
                    <select data-testid="produce-partition" onchange={on_partition}>
                        <option value="" selected={partition.is_none()}>{ lang.t("produce.round_robin") }</option>
                        { for (0..partitions).map(|i| html! {
                            <option value={i.to_string()} selected={*partition == Some(i)}>{ format!("{topic_name}-{i}") }</option> }) }
                    </select>
                </label>
                <label>{ "acks" }
                    <select data-testid="produce-acks" onchange={on_acks}>
                        <option value="" selected={acks_code.is_empty()}>{ lang.t("produce.acks_default") }</option>
                        { for [("0", Acks::None), ("1", Acks::Leader), ("all", Acks::All)].iter().map(|(c, a)| html! {
                            // An acks the core refuses for this producer (an idempotent one needs all) is not offered.
                            <option value={*c} selected={acks_code == *c}
                                disabled={p.check.emit(produce(1, Some(*a))).is_some()}>{ format!("acks={c}") }</option> }) }
                    </select>
                </label>
                <label class="wide">{ lang.t("produce.value") }
                    <input type="text" value={(*value).clone()} placeholder={next_value.clone()} oninput={on_value} maxlength="24" />
                </label>
            </div>
            <div class="row">
                <ActionButton testid="produce" label={lang.t("produce.one")} action={Ok(produce(1, *acks))}
                    check={p.check.clone()} on_action={p.on_action.clone()} />
                <ActionButton testid="produce-burst" label={lang.tf("produce.burst", &[("n", &BURST)])} action={Ok(produce(BURST, *acks))}
                    check={p.check.clone()} on_action={p.on_action.clone()} />
            </div>
        </section>
    }
}
