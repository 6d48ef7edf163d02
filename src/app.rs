//! The application shell: owns the run (outside Yew state), the UI state, and
//! wires the toolbar, the cluster view and the panels together.

use crate::components::cluster_view::ClusterView;
use crate::components::error_banner::{ErrorBanner, Problem};
use crate::components::toolbar::Toolbar;
use crate::hooks::use_frame_loop::use_frame_loop;
use crate::i18n::Lang;
use crate::page;
use crate::run::{Run, DEFAULT_SCENARIO};
use crate::state::{UiAction, UiState, DEFAULT_SPEED};
use crate::url::parse_query;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Most manual steps that Step back can undo one by one.
const UNDO_DEPTH: usize = 256;

/// The run and the snapshots Step back returns to.
struct Lab {
    run: Run,
    undo: Vec<Run>,
    /// Virtual milliseconds owed to the run by frames shorter than one millisecond.
    carry: f64,
}

impl Lab {
    fn remember(&mut self) {
        if self.undo.len() == UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.undo.push(self.run.clone());
    }
}

/// Settings the page starts with, and the problems found reading them.
fn boot() -> (UiState, Vec<Problem>) {
    let (settings, problems) = parse_query(&page::query());
    let lang = settings
        .lang
        .or_else(|| page::browser_language().and_then(|l| Lang::parse(&l)))
        .unwrap_or_default();
    let problems = problems
        .into_iter()
        .map(|p| Problem::UrlParam {
            param: p.param,
            value: p.value,
        })
        .collect();
    (
        UiState::new(lang, settings.speed.unwrap_or(DEFAULT_SPEED)),
        problems,
    )
}

/// ISR Lab.
#[function_component(App)]
pub fn app() -> Html {
    let booted = use_memo((), |_| boot());
    let ui = use_reducer(|| booted.0.clone());
    let problems = use_state(|| booted.1.clone());
    let lab: Rc<RefCell<Option<Lab>>> = use_mut_ref(|| None);
    let load_error = use_mut_ref(|| None::<String>);
    if lab.borrow().is_none() && load_error.borrow().is_none() {
        match Run::from_json(DEFAULT_SCENARIO) {
            Ok(run) => {
                *lab.borrow_mut() = Some(Lab {
                    run,
                    undo: Vec::new(),
                    carry: 0.0,
                })
            }
            Err(e) => *load_error.borrow_mut() = Some(e),
        }
    }
    let redraw = use_force_update();
    let lang = ui.lang;

    let on_frame = {
        let (lab, ui, redraw) = (lab.clone(), ui.clone(), redraw.clone());
        Callback::from(move |wall_ms: f64| {
            let mut guard = lab.borrow_mut();
            let Some(l) = guard.as_mut() else { return };
            let due = wall_ms * ui.speed_factor() + l.carry;
            let whole = due.floor();
            l.carry = due - whole;
            l.run.advance_by(whole as u64);
            let done = l.run.finished();
            drop(guard);
            if done {
                ui.dispatch(UiAction::Pause);
            }
            redraw.force_update();
        })
    };
    use_frame_loop(ui.playing, on_frame);

    let with_lab = |f: fn(&mut Lab)| {
        let (lab, ui, redraw) = (lab.clone(), ui.clone(), redraw.clone());
        Callback::from(move |()| {
            if let Some(l) = lab.borrow_mut().as_mut() {
                f(l);
            }
            ui.dispatch(UiAction::Pause);
            redraw.force_update();
        })
    };
    let on_step = with_lab(|l| {
        l.remember();
        l.run.step();
    });
    let on_step_back = with_lab(|l| {
        if let Some(prev) = l.undo.pop() {
            l.run = prev;
        }
    });
    let on_reset = {
        let (lab, ui, redraw, problems) =
            (lab.clone(), ui.clone(), redraw.clone(), problems.clone());
        Callback::from(move |()| {
            if let Some(l) = lab.borrow_mut().as_mut() {
                l.undo.clear();
                if let Err(e) = l.run.reset() {
                    problems.set(vec![Problem::Scenario(e)]);
                }
            }
            ui.dispatch(UiAction::Pause);
            redraw.force_update();
        })
    };
    let on_play = {
        let ui = ui.clone();
        Callback::from(move |()| ui.dispatch(UiAction::TogglePlay))
    };
    let on_speed = {
        let ui = ui.clone();
        Callback::from(move |i| ui.dispatch(UiAction::SetSpeed(i)))
    };
    let on_lang = {
        let ui = ui.clone();
        Callback::from(move |l| ui.dispatch(UiAction::SetLang(l)))
    };
    let on_help = {
        let ui = ui.clone();
        Callback::from(move |()| ui.dispatch(UiAction::ToggleHelp))
    };
    let on_select = {
        let ui = ui.clone();
        Callback::from(move |i| ui.dispatch(UiAction::Select(i)))
    };
    let on_dismiss = {
        let problems = problems.clone();
        Callback::from(move |()| problems.set(Vec::new()))
    };

    let mut all_problems = (*problems).clone();
    if let Some(e) = load_error.borrow().as_ref() {
        all_problems.push(Problem::Scenario(e.clone()));
    }
    let banner =
        html! { <ErrorBanner problems={all_problems} lang={lang} on_dismiss={on_dismiss} /> };
    let guard = lab.borrow();
    let Some(l) = guard.as_ref() else {
        return html! { <div class="app" lang={lang.code()}>{ banner }</div> };
    };
    let scenario = l.run.scenario();
    let title = match lang {
        Lang::En => scenario.title.en.clone(),
        Lang::Zh => scenario.title.zh.clone(),
    };
    let view = Rc::new(l.run.view());
    let producers = Rc::new(
        scenario
            .producers
            .iter()
            .map(|p| p.name.clone())
            .collect::<Vec<_>>(),
    );
    let consumers = Rc::new(
        scenario
            .consumers
            .iter()
            .map(|c| (c.name.clone(), c.group.clone()))
            .collect::<Vec<_>>(),
    );
    html! {
        <div class="app" lang={lang.code()}>
            <Toolbar lang={lang} title={title} playing={ui.playing} finished={l.run.finished()}
                can_step_back={!l.undo.is_empty()} speed={ui.speed} now_ms={l.run.now()} end_ms={l.run.end_ms()}
                seed={scenario.seed} on_reset={on_reset} on_step_back={on_step_back} on_play={on_play}
                on_step={on_step} on_speed={on_speed} on_lang={on_lang} on_help={on_help} />
            { banner }
            <main class="workspace">
                <section class="stage" aria-label={lang.t("cluster.aria")}>
                    <ClusterView view={view} producers={producers} consumers={consumers}
                        selected={ui.selected} lang={lang} on_select={on_select} on_broker={Callback::noop()} />
                </section>
            </main>
        </div>
    }
}
