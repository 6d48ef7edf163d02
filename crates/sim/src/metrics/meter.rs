//! A Meter as Kafka's brokers report one (Yammer Metrics `Meter`, which every `...PerSec`
//! MBean is): a `Count` that only grows, and a `OneMinuteRate`, an exponentially weighted
//! moving average of events per second ticked every 5 seconds (Yammer's `EWMA.oneMinuteEWMA`:
//! each tick, `rate += alpha * (count_in_tick / 5 s - rate)`, `alpha = 1 - e^(-5/60)`).
//! The rate therefore falls by about 8 % every 5 s once the events stop, and is below 1 % of
//! its peak about 5 minutes later. Here the ticks follow virtual time.

use crate::ids::TimeMs;
use serde::Serialize;

/// Yammer's tick interval.
pub const TICK_MS: TimeMs = 5_000;
/// `1 - e^(-5/60)`: the weight of one tick in a one-minute EWMA ticked every 5 s.
const ALPHA: f64 = 0.079_955_585_370_676_71;

/// A meter's two readings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[allow(non_snake_case)]
pub struct Rate {
    /// Events so far (`Count`).
    pub Count: u64,
    /// The one-minute EWMA, in events per second (`OneMinuteRate`).
    pub OneMinuteRate: f64,
}

/// A meter: marked with events, ticked by virtual time.
#[derive(Clone, Debug, Default)]
pub struct Meter {
    count: u64,
    uncounted: u64,
    rate: f64,
    started: bool,
}

impl Meter {
    /// Records `n` events in the current tick.
    pub fn mark(&mut self, n: u64) {
        self.count += n;
        self.uncounted += n;
    }

    /// Closes one 5-second tick (Yammer's `EWMA.tick`: the first tick sets the rate).
    pub fn tick(&mut self) {
        let instant = self.uncounted as f64 / (TICK_MS as f64 / 1000.0);
        self.uncounted = 0;
        if self.started {
            self.rate += ALPHA * (instant - self.rate);
        } else {
            self.rate = instant;
            self.started = true;
        }
    }

    /// The readings now.
    pub fn read(&self) -> Rate {
        Rate {
            Count: self.count,
            OneMinuteRate: self.rate,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpha_is_yammers_one_minute_weight() {
        assert!((ALPHA - (1.0 - (-5.0f64 / 60.0).exp())).abs() < 1e-15);
    }

    // Yammer's EWMATest.aOneMinuteEWMAWithAValueOfThree: 3 events in the first tick read
    // 0.6/s, then 0.22072766 after 1 minute (12 ticks) and 0.08120117 after 2 minutes.
    #[test]
    fn decays_like_yammers_one_minute_ewma() {
        let mut m = Meter::default();
        m.mark(3);
        m.tick();
        assert!((m.read().OneMinuteRate - 0.6).abs() < 1e-9);
        for _ in 0..12 {
            m.tick();
        }
        assert!((m.read().OneMinuteRate - 0.220_727_66).abs() < 1e-6);
        for _ in 0..12 {
            m.tick();
        }
        assert!((m.read().OneMinuteRate - 0.081_201_17).abs() < 1e-6);
        assert_eq!(m.read().Count, 3);
    }
}
