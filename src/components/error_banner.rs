//! A visible banner listing what went wrong (bad address parameters, a scenario
//! that failed to load, an action the core refused), instead of a blank page.

use crate::i18n::Lang;
use yew::prelude::*;

/// Something the user should know went wrong.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// An address parameter the lab could not use.
    UrlParam {
        /// Parameter name.
        param: String,
        /// Given value.
        value: String,
    },
    /// A scenario could not be loaded or built.
    Scenario(String),
    /// The core refused an action.
    Action(String),
}

impl Problem {
    /// The sentence shown for this problem.
    pub fn sentence(&self, lang: Lang) -> String {
        match self {
            Problem::UrlParam { param, value } => {
                lang.tf("error.url_param", &[("param", param), ("value", value)])
            }
            Problem::Scenario(e) => lang.tf("error.scenario", &[("error", e)]),
            Problem::Action(e) => lang.tf("error.action", &[("error", e)]),
        }
    }
}

/// What the banner shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct ErrorBannerProps {
    /// Problems, oldest first.
    pub problems: Vec<Problem>,
    /// Language.
    pub lang: Lang,
    /// Dismiss button.
    pub on_dismiss: Callback<()>,
}

/// The error banner; renders nothing when there is no problem.
#[function_component(ErrorBanner)]
pub fn error_banner(p: &ErrorBannerProps) -> Html {
    if p.problems.is_empty() {
        return html! {};
    }
    let on_dismiss = {
        let cb = p.on_dismiss.clone();
        Callback::from(move |_| cb.emit(()))
    };
    html! {
        <div class="error-banner" data-testid="error-banner" role="alert">
            <strong>{ p.lang.t("error.title") }</strong>
            <ul>{ for p.problems.iter().map(|x| html! { <li>{ x.sentence(p.lang) }</li> }) }</ul>
            <button onclick={on_dismiss}>{ p.lang.t("error.dismiss") }</button>
        </div>
    }
}
