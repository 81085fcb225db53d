//! `RangeAssignor` (server side): each topic is cut into contiguous ranges handed to its
//! subscribers in a fixed member order (static members first, by `group.instance.id`, then the
//! others by member id). When every member subscribes to the same topics and the topics have the
//! same partition count, member i gets the same partition numbers from every topic
//! (co-partitioning). The current target assignment is not read: the result depends only on the
//! members, their subscriptions and instance ids, and the partition counts.
//!
//! Kafka's `RangeSet` becomes a `BTreeSet` of the range's partitions.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use super::{Assignment, GroupAssignment, Member, Spec};
use crate::engine::assignor::java_string_cmp;

/// `RangeAssignor.TopicMetadata`.
struct TopicMetadata {
    num_partitions: u32,
    num_members: u32,
    /// `minQuota` / `extraPartitions`, once `maybeComputeQuota` has run.
    quota: Option<(u32, u32)>,
    next_range: u32,
}

impl TopicMetadata {
    fn new(num_partitions: u32, num_members: u32) -> Self {
        TopicMetadata {
            num_partitions,
            num_members,
            quota: None,
            next_range: 0,
        }
    }

    /// `maybeComputeQuota` + `addPartitionsToAssignment`: the next range, if not empty.
    fn next_partitions(&mut self) -> Option<BTreeSet<u32>> {
        let (min_quota, extra) = match self.quota {
            Some(q) => q,
            // `numMembers` is at least 1 for every topic visited (it counts this member); the
            // guard only keeps a division by zero out.
            None => (
                self.num_partitions
                    .checked_div(self.num_members)
                    .unwrap_or(0),
                self.num_partitions
                    .checked_rem(self.num_members)
                    .unwrap_or(0),
            ),
        };
        let mut quota = min_quota;
        let mut extra_left = extra;
        if extra_left > 0 {
            quota += 1;
            extra_left -= 1;
        }
        self.quota = Some((min_quota, extra_left));
        let start = self.next_range;
        let end = start.saturating_add(quota).min(self.num_partitions);
        self.next_range = end;
        (start < end).then(|| (start..end).collect())
    }
}

/// `RangeAssignor.sortMemberIds`: static members first, ordered by instance id; then the others
/// by member id (both with Java's `String.compareTo`). `List.sort` is stable, so members with
/// equal instance ids (which Kafka never has) stay in member-id order.
fn sort_members(spec: &Spec) -> Vec<&Member> {
    let mut sorted: Vec<&Member> = spec.members.iter().collect();
    sorted.sort_by(|a, b| match (&a.instance_id, &b.instance_id) {
        (Some(x), Some(y)) => java_string_cmp(x, y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => java_string_cmp(&a.id, &b.id),
    });
    sorted
}

/// `RangeAssignor.assignHomogeneousGroup`. Topics are independent of each other, so Kafka's
/// topic iteration order cannot show.
pub(super) fn assign_homogeneous(spec: &Spec) -> GroupAssignment {
    let sorted = sort_members(spec);
    let num_members = u32::try_from(spec.members.len()).unwrap_or(u32::MAX);
    let Some(first) = sorted.first() else {
        return GroupAssignment::new();
    };
    let mut topics: BTreeMap<&str, TopicMetadata> = first
        .topics
        .iter()
        .map(|t| {
            (
                t.as_str(),
                TopicMetadata::new(spec.num_partitions(t), num_members),
            )
        })
        .collect();
    let mut out = GroupAssignment::new();
    for member in sorted {
        let mut assignment = Assignment::new();
        for (topic, metadata) in topics.iter_mut() {
            if let Some(range) = metadata.next_partitions() {
                assignment.insert((*topic).to_string(), range);
            }
        }
        out.insert(member.id.clone(), assignment);
    }
    out
}

/// `RangeAssignor.assignHeterogeneousGroup`.
pub(super) fn assign_heterogeneous(spec: &Spec) -> GroupAssignment {
    let sorted = sort_members(spec);
    let mut topics: BTreeMap<&str, TopicMetadata> = BTreeMap::new();
    for member in &sorted {
        for topic in &member.topics {
            let metadata = topics
                .entry(topic.as_str())
                .or_insert_with(|| TopicMetadata::new(spec.num_partitions(topic), 0));
            metadata.num_members += 1;
        }
    }
    let mut out = GroupAssignment::new();
    for member in sorted {
        let mut assignment = Assignment::new();
        for topic in &member.topics {
            if let Some(range) = topics
                .get_mut(topic.as_str())
                .and_then(TopicMetadata::next_partitions)
            {
                assignment.insert(topic.clone(), range);
            }
        }
        out.insert(member.id.clone(), assignment);
    }
    out
}
