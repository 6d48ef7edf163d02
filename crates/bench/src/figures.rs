//! Every figure `make bench` reports, measured and collected into one table.

use crate::alloc;
use crate::browser::{p95, Browser};
use crate::ceiling::bare_loop_events_per_second;
use crate::sizes::first_load;
use crate::stats::Spread;
use crate::workload::{RunFigures, Workload};
use cpu_time::ThreadTime;
use serde_json::json;
use std::fmt::Write;
use std::path::Path;

const MINUTE_MS: u64 = 60_000;

/// One row: a figure measured several times, and what it is compared with.
struct Row {
    figure: String,
    unit: &'static str,
    spread: Spread,
    /// "ratio to …" text and value, e.g. ("ceiling", 0.04).
    ratio: Option<(&'static str, f64)>,
    goal: &'static str,
}

/// The figures of one `make bench` run.
#[derive(Default)]
pub struct Table {
    rows: Vec<Row>,
}

impl Table {
    fn add(
        &mut self,
        figure: impl Into<String>,
        unit: &'static str,
        values: &[f64],
        goal: &'static str,
    ) -> Spread {
        let spread = Spread::of(values);
        self.rows.push(Row {
            figure: figure.into(),
            unit,
            spread,
            ratio: None,
            goal,
        });
        spread
    }

    fn ratio_of_last(&mut self, against: &'static str, value: f64) {
        if let Some(r) = self.rows.last_mut() {
            r.ratio = Some((against, value));
        }
    }

    /// The table as text, one figure a line.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<46} {:>12} {:>12} {:>12} {:<6} {:<22} goal",
            "figure", "min", "median", "max", "unit", "ratio"
        );
        for r in &self.rows {
            let ratio = r
                .ratio
                .map(|(a, v)| format!("{v:.3} of {a}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{:<46} {:>12} {:>12} {:>12} {:<6} {:<22} {}",
                r.figure,
                human(r.spread.min),
                human(r.spread.median),
                human(r.spread.max),
                r.unit,
                ratio,
                r.goal
            );
        }
        out
    }

    /// The table as JSON (`target/bench.json`).
    pub fn json(&self) -> String {
        let rows: Vec<_> = self
            .rows
            .iter()
            .map(|r| {
                json!({
                    "figure": r.figure, "unit": r.unit,
                    "min": r.spread.min, "median": r.spread.median, "max": r.spread.max,
                    "ratio": r.ratio.map(|(a, v)| json!({"to": a, "value": v})),
                    "goal": r.goal,
                })
            })
            .collect();
        serde_json::to_string_pretty(&json!({ "figures": rows })).expect("plain values serialise")
    }
}

fn human(v: f64) -> String {
    if v.abs() >= 10_000.0 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}

/// Runs `f` `runs` times, each returning one measurement.
fn repeat(runs: usize, mut f: impl FnMut() -> f64) -> Vec<f64> {
    (0..runs).map(|_| f()).collect()
}

/// Measures everything (or, with `only`, the ceiling and the named groups: `w1`, `w2`,
/// `grid`, `clones`, `load`) and fills `table`.
pub fn measure_all(table: &mut Table, quick: bool, runs: usize, dist: &str, only: &[String]) {
    let wanted = |group: &str| only.is_empty() || only.iter().any(|g| g == group);
    let ceiling = table.add(
        "bare event loop (ceiling)",
        "ev/s",
        &repeat(runs, || bare_loop_events_per_second(20_000_000)),
        "",
    );
    let minutes = if quick { 1 } else { 10 };
    if wanted("w1") {
        w1(table, minutes, runs, ceiling.median);
    }
    if wanted("w2") {
        w2(table, minutes, runs, ceiling.median);
    }
    if wanted("grid") {
        grid(table, if quick { 5_000 } else { 30_000 }, runs);
    }
    if wanted("clones") {
        let at: &[u64] = if quick { &[1, 5] } else { &[1, 10, 60] };
        clones(table, at, runs);
    }
    if !wanted("load") {
        return;
    }
    if let Some((raw, gz)) = first_load(Path::new(dist)) {
        table.add(
            "first load, wasm + JS + CSS + HTML, raw",
            "KB",
            &[raw as f64 / 1000.0],
            "",
        );
        table.add(
            "first load, wasm + JS + CSS + HTML, gzip",
            "KB",
            &[gz as f64 / 1000.0],
            "<= 250 KB",
        );
    } else {
        println!("(no release build in {dist}: run `make dist` for the first-load size)");
    }
}

/// Measures one run and its peak heap.
fn measured(w: &Workload, sim_ms: u64) -> (RunFigures, f64) {
    alloc::reset_peak();
    let base = alloc::live_bytes();
    let (f, sim) = w.measure(sim_ms);
    let peak = (alloc::peak_bytes() - base) as f64 / 1e6;
    if f.refused > 0 {
        eprintln!(
            "note: the core refused {} of the workload's actions",
            f.refused
        );
    }
    drop(sim);
    (f, peak)
}

/// Runs `w` `runs` times for `minutes` and adds its steps/s row (with its ratio to the
/// ceiling); returns each run's figures and peak heap for the workload's other rows.
fn steps_row(
    table: &mut Table,
    name: &str,
    w: &Workload,
    minutes: u64,
    runs: usize,
    ceiling: f64,
    goal: &'static str,
) -> Vec<(RunFigures, f64)> {
    let results: Vec<(RunFigures, f64)> = (0..runs)
        .map(|_| measured(w, minutes * MINUTE_MS))
        .collect();
    let steps: Vec<f64> = results
        .iter()
        .map(|(f, _)| f.steps as f64 / f.cpu_s)
        .collect();
    let s = table.add(
        format!("{name} {minutes} min, steps/s"),
        "ev/s",
        &steps,
        goal,
    );
    table.ratio_of_last("ceiling", s.median / ceiling);
    results
}

fn w1(table: &mut Table, minutes: u64, runs: usize, ceiling: f64) {
    let w = Workload::w1(minutes * MINUTE_MS);
    let results = steps_row(table, "W1", &w, minutes, runs, ceiling, ">= 2 M (goal 5 M)");
    let compression: Vec<f64> = results
        .iter()
        .map(|(f, _)| f.sim_ms as f64 / (f.cpu_s * 1000.0))
        .collect();
    table.add(
        format!("W1 {minutes} min, time compression"),
        "x",
        &compression,
        ">= 10,000x",
    );
    let per_msg: Vec<f64> = results
        .iter()
        .map(|(f, _)| f.cpu_s * 1e9 / f.messages as f64)
        .collect();
    table.add(
        format!("W1 {minutes} min, cost per message"),
        "ns",
        &per_msg,
        "",
    );
    let peak: Vec<f64> = results.iter().map(|r| r.1).collect();
    table.add(
        format!("W1 {minutes} min, peak heap"),
        "MB",
        &peak,
        "<= 200 MB",
    );
    let retained = Workload::w1_retained(minutes * MINUTE_MS);
    let peak: Vec<f64> = (0..runs)
        .map(|_| measured(&retained, minutes * MINUTE_MS).1)
        .collect();
    table.add(
        format!("W1 with 1 min retention, {minutes} min, peak heap"),
        "MB",
        &peak,
        "<= 200 MB at any length",
    );
}

fn w2(table: &mut Table, minutes: u64, runs: usize, ceiling: f64) {
    let w = Workload::w2(minutes * MINUTE_MS);
    let results = steps_row(table, "W2", &w, minutes, runs, ceiling, ">= 2 M");
    let peak: Vec<f64> = results.iter().map(|r| r.1).collect();
    table.add(
        format!("W2 {minutes} min, peak heap"),
        "MB",
        &peak,
        "<= 300 MB (1 h)",
    );
}

fn grid(table: &mut Table, sim_ms: u64, runs: usize) {
    for brokers in [3u32, 6, 9] {
        let mut base = None;
        for partitions in [3u32, 30, 300] {
            let w = Workload::grid(brokers, partitions, sim_ms);
            let per_msg = repeat(runs, || {
                let (f, _) = w.measure(sim_ms);
                f.cpu_s * 1e9 / f.messages as f64
            });
            let s = table.add(
                format!("grid {brokers} brokers x {partitions} partitions, per message"),
                "ns",
                &per_msg,
                "<= 1.3x of 3 partitions",
            );
            let b = *base.get_or_insert(s.median);
            table.ratio_of_last("3 partitions", s.median / b);
        }
    }
}

fn clones(table: &mut Table, minutes: &[u64], runs: usize) {
    let longest = *minutes.iter().max().expect("at least one length");
    let w = Workload::w1(longest * MINUTE_MS);
    let mut sim = w.start();
    for &m in minutes {
        w.drive(&mut sim, m * MINUTE_MS);
        let ms = repeat(runs, || {
            let t = ThreadTime::now();
            let copy = sim.clone();
            let e = t.elapsed().as_secs_f64() * 1000.0;
            drop(copy);
            e
        });
        table.add(
            format!("Sim::clone, W1 after {m} min"),
            "ms",
            &ms,
            "<= 5 ms",
        );
    }
}

/// The browser rows: W1 in wasm against native (alternated runs), navigation to the first
/// drawn cluster, and frame intervals playing nine brokers (W2's size) at 10× and 100×.
/// A browser that cannot start (no node or Chromium) leaves the rows out, with a note.
pub fn measure_browser(table: &mut Table, quick: bool, runs: usize, dist: &str, bench_web: &str) {
    let mut browser = match Browser::start(dist, bench_web) {
        Ok(b) => b,
        Err(e) => {
            println!("(no browser figures: {e})");
            return;
        }
    };
    if let Err(e) = browser_rows(table, &mut browser, quick, runs) {
        println!("(browser figures stopped: {e})");
    }
}

fn browser_rows(
    table: &mut Table,
    browser: &mut Browser,
    quick: bool,
    runs: usize,
) -> Result<(), String> {
    let minutes = if quick { 1 } else { 10 };
    let sim_ms = minutes * MINUTE_MS;
    let w = Workload::w1(sim_ms);
    let (mut native, mut wasm) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let mut sim = w.start();
        let before = sim.steps();
        let t = std::time::Instant::now();
        w.drive(&mut sim, sim_ms);
        native.push((sim.steps() - before) as f64 / t.elapsed().as_secs_f64());
        drop(sim);
        let (steps, wall_ms) = browser.w1(sim_ms)?;
        wasm.push(steps / (wall_ms / 1000.0));
    }
    let n = table.add(
        format!("W1 {minutes} min native, wall steps/s (alternated)"),
        "ev/s",
        &native,
        "",
    );
    let b = table.add(
        format!("W1 {minutes} min in Chromium (wasm), steps/s"),
        "ev/s",
        &wasm,
        ">= 0.7 of native",
    );
    table.ratio_of_last("native", b.median / n.median);
    let draws = (0..runs)
        .map(|_| browser.first_draw_ms())
        .collect::<Result<Vec<_>, _>>()?;
    table.add(
        "navigation -> first drawn cluster",
        "ms",
        &draws,
        "<= 500 ms",
    );
    let play_ms = if quick { 1_500 } else { 3_000 };
    for speed in [10u32, 100] {
        let (mut p95s, mut work) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            let (intervals, per_frame) = browser.frames(speed, play_ms)?;
            p95s.push(p95(&intervals));
            work.push(per_frame);
        }
        table.add(
            format!("frame interval p95, 9 brokers at {speed}x"),
            "ms",
            &p95s,
            "<= 17 ms",
        );
        table.add(
            format!("main-thread work per frame, 9 brokers at {speed}x"),
            "ms",
            &work,
            if speed == 10 { "<= 6 ms" } else { "" },
        );
    }
    Ok(())
}
