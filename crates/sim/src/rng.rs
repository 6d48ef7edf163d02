//! The run's one source of randomness: a seeded, portable ChaCha8 stream.

use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Seeded ChaCha8 generator; identical draws natively and on wasm32.
#[derive(Clone, Debug)]
pub struct SimRng(ChaCha8Rng);

impl SimRng {
    /// A generator seeded from the scenario's seed.
    pub fn new(seed: u64) -> Self {
        SimRng(ChaCha8Rng::seed_from_u64(seed))
    }

    /// A uniform draw in `0..n`, without modulo bias (0 when `n` is 0).
    pub fn below(&mut self, n: u32) -> u32 {
        if n == 0 {
            return 0;
        }
        let zone = u32::MAX - (u32::MAX % n);
        loop {
            let x = self.0.next_u32();
            if x < zone {
                return x % n;
            }
        }
    }

    /// A uniform draw in `0..=max`: the same draws as `below(max + 1)`, and the whole
    /// 32-bit range when `max` is `u32::MAX` (where `max + 1` would wrap to 0).
    pub fn up_to(&mut self, max: u32) -> u32 {
        match max.checked_add(1) {
            Some(n) => self.below(n),
            None => self.0.next_u32(),
        }
    }

    /// True with probability `p` (clamped to 0..=1), from one 32-bit draw.
    pub fn chance(&mut self, p: f64) -> bool {
        if p <= 0.0 {
            return false;
        }
        let x = self.0.next_u32() as f64 / (u32::MAX as f64 + 1.0);
        x < p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn up_to_draws_like_below_of_one_more_and_covers_the_full_range() {
        let (mut a, mut b) = (SimRng::new(5), SimRng::new(5));
        for _ in 0..100 {
            assert_eq!(a.up_to(6), b.below(7));
        }
        let mut r = SimRng::new(5);
        let _ = r.up_to(u32::MAX);
        assert_eq!(
            r.below(0),
            0,
            "an empty range draws nothing and does not divide by zero"
        );
    }
}
