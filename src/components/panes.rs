//! The tabbed side panes: a tab bar built from a list of [`Pane`]s and every pane's body,
//! only the active one shown. Inactive panes stay mounted (hidden), so a half-filled form
//! keeps its values across tab switches. Adding a pane is one more entry in the list the
//! shell passes (see `docs/ui.md`, "Panes").

use crate::i18n::Lang;
use yew::prelude::*;

/// One tabbed pane.
#[derive(Clone, Debug, PartialEq)]
pub struct Pane {
    /// Stable id, written as `data-pane` (and `data-tab` on its tab); see `docs/ui.md`.
    pub id: &'static str,
    /// Translation key of its tab's label.
    pub label: &'static str,
    /// Its content.
    pub body: Html,
}

/// What the tabbed panes show.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct PaneTabsProps {
    /// The panes, in tab order.
    pub panes: Vec<Pane>,
    /// Id of the pane shown.
    pub active: AttrValue,
    /// Language.
    pub lang: Lang,
    /// Called with a pane's id when its tab is chosen.
    pub on_pick: Callback<&'static str>,
}

/// The tab bar and the panes.
#[function_component(PaneTabs)]
pub fn pane_tabs(p: &PaneTabsProps) -> Html {
    let active = if p.panes.iter().any(|pane| pane.id == p.active.as_str()) {
        p.active.as_str()
    } else {
        p.panes.first().map_or("", |pane| pane.id)
    };
    let tabs = p.panes.iter().map(|pane| {
        let on_pick = p.on_pick.clone();
        let id = pane.id;
        let selected = id == active;
        html! {
            <button role="tab" class={classes!("tab", selected.then_some("active"))} data-testid="tab" data-tab={id}
                id={format!("tab-{id}")} aria-selected={selected.to_string()} aria-controls={format!("pane-{id}")}
                tabindex={if selected { "0" } else { "-1" }} onclick={Callback::from(move |_| on_pick.emit(id))}>
                { p.lang.t(pane.label) }
            </button>
        }
    });
    let bodies = p.panes.iter().map(|pane| {
        html! {
            <div class="pane tab-pane" role="tabpanel" data-pane={pane.id} id={format!("pane-{}", pane.id)}
                aria-labelledby={format!("tab-{}", pane.id)} hidden={pane.id != active}>
                { pane.body.clone() }
            </div>
        }
    });
    html! {
        <div class="tabbed">
            <div class="tabs" role="tablist" aria-label={p.lang.t("pane.tabs_aria")}>{ for tabs }</div>
            { for bodies }
        </div>
    }
}
