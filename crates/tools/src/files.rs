//! The lab's small file area, where a reassignment plan is written (`echo '{...}' >
//! plan.json`) and read back by a tool's `--...-json-file` option; and the shell words
//! that use it: `echo`, `cat`, `ls`, `rm`.

use crate::Outcome;
use std::collections::BTreeMap;

/// Most files the area holds.
pub const MAX_FILES: usize = 32;
/// Largest file (bytes).
pub const MAX_FILE_BYTES: usize = 64_000;

/// Files by name, in name order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Files {
    files: BTreeMap<String, String>,
}

impl Files {
    /// The text of `name`, if it exists.
    pub fn read(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(String::as_str)
    }

    /// Writes `text` to `name` (replacing it), within the caps.
    pub fn write(&mut self, name: &str, text: &str) -> Result<(), String> {
        if name.is_empty() || name.len() > 255 {
            return Err("a file name has 1 to 255 bytes".to_string());
        }
        if text.len() > MAX_FILE_BYTES {
            return Err(format!(
                "{name}: {} bytes is more than the limit of {MAX_FILE_BYTES}",
                text.len()
            ));
        }
        if !self.files.contains_key(name) && self.files.len() >= MAX_FILES {
            return Err(format!(
                "{name}: the file area holds at most {MAX_FILES} files (rm one)"
            ));
        }
        self.files.insert(name.to_string(), text.to_string());
        Ok(())
    }

    /// The file names, in order.
    pub fn names(&self) -> Vec<&str> {
        self.files.keys().map(String::as_str).collect()
    }

    /// The text an option names: inline JSON as given (it starts with `{`), otherwise the
    /// file of that name, or Java's error for a missing file.
    pub fn json_argument<'a>(&'a self, value: &'a str) -> Result<&'a str, String> {
        if value.trim_start().starts_with('{') {
            return Ok(value);
        }
        self.read(value)
            .ok_or_else(|| format!("Error: java.nio.file.NoSuchFileException: {value}"))
    }
}

/// Runs `echo`, `cat`, `ls` or `rm` on the file area.
pub fn run(command: &str, words: &[String], files: &mut Files) -> Outcome {
    match command {
        "echo" => match words {
            [text @ .., redirect, name] if redirect == ">" => {
                match files.write(name, &text.join(" ")) {
                    Ok(()) => Outcome::ok(""),
                    Err(e) => Outcome::error(e),
                }
            }
            _ if words.iter().any(|w| w == ">") => Outcome::error("echo: write `echo TEXT > FILE`"),
            _ => Outcome::ok(words.join(" ")),
        },
        "cat" => {
            let mut out = Vec::new();
            for name in words {
                match files.read(name) {
                    Some(text) => out.push(text.to_string()),
                    None => {
                        return Outcome::error(format!("cat: {name}: No such file or directory"))
                    }
                }
            }
            Outcome::ok(out.join("\n"))
        }
        "ls" => Outcome::ok(files.names().join("\n")),
        _ => {
            for name in words {
                if files.files.remove(name).is_none() {
                    return Outcome::error(format!(
                        "rm: cannot remove '{name}': No such file or directory"
                    ));
                }
            }
            Outcome::ok("")
        }
    }
}
