//! Settings read from the page address (`?lang=zh&speed=10&scenario=acks1-loss&seed=7`).
//! Bad values are reported (the error banner shows them) and ignored, never fatal.

use crate::i18n::Lang;
use crate::state::SPEEDS;

/// What the address asked for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UrlSettings {
    /// `?lang=`.
    pub lang: Option<Lang>,
    /// `?speed=`, as an index into [`SPEEDS`].
    pub speed: Option<usize>,
    /// `?scenario=`, a scenario id.
    pub scenario: Option<String>,
    /// `?t=`, virtual milliseconds to travel to once the scenario is loaded.
    pub time_ms: Option<u64>,
    /// `?seed=`, replaces the scenario's own `seed` before its cluster is built.
    pub seed: Option<u64>,
}

/// A parameter the lab could not use.
#[derive(Clone, Debug, PartialEq)]
pub struct UrlProblem {
    /// Parameter name.
    pub param: String,
    /// The value given.
    pub value: String,
}

/// Reads a query string (with or without the leading `?`; values already percent-decoded
/// by the caller or plain ASCII).
pub fn parse_query(query: &str) -> (UrlSettings, Vec<UrlProblem>) {
    let mut settings = UrlSettings::default();
    let mut problems = Vec::new();
    for pair in query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let ok = match key {
            "lang" => Lang::parse(value)
                .map(|l| settings.lang = Some(l))
                .is_some(),
            "speed" => parse_speed(value)
                .map(|s| settings.speed = Some(s))
                .is_some(),
            "scenario" => {
                let valid = !value.is_empty()
                    && value
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                if valid {
                    settings.scenario = Some(value.to_string());
                }
                valid
            }
            "t" => value.parse().map(|t| settings.time_ms = Some(t)).is_ok(),
            "seed" => value.parse().map(|n| settings.seed = Some(n)).is_ok(),
            _ => true,
        };
        if !ok {
            problems.push(UrlProblem {
                param: key.to_string(),
                value: value.to_string(),
            });
        }
    }
    (settings, problems)
}

/// Accepts `10`, `10x`, `0.5×`, matching one of the offered speeds.
fn parse_speed(value: &str) -> Option<usize> {
    let number: f64 = value.trim_end_matches(['x', '×']).parse().ok()?;
    SPEEDS.iter().position(|&s| (s - number).abs() < 1e-9)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn good_parameters_are_read() {
        let (s, p) = parse_query("?lang=zh&speed=10x&scenario=acks1-loss&t=2500");
        assert!(p.is_empty());
        assert_eq!(s.time_ms, Some(2_500));
        assert_eq!(s.lang, Some(Lang::Zh));
        assert_eq!(SPEEDS[s.speed.unwrap()], 10.0);
        assert_eq!(s.scenario.as_deref(), Some("acks1-loss"));
    }

    #[test]
    fn bad_parameters_are_reported_and_ignored() {
        let (s, p) = parse_query("lang=klingon&speed=7&scenario=../etc&t=-5");
        assert_eq!(s, UrlSettings::default());
        let names: Vec<_> = p.iter().map(|x| x.param.as_str()).collect();
        assert_eq!(names, ["lang", "speed", "scenario", "t"]);
    }

    #[test]
    fn seed_is_a_u64_or_reported() {
        let (s, p) = parse_query("seed=18446744073709551615");
        assert!(p.is_empty());
        assert_eq!(s.seed, Some(u64::MAX));
        for bad in ["banana", "-1", "18446744073709551616", "", "1.5"] {
            let (s, p) = parse_query(&format!("?seed={bad}"));
            assert_eq!(s.seed, None, "{bad}");
            assert_eq!(
                p,
                [UrlProblem {
                    param: "seed".into(),
                    value: bad.into()
                }]
            );
        }
    }
}
