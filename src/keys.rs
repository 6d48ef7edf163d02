//! Keyboard shortcuts: which key does what, shared by the key handler and the help overlay.

/// What a shortcut does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// Play or pause.
    PlayPause,
    /// One event forward.
    Step,
    /// Forward to the next change.
    StepToChange,
    /// Undo the last step.
    StepBack,
    /// Back to time zero.
    Reset,
    /// Faster.
    Faster,
    /// Slower.
    Slower,
    /// Switch language.
    Language,
    /// Open or close the help.
    Help,
    /// Close panels and overlays.
    Close,
}

/// Shown keys, command, and translation key of the description.
pub const SHORTCUTS: &[(&str, Command, &str)] = &[
    ("Space", Command::PlayPause, "key.play"),
    ("→", Command::Step, "key.step"),
    ("Shift + →", Command::StepToChange, "key.step_change"),
    ("←", Command::StepBack, "key.step_back"),
    ("R", Command::Reset, "key.reset"),
    ("+", Command::Faster, "key.faster"),
    ("-", Command::Slower, "key.slower"),
    ("L", Command::Language, "key.language"),
    ("?", Command::Help, "key.help"),
    ("Esc", Command::Close, "key.close"),
];

/// The command of a key press (`KeyboardEvent.key` and whether Shift is held).
pub fn command(key: &str, shift: bool) -> Option<Command> {
    Some(match key {
        " " | "Spacebar" => Command::PlayPause,
        "ArrowRight" if shift => Command::StepToChange,
        "ArrowRight" => Command::Step,
        "ArrowLeft" => Command::StepBack,
        "r" | "R" => Command::Reset,
        "+" | "=" => Command::Faster,
        "-" | "_" => Command::Slower,
        "l" | "L" => Command::Language,
        "?" => Command::Help,
        "Escape" => Command::Close,
        _ => return None,
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn every_listed_shortcut_has_a_key_that_triggers_it() {
        let keys = [
            " ",
            "ArrowRight",
            "ArrowLeft",
            "r",
            "+",
            "-",
            "l",
            "?",
            "Escape",
        ];
        for (_, cmd, _) in SHORTCUTS {
            let found = keys
                .iter()
                .any(|k| command(k, false) == Some(*cmd) || command(k, true) == Some(*cmd));
            assert!(found, "{cmd:?} has no key");
        }
        assert_eq!(command("ArrowRight", true), Some(Command::StepToChange));
        assert_eq!(command("x", false), None);
    }
}
