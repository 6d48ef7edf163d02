//! Both placement rules' assignments of the first topic side by side (computed by the
//! core), with the partitions where they differ marked by a sign and a highlight.

use crate::config_form::{PlacementComparison, Refused};
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
