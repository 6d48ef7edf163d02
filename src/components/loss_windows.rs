//! The loss windows on the timeline: a band per message from the moment one more broker
//! crash would lose it (the core's risk pass: the ledger's `at_risk_since` and closed
//! `risk_windows`) until it was safe, or until it was lost (drawn differently), packed
//! into a few rows on the timeline's time axis.

use crate::i18n::{clock, Lang};
use isrlab_sim::ledger::MessageRecord;
use isrlab_sim::TimeMs;
use std::rc::Rc;
use yew::prelude::*;

/// Rows of bands drawn; windows that find no room are counted as "more".
pub const ROWS: usize = 5;
/// Height of a row in SVG units (the drawing is 1000 wide).
const ROW_H: f64 = 6.0;

/// How a window ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// The message became safe (or expired).
    Safe,
    /// The message was lost.
    Lost,
    /// Still at risk now.
    Open,
}

impl End {
    /// `data-end` value and CSS class.
    pub fn code(self) -> &'static str {
        match self {
            End::Safe => "safe",
            End::Lost => "lost",
            End::Open => "open",
        }
    }

    fn key(self) -> &'static str {
        match self {
            End::Safe => "windows.safe",
            End::Lost => "windows.lost",
            End::Open => "windows.open",
        }
    }
}

/// One window placed on a row.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// Ledger id.
    pub message: u64,
    /// The message's value.
    pub value: String,
    /// When the window opened.
    pub from: TimeMs,
    /// When it closed (now for an open one).
    pub to: TimeMs,
    /// How it ended.
    pub end: End,
    /// Row it is drawn on.
    pub row: usize,
}

/// Every window of `ledger` up to `now`, packed into at most `rows` rows (a band goes on
/// the first row free at its start); returns the bands and how many found no room.
pub fn bands(ledger: &[MessageRecord], now: TimeMs, rows: usize) -> (Vec<Band>, usize) {
    let mut windows: Vec<(TimeMs, TimeMs, End, &MessageRecord)> = Vec::new();
    for m in ledger {
        for &(from, to) in &m.risk_windows {
            let end = if m.lost_at == Some(to) {
                End::Lost
            } else {
                End::Safe
            };
            windows.push((from, to, end, m));
        }
        if let Some(from) = m.at_risk_since {
            windows.push((from, now.max(from), End::Open, m));
        }
    }
    windows.sort_by_key(|w| (w.0, w.3.id));
    let mut free_at: Vec<TimeMs> = Vec::new();
    let (mut out, mut hidden) = (Vec::new(), 0);
    for (from, to, end, m) in windows {
        let row = match free_at.iter().position(|&f| f < from) {
            Some(r) => r,
            None if free_at.len() < rows => {
                free_at.push(0);
                free_at.len() - 1
            }
            None => {
                hidden += 1;
                continue;
            }
        };
        free_at[row] = to;
        out.push(Band {
            message: m.id,
            value: m.value.clone(),
            from,
            to,
            end,
            row,
        });
    }
    (out, hidden)
}

/// What the loss windows show.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct LossWindowsProps {
    /// The ledger.
    pub ledger: Rc<Vec<MessageRecord>>,
    /// Virtual time now.
    pub now_ms: TimeMs,
    /// End of the run (the timeline's axis).
    pub end_ms: TimeMs,
    /// Language.
    pub lang: Lang,
}

/// The loss-window bands under the timeline.
#[function_component(LossWindows)]
pub fn loss_windows(p: &LossWindowsProps) -> Html {
    let lang = p.lang;
    let (bands, hidden) = bands(&p.ledger, p.now_ms, ROWS);
    let end = p.end_ms.max(1) as f64;
    let used = bands.iter().map(|b| b.row + 1).max().unwrap_or(1);
    let rects = bands.iter().map(|b| {
        let x = b.from as f64 / end * 1000.0;
        let w = ((b.to - b.from) as f64 / end * 1000.0).max(3.0);
        let title = lang.tf(
            "windows.band",
            &[("value", &b.value), ("from", &clock(b.from)), ("to", &clock(b.to)), ("end", &lang.t(b.end.key()))],
        );
        html! {
            <rect class={classes!("window", b.end.code())} data-testid="loss-window" data-end={b.end.code()}
                  data-value={b.value.clone()} data-from-ms={b.from.to_string()} data-to-ms={b.to.to_string()}
                  x={format!("{x:.1}")} y={format!("{:.1}", b.row as f64 * ROW_H + 1.0)} width={format!("{w:.1}")}
                  height={format!("{:.1}", ROW_H - 2.0)}>
                <title>{ title }</title>
            </rect>
        }
    });
    let legend = [End::Open, End::Safe, End::Lost].map(|e| {
        html! { <span class="legend-item"><span class={classes!("window-swatch", e.code())} />{ lang.t(e.key()) }</span> }
    });
    html! {
        <div class="loss-windows" data-testid="loss-windows" data-count={bands.len().to_string()}>
            <svg viewBox={format!("0 0 1000 {:.0}", used as f64 * ROW_H)} preserveAspectRatio="none"
                 style={format!("height: {}px", used * 6)} role="img" aria-label={lang.t("windows.title")}>
                { for rects }
            </svg>
            <div class="timeline-legend windows-legend">
                <strong>{ lang.t("windows.title") }</strong>
                { for legend }
                if hidden > 0 {
                    <span class="legend-item" data-testid="loss-windows-more">{ lang.tf("windows.more", &[("n", &hidden)]) }</span>
                }
            </div>
        </div>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::run::Run;
    use crate::scenarios;

    #[test]
    fn acks1_leader_dies_draws_m2s_window_until_its_loss_and_packs_overlaps_into_rows() {
        let mut run = Run::from_json(&scenarios::cached("acks1-leader-dies").unwrap()).unwrap();
        run.run_until(2_500);
        let ledger = run.ledger().to_vec();
        let (at_2500, _) = bands(&ledger, 2_500, ROWS);
        let open: Vec<&Band> = at_2500.iter().filter(|b| b.end == End::Open).collect();
        assert_eq!(open.len(), 1);
        assert_eq!((open[0].value.as_str(), open[0].to), ("m2", 2_500));
        // m1 (acks=1) was at risk at most from its acknowledgement until the followers
        // fetched it (whether the fetch came first depends on message timings): any window
        // it had closed safe before the links were cut.
        for m1 in at_2500.iter().filter(|b| b.value == "m1") {
            assert_eq!(m1.end, End::Safe);
            assert!(m1.to < 1_500, "closed before the links were cut");
        }
        run.run_until(25_000);
        let ledger = run.ledger().to_vec();
        let (done, hidden) = bands(&ledger, 25_000, ROWS);
        let m2 = done.iter().find(|b| b.value == "m2").expect("m2's window");
        assert_eq!(m2.end, End::Lost);
        assert_eq!(
            Some(m2.to),
            ledger.iter().find(|m| m.value == "m2").unwrap().lost_at
        );
        assert_eq!(hidden, 0);
        // Overlapping windows go on separate rows; beyond the rows they are counted.
        let mut many = ledger.clone();
        for m in &mut many {
            m.risk_windows = vec![(10, 20)];
            m.at_risk_since = None;
        }
        let (packed, more) = bands(&many, 30, 2);
        assert_eq!(packed.iter().map(|b| b.row).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(more, many.len() - 2);
    }
}
