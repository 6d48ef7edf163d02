//! Why a link could not be used, worded in both languages.

use crate::i18n::Lang;
use crate::url::shorten;

/// A link the lab could not open. The lab stays usable: it opens its default instead.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkError {
    /// Nothing after `s=`.
    Empty,
    /// Longer than the cap (checked before anything is decoded).
    TooLong {
        /// Characters given.
        chars: usize,
        /// The cap.
        max: usize,
    },
    /// Not base64url text (cut, or changed by hand).
    NotBase64,
    /// Not deflated data (cut, or changed by hand).
    NotDeflate,
    /// Inflates beyond the cap.
    TooLarge {
        /// The cap in bytes.
        max: usize,
    },
    /// The content is not a link state (the JSON parser's reason).
    NotState(String),
    /// Written by a later version of the lab.
    FutureVersion {
        /// The link's version.
        found: u64,
        /// The latest this lab reads.
        supported: u32,
    },
    /// Names a built-in scenario this lab does not have.
    UnknownScenario(String),
    /// The core refused the scenario (with its overrides): its reason.
    Scenario(String),
    /// A recorded action cannot be replayed where the link says it was applied.
    Replay {
        /// Its index in the link's actions.
        index: usize,
    },
}

/// The banner text for `e` in `lang`.
pub fn link_error_text(e: &LinkError, lang: Lang) -> String {
    match e {
        LinkError::Empty => lang.t("link.err.empty").to_string(),
        LinkError::TooLong { chars, max } => {
            lang.tf("link.err.too_long", &[("chars", chars), ("max", max)])
        }
        LinkError::NotBase64 => lang.t("link.err.not_base64").to_string(),
        LinkError::NotDeflate => lang.t("link.err.not_deflate").to_string(),
        LinkError::TooLarge { max } => lang.tf("link.err.too_large", &[("max", max)]),
        LinkError::NotState(why) => lang.tf("link.err.not_state", &[("why", &shorten(why))]),
        LinkError::FutureVersion { found, supported } => lang.tf(
            "link.err.future_version",
            &[("found", found), ("supported", supported)],
        ),
        LinkError::UnknownScenario(id) => {
            lang.tf("link.err.unknown_scenario", &[("id", &shorten(id))])
        }
        LinkError::Scenario(why) => lang.tf("link.err.scenario", &[("why", &shorten(why))]),
        LinkError::Replay { index } => lang.tf("link.err.replay", &[("n", &(index + 1))]),
    }
}
