//! The partition's log on disk, in words and as files: that a Follower acknowledges a
//! fetched record from memory, what a power loss of every replica does to a record
//! committed only in page caches, the topic's flush and segment settings, and each
//! replica's segments with their `.log` / `.index` / `.timeindex` files, the offsets
//! they hold, how far they are on disk, and their offset index (all from the core's view).

use crate::i18n::Lang;
use isrlab_sim::view::PartitionView;
use yew::prelude::*;

/// What the segments section shows.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct SegmentFilesProps {
    /// The partition.
    pub partition: PartitionView,
    /// Language.
    pub lang: Lang,
}

/// The segments and page cache section of the partition detail.
#[function_component(SegmentFiles)]
pub fn segment_files(p: &SegmentFilesProps) -> Html {
    let lang = p.lang;
    let c = p.partition.log_config;
    let or_not_set = |v: Option<u64>| {
        v.map_or_else(|| lang.t("segments.not_set").to_string(), |v| v.to_string())
    };
    let settings = lang.tf(
        "segments.flush_settings",
        &[
            ("messages", &or_not_set(c.flush_messages)),
            ("ms", &or_not_set(c.flush_ms)),
            ("segment", &c.segment_records),
            ("index", &c.index_interval_records),
        ],
    );
    let rows = p.partition.replica_states.iter().filter(|r| r.created).flat_map(|r| {
        r.segments.iter().map(move |s| {
            let index = if s.index.is_empty() {
                lang.t("segments.no_index").to_string()
            } else {
                let entries: Vec<String> = s.index.iter().map(|e| format!("{}→{}", e.offset, e.position)).collect();
                entries.join(", ")
            };
            html! {
                <tr data-testid="segment-row" data-broker-id={r.broker.to_string()} data-base-offset={s.base_offset.to_string()}>
                    <td>{ r.broker }</td>
                    <td class="files">
                        <code>{ s.log_file.clone() }</code>
                        <code>{ s.index_file.clone() }</code>
                        <code>{ s.timeindex_file.clone() }</code>
                    </td>
                    <td>{ lang.tf("segments.range", &[("from", &s.base_offset), ("to", &s.end_offset)]) }</td>
                    <td data-testid="segment-on-disk" data-offset={s.flushed_to.to_string()}>
                        { lang.tf("segments.disk_upto", &[("offset", &s.flushed_to)]) }
                    </td>
                    <td class="index">{ index }</td>
                </tr>
            }
        })
    });
    html! {
        <section class="segment-files" data-testid="segment-files">
            <h3>{ lang.t("segments.title") }</h3>
            <p data-testid="follower-acks-from-memory">{ lang.t("segments.follower_acks") }</p>
            <p>{ lang.t("segments.power_loss") }</p>
            <p class="muted small" data-testid="log-settings">{ settings }</p>
            <div class="table-scroll">
                <table class="segments">
                    <thead><tr>
                        <th>{ lang.t("segments.broker") }</th><th>{ lang.t("segments.files") }</th>
                        <th>{ lang.t("segments.offsets") }</th><th>{ lang.t("segments.on_disk") }</th>
                        <th>{ lang.t("segments.index") }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </section>
    }
}
