//! UI state that is not the simulation: play/pause, speed, selection, language,
//! overlays. A Yew `Reducible`, changed only through [`UiAction`].

use crate::i18n::Lang;
use std::rc::Rc;
use yew::Reducible;

/// Simulated milliseconds per wall-clock millisecond that the speed control offers.
pub const SPEEDS: [f64; 9] = [0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0, 100.0];

/// Index into [`SPEEDS`] of 1×.
pub const DEFAULT_SPEED: usize = 3;

/// Everything the screen remembers besides the run itself.
#[derive(Clone, Debug, PartialEq)]
pub struct UiState {
    /// Whether virtual time advances on every animation frame.
    pub playing: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// Index of the selected partition in the view's partition list.
    pub selected: usize,
    /// Language of every string on screen.
    pub lang: Lang,
    /// Whether the keyboard help overlay is open.
    pub help_open: bool,
    /// Broker whose fault panel is open.
    pub broker_panel: Option<u32>,
    /// Whether control-plane messages (ZooKeeper, LeaderAndIsr, metadata) are drawn.
    pub show_control: bool,
    /// Id of the tabbed pane shown (see `docs/ui.md`, "Panes").
    pub pane: &'static str,
}

/// The tabbed pane shown when the lab opens: the event log, which says why things happen.
pub const DEFAULT_PANE: &str = "events";

impl UiState {
    /// The initial state in a language.
    pub fn new(lang: Lang, speed: usize) -> UiState {
        UiState {
            playing: false,
            speed: speed.min(SPEEDS.len() - 1),
            selected: 0,
            lang,
            help_open: false,
            broker_panel: None,
            show_control: true,
            pane: DEFAULT_PANE,
        }
    }

    /// The current speed factor.
    pub fn speed_factor(&self) -> f64 {
        SPEEDS[self.speed]
    }
}

/// A change to [`UiState`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum UiAction {
    /// Play if paused, pause if playing.
    TogglePlay,
    /// Stop playing (end of run, step, reset).
    Pause,
    /// Choose a speed by index into [`SPEEDS`].
    SetSpeed(usize),
    /// One speed step faster (`+1`) or slower (`-1`).
    NudgeSpeed(i8),
    /// Select a partition by index.
    Select(usize),
    /// Switch language.
    SetLang(Lang),
    /// Open or close the help overlay.
    ToggleHelp,
    /// Open a broker's fault panel, or close it if it is open.
    ToggleBroker(u32),
    /// Close the broker's fault panel.
    CloseBroker,
    /// Show or hide control-plane messages.
    ToggleControl,
    /// Show a tabbed pane by its id.
    ShowPane(&'static str),
    /// A new scenario was loaded: pause and clear the selection.
    Loaded,
}

impl Reducible for UiState {
    type Action = UiAction;

    fn reduce(self: Rc<Self>, action: UiAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            UiAction::TogglePlay => next.playing = !next.playing,
            UiAction::Pause => next.playing = false,
            UiAction::SetSpeed(i) => next.speed = i.min(SPEEDS.len() - 1),
            UiAction::NudgeSpeed(d) => {
                next.speed =
                    (next.speed as i64 + d as i64).clamp(0, SPEEDS.len() as i64 - 1) as usize
            }
            UiAction::Select(i) => next.selected = i,
            UiAction::SetLang(l) => next.lang = l,
            UiAction::ToggleHelp => next.help_open = !next.help_open,
            UiAction::ToggleBroker(b) => {
                next.broker_panel = if next.broker_panel == Some(b) {
                    None
                } else {
                    next.pane = "faults";
                    Some(b)
                }
            }
            UiAction::ShowPane(id) => next.pane = id,
            UiAction::CloseBroker => next.broker_panel = None,
            UiAction::ToggleControl => next.show_control = !next.show_control,
            UiAction::Loaded => {
                next.playing = false;
                next.selected = 0;
                next.broker_panel = None;
            }
        }
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn apply(s: UiState, a: UiAction) -> UiState {
        (*Rc::new(s).reduce(a)).clone()
    }

    #[test]
    fn toggle_play_flips_and_pause_stops() {
        let s = UiState::new(Lang::En, DEFAULT_SPEED);
        let s = apply(s, UiAction::TogglePlay);
        assert!(s.playing);
        assert!(!apply(s, UiAction::Pause).playing);
    }

    #[test]
    fn speed_nudges_stay_within_the_offered_range() {
        let mut s = UiState::new(Lang::En, 0);
        s = apply(s, UiAction::NudgeSpeed(-1));
        assert_eq!(s.speed_factor(), 0.1);
        for _ in 0..20 {
            s = apply(s, UiAction::NudgeSpeed(1));
        }
        assert_eq!(s.speed_factor(), 100.0);
    }

    #[test]
    fn clicking_a_broker_shows_the_faults_pane_with_its_menu() {
        let s = UiState::new(Lang::En, DEFAULT_SPEED);
        assert_eq!(s.pane, DEFAULT_PANE);
        let s = apply(s, UiAction::ToggleBroker(2));
        assert_eq!((s.pane, s.broker_panel), ("faults", Some(2)));
        let s = apply(
            apply(s, UiAction::ShowPane("config")),
            UiAction::ToggleBroker(2),
        );
        assert_eq!(
            (s.pane, s.broker_panel),
            ("config", None),
            "closing a menu leaves the pane alone"
        );
    }
}
