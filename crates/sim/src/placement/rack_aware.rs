//! Kafka's rack-aware `assignReplicasToBrokers` (`AdminUtils.java`,
//! `assignReplicasToBrokersRackAware`): brokers are first arranged in the rack-alternated
//! list, then each partition's leader is taken round-robin from that list and every
//! further replica is the next broker (by the same shifting rule as the rack-unaware
//! placement) whose rack holds no replica of the partition yet, unless every rack already
//! holds one, and that holds no replica itself, unless every broker already does.

use super::{validate, Assignment, PlacementError, PlacementRequest};
use crate::ids::BrokerId;
use std::collections::{BTreeMap, BTreeSet};

/// Kafka's `getRackAlternatedBrokerList`: racks in name order, each rack's brokers in id
/// order, taking one broker from each rack in turn (racks that run out are skipped).
/// With racks r1 = {0, 5}, r2 = {3, 4}, r3 = {1, 2} the list is 0, 3, 1, 5, 4, 2.
pub fn rack_alternated_broker_list(racks: &BTreeMap<BrokerId, String>) -> Vec<BrokerId> {
    let mut by_rack: BTreeMap<&str, Vec<BrokerId>> = BTreeMap::new();
    for (&broker, rack) in racks {
        by_rack.entry(rack.as_str()).or_default().push(broker);
    }
    let longest = by_rack.values().map(Vec::len).max().unwrap_or(0);
    (0..longest)
        .flat_map(|round| by_rack.values().filter_map(move |b| b.get(round).copied()))
        .collect()
}

/// Kafka's rack-aware placement. Every broker of `req.brokers` must have a rack in
/// `racks`; draws and `fixed_start_index` work as in the rack-unaware placement.
pub fn assign_rack_aware(
    req: &PlacementRequest,
    racks: &BTreeMap<BrokerId, String>,
    draw_below: &mut dyn FnMut(u32) -> u32,
) -> Result<Assignment, PlacementError> {
    let brokers = validate(req)?;
    let rack_of: BTreeMap<BrokerId, &str> = brokers
        .iter()
        .map(|b| racks.get(b).map(|r| (*b, r.as_str())))
        .collect::<Option<_>>()
        .ok_or(PlacementError::NotAllBrokersHaveRack)?;
    let listed: BTreeMap<BrokerId, String> =
        rack_of.iter().map(|(b, r)| (*b, r.to_string())).collect();
    let arranged = rack_alternated_broker_list(&listed);
    let n = arranged.len();
    let num_racks = rack_of.values().collect::<BTreeSet<_>>().len();
    // Both are only used modulo n and modulo n - 1: reduce them so no product overflows.
    let modulus = (n - 1).max(1);
    let (start_index, mut shift) = match req.fixed_start_index {
        Some(k) => (k as usize % n, k as usize % modulus),
        None => {
            let start = draw_below(n as u32) as usize;
            (start, draw_below(n as u32) as usize % modulus)
        }
    };
    let mut out = Assignment::new();
    for i in 0..req.partitions as u32 {
        let p = req.start_partition_id + i;
        if p > 0 && (p as usize).is_multiple_of(n) {
            shift = (shift + 1) % modulus;
        }
        let first = (p as usize + start_index) % n;
        let leader = arranged[first];
        let mut replicas = vec![leader];
        let mut racks_used = BTreeSet::from([rack_of[&leader]]);
        let second_shift = shift * num_racks % modulus;
        let mut k = 0usize;
        while replicas.len() < req.replication_factor as usize {
            let step = 1 + (second_shift + k) % modulus;
            let broker = arranged[(first + step) % n];
            let rack = rack_of[&broker];
            k += 1;
            // Kafka's second escape (every broker already holds a replica) cannot arise
            // while fewer than replication factor ≤ n replicas are placed.
            let rack_ok = !racks_used.contains(rack) || racks_used.len() == num_racks;
            if rack_ok && !replicas.contains(&broker) {
                replicas.push(broker);
                racks_used.insert(rack);
            }
        }
        out.insert(p, replicas);
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
