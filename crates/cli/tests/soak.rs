//! `isrlab soak` from the command line: a short soak prints its table and a libtest-style
//! line and exits 0 when nothing unexpected happened; bad arguments exit 2.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::isrlab;

#[test]
fn a_short_soak_prints_the_table_and_counts_each_schedule_as_a_test() {
    let out = std::env::temp_dir().join(format!("isrlab-soak-test-{}", std::process::id()));
    let o = isrlab(&[
        "soak",
        "--minutes",
        "5",
        "--schedules",
        "6",
        "--seed",
        "1",
        "--class",
        "one-power-loss",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let row = stdout
        .lines()
        .find(|l| l.starts_with("one-power-loss "))
        .expect("a row for the class");
    assert_eq!(row.split_whitespace().nth(1), Some("6"), "{row}");
    assert!(stdout.contains("schedules/s"), "{stdout}");
    assert!(
        stdout.trim_end().ends_with(
            "test result: ok. 6 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out"
        ),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(out);
}

#[test]
fn bad_soak_arguments_exit_2_naming_the_option() {
    for (args, needle) in [
        (&["soak"][..], "--minutes is required"),
        (&["soak", "--minutes", "0"][..], "--minutes"),
        (
            &["soak", "--minutes", "1", "--class", "unsafe"][..],
            "one-power-loss",
        ),
        (&["soak", "--minutes", "1", "--seed", "x"][..], "--seed"),
        (&["soak", "--minutes", "1", "file.json"][..], "no file"),
        (
            &["soak", "--minutes", "1", "--schedule-seed", "zz"][..],
            "hexadecimal",
        ),
    ] {
        let o = isrlab(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}
