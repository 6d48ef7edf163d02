//! The width in px of an element, kept up to date with a `ResizeObserver`, rounded down to
//! a multiple of 10 px so that small changes (a scrollbar appearing) do not relayout.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, ResizeObserver};
use yew::prelude::*;

/// Rounds a measured width down to the step the layout follows.
fn step(width: i32) -> f64 {
    f64::from(width.max(0) / 10 * 10)
}

/// The width of the element behind `node`, or `fallback` until it has been measured
/// (and in server-side renders).
#[hook]
pub fn use_width(node: NodeRef, fallback: f64) -> f64 {
    let width = use_state_eq(|| fallback);
    {
        let width = width.clone();
        use_effect_with(node, move |node| {
            let element = node.cast::<Element>();
            let observer = element.as_ref().and_then(|el| {
                width.set(step(el.client_width()));
                let target = el.clone();
                // The new width is applied on the next frame, not inside the observer's
                // callback: a relayout there would resize observed boxes again and raise
                // "ResizeObserver loop completed with undelivered notifications".
                let on_resize =
                    Closure::<dyn FnMut(js_sys::Array)>::new(move |_: js_sys::Array| {
                        let (width, target) = (width.clone(), target.clone());
                        let apply =
                            Closure::once_into_js(move || width.set(step(target.client_width())));
                        let _ = gloo_utils::window().request_animation_frame(apply.unchecked_ref());
                    });
                let observer = ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
                observer.observe(el);
                Some((observer, on_resize))
            });
            move || {
                if let Some((observer, _closure)) = observer {
                    observer.disconnect();
                }
            }
        });
    }
    *width
}
