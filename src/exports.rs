//! What the lab downloads for slides and spreadsheets: the event log as CSV (the metrics
//! CSV is the core's, `isrlab_sim::metrics::csv`, the same text `isrlab run --metrics
//! --format csv` prints), and the browser's file download itself.

use crate::i18n::Lang;
use crate::lab::Lab;
use crate::sentences::{category, sentence, Names};
use crate::trace_file::export_json;
use isrlab_sim::metrics::csv::{csv_field, to_csv};
use isrlab_sim::Event;

/// A download made from the run (the share dialog takes the pictures from the page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataExport {
    /// The trace file (JSON).
    Trace,
    /// Metrics over the run so far (CSV).
    Metrics,
    /// The event log (CSV).
    Events,
}

/// The file name, media type and text of a download from `lab`.
pub fn file_of(
    lab: &Lab,
    what: DataExport,
    names: &Names,
    lang: Lang,
) -> (&'static str, &'static str, String) {
    match what {
        DataExport::Trace => ("isrlab-trace.json", "application/json", export_json(lab)),
        DataExport::Metrics => ("isrlab-metrics.csv", "text/csv", to_csv(lab.samples())),
        DataExport::Events => {
            let events = lab.run.events().to_vec();
            (
                "isrlab-events.csv",
                "text/csv",
                events_csv(&events, names, lang),
            )
        }
    }
}

/// The event log as CSV, oldest first: time, category, the core's event kind and the
/// sentence the log shows, in `lang`.
pub fn events_csv(events: &[Event], names: &Names, lang: Lang) -> String {
    let mut out = String::from("time_ms,category,kind,text\n");
    for e in events {
        out.push_str(&format!(
            "{},{},{},{}\n",
            e.time_ms,
            category(&e.kind).code(),
            e.kind.name(),
            csv_field(&sentence(&e.kind, lang, names))
        ));
    }
    out
}

/// Offers `text` as a file download named `name`, of media type `mime`.
pub fn download(name: &str, mime: &str, text: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        let parts = js_sys::Array::of1(&text.into());
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
            return;
        };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
            return;
        };
        download_url(name, &url);
        let _ = web_sys::Url::revoke_object_url(&url);
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (name, mime, text);
    }
}

/// Offers the resource at `url` (a `blob:` or `data:` address) as a download named `name`.
#[cfg(target_arch = "wasm32")]
pub fn download_url(name: &str, url: &str) {
    use wasm_bindgen::JsCast;
    let a = gloo_utils::document()
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(a) = a {
        a.set_href(url);
        a.set_download(name);
        a.click();
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::lab::Lab;
    use crate::run::Run;
    use crate::scenarios;

    #[test]
    fn every_event_is_one_row_in_time_order_with_the_log_sentence() {
        let mut lab =
            Lab::open(Run::from_json(&scenarios::by_id("acks1-leader-dies").unwrap()).unwrap());
        lab.travel_to(30_000);
        let events = lab.run.events().to_vec();
        let names = Names::default();
        let csv = events_csv(&events, &names, Lang::En);
        let rows: Vec<&str> = csv.lines().skip(1).collect();
        assert_eq!(rows.len(), events.len());
        let times: Vec<u64> = rows
            .iter()
            .map(|r| r.split(',').next().unwrap().parse().unwrap())
            .collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]));
        assert!(rows.iter().any(|r| r.contains(",BrokerDown,")), "{csv}");
        let zh = events_csv(&events, &names, Lang::Zh);
        assert_ne!(zh, csv, "the sentences follow the language");
    }
}
