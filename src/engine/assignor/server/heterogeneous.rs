//! `UniformHeterogeneousAssignmentBuilder`: the uniform assignor when members subscribe to
//! different topics. Steps (`build`): revoke what members no longer subscribe to; hand the
//! unassigned partitions, topic by topic, to the least loaded subscribers; then move partitions
//! from the most to the least loaded subscribers of each topic until no move helps (or
//! `MAX_ITERATION_COUNT` rounds over the topics have run).
//!
//! Orders: members are numbered in member-id order (Kafka:
//! `new ArrayList<>(groupSpec.memberIds())`, a `HashMap` key order); the member index breaks
//! ties between equally loaded members. Topics are sorted as Kafka sorts them (partitions per
//! subscriber descending, subscriber count ascending), the last tie broken by topic name (Kafka:
//! topic id).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use super::{GroupAssignment, Spec};

/// `MAX_ITERATION_COUNT`: rounds of the final balancing phase.
const MAX_ITERATION_COUNT: usize = 16;

/// The builder's state (the fields of `UniformHeterogeneousAssignmentBuilder`).
struct Builder<'a> {
    spec: &'a Spec,
    /// `topicSubscribers`: member indices per subscribed (existing) topic, ascending.
    topic_subscribers: BTreeMap<&'a str, Vec<usize>>,
    /// `targetAssignment`, indexed like `spec.members`.
    target: Vec<BTreeMap<&'a str, BTreeSet<u32>>>,
    /// `memberTargetAssignmentSizes`.
    sizes: Vec<usize>,
    /// `targetAssignmentPartitionOwners`: owner per partition (`None` is Kafka's -1).
    owners: BTreeMap<&'a str, Vec<Option<usize>>>,
}

/// `UniformHeterogeneousAssignmentBuilder.build`.
pub(super) fn build(spec: &Spec) -> GroupAssignment {
    let mut topic_subscribers: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, member) in spec.members.iter().enumerate() {
        for topic in &member.topics {
            topic_subscribers
                .entry(topic.as_str())
                .or_default()
                .push(index);
        }
    }
    if topic_subscribers.is_empty() {
        return GroupAssignment::new();
    }
    let owners = topic_subscribers
        .keys()
        .map(|t| (*t, vec![None; spec.num_partitions(t) as usize]))
        .collect();
    let mut builder = Builder {
        spec,
        topic_subscribers,
        target: vec![BTreeMap::new(); spec.members.len()],
        sizes: vec![0; spec.members.len()],
        owners,
    };
    builder.maybe_revoke_partitions();
    let unassigned = builder.compute_unassigned_partitions();
    builder.assign_remaining_partitions(&unassigned);
    builder.balance();

    let mut out = GroupAssignment::new();
    for (member, assignment) in spec.members.iter().zip(builder.target) {
        let assignment = assignment
            .into_iter()
            .map(|(t, parts)| (t.to_string(), parts))
            .collect();
        out.insert(member.id.clone(), assignment);
    }
    out
}

impl<'a> Builder<'a> {
    fn subscriber_count(&self, topic: &str) -> usize {
        self.topic_subscribers.get(topic).map_or(0, Vec::len)
    }

    /// `topicComparator`: partitions per subscriber descending, then subscriber count ascending,
    /// then topic name ascending (Kafka: topic id). The ratio is compared exactly by
    /// cross-multiplying (Kafka compares the two `double` quotients; equal for these sizes).
    fn topic_cmp(&self, a: &str, b: &str) -> Ordering {
        let (pa, pb) = (
            u64::from(self.spec.num_partitions(a)),
            u64::from(self.spec.num_partitions(b)),
        );
        let (sa, sb) = (
            self.subscriber_count(a) as u64,
            self.subscriber_count(b) as u64,
        );
        (pb * sa)
            .cmp(&(pa * sb))
            .then(sa.cmp(&sb))
            .then_with(|| a.cmp(b))
    }

    /// `sortTopicIds`.
    fn sort_topics(&self, topics: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
        let mut sorted: Vec<&'a str> = topics.into_iter().collect();
        sorted.sort_by(|a, b| self.topic_cmp(a, b));
        sorted
    }

    /// `maybeRevokePartitions`: drop the topics a member no longer subscribes to; record the
    /// owners and sizes of the rest.
    fn maybe_revoke_partitions(&mut self) {
        let spec = self.spec;
        for (index, member) in spec.members.iter().enumerate() {
            for (topic, parts) in &member.assignment {
                if !member.topics.contains(topic) {
                    continue; // Remove the entire topic.
                }
                let (Some(owners), Some(target), Some(size)) = (
                    self.owners.get_mut(topic.as_str()),
                    self.target.get_mut(index),
                    self.sizes.get_mut(index),
                ) else {
                    continue;
                };
                *size += parts.len();
                for p in parts {
                    if let Some(owner) = owners.get_mut(*p as usize) {
                        *owner = Some(index);
                    }
                }
                target.insert(topic.as_str(), parts.clone());
            }
        }
    }

    /// `computeUnassignedPartitions`: per topic, the partitions without an owner, ascending.
    fn compute_unassigned_partitions(&self) -> BTreeMap<&'a str, Vec<u32>> {
        let mut unassigned = BTreeMap::new();
        for (topic, owners) in &self.owners {
            let free: Vec<u32> = (0u32..)
                .zip(owners)
                .filter(|(_, o)| o.is_none())
                .map(|(p, _)| p)
                .collect();
            if !free.is_empty() {
                unassigned.insert(*topic, free);
            }
        }
        unassigned
    }

    /// `assignRemainingPartitions`: topics sorted by `topicComparator`; each topic's unassigned
    /// partitions go to its least loaded subscribers, repeatedly.
    fn assign_remaining_partitions(&mut self, unassigned: &BTreeMap<&'a str, Vec<u32>>) {
        let sorted = self.sort_topics(unassigned.keys().copied());
        let mut balancer = Balancer::default();
        for topic in sorted {
            let subscribers = self
                .topic_subscribers
                .get(topic)
                .cloned()
                .unwrap_or_default();
            if balancer.initialize(&subscribers, &self.sizes).is_none() {
                continue; // Kafka throws on an empty subscriber list; every topic here has one.
            }
            for p in unassigned.get(topic).into_iter().flatten() {
                if let Some(least) = balancer.next_least_loaded_member(&self.sizes) {
                    self.assign_partition(topic, *p, least);
                }
            }
        }
    }

    /// `balance`: only topics with two or more subscribers can move
    /// (`canTopicParticipateInReassignment`).
    fn balance(&mut self) {
        let topics: Vec<&'a str> = self
            .topic_subscribers
            .iter()
            .filter(|(_, subs)| subs.len() >= 2)
            .map(|(t, _)| *t)
            .collect();
        if !topics.is_empty() {
            self.balance_topics(topics);
        }
    }

    /// `balanceTopics`: loops over the sorted topics until a whole round has moved nothing, or
    /// `MAX_ITERATION_COUNT` rounds.
    fn balance_topics(&mut self, topics: Vec<&'a str>) {
        let sorted = self.sort_topics(topics);
        // The index of the last topic that was rebalanced; used to exit early.
        let mut last_rebalanced: Option<usize> = None;
        let mut balancer = Balancer::default();
        for _ in 0..MAX_ITERATION_COUNT {
            for (topic_index, topic) in sorted.iter().enumerate() {
                if last_rebalanced == Some(topic_index) {
                    // A whole round since this topic's last move moved nothing.
                    return;
                }
                let moved = self.balance_topic(topic, &mut balancer);
                if moved > 0 || last_rebalanced.is_none() {
                    last_rebalanced = Some(topic_index);
                }
            }
        }
    }

    /// `balanceTopic`: moves the topic's partitions from its most loaded subscribers to its least
    /// loaded ones until the two ranges differ by one or less. Returns the number moved.
    fn balance_topic(&mut self, topic: &'a str, balancer: &mut Balancer) -> usize {
        let mut moved = 0;
        let subscribers = self
            .topic_subscribers
            .get(topic)
            .cloned()
            .unwrap_or_default();
        match balancer.initialize(&subscribers, &self.sizes) {
            Some(imbalance) if imbalance > 1 => {}
            _ => return moved, // Already balanced.
        }
        let owners = self.owners.get(topic).cloned().unwrap_or_default();
        // The partitions, grouped by owner (unowned first, like Kafka's -1), then ascending.
        let mut partitions: Vec<u32> = (0u32..).take(owners.len()).collect();
        let owner_of = |p: u32| owners.get(p as usize).copied().flatten();
        partitions.sort_by_key(|p| (owner_of(*p), *p));
        // The range of `partitions` each owner holds: [start, end).
        let mut start: BTreeMap<Option<usize>, usize> = BTreeMap::new();
        let mut end: BTreeMap<Option<usize>, usize> = BTreeMap::new();
        for (i, p) in partitions.iter().enumerate() {
            let owner = owner_of(*p);
            start.entry(owner).or_insert(i);
            end.insert(owner, i + 1);
        }

        while !balancer.is_balanced() {
            // Pick a member from the most loaded range that has partitions of this topic.
            let most = loop {
                let Some(candidate) = balancer.next_most_loaded_member(&self.sizes) else {
                    break None;
                };
                let key = Some(candidate);
                match (start.get(&key), end.get(&key)) {
                    (Some(s), Some(e)) if e > s => break Some(candidate),
                    _ => balancer.exclude_most_loaded_member(),
                }
            };
            let Some(most) = most else {
                break; // No member left with partitions to give up.
            };
            // Its last partition in the list moves.
            let Some(e) = end.get_mut(&Some(most)) else {
                break;
            };
            *e -= 1;
            let Some(partition) = partitions.get(*e).copied() else {
                break;
            };
            let Some(least) = balancer.next_least_loaded_member(&self.sizes) else {
                break;
            };
            if balancer.is_balanced() {
                break; // The ranges differ by one or less: the topic is balanced.
            }
            self.assign_partition(topic, partition, least);
            moved += 1;
        }
        moved
    }

    /// `assignPartition`: take the partition from its owner, if any, and give it to `member`.
    fn assign_partition(&mut self, topic: &'a str, partition: u32, member: usize) {
        let old = self
            .owners
            .get(topic)
            .and_then(|o| o.get(partition as usize).copied().flatten());
        if let Some(old) = old {
            self.remove_partition(topic, partition, old);
        }
        self.add_partition(topic, partition, member);
    }

    /// `addPartitionToTargetAssignment`.
    fn add_partition(&mut self, topic: &'a str, partition: u32, member: usize) {
        if let Some(target) = self.target.get_mut(member) {
            target.entry(topic).or_default().insert(partition);
        }
        if let Some(owner) = self
            .owners
            .get_mut(topic)
            .and_then(|o| o.get_mut(partition as usize))
        {
            *owner = Some(member);
        }
        if let Some(size) = self.sizes.get_mut(member) {
            *size += 1;
        }
    }

    /// `removePartitionFromTargetAssignment`.
    fn remove_partition(&mut self, topic: &'a str, partition: u32, member: usize) {
        if let Some(target) = self.target.get_mut(member) {
            if let Some(parts) = target.get_mut(topic) {
                parts.remove(&partition);
                if parts.is_empty() {
                    target.remove(topic);
                }
            }
        }
        if let Some(owner) = self
            .owners
            .get_mut(topic)
            .and_then(|o| o.get_mut(partition as usize))
        {
            *owner = None;
        }
        if let Some(size) = self.sizes.get_mut(member) {
            *size = size.saturating_sub(1);
        }
    }
}

/// `MemberAssignmentBalancer`: two ranges over the subscribers sorted by size (ascending, ties by
/// member index): the least loaded range `[0, least_end)` grows rightwards, the most loaded range
/// `[most_start, most_end)` leftwards. Sizes are read live (Kafka's balancer shares the builder's
/// `memberTargetAssignmentSizes` array), so they are passed to each call.
///
/// Indices that Kafka lets go to -1 are `isize` here; every read goes through `member_at`.
#[derive(Default)]
struct Balancer {
    sorted: Vec<usize>,
    least_end: isize,
    least_count: i64,
    next_least: isize,
    most_start: isize,
    most_end: isize,
    most_count: i64,
    next_most: isize,
}

fn size_of(sizes: &[usize], member: usize) -> i64 {
    sizes.get(member).map_or(0, |s| *s as i64)
}

impl Balancer {
    fn member_at(&self, i: isize) -> Option<usize> {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.sorted.get(i).copied())
    }

    fn len(&self) -> isize {
        self.sorted.len() as isize
    }

    /// `initialize`: returns the difference between the most and least loaded members, or `None`
    /// for an empty list (Kafka throws `IllegalArgumentException`).
    fn initialize(&mut self, members: &[usize], sizes: &[usize]) -> Option<i64> {
        self.sorted.clear();
        self.sorted.extend_from_slice(members);
        // `memberComparator`: size ascending, then member index ascending.
        self.sorted
            .sort_by_key(|m| (sizes.get(*m).copied().unwrap_or(0), *m));
        let first = size_of(sizes, *self.sorted.first()?);
        let last = size_of(sizes, *self.sorted.last()?);
        self.least_end = 0;
        self.least_count = first - 1;
        self.next_least = 0;
        self.most_start = self.len();
        self.most_end = self.len();
        self.most_count = last + 1;
        self.next_most = self.len() - 1;
        Some(last - first)
    }

    fn size_at(&self, i: isize, sizes: &[usize]) -> Option<i64> {
        self.member_at(i).map(|m| size_of(sizes, m))
    }

    /// `nextLeastLoadedMember`: the member to give the next partition to; advances the state as
    /// if it had received it.
    fn next_least_loaded_member(&mut self, sizes: &[usize]) -> Option<usize> {
        if self.next_least >= self.least_end {
            // End of the range: bump its level and try to expand it.
            self.least_count += 1;
            while self.least_end < self.len()
                && self.size_at(self.least_end, sizes) == Some(self.least_count)
            {
                self.least_end += 1;
            }
            self.next_least = 0;
        }
        let member = self.member_at(self.next_least)?;
        self.next_least += 1;
        Some(member)
    }

    /// `nextMostLoadedMember`: the member to take the next partition from (`None` is Kafka's -1);
    /// advances the state as if it had given it up.
    fn next_most_loaded_member(&mut self, sizes: &[usize]) -> Option<usize> {
        if self.next_most < self.most_start {
            if self.most_end <= self.most_start && self.most_start > 0 {
                // The range is empty after `exclude_most_loaded_member` calls: reset the count so
                // that the range always expands below.
                self.most_count = self.size_at(self.most_start - 1, sizes).unwrap_or(0);
            } else {
                self.most_count -= 1;
            }
            while self.most_start > 0
                && self.size_at(self.most_start - 1, sizes) == Some(self.most_count)
            {
                self.most_start -= 1;
            }
            self.next_most = self.most_end - 1;
        }
        if self.next_most < 0 {
            // No member left that can give up partitions.
            return None;
        }
        let member = self.member_at(self.next_most)?;
        self.next_most -= 1;
        Some(member)
    }

    /// `excludeMostLoadedMember`: drops the member `next_most_loaded_member` last returned from
    /// the most loaded range (swaps it to the range's end and shrinks the range).
    fn exclude_most_loaded_member(&mut self) {
        let (Ok(a), Ok(b)) = (
            usize::try_from(self.next_most + 1),
            usize::try_from(self.most_end - 1),
        ) else {
            return;
        };
        if a < self.sorted.len() && b < self.sorted.len() {
            self.sorted.swap(a, b);
            self.most_end -= 1;
        }
    }

    /// `isBalanced`: the ranges' partition counts differ by one or less.
    fn is_balanced(&self) -> bool {
        self.most_count - self.least_count <= 1
    }
}
