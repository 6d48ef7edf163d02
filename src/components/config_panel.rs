//! The configuration panel: brokers, partitions, replication factor, placement rule,
//! `min.insync.replicas`, unclean election, acks and idempotence, lag time, session
//! timeout, network latency/jitter/loss, the protocol preset and its switches, and both
//! placement rules side by side. The core checks the edited knobs before Apply (which
//! stays disabled, with the core's reason beside it, until they are acceptable).
//! Applying resets the run (the app says so).

use crate::components::consumer_editor::ConsumerEditor;
use crate::components::placement_compare::PlacementCompare;
use crate::components::switch_table::SwitchTable;
use crate::components::why_disabled::WhyDisabled;
use crate::config_form::{ConfigForm, BROKERS, PARTITIONS, PROTOCOLS};
use crate::i18n::Lang;
use isrlab_sim::placement::PlacementRule;
use isrlab_sim::{Acks, Scenario};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What the configuration panel edits.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct ConfigPanelProps {
    /// The knobs of the scenario being run.
    pub form: ConfigForm,
    /// The scenario being run (the knobs are applied to a copy of it).
    pub base: Rc<Scenario>,
    /// Language.
    pub lang: Lang,
    /// Apply the edited knobs (resets the run).
    pub on_apply: Callback<ConfigForm>,
}

fn value_of(e: &Event) -> String {
    if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
        s.value()
    } else if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
        if i.type_() == "checkbox" {
            i.checked().to_string()
        } else {
            i.value()
        }
    } else {
        String::new()
    }
}

/// The configuration panel.
#[function_component(ConfigPanel)]
pub fn config_panel(p: &ConfigPanelProps) -> Html {
    let lang = p.lang;
    let form = use_state(|| p.form.clone());
    let edit = |f: fn(&mut ConfigForm, &str)| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            f(&mut next, &value_of(&e));
            form.set(next);
        })
    };
    let number = |label: &'static str, value: String, min: u64, max: u64, on: Callback<Event>| {
        html! {
            <label>{ label }
                <input type="number" min={min.to_string()} max={max.to_string()} value={value} onchange={on} />
            </label>
        }
    };
    let apply = {
        let (cb, form) = (p.on_apply.clone(), form.clone());
        Callback::from(move |_| cb.emit((*form).clone()))
    };
    let comparison = {
        let base = p.base.clone();
        use_memo((*form).clone(), move |f| f.placements(&base))
    };
    let on_override = {
        let form = form.clone();
        Callback::from(move |(key, value): (String, Option<serde_json::Value>)| {
            let mut next = (*form).clone();
            match value {
                Some(v) => next.overrides.insert(key, v),
                None => next.overrides.remove(&key),
            };
            form.set(next);
        })
    };
    let on_add_consumer = {
        let (form, base) = (form.clone(), p.base.clone());
        Callback::from(move |group: String| {
            let mut next = (*form).clone();
            next.add_consumer(&group, &base);
            form.set(next);
        })
    };
    let on_remove_consumer = {
        let form = form.clone();
        Callback::from(move |name: String| {
            let mut next = (*form).clone();
            next.consumers.retain(|c| c.name != name);
            form.set(next);
        })
    };
    let verdict = {
        let base = p.base.clone();
        use_memo((*form).clone(), move |f| f.check(&base).map(|_| ()))
    };
    let f = &*form;
    let changed = *f != p.form;
    let why = match (&*verdict, changed) {
        (Err(e), _) => Some(AttrValue::from(
            lang.tf("config.invalid", &[("error", &e.sentence(lang))]),
        )),
        (Ok(()), false) => Some(AttrValue::Static(lang.t("config.unchanged"))),
        (Ok(()), true) => None,
    };
    // One replica per broker at most: the choices stop at the broker count (a higher
    // value already chosen stays listed, and the core's refusal says why it cannot apply).
    let rf_choices = 1..=f.brokers.max(f.replication_factor);
    html! {
        <section class="panel config-panel" data-testid="config">
            <h2>{ lang.t("config.title") }</h2>
            <div class="form-grid">
                <label>{ lang.t("config.brokers") }
                    <select data-testid="config-brokers" onchange={edit(|f, v| f.brokers = v.parse().unwrap_or(f.brokers))}>
                        { for BROKERS.map(|n| html! { <option value={n.to_string()} selected={n == f.brokers}>{ n }</option> }) }
                    </select>
                </label>
                <label>{ lang.t("config.protocol") }
                    <select onchange={edit(|f, v| f.protocol = v.to_string())}>
                        { for PROTOCOLS.iter().map(|p| html! {
                            <option value={p.name()} selected={p.name() == f.protocol}>{ format!("Kafka {}", p.name()) }</option> }) }
                    </select>
                </label>
                <label>{ lang.t("config.partitions") }
                    <select data-testid="config-partitions" onchange={edit(|f, v| f.partitions = v.parse().unwrap_or(f.partitions))}>
                        { for PARTITIONS.map(|n| html! { <option value={n.to_string()} selected={n == f.partitions}>{ n }</option> }) }
                    </select>
                </label>
                <label>{ lang.t("config.rf") }
                    <select data-testid="config-rf" onchange={edit(|f, v| f.replication_factor = v.parse().unwrap_or(f.replication_factor))}>
                        { for rf_choices.map(|n| html! { <option value={n.to_string()} selected={n == f.replication_factor}>{ n }</option> }) }
                    </select>
                </label>
                <label class="wide">{ lang.t("config.placement") }
                    <select onchange={edit(|f, v| f.placement = if v == "textbook" { PlacementRule::Textbook } else { PlacementRule::Kafka })}>
                        <option value="kafka" selected={f.placement == PlacementRule::Kafka}>{ lang.t("config.placement_kafka") }</option>
                        <option value="textbook" selected={f.placement == PlacementRule::Textbook}>{ lang.t("config.placement_textbook") }</option>
                    </select>
                </label>
                { number("min.insync.replicas", f.min_insync_replicas.to_string(), 1, 9,
                    edit(|f, v| f.min_insync_replicas = v.parse().unwrap_or(f.min_insync_replicas))) }
                <label>{ "acks" }
                    <select data-testid="config-acks" onchange={edit(|f, v| f.acks = match v { "0" => Acks::None, "1" => Acks::Leader, _ => Acks::All })}>
                        <option value="0" selected={f.acks == Acks::None}>{ "acks=0" }</option>
                        <option value="1" selected={f.acks == Acks::Leader}>{ "acks=1" }</option>
                        <option value="all" selected={f.acks == Acks::All}>{ "acks=all" }</option>
                    </select>
                </label>
                <label class="check"><input type="checkbox" checked={f.unclean}
                    onchange={edit(|f, v| f.unclean = v == "true")} />{ "unclean.leader.election.enable" }</label>
                <label class="check"><input type="checkbox" data-testid="config-idempotence" checked={f.idempotence}
                    onchange={edit(|f, v| f.idempotence = v == "true")} />{ "enable.idempotence" }</label>
                { number(lang.t("config.latency"), f.latency_ms.to_string(), 0, 10_000,
                    edit(|f, v| f.latency_ms = v.parse().unwrap_or(f.latency_ms))) }
                { number(lang.t("config.jitter"), f.jitter_ms.to_string(), 0, 10_000,
                    edit(|f, v| f.jitter_ms = v.parse().unwrap_or(f.jitter_ms))) }
                { number(lang.t("config.loss"), f.loss_percent.to_string(), 0, 100,
                    edit(|f, v| f.loss_percent = v.parse::<u32>().map_or(f.loss_percent, |x| x.min(100)))) }
            </div>
            <PlacementCompare comparison={comparison} lang={lang} />
            <SwitchTable protocol={f.protocol.clone()} overrides={f.overrides.clone()} lang={lang} on_override={on_override} />
            <ConsumerEditor consumers={f.consumers.clone()} lang={lang} on_add={on_add_consumer} on_remove={on_remove_consumer} />
            <p class="muted small">{ lang.t("config.note") }</p>
            <button class="primary" data-testid="config-apply" onclick={apply} disabled={why.is_some()}>{ lang.t("config.apply") }</button>
            <WhyDisabled reason={why} />
        </section>
    }
}
