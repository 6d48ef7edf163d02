//! The switches the chosen protocol preset sets (read from the core's `BrokerConfig`),
//! the value in effect with the overrides, and an override control for each one.

use crate::i18n::Lang;
use crate::preset_switches::{parse_override, show, SwitchInput, SWITCHES, TRUNCATION_VALUES};
use isrlab_sim::config::{BrokerConfig, Protocol};
use serde_json::Value;
use std::collections::BTreeMap;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What the switch table shows and edits.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct SwitchTableProps {
    /// The preset's name (`cluster.protocol`).
    pub protocol: String,
    /// Overrides by Kafka key.
    pub overrides: BTreeMap<String, Value>,
    /// Language.
    pub lang: Lang,
    /// A key's new override (`None` removes it).
    pub on_override: Callback<(String, Option<Value>)>,
}

fn control(
    key: &'static str,
    input: SwitchInput,
    current: Option<&Value>,
    effective: &str,
    p: &SwitchTableProps,
) -> Html {
    let lang = p.lang;
    let cb = p.on_override.clone();
    let onchange = Callback::from(move |e: Event| {
        let text = e
            .target_dyn_into::<HtmlSelectElement>()
            .map(|s| s.value())
            .or_else(|| e.target_dyn_into::<HtmlInputElement>().map(|i| i.value()))
            .unwrap_or_default();
        cb.emit((key.to_string(), parse_override(input, &text)));
    });
    let now = current.map(show).unwrap_or_default();
    let options: Vec<&str> = match input {
        SwitchInput::Flag => vec!["true", "false"],
        SwitchInput::Truncation => TRUNCATION_VALUES.to_vec(),
        SwitchInput::Number => {
            // Shows the value in effect; typing one makes it an override, clearing it returns to the preset.
            let shown = if now.is_empty() {
                effective.to_string()
            } else {
                now
            };
            return html! {
                <input type="number" min="0" value={shown} aria-label={key} placeholder={lang.t("switch.preset")}
                    data-testid="switch-override" data-key={key} {onchange} />
            };
        }
    };
    html! {
        <select aria-label={key} data-testid="switch-override" data-key={key} {onchange}>
            <option value="" selected={current.is_none()}>{ lang.t("switch.preset") }</option>
            { for options.into_iter().map(|o| html! { <option value={o} selected={now == o}>{ shown(lang, o) }</option> }) }
        </select>
    }
}

/// A switch value as the reader sees it: `true`/`false` in the page's language, any
/// other value (a number, a truncation rule's name) as it is.
fn shown(lang: Lang, value: &str) -> String {
    match value {
        "true" => lang.t("value.true").to_string(),
        "false" => lang.t("value.false").to_string(),
        other => other.to_string(),
    }
}

/// The preset's switches with their overrides.
#[function_component(SwitchTable)]
pub fn switch_table(p: &SwitchTableProps) -> Html {
    let lang = p.lang;
    let preset = Protocol::parse(&p.protocol).map(BrokerConfig::preset);
    let effective = BrokerConfig::from_scenario(&p.protocol, &p.overrides);
    let Ok(preset) = preset else {
        return html! {};
    };
    html! {
        <div class="switch-table" data-testid="preset-switches">
            <h3>{ lang.tf("switch.title", &[("preset", &p.protocol)]) }</h3>
            <table>
                <thead><tr>
                    <th scope="col">{ lang.t("switch.name") }</th>
                    <th scope="col">{ lang.t("switch.preset_value") }</th>
                    <th scope="col">{ lang.t("switch.override") }</th>
                    <th scope="col">{ lang.t("switch.effective") }</th>
                </tr></thead>
                <tbody>
                { for SWITCHES.iter().map(|s| {
                    let preset_value = show(&(s.read)(&preset));
                    let effective_value = effective.as_ref().map(|c| show(&(s.read)(c))).unwrap_or_else(|_| "—".into());
                    let overridden = effective_value != preset_value;
                    html! {
                        <tr data-testid="preset-switch" data-key={s.key.unwrap_or("enable.idempotence")}
                            data-preset={preset_value.clone()} data-effective={effective_value.clone()}
                            class={classes!(overridden.then_some("overridden"))}>
                            <th scope="row">{ lang.t(s.label) }<br /><code class="small">{ s.key.unwrap_or("enable.idempotence") }</code></th>
                            <td>{ shown(lang, &preset_value) }</td>
                            <td>{ match s.key {
                                Some(k) => control(k, s.input, p.overrides.get(k), &effective_value, p),
                                None => html! { <span class="muted small">{ lang.t("switch.idempotence_where") }</span> },
                            } }</td>
                            <td>{ shown(lang, &effective_value) }{ if overridden { " ✎" } else { "" } }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            if let Err(e) = &effective {
                <p class="muted small" role="status" data-testid="switch-error">{ e.to_string() }</p>
            }
        </div>
    }
}
