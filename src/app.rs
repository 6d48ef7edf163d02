//! The application shell: owns the run (outside Yew state, in a `use_mut_ref`), the
//! UI state, and wires the toolbar, the cluster view and the panels together.

use crate::author;
use crate::components::admin_panel::AdminPanel;
use crate::components::author_panel::{AuthorGoal, AuthorPanel};
use crate::components::branch_notice::BranchNotice;
use crate::components::broker_panel::BrokerPanel;
use crate::components::broker_pick::BrokerPick;
use crate::components::cluster_view::ClusterView;
use crate::components::config_panel::ConfigPanel;
use crate::components::console::Console;
use crate::components::consumer_panel::ConsumerPanel;
use crate::components::error_banner::{ErrorBanner, Problem};
use crate::components::event_log::EventLog;
use crate::components::explore::use_explorer::use_explorer;
use crate::components::guide_panel::GuidePanel;
use crate::components::help_overlay::HelpOverlay;
use crate::components::import_box::ImportBox;
use crate::components::lanes::LanesPanel;
use crate::components::loss_windows::LossWindows;
use crate::components::metrics_panel::MetricsPanel;
use crate::components::network_panel::NetworkPanel;
use crate::components::panes::{Pane, PaneTabs};
use crate::components::partition_detail::PartitionDetail;
use crate::components::produce_panel::ProducePanel;
use crate::components::share_dialog::ShareDialog;
use crate::components::timeline::Timeline;
use crate::components::toolbar::Toolbar;
use crate::config_form::ConfigForm;
use crate::embed::hooks::{use_api, use_events, Seen};
use crate::embed::protocol::{Command as ApiCommand, Event as ApiEvent};
use crate::explore::errors::explore_error;
use crate::exports::{download, file_of, DataExport};
use crate::guide::{self, Answers};
use crate::hooks::use_frame_loop::use_frame_loop;
use crate::hooks::use_keyboard::use_keyboard;
use crate::i18n::Lang;
use crate::keys::Command;
use crate::lab::Lab;
use crate::lanes::Lanes;
use crate::layout::client_names;
use crate::link::follow::{current_link, use_follow_address};
use crate::link::{self, LinkState};
use crate::page;
use crate::refusals;
use crate::run::Run;
use crate::scenarios;
use crate::script::{self, Script};
use crate::sentences::Names;
use crate::share::{self, LinkParts};
use crate::state::{UiAction, UiState, DEFAULT_SPEED};
use crate::trace_file::{self, FileText};
use crate::url::{parse_query, Controls, Embed, PANE_IDS};
use isrlab_sim::ledger::MessageRecord;
use isrlab_sim::metrics::observer::Mark;
use isrlab_sim::scenario::GuideStep;
use isrlab_sim::Metrics;
use isrlab_sim::{Action, Event, NodeId, ScenarioError, TimeMs};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Settings the page starts with, read from its address.
struct Boot {
    /// Language and speed.
    ui: UiState,
    /// The built-in scenario to open.
    scenario: &'static str,
    /// `?seed=`: replaces the scenario's own seed.
    seed: Option<u64>,
    /// `?t=`: the virtual time to travel to.
    time_ms: Option<TimeMs>,
    /// Parameters the lab could not use.
    problems: Vec<Problem>,
    /// A link to replay: this embedding's state kept in `sessionStorage`, else `?v=1&s=`.
    link: Option<LinkState>,
    /// `?embed=1` and its settings.
    embed: Embed,
}

/// Reads the page address into a [`Boot`].
fn boot() -> Boot {
    let ids: Vec<&str> = scenarios::INDEX.iter().map(|e| e.id).collect();
    let (settings, url_problems) = parse_query(&page::query(), &ids);
    let mut problems: Vec<Problem> = url_problems.into_iter().map(Problem::UrlParam).collect();
    let stored = link::browser::stored().and_then(|t| link::decode(&t).ok());
    let link = match (stored, settings.link) {
        (Some(kept), _) => Some(kept),
        (None, Some(Ok(given))) => Some(given),
        (None, Some(Err(e))) => {
            problems.push(Problem::Link(e));
            None
        }
        (None, None) => None,
    };
    let lang = link
        .as_ref()
        .and_then(LinkState::language)
        .or(settings.lang)
        .or_else(|| page::browser_language().and_then(|l| Lang::parse(&l)))
        .unwrap_or_default();
    let named = match link.as_ref().map(|l| &l.scenario) {
        Some(link::LinkScenario::Builtin(id)) => Some(id.clone()),
        Some(link::LinkScenario::Custom(_)) => None,
        None => settings.scenario,
    };
    let scenario = named
        .and_then(|id| scenarios::INDEX.iter().find(|e| e.id == id))
        .map_or(scenarios::DEFAULT_ID, |e| e.id);
    let speed = link.as_ref().and_then(|l| l.speed).or(settings.speed);
    let mut ui = UiState::new(lang, speed.unwrap_or(DEFAULT_SPEED));
    if let Some(l) = &link {
        ui.selected = l.partition;
        if let Some(pane) = l.pane.as_deref().and_then(known_pane) {
            ui.pane = pane;
        }
    }
    ui.playing = settings.embed.autoplay;
    Boot {
        ui,
        scenario,
        seed: settings.seed,
        time_ms: settings.time_ms,
        problems,
        link,
        embed: settings.embed,
    }
}

/// The pane id `id` names, if it is one.
fn known_pane(id: &str) -> Option<&'static str> {
    PANE_IDS.iter().find(|p| **p == id).copied()
}

/// `t` held to the embed window (`start=`/`stop=`).
fn held(embed: &Embed, t: TimeMs) -> TimeMs {
    let t = embed.stop_ms.map_or(t, |s| t.min(s));
    embed.start_ms.map_or(t, |s| t.max(s))
}

/// Builds a built-in scenario's run from its file at hand ([`scenarios::cached`]),
/// with its `seed` replaced when `seed` is given.
fn load(id: &str, seed: Option<u64>) -> Result<Lab, String> {
    let text = scenarios::cached(id).ok_or_else(|| format!("no scenario `{id}`"))?;
    let mut scenario = isrlab_sim::Scenario::from_json(&text).map_err(|e| e.to_string())?;
    if let Some(seed) = seed {
        scenario.seed = seed;
    }
    Run::new(scenario).map(Lab::open)
}

/// Travels to `?t=`'s time, reporting when it is beyond the run's end (then the end is used).
fn travel_from_link(lab: &mut Lab, t: TimeMs) -> Option<Problem> {
    lab.travel_to(t);
    (t > lab.run.end_ms()).then(|| Problem::UrlClamped {
        param: "t".into(),
        value: t.to_string(),
        used: lab.run.end_ms().to_string(),
    })
}

/// Titles of every built-in scenario, in both languages, for the picker.
fn titles() -> Vec<(&'static str, String, String)> {
    scenarios::INDEX
        .iter()
        .map(|e| (e.id, e.title_en.to_string(), e.title_zh.to_string()))
        .collect()
}

/// The config keys the core accepts at run time, each with whether a topic may override it.
fn config_keys() -> Vec<(&'static str, bool)> {
    use isrlab_sim::config_keys::{BROKER_KEYS, TOPIC_KEYS};
    let mut keys: Vec<(&'static str, bool)> = BROKER_KEYS
        .iter()
        .map(|k| (*k, TOPIC_KEYS.contains(k)))
        .collect();
    keys.extend(
        TOPIC_KEYS
            .iter()
            .filter(|k| !BROKER_KEYS.contains(k))
            .map(|k| (*k, true)),
    );
    keys
}

/// The next guide stop strictly after `now` (none once the run left the script: the
/// narration is paused).
fn next_guide_stop(lab: &Lab) -> Option<TimeMs> {
    if !Script::of(lab).followed() {
        return None;
    }
    let now = lab.run.now();
    lab.run
        .scenario()
        .guide
        .iter()
        .map(|g| g.at_ms)
        .find(|&t| t > now)
}

/// Wall-clock milliseconds between refreshes of the heavy panels (event log, metrics,
/// partition detail) while playing; paused, they follow every change.
const PANEL_REFRESH_MS: f64 = 200.0;

/// The heavy panels' data as `Rc`s, rebuilt only when it changed and, while playing,
/// at most every [`PANEL_REFRESH_MS`].
#[derive(Default)]
struct PanelCache {
    /// Wall milliseconds played since the last refresh.
    waited_ms: f64,
    events_key: Option<(usize, TimeMs)>,
    events: Rc<Vec<Event>>,
    samples_key: Option<(usize, TimeMs)>,
    samples: Rc<Vec<Metrics>>,
    marks: Rc<Vec<Mark>>,
    /// Scenario id, events processed, time, ledger length and structured events so far
    /// the ledger was copied at. The events count moves with a hand-delivered message in
    /// manual mode too, which acknowledges or commits without a step or a clock change.
    ledger_key: Option<(String, u64, TimeMs, usize, usize)>,
    ledger: Rc<Vec<MessageRecord>>,
    names: Rc<Names>,
}

impl PanelCache {
    fn refresh(&mut self, lab: &Lab, playing: bool) {
        if playing && self.waited_ms < PANEL_REFRESH_MS && self.events_key.is_some() {
            return;
        }
        self.waited_ms = 0.0;
        let events = lab.run.events();
        let key = Some((events.len(), events.last().map_or(0, |e| e.time_ms)));
        if self.events_key != key {
            self.events_key = key;
            self.events = Rc::new(events.to_vec());
        }
        let samples = lab.samples();
        let key = Some((samples.len(), samples.last().map_or(0, |s| s.time_ms)));
        if self.samples_key != key {
            self.samples_key = key;
            self.samples = Rc::new(samples.to_vec());
            self.marks = Rc::new(lab.metric_marks().to_vec());
        }
        let (run, ledger) = (&lab.run, lab.run.ledger());
        let scenario = run.scenario();
        let key = (
            scenario.id.clone(),
            run.steps(),
            run.now(),
            ledger.len(),
            events.len(),
        );
        if self.ledger_key.as_ref() != Some(&key) {
            self.ledger_key = Some(key);
            self.ledger = Rc::new(ledger.to_vec());
            self.names = Rc::new(Names {
                producers: scenario.producers.iter().map(|p| p.name.clone()).collect(),
                consumers: scenario.consumers.iter().map(|c| c.name.clone()).collect(),
                messages: self
                    .ledger
                    .iter()
                    .map(|m| (m.id, m.value.clone()))
                    .collect(),
            });
        }
    }
}

/// ISR Lab: fetches the file of the scenario the address names (or the default one),
/// then opens the lab on it.
#[function_component(App)]
pub fn app() -> Html {
    let id = *use_memo((), |_| boot().scenario);
    let fetched = use_state(|| scenarios::cached(id).map(|_| Ok(())));
    {
        let fetched = fetched.clone();
        use_effect_with((), move |_| {
            if fetched.is_none() {
                scenarios::when_loaded(id, move |r| fetched.set(Some(r.map(|_| ()))));
            }
        });
    }
    match &*fetched {
        None => html! { <div class="app" data-testid="loading" aria-busy="true"></div> },
        Some(Ok(())) => html! { <Screen /> },
        Some(Err(e)) => html! { <Screen failure={AttrValue::from(e.clone())} /> },
    }
}

/// What [`Screen`] opens with.
#[derive(Properties, PartialEq)]
struct ScreenProps {
    /// Why the opening scenario's file could not be fetched, if it could not.
    #[prop_or_default]
    failure: Option<AttrValue>,
}

/// The lab on its opening scenario, once that scenario's file is at hand.
#[function_component(Screen)]
fn screen(props: &ScreenProps) -> Html {
    let booted = use_memo((), |_| boot());
    let picker = use_memo((), |_| Rc::new(titles()));
    let config_keys = use_memo((), |_| config_keys());
    let reduced_motion = *use_memo((), |_| page::reduced_motion());
    let ui = use_reducer(|| booted.ui.clone());
    let scenario_id = use_state(|| booted.scenario);
    let notice = use_state(|| false);
    let config_generation = use_state(|| 0u32);
    let answers = use_state(Answers::new);
    let gate = use_state(|| true);
    let mut opening_problems = booted.problems.clone();
    let lab: Rc<RefCell<Result<Lab, String>>> = use_mut_ref(|| {
        let replayed = booted.link.as_ref().and_then(|state| {
            link::replay(state, scenarios::cached)
                .map_err(|e| opening_problems.push(Problem::Link(e)))
                .ok()
        });
        let opened = match (&props.failure, replayed) {
            (Some(reason), _) => Err(reason.to_string()),
            (None, Some(l)) => Ok(l),
            (None, None) => load(booted.scenario, booted.seed).map(|mut l| {
                if let Some(t) = booted.time_ms {
                    opening_problems.extend(travel_from_link(&mut l, t));
                }
                l
            }),
        };
        opened.map(|mut l| {
            let now = l.run.now();
            if held(&booted.embed, now) != now {
                l.travel_to(held(&booted.embed, now));
            }
            l
        })
    });
    let problems = use_state(|| opening_problems);
    let panels = use_mut_ref(PanelCache::default);
    let lanes = use_mut_ref(Lanes::default);
    let redraw = use_force_update();
    let lang = ui.lang;
    use_effect_with(lang, |lang| {
        page::set_document_language(lang.html_lang(), lang.t("app.title"));
    });

    let on_frame = {
        let (lab, ui, redraw, panels) = (lab.clone(), ui.clone(), redraw.clone(), panels.clone());
        let window_end = booted.embed.stop_ms;
        Callback::from(move |wall_ms: f64| {
            panels.borrow_mut().waited_ms += wall_ms;
            let pause = match lab.borrow_mut().as_mut() {
                Ok(l) => {
                    let stop = match (next_guide_stop(l), window_end) {
                        (Some(g), Some(w)) => Some(g.min(w)),
                        (g, w) => g.or(w),
                    };
                    if window_end.is_some_and(|w| l.run.now() >= w) {
                        ui.dispatch(UiAction::Pause);
                        return;
                    }
                    l.advance_wall(wall_ms, ui.speed_factor(), stop) || l.run.finished()
                }
                Err(_) => true,
            };
            if pause {
                ui.dispatch(UiAction::Pause);
            }
            redraw.force_update();
        })
    };
    use_frame_loop(ui.playing, on_frame);
    let explorer = {
        let (ui, redraw, problems) = (ui.clone(), redraw.clone(), problems.clone());
        let on_pane = {
            let ui = ui.clone();
            Callback::from(move |id| ui.dispatch(UiAction::ShowPane(id)))
        };
        let on_pause = {
            let ui = ui.clone();
            Callback::from(move |()| ui.dispatch(UiAction::Pause))
        };
        let (playing, shown) = (ui.playing, ui.pane == "whatif");
        let on_opened = Callback::from(move |r: Result<(), String>| {
            match r {
                Ok(()) => ui.dispatch(UiAction::Loaded),
                Err(e) => problems.set(vec![Problem::Scenario(e)]),
            }
            redraw.force_update();
        });
        use_explorer(lab.clone(), playing, shown, on_pane, on_pause, on_opened)
    };

    let window_end = booted.embed.stop_ms;
    let with_lab = |f: fn(&mut Lab), held_to_window: bool| {
        let (lab, ui, redraw) = (lab.clone(), ui.clone(), redraw.clone());
        Callback::from(move |()| {
            if let Ok(l) = lab.borrow_mut().as_mut() {
                match window_end.filter(|_| held_to_window) {
                    // An embed's `stop=` holds stepping as it holds playing: no step
                    // from its end, and a step that went past it is undone.
                    Some(w) if l.run.now() >= w => {}
                    Some(w) => {
                        f(l);
                        if l.run.now() > w {
                            l.step_back();
                        }
                    }
                    None => f(l),
                }
            }
            ui.dispatch(UiAction::Pause);
            redraw.force_update();
        })
    };
    let on_step = with_lab(Lab::step, true);
    let on_step_change = with_lab(Lab::step_to_next_change, true);
    let on_step_back = with_lab(Lab::step_back, false);
    let on_reset = with_lab(Lab::reset, false);
    let report = {
        let problems = problems.clone();
        move |p: Problem| {
            let mut list = (*problems).clone();
            list.push(p);
            problems.set(list);
        }
    };
    let on_action = {
        let (lab, redraw, report) = (lab.clone(), redraw.clone(), report.clone());
        Callback::from(move |action: Action| {
            if let Ok(l) = lab.borrow_mut().as_mut() {
                if let Err(e) = l.apply(action) {
                    report(Problem::Action(e));
                }
            }
            redraw.force_update();
        })
    };
    // A console command line: Kafka's tool run against the cluster now; the actions it
    // asks for go to the core like any panel's (a refusal shows in the error banner).
    let on_tool = {
        let (lab, redraw, report) = (lab.clone(), redraw.clone(), report.clone());
        Callback::from(
            move |(line, mut files): (String, isrlab_tools::files::Files)| {
                let out = match lab.borrow().as_ref() {
                    Ok(l) => isrlab_tools::run_line(&line, l.run.sim(), &mut files),
                    Err(e) => isrlab_tools::Outcome::error(e.clone()),
                };
                for action in &out.actions {
                    if let Ok(l) = lab.borrow_mut().as_mut() {
                        if let Err(e) = l.apply(action.clone()) {
                            report(Problem::Action(e));
                        }
                    }
                }
                redraw.force_update();
                (out, files)
            },
        )
    };
    // The core's verdict on an action now (tried on a copy), worded in the page's language.
    let check = {
        let (lab, lang) = (lab.clone(), ui.lang);
        Callback::from(move |action: Action| match lab.borrow().as_ref() {
            Ok(l) => l
                .run
                .check(&action)
                .err()
                .map(|e| refusals::refusal(&e, lang)),
            Err(e) => Some(e.clone()),
        })
    };
    let on_travel = {
        let (lab, ui, redraw) = (lab.clone(), ui.clone(), redraw.clone());
        let embed = booted.embed.clone();
        Callback::from(move |t: TimeMs| {
            if let Ok(l) = lab.borrow_mut().as_mut() {
                l.travel_to(held(&embed, t));
            }
            ui.dispatch(UiAction::Pause);
            redraw.force_update();
        })
    };
    // Opens a built-in scenario, with its own seed or the one given.
    let open_scenario = {
        let (lab, ui, scenario_id, report) =
            (lab.clone(), ui.clone(), scenario_id.clone(), report.clone());
        let (notice, answers) = (notice.clone(), answers.clone());
        Callback::from(move |(id, seed): (&'static str, Option<u64>)| {
            let (lab, ui, scenario_id, report) =
                (lab.clone(), ui.clone(), scenario_id.clone(), report.clone());
            let (notice, answers) = (notice.clone(), answers.clone());
            scenarios::when_loaded(id, move |text| match text.and_then(|_| load(id, seed)) {
                Ok(l) => {
                    notice.set(false);
                    answers.set(Answers::new());
                    *lab.borrow_mut() = Ok(l);
                    scenario_id.set(id);
                    ui.dispatch(UiAction::Loaded);
                }
                Err(e) => report(Problem::Scenario(e)),
            })
        })
    };
    let on_scenario = {
        let open = open_scenario.clone();
        Callback::from(move |id: &'static str| open.emit((id, None)))
    };
    let on_new_seed = link::browser::fresh_seed().map(|_| {
        let (open, id) = (open_scenario.clone(), *scenario_id);
        Callback::from(move |()| open.emit((id, link::browser::fresh_seed())))
    });
    let on_config = {
        let (lab, ui, report, notice, generation, problems) = (
            lab.clone(),
            ui.clone(),
            report.clone(),
            notice.clone(),
            config_generation.clone(),
            problems.clone(),
        );
        Callback::from(move |form: ConfigForm| {
            let base = match lab.borrow().as_ref() {
                Ok(l) => l.run.scenario().clone(),
                Err(_) => return,
            };
            let script = match lab.borrow().as_ref() {
                Ok(l) => l.script().clone(),
                Err(_) => return,
            };
            match form.apply(&base).and_then(Run::new) {
                Ok(run) => {
                    *lab.borrow_mut() = Ok(Lab::open(run).following(script));
                    problems.set(
                        problems
                            .iter()
                            .filter(|p| !matches!(p, Problem::Scenario(_)))
                            .cloned()
                            .collect(),
                    );
                    ui.dispatch(UiAction::Loaded);
                    notice.set(true);
                    generation.set(*generation + 1);
                }
                Err(e) => report(Problem::Scenario(e)),
            }
        })
    };
    // A pasted `kafka-topics.sh --describe` becomes the lab's scenario (issue 13, item 4).
    let on_import = {
        let (lab, ui, notice, answers) = (lab.clone(), ui.clone(), notice.clone(), answers.clone());
        let generation = config_generation.clone();
        Callback::from(move |text: String| {
            let imported = isrlab_tools::import::import_describe(&text, "imported")?;
            let run = Run::new(imported.scenario).map_err(|e| {
                vec![isrlab_tools::import::LineError {
                    line: 1,
                    field: "scenario".into(),
                    problem: isrlab_tools::import::Problem::Scenario(e),
                }]
            })?;
            *lab.borrow_mut() = Ok(Lab::open(run));
            notice.set(false);
            answers.set(Answers::new());
            generation.set(*generation + 1);
            ui.dispatch(UiAction::Loaded);
            Ok(imported.notes)
        })
    };
    // A trace or scenario file, picked or dropped on the page (issue 12, part 2).
    let on_file = {
        let (lab, ui, notice, answers) = (lab.clone(), ui.clone(), notice.clone(), answers.clone());
        let (generation, scenario_id, report) = (
            config_generation.clone(),
            scenario_id.clone(),
            report.clone(),
        );
        Callback::from(move |(name, text): FileText| {
            match text.and_then(|t| trace_file::open(&t)?.into_lab()) {
                Ok(l) => {
                    let id = &l.run.scenario().id;
                    if let Some(e) = scenarios::INDEX.iter().find(|e| e.id == id) {
                        scenario_id.set(e.id);
                    }
                    *lab.borrow_mut() = Ok(l);
                    notice.set(false);
                    answers.set(Answers::new());
                    generation.set(*generation + 1);
                    ui.dispatch(UiAction::Loaded);
                }
                Err(error) => report(Problem::File { name, error }),
            }
        })
    };
    let share_open = use_state(|| false);
    let on_share = {
        let share_open = share_open.clone();
        Callback::from(move |()| share_open.set(!*share_open))
    };
    let on_export = {
        let (lab, panels) = (lab.clone(), panels.clone());
        Callback::from(move |what: DataExport| {
            if let Ok(l) = lab.borrow().as_ref() {
                let (name, mime, text) = file_of(l, what, &panels.borrow().names, lang);
                download(name, mime, &text);
            }
        })
    };
    let on_drop = {
        let on_file = on_file.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            #[cfg(target_arch = "wasm32")]
            crate::file_open::read_first(
                e.data_transfer().and_then(|d| d.files()),
                on_file.clone(),
            );
            #[cfg(not(target_arch = "wasm32"))]
            let _ = &on_file;
        })
    };
    let on_build = {
        let (lab, ui, answers, generation) = (
            lab.clone(),
            ui.clone(),
            answers.clone(),
            config_generation.clone(),
        );
        Callback::from(
            move |(goal, steps, id): (AuthorGoal, Vec<GuideStep>, String)| {
                let built = match lab.borrow().as_ref() {
                    Ok(l) => author::build(l, &steps, &id)?,
                    Err(_) => return Ok(None),
                };
                match goal {
                    AuthorGoal::Save => {
                        let text = serde_json::to_string_pretty(&built).unwrap_or_default();
                        download(&author::file_name(&id), "application/json", &text);
                        return Ok(None);
                    }
                    AuthorGoal::Link => {
                        let state = author::link_state(built, ui.lang);
                        let link = format!(
                            "{}?v={}&s={}",
                            page::base_address(),
                            state.v,
                            crate::link::encode(&state)
                        );
                        return Ok(Some(link));
                    }
                    AuthorGoal::Preview => {}
                }
                let run = Run::new(built).map_err(|message| ScenarioError {
                    path: String::new(),
                    message,
                })?;
                *lab.borrow_mut() = Ok(Lab::open(run));
                answers.set(Answers::new());
                generation.set(*generation + 1);
                ui.dispatch(UiAction::Loaded);
                Ok(None)
            },
        )
    };
    let on_drag_over = Callback::from(|e: DragEvent| e.prevent_default());
    let back_to_script = |to: fn(&Lab) -> Result<Lab, String>| {
        let (lab, ui, report, generation) = (
            lab.clone(),
            ui.clone(),
            report.clone(),
            config_generation.clone(),
        );
        let notice = notice.clone();
        Callback::from(move |()| {
            let own = match lab.borrow().as_ref() {
                Ok(l) => to(l),
                Err(_) => return,
            };
            match own {
                Ok(own) => {
                    *lab.borrow_mut() = Ok(own);
                    notice.set(false);
                    generation.set(*generation + 1);
                    ui.dispatch(UiAction::Pause);
                }
                Err(e) => report(Problem::Scenario(e)),
            }
        })
    };
    let on_resume = back_to_script(script::resume);
    let on_restart = back_to_script(script::restart);
    let on_lanes = {
        let (lab, lanes, redraw) = (lab.clone(), lanes.clone(), redraw.clone());
        Callback::from(move |id: Option<&'static str>| {
            if let Ok(l) = lab.borrow().as_ref() {
                lanes.borrow_mut().pick(id, l);
            }
            redraw.force_update();
        })
    };
    let on_undo_branch = with_lab(Lab::undo_branch, false);
    let on_keep_branch = with_lab(Lab::keep_branch, false);
    let on_notice_close = {
        let notice = notice.clone();
        Callback::from(move |_| notice.set(false))
    };
    let dispatch = |action: UiAction| {
        let ui = ui.clone();
        Callback::from(move |()| ui.dispatch(action))
    };
    let on_play = dispatch(UiAction::TogglePlay);
    // An open prediction question holds Play and Step until answered or skipped.
    let blocked = {
        let (lab, answers, gate) = (lab.clone(), answers.clone(), gate.clone());
        move || {
            *gate
                && lab.borrow().as_ref().is_ok_and(|l| {
                    Script::of(l).followed()
                        && guide::pending_question(&l.run.scenario().guide, l.run.now(), &answers)
                            .is_some()
                })
        }
    };
    let gated = |cb: Callback<()>, playing: bool| {
        let blocked = blocked.clone();
        Callback::from(move |()| {
            if playing || !blocked() {
                cb.emit(())
            }
        })
    };
    let on_play = gated(on_play, ui.playing);
    let on_step = gated(on_step, false);
    let on_step_change = gated(on_step_change, false);
    let on_answer = {
        let answers = answers.clone();
        Callback::from(move |(step, choice): (usize, Option<usize>)| {
            let mut next = (*answers).clone();
            next.entry(step).or_insert(choice);
            answers.set(next);
        })
    };
    let on_gate = {
        let gate = gate.clone();
        Callback::from(move |on: bool| gate.set(on))
    };
    let is_blocked = blocked();
    let on_help = dispatch(UiAction::ToggleHelp);
    let on_close_broker = dispatch(UiAction::CloseBroker);
    let on_toggle_control = dispatch(UiAction::ToggleControl);
    let on_speed = {
        let ui = ui.clone();
        Callback::from(move |i| ui.dispatch(UiAction::SetSpeed(i)))
    };
    let on_lang = {
        let ui = ui.clone();
        Callback::from(move |l| ui.dispatch(UiAction::SetLang(l)))
    };
    let on_select = {
        let ui = ui.clone();
        Callback::from(move |i| ui.dispatch(UiAction::Select(i)))
    };
    let on_pick = {
        let ui = ui.clone();
        Callback::from(move |e: web_sys::Event| {
            let chosen = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .and_then(|s| s.value().parse().ok());
            if let Some(i) = chosen {
                ui.dispatch(UiAction::Select(i));
            }
        })
    };
    let on_broker = {
        let ui = ui.clone();
        Callback::from(move |b| ui.dispatch(UiAction::ToggleBroker(b)))
    };
    let on_dismiss = {
        let problems = problems.clone();
        Callback::from(move |()| problems.set(Vec::new()))
    };
    let on_command = {
        let (ui, on_play, on_step, on_step_change, on_step_back, on_reset) = (
            ui.clone(),
            on_play.clone(),
            on_step.clone(),
            on_step_change.clone(),
            on_step_back.clone(),
            on_reset.clone(),
        );
        Callback::from(move |cmd: Command| match cmd {
            Command::PlayPause => on_play.emit(()),
            Command::Step => on_step.emit(()),
            Command::StepToChange => on_step_change.emit(()),
            Command::StepBack => on_step_back.emit(()),
            Command::Reset => on_reset.emit(()),
            Command::Faster => ui.dispatch(UiAction::NudgeSpeed(1)),
            Command::Slower => ui.dispatch(UiAction::NudgeSpeed(-1)),
            Command::Language => ui.dispatch(UiAction::SetLang(if ui.lang == Lang::En {
                Lang::Zh
            } else {
                Lang::En
            })),
            Command::Help => ui.dispatch(UiAction::ToggleHelp),
            Command::Close => {
                if ui.help_open {
                    ui.dispatch(UiAction::ToggleHelp);
                }
                ui.dispatch(UiAction::CloseBroker);
            }
        })
    };
    use_keyboard(on_command);
    let origins = use_memo((), |_| booted.embed.origins.clone());
    let obey = {
        let (lab, ui, redraw, report) = (lab.clone(), ui.clone(), redraw.clone(), report.clone());
        let (on_play, on_step, on_reset, on_travel) = (
            on_play.clone(),
            on_step.clone(),
            on_reset.clone(),
            on_travel.clone(),
        );
        let (on_scenario, answers, scenario_id) =
            (on_scenario.clone(), answers.clone(), *scenario_id);
        let origins = origins.clone();
        Callback::from(move |(id, command): (Option<u64>, ApiCommand)| {
            let name = command.name().to_string();
            let lang = ui.lang;
            let done: Result<(), String> = match command {
                ApiCommand::Play if !ui.playing => {
                    on_play.emit(());
                    Ok(())
                }
                ApiCommand::Pause if ui.playing => {
                    ui.dispatch(UiAction::Pause);
                    Ok(())
                }
                ApiCommand::Play | ApiCommand::Pause => Ok(()),
                ApiCommand::Step => {
                    on_step.emit(());
                    Ok(())
                }
                ApiCommand::Seek { time_ms } => {
                    on_travel.emit(time_ms);
                    Ok(())
                }
                ApiCommand::Reset => {
                    on_reset.emit(());
                    Ok(())
                }
                ApiCommand::LoadScenario {
                    id: Some(wanted), ..
                } => scenarios::INDEX
                    .iter()
                    .find(|e| e.id == wanted)
                    .map(|e| on_scenario.emit(e.id))
                    .ok_or(wanted),
                ApiCommand::LoadScenario {
                    scenario: Some(s), ..
                } => Run::new(*s).map(|run| {
                    *lab.borrow_mut() = Ok(Lab::open(run));
                    answers.set(Answers::new());
                    ui.dispatch(UiAction::Loaded);
                }),
                ApiCommand::LoadScenario { .. } => Ok(()),
                ApiCommand::Apply { action } => match lab.borrow_mut().as_mut() {
                    Ok(l) => l
                        .run
                        .check(&action)
                        .map_err(|e| refusals::refusal(&e, lang))
                        .and_then(|()| l.apply(action)),
                    Err(e) => Err(e.clone()),
                },
                ApiCommand::SetLanguage { lang } => {
                    ui.dispatch(UiAction::SetLang(Lang::parse(&lang).unwrap_or(ui.lang)));
                    Ok(())
                }
                ApiCommand::GetState => {
                    let state = lab
                        .borrow()
                        .as_ref()
                        .ok()
                        .and_then(|l| Some((current_link(l, scenario_id, &ui)?, l.run.now())));
                    if let Some((state, time_ms)) = state {
                        crate::embed::bridge::post(
                            &ApiEvent::State { id, state, time_ms },
                            &origins,
                        );
                    }
                    Ok(())
                }
                ApiCommand::SetState { state } => link::decode(&state)
                    .and_then(|s| Ok((link::replay(&s, scenarios::cached)?, s)))
                    .map(|(l, s)| {
                        *lab.borrow_mut() = Ok(l);
                        if let Some(lang) = s.language() {
                            ui.dispatch(UiAction::SetLang(lang));
                        }
                        ui.dispatch(UiAction::Select(s.partition));
                        if let Some(p) = s.pane.as_deref().and_then(known_pane) {
                            ui.dispatch(UiAction::ShowPane(p));
                        }
                        ui.dispatch(UiAction::Pause);
                    })
                    .map_err(|e| link::link_error_text(&e, lang)),
            };
            let answer = match done {
                Ok(()) => ApiEvent::Ack { id, command: name },
                Err(message) => {
                    report(Problem::Action(message.clone()));
                    ApiEvent::Error { id, message }
                }
            };
            crate::embed::bridge::post(&answer, &origins);
            redraw.force_update();
        })
    };
    use_api(origins.clone(), obey);
    use_follow_address(lab.clone(), (*ui).clone(), *scenario_id);
    {
        let custom_id = lab
            .borrow()
            .as_ref()
            .map_or(String::new(), |l| l.run.scenario().id.clone());
        let seen = Seen {
            lab: &lab,
            answers: &answers,
            scenario_id: if custom_id.is_empty() {
                scenario_id.to_string()
            } else {
                custom_id
            },
            playing: ui.playing,
            lang,
        };
        use_events(seen, origins.clone());
    }

    let guard = lab.borrow();
    let mut all_problems = (*problems).clone();
    if let Err(e) = guard.as_ref() {
        all_problems.push(Problem::Scenario(e.clone()));
    }
    let banner =
        html! { <ErrorBanner problems={all_problems} lang={lang} on_dismiss={on_dismiss} /> };
    let Ok(l) = guard.as_ref() else {
        return html! { <div class="app" lang={lang.code()}>{ banner }</div> };
    };
    let scenario = l.run.scenario();
    let view = Rc::new(l.run.view());
    panels.borrow_mut().refresh(l, ui.playing);
    let (events, samples, marks, ledger, names) = {
        let p = panels.borrow();
        (
            p.events.clone(),
            p.samples.clone(),
            p.marks.clone(),
            p.ledger.clone(),
            p.names.clone(),
        )
    };
    let producers = Rc::new(
        scenario
            .producers
            .iter()
            .map(|p| p.name.clone())
            .collect::<Vec<_>>(),
    );
    // The topics as the cluster has them now: the scenario's, then any created since, not
    // those being deleted.
    let mut topics: Vec<(String, u32)> = Vec::new();
    for p in view.partitions.iter().filter(|p| !p.marked_for_deletion) {
        match topics.last_mut() {
            Some((name, n)) if *name == p.tp.topic => *n += 1,
            _ => topics.push((p.tp.topic.clone(), 1)),
        }
    }
    let topics = Rc::new(topics);
    let partition_names = Rc::new(
        view.partitions
            .iter()
            .map(|p| p.tp.to_string())
            .collect::<Vec<_>>(),
    );
    let guide = Rc::new(scenario.guide.clone());
    let guide_at = guide::step_at(&scenario.guide, l.run.now());
    let script_state = Script::of(l);
    let selected = ui.selected.min(view.partitions.len().saturating_sub(1));
    let broker_panel = match ui
        .broker_panel
        .and_then(|id| view.brokers.iter().find(|b| b.id == id))
    {
        Some(b) => {
            let cut = view
                .cuts
                .contains(&(NodeId::Broker(b.id), NodeId::Zookeeper));
            html! {
                <BrokerPanel broker={b.clone()} cut_from_zk={cut} check={check.clone()} lang={lang} on_action={on_action.clone()}
                    on_close={on_close_broker.clone()} />
            }
        }
        None => {
            html! { <BrokerPick brokers={view.brokers.clone()} lang={lang}
            on_pick={on_broker.clone()} check={check.clone()} on_action={on_action.clone()} /> }
        }
    };
    let on_message = {
        let (on_action, manual) = (on_action.clone(), view.manual_network);
        Callback::from(move |id| {
            if manual {
                on_action.emit(Action::Deliver { message: id });
            }
        })
    };
    let on_pane = {
        let ui = ui.clone();
        Callback::from(move |id| ui.dispatch(UiAction::ShowPane(id)))
    };
    let clients = Rc::new(client_names(&view));
    lanes.borrow_mut().follow(l);
    let lanes = lanes.borrow();
    let lane_views = Rc::new(lanes.views(selected));
    // The tabbed panes, in tab order; ids and labels are listed in docs/ui.md ("Panes").
    let panes = vec![
        Pane {
            id: "produce",
            label: "pane.produce",
            body: html! {
            <ProducePanel producers={producers} topics={topics.clone()} produced={ledger.len()} lang={lang}
                check={check.clone()} on_action={on_action.clone()} /> },
        },
        Pane {
            id: "faults",
            label: "pane.faults",
            body: broker_panel,
        },
        Pane {
            id: "network",
            label: "pane.network",
            body: html! {
            <NetworkPanel key={*scenario_id} manual={view.manual_network} in_flight={Rc::new(view.in_flight.clone())}
                cuts={Rc::new(view.cuts.clone())} brokers={Rc::new(view.brokers.clone())} clients={clients} lang={lang}
                on_action={on_action.clone()} check={check.clone()} show_control={ui.show_control}
                on_toggle_control={on_toggle_control} /> },
        },
        Pane {
            id: "config",
            label: "pane.config",
            body: html! {
            <ConfigPanel key={format!("{}-{}", *scenario_id, *config_generation)}
                form={ConfigForm::of(scenario)} base={Rc::new(scenario.clone())} lang={lang} on_apply={on_config} /> },
        },
        Pane {
            id: "consumers",
            label: "pane.consumers",
            body: html! {
            <ConsumerPanel consumers={Rc::new(view.consumers.clone())} topics={Rc::new(topics.iter().map(|t| t.0.clone()).collect::<Vec<_>>())}
                lang={lang} on_action={on_action.clone()} check={check.clone()} /> },
        },
        Pane {
            id: "admin",
            label: "pane.admin",
            body: html! {
            <AdminPanel key={*scenario_id} partitions={Rc::new(view.partitions.iter().map(|p| (p.tp.clone(), p.replicas.clone())).collect::<Vec<_>>())}
                topics={Rc::new(topics.iter().map(|t| t.0.clone()).collect::<Vec<_>>())} config_keys={config_keys.clone()}
                check={check.clone()} on_action={on_action.clone()} lang={lang} /> },
        },
        Pane {
            id: "console",
            label: "pane.console",
            body: html! { <>
                <Console run={on_tool} names={isrlab_tools::catalog::Names::of(&view)} lang={lang} />
                <ImportBox on_import={on_import} on_file={on_file} lang={lang} />
            </> },
        },
        Pane {
            id: "metrics",
            label: "pane.metrics",
            body: html! {
            <MetricsPanel samples={samples} marks={marks} brokers={view.brokers.iter().map(|b| b.id).collect::<Vec<_>>()}
                names={names.clone()} end_ms={l.run.end_ms()} lang={lang} /> },
        },
        Pane {
            id: "whatif",
            label: "pane.whatif",
            body: explorer.what_if_pane(view.brokers.iter().map(|b| b.id).collect(), lang),
        },
        Pane {
            id: "sweep",
            label: "pane.sweep",
            body: explorer.sweep_pane((*picker).clone(), lang),
        },
        Pane {
            id: "author",
            label: "pane.author",
            body: html! {
            <AuthorPanel now_ms={l.run.now()} recorded={Rc::new(l.recorded().iter().map(|r| r.at).collect::<Vec<_>>())}
                on_build={on_build} lang={lang} /> },
        },
        Pane {
            id: "events",
            label: "pane.events",
            body: html! {
            <EventLog events={events.clone()} names={names} partitions={partition_names.clone()} lang={lang}
                on_jump={on_travel.clone()} /> },
        },
    ];
    let embed = &booted.embed;
    let shown = |id: &str| {
        embed
            .panes
            .as_ref()
            .is_none_or(|p| p.iter().any(|x| x == id))
    };
    let panes: Vec<Pane> = panes.into_iter().filter(|p| shown(p.id)).collect();
    let app_class = classes!(
        "app",
        embed.on.then_some("embed"),
        (embed.on && embed.controls == Controls::Minimal).then_some("controls-minimal"),
    );
    let toolbar_shown = !(embed.on && embed.controls == Controls::None);
    html! {
        <div class={app_class} lang={lang.code()} ondrop={on_drop} ondragover={on_drag_over}>
            if embed.on {
                <a class="open-in-lab" data-testid="open-in-lab" href={crate::url::without_embed(&page::query())}
                    target="_blank" rel="noopener">{ lang.t("embed.open_in_lab") }</a>
            }
            if toolbar_shown {
            <Toolbar lang={lang} scenarios={(*picker).clone()} scenario={*scenario_id} on_scenario={on_scenario}
                custom={(scenario.id != *scenario_id).then(|| AttrValue::from(lang.text(&scenario.title).to_string()))}
                playing={ui.playing} finished={l.run.finished()}
                can_step_back={l.can_step_back()} blocked={is_blocked} speed={ui.speed} now_ms={l.run.now()} end_ms={l.run.end_ms()}
                seed={scenario.seed} on_reset={on_reset} on_step_back={on_step_back} on_play={on_play}
                on_step={on_step} on_step_change={on_step_change} on_speed={on_speed} on_lang={on_lang}
                on_help={on_help.clone()} on_new_seed={on_new_seed} on_share={on_share.clone()} />
            }
            { banner }
            if *notice {
                <div class="notice" data-testid="notice" role="status">
                    { lang.t("config.restarted") }
                    <button onclick={on_notice_close}>{ lang.t("error.dismiss") }</button>
                </div>
            }
            <BranchNotice branch={l.branch().cloned()} lang={lang} on_undo={on_undo_branch} on_keep={on_keep_branch} />
            if shown("timeline") {
            <div class="pane timeline-pane" data-pane="timeline">
                <Timeline now_ms={l.run.now()} end_ms={l.run.end_ms()} markers={Rc::new(l.markers().to_vec())}
                    lang={lang} on_travel={on_travel.clone()}>
                    <LossWindows ledger={ledger.clone()} now_ms={l.run.now()} end_ms={l.run.end_ms()} lang={lang} />
                </Timeline>
            </div>
            }
            <main class="workspace">
                <div class="main-column">
                    if shown("cluster") {
                    <section class="pane panel stage" data-pane="cluster" aria-label={lang.t("cluster.aria")}>
                        <ClusterView view={view.clone()} selected={selected} menu_broker={ui.broker_panel} lang={lang}
                            on_select={on_select} on_broker={on_broker} on_message={on_message} reduced_motion={reduced_motion}
                            show_control={ui.show_control} on_action={on_action.clone()}
                            what_if={explorer.answers.clone()} on_what_if={explorer.on_badge.clone()} />
                    </section>
                    }
                    if shown("detail") {
                    <div class={classes!("pane", "detail-area", (view.partitions.len() > 1).then_some("with-pick"))} data-pane="detail">
                        if view.partitions.len() > 1 {
                            <label class="partition-pick">
                                <span class="visually-hidden">{ lang.t("partition.pick") }</span>
                                <select data-testid="partition-select" onchange={on_pick} aria-label={lang.t("partition.pick")}>
                                    { for partition_names.iter().enumerate().map(|(i, n)| html! {
                                        <option value={i.to_string()} selected={i == selected}>{ n.clone() }</option> }) }
                                </select>
                            </label>
                        }
                        if let Some(part) = view.partitions.get(selected) {
                            <PartitionDetail partition={part.clone()} ledger={ledger.clone()} events={events.clone()} lang={lang} />
                        }
                    </div>
                    }
                    if shown("lanes") {
                    <LanesPanel preset={lanes.preset_id()} lanes={lane_views} error={lanes.error().map(|e| AttrValue::from(explore_error(e, lang)))}
                        lang={lang} on_pick={on_lanes} />
                    }
                </div>
                <aside class="side-column">
                    if shown("guide") {
                    <div class="pane" data-pane="guide">
                        <GuidePanel key={*scenario_id} steps={guide} current={guide_at} answers={Rc::new((*answers).clone())}
                            gate={*gate} on_gate={on_gate} on_answer={on_answer} script={script_state}
                            on_resume={on_resume} on_restart={on_restart} lang={lang} />
                    </div>
                    }
                    if !panes.is_empty() {
                        <PaneTabs panes={panes} active={ui.pane} lang={lang} on_pick={on_pane} />
                    }
                </aside>
            </main>
            if ui.help_open {
                <HelpOverlay lang={lang} on_close={on_help} />
            }
            if *share_open {
                <ShareDialog link={AttrValue::from(share::link(&LinkParts { base: &page::base_address(), scenario: *scenario_id,
                    seed: scenario.seed, time_ms: l.run.now(), lang, state: crate::link::follow::current_link(l, *scenario_id, &ui) }))} title={AttrValue::from(lang.text(&scenario.title).to_string())}
                    on_export={on_export} on_close={on_share} lang={lang} />
            }
            { explorer.preview(lang) }
        </div>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn a_seed_from_the_address_replaces_the_scenarios_own() {
        let own = load("default", None).unwrap().run.scenario().seed;
        let seeded = load("default", Some(own + 41)).unwrap();
        assert_eq!(seeded.run.scenario().seed, own + 41);
        assert!(load("no-such-scenario", Some(1)).is_err());
    }
}
