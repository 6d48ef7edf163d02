//! `isrlab`: run ISR Lab scenarios from the command line (see `docs/cli.md`).
//! Exit status: 0 on success, 2 on bad input (usage, scenario file, placement request);
//! `soak` exits 1 when a schedule gave a result its class does not expect.

mod args;
mod assign;
mod check;
mod import;
mod metrics;
mod run;
mod soak;
mod sweep;
mod tool;
mod whatif;

use std::io::Write;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: a sweep's runs build and drop many small
/// buffers, and glibc's malloc/free were about a quarter of a sweep's time (docs/explorer.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage:
  isrlab run FILE [--until-ms T] [--events] [--in-flight]
  isrlab run FILE --metrics [--format json|csv] [--until-ms T]
  isrlab assign --brokers 0,1,2 --partitions N --replication-factor R [--start-index K] [--start-partition P] [--seed S] [--textbook]
  isrlab check FILE
  isrlab import-describe FILE [--id ID]   (kafka-topics.sh --describe output → scenario)
  isrlab tool FILE [--at-ms T] -- <kafka tool command line>   (see docs/tools.md)
  isrlab whatif FILE --at-ms T [--horizon-ms H]
  isrlab sweep FILE [--grid NAME=V1,V2 ...] --fault MODEL --runs N [--seed S] [--format csv|json] [--threads N]   (see docs/explorer.md)
  isrlab soak --minutes M [--seed S] [--class safe|safe-flush|one-power-loss|one-disk-loss|any|all] [--schedules N] [--schedule-seed HEX] [--out DIR]";

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let result = match argv.first().map(String::as_str) {
        Some("soak") => return soak::main(&argv[1..]),
        Some("run") => run::run(&argv[1..]),
        Some("check") => check::check(&argv[1..]),
        Some("assign") => assign::assign(&argv[1..]),
        Some("tool") => tool::tool(&argv[1..]),
        Some("sweep") => sweep::sweep(&argv[1..]),
        Some("whatif") => whatif::whatif(&argv[1..]),
        Some("import-describe") => import::import(&argv[1..]),
        Some("help" | "--help" | "-h") => Ok(USAGE.to_string()),
        Some(other) => Err(format!("unknown command \"{other}\"\n{USAGE}")),
        None => Err(USAGE.to_string()),
    };
    match result {
        Ok(out) => {
            // A closed pipe (`isrlab run ... | head`) is not an error worth a panic.
            let _ = writeln!(std::io::stdout().lock(), "{out}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("isrlab: {message}");
            ExitCode::from(2)
        }
    }
}
