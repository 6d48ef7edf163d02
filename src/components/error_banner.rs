//! A visible banner listing what went wrong (bad address parameters, a scenario
//! that failed to load, an action the core refused), instead of a blank page. A bad
//! link gets a calm title, the values the parameter accepts, and long values cut.

use crate::i18n::Lang;
use crate::trace_file::words::file_error;
use crate::trace_file::FileError;
use crate::url::{shorten, Expected, UrlProblem};
use yew::prelude::*;

/// Something the user should know went wrong.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// An address parameter the lab could not use.
    UrlParam(UrlProblem),
    /// An address parameter beyond what the run offers, replaced by the nearest value.
    UrlClamped {
        /// Parameter name.
        param: String,
        /// Given value.
        value: String,
        /// The value used instead.
        used: String,
    },
    /// A scenario could not be loaded or built.
    Scenario(String),
    /// The core refused an action.
    Action(String),
    /// A link (`?v=1&s=`) that cannot be replayed; the lab opened without it.
    Link(crate::link::LinkError),
    /// A picked or dropped file could not be opened.
    File {
        /// The file's name.
        name: String,
        /// Why.
        error: FileError,
    },
}

impl Problem {
    /// The sentence shown for this problem.
    pub fn sentence(&self, lang: Lang) -> String {
        match self {
            Problem::UrlParam(p) => {
                let given = lang.tf(
                    "error.url_param",
                    &[("param", &shorten(&p.param)), ("value", &shorten(&p.value))],
                );
                let accepts = match &p.expected {
                    Expected::OneOf(values) => {
                        lang.tf("error.valid_values", &[("values", &values.join(", "))])
                    }
                    Expected::WholeNumber => lang.t("error.whole_number").to_string(),
                };
                format!("{given} {accepts}")
            }
            Problem::UrlClamped { param, value, used } => lang.tf(
                "error.url_clamped",
                &[("param", param), ("value", &shorten(value)), ("used", used)],
            ),
            Problem::Scenario(e) => lang.tf("error.scenario", &[("error", &shorten(e))]),
            Problem::Action(e) => lang.tf("error.action", &[("error", &shorten(e))]),
            Problem::Link(e) => crate::link::link_error_text(e, lang),
            Problem::File { name, error } => lang.tf(
                "error.file",
                &[
                    ("name", &shorten(name)),
                    ("error", &file_error(error, lang)),
                ],
            ),
        }
    }

    /// Whether it is about the page's address.
    pub fn is_about_the_link(&self) -> bool {
        matches!(
            self,
            Problem::UrlParam(_) | Problem::UrlClamped { .. } | Problem::Link(_)
        )
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
    let title = if p.problems.iter().all(Problem::is_about_the_link) {
        "error.link_title"
    } else {
        "error.title"
    };
    html! {
        <div class="error-banner" data-testid="error-banner" role="alert">
            <strong data-testid="error-title">{ p.lang.t(title) }</strong>
            <ul>{ for p.problems.iter().map(|x| html! { <li>{ x.sentence(p.lang) }</li> }) }</ul>
            <button onclick={on_dismiss}>{ p.lang.t("error.dismiss") }</button>
        </div>
    }
}
