//! Every scenario file of `scenarios/`, built into the app for the scenario picker.
//! The default scenario comes first.

/// `(id, file contents)` of every scenario, default first.
pub const ALL: &[(&str, &str)] = &[
    ("default", include_str!("../scenarios/default.json")),
    (
        "nine-brokers",
        include_str!("../scenarios/nine-brokers.json"),
    ),
    ("acks0-loss", include_str!("../scenarios/acks0-loss.json")),
    (
        "acks1-leader-dies",
        include_str!("../scenarios/acks1-leader-dies.json"),
    ),
    (
        "consumer-groups",
        include_str!("../scenarios/consumer-groups.json"),
    ),
    (
        "consumer-death",
        include_str!("../scenarios/consumer-death.json"),
    ),
    (
        "controller-failover",
        include_str!("../scenarios/controller-failover.json"),
    ),
    (
        "delivery-semantics",
        include_str!("../scenarios/delivery-semantics.json"),
    ),
    (
        "follower-hw-lag",
        include_str!("../scenarios/follower-hw-lag.json"),
    ),
    (
        "kip101-hw-truncation",
        include_str!("../scenarios/kip101-hw-truncation.json"),
    ),
    (
        "kip101-leader-epoch",
        include_str!("../scenarios/kip101-leader-epoch.json"),
    ),
    (
        "min-isr-1-loses",
        include_str!("../scenarios/min-isr-1-loses.json"),
    ),
    (
        "min-isr-2-refuses",
        include_str!("../scenarios/min-isr-2-refuses.json"),
    ),
    (
        "power-loss-all",
        include_str!("../scenarios/power-loss-all.json"),
    ),
    (
        "preferred-election",
        include_str!("../scenarios/preferred-election.json"),
    ),
    (
        "reassignment",
        include_str!("../scenarios/reassignment.json"),
    ),
    (
        "slow-follower-isr",
        include_str!("../scenarios/slow-follower-isr.json"),
    ),
    (
        "unclean-election",
        include_str!("../scenarios/unclean-election.json"),
    ),
    (
        "unclean-off-offline",
        include_str!("../scenarios/unclean-off-offline.json"),
    ),
];

/// The file of a scenario by id.
pub fn by_id(id: &str) -> Option<&'static str> {
    ALL.iter().find(|(i, _)| *i == id).map(|(_, text)| *text)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use isrlab_sim::Scenario;

    #[test]
    fn every_file_in_the_scenarios_folder_is_listed_and_valid() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| {
                e.unwrap()
                    .file_name()
                    .to_str()?
                    .strip_suffix(".json")
                    .map(str::to_string)
            })
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = ALL.iter().map(|(id, _)| id.to_string()).collect();
        listed.sort();
        assert_eq!(listed, on_disk);
        assert_eq!(ALL[0].0, "default");
        for (id, text) in ALL {
            let s = Scenario::from_json(text).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(&s.id, id, "file name and id differ");
        }
    }
}
