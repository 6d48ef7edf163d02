//! The console pane: Kafka's own tools (`crates/tools`) typed against the lab's cluster
//! now. An input line with `help`, Tab completion of scripts and options, a history on
//! up/down, and the output in a monospace block. The app runs each line against the
//! current `Sim` and sends the actions it asks for to the core, as the other panels do.

use crate::i18n::Lang;
use isrlab_tools::catalog::{complete, Names};
use isrlab_tools::files::Files;
use isrlab_tools::Outcome;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the console needs.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct ConsoleProps {
    /// Runs a command line against the cluster now (with the console's file area) and
    /// applies the actions it asks for; returns what the tool printed and the files after.
    pub run: Callback<(String, Files), (Outcome, Files)>,
    /// The cluster's topics and groups (with the console's files, what Tab completes after
    /// an option such as `--topic`).
    pub names: Names,
    /// Language.
    pub lang: Lang,
}

/// One command and what it printed.
#[derive(Clone, Debug, PartialEq)]
struct Entry {
    line: String,
    output: String,
    failed: bool,
}

/// Most entries kept on screen (older ones scroll away).
const MAX_ENTRIES: usize = 200;

/// The console pane.
#[function_component(Console)]
pub fn console(p: &ConsoleProps) -> Html {
    let entries = use_state(Vec::<Entry>::new);
    let history = use_mut_ref(Vec::<String>::new);
    let cursor = use_mut_ref(|| 0usize);
    let files = use_mut_ref(Files::default);
    let hint = use_state(String::new);
    let input = use_node_ref();
    let lang = p.lang;

    let submit = {
        let (entries, history, cursor, files, hint, input, run) = (
            entries.clone(),
            history.clone(),
            cursor.clone(),
            files.clone(),
            hint.clone(),
            input.clone(),
            p.run.clone(),
        );
        move || {
            let Some(el) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let line = el.value();
            el.set_value("");
            hint.set(String::new());
            if line.trim().is_empty() {
                return;
            }
            {
                let mut h = history.borrow_mut();
                h.push(line.clone());
                *cursor.borrow_mut() = h.len();
            }
            let mut list = (*entries).clone();
            if line.trim() == "clear" {
                entries.set(Vec::new());
                return;
            }
            let (out, after) = run.emit((line.clone(), files.borrow().clone()));
            *files.borrow_mut() = after;
            let mut output = out.output;
            if !out.actions.is_empty() {
                let note = lang.tf("console.applied", &[("n", &out.actions.len())]);
                output = if output.is_empty() {
                    note
                } else {
                    format!("{output}\n{note}")
                };
            }
            list.push(Entry {
                line,
                output,
                failed: out.failed,
            });
            let drop = list.len().saturating_sub(MAX_ENTRIES);
            list.drain(..drop);
            entries.set(list);
        }
    };
    let on_key = {
        let (history, cursor, input, hint) =
            (history.clone(), cursor.clone(), input.clone(), hint.clone());
        let submit = submit.clone();
        let (files, names) = (files.clone(), p.names.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some(el) = input.cast::<HtmlInputElement>() else {
                return;
            };
            match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    submit();
                }
                "ArrowUp" | "ArrowDown" => {
                    e.prevent_default();
                    let h = history.borrow();
                    let mut c = cursor.borrow_mut();
                    *c = if e.key() == "ArrowUp" {
                        c.saturating_sub(1)
                    } else {
                        (*c + 1).min(h.len())
                    };
                    el.set_value(h.get(*c).map_or("", String::as_str));
                }
                "Tab" => {
                    e.prevent_default();
                    let names = Names {
                        files: files
                            .borrow()
                            .names()
                            .into_iter()
                            .map(str::to_string)
                            .collect(),
                        ..names.clone()
                    };
                    let options = complete(&el.value(), &names);
                    match options.as_slice() {
                        [] => hint.set(String::new()),
                        [one] => {
                            el.set_value(&format!("{one} "));
                            hint.set(String::new());
                        }
                        many => {
                            let common = common_prefix(many);
                            if common.len() > el.value().len() {
                                el.set_value(&common);
                            }
                            let last: Vec<&str> =
                                many.iter().filter_map(|m| m.rsplit(' ').next()).collect();
                            hint.set(lang.tf("console.completions", &[("list", &last.join("  "))]));
                        }
                    }
                }
                _ => {}
            }
        })
    };
    let on_run = Callback::from(move |_: MouseEvent| submit());
    html! {
        <section class="panel console" data-testid="console">
            <p class="hint">{ lang.t("console.intro") }</p>
            <pre class="console-output" data-testid="console-output" aria-live="polite">
                { for entries.iter().map(|e| html! {
                    <>
                        <span class="console-line">{ format!("$ {}\n", e.line) }</span>
                        <span class={classes!("console-result", e.failed.then_some("failed"))}>
                            { if e.output.is_empty() { String::new() } else { format!("{}\n", e.output) } }
                        </span>
                    </>
                }) }
            </pre>
            if !hint.is_empty() {
                <p class="hint console-hint" data-testid="console-hint">{ (*hint).clone() }</p>
            }
            <div class="console-input">
                <label class="visually-hidden" for="console-input">{ lang.t("console.input") }</label>
                <input id="console-input" ref={input} data-testid="console-input" type="text" spellcheck="false"
                    autocomplete="off" placeholder={lang.t("console.placeholder")} onkeydown={on_key} />
                <button data-testid="console-run" onclick={on_run}>{ lang.t("console.run") }</button>
            </div>
        </section>
    }
}

/// The longest start every completion shares.
fn common_prefix(all: &[String]) -> String {
    let first = &all[0];
    let mut end = first.len();
    for other in &all[1..] {
        end = first
            .char_indices()
            .zip(other.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(end);
    }
    first[..end].to_string()
}
