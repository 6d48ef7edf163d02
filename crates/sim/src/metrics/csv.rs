//! Metric snapshots as CSV, one row per snapshot: what `isrlab run --metrics --format csv`
//! prints and the lab's metrics export downloads (the same text for the same run).

use super::Metrics;
use std::collections::BTreeMap;

/// One row per snapshot: `time_ms`, then every column any snapshot has, in the order
/// they first appear (a produce error code or a group seen only later reads 0 before).
pub fn to_csv(samples: &[Metrics]) -> String {
    let mut header: Vec<String> = Vec::new();
    let rows: Vec<Vec<(String, f64)>> = samples.iter().map(Metrics::columns).collect();
    for row in &rows {
        for (name, _) in row {
            if !header.contains(name) {
                header.push(name.clone());
            }
        }
    }
    let quoted: Vec<String> = header.iter().map(|h| csv_field(h)).collect();
    let mut out = format!("time_ms,{}\n", quoted.join(","));
    for (s, row) in samples.iter().zip(&rows) {
        let values: BTreeMap<&str, f64> = row.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let cells: Vec<String> = header
            .iter()
            .map(|h| {
                let v = values.get(h.as_str()).copied().unwrap_or(0.0);
                if v.fract() == 0.0 {
                    format!("{v:.0}")
                } else {
                    format!("{v:.6}")
                }
            })
            .collect();
        out.push_str(&format!("{},{}\n", s.time_ms, cells.join(",")));
    }
    out
}

/// A CSV field, quoted (RFC 4180) when it holds a comma, a quote or a line break.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_commas_quotes_or_breaks_are_quoted() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }

    #[test]
    fn one_header_and_one_row_per_snapshot() {
        let text = include_str!("../../../../scenarios/default.json");
        let mut sim = crate::Sim::new(&crate::Scenario::from_json(text).unwrap()).unwrap();
        let first = sim.metrics();
        sim.run_until(5_000);
        let csv = to_csv(&[first, sim.metrics()]);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("time_ms,"));
        assert!(lines[2].starts_with("5000,"));
        let width = lines[0].split(',').count();
        assert!(lines.iter().all(|l| l.split(',').count() == width));
    }
}
