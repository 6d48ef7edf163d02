//! Both placement rules' assignments of the first topic side by side (computed by the
//! core), with the partitions where they differ marked by a sign and a highlight.

use crate::config_form::{PlacementComparison, RackComparison, Refused};
use crate::i18n::Lang;
use std::rc::Rc;
use yew::prelude::*;

/// What the comparison shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct PlacementCompareProps {
    /// Both assignments, or the core's error for these knobs.
    pub comparison: Rc<Result<PlacementComparison, Refused>>,
    /// Language.
    pub lang: Lang,
}

fn brokers(list: Option<&Vec<u32>>) -> String {
    list.map(|l| l.iter().map(u32::to_string).collect::<Vec<_>>().join(", "))
        .unwrap_or_default()
}

/// The side-by-side placement table.
#[function_component(PlacementCompare)]
pub fn placement_compare(p: &PlacementCompareProps) -> Html {
    let lang = p.lang;
    let body = match &*p.comparison {
        Err(e) => {
            html! { <p class="muted small" role="status">{ lang.tf("placement.error", &[("error", &e.sentence(lang))]) }</p> }
        }
        Ok(c) => html! {
            <>
            <table class="placement-table">
                <thead><tr>
                    <th scope="col">{ lang.t("placement.partition") }</th>
                    <th scope="col">{ lang.t("config.placement_kafka_short") }</th>
                    <th scope="col">{ lang.t("config.placement_textbook_short") }</th>
                    <th scope="col"><span class="sr-only">{ lang.t("placement.differs") }</span></th>
                </tr></thead>
                <tbody>
                { for c.kafka.keys().map(|part| {
                    let differs = c.differ.contains(part);
                    html! {
                        <tr data-testid="placement-row" data-partition={part.to_string()} data-differs={differs.to_string()}
                            class={classes!(differs.then_some("differs"))}>
                            <th scope="row">{ part }</th>
                            <td>{ brokers(c.kafka.get(part)) }</td>
                            <td>{ brokers(c.textbook.get(part)) }</td>
                            <td title={lang.t("placement.differs")}>{ if differs { "≠" } else { "=" } }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            <p class="muted small">{ lang.tf("placement.summary", &[("n", &c.differ.len()), ("total", &c.kafka.len())]) }</p>
            { c.rack_unaware.as_ref().map(|r| rack_table(c, r, lang)).unwrap_or_default() }
            </>
        },
    };
    html! {
        <div class="placement-compare" data-testid="placement-compare">
            <h3>{ lang.t("placement.title") }</h3>
            { body }
        </div>
    }
}

/// Rack-aware (Kafka's rule with `broker.rack`) against rack-unaware placement, with the
/// partitions that put two replicas in one rack marked.
fn rack_table(c: &PlacementComparison, r: &RackComparison, lang: Lang) -> Html {
    let cell = |list: Option<&Vec<u32>>, shared: bool| {
        html! {
            <td class={classes!(shared.then_some("shared-rack"))}
                title={shared.then(|| lang.t("racks.shared").to_string())}>
                { brokers(list) }{ if shared { " ⚠" } else { "" } }
            </td>
        }
    };
    html! {
        <>
        <table class="placement-table" data-testid="rack-placement">
            <thead><tr>
                <th scope="col">{ lang.t("placement.partition") }</th>
                <th scope="col">{ lang.t("racks.aware") }</th>
                <th scope="col">{ lang.t("racks.unaware") }</th>
            </tr></thead>
            <tbody>
            { for c.kafka.keys().map(|part| {
                let unaware_shared = r.shared_rack.contains(part);
                html! {
                    <tr data-testid="rack-placement-row" data-partition={part.to_string()} data-shared-rack={unaware_shared.to_string()}>
                        <th scope="row">{ part }</th>
                        { cell(c.kafka.get(part), r.shared_rack_aware.contains(part)) }
                        { cell(r.rack_unaware.get(part), unaware_shared) }
                    </tr>
                }
            }) }
            </tbody>
        </table>
        <p class="muted small">{ lang.tf("racks.summary", &[("n", &r.shared_rack.len()), ("total", &c.kafka.len())]) }</p>
        </>
    }
}
