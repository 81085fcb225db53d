//! `internals/AbstractStickyAssignor` (rack-unaware paths) with the `StickyAssignor` and
//! `CooperativeStickyAssignor` front ends.
//!
//! Both front ends read `MemberData(ownedPartitions, generation)`: `CooperativeStickyAssignor`
//! from the subscription's `ownedPartitions`/`generationId`, `StickyAssignor` from its userData
//! (which encodes the same two things); here both come from `Subscription::owned_partitions`
//! and `Subscription::generation`.
//!
//! Where Kafka iterates the group's `Map<String, Subscription>` (a `HashMap` filled by
//! `ConsumerCoordinator.onLeaderElected` in JoinGroup-response order) and the result depends on
//! that order, this port reproduces Java's `HashMap` iteration order, taking the slice order of
//! the subscriptions as the insertion order (see [`super::java::JavaHashOrder`]). The same is
//! done for the one `HashSet<TopicPartition>` whose first element decides a result
//! (`PartitionMovements.getTheActualPartitionToBeMoved`).
//!
//! Deliberate differences from Kafka (each noted where it happens):
//! * `maxGeneration` is computed per call (Kafka keeps it in an assignor field that is never
//!   reset, so a leader's later rebalances remember the largest generation it ever saw);
//! * owned partitions whose partition number does not exist are ignored (Kafka can't shrink a
//!   topic, so its code assumes they exist);
//! * `allSubscriptionsEqual` takes the first member's topics as the reference even when that
//!   list is empty (Kafka re-initialises from the next member when the reference set is empty,
//!   which would treat an empty subscription as equal to any other and hand that member
//!   partitions it never subscribed to);
//! * where Kafka would throw (`IllegalStateException`, or a `NullPointerException` when a
//!   previous owner is one of the "fixed" consumers), this port continues with a valid choice.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::java::{string_hash, JavaHashOrder};
use super::{java_string_cmp, Subscription};
use crate::engine::TopicPartition;

mod constrained;
mod general;

use constrained::Constrained;
use general::General;

/// `AbstractStickyAssignor.DEFAULT_GENERATION`.
const DEFAULT_GENERATION: i32 = -1;

/// Sticky assignment of `ppt` (already narrowed to subscribed topics with partitions) over
/// `members` (in input order). Returns one list per member, indexed like `members`.
pub(super) fn assign(
    ppt: &BTreeMap<String, u32>,
    members: &[Subscription],
    cooperative: bool,
) -> Vec<Vec<TopicPartition>> {
    let n = members.len();
    if n == 0 {
        return Vec::new();
    }
    // Iteration order of Kafka's `subscriptions` HashMap (and of `consumerToOwnedPartitions`,
    // which gets the same keys inserted in that order).
    let mut hm = JavaHashOrder::new();
    for (i, m) in members.iter().enumerate() {
        hm.insert(i, string_hash(&m.member_id));
    }
    let order = hm.ordered();
    // rank[i]: position of member i in Java string order of member ids (ids are unique).
    let mut by_id: Vec<usize> = (0..n).collect();
    crate::engine::sort::sort_by(&mut by_id, |&a, &b| {
        java_string_cmp(&members[a].member_id, &members[b].member_id)
    });
    let mut rank = vec![0usize; n];
    for (r, &i) in by_id.iter().enumerate() {
        rank[i] = r;
    }
    let ctx = Ctx {
        ppt,
        members,
        order,
        rank,
        by_rank: by_id,
    };

    let eq = ctx.all_subscriptions_equal();
    let (mut assignment, transferring) = if eq.equal {
        let mut b = Constrained::new(&ctx, eq.owned, eq.multi_owned);
        b.build();
        (b.assignment, Some(b.transferring))
    } else {
        let mut b = General::new(&ctx, eq.owned, eq.max_generation);
        b.build();
        let a = b
            .current
            .into_iter()
            .map(|x| x.unwrap_or_default())
            .collect::<Vec<_>>();
        (a, None)
    };

    if cooperative {
        // CooperativeStickyAssignor.assignPartitions: the general path leaves
        // partitionsTransferringOwnership null, so it is computed from the result.
        let transferring = match transferring {
            Some(t) => t,
            None => compute_partitions_transferring_ownership(members, &assignment),
        };
        // adjustAssignment: withhold partitions that must first be revoked by their owner.
        for (partition, consumer) in transferring {
            if let Some(list) = assignment.get_mut(consumer) {
                remove_first(list, &partition);
            }
        }
    }
    assignment
}

/// `CooperativeStickyAssignor.computePartitionsTransferringOwnership`: partitions newly added to
/// some member that some member (from its raw `ownedPartitions`) loses.
fn compute_partitions_transferring_ownership(
    members: &[Subscription],
    assignment: &[Vec<TopicPartition>],
) -> HashMap<TopicPartition, usize> {
    let mut added: HashMap<TopicPartition, usize> = HashMap::new();
    let mut revoked: HashSet<TopicPartition> = HashSet::new();
    for (consumer, assigned) in assignment.iter().enumerate() {
        let owned: &[TopicPartition] = members
            .get(consumer)
            .map(|m| m.owned_partitions.as_slice())
            .unwrap_or(&[]);
        let owned_set: HashSet<&TopicPartition> = owned.iter().collect();
        for p in assigned {
            if !owned_set.contains(p) {
                added.insert(p.clone(), consumer);
            }
        }
        let assigned_set: HashSet<&TopicPartition> = assigned.iter().collect();
        for p in owned {
            if !assigned_set.contains(p) {
                revoked.insert(p.clone());
            }
        }
    }
    added.retain(|p, _| revoked.contains(p));
    added
}

/// `List.remove(Object)`: removes the first equal element.
fn remove_first(list: &mut Vec<TopicPartition>, p: &TopicPartition) -> bool {
    match list.iter().position(|x| x == p) {
        Some(i) => {
            list.remove(i);
            true
        }
        None => false,
    }
}

struct Ctx<'a> {
    ppt: &'a BTreeMap<String, u32>,
    members: &'a [Subscription],
    /// Java `HashMap` iteration order of the members.
    order: Vec<usize>,
    /// Java string order rank of each member id.
    rank: Vec<usize>,
    /// Members by rank.
    by_rank: Vec<usize>,
}

struct SubscriptionsEqual {
    equal: bool,
    /// `consumerToOwnedPartitions`, indexed by member.
    owned: Vec<Vec<TopicPartition>>,
    /// `partitionsWithMultiplePreviousOwners`.
    multi_owned: HashSet<TopicPartition>,
    max_generation: i32,
}

impl Ctx<'_> {
    fn generation(&self, m: usize) -> i32 {
        self.members
            .get(m)
            .and_then(|s| s.generation)
            .unwrap_or(DEFAULT_GENERATION)
    }

    fn partition_exists(&self, p: &TopicPartition) -> bool {
        self.ppt.get(&p.topic).is_some_and(|&n| p.partition < n)
    }

    /// `AbstractStickyAssignor.allSubscriptionsEqual`: also collects each member's valid owned
    /// partitions, resolving partitions claimed by several members: the higher generation
    /// keeps it; with equal generations nobody keeps it and it is recorded as having multiple
    /// previous owners.
    fn all_subscriptions_equal(&self) -> SubscriptionsEqual {
        let n = self.members.len();
        let mut equal = true;
        let mut subscribed_topics: Option<HashSet<&String>> = None;
        let mut previous_owner: HashMap<TopicPartition, usize> = HashMap::new();
        let mut owned: Vec<Vec<TopicPartition>> = vec![Vec::new(); n];
        let mut multi_owned: HashSet<TopicPartition> = HashSet::new();
        let mut max_generation = DEFAULT_GENERATION;

        for &consumer in &self.order {
            let sub = &self.members[consumer];
            match &subscribed_topics {
                // Kafka tests `subscribedTopics.isEmpty()` here; see the module docs.
                None => subscribed_topics = Some(sub.topics.iter().collect()),
                Some(set) => {
                    if equal
                        && !(sub.topics.len() == set.len()
                            && sub.topics.iter().all(|t| set.contains(t)))
                    {
                        equal = false;
                    }
                }
            }
            let member_generation = self.generation(consumer);
            max_generation = max_generation.max(member_generation);

            for p in &sub.owned_partitions {
                if !self.partition_exists(p) {
                    continue;
                }
                match previous_owner.get(p).copied() {
                    None => {
                        owned[consumer].push(p.clone());
                        previous_owner.insert(p.clone(), consumer);
                    }
                    Some(other) => {
                        let other_generation = self.generation(other);
                        if member_generation == other_generation {
                            // same generation: invalidate the claim of both
                            multi_owned.insert(p.clone());
                            remove_first(&mut owned[other], p);
                            previous_owner.insert(p.clone(), consumer);
                        } else if member_generation > other_generation {
                            owned[consumer].push(p.clone());
                            remove_first(&mut owned[other], p);
                            previous_owner.insert(p.clone(), consumer);
                        }
                        // else: the other member (newer generation) keeps it
                    }
                }
            }
        }
        SubscriptionsEqual {
            equal,
            owned,
            multi_owned,
            max_generation,
        }
    }

    fn total_partitions(&self) -> usize {
        self.ppt.values().map(|&n| n as usize).sum()
    }
}
