//! A sweep's results as CSV, one row per grid point: what `isrlab sweep --format csv`
//! prints and the browser's sweep offers for download (the same text for the same seeds).

use crate::sweep::PointResult;

/// The results as CSV, one row per point; the losing run's faults as `at_ms:fault:broker;...`.
pub fn to_csv(results: &[PointResult]) -> String {
    let mut out = String::from(
        "point,runs,runs_with_loss,loss_probability,ci95_low,ci95_high,expected_lost,expected_lost_low,expected_lost_high,losing_seed,losing_faults\n",
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
            "{},{},{},{:.6},{:.6},{:.6},{:.6},{:.6},{:.6},{seed},{faults}\n",
            r.point,
            r.runs,
            r.runs_with_loss,
            p.estimate,
            p.low,
            p.high,
            r.expected_lost,
            r.expected_lost_ci.0,
            r.expected_lost_ci.1
        ));
    }
    out.pop();
    out
}
