//! The share group's `simple` assignor for members that all subscribe to the same topics:
//! a port of `SimpleHomogeneousAssignmentBuilder` (Kafka 4.3, group-coordinator).
//!
//! Unlike a consumer group's assignors, several members may share a partition: with more
//! members than partitions each partition gets `ceil(members / partitions)` of them
//! (`desiredSharing`); with fewer, each member gets about `partitions / members`. Balance comes
//! before stickiness.
//!
//! Kafka iterates `HashMap`s keyed by topic ids and `HashSet`s of member indices; the port uses
//! ordered maps (topic name, partition; member index), the same order Java's `HashSet<Integer>`
//! gives small indices. Members are numbered in member-id order.

use std::collections::{BTreeMap, BTreeSet};

use super::super::TopicPartition;

/// Computes the target assignment. `members`: each member's id and current assignment;
/// `partitions`: every assignable partition of the subscribed topics.
pub fn assign(
    members: &[(String, Vec<TopicPartition>)],
    partitions: &[TopicPartition],
) -> BTreeMap<String, Vec<TopicPartition>> {
    let m = members.len();
    let mut out = BTreeMap::new();
    if m == 0 {
        return out;
    }
    let n = partitions.len();
    let targets: BTreeSet<&TopicPartition> = partitions.iter().collect();
    let topics: BTreeSet<&str> = partitions.iter().map(|tp| tp.topic.as_str()).collect();
    let desired_sharing = if n == 0 { 0 } else { m.div_ceil(n) };
    // `preciseDesiredAssignmentCount * (i + 1)` rounded up, minus the same for i.
    let precise = (desired_sharing * n) as f64 / m as f64;
    let desired: Vec<usize> = (0..m)
        .map(|i| (precise * (i + 1) as f64).ceil() as usize - (precise * i as f64).ceil() as usize)
        .collect();

    // The assignment being built, per member (starts as the old one).
    let mut assignment: Vec<BTreeSet<TopicPartition>> = Vec::with_capacity(m);
    let mut by_partition: BTreeMap<TopicPartition, BTreeSet<usize>> = BTreeMap::new();
    let mut by_member: Vec<Vec<TopicPartition>> = vec![Vec::new(); m];
    let mut unfilled: BTreeSet<usize> = BTreeSet::new();
    let mut overfilled: Vec<usize> = Vec::new();

    // revokeUnassignablePartitions: keep what is still subscribed.
    for (i, (_, old)) in members.iter().enumerate() {
        let mut kept = BTreeSet::new();
        let mut count = 0;
        for tp in old {
            if topics.contains(tp.topic.as_str()) {
                // A partition of a subscribed topic that no longer exists is dropped too.
                if !targets.contains(tp) {
                    continue;
                }
                count += 1;
                by_partition.entry(tp.clone()).or_default().insert(i);
                by_member[i].push(tp.clone());
                kept.insert(tp.clone());
            }
        }
        assignment.push(kept);
        if count < desired[i] {
            unfilled.insert(i);
        } else if count > desired[i] {
            overfilled.push(i);
        }
    }

    // revokeOverfilledMembers.
    for &i in &overfilled {
        while by_member[i].len() > desired[i] {
            let tp = by_member[i].remove(0);
            assignment[i].remove(&tp);
            if let Some(set) = by_partition.get_mut(&tp) {
                set.remove(&i);
            }
        }
    }

    // revokeOversharedPartitions.
    for (tp, assigned) in by_partition.iter_mut() {
        while assigned.len() > desired_sharing {
            let Some(&i) = assigned.iter().next() else {
                break;
            };
            assigned.remove(&i);
            assignment[i].remove(tp);
            by_member[i].retain(|p| p != tp);
            unfilled.insert(i);
        }
    }

    for tp in partitions {
        by_partition.entry(tp.clone()).or_default();
    }

    // assignRemainingPartitions: one pass over the partitions, cycling through unfilled members.
    if !unfilled.is_empty() {
        let mut order: Vec<usize> = unfilled.iter().copied().collect();
        let mut pos = 0usize;
        let mut assigned_this_round = false;
        for (tp, members_assigned) in by_partition.iter_mut() {
            if members_assigned.len() < desired_sharing {
                let mut to_make = desired_sharing - members_assigned.len();
                while to_make > 0 {
                    if pos >= order.len() {
                        if !assigned_this_round {
                            break;
                        }
                        pos = 0;
                        assigned_this_round = false;
                        if order.is_empty() {
                            break;
                        }
                    }
                    let i = order[pos];
                    if members_assigned.contains(&i) {
                        pos += 1;
                        continue;
                    }
                    assignment[i].insert(tp.clone());
                    by_member[i].push(tp.clone());
                    members_assigned.insert(i);
                    to_make -= 1;
                    assigned_this_round = true;
                    if by_member[i].len() >= desired[i] {
                        // `memberIterator.remove()`: the next member takes its place.
                        order.remove(pos);
                    } else {
                        pos += 1;
                    }
                }
            }
            if order.is_empty() {
                break;
            }
        }
    }

    for (i, (id, _)) in members.iter().enumerate() {
        out.insert(id.clone(), assignment[i].iter().cloned().collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tps(topic: &str, n: u32) -> Vec<TopicPartition> {
        (0..n).map(|p| TopicPartition::new(topic, p)).collect()
    }
    fn members(n: usize) -> Vec<(String, Vec<TopicPartition>)> {
        (0..n).map(|i| (format!("m{i}"), Vec::new())).collect()
    }

    /// `SimpleAssignorTest.testAssignWithTwoMembersAndTwoTopicsHomogeneous`-like: fewer members
    /// than partitions, each partition to exactly one member, balanced.
    #[test]
    fn fewer_members_than_partitions_share_nothing() {
        let parts = tps("t", 6);
        let a = assign(&members(2), &parts);
        let sizes: Vec<usize> = a.values().map(Vec::len).collect();
        assert_eq!(sizes, vec![3, 3]);
        let mut all: Vec<_> = a.values().flatten().cloned().collect();
        all.sort();
        assert_eq!(all, parts);
    }

    /// More members than partitions: every partition shared by ceil(M/N) members.
    #[test]
    fn more_members_than_partitions_share_each_partition() {
        let parts = tps("t", 1);
        let a = assign(&members(6), &parts);
        assert!(a.values().all(|v| v == &parts), "{a:?}");
        let parts = tps("t", 2);
        let a = assign(&members(3), &parts);
        // desiredSharing 2: each partition twice, four assignments over three members.
        let mut count = BTreeMap::new();
        for v in a.values() {
            for tp in v {
                *count.entry(tp.clone()).or_insert(0) += 1;
            }
        }
        assert_eq!(count.values().copied().collect::<Vec<_>>(), vec![2, 2]);
        assert!(a.values().all(|v| !v.is_empty()));
    }

    /// Sticky: an added member takes partitions from others, the rest stays put.
    #[test]
    fn an_added_member_moves_only_what_balance_needs() {
        let parts = tps("t", 4);
        let first = assign(&members(2), &parts);
        let mut ms: Vec<(String, Vec<TopicPartition>)> =
            first.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        ms.push(("m2".into(), Vec::new()));
        let second = assign(&ms, &parts);
        let kept = first
            .iter()
            .map(|(k, v)| v.iter().filter(|tp| second[k].contains(tp)).count())
            .sum::<usize>();
        assert!(kept >= 2, "{first:?} → {second:?}");
        let mut all: Vec<_> = second.values().flatten().cloned().collect();
        all.sort();
        assert_eq!(all, parts);
        assert!(second.values().all(|v| !v.is_empty() && v.len() <= 2));
    }

    #[test]
    fn no_partitions_no_assignment() {
        let a = assign(&members(2), &[]);
        assert!(a.values().all(Vec::is_empty));
    }
}
