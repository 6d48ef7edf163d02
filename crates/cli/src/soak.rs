//! `isrlab soak --minutes M [--seed S] [--class C] [--schedules N] [--schedule-seed HEX] [--out DIR]`: a thin
//! front over the `isrlab-soak` crate. Prints the table; exit 0 when every result was
//! one its class expects, 1 otherwise, 2 on bad arguments.

use crate::args::Args;
use isrlab_soak::class::Class;
use isrlab_soak::run::quiet_panics;
use isrlab_soak::soak::{soak, Options};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Most shrunk files one soak writes.
const MAX_FILES: usize = 20;
/// Most candidates tried when shrinking one schedule.
const SHRINK_BUDGET: usize = 400;

/// Today's seed: days since 1970-01-01 (a new set of schedules every day).
fn todays_seed() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0)
}

fn options(words: &[String]) -> Result<Options, String> {
    let args = Args::parse(
        words,
        &[
            "--minutes",
            "--seed",
            "--class",
            "--schedules",
            "--schedule-seed",
            "--out",
        ],
        &[],
    )?;
    if let Some(extra) = args.positional.first() {
        return Err(format!("soak takes no file, got \"{extra}\""));
    }
    let minutes: f64 = args.require("--minutes")?;
    if !(minutes.is_finite() && minutes > 0.0 && minutes <= 7.0 * 24.0 * 60.0) {
        return Err(format!(
            "--minutes: expected a number of minutes in (0, 10080], got {minutes}"
        ));
    }
    let classes = match args.get::<String>("--class")?.as_deref() {
        None | Some("all") => Class::ALL.to_vec(),
        Some(name) => vec![Class::parse(name).map_err(|e| format!("--class: {e} (or all)"))?],
    };
    Ok(Options {
        duration: Duration::from_secs_f64(minutes * 60.0),
        seed: args.get("--seed")?.unwrap_or_else(todays_seed),
        classes,
        schedules: args.get("--schedules")?,
        schedule_seed: args
            .get::<String>("--schedule-seed")?
            .map(|hex| {
                u64::from_str_radix(&hex, 16)
                    .map_err(|_| format!("--schedule-seed: expected a hexadecimal seed (as in a file name), got \"{hex}\""))
            })
            .transpose()?,
        out: args.get::<String>("--out")?.map_or_else(|| PathBuf::from("target/soak/failures"), PathBuf::from),
        max_files: MAX_FILES,
        shrink_budget: SHRINK_BUDGET,
    })
}

/// Runs `isrlab soak` and returns the process's exit status.
pub fn main(words: &[String]) -> ExitCode {
    let opts = match options(words) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("isrlab: {e}");
            return ExitCode::from(2);
        }
    };
    if cfg!(panic = "abort") {
        eprintln!("isrlab soak: built with panic = \"abort\": a panicking schedule ends the soak (build with --profile soak)");
    }
    quiet_panics();
    let classes: Vec<&str> = opts.classes.iter().map(|c| c.name()).collect();
    eprintln!(
        "isrlab soak: seed {}, classes {}, {:.1} min",
        opts.seed,
        classes.join(","),
        opts.duration.as_secs_f64() / 60.0
    );
    let report = soak(&opts, &mut |line| eprintln!("{line}"));
    println!("{}", report.render());
    if report.failed() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
