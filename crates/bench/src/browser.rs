//! The browser rows of `make bench`: `scripts/bench-browser.mjs` (node, playwright-core,
//! headless Chromium) answers one JSON request a line; this module asks it and turns the
//! answers into figures. W1 alternates a native run and a wasm run, so both see the same
//! machine load; the ratio is of wall times (a page has no thread CPU clock).

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// A running `bench-browser.mjs`.
pub struct Browser {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Browser {
    /// Starts the script over the release build in `dist` and the wasm workloads in `bench_web`.
    pub fn start(dist: &str, bench_web: &str) -> Result<Browser, String> {
        let mut child = Command::new("node")
            .args([
                "scripts/bench-browser.mjs",
                "--dist",
                dist,
                "--bench-web",
                bench_web,
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start node: {e}"))?;
        let input = child.stdin.take().ok_or("no stdin")?;
        let output = BufReader::new(child.stdout.take().ok_or("no stdout")?);
        Ok(Browser {
            child,
            input,
            output,
        })
    }

    /// Sends one request and waits for its answer.
    pub fn ask(&mut self, request: Value) -> Result<Value, String> {
        writeln!(self.input, "{request}").map_err(|e| format!("browser script: {e}"))?;
        let mut line = String::new();
        self.output
            .read_line(&mut line)
            .map_err(|e| format!("browser script: {e}"))?;
        let answer: Value = serde_json::from_str(&line)
            .map_err(|e| format!("browser script said {line:?}: {e}"))?;
        match answer.get("error") {
            Some(e) => Err(format!("browser script: {e}")),
            None => Ok(answer),
        }
    }

    /// W1 for `sim_ms` in wasm: (core events, wall ms).
    pub fn w1(&mut self, sim_ms: u64) -> Result<(f64, f64), String> {
        let a = self.ask(json!({"op": "w1", "sim_ms": sim_ms}))?;
        Ok((number(&a, "steps")?, number(&a, "wall_ms")?))
    }

    /// Milliseconds from navigation start to the frame after the first broker is drawn.
    pub fn first_draw_ms(&mut self) -> Result<f64, String> {
        number(&self.ask(json!({"op": "first_draw"}))?, "ms")
    }

    /// Plays nine brokers at `speed`× for up to `ms`: (frame intervals, main-thread ms per frame).
    pub fn frames(&mut self, speed: u32, ms: u64) -> Result<(Vec<f64>, f64), String> {
        let a = self.ask(json!({"op": "frames", "speed": speed, "ms": ms}))?;
        let intervals = a["intervals"]
            .as_array()
            .ok_or("no intervals")?
            .iter()
            .filter_map(Value::as_f64)
            .collect();
        Ok((intervals, number(&a, "work_ms_per_frame")?))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn number(answer: &Value, key: &str) -> Result<f64, String> {
    answer[key]
        .as_f64()
        .ok_or_else(|| format!("browser script: no number {key} in {answer}"))
}

/// The 95th percentile of `values` (nearest rank; 0 when empty).
pub fn p95(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return 0.0;
    }
    let rank = (v.len() * 95).div_ceil(100).max(1);
    v[rank - 1]
}

#[cfg(test)]
mod tests {
    use super::p95;

    #[test]
    fn p95_is_the_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(p95(&v), 95.0);
        assert_eq!(p95(&[3.0, 1.0, 2.0]), 3.0);
        assert_eq!(p95(&[]), 0.0);
    }
}
