//! The loss-window explorer's screen parts (issue #11, parts 3 and 4): what-if badges
//! and their list, the "show me" preview, and the browser sweep.

pub mod preview;
pub mod sweep_charts;
pub mod sweep_panel;
pub mod use_explorer;
pub mod whatif_badge;
pub mod whatif_pane;
pub mod workers;
