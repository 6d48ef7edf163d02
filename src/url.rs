//! Settings read from the page address (`?lang=zh&speed=10&scenario=acks1-loss&seed=7`),
//! URL-decoded. Bad values are reported with what the parameter accepts (the error
//! banner shows them) and ignored, never fatal.

use crate::i18n::Lang;
use crate::link::{LinkError, LinkState};
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
    /// `?v=1&s=`: a link that replays exactly (`src/link/`), or why it cannot be read.
    pub link: Option<Result<LinkState, LinkError>>,
    /// `?embed=1` and the embed parameters.
    pub embed: Embed,
}

/// Which controls an embedded lab shows (`controls=`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Controls {
    /// The whole toolbar.
    #[default]
    Full,
    /// Play, step and the clock.
    Minimal,
    /// None: the page drives the lab through the API.
    None,
}

/// The embed parameters (`docs/embedding.md`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Embed {
    /// `embed=1`: the compact layout for iframes.
    pub on: bool,
    /// `controls=`.
    pub controls: Controls,
    /// `autoplay=1`.
    pub autoplay: bool,
    /// `panes=`: the panes shown (ids of `docs/ui.md`); all when absent.
    pub panes: Option<Vec<String>>,
    /// `start=`: virtual ms the run is held from.
    pub start_ms: Option<u64>,
    /// `stop=`: virtual ms the run is held to.
    pub stop_ms: Option<u64>,
    /// `origins=`: the parent origins obeyed and posted to (comma-separated).
    pub origins: Vec<String>,
}

/// The pane ids `panes=` accepts (`docs/ui.md`, "Panes").
pub const PANE_IDS: [&str; 15] = [
    "timeline",
    "cluster",
    "detail",
    "lanes",
    "guide",
    "produce",
    "faults",
    "network",
    "config",
    "consumers",
    "admin",
    "console",
    "metrics",
    "whatif",
    "events",
];

/// What a parameter accepts, shown next to a bad value.
#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    /// One of these values.
    OneOf(Vec<String>),
    /// A whole number (0 or more) that fits in 64 bits.
    WholeNumber,
}

/// A parameter the lab could not use.
#[derive(Clone, Debug, PartialEq)]
pub struct UrlProblem {
    /// Parameter name (decoded).
    pub param: String,
    /// The value given (decoded).
    pub value: String,
    /// What it accepts.
    pub expected: Expected,
}

/// Most characters of a given value a message repeats; longer ones are cut.
pub const SHOWN_CHARS: usize = 80;

/// `value` cut to [`SHOWN_CHARS`] characters, with `…` when something was cut.
pub fn shorten(value: &str) -> String {
    match value.char_indices().nth(SHOWN_CHARS) {
        Some((i, _)) => format!("{}…", &value[..i]),
        None => value.to_string(),
    }
}

/// Reads a query string (with or without the leading `?`). Names and values are
/// URL-decoded (`%7A%68` is `zh`, `+` is a space); `scenario` must be one of
/// `scenario_ids`.
pub fn parse_query(query: &str, scenario_ids: &[&str]) -> (UrlSettings, Vec<UrlProblem>) {
    let mut settings = UrlSettings::default();
    let mut problems = Vec::new();
    for (key, value) in form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
        let expected = match key.as_ref() {
            "lang" => Lang::parse(&value)
                .map(|l| settings.lang = Some(l))
                .ok_or_else(|| {
                    Expected::OneOf(Lang::ALL.iter().map(|l| l.code().to_string()).collect())
                }),
            "speed" => parse_speed(&value)
                .map(|s| settings.speed = Some(s))
                .ok_or_else(|| Expected::OneOf(SPEEDS.iter().map(|s| s.to_string()).collect())),
            "scenario" => scenario_ids
                .iter()
                .find(|id| **id == value)
                .map(|id| settings.scenario = Some(id.to_string()))
                .ok_or_else(|| {
                    Expected::OneOf(scenario_ids.iter().map(|id| id.to_string()).collect())
                }),
            "t" => value
                .parse()
                .map(|t| settings.time_ms = Some(t))
                .map_err(|_| Expected::WholeNumber),
            "seed" => value
                .parse()
                .map(|n| settings.seed = Some(n))
                .map_err(|_| Expected::WholeNumber),
            "v" => match value.parse::<u64>() {
                Ok(v) if v > u64::from(crate::link::LINK_VERSION) => {
                    settings.link = Some(Err(LinkError::FutureVersion {
                        found: v,
                        supported: crate::link::LINK_VERSION,
                    }));
                    Ok(())
                }
                Ok(_) => Ok(()),
                Err(_) => Err(Expected::WholeNumber),
            },
            "s" => {
                if !matches!(settings.link, Some(Err(LinkError::FutureVersion { .. }))) {
                    settings.link = Some(crate::link::decode(&value));
                }
                Ok(())
            }
            "embed" => flag(&value).map(|on| settings.embed.on = on),
            "autoplay" => flag(&value).map(|on| settings.embed.autoplay = on),
            "controls" => match value.as_ref() {
                "full" => Ok(Controls::Full),
                "minimal" => Ok(Controls::Minimal),
                "none" => Ok(Controls::None),
                _ => Err(Expected::OneOf(vec![
                    "full".into(),
                    "minimal".into(),
                    "none".into(),
                ])),
            }
            .map(|c| settings.embed.controls = c),
            "panes" => {
                let ids: Vec<String> = value.split(',').map(|p| p.trim().to_string()).collect();
                if ids.iter().all(|id| PANE_IDS.contains(&id.as_str())) {
                    settings.embed.panes = Some(ids);
                    Ok(())
                } else {
                    Err(Expected::OneOf(
                        PANE_IDS.iter().map(|p| p.to_string()).collect(),
                    ))
                }
            }
            "start" => value
                .parse()
                .map(|t| settings.embed.start_ms = Some(t))
                .map_err(|_| Expected::WholeNumber),
            "stop" => value
                .parse()
                .map(|t| settings.embed.stop_ms = Some(t))
                .map_err(|_| Expected::WholeNumber),
            "origins" => {
                settings.embed.origins = value
                    .split(',')
                    .map(|o| o.trim().trim_end_matches('/').to_string())
                    .filter(|o| !o.is_empty())
                    .collect();
                Ok(())
            }
            _ => Ok(()),
        };
        if let Err(expected) = expected {
            problems.push(UrlProblem {
                param: key.into_owned(),
                value: value.into_owned(),
                expected,
            });
        }
    }
    (settings, problems)
}

/// `1`/`true` or `0`/`false`.
fn flag(value: &str) -> Result<bool, Expected> {
    match value {
        "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        _ => Err(Expected::OneOf(vec!["1".into(), "0".into()])),
    }
}

/// `query` with the link's own parameters (`scenario`, `seed`, `t`, `lang`, `speed`, `v`,
/// `s`) replaced by `v=1&s=<link>`; the others (embed settings) are kept.
pub fn with_link(query: &str, link: &str) -> String {
    const OWN: [&str; 7] = ["scenario", "seed", "t", "lang", "speed", "v", "s"];
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
        if !OWN.contains(&k.as_ref()) {
            out.append_pair(&k, &v);
        }
    }
    out.append_pair("v", "1");
    out.append_pair("s", link);
    format!("?{}", out.finish())
}

/// `query` without the embed parameters: the address of the same state in the full lab.
pub fn without_embed(query: &str) -> String {
    const EMBED: [&str; 8] = [
        "embed", "controls", "autoplay", "panes", "start", "stop", "origins", "speed",
    ];
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
        if !EMBED.contains(&k.as_ref()) {
            out.append_pair(&k, &v);
        }
    }
    format!("?{}", out.finish())
}

/// Accepts `10`, `10x`, `0.5×`, matching one of the offered speeds.
fn parse_speed(value: &str) -> Option<usize> {
    let number: f64 = value.trim_end_matches(['x', '×']).parse().ok()?;
    SPEEDS.iter().position(|&s| (s - number).abs() < 1e-9)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const IDS: [&str; 2] = ["default", "acks1-loss"];

    #[test]
    fn good_parameters_are_read() {
        let (s, p) = parse_query("?lang=zh&speed=10x&scenario=acks1-loss&t=2500", &IDS);
        assert!(p.is_empty());
        assert_eq!(s.time_ms, Some(2_500));
        assert_eq!(s.lang, Some(Lang::Zh));
        assert_eq!(SPEEDS[s.speed.unwrap()], 10.0);
        assert_eq!(s.scenario.as_deref(), Some("acks1-loss"));
    }

    #[test]
    fn parameters_are_url_decoded() {
        let (s, p) = parse_query("lang=%7A%68&scenario=acks1%2Dloss&speed=0.5%C3%97", &IDS);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(s.lang, Some(Lang::Zh));
        assert_eq!(s.scenario.as_deref(), Some("acks1-loss"));
        assert_eq!(SPEEDS[s.speed.unwrap()], 0.5);
        let (_, p) = parse_query("scenario=no+such%20one", &IDS);
        assert_eq!(p[0].value, "no such one");
    }

    #[test]
    fn bad_parameters_are_reported_with_what_they_accept_and_ignored() {
        let (s, p) = parse_query("lang=klingon&speed=7&scenario=../etc&t=-5", &IDS);
        assert_eq!(s, UrlSettings::default());
        let names: Vec<_> = p.iter().map(|x| x.param.as_str()).collect();
        assert_eq!(names, ["lang", "speed", "scenario", "t"]);
        assert_eq!(
            p[0].expected,
            Expected::OneOf(vec!["en".into(), "zh".into()])
        );
        assert_eq!(
            p[2].expected,
            Expected::OneOf(IDS.iter().map(|s| s.to_string()).collect())
        );
        assert_eq!(p[3].expected, Expected::WholeNumber);
    }

    #[test]
    fn long_values_are_cut_to_80_characters() {
        let long = "x".repeat(20_000);
        let shown = shorten(&long);
        assert_eq!(shown.chars().count(), SHOWN_CHARS + 1);
        assert!(shown.ends_with('…'));
        assert_eq!(shorten("短的值"), "短的值");
        assert_eq!(
            shorten(&"中".repeat(81)).chars().count(),
            81,
            "cut on characters, not bytes"
        );
    }

    #[test]
    fn embed_parameters_are_read_and_bad_ones_reported() {
        let q = "embed=1&controls=minimal&autoplay=1&panes=cluster,timeline&start=2000&stop=9000&origins=http://a.test/,https://b.test";
        let (s, p) = parse_query(q, &IDS);
        assert!(p.is_empty(), "{p:?}");
        let e = s.embed;
        assert!(e.on && e.autoplay);
        assert_eq!(e.controls, Controls::Minimal);
        assert_eq!(e.panes.unwrap(), ["cluster", "timeline"]);
        assert_eq!((e.start_ms, e.stop_ms), (Some(2_000), Some(9_000)));
        assert_eq!(e.origins, ["http://a.test", "https://b.test"]);
        let (s, p) = parse_query("embed=yes&controls=some&panes=cluster,nope", &IDS);
        assert_eq!(s.embed, Embed::default());
        let names: Vec<_> = p.iter().map(|x| x.param.as_str()).collect();
        assert_eq!(names, ["embed", "controls", "panes"]);
    }

    #[test]
    fn a_link_is_read_and_a_later_version_named() {
        let text = crate::link::encode(&LinkState::builtin("default"));
        let (s, p) = parse_query(&format!("?v=1&s={text}"), &IDS);
        assert!(p.is_empty());
        assert_eq!(s.link, Some(Ok(LinkState::builtin("default"))));
        let (s, _) = parse_query(&format!("?v=7&s={text}"), &IDS);
        assert!(matches!(
            s.link,
            Some(Err(LinkError::FutureVersion { found: 7, .. }))
        ));
        let (s, _) = parse_query("?v=1&s=%%%", &IDS);
        assert!(matches!(s.link, Some(Err(_))));
    }

    #[test]
    fn the_address_keeps_embed_settings_and_replaces_the_old_link_parameters() {
        let q = with_link(
            "?embed=1&scenario=default&t=5&lang=zh&s=old&origins=http%3A%2F%2Fa",
            "NEW",
        );
        assert_eq!(q, "?embed=1&origins=http%3A%2F%2Fa&v=1&s=NEW");
    }

    #[test]
    fn seed_is_a_u64_or_reported() {
        let (s, p) = parse_query("seed=18446744073709551615", &IDS);
        assert!(p.is_empty());
        assert_eq!(s.seed, Some(u64::MAX));
        for bad in ["banana", "-1", "18446744073709551616", "", "1.5"] {
            let (s, p) = parse_query(&format!("?seed={bad}"), &IDS);
            assert_eq!(s.seed, None, "{bad}");
            assert_eq!(
                p,
                [UrlProblem {
                    param: "seed".into(),
                    value: bad.into(),
                    expected: Expected::WholeNumber,
                }]
            );
        }
    }
}
