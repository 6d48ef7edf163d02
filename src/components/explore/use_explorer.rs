//! The lab's hook into the explorer: keeps the what-if badges up to date (a few forks
//! per animation frame while playing, all at once when paused), remembers the broker
//! whose list is shown and the preview being played, and opens a sweep's losing run.
//! `app.rs` calls it once and places what it returns.

use crate::components::explore::preview::Preview;
use crate::components::explore::sweep_panel::SweepPanel;
use crate::components::explore::whatif_pane::WhatIfPane;
use crate::components::explore::workers::now_ms;
use crate::explore::badges::{Answers, Badges};
use crate::explore::open_run::open_losing_run;
use crate::hooks::use_frame_loop::use_frame_loop;
use crate::i18n::Lang;
use crate::lab::Lab;
use isrlab_explore::{Fault, Replay, WhatIf};
use isrlab_sim::Scenario;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Wall milliseconds per animation frame the badges' forks may take while playing (at
/// least one fork runs per frame): the page keeps its frame rate.
const FRAME_BUDGET_MS: f64 = 5.0;
/// Wall milliseconds between the starts of two rounds while playing: at most 8 refreshes
/// a second (the target is 5), so the forks leave the frames alone most of the time.
const ROUND_EVERY_MS: f64 = 125.0;

/// What the lab places: the badges' answers, the list pane, the sweep pane, the preview.
pub struct Explorer {
    /// The latest what-if answers, for the brokers' badges.
    pub answers: Option<Rc<Answers>>,
    /// A badge clicked: show that broker's list.
    pub on_badge: Callback<u32>,
    broker: Option<u32>,
    on_pick: Callback<u32>,
    on_show: Callback<(u32, Fault)>,
    preview: Option<(Rc<Answers>, WhatIf)>,
    on_close: Callback<()>,
    on_open: Callback<(Scenario, Replay)>,
}

/// Wires the explorer to the lab. The badges are computed (and drawn) only while
/// `what_if_shown` (the What if pane is open). `on_pane` shows a pane by id, `on_pause`
/// pauses, `on_opened` is told when a losing run replaced the lab (`Err`: why not).
#[hook]
pub fn use_explorer(
    lab: Rc<RefCell<Result<Lab, String>>>,
    playing: bool,
    what_if_shown: bool,
    on_pane: Callback<&'static str>,
    on_pause: Callback<()>,
    on_opened: Callback<Result<(), String>>,
) -> Explorer {
    let badges = use_mut_ref(Badges::default);
    let broker = use_state(|| None::<u32>);
    let preview = use_state(|| None::<(Rc<Answers>, WhatIf)>);
    let since_round = use_mut_ref(|| ROUND_EVERY_MS);
    let on_frame = {
        let (lab, badges) = (lab.clone(), badges.clone());
        Callback::from(move |wall_ms: f64| {
            let mut since = since_round.borrow_mut();
            *since += wall_ms;
            let mut b = badges.borrow_mut();
            if !b.busy() {
                if *since < ROUND_EVERY_MS {
                    return;
                }
                *since = 0.0;
            }
            if let Ok(l) = lab.borrow().as_ref() {
                let deadline = now_ms() + FRAME_BUDGET_MS;
                b.work(l.run.sim(), || now_ms() < deadline);
            }
        })
    };
    use_frame_loop(playing && what_if_shown, on_frame);
    if !playing && what_if_shown {
        if let Ok(l) = lab.borrow().as_ref() {
            badges.borrow_mut().finish(l.run.sim());
        }
    }
    let answers = badges.borrow().answers().filter(|_| what_if_shown);
    let on_badge = {
        let (broker, on_pane) = (broker.clone(), on_pane.clone());
        Callback::from(move |b: u32| {
            broker.set(Some(b));
            on_pane.emit("whatif");
        })
    };
    let on_pick = {
        let broker = broker.clone();
        Callback::from(move |b: u32| broker.set(Some(b)))
    };
    let on_show = {
        let (preview, answers, on_pause) = (preview.clone(), answers.clone(), on_pause.clone());
        Callback::from(move |(b, f): (u32, Fault)| {
            if let Some(a) = &answers {
                if let Some(w) = a.get(b, f) {
                    on_pause.emit(());
                    preview.set(Some((a.clone(), w.clone())));
                }
            }
        })
    };
    let on_close = {
        let preview = preview.clone();
        Callback::from(move |()| preview.set(None))
    };
    let on_open =
        Callback::from(move |(scenario, replay): (Scenario, Replay)| {
            match open_losing_run(&scenario, &replay) {
                Ok(opened) => {
                    *lab.borrow_mut() = Ok(opened);
                    on_opened.emit(Ok(()));
                }
                Err(e) => on_opened.emit(Err(e)),
            }
        });
    Explorer {
        answers,
        on_badge,
        broker: *broker,
        on_pick,
        on_show,
        preview: (*preview).clone(),
        on_close,
        on_open,
    }
}

impl Explorer {
    /// The what-if list pane's body.
    pub fn what_if_pane(&self, brokers: Vec<u32>, lang: Lang) -> Html {
        html! {
            <WhatIfPane answers={self.answers.clone()} brokers={brokers} broker={self.broker} lang={lang}
                on_pick={self.on_pick.clone()} on_show={self.on_show.clone()} />
        }
    }

    /// The sweep pane's body.
    pub fn sweep_pane(
        &self,
        scenarios: Rc<Vec<(&'static str, String, String)>>,
        lang: Lang,
    ) -> Html {
        html! { <SweepPanel scenarios={scenarios} lang={lang} on_open={self.on_open.clone()} /> }
    }

    /// The "show me" preview, when one is open.
    pub fn preview(&self, lang: Lang) -> Html {
        match &self.preview {
            Some((answers, w)) => html! {
                <Preview key={format!("{}-{}-{}", w.broker, w.fault.name(), w.at_ms)} answers={answers.clone()}
                    what_if={w.clone()} lang={lang} on_close={self.on_close.clone()} />
            },
            None => html! {},
        }
    }
}
