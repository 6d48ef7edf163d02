//! The faults pane before a broker is chosen: one button per broker (clicking a broker
//! in the drawing does the same) that opens that broker's fault menu.

use crate::i18n::Lang;
use isrlab_sim::BrokerId;
use yew::prelude::*;

/// What the broker picker shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct BrokerPickProps {
    /// The brokers, in the view's order.
    pub brokers: Vec<BrokerId>,
    /// Language.
    pub lang: Lang,
    /// Called with the chosen broker.
    pub on_pick: Callback<BrokerId>,
}

/// Buttons choosing the broker whose faults to show.
#[function_component(BrokerPick)]
pub fn broker_pick(p: &BrokerPickProps) -> Html {
    let lang = p.lang;
    html! {
        <section class="panel broker-pick" data-testid="broker-pick">
            <h2>{ lang.t("faults.title") }</h2>
            <p class="muted">{ lang.t("faults.pick") }</p>
            <div class="row">
                { for p.brokers.iter().map(|&id| {
                    let cb = p.on_pick.clone();
                    html! {
                        <button data-testid="broker-pick-button" data-broker-id={id.to_string()}
                            onclick={Callback::from(move |_| cb.emit(id))}>
                            { lang.tf("broker.name", &[("id", &id)]) }
                        </button>
                    }
                }) }
            </div>
        </section>
    }
}
