//! The browser sweep's Web Workers: one per core but one (at least one), each loading
//! the core compiled to wasm (`src/sweep_worker.rs`, built by trunk as a worker). The
//! pool hands each worker a block of runs at a time from a [`Sweep`]; dropping the pool
//! terminates the workers (cancel). Also the CSV download. Natively there are no workers.

use crate::explore::sweep_job::{Sweep, SweepStop};
use std::cell::RefCell;
use std::rc::Rc;
use yew::Callback;

/// What the pool reports after each worker message: `Ok(true)` a block was counted,
/// `Err` a worker failed (the sweep cannot finish).
pub type Progress = Result<bool, SweepStop>;

/// How many workers a sweep uses: the browser's cores but one, at least one.
pub fn worker_count() -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        let cores = gloo_utils::window().navigator().hardware_concurrency() as usize;
        cores.saturating_sub(1).max(1)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        1
    }
}

/// Wall-clock milliseconds (`performance.now()`); 0 natively.
pub fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        gloo_utils::window().performance().map_or(0.0, |p| p.now())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// A worker and the handler of its messages (kept alive as long as the worker).
#[cfg(target_arch = "wasm32")]
type Running = (
    web_sys::Worker,
    wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MessageEvent)>,
);

/// Running workers; dropping it terminates them.
pub struct Pool {
    #[cfg(target_arch = "wasm32")]
    workers: Vec<Running>,
}

impl Drop for Pool {
    fn drop(&mut self) {
        #[cfg(target_arch = "wasm32")]
        for (w, _) in &self.workers {
            w.set_onmessage(None);
            w.terminate();
        }
    }
}

/// The worker script's address next to the page's, and a loader for it.
#[cfg(target_arch = "wasm32")]
fn new_worker() -> Result<web_sys::Worker, SweepStop> {
    let base = gloo_utils::document()
        .base_uri()
        .ok()
        .flatten()
        .unwrap_or_default();
    let url = |name: &str| {
        web_sys::Url::new_with_base(name, &base)
            .map(|u| u.href())
            .map_err(|_| SweepStop::WorkerStart(format!("bad address for {name}")))
    };
    let (js, wasm) = (
        url("isrlab-sweep-worker.js")?,
        url("isrlab-sweep-worker_bg.wasm")?,
    );
    let script =
        js_sys::Array::of1(&format!("importScripts({js:?}); wasm_bindgen({wasm:?});").into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&script, &options)
        .map_err(|e| SweepStop::WorkerStart(format!("{e:?}")))?;
    let loader = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|e| SweepStop::WorkerStart(format!("{e:?}")))?;
    web_sys::Worker::new(&loader).map_err(|e| SweepStop::WorkerStart(format!("{e:?}")))
}

/// Starts `count` workers on `sweep`; `report` is called after each of their messages.
pub fn start(
    sweep: Rc<RefCell<Sweep>>,
    count: usize,
    report: Callback<Progress>,
) -> Result<Pool, SweepStop> {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let mut workers = Vec::new();
        for _ in 0..count.max(1) {
            let w = new_worker()?;
            let (sweep, report, to) = (sweep.clone(), report.clone(), w.clone());
            let on_message =
                wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                    move |e: web_sys::MessageEvent| {
                        let text = e.data().as_string().unwrap_or_default();
                        let mut s = sweep.borrow_mut();
                        let outcome = if text == "\"Ready\"" {
                            let _ = to.post_message(&s.plan_message().into());
                            Ok(false)
                        } else {
                            s.receive(&text)
                        };
                        if outcome.is_ok() {
                            if let Some(block) = s.next_block() {
                                let _ = to.post_message(&block.into());
                            }
                        }
                        drop(s);
                        report.emit(outcome);
                    },
                );
            w.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            workers.push((w, on_message));
        }
        Ok(Pool { workers })
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (sweep, count, report);
        Err(SweepStop::NoBrowser)
    }
}
