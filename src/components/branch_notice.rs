//! Said when an action was applied in the past: the run's recorded future after that
//! point is replaced (with the user's later actions, if any), and it can be undone.

use crate::i18n::{clock, Lang};
use crate::lab::Branch;
use yew::prelude::*;

/// What the notice shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct BranchNoticeProps {
    /// The branch made by the last action, if it made one.
    pub branch: Option<Branch>,
    /// Language.
    pub lang: Lang,
    /// Undo the action and bring the replaced future back.
    pub on_undo: Callback<()>,
    /// Keep the new future and close the notice.
    pub on_keep: Callback<()>,
}

/// The branch notice; nothing when the last action did not replace a future.
#[function_component(BranchNotice)]
pub fn branch_notice(p: &BranchNoticeProps) -> Html {
    let Some(b) = &p.branch else { return html! {} };
    let lang = p.lang;
    let click = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let mut text = lang.tf(
        "branch.replaced",
        &[("at", &clock(b.at)), ("to", &clock(b.watched_to))],
    );
    if b.dropped_actions > 0 {
        text.push(' ');
        text.push_str(&lang.tf("branch.dropped", &[("n", &b.dropped_actions)]));
    }
    html! {
        <div class="notice branch-notice" data-testid="branch-notice" data-at-ms={b.at.to_string()}
             data-dropped={b.dropped_actions.to_string()} role="status">
            { text }
            <button data-testid="branch-undo" onclick={click(&p.on_undo)}>{ lang.t("branch.undo") }</button>
            <button data-testid="branch-keep" onclick={click(&p.on_keep)}>{ lang.t("branch.keep") }</button>
        </div>
    }
}
