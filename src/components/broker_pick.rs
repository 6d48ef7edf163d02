//! The faults pane before a broker is chosen: one button per broker (clicking a broker
//! in the drawing does the same) that opens that broker's fault menu, and, when the
//! brokers have racks, the faults that take a whole rack or zone down at once
//! (`rack_down`, `zone_down`, with or without a power loss).

use crate::components::action_button::ActionButton;
use crate::i18n::Lang;
use isrlab_sim::view::BrokerView;
use isrlab_sim::{Action, BrokerId};
use yew::prelude::*;

/// What the broker picker shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct BrokerPickProps {
    /// The brokers, in the view's order.
    pub brokers: Vec<BrokerView>,
    /// Language.
    pub lang: Lang,
    /// Called with the chosen broker.
    pub on_pick: Callback<BrokerId>,
    /// The core's verdict on an action now: `None` accepted, `Some(reason)` refused.
    pub check: Callback<Action, Option<String>>,
    /// Sends an action to the core.
    pub on_action: Callback<Action>,
}

/// The distinct values of `field` among the brokers, in first-seen order.
fn places(brokers: &[BrokerView], field: fn(&BrokerView) -> Option<&String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in brokers.iter().filter_map(field) {
        if !out.contains(name) {
            out.push(name.clone());
        }
    }
    out
}

/// Buttons choosing the broker whose faults to show, then the rack and zone faults.
#[function_component(BrokerPick)]
pub fn broker_pick(p: &BrokerPickProps) -> Html {
    let lang = p.lang;
    let racks = places(&p.brokers, |b| b.rack.as_ref());
    let zones = places(&p.brokers, |b| b.zone.as_ref());
    // One row per place: its name, then its two faults.
    let row = |kind: &'static str, name: &str, label: String, down: Action, power: Action| {
        let button = |testid: String, text: &'static str, title: &'static str, action: Action| {
            html! {
                <ActionButton testid={testid} label={lang.t(text)} title={Some(AttrValue::from(lang.t(title)))}
                    action={Ok::<Action, AttrValue>(action)} check={p.check.clone()} on_action={p.on_action.clone()} />
            }
        };
        html! {
            <div class="place-row" data-testid="place" data-place={name.to_string()}>
                <span class="place-name">{ label }</span>
                { button(format!("{kind}-down"), "faults.place_down", "faults.down_title", down) }
                { button(format!("{kind}-power-loss"), "faults.place_power_loss", "faults.power_title", power) }
            </div>
        }
    };
    html! {
        <section class="panel broker-pick" data-testid="broker-pick">
            <h2>{ lang.t("faults.title") }</h2>
            <p class="muted">{ lang.t("faults.pick") }</p>
            <div class="row">
                { for p.brokers.iter().map(|b| {
                    let (cb, id) = (p.on_pick.clone(), b.id);
                    html! {
                        <button data-testid="broker-pick-button" data-broker-id={id.to_string()}
                            onclick={Callback::from(move |_| cb.emit(id))}>
                            { lang.tf("broker.name", &[("id", &id)]) }
                        </button>
                    }
                }) }
            </div>
            if !racks.is_empty() {
                <h3>{ lang.t("faults.places") }</h3>
                <p class="muted">{ lang.t("faults.places_hint") }</p>
                <div class="place-faults" data-testid="place-faults">
                    { for racks.iter().map(|rack| row("rack", rack, lang.tf("faults.rack", &[("rack", rack)]),
                        Action::RackDown { rack: rack.clone(), power_loss: false },
                        Action::RackDown { rack: rack.clone(), power_loss: true })) }
                    { for zones.iter().map(|zone| row("zone", zone, lang.tf("faults.zone", &[("zone", zone)]),
                        Action::ZoneDown { zone: zone.clone(), power_loss: false },
                        Action::ZoneDown { zone: zone.clone(), power_loss: true })) }
                </div>
            }
        </section>
    }
}
