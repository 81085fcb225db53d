//! `UniformHomogeneousAssignmentBuilder`: the uniform assignor when every member subscribes to
//! the same topics. Balance first (member sizes differ by at most one), then stickiness (a member
//! keeps what it had, up to its quota).
//!
//! Orders (Kafka iterates `HashSet<Uuid>` / `HashMap` / `HashSet<Integer>` here):
//! * the never-assigned partitions are listed topic by topic in topic-name order (Kafka: the
//!   `HashSet<Uuid>` order of the subscribed topic ids), partitions ascending;
//! * members are visited in member-id order (Kafka: `groupSpec.memberIds()`, a `HashMap` key set);
//!   the order decides which members give up the "extra partition" quota;
//! * a member's current partitions are visited topic-name order, partitions ascending (Kafka: the
//!   assignment map's order; a `HashSet<Integer>` iterates partition numbers below its table
//!   capacity, at least 16, ascending), so an over-quota member keeps its lowest partitions.

use std::collections::BTreeSet;

use super::{Assignment, GroupAssignment, Spec};

/// `UniformHomogeneousAssignmentBuilder.build`.
pub(super) fn build(spec: &Spec) -> Result<GroupAssignment, String> {
    // `subscribedTopicIds`: the first member's (existing) topics; all members share them.
    let Some(first) = spec.members.first() else {
        return Ok(GroupAssignment::new());
    };
    let subscribed = &first.topics;
    if subscribed.is_empty() {
        return Ok(GroupAssignment::new());
    }

    // `groupSpec.isPartitionAssigned`: the inverted target assignment.
    let assigned: BTreeSet<(&str, u32)> = spec
        .members
        .iter()
        .flat_map(|m| {
            m.assignment
                .iter()
                .flat_map(|(t, parts)| parts.iter().map(move |p| (t.as_str(), *p)))
        })
        .collect();

    // Compute the list of unassigned partitions.
    let mut unassigned: Vec<(String, u32)> = Vec::new();
    let mut total_partitions: usize = 0;
    for topic in subscribed {
        let count = spec.num_partitions(topic);
        for p in 0..count {
            if !assigned.contains(&(topic.as_str(), p)) {
                unassigned.push((topic.clone(), p));
            }
        }
        total_partitions = total_partitions.saturating_add(count as usize);
    }

    // The minimum quota per member and the number of members that get an extra partition.
    let member_count = spec.members.len();
    let minimum_quota = total_partitions / member_count;
    let mut remaining_extra = total_partitions % member_count;

    let mut target = GroupAssignment::new();
    // `unfilledMembers`: (member id, remaining quota), in visiting order.
    let mut unfilled: Vec<(String, usize)> = Vec::new();

    // `maybeRevokePartitions`: revoke what is no longer subscribed or exceeds the quota.
    for (member_index, member) in spec.members.iter().enumerate() {
        let mut quota = minimum_quota;
        let mut quota_has_extra = false;
        if remaining_extra > 0 {
            quota += 1;
            quota_has_extra = true;
        }

        let mut new_assignment = Assignment::new();
        for (topic, parts) in &member.assignment {
            if !subscribed.contains(topic) {
                // Not subscribed any more: remove the entire topic.
                continue;
            }
            if parts.len() <= quota {
                quota -= parts.len();
                new_assignment.insert(topic.clone(), parts.clone());
            } else {
                let mut kept = BTreeSet::new();
                for p in parts {
                    if quota > 0 {
                        quota -= 1;
                        kept.insert(*p);
                    } else {
                        // Over quota: to be re-assigned later on.
                        unassigned.push((topic.clone(), *p));
                    }
                }
                if !kept.is_empty() {
                    new_assignment.insert(topic.clone(), kept);
                }
            }
        }

        if quota > 0 && quota_has_extra && member_count - member_index > remaining_extra {
            // Give up the extra partition quota for another member to claim, unless this member
            // is one of the last `remaining_extra` members and must take it.
            quota -= 1;
            quota_has_extra = false;
        }
        if quota > 0 {
            unfilled.push((member.id.clone(), quota));
        }
        if quota_has_extra {
            remaining_extra -= 1;
        }
        target.insert(member.id.clone(), new_assignment);
    }

    // `assignRemainingPartitions`: fill the unfilled members in order.
    let mut next = unassigned.into_iter();
    for (member_id, quota) in unfilled {
        let assignment = target.entry(member_id).or_default();
        for (topic, p) in next.by_ref().take(quota) {
            assignment.entry(topic).or_default().insert(p);
        }
    }
    if next.next().is_some() {
        return Err("Partitions were left unassigned".to_string());
    }
    Ok(target)
}
