//! The reason a control is disabled, written next to it (not only in a tooltip).

use yew::prelude::*;

/// What the note says.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct WhyDisabledProps {
    /// The reason, already translated; nothing is shown without one.
    pub reason: Option<AttrValue>,
    /// Optional link target (`#id`) where the user can act on it.
    #[prop_or_default]
    pub href: Option<AttrValue>,
    /// Text of that link.
    #[prop_or_default]
    pub link: Option<AttrValue>,
}

/// A short visible note beside a disabled control.
#[function_component(WhyDisabled)]
pub fn why_disabled(p: &WhyDisabledProps) -> Html {
    let Some(reason) = &p.reason else {
        return html! {};
    };
    html! {
        <span class="why-disabled" data-testid="why-disabled" role="status">
            { reason.clone() }
            if let (Some(href), Some(link)) = (&p.href, &p.link) {
                { " " }<a href={href.clone()} data-testid="why-disabled-link">{ link.clone() }</a>
            }
        </span>
    }
}
