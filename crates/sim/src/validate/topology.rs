//! The cluster's racks, zones and regions: `broker.rack` on every broker or none (Kafka
//! refuses a mix with `AdminOperationException`), zones made of known racks, regions
//! made of known zones, each member in exactly one group.

use super::{fail, Check};
use crate::limits::MAX_NAME_BYTES;
use crate::scenario::Scenario;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn check_topology(s: &Scenario) -> Check {
    let c = &s.cluster;
    for (broker, rack) in &c.racks {
        let path = format!("cluster.racks.{broker}");
        if !c.brokers.contains(broker) {
            fail(&path, format!("broker {broker} is not in cluster.brokers"))?;
        }
        check_name(&path, rack, "a rack name")?;
    }
    if !c.racks.is_empty() {
        if let Some(b) = c.brokers.iter().find(|b| !c.racks.contains_key(b)) {
            fail(
                "cluster.racks",
                format!(
                    "broker {b} has no broker.rack: give every broker a rack or none \
                     (Kafka's AdminOperationException: not all brokers have rack information)"
                ),
            )?;
        }
    }
    let racks: BTreeSet<&str> = c.racks.values().map(String::as_str).collect();
    check_groups("cluster.zones", &c.zones, &racks, "rack", "cluster.racks")?;
    let zones: BTreeSet<&str> = c.zones.keys().map(String::as_str).collect();
    check_groups(
        "cluster.regions",
        &c.regions,
        &zones,
        "zone",
        "cluster.zones",
    )
}

fn check_name(path: &str, name: &str, what: &str) -> Check {
    if name.trim().is_empty() {
        fail(path, format!("expected {what}, got an empty string"))?;
    }
    if name.len() > MAX_NAME_BYTES {
        fail(
            path,
            format!(
                "{what} of {} bytes is more than the limit of {MAX_NAME_BYTES}",
                name.len()
            ),
        )?;
    }
    Ok(())
}

/// Groups (`base.<group>`) of `members` named in `from`: when any group is given, every
/// member is in exactly one group, and every name listed is a member.
fn check_groups(
    base: &str,
    groups: &BTreeMap<String, Vec<String>>,
    members: &BTreeSet<&str>,
    member: &str,
    from: &str,
) -> Check {
    if groups.is_empty() {
        return Ok(());
    }
    let mut placed: BTreeMap<&str, &str> = BTreeMap::new();
    for (group, listed) in groups {
        check_name(&format!("{base}.{group}"), group, "a name")?;
        for (i, m) in listed.iter().enumerate() {
            let path = format!("{base}.{group}[{i}]");
            if !members.contains(m.as_str()) {
                fail(
                    &path,
                    format!("unknown {member} \"{m}\": expected one of {from}"),
                )?;
            }
            if let Some(other) = placed.insert(m.as_str(), group.as_str()) {
                fail(&path, format!("{member} \"{m}\" is already in \"{other}\""))?;
            }
        }
    }
    if let Some(m) = members.iter().find(|m| !placed.contains_key(*m)) {
        fail(
            base,
            format!("{member} \"{m}\" is in none of them: list every {member} once"),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::scenario::Scenario;
    use serde_json::{json, Value};

    fn stretched() -> Value {
        json!({
            "id": "t",
            "title": { "en": "T", "zh": "T" },
            "seed": 7,
            "end_ms": 10000,
            "cluster": {
                "brokers": [0, 1, 2],
                "racks": { "0": "a1", "1": "b1", "2": "c1" },
                "zones": { "zone-a": ["a1"], "zone-b": ["b1"], "zone-c": ["c1"] },
                "regions": { "east": ["zone-a", "zone-b"], "west": ["zone-c"] }
            },
            "topics": [ { "name": "orders", "partitions": 2, "replication_factor": 3 } ],
            "actions": [ { "at_ms": 1000, "do": "zone_down", "zone": "zone-a" } ]
        })
    }

    fn refused(mutate: impl FnOnce(&mut Value), path: &str, words: &str) {
        let mut v = stretched();
        mutate(&mut v);
        let e = Scenario::from_json(&v.to_string()).expect_err("must be refused");
        assert_eq!(e.path, path, "{e}");
        assert!(e.message.contains(words), "expected `{words}` in: {e}");
    }

    #[test]
    fn a_stretched_cluster_is_accepted() {
        let s = Scenario::from_json(&stretched().to_string()).unwrap();
        assert_eq!(s.cluster.racks[&1], "b1");
    }

    #[test]
    fn bad_racks_are_refused_with_their_path() {
        refused(
            |v| v["cluster"]["racks"]["7"] = json!("a1"),
            "cluster.racks.7",
            "not in cluster.brokers",
        );
        refused(
            |v| v["cluster"]["racks"]["1"] = json!(" "),
            "cluster.racks.1",
            "empty",
        );
        refused(
            |v| {
                v["cluster"]["racks"].as_object_mut().unwrap().remove("2");
            },
            "cluster.racks",
            "broker 2 has no broker.rack",
        );
        refused(
            |v| v["cluster"]["racks"]["0"] = json!(["a1"]),
            "cluster.racks.0",
            "invalid type",
        );
    }

    #[test]
    fn bad_zones_and_regions_are_refused_with_their_path() {
        refused(
            |v| v["cluster"]["zones"]["zone-a"] = json!(["a9"]),
            "cluster.zones.zone-a[0]",
            "unknown rack \"a9\"",
        );
        refused(
            |v| v["cluster"]["zones"]["zone-b"] = json!(["b1", "a1"]),
            "cluster.zones.zone-b[1]",
            "already in \"zone-a\"",
        );
        refused(
            |v| {
                v["cluster"]["zones"]
                    .as_object_mut()
                    .unwrap()
                    .remove("zone-c");
            },
            "cluster.zones",
            "rack \"c1\" is in none",
        );
        refused(
            |v| v["cluster"]["regions"]["west"] = json!(["zone-x"]),
            "cluster.regions.west[0]",
            "unknown zone",
        );
    }

    #[test]
    fn faults_on_unknown_places_are_refused() {
        refused(
            |v| v["actions"][0] = json!({ "at_ms": 1, "do": "zone_down", "zone": "zone-x" }),
            "actions[0].zone",
            "zone-x",
        );
        refused(
            |v| v["actions"][0] = json!({ "at_ms": 1, "do": "rack_down", "rack": "r9" }),
            "actions[0].rack",
            "r9",
        );
        refused(
            |v| {
                v["actions"] = json!([
                    { "at_ms": 1, "do": "rack_down", "rack": "a1", "power_loss": true },
                    { "at_ms": 2, "do": "zone_down", "zone": "zone-a" }
                ])
            },
            "actions[1].do",
            "all down already",
        );
    }
}
