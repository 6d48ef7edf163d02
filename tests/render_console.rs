#![cfg(not(target_arch = "wasm32"))]
//! Native renders of the console pane in both languages: its introduction, input line
//! and run button in the page's language, an empty output block before any command.
//! (Typing, completion and history are browser behaviour: tests/e2e/console.test.mjs.)

use isrlab::components::console::{Console, ConsoleProps};
use isrlab::i18n::Lang;
use yew::{BaseComponent, Callback, LocalServerRenderer};

fn render<C: BaseComponent>(props: C::Properties) -> String {
    futures::executor::block_on(
        LocalServerRenderer::<C>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

#[test]
fn the_console_speaks_the_pages_language_around_kafkas_english_tools() {
    for (lang, intro, run) in [
        (Lang::En, "Kafka's own command-line tools", "Run"),
        (Lang::Zh, "Kafka 自带的命令行工具", "运行"),
    ] {
        let html = render::<Console>(ConsoleProps {
            run: Callback::from(|(_, files)| (isrlab_tools::Outcome::ok(""), files)),
            lang,
        });
        assert!(html.contains(intro), "{html}");
        assert!(html.contains(&format!(">{run}</button>")), "{html}");
        assert!(html.contains("data-testid=\"console-input\""));
        assert!(html.contains("placeholder=\"kafka-topics.sh --describe\""));
        assert!(html.contains("data-testid=\"console-output\""));
        assert!(
            !html.contains("console-result"),
            "no output before a command"
        );
    }
}
