//! The browser sweep: pick a scenario, a parameter grid, a fault model and the runs per
//! point; run it in Web Workers with a progress bar, the time left and cancel; see the
//! charts and the table, download the CSV (the same text `isrlab sweep` prints), and
//! open any point's losing run in the lab.

use crate::components::explore::sweep_charts::{PointsChart, TimeChart};
use crate::components::explore::workers::{self, Pool, Progress};
use crate::explore::errors::{explore_error, sweep_stop};
use crate::explore::sweep_job::{JobSpec, Sweep, SweepStop};
use crate::i18n::Lang;
use crate::scenarios;
use isrlab_explore::csv::to_csv;
use isrlab_explore::{ExploreError, PointResult, Replay};
use isrlab_sim::Scenario;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Id of the sweep shape (`crates/explore/scenarios/sweep-leader-crash.json`): the
/// acks1-leader-dies shape without its scripted faults, offered first.
pub const SWEEP_SHAPE_ID: &str = "sweep-leader-crash";
const SWEEP_SHAPE: &str = include_str!("../../../crates/explore/scenarios/sweep-leader-crash.json");

/// The grid parameters the form offers, as `--grid` names them, with an example.
const PARAMS: [(&str, &str); 6] = [
    ("acks", "0,1,all"),
    ("min.insync.replicas", "1,2"),
    ("replication.factor", "2,3"),
    ("replica.lag.time.max.ms", "500,10000"),
    ("latency.ms", "1,20"),
    ("protocol", "0.10,2.0,3.7"),
];

/// The fault models, as `--fault` names them, with their translation keys.
const MODELS: [(&str, &str); 4] = [
    ("crash-leader", "sweep.model_crash_leader"),
    ("random-crashes", "sweep.model_random"),
    ("power-loss", "sweep.model_power_loss"),
    ("pause-leader", "sweep.model_pause_leader"),
];

/// The form's fields.
#[derive(Clone, Debug, PartialEq)]
struct Form {
    scenario: String,
    grid: [String; 6],
    model: usize,
    from_ms: String,
    to_ms: String,
    /// Brokers for power loss, crashes per second for random crashes.
    extra: String,
    runs: String,
    seed: String,
}

impl Default for Form {
    fn default() -> Form {
        Form {
            scenario: SWEEP_SHAPE_ID.into(),
            grid: [
                "0,1,all".into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ],
            model: 0,
            from_ms: "0".into(),
            to_ms: "2000".into(),
            extra: "2".into(),
            runs: "1000".into(),
            seed: String::new(),
        }
    }
}

impl Form {
    /// The fault model as `--fault` takes it.
    fn fault(&self) -> String {
        let window = format!("{}..{}ms", self.from_ms.trim(), self.to_ms.trim());
        match MODELS[self.model].0 {
            "random-crashes" => format!("random-crashes {}/s {window}", self.extra.trim()),
            "power-loss" => format!("power-loss {} uniform {window}", self.extra.trim()),
            m => format!("{m} uniform {window}"),
        }
    }

    /// The job, with the scenario's text; `Err` names the field at fault.
    fn job(&self, job: u64, scenario: String) -> Result<JobSpec, Failure> {
        let not_a_number = |key, value: &str| Failure::Field(key, value.to_string());
        let runs = self
            .runs
            .trim()
            .parse()
            .map_err(|_| not_a_number("sweep.bad_runs", &self.runs))?;
        let seed = match self.seed.trim() {
            "" => None,
            s => Some(s.parse().map_err(|_| not_a_number("sweep.bad_seed", s))?),
        };
        let grid = PARAMS
            .iter()
            .zip(&self.grid)
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|((name, _), v)| format!("{name}={}", v.trim()))
            .collect();
        Ok(JobSpec {
            job,
            scenario,
            grid,
            fault: self.fault(),
            runs,
            seed,
        })
    }
}

/// Where a sweep is.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    Idle,
    Running,
    Done { elapsed_ms: f64 },
    Cancelled,
    Failed(Failure),
}

/// Why a sweep did not run, or stopped; said in the language shown when drawn.
#[derive(Clone, Debug, PartialEq)]
enum Failure {
    /// A field of the form is not a whole number: its message's key and the value.
    Field(&'static str, String),
    /// The explorer refused the sweep (grid, fault model, runs).
    Refused(ExploreError),
    /// A worker or the browser stopped the sweep.
    Stopped(SweepStop),
    /// The scenario's file could not be loaded (the loader's words).
    ScenarioFile(String),
}

impl Failure {
    fn say(&self, lang: Lang) -> String {
        match self {
            Failure::Field(key, value) => lang.tf(key, &[("value", value)]),
            Failure::Refused(e) => explore_error(e, lang),
            Failure::Stopped(why) => sweep_stop(why, lang),
            Failure::ScenarioFile(why) => lang.tf("sweep.err.scenario_file", &[("detail", why)]),
        }
    }
}

/// A sweep's live state, outside Yew state (workers write to it).
#[derive(Default)]
struct Live {
    sweep: Option<Rc<RefCell<Sweep>>>,
    pool: Option<Pool>,
    started_ms: f64,
    jobs: u64,
}

/// What the sweep panel needs from the lab.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct SweepPanelProps {
    /// Built-in scenarios: id, English and Chinese titles.
    pub scenarios: Rc<Vec<(&'static str, String, String)>>,
    /// Language.
    pub lang: Lang,
    /// Open a losing run in the lab: the grid point's scenario and the run.
    pub on_open: Callback<(Scenario, Replay)>,
}

/// The sweep form, progress and results.
#[function_component(SweepPanel)]
pub fn sweep_panel(p: &SweepPanelProps) -> Html {
    let lang = p.lang;
    let form = use_state(Form::default);
    let status = use_state(|| Status::Idle);
    let live = use_mut_ref(Live::default);
    let time_point = use_state(|| None::<usize>);
    let redraw = use_force_update();

    let report = {
        let (live, status, redraw) = (live.clone(), status.clone(), redraw.clone());
        Callback::from(move |outcome: Progress| {
            let mut l = live.borrow_mut();
            match outcome {
                Err(e) => {
                    l.pool = None;
                    status.set(Status::Failed(Failure::Stopped(e)));
                }
                Ok(_)
                    if l.sweep.as_ref().is_some_and(|s| s.borrow().finished())
                        && l.pool.is_some() =>
                {
                    l.pool = None;
                    status.set(Status::Done {
                        elapsed_ms: workers::now_ms() - l.started_ms,
                    });
                }
                Ok(_) => {}
            }
            drop(l);
            redraw.force_update();
        })
    };
    let start = {
        let (form, status, live, report, time_point) = (
            form.clone(),
            status.clone(),
            live.clone(),
            report.clone(),
            time_point.clone(),
        );
        move |text: String| {
            let mut l = live.borrow_mut();
            l.pool = None;
            l.jobs += 1;
            let job = form
                .job(l.jobs, text)
                .and_then(|j| Sweep::new(j).map_err(Failure::Refused));
            match job {
                Err(e) => status.set(Status::Failed(e)),
                Ok(sweep) => {
                    let sweep = Rc::new(RefCell::new(sweep));
                    l.started_ms = workers::now_ms();
                    match workers::start(sweep.clone(), workers::worker_count(), report.clone()) {
                        Ok(pool) => {
                            l.pool = Some(pool);
                            l.sweep = Some(sweep);
                            time_point.set(None);
                            status.set(Status::Running);
                        }
                        Err(e) => status.set(Status::Failed(Failure::Stopped(e))),
                    }
                }
            }
        }
    };
    let on_run = {
        let (form, status) = (form.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            let id = form.scenario.clone();
            if id == SWEEP_SHAPE_ID {
                start(SWEEP_SHAPE.to_string());
                return;
            }
            let (start, status) = (start.clone(), status.clone());
            scenarios::when_loaded(&id, move |r| match r {
                Ok(text) => start(text.to_string()),
                Err(e) => status.set(Status::Failed(Failure::ScenarioFile(e))),
            });
        })
    };
    let on_cancel = {
        let (live, status) = (live.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            live.borrow_mut().pool = None;
            status.set(Status::Cancelled);
        })
    };

    let field = |get: fn(&mut Form) -> &mut String| {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                let mut f = (*form).clone();
                *get(&mut f) = i.value();
                form.set(f);
            }
        })
    };
    let pick = |set: fn(&mut Form, String)| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                let mut f = (*form).clone();
                set(&mut f, s.value());
                form.set(f);
            }
        })
    };
    let running = *status == Status::Running;
    let scenario_options = std::iter::once((SWEEP_SHAPE_ID.to_string(), lang.t("sweep.shape").to_string()))
        .chain(p.scenarios.iter().map(|(id, en, zh)| (id.to_string(), if lang == Lang::Zh { zh.clone() } else { en.clone() })))
        .map(|(id, title)| html! { <option value={id.clone()} selected={form.scenario == id}>{ title }</option> });
    let grid_inputs = PARAMS.iter().enumerate().map(|(i, (name, example))| {
        let value = form.grid[i].clone();
        let form = form.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                let mut f = (*form).clone();
                f.grid[i] = input.value();
                form.set(f);
            }
        });
        html! {
            <label class="sweep-field">
                <span><code>{ *name }</code></span>
                <input type="text" data-testid={format!("sweep-grid-{name}")} placeholder={*example} value={value} oninput={oninput} />
            </label>
        }
    });
    let model_options = MODELS.iter().enumerate().map(|(i, (_, key))| {
        html! { <option value={i.to_string()} selected={form.model == i}>{ lang.t(key) }</option> }
    });
    let extra_key = match MODELS[form.model].0 {
        "random-crashes" => Some("sweep.rate"),
        "power-loss" => Some("sweep.brokers"),
        _ => None,
    };

    let l = live.borrow();
    let (done, total) = l.sweep.as_ref().map_or((0, 0), |s| s.borrow().progress());
    let results: Rc<Vec<PointResult>> = Rc::new(
        l.sweep
            .as_ref()
            .map_or_else(Vec::new, |s| s.borrow().results()),
    );
    let elapsed = workers::now_ms() - l.started_ms;
    let left_s =
        (done > 0 && done < total).then(|| elapsed / done as f64 * (total - done) as f64 / 1000.0);
    let open_point = {
        let (sweep, on_open) = (l.sweep.clone(), p.on_open.clone());
        move |replay: Option<Replay>, point: usize| {
            let scenario = sweep
                .as_ref()
                .and_then(|s| s.borrow().plan().scenario(point).cloned());
            if let (Some(s), Some(r)) = (scenario, replay) {
                on_open.emit((s, r));
            }
        }
    };
    let on_open_point = {
        let (open_point, results) = (open_point.clone(), results.clone());
        Callback::from(move |i: usize| {
            open_point(results.get(i).and_then(|r| r.losing_run.clone()), i)
        })
    };
    let chosen = (*time_point)
        .or_else(|| results.iter().position(|r| r.runs_with_loss > 0))
        .unwrap_or(0)
        .min(results.len().saturating_sub(1));
    let on_open_bin = {
        let (open_point, results) = (open_point.clone(), results.clone());
        Callback::from(move |b: usize| {
            let replay = results
                .get(chosen)
                .and_then(|r| r.by_time.get(b))
                .and_then(|b| b.losing_run.clone());
            open_point(replay, chosen)
        })
    };
    let on_time_point = {
        let time_point = time_point.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                time_point.set(s.value().parse().ok());
            }
        })
    };
    let on_csv = {
        let results = results.clone();
        Callback::from(move |_: MouseEvent| {
            crate::exports::download("isrlab-sweep.csv", "text/csv", &to_csv(&results))
        })
    };
    let status_line = match &*status {
        Status::Idle => html! {},
        Status::Running => {
            html! { <span>{ lang.tf("sweep.running", &[("done", &done), ("total", &total), ("workers", &workers::worker_count())]) }
            { left_s.map(|s| format!(" · {}", lang.tf("sweep.left", &[("s", &format!("{s:.1}"))]))).unwrap_or_default() }</span> }
        }
        Status::Done { elapsed_ms } => {
            html! { <span data-elapsed-ms={format!("{elapsed_ms:.0}")}>{ lang.tf("sweep.done", &[("total", &total), ("s", &format!("{:.2}", elapsed_ms / 1000.0))]) }</span> }
        }
        Status::Cancelled => {
            html! { <span>{ lang.tf("sweep.cancelled", &[("done", &done), ("total", &total)]) }</span> }
        }
        Status::Failed(e) => {
            html! { <span class="sweep-error" role="alert">{ lang.tf("sweep.failed", &[("why", &e.say(lang))]) }</span> }
        }
    };
    let code = match &*status {
        Status::Idle => "idle",
        Status::Running => "running",
        Status::Done { .. } => "done",
        Status::Cancelled => "cancelled",
        Status::Failed(_) => "failed",
    };
    let finished = matches!(&*status, Status::Done { .. } | Status::Cancelled);
    html! {
        <div class="sweep-panel" data-testid="sweep-panel" data-status={code}>
            <p class="muted">{ lang.t("sweep.intro") }</p>
            <label class="sweep-field">
                <span>{ lang.t("sweep.scenario") }</span>
                <select data-testid="sweep-scenario" onchange={pick(|f, v| f.scenario = v)}>{ for scenario_options }</select>
            </label>
            <fieldset class="sweep-grid">
                <legend>{ lang.t("sweep.grid") }</legend>
                { for grid_inputs }
            </fieldset>
            <fieldset class="sweep-grid">
                <legend>{ lang.t("sweep.fault") }</legend>
                <label class="sweep-field">
                    <span>{ lang.t("sweep.model") }</span>
                    <select data-testid="sweep-model" onchange={pick(|f, v| f.model = v.parse().unwrap_or(0).min(MODELS.len() - 1))}>{ for model_options }</select>
                </label>
                <label class="sweep-field"><span>{ lang.t("sweep.from") }</span>
                    <input type="number" min="0" data-testid="sweep-from" value={form.from_ms.clone()} oninput={field(|f| &mut f.from_ms)} /></label>
                <label class="sweep-field"><span>{ lang.t("sweep.to") }</span>
                    <input type="number" min="0" data-testid="sweep-to" value={form.to_ms.clone()} oninput={field(|f| &mut f.to_ms)} /></label>
                if let Some(key) = extra_key {
                    <label class="sweep-field"><span>{ lang.t(key) }</span>
                        <input type="text" data-testid="sweep-extra" value={form.extra.clone()} oninput={field(|f| &mut f.extra)} /></label>
                }
                <p class="muted sweep-model-text"><code>{ form.fault() }</code></p>
            </fieldset>
            <label class="sweep-field"><span>{ lang.t("sweep.runs") }</span>
                <input type="number" min="1" max="100000" data-testid="sweep-runs" value={form.runs.clone()} oninput={field(|f| &mut f.runs)} /></label>
            <label class="sweep-field"><span>{ lang.t("sweep.seed") }</span>
                <input type="text" data-testid="sweep-seed" placeholder={lang.t("sweep.seed_default")} value={form.seed.clone()} oninput={field(|f| &mut f.seed)} /></label>
            <div class="sweep-actions">
                <button data-testid="sweep-run" onclick={on_run} disabled={running}>{ lang.t("sweep.run") }</button>
                <button data-testid="sweep-cancel" onclick={on_cancel} disabled={!running}>{ lang.t("sweep.cancel") }</button>
                <button data-testid="sweep-csv" onclick={on_csv} disabled={!finished || results.is_empty()}>{ lang.t("sweep.csv") }</button>
            </div>
            if total > 0 {
                <progress data-testid="sweep-progress" max={total.to_string()} value={done.to_string()} aria-label={lang.t("sweep.progress")} />
            }
            <p class="sweep-status" data-testid="sweep-status" aria-live="polite">{ status_line }</p>
            if !results.is_empty() && done > 0 {
                <PointsChart results={results.clone()} lang={lang} on_open={on_open_point.clone()} />
                <label class="sweep-field">
                    <span>{ lang.t("sweep.time_point") }</span>
                    <select data-testid="sweep-time-point" onchange={on_time_point}>
                        { for results.iter().enumerate().map(|(i, r)| html! { <option value={i.to_string()} selected={i == chosen}>{ r.point.clone() }</option> }) }
                    </select>
                </label>
                if let Some(r) = results.get(chosen) {
                    <TimeChart bins={Rc::new(r.by_time.clone())} lang={lang} on_open={on_open_bin} />
                }
                { table(&results, lang, &on_open_point) }
            }
        </div>
    }
}

fn table(results: &[PointResult], lang: Lang, on_open: &Callback<usize>) -> Html {
    let rows = results.iter().enumerate().map(|(i, r)| {
        let pr = r.loss_probability;
        let open = {
            let cb = on_open.clone();
            Callback::from(move |_: MouseEvent| cb.emit(i))
        };
        html! {
            <tr data-point={r.point.clone()}>
                <td>{ r.point.clone() }</td>
                <td>{ r.runs }</td>
                <td>{ format!("{:.4} [{:.4}, {:.4}]", pr.estimate, pr.low, pr.high) }</td>
                <td>{ format!("{:.3} [{:.3}, {:.3}]", r.expected_lost, r.expected_lost_ci.0, r.expected_lost_ci.1) }</td>
                <td>if r.losing_run.is_some() {
                    <button class="link" data-testid="sweep-open" onclick={open}>{ lang.t("sweep.open") }</button>
                }</td>
            </tr>
        }
    });
    html! {
        <table class="sweep-table" data-testid="sweep-table">
            <thead><tr>
                <th>{ lang.t("sweep.col_point") }</th><th>{ lang.t("sweep.col_runs") }</th>
                <th>{ lang.t("sweep.col_probability") }</th><th>{ lang.t("sweep.col_lost") }</th><th>{ lang.t("sweep.col_run") }</th>
            </tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}
