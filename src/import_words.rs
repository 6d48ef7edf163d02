//! The import's problems and notes (`isrlab_tools::import`), said in the page's language.

use crate::i18n::Lang;
use isrlab_tools::import::{LineError, Note, Problem, CRASH_AT_MS};

fn ids(list: &[u32]) -> String {
    list.iter()
        .map(|b| b.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// One malformed line, with its number and field.
pub fn line_error(e: &LineError, lang: Lang) -> String {
    let what = match &e.problem {
        Problem::Missing => lang.t("import.missing").to_string(),
        Problem::Empty => lang.t("import.empty").to_string(),
        Problem::NotANumber(t) => lang.tf("import.not_number", &[("text", t)]),
        Problem::NotABrokerId(t) => lang.tf("import.not_broker", &[("text", t)]),
        Problem::NotKeyValue(t) => lang.tf("import.not_key_value", &[("text", t)]),
        Problem::NotAReplica(b) => lang.tf("import.not_replica", &[("id", b)]),
        Problem::NotDescribeLine => lang.t("import.not_describe").to_string(),
        Problem::DescribedTwice(p) => lang.tf("import.twice", &[("p", p)]),
        Problem::CountMismatch { count, found } => {
            lang.tf("import.count", &[("count", count), ("found", &ids(found))])
        }
        Problem::RfMismatch { replicas, rf } => {
            lang.tf("import.rf", &[("n", replicas), ("rf", rf)])
        }
        Problem::NoPartitionLine => lang.t("import.no_partition").to_string(),
        Problem::NoTopic => lang.t("import.no_topic").to_string(),
        Problem::TooLarge {
            brokers,
            partitions,
        } => lang.tf("import.too_large", &[("b", brokers), ("p", partitions)]),
        Problem::Scenario(m) => m.clone(),
    };
    lang.tf(
        "import.line",
        &[("line", &e.line), ("field", &e.field), ("what", &what)],
    )
}

/// One note on what was read but is not modelled.
pub fn note(n: &Note, lang: Lang) -> String {
    match n {
        Note::ElrIgnored { line } => lang.tf("import.note_elr", &[("line", line)]),
        Note::TopicIdIgnored { line } => lang.tf("import.note_topic_id", &[("line", line)]),
        Note::ConfigLeftOut {
            line,
            topic,
            key,
            value,
        } => lang.tf(
            "import.note_config",
            &[
                ("line", line),
                ("topic", topic),
                ("key", key),
                ("value", value),
            ],
        ),
        Note::ReassignmentDropped {
            line,
            partition,
            original,
        } => lang.tf(
            "import.note_reassign",
            &[
                ("line", line),
                ("tp", partition),
                ("replicas", &ids(original)),
            ],
        ),
        Note::StartsInSync { line, partition } => {
            lang.tf("import.note_in_sync", &[("line", line), ("tp", partition)])
        }
        Note::LeaderDiffers {
            line,
            partition,
            leader,
        } => lang.tf(
            "import.note_leader",
            &[("line", line), ("tp", partition), ("id", leader)],
        ),
        Note::BrokersCrash { brokers } => lang.tf(
            "import.note_crash",
            &[("ids", &ids(brokers)), ("s", &(CRASH_AT_MS / 1000))],
        ),
    }
}
