//! A file refused by [`super::open`], said in the page's language: what is wrong and where
//! (the field path, or the recorded action's number), with the core's own reason.

use super::{FileError, MAX_ACTIONS, MAX_FILE_BYTES, VERSION};
use crate::i18n::{clock, Lang};

/// The sentence for a refused file.
pub fn file_error(e: &FileError, lang: Lang) -> String {
    match e {
        FileError::TooLarge { bytes } => lang.tf(
            "file.too_large",
            &[("bytes", bytes), ("max", &MAX_FILE_BYTES)],
        ),
        FileError::Field(f) if f.path.is_empty() => {
            lang.tf("file.whole", &[("message", &f.message)])
        }
        FileError::Field(f) => lang.tf("file.field", &[("path", &f.path), ("message", &f.message)]),
        FileError::Version(v) => lang.tf("file.version", &[("version", v), ("known", &VERSION)]),
        FileError::TooManyActions(n) => lang.tf(
            "file.too_many_actions",
            &[("count", n), ("max", &MAX_ACTIONS)],
        ),
        FileError::PastTheEnd { time_ms, end_ms } => lang.tf(
            "file.past_end",
            &[("time", &clock(*time_ms)), ("end", &clock(*end_ms))],
        ),
        FileError::Replay { index, reason } => lang.tf(
            "file.replay",
            &[("number", &(index + 1)), ("reason", reason)],
        ),
        FileError::Unreadable => lang.t("file.unreadable").to_string(),
        FileError::HashMismatch { expected, got } => {
            lang.tf("file.hash", &[("expected", expected), ("got", got)])
        }
    }
}
