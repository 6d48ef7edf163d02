//! Fault injection for one broker: crash, power loss, disk loss, restart, pause,
//! resume, controlled shutdown, slow (with an amount), cut from / reconnect to
//! ZooKeeper. Each button sends the core an `Action` and is enabled exactly when the
//! core accepts it now (asked through `check`); otherwise the core's reason is written
//! beside it. What the cluster does about it is the core's business.

use crate::components::action_button::ActionButton;
use crate::components::broker::status_code;
use crate::i18n::Lang;
use isrlab_sim::view::BrokerView;
use isrlab_sim::{Action, NodeId};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Extra latency offered for a slow broker until the user types another amount.
const DEFAULT_SLOW_MS: u64 = 2_000;

/// What the broker panel shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct BrokerPanelProps {
    /// The broker.
    pub broker: BrokerView,
    /// Whether its link to ZooKeeper is cut.
    pub cut_from_zk: bool,
    /// The core's verdict on an action now: `None` accepted, `Some(reason)` refused.
    pub check: Callback<Action, Option<String>>,
    /// Language.
    pub lang: Lang,
    /// Sends an action to the core.
    pub on_action: Callback<Action>,
    /// Closes the panel.
    pub on_close: Callback<()>,
}

/// Every action offered for a broker: (testid, label key, tooltip key, action).
fn offers(
    b: &BrokerView,
    cut_from_zk: bool,
    slow_ms: u64,
) -> Vec<(&'static str, &'static str, &'static str, Action)> {
    let broker = b.id;
    let (from, to) = (NodeId::Broker(broker), NodeId::Zookeeper);
    vec![
        (
            "crash",
            "fault.crash",
            "fault.crash_hint",
            Action::Crash { broker },
        ),
        (
            "power-loss",
            "fault.power_loss",
            "fault.power_loss_hint",
            Action::PowerLoss { broker },
        ),
        (
            "disk-loss",
            "fault.disk_loss",
            "fault.disk_loss_hint",
            Action::DiskLoss { broker },
        ),
        (
            "restart",
            "fault.restart",
            "fault.restart_hint",
            Action::Restart { broker },
        ),
        (
            "pause",
            "fault.pause",
            "fault.pause_hint",
            Action::Pause { broker },
        ),
        (
            "resume",
            "fault.resume",
            "fault.resume_hint",
            Action::Resume { broker },
        ),
        (
            "controlled-shutdown",
            "fault.controlled_shutdown",
            "fault.controlled_shutdown_hint",
            Action::ControlledShutdown { broker },
        ),
        (
            "slow",
            "fault.slow",
            "fault.slow_hint",
            Action::Slow {
                broker,
                extra_latency_ms: slow_ms,
            },
        ),
        if cut_from_zk {
            (
                "zk-heal",
                "fault.zk_heal",
                "fault.zk_heal_hint",
                Action::Heal {
                    from,
                    to,
                    both_ways: true,
                },
            )
        } else {
            (
                "zk-cut",
                "fault.zk_cut",
                "fault.zk_cut_hint",
                Action::Cut {
                    from,
                    to,
                    both_ways: true,
                },
            )
        },
    ]
}

/// The broker's fault menu.
#[function_component(BrokerPanel)]
pub fn broker_panel(p: &BrokerPanelProps) -> Html {
    let lang = p.lang;
    let slow_ms = use_state(|| DEFAULT_SLOW_MS);
    let (_, status_key) = status_code(p.broker.status);
    let buttons = offers(&p.broker, p.cut_from_zk, *slow_ms)
        .into_iter()
        .map(|(testid, key, hint, action)| {
            html! {
                <ActionButton testid={format!("fault-{testid}")} label={lang.t(key)} title={AttrValue::Static(lang.t(hint))}
                    action={Ok(action)} check={p.check.clone()} on_action={p.on_action.clone()} />
            }
        })
        .collect::<Html>();
    let on_slow = {
        let slow_ms = slow_ms.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = e
                .target_dyn_into::<HtmlInputElement>()
                .and_then(|i| i.value().parse().ok())
            {
                slow_ms.set(v);
            }
        })
    };
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
            <label class="slow-amount">{ lang.t("fault.slow_amount") }
                <input type="number" min="0" step="100" data-testid="fault-slow-ms" value={slow_ms.to_string()} oninput={on_slow} />
            </label>
            if p.broker.extra_latency_ms > 0 {
                <p class="small muted" data-testid="broker-slow-now">
                    { lang.tf("fault.slow_now", &[("ms", &p.broker.extra_latency_ms)]) }
                </p>
            }
            <div class="fault-buttons">{ buttons }</div>
        </section>
    }
}
