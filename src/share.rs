//! What the share dialog offers: the link to this run, and the snippets that put it in
//! a page (an `<iframe>` at a chosen size), in Markdown, and in a reveal.js slide
//! (`<section data-background-iframe>`), plus the link as a QR code (the `qrcode`
//! crate, drawn as SVG). Pure: natively tested.

use crate::i18n::Lang;
use crate::link::LINK_VERSION;
use isrlab_sim::TimeMs;

/// The `<iframe>` sizes offered, in CSS pixels (the embed mode's documented sizes).
pub const SIZES: [(u32, u32); 3] = [(800, 500), (1024, 640), (1280, 800)];

/// What a link to the current run says.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkParts<'a> {
    /// The page's address without its query (`https://host/lab/`).
    pub base: &'a str,
    /// The built-in scenario's id.
    pub scenario: &'a str,
    /// The run's seed.
    pub seed: u64,
    /// The current virtual time.
    pub time_ms: TimeMs,
    /// The page's language.
    pub lang: Lang,
    /// The whole state as a replayable link's text ([`crate::link::encode`]), if known.
    pub state: Option<String>,
}

/// The link to the run: the replayable state (`v=1&s=`, `crate::link`), after today's
/// address parameters (`?scenario=&seed=&t=&lang=`, `url.rs`), which an older lab reads.
pub fn link(parts: &LinkParts) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("scenario", parts.scenario)
        .append_pair("seed", &parts.seed.to_string())
        .append_pair("t", &parts.time_ms.to_string())
        .append_pair("lang", parts.lang.code());
    if let Some(state) = &parts.state {
        query
            .append_pair("v", &LINK_VERSION.to_string())
            .append_pair("s", state);
    }
    format!("{}?{}", parts.base, query.finish())
}

/// `text` with the characters that end an HTML attribute or start markup escaped.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// An `<iframe>` of the link at `width`×`height`, titled `title`.
pub fn iframe(link: &str, (width, height): (u32, u32), title: &str) -> String {
    format!(
        "<iframe src=\"{}\" width=\"{width}\" height=\"{height}\" title=\"{}\" style=\"border:0\" loading=\"lazy\"></iframe>",
        attribute(link),
        attribute(title)
    )
}

/// A Markdown link to the run, titled `title`.
pub fn markdown(link: &str, title: &str) -> String {
    let title = title
        .replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]");
    let link = link.replace('(', "%28").replace(')', "%29");
    format!("[{title}]({link})")
}

/// A reveal.js slide with the run as its interactive background.
pub fn reveal(link: &str) -> String {
    format!(
        "<section data-background-iframe=\"{}\" data-background-interactive></section>",
        attribute(link)
    )
}

/// The link as a QR code, an SVG document (dark modules on white, with a quiet zone).
pub fn qr_svg(link: &str) -> Result<String, String> {
    let code = qrcode::QrCode::new(link.as_bytes()).map_err(|e| e.to_string())?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(180, 180)
        .quiet_zone(true)
        .build())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::lab::Lab;
    use crate::scenarios;
    use crate::state::UiState;

    fn parts() -> LinkParts<'static> {
        LinkParts {
            base: "https://lab.example/isr/",
            scenario: "acks1-leader-dies",
            seed: 7,
            time_ms: 4_200,
            lang: Lang::Zh,
            state: None,
        }
    }

    #[test]
    fn the_link_reads_back_as_the_same_scenario_seed_time_and_language() {
        let l = link(&parts());
        let query = l.split_once('?').unwrap().1;
        let (settings, problems) = crate::url::parse_query(query, &["acks1-leader-dies"]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(settings.scenario.as_deref(), Some("acks1-leader-dies"));
        assert_eq!(
            (settings.seed, settings.time_ms, settings.lang),
            (Some(7), Some(4_200), Some(Lang::Zh))
        );
    }

    #[test]
    fn the_link_carries_the_replayable_state_that_decodes_to_the_same_run() {
        let mut lab =
            Lab::open(crate::run::Run::from_json(&scenarios::by_id("default").unwrap()).unwrap());
        lab.travel_to(3_000);
        lab.apply(isrlab_sim::Action::Crash { broker: 1 }).unwrap();
        let ui = UiState::new(Lang::En, 0);
        let state = crate::link::follow::current_link(&lab, "default", &ui)
            .expect("the default file is at hand");
        let l = link(&LinkParts {
            state: Some(state),
            ..parts()
        });
        let query = l.split_once('?').unwrap().1;
        let s = form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == "s")
            .unwrap()
            .1
            .into_owned();
        let decoded = crate::link::decode(&s).unwrap();
        assert_eq!(decoded.actions, lab.recorded());
        assert_eq!(decoded.t, 3_000);
    }

    #[test]
    fn snippets_carry_the_link_escaped_and_the_size() {
        let l = "https://x/?a=1&b=\"2\"";
        let frame = iframe(l, SIZES[1], "ISR <Lab>");
        assert!(
            frame.contains("src=\"https://x/?a=1&amp;b=&quot;2&quot;\""),
            "{frame}"
        );
        assert!(frame.contains("width=\"1024\" height=\"640\""));
        assert!(frame.contains("title=\"ISR &lt;Lab&gt;\""));
        assert!(reveal(l).starts_with("<section data-background-iframe=\"https://x/?a=1&amp;"));
        assert_eq!(
            markdown("https://x/(y)", "a [b]"),
            "[a \\[b\\]](https://x/%28y%29)"
        );
    }

    #[test]
    fn the_qr_code_is_an_svg_that_grows_with_the_link() {
        let short = qr_svg(&link(&parts())).unwrap();
        assert!(
            short.starts_with("<?xml") && short.contains("<svg"),
            "{short}"
        );
        let long = qr_svg(&"x".repeat(1_500)).unwrap();
        assert!(long.len() > short.len());
        assert!(
            qr_svg(&"x".repeat(10_000)).is_err(),
            "too long for any QR version"
        );
    }
}
