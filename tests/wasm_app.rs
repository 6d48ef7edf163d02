#![cfg(target_arch = "wasm32")]
//! The app mounted in headless Chromium: pressing Step advances the simulated clock,
//! Step back returns it, and the language switch changes the labels.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> Element {
    let document = gloo_utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<isrlab::App>::with_root(root.clone()).render();
    root
}

fn find(root: &Element, testid: &str) -> Element {
    root.query_selector(&format!("[data-testid={testid}]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no {testid}"))
}

fn clock_ms(root: &Element) -> u64 {
    find(root, "clock")
        .get_attribute("data-time-ms")
        .unwrap()
        .parse()
        .unwrap()
}

fn click(root: &Element, testid: &str) {
    find(root, testid)
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

#[wasm_bindgen_test]
async fn step_advances_the_clock_and_step_back_returns_it() {
    let root = mount();
    yew::scheduler::flush().await;
    assert_eq!(
        root.query_selector_all("[data-testid=broker]")
            .unwrap()
            .length(),
        3
    );
    assert_eq!(clock_ms(&root), 0);
    click(&root, "step");
    yew::scheduler::flush().await;
    let after = clock_ms(&root);
    assert!(after > 0, "clock did not advance");
    click(&root, "step");
    yew::scheduler::flush().await;
    assert!(clock_ms(&root) >= after);
    click(&root, "step-back");
    yew::scheduler::flush().await;
    assert_eq!(clock_ms(&root), after);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_language_switch_changes_the_labels() {
    let root = mount();
    yew::scheduler::flush().await;
    assert!(find(&root, "play").text_content().unwrap().contains("Play"));
    let select = find(&root, "lang").dyn_into::<HtmlSelectElement>().unwrap();
    select.set_value("zh");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert!(find(&root, "play").text_content().unwrap().contains("播放"));
    root.remove();
}
