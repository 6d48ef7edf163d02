//! Calls a callback on every animation frame (`requestAnimationFrame`) while
//! active, with the wall-clock milliseconds since the previous frame.

use gloo_render::{request_animation_frame, AnimationFrame};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Longest frame gap passed on; longer gaps (a hidden tab) count as this much.
const MAX_FRAME_MS: f64 = 100.0;

type Slot = Rc<RefCell<Option<AnimationFrame>>>;

/// Runs `on_frame(wall_ms)` once per animation frame while `active` is true.
#[hook]
pub fn use_frame_loop(active: bool, on_frame: Callback<f64>) {
    let latest = use_mut_ref(|| on_frame.clone());
    *latest.borrow_mut() = on_frame;
    use_effect_with(active, move |&active| {
        let slot: Slot = Rc::default();
        if active {
            schedule(slot.clone(), latest, None);
        }
        move || {
            slot.borrow_mut().take();
        }
    });
}

fn schedule(slot: Slot, on_frame: Rc<RefCell<Callback<f64>>>, previous: Option<f64>) {
    let next_slot = slot.clone();
    let frame = request_animation_frame(move |timestamp| {
        let dt = previous.map_or(0.0, |p| (timestamp - p).clamp(0.0, MAX_FRAME_MS));
        let cb = on_frame.borrow().clone();
        cb.emit(dt);
        // Still active (the effect's cleanup empties the slot when it stops)?
        if next_slot.borrow().is_some() {
            schedule(next_slot, on_frame, Some(timestamp));
        }
    });
    *slot.borrow_mut() = Some(frame);
}
