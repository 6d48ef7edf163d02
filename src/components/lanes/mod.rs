//! Lanes side by side (issue #11, part 2): a preset picker and one [`lane::LaneCard`] per
//! lane. The lanes themselves are run by [`crate::lanes::LaneSet`]; this only draws them.

pub mod exposure_chart;
pub mod lane;

use crate::i18n::Lang;
use crate::lanes::LaneView;
use isrlab_explore::lanes::PRESETS;
use lane::LaneCard;
use std::rc::Rc;
use yew::prelude::*;

/// Label key of a preset.
pub fn preset_key(id: &str) -> &'static str {
    match id {
        "acks" => "lanes.preset.acks",
        "min-isr" => "lanes.preset.min_isr",
        "unclean" => "lanes.preset.unclean",
        "truncation" => "lanes.preset.truncation",
        "protocol" => "lanes.preset.protocol",
        _ => "lanes.preset.idempotence",
    }
}

/// What the lanes panel shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct LanesPanelProps {
    /// The preset shown, if any.
    pub preset: Option<&'static str>,
    /// The lanes, in order.
    pub lanes: Rc<Vec<LaneView>>,
    /// Why the preset's lanes could not be built on this scenario, if they could not.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// Language.
    pub lang: Lang,
    /// A preset was picked (`None`: no lanes).
    pub on_pick: Callback<Option<&'static str>>,
}

/// The lanes panel.
#[function_component(LanesPanel)]
pub fn lanes_panel(p: &LanesPanelProps) -> Html {
    let lang = p.lang;
    let on_change = {
        let cb = p.on_pick.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            cb.emit(PRESETS.iter().find(|x| x.id == v).map(|x| x.id));
        })
    };
    let options = PRESETS.iter().map(|x| {
        html! { <option value={x.id} selected={p.preset == Some(x.id)}>{ lang.t(preset_key(x.id)) }</option> }
    });
    html! {
        <section class="panel lanes-panel" data-testid="lanes" aria-label={lang.t("lanes.title")}>
            <div class="lanes-head">
                <h2>{ lang.t("lanes.title") }</h2>
                <label>
                    <span class="visually-hidden">{ lang.t("lanes.pick") }</span>
                    <select data-testid="lanes-preset" onchange={on_change} aria-label={lang.t("lanes.pick")}>
                        <option value="" selected={p.preset.is_none()}>{ lang.t("lanes.none") }</option>
                        { for options }
                    </select>
                </label>
                if p.preset.is_some() {
                    <span class="muted lanes-help">{ lang.t("lanes.help") }</span>
                }
            </div>
            if let Some(e) = &p.error {
                <p class="lanes-error" role="alert" data-testid="lanes-error">{ lang.tf("lanes.error", &[("reason", e)]) }</p>
            }
            if !p.lanes.is_empty() {
                <div class="lanes-grid" style={format!("--lanes: {}", p.lanes.len())}>
                    { for p.lanes.iter().map(|l| html! { <LaneCard key={l.value.clone()} lane={l.clone()} lang={lang} /> }) }
                </div>
            }
        </section>
    }
}
