//! The soak loop: schedule after schedule until the time or the count runs out, each
//! generated, checked, compared for determinism, and — when unexpected — shrunk and
//! written as a scenario file that `isrlab run FILE` replays.

use crate::class::{Class, Failure};
use crate::draw::schedule_seed;
use crate::generate::{generate, LiveRun};
use crate::report::Report;
use crate::run::{run_scenario, Outcome};
use crate::shrink::shrink;
use isrlab_sim::Scenario;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What to soak.
#[derive(Clone, Debug)]
pub struct Options {
    /// Wall-clock budget.
    pub duration: Duration,
    /// The soak's seed: schedule i gets [`schedule_seed`]`(seed, i)`.
    pub seed: u64,
    /// Classes, taken in turn.
    pub classes: Vec<Class>,
    /// Stop after this many schedules (else only the time limits).
    pub schedules: Option<u64>,
    /// Run only the schedule with this seed (as listed in `unwritten.txt` or a file name).
    pub schedule_seed: Option<u64>,
    /// Where shrunk scenario files go.
    pub out: PathBuf,
    /// Most files written; later unexpected results are counted only.
    pub max_files: usize,
    /// Most candidates tried when shrinking one scenario.
    pub shrink_budget: usize,
}

/// What one schedule showed, and what of it its class did not expect.
pub struct Checked {
    /// The scenario as written.
    pub scenario: Scenario,
    /// Its run.
    pub outcome: Outcome,
    /// Unexpected results.
    pub unexpected: Vec<Failure>,
}

/// Generates and checks schedule `seed` of `class`.
pub fn check_one(seed: u64, class: Class) -> Checked {
    let generated = generate(seed, class);
    let scenario = generated.scenario;
    let mut unexpected = Vec::new();
    if let Err(why) = class.admits(&scenario) {
        let outcome = Outcome {
            invalid: Some(format!("outside its class: {why}")),
            ..Outcome::default()
        };
        return Checked {
            scenario,
            unexpected: class.unexpected(&outcome),
            outcome,
        };
    }
    // Checked as the file says: written out and read back.
    let text = serde_json::to_string(&scenario).expect("a scenario serializes");
    let mut outcome = match Scenario::from_json(&text) {
        Ok(parsed) => run_scenario(&parsed),
        Err(e) => Outcome {
            invalid: Some(e.to_string()),
            ..Outcome::default()
        },
    };
    match &generated.live {
        LiveRun::Finished(hash)
            if outcome.panic.is_none()
                && outcome.invalid.is_none()
                && outcome.trace_hash != *hash =>
        {
            let again = run_scenario(&scenario);
            unexpected.push(if again.trace_hash != outcome.trace_hash {
                Failure::Nondeterminism
            } else {
                Failure::ReplayMismatch
            });
        }
        LiveRun::Panicked(message) if outcome.panic.is_none() => {
            outcome.panic = Some(message.clone())
        }
        LiveRun::Refused(why) if outcome.invalid.is_none() => outcome.invalid = Some(why.clone()),
        _ => {}
    }
    let mut all = class.unexpected(&outcome);
    all.extend(unexpected);
    Checked {
        scenario,
        outcome,
        unexpected: all,
    }
}

/// Whether `s` still shows `failure` in `class`.
pub fn still_fails(class: Class, failure: Failure, s: &Scenario) -> bool {
    if class.admits(s).is_err() {
        return false;
    }
    let outcome = run_scenario(s);
    if failure == Failure::Nondeterminism {
        return outcome.panic.is_none() && run_scenario(s).trace_hash != outcome.trace_hash;
    }
    class.unexpected(&outcome).contains(&failure)
}

/// Shrinks a failing schedule and writes it into `out`; returns the file's path.
fn write_shrunk(
    opts: &Options,
    class: Class,
    failure: Failure,
    scenario: &Scenario,
) -> std::io::Result<PathBuf> {
    let small = if failure == Failure::ReplayMismatch || failure == Failure::Invalid {
        // Only the live run shows these: keep the whole file.
        scenario.clone()
    } else {
        shrink(
            scenario,
            &mut |c| still_fails(class, failure, c),
            opts.shrink_budget,
        )
    };
    std::fs::create_dir_all(&opts.out)?;
    let path = opts.out.join(format!(
        "{}-{failure}-{:016x}.json",
        class.name(),
        scenario.seed
    ));
    let text = serde_json::to_string_pretty(&small).expect("a scenario serializes");
    std::fs::write(&path, text + "\n")?;
    Ok(path)
}

/// Runs the soak; `progress` gets a line about every ten seconds.
pub fn soak(opts: &Options, progress: &mut dyn FnMut(&str)) -> Report {
    let start = Instant::now();
    let mut report = Report {
        seed: opts.seed,
        ..Report::default()
    };
    let mut last_note = Instant::now();
    let mut i: u64 = 0;
    let limit = if opts.schedule_seed.is_some() {
        Some(1)
    } else {
        opts.schedules
    };
    while start.elapsed() < opts.duration && limit.is_none_or(|n| i < n) {
        let class = opts.classes[(i % opts.classes.len() as u64) as usize];
        let seed = opts
            .schedule_seed
            .unwrap_or_else(|| schedule_seed(opts.seed, i));
        i += 1;
        let checked = check_one(seed, class);
        report.add(class, &checked.outcome, &checked.unexpected);
        if let Some(&failure) = checked.unexpected.first() {
            if report.written.len() < opts.max_files {
                let what = describe(&checked);
                match write_shrunk(opts, class, failure, &checked.scenario) {
                    Ok(path) => report.written.push((path, what)),
                    Err(e) => progress(&format!("cannot write into {}: {e}", opts.out.display())),
                }
            } else {
                report.unwritten.push((class, seed, describe(&checked)));
            }
        }
        if last_note.elapsed() >= Duration::from_secs(10) {
            last_note = Instant::now();
            let secs = start.elapsed().as_secs_f64();
            progress(&format!(
                "[soak] {} schedules in {secs:.0} s ({:.1}/s), {} unexpected",
                report.schedules(),
                report.schedules() as f64 / secs,
                report.failed()
            ));
        }
    }
    if !report.unwritten.is_empty() {
        let lines: String = report
            .unwritten
            .iter()
            .map(|(c, seed, what)| format!("{} {seed:016x} {what}\n", c.name()))
            .collect();
        if let Err(e) = std::fs::create_dir_all(&opts.out)
            .and_then(|()| std::fs::write(opts.out.join("unwritten.txt"), lines))
        {
            progress(&format!("cannot write into {}: {e}", opts.out.display()));
        }
    }
    report.elapsed = start.elapsed();
    report
}

/// One line on what a failing schedule showed.
fn describe(c: &Checked) -> String {
    let kinds: Vec<String> = c.unexpected.iter().map(|f| f.to_string()).collect();
    let mut s = kinds.join(", ");
    if let Some(p) = c.outcome.panic.as_ref().or(c.outcome.invalid.as_ref()) {
        s.push_str(&format!(": {p}"));
    }
    s
}
