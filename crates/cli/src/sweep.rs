//! `isrlab sweep FILE --grid NAME=V1,V2 ... --fault MODEL --runs N [--seed S]
//! [--format csv|json] [--threads N]` (see `docs/explorer.md`).

use crate::args::Args;
use crate::check::load;
use isrlab_explore::{run_sweep, FaultModel, Grid, PointResult, SweepSpec};

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
    let faults = FaultModel::parse(&args.require::<String>("--fault")?)?;
    let mut grid = Grid::default();
    for spec in &grid_specs {
        grid.add(spec)?;
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
    let results = pool.install(|| run_sweep(&spec))?;
    match format.as_str() {
        "json" => serde_json::to_string_pretty(&results).map_err(|e| e.to_string()),
        _ => Ok(csv(&results)),
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

/// The results as CSV, one row per point; the losing run's faults as `at_ms:fault:broker;...`.
fn csv(results: &[PointResult]) -> String {
    let mut out = String::from(
        "point,runs,runs_with_loss,loss_probability,ci95_low,ci95_high,expected_lost,losing_seed,losing_faults\n",
    );
    for r in results {
        let (seed, faults) = r
            .losing_run
            .as_ref()
            .map_or((String::new(), String::new()), |l| {
                let f: Vec<String> = l
                    .faults
                    .iter()
                    .map(|f| format!("{}:{}:{}", f.at_ms, f.fault.name(), f.broker))
                    .collect();
                (l.seed.to_string(), f.join(";"))
            });
        let p = r.loss_probability;
        out.push_str(&format!(
            "{},{},{},{:.6},{:.6},{:.6},{:.6},{seed},{faults}\n",
            r.point, r.runs, r.runs_with_loss, p.estimate, p.low, p.high, r.expected_lost
        ));
    }
    out.pop();
    out
}
