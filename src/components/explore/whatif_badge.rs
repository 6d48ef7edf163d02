//! The what-if badge on a broker: how many acknowledged messages a crash, a power loss
//! and a cut-off of this broker would lose if applied now (`—`: the core refuses that
//! fault now). Hover reads the counts in words; a click opens the list.

use crate::components::activate;
use crate::i18n::Lang;
use crate::layout::{font, text_width};
use yew::prelude::*;

/// What a badge shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct WhatIfBadgeProps {
    /// The broker.
    pub broker: u32,
    /// Messages lost per fault, in `Fault::WHAT_IF` order (crash, power loss, cut off).
    pub counts: [Option<usize>; 3],
    /// The broker box's top-left corner (the badge sits on its top edge, above the name).
    pub at: (f64, f64),
    /// Language.
    pub lang: Lang,
    /// Click: open the list for this broker.
    pub on_open: Callback<u32>,
}

fn shown(n: Option<usize>) -> String {
    n.map_or_else(|| "—".to_string(), |n| n.to_string())
}

/// The badge, drawn in the cluster's SVG.
#[function_component(WhatIfBadge)]
pub fn what_if_badge(p: &WhatIfBadgeProps) -> Html {
    let [crash, power, cut] = p.counts.map(shown);
    let args: [(&str, &dyn std::fmt::Display); 4] = [
        ("id", &p.broker),
        ("crash", &crash),
        ("power", &power),
        ("cut", &cut),
    ];
    let text = p.lang.tf("whatif.badge", &args);
    let hint = p.lang.tf("whatif.badge_hint", &args);
    let w = text_width(&text, font::TINY) + 14.0;
    let (x, y) = (p.at.0 + 10.0, p.at.1 - 12.0);
    let loses = p.counts.iter().flatten().any(|&n| n > 0);
    let (onclick, onkeydown) = {
        let (cb, id) = (p.on_open.clone(), p.broker);
        activate(move || cb.emit(id))
    };
    let counts = p.counts.map(shown).join(",");
    html! {
        <g class={classes!("whatif-badge", loses.then_some("loses"))} data-testid="whatif-badge"
           data-broker-id={p.broker.to_string()} data-counts={counts} role="button" tabindex="0"
           aria-label={hint.clone()} onclick={onclick} onkeydown={onkeydown}>
            <title>{ hint }</title>
            <rect x={x.to_string()} y={y.to_string()} width={w.to_string()} height="16" rx="8" />
            <text class="label" x={(x + w / 2.0).to_string()} y={(y + 11.8).to_string()} text-anchor="middle">{ text }</text>
        </g>
    }
}
