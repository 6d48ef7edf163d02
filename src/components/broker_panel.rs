//! Fault injection for one broker: crash, power loss, restart, pause, resume,
//! controlled shutdown, cut from / reconnect to ZooKeeper. Each button sends the
//! core an `Action`; what the cluster does about it is the core's business.

use crate::components::broker::status_code;
use crate::i18n::Lang;
use isrlab_sim::view::{BrokerStatus, BrokerView};
use isrlab_sim::{Action, NodeId};
use yew::prelude::*;

/// What the broker panel shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct BrokerPanelProps {
    /// The broker.
    pub broker: BrokerView,
    /// Whether its link to ZooKeeper is cut.
    pub cut_from_zk: bool,
    /// Language.
    pub lang: Lang,
    /// Sends an action to the core.
    pub on_action: Callback<Action>,
    /// Closes the panel.
    pub on_close: Callback<()>,
}

/// The actions offered for a broker in a given state: (testid, label key, action, enabled).
fn offers(b: &BrokerView, cut_from_zk: bool) -> Vec<(&'static str, &'static str, Action, bool)> {
    let id = b.id;
    let up = matches!(b.status, BrokerStatus::Running);
    let zk = (NodeId::Broker(id), NodeId::Zookeeper);
    vec![
        ("crash", "fault.crash", Action::Crash { broker: id }, up),
        (
            "power-loss",
            "fault.power_loss",
            Action::PowerLoss { broker: id },
            up,
        ),
        (
            "restart",
            "fault.restart",
            Action::Restart { broker: id },
            b.status == BrokerStatus::Down,
        ),
        ("pause", "fault.pause", Action::Pause { broker: id }, up),
        (
            "resume",
            "fault.resume",
            Action::Resume { broker: id },
            b.status == BrokerStatus::Paused,
        ),
        (
            "controlled-shutdown",
            "fault.controlled_shutdown",
            Action::ControlledShutdown { broker: id },
            up,
        ),
        if cut_from_zk {
            (
                "zk-heal",
                "fault.zk_heal",
                Action::Heal {
                    from: zk.0,
                    to: zk.1,
                    both_ways: true,
                },
                true,
            )
        } else {
            (
                "zk-cut",
                "fault.zk_cut",
                Action::Cut {
                    from: zk.0,
                    to: zk.1,
                    both_ways: true,
                },
                true,
            )
        },
    ]
}

/// The broker's fault menu.
#[function_component(BrokerPanel)]
pub fn broker_panel(p: &BrokerPanelProps) -> Html {
    let lang = p.lang;
    let (_, status_key) = status_code(p.broker.status);
    let buttons = offers(&p.broker, p.cut_from_zk)
        .into_iter()
        .map(|(testid, key, action, enabled)| {
            let cb = p.on_action.clone();
            let onclick = Callback::from(move |_| cb.emit(action.clone()));
            html! {
                <button data-testid={format!("fault-{testid}")} onclick={onclick} disabled={!enabled}
                        title={lang.t(hint_key(key))}>
                    { lang.t(key) }
                </button>
            }
        })
        .collect::<Html>();
    let close = {
        let cb = p.on_close.clone();
        Callback::from(move |_| cb.emit(()))
    };
    html! {
        <section class="panel broker-panel" data-testid="broker-panel" data-broker-id={p.broker.id.to_string()}>
            <header>
                <h2>{ lang.tf("broker.name", &[("id", &p.broker.id)]) }<small>{ lang.t(status_key) }</small></h2>
                <button class="close" onclick={close} aria-label={lang.t("panel.close")}>{ "×" }</button>
            </header>
            <div class="fault-buttons">{ buttons }</div>
        </section>
    }
}

/// The tooltip key that explains an action key (`fault.crash` → `fault.crash_hint`).
fn hint_key(key: &'static str) -> &'static str {
    match key {
        "fault.crash" => "fault.crash_hint",
        "fault.power_loss" => "fault.power_loss_hint",
        "fault.restart" => "fault.restart_hint",
        "fault.pause" => "fault.pause_hint",
        "fault.resume" => "fault.resume_hint",
        "fault.controlled_shutdown" => "fault.controlled_shutdown_hint",
        "fault.zk_cut" => "fault.zk_cut_hint",
        _ => "fault.zk_heal_hint",
    }
}
