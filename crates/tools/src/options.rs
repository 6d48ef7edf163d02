//! Command-line options read the way Kafka's tools read them (jopt-simple): `--name value`
//! or `--name=value`, a unique prefix of a name standing for it, and jopt-simple's and
//! Kafka's `CommandLineUtils` wording for what is wrong.

use std::collections::BTreeMap;

/// One option a tool accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    /// Its name without the leading `--`.
    pub name: &'static str,
    /// Whether it takes a value (`withRequiredArg`).
    pub takes_value: bool,
}

/// A switch (`--describe`).
pub const fn flag(name: &'static str) -> Spec {
    Spec {
        name,
        takes_value: false,
    }
}

/// An option with a value (`--topic T`).
pub const fn valued(name: &'static str) -> Spec {
    Spec {
        name,
        takes_value: true,
    }
}

/// Options every tool accepts and ignores: the lab is the cluster it talks to.
pub const CONNECTION: [Spec; 3] = [
    valued("bootstrap-server"),
    valued("zookeeper"),
    valued("command-config"),
];

/// The options given on one command line.
#[derive(Debug, Default)]
pub struct Parsed {
    values: BTreeMap<&'static str, Vec<String>>,
}

impl Parsed {
    /// Reads `words` against `specs` (plus [`CONNECTION`]).
    pub fn parse(words: &[String], specs: &[Spec]) -> Result<Parsed, String> {
        let mut out = Parsed::default();
        let mut it = words.iter();
        while let Some(w) = it.next() {
            let Some(body) = w.strip_prefix("--") else {
                // jopt-simple keeps non-option words aside; Kafka's tools ignore them.
                continue;
            };
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let spec = find(name, specs)?;
            let value = if spec.takes_value {
                match inline {
                    Some(v) => v,
                    None => it.next().cloned().ok_or_else(|| {
                        format!(
                            "Exception in thread \"main\" joptsimple.OptionMissingRequiredArgumentException: Option {} requires an argument",
                            spec.name
                        )
                    })?,
                }
            } else {
                String::new()
            };
            out.values.entry(spec.name).or_default().push(value);
        }
        Ok(out)
    }

    /// Whether `name` was given.
    pub fn has(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    /// The (last) value of `name`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.get(name)?.last().map(String::as_str)
    }

    /// Every value of `name`, in the order given (`--config a=1 --config b=2`).
    pub fn values(&self, name: &str) -> &[String] {
        self.values.get(name).map_or(&[], Vec::as_slice)
    }

    /// `CommandLineUtils.checkRequiredArgs`: the value of a required option.
    pub fn required(&self, name: &str) -> Result<&str, String> {
        self.value(name)
            .ok_or_else(|| format!("Missing required argument \"[{name}]\""))
    }

    /// `CommandLineUtils.checkInvalidArgs`: `name` may not be used with any of `others`.
    pub fn refuse_with(&self, name: &str, others: &[&str]) -> Result<(), String> {
        if !self.has(name) {
            return Ok(());
        }
        match others.iter().find(|o| self.has(o)) {
            Some(o) => Err(format!(
                "Option \"[{name}]\" can't be used with option \"[{o}]\""
            )),
            None => Ok(()),
        }
    }

    /// The one action among `actions` that was given, or Kafka's usage error.
    pub fn one_of<'a>(&self, actions: &[&'a str], message: &str) -> Result<&'a str, String> {
        let given: Vec<&&str> = actions.iter().filter(|a| self.has(a)).collect();
        match given.as_slice() {
            [one] => Ok(one),
            _ => Err(message.to_string()),
        }
    }

    /// The value of `name` read as an integer, with jopt-simple's wording when it is not one.
    pub fn integer(&self, name: &str) -> Result<Option<i64>, String> {
        self.value(name)
            .map(|v| {
                v.trim().parse::<i32>().map(i64::from).map_err(|_| {
                    format!(
                        "Exception in thread \"main\" joptsimple.OptionArgumentConversionException: Cannot parse argument '{v}' of option {name}"
                    )
                })
            })
            .transpose()
    }
}

/// The spec `name` means: an exact name, or the only one it is a prefix of (jopt-simple's
/// abbreviations).
fn find(name: &str, specs: &[Spec]) -> Result<Spec, String> {
    let all = specs.iter().chain(CONNECTION.iter());
    if let Some(s) = all.clone().find(|s| s.name == name) {
        return Ok(*s);
    }
    let matches: Vec<&Spec> = all
        .filter(|s| !name.is_empty() && s.name.starts_with(name))
        .collect();
    match matches.as_slice() {
        [one] => Ok(**one),
        _ => Err(format!(
            "Exception in thread \"main\" joptsimple.UnrecognizedOptionException: {name} is not a recognized option"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(line: &str) -> Vec<String> {
        crate::words::split(line).unwrap()
    }

    const SPECS: [Spec; 3] = [flag("describe"), valued("topic"), valued("partitions")];

    #[test]
    fn values_inline_or_next_and_prefixes_and_connection_options() {
        let p = Parsed::parse(
            &w("--desc --topic=t --partitions 3 --bootstrap-server x:9092"),
            &SPECS,
        )
        .unwrap();
        assert!(p.has("describe"));
        assert_eq!(p.value("topic"), Some("t"));
        assert_eq!(p.integer("partitions").unwrap(), Some(3));
    }

    #[test]
    fn unknown_and_valueless_options_are_refused_in_jopt_simples_words() {
        let e = Parsed::parse(&w("--describe --frobnicate"), &SPECS).unwrap_err();
        assert!(
            e.ends_with("UnrecognizedOptionException: frobnicate is not a recognized option"),
            "{e}"
        );
        let e = Parsed::parse(&w("--topic"), &SPECS).unwrap_err();
        assert!(e.ends_with("Option topic requires an argument"), "{e}");
        let p = Parsed::parse(&w("--partitions x"), &SPECS).unwrap();
        assert!(p
            .integer("partitions")
            .unwrap_err()
            .contains("Cannot parse argument 'x'"));
    }
}
