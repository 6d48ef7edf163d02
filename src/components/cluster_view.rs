//! The cluster as SVG: the coordination service, brokers with their replica chips,
//! producers and consumers, the links between them, and the messages in flight.

use crate::components::broker::Broker;
use crate::components::links::{LinkMenu, Links};
use crate::components::messages::Messages;
use crate::i18n::Lang;
use crate::layout::{Layout, WIDTH, ZK_CENTER};
use isrlab_sim::view::ClusterView as View;
use isrlab_sim::{Action, NodeId};
use std::rc::Rc;
use yew::prelude::*;

/// What the cluster view shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct ClusterViewProps {
    /// The core's view of the cluster now.
    pub view: Rc<View>,
    /// Producer names, by index.
    pub producers: Rc<Vec<String>>,
    /// Consumer names with their groups, by index.
    pub consumers: Rc<Vec<(String, String)>>,
    /// Index of the selected partition.
    pub selected: usize,
    /// Broker whose action menu is open.
    #[prop_or_default]
    pub menu_broker: Option<u32>,
    /// Language.
    pub lang: Lang,
    /// Partition selection.
    pub on_select: Callback<usize>,
    /// Click on a broker.
    pub on_broker: Callback<u32>,
    /// Click on a message in flight (its id).
    #[prop_or_default]
    pub on_message: Callback<u64>,
    /// Whether to draw messages without motion.
    #[prop_or_default]
    pub reduced_motion: bool,
    /// Whether to draw control-plane messages.
    #[prop_or(true)]
    pub show_control: bool,
    /// Sends an action to the core (cutting or healing a clicked link).
    #[prop_or_default]
    pub on_action: Callback<Action>,
}

/// The cluster drawing.
#[function_component(ClusterView)]
pub fn cluster_view(p: &ClusterViewProps) -> Html {
    let view = &p.view;
    let layout = Rc::new(Layout::of(view, p.producers.len(), p.consumers.len()));
    let lang = p.lang;
    let open_link = use_state(|| None::<(NodeId, NodeId)>);
    let on_open_link = {
        let open_link = open_link.clone();
        Callback::from(move |l: Option<(NodeId, NodeId)>| open_link.set(l))
    };
    let mut links = Vec::new();
    for (id, _) in &layout.brokers {
        links.push((NodeId::Zookeeper, NodeId::Broker(*id), "link zk"));
    }
    for (i, (a, _)) in layout.brokers.iter().enumerate() {
        for (b, _) in &layout.brokers[i + 1..] {
            links.push((NodeId::Broker(*a), NodeId::Broker(*b), "link replication"));
        }
    }
    let clients = (0..p.producers.len() as u32)
        .map(NodeId::Producer)
        .chain((0..p.consumers.len() as u32).map(NodeId::Consumer));
    for client in clients {
        for (b, _) in &layout.brokers {
            links.push((client, NodeId::Broker(*b), "link client"));
        }
    }
    let links = Rc::new(links);
    let controller = match view.controller {
        Some(id) => lang.tf(
            "zk.controller",
            &[("id", &id), ("epoch", &view.controller_epoch)],
        ),
        None => lang.t("zk.no_controller").to_string(),
    };
    let brokers = view
        .brokers
        .iter()
        .zip(&layout.brokers)
        .map(|(b, (_, rect))| {
            html! {
                <Broker key={b.id} broker={b.clone()} controller_epoch={view.controller_epoch}
                    partitions={view.partitions.clone()} rect={*rect} selected={p.selected}
                    menu_open={p.menu_broker == Some(b.id)} lang={lang}
                    on_select={p.on_select.clone()} on_click={p.on_broker.clone()} />
            }
        })
        .collect::<Html>();
    let clients = p
        .producers
        .iter()
        .zip(&layout.producers)
        .map(|(name, &(x, y))| client(x, y, "producer", lang.t("client.producer"), name))
        .chain(
            p.consumers
                .iter()
                .zip(&layout.consumers)
                .map(|((name, group), &(x, y))| {
                    client(
                        x,
                        y,
                        "consumer",
                        lang.t("client.consumer"),
                        &format!("{name} · {group}"),
                    )
                }),
        )
        .collect::<Html>();
    let view_box = format!("0 0 {WIDTH} {:.0}", layout.height);
    html! {
        <svg class="cluster" data-testid="cluster" viewBox={view_box} role="img"
             aria-label={lang.t("cluster.aria")} preserveAspectRatio="xMidYMin meet">
            <defs>
                <pattern id="hatch-down" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                    <rect width="8" height="8" class="hatch-bg" />
                    <line x1="0" y1="0" x2="0" y2="8" class="hatch-line" />
                </pattern>
            </defs>
            <Links links={links} cuts={Rc::new(view.cuts.clone())} layout={layout.clone()} lang={lang}
                open={*open_link} on_open={on_open_link.clone()} />
            <g class="zk" data-testid="zookeeper">
                <rect x={(ZK_CENTER.0 - 120.0).to_string()} y={(ZK_CENTER.1 - 26.0).to_string()} width="240" height="52" rx="26" />
                <text x={ZK_CENTER.0.to_string()} y={(ZK_CENTER.1 - 4.0).to_string()} text-anchor="middle" class="zk-name">
                    { lang.t("zk.name") }
                </text>
                <text x={ZK_CENTER.0.to_string()} y={(ZK_CENTER.1 + 14.0).to_string()} text-anchor="middle" class="zk-sub">
                    { controller }
                </text>
            </g>
            { clients }
            { brokers }
            <Messages view={p.view.clone()} layout={layout.clone()} lang={lang} on_message={p.on_message.clone()}
                reduced_motion={p.reduced_motion} show_control={p.show_control} />
            <LinkMenu open={*open_link} layout={layout} lang={lang} on_action={p.on_action.clone()} on_open={on_open_link} />
        </svg>
    }
}

/// A producer or consumer node.
fn client(x: f64, y: f64, class: &'static str, role: &str, name: &str) -> Html {
    html! {
        <g class={classes!("client", class)}>
            <rect x={(x - 52.0).to_string()} y={(y - 22.0).to_string()} width="104" height="44" rx="6" />
            <text x={x.to_string()} y={(y - 5.0).to_string()} text-anchor="middle" class="client-role">{ role.to_string() }</text>
            <text x={x.to_string()} y={(y + 12.0).to_string()} text-anchor="middle" class="client-name">{ name.to_string() }</text>
        </g>
    }
}
