//! Hand-written argument parsing: positional words and `--flag value` options.

use std::collections::BTreeMap;
use std::str::FromStr;

/// Parsed command-line words after the subcommand.
pub struct Args {
    /// Words that are not options, in order.
    pub positional: Vec<String>,
    options: BTreeMap<String, String>,
    switches: Vec<String>,
}

impl Args {
    /// Splits `words` into positionals, options (from `valued`, each taking one value)
    /// and switches (from `switches`); anything else starting with `--` is an error.
    pub fn parse(words: &[String], valued: &[&str], switches: &[&str]) -> Result<Args, String> {
        let mut out = Args {
            positional: Vec::new(),
            options: BTreeMap::new(),
            switches: Vec::new(),
        };
        let mut it = words.iter();
        while let Some(w) = it.next() {
            if valued.contains(&w.as_str()) {
                let v = it.next().ok_or_else(|| format!("{w} needs a value"))?;
                out.options.insert(w.clone(), v.clone());
            } else if switches.contains(&w.as_str()) {
                out.switches.push(w.clone());
            } else if w.starts_with("--") {
                return Err(format!("unknown option {w}"));
            } else {
                out.positional.push(w.clone());
            }
        }
        Ok(out)
    }

    /// The value of an option parsed as `T`, if given.
    pub fn get<T: FromStr>(&self, name: &str) -> Result<Option<T>, String> {
        self.options
            .get(name)
            .map(|v| {
                v.parse()
                    .map_err(|_| format!("{name}: cannot read \"{v}\" as a number"))
            })
            .transpose()
    }

    /// The value of a required option parsed as `T`.
    pub fn require<T: FromStr>(&self, name: &str) -> Result<T, String> {
        self.get(name)?.ok_or_else(|| format!("{name} is required"))
    }

    /// Whether a switch was given.
    pub fn has(&self, name: &str) -> bool {
        self.switches.iter().any(|s| s == name)
    }

    /// The only positional word (e.g. the scenario file).
    pub fn single_positional(&self, what: &str) -> Result<&str, String> {
        match self.positional.as_slice() {
            [one] => Ok(one),
            [] => Err(format!("missing {what}")),
            _ => Err(format!("expected one {what}, got {:?}", self.positional)),
        }
    }
}
