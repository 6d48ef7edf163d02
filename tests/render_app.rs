#![cfg(not(target_arch = "wasm32"))]
//! Native server-side render of the whole app at time zero: every DOM hook the
//! end-to-end tests rely on is present, and the error banner is absent.

use isrlab::App;
use yew::LocalServerRenderer;

#[test]
fn the_app_renders_the_toolbar_hooks_and_the_cluster_at_time_zero() {
    let html =
        futures::executor::block_on(LocalServerRenderer::<App>::new().hydratable(false).render());
    for hook in [
        "play",
        "step",
        "step-back",
        "reset",
        "clock",
        "lang",
        "cluster",
    ] {
        assert!(
            html.contains(&format!("data-testid=\"{hook}\"")),
            "missing {hook}"
        );
    }
    assert!(html.contains("data-time-ms=\"0\""));
    assert!(!html.contains("data-testid=\"error-banner\""));
    assert_eq!(html.matches("data-testid=\"broker\"").count(), 3);
}
