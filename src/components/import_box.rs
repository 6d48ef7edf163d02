//! A paste box for a real cluster's `kafka-topics.sh --describe` output: Import makes it
//! the lab's scenario (the same brokers, topics and assignments), or lists each line that
//! could not be read by number and field, in the page's language. Below it, a file
//! picker opens a trace or scenario file (as a drop on the page does).

use crate::i18n::Lang;
use crate::import_words::{line_error, note};
use crate::trace_file::FileText;
use isrlab_tools::import::{LineError, Note};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// What the paste box needs.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct ImportBoxProps {
    /// Imports the pasted text as the lab's scenario: its notes, or every line's error.
    pub on_import: Callback<String, Result<Vec<Note>, Vec<LineError>>>,
    /// Opens a picked trace or scenario file.
    pub on_file: Callback<FileText>,
    /// Language.
    pub lang: Lang,
}

/// The paste box.
#[function_component(ImportBox)]
pub fn import_box(p: &ImportBoxProps) -> Html {
    let area = use_node_ref();
    let result = use_state(|| None::<Result<Vec<Note>, Vec<LineError>>>);
    let lang = p.lang;
    let on_click = {
        let (area, result, on_import) = (area.clone(), result.clone(), p.on_import.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = area.cast::<HtmlTextAreaElement>() {
                result.set(Some(on_import.emit(el.value())));
            }
        })
    };
    let on_pick = {
        let on_file = p.on_file.clone();
        Callback::from(move |e: Event| {
            #[cfg(target_arch = "wasm32")]
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                crate::file_open::read_first(input.files(), on_file.clone());
                input.set_value("");
            }
            #[cfg(not(target_arch = "wasm32"))]
            let _ = (e, &on_file);
        })
    };
    let report = match &*result {
        None => html! {},
        Some(Ok(notes)) => html! {
            <div data-testid="import-result" role="status">
                <p>{ lang.t("import.done") }</p>
                <ul>{ for notes.iter().map(|n| html! { <li>{ note(n, lang) }</li> }) }</ul>
            </div>
        },
        Some(Err(errors)) => html! {
            <div class="import-errors" data-testid="import-errors" role="alert">
                <p>{ lang.t("import.failed") }</p>
                <ul>{ for errors.iter().map(|e| html! { <li>{ line_error(e, lang) }</li> }) }</ul>
            </div>
        },
    };
    html! {
        <details class="panel import-box" data-testid="import-box">
            <summary>{ lang.t("import.title") }</summary>
            <p class="hint">{ lang.t("import.intro") }</p>
            <label class="visually-hidden" for="import-text">{ lang.t("import.title") }</label>
            <textarea id="import-text" ref={area} data-testid="import-text" rows="6" spellcheck="false"
                placeholder="Topic: orders\tPartitionCount: 3\tReplicationFactor: 3\tConfigs: ..." />
            <button data-testid="import-run" onclick={on_click}>{ lang.t("import.run") }</button>
            { report }
            <label class="file-pick">
                <span>{ lang.t("import.file") }</span>
                <input type="file" data-testid="import-file" accept=".json,application/json" onchange={on_pick} />
            </label>
            <p class="hint">{ lang.t("import.file_hint") }</p>
        </details>
    }
}
