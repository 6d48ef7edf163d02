#![cfg(target_arch = "wasm32")]
//! The app mounted in headless Chromium: pressing Step advances the simulated clock,
//! Step back returns it (once the guide's opening question is skipped), and the
//! language switch changes the labels.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app with the default scenario preloaded: the test runner serves no
/// `scenarios/` folder for the app to fetch.
fn mount() -> Element {
    isrlab::scenarios::preload("default", include_str!("../scenarios/default.json"));
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
    // The scenario opens once its cluster has booted (a few hundred ms in).
    let opened = clock_ms(&root);
    assert!(opened > 0 && opened < 1_000, "opened at {opened} ms");
    // The default scenario's guide asks a question at time 0: Step waits for it.
    click(&root, "step");
    yew::scheduler::flush().await;
    assert_eq!(clock_ms(&root), opened, "Step waits for the prediction");
    assert!(find(&root, "step").has_attribute("disabled"));
    click(&root, "guide-skip");
    yew::scheduler::flush().await;
    assert!(find(&root, "guide-reveal")
        .text_content()
        .unwrap()
        .contains("Skipped"));
    click(&root, "step");
    yew::scheduler::flush().await;
    let after = clock_ms(&root);
    assert!(after > opened, "clock did not advance");
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

#[wasm_bindgen_test]
async fn html_lang_and_the_title_follow_the_language_switch() {
    let root = mount();
    yew::scheduler::flush().await;
    let document = gloo_utils::document();
    let html_lang = || document.document_element().unwrap().get_attribute("lang");
    let select = find(&root, "lang").dyn_into::<HtmlSelectElement>().unwrap();
    select.set_value("en");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert_eq!(html_lang().as_deref(), Some("en"));
    assert!(document.title().contains("ISR Lab"), "{}", document.title());
    select.set_value("zh");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert_eq!(html_lang().as_deref(), Some("zh-Hans"));
    assert!(document.title().contains("实验室"), "{}", document.title());
    root.remove();
}

fn dispatch(target: &web_sys::EventTarget, event: &web_sys::Event) {
    target.dispatch_event(event).unwrap();
}

#[wasm_bindgen_test]
async fn the_question_mark_key_opens_the_help_overlay() {
    let root = mount();
    yew::scheduler::flush().await;
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("?");
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    dispatch(&gloo_utils::window(), &event);
    yew::scheduler::flush().await;
    assert!(
        root.query_selector("[data-testid=help]").unwrap().is_some(),
        "help overlay open"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn crashing_a_broker_from_its_panel_marks_it_down() {
    let root = mount();
    yew::scheduler::flush().await;
    let head = root
        .query_selector("[data-testid=broker][data-broker-id='1'] .broker-head")
        .unwrap()
        .unwrap();
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    dispatch(
        &head,
        &web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap(),
    );
    yew::scheduler::flush().await;
    click(&root, "fault-crash");
    yew::scheduler::flush().await;
    let broker = root
        .query_selector("[data-testid=broker][data-broker-id='1']")
        .unwrap()
        .unwrap();
    assert_eq!(broker.get_attribute("data-status").as_deref(), Some("down"));
    root.remove();
}

#[wasm_bindgen_test]
async fn dragging_the_timeline_travels_in_time_and_back() {
    let root = mount();
    yew::scheduler::flush().await;
    let range = find(&root, "timeline")
        .dyn_into::<web_sys::HtmlInputElement>()
        .unwrap();
    let travel = |t: &str| {
        range.set_value(t);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        dispatch(
            &range,
            &web_sys::Event::new_with_event_init_dict("input", &init).unwrap(),
        );
    };
    travel("4500");
    yew::scheduler::flush().await;
    assert_eq!(clock_ms(&root), 4_500);
    let html_at_4500 = find(&root, "cluster").outer_html();
    travel("1200");
    yew::scheduler::flush().await;
    assert_eq!(clock_ms(&root), 1_200);
    travel("4500");
    yew::scheduler::flush().await;
    assert_eq!(
        find(&root, "cluster").outer_html(),
        html_at_4500,
        "same state at the same time"
    );
    root.remove();
}
