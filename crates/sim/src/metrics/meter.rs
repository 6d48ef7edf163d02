//! A Meter as Kafka's brokers report one (Yammer Metrics `Meter`, which every `...PerSec`
//! MBean is): a `Count` that only grows, a `MeanRate` (events per second since the meter
//! was created), and `OneMinuteRate`, `FiveMinuteRate` and `FifteenMinuteRate`,
//! exponentially weighted moving averages of events per second ticked every 5 seconds
//! (Yammer's `EWMA.oneMinuteEWMA`, `fiveMinuteEWMA`, `fifteenMinuteEWMA`: each tick,
//! `rate += alpha * (count_in_tick / 5 s - rate)`, `alpha = 1 - e^(-5/(60 * minutes))`).
//! The one-minute rate therefore falls by about 8 % every 5 s once the events stop, and is
//! below 1 % of its peak about 5 minutes later. Here the ticks follow virtual time.

use crate::ids::TimeMs;
use serde::Serialize;

/// Yammer's tick interval.
pub const TICK_MS: TimeMs = 5_000;
/// `1 - e^(-5/(60 m))` for m = 1, 5 and 15: the weight of one tick in each EWMA.
const ALPHAS: [f64; 3] = [
    0.079_955_585_370_676_71,
    0.016_528_546_178_382_51,
    0.005_540_151_995_103_271,
];

/// A meter's readings, under Yammer's attribute names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[allow(non_snake_case)]
pub struct Rate {
    /// Events so far (`Count`).
    pub Count: u64,
    /// Events per second since the meter was created (`MeanRate`).
    pub MeanRate: f64,
    /// The one-minute EWMA, in events per second (`OneMinuteRate`).
    pub OneMinuteRate: f64,
    /// The five-minute EWMA (`FiveMinuteRate`).
    pub FiveMinuteRate: f64,
    /// The fifteen-minute EWMA (`FifteenMinuteRate`).
    pub FifteenMinuteRate: f64,
}

/// A meter: marked with events, ticked by virtual time.
#[derive(Clone, Debug, Default)]
pub struct Meter {
    count: u64,
    uncounted: u64,
    rates: [f64; 3],
    started: bool,
    created_ms: TimeMs,
}

impl Meter {
    /// A meter created at `now` (its mean rate counts from then; a broker's meters are
    /// created with it, a produce error's on its first occurrence, as Kafka's are).
    pub fn since(now: TimeMs) -> Meter {
        Meter {
            created_ms: now,
            ..Meter::default()
        }
    }

    /// Records `n` events in the current tick.
    pub fn mark(&mut self, n: u64) {
        self.count += n;
        self.uncounted += n;
    }

    /// Events so far.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Closes one 5-second tick (Yammer's `EWMA.tick`: the first tick sets each rate).
    pub fn tick(&mut self) {
        let instant = self.uncounted as f64 / (TICK_MS as f64 / 1000.0);
        self.uncounted = 0;
        for (rate, alpha) in self.rates.iter_mut().zip(ALPHAS) {
            if self.started {
                *rate += alpha * (instant - *rate);
            } else {
                *rate = instant;
            }
        }
        self.started = true;
    }

    /// The readings at `now` (Yammer's `Meter.getMeanRate`: 0 before any event).
    pub fn read(&self, now: TimeMs) -> Rate {
        let elapsed_s = now.saturating_sub(self.created_ms) as f64 / 1000.0;
        let mean = if self.count == 0 || elapsed_s == 0.0 {
            0.0
        } else {
            self.count as f64 / elapsed_s
        };
        Rate {
            Count: self.count,
            MeanRate: mean,
            OneMinuteRate: self.rates[0],
            FiveMinuteRate: self.rates[1],
            FifteenMinuteRate: self.rates[2],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphas_are_yammers_one_five_and_fifteen_minute_weights() {
        for (alpha, minutes) in ALPHAS.iter().zip([1.0, 5.0, 15.0]) {
            assert!((alpha - (1.0 - (-5.0f64 / (60.0 * minutes)).exp())).abs() < 1e-15);
        }
    }

    // Yammer's EWMATest.aOneMinuteEWMAWithAValueOfThree: 3 events in the first tick read
    // 0.6/s, then 0.22072766 after 1 minute (12 ticks) and 0.08120117 after 2 minutes.
    #[test]
    fn decays_like_yammers_one_minute_ewma() {
        let mut m = Meter::default();
        m.mark(3);
        m.tick();
        assert!((m.read(0).OneMinuteRate - 0.6).abs() < 1e-9);
        for _ in 0..12 {
            m.tick();
        }
        assert!((m.read(0).OneMinuteRate - 0.220_727_66).abs() < 1e-6);
        for _ in 0..12 {
            m.tick();
        }
        assert!((m.read(0).OneMinuteRate - 0.081_201_17).abs() < 1e-6);
        assert_eq!(m.read(0).Count, 3);
    }

    // Yammer's EWMATest.aFiveMinuteEWMAWithAValueOfThree (0.6, then 0.49123845 after a
    // minute, 0.40219203 after two) and aFifteenMinuteEWMAWithAValueOfThree (0.6, then
    // 0.56130419, 0.52510399).
    #[test]
    fn five_and_fifteen_minute_rates_decay_like_yammers() {
        let mut m = Meter::default();
        m.mark(3);
        m.tick();
        let r = m.read(0);
        assert!((r.FiveMinuteRate - 0.6).abs() < 1e-9 && (r.FifteenMinuteRate - 0.6).abs() < 1e-9);
        for (five, fifteen) in [(0.491_238_45, 0.561_304_19), (0.402_192_03, 0.525_103_99)] {
            for _ in 0..12 {
                m.tick();
            }
            let r = m.read(0);
            assert!((r.FiveMinuteRate - five).abs() < 1e-6, "{r:?}");
            assert!((r.FifteenMinuteRate - fifteen).abs() < 1e-6, "{r:?}");
        }
    }

    // Yammer's MeterTest: the mean rate is the count over the seconds since creation.
    #[test]
    fn the_mean_rate_counts_from_the_meters_creation() {
        let mut m = Meter::since(10_000);
        assert_eq!(m.read(20_000).MeanRate, 0.0, "no event yet");
        m.mark(4);
        assert_eq!(m.read(10_000).MeanRate, 0.0, "no time has passed");
        assert!((m.read(12_000).MeanRate - 2.0).abs() < 1e-12);
        assert!((m.read(50_000).MeanRate - 0.1).abs() < 1e-12);
    }
}
