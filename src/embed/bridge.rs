//! The browser side of the postMessage API: listens to `message` events from the parent
//! page, obeys only the origins of `origins=` (any origin when none is given), decodes
//! with `serde-wasm-bindgen` and posts events to the parent. Nothing received is run
//! as code or inserted as HTML. Natively it does nothing.

use super::protocol::{Command, Event, Ignored};

/// Whether a message from `origin` is obeyed (and events may be posted to it).
pub fn origin_allowed(origins: &[String], origin: &str) -> bool {
    origins.is_empty() || origins.iter().any(|o| o == origin)
}

/// A listener of the parent's commands; stops listening when dropped.
pub struct Listener {
    #[cfg(target_arch = "wasm32")]
    closure: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MessageEvent)>,
}

/// Logs why a message was ignored (a console warning: the lab stays usable).
pub fn warn(why: &Ignored) {
    #[cfg(target_arch = "wasm32")]
    web_sys::console::warn_1(&format!("ISR Lab ignored a message: {why}").into());
    #[cfg(not(target_arch = "wasm32"))]
    let _ = why;
}

/// Starts obeying the parent page: every valid command goes to `obey`.
pub fn listen(origins: Vec<String>, obey: impl Fn(Option<u64>, Command) + 'static) -> Listener {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let closure =
            wasm_bindgen::closure::Closure::<dyn FnMut(_)>::new(move |e: web_sys::MessageEvent| {
                match decode(&origins, &e) {
                    Ok((id, command)) => obey(id, command),
                    // Messages of other scripts (no "api" field) are not ours to warn about.
                    Err(Ignored::NotOurs) => {}
                    Err(why) => warn(&why),
                }
            });
        let window = gloo_utils::window();
        // Adding a listener to the window cannot fail.
        let _ =
            window.add_event_listener_with_callback("message", closure.as_ref().unchecked_ref());
        Listener { closure }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (origins, obey);
        Listener {}
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        #[cfg(target_arch = "wasm32")]
        {
            use wasm_bindgen::JsCast;
            let _ = gloo_utils::window().remove_event_listener_with_callback(
                "message",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn decode(
    origins: &[String],
    e: &web_sys::MessageEvent,
) -> Result<(Option<u64>, Command), Ignored> {
    use super::protocol::{validate, Envelope, API};
    let data = e.data();
    let api = js_sys::Reflect::get(&data, &"api".into())
        .ok()
        .and_then(|a| a.as_string());
    if api.as_deref() != Some(API) {
        return Err(Ignored::NotOurs);
    }
    if !origin_allowed(origins, &e.origin()) {
        return Err(Ignored::Origin(e.origin()));
    }
    let envelope: Envelope =
        serde_wasm_bindgen::from_value(data).map_err(|e| Ignored::Malformed(e.to_string()))?;
    validate(envelope)
}

/// Whether the lab runs inside a frame (then it posts events to its parent).
pub fn embedded() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        let window = gloo_utils::window();
        window.parent().ok().flatten().is_some_and(|p| p != window)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        false
    }
}

/// Posts `event` to the parent page: to each origin of `origins=`, or to any when none.
pub fn post(event: &Event, origins: &[String]) {
    #[cfg(target_arch = "wasm32")]
    {
        use serde::Serialize;
        let window = gloo_utils::window();
        let Some(parent) = window.parent().ok().flatten().filter(|p| *p != window) else {
            return;
        };
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let Ok(value) = event.to_json().serialize(&serializer) else {
            return;
        };
        if origins.is_empty() {
            let _ = parent.post_message(&value, "*");
        }
        for o in origins {
            // A malformed origin is refused by the browser; the others still get it.
            let _ = parent.post_message(&value, o);
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (event, origins);
}
