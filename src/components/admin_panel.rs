//! Kafka's admin tools on the running cluster: `kafka-reassign-partitions.sh --execute`,
//! `kafka-leader-election.sh --election-type preferred|unclean` and `kafka-configs.sh
//! --alter`. Every button is enabled exactly when the core accepts its action (the app
//! asks the core through `check`) and otherwise says the core's reason beside it.

use crate::components::action_button::ActionButton;
use crate::i18n::Lang;
use isrlab_sim::{Action, BrokerId, TopicPartition};
use serde_json::Value;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What the admin panel offers.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct AdminPanelProps {
    /// Every partition with its assigned replicas, in the view's order.
    pub partitions: Rc<Vec<(TopicPartition, Vec<BrokerId>)>>,
    /// Topic names (scopes of a topic config change).
    pub topics: Rc<Vec<String>>,
    /// Config keys the core accepts: (key, whether a topic may override it).
    pub config_keys: Rc<Vec<(&'static str, bool)>>,
    /// The core's verdict on an action now: `None` accepted, `Some(reason)` refused.
    pub check: Callback<Action, Option<String>>,
    /// Sends an action to the core.
    pub on_action: Callback<Action>,
    /// Language.
    pub lang: Lang,
}

/// The replica list typed as broker ids separated by commas or spaces (`1, 2, 3`).
fn parse_replicas(text: &str) -> Option<Vec<BrokerId>> {
    let ids: Result<Vec<BrokerId>, _> = text
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect();
    ids.ok().filter(|v| !v.is_empty())
}

/// A typed config value: JSON where it parses (`30000`, `true`), else the text itself.
fn parse_value(text: &str) -> Value {
    serde_json::from_str(text.trim()).unwrap_or_else(|_| Value::String(text.trim().to_string()))
}

fn value_of(e: &Event) -> String {
    e.target_dyn_into::<HtmlSelectElement>()
        .map(|s| s.value())
        .or_else(|| e.target_dyn_into::<HtmlInputElement>().map(|i| i.value()))
        .unwrap_or_default()
}

/// A button for `action` (or the reason the form cannot make it yet).
fn offer(
    p: &AdminPanelProps,
    testid: &'static str,
    label: &'static str,
    action: Result<Action, String>,
) -> Html {
    html! {
        <div class="row">
            <ActionButton testid={testid} label={p.lang.t(label)} action={action.map_err(AttrValue::from)}
                check={p.check.clone()} on_action={p.on_action.clone()} />
        </div>
    }
}

/// The admin tools panel.
#[function_component(AdminPanel)]
pub fn admin_panel(p: &AdminPanelProps) -> Html {
    let lang = p.lang;
    let chosen = use_state(|| 0usize);
    let replicas = use_state(String::new);
    let scope = use_state(String::new);
    let key = use_state(|| p.config_keys.first().map_or("", |k| k.0));
    let value = use_state(String::new);
    let set = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: Event| state.set(value_of(&e)))
    };
    let typed = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                state.set(i.value());
            }
        })
    };
    let Some((tp, assigned)) = p.partitions.get(*chosen).or(p.partitions.first()).cloned() else {
        return html! {};
    };
    let on_partition = {
        let (chosen, replicas) = (chosen.clone(), replicas.clone());
        Callback::from(move |e: Event| {
            if let Ok(i) = value_of(&e).parse() {
                chosen.set(i);
                replicas.set(String::new());
            }
        })
    };
    let on_key = {
        let (key, keys) = (key.clone(), p.config_keys.clone());
        Callback::from(move |e: Event| {
            let v = value_of(&e);
            if let Some(k) = keys.iter().find(|k| k.0 == v) {
                key.set(k.0);
            }
        })
    };
    let current = assigned
        .iter()
        .map(|b| b.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let typed_replicas = if replicas.is_empty() {
        current.clone()
    } else {
        (*replicas).clone()
    };
    let reassign = parse_replicas(&typed_replicas)
        .map(|replicas| Action::Reassign {
            topic: tp.topic.clone(),
            partition: tp.partition,
            replicas,
        })
        .ok_or_else(|| lang.t("admin.replicas_format").to_string());
    let preferred = Action::PreferredElection {
        topic: Some(tp.topic.clone()),
        partition: Some(tp.partition),
    };
    let unclean = Action::UncleanElection {
        topic: tp.topic.clone(),
        partition: tp.partition,
    };
    let topic_scope = (!scope.is_empty()).then(|| (*scope).clone());
    let set_config = if value.trim().is_empty() {
        Err(lang.t("admin.value_needed").to_string())
    } else {
        Ok(Action::SetConfig {
            topic: topic_scope.clone(),
            key: (*key).to_string(),
            value: parse_value(&value),
        })
    };
    let keys = p
        .config_keys
        .iter()
        .filter(|(_, topic_level)| topic_scope.is_none() || *topic_level);
    html! {
        <section class="panel admin-panel" data-testid="admin">
            <h2>{ lang.t("admin.title") }</h2>
            <label>{ lang.t("admin.partition") }
                <select data-testid="admin-partition" onchange={on_partition}>
                    { for p.partitions.iter().enumerate().map(|(i, (tp, _))| html! {
                        <option value={i.to_string()} selected={i == *chosen}>{ tp.to_string() }</option> }) }
                </select>
            </label>
            <h3><code>{ "kafka-reassign-partitions.sh --execute" }</code></h3>
            <label>{ lang.tf("admin.replicas", &[("now", &current)]) }
                <input data-testid="admin-replicas" value={typed_replicas} oninput={typed(&replicas)} />
            </label>
            { offer(p, "admin-reassign", "admin.reassign", reassign) }
            <h3><code>{ "kafka-leader-election.sh" }</code></h3>
            { offer(p, "admin-preferred", "admin.preferred", Ok(preferred)) }
            { offer(p, "admin-preferred-all", "admin.preferred_all", Ok(Action::PreferredElection { topic: None, partition: None })) }
            { offer(p, "admin-unclean", "admin.unclean", Ok(unclean)) }
            <p class="muted small">{ lang.t("admin.unclean_note") }</p>
            <h3><code>{ "kafka-configs.sh --alter" }</code></h3>
            <div class="form-grid">
                <label>{ lang.t("admin.scope") }
                    <select data-testid="admin-config-scope" onchange={set(&scope)}>
                        <option value="" selected={scope.is_empty()}>{ lang.t("admin.scope_cluster") }</option>
                        { for p.topics.iter().map(|t| html! {
                            <option value={t.clone()} selected={*t == *scope}>{ lang.tf("admin.scope_topic", &[("topic", t)]) }</option> }) }
                    </select>
                </label>
                <label>{ lang.t("admin.key") }
                    <select data-testid="admin-config-key" onchange={on_key}>
                        { for keys.map(|(k, _)| html! { <option value={*k} selected={*k == *key}>{ *k }</option> }) }
                    </select>
                </label>
                <label class="wide">{ lang.t("admin.value") }
                    <input data-testid="admin-config-value" value={(*value).clone()} oninput={typed(&value)} />
                </label>
            </div>
            { offer(p, "admin-set-config", "admin.set_config", set_config) }
        </section>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn replica_lists_and_values_are_read_as_typed() {
        assert_eq!(parse_replicas("1, 2,3"), Some(vec![1, 2, 3]));
        assert_eq!(parse_replicas("1 2"), Some(vec![1, 2]));
        assert_eq!(parse_replicas(""), None);
        assert_eq!(parse_replicas("1,x"), None);
        assert_eq!(parse_value("30000"), Value::from(30000));
        assert_eq!(parse_value(" true "), Value::from(true));
        assert_eq!(parse_value("leader_epoch"), Value::from("leader_epoch"));
    }
}
