//! The web app's first-load size: the release build's wasm, JS and CSS, raw and gzipped.

use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::path::Path;

/// Raw and gzip bytes of the files in `dist` that load before the first drawn cluster
/// (`.wasm`, `.js`, `.css`, `.html`), or `None` when `dist` holds no build.
pub fn first_load(dist: &Path) -> Option<(u64, u64)> {
    let entries = std::fs::read_dir(dist).ok()?;
    let (mut raw, mut gz) = (0u64, 0u64);
    let mut any = false;
    for e in entries.flatten() {
        let path = e.path();
        let wanted = path
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| matches!(x, "wasm" | "js" | "css" | "html"));
        if !wanted {
            continue;
        }
        let bytes = std::fs::read(&path).ok()?;
        raw += bytes.len() as u64;
        gz += gzip_len(&bytes);
        any |= path.extension().is_some_and(|x| x == "wasm");
    }
    any.then_some((raw, gz))
}

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail").len() as u64
}
