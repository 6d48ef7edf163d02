//! Running the built `isrlab` binary, shared by the CLI's test files.

use std::process::{Command, Output};

/// Runs `isrlab` with `args` and waits for it.
pub fn isrlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_isrlab"))
        .args(args)
        .output()
        .expect("isrlab runs")
}
