//! Random draws for the generator, from the core's own seeded ChaCha8 stream, so a
//! seed gives the same schedule on every machine.

use isrlab_sim::rng::SimRng;

/// A seeded source of the generator's choices.
pub struct Draw(SimRng);

impl Draw {
    /// A stream seeded with `seed`.
    pub fn new(seed: u64) -> Draw {
        Draw(SimRng::new(seed))
    }

    /// A uniform integer in `lo..=hi` (`lo` when `hi < lo`).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo).min(u32::MAX as u64 - 1) as u32 + 1;
        lo + self.0.below(span) as u64
    }

    /// A uniform index in `0..n` (`n > 0`).
    pub fn index(&mut self, n: usize) -> usize {
        self.range(0, n.saturating_sub(1) as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.0.chance(p)
    }

    /// One item of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// The items in a random order (Fisher–Yates).
    pub fn shuffled<T: Clone>(&mut self, items: &[T]) -> Vec<T> {
        let mut v = items.to_vec();
        for i in (1..v.len()).rev() {
            let j = self.index(i + 1);
            v.swap(i, j);
        }
        v
    }
}

/// The seed of schedule number `index` of a soak seeded with `seed` (SplitMix64), so
/// any one schedule can be drawn again on its own.
pub fn schedule_seed(seed: u64, index: u64) -> u64 {
    let mut z = seed
        ^ index
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(0x6A09_E667_F3BC_C909);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
