//! Adding a consumer to a chosen group, or removing one, in the config panel. The core
//! has no action that creates or deletes a consumer mid-run, so these edit the
//! scenario's consumer list and take effect when the config is applied (the run restarts).

use crate::i18n::Lang;
use isrlab_sim::scenario::ConsumerSpec;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the consumer editor shows and edits.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct ConsumerEditorProps {
    /// The consumers the config will run with.
    pub consumers: Vec<ConsumerSpec>,
    /// Language.
    pub lang: Lang,
    /// Add a consumer to the named group.
    pub on_add: Callback<String>,
    /// Remove the named consumer.
    pub on_remove: Callback<String>,
}

/// The consumer list with add and remove buttons.
#[function_component(ConsumerEditor)]
pub fn consumer_editor(p: &ConsumerEditorProps) -> Html {
    let lang = p.lang;
    let group = use_state(|| {
        p.consumers
            .first()
            .map(|c| c.group.clone())
            .unwrap_or_else(|| "group-1".into())
    });
    let on_group = {
        let group = group.clone();
        Callback::from(move |e: Event| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                group.set(i.value());
            }
        })
    };
    let add = {
        let (cb, group) = (p.on_add.clone(), group.clone());
        Callback::from(move |_| cb.emit((*group).clone()))
    };
    let mut groups: Vec<&str> = p.consumers.iter().map(|c| c.group.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    html! {
        <div class="consumer-editor" data-testid="consumer-editor">
            <h3>{ lang.t("consumers.edit_title") }</h3>
            <ul>
            { for p.consumers.iter().map(|c| {
                let (cb, name) = (p.on_remove.clone(), c.name.clone());
                html! {
                    <li data-testid="consumer-spec" data-name={c.name.clone()} data-group={c.group.clone()}>
                        { lang.tf("consumers.spec", &[("name", &c.name), ("group", &c.group)]) }
                        <button data-testid="consumer-remove" aria-label={lang.tf("consumers.remove_aria", &[("name", &c.name)])}
                            onclick={Callback::from(move |_| cb.emit(name.clone()))}>{ lang.t("consumers.remove") }</button>
                    </li>
                }
            }) }
            </ul>
            <label>{ lang.t("consumers.group") }
                <input type="text" list="consumer-groups" value={(*group).clone()} data-testid="consumer-group" onchange={on_group} />
            </label>
            <datalist id="consumer-groups">{ for groups.iter().map(|g| html! { <option value={g.to_string()} /> }) }</datalist>
            <button data-testid="consumer-add" onclick={add}>{ lang.t("consumers.add") }</button>
        </div>
    }
}
