//! The cluster as SVG: the coordination service, brokers with their replica chips,
//! producers and consumers, the links between them, and the messages in flight. Above
//! the drawing: the chips' legend, a topic filter and zoom controls (drag to pan).

use crate::components::broker::Broker;
use crate::components::links::{LinkMenu, Links};
use crate::components::messages::Messages;
use crate::explore::badges::Answers;
use crate::hooks::use_width::use_width;
use crate::i18n::Lang;
use crate::layout::{client_names, ClientBox, Layout, Rect, ZoneBox};
use isrlab_sim::view::ClusterView as View;
use isrlab_sim::{Action, NodeId};
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// What the cluster view shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct ClusterViewProps {
    /// The core's view of the cluster now.
    pub view: Rc<View>,
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
    /// What-if answers for the brokers' badges (none: no badges).
    #[prop_or_default]
    pub what_if: Option<Rc<Answers>>,
    /// Click on a broker's what-if badge.
    #[prop_or_default]
    pub on_what_if: Callback<u32>,
}

/// Width the drawing is laid out for before it has been measured (server-side renders).
const DEFAULT_WIDTH: f64 = 1000.0;
/// Largest zoom factor.
const MAX_ZOOM: f64 = 8.0;

/// Zoom factor and the point (fractions of the drawing) at the centre of the view.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Zoom {
    factor: f64,
    center: (f64, f64),
}

impl Zoom {
    const FIT: Zoom = Zoom {
        factor: 1.0,
        center: (0.5, 0.5),
    };

    /// The SVG viewBox showing this zoom of a `w` × `h` drawing.
    fn view_box(self, w: f64, h: f64) -> Rect {
        let (vw, vh) = (w / self.factor, h / self.factor);
        let x = (self.center.0 * w - vw / 2.0).clamp(0.0, w - vw);
        let y = (self.center.1 * h - vh / 2.0).clamp(0.0, h - vh);
        Rect { x, y, w: vw, h: vh }
    }

    /// Zoomed by `by` (clamped to 1..=MAX_ZOOM).
    fn scaled(self, by: f64) -> Zoom {
        let factor = (self.factor * by).clamp(1.0, MAX_ZOOM);
        Zoom {
            factor,
            center: if factor == 1.0 {
                (0.5, 0.5)
            } else {
                self.center
            },
        }
    }
}

/// Every link drawn: ZooKeeper to each broker, each pair of brokers, each client to each broker.
fn links_of(layout: &Layout) -> Vec<(NodeId, NodeId, &'static str)> {
    let brokers: Vec<NodeId> = layout
        .brokers
        .iter()
        .map(|b| NodeId::Broker(b.id))
        .collect();
    let mut links: Vec<_> = brokers
        .iter()
        .map(|&b| (NodeId::Zookeeper, b, "link zk"))
        .collect();
    for (i, &a) in brokers.iter().enumerate() {
        links.extend(brokers[i + 1..].iter().map(|&b| (a, b, "link replication")));
    }
    for c in &layout.clients {
        links.extend(brokers.iter().map(|&b| (c.node, b, "link client")));
    }
    links
}

/// The cluster drawing.
#[function_component(ClusterView)]
pub fn cluster_view(p: &ClusterViewProps) -> Html {
    let view = &p.view;
    let lang = p.lang;
    let frame = use_node_ref();
    let width = use_width(frame.clone(), DEFAULT_WIDTH);
    let topic = use_state(|| None::<String>);
    let zoom = use_state(|| Zoom::FIT);
    let drag = use_mut_ref(|| None::<(i32, i32, Zoom)>);
    let open_link = use_state(|| None::<(NodeId, NodeId)>);
    let layout = Rc::new(Layout::of(view, topic.as_deref(), width, lang));
    let on_open_link = {
        let open_link = open_link.clone();
        Callback::from(move |l: Option<(NodeId, NodeId)>| open_link.set(l))
    };
    let links = Rc::new(links_of(&layout));
    let clients_names = Rc::new(client_names(view));
    let partitions = Rc::new(view.partitions.clone());
    let brokers = view
        .brokers
        .iter()
        .zip(&layout.brokers)
        .map(|(b, placed)| {
            html! {
                <Broker key={b.id} broker={b.clone()} placed={placed.clone()} mode={layout.chip_mode}
                    partitions={partitions.clone()} selected={p.selected}
                    menu_open={p.menu_broker == Some(b.id)} lang={lang}
                    on_select={p.on_select.clone()} on_click={p.on_broker.clone()}
                    what_if={p.what_if.as_ref().map(|a| a.counts(b.id))} on_what_if={p.on_what_if.clone()} />
            }
        })
        .collect::<Html>();
    let clients = layout.clients.iter().map(client).collect::<Html>();
    let zones = layout.zones.iter().map(zone_frame).collect::<Html>();
    let zk = layout.zk;
    let vb = zoom.view_box(layout.width, layout.height);
    let view_box = format!("{:.1} {:.1} {:.1} {:.1}", vb.x, vb.y, vb.w, vb.h);

    let zoom_by = |by: f64| {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| zoom.set(zoom.scaled(by)))
    };
    let fit = {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| zoom.set(Zoom::FIT))
    };
    let on_down = {
        let (drag, zoom) = (drag.clone(), zoom.clone());
        Callback::from(move |e: PointerEvent| {
            if zoom.factor > 1.0 {
                *drag.borrow_mut() = Some((e.client_x(), e.client_y(), *zoom));
            }
        })
    };
    let on_move = {
        let (drag, zoom, frame) = (drag.clone(), zoom.clone(), frame.clone());
        let (w, h) = (layout.width, layout.height);
        Callback::from(move |e: PointerEvent| {
            let Some((x0, y0, start)) = *drag.borrow() else {
                return;
            };
            let shown = frame
                .cast::<web_sys::Element>()
                .map_or(w, |el| f64::from(el.client_width().max(1)));
            // Drawing units per screen pixel at this zoom.
            let per_px = w / start.factor / shown;
            let dx = f64::from(e.client_x() - x0) * per_px / w;
            let dy = f64::from(e.client_y() - y0) * per_px / h;
            zoom.set(Zoom {
                factor: start.factor,
                center: (start.center.0 - dx, start.center.1 - dy),
            });
        })
    };
    let on_up = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| *drag.borrow_mut() = None)
    };
    let on_topic = {
        let topic = topic.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_dyn_into::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            topic.set((!value.is_empty()).then_some(value));
        })
    };
    let mut topics: Vec<&str> = view
        .partitions
        .iter()
        .map(|p| p.tp.topic.as_str())
        .collect();
    topics.dedup();
    let legend = [
        ("leader", lang.t("chip.leader")),
        ("follower", lang.t("chip.follower")),
        ("follower out-of-isr", lang.t("chip.out_of_isr")),
        ("follower selected", lang.t("legend.selected")),
    ];
    html! {
        <div class="cluster-frame" ref={frame}>
            <div class="cluster-bar">
                <ul class="chip-legend" data-testid="chip-legend" aria-label={lang.t("legend.aria")}>
                    { for legend.iter().map(|(class, label)| html! {
                        <li><span class={classes!("chip-swatch", class.split(' ').collect::<Vec<_>>())}></span>{ *label }</li>
                    }) }
                </ul>
                if topics.len() > 1 {
                    <label class="topic-filter">
                        { lang.t("cluster.topic") }
                        <select data-testid="topic-filter" onchange={on_topic}>
                            <option value="" selected={topic.is_none()}>{ lang.t("cluster.all_topics") }</option>
                            { for topics.iter().map(|t| html! {
                                <option value={t.to_string()} selected={topic.as_deref() == Some(*t)}>{ t.to_string() }</option>
                            }) }
                        </select>
                    </label>
                }
                <div class="zoom" role="group" aria-label={lang.t("cluster.zoom")}>
                    <button data-testid="zoom-out" onclick={zoom_by(0.5)} disabled={zoom.factor <= 1.0}
                        aria-label={lang.t("cluster.zoom_out")} title={lang.t("cluster.zoom_out")}>{ "−" }</button>
                    <button data-testid="zoom-fit" onclick={fit} disabled={zoom.factor <= 1.0}
                        title={lang.t("cluster.zoom_fit")}>{ lang.t("cluster.fit") }</button>
                    <button data-testid="zoom-in" onclick={zoom_by(2.0)} disabled={zoom.factor >= MAX_ZOOM}
                        aria-label={lang.t("cluster.zoom_in")} title={lang.t("cluster.zoom_in")}>{ "+" }</button>
                </div>
            </div>
            <svg class={classes!("cluster", (zoom.factor > 1.0).then_some("zoomed"))} data-testid="cluster"
                 data-zoom={zoom.factor.to_string()} viewBox={view_box}
                 width={format!("{:.0}", layout.width)} height={format!("{:.0}", layout.height)}
                 role="img" aria-label={lang.t("cluster.aria")} preserveAspectRatio="xMidYMin meet"
                 onpointerdown={on_down} onpointermove={on_move} onpointerup={on_up.clone()} onpointerleave={on_up}>
                <defs>
                    <pattern id="hatch-down" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <rect width="8" height="8" class="hatch-bg" />
                        <line x1="0" y1="0" x2="0" y2="8" class="hatch-line" />
                    </pattern>
                </defs>
                <Links links={links} cuts={Rc::new(view.cuts.clone())} layout={layout.clone()} clients={clients_names.clone()}
                    lang={lang} open={*open_link} on_open={on_open_link.clone()} />
                <g class="zk" data-testid="zookeeper">
                    <rect x={zk.x.to_string()} y={zk.y.to_string()} width={zk.w.to_string()} height={zk.h.to_string()} rx="23" />
                    <text x={(zk.x + zk.w / 2.0).to_string()} y={(zk.y + 19.0).to_string()} text-anchor="middle" class="zk-name label">
                        { layout.zk_text.0.clone() }
                    </text>
                    <text x={(zk.x + zk.w / 2.0).to_string()} y={(zk.y + 36.0).to_string()} text-anchor="middle" class="zk-sub label">
                        { layout.zk_text.1.clone() }
                    </text>
                </g>
                { clients }
                { zones }
                { brokers }
                <Messages view={p.view.clone()} layout={layout.clone()} lang={lang} on_message={p.on_message.clone()}
                    reduced_motion={p.reduced_motion} show_control={p.show_control} />
                <LinkMenu open={*open_link} layout={layout} clients={clients_names} lang={lang}
                    on_action={p.on_action.clone()} on_open={on_open_link} />
            </svg>
        </div>
    }
}

/// A producer or consumer node.
fn client(c: &ClientBox) -> Html {
    let Rect { x, y, w, h } = c.rect;
    let (class, node) = match c.node {
        NodeId::Producer(i) => ("producer", format!("producer-{i}")),
        NodeId::Consumer(i) => ("consumer", format!("consumer-{i}")),
        _ => ("", String::new()),
    };
    let cx = x + w / 2.0;
    html! {
        <g class={classes!("client", class, c.down.then_some("down"))} data-testid="client" data-node={node}>
            <title>{ format!("{} · {}", c.role, c.name) }</title>
            <rect x={x.to_string()} y={y.to_string()} width={w.to_string()} height={h.to_string()} rx="6" />
            <text x={cx.to_string()} y={(y + 16.0).to_string()} text-anchor="middle" class="client-role label">{ c.role.clone() }</text>
            <text x={cx.to_string()} y={(y + 34.0).to_string()} text-anchor="middle" class="client-name label">{ c.name.clone() }</text>
        </g>
    }
}

/// A zone's frame behind its brokers, with its label (clusters with `broker.rack`).
fn zone_frame(z: &ZoneBox) -> Html {
    let r = z.rect;
    html! {
        <g class="zone" data-testid="zone" data-zone={z.zone.clone()}>
            <rect x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="8" />
            <text class="zone-label" x={(r.x + 6.0).to_string()} y={(r.y + 13.0).to_string()}>{ z.label.clone() }</text>
        </g>
    }
}
