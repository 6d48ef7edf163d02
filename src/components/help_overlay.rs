//! The keyboard help overlay (`?`).

use crate::i18n::Lang;
use crate::keys::SHORTCUTS;
use yew::prelude::*;

/// What the help overlay shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct HelpOverlayProps {
    /// Language.
    pub lang: Lang,
    /// Close it.
    pub on_close: Callback<()>,
}

/// The list of shortcuts.
#[function_component(HelpOverlay)]
pub fn help_overlay(p: &HelpOverlayProps) -> Html {
    let lang = p.lang;
    let close = {
        let cb = p.on_close.clone();
        Callback::from(move |_| cb.emit(()))
    };
    html! {
        <div class="overlay" data-testid="help" role="dialog" aria-modal="true" aria-label={lang.t("help.title")}>
            <div class="overlay-box">
                <header>
                    <h2>{ lang.t("help.title") }</h2>
                    <button class="close" onclick={close} aria-label={lang.t("panel.close")}>{ "×" }</button>
                </header>
                <table class="shortcuts">
                    { for SHORTCUTS.iter().map(|(keys, _, label)| html! {
                        <tr><td><kbd>{ *keys }</kbd></td><td>{ lang.t(label) }</td></tr>
                    }) }
                </table>
                <p class="muted">{ lang.t("help.mouse") }</p>
            </div>
        </div>
    }
}
