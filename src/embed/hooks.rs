//! The API in the app: [`use_api`] obeys the parent's commands, [`use_events`] tells
//! the parent what happened after each render (only when the lab runs in a frame).

use super::bridge::{self, Listener};
use super::protocol::{Command, Event};
use super::watch::Watcher;
use crate::guide::Answers;
use crate::i18n::Lang;
use crate::lab::Lab;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Sends every valid command of the parent page to `obey` (its latest value).
#[hook]
pub fn use_api(origins: Rc<Vec<String>>, obey: Callback<(Option<u64>, Command)>) {
    let latest = use_mut_ref(|| obey.clone());
    *latest.borrow_mut() = obey;
    let listener = use_mut_ref(|| None::<Listener>);
    if listener.borrow().is_none() && bridge::embedded() {
        let latest = latest.clone();
        *listener.borrow_mut() = Some(bridge::listen(origins.to_vec(), move |id, c| {
            let obey = latest.borrow().clone();
            obey.emit((id, c));
        }));
    }
}

/// What [`use_events`] reads after each render.
pub struct Seen<'a> {
    /// The lab.
    pub lab: &'a Rc<RefCell<Result<Lab, String>>>,
    /// The answers given.
    pub answers: &'a Answers,
    /// The built-in scenario id (or the custom scenario's own).
    pub scenario_id: String,
    /// Whether it plays.
    pub playing: bool,
    /// The language.
    pub lang: Lang,
}

/// Posts `ready` once, then the events derived from the run after every render.
#[hook]
pub fn use_events(seen: Seen<'_>, origins: Rc<Vec<String>>) {
    let watcher = use_mut_ref(Watcher::default);
    let clock = use_mut_ref(|| None::<f64>);
    let height = use_mut_ref(|| 0u32);
    let embedded = bridge::embedded();
    let now_wall = wall_ms();
    let elapsed = clock.borrow().map_or(0.0, |t| (now_wall - t).max(0.0));
    let first = clock.borrow().is_none();
    *clock.borrow_mut() = Some(now_wall);
    let events = match seen.lab.borrow().as_ref() {
        Ok(l) if embedded => {
            let mut out = Vec::new();
            if first {
                out.push(Event::Ready {
                    scenario: seen.scenario_id.clone(),
                    time_ms: l.run.now(),
                    end_ms: l.run.end_ms(),
                });
            }
            out.extend(watcher.borrow_mut().observe(
                l,
                seen.answers,
                &seen.scenario_id,
                seen.playing,
                elapsed,
                seen.lang,
            ));
            out
        }
        _ => Vec::new(),
    };
    for e in &events {
        bridge::post(e, &origins);
    }
    // Measured once the render is on the page.
    use_effect(move || {
        let preferred = preferred_height();
        if embedded && preferred != *height.borrow() && preferred > 0 {
            *height.borrow_mut() = preferred;
            bridge::post(&Event::HeightChanged { height: preferred }, &origins);
        }
    });
}

fn wall_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        gloo_utils::window().performance().map_or(0.0, |p| p.now())
    }
    #[cfg(not(target_arch = "wasm32"))]
    0.0
}

/// The height the lab's content wants, in CSS pixels: the page's height with the
/// workspace as tall as its taller column (in embed mode the columns scroll inside, so
/// this is the iframe height at which nothing needs to scroll).
fn preferred_height() -> u32 {
    #[cfg(target_arch = "wasm32")]
    {
        let document = gloo_utils::document();
        let find = |selector: &str| document.query_selector(selector).ok().flatten();
        let (Some(app), Some(workspace)) = (find(".app"), find(".workspace")) else {
            return 0;
        };
        let column = |selector: &str| find(selector).map_or(0, |c| c.scroll_height());
        let tallest = column(".main-column").max(column(".side-column"));
        let around = app.scroll_height() - workspace.client_height();
        (around + tallest + 20).max(0) as u32
    }
    #[cfg(not(target_arch = "wasm32"))]
    0
}
