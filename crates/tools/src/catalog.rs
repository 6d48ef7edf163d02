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
        synopsis: "--describe [--topic T] [--under-replicated-partitions | --unavailable-partitions | --under-min-isr-partitions | --at-min-isr-partitions] | --list",
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

/// Completions of the last word of `line`: script names for the first word, the tool's
/// `--options` after it. Each completion is the whole new line.
pub fn complete(line: &str) -> Vec<String> {
    let (head, last) = match line.rfind(' ') {
        Some(i) => (&line[..=i], &line[i + 1..]),
        None => ("", line),
    };
    let candidates: Vec<String> = if head.trim().is_empty() {
        TOOLS
            .iter()
            .map(|t| format!("{}.sh", t.name))
            .chain(SHELL.iter().map(|s| s.to_string()))
            .collect()
    } else {
        let first = head.split_whitespace().next().unwrap_or("");
        match (options_of(first), last.strip_prefix("--")) {
            (Some(opts), Some(_)) | (Some(opts), None)
                if last.is_empty() || last.starts_with('-') =>
            {
                opts.iter().map(|o| format!("--{o}")).collect()
            }
            _ => Vec::new(),
        }
    };
    candidates
        .into_iter()
        .filter(|c| c.starts_with(last))
        .map(|c| format!("{head}{c}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::complete;

    #[test]
    fn completes_scripts_then_their_options() {
        assert_eq!(complete("kafka-to"), vec!["kafka-topics.sh"]);
        assert_eq!(
            complete("kafka-topics.sh --desc"),
            vec!["kafka-topics.sh --describe"]
        );
        assert!(complete("kafka-topics.sh --").len() > 10);
        assert!(complete("kafka-topics.sh --topic or").is_empty());
        assert!(complete("nosuch --").is_empty());
    }
}
