//! Loss probability with its 95% Wilson score interval.

use serde::Serialize;

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// A proportion `k / n` with its 95% Wilson score interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Proportion {
    /// The estimate `k / n` (0 when `n` is 0).
    pub estimate: f64,
    /// Lower end of the 95% interval.
    pub low: f64,
    /// Upper end of the 95% interval.
    pub high: f64,
}

/// The Wilson score interval for `k` successes in `n` trials: unlike the normal
/// approximation it stays inside 0..1 and is not empty when `k` is 0 or `n`.
pub fn wilson(k: u64, n: u64) -> Proportion {
    if n == 0 {
        return Proportion {
            estimate: 0.0,
            low: 0.0,
            high: 1.0,
        };
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Proportion {
        estimate: p,
        low: (center - half).max(0.0),
        high: (center + half).min(1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::wilson;

    #[test]
    fn wilson_matches_the_textbook_values() {
        // 0 of 10: the interval is [0, 0.2775] (Wilson 1927; e.g. Newcombe 1998, table I).
        let w = wilson(0, 10);
        assert_eq!(w.low, 0.0);
        assert!((w.high - 0.2775).abs() < 1e-4, "{w:?}");
        // 81 of 263: [0.2553, 0.3662] (Newcombe 1998's worked example).
        let w = wilson(81, 263);
        assert!(
            (w.low - 0.2553).abs() < 1e-4 && (w.high - 0.3662).abs() < 1e-4,
            "{w:?}"
        );
        let all = wilson(10, 10);
        assert!((all.high - 1.0).abs() < 1e-12, "{all:?}");
        assert!(all.low > 0.7 && all.low < 0.73, "{all:?}");
    }
}
