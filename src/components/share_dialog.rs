//! The share dialog: the link to this run and the snippets that put it in a page, in
//! Markdown and in a reveal.js slide, each with a Copy button; the link as a QR code for
//! a lecture slide; and the downloads for slides and spreadsheets (the trace file, the
//! cluster view and the log rulers as SVG or PNG, metrics and the event log as CSV).

use crate::export_image::{download_png, svg_data_url, svg_of};
use crate::exports::{download, DataExport};
use crate::i18n::Lang;
use crate::share::{iframe, markdown, qr_svg, reveal, SIZES};
use yew::prelude::*;

/// What the share dialog needs.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct ShareDialogProps {
    /// The link to this run.
    pub link: AttrValue,
    /// The scenario's title, in the page's language (snippet titles).
    pub title: AttrValue,
    /// Downloads a file made from the run.
    pub on_export: Callback<DataExport>,
    /// Close it.
    pub on_close: Callback<()>,
    /// Language.
    pub lang: Lang,
}

/// The pictures offered: file name stem, the element's selector, and its label key.
const PICTURES: [(&str, &str, &str); 2] = [
    (
        "isrlab-cluster",
        "svg[data-testid=cluster]",
        "export.cluster",
    ),
    (
        "isrlab-log-rulers",
        "[data-testid=partition-detail] .rulers",
        "export.rulers",
    ),
];

/// Writes `text` to the clipboard (when the page may).
fn copy_to_clipboard(text: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = gloo_utils::window()
            .navigator()
            .clipboard()
            .write_text(text);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = text;
}

/// One snippet: its label, the text (read-only, selectable) and a Copy button.
fn snippet(
    id: &'static str,
    label: String,
    text: String,
    copied: &UseStateHandle<Option<&'static str>>,
    lang: Lang,
) -> Html {
    let onclick = {
        let (copied, text) = (copied.clone(), text.clone());
        Callback::from(move |_: MouseEvent| {
            copy_to_clipboard(&text);
            copied.set(Some(id));
        })
    };
    let done = **copied == Some(id);
    html! {
        <div class="snippet" data-testid={format!("share-{id}")}>
            <label for={format!("share-{id}-text")}>{ label }</label>
            <div class="snippet-row">
                <input id={format!("share-{id}-text")} data-testid={format!("share-{id}-text")} readonly=true value={text} />
                <button data-testid={format!("share-{id}-copy")} onclick={onclick}>
                    { if done { lang.t("share.copied") } else { lang.t("share.copy") } }
                </button>
            </div>
        </div>
    }
}

/// The share dialog.
#[function_component(ShareDialog)]
pub fn share_dialog(p: &ShareDialogProps) -> Html {
    let lang = p.lang;
    let copied = use_state(|| None::<&'static str>);
    let size = use_state(|| SIZES[0]);
    let link = p.link.to_string();
    let qr = use_memo(link.clone(), |l| qr_svg(l).ok());
    let close = {
        let cb = p.on_close.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let sizes = SIZES.iter().map(|&(w, h)| {
        let onclick = {
            let size = size.clone();
            Callback::from(move |_: MouseEvent| size.set((w, h)))
        };
        html! {
            <button class={classes!((*size == (w, h)).then_some("active"))} aria-pressed={(*size == (w, h)).to_string()}
                data-testid={format!("share-size-{w}x{h}")} onclick={onclick}>{ format!("{w}×{h}") }</button>
        }
    });
    let data = |what: DataExport, key: &'static str, id: &'static str| {
        let cb = p.on_export.clone();
        html! { <button data-testid={id} onclick={Callback::from(move |_: MouseEvent| cb.emit(what))}>{ lang.t(key) }</button> }
    };
    let pictures = PICTURES.iter().map(|&(stem, selector, key)| {
        let svg_click = Callback::from(move |_: MouseEvent| {
            if let Some((svg, _, _)) = svg_of(selector) {
                download(&format!("{stem}.svg"), "image/svg+xml", &svg);
            }
        });
        let png_click = Callback::from(move |_: MouseEvent| {
            if let Some((svg, w, h)) = svg_of(selector) {
                download_png(&svg, w, h, &format!("{stem}.png"));
            }
        });
        html! {
            <li>
                <span>{ lang.t(key) }</span>
                <button data-testid={format!("{stem}-svg")} onclick={svg_click}>{ "SVG" }</button>
                <button data-testid={format!("{stem}-png")} onclick={png_click}>{ "PNG" }</button>
            </li>
        }
    });
    let qr_html = match &*qr {
        Some(svg) => {
            let src = svg_data_url(svg);
            html! { <img class="qr" data-testid="share-qr" src={src} width="180" height="180" alt={lang.t("share.qr_alt")} /> }
        }
        None => {
            html! { <p class="muted" data-testid="share-qr-too-long">{ lang.t("share.qr_too_long") }</p> }
        }
    };
    let title = p.title.to_string();
    html! {
        <div class="overlay" data-testid="share" role="dialog" aria-modal="true" aria-label={lang.t("share.title")}>
            <div class="overlay-box share-box">
                <header>
                    <h2>{ lang.t("share.title") }</h2>
                    <button class="close" data-testid="share-close" onclick={close} aria-label={lang.t("panel.close")}>{ "×" }</button>
                </header>
                <div class="share-columns">
                    <div class="share-snippets">
                        { snippet("link", lang.t("share.link").to_string(), link.clone(), &copied, lang) }
                        <div class="share-sizes" role="group" aria-label={lang.t("share.size")}>
                            <span>{ lang.t("share.size") }</span>{ for sizes }
                        </div>
                        { snippet("iframe", lang.t("share.iframe").to_string(), iframe(&link, *size, &title), &copied, lang) }
                        { snippet("markdown", lang.t("share.markdown").to_string(), markdown(&link, &title), &copied, lang) }
                        { snippet("reveal", lang.t("share.reveal").to_string(), reveal(&link), &copied, lang) }
                        <p class="hint">{ lang.t("share.link_note") }</p>
                    </div>
                    <figure class="share-qr">
                        { qr_html }
                        <figcaption>{ lang.t("share.qr") }</figcaption>
                    </figure>
                </div>
                <h3>{ lang.t("share.downloads") }</h3>
                <ul class="share-downloads">
                    <li>{ data(DataExport::Trace, "export.trace", "export-trace") }
                        { data(DataExport::Metrics, "export.metrics", "export-metrics") }
                        { data(DataExport::Events, "export.events", "export-events") }</li>
                    { for pictures }
                </ul>
            </div>
        </div>
    }
}
