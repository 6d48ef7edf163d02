//! A partition's exposure over time (the core's `Sim::exposure_series`: messages at risk
//! from each change on) as a small step chart.

use crate::i18n::Lang;
use isrlab_sim::TimeMs;
use std::rc::Rc;
use yew::prelude::*;

/// Chart width and height in SVG units.
pub const W: f64 = 220.0;
/// Chart height.
pub const H: f64 = 36.0;

/// What the chart shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct ExposureChartProps {
    /// `(time, messages at risk from then on)` at every change, oldest first.
    pub series: Rc<Vec<(TimeMs, u32)>>,
    /// Virtual time now (the line stops there).
    pub now_ms: TimeMs,
    /// End of the run (the time axis).
    pub end_ms: TimeMs,
    /// Language.
    pub lang: Lang,
}

/// The exposure at `now` from `series`.
pub fn at(series: &[(TimeMs, u32)], now: TimeMs) -> u32 {
    let n = series.partition_point(|p| p.0 <= now);
    n.checked_sub(1).map_or(0, |i| series[i].1)
}

/// The step line of `series` up to `now` on a `w` × `h` box whose time axis runs to `end`
/// and whose height is `top` messages: an SVG path, or empty when nothing is drawn.
pub fn step_path(
    series: &[(TimeMs, u32)],
    now: TimeMs,
    end: TimeMs,
    top: u32,
    w: f64,
    h: f64,
) -> String {
    let end = end.max(1) as f64;
    let top = f64::from(top.max(1));
    let x = |t: TimeMs| (t.min(now) as f64 / end * w).min(w);
    let y = |v: u32| h - f64::from(v) / top * (h - 2.0) - 1.0;
    let mut d = format!("M0 {:.1}", y(0));
    for &(t, v) in series.iter().take_while(|p| p.0 <= now) {
        d.push_str(&format!(" H{:.1} V{:.1}", x(t), y(v)));
    }
    d.push_str(&format!(" H{:.1}", x(now)));
    d
}

/// The exposure chart.
#[function_component(ExposureChart)]
pub fn exposure_chart(p: &ExposureChartProps) -> Html {
    let lang = p.lang;
    let visible: Vec<(TimeMs, u32)> = p
        .series
        .iter()
        .copied()
        .filter(|x| x.0 <= p.now_ms)
        .collect();
    let top = visible.iter().map(|x| x.1).max().unwrap_or(0).max(1);
    let now = at(&p.series, p.now_ms);
    let label = lang.tf("exposure.aria", &[("n", &now), ("max", &top)]);
    html! {
        <figure class="exposure" data-testid="exposure-chart" data-now={now.to_string()} data-max={top.to_string()}>
            <figcaption>
                <span>{ lang.t("exposure.title") }</span>
                <strong data-testid="exposure-now">{ lang.tf("exposure.now", &[("n", &now)]) }</strong>
            </figcaption>
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-label={label.clone()} preserveAspectRatio="none">
                <title>{ label }</title>
                <path class="exposure-line" d={step_path(&p.series, p.now_ms, p.end_ms, top, W, H)} />
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_step_line_follows_each_change_and_stops_at_now() {
        let s = [(100, 2), (300, 0), (900, 1)];
        assert_eq!(
            (at(&s, 50), at(&s, 100), at(&s, 299), at(&s, 2_000)),
            (0, 2, 2, 1)
        );
        let d = step_path(&s, 500, 1_000, 2, 100.0, 12.0);
        assert_eq!(d, "M0 11.0 H10.0 V1.0 H30.0 V11.0 H50.0");
        assert!(!d.contains("V6.0"), "the change at 900 ms is in the future");
        assert_eq!(step_path(&[], 0, 0, 0, 100.0, 12.0), "M0 11.0 H0.0");
    }
}
