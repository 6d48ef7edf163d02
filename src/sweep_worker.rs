//! The browser sweep's Web Worker: loads the core (this wasm), says `Ready`, then runs
//! the blocks of runs the page sends (`isrlab::explore::sweep_job`) and posts each tally.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let mut worker = isrlab::explore::sweep_job::Worker::default();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let text = e.data().as_string().unwrap_or_default();
        if let Some(reply) = worker.handle(&text) {
            // Posting a string to the page cannot fail while the worker lives.
            let _ = reply_to.post_message(&JsValue::from_str(&reply));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let ready = serde_json::to_string(&isrlab::explore::sweep_job::FromWorker::Ready);
    let _ = scope.post_message(&JsValue::from_str(&ready.unwrap_or_default()));
}

/// Natively there is no worker to be: the binary exists for trunk's wasm build.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
