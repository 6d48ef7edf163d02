#![cfg(not(target_arch = "wasm32"))]
//! Native renders of what the lab says about its own state: the guide once the run
//! left its script, the branch notice after acting in the past, the link-problem
//! banner, the config panel refusing an impossible setting before Apply, and the
//! toolbar saying in place why Play is disabled.

use isrlab::components::branch_notice::{BranchNotice, BranchNoticeProps};
use isrlab::components::config_panel::{ConfigPanel, ConfigPanelProps};
use isrlab::components::error_banner::{ErrorBanner, ErrorBannerProps, Problem};
use isrlab::components::guide_panel::{GuidePanel, GuidePanelProps};
use isrlab::config_form::ConfigForm;
use isrlab::guide::Answers;
use isrlab::i18n::Lang;
use isrlab::lab::Lab;
use isrlab::run::Run;
use isrlab::scenarios;
use isrlab::script::Script;
use isrlab::url::parse_query;
use isrlab_sim::{Action, Scenario};
use std::rc::Rc;
use yew::{BaseComponent, Callback, LocalServerRenderer};

fn render<C: BaseComponent>(props: C::Properties) -> String {
    futures::executor::block_on(
        LocalServerRenderer::<C>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

fn guide(script: Script, lang: Lang) -> String {
    let s = Scenario::from_json(&scenarios::by_id("default").unwrap()).unwrap();
    render::<GuidePanel>(GuidePanelProps {
        steps: Rc::new(s.guide.clone()),
        current: Some(0),
        answers: Rc::new(Answers::new()),
        gate: true,
        on_gate: Callback::noop(),
        on_answer: Callback::noop(),
        script,
        on_resume: Callback::noop(),
        on_restart: Callback::noop(),
        lang,
    })
}

#[test]
fn the_guide_pauses_its_narration_once_the_run_left_the_script() {
    let following = guide(Script::Following, Lang::En);
    assert!(
        following.contains("data-testid=\"guide-caption\"")
            && !following.contains("guide-off-script")
    );
    assert!(
        following.contains("id=\"guide-question\""),
        "the toolbar's note links to the question"
    );
    for (script, reason) in [
        (Script::Acted, "acted"),
        (Script::Reconfigured, "reconfigured"),
    ] {
        let html = guide(script, Lang::En);
        assert!(
            html.contains(&format!("data-reason=\"{reason}\"")),
            "{html}"
        );
        assert!(html.contains("The narration is paused."));
        assert!(
            html.contains("data-testid=\"guide-resume\"")
                && html.contains("data-testid=\"guide-restart\"")
        );
        assert!(
            !html.contains("guide-caption") && !html.contains("guide-question"),
            "no stale caption"
        );
    }
    assert!(guide(Script::Reconfigured, Lang::Zh).contains("你更改了配置"));
}

#[test]
fn acting_in_the_past_says_the_future_is_replaced_and_offers_undo() {
    let mut lab = Lab::open(Run::from_json(&scenarios::by_id("default").unwrap()).unwrap());
    lab.travel_to(6_000);
    lab.apply(Action::Crash { broker: 2 }).unwrap();
    lab.travel_to(9_000);
    lab.travel_to(2_000);
    lab.apply(Action::Crash { broker: 0 }).unwrap();
    let html = render::<BranchNotice>(BranchNoticeProps {
        branch: lab.branch().cloned(),
        lang: Lang::En,
        on_undo: Callback::noop(),
        on_keep: Callback::noop(),
    });
    assert!(
        html.contains("data-testid=\"branch-notice\"") && html.contains("data-at-ms=\"2000\""),
        "{html}"
    );
    assert!(
        html.contains("0:09.000") && html.contains("1 of your later actions"),
        "{html}"
    );
    assert!(html.contains("data-testid=\"branch-undo\""));
    let none = render::<BranchNotice>(BranchNoticeProps {
        branch: None,
        lang: Lang::En,
        on_undo: Callback::noop(),
        on_keep: Callback::noop(),
    });
    assert!(none.is_empty());
}

fn banner(query: &str, lang: Lang) -> String {
    let ids: Vec<&str> = scenarios::INDEX.iter().map(|e| e.id).collect();
    let (_, problems) = parse_query(query, &ids);
    render::<ErrorBanner>(ErrorBannerProps {
        problems: problems.into_iter().map(Problem::UrlParam).collect(),
        lang,
        on_dismiss: Callback::noop(),
    })
}

#[test]
fn a_bad_link_gets_a_calm_title_the_valid_values_and_a_cut_value() {
    let html = banner(&format!("scenario={}", "z".repeat(20_000)), Lang::En);
    assert!(html.contains("This link has a problem"), "{html}");
    assert!(
        !html.contains(&"z".repeat(81)),
        "the value is cut to 80 characters"
    );
    assert!(html.contains(&format!("{}…", "z".repeat(80))));
    for id in scenarios::INDEX.iter().map(|e| e.id) {
        assert!(html.contains(id), "valid scenario id {id} listed");
    }
    let zh = banner("lang=xx", Lang::Zh);
    assert!(
        zh.contains("这个链接有问题") && zh.contains("en, zh"),
        "{zh}"
    );
    assert!(
        banner("lang=%7A%68", Lang::En).is_empty(),
        "URL-encoded zh is accepted"
    );
    let clamped = render::<ErrorBanner>(ErrorBannerProps {
        problems: vec![Problem::UrlClamped {
            param: "t".into(),
            value: "99999999".into(),
            used: "120000".into(),
        }],
        lang: Lang::En,
        on_dismiss: Callback::noop(),
    });
    assert!(
        clamped.contains("t=99999999") && clamped.contains("120000 ms"),
        "{clamped}"
    );
}

fn config_panel(form: ConfigForm, base: &Scenario, lang: Lang) -> String {
    render::<ConfigPanel>(ConfigPanelProps {
        form,
        base: Rc::new(base.clone()),
        lang,
        on_apply: Callback::noop(),
    })
}

fn apply_button(html: &str) -> &str {
    let at = html.find("data-testid=\"config-apply\"").unwrap();
    let start = html[..at].rfind('<').unwrap();
    &html[start..start + html[start..].find("</button>").unwrap()]
}

#[test]
fn the_config_panel_refuses_an_impossible_setting_before_apply_and_says_why() {
    let base = Scenario::from_json(&scenarios::by_id("default").unwrap()).unwrap();
    let mut form = ConfigForm::of(&base);
    let html = config_panel(form.clone(), &base, Lang::En);
    assert!(
        apply_button(&html).contains("disabled"),
        "nothing changed yet"
    );
    assert!(html.contains("Change a setting to apply it."));
    let rf = &html[html.find("data-testid=\"config-rf\"").unwrap()..];
    let rf = &rf[..rf.find("</select>").unwrap()];
    assert_eq!(
        rf.matches("<option").count(),
        3,
        "RF choices stop at the 3 brokers: {rf}"
    );
    form.brokers = 2;
    let html = config_panel(form, &base, Lang::En);
    assert!(apply_button(&html).contains("disabled"));
    let why = &html[html.find("data-testid=\"why-disabled\"").unwrap()..];
    let why = &why[why.find('>').unwrap() + 1..why.find("</span>").unwrap()];
    assert!(
        why.starts_with("Cannot apply: InvalidReplicationFactorException")
            && why.contains("brokers (2), got 3"),
        "{why}"
    );
}
