//! The screen's components, one job each.

use yew::{Callback, KeyboardEvent, MouseEvent};

/// Click and keyboard handlers for an SVG element acting as a button: a click, Enter or
/// Space calls `act` (the key is not passed on to the page's shortcuts).
pub fn activate(
    act: impl Fn() + Clone + 'static,
) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let on_click = {
        let act = act.clone();
        Callback::from(move |_: MouseEvent| act())
    };
    let on_key = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            e.stop_propagation();
            act();
        }
    });
    (on_click, on_key)
}

pub mod action_button;
pub mod admin_panel;
pub mod author_panel;
pub mod branch_notice;
pub mod broker;
pub mod broker_panel;
pub mod broker_pick;
pub mod cluster_view;
pub mod config_panel;
pub mod console;
pub mod consumer_editor;
pub mod consumer_panel;
pub mod error_banner;
pub mod event_log;
pub mod explore;
pub mod guide_panel;
pub mod help_overlay;
pub mod import_box;
pub mod lanes;
pub mod links;
pub mod log_ruler;
pub mod loss_windows;
pub mod messages;
pub mod metrics_panel;
pub mod network_panel;
pub mod panes;
pub mod partition_detail;
pub mod placement_compare;
pub mod produce_panel;
pub mod replica_chip;
pub mod segment_files;
pub mod share_dialog;
pub mod switch_table;
pub mod timeline;
pub mod toolbar;
pub mod why_disabled;
