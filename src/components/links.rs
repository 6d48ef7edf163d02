//! The network links of the cluster drawing. A cut link is dashed and labelled with its
//! direction; clicking a link (or Enter on it) opens a small menu to cut it one way,
//! the other way or both ways, or to heal it. The core applies the `Cut`/`Heal` actions.

use crate::components::activate;
use crate::components::network_panel::node_name;
use crate::i18n::Lang;
use crate::layout::{along, path_d, Layout};
use isrlab_sim::{Action, NodeId};
use std::rc::Rc;
use yew::prelude::*;

/// What the links layer shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct LinksProps {
    /// Every link drawn: its two ends and its CSS class.
    pub links: Rc<Vec<(NodeId, NodeId, &'static str)>>,
    /// Directed cuts in force, from the core's view.
    pub cuts: Rc<Vec<(NodeId, NodeId)>>,
    /// Positions.
    pub layout: Rc<Layout>,
    /// Client names by node.
    pub clients: Rc<Vec<(NodeId, String)>>,
    /// Language.
    pub lang: Lang,
    /// The link whose menu is open.
    pub open: Option<(NodeId, NodeId)>,
    /// Opens (or, with `None`, closes) a link's menu.
    pub on_open: Callback<Option<(NodeId, NodeId)>>,
}

/// What the link menu needs.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct LinkMenuProps {
    /// The link whose menu is open.
    pub open: Option<(NodeId, NodeId)>,
    /// Positions.
    pub layout: Rc<Layout>,
    /// Client names by node.
    pub clients: Rc<Vec<(NodeId, String)>>,
    /// Language.
    pub lang: Lang,
    /// Sends an action to the core.
    pub on_action: Callback<Action>,
    /// Closes the menu.
    pub on_open: Callback<Option<(NodeId, NodeId)>>,
}

/// A node as a `data-from` / `data-to` value.
fn node_key(n: NodeId) -> String {
    match n {
        NodeId::Broker(b) => format!("broker-{b}"),
        NodeId::Zookeeper => "zk".into(),
        NodeId::Producer(i) => format!("producer-{i}"),
        NodeId::Consumer(i) => format!("consumer-{i}"),
    }
}

/// One button of the link menu, drawn in SVG.
fn menu_button(
    x: f64,
    y: f64,
    label: String,
    testid: &'static str,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <g class="link-menu-button" data-testid={testid} role="button" tabindex="0" aria-label={label.clone()} {onclick}>
            <rect x={(x - 80.0).to_string()} y={(y - 11.0).to_string()} width="160" height="22" rx="4" />
            <text x={x.to_string()} y={(y + 4.0).to_string()} text-anchor="middle">{ label }</text>
        </g>
    }
}

/// The links layer with its labels and menu.
#[function_component(Links)]
pub fn links(p: &LinksProps) -> Html {
    let lang = p.lang;
    let state = |a: NodeId, b: NodeId| (p.cuts.contains(&(a, b)), p.cuts.contains(&(b, a)));
    let mut labels = Vec::new();
    let paths = p
        .links
        .iter()
        .filter_map(|&(a, b, class)| {
            let route = p.layout.route(a, b)?;
            let (forward, backward) = state(a, b);
            let cut = match (forward, backward) {
                (true, true) => "both",
                (true, false) => "forward",
                (false, true) => "backward",
                (false, false) => "none",
            };
            let (an, bn) = (node_name(lang, a, &p.clients), node_name(lang, b, &p.clients));
            if cut != "none" {
                let text = match cut {
                    "both" => lang.tf("link.cut_both_label", &[("a", &an), ("b", &bn)]),
                    "forward" => lang.tf("link.cut_one_label", &[("from", &an), ("to", &bn)]),
                    _ => lang.tf("link.cut_one_label", &[("from", &bn), ("to", &an)]),
                };
                let (x, y) = along(route, 0.5);
                labels.push(html! {
                    <text class="link-cut-label" data-testid="link-cut-label" x={x.to_string()} y={(y - 6.0).to_string()}
                          text-anchor="middle">{ text }</text>
                });
            }
            let toggle = {
                let (on_open, next) = (p.on_open.clone(), if p.open == Some((a, b)) { None } else { Some((a, b)) });
                move || on_open.emit(next)
            };
            let (onclick, onkeydown) = activate(toggle);
            let d = path_d(route);
            let aria = lang.tf("link.aria", &[("a", &an), ("b", &bn)]);
            Some(html! {
                <g class="link-group">
                    <path class={classes!(class, (cut != "none").then_some("cut"))} d={d.clone()} />
                    <path class="link-hit" d={d} data-testid="link" data-from={node_key(a)} data-to={node_key(b)}
                          data-cut={cut} role="button" tabindex="0" aria-label={aria} {onclick} {onkeydown} />
                </g>
            })
        })
        .collect::<Html>();
    html! {
        <>
            <g class="links">{ paths }</g>
            <g class="link-labels">{ for labels }</g>
        </>
    }
}

/// The menu of the clicked link: cut one way, the other way, both ways, or heal.
#[function_component(LinkMenu)]
pub fn link_menu(p: &LinkMenuProps) -> Html {
    let lang = p.lang;
    let menu = p.open.and_then(|(a, b)| {
        let route = p.layout.route(a, b)?;
        let (x, y) = along(route, 0.5);
        // Kept inside the drawing, whichever link was clicked.
        let x = x.clamp(88.0, (p.layout.width - 88.0).max(88.0));
        let y = y.clamp(68.0, (p.layout.height - 68.0).max(68.0));
        let (an, bn) = (node_name(lang, a, &p.clients), node_name(lang, b, &p.clients));
        let act = |action: Action| {
            let (cb, on_open) = (p.on_action.clone(), p.on_open.clone());
            Callback::from(move |_: MouseEvent| {
                cb.emit(action.clone());
                on_open.emit(None);
            })
        };
        let close = {
            let on_open = p.on_open.clone();
            Callback::from(move |_: MouseEvent| on_open.emit(None))
        };
        let y0 = y - 50.0;
        Some(html! {
            <g class="link-menu" data-testid="link-menu">
                <rect class="link-menu-box" x={(x - 88.0).to_string()} y={(y0 - 18.0).to_string()} width="176" height="136" rx="6" />
                { menu_button(x, y0, lang.tf("link.cut_one", &[("from", &an), ("to", &bn)]), "link-cut-forward",
                    act(Action::Cut { from: a, to: b, both_ways: false })) }
                { menu_button(x, y0 + 25.0, lang.tf("link.cut_one", &[("from", &bn), ("to", &an)]), "link-cut-backward",
                    act(Action::Cut { from: b, to: a, both_ways: false })) }
                { menu_button(x, y0 + 50.0, lang.t("link.cut_both").to_string(), "link-cut-both",
                    act(Action::Cut { from: a, to: b, both_ways: true })) }
                { menu_button(x, y0 + 75.0, lang.t("net.heal").to_string(), "link-heal",
                    act(Action::Heal { from: a, to: b, both_ways: true })) }
                { menu_button(x, y0 + 100.0, lang.t("link.close").to_string(), "link-close", close) }
            </g>
        })
    });
    menu.unwrap_or_default()
}
