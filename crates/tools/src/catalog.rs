//! What the console offers: each tool's script name, one line about it, and its
//! options, for `help` and for tab-completion.

use crate::options::{Spec, CONNECTION};
use crate::{configs, dump_log, election, groups, reassign, topics, verification};

/// One tool of the console.
pub struct Tool {
    /// Script name, without `.sh`.
    pub name: &'static str,
    /// A one-line synopsis (Kafka's own words, English as the tools print).
    pub synopsis: &'static str,
    /// Its options.
    pub options: &'static [Spec],
}

/// Every tool, in the order `help` lists them.
pub const TOOLS: [Tool; 8] = [
    Tool {
        name: "kafka-topics",
        synopsis: "--describe [--topic T] [--under-replicated-partitions | --unavailable-partitions | --under-min-isr-partitions | --at-min-isr-partitions] | --list | --create --topic T [--partitions P --replication-factor R | --replica-assignment 1:2,2:3] [--config k=v] | --alter --topic T --partitions N",
        options: &topics::SPECS,
    },
    Tool {
        name: "kafka-reassign-partitions",
        synopsis: "--generate --topics-to-move-json-file F --broker-list 0,1,2 | --execute --reassignment-json-file F [--throttle B] | --verify --reassignment-json-file F | --list",
        options: &reassign::SPECS,
    },
    Tool {
        name: "kafka-leader-election",
        synopsis: "--election-type preferred|unclean (--all-topic-partitions | --topic T --partition P)",
        options: &election::SPECS,
    },
    Tool {
        name: "kafka-preferred-replica-election",
        synopsis: "(older form: a preferred election of every partition)",
        options: &election::LEGACY_SPECS,
    },
    Tool {
        name: "kafka-configs",
        synopsis: "--describe | --alter --entity-type topics|brokers (--entity-name T | --entity-default) --add-config k=v[,k=v]",
        options: &configs::SPECS,
    },
    Tool {
        name: "kafka-consumer-groups",
        synopsis: "--list | --describe (--group G | --all-groups)",
        options: &groups::SPECS,
    },
    Tool {
        name: "kafka-replica-verification",
        synopsis: "--broker-list b:9092 [--topics-include REGEX] [--time -2]",
        options: &verification::SPECS,
    },
    Tool {
        name: "kafka-dump-log",
        synopsis: "--files broker-1/orders-0/00000000000000000000.log [--print-data-log]",
        options: &dump_log::SPECS,
    },
];

/// The shell words the console has besides the tools.
pub const SHELL: [&str; 6] = ["help", "echo", "cat", "ls", "rm", "clear"];

/// The `help` text.
pub fn help() -> String {
    let mut lines = vec!["Kafka's tools (with or without .sh; --bootstrap-server and --zookeeper are accepted and ignored):".to_string()];
    for t in &TOOLS {
        lines.push(format!("  {}.sh {}", t.name, t.synopsis));
    }
    lines.push("Files: echo 'TEXT' > FILE, cat FILE, ls, rm FILE; a --...-json-file option also takes the JSON itself.".to_string());
    lines
        .push("clear empties the screen; up and down walk the history; Tab completes.".to_string());
    lines.join("\n")
}

/// The options of the tool a command line starts with, or `None` for another word.
pub fn options_of(script: &str) -> Option<Vec<&'static str>> {
    let name = script.strip_suffix(".sh").unwrap_or(script);
    let tool = TOOLS.iter().find(|t| t.name == name)?;
    Some(
        tool.options
            .iter()
            .chain(CONNECTION.iter())
            .map(|s| s.name)
            .collect(),
    )
}

/// The names a command line may complete to after an option: the cluster's topics and
/// consumer groups, the file area's files.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Names {
    /// Topic names.
    pub topics: Vec<String>,
    /// Consumer group ids.
    pub groups: Vec<String>,
    /// Files of the console's file area.
    pub files: Vec<String>,
}

impl Names {
    /// The topics and groups of the cluster `view` shows (no files).
    pub fn of(view: &isrlab_sim::view::ClusterView) -> Names {
        let mut topics: Vec<String> = view
            .partitions
            .iter()
            .chain(view.internal_partitions.iter())
            .map(|p| p.tp.topic.clone())
            .collect();
        topics.dedup();
        let mut groups: Vec<String> = view.consumers.iter().map(|c| c.group.clone()).collect();
        groups.sort();
        groups.dedup();
        Names {
            topics,
            groups,
            files: Vec::new(),
        }
    }

    /// The values option `option` (without `--`) takes, where the lab knows them.
    fn values_of(&self, option: &str) -> Vec<String> {
        match option {
            "topic" | "entity-name" | "topics-include" => self.topics.clone(),
            "group" => self.groups.clone(),
            "reassignment-json-file" | "topics-to-move-json-file" => self.files.clone(),
            "election-type" => vec!["preferred".into(), "unclean".into()],
            "entity-type" => vec!["topics".into(), "brokers".into()],
            _ => Vec::new(),
        }
    }
}

/// Completions of the last word of `line`: script names for the first word, the tool's
/// `--options` after it, and after an option the values `names` knows for it (topics,
/// groups, files). Each completion is the whole new line.
pub fn complete(line: &str, names: &Names) -> Vec<String> {
    let (head, last) = match line.rfind(' ') {
        Some(i) => (&line[..=i], &line[i + 1..]),
        None => ("", line),
    };
    let words: Vec<&str> = head.split_whitespace().collect();
    let candidates: Vec<String> = match (words.first(), words.last()) {
        (None, _) => TOOLS
            .iter()
            .map(|t| format!("{}.sh", t.name))
            .chain(SHELL.iter().map(|s| s.to_string()))
            .collect(),
        (Some(first), Some(previous)) => match options_of(first) {
            Some(opts) if last.starts_with('-') => opts.iter().map(|o| format!("--{o}")).collect(),
            Some(_) if previous.starts_with("--") => names.values_of(&previous[2..]),
            Some(opts) if last.is_empty() => opts.iter().map(|o| format!("--{o}")).collect(),
            _ if matches!(*first, "cat" | "rm") => names.files.clone(),
            _ => Vec::new(),
        },
        (Some(_), None) => Vec::new(),
    };
    candidates
        .into_iter()
        .filter(|c| c.starts_with(last))
        .map(|c| format!("{head}{c}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{complete as complete_with, Names};

    fn names() -> Names {
        Names {
            topics: vec!["orders".into(), "audit".into()],
            groups: vec!["billing".into()],
            files: vec!["plan.json".into()],
        }
    }

    fn complete(line: &str) -> Vec<String> {
        complete_with(line, &names())
    }

    #[test]
    fn completes_option_values_the_lab_knows() {
        assert_eq!(
            complete("kafka-topics.sh --describe --topic or"),
            vec!["kafka-topics.sh --describe --topic orders"]
        );
        assert_eq!(
            complete("kafka-consumer-groups --describe --group "),
            vec!["kafka-consumer-groups --describe --group billing"]
        );
        assert_eq!(
            complete("kafka-reassign-partitions.sh --verify --reassignment-json-file p"),
            vec!["kafka-reassign-partitions.sh --verify --reassignment-json-file plan.json"]
        );
        assert_eq!(
            complete("kafka-leader-election.sh --election-type u"),
            vec!["kafka-leader-election.sh --election-type unclean"]
        );
        assert_eq!(complete("cat pl"), vec!["cat plan.json"]);
        assert!(complete("kafka-topics.sh --partitions ").is_empty());
    }

    #[test]
    fn completes_scripts_then_their_options() {
        assert_eq!(complete("kafka-to"), vec!["kafka-topics.sh"]);
        assert_eq!(
            complete("kafka-topics.sh --desc"),
            vec!["kafka-topics.sh --describe"]
        );
        assert!(complete("kafka-topics.sh --").len() > 10);
        assert!(complete("nosuch --").is_empty());
    }
}
