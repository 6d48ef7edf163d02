//! Links that replay exactly (issue #12, §1): everything needed to rebuild what the user
//! sees — the scenario (a built-in id, or a whole custom scenario), the seed, the preset
//! overrides, the user's recorded actions with the step each was applied at, the time,
//! the selected partition, the open pane and the language — as one versioned
//! [`LinkState`]. [`encode`] writes it as JSON, deflated (`miniz_oxide`) and base64url
//! (`base64`); [`decode`] reads it back with capped sizes and typed [`LinkError`]s.
//! [`replay`] rebuilds the lab from it; [`LinkState::of`] captures the lab's state.
//! Pure: natively tested.

mod codec;
mod error;
mod replay;
mod state;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use codec::{decode, encode, MAX_DECODED_BYTES, MAX_LINK_CHARS};
pub use error::{link_error_text, LinkError};
pub use replay::{replay, resolve};
pub use state::{LinkScenario, LinkState, Overrides, LINK_VERSION};
