//! The sweep's two charts, as plain SVG (a handful of dots and whiskers: a charting
//! library would outweigh them; see docs/explorer.md). Per grid point: loss probability
//! and expected messages lost, each with its 95% interval. For one point: loss
//! probability against the time of the first fault. Every dot with a losing run behind
//! it is a button that opens that run in the lab.

use crate::components::activate;
use crate::i18n::Lang;
use crate::layout::{fit, font};
use isrlab_explore::sweep::TimeBin;
use isrlab_explore::PointResult;
use std::rc::Rc;
use yew::prelude::*;

const W: f64 = 360.0;
const ROW: f64 = 22.0;
const TOP: f64 = 30.0;
const LABEL_W: f64 = 118.0;
const GAP: f64 = 14.0;
const PLOT_W: f64 = (W - LABEL_W - 3.0 * GAP) / 2.0;

/// A dot at `(x, y)` with its whisker from `lo` to `hi`, clickable when `open` is given.
struct Dot {
    x: f64,
    y: f64,
    lo: f64,
    hi: f64,
    title: String,
    testid: &'static str,
    index: usize,
    open: Option<Callback<()>>,
}

fn dot(d: Dot) -> Html {
    let Dot {
        x,
        y,
        lo,
        hi,
        title,
        testid,
        index,
        open,
    } = d;
    let whisker = html! { <line class="whisker" x1={lo.to_string()} x2={hi.to_string()} y1={y.to_string()} y2={y.to_string()} /> };
    let circle = html! { <circle cx={x.to_string()} cy={y.to_string()} r="4.5" /> };
    match open {
        Some(cb) => {
            let (onclick, onkeydown) = activate(move || cb.emit(()));
            html! {
                <g class="dot has-run" data-testid={testid} data-index={index.to_string()} data-has-run="true"
                   role="button" tabindex="0" aria-label={title.clone()} onclick={onclick} onkeydown={onkeydown}>
                    <title>{ title }</title>{ whisker }{ circle }
                </g>
            }
        }
        None => html! {
            <g class="dot" data-testid={testid} data-index={index.to_string()} data-has-run="false">
                <title>{ title }</title>{ whisker }{ circle }
            </g>
        },
    }
}

/// What the per-point chart shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct PointsChartProps {
    /// One result per grid point.
    pub results: Rc<Vec<PointResult>>,
    /// Language.
    pub lang: Lang,
    /// Open point `i`'s losing run.
    pub on_open: Callback<usize>,
}

/// Loss probability and expected messages lost per grid point, with 95% intervals.
#[function_component(PointsChart)]
pub fn points_chart(p: &PointsChartProps) -> Html {
    let lang = p.lang;
    let max_lost = p
        .results
        .iter()
        .map(|r| r.expected_lost_ci.1)
        .fold(0.0f64, f64::max)
        .max(1.0);
    let x1 = LABEL_W + GAP;
    let x2 = x1 + PLOT_W + GAP;
    let h = TOP + ROW * p.results.len() as f64 + 22.0;
    let rows = p.results.iter().enumerate().map(|(i, r)| {
        let y = TOP + ROW * i as f64 + ROW / 2.0;
        let pr = r.loss_probability;
        let open = r.losing_run.as_ref().map(|_| {
            let cb = p.on_open.clone();
            Callback::from(move |()| cb.emit(i))
        });
        let px = |v: f64| x1 + v.clamp(0.0, 1.0) * PLOT_W;
        let lx = |v: f64| x2 + (v / max_lost).clamp(0.0, 1.0) * PLOT_W;
        let title_p = lang.tf("sweep.dot_probability", &[("point", &r.point), ("p", &format!("{:.4}", pr.estimate)),
            ("lo", &format!("{:.4}", pr.low)), ("hi", &format!("{:.4}", pr.high))]);
        let title_l = lang.tf("sweep.dot_lost", &[("point", &r.point), ("m", &format!("{:.3}", r.expected_lost)),
            ("lo", &format!("{:.3}", r.expected_lost_ci.0)), ("hi", &format!("{:.3}", r.expected_lost_ci.1))]);
        html! {
            <g class="chart-row" data-point={r.point.clone()}>
                <text class="label" x="0" y={(y + 4.0).to_string()}><title>{ r.point.clone() }</title>{ fit(&r.point, LABEL_W - 4.0, font::TINY) }</text>
                { dot(Dot { x: px(pr.estimate), y, lo: px(pr.low), hi: px(pr.high), title: title_p, testid: "sweep-point", index: i, open: open.clone() }) }
                { dot(Dot { x: lx(r.expected_lost), y, lo: lx(r.expected_lost_ci.0), hi: lx(r.expected_lost_ci.1), title: title_l, testid: "sweep-point-lost", index: i, open }) }
            </g>
        }
    });
    let bottom = h - 8.0;
    html! {
        <svg class="sweep-chart" data-testid="sweep-chart" viewBox={format!("0 0 {W} {h}")} role="img" aria-label={lang.t("sweep.chart_points")}>
            <text class="axis-title label" x={(x1 + PLOT_W / 2.0).to_string()} y="12" text-anchor="middle">
                <title>{ lang.t("sweep.axis_probability") }</title>{ fit(lang.t("sweep.axis_probability"), PLOT_W + GAP - 2.0, font::TINY) }</text>
            <text class="axis-title label" x={(x2 + PLOT_W / 2.0).to_string()} y="12" text-anchor="middle">
                <title>{ lang.t("sweep.axis_lost") }</title>{ fit(lang.t("sweep.axis_lost"), PLOT_W + GAP - 2.0, font::TINY) }</text>
            <rect class="plot" x={x1.to_string()} y={(TOP - 6.0).to_string()} width={PLOT_W.to_string()} height={(h - TOP - 16.0).to_string()} />
            <rect class="plot" x={x2.to_string()} y={(TOP - 6.0).to_string()} width={PLOT_W.to_string()} height={(h - TOP - 16.0).to_string()} />
            <text class="tick label" x={x1.to_string()} y={bottom.to_string()}>{ "0" }</text>
            <text class="tick label" x={(x1 + PLOT_W).to_string()} y={bottom.to_string()} text-anchor="end">{ "1" }</text>
            <text class="tick label" x={x2.to_string()} y={bottom.to_string()}>{ "0" }</text>
            <text class="tick label" x={(x2 + PLOT_W).to_string()} y={bottom.to_string()} text-anchor="end">{ format!("{max_lost:.1}") }</text>
            { for rows }
        </svg>
    }
}

/// What the time chart shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct TimeChartProps {
    /// One grid point's bins.
    pub bins: Rc<Vec<TimeBin>>,
    /// Language.
    pub lang: Lang,
    /// Open bin `i`'s losing run.
    pub on_open: Callback<usize>,
}

/// Loss probability against the first fault's time, for one point.
#[function_component(TimeChart)]
pub fn time_chart(p: &TimeChartProps) -> Html {
    let lang = p.lang;
    let (left, top, pw, ph) = (34.0, 14.0, W - 44.0, 120.0);
    let (Some(first), Some(last)) = (p.bins.first(), p.bins.last()) else {
        return html! {};
    };
    let (from, to) = (first.from_ms as f64, last.to_ms as f64);
    let tx = |t: f64| left + (t - from) / (to - from).max(1.0) * pw;
    let py = |v: f64| top + (1.0 - v.clamp(0.0, 1.0)) * ph;
    let dots = p.bins.iter().enumerate().map(|(i, b)| {
        let x = tx((b.from_ms + b.to_ms) as f64 / 2.0);
        let pr = b.loss_probability;
        let open = b.losing_run.as_ref().map(|_| {
            let cb = p.on_open.clone();
            Callback::from(move |()| cb.emit(i))
        });
        let title = lang.tf("sweep.dot_bin", &[("a", &b.from_ms), ("b", &b.to_ms), ("k", &b.runs_with_loss), ("n", &b.runs),
            ("lo", &format!("{:.3}", pr.low)), ("hi", &format!("{:.3}", pr.high))]);
        let (y, lo, hi) = (py(pr.estimate), py(pr.low), py(pr.high));
        // Vertical whiskers here (the per-point chart's are horizontal).
        let body = html! { <>
            <line class="whisker" x1={x.to_string()} x2={x.to_string()} y1={lo.to_string()} y2={hi.to_string()} />
            <circle cx={x.to_string()} cy={y.to_string()} r="4" />
        </> };
        match open {
            Some(cb) => {
                let (onclick, onkeydown) = activate(move || cb.emit(()));
                html! { <g class="dot has-run" data-testid="sweep-bin" data-index={i.to_string()} data-has-run="true" role="button"
                    tabindex="0" aria-label={title.clone()} onclick={onclick} onkeydown={onkeydown}><title>{ title }</title>{ body }</g> }
            }
            None => html! { <g class="dot" data-testid="sweep-bin" data-index={i.to_string()} data-has-run="false"><title>{ title }</title>{ body }</g> },
        }
    });
    let h = top + ph + 34.0;
    html! {
        <svg class="sweep-chart" data-testid="sweep-time-chart" viewBox={format!("0 0 {W} {h}")} role="img" aria-label={lang.t("sweep.chart_time")}>
            <rect class="plot" x={left.to_string()} y={top.to_string()} width={pw.to_string()} height={ph.to_string()} />
            <text class="tick label" x={(left - 4.0).to_string()} y={(top + 4.0).to_string()} text-anchor="end">{ "1" }</text>
            <text class="tick label" x={(left - 4.0).to_string()} y={(top + ph).to_string()} text-anchor="end">{ "0" }</text>
            <text class="tick label" x={left.to_string()} y={(top + ph + 14.0).to_string()}>{ from.to_string() }</text>
            <text class="tick label" x={(left + pw).to_string()} y={(top + ph + 14.0).to_string()} text-anchor="end">{ to.to_string() }</text>
            <text class="axis-title label" x={(left + pw / 2.0).to_string()} y={(top + ph + 28.0).to_string()} text-anchor="middle">{ lang.t("sweep.axis_time") }</text>
            { for dots }
        </svg>
    }
}
