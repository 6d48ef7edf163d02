//! `isrlab sweep` and `isrlab whatif`: results independent of the thread count, the
//! acks=1 what-if on acks1-leader-dies, and exit status 2 with a message on bad input.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::isrlab;
use std::path::PathBuf;
use std::process::Output;

fn path(relative: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(relative)
        .to_string_lossy()
        .into_owned()
}

fn shape() -> String {
    path("../explore/scenarios/sweep-leader-crash.json")
}

fn sweep(extra: &[&str]) -> Output {
    let file = shape();
    let mut args = vec!["sweep", file.as_str(), "--grid", "acks=0,1", "--runs", "40"];
    args.extend_from_slice(extra);
    isrlab(&args)
}

#[test]
fn a_sweep_gives_identical_results_on_one_and_two_threads() {
    let fault = [
        "--fault",
        "crash-leader uniform 0..2000ms",
        "--format",
        "json",
    ];
    let one = sweep(&[&fault[..], &["--threads", "1"]].concat());
    let two = sweep(&[&fault[..], &["--threads", "2"]].concat());
    assert!(
        one.status.success(),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    assert_eq!(one.stdout, two.stdout);
    let results: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(results[0]["point"], "acks=0");
    assert_eq!(results[1]["runs"], 40);
}

#[test]
fn a_csv_sweep_names_a_replayable_losing_run() {
    let o = sweep(&["--fault", "crash-leader uniform 0..2000ms", "--seed", "5"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[0].starts_with("point,runs,runs_with_loss,loss_probability,ci95_low"));
    assert!(rows[1].starts_with("acks=0,40,"), "{text}");
    assert!(rows[1].contains(":crash:"), "acks=0 lost no run: {text}");
}

#[test]
fn whatif_says_a_power_loss_of_the_acks1_leader_loses_m2() {
    let file = path("../../scenarios/acks1-leader-dies.json");
    let o = isrlab(&["whatif", &file, "--at-ms", "2100"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("broker 0 power-loss: loses m2"), "{text}");
    assert!(text.contains("broker 1 crash: loses nothing"), "{text}");
}

#[test]
fn bad_sweep_and_whatif_inputs_exit_2_with_a_message() {
    let file = shape();
    let crash = "crash-leader uniform 0..2000ms";
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--grid", "acks=2", "--fault", crash, "--runs", "5"],
            "acks",
        ),
        (
            vec!["--grid", "colour=red", "--fault", crash, "--runs", "5"],
            "unknown grid parameter",
        ),
        (
            vec!["--grid", "acks", "--fault", crash, "--runs", "5"],
            "NAME=V1",
        ),
        (
            vec![
                "--grid",
                "min.insync.replicas=x",
                "--fault",
                crash,
                "--runs",
                "5",
            ],
            "whole number",
        ),
        (
            vec![
                "--grid",
                "replication.factor=9",
                "--fault",
                crash,
                "--runs",
                "5",
            ],
            "grid point",
        ),
        (
            vec!["--fault", "crash-leader uniform 9..2ms", "--runs", "5"],
            "window",
        ),
        (vec!["--fault", "meteor", "--runs", "5"], "expected one of"),
        (
            vec!["--fault", "power-loss 7 uniform 0..10ms", "--runs", "5"],
            "the cluster has 3",
        ),
        (
            vec!["--fault", "random-crashes fast 0..10ms", "--runs", "5"],
            "rate",
        ),
        (
            vec!["--fault", crash, "--runs", "100001"],
            "between 1 and 100000",
        ),
        (
            vec!["--fault", crash, "--runs", "0"],
            "between 1 and 100000",
        ),
        (
            vec!["--fault", crash, "--runs", "5", "--format", "xml"],
            "csv or json",
        ),
        (vec!["--fault", crash], "--runs is required"),
        (vec!["--runs", "5"], "--fault is required"),
    ];
    let big_grid = [
        "--grid",
        "latency.ms=1,2,3,4,5,6,7,8,9,10,11",
        "--grid",
        "acks=0,1,all",
    ];
    let mut cases = cases;
    cases.push(([&big_grid[..], &["--grid", "replica.lag.time.max.ms=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31"], &["--fault", crash, "--runs", "1"]].concat(), "more than 1000 points"));
    for (extra, expected) in cases {
        let mut args = vec!["sweep", file.as_str()];
        args.extend_from_slice(&extra);
        let o = isrlab(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    let o = isrlab(&["whatif", &file, "--at-ms", "99999999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("after the scenario's end"));
    let o = isrlab(&["whatif", &file]);
    assert_eq!(o.status.code(), Some(2));
}
