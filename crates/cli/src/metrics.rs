//! `isrlab run FILE --metrics [--format json|csv] [--until-ms T]`: runs a scenario and
//! prints Kafka's metrics over the run, as the core's observer computed them
//! (`isrlab_sim::metrics`; schema in `docs/cli.md`): the bounded series of snapshots, the
//! marks of what moved each metric, and the per-partition detail at the end.

use isrlab_sim::metrics::history::History;
use isrlab_sim::metrics::names::{follower_lag_mbean, produce_errors_mbean};
use isrlab_sim::metrics::observer::Mark;
use isrlab_sim::metrics::{FollowerLag, GroupPartitionLag, MetricId};
use isrlab_sim::{Metrics, Sim, TimeMs};
use serde::Serialize;
use std::collections::BTreeMap;

/// The JSON document of `--metrics`.
#[derive(Serialize)]
struct MetricsOutput<'a> {
    time_ms: TimeMs,
    mbeans: BTreeMap<String, String>,
    samples: &'a [Metrics],
    marks: &'a [Mark],
    follower_lag: Vec<FollowerLagOut>,
    consumer_group_lag: Vec<GroupPartitionLag>,
}

#[derive(Serialize)]
struct FollowerLagOut {
    mbean: String,
    #[serde(flatten)]
    lag: FollowerLag,
}

/// Runs the simulation to `until`, recording the metrics, and prints them.
pub fn run_metrics(sim: &mut Sim, until: TimeMs, format: Option<&str>) -> Result<String, String> {
    let csv = match format {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => return Err(format!("--format: \"{other}\" is not json or csv")),
    };
    let until = until.min(sim.end_ms());
    let mut history = History::default();
    history.record(sim);
    while sim.now() < until {
        let next = history.next_at().max(sim.now() + 1).min(until);
        sim.run_until(next);
        history.record(sim);
    }
    if csv {
        return Ok(isrlab_sim::metrics::csv::to_csv(history.samples()));
    }
    let mut mbeans: BTreeMap<String, String> = MetricId::ALL
        .iter()
        .map(|m| (m.name().to_string(), m.mbean().to_string()))
        .collect();
    for error in history
        .samples()
        .last()
        .iter()
        .flat_map(|m| m.ProduceErrorsPerSec.keys())
    {
        mbeans.insert(
            format!("ErrorsPerSec.Produce.{error}"),
            produce_errors_mbean(error),
        );
    }
    let doc = MetricsOutput {
        time_ms: sim.now(),
        mbeans,
        samples: history.samples(),
        marks: history.marks(),
        follower_lag: sim
            .follower_lags()
            .into_iter()
            .map(|lag| FollowerLagOut {
                mbean: follower_lag_mbean(lag.leader, &lag.tp.topic, lag.tp.partition),
                lag,
            })
            .collect(),
        consumer_group_lag: sim.group_lags(),
    };
    serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())
}
