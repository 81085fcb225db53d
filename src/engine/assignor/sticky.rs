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

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::java::{string_hash, topic_partition_hash, JavaHashOrder};
use super::{java_string_cmp, tp, Subscription};
use crate::engine::TopicPartition;

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
    by_id.sort_by(|&a, &b| java_string_cmp(&members[a].member_id, &members[b].member_id));
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

/// `AbstractStickyAssignor.ConstrainedAssignmentBuilder` (all members subscribe to the same
/// topics), rack-unaware.
struct Constrained<'a, 'c> {
    ctx: &'c Ctx<'a>,
    current: Vec<Vec<TopicPartition>>,
    multi_owned: HashSet<TopicPartition>,
    maybe_revoked: HashMap<TopicPartition, usize>,
    under_min: Vec<usize>,
    exactly_min: std::collections::VecDeque<usize>,
    min_quota: usize,
    max_quota: usize,
    expected_over_min: usize,
    current_over_min: usize,
    assignment: Vec<Vec<TopicPartition>>,
    assigned: Vec<TopicPartition>,
    /// `partitionsTransferringOwnership`.
    transferring: HashMap<TopicPartition, usize>,
}

impl<'a, 'c> Constrained<'a, 'c> {
    fn new(
        ctx: &'c Ctx<'a>,
        current: Vec<Vec<TopicPartition>>,
        multi_owned: HashSet<TopicPartition>,
    ) -> Self {
        let consumers = ctx.members.len().max(1);
        let total = ctx.total_partitions();
        Constrained {
            ctx,
            assignment: vec![Vec::new(); current.len()],
            current,
            multi_owned,
            maybe_revoked: HashMap::new(),
            under_min: Vec::new(),
            exactly_min: std::collections::VecDeque::new(),
            min_quota: total / consumers,
            max_quota: total.div_ceil(consumers),
            expected_over_min: total % consumers,
            current_over_min: 0,
            assigned: Vec::new(),
            transferring: HashMap::new(),
        }
    }

    fn build(&mut self) {
        self.assign_owned_partitions();
        let unassigned = self.unassigned_partitions();
        let rank = &self.ctx.rank;
        self.under_min.sort_by_key(|&m| rank[m]);
        let mut exactly: Vec<usize> = self.exactly_min.drain(..).collect();
        exactly.sort_by_key(|&m| rank[m]);
        self.exactly_min = exactly.into();
        // assignRackAwareRoundRobin: no consumer racks, returns at once.
        self.assign_round_robin(&unassigned);
        // verifyUnfilledMembers only logs / throws on internal errors.
    }

    /// `assignOwnedPartitions`: keep owned partitions up to the quota, in
    /// `consumerToOwnedPartitions` (HashMap) order.
    fn assign_owned_partitions(&mut self) {
        for &consumer in &self.ctx.order {
            let mut owned = std::mem::take(&mut self.current[consumer]);
            // sorted(comparing(partition).thenComparing(topic))
            owned.sort_by(|a, b| {
                a.partition
                    .cmp(&b.partition)
                    .then_with(|| java_string_cmp(&a.topic, &b.topic))
            });
            owned.retain(|p| !self.multi_owned.contains(p));

            if owned.len() < self.min_quota {
                self.assignment[consumer].extend(owned.iter().cloned());
                self.assigned.extend(owned);
                self.under_min.push(consumer);
            } else if owned.len() >= self.max_quota
                && self.current_over_min < self.expected_over_min
            {
                self.current_over_min += 1;
                if self.current_over_min == self.expected_over_min {
                    self.exactly_min.clear();
                }
                let keep = self.max_quota.min(owned.len());
                for p in owned.drain(keep..) {
                    self.maybe_revoked.insert(p, consumer);
                }
                self.assignment[consumer].extend(owned.iter().cloned());
                self.assigned.extend(owned);
            } else {
                let keep = self.min_quota.min(owned.len());
                for p in owned.drain(keep..) {
                    self.maybe_revoked.insert(p, consumer);
                }
                self.assignment[consumer].extend(owned.iter().cloned());
                self.assigned.extend(owned);
                if self.current_over_min < self.expected_over_min {
                    self.exactly_min.push_back(consumer);
                }
            }
        }
    }

    /// `getUnassignedPartitions`: all partitions (topics in Java string order, partitions
    /// ascending) that were not kept above.
    fn unassigned_partitions(&self) -> Vec<TopicPartition> {
        let assigned: HashSet<&TopicPartition> = self.assigned.iter().collect();
        let mut topics: Vec<&String> = self.ctx.ppt.keys().collect();
        topics.sort_by(|a, b| java_string_cmp(a, b));
        let mut out = Vec::new();
        for t in topics {
            let n = self.ctx.ppt.get(t).copied().unwrap_or(0);
            for p in 0..n {
                let x = tp(t, p);
                if !assigned.contains(&x) {
                    out.push(x);
                }
            }
        }
        out
    }

    /// `assignRoundRobin`: fill the members under minQuota round robin (one iterator over the
    /// sorted `unfilledMembersWithUnderMinQuotaPartitions`, restarted when exhausted), then hand
    /// the remaining partitions to members at exactly minQuota in order (`poll`).
    fn assign_round_robin(&mut self, unassigned: &[TopicPartition]) {
        // Java's Iterator over the LinkedList: `cursor` = index of the element next() returns.
        let mut cursor = 0usize;
        for partition in unassigned {
            let consumer;
            let mut from_iter = false;
            if cursor < self.under_min.len() {
                consumer = self.under_min[cursor];
                cursor += 1;
                from_iter = true;
            } else if self.under_min.is_empty() && self.exactly_min.is_empty() {
                // Kafka throws IllegalStateException("No more unfilled consumers to be
                // assigned."): unreachable with exact quotas. Stay valid: least-loaded member.
                match self.least_loaded() {
                    Some(c) => consumer = c,
                    None => return,
                }
            } else if self.under_min.is_empty() {
                match self.exactly_min.pop_front() {
                    Some(c) => consumer = c,
                    None => return,
                }
            } else {
                cursor = 0;
                consumer = self.under_min[cursor];
                cursor += 1;
                from_iter = true;
            }

            let count = self.assign_new_partition(partition, consumer);

            if count == self.min_quota {
                // unfilledConsumerIter.remove(): removes the element last returned by next().
                if from_iter && cursor > 0 {
                    cursor -= 1;
                    self.under_min.remove(cursor);
                }
                self.exactly_min.push_back(consumer);
            } else if count == self.max_quota {
                // (Kafka logs an error if this was not the last partition.)
                self.current_over_min += 1;
            }
        }
    }

    fn least_loaded(&self) -> Option<usize> {
        (0..self.assignment.len()).min_by_key(|&m| (self.assignment[m].len(), self.ctx.rank[m]))
    }

    /// `assignNewPartition`: records an ownership transfer when the partition is kept by
    /// another member in `maybeRevokedPartitions`, or had multiple previous owners.
    fn assign_new_partition(&mut self, partition: &TopicPartition, consumer: usize) -> usize {
        self.assignment[consumer].push(partition.clone());
        let revoked_elsewhere = self
            .maybe_revoked
            .get(partition)
            .is_some_and(|&owner| owner != consumer);
        if revoked_elsewhere || self.multi_owned.contains(partition) {
            self.transferring.insert(partition.clone(), consumer);
        }
        self.assignment[consumer].len()
    }
}

/// `AbstractStickyAssignor.ConsumerGenerationPair`.
#[derive(Clone, Copy)]
struct ConsumerGeneration {
    consumer: usize,
    generation: i32,
}

/// `AbstractStickyAssignor.PartitionMovements` (only what the assignment itself reads; the
/// cycle checks behind `isSticky()` are test-only in Kafka).
#[derive(Default)]
struct PartitionMovements {
    /// topic -> (src, dst) -> partitions (a `HashSet`, whose first element matters)
    by_topic: HashMap<String, HashMap<(usize, usize), JavaHashOrder<TopicPartition>>>,
    movements: HashMap<TopicPartition, (usize, usize)>,
}

impl PartitionMovements {
    fn remove_movement_record(&mut self, partition: &TopicPartition) -> Option<(usize, usize)> {
        let pair = self.movements.remove(partition)?;
        if let Some(for_topic) = self.by_topic.get_mut(&partition.topic) {
            if let Some(set) = for_topic.get_mut(&pair) {
                set.remove(partition);
                if set.is_empty() {
                    for_topic.remove(&pair);
                }
            }
            if for_topic.is_empty() {
                self.by_topic.remove(&partition.topic);
            }
        }
        Some(pair)
    }

    fn add_movement_record(&mut self, partition: &TopicPartition, pair: (usize, usize)) {
        self.movements.insert(partition.clone(), pair);
        self.by_topic
            .entry(partition.topic.clone())
            .or_default()
            .entry(pair)
            .or_default()
            .insert(partition.clone(), topic_partition_hash(partition));
    }

    fn move_partition(&mut self, partition: &TopicPartition, old: usize, new: usize) {
        if self.movements.contains_key(partition) {
            // this partition has previously moved
            if let Some(existing) = self.remove_movement_record(partition) {
                if existing.0 != new {
                    // not moving back to its previous consumer
                    self.add_movement_record(partition, (existing.0, new));
                }
            }
        } else {
            self.add_movement_record(partition, (old, new));
        }
    }

    fn actual_partition_to_be_moved(
        &self,
        partition: &TopicPartition,
        old: usize,
        new: usize,
    ) -> TopicPartition {
        let Some(for_topic) = self.by_topic.get(&partition.topic) else {
            return partition.clone();
        };
        let old = match self.movements.get(partition) {
            Some(&(src, _)) => src,
            None => old,
        };
        match for_topic.get(&(new, old)).and_then(|set| set.first()) {
            Some(p) => p,
            None => partition.clone(),
        }
    }
}

/// `AbstractStickyAssignor.GeneralAssignmentBuilder`, rack-unaware.
struct General<'a, 'c> {
    ctx: &'c Ctx<'a>,
    max_generation: i32,
    topic_consumers: BTreeMap<String, Vec<usize>>,
    consumer_topics: Vec<Vec<String>>,
    /// `currentAssignment`; `None` while a member is parked in `fixedAssignments`.
    current: Vec<Option<Vec<TopicPartition>>>,
    partition_consumer: HashMap<TopicPartition, usize>,
    sorted_all_partitions: Vec<TopicPartition>,
    /// `sortedCurrentSubscriptions`: (assignment size, Java-order rank of the member id).
    sorted_subs: BTreeSet<(usize, usize)>,
    revocation_required: bool,
    movements: PartitionMovements,
}

impl<'a, 'c> General<'a, 'c> {
    fn new(ctx: &'c Ctx<'a>, current: Vec<Vec<TopicPartition>>, max_generation: i32) -> Self {
        let mut topic_consumers: BTreeMap<String, Vec<usize>> =
            ctx.ppt.keys().map(|t| (t.clone(), Vec::new())).collect();
        let mut consumer_topics = vec![Vec::new(); ctx.members.len()];
        for &consumer in &ctx.order {
            for t in &ctx.members[consumer].topics {
                if let Some(list) = topic_consumers.get_mut(t) {
                    consumer_topics[consumer].push(t.clone());
                    list.push(consumer);
                }
            }
        }
        let mut partition_consumer = HashMap::new();
        for (consumer, list) in current.iter().enumerate() {
            for p in list {
                partition_consumer.insert(p.clone(), consumer);
            }
        }
        // TopicComparator: fewer potential consumers first, then topic name.
        let mut topics: Vec<&String> = topic_consumers.keys().collect();
        topics.sort_by(|a, b| {
            let ca = topic_consumers.get(*a).map_or(0, Vec::len);
            let cb = topic_consumers.get(*b).map_or(0, Vec::len);
            ca.cmp(&cb).then_with(|| java_string_cmp(a, b))
        });
        let mut sorted_all_partitions = Vec::new();
        for t in topics {
            for p in 0..ctx.ppt.get(t).copied().unwrap_or(0) {
                sorted_all_partitions.push(tp(t, p));
            }
        }
        General {
            ctx,
            max_generation,
            topic_consumers,
            consumer_topics,
            current: current.into_iter().map(Some).collect(),
            partition_consumer,
            sorted_all_partitions,
            sorted_subs: BTreeSet::new(),
            revocation_required: false,
            movements: PartitionMovements::default(),
        }
    }

    fn size(&self, consumer: usize) -> Option<usize> {
        self.current.get(consumer)?.as_ref().map(Vec::len)
    }

    fn key(&self, consumer: usize) -> (usize, usize) {
        (self.size(consumer).unwrap_or(0), self.ctx.rank[consumer])
    }

    fn build(&mut self) {
        let prev = self.prepopulate_current_assignments();
        let assigned = self.assign_owned_partitions();
        let assigned: HashSet<TopicPartition> = assigned.into_iter().collect();
        let unassigned: Vec<TopicPartition> = self
            .sorted_all_partitions
            .iter()
            .filter(|p| !assigned.contains(*p))
            .cloned()
            .collect();
        for c in 0..self.current.len() {
            let k = self.key(c);
            self.sorted_subs.insert(k);
        }
        self.balance(&prev, unassigned);
    }

    /// `prepopulateCurrentAssignments`: for every partition, the owner with the highest
    /// generation below `maxGeneration` (first one in HashMap order on ties); members without
    /// a generation count as DEFAULT_GENERATION when some member has one.
    fn prepopulate_current_assignments(&self) -> HashMap<TopicPartition, ConsumerGeneration> {
        let mut prev: HashMap<TopicPartition, ConsumerGeneration> = HashMap::new();
        for &consumer in &self.ctx.order {
            let m = &self.ctx.members[consumer];
            let generation = match m.generation {
                Some(g) if g < self.max_generation => g,
                None if self.max_generation > DEFAULT_GENERATION => DEFAULT_GENERATION,
                _ => continue,
            };
            for p in &m.owned_partitions {
                match prev.get(p) {
                    Some(existing) if generation <= existing.generation => {}
                    _ => {
                        prev.insert(
                            p.clone(),
                            ConsumerGeneration {
                                consumer,
                                generation,
                            },
                        );
                    }
                }
            }
        }
        prev
    }

    /// `assignOwnedPartitions`: keep owned partitions of topics the member still subscribes to.
    fn assign_owned_partitions(&mut self) -> Vec<TopicPartition> {
        let mut assigned = Vec::new();
        for consumer in 0..self.current.len() {
            let Some(list) = self.current[consumer].take() else {
                continue;
            };
            let mut kept = Vec::with_capacity(list.len());
            for p in list {
                if !self.topic_consumers.contains_key(&p.topic) {
                    self.partition_consumer.remove(&p);
                } else if !self.ctx.members[consumer].topics.contains(&p.topic) {
                    // no longer subscribed: revoke (Kafka leaves currentPartitionConsumer as is)
                    self.revocation_required = true;
                } else {
                    assigned.push(p.clone());
                    kept.push(p);
                }
            }
            self.current[consumer] = Some(kept);
        }
        assigned
    }

    fn max_assignment_size(&self, consumer: usize) -> usize {
        let topics = &self.consumer_topics[consumer];
        if topics.len() == self.ctx.ppt.len() {
            self.ctx.total_partitions()
        } else {
            topics
                .iter()
                .map(|t| self.ctx.ppt.get(t).copied().unwrap_or(0) as usize)
                .sum()
        }
    }

    /// `isBalanced`.
    fn is_balanced(&self) -> bool {
        let (Some(&(min, _)), Some(&(max, _))) =
            (self.sorted_subs.first(), self.sorted_subs.last())
        else {
            return true;
        };
        if min + 1 >= max {
            return true;
        }
        let mut all: HashMap<&TopicPartition, usize> = HashMap::new();
        for (c, list) in self.current.iter().enumerate() {
            if let Some(list) = list {
                for p in list {
                    all.insert(p, c);
                }
            }
        }
        for &(count, r) in &self.sorted_subs {
            let consumer = self.ctx.by_rank[r];
            let Some(list) = self.current[consumer].as_ref() else {
                continue;
            };
            if count == self.max_assignment_size(consumer) {
                continue;
            }
            for t in &self.consumer_topics[consumer] {
                for i in 0..self.ctx.ppt.get(t).copied().unwrap_or(0) {
                    let p = tp(t, i);
                    if !list.contains(&p) {
                        let other = all.get(&p).and_then(|&o| self.size(o));
                        if let Some(other_count) = other {
                            if count + 1 < other_count {
                                return false;
                            }
                        }
                    }
                }
            }
        }
        true
    }

    /// `getBalanceScore`: sum over member pairs of the size difference.
    fn balance_score(assignment: &[Option<Vec<TopicPartition>>]) -> u64 {
        let sizes: Vec<i64> = assignment
            .iter()
            .flatten()
            .map(|l| l.len() as i64)
            .collect();
        let mut score = 0u64;
        for i in 0..sizes.len() {
            for j in i + 1..sizes.len() {
                score += sizes[i].abs_diff(sizes[j]);
            }
        }
        score
    }

    /// `maybeAssignPartition`: to the least-loaded member subscribed to the topic.
    fn maybe_assign_partition(&mut self, partition: &TopicPartition) -> bool {
        let found = self.sorted_subs.iter().copied().find(|&(_, r)| {
            let c = self.ctx.by_rank[r];
            self.consumer_topics[c].contains(&partition.topic)
        });
        let Some(key) = found else {
            return false;
        };
        let consumer = self.ctx.by_rank[key.1];
        self.sorted_subs.remove(&key);
        if let Some(list) = self.current[consumer].as_mut() {
            list.push(partition.clone());
        }
        self.partition_consumer.insert(partition.clone(), consumer);
        let k = self.key(consumer);
        self.sorted_subs.insert(k);
        true
    }

    fn can_topic_participate(&self, topic: &str) -> bool {
        self.topic_consumers.get(topic).map_or(0, Vec::len) >= 2
    }

    fn can_consumer_participate(&self, consumer: usize) -> bool {
        let Some(list) = self.current[consumer].as_ref() else {
            return false;
        };
        if list.len() < self.max_assignment_size(consumer) {
            return true;
        }
        list.iter().any(|p| self.can_topic_participate(&p.topic))
    }

    /// `balance`.
    fn balance(
        &mut self,
        prev: &HashMap<TopicPartition, ConsumerGeneration>,
        mut unassigned: Vec<TopicPartition>,
    ) {
        let initializing = match self.sorted_subs.last() {
            Some(&(size, _)) => size == 0,
            None => return,
        };
        // maybeAssign(unassignedPartitions, null, false)
        for p in unassigned.clone() {
            if self.topic_consumers.get(&p.topic).is_none_or(Vec::is_empty) {
                continue;
            }
            self.maybe_assign_partition(&p);
        }

        // narrow the reassignment scope to partitions that can actually move
        let fixed_topics: HashSet<String> = self
            .topic_consumers
            .keys()
            .filter(|t| !self.can_topic_participate(t))
            .cloned()
            .collect();
        self.sorted_all_partitions
            .retain(|p| !fixed_topics.contains(&p.topic));
        unassigned.retain(|p| !fixed_topics.contains(&p.topic));

        // ...and to consumers that can take part
        let mut fixed: Vec<(usize, Vec<TopicPartition>)> = Vec::new();
        for consumer in 0..self.current.len() {
            if !self.can_consumer_participate(consumer) {
                let k = self.key(consumer);
                self.sorted_subs.remove(&k);
                if let Some(list) = self.current[consumer].take() {
                    fixed.push((consumer, list));
                }
            }
        }

        let pre_balance = self.current.clone();
        let pre_balance_partition_consumer = self.partition_consumer.clone();

        if !self.revocation_required {
            self.perform_reassignments(&unassigned, prev);
        }
        let all = self.sorted_all_partitions.clone();
        let performed = self.perform_reassignments(&all, prev);

        if !initializing
            && performed
            && Self::balance_score(&self.current) >= Self::balance_score(&pre_balance)
        {
            // revert (Kafka does not re-sort sortedCurrentSubscriptions here; it is not read
            // again before the result is returned)
            self.current = pre_balance;
            self.partition_consumer = pre_balance_partition_consumer;
        }

        for (consumer, list) in fixed {
            self.current[consumer] = Some(list);
            let k = self.key(consumer);
            self.sorted_subs.insert(k);
        }
    }

    /// `performReassignments`: repeat until nothing moves; each pass walks the partitions while
    /// the assignment is not balanced.
    fn perform_reassignments(
        &mut self,
        partitions: &[TopicPartition],
        prev: &HashMap<TopicPartition, ConsumerGeneration>,
    ) -> bool {
        let mut performed = false;
        loop {
            let mut modified = false;
            for partition in partitions {
                if self.is_balanced() {
                    break;
                }
                let Some(&consumer) = self.partition_consumer.get(partition) else {
                    continue; // Kafka logs an error (and would fail right after)
                };
                let Some(consumer_size) = self.size(consumer) else {
                    continue;
                };
                if let Some(pg) = prev.get(partition) {
                    // Kafka would throw a NullPointerException if the previous owner is parked
                    // in fixedAssignments; that case falls through to the normal check here.
                    if let Some(prev_size) = self.size(pg.consumer) {
                        if consumer_size > prev_size + 1 {
                            self.reassign_partition_to(partition, pg.consumer);
                            performed = true;
                            modified = true;
                            continue;
                        }
                    }
                }
                let candidates = self
                    .topic_consumers
                    .get(&partition.topic)
                    .cloned()
                    .unwrap_or_default();
                for other in candidates {
                    let Some(other_size) = self.size(other) else {
                        continue;
                    };
                    if consumer_size > other_size + 1 {
                        self.reassign_partition(partition);
                        performed = true;
                        modified = true;
                        break;
                    }
                }
            }
            if !modified {
                break;
            }
        }
        performed
    }

    /// `reassignPartition(partition)`: to the least-loaded member subscribed to its topic.
    fn reassign_partition(&mut self, partition: &TopicPartition) {
        let found = self.sorted_subs.iter().find(|&&(_, r)| {
            let c = self.ctx.by_rank[r];
            self.consumer_topics[c].contains(&partition.topic)
        });
        if let Some(&(_, r)) = found {
            let new_consumer = self.ctx.by_rank[r];
            self.reassign_partition_to(partition, new_consumer);
        }
    }

    fn reassign_partition_to(&mut self, partition: &TopicPartition, new_consumer: usize) {
        let Some(&consumer) = self.partition_consumer.get(partition) else {
            return;
        };
        let to_move =
            self.movements
                .actual_partition_to_be_moved(partition, consumer, new_consumer);
        self.process_partition_movement(&to_move, new_consumer);
    }

    fn process_partition_movement(&mut self, partition: &TopicPartition, new_consumer: usize) {
        let Some(&old_consumer) = self.partition_consumer.get(partition) else {
            return;
        };
        if self.current[old_consumer].is_none() || self.current[new_consumer].is_none() {
            return;
        }
        let k_old = self.key(old_consumer);
        let k_new = self.key(new_consumer);
        self.sorted_subs.remove(&k_old);
        self.sorted_subs.remove(&k_new);

        self.movements
            .move_partition(partition, old_consumer, new_consumer);

        if let Some(list) = self.current[old_consumer].as_mut() {
            remove_first(list, partition);
        }
        if let Some(list) = self.current[new_consumer].as_mut() {
            list.push(partition.clone());
        }
        self.partition_consumer
            .insert(partition.clone(), new_consumer);
        let k_new = self.key(new_consumer);
        let k_old = self.key(old_consumer);
        self.sorted_subs.insert(k_new);
        self.sorted_subs.insert(k_old);
    }
}
