//! Small charts over virtual time of Kafka's replication metrics: under-replicated
//! partitions, ISR shrinks/expands per second, fetcher lag, offline partitions and
//! produce errors.

use crate::i18n::Lang;
use crate::lab::Sample;
use isrlab_sim::TimeMs;
use std::rc::Rc;
use yew::prelude::*;

/// Most points drawn per chart.
const MAX_POINTS: usize = 240;
const W: f64 = 220.0;
const H: f64 = 36.0;

/// What the metrics panel shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct MetricsPanelProps {
    /// Samples up to now.
    pub samples: Rc<Vec<Sample>>,
    /// End of the run (the charts' time axis).
    pub end_ms: TimeMs,
    /// Language.
    pub lang: Lang,
}

/// Per-second rate of a growing counter between consecutive samples.
fn rate(samples: &[Sample], count: fn(&Sample) -> u64) -> Vec<(TimeMs, f64)> {
    samples
        .windows(2)
        .map(|w| {
            let dt = w[1]
                .metrics
                .time_ms
                .saturating_sub(w[0].metrics.time_ms)
                .max(1) as f64
                / 1000.0;
            (
                w[1].metrics.time_ms,
                count(&w[1]).saturating_sub(count(&w[0])) as f64 / dt,
            )
        })
        .collect()
}

fn series(samples: &[Sample], value: fn(&Sample) -> f64) -> Vec<(TimeMs, f64)> {
    samples
        .iter()
        .map(|s| (s.metrics.time_ms, value(s)))
        .collect()
}

fn chart(
    lang: Lang,
    name: &'static str,
    points: &[(TimeMs, f64)],
    end: TimeMs,
    current: String,
) -> Html {
    let end = end.max(1) as f64;
    let max = points
        .iter()
        .map(|(_, v)| *v)
        .fold(0.0f64, f64::max)
        .max(1.0);
    let stride = points.len().div_ceil(MAX_POINTS).max(1);
    let path = points
        .iter()
        .step_by(stride)
        .chain(points.last())
        .map(|(t, v)| {
            format!(
                "{:.1},{:.1}",
                *t as f64 / end * W,
                H - v / max * (H - 4.0) - 2.0
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    html! {
        <div class="metric" data-testid="metric" data-name={name}>
            <div class="metric-head"><span class="metric-name">{ name }</span><span class="metric-value">{ current }</span></div>
            <svg viewBox={format!("0 0 {W} {H}")} preserveAspectRatio="none" class="spark" aria-hidden="true">
                <polyline points={path} />
            </svg>
            <div class="metric-scale">{ lang.tf("metrics.max", &[("n", &max.round())]) }</div>
        </div>
    }
}

/// The metrics panel.
#[function_component(MetricsPanel)]
pub fn metrics_panel(p: &MetricsPanelProps) -> Html {
    let s = &p.samples;
    let last = s.last();
    let now = |f: fn(&Sample) -> u64| last.map_or(0, f).to_string();
    let rate_now = |r: &[(TimeMs, f64)]| {
        r.last().map_or("0".to_string(), |(_, v)| {
            p.lang
                .tf("metrics.per_second", &[("n", &format!("{v:.1}"))])
        })
    };
    let shrinks = rate(s, |x| x.metrics.IsrShrinks);
    let expands = rate(s, |x| x.metrics.IsrExpands);
    html! {
        <section class="panel metrics-panel" data-testid="metrics">
            <h2>{ p.lang.t("metrics.title") }</h2>
            <div class="metrics-grid">
                { chart(p.lang, "UnderReplicatedPartitions", &series(s, |x| x.metrics.UnderReplicatedPartitions as f64), p.end_ms,
                        now(|x| x.metrics.UnderReplicatedPartitions as u64)) }
                { chart(p.lang, "IsrShrinksPerSec", &shrinks, p.end_ms, rate_now(&shrinks)) }
                { chart(p.lang, "IsrExpandsPerSec", &expands, p.end_ms, rate_now(&expands)) }
                { chart(p.lang, "ReplicaFetcherLag", &series(s, |x| x.metrics.ReplicaFetcherLag as f64), p.end_ms,
                        now(|x| x.metrics.ReplicaFetcherLag)) }
                { chart(p.lang, "OfflinePartitionsCount", &series(s, |x| x.metrics.OfflinePartitionsCount as f64), p.end_ms,
                        now(|x| x.metrics.OfflinePartitionsCount as u64)) }
                { chart(p.lang, "ProduceErrors", &series(s, |x| x.produce_errors as f64), p.end_ms, now(|x| x.produce_errors)) }
            </div>
            <p class="muted small">{ p.lang.t("metrics.note") }</p>
        </section>
    }
}
