//! The address bar follows the user's work: a moment after a change (debounced with
//! `gloo-timers`), the lab's state becomes the page's `?v=1&s=` link through
//! `history.replaceState` (no history entry) and is kept in `sessionStorage`.

use super::{browser, encode, LinkState};
use crate::lab::Lab;
use crate::state::UiState;
use crate::{page, scenarios, url};
use gloo_timers::callback::Timeout;
use isrlab_sim::Scenario;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Wall milliseconds between a change and the address following it.
pub const FOLLOW_MS: u32 = 700;

/// The link text of the lab now, opened from built-in scenario `id`.
pub fn current_link(lab: &Lab, id: &str, ui: &UiState) -> Option<String> {
    let base = Scenario::from_json(&scenarios::cached(id)?).ok()?;
    Some(encode(&LinkState::of(lab, id, &base, ui)))
}

/// Keeps the address and the session's storage following `lab` (call on every render).
#[hook]
pub fn use_follow_address(
    lab: Rc<RefCell<Result<Lab, String>>>,
    ui: UiState,
    scenario_id: &'static str,
) {
    let latest = use_mut_ref(|| (ui.clone(), scenario_id));
    *latest.borrow_mut() = (ui, scenario_id);
    let pending = use_mut_ref(|| false);
    let timer = use_mut_ref(|| None::<Timeout>);
    let last = use_mut_ref(String::new);
    // Natively (render tests) there are no browser timers and no address bar.
    if *pending.borrow() || !cfg!(target_arch = "wasm32") {
        return;
    }
    *pending.borrow_mut() = true;
    let (pending_later, timer_slot) = (pending.clone(), timer.clone());
    *timer_slot.borrow_mut() = Some(Timeout::new(FOLLOW_MS, move || {
        *pending_later.borrow_mut() = false;
        let (ui, id) = latest.borrow().clone();
        let text = match lab.borrow().as_ref() {
            Ok(l) => current_link(l, id, &ui),
            Err(_) => None,
        };
        if let Some(text) = text.filter(|t| *t != *last.borrow()) {
            browser::keep(&text, &url::with_link(&page::query(), &text));
            *last.borrow_mut() = text;
        }
    }));
}
