//! The link's text form: [`LinkState`] as JSON, deflated, then base64url without padding.

use super::error::LinkError;
use super::state::{LinkState, LINK_VERSION};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Deserialize;

/// Longest link text [`decode`] reads (100 KB); longer input is refused unread.
pub const MAX_LINK_CHARS: usize = 100_000;
/// Most bytes the JSON may inflate to (1 MB), so a small link cannot expand into a huge one.
pub const MAX_DECODED_BYTES: usize = 1_000_000;
/// Deflate level: the best compression (links are short; speed does not matter).
const LEVEL: u8 = 9;

/// The link text of `state`: URL-safe, no padding, to put in `?v=1&s=`.
pub fn encode(state: &LinkState) -> String {
    let json = serde_json::to_vec(state).expect("a LinkState always serialises");
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&json, LEVEL))
}

/// Only the version, read before the rest so a later format is named as such.
#[derive(Deserialize)]
struct Version {
    v: u64,
}

/// Reads a link text written by [`encode`] (padding and surrounding spaces tolerated).
pub fn decode(text: &str) -> Result<LinkState, LinkError> {
    let chars = text.chars().count();
    if chars > MAX_LINK_CHARS {
        return Err(LinkError::TooLong {
            chars,
            max: MAX_LINK_CHARS,
        });
    }
    let text = text.trim().trim_end_matches('=');
    if text.is_empty() {
        return Err(LinkError::Empty);
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| LinkError::NotBase64)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_DECODED_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => LinkError::TooLarge {
                max: MAX_DECODED_BYTES,
            },
            _ => LinkError::NotDeflate,
        })?;
    let version: Version =
        serde_json::from_slice(&json).map_err(|e| LinkError::NotState(e.to_string()))?;
    if version.v > u64::from(LINK_VERSION) {
        return Err(LinkError::FutureVersion {
            found: version.v,
            supported: LINK_VERSION,
        });
    }
    if version.v == 0 {
        return Err(LinkError::NotState("v must be 1 or more".into()));
    }
    serde_json::from_slice(&json).map_err(|e| LinkError::NotState(e.to_string()))
}
