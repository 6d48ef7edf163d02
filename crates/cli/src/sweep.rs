//! `isrlab sweep FILE --grid NAME=V1,V2 ... --fault MODEL --runs N [--seed S]
//! [--format csv|json] [--threads N]` (see `docs/explorer.md`).

use crate::args::Args;
use crate::check::load;
use isrlab_explore::{run_sweep, FaultModel, Grid, SweepSpec};

/// Most threads `--threads` may ask for.
const MAX_THREADS: usize = 256;

/// Runs `isrlab sweep`.
pub fn sweep(words: &[String]) -> Result<String, String> {
    let (grid_specs, rest) = take_all(words, "--grid")?;
    let args = Args::parse(
        &rest,
        &["--fault", "--runs", "--seed", "--format", "--threads"],
        &[],
    )?;
    let path = args.single_positional("scenario FILE")?;
    let format = args
        .get::<String>("--format")?
        .unwrap_or_else(|| "csv".to_string());
    if format != "csv" && format != "json" {
        return Err(format!("--format must be csv or json, not \"{format}\""));
    }
    let faults =
        FaultModel::parse(&args.require::<String>("--fault")?).map_err(|e| e.to_string())?;
    let mut grid = Grid::default();
    for spec in &grid_specs {
        grid.add(spec).map_err(|e| e.to_string())?;
    }
    let scenario = load(path)?;
    let seed = args.get("--seed")?.unwrap_or(scenario.seed);
    let spec = SweepSpec {
        scenario,
        grid,
        faults,
        runs: args.require("--runs")?,
        seed,
    };
    let threads = args.get::<usize>("--threads")?.unwrap_or(0);
    if threads > MAX_THREADS {
        return Err(format!("--threads must be at most {MAX_THREADS}"));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| format!("cannot start {threads} threads: {e}"))?;
    let results = pool
        .install(|| run_sweep(&spec))
        .map_err(|e| e.to_string())?;
    match format.as_str() {
        "json" => serde_json::to_string_pretty(&results).map_err(|e| e.to_string()),
        _ => Ok(isrlab_explore::csv::to_csv(&results)),
    }
}

/// Every value following `flag`, and the other words.
fn take_all(words: &[String], flag: &str) -> Result<(Vec<String>, Vec<String>), String> {
    let (mut taken, mut rest) = (Vec::new(), Vec::new());
    let mut it = words.iter();
    while let Some(w) = it.next() {
        if w == flag {
            taken.push(
                it.next()
                    .ok_or_else(|| format!("{flag} needs a value"))?
                    .clone(),
            );
        } else {
            rest.push(w.clone());
        }
    }
    Ok((taken, rest))
}
