//! The network: manual mode (messages wait to be delivered or dropped by hand),
//! the held messages with Deliver/Drop, and cutting or healing links.

use crate::components::action_button::ActionButton;
use crate::i18n::Lang;
use isrlab_sim::view::{BrokerView, InFlightView};
use isrlab_sim::{Action, NodeId};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Most held messages listed.
const MAX_HELD: usize = 12;

/// What the network panel shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct NetworkPanelProps {
    /// Whether manual mode is on.
    pub manual: bool,
    /// Messages in flight.
    pub in_flight: Rc<Vec<InFlightView>>,
    /// Cut links.
    pub cuts: Rc<Vec<(NodeId, NodeId)>>,
    /// Brokers (link end points).
    pub brokers: Rc<Vec<BrokerView>>,
    /// Language.
    pub lang: Lang,
    /// Sends an action to the core.
    pub on_action: Callback<Action>,
    /// The core's verdict on an action now: `None` accepted, `Some(reason)` refused.
    pub check: Callback<Action, Option<String>>,
    /// Whether control-plane messages are drawn.
    pub show_control: bool,
    /// Show or hide them.
    pub on_toggle_control: Callback<()>,
    /// Client names by node (see [`crate::layout::client_names`]).
    #[prop_or_default]
    pub clients: Rc<Vec<(NodeId, String)>>,
}

/// A node's short name: a client by its own name (`clients`, from
/// [`crate::layout::client_names`]), as the drawing writes it.
pub fn node_name(lang: Lang, n: NodeId, clients: &[(NodeId, String)]) -> String {
    if let Some((_, name)) = clients.iter().find(|(c, _)| *c == n) {
        return name.clone();
    }
    match n {
        NodeId::Broker(b) => lang.tf("broker.name", &[("id", &b)]),
        NodeId::Zookeeper => lang.t("zk.name").to_string(),
        NodeId::Producer(i) => lang.tf("net.producer", &[("i", &i)]),
        NodeId::Consumer(i) => lang.tf("net.consumer", &[("i", &i)]),
    }
}

fn parse_node(v: &str) -> Option<NodeId> {
    if v == "zk" {
        Some(NodeId::Zookeeper)
    } else {
        v.parse().ok().map(NodeId::Broker)
    }
}

fn node_value(n: NodeId) -> String {
    match n {
        NodeId::Broker(b) => b.to_string(),
        _ => "zk".to_string(),
    }
}

/// The network panel.
#[function_component(NetworkPanel)]
pub fn network_panel(p: &NetworkPanelProps) -> Html {
    let lang = p.lang;
    let nodes: Vec<NodeId> = p
        .brokers
        .iter()
        .map(|b| NodeId::Broker(b.id))
        .chain(std::iter::once(NodeId::Zookeeper))
        .collect();
    let from = use_state(|| nodes.first().copied().unwrap_or(NodeId::Zookeeper));
    let to = use_state(|| nodes.get(1).copied().unwrap_or(NodeId::Zookeeper));
    let both = use_state(|| true);
    let emit = |a: Action| {
        let cb = p.on_action.clone();
        Callback::from(move |_| cb.emit(a.clone()))
    };
    let toggle = emit(Action::SetManualNetwork { on: !p.manual });
    let held = p.in_flight.iter().filter(|m| m.held).take(MAX_HELD).map(|m| {
        html! {
            <li data-testid="held-message" data-message-id={m.id.to_string()}>
                <span class="held-kind">{ m.kind.clone() }</span>
                <span class="held-route">{ format!("{} → {}", node_name(lang, m.from, &p.clients), node_name(lang, m.to, &p.clients)) }</span>
                <button data-testid="deliver" onclick={emit(Action::Deliver { message: m.id })}>{ lang.t("net.deliver") }</button>
                <button data-testid="drop" onclick={emit(Action::Drop { message: m.id })}>{ lang.t("net.drop") }</button>
            </li>
        }
    });
    let held_count = p.in_flight.iter().filter(|m| m.held).count();
    let pick = |state: UseStateHandle<NodeId>| {
        Callback::from(move |e: Event| {
            if let Some(n) = e
                .target_dyn_into::<HtmlSelectElement>()
                .and_then(|s| parse_node(&s.value()))
            {
                state.set(n);
            }
        })
    };
    let options = |selected: NodeId| {
        nodes
            .iter()
            .map(|n| html! { <option value={node_value(*n)} selected={*n == selected}>{ node_name(lang, *n, &p.clients) }</option> })
            .collect::<Html>()
    };
    let on_both = {
        let both = both.clone();
        Callback::from(move |e: Event| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                both.set(i.checked());
            }
        })
    };
    let cuts = p.cuts.iter().map(|(a, b)| {
        html! {
            <li data-testid="cut">
                { format!("{} ⇸ {}", node_name(lang, *a, &p.clients), node_name(lang, *b, &p.clients)) }
                <button onclick={emit(Action::Heal { from: *a, to: *b, both_ways: false })}>{ lang.t("net.heal") }</button>
            </li>
        }
    });
    html! {
        <section class="panel network-panel" data-testid="network-panel">
            <h2>{ lang.t("net.title") }</h2>
            <div class="row">
                <button data-testid="manual-toggle" class={classes!(p.manual.then_some("primary"))} onclick={toggle}
                        aria-pressed={p.manual.to_string()} title={lang.t("net.manual_hint")}>
                    { if p.manual { lang.t("net.manual_off") } else { lang.t("net.manual_on") } }
                </button>
            </div>
            if p.manual {
                <p class="muted">{ lang.tf("net.held", &[("n", &held_count)]) }</p>
                <ul class="held">{ for held }</ul>
            }
            <label class="check">
                <input type="checkbox" data-testid="show-control" checked={p.show_control}
                    onchange={{ let cb = p.on_toggle_control.clone(); Callback::from(move |_| cb.emit(())) }} />
                { lang.t("net.show_control") }
            </label>
            <h3>{ lang.t("net.links") }</h3>
            <div class="form-grid">
                <label>{ lang.t("net.from") }<select data-testid="cut-from" onchange={pick(from.clone())}>{ options(*from) }</select></label>
                <label>{ lang.t("net.to") }<select data-testid="cut-to" onchange={pick(to.clone())}>{ options(*to) }</select></label>
                <label class="wide check"><input type="checkbox" checked={*both} onchange={on_both} />{ lang.t("net.both_ways") }</label>
            </div>
            <div class="row">
                <ActionButton testid="cut-link" label={lang.t("net.cut")} action={Ok(Action::Cut { from: *from, to: *to, both_ways: *both })}
                    check={p.check.clone()} on_action={p.on_action.clone()} />
                <ActionButton testid="heal-link" label={lang.t("net.heal")} action={Ok(Action::Heal { from: *from, to: *to, both_ways: *both })}
                    check={p.check.clone()} on_action={p.on_action.clone()} />
            </div>
            if !p.cuts.is_empty() {
                <ul class="cuts">{ for cuts }</ul>
            }
        </section>
    }
}
