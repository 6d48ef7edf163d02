//! Kafka's reassignment JSON (`ReassignPartitionsCommand`: `parseTopicsData`,
//! `parsePartitionReassignmentData`, `formatAsReassignmentJson`):
//! `{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2],"log_dirs":["any","any"]}]}`.

use isrlab_sim::{BrokerId, TopicPartition};
use serde_json::Value;

/// One partition's target replicas.
pub type Move = (TopicPartition, Vec<BrokerId>);

fn object(text: &str) -> Result<serde_json::Map<String, Value>, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err("Error: the JSON must be an object".to_string()),
        Err(e) => Err(format!("Error: Unable to parse the JSON: {e}")),
    }
}

fn check_version(m: &serde_json::Map<String, Value>) -> Result<(), String> {
    match m.get("version") {
        None => Ok(()),
        Some(v) if v.as_i64() == Some(1) => Ok(()),
        Some(v) => Err(format!("Error: Not supported version field value {v}")),
    }
}

/// `--topics-to-move-json-file`: `{"topics":[{"topic":"t"}],"version":1}` → topic names.
pub fn topics_to_move(text: &str) -> Result<Vec<String>, String> {
    let m = object(text)?;
    check_version(&m)?;
    let Some(Value::Array(list)) = m.get("topics") else {
        return Err(
            "Error: Missing topics field in the JSON (an array of {\"topic\": ...})".to_string(),
        );
    };
    let mut topics = Vec::new();
    for (i, entry) in list.iter().enumerate() {
        match entry.get("topic").and_then(Value::as_str) {
            Some(t) if !topics.iter().any(|x| x == t) => topics.push(t.to_string()),
            Some(t) => {
                return Err(format!(
                    "Error: List of topics to reassign contains duplicate entries: {t}"
                ))
            }
            None => return Err(format!("Error: topics[{i}] has no string field \"topic\"")),
        }
    }
    Ok(topics)
}

/// `--reassignment-json-file` → the partitions and their target replicas, in file order.
pub fn reassignment(text: &str) -> Result<Vec<Move>, String> {
    let m = object(text)?;
    check_version(&m)?;
    let Some(Value::Array(list)) = m.get("partitions") else {
        return Err("Error: Missing partitions field in the JSON".to_string());
    };
    if list.is_empty() {
        return Err("Error: Partition reassignment list cannot be empty".to_string());
    }
    let mut moves: Vec<Move> = Vec::new();
    for (i, entry) in list.iter().enumerate() {
        let topic = entry.get("topic").and_then(Value::as_str);
        let partition = entry.get("partition").and_then(Value::as_u64);
        let replicas = entry.get("replicas").and_then(Value::as_array);
        let (Some(topic), Some(partition), Some(replicas)) = (topic, partition, replicas) else {
            return Err(format!(
                "Error: partitions[{i}] needs \"topic\" (string), \"partition\" and \"replicas\" (integers)"
            ));
        };
        let partition = u32::try_from(partition)
            .map_err(|_| format!("Error: partitions[{i}].partition {partition} is too large"))?;
        let replicas = replicas
            .iter()
            .map(|r| r.as_u64().and_then(|r| BrokerId::try_from(r).ok()))
            .collect::<Option<Vec<BrokerId>>>()
            .ok_or_else(|| format!("Error: partitions[{i}].replicas must be broker ids"))?;
        let tp = TopicPartition {
            topic: topic.to_string(),
            partition,
        };
        if let Some(dup) = replicas
            .iter()
            .find(|r| replicas.iter().filter(|x| x == r).count() > 1)
        {
            return Err(format!(
                "Error: Partition replica lists may not contain duplicate entries: {tp} contains multiple entries for {dup}."
            ));
        }
        if let Some(dirs) = entry.get("log_dirs").and_then(Value::as_array) {
            if dirs.iter().any(|d| d.as_str() != Some("any")) {
                return Err(format!(
                    "Error: partitions[{i}].log_dirs: the lab's brokers have one log directory; write \"any\""
                ));
            }
        }
        if moves.iter().any(|(t, _)| *t == tp) {
            return Err(format!(
                "Error: Partition reassignment contains duplicate topic partitions: {tp}"
            ));
        }
        moves.push((tp, replicas));
    }
    Ok(moves)
}

/// Kafka's plan JSON for `moves`, sorted by topic then partition.
pub fn format(moves: &[Move]) -> String {
    let mut sorted: Vec<&Move> = moves.iter().collect();
    sorted.sort_by(|a, b| (&a.0.topic, a.0.partition).cmp(&(&b.0.topic, b.0.partition)));
    let entries: Vec<String> = sorted
        .iter()
        .map(|(tp, replicas)| {
            let list: Vec<String> = replicas.iter().map(|r| r.to_string()).collect();
            let dirs = vec!["\"any\""; replicas.len()];
            format!(
                "{{\"topic\":{},\"partition\":{},\"replicas\":[{}],\"log_dirs\":[{}]}}",
                Value::from(tp.topic.as_str()),
                tp.partition,
                list.join(","),
                dirs.join(",")
            )
        })
        .collect();
    format!("{{\"version\":1,\"partitions\":[{}]}}", entries.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_reads_back_what_format_writes() {
        let moves = vec![(
            TopicPartition {
                topic: "orders".into(),
                partition: 1,
            },
            vec![2, 0],
        )];
        let text = format(&moves);
        assert_eq!(
            text,
            r#"{"version":1,"partitions":[{"topic":"orders","partition":1,"replicas":[2,0],"log_dirs":["any","any"]}]}"#
        );
        assert_eq!(reassignment(&text).unwrap(), moves);
    }

    #[test]
    fn bad_plans_name_what_is_wrong() {
        assert!(reassignment("{").unwrap_err().contains("Unable to parse"));
        assert!(reassignment(r#"{"version":2,"partitions":[]}"#)
            .unwrap_err()
            .contains("version"));
        assert!(reassignment(r#"{"partitions":[]}"#)
            .unwrap_err()
            .contains("cannot be empty"));
        let dup = r#"{"partitions":[{"topic":"t","partition":0,"replicas":[1,1]}]}"#;
        assert!(reassignment(dup)
            .unwrap_err()
            .contains("multiple entries for 1"));
        let neg = r#"{"partitions":[{"topic":"t","partition":-1,"replicas":[1]}]}"#;
        assert!(reassignment(neg).unwrap_err().contains("partitions[0]"));
        assert!(topics_to_move(r#"{"topics":[{"topic":"a"},{"topic":"a"}]}"#).is_err());
    }
}
