//! `isrlab-bench`: runs ISR Lab's benchmark workloads against a bare event-loop ceiling
//! and prints one table (min / median / max of repeated runs, with each figure's ratio to
//! its ceiling or goal), then writes the same figures as JSON. Times are the running
//! thread's CPU time, so a busy machine slows the figures less than wall time would. `make bench` runs it;
//! `docs/performance.md` explains how to read it.

mod alloc;
mod browser;
mod ceiling;
mod figures;
mod memory_cap;
mod sizes;
mod stats;

use isrlab_bench::workload;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

use figures::Table;
use std::process::ExitCode;

/// How much to measure.
struct Options {
    /// Shorter runs (`make bench QUICK=1`).
    quick: bool,
    /// Repetitions of each figure.
    runs: usize,
    /// Where the JSON goes.
    json: String,
    /// Where the release web build is, for its sizes.
    dist: String,
    /// Where the wasm build of the workloads is (wasm-bindgen output), for the browser rows.
    bench_web: Option<String>,
    /// Only these groups of figures (`--only w1,clones`); empty: all.
    only: Vec<String>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        quick: false,
        runs: 5,
        json: "target/bench.json".into(),
        dist: "dist".into(),
        bench_web: None,
        only: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--quick" => o.quick = true,
            "--runs" => {
                let v = value("--runs")?;
                o.runs = v
                    .parse()
                    .ok()
                    .filter(|n| (1..=100).contains(n))
                    .ok_or(format!("--runs {v}: want 1 to 100"))?;
            }
            "--json" => o.json = value("--json")?,
            "--dist" => o.dist = value("--dist")?,
            "--bench-web" => o.bench_web = Some(value("--bench-web")?),
            "--only" => {
                let v = value("--only")?;
                o.only = v.split(',').map(str::to_string).collect();
                let known = ["w1", "w2", "grid", "clones", "load"];
                if let Some(bad) = o.only.iter().find(|g| !known.contains(&g.as_str())) {
                    return Err(format!("--only {bad:?}: want some of {}", known.join(",")));
                }
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(o)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let o = match parse(&args) {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("isrlab-bench: {e}");
            }
            eprintln!(
                "usage: isrlab-bench [--quick] [--runs N] [--json FILE] [--dist DIR] [--bench-web DIR] [--only w1,w2,grid,clones,load]"
            );
            return ExitCode::from(2);
        }
    };
    let mut table = Table::default();
    figures::measure_all(&mut table, o.quick, o.runs, &o.dist, &o.only);
    if let Some(bench_web) = &o.bench_web {
        figures::measure_browser(&mut table, o.quick, o.runs, &o.dist, bench_web);
    }
    print!("{}", table.render());
    if let Err(e) = std::fs::write(&o.json, table.json()) {
        eprintln!("isrlab-bench: cannot write {}: {e}", o.json);
        return ExitCode::from(1);
    }
    println!("figures written to {}", o.json);
    ExitCode::SUCCESS
}
