//! A button that sends one action to the core, enabled exactly when the core accepts
//! it now (asked through `check`), with the core's refusal written beside it otherwise.

use crate::components::why_disabled::WhyDisabled;
use isrlab_sim::Action;
use yew::prelude::*;

/// What the button sends and says.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct ActionButtonProps {
    /// `data-testid` of the button.
    pub testid: AttrValue,
    /// Its label, translated.
    pub label: AttrValue,
    /// Its tooltip, translated.
    #[prop_or_default]
    pub title: Option<AttrValue>,
    /// The action, or why the form around it cannot make one yet (translated).
    pub action: Result<Action, AttrValue>,
    /// The core's verdict on an action now: `None` accepted, `Some(reason)` refused.
    pub check: Callback<Action, Option<String>>,
    /// Sends the action.
    pub on_action: Callback<Action>,
}

/// The button and, when it is disabled, the reason.
#[function_component(ActionButton)]
pub fn action_button(p: &ActionButtonProps) -> Html {
    let reason = match &p.action {
        Ok(a) => p.check.emit(a.clone()).map(AttrValue::from),
        Err(why) => Some(why.clone()),
    };
    let onclick = {
        let (cb, action) = (p.on_action.clone(), p.action.clone());
        Callback::from(move |_| {
            if let Ok(a) = &action {
                cb.emit(a.clone());
            }
        })
    };
    html! {
        <span class="action-offer">
            <button type="button" data-testid={p.testid.clone()} disabled={reason.is_some()} title={p.title.clone()} {onclick}>
                { p.label.clone() }
            </button>
            <WhyDisabled {reason} />
        </span>
    }
}
