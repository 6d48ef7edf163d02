//! Listens for shortcut keys on the window (ignored while typing in a form field).

use crate::keys::{command, Command};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

/// Calls `on_command` for every shortcut key pressed outside form fields.
#[hook]
pub fn use_keyboard(on_command: Callback<Command>) {
    let latest = use_mut_ref(|| on_command.clone());
    *latest.borrow_mut() = on_command;
    use_effect_with((), move |_| {
        let listener = Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
            let typing = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                });
            if typing || e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            if let Some(cmd) = command(&e.key(), e.shift_key()) {
                // Space would also scroll or press the focused button.
                if cmd == Command::PlayPause || cmd == Command::Step || cmd == Command::StepBack {
                    e.prevent_default();
                }
                let cb = latest.borrow().clone();
                cb.emit(cmd);
            }
        });
        let window = gloo_utils::window();
        let _ =
            window.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        move || {
            let _ = window
                .remove_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
    });
}
