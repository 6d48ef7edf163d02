//! Kafka's metrics over virtual time, as the core's observer computes them
//! (`isrlab_sim::metrics`): one chart per metric, cluster-wide or for one broker, each
//! marked where an event moved it, with the event said in words under the chart.

use crate::i18n::Lang;
use crate::sentences::{sentence, Names};
use isrlab_sim::metrics::observer::Mark;
use isrlab_sim::metrics::MetricId;
use isrlab_sim::{BrokerId, Metrics, TimeMs};
use std::rc::Rc;
use yew::prelude::*;

/// Most points drawn per chart.
const MAX_POINTS: usize = 240;
/// Marks said in words under a chart (the latest ones).
const MARKS_SAID: usize = 3;
const W: f64 = 220.0;
const H: f64 = 40.0;

/// What the metrics panel shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct MetricsPanelProps {
    /// Snapshots up to now.
    pub samples: Rc<Vec<Metrics>>,
    /// What moved a metric, up to now.
    pub marks: Rc<Vec<Mark>>,
    /// The brokers, in id order.
    pub brokers: Vec<BrokerId>,
    /// Client names for the event sentences.
    pub names: Rc<Names>,
    /// End of the run (the charts' time axis).
    pub end_ms: TimeMs,
    /// Language.
    pub lang: Lang,
}

/// The translation key of a metric's one-line description.
fn desc_key(m: MetricId) -> &'static str {
    use MetricId::*;
    match m {
        UnderReplicatedPartitions => "metric.desc.urp",
        UnderMinIsrPartitionCount => "metric.desc.under_min_isr",
        AtMinIsrPartitionCount => "metric.desc.at_min_isr",
        OfflinePartitionsCount => "metric.desc.offline",
        ActiveControllerCount => "metric.desc.active_controller",
        IsrShrinksPerSec => "metric.desc.isr_shrinks",
        IsrExpandsPerSec => "metric.desc.isr_expands",
        UncleanLeaderElectionsPerSec => "metric.desc.unclean",
        MaxLag => "metric.desc.max_lag",
        FailedProduceRequestsPerSec => "metric.desc.failed_produce",
        ProduceRequestsPerSec => "metric.desc.produce_requests",
        ConsumerGroupLag => "metric.desc.group_lag",
    }
}

/// Virtual time as seconds with one decimal (`12.0 s`).
fn seconds(lang: Lang, ms: TimeMs) -> String {
    lang.tf(
        "metrics.seconds",
        &[("n", &format!("{:.1}", ms as f64 / 1000.0))],
    )
}

/// A mark in words: "UnderReplicatedPartitions rose from 0 to 1 at 12.0 s: Broker 2 …".
fn caption(lang: Lang, names: &Names, m: &Mark) -> String {
    let key = if m.metric.is_meter() {
        "metrics.mark_count"
    } else if m.to > m.from {
        "metrics.mark_rose"
    } else {
        "metrics.mark_fell"
    };
    let cause = m
        .cause
        .as_ref()
        .map_or_else(String::new, |e| sentence(&e.kind, lang, names));
    lang.tf(
        key,
        &[
            ("metric", &m.metric.name()),
            ("from", &m.from),
            ("to", &m.to),
            ("time", &seconds(lang, m.time_ms)),
            ("cause", &cause),
        ],
    )
}

/// The value shown beside a chart's name.
fn reading(lang: Lang, metric: MetricId, value: f64) -> String {
    if metric.is_meter() {
        lang.tf("metrics.per_second", &[("n", &format!("{value:.2}"))])
    } else {
        format!("{value:.0}")
    }
}

struct ChartInput<'a> {
    metric: MetricId,
    scope: Option<BrokerId>,
    samples: &'a [Metrics],
    marks: Vec<&'a Mark>,
    end_ms: TimeMs,
}

fn chart(lang: Lang, names: &Names, c: ChartInput<'_>) -> Html {
    let points: Vec<(TimeMs, f64)> = c
        .samples
        .iter()
        .filter_map(|s| s.value(c.metric, c.scope).map(|v| (s.time_ms, v)))
        .collect();
    let end = c.end_ms.max(1) as f64;
    let max = points.iter().map(|(_, v)| *v).fold(0.0f64, f64::max);
    let top = if max > 0.0 { max } else { 1.0 };
    let stride = points.len().div_ceil(MAX_POINTS).max(1);
    let path = points
        .iter()
        .step_by(stride)
        .chain(points.last())
        .map(|(t, v)| {
            format!(
                "{:.1},{:.1}",
                *t as f64 / end * W,
                H - v / top * (H - 4.0) - 2.0
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    let current = points.last().map_or(0.0, |(_, v)| *v);
    let name = c.metric.name();
    let lines = c.marks.iter().map(|m| {
        let x = (m.time_ms as f64 / end * 100.0).clamp(0.0, 100.0);
        html! {
            <div class="metric-mark" style={format!("left: {x:.2}%")} title={caption(lang, names, m)}
                 data-testid="metric-mark-line" data-time-ms={m.time_ms.to_string()}></div>
        }
    });
    let said = c.marks.iter().rev().take(MARKS_SAID).rev().map(|m| {
        html! {
            <li data-testid="metric-mark" data-time-ms={m.time_ms.to_string()} data-metric={name}>
                { caption(lang, names, m) }
            </li>
        }
    });
    html! {
        <div class="metric" data-testid="metric" data-name={name} data-scope={c.scope.map_or("cluster".to_string(), |b| b.to_string())}>
            <div class="metric-head">
                <span class="metric-name" title={c.metric.mbean()}>{ name }</span>
                <span class="metric-value" data-testid="metric-value">{ reading(lang, c.metric, current) }</span>
            </div>
            <div class="metric-desc">{ lang.t(desc_key(c.metric)) }</div>
            <div class="spark-frame">
                <svg viewBox={format!("0 0 {W} {H}")} preserveAspectRatio="none" class="spark" aria-hidden="true">
                    <polyline points={path} />
                </svg>
                { for lines }
            </div>
            <div class="metric-scale">
                <span>{ "0" }</span>
                <span>{ lang.tf("metrics.max", &[("n", &reading(lang, c.metric, max))]) }</span>
                <span>{ seconds(lang, c.end_ms) }</span>
            </div>
            if !c.marks.is_empty() {
                <ul class="metric-marks">{ for said }</ul>
            }
        </div>
    }
}

/// The metrics panel.
#[function_component(MetricsPanel)]
pub fn metrics_panel(p: &MetricsPanelProps) -> Html {
    let lang = p.lang;
    let scope = use_state(|| None::<BrokerId>);
    let scope_now = (*scope).filter(|b| p.brokers.contains(b));
    let on_scope = {
        let scope = scope.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            scope.set(value.parse::<BrokerId>().ok());
        })
    };
    let charts = MetricId::ALL
        .into_iter()
        .filter(|m| scope_now.is_none() || m.per_broker())
        .map(|metric| {
            let marks = p
                .marks
                .iter()
                .filter(|m| m.metric == metric && m.broker == scope_now)
                .collect();
            chart(
                lang,
                &p.names,
                ChartInput {
                    metric,
                    scope: scope_now,
                    samples: &p.samples,
                    marks,
                    end_ms: p.end_ms,
                },
            )
        });
    html! {
        <section class="panel metrics-panel" data-testid="metrics">
            <h2>{ lang.t("metrics.title") }</h2>
            <label class="metrics-scope">
                <span>{ lang.t("metrics.scope") }</span>
                <select data-testid="metrics-scope" onchange={on_scope}>
                    <option value="cluster" selected={scope_now.is_none()}>{ lang.t("metrics.cluster") }</option>
                    { for p.brokers.iter().map(|b| html! {
                        <option value={b.to_string()} selected={scope_now == Some(*b)}>
                            { lang.tf("broker.name", &[("id", b)]) }
                        </option>
                    }) }
                </select>
            </label>
            <div class="metrics-grid">{ for charts }</div>
            <p class="muted small">{ lang.t("metrics.note") }</p>
        </section>
    }
}
