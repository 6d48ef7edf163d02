//! The trace hash: a 64-bit FNV-1a-style hash over the canonical (serde JSON) encoding of
//! every event, encoded into one reused buffer. Never hashes `usize`, never uses std's hasher.

use crate::events::Event;

/// An FNV-1a 64-bit hasher that is also an `io::Write` sink.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fnv64(u64);

impl Fnv64 {
    /// The FNV offset basis.
    pub fn new() -> Fnv64 {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }

    /// Folds bytes in.
    pub fn write_bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// Folds bytes in 8 at a time (little-endian words, FNV-1a style, with a rotation so
    /// high input bits reach the low state bits), then the tail byte by byte.
    pub fn write_words(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0 ^ w)
                .wrapping_mul(0x0000_0100_0000_01b3)
                .rotate_left(23);
        }
        self.write_bytes(chunks.remainder());
    }

    /// Folds one event in: its canonical JSON encoding (into the reused `buf`), then a separator.
    pub fn write_event(&mut self, e: &Event, buf: &mut Vec<u8>) {
        buf.clear();
        // Serialising plain data into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *buf, e);
        buf.push(b'\n');
        self.write_words(buf);
    }

    /// The hash so far.
    pub fn finish(&self) -> u64 {
        self.0
    }
}

impl Default for Fnv64 {
    fn default() -> Self {
        Fnv64::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_reference_vectors() {
        let mut h = Fnv64::new();
        h.write_bytes(b"");
        assert_eq!(h.finish(), 0xcbf29ce484222325);
        let mut h = Fnv64::new();
        h.write_bytes(b"a");
        assert_eq!(h.finish(), 0xaf63dc4c8601ec8c);
        let mut h = Fnv64::new();
        h.write_bytes(b"foobar");
        assert_eq!(h.finish(), 0x85944171f73967e8);
    }

    #[test]
    fn word_folding_sees_every_byte_and_its_position() {
        let hash = |b: &[u8]| {
            let mut h = Fnv64::new();
            h.write_words(b);
            h.finish()
        };
        let base = hash(b"0123456789abcdefXYZ");
        for i in 0..19 {
            let mut v = b"0123456789abcdefXYZ".to_vec();
            v[i] ^= 0x80;
            assert_ne!(hash(&v), base, "byte {i}");
        }
        assert_ne!(hash(b"ab"), hash(b"ba"));
    }
}
